//! The sandbox every rule script runs in: one configured Rhai engine, the checks of a script
//! before it runs, the functions a rule author calls, and what makes running fast.
//!
//! One concern per file, and the files import each other in one direction only (tests aside), each
//! from those after it in this order: `engine` (a rule set compiled and run), `memo` (routes
//! remembered by the facts read), `reads` (how a script reads number facts), `sandbox` (the
//! configured Rhai engine), `vocabulary` (the checks of ids), `rule_api`, `templates`, `slicing`,
//! `errors`, `brackets`, `draft`, `clock`, then `limits`, `caches` and `switches`. Only the rest
//! of the crate imports `engine`; `tests/architecture.rs` fails on a circle.

#[cfg(any(not(target_arch = "wasm32"), feature = "comparisons"))]
mod brackets;
mod caches;
mod clock;
pub(crate) mod draft;
pub mod engine;
mod errors;
mod limits;
// The memo costs the wasm modules 7.5 KB gz: a comparison in the browser runs every situation.
#[cfg(not(target_arch = "wasm32"))]
mod memo;
#[cfg(not(target_arch = "wasm32"))]
mod reads;
pub(crate) mod rule_api;
mod sandbox;
pub(crate) mod slicing;
mod switches;
pub(crate) mod templates;
mod vocabulary;
