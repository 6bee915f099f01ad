//! The SQL console's worker: one long-lived thread with its own locked-down session
//! (`store::query`), which runs the queries typed (one at a time, interruptible) and reads
//! the windows of the last result. Each query run is appended to the campaign's history
//! first, so a query is kept even when it fails. Must not import `app` or `tui`.

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
        let outcome = super::guarded(|| -> Result<JobOutput, StoreError> {
            if session.is_none() {
                session = Some(QuerySession::open(workspace.engine()?)?);
            }
            let session = session.as_mut().expect("opened above");
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
                    session.define(&scope, &|| job.is_cancelled())?;
                    let mut result = session.run(&sql)?;
                    result.notes.extend(history_note);
                    Ok(JobOutput::Query(result))
                }
                SqlRequest::Rows(query) => {
                    window::fetch_query(session, &query).map(JobOutput::Window)
                }
            }
        });
        job.finish();
        // A query that ran to its end is reported as such even if cancelled meanwhile: its
        // result is now the session's, and the screen must show the same one.
        let kind = match outcome {
            Ok(Ok(output)) => JobEventKind::Finished(output),
            _ if job.is_cancelled() => JobEventKind::Cancelled,
            Ok(Err(e)) => JobEventKind::Failed(e.to_string()),
            Err(message) => JobEventKind::Failed(message),
        };
        send(&sink, id, kind);
    }
}
