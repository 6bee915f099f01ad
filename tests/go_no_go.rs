//! A go/no-go you can trust, from the command line (the real binary on a copy of the
//! sample): a sign-off is refused while an item is KO or a criterion fails, naming each;
//! `--with-reservations` is journaled as its own action; `status` says GO (0), GO with
//! reservations (3) or NO-GO (1) with `decision` in its JSON; a sign-off made before a
//! delivery file's content changed no longer counts.

mod recette_support;

use recette_support::{Sample, deliver_fixed_l3, walk_checklist};
use serde_json::Value;

const MARIE: &str = "Marie Dupont";

fn status_json(s: &Sample, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["status", "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = s.run(MARIE, &all);
    let value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    (code, value)
}

fn resource<'v>(status: &'v Value, name: &str) -> &'v Value {
    status["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["resource"] == name)
        .unwrap()
}

/// The journal's entries of one action.
fn journaled(s: &Sample, action: &str) -> Vec<Value> {
    let journal: Value = serde_json::from_str(&s.ok(MARIE, &["journal", "--format", "json"]))
        .expect("the journal as JSON");
    let entries = journal
        .get("entries")
        .and_then(Value::as_array)
        .or_else(|| journal.as_array())
        .cloned()
        .unwrap_or_default();
    entries
        .into_iter()
        .filter(|e| e["action"] == action)
        .collect()
}

#[test]
fn a_sign_off_is_refused_while_an_item_is_ko_or_a_criterion_fails_and_names_each() {
    let s = Sample::new();
    walk_checklist(&s, MARIE);
    s.ok(
        MARIE,
        &[
            "verdict",
            "--resource",
            "firm",
            "--item",
            "firm-headcount",
            "--set",
            "ko",
        ],
    );
    let (code, out, err) = s.run(MARIE, &["signoff", "--resource", "firm"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty(), "nothing recorded: {out}");
    assert!(
        err.contains("firm-headcount « Effectifs des adhérents » : KO"),
        "the item and its title: {err}"
    );

    let (code, _, err) = s.run(MARIE, &["signoff", "--resource", "contract"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("ctr-dates") && err.contains("critère non tenu") && err.contains("end_on"),
        "the failing criterion and what it measured: {err}"
    );
    assert!(journaled(&s, "signoff.set").is_empty());

    // With reservations: accepted, journaled as its own action, said on the terminal.
    let (code, out, err) = s.run(
        MARIE,
        &[
            "signoff",
            "--resource",
            "contract",
            "--with-reservations",
            "dates de fin reprises en L3",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let reserved = journaled(&s, "signoff.reserved");
    assert_eq!(reserved.len(), 1);
    assert_eq!(out.trim(), reserved[0]["id"].as_str().unwrap(), "the id");
    assert!(
        err.contains(
            "signature de Contrats de travail sur L2 enregistrée AVEC RÉSERVES : dates de fin reprises en L3"
        ),
        "what was signed: {err}"
    );
    let payload = &reserved[0]["payload"];
    assert_eq!(payload["reservations"], "dates de fin reprises en L3");
    assert!(
        payload["files"]["migrated"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
    assert!(
        payload["refused"][0]
            .as_str()
            .unwrap()
            .contains("ctr-dates")
    );
    let (_, status) = status_json(&s, &[]);
    assert_eq!(resource(&status, "contract")["signoff"]["state"], "signed");
    assert_eq!(
        resource(&status, "contract")["signoff"]["reservations"],
        "dates de fin reprises en L3"
    );

    // A reason is required.
    let (code, _, err) = s.run(
        MARIE,
        &["signoff", "--resource", "firm", "--with-reservations", " "],
    );
    assert_eq!(code, 2, "{err}");
}

#[test]
fn status_says_go_with_reservations_then_no_go_with_a_blocking_defect_then_go() {
    let s = Sample::new();
    walk_checklist(&s, MARIE);
    // The failing criteria of L2 accepted by a person: each is a reservation.
    let (_, status) = status_json(&s, &[]);
    for item in status["items"].as_array().unwrap() {
        if item["verdict"] == "ko" {
            let (r, id) = (
                item["resource"].as_str().unwrap(),
                item["item"].as_str().unwrap(),
            );
            s.ok(
                MARIE,
                &[
                    "verdict",
                    "--resource",
                    r,
                    "--item",
                    id,
                    "--set",
                    "ok",
                    "--comment",
                    "accepté",
                ],
            );
        }
    }
    for r in ["firm", "visit", "measure_request"] {
        s.ok(MARIE, &["signoff", "--resource", r]);
    }
    let (code, _, err) = s.run(MARIE, &["signoff", "--resource", "employee"]);
    assert_eq!(code, 1, "an overridden criterion is a reservation: {err}");
    assert!(err.contains("calculé KO, forcé OK"), "{err}");
    for r in ["employee", "contract"] {
        s.ok(
            MARIE,
            &["signoff", "--resource", r, "--with-reservations", "accepté"],
        );
    }
    let (code, status) = status_json(&s, &[]);
    assert_eq!(code, 3, "{status}");
    assert_eq!(status["decision"], "go_with_reservations");
    assert_eq!(status["go"]["go"], false);
    let (code, table, _) = s.run(MARIE, &["status"]);
    assert_eq!(code, 3);
    assert!(
        table.contains(
            "GO avec réserves pour la bascule (livraison L2) — signées avec réserves : Salariés"
        ),
        "{table}"
    );
    assert!(
        table.contains("Salariés : signature avec réserves de Marie Dupont : accepté"),
        "{table}"
    );

    // An open blocking defect: NO-GO.
    let defect = s.ok(
        MARIE,
        &[
            "defect",
            "new",
            "--resource",
            "visit",
            "--severity",
            "bloquante",
            "--title",
            "visites du médecin du travail absentes",
        ],
    );
    let (code, status) = status_json(&s, &[]);
    assert_eq!(code, 1);
    assert_eq!(status["decision"], "no_go");
    assert!(
        status["go"]["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r.as_str().unwrap().contains("bloquante")),
        "{status}"
    );
    s.ok(
        MARIE,
        &[
            "defect",
            "set",
            defect.trim(),
            "--status",
            "rejected",
            "--reason",
            "non",
        ],
    );

    // A delivery that holds every criterion, signed off without reservation: GO, exit 0.
    deliver_fixed_l3(&s);
    walk_checklist(&s, MARIE);
    for r in ["firm", "employee", "contract", "visit", "measure_request"] {
        s.ok(MARIE, &["signoff", "--resource", r]);
    }
    let (code, status) = status_json(&s, &[]);
    assert_eq!(code, 0, "{status}");
    assert_eq!(status["decision"], "go");
    assert_eq!(status["go_no_go"], "GO pour la bascule (livraison L3)");

    // Exports carry the decision beside the sentence.
    let out = s.dir.path().join("x.json");
    s.ok(
        MARIE,
        &["export", "--format", "json", "--out", out.to_str().unwrap()],
    );
    let export: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(export["decision"], "go");
    assert_eq!(export["go_no_go"], "GO pour la bascule (livraison L3)");
}

#[test]
fn a_sign_off_made_before_a_delivery_file_changed_no_longer_counts() {
    let s = Sample::new();
    walk_checklist(&s, MARIE);
    s.ok(MARIE, &["signoff", "--resource", "firm"]);
    let firm = s.dir.path().join("s/deliveries/L2/firm.csv");
    // Written again, same bytes: the sign-off holds (content, not time).
    let bytes = std::fs::read(&firm).unwrap();
    std::fs::write(&firm, &bytes).unwrap();
    let (_, status) = status_json(&s, &[]);
    assert_eq!(resource(&status, "firm")["signoff"]["state"], "signed");

    // Another content (a line ending changed): signed before L2's files changed.
    let mut changed = bytes.clone();
    changed.extend_from_slice(b"\n");
    std::fs::write(&firm, &changed).unwrap();
    let (code, status) = status_json(&s, &[]);
    assert_eq!(code, 1);
    let signoff = &resource(&status, "firm")["signoff"];
    assert_eq!(signoff["state"], "stale", "{signoff}");
    assert_eq!(signoff["changed"], serde_json::json!(["delivery"]));
    let (_, table, _) = s.run(MARIE, &["status"]);
    assert!(
        table.contains("signée avant que les fichiers de L2 changent"),
        "{table}"
    );
    // Renewed, it counts again.
    s.ok(MARIE, &["signoff", "--resource", "firm"]);
    let (_, status) = status_json(&s, &[]);
    assert_eq!(resource(&status, "firm")["signoff"]["state"], "signed");
}
