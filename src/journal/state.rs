//! The fold: verdicts, defects and sign-offs as the journal says they stand, computed from the
//! entries in journal order `(seq, time, id)`, honouring `undo`. Pure: no I/O, no DuckDB.
//!
//! # Actions
//!
//! Payload fields are JSON strings; `?` marks an optional one. Builders: `journal::actions`.
//!
//! | action | payload | effect | rejected when |
//! |---|---|---|---|
//! | `verdict.set` | `resource`, `item`, `delivery`, `value` (`todo` `ok` `ko` `na` `blocked`), `comment`? | the verdict of (resource, item, delivery) becomes this one: the latest wins | a field is missing, unknown `value` |
//! | `defect.new` | `id` (assigned by `Journal::new_defect`, e.g. `MD4KQ-7`), `resource`, `severity` (`bloquante` `majeure` `mineure`; the English words are read too), `item`?, `delivery`? (where found), `description`?, any other field (`kind`, `keys`, `columns`, `evidence`...) kept in `details` | a defect, `open`; if the id exists already (journals merged), a second defect, addressable as `<id>@<entry>` (see [`State::duplicates`]) | a field is missing (and, checked before writing, the id exists) |
//! | `defect.status` | `defect` (its id), `status` (`fixed` `verified` `reopened` `rejected`), `delivery` (required by `fixed`), `reason` (required by `rejected`), `comment`? | the status changes; added to the history | unknown defect, transition not in the table below |
//! | `defect.comment` | `defect`, `text` | added to the history | unknown defect |
//! | `defect.occurrence` | `defect`, `keys`? (array), `columns`?, `evidence`?, `delivery`? | another report of the same problem, attached (grouping); added to `occurrences` and the history | unknown defect |
//! | `signoff.set` | `resource`, `delivery`, `comment`?, `files`? (object: `campaign`, `checklist`, `source`, `migrated` → content digest) | the resource is signed off for the delivery, without reservation (a later sign-off replaces it) | a field is missing |
//! | `signoff.reserved` | as `signoff.set`, and `reservations` (why), `refused`? (array: what the rules refused) | the resource is signed off for the delivery *with reservations* (a later sign-off replaces it) | a field is missing |
//! | `signoff.withdraw` | `resource`, `delivery`, `reason`? | the sign-off is removed | not signed off |
//! | `sample.draw` | `resource`, `item`, `delivery`, `seed`, `keys` (array of keys) | none (the draw, kept as evidence) | never |
//! | `sample.mark` | `resource`, `item`, `delivery`, `key` (array: the key's parts, `null` for NULL), `mark` (`ok`) | the record of the item's sample is reviewed and right, for that delivery | a field is missing, unknown `mark` |
//! | `undo` | `entry` (an entry id) | as if that entry had never been written; undoing an `undo` restores its entry | the entry is unknown or later, already undone, or a later entry would become invalid |
//! | any other | anything | none (kept in the journal for whoever wrote it; the journal says once per file that a newer recette wrote it) | never |
//!
//! Defect transitions: `open`/`reopened` → `fixed` or `rejected`; `fixed` → `verified`;
//! `fixed`/`verified`/`rejected` → `reopened`.
//!
//! # Two ways in
//!
//! - [`State::from_entries`] folds what is written and never fails: an entry that does not
//!   apply (two people changed the same defect at once, a hand-edited line...) is skipped and
//!   listed in [`State::rejected`].
//! - [`State::check`] and [`State::apply`] are strict: the console checks an action before
//!   appending it, and refuses it with the [`FoldError`].
//!
//! `undo` is implemented by replay: the entries it cancels are left out and everything is
//! folded again, so an undone verdict falls back to the previous one, and an undo that would
//! break a later entry (un-fixing a defect that was since verified) is refused.

mod effects;
mod records;

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde_json::Value;

pub use records::{
    DefectEvent, DefectRecord, DefectStatus, FoldError, Rejection, SampleMarkRecord, Severity,
    SignOffKey, SignOffRecord, VerdictKey, VerdictRecord, VerdictValue,
};

use super::actions::{DEFECT_NEW, UNDO};
use super::entry::{Entry, now_millis, sort_entries};
use super::id::duplicate_alias;
use effects::{commit, effect};

/// A defect id that two `defect.new` entries carry (journals of two machines merged, written
/// before installation ids): both defects are kept. The first in journal order keeps `id`
/// (and is also `first_alias`); the other is `alias`, under which it is listed and addressed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateDefect {
    pub id: String,
    pub first_entry: String,
    pub first_alias: String,
    pub entry: String,
    pub alias: String,
    pub author: String,
    pub time: DateTime<Utc>,
}

impl std::fmt::Display for DuplicateDefect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "defect {} was created twice (entries {} and {}, journals merged from two \
             machines?): both are kept, as {} (also {}) and {}",
            self.id, self.first_entry, self.entry, self.id, self.first_alias, self.alias
        )
    }
}

/// The state of a campaign's recette according to its journal.
#[derive(Clone, Debug, Default)]
pub struct State {
    verdicts: BTreeMap<VerdictKey, VerdictRecord>,
    defects: BTreeMap<String, DefectRecord>,
    signoffs: BTreeMap<SignOffKey, SignOffRecord>,
    /// Sample records found right, per (resource, item, delivery), by key.
    sample_marks: BTreeMap<VerdictKey, BTreeMap<Vec<Option<String>>, SampleMarkRecord>>,
    rejected: Vec<Rejection>,
    /// Defect ids created more than once, each copy kept (see [`State::duplicates`]).
    duplicates: Vec<DuplicateDefect>,
    /// Other names of defects: `MD4K-1@8f3k2q` → `MD4K-1` (the first of a duplicated id).
    aliases: HashMap<String, String>,
    /// Entries cancelled by an (effective) undo.
    undone: HashSet<String>,
    /// Every entry folded so far, in journal order (kept for undo's replay).
    log: Vec<Entry>,
}

impl State {
    /// Folds entries (in any order; they are sorted in journal order). Never fails.
    pub fn from_entries(entries: &[Entry]) -> State {
        replay(entries.to_vec())
    }

    /// The current verdict of an item for a delivery; `None` means nobody said anything yet
    /// (to do).
    pub fn verdict(&self, resource: &str, item: &str, delivery: &str) -> Option<&VerdictRecord> {
        self.verdicts.get(&VerdictKey {
            resource: resource.into(),
            item: item.into(),
            delivery: delivery.into(),
        })
    }

    pub fn verdicts(&self) -> &BTreeMap<VerdictKey, VerdictRecord> {
        &self.verdicts
    }

    /// A defect by its id, or by the `<id>@<entry>` name of a duplicated id.
    pub fn defect(&self, id: &str) -> Option<&DefectRecord> {
        self.defects.get(self.resolve_defect(id))
    }

    /// The key under which defect `id` is kept (`id` itself unless it is an alias).
    pub fn resolve_defect<'a>(&'a self, id: &'a str) -> &'a str {
        self.aliases.get(id).map(String::as_str).unwrap_or(id)
    }

    /// Defect ids created twice or more, all copies kept, in journal order.
    pub fn duplicates(&self) -> &[DuplicateDefect] {
        &self.duplicates
    }

    pub fn defects(&self) -> &BTreeMap<String, DefectRecord> {
        &self.defects
    }

    /// The sign-off of a resource for a delivery, if it is signed off.
    pub fn signoff(&self, resource: &str, delivery: &str) -> Option<&SignOffRecord> {
        self.signoffs.get(&SignOffKey {
            resource: resource.into(),
            delivery: delivery.into(),
        })
    }

    pub fn signoffs(&self) -> &BTreeMap<SignOffKey, SignOffRecord> {
        &self.signoffs
    }

    /// The records of an item's sample found right for a delivery (`sample.mark`), by key.
    pub fn sample_marks(
        &self,
        resource: &str,
        item: &str,
        delivery: &str,
    ) -> Option<&BTreeMap<Vec<Option<String>>, SampleMarkRecord>> {
        self.sample_marks.get(&VerdictKey {
            resource: resource.into(),
            item: item.into(),
            delivery: delivery.into(),
        })
    }

    /// Written entries the fold skipped, in journal order.
    pub fn rejected(&self) -> &[Rejection] {
        &self.rejected
    }

    /// Whether entry `id` has been cancelled by an undo.
    pub fn is_undone(&self, id: &str) -> bool {
        self.undone.contains(id)
    }

    /// Checks, before appending it, whether `author` may do `action` with `payload` now (a
    /// `defect.new` may omit the `id` that `Journal::new_defect` will assign).
    pub fn check(&self, author: &str, action: &str, payload: &Value) -> Result<(), FoldError> {
        let Value::Object(fields) = payload else {
            return Err(FoldError::Payload {
                action: action.into(),
                message: "the payload must be a JSON object".into(),
            });
        };
        // Written now, it would come after everything (see `Journal::append`).
        let mut draft = Entry {
            id: "~draft".into(),
            time: now_millis(),
            seq: self.log.iter().map(|e| e.seq).max().unwrap_or(0) + 1,
            author: author.into(),
            action: action.into(),
            payload: fields.clone(),
        };
        if action == DEFECT_NEW && !draft.payload.contains_key("id") {
            // `Journal::new_defect` assigns the id under the lock; any unused one checks alike.
            draft
                .payload
                .insert("id".into(), Value::String("~new".into()));
        }
        if action == UNDO {
            self.clone().apply(&draft)
        } else {
            effect(self, &draft).map(|_| ())
        }
    }

    /// Folds one more entry, strictly: on error the state is unchanged. The usual case (an
    /// entry later than all others, not an undo) costs one map update; otherwise the whole
    /// journal is replayed with the entry in its place.
    pub fn apply(&mut self, entry: &Entry) -> Result<(), FoldError> {
        if self.log.iter().any(|e| e.id == entry.id) {
            return Err(FoldError::DuplicateEntry(entry.id.clone()));
        }
        let last = self
            .log
            .last()
            .is_none_or(|l| l.order(entry) == Ordering::Less);
        if last && entry.action != UNDO {
            let change = effect(self, entry)?;
            commit(self, change);
            self.log.push(entry.clone());
            return Ok(());
        }
        if entry.action == UNDO {
            let target = entry.str_field("entry").unwrap_or_default();
            let earlier = self
                .log
                .iter()
                .any(|e| e.id == target && e.order(entry) == Ordering::Less);
            if !earlier {
                return Err(FoldError::UnknownEntry(target.into()));
            }
            if self.undone.contains(target) {
                return Err(FoldError::AlreadyUndone(target.into()));
            }
        }
        let mut log = self.log.clone();
        log.push(entry.clone());
        let candidate = replay(log);
        let before: HashSet<&str> = self.rejected.iter().map(|r| r.entry.as_str()).collect();
        if let Some(new) = candidate
            .rejected
            .iter()
            .find(|r| !before.contains(r.entry.as_str()))
        {
            return Err(match new.entry == entry.id {
                true => new.error.clone(),
                false => FoldError::BreaksLater {
                    entry: new.entry.clone(),
                    reason: new.error.to_string(),
                },
            });
        }
        *self = candidate;
        Ok(())
    }
}

/// The defect a `defect.new` would duplicate (its id is taken), if any.
fn duplicated(state: &State, entry: &Entry) -> Option<DefectRecord> {
    if entry.action != DEFECT_NEW {
        return None;
    }
    let id = entry.str_field("id")?;
    state.defects.get(id).cloned()
}

/// The lenient fold of a whole journal.
fn replay(mut log: Vec<Entry>) -> State {
    sort_entries(&mut log);
    let mut seen = HashSet::new();
    log.retain(|e| seen.insert(e.id.clone()));
    let position: HashMap<&str, usize> = log
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let target_of = |i: usize| -> Option<usize> {
        let entry = &log[i];
        let target = entry.str_field("entry").and_then(|id| position.get(id))?;
        (entry.action == UNDO && *target < i).then_some(*target)
    };
    // Backwards, so that an undo undone later does not count: an entry is cancelled when an
    // undo that is not itself cancelled names it.
    let mut cancelled = vec![false; log.len()];
    for i in (0..log.len()).rev() {
        if let Some(target) = target_of(i).filter(|_| !cancelled[i]) {
            cancelled[target] = true;
        }
    }
    let mut state = State::default();
    for (i, entry) in log.iter().enumerate() {
        if cancelled[i] {
            continue;
        }
        let result = if let Some(first) = duplicated(&state, entry) {
            let alias = duplicate_alias(&first.id, &entry.id);
            let mut copy = entry.clone();
            copy.payload
                .insert("id".into(), Value::String(alias.clone()));
            effect(&state, &copy).map(|change| {
                let first_alias = duplicate_alias(&first.id, &first.history[0].entry);
                let duplicate = DuplicateDefect {
                    id: first.id.clone(),
                    first_entry: first.history[0].entry.clone(),
                    first_alias: first_alias.clone(),
                    entry: entry.id.clone(),
                    alias: alias.clone(),
                    author: entry.author.clone(),
                    time: entry.time,
                };
                commit(&mut state, change);
                state.aliases.insert(first_alias, duplicate.id.clone());
                state.duplicates.push(duplicate);
            })
        } else if entry.action == UNDO {
            match target_of(i) {
                None => Err(FoldError::UnknownEntry(
                    entry.str_field("entry").unwrap_or_default().into(),
                )),
                Some(t) => match state.undone.insert(log[t].id.clone()) {
                    true => Ok(()),
                    false => Err(FoldError::AlreadyUndone(log[t].id.clone())),
                },
            }
        } else {
            effect(&state, entry).map(|change| commit(&mut state, change))
        };
        if let Err(error) = result {
            state.rejected.push(Rejection {
                entry: entry.id.clone(),
                action: entry.action.clone(),
                author: entry.author.clone(),
                time: entry.time,
                error,
            });
        }
    }
    state.log = log;
    state
}
