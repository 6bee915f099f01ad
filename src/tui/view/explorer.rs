//! The diff explorer's lists (categories, differing columns, value patterns) and its
//! window-only rows table: only the rows on screen are drawn, from the window the pager
//! fetched.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table};

use super::{Ui, clean};
use crate::acceptance::cause_words;
use crate::app::explorer::{PatternItem, categories, columns, patterns_of, shown};
use crate::app::{App, Explorer, Level, ListState, RowsOf, RowsTable};
use crate::domain::i18n::fill;
use crate::domain::report::{KeyCategory, KeyValue};

/// A key as `recette keys` prints it: parts joined by commas, NULL as `∅`.
pub fn key_text(key: &KeyValue) -> String {
    key.iter().map(shown).collect::<Vec<_>>().join(",")
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, explorer: &Explorer, ui: &Ui) {
    let t = ui.text();
    let report = explorer.report();
    let resource = &explorer.target.resource;
    // The explorer is where an engineer drills down: a column by its label and its name.
    let column_named = |column: &str| clean(&resource.column_with_name(t, column));
    match explorer.level() {
        Level::Categories(list) => {
            let items: Vec<Vec<String>> = categories(report)
                .into_iter()
                .map(|(c, n)| vec![t.category(c.name()).to_string(), n.to_string()])
                .collect();
            let labels = explorer.labels();
            list_table(
                frame,
                area,
                ui,
                t.categories,
                &[t.h_category, t.h_keys],
                items,
                &labels,
                list,
            );
        }
        Level::Columns(list) => {
            let items = columns(report)
                .into_iter()
                .map(|c| vec![column_named(&c.name), c.differing.to_string()])
                .collect();
            let labels = explorer.labels();
            list_table(
                frame,
                area,
                ui,
                t.columns,
                &[t.h_column, t.h_rows_differing],
                items,
                &labels,
                list,
            );
        }
        Level::Causes { column, list } => {
            super::causes::draw(frame, area, explorer, column, list, ui);
        }
        Level::Patterns {
            column,
            cause,
            list,
        } => {
            let items = report
                .column(column)
                .map(|c| {
                    patterns_of(c, *cause)
                        .into_iter()
                        .map(|p| match p {
                            PatternItem::Pattern(p) => {
                                vec![shown(&p.expected), shown(&p.migrated), p.rows.to_string()]
                            }
                            PatternItem::AllRows(n) => vec![
                                match cause {
                                    Some(_) => t.all_rows_of_cause.to_string(),
                                    None => fill(t.all_rows, &[&column_named(column)]),
                                },
                                String::new(),
                                n.to_string(),
                            ],
                        })
                        .collect()
                })
                .unwrap_or_default();
            let labels = explorer.labels();
            let title = match cause {
                Some(kind) => fill(
                    t.patterns_of_cause,
                    &[&column_named(column), cause_words::label(t, *kind)],
                ),
                None => fill(t.patterns, &[&column_named(column)]),
            };
            list_table(
                frame,
                area,
                ui,
                &title,
                &[t.h_pattern_expected, t.h_pattern_migrated, t.h_rows],
                items,
                &labels,
                list,
            );
        }
        Level::Rows { of, table } => rows_table(frame, area, app, explorer, of, table, ui),
        Level::Frequency {
            of,
            column,
            frequency,
            list,
            ..
        } => {
            let name = rows_headers(explorer, of, ui)
                .get(*column)
                .cloned()
                .unwrap_or_default();
            let Some(found) = frequency else {
                let block = Block::bordered()
                    .border_style(ui.theme.focused_border())
                    .title(Span::styled(format!(" {name} "), ui.theme.title()));
                frame.render_widget(
                    Paragraph::new(Span::styled(t.loading, ui.theme.muted())).block(block),
                    area,
                );
                return;
            };
            let title = fill(
                t.freq_title,
                &[
                    &name,
                    &t.count(t.n_values, found.distinct),
                    &t.count(t.n_rows, found.rows),
                ],
            );
            let title = if (found.values.len() as u64) < found.distinct {
                let shown_values = found.values.len() as u64;
                format!(
                    "{title} · {}",
                    fill(t.freq_cut, &[&shown_values.to_string()])
                )
            } else {
                title
            };
            let items = found
                .values
                .iter()
                .map(|(value, n)| {
                    let share = (*n as f64) * 100.0 / (found.rows.max(1) as f64);
                    vec![
                        shown(value),
                        format!("{} %", t.number((share * 10.0).round() / 10.0)),
                        n.to_string(),
                    ]
                })
                .collect();
            let labels = explorer.labels();
            list_table(
                frame,
                area,
                ui,
                &title,
                &[t.h_value, t.h_share, t.h_rows],
                items,
                &labels,
                list,
            );
        }
        Level::Record(record) => super::record::draw(frame, area, app, explorer, record, ui),
    }
}

/// A short list with its filter applied and the selection highlighted. The last column is
/// a count, right-aligned.
#[allow(clippy::too_many_arguments)]
pub fn list_table(
    frame: &mut Frame,
    area: Rect,
    ui: &Ui,
    title: &str,
    headers: &[&str],
    items: Vec<Vec<String>>,
    labels: &[String],
    list: &ListState,
) {
    let visible = list.visible(labels.iter().map(String::as_str));
    let last = headers.len() - 1;
    let rows = visible.iter().enumerate().map(|(shown, &i)| {
        let cells = items[i].iter().enumerate().map(|(c, text)| {
            if c == last {
                Cell::from(Line::from(text.clone()).right_aligned())
            } else {
                Cell::from(text.clone())
            }
        });
        let row = Row::new(cells.collect::<Vec<_>>());
        if shown == list.selected {
            row.style(ui.theme.selected())
        } else {
            row
        }
    });
    let mut widths: Vec<Constraint> = headers
        .iter()
        .take(last)
        .map(|_| Constraint::Fill(1))
        .collect();
    widths.push(Constraint::Length(16));
    let header_cells = headers.iter().enumerate().map(|(c, h)| {
        if c == last {
            Cell::from(Line::from(*h).right_aligned())
        } else {
            Cell::from(*h)
        }
    });
    let header = Row::new(header_cells.collect::<Vec<_>>()).style(ui.theme.header());
    let block = Block::bordered()
        .border_style(ui.theme.focused_border())
        .title(Span::styled(format!(" {title} "), ui.theme.title()));
    frame.render_widget(
        Table::new(rows, widths)
            .header(header)
            .block(block)
            .column_spacing(2),
        area,
    );
}

/// What a rows table lists, for its title.
fn rows_title(explorer: &Explorer, of: &RowsOf, ui: &Ui) -> String {
    let t = ui.text();
    let resource = &explorer.target.resource;
    match of {
        RowsOf::Category(c) => fill(t.rows_of_category, &[t.category(c.name())]),
        RowsOf::Column(c) => fill(t.rows_of_column, &[&clean(resource.column_label(c))]),
        RowsOf::Pattern {
            column,
            expected,
            migrated,
        } => fill(
            t.rows_of_pattern,
            &[
                &clean(resource.column_label(column)),
                &shown(expected),
                &shown(migrated),
            ],
        ),
        RowsOf::Cause { column, kind } => fill(
            t.rows_of_cause,
            &[
                &clean(resource.column_label(column)),
                cause_words::label(t, *kind),
            ],
        ),
        RowsOf::Only { of, column, value } => format!(
            "{} · {}",
            rows_title(explorer, of, ui),
            fill(
                t.rows_of_value,
                &[&rows_headers(explorer, of, ui)[*column], &shown(value)]
            )
        ),
    }
}

/// The headers of a rows table, in the order its columns are counted (`RowsOf::columns`):
/// the key's parts, then the two cells; rows with a NULL key first say their file and row.
pub fn rows_headers(explorer: &Explorer, of: &RowsOf, ui: &Ui) -> Vec<String> {
    let t = ui.text();
    let resource = &explorer.target.resource;
    let null_keys = *of.base() == RowsOf::Category(KeyCategory::NullKey);
    let mut headers: Vec<String> = Vec::new();
    if null_keys {
        headers.push(t.h_file.to_string());
        headers.push(t.h_file_row.to_string());
    }
    headers.extend(resource.key.iter().map(|k| clean(resource.column_label(k))));
    if !null_keys {
        let (first, second) = match of.base() {
            RowsOf::Category(_) => (t.h_rows_expected, t.h_rows_migrated),
            _ => (t.h_pattern_expected, t.h_pattern_migrated),
        };
        headers.push(first.to_string());
        headers.push(second.to_string());
    }
    headers
}

fn rows_table(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    explorer: &Explorer,
    of: &RowsOf,
    table: &RowsTable,
    ui: &Ui,
) {
    let t = ui.text();
    let resource = &explorer.target.resource;
    let mut title = rows_title(explorer, of, ui);
    // The order of a column, said in the title and by an arrow on its header.
    let headers = rows_headers(explorer, of, ui);
    if let Some(order) = table.query.order {
        let template = if order.descending {
            t.sorted_descending
        } else {
            t.sorted_ascending
        };
        let name = headers.get(order.column).cloned().unwrap_or_default();
        title = format!("{title} · {}", fill(template, &[&name]));
    }
    let position = match (table.position(), table.total) {
        _ if !table.loaded => t.loading.to_string(),
        _ if table.rows.is_empty() => t.no_rows.to_string(),
        (Some(p), Some(total)) => fill(t.position, &[&p.to_string(), &total.to_string()]),
        (Some(p), None) => fill(t.position, &[&p.to_string(), "?"]),
        (None, Some(total)) => fill(t.position, &["?", &total.to_string()]),
        (None, None) => fill(t.position, &["?", "?"]),
    };
    // Rows with a NULL key are rows, not keys: their file and row number, then the key.
    let null_keys = *of.base() == RowsOf::Category(KeyCategory::NullKey);
    let page = app.page_rows();
    let end = (table.offset + page).min(table.rows.len());
    let slice = table.rows.get(table.offset..end).unwrap_or(&[]);
    let rows = slice.iter().enumerate().map(|(n, r)| {
        let mut cells: Vec<Cell> = Vec::new();
        let mut values = r.cells.clone();
        if null_keys {
            // The side, as the name of its file.
            let file = match values.first().cloned().flatten().as_deref() {
                Some("source") => resource.source.file_name(),
                _ => std::path::Path::new(&resource.migrated).file_name(),
            };
            if let Some(first) = values.first_mut() {
                *first = file.map(|f| f.to_string_lossy().into_owned());
            }
        } else {
            cells.extend(r.key.iter().map(|k| Cell::from(shown(k))));
        }
        for value in &values {
            cells.push(Cell::from(shown(value)));
        }
        let row = Row::new(cells);
        if table.offset + n == table.selected {
            row.style(ui.theme.selected())
        } else {
            row
        }
    });
    let widths: Vec<Constraint> = headers.iter().map(|_| Constraint::Fill(1)).collect();
    // The column the cursor is on stands out; the sorted one carries its arrow.
    let header_cells: Vec<Cell> = headers
        .iter()
        .enumerate()
        .map(|(c, name)| {
            let arrow = match table.query.order {
                Some(o) if o.column == c && o.descending => " ▼",
                Some(o) if o.column == c => " ▲",
                _ => "",
            };
            let text = format!("{name}{arrow}");
            if !null_keys && c == table.column {
                Cell::from(Span::styled(text, ui.theme.selected()))
            } else {
                Cell::from(text)
            }
        })
        .collect();
    let header = Row::new(header_cells).style(ui.theme.header());
    let block = Block::bordered()
        .border_style(ui.theme.focused_border())
        .title(Span::styled(format!(" {title} "), ui.theme.title()))
        .title_bottom(
            Line::from(Span::styled(format!(" {position} "), Style::new())).right_aligned(),
        );
    if table.rows.is_empty() {
        let text = if table.loaded { t.no_rows } else { t.loading };
        frame.render_widget(
            Paragraph::new(Span::styled(text, ui.theme.muted())).block(block),
            area,
        );
        return;
    }
    frame.render_widget(
        Table::new(rows, widths)
            .header(header)
            .block(block)
            .column_spacing(2),
        area,
    );
}
