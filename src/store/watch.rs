//! A handle on the statement an engine is running, usable from another thread: DuckDB's
//! estimate of how far it is, and its interrupt. Jobs cancel through it without naming
//! `duckdb`.

use std::sync::Arc;

use duckdb::InterruptHandle;
use duckdb::progress::ProgressHandle;

use super::engine::Engine;
use super::error::StoreError;

#[derive(Clone)]
pub struct StatementWatch {
    interrupt: Arc<InterruptHandle>,
    progress: ProgressHandle,
}

impl StatementWatch {
    /// Stops the statement under way, if any. DuckDB resets its interrupt flag when a
    /// statement starts, so a caller cancelling a job repeats it until the job stops.
    pub fn interrupt(&self) {
        self.interrupt.interrupt();
    }

    /// How far the statement under way is, in percent, when DuckDB can tell.
    pub fn percent(&self) -> Option<f64> {
        self.progress.query_progress().percentage()
    }
}

impl Engine {
    /// A watch on this engine's statements (progress tracking is turned on).
    pub fn watch(&self) -> Result<StatementWatch, StoreError> {
        let conn = self.connection();
        conn.set_query_progress_tracking(true)?;
        Ok(StatementWatch {
            interrupt: conn.interrupt_handle(),
            progress: conn.progress_handle(),
        })
    }
}
