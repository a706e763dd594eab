#!/usr/bin/env bash
# The country's differences in one document: compares every municipality with a rule set of its
# own and the national frame (one column for all others) over one generated population, and
# writes docs/verschillen-2026.md. Its counts are those of `toegang compare --all --format csv`.
#   scripts/report.sh [POPULATION]      (default 100000; seed 1, so the same document every run)
set -euo pipefail
cd "$(dirname "$0")/.."
population="${1:-100000}"
out=docs/verschillen-2026.md
cargo build --locked --release --quiet
compare=(target/release/toegang compare --all --population "$population" --seed 1 --format markdown)
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "compared in %e s, %M KB peak memory" "${compare[@]}" > "$out.tmp"
else
  "${compare[@]}" > "$out.tmp"
fi
mv "$out.tmp" "$out"
echo "wrote $out"
