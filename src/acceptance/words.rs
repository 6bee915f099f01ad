//! The recette's decisions in a language's words (`domain::i18n`), for the console, the
//! command line's human output and the exports alike: why a sign-off is refused, where a
//! sign-off stands, what stands between the last delivery and a GO. Resources and columns
//! by their labels, found in the campaign (or the console's overview). Raw text: whoever
//! prints it escapes what came from files.

use super::decision::{Blocker, Decision, GoNoGo};
use super::signoff::{Reason, Standing};
use crate::domain::campaign::Resources;
use crate::domain::i18n::{Catalogue, fill};
use crate::domain::signoff::FileKind;
use crate::journal::DefectStatus;

/// One reason the rules refuse a sign-off without reservation, about `resource`.
pub fn reason(t: &Catalogue, resources: &dyn Resources, resource: &str, reason: &Reason) -> String {
    match reason {
        Reason::Ko { item, label } => fill(t.r_ko, &[item, label]),
        Reason::Todo { item, label } => fill(t.r_todo, &[item, label]),
        Reason::Criterion {
            item,
            label,
            measured,
        } => fill(t.r_criterion, &[item, label, measured]),
        Reason::Overridden {
            item,
            label,
            computed,
            verdict,
            author,
            ..
        } => fill(
            t.r_overridden,
            &[
                item,
                label,
                &computed.to_uppercase(),
                &verdict.to_uppercase(),
                author,
            ],
        ),
        Reason::AbsentColumns { columns } => {
            let labels: Vec<&str> = columns
                .iter()
                .map(|c| resources.column_label(resource, c))
                .collect();
            fill(t.r_absent, &[&labels.join(", ")])
        }
        Reason::OpenBlocking { defects } => fill(t.r_blocking, &[&defects.join(", ")]),
        Reason::NotReconciled => fill(t.not_reconciled, &[resources.resource_label(resource)]),
    }
}

/// The short name of a reason in the go line: the item, else the reason itself.
fn reason_short(t: &Catalogue, resources: &dyn Resources, resource: &str, r: &Reason) -> String {
    match r {
        Reason::Ko { item, .. }
        | Reason::Todo { item, .. }
        | Reason::Criterion { item, .. }
        | Reason::Overridden { item, .. } => item.clone(),
        other => reason(t, resources, resource, other),
    }
}

/// "signée avant que les fichiers de L2 changent" / "signed before L2's files changed".
pub fn stale(t: &Catalogue, changed: &[FileKind], delivery: &str) -> String {
    if changed.is_empty() {
        return t.stale_unrecorded.to_string();
    }
    let names: Vec<String> = changed
        .iter()
        .map(|k| match k {
            FileKind::Campaign => t.changed_campaign.to_string(),
            FileKind::Checklist => t.changed_checklist.to_string(),
            FileKind::Source => t.changed_source.to_string(),
            FileKind::Delivery => fill(t.changed_delivery, &[delivery]),
        })
        .collect();
    let many = changed.len() > 1 || changed.contains(&FileKind::Delivery);
    fill(
        if many { t.stale_many } else { t.stale_one },
        &[&t.list(&names)],
    )
}

/// A sign-off in one word: no, yes, reserved, to renew.
pub fn standing_cell(t: &Catalogue, standing: &Standing) -> &'static str {
    match standing {
        Standing::Unsigned => t.not_signed,
        Standing::Signed {
            reservations: None, ..
        } => t.signed,
        Standing::Signed { .. } => t.signed_reserved,
        Standing::Stale { .. } => t.signed_stale,
    }
}

/// A recorded sign-off in full: who, when, with what reservations, whether it still counts.
pub fn standing(t: &Catalogue, standing: &Standing, delivery: &str) -> String {
    let Some(by) = standing.by() else {
        return t.not_signed.to_string();
    };
    let mut out = by;
    if let Some(why) = standing.reservations() {
        out.push_str(" — ");
        out.push_str(&fill(t.signoff_with_reservations, &[why]));
    }
    if let Standing::Stale { changed, .. } = standing {
        out.push_str(" — ");
        out.push_str(&fill(t.stale_renew, &[&stale(t, changed, delivery)]));
    }
    out
}

/// GO, GO with reservations, NO-GO.
pub fn decision(t: &Catalogue, decision: Decision) -> &'static str {
    match decision {
        Decision::Go => t.decision_go,
        Decision::GoWithReservations => t.go_reserved,
        Decision::NoGo => t.no_go,
    }
}

/// What stands between the last delivery and a GO, then the sign-offs given with
/// reservations: one short line each.
pub fn go_reasons(t: &Catalogue, resources: &dyn Resources, go: &GoNoGo) -> Vec<String> {
    let label = |name: &str| resources.resource_label(name).to_string();
    let labels = |names: &[String]| {
        names
            .iter()
            .map(|n| label(n))
            .collect::<Vec<_>>()
            .join(", ")
    };
    // Resources the last delivery could not be reconciled for come first, in one line.
    let not_reconciled = |b: &Blocker| {
        matches!(b, Blocker::Criteria { reasons, .. }
            if reasons.iter().all(|r| *r == Reason::NotReconciled))
    };
    let failed: Vec<String> = go
        .blockers
        .iter()
        .filter(|b| not_reconciled(b))
        .filter_map(|b| match b {
            Blocker::Criteria { resource, .. } => Some(resource.clone()),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    if !failed.is_empty() {
        out.push(fill(t.not_reconciled, &[&labels(&failed)]));
    }
    out.extend(
        go.blockers
            .iter()
            .filter(|b| !not_reconciled(b))
            .map(|b| match b {
                Blocker::Unsigned(names) => fill(t.unsigned, &[&labels(names)]),
                Blocker::Stale {
                    resource,
                    delivery,
                    changed,
                } => fill(
                    t.go_stale,
                    &[&label(resource), &stale(t, changed, delivery)],
                ),
                Blocker::Criteria { resource, reasons } => {
                    let names: Vec<String> = reasons
                        .iter()
                        .map(|r| reason_short(t, resources, resource, r))
                        .collect();
                    fill(t.go_criteria, &[&label(resource), &names.join(", ")])
                }
                Blocker::SinceSignoff { resource, reasons } => {
                    let names: Vec<String> = reasons
                        .iter()
                        .map(|r| reason_short(t, resources, resource, r))
                        .collect();
                    fill(t.go_since, &[&label(resource), &names.join(", ")])
                }
                Blocker::OpenBlocking(n) => fill(t.open_blocking, &[&n.to_string()]),
            }),
    );
    if !go.reserved.is_empty() {
        let names: Vec<String> = go.reserved.iter().map(|r| r.resource.clone()).collect();
        out.push(fill(t.go_reservations, &[&labels(&names)]));
    }
    out
}

/// The decision line of the command line and the exports: "NO-GO pour la bascule
/// (livraison L2) : non signées : Salariés ; …".
pub fn go_sentence(t: &Catalogue, resources: &dyn Resources, go: &GoNoGo, last: &str) -> String {
    let head = fill(t.go_sentence, &[decision(t, go.decision), last]);
    let reasons = go_reasons(t, resources, go);
    if reasons.is_empty() {
        head
    } else {
        // The separator of the console's go line and of the sentence: " — ".
        format!("{head} — {}", reasons.join(" ; "))
    }
}

/// Each sign-off given with reservations, in full: who, why, what it accepts.
pub fn reservations(t: &Catalogue, resources: &dyn Resources, go: &GoNoGo) -> Vec<String> {
    go.reserved
        .iter()
        .map(|r| {
            let mut line = fill(
                t.go_reserved_by,
                &[resources.resource_label(&r.resource), &r.author, &r.why],
            );
            for accepted in &r.accepted {
                line.push_str(" ; ");
                line.push_str(&reason(t, resources, &r.resource, accepted));
            }
            line
        })
        .collect()
}

/// A defect's status for people: "ouverte", "corrigée en L2", "rejetée (doublon)".
pub fn defect_status(t: &Catalogue, status: &DefectStatus) -> String {
    match status {
        DefectStatus::Open => t.st_open.to_string(),
        DefectStatus::Fixed { delivery } => fill(t.st_fixed, &[delivery]),
        DefectStatus::Verified => t.st_verified.to_string(),
        DefectStatus::Reopened => t.st_reopened.to_string(),
        DefectStatus::Rejected { reason } => fill(t.st_rejected_because, &[reason]),
    }
}
