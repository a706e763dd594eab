//! The wasm binding in headless Chromium: `scripts/test.sh` runs it with wasm-bindgen-test-runner
//! and Debian's chromedriver.
#![cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
mod wasm_shared;
