//! The bundled sample campaign: `recette check` finds exactly what `PLANTED.md` lists, in
//! every delivery, and nothing else.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// Counts that say something is wrong; every one not listed in PLANTED.md must be 0.
const FAILURE_COUNTS: [&str; 10] = [
    "missing_rows",
    "unexpected_rows",
    "excluded_but_migrated_rows",
    "duplicate_keys_source",
    "duplicate_keys_migrated",
    "differing_rows",
    "rows_in_missing_keys",
    "rows_in_unexpected_keys",
    "null_keys_source",
    "null_keys_migrated",
];

fn sample() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/sample-data"))
}

/// (delivery, resource, measure) → count, from PLANTED.md's table (rows of a same measure add up).
fn planted() -> BTreeMap<(String, String, String), u64> {
    let text = std::fs::read_to_string(sample().join("PLANTED.md")).unwrap();
    let mut out = BTreeMap::new();
    let mut in_table = false;
    for line in text.lines() {
        let cells: Vec<&str> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        if cells.first() == Some(&"delivery") && cells.get(2) == Some(&"measure") {
            in_table = true;
            continue;
        }
        if !in_table || !line.trim_start().starts_with('|') || cells[0].starts_with("---") {
            continue;
        }
        assert_eq!(cells.len(), 5, "PLANTED.md row: {line}");
        let count: u64 = cells[3]
            .parse()
            .unwrap_or_else(|_| panic!("count in {line}"));
        *out.entry((
            cells[0].to_string(),
            cells[1].to_string(),
            cells[2].to_string(),
        ))
        .or_insert(0) += count;
    }
    assert!(!out.is_empty(), "PLANTED.md has no table");
    out
}

fn check(delivery: &str, cache: &Path) -> Value {
    let out = Command::cargo_bin("recette")
        .unwrap()
        .env("RECETTE_CACHE_DIR", cache)
        .args(["-c"])
        .arg(sample().join("campaign.toml"))
        .args(["check", "--format", "json", "--delivery", delivery])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn check_finds_exactly_what_planted_md_lists() {
    let planted = planted();
    let cache = tempfile::tempdir().unwrap();
    let deliveries: Vec<String> = planted
        .keys()
        .map(|(d, _, _)| d.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(
        deliveries.len() >= 2,
        "PLANTED.md covers L1 and L2: {deliveries:?}"
    );
    for delivery in &deliveries {
        let report = check(delivery, cache.path());
        for r in report["resources"].as_array().unwrap() {
            let resource = r["name"].as_str().unwrap();
            let want = |measure: &str| {
                planted
                    .get(&(delivery.clone(), resource.to_string(), measure.to_string()))
                    .copied()
                    .unwrap_or(0)
            };
            for count in FAILURE_COUNTS {
                assert_eq!(
                    r[count].as_u64().unwrap(),
                    want(count),
                    "{delivery} {resource} {count}"
                );
            }
            for c in r["columns"].as_array().unwrap() {
                let name = c["name"].as_str().unwrap();
                let measure = format!("column:{name}");
                assert_eq!(
                    c["differing"].as_u64().unwrap(),
                    want(&measure),
                    "{delivery} {resource} {measure}"
                );
            }
            assert_eq!(
                r["absent_columns"],
                serde_json::json!([]),
                "{delivery} {resource}"
            );
        }
        for (d, resource, measure) in planted.keys().filter(|(d, _, _)| d == delivery) {
            let r = report["resources"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["name"] == resource.as_str());
            assert!(
                r.is_some(),
                "PLANTED.md names resource {resource} unknown to {d}"
            );
            let known = FAILURE_COUNTS.contains(&measure.as_str())
                || measure.strip_prefix("column:").is_some_and(|c| {
                    r.unwrap()["columns"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|x| x["name"] == c)
                });
            assert!(
                known,
                "PLANTED.md measure {measure} is not a count of the report"
            );
        }
    }
}
