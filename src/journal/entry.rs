//! `Entry`, one line of a journal file, and its exact JSON form. Pure: no I/O.

use std::cmp::Ordering;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One human action, as written on one line of `<author>@<installation>.jsonl`.
///
/// ```text
/// {"id":"0pzx4k3v2a-md-7f3a-8f3k2q","time":"2026-11-23T12:52:23.123Z","seq":12,"author":"marie.dupont","action":"verdict.set","payload":{...}}
/// ```
///
/// Entries are ordered by `(seq, time, id)` ([`Entry::order`]). `seq` is 1 + the highest
/// `seq` in the journal folder when the entry was written (see `Journal::append`), so an
/// entry sorts after every entry its writer could see, whatever the clocks say; `time` is
/// only the writer's clock. Entries written before `seq` existed have none (0): they come
/// first, in `(time, id)` order, as they always did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Unique, sortable id (see `journal::id`).
    pub id: String,
    /// When the entry was written, UTC, millisecond precision.
    #[serde(with = "rfc3339_millis")]
    pub time: DateTime<Utc>,
    /// The entry's place in the journal (a Lamport clock, see above); 0 (absent on disk)
    /// for entries written before it existed.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub seq: u64,
    /// Who did it (the name given by `resolve_author`, not the file name).
    pub author: String,
    /// What was done, e.g. `verdict.set` (see `journal::state` for the known actions).
    pub action: String,
    /// The details of the action; always a JSON object.
    pub payload: Map<String, Value>,
}

impl Entry {
    /// The journal order: by `seq`, then by time, then by id.
    pub fn order(&self, other: &Entry) -> Ordering {
        self.seq
            .cmp(&other.seq)
            .then_with(|| self.time.cmp(&other.time))
            .then_with(|| self.id.cmp(&other.id))
    }

    /// The string field `key` of the payload, if present and a string.
    pub fn str_field(&self, key: &str) -> Option<&str> {
        self.payload.get(key).and_then(Value::as_str)
    }

    /// The exact line written to disk, including the final `\n`.
    pub fn to_line(&self) -> Vec<u8> {
        // Serialising a struct of strings, a date and a JSON map cannot fail.
        let mut line = serde_json::to_vec(self).unwrap_or_default();
        line.push(b'\n');
        line
    }

    /// Parses one line (with or without its `\n`).
    pub fn from_line(line: &[u8]) -> Result<Entry, String> {
        if line.iter().all(u8::is_ascii_whitespace) {
            return Err("empty line".into());
        }
        serde_json::from_slice(line).map_err(|e| e.to_string())
    }
}

fn is_zero(seq: &u64) -> bool {
    *seq == 0
}

/// Sorts entries in journal order, `(seq, time, id)`.
pub fn sort_entries(entries: &mut [Entry]) {
    entries.sort_by(Entry::order);
}

/// The current UTC time truncated to the millisecond, as stored in entries.
pub fn now_millis() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
}

/// `time` as RFC 3339 in UTC with milliseconds: `2026-11-23T12:52:23.123Z`.
mod rfc3339_millis {
    use chrono::{DateTime, SecondsFormat, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(time: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&time.to_rfc3339_opts(SecondsFormat::Millis, true))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| serde::de::Error::custom(format!("time {text:?}: {e}")))
    }
}

/// Formats a time the way entries store it (used in messages and side-file names).
pub fn format_time(time: &DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> Entry {
        Entry {
            id: "0pzx4k3v2a-md-8f3k2q".into(),
            time: DateTime::parse_from_rfc3339("2026-11-23T12:52:23.123Z")
                .unwrap()
                .with_timezone(&Utc),
            seq: 0,
            author: "Marie Dupont".into(),
            action: "verdict.set".into(),
            payload: json!({"resource": "employee", "comment": "l'accent é\nligne 2"})
                .as_object()
                .unwrap()
                .clone(),
        }
    }

    #[test]
    fn line_is_one_line_with_fields_in_order_and_millis() {
        let line = String::from_utf8(sample().to_line()).unwrap();
        assert!(line.ends_with('\n'));
        assert_eq!(
            line.matches('\n').count(),
            1,
            "newlines in text are escaped"
        );
        assert!(line.starts_with(
            r#"{"id":"0pzx4k3v2a-md-8f3k2q","time":"2026-11-23T12:52:23.123Z","author":"Marie Dupont","action":"verdict.set","payload":{"#
        ));
    }

    #[test]
    fn round_trip() {
        let e = sample();
        assert_eq!(Entry::from_line(&e.to_line()).unwrap(), e);
        let numbered = Entry {
            seq: 12,
            ..sample()
        };
        let line = String::from_utf8(numbered.to_line()).unwrap();
        assert!(
            line.contains(r#""time":"2026-11-23T12:52:23.123Z","seq":12,"author""#),
            "{line}"
        );
        assert_eq!(Entry::from_line(line.as_bytes()).unwrap(), numbered);
    }

    #[test]
    fn seq_orders_before_time() {
        let late_clock = Entry {
            seq: 1,
            time: DateTime::parse_from_rfc3339("2099-01-01T00:00:00Z")
                .unwrap()
                .into(),
            ..sample()
        };
        let next = Entry { seq: 2, ..sample() };
        let legacy = Entry {
            seq: 0,
            ..late_clock.clone()
        };
        assert_eq!(late_clock.order(&next), Ordering::Less);
        assert_eq!(legacy.order(&late_clock), Ordering::Less);
    }

    #[test]
    fn other_offsets_are_read_as_utc() {
        let line = br#"{"id":"a","time":"2026-11-23T13:52:23.123+01:00","author":"x","action":"y","payload":{}}"#;
        assert_eq!(Entry::from_line(line).unwrap().time, sample().time);
    }

    #[test]
    fn payload_must_be_an_object_and_fields_present() {
        let bad = br#"{"id":"a","time":"2026-11-23T12:52:23.123Z","author":"x","action":"y","payload":[]}"#;
        assert!(Entry::from_line(bad).is_err());
        assert!(Entry::from_line(br#"{"id":"a"}"#).is_err());
        assert!(Entry::from_line(b"  \r").is_err());
    }
}
