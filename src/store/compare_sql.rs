//! The SQL that turns one column's values into what is compared, on each side: the
//! expected side applies the campaign's map and parsing; the migrated side is read as the
//! new system wrote it. Both sides produce the same slots for column `i` (`Slot`):
//!
//! - `e{i}`: the value shown to people (expected value, or the migrated text);
//! - `c{i}`: the value compared, when it is not `e{i}` itself (text normalisations, dates,
//!   numbers); unparseable values become side-specific markers (`⟨unparseable: …⟩`,
//!   `⟨invalid date: …⟩`) so they never equal anything;
//! - `n{i}`: the number, for columns compared as numbers;
//! - `u{i}`: unmapped flag (columns with a `map`), `p{i}`: unparseable flag (dates, numbers).
//!
//! Slots that would only repeat another are not produced: the stage tables hold a million
//! rows, and every column costs memory and time.

use crate::domain::column::{ColumnSpec, CompareOption, ComparisonKind};

use super::slot::{Side, Slot};
use super::sql::quote_literal;

/// Which slots column `i` has, and which one it is compared on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slots {
    pub cmp: Slot,
    pub number: Option<Slot>,
    pub unmapped: Option<Slot>,
    pub unparseable: Option<Slot>,
}

pub fn slots(i: usize, spec: &ColumnSpec) -> Slots {
    let plain_text = spec.kind() == ComparisonKind::Text && spec.compare().is_empty();
    let number = matches!(spec.kind(), ComparisonKind::Number { .. });
    Slots {
        cmp: if plain_text {
            Slot::Shown(i)
        } else {
            Slot::Compared(i)
        },
        number: number.then_some(Slot::Number(i)),
        unmapped: spec.map.is_some().then_some(Slot::Unmapped(i)),
        unparseable: (spec.kind() != ComparisonKind::Text).then_some(Slot::Unparseable(i)),
    }
}

/// A number compared with a tolerance: its row hash cannot tell equal from close.
pub fn is_tolerant(spec: &ColumnSpec) -> bool {
    matches!(spec.kind(), ComparisonKind::Number { tolerance } if tolerance > 0.0)
}

/// The row hash over the compared slots of `columns` (tolerant numbers left out), the
/// cheap first comparison of a key present once on each side.
pub fn row_hash(columns: &[(usize, &ColumnSpec)]) -> String {
    let parts: Vec<String> = columns
        .iter()
        .filter(|(_, spec)| !is_tolerant(spec))
        .map(|(i, spec)| slots(*i, spec).cmp.to_string())
        .collect();
    if parts.is_empty() {
        "0::UBIGINT".to_string()
    } else {
        format!("hash({})", parts.join(", "))
    }
}

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

/// A decimal written with a comma (`1 234,50`, `1.234,50`) as text DuckDB can cast.
fn decimal_comma_text(v: &str) -> String {
    format!(
        "replace(replace(replace(replace(replace(trim({v}), ' ', ''), '\u{a0}', ''), '\u{202f}', ''), '.', ''), ',', '.')"
    )
}

/// The parsed value of a date or number column (`None` for text), from its mapped text `m`.
/// Computed once in a layer of its own, since display, comparison and flag all use it.
pub fn expected_parse(spec: &ColumnSpec, m: &str) -> Option<String> {
    match spec.kind() {
        ComparisonKind::Text => None,
        ComparisonKind::Date => {
            let format = spec.date.as_deref().unwrap_or("%Y-%m-%d");
            let parsed = format!("CAST(try_strptime({m}, {}) AS DATE)", quote_literal(format));
            // `%Y` takes a two-digit year as is (`03/02/80` is 3 February 0080): a year
            // written with fewer than four digits is unparseable, never a date of antiquity.
            Some(if format.contains("%Y") {
                format!("(CASE WHEN year({parsed}) >= 1000 THEN {parsed} END)")
            } else {
                parsed
            })
        }
        ComparisonKind::Number { .. } => {
            let text = if spec.decimal_comma {
                decimal_comma_text(m)
            } else {
                format!("trim({m})")
            };
            Some(format!("TRY_CAST({text} AS DOUBLE)"))
        }
    }
}

/// The select-list items of the expected side for column `i`, given its text value `m`
/// after mapping, its `unmapped` flag and its `parsed` value (see `expected_parse`).
pub fn expected_items(
    i: usize,
    spec: &ColumnSpec,
    m: &str,
    unmapped: &str,
    parsed: &str,
) -> Vec<String> {
    let bad = format!("(NOT {unmapped} AND {m} IS NOT NULL AND {parsed} IS NULL)");
    let shown = |text: String| {
        format!(
            "(CASE WHEN {unmapped} THEN {m} WHEN {bad} THEN '⟨unparseable: ' || {m} || '⟩' ELSE {text} END)"
        )
    };
    let (display, number, unparseable) = match spec.kind() {
        ComparisonKind::Text => (m.to_string(), None, None),
        ComparisonKind::Date => (
            shown(format!("strftime({parsed}, '%Y-%m-%d')")),
            None,
            Some(bad.clone()),
        ),
        ComparisonKind::Number { .. } => (
            shown(format!("CAST({parsed} AS VARCHAR)")),
            Some(parsed.to_string()),
            Some(bad.clone()),
        ),
    };
    // Dates and numbers are shown as they are compared: their compared slot is a copy of
    // the display one, added a level up (`expected_copies`), where no user column is in
    // scope to shadow the name `e{i}`.
    let compared = match spec.kind() {
        ComparisonKind::Text => Some(normalise(&display, spec.compare())),
        _ => None,
    };
    items(
        i,
        spec,
        display,
        compared,
        number,
        Some(unmapped.to_string()),
        unparseable,
    )
}

/// The select-list items of the migrated side for column `i`, from its raw text.
pub fn migrated_items(i: usize, spec: &ColumnSpec, raw: &str) -> Vec<String> {
    // coalesce() turns a failed cast into the marker; a NULL value stays NULL (the
    // concatenation with NULL is NULL).
    let (compared, number) = match spec.kind() {
        ComparisonKind::Text => (normalise(raw, spec.compare()), None),
        ComparisonKind::Date => (
            format!(
                "coalesce(strftime(TRY_CAST({raw} AS DATE), '%Y-%m-%d'), '⟨invalid date: ' || {raw} || '⟩')"
            ),
            None,
        ),
        ComparisonKind::Number { .. } => {
            let parsed = format!("TRY_CAST(trim({raw}) AS DOUBLE)");
            (
                format!("coalesce(CAST({parsed} AS VARCHAR), '⟨not a number: ' || {raw} || '⟩')"),
                Some(parsed),
            )
        }
    };
    // The migrated side keeps no flags: its unparseable values already differ (markers).
    items(i, spec, raw.to_string(), Some(compared), number, None, None)
}

/// The compared slots of the expected side that copy the display slot (dates, numbers),
/// for a select over the slots alone.
pub fn expected_copies(i: usize, spec: &ColumnSpec) -> Option<String> {
    (spec.kind() != ComparisonKind::Text)
        .then(|| format!("{} AS {}", Slot::Shown(i), Slot::Compared(i)))
}

fn items(
    i: usize,
    spec: &ColumnSpec,
    display: String,
    compared: Option<String>,
    number: Option<String>,
    unmapped: Option<String>,
    unparseable: Option<String>,
) -> Vec<String> {
    let slots = slots(i, spec);
    let mut out = vec![format!("{display} AS {}", Slot::Shown(i))];
    if let Some(compared) = compared.filter(|_| slots.cmp != Slot::Shown(i)) {
        out.push(format!("{compared} AS {}", slots.cmp));
    }
    if let (Some(name), Some(sql)) = (slots.number, number) {
        out.push(format!("{sql} AS {name}"));
    }
    if let (Some(name), Some(sql)) = (slots.unmapped, unmapped) {
        out.push(format!("{sql} AS {name}"));
    }
    if let (Some(name), Some(sql)) = (slots.unparseable, unparseable) {
        out.push(format!("{sql} AS {name}"));
    }
    out
}

/// SQL true when column `i` differs between the expected (`se_`) and migrated (`me_`)
/// values of a key present once on each side.
pub fn differs(i: usize, spec: &ColumnSpec) -> String {
    let s = slots(i, spec);
    let (se_c, me_c) = (s.cmp.on(Side::Expected), s.cmp.on(Side::Migrated));
    match (spec.kind(), s.number) {
        (ComparisonKind::Number { tolerance }, Some(n)) => format!(
            "(CASE WHEN {se_n} IS NULL OR {me_n} IS NULL THEN {se_c} IS DISTINCT FROM {me_c} \
             ELSE abs({se_n} - {me_n}) > {tolerance:?} + 1e-9 * greatest(1.0, abs({se_n}), abs({me_n})) END)",
            se_n = n.on(Side::Expected),
            me_n = n.on(Side::Migrated),
        ),
        _ => format!("({se_c} IS DISTINCT FROM {me_c})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::column::ValueSource;

    fn spec(date: Option<&str>, tolerance: Option<f64>, compare: Vec<CompareOption>) -> ColumnSpec {
        ColumnSpec {
            source: ValueSource::From("x".into()),
            map: None,
            date: date.map(str::to_owned),
            decimal_comma: false,
            tolerance,
            compare,
            learned: None,
        }
    }

    #[test]
    fn plain_text_compares_its_display_value() {
        let s = slots(3, &spec(None, None, vec![]));
        assert_eq!(s.cmp, Slot::Shown(3));
        assert_eq!((s.number, s.unmapped, s.unparseable), (None, None, None));
        let s = slots(3, &spec(None, None, vec![CompareOption::Trim]));
        assert_eq!(s.cmp, Slot::Compared(3));
    }

    #[test]
    fn dates_and_numbers_have_their_flags() {
        let d = slots(1, &spec(Some("%d/%m/%Y"), None, vec![]));
        assert_eq!(
            (d.cmp, d.unparseable),
            (Slot::Compared(1), Some(Slot::Unparseable(1)))
        );
        let n = slots(2, &spec(None, Some(0.01), vec![]));
        assert_eq!(n.number, Some(Slot::Number(2)));
        assert!(differs(2, &spec(None, Some(0.01), vec![])).contains("abs(se_n2 - me_n2) > 0.01"));
    }
}
