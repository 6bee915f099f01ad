//! `recette defect new|set` and `recette defects`: raising, grouping, fixing and verifying
//! defects (anomalies), with the evidence the data holds.

use std::process::ExitCode;

use anyhow::{Context, bail};

use super::record::Recorder;
use crate::acceptance::cause_words;
use crate::acceptance::defects::{self, DefectReport, DefectWrite};
use crate::domain::campaign::{Campaign, Delivery, Resource};
use crate::domain::causes::CauseKind;
use crate::domain::i18n::{Catalogue, fill};
use crate::domain::report::KeyValue;
use crate::domain::text::for_terminal;
use crate::jobs::cause_defect::{self, CauseDefectRequest};
use crate::journal::actions::{self, DEFECT_STATUS};
use crate::journal::{DefectStatus, JournalError, Severity};
use crate::store::Engine;
use crate::store::evidence::KeyState;

pub use crate::acceptance::defects::KINDS;

pub struct NewDefect<'a> {
    pub resource: &'a str,
    pub item: Option<&'a str>,
    pub keys: &'a [String],
    pub columns: &'a [String],
    pub kind: Option<&'a str>,
    /// With one column: a defect for that column's cause (`--cause`).
    pub cause: Option<CauseKind>,
    pub severity: &'a str,
    /// Required without `cause` (clap sees to it).
    pub title: Option<&'a str>,
    pub description: Option<&'a str>,
    pub delivery: Option<&'a str>,
    /// Record a new defect even when an open one has the same column and value pattern.
    pub separate: bool,
}

pub fn new(
    campaign: &Campaign,
    recorder: &Recorder,
    d: NewDefect,
    t: &Catalogue,
) -> anyhow::Result<ExitCode> {
    let resource = super::resource(campaign, d.resource)?;
    let delivery = super::delivery(campaign, d.delivery)?;
    let severity =
        Severity::parse(d.severity).context("severity is bloquante, majeure or mineure")?;
    if let Some(kind) = d.cause {
        return from_cause(campaign, recorder, &d, kind, severity, t);
    }
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
        let note = fill(
            t.key_on_neither_side,
            &[&key.join(","), &resource.label, &delivery.id],
        );
        eprintln!("recette: {}", for_terminal(&note));
    }
    let kind = match d.kind {
        Some(k) if KINDS.contains(&k) => Some(k.to_string()),
        Some(k) => bail!("kind `{k}` is not one of {}", KINDS.join(", ")),
        None => None,
    };
    let report = DefectReport {
        resource: resource.name.clone(),
        item: d.item.map(str::to_string),
        keys,
        columns: d.columns.to_vec(),
        kind,
        severity,
        title: d.title.context("--title is required")?.to_string(),
        description: d.description.map(str::to_string),
        delivery: delivery.id.clone(),
        separate: d.separate,
    };
    let state = recorder.state()?;
    let write = defects::plan(&report, &states, &state);
    let joined = matches!(write, DefectWrite::Occurrence { .. });
    let id = defects::record(&recorder.journal, &recorder.author, write).map_err(|e| match e {
        JournalError::Invalid(message) => anyhow::anyhow!(message),
        other => anyhow::Error::new(other).context("writing to the journal"),
    })?;
    // Printed once synced: the new defect's id, or the one the occurrence joined.
    println!("{id}");
    if joined {
        eprintln!("recette: {}", for_terminal(&fill(t.attached_to, &[&id])));
    }
    Ok(ExitCode::SUCCESS)
}

/// `--column C --cause KIND`: one defect for the cause, with its count and first keys.
fn from_cause(
    campaign: &Campaign,
    recorder: &Recorder,
    d: &NewDefect,
    kind: CauseKind,
    severity: Severity,
    t: &Catalogue,
) -> anyhow::Result<ExitCode> {
    let resource = super::resource(campaign, d.resource)?;
    let delivery = super::delivery(campaign, d.delivery)?;
    let [column] = d.columns else {
        bail!("--cause goes with exactly one --column (the column whose cause it is)");
    };
    if resource.column(column).is_none() {
        bail!(
            "`{column}` is not a column of resource `{}` in {}",
            resource.name,
            campaign.file.display()
        );
    }
    let engine = Engine::open(campaign.clone())?;
    let mut request = CauseDefectRequest {
        resource: resource.name.clone(),
        column: column.clone(),
        kind,
        delivery: delivery.id.clone(),
        severity,
        title: d.title.unwrap_or_default().to_string(),
        description: d.description.map(str::to_string),
        item: d.item.map(str::to_string),
        separate: d.separate,
    };
    let mut report = cause_defect::cause_report(&engine, &request)?;
    if request.title.trim().is_empty() {
        request.title = cause_words::defect_title(t, campaign, &report.cause);
        report.title = request.title.clone();
    }
    let raised =
        cause_defect::raise(&recorder.journal, &recorder.author, &report).map_err(|e| match e {
            JournalError::Invalid(message) => anyhow::anyhow!(message),
            other => anyhow::Error::new(other).context("writing to the journal"),
        })?;
    // Printed once synced: the new defect's id, or the one the occurrence joined.
    println!("{}", raised.defect);
    if raised.joined {
        eprintln!(
            "recette: {}",
            for_terminal(&fill(t.attached_to_cause, &[&raised.defect]))
        );
    }
    let kept = report.examples.len() as u64;
    if !raised.joined && kept < report.cause.rows {
        let command = format!(
            "recette keys --resource {} --column {column} --cause {kind} --delivery {}",
            resource.name, delivery.id
        );
        eprintln!(
            "recette: {}",
            for_terminal(&fill(
                t.cause_examples_kept,
                &[
                    &t.count(t.n_keys, kept),
                    &report.cause.rows.to_string(),
                    &command
                ]
            ))
        );
    }
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
