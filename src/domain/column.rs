//! How one migrated column's expected value is computed from the source, and compared.

use std::collections::BTreeMap;

use serde::Deserialize;

/// Text normalisations applied to both sides before comparing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompareOption {
    Trim,
    IgnoreCase,
    IgnoreAccents,
}

/// Where the expected value comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueSource {
    /// A plain string: a source (or derived) column when it names one exactly, else SQL.
    ColumnOrExpr(String),
    /// `from = "..."`: a source or derived column, by name.
    From(String),
    /// `expr = "..."`: an SQL expression over source and derived columns.
    Expr(String),
}

/// The usual date formats of legacy extractions, most usual first: what `recette init`
/// proposes and what a `check` hint tries when a column's `date` reads few of its values.
/// Each is a strptime format the engine accepts; a value must match it whole.
pub const USUAL_DATE_FORMATS: &[&str] = &[
    "%d/%m/%Y",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%Y%m%d",
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d",
    "%d/%m/%y",
    "%m/%d/%Y",
];

/// One entry of `[resource.columns]`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "toml::Value")]
pub struct ColumnSpec {
    pub source: ValueSource,
    pub map: Option<BTreeMap<String, String>>,
    /// strptime format of the source text; both sides are compared as dates.
    pub date: Option<String>,
    /// The source writes decimals with a comma (`1.234,50`); both sides compared as numbers.
    pub decimal_comma: bool,
    /// Absolute tolerance; both sides compared as numbers.
    pub tolerance: Option<f64>,
    pub compare: Vec<CompareOption>,
    /// `learned = "L1"`: the `map` was learned from that delivery by `recette init` and no
    /// person has confirmed it yet (a consistent error of that delivery would pass for the
    /// rule). Said by `check` and the console until someone removes the mark.
    pub learned: Option<String>,
}

/// How the two sides of a column are compared.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ComparisonKind {
    Text,
    Date,
    Number { tolerance: f64 },
}

impl ColumnSpec {
    pub fn kind(&self) -> ComparisonKind {
        if self.date.is_some() {
            ComparisonKind::Date
        } else if self.decimal_comma || self.tolerance.is_some() {
            ComparisonKind::Number {
                tolerance: self.tolerance.unwrap_or(0.0),
            }
        } else {
            ComparisonKind::Text
        }
    }

    pub fn compare(&self) -> &[CompareOption] {
        &self.compare
    }

    /// Checks that the settings make sense together (the engine checks names and SQL).
    pub fn check(&self) -> Result<(), String> {
        if self.date.is_some() && (self.decimal_comma || self.tolerance.is_some()) {
            return Err("a column is a date or a number, not both: keep `date` or `decimal_comma`/`tolerance`".into());
        }
        if let Some(t) = self.tolerance
            && !(t.is_finite() && t >= 0.0)
        {
            return Err(format!("tolerance {t} must be a positive number"));
        }
        if let Some(l) = &self.learned {
            if self.map.is_none() {
                return Err(format!(
                    "`learned = \"{l}\"` marks a map learned from a delivery, and this column has no `map`; remove the mark"
                ));
            }
            if l.trim().is_empty() {
                return Err(
                    "`learned` names the delivery the map was learned from, e.g. learned = \"L1\""
                        .into(),
                );
            }
        }
        if let Some(f) = &self.date
            && !f.contains('%')
        {
            return Err(format!(
                "date format `{f}` has no % field; write it like \"%d/%m/%Y\""
            ));
        }
        Ok(())
    }
}

impl TryFrom<toml::Value> for ColumnSpec {
    type Error = String;

    fn try_from(value: toml::Value) -> Result<Self, String> {
        let table = match value {
            toml::Value::String(s) => return Ok(ColumnSpec::plain(ValueSource::ColumnOrExpr(s))),
            toml::Value::Table(t) => t,
            other => {
                return Err(format!(
                    "expected a source column name, an SQL expression, or a table {{ from = ..., map = ... }}; found {}",
                    other.type_str()
                ));
            }
        };
        let text = |key: &str| -> Result<Option<String>, String> {
            match table.get(key) {
                None => Ok(None),
                Some(toml::Value::String(s)) => Ok(Some(s.clone())),
                Some(v) => Err(format!("`{key}` must be a string, found {}", v.type_str())),
            }
        };
        const KEYS: [&str; 8] = [
            "from",
            "expr",
            "map",
            "date",
            "decimal_comma",
            "tolerance",
            "compare",
            "learned",
        ];
        if let Some(unknown) = table.keys().find(|k| !KEYS.contains(&k.as_str())) {
            return Err(format!(
                "unknown key `{unknown}`; a column table takes {}",
                KEYS.join(", ")
            ));
        }
        let source = match (text("from")?, text("expr")?) {
            (Some(f), None) => ValueSource::From(f),
            (None, Some(e)) => ValueSource::Expr(e),
            (Some(_), Some(_)) => return Err("give `from` or `expr`, not both".into()),
            (None, None) => {
                return Err("a column table needs `from` (a source column) or `expr` (SQL)".into());
            }
        };
        let map = match table.get("map") {
            None => None,
            Some(toml::Value::Table(t)) => Some(
                t.iter()
                    .map(|(k, v)| match v {
                        toml::Value::String(s) => Ok((k.clone(), s.clone())),
                        other => Ok((k.clone(), other.to_string())),
                    })
                    .collect::<Result<BTreeMap<_, _>, String>>()?,
            ),
            Some(v) => {
                return Err(format!(
                    "`map` must be a table {{ LEGACY = \"new\" }}, found {}",
                    v.type_str()
                ));
            }
        };
        let decimal_comma = match table.get("decimal_comma") {
            None => false,
            Some(toml::Value::Boolean(b)) => *b,
            Some(v) => {
                return Err(format!(
                    "`decimal_comma` must be true or false, found {}",
                    v.type_str()
                ));
            }
        };
        let tolerance = match table.get("tolerance") {
            None => None,
            Some(toml::Value::Float(f)) => Some(*f),
            Some(toml::Value::Integer(i)) => Some(*i as f64),
            Some(v) => {
                return Err(format!(
                    "`tolerance` must be a number, found {}",
                    v.type_str()
                ));
            }
        };
        let compare = match table.get("compare") {
            None => Vec::new(),
            Some(v) => Vec::<CompareOption>::deserialize(v.clone()).map_err(|_| {
                "`compare` is a list of \"trim\", \"ignore_case\", \"ignore_accents\"".to_string()
            })?,
        };
        Ok(ColumnSpec {
            source,
            map,
            date: text("date")?,
            decimal_comma,
            tolerance,
            compare,
            learned: text("learned")?,
        })
    }
}

impl ColumnSpec {
    fn plain(source: ValueSource) -> ColumnSpec {
        ColumnSpec {
            source,
            map: None,
            date: None,
            decimal_comma: false,
            tolerance: None,
            compare: Vec::new(),
            learned: None,
        }
    }

    /// The delivery this column's map was learned from, while no person has confirmed it.
    pub fn learned_from(&self) -> Option<&str> {
        self.learned.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ColumnSpec, String> {
        let v: toml::Value = toml::from_str(&format!("c = {text}")).unwrap();
        ColumnSpec::try_from(v.get("c").unwrap().clone())
    }

    #[test]
    fn plain_string_and_tables() {
        assert_eq!(
            parse("\"num\"").unwrap().source,
            ValueSource::ColumnOrExpr("num".into())
        );
        let s = parse("{ from = \"valeur\", decimal_comma = true, tolerance = 0.01 }").unwrap();
        assert_eq!(s.kind(), ComparisonKind::Number { tolerance: 0.01 });
        let s = parse("{ expr = \"trim(c)\", compare = [\"trim\", \"ignore_case\"] }").unwrap();
        assert_eq!(s.compare, [CompareOption::Trim, CompareOption::IgnoreCase]);
        assert_eq!(s.kind(), ComparisonKind::Text);
    }

    #[test]
    fn a_learned_map_is_marked_and_a_mark_needs_a_map() {
        let s = parse("{ from = \"sexe\", map = { M = \"male\" }, learned = \"L1\" }").unwrap();
        assert_eq!(s.learned_from(), Some("L1"));
        assert!(s.check().is_ok());
        assert_eq!(parse("{ from = \"sexe\" }").unwrap().learned_from(), None);
        let s = parse("{ from = \"sexe\", learned = \"L1\" }").unwrap();
        assert!(s.check().unwrap_err().contains("has no `map`"));
        let s = parse("{ from = \"sexe\", map = {}, learned = \"\" }").unwrap();
        assert!(s.check().is_err());
        assert!(
            parse("{ from = \"s\", map = {}, learned = 1 }")
                .unwrap_err()
                .contains("string")
        );
    }

    #[test]
    fn mistakes_are_explained() {
        assert!(
            parse("{ from = \"a\", maps = {} }")
                .unwrap_err()
                .contains("unknown key `maps`")
        );
        assert!(parse("{ map = {} }").unwrap_err().contains("needs `from`"));
        assert!(
            parse("{ from = \"a\", compare = [\"fuzzy\"] }")
                .unwrap_err()
                .contains("trim")
        );
        assert!(parse("3").unwrap_err().contains("integer"));
    }
}
