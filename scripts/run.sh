#!/usr/bin/env bash
# The main job. For now: build the CLI and show the advice for the example situations in
# Lansingerland. (The demo page replaces this once pkg/ and www/ exist.)
#   scripts/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --locked --release --quiet
bin=target/release/toegang
$bin list
for situation in examples/situations/*.json; do
  printf '\n── %s ──\n' "$situation"
  $bin advise --municipality lansingerland "$situation" --format table
done
