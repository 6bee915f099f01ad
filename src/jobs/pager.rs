//! The pager: one long-lived thread with its own engine that reads windows of rows and
//! single records for the screens. Requests queued while one runs are coalesced: only the
//! newest of each kind is read, the others are reported `Cancelled`. Must not import
//! `app` or `tui`.

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use super::window::{self, RowsQuery};
use super::{JobEvent, JobEventKind, JobId, JobOutput, Sink, Workspace, send};
use crate::domain::campaign::Resource;
use crate::domain::report::KeyValue;
use crate::store::{Engine, Reconciled};

#[derive(Debug, Clone)]
pub enum PagerRequest {
    Rows(RowsQuery),
    Record {
        resource: Box<Resource>,
        reconciled: Box<Reconciled>,
        delivery: String,
        key: KeyValue,
    },
    /// How often each value of column `column` of a table of rows occurs (its most frequent
    /// `limit`).
    Frequency {
        query: RowsQuery,
        column: usize,
        limit: usize,
    },
    /// The seeded sample of a sample-review item (`store::sample::draw`).
    Sample {
        keys_file: std::path::PathBuf,
        key_count: usize,
        seed: String,
        size: usize,
    },
}

impl PagerRequest {
    /// Requests of one kind supersede each other.
    fn kind(&self) -> u8 {
        match self {
            PagerRequest::Rows(_) => 0,
            PagerRequest::Record { .. } => 1,
            PagerRequest::Sample { .. } => 2,
            PagerRequest::Frequency { .. } => 3,
        }
    }
}

/// The UI's handle on the pager thread; dropping it ends the thread.
pub struct Pager {
    requests: Sender<(JobId, PagerRequest)>,
}

impl Pager {
    pub fn start<T>(workspace: Workspace, sink: Sink<T>) -> Pager
    where
        T: From<JobEvent> + Send + 'static,
    {
        let (requests, queue) = mpsc::channel();
        thread::spawn(move || serve(workspace, queue, sink));
        Pager { requests }
    }

    pub fn request(&self, id: JobId, request: PagerRequest) {
        // A stopped pager has already reported its failure.
        let _ = self.requests.send((id, request));
    }
}

fn serve<T: From<JobEvent>>(
    workspace: Workspace,
    queue: Receiver<(JobId, PagerRequest)>,
    sink: Sink<T>,
) {
    let mut engine: Option<Engine> = None;
    while let Ok(first) = queue.recv() {
        let mut pending = vec![first];
        pending.extend(queue.try_iter());
        // The newest request of each kind wins; the screens no longer wait for the others.
        let newest =
            |n: usize, kind: u8| pending.iter().rposition(|(_, r)| r.kind() == kind) == Some(n);
        let keep: Vec<bool> = (0..pending.len())
            .map(|n| newest(n, pending[n].1.kind()))
            .collect();
        for (n, (id, request)) in pending.into_iter().enumerate() {
            if !keep[n] {
                send(&sink, id, JobEventKind::Cancelled);
                continue;
            }
            if engine.is_none() {
                match workspace.engine() {
                    Ok(e) => engine = Some(e),
                    Err(e) => {
                        send(&sink, id, JobEventKind::Failed(e.to_string()));
                        continue;
                    }
                }
            }
            let engine = engine.as_ref().expect("opened above");
            let outcome = super::guarded(|| match request {
                PagerRequest::Rows(query) => window::fetch(engine.connection(), &query)
                    .map(|w| JobOutput::Window(Box::new(w))),
                PagerRequest::Record {
                    resource,
                    reconciled,
                    delivery,
                    key,
                } => window::record(engine, &resource, &reconciled, &delivery, &key)
                    .map(|r| JobOutput::Record(Box::new(r))),
                PagerRequest::Frequency {
                    query,
                    column,
                    limit,
                } => window::frequency(engine.connection(), &query, column, limit)
                    .map(JobOutput::Frequency),
                PagerRequest::Sample {
                    keys_file,
                    key_count,
                    seed,
                    size,
                } => crate::store::sample::draw(
                    engine.connection(),
                    &keys_file,
                    key_count,
                    &seed,
                    size,
                )
                .map(JobOutput::Sample),
            });
            let kind = match outcome {
                Ok(Ok(output)) => JobEventKind::Finished(output),
                Ok(Err(e)) => JobEventKind::Failed(e.to_string()),
                Err(message) => JobEventKind::Failed(message),
            };
            send(&sink, id, kind);
        }
    }
}
