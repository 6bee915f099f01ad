//! The end of a sample review: once every record of the sample has its mark, a summary
//! opens over the review (« 19 justes, 1 anomalie ») and proposes the item's verdict — OK
//! when every record is right, KO when one is a defect. Enter records the verdict proposed
//! (`o` and `x` record OK or KO instead), with the summary as its comment, and goes back to
//! the checklist; Esc goes back to the review. Pure state; must not import `tui` or `duckdb`.

use super::{Mark, SampleReview, review_mut};
use crate::app::stack::{Screen, ScreenId};
use crate::app::{Action, App, Effect, Purpose, Write};
use crate::jobs::Recording;
use crate::journal::VerdictValue;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub resource: String,
    pub item: String,
    pub delivery: String,
    /// Records found right.
    pub right: usize,
    /// The defects the records were found with (one per record; an id once on disk).
    pub defects: Vec<Option<String>>,
    /// Records without a mark.
    pub unseen: usize,
}

impl Summary {
    pub fn of(review: &SampleReview) -> Summary {
        let count = |m: &Mark| review.marks.iter().filter(|x| *x == m).count();
        Summary {
            resource: review.target.resource.name.clone(),
            item: review.item.clone(),
            delivery: review.delivery.clone(),
            right: count(&Mark::Ok),
            defects: review
                .marks
                .iter()
                .filter_map(|m| match m {
                    Mark::Ko(id) => Some(id.clone()),
                    _ => None,
                })
                .collect(),
            unseen: count(&Mark::Unseen),
        }
    }

    /// OK when every record is right, KO as soon as one is a defect.
    pub fn proposed(&self) -> VerdictValue {
        if self.defects.is_empty() && self.unseen == 0 {
            VerdictValue::Ok
        } else {
            VerdictValue::Ko
        }
    }

    /// « 19 justes, 1 anomalie (MD-1) », in the console's language: the verdict's comment.
    pub fn said(&self, t: &crate::domain::i18n::Catalogue) -> String {
        let mut parts = vec![t.count(t.n_right, self.right as u64)];
        if !self.defects.is_empty() {
            let ids: Vec<&str> = self.defects.iter().flatten().map(String::as_str).collect();
            let mut defects = t.count(t.n_defects_found, self.defects.len() as u64);
            if !ids.is_empty() {
                defects.push_str(&format!(" ({})", ids.join(", ")));
            }
            parts.push(defects);
        }
        if self.unseen > 0 {
            parts.push(t.count(t.n_unseen, self.unseen as u64));
        }
        parts.join(", ")
    }
}

/// After a mark: when every record of review `screen` has one, the summary opens (once).
pub(super) fn when_done(app: &mut App, screen: ScreenId) {
    let Some(review) = review_mut(app, screen) else {
        return;
    };
    let done = !review.marks.is_empty() && review.marks.iter().all(|m| *m != Mark::Unseen);
    if !done || review.summarized {
        return;
    }
    review.summarized = true;
    let summary = Summary::of(review);
    app.open(Screen::Summary(summary));
}

/// A key on the summary.
pub(crate) fn on_key(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(Screen::Summary(summary)) = app.screens.top().map(|l| &l.screen) else {
        return Vec::new();
    };
    let value = match action {
        Action::Back => {
            app.close_top();
            return Vec::new();
        }
        Action::Enter => summary.proposed(),
        Action::VerdictOk => VerdictValue::Ok,
        Action::VerdictKo => VerdictValue::Ko,
        _ => return Vec::new(),
    };
    let recording = Recording::Verdict {
        resource: summary.resource.clone(),
        item: summary.item.clone(),
        delivery: summary.delivery.clone(),
        value,
        comment: Some(summary.said(app.lang.catalogue())),
    };
    // Back to the checklist: the summary and its review close.
    app.close_top();
    if matches!(
        app.screens.top().map(|l| &l.screen),
        Some(Screen::Sample(_))
    ) {
        app.close_top();
    }
    let id = app.jobs.start(Purpose::Write(Write::Entry));
    vec![Effect::Record { id, recording }]
}
