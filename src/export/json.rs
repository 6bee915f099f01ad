//! The JSON export: the snapshot as it is, vocabularies in the journal's spellings, under a
//! `schema` number, with `"generator": "recette"` (the mark of a file recette wrote).
//! Documented in `docs/exports.md`: fields may be added, never renamed.
//! Also the one JSON writer of every JSON recette prints (`check`, `status`, `defects`,
//! `journal --format json`): invisible characters escaped, values exact.

use std::io;
use std::path::Path;

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

use crate::domain::text::is_hidden;

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
    let mut text = to_json_pretty(&envelope).expect("a snapshot always serialises");
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

/// `value` as pretty-printed JSON whose text shows no control or invisible character raw:
/// besides what JSON itself escapes, DEL, C1 controls and the characters of
/// [`is_hidden`] are written `\u009b`, `\u202e`... It parses back to the very same values.
pub fn to_json_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut out, Visible(PrettyFormatter::new()));
    value.serialize(&mut serializer)?;
    Ok(String::from_utf8(out).expect("serde_json writes UTF-8"))
}

/// serde_json's pretty printer, with every hidden character of strings escaped.
struct Visible<'a>(PrettyFormatter<'a>);

impl Formatter for Visible<'_> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (at, c) in fragment.char_indices().filter(|(_, c)| is_hidden(*c)) {
            writer.write_all(&fragment.as_bytes()[start..at])?;
            write!(writer, "\\u{:04x}", c as u32)?;
            start = at + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::to_json_pretty;

    #[test]
    fn hidden_characters_are_escaped_and_values_kept() {
        let value = serde_json::json!({
            "a\u{9b}": ["\u{1b}[2J", "\u{7f}\u{9d}x\u{202e}y\u{feff}", "Cœur \"ok\"\n"],
            "n": 1,
        });
        let text = to_json_pretty(&value).unwrap();
        for c in [
            '\u{1b}', '\u{7f}', '\u{9b}', '\u{9d}', '\u{202e}', '\u{feff}',
        ] {
            assert!(!text.contains(c), "{text}");
        }
        for shown in [
            "\\u001b", "\\u007f", "\\u009b", "\\u009d", "\\u202e", "\\ufeff",
        ] {
            assert!(text.contains(shown), "{shown} in {text}");
        }
        assert!(text.contains("Cœur \\\"ok\\\"\\n"), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
        let mut plain = serde_json::to_string_pretty(&value).unwrap();
        for (c, shown) in [
            ('\u{7f}', "\\u007f"),
            ('\u{9b}', "\\u009b"),
            ('\u{9d}', "\\u009d"),
        ] {
            plain = plain.replace(c, shown);
        }
        for (c, shown) in [('\u{202e}', "\\u202e"), ('\u{feff}', "\\ufeff")] {
            plain = plain.replace(c, shown);
        }
        assert_eq!(text, plain, "the layout of serde_json's own pretty printer");
    }
}
