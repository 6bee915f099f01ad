//! One record side by side: every compared column, expected beside migrated, differing
//! cells flagged (`≠`, and styled so that it shows with or without colour).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table};

use super::explorer::key_text;
use super::{Ui, clean};
use crate::app::explorer::{RecordLevel, shown};
use crate::app::{App, Explorer};
use crate::tui::i18n::{Catalogue, fill};

fn category_label(t: &Catalogue, category: Option<&str>) -> &'static str {
    match category {
        Some("identical") => t.cat_identical,
        Some("differing") => t.cat_differing,
        Some("missing") => t.cat_missing,
        Some("unexpected") => t.cat_unexpected,
        Some("excluded_but_migrated") => t.cat_excluded_but_migrated,
        Some("excluded") => t.cat_excluded,
        _ => t.cat_unknown,
    }
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    explorer: &Explorer,
    record: &RecordLevel,
    ui: &Ui,
) {
    let t = ui.text();
    let theme = ui.theme;
    let title = fill(t.record, &[&key_text(&record.key)]);
    let mut block = Block::bordered()
        .border_style(theme.focused_border())
        .title(Span::styled(format!(" {title} "), theme.title()));
    let Some(view) = &record.view else {
        frame.render_widget(
            Paragraph::new(Span::styled(t.loading, theme.muted())).block(block),
            area,
        );
        return;
    };
    let differing = view.cells.iter().filter(|c| c.differs).count();
    let note = fill(
        t.record_note,
        &[
            category_label(t, view.category.as_deref()),
            &differing.to_string(),
            &view.cells.len().to_string(),
        ],
    );
    block = block.title_bottom(Span::raw(format!(" {note} ")));

    let mut rows: Vec<Row> = Vec::new();
    // The key columns first: equal on both sides by definition.
    for (name, value) in explorer.target.resource.key.iter().zip(&record.key) {
        rows.push(Row::new(vec![
            Cell::from(format!("  {}", clean(name))),
            Cell::from(shown(value)),
            Cell::from(shown(value)),
        ]));
    }
    for cell in &view.cells {
        if cell.differs {
            rows.push(Row::new(vec![
                Cell::from(Span::styled(
                    format!("≠ {}", clean(&cell.column)),
                    theme.differs(),
                )),
                Cell::from(Span::styled(
                    value_or_null(t, &cell.expected),
                    theme.differs(),
                )),
                Cell::from(Span::styled(
                    value_or_null(t, &cell.migrated),
                    theme.differs(),
                )),
            ]));
        } else {
            rows.push(Row::new(vec![
                Cell::from(format!("  {}", clean(&cell.column))),
                Cell::from(Span::styled(t.identical, theme.muted())),
                Cell::from(Span::styled(t.identical, theme.muted())),
            ]));
        }
    }
    let page = app.page_rows();
    let rows: Vec<Row> = rows.into_iter().skip(record.scroll).take(page).collect();
    let header =
        Row::new(vec![t.h_column, t.h_value_expected, t.h_value_migrated]).style(theme.header());
    let widths = [
        Constraint::Percentage(30),
        Constraint::Percentage(35),
        Constraint::Percentage(35),
    ];
    frame.render_widget(
        Table::new(rows, widths)
            .header(header)
            .block(block)
            .column_spacing(2),
        area,
    );
}

fn value_or_null(t: &Catalogue, value: &Option<String>) -> String {
    match value {
        Some(v) => clean(v),
        None => t.null.to_string(),
    }
}
