//! Item verdicts and progress per resource (with where its sign-off stands).

use serde::Serialize;

use super::signoff::{Reason, Standing, refusals, standing};
use crate::domain::checklist::{Checklist, Item, ItemKind};
use crate::domain::report::ResourceReport;
use crate::domain::signoff::SignoffFiles;
use crate::journal::{DefectRecord, Severity, State, VerdictValue};

/// The verdict of one item for one delivery, as people see it.
#[derive(Debug, Clone, Serialize)]
pub struct ItemVerdict {
    pub resource: String,
    pub item: String,
    pub label: String,
    pub kind: &'static str,
    pub delivery: String,
    /// `todo`, `ok`, `ko`, `na`, `blocked`: a person's verdict when there is one, else the
    /// computed one (automated items), else `todo`.
    pub verdict: &'static str,
    /// Automated items: what the engine computed (`ok`/`ko`), whatever a person said.
    pub computed: Option<&'static str>,
    /// Automated items: the measured values (`missing_rows = 4`).
    pub measured: Option<String>,
    /// Who set the verdict, when and why (a person's verdict only).
    pub author: Option<String>,
    pub time: Option<String>,
    pub comment: Option<String>,
    /// The person's verdicts on earlier deliveries, oldest first (`L1: ko`).
    pub history: Vec<String>,
}

/// The verdicts of every item of `resource` for `delivery`. `report` is that delivery's
/// reconciliation of the resource (needed by automated items).
pub fn item_verdicts(
    checklist: &Checklist,
    state: &State,
    resource: &str,
    delivery: &str,
    earlier: &[String],
    report: Option<&ResourceReport>,
) -> Vec<ItemVerdict> {
    checklist
        .items_for(resource)
        .map(|item| item_verdict(item, state, delivery, earlier, report))
        .collect()
}

fn item_verdict(
    item: &Item,
    state: &State,
    delivery: &str,
    earlier: &[String],
    report: Option<&ResourceReport>,
) -> ItemVerdict {
    let evaluation = match (&item.kind, report) {
        (ItemKind::Automated { criterion }, Some(report)) => Some(criterion.evaluate(report)),
        _ => None,
    };
    let computed = evaluation
        .as_ref()
        .map(|e| if e.passed { "ok" } else { "ko" });
    let person = state.verdict(&item.resource, &item.id, delivery);
    let verdict = match (person, computed) {
        (Some(p), _) => p.value.as_str(),
        (None, Some(c)) => c,
        (None, None) => VerdictValue::Todo.as_str(),
    };
    let history = earlier
        .iter()
        .filter_map(|d| {
            state
                .verdict(&item.resource, &item.id, d)
                .map(|v| format!("{d}: {}", v.value.as_str()))
        })
        .collect();
    ItemVerdict {
        resource: item.resource.clone(),
        item: item.id.clone(),
        label: item.label.clone(),
        kind: item.kind.name(),
        delivery: delivery.to_string(),
        verdict,
        computed,
        measured: evaluation.map(|e| e.measured),
        author: person.map(|p| p.author.clone()),
        time: person.map(|p| p.time.format("%Y-%m-%d %H:%M").to_string()),
        comment: person.and_then(|p| p.comment.clone()),
        history,
    }
}

/// Where a resource stands for a delivery.
#[derive(Debug, Clone, Serialize)]
pub struct ResourceProgress {
    pub resource: String,
    pub delivery: String,
    pub items_total: usize,
    /// Items with a verdict other than `todo`.
    pub items_done: usize,
    pub ok: usize,
    pub ko: usize,
    pub na: usize,
    pub blocked: usize,
    /// Open defects (not verified, not rejected) by severity.
    pub open_bloquante: usize,
    pub open_majeure: usize,
    pub open_mineure: usize,
    /// Who signed it off and when (`Marie Dupont, 2026-10-12`), whether the sign-off still
    /// counts or not (`signoff` says).
    pub signed_off_by: Option<String>,
    /// Where its sign-off stands: unsigned, signed (with or without reservations), or
    /// signed before the files it covers changed.
    pub signoff: Standing,
    /// Why it cannot be signed off without reservation now (empty: it can).
    pub refusals: Vec<Reason>,
}

/// Where `resource` stands on `delivery`: `verdicts` are its items' (`item_verdicts`),
/// `report` the delivery's reconciliation (`None`: it failed), `files` the digests of the
/// files a sign-off covers, as they are now.
pub fn resource_progress(
    resource: &str,
    delivery: &str,
    verdicts: &[ItemVerdict],
    state: &State,
    report: Option<&ResourceReport>,
    files: &SignoffFiles,
) -> ResourceProgress {
    let count = |v: &str| verdicts.iter().filter(|i| i.verdict == v).count();
    let open = |s: Severity| {
        open_defects(state, resource)
            .filter(|d| d.severity == s)
            .count()
    };
    let blocking: Vec<String> = open_defects(state, resource)
        .filter(|d| d.severity == Severity::Blocking)
        .map(|d| d.id.clone())
        .collect();
    let signoff = standing(state.signoff(resource, delivery), files);
    ResourceProgress {
        resource: resource.to_string(),
        delivery: delivery.to_string(),
        items_total: verdicts.len(),
        items_done: verdicts.len() - count("todo"),
        ok: count("ok"),
        ko: count("ko"),
        na: count("na"),
        blocked: count("blocked"),
        open_bloquante: blocking.len(),
        open_majeure: open(Severity::Major),
        open_mineure: open(Severity::Minor),
        signed_off_by: signoff.by(),
        signoff,
        refusals: refusals(verdicts, report, &blocking),
    }
}

/// Defects of a resource that still need work: not verified, not rejected.
pub fn open_defects<'s>(
    state: &'s State,
    resource: &'s str,
) -> impl Iterator<Item = &'s DefectRecord> + 's {
    state
        .defects()
        .values()
        .filter(move |d| d.resource == resource && !d.status.is_closed())
}
