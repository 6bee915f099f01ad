//! The trends job: for every resource, what changed from the delivery before the one shown
//! (fixed, still failing, came back, new). It runs after the overview, so the home screen
//! never waits for it: the trend column reads `…` until it is in. The earlier delivery may
//! need reconciling once; comparisons are kept in the results folder
//! (`deliveries::compare_stored`). Must not import `app` or `tui`.

use super::cancel::JobHandle;
use super::overview::Trend;
use super::{JobId, JobOutput, Sink, Workspace};
use crate::domain::campaign::Delivery;
use crate::store::{StoreError, deliveries};

/// Every resource's trend for one delivery.
#[derive(Debug, Clone)]
pub struct Trends {
    pub delivery: String,
    /// `(resource, trend)`, in the campaign's order; resources that failed are left out.
    pub trends: Vec<(String, Trend)>,
}

/// Starts the trends of `delivery` on a new thread; events go to `sink`.
pub fn spawn_trends<T>(
    workspace: Workspace,
    delivery: String,
    id: JobId,
    sink: Sink<T>,
) -> JobHandle
where
    T: From<super::JobEvent> + Send + 'static,
{
    super::spawn_job(id, sink, move |job, _| {
        run(&workspace, &delivery, job)
            .map(JobOutput::Trends)
            .map_err(|e| e.to_string())
    })
}

fn run(workspace: &Workspace, delivery_id: &str, job: &JobHandle) -> Result<Trends, StoreError> {
    let campaign = &workspace.campaign;
    let mut trends = Trends {
        delivery: delivery_id.to_string(),
        trends: Vec::new(),
    };
    let Some(at) = campaign.deliveries.iter().position(|d| d.id == delivery_id) else {
        return Ok(trends);
    };
    let Some(previous) = at.checked_sub(1).map(|p| &campaign.deliveries[p]) else {
        return Ok(trends);
    };
    let current = &campaign.deliveries[at];
    let engine = workspace.engine()?;
    job.attach(engine.watch()?, |_| {});
    for resource in &campaign.resources {
        if job.is_cancelled() {
            return Err(StoreError::Cancelled);
        }
        // The delivery shown was just reconciled by the overview: this reads its results.
        let Ok(now) = engine.reconcile(resource, current, &mut |_| {}) else {
            continue;
        };
        let trend = match engine.reconcile(resource, previous, &mut |_| {}) {
            Ok(before) => match deliveries::compare_stored(
                &engine,
                resource,
                (&previous.id, &before),
                (&current.id, &now),
            ) {
                Ok(comparison) => Trend::Compared(comparison),
                Err(e) => unavailable(previous, e),
            },
            Err(e) => unavailable(previous, e),
        };
        if job.is_cancelled() {
            return Err(StoreError::Cancelled);
        }
        trends.trends.push((resource.name.clone(), trend));
    }
    Ok(trends)
}

fn unavailable(previous: &Delivery, error: StoreError) -> Trend {
    Trend::Unavailable {
        previous: previous.id.clone(),
        error: error.to_string(),
    }
}
