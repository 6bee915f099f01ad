//! The names of the columns the engine writes, by position (`k0`, `e3`, `d3`...), so that no
//! user name ever meets another. Every such name in `store` is a `Slot`; nothing else spells
//! one out.
//!
//! The key slots are an on-disk contract: every results file keeps them (`k{j}`), and the
//! console reads them back; the differences file names its columns itself
//! (`differences_file`). The test below pins each name's text; never change it.

use std::fmt;

/// One position-based column name of the engine's SQL. `i` is a column's index among the
/// resource's listed columns, `j` a key part's (or a raw source column's) position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    /// `k{j}`: the compared value of key part `j`. Both stage tables; every results file
    /// (keys, differences, null keys).
    Key(usize),
    /// `e{i}`: the value shown to people: the expected value (map and parsing applied) on
    /// the source stage, the text as delivered on the migrated stage.
    Shown(usize),
    /// `c{i}`: the value compared, when it is not `e{i}` itself (text normalisations, dates,
    /// numbers). Both stage tables.
    Compared(usize),
    /// `n{i}`: the number, for a column compared as a number. Both stage tables.
    Number(usize),
    /// `u{i}`: true where the source value is absent from the column's `map`. Source stage.
    Unmapped(usize),
    /// `p{i}`: true where the source value is no date or number. Source stage.
    Unparseable(usize),
    /// `l{i}`: the sorted list of a duplicated key's compared values of the column, on one
    /// side. The reconciliation's temporary table of duplicated keys.
    Multiset(usize),
    /// `a{i}`: the column's field in the struct of one row of a duplicated key. The same
    /// temporary table.
    RowField(usize),
    /// `s{j}`: raw source column `j`, as the legacy file wrote it. The source stage of one
    /// record shown side by side.
    SourceColumn(usize),
    /// `__v{i}`: the column's source value as text, before its map. An inner level of the
    /// source stage query, never written.
    SourceText(usize),
    /// `__m{i}`: that text after the map. An inner level of the source stage query.
    MappedText(usize),
    /// `__u{i}`: true where the map misses the value. An inner level of the source stage
    /// query (kept as `u{i}`).
    MapMissed(usize),
    /// `__p{i}`: the parsed date or number. An inner level of the source stage query.
    Parsed(usize),
}

impl Slot {
    /// The same slot on one side of the row-against-row join of the reconciliation:
    /// `se_c3`, `me_c3`.
    pub fn on(self, side: Side) -> Sided {
        Sided { side, slot: self }
    }

    fn parts(self) -> (&'static str, usize) {
        match self {
            Slot::Key(j) => ("k", j),
            Slot::Shown(i) => ("e", i),
            Slot::Compared(i) => ("c", i),
            Slot::Number(i) => ("n", i),
            Slot::Unmapped(i) => ("u", i),
            Slot::Unparseable(i) => ("p", i),
            Slot::Multiset(i) => ("l", i),
            Slot::RowField(i) => ("a", i),
            Slot::SourceColumn(j) => ("s", j),
            Slot::SourceText(i) => ("__v", i),
            Slot::MappedText(i) => ("__m", i),
            Slot::MapMissed(i) => ("__u", i),
            Slot::Parsed(i) => ("__p", i),
        }
    }
}

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (prefix, index) = self.parts();
        write!(f, "{prefix}{index}")
    }
}

/// A side of the row-against-row join of keys present once on each side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The source stage's row: `se_`.
    Expected,
    /// The migrated stage's row: `me_`.
    Migrated,
}

/// A slot on one side of that join (`Slot::on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sided {
    side: Side,
    slot: Slot,
}

impl fmt::Display for Sided {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = match self.side {
            Side::Expected => "se_",
            Side::Migrated => "me_",
        };
        write!(f, "{prefix}{}", self.slot)
    }
}

/// The key slots of a key of `n` parts, in key order.
pub fn keys(n: usize) -> impl Iterator<Item = Slot> {
    (0..n).map(Slot::Key)
}

/// `term` of each key slot of a key of `n` parts, joined by `separator`
/// (`k0 IS NULL OR k1 IS NULL`).
pub fn key_terms(n: usize, separator: &str, term: impl Fn(Slot) -> String) -> String {
    keys(n).map(term).collect::<Vec<_>>().join(separator)
}

/// `k0, k1...`, each after `prefix` (a table alias with its dot, or nothing).
pub fn key_list(n: usize, prefix: &str) -> String {
    key_terms(n, ", ", |k| format!("{prefix}{k}"))
}

/// `a.k0 = b.k0 AND a.k1 = b.k1...`: tables `a` and `b` joined on the key.
pub fn key_join(n: usize, a: &str, b: &str) -> String {
    key_terms(n, " AND ", |k| format!("{a}.{k} = {b}.{k}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slot_keeps_its_name_on_disk() {
        let named = [
            (Slot::Key(0), "k0"),
            (Slot::Shown(3), "e3"),
            (Slot::Compared(3), "c3"),
            (Slot::Number(3), "n3"),
            (Slot::Unmapped(3), "u3"),
            (Slot::Unparseable(3), "p3"),
            (Slot::Multiset(4), "l4"),
            (Slot::RowField(4), "a4"),
            (Slot::SourceColumn(7), "s7"),
            (Slot::SourceText(5), "__v5"),
            (Slot::MappedText(5), "__m5"),
            (Slot::MapMissed(5), "__u5"),
            (Slot::Parsed(5), "__p5"),
        ];
        for (slot, name) in named {
            assert_eq!(slot.to_string(), name, "{slot:?}");
        }
        assert_eq!(Slot::Compared(3).on(Side::Expected).to_string(), "se_c3");
        assert_eq!(Slot::Number(10).on(Side::Migrated).to_string(), "me_n10");
    }

    #[test]
    fn key_lists_name_every_part_in_order() {
        assert_eq!(key_list(3, ""), "k0, k1, k2");
        assert_eq!(key_list(2, "e."), "e.k0, e.k1");
        assert_eq!(key_join(2, "a", "b"), "a.k0 = b.k0 AND a.k1 = b.k1");
        assert_eq!(
            key_terms(2, " OR ", |k| format!("{k} IS NULL")),
            "k0 IS NULL OR k1 IS NULL"
        );
        assert_eq!(keys(0).count(), 0);
    }
}
