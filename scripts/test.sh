#!/usr/bin/env bash
# Runs every test of toegang. Idempotent: installs what is missing, skips what is there.
#   scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "toolchain: wasm32 target"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

step "Rust unit, integration and snapshot tests"
# INSTA_UPDATE=no: a changed advice fails the run instead of quietly writing a new snapshot.
INSTA_UPDATE=no cargo test --locked

step "rule-set cases (toegang test)"
cargo run --locked --quiet -- test

step "the core builds for WebAssembly"
cargo build --locked --quiet --lib --no-default-features --target wasm32-unknown-unknown

step "done"
