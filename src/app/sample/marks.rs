//! What the référent said about each record of a sample: right (`sample.mark`, written
//! while the review goes on to the next record), a defect, or not seen yet — as the journal
//! has it when the sample is drawn again. Pure state; must not import `tui` or `duckdb`.

use super::{SampleReview, review_mut, show};
use crate::app::stack::ScreenId;
use crate::app::{App, Effect, Notice, Purpose, Write};
use crate::domain::report::KeyValue;
use crate::jobs::{Recording, ResourceOutcome, ResourceOverview};

/// What the référent said about a record of the sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    Unseen,
    Ok,
    /// A defect recorded (its id once on disk).
    Ko(Option<String>),
}

/// A `sample.mark` being written. Awaited by the app, not the review: the review may be
/// closed before the entry is on disk, and its outcome must still be shown.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingMark {
    pub resource: String,
    pub item: String,
    pub delivery: String,
    pub key: KeyValue,
}

impl PendingMark {
    /// Whether this mark is of record `key` of `review`'s sample.
    pub fn is_of(&self, review: &SampleReview, key: &KeyValue) -> bool {
        self.resource == review.target.resource.name
            && self.item == review.item
            && self.delivery == review.delivery
            && &self.key == key
    }
}

/// `o`: the record is right (journaled as `sample.mark`); on to the next one.
pub(super) fn mark_ok(app: &mut App, screen: ScreenId) -> Vec<Effect> {
    let Some(review) = review_mut(app, screen) else {
        return Vec::new();
    };
    if review.view.is_none() {
        return Vec::new();
    }
    let at = review.at;
    let Some(key) = review.keys.get(at).cloned() else {
        return Vec::new();
    };
    let next = at + 1;
    let has_next = next < review.keys.len();
    let mut effects = Vec::new();
    // A record already found right, or already a defect, is not marked again.
    if review.marks.get(at) == Some(&Mark::Unseen) {
        review.marks[at] = Mark::Ok;
        let mark = PendingMark {
            resource: review.target.resource.name.clone(),
            item: review.item.clone(),
            delivery: review.delivery.clone(),
            key,
        };
        let recording = Recording::SampleOk {
            resource: mark.resource.clone(),
            item: mark.item.clone(),
            delivery: mark.delivery.clone(),
            key: mark.key.clone(),
        };
        let id = app.jobs.start(Purpose::Write(Write::SampleMark(mark)));
        effects.push(Effect::Record { id, recording });
    }
    if has_next {
        effects.extend(show(app, screen, next));
    }
    super::summary::when_done(app, screen);
    effects
}

/// A `sample.mark` is on disk, or failed (`failure`): on failure its record is unmarked (if
/// its review is still open) and the status line says why.
pub(crate) fn marked(app: &mut App, mark: PendingMark, failure: Option<String>) {
    // Another mark of the same record still being written speaks for it.
    let still_pending = app.jobs.any(|p| match p {
        Purpose::Write(Write::SampleMark(m)) => *m == mark,
        _ => false,
    });
    let review = app.sample_mut().filter(|r| {
        r.target.resource.name == mark.resource
            && r.item == mark.item
            && r.delivery == mark.delivery
    });
    match failure {
        Some(message) => {
            if let Some((review, at)) = review
                .filter(|_| !still_pending)
                .and_then(|r| r.keys.iter().position(|k| *k == mark.key).map(|at| (r, at)))
            {
                review.marks[at] = Mark::Unseen;
            }
            app.notice = Some(Notice::Failed(message));
        }
        None => {
            // What the journal now says, in the overview shown and the review open, so a
            // review opened again shows it without reading the journal.
            let ok = (mark.item.clone(), mark.key.clone());
            if let Some(review) = review {
                review.target.sample_oks.push(ok.clone());
            }
            let resource = app
                .overview
                .as_mut()
                .filter(|o| o.delivery == mark.delivery)
                .and_then(|o| {
                    o.resources
                        .iter_mut()
                        .find(|r| r.resource().name == mark.resource)
                });
            if let Some(ResourceOutcome::Reconciled(r)) = resource {
                r.sample_oks.push(ok);
            }
        }
    }
}

/// A drawn record's mark as the journal has it: right (`sample.mark`), a defect raised from
/// this item on this delivery that names the key, or not seen yet.
pub(super) fn recorded(
    target: &ResourceOverview,
    item: &str,
    delivery: &str,
    defects: &[crate::journal::DefectRecord],
    key: &KeyValue,
) -> Mark {
    if target.sample_oks.iter().any(|(i, k)| i == item && k == key) {
        return Mark::Ok;
    }
    let names_key = |payload: &serde_json::Map<String, serde_json::Value>| {
        payload
            .get("keys")
            .and_then(|keys| serde_json::from_value::<Vec<KeyValue>>(keys.clone()).ok())
            .is_some_and(|keys| keys.contains(key))
    };
    defects
        .iter()
        .find(|d| {
            d.resource == target.resource.name
                && d.item.as_deref() == Some(item)
                && d.delivery.as_deref() == Some(delivery)
                && (names_key(&d.details) || d.occurrences.iter().any(names_key))
        })
        .map_or(Mark::Unseen, |d| Mark::Ko(Some(d.id.clone())))
}
