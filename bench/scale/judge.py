#!/usr/bin/env python3
"""Verdicts of one scale-out phase (bench/scale/run.sh): one transport, one mode.

    judge.py --transport undertow --mode sessions|stateless --dir <phase dir> --kill s2 [--row <tsv>]

Reads from <phase dir>: haproxy.log (HAProxy's line per request, bench/scale/haproxy.cfg's
log-format), events.tsv (run.sh: sigterm, exit, ready, up, sigkill, down, load_start, load_end),
wrk.txt (bench/scale/scale.lua's SCALE and SCALE_LOST lines), sessions.jsonl (mode sessions:
bench/scale/sessions.mjs's records), request-state.jsonl (bench/scale/request_state.py), and
HAProxy's statistics and "show info" at the end of the load (stats.csv, haproxy-info.txt).

A failed request is a POST that HAProxy answered with a status other than 200 or 202 (a 404 on a
request naming a legacy session is "session gone", judged by its own rule), or whose termination
state is not "----" (cut off); a request wrk sent and never got an answer to (socket error); a call
of the session clients that failed other than with 404. Requests that end after load_end, when the
load generators are being stopped, are not judged.

Verdicts (each printed with its figures; exit status 1 if any fails):
  haproxy_log        HAProxy's "show info" (haproxy-info.txt) reports no dropped log line
  events             every replica got SIGTERM, exited 0 and came back UP; the SIGKILLed one came
                     back UP; all of it inside the load (wrk still ran 1 s after the last return)
  round_robin        stateless requests reached every replica, each at least 20 % of them
  sticky_sessions    (sessions) every request of a session reached the replica that opened it while
                     that replica lived; after it was restarted or killed, only 404s elsewhere;
                     sessions opened on at least two replicas
  rolling_restart    no failed request ended between the start of the load and the SIGKILL
  sigkill            every failed request from the SIGKILL on was in flight on the killed replica
                     when it died: served by it (HAProxy, the clients) and started no later than
                     KILL_TOLERANCE_MS after the kill; and HAProxy's statistics of the phase
                     (stats.csv) count requests sent and never answered on the killed replica
                     only, at least as many as the clients' failures (HAProxy logs no line for a request it closes
                     without an answer because its server did)
  carries_on         between the SIGKILL and the killed replica's return, stateless requests
                     succeeded on both other replicas; after its return, on it again
  new_sessions       (sessions) every 404 of a session was followed by a new session of the same
                     client and the call sent again succeeded; at least one such renewal of a
                     session of the killed replica after the SIGKILL
  request_state      requestState sealed by one replica was accepted by another through HAProxy
                     (first leg and retry on different replicas), and a state sealed before every
                     replica restarted was accepted after
"""

import argparse
import csv
import json
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field

KILL_TOLERANCE_MS = 250
MIN_SHARE = 0.20
REPLICAS = ("s1", "s2", "s3")

LINE = re.compile(
    r" req (?P<end>\d+) (?P<ta>-?\d+) (?P<method>\S+) (?P<status>-?\d+) (?P<server>\S+) (?P<tsc>\S+) "
    r"(?P<retries>\S+)(?: \{(?P<req_sid>[^|}]*)\|(?P<proto>[^}]*)\} \{(?P<res_sid>[^}]*)\})?")


@dataclass
class Request:
    end: int
    active: int
    method: str
    status: int
    server: str
    tsc: str
    req_sid: str = ""
    proto: str = ""
    res_sid: str = ""

    @property
    def start(self):
        return self.end - max(self.active, 0)

    @property
    def cut_off(self):
        return self.tsc[:2] != "--"


@dataclass
class Phase:
    mode: str
    kill: str
    requests: list
    events: list  # (ms, event, replica, detail)
    wrk: dict
    wrk_lost: list  # (sent ms, noticed ms, kind)
    records: list = field(default_factory=list)  # sessions.jsonl
    request_state: list = field(default_factory=list)
    info: dict = field(default_factory=dict)  # haproxy-info.txt: HAProxy's "show info"
    stats: dict = field(default_factory=dict)  # stats.csv: backend kit's row per server
    wrk_bad: list = field(default_factory=list)  # (sent ms, answered ms, kind, status)


@dataclass
class Verdict:
    name: str
    passed: bool
    figures: list


def parse_haproxy(lines):
    out = []
    for line in lines:
        m = LINE.search(line)
        if m:
            out.append(Request(int(m["end"]), int(m["ta"]), m["method"], int(m["status"]), m["server"], m["tsc"],
                               m["req_sid"] or "", m["proto"] or "", m["res_sid"] or ""))
    return out


def parse_events(lines):
    out = []
    for line in lines:
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 3 and parts[0].isdigit():
            out.append((int(parts[0]), parts[1], parts[2], parts[3] if len(parts) > 3 else ""))
    return out


def parse_wrk(text):
    summary, lost, bad = {}, [], []
    for line in text.splitlines():
        if line.startswith("SCALE "):
            summary = {k: int(v) for k, v in (kv.split("=", 1) for kv in line.split()[1:])}
        elif line.startswith("SCALE_LOST "):
            sent, noticed, kind = line.split()[1].split(":")
            lost.append((int(sent), int(noticed), kind))
        elif line.startswith("SCALE_BAD "):
            sent, answered, kind, status = line.split()[1].split(":")
            bad.append((int(sent), int(answered), kind, int(status)))
        elif line.startswith("SCALE_FIRST_BAD "):
            summary["first_bad"] = line[len("SCALE_FIRST_BAD "):]
    return summary, lost, bad


def parse_info(text):
    return dict(l.split(": ", 1) for l in text.splitlines() if ": " in l)


def parse_stats(text):
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        return {}
    header = [h.lstrip("# ") for h in rows[0]]
    return {d["svname"]: d for d in (dict(zip(header, r)) for r in rows[1:]) if d.get("pxname") == "kit"}


def load(directory, mode, kill):
    def read(name):
        path = os.path.join(directory, name)
        if not os.path.exists(path):
            return ""
        with open(path, errors="replace") as f:
            return f.read()
    wrk, lost, bad = parse_wrk(read("wrk.txt"))
    records = [json.loads(l) for l in read("sessions.jsonl").splitlines() if l.strip()]
    states = [json.loads(l) for l in read("request-state.jsonl").splitlines() if l.strip()]
    return Phase(mode, kill, parse_haproxy(read("haproxy.log").splitlines()),
                 parse_events(read("events.tsv").splitlines()), wrk, lost, records=records,
                 request_state=states, info=parse_info(read("haproxy-info.txt")),
                 stats=parse_stats(read("stats.csv")), wrk_bad=bad)


def first(events, name, replica=None, after=0):
    for ms, event, who, _ in events:
        if event == name and (replica is None or who == replica) and ms >= after:
            return ms
    return None


def is_failure(r, mode):
    if r.method not in ("POST",):
        return False
    if r.cut_off or r.status < 0:
        return True
    if r.status == 404 and mode == "sessions" and r.req_sid:
        return False  # the session is gone: judged by sticky_sessions and new_sessions
    return r.status not in (200, 202)


def percentile(values, p):
    if not values:
        return 0
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def judge(phase):
    ev = phase.events
    load_start = first(ev, "load_start") or 0
    load_end = first(ev, "load_end") or 2**62
    kill_ms = first(ev, "sigkill", phase.kill)
    killed_up = first(ev, "up", phase.kill, after=kill_ms) if kill_ms else None
    in_load = [r for r in phase.requests if load_start <= r.end <= load_end]
    stateless = [r for r in in_load if r.method == "POST" and not r.req_sid and not r.res_sid]
    verdicts = []
    facts = {"restart_failed": 0, "kill_failed": 0, "killed_unanswered": 0, "sessions_renewed": 0}

    # haproxy_log: every other rule reads the requests from HAProxy's log
    dropped = phase.info.get("DroppedLogs")
    verdicts.append(Verdict("haproxy_log", dropped == "0", [
        f"{len(phase.requests)} requests logged; HAProxy's DroppedLogs: {dropped if dropped is not None else 'unknown'}"]))

    # events
    sigterms = [(ms, who) for ms, e, who, _ in ev if e == "sigterm"]
    exits = {who: detail for ms, e, who, detail in ev if e == "exit" and (kill_ms is None or ms < kill_ms)}
    ups = [(ms, who) for ms, e, who, _ in ev if e == "up"]
    restarted = sorted({who for _, who in sigterms})
    back = sorted({who for ms, who in ups if any(ms > t for t, w in sigterms if w == who)})
    wrk_end = load_start + phase.wrk.get("duration_us", 0) // 1000
    ok = (restarted == list(REPLICAS) and back == list(REPLICAS)
          and all(exits.get(s) == "0" for s in REPLICAS)
          and all(load_start <= ms <= load_end for ms, _ in sigterms)
          and kill_ms is not None and killed_up is not None
          and killed_up <= load_end and wrk_end >= killed_up + 1000)
    verdicts.append(Verdict("events", ok, [
        f"SIGTERM to {', '.join(w for _, w in sigterms) or 'none'}; exit statuses "
        f"{', '.join(s + '=' + exits.get(s, '?') for s in REPLICAS)}; UP again: {', '.join(back) or 'none'}",
        f"SIGKILL to {phase.kill} at +{(kill_ms - load_start) / 1000:.1f} s, UP again "
        f"{'after %.1f s' % ((killed_up - kill_ms) / 1000) if kill_ms and killed_up else 'never'}; "
        f"load {(load_end - load_start) / 1000:.1f} s, wrk's {(wrk_end - load_start) / 1000:.1f} s" if kill_ms else "no SIGKILL recorded"]))

    # round_robin
    first_sigterm_ms = min([ms for ms, e, _, _ in ev if e == "sigterm"] or [load_end])
    counts = {s: sum(1 for r in stateless if r.server == s) for s in REPLICAS}
    total = sum(counts.values())
    shares = {s: (counts[s] / total if total else 0) for s in REPLICAS}
    verdicts.append(Verdict("round_robin", total > 0 and all(v >= MIN_SHARE for v in shares.values()), [
        f"{total} stateless requests: " + ", ".join(f"{s} {counts[s]} ({shares[s]:.1%})" for s in REPLICAS)
        + f"; each needs >= {MIN_SHARE:.0%}",
        "by kind: " + ", ".join(f"{p or 'none'} {n}" for p, n in sorted(Counter(r.proto for r in stateless).items())),
        "before the first SIGTERM, all three UP: " + ", ".join(
            f"{s} {n}" for s, n in sorted(Counter(r.server for r in stateless if r.end < first_sigterm_ms).items()))]))

    # sticky_sessions
    if phase.mode == "sessions":
        opened = {}
        for r in sorted(phase.requests, key=lambda r: r.end):
            if r.res_sid and not r.req_sid and r.res_sid not in opened:
                opened[r.res_sid] = r.server
        stuck = moved = violations = moved_early = 0
        example = ""
        for r in in_load:
            if not r.req_sid or r.req_sid not in opened:
                continue
            home = opened[r.req_sid]
            if r.server == home:
                stuck += 1
                continue
            gone = min([ms for ms, e, who, _ in ev if who == home and e in ("sigterm", "sigkill")] or [2**62])
            if r.status == 404:
                moved += 1
                if r.start < gone:
                    moved_early += 1
                    example = example or f"{r.method} {r.status} on {r.server}, session of {home} before it went"
            elif r.server not in ("<NOSRV>",):
                violations += 1
                example = example or f"{r.method} {r.status} on {r.server}, session of {home}"
        homes = sorted(set(opened.values()))
        verdicts.append(Verdict("sticky_sessions",
                                stuck > 0 and violations == 0 and moved_early == 0 and len(homes) >= 2, [
            f"{len(opened)} sessions opened on {', '.join(homes) or 'none'}; {stuck} requests on their "
            f"session's replica, {moved} answered 404 elsewhere after it went, {violations + moved_early} "
            f"elsewhere otherwise" + (f" (first: {example})" if example else "")]))

    # rolling_restart
    cutoff = kill_ms if kill_ms is not None else load_end
    before = [r for r in in_load if r.end < cutoff and is_failure(r, phase.mode)]
    lost_before = [l for l in phase.wrk_lost if l[1] < cutoff]
    bad_before = [b for b in phase.wrk_bad if b[1] < cutoff]
    calls = [c for c in phase.records if c.get("kind") == "call"]
    calls_failed_before = [c for c in calls if c["outcome"] == "failed" and c["end"] < cutoff]
    streams = [r for r in in_load if r.method == "GET" and r.end < cutoff]
    first_sigterm = sigterms[0][0] if sigterms else cutoff
    facts["restart_failed"] = len(before) + len(lost_before) + len(calls_failed_before)
    verdicts.append(Verdict("rolling_restart",
                            not before and not lost_before and not bad_before and not calls_failed_before, [
        f"{(cutoff - first_sigterm) / 1000:.1f} s of three restarts ({(cutoff - load_start) / 1000:.1f} s of load before the SIGKILL): "
        f"{len(before)} failed requests at HAProxy, {len(bad_before)} bad answers to wrk and "
        f"{len(lost_before)} wrk requests without an answer, "
        f"{len(calls_failed_before)} failed session calls"
        + (f" (first: {before[0].method} {before[0].status} {before[0].tsc} on {before[0].server})" if before else ""),
        f"listening event streams (GET /mcp) that ended before the SIGKILL: {len(streams)}, "
        f"{sum(1 for r in streams if r.cut_off)} of them cut off (informational)"]))

    # sigkill
    if kill_ms is not None:
        after = [r for r in in_load if r.end >= cutoff and is_failure(r, phase.mode)]
        late = [r for r in after if r.server != phase.kill or r.start > kill_ms + KILL_TOLERANCE_MS]
        lost_after = [l for l in phase.wrk_lost if l[1] >= cutoff]
        lost_late = [l for l in lost_after if l[0] > kill_ms + KILL_TOLERANCE_MS]
        failed_calls = [c for c in calls if c["outcome"] == "failed" and c["end"] >= cutoff]
        calls_late = [c for c in failed_calls
                      if c.get("served_by") != phase.kill or c["start"] > kill_ms + KILL_TOLERANCE_MS]
        bad_after = [b for b in phase.wrk_bad if b[1] >= cutoff]
        bad_late = [b for b in bad_after if b[0] > kill_ms + KILL_TOLERANCE_MS]
        wrk_bad = len(bad_after)
        # HAProxy does not log a request whose server closed the connection without answering when it
        # came on a reused client connection: it closes that connection without a response, as the
        # server did. Its statistics count it: of the requests given to a server (stot), those it
        # redispatched before sending (wredis) and those the server answered (req_tot) leave the ones
        # sent and never answered. Every failure the clients saw must be one of the killed replica's,
        # and the other replicas must have none. The counts are the whole phase's (taken when nothing
        # is in flight: a snapshot under load counts the requests in flight as unanswered), so a
        # request lost in a restart fails this verdict too, beside rolling_restart.
        def count(s, key):
            return int(phase.stats.get(s, {}).get(key) or 0)
        unanswered = {s: count(s, "stot") - count(s, "wredis") - count(s, "req_tot") for s in REPLICAS}
        clients_failed = wrk_bad + len(lost_after) + len(failed_calls)
        facts["kill_failed"] = clients_failed
        facts["killed_unanswered"] = unanswered[phase.kill]
        others = [s for s in REPLICAS if s != phase.kill]
        accounted = (bool(phase.stats) and all(unanswered[s] == 0 and count(s, "eresp") == 0 for s in others)
                     and clients_failed <= unanswered[phase.kill])
        verdicts.append(Verdict("sigkill", not late and not lost_late and not bad_late and not calls_late and accounted, [
            f"failed from the SIGKILL on: {wrk_bad} wrk answers and {len(lost_after)} wrk requests without an "
            f"answer, {len(failed_calls)} session calls, {len(after)} requests in HAProxy's log; not in flight "
            f"on {phase.kill}: {len(late) + len(lost_late) + len(bad_late) + len(calls_late)}",
            "HAProxy's statistics, requests sent and never answered (response errors): "
            + ", ".join(f"{s} {unanswered[s]} ({count(s, 'eresp')})" for s in REPLICAS)
            + ("" if phase.stats else " - no statistics")
            + f"; the clients' {clients_failed} failures must be among {phase.kill}'s, the others must have none"]))
    else:
        verdicts.append(Verdict("sigkill", False, ["no SIGKILL recorded"]))

    # carries_on
    if kill_ms is not None and killed_up is not None:
        during = [r for r in stateless if kill_ms <= r.start <= killed_up and r.status == 200 and not r.cut_off]
        by = {s: sum(1 for r in during if r.server == s) for s in REPLICAS}
        rejoined = sum(1 for r in stateless if r.start > killed_up and r.server == phase.kill and r.status == 200)
        others = [s for s in REPLICAS if s != phase.kill]
        verdicts.append(Verdict("carries_on", all(by[s] > 0 for s in others) and rejoined > 0, [
            f"{(killed_up - kill_ms) / 1000:.1f} s without {phase.kill}: {len(during)} stateless requests answered "
            f"({', '.join(f'{s} {by[s]}' for s in REPLICAS)}); after it came back, {rejoined} answered by it"]))
    else:
        verdicts.append(Verdict("carries_on", False, ["the killed replica never came back"]))

    # new_sessions
    if phase.mode == "sessions":
        sessions = [r for r in phase.records if r.get("kind") == "session"]
        home = {s["session"]: s.get("served_by") for s in sessions}
        not_found = [c for c in calls if c["outcome"] == "404" and not c.get("retry")]
        renewed = retried_ok = renewed_after_kill = 0
        missing = ""
        for c in not_found:
            new = next((s for s in sessions if s["client"] == c["client"] and s.get("previous") == c["session"]
                        and s["t"] >= c["end"]), None)
            retry = next((r for r in calls if r["client"] == c["client"] and r.get("retry")
                          and new and r["session"] == new["session"]), None) if new else None
            if new:
                renewed += 1
            if retry and retry["outcome"] == "ok":
                retried_ok += 1
            elif not missing:
                missing = f"client {c['client']}'s 404 at +{(c['end'] - load_start) / 1000:.1f} s"
            if new and kill_ms and c["end"] >= kill_ms and home.get(c["session"]) == phase.kill:
                renewed_after_kill += 1
        facts["sessions_renewed"] = renewed
        summary = next((r for r in phase.records if r.get("kind") == "summary"), {})
        verdicts.append(Verdict("new_sessions",
                                bool(calls) and retried_ok == len(not_found) and renewed_after_kill > 0, [
            f"{len(calls)} session calls ({sum(1 for c in calls if c['outcome'] == 'ok')} ok) by "
            f"{summary.get('clients', '?')} TypeScript SDK {summary.get('sdk', '?')} clients; {len(not_found)} "
            f"got 404, {renewed} new sessions, {retried_ok} calls sent again succeeded"
            + (f" (first without: {missing})" if missing else ""),
            f"renewals of sessions of {phase.kill} after the SIGKILL: {renewed_after_kill}; "
            f"transport errors of the SDK's GET stream: {summary.get('transport_errors', '?')} (informational)"]))

    # request_state
    def accepted(r):
        return (r.get("retry_status") == 200 and not r.get("retry_error")
                and (r.get("retry_text") or "").startswith("User response: action=accept"))
    crossed = [r for r in phase.request_state if r.get("label") == "before-load" and accepted(r)
               and r.get("first_served_by") and r.get("retry_served_by") not in (None, r.get("first_served_by"))]
    kept = [r for r in phase.request_state if r.get("label") == "after-restarts" and accepted(r)]
    figures = [f"{r['label']}: first leg {r.get('first_served_by')} -> {r.get('first_result_type')} "
               f"({r.get('state_chars')} chars of state), retry {r.get('retry_served_by')} -> "
               f"{r.get('retry_status')} {r.get('retry_result_type')}: {r.get('retry_text') or r.get('retry_error')}"
               for r in phase.request_state]
    verdicts.append(Verdict("request_state", bool(crossed) and bool(kept), figures or ["no records"]))

    return verdicts, {
        **facts, "stateless": total, "counts": counts,
        "haproxy_p99_ms": percentile([r.active for r in stateless if r.active >= 0], 99),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--transport", required=True)
    parser.add_argument("--mode", required=True, choices=("sessions", "stateless"))
    parser.add_argument("--dir", required=True)
    parser.add_argument("--kill", default="s2")
    parser.add_argument("--row")
    args = parser.parse_args()
    phase = load(args.dir, args.mode, args.kill)
    verdicts, facts = judge(phase)
    w = phase.wrk
    failed_wrk = w.get("modern_bad", 0) + w.get("legacy_stateless_bad", 0) + len(phase.wrk_lost)
    print(f"{args.transport}, {args.mode}: wrk {w.get('requests', 0)} answers in {w.get('duration_us', 0) / 1e6:.1f} s, "
          f"{failed_wrk} failed ({w.get('non2xx', 0)} non-2xx, socket errors: connect {w.get('err_connect', 0)}, "
          f"read {w.get('err_read', 0)}, write {w.get('err_write', 0)}, timeout {w.get('err_timeout', 0)}); "
          f"p50 {w.get('p50_us', 0) / 1000:.1f} ms, p99 {w.get('p99_us', 0) / 1000:.1f} ms, "
          f"max {w.get('max_us', 0) / 1000:.1f} ms (HAProxy's p99 of stateless requests: {facts['haproxy_p99_ms']} ms)")
    print("  wrk's answers by replica: " + ", ".join(f"{s} {w.get('served_' + s, 0)}" for s in REPLICAS))
    for v in verdicts:
        print(f"  {'PASS' if v.passed else 'FAIL'} {v.name}")
        for f in v.figures:
            print(f"       {f}")
    passed = all(v.passed for v in verdicts)
    if args.row:
        header = not os.path.exists(args.row)
        with open(args.row, "a") as out:
            if header:
                out.write("transport\tmode\twrk_requests\twrk_failed\tp99_ms\thaproxy_p99_ms\ts1\ts2\ts3\t"
                          "restart_failed\tkill_failed\tkilled_unanswered\tsession_calls\tsession_404\t"
                          "sessions_renewed\tsession_failed\tverdict\n")
            calls = [c for c in phase.records if c.get("kind") == "call"]
            out.write("\t".join(str(x) for x in (
                args.transport, args.mode, w.get("requests", 0), failed_wrk, f"{w.get('p99_us', 0) / 1000:.1f}",
                facts["haproxy_p99_ms"], facts["counts"]["s1"], facts["counts"]["s2"], facts["counts"]["s3"],
                facts["restart_failed"], facts["kill_failed"], facts["killed_unanswered"], len(calls),
                sum(1 for c in calls if c["outcome"] == "404"), facts["sessions_renewed"],
                sum(1 for c in calls if c["outcome"] == "failed"),
                "PASS" if passed else "FAIL " + ",".join(v.name for v in verdicts if not v.passed))) + "\n")
    print(f"{args.transport}, {args.mode}: {'PASS' if passed else 'FAIL'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
