//! Snapshots of `recette check` on the bundled sample: the JSON schema scripts rely on
//! (`docs/check-json.md`) and the table people read, in French and in English (`--lang`
//! pinned, whatever the machine's config.toml says). A change to either shows up here.

use std::path::Path;

use assert_cmd::Command;

fn check(args: &[&str]) -> (i32, String) {
    check_in("fr", args)
}

fn check_in(lang: &str, args: &[&str]) -> (i32, String) {
    let cache = tempfile::tempdir().unwrap();
    let campaign = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/campaign.toml");
    let out = Command::cargo_bin("recette")
        .unwrap()
        .env("RECETTE_CACHE_DIR", cache.path())
        .args(["--lang", lang])
        .arg("-c")
        .arg(campaign)
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn json_report_of_l1() {
    let (code, out) = check(&["--delivery", "L1", "--format", "json"]);
    assert_eq!(code, 1);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    insta::assert_json_snapshot!("check_l1_json", value);
}

#[test]
fn json_report_of_l2() {
    let (code, out) = check(&["--format", "json"]);
    assert_eq!(code, 1);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["delivery"], "L2", "the last delivery is the default");
    insta::assert_json_snapshot!("check_l2_json", value);
}

#[test]
fn table_of_l1() {
    let (code, out) = check(&["--delivery", "L1"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("check_l1_table", out);
}

#[test]
fn table_of_l1_in_english() {
    let (code, out) = check_in("en", &["--delivery", "L1"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("check_l1_table_en", out);
}

#[test]
fn one_resource_that_passes_exits_0() {
    let (code, out) = check(&[
        "--delivery",
        "L2",
        "--resource",
        "firm",
        "--resource",
        "visit",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{out}");
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["verdict"], "pass");
    assert_eq!(value["resources"].as_array().unwrap().len(), 2);
}

#[test]
fn with_a_checklist_an_absent_column_still_fails() {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let copy = dir.path().join("s");
    for sub in ["", "source", "deliveries", "deliveries/L1", "deliveries/L2"] {
        std::fs::create_dir_all(copy.join(sub)).unwrap();
        for entry in std::fs::read_dir(sample.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, copy.join(sub).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    // L2's firm file without its `city` column.
    let firm = copy.join("deliveries/L2/firm.csv");
    let text = std::fs::read_to_string(&firm).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let city = headers.iter().position(|h| h == "city").unwrap();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(
            headers
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != city)
                .map(|(_, h)| h),
        )
        .unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        writer
            .write_record(
                record
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != city)
                    .map(|(_, v)| v),
            )
            .unwrap();
    }
    std::fs::write(&firm, writer.into_inner().unwrap()).unwrap();
    let out = Command::cargo_bin("recette")
        .unwrap()
        .env("RECETTE_CACHE_DIR", dir.path().join("cache"))
        .arg("-c")
        .arg(copy.join("campaign.toml"))
        .args(["check", "--resource", "firm", "--format", "json"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        value["resources"][0]["absent_columns"],
        serde_json::json!(["city"])
    );
    assert_eq!(value["verdict"], "fail");
    assert_eq!(out.status.code(), Some(1));
}
