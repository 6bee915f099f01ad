//! The overview job's reconciliations, one progress step each: a resource's own failure is
//! kept as its result, a cancellation stops the job. Must not import `app`/`tui`.

use std::sync::{Arc, Mutex};

use super::super::{JobEventKind, Progress, Sink, send};
use super::JobError;
use crate::domain::campaign::{Campaign, Delivery, Resource};
use crate::jobs::cancel::JobHandle;
use crate::store::{Engine, Reconciled, Stage, StoreError};

/// `message` with the campaign's folder left out of the paths it names: the people reading
/// it know where their campaign is, and a row of the home screen has little room.
fn relative_paths(message: &str, campaign: &Campaign) -> String {
    match campaign.file.parent().map(|d| d.to_string_lossy()) {
        Some(dir) if !dir.is_empty() => {
            let dir = dir.trim_end_matches(std::path::MAIN_SEPARATOR);
            message.replace(&format!("{dir}{}", std::path::MAIN_SEPARATOR), "")
        }
        _ => message.to_string(),
    }
}

/// The job's reconciliations, each one step of its progress.
pub(super) struct Steps<'a, T> {
    engine: &'a Engine,
    job: &'a JobHandle,
    sink: &'a Sink<T>,
    current: Arc<Mutex<Progress>>,
}

impl<'a, T> Steps<'a, T>
where
    T: From<crate::jobs::JobEvent> + Send + 'static,
{
    /// Reconciles `resource` against `delivery`. The outer error stops the job (it was
    /// cancelled); the inner one is the resource's own failure, which only its row shows.
    pub(super) fn new(
        engine: &'a Engine,
        job: &'a JobHandle,
        sink: &'a Sink<T>,
        current: Arc<Mutex<Progress>>,
    ) -> Self {
        Steps {
            engine,
            job,
            sink,
            current,
        }
    }

    pub(super) fn reconcile(
        &mut self,
        resource: &Resource,
        delivery: &Delivery,
    ) -> Result<Result<Reconciled, String>, JobError> {
        self.stop_if_cancelled()?;
        let subject = format!("{} · {}", resource.name, delivery.id);
        self.report(&subject, None);
        let result = self.engine.reconcile(resource, delivery, &mut |stage| {
            self.report(&subject, Some(stage))
        });
        self.advance();
        match result {
            Ok(reconciled) => Ok(Ok(reconciled)),
            Err(e) => {
                // An interrupted statement fails like bad data would: the flag tells them apart.
                self.stop_if_cancelled()?;
                if matches!(e, StoreError::Cancelled) {
                    return Err(JobError::Store(e));
                }
                Ok(Err(relative_paths(&e.to_string(), self.engine.campaign())))
            }
        }
    }

    fn stop_if_cancelled(&self) -> Result<(), JobError> {
        if self.job.is_cancelled() {
            return Err(JobError::Store(StoreError::Cancelled));
        }
        Ok(())
    }

    fn report(&self, subject: &str, stage: Option<Stage>) {
        let mut s = self.current.lock().unwrap_or_else(|e| e.into_inner());
        s.subject = subject.to_string();
        s.stage = stage;
        s.percent = None;
        send(self.sink, self.job.id, JobEventKind::Progress(s.clone()));
    }

    fn advance(&mut self) {
        let mut s = self.current.lock().unwrap_or_else(|e| e.into_inner());
        s.done = (s.done + 1).min(s.total);
    }
}
