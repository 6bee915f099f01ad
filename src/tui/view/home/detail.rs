//! The home screen's lower panel: the selected resource's counts, checklist, open defects,
//! differing columns and trend since the previous delivery, line by line; for a resource
//! that could not be reconciled, its whole error instead of the counts.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::super::{Ui, clean};
use crate::domain::report::KeyCategory;
use crate::jobs::{Overview, ResourceOutcome, ResourceOverview, Trend};
use crate::tui::i18n::fill;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    selected: Option<&ResourceOutcome>,
    overview: &Overview,
    ui: &Ui,
) {
    let t = ui.text();
    let mut lines = Vec::new();
    let mut title = t.detail.to_string();
    if let Some(r) = selected {
        let resource = r.resource();
        title = format!("{} — {}", clean(&resource.name), clean(&resource.label));
        match r {
            ResourceOutcome::Reconciled(r) => {
                counts(&mut lines, r, ui);
            }
            ResourceOutcome::Failed(f) => {
                lines.push(Line::from(Span::styled(
                    fill(t.detail_failed, &[&clean(&overview.delivery)]),
                    ui.theme.bad(),
                )));
                lines.push(Line::from(Span::styled(clean(&f.error), ui.theme.bad())));
            }
        }
        let p = r.progress();
        lines.push(Line::from(fill(
            t.detail_checklist,
            &[
                &p.items_done.to_string(),
                &p.items_total.to_string(),
                &p.ok.to_string(),
                &p.ko.to_string(),
            ],
        )));
        lines.push(Line::from(fill(
            t.detail_defects,
            &[
                &p.open_bloquante.to_string(),
                &p.open_majeure.to_string(),
                &p.open_mineure.to_string(),
            ],
        )));
        if p.signoff != crate::acceptance::Standing::Unsigned {
            let text = super::super::signoff::standing_text(t, &p.signoff, &p.delivery);
            lines.push(Line::from(fill(t.signoff_current, &[&text])));
        }
        if let ResourceOutcome::Reconciled(r) = r {
            columns(&mut lines, r, ui);
            trend(&mut lines, r, ui);
        }
        // A map `recette init` learned from a delivery holds that delivery's errors as
        // rules until a person confirms it: said until the mark is removed.
        for (column, spec) in &resource.columns {
            if let Some(from) = spec.learned_from() {
                lines.push(Line::from(Span::styled(
                    fill(t.detail_learned, &[&clean(column), &clean(from)]),
                    ui.theme.bad(),
                )));
            }
        }
    }
    let block = Block::bordered().title(Span::styled(format!(" {title} "), ui.theme.title()));
    let inside = block.inner(area);
    frame.render_widget(block, area);
    // The newcomer's hint keeps the panel's last lines, whatever the details above take:
    // it is where someone new learns where to start.
    let hint =
        Paragraph::new(Span::styled(t.newcomer_hint, ui.theme.muted())).wrap(Wrap { trim: true });
    let hint_height = wrapped_lines(t.newcomer_hint, inside.width).min(inside.height / 2);
    let [details, _, hint_area] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(u16::from(inside.height > hint_height + 2)),
        Constraint::Length(hint_height),
    ])
    .areas(inside);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), details);
    frame.render_widget(hint, hint_area);
}

/// Lines `text` takes once word-wrapped at `width` (as `Wrap { trim: true }` wraps it).
fn wrapped_lines(text: &str, width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let mut lines = 1;
    let mut used = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        let needed = if used == 0 { len } else { used + 1 + len };
        if needed <= width {
            used = needed;
        } else {
            lines += 1 + (len.saturating_sub(1)) / width;
            used = len % width;
        }
    }
    lines as u16
}

fn counts(lines: &mut Vec<Line>, r: &ResourceOverview, ui: &Ui) {
    let rep = &r.reconciled.report;
    let n = |v: u64| v.to_string();
    lines.push(Line::from(fill(
        ui.text().detail_rows,
        &[
            &n(rep.expected_rows),
            &n(rep.migrated_rows),
            &n(rep.identical_rows),
            &n(rep.differing_rows),
            &n(rep.missing_rows),
            &n(rep.unexpected_rows),
            &n(rep.excluded_but_migrated_rows),
        ],
    )));
}

fn columns(lines: &mut Vec<Line>, r: &ResourceOverview, ui: &Ui) {
    let t = ui.text();
    let columns = crate::app::explorer::columns(&r.reconciled.report);
    let listed = if columns.is_empty() {
        t.detail_none.to_string()
    } else {
        columns
            .iter()
            .map(|c| format!("{} ({})", clean(&c.name), c.differing))
            .collect::<Vec<_>>()
            .join(", ")
    };
    lines.push(Line::from(fill(t.detail_columns, &[&listed])));
}

/// `Depuis L1 : 4 corrigés, 6 régressions`, then one line per category where something
/// changed. Nothing on the first delivery.
fn trend(lines: &mut Vec<Line>, r: &ResourceOverview, ui: &Ui) {
    let t = ui.text();
    let theme = ui.theme;
    let comparison = match &r.trend {
        Trend::FirstDelivery | Trend::Pending => return,
        Trend::Unavailable { previous, error } => {
            lines.push(Line::from(Span::styled(
                fill(t.trend_unavailable, &[&clean(previous), &clean(error)]),
                theme.muted(),
            )));
            return;
        }
        Trend::Compared(c) => c,
    };
    let (fixed, back) = (comparison.fixed(), comparison.regressed());
    let style = if back > 0 { theme.bad() } else { theme.good() };
    lines.push(Line::from(Span::styled(
        fill(
            t.trend_since,
            &[
                &clean(&comparison.previous),
                &fixed.to_string(),
                &back.to_string(),
            ],
        ),
        style,
    )));
    for category in KeyCategory::ALL {
        let Some(c) = comparison.category(category) else {
            continue;
        };
        if c.fixed + c.regressed + c.new == 0 {
            continue;
        }
        let n = |v: u64| v.to_string();
        lines.push(Line::from(fill(
            t.trend_line,
            &[
                super::super::explorer::category_label(t, category),
                &n(c.fixed),
                &n(c.still_failing),
                &n(c.regressed),
                &n(c.new),
            ],
        )));
    }
}
