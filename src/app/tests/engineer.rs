//! The engineer's console: the SQL editor (lines, run, clear, history), the result saved
//! to a file, and a rows table sorted by a column and its values' frequencies.

use super::*;
use crate::jobs::{Frequency, RowsOrder, SqlRequest, TableFormat};

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, Msg::Input(InputKey::Char(c)));
    }
}

#[test]
fn enter_starts_a_line_f5_runs_ctrl_l_clears_and_the_arrows_walk_lines_then_history() {
    let mut app = loaded();
    app.sql_history = vec!["SELECT 'old'".into()];
    act(&mut app, Action::Sql);
    act(&mut app, Action::ClearQuery);
    assert_eq!(app.input.as_deref(), Some(""));
    typed(&mut app, "SELECT 1");
    assert!(update(&mut app, Msg::Input(InputKey::Enter)).is_empty());
    typed(&mut app, "FROM t");
    assert!(act(&mut app, Action::Newline).is_empty());
    typed(&mut app, "LIMIT 1");
    assert_eq!(app.input.as_deref(), Some("SELECT 1\nFROM t\nLIMIT 1"));
    // ↑ from the last line goes to the line above, at the same column when it can.
    update(&mut app, Msg::Input(InputKey::Up));
    update(&mut app, Msg::Input(InputKey::Char('*')));
    assert_eq!(app.input.as_deref(), Some("SELECT 1\nFROM t*\nLIMIT 1"));
    update(&mut app, Msg::Input(InputKey::Up));
    update(&mut app, Msg::Input(InputKey::Up));
    assert_eq!(app.input.as_deref(), Some("SELECT 'old'"), "the history");
    update(&mut app, Msg::Input(InputKey::Down));
    assert_eq!(app.input.as_deref(), Some("SELECT 1\nFROM t*\nLIMIT 1"));
    let (_, request) = sql_effect(&act(&mut app, Action::RunQuery));
    let SqlRequest::Run { sql, .. } = request else {
        panic!("{request:?}")
    };
    assert_eq!(sql, "SELECT 1\nFROM t*\nLIMIT 1");
    assert_eq!(app.context(), Context::Sql);
    assert_eq!(app.input_context(), Some(Context::SqlEditor));
}

/// A console with a result of `rows` rows shown.
fn with_a_result(app: &mut App, rows: u64) {
    act(app, Action::Sql);
    let (id, _) = sql_effect(&act(app, Action::RunQuery));
    let result = crate::jobs::QueryResult {
        columns: vec![("nom".into(), "VARCHAR".into())],
        rows,
        notes: Vec::new(),
    };
    update(
        app,
        event(id, JobEventKind::Finished(JobOutput::Query(result))),
    );
    assert!(app.input.is_none(), "the result has the keys");
}

#[test]
fn the_result_is_saved_to_the_file_named_masked_unless_the_console_is_unmasked() {
    let mut app = loaded();
    with_a_result(&mut app, 3);
    act(&mut app, Action::SaveResult);
    assert_eq!(app.input.as_deref(), Some("recette-sql-L2-1.csv"));
    assert_eq!(app.input_context(), None, "a file name: raw keys");
    update(&mut app, Msg::Input(InputKey::Tab));
    assert_eq!(app.input.as_deref(), Some("recette-sql-L2-1.xlsx"));
    let (id, request) = sql_effect(&update(&mut app, Msg::Input(InputKey::Enter)));
    let SqlRequest::Save(save) = request else {
        panic!("{request:?}")
    };
    assert_eq!(save.format, TableFormat::Xlsx);
    assert!(save.masked);
    assert!(app.input.is_none());
    assert_eq!(
        app.notice,
        Some(Notice::Saving("recette-sql-L2-1.xlsx".into()))
    );
    update(
        &mut app,
        event(
            id,
            JobEventKind::Finished(JobOutput::Saved(crate::jobs::Saved {
                path: "recette-sql-L2-1.xlsx".into(),
                rows: 3,
                masked: true,
            })),
        ),
    );
    assert!(matches!(app.notice, Some(Notice::Written { rows: 3, .. })));
    // Started `--unmasked`: the next one is not masked (the worker journals it); Esc
    // cancels a name being typed.
    app.unmasked = true;
    act(&mut app, Action::SaveResult);
    assert_eq!(app.input.as_deref(), Some("recette-sql-L2-2.csv"));
    let (_, request) = sql_effect(&update(&mut app, Msg::Input(InputKey::Enter)));
    assert!(matches!(request, SqlRequest::Save(ref s) if !s.masked));
    act(&mut app, Action::SaveResult);
    update(&mut app, Msg::Input(InputKey::Esc));
    assert!(app.input.is_none() && app.sql().unwrap().save.is_none());
}

/// The explorer on `status`'s rows of the pattern, its first window in.
fn on_rows(app: &mut App) {
    act(app, Action::Enter);
    act(app, Action::Down);
    act(app, Action::Down);
    act(app, Action::Enter);
    act(app, Action::Enter);
    let (id, query) = fetched_rows(&act(app, Action::Enter));
    let rows = (0..3)
        .map(|i| WindowRow {
            key: vec![Some(format!("80000{i}"))],
            cells: vec![Some("planned".into()), Some("prescribed".into())],
        })
        .collect();
    update(
        app,
        event(
            id,
            JobEventKind::Finished(JobOutput::Window(Box::new(Window { query, rows }))),
        ),
    );
}

fn table(app: &App) -> &RowsTable {
    match app.explorer().unwrap().level() {
        Level::Rows { table, .. } => table,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_rows_table_sorts_by_the_column_under_its_cursor_and_back_to_the_keys_order() {
    let mut app = loaded();
    on_rows(&mut app);
    // Key, expected, migrated: the cursor stops at the last.
    for _ in 0..5 {
        act(&mut app, Action::Right);
    }
    assert_eq!(table(&app).column, 2);
    let (_, query) = fetched_rows(&act(&mut app, Action::SortDescending));
    assert_eq!(
        query.order,
        Some(RowsOrder {
            column: 2,
            descending: true
        })
    );
    assert_eq!(query.anchor, Anchor::Start);
    assert!(!table(&app).loaded);
    let (_, query) = fetched_rows(&act(&mut app, Action::SortDescending));
    assert_eq!(query.order, None, "again: the keys' order");
    // ← moves the cursor; from the first column it goes back.
    act(&mut app, Action::Left);
    act(&mut app, Action::Left);
    assert_eq!(table(&app).column, 0);
    act(&mut app, Action::Left);
    assert!(matches!(
        app.explorer().unwrap().level(),
        Level::Patterns { .. }
    ));
}

#[test]
fn a_columns_frequencies_list_its_values_and_one_opens_its_rows() {
    let mut app = loaded();
    on_rows(&mut app);
    act(&mut app, Action::Right);
    act(&mut app, Action::Right);
    let effects = act(&mut app, Action::Frequency);
    let [
        Effect::Fetch {
            id,
            request: PagerRequest::Frequency { column, .. },
        },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(*column, 2);
    update(
        &mut app,
        event(
            *id,
            JobEventKind::Finished(JobOutput::Frequency(Frequency {
                values: vec![(Some("prescribed".into()), 2), (None, 1)],
                distinct: 2,
                rows: 3,
            })),
        ),
    );
    assert_eq!(app.explorer().unwrap().labels(), ["prescribed", "∅"]);
    act(&mut app, Action::Down);
    let (_, query) = fetched_rows(&act(&mut app, Action::Enter));
    assert_eq!(
        query.only,
        [crate::jobs::RowsOnly {
            column: 2,
            value: None
        }]
    );
    assert_eq!(table(&app).total, Some(1), "the value's count");
    let Level::Rows { of, .. } = app.explorer().unwrap().level() else {
        panic!()
    };
    assert!(matches!(
        of,
        RowsOf::Only {
            column: 2,
            value: None,
            ..
        }
    ));
    // Back: the frequencies, then the table as it was.
    act(&mut app, Action::Back);
    act(&mut app, Action::Back);
    assert_eq!(table(&app).column, 2);
}

/// `loaded()` with `status`'s differences diagnosed: 2 keys of `mapping`, 1 `duplicate`.
fn with_causes() -> App {
    use crate::domain::causes::{Cause, CauseKind};
    let mut app = loaded();
    if let Some(ResourceOutcome::Reconciled(r)) = app.overview.as_mut().map(|o| &mut o.resources[0])
    {
        let cause = |kind: CauseKind, rows: u64, patterns: Vec<Pattern>| {
            // A mapping's table lists its pairs: what tells a pair of it from another.
            let detail = match kind {
                CauseKind::Mapping => serde_json::json!({ "mapping": [
                    { "expected": "planned", "delivered": "prescribed", "keys": 2 }
                ] }),
                _ => serde_json::json!({}),
            };
            let mut c: Cause = serde_json::from_value(serde_json::json!({
                "kind": kind.name(), "rows": rows, "detail": detail, "patterns": [], "suggestion": ""
            }))
            .unwrap();
            c.patterns = patterns;
            c
        };
        r.reconciled.report.columns[0].causes = vec![
            cause(
                CauseKind::Mapping,
                2,
                vec![Pattern {
                    expected: Some("planned".into()),
                    migrated: Some("prescribed".into()),
                    rows: 2,
                }],
            ),
            cause(CauseKind::Duplicate, 1, Vec::new()),
        ];
    }
    app
}

#[test]
fn a_diagnosed_column_opens_on_its_causes_and_a_cause_on_its_patterns_and_rows() {
    use crate::domain::causes::CauseKind;
    let mut app = with_causes();
    act(&mut app, Action::Enter);
    act(&mut app, Action::Down);
    act(&mut app, Action::Down);
    act(&mut app, Action::Enter);
    act(&mut app, Action::Enter);
    assert!(matches!(
        app.explorer().unwrap().level(),
        Level::Causes { column, .. } if column == "status"
    ));
    // Largest first, then every row of the column.
    assert_eq!(app.explorer().unwrap().labels().len(), 3);
    act(&mut app, Action::Enter);
    let Level::Patterns { cause, .. } = app.explorer().unwrap().level() else {
        panic!()
    };
    assert_eq!(*cause, Some(CauseKind::Mapping));
    assert_eq!(
        app.explorer().unwrap().labels(),
        ["planned → prescribed", ""]
    );
    // Its rows: those of the cause, counted as the cause counts them.
    act(&mut app, Action::Down);
    let (_, query) = fetched_rows(&act(&mut app, Action::Enter));
    assert!(matches!(
        query.filter(),
        Some(RowsFilter::Cause { slot: 1, kind: CauseKind::Mapping, causes }) if causes.len() == 2
    ));
    assert_eq!(table(&app).total, Some(2));
}

#[test]
fn a_records_differing_cell_says_its_cause() {
    use crate::domain::causes::CauseKind;
    let app = with_causes();
    let report = &app.current_overview().unwrap().resources[0]
        .reconciled()
        .unwrap()
        .reconciled
        .report;
    let cell = |expected: &str, migrated: &str, differs| RecordCell {
        column: "status".into(),
        differs,
        expected: Some(expected.into()),
        migrated: Some(migrated.into()),
    };
    let of = |c: &RecordCell| super::explorer::cause_of_cell(report, c);
    assert_eq!(
        of(&cell("planned", "prescribed", true)),
        Some(CauseKind::Mapping)
    );
    assert_eq!(
        of(&cell("Grégoire", "GrÃ©goire", true)),
        Some(CauseKind::Encoding)
    );
    assert_eq!(
        of(&cell("planned", "planned", true)),
        Some(CauseKind::Duplicate),
        "a key held twice"
    );
    assert_eq!(of(&cell("planned", "planned", false)), None);
    let planned_on = RecordCell {
        column: "planned_on".into(),
        ..cell("2024-01-01", "2024-01-02", true)
    };
    assert_eq!(of(&planned_on), None, "a column not diagnosed");
    // The record view draws a line under each cell that says its cause: scrolling reaches
    // the last source value below them.
    let view = RecordView {
        resource: "visit".into(),
        key: vec![Some("1".into())],
        category: Some("differing".into()),
        cells: vec![
            cell("planned", "prescribed", true),
            cell("planned", "planned", false),
            planned_on,
        ],
        source: vec![("statut".into(), Some("P".into()))],
    };
    assert_eq!(
        super::explorer::record_line_count(&view, 1, report),
        1 + 3 + 1 + 2
    );
}
