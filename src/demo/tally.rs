//! The planted defects, where they go, and the exact counts they produce.
//!
//! Each migrated record is handed to a [`Tally`] together with the row the source says it
//! should be; the tally counts what `recette check` will count (same definitions), from the
//! rows actually written, so `PLANTED.md` states facts rather than intentions.

use std::collections::BTreeMap;

use super::sink::Cell;

/// A defect the generator plants in a delivery.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Defect {
    PostalCodeZero,
    Mojibake,
    TruncatedTitle,
    DuplicateEmployee,
    TestRecord,
    MissingContract,
    EndDateLost,
    VisitDayShift,
    StatusAsPlanned,
    ExcludedMigrated,
    /// A difference nobody planted: a generator bug (the tests reject it).
    Unplanned,
}

impl Defect {
    pub fn label(self) -> &'static str {
        match self {
            Defect::PostalCodeZero => "postal codes lost their leading zero (03100 -> 3100)",
            Defect::Mojibake => "mojibake in names (UTF-8 read as Latin-1/Windows-1252)",
            Defect::TruncatedTitle => "job titles truncated at 30 characters",
            Defect::DuplicateEmployee => "duplicate employees (same row delivered twice)",
            Defect::TestRecord => "test records of the new system (TEST-....)",
            Defect::MissingContract => "contracts not delivered",
            Defect::EndDateLost => "regression: contract end date lost",
            Defect::VisitDayShift => "visit dates shifted by one day (time-zone bug)",
            Defect::StatusAsPlanned => "status Prescrit delivered as planned instead of prescribed",
            Defect::ExcludedMigrated => "exams prescribed before 31/10/2022 migrated anyway",
            Defect::Unplanned => "unplanned difference (generator bug)",
        }
    }

    /// How many records get the defect for `rows` employees (the count at 400 is the literal).
    pub fn target(self, rows: u64) -> u64 {
        let at_400 = match self {
            Defect::PostalCodeZero | Defect::TestRecord => 2,
            Defect::Mojibake => 7,
            Defect::TruncatedTitle => 5,
            Defect::DuplicateEmployee => 3,
            Defect::MissingContract | Defect::ExcludedMigrated => 4,
            Defect::EndDateLost | Defect::StatusAsPlanned => 6,
            Defect::VisitDayShift => 9,
            Defect::Unplanned => 0,
        };
        (rows * at_400 / 400).max(1)
    }
}

/// Spreads `target` defects evenly over about `total` records, skipping ineligible ones.
pub(crate) struct Quota {
    target: u64,
    total: u64,
    phase: u64,
    done: u64,
}

impl Quota {
    /// `phase` (0..8) staggers quotas that run over the same records.
    pub fn new(target: u64, total: u64, phase: u64) -> Self {
        Quota {
            target,
            total: total.max(1),
            phase: total.max(1) * (phase % 8) / 8,
            done: 0,
        }
    }

    /// Whether record `i` should get the defect if it is eligible.
    pub fn due(&self, i: u64) -> bool {
        self.done < self.target && i * self.target >= self.done * self.total + self.phase
    }

    pub fn take(&mut self) {
        self.done += 1;
    }
}

/// Count names of the report, in the order `PLANTED.md` lists them (columns come between
/// these and `differing_rows`).
pub(crate) const SCALAR_MEASURES: [&str; 7] = [
    "missing_rows",
    "rows_in_missing_keys",
    "unexpected_rows",
    "rows_in_unexpected_keys",
    "excluded_but_migrated_rows",
    "duplicate_keys_migrated",
    "duplicate_keys_source",
];

#[derive(Default)]
pub(crate) struct Count {
    pub total: u64,
    pub by_defect: BTreeMap<Defect, u64>,
}

impl Count {
    fn add(&mut self, n: u64, defect: Defect) {
        self.total += n;
        *self.by_defect.entry(defect).or_default() += n;
    }

    /// `label` for one cause, `label ×n; label ×m` for several.
    pub fn causes(&self) -> String {
        if self.by_defect.len() == 1 {
            return self
                .by_defect
                .keys()
                .next()
                .map(|d| d.label().to_string())
                .unwrap_or_default();
        }
        let parts: Vec<String> = self
            .by_defect
            .iter()
            .map(|(d, n)| format!("{} ×{n}", d.label()))
            .collect();
        parts.join("; ")
    }
}

/// Reconciliation counts of one resource in one delivery.
pub(crate) struct Tally {
    pub delivery: &'static str,
    pub resource: &'static str,
    pub columns: &'static [&'static str],
    key: Vec<usize>,
    compared: Vec<usize>,
    pub scalars: [Count; 7],
    pub by_column: Vec<Count>,
    pub differing_rows: Count,
    /// A few readable examples per defect (key and damage).
    pub examples: BTreeMap<Defect, Vec<String>>,
}

impl Tally {
    /// `columns` in file order; `key` columns and `extra` (carried, not compared) columns named.
    pub fn new(
        delivery: &'static str,
        resource: &'static str,
        columns: &'static [&'static str],
        key: &[&str],
        extra: &[&str],
    ) -> Self {
        let index = |name: &str| {
            columns
                .iter()
                .position(|c| *c == name)
                .expect("known column")
        };
        let compared = (0..columns.len())
            .filter(|i| !key.contains(&columns[*i]) && !extra.contains(&columns[*i]))
            .collect();
        Tally {
            delivery,
            resource,
            columns,
            key: key.iter().map(|k| index(k)).collect(),
            compared,
            scalars: Default::default(),
            by_column: columns.iter().map(|_| Count::default()).collect(),
            differing_rows: Count::default(),
            examples: BTreeMap::new(),
        }
    }

    fn scalar(&mut self, name: &str, n: u64, defect: Defect) {
        let i = SCALAR_MEASURES
            .iter()
            .position(|m| *m == name)
            .expect("known measure");
        self.scalars[i].add(n, defect);
    }

    fn example(&mut self, defect: Defect, text: impl FnOnce() -> String) {
        let list = self.examples.entry(defect).or_default();
        if list.len() < 3 {
            list.push(text());
        }
    }

    /// One key: the row the source expects (`None` if the rules exclude it or there is no
    /// source row), whether a source row exists, and the rows delivered under that key.
    pub fn observe(
        &mut self,
        expected: Option<&[Cell]>,
        in_source: bool,
        delivered: &[&[Cell]],
        defect: Option<Defect>,
    ) {
        let defect = defect.unwrap_or(Defect::Unplanned);
        let Some(any) = expected.or(delivered.first().copied()) else {
            return;
        };
        let key_text = || {
            let parts: Vec<&str> = self
                .key
                .iter()
                .map(|i| any[*i].as_deref().unwrap_or("NULL"))
                .collect();
            parts.join(" / ")
        };
        let key = key_text();
        if delivered.len() > 1 {
            self.scalar("duplicate_keys_migrated", 1, defect);
            self.example(defect, || {
                format!("`{key}` delivered {} times", delivered.len())
            });
        }
        match (expected, delivered.is_empty()) {
            (None, true) => {}
            (Some(_), true) => {
                self.scalar("missing_rows", 1, defect);
                self.scalar("rows_in_missing_keys", 1, defect);
                self.example(defect, || format!("`{key}` missing"));
            }
            (None, false) if in_source => {
                self.scalar("excluded_but_migrated_rows", 1, defect);
                self.example(defect, || {
                    format!("`{key}` excluded by the rules but delivered")
                });
            }
            (None, false) => {
                self.scalar("unexpected_rows", 1, defect);
                self.scalar("rows_in_unexpected_keys", delivered.len() as u64, defect);
                self.example(defect, || format!("`{key}` has no source row"));
            }
            (Some(want), false) => {
                // Same multiset of rows / of one column's values; the expected side has one row.
                let mut differs = false;
                for c in self.compared.clone() {
                    let same = delivered.len() == 1 && delivered[0][c] == want[c];
                    if !same {
                        differs = true;
                        self.by_column[c].add(1, defect);
                        if delivered.len() == 1 {
                            let col = self.columns[c];
                            let show = |v: &Cell| {
                                v.as_deref()
                                    .map_or("NULL".to_string(), |s| format!("`{s}`"))
                            };
                            let (a, b) = (show(&want[c]), show(&delivered[0][c]));
                            self.example(defect, || format!("`{key}` {col}: {a} → {b}"));
                        }
                    }
                }
                if differs {
                    self.differing_rows.add(1, defect);
                }
            }
        }
    }

    /// The non-zero measures as `(measure, count)` rows, in report order.
    pub fn measures(&self) -> Vec<(String, &Count)> {
        let mut out: Vec<(String, &Count)> = Vec::new();
        for (name, count) in SCALAR_MEASURES.iter().zip(&self.scalars) {
            out.push((name.to_string(), count));
        }
        for (name, count) in self.columns.iter().zip(&self.by_column) {
            out.push((format!("column:{name}"), count));
        }
        out.push(("differing_rows".to_string(), &self.differing_rows));
        out.retain(|(_, c)| c.total > 0);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: &[&str] = &["source_id", "name", "city", "batch"];

    fn row(id: &str, name: &str) -> Vec<Cell> {
        vec![Some(id.into()), Some(name.into()), None, Some("L1".into())]
    }

    #[test]
    fn duplicates_make_every_compared_column_differ() {
        let mut t = Tally::new("L1", "x", COLS, &["source_id"], &["batch"]);
        let r = row("1", "A");
        t.observe(Some(&r), true, &[&r, &r], Some(Defect::DuplicateEmployee));
        let m: Vec<(String, u64)> = t
            .measures()
            .into_iter()
            .map(|(n, c)| (n, c.total))
            .collect();
        assert_eq!(
            m,
            vec![
                ("duplicate_keys_migrated".to_string(), 1),
                ("column:name".to_string(), 1),
                ("column:city".to_string(), 1),
                ("differing_rows".to_string(), 1)
            ]
        );
    }

    #[test]
    fn quota_spreads_and_stops() {
        let mut q = Quota::new(3, 30, 0);
        let hits: Vec<u64> = (0..30)
            .filter(|i| {
                let due = q.due(*i);
                if due {
                    q.take();
                }
                due
            })
            .collect();
        assert_eq!(hits, vec![0, 10, 20]);
    }
}
