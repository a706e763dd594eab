//! toegang: which support can a resident of a Dutch municipality simply walk into, and which
//! needs a formal decision? One core evaluates each municipality's rules, written in Rhai, against
//! a resident's situation, natively and in WebAssembly.
//!
//! ```no_run
//! let registry = toegang::Registry::bundled()?;
//! let situation = toegang::Situation::from_json(
//!     r#"{"reference_date": "2026-03-01", "age": 80, "mobility": "wheelchair_user", "needs": ["wheelchair"]}"#,
//! )?;
//! let advice = registry.advise("lansingerland", &situation)?;
//! println!("{}", serde_json::to_string_pretty(&advice)?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

// The subsystems (src/README.md maps every file).
pub mod advice;
pub mod api;
pub mod authoring;
pub mod compare;
pub mod ruleset;
mod script;

// The nouns every subsystem shares.
pub mod catalogue;
pub mod dates;
pub mod error;
pub mod municipalities;
pub mod registry;
pub mod situation;
pub mod social_minimum;

// The HTTP face (`toegang serve`).
#[cfg(all(feature = "http", not(target_arch = "wasm32")))]
pub mod http;

// The browser face; the command line is src/main.rs.
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use advice::{Advice, Route};
pub use error::{Error, Result};
pub use registry::{AdviseOptions, Registry};
pub use ruleset::RuleSetSource;
pub use script::engine::CompiledRuleSet;
pub use situation::Situation;

/// The JSON Schema of a situation, for form builders and case systems.
pub fn situation_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Situation)).unwrap_or_default()
}
