//! The checklist of a campaign ("liste de vérifications"): items per resource, of three
//! kinds — automated (a criterion over the reconciliation report), sample review (records
//! drawn reproducibly for a person to compare) and manual (a question a référent answers).
//!
//! Parsed and checked against the campaign without touching the disk: must not import
//! `store`, `duckdb` or do any I/O. The file format is documented in `docs/checklist.md`.

use std::fmt;
use std::path::{Path, PathBuf};

use super::campaign::{Campaign, Resource};
use super::criterion::{Criterion, closest};

/// A checked checklist, items in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Checklist {
    pub file: PathBuf,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Stable, unique in the file: the journal refers to the item by it.
    pub id: String,
    /// A resource of the campaign.
    pub resource: String,
    /// What a référent reads (French).
    pub label: String,
    pub kind: ItemKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ItemKind {
    /// Computed from the reconciliation report.
    Automated { criterion: Criterion },
    /// `size` matched records drawn reproducibly from `seed` (see `store::sample`); `columns`
    /// are the ones to look at first (empty: all).
    Sample {
        size: usize,
        seed: String,
        columns: Vec<String>,
    },
    /// A question a référent answers.
    Manual { question: String },
}

impl ItemKind {
    pub const NAMES: [&str; 3] = ["automated", "sample", "manual"];

    /// `automated`, `sample` or `manual`, as written in the file.
    pub fn name(&self) -> &'static str {
        match self {
            ItemKind::Automated { .. } => "automated",
            ItemKind::Sample { .. } => "sample",
            ItemKind::Manual { .. } => "manual",
        }
    }
}

/// A mistake in the checklist file: names the file, the item (position and id, when known),
/// the key and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ChecklistError {
    pub file: PathBuf,
    /// 1-based position of the `[[item]]` in the file.
    pub index: Option<usize>,
    pub id: Option<String>,
    pub key: String,
    pub message: String,
}

impl fmt::Display for ChecklistError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        match (self.index, &self.id) {
            (Some(i), Some(id)) => write!(f, ", [[item]] #{i} `{id}`")?,
            (Some(i), None) => write!(f, ", [[item]] #{i}")?,
            (None, Some(id)) => write!(f, ", item `{id}`")?,
            (None, None) => {}
        }
        if !self.key.is_empty() {
            write!(f, ", key `{}`", self.key)?;
        }
        write!(f, ": {}", self.message)
    }
}

const COMMON_KEYS: [&str; 4] = ["id", "resource", "label", "kind"];
/// The keys of each kind, besides the common ones.
const KIND_KEYS: [(&str, &[&str]); 3] = [
    ("automated", &["criterion"]),
    ("sample", &["size", "seed", "columns"]),
    ("manual", &["question"]),
];

impl Checklist {
    /// Parses and checks the text of the checklist file `file` against `campaign`.
    pub fn parse(
        file: &Path,
        text: &str,
        campaign: &Campaign,
    ) -> Result<Checklist, ChecklistError> {
        let err =
            |index: Option<usize>, id: Option<&str>, key: &str, message: String| ChecklistError {
                file: file.to_path_buf(),
                index,
                id: id.map(str::to_owned),
                key: key.to_owned(),
                message,
            };
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| {
                    format!(
                        "line {}",
                        text[..s.start.min(text.len())].matches('\n').count() + 1
                    )
                })
                .unwrap_or_default();
            err(None, None, &line, e.message().trim().to_owned())
        })?;
        if let Some(key) = table.keys().find(|k| *k != "item") {
            return Err(err(
                None,
                None,
                key,
                "unknown key; a checklist holds only [[item]] tables".into(),
            ));
        }
        let raw_items = match table.get("item") {
            Some(toml::Value::Array(items)) if !items.is_empty() => items,
            Some(toml::Value::Array(_)) | None => {
                return Err(err(
                    None,
                    None,
                    "item",
                    "the checklist has no [[item]]; add one per check, with id, resource, label and kind".into(),
                ));
            }
            Some(_) => {
                return Err(err(
                    None,
                    None,
                    "item",
                    "write each item as an [[item]] table".into(),
                ));
            }
        };
        let mut items: Vec<Item> = Vec::new();
        for (i, raw) in raw_items.iter().enumerate() {
            let index = i + 1;
            let Some(raw) = raw.as_table() else {
                return Err(err(
                    Some(index),
                    None,
                    "item",
                    "write each item as an [[item]] table".into(),
                ));
            };
            let id = raw.get("id").and_then(toml::Value::as_str);
            let fields = Fields {
                raw,
                fail: &|key: &str, message: String| err(Some(index), id, key, message),
            };
            let item = fields.item(campaign)?;
            if let Some(first) = items.iter().position(|other| other.id == item.id) {
                return Err(err(
                    Some(index),
                    id,
                    "id",
                    format!(
                        "id `{}` is already used by [[item]] #{}; ids must be unique in the checklist",
                        item.id,
                        first + 1
                    ),
                ));
            }
            items.push(item);
        }
        Ok(Checklist {
            file: file.to_path_buf(),
            items,
        })
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The items of one resource, in file order.
    pub fn items_for<'a>(&'a self, resource: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        self.items.iter().filter(move |i| i.resource == resource)
    }
}

/// One `[[item]]` table being read; `fail` builds an error naming it.
struct Fields<'a> {
    raw: &'a toml::Table,
    fail: &'a dyn Fn(&str, String) -> ChecklistError,
}

impl Fields<'_> {
    fn item(&self, campaign: &Campaign) -> Result<Item, ChecklistError> {
        let kind_name = self.text("kind", "one of automated, sample, manual")?;
        let Some((_, kind_keys)) = KIND_KEYS.iter().find(|(k, _)| *k == kind_name) else {
            return Err((self.fail)(
                "kind",
                format!("unknown kind `{kind_name}`; use automated, sample or manual"),
            ));
        };
        for key in self.raw.keys() {
            if COMMON_KEYS.contains(&key.as_str()) || kind_keys.contains(&key.as_str()) {
                continue;
            }
            let message = match KIND_KEYS
                .iter()
                .find(|(_, keys)| keys.contains(&key.as_str()))
            {
                Some((other, _)) => {
                    format!("`{key}` is for {other} items; this item is {kind_name}")
                }
                None => {
                    let all: Vec<&str> = COMMON_KEYS
                        .iter()
                        .chain(KIND_KEYS.iter().flat_map(|(_, k)| k.iter()))
                        .copied()
                        .collect();
                    let hint = closest(key, &all)
                        .map(|c| format!("did you mean `{c}`? "))
                        .unwrap_or_default();
                    format!(
                        "unknown key; {hint}an item has id, resource, label, kind, then criterion (automated), size, seed, columns (sample) or question (manual)"
                    )
                }
            };
            return Err((self.fail)(key, message));
        }

        let id = self.text("id", "a short, stable name such as \"emp-missing\"")?;
        if !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            return Err((self.fail)(
                "id",
                format!(
                    "`{id}` is not a valid id: use letters, digits, `-`, `_` or `.` (e.g. \"emp-missing\"); the journal refers to items by id"
                ),
            ));
        }
        let resource_name = self.text("resource", "the name of a [[resource]] of the campaign")?;
        let Some(resource) = campaign.resource(&resource_name) else {
            let names: Vec<&str> = campaign.resources.iter().map(|r| r.name.as_str()).collect();
            let hint = closest(&resource_name, &names)
                .map(|c| format!("did you mean `{c}`? "))
                .unwrap_or_default();
            return Err((self.fail)(
                "resource",
                format!(
                    "unknown resource `{resource_name}`; {hint}resources of {}: {}",
                    campaign.file.display(),
                    names.join(", ")
                ),
            ));
        };
        let label = self.text(
            "label",
            "what a référent reads, e.g. \"Aucun salarié manquant\"",
        )?;
        let kind = match kind_name.as_str() {
            "automated" => ItemKind::Automated {
                criterion: self.criterion(resource)?,
            },
            "sample" => self.sample(resource, &id)?,
            _ => ItemKind::Manual {
                question: self.text("question", "the question a référent answers, e.g. \"Les adresses s'affichent-elles correctement ?\"")?,
            },
        };
        Ok(Item {
            id,
            resource: resource_name,
            label,
            kind,
        })
    }

    /// A required, non-empty string.
    fn text(&self, key: &str, what: &str) -> Result<String, ChecklistError> {
        match self.raw.get(key) {
            Some(toml::Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_string()),
            Some(toml::Value::String(_)) => {
                Err((self.fail)(key, format!("`{key}` is empty; write {what}")))
            }
            Some(other) => Err((self.fail)(
                key,
                format!(
                    "`{key}` must be a string, not {}; write {what}",
                    other.type_str()
                ),
            )),
            None => Err((self.fail)(
                key,
                format!("`{key}` is missing; write {what}"),
            )),
        }
    }

    fn criterion(&self, resource: &Resource) -> Result<Criterion, ChecklistError> {
        let text = self.text(
            "criterion",
            "a comparison over the report's counts, e.g. \"missing_rows == 0\"",
        )?;
        let criterion = Criterion::parse(&text).map_err(|e| {
            (self.fail)(
                "criterion",
                format!(
                    "`{text}` does not parse at character {}: {}",
                    e.position, e.message
                ),
            )
        })?;
        for column in criterion.columns() {
            if resource.key.iter().any(|k| k == column) {
                return Err((self.fail)(
                    "criterion",
                    format!(
                        "`{column}` is a key column of resource `{}`: key columns are not compared one by one; use missing_rows or unexpected_rows",
                        resource.name
                    ),
                ));
            }
            if resource.column(column).is_none() {
                return Err((self.fail)(
                    "criterion",
                    format!(
                        "the criterion names column `{column}`, which is not in [resource.columns] of `{}`; {}",
                        resource.name,
                        columns_hint(resource, column, true)
                    ),
                ));
            }
        }
        Ok(criterion)
    }

    fn sample(&self, resource: &Resource, id: &str) -> Result<ItemKind, ChecklistError> {
        let size = match self.raw.get("size") {
            Some(toml::Value::Integer(n)) if *n >= 1 => *n as usize,
            Some(other) => {
                return Err((self.fail)(
                    "size",
                    format!(
                        "`{other}` is not a number of records; write a whole number, at least 1, e.g. size = 20"
                    ),
                ));
            }
            None => {
                return Err((self.fail)(
                    "size",
                    "`size` is missing; say how many records to draw, e.g. size = 20".into(),
                ));
            }
        };
        let seed = match self.raw.get("seed") {
            None => id.to_string(),
            Some(toml::Value::Integer(n)) => n.to_string(),
            Some(toml::Value::String(s)) if !s.is_empty() => s.clone(),
            Some(other) => {
                return Err((self.fail)(
                    "seed",
                    format!(
                        "`{other}` is not a seed; write a non-empty text (default: the item's id)"
                    ),
                ));
            }
        };
        let mut columns: Vec<String> = Vec::new();
        if let Some(value) = self.raw.get("columns") {
            let list = value.as_array().ok_or_else(|| {
                (self.fail)(
                    "columns",
                    "write a list of migrated columns, e.g. columns = [\"status\", \"planned_on\"]"
                        .into(),
                )
            })?;
            for c in list {
                let Some(c) = c.as_str() else {
                    return Err((self.fail)(
                        "columns",
                        format!("`{c}` is not a column name; write names in quotes"),
                    ));
                };
                if resource.column(c).is_none() {
                    return Err((self.fail)(
                        "columns",
                        format!(
                            "`{c}` is not in [resource.columns] of `{}`; {}",
                            resource.name,
                            columns_hint(resource, c, false)
                        ),
                    ));
                }
                if columns.iter().any(|d| d == c) {
                    return Err((self.fail)("columns", format!("`{c}` is listed twice")));
                }
                columns.push(c.to_string());
            }
        }
        Ok(ItemKind::Sample {
            size,
            seed,
            columns,
        })
    }
}

/// "did you mean ...? columns: a, b, c" (without the key columns when they cannot be named).
fn columns_hint(resource: &Resource, wrong: &str, compared_only: bool) -> String {
    let names: Vec<&str> = resource
        .columns
        .iter()
        .map(|(c, _)| c.as_str())
        .filter(|c| !compared_only || !resource.key.iter().any(|k| k == c))
        .collect();
    let hint = closest(wrong, &names)
        .map(|c| format!("did you mean `{c}`? "))
        .unwrap_or_default();
    let what = if compared_only {
        "compared columns"
    } else {
        "columns"
    };
    format!("{hint}{what}: {}", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAMPAIGN: &str = r#"
name = "test"
[source]
dir = "src"
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
last_name = "nom"
status = "statut"
"#;

    const GOOD: &str = r#"
[[item]]
id = "emp-missing"
resource = "employee"
label = "Aucun salarié manquant"
kind = "automated"
criterion = "missing_rows == 0"

[[item]]
id = "emp-sample"
resource = "employee"
label = "Revue de 20 fiches salariés tirées au sort"
kind = "sample"
size = 20
columns = ["last_name"]

[[item]]
id = "emp-address"
resource = "employee"
label = "Adresses"
kind = "manual"
question = "Les adresses s'affichent-elles correctement dans la fiche salarié ?"
"#;

    fn campaign() -> Campaign {
        Campaign::parse(Path::new("/c/campaign.toml"), CAMPAIGN).unwrap()
    }

    fn parse(text: &str) -> Result<Checklist, ChecklistError> {
        Checklist::parse(Path::new("/c/checklist.toml"), text, &campaign())
    }

    #[test]
    fn parses_the_three_kinds_with_defaults() {
        let c = parse(GOOD).unwrap();
        let kinds: Vec<&str> = c.items.iter().map(|i| i.kind.name()).collect();
        assert_eq!(kinds, ["automated", "sample", "manual"]);
        assert_eq!(
            c.item("emp-sample").unwrap().kind,
            ItemKind::Sample {
                size: 20,
                seed: "emp-sample".into(),
                columns: vec!["last_name".into()]
            }
        );
        assert_eq!(c.items_for("employee").count(), 3);
        assert_eq!(c.items_for("firm").count(), 0);
        let seeded = GOOD.replace("size = 20", "size = 5\nseed = 7");
        let ItemKind::Sample { seed, size, .. } = &parse(&seeded).unwrap().items[1].kind else {
            panic!()
        };
        assert_eq!((seed.as_str(), *size), ("7", 5));
    }

    fn error(from: &str, to: &str) -> ChecklistError {
        let text = GOOD.replacen(from, to, 1);
        assert_ne!(text, GOOD, "the replacement must change the text");
        parse(&text).unwrap_err()
    }

    #[test]
    fn every_error_names_file_item_and_key() {
        let e = error("size = 20", "sise = 20");
        assert_eq!(
            (e.index, e.id.as_deref(), e.key.as_str()),
            (Some(2), Some("emp-sample"), "sise")
        );
        assert!(e.message.contains("did you mean `size`"), "{e}");
        let shown = e.to_string();
        assert!(
            shown.starts_with("/c/checklist.toml, [[item]] #2 `emp-sample`, key `sise`: "),
            "{shown}"
        );

        let e = error("id = \"emp-address\"", "id = \"emp-missing\"");
        assert_eq!((e.index, e.key.as_str()), (Some(3), "id"));
        assert!(e.message.contains("already used by [[item]] #1"), "{e}");

        let e = error("resource = \"employee\"", "resource = \"employe\"");
        assert_eq!((e.index, e.key.as_str()), (Some(1), "resource"));
        assert!(e.message.contains("did you mean `employee`"), "{e}");

        let e = error("missing_rows == 0", "differing(\\\"statut\\\") == 0");
        assert_eq!(e.key, "criterion");
        assert!(
            e.message.contains("`statut`") && e.message.contains("did you mean `status`"),
            "{e}"
        );

        let e = error("missing_rows == 0", "differing('source_id') == 0");
        assert!(e.message.contains("key column"), "{e}");

        let e = error("missing_rows == 0", "missing_rows = 0");
        assert_eq!(e.key, "criterion");
        assert!(e.message.contains("at character 14"), "{e}");

        let e = error("kind = \"manual\"", "kind = \"question\"");
        assert_eq!((e.index, e.key.as_str()), (Some(3), "kind"));

        let e = error("kind = \"manual\"", "kind = \"automated\"");
        assert_eq!(e.key, "question");
        assert!(e.message.contains("for manual items"), "{e}");

        let e = error("size = 20", "size = 0");
        assert_eq!(e.key, "size");
        let e = error("size = 20\n", "");
        assert!(e.message.contains("missing"), "{e}");
        let e = error("columns = [\"last_name\"]", "columns = [\"lastname\"]");
        assert!(e.message.contains("did you mean `last_name`"), "{e}");
        let e = error("id = \"emp-missing\"", "id = \"emp missing\"");
        assert_eq!(e.key, "id");
        let e = error("label = \"Adresses\"", "label = \"  \"");
        assert!(e.message.contains("empty"), "{e}");
    }

    #[test]
    fn file_level_mistakes() {
        let e = parse("").unwrap_err();
        assert_eq!((e.index, e.key.as_str()), (None, "item"));
        let e = parse(&format!("title = \"x\"\n{GOOD}")).unwrap_err();
        assert_eq!(e.key, "title");
        let e = parse("[[item]\nid = 1").unwrap_err();
        assert_eq!(e.key, "line 1");
        let e = parse("[[item]]\nid = \"a\"\nresource = \"employee\"\nlabel = \"x\"").unwrap_err();
        assert_eq!(
            (e.index, e.id.as_deref(), e.key.as_str()),
            (Some(1), Some("a"), "kind")
        );
    }
}
