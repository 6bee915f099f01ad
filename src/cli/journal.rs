//! `recette journal`: every recorded entry, oldest first (never opens DuckDB).

use std::process::ExitCode;

use comfy_table::{Cell, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use super::OutputFormat;
use super::defects::mask_defect_json;
use super::record::Recorder;
use crate::domain::campaign::Campaign;
use crate::domain::i18n::Catalogue;
use crate::domain::text::{for_terminal, for_terminal_lines};
use crate::journal::actions::UNMASKED_OUTPUT;

pub fn run(
    campaign: &Campaign,
    recorder: &Recorder,
    format: OutputFormat,
    unmasked: bool,
    t: &Catalogue,
) -> anyhow::Result<ExitCode> {
    let entries = recorder.journal.entries()?;
    match format {
        OutputFormat::Json => {
            // Defect entries carry the evidence (personal values): masked unless asked.
            let mut values: Vec<serde_json::Value> =
                entries.iter().map(|e| serde_json::json!(e)).collect();
            if unmasked {
                let payload = serde_json::json!({ "command": "journal" });
                recorder
                    .journal
                    .append(&recorder.author, UNMASKED_OUTPUT, payload)?;
            } else {
                for value in &mut values {
                    match value["payload"]["resource"]
                        .as_str()
                        .and_then(|r| campaign.resource(r))
                    {
                        Some(resource) => mask_defect_json(resource, &mut value["payload"]),
                        // An occurrence names its defect, not its resource: mask its
                        // evidence with every resource's personal columns.
                        None if value["action"] == "defect.occurrence" => {
                            for resource in &campaign.resources {
                                mask_defect_json(resource, &mut value["payload"]);
                            }
                        }
                        None => {}
                    }
                }
            }
            println!("{}", crate::export::to_json_pretty(&values)?)
        }
        OutputFormat::Table => {
            let mut table = Table::new();
            table
                .load_preset(UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_header([t.h_time, t.h_author, t.h_action, t.h_details, t.h_entry]);
            for e in &entries {
                table.add_row(vec![
                    Cell::new(e.time.format("%Y-%m-%d %H:%M:%S")),
                    Cell::new(for_terminal(&e.author)),
                    Cell::new(for_terminal(&e.action)),
                    Cell::new(for_terminal(
                        &serde_json::Value::Object(e.payload.clone()).to_string(),
                    )),
                    Cell::new(for_terminal(&e.id)),
                ]);
            }
            println!("{}", for_terminal_lines(&table.to_string()));
        }
    }
    Ok(ExitCode::SUCCESS)
}
