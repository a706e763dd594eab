//! What a rule set author works with, above the engine: `toegang new` makes a rule set's first
//! version (`scaffold`), `toegang check` runs its own cases (`cases`) and measures which
//! provisions it decides (`coverage`); the compare page shows the lines of a rule behind a
//! difference (`rule_text`) and writes a draft's files (`toml_text`). These run whole advices, so they sit above the registry;
//! `ruleset/` below only reads the files.

// Scaffolds are written to disk, natively only.
pub mod cases;
pub mod coverage;
pub mod rule_text;
#[cfg(not(target_arch = "wasm32"))]
pub mod scaffold;
pub mod toml_text;
