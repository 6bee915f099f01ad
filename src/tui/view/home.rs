//! The campaign home: every resource against the selected delivery (rows expected,
//! migrated, missing, unexpected, differing; checklist progress; the trend since the
//! previous delivery; open defects by severity; sign-off) and the selected resource's
//! details, with a hint for newcomers. A resource that could not be reconciled shows its
//! error across its row, in red (its defects and sign-off still show).

mod detail;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, Wrap};

use super::chrome::progress_text;
use super::{Ui, clean};
use crate::acceptance::words;
use crate::app::{App, HomePane};
use crate::domain::i18n::{Catalogue, fill};
use crate::jobs::{ResourceOutcome, Trend};
use crate::tui::theme::Theme;

/// Widths of the fixed columns: expected, migrated, missing, unexpected, differing (after
/// the name), then defects (after the checklist and the trend). The sign-off's is that of
/// its widest word shown (`oui`, `réserves`, `à renouveler`...).
const COUNTS: [u16; 5] = [8, 7, 5, 6, 6];
const DEFECTS: u16 = 5;
const COLUMNS: usize = 10;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, ui: &Ui) {
    let t = ui.text();
    let Some(overview) = app.current_overview() else {
        // Nothing to show yet: say what is happening, in the middle of the screen.
        let text = match app.running() {
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
    // A journal that cannot be read: said here, where it stays, with what to do; the
    // reconciliation below is shown all the same.
    let area = match &overview.journal_error {
        Some(error) => {
            let text = fill(t.journal_unreadable, &[&clean(error)]);
            let width = area.width.saturating_sub(2).max(1) as usize;
            let lines = (text.chars().count().div_ceil(width) as u16 + 2).min(area.height / 2);
            let [banner, rest] =
                Layout::vertical([Constraint::Length(lines), Constraint::Min(0)]).areas(area);
            frame.render_widget(
                Paragraph::new(Span::styled(text, ui.theme.bad()))
                    .wrap(Wrap { trim: true })
                    .block(Block::bordered().border_style(ui.theme.bad())),
                banner,
            );
            rest
        }
        None => area,
    };
    let visible = app.visible_resources();
    let table_height = (visible.len() as u16 + 3).min(area.height.saturating_sub(6).max(4));
    let [top, bottom] =
        Layout::vertical([Constraint::Length(table_height), Constraint::Min(3)]).areas(area);

    let theme = ui.theme;
    let shown: Vec<&ResourceOutcome> = visible.iter().map(|&i| &overview.resources[i]).collect();
    let computing = app.computing_trends();
    let trends: Vec<Line> = shown
        .iter()
        .map(|r| trend_cell(r, computing, t, theme))
        .collect();
    let checks: Vec<String> = shown.iter().map(|r| checklist_count(r, t)).collect();
    let signoffs: Vec<&str> = shown
        .iter()
        .map(|r| words::standing_cell(t, &r.progress().signoff))
        .collect();
    let layout = Columns::fit(
        top.width.saturating_sub(2),
        shown
            .iter()
            .map(|r| Span::raw(clean(&r.resource().label)).width())
            .chain([t.h_resource.chars().count()])
            .max()
            .unwrap_or(0) as u16,
        checks
            .iter()
            .map(|c| c.chars().count())
            .chain([t.h_checklist.chars().count()])
            .max()
            .unwrap_or(0) as u16,
        trends
            .iter()
            .map(Line::width)
            .chain([t.h_trend.chars().count()])
            .max()
            .unwrap_or(0) as u16,
        signoffs
            .iter()
            .map(|s| s.chars().count())
            .chain([t.h_signoff.chars().count()])
            .max()
            .unwrap_or(0) as u16,
    );

    let count = |n: u64| {
        let style = if n > 0 { theme.bad() } else { Style::new() };
        Cell::from(Line::from(Span::styled(n.to_string(), style)).right_aligned())
    };
    let plain = |n: u64| Cell::from(Line::from(n.to_string()).right_aligned());
    let rows = shown
        .iter()
        .zip(trends)
        .zip(&checks)
        .zip(&signoffs)
        .enumerate()
        .map(|(at, (((r, trend), checks), signed))| {
            let p = r.progress();
            let checklist = match (layout.bar, p.items_total) {
                (_, 0) | (0, _) => checks.clone(),
                (width, _) => format!("{} {checks}", bar(p.items_done, p.items_total, width)),
            };
            let defects = format!("{}/{}/{}", p.open_bloquante, p.open_majeure, p.open_mineure);
            let defects_style = if p.open_bloquante > 0 {
                theme.bad()
            } else {
                Style::new()
            };
            // The label: what a référent calls it (the name is in the panel below).
            let mut cells = vec![Cell::from(clean(&r.resource().label))];
            match r {
                ResourceOutcome::Reconciled(r) => {
                    let rep = &r.reconciled.report;
                    cells.extend([
                        plain(rep.expected_rows),
                        plain(rep.migrated_rows),
                        count(rep.missing_rows),
                        count(rep.unexpected_rows),
                        count(rep.differing_rows),
                        Cell::from(checklist),
                        Cell::from(trend.right_aligned()),
                    ]);
                }
                // The error, across the columns of counts, checklist and trend.
                ResourceOutcome::Failed(f) => {
                    let text = fill(t.row_failed, &[&clean(&one_line(&f.error))]);
                    cells.push(Cell::from(Span::styled(text, theme.bad())).column_span(7));
                }
            }
            cells.extend([
                Cell::from(Span::styled(defects, defects_style)),
                Cell::from(*signed),
            ]);
            let row = Row::new(cells);
            if at == app.home.list.selected {
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
        t.h_trend,
        t.h_defects,
        t.h_signoff,
    ])
    .style(theme.header());
    let mut block =
        Block::bordered().title(Span::styled(format!(" {} ", t.resources), theme.title()));
    // A filter hides resources: say which, how many, and how to clear it.
    if !app.home.list.filter.is_empty() {
        let text = fill(
            t.home_filtered,
            &[
                &clean(&app.home.list.filter),
                &visible.len().to_string(),
                &overview.resources.len().to_string(),
            ],
        );
        block = block.title(Span::styled(format!(" {text} "), theme.bad()));
    }
    if app.home.focus == HomePane::Resources {
        block = block.border_style(theme.focused_border());
    }
    frame.render_widget(
        Table::new(rows, layout.constraints())
            .header(header)
            .block(block)
            .column_spacing(1),
        top,
    );

    detail::draw(frame, bottom, app.selected_resource(), overview, ui);
}

/// An error on one line: its lines joined (a table row has one).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `3/5` items done, or `—` without a checklist.
fn checklist_count(r: &ResourceOutcome, t: &Catalogue) -> String {
    let p = r.progress();
    if p.items_total == 0 {
        t.no_checklist.to_string()
    } else {
        format!("{}/{}", p.items_done, p.items_total)
    }
}

/// `✓12 ↺3 +2`: keys fixed (good), keys back (bad) and keys failing that could not be seen
/// before (bad) since the previous delivery; `=` when none, `?` when it cannot be told,
/// `…` while the trends job runs, `—` on the first delivery or when there is no trend.
fn trend_cell<'a>(r: &ResourceOutcome, computing: bool, t: &Catalogue, theme: Theme) -> Line<'a> {
    let c = match r.reconciled().map(|r| &r.trend) {
        Some(Trend::Compared(c)) => c,
        Some(Trend::Pending) if computing => {
            return Line::from(Span::styled("…", theme.muted()));
        }
        // The panel below says why.
        Some(Trend::Unavailable { .. }) => return Line::from(Span::styled("?", theme.bad())),
        _ => return Line::from(Span::styled(t.no_checklist, theme.muted())),
    };
    let (fixed, back) = (c.fixed(), c.regressed());
    let mut spans = Vec::new();
    if fixed > 0 {
        spans.push(Span::styled(format!("✓{fixed}"), theme.good()));
    }
    if back > 0 {
        if !spans.is_empty() {
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(format!("↺{back}"), theme.bad()));
    }
    // Keys failing now that could not be seen before (absent then, or not comparable).
    let new: u64 = c.by_category.iter().map(|x| x.new).sum();
    if new > 0 {
        if !spans.is_empty() {
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(format!("+{new}"), theme.bad()));
    }
    if spans.is_empty() {
        spans.push(Span::styled(t.trend_same, theme.muted()));
    }
    Line::from(spans)
}

/// The resources table's columns at a given width: the name as wide as the longest, the
/// checklist's bar only when there is room for it (the counts come first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Columns {
    name: u16,
    checklist: u16,
    trend: u16,
    /// Cells of the checklist's bar; 0: none.
    bar: usize,
    signoff: u16,
}

impl Columns {
    /// `width` inside the borders; the widest name, checklist count, trend and sign-off.
    fn fit(width: u16, name: u16, checklist: u16, trend: u16, signoff: u16) -> Columns {
        let fixed = COUNTS.iter().sum::<u16>() + DEFECTS + signoff + (COLUMNS as u16 - 1);
        let room = width.saturating_sub(fixed + name + checklist + trend);
        let bar = match room {
            6.. => 5,
            4.. => 3,
            _ => 0,
        };
        Columns {
            name,
            checklist: checklist + if bar > 0 { bar as u16 + 1 } else { 0 },
            trend,
            bar,
            signoff,
        }
    }

    fn constraints(&self) -> [Constraint; COLUMNS] {
        let [expected, migrated, missing, unexpected, differing] = COUNTS.map(Constraint::Length);
        [
            // The name takes what is left, and gives it back first when space is short.
            Constraint::Min(self.name.min(9)),
            expected,
            migrated,
            missing,
            unexpected,
            differing,
            Constraint::Length(self.checklist),
            Constraint::Length(self.trend),
            Constraint::Length(DEFECTS),
            Constraint::Length(self.signoff),
        ]
    }
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

#[cfg(test)]
mod tests {
    use super::Columns;

    #[test]
    fn the_bar_fills_in_proportion() {
        assert_eq!(super::bar(0, 8, 5), "▱▱▱▱▱");
        assert_eq!(super::bar(3, 8, 5), "▰▰▱▱▱");
        assert_eq!(super::bar(8, 8, 5), "▰▰▰▰▰");
    }

    #[test]
    fn the_checklist_bar_shows_only_when_the_names_fit_beside_it() {
        // 80 columns (78 inside): the longest name (15) and the counts leave no room.
        assert_eq!(Columns::fit(78, 15, 6, 5, 6).bar, 0);
        assert_eq!(Columns::fit(82, 15, 6, 5, 6).bar, 3);
        let wide = Columns::fit(120, 15, 6, 5, 6);
        assert_eq!((wide.bar, wide.checklist), (5, 12));
    }
}
