//! Why a value differs: the fixed vocabulary of causes (a contract: extend it, never
//! rename), the classifier that decides one cause per differing value pair, and the
//! aggregation of a column's pairs into causes with a suggestion the integration team can
//! act on. Rules, examples and limits are in `docs/causes.md`.
//!
//! Pure: imports nothing of the crate (values arrive as text: dates ISO `YYYY-MM-DD`,
//! numbers with `.`), so the rules are tested on their own.

mod aggregate;
mod dates;
mod diagnose;
mod encoding;
mod normalise;
mod numbers;
mod suggestion;
mod vocabulary;

use serde::{Deserialize, Serialize};

pub use aggregate::{
    Cause, Diagnosed, MappingLine, ResourceCause, cause_of, causes, causes_with, resource_causes,
};
pub use diagnose::{Diagnosis, diagnose};
pub use encoding::Decoding;
pub use suggestion::{
    campaign_map_check_en, campaign_map_check_fr, headline_en, headline_fr, suggestion_en,
    suggestion_fr,
};
pub use vocabulary::{CODE_SET_MAX_VALUES, CODE_SET_MIN_COVERAGE, Vocabulary};

/// One cause, in precedence order: when several transformations together explain a value,
/// the cause is the first of them. `day_month_swap` comes before `date_shift` (a swapped
/// date is also some days away), so the declaration order, not the table order,
/// is the precedence; `Ord` follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CauseKind {
    Encoding,
    Case,
    Whitespace,
    Accents,
    Formatting,
    LeadingZeros,
    Truncation,
    DayMonthSwap,
    DateShift,
    NumberPrecision,
    Mapping,
    DigitsTransposed,
    Emptied,
    Filled,
    Unmapped,
    Unparseable,
    Duplicate,
    Other,
}

impl CauseKind {
    pub const ALL: [CauseKind; 18] = [
        CauseKind::Encoding,
        CauseKind::Case,
        CauseKind::Whitespace,
        CauseKind::Accents,
        CauseKind::Formatting,
        CauseKind::LeadingZeros,
        CauseKind::Truncation,
        CauseKind::DayMonthSwap,
        CauseKind::DateShift,
        CauseKind::NumberPrecision,
        CauseKind::Mapping,
        CauseKind::DigitsTransposed,
        CauseKind::Emptied,
        CauseKind::Filled,
        CauseKind::Unmapped,
        CauseKind::Unparseable,
        CauseKind::Duplicate,
        CauseKind::Other,
    ];

    /// The contract name (`leading_zeros`), as in the JSON and `recette keys --cause`.
    pub fn name(self) -> &'static str {
        match self {
            CauseKind::Encoding => "encoding",
            CauseKind::Case => "case",
            CauseKind::Whitespace => "whitespace",
            CauseKind::Accents => "accents",
            CauseKind::Formatting => "formatting",
            CauseKind::LeadingZeros => "leading_zeros",
            CauseKind::Truncation => "truncation",
            CauseKind::DayMonthSwap => "day_month_swap",
            CauseKind::DateShift => "date_shift",
            CauseKind::NumberPrecision => "number_precision",
            CauseKind::Mapping => "mapping",
            CauseKind::DigitsTransposed => "digits_transposed",
            CauseKind::Emptied => "emptied",
            CauseKind::Filled => "filled",
            CauseKind::Unmapped => "unmapped",
            CauseKind::Unparseable => "unparseable",
            CauseKind::Duplicate => "duplicate",
            CauseKind::Other => "other",
        }
    }

    pub fn from_name(name: &str) -> Option<CauseKind> {
        CauseKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// What a référent reads (`encodage`, `clés en double`).
    pub fn label_fr(self) -> &'static str {
        match self {
            CauseKind::Encoding => "encodage",
            CauseKind::Case => "casse",
            CauseKind::Whitespace => "espaces",
            CauseKind::Accents => "accents",
            CauseKind::Formatting => "mise en forme",
            CauseKind::LeadingZeros => "zéros de tête",
            CauseKind::Truncation => "troncature",
            CauseKind::DayMonthSwap => "jour et mois inversés",
            CauseKind::DateShift => "date décalée",
            CauseKind::NumberPrecision => "précision des nombres",
            CauseKind::Mapping => "correspondance de valeurs",
            CauseKind::DigitsTransposed => "caractères inversés",
            CauseKind::Emptied => "valeur perdue",
            CauseKind::Filled => "valeur ajoutée",
            CauseKind::Unmapped => "valeur non mappée",
            CauseKind::Unparseable => "valeur source illisible",
            CauseKind::Duplicate => "clés en double",
            CauseKind::Other => "autre",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            CauseKind::Encoding => "encoding",
            CauseKind::Case => "letter case",
            CauseKind::Whitespace => "spaces",
            CauseKind::Accents => "accents",
            CauseKind::Formatting => "formatting",
            CauseKind::LeadingZeros => "leading zeros",
            CauseKind::Truncation => "truncation",
            CauseKind::DayMonthSwap => "day and month swapped",
            CauseKind::DateShift => "date shifted",
            CauseKind::NumberPrecision => "number precision",
            CauseKind::Mapping => "value mapping",
            CauseKind::DigitsTransposed => "characters transposed",
            CauseKind::Emptied => "value lost",
            CauseKind::Filled => "value added",
            CauseKind::Unmapped => "unmapped value",
            CauseKind::Unparseable => "unparseable source value",
            CauseKind::Duplicate => "duplicate keys",
            CauseKind::Other => "other",
        }
    }
}

impl std::fmt::Display for CauseKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A differing (expected, migrated) pair and the number of keys that show it. The same
/// shape as a column's `patterns` in the JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pattern {
    pub expected: Option<String>,
    pub migrated: Option<String>,
    pub rows: u64,
}

/// What a cause says beyond its kind: an object whose fields depend on the kind (absent
/// fields are not written). For one value it describes that value; for a cause, the
/// merge of its values (see [`causes`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Detail {
    /// Every transformation that, together, explains the values (`[case, accents]` for
    /// `Hélène → HELENE`), in precedence order; absent when there is only one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<CauseKind>,
    /// `encoding`: which decoding happened (for a cause, the one of most keys).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decoding: Option<Decoding>,
    /// `truncation`: characters kept (for a cause, the most kept: what the target holds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<usize>,
    /// `truncation`: characters of the expected value (for a cause, the longest cut one:
    /// what the target column must hold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_length: Option<usize>,
    /// `date_shift`: migrated minus expected, in days (for a cause, when it is constant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
    /// `date_shift` of a cause whose offsets vary: the smallest and largest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_max: Option<i64>,
    /// `date_shift` by whole years, same day and month (`1950 → 2050`: a century lost).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years: Option<i64>,
    /// `formatting` of a date written in another format (`dd/mm/yyyy`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// `number_precision`: decimals of the less precise side (for a cause, when constant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u32>,
    /// `filled`: the one value delivered where none was expected (a default?);
    /// `unmapped` / `unparseable`: the source value, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// `mapping`: expected → delivered with their keys, for the integration team to fix
    /// their value map.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mapping: Vec<MappingLine>,
    /// `unmapped` / `unparseable`: the source rows the column counts (every expected row,
    /// matched or not), when the engine knows them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_rows: Option<u64>,
}

/// The text the engine shows for an expected value missing from the column's `map`.
pub const UNMAPPED_MARKER: &str = "⟨unmapped: ";
/// The text the engine shows for a source value its `date` / `decimal_comma` cannot read.
pub const UNPARSEABLE_MARKER: &str = "⟨unparseable: ";

/// The value inside an engine marker (`⟨unmapped: X⟩` → `X`).
fn marked(value: &str, marker: &str) -> Option<String> {
    value
        .strip_prefix(marker)
        .map(|rest| rest.strip_suffix('⟩').unwrap_or(rest).to_string())
}

/// Whether the engine wrote this value as a marker rather than a value.
pub fn is_marker(value: &str) -> bool {
    value.starts_with('⟨')
}

#[cfg(test)]
mod tests;
