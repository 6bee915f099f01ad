//! The SQL that turns one column's values into what is compared, on each side: the
//! expected side applies the campaign's map and parsing; the migrated side is read as the
//! new system wrote it. Both end in the same four slots per column:
//!
//! - `e{i}`: the value shown to people (expected value, or the migrated text);
//! - `c{i}`: the value compared, normalised; unparseable values become side-specific
//!   markers (`⟨unparseable: …⟩` / `⟨invalid date: …⟩`) so they never equal anything;
//! - `n{i}`: the number, for columns compared with a tolerance;
//! - `p{i}` / `u{i}`: unparseable / unmapped flags (expected side).

use crate::domain::column::{ColumnSpec, CompareOption, ComparisonKind};

use super::sql::quote_literal;

/// Applies the text normalisations a column asks for.
pub fn normalise(expr: &str, options: &[CompareOption]) -> String {
    let mut out = expr.to_string();
    for option in options {
        out = match option {
            CompareOption::Trim => format!("trim({out})"),
            CompareOption::IgnoreCase => format!("lower({out})"),
            CompareOption::IgnoreAccents => format!("strip_accents({out})"),
        };
    }
    out
}

/// `(mapped, unmapped)` for the text value `v`: a value absent from the map gives a
/// visible `⟨unmapped: X⟩`, never a silent NULL.
pub fn mapped(spec: &ColumnSpec, v: &str) -> (String, String) {
    match &spec.map {
        None => (v.to_string(), "false".to_string()),
        Some(map) => {
            let arms: String = map
                .iter()
                .map(|(from, to)| {
                    format!(" WHEN {} THEN {}", quote_literal(from), quote_literal(to))
                })
                .collect();
            let lookup = format!("(CASE {v}{arms} END)");
            let unmapped = format!("({v} IS NOT NULL AND {lookup} IS NULL)");
            let value = format!(
                "(CASE WHEN {unmapped} THEN '⟨unmapped: ' || {v} || '⟩' ELSE {lookup} END)"
            );
            (value, unmapped)
        }
    }
}

/// A decimal written with a comma (`1 234,50`, `1.234,50`) as SQL text DuckDB can cast.
fn decimal_comma_text(v: &str) -> String {
    format!(
        "replace(replace(replace(replace(replace(trim({v}), ' ', ''), '\u{a0}', ''), '\u{202f}', ''), '.', ''), ',', '.')"
    )
}

/// The select-list items of the expected side for column slot `i`, given its text value
/// `m` after mapping and its `unmapped` flag (both SQL).
pub fn expected_slots(i: usize, spec: &ColumnSpec, m: &str, unmapped: &str) -> Vec<String> {
    let (display, number, unparseable) = match spec.kind() {
        ComparisonKind::Text => (
            m.to_string(),
            "NULL::DOUBLE".to_string(),
            "false".to_string(),
        ),
        ComparisonKind::Date => {
            let format = quote_literal(spec.date.as_deref().unwrap_or("%Y-%m-%d"));
            let parsed = format!("CAST(try_strptime({m}, {format}) AS DATE)");
            let bad = format!("(NOT {unmapped} AND {m} IS NOT NULL AND {parsed} IS NULL)");
            let display = format!(
                "(CASE WHEN {unmapped} THEN {m} WHEN {bad} THEN '⟨unparseable: ' || {m} || '⟩' ELSE strftime({parsed}, '%Y-%m-%d') END)"
            );
            (display, "NULL::DOUBLE".to_string(), bad)
        }
        ComparisonKind::Number { .. } => {
            let text = if spec.decimal_comma {
                decimal_comma_text(m)
            } else {
                format!("trim({m})")
            };
            let parsed = format!("TRY_CAST({text} AS DOUBLE)");
            let bad = format!("(NOT {unmapped} AND {m} IS NOT NULL AND {parsed} IS NULL)");
            let display = format!(
                "(CASE WHEN {unmapped} THEN {m} WHEN {bad} THEN '⟨unparseable: ' || {m} || '⟩' ELSE CAST({parsed} AS VARCHAR) END)"
            );
            (display, parsed, bad)
        }
    };
    let compared = match spec.kind() {
        ComparisonKind::Text => normalise(&display, spec.compare()),
        _ => display.clone(),
    };
    vec![
        format!("{display} AS e{i}"),
        format!("{compared} AS c{i}"),
        format!("{number} AS n{i}"),
        format!("{unmapped} AS u{i}"),
        format!("{unparseable} AS p{i}"),
    ]
}

/// The select-list items of the migrated side for column slot `i`, from its raw text.
pub fn migrated_slots(i: usize, spec: &ColumnSpec, raw: &str) -> Vec<String> {
    let (compared, number, unparseable) = match spec.kind() {
        ComparisonKind::Text => (
            normalise(raw, spec.compare()),
            "NULL::DOUBLE".to_string(),
            "false".to_string(),
        ),
        ComparisonKind::Date => {
            let parsed = format!(
                "coalesce(TRY_CAST({raw} AS DATE), CAST(TRY_CAST({raw} AS TIMESTAMP) AS DATE))"
            );
            let bad = format!("({raw} IS NOT NULL AND {parsed} IS NULL)");
            let compared = format!(
                "(CASE WHEN {bad} THEN '⟨invalid date: ' || {raw} || '⟩' ELSE strftime({parsed}, '%Y-%m-%d') END)"
            );
            (compared, "NULL::DOUBLE".to_string(), bad)
        }
        ComparisonKind::Number { .. } => {
            let parsed = format!("TRY_CAST(trim({raw}) AS DOUBLE)");
            let bad = format!("({raw} IS NOT NULL AND {parsed} IS NULL)");
            let compared = format!(
                "(CASE WHEN {bad} THEN '⟨not a number: ' || {raw} || '⟩' ELSE CAST({parsed} AS VARCHAR) END)"
            );
            (compared, parsed, bad)
        }
    };
    vec![
        format!("{raw} AS e{i}"),
        format!("{compared} AS c{i}"),
        format!("{number} AS n{i}"),
        format!("false AS u{i}"),
        format!("{unparseable} AS p{i}"),
    ]
}

/// SQL true when column slot `i` differs between `e.` (expected) and `m.` (migrated) for a
/// key present once on each side.
pub fn differs(i: usize, spec: &ColumnSpec) -> String {
    match spec.kind() {
        ComparisonKind::Number { tolerance } => format!(
            "(CASE WHEN es.n{i} IS NULL OR ms.n{i} IS NULL THEN es.c{i} IS DISTINCT FROM ms.c{i} \
             ELSE abs(es.n{i} - ms.n{i}) > {tolerance:?} + 1e-9 * greatest(1.0, abs(es.n{i}), abs(ms.n{i})) END)"
        ),
        _ => format!("(es.c{i} IS DISTINCT FROM ms.c{i})"),
    }
}
