//! "Next item to do": from home or a checklist, one key goes to the next checklist item
//! without a verdict on the delivery shown — after the selected one in its resource, then
//! resource after resource in the campaign's order, round to where it started. Pure state;
//! must not import `tui` or `duckdb`.

use super::checklist::ChecklistScreen;
use super::stack::Screen;
use super::{App, Effect, Notice};
use crate::jobs::Overview;

/// The next item to do strictly after item `after` of resource `from` (`None`: from the
/// resource's first item on), round the campaign: (resource index, item index).
pub fn next(overview: &Overview, from: usize, after: Option<usize>) -> Option<(usize, usize)> {
    let resources = &overview.resources;
    let n = resources.len();
    let todo = |r: usize| -> Vec<usize> {
        resources[r]
            .reconciled()
            .map(|o| {
                o.verdicts
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| v.verdict == "todo")
                    .map(|(i, _)| i)
                    .collect()
            })
            .unwrap_or_default()
    };
    let start = after.map_or(0, |i| i + 1);
    if let Some(&i) = todo(from).iter().find(|&&i| i >= start) {
        return Some((from, i));
    }
    for step in 1..=n {
        let r = (from + step) % n;
        // Back on the resource it started from: its items before the one selected.
        if let Some(&i) = todo(r).first() {
            return Some((r, i));
        }
    }
    None
}

/// `t`: the next item to do, from home (the selected resource's first one on) or from the
/// checklist on top (after its selected item). Its checklist opens, the item selected.
pub(super) fn go(app: &mut App) -> Vec<Effect> {
    let Some(overview) = app.current_overview() else {
        return Vec::new();
    };
    let index = |name: &str| {
        overview
            .resources
            .iter()
            .position(|r| r.resource().name == name)
    };
    let (from, after) = match app.screens.top().map(|l| &l.screen) {
        Some(Screen::Checklist(c)) => match index(&c.resource) {
            Some(r) => (r, Some(c.list.selected)),
            None => return Vec::new(),
        },
        _ => match app.home.list.current(&app.visible_resources()) {
            Some(r) => (r, None),
            None => (0, None),
        },
    };
    let Some((r, item)) = next(overview, from, after) else {
        app.notice = Some(Notice::AllDone);
        return Vec::new();
    };
    let name = overview.resources[r].resource().name.clone();
    // Home follows, so that Esc comes back to the resource of the item.
    if let Some(at) = app.visible_resources().iter().position(|&i| i == r) {
        app.home.list.selected = at;
    }
    let mut screen = ChecklistScreen::new(name);
    screen.list.selected = item;
    match app.screens.top_mut().map(|l| &mut l.screen) {
        Some(Screen::Checklist(open)) => *open = screen,
        _ => {
            app.open(Screen::Checklist(screen));
        }
    }
    Vec::new()
}
