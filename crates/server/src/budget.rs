//! Time budgets for store work, and its cancellation when the request that wanted it is gone.
//!
//! Store work runs on blocking threads that a timed-out request cannot abort by itself: when
//! the request future is dropped (the request timeout fired, or the client went away), the
//! [`CancelOnDrop`] guard marks the [`Budget`] cancelled and interrupts the SQLite statement
//! running on the worker's connection. Rust loops over store data (the graph) call
//! [`Budget::check`] between steps, so the worker is freed within moments either way.

use crate::error::{ApiError, ErrorCode};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use store::Interrupter;

/// The budget of one request's store work: cancelled from outside, or spent after `limit`.
#[derive(Clone, Debug)]
pub struct Budget {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    cancelled: AtomicBool,
    started: Instant,
    limit: Duration,
    /// The connection's interrupter while a worker uses it (cleared before it goes back to
    /// the pool, so a late cancellation never interrupts someone else's statement).
    interrupter: Mutex<Option<Interrupter>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Budget {
    /// A budget of `limit` from now.
    pub fn new(limit: Duration) -> Budget {
        Budget {
            inner: Arc::new(Inner {
                cancelled: AtomicBool::new(false),
                started: Instant::now(),
                limit,
                interrupter: Mutex::new(None),
            }),
        }
    }

    /// Time since the work began.
    pub fn elapsed(&self) -> Duration {
        self.inner.started.elapsed()
    }

    /// True once cancelled or out of time.
    pub fn is_spent(&self) -> bool {
        self.inner.cancelled.load(Ordering::Relaxed) || self.elapsed() >= self.inner.limit
    }

    /// `Err(timeout)` once cancelled or out of time: the work should stop.
    pub fn check(&self) -> Result<(), ApiError> {
        if self.is_spent() {
            Err(timed_out())
        } else {
            Ok(())
        }
    }

    /// Stops the work: later checks fail and the running statement, if any, is interrupted.
    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::Relaxed);
        if let Some(i) = lock(&self.inner.interrupter).as_ref() {
            i.interrupt();
        }
    }

    /// Registers (or with `None`, forgets) the connection the work runs its statements on.
    pub fn attach(&self, interrupter: Option<Interrupter>) {
        *lock(&self.inner.interrupter) = interrupter;
    }
}

/// The error of work that ran out of time or was cancelled.
pub fn timed_out() -> ApiError {
    ApiError::new(
        ErrorCode::Timeout,
        "the request took too long and was stopped; ask for less (a smaller depth or limit, \
         fewer search words)",
    )
}

/// Cancels a budget when dropped, unless disarmed first (the work finished).
pub struct CancelOnDrop(Option<Budget>);

impl CancelOnDrop {
    pub fn new(budget: Budget) -> CancelOnDrop {
        CancelOnDrop(Some(budget))
    }

    pub fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if let Some(b) = self.0.take() {
            b.cancel();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_run_out_and_cancel() {
        let b = Budget::new(Duration::from_secs(60));
        assert!(b.check().is_ok());
        let guard = CancelOnDrop::new(b.clone());
        drop(guard);
        assert_eq!(b.check().unwrap_err().code, ErrorCode::Timeout);
        let b = Budget::new(Duration::ZERO);
        assert!(b.is_spent());
        let b = Budget::new(Duration::from_secs(60));
        CancelOnDrop::new(b.clone()).disarm();
        assert!(b.check().is_ok());
    }
}
