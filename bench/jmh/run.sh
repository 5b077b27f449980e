#!/usr/bin/env bash
# Builds and runs the JMH benchmarks, then summarizes them against the signature floor.
#
#   bench/jmh/run.sh                      # a real run: -f 3 -wi 5 -w 2s -i 5 -r 2s (about 10 min)
#   QUICK=1 bench/jmh/run.sh              # a smoke run of about a minute: -f 1 -wi 2 -w 1s -i 2 -r 1s
#   bench/jmh/run.sh KitVerification -prof gc   # extra arguments go to JMH (a regex, a profiler)
#
# Settings, from the environment: JMH_FORKS, JMH_WARMUP_ITERATIONS, JMH_WARMUP_TIME,
# JMH_ITERATIONS, JMH_TIME (override the defaults above); JMH_JVM_ARGS (appended to each fork's
# JVM, default "-Xms1g -Xmx1g"); TASKSET_CPUS (pin every JVM to these CPUs with taskset, e.g. 1);
# ROUNDS=n (run everything n times, ratios paired within each round: on a machine whose load
# changes, each benchmark and its floor then run minutes apart at most);
# SKIP_BUILD=1 (reuse bench/jmh/target/benchmarks.jar); STRICT=1 (exit 1 when a target is missed).
#
# Writes bench/results/jmh-<UTC time>.json (JMH's own JSON; -r1, -r2... with ROUNDS) and
# bench/results/jmh-latest.tsv.
set -euo pipefail
cd "$(dirname "$0")/../.."

# shellcheck source=../../.ci/lib.sh
source .ci/lib.sh
require_build_jdk

if [[ "${QUICK:-0}" == 1 ]]; then
  defaults=(1 2 1s 2 1s)
else
  defaults=(3 5 2s 5 2s)
fi
forks=${JMH_FORKS:-${defaults[0]}}
warmup_iterations=${JMH_WARMUP_ITERATIONS:-${defaults[1]}}
warmup_time=${JMH_WARMUP_TIME:-${defaults[2]}}
iterations=${JMH_ITERATIONS:-${defaults[3]}}
time=${JMH_TIME:-${defaults[4]}}
jvm_args=${JMH_JVM_ARGS:--Xms1g -Xmx1g}

jar=bench/jmh/target/benchmarks.jar
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "Building $jar with $JAVA_HOME"
  # -am builds the kit's modules in the same reactor: nothing is installed into ~/.m2.
  ./mvnw -B -q -Pbench -pl bench/jmh -am package -DskipTests
fi
[[ -f "$jar" ]] || { echo "$jar is missing; run without SKIP_BUILD=1" >&2; exit 1; }

rounds=${ROUNDS:-1}
mkdir -p bench/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results=()
for ((round = 1; round <= rounds; round++)); do
  if ((rounds == 1)); then
    results+=("bench/results/jmh-$stamp.json")
  else
    results+=("bench/results/jmh-$stamp-r$round.json")
  fi
done

pin=()
if [[ -n "${TASKSET_CPUS:-}" ]]; then
  if command -v taskset >/dev/null; then
    pin=(taskset -c "$TASKSET_CPUS")
  else
    echo "TASKSET_CPUS is set but taskset is not installed; running unpinned" >&2
  fi
fi

for ((round = 1; round <= rounds; round++)); do
  result=${results[round - 1]}
  log "JMH round $round/$rounds: -f $forks -wi $warmup_iterations -w $warmup_time -i $iterations -r $time ${*:-}"
  "${pin[@]}" "$JAVA_HOME/bin/java" -jar "$jar" \
    -f "$forks" -wi "$warmup_iterations" -w "$warmup_time" -i "$iterations" -r "$time" \
    -jvmArgsAppend "$jvm_args" \
    -rf json -rff "$result" "$@"
done

log "Summary (${results[*]} -> bench/results/jmh-latest.tsv)"
strict=()
[[ "${STRICT:-0}" == 1 ]] && strict=(--strict)
python3 bench/jmh/summarize.py "${results[@]}" --tsv bench/results/jmh-latest.tsv "${strict[@]}"
