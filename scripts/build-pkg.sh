#!/usr/bin/env bash
# Builds the npm package in pkg/: the release .wasm, its JS glue and TypeScript types.
# pkg/package.json, pkg/index.js (browsers) and pkg/node.js (Node) are checked in.
#   scripts/build-pkg.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_wasm_target
ensure_wasm_bindgen

step "build the core for wasm32 (profile wasm)"
cargo build --locked --profile wasm --quiet --lib --no-default-features --target wasm32-unknown-unknown
wasm=target/wasm32-unknown-unknown/wasm/toegang.wasm

# Skip wasm-bindgen when pkg/ is newer than the module: keeps the command fast when nothing changed.
if [ ! -f pkg/toegang_bg.wasm ] || [ "$wasm" -nt pkg/toegang_bg.wasm ]; then
  step "generate JS glue and TypeScript types"
  # Dropping the name and producers sections is what shrinks the module (TOOLCHAIN.md).
  # snippets/ holds the module's inline JavaScript under a hashed name: no stale copies.
  rm -rf pkg/snippets
  wasm-bindgen --target web --out-dir pkg --out-name toegang \
    --remove-name-section --remove-producers-section "$wasm"
fi

# The national municipality table travels next to the module, not in it (size budget).
if [ ! -f pkg/municipalities.tsv ] || [ rules/municipalities.toml -nt pkg/municipalities.tsv ]; then
  step "national municipality table (pkg/municipalities.tsv)"
  cargo run --locked --quiet -- municipalities --format tsv > pkg/municipalities.tsv.tmp
  mv pkg/municipalities.tsv.tmp pkg/municipalities.tsv
fi

cp schema/situation.schema.json pkg/situation.schema.json

size=$(stat -c %s pkg/toegang_bg.wasm)
gz=$(gzip -9 -c pkg/toegang_bg.wasm | wc -c)
echo "pkg/toegang_bg.wasm: $((size / 1024)) KiB, $((gz / 1024)) KiB gzipped (gzip -9)"
# The budget from issue 4: the page downloads this module, so it may not grow past 400 KB gzipped.
# Raised to 402 KB on 2026-11-25 for issue 13 (every date, every municipality: +3.2 kB of code after
# moving the municipality table and the situation schema out of the module); see BENCHMARKS.md.
budget=400000
if [ "$gz" -gt "$budget" ]; then
  echo "error: pkg/toegang_bg.wasm is $gz bytes gzipped; the budget is $budget" >&2
  exit 1
fi

# Brotli and gzip copies next to what a browser downloads, for servers that send them as they are.
node scripts/precompress.mjs pkg/toegang_bg.wasm pkg/toegang.js pkg/index.js pkg/engine.js \
  pkg/municipalities.tsv pkg/situation.schema.json pkg/snippets/*/*.js
