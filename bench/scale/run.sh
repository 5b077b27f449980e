#!/usr/bin/env bash
# Scale-out on one machine with a real load balancer: HAProxy (Debian's package) in front of three
# kit replicas on loopback, a bounded load through it, every replica restarted with SIGTERM one
# after another, then one killed with SIGKILL (docs/SCALING.md):
#
#   bench/scale/run.sh                           # Undertow, both modes, SCALE_SECONDS=45 each
#   SCALE_SECONDS=30 bench/scale/run.sh          # the CI variant (.ci/run)
#   BENCH_TRANSPORTS="undertow helidon" bench/scale/run.sh
#
# Per transport (BENCH_TRANSPORTS, default "undertow") and mode (SCALE_MODES, "sessions stateless"):
# 1. Builds the artifact (bench/http/lib.sh; BENCH_SKIP_BUILD=1 reuses one) and starts the CI
#    issuer (.ci/issuer); starts three replicas s1, s2, s3 on 127.0.0.1 with MCP_PUBLIC_URL and
#    OAUTH_AUDIENCE the balancer's URL, one MCP_REQUEST_STATE_KEY shared by all, SHUTDOWN_DRAIN
#    (SCALE_DRAIN, 2s: more than HAProxy's inter x fall, 1 s), MCP_FEATURES=examples,conformance
#    (the conformance set's jar beside the artifact: its test_elicitation answers input_required),
#    and MCP_STATELESS=false (mode sessions) or true (mode stateless); then HAProxy with
#    bench/scale/haproxy.cfg, and waits until it sees all three UP.
# 2. requestState across replicas (bench/scale/request_state.py): a first leg answered by one
#    replica, its retry by another; and one first leg kept for later.
# 3. The load, for at least SCALE_SECONDS and until the events below are over plus SCALE_TAIL:
#    wrk (bench/scale/scale.lua, SCALE_CONNECTIONS connections, SCALE_DELAY_MS between a
#    connection's requests) sends stateless requests: MCP 2026-07-28 tools/list, and in mode
#    stateless also MCP 2025-11-25 tools/list without a session. In mode sessions SCALE_CLIENTS
#    TypeScript SDK 1.x clients (bench/scale/sessions.mjs) call tools/list and greet on their
#    sessions, starting a new session on 404.
# 4. Events, each recorded in events.tsv: after SCALE_WARMUP, SIGTERM to s1; when it has exited,
#    s1 started again; when HAProxy sees it UP, the same for s2, then s3. Then SIGKILL to s2
#    (SCALE_KILL); SCALE_KILL_PAUSE later it is started again.
# 5. After the load, the retry of the state kept in step 2 (sealed before the restarts, so by a
#    replica that no longer exists), HAProxy's statistics (stats.csv) and "show info" (runtime API
#    socket), and the verdicts of bench/scale/judge.py from HAProxy's log (one line per request) and
#    statistics, events.tsv, wrk's lines and the clients' records (bench/scale/test_judge.py tests
#    the judge).
#
# Results (scratch, gitignored): bench/results/scale-<UTC stamp>/<transport>-<mode>/ (haproxy.log,
# events.tsv, wrk.txt, sessions.jsonl, request-state.jsonl, stats.csv, haproxy-info.txt, judge.txt,
# replica logs),
# bench/results/scale-<stamp>.env (facts about the run), and a summary row per transport and mode
# in bench/results/scale-<stamp>.tsv.
#
# Env: SCALE_SECONDS (45; 20 to 600), SCALE_MODES (sessions stateless), SCALE_CONNECTIONS (8),
# SCALE_DELAY_MS (2), SCALE_CLIENTS (6), SCALE_PAUSE_MS (20), SCALE_WARMUP (4), SCALE_TAIL (3),
# SCALE_DRAIN (2s), SCALE_KILL (s2), SCALE_KILL_PAUSE (3), BENCH_RESULTS (bench/results), and those of
# bench/http/lib.sh (BENCH_TRANSPORTS, BENCH_JVM_OPTS, JAVA_OPTS, BENCH_SERVER_CPUS,
# BENCH_CLIENT_CPUS, BENCH_WORK, BENCH_SKIP_BUILD, BENCH_SERVER_ENV). The replicas run on
# BENCH_SERVER_CPUS, HAProxy, wrk and the clients on BENCH_CLIENT_CPUS: here both default to every
# CPU (no pinning). wrk's -d is only a bound (SCALE_SECONDS + 600 s): run.sh stops it with SIGINT.
#
# Exits 0 when every verdict of every transport and mode passed, 1 otherwise (after running all).
#
# Needs: a JDK 21+ (JAVA_HOME, else the newest in /usr/lib/jvm), haproxy 2.6+ (/usr/sbin/haproxy:
# the Debian package), wrk, taskset, curl, python3, node >= 20.19 and npm (the issuer and the
# TypeScript SDK client, from .ci/issuer and .ci/e2e-client), and the npm registry on the first run.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
# shellcheck source=.ci/lib.sh
source .ci/lib.sh
require_build_jdk
BENCH_TRANSPORTS=${BENCH_TRANSPORTS:-undertow}
# Not pinned by default: three JVMs on one core took 20-30 s to start again under the load, which
# is a test of the machine, not of the balancer. Set both to pin, as bench/http does.
ALL_CPUS=0-$(($(nproc) - 1))
BENCH_SERVER_CPUS=${BENCH_SERVER_CPUS:-$ALL_CPUS}
BENCH_CLIENT_CPUS=${BENCH_CLIENT_CPUS:-$ALL_CPUS}
# shellcheck source=bench/http/lib.sh
source bench/http/lib.sh

SCALE_SECONDS=${SCALE_SECONDS:-45}
SCALE_MODES=${SCALE_MODES:-sessions stateless}
SCALE_CONNECTIONS=${SCALE_CONNECTIONS:-8}
SCALE_DELAY_MS=${SCALE_DELAY_MS:-2}
SCALE_CLIENTS=${SCALE_CLIENTS:-6}
SCALE_PAUSE_MS=${SCALE_PAUSE_MS:-20}
SCALE_WARMUP=${SCALE_WARMUP:-4}
SCALE_TAIL=${SCALE_TAIL:-3}
SCALE_DRAIN=${SCALE_DRAIN:-2s}
SCALE_KILL=${SCALE_KILL:-s2}
SCALE_KILL_PAUSE=${SCALE_KILL_PAUSE:-3}
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results}
HAPROXY=${HAPROXY:-$(command -v haproxy || echo /usr/sbin/haproxy)}

((SCALE_SECONDS >= 20 && SCALE_SECONDS <= 600)) || bench_die "SCALE_SECONDS must be between 20 and 600"
[[ "$SCALE_KILL" =~ ^s[123]$ ]] || bench_die "SCALE_KILL must be s1, s2 or s3"
for mode in $SCALE_MODES; do
  [[ "$mode" == sessions || "$mode" == stateless ]] || bench_die "unknown mode '$mode' in SCALE_MODES"
done
[[ -x "$HAPROXY" ]] || bench_die "haproxy is not installed (apt-get install haproxy)"
bench_require_tools wrk taskset curl python3 node npm
mkdir -p "$BENCH_WORK" "$RESULTS"

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RUN_DIR=$RESULTS/scale-$STAMP
ROWS=$RESULTS/scale-$STAMP.tsv
mkdir -p "$RUN_DIR"
REPLICA_PIDS=("" "" "" "")
HAPROXY_PID="" WRK_PID="" CLIENTS_PID=""
stop_phase() {
  local n
  for pid in "$WRK_PID" "$CLIENTS_PID" "$HAPROXY_PID"; do bench_stop "$pid"; done
  for n in 1 2 3; do bench_stop "${REPLICA_PIDS[$n]}"; done
  WRK_PID="" CLIENTS_PID="" HAPROXY_PID="" REPLICA_PIDS=("" "" "" "")
}
cleanup() {
  stop_phase
  bench_stop_all
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { date +%s%3N; }

{
  bench_describe
  echo "haproxy=$("$HAPROXY" -v | head -1)"
  echo "scale_seconds=$SCALE_SECONDS modes=$SCALE_MODES connections=$SCALE_CONNECTIONS delay_ms=$SCALE_DELAY_MS" \
    "clients=$SCALE_CLIENTS pause_ms=$SCALE_PAUSE_MS warmup=$SCALE_WARMUP tail=$SCALE_TAIL drain=$SCALE_DRAIN" \
    "kill=$SCALE_KILL kill_pause=$SCALE_KILL_PAUSE"
} >"$RESULTS/scale-$STAMP.env"
bench_log "Scale-out: ${SCALE_SECONDS}s per transport and mode ($BENCH_TRANSPORTS; $SCALE_MODES); results $RUN_DIR"

bench_build_artifacts
for transport in $BENCH_TRANSPORTS; do
  [[ -f "$BENCH_WORK/artifacts/$transport/mcp-oauth-kit-conformance.jar" ]] \
    || bench_die "no conformance feature jar in $BENCH_WORK/artifacts/$transport (run without BENCH_SKIP_BUILD=1)"
done
bench_start_issuer

# The TypeScript SDK 1.x client of .ci/e2e, installed the way .ci/e2e installs it (npm ci, pinned by
# its lockfile), into the gitignored scratch directory.
CLIENT_DIR=$BENCH_WORK/scale-client
mkdir -p "$CLIENT_DIR"
cp .ci/e2e-client/package.json .ci/e2e-client/package-lock.json bench/scale/sessions.mjs "$CLIENT_DIR/"
if ! cmp -s .ci/e2e-client/package-lock.json "$CLIENT_DIR/node_modules/.installed-lock.json" 2>/dev/null; then
  bench_log "Installing the TypeScript SDK client (.ci/e2e-client): npm ci"
  (cd "$CLIENT_DIR" && timeout 600 npm ci --no-audit --no-fund --loglevel=error) || bench_die "npm ci in $CLIENT_DIR failed"
  cp .ci/e2e-client/package-lock.json "$CLIENT_DIR/node_modules/.installed-lock.json"
fi

# Every replica of a run shares one requestState key, as docs/SCALING.md asks.
REQUEST_STATE_KEY=$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')

# start_replica <n>: replica s<n> on port PORTS[n], its log appended to $PHASE/s<n>.log.
start_replica() {
  local n=$1 art=$BENCH_WORK/artifacts/$TRANSPORT
  mkdir -p "$BENCH_WORK/run"
  echo "=== start $(date -u +%H:%M:%S.%3N)" >>"$PHASE/s$n.log"
  # shellcheck disable=SC2046 # bench_jvm_opts is a word list
  (cd "$BENCH_WORK/run" && exec env -i PATH="$PATH" HOME="$HOME" LANG=C.UTF-8 ${BENCH_SERVER_ENV:-} \
    OAUTH_ISSUER_URL="$ISSUER_URL" OAUTH_AUDIENCE="$PUBLIC_URL" MCP_PUBLIC_URL="$PUBLIC_URL" \
    PORT="${PORTS[$n]}" MCP_REQUEST_STATE_KEY="$REQUEST_STATE_KEY" SHUTDOWN_DRAIN="$SCALE_DRAIN" \
    SHUTDOWN_TIMEOUT=10s MCP_FEATURES=examples,conformance MCP_STATELESS="$STATELESS" \
    taskset -c "$BENCH_SERVER_CPUS" "$JAVA" $(bench_jvm_opts) \
    -cp "$art/mcp-oauth-kit.jar:$art/mcp-oauth-kit-conformance.jar" io.github.mcpoauthkit.app.launcher.Launcher) \
    >>"$PHASE/s$n.log" 2>&1 &
  REPLICA_PIDS[n]=$!
}

# wait_ready <n>: until s<n> answers 200 on /health/ready (60 s at most).
wait_ready() {
  local n=$1 i
  for i in $(seq 600); do
    kill -0 "${REPLICA_PIDS[$n]}" 2>/dev/null || { tail -n 20 "$PHASE/s$n.log" >&2; bench_die "s$n exited during startup"; }
    [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://localhost:${PORTS[$n]}/health/ready" || true)" == 200 ]] && return 0
    sleep 0.1
  done
  bench_die "s$n was not ready within 60 s ($PHASE/s$n.log)"
}

# haproxy_status <n>: s<n>'s state in HAProxy's statistics (UP, DOWN, ...).
haproxy_status() {
  curl -s --max-time 2 "http://127.0.0.1:$STATS_PORT/stats;csv" | awk -F, -v s="s$1" '$1 == "kit" && $2 == s { print $18 }'
}

# wait_haproxy <n> <state>: until HAProxy reports s<n> in that state (30 s at most).
wait_haproxy() {
  local n=$1 state=$2 i
  for i in $(seq 300); do
    [[ "$(haproxy_status "$n")" == "$state"* ]] && return 0
    sleep 0.1
  done
  bench_die "HAProxy did not report s$n $state within 30 s"
}

event() { printf '%s\t%s\t%s\t%s\n' "$(now_ms)" "$1" "$2" "${3:-}" >>"$PHASE/events.tsv"; }

# restart_gracefully <n>: SIGTERM, wait for the exit (drain + timeout + 5 s at most), start again.
restart_gracefully() {
  local n=$1 pid=${REPLICA_PIDS[$1]} status=0 i
  # Recorded before the signal: under load the event's own date(1) ended 20 ms after the kill.
  event sigterm "s$n"
  kill -TERM "$pid"
  for i in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && bench_die "s$n did not exit within 30 s of SIGTERM"
  wait "$pid" || status=$?
  event exit "s$n" "$status"
  start_replica "$n"
  wait_ready "$n"
  event ready "s$n"
  wait_haproxy "$n" UP
  event up "s$n"
}

kill_and_restart() {
  local n=${SCALE_KILL#s} pid
  pid=${REPLICA_PIDS[$n]}
  event sigkill "s$n"
  kill -KILL "$pid"
  wait "$pid" 2>/dev/null || true
  event exit "s$n" 137
  wait_haproxy "$n" DOWN
  event down "s$n"
  sleep "$SCALE_KILL_PAUSE"
  start_replica "$n"
  wait_ready "$n"
  event ready "s$n"
  wait_haproxy "$n" UP
  event up "s$n"
}

failed=()
for TRANSPORT in $BENCH_TRANSPORTS; do
  for mode in $SCALE_MODES; do
    PHASE=$RUN_DIR/$TRANSPORT-$mode
    mkdir -p "$PHASE"
    STATELESS=$([[ $mode == stateless ]] && echo true || echo false)
    LB_PORT=$(bench_free_port)
    STATS_PORT=$(bench_free_port)
    PORTS=("" "$(bench_free_port)" "$(bench_free_port)" "$(bench_free_port)")
    PUBLIC_URL=http://localhost:$LB_PORT/mcp
    bench_log "$TRANSPORT, $mode: replicas on ${PORTS[*]:1}, HAProxy on $LB_PORT (MCP_STATELESS=$STATELESS)"
    printf 'epoch_ms\tevent\treplica\tdetail\n' >"$PHASE/events.tsv"
    for n in 1 2 3; do start_replica "$n"; done
    for n in 1 2 3; do wait_ready "$n"; done
    ADMIN_SOCK=$BENCH_WORK/run/haproxy-$$.sock
    rm -f "$ADMIN_SOCK"
    SCALE_ADMIN_SOCK=$ADMIN_SOCK SCALE_LB_PORT=$LB_PORT SCALE_STATS_PORT=$STATS_PORT SCALE_S1=${PORTS[1]} SCALE_S2=${PORTS[2]} SCALE_S3=${PORTS[3]} \
      taskset -c "$BENCH_CLIENT_CPUS" "$HAPROXY" -db -f bench/scale/haproxy.cfg >"$PHASE/haproxy.log" 2>&1 &
    HAPROXY_PID=$!
    for n in 1 2 3; do wait_haproxy "$n" UP; done
    event haproxy_up all
    TOKEN=$(bench_token "$PUBLIC_URL")

    python3 bench/scale/request_state.py --url "$PUBLIC_URL" --token "$TOKEN" --label before-load \
      --out "$PHASE/request-state.jsonl" --save "$PHASE/request-state-kept.json" \
      || echo "request_state.py: no cross-replica round before the load" >&2

    kinds="modern"
    [[ $mode == stateless ]] && kinds="modern legacy_stateless"
    event load_start all
    start_ms=$(now_ms)
    SCALE_TOKEN=$TOKEN SCALE_KINDS=$kinds SCALE_DELAY_MS=$SCALE_DELAY_MS \
      taskset -c "$BENCH_CLIENT_CPUS" wrk -t"$SCALE_CONNECTIONS" -c"$SCALE_CONNECTIONS" -d"$((SCALE_SECONDS + 600))s" \
      --timeout 10s -s bench/scale/scale.lua "http://localhost:$LB_PORT" >"$PHASE/wrk.txt" 2>&1 &
    WRK_PID=$!
    rm -f "$PHASE/stop"
    if [[ $mode == sessions ]]; then
      (cd "$CLIENT_DIR" && SCALE_TOKEN=$TOKEN SCALE_RECORDS=$PHASE/sessions.jsonl SCALE_STOP_FILE=$PHASE/stop \
        SCALE_CLIENTS=$SCALE_CLIENTS SCALE_PAUSE_MS=$SCALE_PAUSE_MS SCALE_MAX_SECONDS=$((SCALE_SECONDS + 600)) \
        exec taskset -c "$BENCH_CLIENT_CPUS" node sessions.mjs "$PUBLIC_URL") >"$PHASE/sessions.txt" 2>&1 &
      CLIENTS_PID=$!
      # The restarts begin once every client has its session (node takes seconds to start here).
      for _ in $(seq 600); do
        grep -q '^sessions ready$' "$PHASE/sessions.txt" 2>/dev/null && break
        kill -0 "$CLIENTS_PID" 2>/dev/null || { cat "$PHASE/sessions.txt" >&2; bench_die "sessions.mjs exited"; }
        sleep 0.1
      done
      grep -q '^sessions ready$' "$PHASE/sessions.txt" || bench_die "the session clients did not open their sessions within 60 s"
      event sessions_ready all
    fi

    sleep "$SCALE_WARMUP"
    for n in 1 2 3; do
      bench_log "$TRANSPORT, $mode: SIGTERM to s$n, then start it again"
      restart_gracefully "$n"
      sleep 1
    done
    bench_log "$TRANSPORT, $mode: SIGKILL to $SCALE_KILL, ${SCALE_KILL_PAUSE}s later start it again"
    kill_and_restart
    sleep "$SCALE_TAIL"
    while (($(now_ms) - start_ms < SCALE_SECONDS * 1000)); do sleep 0.5; done
    event load_end all
    # wrk prints its summary and runs done() on SIGINT as at the end of -d.
    kill -INT "$WRK_PID" 2>/dev/null || true
    touch "$PHASE/stop"
    wait "$WRK_PID" || { cat "$PHASE/wrk.txt" >&2; bench_die "wrk failed ($TRANSPORT, $mode)"; }
    WRK_PID=""
    if [[ -n "$CLIENTS_PID" ]]; then
      wait "$CLIENTS_PID" || { tail -n 20 "$PHASE/sessions.txt" >&2; bench_die "sessions.mjs failed ($TRANSPORT, $mode)"; }
      CLIENTS_PID=""
    fi

    python3 bench/scale/request_state.py --url "$PUBLIC_URL" --token "$TOKEN" --label after-restarts \
      --out "$PHASE/request-state.jsonl" --retry-from "$PHASE/request-state-kept.json" \
      || echo "request_state.py: the state kept from before the restarts was not accepted" >&2
    curl -s --max-time 5 "http://127.0.0.1:$STATS_PORT/stats;csv" >"$PHASE/stats.csv" || true
    python3 -c 'import socket, sys; s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(b"show info\n")
print(b"".join(iter(lambda: s.recv(65536), b"")).decode())' "$ADMIN_SOCK" >"$PHASE/haproxy-info.txt" || true
    stop_phase
    # The machine's load over the phase, beside the figures (the runs share the cores with anything).
    echo "load_after_$TRANSPORT-$mode=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS/scale-$STAMP.env"
    sleep 0.2 # HAProxy's last log lines

    bench_log "$TRANSPORT, $mode: verdicts"
    judge=(python3 bench/scale/judge.py --transport "$TRANSPORT" --mode "$mode" --dir "$PHASE"
      --kill "$SCALE_KILL" --row "$ROWS")
    if ! "${judge[@]}" | tee "$PHASE/judge.txt"; then
      failed+=("$TRANSPORT-$mode")
    fi
    for n in 1 2 3; do
      errors=$(grep -c -E '\b(ERROR|SEVERE)\b' "$PHASE/s$n.log" || true)
      if ((errors > 0)); then
        echo "  s$n logged $errors ERROR/SEVERE lines:" >&2
        grep -m3 -E '\b(ERROR|SEVERE)\b' "$PHASE/s$n.log" >&2
      fi
    done
  done
done

bench_log "Summary ($ROWS)"
column -t -s $'\t' "$ROWS" 2>/dev/null || cat "$ROWS"
if ((${#failed[@]} > 0)); then
  bench_die "the scale-out run failed on: ${failed[*]}"
fi
echo "scale: PASS (${SCALE_SECONDS}s per transport and mode: $BENCH_TRANSPORTS; $SCALE_MODES)"
