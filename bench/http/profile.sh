#!/usr/bin/env bash
# A CPU profile of the packaged server under one load of bench/http/run.sh, with JDK Flight Recorder:
#
#   bench/http/profile.sh [transport ...]        (default: helidon undertow)
#
# Per transport: starts the issuer and the kit (same flags and CPUs as run.sh), opens a session,
# warms up (WARMUP, default 15s, of the scenario), then records DURATION (default 20s) of the
# scenario (PROFILE_SCENARIO, default tools_list; modern_tools_list for MCP 2026-07-28, any scenario
# of bench/http/mcp.lua) with JFR's "profile" settings (started and dumped with jcmd, so neither
# startup nor warm-up is in it), and writes to $BENCH_WORK/profile:
#   <transport>-<scenario>-c<connections>.jfr   the recording
#   <transport>-<scenario>-c<connections>.txt   `jfr view hot-methods` (self time, top TOP) and the top TOP
#                                     methods by inclusive samples (bench/http/jfr_top.py)
# Env: PROFILE_SCENARIO, DURATION, WARMUP, TOP (20), CONNECTIONS (16), BENCH_PROTOCOL, and those of
# bench/http/lib.sh (BENCH_SKIP_BUILD=1 reuses the artifacts of an earlier run.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
# shellcheck source=.ci/lib.sh
source .ci/lib.sh
require_build_jdk
# shellcheck source=bench/http/lib.sh
source bench/http/lib.sh

[[ $# -gt 0 ]] && BENCH_TRANSPORTS="$*"
SCENARIO=${PROFILE_SCENARIO:-tools_list}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-15s}
TOP=${TOP:-20}
CONNECTIONS=${CONNECTIONS:-16}
BENCH_PROTOCOL=${BENCH_PROTOCOL:-2025-11-25}
OUT=$BENCH_WORK/profile
JFR=$JAVA_HOME/bin/jfr
JCMD=$JAVA_HOME/bin/jcmd

bench_require_tools wrk taskset curl python3 node npm
mkdir -p "$BENCH_WORK" "$OUT"
trap bench_stop_all EXIT
trap 'exit 130' INT TERM

bench_build_artifacts
bench_start_issuer

load() { # load <url> <token> <session> <duration>
  BENCH_SCENARIO=$SCENARIO BENCH_TOKEN=$2 BENCH_SESSION=$3 BENCH_PROTOCOL=$BENCH_PROTOCOL \
    taskset -c "$BENCH_CLIENT_CPUS" wrk -t1 -c"$CONNECTIONS" -d"$4" --latency -s bench/http/mcp.lua "$1"
}

for transport in $BENCH_TRANSPORTS; do
  port=$(bench_free_port)
  url=http://localhost:$port
  name=$transport-$SCENARIO-c$CONNECTIONS
  bench_log "Profiling $transport $SCENARIO: kit on $url"
  bench_start_kit "$transport" "$port" "$OUT/$name.log"
  pid=$STARTED_PID
  token=$(bench_token "$url/mcp")
  session=$(bench_open_session "$url/mcp" "$token" "$BENCH_PROTOCOL")
  load "$url" "$token" "$session" "$WARMUP" >"$OUT/$name.warmup.wrk"
  rm -f "$OUT/$name.jfr"
  "$JCMD" "$pid" JFR.start name=bench settings=profile >/dev/null
  load "$url" "$token" "$session" "$DURATION" | tee "$OUT/$name.wrk" | grep -E 'Requests/sec|^BENCH '
  "$JCMD" "$pid" JFR.dump name=bench filename="$OUT/$name.jfr" >/dev/null
  "$JCMD" "$pid" JFR.stop name=bench >/dev/null
  bench_stop "$pid"
  {
    echo "# $transport $SCENARIO, $DURATION at $CONNECTIONS connections after $WARMUP of warm-up; flags: $(bench_jvm_opts)"
    grep '^BENCH ' "$OUT/$name.wrk" || true
    echo
    "$JFR" view --width 200 hot-methods "$OUT/$name.jfr" | head -n $((TOP + 6))
    echo
    "$JFR" print --json --events jdk.ExecutionSample "$OUT/$name.jfr" | python3 bench/http/jfr_top.py --top "$TOP"
  } >"$OUT/$name.txt"
  cat "$OUT/$name.txt"
done
