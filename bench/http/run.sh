#!/usr/bin/env bash
# HTTP load benchmark of the packaged server, each transport against a bare echo server on the same
# web server (the floor):
#
#   bench/http/run.sh
#
# 1. Builds app/target/mcp-oauth-kit.jar + lib/ for each transport (BENCH_SKIP_BUILD=1: reuse) and
#    compiles bench/http/EchoHelidon.java and EchoUndertow.java against the matching libs.
# 2. Installs (npm ci) and starts the CI issuer of .ci/issuer on loopback.
# 3. Starts, per transport, the kit (default settings: MCP_FEATURES=examples, sessions) and the echo
#    server, each pinned to BENCH_SERVER_CPUS (taskset -c 0) with the same JVM flags; gets a token;
#    opens one MCP session (initialize + notifications/initialized, with curl).
# 4. Warms every server up (WARMUP per scenario, not recorded), then runs ROUNDS interleaved rounds;
#    a round is, per transport: echo, tools_list, introspected_tools_list, dpop_tools_list,
#    modern_tools_list, modern_introspected_tools_list, modern_dpop_tools_list, ping, unauthorized,
#    metadata (with BENCH_BASELINE: baseline_tools_list after tools_list and
#    baseline_modern_tools_list after modern_tools_list), each one wrk run
#    (taskset -c 1, -t1 -c$CONNECTIONS -d$DURATION --latency, bench/http/mcp.lua):
#      echo          POST /mcp to the echo server, the tools/list request with the same headers
#      tools_list    POST /mcp tools/list on the session, a unique JSON-RPC id per request
#      baseline_tools_list  the same against the baseline kit (BENCH_BASELINE), on a session of its own
#      introspected_tools_list  tools_list with an opaque token of the issuer (RFC 7662), the same
#                    token every request, on a session opened with it: the kit's introspection
#                    cache is warm (one request right before the run, outside its measured time,
#                    makes the one call to the issuer), so every measured request is a cache hit
#      dpop_tools_list  tools_list with a DPoP-bound token (Authorization: DPoP) and a fresh DPoP
#                    proof per request (RFC 9449), on the same session: the token verified once and
#                    cached, the proof checked on every request (signature, claims, ath, cnf.jkt,
#                    replay cache)
#      modern_tools_list    POST /mcp tools/list as MCP 2026-07-28: no session, _meta with the
#                    protocol version, MCP-Protocol-Version: 2026-07-28 and Mcp-Method: tools/list
#      baseline_modern_tools_list  the same against the baseline kit
#      modern_introspected_tools_list  modern_tools_list with the opaque token, cache warm
#      modern_dpop_tools_list  modern_tools_list with a DPoP-bound token and a fresh proof each
#      ping          POST /mcp ping on the session
#      unauthorized  POST /mcp with a valid tools/list body and no Authorization: 401 expected
#      metadata      GET /.well-known/oauth-protected-resource/mcp
#    Every answer is checked in mcp.lua (status 200, or 401 for unauthorized, and a JSON-RPC result);
#    any socket error or unexpected answer stops the benchmark with the first bad answer shown.
# 5. Appends one row per run to bench/results/http-<UTC timestamp>.tsv (facts about the run in the
#    .env file beside it) and writes the summary bench/results/http-latest.tsv with
#    bench/http/summarize.py, which prints it as a table with the targets' PASS/MISS.
#
# Columns: round transport scenario connections duration_s requests rps p50_ms p99_ms server_cpu_s
# rps_per_cpu_s rss_mb hwm_mb errors, then p90_ms p999_ms client_cpu_s. server_cpu_s is the server
# process's user + system time over the run (/proc/<pid>/stat, all threads: GC and JIT included);
# rss_mb and hwm_mb are VmRSS and VmHWM at the end of the run.
#
# DPoP: the current kit (not the baseline or the echo server) runs with OAUTH_DPOP=allowed for every
# scenario, so that dpop_* and the bearer scenarios are measured on the same process (DPoP allowed
# leaves a Bearer request's path as it was: the kit reads no DPoP header for it). wrk cannot sign,
# so before each dpop_* run (warm-up included, outside the measured time) bench/http/dpop.mjs
# writes BENCH_DPOP_RATE x the run's seconds proofs, each with iat = now and a unique jti, signed
# by the key (BENCH_DPOP_ALG, ES256) the round's DPoP-bound token is bound to (cnf.jkt, from the
# issuer's token endpoint with a DPoP proof); mcp.lua sends each once. A run that outpaces them,
# or any proof refused (401 replay, 503 replay cache full), fails the benchmark. The kit's replay
# cache (OAUTH_DPOP_REPLAY_CACHE_SIZE = BENCH_DPOP_REPLAY_CACHE_SIZE) must hold every proof of the
# last max age + skew + 60 s: see docs/PERFORMANCE.md.
#
# Introspection: the current kit runs with OAUTH_VERIFICATION=hybrid (JWTs verified locally, any
# other token introspected) and the issuer's introspection client (client_secret_basic) for every
# scenario, so that introspected_* and the bearer JWT scenarios are measured on the same process.
# The issuer makes opaque tokens only for the resources in its ISSUER_OPAQUE_RESOURCES, fixed when
# it starts: so the kits' ports are picked before it starts, each kit accepts two audiences (its MCP
# URL, as before, and <MCP URL>-introspected), and the opaque tokens are asked for the second. Every
# other token (bearer, DPoP-bound, the baseline kit's) stays a JWT for the MCP URL, as without
# introspection. An answer is cached for OAUTH_INTROSPECTION_CACHE_TTL (the kit's default, 60 s), so
# a run longer than that (DURATION) measures one call to the issuer a minute as well.
#
# Env: ROUNDS (3), DURATION (10s), WARMUP (10s; 0 skips), CONNECTIONS (16), BENCH_SCENARIOS (all of
# them, in the order above), BENCH_PROTOCOL (2025-11-25: the legacy session's MCP-Protocol-Version),
# BENCH_BASELINE (unset: a directory of <transport>/mcp-oauth-kit.jar + lib/ from an earlier commit,
# made by bench/http/baseline.sh <commit>; its kit runs beside the current one, same flags and CPUs,
# and summarize.py compares tools_list and modern_tools_list with it round by round, each at least
# BENCH_BASELINE_MIN (0.9) of it), BENCH_KIT_METRICS (unset; 1: the current kit, not the baseline or
# the echo server, runs with its metrics on: MANAGEMENT_PORT set to a free port; its /metrics text
# is saved after the rounds, and the run fails unless it counted the tools/list answers),
# BENCH_DPOP (allowed; off: the kit without DPoP and no dpop_* scenario), BENCH_DPOP_RATE (6000:
# proofs made per second of a dpop_* run; one core verifies about 1,000-2,000 ES256 proofs a second
# on the reference VM, docs/PERFORMANCE.md), BENCH_DPOP_ALG (ES256 or Ed25519),
# BENCH_DPOP_REPLAY_CACHE_SIZE (200000, the kit's default), BENCH_DPOP_MAX_AGE (60s, the kit's
# default), BENCH_INTROSPECTION (hybrid; off: the kit verifies JWTs only, the issuer makes no opaque
# token, and no introspected_* scenario), BENCH_INTROSPECTION_CLIENT_ID and
# BENCH_INTROSPECTION_CLIENT_SECRET (the issuer's mcp-rs-basic / mcp-rs-secret), BENCH_RESULTS (bench/results), BENCH_UNDERTOW_ECHO (io), and those of bench/http/lib.sh:
# BENCH_TRANSPORTS, BENCH_JVM_OPTS, JAVA_OPTS, BENCH_SERVER_CPUS, BENCH_CLIENT_CPUS, BENCH_WORK,
# BENCH_SKIP_BUILD. BENCH_JVM_OPTS= (set and empty) runs the JVMs with their defaults.
#
# Exits 1 when a target is missed (the results are written first), non-zero on any failure.
#
# Needs: a JDK 21+ (JAVA_HOME, else the newest in /usr/lib/jvm), wrk, taskset, curl, python3,
# node >= 20 and npm (the issuer), and the npm registry on the first run.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
# shellcheck source=.ci/lib.sh
source .ci/lib.sh
require_build_jdk
# shellcheck source=bench/http/lib.sh
source bench/http/lib.sh

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-16}
BENCH_BASELINE=${BENCH_BASELINE:-}
BENCH_DPOP=${BENCH_DPOP:-allowed}
BENCH_DPOP_RATE=${BENCH_DPOP_RATE:-6000}
BENCH_DPOP_ALG=${BENCH_DPOP_ALG:-ES256}
BENCH_DPOP_REPLAY_CACHE_SIZE=${BENCH_DPOP_REPLAY_CACHE_SIZE:-200000}
BENCH_DPOP_MAX_AGE=${BENCH_DPOP_MAX_AGE:-60s}
BENCH_INTROSPECTION=${BENCH_INTROSPECTION:-hybrid}
BENCH_INTROSPECTION_CLIENT_ID=${BENCH_INTROSPECTION_CLIENT_ID:-mcp-rs-basic}
BENCH_INTROSPECTION_CLIENT_SECRET=${BENCH_INTROSPECTION_CLIENT_SECRET:-mcp-rs-secret}
if [[ -n "$BENCH_BASELINE" ]]; then
  BENCH_BASELINE=$(cd "$BENCH_BASELINE" && pwd)
  DEFAULT_SCENARIOS="echo tools_list baseline_tools_list modern_tools_list baseline_modern_tools_list ping unauthorized metadata"
else
  DEFAULT_SCENARIOS="echo tools_list modern_tools_list ping unauthorized metadata"
fi
if [[ "$BENCH_DPOP" != off ]]; then
  DEFAULT_SCENARIOS=${DEFAULT_SCENARIOS/tools_list /tools_list dpop_tools_list }
  DEFAULT_SCENARIOS=${DEFAULT_SCENARIOS/modern_tools_list /modern_tools_list modern_dpop_tools_list }
fi
if [[ "$BENCH_INTROSPECTION" != off ]]; then
  DEFAULT_SCENARIOS=${DEFAULT_SCENARIOS/tools_list /tools_list introspected_tools_list }
  DEFAULT_SCENARIOS=${DEFAULT_SCENARIOS/modern_tools_list /modern_tools_list modern_introspected_tools_list }
fi
BENCH_SCENARIOS=${BENCH_SCENARIOS:-$DEFAULT_SCENARIOS}
BENCH_PROTOCOL=${BENCH_PROTOCOL:-2025-11-25}
BENCH_BASELINE_MIN=${BENCH_BASELINE_MIN:-0.9}
BENCH_KIT_METRICS=${BENCH_KIT_METRICS:-}
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results}

bench_require_tools wrk taskset curl python3 node npm
mkdir -p "$BENCH_WORK" "$RESULTS"
LOGS=$BENCH_WORK/logs
mkdir -p "$LOGS"
trap bench_stop_all EXIT
trap 'exit 130' INT TERM

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RAW=$RESULTS/http-$STAMP.tsv
WRK_LOG=$LOGS/wrk-$STAMP.log
bench_log "Results: $RAW; wrk output: $WRK_LOG; JVM flags: $(bench_jvm_opts)"

bench_build_artifacts
bench_compile_echo

declare -A PID URL TOKEN SESSION MANAGEMENT DPOP_TOKEN KIT_PORT INTRO_TOKEN INTRO_SESSION
# The kits' ports before the issuer starts: it makes opaque tokens only for the resources named
# when it starts (the audience each kit accepts beside its MCP URL).
opaque_resources=""
for transport in $BENCH_TRANSPORTS; do
  KIT_PORT[$transport]=$(bench_free_port)
  opaque_resources+=",http://localhost:${KIT_PORT[$transport]}/mcp-introspected"
done
ISSUER_ENV=""
[[ "$BENCH_INTROSPECTION" == off ]] || ISSUER_ENV="ISSUER_OPAQUE_RESOURCES=${opaque_resources#,}"
bench_start_issuer
DPOP_KEY=$BENCH_WORK/dpop-key-$STAMP.json
DPOP_PROOFS=$BENCH_WORK/dpop-proofs.txt
rm -f "$DPOP_KEY"
for scenario in $BENCH_SCENARIOS; do
  if [[ "$scenario" == *dpop_* && "$BENCH_DPOP" == off ]]; then
    bench_die "scenario $scenario needs BENCH_DPOP=allowed or required"
  fi
done

is_dpop() { [[ "$1" == dpop_* || "$1" == modern_dpop_* ]]; }
is_introspected() { [[ "$1" == introspected_* || "$1" == modern_introspected_* ]]; }

for scenario in $BENCH_SCENARIOS; do
  if is_introspected "$scenario" && [[ "$BENCH_INTROSPECTION" == off ]]; then
    bench_die "scenario $scenario needs BENCH_INTROSPECTION=hybrid"
  fi
done

# introspected_token <transport>: an opaque token for the kit's second audience; a JWT fails.
introspected_token() {
  [[ "$BENCH_INTROSPECTION" == off ]] && return 0
  INTRO_TOKEN[$1]=$(bench_token "${URL[$1/kit]}/mcp-introspected")
  [[ "${INTRO_TOKEN[$1]}" != *.* ]] || bench_die "the issuer's token for ${URL[$1/kit]}/mcp-introspected is a JWT, not opaque"
}

# introspection_prime <transport> <scenario>: for an introspected_* scenario, one tools/list with
# its token right before the run, outside the measured time, so that the kit's cache holds the
# issuer's answer for the whole run (OAUTH_INTROSPECTION_CACHE_TTL, 60 s).
introspection_prime() {
  is_introspected "$2" || return 0
  local status
  status=$(curl -s --max-time 10 -o "$LOGS/prime.body" -w '%{http_code}' -X POST "${URL[$1/kit]}/mcp" \
    -H "Authorization: Bearer ${INTRO_TOKEN[$1]}" -H 'Content-Type: application/json' \
    -H 'Accept: application/json, text/event-stream' -H "Mcp-Session-Id: ${INTRO_SESSION[$1]}" \
    -H "MCP-Protocol-Version: $BENCH_PROTOCOL" --data '{"jsonrpc":"2.0","id":0,"method":"tools/list"}') || true
  [[ "$status" == 200 ]] || bench_die "$1 $2: tools/list with the opaque token got HTTP $status: $(head -c 300 "$LOGS/prime.body")"
}

# dpop_token <transport>: a DPoP-bound token of the kit, bound to $DPOP_KEY (made on first use).
dpop_token() {
  [[ "$BENCH_DPOP" == off ]] && return 0
  DPOP_TOKEN[$1]=$(BENCH_DPOP_ALG=$BENCH_DPOP_ALG timeout 30 node bench/http/dpop.mjs token \
    "$DPOP_KEY" "$ISSUER_URL" "${URL[$1/kit]}/mcp") || bench_die "no DPoP-bound token from the issuer"
}

# dpop_proofs <transport> <scenario> <duration>: for a dpop_* scenario, writes BENCH_DPOP_RATE
# proofs per second of <duration> (10s, 2m) to $DPOP_PROOFS, iat now, for the kit's MCP URL.
dpop_proofs() {
  is_dpop "$2" || return 0
  local seconds=${3%s}
  [[ "$3" == *m ]] && seconds=$((${3%m} * 60))
  [[ "$seconds" =~ ^[0-9]+$ ]] || bench_die "cannot read the duration '$3' (dpop_* needs Ns or Nm)"
  taskset -c "$BENCH_CLIENT_CPUS" node bench/http/dpop.mjs proofs "$DPOP_KEY" "${DPOP_TOKEN[$1]}" \
    "${URL[$1/kit]}/mcp" "$((seconds * BENCH_DPOP_RATE))" "$DPOP_PROOFS" \
    || bench_die "bench/http/dpop.mjs made no proofs"
}

# The server a scenario runs against: echo, baseline or kit.
server_of() {
  case "$1" in echo) echo echo ;; baseline_*) echo baseline ;; *) echo kit ;; esac
}

# The kits of a transport: the current one, and the baseline's when there is one.
kits() {
  echo kit
  [[ -n "$BENCH_BASELINE" ]] && echo baseline
  return 0
}

# open_session <transport> <kit|baseline>: a fresh token, then an MCP session on that kit.
open_session() {
  TOKEN[$1/$2]=$(bench_token "${URL[$1/$2]}/mcp")
  SESSION[$1/$2]=$(bench_open_session "${URL[$1/$2]}/mcp" "${TOKEN[$1/$2]}" "$BENCH_PROTOCOL")
}

if [[ -n "$BENCH_BASELINE" ]]; then
  for transport in $BENCH_TRANSPORTS; do
    [[ -f "$BENCH_BASELINE/$transport/mcp-oauth-kit.jar" ]] \
      || bench_die "no baseline artifact $BENCH_BASELINE/$transport/mcp-oauth-kit.jar (bench/http/baseline.sh)"
  done
fi

for transport in $BENCH_TRANSPORTS; do
  port=$(bench_free_port)
  bench_log "Starting the $transport echo server on port $port"
  bench_start_echo "$transport" "$port" "$LOGS/echo-$transport-$STAMP.log"
  PID[$transport/echo]=$STARTED_PID
  URL[$transport/echo]=http://localhost:$port
  port=${KIT_PORT[$transport]}
  kit_env=""
  kit_audience=""
  if [[ "$BENCH_INTROSPECTION" != off ]]; then
    kit_env="OAUTH_VERIFICATION=$BENCH_INTROSPECTION OAUTH_INTROSPECTION_CLIENT_ID=$BENCH_INTROSPECTION_CLIENT_ID"
    kit_env+=" OAUTH_INTROSPECTION_CLIENT_SECRET=$BENCH_INTROSPECTION_CLIENT_SECRET"
    kit_audience="http://localhost:$port/mcp,http://localhost:$port/mcp-introspected"
  fi
  if [[ "$BENCH_DPOP" != off ]]; then
    kit_env+=" OAUTH_DPOP=$BENCH_DPOP OAUTH_DPOP_MAX_AGE=$BENCH_DPOP_MAX_AGE"
    kit_env+=" OAUTH_DPOP_REPLAY_CACHE_SIZE=$BENCH_DPOP_REPLAY_CACHE_SIZE"
  fi
  if [[ -n "$BENCH_KIT_METRICS" ]]; then
    MANAGEMENT[$transport]=$(bench_free_port)
    kit_env+=" MANAGEMENT_PORT=${MANAGEMENT[$transport]}"
  fi
  kit_env=${kit_env# }
  bench_log "Starting the kit ($transport) on port $port${kit_env:+ with ${kit_env/SECRET=$BENCH_INTROSPECTION_CLIENT_SECRET/SECRET=(set)}}${kit_audience:+, OAUTH_AUDIENCE=$kit_audience}"
  KIT_ENV="$kit_env" KIT_AUDIENCE="$kit_audience" bench_start_kit "$transport" "$port" "$LOGS/kit-$transport-$STAMP.log"
  PID[$transport/kit]=$STARTED_PID
  URL[$transport/kit]=http://localhost:$port
  open_session "$transport" kit
  dpop_token "$transport"
  introspected_token "$transport"
  if [[ "$BENCH_INTROSPECTION" != off ]]; then
    INTRO_SESSION[$transport]=$(bench_open_session "${URL[$transport/kit]}/mcp" "${INTRO_TOKEN[$transport]}" "$BENCH_PROTOCOL")
  fi
  if [[ -n "$BENCH_BASELINE" ]]; then
    port=$(bench_free_port)
    bench_log "Starting the baseline kit ($transport, $BENCH_BASELINE) on port $port"
    KIT_ARTIFACTS=$BENCH_BASELINE bench_start_kit "$transport" "$port" "$LOGS/baseline-$transport-$STAMP.log"
    PID[$transport/baseline]=$STARTED_PID
    URL[$transport/baseline]=http://localhost:$port
    open_session "$transport" baseline
  fi
done

# run_wrk <transport> <scenario> <duration>: one wrk run; prints its output.
run_wrk() {
  local transport=$1 scenario=$2 duration=$3 server kit
  server=$(server_of "$scenario")
  kit=$server
  [[ "$server" == echo ]] && kit=kit # the echo request carries the kit's token and session
  local token=${TOKEN[$transport/$kit]} session=${SESSION[$transport/$kit]}
  is_dpop "$scenario" && token=${DPOP_TOKEN[$transport]}
  if is_introspected "$scenario"; then
    token=${INTRO_TOKEN[$transport]}
    session=${INTRO_SESSION[$transport]}
  fi
  # mcp.lua sends the same requests for baseline_* and introspected_* as for their twins.
  local lua_scenario=${scenario#baseline_}
  lua_scenario=${lua_scenario/introspected_/}
  BENCH_SCENARIO=$lua_scenario BENCH_TOKEN=$token BENCH_DPOP_PROOFS=$DPOP_PROOFS \
    BENCH_SESSION=$session BENCH_PROTOCOL=$BENCH_PROTOCOL \
    taskset -c "$BENCH_CLIENT_CPUS" wrk -t1 -c"$CONNECTIONS" -d"$duration" --latency \
    -s bench/http/mcp.lua "${URL[$transport/$server]}" 2>&1
}

if [[ "$WARMUP" != 0 && "$WARMUP" != 0s ]]; then
  for transport in $BENCH_TRANSPORTS; do
    for scenario in $BENCH_SCENARIOS; do
      bench_log "Warm-up: $transport $scenario ($WARMUP)"
      dpop_proofs "$transport" "$scenario" "$WARMUP"
      introspection_prime "$transport" "$scenario"
      { echo "### warm-up $transport $scenario"; run_wrk "$transport" "$scenario" "$WARMUP"; } >>"$WRK_LOG"
    done
  done
fi

printf 'round\ttransport\tscenario\tconnections\tduration_s\trequests\trps\tp50_ms\tp99_ms\tserver_cpu_s\trps_per_cpu_s\trss_mb\thwm_mb\terrors\tp90_ms\tp999_ms\tclient_cpu_s\n' >"$RAW"
{
  bench_describe
  echo "rounds=$ROUNDS duration=$DURATION warmup=$WARMUP connections=$CONNECTIONS protocol=$BENCH_PROTOCOL undertow_echo=${BENCH_UNDERTOW_ECHO:-io}"
  echo "scenarios=$BENCH_SCENARIOS"
  [[ -z "$BENCH_BASELINE" ]] || echo "baseline=$BENCH_BASELINE ($(cat "$BENCH_BASELINE/COMMIT" 2>/dev/null || echo 'commit unknown')) baseline_min=$BENCH_BASELINE_MIN"
  echo "kit_metrics=${BENCH_KIT_METRICS:-off}"
  echo "introspection=$BENCH_INTROSPECTION introspection_client=$BENCH_INTROSPECTION_CLIENT_ID (client_secret_basic)"
  echo "dpop=$BENCH_DPOP dpop_rate=$BENCH_DPOP_RATE dpop_alg=$BENCH_DPOP_ALG dpop_max_age=$BENCH_DPOP_MAX_AGE dpop_replay_cache_size=$BENCH_DPOP_REPLAY_CACHE_SIZE"
} >"${RAW%.tsv}.env"

# measure <round> <transport> <scenario>: one recorded wrk run, appended to $RAW.
measure() {
  local round=$1 transport=$2 scenario=$3 server pid out line ticks0 ticks1 client
  server=$(server_of "$scenario")
  pid=${PID[$transport/$server]}
  kill -0 "$pid" 2>/dev/null || bench_die "the $transport $server server (pid $pid) is gone; see $LOGS"
  dpop_proofs "$transport" "$scenario" "$DURATION"
  introspection_prime "$transport" "$scenario"
  ticks0=$(bench_cpu_ticks "$pid")
  local TIMEFORMAT='%U %S'
  { time out=$(run_wrk "$transport" "$scenario" "$DURATION"); } 2>"$LOGS/time.tmp"
  ticks1=$(bench_cpu_ticks "$pid")
  client=$(awk '{ printf "%.2f", $1 + $2 }' "$LOGS/time.tmp")
  printf '### round %s %s %s\n%s\n' "$round" "$transport" "$scenario" "$out" >>"$WRK_LOG"
  line=$(grep '^BENCH ' <<<"$out") || { echo "$out" >&2; bench_die "wrk printed no BENCH line ($transport $scenario)"; }
  local row
  row=$(awk -v line="$line" -v round="$round" -v transport="$transport" -v scenario="$scenario" \
    -v conns="$CONNECTIONS" -v ticks="$((ticks1 - ticks0))" -v hz="$(getconf CLK_TCK)" \
    -v rss="$(bench_mem_kb "$pid" VmRSS)" -v hwm="$(bench_mem_kb "$pid" VmHWM)" -v client="$client" '
    BEGIN {
      n = split(line, kv, " ")
      for (i = 2; i <= n; i++) { split(kv[i], p, "="); v[p[1]] = p[2] }
      secs = v["duration_us"] / 1e6; cpu = ticks / hz
      errors = v["err_connect"] + v["err_read"] + v["err_write"] + v["err_timeout"] + v["bad"]
      printf "%s\t%s\t%s\t%d\t%.3f\t%d\t%.1f\t%.3f\t%.3f\t%.2f\t%.1f\t%.1f\t%.1f\t%d\t%.3f\t%.3f\t%s\n",
        round, transport, scenario, conns, secs, v["requests"], v["requests"] / secs,
        v["p50_us"] / 1000, v["p99_us"] / 1000, cpu, (cpu > 0 ? v["requests"] / cpu : 0),
        rss / 1024, hwm / 1024, errors, v["p90_us"] / 1000, v["p999_us"] / 1000, client
    }')
  printf '%s\n' "$row" >>"$RAW"
  awk -F'\t' '{ printf "  round %s %-8s %-30s %9.1f req/s  p50 %7.3f ms  p99 %8.3f ms  cpu %6.2f s  %9.1f req/cpu-s  rss %6.1f MB  errors %s\n",
    $1, $2, $3, $7, $8, $9, $10, $11, $12, $14 }' <<<"$row"
  local errors
  errors=$(cut -f14 <<<"$row")
  if [[ "$errors" != 0 ]]; then
    echo "$out" >&2
    tail -n 20 "$LOGS/$server-$transport-$STAMP.log" >&2
    bench_die "$transport $scenario: $errors errors or unexpected answers (first: $(sed -n 's/^BENCH_FIRST_BAD //p' <<<"$out"))"
  fi
}

for round in $(seq "$ROUNDS"); do
  bench_log "Round $round of $ROUNDS"
  for transport in $BENCH_TRANSPORTS; do
    # A fresh token every round, so that no run outlives one (1 h): the session is bound to the
    # subject, not to the token.
    for kit in $(kits); do
      TOKEN[$transport/$kit]=$(bench_token "${URL[$transport/$kit]}/mcp")
    done
    dpop_token "$transport"
    introspected_token "$transport"
    for scenario in $BENCH_SCENARIOS; do
      measure "$round" "$transport" "$scenario"
    done
  done
done

# With the metrics on, show that they were: the kit's tools/list answers must have been counted.
if [[ -n "$BENCH_KIT_METRICS" ]]; then
  for transport in $BENCH_TRANSPORTS; do
    metrics=${RAW%.tsv}-metrics-$transport.txt
    curl -sf --max-time 10 "http://localhost:${MANAGEMENT[$transport]}/metrics" >"$metrics" \
      || bench_die "no /metrics from the $transport kit on port ${MANAGEMENT[$transport]}"
    counted=$(awk '/^http_server_requests_seconds_count\{/ && /route="mcp"/ && /status="200"/ { n += $NF } END { printf "%d", n }' "$metrics")
    bench_log "The $transport kit's metrics counted $counted answers 200 on /mcp ($metrics)"
    [[ "$counted" -gt 0 ]] || bench_die "the $transport kit's /metrics counted no answer 200 on /mcp"
  done
fi

bench_log "Summary (bench/results/http-latest.tsv)"
python3 bench/http/summarize.py "$RAW" --out "$RESULTS/http-latest.tsv" --baseline-min "$BENCH_BASELINE_MIN"
