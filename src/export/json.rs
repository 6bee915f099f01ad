//! The JSON export: the snapshot as it is, vocabularies in the journal's spellings, under a
//! `schema` number, with `"generator": "recette"` (the mark of a file recette wrote).
//! Documented in `docs/exports.md`: fields may be added, never renamed.

use std::path::Path;

use serde::Serialize;

use super::ExportError;
use super::snapshot::Snapshot;

/// The version of the JSON export's shape.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Envelope<'a> {
    schema: u32,
    /// Always `"recette"`: marks the file as an export recette may replace
    /// (`export::output`).
    generator: &'static str,
    #[serde(flatten)]
    snapshot: &'a Snapshot,
}

/// The JSON export as text (pretty-printed, fields in a fixed order, ending with a newline).
pub fn to_json(snapshot: &Snapshot) -> String {
    let envelope = Envelope {
        schema: SCHEMA_VERSION,
        generator: super::output::GENERATOR,
        snapshot,
    };
    let mut text = serde_json::to_string_pretty(&envelope).expect("a snapshot always serialises");
    text.push('\n');
    text
}

/// Writes the JSON export to `path` (replaced if it exists).
pub fn write_json(snapshot: &Snapshot, path: &Path) -> Result<(), ExportError> {
    super::write_file(path, to_json(snapshot).as_bytes())
}

/// Reads a JSON export back (`schema` is checked: a later, incompatible one is refused).
pub fn from_json(text: &str) -> Result<Snapshot, ExportError> {
    #[derive(serde::Deserialize)]
    struct Schema {
        schema: u32,
    }
    let Schema { schema } = serde_json::from_str(text)?;
    if schema != SCHEMA_VERSION {
        return Err(ExportError::Schema(schema));
    }
    Ok(serde_json::from_str(text)?)
}
