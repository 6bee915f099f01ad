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
