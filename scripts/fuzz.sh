#!/usr/bin/env bash
# Fuzzes the engine with libFuzzer: situation JSON → advise, and rule-script source → compile + run.
#   scripts/fuzz.sh [SECONDS_PER_TARGET]     (default 180)
# A crash leaves its input in fuzz/artifacts/<target>/; minimise it with
#   (cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz tmin -O <target> artifacts/<target>/<file>)
# and keep it in tests/fuzz_regressions/<target>/, which the test command replays.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
# cargo fuzz passes nightly-only flags; this lets the stable toolchain accept them.
export RUSTC_BOOTSTRAP=1
seconds=${1:-180}
# Seeds: the example situations and the bundled rule scripts themselves.
mkdir -p corpus/situation corpus/script
cp -n ../examples/situations/*.json corpus/situation/
for dir in ../rules/*/; do cp -n "$dir/rules.rhai" "corpus/script/$(basename "$dir").rhai"; done
for target in situation script; do
  cargo fuzz run -O "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10
done
