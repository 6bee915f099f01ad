//! Raising a defect, shared by `recette defect new` and the console: from the records'
//! state in the results (`KeyState`, brought by the caller) to the journal entry — a new
//! `defect.new` with its evidence and value pattern, or a `defect.occurrence` of an open
//! defect showing the same problem (same resource, column and value pattern). `plan` is
//! pure; `record` appends what it planned (the journal's lock and checks apply).

use serde_json::{Value, json};

use super::causes::covered_by_a_defect;
use crate::domain::causes::cause_of;
use crate::domain::evidence::KeyState;
use crate::domain::report::KeyValue;
use crate::journal::actions::{self, DEFECT_OCCURRENCE};
use crate::journal::{DefectRecord, Journal, JournalError, Severity, State};

/// The kinds of defect, as the CLI and the JSON spell them.
pub const KINDS: [&str; 6] = [
    "missing",
    "unexpected",
    "differing",
    "excluded_but_migrated",
    "duplicate",
    "other",
];

/// What a person reports (checked by the caller: resource, columns, keys, kind exist).
#[derive(Debug, Clone, PartialEq)]
pub struct DefectReport {
    pub resource: String,
    pub item: Option<String>,
    pub keys: Vec<KeyValue>,
    pub columns: Vec<String>,
    /// One of `KINDS`; inferred from the data when `None`.
    pub kind: Option<String>,
    pub severity: Severity,
    pub title: String,
    pub description: Option<String>,
    pub delivery: String,
    /// A new defect even when an open one shows the same problem.
    pub separate: bool,
}

/// The entry to write.
#[derive(Debug, Clone, PartialEq)]
pub enum DefectWrite {
    /// A new defect (`Journal::new_defect` assigns its id).
    New(Value),
    /// Another occurrence of the open defect `defect`.
    Occurrence { defect: String, payload: Value },
}

/// What reporting `report` on records in `states` writes, given the journal's `state`.
pub fn plan(report: &DefectReport, states: &[KeyState], state: &State) -> DefectWrite {
    let kind = report.kind.clone().unwrap_or_else(|| inferred_kind(states));
    let evidence = evidence_json(states, &report.columns);
    let pattern = value_pattern(states, &report.columns);
    if !report.separate
        && let Some(open) = pattern
            .as_ref()
            .and_then(|p| same_problem(state, &report.resource, &report.columns, p))
    {
        let payload = json!({
            "defect": open.id, "keys": report.keys, "columns": report.columns,
            "evidence": evidence, "delivery": report.delivery, "title": report.title,
        });
        return DefectWrite::Occurrence {
            defect: open.id.clone(),
            payload,
        };
    }
    let mut payload = actions::defect_new(
        &report.resource,
        report.severity,
        report.description.as_deref().unwrap_or(""),
    );
    let object = payload.as_object_mut().expect("an object");
    object.insert("title".into(), json!(report.title));
    object.insert("kind".into(), json!(kind));
    object.insert("delivery".into(), json!(report.delivery));
    object.insert("keys".into(), json!(report.keys));
    object.insert("columns".into(), json!(report.columns));
    object.insert("evidence".into(), evidence);
    if let Some(item) = &report.item {
        object.insert("item".into(), json!(item));
    }
    if let Some(p) = pattern {
        object.insert("pattern".into(), p);
    }
    DefectWrite::New(payload)
}

/// Writes what `plan` decided as `author`; returns the defect's id (the new one, or the
/// one the occurrence joined) once the entry is synced.
pub fn record(journal: &Journal, author: &str, write: DefectWrite) -> Result<String, JournalError> {
    match write {
        DefectWrite::Occurrence { defect, payload } => {
            journal.append_checked(author, DEFECT_OCCURRENCE, payload)?;
            Ok(defect)
        }
        DefectWrite::New(payload) => {
            let entry = journal.new_defect(author, payload)?;
            Ok(entry.str_field("id").unwrap_or(&entry.id).to_string())
        }
    }
}

/// The kind the records' category says (`other` when it says nothing).
pub fn inferred_kind(states: &[KeyState]) -> String {
    let category = states.iter().find_map(|s| s.category.as_deref());
    match category {
        Some(c @ ("missing" | "unexpected" | "differing" | "excluded_but_migrated")) => {
            c.to_string()
        }
        _ => "other".to_string(),
    }
}

/// The expected and migrated values of the defect's records at the time of the report.
pub fn evidence_json(states: &[KeyState], columns: &[String]) -> Value {
    let records: Vec<Value> = states
        .iter()
        .map(|s| {
            let differences: Vec<_> = s
                .differences
                .iter()
                .filter(|d| columns.is_empty() || columns.contains(&d.column))
                .collect();
            json!({ "key": s.key, "category": s.category, "differences": differences })
        })
        .collect();
    json!(records)
}

/// `{column, expected, migrated}` when the defect is about one column whose records all
/// show the same change: what makes two reports the same problem.
pub fn value_pattern(states: &[KeyState], columns: &[String]) -> Option<Value> {
    let [column] = columns else { return None };
    let mut pairs = states
        .iter()
        .map(|s| s.differences.iter().find(|d| &d.column == column));
    let first = pairs.next()??;
    if pairs.any(|p| p.is_none_or(|d| d.expected != first.expected || d.migrated != first.migrated))
    {
        return None;
    }
    Some(json!({ "column": column, "expected": first.expected, "migrated": first.migrated }))
}

/// An open defect of the same resource and column with the same value pattern.
pub fn same_problem<'s>(
    state: &'s State,
    resource: &str,
    columns: &[String],
    pattern: &Value,
) -> Option<&'s DefectRecord> {
    state.defects().values().find(|d| {
        !d.status.is_closed()
            && d.resource == resource
            && d.details.get("columns") == Some(&json!(columns))
            && d.details.get("pattern") == Some(pattern)
    })
}

/// A value pattern of a delivery that no defect covers yet: a defect to raise, perhaps.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Suggestion {
    pub resource: String,
    pub delivery: String,
    pub column: String,
    pub expected: Option<String>,
    pub migrated: Option<String>,
    pub rows: u64,
}

/// The value patterns of `report` (a resource on `delivery`) that no defect but a rejected
/// one covers: neither a defect of that very pattern, nor one raised from the pattern's
/// cause.
pub fn uncovered_patterns(
    state: &State,
    report: &crate::domain::report::ResourceReport,
    delivery: &str,
) -> Vec<Suggestion> {
    let mut out = Vec::new();
    for column in &report.columns {
        for p in &column.patterns {
            let pattern =
                json!({ "column": column.name, "expected": p.expected, "migrated": p.migrated });
            let kind = cause_of(p.expected.as_deref(), p.migrated.as_deref(), &column.causes);
            let covered = covered_by_a_defect(state, &report.name, &column.name, kind)
                || state.defects().values().any(|d| {
                    !matches!(d.status, crate::journal::DefectStatus::Rejected { .. })
                        && d.resource == report.name
                        && d.details.get("pattern") == Some(&pattern)
                });
            if !covered {
                out.push(Suggestion {
                    resource: report.name.clone(),
                    delivery: delivery.to_string(),
                    column: column.name.clone(),
                    expected: p.expected.clone(),
                    migrated: p.migrated.clone(),
                    rows: p.rows,
                });
            }
        }
    }
    out
}
