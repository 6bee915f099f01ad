//! The defects screen: after a defect recorded from a sample review, the list and the
//! detail at 80×24 (snapshot), a filter as you type, and status changes (fixed in the
//! delivery shown, rejected with a reason) found in the journal.

mod console_support;

use console_support::Harness;
use ratatui::crossterm::event::KeyCode;
use recette::journal::Journal;
use recette::tui::Lang;

/// A defect recorded from `firm-sample` on L1 (its sixth record differs), then home.
fn with_a_defect(h: &mut Harness) {
    h.runtime.app.author = "Marie Dupont".into();
    h.press(KeyCode::Tab);
    h.press(KeyCode::Left);
    h.press(KeyCode::Tab);
    h.keys("c");
    h.keys("JJJ");
    h.press(KeyCode::Enter);
    h.keys("nnnnn");
    h.keys("k");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Esc);
    h.press(KeyCode::Esc);
}

/// The history's times (`2026-11-23 14:49`) masked, so that the snapshot is stable.
fn without_times(screen: &str) -> String {
    screen
        .lines()
        .map(|line| match line.find("│20") {
            Some(at) if line[at..].contains(" : ") => {
                let start = at + "│".len();
                format!("{}YYYY-MM-DD HH:MM{}", &line[..start], &line[start + 16..])
            }
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_defects_screen_lists_filters_and_changes_a_status_through_the_journal() {
    let mut h = Harness::open(Lang::Fr);
    with_a_defect(&mut h);
    h.keys("a");
    insta::assert_snapshot!("console_defects", without_times(&h.screen()));
    // The filter matches the status, the severity, the resource...
    h.keys("/rejet");
    assert_eq!(h.runtime.app.visible_defects().len(), 0);
    h.press(KeyCode::Esc);
    h.keys("/firm");
    h.press(KeyCode::Enter);
    assert_eq!(h.runtime.app.visible_defects().len(), 1);
    // Fixed in the delivery shown (L1), then a rejection needs its reason.
    h.keys("f");
    assert!(h.screen().contains("corrigée en L1"), "{}", h.screen());
    h.keys("r");
    h.keys("x");
    h.press(KeyCode::Enter);
    assert!(h.screen().contains("Un rejet a besoin de sa raison"));
    h.keys("x");
    h.keys("comportement attendu");
    h.press(KeyCode::Enter);
    assert!(h.screen().contains("rejetée"), "{}", h.screen());

    let file = h.dir.path().join("sample").join("campaign.toml");
    let (journal, _) = Journal::open(&file).unwrap();
    let statuses: Vec<(String, Option<String>)> = journal
        .entries()
        .unwrap()
        .iter()
        .filter(|e| e.action == "defect.status")
        .map(|e| {
            (
                e.str_field("status").unwrap_or("").to_string(),
                e.str_field("reason").map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("fixed".to_string(), None),
            ("reopened".to_string(), None),
            (
                "rejected".to_string(),
                Some("comportement attendu".to_string())
            ),
        ]
    );
}
