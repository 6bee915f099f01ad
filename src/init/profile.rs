//! The first reading of every file: per column, how many values, the whole set of values
//! when there are few, and a drawn sample of the values when there are many (drawn on the
//! value's canonical form, so that `26/02/2018` and `2018-02-26` are drawn together). From
//! these, files are paired and keys proposed before any file is read a second time.

use super::error::InitError;
use super::files::{DataFile, ForeignReader};
use super::read::ScanError;
use super::sample::{self, HashMapOf, ValueMap, drawn_hash};
use super::values::canonical;

/// Above this many distinct values a column is no code set: its value counts are dropped.
pub const SMALL: usize = 64;
/// About how many distinct values of a column are kept.
pub const DRAWN_VALUES: u64 = 16_384;

/// One column of a file, as read the first time.
#[derive(Debug, Clone)]
pub struct ColumnProfile {
    pub name: String,
    pub non_empty: u64,
    /// Every distinct value with its count, while there are at most [`SMALL`].
    pub small: Option<ValueMap<u64>>,
    /// The drawn values (canonical hash 0 modulo the file's modulus), by the hash of
    /// their text: the hash of their canonical form, and their count. Hashes, not texts,
    /// so that a profile of a large file stays small.
    pub drawn: HashMapOf<u64, Drawn>,
}

/// A drawn value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Drawn {
    pub canonical: u64,
    pub count: u64,
}

impl ColumnProfile {
    fn new(name: &str) -> ColumnProfile {
        ColumnProfile {
            name: name.to_string(),
            non_empty: 0,
            small: Some(ValueMap::default()),
            drawn: HashMapOf::default(),
        }
    }

    /// The share of the non-empty values that appear once, measured on the drawn values
    /// (a value drawn is drawn with all its copies).
    pub fn uniqueness(&self) -> f64 {
        let occurrences: u64 = self.drawn.values().map(|d| d.count).sum();
        if occurrences == 0 {
            return 0.0;
        }
        self.drawn.len() as f64 / occurrences as f64
    }

    /// The number of distinct values, estimated from the drawn ones.
    pub fn distinct(&self, modulus: u64) -> u64 {
        match &self.small {
            Some(all) => all.len() as u64,
            None => self.drawn.len() as u64 * modulus,
        }
    }
}

/// A file as read the first time.
#[derive(Debug, Clone)]
pub struct FileProfile {
    pub file: DataFile,
    pub rows: u64,
    /// The modulus its values were drawn with.
    pub modulus: u64,
    pub columns: Vec<ColumnProfile>,
}

impl FileProfile {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

/// Reads `file` once and profiles its columns; `progress` gets the bytes read.
pub fn profile(
    mut file: DataFile,
    foreign: &dyn ForeignReader,
    progress: &mut dyn FnMut(u64),
) -> Result<FileProfile, InitError> {
    let modulus = sample::modulus_for(file.estimated_rows(), DRAWN_VALUES);
    loop {
        let mut columns: Vec<ColumnProfile> =
            file.columns.iter().map(|c| ColumnProfile::new(c)).collect();
        let outcome = file.scan(
            foreign,
            None,
            &mut |fields| {
                for (column, value) in columns.iter_mut().zip(fields) {
                    if let Some(v) = value {
                        observe(column, v, modulus);
                    }
                }
            },
            progress,
        );
        match outcome {
            Ok(scanned) => {
                file.ascii = scanned.ascii;
                return Ok(FileProfile {
                    file,
                    rows: scanned.rows,
                    modulus,
                    columns,
                });
            }
            Err(ScanError::NotUtf8) => file.read_as_windows_1252(),
            Err(ScanError::Failed(e)) => return Err(e),
        }
    }
}

fn observe(column: &mut ColumnProfile, value: &str, modulus: u64) {
    column.non_empty += 1;
    if let Some(all) = &mut column.small {
        if let Some(n) = all.get_mut(value) {
            *n += 1;
        } else if all.len() < SMALL {
            all.insert(value.to_string(), 1);
        } else {
            column.small = None;
        }
    }
    let canonical = sample::hash(&canonical(value));
    if drawn_hash(canonical, modulus) {
        column
            .drawn
            .entry(sample::hash(value))
            .and_modify(|d| d.count += 1)
            .or_insert(Drawn {
                canonical,
                count: 1,
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_sets_are_kept_whole_and_large_ones_drawn() {
        let mut c = ColumnProfile::new("x");
        for i in 0..1000u32 {
            observe(&mut c, &format!("{i}"), 8);
        }
        assert!(c.small.is_none());
        assert!(
            c.drawn.len() > 60 && c.drawn.len() < 200,
            "{}",
            c.drawn.len()
        );
        assert_eq!(c.uniqueness(), 1.0);
        let mut s = ColumnProfile::new("sexe");
        for v in ["M", "F", "M", "M"] {
            observe(&mut s, v, 8);
        }
        assert_eq!(s.small.as_ref().unwrap()["M"], 3);
        assert_eq!(s.distinct(8), 2);
    }

    #[test]
    fn a_value_is_drawn_with_all_its_copies_and_across_formats() {
        let mut a = ColumnProfile::new("d");
        let mut b = ColumnProfile::new("d");
        for i in 0..400u32 {
            let (day, month) = (i % 28 + 1, i % 12 + 1);
            observe(&mut a, &format!("{day:02}/{month:02}/2020"), 4);
            observe(&mut a, &format!("{day:02}/{month:02}/2020"), 4);
            observe(&mut b, &format!("2020-{month:02}-{day:02}"), 4);
        }
        assert!(a.uniqueness() <= 0.5);
        let canon = |c: &ColumnProfile| -> std::collections::BTreeSet<u64> {
            c.drawn.values().map(|d| d.canonical).collect()
        };
        let (canon_a, canon_b) = (canon(&a), canon(&b));
        assert!(!canon_a.is_empty());
        assert_eq!(canon_a, canon_b);
    }
}
