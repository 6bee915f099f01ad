//! Long work on its own thread, each thread with its own `Engine` (one DuckDB connection
//! per thread): the overview of a delivery (reconcile every resource, fold the journal),
//! the pager (windows of result rows, one record, a sample's draw), the SQL console's
//! worker and journal appends.
//! Events go by value into the caller's channel; a cancelled job's results are never
//! delivered.
//!
//! Imports `store`, `domain`, `acceptance`, `journal`, `export`; never `app`, `tui` or `cli`
//! (`tests/layers.rs`). The plain data it hands over (rows, records, query results) is
//! `domain`'s, re-exported here for the console.

mod cancel;
pub mod cause_defect;
pub mod inputs;
mod overview;
mod pager;
mod record;
mod save;
mod sql;
mod trends;
pub use crate::store::cache::release_all as release_leases;
pub use crate::store::stored::quiet_notes;
pub use crate::store::{history, window};

use std::path::PathBuf;

pub use crate::domain::query::{QueryResult, QueryScope, TableFormat};
pub use crate::domain::rows::{
    Anchor, Frequency, RecordView, RowsOnly, RowsOrder, RowsQuery, RowsSource, Window, WindowRow,
};
pub use cancel::JobHandle;
pub use inputs::{ChangedInput, InputsChanged, spawn_input_watch};
pub use overview::{
    FailedResource, JobError, Overview, ResourceOutcome, ResourceOverview, Trend, spawn_overview,
};
pub use pager::{Pager, PagerRequest};
pub use record::{Recording, spawn_record};
pub use save::Saved;
pub use sql::{SaveRequest, SqlRequest, SqlWorker};
pub use trends::{Trends, spawn_trends};

use crate::domain::campaign::Campaign;
use crate::store::cache::Cache;
use crate::store::{Engine, StoreError};

/// Identifies one job or one request of the pager; chosen by the caller (the app), so
/// that results of a superseded request can be recognised and dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JobId(pub u64);

/// What a job says about itself, sent by value.
#[derive(Debug, Clone)]
pub struct JobEvent {
    pub id: JobId,
    pub kind: JobEventKind,
}

#[derive(Debug, Clone)]
pub enum JobEventKind {
    Started,
    Progress(Progress),
    Finished(JobOutput),
    Failed(String),
    Cancelled,
}

/// How far a job is: `done` of `total` steps, the step's subject, and DuckDB's estimate of
/// the statement under way (percent) when it has one.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub subject: String,
    pub stage: Option<crate::store::Stage>,
    pub percent: Option<f64>,
}

#[derive(Debug, Clone)]
pub enum JobOutput {
    Overview(Box<Overview>),
    Window(Box<Window>),
    Record(Box<RecordView>),
    /// The keys of a sample, in drawing order.
    Sample(Vec<crate::domain::report::KeyValue>),
    /// A journal entry written and synced: its id (a defect: the defect's id).
    Recorded(String),
    /// A query of the SQL console run: its columns and row count.
    Query(QueryResult),
    /// What changed since the previous delivery, per resource.
    Trends(Trends),
    /// How often each value of a column of rows occurs.
    Frequency(crate::domain::rows::Frequency),
    /// The SQL console's result saved to a file.
    Saved(Saved),
}

/// Where a job finds its campaign and results folder; each job opens its own engine on it.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub campaign: Campaign,
    cache_root: PathBuf,
    /// The SQL console's history file of this campaign, if there is a place for it.
    pub history: Option<PathBuf>,
}

impl Workspace {
    /// The campaign's usual results folder (`$RECETTE_CACHE_DIR` or the user cache) and
    /// history (`$RECETTE_DATA_DIR` or the user data folder). An engine is opened once, so
    /// campaign SQL that may not run is refused here, before any job starts.
    pub fn open(campaign: Campaign) -> Result<Workspace, StoreError> {
        let cache = Cache::for_campaign(&campaign.file)?;
        let history = history::file_for(&campaign.file);
        let workspace = Workspace {
            history,
            ..Workspace::with_cache(campaign, cache)
        };
        workspace.engine()?;
        Ok(workspace)
    }

    /// An explicit results folder, the history inside it (tests never touch the user's
    /// folders).
    pub fn with_cache(campaign: Campaign, cache: Cache) -> Workspace {
        Workspace {
            campaign,
            cache_root: cache.root().to_path_buf(),
            history: Some(cache.path("sql-history.sql")),
        }
    }

    /// The campaign's results folder.
    pub fn results_folder(&self) -> &std::path::Path {
        &self.cache_root
    }

    /// A new engine, with its own connection, for the calling thread.
    pub fn engine(&self) -> Result<Engine, StoreError> {
        Engine::with_cache(self.campaign.clone(), Cache::at(self.cache_root.clone())?)
    }
}

/// Where jobs send their events: any channel whose messages can be made from a `JobEvent`
/// (the console's one channel carries key presses too).
pub type Sink<T> = std::sync::mpsc::Sender<T>;

/// Runs `work`, turning a panic into an error message: a job that fails must say so, or
/// the screen waiting for it would wait forever.
fn guarded<R>(work: impl FnOnce() -> R) -> Result<R, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        format!("internal error: {message}")
    })
}

/// Runs `work` on a new thread as job `id`: `Started`, then `Finished` with its output,
/// `Failed` with its message (a panic included), or `Cancelled` once cancelled.
fn spawn_job<T, W>(id: JobId, sink: Sink<T>, work: W) -> JobHandle
where
    T: From<JobEvent> + Send + 'static,
    W: FnOnce(&JobHandle, &Sink<T>) -> Result<JobOutput, String> + Send + 'static,
{
    let handle = JobHandle::new(id);
    let job = handle.clone();
    std::thread::spawn(move || {
        send(&sink, id, JobEventKind::Started);
        let outcome = guarded(|| work(&job, &sink)).and_then(|r| r);
        job.finish();
        let kind = match outcome {
            _ if job.is_cancelled() => JobEventKind::Cancelled,
            Ok(output) => JobEventKind::Finished(output),
            Err(message) => JobEventKind::Failed(message),
        };
        send(&sink, id, kind);
    });
    handle
}

fn send<T: From<JobEvent>>(sink: &Sink<T>, id: JobId, kind: JobEventKind) {
    // The receiver gone means the console is closing: nothing is left to tell.
    let _ = sink.send(T::from(JobEvent { id, kind }));
}
