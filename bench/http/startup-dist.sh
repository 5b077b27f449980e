#!/usr/bin/env bash
# Startup-to-ready of the distribution archive, three ways, against the CI issuer:
#
#   bench/http/startup-dist.sh          (after ./mvnw -pl app -am package on a JDK 25)
#
#   jar       java -jar mcp-oauth-kit.jar with the JVM's own defaults (what a bare java -jar gives)
#   launcher  bin/mcp-oauth-kit: its default flags and the archive's AOT cache
#   no-aot    bin/mcp-oauth-kit with MCP_OAUTH_KIT_AOT_CACHE=off: its flags alone
#
# RUNS interleaved rounds (after one untimed launch of each), each launch pinned to
# BENCH_SERVER_CPUS and measured by bench/http/startup.py: the time from just before the launch to
# the first 200 of GET /.well-known/oauth-protected-resource/mcp (discovery and JWKS fetched from
# the issuer), the CPU time and VmRSS at that moment. Writes
# $BENCH_RESULTS/startup-dist-<UTC timestamp>.tsv and startup-dist-latest.tsv (medians), printed.
#
# Env: RUNS (10), BENCH_RESULTS (bench/results), BENCH_SERVER_CPUS (0), BENCH_CLIENT_CPUS (1),
# BENCH_WORK (target/bench). Needs taskset, curl, python3, node >= 20 and npm.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
# shellcheck source=.ci/lib.sh
source .ci/lib.sh
require_build_jdk
# shellcheck source=bench/http/lib.sh
source bench/http/lib.sh

RUNS=${RUNS:-10}
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results}
DIST=$BENCH_WORK/dist
LOGS=$BENCH_WORK/logs
MODES="jar launcher no-aot"
bench_require_tools taskset curl python3 node npm
mkdir -p "$BENCH_WORK" "$RESULTS" "$LOGS"
trap bench_stop_all EXIT
trap 'exit 130' INT TERM

archive=$(find app/target -maxdepth 1 -name 'mcp-oauth-kit-*.tar.gz' | head -1)
[[ -n "$archive" ]] || bench_die "no app/target/mcp-oauth-kit-*.tar.gz: run ./mvnw -pl app -am package first"
rm -rf "$DIST"
mkdir -p "$DIST"
tar -xzf "$archive" -C "$DIST" --strip-components=1
[[ -f "$DIST/lib/mcp-oauth-kit.aot" ]] || bench_log "the archive has no AOT cache (built on a JDK < 25)"
bench_start_issuer

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RAW=$RESULTS/startup-dist-$STAMP.tsv

# launch <mode>: one measured start; prints "ready_ms=... cpu_ms=... rss_mb=...".
launch() {
  local mode=$1 port command=()
  port=$(bench_free_port)
  command=(env -i PATH="$PATH" HOME="$HOME" LANG=C.UTF-8 JAVA_HOME="$JAVA_HOME"
    OAUTH_ISSUER_URL="$ISSUER_URL" OAUTH_AUDIENCE="http://localhost:$port/mcp" PORT="$port")
  case $mode in
    jar) command+=(taskset -c "$BENCH_SERVER_CPUS" "$JAVA_HOME/bin/java" -jar "$DIST/mcp-oauth-kit.jar") ;;
    launcher) command+=(taskset -c "$BENCH_SERVER_CPUS" "$DIST/bin/mcp-oauth-kit") ;;
    no-aot) command+=(MCP_OAUTH_KIT_AOT_CACHE=off taskset -c "$BENCH_SERVER_CPUS" "$DIST/bin/mcp-oauth-kit") ;;
  esac
  mkdir -p "$BENCH_WORK/run"
  (cd "$BENCH_WORK/run" && taskset -c "$BENCH_CLIENT_CPUS" python3 "$ROOT/bench/http/startup.py" probe \
    --port "$port" --log "$LOGS/startup-dist-$mode-$STAMP.log" -- "${command[@]}") \
    || { tail -n 20 "$LOGS/startup-dist-$mode-$STAMP.log" >&2; bench_die "$mode did not start"; }
}

flags() {
  case $1 in
    jar) echo "(JVM defaults)" ;;
    launcher) echo "bin/mcp-oauth-kit defaults + lib/mcp-oauth-kit.aot" ;;
    no-aot) echo "bin/mcp-oauth-kit defaults, MCP_OAUTH_KIT_AOT_CACHE=off" ;;
  esac
}

bench_log "Untimed first launches"
for mode in $MODES; do echo "$mode: $(launch "$mode")"; done

printf 'round\ttransport\tmode\tready_ms\tcpu_ms\trss_mb\tjvm_flags\n' >"$RAW"
{ bench_describe | grep -v "^jvm_opts="; echo "runs=$RUNS modes=$MODES archive=$archive"; } >"${RAW%.tsv}.env"
for round in $(seq "$RUNS"); do
  bench_log "Round $round of $RUNS"
  for mode in $MODES; do
    line=$(launch "$mode")
    echo "  $mode: $line"
    awk -v line="$line" -v round="$round" -v m="$mode" -v flags="$(flags "$mode")" 'BEGIN {
      n = split(line, kv, " "); for (i = 1; i <= n; i++) { split(kv[i], p, "="); v[p[1]] = p[2] }
      printf "%s\tdistribution\t%s\t%s\t%s\t%s\t%s\n", round, m, v["ready_ms"], v["cpu_ms"], v["rss_mb"], flags }' >>"$RAW"
  done
done

bench_log "Summary ($RESULTS/startup-dist-latest.tsv)"
python3 bench/http/startup.py summarize "$RAW" --out "$RESULTS/startup-dist-latest.tsv"
