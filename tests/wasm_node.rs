//! The wasm binding under Node: `scripts/test.sh` runs it with wasm-bindgen-test-runner.
#![cfg(target_arch = "wasm32")]
mod wasm_shared;
