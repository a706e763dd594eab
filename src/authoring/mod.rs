//! What a rule set author works with, above the engine: `toegang new` makes a rule set's first
//! version (`scaffold`), `toegang check` runs its own cases (`cases`) and measures which
//! provisions it decides (`coverage`). These run whole advices, so they sit above the registry;
//! `ruleset/` below only reads the files.

// Case files and scaffolds are TOML, which the wasm module does not parse.
#[cfg(not(target_arch = "wasm32"))]
pub mod cases;
pub mod coverage;
#[cfg(not(target_arch = "wasm32"))]
pub mod scaffold;
