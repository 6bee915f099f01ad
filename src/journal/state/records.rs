//! The values the fold produces (verdicts, defects, sign-offs), their vocabularies and the
//! fold's errors. Pure data: no I/O.

use std::fmt;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

/// A checklist item's verdict for one delivery.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VerdictValue {
    Todo,
    Ok,
    Ko,
    /// Not applicable.
    Na,
    Blocked,
}

impl VerdictValue {
    pub const ALL: [VerdictValue; 5] = [Self::Todo, Self::Ok, Self::Ko, Self::Na, Self::Blocked];

    /// The journal spelling: `todo`, `ok`, `ko`, `na`, `blocked`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Todo => "todo",
            Self::Ok => "ok",
            Self::Ko => "ko",
            Self::Na => "na",
            Self::Blocked => "blocked",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == text)
    }
}

/// How bad a defect is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Blocking,
    Major,
    Minor,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Self::Blocking, Self::Major, Self::Minor];

    /// The journal and command-line spelling: `bloquante`, `majeure`, `mineure` (the words
    /// the référents use; the CLI contract of `recette defect new --severity`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Blocking => "bloquante",
            Self::Major => "majeure",
            Self::Minor => "mineure",
        }
    }

    /// Reads the French words, and the English `blocking`, `major`, `minor` too.
    pub fn parse(text: &str) -> Option<Self> {
        let english = |v: &Self| match v {
            Self::Blocking => "blocking",
            Self::Major => "major",
            Self::Minor => "minor",
        };
        Self::ALL
            .into_iter()
            .find(|v| v.as_str() == text || english(v) == text)
    }
}

/// Where a defect stands. `open → fixed(delivery) → verified`, or `→ reopened → fixed ...`;
/// `open`/`reopened → rejected(reason)`; a verified or rejected defect can be reopened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DefectStatus {
    Open,
    /// Fixed in this delivery, waiting for verification.
    Fixed {
        delivery: String,
    },
    Verified,
    Reopened,
    Rejected {
        reason: String,
    },
}

impl DefectStatus {
    /// The journal spelling: `open`, `fixed`, `verified`, `reopened`, `rejected`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Fixed { .. } => "fixed",
            Self::Verified => "verified",
            Self::Reopened => "reopened",
            Self::Rejected { .. } => "rejected",
        }
    }

    /// Whether the transition `self → next` is allowed.
    pub fn can_become(&self, next: &DefectStatus) -> bool {
        use DefectStatus::*;
        matches!(
            (self, next),
            (Open | Reopened, Fixed { .. })
                | (Fixed { .. }, Verified)
                | (Fixed { .. } | Verified | Rejected { .. }, Reopened)
                | (Open | Reopened, Rejected { .. })
        )
    }

    /// Verified or rejected: nothing left to do.
    pub fn is_closed(&self) -> bool {
        matches!(self, Self::Verified | Self::Rejected { .. })
    }
}

impl fmt::Display for DefectStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Fixed { delivery } => write!(f, "fixed in {delivery}"),
            Self::Rejected { reason } => write!(f, "rejected ({reason})"),
            other => f.write_str(other.name()),
        }
    }
}

/// A record of a sample found right: who said so, when, in which entry.
#[derive(Clone, Debug, PartialEq)]
pub struct SampleMarkRecord {
    pub author: String,
    pub time: DateTime<Utc>,
    pub entry: String,
}

/// A verdict (and a sample's marks) is kept per (resource, checklist item, delivery).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VerdictKey {
    pub resource: String,
    pub item: String,
    pub delivery: String,
}

/// The current verdict of a key: the last `verdict.set` not undone.
#[derive(Clone, Debug, PartialEq)]
pub struct VerdictRecord {
    pub value: VerdictValue,
    pub author: String,
    pub time: DateTime<Utc>,
    pub comment: Option<String>,
    /// The entry that set it (what an `undo` names).
    pub entry: String,
}

/// A defect as the journal says it stands now.
#[derive(Clone, Debug, PartialEq)]
pub struct DefectRecord {
    pub id: String,
    pub resource: String,
    pub item: Option<String>,
    /// The delivery it was found in.
    pub delivery: Option<String>,
    pub severity: Severity,
    pub description: String,
    pub author: String,
    pub created: DateTime<Utc>,
    pub status: DefectStatus,
    /// Creation, status changes and comments, oldest first.
    pub history: Vec<DefectEvent>,
    /// The whole `defect.new` payload (record keys, columns, evidence... as written).
    pub details: Map<String, Value>,
    /// Later reports of the same problem attached to this defect (`defect.occurrence`
    /// payloads: keys, evidence...), oldest first.
    pub occurrences: Vec<Map<String, Value>>,
}

/// One step of a defect's history.
#[derive(Clone, Debug, PartialEq)]
pub struct DefectEvent {
    pub entry: String,
    pub time: DateTime<Utc>,
    pub author: String,
    /// The new status; `None` for a comment.
    pub status: Option<DefectStatus>,
    pub comment: Option<String>,
}

/// A sign-off is kept per (resource, delivery).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SignOffKey {
    pub resource: String,
    pub delivery: String,
}

/// A référent's acceptance of a resource for a delivery.
#[derive(Clone, Debug, PartialEq)]
pub struct SignOffRecord {
    pub author: String,
    pub time: DateTime<Utc>,
    pub comment: Option<String>,
    pub entry: String,
    /// Why it is given with reservations (`signoff.reserved`); `None`: without reservation.
    pub reservations: Option<String>,
    /// The digests of the files it covers, by role (`campaign`, `checklist`, `source`,
    /// `migrated`); empty for an entry written before recette recorded them.
    pub files: std::collections::BTreeMap<String, String>,
}

/// Why an entry cannot be applied. Returned by `State::apply`/`State::check` before writing;
/// kept as a [`Rejection`] when met while folding what is already written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FoldError {
    #[error("{action}: {message}")]
    Payload { action: String, message: String },
    #[error("there is no defect {0}")]
    UnknownDefect(String),
    #[error("defect {0} already exists")]
    DuplicateDefect(String),
    #[error("defect {defect} is {from}: it cannot become {to}")]
    Transition {
        defect: String,
        from: String,
        to: String,
    },
    #[error("{resource} is not signed off for delivery {delivery}")]
    NotSignedOff { resource: String, delivery: String },
    #[error("there is no earlier entry {0} to undo")]
    UnknownEntry(String),
    #[error("entry {0} is already undone")]
    AlreadyUndone(String),
    #[error("entry {0} is already in the journal")]
    DuplicateEntry(String),
    #[error("this would invalidate the later entry {entry}: {reason}")]
    BreaksLater { entry: String, reason: String },
}

/// An entry of the journal that the fold skipped, and why (e.g. two people changed the same
/// defect at once). The entry stays in the journal; the UI can show these.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejection {
    pub entry: String,
    pub action: String,
    pub author: String,
    pub time: DateTime<Utc>,
    pub error: FoldError,
}
