#!/usr/bin/env python3
"""Judges one soak run of bench/soak/run.sh: prints the figures and exits 1 on any violation.

  judge.py --transport T --wrk WRK_OUTPUT --samples SAMPLES_TSV --warmup SECONDS
           --connections N --heap-warm KB --heap-end KB [--rss-margin-mb MB] [--heap-margin-mb MB]
           [--row ROW_TSV]

Rules (each one a line of the output, PASS or FAIL):
  answers    every request sent got an answer, and wrk saw no socket error (connect, read, write,
             timeout)
  5xx        no answer had a 5xx status
  valid      every valid-token request got 200 with a JSON-RPC result: none refused (401/403),
             none answered otherwise
  expired    every expired-token request got 401 with error="invalid_token"
  forged     every forged-token request got 401 with error="invalid_token"
  rss        flat after warm-up: the samples after the warm-up are split in two halves by time, and
             the median resident set of the second half, and the last sample, may exceed the median
             of the first half by at most the margin (default: the larger of 10 MB and 5 % of it).
             A leak raises the level and keeps raising it into the second half; a passing peak does
             not: C2 compiles in arenas it frees afterwards, and glibc returns freed malloc arenas
             later, so a single sample 12 MB above its neighbours that falls back (seen in CI:
             189, 185, 186, 201, 186, 179 MB) is not a leak. The peaks are printed all the same.
  heap       flat after warm-up: the old generation after a forced full GC (jcmd GC.run) at the end
             may exceed the same measure right after the warm-up by at most the margin (default:
             the larger of 2 MB and 10 % of it). That is the live set, so garbage does not count.

The samples TSV has a header: t_s, rss_kb, hwm_kb, then jstat -gc's columns (OU, YGC, FGC, ...); a
row whose jstat failed has only the first three.
"""
import argparse
import os
import sys


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def rss_verdict(after, margin_mb=None):
    """The rss rule over (t_s, rss MB) samples taken after the warm-up (at least four)."""
    middle = (after[0][0] + after[-1][0]) / 2
    first = [mb for t, mb in after if t <= middle]
    second = [mb for t, mb in after if t > middle]
    level_first, level_second, end = median(first), median(second), after[-1][1]
    margin = margin_mb if margin_mb is not None else max(10.0, 0.05 * level_first)
    allowed = level_first + margin
    ok = level_second <= allowed and end <= allowed
    text = (f"MB at warm-up end {first[0]:.1f}; median {level_first:.1f} (max {max(first):.1f}) in "
            f"{after[0][0]:.0f}-{middle:.0f} s, median {level_second:.1f} (max {max(second):.1f}) in "
            f"{middle:.0f}-{after[-1][0]:.0f} s, at the end {end:.1f} (allowed {allowed:.1f})")
    return {"ok": ok, "text": text, "warm": first[0], "max_first": max(first),
            "max_second": max(second), "end": end}


def parse_wrk(path):
    figures, first_bad = {}, {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("SOAK "):
                for pair in line.split()[1:]:
                    key, _, value = pair.partition("=")
                    figures[key] = int(value)
            elif line.startswith("SOAK_FIRST_BAD "):
                _, cls, rest = line.rstrip("\n").split(" ", 2)
                first_bad[cls] = rest
    if not figures:
        sys.exit(f"judge: no SOAK line in {path} (did wrk run?)")
    return figures, first_bad


def parse_samples(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        rows = []
        for line in f:
            cells = line.rstrip("\n").split("\t")
            row = {}
            for key, value in zip(header, cells):
                try:
                    row[key] = float(value)
                except ValueError:
                    pass  # jstat's "-" columns, or a skipped jstat sample
            if {"t_s", "rss_kb", "hwm_kb"} <= row.keys():
                rows.append(row)
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--transport", required=True)
    parser.add_argument("--wrk", required=True)
    parser.add_argument("--samples", required=True)
    parser.add_argument("--warmup", type=float, required=True)
    parser.add_argument("--connections", type=int, required=True)
    parser.add_argument("--heap-warm", type=float, required=True, help="KB")
    parser.add_argument("--heap-end", type=float, required=True, help="KB")
    parser.add_argument("--rss-margin-mb", type=float)
    parser.add_argument("--heap-margin-mb", type=float)
    parser.add_argument("--row", help="append one TSV row of figures here")
    args = parser.parse_args()

    w, first_bad = parse_wrk(args.wrk)
    samples = parse_samples(args.samples)
    seconds = w["duration_us"] / 1e6
    results = []

    def rule(name, ok, text):
        results.append(ok)
        print(f"  {'PASS' if ok else 'FAIL'}  {name:8} {text}")

    socket_errors = w["err_connect"] + w["err_read"] + w["err_write"] + w["err_timeout"]
    sent = w["valid_sent"] + w["expired_sent"] + w["forged_sent"]
    print(f"{args.transport}: {w['answered']} answers in {seconds:.1f} s "
          f"({w['answered'] / seconds:.0f}/s), latency p50 {w['p50_us'] / 1000:.2f} ms, "
          f"p99 {w['p99_us'] / 1000:.2f} ms, p99.9 {w['p999_us'] / 1000:.2f} ms, "
          f"max {w['max_us'] / 1000:.1f} ms")
    # wrk stops at the deadline with up to one request in flight per connection.
    in_flight = sent - w["answered"]
    rule("answers", socket_errors == 0 and 0 <= in_flight <= args.connections,
         f"{sent} sent, {w['answered']} answered, {in_flight} in flight at the deadline; "
         f"socket errors {socket_errors} (connect {w['err_connect']}, read {w['err_read']}, "
         f"write {w['err_write']}, timeout {w['err_timeout']})")
    rule("5xx", w["status_5xx"] == 0, f"{w['status_5xx']} answers with a 5xx status")
    for cls, expected in (("valid", "200 with a result"), ("expired", "401 invalid_token"),
                          ("forged", "401 invalid_token")):
        ok = w[f"{cls}_bad"] == 0 and w[f"{cls}_ok"] > 0
        text = (f"{w[cls + '_sent']} sent, {w[cls + '_ok']} answered {expected}, "
                f"{w[cls + '_refused']} refused (401/403), {w[cls + '_bad']} unexpected")
        if cls in first_bad:
            text += f"; first unexpected: {first_bad[cls]}"
        rule(cls, ok, text)

    after = [s for s in samples if s["t_s"] >= args.warmup]
    mb = 1024.0
    row = dict.fromkeys(("rss_warm_mb", "rss_max_first_mb", "rss_max_second_mb", "rss_end_mb"),
                        float("nan"))
    if len(after) < 4:
        rule("rss", False, f"only {len(after)} samples after the {args.warmup:.0f} s warm-up; "
                           "run longer or sample more often")
    else:
        verdict = rss_verdict([(s["t_s"], s["rss_kb"] / mb) for s in after], args.rss_margin_mb)
        rule("rss", verdict["ok"], verdict["text"] + f"; VmHWM {samples[-1]['hwm_kb'] / mb:.1f}")
        row.update(rss_warm_mb=verdict["warm"], rss_max_first_mb=verdict["max_first"],
                   rss_max_second_mb=verdict["max_second"], rss_end_mb=verdict["end"])

    warm, end = args.heap_warm / mb, args.heap_end / mb
    margin = args.heap_margin_mb if args.heap_margin_mb is not None else max(2.0, 0.10 * warm)
    rule("heap", end <= warm + margin,
         f"live old generation after a forced full GC: {warm:.1f} MB after the warm-up, "
         f"{end:.1f} MB at the end (allowed {warm + margin:.1f})")
    with_gc = [s for s in samples if "YGC" in s and "FGC" in s]
    if with_gc:
        gcs = (f"{with_gc[-1]['YGC'] - with_gc[0]['YGC']:.0f} young and "
               f"{with_gc[-1]['FGC'] - with_gc[0]['FGC']:.0f} full collections while sampled "
               "(the two forced ones included)")
        print(f"        gc       {gcs}")
    print("  samples (t_s, rss MB, old gen used MB): " + ", ".join(
        f"{s['t_s']:.0f}/{s['rss_kb'] / mb:.0f}/{s.get('OU', 0) / mb:.1f}" for s in samples))
    verdict = "PASS" if all(results) else "FAIL"
    print(f"  verdict: {verdict}")

    if args.row:
        columns = {
            "transport": args.transport, "seconds": f"{seconds:.1f}",
            "answers": w["answered"], "rps": f"{w['answered'] / seconds:.0f}",
            "valid_sent": w["valid_sent"], "valid_ok": w["valid_ok"],
            "valid_refused": w["valid_refused"], "valid_bad": w["valid_bad"],
            "expired_sent": w["expired_sent"], "expired_401": w["expired_ok"],
            "forged_sent": w["forged_sent"], "forged_401": w["forged_ok"],
            "status_5xx": w["status_5xx"], "socket_errors": socket_errors,
            "p50_ms": f"{w['p50_us'] / 1000:.2f}", "p99_ms": f"{w['p99_us'] / 1000:.2f}",
            **{k: f"{v:.1f}" for k, v in row.items()},
            "heap_live_warm_mb": f"{warm:.1f}", "heap_live_end_mb": f"{end:.1f}",
            "verdict": verdict,
        }
        new = not os.path.exists(args.row)
        with open(args.row, "a", encoding="utf-8") as f:
            if new:
                f.write("\t".join(columns) + "\n")
            f.write("\t".join(str(v) for v in columns.values()) + "\n")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
