//! What the console can be told (`Msg`), the commands keys resolve to (`Action`, named in
//! the keymap), the screen contexts keys are resolved in, and what `update` asks the
//! runtime to do (`Effect`). Pure data; must not import `tui` or `duckdb`.

use crate::jobs::{ChangedInput, JobEvent, JobId, PagerRequest, Recording, SqlRequest};

#[derive(Debug, Clone)]
pub enum Msg {
    /// A key resolved through the keymap.
    Action(Action),
    /// A raw key while a text input has the focus (inputs see keys before the keymap).
    Input(InputKey),
    /// Text pasted into the input that has the focus (bracketed paste: line breaks are
    /// text, not Enter).
    Paste(String),
    Job(JobEvent),
    /// Input files changed on disk since the results shown were computed.
    InputsChanged(Vec<ChangedInput>),
    Resize {
        width: u16,
        height: u16,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKey {
    Char(char),
    Backspace,
    Enter,
    Esc,
    /// Tab in a form: the next choice (a defect's severity).
    Tab,
    /// Shift-Tab in a form: the previous field.
    BackTab,
    /// Arrows in the SQL editor: the history.
    Up,
    Down,
    /// Moving and deleting in the SQL editor.
    Left,
    Right,
    Home,
    End,
    Delete,
}

/// The commands of the console; `name` is how the keymap's `run` spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Enter,
    Back,
    Quit,
    Help,
    Filter,
    NextPane,
    /// The next row's record, from a record.
    Next,
    Previous,
    /// The checklist of the resource selected on the home screen.
    Checklist,
    VerdictOk,
    VerdictKo,
    VerdictNa,
    VerdictBlocked,
    VerdictTodo,
    /// A comment on the selected item's verdict (text input).
    Comment,
    /// The defects screen.
    Defects,
    /// A defect's status: fixed in the delivery shown, verified, reopened, rejected.
    Fixed,
    Verified,
    Reopened,
    Rejected,
    /// The SQL console.
    Sql,
    /// Back to the SQL editor, from its result.
    Edit,
    /// The defects screen's filters, each to its next value: status, severity, resource,
    /// delivery found in; and its grouping (none, by resource, severity, status).
    FilterStatus,
    FilterSeverity,
    FilterResource,
    FilterDelivery,
    Group,
    /// Sign off the resource on the delivery shown (a prompt: reservations when refused).
    Signoff,
    /// The next checklist item without a verdict, resource after resource.
    NextTodo,
    /// Raise a defect from what is shown (a resource, an item, a record, a suggestion).
    NewDefect,
    /// The previous pane or field (the next one is `NextPane`).
    PreviousPane,
    /// Send the form being filled, from any of its fields.
    Submit,
}

impl Action {
    pub const ALL: [Action; 40] = [
        Action::Up,
        Action::Down,
        Action::Left,
        Action::Right,
        Action::PageUp,
        Action::PageDown,
        Action::Top,
        Action::Bottom,
        Action::Enter,
        Action::Back,
        Action::Quit,
        Action::Help,
        Action::Filter,
        Action::NextPane,
        Action::Next,
        Action::Previous,
        Action::Checklist,
        Action::VerdictOk,
        Action::VerdictKo,
        Action::VerdictNa,
        Action::VerdictBlocked,
        Action::VerdictTodo,
        Action::Comment,
        Action::Defects,
        Action::Fixed,
        Action::Verified,
        Action::Reopened,
        Action::Rejected,
        Action::Sql,
        Action::Edit,
        Action::FilterStatus,
        Action::FilterSeverity,
        Action::FilterResource,
        Action::FilterDelivery,
        Action::Group,
        Action::Signoff,
        Action::NextTodo,
        Action::NewDefect,
        Action::PreviousPane,
        Action::Submit,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Action::Up => "up",
            Action::Down => "down",
            Action::Left => "left",
            Action::Right => "right",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::Enter => "enter",
            Action::Back => "back",
            Action::Quit => "quit",
            Action::Help => "help",
            Action::Filter => "filter",
            Action::NextPane => "next_pane",
            Action::Next => "next",
            Action::Previous => "previous",
            Action::Checklist => "checklist",
            Action::VerdictOk => "verdict_ok",
            Action::VerdictKo => "verdict_ko",
            Action::VerdictNa => "verdict_na",
            Action::VerdictBlocked => "verdict_blocked",
            Action::VerdictTodo => "verdict_todo",
            Action::Comment => "comment",
            Action::Defects => "defects",
            Action::Fixed => "fixed",
            Action::Verified => "verified",
            Action::Reopened => "reopened",
            Action::Rejected => "rejected",
            Action::Sql => "sql",
            Action::Edit => "edit",
            Action::FilterStatus => "filter_status",
            Action::FilterSeverity => "filter_severity",
            Action::FilterResource => "filter_resource",
            Action::FilterDelivery => "filter_delivery",
            Action::Group => "group",
            Action::Signoff => "signoff",
            Action::NextTodo => "next_todo",
            Action::NewDefect => "new_defect",
            Action::PreviousPane => "previous_pane",
            Action::Submit => "submit",
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// Where keys are resolved: each has its section in the keymap (plus `global`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Home,
    /// The explorer's lists: categories, columns, value patterns.
    Explorer,
    /// A table of result rows.
    Rows,
    /// One record side by side.
    Record,
    /// A resource's checklist: items and verdicts.
    Checklist,
    /// The sample review of a checklist item, one record at a time.
    Sample,
    /// The defects of the campaign.
    Defects,
    /// The SQL console's result (its editor is a text input).
    Sql,
    /// The summary at the end of a sample review, proposing the item's verdict.
    Summary,
    /// The defect form (a text input: only keys that type nothing resolve here).
    DefectForm,
    Help,
}

impl Context {
    pub const ALL: [Context; 11] = [
        Context::Home,
        Context::Explorer,
        Context::Rows,
        Context::Record,
        Context::Checklist,
        Context::Sample,
        Context::Defects,
        Context::Sql,
        Context::Summary,
        Context::DefectForm,
        Context::Help,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Home => "home",
            Context::Explorer => "explorer",
            Context::Rows => "rows",
            Context::Record => "record",
            Context::Checklist => "checklist",
            Context::Sample => "sample",
            Context::Defects => "defects",
            Context::Sql => "sql",
            Context::Summary => "summary",
            Context::DefectForm => "defect_form",
            Context::Help => "help",
        }
    }
}

/// Work `update` hands to the runtime.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Reconcile every resource against `delivery` on a job thread.
    StartOverview {
        id: JobId,
        delivery: String,
    },
    /// What changed since the previous delivery, per resource, on a job thread.
    StartTrends {
        id: JobId,
        delivery: String,
    },
    Cancel(JobId),
    /// A window of rows or a record, read by the pager.
    Fetch {
        id: JobId,
        request: PagerRequest,
    },
    /// Append an entry to the journal (on a job thread: a write and an fsync).
    Record {
        id: JobId,
        recording: Recording,
    },
    /// A query or a window of its result, for the SQL worker.
    Sql {
        id: JobId,
        request: SqlRequest,
    },
    Quit,
}
