//! The test-only switches: run every statement as if nothing could be skipped, interpret every
//! chain instead of building it once. Outside tests both are off.
//!
//! Their own file so that the analyses they switch off (`slicing.rs`, `templates.rs`) and the
//! rule API can read them, and their tests set them, without importing the engine.

#[cfg(test)]
thread_local! {
    /// Set by tests to run every statement, as if nothing could be skipped.
    pub(crate) static RUN_EVERYTHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}
#[cfg(not(test))]
thread_local! {
    static RUN_EVERYTHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

#[cfg(test)]
thread_local! {
    /// Set by tests to compile rule sets without decision templates: every chain interpreted.
    pub(crate) static INTERPRET_CHAINS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether a test asked to interpret every chain (always false outside tests).
pub(crate) fn interpreting_chains() -> bool {
    #[cfg(test)]
    return INTERPRET_CHAINS.with(|i| i.get());
    #[cfg(not(test))]
    false
}

/// Whether a test asked to run every statement and every loop iteration, as if nothing could be
/// skipped (always false outside tests).
pub(crate) fn running_everything() -> bool {
    cfg!(test) && RUN_EVERYTHING.with(|r| r.get())
}
