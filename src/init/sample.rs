//! Samples that both sides draw alike: a value is drawn when its hash is 0 modulo M, so
//! the same key values are drawn from the source and from the delivery, however each file
//! is sorted, and a join of the two samples holds the same records as a join of the files.
//! M is a power of two, so a sample drawn with a larger M is a part of one drawn with a
//! smaller M: two files sampled at different rates still compare on the larger one.

use super::error::InitError;
use super::files::{DataFile, ForeignReader};
use super::read::ScanError;

/// A fixed 64-bit hash of a value's text (FNV-1a, then mixed so that its low bits, which
/// the modulus keeps, are as good as its high ones). The same on every machine and version.
pub fn hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// The same hash for `HashMap`s of values (much faster than the default SipHash on the
/// millions of short values a file holds; these are the user's own data, not an input an
/// attacker chooses to collide).
#[derive(Debug, Clone, Copy, Default)]
pub struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map hashed with [`Fnv`].
pub type HashMapOf<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;
/// A set hashed with [`Fnv`].
pub type HashSetOf<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<Fnv>>;
/// A map of values keyed by their text.
pub type ValueMap<V> = HashMapOf<String, V>;

/// Whether a value of this hash is drawn with modulus `m`.
pub fn drawn_hash(hash: u64, m: u64) -> bool {
    m <= 1 || hash & (m - 1) == 0
}

/// Whether `text` is drawn with modulus `m`.
pub fn is_drawn(text: &str, m: u64) -> bool {
    m <= 1 || drawn_hash(hash(text), m)
}

/// The smallest power of two M such that `rows / M` is at most `target`.
pub fn modulus_for(rows: u64, target: u64) -> u64 {
    rows.div_ceil(target.max(1)).max(1).next_power_of_two()
}

/// The rows of a file whose value in one column is drawn.
#[derive(Debug, Clone, Default)]
pub struct Drawn {
    pub rows: Vec<Vec<Option<String>>>,
}

/// Reads `file` and keeps the rows whose value in column `on` is drawn with `modulus`.
pub fn draw(
    file: &mut DataFile,
    on: usize,
    modulus: u64,
    foreign: &dyn ForeignReader,
    progress: &mut dyn FnMut(u64),
) -> Result<Drawn, InitError> {
    loop {
        let mut rows = Vec::new();
        let drawn = |v: &str| is_drawn(v, modulus);
        let outcome = file.scan(
            foreign,
            Some((on, &drawn)),
            &mut |fields| rows.push(fields.iter().map(|f| f.map(str::to_owned)).collect()),
            progress,
        );
        match outcome {
            Ok(_) => return Ok(Drawn { rows }),
            Err(ScanError::NotUtf8) => file.read_as_windows_1252(),
            Err(ScanError::Failed(e)) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_modulus_is_a_power_of_two_sized_to_the_target() {
        assert_eq!(modulus_for(0, 20_000), 1);
        assert_eq!(modulus_for(20_000, 20_000), 1);
        assert_eq!(modulus_for(20_001, 20_000), 2);
        assert_eq!(modulus_for(10_000_000, 20_000), 512);
    }

    #[test]
    fn a_larger_modulus_draws_a_part_of_a_smaller_ones_sample() {
        let values: Vec<String> = (0..50_000).map(|i| format!("{}", 200_000 + i)).collect();
        let by = |m| values.iter().filter(|v| is_drawn(v, m)).collect::<Vec<_>>();
        let (coarse, fine) = (by(64), by(8));
        assert!(coarse.iter().all(|v| fine.contains(v)));
        // About 1 in M, within a generous margin: the low bits are well mixed.
        let share = coarse.len() as f64 / values.len() as f64;
        assert!((share - 1.0 / 64.0).abs() < 0.004, "{share}");
        let share = fine.len() as f64 / values.len() as f64;
        assert!((share - 1.0 / 8.0).abs() < 0.01, "{share}");
    }

    #[test]
    fn the_hash_is_fixed() {
        // Computed once by an independent implementation (FNV-1a 64, splitmix64 finisher):
        // a change of hash would change every sample, on every machine.
        assert_eq!(hash("200001"), 0xa1fd_8624_5d11_3235);
        assert_ne!(hash("200001"), hash("200002"));
    }
}
