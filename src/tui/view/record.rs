//! One record side by side: every compared column, expected beside migrated, differing
//! cells flagged (`≠`, and styled so that it shows with or without colour).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table};

use super::explorer::key_text;
use super::{Ui, clean};
use crate::acceptance::cause_words;
use crate::app::explorer::{RecordLevel, shown};
use crate::app::{App, Explorer};
use crate::domain::campaign::Resource;
use crate::domain::i18n::{Catalogue, fill};
use crate::domain::report::{KeyValue, ResourceReport};
use crate::domain::rows::RecordCell;
use crate::jobs::RecordView;

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
    let note = t.plural(
        t.record_note,
        differing as u64,
        &[
            category_label(t, view.category.as_deref()),
            &differing.to_string(),
            &view.cells.len().to_string(),
        ],
    );
    block = block.title_bottom(Span::raw(format!(" {note} ")));

    let rows = record_rows(
        view,
        &explorer.target.resource,
        explorer.report(),
        &record.key,
        &[],
        ui,
    );
    frame.render_widget(
        record_table(rows, record.scroll, app.page_rows(), block, area.width, ui),
        area,
    );
}

/// Every line of a record: the key columns, each column expected beside migrated (`≠` and
/// highlighted where it differs; `first` ones first, as a sample item asks), then the raw
/// source values. A column by its label, its technical name after it (what the SQL console
/// and `recette keys` take). A side that has no row for the key says so once (*absent de
/// la livraison*, *absent de la source*) instead of showing empty values. Each differing
/// cell says its cause (issue 14), as the column's causes in `report` classify its values.
pub fn record_rows<'a>(
    view: &'a RecordView,
    resource: &Resource,
    report: &ResourceReport,
    key: &'a KeyValue,
    first: &[String],
    ui: &Ui,
) -> RecordLines<'a> {
    let t = ui.text();
    let theme = ui.theme;
    let cause = |cell: &RecordCell| {
        crate::app::explorer::cause_of_cell(report, cell).map(|k| cause_words::label(t, k))
    };
    let (no_expected, no_migrated) = match view.category.as_deref() {
        Some("missing") => (false, true),
        Some("unexpected") => (true, false),
        _ => (false, false),
    };
    // The side without a row: said on the first line, blank below.
    let absent = |line: usize, side_absent: bool, text: &'static str| -> Option<Cell<'static>> {
        side_absent.then(|| match line {
            0 => Cell::from(Span::styled(text, theme.bad())),
            _ => Cell::from(""),
        })
    };
    let named = |column: &str| clean(&resource.column_with_name(t, column));
    let widest = resource
        .key
        .iter()
        .chain(view.cells.iter().map(|c| &c.column))
        .map(|c| named(c).chars().count() + 2)
        .max()
        .unwrap_or(0);
    let mut rows: Vec<Row> = Vec::new();
    // The key columns first: equal on both sides by definition.
    for (name, value) in resource.key.iter().zip(key) {
        let line = rows.len();
        rows.push(Row::new(vec![
            Cell::from(format!("  {}", named(name))),
            absent(line, no_expected, t.absent_from_source)
                .unwrap_or_else(|| Cell::from(shown(value))),
            absent(line, no_migrated, t.absent_from_delivery)
                .unwrap_or_else(|| Cell::from(shown(value))),
        ]));
    }
    for cell in crate::app::sample::ordered_cells(&view.cells, first) {
        let line = rows.len();
        if no_expected || no_migrated {
            let value = |v: &Option<String>| Cell::from(value_or_null(t, v));
            rows.push(Row::new(vec![
                Cell::from(format!("  {}", named(&cell.column))),
                absent(line, no_expected, t.absent_from_source)
                    .unwrap_or_else(|| value(&cell.expected)),
                absent(line, no_migrated, t.absent_from_delivery)
                    .unwrap_or_else(|| value(&cell.migrated)),
            ]));
        } else if cell.differs {
            rows.push(Row::new(vec![
                Cell::from(Span::styled(
                    format!("≠ {}", named(&cell.column)),
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
            // Its cause on a line of its own: a column for it would cut the values.
            if let Some(cause) = cause(cell) {
                rows.push(Row::new(vec![Cell::from(Span::styled(
                    format!("  ↳ {}", fill(t.cell_cause, &[cause])),
                    theme.differs(),
                ))]));
            }
        } else {
            rows.push(Row::new(vec![
                Cell::from(format!("  {}", named(&cell.column))),
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
    let absent = match (no_expected, no_migrated) {
        (true, _) => Some((false, t.absent_from_source.chars().count() as u16)),
        (_, true) => Some((true, t.absent_from_delivery.chars().count() as u16)),
        _ => None,
    };
    RecordLines {
        rows,
        names: widest as u16,
        absent,
    }
}

/// A record's lines, the width its column names take (labels and names), the side that
/// has no row (`true`: the delivery's) with the width of what it says.
pub struct RecordLines<'a> {
    pub rows: Vec<Row<'a>>,
    pub names: u16,
    pub absent: Option<(bool, u16)>,
}

/// The record's lines from `scroll`, `page` of them, under the three column titles. The
/// names take what they need, up to 45% of `width`; the values share the rest.
pub fn record_table<'a>(
    lines: RecordLines<'a>,
    scroll: usize,
    page: usize,
    block: Block<'a>,
    width: u16,
    ui: &Ui,
) -> Table<'a> {
    let t = ui.text();
    let theme = ui.theme;
    let absent = lines.absent;
    let rows: Vec<Row> = lines.rows.into_iter().skip(scroll).take(page).collect();
    let header =
        Row::new(vec![t.h_column, t.h_value_expected, t.h_value_migrated]).style(theme.header());
    let names = lines
        .names
        .max(t.h_column.chars().count() as u16)
        .min(width.saturating_sub(2) * 45 / 100);
    // A side without a row says so in full; the other side takes the rest.
    let widths = match absent {
        Some((true, w)) => [
            Constraint::Length(names),
            Constraint::Fill(1),
            Constraint::Length(w),
        ],
        Some((false, w)) => [
            Constraint::Length(names),
            Constraint::Length(w),
            Constraint::Fill(1),
        ],
        None => [
            Constraint::Length(names),
            Constraint::Fill(1),
            Constraint::Fill(1),
        ],
    };
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
