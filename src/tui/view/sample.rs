//! The sample review: one drawn record at a time side by side (the record view's lines),
//! what the référent said about it, and the defect form a KO opens.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::explorer::key_text;
use super::record::{category_label, record_rows, record_table};
use super::{Ui, clean};
use crate::app::{App, DefectForm, Mark, SampleReview};
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
    let rows = record_rows(view, &review.target.resource, &view.key, ui);
    frame.render_widget(
        record_table(rows, review.scroll, app.page_rows(), block, area.width, ui),
        area,
    );
    if let Some(form) = &review.form {
        draw_form(frame, area, app, review, form, ui);
    }
}

/// The defect form over the record: what is prefilled, the severity, the title typed.
fn draw_form(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    review: &SampleReview,
    form: &DefectForm,
    ui: &Ui,
) {
    let t = ui.text();
    let theme = ui.theme;
    let height = (9 + form.values.len().min(4) as u16).min(area.height);
    let [_, middle, _] = Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(height),
        Constraint::Min(0),
    ])
    .areas(area);
    let field = |name: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{name:<14}"), theme.header()),
            Span::raw(value),
        ])
    };
    let resource = &review.target.resource;
    let labels: Vec<&str> = form
        .columns
        .iter()
        .map(|c| resource.column_label(c))
        .collect();
    let mut lines = vec![
        field(t.f_resource, clean(&resource.label)),
        field(t.f_item, clean(&review.item)),
        field(t.f_key, key_text(&form.key)),
        field(t.f_columns, clean(&labels.join(", "))),
    ];
    for (column, expected, migrated) in form.values.iter().take(4) {
        let value = |v: &Option<String>| v.as_deref().map(clean).unwrap_or("∅".into());
        lines.push(Line::from(Span::styled(
            format!(
                "  {} : {} → {}",
                clean(resource.column_label(column)),
                value(expected),
                value(migrated)
            ),
            theme.differs(),
        )));
    }
    lines.push(field(
        t.f_severity,
        severity_label(t, form.severity).to_string(),
    ));
    lines.push(field(
        t.f_title,
        format!("{}▏", clean(app.input.as_deref().unwrap_or(""))),
    ));
    lines.push(Line::from(Span::styled(t.f_hint, theme.muted())));
    let block = Block::bordered()
        .border_style(theme.focused_border())
        .title(Span::styled(format!(" {} ", t.defect_form), theme.title()));
    frame.render_widget(Clear, middle);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        middle,
    );
}
