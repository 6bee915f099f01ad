//! Every defect `sample-data/PLANTED.md` lists for a column is attributed to its cause, with
//! the counts PLANTED.md gives, by `recette check --format json`; each example record
//! PLANTED.md gives of a value defect is a key of its cause, its values one of the cause's
//! patterns; and `recette keys --cause` lists the keys of one cause (issue 14). (The
//! whole-row defects — missing, unexpected, excluded but migrated — are key categories,
//! not causes of a differing value.)

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn sample() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

fn recette(cache: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::cargo_bin("recette")
        .unwrap()
        .env("RECETTE_CACHE_DIR", cache)
        .arg("-c")
        .arg(sample().join("campaign.toml"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

/// The cause of each kind of defect the generator plants, by the words PLANTED.md uses.
fn planted_cause(defect: &str) -> &'static str {
    const CAUSES: [(&str, &str); 7] = [
        ("leading zero", "leading_zeros"),
        ("mojibake", "encoding"),
        ("same row delivered twice", "duplicate"),
        ("truncated", "truncation"),
        ("shifted by one day", "date_shift"),
        ("delivered as planned instead of prescribed", "mapping"),
        ("end date lost", "emptied"),
    ];
    CAUSES
        .iter()
        .find(|(words, _)| defect.contains(words))
        .map(|(_, cause)| *cause)
        .unwrap_or_else(|| panic!("no cause known for the planted defect «{defect}»"))
}

/// (delivery, resource, column) → cause → keys, from PLANTED.md's `column:` lines: a
/// defect alone has the line's count, several say theirs (`… ×7; … ×3`).
fn planted() -> BTreeMap<(String, String, String), BTreeMap<String, u64>> {
    let text = std::fs::read_to_string(sample().join("PLANTED.md")).unwrap();
    let mut out = BTreeMap::new();
    for line in text.lines().filter(|l| l.contains("| column:")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let [_, delivery, resource, measure, count, defects, ..] = cells[..] else {
            panic!("unexpected line {line}");
        };
        let column = measure.trim_start_matches("column:");
        let mut causes = BTreeMap::new();
        for defect in defects.split("; ") {
            let (words, keys) = match defect.rsplit_once(" ×") {
                Some((words, n)) => (words, n.parse::<u64>().unwrap()),
                None => (defect, count.parse::<u64>().unwrap()),
            };
            *causes.entry(planted_cause(words).to_string()).or_default() += keys;
        }
        out.insert(
            (
                delivery.to_string(),
                resource.to_string(),
                column.to_string(),
            ),
            causes,
        );
    }
    assert!(out.len() >= 15, "PLANTED.md read: {out:?}");
    out
}

fn column<'a>(report: &'a Value, resource: &str, column: &str) -> &'a Value {
    let resource = report["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == resource)
        .unwrap();
    resource["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == column)
        .unwrap()
}

fn cause<'a>(column: &'a Value, kind: &str) -> &'a Value {
    column["causes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {column}"))
}

#[test]
fn every_planted_defect_is_attributed_to_its_cause() {
    let cache = tempfile::tempdir().unwrap();
    let mut reports = BTreeMap::new();
    for delivery in ["L1", "L2"] {
        let (code, out) = recette(
            cache.path(),
            &["check", "--delivery", delivery, "--format", "json"],
        );
        assert_eq!(code, Some(1));
        reports.insert(delivery, serde_json::from_str::<Value>(&out).unwrap());
    }
    let planted = planted();
    for ((delivery, resource, name), expected) in &planted {
        let c = column(&reports[delivery.as_str()], resource, name);
        let found: BTreeMap<String, u64> = c["causes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["kind"].as_str().unwrap().to_string(),
                    c["rows"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(&found, expected, "{delivery} {resource}.{name}");
    }
    // No column outside PLANTED.md has a cause: every difference is a planted one.
    for (delivery, report) in &reports {
        for r in report["resources"].as_array().unwrap() {
            for c in r["columns"].as_array().unwrap() {
                let at = (
                    delivery.to_string(),
                    r["name"].as_str().unwrap().to_string(),
                    c["name"].as_str().unwrap().to_string(),
                );
                if !planted.contains_key(&at) {
                    assert_eq!(c["causes"], serde_json::json!([]), "{at:?}");
                }
            }
        }
    }

    let l1 = &reports["L1"];
    let last_name = column(l1, "employee", "last_name");
    let kinds: Vec<&str> = last_name["causes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["encoding", "duplicate"], "largest first");
    assert_eq!(
        cause(last_name, "encoding")["detail"]["decoding"],
        "UTF-8 read as Windows-1252"
    );
    let job_title = cause(column(l1, "employee", "job_title"), "truncation");
    assert_eq!(job_title["detail"]["length"], 30);
    assert!(
        job_title["suggestion"]
            .as_str()
            .unwrap()
            .contains("holds 30 characters")
    );
    assert_eq!(
        cause(column(l1, "visit", "visit_on"), "date_shift")["detail"]["days"],
        1
    );
    let mapping = cause(column(l1, "measure_request", "status"), "mapping");
    let line = &mapping["detail"]["mapping"][0];
    assert_eq!(
        (&line["source"], &line["expected"], &line["delivered"]),
        (
            &Value::from("Prescrit"),
            &Value::from("prescribed"),
            &Value::from("planned")
        )
    );
    assert_eq!(line["keys"], 6);
    assert!(line["expected_rows"].as_u64().unwrap() >= 6);
    assert!(
        mapping["if_campaign_map_wrong"]
            .as_str()
            .unwrap()
            .contains("\"Prescrit\" = \"prescribed\"")
    );
    let employee = l1["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "employee")
        .unwrap();
    let summed: BTreeMap<&str, u64> = employee["causes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["kind"].as_str().unwrap(), c["rows"].as_u64().unwrap()))
        .collect();
    assert_eq!(summed["encoding"], 7);
    assert_eq!(summed["truncation"], 5);
    let duplicates: u64 = planted
        .iter()
        .filter(|((d, r, _), _)| d == "L1" && r == "employee")
        .filter_map(|(_, causes)| causes.get("duplicate"))
        .sum();
    assert_eq!(summed["duplicate"], duplicates, "3 keys in each column");
    assert!(duplicates >= 30);
}

#[test]
fn keys_lists_the_keys_of_one_cause() {
    let cache = tempfile::tempdir().unwrap();
    let keys = |column: &str, cause: &str| -> Vec<String> {
        let (code, out) = recette(
            cache.path(),
            &[
                "keys",
                "--resource",
                "employee",
                "--column",
                column,
                "--cause",
                cause,
                "--delivery",
                "L1",
            ],
        );
        assert_eq!(code, Some(0), "{out}");
        let mut lines = out.lines();
        assert_eq!(lines.next(), Some("source_id"));
        lines.map(str::to_owned).collect()
    };
    let encoding = keys("last_name", "encoding");
    assert_eq!(encoding.len(), 7);
    assert!(encoding.contains(&"200001".to_string()), "{encoding:?}");
    assert_eq!(
        keys("last_name", "duplicate"),
        ["200068", "200201", "200336"]
    );
    assert!(keys("last_name", "case").is_empty());
    assert_eq!(keys("job_title", "truncation").len(), 5);
    let (_, all) = recette(
        cache.path(),
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
    assert_eq!(
        all.lines().count() - 1,
        10,
        "the causes' keys are all of them"
    );
}

#[test]
fn a_cause_needs_a_column() {
    let cache = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("recette")
        .unwrap()
        .env("RECETTE_CACHE_DIR", cache.path())
        .arg("-c")
        .arg(sample().join("campaign.toml"))
        .args(["keys", "--resource", "employee", "--cause", "encoding"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let out = Command::cargo_bin("recette")
        .unwrap()
        .env("RECETTE_CACHE_DIR", cache.path())
        .arg("-c")
        .arg(sample().join("campaign.toml"))
        .args([
            "keys",
            "--resource",
            "employee",
            "--column",
            "last_name",
            "--cause",
            "mojibake",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "not a cause");
}

/// A copy of the sample whose campaign has had `edit` applied.
fn edited_sample(dir: &Path, edit: impl Fn(&str) -> String) -> std::path::PathBuf {
    let copy = dir.join("s");
    for sub in ["", "source", "deliveries", "deliveries/L1", "deliveries/L2"] {
        std::fs::create_dir_all(copy.join(sub)).unwrap();
        for entry in std::fs::read_dir(sample().join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, copy.join(sub).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    let campaign = copy.join("campaign.toml");
    let text = std::fs::read_to_string(&campaign).unwrap();
    std::fs::write(&campaign, edit(&text)).unwrap();
    campaign
}

#[test]
fn a_value_missing_from_the_campaign_map_is_an_unmapped_cause() {
    let dir = tempfile::tempdir().unwrap();
    let campaign = edited_sample(dir.path(), |text| {
        let edited = text.replace(
            "map = { M = \"male\", F = \"female\" }",
            "map = { M = \"male\" }",
        );
        assert_ne!(edited, text, "the sample's sex map changed");
        edited
    });
    let out = Command::cargo_bin("recette")
        .unwrap()
        .env("RECETTE_CACHE_DIR", dir.path().join("cache"))
        .arg("-c")
        .arg(&campaign)
        .args(["check", "--resource", "employee", "--format", "json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sex = column(&report, "employee", "sex");
    let unmapped = cause(sex, "unmapped");
    assert_eq!(
        unmapped["rows"], sex["differing"],
        "every differing key of sex"
    );
    assert_eq!(unmapped["detail"]["value"], "F");
    assert_eq!(unmapped["detail"]["source_rows"], sex["unmapped"]);
    assert!(sex["unmapped"].as_u64().unwrap() > 100);
    assert!(unmapped["suggestion"].as_str().unwrap().contains("map"));
}

/// PLANTED.md's examples of value defects, as (delivery, resource, defect words, key as
/// `recette keys` prints it, column, expected, migrated); a duplicated record has no
/// column nor values (it differs in every column).
type Example = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn examples() -> Vec<Example> {
    let text = std::fs::read_to_string(sample().join("PLANTED.md")).unwrap();
    let section = text.split("## Examples").nth(1).unwrap();
    let mut out = Vec::new();
    let mut heading: Option<(String, String, String)> = None;
    let value = |v: &str| (v != "NULL").then(|| v.trim_matches('`').to_string());
    for line in section.lines() {
        if let Some(rest) = line.strip_prefix("- ") {
            let (place, words) = rest.trim_end_matches(':').split_once(", ").unwrap();
            let (delivery, resource) = place.split_once(' ').unwrap();
            heading = Some((delivery.into(), resource.into(), words.into()));
        } else if let Some(rest) = line.strip_prefix("  - `") {
            let (delivery, resource, words) = heading.clone().unwrap();
            let (key, rest) = rest.split_once('`').unwrap();
            let key = key.replace(" / ", ",");
            if let Some((column, pair)) = rest.trim().split_once(": ") {
                let (expected, migrated) = pair.split_once(" → ").unwrap();
                out.push((
                    delivery,
                    resource,
                    words,
                    key,
                    Some(column.to_string()),
                    value(expected),
                    value(migrated),
                ));
            } else if rest.contains("delivered 2 times") {
                out.push((delivery, resource, words, key, None, None, None));
            }
        }
    }
    out
}

/// Each example record of a value defect in PLANTED.md is one of its cause's keys
/// (`recette keys --column C --cause KIND`), and its value pair one of the cause's
/// patterns; a duplicated record is a `duplicate` key of every column.
#[test]
fn every_planted_example_is_a_key_of_its_cause() {
    let cache = tempfile::tempdir().unwrap();
    let examples = examples();
    assert!(examples.len() >= 20, "{examples:?}");
    let mut reports: BTreeMap<String, Value> = BTreeMap::new();
    let mut listed: BTreeMap<(String, String, String, String), Vec<String>> = BTreeMap::new();
    for (delivery, resource, words, key, column, expected, migrated) in &examples {
        let kind = planted_cause(words);
        let columns: Vec<String> = match column {
            Some(c) => vec![c.clone()],
            None => ["last_name", "nir", "job_title"].map(String::from).to_vec(),
        };
        for column in columns {
            let at = (
                delivery.clone(),
                resource.clone(),
                column.clone(),
                kind.to_string(),
            );
            let keys = listed.entry(at).or_insert_with(|| {
                let (code, out) = recette(
                    cache.path(),
                    &[
                        "keys",
                        "--resource",
                        resource,
                        "--column",
                        &column,
                        "--cause",
                        kind,
                        "--delivery",
                        delivery,
                    ],
                );
                assert_eq!(code, Some(0));
                out.lines().skip(1).map(str::to_owned).collect()
            });
            assert!(
                keys.contains(key),
                "{delivery} {resource} {key}: not a {kind} key of {column} ({keys:?})"
            );
        }
        if column.is_none() {
            continue;
        }
        let report = reports.entry(delivery.clone()).or_insert_with(|| {
            let (_, out) = recette(
                cache.path(),
                &["check", "--delivery", delivery, "--format", "json"],
            );
            serde_json::from_str(&out).unwrap()
        });
        let c = cause(
            self::column(report, resource, column.as_deref().unwrap()),
            kind,
        );
        // `check` masks personal columns' values, as it shows them.
        let campaign = recette::cli::load_campaign(Some(&sample().join("campaign.toml"))).unwrap();
        let personal = campaign
            .resource(resource)
            .unwrap()
            .pii
            .contains(column.as_ref().unwrap());
        let shown = |v: &Option<String>| match personal {
            true => recette::domain::mask::mask_opt(v.as_deref()),
            false => v.clone(),
        };
        let pair = serde_json::json!({ "expected": shown(expected), "migrated": shown(migrated) });
        assert!(
            c["patterns"].as_array().unwrap().iter().any(|p| {
                p["expected"] == pair["expected"] && p["migrated"] == pair["migrated"]
            }),
            "{delivery} {resource} {key}: {pair} not among the patterns of {kind}"
        );
    }
}
