//! Cancelling a job: a flag the job checks between steps, and DuckDB's interrupt for the
//! statement under way. DuckDB resets its interrupt flag when a statement starts, so a
//! watcher keeps interrupting until the job has stopped. Must not import `app` or `tui`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use super::JobId;
use crate::store::watch::StatementWatch;

/// How often the watcher reads DuckDB's progress and repeats an interrupt.
const WATCH_EVERY: Duration = Duration::from_millis(100);

/// The caller's side of a running job.
#[derive(Clone)]
pub struct JobHandle {
    pub id: JobId,
    shared: Arc<Shared>,
}

#[derive(Default)]
pub(super) struct Shared {
    cancelled: AtomicBool,
    done: AtomicBool,
    watch: Mutex<Option<StatementWatch>>,
}

impl JobHandle {
    pub(super) fn new(id: JobId) -> JobHandle {
        JobHandle {
            id,
            shared: Arc::new(Shared::default()),
        }
    }

    /// Asks the job to stop: it reports `Cancelled` and delivers no result.
    pub fn cancel(&self) {
        self.shared.cancelled.store(true, Ordering::SeqCst);
        if let Some(watch) = self.lock().as_ref() {
            watch.interrupt();
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.shared.cancelled.load(Ordering::SeqCst)
    }

    pub fn is_done(&self) -> bool {
        self.shared.done.load(Ordering::SeqCst)
    }

    /// The job has stopped. Under the watch's lock, so that no interrupt meant for this job
    /// can reach the connection's next statement (a worker runs its next request on the
    /// same connection right after).
    pub(super) fn finish(&self) {
        let mut watch = self.lock();
        self.shared.done.store(true, Ordering::SeqCst);
        *watch = None;
    }

    /// Called by the job thread once its connection exists; starts the watcher, which
    /// reports DuckDB's progress estimate through `on_percent` and repeats the interrupt of
    /// a cancelled job until it stops.
    pub(super) fn attach(
        &self,
        watch: StatementWatch,
        mut on_percent: impl FnMut(f64) + Send + 'static,
    ) {
        *self.lock() = Some(watch.clone());
        let job = self.clone();
        thread::spawn(move || {
            let mut last = None;
            while !job.is_done() {
                if job.is_cancelled() {
                    // Under the lock: `finish` cannot pass in between.
                    if let Some(watch) = job.lock().as_ref() {
                        watch.interrupt();
                    }
                } else if let Some(p) = watch.percent() {
                    // Whole percents only: a burst of tiny moves is not worth a frame.
                    let p = p.floor();
                    if last != Some(p) {
                        last = Some(p);
                        on_percent(p);
                    }
                }
                thread::sleep(WATCH_EVERY);
            }
        });
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<StatementWatch>> {
        // A poisoned lock still holds a valid handle (or none).
        self.shared.watch.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl std::fmt::Debug for JobHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobHandle")
            .field("id", &self.id)
            .field("cancelled", &self.is_cancelled())
            .field("done", &self.is_done())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn cancel_stops_a_long_statement_even_when_it_starts_after_the_cancel() {
        let dir = tempfile::tempdir().unwrap();
        let cache = crate::store::cache::Cache::at(dir.path().into()).unwrap();
        let engine =
            crate::store::Engine::with_cache(crate::domain::campaign::sample_campaign(), cache)
                .unwrap();
        let job = JobHandle::new(JobId(1));
        job.attach(engine.watch().unwrap(), |_| {});
        // Cancelled before the statement starts: DuckDB resets its interrupt flag when a
        // statement starts, so only a repeated interrupt stops it.
        job.cancel();
        let started = Instant::now();
        let worker = thread::spawn(move || {
            engine.connection().query_row(
                "SELECT sum(i % 7) FROM range(100000000000) t(i)",
                [],
                |r| r.get::<_, i128>(0),
            )
        });
        let outcome = worker.join().unwrap();
        job.finish();
        let error = outcome
            .expect_err("the statement ran to its end")
            .to_string();
        assert!(error.to_lowercase().contains("interrupt"), "{error}");
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{:?}",
            started.elapsed()
        );
    }
}
