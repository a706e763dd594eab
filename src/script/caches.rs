//! The warm function-resolution caches: Rhai's caches kept per compiled rule set between
//! evaluations on one thread, bounded in number.
//!
//! Their own file because they are only a speed-up, with a memory bound of their own: an
//! evaluation gives the same decisions with a cold cache.

use rhai::Caches;
use std::cell::RefCell;
use std::collections::HashMap;

thread_local! {
    /// Rhai's function-resolution caches, kept per compiled rule set between evaluations on this
    /// thread. Resolving each function anew on every evaluation took a sixth of its time.
    static WARM_CACHES: RefCell<HashMap<u64, Caches>> = RefCell::new(HashMap::new());
}

/// At most this many rule sets keep a warm cache per thread: every version of all 342
/// municipalities (one or two each) with the national frame fits, so comparing the whole country
/// never clears it; drafts compiled again and again in the browser still cannot grow memory
/// without bound (a cache holds a few kilobytes of function resolutions).
const WARM_CACHE_RULE_SETS: usize = 1024;

pub(crate) fn with_warm_caches<R>(compilation: u64, run: impl FnOnce(&mut Caches) -> R) -> R {
    // Taken out while running, so nothing is borrowed if a rule function re-enters the engine.
    let mut caches = WARM_CACHES
        .with(|w| w.borrow_mut().remove(&compilation))
        .unwrap_or_default();
    let result = run(&mut caches);
    // An error can leave levels of script function calls on the stack; only the top level is kept.
    caches.rewind_fn_resolution_caches(1);
    WARM_CACHES.with(|w| {
        let mut warm = w.borrow_mut();
        if warm.len() >= WARM_CACHE_RULE_SETS {
            warm.clear();
        }
        warm.insert(compilation, caches);
    });
    result
}
