//! The sign-off rules and the three-way go/no-go on hand-made verdicts and journals.

use serde_json::json;

use super::*;
use crate::acceptance::{Decision, ResourceProgress, go_no_go, resource_progress};
use crate::journal::{Entry, State};

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

fn files() -> SignoffFiles {
    SignoffFiles {
        campaign: "sha256:c".into(),
        checklist: Some("sha256:l".into()),
        source: "sha256:s".into(),
        migrated: "sha256:m".into(),
    }
}

fn item(id: &str, kind: &'static str, verdict: &'static str) -> ItemVerdict {
    ItemVerdict {
        resource: "employee".into(),
        item: id.into(),
        label: format!("libellé {id}"),
        kind,
        delivery: "L2".into(),
        verdict,
        computed: None,
        measured: None,
        author: None,
        time: None,
        comment: None,
        history: Vec::new(),
    }
}

fn automated(id: &str, computed: &'static str, person: Option<&'static str>) -> ItemVerdict {
    let mut v = item(id, "automated", person.unwrap_or(computed));
    v.computed = Some(computed);
    v.measured = Some("differing_rows = 12".into());
    if person.is_some() {
        v.author = Some("Marie Dupont".into());
        v.comment = Some("vu avec le client".into());
    }
    v
}

fn report() -> ResourceReport {
    ResourceReport {
        name: "employee".into(),
        ..Default::default()
    }
}

#[test]
fn a_clean_resource_has_no_refusal() {
    let verdicts = [
        item("a", "manual", "ok"),
        item("b", "sample", "na"),
        automated("c", "ok", None),
    ];
    assert!(refusals(&verdicts, Some(&report()), &[]).is_empty());
}

#[test]
fn every_refusal_names_its_item_or_criterion() {
    let verdicts = [
        item("a", "manual", "ko"),
        item("b", "sample", "todo"),
        automated("c", "ko", None),
        automated("d", "ko", Some("ok")),
        automated("e", "ok", Some("ko")),
        automated("f", "ok", Some("ok")),
    ];
    let mut r = report();
    r.absent_columns = vec!["city".into()];
    let found = refusals(&verdicts, Some(&r), &["MD-1".into()]);
    let text: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(found.len(), 7, "{text:#?}");
    assert!(matches!(found[0], Reason::AbsentColumns { .. }));
    assert!(text[1].contains("a « libellé a » est KO"), "{}", text[1]);
    assert!(text[2].contains("b « libellé b »"), "{}", text[2]);
    assert!(
        text[3].contains("critère c") && text[3].contains("differing_rows = 12"),
        "{}",
        text[3]
    );
    assert!(
        matches!(&found[4], Reason::Overridden { item, .. } if item == "d"),
        "an automated item a person overrode is a reservation: {found:?}"
    );
    assert!(text[4].contains("calculé KO et forcé OK par Marie Dupont (vu avec le client)"));
    assert!(matches!(&found[5], Reason::Ko { item, .. } if item == "e"));
    assert!(text[6].contains("MD-1"));
    assert!(found[0].is_criterion() && found[3].is_criterion() && !found[4].is_criterion());
}

#[test]
fn a_resource_not_reconciled_is_said_once() {
    let found = refusals(
        &[automated("c", "ok", None), item("a", "manual", "ok")].map(|mut v| {
            v.computed = None;
            if v.kind == "automated" {
                v.verdict = "todo";
            }
            v
        }),
        None,
        &[],
    );
    assert_eq!(found, [Reason::NotReconciled]);
}

fn signed(action: &str, with_files: bool) -> State {
    let mut payload = json!({"resource": "employee", "delivery": "L2"});
    if with_files {
        payload["files"] = files().payload();
    }
    if action == "signoff.reserved" {
        payload["reservations"] = json!("noms à reprendre en L3");
    }
    State::from_entries(&[entry(1, action, payload)])
}

#[test]
fn a_sign_off_stands_on_the_files_it_was_given_on() {
    let state = signed("signoff.set", true);
    let record = state.signoff("employee", "L2");
    assert!(standing(record, &files()).counts());
    let mut now = files();
    now.migrated = "sha256:changed".into();
    let stale = standing(record, &now);
    assert!(!stale.counts());
    assert!(
        stale
            .describe("L2")
            .contains("signée avant que les fichiers de L2 changent : à renouveler"),
        "{}",
        stale.describe("L2")
    );
    now.checklist = Some("sha256:other".into());
    now.migrated = files().migrated;
    assert!(
        standing(record, &now)
            .describe("L2")
            .contains("avant que la liste de vérifications change")
    );
    // An entry from a recette that did not record the files: to renew.
    let old = signed("signoff.set", false);
    let old = standing(old.signoff("employee", "L2"), &files());
    assert!(!old.counts());
    assert!(old.describe("L2").contains("version antérieure"));
    assert_eq!(standing(None, &files()), Standing::Unsigned);
}

fn progress(state: &State, verdicts: &[ItemVerdict], resource: &str) -> ResourceProgress {
    let verdicts: Vec<ItemVerdict> = verdicts
        .iter()
        .cloned()
        .map(|mut v| {
            v.resource = resource.into();
            v
        })
        .collect();
    resource_progress(resource, "L2", &verdicts, state, Some(&report()), &files())
}

#[test]
fn go_needs_clean_sign_offs_holding_criteria_and_no_blocking_defect() {
    let clean = [item("a", "manual", "ok"), automated("c", "ok", None)];
    let state = signed("signoff.set", true);
    let go = go_no_go(&[progress(&state, &clean, "employee")]);
    assert_eq!(go.decision, Decision::Go, "{:?}", go.reasons);
    assert!(go.go);
    assert_eq!(go.sentence("L2"), "GO pour la bascule (livraison L2)");

    // Another resource, unsigned: NO-GO naming it.
    let nogo = go_no_go(&[
        progress(&state, &clean, "employee"),
        progress(&state, &clean, "visit"),
    ]);
    assert_eq!(nogo.decision, Decision::NoGo);
    assert_eq!(nogo.reasons, ["ressources non signées : visit"]);

    // A criterion failing on the last delivery: NO-GO, even signed off.
    let failing = [item("a", "manual", "ok"), automated("c", "ko", None)];
    let nogo = go_no_go(&[progress(&state, &failing, "employee")]);
    assert_eq!(nogo.decision, Decision::NoGo);
    assert!(nogo.reasons[0].contains("critère c"), "{:?}", nogo.reasons);

    // An item set KO after a clean sign-off: the sign-off is to renew.
    let ko = [item("a", "manual", "ko"), automated("c", "ok", None)];
    let nogo = go_no_go(&[progress(&state, &ko, "employee")]);
    assert!(
        nogo.reasons[0].contains("à renouveler"),
        "{:?}",
        nogo.reasons
    );

    // An open blocking defect: NO-GO.
    let mut entries = vec![entry(
        1,
        "signoff.set",
        json!({"resource": "employee", "delivery": "L2", "files": files().payload()}),
    )];
    entries.push(entry(
        2,
        "defect.new",
        json!({"id": "MD-1", "resource": "employee", "severity": "bloquante", "description": "x"}),
    ));
    let with_defect = State::from_entries(&entries);
    let nogo = go_no_go(&[progress(&with_defect, &clean, "employee")]);
    assert_eq!(nogo.decision, Decision::NoGo);
    assert_eq!(nogo.reasons, ["1 anomalie(s) bloquante(s) ouverte(s)"]);
}

#[test]
fn reservations_make_a_go_with_reservations_never_a_go() {
    let state = signed("signoff.reserved", true);
    // KO item and an overridden criterion, accepted under the reservation.
    let verdicts = [item("a", "manual", "ko"), automated("c", "ko", Some("ok"))];
    let go = go_no_go(&[progress(&state, &verdicts, "employee")]);
    assert_eq!(
        go.decision,
        Decision::GoWithReservations,
        "{:?}",
        go.reasons
    );
    assert!(!go.go);
    let sentence = go.sentence("L2");
    assert!(
        sentence.starts_with("GO avec réserves pour la bascule (livraison L2) : employee signée avec réserves par Marie Dupont : noms à reprendre en L3"),
        "{sentence}"
    );
    assert!(sentence.contains("calculé KO et forcé OK"), "{sentence}");
    assert_eq!(
        serde_json::to_value(go.decision).unwrap(),
        "go_with_reservations"
    );

    // A failing criterion nobody overrode is a NO-GO, reservations or not.
    let failing = [automated("c", "ko", None)];
    let nogo = go_no_go(&[progress(&state, &failing, "employee")]);
    assert_eq!(nogo.decision, Decision::NoGo);
}
