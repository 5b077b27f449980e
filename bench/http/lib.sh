# Shell helpers shared by bench/http/run.sh and bench/http/startup.sh; source it from the
# repository root after .ci/lib.sh and require_build_jdk (JAVA_HOME is a JDK 21+).
#
# Defines: bench_* functions and these settings (all overridable from the environment):
#   BENCH_TRANSPORTS   "helidon undertow"  the transports to build and measure, in this order
#   BENCH_WORK         target/bench        scratch: artifacts per transport, the issuer's npm ci, logs
#   BENCH_SKIP_BUILD   (unset)             1: reuse $BENCH_WORK/artifacts/<transport> from an earlier run
#   KIT_ARTIFACTS      $BENCH_WORK/artifacts  where bench_start_kit finds <transport>/mcp-oauth-kit.jar
#                                          (run.sh points it at BENCH_BASELINE for the baseline kit)
#   BENCH_JVM_OPTS     see BENCH_DEFAULT_JVM_OPTS   the server JVMs' flags (kit and echo alike)
#   JAVA_OPTS          (empty)             more flags, appended after BENCH_JVM_OPTS (e.g. a JFR recording)
#   BENCH_SERVER_CPUS  0                   taskset CPU list of every server JVM
#   BENCH_CLIENT_CPUS  1                   taskset CPU list of the load generator (wrk, the poller)
#   BENCH_SERVER_ENV   (empty)             NAME=value words added to the servers' environment
#                                          (e.g. MALLOC_ARENA_MAX=2); nothing else is inherited
#   KIT_ENV            (empty)             NAME=value words added to one kit's environment only
#                                          (run.sh: MANAGEMENT_PORT with BENCH_KIT_METRICS)
#   KIT_AUDIENCE       http://localhost:<port>/mcp   one kit's OAUTH_AUDIENCE (run.sh: a second
#                                          audience for the opaque tokens of introspection)
#   ISSUER_ENV         (empty)             NAME=value words added to the issuer's environment
#                                          (run.sh: ISSUER_OPAQUE_RESOURCES)

# The default server flags: a fixed 64 MiB heap with the serial collector (one core: nothing to
# gain from a parallel or concurrent one), compact object headers (JDK 25 product flag, JEP 519),
# and a periodic malloc_trim so that the C heap the JIT compilers used in a burst of compilations
# goes back to the OS instead of staying resident. With the JVM's defaults on a 24 GB machine the
# Undertow kit reached 1.9 GB resident under the 401 load; with these both kits stay at 130-140 MB
# under load (peak 150-160 MB, docs/PERFORMANCE.md). C1 only (-XX:TieredStopAtLevel=1) saves
# another 20-40 MB but costs the 401 and metadata paths about a third of their throughput.
BENCH_DEFAULT_JVM_OPTS="-Xms64m -Xmx64m -XX:+UseSerialGC -XX:+UseCompactObjectHeaders -XX:TrimNativeHeapInterval=1000"

BENCH_TRANSPORTS=${BENCH_TRANSPORTS:-helidon undertow}
BENCH_WORK=${BENCH_WORK:-$ROOT/target/bench}
BENCH_SERVER_CPUS=${BENCH_SERVER_CPUS:-0}
BENCH_CLIENT_CPUS=${BENCH_CLIENT_CPUS:-1}
JAVA=$JAVA_HOME/bin/java
BENCH_PIDS=() # every process started here, stopped by bench_stop_all

bench_log() { printf '\n==> %s\n' "$*" >&2; }
bench_die() { echo "bench: FAIL: $*" >&2; exit 1; }

# The server JVMs' flags as one word list: BENCH_JVM_OPTS (or the default), then JAVA_OPTS.
bench_jvm_opts() {
  # shellcheck disable=SC2206 # word splitting of flag lists is intended
  local opts=(${BENCH_JVM_OPTS-$BENCH_DEFAULT_JVM_OPTS} ${JAVA_OPTS:-})
  echo "${opts[@]}"
}

bench_require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || bench_die "'$tool' is not on PATH"
  done
}

bench_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# bench_stop <pid>: SIGTERM, up to 10 s, then SIGKILL.
bench_stop() {
  local pid=$1 i
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

bench_stop_all() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do bench_stop "$pid"; done
  BENCH_PIDS=()
}

# Builds app/target/mcp-oauth-kit.jar + lib/ for each transport and copies each to
# $BENCH_WORK/artifacts/<transport> (both builds write the same path), with the conformance feature
# set's jar beside them (test code, for bench/scale's input_required tool). BENCH_SKIP_BUILD=1
# reuses them.
bench_build_artifacts() {
  local transport art
  for transport in $BENCH_TRANSPORTS; do
    art=$BENCH_WORK/artifacts/$transport
    if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
      bench_log "Building the artifact (-Dtransport=$transport)"
      # No AOT training: the benchmarks run java -jar with their own flags (startup.sh trains its own).
      timeout 1800 ./mvnw -B -q -pl app -am package -DskipTests -Dkit.aot.skip=true -Dtransport="$transport" \
        >"$BENCH_WORK/build-$transport.log" 2>&1 \
        || { tail -n 40 "$BENCH_WORK/build-$transport.log" >&2; bench_die "the $transport build failed"; }
      rm -rf "$art"
      mkdir -p "$art"
      cp -r app/target/mcp-oauth-kit.jar app/target/mcp-oauth-kit-conformance.jar app/target/lib "$art/"
    fi
    [[ -f "$art/mcp-oauth-kit.jar" && -d "$art/lib" ]] \
      || bench_die "no artifact in $art (run without BENCH_SKIP_BUILD=1)"
  done
}

# Installs .ci/issuer (npm ci, pinned by its lockfile) into $BENCH_WORK/issuer and starts it on a
# free port. Sets ISSUER_PORT, ISSUER_URL, ISSUER_PID.
bench_start_issuer() {
  local dir=$BENCH_WORK/issuer f
  mkdir -p "$dir"
  for f in package.json package-lock.json issuer.mjs get-token.mjs; do cp ".ci/issuer/$f" "$dir/"; done
  if ! cmp -s .ci/issuer/package-lock.json "$dir/node_modules/.installed-lock.json" 2>/dev/null; then
    bench_log "Installing the CI issuer (.ci/issuer): npm ci"
    (cd "$dir" && timeout 600 npm ci --no-audit --no-fund --loglevel=error) || bench_die "npm ci in $dir failed"
    cp .ci/issuer/package-lock.json "$dir/node_modules/.installed-lock.json"
  fi
  ISSUER_PORT=$(bench_free_port)
  ISSUER_URL=http://localhost:$ISSUER_PORT
  # shellcheck disable=SC2086 # ISSUER_ENV is a word list
  (cd "$dir" && exec env ISSUER_PORT="$ISSUER_PORT" ${ISSUER_ENV:-} node issuer.mjs) >"$BENCH_WORK/issuer.log" 2>&1 &
  ISSUER_PID=$!
  BENCH_PIDS+=("$ISSUER_PID")
  local i
  for i in $(seq 100); do
    grep -q "^issuer ready $ISSUER_URL\$" "$BENCH_WORK/issuer.log" 2>/dev/null && return 0
    kill -0 "$ISSUER_PID" 2>/dev/null || break
    sleep 0.1
  done
  cat "$BENCH_WORK/issuer.log" >&2
  bench_die "the issuer did not start"
}

# bench_token <resource URL>: prints a client_credentials access token for that resource.
bench_token() {
  (cd "$BENCH_WORK/issuer" && ISSUER_PORT=$ISSUER_PORT timeout 30 node get-token.mjs "$1") \
    || bench_die "no token from the issuer for $1"
}

# bench_open_session <MCP URL> <token> <protocol version>: initialize and
# notifications/initialized with curl; prints the Mcp-Session-Id.
bench_open_session() {
  local mcp=$1 token=$2 protocol=$3 headers status session body
  body=$(mktemp)
  headers=$(curl -s --max-time 10 -o "$body" -D - -X POST "$mcp" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -H 'Accept: application/json, text/event-stream' \
    --data '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"'"$protocol"'","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}' \
    | tr -d '\r') || true
  session=$(sed -n 's/^[Mm][Cc][Pp]-[Ss]ession-[Ii][Dd]: *//p' <<<"$headers")
  [[ -n "$session" ]] || bench_die "initialize at $mcp opened no session: $(head -1 <<<"$headers") $(head -c 300 "$body")"
  rm -f "$body"
  status=$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' -X POST "$mcp" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -H 'Accept: application/json, text/event-stream' -H "Mcp-Session-Id: $session" \
    -H "MCP-Protocol-Version: $protocol" --data '{"jsonrpc":"2.0","method":"notifications/initialized"}') || true
  [[ "$status" == 202 ]] || bench_die "notifications/initialized at $mcp got HTTP $status, expected 202"
  echo "$session"
}

# bench_kit_command <transport> <port> [extra JVM flags...]: the kit's command line, pinned, with
# nothing from the caller's environment but PATH and HOME (so no OAUTH_* or MCP_* leaks in).
bench_kit_command() {
  local transport=$1 port=$2
  shift 2
  # shellcheck disable=SC2046 # bench_jvm_opts is a word list
  printf '%s\0' env -i PATH="$PATH" HOME="$HOME" LANG=C.UTF-8 ${BENCH_SERVER_ENV:-} ${KIT_ENV:-} \
    OAUTH_ISSUER_URL="$ISSUER_URL" OAUTH_AUDIENCE="${KIT_AUDIENCE:-http://localhost:$port/mcp}" PORT="$port" \
    taskset -c "$BENCH_SERVER_CPUS" "$JAVA" $(bench_jvm_opts) "$@" \
    -jar "${KIT_ARTIFACTS:-$BENCH_WORK/artifacts}/$transport/mcp-oauth-kit.jar"
}

# bench_start_kit <transport> <port> <log> [extra JVM flags...]: starts the kit in $BENCH_WORK/run
# (no stray .env is read) and waits until GET /health answers 200. Sets STARTED_PID.
bench_start_kit() {
  local transport=$1 port=$2 logfile=$3
  shift 3
  local cmd=()
  mapfile -d '' cmd < <(bench_kit_command "$transport" "$port" "$@")
  mkdir -p "$BENCH_WORK/run"
  (cd "$BENCH_WORK/run" && exec "${cmd[@]}") >"$logfile" 2>&1 &
  STARTED_PID=$!
  BENCH_PIDS+=("$STARTED_PID")
  bench_wait_http "http://localhost:$port/health" "$STARTED_PID" "$logfile"
}

# Compiles the echo servers against each transport's libs into $BENCH_WORK/echo/<transport>.
# Why not source-file mode: it would load javac into the measured JVM (about 30 MB more resident
# memory, and its JIT and GC work in the floor's first seconds).
bench_compile_echo() {
  local transport class
  for transport in $BENCH_TRANSPORTS; do
    class=$(bench_echo_class "$transport")
    rm -rf "$BENCH_WORK/echo/$transport"
    "$JAVA_HOME/bin/javac" -nowarn -d "$BENCH_WORK/echo/$transport" \
      -cp "$BENCH_WORK/artifacts/$transport/lib/*" "bench/http/$class.java" \
      || bench_die "bench/http/$class.java does not compile against the $transport artifact's libs"
  done
}

bench_echo_class() {
  case "$1" in helidon) echo EchoHelidon ;; undertow) echo EchoUndertow ;; *) bench_die "unknown transport $1" ;; esac
}

# bench_start_echo <transport> <port> <log>: the bare echo server on that transport's libs, same
# flags and CPUs as the kit. BENCH_UNDERTOW_ECHO (io|worker|virtual, default io) picks where the
# Undertow echo runs. Sets STARTED_PID.
bench_start_echo() {
  local transport=$1 port=$2 logfile=$3 class args
  class=$(bench_echo_class "$transport")
  args=("$port")
  [[ "$transport" == undertow ]] && args+=("${BENCH_UNDERTOW_ECHO:-io}")
  # shellcheck disable=SC2046 # bench_jvm_opts is a word list
  mkdir -p "$BENCH_WORK/run"
  (cd "$BENCH_WORK/run" && exec env -i PATH="$PATH" HOME="$HOME" LANG=C.UTF-8 ${BENCH_SERVER_ENV:-} \
    taskset -c "$BENCH_SERVER_CPUS" "$JAVA" $(bench_jvm_opts) \
    -cp "$BENCH_WORK/echo/$transport:$BENCH_WORK/artifacts/$transport/lib/*" "$class" "${args[@]}") \
    >"$logfile" 2>&1 &
  STARTED_PID=$!
  BENCH_PIDS+=("$STARTED_PID")
  local i
  for i in $(seq 600); do
    grep -q "^echo ready $transport $port" "$logfile" 2>/dev/null && return 0
    kill -0 "$STARTED_PID" 2>/dev/null || break
    sleep 0.1
  done
  tail -n 30 "$logfile" >&2
  bench_die "the $transport echo server did not start"
}

# bench_wait_http <url> <pid> <log>: waits up to 60 s for a 200, failing if the process exits.
bench_wait_http() {
  local url=$1 pid=$2 logfile=$3 i
  for i in $(seq 600); do
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$logfile" >&2; bench_die "the server exited during startup ($logfile)"; }
    [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)" == 200 ]] && return 0
    sleep 0.1
  done
  tail -n 30 "$logfile" >&2
  bench_die "no 200 from $url within 60 s ($logfile)"
}

# bench_cpu_ticks <pid>: user + system CPU ticks of the whole process (all threads, live and ended).
bench_cpu_ticks() {
  local stat
  stat=$(<"/proc/$1/stat") || bench_die "process $1 is gone"
  # Fields after the ")" of the command name: state is field 3, utime 14 and stime 15.
  stat=${stat##*) }
  awk '{ print $12 + $13 }' <<<"$stat"
}

# bench_mem_kb <pid> <VmRSS|VmHWM>
bench_mem_kb() {
  awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"
}

# Facts about this run, for the .env file next to the results.
bench_describe() {
  echo "date_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "git_commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo -dirty)"
  echo "java=$JAVA ($("$JAVA" -version 2>&1 | head -1))"
  echo "jvm_opts=$(bench_jvm_opts)"
  echo "server_env=${BENCH_SERVER_ENV:-}"
  echo "server_cpus=$BENCH_SERVER_CPUS client_cpus=$BENCH_CLIENT_CPUS"
  echo "cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1) x $(nproc)"
  echo "kernel=$(uname -r)"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
}
