#!/usr/bin/env bash
# Two kits measured at the same time, for a before/after that a shared machine's load cannot tilt:
#
#   bench/http/baseline.sh 3d51909                 # once: the artifacts of the earlier commit
#   BENCH_KIT_METRICS=1 bench/http/side-by-side.sh helidon target/bench/baseline-3d51909
#
# Builds the current artifacts (unless BENCH_SKIP_BUILD=1), starts the CI issuer, then the current
# kit and the baseline's, both pinned to BENCH_SERVER_CPUS (one core by default, so that they
# compete for it alike), each with a token and a legacy session. After a warm-up of each alone and
# one together, ROUNDS rounds each load both kits at once for DURATION, one wrk per kit (-t1 -c16,
# bench/http/mcp.lua, BENCH_SCENARIO) pinned to BENCH_CLIENT_CPUS. Per round: requests/s of each,
# the server CPU seconds each used (/proc/<pid>/stat), and the ratios current/baseline of both
# (requests/s, and requests per CPU-second). Load from outside hits both kits in the same seconds,
# so the per-round ratios stay put where sequential runs (bench/http/run.sh) spread 0.6-1.3.
#
# The method's own bias: an A/A run (the current artifacts as their own baseline, both with metrics
# off: BENCH_KIT_METRICS=0 bench/http/side-by-side.sh helidon target/bench/artifacts) gave 0.960,
# 0.980 and 0.994 requests per CPU-second on 2026-12-07 when the current kit was always started
# first and its wrk always launched first, and 0.970-1.046 in seven more runs once the order was
# varied: two identical kits differ by up to 4 points in one run. So the wrk launched first
# alternates per round, BENCH_FIRST (current | baseline) says which kit starts first, and a
# comparison is read from several runs, both orders, beside A/A runs of the same session
# (docs/PERFORMANCE.md, "The cost of observability, settled on Helidon").
#
# Writes $BENCH_RESULTS/side-by-side-<transport>-<UTC timestamp>.tsv and prints the per-round table
# and the medians of the two ratios. Judges nothing: the target it serves (issue 15: metrics on and
# tracing off cost at most 5 % of authenticated tools/list) is read off the medians.
#
# Env: ROUNDS (8), DURATION (10s), WARMUP (15s), BENCH_SCENARIO (modern_tools_list; any of
# bench/http/mcp.lua), BENCH_KIT_METRICS (1: the current kit's Prometheus listener on, as in
# production), BENCH_SERVER_CPUS (0), BENCH_CLIENT_CPUS (1), BENCH_RESULTS (bench/results),
# BENCH_WORK (target/bench), BENCH_FIRST (current). Needs taskset, curl, wrk, python3, node >= 20 and npm.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
# shellcheck source=.ci/lib.sh
source .ci/lib.sh
require_build_jdk
# shellcheck source=bench/http/lib.sh
source bench/http/lib.sh

[[ $# -eq 2 ]] || { echo "usage: bench/http/side-by-side.sh <helidon|undertow> <baseline dir>" >&2; exit 2; }
TRANSPORT=$1
BASELINE=$(cd "$2" && pwd)
[[ -f "$BASELINE/$TRANSPORT/mcp-oauth-kit.jar" ]] || bench_die "no $TRANSPORT artifact in $BASELINE (bench/http/baseline.sh)"
ROUNDS=${ROUNDS:-8}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-15s}
SCENARIO=${BENCH_SCENARIO:-modern_tools_list}
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results}
bench_require_tools taskset curl wrk python3 node npm
mkdir -p "$BENCH_WORK/logs" "$RESULTS"
trap bench_stop_all EXIT
trap 'exit 130' INT TERM

BENCH_TRANSPORTS=$TRANSPORT bench_build_artifacts
bench_start_issuer
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$RESULTS/side-by-side-$TRANSPORT-$STAMP.tsv

declare -A PID URL TOKEN SESSION
case "${BENCH_FIRST:-current}" in
  current) ORDER=(current baseline) ;;
  baseline) ORDER=(baseline current) ;;
  *) bench_die "BENCH_FIRST must be current or baseline" ;;
esac
bench_log "The kits start in this order: ${ORDER[*]}"
for kit in "${ORDER[@]}"; do
  port=$(bench_free_port)
  if [[ $kit == current ]]; then
    artifacts=$BENCH_WORK/artifacts
    env_words=''
    [[ "${BENCH_KIT_METRICS:-1}" == 1 ]] && env_words="MANAGEMENT_PORT=$(bench_free_port)"
  else
    artifacts=$BASELINE
    env_words=''
  fi
  KIT_ARTIFACTS=$artifacts KIT_ENV="$env_words" \
    bench_start_kit "$TRANSPORT" "$port" "$BENCH_WORK/logs/side-by-side-$kit-$STAMP.log"
  PID[$kit]=$STARTED_PID
  URL[$kit]=http://localhost:$port
  TOKEN[$kit]=$(bench_token "${URL[$kit]}/mcp")
  SESSION[$kit]=$(bench_open_session "${URL[$kit]}/mcp" "${TOKEN[$kit]}" 2025-11-25)
done

# load <kit> <duration>: one wrk against that kit; its output on stdout.
load() {
  BENCH_SCENARIO=$SCENARIO BENCH_TOKEN=${TOKEN[$1]} BENCH_SESSION=${SESSION[$1]} BENCH_PROTOCOL=2025-11-25 \
    taskset -c "$BENCH_CLIENT_CPUS" wrk -t1 -c16 -d"$2" --latency -s bench/http/mcp.lua "${URL[$1]}" 2>&1
}
ticks() {
  local stat
  stat=$(<"/proc/$1/stat")
  stat=${stat##*) }
  awk '{ print $12 + $13 }' <<<"$stat"
}
requests() { sed -n 's/^BENCH .* requests=\([0-9]*\).*/\1/p' "$1"; }

bench_log "Warming up: each kit alone for $WARMUP, then both together"
for kit in current baseline; do load "$kit" "$WARMUP" >/dev/null; done
load current "$WARMUP" >/dev/null &
warm=$!
load baseline "$WARMUP" >/dev/null
wait "$warm"

hz=$(getconf CLK_TCK)
seconds=${DURATION%s}
printf 'round\tload\tcurrent_rps\tbaseline_rps\trps_ratio\tcurrent_req_per_cpu_s\tbaseline_req_per_cpu_s\tcpu_ratio\n' | tee "$OUT"
for round in $(seq "$ROUNDS"); do
  for kit in current baseline; do kill -0 "${PID[$kit]}" 2>/dev/null || bench_die "the $kit kit is gone"; done
  loadavg=$(cut -d' ' -f1 /proc/loadavg)
  c0=$(ticks "${PID[current]}")
  b0=$(ticks "${PID[baseline]}")
  # The wrk started first alternates from round to round, so that neither kit is always the one
  # whose load begins a few milliseconds earlier.
  if ((round % 2)); then first=current second=baseline; else first=baseline second=current; fi
  load "$first" "$DURATION" >"$BENCH_WORK/logs/side-by-side-$first-$round.wrk" &
  both=$!
  load "$second" "$DURATION" >"$BENCH_WORK/logs/side-by-side-$second-$round.wrk"
  wait "$both"
  c1=$(ticks "${PID[current]}")
  b1=$(ticks "${PID[baseline]}")
  cr=$(requests "$BENCH_WORK/logs/side-by-side-current-$round.wrk")
  br=$(requests "$BENCH_WORK/logs/side-by-side-baseline-$round.wrk")
  [[ -n "$cr" && -n "$br" ]] || bench_die "round $round: a wrk run printed no BENCH line"
  awk -v r="$round" -v l="$loadavg" -v cr="$cr" -v br="$br" -v cc=$((c1 - c0)) -v bc=$((b1 - b0)) \
    -v hz="$hz" -v d="$seconds" 'BEGIN {
      ce = cr / (cc / hz); be = br / (bc / hz)
      printf "%d\t%s\t%.0f\t%.0f\t%.3f\t%.0f\t%.0f\t%.3f\n", r, l, cr / d, br / d, cr / br, ce, be, ce / be }' \
    | tee -a "$OUT"
done
python3 - "$OUT" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
rps = statistics.median(float(r["rps_ratio"]) for r in rows)
cpu = statistics.median(float(r["cpu_ratio"]) for r in rows)
print(f"median of {len(rows)} rounds: requests/s {rps:.3f}, requests per CPU-second {cpu:.3f} (current / baseline)")
PY
echo "$OUT"
