#!/usr/bin/env bash
# Mutation testing of the core with cargo-mutants: each mutant is one small defect put into the
# code; a test must fail for it ("caught"), or it "survived" and shows a gap in the tests. The
# whole crate has over 1,200 mutants, too many for 2 cores in one go, so runs are scoped:
#   scripts/mutants.sh                      # the files in MUTANTS_FILES below (the core's checks)
#   scripts/mutants.sh --file src/cases.rs  # one file
#   scripts/mutants.sh --in-diff <(git diff main)   # only what a change touched
# Results: mutants.out/ (caught.txt, missed.txt, timeout.txt); record the score in
# docs/mutation-testing.md. Not part of scripts/test.sh: it takes tens of minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
if ! command -v cargo-mutants >/dev/null; then
  step "install cargo-mutants"
  cargo install cargo-mutants --locked
fi
MUTANTS_FILES=(--file src/situation.rs --file src/content_hash.rs --file src/coverage.rs --file src/cases.rs)
args=("$@")
[ ${#args[@]} -eq 0 ] && args=("${MUTANTS_FILES[@]}")
step "cargo mutants ${args[*]}"
# The library's own tests and the integration tests that exercise the core; not the wasm, Node
# or browser suites (they need the npm package rebuilt for every mutant).
cargo mutants --jobs 1 --timeout 120 "${args[@]}" -- --lib --test cli --test sandbox --test snapshots --test compare --test lifecycle --test rule_sets
