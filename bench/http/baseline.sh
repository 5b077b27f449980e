#!/usr/bin/env bash
# Builds the artifacts of an earlier commit, for a paired before/after in bench/http/run.sh:
#
#   bench/http/baseline.sh <commit>
#   BENCH_BASELINE=target/bench/baseline-<commit> bench/http/run.sh
#
# Checks <commit> out in a temporary git worktree (removed again at the end), builds
# app/target/mcp-oauth-kit.jar + lib/ there for each transport (./mvnw package -DskipTests, nothing
# installed), and copies each to $BENCH_WORK/baseline-<commit>/<transport>, with the full commit id
# in COMMIT beside them. The current checkout is not touched.
#
# Env: BENCH_TRANSPORTS, BENCH_WORK (bench/http/lib.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
# shellcheck source=.ci/lib.sh
source .ci/lib.sh
require_build_jdk
# shellcheck source=bench/http/lib.sh
source bench/http/lib.sh

[[ $# -eq 1 ]] || { echo "usage: bench/http/baseline.sh <commit>" >&2; exit 2; }
COMMIT=$(git rev-parse --verify "$1^{commit}") || bench_die "no commit $1"
SHORT=$(git rev-parse --short "$COMMIT")
OUT=$BENCH_WORK/baseline-$SHORT
TREE=$(mktemp -d "${TMPDIR:-/tmp}/mcp-oauth-kit-baseline.XXXXXX")
rmdir "$TREE"
cleanup() { git -C "$ROOT" worktree remove --force "$TREE" >/dev/null 2>&1 || true; }
trap cleanup EXIT

bench_log "Checking out $SHORT in $TREE"
git worktree add --detach "$TREE" "$COMMIT" >/dev/null
mkdir -p "$OUT"
for transport in $BENCH_TRANSPORTS; do
  bench_log "Building $SHORT (-Dtransport=$transport)"
  (cd "$TREE" && timeout 1800 ./mvnw -B -q -pl app -am package -DskipTests -Dkit.aot.skip=true -Dtransport="$transport") \
    >"$OUT/build-$transport.log" 2>&1 \
    || { tail -n 40 "$OUT/build-$transport.log" >&2; bench_die "the $transport build of $SHORT failed"; }
  rm -rf "${OUT:?}/$transport"
  mkdir -p "$OUT/$transport"
  cp -r "$TREE/app/target/mcp-oauth-kit.jar" "$TREE/app/target/lib" "$OUT/$transport/"
done
echo "$COMMIT" >"$OUT/COMMIT"
bench_log "Baseline artifacts: $OUT (BENCH_BASELINE=$OUT bench/http/run.sh)"
