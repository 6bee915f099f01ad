//! The synthetic campaign of `recette demo`: deterministic, faithful to the legacy formats,
//! and identical to the committed `sample-data/`.
//!
//! Regenerate the sample after a generator change:
//! `RECETTE_REGENERATE_SAMPLE=1 cargo test --release --test demo` (or `cargo run --release -- demo sample-data --force`).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use recette::demo::{DemoOptions, write_campaign};

/// Every file under `dir`, by relative path (sorted); dot-files (`.gitattributes`) are not
/// generated and are left out.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            // Hidden files, and journals: what someone recorded while trying the sample
            // (`recette` opens the console on it) is theirs, not the generator's.
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            if name.is_some_and(|n| n.starts_with('.') || n.ends_with(".journal")) {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(
                    path.strip_prefix(root).unwrap().to_path_buf(),
                    fs::read(&path).unwrap(),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn generate(opts: &DemoOptions) -> (tempfile::TempDir, BTreeMap<PathBuf, Vec<u8>>) {
    let dir = tempfile::tempdir().unwrap();
    write_campaign(dir.path(), opts).unwrap();
    let all = files(dir.path());
    (dir, all)
}

fn default_campaign() -> (tempfile::TempDir, BTreeMap<PathBuf, Vec<u8>>) {
    generate(&DemoOptions::default())
}

fn decode_1252(bytes: &[u8]) -> String {
    let (text, had_errors) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    assert!(!had_errors);
    text.into_owned()
}

/// Rows of a legacy CSV (already decoded), as maps column → value.
fn legacy_rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect()
}

#[test]
fn the_file_set_is_complete() {
    let (_dir, all) = default_campaign();
    let names: Vec<String> = all
        .keys()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    let mut want = vec![
        "PLANTED.md".to_string(),
        "campaign.toml".to_string(),
        "checklist.toml".to_string(),
    ];
    for d in ["L1", "L2"] {
        for f in [
            "contract.csv",
            "employee.csv",
            "firm.csv",
            "measure_request.parquet",
            "visit.json",
        ] {
            want.push(format!("deliveries/{d}/{f}"));
        }
    }
    for f in [
        "adherents.csv",
        "contrats.csv",
        "examens.csv",
        "salaries.csv",
        "visites.csv",
    ] {
        want.push(format!("source/{f}"));
    }
    want.sort();
    assert_eq!(names, want);
}

#[test]
fn same_options_same_bytes() {
    let opts = DemoOptions { rows: 150, seed: 7 };
    let (_a, first) = generate(&opts);
    let (_b, second) = generate(&opts);
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(
            bytes == &second[path],
            "{} differs between two runs",
            path.display()
        );
    }
    let (_c, other_seed) = generate(&DemoOptions { rows: 150, seed: 8 });
    assert_ne!(
        first[Path::new("source/salaries.csv")],
        other_seed[Path::new("source/salaries.csv")]
    );
}

#[test]
fn committed_sample_is_the_default_campaign() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    if std::env::var_os("RECETTE_REGENERATE_SAMPLE").is_some() {
        write_campaign(&sample, &DemoOptions::default()).unwrap();
    }
    let (_dir, fresh) = default_campaign();
    let committed = files(&sample);
    assert_eq!(
        committed.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>(),
        "sample-data/ has other files than the generator writes; regenerate it (see src/demo/mod.rs)"
    );
    for (path, bytes) in &fresh {
        assert!(
            bytes == &committed[path],
            "sample-data/{} drifted from the generator; regenerate it (see src/demo/mod.rs)",
            path.display()
        );
    }
}

#[test]
fn legacy_files_are_windows_1252_with_crlf() {
    let (_dir, all) = default_campaign();
    let mut seen = Vec::new();
    for name in ["salaries.csv", "contrats.csv", "visites.csv", "examens.csv"] {
        let bytes = &all[&Path::new("source").join(name)];
        assert!(
            std::str::from_utf8(bytes).is_err() || bytes.is_ascii(),
            "{name} looks like UTF-8"
        );
        let text = decode_1252(bytes);
        let (again, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
        assert!(!unmappable);
        assert_eq!(
            &again[..],
            &bytes[..],
            "{name} does not round-trip through Windows-1252"
        );
        assert_eq!(
            bytes.windows(2).filter(|w| w == b"\r\n").count(),
            bytes.iter().filter(|b| **b == b'\n').count()
        );
        seen.extend_from_slice(bytes);
    }
    // œ, ’ and € are in the 0x80–0x9F range that Latin-1 lacks.
    for (byte, ch) in [(0x9C, "œ"), (0x92, "’"), (0x80, "€")] {
        assert!(
            seen.contains(&byte),
            "no {ch} (0x{byte:02X}) in the legacy files"
        );
    }
    let employees = decode_1252(&all[Path::new("source/salaries.csv")]);
    assert!(employees.contains("\"Appt 12; Résidence Le Bourbonnais, 4 rue des Sœurs-Grises\""));
    assert!(decode_1252(&all[Path::new("source/visites.csv")]).contains("Dr Thierry L’Hôpital"));
}

#[test]
fn adherents_is_utf8_with_a_bom() {
    let (_dir, all) = default_campaign();
    let bytes = &all[Path::new("source/adherents.csv")];
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let text = std::str::from_utf8(&bytes[3..]).expect("UTF-8");
    assert!(text.starts_with("num_adherent;raison_sociale;"));
    assert!(text.contains("\"Boulangerie d’Yzeure; dépôt de la gare\""));
    assert!(text.split_inclusive('\n').all(|l| l.ends_with("\r\n")));
}

#[test]
fn migrated_files_are_utf8_lf_and_json_lines() {
    let (_dir, all) = default_campaign();
    for (path, bytes) in &all {
        if path.starts_with("deliveries") && !path.to_string_lossy().ends_with(".parquet") {
            let text = std::str::from_utf8(bytes)
                .unwrap_or_else(|_| panic!("{} is not UTF-8", path.display()));
            assert!(!text.contains('\r'), "{} has CR", path.display());
        }
    }
    let visits = std::str::from_utf8(&all[Path::new("deliveries/L1/visit.json")]).unwrap();
    for line in visits.lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        let object = value.as_object().expect("one object per line");
        assert!(
            object.values().all(|v| v.is_string() || v.is_null()),
            "{line}"
        );
        let date = object["visit_on"].as_str().unwrap();
        assert!(
            date.len() == 10 && &date[4..5] == "-" && &date[7..8] == "-",
            "{date}"
        );
    }
    let parquet = &all[Path::new("deliveries/L1/measure_request.parquet")];
    assert_eq!(&parquet[..4], b"PAR1");
}

#[test]
fn every_nir_is_valid_and_matches_the_person() {
    let (_dir, all) = default_campaign();
    let rows = legacy_rows(&decode_1252(&all[Path::new("source/salaries.csv")]));
    assert_eq!(rows.len(), 400);
    for row in &rows {
        let nir = &row["nir"];
        assert_eq!(nir.len(), 15, "{nir}");
        assert!(nir.bytes().all(|b| b.is_ascii_digit()), "{nir}");
        let body: u64 = nir[..13].parse().unwrap();
        assert_eq!(
            nir[13..].parse::<u64>().unwrap(),
            97 - body % 97,
            "bad key in {nir}"
        );
        assert_eq!(&nir[..1], if row["sexe"] == "M" { "1" } else { "2" });
        let birth = &row["date_naissance"]; // dd/mm/yyyy
        assert_eq!(&nir[1..3], &birth[8..10], "year of {nir} vs {birth}");
        assert_eq!(&nir[3..5], &birth[3..5], "month of {nir} vs {birth}");
    }
}

#[test]
fn planted_table_parses() {
    let (_dir, all) = default_campaign();
    let md = std::str::from_utf8(&all[Path::new("PLANTED.md")]).unwrap();
    let header = "| delivery | resource | measure | count | defect |\n|---|---|---|---|---|\n";
    assert_eq!(md.matches(header).count(), 1, "exactly one table");
    let table = &md[md.find(header).unwrap() + header.len()..];
    let measures = [
        "missing_rows",
        "unexpected_rows",
        "excluded_but_migrated_rows",
        "duplicate_keys_migrated",
        "duplicate_keys_source",
        "differing_rows",
        "rows_in_missing_keys",
        "rows_in_unexpected_keys",
    ];
    let mut rows = 0;
    for line in table.lines().take_while(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        assert_eq!(cells.len(), 5, "{line}");
        assert!(["L1", "L2"].contains(&cells[0]), "{line}");
        assert!(
            ["firm", "employee", "contract", "visit", "measure_request"].contains(&cells[1]),
            "{line}"
        );
        assert!(
            measures.contains(&cells[2]) || cells[2].starts_with("column:"),
            "{line}"
        );
        cells[3]
            .parse::<u64>()
            .unwrap_or_else(|_| panic!("count is not an integer: {line}"));
        assert!(
            !cells[4].is_empty() && !cells[4].contains("unplanned"),
            "{line}"
        );
        rows += 1;
    }
    assert!(rows >= 10);
    assert!(md.contains("| L1 | employee | unexpected_rows | 2 |"));
    assert!(md.contains("| L2 | employee | column:last_name | 7 |"));
}

#[test]
fn the_embedded_sample_is_every_file_of_sample_data() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let committed = files(&sample);
    let embedded: BTreeMap<PathBuf, Vec<u8>> = recette::demo::bundled::FILES
        .iter()
        .map(|(name, bytes)| (PathBuf::from(name), bytes.to_vec()))
        .collect();
    assert_eq!(
        embedded.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>(),
        "src/demo/bundled.rs must list every file of sample-data/"
    );
    assert!(embedded == committed, "the embedded bytes are the folder's");
}

#[test]
fn demo_refuses_a_folder_that_is_not_empty_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("campagne");
    fs::create_dir_all(target.join("source")).unwrap();
    fs::write(target.join("campaign.toml"), "# édité à la main").unwrap();
    fs::write(target.join("source/salaries.csv"), "mes données").unwrap();
    let demo = |force: bool| {
        let mut cmd = assert_cmd::Command::cargo_bin("recette").unwrap();
        cmd.args(["demo", "--rows", "30"]).arg(&target);
        if force {
            cmd.arg("--force");
        }
        cmd.output().unwrap()
    };
    let out = demo(false);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not empty") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(target.join("campaign.toml")).unwrap(),
        "# édité à la main"
    );
    assert_eq!(
        fs::read_to_string(target.join("source/salaries.csv")).unwrap(),
        "mes données"
    );
    let out = demo(true);
    assert_eq!(out.status.code(), Some(0));
    assert_ne!(
        fs::read_to_string(target.join("campaign.toml")).unwrap(),
        "# édité à la main"
    );
    // A new folder, or an empty one, needs no --force.
    let empty = dir.path().join("vide");
    fs::create_dir(&empty).unwrap();
    for folder in [empty, dir.path().join("neuf")] {
        let out = assert_cmd::Command::cargo_bin("recette")
            .unwrap()
            .args(["demo", "--rows", "30"])
            .arg(&folder)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", folder.display());
        assert!(folder.join("campaign.toml").is_file());
    }
}
