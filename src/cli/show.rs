//! `recette record`: records side by side in the terminal — every listed column, the
//! expected value beside the migrated one, differences marked, then the raw source values
//! the expected ones come from. What a référent looks at for a sample review.

use std::process::ExitCode;

use comfy_table::{Cell, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use super::defect::parse_keys;
use crate::domain::campaign::{Campaign, Resource};
use crate::domain::i18n::{Catalogue, fill};
use crate::domain::text::{for_terminal, for_terminal_lines};
use crate::store::Engine;
use crate::store::records::RecordPair;

pub fn run(
    campaign: &Campaign,
    resource: &str,
    keys: &[String],
    delivery: Option<&str>,
    t: &Catalogue,
) -> anyhow::Result<ExitCode> {
    let resource = super::resource(campaign, resource)?;
    let delivery = super::delivery(campaign, delivery)?;
    let keys = parse_keys(resource, keys)?;
    let engine = Engine::open(campaign.clone())?;
    // The marks come from the reconciliation (compare settings, dates, tolerances), not
    // from the displayed texts.
    let reconciled = engine.reconcile(resource, delivery, &mut |_| {})?;
    let states = engine.key_states(resource, &reconciled, &keys)?;
    for (pair, state) in engine
        .records(resource, delivery, &keys)?
        .iter()
        .zip(&states)
    {
        let differing: Vec<&str> = state
            .differences
            .iter()
            .map(|d| d.column.as_str())
            .collect();
        print!(
            "{}",
            for_terminal_lines(&render(t, resource, pair, &delivery.id, &differing))
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn shown(value: &Option<String>) -> String {
    value
        .as_deref()
        .map(|v| for_terminal(v).into_owned())
        .unwrap_or_else(|| "∅".to_string())
}

/// One record, side by side; each column by its label with its technical name beside (the
/// record view is where an engineer meets both).
pub fn render(
    t: &Catalogue,
    resource: &Resource,
    pair: &RecordPair,
    delivery: &str,
    differing: &[&str],
) -> String {
    let key: Vec<String> = pair.key.iter().map(shown).collect();
    let mut out = format!("── {} ({})\n", key.join(", "), for_terminal(delivery));
    if pair.expected.is_empty() {
        out.push_str(&format!("  {}\n", t.absent_from_source));
    }
    if pair.migrated.is_empty() {
        out.push_str(&format!("  {}\n", t.absent_from_delivery));
    }
    let rows = pair.expected.len().max(pair.migrated.len());
    for n in 0..rows {
        let expected = pair.expected.get(n);
        let migrated = pair.migrated.get(n);
        let mut table = Table::new();
        table
            .load_preset(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header([t.h_column, t.h_value_expected, t.h_value_migrated, ""]);
        let columns: Vec<&String> = match (expected, migrated) {
            (Some(e), _) => e.values.iter().map(|(c, _)| c).collect(),
            (None, Some(m)) => m.iter().map(|(c, _)| c).collect(),
            (None, None) => Vec::new(),
        };
        for column in columns {
            let e = expected
                .and_then(|r| r.values.iter().find(|(c, _)| c == column))
                .map(|(_, v)| v.clone());
            let m = migrated
                .and_then(|r| r.iter().find(|(c, _)| c == column))
                .map(|(_, v)| v.clone());
            let mark = if differing.contains(&column.as_str()) {
                "≠"
            } else if e.is_some() && m.is_none() && migrated.is_some() {
                t.column_absent
            } else {
                ""
            };
            table.add_row(vec![
                Cell::new(for_terminal(&resource.column_with_name(t, column))),
                Cell::new(e.as_ref().map(shown).unwrap_or_default()),
                Cell::new(m.as_ref().map(shown).unwrap_or_default()),
                Cell::new(mark),
            ]);
        }
        out.push_str(&format!("{table}\n"));
        if let Some(e) = expected {
            if !e.kept {
                out.push_str(&format!("  {}\n", t.source_excluded));
            }
            let raw: Vec<String> = e
                .source
                .iter()
                .map(|(c, v)| format!("{}={}", for_terminal(c), shown(v)))
                .collect();
            out.push_str(&format!("  {}\n", fill(t.source_line, &[&raw.join(" ; ")])));
        }
    }
    out
}
