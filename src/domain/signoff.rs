//! What a sign-off covers: the content digests of the campaign file, the checklist file and
//! the resource's input files on the delivery (its source extraction and its migrated file),
//! as recorded in a `signoff.set` / `signoff.reserved` entry (`files`), and which of them
//! changed since. Pure: the digests are computed by the caller (`store::digests`).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};

/// The digests of the files a sign-off of one resource on one delivery covers
/// (`sha256:<hex>`, or `absent` for a file that could not be read).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SignoffFiles {
    pub campaign: String,
    /// `None` when the campaign names no checklist.
    pub checklist: Option<String>,
    /// The resource's source extraction.
    pub source: String,
    /// The resource's migrated file in the delivery.
    pub migrated: String,
}

/// A file a sign-off covers, by its role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Campaign,
    Checklist,
    Source,
    /// The delivery's file of the resource.
    Delivery,
}

impl FileKind {
    /// The key under `files` in the journal entry.
    pub fn key(self) -> &'static str {
        match self {
            FileKind::Campaign => "campaign",
            FileKind::Checklist => "checklist",
            FileKind::Source => "source",
            FileKind::Delivery => "migrated",
        }
    }

    pub const ALL: [FileKind; 4] = [
        FileKind::Campaign,
        FileKind::Checklist,
        FileKind::Source,
        FileKind::Delivery,
    ];
}

impl SignoffFiles {
    fn get(&self, kind: FileKind) -> Option<&str> {
        match kind {
            FileKind::Campaign => Some(&self.campaign),
            FileKind::Checklist => self.checklist.as_deref(),
            FileKind::Source => Some(&self.source),
            FileKind::Delivery => Some(&self.migrated),
        }
    }

    /// The `files` object of a sign-off entry.
    pub fn payload(&self) -> Value {
        let mut map = Map::new();
        for kind in FileKind::ALL {
            if let Some(digest) = self.get(kind) {
                map.insert(kind.key().into(), Value::String(digest.into()));
            }
        }
        Value::Object(map)
    }

    /// The files whose digest today differs from the one `recorded` (a sign-off entry's
    /// `files`), in the order campaign, checklist, source, delivery. A file recorded but no
    /// longer named (or named and not recorded) has changed.
    pub fn changed_since(&self, recorded: &BTreeMap<String, String>) -> Vec<FileKind> {
        FileKind::ALL
            .into_iter()
            .filter(|kind| self.get(*kind) != recorded.get(kind.key()).map(String::as_str))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> SignoffFiles {
        SignoffFiles {
            campaign: "sha256:c".into(),
            checklist: Some("sha256:l".into()),
            source: "sha256:s".into(),
            migrated: "sha256:m".into(),
        }
    }

    fn recorded(files: &SignoffFiles) -> BTreeMap<String, String> {
        serde_json::from_value(files.payload()).unwrap()
    }

    #[test]
    fn nothing_changed_when_every_digest_is_the_same() {
        assert!(files().changed_since(&recorded(&files())).is_empty());
    }

    #[test]
    fn each_changed_file_is_named() {
        let before = recorded(&files());
        let mut now = files();
        now.migrated = "sha256:other".into();
        now.campaign = "sha256:other".into();
        assert_eq!(
            now.changed_since(&before),
            [FileKind::Campaign, FileKind::Delivery]
        );
        now.checklist = None;
        assert!(now.changed_since(&before).contains(&FileKind::Checklist));
    }

    #[test]
    fn an_entry_without_files_matches_nothing() {
        assert_eq!(files().changed_since(&BTreeMap::new()).len(), 4);
    }
}
