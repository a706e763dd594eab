#!/usr/bin/env bash
# The main job: builds the wasm package and the page, then serves the demo page with the bundled
# rule sets on 127.0.0.1 and prints the URL.
#   scripts/run.sh [PORT]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-pkg.sh
bash scripts/build-www.sh
exec node scripts/serve.mjs "${1:-8080}"
