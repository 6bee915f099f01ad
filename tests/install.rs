//! An installed `recette` (what `cargo install --path .` puts on the PATH) works from any
//! folder: the built binary copied into a temporary folder and run from another, with no
//! source tree beside it, opens the sample it carries — written out to the user's data folder
//! (`RECETTE_DATA_DIR` here, never the real one) — and prints its shell completions and
//! manual page.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

/// Held while a test writes its copy of the binary and while one starts a process: a child
/// forked while another thread still has its copy open for writing keeps that descriptor
/// until it execs, and running that copy then fails with "Text file busy" (ETXTBSY).
static WRITE_OR_SPAWN: Mutex<()> = Mutex::new(());

struct Installed {
    root: tempfile::TempDir,
    bin: PathBuf,
}

impl Installed {
    fn new() -> Installed {
        let root = tempfile::tempdir().unwrap();
        let bin_dir = root.path().join("bin");
        fs::create_dir(&bin_dir).unwrap();
        let bin = bin_dir.join(format!("recette{}", std::env::consts::EXE_SUFFIX));
        {
            let _alone = WRITE_OR_SPAWN.lock().unwrap_or_else(|p| p.into_inner());
            fs::copy(env!("CARGO_BIN_EXE_recette"), &bin).unwrap();
        }
        fs::create_dir(root.path().join("work")).unwrap();
        Installed { root, bin }
    }

    fn data(&self) -> PathBuf {
        self.root.path().join("data")
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let child = {
            let _alone = WRITE_OR_SPAWN.lock().unwrap_or_else(|p| p.into_inner());
            Command::new(&self.bin)
                .current_dir(self.root.path().join("work"))
                .env("RECETTE_DATA_DIR", self.data())
                .env("RECETTE_CACHE_DIR", self.root.path().join("cache"))
                .env_remove("CARGO_MANIFEST_DIR")
                .args(args)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let out = child.wait_with_output().unwrap();
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        (
            out.status.code().unwrap(),
            text(&out.stdout),
            text(&out.stderr),
        )
    }
}

fn relative_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            relative_files(root, &path, out);
        } else {
            let relative = path.strip_prefix(root).unwrap();
            out.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn bare_recette_far_from_the_sources_opens_the_sample_it_carries() {
    let installed = Installed::new();
    let (code, stdout, stderr) = installed.run(&[]);
    assert_eq!(
        code, 1,
        "the sample's planted defects fail the check: {stderr}"
    );
    assert!(
        // In French by default, the resources by their labels.
        stdout.contains("Salariés") && stdout.contains("En écart"),
        "{stdout}"
    );
    let sample = installed.data().join("sample");
    assert!(
        stderr.contains(&sample.display().to_string()),
        "says where the sample is: {stderr}"
    );
    assert!(
        stderr.contains("campagne d'exemple écrite dans"),
        "{stderr}"
    );
    let mut written = Vec::new();
    relative_files(&sample, &sample, &mut written);
    written.retain(|f| !f.contains(".journal/"));
    written.sort();
    let mut embedded: Vec<String> = recette::demo::bundled::FILES
        .iter()
        .map(|(name, _)| name.to_string())
        .collect();
    embedded.sort();
    assert_eq!(written, embedded);
    // What a user records lands beside that copy, not in the build tree.
    let (code, _, stderr) = installed.run(&[
        "-c",
        sample.join("campaign.toml").to_str().unwrap(),
        "--as",
        "Marie Dupont",
        "verdict",
        "--resource",
        "firm",
        "--item",
        "firm-headcount",
        "--set",
        "ok",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(sample.join("campaign.journal").is_dir());
    // A second run reuses the copy, and a file changed there is kept.
    let campaign = sample.join("campaign.toml");
    let text = fs::read_to_string(&campaign).unwrap();
    fs::write(&campaign, format!("{text}\n# notes\n")).unwrap();
    let (code, _, stderr) = installed.run(&[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(!stderr.contains("écrite dans"), "{stderr}");
    assert!(
        fs::read_to_string(&campaign)
            .unwrap()
            .ends_with("# notes\n")
    );
}

#[test]
fn completions_and_the_manual_page_are_printed() {
    let installed = Installed::new();
    for (shell, needle) in [
        ("bash", "_recette()"),
        ("zsh", "#compdef recette"),
        ("fish", "complete -c recette"),
    ] {
        let (code, stdout, stderr) = installed.run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {stderr}");
        assert!(stdout.contains(needle), "{shell}: {stdout}");
        assert!(stdout.contains("export"), "{shell}: subcommands completed");
    }
    let (code, _, stderr) = installed.run(&["completions", "tcsh"]);
    assert_eq!(code, 2, "{stderr}");
    let (code, stdout, stderr) = installed.run(&["man"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with(".ie") || stdout.contains(".TH recette"),
        "{stdout}"
    );
}
