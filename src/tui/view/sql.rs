//! The SQL console: the query editor on top, the result below in a window-only table whose
//! columns are as wide as what they show (up to a limit) and scroll sideways when they do
//! not fit. Values go through `clean` like every value from data.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, Wrap};

use super::{Ui, clean};
use crate::app::explorer::shown;
use crate::app::sql::EDITOR_ROWS;
use crate::app::{App, SqlResult, SqlScreen};
use crate::domain::i18n::fill;

/// The widest a column gets; longer values are cut with `…`.
const MAX_COLUMN: usize = 32;

const SPINNER: [&str; 4] = ["◐", "◓", "◑", "◒"];

pub fn draw(frame: &mut Frame, area: Rect, app: &App, screen: &SqlScreen, ui: &Ui) {
    let [editor, result] =
        Layout::vertical([Constraint::Length(EDITOR_ROWS), Constraint::Min(3)]).areas(area);
    draw_editor(frame, editor, app, screen, ui);
    draw_result(frame, result, app, screen, ui);
}

fn draw_editor(frame: &mut Frame, area: Rect, app: &App, screen: &SqlScreen, ui: &Ui) {
    let t = ui.text();
    let editing = app.input.is_some();
    let title = match app.sql_running() {
        Some(percent) => {
            let spin = SPINNER[ui.spinner % SPINNER.len()];
            let percent = percent
                .map(|p| format!("{spin} {p:.0} %"))
                .unwrap_or_else(|| spin.to_string());
            fill(t.sql_editor_running, &[&percent])
        }
        None => t.sql_editor.to_string(),
    };
    let border = if editing {
        ui.theme.focused_border()
    } else {
        Style::new()
    };
    let block = Block::bordered()
        .border_style(border)
        .title(Span::styled(format!(" {title} "), ui.theme.title()));
    let text = app.input.as_deref().unwrap_or(&screen.text);
    // The cursor is drawn between the characters, each part sanitised on its own.
    let shown = if editing {
        let at = text
            .char_indices()
            .nth(screen.cursor)
            .map_or(text.len(), |(i, _)| i);
        format!("{}▏{}", lines(&text[..at]), lines(&text[at..]))
    } else {
        lines(text)
    };
    // The cursor's line stays in view (lines counted by characters: close enough for
    // the few lines of a query).
    let width = usize::from(area.width.saturating_sub(2)).max(1);
    let at = text
        .char_indices()
        .nth(screen.cursor)
        .map_or(text.len(), |(i, _)| i);
    let before = lines(&text[..at]);
    let cursor_line = before
        .split('\n')
        .map(|l| l.chars().count() / width + 1)
        .sum::<usize>() as u16;
    let scroll = cursor_line.saturating_sub(EDITOR_ROWS - 2);
    frame.render_widget(
        Paragraph::new(shown)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(block),
        area,
    );
}

fn draw_result(frame: &mut Frame, area: Rect, app: &App, screen: &SqlScreen, ui: &Ui) {
    let t = ui.text();
    let delivery = app.delivery_id().unwrap_or("");
    let focused = app.input.is_none();
    let mut block = Block::bordered()
        .border_style(if focused {
            ui.theme.focused_border()
        } else {
            Style::new()
        })
        .title(Span::styled(
            format!(" {} ", fill(t.sql_title, &[&clean(delivery)])),
            ui.theme.title(),
        ));
    let message = |text: String, style: Style| {
        Paragraph::new(Span::styled(text, style)).wrap(Wrap { trim: false })
    };
    if let Some(error) = &screen.error {
        let text = fill(t.sql_error, &[&clean(error)]);
        frame.render_widget(message(text, ui.theme.bad()).block(block), area);
        return;
    }
    let Some(result) = &screen.result else {
        let text = if app.current_overview().is_none() {
            t.sql_not_ready
        } else {
            t.sql_tables
        };
        frame.render_widget(message(text.into(), ui.theme.muted()).block(block), area);
        return;
    };
    // Notes first (views that could not be made...), the table below them.
    let area = if result.notes.is_empty() {
        area
    } else {
        let lines: Vec<Line> = result
            .notes
            .iter()
            .map(|n| Line::from(Span::styled(format!("⚠ {}", clean(n)), ui.theme.bad())))
            .collect();
        let height = (lines.len() as u16).min(area.height / 3).max(1);
        let [notes, rest] =
            Layout::vertical([Constraint::Length(height), Constraint::Min(3)]).areas(area);
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), notes);
        rest
    };
    let table = &result.table;
    let total = table.total.unwrap_or(0);
    let mut footer = format!(
        "{} · {}",
        t.count(t.n_rows, total),
        t.count(t.n_columns, result.columns.len() as u64)
    );
    if let Some(p) = table.position().filter(|_| !table.rows.is_empty()) {
        footer = format!(
            "{} · {footer}",
            fill(t.position, &[&p.to_string(), &total.to_string()])
        );
    }
    let page = app.sql_page_rows();
    let end = (table.offset + page).min(table.rows.len());
    let slice = table.rows.get(table.offset..end).unwrap_or(&[]);
    let columns = visible_columns(result, slice, usize::from(area.width.saturating_sub(2)));
    if columns.len() < result.columns.len() {
        let (first, last) = (
            columns.first().map_or(0, |(c, _)| *c) + 1,
            columns.last().map_or(0, |(c, _)| *c) + 1,
        );
        footer.push_str(" · ");
        footer.push_str(&fill(
            t.sql_columns_hidden,
            &[
                &first.to_string(),
                &last.to_string(),
                &result.columns.len().to_string(),
            ],
        ));
    }
    block = block.title_bottom(Line::from(format!(" {footer} ")).right_aligned());
    if table.rows.is_empty() {
        let text = if table.loaded { t.no_rows } else { t.loading };
        frame.render_widget(message(text.into(), ui.theme.muted()).block(block), area);
        return;
    }
    let header = Row::new(
        columns
            .iter()
            .map(|(c, _)| {
                let name = cut(&clean(&result.columns[*c].0), MAX_COLUMN);
                if is_numeric(&result.columns[*c].1) {
                    Cell::from(Line::from(name).right_aligned())
                } else {
                    Cell::from(name)
                }
            })
            .collect::<Vec<_>>(),
    )
    .style(ui.theme.header());
    // Numbers are right-aligned, as in a spreadsheet.
    let numeric: Vec<bool> = columns
        .iter()
        .map(|(c, _)| is_numeric(&result.columns[*c].1))
        .collect();
    let rows = slice.iter().enumerate().map(|(n, row)| {
        let cells: Vec<Cell> = columns
            .iter()
            .zip(&numeric)
            .map(|((c, _), &right)| {
                let text = cut(&shown(row.cells.get(*c).unwrap_or(&None)), MAX_COLUMN);
                if right {
                    Cell::from(Line::from(text).right_aligned())
                } else {
                    Cell::from(text)
                }
            })
            .collect();
        let row = Row::new(cells);
        if table.offset + n == table.selected {
            row.style(ui.theme.selected())
        } else {
            row
        }
    });
    let widths: Vec<Constraint> = columns
        .iter()
        .map(|(_, w)| Constraint::Length(*w as u16))
        .collect();
    frame.render_widget(
        Table::new(rows, widths)
            .header(header)
            .block(block)
            .column_spacing(2),
        area,
    );
}

/// A query as typed: its line breaks kept as lines, every other control character escaped.
fn lines(text: &str) -> String {
    crate::domain::text::for_terminal_lines(text).into_owned()
}

/// DuckDB's number types (`BIGINT`, `DECIMAL(18,3)`, `DOUBLE`...).
fn is_numeric(column_type: &str) -> bool {
    let base = column_type.split('(').next().unwrap_or("");
    matches!(
        base,
        "TINYINT"
            | "SMALLINT"
            | "INTEGER"
            | "BIGINT"
            | "HUGEINT"
            | "UTINYINT"
            | "USMALLINT"
            | "UINTEGER"
            | "UBIGINT"
            | "UHUGEINT"
            | "FLOAT"
            | "DOUBLE"
            | "DECIMAL"
    )
}

/// The columns from the first one scrolled to that fit in `width`, with their widths (at
/// least one column, cut if it must be).
fn visible_columns(
    result: &SqlResult,
    rows: &[crate::jobs::WindowRow],
    width: usize,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut used = 0;
    for c in result.first_column..result.columns.len() {
        let header = result.columns[c].0.chars().count();
        let widest = rows
            .iter()
            .map(|r| shown(r.cells.get(c).unwrap_or(&None)).chars().count())
            .max()
            .unwrap_or(0);
        let w = header.max(widest).clamp(1, MAX_COLUMN);
        if !out.is_empty() && used + w > width {
            break;
        }
        out.push((c, w.min(width.max(1))));
        used += w + 2;
    }
    out
}

fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}
