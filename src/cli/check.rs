//! `recette check`: reconcile each resource against a delivery, print a table or the JSON
//! report, and exit 0 (pass) or 1 (fail).

use std::io::IsTerminal;
use std::process::ExitCode;

use comfy_table::{Cell, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use super::OutputFormat;
use super::record::Recorder;
use crate::domain::campaign::Campaign;
use crate::domain::causes::headline_en;
use crate::domain::checklist::{Checklist, ItemKind};
use crate::domain::mask::mask_report;
use crate::domain::report::{CheckReport, CheckedItem, ResourceReport, Verdict};
use crate::domain::text::{for_terminal, for_terminal_lines};
use crate::store::{Engine, Stage};

pub fn run(
    campaign: &Campaign,
    delivery: Option<&str>,
    only: &[String],
    format: OutputFormat,
    unmasked: Option<&Recorder>,
) -> anyhow::Result<ExitCode> {
    let checklist = super::context::load_checklist(campaign)?;
    let delivery = super::delivery(campaign, delivery)?;
    let resources = match only {
        [] => campaign.resources.iter().collect::<Vec<_>>(),
        names => names
            .iter()
            .map(|n| super::resource(campaign, n))
            .collect::<anyhow::Result<Vec<_>>>()?,
    };
    let engine = Engine::open(campaign.clone())?;
    // RECETTE_TRACE=1 shows the stages with their times even without a terminal (benchmarks).
    let show_progress =
        std::io::stderr().is_terminal() || std::env::var_os("RECETTE_TRACE").is_some();
    let started = std::time::Instant::now();
    let mut reports = Vec::new();
    for resource in resources {
        let mut progress = |stage: Stage| {
            if show_progress {
                let what = match stage {
                    Stage::LoadingSource => "reading the source",
                    Stage::LoadingDelivery => "reading the delivery",
                    Stage::Comparing => "comparing",
                    Stage::FromCache => "stored results",
                };
                let elapsed = started.elapsed().as_secs_f64();
                eprintln!(
                    "[{elapsed:6.2}s] {} / {}: {what}…",
                    for_terminal(&resource.name),
                    for_terminal(&delivery.id)
                );
            }
        };
        let mut report = engine.reconcile(resource, delivery, &mut progress)?.report;
        // A map `recette init` learned from a delivery holds that delivery's errors as
        // rules until a person confirms it: said on every check until the mark is removed.
        for (column, spec) in &resource.columns {
            if let Some(from) = spec.learned_from() {
                report.notices.push(format!(
                    "{}, column `{column}`: map learned from {from}, not confirmed (check it against the migration's specification, then remove `learned` in the campaign)",
                    resource.name
                ));
            }
        }
        // How the files were read (a trailing delimiter set aside, an unnamed column
        // named…): on stderr, so the table or the JSON on stdout stays what it was.
        for notice in &report.notices {
            eprintln!("recette: notice: {}", for_terminal_lines(notice));
        }
        reports.push(report);
    }
    let mut report = CheckReport::new(campaign.name.clone(), delivery.id.clone(), reports);
    if let Some(checklist) = &checklist {
        let items = automated_items(checklist, &report.resources);
        report = report.with_checklist(items);
    }
    match format {
        OutputFormat::Json => {
            // Machine-readable output leaves the terminal: personal values are masked unless
            // the user asked otherwise, which the journal records.
            match unmasked {
                Some(recorder) => {
                    let payload =
                        serde_json::json!({ "command": "check", "delivery": delivery.id });
                    recorder
                        .journal
                        .append(&recorder.author, "unmasked.output", payload)?;
                }
                None => {
                    for r in &mut report.resources {
                        if let Some(resource) = campaign.resource(&r.name) {
                            mask_report(r, &resource.pii);
                        }
                    }
                }
            }
            println!("{}", crate::export::to_json_pretty(&report)?)
        }
        OutputFormat::Table => print!("{}", for_terminal_lines(&render_table(&report))),
    }
    Ok(match report.verdict {
        Verdict::Pass => ExitCode::SUCCESS,
        Verdict::Fail => ExitCode::from(1),
    })
}

/// The automated items of the checked resources, computed on their reports.
fn automated_items(checklist: &Checklist, reports: &[ResourceReport]) -> Vec<CheckedItem> {
    reports
        .iter()
        .flat_map(|r| checklist.items_for(&r.name).map(move |item| (r, item)))
        .filter_map(|(r, item)| match &item.kind {
            ItemKind::Automated { criterion } => {
                let evaluation = criterion.evaluate(r);
                Some(CheckedItem {
                    resource: r.name.clone(),
                    item: item.id.clone(),
                    label: item.label.clone(),
                    criterion: criterion.to_string(),
                    passed: evaluation.passed,
                    measured: evaluation.measured,
                })
            }
            _ => None,
        })
        .collect()
}

/// The human summary: one line per resource, then the columns that differ.
pub fn render_table(report: &CheckReport) -> String {
    let mut out = format!(
        "{} — delivery {}\n",
        for_terminal(&report.campaign),
        for_terminal(&report.delivery)
    );
    let mut summary = Table::new();
    summary
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header([
            "resource",
            "source",
            "excluded",
            "expected",
            "migrated",
            "identical",
            "differing",
            "missing",
            "unexpected",
            "excl. but migrated",
            "dup. keys src/mig",
            "null keys src/mig",
            "",
        ]);
    for r in &report.resources {
        summary.add_row(vec![
            Cell::new(for_terminal(&r.name)),
            Cell::new(r.source_rows),
            Cell::new(r.excluded_rows),
            Cell::new(r.expected_rows),
            Cell::new(r.migrated_rows),
            Cell::new(r.identical_rows),
            Cell::new(r.differing_rows),
            Cell::new(r.missing_rows),
            Cell::new(r.unexpected_rows),
            Cell::new(r.excluded_but_migrated_rows),
            Cell::new(format!(
                "{}/{}",
                r.duplicate_keys_source, r.duplicate_keys_migrated
            )),
            Cell::new(format!("{}/{}", r.null_keys_source, r.null_keys_migrated)),
            Cell::new(if r.passes() { "ok" } else { "FAIL" }),
        ]);
    }
    out.push_str(&summary.to_string());
    out.push('\n');
    for r in &report.resources {
        out.push_str(&render_columns(r));
    }
    let failing: Vec<&CheckedItem> = report.checklist.iter().filter(|i| !i.passed).collect();
    if !report.checklist.is_empty() {
        out.push_str(&format!(
            "checklist: {} of {} automated items hold\n",
            report.checklist.len() - failing.len(),
            report.checklist.len()
        ));
        for i in failing {
            out.push_str(&format!(
                "  KO {} / {} — {} ({})\n",
                for_terminal(&i.resource),
                for_terminal(&i.item),
                for_terminal(&i.label),
                for_terminal(&i.measured)
            ));
        }
    }
    out.push_str(match report.verdict {
        Verdict::Pass => "verdict: pass\n",
        Verdict::Fail => "verdict: FAIL\n",
    });
    out
}

fn render_columns(r: &ResourceReport) -> String {
    let mut out = String::new();
    let columns: Vec<_> = r
        .columns
        .iter()
        .filter(|c| c.differing > 0 || c.unmapped > 0 || c.unparseable > 0)
        .collect();
    if !columns.is_empty() {
        let mut table = Table::new();
        table
            .load_preset(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header([
                "column",
                "differing",
                "unmapped",
                "unparseable",
                "causes (keys)",
                "top patterns (expected → migrated × rows)",
            ]);
        for c in columns {
            let patterns: Vec<String> = c
                .patterns
                .iter()
                .take(3)
                .map(|p| {
                    format!(
                        "{} → {} × {}",
                        shown(&p.expected),
                        shown(&p.migrated),
                        p.rows
                    )
                })
                .collect();
            let causes: Vec<String> = c
                .causes
                .iter()
                .map(|cause| format!("{} × {}", for_terminal(&headline_en(cause)), cause.rows))
                .collect();
            table.add_row(vec![
                Cell::new(for_terminal(&c.name)),
                Cell::new(c.differing),
                Cell::new(c.unmapped),
                Cell::new(c.unparseable),
                Cell::new(causes.join("\n")),
                Cell::new(patterns.join("\n")),
            ]);
        }
        out.push_str(&format!("{}\n{table}\n", for_terminal(&r.name)));
    }
    if !r.absent_columns.is_empty() {
        out.push_str(&format!(
            "{}: columns absent from the delivery: {}\n",
            for_terminal(&r.name),
            for_terminal(&r.absent_columns.join(", "))
        ));
    }
    if !r.unmapped_migrated_columns.is_empty() {
        out.push_str(&format!(
            "{}: carried, not compared: {}\n",
            for_terminal(&r.name),
            for_terminal(&r.unmapped_migrated_columns.join(", "))
        ));
    }
    out
}

fn shown(value: &Option<String>) -> String {
    match value {
        None => "∅".to_string(),
        Some(v) => format!("«{}»", for_terminal(v)),
    }
}
