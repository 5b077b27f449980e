#!/usr/bin/env python3
"""Startup-to-ready of one server process, and the summary of many (bench/http/startup.sh).

    startup.py probe --port P [--path /x] [--timeout 60] [--interval-ms 2] [--on-ready CMD]
                     -- <command...>
        Starts <command> (which should exec the server, so that its pid is the server's), then
        connects to 127.0.0.1:P every --interval-ms and sends GET <path> until the answer is 200.
        Prints one line "ready_ms=... cpu_ms=... rss_mb=..." (time from just before the launch to
        the first 200; the process's user + system CPU and VmRSS at that moment), runs --on-ready
        (a shell command; {pid} stands for the server's pid) if given, then stops the process
        (SIGTERM, SIGKILL after 10 s). Exits 1 if the process exits, the timeout passes or
        --on-ready fails.

    startup.py summarize <raw.tsv> [--out summary.tsv]
        Median, min and max of ready_ms per transport and mode (and the medians of cpu_ms and
        rss_mb), with the mode's JVM flags; prints a table.

Python 3 standard library only.
"""

import argparse
import csv
import os
import signal
import socket
import statistics
import subprocess
import sys
import time


def cpu_ms(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return 1000.0 * ticks / os.sysconf("SC_CLK_TCK")


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def answers_200(port, path, timeout):
    """One GET on a fresh connection; False when refused or not (yet) a 200."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n".encode())
            status = b""
            while b"\r\n" not in status and len(status) < 64:
                chunk = s.recv(64)
                if not chunk:
                    break
                status += chunk
            return status.startswith(b"HTTP/1.1 200 ") or status.startswith(b"HTTP/1.0 200 ")
    except OSError:
        return False


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def probe(args):
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        sys.exit("startup.py probe: no command")
    log = open(args.log, "ab") if args.log else subprocess.DEVNULL
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    deadline = start + args.timeout
    interval = args.interval_ms / 1000.0
    try:
        while True:
            if process.poll() is not None:
                print(f"startup.py: the process exited with status {process.returncode} before answering 200",
                      file=sys.stderr)
                return 1
            if answers_200(args.port, args.path, timeout=1.0):
                ready = (time.monotonic() - start) * 1000.0
                print(f"ready_ms={ready:.1f} cpu_ms={cpu_ms(process.pid):.0f} rss_mb={rss_mb(process.pid):.1f}",
                      flush=True)
                if args.on_ready:
                    done = subprocess.run(args.on_ready.replace("{pid}", str(process.pid)), shell=True)
                    if done.returncode != 0:
                        print(f"startup.py: --on-ready exited with status {done.returncode}", file=sys.stderr)
                        return 1
                return 0
            if time.monotonic() > deadline:
                print(f"startup.py: no 200 from port {args.port} within {args.timeout} s", file=sys.stderr)
                return 1
            time.sleep(interval)
    finally:
        stop(process)


def summarize(args):
    with open(args.raw, newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    if not rows:
        sys.exit(f"startup.py: no rows in {args.raw}")
    groups = {}
    for row in rows:
        groups.setdefault((row["transport"], row["mode"]), []).append(row)
    columns = ["transport", "mode", "runs", "median_ms", "min_ms", "max_ms", "cpu_ms", "rss_mb", "jvm_flags"]
    out = []
    for (transport, mode), group in groups.items():
        ready = [float(r["ready_ms"]) for r in group]
        out.append({
            "transport": transport, "mode": mode, "runs": str(len(group)),
            "median_ms": f"{statistics.median(ready):.0f}", "min_ms": f"{min(ready):.0f}",
            "max_ms": f"{max(ready):.0f}",
            "cpu_ms": f"{statistics.median(float(r['cpu_ms']) for r in group):.0f}",
            "rss_mb": f"{statistics.median(float(r['rss_mb']) for r in group):.1f}",
            "jvm_flags": group[0]["jvm_flags"],
        })
    if args.out:
        with open(args.out, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=columns, delimiter="\t", lineterminator="\n")
            writer.writeheader()
            writer.writerows(out)
    shown = columns[:-1]
    widths = [max(len(c), *(len(r[c]) for r in out)) for c in shown]
    print("  ".join(c.ljust(w) for c, w in zip(shown, widths)))
    for r in out:
        print("  ".join(r[c].ljust(w) for c, w in zip(shown, widths)))
    print()
    for r in out:
        if r["transport"] == out[0]["transport"]:
            print(f"{r['mode']}: {r['jvm_flags']}")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("probe")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--path", default="/.well-known/oauth-protected-resource/mcp")
    p.add_argument("--timeout", type=float, default=60.0)
    p.add_argument("--interval-ms", type=float, default=2.0)
    p.add_argument("--log", help="append the process's output here")
    p.add_argument("--on-ready", help="a shell command to run once ready, before the stop; {pid} is the pid")
    p.add_argument("command", nargs=argparse.REMAINDER)
    s = sub.add_parser("summarize")
    s.add_argument("raw")
    s.add_argument("--out")
    args = parser.parse_args()
    return probe(args) if args.what == "probe" else summarize(args)


if __name__ == "__main__":
    sys.exit(main())
