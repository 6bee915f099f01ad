//! The sign-off prompt drawn over home or the checklist: where the sign-off stands, what
//! the rules refuse (in `acceptance::words`), the reservations typed.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Ui, clean};
use crate::acceptance::{Standing, words};
use crate::app::{App, Notice, SignoffPrompt};
use crate::domain::i18n::fill;

/// The prompt over the screen: what is signed, where it stands, what the rules refuse,
/// the reservations typed.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, prompt: &SignoffPrompt, ui: &Ui) {
    let t = ui.text();
    let theme = ui.theme;
    let mut lines = Vec::new();
    if prompt.standing != Standing::Unsigned {
        lines.push(Line::from(Span::raw(fill(
            t.signoff_current,
            &[&clean(&words::standing(
                t,
                &prompt.standing,
                &prompt.delivery,
            ))],
        ))));
    }
    if prompt.refusals.is_empty() {
        lines.push(Line::from(Span::styled(t.signoff_allowed, theme.good())));
    } else {
        lines.push(Line::from(Span::styled(t.signoff_refused, theme.bad())));
        for reason in &prompt.refusals {
            let said = words::reason(t, &app.overview, &prompt.resource, reason);
            lines.push(Line::from(format!("  • {}", clean(&said))));
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
