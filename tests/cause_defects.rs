//! One defect per cause (issue 14), from the command line on a copy of the bundled sample:
//! a defect raised from a column's cause records the cause, its count and at most 100
//! example keys; a second report of that cause joins it; a later delivery verifies it by
//! that cause; `recette defects`, `recette status` (the delivery comparison) and the exports
//! show the cause; a defect raised from keys reads as it always did.

mod recette_support;

use recette_support::{Sample, deliver_fixed_l3};
use serde_json::Value;

const MARIE: &str = "Marie Dupont";

fn defects(s: &Sample) -> Value {
    serde_json::from_str(&s.ok(MARIE, &["defects", "--format", "json"])).unwrap()
}

fn defect<'a>(all: &'a Value, id: &str) -> &'a Value {
    all["defects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("no defect {id} in {all}"))
}

/// `recette defect new … --column C --cause KIND` on a delivery: the defect's id.
fn raise(s: &Sample, resource: &str, column: &str, cause: &str, delivery: &str) -> String {
    s.ok(
        MARIE,
        &[
            "defect",
            "new",
            "--resource",
            resource,
            "--column",
            column,
            "--cause",
            cause,
            "--severity",
            "majeure",
            "--delivery",
            delivery,
        ],
    )
    .trim()
    .to_string()
}

#[test]
fn a_defect_per_cause_from_l1_to_its_verification() {
    let s = Sample::new();
    let encoding = raise(&s, "employee", "last_name", "encoding", "L1");
    let shift = raise(&s, "visit", "visit_on", "date_shift", "L1");
    assert_ne!(encoding, shift);

    let all = defects(&s);
    let d = defect(&all, &encoding);
    assert_eq!(d["kind"], "differing");
    assert_eq!(d["columns"], serde_json::json!(["last_name"]));
    assert_eq!(d["found_in"], "L1");
    assert_eq!(
        d["title"], "Nom : encodage : UTF-8 lu comme Windows-1252",
        "a title in words when none is given"
    );
    let cause = &d["cause"];
    assert_eq!(
        (
            &cause["resource"],
            &cause["column"],
            &cause["kind"],
            &cause["rows"]
        ),
        (
            &Value::from("employee"),
            &Value::from("last_name"),
            &Value::from("encoding"),
            &Value::from(7)
        )
    );
    assert_eq!(cause["detail"]["decoding"], "UTF-8 read as Windows-1252");
    assert_eq!(d["keys"].as_array().unwrap().len(), 7, "the cause's keys");
    assert!(
        d["keys"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!(["200001"]))
    );
    // Masked like the rest: last_name is personal in the sample.
    let pattern = cause["patterns"][0]["migrated"].as_str().unwrap();
    assert!(
        pattern.contains('Ã') && !pattern.contains("mery"),
        "{pattern}"
    );
    // Open, and L2 came after L1: the cause is looked for there.
    assert_eq!(d["verification"], "still_present");
    assert_eq!(
        d["on_data"],
        serde_json::json!({"delivery": "L2", "keys": 7})
    );
    let shifted = defect(&all, &shift);
    assert_eq!(shifted["verification"], "gone_from_the_data");
    assert_eq!(shifted["on_data"]["keys"], 0);
    assert_eq!(shifted["cause"]["detail"]["days"], 1);

    // The same cause reported on L2 joins the open defect.
    let (code, out, err) = s.run(
        MARIE,
        &[
            "defect",
            "new",
            "--resource",
            "employee",
            "--column",
            "last_name",
            "--cause",
            "encoding",
            "--severity",
            "mineure",
            "--title",
            "encore",
            "--delivery",
            "L2",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), encoding);
    assert!(err.contains("même cause"), "{err}");
    let all = defects(&s);
    let occurrences = defect(&all, &encoding)["occurrences"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(occurrences.len(), 1);
    assert_eq!(occurrences[0]["cause"]["rows"], 7);
    assert_eq!(occurrences[0]["delivery"], "L2");

    // The table says it in words.
    let table = s.ok(MARIE, &["defects"]);
    assert!(
        table.contains("encodage : UTF-8 lu comme Windows-1252"),
        "{table}"
    );
    assert!(table.contains("toujours présent (7 clés en L2)"), "{table}");
    assert!(table.contains("absent des données de L2"), "{table}");
    // No suggestion for a pattern whose cause has a defect.
    let suggested = all["suggestions"].as_array().unwrap();
    assert!(
        !suggested.iter().any(|x| x["column"] == "last_name"),
        "{suggested:?}"
    );
    assert!(suggested.iter().any(|x| x["column"] == "job_title"));

    // Marked fixed in L2: the date shift is gone there, the encoding is not.
    for id in [&encoding, &shift] {
        s.ok(
            MARIE,
            &["defect", "set", id, "--status", "fixed", "--delivery", "L2"],
        );
    }
    let all = defects(&s);
    assert_eq!(
        defect(&all, &shift)["verification"],
        "confirmed_on_the_data"
    );
    let still = defect(&all, &encoding);
    assert_eq!(still["verification"], "still_present");
    assert_eq!(still["on_data"]["keys"], 7);

    // L3 fixes the names: fixed in L3, confirmed by the cause.
    deliver_fixed_l3(&s);
    s.ok(MARIE, &["defect", "set", &encoding, "--status", "reopened"]);
    s.ok(
        MARIE,
        &[
            "defect",
            "set",
            &encoding,
            "--status",
            "fixed",
            "--delivery",
            "L3",
        ],
    );
    let all = defects(&s);
    assert_eq!(
        defect(&all, &encoding)["verification"],
        "confirmed_on_the_data"
    );
    assert_eq!(defect(&all, &encoding)["on_data"]["delivery"], "L3");
}

#[test]
fn a_defect_raised_from_keys_reads_as_before() {
    let s = Sample::new();
    let id = s
        .ok(
            MARIE,
            &[
                "defect",
                "new",
                "--resource",
                "employee",
                "--key",
                "200001",
                "--column",
                "last_name",
                "--severity",
                "majeure",
                "--title",
                "Émery",
                "--delivery",
                "L1",
            ],
        )
        .trim()
        .to_string();
    let all = defects(&s);
    let d = defect(&all, &id);
    assert_eq!(d["cause"], Value::Null);
    assert_eq!(d["on_data"], Value::Null);
    assert_eq!(d["keys"], serde_json::json!([["200001"]]));
    let table = s.ok(MARIE, &["defects"]);
    assert!(table.contains(&id));
}

#[test]
fn a_cause_needs_one_column_that_has_it() {
    let s = Sample::new();
    let refused = |args: &[&str]| {
        let mut all = vec![
            "defect",
            "new",
            "--resource",
            "employee",
            "--severity",
            "majeure",
        ];
        all.extend_from_slice(args);
        let (code, out, err) = s.run(MARIE, &all);
        assert_eq!(code, 2, "{args:?}: {out}");
        assert!(out.is_empty());
        err
    };
    refused(&["--cause", "encoding"]);
    let err = refused(&[
        "--column",
        "last_name",
        "--column",
        "first_name",
        "--cause",
        "encoding",
    ]);
    assert!(err.contains("exactly one --column"), "{err}");
    let err = refused(&[
        "--column",
        "last_name",
        "--cause",
        "case",
        "--delivery",
        "L1",
    ]);
    assert!(err.contains("encoding × 7"), "the causes it has: {err}");
    refused(&[
        "--column",
        "last_name",
        "--cause",
        "encoding",
        "--key",
        "200001",
    ]);
    refused(&["--column", "last_name", "--cause", "mojibake"]);
    refused(&[
        "--column",
        "last_name",
        "--title",
        "sans cause ni clé",
        "--kind",
        "differing",
        "--cause",
        "encoding",
    ]);
    assert!(defects(&s)["defects"].as_array().unwrap().is_empty());
}

#[test]
fn the_delivery_comparison_says_which_causes_were_fixed() {
    let s = Sample::new();
    let table = s.run(MARIE, &["status"]).1;
    assert!(
        table.contains(
            "Visites (historique) L1 → L2 : causes — Date de visite · date décalée : cause corrigée en L2\n"
        ),
        "{table}"
    );
    assert!(
        table.contains("Nom · encodage : 7 clés en L1, 7 clés en L2"),
        "{table}"
    );
    assert!(
        table.contains("Fin · valeur perdue : nouvelle cause en L2 (6 clés)"),
        "{table}"
    );
    assert!(
        table.contains("Nom · clés en double : cause corrigée en L2"),
        "{table}"
    );
    let json: Value =
        serde_json::from_str(&s.run(MARIE, &["status", "--format", "json"]).1).unwrap();
    let visit = json["comparison"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["resource"] == "visit")
        .unwrap();
    assert_eq!(
        visit["by_cause"],
        serde_json::json!([{"column": "visit_on", "kind": "date_shift", "previous": 9, "current": 0}])
    );
    assert!(visit["by_category"].is_array(), "the key-level counts stay");
}

#[test]
fn a_big_cause_keeps_100_keys_and_its_count() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo");
    let out = assert_cmd::Command::cargo_bin("recette")
        .unwrap()
        .args(["demo"])
        .arg(&demo)
        .args(["--rows", "8000"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let run = |args: &[&str]| {
        assert_cmd::Command::cargo_bin("recette")
            .unwrap()
            .env("RECETTE_CACHE_DIR", dir.path().join("cache"))
            .arg("-c")
            .arg(demo.join("campaign.toml"))
            .args(["--as", MARIE, "--lang", "fr"])
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&[
        "defect",
        "new",
        "--resource",
        "employee",
        "--column",
        "last_name",
        "--cause",
        "encoding",
        "--severity",
        "majeure",
        "--delivery",
        "L1",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("garde 100 clés d'exemple sur"), "{err}");
    assert!(
        err.contains(
            "recette keys --resource employee --column last_name --cause encoding --delivery L1"
        ),
        "{err}"
    );
    let listed: Value =
        serde_json::from_slice(&run(&["defects", "--format", "json", "--unmasked"]).stdout)
            .unwrap();
    let d = &listed["defects"][0];
    let rows = d["cause"]["rows"].as_u64().unwrap();
    assert!(rows > 100, "{rows}");
    assert_eq!(d["keys"].as_array().unwrap().len(), 100);
    // The first keys in key order, as `recette keys --cause` lists them.
    let keys = run(&[
        "keys",
        "--resource",
        "employee",
        "--column",
        "last_name",
        "--cause",
        "encoding",
        "--delivery",
        "L1",
    ]);
    let listed_keys: Vec<String> = String::from_utf8(keys.stdout)
        .unwrap()
        .lines()
        .skip(1)
        .map(str::to_owned)
        .collect();
    assert_eq!(listed_keys.len() as u64, rows);
    assert_eq!(d["keys"][0][0], listed_keys[0]);
    assert_eq!(d["keys"][99][0], listed_keys[99]);
    // One journal line, far from holding every key.
    let journal = demo.join("campaign.journal");
    let line = std::fs::read_dir(&journal)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect::<String>();
    assert!(line.lines().any(|l| l.contains("\"cause\"")));
    let table = String::from_utf8(run(&["defects"]).stdout).unwrap();
    assert!(
        table.contains(&rows.to_string()),
        "the cause's keys are counted: {table}"
    );
}

#[test]
fn the_exports_show_the_causes_masked_unless_asked() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let s = Sample::new();
    raise(&s, "measure_request", "status", "mapping", "L1");
    raise(&s, "employee", "last_name", "encoding", "L1");
    let out = |name: &str| s.dir.path().join(name).display().to_string();

    s.ok(MARIE, &["export", "--format", "md", "--out", &out("r.md")]);
    let md = std::fs::read_to_string(out("r.md")).unwrap();
    for said in [
        "\n## Causes\n",
        "### Examens complémentaires en attente — measure_request — livraison L1",
        "| `status` | correspondance de valeurs | 6 |",
        "- `visit_on` · date décalée : cause corrigée en L2",
        "- `last_name` · encodage : 7 clés en L1, 7 clés en L2",
        "| `visit_on` | date décalée | 0 |",
        "status · correspondance de valeurs : prescribed → planned · 6 clés",
    ] {
        assert!(md.contains(said), "{said}:\n{md}");
    }
    let table = md
        .find("**`status` · Correspondance à corriger : source → attendu, livré (clés)**")
        .expect("the table for the integration team's map");
    let line = md.find("- « Prescrit » → prescribed attendu, planned livré : 6 clés sur ");
    let apart = md
        .find("**Si c'est la table de correspondance de la campagne qui est fausse**")
        .expect("the campaign's map, under its own heading");
    assert!(table < line.unwrap() && line.unwrap() < apart, "{md}");
    assert!(md[apart..].contains("\"Prescrit\" = \"prescribed\""));

    let text = |c: &Data| match c {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        _ => String::new(),
    };
    let causes_sheet = |file: &str| -> Vec<Vec<String>> {
        let mut book: Xlsx<_> = open_workbook(out(file)).unwrap();
        let range = book.worksheet_range("Causes").unwrap();
        range.rows().map(|r| r.iter().map(text).collect()).collect()
    };
    s.ok(MARIE, &["export", "--out", &out("r.xlsx")]);
    let rows = causes_sheet("r.xlsx");
    assert!(rows[0][0].contains("Données personnelles masquées"));
    assert_eq!(
        rows[1][..5],
        ["Ressource", "Livraison", "Colonne", "Cause", "Clés"]
    );
    let encoding = rows
        .iter()
        .find(|r| r[0] == "employee" && r[1] == "L1" && r[2] == "last_name" && r[3] == "encodage")
        .expect("last_name's encoding on L1");
    assert_eq!(encoding[4], "7");
    assert!(encoding[6].contains("relivrer"), "{}", encoding[6]);
    assert!(
        encoding[9].contains("Éxxxx → Ã‰xxxx × 1"),
        "masked: {}",
        encoding[9]
    );
    let l2 = rows
        .iter()
        .find(|r| r[0] == "employee" && r[1] == "L2" && r[2] == "last_name" && r[3] == "encodage")
        .unwrap();
    assert_eq!(
        (l2[10].as_str(), l2[11].as_str()),
        ("L1", "encodage : 7 clés en L1, 7 clés en L2")
    );
    let defects = {
        let mut book: Xlsx<_> = open_workbook(out("r.xlsx")).unwrap();
        let range = book.worksheet_range("Anomalies").unwrap();
        range
            .rows()
            .map(|r| r.iter().map(text).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    };
    assert!(
        defects
            .iter()
            .any(|r| r.last().unwrap()
                == "last_name · encodage : UTF-8 lu comme Windows-1252 · 7 clés"),
        "{defects:?}"
    );

    s.ok(MARIE, &["export", "--out", &out("u.xlsx"), "--unmasked"]);
    let rows = causes_sheet("u.xlsx");
    let encoding = rows
        .iter()
        .find(|r| r[0] == "employee" && r[1] == "L1" && r[2] == "last_name" && r[3] == "encodage")
        .unwrap();
    assert!(
        encoding[9].contains("Émery → Ã‰mery × 1"),
        "{}",
        encoding[9]
    );

    s.ok(MARIE, &["export", "--format", "csv", "--out", &out("csv")]);
    let csv = std::fs::read_to_string(s.dir.path().join("csv/causes.csv")).unwrap();
    assert!(
        csv.contains("Ressource;Livraison;Colonne;Cause;Clés"),
        "{csv}"
    );

    s.ok(
        MARIE,
        &["export", "--format", "json", "--out", &out("r.json")],
    );
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out("r.json")).unwrap()).unwrap();
    let mapping = json["causes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["column"] == "status" && c["delivery"] == "L1")
        .unwrap();
    assert_eq!(mapping["cause"]["kind"], "mapping");
    assert_eq!(
        mapping["cause"]["detail"]["mapping"][0]["source"],
        "Prescrit"
    );
    assert!(json["cause_comparison"].as_array().unwrap().len() >= 5);
}
