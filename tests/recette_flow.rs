//! The recette from the command line, on a copy of the bundled sample: walk the checklist,
//! raise and group defects on L1, fix and verify them on L2, sign off, get the go/no-go,
//! export the meeting file — masked unless asked otherwise.

mod recette_support;

use std::path::Path;

use recette_support::{Sample, deliver_fixed_l3, walk_checklist};
use serde_json::Value;

fn keys(sample: &Sample, args: &[&str]) -> Vec<String> {
    sample
        .ok("Jean Roux", args)
        .lines()
        .skip(1)
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_recette_from_l1_to_the_go() {
    let s = Sample::new();
    let marie = "Marie Dupont";

    // L1: a status mapping defect, reported twice: the second report joins the first.
    let wrong = keys(
        &s,
        &[
            "keys",
            "--resource",
            "measure_request",
            "--category",
            "differing",
            "--column",
            "status",
            "--delivery",
            "L1",
        ],
    );
    assert_eq!(wrong.len(), 6, "PLANTED.md: 6 exams with a wrong status");
    let new_defect = |key: &str, title: &str| {
        s.ok(
            marie,
            &[
                "defect",
                "new",
                "--resource",
                "measure_request",
                "--item",
                "exam-status",
                "--key",
                key,
                "--column",
                "status",
                "--severity",
                "bloquante",
                "--title",
                title,
                "--delivery",
                "L1",
            ],
        )
    };
    let first = new_defect(&wrong[0], "Prescrit repris en planned");
    let md1 = first.trim().to_string();
    assert!(md1.starts_with("MD") && md1.ends_with("-1"), "{md1}");
    let md2 = md1.replace("-1", "-2");
    let (code, out, err) = s.run(
        marie,
        &[
            "defect",
            "new",
            "--resource",
            "measure_request",
            "--key",
            &wrong[1],
            "--column",
            "status",
            "--severity",
            "bloquante",
            "--title",
            "encore",
            "--delivery",
            "L1",
        ],
    );
    assert_eq!(code, 0);
    assert!(
        err.contains(&format!("rattachée à l'anomalie {md1}")),
        "{err}"
    );
    assert_eq!(
        out.trim(),
        md1,
        "a grouped report answers with the defect it joined"
    );

    // L1: a mojibake name, on a personal column.
    let mojibake = keys(
        &s,
        &[
            "keys",
            "--resource",
            "employee",
            "--category",
            "differing",
            "--column",
            "last_name",
            "--delivery",
            "L1",
        ],
    );
    let name_defect = s.ok(
        marie,
        &[
            "defect",
            "new",
            "--resource",
            "employee",
            "--key",
            &mojibake[0],
            "--column",
            "last_name",
            "--severity",
            "majeure",
            "--title",
            "Nom mal encodé",
            "--delivery",
            "L1",
        ],
    );
    assert_eq!(name_defect.trim(), md2);

    // The integration team fixes both in L2; the data confirms one and not the other.
    s.ok(
        "Jean Roux",
        &[
            "defect",
            "set",
            &md1,
            "--status",
            "fixed",
            "--delivery",
            "L2",
        ],
    );
    s.ok(
        "Jean Roux",
        &[
            "defect",
            "set",
            &md2,
            "--status",
            "fixed",
            "--delivery",
            "L2",
        ],
    );
    let listed: Value =
        serde_json::from_str(&s.ok(marie, &["defects", "--format", "json"])).unwrap();
    let by_id = |id: &str| {
        listed["defects"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(by_id(&md1)["verification"], "confirmed_on_the_data");
    assert_eq!(by_id(&md1)["occurrences"].as_array().unwrap().len(), 1);
    assert_eq!(by_id(&md2)["verification"], "still_present");
    let (code, _, err) = s.run(marie, &["defect", "set", &md1, "--status", "rejected"]);
    assert_eq!(code, 2, "a rejection needs a reason: {err}");
    s.ok(marie, &["defect", "set", &md1, "--status", "verified"]);
    s.ok(
        marie,
        &[
            "defect",
            "set",
            &md2,
            "--status",
            "reopened",
            "--comment",
            "toujours KO en L2",
        ],
    );

    // Walk the checklist on L2: every non-automated item gets a verdict.
    walk_checklist(&s, marie);
    let (code, _, _) = s.run(marie, &["status"]);
    assert_eq!(code, 1, "nothing signed off yet: no-go");

    // The resources whose criteria hold on L2 are signed off; employee and contract are
    // refused, every failing criterion named (PLANTED.md: names, job titles, end dates).
    for resource in ["firm", "visit", "measure_request"] {
        let (code, _, err) = s.run(marie, &["signoff", "--resource", resource]);
        assert_eq!(code, 0, "{resource}: {err}");
        assert!(err.contains("sans réserve"), "{err}");
    }
    let (code, out, err) = s.run(marie, &["signoff", "--resource", "employee"]);
    assert_eq!(
        (code, out.as_str()),
        (1, ""),
        "refused, nothing recorded: {err}"
    );
    assert!(
        err.contains("emp-identity") && err.contains("emp-job"),
        "{err}"
    );
    let (code, _, err) = s.run(marie, &["signoff", "--resource", "contract"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("end_on"),
        "the end_on regression is named: {err}"
    );

    // Signed anyway with reservations: still NO-GO while the criteria fail on L2.
    for resource in ["employee", "contract"] {
        let (code, _, err) = s.run(
            marie,
            &[
                "signoff",
                "--resource",
                resource,
                "--with-reservations",
                "corrections attendues en L3",
            ],
        );
        assert_eq!(code, 0, "{err}");
        assert!(err.contains("AVEC RÉSERVES"), "{err}");
    }
    let (code, out, _) = s.run(marie, &["status"]);
    assert_eq!(code, 1, "a failing criterion is a NO-GO: {out}");
    assert!(
        out.contains("NO-GO pour la bascule") && out.contains("critères non tenus : ctr-dates"),
        "{out}"
    );

    // The project accepts the failing items (a person's verdict on an automated item, with
    // why): GO with reservations, exit 3, never a GO.
    let status: Value =
        serde_json::from_str(&s.run(marie, &["status", "--format", "json"]).1).unwrap();
    for item in status["items"].as_array().unwrap() {
        if item["kind"] == "automated" && item["verdict"] == "ko" {
            let (resource, id) = (
                item["resource"].as_str().unwrap(),
                item["item"].as_str().unwrap(),
            );
            s.ok(
                marie,
                &[
                    "verdict",
                    "--resource",
                    resource,
                    "--item",
                    id,
                    "--set",
                    "ok",
                    "--comment",
                    "accepté pour la bascule",
                ],
            );
        }
    }
    let (code, out, _) = s.run(marie, &["status", "--format", "json"]);
    assert_eq!(code, 3, "{out}");
    let status: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(status["decision"], "go_with_reservations");
    assert!(
        status["go_no_go"]
            .as_str()
            .unwrap()
            .starts_with("GO avec réserves pour la bascule (livraison L2)"),
        "{status}"
    );

    // L3 fixes the names, the job titles and the end dates: the criteria hold there, every
    // resource is signed off on it without reservation, and only then is it a GO.
    deliver_fixed_l3(&s);
    let (code, out, _) = s.run(marie, &["status", "--delivery", "L2"]);
    assert_eq!(code, 1, "the go is about L3 now: {out}");
    assert!(
        out.contains("signée avant que le fichier de campagne change"),
        "adding L3 changed the campaign: L2's sign-offs are to renew: {out}"
    );
    walk_checklist(&s, marie);
    for resource in ["firm", "employee", "contract", "visit", "measure_request"] {
        let (code, _, err) = s.run(marie, &["signoff", "--resource", resource]);
        assert_eq!(code, 0, "{resource}: {err}");
    }
    let (code, out, _) = s.run(marie, &["status"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("GO pour la bascule (livraison L3)"), "{out}");
    let (code, _, _) = s.run(marie, &["check"]);
    assert_eq!(code, 0, "a GO is never given while `check` fails");

    // A blocking defect reopened takes the go back, and a withdrawn sign-off too.
    s.ok(marie, &["defect", "set", &md1, "--status", "reopened"]);
    assert_eq!(s.run(marie, &["status"]).0, 1);
    let (code, _, err) = s.run(
        marie,
        &["signoff", "--resource", "measure_request", "--withdraw"],
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = s.run(marie, &["signoff", "--resource", "measure_request"]);
    assert_eq!(code, 1, "an open blocking defect prevents the sign-off");
    assert!(err.contains("bloquante"), "{err}");

    // The meeting file: masked by default, the planted names nowhere in it.
    let unmasked_listing: Value =
        serde_json::from_str(&s.ok(marie, &["defects", "--format", "json", "--unmasked"])).unwrap();
    let md2_json = unmasked_listing["defects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == md2.as_str())
        .unwrap();
    let evidence = &md2_json["evidence"][0]["differences"][0];
    let (expected, migrated) = (
        evidence["expected"].as_str().unwrap().to_string(),
        evidence["migrated"].as_str().unwrap().to_string(),
    );
    assert!(
        migrated.contains('Ã'),
        "the evidence is the planted mojibake: {migrated}"
    );
    let masked_evidence = &by_id(&md2)["evidence"][0]["differences"][0];
    assert_ne!(
        masked_evidence["expected"], evidence["expected"],
        "defects JSON masks personal values"
    );
    assert!(
        masked_evidence["migrated"].as_str().unwrap().contains('Ã'),
        "masking keeps the mojibake visible"
    );
    let out = s.dir.path();
    for (format, file) in [
        ("json", "x.json"),
        ("md", "x.md"),
        ("xlsx", "x.xlsx"),
        ("csv", "csv"),
    ] {
        s.ok(
            marie,
            &[
                "export",
                "--format",
                format,
                "--out",
                out.join(file).to_str().unwrap(),
            ],
        );
    }
    let mut texts = vec![
        std::fs::read_to_string(out.join("x.json")).unwrap(),
        std::fs::read_to_string(out.join("x.md")).unwrap(),
    ];
    for f in std::fs::read_dir(out.join("csv")).unwrap() {
        texts.push(std::fs::read_to_string(f.unwrap().path()).unwrap());
    }
    texts.push(xlsx_text(&out.join("x.xlsx")));
    for text in &texts {
        assert!(
            !text.contains(&expected) && !text.contains(&migrated),
            "a personal value leaked"
        );
    }
    assert!(texts[0].contains(&md2) && texts[1].contains(&md2));
    let blocking = texts[1]
        .lines()
        .find(|l| l.starts_with("| Bloquante") || l.starts_with("| bloquante"))
        .unwrap();
    assert!(
        blocking.trim_end().ends_with("| 1 |"),
        "the meeting file counts the blocking defect: {blocking}"
    );
    s.ok(
        marie,
        &[
            "export",
            "--format",
            "json",
            "--out",
            out.join("u.json").to_str().unwrap(),
            "--unmasked",
        ],
    );
    let unmasked = std::fs::read_to_string(out.join("u.json")).unwrap();
    assert!(unmasked.contains(&expected) && unmasked.contains(&migrated));
    let journal = s.ok(marie, &["journal", "--format", "json"]);
    assert_eq!(
        journal.matches("unmasked.output").count(),
        2,
        "each unmasked output is journaled"
    );
}

fn xlsx_text(path: &Path) -> String {
    use calamine::{Reader, open_workbook_auto};
    let mut book = open_workbook_auto(path).unwrap();
    let mut text = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for row in range.rows() {
            for cell in row {
                text.push_str(&cell.to_string());
                text.push('\t');
            }
        }
    }
    text
}
