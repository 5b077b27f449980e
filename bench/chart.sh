#!/usr/bin/env bash
# Draws the benchmark results as one PNG with gnuplot:
#
#   bench/chart.sh [results dir] [output.png]        (default: bench/results docs/performance.png)
#
# Panels, each drawn when its file is in the results directory:
#   http-latest.tsv     (bench/http/run.sh; required) requests per server CPU-second per scenario
#                       and transport, the echo floor first, each bar labelled with its ratio to
#                       the floor of its transport and its verdict
#   startup-latest.tsv  (bench/http/startup.sh) median startup-to-ready per mode and transport,
#                       with min-max whiskers
#   jmh-latest.tsv      (bench/jmh/summarize.py: benchmark, ops_per_s, ..., ratio, target, check)
#                       each benchmark's ratio against its target
# Needs gnuplot (pngcairo terminal, else png) and python3 (standard library only).
set -euo pipefail
cd "$(dirname "$0")/.."
RESULTS=${1:-${BENCH_RESULTS:-bench/results}}
OUT=${2:-docs/performance.png}

command -v gnuplot >/dev/null || { echo "chart: gnuplot is not on PATH" >&2; exit 1; }
[[ -f "$RESULTS/http-latest.tsv" ]] || { echo "chart: no $RESULTS/http-latest.tsv (run bench/http/run.sh)" >&2; exit 1; }
mkdir -p "$(dirname "$OUT")"
DATA=$(mktemp -d)
trap 'rm -rf "$DATA"' EXIT

# Data files with explicit x positions, one row per bar: x, value, colour index, label, ...
python3 - "$RESULTS" "$DATA" <<'PY'
import csv, os, re, sys

results, data = sys.argv[1], sys.argv[2]
NAMES = {"echo": "echo floor", "tools_list": "tools/list", "ping": "ping",
         "unauthorized": "401 (no token)", "metadata": "metadata GET"}

def read(name):
    path = os.path.join(results, name)
    if not os.path.exists(path):
        return None
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))

def q(text):
    return '"' + str(text).replace('"', "'") + '"'

http = read("http-latest.tsv")
transports = list(dict.fromkeys(r["transport"] for r in http))
scenarios = [s for s in NAMES if any(r["scenario"] == s for r in http)]
scenarios += [s for s in dict.fromkeys(r["scenario"] for r in http) if s not in scenarios]
width = 0.8 / len(transports)
with open(os.path.join(data, "http.dat"), "w") as f:
    for i, scenario in enumerate(scenarios):
        for j, transport in enumerate(transports):
            row = next((r for r in http if r["transport"] == transport and r["scenario"] == scenario), None)
            if row is None:
                continue
            x = i + (j - (len(transports) - 1) / 2) * width
            if scenario == "echo":
                label = "floor"
            else:
                verdict = "" if row["verdict"] in ("-", "") else " " + row["verdict"]
                label = f"{float(row['cpu_ratio']):.2f}x{verdict}" if row["cpu_ratio"] not in ("-", "") else "-"
            f.write(f"{x:.3f}\t{row['rps_per_cpu_s']}\t{j + 1}\t{q(label)}\t{q(transport)}\n")
with open(os.path.join(data, "http.xtics"), "w") as f:
    f.write(", ".join(f"{q(NAMES.get(s, s))} {i}" for i, s in enumerate(scenarios)))
with open(os.path.join(data, "transports"), "w") as f:
    f.write(" ".join(transports) + "\n")

startup = read("startup-latest.tsv")
if startup:
    modes = list(dict.fromkeys(r["mode"] for r in startup))
    st = list(dict.fromkeys(r["transport"] for r in startup))
    w = 0.8 / len(st)
    with open(os.path.join(data, "startup.dat"), "w") as f:
        for i, mode in enumerate(modes):
            for j, transport in enumerate(st):
                row = next((r for r in startup if r["transport"] == transport and r["mode"] == mode), None)
                if row is None:
                    continue
                x = i + (j - (len(st) - 1) / 2) * w
                f.write(f"{x:.3f}\t{row['median_ms']}\t{row['min_ms']}\t{row['max_ms']}\t{j + 1}\t{q(row['median_ms'] + ' ms')}\n")
    with open(os.path.join(data, "startup.xtics"), "w") as f:
        f.write(", ".join(f"{q(m)} {i}" for i, m in enumerate(modes)))

jmh = read("jmh-latest.tsv")
if jmh:
    def number(text):
        m = re.search(r"[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?", text or "")
        return float(m.group(0)) if m else None
    with open(os.path.join(data, "jmh.dat"), "w") as f:
        for i, row in enumerate(jmh):
            name = row.get("benchmark", "?").replace("Benchmark.", ".")
            ratio, target = number(row.get("ratio")), number(row.get("target"))
            if ratio is None:
                continue
            verdict = row.get("check") or row.get("verdict") or ""
            colour = 4 if verdict.upper().startswith("PASS") else 5 if verdict.upper().startswith("MISS") else 3
            t = "NaN" if target is None else f"{target}"
            f.write(f"{i}\t{ratio}\t{t}\t{colour}\t{q(f'{ratio:.2f} {verdict}'.strip())}\t{q(name)}\n")
PY

panels=1
[[ -s "$DATA/startup.dat" ]] && panels=$((panels + 1))
[[ -s "$DATA/jmh.dat" ]] && panels=$((panels + 1))
if gnuplot -e 'set terminal' 2>&1 | grep -q pngcairo; then
  terminal="pngcairo size 1200,$((430 * panels)) font 'Sans,10'"
else
  terminal="png size 1200,$((430 * panels))"
fi
read -r -a transports <"$DATA/transports"
env_file=$(ls -t "$RESULTS"/http-2*.env 2>/dev/null | head -1 || true)
stamp=$([[ -n "$env_file" ]] && sed -n 's/^date_utc=//p' "$env_file" || true)
connections=$([[ -n "$env_file" ]] && sed -n 's/.*connections=\([0-9]*\).*/\1/p' "$env_file" | head -1 || true)

{
  echo "set terminal $terminal"
  echo "set output '$OUT'"
  echo "set datafile separator '\t'"
  echo "set multiplot layout $panels,1"
  echo "set style fill solid 0.85 border -1"
  echo "set grid ytics lc rgb '#dddddd'"
  echo "set key top right"
  echo "set linetype 1 lc rgb '#3b6ea5'"
  echo "set linetype 2 lc rgb '#e07b39'"
  echo "set linetype 3 lc rgb '#7f7f7f'"
  echo "set linetype 4 lc rgb '#4c9a4c'"
  echo "set linetype 5 lc rgb '#c0392b'"
  echo "set boxwidth $(awk -v n="${#transports[@]}" 'BEGIN { printf "%.3f", 0.8 / n * 0.95 }')"
  echo "set title 'HTTP: requests per server CPU-second (one core${connections:+, $connections connections}; label: ratio to the echo floor of the same transport)${stamp:+ — $stamp}'"
  echo "set ylabel 'requests / CPU-second'"
  echo "set yrange [0:*]"
  echo "set offsets 0.5, 0.5, graph 0.1, 0"
  echo "set xtics ($(cat "$DATA/http.xtics"))"
  plot="plot"
  for j in "${!transports[@]}"; do
    plot+=" '$DATA/http.dat' using (\$3 == $((j + 1)) ? \$1 : NaN):2 with boxes lt $((j + 1)) title '${transports[$j]}',"
  done
  echo "$plot '$DATA/http.dat' using 1:2:4 with labels offset 0,0.8 font ',9' notitle"
  if [[ -s "$DATA/startup.dat" ]]; then
    echo "set title 'Startup to first 200 of the metadata GET (median, min-max; one core; dashed: the 400 ms target)'"
    echo "set arrow 1 from graph 0, first 400 to graph 1, first 400 nohead dt 2 lw 1.5 lc rgb '#c0392b'"
    echo "set ylabel 'ms'"
    echo "set xtics ($(cat "$DATA/startup.xtics"))"
    plot="plot"
    for j in "${!transports[@]}"; do
      plot+=" '$DATA/startup.dat' using (\$5 == $((j + 1)) ? \$1 : NaN):2 with boxes lt $((j + 1)) title '${transports[$j]}',"
    done
    echo "$plot '$DATA/startup.dat' using 1:2:3:4 with yerrorbars lc rgb '#333333' pt 0 notitle, '$DATA/startup.dat' using 1:4:6 with labels offset 0,0.8 font ',9' notitle"
  fi
  echo "unset arrow 1"
  if [[ -s "$DATA/jmh.dat" ]]; then
    echo "set title 'JMH: ratio per benchmark (bar) against its target (line)'"
    echo "set ylabel 'ratio'"
    echo "set xtics rotate by -20 ($(awk -F'\t' '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $6, $1 }' "$DATA/jmh.dat"))"
    echo "set boxwidth 0.6"
    echo "plot '$DATA/jmh.dat' using 1:2:4 with boxes lc variable notitle, '' using 1:3 with points pt 5 ps 1.5 lc rgb '#000000' title 'target', '' using 1:2:5 with labels offset 0,0.8 font ',9' notitle"
  fi
  echo "unset multiplot"
} >"$DATA/chart.gp"

gnuplot "$DATA/chart.gp"
echo "chart: wrote $OUT"
