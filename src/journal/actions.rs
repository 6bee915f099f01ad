//! The action names the fold knows and builders for their payloads, so that writers and the
//! fold spell them alike. The fields are documented in the table at the top of `state.rs`.

use serde_json::{Value, json};

use super::state::{DefectStatus, Severity, VerdictValue};

pub const VERDICT_SET: &str = "verdict.set";
pub const DEFECT_NEW: &str = "defect.new";
pub const DEFECT_STATUS: &str = "defect.status";
pub const DEFECT_COMMENT: &str = "defect.comment";
pub const DEFECT_OCCURRENCE: &str = "defect.occurrence";
pub const SIGNOFF_SET: &str = "signoff.set";
pub const SIGNOFF_WITHDRAW: &str = "signoff.withdraw";
/// A sign-off *with reservations*: a distinct action, so that a recette that does not know
/// it (and folds unknown actions to nothing) never takes it for a clean `signoff.set`.
pub const SIGNOFF_RESERVED: &str = "signoff.reserved";
pub const UNDO: &str = "undo";
pub const SAMPLE_DRAW: &str = "sample.draw";
pub const SAMPLE_MARK: &str = "sample.mark";
/// Values shown or exported unmasked (`--unmasked`): no effect on the state, kept as a trace.
pub const UNMASKED_OUTPUT: &str = "unmasked.output";

/// Every action this recette writes or understands. Any other one met in a journal was
/// written by a newer recette (or by hand): kept, without effect, and said once per file.
pub const KNOWN: &[&str] = &[
    VERDICT_SET,
    DEFECT_NEW,
    DEFECT_STATUS,
    DEFECT_COMMENT,
    DEFECT_OCCURRENCE,
    SIGNOFF_SET,
    SIGNOFF_WITHDRAW,
    SIGNOFF_RESERVED,
    UNDO,
    SAMPLE_DRAW,
    SAMPLE_MARK,
    UNMASKED_OUTPUT,
];

/// `unmasked.output` of a file written with personal values unmasked: which `command`
/// wrote it (`export`, `console`), in which format, where. Written before the file is.
pub fn unmasked_output(command: &str, format: &str, out: &std::path::Path) -> Value {
    json!({ "command": command, "format": format, "out": out.display().to_string() })
}

/// Whether this recette knows `action` (see [`KNOWN`]).
pub fn is_known(action: &str) -> bool {
    KNOWN.contains(&action)
}

/// `verdict.set` of a checklist item for a delivery.
pub fn verdict_set(
    resource: &str,
    item: &str,
    delivery: &str,
    value: VerdictValue,
    comment: Option<&str>,
) -> Value {
    with_optional(
        json!({ "resource": resource, "item": item, "delivery": delivery, "value": value.as_str() }),
        [("comment", comment)],
    )
}

/// The required part of a `defect.new` payload (`Journal::new_defect` adds the `id`). Add
/// `item`, `delivery`, `kind`, `keys`, `columns`, `evidence`... with `Value::as_object_mut`.
pub fn defect_new(resource: &str, severity: Severity, description: &str) -> Value {
    json!({ "resource": resource, "severity": severity.as_str(), "description": description })
}

/// `defect.status`: `status` carries the delivery of `fixed` and the reason of `rejected`.
pub fn defect_status(defect: &str, status: &DefectStatus, comment: Option<&str>) -> Value {
    let (delivery, reason) = match status {
        DefectStatus::Fixed { delivery } => (Some(delivery.as_str()), None),
        DefectStatus::Rejected { reason } => (None, Some(reason.as_str())),
        _ => (None, None),
    };
    with_optional(
        json!({ "defect": defect, "status": status.name() }),
        [
            ("delivery", delivery),
            ("reason", reason),
            ("comment", comment),
        ],
    )
}

/// `defect.comment`: a remark added to a defect's history.
pub fn defect_comment(defect: &str, text: &str) -> Value {
    json!({ "defect": defect, "text": text })
}

/// `signoff.set`: the author accepts `resource` for `delivery`; `files` are the digests of
/// what the sign-off covers (`SignoffFiles::payload`).
pub fn signoff_set(resource: &str, delivery: &str, comment: Option<&str>, files: Value) -> Value {
    with_optional(
        json!({ "resource": resource, "delivery": delivery, "files": files }),
        [("comment", comment)],
    )
}

/// `signoff.reserved`: the author accepts `resource` for `delivery` with reservations
/// (`reservations`: why), knowing what the rules refused (`refused`, one line each).
pub fn signoff_reserved(
    resource: &str,
    delivery: &str,
    reservations: &str,
    refused: &[String],
    comment: Option<&str>,
    files: Value,
) -> Value {
    with_optional(
        json!({
            "resource": resource,
            "delivery": delivery,
            "reservations": reservations,
            "refused": refused,
            "files": files,
        }),
        [("comment", comment)],
    )
}

/// `signoff.withdraw`: the sign-off of `resource` for `delivery` no longer holds.
pub fn signoff_withdraw(resource: &str, delivery: &str, reason: Option<&str>) -> Value {
    with_optional(
        json!({ "resource": resource, "delivery": delivery }),
        [("reason", reason)],
    )
}

/// `sample.mark`: a record of an item's sample reviewed and found right (`mark` = `ok`) for a
/// delivery; a wrong one is a defect (`defect.new` with the item and the key).
pub fn sample_mark(resource: &str, item: &str, delivery: &str, key: &[Option<String>]) -> Value {
    json!({ "resource": resource, "item": item, "delivery": delivery, "key": key, "mark": "ok" })
}

/// `undo`: the compensating entry for entry `entry_id`.
pub fn undo(entry_id: &str) -> Value {
    json!({ "entry": entry_id })
}

fn with_optional<const N: usize>(mut base: Value, fields: [(&str, Option<&str>); N]) -> Value {
    if let Some(object) = base.as_object_mut() {
        for (key, value) in fields {
            if let Some(value) = value {
                object.insert(key.to_owned(), Value::String(value.to_owned()));
            }
        }
    }
    base
}
