//! The sandbox limits. A rule set for a whole municipality needs a few thousand operations.
//!
//! Their own file because the sandbox (`sandbox.rs`) sets them and the decision under
//! construction (`draft.rs`), the error mapping (`errors.rs`) and the clock read them: none of
//! those imports the engine to know a bound.

pub const MAX_OPERATIONS: u64 = 100_000;
pub const MAX_EXPR_DEPTH: usize = 64;
pub const MAX_STRING_SIZE: usize = 4_096;
pub const MAX_ARRAY_SIZE: usize = 1_024;
pub const MAX_MAP_SIZE: usize = 256;
pub const MAX_VARIABLES: usize = 256;
/// Largest rule script accepted, in bytes.
pub const MAX_SCRIPT_BYTES: usize = 256 * 1024;
/// The most entries one decision holds in each of its lists (the advice's bound).
pub use crate::advice::MAX_LIST_ITEMS as MAX_DECISION_ITEMS;
