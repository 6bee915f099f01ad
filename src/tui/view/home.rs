//! The campaign home: every resource against the selected delivery (rows expected,
//! migrated, missing, unexpected, differing; checklist progress; open defects by severity;
//! sign-off) and the selected resource's details, with a hint for newcomers.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, Wrap};

use super::chrome::progress_text;
use super::{Ui, clean};
use crate::app::{App, HomePane};
use crate::jobs::ResourceOverview;
use crate::tui::i18n::fill;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, ui: &Ui) {
    let t = ui.text();
    let Some(overview) = app.current_overview() else {
        // Nothing to show yet: say what is happening, in the middle of the screen.
        let text = match &app.running {
            Some(r) => progress_text(r.progress.as_ref(), &r.delivery, ui),
            None => t.waiting.to_string(),
        };
        let block =
            Block::bordered().title(Span::styled(format!(" {} ", t.resources), ui.theme.title()));
        frame.render_widget(
            Paragraph::new(text).wrap(Wrap { trim: true }).block(block),
            area,
        );
        return;
    };
    let visible = app.visible_resources();
    let table_height = (visible.len() as u16 + 3).min(area.height.saturating_sub(6).max(4));
    let [top, bottom] =
        Layout::vertical([Constraint::Length(table_height), Constraint::Min(3)]).areas(area);

    let theme = ui.theme;
    let count = |n: u64| {
        let style = if n > 0 { theme.bad() } else { Style::new() };
        Cell::from(Line::from(Span::styled(n.to_string(), style)).right_aligned())
    };
    let plain = |n: u64| Cell::from(Line::from(n.to_string()).right_aligned());
    let rows = visible.iter().enumerate().map(|(shown, &i)| {
        let r = &overview.resources[i];
        let rep = &r.reconciled.report;
        let p = &r.progress;
        let checklist = if p.items_total == 0 {
            t.no_checklist.to_string()
        } else {
            format!(
                "{} {}/{}",
                bar(p.items_done, p.items_total, 5),
                p.items_done,
                p.items_total
            )
        };
        let defects = format!("{}/{}/{}", p.open_bloquante, p.open_majeure, p.open_mineure);
        let defects_style = if p.open_bloquante > 0 {
            theme.bad()
        } else {
            Style::new()
        };
        let signed = if p.signed_off_by.is_some() {
            t.signed
        } else {
            t.not_signed
        };
        let row = Row::new(vec![
            Cell::from(clean(&r.resource.name)),
            plain(rep.expected_rows),
            plain(rep.migrated_rows),
            count(rep.missing_rows),
            count(rep.unexpected_rows),
            count(rep.differing_rows),
            Cell::from(checklist),
            Cell::from(Span::styled(defects, defects_style)),
            Cell::from(signed),
        ]);
        if shown == app.home.list.selected {
            row.style(theme.selected())
        } else {
            row
        }
    });
    let header = Row::new([
        t.h_resource,
        t.h_expected,
        t.h_migrated,
        t.h_missing,
        t.h_unexpected,
        t.h_differing,
        t.h_checklist,
        t.h_defects,
        t.h_signoff,
    ])
    .style(theme.header());
    let widths = [
        Constraint::Min(12),
        Constraint::Length(8),
        Constraint::Length(7),
        Constraint::Length(5),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(11),
        Constraint::Length(5),
        Constraint::Length(6),
    ];
    let mut block =
        Block::bordered().title(Span::styled(format!(" {} ", t.resources), theme.title()));
    if app.home.focus == HomePane::Resources {
        block = block.border_style(theme.focused_border());
    }
    frame.render_widget(
        Table::new(rows, widths)
            .header(header)
            .block(block)
            .column_spacing(1),
        top,
    );

    let selected = app
        .home
        .list
        .current(&visible)
        .map(|i| &overview.resources[i]);
    detail(frame, bottom, selected, ui);
}

/// `▰▰▰▱▱` for `done` of `total` in `width` cells.
fn bar(done: usize, total: usize, width: usize) -> String {
    let filled = if total == 0 {
        0
    } else {
        (done * width).div_ceil(total).min(width)
    };
    format!("{}{}", "▰".repeat(filled), "▱".repeat(width - filled))
}

fn detail(frame: &mut Frame, area: Rect, selected: Option<&ResourceOverview>, ui: &Ui) {
    let t = ui.text();
    let mut lines = Vec::new();
    let mut title = t.detail.to_string();
    if let Some(r) = selected {
        title = format!("{} — {}", clean(&r.resource.name), clean(&r.resource.label));
        let rep = &r.reconciled.report;
        let n = |v: u64| v.to_string();
        lines.push(Line::from(fill(
            t.detail_rows,
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
        let p = &r.progress;
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
        let columns = crate::app::explorer::columns(rep);
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
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(t.newcomer_hint, ui.theme.muted())));
    let block = Block::bordered().title(Span::styled(format!(" {title} "), ui.theme.title()));
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
        area,
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_bar_fills_in_proportion() {
        assert_eq!(super::bar(0, 8, 5), "▱▱▱▱▱");
        assert_eq!(super::bar(3, 8, 5), "▰▰▱▱▱");
        assert_eq!(super::bar(8, 8, 5), "▰▰▰▰▰");
    }
}
