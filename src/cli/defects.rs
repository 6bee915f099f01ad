//! `recette defects`: the defects with their status, evidence and history, whether a fix
//! is confirmed on the data, and the value patterns no defect covers yet (suggestions).

use std::process::ExitCode;

use comfy_table::{Cell, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;
use serde_json::{Value, json};

use super::OutputFormat;
use super::record::Recorder;
use crate::acceptance::causes::{CauseOnData, DefectCause, delivery_to_check};
use crate::acceptance::{cause_words, words};
use crate::domain::campaign::{Campaign, Resources};
use crate::domain::i18n::{Catalogue, fill};
use crate::domain::mask::mask;
use crate::domain::report::KeyValue;
use crate::domain::text::{for_terminal, for_terminal_lines};
use crate::journal::{DefectRecord, DefectStatus, State};
use crate::store::Engine;

pub struct Filters<'a> {
    pub status: Option<&'a str>,
    pub severity: Option<&'a str>,
    pub resource: Option<&'a str>,
    pub delivery: Option<&'a str>,
}

/// What the data says of a defect: a defect marked fixed, its records (or its cause) on the
/// delivery of the fix; an open defect raised from a cause, its cause on a later delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verification {
    ConfirmedOnTheData,
    StillPresent,
    /// An open defect whose cause a later delivery no longer has: to mark fixed.
    GoneFromTheData,
}

/// A verification and, for a defect raised from a cause, the cause's keys on the delivery
/// looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub verification: Verification,
    pub cause: Option<CauseOnData>,
}

impl Checked {
    /// In words: "confirmé sur les données", "toujours présent (7 clés en L2)".
    pub fn label(&self, t: &Catalogue) -> String {
        match (&self.verification, &self.cause) {
            (Verification::ConfirmedOnTheData, _) => t.verified_on_data.to_string(),
            (Verification::GoneFromTheData, Some(c)) => fill(t.gone_from_data, &[&c.delivery]),
            (Verification::StillPresent, Some(c)) => fill(
                t.still_present_on,
                &[&t.count(t.n_keys, c.keys), &c.delivery],
            ),
            (Verification::StillPresent | Verification::GoneFromTheData, None) => {
                t.still_present.to_string()
            }
        }
    }
}

pub use crate::acceptance::defects::Suggestion;

pub fn run(
    campaign: &Campaign,
    recorder: &Recorder,
    filters: Filters,
    format: OutputFormat,
    unmasked: bool,
    t: &Catalogue,
) -> anyhow::Result<ExitCode> {
    let state = recorder.state()?;
    let engine = Engine::open(campaign.clone())?;
    let defects: Vec<&DefectRecord> = state
        .defects()
        .values()
        .filter(|d| filters.status.is_none_or(|s| d.status.name() == s))
        .filter(|d| filters.severity.is_none_or(|s| d.severity.as_str() == s))
        .filter(|d| filters.resource.is_none_or(|r| d.resource == r))
        .filter(|d| {
            filters
                .delivery
                .is_none_or(|l| d.delivery.as_deref() == Some(l))
        })
        .collect();
    let verifications: Vec<Option<Checked>> = defects
        .iter()
        .map(|d| verify(campaign, &engine, d))
        .collect::<anyhow::Result<_>>()?;
    let suggestions = suggestions(campaign, &engine, &state, filters.resource)?;
    match format {
        OutputFormat::Json => {
            let list: Vec<Value> = defects
                .iter()
                .zip(&verifications)
                .map(|(d, v)| {
                    let mut value = defect_json(d, v.as_ref());
                    if !unmasked && let Some(resource) = campaign.resource(&d.resource) {
                        mask_defect_json(resource, &mut value);
                    }
                    value
                })
                .collect();
            if unmasked {
                let payload = json!({ "command": "defects" });
                recorder
                    .journal
                    .append(&recorder.author, "unmasked.output", payload)?;
            }
            let suggestions: Vec<Value> = suggestions
                .iter()
                .map(|s| {
                    let mut value = json!(s);
                    let personal = campaign
                        .resource(&s.resource)
                        .is_some_and(|r| r.pii.contains(&s.column));
                    if !unmasked && personal {
                        for side in ["expected", "migrated"] {
                            if let Some(text) = value[side].as_str() {
                                value[side] = json!(mask(text));
                            }
                        }
                    }
                    value
                })
                .collect();
            let out = json!({ "schema": 1, "defects": list, "suggestions": suggestions });
            println!("{}", crate::export::to_json_pretty(&out)?);
        }
        OutputFormat::Table => print!(
            "{}",
            for_terminal_lines(&render(t, campaign, &defects, &verifications, &suggestions))
        ),
    }
    Ok(ExitCode::SUCCESS)
}

/// For a defect marked fixed in a delivery: are its records clean there? For a defect
/// raised from a cause: has that cause keys left in the column, on the delivery of the fix
/// (or, open, on a later delivery)?
pub fn verify(
    campaign: &Campaign,
    engine: &Engine,
    defect: &DefectRecord,
) -> anyhow::Result<Option<Checked>> {
    if let Some(cause) = DefectCause::of(defect) {
        return verify_cause(campaign, engine, defect, &cause);
    }
    let DefectStatus::Fixed { delivery } = &defect.status else {
        return Ok(None);
    };
    let keys = defect_keys(defect);
    let (Some(resource), Some(delivery)) = (
        campaign.resource(&defect.resource),
        campaign.delivery(Some(delivery)),
    ) else {
        return Ok(None);
    };
    if keys.is_empty() {
        return Ok(None);
    }
    let columns: Vec<String> = strings(defect.details.get("columns"));
    let reconciled = engine.reconcile(resource, delivery, &mut |_| {})?;
    let states = engine.key_states(resource, &reconciled, &keys)?;
    let verification = if states.iter().all(|s| s.is_clean_in(&columns)) {
        Verification::ConfirmedOnTheData
    } else {
        Verification::StillPresent
    };
    Ok(Some(Checked {
        verification,
        cause: None,
    }))
}

/// A defect raised from a cause, by that cause: fixed when the column has no key of it left
/// on the delivery looked at, still present with its new count otherwise.
fn verify_cause(
    campaign: &Campaign,
    engine: &Engine,
    defect: &DefectRecord,
    cause: &DefectCause,
) -> anyhow::Result<Option<Checked>> {
    let ids: Vec<String> = campaign.deliveries.iter().map(|d| d.id.clone()).collect();
    let Some(id) = delivery_to_check(defect, &ids) else {
        return Ok(None);
    };
    let (Some(resource), Some(delivery)) = (
        campaign.resource(&cause.resource),
        campaign.delivery(Some(id)),
    ) else {
        return Ok(None);
    };
    let reconciled = engine.reconcile(resource, delivery, &mut |_| {})?;
    let Some(keys) = cause.keys_in(&reconciled.report) else {
        return Ok(None);
    };
    let marked_fixed = matches!(defect.status, DefectStatus::Fixed { .. });
    let verification = match (keys, marked_fixed) {
        (0, true) => Verification::ConfirmedOnTheData,
        (0, false) => Verification::GoneFromTheData,
        _ => Verification::StillPresent,
    };
    Ok(Some(Checked {
        verification,
        cause: Some(CauseOnData {
            delivery: delivery.id.clone(),
            keys,
        }),
    }))
}

/// The records of a defect and of its attached occurrences.
pub fn defect_keys(defect: &DefectRecord) -> Vec<KeyValue> {
    let parse = |v: Option<&Value>| -> Vec<KeyValue> {
        v.and_then(|v| serde_json::from_value::<Vec<KeyValue>>(v.clone()).ok())
            .unwrap_or_default()
    };
    let mut keys = parse(defect.details.get("keys"));
    for occurrence in &defect.occurrences {
        keys.extend(parse(occurrence.get("keys")));
    }
    keys
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(|v| serde_json::from_value(v.clone()).ok())
        .unwrap_or_default()
}

/// Value patterns of the last delivery that no defect (but a rejected one) covers.
fn suggestions(
    campaign: &Campaign,
    engine: &Engine,
    state: &State,
    only: Option<&str>,
) -> anyhow::Result<Vec<Suggestion>> {
    let Some(delivery) = campaign.delivery(None) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for resource in campaign
        .resources
        .iter()
        .filter(|r| only.is_none_or(|o| o == r.name))
    {
        let report = engine.reconcile(resource, delivery, &mut |_| {})?.report;
        out.extend(crate::acceptance::defects::uncovered_patterns(
            state,
            &report,
            &delivery.id,
        ));
    }
    Ok(out)
}

pub fn defect_json(d: &DefectRecord, checked: Option<&Checked>) -> Value {
    let detail = |k: &str| d.details.get(k).cloned().unwrap_or(Value::Null);
    let history: Vec<Value> = d
        .history
        .iter()
        .map(|e| json!({ "time": e.time, "author": e.author, "status": e.status.as_ref().map(|s| s.name()), "comment": e.comment }))
        .collect();
    json!({
        "id": d.id,
        "resource": d.resource,
        "item": d.item,
        "kind": detail("kind"),
        "severity": d.severity.as_str(),
        "status": d.status.name(),
        "fixed_in": match &d.status { DefectStatus::Fixed { delivery } => Some(delivery.clone()), _ => None },
        "rejected_because": match &d.status { DefectStatus::Rejected { reason } => Some(reason.clone()), _ => None },
        "title": detail("title"),
        "description": d.description,
        "found_in": d.delivery,
        "keys": detail("keys"),
        "columns": detail("columns"),
        "pattern": detail("pattern"),
        "evidence": detail("evidence"),
        "occurrences": d.occurrences,
        "author": d.author,
        "created": d.created,
        "history": history,
        "verification": checked.map(|c| c.verification),
        "cause": detail("cause"),
        "on_data": checked.and_then(|c| c.cause.as_ref()),
    })
}

/// Masks the personal values of a defect's JSON: keys when a key column is personal, the
/// evidence of personal columns (in the defect and its occurrences).
pub fn mask_defect_json(resource: &crate::domain::campaign::Resource, value: &mut Value) {
    let is_pii = |c: &str| resource.pii.iter().any(|p| p == c);
    let key_is_pii = resource.key.iter().any(|k| is_pii(k));
    let mask_key = |key: &mut Value| {
        if key_is_pii && let Some(parts) = key.as_array_mut() {
            for part in parts.iter_mut().filter(|p| p.is_string()) {
                *part = json!(mask(part.as_str().unwrap_or_default()));
            }
        }
    };
    let mask_evidence = |evidence: &mut Value| {
        for record in evidence.as_array_mut().into_iter().flatten() {
            mask_key(&mut record["key"]);
            for diff in record["differences"].as_array_mut().into_iter().flatten() {
                if diff["column"].as_str().is_some_and(is_pii) {
                    for side in ["expected", "migrated"] {
                        if let Some(text) = diff[side].as_str() {
                            diff[side] = json!(mask(text));
                        }
                    }
                }
            }
        }
    };
    for key in value["keys"].as_array_mut().into_iter().flatten() {
        mask_key(key);
    }
    mask_evidence(&mut value["evidence"]);
    if let Some(pattern) = value.get_mut("pattern")
        && pattern["column"].as_str().is_some_and(is_pii)
    {
        for side in ["expected", "migrated"] {
            if let Some(text) = pattern[side].as_str() {
                pattern[side] = json!(mask(text));
            }
        }
    }
    mask_cause(&mut value["cause"], &is_pii);
    for occurrence in value["occurrences"].as_array_mut().into_iter().flatten() {
        for key in occurrence["keys"].as_array_mut().into_iter().flatten() {
            mask_key(key);
        }
        mask_evidence(&mut occurrence["evidence"]);
        mask_cause(&mut occurrence["cause"], &is_pii);
    }
}

/// Masks the values a defect's cause carries (its patterns, its `mapping` table, its one
/// `value`) when its column is personal.
fn mask_cause(cause: &mut Value, is_pii: &dyn Fn(&str) -> bool) {
    if !cause["column"].as_str().is_some_and(is_pii) {
        return;
    }
    let mask_fields = |object: &mut Value, fields: &[&str]| {
        for field in fields {
            if let Some(text) = object[*field].as_str() {
                object[*field] = json!(mask(text));
            }
        }
    };
    for pattern in cause["patterns"].as_array_mut().into_iter().flatten() {
        mask_fields(pattern, &["expected", "migrated"]);
    }
    let detail = &mut cause["detail"];
    for line in detail["mapping"].as_array_mut().into_iter().flatten() {
        mask_fields(line, &["source", "expected", "delivered"]);
    }
    if detail.get("value").is_some() {
        mask_fields(detail, &["value"]);
    }
}

fn render(
    t: &Catalogue,
    campaign: &Campaign,
    defects: &[&DefectRecord],
    verifications: &[Option<Checked>],
    suggestions: &[Suggestion],
) -> String {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header([
            t.h_defect,
            t.h_resource,
            t.h_severity,
            t.h_status,
            t.h_title,
            t.h_cause,
            t.h_found_in,
            t.h_records,
            t.h_on_data,
        ]);
    for (d, v) in defects.iter().zip(verifications) {
        let title = d
            .details
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or(&d.description);
        // A defect raised from a cause counts the cause's keys, not its examples.
        let cause = DefectCause::of(d);
        let keys = cause
            .as_ref()
            .map_or(defect_keys(d).len() as u64, |c| c.rows);
        let cause = cause
            .map(|c| cause_words::defect_cause(t, campaign, &c))
            .unwrap_or_default();
        table.add_row(vec![
            Cell::new(for_terminal(&d.id)),
            Cell::new(for_terminal(campaign.resource_label(&d.resource))),
            Cell::new(t.severity(d.severity.as_str())),
            Cell::new(for_terminal(&words::defect_status(t, &d.status))),
            Cell::new(for_terminal(title)),
            Cell::new(for_terminal(&cause)),
            Cell::new(for_terminal(d.delivery.as_deref().unwrap_or(""))),
            Cell::new(keys),
            Cell::new(v.as_ref().map(|v| v.label(t)).unwrap_or_default()),
        ]);
    }
    let mut out = if defects.is_empty() {
        format!("{}\n", t.no_defects)
    } else {
        format!("{table}\n")
    };
    if !suggestions.is_empty() {
        out.push_str(&format!("\n{}\n", t.to_examine));
        for s in suggestions {
            let show = |v: &Option<String>| {
                v.as_deref()
                    .map(|v| format!("«{}»", for_terminal(v)))
                    .unwrap_or("∅".into())
            };
            let column = campaign
                .resource(&s.resource)
                .map_or(s.column.as_str(), |r| r.column_label(&s.column));
            out.push_str(&fill(
                t.suggestion_line,
                &[
                    &for_terminal(campaign.resource_label(&s.resource)),
                    &for_terminal(&s.delivery),
                    &for_terminal(column),
                    &show(&s.expected),
                    &show(&s.migrated),
                    &s.rows.to_string(),
                ],
            ));
            out.push('\n');
        }
    }
    out
}
