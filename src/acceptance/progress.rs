//! Item verdicts, progress per resource and the go/no-go.

use serde::Serialize;

use crate::domain::checklist::{Checklist, Item, ItemKind};
use crate::domain::report::ResourceReport;
use crate::journal::{DefectRecord, Severity, State, VerdictValue};

/// The verdict of one item for one delivery, as people see it.
#[derive(Debug, Clone, Serialize)]
pub struct ItemVerdict {
    pub resource: String,
    pub item: String,
    pub label: String,
    pub kind: &'static str,
    pub delivery: String,
    /// `todo`, `ok`, `ko`, `na`, `blocked`: a person's verdict when there is one, else the
    /// computed one (automated items), else `todo`.
    pub verdict: &'static str,
    /// Automated items: what the engine computed (`ok`/`ko`), whatever a person said.
    pub computed: Option<&'static str>,
    /// Automated items: the measured values (`missing_rows = 4`).
    pub measured: Option<String>,
    /// Who set the verdict, when and why (a person's verdict only).
    pub author: Option<String>,
    pub time: Option<String>,
    pub comment: Option<String>,
    /// The person's verdicts on earlier deliveries, oldest first (`L1: ko`).
    pub history: Vec<String>,
}

/// The verdicts of every item of `resource` for `delivery`. `report` is that delivery's
/// reconciliation of the resource (needed by automated items).
pub fn item_verdicts(
    checklist: &Checklist,
    state: &State,
    resource: &str,
    delivery: &str,
    earlier: &[String],
    report: Option<&ResourceReport>,
) -> Vec<ItemVerdict> {
    checklist
        .items_for(resource)
        .map(|item| item_verdict(item, state, delivery, earlier, report))
        .collect()
}

fn item_verdict(
    item: &Item,
    state: &State,
    delivery: &str,
    earlier: &[String],
    report: Option<&ResourceReport>,
) -> ItemVerdict {
    let evaluation = match (&item.kind, report) {
        (ItemKind::Automated { criterion }, Some(report)) => Some(criterion.evaluate(report)),
        _ => None,
    };
    let computed = evaluation
        .as_ref()
        .map(|e| if e.passed { "ok" } else { "ko" });
    let person = state.verdict(&item.resource, &item.id, delivery);
    let verdict = match (person, computed) {
        (Some(p), _) => p.value.as_str(),
        (None, Some(c)) => c,
        (None, None) => VerdictValue::Todo.as_str(),
    };
    let history = earlier
        .iter()
        .filter_map(|d| {
            state
                .verdict(&item.resource, &item.id, d)
                .map(|v| format!("{d}: {}", v.value.as_str()))
        })
        .collect();
    ItemVerdict {
        resource: item.resource.clone(),
        item: item.id.clone(),
        label: item.label.clone(),
        kind: item.kind.name(),
        delivery: delivery.to_string(),
        verdict,
        computed,
        measured: evaluation.map(|e| e.measured),
        author: person.map(|p| p.author.clone()),
        time: person.map(|p| p.time.format("%Y-%m-%d %H:%M").to_string()),
        comment: person.and_then(|p| p.comment.clone()),
        history,
    }
}

/// Where a resource stands for a delivery.
#[derive(Debug, Clone, Serialize)]
pub struct ResourceProgress {
    pub resource: String,
    pub delivery: String,
    pub items_total: usize,
    /// Items with a verdict other than `todo`.
    pub items_done: usize,
    pub ok: usize,
    pub ko: usize,
    pub na: usize,
    pub blocked: usize,
    /// Open defects (not verified, not rejected) by severity.
    pub open_bloquante: usize,
    pub open_majeure: usize,
    pub open_mineure: usize,
    pub signed_off_by: Option<String>,
}

pub fn resource_progress(
    resource: &str,
    delivery: &str,
    verdicts: &[ItemVerdict],
    state: &State,
) -> ResourceProgress {
    let count = |v: &str| verdicts.iter().filter(|i| i.verdict == v).count();
    let open = |s: Severity| {
        open_defects(state, resource)
            .filter(|d| d.severity == s)
            .count()
    };
    ResourceProgress {
        resource: resource.to_string(),
        delivery: delivery.to_string(),
        items_total: verdicts.len(),
        items_done: verdicts.len() - count("todo"),
        ok: count("ok"),
        ko: count("ko"),
        na: count("na"),
        blocked: count("blocked"),
        open_bloquante: open(Severity::Blocking),
        open_majeure: open(Severity::Major),
        open_mineure: open(Severity::Minor),
        signed_off_by: state
            .signoff(resource, delivery)
            .map(|s| format!("{}, {}", s.author, s.time.format("%Y-%m-%d"))),
    }
}

/// Defects of a resource that still need work: not verified, not rejected.
pub fn open_defects<'s>(
    state: &'s State,
    resource: &'s str,
) -> impl Iterator<Item = &'s DefectRecord> + 's {
    state
        .defects()
        .values()
        .filter(move |d| d.resource == resource && !d.status.is_closed())
}

/// Why a resource cannot be signed off on a delivery (empty: it can): every item needs a
/// verdict, and no blocking defect may remain open.
pub fn signoff_blockers(progress: &ResourceProgress, verdicts: &[ItemVerdict]) -> Vec<String> {
    let mut reasons = Vec::new();
    let todo: Vec<&str> = verdicts
        .iter()
        .filter(|v| v.verdict == "todo")
        .map(|v| v.item.as_str())
        .collect();
    if !todo.is_empty() {
        reasons.push(format!("vérifications sans verdict : {}", todo.join(", ")));
    }
    if progress.open_bloquante > 0 {
        reasons.push(format!(
            "{} anomalie(s) bloquante(s) ouverte(s)",
            progress.open_bloquante
        ));
    }
    reasons
}

/// Go for the switch-over: every resource signed off on the last delivery, and no open
/// blocking defect anywhere.
#[derive(Debug, Clone, Serialize)]
pub struct GoNoGo {
    pub go: bool,
    pub reasons: Vec<String>,
}

pub fn go_no_go(last: &[ResourceProgress]) -> GoNoGo {
    let mut reasons = Vec::new();
    let unsigned: Vec<&str> = last
        .iter()
        .filter(|p| p.signed_off_by.is_none())
        .map(|p| p.resource.as_str())
        .collect();
    if !unsigned.is_empty() {
        reasons.push(format!("ressources non signées : {}", unsigned.join(", ")));
    }
    let blocking: usize = last.iter().map(|p| p.open_bloquante).sum();
    if blocking > 0 {
        reasons.push(format!("{blocking} anomalie(s) bloquante(s) ouverte(s)"));
    }
    GoNoGo {
        go: reasons.is_empty(),
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::Entry;
    use serde_json::json;

    fn entry(n: u64, action: &str, payload: serde_json::Value) -> Entry {
        let line = json!({
            "id": format!("0000000{n:03}-t-aaaaaa"),
            "time": format!("2026-10-01T10:00:{n:02}.000Z"),
            "author": "Marie Dupont",
            "action": action,
            "payload": payload,
        });
        Entry::from_line(line.to_string().as_bytes()).unwrap()
    }

    fn progress(state: &State, verdicts: &[ItemVerdict]) -> ResourceProgress {
        resource_progress("employee", "L2", verdicts, state)
    }

    fn verdict(item: &str, value: &'static str) -> ItemVerdict {
        ItemVerdict {
            resource: "employee".into(),
            item: item.into(),
            label: String::new(),
            kind: "manual",
            delivery: "L2".into(),
            verdict: value,
            computed: None,
            measured: None,
            author: None,
            time: None,
            comment: None,
            history: Vec::new(),
        }
    }

    #[test]
    fn signoff_needs_every_verdict_and_no_open_blocking_defect() {
        let state = State::from_entries(&[entry(
            1,
            "defect.new",
            json!({"id": "MD-1", "resource": "employee", "severity": "bloquante", "description": "x"}),
        )]);
        let verdicts = [verdict("a", "ok"), verdict("b", "todo")];
        let blockers = signoff_blockers(&progress(&state, &verdicts), &verdicts);
        assert_eq!(blockers.len(), 2, "{blockers:?}");
        assert!(blockers[0].contains('b'));

        let fixed = State::from_entries(&[
            entry(
                1,
                "defect.new",
                json!({"id": "MD-1", "resource": "employee", "severity": "bloquante", "description": "x"}),
            ),
            entry(
                2,
                "defect.status",
                json!({"defect": "MD-1", "status": "rejected", "reason": "pas une anomalie"}),
            ),
        ]);
        let verdicts = [verdict("a", "ok"), verdict("b", "na")];
        assert!(signoff_blockers(&progress(&fixed, &verdicts), &verdicts).is_empty());
    }

    #[test]
    fn go_needs_every_resource_signed_off() {
        let state = State::from_entries(&[entry(
            1,
            "signoff.set",
            json!({"resource": "employee", "delivery": "L2"}),
        )]);
        let signed = progress(&state, &[]);
        assert!(go_no_go(std::slice::from_ref(&signed)).go);
        let other = resource_progress("visit", "L2", &[], &state);
        let verdict = go_no_go(&[signed, other]);
        assert!(!verdict.go);
        assert_eq!(verdict.reasons, ["ressources non signées : visit"]);
    }
}
