#!/usr/bin/env bash
# A CPU profile of one start of the packaged server, from launch to ready, with JDK Flight Recorder:
#
#   bench/http/startup-profile.sh [transport]        (default: helidon)
#
# Starts the CI issuer (.ci/issuer), launches the kit pinned to BENCH_SERVER_CPUS with the JVM flags
# of run.sh plus C1 only (-XX:TieredStopAtLevel=1) and a JFR recording that samples every thread
# every millisecond (settings=profile, jdk.ExecutionSample#period=1ms), polls
# GET /.well-known/oauth-protected-resource/mcp every 2 ms until it answers 200 (ready), dumps the
# recording there (jcmd JFR.dump) and stops the kit. Writes to $BENCH_WORK/profile:
#   startup-<transport>-c1.jfr   the recording (launch to ready)
#   startup-<transport>-c1.txt   hottest methods, self and inclusive (bench/http/jfr_top.py)
#   startup-<transport>-c1.log   the kit's output, whose log lines time the phases (discovery, JWKS,
#                                listening)
# Why C1 and not the AOT cache: a JVM with JFR does not use the archived module graph, and an AOT
# cache with linked classes cannot be used without it, so -XX:AOTCache and JFR do not go together.
#
# Env: TOP (30), and those of bench/http/lib.sh (BENCH_SKIP_BUILD=1 reuses the artifacts of an
# earlier run.sh or startup.sh). Needs a JDK 21+, curl, python3, node >= 20 and npm.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
# shellcheck source=.ci/lib.sh
source .ci/lib.sh
require_build_jdk
# shellcheck source=bench/http/lib.sh
source bench/http/lib.sh

TRANSPORT=${1:-helidon}
TOP=${TOP:-30}
BENCH_TRANSPORTS=$TRANSPORT
BENCH_PIDS=()
trap bench_stop_all EXIT
bench_require_tools curl python3 taskset node npm
bench_build_artifacts
bench_start_issuer

OUT=$BENCH_WORK/profile
mkdir -p "$OUT" "$BENCH_WORK/run"
name=startup-$TRANSPORT-c1
port=$(bench_free_port)
cmd=()
mapfile -d '' cmd < <(bench_kit_command "$TRANSPORT" "$port" -XX:TieredStopAtLevel=1 \
  "-XX:StartFlightRecording:settings=profile,jdk.ExecutionSample#period=1ms")
started=$(date +%s%N)
(cd "$BENCH_WORK/run" && exec "${cmd[@]}") >"$OUT/$name.log" 2>&1 &
pid=$!
BENCH_PIDS+=("$pid")
ready=""
for _ in $(seq 15000); do
  kill -0 "$pid" 2>/dev/null || { tail -n 30 "$OUT/$name.log" >&2; bench_die "the kit exited during startup"; }
  if curl -sf -o /dev/null --max-time 1 "http://localhost:$port/.well-known/oauth-protected-resource/mcp"; then
    ready=$(( ($(date +%s%N) - started) / 1000000 ))
    break
  fi
  sleep 0.002
done
[[ -n "$ready" ]] || bench_die "the kit was not ready within 30 s"
"$JAVA_HOME/bin/jcmd" "$pid" JFR.dump filename="$OUT/$name.jfr" >/dev/null
bench_stop_all
"$JAVA_HOME/bin/jfr" print --json --events jdk.ExecutionSample "$OUT/$name.jfr" \
  | python3 bench/http/jfr_top.py --top "$TOP" >"$OUT/$name.txt"
echo "ready after $ready ms (JFR and polling included); wrote $OUT/$name.jfr, .txt, .log"
head -n $((TOP + 2)) "$OUT/$name.txt"
