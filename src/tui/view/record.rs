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
use crate::domain::report::KeyValue;
use crate::jobs::RecordView;
use crate::tui::i18n::{Catalogue, fill};

pub fn category_label(t: &Catalogue, category: Option<&str>) -> &'static str {
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

    let rows = record_rows(view, &explorer.target.resource.key, &record.key, ui);
    frame.render_widget(
        record_table(rows, record.scroll, app.page_rows(), block, ui),
        area,
    );
}

/// Every line of a record: the key columns, each column expected beside migrated (`≠` and
/// highlighted where it differs), then the raw source values.
pub fn record_rows<'a>(
    view: &'a RecordView,
    key_names: &'a [String],
    key: &'a KeyValue,
    ui: &Ui,
) -> Vec<Row<'a>> {
    let t = ui.text();
    let theme = ui.theme;
    let mut rows: Vec<Row> = Vec::new();
    // The key columns first: equal on both sides by definition.
    for (name, value) in key_names.iter().zip(key) {
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
                Cell::from(value_or_null(t, &cell.expected)),
                Cell::from(value_or_null(t, &cell.migrated)),
            ]));
        }
    }
    // The raw source values the expected ones come from.
    if !view.source.is_empty() {
        rows.push(Row::new(vec![Cell::from(Span::styled(
            format!("— {} —", t.source_values),
            theme.muted(),
        ))]));
        for (column, value) in &view.source {
            rows.push(Row::new(vec![
                Cell::from(Span::styled(format!("  {}", clean(column)), theme.muted())),
                Cell::from(value_or_null(t, value)),
                Cell::from(""),
            ]));
        }
    }
    rows
}

/// The record's lines from `scroll`, `page` of them, under the three column titles.
pub fn record_table<'a>(
    rows: Vec<Row<'a>>,
    scroll: usize,
    page: usize,
    block: Block<'a>,
    ui: &Ui,
) -> Table<'a> {
    let t = ui.text();
    let theme = ui.theme;
    let rows: Vec<Row> = rows.into_iter().skip(scroll).take(page).collect();
    let header =
        Row::new(vec![t.h_column, t.h_value_expected, t.h_value_migrated]).style(theme.header());
    let widths = [
        Constraint::Percentage(30),
        Constraint::Percentage(35),
        Constraint::Percentage(35),
    ];
    Table::new(rows, widths)
        .header(header)
        .block(block)
        .column_spacing(2)
}

fn value_or_null(t: &Catalogue, value: &Option<String>) -> String {
    match value {
        Some(v) => clean(v),
        None => t.null.to_string(),
    }
}
