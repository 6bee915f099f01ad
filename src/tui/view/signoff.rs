//! The sign-off prompt drawn over home or the checklist: where the sign-off stands, what
//! the rules refuse (in `acceptance::words`), the reservations typed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

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
    let title = fill(
        t.signoff_title,
        &[
            &format!("{} ({})", clean(&prompt.label), clean(&prompt.resource)),
            &clean(&prompt.delivery),
        ],
    );
    super::modal(frame, area, &title, lines, ui);
}
