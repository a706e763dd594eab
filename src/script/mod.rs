//! The sandbox every rule script runs in: one configured Rhai engine, the checks of a script
//! before it runs, the functions a rule author calls, and what makes running fast.

pub(crate) mod draft;
pub mod engine;
pub(crate) mod rule_api;
pub(crate) mod slicing;
pub(crate) mod templates;
