//! One defect per cause (issue 14, the Contact Covid lesson: many reports of one subject are
//! one defect): what a defect raised from a column's cause records in the journal, how an
//! open defect of the same cause takes a second report, what a later delivery says of it,
//! and how a column's causes changed from one delivery to the next.
//!
//! A cause may hold 400,000 keys: the journal line keeps the cause (resource, column, kind,
//! detail), its count and at most [`EXAMPLE_KEYS`] example keys; the rest is in the results
//! (`recette keys --column C --cause KIND`). Pure: the caller brings the reports and the
//! example keys (`jobs::cause_defect` reads them from the results).

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::defects::DefectWrite;
use crate::domain::causes::{Cause, CauseKind, Detail, Pattern};
use crate::domain::report::{KeyValue, ResourceReport};
use crate::journal::actions;
use crate::journal::{DefectRecord, DefectStatus, Severity, State};

/// The most keys a defect raised from a cause records (the first ones, in key order).
pub const EXAMPLE_KEYS: usize = 100;

/// The cause a defect was raised from: the `cause` field of its `defect.new` payload (and of
/// a `defect.occurrence` that joined it), as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefectCause {
    pub resource: String,
    pub column: String,
    pub kind: CauseKind,
    #[serde(default)]
    pub detail: Detail,
    /// Its keys on the delivery it was reported on (like `differing`, keys).
    pub rows: u64,
    /// Its most frequent value pairs then (at most ten): the evidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patterns: Vec<Pattern>,
}

impl DefectCause {
    /// Column `column`'s `cause` of `resource`, as a defect records it.
    pub fn new(resource: &str, column: &str, cause: &Cause) -> DefectCause {
        DefectCause {
            resource: resource.to_string(),
            column: column.to_string(),
            kind: cause.kind,
            detail: cause.detail.clone(),
            rows: cause.rows,
            patterns: cause.patterns.clone(),
        }
    }

    /// The cause `defect` was raised from; `None` for a defect raised from keys (every
    /// defect written before causes existed) or a field this recette cannot read.
    pub fn of(defect: &DefectRecord) -> Option<DefectCause> {
        serde_json::from_value(defect.details.get("cause")?.clone()).ok()
    }

    /// The keys of this cause in a delivery's report of its resource: `Some(0)` when the
    /// column has no such cause there any more (fixed), `None` when that delivery does not
    /// compare the column (absent from its file): nothing can be said.
    pub fn keys_in(&self, report: &ResourceReport) -> Option<u64> {
        let column = report.column(&self.column)?;
        Some(
            column
                .causes
                .iter()
                .filter(|c| c.kind == self.kind)
                .map(|c| c.rows)
                .sum(),
        )
    }

    /// As a column's cause (its suggestion recomputed), to be said in words.
    pub fn as_cause(&self) -> Cause {
        let mut cause = Cause {
            kind: self.kind,
            rows: self.rows,
            detail: self.detail.clone(),
            patterns: self.patterns.clone(),
            suggestion: String::new(),
            if_campaign_map_wrong: None,
        };
        cause.refresh_text();
        cause
    }
}

/// A defect raised from a cause (checked by the caller: the cause exists on `delivery`).
#[derive(Debug, Clone, PartialEq)]
pub struct CauseReport {
    pub cause: DefectCause,
    /// The cause's first keys, at most [`EXAMPLE_KEYS`] (more are cut).
    pub examples: Vec<KeyValue>,
    pub item: Option<String>,
    pub severity: Severity,
    pub title: String,
    pub description: Option<String>,
    pub delivery: String,
    /// A new defect even when an open one has the same cause.
    pub separate: bool,
}

/// The defect category of a cause's keys: `duplicate` for duplicated keys, else
/// `differing` (one of `defects::KINDS`).
pub fn defect_kind(kind: CauseKind) -> &'static str {
    match kind {
        CauseKind::Duplicate => "duplicate",
        _ => "differing",
    }
}

/// What reporting `report` writes, given the journal's `state`: a new defect, or an
/// occurrence of the open defect of the same cause (same resource, column and kind) with
/// the cause's count on this delivery.
pub fn plan_cause(report: &CauseReport, state: &State) -> DefectWrite {
    let cause = &report.cause;
    let examples: Vec<&KeyValue> = report.examples.iter().take(EXAMPLE_KEYS).collect();
    let recorded = serde_json::to_value(cause).unwrap_or(Value::Null);
    if !report.separate
        && let Some(open) = open_defect_of_cause(state, &cause.resource, &cause.column, cause.kind)
    {
        let payload = json!({
            "defect": open.id, "delivery": report.delivery, "title": report.title,
            "columns": [cause.column], "cause": recorded,
        });
        return DefectWrite::Occurrence {
            defect: open.id.clone(),
            payload,
        };
    }
    let mut payload = actions::defect_new(
        &cause.resource,
        report.severity,
        report.description.as_deref().unwrap_or(""),
    );
    let object = payload.as_object_mut().expect("an object");
    object.insert("title".into(), json!(report.title));
    object.insert("kind".into(), json!(defect_kind(cause.kind)));
    object.insert("delivery".into(), json!(report.delivery));
    object.insert("keys".into(), json!(examples));
    object.insert("columns".into(), json!([cause.column]));
    object.insert("cause".into(), recorded);
    if let Some(item) = &report.item {
        object.insert("item".into(), json!(item));
    }
    DefectWrite::New(payload)
}

/// A defect not closed (open, reopened, fixed but not yet verified) raised from the cause
/// `kind` of `resource`.`column`.
pub fn open_defect_of_cause<'s>(
    state: &'s State,
    resource: &str,
    column: &str,
    kind: CauseKind,
) -> Option<&'s DefectRecord> {
    state.defects().values().find(|d| {
        !d.status.is_closed()
            && DefectCause::of(d)
                .is_some_and(|c| c.resource == resource && c.column == column && c.kind == kind)
    })
}

/// Whether a non-rejected defect was raised from this cause: its value patterns are
/// covered, not suggestions.
pub fn covered_by_a_defect(state: &State, resource: &str, column: &str, kind: CauseKind) -> bool {
    state.defects().values().any(|d| {
        !matches!(d.status, DefectStatus::Rejected { .. })
            && DefectCause::of(d)
                .is_some_and(|c| c.resource == resource && c.column == column && c.kind == kind)
    })
}

/// What a delivery's data says of a defect raised from a cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CauseOnData {
    /// The delivery looked at.
    pub delivery: String,
    /// The cause's keys there: 0 when it is gone (fixed).
    pub keys: u64,
}

/// The delivery on which a defect raised from a cause is checked, given the campaign's
/// deliveries (oldest first): the delivery of its fix when it is marked fixed; for an open
/// or reopened one, the last delivery when it came after the one it was found in (is the
/// cause gone?); none otherwise (verified, rejected, or nothing later to look at).
pub fn delivery_to_check<'a>(
    defect: &'a DefectRecord,
    deliveries: &'a [String],
) -> Option<&'a str> {
    match &defect.status {
        DefectStatus::Fixed { delivery } => Some(delivery),
        DefectStatus::Open | DefectStatus::Reopened => {
            let last = deliveries.last()?;
            let found = defect.delivery.as_deref()?;
            let at = |id: &str| deliveries.iter().position(|d| d == id);
            (at(last)? > at(found)?).then_some(last.as_str())
        }
        _ => None,
    }
}

/// One cause of one column from one delivery to the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CauseChange {
    pub column: String,
    pub kind: CauseKind,
    /// Keys on the earlier delivery (0: the cause is new).
    pub previous: u64,
    /// Keys on the later one (0: the cause is gone, fixed).
    pub current: u64,
}

impl CauseChange {
    pub fn is_fixed(&self) -> bool {
        self.previous > 0 && self.current == 0
    }

    pub fn is_new(&self) -> bool {
        self.previous == 0 && self.current > 0
    }
}

/// The causes of one resource's columns from one delivery to the next: "encodage corrigé en
/// L2" beside the key-level delivery comparison (`domain::comparison`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CauseComparison {
    pub resource: String,
    pub previous: String,
    pub current: String,
    /// Per column compared in both deliveries (campaign order), its causes: the later
    /// delivery's largest first, then those gone since, largest first.
    pub by_cause: Vec<CauseChange>,
}

/// Compares the causes of `resource` in two deliveries' reports.
pub fn compare_causes(
    resource: &str,
    (previous_id, previous): (&str, &ResourceReport),
    (current_id, current): (&str, &ResourceReport),
) -> CauseComparison {
    let mut by_cause = Vec::new();
    for column in &current.columns {
        let Some(before) = previous.column(&column.name) else {
            continue;
        };
        let keys_before = |kind: CauseKind| -> u64 {
            before
                .causes
                .iter()
                .filter(|c| c.kind == kind)
                .map(|c| c.rows)
                .sum()
        };
        for cause in &column.causes {
            by_cause.push(CauseChange {
                column: column.name.clone(),
                kind: cause.kind,
                previous: keys_before(cause.kind),
                current: cause.rows,
            });
        }
        for cause in &before.causes {
            if !column.causes.iter().any(|c| c.kind == cause.kind) {
                by_cause.push(CauseChange {
                    column: column.name.clone(),
                    kind: cause.kind,
                    previous: cause.rows,
                    current: 0,
                });
            }
        }
    }
    CauseComparison {
        resource: resource.to_string(),
        previous: previous_id.to_string(),
        current: current_id.to_string(),
        by_cause,
    }
}

#[cfg(test)]
mod tests;
