//! Entry ids and defect ids: how they are formed and why they are unique. Pure but for the
//! random part of entry ids.
//!
//! **Entry id** — `<time>-<initials>-<installation>-<random>`, e.g.
//! `0pzx4k3v2a-md-7f3a-8f3k2q`:
//! - `<time>`: the entry's `time` in milliseconds since 1970, 10 characters of lower-case
//!   Crockford base32 (`0-9a-z` without `i l o u`), zero-padded;
//! - `<initials>`: the author's initials in lower case, for the human eye only;
//! - `<installation>`: the writer's installation id (`journal::installation`);
//! - `<random>`: 30 random bits, 6 base32 characters.
//!
//! Unique across machines: two entries share an id only if they were written in the same
//! millisecond, by authors with the same initials, on the same installation, with the same
//! 30 random bits. Ids written before the installation part existed have three parts
//! (`0pzx4k3v2a-md-8f3k2q`); both shapes are read alike (an id is only compared, never parsed).
//!
//! **Defect id** — `<PREFIX>-<n>`, e.g. `MD4KQ-7`, short enough to say in a meeting. The prefix
//! is the author's initials and three characters of a hash of the author's file name and the
//! installation id ([`defect_prefix`]): one author on two machines gets two prefixes (two
//! installations collide once in 32 768). `n` is 1 + the highest number already used with
//! that prefix in any journal file visible under the lock. Undone defects keep their number:
//! ids are never reused. Ids written before (`MD4K-7`, two characters) keep working.
//!
//! **Duplicates** — should two `defect.new` still carry one id (journals merged by hand from
//! before the installation part, a collision), both are kept: each is also addressable as
//! `<id>@<the last part of its entry id>` ([`duplicate_alias`]), e.g. `MD4K-1@8f3k2q`, and the
//! plain id stays the first one in journal order.

use chrono::{DateTime, Utc};

use super::author::initials;

const CROCKFORD: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// A new entry id for an entry written at `time` by `author` on `installation`.
pub fn new_entry_id(time: &DateTime<Utc>, author: &str, installation: &str) -> String {
    let millis = u64::try_from(time.timestamp_millis()).unwrap_or(0);
    let random = u64::from(rand::random::<u32>());
    format!(
        "{}-{}-{installation}-{}",
        base32(millis, 10),
        initials(author).to_ascii_lowercase(),
        base32(random, 6)
    )
}

/// The name under which a duplicated defect id stays addressable: `MD4K-1` created by entry
/// `0pzx4k3v2a-md-8f3k2q` → `MD4K-1@8f3k2q`.
pub fn duplicate_alias(defect: &str, entry_id: &str) -> String {
    let tail = entry_id.rsplit('-').next().unwrap_or(entry_id);
    format!("{defect}@{tail}")
}

/// `value` in `width` characters of Crockford base32 (the low `5 * width` bits).
pub fn base32(value: u64, width: usize) -> String {
    (0..width)
        .rev()
        .map(|i| {
            let digit = (value >> (5 * i)) & 31;
            char::from(CROCKFORD[digit as usize])
        })
        .collect()
}

/// Splits a defect id `MD-7` into `("MD", 7)`.
pub fn parse_defect_id(id: &str) -> Option<(&str, u32)> {
    let (prefix, number) = id.rsplit_once('-')?;
    let valid_prefix = !prefix.is_empty()
        && prefix
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    let valid_number = !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit());
    (valid_prefix && valid_number)
        .then(|| number.parse().ok().map(|n| (prefix, n)))
        .flatten()
}

/// The prefix of `author`'s defect ids on `installation`: initials and three characters of
/// a hash of `<file stem>@<installation>` (`Marie Dupont` on `7f3a` → `MD` + `4KQ`). Two
/// référents with the same initials, or one référent on two machines, whose journals are
/// merged later, still get different ids (but for a 1-in-32 768 chance; a clash left is
/// kept, see [`duplicate_alias`]); ids stay short enough to say in a meeting.
pub fn defect_prefix(author: &str, installation: &str) -> String {
    let key = format!("{}@{installation}", super::author::file_stem(author));
    // FNV-1a: a fixed, documented hash (the ids are written in journals for good).
    let hash = super::author::fnv1a(key.as_bytes());
    format!(
        "{}{}",
        initials(author),
        base32(hash, 3).to_ascii_uppercase()
    )
}

/// The next defect id for `author` on `installation`, given every defect id already written.
pub fn next_defect_id<'a>(
    author: &str,
    installation: &str,
    existing: impl IntoIterator<Item = &'a str>,
) -> String {
    let prefix = defect_prefix(author, installation);
    let highest = existing
        .into_iter()
        .filter_map(parse_defect_id)
        .filter(|(p, _)| *p == prefix)
        .map(|(_, n)| n)
        .max()
        .unwrap_or(0);
    format!("{prefix}-{}", highest + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(millis: i64) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(millis).unwrap()
    }

    #[test]
    fn entry_ids_have_the_documented_shape() {
        let id = new_entry_id(&at(1_795_000_000_123), "Marie Dupont", "7f3a");
        let parts: Vec<&str> = id.split('-').collect();
        assert_eq!(parts.len(), 4, "{id}");
        assert_eq!(parts[0], base32(1_795_000_000_123, 10));
        assert_eq!(parts[1], "md");
        assert_eq!(parts[2], "7f3a");
        assert_eq!(parts[3].len(), 6);
        assert_eq!(
            duplicate_alias("MD4K-1", &id),
            format!("MD4K-1@{}", parts[3])
        );
        assert_eq!(
            duplicate_alias("MD4K-1", "0pzx4k3v2a-md-8f3k2q"),
            "MD4K-1@8f3k2q"
        );
        assert!(id.bytes().all(|b| b == b'-' || CROCKFORD.contains(&b)));
    }

    #[test]
    fn entry_ids_sort_like_times() {
        let times = [0, 1, 31, 32, 1_000, 1_795_000_000_123, 1_795_000_000_124];
        let ids: Vec<String> = times
            .iter()
            .map(|&t| new_entry_id(&at(t), "zz", "0000"))
            .collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
    }

    #[test]
    fn entry_ids_differ_within_a_millisecond() {
        let t = at(1_795_000_000_000);
        let ids: std::collections::HashSet<String> =
            (0..1000).map(|_| new_entry_id(&t, "md", "7f3a")).collect();
        assert_eq!(ids.len(), 1000);
    }

    #[test]
    fn base32_digits() {
        assert_eq!(base32(0, 3), "000");
        assert_eq!(base32(31, 2), "0z");
        assert_eq!(base32(32, 2), "10");
    }

    #[test]
    fn defect_ids() {
        assert_eq!(parse_defect_id("MD-7"), Some(("MD", 7)));
        assert_eq!(parse_defect_id("JPM-12"), Some(("JPM", 12)));
        assert_eq!(parse_defect_id("md-7"), None);
        assert_eq!(parse_defect_id("MD-"), None);
        assert_eq!(parse_defect_id("MD7"), None);
        assert_eq!(parse_defect_id("MD4K-7"), Some(("MD4K", 7)));
        let marie = defect_prefix("Marie Dupont", "7f3a");
        assert_eq!(marie.len(), 5, "{marie}");
        assert_eq!(
            next_defect_id("Marie Dupont", "7f3a", []),
            format!("{marie}-1")
        );
        let taken = [
            format!("{marie}-1"),
            format!("{marie}-9"),
            "MD-40".to_string(),
        ];
        assert_eq!(
            next_defect_id("Marie Dupont", "7f3a", taken.iter().map(String::as_str)),
            format!("{marie}-10")
        );
        // The prefix is fixed for good (ids live in journals): FNV-1a of stem@installation.
        assert_eq!(marie, defect_prefix("Marie Dupont", "7f3a"));
        assert_ne!(marie, defect_prefix("Michel Durand", "7f3a"));
        // One author, two installations: two series of ids.
        assert_ne!(marie, defect_prefix("Marie Dupont", "k2q9"));
    }
}
