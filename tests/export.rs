//! Exports of the recette state and what feeds them: the delivery comparison on the bundled
//! sample (L1 → L2, as PLANTED.md describes it), masking of a real report, and the four
//! writers (XLSX read back with calamine, CSV for French Excel, Markdown, JSON), including
//! values that a spreadsheet would otherwise run as formulas.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use std::io::Read;

use calamine::{Data, Reader, Xlsx, open_workbook};
use duckdb::Connection;
use recette::domain::campaign::Campaign;
use recette::domain::i18n::{Catalogue, Lang};
use recette::domain::mask::mask_report;
use recette::domain::report::KeyCategory;
use recette::export::{
    self, BOM, ChecklistRow, Decision, DefectRow, DeliveryComparison, Evidence, Snapshot,
    SummaryRow,
};
use recette::store::cache::Cache;
use recette::store::deliveries::compare;
use recette::store::{Engine, Reconciled};

/// The exports in French (the default language).
fn fr() -> &'static Catalogue {
    Lang::Fr.catalogue()
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/campaign.toml")
}

/// Every resource of the sample reconciled against L1 and L2.
struct Sample {
    campaign: Campaign,
    results: BTreeMap<(String, String), Reconciled>,
    _cache: tempfile::TempDir,
}

fn reconcile_sample() -> Sample {
    let campaign = recette::cli::load_campaign(Some(&sample())).unwrap();
    let cache = tempfile::tempdir().unwrap();
    let engine =
        Engine::with_cache(campaign.clone(), Cache::at(cache.path().into()).unwrap()).unwrap();
    let mut results = BTreeMap::new();
    for resource in &campaign.resources {
        for delivery in &campaign.deliveries {
            let r = engine.reconcile(resource, delivery, &mut |_| {}).unwrap();
            results.insert((resource.name.clone(), delivery.id.clone()), r);
        }
    }
    Sample {
        campaign,
        results,
        _cache: cache,
    }
}

fn comparisons(sample: &Sample) -> Vec<DeliveryComparison> {
    let conn = Connection::open_in_memory().unwrap();
    sample
        .campaign
        .resources
        .iter()
        .map(|r| {
            let l1 = &sample.results[&(r.name.clone(), "L1".to_string())];
            let l2 = &sample.results[&(r.name.clone(), "L2".to_string())];
            compare(&conn, r, ("L1", l1), ("L2", l2)).unwrap()
        })
        .collect()
}

type Quad = (u64, u64, u64, u64);

fn category(c: &DeliveryComparison, k: KeyCategory) -> Quad {
    let x = c.category(k).unwrap();
    (x.fixed, x.still_failing, x.regressed, x.new)
}

fn column(c: &DeliveryComparison, name: &str) -> Quad {
    let x = c
        .column(name)
        .unwrap_or_else(|| panic!("{}: no column {name}", c.resource));
    (x.fixed, x.still_failing, x.regressed, x.new)
}

/// (fixed, still failing, regressed, new) for every non-zero line, per PLANTED.md: L2 fixes
/// every L1 defect but the mojibake and the truncated job titles, and loses 6 contract end
/// dates.
#[test]
fn l1_to_l2_on_the_sample_is_what_planted_md_says() {
    let sample = reconcile_sample();
    let all = comparisons(&sample);
    let by_name: BTreeMap<&str, &DeliveryComparison> =
        all.iter().map(|c| (c.resource.as_str(), c)).collect();
    use KeyCategory::*;
    let expected: &[(&str, Option<KeyCategory>, &str, Quad)] = &[
        ("firm", Some(Differing), "", (2, 0, 0, 0)),
        ("firm", None, "postal_code", (2, 0, 0, 0)),
        ("employee", Some(Unexpected), "", (2, 0, 0, 0)),
        ("employee", Some(Duplicate), "", (3, 0, 0, 0)),
        ("employee", Some(Differing), "", (3, 12, 0, 0)),
        ("employee", None, "last_name", (3, 7, 0, 0)),
        ("employee", None, "job_title", (3, 5, 0, 0)),
        ("employee", None, "first_name", (3, 0, 0, 0)),
        ("employee", None, "nir", (3, 0, 0, 0)),
        ("contract", Some(Missing), "", (4, 0, 0, 0)),
        ("contract", Some(Differing), "", (0, 0, 6, 0)),
        ("contract", None, "end_on", (0, 0, 6, 0)),
        ("visit", Some(Differing), "", (9, 0, 0, 0)),
        ("visit", None, "visit_on", (9, 0, 0, 0)),
        (
            "measure_request",
            Some(ExcludedButMigrated),
            "",
            (4, 0, 0, 0),
        ),
        ("measure_request", Some(Differing), "", (6, 0, 0, 0)),
        ("measure_request", None, "status", (6, 0, 0, 0)),
    ];
    for (resource, cat, col, quad) in expected {
        let c = by_name[resource];
        let got = match cat {
            Some(k) => category(c, *k),
            None => column(c, col),
        };
        assert_eq!(got, *quad, "{resource} {cat:?} {col}");
    }
    // Every other line is zero.
    for c in &all {
        assert_eq!((c.previous.as_str(), c.current.as_str()), ("L1", "L2"));
        for k in &c.by_category {
            let listed = expected.iter().any(|(r, cat, _, _)| {
                *r == c.resource && cat.map(|x| x.name()) == Some(k.category.as_str())
            });
            if !listed {
                let quad = (k.fixed, k.still_failing, k.regressed, k.new);
                assert_eq!(quad, (0, 0, 0, 0), "{} {}", c.resource, k.category);
            }
        }
        for k in &c.by_column {
            let listed = expected
                .iter()
                .any(|(r, _, col, _)| *r == c.resource && *col == k.column);
            // Employee columns other than those listed only held the 3 duplicates.
            let quad = (k.fixed, k.still_failing, k.regressed, k.new);
            if !listed && c.resource == "employee" {
                assert_eq!(quad, (3, 0, 0, 0), "employee {}", k.column);
            } else if !listed {
                assert_eq!(quad, (0, 0, 0, 0), "{} {}", c.resource, k.column);
            }
        }
    }
}

/// The counts add up to what `recette check` reports for each delivery.
#[test]
fn comparison_counts_add_up_to_each_deliverys_report() {
    let sample = reconcile_sample();
    for c in comparisons(&sample) {
        let l1 = &sample.results[&(c.resource.clone(), "L1".to_string())].report;
        let l2 = &sample.results[&(c.resource.clone(), "L2".to_string())].report;
        let failing = |r: &recette::domain::report::ResourceReport, k: &str| match k {
            "missing" => r.missing_rows,
            "unexpected" => r.unexpected_rows,
            "differing" => r.differing_rows,
            "excluded_but_migrated" => r.excluded_but_migrated_rows,
            // Sample keys are never duplicated on both sides at once.
            "duplicate" => r.duplicate_keys_source + r.duplicate_keys_migrated,
            other => panic!("{other}"),
        };
        for k in &c.by_category {
            let what = format!("{} {}", c.resource, k.category);
            assert_eq!(
                k.fixed + k.still_failing,
                failing(l1, &k.category),
                "{what}"
            );
            assert_eq!(
                k.still_failing + k.regressed + k.new,
                failing(l2, &k.category),
                "{what}"
            );
        }
        for k in &c.by_column {
            let what = format!("{} {}", c.resource, k.column);
            let d = |r: &recette::domain::report::ResourceReport| {
                r.column(&k.column).unwrap().differing
            };
            assert_eq!(k.fixed + k.still_failing, d(l1), "{what}");
            assert_eq!(k.still_failing + k.regressed + k.new, d(l2), "{what}");
        }
    }
}

/// A real report masked: the mojibake still shows, the letters do not.
#[test]
fn masking_a_sample_report_keeps_the_mojibake_visible() {
    let sample = reconcile_sample();
    let employee = sample
        .campaign
        .resources
        .iter()
        .find(|r| r.name == "employee")
        .unwrap();
    let mut report = sample.results[&("employee".to_string(), "L2".to_string())]
        .report
        .clone();
    let before = report.clone();
    mask_report(&mut report, &employee.pii);
    let last_name = report.column("last_name").unwrap();
    assert!(!last_name.patterns.is_empty());
    for p in &last_name.patterns {
        let migrated = p.migrated.as_deref().unwrap();
        assert!(migrated.contains('Ã'), "{migrated}");
        assert!(!migrated.chars().any(|c| c.is_ascii_lowercase() && c != 'x'));
    }
    // job_title is not personal in the sample: left as is.
    assert_eq!(report.column("job_title"), before.column("job_title"));
    assert_eq!(
        report.examples, before.examples,
        "source_id is not personal"
    );
}

// ---------------------------------------------------------------------------------------------
// Writers

const HOSTILE: [&str; 4] = ["=HYPERLINK(\"http://x\")", "+33 6 12", "-12", "@SUM(A1:A9)"];

fn snapshot() -> Snapshot {
    let summary = |resource: &str, label: &str, delivery: &str, differing: u64| SummaryRow {
        resource: resource.into(),
        label: label.into(),
        delivery: delivery.into(),
        expected: 400,
        migrated: 400,
        identical: 400 - differing,
        differing,
        items_done: 3,
        items_total: 5,
        ok: 2,
        ko: 1,
        ..Default::default()
    };
    let mut signed = summary("firm", "Adhérents (entreprises)", "L2", 0);
    signed.signed_off = true;
    signed.signed_off_by = Some("Marie Dupont, 2026-10-14".into());
    Snapshot {
        campaign: "SSTI03 — reprise préventiel vers padoa".into(),
        generated_at: "2026-10-14T09:30:00+02:00".into(),
        masked: true,
        deliveries: vec!["L1".into(), "L2".into()],
        go_no_go: Some("NO-GO : 1 anomalie bloquante ouverte".into()),
        decision: Some(Decision::NoGo),
        summary: vec![
            summary("employee", "Salariés", "L1", 15),
            summary("employee", "Salariés", "L2", 12),
            signed,
        ],
        checklist: vec![
            ChecklistRow {
                resource: "employee".into(),
                item: "names".into(),
                label: "Les noms sont identiques | accents compris".into(),
                kind: "automated".into(),
                delivery: "L2".into(),
                verdict: "ko".into(),
                measured: Some("7 écarts, seuil 0".into()),
                author: Some("Marie Dupont".into()),
                time: Some("2026-10-14T09:00:00Z".into()),
                comment: Some(HOSTILE[0].into()),
            },
            ChecklistRow {
                resource: "visit".into(),
                item: "dates".into(),
                label: "Dates de visite".into(),
                kind: "manual".into(),
                delivery: "L2".into(),
                verdict: "todo".into(),
                ..Default::default()
            },
        ],
        defects: vec![DefectRow {
            id: "MD-1".into(),
            resource: "employee".into(),
            item: Some("names".into()),
            keys: vec!["200001".into(), "200060".into()],
            columns: vec!["last_name".into()],
            kind: Some("encoding".into()),
            severity: "blocking".into(),
            status: "open".into(),
            title: HOSTILE[1].into(),
            description: format!("{}\nsur deux lignes", HOSTILE[3]),
            found_in: Some("L1".into()),
            fixed_in: None,
            author: "Marie Dupont".into(),
            created: "2026-09-15T10:00:00Z".into(),
            evidence: vec![Evidence {
                key: "200001".into(),
                column: "last_name".into(),
                expected: Some("Éxxxx".into()),
                migrated: Some("Ã‰xxxx".into()),
            }],
            history: vec!["2026-09-15 10:00 Marie Dupont : ouverte".into()],
            cause: None,
        }],
        comparison: vec![DeliveryComparison {
            resource: "employee".into(),
            previous: "L1".into(),
            current: "L2".into(),
            by_category: KeyCategory::ALL
                .iter()
                .map(|k| recette::export::CategoryChange {
                    category: k.name().into(),
                    fixed: u64::from(*k == KeyCategory::Differing) * 3,
                    still_failing: u64::from(*k == KeyCategory::Differing) * 12,
                    regressed: 0,
                    new: 0,
                })
                .collect(),
            by_column: vec![
                recette::export::ColumnChange {
                    column: "last_name".into(),
                    fixed: 3,
                    still_failing: 7,
                    regressed: 0,
                    new: 0,
                },
                recette::export::ColumnChange {
                    column: "sex".into(),
                    fixed: 0,
                    still_failing: 0,
                    regressed: 0,
                    new: 0,
                },
            ],
        }],
        causes: Vec::new(),
        cause_comparison: Vec::new(),
    }
}

/// The dashboard, then the five tables.
const SHEETS: [&str; 6] = [
    "Synthèse",
    "Par livraison",
    "Vérifications",
    "Anomalies",
    "Comparaison livraisons",
    "Causes",
];

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

#[test]
fn xlsx_has_four_tables_with_french_headers_and_one_row_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("recette.xlsx");
    let s = snapshot();
    export::write_xlsx(&s, &path, fr()).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), SHEETS);
    // Banner, header, then: 3 summary rows, 2 checklist rows, 1 defect, 5 categories + the
    // one column with a non-zero count.
    let expected = [
        (SHEETS[1], "Ressource", 3),
        (SHEETS[2], "Ressource", 2),
        (SHEETS[3], "N°", 1),
        (SHEETS[4], "Ressource", 6),
    ];
    for (name, first_header, rows) in expected {
        let range = book.worksheet_range(name).unwrap();
        assert_eq!(range.start(), Some((0, 0)), "{name}");
        assert_eq!(range.height(), rows + 2, "{name}");
        let all: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(text).collect()).collect();
        assert!(
            all[0][0].contains("Données personnelles masquées"),
            "{}",
            all[0][0]
        );
        assert_eq!(all[1][0], first_header, "{name}");
        assert!(
            book.worksheet_formula(name)
                .unwrap()
                .used_cells()
                .next()
                .is_none()
        );
    }
    let summary = book.worksheet_range(SHEETS[1]).unwrap();
    let headers: Vec<String> = summary.rows().nth(1).unwrap().iter().map(text).collect();
    assert_eq!(
        headers[..8],
        [
            "Ressource",
            "Libellé",
            "Livraison",
            "Attendus",
            "Migrés",
            "Identiques",
            "En écart",
            "Manquants"
        ]
    );
    assert!(text(&summary[(0, 0)]).contains("Par livraison"));
    assert_eq!(summary[(3, 6)], Data::Float(12.0), "numbers stay numbers");
    assert_eq!(text(&summary[(4, 15)]), "oui");

    let defects = book.worksheet_range(SHEETS[3]).unwrap();
    let row: Vec<String> = defects.rows().nth(2).unwrap().iter().map(text).collect();
    assert_eq!(row[6], "bloquante");
    assert_eq!(row[7], "ouverte");
    assert_eq!(row[8], "'+33 6 12", "formula-like text is neutralised");
    assert!(row[9].starts_with("'@SUM"), "{}", row[9]);
    assert_eq!(row[14], "200001 · last_name : Éxxxx → Ã‰xxxx");
    let checklist = book.worksheet_range(SHEETS[2]).unwrap();
    let row: Vec<String> = checklist.rows().nth(2).unwrap().iter().map(text).collect();
    assert_eq!((row[3].as_str(), row[5].as_str()), ("automatique", "KO"));
    assert_eq!(row[9], format!("'{}", HOSTILE[0]));
    let todo: Vec<String> = checklist.rows().nth(3).unwrap().iter().map(text).collect();
    assert_eq!(todo[5], "à faire");
}

fn read_csv(path: &Path) -> (String, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.starts_with(BOM.as_bytes()),
        "{} has no BOM",
        path.display()
    );
    let text = String::from_utf8(bytes).unwrap();
    let rows = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(&text.as_bytes()[BOM.len()..])
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (text, rows)
}

#[test]
fn csv_files_have_a_bom_semicolons_and_neutralised_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export-csv");
    let s = snapshot();
    let files = export::write_csv(&s, &out, fr()).unwrap();
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "export.csv",
            "synthese.csv",
            "checklist.csv",
            "anomalies.csv",
            "comparaison-livraisons.csv",
            "causes.csv"
        ]
    );
    let (about, rows) = read_csv(&out.join("export.csv"));
    assert!(about.contains("Données personnelles masquées"));
    assert!(
        rows.iter()
            .any(|r| r[1] == "NO-GO : 1 anomalie bloquante ouverte")
    );

    let expected = [
        ("synthese.csv", "Ressource;Libellé;Livraison;Attendus", 3),
        ("checklist.csv", "Ressource;Vérification;Libellé;Type", 2),
        ("anomalies.csv", "N°;Ressource;Vérification;Clés", 1),
        (
            "comparaison-livraisons.csv",
            "Ressource;Livraison précédente;Livraison;Portée",
            6,
        ),
    ];
    for (file, header, n) in expected {
        let (text, rows) = read_csv(&out.join(file));
        assert!(text[BOM.len()..].starts_with(header), "{file}: {text}");
        assert!(text.contains("\r\n"), "{file}: CRLF line ends");
        assert_eq!(rows.len(), n + 1, "{file}");
        assert!(rows.iter().all(|r| r.len() == rows[0].len()), "{file}");
    }
    let (_, defects) = read_csv(&out.join("anomalies.csv"));
    assert_eq!(defects[1][8], "'+33 6 12");
    assert_eq!(defects[1][9], format!("'{}\nsur deux lignes", HOSTILE[3]));
    assert_eq!(defects[1][6], "bloquante");
    let (_, checklist) = read_csv(&out.join("checklist.csv"));
    assert_eq!(checklist[1][9], format!("'{}", HOSTILE[0]));
    assert_eq!(
        checklist[1][2],
        "Les noms sont identiques | accents compris"
    );
    // No cell of any file starts with a formula character.
    for f in &files {
        let (_, rows) = read_csv(f);
        for cell in rows.iter().flatten() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "{}: {cell}",
                f.display()
            );
        }
    }
    // Written again over the same folder: replaced, not appended.
    export::write_csv(&s, &out, fr()).unwrap();
    assert_eq!(read_csv(&out.join("anomalies.csv")).1.len(), 2);
}

#[test]
fn markdown_is_ready_to_paste() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("recette.md");
    let mut s = snapshot();
    export::write_markdown(&s, &path, fr()).unwrap();
    let md = std::fs::read_to_string(&path).unwrap();
    assert_eq!(md, export::to_markdown(&s, fr()));
    assert!(md.starts_with("# Recette — SSTI03 — reprise préventiel vers padoa\n"));
    assert!(md.contains("**Données personnelles masquées**"));
    assert!(md.contains("**Décision : NO-GO : 1 anomalie bloquante ouverte**"));
    for heading in [
        "## Synthèse",
        "## Anomalies par gravité et statut",
        "## Comparaison des livraisons",
        "### Salariés — employee : L1 → L2",
        "## Anomalies",
        "## Vérifications",
    ] {
        assert!(md.contains(&format!("\n{heading}\n")), "{heading}");
    }
    assert!(md.contains("| Ressource | Livraison | Attendus | Migrés |"));
    assert!(md.contains("| Salariés — employee | L2 | 400 | 400 | 388 | 12 |"));
    assert!(md.contains("| bloquante | 1 | 0 | 0 | 0 | 0 | 1 |"));
    assert!(md.contains("| en écart | 3 | 12 | 0 | 0 |"));
    assert!(md.contains("| colonne `last_name` | 3 | 7 | 0 | 0 |"));
    assert!(!md.contains("`sex`"), "all-zero lines are left out");
    // The resource by its label; no Sévérité, no Checklist: the console's words.
    assert!(md.contains("| MD-1 | Salariés | bloquante | ouverte | +33 6 12 |"));
    assert!(
        !md.contains("Sévérité") && !md.contains("Checklist"),
        "{md}"
    );
    // A pipe in a value stays inside its cell.
    assert!(md.contains("Les noms sont identiques \\| accents compris"));
    // Every table line has as many cells as its header.
    for block in md.split("\n\n").filter(|b| b.starts_with('|')) {
        let widths: Vec<usize> = block
            .lines()
            .map(|l| l.replace("\\|", "").matches('|').count())
            .collect();
        assert!(widths.iter().all(|w| *w == widths[0]), "{block}");
    }
    assert!(
        md.ends_with("\n<!-- recette export -->\n"),
        "the mark of recette's own file, invisible once rendered"
    );
    s.masked = false;
    s.go_no_go = None;
    let md = export::to_markdown(&s, fr());
    assert!(md.contains("**Données personnelles NON masquées**"));
    assert!(!md.contains("Décision"));
}

#[test]
fn json_round_trips_under_a_schema_number() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("recette.json");
    let s = snapshot();
    export::write_json(&s, &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["schema"], 1);
    assert_eq!(
        value["generator"], "recette",
        "the mark of recette's own file"
    );
    assert_eq!(value["masked"], true);
    assert_eq!(
        value["decision"], "no_go",
        "the decision beside its sentence"
    );
    // Vocabularies keep the journal's spellings.
    assert_eq!(value["defects"][0]["severity"], "blocking");
    assert_eq!(value["checklist"][1]["verdict"], "todo");
    assert_eq!(value["comparison"][0]["by_column"][0]["still_failing"], 7);
    assert_eq!(value["defects"][0]["evidence"][0]["migrated"], "Ã‰xxxx");
    assert_eq!(export::from_json(&text).unwrap(), s);
    let keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "schema",
            "generator",
            "campaign",
            "generated_at",
            "masked",
            "deliveries",
            "go_no_go",
            "decision",
            "summary",
            "checklist",
            "defects",
            "comparison",
            "causes",
            "cause_comparison"
        ]
    );
    let later = text.replacen("\"schema\": 1", "\"schema\": 2", 1);
    assert!(export::from_json(&later).is_err());
}

#[test]
fn an_empty_snapshot_still_writes_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let s = Snapshot {
        campaign: "vide".into(),
        ..Default::default()
    };
    export::write_xlsx(&s, &dir.path().join("a.xlsx"), fr()).unwrap();
    export::write_csv(&s, &dir.path().join("csv"), fr()).unwrap();
    export::write_json(&s, &dir.path().join("a.json")).unwrap();
    let md = export::to_markdown(&s, fr());
    assert!(md.contains("Données personnelles NON masquées"));
    assert!(md.contains("Aucune anomalie."));
    let mut book: Xlsx<_> = open_workbook(dir.path().join("a.xlsx")).unwrap();
    for name in &SHEETS[1..] {
        assert_eq!(book.worksheet_range(name).unwrap().height(), 2, "{name}");
    }
    let dashboard = book.worksheet_range(SHEETS[0]).unwrap();
    assert_eq!(text(&dashboard[(0, 0)]), "Décision non calculée");
}

#[test]
fn a_sample_comparison_exports() {
    let sample = reconcile_sample();
    let mut s = snapshot();
    s.comparison = comparisons(&sample);
    let dir = tempfile::tempdir().unwrap();
    export::write_xlsx(&s, &dir.path().join("a.xlsx"), fr()).unwrap();
    let md = export::to_markdown(&s, fr());
    assert!(md.contains("| colonne `end_on` | 0 | 0 | 6 | 0 |"), "{md}");
    assert!(md.contains("### visit : L1 → L2"));
    let mut book: Xlsx<_> = open_workbook(dir.path().join("a.xlsx")).unwrap();
    let range = book.worksheet_range(SHEETS[4]).unwrap();
    let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(text).collect()).collect();
    assert!(
        rows.iter()
            .any(|r| r[0] == "contract" && r[4] == "end_on" && r[7] == "6")
    );
}

/// The fill colour of a cell of a sheet, as calamine reads it (`0xRRGGBB`).
fn fill(
    book: &mut Xlsx<std::io::BufReader<std::fs::File>>,
    sheet: &str,
    at: (u32, u32),
) -> Option<u32> {
    let styles = book.worksheet_style(sheet).unwrap();
    let style = styles.get(at)?;
    let color = style.fill.as_ref()?.get_color()?;
    Some((u32::from(color.red) << 16) | (u32::from(color.green) << 8) | u32::from(color.blue))
}

/// The dashboard of the sample snapshot, for the test below: the decision, then each
/// resource on the last delivery (L2: employee and firm), defects by severity and status.
#[test]
fn the_workbook_opens_on_the_decision_in_colour_with_dates_and_fills() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("recette.xlsx");
    let mut s = snapshot();
    s.decision = Some(Decision::NoGo);
    s.summary[2].signed_off_at = Some("2026-10-14T08:00:00Z".into());
    s.defects[0].kind = Some("other".into());
    export::write_xlsx(&s, &path, fr()).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names()[0], "Synthèse", "opens on the dashboard");
    assert!(
        !book.sheet_names().iter().any(|n| n.contains("Checklist")),
        "French sheet names"
    );
    let sheet = book.worksheet_range("Synthèse").unwrap();
    assert_eq!(sheet.start(), Some((0, 0)));
    assert_eq!(text(&sheet[(0, 0)]), "NO-GO");
    assert_eq!(text(&sheet[(0, 1)]), "NO-GO : 1 anomalie bloquante ouverte");
    assert_eq!(
        fill(&mut book, "Synthèse", (0, 0)),
        Some(0xC00000),
        "NO-GO in red"
    );
    // "État au": a real date.
    assert_eq!(text(&sheet[(2, 0)]), "État au");
    match &sheet[(2, 1)] {
        Data::DateTime(at) => {
            // 2026-10-14 09:30 +02:00, in local time: that day, or the next or previous one.
            let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
            let day = chrono::NaiveDate::from_ymd_opt(2026, 10, 14).unwrap();
            let serial = (day - epoch).num_days() as f64;
            assert!((at.as_f64() - serial).abs() < 1.5, "{at:?}");
        }
        other => panic!("État au is not a date: {other:?}"),
    }
    let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(text).collect()).collect();
    let header = rows.iter().position(|r| r[0] == "Ressource").unwrap();
    assert_eq!(rows[header - 1][0], "Par ressource — livraison L2");
    let employee = &rows[header + 1];
    assert_eq!(employee[0], "Salariés (employee)");
    assert_eq!(employee[4], "12", "differing on L2");
    assert_eq!(employee[14], "non");
    assert_eq!(employee[17], "1", "one open blocking defect");
    let firm = &rows[header + 2];
    assert_eq!(
        (firm[14].as_str(), firm[15].as_str()),
        ("oui", "Marie Dupont")
    );
    assert!(
        matches!(sheet[(header + 2, 16)], Data::DateTime(_)),
        "Signée le is a date"
    );
    assert_eq!(
        fill(&mut book, "Synthèse", (header as u32 + 1, 13)),
        Some(0xFFC7CE),
        "KO count in red"
    );
    assert_eq!(
        fill(&mut book, "Synthèse", (header as u32 + 2, 14)),
        Some(0xC6EFCE),
        "signed off in green"
    );
    let by_severity = rows
        .iter()
        .position(|r| r[0] == "Anomalies par gravité et statut")
        .unwrap();
    assert_eq!(
        rows[by_severity + 1][..7],
        [
            "Gravité",
            "ouverte",
            "rouverte",
            "corrigée",
            "vérifiée",
            "rejetée",
            "Total"
        ]
    );
    assert_eq!(rows[by_severity + 2][..3], ["bloquante", "1", "0"]);
    let trend = rows
        .iter()
        .position(|r| r[0].starts_with("Écarts par livraison"))
        .unwrap();
    assert_eq!(rows[trend + 1][..4], ["Ressource", "Catégorie", "L1", "L2"]);
    assert_eq!(rows[trend + 4][..4], ["employee", "en écart", "15", "12"]);

    // Verdicts filled (KO red), instants as dates, French values.
    let checks = book.worksheet_range("Vérifications").unwrap();
    assert_eq!(text(&checks[(2, 5)]), "KO");
    assert_eq!(fill(&mut book, "Vérifications", (2, 5)), Some(0xFFC7CE));
    assert!(
        matches!(checks[(2, 8)], Data::DateTime(_)),
        "{:?}",
        checks[(2, 8)]
    );
    let defects = book.worksheet_range("Anomalies").unwrap();
    assert_eq!(text(&defects[(2, 5)]), "autre", "no \"Nature: other\"");
    assert!(matches!(defects[(2, 13)], Data::DateTime(_)));

    // GO with reservations, in orange.
    s.decision = Some(Decision::GoWithReservations);
    export::write_xlsx(&s, &path, fr()).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = book.worksheet_range("Synthèse").unwrap();
    assert_eq!(text(&sheet[(0, 0)]), "GO avec réserves");
    assert_eq!(fill(&mut book, "Synthèse", (0, 0)), Some(0xFFC000));
    s.decision = Some(Decision::Go);
    export::write_xlsx(&s, &path, fr()).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(fill(&mut book, "Synthèse", (0, 0)), Some(0x00B050));
}

/// The parts of the workbook's zip whose name starts with `prefix`, with their text.
fn zip_parts(path: &std::path::Path, prefix: &str) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let names: Vec<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    let mut parts: Vec<(String, String)> = names
        .into_iter()
        .filter(|n| n.starts_with(prefix))
        .map(|n| {
            let mut text = String::new();
            zip.by_name(&n).unwrap().read_to_string(&mut text).unwrap();
            (n, text)
        })
        .collect();
    parts.sort();
    parts
}

#[test]
fn the_workbook_charts_each_resource_delivery_after_delivery() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("recette.xlsx");
    export::write_xlsx(&snapshot(), &path, fr()).unwrap();
    let charts = zip_parts(&path, "xl/charts/chart");
    // One chart per resource: employee and firm.
    let names: Vec<&str> = charts.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["xl/charts/chart1.xml", "xl/charts/chart2.xml"]);
    let (_, employee) = &charts[0];
    assert!(employee.contains("Salariés (employee)"), "{employee}");
    assert!(employee.contains("<c:barChart>"), "a column chart");
    // A series per delivery, named after it, over the three categories.
    assert_eq!(employee.matches("<c:ser>").count(), 2);
    for delivery in ["L1", "L2"] {
        assert!(
            employee.contains(&format!("<c:v>{delivery}</c:v>")),
            "{employee}"
        );
    }
    for category in ["manquants", "inattendus", "en écart"] {
        assert!(employee.contains(category), "{category}");
    }
    assert!(
        employee.contains("Synthèse"),
        "drawn from the dashboard's table"
    );
    // The workbook carries recette's mark.
    let (_, custom) = &zip_parts(&path, "docProps/custom.xml")[0];
    assert!(custom.contains("name=\"recette-export\""), "{custom}");
}

/// `recette --lang en export`: the same tables in English — sheet names, headers,
/// vocabularies — with the same identifiers and numbers; the files keep their names.
#[test]
fn the_exports_speak_english_too() {
    let en = Lang::En.catalogue();
    let mut s = snapshot();
    // The sentence is the caller's (`acceptance::words`), in the same language.
    s.go_no_go = Some("NO-GO for the switch-over (delivery L2) — open blocking defects: 1".into());
    let md = export::to_markdown(&s, en);
    for said in [
        "# Acceptance — SSTI03",
        "**Personal data masked**",
        "## Defects by severity and status",
        "| Severity | open | reopened | fixed | verified | rejected | Total |",
        "| MD-1 | Salariés | blocking | open | +33 6 12 |",
        "| differing | 3 | 12 | 0 | 0 |",
        "## Checklist",
    ] {
        assert!(md.contains(said), "{said}:\n{md}");
    }
    assert!(
        !md.contains("Anomalies") && !md.contains("bloquante"),
        "{md}"
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("recette.xlsx");
    export::write_xlsx(&s, &path, en).unwrap();
    let book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Overview",
            "By delivery",
            "Checklist",
            "Defects",
            "Delivery comparison",
            "Causes"
        ]
    );
    let files = export::write_csv(&s, &dir.path().join("csv"), en).unwrap();
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(names.contains(&"anomalies.csv".to_string()), "{names:?}");
    let (text, _) = read_csv(&dir.path().join("csv/anomalies.csv"));
    assert!(text.contains("Id;Resource;Item;Keys"), "{text}");
}
