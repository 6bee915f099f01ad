//! The sample review: one drawn record at a time side by side (the record view's lines,
//! the item's `columns` first), and what the référent said about it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::explorer::key_text;
use super::record::{category_label, record_rows, record_table};
use super::{Ui, clean};
use crate::app::{App, Mark, SampleReview};
use crate::domain::i18n::{Catalogue, fill};
use crate::journal::Severity;

pub fn severity_label(t: &Catalogue, severity: Severity) -> &'static str {
    match severity {
        Severity::Blocking => t.sev_bloquante,
        Severity::Major => t.sev_majeure,
        Severity::Minor => t.sev_mineure,
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, review: &SampleReview, ui: &Ui) {
    let t = ui.text();
    let theme = ui.theme;
    let title = t.plural(
        t.sample_title,
        review.reviewed() as u64,
        &[
            &clean(&review.item),
            &(review.at + 1).to_string(),
            &review.keys.len().to_string(),
            &review.reviewed().to_string(),
        ],
    );
    let mut block = Block::bordered()
        .border_style(theme.focused_border())
        .title(Span::styled(format!(" {title} "), theme.title()));
    let waiting = if !review.drawn {
        Some(t.sample_drawing)
    } else if review.keys.is_empty() {
        Some(t.sample_empty)
    } else if review.view.is_none() {
        Some(t.loading)
    } else {
        None
    };
    if let Some(text) = waiting {
        frame.render_widget(
            Paragraph::new(Span::styled(text, theme.muted())).block(block),
            area,
        );
        return;
    }
    let view = review.view.as_ref().expect("checked above");
    let differing = view.cells.iter().filter(|c| c.differs).count();
    let mark = match review.marks.get(review.at) {
        Some(Mark::Ok) => Span::styled(format!(" {} ", t.mark_ok), theme.good()),
        Some(Mark::Ko(Some(id))) => {
            Span::styled(format!(" {} ", fill(t.mark_ko, &[&clean(id)])), theme.bad())
        }
        Some(Mark::Ko(None)) => Span::styled(format!(" {} ", t.mark_ko_saving), theme.bad()),
        _ => Span::raw(""),
    };
    let note = t.plural(
        t.record_note,
        differing as u64,
        &[
            category_label(t, view.category.as_deref()),
            &differing.to_string(),
            &view.cells.len().to_string(),
        ],
    );
    block = block.title_bottom(Line::from(vec![
        Span::raw(format!(" {} · {note} ", key_text(&view.key))),
        mark,
    ]));
    let rows = record_rows(
        view,
        &review.target.resource,
        &review.target.reconciled.report,
        &view.key,
        review.first_columns(),
        ui,
    );
    frame.render_widget(
        record_table(rows, review.scroll, app.page_rows(), block, area.width, ui),
        area,
    );
}
