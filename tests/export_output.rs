//! Where `recette export` writes, driven through the real binary on a copy of the sample:
//! never over the campaign's own files (campaign, checklist, journal, inputs, results), even
//! with `--force`; over its own earlier export, yes; over any other file only with
//! `--force`; without `--out`, a default name in the current folder, said on stderr; a
//! missing folder named once.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

struct Sample {
    dir: tempfile::TempDir,
}

impl Sample {
    fn new() -> Sample {
        let dir = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
        recette::demo::copy_campaign(&from, &dir.path().join("s")).unwrap();
        fs::create_dir(dir.path().join("out")).unwrap();
        Sample { dir }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn cache(&self) -> PathBuf {
        self.path("cache")
    }

    /// Runs recette on the copy from `cwd`; (exit code, stdout, stderr).
    fn run_in(&self, cwd: &Path, args: &[&str]) -> (i32, String, String) {
        let out = Command::cargo_bin("recette")
            .unwrap()
            .current_dir(cwd)
            .env("RECETTE_CACHE_DIR", self.cache())
            .arg("-c")
            .arg(self.path("s/campaign.toml"))
            .args(["--as", "Alice Martin"])
            .args(args)
            .output()
            .unwrap();
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        (
            out.status.code().unwrap(),
            text(&out.stdout),
            text(&out.stderr),
        )
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        self.run_in(&self.path("out"), args)
    }

    fn export(&self, format: &str, out: &Path, force: bool) -> (i32, String) {
        let mut args = vec!["export", "--format", format, "--out", out.to_str().unwrap()];
        if force {
            args.push("--force");
        }
        let (code, _, err) = self.run(&args);
        (code, err)
    }
}

/// Every file under `dir`, with its bytes.
fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(contents(&path));
        } else {
            let bytes = fs::read(&path).unwrap();
            out.push((path, bytes));
        }
    }
    out.sort();
    out
}

#[test]
fn an_export_never_replaces_the_campaigns_own_files_even_with_force() {
    let s = Sample::new();
    // The results folder filled, and a journal entry so the journal folder holds a file.
    let (code, _, err) = s.run(&["check"]);
    assert_eq!(code, 1, "{err}");
    let (code, _, err) = s.run(&[
        "verdict",
        "--resource",
        "firm",
        "--item",
        "firm-headcount",
        "--set",
        "ok",
    ]);
    assert_eq!(code, 0, "{err}");
    let journal_file = fs::read_dir(s.path("s/campaign.journal"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .expect("a journal file");
    let results_file = contents(&s.cache())
        .into_iter()
        .map(|(p, _)| p)
        .next()
        .expect("a results file");
    let before = (contents(&s.path("s")), contents(&s.cache()));
    let targets: Vec<(PathBuf, &str, &str)> = vec![
        (s.path("s/campaign.toml"), "md", "the campaign file"),
        // The same file by another way.
        (
            s.path("out/../s/./campaign.toml"),
            "json",
            "the campaign file",
        ),
        (s.path("s/checklist.toml"), "xlsx", "checklist"),
        (journal_file.clone(), "json", "journal folder"),
        (
            s.path("s/campaign.journal/new.xlsx"),
            "xlsx",
            "journal folder",
        ),
        (s.path("s/source/salaries.csv"), "md", "source file"),
        (s.path("s/deliveries/L1/employee.csv"), "md", "delivery L1"),
        (results_file.clone(), "json", "results folder"),
        (s.path("s/campaign.journal"), "csv", "journal folder"),
    ];
    for (target, format, why) in &targets {
        for force in [false, true] {
            let (code, err) = s.export(format, target, force);
            assert_eq!(
                code,
                2,
                "{} (force {force}) was written: {err}",
                target.display()
            );
            assert!(
                err.contains(why) && err.contains("never overwrites"),
                "{}: {err}",
                target.display()
            );
            assert!(err.contains(&target.display().to_string()), "{err}");
        }
    }
    #[cfg(unix)]
    {
        // A symbolic link to the journal file is the journal file.
        let link = s.path("out/link.json");
        std::os::unix::fs::symlink(&journal_file, &link).unwrap();
        let (code, err) = s.export("json", &link, true);
        assert_eq!(code, 2, "{err}");
    }
    assert_eq!(
        (contents(&s.path("s")), contents(&s.cache())).0,
        before.0,
        "the campaign folder is untouched"
    );
    assert_eq!(contents(&s.cache()), before.1, "the results are untouched");
    // The journal still reads.
    let (code, _, err) = s.run(&["journal"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn an_export_replaces_its_own_file_and_another_only_with_force() {
    let s = Sample::new();
    for (format, name) in [
        ("xlsx", "recette.xlsx"),
        ("md", "recette.md"),
        ("json", "recette.json"),
    ] {
        let out = s.path("out").join(name);
        // Someone's own file of that name: kept, unless --force.
        fs::write(&out, "mes notes").unwrap();
        let (code, err) = s.export(format, &out, false);
        assert_eq!(code, 2, "{format}: {err}");
        assert!(err.contains("--force") && err.contains(name), "{err}");
        assert_eq!(fs::read_to_string(&out).unwrap(), "mes notes");
        let (code, err) = s.export(format, &out, true);
        assert_eq!(code, 0, "{format}: {err}");
        assert_ne!(fs::read(&out).unwrap(), b"mes notes");
        // Now recette's: the weekly export replaces it without --force.
        let (code, err) = s.export(format, &out, false);
        assert_eq!(code, 0, "{format} a second time: {err}");
        assert!(recette::export::output::written_by_recette(
            &out,
            match format {
                "xlsx" => recette::export::Format::Xlsx,
                "md" => recette::export::Format::Md,
                _ => recette::export::Format::Json,
            }
        ));
    }
    // A CSV folder: one of its files someone's own.
    let folder = s.path("out/csv");
    fs::create_dir(&folder).unwrap();
    fs::write(folder.join("anomalies.csv"), "à moi").unwrap();
    let (code, err) = s.export("csv", &folder, false);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("anomalies.csv"), "{err}");
    assert_eq!(
        fs::read_to_string(folder.join("anomalies.csv")).unwrap(),
        "à moi"
    );
    let (code, err) = s.export("csv", &folder, true);
    assert_eq!(code, 0, "{err}");
    let (code, err) = s.export("csv", &folder, false);
    assert_eq!(code, 0, "the folder is recette's now: {err}");
    // Where a previous export was, a failed one leaves it whole (no temporary file either).
    let names: Vec<String> = fs::read_dir(s.path("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains(".tmp-")), "{names:?}");
}

#[test]
fn without_out_the_workbook_gets_a_dated_name_in_the_current_folder() {
    let s = Sample::new();
    let here = s.path("out");
    let (code, _, err) = s.run_in(&here, &["export"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err2) = s.run_in(&here, &["export"]);
    assert_eq!(code, 0, "{err2}");
    let mut names: Vec<String> = fs::read_dir(&here)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    // The first name, then the one with `-2` (longer: `-` sorts before `.`).
    names.sort_by_key(|n| (n.len(), n.clone()));
    assert_eq!(names.len(), 2, "{names:?}");
    let first = &names[0];
    let prefix = "recette-SSTI03-reprise-preventiel-vers-padoa-L2-";
    assert!(
        first.starts_with(prefix) && first.ends_with(".xlsx"),
        "{first}"
    );
    let date = &first[prefix.len()..first.len() - ".xlsx".len()];
    assert!(
        chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(),
        "{first}"
    );
    assert_eq!(names[1], format!("{prefix}{date}-2.xlsx"));
    // Said where, each time.
    assert!(
        err.contains(&here.join(first).display().to_string()),
        "{err}"
    );
    assert!(err2.contains(&names[1]), "{err2}");
    // An XLSX workbook, the default format, opening on the sample's decision, with a chart
    // per resource.
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(here.join(first)).unwrap();
    let dashboard = book.worksheet_range("Synthèse").unwrap();
    assert_eq!(dashboard[(0, 0)].to_string(), "NO-GO");
    assert!(
        dashboard[(0, 1)]
            .to_string()
            .contains("non signées : Adhérents (entreprises)"),
        "{}",
        dashboard[(0, 1)]
    );
    let mut zip = zip::ZipArchive::new(fs::File::open(here.join(first)).unwrap()).unwrap();
    let charts = (0..zip.len())
        .filter(|&i| {
            zip.by_index(i)
                .unwrap()
                .name()
                .unwrap()
                .starts_with("xl/charts/chart")
        })
        .count();
    assert_eq!(charts, 5, "one chart per resource of the sample");
}

#[test]
fn an_out_in_a_missing_folder_names_that_folder_once() {
    let s = Sample::new();
    let missing = s.path("out/nope");
    let (code, err) = s.export("xlsx", &missing.join("x.xlsx"), false);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("folder {} does not exist", missing.display())),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
    assert!(!missing.exists());
}
