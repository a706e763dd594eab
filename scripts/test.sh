#!/usr/bin/env bash
# Runs every test of toegang. Idempotent: installs what is missing, skips what is there.
#   scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_wasm_target
ensure_wasm_bindgen
ensure_chromium

# The tests must not change tracked or add untracked files (screenshots, snapshots, fixtures).
tree_before=$(git status --porcelain 2>/dev/null || true)

step "Rust unit, integration and snapshot tests"
# INSTA_UPDATE=no: a changed advice fails the run instead of quietly writing a new snapshot.
INSTA_UPDATE=no cargo test --locked

step "the API docs: every public item documented, every link resolves (cargo doc)"
RUSTDOCFLAGS="-D warnings" cargo doc --locked --no-deps --quiet

step "rule-set cases (toegang test)"
cargo run --locked --quiet -- test

step "the npm package (pkg/) and the page's npm packages (test tools, NL Design System CSS)"
bash scripts/build-pkg.sh
bash scripts/build-www.sh

step "wasm binding under Node (wasm-bindgen-test)"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
cargo test --locked --no-default-features --features municipal-rules-inside,comparisons --target wasm32-unknown-unknown --test wasm_node

step "wasm binding in headless Chromium (wasm-bindgen-test)"
# The runner's own limits are 5 s for ChromeDriver to start and 20 s for the whole debug-built test
# module in the browser: a busy 2-core machine can outlast both. Raised here as hang guards only
# (a value set by the caller wins).
CHROMEDRIVER=/usr/bin/chromedriver \
  WASM_BINDGEN_TEST_DRIVER_TIMEOUT="${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-60}" \
  WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-300}" \
  cargo test --locked --no-default-features --features municipal-rules-inside,comparisons --target wasm32-unknown-unknown --test wasm_browser

step "the package in Node: API, errors, CLI parity"
node --test tests/js/

step "the demo page end to end in headless Chromium (playwright-core)"
node --test tests/e2e/

step "the working tree is as the tests found it"
tree_after=$(git status --porcelain 2>/dev/null || true)
if [ "$tree_before" != "$tree_after" ]; then
  echo "the test run changed the working tree:" >&2
  diff <(echo "$tree_before") <(echo "$tree_after") >&2 || true
  exit 1
fi

step "done"
