//! The summary at the end of a sample review, over it: how many records were right, which
//! were defects, the verdict it proposes and the comment it goes with.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

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
    let inner = usize::from(area.width.saturating_sub(2)).max(1);
    let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
    let height = (rows as u16 + 2).min(area.height);
    let [_, middle, _] = Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(height),
        Constraint::Min(0),
    ])
    .areas(area);
    let block = Block::bordered()
        .border_style(theme.focused_border())
        .title(Span::styled(
            format!(" {} ", fill(t.summary_title, &[&clean(&summary.item)])),
            theme.title(),
        ));
    frame.render_widget(Clear, middle);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        middle,
    );
}
