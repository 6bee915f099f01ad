//! The help: every binding of the screen under it, then the global ones, from the keymap;
//! then what the symbols of that screen mean (`✓4 ↺6`, `0/1/2`, `≠`). Below the bindings
//! when the height allows, beside them otherwise.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Clear, Paragraph, Row, Table, Wrap};

use super::Ui;
use crate::app::{Action, App, Context};
use crate::tui::keymap::Binding;

/// The moves, shown on one line of the help.
const MOVES: [Action; 6] = [
    Action::Up,
    Action::Down,
    Action::PageUp,
    Action::PageDown,
    Action::Top,
    Action::Bottom,
];
use crate::domain::i18n::Catalogue;

/// What the symbols of a screen mean, one line each.
pub fn symbols(t: &Catalogue, context: Context) -> Vec<&'static str> {
    match context {
        Context::Home => vec![
            t.sym_counts,
            t.sym_checks,
            t.sym_trend,
            t.sym_trend_same,
            t.sym_defects,
        ],
        Context::Checklist => vec![t.sym_verdicts, t.sym_history],
        Context::Record | Context::Sample => vec![t.sym_differs, t.sym_null],
        Context::Summary | Context::DefectForm => Vec::new(),
        Context::Rows | Context::Explorer => vec![t.sym_null],
        _ => Vec::new(),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, ui: &Ui) {
    let t = ui.text();
    let context = app.screen_context();
    let mut rows = Vec::new();
    // The moves (a line, a page, either end) take one line: the same on every screen.
    let (moves, others): (Vec<&Binding>, Vec<&Binding>) = ui
        .keymap
        .bindings(context)
        .iter()
        .partition(|b| MOVES.contains(&b.run));
    let mut keys_width = t.h_keys_pressed.chars().count();
    for b in others.iter().copied().chain(ui.keymap.global()) {
        keys_width = keys_width.max(b.keys_label(ui.lang).chars().count());
    }
    if !moves.is_empty() {
        let keys: Vec<String> = moves.iter().map(|b| b.keys_label(ui.lang)).collect();
        rows.push(Row::new(vec![
            Cell::from(format!("{}  {}", keys.join(" "), t.help_moves)).column_span(2),
        ]));
    }
    for b in others {
        rows.push(Row::new(vec![
            Cell::from(b.keys_label(ui.lang)),
            Cell::from(b.desc(ui.lang).to_string()),
        ]));
    }
    rows.push(Row::new(vec![Cell::from(""), Cell::from("")]));
    rows.push(Row::new(vec![Cell::from(t.help_global), Cell::from("")]).style(ui.theme.header()));
    for b in ui.keymap.global() {
        rows.push(Row::new(vec![
            Cell::from(b.keys_label(ui.lang)),
            Cell::from(b.desc(ui.lang).to_string()),
        ]));
    }
    let header = Row::new(vec![t.h_keys_pressed, t.h_does]).style(ui.theme.header());
    let block = Block::bordered()
        .border_style(ui.theme.focused_border())
        .title(Span::styled(format!(" {} ", t.help), ui.theme.title()));
    frame.render_widget(Clear, area);
    let inside = block.inner(area);
    frame.render_widget(block, area);

    let symbols = symbols(t, context);
    let mut legend = vec![Line::from(Span::styled(t.symbols, ui.theme.header()))];
    legend.extend(symbols.iter().map(|s| Line::from(*s)));
    // Rows the bindings take (with their header), and the legend once wrapped at a width.
    let table_rows = rows.len() as u16 + 1;
    let legend_rows = |width: u16| -> u16 {
        let width = usize::from(width.max(1));
        legend
            .iter()
            .map(|l| l.width().max(1).div_ceil(width) as u16)
            .sum()
    };
    // The keys as wide as the widest, the descriptions the rest.
    let table = Table::new(
        rows,
        [Constraint::Length(keys_width as u16), Constraint::Fill(1)],
    )
    .header(header)
    .column_spacing(2);
    if symbols.is_empty() {
        frame.render_widget(table, inside);
        return;
    }
    let (keys, legend_area) = if table_rows + 1 + legend_rows(inside.width) <= inside.height {
        let [keys, _, below] = Layout::vertical([
            Constraint::Length(table_rows),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(inside);
        (keys, below)
    } else {
        let [keys, _, beside] = Layout::horizontal([
            Constraint::Percentage(62),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(inside);
        (keys, beside)
    };
    frame.render_widget(table, keys);
    frame.render_widget(
        Paragraph::new(legend).wrap(Wrap { trim: true }),
        legend_area,
    );
}
