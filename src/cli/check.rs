//! `recette check`: reconcile each resource against a delivery, print a table or the JSON
//! report, and exit 0 (pass) or 1 (fail).

use std::io::IsTerminal;
use std::process::ExitCode;

use comfy_table::{Cell, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use super::OutputFormat;
use super::record::Recorder;
use crate::domain::campaign::{Campaign, Resources};
use crate::domain::causes::{headline_en, headline_fr};
use crate::domain::checklist::{Checklist, ItemKind};
use crate::domain::criterion::{Criterion, Wording};
use crate::domain::i18n::{Catalogue, Lang, fill};
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
    t: &Catalogue,
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
                    Stage::LoadingSource => t.stage_source,
                    Stage::LoadingDelivery => t.stage_delivery,
                    Stage::Comparing => t.stage_comparing,
                    Stage::FromCache => t.stage_cache,
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
            eprintln!(
                "recette: {}",
                fill(t.notice, &[&for_terminal_lines(notice)])
            );
        }
        // Likely mistakes of the campaign, seen in the data: named with their fix.
        for hint in &report.hints {
            eprintln!("recette: {}", fill(t.hint, &[&for_terminal(&hint.say(t))]));
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
        OutputFormat::Table => print!(
            "{}",
            for_terminal_lines(&render_table(t, campaign, &report))
        ),
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

/// The human summary: one line per resource, then the columns that differ. Resources and
/// columns by their labels, a column's technical name beside (what `recette keys
/// --column` and the SQL console take).
pub fn render_table(t: &Catalogue, campaign: &Campaign, report: &CheckReport) -> String {
    let mut out = fill(
        t.campaign_on,
        &[
            &for_terminal(&report.campaign),
            &for_terminal(&report.delivery),
        ],
    );
    out.push('\n');
    let mut summary = Table::new();
    summary
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header([
            t.h_resource,
            t.h_source,
            t.h_excluded,
            t.h_expected,
            t.h_migrated,
            t.h_identical,
            t.h_differing_rows,
            t.h_missing_rows,
            t.h_unexpected_rows,
            t.h_excluded_but_migrated,
            t.h_duplicate_keys,
            t.h_null_keys,
            "",
        ]);
    for r in &report.resources {
        summary.add_row(vec![
            Cell::new(for_terminal(campaign.resource_label(&r.name))),
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
            Cell::new(if r.passes() {
                t.check_pass
            } else {
                t.check_fail
            }),
        ]);
    }
    out.push_str(&summary.to_string());
    out.push('\n');
    for r in &report.resources {
        out.push_str(&render_columns(t, campaign, r));
    }
    let failing: Vec<&CheckedItem> = report.checklist.iter().filter(|i| !i.passed).collect();
    if !report.checklist.is_empty() {
        let held = (report.checklist.len() - failing.len()).to_string();
        out.push_str(&fill(
            t.items_hold,
            &[&held, &report.checklist.len().to_string()],
        ));
        out.push('\n');
        for i in failing {
            out.push_str(&fill(
                t.item_ko_line,
                &[
                    &for_terminal(campaign.resource_label(&i.resource)),
                    &for_terminal(&i.item),
                    &for_terminal(&i.label),
                    &for_terminal(&measured_in_words(t, campaign, report, i)),
                ],
            ));
            out.push('\n');
        }
    }
    out.push_str(match report.verdict {
        Verdict::Pass => t.verdict_pass,
        Verdict::Fail => t.verdict_fail,
    });
    out.push('\n');
    out
}

/// What an automated item measured, in words with the columns' labels (`écarts sur Nom =
/// 7`); the JSON keeps the technical text.
fn measured_in_words(
    t: &Catalogue,
    campaign: &Campaign,
    report: &CheckReport,
    item: &CheckedItem,
) -> String {
    let resource = campaign.resource(&item.resource);
    let found = report.resources.iter().find(|r| r.name == item.resource);
    match (Criterion::parse(&item.criterion), resource, found) {
        (Ok(criterion), Some(resource), Some(found)) => {
            let label = |c: &str| resource.column_label(c).to_string();
            let words = Wording::Words { t, label: &label };
            criterion.evaluate_in(found, &words).measured
        }
        _ => item.measured.clone(),
    }
}

fn render_columns(t: &Catalogue, campaign: &Campaign, r: &ResourceReport) -> String {
    let mut out = String::new();
    let resource = campaign.resource(&r.name);
    let label = |column: &str| match resource.map(|res| res.column_label(column)) {
        Some(label) if label != column => fill(t.column_named, &[label, column]),
        _ => column.to_string(),
    };
    let labels = |columns: &[String]| {
        columns
            .iter()
            .map(|c| label(c))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let name = campaign.resource_label(&r.name);
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
                t.h_column,
                t.h_differing_rows,
                t.h_unmapped,
                t.h_unparseable,
                t.h_causes,
                t.h_top_patterns,
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
                .map(|cause| {
                    // The causes say themselves in each language (`domain::causes`).
                    let headline = match t.lang {
                        Lang::Fr => headline_fr(cause),
                        Lang::En => headline_en(cause),
                    };
                    format!("{} × {}", for_terminal(&headline), cause.rows)
                })
                .collect();
            table.add_row(vec![
                Cell::new(for_terminal(&label(&c.name))),
                Cell::new(c.differing),
                Cell::new(c.unmapped),
                Cell::new(c.unparseable),
                Cell::new(causes.join("\n")),
                Cell::new(patterns.join("\n")),
            ]);
        }
        out.push_str(&format!("{}\n{table}\n", for_terminal(name)));
    }
    if !r.absent_columns.is_empty() {
        out.push_str(&fill(
            t.absent_columns_line,
            &[
                &for_terminal(name),
                &for_terminal(&labels(&r.absent_columns)),
            ],
        ));
        out.push('\n');
    }
    if !r.unmapped_migrated_columns.is_empty() {
        out.push_str(&fill(
            t.carried_line,
            &[
                &for_terminal(name),
                &for_terminal(&r.unmapped_migrated_columns.join(", ")),
            ],
        ));
        out.push('\n');
    }
    out
}

fn shown(value: &Option<String>) -> String {
    match value {
        None => "∅".to_string(),
        Some(v) => format!("«{}»", for_terminal(v)),
    }
}
