//! A resource's checklist: its items for the delivery shown with their verdict, the
//! criterion of automated items in words (`écarts sur Nom ≤ 0`), earlier deliveries'
//! verdicts, and the selected item's details (who said it, when, the comment, what was
//! measured).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState, Wrap};

use super::{Ui, clean};
use crate::acceptance::ItemVerdict;
use crate::app::{Action, App, ChecklistScreen, Context};
use crate::domain::checklist::{Item, ItemKind};
use crate::domain::criterion::Wording;
use crate::domain::i18n::fill;

fn verdict_style(ui: &Ui, verdict: &str) -> Style {
    match verdict {
        "ok" => ui.theme.good(),
        "ko" | "blocked" => ui.theme.bad(),
        _ => ui.theme.muted(),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, screen: &ChecklistScreen, ui: &Ui) {
    let t = ui.text();
    let theme = ui.theme;
    let delivery = app.delivery_id().unwrap_or_default();
    let resource = app.checklist_outcome().map(|o| o.resource());
    let label = clean(resource.map_or(screen.resource.as_str(), |r| r.label.as_str()));
    let title = fill(t.checklist_title, &[&label, delivery]);
    let block = Block::bordered()
        .border_style(theme.focused_border())
        .title(Span::styled(format!(" {title} "), theme.title()));
    let items = app.checklist_items();
    if let Some(error) = app.checklist_error() {
        // The resource could not be reconciled on this delivery: say why.
        let text = fill(t.resource_failed, &[&label, &clean(error)]);
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
    let target = app.checklist_target();
    let spec = |i: &ItemVerdict| target.and_then(|r| r.items.iter().find(|d| d.id == i.item));
    let measures: Vec<String> = items
        .iter()
        .map(|i| match (spec(i).map(|s| &s.kind), target) {
            (Some(ItemKind::Automated { criterion }), Some(r)) => {
                let label = |c: &str| r.resource.column_label(c).to_string();
                clean(&criterion.in_words(&Wording::Words { t, label: &label }))
            }
            // A review under way says how far it is (12/20).
            (Some(ItemKind::Sample { .. }), _) => match app.sample_progress(i) {
                Some((done, size)) if done > 0 => {
                    fill(t.sample_progress, &[&done.to_string(), &size.to_string()])
                }
                _ => String::new(),
            },
            _ => String::new(),
        })
        .collect();
    let rows = items.iter().zip(&measures).map(|(i, measure)| {
        Row::new(vec![
            Cell::from(clean(&i.label)),
            Cell::from(t.item_kind_short(i.kind)),
            Cell::from(Span::styled(
                t.verdict(i.verdict),
                verdict_style(ui, i.verdict),
            )),
            Cell::from(measure.clone()),
            Cell::from(i.history.join(" ")),
        ])
    });
    let header = Row::new([t.h_item, t.h_kind, t.h_verdict, t.h_measured, t.h_history])
        .style(theme.header());
    // The criterion in words takes what it needs, up to a third of the width.
    let measure_width = measures
        .iter()
        .map(|m| m.chars().count())
        .chain([t.h_measured.chars().count()])
        .max()
        .unwrap_or(0)
        .min(usize::from(area.width / 3)) as u16;
    let widths = [
        Constraint::Min(20),
        Constraint::Length(7),
        Constraint::Length(8),
        Constraint::Length(measure_width),
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
    detail(frame, bottom, item, item.and_then(spec), target, ui);
}

/// The selected item: its id, who set its verdict and when, the comment, the computed
/// verdict of an automated item.
fn detail(
    frame: &mut Frame,
    area: Rect,
    item: Option<&ItemVerdict>,
    spec: Option<&Item>,
    target: Option<&crate::jobs::ResourceOverview>,
    ui: &Ui,
) {
    let t = ui.text();
    let mut lines: Vec<Line> = Vec::new();
    if let Some(i) = item {
        let mut head = vec![Span::styled(clean(&i.item), ui.theme.title())];
        if let (Some(author), Some(time)) = (&i.author, &i.time) {
            let said = fill(t.item_by, &[t.verdict(i.verdict), &clean(author), time]);
            head.push(Span::raw(format!(" · {said}")));
        }
        if let Some(computed) = i.computed {
            head.push(Span::styled(
                format!(" · {}", fill(t.item_computed, &[t.verdict(computed)])),
                ui.theme.muted(),
            ));
        }
        lines.push(Line::from(head));
        match spec.map(|s| &s.kind) {
            Some(ItemKind::Automated { criterion }) => {
                let (said, measured) = match target {
                    Some(r) => {
                        let label = |c: &str| r.resource.column_label(c).to_string();
                        let words = Wording::Words { t, label: &label };
                        let measured = criterion.evaluate_in(&r.reconciled.report, &words);
                        (criterion.in_words(&words), measured.measured)
                    }
                    None => (criterion.text().to_string(), String::new()),
                };
                lines.push(Line::from(fill(
                    t.item_criterion,
                    &[&clean(&said), &clean(&measured)],
                )));
            }
            Some(ItemKind::Sample { size, seed, .. }) => lines.push(Line::from(t.plural(
                t.item_sample,
                *size as u64,
                &[&size.to_string(), &clean(seed)],
            ))),
            Some(ItemKind::Manual { question }) => lines.push(Line::from(clean(question))),
            None => {}
        }
        if let Some(comment) = &i.comment {
            lines.push(Line::from(format!("« {} »", clean(comment))));
        }
    }
    lines.push(super::chrome::keys_line(
        ui,
        Context::Checklist,
        &[
            Action::VerdictOk,
            Action::VerdictKo,
            Action::VerdictNa,
            Action::VerdictBlocked,
            Action::VerdictTodo,
            Action::Comment,
            Action::NewDefect,
            Action::NextTodo,
            Action::Signoff,
        ],
    ));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered()),
        area,
    );
}
