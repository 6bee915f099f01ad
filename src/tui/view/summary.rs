//! The summary at the end of a sample review, over it: how many records were right, which
//! were defects, the verdict it proposes and the comment it goes with.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Ui, clean};
use crate::app::Summary;
use crate::domain::i18n::fill;
use crate::journal::VerdictValue;

pub fn draw(frame: &mut Frame, area: Rect, summary: &Summary, ui: &Ui) {
    let t = ui.text();
    let theme = ui.theme;
    let said = summary.said(t);
    let proposed = summary.proposed();
    let verdict_style = match proposed {
        VerdictValue::Ok => theme.good(),
        _ => theme.bad(),
    };
    let lines = vec![
        Line::from(Span::styled(clean(&said), theme.header())),
        Line::from(Span::styled(
            fill(t.summary_proposed, &[t.verdict(proposed.as_str())]),
            verdict_style,
        )),
        Line::from(Span::styled(
            fill(t.summary_comment, &[&clean(&said)]),
            theme.muted(),
        )),
    ];
    super::modal(
        frame,
        area,
        &fill(t.summary_title, &[&clean(&summary.item)]),
        lines,
        ui,
    );
}
