//! Drawing: `draw(frame, &App, &Ui)` only reads the state and renders widgets rebuilt each
//! frame. One file per screen; every text from `i18n`, every value from data through
//! `clean` (`domain::text::for_terminal`). Must not import `duckdb`, `store` calls or mutate the app.

mod causes;
mod checklist;
mod chrome;
mod defect_form;
mod defects;
mod explorer;
mod help;
mod home;
mod record;
mod sample;
mod signoff;
mod sql;
mod summary;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::keymap::Keymap;
use super::theme::Theme;
use crate::app::{App, Screen};
use crate::domain::i18n::{Catalogue, Lang};

/// What drawing needs besides the state: language, keymap, theme, spinner phase.
pub struct Ui {
    pub lang: Lang,
    pub keymap: Keymap,
    pub theme: Theme,
    /// Advances on each tick while a job runs.
    pub spinner: usize,
}

impl Ui {
    pub fn text(&self) -> &'static Catalogue {
        self.lang.catalogue()
    }
}

/// Values from files, safe to print: control and invisible characters shown escaped.
pub fn clean(value: &str) -> String {
    crate::domain::text::for_terminal(value).into_owned()
}

pub fn draw(frame: &mut Frame, app: &App, ui: &Ui) {
    let [header, crumb, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    chrome::header(frame, header, app, ui);
    // The topmost screen in the body's place (home when none), then the overlays over it.
    let (base, overlays) = app.screens.drawn();
    match base.map(|l| &l.screen) {
        Some(Screen::Explorer(explorer)) => {
            chrome::breadcrumb(frame, crumb, explorer, ui);
            explorer::draw(frame, body, app, explorer, ui);
        }
        base => {
            chrome::go_line(frame, crumb, app, ui);
            match base {
                Some(Screen::Sql(screen)) => sql::draw(frame, body, app, screen, ui),
                Some(Screen::Sample(review)) => sample::draw(frame, body, app, review, ui),
                Some(Screen::Defects(screen)) => defects::draw(frame, body, app, screen, ui),
                Some(Screen::Checklist(screen)) => checklist::draw(frame, body, app, screen, ui),
                _ => home::draw(frame, body, app, ui),
            }
        }
    }
    chrome::status(frame, status, app, ui);
    chrome::footer(frame, footer, app, ui);
    for layer in overlays {
        match &layer.screen {
            Screen::Signoff(prompt) => signoff::draw(frame, body, app, prompt, ui),
            Screen::DefectForm(form) => defect_form::draw(frame, body, app, layer.id, form, ui),
            Screen::Summary(summary) => summary::draw(frame, body, summary, ui),
            // The whole height: every context's bindings fit at 80×24.
            Screen::Help => help::draw(frame, centered(frame.area(), 90, 100), app, ui),
            _ => {}
        }
    }
}

/// A rectangle of `percent_x` × `percent_y` of `area`, centred.
/// A form or a summary over the screen: `lines` in a bordered box titled `title`, as tall
/// as they are once wrapped (within `area`), centred vertically, over what was drawn.
pub fn modal(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line>, ui: &Ui) {
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
        .border_style(ui.theme.focused_border())
        .title(Span::styled(format!(" {title} "), ui.theme.title()));
    frame.render_widget(Clear, middle);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        middle,
    );
}

fn centered(area: Rect, percent_x: u16, percent_y: u16) -> Rect {
    let [_, v, _] = Layout::vertical([
        Constraint::Percentage((100 - percent_y) / 2),
        Constraint::Percentage(percent_y),
        Constraint::Percentage((100 - percent_y) / 2),
    ])
    .areas(area);
    let [_, h, _] = Layout::horizontal([
        Constraint::Percentage((100 - percent_x) / 2),
        Constraint::Percentage(percent_x),
        Constraint::Percentage((100 - percent_x) / 2),
    ])
    .areas(v);
    h
}
