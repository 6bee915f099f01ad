//! What each known action does to the state: `effect` reads and validates an entry against
//! the current state without changing it, `commit` applies the result. Pure: no I/O.

use serde_json::Value;

use super::State;
use super::records::{
    DefectEvent, DefectRecord, DefectStatus, FoldError, SampleMarkRecord, Severity, SignOffKey,
    SignOffRecord, VerdictKey, VerdictRecord, VerdictValue,
};
use crate::journal::actions::{
    DEFECT_COMMENT, DEFECT_NEW, DEFECT_OCCURRENCE, DEFECT_STATUS, SAMPLE_MARK, SIGNOFF_RESERVED,
    SIGNOFF_SET, SIGNOFF_WITHDRAW, VERDICT_SET,
};
use crate::journal::entry::Entry;

/// A validated change, ready to commit.
pub(super) enum Effect {
    Verdict(VerdictKey, VerdictRecord),
    NewDefect(Box<DefectRecord>),
    DefectEvent {
        defect: String,
        event: DefectEvent,
    },
    Occurrence {
        defect: String,
        details: serde_json::Map<String, Value>,
        event: DefectEvent,
    },
    SignOff(SignOffKey, SignOffRecord),
    Withdraw(SignOffKey),
    SampleMark(VerdictKey, Vec<Option<String>>, SampleMarkRecord),
    /// An action the fold does not know: kept in the journal, no effect.
    Nothing,
}

/// Validates `entry` (not an undo) against `state`.
pub(super) fn effect(state: &State, entry: &Entry) -> Result<Effect, FoldError> {
    let p = Fields(entry);
    match entry.action.as_str() {
        VERDICT_SET => {
            let key = VerdictKey {
                resource: p.required("resource")?,
                item: p.required("item")?,
                delivery: p.required("delivery")?,
            };
            let value = p.required("value")?;
            let value = VerdictValue::parse(&value).ok_or_else(|| {
                p.error(format!(
                    "unknown verdict {value:?} (todo, ok, ko, na, blocked)"
                ))
            })?;
            let record = VerdictRecord {
                value,
                author: entry.author.clone(),
                time: entry.time,
                comment: p.optional("comment")?,
                entry: entry.id.clone(),
            };
            Ok(Effect::Verdict(key, record))
        }
        DEFECT_NEW => {
            let id = p.required("id")?;
            if state.defects.contains_key(&id) {
                return Err(FoldError::DuplicateDefect(id));
            }
            let severity = p.required("severity")?;
            let severity = Severity::parse(&severity).ok_or_else(|| {
                p.error(format!(
                    "unknown severity {severity:?} (bloquante, majeure, mineure)"
                ))
            })?;
            let description = p.optional("description")?;
            let created = DefectEvent {
                entry: entry.id.clone(),
                time: entry.time,
                author: entry.author.clone(),
                status: Some(DefectStatus::Open),
                comment: None,
            };
            Ok(Effect::NewDefect(Box::new(DefectRecord {
                id,
                resource: p.required("resource")?,
                item: p.optional("item")?,
                delivery: p.optional("delivery")?,
                severity,
                description: description.unwrap_or_default(),
                author: entry.author.clone(),
                created: entry.time,
                status: DefectStatus::Open,
                history: vec![created],
                details: entry.payload.clone(),
                occurrences: Vec::new(),
            })))
        }
        DEFECT_STATUS => {
            let (defect, current) = p.defect(state)?;
            let status = p.required("status")?;
            let next = match status.as_str() {
                "fixed" => DefectStatus::Fixed {
                    delivery: p.required("delivery")?,
                },
                "verified" => DefectStatus::Verified,
                "reopened" => DefectStatus::Reopened,
                "rejected" => DefectStatus::Rejected {
                    reason: p.required("reason")?,
                },
                other => {
                    return Err(p.error(format!(
                        "unknown status {other:?} (fixed, verified, reopened, rejected)"
                    )));
                }
            };
            if !current.status.can_become(&next) {
                return Err(FoldError::Transition {
                    defect,
                    from: current.status.name().into(),
                    to: next.name().into(),
                });
            }
            Ok(p.event(defect, Some(next), p.optional("comment")?))
        }
        DEFECT_OCCURRENCE => {
            let (defect, _) = p.defect(state)?;
            let keys = entry
                .payload
                .get("keys")
                .map(|k| k.to_string())
                .unwrap_or_default();
            let Effect::DefectEvent { defect, event } =
                p.event(defect, None, Some(format!("occurrence: {keys}")))
            else {
                unreachable!("event() builds a DefectEvent")
            };
            Ok(Effect::Occurrence {
                defect,
                details: entry.payload.clone(),
                event,
            })
        }
        DEFECT_COMMENT => {
            let (defect, _) = p.defect(state)?;
            let text = p.required("text")?;
            Ok(p.event(defect, None, Some(text)))
        }
        SIGNOFF_SET | SIGNOFF_RESERVED => {
            let key = p.signoff_key()?;
            let reservations = match entry.action.as_str() {
                SIGNOFF_RESERVED => Some(p.required("reservations")?),
                _ => None,
            };
            let record = SignOffRecord {
                author: entry.author.clone(),
                time: entry.time,
                comment: p.optional("comment")?,
                entry: entry.id.clone(),
                reservations,
                files: p.texts("files")?,
            };
            Ok(Effect::SignOff(key, record))
        }
        SIGNOFF_WITHDRAW => {
            let key = p.signoff_key()?;
            if !state.signoffs.contains_key(&key) {
                return Err(FoldError::NotSignedOff {
                    resource: key.resource,
                    delivery: key.delivery,
                });
            }
            Ok(Effect::Withdraw(key))
        }
        SAMPLE_MARK => {
            let key = VerdictKey {
                resource: p.required("resource")?,
                item: p.required("item")?,
                delivery: p.required("delivery")?,
            };
            let mark = p.required("mark")?;
            if mark != "ok" {
                return Err(p.error(format!("unknown mark {mark:?} (ok)")));
            }
            let record_key = p.key("key")?;
            let record = SampleMarkRecord {
                author: entry.author.clone(),
                time: entry.time,
                entry: entry.id.clone(),
            };
            Ok(Effect::SampleMark(key, record_key, record))
        }
        _ => Ok(Effect::Nothing),
    }
}

/// Applies a validated change.
pub(super) fn commit(state: &mut State, effect: Effect) {
    match effect {
        Effect::Verdict(key, record) => {
            state.verdicts.insert(key, record);
        }
        Effect::NewDefect(record) => {
            state.defects.insert(record.id.clone(), *record);
        }
        Effect::DefectEvent { defect, event } => {
            if let Some(record) = state.defects.get_mut(&defect) {
                if let Some(status) = &event.status {
                    record.status = status.clone();
                }
                record.history.push(event);
            }
        }
        Effect::Occurrence {
            defect,
            details,
            event,
        } => {
            if let Some(record) = state.defects.get_mut(&defect) {
                record.occurrences.push(details);
                record.history.push(event);
            }
        }
        Effect::SignOff(key, record) => {
            state.signoffs.insert(key, record);
        }
        Effect::Withdraw(key) => {
            state.signoffs.remove(&key);
        }
        Effect::SampleMark(key, record_key, record) => {
            state
                .sample_marks
                .entry(key)
                .or_default()
                .insert(record_key, record);
        }
        Effect::Nothing => {}
    }
}

/// Typed access to an entry's payload, with errors that name the action and field.
struct Fields<'a>(&'a Entry);

impl Fields<'_> {
    fn error(&self, message: String) -> FoldError {
        FoldError::Payload {
            action: self.0.action.clone(),
            message,
        }
    }

    /// A non-empty string field.
    fn required(&self, key: &str) -> Result<String, FoldError> {
        match self.optional(key)? {
            Some(text) => Ok(text),
            None => Err(self.error(format!("the field {key:?} is missing or empty"))),
        }
    }

    /// A string field; absent, null or blank is `None`.
    fn optional(&self, key: &str) -> Result<Option<String>, FoldError> {
        match self.0.payload.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(other) => Err(self.error(format!("the field {key:?} must be text, not {other}"))),
        }
    }

    /// An optional object of text values (absent: empty).
    fn texts(&self, key: &str) -> Result<std::collections::BTreeMap<String, String>, FoldError> {
        match self.0.payload.get(key) {
            None | Some(Value::Null) => Ok(Default::default()),
            Some(Value::Object(fields)) => fields
                .iter()
                .map(|(name, value)| match value {
                    Value::String(text) => Ok((name.clone(), text.clone())),
                    other => Err(self.error(format!("{key}.{name} must be text, not {other}"))),
                })
                .collect(),
            Some(other) => {
                Err(self.error(format!("the field {key:?} must be an object, not {other}")))
            }
        }
    }

    /// A record key: an array of text parts, `null` for a NULL part.
    fn key(&self, key: &str) -> Result<Vec<Option<String>>, FoldError> {
        let parts = match self.0.payload.get(key) {
            Some(Value::Array(parts)) if !parts.is_empty() => parts,
            _ => return Err(self.error(format!("the field {key:?} must be a non-empty array"))),
        };
        parts
            .iter()
            .map(|part| match part {
                Value::Null => Ok(None),
                Value::String(text) => Ok(Some(text.clone())),
                other => Err(self.error(format!("a part of {key:?} must be text, not {other}"))),
            })
            .collect()
    }

    /// The defect named by the `defect` field.
    fn defect<'s>(&self, state: &'s State) -> Result<(String, &'s DefectRecord), FoldError> {
        let id = self.required("defect")?;
        let key = state.resolve_defect(&id).to_owned();
        match state.defects.get(&key) {
            Some(record) => Ok((key, record)),
            None => Err(FoldError::UnknownDefect(id)),
        }
    }

    fn signoff_key(&self) -> Result<SignOffKey, FoldError> {
        Ok(SignOffKey {
            resource: self.required("resource")?,
            delivery: self.required("delivery")?,
        })
    }

    fn event(
        &self,
        defect: String,
        status: Option<DefectStatus>,
        comment: Option<String>,
    ) -> Effect {
        let event = DefectEvent {
            entry: self.0.id.clone(),
            time: self.0.time,
            author: self.0.author.clone(),
            status,
            comment,
        };
        Effect::DefectEvent { defect, event }
    }
}
