#!/usr/bin/env bash
# Renders the diagrams of docs/ from their Graphviz sources (apt-get install graphviz).
set -euo pipefail
cd "$(dirname "$0")"
for source in *.dot; do
  dot -Tpng -Gdpi=110 "$source" -o "${source%.dot}.png"
  echo "rendered ${source%.dot}.png"
done
