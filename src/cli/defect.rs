//! `recette defect new|set` and `recette defects`: raising, grouping, fixing and verifying
//! defects (anomalies), with the evidence the data holds.

use std::process::ExitCode;

use anyhow::{Context, bail};
use serde_json::{Value, json};

use super::record::Recorder;
use crate::domain::campaign::{Campaign, Delivery, Resource};
use crate::domain::report::KeyValue;
use crate::journal::actions::{self, DEFECT_OCCURRENCE, DEFECT_STATUS};
use crate::journal::{DefectRecord, DefectStatus, Severity, State};
use crate::store::Engine;
use crate::store::evidence::KeyState;

/// The kinds of defect, as the CLI and the JSON spell them.
pub const KINDS: [&str; 6] = [
    "missing",
    "unexpected",
    "differing",
    "excluded_but_migrated",
    "duplicate",
    "other",
];

pub struct NewDefect<'a> {
    pub resource: &'a str,
    pub item: Option<&'a str>,
    pub keys: &'a [String],
    pub columns: &'a [String],
    pub kind: Option<&'a str>,
    pub severity: &'a str,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub delivery: Option<&'a str>,
    /// Record a new defect even when an open one has the same column and value pattern.
    pub separate: bool,
}

pub fn new(campaign: &Campaign, recorder: &Recorder, d: NewDefect) -> anyhow::Result<ExitCode> {
    let resource = super::resource(campaign, d.resource)?;
    let delivery = super::delivery(campaign, d.delivery)?;
    let severity =
        Severity::parse(d.severity).context("severity is bloquante, majeure or mineure")?;
    for c in d.columns {
        if resource.column(c).is_none() {
            bail!(
                "`{c}` is not a column of resource `{}` in {}",
                resource.name,
                campaign.file.display()
            );
        }
    }
    let keys = parse_keys(resource, d.keys)?;
    let states = if keys.is_empty() {
        Vec::new()
    } else {
        key_states(campaign, resource, delivery, &keys)?
    };
    for s in states.iter().filter(|s| s.category.is_none()) {
        let key: Vec<&str> = s.key.iter().map(|p| p.as_deref().unwrap_or("")).collect();
        eprintln!(
            "recette: note: key {} is on neither side of {} in {}; recorded as given",
            key.join(","),
            resource.name,
            delivery.id
        );
    }
    let kind = match d.kind {
        Some(k) if KINDS.contains(&k) => k.to_string(),
        Some(k) => bail!("kind `{k}` is not one of {}", KINDS.join(", ")),
        None => inferred_kind(&states),
    };
    let evidence = evidence_json(&states, d.columns);
    let pattern = value_pattern(&states, d.columns);
    let state = recorder.state()?;
    if !d.separate
        && let Some(open) = pattern
            .as_ref()
            .and_then(|p| same_problem(&state, &resource.name, d.columns, p))
    {
        let payload = json!({
            "defect": open.id, "keys": keys_json(&keys), "columns": d.columns,
            "evidence": evidence, "delivery": delivery.id, "title": d.title,
        });
        // The occurrence is synced: print the defect it joined, as `defect new` prints a
        // defect's id.
        recorder.record_silently(DEFECT_OCCURRENCE, payload)?;
        println!("{}", open.id);
        eprintln!(
            "recette: attached to defect {} (same resource, column and value pattern); --separate records a new defect",
            open.id
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut payload = actions::defect_new(&resource.name, severity, d.description.unwrap_or(""));
    let object = payload.as_object_mut().expect("an object");
    object.insert("title".into(), json!(d.title));
    object.insert("kind".into(), json!(kind));
    object.insert("delivery".into(), json!(delivery.id));
    object.insert("keys".into(), keys_json(&keys));
    object.insert("columns".into(), json!(d.columns));
    object.insert("evidence".into(), evidence);
    if let Some(item) = d.item {
        object.insert("item".into(), json!(item));
    }
    if let Some(p) = pattern {
        object.insert("pattern".into(), p);
    }
    let entry = recorder
        .journal
        .new_defect(&recorder.author, payload)
        .context("writing to the journal")?;
    println!("{}", entry.str_field("id").unwrap_or(&entry.id));
    Ok(ExitCode::SUCCESS)
}

pub fn set(
    campaign: &Campaign,
    recorder: &Recorder,
    id: &str,
    status: &str,
    delivery: Option<&str>,
    reason: Option<&str>,
    comment: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let next = match status {
        "fixed" => DefectStatus::Fixed {
            delivery: super::delivery(campaign, delivery)?.id.clone(),
        },
        "verified" => DefectStatus::Verified,
        "reopened" => DefectStatus::Reopened,
        "rejected" => DefectStatus::Rejected {
            reason: reason
                .context("--status rejected needs --reason: say why it is not a defect")?
                .to_string(),
        },
        other => bail!("status `{other}` is not one of fixed, verified, reopened, rejected"),
    };
    recorder.record(DEFECT_STATUS, actions::defect_status(id, &next, comment))?;
    Ok(ExitCode::SUCCESS)
}

/// A key as `recette keys` prints it: its parts separated by commas (CSV quoting).
pub fn parse_keys(resource: &Resource, keys: &[String]) -> anyhow::Result<Vec<KeyValue>> {
    keys.iter()
        .map(|text| {
            let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
            let record = reader.records().next().transpose()?.unwrap_or_default();
            let parts: KeyValue = record.iter().map(|p| Some(p.to_string())).collect();
            if parts.len() != resource.key.len() {
                bail!(
                    "key `{text}` has {} part(s); resource `{}` is keyed by {} (write a composite key as `recette keys` prints it: a,b)",
                    parts.len(),
                    resource.name,
                    resource.key.join(", ")
                );
            }
            Ok(parts)
        })
        .collect()
}

fn keys_json(keys: &[KeyValue]) -> Value {
    json!(keys)
}

fn key_states(
    campaign: &Campaign,
    resource: &Resource,
    delivery: &Delivery,
    keys: &[KeyValue],
) -> anyhow::Result<Vec<KeyState>> {
    let engine = Engine::open(campaign.clone())?;
    let reconciled = engine.reconcile(resource, delivery, &mut |_| {})?;
    Ok(engine.key_states(resource, &reconciled, keys)?)
}

fn inferred_kind(states: &[KeyState]) -> String {
    let category = states.iter().find_map(|s| s.category.as_deref());
    match category {
        Some(c @ ("missing" | "unexpected" | "differing" | "excluded_but_migrated")) => {
            c.to_string()
        }
        _ => "other".to_string(),
    }
}

/// The expected and migrated values of the defect's records at the time of the report.
fn evidence_json(states: &[KeyState], columns: &[String]) -> Value {
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
fn value_pattern(states: &[KeyState], columns: &[String]) -> Option<Value> {
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
fn same_problem<'s>(
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
