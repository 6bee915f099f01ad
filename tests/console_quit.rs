//! Quitting the console while a verdict is still being written (the journal's lock held by
//! another process): the console waits, saying *Enregistrement…*, and quits once the entry
//! is on disk; if the write fails it stays open and says so; a second `q` quits at once and
//! counts what may be lost (issue 10, §3). In process, the lock held by the test itself.

mod console_support;

use console_support::Harness;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use recette::journal::Journal;
use recette::tui::Lang;

/// From home to the last (manual) item of `employee`'s checklist.
fn to_manual_item(h: &mut Harness) {
    h.runtime.app.author = "Marie Dupont".into();
    h.keys("j");
    h.keys("c");
    h.press(KeyCode::End);
}

fn journal(h: &Harness) -> Journal {
    let file = h.dir.path().join("sample").join("campaign.toml");
    Journal::open(&file).unwrap().0
}

fn kos(journal: &Journal) -> usize {
    journal
        .entries()
        .unwrap()
        .iter()
        .filter(|e| e.action == "verdict.set" && e.str_field("value") == Some("ko"))
        .count()
}

#[test]
fn quitting_waits_for_pending_journal_writes_and_never_drops_one_silently() {
    let data = tempfile::tempdir().unwrap();
    // SAFETY: the only test of this binary, set before its first thread starts.
    unsafe {
        std::env::set_var("RECETTE_LOCK_TIMEOUT", "2");
        std::env::set_var("RECETTE_DATA_DIR", data.path());
    }

    // The lock is released while the console waits: the KO is written, then it quits.
    let mut h = Harness::open(Lang::Fr);
    to_manual_item(&mut h);
    let journal_of_h = journal(&h);
    let held = journal_of_h.lock().unwrap();
    h.hit(KeyCode::Char('x'));
    // Back home, and `q` there quits.
    h.hit(KeyCode::Esc);
    h.hit(KeyCode::Char('q'));
    assert!(!h.runtime.app.quit, "quit before the KO was written");
    let screen = h.screen();
    assert!(screen.contains("Enregistrement…"), "{screen}");
    drop(held);
    h.settle();
    assert!(h.runtime.app.quit, "quits once written");
    assert_eq!(h.runtime.app.unsaved, 0);
    assert_eq!(kos(&journal_of_h), 1, "the KO is in the journal");

    // The lock is held past RECETTE_LOCK_TIMEOUT: the write fails, the console stays open
    // and says what was not saved.
    let mut h = Harness::open(Lang::Fr);
    to_manual_item(&mut h);
    let journal_of_h = journal(&h);
    let held = journal_of_h.lock().unwrap();
    let ctrl_c = |h: &mut Harness| h.hit_with(KeyCode::Char('c'), KeyModifiers::CONTROL);
    h.hit(KeyCode::Char('x'));
    ctrl_c(&mut h);
    assert!(!h.runtime.app.quit);
    h.settle();
    assert!(!h.runtime.app.quit, "a failed write does not quit silently");
    let screen = h.screen();
    assert!(screen.contains("Non enregistré"), "{screen}");
    assert_eq!(kos(&journal_of_h), 0);

    // Asked twice, it quits without waiting, and counts the write that may be lost.
    h.hit(KeyCode::Char('x'));
    ctrl_c(&mut h);
    assert!(!h.runtime.app.quit);
    ctrl_c(&mut h);
    assert!(h.runtime.app.quit);
    assert_eq!(h.runtime.app.unsaved, 1);
    drop(held);
}
