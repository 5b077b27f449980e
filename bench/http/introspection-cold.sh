#!/usr/bin/env bash
# The cold path of token introspection (RFC 7662): the latency of a request whose opaque token the
# kit has not seen (it asks the issuer), against the same request answered from the kit's cache and
# against the issuer's own introspection round trip, measured with the same client credentials:
#
#   bench/http/introspection-cold.sh
#
# 1. Builds the artifacts as bench/http/run.sh does (BENCH_SKIP_BUILD=1: reuse them).
# 2. Starts the CI issuer (.ci/issuer) with ISSUER_OPAQUE_RESOURCES = <MCP URL>-introspected of each
#    kit (the kits' ports are picked first), and per transport the kit with OAUTH_VERIFICATION=hybrid
#    and the issuer's introspection client (BENCH_INTROSPECTION_CLIENT_ID / _SECRET, mcp-rs-basic /
#    mcp-rs-secret, client_secret_basic), OAUTH_AUDIENCE = its MCP URL and <MCP URL>-introspected,
#    everything else at the kit's defaults (introspection cache 60 s, 100 calls/s, 32 at once),
#    pinned like run.sh's kits (BENCH_SERVER_CPUS, core 0; the issuer is not pinned, as in run.sh).
# 3. COLD_ROUNDS (2) interleaved rounds; in each, per transport, bench/http/introspection-cold.mjs
#    (pinned to BENCH_CLIENT_CPUS, core 1) runs COLD_COUNT (200) recorded iterations, each with two
#    fresh opaque tokens: tools/list on an MCP 2025 session with the first (kit_cold: the kit calls
#    the issuer), the same again (kit_warm: from the cache), and the issuer's
#    /token/introspection with the second (issuer); at most 20 iterations a second
#    (BENCH_COLD_INTERVAL_MS, 50), so the kit stays below its rate limit. Its header says more.
#    Then bench/http/IntrospectionRoundTrip.java, on the kit's CPUs with the kit's JVM flags, times
#    COLD_COUNT calls to the issuer's /token/introspection from the JDK's HttpClient as the kit
#    builds it (jdk_issuer): the issuer's round trip as the kit's client sees it.
# 4. Rows (label iteration kind ms) go to bench/results/introspection-cold-<UTC timestamp>.tsv, facts
#    about the run to the .env beside it; the median, p90 and mean per kind and of the differences
#    kit_cold - kit_warm and kit_cold - issuer are printed per transport and round and over all rounds.
#
# Env: COLD_ROUNDS (2), COLD_COUNT (200), BENCH_COLD_WARMUP (20 unrecorded iterations per run),
# BENCH_COLD_INTERVAL_MS (50), BENCH_INTROSPECTION_CLIENT_ID, BENCH_INTROSPECTION_CLIENT_SECRET,
# BENCH_PROTOCOL (2025-11-25), BENCH_RESULTS (bench/results), and those of bench/http/lib.sh
# (BENCH_TRANSPORTS, BENCH_JVM_OPTS, JAVA_OPTS, BENCH_SERVER_CPUS, BENCH_CLIENT_CPUS, BENCH_WORK,
# BENCH_SKIP_BUILD).
#
# Needs: a JDK 21+ (JAVA_HOME), taskset, curl, python3, node >= 20 and npm (the issuer).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
# shellcheck source=.ci/lib.sh
source .ci/lib.sh
require_build_jdk
# shellcheck source=bench/http/lib.sh
source bench/http/lib.sh

COLD_ROUNDS=${COLD_ROUNDS:-2}
COLD_COUNT=${COLD_COUNT:-200}
BENCH_INTROSPECTION_CLIENT_ID=${BENCH_INTROSPECTION_CLIENT_ID:-mcp-rs-basic}
BENCH_INTROSPECTION_CLIENT_SECRET=${BENCH_INTROSPECTION_CLIENT_SECRET:-mcp-rs-secret}
export BENCH_INTROSPECTION_CLIENT_ID BENCH_INTROSPECTION_CLIENT_SECRET
export BENCH_PROTOCOL=${BENCH_PROTOCOL:-2025-11-25}
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results}

bench_require_tools taskset curl python3 node npm
mkdir -p "$BENCH_WORK" "$RESULTS"
LOGS=$BENCH_WORK/logs
mkdir -p "$LOGS"
trap bench_stop_all EXIT
trap 'exit 130' INT TERM

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RAW=$RESULTS/introspection-cold-$STAMP.tsv
bench_build_artifacts

declare -A PORT
opaque_resources=""
for transport in $BENCH_TRANSPORTS; do
  PORT[$transport]=$(bench_free_port)
  opaque_resources+=",http://localhost:${PORT[$transport]}/mcp-introspected"
done
ISSUER_ENV="ISSUER_OPAQUE_RESOURCES=${opaque_resources#,}" bench_start_issuer

for transport in $BENCH_TRANSPORTS; do
  port=${PORT[$transport]}
  bench_log "Starting the kit ($transport) on port $port with OAUTH_VERIFICATION=hybrid, introspection client $BENCH_INTROSPECTION_CLIENT_ID"
  KIT_ENV="OAUTH_VERIFICATION=hybrid OAUTH_INTROSPECTION_CLIENT_ID=$BENCH_INTROSPECTION_CLIENT_ID OAUTH_INTROSPECTION_CLIENT_SECRET=$BENCH_INTROSPECTION_CLIENT_SECRET" \
    KIT_AUDIENCE="http://localhost:$port/mcp,http://localhost:$port/mcp-introspected" \
    bench_start_kit "$transport" "$port" "$LOGS/cold-kit-$transport-$STAMP.log"
done

{
  bench_describe
  echo "cold_rounds=$COLD_ROUNDS cold_count=$COLD_COUNT cold_warmup=${BENCH_COLD_WARMUP:-20} cold_interval_ms=${BENCH_COLD_INTERVAL_MS:-50} protocol=$BENCH_PROTOCOL"
  echo "introspection=hybrid introspection_client=$BENCH_INTROSPECTION_CLIENT_ID (client_secret_basic), the kit's other introspection settings at their defaults"
} >"${RAW%.tsv}.env"

for round in $(seq "$COLD_ROUNDS"); do
  for transport in $BENCH_TRANSPORTS; do
    mcp=http://localhost:${PORT[$transport]}/mcp
    bench_log "Round $round, $transport: $COLD_COUNT iterations (load: $(cut -d' ' -f1-3 /proc/loadavg))"
    taskset -c "$BENCH_CLIENT_CPUS" node bench/http/introspection-cold.mjs \
      "$ISSUER_URL" "$mcp" "$mcp-introspected" "$COLD_COUNT" "$RAW" "$transport-r$round" \
      || bench_die "bench/http/introspection-cold.mjs failed ($transport, round $round)"
    # The same issuer call from the JDK's HttpClient on the kit's core(s), a fresh opaque token.
    token=$(bench_token "$mcp-introspected")
    # shellcheck disable=SC2046 # bench_jvm_opts is a word list
    taskset -c "$BENCH_SERVER_CPUS" "$JAVA" $(bench_jvm_opts) bench/http/IntrospectionRoundTrip.java \
      "$ISSUER_URL/token/introspection" "$token" "$COLD_COUNT" "${BENCH_COLD_INTERVAL_MS:-50}" "$RAW" "$transport-r$round" \
      || bench_die "bench/http/IntrospectionRoundTrip.java failed ($transport, round $round)"
  done
done
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"${RAW%.tsv}.env"

bench_log "Over all rounds ($RAW)"
python3 - "$RAW" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
by = {}
for r in rows:
    transport = r["label"].rsplit("-r", 1)[0]
    by.setdefault(transport, {}).setdefault((r["label"], r["iteration"]), {})[r["kind"]] = float(r["ms"])
def q(values, p):
    return statistics.quantiles(values, n=10, method="inclusive")[p - 1] if p != 5 else statistics.median(values)
for transport, its in by.items():
    series = {k: [v[k] for v in its.values() if k in v] for k in ("kit_cold", "kit_warm", "issuer", "jdk_issuer")}
    paired = [v for v in its.values() if "kit_cold" in v]
    series["kit_cold - kit_warm"] = [v["kit_cold"] - v["kit_warm"] for v in paired]
    series["kit_cold - issuer"] = [v["kit_cold"] - v["issuer"] for v in paired]
    for name, values in series.items():
        print(f"{transport:<9} {name:<20} median {q(values, 5):7.3f} ms  p90 {q(values, 9):7.3f} ms  n {len(values)}")
EOF
