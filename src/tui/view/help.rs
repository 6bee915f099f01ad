//! The help: every binding of the screen under it, then the global ones, from the keymap.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Clear, Row, Table};

use super::Ui;
use crate::app::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, ui: &Ui) {
    let t = ui.text();
    let mut rows = Vec::new();
    for b in ui.keymap.bindings(app.screen_context()) {
        rows.push(Row::new(vec![
            b.keys_label(ui.lang),
            b.desc(ui.lang).to_string(),
        ]));
    }
    rows.push(Row::new(vec![String::new(), String::new()]));
    rows.push(Row::new(vec![t.help_global.to_string(), String::new()]).style(ui.theme.header()));
    for b in ui.keymap.global() {
        rows.push(Row::new(vec![
            b.keys_label(ui.lang),
            b.desc(ui.lang).to_string(),
        ]));
    }
    let header = Row::new(vec![t.h_keys_pressed, t.h_does]).style(ui.theme.header());
    let block = Block::bordered()
        .border_style(ui.theme.focused_border())
        .title(Span::styled(format!(" {} ", t.help), ui.theme.title()));
    frame.render_widget(Clear, area);
    frame.render_widget(
        Table::new(
            rows,
            [Constraint::Percentage(30), Constraint::Percentage(70)],
        )
        .header(header)
        .block(block)
        .column_spacing(2),
        area,
    );
}
