//! The lines around every screen: header (campaign, deliveries), go/no-go or breadcrumb,
//! status (progress, notices, text input) and the footer generated from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Ui, clean};
use crate::acceptance::{Decision, words};
use crate::app::{Action, App, Context, Explorer, HomePane, Level, Notice, RowsOf, Screen};
use crate::domain::campaign::Resources;
use crate::domain::i18n::fill;
use crate::domain::stage::Stage;
use crate::jobs::Progress;

const SPINNER: [&str; 4] = ["◐", "◓", "◑", "◒"];

pub fn header(frame: &mut Frame, area: Rect, app: &App, ui: &Ui) {
    let t = ui.text();
    let theme = ui.theme;
    let mut spans = vec![
        Span::styled(format!(" {} ", clean(&app.campaign)), theme.title()),
        Span::raw("│ "),
    ];
    let focused = app.screens.is_empty() && app.home.focus == HomePane::Deliveries;
    spans.push(Span::styled(
        format!("{} : ", t.delivery),
        if focused {
            theme.focused_border()
        } else {
            theme.muted()
        },
    ));
    for (i, d) in app.deliveries.iter().enumerate() {
        let label = clean(d);
        if i == app.delivery {
            spans.push(Span::styled(format!("[{label}]"), theme.selected()));
        } else {
            spans.push(Span::raw(format!(" {label} ")));
        }
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

pub fn go_line(frame: &mut Frame, area: Rect, app: &App, ui: &Ui) {
    let t = ui.text();
    let Some(o) = app.current_overview() else {
        return;
    };
    let label = match o.go.decision {
        Decision::Go => t.go,
        Decision::GoWithReservations => t.go_reserved,
        Decision::NoGo => t.no_go,
    };
    let mut spans = vec![
        Span::styled(format!(" {label} "), ui.theme.decision(o.go.decision)),
        Span::raw(" "),
        Span::styled(
            fill(t.go_about, &[&clean(&o.last_delivery)]),
            ui.theme.muted(),
        ),
    ];
    let reasons: Vec<String> = words::go_reasons(t, o, &o.go)
        .iter()
        .map(|r| clean(r))
        .collect();
    if !reasons.is_empty() {
        spans.push(Span::raw(format!(" — {}", reasons.join(" ; "))));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

pub fn breadcrumb(frame: &mut Frame, area: Rect, explorer: &Explorer, ui: &Ui) {
    let t = ui.text();
    let resource = &explorer.target.resource;
    let mut parts = vec![clean(&resource.label)];
    for level in &explorer.levels[1..] {
        parts.push(match level {
            Level::Columns(_) => t.cat_differing.to_string(),
            Level::Causes { column, .. } => clean(resource.column_label(column)),
            // Under the causes, the column is said already: the cause.
            Level::Patterns {
                cause: Some(kind), ..
            } => crate::acceptance::cause_words::label(t, *kind).to_string(),
            Level::Patterns { column, .. } => clean(resource.column_label(column)),
            Level::Rows {
                of: RowsOf::Category(c),
                ..
            } => t.category(c.name()).to_string(),
            Level::Rows {
                of: RowsOf::Pattern {
                    expected, migrated, ..
                },
                ..
            } => format!(
                "{} → {}",
                crate::app::explorer::shown(expected),
                crate::app::explorer::shown(migrated)
            ),
            Level::Rows {
                of: RowsOf::Column(c),
                ..
            } => fill(t.all_rows, &[&clean(resource.column_label(c))]),
            Level::Rows {
                of: RowsOf::Cause { .. },
                ..
            } => t.all_rows_of_cause.to_string(),
            Level::Rows {
                of: RowsOf::Only { of, column, value },
                ..
            } => fill(
                t.rows_of_value,
                &[
                    &super::explorer::rows_headers(explorer, of, ui)[*column],
                    &crate::app::explorer::shown(value),
                ],
            ),
            Level::Frequency { of, column, .. } => fill(
                t.freq_crumb,
                &[&super::explorer::rows_headers(explorer, of, ui)[*column]],
            ),
            Level::Record(r) => super::explorer::key_text(&r.key),
            Level::Categories(_) => String::new(),
        });
    }
    let line = Line::from(vec![
        Span::styled(format!(" {} ", t.explorer), ui.theme.header()),
        Span::raw(parts.join(" › ")),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

pub fn status(frame: &mut Frame, area: Rect, app: &App, ui: &Ui) {
    let t = ui.text();
    let line = if let Some(line) = input_line(app, ui) {
        line
    } else if app.closing.is_some() {
        let spin = SPINNER[ui.spinner % SPINNER.len()];
        Line::from(Span::styled(
            format!(" {spin} {}", t.saving_before_quit),
            ui.theme.header(),
        ))
    } else if let Some(running) = app.running() {
        let spin = SPINNER[ui.spinner % SPINNER.len()];
        let mut spans = vec![Span::styled(format!(" {spin} "), ui.theme.header())];
        // Why it reconciles again, while it does.
        if let Some(Notice::InputsChanged(files)) = &app.notice {
            spans.push(Span::styled(
                format!("{} · ", inputs_changed(files, ui)),
                ui.theme.bad(),
            ));
        }
        spans.push(Span::raw(progress_text(
            running.progress.as_ref(),
            &running.delivery,
            ui,
        )));
        Line::from(spans)
    } else {
        match &app.notice {
            Some(Notice::InputsChanged(files)) => Line::from(Span::styled(
                format!(" {}", inputs_changed(files, ui)),
                ui.theme.bad(),
            )),
            Some(Notice::Failed(message)) => Line::from(Span::styled(
                format!(" {}", fill(t.failed, &[&clean(message)])),
                ui.theme.bad(),
            )),
            Some(Notice::Journal(note)) => Line::from(Span::styled(
                format!(" {}", fill(t.journal_note, &[&clean(note)])),
                ui.theme.bad(),
            )),
            Some(Notice::NotSaved(message)) => Line::from(Span::styled(
                format!(" {}", fill(t.not_saved, &[&clean(message)])),
                ui.theme.bad(),
            )),
            Some(Notice::Saved(entry)) => Line::from(Span::styled(
                format!(" ✓ {}", fill(t.saved, &[entry])),
                ui.theme.good(),
            )),
            Some(Notice::CommentRequired) => Line::from(Span::styled(
                format!(" {}", t.comment_required),
                ui.theme.bad(),
            )),
            Some(Notice::TitleRequired) => Line::from(Span::styled(
                format!(" {}", t.title_required),
                ui.theme.bad(),
            )),
            Some(Notice::ReasonRequired) => Line::from(Span::styled(
                format!(" {}", t.reason_required),
                ui.theme.bad(),
            )),
            Some(Notice::ReservationsRequired) => Line::from(Span::styled(
                format!(" {}", t.reservations_required),
                ui.theme.bad(),
            )),
            Some(Notice::Saving(path)) => Line::from(Span::styled(
                format!(" {}", fill(t.sql_saving, &[&clean(path)])),
                ui.theme.muted(),
            )),
            Some(Notice::Written { path, rows, masked }) => Line::from(Span::styled(
                format!(
                    " ✓ {}",
                    fill(
                        t.sql_saved,
                        &[
                            &clean(path),
                            &t.count(t.n_rows, *rows),
                            if *masked {
                                t.sql_text_masked
                            } else {
                                t.sql_text_unmasked
                            },
                        ]
                    )
                ),
                if *masked {
                    ui.theme.good()
                } else {
                    ui.theme.bad()
                },
            )),
            Some(Notice::AllDone) => {
                Line::from(Span::styled(format!(" ✓ {}", t.all_done), ui.theme.good()))
            }
            Some(Notice::NoSuggestion) => Line::from(Span::styled(
                format!(" {}", t.no_suggestion),
                ui.theme.muted(),
            )),
            Some(Notice::NotReady) => Line::from(Span::styled(
                format!(" {}", t.sql_not_ready),
                ui.theme.bad(),
            )),
            Some(Notice::ResourceFailed { resource, error }) => Line::from(Span::styled(
                format!(
                    " {}",
                    fill(
                        t.resource_failed,
                        &[&clean(app.overview.resource_label(resource)), &clean(error),],
                    )
                ),
                ui.theme.bad(),
            )),
            Some(Notice::SampleAt(dir)) => Line::from(Span::styled(
                format!(" {}", fill(t.sample_at, &[&clean(dir)])),
                ui.theme.header(),
            )),
            Some(Notice::Cancelled) => {
                Line::from(Span::styled(format!(" {}", t.cancelled), ui.theme.muted()))
            }
            None => Line::default(),
        }
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// The text being typed, as its prompt on top says it (`None`: no input, or one that shows
/// itself: the sign-off prompt, the SQL editor without a notice to show).
fn input_line(app: &App, ui: &Ui) -> Option<Line<'static>> {
    let t = ui.text();
    let text = app.input.as_ref()?;
    let prompt = |line: String| Some(Line::from(Span::styled(line, ui.theme.header())));
    match app.screens.top().map(|l| &l.screen) {
        // The prompt shows what is typed, and its own notice.
        Some(Screen::Signoff(_)) => Some(Line::default()),
        Some(Screen::Defects(d)) if d.rejecting.is_some() => {
            let id = d.rejecting.as_deref().unwrap_or_default();
            prompt(format!(
                " {}▏",
                fill(t.reason_prompt, &[&clean(id), &clean(text)])
            ))
        }
        Some(Screen::Checklist(c)) if c.commenting.is_some() => {
            let item = c.commenting.as_ref().map_or("", |(i, _)| i.as_str());
            prompt(format!(
                " {}▏",
                fill(t.comment_prompt, &[&clean(item), &clean(text)])
            ))
        }
        // The name of the file the result is saved to.
        Some(Screen::Sql(s)) if s.save.is_some() => {
            let format = match s.save {
                Some(crate::jobs::TableFormat::Xlsx) => "XLSX",
                _ => "CSV",
            };
            let masked = if app.unmasked {
                t.sql_text_unmasked
            } else {
                t.sql_text_masked
            };
            Some(Line::from(Span::styled(
                format!(
                    " {}▏",
                    fill(t.sql_save_prompt, &[format, masked, &clean(text)])
                ),
                ui.theme.header(),
            )))
        }
        // The SQL editor shows its own text; a notice shows in its place.
        Some(Screen::Sql(_)) if app.notice.is_none() => Some(Line::default()),
        Some(Screen::Sql(_)) => None,
        _ => {
            let in_rows = matches!(
                app.explorer().map(Explorer::level),
                Some(Level::Rows { .. })
            );
            let template = if in_rows { t.go_to_key } else { t.filter };
            prompt(format!(" {}▏", fill(template, &[&clean(text)])))
        }
    }
}

/// `employee.csv (livraison L2) a changé : nouveau rapprochement`.
fn inputs_changed(files: &[(Option<String>, String)], ui: &Ui) -> String {
    let t = ui.text();
    let names: Vec<String> = files
        .iter()
        .map(|(delivery, file)| match delivery {
            Some(d) => fill(t.delivery_file, &[&clean(file), &clean(d)]),
            None => fill(t.source_file, &[&clean(file)]),
        })
        .collect();
    fill(t.inputs_changed, &[&names.join(", ")])
}

/// `Rapprochement de L2 ▰▰▱▱▱ 2/5 employee · L2 — lecture de la source 40 %`.
pub fn progress_text(progress: Option<&Progress>, delivery: &str, ui: &Ui) -> String {
    let t = ui.text();
    let mut out = fill(t.reconciling, &[&clean(delivery)]);
    if let Some(p) = progress {
        let width = 10;
        let filled = (p.done * width).checked_div(p.total).unwrap_or(0);
        out.push_str(&format!(
            " {}{} {}/{} {}",
            "▰".repeat(filled),
            "▱".repeat(width - filled),
            p.done,
            p.total,
            clean(&p.subject)
        ));
        if let Some(stage) = p.stage {
            let stage = match stage {
                Stage::LoadingSource => t.stage_source,
                Stage::LoadingDelivery => t.stage_delivery,
                Stage::Comparing => t.stage_comparing,
                Stage::FromCache => t.stage_cache,
            };
            out.push_str(&format!(" — {stage}"));
        }
        if let Some(percent) = p.percent {
            out.push_str(&format!(" {percent:.0} %"));
        }
    }
    out
}

pub fn footer(frame: &mut Frame, area: Rect, app: &App, ui: &Ui) {
    // A file's name being typed: its keys (raw keys, no keymap section of their own).
    if app.sql().is_some_and(|s| s.save.is_some()) && app.input.is_some() {
        let t = ui.text();
        let hint = Span::styled(format!(" {}", t.sql_save_hint), ui.theme.muted());
        frame.render_widget(Paragraph::new(Line::from(hint)), area);
        return;
    }
    let mut spans = Vec::new();
    // In a text input, the global keys type (`?` is a character there).
    let bindings = match app.input_context() {
        Some(context) => ui
            .keymap
            .bindings(context)
            .iter()
            .filter(|b| b.main)
            .collect(),
        None => ui.keymap.main_bindings(app.context()),
    };
    for b in bindings {
        spans.push(Span::styled(
            format!(
                " {} ",
                b.on.first().map(|k| k.label(ui.lang)).unwrap_or_default()
            ),
            ui.theme.selected(),
        ));
        spans.push(Span::raw(format!(" {} ", b.short(ui.lang))));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// ` o OK · x KO · …`: the keys of `actions` as the keymap binds them in `context` (so
/// overrides show), each with its short words.
pub fn keys_line(ui: &Ui, context: Context, actions: &[Action]) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    for action in actions {
        let Some(b) = ui
            .keymap
            .bindings(context)
            .iter()
            .find(|b| b.run == *action)
        else {
            continue;
        };
        let Some(key) = b.on.first() else { continue };
        if spans.len() > 1 {
            spans.push(Span::styled("· ", ui.theme.muted()));
        }
        spans.push(Span::styled(key.label(ui.lang), ui.theme.header()));
        spans.push(Span::raw(format!(" {} ", b.short(ui.lang))));
    }
    Line::from(spans)
}
