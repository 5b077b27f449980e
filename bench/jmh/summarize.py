#!/usr/bin/env python3
"""Summarizes JMH JSON results of bench/jmh: one line per benchmark, ratios to the signature
floor, and the issue's targets checked.

Usage: summarize.py RESULT.json [MORE.json ...] [--tsv OUT.tsv] [--strict]

ops/s is the median over forks of each fork's mean (the score itself when there is one fork):
on a shared machine one disturbed fork moves a median less than a mean. error is JMH's 99.9 %
confidence half-width of the score with one result file, half the range of the fork means with
several. Several files are rounds of the same run (run.sh ROUNDS=n): a ratio is then the median
over rounds of the ratio within each round, so load that changes between rounds cancels out.
alloc B/op appears when the run used -prof gc. --strict exits 1 when a target is missed; by
default the check only reports. Python 3 standard library only.
"""

import argparse
import json
import math
import statistics
import sys

PACKAGE = "io.github.mcpoauthkit.bench."

# benchmark -> (floor benchmark, minimum ratio to the floor or None)
RATIOS = {
    "KitVerificationBenchmark.uncachedRs256": ("SignatureFloorBenchmark.rs256", 0.80),
    "KitVerificationBenchmark.uncachedEs256": ("SignatureFloorBenchmark.es256", 0.95),
    "NimbusReferenceBenchmark.rs256": ("SignatureFloorBenchmark.rs256", None),
    "NimbusReferenceBenchmark.es256": ("SignatureFloorBenchmark.es256", None),
}

# benchmark -> minimum ops/s
ABSOLUTE = {
    "KitVerificationBenchmark.cacheHit": 5_000_000,
}

COLUMNS = ["benchmark", "ops_per_s", "error", "forks", "alloc_b_per_op", "floor", "ratio",
           "target", "check"]


def number(value):
    """JMH writes NaN as a string when it has too few samples."""
    try:
        result = float(value)
    except (TypeError, ValueError):
        return math.nan
    return result


def short_name(entry):
    name = entry["benchmark"]
    if name.startswith(PACKAGE):
        name = name[len(PACKAGE):]
    params = entry.get("params") or {}
    if params:
        name += ":" + ",".join(f"{k}={v}" for k, v in sorted(params.items()))
    return name


def allocation(entry):
    for key, metric in (entry.get("secondaryMetrics") or {}).items():
        if key.lstrip("\u00b7").endswith("gc.alloc.rate.norm"):
            return number(metric.get("score"))
    return math.nan


def read(paths):
    rows = {}
    for round_index, path in enumerate(paths):
        with open(path, encoding="utf-8") as handle:
            entries = json.load(handle)
        for entry in entries:
            metric = entry["primaryMetric"]
            raw = metric.get("rawData") or []
            fork_means = [statistics.fmean(fork) for fork in raw if fork]
            if not fork_means:
                fork_means = [number(metric["score"])]
            name = short_name(entry)
            row = rows.setdefault(name, {
                "benchmark": name, "fork_means": [], "rounds": {}, "error": math.nan,
                "alloc": [],
            })
            row["fork_means"].extend(fork_means)
            row["rounds"][round_index] = statistics.fmean(fork_means)
            row["error"] = number(metric.get("scoreError"))
            alloc = allocation(entry)
            if not math.isnan(alloc):
                row["alloc"].append(alloc)
    for row in rows.values():
        means = row["fork_means"]
        row["ops"] = statistics.median(means)
        row["forks"] = len(means)
        if len(paths) > 1:
            row["error"] = (max(means) - min(means)) / 2 if len(means) > 1 else math.nan
        row["alloc"] = statistics.median(row["alloc"]) if row["alloc"] else math.nan
    return rows


def ratio(row, floor_row):
    """The median over rounds of the ratio within each round; one round: the ratio of medians."""
    paired = [row["rounds"][r] / floor_row["rounds"][r]
              for r in row["rounds"] if r in floor_row["rounds"] and floor_row["rounds"][r] > 0]
    if len(paired) > 1:
        return statistics.median(paired)
    return row["ops"] / floor_row["ops"] if floor_row["ops"] > 0 else math.nan


def evaluate(rows):
    for name, row in rows.items():
        row.update(floor="", ratio=math.nan, target="", check="")
        if name in RATIOS:
            floor, minimum = RATIOS[name]
            row["floor"] = floor
            if floor in rows:
                row["ratio"] = ratio(row, rows[floor])
            if minimum is not None:
                row["target"] = f">= {minimum:.2f}x floor"
                if math.isnan(row["ratio"]):
                    row["check"] = "NO FLOOR"
                else:
                    row["check"] = "PASS" if row["ratio"] >= minimum else "MISS"
        if name in ABSOLUTE:
            minimum = ABSOLUTE[name]
            row["target"] = f">= {minimum:,} ops/s"
            row["check"] = "PASS" if row["ops"] >= minimum else "MISS"


def fmt(value, digits=0):
    if isinstance(value, str):
        return value
    if math.isnan(value):
        return ""
    return f"{value:,.{digits}f}" if digits == 0 else f"{value:.{digits}f}"


def write_tsv(rows, path):
    with open(path, "w", encoding="utf-8") as out:
        out.write("\t".join(COLUMNS) + "\n")
        for row in rows.values():
            fields = [
                row["benchmark"],
                "" if math.isnan(row["ops"]) else f"{row['ops']:.1f}",
                "" if math.isnan(row["error"]) else f"{row['error']:.1f}",
                str(row["forks"]),
                "" if math.isnan(row["alloc"]) else f"{row['alloc']:.1f}",
                row["floor"],
                "" if math.isnan(row["ratio"]) else f"{row['ratio']:.3f}",
                row["target"],
                row["check"],
            ]
            out.write("\t".join(fields) + "\n")


def print_table(rows):
    header = ["benchmark", "ops/s", "± error", "forks", "alloc B/op", "ratio to floor", "target",
              "check"]
    lines = [header]
    for row in rows.values():
        ratio = "" if math.isnan(row["ratio"]) else f"{row['ratio']:.3f} ({row['floor']})"
        lines.append([row["benchmark"], fmt(row["ops"]), fmt(row["error"]), str(row["forks"]),
                      fmt(row["alloc"]), ratio, row["target"], row["check"]])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    numeric = {1, 2, 3, 4}
    for line in lines:
        cells = [cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
                 for i, cell in enumerate(line)]
        print("  ".join(cells).rstrip())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", nargs="+", help="JMH JSON results (-rf json), one per round")
    parser.add_argument("--tsv", help="where to write the summary as TSV")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()

    rows = read(args.results)
    if not rows:
        print(f"{' '.join(args.results)}: no benchmark results", file=sys.stderr)
        return 1
    rows = dict(sorted(rows.items()))
    evaluate(rows)
    if args.tsv:
        write_tsv(rows, args.tsv)
    print_table(rows)
    checked = [row for row in rows.values() if row["check"]]
    missed = [row for row in checked if row["check"] != "PASS"]
    if checked:
        print()
        for row in checked:
            print(f"{row['check']:8} {row['benchmark']}: {row['target']}")
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
