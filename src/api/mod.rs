//! The engine's requests and answers as plain Rust and JSON types, for every face: the command
//! line (`src/cli/`), the npm package (`src/wasm.rs`) and HTTP. A face reads its input, calls a
//! function here or on [`Registry`](crate::Registry), and writes the answer; none holds logic of
//! its own, so the three give the same answer to the same question (cedar's `ffi/` plays the same
//! part).

pub mod input;

mod catalogue;
mod compare;
mod draft;
mod options;
mod questions;
mod situations;

pub use catalogue::{catalogue_document, needs, CatalogueDocument, NeedName, OtherRouteName};
pub use compare::{
    rule_behind, CompareOptions, ComparisonReports, PreparedComparison, RuleBehind, Situations,
};
pub use draft::{Draft, RuleSetFile, RuleSetFolder};
pub use options::advise_options;
pub use questions::{questions, Question, FOLLOW_UPS};
pub use situations::{situations_from_lines, situations_from_values};
