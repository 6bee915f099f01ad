//! The defects screen: the list (filtered with `/` and the filter keys, grouped on
//! demand), and the selected defect's details — where and by whom it was found, its records
//! and columns, the evidence, its history.

mod filters;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState, Wrap};

use super::sample::severity_label;
use super::{Ui, clean};
use crate::app::defect_filter::DefectLine;
use crate::app::{Action, App, Context, DefectsScreen};
use crate::domain::campaign::Resources;
use crate::domain::i18n::{Catalogue, fill};
use crate::journal::{DefectRecord, DefectStatus, Severity};

pub fn status_label(t: &Catalogue, status: &DefectStatus) -> String {
    match status {
        DefectStatus::Open => t.st_open.to_string(),
        DefectStatus::Fixed { delivery } => fill(t.st_fixed, &[&clean(delivery)]),
        DefectStatus::Verified => t.st_verified.to_string(),
        DefectStatus::Reopened => t.st_reopened.to_string(),
        DefectStatus::Rejected { .. } => t.st_rejected.to_string(),
    }
}

fn title(d: &DefectRecord) -> String {
    clean(
        d.details
            .get("title")
            .and_then(|v| v.as_str())
            .unwrap_or(""),
    )
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, screen: &DefectsScreen, ui: &Ui) {
    let t = ui.text();
    let theme = ui.theme;
    let lines = app.defect_lines();
    let shown = app.visible_defects().len();
    let all = app.all_defects();
    let block = Block::bordered()
        .border_style(theme.focused_border())
        .title(Span::styled(
            filters::title(&screen.filters, shown, all.len(), &app.overview, t),
            theme.title(),
        ));
    if all.is_empty() {
        let mut lines = vec![Line::from(Span::styled(t.no_defects, theme.muted()))];
        lines.extend(suggestions(app, screen, ui));
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(block),
            area,
        );
        return;
    }
    let [top, bottom] =
        Layout::vertical([Constraint::Percentage(45), Constraint::Min(6)]).areas(area);
    let block = block.title_bottom(filters::keys(ui));
    // The selected defect's line (header lines are counted, never selected).
    let selected_line = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| matches!(l, DefectLine::Defect(_)))
        .nth(screen.list.selected)
        .map(|(at, _)| at);
    let rows = lines.iter().map(|line| {
        let i = match line {
            DefectLine::Defect(i) => *i,
            DefectLine::Header { key, count } => {
                return Row::new([Cell::from(Span::styled(
                    filters::group_header(key, *count, &app.overview, t),
                    theme.header(),
                ))
                .column_span(5)]);
            }
        };
        let d = &all[i];
        let severity = if d.severity == Severity::Blocking {
            theme.bad()
        } else {
            ratatui::style::Style::new()
        };
        Row::new(vec![
            Cell::from(clean(&d.id)),
            Cell::from(Span::styled(severity_label(t, d.severity), severity)),
            Cell::from(status_label(t, &d.status)),
            Cell::from(clean(app.overview.resource_label(&d.resource))),
            Cell::from(title(d)),
        ])
    });
    let header =
        Row::new([t.h_id, t.h_severity, t.h_status, t.h_resource, t.h_title]).style(theme.header());
    let widths = [
        Constraint::Length(8),
        Constraint::Length(9),
        Constraint::Length(14),
        Constraint::Length(15),
        Constraint::Min(10),
    ];
    let mut state = TableState::default().with_selected(selected_line);
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .header(header)
            .block(block)
            .column_spacing(1)
            .row_highlight_style(theme.selected()),
        top,
        &mut state,
    );
    let mut lines: Vec<Line> = Vec::new();
    if shown == 0 {
        lines.push(Line::from(Span::styled(t.no_match, theme.muted())));
    }
    if let Some(d) = app.selected_defect() {
        lines.push(Line::from(Span::styled(
            fill(
                t.defect_found,
                &[
                    &clean(&d.id),
                    &clean(d.item.as_deref().unwrap_or("—")),
                    &clean(d.delivery.as_deref().unwrap_or("—")),
                    &clean(&d.author),
                ],
            ),
            theme.title(),
        )));
        let keys: Vec<String> = d
            .details
            .get("keys")
            .and_then(|k| k.as_array())
            .map(|ks| {
                ks.iter()
                    .map(|k| {
                        k.as_array()
                            .map(|parts| {
                                parts
                                    .iter()
                                    .map(|p| p.as_str().unwrap_or("∅").to_string())
                                    .collect::<Vec<_>>()
                                    .join(",")
                            })
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .unwrap_or_default();
        let columns: Vec<String> = d
            .details
            .get("columns")
            .and_then(|c| c.as_array())
            .map(|cs| {
                cs.iter()
                    .filter_map(|c| c.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let columns: Vec<&str> = columns
            .iter()
            .map(|c| app.overview.column_label(&d.resource, c))
            .collect();
        lines.push(Line::from(fill(
            t.defect_keys,
            &[&clean(&keys.join(" ")), &clean(&columns.join(", "))],
        )));
        // The evidence: each record's differing values at the time of the report.
        for record in d
            .details
            .get("evidence")
            .and_then(|e| e.as_array())
            .into_iter()
            .flatten()
            .take(3)
        {
            for diff in record
                .get("differences")
                .and_then(|x| x.as_array())
                .into_iter()
                .flatten()
            {
                let v = |name: &str| {
                    diff.get(name)
                        .and_then(|x| x.as_str())
                        .map(clean)
                        .unwrap_or_else(|| "∅".into())
                };
                let column = diff.get("column").and_then(|x| x.as_str()).unwrap_or("");
                let column = clean(app.overview.column_label(&d.resource, column));
                lines.push(Line::from(Span::styled(
                    format!("  {column} : {} → {}", v("expected"), v("migrated")),
                    theme.differs(),
                )));
            }
        }
        if !d.occurrences.is_empty() {
            lines.push(Line::from(
                t.count(t.defect_occurrences, d.occurrences.len() as u64),
            ));
        }
        for event in &d.history {
            let what = match (&event.status, &event.comment) {
                (Some(s), Some(c)) => format!("{} — {}", status_label(t, s), clean(c)),
                (Some(s), None) => status_label(t, s),
                (None, Some(c)) => clean(c),
                (None, None) => String::new(),
            };
            let reason = match &event.status {
                Some(DefectStatus::Rejected { reason }) => format!(" ({})", clean(reason)),
                _ => String::new(),
            };
            lines.push(Line::from(Span::styled(
                format!(
                    "{} {} : {what}{reason}",
                    event.time.format("%Y-%m-%d %H:%M"),
                    clean(&event.author)
                ),
                theme.muted(),
            )));
        }
    }
    lines.extend(suggestions(app, screen, ui));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered()),
        bottom,
    );
}

/// The value patterns of the last delivery no defect covers yet: defects to raise, perhaps.
/// The one selected is marked (highlighted while the keys move in them); how to choose one
/// and raise it, with the keys as bound.
fn suggestions<'a>(app: &'a App, screen: &DefectsScreen, ui: &Ui) -> Vec<Line<'a>> {
    let t = ui.text();
    let Some(overview) = &app.overview else {
        return Vec::new();
    };
    if overview.suggestions.is_empty() {
        return Vec::new();
    }
    let key = |action: Action| {
        ui.keymap
            .bindings(Context::Defects)
            .iter()
            .find(|b| b.run == action)
            .and_then(|b| b.on.first())
            .map(|k| k.label(ui.lang))
            .unwrap_or_default()
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(
            fill(t.suggestions, &[&clean(&overview.last_delivery)]),
            ui.theme.header(),
        ),
        Span::styled(
            format!(
                "  {}",
                fill(
                    t.suggestions_keys,
                    &[&key(Action::NextPane), &key(Action::NewDefect)]
                )
            ),
            ui.theme.muted(),
        ),
    ])];
    for (n, s) in overview.suggestions.iter().enumerate() {
        let v = |x: &Option<String>| x.as_deref().map(clean).unwrap_or_else(|| "∅".into());
        let chosen = n == screen.suggestion;
        let text = format!(
            "{} {} · {} : {} → {} ({})",
            if chosen { "▸" } else { " " },
            clean(overview.resource_label(&s.resource)),
            clean(overview.column_label(&s.resource, &s.column)),
            v(&s.expected),
            v(&s.migrated),
            t.count(t.n_rows, s.rows)
        );
        lines.push(if chosen && screen.on_suggestions {
            Line::from(Span::styled(text, ui.theme.selected()))
        } else {
            Line::from(text)
        });
    }
    lines
}
