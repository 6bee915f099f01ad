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
