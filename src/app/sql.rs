//! The SQL console, the integration engineer's free hand: a query typed over the loaded
//! data (stable names: `source.employee`, `result.contract`... see `docs/sql.md`), run on
//! the SQL worker, interruptible with `Esc`, its result in the same window-only table as
//! the explorer's rows. `↑`/`↓` in the editor walk the campaign's history. Pure state;
//! must not import `tui` or `duckdb`.

use super::stack::{Screen, ScreenId, Stack};
use super::table::RowsTable;
use super::{Action, App, Effect, InputKey, Notice, Purpose};
use crate::jobs::{Anchor, JobId, QueryResult, QueryScope, RowsQuery, RowsSource, SqlRequest};

/// What a newcomer finds typed in the editor: a query that answers something.
pub const FIRST_QUERY: &str =
    "SELECT category, count(*) AS keys FROM result.employee GROUP BY ALL ORDER BY keys DESC";

#[derive(Debug, Clone, PartialEq)]
pub struct SqlScreen {
    /// The query in the editor (kept while the result is browsed).
    pub text: String,
    /// Where typing goes in the editor's text (a character index; `App::input` is the text).
    pub cursor: usize,
    /// The history entry shown in the editor (`↑`/`↓`, an index in `App::sql_history`).
    pub recalled: Option<usize>,
    pub result: Option<SqlResult>,
    pub error: Option<String>,
}

/// The last result: what was run, its columns, and its rows a window at a time.
#[derive(Debug, Clone, PartialEq)]
pub struct SqlResult {
    pub sql: String,
    /// Name and DuckDB type of each column.
    pub columns: Vec<(String, String)>,
    /// What to know besides: views that could not be made, a history not written.
    pub notes: Vec<String>,
    pub table: RowsTable,
    /// The first column shown (`←`/`→` scroll wide results).
    pub first_column: usize,
}

impl SqlScreen {
    /// The editor holds the last query of `history`, or a first one that answers something.
    pub fn new(history: &[String]) -> SqlScreen {
        let text = history
            .last()
            .cloned()
            .unwrap_or_else(|| FIRST_QUERY.into());
        SqlScreen {
            cursor: text.chars().count(),
            text,
            recalled: None,
            result: None,
            error: None,
        }
    }
}

/// Opens the console with the editor focused.
pub(super) fn open(app: &mut App) -> Vec<Effect> {
    let screen = SqlScreen::new(&app.sql_history);
    app.input = Some(screen.text.clone());
    app.open(Screen::Sql(screen));
    Vec::new()
}

/// Back to the editor, the query as it was, typing at its end.
pub(super) fn edit(app: &mut App) {
    if let Some((_, screen)) = top(&mut app.screens) {
        screen.cursor = screen.text.chars().count();
        app.input = Some(screen.text.clone());
    }
}

/// The byte offset of character `at` of `text` (its end when past it).
fn byte_at(text: &str, at: usize) -> usize {
    text.char_indices().nth(at).map_or(text.len(), |(i, _)| i)
}

/// A key typed in the editor.
pub(super) fn on_input(app: &mut App, key: InputKey) -> Vec<Effect> {
    let history = &app.sql_history;
    let Some((_, screen)) = top(&mut app.screens) else {
        return Vec::new();
    };
    let text = app.input.get_or_insert_with(String::new);
    let len = text.chars().count();
    screen.cursor = screen.cursor.min(len);
    match key {
        InputKey::Char(c) => {
            text.insert(byte_at(text, screen.cursor), c);
            screen.cursor += 1;
        }
        InputKey::Backspace if screen.cursor > 0 => {
            screen.cursor -= 1;
            text.remove(byte_at(text, screen.cursor));
        }
        InputKey::Delete if screen.cursor < len => {
            text.remove(byte_at(text, screen.cursor));
        }
        InputKey::Backspace | InputKey::Delete => return Vec::new(),
        InputKey::Left | InputKey::Right | InputKey::Home | InputKey::End => {
            screen.cursor = match key {
                InputKey::Left => screen.cursor.saturating_sub(1),
                InputKey::Right => (screen.cursor + 1).min(len),
                InputKey::Home => 0,
                _ => len,
            };
            return Vec::new();
        }
        InputKey::Up | InputKey::Down => {
            let last = history.len();
            let at = match (key, screen.recalled) {
                (InputKey::Up, None) => last.checked_sub(1),
                (InputKey::Up, Some(i)) => Some(i.saturating_sub(1)),
                (_, Some(i)) if i + 1 < last => Some(i + 1),
                _ => None,
            };
            screen.recalled = at;
            *text = at
                .map(|i| history[i].clone())
                .unwrap_or_else(|| screen.text.clone());
            screen.cursor = text.chars().count();
            return Vec::new();
        }
        // Tab: to the result, the query kept.
        InputKey::Tab | InputKey::BackTab => {
            screen.text = text.clone();
            if screen.result.is_some() {
                app.input = None;
            }
            return Vec::new();
        }
        InputKey::Esc => return escape(app),
        InputKey::Enter => return run(app),
    }
    screen.text = text.clone();
    screen.recalled = None;
    Vec::new()
}

/// Text pasted into the editor, inserted at the cursor.
pub(super) fn paste(app: &mut App, pasted: &str) -> Vec<Effect> {
    let (Some((_, screen)), Some(text)) = (top(&mut app.screens), app.input.as_mut()) else {
        return Vec::new();
    };
    let at = screen.cursor.min(text.chars().count());
    text.insert_str(byte_at(text, at), pasted);
    screen.cursor = at + pasted.chars().count();
    screen.text = text.clone();
    screen.recalled = None;
    Vec::new()
}

/// `Esc`: stops the query under way; else leaves the editor for the result; else closes.
pub(super) fn escape(app: &mut App) -> Vec<Effect> {
    let Some((id, screen)) = top(&mut app.screens) else {
        return Vec::new();
    };
    let has_result = screen.result.is_some();
    if let Some(query) = stop_waiting(app, id) {
        app.notice = Some(Notice::Cancelled);
        return vec![Effect::Cancel(query)];
    }
    if app.input.is_some() && has_result {
        app.input = None;
    } else {
        app.input = None;
        app.close_top();
    }
    Vec::new()
}

/// The query of console `screen` the user waits for waits no more (a result it still
/// gives is shown all the same); its id, to cancel.
fn stop_waiting(app: &mut App, screen: ScreenId) -> Option<JobId> {
    let (id, _) = app
        .jobs
        .find(|p| matches!(p, Purpose::Query { screen: s, waited: true, .. } if *s == screen))?;
    if let Some(Purpose::Query {
        waited, percent, ..
    }) = app.jobs.get_mut(id)
    {
        *waited = false;
        *percent = None;
    }
    Some(id)
}

fn run(app: &mut App) -> Vec<Effect> {
    let sql = app.input.clone().unwrap_or_default().trim().to_string();
    if sql.is_empty() {
        return Vec::new();
    }
    let Some(scope) = app.query_scope() else {
        // The views need the delivery's results: the overview is still running.
        app.notice = Some(Notice::NotReady);
        return Vec::new();
    };
    let Some((screen_id, screen)) = top(&mut app.screens) else {
        return Vec::new();
    };
    screen.text = sql.clone();
    screen.recalled = None;
    screen.error = None;
    let mut effects: Vec<Effect> = stop_waiting(app, screen_id)
        .map(Effect::Cancel)
        .into_iter()
        .collect();
    let id = app.jobs.start(Purpose::Query {
        screen: screen_id,
        sql: sql.clone(),
        waited: true,
        percent: None,
    });
    // The history as the worker writes it: the query at the end, once.
    app.sql_history.retain(|q| q != &sql);
    app.sql_history.push(sql.clone());
    effects.push(Effect::Sql {
        id,
        request: SqlRequest::Run { sql, scope },
    });
    effects
}

/// A query's result: shown, its first window asked for at once.
pub(super) fn finished(
    app: &mut App,
    screen: ScreenId,
    sql: String,
    waited: bool,
    result: QueryResult,
) -> Vec<Effect> {
    let Some(Screen::Sql(console)) = app.screens.get_mut(screen) else {
        return Vec::new();
    };
    let query = RowsQuery {
        source: RowsSource::QueryResult,
        anchor: Anchor::Start,
        limit: super::table::WINDOW_ROWS,
    };
    console.result = Some(SqlResult {
        sql,
        columns: result.columns,
        notes: result.notes,
        table: RowsTable::new(query, Some(result.rows)),
        first_column: 0,
    });
    // The result has the focus (`e` goes back to the query), unless it is one the user
    // left with `Esc` and they are typing another.
    if waited {
        app.input = None;
    }
    ask_window(app, screen, Anchor::Start)
}

/// A query failed (`message`) or was interrupted (`None`); only the one the user waits for
/// says so.
pub(super) fn failed(app: &mut App, waited: bool, message: Option<String>) {
    if !waited {
        return;
    }
    let Some((_, screen)) = top(&mut app.screens) else {
        return;
    };
    match message {
        Some(message) => {
            screen.error = Some(message);
            if app.input.is_none() {
                screen.cursor = screen.text.chars().count();
                app.input = Some(screen.text.clone());
            }
        }
        None => app.notice = Some(Notice::Cancelled),
    }
}

/// A window of the result of the console on top, read by the SQL worker.
pub(super) fn ask_rows(app: &mut App, anchor: Anchor) -> Vec<Effect> {
    match top(&mut app.screens) {
        Some((id, _)) => ask_window(app, id, anchor),
        None => Vec::new(),
    }
}

/// A window of the result of console `screen` (the one asked before is superseded).
fn ask_window(app: &mut App, screen: ScreenId, anchor: Anchor) -> Vec<Effect> {
    let window = Purpose::Window { screen, level: 0 };
    app.jobs.forget(|p| *p == window);
    let id = app.jobs.start(window);
    let Some(Screen::Sql(console)) = app.screens.get_mut(screen) else {
        return Vec::new();
    };
    let Some(result) = console.result.as_mut() else {
        return Vec::new();
    };
    let query = result.table.ask(id, anchor);
    vec![Effect::Sql {
        id,
        request: SqlRequest::Rows(query),
    }]
}

/// The console on top of the stack, and its id.
fn top(screens: &mut Stack) -> Option<(ScreenId, &mut SqlScreen)> {
    let layer = screens.top_mut()?;
    match &mut layer.screen {
        Screen::Sql(s) => Some((layer.id, s)),
        _ => None,
    }
}

/// The SQL console's result: rows up and down, columns left and right.
pub(super) fn on_key(app: &mut App, action: Action) -> Vec<Effect> {
    let page = app.sql_page_rows();
    match action {
        Action::Back => return escape(app),
        Action::Edit => {
            edit(app);
            return Vec::new();
        }
        _ => {}
    }
    let Some(result) = top(&mut app.screens).and_then(|(_, s)| s.result.as_mut()) else {
        return Vec::new();
    };
    let anchor = match action {
        Action::Left => {
            result.first_column = result.first_column.saturating_sub(1);
            None
        }
        Action::Right => {
            if result.first_column + 1 < result.columns.len() {
                result.first_column += 1;
            }
            None
        }
        Action::Up => result.table.move_by(-1, page),
        Action::Down => result.table.move_by(1, page),
        Action::PageUp => result.table.move_by(-(page as isize), page),
        Action::PageDown => result.table.move_by(page as isize, page),
        Action::Top => result.table.top(page),
        Action::Bottom => result.table.to_end(page),
        _ => None,
    };
    match anchor {
        Some(anchor) => ask_rows(app, anchor),
        None => Vec::new(),
    }
}

/// Lines of the editor box (three lines of query and its borders) above the result.
pub const EDITOR_ROWS: u16 = 5;

impl App {
    /// Whether the SQL console waits for a query, and how far DuckDB says it is.
    pub fn sql_running(&self) -> Option<Option<f64>> {
        self.jobs.purposes().find_map(|p| match p {
            Purpose::Query {
                waited: true,
                percent,
                ..
            } => Some(*percent),
            _ => None,
        })
    }

    /// Rows the result table shows under the editor.
    pub fn sql_page_rows(&self) -> usize {
        usize::from(self.height.saturating_sub(super::CHROME_ROWS + EDITOR_ROWS)).max(1)
    }

    /// The views' scope: the delivery shown and its resources' result files.
    pub fn query_scope(&self) -> Option<QueryScope> {
        let overview = self.current_overview()?;
        Some(QueryScope {
            delivery: overview.delivery.clone(),
            results: overview
                .resources
                .iter()
                .filter_map(|r| r.reconciled())
                .map(|r| (r.resource.name.clone(), r.reconciled.files.clone()))
                .collect(),
        })
    }
}
