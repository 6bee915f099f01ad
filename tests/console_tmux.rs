//! The real binary in a real terminal (tmux): open the console on a copy of the sample,
//! reach a differing record side by side with keys, quit, and check that the process ended
//! and the terminal left the alternate screen. Skipped, with a message, without tmux.

mod console_support;

use std::process::Command;
use std::time::{Duration, Instant};

fn tmux(args: &[&str]) -> String {
    let out = Command::new("tmux").args(args).output().expect("tmux runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Captures the pane until `needle` shows (or fails after a while, showing the pane).
fn wait_for(session: &str, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let pane = tmux(&["capture-pane", "-p", "-t", session]);
        if pane.contains(needle) {
            return pane;
        }
        assert!(
            Instant::now() < deadline,
            "`{needle}` never showed:\n{pane}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

struct Session(String);

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.0])
            .output();
    }
}

#[test]
fn the_console_reaches_a_differing_record_and_restores_the_terminal() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("tmux is not installed: the end-to-end console test is skipped");
        return;
    }
    let (dir, campaign) = console_support::sample_copy();
    let cache = dir.path().join("cache");
    let done = dir.path().join("exit-code");
    let session = Session(format!("recette-console-{}", std::process::id()));
    let script = format!(
        "RECETTE_CACHE_DIR='{}' '{}' -c '{}' console; echo $? > '{}'; echo CONSOLE-EXITED; sleep 60",
        cache.display(),
        env!("CARGO_BIN_EXE_recette"),
        campaign.display(),
        done.display(),
    );
    let status = Command::new("tmux")
        .args([
            "new-session",
            "-d",
            "-s",
            &session.0,
            "-x",
            "100",
            "-y",
            "30",
            "sh",
            "-c",
            &script,
        ])
        .status()
        .unwrap();
    assert!(status.success());
    // The table header shows once the overview is in (the progress line names resources too).
    wait_for(&session.0, "Signée");
    let send = |keys: &[&str]| {
        for key in keys {
            tmux(&["send-keys", "-t", &session.0, key]);
            // Each key's frame before the next key, as a person would type.
            std::thread::sleep(Duration::from_millis(150));
        }
    };
    send(&["j", "Enter"]);
    wait_for(&session.0, "Catégories");
    send(&["j", "j", "Enter"]);
    wait_for(&session.0, "Colonnes en écart");
    send(&["Enter"]);
    wait_for(&session.0, "Motifs de valeurs");
    send(&["Enter"]);
    wait_for(&session.0, "ligne 1 sur");
    send(&["Enter"]);
    let pane = wait_for(&session.0, "Enregistrement");
    assert!(pane.contains("≠ last_name"), "{pane}");
    assert!(
        pane.contains("Grégoire") && pane.contains("GrÃ©goire"),
        "{pane}"
    );
    let modes = || {
        tmux(&[
            "display-message",
            "-p",
            "-t",
            &session.0,
            "#{alternate_on} #{mouse_any_flag}",
        ])
    };
    assert_eq!(
        modes().trim(),
        "1 1",
        "alternate screen and mouse capture while it runs"
    );

    send(&["C-c"]);
    let pane = wait_for(&session.0, "CONSOLE-EXITED");
    assert_eq!(
        std::fs::read_to_string(&done).unwrap().trim(),
        "0",
        "{pane}"
    );
    assert_eq!(
        modes().trim(),
        "0 0",
        "the terminal is back: main screen, no mouse capture"
    );
    assert!(
        !pane.contains("Enregistrement"),
        "the console's screen is gone:\n{pane}"
    );
}
