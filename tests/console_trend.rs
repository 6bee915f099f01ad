//! The trend on home: per resource, what L2 fixed and what came back since L1 (the sample
//! plants both), in colour in the table and line by line in the detail; L1 has none.

mod console_support;

use console_support::{Harness, find};
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Color;
use recette::jobs::{ResourceOutcome, Trend};
use recette::tui::Lang;

#[test]
fn the_overview_compares_each_resource_with_the_previous_delivery() {
    let h = Harness::open(Lang::En);
    let overview = h.runtime.app.current_overview().expect("L2 reconciled");
    let trend = |name: &str| {
        let r = overview
            .resources
            .iter()
            .find(|r| r.resource().name == name)
            .and_then(ResourceOutcome::reconciled)
            .unwrap();
        match &r.trend {
            Trend::Compared(c) => (c.previous.clone(), c.fixed(), c.regressed()),
            other => panic!("{name}: {other:?}"),
        }
    };
    assert_eq!(trend("contract"), ("L1".to_string(), 4, 6));
    assert_eq!(trend("employee"), ("L1".to_string(), 8, 0));
}

#[test]
fn fixed_shows_green_came_back_red_and_the_detail_lists_the_categories() {
    let mut h = Harness::open(Lang::En);
    // Tall enough for every line of the detail (at 24 lines the newcomer's hint keeps its
    // place and the last details give way).
    h.resize(100, 40);
    h.keys("jj");
    let buffer = h.buffer();
    let (x, y) = find(&buffer, "✓4 ↺6").expect("contract's trend shows");
    assert_eq!(buffer[(x, y)].fg, Color::Green);
    assert_eq!(buffer[(x + 3, y)].fg, Color::Red);
    let screen = h.screen();
    assert!(
        screen.contains("Since L1: 4 fixed, 6 came back"),
        "{screen}"
    );
    // What happened, no zeros.
    assert!(
        screen
            .lines()
            .any(|l| l.contains("· missing: 4 fixed") && !l.contains("still")),
        "{screen}"
    );
    assert!(screen.contains("· differing: 6 came back"), "{screen}");
}

#[test]
fn the_first_delivery_has_no_trend() {
    let mut h = Harness::open(Lang::Fr);
    h.press(KeyCode::Tab);
    h.press(KeyCode::Left);
    let overview = h.runtime.app.current_overview().expect("L1 reconciled");
    assert!(
        overview
            .resources
            .iter()
            .all(|r| matches!(r.reconciled().map(|r| &r.trend), Some(Trend::FirstDelivery)))
    );
    let screen = h.screen();
    assert!(
        !screen.contains('✓') && !screen.contains("Depuis"),
        "{screen}"
    );
    assert!(
        screen
            .lines()
            .any(|l| l.starts_with("│Adhérents") && l.contains(" — ")),
        "{screen}"
    );
}
