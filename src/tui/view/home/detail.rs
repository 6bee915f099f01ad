//! The home screen's lower panel: the selected resource's counts, checklist, open defects,
//! differing columns and trend since the previous delivery, line by line; for a resource
//! that could not be reconciled, its whole error instead of the counts.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::super::{Ui, clean};
use crate::acceptance::words;
use crate::domain::i18n::fill;
use crate::domain::report::KeyCategory;
use crate::jobs::{Overview, ResourceOutcome, ResourceOverview, Trend};

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
        // The label, and the name the SQL console and the command line know it by.
        title = clean(&fill(t.column_named, &[&resource.label, &resource.name]));
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
        lines.push(Line::from(t.plural(
            t.detail_checklist,
            p.items_done as u64,
            &[
                &p.items_done.to_string(),
                &p.items_total.to_string(),
                &p.ok.to_string(),
                &p.ko.to_string(),
            ],
        )));
        let open = [
            t.count(t.n_blocking, p.open_bloquante as u64),
            t.count(t.n_major, p.open_majeure as u64),
            t.count(t.n_minor, p.open_mineure as u64),
        ];
        lines.push(Line::from(fill(t.detail_defects, &[&open.join(", ")])));
        if p.signoff != crate::acceptance::Standing::Unsigned {
            let text = clean(&words::standing(t, &p.signoff, &p.delivery));
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
        // A campaign mistake the data shows (a date format most values do not follow, a
        // map missing a frequent value), with its fix: what `check` says on stderr.
        if let ResourceOutcome::Reconciled(r) = r {
            for hint in &r.reconciled.report.hints {
                lines.push(Line::from(Span::styled(
                    clean(&fill(t.hint, &[&hint.say(t)])),
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

/// "400 attendus, 398 migrés, 380 identiques, 12 en écart, 2 manquants, 1 inattendu, 0
/// exclu mais migré".
fn counts(lines: &mut Vec<Line>, r: &ResourceOverview, ui: &Ui) {
    let t = ui.text();
    let rep = &r.reconciled.report;
    let counts = [
        t.count(t.n_expected, rep.expected_rows),
        t.count(t.n_migrated, rep.migrated_rows),
        t.count(t.n_identical, rep.identical_rows),
        t.count(t.n_differing, rep.differing_rows),
        t.count(t.n_missing, rep.missing_rows),
        t.count(t.n_unexpected, rep.unexpected_rows),
        t.count(t.n_excluded_but_migrated, rep.excluded_but_migrated_rows),
    ];
    lines.push(Line::from(counts.join(", ")));
}

fn columns(lines: &mut Vec<Line>, r: &ResourceOverview, ui: &Ui) {
    let t = ui.text();
    let columns = crate::app::explorer::columns(&r.reconciled.report);
    let listed = if columns.is_empty() {
        t.detail_none.to_string()
    } else {
        columns
            .iter()
            .map(|c| {
                let label = r.resource.column_label(&c.name);
                format!("{} ({})", clean(label), c.differing)
            })
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
    let counts = [t.count(t.n_fixed, fixed), t.count(t.n_regressed, back)];
    lines.push(Line::from(Span::styled(
        fill(
            t.trend_since,
            &[&clean(&comparison.previous), &counts.join(", ")],
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
        // Only what happened: "· en écart : 3 corrigés, 12 persistants".
        let counts: Vec<String> = [
            (t.n_fixed, c.fixed),
            (t.n_still_failing, c.still_failing),
            (t.n_regressed, c.regressed),
            (t.n_new, c.new),
        ]
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(plural, n)| t.count(plural, n))
        .collect();
        lines.push(Line::from(fill(
            t.trend_line,
            &[t.category(category.name()), &counts.join(", ")],
        )));
    }
}
