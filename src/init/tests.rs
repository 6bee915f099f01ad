//! End-to-end tests of `init` on folders the tests write: the bundled sample's CSV and JSON
//! files, and generated files large enough to be sampled. The drafts must parse as a
//! campaign and a checklist of the engine's own parsers.

use std::path::{Path, PathBuf};

use super::*;
use crate::domain::campaign::Campaign;
use crate::domain::checklist::Checklist;

/// Reads JSON lines the way the engine's `read_json` with text columns does, for the
/// tests (the command line backs this with the engine itself).
struct JsonLines;

impl ForeignReader for JsonLines {
    fn columns(&self, path: &Path) -> Result<Vec<String>, String> {
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        let first: serde_json::Value =
            serde_json::from_str(text.lines().next().unwrap_or("{}")).map_err(|e| e.to_string())?;
        Ok(first.as_object().unwrap().keys().cloned().collect())
    }

    fn scan(&self, path: &Path, visit: &mut dyn FnMut(&[Option<&str>])) -> Result<u64, String> {
        let columns = self.columns(path)?;
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        let mut n = 0;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
            let values: Vec<Option<String>> = columns
                .iter()
                .map(|c| match &v[c] {
                    serde_json::Value::Null => None,
                    serde_json::Value::String(s) if s.is_empty() => None,
                    serde_json::Value::String(s) => Some(s.clone()),
                    other => Some(other.to_string()),
                })
                .collect();
            let refs: Vec<Option<&str>> = values.iter().map(|v| v.as_deref()).collect();
            visit(&refs);
            n += 1;
        }
        Ok(n)
    }
}

fn sample_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

/// Copies the files of `from` whose names pass `keep` into a new folder `to`.
fn copy(from: &Path, to: &Path, keep: impl Fn(&str) -> bool) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if keep(&name) {
            std::fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

fn request(dir: &Path, source: &Path, delivery: &Path, lang: Lang) -> Request {
    Request {
        source_dir: source.to_path_buf(),
        delivery_dir: delivery.to_path_buf(),
        campaign_file: dir.join("campaign.toml"),
        checklist_file: dir.join("checklist.toml"),
        name: None,
        lang,
    }
}

/// The campaign and checklist as the engine reads them.
fn parsed(dir: &Path, d: &Draft) -> (Campaign, Checklist) {
    let file = dir.join("campaign.toml");
    let campaign =
        Campaign::parse(&file, &d.campaign).unwrap_or_else(|e| panic!("{e}\n---\n{}", d.campaign));
    let checklist = Checklist::parse(&dir.join("checklist.toml"), &d.checklist, &campaign)
        .unwrap_or_else(|e| panic!("{e}\n---\n{}", d.checklist));
    (campaign, checklist)
}

fn resource<'a>(plan: &'a Plan, name: &str) -> &'a ResourcePlan {
    plan.resources
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| {
            panic!(
                "no resource {name}: {:#?}",
                plan.resources.iter().map(|r| &r.name).collect::<Vec<_>>()
            )
        })
}

fn column<'a>(r: &'a ResourcePlan, name: &str) -> &'a PlannedColumn {
    r.columns
        .iter()
        .find(|c| c.delivery == name)
        .unwrap_or_else(|| panic!("{}: no column {name}", r.name))
}

fn map_of(c: &PlannedColumn) -> Vec<(&str, &str)> {
    match &c.rule {
        Rule::Map { map, .. } => map.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect(),
        other => panic!("{}: {other:?}", c.delivery),
    }
}

#[test]
fn the_sample_delivery_is_drafted_back() {
    let dir = test_dir("sample_l1");
    let (source, l1) = (dir.join("data/source"), dir.join("data/L1"));
    copy(&sample_data().join("source"), &source, |_| true);
    // Parquet needs the engine: left out here, read in the command line's tests.
    copy(&sample_data().join("deliveries/L1"), &l1, |n| {
        !n.ends_with(".parquet")
    });
    let draft = draft(
        &request(&dir, &source, &l1, Lang::Fr),
        &JsonLines,
        &mut |_| {},
    )
    .unwrap();
    let plan = &draft.plan;
    let names: Vec<(&str, &str, &str)> = plan
        .resources
        .iter()
        .map(|r| {
            (
                r.name.as_str(),
                r.source.name.as_str(),
                r.delivery.name.as_str(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("firm", "adherents.csv", "firm.csv"),
            ("employee", "salaries.csv", "employee.csv"),
            ("contract", "contrats.csv", "contract.csv"),
            ("visit", "visites.csv", "visit.json"),
        ]
    );
    assert_eq!(plan.unpaired_source.len(), 1);
    assert_eq!(plan.unpaired_source[0].file, "examens.csv");
    assert_eq!(
        (plan.delivery_id.as_str(), plan.source_dir.as_str()),
        ("L1", "data/source")
    );
    let source_format = plan.source_format.unwrap();
    assert_eq!(source_format.encoding, TextEncoding::Windows1252);
    assert_eq!(source_format.delimiter, b';');
    assert!(
        draft.campaign.contains("source_encoding = \"utf-8\""),
        "adherents.csv is UTF-8 with a BOM"
    );

    let firm = resource(plan, "firm");
    assert_eq!(firm.key.delivery, ["source_id"]);
    assert_eq!(firm.key.source, ["num_adherent"]);
    assert_eq!(
        column(firm, "joined_on").rule,
        Rule::Date { format: "%d/%m/%Y" }
    );
    let postal = column(firm, "postal_code");
    assert_eq!(postal.rule, Rule::Same);
    assert_eq!(postal.differences, [(Difference::LeadingZeros, 2)]);
    assert!(firm.carried.iter().any(|(c, _)| c == "migration_batch"));
    assert!(firm.pii().is_empty());

    let employee = resource(plan, "employee");
    assert_eq!(employee.key.source, ["num_salarie"]);
    assert!(employee.key.uniqueness < 1.0 && employee.key.uniqueness >= 0.99);
    assert_eq!(
        map_of(column(employee, "sex")),
        [("F", "female"), ("M", "male")]
    );
    assert_eq!(column(employee, "sex").source, "sexe");
    assert_eq!(
        column(employee, "birth_date").rule,
        Rule::Date { format: "%d/%m/%Y" }
    );
    assert_eq!(
        column(employee, "phone").rule,
        Rule::Compact {
            separators: vec![' ']
        }
    );
    assert_eq!(column(employee, "firm_id").source, "num_adherent");
    let names = column(employee, "last_name");
    assert!(
        names.differences.contains(&(Difference::Encoding, 7)),
        "{:?}",
        names.differences
    );
    let jobs = column(employee, "job_title");
    assert!(
        jobs.differences.contains(&(Difference::Truncated, 5)),
        "{:?}",
        jobs.differences
    );
    assert_eq!(
        employee.pii(),
        [
            "last_name",
            "first_name",
            "nir",
            "birth_date",
            "email",
            "phone",
            "address"
        ]
    );
    assert!(employee.carried.iter().any(|(c, _)| c == "created_by"));

    let contract = resource(plan, "contract");
    assert_eq!(contract.key.delivery, ["employee_id", "contract_no"]);
    assert_eq!(contract.key.source, ["num_salarie", "num_contrat"]);
    assert_eq!(
        map_of(column(contract, "contract_type")),
        [
            ("APP", "apprenticeship"),
            ("CDD", "fixed_term"),
            ("CDI", "permanent"),
            ("INT", "temporary")
        ]
    );
    assert_eq!(
        map_of(column(contract, "part_time")),
        [("N", "false"), ("O", "true")]
    );
    assert_eq!(column(contract, "weekly_hours").rule, Rule::DecimalComma);
    assert_eq!(
        column(contract, "end_on").rule,
        Rule::Date { format: "%d/%m/%Y" }
    );

    let visit = resource(plan, "visit");
    assert_eq!(visit.key.source, ["num_visite"]);
    assert_eq!(
        column(visit, "visit_on").rule,
        Rule::Date { format: "%d/%m/%Y" }
    );
    assert!(
        column(visit, "visit_on").rate < 1.0,
        "9 dates shifted by a day"
    );
    assert_eq!(map_of(column(visit, "visit_type")).len(), 6);
    assert!(visit.unused_source.contains(&"heure".to_string()));

    let (campaign, checklist) = parsed(&dir, &draft);
    assert_eq!(campaign.resources.len(), 4);
    assert_eq!(campaign.deliveries[0].id, "L1");
    // One manual item per learned map.
    let maps = plan
        .resources
        .iter()
        .map(|r| r.learned_maps().count())
        .sum::<usize>();
    assert_eq!(maps, 4);
    let manual = checklist
        .items_for("contract")
        .filter(|i| i.id.starts_with("contract-map-"))
        .count();
    assert_eq!(manual, 2);
    assert!(draft.checklist.contains("aucune fiche manquante"));
    for r in &plan.resources {
        for c in r.learned_maps() {
            let line = draft
                .campaign
                .lines()
                .find(|l| l.starts_with(&format!("{} = ", c.delivery)))
                .unwrap();
            assert!(
                line.contains("learned = \"L1\" }   # table apprise de L1, non confirmée"),
                "{line}"
            );
        }
    }
}

#[test]
fn english_drafts_are_english() {
    let dir = test_dir("sample_en");
    let (source, l1) = (dir.join("source"), dir.join("L1"));
    copy(&sample_data().join("source"), &source, |n| {
        n == "adherents.csv"
    });
    copy(&sample_data().join("deliveries/L1"), &l1, |n| {
        n == "firm.csv"
    });
    let draft = draft(
        &request(&dir, &source, &l1, Lang::En),
        &JsonLines,
        &mut |_| {},
    )
    .unwrap();
    assert!(
        draft.checklist.contains("no record missing"),
        "{}",
        draft.checklist
    );
    assert!(
        draft.campaign.contains("same text: 100% of"),
        "{}",
        draft.campaign
    );
    assert!(!draft.campaign.contains("même"));
    parsed(&dir, &draft);
}

/// A legacy extraction and its delivery, generated: `n` employees, the delivery sorted
/// the other way, a few planted defects.
fn generate(dir: &Path, n: u32) -> (PathBuf, PathBuf) {
    let (source, delivery) = (dir.join("extraction"), dir.join("L1"));
    std::fs::create_dir_all(&source).unwrap();
    std::fs::create_dir_all(&delivery).unwrap();
    let mut legacy = "matricule;nom;statut;montant;entree\r\n".to_string();
    let mut migrated = vec!["id,name,state,amount,hired_on,batch\n".to_string()];
    for i in 0..n {
        let id = 100_000 + i * 7;
        let status = ["A", "S", "R"][(i % 3) as usize];
        let (day, month) = (1 + i % 28, 1 + i % 9);
        let (units, cents) = (i % 1000, i % 100);
        legacy.push_str(&format!(
            "{id};Nom {i} é;{status};{units},{cents:02};{day:02}/0{month}/2019\r\n"
        ));
        // 1% of the delivered states are wrong.
        let state = match (status, i % 97 == 5) {
            (_, true) => "retired",
            ("A", _) => "active",
            ("S", _) => "suspended",
            _ => "retired",
        };
        migrated.push(format!(
            "{id},Nom {i} é,{state},{units}.{cents:02},2019-0{month}-{day:02},B7\n"
        ));
    }
    // The legacy file is Windows-1252: its é is one byte.
    let legacy = encoding_rs::WINDOWS_1252.encode(&legacy).0.into_owned();
    std::fs::write(source.join("salaries.csv"), legacy).unwrap();
    let mut body = migrated.split_off(1);
    body.reverse();
    let text: String = migrated.into_iter().chain(body).collect();
    std::fs::write(delivery.join("employee.csv"), text).unwrap();
    (source, delivery)
}

#[test]
fn large_files_are_decided_on_the_same_keys_drawn_on_both_sides() {
    let dir = test_dir("large");
    let (source, delivery) = generate(&dir, 120_000);
    let mut steps = Vec::new();
    let draft = draft(
        &request(&dir, &source, &delivery, Lang::Fr),
        &NoForeignReader,
        &mut |p| steps.push(p.step),
    )
    .unwrap();
    let r = resource(&draft.plan, "employee");
    assert!(r.modulus >= 8, "{}", r.modulus);
    // Drawn the same way on both sides: nearly every drawn key matches.
    assert!(r.key.found > 0.99, "{:?}", r.key);
    assert!(r.matched > 10_000 && r.matched < 20_000, "{}", r.matched);
    assert_eq!(r.key.source, ["matricule"]);
    assert_eq!(column(r, "name").rule, Rule::Same);
    assert_eq!(column(r, "amount").rule, Rule::DecimalComma);
    assert_eq!(
        column(r, "hired_on").rule,
        Rule::Date { format: "%d/%m/%Y" }
    );
    // The map survives the 1% of wrong states in the delivery.
    assert_eq!(
        map_of(column(r, "state")),
        [("A", "active"), ("R", "retired"), ("S", "suspended")]
    );
    assert!(column(r, "state").rate < 1.0);
    assert!(steps.contains(&Step::Reading) && steps.contains(&Step::Drawing));
    assert!(draft.campaign.contains("modulo"), "the sample is said");
    parsed(&dir, &draft);
}

#[test]
fn bad_folders_are_named() {
    let dir = test_dir("bad");
    let (source, delivery) = generate(&dir, 50);
    let run = |source: &Path, delivery: &Path| {
        draft(
            &request(&dir, source, delivery, Lang::Fr),
            &NoForeignReader,
            &mut |_| {},
        )
        .unwrap_err()
    };
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let e = run(&empty, &delivery);
    assert!(matches!(e, InitError::Folder { .. }), "{e}");
    assert!(e.to_string().contains("no data file"), "{e}");
    let e = run(&source, &dir);
    assert!(
        e.to_string().contains("give the one of a single delivery"),
        "{e}"
    );
    let e = run(&source, &dir.join("nowhere"));
    assert!(e.to_string().contains("not a folder"), "{e}");

    // A compressed file among the data: named, with what to do.
    std::fs::write(source.join("visites.csv"), [0x1f, 0x8b, 8, 0, 0, 0]).unwrap();
    let e = run(&source, &delivery);
    let said = e.to_string();
    assert!(
        said.contains("visites.csv") && said.contains("gzip"),
        "{said}"
    );
    std::fs::remove_file(source.join("visites.csv")).unwrap();

    // Files that share no values.
    let other = dir.join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(
        other.join("firm.csv"),
        "code,label\nX1,alpha\nX2,beta\nX3,gamma\n",
    )
    .unwrap();
    let e = run(&source, &other);
    assert!(matches!(e, InitError::Nothing(_)), "{e}");
    assert!(e.to_string().contains("shares key values"), "{e}");
}
