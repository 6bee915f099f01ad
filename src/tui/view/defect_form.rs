//! The defect form over the screen it was raised from: what it is about (resource, item,
//! records), the title and the description typed, the columns concerned (ticked among the
//! differing ones), the severity, and the evidence it will attach. The field with the
//! focus is highlighted and says its keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::explorer::key_text;
use super::record::category_label;
use super::sample::severity_label;
use super::{Ui, clean};
use crate::app::defect_form::{DefectForm, Field, saving};
use crate::app::{App, ScreenId};
use crate::domain::campaign::Resources;
use crate::domain::i18n::fill;

/// Records of the evidence shown (the others are counted).
const SHOWN_RECORDS: usize = 3;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, id: ScreenId, form: &DefectForm, ui: &Ui) {
    let t = ui.text();
    let theme = ui.theme;
    let focus = |field: Field, name: &str| {
        let style = if form.field == field {
            theme.selected()
        } else {
            theme.header()
        };
        Span::styled(format!("{name:<14}"), style)
    };
    let plain = |name: &str| Span::styled(format!("{name:<14}"), theme.header());
    let cursor = |field: Field| if form.field == field { "▏" } else { "" };
    let column = |c: &str| clean(app.overview.column_label(&form.resource, c));

    let mut lines = vec![Line::from(vec![
        plain(t.f_resource),
        Span::raw(format!(
            "{} ({})",
            clean(&form.label),
            clean(&form.resource)
        )),
    ])];
    if let Some(item) = &form.item {
        lines.push(Line::from(vec![plain(t.f_item), Span::raw(clean(item))]));
    }
    if !form.keys.is_empty() {
        let mut keys: Vec<String> = form.keys.iter().take(SHOWN_RECORDS).map(key_text).collect();
        if form.keys.len() > SHOWN_RECORDS {
            keys.push(t.count(t.f_more_records, (form.keys.len() - SHOWN_RECORDS) as u64));
        }
        lines.push(Line::from(vec![plain(t.f_key), Span::raw(keys.join(" "))]));
    }
    lines.push(Line::from(vec![
        focus(Field::Title, t.f_title),
        Span::raw(format!("{}{}", clean(&form.title), cursor(Field::Title))),
    ]));
    // The description, each of its lines under the previous one.
    let description: Vec<String> = form.description.split('\n').map(clean).collect();
    for (n, text) in description.iter().enumerate() {
        let head = if n == 0 {
            focus(Field::Description, t.f_description)
        } else {
            Span::raw(" ".repeat(14))
        };
        let end = if n + 1 == description.len() {
            cursor(Field::Description)
        } else {
            ""
        };
        lines.push(Line::from(vec![head, Span::raw(format!("{text}{end}"))]));
    }
    let mut columns = vec![focus(Field::Columns, t.f_columns)];
    if form.choices.is_empty() {
        columns.push(Span::styled(t.f_none_picked, theme.muted()));
    }
    for (n, (name, picked)) in form.choices.iter().zip(&form.picked).enumerate() {
        let mark = if *picked { "[x]" } else { "[ ]" };
        let text = format!("{mark} {}", column(name));
        let style = if form.field == Field::Columns && n == form.column_at {
            theme.selected()
        } else if *picked {
            theme.differs()
        } else {
            ratatui::style::Style::new()
        };
        columns.push(Span::styled(text, style));
        columns.push(Span::raw("  "));
    }
    lines.push(Line::from(columns));
    lines.push(Line::from(vec![
        focus(Field::Severity, t.f_severity),
        Span::raw(format!("◂ {} ▸", severity_label(t, form.severity))),
    ]));
    // What will be attached: each record's values in the columns picked.
    lines.push(Line::from(Span::styled(t.f_evidence, theme.header())));
    if form.reading {
        lines.push(Line::from(Span::styled(
            format!("  {}", t.f_reading),
            theme.muted(),
        )));
    } else if form.evidence.is_empty() {
        let about = form
            .item
            .as_deref()
            .map(clean)
            .unwrap_or_else(|| clean(&form.label));
        lines.push(Line::from(Span::styled(
            format!("  {}", fill(t.f_no_record, &[&about])),
            theme.muted(),
        )));
    }
    let evidence = form.shown_evidence();
    for record in evidence.iter().take(SHOWN_RECORDS) {
        let key = key_text(&record.key);
        if record.values.is_empty() {
            let category = category_label(t, record.category.as_deref());
            lines.push(Line::from(format!("  {key} · {category}")));
        }
        for (c, expected, migrated) in &record.values {
            let value = |v: &Option<String>| v.as_deref().map(clean).unwrap_or("∅".into());
            lines.push(Line::from(Span::styled(
                format!(
                    "  {key} · {} : {} → {}",
                    column(c),
                    value(expected),
                    value(migrated)
                ),
                theme.differs(),
            )));
        }
    }
    if evidence.len() > SHOWN_RECORDS {
        lines.push(Line::from(format!(
            "  {}",
            t.count(t.f_more_records, (evidence.len() - SHOWN_RECORDS) as u64)
        )));
    }
    let hint = if saving(app, id) {
        t.f_saving
    } else {
        match form.field {
            Field::Title => t.f_hint_title,
            Field::Description => t.f_hint_description,
            Field::Columns => t.f_hint_columns,
            Field::Severity => t.f_hint_severity,
        }
    };
    lines.push(Line::from(Span::styled(hint, theme.muted())));

    super::modal(frame, area, t.defect_form, lines, ui);
}
