//! The campaign file: its TOML shape, parsed and checked without touching the disk.
//!
//! Must not import `store`, `duckdb` or do any I/O: the loader in `store::campaign_loader`
//! reads the file and checks that the files it names exist.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Deserialize;

use super::column::{ColumnSpec, CompareOption};
use super::error::CampaignError;
use super::i18n::{Catalogue, fill};

/// Character encodings accepted for input files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Encoding {
    #[serde(rename = "utf-8", alias = "utf8", alias = "UTF-8")]
    Utf8,
    /// `latin-1` is read as Windows-1252, its superset: legacy exports labelled Latin-1
    /// almost always carry `œ`, `€` and `’` in 0x80–0x9F (the WHATWG rule too).
    #[serde(
        rename = "latin-1",
        alias = "latin1",
        alias = "iso-8859-1",
        alias = "ISO-8859-1"
    )]
    Latin1,
    #[serde(rename = "windows-1252", alias = "cp1252", alias = "Windows-1252")]
    Windows1252,
    #[serde(rename = "utf-16", alias = "utf16", alias = "UTF-16")]
    Utf16,
}

/// How a delimited text file is written. JSON and Parquet files ignore it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFormat {
    pub delimiter: u8,
    pub encoding: Encoding,
}

impl Default for FileFormat {
    fn default() -> Self {
        FileFormat {
            delimiter: b',',
            encoding: Encoding::Utf8,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCampaign {
    name: String,
    checklist: Option<String>,
    source: RawSource,
    #[serde(default)]
    delivery: Vec<RawDelivery>,
    #[serde(default)]
    resource: Vec<RawResource>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    dir: String,
    delimiter: Option<String>,
    encoding: Option<Encoding>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDelivery {
    id: String,
    dir: String,
    date: Option<String>,
    delimiter: Option<String>,
    encoding: Option<Encoding>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawResource {
    // The required keys are options here so that a missing one is reported with the
    // resource's name (serde would only give a line number).
    name: Option<String>,
    label: Option<String>,
    source: Option<String>,
    migrated: Option<String>,
    key: Option<Vec<String>>,
    source_delimiter: Option<String>,
    source_encoding: Option<Encoding>,
    #[serde(default)]
    pii: Vec<String>,
    #[serde(default)]
    derive: BTreeMap<String, String>,
    rules: Option<RawRules>,
    /// In the order the person wrote them (an order-preserving map): the order screens and
    /// reports show them.
    #[serde(default)]
    columns: IndexMap<String, ColumnSpec>,
    /// A listed column's name for people (`last_name = "Nom"`).
    #[serde(default)]
    labels: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    keep_if: Option<String>,
}

/// A checked campaign; every path is absolute (resolved against the campaign file's folder).
#[derive(Debug, Clone)]
pub struct Campaign {
    pub file: PathBuf,
    pub name: String,
    pub checklist: Option<PathBuf>,
    pub deliveries: Vec<Delivery>,
    pub resources: Vec<Resource>,
}

#[derive(Debug, Clone)]
pub struct Delivery {
    pub id: String,
    pub dir: PathBuf,
    pub date: Option<String>,
    pub format: FileFormat,
}

#[derive(Debug, Clone)]
pub struct Resource {
    pub name: String,
    pub label: String,
    pub source: PathBuf,
    pub source_format: FileFormat,
    /// File name inside each delivery's folder.
    pub migrated: String,
    /// Migrated column names that identify a record.
    pub key: Vec<String>,
    pub pii: Vec<String>,
    /// Derived source columns, in an order where each one only uses earlier ones.
    pub derive: Vec<(String, String)>,
    pub keep_if: Option<String>,
    /// Migrated column → how its expected value is computed, in file order of the keys.
    pub columns: Vec<(String, ColumnSpec)>,
    /// Listed column → its label (`[resource.labels]`), what screens, exports and the
    /// command line show; JSON, SQL and file names keep the technical name.
    pub labels: BTreeMap<String, String>,
}

impl Campaign {
    /// Parses and checks the text of a campaign file located at `file`.
    pub fn parse(file: &Path, text: &str) -> Result<Campaign, CampaignError> {
        let err = |resource: Option<&str>, key: &str, message: String| CampaignError {
            file: file.to_path_buf(),
            resource: resource.map(str::to_owned),
            key: key.to_owned(),
            message,
        };
        let raw: RawCampaign = toml::from_str(text).map_err(|e| {
            let key = e
                .span()
                .map(|s| format!("line {}", line_of(text, s.start)))
                .unwrap_or_default();
            err(None, &key, e.message().to_owned())
        })?;
        let base = file.parent().unwrap_or(Path::new(".")).to_path_buf();
        let source_format = FileFormat {
            delimiter: parse_delimiter(raw.source.delimiter.as_deref())
                .map_err(|m| err(None, "source.delimiter", m))?,
            encoding: raw.source.encoding.unwrap_or(Encoding::Utf8),
        };
        let source_dir = base.join(&raw.source.dir);

        if raw.delivery.is_empty() {
            return Err(err(
                None,
                "delivery",
                "no [[delivery]] is declared; add one with an `id` and the `dir` of the migrated files".into(),
            ));
        }
        let mut deliveries: Vec<Delivery> = Vec::new();
        for (i, d) in raw.delivery.iter().enumerate() {
            let key = format!("delivery[{i}]");
            if deliveries.iter().any(|e| e.id == d.id) {
                return Err(err(
                    None,
                    &format!("{key}.id"),
                    format!(
                        "delivery id `{}` is declared twice; ids must be unique",
                        d.id
                    ),
                ));
            }
            let delimiter = parse_delimiter(d.delimiter.as_deref())
                .map_err(|m| err(None, &format!("{key}.delimiter"), m))?;
            deliveries.push(Delivery {
                id: d.id.clone(),
                dir: base.join(&d.dir),
                date: d.date.clone(),
                format: FileFormat {
                    delimiter,
                    encoding: d.encoding.unwrap_or(Encoding::Utf8),
                },
            });
        }

        let mut resources: Vec<Resource> = Vec::new();
        for (i, r) in raw.resource.into_iter().enumerate() {
            let Some(name) = r.name.clone() else {
                return Err(err(
                    None,
                    &format!("resource[{i}].name"),
                    format!(
                        "[[resource]] number {} has no `name`; give each resource a unique name, e.g. name = \"employee\"",
                        i + 1
                    ),
                ));
            };
            let rerr = |key: &str, message: String| err(Some(&name), key, message);
            let required = |value: Option<String>, key: &str, example: &str| {
                value.ok_or_else(|| {
                    rerr(
                        key,
                        format!("this resource has no `{key}`; add it, e.g. {key} = {example}"),
                    )
                })
            };
            let source = required(
                r.source,
                "source",
                "\"salaries.csv\" (a file in [source] dir)",
            )?;
            let migrated = required(
                r.migrated,
                "migrated",
                "\"employee.csv\" (a file in each delivery's dir)",
            )?;
            let Some(key) = r.key else {
                return Err(rerr("key", "this resource has no `key`; name the migrated column(s) that identify a record, e.g. key = [\"source_id\"]".into()));
            };
            if resources.iter().any(|e| e.name == name) {
                return Err(rerr(
                    "name",
                    "this resource is declared twice; give each [[resource]] its own name".into(),
                ));
            }
            if key.is_empty() {
                return Err(rerr("key", "the key is empty; name the migrated column(s) that identify a record, e.g. key = [\"source_id\"]".into()));
            }
            let columns: Vec<(String, ColumnSpec)> = r.columns.into_iter().collect();
            for (column, spec) in &columns {
                spec.check()
                    .map_err(|m| rerr(&format!("columns.{column}"), m))?;
            }
            for k in &key {
                if !columns.iter().any(|(c, _)| c == k) {
                    return Err(rerr(
                        "key",
                        format!(
                            "key column `{k}` is not in [resource.columns]; say which source column gives it, e.g. {k} = \"num_{k}\""
                        ),
                    ));
                }
            }
            for p in &r.pii {
                if !columns.iter().any(|(c, _)| c == p) {
                    return Err(rerr(
                        "pii",
                        format!("`{p}` is not a column of [resource.columns]"),
                    ));
                }
            }
            for (column, label) in &r.labels {
                if !columns.iter().any(|(c, _)| c == column) {
                    return Err(rerr(
                        &format!("labels.{column}"),
                        format!(
                            "`{column}` is not a column of [resource.columns]; a label names a listed column, e.g. last_name = \"Nom\""
                        ),
                    ));
                }
                if label.trim().is_empty() {
                    return Err(rerr(
                        &format!("labels.{column}"),
                        "the label is empty; say the column's name in words, or leave it out"
                            .into(),
                    ));
                }
            }
            let derive = super::derive_order::order(&r.derive).map_err(|m| rerr("derive", m))?;
            let source_format = FileFormat {
                delimiter: match r.source_delimiter.as_deref() {
                    Some(d) => parse_delimiter(Some(d)).map_err(|m| rerr("source_delimiter", m))?,
                    None => source_format.delimiter,
                },
                encoding: r.source_encoding.unwrap_or(source_format.encoding),
            };
            resources.push(Resource {
                label: r.label.unwrap_or_else(|| name.clone()),
                name,
                source: source_dir.join(&source),
                source_format,
                migrated,
                key,
                pii: r.pii,
                derive,
                keep_if: r.rules.and_then(|rules| rules.keep_if),
                columns,
                labels: r.labels,
            });
        }
        if resources.is_empty() {
            return Err(err(
                None,
                "resource",
                "no [[resource]] is declared; add one per kind of record to reconcile".into(),
            ));
        }
        Ok(Campaign {
            file: file.to_path_buf(),
            name: raw.name,
            checklist: raw.checklist.map(|c| base.join(c)),
            deliveries,
            resources,
        })
    }

    pub fn delivery(&self, id: Option<&str>) -> Option<&Delivery> {
        match id {
            Some(id) => self.deliveries.iter().find(|d| d.id == id),
            None => self.deliveries.last(),
        }
    }

    pub fn resource(&self, name: &str) -> Option<&Resource> {
        self.resources.iter().find(|r| r.name == name)
    }
}

/// Whatever holds a campaign's resources (the campaign, the console's overview): where
/// labels are found by name.
pub trait Resources {
    fn find_resource(&self, name: &str) -> Option<&Resource>;

    /// A resource's label; its name when it is unknown.
    fn resource_label<'a>(&'a self, name: &'a str) -> &'a str {
        self.find_resource(name).map_or(name, |r| r.label.as_str())
    }

    /// A column's label in a resource; its name when it has none.
    fn column_label<'a>(&'a self, resource: &str, column: &'a str) -> &'a str {
        self.find_resource(resource)
            .map_or(column, |r| r.column_label(column))
    }
}

impl Resources for Campaign {
    fn find_resource(&self, name: &str) -> Option<&Resource> {
        self.resource(name)
    }
}

/// Labels that may not be there yet (the console before its first overview): names.
impl<T: Resources> Resources for Option<T> {
    fn find_resource(&self, name: &str) -> Option<&Resource> {
        self.as_ref().and_then(|r| r.find_resource(name))
    }
}

impl Resource {
    /// A column's label (`[resource.labels]`), its technical name when it has none.
    pub fn column_label<'a>(&'a self, column: &'a str) -> &'a str {
        self.labels.get(column).map_or(column, String::as_str)
    }

    /// A column as an engineer needs it: "Nom (last_name)", or the name alone without a
    /// label.
    pub fn column_with_name(&self, t: &Catalogue, column: &str) -> String {
        match self.labels.get(column) {
            Some(label) => fill(t.column_named, &[label, column]),
            None => column.to_string(),
        }
    }

    /// The compare settings of a migrated column, if it is listed.
    pub fn column(&self, name: &str) -> Option<&ColumnSpec> {
        self.columns.iter().find(|(c, _)| c == name).map(|(_, s)| s)
    }

    pub fn compares_with(&self, name: &str, option: CompareOption) -> bool {
        self.column(name)
            .is_some_and(|s| s.compare().contains(&option))
    }
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].matches('\n').count() + 1
}

fn parse_delimiter(value: Option<&str>) -> Result<u8, String> {
    match value {
        None => Ok(b','),
        Some("\\t") | Some("\t") | Some("tab") => Ok(b'\t'),
        Some(s) if s.len() == 1 && s.is_ascii() && s != "\"" && s != "\n" && s != "\r" => {
            Ok(s.as_bytes()[0])
        }
        Some(s) => Err(format!(
            "`{s}` is not a delimiter; use one ASCII character such as \";\" or \",\", or \"tab\""
        )),
    }
}

/// The bundled sample campaign (`sample-data/`), for the tests of every layer.
#[cfg(test)]
pub(crate) fn sample_campaign() -> Campaign {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/campaign.toml");
    let text = std::fs::read_to_string(&file).expect("sample-data/campaign.toml");
    Campaign::parse(&file, &text).expect("the sample campaign parses")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
name = "test"
[source]
dir = "src"
delimiter = ";"
encoding = "windows-1252"
[[delivery]]
id = "L1"
dir = "l1"
[[resource]]
name = "employee"
source = "salaries.csv"
migrated = "employee.csv"
key = ["source_id"]
[resource.columns]
source_id = "num"
zeta = "nom"
alpha = { from = "d", date = "%d/%m/%Y" }
"#;

    #[test]
    fn parses_and_resolves_paths_and_column_order() {
        let c = Campaign::parse(Path::new("/camp/c.toml"), MINIMAL).unwrap();
        let r = &c.resources[0];
        assert_eq!(r.source, PathBuf::from("/camp/src/salaries.csv"));
        assert_eq!(r.source_format.delimiter, b';');
        assert_eq!(r.source_format.encoding, Encoding::Windows1252);
        let names: Vec<_> = r.columns.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["source_id", "zeta", "alpha"]);
        assert_eq!(c.delivery(None).unwrap().id, "L1");
    }

    #[test]
    fn unknown_key_is_an_error_with_its_line() {
        let text = MINIMAL.replace("key = [", "kee = 1\nkey = [");
        let e = Campaign::parse(Path::new("c.toml"), &text).unwrap_err();
        assert!(e.to_string().contains("kee"), "{e}");
        assert!(e.to_string().contains("line"), "{e}");
    }

    #[test]
    fn duplicate_resource_and_missing_key_column_are_errors() {
        let twice = format!(
            "{MINIMAL}\n{}",
            &MINIMAL[MINIMAL.find("[[resource]]").unwrap()..]
        );
        let e = Campaign::parse(Path::new("c.toml"), &twice).unwrap_err();
        assert_eq!(e.resource.as_deref(), Some("employee"));
        assert!(e.message.contains("declared twice"));
        let nokey = MINIMAL.replace("source_id = \"num\"\n", "");
        let e = Campaign::parse(Path::new("c.toml"), &nokey).unwrap_err();
        assert_eq!(e.key, "key");
    }

    #[test]
    fn a_missing_required_key_names_the_resource() {
        let text = MINIMAL.replace("key = [\"source_id\"]\n", "");
        let e = Campaign::parse(Path::new("c.toml"), &text).unwrap_err();
        assert_eq!(
            (e.resource.as_deref(), e.key.as_str()),
            (Some("employee"), "key")
        );
        assert!(
            e.to_string()
                .contains("resource `employee`, key `key`: this resource has no `key`"),
            "{e}"
        );
        let text = MINIMAL.replace("migrated = \"employee.csv\"\n", "");
        let e = Campaign::parse(Path::new("c.toml"), &text).unwrap_err();
        assert_eq!(
            (e.resource.as_deref(), e.key.as_str()),
            (Some("employee"), "migrated")
        );
        let text = MINIMAL.replace("name = \"employee\"\n", "");
        let e = Campaign::parse(Path::new("c.toml"), &text).unwrap_err();
        assert_eq!(e.key, "resource[0].name");
    }

    #[test]
    fn labels_name_listed_columns_only() {
        let text = format!("{MINIMAL}[resource.labels]\nzeta = \"Nom\"\n");
        let c = Campaign::parse(Path::new("c.toml"), &text).unwrap();
        let r = &c.resources[0];
        assert_eq!(r.column_label("zeta"), "Nom");
        assert_eq!(r.column_label("alpha"), "alpha");
        assert_eq!(c.column_label("employee", "zeta"), "Nom");
        assert_eq!(c.resource_label("employee"), "employee");
        let t = super::super::i18n::Lang::Fr.catalogue();
        assert_eq!(r.column_with_name(t, "zeta"), "Nom (zeta)");
        assert_eq!(r.column_with_name(t, "alpha"), "alpha");

        let text = format!("{MINIMAL}[resource.labels]\nlast_name = \"Nom\"\n");
        let e = Campaign::parse(Path::new("c.toml"), &text).unwrap_err();
        assert_eq!(
            (e.resource.as_deref(), e.key.as_str()),
            (Some("employee"), "labels.last_name")
        );
        assert!(e.message.contains("not a column"), "{e}");
        let text = format!("{MINIMAL}[resource.labels]\nzeta = \" \"\n");
        let e = Campaign::parse(Path::new("c.toml"), &text).unwrap_err();
        assert_eq!(e.key, "labels.zeta");
    }

    #[test]
    fn bad_delimiter_is_named() {
        let text = MINIMAL.replace("delimiter = \";\"", "delimiter = \";;\"");
        let e = Campaign::parse(Path::new("c.toml"), &text).unwrap_err();
        assert_eq!(e.key, "source.delimiter");
    }
}
