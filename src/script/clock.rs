//! The wall clock of an evaluation, and the work functions do by the size of their arguments.
//! Every operation is cheap now (no function does work by the size of a collection), so the
//! operations limit bounds the time; the deadline catches what that reasoning misses.
//!
//! Its own file because the engine's configuration (`sandbox.rs`), the error mapping
//! (`errors.rs`) and the evaluation (`engine.rs`) all read it; the test-only switch for another
//! budget lives here with the budget it replaces.

use std::cell::Cell;

/// The most one evaluation may take, in milliseconds.
pub const BUDGET_MILLIS: f64 = 2_000.0;
/// How many operations run between two looks at the clock.
pub const CHECK_EVERY: u64 = 1_024;

thread_local! {
    static DEADLINE: Cell<f64> = const { Cell::new(f64::INFINITY) };
    /// Operations done inside functions, by the size of what they looked at.
    static EXTRA_WORK: Cell<u64> = const { Cell::new(0) };
}

/// Counts `n` steps of work a function does by the size of its argument (`x in list` looks at
/// every item). They count against the operations limit of their own: past it the script
/// stops with the operations limit, as a loop of single steps would.
pub fn charge(n: u64) -> Result<(), Box<rhai::EvalAltResult>> {
    let total = EXTRA_WORK.with(|w| {
        let total = w.get().saturating_add(n);
        w.set(total);
        total
    });
    if total > super::limits::MAX_OPERATIONS {
        return Err(rhai::EvalAltResult::ErrorTooManyOperations(rhai::Position::NONE).into());
    }
    Ok(())
}

/// Milliseconds since some fixed moment: the monotonic clock natively, `Date.now()` in wasm
/// (where `std::time::Instant` does not exist).
fn now() -> f64 {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Date::now();
    #[cfg(not(target_arch = "wasm32"))]
    {
        static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        START
            .get_or_init(std::time::Instant::now)
            .elapsed()
            .as_secs_f64()
            * 1_000.0
    }
}

/// Starts the clock of an evaluation with `budget` milliseconds.
pub fn start(budget: f64) {
    DEADLINE.with(|d| d.set(now() + budget));
    EXTRA_WORK.with(|w| w.set(0));
}

pub fn past_deadline() -> bool {
    DEADLINE.with(|d| now() > d.get())
}

#[cfg(test)]
thread_local! {
    /// Set by tests to give evaluations another wall-clock budget.
    pub(crate) static BUDGET: std::cell::Cell<f64> = const { std::cell::Cell::new(BUDGET_MILLIS) };
}

pub(crate) fn evaluation_budget() -> f64 {
    #[cfg(test)]
    return BUDGET.with(|b| b.get());
    #[cfg(not(test))]
    BUDGET_MILLIS
}
