//! Checks the engine against the 22 cases of other tools' test suites kept in
//! `../shared/peer-fixtures` (never copied here). Skips when that folder is absent.
//!
//! Each case: one resource keyed as `expected.json` says, every column present on both
//! sides compared as exact text. Two documented departures, asserted as such:
//! - `csv-diff-one-five-ragged` holds a ragged record: recette refuses it (input error
//!   naming the file and line) instead of truncating it as csv-diff does;
//! - the `dbt-audit-helper-null-pk-*` keys are empty fields, which recette reads as NULL:
//!   those rows are counted in `null_keys_*` and never matched.

use std::path::{Path, PathBuf};

use recette::domain::campaign::Campaign;
use recette::domain::report::ResourceReport;
use recette::store::cache::Cache;
use recette::store::{Engine, StoreError};
use serde_json::Value;

fn fixtures() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/peer-fixtures");
    dir.is_dir().then_some(dir)
}

fn header(file: &Path) -> Vec<String> {
    let mut reader = csv::Reader::from_path(file).unwrap();
    reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect()
}

fn run_case(case: &Path, key: &[String]) -> Result<ResourceReport, StoreError> {
    let source = header(&case.join("source.csv"));
    let migrated = header(&case.join("migrated.csv"));
    let columns: String = migrated
        .iter()
        .filter(|c| source.contains(c))
        .map(|c| format!("{} = {}\n", toml_key(c), toml_key(c)))
        .collect();
    let keys: Vec<String> = key.iter().map(|k| toml_key(k)).collect();
    let text = format!(
        "name = \"peer\"\n[source]\ndir = {dir}\n[[delivery]]\nid = \"L1\"\ndir = {dir}\n\
         [[resource]]\nname = \"case\"\nsource = \"source.csv\"\nmigrated = \"migrated.csv\"\nkey = [{keys}]\n\
         [resource.columns]\n{columns}",
        dir = toml_key(&case.to_string_lossy()),
        keys = keys.join(", "),
    );
    let work = tempfile::tempdir().unwrap();
    let campaign = Campaign::parse(&work.path().join("campaign.toml"), &text).unwrap();
    let engine = Engine::with_cache(
        campaign.clone(),
        Cache::at(work.path().join("cache")).unwrap(),
    )
    .unwrap();
    let resource = &campaign.resources[0];
    engine
        .reconcile(resource, &campaign.deliveries[0], &mut |_| {})
        .map(|r| r.report)
}

fn toml_key(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

const COUNTS: [&str; 11] = [
    "source_rows",
    "migrated_rows",
    "matched_keys",
    "identical_rows",
    "differing_rows",
    "missing_rows",
    "unexpected_rows",
    "duplicate_keys_source",
    "duplicate_keys_migrated",
    "rows_in_missing_keys",
    "rows_in_unexpected_keys",
];

fn count(report: &ResourceReport, name: &str) -> u64 {
    let v = serde_json::to_value(report).unwrap();
    v[name].as_u64().unwrap()
}

#[test]
fn recette_counts_what_the_peers_count() {
    let Some(root) = fixtures() else {
        eprintln!("skipped: ../shared/peer-fixtures is not beside the repository");
        return;
    };
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 22,
        "expected the 22 peer cases, found {}",
        cases.len()
    );
    let mut checked = 0;
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expected: Value =
            serde_json::from_slice(&std::fs::read(case.join("expected.json")).unwrap()).unwrap();
        let key: Vec<String> = expected["key"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap().to_owned())
            .collect();
        let result = run_case(case, &key);
        if name == "csv-diff-one-five-ragged" {
            let e = result
                .expect_err("a ragged record is an input error")
                .to_string();
            assert!(
                e.contains("migrated.csv") && e.contains("line "),
                "{name}: {e}"
            );
            checked += 1;
            continue;
        }
        let report = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        if name.starts_with("dbt-audit-helper-null-pk") {
            assert_null_key_rule(&name, &report);
            checked += 1;
            continue;
        }
        for field in COUNTS {
            assert_eq!(
                count(&report, field),
                expected[field].as_u64().unwrap(),
                "{name}: {field}"
            );
        }
        for (column, n) in expected["columns"].as_object().unwrap() {
            let ours = report
                .column(column)
                .unwrap_or_else(|| panic!("{name}: column {column} not compared"));
            assert_eq!(
                ours.differing,
                n.as_u64().unwrap(),
                "{name}: column {column}"
            );
        }
        checked += 1;
    }
    assert_eq!(checked, cases.len());
}

/// Empty key fields are NULL keys: counted, never matched. The rows with key `3` remain.
fn assert_null_key_rule(name: &str, r: &ResourceReport) {
    let source_nulls = r.source_rows - r.rows_in_missing_keys - r.matched_keys;
    assert_eq!(r.null_keys_source, source_nulls, "{name}: {r:?}");
    assert_eq!(r.matched_keys, 1, "{name}: only key 3 can match");
    assert_eq!(
        r.identical_rows, 1,
        "{name}: key 3 is the same on both sides"
    );
    assert_eq!(
        r.duplicate_keys_source + r.duplicate_keys_migrated,
        0,
        "{name}"
    );
    assert!(
        r.null_keys_source >= 2 && r.null_keys_migrated >= 2,
        "{name}: {r:?}"
    );
}

/// The cases whose key a person would choose from the data alone (unique, found in the
/// source): there `recette init` must draft what the hand-written campaign above says.
/// The others are a handful of rows with duplicated or changed keys, where a person
/// would pick the key from the peer's README, not from the values.
const DRAFTED_LIKE_BY_HAND: [&str; 10] = [
    "csv-diff-one-six",
    "csv-diff-seven-eight",
    "daff-bridges",
    "datacompy-all-mismatch",
    "dbt-audit-helper-classify-all-statuses",
    "dbt-audit-helper-compare-all-columns",
    "dbt-audit-helper-compare-all-columns-concat-pk",
    "dbt-audit-helper-compare-relations",
    "dbt-audit-helper-which-columns-differ",
    "qsv-boston311",
];

/// `recette init` then `recette check` on two folders holding a peer case's files (named
/// alike, as a team's extraction and delivery often are): the exit codes, the draft, the
/// report and stderr.
fn init_and_check(case: &Path) -> (i32, Option<i32>, String, Value, String) {
    let work = tempfile::tempdir().unwrap();
    for (dir, file) in [("extraction", "source.csv"), ("L1", "migrated.csv")] {
        std::fs::create_dir(work.path().join(dir)).unwrap();
        std::fs::copy(case.join(file), work.path().join(dir).join("records.csv")).unwrap();
    }
    let recette = || {
        let mut cmd = assert_cmd::Command::cargo_bin("recette").unwrap();
        cmd.current_dir(work.path())
            .env("RECETTE_CACHE_DIR", work.path().join("cache"))
            .args(["--lang", "en"]);
        cmd
    };
    let init = recette()
        .args(["init", "--source", "extraction", "--delivery", "L1"])
        .output()
        .unwrap();
    let init_code = init.status.code().unwrap();
    let stderr = String::from_utf8_lossy(&init.stderr).into_owned();
    if init_code != 0 {
        return (init_code, None, String::new(), Value::Null, stderr);
    }
    let draft = std::fs::read_to_string(work.path().join("campaign.toml")).unwrap();
    let check = recette()
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let report = serde_json::from_slice(&check.stdout).unwrap_or(Value::Null);
    let stderr = String::from_utf8_lossy(&check.stderr).into_owned();
    (init_code, check.status.code(), draft, report, stderr)
}

/// A JSON array of strings, sorted (a key's columns, whatever their order).
fn sorted_strings(list: &Value) -> Vec<&str> {
    let mut out: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    out.sort();
    out
}

#[test]
fn init_drafts_what_a_person_writes_on_data_nobody_here_wrote() {
    let Some(root) = fixtures() else {
        eprintln!("skipped: ../shared/peer-fixtures is not beside the repository");
        return;
    };
    for name in DRAFTED_LIKE_BY_HAND {
        let case = root.join(name);
        let expected: Value =
            serde_json::from_slice(&std::fs::read(case.join("expected.json")).unwrap()).unwrap();
        let (init, check, draft, report, stderr) = init_and_check(&case);
        assert_eq!(init, 0, "{name}: {stderr}");
        assert!(matches!(check, Some(0 | 1)), "{name}: {stderr}\n{draft}");
        let r = &report["resources"][0];
        let (key, want) = (sorted_strings(&r["key"]), sorted_strings(&expected["key"]));
        assert_eq!(key, want, "{name}: the key\n{draft}");
        for field in COUNTS {
            assert_eq!(r[field], expected[field], "{name}: {field}\n{draft}");
        }
        let columns = r["columns"].as_array().unwrap();
        for (column, n) in expected["columns"].as_object().unwrap() {
            if want.contains(&column.as_str()) {
                continue;
            }
            let ours = columns
                .iter()
                .find(|c| c["name"] == column.as_str())
                .unwrap_or_else(|| panic!("{name}: column {column} not compared\n{draft}"));
            assert_eq!(&ours["differing"], n, "{name}: column {column}\n{draft}");
        }
    }
    // Elsewhere: a draft that checks, or a refusal that says why; never a crash.
    for entry in std::fs::read_dir(&root).unwrap() {
        let case = entry.unwrap().path();
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        if !case.join("expected.json").is_file() || DRAFTED_LIKE_BY_HAND.contains(&name.as_str()) {
            continue;
        }
        let (init, check, draft, _, stderr) = init_and_check(&case);
        match init {
            0 => assert!(matches!(check, Some(0 | 1)), "{name}: {stderr}\n{draft}"),
            2 => assert!(stderr.starts_with("recette: "), "{name}: {stderr}"),
            other => panic!("{name}: init exited {other}: {stderr}"),
        }
    }
}
