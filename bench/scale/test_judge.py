#!/usr/bin/env python3
"""Tests of judge.py: python3 -m unittest bench/scale/test_judge.py (run by .ci/run before the run).

Each test builds one synthetic phase the way run.sh leaves it (HAProxy's log lines in
haproxy.cfg's log-format, events.tsv, wrk's SCALE lines, the session clients' and request_state.py's
JSON records), passes it through judge.py's parsers, and checks the verdicts: a clean run passes
every rule, and each fault a real run could show fails the rule that exists to catch it.
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from judge import Phase, judge, parse_events, parse_haproxy, parse_wrk  # noqa: E402

T0 = 1_796_000_000_000  # load_start (epoch ms)
KILL = "s2"
# The restarts and the kill as run.sh records them, in ms after load_start.
TIMELINE = [
    (5000, "sigterm", "s1", ""), (7500, "exit", "s1", "0"), (9000, "ready", "s1", ""), (9500, "up", "s1", ""),
    (10500, "sigterm", "s2", ""), (13000, "exit", "s2", "0"), (14500, "ready", "s2", ""), (15000, "up", "s2", ""),
    (16000, "sigterm", "s3", ""), (18500, "exit", "s3", "0"), (20000, "ready", "s3", ""), (20500, "up", "s3", ""),
    (22000, "sigkill", "s2", ""), (22050, "exit", "s2", "137"), (23000, "down", "s2", ""),
    (26000, "ready", "s2", ""), (26500, "up", "s2", ""),
]
LOAD_MS = 30000
# While HAProxy routes nothing new to a replica: from 1 s after its SIGTERM (fall x inter) until it
# is UP again, and from the SIGKILL until it is UP again.
OUT = {"s1": [(6000, 9500)], "s2": [(11500, 15000), (22000, 26500)], "s3": [(17000, 20500)]}
GONE = {"s1": [(5000, 9500)], "s2": [(10500, 15000), (22000, 26500)], "s3": [(16000, 20500)]}


def routed(replica, t):
    return not any(a <= t < b for a, b in OUT[replica])


def alive(replica, t):
    """False from a replica's SIGTERM (or SIGKILL) until it is UP again: its sessions are gone."""
    return not any(a <= t < b for a, b in GONE[replica])


def line(end, active, method, status, server, tsc="----", req_sid="", proto="2026-07-28", res_sid=""):
    return (f"2026-12-06T18:00:00.000000+00:00 req {T0 + end} {active} {method} {status} {server} {tsc} 0 "
            f"{{{req_sid}|{proto}}} {{{res_sid}}}")


class Run:
    """A synthetic phase that passes every rule; tests change one thing and judge it again."""

    def __init__(self, mode):
        self.mode = mode
        self.events = [(T0 - 2000, "haproxy_up", "all", ""), (T0, "load_start", "all", "")]
        self.events += [(T0 + ms, e, who, d) for ms, e, who, d in TIMELINE]
        self.events.append((T0 + LOAD_MS, "load_end", "all", ""))
        self.haproxy = []
        self.wrk_lost = []
        self.wrk_bad = []  # (sent, answered, status) in ms after load_start
        self.records = []
        self.info = {"DroppedLogs": "0"}
        # HAProxy's statistics per replica: requests given to it (stot), redispatched before they
        # were sent (wredis), answered (req_tot), response errors (eresp).
        self.stats = {s: {"svname": s, "stot": "9000", "wredis": "0", "req_tot": "9000", "eresp": "0"}
                      for s in ("s1", "s2", "s3")}
        self.request_state = [
            {"label": "before-load", "first_served_by": "s1", "first_result_type": "input_required",
             "retry_status": 200, "retry_served_by": "s2", "retry_result_type": "complete",
             "retry_text": "User response: action=accept, content={}", "retry_error": None, "state_chars": 206},
            {"label": "after-restarts", "first_served_by": "s1", "first_result_type": "input_required",
             "retry_status": 200, "retry_served_by": "s3", "retry_result_type": "complete",
             "retry_text": "User response: action=accept, content={}", "retry_error": None, "state_chars": 206},
        ]
        self._stateless()
        if mode == "sessions":
            self._sessions()

    def _stateless(self):
        # Round robin over the replicas HAProxy routes to, a request every 5 ms.
        turn = 0
        protos = ["2026-07-28"] if self.mode == "sessions" else ["2026-07-28", "2025-11-25"]
        for n, t in enumerate(range(10, LOAD_MS - 10, 5)):
            candidates = [s for s in ("s1", "s2", "s3") if routed(s, t)]
            server = candidates[turn % len(candidates)]
            turn += 1
            self.haproxy.append(line(t + 3, 3, "POST", 200, server, proto=protos[n % len(protos)]))

    def _sessions(self):
        # Clients with one session each on s1, s2, s3; a call every 100 ms. When its replica goes,
        # the next call is answered 404 by another replica, and the client opens a new session there
        # and sends the call again.
        # A fourth client opens its session on s2 after the restarts: the SIGKILL takes it.
        for client, (home, opened) in enumerate((("s1", -500), ("s2", -500), ("s3", -500), ("s2", 21000))):
            sid = f"sid-{client}-0"
            renewals = 0
            self._open(client, sid, home, opened, None)
            for t in range(opened + 550 + client * 7, LOAD_MS - 200, 100):
                if alive(home, t):
                    self._call(client, t, sid, home, "ok")
                    continue
                other = next(s for s in ("s1", "s2", "s3") if s != home and alive(s, t) and routed(s, t))
                self._call(client, t, sid, home, "404", served=other)
                renewals += 1
                previous, sid, home = sid, f"sid-{client}-{renewals}", other
                self._open(client, sid, home, t + 10, previous)
                self._call(client, t + 20, sid, home, "ok", retry=True)

    def _open(self, client, sid, home, t, previous):
        self.haproxy.append(line(t + 5, 5, "POST", 200, home, proto="", res_sid=sid))
        self.records.append({"kind": "session", "client": client, "t": T0 + t + 5, "session": sid,
                             "served_by": home, "previous": previous})

    def _call(self, client, t, sid, home, outcome, served=None, retry=False):
        server = served or home
        status = 404 if outcome == "404" else 200
        self.haproxy.append(line(t + 4, 4, "POST", status, server, req_sid=sid, proto="2025-11-25",
                                 res_sid="" if status == 404 else sid))
        self.records.append({"kind": "call", "client": client, "start": T0 + t, "end": T0 + t + 4,
                             "method": "tools/list", "session": sid, "served_by": home, "outcome": outcome,
                             "status": status, "error": None, "retry": retry})

    def verdicts(self):
        events = ["epoch_ms\tevent\treplica\tdetail"] + [f"{ms}\t{e}\t{who}\t{d}" for ms, e, who, d in self.events]
        wrk = (f"SCALE requests=9000 duration_us={(LOAD_MS + 500) * 1000} non2xx={len(self.wrk_bad)} err_connect=0 "
               f"err_read={len(self.wrk_lost)} err_write=0 err_timeout=0 p50_us=3000 p99_us=9000 p999_us=20000 "
               f"max_us=40000 modern_bad={len(self.wrk_bad)} legacy_stateless_bad=0\n")
        wrk += "".join(f"SCALE_BAD {T0 + s}:{T0 + a}:modern:{status}\n" for s, a, status in self.wrk_bad)
        wrk += "".join(f"SCALE_LOST {T0 + s}:{T0 + n}:modern\n" for s, n in self.wrk_lost)
        summary, lost, bad = parse_wrk(wrk)
        records = self.records + [{"kind": "summary", "sdk": "1.32.2", "clients": 4}]
        phase = Phase(self.mode, KILL, parse_haproxy(sorted(self.haproxy, key=lambda s: int(s.split()[2]))),
                      parse_events(events), summary, lost, records=records, request_state=self.request_state,
                      info=self.info, stats=self.stats, wrk_bad=bad)
        verdicts, _ = judge(phase)
        return {v.name: v for v in verdicts}

    def assert_only_fails(self, test, *names):
        verdicts = self.verdicts()
        failed = sorted(n for n, v in verdicts.items() if not v.passed)
        test.assertEqual(sorted(names), failed, "\n".join(f"{v.name}: {v.figures}" for v in verdicts.values()))


class CleanRuns(unittest.TestCase):
    def test_a_clean_sessions_run_passes_every_rule(self):
        run = Run("sessions")
        run.assert_only_fails(self)
        self.assertEqual({"haproxy_log", "events", "round_robin", "sticky_sessions", "rolling_restart", "sigkill", "carries_on",
                          "new_sessions", "request_state"}, set(run.verdicts()))

    def test_a_clean_stateless_run_passes_every_rule(self):
        run = Run("stateless")
        run.assert_only_fails(self)
        self.assertNotIn("sticky_sessions", run.verdicts())

    def test_requests_in_flight_on_the_killed_replica_may_fail(self):
        run = Run("stateless")
        # Cut off by the SIGKILL at +22 s: started 40 ms before it on s2; HAProxy answered 502 to one.
        run.haproxy.append(line(22001, 41, "POST", -1, "s2", tsc="SD--"))
        run.haproxy.append(line(22002, 42, "POST", 502, "s2", tsc="SH--"))
        run.wrk_bad = [(21960, 22002, 502)]
        run.wrk_lost.append((21960, 22010))
        run.stats["s2"].update(stot="9102", wredis="100", eresp="2")
        run.assert_only_fails(self)

    def test_requests_closed_without_an_answer_and_without_a_log_line_may_fail(self):
        # What a run showed: HAProxy closed wrk's keep-alive connections whose requests s2 never
        # answered and logged nothing for them; its statistics count them, with the session calls.
        run = Run("sessions")
        run.wrk_lost += [(21990, 22070), (21995, 22071), (22001, 22072), (22010, 22080), (22020, 22090)]
        for n, client in enumerate((3, 3, 1, 1)):
            run.records.append({"kind": "call", "client": client, "start": T0 + 21990 + n, "end": T0 + 22070,
                                "method": "tools/list", "session": "x", "served_by": "s2", "outcome": "failed",
                                "status": None, "error": "fetch failed", "retry": False})
        run.stats["s2"].update(stot="9109", wredis="100", eresp="9")
        run.assert_only_fails(self)

    def test_a_session_call_in_flight_on_the_killed_replica_may_fail(self):
        run = Run("sessions")
        run.records.append({"kind": "call", "client": 1, "start": T0 + 21990, "end": T0 + 22010,
                            "method": "tools/call greet", "session": "sid-1-1", "served_by": "s2",
                            "outcome": "failed", "status": None, "error": "fetch failed", "retry": False})
        run.stats["s2"].update(stot="9101", wredis="100", eresp="1")
        run.assert_only_fails(self)


class FaultsThatMustFail(unittest.TestCase):
    def test_haproxy_dropped_log_lines(self):
        run = Run("stateless")
        run.info = {"DroppedLogs": "14"}
        run.assert_only_fails(self, "haproxy_log")

    def test_haproxy_info_missing(self):
        run = Run("sessions")
        run.info = {}
        run.assert_only_fails(self, "haproxy_log")

    def test_a_request_failed_at_haproxy_during_a_sigterm_restart(self):
        run = Run("stateless")
        run.haproxy.append(line(5600, 20, "POST", 503, "s1"))
        run.assert_only_fails(self, "rolling_restart")

    def test_a_request_cut_off_during_a_sigterm_restart(self):
        run = Run("sessions")
        run.haproxy.append(line(11000, 300, "POST", 200, "s2", tsc="SD--"))
        run.assert_only_fails(self, "rolling_restart")

    def test_a_wrk_request_without_an_answer_during_a_sigterm_restart(self):
        run = Run("stateless")
        run.wrk_lost.append((16200, 16300))
        run.assert_only_fails(self, "rolling_restart")

    def test_a_failed_session_call_during_a_sigterm_restart(self):
        run = Run("sessions")
        run.records.append({"kind": "call", "client": 0, "start": T0 + 5100, "end": T0 + 5150,
                            "method": "tools/list", "session": "sid-0-0", "served_by": "s1",
                            "outcome": "failed", "status": 503, "error": "Error POSTing", "retry": False})
        run.assert_only_fails(self, "rolling_restart")

    def test_a_replica_that_exits_other_than_0_on_sigterm(self):
        run = Run("stateless")
        run.events = [e if e[1:3] != ("exit", "s3") else (e[0], "exit", "s3", "143") for e in run.events]
        run.assert_only_fails(self, "events")

    def test_a_replica_never_restarted(self):
        run = Run("stateless")
        run.events = [e for e in run.events if e[2] != "s3" or e[1] == "sigkill"]
        self.assertFalse(run.verdicts()["events"].passed)

    def test_a_failure_after_the_kill_on_a_replica_that_was_not_killed(self):
        run = Run("stateless")
        run.haproxy.append(line(23500, 5, "POST", 502, "s3", tsc="SH--"))
        run.wrk_bad = [(23495, 23500, 502)]
        run.assert_only_fails(self, "sigkill")

    def test_a_failure_on_the_killed_replica_of_a_request_sent_after_it_died(self):
        run = Run("stateless")
        # HAProxy sent it to s2 600 ms after the SIGKILL: not in flight when it died.
        run.haproxy.append(line(22610, 10, "POST", 503, "s2", tsc="SC--"))
        run.wrk_bad = [(22600, 22610, 503)]
        run.assert_only_fails(self, "sigkill")

    def test_a_wrk_request_lost_long_after_the_kill(self):
        run = Run("stateless")
        run.wrk_lost.append((24000, 24100))
        run.assert_only_fails(self, "sigkill")

    def test_wrk_and_haproxy_disagree_on_bad_answers(self):
        run = Run("stateless")
        run.wrk_bad = [(22001, 22010, 502), (22002, 22010, 502)]
        run.assert_only_fails(self, "sigkill")

    def test_a_bad_answer_to_wrk_during_a_sigterm_restart(self):
        # What SHUTDOWN_DRAIN=0s did in a real run: 503 "shutting down" to requests on connections
        # HAProxy had open when the listener closed. Judged by rolling_restart only, not by sigkill.
        run = Run("stateless")
        run.haproxy.append(line(10510, 2, "POST", 503, "s2"))
        run.wrk_bad = [(10508, 10510, 503)]
        run.assert_only_fails(self, "rolling_restart")

    def test_a_wrk_request_without_an_answer_that_haproxy_did_not_count(self):
        run = Run("stateless")
        run.wrk_lost.append((21990, 22010))
        run.assert_only_fails(self, "sigkill")

    def test_more_client_failures_than_requests_haproxy_saw_unanswered(self):
        run = Run("stateless")
        run.wrk_lost += [(21990, 22070), (21995, 22071)]
        run.stats["s2"].update(stot="9101", wredis="100", eresp="1")
        run.assert_only_fails(self, "sigkill")

    def test_response_errors_on_a_replica_that_was_not_killed(self):
        run = Run("stateless")
        run.wrk_lost.append((21990, 22010))
        run.stats["s2"].update(stot="9101", wredis="100", eresp="1")
        run.stats["s3"].update(stot="9101", wredis="100", eresp="1")
        run.assert_only_fails(self, "sigkill")

    def test_no_haproxy_statistics(self):
        run = Run("sessions")
        run.stats = {}
        run.assert_only_fails(self, "sigkill")

    def test_a_request_lost_in_a_restart_fails_the_statistics_check_too(self):
        # s3 lost a request in its restart: rolling_restart fails on it, and the phase's statistics
        # show an unanswered request on a replica that was not killed.
        run = Run("stateless")
        run.wrk_lost.append((16100, 16200))
        run.stats["s3"].update(stot="9001")
        run.assert_only_fails(self, "rolling_restart", "sigkill")

    def test_a_session_not_resumed_after_the_kill(self):
        run = Run("sessions")
        # Client 1's session on s2 got its 404 after the SIGKILL; drop the new session and the call
        # sent again, as if the client had given up.
        gone = next(c for c in run.records if c.get("kind") == "call" and c["outcome"] == "404"
                    and c["end"] >= T0 + 22000 and c["served_by"] == "s2")
        run.records = [r for r in run.records
                       if not (r.get("client") == gone["client"] and r.get("previous") == gone["session"])
                       and not (r.get("kind") == "call" and r.get("retry") and r["client"] == gone["client"]
                                and r["start"] >= gone["end"] and r["start"] < gone["end"] + 100)]
        run.assert_only_fails(self, "new_sessions")

    def test_a_resumed_session_whose_call_sent_again_fails(self):
        run = Run("sessions")
        retry = next(c for c in run.records if c.get("kind") == "call" and c.get("retry")
                     and c["start"] >= T0 + 22000)
        retry["outcome"] = "404"
        retry["status"] = 404
        self.assertFalse(run.verdicts()["new_sessions"].passed)

    def test_no_session_of_the_killed_replica_renewed(self):
        run = Run("sessions")
        run.events = [(ms, e, "s1" if who == "s2" and e != "sigterm" and ms >= T0 + 22000 else who, d)
                      for ms, e, who, d in run.events]
        # The kill recorded as s1's, whose sessions were already renewed at the SIGTERM: no session
        # of the killed replica was renewed after it died.
        self.assertFalse(run.verdicts()["new_sessions"].passed)

    def test_a_session_request_sent_to_another_replica_while_its_own_lives(self):
        run = Run("sessions")
        run.haproxy.append(line(3000, 4, "POST", 200, "s3", req_sid="sid-0-0", proto="2025-11-25", res_sid="sid-0-0"))
        run.assert_only_fails(self, "sticky_sessions")

    def test_a_session_answered_404_elsewhere_while_its_replica_still_lived(self):
        run = Run("sessions")
        run.haproxy.append(line(3000, 4, "POST", 404, "s2", req_sid="sid-0-0", proto="2025-11-25"))
        run.assert_only_fails(self, "sticky_sessions")

    def test_request_state_rejected_by_another_replica(self):
        run = Run("stateless")
        run.request_state[0].update(retry_status=200, retry_result_type=None, retry_text="",
                                    retry_error={"code": -32602, "message": "Invalid requestState"})
        run.assert_only_fails(self, "request_state")

    def test_request_state_only_ever_retried_on_the_replica_that_sealed_it(self):
        run = Run("sessions")
        run.request_state[0]["retry_served_by"] = "s1"
        run.assert_only_fails(self, "request_state")

    def test_request_state_sealed_before_the_restarts_rejected_after(self):
        run = Run("stateless")
        run.request_state[1].update(retry_status=400, retry_text="", retry_error={"code": -32602})
        run.assert_only_fails(self, "request_state")

    def test_uneven_round_robin(self):
        run = Run("stateless")
        # Most of s3's stateless answers moved to s1: s3 keeps about 10 %.
        moved = 0
        for i, entry in enumerate(run.haproxy):
            if " s3 " in entry and "{|" in entry and moved % 3 != 0:
                run.haproxy[i] = entry.replace(" s3 ", " s1 ")
            moved += " s3 " in entry
        run.assert_only_fails(self, "round_robin")

    def test_stateless_traffic_that_stops_while_a_replica_is_down(self):
        run = Run("stateless")
        run.haproxy = [entry for entry in run.haproxy
                       if not (" s3 " in entry and T0 + 22000 <= int(entry.split()[2]) <= T0 + 26500)]
        run.assert_only_fails(self, "carries_on")


if __name__ == "__main__":
    unittest.main()
