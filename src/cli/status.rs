//! `recette status`: progress per resource (items done, OK, KO), defects by severity and
//! status, sign-offs, what changed since the previous delivery, and the go/no-go for the
//! switch-over. Exit 0 for GO, 3 for GO with reservations, 1 for NO-GO (2 stays an error).

use std::collections::BTreeMap;
use std::process::ExitCode;

use comfy_table::{Cell, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use serde_json::{Value, json};

use super::OutputFormat;
use super::context::{self, ResourceView};
use super::record::Recorder;
use crate::acceptance::causes::{CauseComparison, compare_causes};
use crate::acceptance::{self, Decision, GoNoGo, cause_words, words};
use crate::domain::campaign::{Campaign, Resources};
use crate::domain::i18n::{Catalogue, fill};
use crate::domain::text::{for_terminal, for_terminal_lines};
use crate::store::Engine;
use crate::store::deliveries::{self, DeliveryComparison};

pub fn run(
    campaign: &Campaign,
    recorder: &Recorder,
    delivery: Option<&str>,
    format: OutputFormat,
    t: &Catalogue,
) -> anyhow::Result<ExitCode> {
    let delivery = super::delivery(campaign, delivery)?;
    let last = super::delivery(campaign, None)?;
    let checklist = context::load_checklist(campaign)?;
    let state = recorder.state()?;
    let engine = Engine::open(campaign.clone())?;
    let views = context::views(campaign, &engine, checklist.as_ref(), &state, delivery)?;
    let last_views = if last.id == delivery.id {
        None
    } else {
        Some(context::views(
            campaign,
            &engine,
            checklist.as_ref(),
            &state,
            last,
        )?)
    };
    let go = acceptance::go_no_go(
        &last_views
            .as_ref()
            .unwrap_or(&views)
            .iter()
            .map(|v| v.progress.clone())
            .collect::<Vec<_>>(),
    );
    let (comparisons, cause_comparisons) = comparisons(campaign, &engine, &views, delivery)?;
    let mut defects: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for d in state.defects().values() {
        *defects
            .entry(d.severity.as_str().to_string())
            .or_default()
            .entry(d.status.name().to_string())
            .or_default() += 1;
    }
    match format {
        OutputFormat::Json => {
            let out = json!({
                "schema": 1,
                "campaign": campaign.name,
                "delivery": delivery.id,
                "resources": views.iter().map(|v| &v.progress).collect::<Vec<_>>(),
                "items": views.iter().flat_map(|v| &v.verdicts).collect::<Vec<_>>(),
                "defects": defects,
                "comparison": with_causes(&comparisons, &cause_comparisons),
                "decision": go.decision,
                "go_no_go": go.sentence(&last.id),
                "go": go,
            });
            println!("{}", crate::export::to_json_pretty(&out)?);
        }
        OutputFormat::Table => print!(
            "{}",
            for_terminal_lines(&render(
                t,
                campaign,
                &delivery.id,
                &last.id,
                &views,
                &defects,
                (&comparisons, &cause_comparisons),
                &go
            ))
        ),
    }
    Ok(exit_code(go.decision))
}

/// 0 GO, 3 GO with reservations, 1 NO-GO (2 is an error, as for every command).
pub fn exit_code(decision: Decision) -> ExitCode {
    match decision {
        Decision::Go => ExitCode::SUCCESS,
        Decision::GoWithReservations => ExitCode::from(3),
        Decision::NoGo => ExitCode::from(1),
    }
}

/// Each resource against the delivery before this one, if any: key by key, and cause by
/// cause.
fn comparisons(
    campaign: &Campaign,
    engine: &Engine,
    views: &[ResourceView],
    delivery: &crate::domain::campaign::Delivery,
) -> anyhow::Result<(Vec<DeliveryComparison>, Vec<CauseComparison>)> {
    let Some(previous) = context::earlier(campaign, delivery).pop() else {
        return Ok((Vec::new(), Vec::new()));
    };
    let previous = super::delivery(campaign, Some(&previous))?;
    let mut keys = Vec::new();
    let mut causes = Vec::new();
    for v in views {
        let before = engine.reconcile(v.resource, previous, &mut |_| {})?;
        keys.push(deliveries::compare_stored(
            engine,
            v.resource,
            (&previous.id, &before),
            (&delivery.id, &v.reconciled),
        )?);
        causes.push(compare_causes(
            &v.resource.name,
            (&previous.id, &before.report),
            (&delivery.id, &v.reconciled.report),
        ));
    }
    Ok((keys, causes))
}

/// The comparisons as JSON, each with its causes (`by_cause`) beside its categories and
/// columns.
pub fn with_causes(keys: &[DeliveryComparison], causes: &[CauseComparison]) -> Vec<Value> {
    keys.iter()
        .map(|c| {
            let mut value = json!(c);
            let by_cause = causes
                .iter()
                .find(|x| x.resource == c.resource && x.previous == c.previous)
                .map(|x| json!(x.by_cause))
                .unwrap_or_else(|| json!([]));
            value["by_cause"] = by_cause;
            value
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn render(
    t: &Catalogue,
    campaign: &Campaign,
    delivery: &str,
    last: &str,
    views: &[ResourceView],
    defects: &BTreeMap<String, BTreeMap<String, usize>>,
    (comparisons, cause_comparisons): (&[DeliveryComparison], &[CauseComparison]),
    go: &GoNoGo,
) -> String {
    let mut out = fill(
        t.campaign_on,
        &[&for_terminal(&campaign.name), &for_terminal(delivery)],
    );
    out.push('\n');
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header([
            t.h_resource,
            t.h_checks,
            t.verdict_ok,
            t.verdict_ko,
            t.h_open_defects,
            t.h_signoff,
        ]);
    for v in views {
        let p = &v.progress;
        table.add_row(vec![
            Cell::new(for_terminal(&v.resource.label)),
            Cell::new(format!("{}/{}", p.items_done, p.items_total)),
            Cell::new(p.ok),
            Cell::new(p.ko),
            Cell::new(format!(
                "{}/{}/{}",
                p.open_bloquante, p.open_majeure, p.open_mineure
            )),
            Cell::new(for_terminal(&words::standing(t, &p.signoff, &p.delivery))),
        ]);
    }
    out.push_str(&format!("{table}\n"));
    if !defects.is_empty() {
        // "Anomalies : mineure — 1 ouverte ; majeure — 2 corrigées, 1 ouverte"
        let parts: Vec<String> = defects
            .iter()
            .map(|(severity, by_status)| {
                let counts: Vec<String> = by_status
                    .iter()
                    .map(|(status, n)| t.status_count(status, *n as u64))
                    .collect();
                format!("{} — {}", t.severity(severity), counts.join(", "))
            })
            .collect();
        out.push_str(&for_terminal(&fill(t.defects_line, &[&parts.join(" ; ")])));
        out.push('\n');
    }
    for c in comparisons.iter().filter(|c| !c.is_empty()) {
        let changes: Vec<String> = c
            .by_category
            .iter()
            .filter(|x| x.fixed + x.regressed + x.new > 0)
            .map(|x| {
                // Only what happened: "en écart — 3 corrigés, 12 persistants".
                let counts: Vec<String> = [
                    (t.n_fixed, x.fixed),
                    (t.n_regressed, x.regressed),
                    (t.n_new, x.new),
                    (t.n_still_failing, x.still_failing),
                ]
                .into_iter()
                .filter(|(_, n)| *n > 0)
                .map(|(plural, n)| t.count(plural, n))
                .collect();
                format!("{} — {}", t.category(&x.category), counts.join(", "))
            })
            .collect();
        if !changes.is_empty() {
            out.push_str(&fill(
                t.comparison_line,
                &[
                    &for_terminal(campaign.resource_label(&c.resource)),
                    &for_terminal(&c.previous),
                    &for_terminal(&c.current),
                    &changes.join(" ; "),
                ],
            ));
            out.push('\n');
        }
    }
    for c in cause_comparisons.iter().filter(|c| !c.by_cause.is_empty()) {
        // "Salariés L1 → L2 : causes — Nom · encodage : 7 clés en L1, 7 clés en L2 ; …".
        let changes: Vec<String> = c
            .by_cause
            .iter()
            .map(|x| cause_words::change(t, campaign, &c.resource, x, &c.previous, &c.current))
            .collect();
        out.push_str(&fill(
            t.comparison_causes_line,
            &[
                campaign.resource_label(&c.resource),
                &c.previous,
                &c.current,
                &changes.join(" ; "),
            ],
        ));
        out.push('\n');
    }
    // One line each: what came from files is escaped, line breaks too.
    out.push_str(&for_terminal(&words::go_sentence(t, campaign, go, last)));
    out.push('\n');
    for line in words::reservations(t, campaign, go) {
        out.push_str(&format!("  {}\n", for_terminal(&line)));
    }
    out
}
