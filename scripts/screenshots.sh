#!/usr/bin/env bash
# Takes the README's screenshots (docs/screenshot-*.png) with the end-to-end suites. The test run
# itself writes them to a temporary folder, so `scripts/test.sh` leaves the working tree clean.
#   scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_wasm_target
ensure_wasm_bindgen
ensure_chromium
bash scripts/build-pkg.sh
bash scripts/build-www.sh
step "screenshots into docs/"
TOEGANG_SCREENSHOTS=docs node --test --test-name-pattern=screenshot tests/e2e/
