//! The screens above home, as one stack (yazi's one `layer()`, gitui's popup stack): the top
//! layer gets the keys and says the context they resolve in, the drawing starts from the
//! topmost full screen and puts the overlays (a prompt, the help) over it, and the mouse
//! wheel asks the top layer too. Each layer has an id of its own, which is what awaited
//! jobs name (`awaited`): a layer closed takes what it waited for with it. Pure state; must
//! not import `tui` or `duckdb`.

use super::checklist::ChecklistScreen;
use super::defect_form::DefectForm;
use super::defects::DefectsScreen;
use super::explorer::{Explorer, Level};
use super::sample::{SampleReview, Summary};
use super::signoff::SignoffPrompt;
use super::sql::SqlScreen;
use super::{Action, Context};

/// A layer's id: never reused while the console runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ScreenId(pub u64);

#[derive(Debug, Clone)]
pub enum Screen {
    /// The diff explorer: categories → columns → patterns → rows → a record.
    Explorer(Explorer),
    /// A resource's checklist.
    Checklist(ChecklistScreen),
    /// The campaign's defects.
    Defects(DefectsScreen),
    /// The sample review of a checklist item.
    Sample(SampleReview),
    /// The SQL console.
    Sql(SqlScreen),
    /// The sign-off prompt, over the screen under it.
    Signoff(SignoffPrompt),
    /// The defect form, over the screen it was raised from.
    DefectForm(DefectForm),
    /// The summary at the end of a sample review, over it.
    Summary(Summary),
    /// The help, over everything.
    Help,
}

impl Screen {
    /// The keymap section of this layer; `None` for a prompt, whose keys are typed text
    /// (the footer then shows the bindings of the screen under it).
    pub fn context(&self) -> Option<Context> {
        Some(match self {
            Screen::Explorer(e) => match e.level() {
                Level::Rows { .. } => Context::Rows,
                Level::Record(_) => Context::Record,
                _ => Context::Explorer,
            },
            Screen::Checklist(_) => Context::Checklist,
            Screen::Defects(_) => Context::Defects,
            Screen::Sample(_) => Context::Sample,
            Screen::Sql(_) => Context::Sql,
            Screen::Help => Context::Help,
            Screen::DefectForm(_) => Context::DefectForm,
            Screen::Summary(_) => Context::Summary,
            Screen::Signoff(_) => return None,
        })
    }

    /// Whether this layer is drawn over the one under it rather than in its place.
    pub fn is_overlay(&self) -> bool {
        matches!(
            self,
            Screen::Signoff(_) | Screen::DefectForm(_) | Screen::Summary(_) | Screen::Help
        )
    }
}

#[derive(Debug, Clone)]
pub struct Layer {
    pub id: ScreenId,
    pub screen: Screen,
}

/// The layers above home, bottom first.
#[derive(Debug, Clone, Default)]
pub struct Stack {
    layers: Vec<Layer>,
    last_id: u64,
}

impl Stack {
    pub fn push(&mut self, screen: Screen) -> ScreenId {
        self.last_id += 1;
        let id = ScreenId(self.last_id);
        self.layers.push(Layer { id, screen });
        id
    }

    pub fn pop(&mut self) -> Option<Layer> {
        self.layers.pop()
    }

    pub fn is_empty(&self) -> bool {
        self.layers.is_empty()
    }

    /// Bottom first.
    pub fn layers(&self) -> &[Layer] {
        &self.layers
    }

    pub fn top(&self) -> Option<&Layer> {
        self.layers.last()
    }

    pub fn top_mut(&mut self) -> Option<&mut Layer> {
        self.layers.last_mut()
    }

    pub fn get(&self, id: ScreenId) -> Option<&Screen> {
        self.layers.iter().find(|l| l.id == id).map(|l| &l.screen)
    }

    pub fn get_mut(&mut self, id: ScreenId) -> Option<&mut Screen> {
        self.layers
            .iter_mut()
            .find(|l| l.id == id)
            .map(|l| &mut l.screen)
    }

    /// Closes layer `id` (wherever it is); whether it was open.
    pub fn remove(&mut self, id: ScreenId) -> bool {
        let before = self.layers.len();
        self.layers.retain(|l| l.id != id);
        self.layers.len() < before
    }

    /// Closes every layer `keep` refuses; returns the ids closed.
    pub fn retain(&mut self, keep: impl Fn(&Screen) -> bool) -> Vec<ScreenId> {
        let closed = self
            .layers
            .iter()
            .filter(|l| !keep(&l.screen))
            .map(|l| l.id)
            .collect();
        self.layers.retain(|l| keep(&l.screen));
        closed
    }

    /// The context keys resolve in: the top layer's (a prompt's: the one under it's).
    pub fn context(&self) -> Context {
        self.layers
            .iter()
            .rev()
            .find_map(|l| l.screen.context())
            .unwrap_or(Context::Home)
    }

    /// The context of the screen under the help (what the help describes).
    pub fn screen_context(&self) -> Context {
        self.layers
            .iter()
            .rev()
            .filter(|l| !matches!(l.screen, Screen::Help))
            .find_map(|l| l.screen.context())
            .unwrap_or(Context::Home)
    }

    /// The topmost layer drawn in the body's whole place (`None`: home), and the overlays
    /// above it, bottom first.
    pub fn drawn(&self) -> (Option<&Layer>, &[Layer]) {
        match self.layers.iter().rposition(|l| !l.screen.is_overlay()) {
            Some(at) => (Some(&self.layers[at]), &self.layers[at + 1..]),
            None => (None, &self.layers[..]),
        }
    }

    /// What the mouse wheel does (`up`: scrolled up): the move of the top layer, when it
    /// scrolls. Nothing over a prompt or the help, and nothing on home's deliveries (a move
    /// there starts a reconciliation: `home_scrolls` says whether home scrolls).
    pub fn wheel(&self, up: bool, home_scrolls: bool) -> Option<Action> {
        let scrolls = match self.top() {
            None => home_scrolls,
            Some(l) => !l.screen.is_overlay(),
        };
        scrolls.then_some(if up { Action::Up } else { Action::Down })
    }
}

/// Typed access to the topmost layer of each kind (`app.explorer()`...), for the code that
/// knows which screen it works on.
macro_rules! find_screen {
    ($($get:ident, $get_mut:ident, $variant:ident, $type:ty;)*) => {
        impl super::App {
            $(
                pub fn $get(&self) -> Option<&$type> {
                    self.screens.layers().iter().rev().find_map(|l| match &l.screen {
                        Screen::$variant(s) => Some(s),
                        _ => None,
                    })
                }

                pub fn $get_mut(&mut self) -> Option<&mut $type> {
                    self.screens.layers.iter_mut().rev().find_map(|l| match &mut l.screen {
                        Screen::$variant(s) => Some(s),
                        _ => None,
                    })
                }
            )*
        }
    };
}

find_screen! {
    explorer, explorer_mut, Explorer, Explorer;
    checklist, checklist_mut, Checklist, ChecklistScreen;
    defects, defects_mut, Defects, DefectsScreen;
    sample, sample_mut, Sample, SampleReview;
    sql, sql_mut, Sql, SqlScreen;
    signoff, signoff_mut, Signoff, SignoffPrompt;
    defect_form, defect_form_mut, DefectForm, DefectForm;
}
