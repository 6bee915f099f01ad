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

impl Session {
    /// Starts `recette ARGS console` on `campaign` in a detached `width`×`height` tmux
    /// session; when the console ends, its exit code goes to `done`.
    fn start(
        name: &str,
        size: (u16, u16),
        campaign: &std::path::Path,
        cache: &std::path::Path,
        done: &std::path::Path,
        args: &str,
    ) -> Session {
        let command = format!(
            "'{}' -c '{}' {args} console",
            env!("CARGO_BIN_EXE_recette"),
            campaign.display()
        );
        Session::run(name, size, cache, done, &command)
    }

    /// Runs `command` (a shell command line) in a detached tmux session, with the results
    /// folder, the config folder and the data folder under `cache` (never the user's own);
    /// when it ends, its exit code goes to `done`.
    fn run(
        name: &str,
        (width, height): (u16, u16),
        cache: &std::path::Path,
        done: &std::path::Path,
        command: &str,
    ) -> Session {
        let session = Session(format!("{name}-{}", std::process::id()));
        let script = format!(
            "export RECETTE_CACHE_DIR='{cache}' RECETTE_CONFIG_DIR='{cache}/config' RECETTE_DATA_DIR='{cache}/data'; {command}; echo $? > '{}'; echo CONSOLE-EXITED; sleep 60",
            done.display(),
            cache = cache.display(),
        );
        let (width, height) = (width.to_string(), height.to_string());
        let status = Command::new("tmux")
            .args([
                "new-session",
                "-d",
                "-s",
                &session.0,
                "-x",
                &width,
                "-y",
                &height,
                "sh",
                "-c",
                &script,
            ])
            .status()
            .unwrap();
        assert!(status.success());
        session
    }

    /// Types keys, leaving each key's frame time to show, as a person would.
    fn send(&self, keys: &[&str]) {
        for key in keys {
            tmux(&["send-keys", "-t", &self.0, key]);
            std::thread::sleep(Duration::from_millis(150));
        }
    }
}

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
    let session = Session::start("recette-console", (100, 30), &campaign, &cache, &done, "");
    // The table header shows once the overview is in (the progress line names resources too).
    wait_for(&session.0, "Signée");
    let send = |keys: &[&str]| session.send(keys);
    send(&["j", "Enter"]);
    wait_for(&session.0, "Catégories");
    send(&["j", "j", "Enter"]);
    wait_for(&session.0, "Colonnes en écart");
    send(&["Enter"]);
    wait_for(&session.0, "Causes des écarts de Nom");
    send(&["Enter"]);
    wait_for(&session.0, "Motifs de valeurs");
    send(&["Enter"]);
    wait_for(&session.0, "ligne 1 sur");
    send(&["Enter"]);
    // The record view: the label, and the technical name an engineer needs.
    let pane = wait_for(&session.0, "≠ Nom (last_name)");
    assert!(pane.contains("≠ Nom (last_name)"), "{pane}");
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

/// The référent's path in the real binary: on L1, open the sample of `firm-sample`, reach
/// its differing record, record a defect from it, quit, and find the defect in the
/// campaign's journal (`<campaign>.journal/*.jsonl`).
#[test]
fn the_console_records_a_defect_from_a_sample_review_into_the_journal() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("tmux is not installed: the end-to-end console test is skipped");
        return;
    }
    let (dir, campaign) = console_support::sample_copy();
    let cache = dir.path().join("cache");
    let done = dir.path().join("exit-code");
    let session = Session::start(
        "recette-sample",
        (80, 24),
        &campaign,
        &cache,
        &done,
        "--as 'Marie Dupont'",
    );
    wait_for(&session.0, "Signée");
    let send = |keys: &[&str]| session.send(keys);
    // The deliveries pane, L1, back to the resources once L1's overview is in.
    send(&["Tab", "Left"]);
    wait_for(&session.0, "[L1]");
    wait_for(&session.0, "Signée");
    send(&["Tab", "c"]);
    wait_for(
        &session.0,
        "Vérifications de Adhérents (entreprises) sur L1",
    );
    send(&["j", "j", "j", "Enter"]);
    wait_for(&session.0, "Revue firm-sample");
    let mut pane = String::new();
    for _ in 0..16 {
        pane = tmux(&["capture-pane", "-p", "-t", &session.0]);
        if pane.contains("≠ Code postal (postal_code)") {
            break;
        }
        send(&["n"]);
    }
    assert!(pane.contains("≠ Code postal (postal_code)"), "{pane}");
    send(&["x"]);
    wait_for(&session.0, "Nouvelle anomalie");
    send(&["Enter"]);
    wait_for(&session.0, "Enregistré dans le journal");
    send(&["q", "q", "q"]);
    wait_for(&session.0, "CONSOLE-EXITED");
    assert_eq!(std::fs::read_to_string(&done).unwrap().trim(), "0");

    let journal = campaign.with_extension("journal");
    let lines: Vec<String> = std::fs::read_dir(&journal)
        .unwrap()
        .map(|f| f.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .flat_map(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    let defect = lines
        .iter()
        .find(|l| l.contains("\"defect.new\""))
        .unwrap_or_else(|| panic!("no defect in the journal: {lines:?}"));
    let entry: serde_json::Value = serde_json::from_str(defect).unwrap();
    assert_eq!(entry["author"], "Marie Dupont");
    assert_eq!(entry["payload"]["resource"], "firm");
    assert_eq!(entry["payload"]["item"], "firm-sample");
    assert_eq!(entry["payload"]["columns"][0], "postal_code");
}

/// A référent's console speaks their language and calls things by their labels: on home
/// the resources (`Salariés`, not `employee`), on the checklist the criteria in words
/// (`écarts sur Poste`, not `differing("job_title")`), and the help says what the symbols
/// mean. In French, then in English.
#[test]
fn the_console_shows_labels_and_words_in_french_and_in_english() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("tmux is not installed: the end-to-end console test is skipped");
        return;
    }
    struct Words {
        lang: &'static str,
        signed: &'static str,
        checklist: &'static str,
        criterion: &'static str,
        symbols: &'static str,
        trend: &'static str,
    }
    for words in [
        Words {
            lang: "fr",
            signed: "Signée",
            checklist: "Vérifications de Salariés sur L2",
            criterion: "écarts sur Poste",
            symbols: "Symboles de cet écran",
            trend: "✓4 ↺6 +2 : depuis la livraison précédente",
        },
        Words {
            lang: "en",
            signed: "Signed",
            checklist: "Checklist of Salariés on L2",
            criterion: "differences in Poste",
            symbols: "Symbols of this screen",
            trend: "✓4 ↺6 +2: since the previous delivery",
        },
    ] {
        let (dir, campaign) = console_support::sample_copy();
        let cache = dir.path().join("cache");
        let done = dir.path().join("exit-code");
        let name = format!("recette-words-{}", words.lang);
        let args = format!("--lang {}", words.lang);
        let session = Session::start(&name, (120, 32), &campaign, &cache, &done, &args);
        let home = wait_for(&session.0, words.signed);
        for label in ["Adhérents (entreprises)", "Salariés", "Contrats de travail"] {
            assert!(home.contains(label), "{}: {label}:\n{home}", words.lang);
        }
        for name in ["employee", "contract", "measure_request"] {
            assert!(
                !home.contains(name),
                "{}: {name} shown:\n{home}",
                words.lang
            );
        }
        session.send(&["?"]);
        let help = wait_for(&session.0, words.symbols);
        assert!(help.contains(words.trend), "{}:\n{help}", words.lang);
        session.send(&["Escape", "j", "c"]);
        let checklist = wait_for(&session.0, words.checklist);
        assert!(
            checklist.contains(words.criterion) && !checklist.contains("differing("),
            "{}:\n{checklist}",
            words.lang
        );
        session.send(&["C-c"]);
        wait_for(&session.0, "CONSOLE-EXITED");
        assert_eq!(std::fs::read_to_string(&done).unwrap().trim(), "0");
    }
}

/// Issue 13's points as a user tries them, in English then in French: the next item to
/// do, a SQL query of two lines run with F5 and its result saved (masked), a record absent
/// from the delivery, a defect raised from it, and a rows table sorted and counted.
#[test]
fn the_referent_and_the_engineer_work_from_the_keys_in_english_and_in_french() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("tmux is not installed: the end-to-end console test is skipped");
        return;
    }
    let (dir, campaign) = console_support::sample_copy();
    let cache = dir.path().join("cache");
    let done = dir.path().join("exit-code");
    let session = Session::start(
        "recette-issue13-en",
        (100, 30),
        &campaign,
        &cache,
        &done,
        "--lang en --as 'Marie Dupont'",
    );
    wait_for(&session.0, "Signed");
    session.send(&["t"]);
    wait_for(&session.0, "Checklist of Adhérents (entreprises) on L2");
    session.send(&["Escape", "s", "C-l"]);
    session.send(&[
        "SELECT source_id, last_name",
        "Enter",
        "FROM migrated.employee LIMIT 3",
    ]);
    let pane = wait_for(&session.0, "new line");
    assert!(pane.contains("F5") && pane.contains("run"), "{pane}");
    session.send(&["F5"]);
    wait_for(&session.0, "3 rows");
    let saved = dir.path().join("three.csv");
    session.send(&["E"]);
    wait_for(&session.0, "Save the result (CSV, text masked)");
    // The proposed name typed over (Backspace × its length), then ours.
    for _ in 0.."recette-sql-L2-1.csv".len() {
        session.send(&["BSpace"]);
    }
    session.send(&[&saved.display().to_string(), "Enter"]);
    wait_for(&session.0, "Result saved to");
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(text.starts_with("\u{feff}source_id;last_name"), "{text}");
    assert!(text.contains("999999;"), "masked: {text}");
    session.send(&["Escape"]);
    session.send(&["C-c"]);
    wait_for(&session.0, "CONSOLE-EXITED");

    let done = dir.path().join("exit-code-fr");
    let session = Session::start(
        "recette-issue13-fr",
        (100, 30),
        &campaign,
        &cache,
        &done,
        "--as 'Marie Dupont'",
    );
    wait_for(&session.0, "Signée");
    // L1, contract: its missing keys, the first record.
    session.send(&["Tab", "Left"]);
    wait_for(&session.0, "[L1]");
    wait_for(&session.0, "Signée");
    session.send(&["Tab", "j", "j", "Enter", "Enter", "Enter"]);
    wait_for(&session.0, "absent de la livraison");
    session.send(&["a"]);
    wait_for(&session.0, "Nouvelle anomalie");
    let pane = wait_for(
        &session.0,
        "Contrats de travail 200012,1 : absent de la livraison",
    );
    assert!(pane.contains("200012,1 · manquants"), "{pane}");
    session.send(&["Tab", "Contrat non livré.", "C-s"]);
    wait_for(&session.0, "Enregistré dans le journal");
    // Back to the rows: sorted by the second column, then its frequencies.
    session.send(&["Escape", "l", ">"]);
    wait_for(&session.0, "décroissant");
    session.send(&["F"]);
    wait_for(&session.0, "Fréquence des valeurs de");
    session.send(&["C-c"]);
    wait_for(&session.0, "CONSOLE-EXITED");
    assert_eq!(std::fs::read_to_string(&done).unwrap().trim(), "0");
}

/// Bare `recette` in a campaign's folder opens the console, in the language of the user's
/// config; the SQL console answers from there.
#[test]
fn bare_recette_opens_the_console_in_the_configured_language_and_runs_sql() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("tmux is not installed: the end-to-end console test is skipped");
        return;
    }
    let (dir, campaign) = console_support::sample_copy();
    let cache = dir.path().join("cache");
    std::fs::create_dir_all(cache.join("config")).unwrap();
    std::fs::write(cache.join("config/config.toml"), "lang = \"en\"\n").unwrap();
    let done = dir.path().join("exit-code");
    let command = format!(
        "cd '{}' && '{}'",
        campaign.parent().unwrap().display(),
        env!("CARGO_BIN_EXE_recette")
    );
    let session = Session::run("recette-bare", (100, 30), &cache, &done, &command);
    wait_for(&session.0, "Signed");
    session.send(&["s"]);
    wait_for(&session.0, "SQL console — delivery L2");
    // The first query is there, ready to run.
    session.send(&["F5"]);
    let pane = wait_for(&session.0, "identical");
    assert!(pane.contains("rows"), "{pane}");
    session.send(&["Escape", "q"]);
    wait_for(&session.0, "CONSOLE-EXITED");
    assert_eq!(std::fs::read_to_string(&done).unwrap().trim(), "0");
    let history = std::fs::read_dir(cache.join("data/sql-history"))
        .unwrap()
        .count();
    assert_eq!(history, 1, "the query went to the campaign's history");
}

/// A campaign whose SQL would write a file: the console refuses it before it opens (exit 2,
/// the campaign file, resource and key named), and nothing is written.
#[test]
fn the_console_refuses_campaign_sql_that_may_not_run_before_it_opens() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("tmux is not installed: the end-to-end console test is skipped");
        return;
    }
    let (dir, campaign) = console_support::sample_copy();
    let target = dir.path().join("pwn.csv");
    let text = std::fs::read_to_string(&campaign).unwrap().replacen(
        "[resource.derive]",
        &format!(
            "[resource.derive]\nzz = '''1) FROM (SELECT 1) t; COPY (SELECT 'x') TO '{}'; SELECT (1'''",
            target.display()
        ),
        1,
    );
    std::fs::write(&campaign, text).unwrap();
    let cache = dir.path().join("cache");
    let done = dir.path().join("exit-code");
    let session = Session::start("recette-guard", (200, 30), &campaign, &cache, &done, "");
    let pane = wait_for(&session.0, "CONSOLE-EXITED");
    assert_eq!(
        std::fs::read_to_string(&done).unwrap().trim(),
        "2",
        "{pane}"
    );
    assert!(
        pane.contains("resource `measure_request`, key `derive.zz`"),
        "{pane}"
    );
    assert!(!target.exists(), "the campaign's SQL wrote a file");
}

/// Quitting while a verdict waits for the journal's lock (held here, by the test process):
/// the console says *Enregistrement…* and stays until the lock is released, then the KO is
/// on disk and the console exits 0 (issue 10, §3).
#[test]
fn quitting_while_the_journal_lock_is_held_waits_for_the_verdict() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("tmux is not installed: the end-to-end console test is skipped");
        return;
    }
    let (dir, campaign) = console_support::sample_copy();
    let cache = dir.path().join("cache");
    let done = dir.path().join("exit-code");
    let session = Session::start(
        "recette-quit",
        (100, 30),
        &campaign,
        &cache,
        &done,
        "--as 'Marie Dupont'",
    );
    wait_for(&session.0, "Signée");
    let (journal, _) = recette::journal::Journal::open(&campaign).unwrap();
    let held = journal.lock().unwrap();
    session.send(&["j", "c"]);
    wait_for(&session.0, "Vérifications de Salariés");
    session.send(&["End", "x", "C-c"]);
    wait_for(&session.0, "Enregistrement…");
    std::thread::sleep(Duration::from_millis(500));
    assert!(!done.exists(), "the console quit before the KO was written");
    drop(held);
    let pane = wait_for(&session.0, "CONSOLE-EXITED");
    assert_eq!(
        std::fs::read_to_string(&done).unwrap().trim(),
        "0",
        "{pane}"
    );
    let entries = journal.entries().unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.action == "verdict.set" && e.str_field("value") == Some("ko")),
        "{entries:?}"
    );
}

/// The pid of the console started in `session` (the child of the pane's shell).
fn console_pid(session: &str) -> String {
    let shell = tmux(&["display-message", "-p", "-t", session, "#{pane_pid}"]);
    let out = Command::new("ps")
        .args(["-o", "pid=", "--ppid", shell.trim()])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap_or_else(|| panic!("no console under the shell {shell}"))
        .to_string()
}

/// SIGTERM (`kill`) and SIGHUP (a closed terminal window) end the console as `q` does:
/// main screen, cursor shown, no mouse reporting; the exit says which signal.
#[test]
fn a_signal_that_ends_the_console_restores_the_terminal() {
    for (signal, code) in [("TERM", "143"), ("HUP", "129")] {
        let (dir, campaign) = console_support::sample_copy();
        let cache = dir.path().join("cache");
        let done = dir.path().join("exit-code");
        let name = format!("recette-signal-{signal}");
        let session = Session::start(&name, (100, 30), &campaign, &cache, &done, "");
        wait_for(&session.0, "Signée");
        let modes = || {
            tmux(&[
                "display-message",
                "-p",
                "-t",
                &session.0,
                "#{alternate_on} #{mouse_any_flag} #{cursor_flag}",
            ])
        };
        assert!(modes().starts_with("1 1"), "{}", modes());
        let pid = console_pid(&session.0);
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .unwrap();
        assert!(killed.success());
        let pane = wait_for(&session.0, "CONSOLE-EXITED");
        assert_eq!(
            std::fs::read_to_string(&done).unwrap().trim(),
            code,
            "SIG{signal}: {pane}"
        );
        assert_eq!(
            modes().trim(),
            "0 0 1",
            "SIG{signal}: main screen, no mouse reporting, cursor shown"
        );
        assert!(!pane.contains("Signée"), "SIG{signal}: {pane}");
    }
}
