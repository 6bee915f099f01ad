//! One cause per differing value pair, by the rules of `docs/causes.md` in precedence
//! order. The text transformations (encoding … truncation) may act together: the smallest
//! set of them that explains the pair is found, its first one is the cause and `kinds`
//! names them all (`Hélène → HELENE`: case, accents).

use super::dates::{Date, parse_iso, parse_other_format};
use super::encoding::{self, Decoding};
use super::normalise::{
    fold_case, squeeze_spaces, strip_accents, strip_leading_zeros, strip_punctuation,
};
use super::numbers::{both_numbers, different_numbers, precision};
use super::vocabulary::Vocabulary;
use super::{CauseKind, Detail, UNMAPPED_MARKER, UNPARSEABLE_MARKER, marked};

/// The cause of one differing value and what it says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    pub kind: CauseKind,
    pub detail: Detail,
}

impl Diagnosis {
    fn new(kind: CauseKind) -> Diagnosis {
        Diagnosis {
            kind,
            detail: Detail::default(),
        }
    }
}

/// A shift of at most this many days is a `date_shift` (a time zone, an off-by-some);
/// further away, only whole years with the same day and month are (a century lost).
const MAX_SHIFT_DAYS: i64 = 31;
const MAX_SHIFT_YEARS: i64 = 200;

/// The cause of a differing value: `expected` as the campaign computes it, `migrated` as
/// delivered (`None`: NULL), `vocabulary` the column's code set if it has one.
pub fn diagnose(
    expected: Option<&str>,
    migrated: Option<&str>,
    vocabulary: Option<&Vocabulary>,
) -> Diagnosis {
    if let Some(value) = expected.and_then(|e| marked(e, UNMAPPED_MARKER)) {
        return with_value(CauseKind::Unmapped, value);
    }
    if let Some(value) = expected.and_then(|e| marked(e, UNPARSEABLE_MARKER)) {
        return with_value(CauseKind::Unparseable, value);
    }
    let (e, m) = match (expected, migrated) {
        (Some(e), Some(m)) if e != m => (e, m),
        (Some(_), None) => return Diagnosis::new(CauseKind::Emptied),
        (None, Some(_)) => return Diagnosis::new(CauseKind::Filled),
        _ => return Diagnosis::new(CauseKind::Other),
    };
    if let Some(decoding) = encoding::decoding(e, m) {
        let mut d = Diagnosis::new(CauseKind::Encoding);
        d.detail.decoding = Some(decoding);
        return d;
    }
    text_transformations(e, m)
        .or_else(|| dates(e, m))
        .or_else(|| {
            precision(e, m).map(|decimals| {
                let mut d = Diagnosis::new(CauseKind::NumberPrecision);
                d.detail.decimals = Some(decimals);
                d
            })
        })
        .or_else(|| {
            vocabulary
                .filter(|v| v.contains(m))
                .map(|_| Diagnosis::new(CauseKind::Mapping))
        })
        .or_else(|| transposed(e, m).then(|| Diagnosis::new(CauseKind::DigitsTransposed)))
        .unwrap_or_else(|| {
            Diagnosis::new(if m.trim().is_empty() {
                CauseKind::Emptied
            } else if e.trim().is_empty() {
                CauseKind::Filled
            } else {
                CauseKind::Other
            })
        })
}

fn with_value(kind: CauseKind, value: String) -> Diagnosis {
    let mut d = Diagnosis::new(kind);
    d.detail.value = Some(value);
    d
}

/// The text transformations, in precedence order.
const TEXT_KINDS: [CauseKind; 7] = [
    CauseKind::Encoding,
    CauseKind::Case,
    CauseKind::Whitespace,
    CauseKind::Accents,
    CauseKind::Formatting,
    CauseKind::LeadingZeros,
    CauseKind::Truncation,
];

/// The pair, with what the search needs computed once.
struct Pair<'a> {
    expected: &'a str,
    migrated: &'a str,
    decodings: Vec<(String, String, Decoding)>,
}

/// How a set of transformations explains a pair.
struct Explanation {
    decoding: Option<Decoding>,
    truncated: bool,
}

fn normalised(set: &[CauseKind], text: &str) -> String {
    let mut out = text.to_string();
    for kind in set {
        out = match kind {
            CauseKind::Case => fold_case(&out),
            CauseKind::Accents => strip_accents(&out),
            CauseKind::Whitespace => squeeze_spaces(&out),
            CauseKind::Formatting => strip_punctuation(&out),
            CauseKind::LeadingZeros => strip_leading_zeros(&out),
            _ => out,
        };
    }
    out
}

fn explains(set: &[CauseKind], pair: &Pair) -> Option<Explanation> {
    // With `encoding` in the set, the pair as it is stays a candidate: the search removes
    // `encoding` when the others explain the pair without it.
    let mut sides: Vec<(&str, &str, Option<Decoding>)> = Vec::new();
    if set.contains(&CauseKind::Encoding) {
        sides.extend(
            pair.decodings
                .iter()
                .map(|(e, m, d)| (e.as_str(), m.as_str(), Some(*d))),
        );
    }
    sides.push((pair.expected, pair.migrated, None));
    let truncation = set.contains(&CauseKind::Truncation);
    sides.into_iter().find_map(|(e, m, decoding)| {
        let (e, m) = (normalised(set, e), normalised(set, m));
        let cut = truncation && !m.is_empty() && e.len() > m.len() && e.starts_with(&m);
        (e == m || cut).then_some(Explanation {
            decoding,
            truncated: cut && e != m,
        })
    })
}

/// The smallest set of text transformations that explains the pair: one alone if one
/// does (the first), else the earliest kept, later ones dropped first while the rest still
/// explains it.
fn text_transformations(e: &str, m: &str) -> Option<Diagnosis> {
    let pair = Pair {
        expected: e,
        migrated: m,
        decodings: encoding::candidates(e, m),
    };
    // Numbers of different values are not text: `12.5 → 125` moved a decimal point and
    // `12.50 → 12.5` is a precision, neither a separator nor a cut.
    let numbers = both_numbers(e, m);
    let mut set: Vec<CauseKind> = TEXT_KINDS
        .into_iter()
        .filter(|k| match k {
            CauseKind::Encoding => !pair.decodings.is_empty(),
            CauseKind::Formatting => !different_numbers(e, m),
            CauseKind::Truncation => !numbers,
            _ => true,
        })
        .collect();
    // One transformation alone is the smallest set: the first that explains the pair.
    for kind in set.iter().filter(|k| **k != CauseKind::Encoding) {
        if let Some(explanation) = explains(&[*kind], &pair) {
            return Some(text_diagnosis(vec![*kind], explanation, e, m));
        }
    }
    explains(&set, &pair)?;
    for kind in TEXT_KINDS.into_iter().rev() {
        let without: Vec<CauseKind> = set.iter().copied().filter(|k| *k != kind).collect();
        if without.len() < set.len() && !without.is_empty() && explains(&without, &pair).is_some() {
            set = without;
        }
    }
    let explanation = explains(&set, &pair)?;
    Some(text_diagnosis(set, explanation, e, m))
}

fn text_diagnosis(set: Vec<CauseKind>, explanation: Explanation, e: &str, m: &str) -> Diagnosis {
    let mut d = Diagnosis::new(set[0]);
    d.detail.decoding = explanation.decoding;
    if explanation.truncated {
        d.detail.length = Some(m.chars().count());
        d.detail.expected_length = Some(e.chars().count());
    }
    if set.len() > 1 {
        d.detail.kinds = set;
    }
    d
}

/// `day_month_swap` and `date_shift`, also for a date delivered in another format (then
/// `formatting` comes first and `kinds` names both).
fn dates(e: &str, m: &str) -> Option<Diagnosis> {
    let expected = parse_iso(e)?;
    if let Some(migrated) = parse_iso(m) {
        return date_change(expected, migrated);
    }
    let (migrated, format) = parse_other_format(m)?;
    let mut d = if migrated == expected {
        Diagnosis::new(CauseKind::Formatting)
    } else {
        let change = date_change(expected, migrated)?;
        let mut d = Diagnosis {
            kind: CauseKind::Formatting,
            detail: change.detail,
        };
        d.detail.kinds = vec![CauseKind::Formatting, change.kind];
        d
    };
    d.detail.format = Some(format.to_string());
    Some(d)
}

fn date_change(expected: Date, migrated: Date) -> Option<Diagnosis> {
    if expected.day <= 12
        && expected.day != expected.month
        && migrated
            == (Date {
                year: expected.year,
                month: expected.day,
                day: expected.month,
            })
    {
        return Some(Diagnosis::new(CauseKind::DayMonthSwap));
    }
    let days = migrated.days() - expected.days();
    let years = migrated.year - expected.year;
    let whole_years = (migrated.month, migrated.day) == (expected.month, expected.day)
        && (1..=MAX_SHIFT_YEARS).contains(&years.abs());
    if days == 0 || !(days.abs() <= MAX_SHIFT_DAYS || whole_years) {
        return None;
    }
    let mut d = Diagnosis::new(CauseKind::DateShift);
    d.detail.days = Some(days);
    d.detail.years = whole_years.then_some(years);
    Some(d)
}

/// Two adjacent characters swapped, everything else equal (`2910503 → 2915003`).
fn transposed(e: &str, m: &str) -> bool {
    let (e, m): (Vec<char>, Vec<char>) = (e.chars().collect(), m.chars().collect());
    if e.len() != m.len() {
        return false;
    }
    let differing: Vec<usize> = (0..e.len()).filter(|&i| e[i] != m[i]).collect();
    matches!(differing[..], [i, j] if j == i + 1 && e[i] == m[j] && e[j] == m[i])
}
