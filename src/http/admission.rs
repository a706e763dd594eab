//! Admission: how many requests compute at once, and for how long.
//!
//! A request is admitted to one of [`Limits::concurrency`](super::Limits) slots or answered 503
//! with `Retry-After` at once. Its [`Slot`] travels with it: work that goes on beside the handler
//! (a comparison on a worker thread, a batch written line by line) holds a clone, so the slot is
//! free only when the work has truly stopped, not when the handler has returned. When the
//! request's deadline passes or its client goes away, the slot's flag is raised and that work
//! stops at its next check.

use super::problem;
use super::Limits;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The compute slots of one server and how long a request may hold one.
#[derive(Clone)]
pub(super) struct Gate {
    slots: Arc<Semaphore>,
    timeout: Duration,
}

impl Gate {
    pub(super) fn new(limits: &Limits) -> Self {
        Gate {
            slots: Arc::new(Semaphore::new(limits.concurrency.max(1))),
            timeout: limits.timeout,
        }
    }
}

/// A request's claim on a compute slot, in its extensions. Clones share the claim.
#[derive(Clone)]
pub(super) struct Slot {
    _permit: Arc<OwnedSemaphorePermit>,
    deadline: Instant,
    stopped: Arc<AtomicBool>,
}

impl Slot {
    /// Whether the request was dropped: answered 503 at its deadline, or its client went away.
    /// Work that runs while the handler waits for it checks this, so the client is always
    /// answered by the deadline itself, never by the work noticing the clock first.
    pub(super) fn should_stop(&self) -> bool {
        self.stopped.load(Ordering::Relaxed)
    }

    /// The moment the request's time is up: for work that goes on after the handler has
    /// answered (a batch's lines).
    pub(super) fn deadline(&self) -> Instant {
        self.deadline
    }
}

/// Raises the stop flag unless disarmed: dropped with the request's future (deadline, client
/// gone), it tells the work beside it to stop.
struct StopOnDrop(Option<Arc<AtomicBool>>);

impl StopOnDrop {
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        if let Some(flag) = &self.0 {
            flag.store(true, Ordering::Relaxed);
        }
    }
}

/// Admits a request to a slot, or answers 503; answers 503 too when it runs past its deadline.
pub(super) async fn admit(State(gate): State<Gate>, mut request: Request, next: Next) -> Response {
    let Ok(permit) = gate.slots.clone().try_acquire_owned() else {
        return problem::unavailable(problem::Unavailable::Busy);
    };
    let stopped = Arc::new(AtomicBool::new(false));
    let guard = StopOnDrop(Some(stopped.clone()));
    request.extensions_mut().insert(Slot {
        _permit: Arc::new(permit),
        deadline: Instant::now() + gate.timeout,
        stopped,
    });
    match tokio::time::timeout(gate.timeout, next.run(request)).await {
        Ok(response) => {
            guard.disarm();
            response
        }
        Err(_) => problem::unavailable(problem::Unavailable::TimedOut),
    }
}
