//! `recette export [--format xlsx|csv|md|json] [--out PATH] [--force] [--unmasked]`: the state
//! of the campaign for the weekly meeting and the integration team — summary per resource and
//! delivery, checklist with verdicts, defects with evidence and history, delivery
//! comparison. Personal values are masked unless `--unmasked`, which is journaled. Without
//! `--out`, `recette-<campaign>-<delivery>-<date>.xlsx` in the current folder. Where it may
//! write is the output guard's to say (`export::output`): never over the campaign's own
//! files, over another file only with `--force`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use serde_json::{Value, json};

use super::context::{self, ResourceView};
use super::defects::defect_keys;
use super::record::Recorder;
use crate::acceptance;
use crate::acceptance::causes::{DefectCause, compare_causes};
use crate::acceptance::{GoNoGo, words};
use crate::domain::campaign::{Campaign, Resource};
use crate::domain::causes::Cause;
use crate::domain::i18n::{Catalogue, fill};
use crate::domain::mask::{mask, mask_opt, mask_report};
use crate::domain::report::ResourceReport;
use crate::export::{
    self, CauseRow, ChecklistRow, Decision, DefectRow, Evidence, Format, Protected, Snapshot,
    SummaryRow,
};
use crate::journal::{DefectRecord, DefectStatus, State};
use crate::store::Engine;
use crate::store::cache::Cache;
use crate::store::deliveries;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Xlsx,
    Csv,
    Md,
    Json,
}

impl ExportFormat {
    fn format(self) -> Format {
        match self {
            ExportFormat::Xlsx => Format::Xlsx,
            ExportFormat::Csv => Format::Csv,
            ExportFormat::Md => Format::Md,
            ExportFormat::Json => Format::Json,
        }
    }
}

/// What `recette export` is asked.
pub struct ExportRequest<'a> {
    pub format: ExportFormat,
    /// `--out`; `None`: the default name in the current folder.
    pub out: Option<&'a Path>,
    /// `--force`: replace an existing file recette did not write (never a protected one).
    pub force: bool,
    pub unmasked: bool,
}

pub fn run(
    campaign: &Campaign,
    recorder: &Recorder,
    request: ExportRequest,
    t: &Catalogue,
) -> anyhow::Result<ExitCode> {
    let ExportRequest {
        format,
        out,
        force,
        unmasked,
    } = request;
    let out = match out {
        Some(out) => out.to_path_buf(),
        None => default_out(campaign, format.format())?,
    };
    let out = export::output::check(&out, format.format(), &protected(campaign)?, force)?;
    let out = out.as_path();
    let snapshot = snapshot(campaign, recorder, !unmasked, t)?;
    // Recorded before the file exists: an unmasked file is never written unrecorded.
    if unmasked {
        let format = format!("{format:?}").to_lowercase();
        recorder
            .journal
            .append(
                &recorder.author,
                crate::journal::actions::UNMASKED_OUTPUT,
                crate::journal::actions::unmasked_output("export", &format, out),
            )
            .context("writing to the journal")?;
    }
    match format {
        ExportFormat::Xlsx => export::write_xlsx(&snapshot, out, t)?,
        ExportFormat::Csv => {
            export::write_csv(&snapshot, out, t)?;
        }
        ExportFormat::Md => export::write_markdown(&snapshot, out, t)?,
        ExportFormat::Json => export::write_json(&snapshot, out)?,
    }
    let written = if unmasked {
        t.export_not_masked
    } else {
        t.export_written
    };
    eprintln!(
        "recette: {}",
        crate::domain::text::for_terminal(&fill(written, &[&out.display().to_string()]))
    );
    Ok(ExitCode::SUCCESS)
}

/// `recette-<campaign>-<last delivery>-<today>.<ext>` in the current folder.
fn default_out(campaign: &Campaign, format: Format) -> anyhow::Result<PathBuf> {
    let here = std::env::current_dir().context("finding the current folder")?;
    let delivery = super::delivery(campaign, None)?;
    let today = chrono::Local::now().date_naive();
    Ok(export::output::default_path(
        &here,
        &campaign.name,
        &delivery.id,
        today,
        format,
    ))
}

/// What an export may never replace: the campaign, its checklist, its journal folder, every
/// input file and the results folder.
pub(crate) fn protected(campaign: &Campaign) -> anyhow::Result<Protected> {
    let cache = Cache::for_campaign(&campaign.file)?;
    Ok(Protected::campaign(campaign, cache.root()))
}

/// The decision for the switch-over from today's go / no-go.
///
/// The only place the export layer learns the decision (`acceptance` decides it).
fn decision(go: &GoNoGo) -> Decision {
    match go.decision {
        acceptance::Decision::Go => Decision::Go,
        acceptance::Decision::GoWithReservations => Decision::GoWithReservations,
        acceptance::Decision::NoGo => Decision::NoGo,
    }
}

/// The whole state, every delivery, as plain rows.
pub fn snapshot(
    campaign: &Campaign,
    recorder: &Recorder,
    masked: bool,
    t: &Catalogue,
) -> anyhow::Result<Snapshot> {
    let checklist = context::load_checklist(campaign)?;
    let state = recorder.state()?;
    let engine = Engine::open(campaign.clone())?;
    let mut summary = Vec::new();
    let mut checklist_rows = Vec::new();
    let mut comparison = Vec::new();
    let mut causes = Vec::new();
    let mut cause_comparison = Vec::new();
    let mut previous: Option<(String, Vec<ResourceView>)> = None;
    let mut last_progress = Vec::new();
    let last = super::delivery(campaign, None)?;
    for delivery in &campaign.deliveries {
        let views = context::views(campaign, &engine, checklist.as_ref(), &state, delivery)?;
        for v in &views {
            summary.push(summary_row(v, &state, t));
            checklist_rows.extend(v.verdicts.iter().map(|i| ChecklistRow {
                resource: i.resource.clone(),
                item: i.item.clone(),
                label: i.label.clone(),
                kind: i.kind.to_string(),
                delivery: i.delivery.clone(),
                verdict: i.verdict.to_string(),
                measured: i.measured.clone(),
                author: i.author.clone(),
                time: i.time.clone(),
                comment: i.comment.clone(),
            }));
        }
        if let Some((previous_id, before)) = &previous {
            for (b, v) in before.iter().zip(&views) {
                comparison.push(deliveries::compare_stored(
                    &engine,
                    v.resource,
                    (previous_id, &b.reconciled),
                    (&delivery.id, &v.reconciled),
                )?);
                cause_comparison.push(compare_causes(
                    &v.resource.name,
                    (previous_id, &b.reconciled.report),
                    (&delivery.id, &v.reconciled.report),
                ));
            }
        }
        for (i, v) in views.iter().enumerate() {
            let before = previous
                .as_ref()
                .and_then(|(id, before)| Some((id.as_str(), &before.get(i)?.reconciled.report)));
            causes.extend(cause_rows(v, &delivery.id, before, masked));
        }
        last_progress = views.iter().map(|v| v.progress.clone()).collect();
        previous = Some((delivery.id.clone(), views));
    }
    let go = acceptance::go_no_go(&last_progress);
    Ok(Snapshot {
        campaign: campaign.name.clone(),
        generated_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        masked,
        deliveries: campaign.deliveries.iter().map(|d| d.id.clone()).collect(),
        go_no_go: Some(words::go_sentence(t, campaign, &go, &last.id)),
        decision: Some(decision(&go)),
        summary,
        checklist: checklist_rows,
        defects: state
            .defects()
            .values()
            .map(|d| defect_row(campaign, d, masked, t))
            .collect(),
        comparison,
        causes,
        cause_comparison,
    })
}

/// A report as an export shows it: personal values masked when `masked`.
fn shown(report: &ResourceReport, resource: &Resource, masked: bool) -> ResourceReport {
    let mut report = report.clone();
    if masked {
        mask_report(&mut report, &resource.pii);
    }
    report
}

/// The causes of a resource's columns on one delivery, each with its keys on the delivery
/// before (`previous`), and the causes that delivery had and this one no longer has (with
/// 0 keys: fixed).
fn cause_rows(
    v: &ResourceView,
    delivery: &str,
    previous: Option<(&str, &ResourceReport)>,
    masked: bool,
) -> Vec<CauseRow> {
    let report = shown(&v.reconciled.report, v.resource, masked);
    let before = previous.map(|(id, r)| (id, shown(r, v.resource, masked)));
    let mut rows = Vec::new();
    for column in &report.columns {
        let earlier = before
            .as_ref()
            .and_then(|(id, r)| Some((*id, r.column(&column.name)?)));
        let keys_before = |kind| {
            earlier.map(|(_, c)| {
                c.causes
                    .iter()
                    .filter(|x| x.kind == kind)
                    .map(|x| x.rows)
                    .sum::<u64>()
            })
        };
        let row = |cause: Cause, previous_rows: Option<u64>| CauseRow {
            resource: v.resource.name.clone(),
            delivery: delivery.to_string(),
            column: column.name.clone(),
            cause,
            previous_delivery: earlier.map(|(id, _)| id.to_string()),
            previous_rows,
        };
        for cause in &column.causes {
            rows.push(row(cause.clone(), keys_before(cause.kind)));
        }
        if let Some((_, before)) = earlier {
            for gone in before
                .causes
                .iter()
                .filter(|b| !column.causes.iter().any(|c| c.kind == b.kind))
            {
                let mut cause = gone.clone();
                cause.rows = 0;
                cause.patterns.clear();
                rows.push(row(cause, Some(gone.rows)));
            }
        }
    }
    rows
}

/// A defect's cause as an export shows it: its values masked when its column is personal.
fn shown_cause(campaign: &Campaign, d: &DefectRecord, masked: bool) -> Option<DefectCause> {
    let mut cause = DefectCause::of(d)?;
    let personal = campaign
        .resource(&cause.resource)
        .is_some_and(|r| r.pii.contains(&cause.column));
    if masked && personal {
        for p in &mut cause.patterns {
            p.expected = mask_opt(p.expected.as_deref());
            p.migrated = mask_opt(p.migrated.as_deref());
        }
        cause.detail.value = mask_opt(cause.detail.value.as_deref());
        for line in &mut cause.detail.mapping {
            line.source = mask_opt(line.source.as_deref());
            line.expected = mask(&line.expected);
            line.delivered = mask(&line.delivered);
        }
    }
    Some(cause)
}

fn summary_row(v: &ResourceView, state: &State, t: &Catalogue) -> SummaryRow {
    let r = &v.reconciled.report;
    let p = &v.progress;
    SummaryRow {
        resource: v.resource.name.clone(),
        label: v.resource.label.clone(),
        delivery: p.delivery.clone(),
        expected: r.expected_rows,
        migrated: r.migrated_rows,
        identical: r.identical_rows,
        differing: r.differing_rows,
        missing: r.missing_rows,
        unexpected: r.unexpected_rows,
        excluded_but_migrated: r.excluded_but_migrated_rows,
        duplicates: r.duplicate_keys_source + r.duplicate_keys_migrated,
        items_done: p.items_done as u64,
        items_total: p.items_total as u64,
        ok: p.ok as u64,
        ko: p.ko as u64,
        signed_off: p.signoff.counts(),
        signed_off_by: p
            .signed_off_by
            .as_ref()
            .map(|_| words::standing(t, &p.signoff, &p.delivery)),
        signed_off_at: state
            .signoff(&p.resource, &p.delivery)
            .map(|s| s.time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
    }
}

fn defect_row(campaign: &Campaign, d: &DefectRecord, masked: bool, t: &Catalogue) -> DefectRow {
    let resource = campaign.resource(&d.resource);
    let pii = |column: &str| masked && resource.is_some_and(|r| r.pii.iter().any(|p| p == column));
    let key_is_pii = resource.is_some_and(|r| r.key.iter().any(|k| pii(k)));
    let show_key = |key: &[Option<String>]| -> String {
        let parts: Vec<String> = key
            .iter()
            .map(|p| {
                p.as_deref()
                    .map(|v| if key_is_pii { mask(v) } else { v.to_string() })
                    .unwrap_or_default()
            })
            .collect();
        parts.join(" / ")
    };
    let text = |k: &str| d.details.get(k).and_then(Value::as_str).map(str::to_owned);
    let mut evidence = Vec::new();
    let records = d
        .details
        .get("evidence")
        .into_iter()
        .chain(d.occurrences.iter().filter_map(|o| o.get("evidence")));
    for record in records.filter_map(Value::as_array).flatten() {
        let key: Vec<Option<String>> =
            serde_json::from_value(record["key"].clone()).unwrap_or_default();
        for diff in record["differences"].as_array().into_iter().flatten() {
            let column = diff["column"].as_str().unwrap_or_default().to_string();
            let value = |side: &str| diff[side].as_str().map(str::to_owned);
            let (expected, migrated) = if pii(&column) {
                (
                    mask_opt(value("expected").as_deref()),
                    mask_opt(value("migrated").as_deref()),
                )
            } else {
                (value("expected"), value("migrated"))
            };
            evidence.push(Evidence {
                key: show_key(&key),
                column,
                expected,
                migrated,
            });
        }
    }
    DefectRow {
        id: d.id.clone(),
        resource: d.resource.clone(),
        item: d.item.clone(),
        keys: defect_keys(d).iter().map(|k| show_key(k)).collect(),
        columns: serde_json::from_value(d.details.get("columns").cloned().unwrap_or(json!([])))
            .unwrap_or_default(),
        kind: text("kind"),
        severity: d.severity.as_str().to_string(),
        status: d.status.name().to_string(),
        title: text("title").unwrap_or_else(|| d.description.clone()),
        description: d.description.clone(),
        found_in: d.delivery.clone(),
        fixed_in: match &d.status {
            DefectStatus::Fixed { delivery } => Some(delivery.clone()),
            _ => None,
        },
        author: d.author.clone(),
        created: d.created.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        evidence,
        cause: shown_cause(campaign, d, masked),
        history: d
            .history
            .iter()
            .map(|e| {
                let what = e
                    .status
                    .as_ref()
                    .map(|s| words::defect_status(t, s))
                    .or(e.comment.clone())
                    .unwrap_or_default();
                format!("{} {} : {what}", e.time.format("%Y-%m-%d %H:%M"), e.author)
            })
            .collect(),
    }
}
