//! Which source column gives each delivery column, found on the records whose keys match,
//! by what the values say rather than by their names: the same text; a date written
//! another way (`date = "%d/%m/%Y"`); a decimal comma (`decimal_comma = true`); digits
//! with their separators dropped; a small code set mapped consistently (a `map` learned
//! from the delivery, majority per source value). Never a trim, case or accent
//! normalisation: those differences are what a recette is for, so they are only counted.

use std::collections::{BTreeMap, HashSet};

use super::key::KeyPart;
use super::names;
use super::sample::{HashMapOf, HashSetOf};
use super::values::{
    self, Date, decimal_comma_number, engine_date, is_decimal_comma, parse_with, plain_number,
    same_number,
};

type Row = Vec<Option<String>>;

/// A column is proposed when its values agree on at least this share of matched records.
pub const MIN_RATE: f64 = 0.5;
/// A map is learned only when it explains at least this share of the co-occurrences...
const MAP_AGREEMENT: f64 = 0.9;
/// ...and removes at least this share of the errors of always guessing the commonest
/// migrated value (so that a source column unrelated to a skewed one is no map).
const MAP_GAIN: f64 = 0.5;
/// A code set has at most this many values on the source side, and the delivery side.
const MAP_SOURCE_VALUES: usize = 24;
const MAP_DELIVERY_VALUES: usize = 50;

/// How the expected value is computed from the source column.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// The same text.
    Same,
    /// The source writes dates with this strptime format.
    Date { format: &'static str },
    /// The source writes decimals with a comma.
    DecimalComma,
    /// Both are numbers written differently (`35` and `35.00`): compared as numbers.
    Number,
    /// The source writes digits with separators (`06 05 30 90 05`) that the delivery drops.
    Compact { separators: Vec<char> },
    /// A code set mapped consistently, learned from the delivery.
    Map {
        map: BTreeMap<String, String>,
        /// Source values of the whole file that no matched record showed.
        unseen: Vec<String>,
    },
}

impl Rule {
    fn preference(&self) -> u8 {
        match self {
            Rule::Same => 5,
            Rule::Date { .. } => 4,
            Rule::DecimalComma | Rule::Number => 3,
            Rule::Compact { .. } => 2,
            Rule::Map { .. } => 1,
        }
    }
}

/// Why matched values differ, as far as their text tells; only said, never applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Difference {
    /// UTF-8 read as Windows-1252 (`Ã©`).
    Encoding,
    /// The delivery's value is the beginning of the source's.
    Truncated,
    /// Lost (or gained) leading zeros.
    LeadingZeros,
    /// Spaces at the ends.
    Spaces,
    /// Upper or lower case.
    Case,
    /// Accents.
    Accents,
    /// One side is empty.
    Emptied,
    /// A date one day off (a time-zone shift).
    DayShift,
    /// A date a hundred years off (a two-digit year read in the wrong century).
    Century,
    Other,
}

/// A delivery column and where its expected value comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnMatch {
    pub delivery: usize,
    pub source: usize,
    pub rule: Rule,
    /// The share of matched records on which the rule gives the delivery's value.
    pub rate: f64,
    /// How many matched records that share was measured on (either side non-empty).
    pub compared: usize,
    pub is_key: bool,
    /// Paired because the two columns have the same name, though their values agree too
    /// little to say so: a column the migration kept under its name and got wrong is
    /// exactly what a recette is for, so it is compared rather than carried.
    pub by_name: bool,
    /// Why the others differ, most frequent first.
    pub differences: Vec<(Difference, usize)>,
}

/// A delivery column with no source counterpart, and the best that was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Carried {
    pub delivery: usize,
    pub best: Option<(usize, f64)>,
    /// No matched record has a value in it.
    pub empty: bool,
}

/// Every delivery column, compared or carried, and the source columns nobody took.
#[derive(Debug, Clone, Default)]
pub struct Matching {
    pub columns: Vec<ColumnMatch>,
    pub carried: Vec<Carried>,
    pub unused_source: Vec<usize>,
}

/// A column's values on the matched records, read every way that may be proposed.
struct Reading<'a> {
    text: Vec<Option<&'a str>>,
    /// The text without spaces at the ends, case and accents.
    loose: Vec<Option<String>>,
    dates: Option<Vec<Option<Date>>>,
    numbers: Option<Vec<Option<f64>>>,
    date_format: Option<&'static str>,
    decimal_comma: bool,
    separators: Vec<char>,
    /// Distinct non-empty values, when few.
    codes: Option<usize>,
}

fn identifier_like(v: &str) -> bool {
    v.len() > 1 && v.starts_with('0') && v.as_bytes()[1].is_ascii_digit()
}

/// At least 95% of the non-empty values pass `f` (tried on the first hundred first: most
/// columns fail there, and are not read whole for each format tried).
fn mostly<T>(values: &[Option<&str>], f: impl Fn(&str) -> Option<T>) -> bool {
    let filled: Vec<&str> = values.iter().flatten().copied().collect();
    let share = |vs: &[&str]| vs.iter().filter(|v| f(v).is_some()).count() * 100 >= vs.len() * 95;
    !filled.is_empty() && share(&filled[..filled.len().min(100)]) && share(&filled)
}

fn distinct_if_few(values: &[Option<&str>], limit: usize) -> Option<usize> {
    let mut seen = HashSetOf::default();
    for v in values.iter().flatten() {
        seen.insert(*v);
        if seen.len() > limit {
            return None;
        }
    }
    Some(seen.len())
}

impl<'a> Reading<'a> {
    fn source(text: Vec<Option<&'a str>>) -> Reading<'a> {
        let date_format = values::date_formats().find(|f| mostly(&text, |v| parse_with(f, v)));
        let dates = date_format.map(|f| {
            text.iter()
                .map(|v| v.and_then(|v| parse_with(f, v)))
                .collect()
        });
        let decimal_comma = text.iter().flatten().any(|v| is_decimal_comma(v))
            && mostly(&text, decimal_comma_number);
        let numeric = !text.iter().flatten().any(|v| identifier_like(v));
        let numbers = if decimal_comma {
            Some(
                text.iter()
                    .map(|v| v.and_then(decimal_comma_number))
                    .collect(),
            )
        } else if numeric
            && text.iter().flatten().any(|v| v.contains('.'))
            && mostly(&text, plain_number)
        {
            Some(text.iter().map(|v| v.and_then(plain_number)).collect())
        } else {
            None
        };
        let mut separators: Vec<char> = Vec::new();
        let digits_with_separators = mostly(&text, |v| {
            let digits = v.chars().filter(char::is_ascii_digit).count();
            (digits >= 6
                && v.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-')))
            .then_some(())
        });
        if digits_with_separators {
            for c in [' ', '.', '-'] {
                if text.iter().flatten().any(|v| v.contains(c)) {
                    separators.push(c);
                }
            }
        }
        Reading {
            codes: distinct_if_few(&text, MAP_SOURCE_VALUES),
            loose: loosened(&text),
            text,
            dates,
            numbers,
            date_format,
            decimal_comma,
            separators,
        }
    }

    fn delivery(text: Vec<Option<&'a str>>) -> Reading<'a> {
        let dates = mostly(&text, engine_date)
            .then(|| text.iter().map(|v| v.and_then(engine_date)).collect());
        let numeric = !text.iter().flatten().any(|v| identifier_like(v));
        let numbers = (numeric && mostly(&text, plain_number))
            .then(|| text.iter().map(|v| v.and_then(plain_number)).collect());
        Reading {
            codes: distinct_if_few(&text, MAP_DELIVERY_VALUES),
            loose: loosened(&text),
            text,
            dates,
            numbers,
            date_format: None,
            decimal_comma: false,
            separators: Vec::new(),
        }
    }
}

/// The share of records where `same(i)` holds, among those where either side has a value.
fn rate(d: &Reading, s: &Reading, same: impl Fn(usize) -> bool) -> (f64, usize) {
    let mut compared = 0;
    let mut equal = 0;
    for i in 0..d.text.len() {
        if d.text[i].is_none() && s.text[i].is_none() {
            continue;
        }
        compared += 1;
        equal += usize::from(same(i));
    }
    (
        if compared == 0 {
            0.0
        } else {
            equal as f64 / compared as f64
        },
        compared,
    )
}

fn compact(v: &str, separators: &[char]) -> String {
    v.chars().filter(|c| !separators.contains(c)).collect()
}

/// A map learned from the co-occurrences of a source code and a delivery value: the
/// majority per source value. `None` when it does not explain the delivery well enough.
fn learn_map(d: &Reading, s: &Reading) -> Option<(BTreeMap<String, String>, f64, usize)> {
    let (Some(source_codes), Some(delivery_codes)) = (s.codes, d.codes) else {
        return None;
    };
    if source_codes < 2 || delivery_codes < 2 {
        return None;
    }
    let mut pairs: HashMapOf<&str, HashMapOf<Option<&str>, usize>> = HashMapOf::default();
    let mut delivered: HashMapOf<&str, usize> = HashMapOf::default();
    let mut with_source = 0;
    for i in 0..d.text.len() {
        if let Some(sv) = s.text[i] {
            *pairs.entry(sv).or_default().entry(d.text[i]).or_default() += 1;
            with_source += 1;
            if let Some(dv) = d.text[i] {
                *delivered.entry(dv).or_default() += 1;
            }
        }
    }
    // Each code is seen on several records: a column of unique values (a key) explains
    // anything, one record at a time, and is no code set.
    let repeated: usize = pairs
        .values()
        .map(|counts| counts.values().sum::<usize>())
        .filter(|&n| n >= 2)
        .sum();
    if with_source == 0 || repeated * 10 < with_source * 8 {
        return None;
    }
    let mut map = BTreeMap::new();
    let mut explained = 0;
    for (sv, counts) in &pairs {
        // Ties go to the smaller text, so the same data always learns the same map.
        let Some((Some(dv), n)) = counts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        else {
            continue;
        };
        map.insert(sv.to_string(), dv.to_string());
        explained += n;
    }
    let baseline = delivered.values().copied().max().unwrap_or(0) as f64 / with_source as f64;
    let agreement = explained as f64 / with_source as f64;
    let gain = if baseline >= 1.0 {
        0.0
    } else {
        (agreement - baseline) / (1.0 - baseline)
    };
    let identity = map.iter().all(|(k, v)| k == v);
    let (overall, compared) = rate(d, s, |i| match (s.text[i], d.text[i]) {
        (Some(sv), dv) => map.get(sv).map(String::as_str) == dv,
        (None, dv) => dv.is_none(),
    });
    (agreement >= MAP_AGREEMENT && gain >= MAP_GAIN && !identity && !map.is_empty())
        .then_some((map, overall, compared))
}

/// Texts without spaces at the ends, case and accents: equal, they say two columns go
/// together, never a rule (those differences are for the recette to find).
fn loosened(text: &[Option<&str>]) -> Vec<Option<String>> {
    text.iter()
        .map(|v| v.map(|v| values::without_accents(&v.trim().to_lowercase())))
        .collect()
}

/// The ways source column `s` may give delivery column `d`: the rule, the share of
/// records that say the two columns go together, the share on which the rule gives the
/// delivery's value, and on how many records.
fn options(d: &Reading, s: &Reading) -> Vec<(Rule, f64, f64, usize)> {
    let mut out = Vec::new();
    let (exact, n) = rate(d, s, |i| d.text[i] == s.text[i]);
    let (loose, _) = rate(d, s, |i| d.loose[i] == s.loose[i]);
    out.push((Rule::Same, loose, exact, n));
    // Texts that mostly agree are written the same way on both sides: a conversion (a
    // date cut from a timestamp, numbers, separators) would only hide the records where
    // they differ (`11:03:10` → `11:04:10`), which the recette is to find.
    if exact >= MIN_RATE {
        return out;
    }
    if let (Some(dd), Some(sd), Some(format)) = (&d.dates, &s.dates, s.date_format) {
        let (r, n) = rate(d, s, |i| match (sd[i], dd[i]) {
            (Some(a), Some(b)) => a == b,
            _ => d.text[i].is_none() && s.text[i].is_none(),
        });
        out.push((Rule::Date { format }, r, r, n));
    }
    if let (Some(dn), Some(sn)) = (&d.numbers, &s.numbers) {
        let (r, n) = rate(d, s, |i| match (sn[i], dn[i]) {
            (Some(a), Some(b)) => same_number(a, b),
            _ => false,
        });
        let rule = if s.decimal_comma {
            Rule::DecimalComma
        } else {
            Rule::Number
        };
        out.push((rule, r, r, n));
    }
    if !s.separators.is_empty() {
        let (r, n) = rate(d, s, |i| match (s.text[i], d.text[i]) {
            (Some(a), Some(b)) => compact(a, &s.separators) == b,
            _ => false,
        });
        out.push((
            Rule::Compact {
                separators: s.separators.clone(),
            },
            r,
            r,
            n,
        ));
    }
    // A map only where the texts differ even loosely: values that agree but for case or
    // accents are the same column with differences, which the recette is to find.
    if let Some((map, r, n)) = learn_map(d, s).filter(|_| loose < MIN_RATE) {
        out.push((
            Rule::Map {
                map,
                unseen: Vec::new(),
            },
            r,
            r,
            n,
        ));
    }
    out
}

/// One way a source column may give a delivery column.
#[derive(Clone)]
struct Candidate {
    /// What settles near ties: the rule's preference, names alike, fewer codes, the
    /// earlier column.
    rank: (u8, bool, i64, i64),
    /// The share of records saying the columns go together.
    together: f64,
    /// The share on which the rule gives the delivery's value.
    exact: f64,
    rule: Rule,
    source: usize,
    compared: usize,
}

impl Candidate {
    fn beats(&self, other: &Candidate) -> bool {
        if (self.together - other.together).abs() > 0.005 {
            self.together > other.together
        } else {
            self.rank > other.rank
        }
    }
}

/// Why two values differ, as far as their text tells.
pub fn difference(source: Option<&str>, delivered: Option<&str>) -> Difference {
    let (Some(s), Some(d)) = (source, delivered) else {
        return Difference::Emptied;
    };
    if values::mojibake(s) == d {
        Difference::Encoding
    } else if s.trim() == d.trim() {
        Difference::Spaces
    } else if s.to_lowercase() == d.to_lowercase() {
        Difference::Case
    } else if values::without_accents(s) == values::without_accents(d) {
        Difference::Accents
    } else if s.trim_start_matches('0') == d.trim_start_matches('0') {
        Difference::LeadingZeros
    } else if !d.is_empty() && s.starts_with(d) {
        Difference::Truncated
    } else {
        Difference::Other
    }
}

/// Why two dates differ, as far as they tell.
pub fn date_difference(source: Option<Date>, delivered: Option<Date>) -> Difference {
    match (source, delivered) {
        (Some(s), Some(d)) if (s.day_number() - d.day_number()).abs() == 1 => Difference::DayShift,
        (Some(s), Some(d))
            if (s.year - d.year).abs() == 100 && (s.month, s.day) == (d.month, d.day) =>
        {
            Difference::Century
        }
        (None, _) | (_, None) => Difference::Emptied,
        _ => Difference::Other,
    }
}

/// The differences left by a rule, counted by kind: texts for the same text, dates for a
/// date (the others are equal or not, nothing more to say).
fn differences(rule: &Rule, d: &Reading, s: &Reading) -> Vec<(Difference, usize)> {
    let mut counts: BTreeMap<Difference, usize> = BTreeMap::new();
    for i in 0..d.text.len() {
        let kind = match (rule, &s.dates, &d.dates) {
            (Rule::Same, _, _) if d.text[i] != s.text[i] => difference(s.text[i], d.text[i]),
            (Rule::Date { .. }, Some(sd), Some(dd)) if sd[i] != dd[i] => {
                date_difference(sd[i], dd[i])
            }
            _ => continue,
        };
        *counts.entry(kind).or_default() += 1;
    }
    let mut out: Vec<_> = counts.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// Matches the delivery's columns to the source's on `joined` (delivery row, source row)
/// pairs of matched records. `source_codes` gives, per source column, its whole set of
/// values when small (for a map's unseen values).
pub fn match_columns(
    d_columns: &[String],
    s_columns: &[String],
    joined: &[(&Row, &Row)],
    key: &[KeyPart],
    source_codes: &[Option<Vec<String>>],
) -> Matching {
    let column = |side: usize, c: usize| -> Vec<Option<&str>> {
        joined
            .iter()
            .map(|(d, s)| {
                if side == 0 {
                    d[c].as_deref()
                } else {
                    s[c].as_deref()
                }
            })
            .collect()
    };
    let sources: Vec<Reading> = (0..s_columns.len())
        .map(|c| Reading::source(column(1, c)))
        .collect();
    let mut matching = Matching::default();
    for (dc, d_name) in d_columns.iter().enumerate() {
        if let Some(part) = key.iter().find(|p| p.delivery == dc) {
            matching.columns.push(ColumnMatch {
                delivery: dc,
                source: part.source,
                rule: Rule::Same,
                rate: 1.0,
                compared: joined.len(),
                is_key: true,
                by_name: false,
                differences: Vec::new(),
            });
            continue;
        }
        let d = Reading::delivery(column(0, dc));
        let same_name_source = s_columns
            .iter()
            .position(|s| s.trim().eq_ignore_ascii_case(d_name.trim()));
        if d.text.iter().all(Option::is_none) {
            // Empty in the delivery: compared under its name if the source has it (values
            // emptied are a defect; a column empty on both sides costs nothing).
            if let Some(sc) = same_name_source {
                let s = &sources[sc];
                let (exact, compared) = rate(&d, s, |i| d.text[i] == s.text[i]);
                matching.columns.push(ColumnMatch {
                    delivery: dc,
                    source: sc,
                    rule: Rule::Same,
                    rate: exact,
                    compared,
                    is_key: false,
                    by_name: true,
                    differences: differences(&Rule::Same, &d, s),
                });
                continue;
            }
            matching.carried.push(Carried {
                delivery: dc,
                best: None,
                empty: true,
            });
            continue;
        }
        // (rate, preference, names alike, fewer codes, earlier column) decides.
        let mut best: Option<Candidate> = None;
        // The best way of the source column of the same name, if any: taken when no
        // column's values say more.
        let mut same_name: Option<Candidate> = None;
        for (sc, s) in sources.iter().enumerate() {
            let alike = names::similarity(d_name, &s_columns[sc]) > 0.5;
            let same = same_name_source == Some(sc);
            for (rule, r, exact, n) in options(&d, s) {
                if n == 0 {
                    continue;
                }
                let candidate = Candidate {
                    rank: (
                        rule.preference(),
                        alike,
                        -(s.codes.unwrap_or(1 << 20) as i64),
                        -(sc as i64),
                    ),
                    together: r,
                    exact,
                    rule,
                    source: sc,
                    compared: n,
                };
                if same && same_name.as_ref().is_none_or(|b| candidate.beats(b)) {
                    same_name = Some(candidate.clone());
                }
                if best.as_ref().is_none_or(|b| candidate.beats(b)) {
                    best = Some(candidate);
                }
            }
        }
        let by_name = best.as_ref().is_none_or(|b| b.together < MIN_RATE) && same_name.is_some();
        if by_name {
            best = same_name;
        }
        match best {
            Some(b) if b.together >= MIN_RATE || by_name => {
                let rule = match b.rule {
                    Rule::Map { map, .. } => {
                        let unseen = source_codes[b.source]
                            .iter()
                            .flatten()
                            .filter(|v| !map.contains_key(*v))
                            .cloned()
                            .collect();
                        Rule::Map { map, unseen }
                    }
                    other => other,
                };
                let differences = differences(&rule, &d, &sources[b.source]);
                matching.columns.push(ColumnMatch {
                    delivery: dc,
                    source: b.source,
                    rule,
                    rate: b.exact,
                    compared: b.compared,
                    is_key: false,
                    by_name,
                    differences,
                });
            }
            other => matching.carried.push(Carried {
                delivery: dc,
                best: other.map(|b| (b.source, b.exact)),
                empty: false,
            }),
        }
    }
    let used: HashSet<usize> = matching.columns.iter().map(|c| c.source).collect();
    matching.unused_source = (0..s_columns.len()).filter(|c| !used.contains(c)).collect();
    matching
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn row(values: &[&str]) -> Row {
        values
            .iter()
            .map(|v| (!v.is_empty()).then(|| v.to_string()))
            .collect()
    }

    /// 200 employees, the delivery written the new way, with planted errors.
    fn employees() -> (Vec<Row>, Vec<Row>) {
        let (mut d, mut s) = (Vec::new(), Vec::new());
        for i in 0..200u32 {
            let id = format!("{}", 200_000 + i);
            let day = 1 + i % 28;
            let sex = if i % 3 == 0 { "F" } else { "M" };
            let civ = if i % 3 == 0 { "Mme" } else { "M." };
            let name = if i == 7 {
                "Émery".to_string()
            } else {
                format!("Nom{i}")
            };
            let hours = if i % 5 == 0 { "24,50" } else { "35,00" };
            let postal = if i % 2 == 0 { "03100" } else { "03000" };
            let phone = format!("06 05 30 {:02} {:02}", i % 100, i % 7);
            let comment = if i % 10 == 0 {
                format!("note {i}  ")
            } else {
                String::new()
            };
            let status = ["A", "I", "S"][(i % 3) as usize];
            s.push(row(&[
                &id,
                civ,
                sex,
                &name,
                &format!("{day:02}/07/1963"),
                hours,
                postal,
                &phone,
                &comment,
                status,
                "x",
            ]));
            // 2% of the delivered sexes are wrong: the map must not change.
            let sex_d = match (sex, i % 50 == 1) {
                ("F", false) | ("M", true) => "female",
                _ => "male",
            };
            let name_d = if i == 7 {
                values::mojibake(&name)
            } else {
                name.clone()
            };
            let postal_d = if i == 4 { "3100" } else { postal };
            let hours_d = if i % 5 == 0 { "24.5" } else { "35.00" };
            let status_d = ["active", "inactive", "suspended"][(i % 3) as usize];
            d.push(row(&[
                &id,
                &name_d,
                &format!("1963-07-{day:02}"),
                sex_d,
                hours_d,
                postal_d,
                &compact(&phone, &[' ']),
                comment.trim(),
                status_d,
                "batch-1",
            ]));
        }
        (d, s)
    }

    #[test]
    fn columns_are_matched_by_what_their_values_say() {
        let (d, s) = employees();
        let joined: Vec<(&Row, &Row)> = d.iter().zip(s.iter()).collect();
        let d_cols = names(&[
            "source_id",
            "last_name",
            "birth_date",
            "sex",
            "weekly_hours",
            "postal_code",
            "phone",
            "comment",
            "status",
            "batch",
        ]);
        let s_cols = names(&[
            "num",
            "civilite",
            "sexe",
            "nom",
            "date_naissance",
            "horaire",
            "code_postal",
            "telephone",
            "commentaire",
            "statut",
            "vide",
        ]);
        let key = [KeyPart {
            delivery: 0,
            source: 0,
        }];
        let codes = vec![None; s_cols.len()];
        let m = match_columns(&d_cols, &s_cols, &joined, &key, &codes);
        let by = |name: &str| {
            let dc = d_cols.iter().position(|c| c == name).unwrap();
            m.columns.iter().find(|c| c.delivery == dc)
        };
        let source = |name: &str| s_cols[by(name).unwrap().source].as_str();
        assert!(by("source_id").unwrap().is_key);
        assert_eq!(
            (source("last_name"), &by("last_name").unwrap().rule),
            ("nom", &Rule::Same)
        );
        assert_eq!(
            by("last_name").unwrap().differences,
            [(Difference::Encoding, 1)]
        );
        assert_eq!(
            by("birth_date").unwrap().rule,
            Rule::Date { format: "%d/%m/%Y" }
        );
        assert_eq!(by("weekly_hours").unwrap().rule, Rule::DecimalComma);
        // A lost leading zero stays a difference: no number comparison hides it.
        assert_eq!(by("postal_code").unwrap().rule, Rule::Same);
        assert_eq!(
            by("postal_code").unwrap().differences,
            [(Difference::LeadingZeros, 1)]
        );
        assert_eq!(
            by("phone").unwrap().rule,
            Rule::Compact {
                separators: vec![' ']
            }
        );
        // Trailing spaces are never learned: the comment is compared as it is.
        let comment = by("comment").unwrap();
        assert_eq!(comment.rule, Rule::Same);
        assert_eq!(comment.differences, [(Difference::Spaces, 20)]);
        // The sex map: the right source column (sexe, not civilite, which maps as well),
        // the majority kept despite 2% errors.
        assert_eq!(source("sex"), "sexe");
        let Rule::Map { map, .. } = &by("sex").unwrap().rule else {
            panic!("{:?}", by("sex"))
        };
        assert_eq!(map.get("M").map(String::as_str), Some("male"));
        assert_eq!(map.get("F").map(String::as_str), Some("female"));
        assert!(by("sex").unwrap().rate < 1.0 && by("sex").unwrap().rate > 0.95);
        assert_eq!(source("status"), "statut");
        // A constant column maps nothing: carried.
        assert!(by("batch").is_none());
        assert!(m.carried.iter().any(|c| d_cols[c.delivery] == "batch"));
        assert!(m.unused_source.iter().any(|&c| s_cols[c] == "vide"));
    }

    #[test]
    fn a_map_needs_agreement_and_gain() {
        // A delivery value unrelated to the source codes is no map.
        let (mut d, mut s) = (Vec::new(), Vec::new());
        for i in 0..300u32 {
            s.push(row(&[["A", "B", "C"][(i % 3) as usize]]));
            d.push(row(&[["x", "y"][(i * 7 % 11 % 2) as usize]]));
        }
        let joined: Vec<(&Row, &Row)> = d.iter().zip(s.iter()).collect();
        let m = match_columns(&names(&["t"]), &names(&["c"]), &joined, &[], &[None]);
        assert!(m.columns.is_empty(), "{:?}", m.columns);
    }

    #[test]
    fn texts_written_the_same_way_are_compared_as_text_not_as_dates() {
        // Timestamps on both sides, one a minute off: cut to dates, it would not show.
        let stamp = |m: u32| format!("2022-01-02 11:{m:02}:10");
        let s: Vec<Row> = (0..10).map(|i| row(&[&stamp(i)])).collect();
        let mut d = s.clone();
        d[3] = row(&[&stamp(40)]);
        let joined: Vec<(&Row, &Row)> = d.iter().zip(s.iter()).collect();
        let m = match_columns(
            &names(&["closed"]),
            &names(&["closed"]),
            &joined,
            &[],
            &[None],
        );
        assert_eq!(m.columns[0].rule, Rule::Same);
        assert_eq!(m.columns[0].differences, [(Difference::Other, 1)]);
    }

    #[test]
    fn a_column_of_the_same_name_is_compared_even_when_its_values_disagree() {
        // Every delivered age is wrong: the values say nothing, the name says `age`.
        let s: Vec<Row> = (0..20).map(|i| row(&[&format!("{}", 20 + i)])).collect();
        let d: Vec<Row> = (0..20).map(|i| row(&[&format!("{}", 50 + i)])).collect();
        let joined: Vec<(&Row, &Row)> = d.iter().zip(s.iter()).collect();
        let m = match_columns(&names(&["age"]), &names(&["AGE"]), &joined, &[], &[None]);
        assert_eq!(m.columns.len(), 1, "{:?}", m.carried);
        assert!(m.columns[0].by_name);
        assert_eq!(m.columns[0].rate, 0.0);
        // Under another name, the same values are carried, not guessed.
        let m = match_columns(&names(&["age"]), &names(&["duree"]), &joined, &[], &[None]);
        assert!(m.columns.is_empty());
    }

    #[test]
    fn differences_are_named() {
        assert_eq!(
            difference(Some("Émery"), Some("Ã‰mery")),
            Difference::Encoding
        );
        assert_eq!(
            difference(
                Some("Cuisinier en restauration collective"),
                Some("Cuisinier en restauration coll")
            ),
            Difference::Truncated
        );
        assert_eq!(
            difference(Some("03100"), Some("3100")),
            Difference::LeadingZeros
        );
        assert_eq!(difference(Some("a "), Some("a")), Difference::Spaces);
        let day = |y, m, d| Date::new(y, m, d);
        assert_eq!(
            date_difference(day(2024, 2, 29), day(2024, 3, 1)),
            Difference::DayShift
        );
        assert_eq!(
            date_difference(day(2049, 11, 18), day(1949, 11, 18)),
            Difference::Century
        );
        assert_eq!(
            date_difference(day(2049, 11, 18), day(2049, 11, 20)),
            Difference::Other
        );
        assert_eq!(
            date_difference(None, day(2049, 11, 20)),
            Difference::Emptied
        );
        assert_eq!(difference(Some("DUPONT"), Some("Dupont")), Difference::Case);
        assert_eq!(
            difference(Some("Hélène"), Some("Helene")),
            Difference::Accents
        );
        assert_eq!(difference(Some("x"), None), Difference::Emptied);
        assert_eq!(difference(Some("x"), Some("y")), Difference::Other);
    }
}
