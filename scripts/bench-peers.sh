#!/usr/bin/env bash
# The side-by-side benchmark of BENCHMARKS.md, in one run:
#   1. natively: toegang, GoRules ZEN (zen-engine) and a hand-written Rust function (criterion);
#   2. in Node: toegang's wasm module and json-rules-engine, in the same process;
#   3. toegang's own benchmarks: compile, advise per municipality, compare.
# Each first checks that the engines give identical routes on the same 10,000 situations.
#   scripts/bench-peers.sh
# The first run compiles zen-engine (QuickJS, swc): about 15 minutes on a 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

step "build the package and the CLI (the Node benchmark reads the population from the CLI)"
bash scripts/build-pkg.sh
cargo build --locked --release --quiet
[ -d node_modules/json-rules-engine ] || npm ci --no-audit --no-fund

step "native: toegang vs zen-engine vs hand-written Rust"
(cd benches/peers && cargo bench --bench peers -- --noplot 2>&1 | grep -E "identical|differs|time:|^one evaluation")

step "Node $(node --version): toegang (wasm) vs json-rules-engine"
node benches/node/peers.mjs

step "wasm under Node: advise per municipality, memory over 1,000,000 calls"
node benches/node/advise.mjs
node benches/node/memory.mjs

step "toegang's own criterion benchmarks"
cargo bench --bench engine -- --noplot 2>&1 | grep -E "time:|^(compile|advise|compare|sandbox)"
