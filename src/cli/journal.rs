//! `recette journal`: every recorded entry, oldest first (never opens DuckDB).

use std::process::ExitCode;

use comfy_table::{Cell, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use super::OutputFormat;
use super::record::Recorder;
use crate::domain::text::sanitize;

pub fn run(recorder: &Recorder, format: OutputFormat) -> anyhow::Result<ExitCode> {
    let entries = recorder.journal.entries()?;
    match format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&entries)?),
        OutputFormat::Table => {
            let mut table = Table::new();
            table
                .load_preset(UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_header(["time (UTC)", "author", "action", "details", "entry"]);
            for e in &entries {
                table.add_row(vec![
                    Cell::new(e.time.format("%Y-%m-%d %H:%M:%S")),
                    Cell::new(sanitize(&e.author)),
                    Cell::new(&e.action),
                    Cell::new(sanitize(
                        &serde_json::Value::Object(e.payload.clone()).to_string(),
                    )),
                    Cell::new(&e.id),
                ]);
            }
            println!("{table}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
