//! The SQL console, the integration engineer's free hand: a query typed over the loaded
//! data (stable names: `source.employee`, `result.contract`... see `docs/sql.md`), run on
//! the SQL worker, interruptible with `Esc`, its result in the same window-only table as
//! the explorer's rows. `↑`/`↓` in the editor walk the campaign's history. Pure state;
//! must not import `tui` or `duckdb`.

use super::table::RowsTable;
use super::{App, Effect, InputKey, Notice};
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
    /// The query the user waits for, and how far DuckDB says it is.
    pub running: Option<JobId>,
    /// Every query sent whose outcome has not come back, with its text. One left by `Esc`
    /// may still finish: its result is then the worker's last one, so it is shown too,
    /// keeping the screen and the worker on the same result.
    pub awaiting: Vec<(JobId, String)>,
    pub percent: Option<f64>,
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
            awaiting: Vec::new(),
            recalled: None,
            running: None,
            percent: None,
            result: None,
            error: None,
        }
    }
}

/// Opens the console with the editor focused.
pub(super) fn open(app: &mut App) -> Vec<Effect> {
    let screen = SqlScreen::new(&app.sql_history);
    app.input = Some(screen.text.clone());
    app.sql = Some(screen);
    Vec::new()
}

/// Back to the editor, the query as it was, typing at its end.
pub(super) fn edit(app: &mut App) {
    if let Some(screen) = app.sql.as_mut() {
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
    let Some(screen) = app.sql.as_mut() else {
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
        InputKey::Tab => {
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
    let (Some(screen), Some(text)) = (app.sql.as_mut(), app.input.as_mut()) else {
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
    let Some(screen) = app.sql.as_mut() else {
        return Vec::new();
    };
    if let Some(id) = screen.running.take() {
        screen.percent = None;
        app.notice = Some(Notice::Cancelled);
        return vec![Effect::Cancel(id)];
    }
    if app.input.is_some() && screen.result.is_some() {
        app.input = None;
    } else {
        app.input = None;
        app.sql = None;
    }
    Vec::new()
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
    let id = app.next_id();
    let mut effects = Vec::new();
    let Some(screen) = app.sql.as_mut() else {
        return effects;
    };
    if let Some(previous) = screen.running.replace(id) {
        effects.push(Effect::Cancel(previous));
    }
    screen.text = sql.clone();
    screen.awaiting.push((id, sql.clone()));
    screen.recalled = None;
    screen.error = None;
    screen.percent = None;
    // The history as the worker writes it: the query at the end, once.
    app.sql_history.retain(|q| q != &sql);
    app.sql_history.push(sql.clone());
    effects.push(Effect::Sql {
        id,
        request: SqlRequest::Run { sql, scope },
    });
    effects
}

/// Whether `id` is a query of the console whose outcome has not come back.
pub(super) fn awaits(app: &App, id: JobId) -> bool {
    app.sql
        .as_ref()
        .is_some_and(|s| s.awaiting.iter().any(|(a, _)| *a == id))
}

/// Takes query `id` off the awaited ones: its text, and whether the user was waiting for it.
fn settle(screen: &mut SqlScreen, id: JobId) -> Option<(String, bool)> {
    let n = screen.awaiting.iter().position(|(a, _)| *a == id)?;
    let (_, sql) = screen.awaiting.remove(n);
    let waited = screen.running == Some(id);
    if waited {
        screen.running = None;
        screen.percent = None;
    }
    Some((sql, waited))
}

/// A query's result: shown, its first window asked for at once.
pub(super) fn finished(app: &mut App, id: JobId, result: QueryResult) -> Vec<Effect> {
    let Some(screen) = app.sql.as_mut() else {
        return Vec::new();
    };
    let Some((sql, waited)) = settle(screen, id) else {
        return Vec::new();
    };
    let query = RowsQuery {
        source: RowsSource::QueryResult,
        anchor: Anchor::Start,
        limit: super::table::WINDOW_ROWS,
    };
    screen.result = Some(SqlResult {
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
    ask_rows(app, Anchor::Start)
}

/// A query failed (`message`) or was interrupted (`None`); only the one the user waits for
/// says so.
pub(super) fn failed(app: &mut App, id: JobId, message: Option<String>) {
    let Some(screen) = app.sql.as_mut() else {
        return;
    };
    match (settle(screen, id), message) {
        (Some((_, true)), Some(message)) => {
            screen.error = Some(message);
            if app.input.is_none() {
                screen.cursor = screen.text.chars().count();
                app.input = Some(screen.text.clone());
            }
        }
        (Some((_, true)), None) => app.notice = Some(Notice::Cancelled),
        _ => {}
    }
}

/// A window of the result, read by the SQL worker.
pub(super) fn ask_rows(app: &mut App, anchor: Anchor) -> Vec<Effect> {
    let id = app.next_id();
    let Some(result) = app.sql.as_mut().and_then(|s| s.result.as_mut()) else {
        return Vec::new();
    };
    let query = result.table.ask(id, anchor);
    vec![Effect::Sql {
        id,
        request: SqlRequest::Rows(query),
    }]
}

/// Lines of the editor box (three lines of query and its borders) above the result.
pub const EDITOR_ROWS: u16 = 5;

impl App {
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
