//! The trend column of the home screen: filled by the trends job after the overview (which
//! leaves it `Pending`), and carried over when the overview is folded again for the same
//! delivery on the same results (after a journal entry), so it is computed once. Pure
//! state; must not import `tui` or `duckdb`.

use super::{App, Effect, Purpose};
use crate::jobs::{Overview, ResourceOutcome, Trend, Trends};

/// A new overview takes the trends of the one shown when they are about the same delivery
/// and the same results (the result files' names say what they were computed from).
pub(super) fn carry_over(old: Option<&Overview>, new: &mut Overview) {
    let Some(old) = old.filter(|o| o.delivery == new.delivery) else {
        return;
    };
    for outcome in &mut new.resources {
        let ResourceOutcome::Reconciled(r) = outcome else {
            continue;
        };
        let before = old
            .resources
            .iter()
            .filter_map(ResourceOutcome::reconciled)
            .find(|o| {
                o.resource.name == r.resource.name && o.reconciled.files == r.reconciled.files
            });
        if let Some(before) = before.filter(|b| !matches!(b.trend, Trend::Pending)) {
            r.trend = before.trend.clone();
        }
    }
}

/// Starts the trends job when the overview shown has pending trends.
pub(super) fn start(app: &mut App) -> Vec<Effect> {
    let pending = app.current_overview().is_some_and(|o| {
        o.resources
            .iter()
            .filter_map(ResourceOutcome::reconciled)
            .any(|r| matches!(r.trend, Trend::Pending))
    });
    let Some(delivery) = app.delivery_id().map(str::to_string).filter(|_| pending) else {
        return Vec::new();
    };
    let mut effects = cancel(app);
    let id = app.jobs.start(Purpose::Trends);
    effects.push(Effect::StartTrends { id, delivery });
    effects
}

/// Cancels the trends job under way, if any.
pub(super) fn cancel(app: &mut App) -> Vec<Effect> {
    app.jobs
        .forget(|p| *p == Purpose::Trends)
        .into_iter()
        .map(Effect::Cancel)
        .collect()
}

/// The trends are in: into the overview shown, if it is still about their delivery.
pub(super) fn received(app: &mut App, trends: Trends) {
    let Some(overview) = app
        .overview
        .as_mut()
        .filter(|o| o.delivery == trends.delivery)
    else {
        return;
    };
    for (name, trend) in trends.trends {
        let resource = overview.resources.iter_mut().find_map(|o| match o {
            ResourceOutcome::Reconciled(r) if r.resource.name == name => Some(r),
            _ => None,
        });
        if let Some(r) = resource {
            r.trend = trend;
        }
    }
}
