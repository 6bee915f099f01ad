//! The SQL console's worker: one long-lived thread with its own locked-down session
//! (`store::query`), which runs the queries typed (one at a time, interruptible), reads
//! the windows of the last result, and saves it to a file (`save`). Each query run is
//! appended to the campaign's history first, so a query is kept even when it fails. Must
//! not import `app` or `tui`.

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use super::cancel::JobHandle;
use super::{JobEvent, JobEventKind, JobId, JobOutput, Progress, Sink, Workspace, send};
use crate::store::query::{QueryScope, QuerySession};
use crate::store::window::{self, RowsQuery};
use crate::store::{StoreError, history};

#[derive(Debug, Clone)]
pub enum SqlRequest {
    /// Run `sql` on the views of `scope`.
    Run { sql: String, scope: QueryScope },
    /// A window of the last result.
    Rows(RowsQuery),
    /// The last result, whole, to a file.
    Save(SaveRequest),
}

/// Where and how to save the last result.
#[derive(Debug, Clone)]
pub struct SaveRequest {
    pub path: std::path::PathBuf,
    pub format: crate::domain::query::TableFormat,
    /// Text columns masked (`domain::mask`); unmasked (`--unmasked`) is journaled first.
    pub masked: bool,
    /// Who asks (the journal's author when unmasked).
    pub author: String,
    /// What the result is (its query), said in the file.
    pub title: String,
    pub lang: crate::domain::i18n::Lang,
}

/// The UI's handle on the SQL worker; dropping it ends the thread.
pub struct SqlWorker {
    requests: Sender<(JobId, SqlRequest, JobHandle)>,
}

impl SqlWorker {
    /// Starts the worker; its session opens with the first request. Each query run is
    /// appended to the workspace's history file.
    pub fn start<T>(workspace: Workspace, sink: Sink<T>) -> SqlWorker
    where
        T: From<JobEvent> + Send + 'static,
    {
        let (requests, queue) = mpsc::channel();
        thread::spawn(move || serve(workspace, queue, sink));
        SqlWorker { requests }
    }

    /// Sends a request; the handle cancels it (a query under way is interrupted).
    pub fn request(&self, id: JobId, request: SqlRequest) -> JobHandle {
        let handle = JobHandle::new(id);
        // A stopped worker has already reported its failure.
        let _ = self.requests.send((id, request, handle.clone()));
        handle
    }
}

fn serve<T: From<JobEvent> + Send + 'static>(
    workspace: Workspace,
    queue: Receiver<(JobId, SqlRequest, JobHandle)>,
    sink: Sink<T>,
) {
    let mut session: Option<QuerySession> = None;
    while let Ok((id, request, job)) = queue.recv() {
        // Every query typed is kept, even one cancelled before it ran; a history that
        // cannot be written is said with the result, and the query still runs.
        let mut history_note = None;
        if let (SqlRequest::Run { sql, .. }, Some(file)) = (&request, &workspace.history) {
            history_note = history::append(file, sql).err().map(|e| e.to_string());
        }
        if job.is_cancelled() {
            job.finish();
            send(&sink, id, JobEventKind::Cancelled);
            continue;
        }
        let outcome = super::guarded(|| -> Result<JobOutput, String> {
            if session.is_none() {
                session = Some(
                    workspace
                        .engine()
                        .and_then(QuerySession::open)
                        .map_err(|e| e.to_string())?,
                );
            }
            let session = session.as_mut().expect("opened above");
            if let SqlRequest::Save(save) = &request {
                return super::save::save(&workspace, session, save).map(JobOutput::Saved);
            }
            let done = |r: Result<JobOutput, StoreError>| r.map_err(|e| e.to_string());
            match request {
                SqlRequest::Run { sql, scope } => {
                    let (progress_sink, progress_id) = (sink.clone(), id);
                    job.attach(session.watch(), move |percent| {
                        let progress = Progress {
                            done: 0,
                            total: 1,
                            subject: String::new(),
                            stage: None,
                            percent: Some(percent),
                        };
                        send(
                            &progress_sink,
                            progress_id,
                            JobEventKind::Progress(progress),
                        );
                    });
                    done(
                        session
                            .define(&scope, &|| job.is_cancelled())
                            .and_then(|()| {
                                let mut result = session.run(&sql)?;
                                result.notes.extend(history_note);
                                Ok(JobOutput::Query(result))
                            }),
                    )
                }
                SqlRequest::Rows(query) => done(
                    window::fetch_query(session, &query).map(|w| JobOutput::Window(Box::new(w))),
                ),
                SqlRequest::Save(_) => unreachable!("saved above"),
            }
        });
        job.finish();
        // A query that ran to its end is reported as such even if cancelled meanwhile: its
        // result is now the session's, and the screen must show the same one.
        let kind = match outcome {
            Ok(Ok(output)) => JobEventKind::Finished(output),
            _ if job.is_cancelled() => JobEventKind::Cancelled,
            Ok(Err(message)) => JobEventKind::Failed(message),
            Err(message) => JobEventKind::Failed(message),
        };
        send(&sink, id, kind);
    }
}
