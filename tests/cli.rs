//! The real binary: exit codes, stdout, stderr, on small campaigns each test writes.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

mod console_support;

struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    /// A campaign with one `employee` resource, legacy source in Windows-1252.
    fn new(source: &str, migrated: &str) -> Case {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("source")).unwrap();
        fs::create_dir_all(dir.path().join("L1")).unwrap();
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(source);
        fs::write(dir.path().join("source/salaries.csv"), bytes).unwrap();
        fs::write(dir.path().join("L1/employee.csv"), migrated).unwrap();
        let case = Case { dir };
        case.write_campaign(CAMPAIGN);
        case
    }

    fn write_campaign(&self, text: &str) {
        fs::write(self.campaign(), text).unwrap();
    }

    fn campaign(&self) -> PathBuf {
        self.dir.path().join("campaign.toml")
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("recette").unwrap();
        // The human output in English, whatever the machine's config.toml says.
        cmd.env("RECETTE_CACHE_DIR", self.dir.path().join("cache"))
            .args(["--lang", "en"])
            .arg("-c")
            .arg(self.campaign());
        cmd
    }

    fn cache_files(&self) -> Vec<(String, std::time::SystemTime)> {
        let mut files = Vec::new();
        collect(&self.dir.path().join("cache"), &mut files);
        files.sort();
        files
    }
}

fn collect(dir: &Path, out: &mut Vec<(String, std::time::SystemTime)>) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push((
                path.display().to_string(),
                entry.metadata().unwrap().modified().unwrap(),
            ));
        }
    }
}

const CAMPAIGN: &str = r#"
name = "essai"
[source]
dir = "source"
delimiter = ";"
encoding = "windows-1252"
[[delivery]]
id = "L1"
dir = "L1"
[[resource]]
name = "employee"
source = "salaries.csv"
migrated = "employee.csv"
key = ["source_id"]
[resource.columns]
source_id = "num"
last_name = "nom"
postal_code = "cp"
birth_date = { from = "naissance", date = "%d/%m/%Y" }
"#;

const SOURCE: &str = "num;nom;cp;naissance\r\n1;Cœur;03100;05/01/1980\r\n2;L’Hôpital;03000;31/02/1990\r\n3;Dupont;03200;01/12/1975\r\n";

#[test]
fn differences_fail_with_exit_1_and_json_names_them() {
    let case = Case::new(
        SOURCE,
        "source_id,last_name,postal_code,birth_date,batch\n1,Cœur,3100,1980-01-05,b1\n2,L’Hôpital,03000,1990-02-28,b1\n4,TEST,03000,2000-01-01,b1\n",
    );
    let out = case
        .cmd()
        .args(["check", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let r = &v["resources"][0];
    assert_eq!(v["schema"], 1);
    assert_eq!(v["verdict"], "fail");
    assert_eq!(r["matched_keys"], 2);
    assert_eq!(r["missing_rows"], 1);
    assert_eq!(r["unexpected_rows"], 1);
    assert_eq!(r["differing_rows"], 2);
    assert_eq!(r["unmapped_migrated_columns"], serde_json::json!(["batch"]));
    let cols = r["columns"].as_array().unwrap();
    let pc = cols.iter().find(|c| c["name"] == "postal_code").unwrap();
    assert_eq!(
        pc["patterns"][0],
        serde_json::json!({"expected": "03100", "migrated": "3100", "rows": 1})
    );
    let bd = cols.iter().find(|c| c["name"] == "birth_date").unwrap();
    assert_eq!(bd["unparseable"], 1);
    assert_eq!(bd["differing"], 1);
    assert_eq!(bd["patterns"][0]["expected"], "⟨unparseable: 31/02/1990⟩");
    let ln = cols.iter().find(|c| c["name"] == "last_name").unwrap();
    assert_eq!(ln["differing"], 0, "œ and ’ survive Windows-1252");
}

#[test]
fn a_clean_delivery_passes_and_a_second_run_reads_stored_results() {
    let case = Case::new(
        SOURCE.replace("31/02/1990", "28/02/1990").as_str(),
        "source_id,last_name,postal_code,birth_date\n1,Cœur,03100,1980-01-05\n2,L’Hôpital,03000,1990-02-28\n3,Dupont,03200,1975-12-01\n",
    );
    let out = case
        .cmd()
        .arg("check")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8(out).unwrap().contains("verdict: pass"));
    let before = case.cache_files();
    assert!(
        before.iter().any(|(p, _)| p.ends_with(".json")),
        "{before:?}"
    );
    case.cmd().arg("check").assert().code(0);
    assert_eq!(
        case.cache_files(),
        before,
        "an unchanged check writes nothing new"
    );
}

#[test]
fn keys_lists_every_key_of_a_category_as_csv() {
    let case = Case::new(
        SOURCE,
        "source_id,last_name,postal_code,birth_date\n1,Cœur,3100,1980-01-05\n9,X,1,2000-01-01\n",
    );
    let out = case
        .cmd()
        .args(["keys", "--resource", "employee", "--category", "missing"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert_eq!(String::from_utf8(out).unwrap(), "source_id\n2\n3\n");
    let out = case
        .cmd()
        .args([
            "keys",
            "--resource",
            "employee",
            "--category",
            "differing",
            "--column",
            "postal_code",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert_eq!(String::from_utf8(out).unwrap(), "source_id\n1\n");
}

#[test]
fn without_a_campaign_a_subcommand_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let assert = Command::cargo_bin("recette")
        .unwrap()
        .current_dir(dir.path())
        .arg("check")
        .assert()
        .code(2);
    let out = assert.get_output();
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("campaign.toml"));
}

#[test]
fn bare_recette_without_a_terminal_prints_the_check_of_the_folders_campaign() {
    let (dir, campaign) = console_support::sample_copy();
    let assert = Command::cargo_bin("recette")
        .unwrap()
        .current_dir(campaign.parent().unwrap())
        .env("RECETTE_CACHE_DIR", dir.path().join("cache"))
        .assert()
        .code(1);
    let out = assert.get_output();
    let stdout = String::from_utf8_lossy(&out.stdout);
    // In French by default, the resources by their labels.
    assert!(
        stdout.contains("Salariés") && stdout.contains("En écart"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("pas de terminal"), "{stderr}");
    // Asked for by name, the console says it needs a terminal.
    let assert = Command::cargo_bin("recette")
        .unwrap()
        .current_dir(campaign.parent().unwrap())
        .env("RECETTE_CACHE_DIR", dir.path().join("cache"))
        .arg("console")
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("needs a terminal"), "{stderr}");
}

fn expect_error(case: &Case, needles: &[&str]) {
    let assert = case.cmd().arg("check").assert().code(2);
    let out = assert.get_output();
    assert!(out.stdout.is_empty(), "nothing on stdout");
    let err = String::from_utf8_lossy(&out.stderr);
    for n in needles {
        assert!(err.contains(n), "stderr lacks {n:?}: {err}");
    }
}

#[test]
fn bad_inputs_exit_2_with_a_message_naming_the_place() {
    let good = "source_id,last_name,postal_code,birth_date\n1,Cœur,03100,1980-01-05\n";
    let ragged = Case::new(
        "num;nom;cp;naissance\r\n1;a;03100;05/01/1980\r\n2;b;03000\r\n",
        good,
    );
    expect_error(
        &ragged,
        &["salaries.csv", "line 3", "3 fields where the header has 4"],
    );

    let empty = Case::new("", good);
    expect_error(&empty, &["salaries.csv", "empty"]);

    let no_key = Case::new(SOURCE, "id,last_name\n1,x\n");
    expect_error(&no_key, &["employee.csv", "key column `source_id`"]);

    let unknown_key = Case::new(SOURCE, good);
    unknown_key.write_campaign(&CAMPAIGN.replace("key = [", "keyz = 1\nkey = ["));
    expect_error(&unknown_key, &["campaign.toml", "keyz"]);

    let bad_sql = Case::new(SOURCE, good);
    bad_sql.write_campaign(&format!("{CAMPAIGN}extra = \"upper(nom_inconnu)\"\n"));
    expect_error(
        &bad_sql,
        &[
            "campaign.toml",
            "resource `employee`",
            "columns.extra",
            "nom_inconnu",
        ],
    );

    let bad_from = Case::new(SOURCE, good);
    bad_from.write_campaign(&format!("{CAMPAIGN}extra = {{ from = \"prenom\" }}\n"));
    expect_error(
        &bad_from,
        &["columns.extra", "`prenom`", "num, nom, cp, naissance"],
    );

    let missing_file = Case::new(SOURCE, good);
    fs::remove_file(missing_file.dir.path().join("L1/employee.csv")).unwrap();
    expect_error(&missing_file, &["employee.csv", "delivery L1"]);

    let wrong_delivery = Case::new(SOURCE, good);
    let assert = wrong_delivery
        .cmd()
        .args(["check", "--delivery", "L9"])
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&assert.get_output().stderr).contains("deliveries: L1"));
}

#[test]
fn a_hostile_header_cannot_change_the_sql() {
    let case = Case::new(
        SOURCE,
        "source_id,last_name,postal_code,birth_date,\"x\"\"; DROP TABLE t; --\"\n1,Cœur,03100,1980-01-05,1\n2,L’Hôpital,03000,1990-02-28,\u{1b}[31m\n3,Dupont,03200,1975-12-01,\n",
    );
    let out = case
        .cmd()
        .args(["check", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        v["resources"][0]["unmapped_migrated_columns"][0],
        "x\"; DROP TABLE t; --"
    );
    assert_eq!(v["resources"][0]["matched_keys"], 3);
}

#[test]
fn table_output_never_prints_escape_sequences_from_data() {
    let case = Case::new(
        SOURCE,
        "source_id,last_name,postal_code,birth_date\n1,\u{1b}[2JCœur,03100,1980-01-05\n",
    );
    let out = case
        .cmd()
        .arg("check")
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(text.contains("\\x1b[2JCœur"), "{text}");
}

#[test]
fn two_processes_checking_at_once_share_the_results_folder() {
    let case = Case::new(
        SOURCE,
        "source_id,last_name,postal_code,birth_date\n1,Cœur,3100,1980-01-05\n",
    );
    let spawn = || {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("recette"))
            .env("RECETTE_CACHE_DIR", case.dir.path().join("cache"))
            .arg("-c")
            .arg(case.campaign())
            .args(["check", "--format", "json"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert_eq!(
        a.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&a.stderr)
    );
    assert_eq!(
        b.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&b.stderr)
    );
    assert_eq!(a.stdout, b.stdout);
    let leftovers: Vec<_> = case
        .cache_files()
        .into_iter()
        .filter(|(p, _)| p.contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn record_shows_both_sides_with_the_differences_marked() {
    let case = Case::new(
        SOURCE,
        "source_id,last_name,postal_code,birth_date\n1,Cœur,3100,1980-01-05\n2,L’Hôpital,03000,1990-02-28\n",
    );
    let out = case
        .cmd()
        .args([
            "record",
            "--resource",
            "employee",
            "--key",
            "1",
            "--key",
            "3",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let postal = text.lines().find(|l| l.contains("postal_code")).unwrap();
    assert!(
        postal.contains("03100") && postal.contains("3100") && postal.contains('≠'),
        "{text}"
    );
    let name = text.lines().find(|l| l.contains("last_name")).unwrap();
    assert!(!name.contains('≠'), "{text}");
    assert!(
        text.contains("raw source: num=1 ; nom=Cœur ; cp=03100 ; naissance=05/01/1980"),
        "{text}"
    );
    assert!(
        text.contains("── 3") && text.contains("not in the delivery"),
        "{text}"
    );
}

/// A campaign in a temp folder from raw texts (UTF-8 source, `,`).
fn small_case(campaign: &str, source: &str, migrated: &str) -> Case {
    let case = Case::new("", migrated);
    fs::write(case.dir.path().join("source/salaries.csv"), source).unwrap();
    case.write_campaign(campaign);
    case
}

const DATES: &str = r#"
name = "dates"
[source]
dir = "source"
[[delivery]]
id = "L1"
dir = "L1"
[[resource]]
name = "employee"
source = "salaries.csv"
migrated = "employee.csv"
key = ["id"]
[resource.columns]
id = "id"
dt = { from = "dt", date = "%d/%m/%Y" }
"#;

#[test]
fn a_source_column_named_like_an_internal_slot_changes_nothing() {
    // The date column is slot 1: a legacy column `E1` must not stand in for its value.
    let case = small_case(
        DATES,
        "id,dt,E1\n1,01/02/2023,2023-12-31\n",
        "id,dt\n1,2023-12-31\n",
    );
    let out = case
        .cmd()
        .args(["check", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["resources"][0]["differing_rows"], 1);
}

#[test]
fn a_derived_column_cannot_take_a_reserved_name() {
    let campaign = DATES.replace(
        "[resource.columns]",
        "[resource.derive]\n__keep = \"true\"\n[resource.columns]",
    );
    let case = small_case(&campaign, "id,dt\n1,01/02/2023\n", "id,dt\n1,2023-02-01\n");
    expect_error(&case, &["derive.__keep", "reserves"]);
}

#[test]
fn a_source_with_a_header_only_is_reconciled() {
    let case = small_case(DATES, "id,dt\n", "id,dt\n1,2023-02-01\n");
    let out = case
        .cmd()
        .args(["check", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        (
            v["resources"][0]["source_rows"].as_u64(),
            v["resources"][0]["unexpected_rows"].as_u64()
        ),
        (Some(0), Some(1))
    );
}

#[test]
fn a_source_file_that_is_not_there_names_the_resource() {
    let case = small_case(DATES, "id,dt\n", "id,dt\n");
    fs::remove_file(case.dir.path().join("source/salaries.csv")).unwrap();
    expect_error(&case, &["salaries.csv", "resource `employee`", "`source`"]);
}

#[test]
fn a_file_replaced_with_the_same_size_and_time_is_read_again() {
    let case = small_case(DATES, "id,dt\n1,01/02/2023\n", "id,dt\n1,2023-02-01\n");
    case.cmd().arg("check").assert().code(0);
    let delivery = case.dir.path().join("L1/employee.csv");
    let before = fs::metadata(&delivery).unwrap().modified().unwrap();
    fs::write(&delivery, "id,dt\n1,2023-02-02\n").unwrap();
    fs::File::options()
        .write(true)
        .open(&delivery)
        .unwrap()
        .set_modified(before)
        .unwrap();
    case.cmd().arg("check").assert().code(1);
}

#[test]
fn keys_with_an_unknown_column_prints_nothing_on_stdout() {
    let case = small_case(DATES, "id,dt\n1,01/02/2023\n", "id,dt\n1,2023-02-01\n");
    let assert = case
        .cmd()
        .args([
            "keys",
            "--resource",
            "employee",
            "--category",
            "differing",
            "--column",
            "nope",
        ])
        .assert()
        .code(2);
    assert!(assert.get_output().stdout.is_empty());
}

#[test]
fn sql_that_fails_on_the_data_is_the_campaigns_mistake() {
    let campaign = DATES.replace(
        "[resource.columns]",
        "[resource.rules]\nkeep_if = \"CAST(dt AS INTEGER) > 0\"\n[resource.columns]",
    );
    let case = small_case(&campaign, "id,dt\n1,01/02/2023\n", "id,dt\n1,2023-02-01\n");
    expect_error(&case, &["campaign.toml", "resource `employee`", "TRY_CAST"]);
}

#[test]
fn a_column_read_with_the_wrong_delimiter_shows_the_header() {
    let case = small_case(DATES, "id;dt\n1;01/02/2023\n", "id,dt\n1,2023-02-01\n");
    expect_error(
        &case,
        &["the header was read as one column `id;dt`: is the delimiter `;`?"],
    );
}
