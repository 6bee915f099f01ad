//! One stack of screens above home and one registry of awaited jobs: the top layer says the
//! context, what is drawn and what the wheel does; a result for a closed or superseded
//! request is dropped.

use super::*;

#[test]
fn the_top_layer_says_the_context_what_is_drawn_and_what_the_wheel_does() {
    let mut app = loaded();
    assert_eq!(app.screens.wheel(false, true), Some(Action::Down));
    assert_eq!(app.screens.wheel(true, false), None, "home's deliveries");
    act(&mut app, Action::Checklist);
    act(&mut app, Action::Enter);
    act(&mut app, Action::Help);
    let kinds: Vec<&str> = app
        .screens
        .layers()
        .iter()
        .map(|l| match l.screen {
            Screen::Checklist(_) => "checklist",
            Screen::Explorer(_) => "explorer",
            Screen::Help => "help",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["checklist", "explorer", "help"]);
    assert_eq!(app.context(), Context::Help);
    assert_eq!(app.screen_context(), Context::Explorer);
    let (base, overlays) = app.screens.drawn();
    assert!(matches!(base.map(|l| &l.screen), Some(Screen::Explorer(_))));
    assert_eq!(overlays.len(), 1);
    assert_eq!(app.screens.wheel(false, true), None, "over the help");
    act(&mut app, Action::Back);
    assert_eq!(app.screens.wheel(true, false), Some(Action::Up));
    act(&mut app, Action::Back);
    assert_eq!(app.context(), Context::Checklist);
}

#[test]
fn a_window_for_a_level_since_closed_is_dropped_and_not_waited_for() {
    let mut app = loaded();
    act(&mut app, Action::Enter);
    let (id, query) = fetched_rows(&act(&mut app, Action::Enter));
    assert!(app.waiting());
    assert!(matches!(
        app.jobs.get(id),
        Some(Purpose::Window { level: 1, .. })
    ));
    act(&mut app, Action::Back);
    assert!(!app.waiting(), "nobody waits for the closed table's window");
    // Opened again: its own window is asked; the late one of the closed table is dropped.
    let (again, _) = fetched_rows(&act(&mut app, Action::Enter));
    assert_ne!(again, id);
    let rows = vec![WindowRow {
        key: vec![Some("800009".into())],
        cells: vec![None, None],
    }];
    update(
        &mut app,
        event(
            id,
            JobEventKind::Finished(JobOutput::Window(Window { query, rows })),
        ),
    );
    let Level::Rows { table, .. } = app.explorer().unwrap().level() else {
        panic!()
    };
    assert!(!table.loaded && table.rows.is_empty());
    assert!(app.jobs.get(again).is_some(), "still awaited");
}

#[test]
fn a_journal_write_outlives_the_screen_it_came_from() {
    let mut app = loaded();
    act(&mut app, Action::Checklist);
    act(&mut app, Action::Down);
    let (id, _) = recorded(&act(&mut app, Action::VerdictOk));
    act(&mut app, Action::Back);
    assert_eq!(quit::pending_writes(&app), 1);
    let effects = update(
        &mut app,
        event(id, JobEventKind::Finished(JobOutput::Recorded("E9".into()))),
    );
    assert_eq!(app.notice, Some(Notice::Saved("E9".into())));
    assert!(matches!(effects.as_slice(), [Effect::StartOverview { .. }]));
    assert_eq!(quit::pending_writes(&app), 0);
}
