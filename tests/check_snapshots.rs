//! Snapshots of `recette check` on the bundled sample: the JSON schema scripts rely on
//! (`docs/check-json.md`) and the table people read. A change to either shows up here.

use std::path::Path;

use assert_cmd::Command;

fn check(args: &[&str]) -> (i32, String) {
    let cache = tempfile::tempdir().unwrap();
    let campaign = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/campaign.toml");
    let out = Command::cargo_bin("recette")
        .unwrap()
        .env("RECETTE_CACHE_DIR", cache.path())
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
