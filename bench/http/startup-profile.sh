#!/usr/bin/env bash
# A CPU profile of one start of the packaged server, from launch to ready, with JDK Flight Recorder:
#
#   bench/http/startup-profile.sh [transport]        (default: helidon)
#
# Starts the CI issuer (.ci/issuer), launches the kit pinned to BENCH_SERVER_CPUS with the JVM flags
# of run.sh plus C1 only (-XX:TieredStopAtLevel=1) and a JFR recording that samples every thread
# every millisecond (settings=profile, jdk.ExecutionSample#period=1ms); bench/http/startup.py probe
# (as in startup.sh) waits for the first 200 of GET /.well-known/oauth-protected-resource/mcp
# (ready), dumps the recording then (jcmd JFR.dump) and stops the kit. Writes to $BENCH_WORK/profile:
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
rm -f "$OUT/$name.log"
ready=$(cd "$BENCH_WORK/run" && taskset -c "$BENCH_CLIENT_CPUS" python3 "$ROOT/bench/http/startup.py" probe \
  --port "$port" --timeout 30 --log "$OUT/$name.log" \
  --on-ready "'$JAVA_HOME/bin/jcmd' {pid} JFR.dump filename='$OUT/$name.jfr' >/dev/null" -- "${cmd[@]}") \
  || { tail -n 30 "$OUT/$name.log" >&2; bench_die "the kit did not start, or the recording was not dumped"; }
"$JAVA_HOME/bin/jfr" print --json --events jdk.ExecutionSample "$OUT/$name.jfr" \
  | python3 bench/http/jfr_top.py --top "$TOP" >"$OUT/$name.txt"
echo "$ready (JFR included); wrote $OUT/$name.jfr, .txt, .log"
head -n $((TOP + 2)) "$OUT/$name.txt"
