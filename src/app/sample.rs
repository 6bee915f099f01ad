//! The sample review, the référent's path: the seeded sample of a sample-review item (the
//! same records for every référent of a delivery), one record at a time side by side; `o`
//! says it is right, `k` opens a defect form prefilled with the resource, the item, the key
//! and the columns that differ. Pure state; must not import `tui` or `duckdb`.

use super::{App, Effect, InputKey, Notice};
use crate::acceptance::defects::DefectReport;
use crate::domain::checklist::ItemKind;
use crate::domain::report::KeyValue;
use crate::jobs::{JobId, PagerRequest, RecordView, Recording, ResourceOverview};
use crate::journal::Severity;

#[derive(Debug, Clone)]
pub struct SampleReview {
    pub target: Box<ResourceOverview>,
    pub item: String,
    pub delivery: String,
    /// The drawn keys, once the draw is back.
    pub keys: Vec<KeyValue>,
    pub drawing: Option<JobId>,
    /// The record shown (index into `keys`).
    pub at: usize,
    pub view: Option<RecordView>,
    pub pending: Option<JobId>,
    pub scroll: usize,
    pub marks: Vec<Mark>,
    pub form: Option<DefectForm>,
    /// The `sample.draw` journal entry under way.
    pub journaling: Option<JobId>,
}

/// A `sample.mark` being written. Kept by the app, not the review: the review may be closed
/// before the entry is on disk, and its outcome must still be shown.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingMark {
    pub id: JobId,
    pub resource: String,
    pub item: String,
    pub delivery: String,
    pub key: KeyValue,
}

/// What the référent said about a record of the sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    Unseen,
    Ok,
    /// A defect recorded (its id once on disk).
    Ko(Option<String>),
}

/// The defect form of a KO: everything prefilled but the title (prefilled too, editable).
#[derive(Debug, Clone, PartialEq)]
pub struct DefectForm {
    pub key: KeyValue,
    pub columns: Vec<String>,
    /// `column: expected → migrated`, what the form shows.
    pub values: Vec<(String, Option<String>, Option<String>)>,
    pub severity: Severity,
    /// The record (index in the sample) it is about.
    pub record: usize,
    /// The append under way.
    pub saving: Option<JobId>,
}

pub const SEVERITIES: [Severity; 3] = [Severity::Blocking, Severity::Major, Severity::Minor];

impl SampleReview {
    pub fn key(&self) -> Option<&KeyValue> {
        self.keys.get(self.at)
    }

    pub fn reviewed(&self) -> usize {
        self.marks.iter().filter(|m| **m != Mark::Unseen).count()
    }
}

/// Opens the review of the selected checklist item, when it is a sample-review item; the
/// draw runs on the pager.
pub(super) fn open(app: &mut App) -> Option<Vec<Effect>> {
    let item = app.checklist_item()?.item.clone();
    let target = app.checklist_target()?.clone();
    let delivery = app.current_overview()?.delivery.clone();
    let Some(ItemKind::Sample { size, seed, .. }) = target
        .items
        .iter()
        .find(|i| i.id == item)
        .map(|i| i.kind.clone())
    else {
        return None;
    };
    let id = app.next_id();
    let request = PagerRequest::Sample {
        keys_file: target.reconciled.files.keys.clone(),
        key_count: target.resource.key.len(),
        // As `recette sample` draws it: one sample per delivery.
        seed: format!("{seed}/{delivery}"),
        size,
    };
    app.sample = Some(SampleReview {
        target: Box::new(target),
        item,
        delivery,
        keys: Vec::new(),
        drawing: Some(id),
        at: 0,
        view: None,
        pending: None,
        scroll: 0,
        marks: Vec::new(),
        form: None,
        journaling: None,
    });
    Some(vec![Effect::Fetch { id, request }])
}

/// The draw is back: journaled (as `recette sample` does), and its first record shown.
pub(super) fn drawn(app: &mut App, keys: Vec<KeyValue>) -> Vec<Effect> {
    let id = app.next_id();
    let Some(review) = app.sample.as_mut() else {
        return Vec::new();
    };
    // What the journal already says of these records on this delivery: right, or a defect.
    let defects = app
        .overview
        .as_ref()
        .map_or(&[][..], |o| o.defects.as_slice());
    // A mark still being written (the review closed and opened again meanwhile) counts.
    let pending = |key: &KeyValue| {
        app.marking.iter().any(|m| {
            m.resource == review.target.resource.name
                && m.item == review.item
                && m.delivery == review.delivery
                && &m.key == key
        })
    };
    review.marks = keys
        .iter()
        .map(|key| match pending(key) {
            true => Mark::Ok,
            false => recorded_mark(&review.target, &review.item, &review.delivery, defects, key),
        })
        .collect();
    review.keys = keys.clone();
    review.journaling = Some(id);
    let seed = match review.target.items.iter().find(|i| i.id == review.item) {
        Some(crate::domain::checklist::Item {
            kind: ItemKind::Sample { seed, .. },
            ..
        }) => format!("{seed}/{}", review.delivery),
        _ => String::new(),
    };
    let record = Effect::Record {
        id,
        recording: Recording::SampleDraw {
            resource: review.target.resource.name.clone(),
            item: review.item.clone(),
            delivery: review.delivery.clone(),
            seed,
            keys,
        },
    };
    let mut effects = vec![record];
    effects.extend(show(app, 0));
    effects
}

/// Shows record `at` of the sample (its record read by the pager).
pub(super) fn show(app: &mut App, at: usize) -> Vec<Effect> {
    let id = app.next_id();
    let Some(review) = app.sample.as_mut() else {
        return Vec::new();
    };
    let Some(key) = review.keys.get(at).cloned() else {
        return Vec::new();
    };
    review.at = at;
    review.view = None;
    review.scroll = 0;
    review.pending = Some(id);
    vec![Effect::Fetch {
        id,
        request: PagerRequest::Record {
            resource: Box::new(review.target.resource.clone()),
            reconciled: Box::new(review.target.reconciled.clone()),
            delivery: review.delivery.clone(),
            key,
        },
    }]
}

/// `o`: the record is right (journaled as `sample.mark`); on to the next one.
pub(super) fn mark_ok(app: &mut App) -> Vec<Effect> {
    let id = app.next_id();
    let Some(review) = app.sample.as_mut() else {
        return Vec::new();
    };
    if review.view.is_none() {
        return Vec::new();
    }
    let at = review.at;
    let Some(key) = review.keys.get(at).cloned() else {
        return Vec::new();
    };
    let mut effects = Vec::new();
    // A record already found right, or already a defect, is not marked again.
    if review.marks.get(at) == Some(&Mark::Unseen) {
        review.marks[at] = Mark::Ok;
        let mark = PendingMark {
            id,
            resource: review.target.resource.name.clone(),
            item: review.item.clone(),
            delivery: review.delivery.clone(),
            key,
        };
        effects.push(Effect::Record {
            id,
            recording: Recording::SampleOk {
                resource: mark.resource.clone(),
                item: mark.item.clone(),
                delivery: mark.delivery.clone(),
                key: mark.key.clone(),
            },
        });
        app.marking.push(mark);
    }
    let next = at + 1;
    if next < review.keys.len() {
        effects.extend(show(app, next));
    }
    effects
}

/// A `sample.mark` is on disk, or failed: on failure its record is unmarked (if the review
/// is still open) and the status line says why. `false` when `id` is not a mark's.
pub(super) fn marked(app: &mut App, id: JobId, failure: Option<String>) -> bool {
    let Some(n) = app.marking.iter().position(|m| m.id == id) else {
        return false;
    };
    let mark = app.marking.remove(n);
    let review = app.sample.as_mut().filter(|r| {
        r.target.resource.name == mark.resource
            && r.item == mark.item
            && r.delivery == mark.delivery
    });
    // Another mark of the same record still being written speaks for it.
    let still_pending = app.marking.iter().any(|m| {
        m.resource == mark.resource
            && m.item == mark.item
            && m.delivery == mark.delivery
            && m.key == mark.key
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
            if let Some(crate::jobs::ResourceOutcome::Reconciled(r)) = resource {
                r.sample_oks.push(ok);
            }
        }
    }
    true
}

/// A drawn record's mark as the journal has it: right (`sample.mark`), a defect raised from
/// this item on this delivery that names the key, or not seen yet.
fn recorded_mark(
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

/// `k`: the record is wrong; the defect form opens, prefilled, its title in the input.
pub(super) fn mark_ko(app: &mut App) -> Vec<Effect> {
    let Some(review) = app.sample.as_mut() else {
        return Vec::new();
    };
    let Some(view) = &review.view else {
        return Vec::new();
    };
    let differing: Vec<_> = view.cells.iter().filter(|c| c.differs).collect();
    let columns: Vec<String> = differing.iter().map(|c| c.column.clone()).collect();
    let values = differing
        .iter()
        .map(|c| (c.column.clone(), c.expected.clone(), c.migrated.clone()))
        .collect();
    let title = match differing.first() {
        Some(c) => format!(
            "{} : {} → {}",
            review.target.resource.column_label(&c.column),
            c.expected.as_deref().unwrap_or("∅"),
            c.migrated.as_deref().unwrap_or("∅")
        ),
        None => String::new(),
    };
    review.form = Some(DefectForm {
        key: view.key.clone(),
        columns,
        values,
        severity: Severity::Major,
        record: review.at,
        saving: None,
    });
    app.input = Some(crate::domain::text::for_terminal(&title).into_owned());
    Vec::new()
}

/// Keys typed while the defect form is open: the title; Tab changes the severity; Enter
/// records the defect; Esc closes the form.
pub(super) fn on_form_input(app: &mut App, key: InputKey) -> Vec<Effect> {
    let Some(text) = app.input.as_mut() else {
        return Vec::new();
    };
    match key {
        InputKey::Char(c) => text.push(c),
        InputKey::Backspace => {
            text.pop();
        }
        InputKey::Tab => {
            if let Some(form) = app.sample.as_mut().and_then(|r| r.form.as_mut()) {
                let at = SEVERITIES
                    .iter()
                    .position(|s| *s == form.severity)
                    .unwrap_or(0);
                form.severity = SEVERITIES[(at + 1) % SEVERITIES.len()];
            }
        }
        InputKey::Esc => {
            app.input = None;
            if let Some(review) = app.sample.as_mut() {
                review.form = None;
            }
        }
        InputKey::Enter => return submit(app),
        // A one-line title: no cursor, no history.
        _ => {}
    }
    Vec::new()
}

fn submit(app: &mut App) -> Vec<Effect> {
    let title = app.input.clone().unwrap_or_default().trim().to_string();
    if title.is_empty() {
        app.notice = Some(Notice::TitleRequired);
        return Vec::new();
    }
    let id = app.next_id();
    let Some(review) = app.sample.as_mut() else {
        return Vec::new();
    };
    let Some(form) = review.form.as_mut() else {
        return Vec::new();
    };
    if form.saving.is_some() {
        return Vec::new();
    }
    form.saving = Some(id);
    let report = DefectReport {
        resource: review.target.resource.name.clone(),
        item: Some(review.item.clone()),
        keys: vec![form.key.clone()],
        columns: form.columns.clone(),
        kind: None,
        severity: form.severity,
        title,
        description: None,
        delivery: review.delivery.clone(),
        separate: false,
    };
    app.saving = Some(id);
    vec![Effect::Record {
        id,
        recording: Recording::Defect(Box::new(report)),
    }]
}

/// The defect is on disk: the record is marked KO with it, the form closes.
pub(super) fn saved(app: &mut App, id: JobId, defect: &str) -> bool {
    let Some(review) = app.sample.as_mut() else {
        return false;
    };
    let Some(form) = review.form.as_ref().filter(|f| f.saving == Some(id)) else {
        return false;
    };
    let record = form.record;
    if let Some(m) = review.marks.get_mut(record) {
        *m = Mark::Ko(Some(defect.to_string()));
    }
    review.form = None;
    app.input = None;
    true
}

/// The append failed: the form stays open, with what was typed.
pub(super) fn failed(app: &mut App, id: JobId) {
    if let Some(form) = app
        .sample
        .as_mut()
        .and_then(|r| r.form.as_mut())
        .filter(|f| f.saving == Some(id))
    {
        form.saving = None;
    }
}
