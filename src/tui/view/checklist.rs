//! A resource's checklist: its items for the delivery shown with their verdict, the
//! measured value of automated items, earlier deliveries' verdicts, and the selected
//! item's details (who said it, when, the comment).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState, Wrap};

use super::{Ui, clean};
use crate::acceptance::ItemVerdict;
use crate::app::App;
use crate::domain::checklist::{Item, ItemKind};
use crate::tui::i18n::{Catalogue, fill};

pub fn verdict_label(t: &Catalogue, verdict: &str) -> &'static str {
    match verdict {
        "ok" => t.verdict_ok,
        "ko" => t.verdict_ko,
        "na" => t.verdict_na,
        "blocked" => t.verdict_blocked,
        _ => t.verdict_todo,
    }
}

fn kind_label(t: &Catalogue, kind: &str) -> &'static str {
    match kind {
        "automated" => t.kind_automated,
        "sample" => t.kind_sample,
        _ => t.kind_manual,
    }
}

fn verdict_style(ui: &Ui, verdict: &str) -> Style {
    match verdict {
        "ok" => ui.theme.good(),
        "ko" | "blocked" => ui.theme.bad(),
        _ => ui.theme.muted(),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, ui: &Ui) {
    let t = ui.text();
    let theme = ui.theme;
    let Some(screen) = &app.checklist else {
        return;
    };
    let delivery = app.delivery_id().unwrap_or_default();
    let title = fill(t.checklist_title, &[&clean(&screen.resource), delivery]);
    let block = Block::bordered()
        .border_style(theme.focused_border())
        .title(Span::styled(format!(" {title} "), theme.title()));
    let items = app.checklist_items();
    if let Some(error) = app.checklist_error() {
        // The resource could not be reconciled on this delivery: say why.
        let text = fill(
            t.resource_failed,
            &[&clean(&screen.resource), &clean(error)],
        );
        frame.render_widget(
            Paragraph::new(Span::styled(text, theme.bad()))
                .wrap(Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    }
    if items.is_empty() {
        let text = if app.current_overview().is_some() {
            t.no_items
        } else {
            t.waiting
        };
        frame.render_widget(
            Paragraph::new(Span::styled(text, theme.muted())).block(block),
            area,
        );
        return;
    }
    let [top, bottom] = Layout::vertical([Constraint::Min(4), Constraint::Length(6)]).areas(area);
    let rows = items.iter().map(|i| {
        Row::new(vec![
            Cell::from(clean(&i.label)),
            Cell::from(kind_label(t, i.kind)),
            Cell::from(Span::styled(
                verdict_label(t, i.verdict),
                verdict_style(ui, i.verdict),
            )),
            Cell::from(clean(i.measured.as_deref().unwrap_or(""))),
            Cell::from(i.history.join(" ")),
        ])
    });
    let header = Row::new([t.h_item, t.h_kind, t.h_verdict, t.h_measured, t.h_history])
        .style(theme.header());
    let widths = [
        Constraint::Min(20),
        Constraint::Length(7),
        Constraint::Length(8),
        Constraint::Length(18),
        Constraint::Length(9),
    ];
    let mut state = TableState::default().with_selected(Some(screen.list.selected));
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .header(header)
            .block(block)
            .column_spacing(1)
            .row_highlight_style(theme.selected()),
        top,
        &mut state,
    );
    let item = app.checklist_item();
    let spec = item.and_then(|i| {
        app.checklist_target()
            .and_then(|r| r.items.iter().find(|d| d.id == i.item))
    });
    detail(frame, bottom, item, spec, ui);
}

/// The selected item: its id, who set its verdict and when, the comment, the computed
/// verdict of an automated item.
fn detail(frame: &mut Frame, area: Rect, item: Option<&ItemVerdict>, spec: Option<&Item>, ui: &Ui) {
    let t = ui.text();
    let mut lines: Vec<Line> = Vec::new();
    if let Some(i) = item {
        let mut head = vec![Span::styled(clean(&i.item), ui.theme.title())];
        if let (Some(author), Some(time)) = (&i.author, &i.time) {
            let said = fill(
                t.item_by,
                &[verdict_label(t, i.verdict), &clean(author), time],
            );
            head.push(Span::raw(format!(" · {said}")));
        }
        if let Some(computed) = i.computed {
            head.push(Span::styled(
                format!(
                    " · {}",
                    fill(t.item_computed, &[verdict_label(t, computed)])
                ),
                ui.theme.muted(),
            ));
        }
        lines.push(Line::from(head));
        match spec.map(|s| &s.kind) {
            Some(ItemKind::Automated { criterion }) => lines.push(Line::from(fill(
                t.item_criterion,
                &[
                    &clean(criterion.text()),
                    &clean(i.measured.as_deref().unwrap_or("")),
                ],
            ))),
            Some(ItemKind::Sample { size, seed, .. }) => lines.push(Line::from(fill(
                t.item_sample,
                &[&size.to_string(), &clean(seed)],
            ))),
            Some(ItemKind::Manual { question }) => lines.push(Line::from(clean(question))),
            None => {}
        }
        if let Some(comment) = &i.comment {
            lines.push(Line::from(format!("« {} »", clean(comment))));
        }
    }
    lines.push(Line::from(Span::styled(t.checklist_hint, ui.theme.muted())));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered()),
        area,
    );
}
