//! The campaign home, under every screen: the resources against the delivery shown, and the
//! deliveries pane; its keys move the selection, choose the delivery (which reconciles it),
//! and open the screens above it. Pure state; must not import `tui` or `duckdb`.

use super::checklist::ChecklistScreen;
use super::defects::DefectsScreen;
use super::explorer::Explorer;
use super::list::ListState;
use super::stack::Screen;
use super::update::movement;
use super::{Action, App, Effect, Notice, Purpose, defect_form, signoff, sql, todo};
use crate::jobs::ResourceOutcome;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Home {
    pub list: ListState,
    pub focus: HomePane,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HomePane {
    #[default]
    Resources,
    Deliveries,
}

/// A key on home (nothing above it).
pub(super) fn on_key(app: &mut App, action: Action) -> Vec<Effect> {
    let page = app.page_rows() as isize;
    let visible = app.visible_resources();
    match (app.home.focus, action) {
        (_, Action::NextPane | Action::PreviousPane) => {
            app.home.focus = match app.home.focus {
                HomePane::Resources => HomePane::Deliveries,
                HomePane::Deliveries => HomePane::Resources,
            };
            Vec::new()
        }
        (_, Action::Back) => {
            let cancelled = app.jobs.forget(|p| matches!(p, Purpose::Overview(_)));
            if cancelled.is_empty() {
                // A confirmed filter is cleared: every resource shows again.
                app.home.list.set_filter(String::new());
                return Vec::new();
            }
            app.notice = Some(Notice::Cancelled);
            cancelled.into_iter().map(Effect::Cancel).collect()
        }
        (HomePane::Deliveries, Action::Up | Action::Left | Action::Down | Action::Right) => {
            let step: isize = if matches!(action, Action::Up | Action::Left) {
                -1
            } else {
                1
            };
            let target =
                (app.delivery as isize + step).clamp(0, app.deliveries.len() as isize - 1) as usize;
            if target == app.delivery {
                return Vec::new();
            }
            app.delivery = target;
            app.home.list.selected = 0;
            app.start_overview()
        }
        (HomePane::Deliveries, Action::Enter) => {
            app.home.focus = HomePane::Resources;
            Vec::new()
        }
        (_, Action::Sql) => sql::open(app),
        (_, Action::NextTodo) => todo::go(app),
        (HomePane::Resources, Action::NewDefect) => {
            let Some(target) = app.selected_resource().and_then(|r| r.reconciled()) else {
                return Vec::new();
            };
            let form = defect_form::for_resource(target, app.delivery_id().unwrap_or_default());
            defect_form::open(app, form, None)
        }
        (HomePane::Resources, Action::Signoff) => signoff::open(app),
        (_, Action::Defects) => {
            app.open(Screen::Defects(DefectsScreen::default()));
            Vec::new()
        }
        (HomePane::Resources, Action::Checklist | Action::Enter) => {
            open_resource(app, action);
            Vec::new()
        }
        (HomePane::Resources, _) => {
            if let Some(delta) = movement(action, page) {
                app.home.list.move_by(delta, visible.len());
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// The selected resource's checklist (`Action::Checklist`) or differences (Enter); a
/// resource that could not be reconciled has neither, and says why instead.
fn open_resource(app: &mut App, action: Action) {
    let Some(outcome) = app.selected_resource() else {
        return;
    };
    let screen = match (outcome, action) {
        (ResourceOutcome::Failed(f), _) => {
            app.notice = Some(Notice::ResourceFailed {
                resource: f.resource.name.clone(),
                error: f.error.clone(),
            });
            return;
        }
        (ResourceOutcome::Reconciled(r), Action::Checklist) => {
            Screen::Checklist(ChecklistScreen::new(r.resource.name.clone()))
        }
        (ResourceOutcome::Reconciled(r), _) => {
            let target = (**r).clone();
            let delivery = app
                .current_overview()
                .map(|o| o.delivery.clone())
                .unwrap_or_default();
            Screen::Explorer(Explorer::new(target, delivery))
        }
    };
    app.open(screen);
}
