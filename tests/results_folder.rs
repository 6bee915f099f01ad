//! The results folder as the real binary keeps it (issue 10 §4): a damaged result is
//! computed again, a dead process's leftovers are swept, `recette cache [--clear]` shows
//! and clears what no running recette uses; and the rows with a NULL key (§5), listed by
//! file and row.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

struct Case {
    dir: tempfile::TempDir,
}

const CAMPAIGN: &str = r#"
name = "essai"
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
name = "name"
"#;

impl Case {
    fn new(source: &str, migrated: &str) -> Case {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("source")).unwrap();
        fs::create_dir_all(dir.path().join("L1")).unwrap();
        fs::write(dir.path().join("source/salaries.csv"), source).unwrap();
        fs::write(dir.path().join("L1/employee.csv"), migrated).unwrap();
        fs::write(dir.path().join("campaign.toml"), CAMPAIGN).unwrap();
        Case { dir }
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("recette").unwrap();
        cmd.env("RECETTE_CACHE_DIR", self.dir.path().join("cache"))
            .env_remove("RECETTE_MAX_SPILL")
            .args(["--lang", "en"])
            .arg("-c")
            .arg(self.dir.path().join("campaign.toml"));
        cmd
    }

    /// The results folder of the current layout (there after a first command).
    fn results(&self) -> PathBuf {
        let base = self.dir.path().join("cache");
        let campaign = fs::read_dir(&base).unwrap().next().unwrap().unwrap().path();
        campaign.join("layout-2")
    }

    fn files(&self, suffix: &str) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = fs::read_dir(self.results())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(suffix))
            .collect();
        out.sort();
        out
    }
}

fn stdout(cmd: &mut Command, code: i32) -> String {
    let out = cmd.assert().code(code).get_output().clone();
    String::from_utf8(out.stdout).unwrap()
}

const SOURCE: &str = "id,name\n1,Cœur\n2,Dupont\n3,Martin\n";
const MIGRATED: &str = "id,name\n1,Coeur\n2,Dupont\n";

#[test]
fn a_result_file_emptied_is_computed_again_and_every_command_works() {
    let case = Case::new(SOURCE, MIGRATED);
    case.cmd().arg("check").assert().code(1);
    let keys = case.files("-keys.parquet");
    assert_eq!(keys.len(), 1, "{keys:?}");
    let size = fs::metadata(&keys[0]).unwrap().len();
    // Emptied, as a full disk or a bad copy leaves it.
    fs::write(&keys[0], b"").unwrap();
    let out = case
        .cmd()
        .args(["record", "--resource", "employee", "--key", "1"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("damaged") && stderr.contains("computing them again"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Coeur"));
    assert_eq!(fs::metadata(&keys[0]).unwrap().len(), size, "rebuilt");
    // Truncated in the middle: the end mark is gone.
    let differences = case.files("-differences.parquet");
    let bytes = fs::read(&differences[0]).unwrap();
    fs::write(&differences[0], &bytes[..bytes.len() / 2]).unwrap();
    let keys_out = stdout(
        case.cmd()
            .args(["keys", "--resource", "employee", "--category", "missing"]),
        0,
    );
    assert_eq!(keys_out, "id\n3\n");
    assert_eq!(
        fs::metadata(&differences[0]).unwrap().len(),
        bytes.len() as u64,
        "rebuilt"
    );
    // Whole again: read as stored, said nothing.
    let out = case
        .cmd()
        .arg("check")
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let status = case.cmd().arg("status").assert().get_output().clone();
    assert_ne!(
        status.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn a_killed_writer_leaves_a_temporary_file_the_next_command_sweeps() {
    let case = Case::new(SOURCE, MIGRATED);
    // The fault-injection switch: the process dies after writing and syncing its first
    // result file, before renaming it into place.
    let out = case
        .cmd()
        .env("RECETTE_FAULT", "publish")
        .arg("check")
        .assert()
        .get_output()
        .clone();
    assert!(!out.status.success());
    let leftovers = case.files("-keys.parquet");
    assert!(
        leftovers.iter().any(|p| p
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(".tmp-")),
        "{leftovers:?}"
    );
    case.cmd().arg("check").assert().code(1);
    let after: Vec<PathBuf> = fs::read_dir(case.results())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".tmp-")
        })
        .collect();
    assert!(after.is_empty(), "{after:?}");
}

/// A process that runs for the test's length, to hold a lease.
struct Alive(std::process::Child);

impl Drop for Alive {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn lease(results: &Path, pid: u32, names: &[String]) {
    fs::create_dir_all(results.join("leases")).unwrap();
    fs::write(
        results.join("leases").join(format!("{pid}.json")),
        serde_json::json!({ "pid": pid, "names": names }).to_string(),
    )
    .unwrap();
}

#[test]
fn cache_clear_keeps_what_a_running_recette_uses() {
    let case = Case::new(SOURCE, MIGRATED);
    case.cmd().arg("check").assert().code(1);
    let first = case.files(".json");
    let first = first
        .iter()
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("rec-"))
        .unwrap()
        .clone();
    // The delivery changes: a second result, the first one superseded.
    fs::write(
        case.dir.path().join("L1/employee.csv"),
        "id,name\n1,Cœur\n2,Dupont\n",
    )
    .unwrap();
    case.cmd().arg("check").assert().code(1);
    assert_eq!(case.files("-keys.parquet").len(), 2);
    // A console still open on the first result.
    let holder = Alive(
        std::process::Command::new("sleep")
            .arg("60")
            .spawn()
            .unwrap(),
    );
    let held = first
        .file_name()
        .unwrap()
        .to_string_lossy()
        .trim_end_matches(".json")
        .to_string();
    lease(&case.results(), holder.0.id(), std::slice::from_ref(&held));
    let shown = stdout(case.cmd().arg("cache"), 0);
    assert!(shown.contains("results folder: "), "{shown}");
    assert!(
        shown.contains("in use by a running recette: 1 item"),
        "{shown}"
    );
    let cleared = stdout(case.cmd().args(["cache", "--clear"]), 0);
    assert!(cleared.starts_with("freed "), "{cleared}");
    assert!(cleared.contains("kept 1 item"), "{cleared}");
    let keys = case.files("-keys.parquet");
    assert_eq!(keys.len(), 1, "{keys:?}");
    assert!(keys[0].to_string_lossy().contains(&held), "{keys:?}");
    // Once that recette is gone, nothing holds it.
    drop(holder);
    stdout(case.cmd().args(["cache", "--clear"]), 0);
    assert!(case.files("-keys.parquet").is_empty());
    assert!(case.files(".json").is_empty());
    // And the next command computes again.
    case.cmd().arg("check").assert().code(1);
}

#[test]
fn rows_with_a_null_key_are_listed_by_file_and_row() {
    let case = Case::new(
        "id,name\n1,Cœur\n,Sans clé\n3,Martin\n,Autre\n",
        "id,name\n1,Cœur\n3,Martin\n,Vide\n",
    );
    let out = stdout(case.cmd().args(["check", "--format", "json"]), 0);
    let v: serde_json::Value = serde_json::from_slice(out.as_bytes()).unwrap();
    assert_eq!(v["resources"][0]["null_keys_source"], 2);
    assert_eq!(v["resources"][0]["null_keys_migrated"], 1);
    let listed = stdout(
        case.cmd()
            .args(["keys", "--resource", "employee", "--category", "null_key"]),
        0,
    );
    let source = case.dir.path().join("source/salaries.csv");
    let migrated = case.dir.path().join("L1/employee.csv");
    assert_eq!(
        listed,
        format!(
            "file,row,id\n{s},2,\n{s},4,\n{m},3,\n",
            s = source.display(),
            m = migrated.display()
        )
    );
}

#[test]
fn an_unusable_spill_setting_is_refused_with_its_name() {
    let case = Case::new(SOURCE, MIGRATED);
    let out = case
        .cmd()
        .env("RECETTE_MAX_SPILL", "lots")
        .arg("check")
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("RECETTE_MAX_SPILL") && stderr.contains("20GB"),
        "{stderr}"
    );
    case.cmd()
        .env("RECETTE_MAX_SPILL", "1GB")
        .arg("check")
        .assert()
        .code(1);
}
