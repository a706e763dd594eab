//! Any bytes as situation JSON, advised by every bundled municipality: errors are fine, panics
//! and hangs are not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use toegang::{Registry, Situation};

fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| Registry::bundled().expect("bundled rule sets compile"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(situation) = Situation::from_json(text) else { return };
    for summary in registry().summaries() {
        let _ = registry().advise(&summary.id, &situation);
    }
});
