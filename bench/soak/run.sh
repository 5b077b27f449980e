#!/usr/bin/env bash
# Soak test of the packaged server under a bounded load of valid, expired and forged tokens:
#
#   bench/soak/run.sh                       # 60 s per transport, 64 connections, 8 sessions
#   SOAK_SECONDS=15 bench/soak/run.sh       # the CI variant (.ci/run)
#
# Per transport (BENCH_TRANSPORTS, "helidon undertow"):
# 1. Builds app/target/mcp-oauth-kit.jar + lib/ (BENCH_SKIP_BUILD=1: reuse those of an earlier
#    bench or soak run), starts the CI issuer (.ci/issuer) and the kit with its default settings
#    (MCP_FEATURES=examples, sessions) except OAUTH_CLOCK_SKEW=1s, so that a token one second past
#    its exp is expired; JVM flags and CPU pinning as bench/http (bench/http/lib.sh: kit on
#    BENCH_SERVER_CPUS, load on BENCH_CLIENT_CPUS), plus -XX:+AlwaysPreTouch.
# 2. Gets a valid token (1 h) and an expired one (the issuer's short-lived client, 1 s, waited
#    out), forges five kinds of token from the valid one (bench/soak/forge.mjs), checks each class
#    once with curl, and opens SOAK_SESSIONS sessions.
# 3. Drives POST /mcp for SOAK_SECONDS with wrk: SOAK_CONNECTIONS connections, one per wrk thread,
#    spread over the sessions, SOAK_MIX (8:1:1) valid:expired:forged requests, every answer checked
#    by bench/soak/soak.lua against its class.
# 4. Samples the kit every SOAK_SAMPLE_SECONDS (1) plus jstat's own time: VmRSS and VmHWM from
#    /proc, the heap with jstat -gc; forces a full GC (jcmd GC.run) when the warm-up (SOAK_WARMUP, a quarter of the run, at
#    least 5 s) ends and again after the load, and reads the live old generation after each.
# 5. Judges the run with bench/soak/judge.py (the rules are in its header: every request answered
#    and no socket error, no 5xx, every valid request 200 with a result, every expired and forged
#    one 401 invalid_token, RSS and live heap flat after the warm-up) and prints the figures.
#
# Results (scratch, gitignored): bench/results/soak-<UTC stamp>.tsv (one row per transport),
# soak-<stamp>-<transport>.samples.tsv, .wrk.txt, .judge.txt and .env (facts about the run).
# docs/SOAK.md reports a full-length run.
#
# Env: SOAK_SECONDS (60; at most 3000, the valid token lives 1 h), SOAK_CONNECTIONS (64),
# SOAK_SESSIONS (8), SOAK_MIX (8:1:1), SOAK_WARMUP (SOAK_SECONDS/4, at least 5), SOAK_SAMPLE_SECONDS
# (1), SOAK_RSS_MARGIN_MB and SOAK_HEAP_MARGIN_MB (judge.py's defaults), SOAK_PROTOCOL (2025-11-25),
# BENCH_RESULTS (bench/results), and those of bench/http/lib.sh (BENCH_TRANSPORTS, BENCH_JVM_OPTS,
# JAVA_OPTS, BENCH_SERVER_CPUS, BENCH_CLIENT_CPUS, BENCH_WORK, BENCH_SKIP_BUILD, BENCH_SERVER_ENV).
#
# Exits 0 when every transport passed every rule, 1 otherwise (after running them all).
#
# Needs: a JDK 21+ (JAVA_HOME, else the newest in /usr/lib/jvm; its jstat and jcmd), wrk, taskset,
# curl, python3, node >= 20.19 and npm (the issuer), and the npm registry on the first run.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
# shellcheck source=.ci/lib.sh
source .ci/lib.sh
require_build_jdk
# shellcheck source=bench/http/lib.sh
source bench/http/lib.sh

SOAK_SECONDS=${SOAK_SECONDS:-60}
SOAK_CONNECTIONS=${SOAK_CONNECTIONS:-64}
SOAK_SESSIONS=${SOAK_SESSIONS:-8}
SOAK_MIX=${SOAK_MIX:-8:1:1}
SOAK_WARMUP=${SOAK_WARMUP:-$((SOAK_SECONDS / 4 > 5 ? SOAK_SECONDS / 4 : 5))}
SOAK_SAMPLE_SECONDS=${SOAK_SAMPLE_SECONDS:-1}
SOAK_PROTOCOL=${SOAK_PROTOCOL:-2025-11-25}
# The heap is touched at startup, so that RSS does not grow merely because the old generation fills
# with garbage for the first time: what RSS shows after the warm-up is then memory outside the heap.
JAVA_OPTS="-XX:+AlwaysPreTouch ${JAVA_OPTS:-}"
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results}
SHORT_LIVED_CLIENT=mcp-short-lived-client:mcp-short-lived-secret # .ci/issuer/issuer.mjs

((SOAK_SECONDS >= 10 && SOAK_SECONDS <= 3000)) || bench_die "SOAK_SECONDS must be between 10 and 3000"
((SOAK_WARMUP < SOAK_SECONDS)) || bench_die "SOAK_WARMUP ($SOAK_WARMUP) must be shorter than SOAK_SECONDS"
bench_require_tools wrk taskset curl python3 node npm
for tool in jstat jcmd; do [[ -x "$JAVA_HOME/bin/$tool" ]] || bench_die "$JAVA_HOME/bin/$tool is missing"; done
mkdir -p "$BENCH_WORK" "$RESULTS"
LOGS=$BENCH_WORK/soak-logs
mkdir -p "$LOGS"
SAMPLER_PID=""
cleanup() {
  [[ -n "$SAMPLER_PID" ]] && kill "$SAMPLER_PID" 2>/dev/null
  bench_stop_all
}
trap cleanup EXIT
trap 'exit 130' INT TERM

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
ROWS=$RESULTS/soak-$STAMP.tsv
{
  bench_describe
  echo "soak_seconds=$SOAK_SECONDS connections=$SOAK_CONNECTIONS sessions=$SOAK_SESSIONS mix=$SOAK_MIX" \
    "warmup=$SOAK_WARMUP sample_seconds=$SOAK_SAMPLE_SECONDS protocol=$SOAK_PROTOCOL"
} >"$RESULTS/soak-$STAMP.env"
bench_log "Soak: ${SOAK_SECONDS}s per transport, $SOAK_CONNECTIONS connections, $SOAK_SESSIONS sessions," \
  "mix valid:expired:forged $SOAK_MIX; results $ROWS; JVM flags: $(bench_jvm_opts)"

bench_build_artifacts
bench_start_issuer

# on_client <command...>: runs a helper (jstat, jcmd, curl) on the load generator's CPUs.
on_client() { taskset -c "$BENCH_CLIENT_CPUS" "$@"; }

# old_gen_kb <pid>: the old generation's used KB (jstat -gc column OU).
old_gen_kb() {
  on_client "$JAVA_HOME/bin/jstat" -gc "$1" | awk 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "OU") c = i }
    NR == 2 { printf "%.0f", $c }'
}

# live_heap_kb <pid>: forces a full GC, then prints the old generation's used KB.
live_heap_kb() {
  on_client "$JAVA_HOME/bin/jcmd" "$1" GC.run >/dev/null || bench_die "jcmd $1 GC.run failed"
  old_gen_kb "$1"
}

# sample <pid> <start ns> <file>: a row every SOAK_SAMPLE_SECONDS until <file>.stop exists. VmRSS
# and VmHWM come from /proc, on time; jstat starts a JVM of its own on the client CPUs, which wrk
# keeps busy, and once took 4-7 s there (a CI soak got 3 rows after its warm-up where the rss rule
# needs 4), so it runs in the background and each row carries the latest jstat line it has written
# (a few seconds old at most), or none: judge.py reads the rss rule from rows of three columns too.
sample() {
  set +e
  local pid=$1 start=$2 file=$3 now jstat_pid=''
  printf 't_s\trss_kb\thwm_kb\t%s\n' \
    "$(on_client "$JAVA_HOME/bin/jstat" -gc "$pid" | head -1 | xargs | tr ' ' '\t')" >"$file"
  rm -f "$file.gc"
  while [[ ! -e "$file.stop" ]] && kill -0 "$pid" 2>/dev/null; do
    now=$(date +%s%N)
    printf '%s\t%s\t%s\t%s\n' "$(awk -v n="$now" -v s="$start" 'BEGIN { printf "%.1f", (n - s) / 1e9 }')" \
      "$(bench_mem_kb "$pid" VmRSS)" "$(bench_mem_kb "$pid" VmHWM)" "$(cat "$file.gc" 2>/dev/null)" >>"$file"
    if [[ -z "$jstat_pid" ]] || ! kill -0 "$jstat_pid" 2>/dev/null; then
      { on_client "$JAVA_HOME/bin/jstat" -gc "$pid" 2>/dev/null | tail -1 | xargs | tr ' ' '\t' >"$file.gc.next" \
        && [[ -s "$file.gc.next" ]] && mv "$file.gc.next" "$file.gc"; } &
      jstat_pid=$!
    fi
    sleep "$SOAK_SAMPLE_SECONDS"
  done
  [[ -n "$jstat_pid" ]] && wait "$jstat_pid"
  rm -f "$file.gc" "$file.gc.next"
}

# expect_status <what> <expected status> <token> <session> [<grep pattern in the headers>]
expect_status() {
  local what=$1 expected=$2 token=$3 session=$4 pattern=${5:-} headers status
  headers=$(curl -s --max-time 10 -o /dev/null -D - -X POST "$MCP" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -H 'Accept: application/json, text/event-stream' -H "Mcp-Session-Id: $session" \
    -H "MCP-Protocol-Version: $SOAK_PROTOCOL" --data '{"jsonrpc":"2.0","id":1,"method":"ping"}' | tr -d '\r') || true
  status=$(head -1 <<<"$headers" | awk '{ print $2 }')
  [[ "$status" == "$expected" ]] || bench_die "$what got HTTP ${status:-nothing}, expected $expected"
  [[ -z "$pattern" ]] || grep -qi "$pattern" <<<"$headers" || bench_die "$what: no '$pattern' in: $headers"
}

failed=()
for transport in $BENCH_TRANSPORTS; do
  port=$(bench_free_port)
  MCP=http://localhost:$port/mcp
  log=$LOGS/kit-$transport-$STAMP.log
  bench_log "$transport: starting the kit on port $port"
  BENCH_SERVER_ENV="OAUTH_CLOCK_SKEW=1s ${BENCH_SERVER_ENV:-}" bench_start_kit "$transport" "$port" "$log"
  pid=$STARTED_PID

  valid=$(bench_token "$MCP")
  expired=$(export ISSUER_CLIENT_ID=${SHORT_LIVED_CLIENT%%:*} ISSUER_CLIENT_SECRET=${SHORT_LIVED_CLIENT#*:}
    bench_token "$MCP")
  forged=$(node bench/soak/forge.mjs "$valid") || bench_die "bench/soak/forge.mjs failed"
  sessions=()
  for _ in $(seq "$SOAK_SESSIONS"); do
    sessions+=("$(bench_open_session "$MCP" "$valid" "$SOAK_PROTOCOL")")
  done
  sleep 2.5 # the short-lived token's second, the kit's one second of skew, and a margin
  expect_status "a valid token" 200 "$valid" "${sessions[0]}"
  expect_status "the expired token" 401 "$expired" "${sessions[0]}" 'error_description="Token expired"'
  while read -r kind token; do
    expect_status "the forged token ($kind)" 401 "$token" "${sessions[0]}" 'error="invalid_token"'
  done <<<"$forged"

  prefix=$RESULTS/soak-$STAMP-$transport
  bench_log "$transport: ${SOAK_SECONDS}s of load (warm-up ${SOAK_WARMUP}s), samples in $prefix.samples.tsv"
  start=$(date +%s%N)
  sample "$pid" "$start" "$prefix.samples.tsv" &
  SAMPLER_PID=$!
  SOAK_VALID=$valid SOAK_EXPIRED=$expired SOAK_FORGED="$(awk '{ print $2 }' <<<"$forged" | xargs)" \
    SOAK_SESSIONS="${sessions[*]}" SOAK_PROTOCOL=$SOAK_PROTOCOL SOAK_MIX=$SOAK_MIX \
    taskset -c "$BENCH_CLIENT_CPUS" wrk -t"$SOAK_CONNECTIONS" -c"$SOAK_CONNECTIONS" -d"${SOAK_SECONDS}s" \
    --timeout 10s -s bench/soak/soak.lua "http://localhost:$port" >"$prefix.wrk.txt" 2>&1 &
  wrk_pid=$!
  sleep "$SOAK_WARMUP"
  heap_warm=$(live_heap_kb "$pid")
  wait "$wrk_pid" || { cat "$prefix.wrk.txt" >&2; bench_die "wrk failed ($transport)"; }
  heap_end=$(live_heap_kb "$pid")
  touch "$prefix.samples.tsv.stop"
  wait "$SAMPLER_PID" || true
  SAMPLER_PID=""
  rm -f "$prefix.samples.tsv.stop"
  kill -0 "$pid" 2>/dev/null || bench_die "the $transport kit exited during the soak; see $log"
  [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://localhost:$port/health")" == 200 ]] \
    || bench_die "the $transport kit's /health does not answer 200 after the soak"

  bench_log "$transport: verdict"
  judge=(python3 bench/soak/judge.py --transport "$transport" --wrk "$prefix.wrk.txt"
    --samples "$prefix.samples.tsv" --warmup "$SOAK_WARMUP" --connections "$SOAK_CONNECTIONS"
    --heap-warm "$heap_warm" --heap-end "$heap_end" --row "$ROWS")
  [[ -n "${SOAK_RSS_MARGIN_MB:-}" ]] && judge+=(--rss-margin-mb "$SOAK_RSS_MARGIN_MB")
  [[ -n "${SOAK_HEAP_MARGIN_MB:-}" ]] && judge+=(--heap-margin-mb "$SOAK_HEAP_MARGIN_MB")
  if ! "${judge[@]}" | tee "$prefix.judge.txt"; then
    failed+=("$transport")
  fi
  errors=$(grep -c -E '\b(ERROR|SEVERE)\b' "$log" || true)
  warnings=$(grep -c -E '\bWARN(ING)?\b' "$log" || true)
  echo "  kit log: $errors ERROR/SEVERE lines, $warnings WARN lines ($log)"
  if ((errors > 0)); then
    grep -m5 -E '\b(ERROR|SEVERE)\b' "$log" >&2
    failed+=("$transport (errors logged)")
  fi
  bench_stop "$pid"
done

bench_log "Summary ($ROWS)"
column -t -s $'\t' "$ROWS" 2>/dev/null || cat "$ROWS"
if ((${#failed[@]} > 0)); then
  bench_die "the soak failed on: ${failed[*]}"
fi
echo "soak: PASS (${SOAK_SECONDS}s per transport: $BENCH_TRANSPORTS)"
