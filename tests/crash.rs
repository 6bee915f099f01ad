//! Nothing a user recorded is ever lost: the real binary records defects in a loop and is
//! killed with SIGKILL at random moments, many times. Every id it printed (printed only once
//! the entry is synced) must be in the journal afterwards, and the journal must open.

#![cfg(unix)]

use std::collections::HashSet;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use rand::{Rng, SeedableRng};

fn copy_sample(to: &Path) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    std::fs::copy(sample.join("campaign.toml"), to.join("campaign.toml")).unwrap();
}

fn journal_ids(bin: &Path, campaign: &Path) -> HashSet<String> {
    let out = Command::new(bin)
        .arg("-c")
        .arg(campaign)
        .args(["journal", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the journal opens: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let entries: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    entries
        .iter()
        .filter_map(|e| e["payload"]["id"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn killed_at_random_moments_the_journal_keeps_every_acknowledged_entry() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let campaign = dir.path().join("campaign.toml");
    let bin = assert_cmd::cargo::cargo_bin("recette");
    let script = format!(
        "while :; do '{}' -c '{}' --as 'Crash Test' defect new --resource firm --severity mineure --title boucle --separate || exit 1; done",
        bin.display(),
        campaign.display()
    );
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let mut acknowledged = HashSet::new();
    for round in 0..25 {
        let mut child = Command::new("sh")
            .args(["-c", &script])
            .process_group(0)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.random_range(20..250)));
        // SIGKILL to the whole group: the loop and the recette writing at that moment.
        let group = format!("-{}", child.id());
        Command::new("kill")
            .args(["-KILL", "--", &group])
            .status()
            .unwrap();
        child.wait().unwrap();
        let mut printed = String::new();
        child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut printed)
            .unwrap();
        acknowledged.extend(printed.lines().map(str::to_owned));
        let written = journal_ids(&bin, &campaign);
        let lost: Vec<_> = acknowledged.difference(&written).collect();
        assert!(
            lost.is_empty(),
            "round {round}: acknowledged but lost: {lost:?}"
        );
    }
    assert!(
        acknowledged.len() >= 25,
        "the loop really recorded ({} entries)",
        acknowledged.len()
    );
}

/// Runs `recette --as 'Crash Test' verdict ...` on `campaign`, with `fault` as
/// `RECETTE_FAULT` when given.
fn verdict(bin: &Path, dir: &Path, fault: Option<&str>) -> std::process::Output {
    let mut cmd = Command::new(bin);
    cmd.env("RECETTE_DATA_DIR", dir.join("data"))
        .env("RECETTE_CACHE_DIR", dir.join("cache"))
        .env_remove("RECETTE_FAULT")
        .arg("-c")
        .arg(dir.join("s/campaign.toml"))
        .args(["--as", "Crash Test", "verdict", "--resource", "firm"])
        .args(["--item", "firm-headcount", "--set", "ko"]);
    if let Some(fault) = fault {
        cmd.env("RECETTE_FAULT", fault);
    }
    cmd.output().unwrap()
}

/// The ids `recette journal --format json` lists, and what it said on stderr.
fn journal_entries(bin: &Path, dir: &Path) -> (Vec<String>, String) {
    let out = Command::new(bin)
        .env("RECETTE_DATA_DIR", dir.join("data"))
        .env_remove("RECETTE_FAULT")
        .arg("-c")
        .arg(dir.join("s/campaign.toml"))
        .args(["journal", "--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "the journal opens: {stderr}");
    let entries: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let ids = entries
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect();
    (ids, stderr)
}

#[test]
fn crashed_at_each_point_of_an_append_the_entry_is_whole_or_absent() {
    let bin = assert_cmd::cargo::cargo_bin("recette");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    // (fault point, entries on disk after the crash: the first one, and the crashed one or not)
    for (point, kept) in [
        ("journal.before_write", 1),
        ("journal.mid_write", 1),
        ("journal.after_write", 2),
        ("journal.after_sync", 2),
    ] {
        let dir = tempfile::tempdir().unwrap();
        recette::demo::copy_campaign(&sample, &dir.path().join("s")).unwrap();
        let first = verdict(&bin, dir.path(), None);
        assert!(first.status.success(), "{point}");
        let first = String::from_utf8_lossy(&first.stdout).trim().to_owned();

        let crashed = verdict(&bin, dir.path(), Some(point));
        assert!(!crashed.status.success(), "{point}: the process crashed");
        assert!(crashed.stdout.is_empty(), "{point}: no id acknowledged");
        let (ids, said) = journal_entries(&bin, dir.path());
        assert_eq!(ids.len(), kept, "{point}: {ids:?}");
        assert_eq!(ids[0], first, "{point}");
        // Every line on disk is a whole entry, but for a torn tail the readers leave alone.
        let journal = dir.path().join("s/campaign.journal");
        let file = std::fs::read_dir(&journal)
            .unwrap()
            .map(|f| f.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "jsonl"))
            .unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        let whole = text
            .lines()
            .filter(|l| serde_json::from_str::<serde_json::Value>(l).is_ok());
        assert_eq!(whole.count(), kept, "{point}: {text}");
        if point == "journal.mid_write" {
            assert!(said.contains("left as it is"), "{point}: {said}");
            assert!(!text.ends_with('\n'), "the reader changed nothing");
        } else {
            assert!(said.is_empty(), "{point}: {said}");
        }

        // The next writer repairs (says so), and its entry joins the others.
        let next = verdict(&bin, dir.path(), None);
        let stderr = String::from_utf8_lossy(&next.stderr);
        assert!(next.status.success(), "{point}: {stderr}");
        if point == "journal.mid_write" {
            assert!(stderr.contains("moved to"), "{point}: {stderr}");
        }
        let (ids, _) = journal_entries(&bin, dir.path());
        assert_eq!(ids.len(), kept + 1, "{point}");
    }
}
