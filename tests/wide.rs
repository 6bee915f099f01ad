//! A wide legacy table (1,200 compared columns) reconciles exactly, through the real binary:
//! every planted differing cell is counted in its column, each column's patterns and
//! examples are its own, and the columns come out in the campaign's order.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;

use assert_cmd::Command;

const COLUMNS: usize = 1_200;
const ROWS: usize = 40;

/// Whether cell (`row`, `column`) is changed in the delivery: a fixed, irregular pattern.
fn planted(row: usize, column: usize) -> bool {
    (row * 31 + column * 17).is_multiple_of(97) || (column % 101 == 7 && row.is_multiple_of(3))
}

#[test]
fn a_1200_column_table_reconciles_exactly() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("source")).unwrap();
    fs::create_dir_all(dir.path().join("L1")).unwrap();
    // Names in an order that is not alphabetical, so the campaign's order is checked too.
    let name = |c: usize| format!("col_{:04}", (c * 7919) % 10_000);
    let mut source = String::from("id");
    let mut migrated = String::from("id");
    for c in 0..COLUMNS {
        write!(source, ";src_{c}").unwrap();
        write!(migrated, ",{}", name(c)).unwrap();
    }
    source.push('\n');
    migrated.push('\n');
    let mut expected: BTreeMap<String, u64> = BTreeMap::new();
    for r in 0..ROWS {
        write!(source, "{r}").unwrap();
        write!(migrated, "{r}").unwrap();
        for c in 0..COLUMNS {
            let value = format!("v{}", (r * c) % 13);
            write!(source, ";{value}").unwrap();
            if planted(r, c) {
                write!(migrated, ",{value}x").unwrap();
                *expected.entry(name(c)).or_default() += 1;
            } else {
                write!(migrated, ",{value}").unwrap();
            }
        }
        source.push('\n');
        migrated.push('\n');
    }
    fs::write(dir.path().join("source/wide.csv"), source).unwrap();
    fs::write(dir.path().join("L1/wide.csv"), migrated).unwrap();
    let mut campaign = String::from(
        "name = \"wide\"\n[source]\ndir = \"source\"\ndelimiter = \";\"\n\n[[delivery]]\nid = \"L1\"\ndir = \"L1\"\n\n[[resource]]\nname = \"wide\"\nsource = \"wide.csv\"\nmigrated = \"wide.csv\"\nkey = [\"id\"]\n[resource.columns]\nid = \"id\"\n",
    );
    for c in 0..COLUMNS {
        writeln!(campaign, "{} = \"src_{c}\"", name(c)).unwrap();
    }
    fs::write(dir.path().join("campaign.toml"), campaign).unwrap();

    let out = Command::cargo_bin("recette")
        .unwrap()
        .env("RECETTE_CACHE_DIR", dir.path().join("cache"))
        .arg("-c")
        .arg(dir.path().join("campaign.toml"))
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let resource = &report["resources"][0];
    let differing_rows = (0..ROWS)
        .filter(|r| (0..COLUMNS).any(|c| planted(*r, c)))
        .count() as u64;
    assert_eq!(resource["matched_keys"], ROWS as u64);
    assert_eq!(resource["differing_rows"], differing_rows);
    assert_eq!(resource["missing_rows"], 0);
    let columns = resource["columns"].as_array().unwrap();
    let order: Vec<String> = (0..COLUMNS).map(name).collect();
    let shown: Vec<&str> = columns
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(shown, order, "the columns in the campaign's order");
    let mut counted: BTreeMap<String, u64> = BTreeMap::new();
    for column in columns {
        let name = column["name"].as_str().unwrap();
        let n = column["differing"].as_u64().unwrap();
        if n > 0 {
            counted.insert(name.to_string(), n);
        }
        // Each differing column's patterns are its own: the value plus `x`.
        let patterns = column["patterns"].as_array().unwrap();
        assert_eq!(patterns.is_empty(), n == 0, "{name}");
        for p in patterns {
            let (e, m) = (
                p["expected"].as_str().unwrap(),
                p["migrated"].as_str().unwrap(),
            );
            assert_eq!(format!("{e}x"), m, "{name}");
        }
        let examples = column["examples"].as_array().unwrap();
        assert_eq!(examples.len() as u64, n.min(5), "{name}");
    }
    assert_eq!(counted, expected);
}
