#!/usr/bin/env python3
"""Summarizes the rows of bench/http/run.sh and checks them against the targets of issue #6.

    python3 bench/http/summarize.py bench/results/http-<ts>.tsv [--out bench/results/http-latest.tsv]
                                    [--markdown]

Per transport and scenario: the median over the rounds of requests/s, p50, p99, server CPU seconds
and requests per server CPU-second; the largest resident set (VmRSS at the end of a run) and high
water mark (VmHWM); the sum of errors; and the ratios of the medians to the echo floor of the same
transport, for requests/s (rps_ratio) and for requests per CPU-second (cpu_ratio).

With a baseline kit in the run (bench/http/run.sh with BENCH_BASELINE: scenario
baseline_tools_list), tools_list is also compared with it round by round: base_rps_ratio and
base_cpu_ratio are the medians over the rounds of tools_list / baseline_tools_list measured in the
same round (paired, so that the machine's drift between rounds cancels out); likewise
modern_tools_list against baseline_modern_tools_list.

With DPoP in the run (scenarios dpop_tools_list, modern_dpop_tools_list), each is compared with
its bearer twin on the same kit the same way: bearer_rps_ratio and bearer_cpu_ratio are the
medians over the rounds of dpop_tools_list / tools_list (modern_dpop_tools_list /
modern_tools_list) measured in the same round, and the per-round ratios are printed below the
table. No target of their own (issue 16 asks for the figure): no errors, RSS as for every kit
scenario. Likewise the introspected scenarios (introspected_tools_list,
modern_introspected_tools_list: an opaque token, the kit's introspection cache warm) against the
same bearer twins.

Targets (a scenario PASSes when every check that applies to it holds):
    tools_list         rps_ratio and cpu_ratio >= 0.35, p99 <= 5 ms; with a baseline,
                       base_rps_ratio and base_cpu_ratio >= 0.9 (at most 10 % below it;
                       --baseline-min sets another floor, e.g. 0.95 for the observability overhead)
    modern_tools_list  rps_ratio and cpu_ratio >= 0.6, p99 <= 3 ms (MCP 2026-07-28); with a
                       baseline, the same paired floor as tools_list
    unauthorized       rps_ratio and cpu_ratio >= 0.6
    metadata           rps_ratio and cpu_ratio >= 0.8
    every kit scenario: no errors, largest RSS <= 160 MB
ping and the baseline_* scenarios have no target of their own; echo is the floor. Exits 1 when a check
MISSes, 2 on unusable input. Python 3 standard library only.
"""

import argparse
import csv
import statistics
import sys

SCENARIOS = [
    "echo", "tools_list", "introspected_tools_list", "dpop_tools_list", "baseline_tools_list",
    "modern_tools_list", "modern_introspected_tools_list", "modern_dpop_tools_list",
    "baseline_modern_tools_list", "ping", "unauthorized", "metadata",
]
RATIO_TARGETS = {"tools_list": 0.35, "modern_tools_list": 0.6, "unauthorized": 0.6, "metadata": 0.8}
P99_TARGETS_MS = {"tools_list": 5.0, "modern_tools_list": 3.0}
# Scenario -> its scenario on the baseline kit; the least paired ratio to it is BASELINE_MIN.
BASELINE_TARGETS = {"tools_list": "baseline_tools_list", "modern_tools_list": "baseline_modern_tools_list"}
BASELINE_MIN = 0.9
# DPoP or introspected scenario -> its bearer JWT twin on the same kit, for the paired ratios (no
# target).
BEARER_TWINS = {
    "dpop_tools_list": "tools_list", "modern_dpop_tools_list": "modern_tools_list",
    "introspected_tools_list": "tools_list", "modern_introspected_tools_list": "modern_tools_list",
}
RSS_TARGET_MB = 160.0

COLUMNS = [
    "transport", "scenario", "rounds", "rps", "p50_ms", "p99_ms", "server_cpu_s", "rps_per_cpu_s",
    "rss_mb", "hwm_mb", "errors", "rps_ratio", "cpu_ratio", "base_rps_ratio", "base_cpu_ratio",
    "target", "verdict", "misses", "bearer_rps_ratio", "bearer_cpu_ratio",
]


def read_rows(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    if not rows:
        sys.exit(f"summarize: no rows in {path}")
    return rows


def per_round(group, other, column):
    """(round, group / other) for each round in which both were measured."""
    by_round = {r["round"]: float(r[column]) for r in other}
    return [(r["round"], float(r[column]) / by_round[r["round"]]) for r in group if by_round.get(r["round"])]


def print_bearer_rounds(rows):
    """Per round, each DPoP or introspected scenario's req/s and req per CPU-s against its bearer
    twin's."""
    groups = {}
    for row in rows:
        groups.setdefault((row["transport"], row["scenario"]), []).append(row)
    lines = []
    for (transport, scenario), group in groups.items():
        twin = BEARER_TWINS.get(scenario)
        if twin is None or (transport, twin) not in groups:
            continue
        bearer = {r["round"]: r for r in groups[(transport, twin)]}
        for r in group:
            b = bearer.get(r["round"])
            if b is None:
                continue
            lines.append(
                f"  round {r['round']} {transport:<8} {scenario:<30} {float(r['rps']):9.1f} req/s against"
                f" {float(b['rps']):9.1f} ({float(r['rps']) / float(b['rps']):.2f}x; per CPU-s"
                f" {float(r['rps_per_cpu_s']) / float(b['rps_per_cpu_s']):.2f}x), errors {r['errors']}")
    if lines:
        print("\nDPoP and introspected against bearer JWT, same kit, same round:")
        print("\n".join(lines))


def summarize(rows, baseline_min=BASELINE_MIN):
    groups = {}
    for row in rows:
        groups.setdefault((row["transport"], row["scenario"]), []).append(row)

    def median(group, column):
        return statistics.median(float(r[column]) for r in group)

    def paired(group, baseline, column):
        """The median over the rounds of group / baseline in the same round."""
        ratios = [ratio for _, ratio in per_round(group, baseline, column)]
        return statistics.median(ratios) if ratios else None

    summary = {}
    for (transport, scenario), group in groups.items():
        summary[(transport, scenario)] = {
            "transport": transport,
            "scenario": scenario,
            "rounds": len(group),
            "rps": median(group, "rps"),
            "p50_ms": median(group, "p50_ms"),
            "p99_ms": median(group, "p99_ms"),
            "server_cpu_s": median(group, "server_cpu_s"),
            "rps_per_cpu_s": median(group, "rps_per_cpu_s"),
            "rss_mb": max(float(r["rss_mb"]) for r in group),
            "hwm_mb": max(float(r["hwm_mb"]) for r in group),
            "errors": sum(int(r["errors"]) for r in group),
            "base_rps_ratio": None,
            "base_cpu_ratio": None,
            "bearer_rps_ratio": None,
            "bearer_cpu_ratio": None,
        }
        if scenario in BASELINE_TARGETS and (transport, BASELINE_TARGETS[scenario]) in groups:
            baseline = groups[(transport, BASELINE_TARGETS[scenario])]
            summary[(transport, scenario)]["base_rps_ratio"] = paired(group, baseline, "rps")
            summary[(transport, scenario)]["base_cpu_ratio"] = paired(group, baseline, "rps_per_cpu_s")
        if scenario in BEARER_TWINS and (transport, BEARER_TWINS[scenario]) in groups:
            bearer = groups[(transport, BEARER_TWINS[scenario])]
            summary[(transport, scenario)]["bearer_rps_ratio"] = paired(group, bearer, "rps")
            summary[(transport, scenario)]["bearer_cpu_ratio"] = paired(group, bearer, "rps_per_cpu_s")

    out = []
    order = {name: i for i, name in enumerate(SCENARIOS)}
    transports = list(dict.fromkeys(r["transport"] for r in rows))
    for key in sorted(summary, key=lambda k: (transports.index(k[0]), order.get(k[1], 99), k[1])):
        s = summary[key]
        transport, scenario = key
        floor = summary.get((transport, "echo"))
        s["rps_ratio"] = s["rps"] / floor["rps"] if floor and floor["rps"] else None
        s["cpu_ratio"] = (
            s["rps_per_cpu_s"] / floor["rps_per_cpu_s"] if floor and floor["rps_per_cpu_s"] else None
        )
        targets, misses = [], []
        if scenario in RATIO_TARGETS:
            want = RATIO_TARGETS[scenario]
            targets.append(f">={want}x")
            for name in ("rps_ratio", "cpu_ratio"):
                if s[name] is None:
                    misses.append(f"{name} unknown (no echo floor)")
                elif s[name] < want:
                    misses.append(f"{name} {s[name]:.2f}x<{want}x")
        if scenario in BASELINE_TARGETS and s["base_rps_ratio"] is not None:
            want = baseline_min
            targets.append(f">={want}x baseline")
            for name in ("base_rps_ratio", "base_cpu_ratio"):
                if s[name] < want:
                    misses.append(f"{name} {s[name]:.2f}x<{want}x")
        if scenario in P99_TARGETS_MS:
            want = P99_TARGETS_MS[scenario]
            targets.append(f"p99<={want:g}ms")
            if s["p99_ms"] > want:
                misses.append(f"p99 {s['p99_ms']:.2f}ms>{want:g}ms")
        if scenario != "echo":
            targets.append(f"rss<={RSS_TARGET_MB:g}MB")
            if s["rss_mb"] > RSS_TARGET_MB:
                misses.append(f"rss {s['rss_mb']:.0f}MB>{RSS_TARGET_MB:g}MB")
        if s["errors"]:
            misses.append(f"{s['errors']} errors")
        s["target"] = " ".join(targets) if targets else "-"
        if scenario == "echo":
            s["verdict"] = "FLOOR"
        else:
            s["verdict"] = "MISS" if misses else "PASS"
        s["misses"] = "; ".join(misses) if misses else "-"
        out.append(s)
    return out


def fmt(value, column):
    if value is None:
        return "-"
    if column in ("rps_ratio", "cpu_ratio", "base_rps_ratio", "base_cpu_ratio", "bearer_rps_ratio",
                  "bearer_cpu_ratio"):
        return f"{value:.2f}"
    if column in ("p50_ms", "p99_ms"):
        return f"{value:.3f}"
    if isinstance(value, float):
        return f"{value:.1f}" if column not in ("server_cpu_s",) else f"{value:.2f}"
    return str(value)


def write_tsv(summary, path):
    with open(path, "w", newline="") as f:
        writer = csv.writer(f, delimiter="\t", lineterminator="\n")
        writer.writerow(COLUMNS)
        for s in summary:
            writer.writerow([fmt(s[c], c) for c in COLUMNS])


def print_table(summary, markdown):
    shown = [c for c in COLUMNS if c != "server_cpu_s"]
    cells = [[fmt(s[c], c) for c in shown] for s in summary]
    if markdown:
        print("| " + " | ".join(shown) + " |")
        print("|" + "|".join("---" for _ in shown) + "|")
        for row in cells:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(shown)]
    print("  ".join(c.ljust(w) for c, w in zip(shown, widths)))
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", help="a bench/results/http-<ts>.tsv written by bench/http/run.sh")
    parser.add_argument("--out", help="write the summary as TSV here (e.g. bench/results/http-latest.tsv)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--baseline-min", type=float, default=BASELINE_MIN,
                        help=f"the least paired ratio to the baseline kit (default {BASELINE_MIN})")
    args = parser.parse_args()
    try:
        rows = read_rows(args.raw)
        summary = summarize(rows, args.baseline_min)
    except (KeyError, ValueError) as e:
        print(f"summarize: {args.raw} is not a run.sh result: {e}", file=sys.stderr)
        return 2
    if args.out:
        write_tsv(summary, args.out)
    print_table(summary, args.markdown)
    print_bearer_rounds(rows)
    misses = [s for s in summary if s["verdict"] == "MISS"]
    if misses:
        print(f"\n{len(misses)} MISS: " + ", ".join(f"{s['transport']} {s['scenario']} ({s['misses']})" for s in misses))
        return 1
    print("\nall targets PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
