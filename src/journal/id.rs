//! Entry ids and defect ids: how they are formed and why they are unique. Pure but for the
//! random part of entry ids.
//!
//! **Entry id** — `<time>-<initials>-<random>`, e.g. `0pzx4k3v2a-md-8f3k2q`:
//! - `<time>`: the entry's `time` in milliseconds since 1970, 10 characters of lower-case
//!   Crockford base32 (`0-9a-z` without `i l o u`), zero-padded, so ids sort like times
//!   (until the year 37 000);
//! - `<initials>`: the author's initials in lower case, for the human eye only;
//! - `<random>`: 30 random bits, 6 base32 characters.
//!
//! Unique across machines: within one journal folder, appends are serialised by the lock and
//! each gets a time strictly later than every entry already there, so two entries written in
//! the same folder never share `<time>`; entries written on different machines (folders merged
//! later, e.g. with Git) collide only if they share the millisecond, the initials and 30
//! random bits (about one chance in a billion for such a pair). 22 characters: short enough to
//! read in an `undo` payload, and the id alone sorts in journal order.
//!
//! **Defect id** — `<INITIALS>-<n>`, e.g. `MD-7`, short enough to say in a meeting. `n` is 1 +
//! the highest number already used with that prefix in any journal file visible under the
//! lock (for a lone author, 1 + the count of their own defects). Undone defects keep their
//! number: ids are never reused.

use chrono::{DateTime, Utc};

use super::author::initials;

const CROCKFORD: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// A new entry id for an entry written at `time` by `author`.
pub fn new_entry_id(time: &DateTime<Utc>, author: &str) -> String {
    let millis = u64::try_from(time.timestamp_millis()).unwrap_or(0);
    let random = u64::from(rand::random::<u32>());
    format!(
        "{}-{}-{}",
        base32(millis, 10),
        initials(author).to_ascii_lowercase(),
        base32(random, 6)
    )
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

/// The prefix of `author`'s defect ids: initials and two characters of a hash of the
/// author's journal file name (`Marie Dupont` → `MD` + `4K`). Two référents with the same
/// initials on two machines, whose journals are merged later, still get different ids
/// (but for a 1-in-1024 chance); one author's ids stay short enough to say in a meeting.
pub fn defect_prefix(author: &str) -> String {
    let stem = super::author::file_stem(author);
    // FNV-1a: a fixed, documented hash (the ids are written in journals for good).
    let hash = stem.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!(
        "{}{}",
        initials(author),
        base32(hash, 2).to_ascii_uppercase()
    )
}

/// The next defect id for `author`, given every defect id already written.
pub fn next_defect_id<'a>(author: &str, existing: impl IntoIterator<Item = &'a str>) -> String {
    let prefix = defect_prefix(author);
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
        let id = new_entry_id(&at(1_795_000_000_123), "Marie Dupont");
        let parts: Vec<&str> = id.split('-').collect();
        assert_eq!(parts.len(), 3, "{id}");
        assert_eq!(parts[0], base32(1_795_000_000_123, 10));
        assert_eq!(parts[1], "md");
        assert_eq!(parts[2].len(), 6);
        assert!(id.bytes().all(|b| b == b'-' || CROCKFORD.contains(&b)));
    }

    #[test]
    fn entry_ids_sort_like_times() {
        let times = [0, 1, 31, 32, 1_000, 1_795_000_000_123, 1_795_000_000_124];
        let ids: Vec<String> = times.iter().map(|&t| new_entry_id(&at(t), "zz")).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
    }

    #[test]
    fn entry_ids_differ_within_a_millisecond() {
        let t = at(1_795_000_000_000);
        let ids: std::collections::HashSet<String> =
            (0..1000).map(|_| new_entry_id(&t, "md")).collect();
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
        let marie = defect_prefix("Marie Dupont");
        assert_eq!(next_defect_id("Marie Dupont", []), format!("{marie}-1"));
        let taken = [
            format!("{marie}-1"),
            format!("{marie}-9"),
            "MD-40".to_string(),
        ];
        assert_eq!(
            next_defect_id("Marie Dupont", taken.iter().map(String::as_str)),
            format!("{marie}-10")
        );
        // The prefix is fixed for good (ids live in journals): FNV-1a of the file stem.
        assert_eq!(defect_prefix("Marie Dupont"), defect_prefix("Marie Dupont"));
        assert_ne!(
            defect_prefix("Marie Dupont"),
            defect_prefix("Michel Durand")
        );
    }
}
