//! The sign-off in the console's words: the reasons the rules give, where a sign-off
//! stands (signed before the files changed...), the go line's reasons, and the sign-off
//! prompt drawn over home or the checklist.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Ui, clean};
use crate::acceptance::{Blocker, GoNoGo, Reason, Standing};
use crate::app::{App, Notice, SignoffPrompt};
use crate::domain::signoff::FileKind;
use crate::tui::i18n::{Catalogue, fill};

/// One reason the rules refuse a sign-off without reservation.
pub fn reason_text(t: &Catalogue, reason: &Reason) -> String {
    match reason {
        Reason::Ko { item, label } => fill(t.r_ko, &[&clean(item), &clean(label)]),
        Reason::Todo { item, label } => fill(t.r_todo, &[&clean(item), &clean(label)]),
        Reason::Criterion {
            item,
            label,
            measured,
        } => fill(
            t.r_criterion,
            &[&clean(item), &clean(label), &clean(measured)],
        ),
        Reason::Overridden {
            item,
            label,
            computed,
            verdict,
            author,
            ..
        } => fill(
            t.r_overridden,
            &[
                &clean(item),
                &clean(label),
                &computed.to_uppercase(),
                &verdict.to_uppercase(),
                &clean(author),
            ],
        ),
        Reason::AbsentColumns { columns } => fill(t.r_absent, &[&clean(&columns.join(", "))]),
        Reason::OpenBlocking { defects } => fill(t.r_blocking, &[&clean(&defects.join(", "))]),
        Reason::NotReconciled => fill(t.not_reconciled, &[""]),
    }
}

/// The short name of a reason in the go line: the item, else the reason itself.
fn reason_short(t: &Catalogue, reason: &Reason) -> String {
    match reason {
        Reason::Ko { item, .. }
        | Reason::Todo { item, .. }
        | Reason::Criterion { item, .. }
        | Reason::Overridden { item, .. } => clean(item),
        other => reason_text(t, other),
    }
}

/// "signé avant que les fichiers de L2 changent" / "signed before L2's files changed".
pub fn stale_text(t: &Catalogue, changed: &[FileKind], delivery: &str) -> String {
    if changed.is_empty() {
        return t.stale_unrecorded.to_string();
    }
    let names: Vec<String> = changed
        .iter()
        .map(|k| match k {
            FileKind::Campaign => t.changed_campaign.to_string(),
            FileKind::Checklist => t.changed_checklist.to_string(),
            FileKind::Source => t.changed_source.to_string(),
            FileKind::Delivery => fill(t.changed_delivery, &[&clean(delivery)]),
        })
        .collect();
    let plural = changed.len() > 1 || changed.contains(&FileKind::Delivery);
    fill(
        if plural { t.stale_many } else { t.stale_one },
        &[&names.join(t.and)],
    )
}

/// The home table's sign-off cell: no, yes, reserved, to renew.
pub fn standing_cell(t: &Catalogue, standing: &Standing) -> &'static str {
    match standing {
        Standing::Unsigned => t.not_signed,
        Standing::Signed {
            reservations: None, ..
        } => t.signed,
        Standing::Signed { .. } => t.signed_reserved,
        Standing::Stale { .. } => t.signed_stale,
    }
}

/// A recorded sign-off in full: who, when, with what reservations, whether it still counts.
pub fn standing_text(t: &Catalogue, standing: &Standing, delivery: &str) -> String {
    let Some(by) = standing.by() else {
        return t.not_signed.to_string();
    };
    let mut out = clean(&by);
    if let Some(why) = standing.reservations() {
        out.push_str(" — ");
        out.push_str(&fill(t.signoff_with_reservations, &[&clean(why)]));
    }
    if let Standing::Stale { changed, .. } = standing {
        out.push_str(" — ");
        out.push_str(&stale_text(t, changed, delivery));
    }
    out
}

/// The go line's reasons: what stands between the last delivery and a GO, then the
/// sign-offs given with reservations.
pub fn go_reasons(t: &Catalogue, go: &GoNoGo) -> Vec<String> {
    // Resources the last delivery could not be reconciled for come first, in one line.
    let not_reconciled = |b: &Blocker| {
        matches!(b, Blocker::Criteria { reasons, .. }
            if reasons.iter().all(|r| *r == Reason::NotReconciled))
    };
    let failed: Vec<String> = go
        .blockers
        .iter()
        .filter(|b| not_reconciled(b))
        .filter_map(|b| match b {
            Blocker::Criteria { resource, .. } => Some(clean(resource)),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    if !failed.is_empty() {
        out.push(fill(t.not_reconciled, &[&failed.join(", ")]));
    }
    out.extend(
        go.blockers
            .iter()
            .filter(|b| !not_reconciled(b))
            .map(|b| match b {
                Blocker::Unsigned(names) => fill(t.unsigned, &[&clean(&names.join(", "))]),
                Blocker::Stale {
                    resource,
                    delivery,
                    changed,
                } => fill(
                    t.go_stale,
                    &[&clean(resource), &stale_text(t, changed, delivery)],
                ),
                Blocker::Criteria { resource, reasons } => {
                    let names: Vec<String> = reasons.iter().map(|r| reason_short(t, r)).collect();
                    fill(t.go_criteria, &[&clean(resource), &names.join(", ")])
                }
                Blocker::SinceSignoff { resource, reasons } => {
                    let names: Vec<String> = reasons.iter().map(|r| reason_short(t, r)).collect();
                    fill(t.go_since, &[&clean(resource), &names.join(", ")])
                }
                Blocker::OpenBlocking(n) => fill(t.open_blocking, &[&n.to_string()]),
            }),
    );
    if !go.reserved.is_empty() {
        let names: Vec<String> = go.reserved.iter().map(|r| clean(&r.resource)).collect();
        out.push(fill(t.go_reservations, &[&names.join(", ")]));
    }
    out
}

/// The prompt over the screen: what is signed, where it stands, what the rules refuse,
/// the reservations typed.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, prompt: &SignoffPrompt, ui: &Ui) {
    let t = ui.text();
    let theme = ui.theme;
    let mut lines = Vec::new();
    if prompt.standing != Standing::Unsigned {
        lines.push(Line::from(Span::raw(fill(
            t.signoff_current,
            &[&standing_text(t, &prompt.standing, &prompt.delivery)],
        ))));
    }
    if prompt.refusals.is_empty() {
        lines.push(Line::from(Span::styled(t.signoff_allowed, theme.good())));
    } else {
        lines.push(Line::from(Span::styled(t.signoff_refused, theme.bad())));
        for reason in &prompt.refusals {
            lines.push(Line::from(format!("  • {}", reason_text(t, reason))));
        }
    }
    lines.push(Line::from(vec![
        Span::styled(t.signoff_reservations, theme.header()),
        Span::raw(format!("{}▏", clean(app.input.as_deref().unwrap_or("")))),
    ]));
    if app.notice == Some(Notice::ReservationsRequired) {
        lines.push(Line::from(Span::styled(
            t.reservations_required,
            theme.bad(),
        )));
    }
    let hint = if prompt.refusals.is_empty() {
        t.signoff_hint_allowed
    } else {
        t.signoff_hint_refused
    };
    lines.push(Line::from(Span::styled(hint, theme.muted())));
    // Rows once wrapped inside the borders.
    let inner = usize::from(area.width.saturating_sub(2)).max(1);
    let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
    let height = (rows as u16 + 2).min(area.height);
    let [_, middle, _] = Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(height),
        Constraint::Min(0),
    ])
    .areas(area);
    let title = fill(
        t.signoff_title,
        &[
            &format!("{} ({})", clean(&prompt.label), clean(&prompt.resource)),
            &clean(&prompt.delivery),
        ],
    );
    let block = Block::bordered()
        .border_style(theme.focused_border())
        .title(Span::styled(format!(" {title} "), theme.title()));
    frame.render_widget(Clear, middle);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        middle,
    );
}
