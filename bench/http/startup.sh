#!/usr/bin/env bash
# Startup-to-ready of the packaged server, per transport and JVM mode:
#
#   bench/http/startup.sh
#
# Builds both artifacts (BENCH_SKIP_BUILD=1: reuse those of an earlier run), starts the CI issuer,
# trains the archives the modes need, then runs RUNS interleaved rounds; a round launches, per
# transport and mode, the kit pinned to BENCH_SERVER_CPUS and measures with bench/http/startup.py
# (pinned to BENCH_CLIENT_CPUS; it connects every 2 ms) the time from just before the launch to the
# first 200 of GET /.well-known/oauth-protected-resource/mcp, plus the CPU time and RSS at that
# moment; then stops it. One untimed launch per transport and mode comes first (page cache).
#
# Modes (STARTUP_MODES, default "jvm c1 appcds aot aot-c1"), each on top of the JVM flags of run.sh:
#   jvm     nothing more
#   c1      -XX:TieredStopAtLevel=1 (C1 only)
#   appcds  -Xshare:on -XX:SharedArchiveFile=<transport>.jsa, dumped by a training run with
#           -XX:ArchiveClassesAtExit=<transport>.jsa (dynamic AppCDS)
#   aot     -XX:AOTMode=on -XX:AOTCache=<transport>.aot (JDK 25, JEP 483/514), written by a training
#           run with -XX:AOTCacheOutput=<transport>.aot
#   aot-c1  aot and c1 together (same cache as aot)
# A training run starts the kit, serves a second of each load of run.sh (tools_list, ping,
# unauthorized, metadata: bench/http/mcp.lua) and is stopped with SIGTERM; the archive is written
# as the JVM exits. -Xshare:on and -XX:AOTMode=on make a run fail instead of silently starting
# without its archive.
#
# Writes bench/results/startup-<UTC timestamp>.tsv (round, transport, mode, ready_ms, cpu_ms,
# rss_mb, jvm_flags) and the summary bench/results/startup-latest.tsv (median, min and max per
# transport and mode, the exact flags), printed as a table.
#
# Env: RUNS (10), STARTUP_MODES, BENCH_RESULTS (bench/results), and those of bench/http/lib.sh
# (BENCH_TRANSPORTS, BENCH_JVM_OPTS, JAVA_OPTS, BENCH_SERVER_CPUS, BENCH_CLIENT_CPUS, BENCH_WORK,
# BENCH_SKIP_BUILD). Needs a JDK 25 for the aot mode (a JDK 21+ for the others), wrk, taskset,
# curl, python3, node >= 20 and npm.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
# shellcheck source=.ci/lib.sh
source .ci/lib.sh
require_build_jdk
# shellcheck source=bench/http/lib.sh
source bench/http/lib.sh

RUNS=${RUNS:-10}
STARTUP_MODES=${STARTUP_MODES:-jvm c1 appcds aot aot-c1}
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results}
ARCHIVES=$BENCH_WORK/startup
LOGS=$BENCH_WORK/logs

bench_require_tools wrk taskset curl python3 node npm
mkdir -p "$BENCH_WORK" "$RESULTS" "$ARCHIVES" "$LOGS"
trap bench_stop_all EXIT
trap 'exit 130' INT TERM

if [[ " $STARTUP_MODES " == *" aot "* && "$(java_major "$JAVA")" -lt 25 ]]; then
  bench_die "the aot mode needs a JDK 25+ ($JAVA is $(java_major "$JAVA")); set JAVA_HOME or STARTUP_MODES"
fi

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RAW=$RESULTS/startup-$STAMP.tsv

bench_build_artifacts
bench_start_issuer

# mode_flags <transport> <mode>: the flags a mode adds, one per line.
mode_flags() {
  case "$2" in
    jvm) ;;
    c1) echo -XX:TieredStopAtLevel=1 ;;
    appcds) printf '%s\n' -Xshare:on "-XX:SharedArchiveFile=$ARCHIVES/$1.jsa" ;;
    aot) printf '%s\n' -XX:AOTMode=on "-XX:AOTCache=$ARCHIVES/$1.aot" ;;
    aot-c1) printf '%s\n' -XX:AOTMode=on "-XX:AOTCache=$ARCHIVES/$1.aot" -XX:TieredStopAtLevel=1 ;;
    *) bench_die "unknown mode '$2' (jvm, c1, appcds, aot, aot-c1)" ;;
  esac
}

# train <transport> <archive> <flag>: a training run that writes <archive> as it exits.
train() {
  local transport=$1 archive=$2 flag=$3 port url token session scenario i
  rm -f "$archive"
  port=$(bench_free_port)
  url=http://localhost:$port
  bench_log "Training run for $(basename "$archive"): $flag"
  bench_start_kit "$transport" "$port" "$LOGS/train-$(basename "$archive").log" "$flag"
  local pid=$STARTED_PID
  token=$(bench_token "$url/mcp")
  session=$(bench_open_session "$url/mcp" "$token" 2025-11-25)
  for scenario in tools_list ping unauthorized metadata; do
    BENCH_SCENARIO=$scenario BENCH_TOKEN=$token BENCH_SESSION=$session \
      taskset -c "$BENCH_CLIENT_CPUS" wrk -t1 -c4 -d1s -s bench/http/mcp.lua "$url" >/dev/null
  done
  # Writing the archive at exit takes a while on one core: wait up to 5 minutes, not 10 s.
  kill "$pid"
  for i in $(seq 3000); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && bench_die "the training run for $archive did not exit within 5 minutes"
  wait "$pid" 2>/dev/null || true
  [[ -s "$archive" ]] || { tail -n 30 "$LOGS/train-$(basename "$archive").log" >&2; bench_die "the training run wrote no $archive"; }
  echo "$(basename "$archive"): $(du -h "$archive" | cut -f1)"
}

for transport in $BENCH_TRANSPORTS; do
  for mode in $STARTUP_MODES; do
    case "$mode" in
      appcds) train "$transport" "$ARCHIVES/$transport.jsa" "-XX:ArchiveClassesAtExit=$ARCHIVES/$transport.jsa" ;;
      aot | aot-c1) [[ -s "$ARCHIVES/$transport.aot" && "${trained_aot:-}" == *" $transport "* ]] && continue
        trained_aot="${trained_aot:-} $transport "
        train "$transport" "$ARCHIVES/$transport.aot" "-XX:AOTCacheOutput=$ARCHIVES/$transport.aot" ;;
    esac
  done
done

# launch <transport> <mode>: one measured start; prints "ready_ms=... cpu_ms=... rss_mb=...".
launch() {
  local transport=$1 mode=$2 port cmd=() flags=()
  mapfile -t flags < <(mode_flags "$transport" "$mode")
  port=$(bench_free_port)
  mapfile -d '' cmd < <(bench_kit_command "$transport" "$port" "${flags[@]}")
  mkdir -p "$BENCH_WORK/run"
  (cd "$BENCH_WORK/run" && taskset -c "$BENCH_CLIENT_CPUS" python3 "$ROOT/bench/http/startup.py" probe \
    --port "$port" --log "$LOGS/startup-$transport-$mode-$STAMP.log" -- "${cmd[@]}") \
    || { tail -n 20 "$LOGS/startup-$transport-$mode-$STAMP.log" >&2; bench_die "$transport $mode did not start"; }
}

bench_log "Untimed first launches"
for transport in $BENCH_TRANSPORTS; do
  for mode in $STARTUP_MODES; do
    echo "$transport $mode: $(launch "$transport" "$mode")"
  done
done

printf 'round\ttransport\tmode\tready_ms\tcpu_ms\trss_mb\tjvm_flags\n' >"$RAW"
{ bench_describe; echo "runs=$RUNS modes=$STARTUP_MODES"; } >"${RAW%.tsv}.env"
for round in $(seq "$RUNS"); do
  bench_log "Round $round of $RUNS"
  for transport in $BENCH_TRANSPORTS; do
    for mode in $STARTUP_MODES; do
      line=$(launch "$transport" "$mode")
      echo "  $transport $mode: $line"
      # shellcheck disable=SC2046 # bench_jvm_opts is a word list
      flags="$(bench_jvm_opts) $(mode_flags "$transport" "$mode" | tr '\n' ' ')"
      awk -v line="$line" -v round="$round" -v t="$transport" -v m="$mode" -v flags="${flags% }" 'BEGIN {
        n = split(line, kv, " "); for (i = 1; i <= n; i++) { split(kv[i], p, "="); v[p[1]] = p[2] }
        printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", round, t, m, v["ready_ms"], v["cpu_ms"], v["rss_mb"], flags }' >>"$RAW"
    done
  done
done

bench_log "Summary (bench/results/startup-latest.tsv)"
python3 bench/http/startup.py summarize "$RAW" --out "$RESULTS/startup-latest.tsv"
