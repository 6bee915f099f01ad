//! A table of result rows that holds only a window of them (a few hundred of possibly
//! millions): the selection moves inside the window, and near its edges the table asks for
//! a new window anchored on a key it shows — or, in the order of a column, on a position —
//! so the rows on screen never jump. A column cursor says which column sorting and the
//! frequencies are about. Pure state; must not import `tui` or `duckdb`.

use crate::domain::report::KeyValue;
use crate::jobs::{Anchor, JobId, RowsOrder, RowsQuery, Window, WindowRow};

/// Rows fetched at once: several screens, so that scrolling asks rarely.
pub const WINDOW_ROWS: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub struct RowsTable {
    /// The query of this table (its anchor is that of the last request).
    pub query: RowsQuery,
    /// Rows in this table, when known (the report's counts).
    pub total: Option<u64>,
    pub rows: Vec<WindowRow>,
    /// Position of `rows[0]` among all rows, when known.
    pub first: Option<u64>,
    pub selected: usize,
    /// First row shown.
    pub offset: usize,
    pub pending: Option<PendingWindow>,
    /// True once a window reached the last row.
    pub end_seen: bool,
    pub loaded: bool,
    /// The column the cursor is on (sorting and frequencies are about it).
    pub column: usize,
}

/// A window asked for and not yet arrived.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingWindow {
    pub id: JobId,
    pub anchor: Anchor,
    /// Where the anchor key sits among all rows, when known.
    pub anchor_position: Option<u64>,
}

impl RowsTable {
    pub fn new(query: RowsQuery, total: Option<u64>) -> RowsTable {
        RowsTable {
            query,
            total,
            rows: Vec::new(),
            first: Some(0),
            selected: 0,
            offset: 0,
            pending: None,
            end_seen: false,
            loaded: false,
            column: 0,
        }
    }

    /// Whether the rows are in the order of a column (anchors are then positions).
    pub fn ordered(&self) -> bool {
        self.query.order.is_some()
    }

    /// The rows in `order` (`None`: the key's) from the first one: the rows held go, the
    /// caller asks for the first window.
    pub fn reorder(&mut self, order: Option<RowsOrder>) {
        let column = self.column;
        *self = RowsTable::new(
            RowsQuery {
                order,
                ..self.query.clone()
            },
            self.total,
        );
        self.column = column;
    }

    /// The anchor on row `i` of the window: its key, or in a column's order its position.
    fn anchor_on(&self, i: usize) -> KeyValue {
        match (self.ordered(), self.first) {
            (true, Some(first)) => vec![Some((first + i as u64).to_string())],
            _ => self.rows[i].key.clone(),
        }
    }

    /// The query for a window at `anchor`, remembered as pending under `id`.
    pub fn ask(&mut self, id: JobId, anchor: Anchor) -> RowsQuery {
        let ordered = self.ordered();
        let anchor_position = match &anchor {
            Anchor::Start => Some(0),
            Anchor::End => None,
            // In a column's order, the anchor is the position.
            Anchor::AtOrAfter(key) | Anchor::AtOrBefore(key) if ordered => {
                key.first().cloned().flatten().and_then(|p| p.parse().ok())
            }
            Anchor::AtOrAfter(key) | Anchor::AtOrBefore(key) => self
                .rows
                .iter()
                .position(|r| &r.key == key)
                .and_then(|i| self.first.map(|f| f + i as u64)),
        };
        self.pending = Some(PendingWindow {
            id,
            anchor: anchor.clone(),
            anchor_position,
        });
        RowsQuery {
            anchor,
            limit: WINDOW_ROWS,
            ..self.query.clone()
        }
    }

    /// Takes a window in if it is the one asked for last (true), else ignores it.
    pub fn receive(&mut self, id: JobId, window: Window, page: usize) -> bool {
        let Some(pending) = self.pending.take_if(|p| p.id == id) else {
            return false;
        };
        // The row selected now (the user may have moved while waiting) stays selected.
        let selected = self.selected_key().cloned();
        let len = window.rows.len();
        let short = len < window.query.limit;
        self.rows = window.rows;
        self.loaded = true;
        let keep = selected.and_then(|k| self.rows.iter().position(|r| r.key == k));
        match pending.anchor {
            Anchor::Start => {
                self.first = Some(0);
                self.end_seen = short;
                self.selected = 0;
                self.offset = 0;
            }
            Anchor::End => {
                self.first = self.total.map(|t| t.saturating_sub(len as u64));
                self.end_seen = true;
                self.selected = len.saturating_sub(1);
                self.offset = len.saturating_sub(page);
            }
            Anchor::AtOrAfter(_) => {
                self.first = pending.anchor_position;
                self.end_seen = short;
                self.selected = keep.unwrap_or(0);
                self.offset = 0;
            }
            Anchor::AtOrBefore(_) => {
                self.first = pending
                    .anchor_position
                    .map(|p| (p + 1).saturating_sub(len as u64));
                if short {
                    self.first = Some(0);
                }
                self.selected = keep.unwrap_or(len.saturating_sub(1));
                self.offset = len.saturating_sub(page);
            }
        }
        self.keep_visible(page);
        true
    }

    /// Moves the selection; returns the anchor of the window to ask for, if one is needed.
    pub fn move_by(&mut self, delta: isize, page: usize) -> Option<Anchor> {
        if self.rows.is_empty() {
            return None;
        }
        let target = (self.selected as isize + delta).clamp(0, self.rows.len() as isize - 1);
        self.selected = target as usize;
        self.keep_visible(page);
        self.edge_anchor(page)
    }

    /// To the first row (asks for the first window unless it is here).
    pub fn top(&mut self, page: usize) -> Option<Anchor> {
        if self.first == Some(0) {
            self.selected = 0;
            self.keep_visible(page);
            None
        } else {
            Some(Anchor::Start)
        }
    }

    /// To the last row (asks for the last window unless it is here).
    pub fn to_end(&mut self, page: usize) -> Option<Anchor> {
        if self.at_end() {
            self.selected = self.rows.len().saturating_sub(1);
            self.keep_visible(page);
            None
        } else {
            Some(Anchor::End)
        }
    }

    pub fn selected_key(&self) -> Option<&KeyValue> {
        self.rows.get(self.selected).map(|r| &r.key)
    }

    /// The selected row's position among all rows (from 1), when known.
    pub fn position(&self) -> Option<u64> {
        self.first.map(|f| f + self.selected as u64 + 1)
    }

    pub fn at_end(&self) -> bool {
        match (self.total, self.first) {
            (Some(t), Some(f)) => f + self.rows.len() as u64 >= t,
            _ => self.end_seen,
        }
    }

    fn at_start(&self) -> bool {
        self.first == Some(0)
    }

    fn edge_anchor(&self, page: usize) -> Option<Anchor> {
        if self.pending.is_some() {
            return None;
        }
        if self.selected + page >= self.rows.len() && !self.at_end() {
            return Some(Anchor::AtOrAfter(self.anchor_on(self.offset)));
        }
        if self.selected < page && !self.at_start() {
            let bottom = (self.offset + page).min(self.rows.len()) - 1;
            return Some(Anchor::AtOrBefore(self.anchor_on(bottom)));
        }
        None
    }

    fn keep_visible(&mut self, page: usize) {
        let page = page.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::KeyCategory;
    use crate::domain::results::ResultFiles;
    use crate::domain::rows::{RowsFilter, RowsSource};

    fn query() -> RowsQuery {
        RowsQuery {
            source: RowsSource::Results {
                key_count: 1,
                files: ResultFiles {
                    keys: "k".into(),
                    differences: "d".into(),
                    null_keys: "n".into(),
                },
                filter: RowsFilter::Category(KeyCategory::Missing),
            },
            anchor: Anchor::Start,
            limit: WINDOW_ROWS,
            order: None,
            only: Vec::new(),
        }
    }

    /// A window of keys `from..to` (zero-padded), as the pager would send it.
    fn window(asked: RowsQuery, from: u64, to: u64) -> Window {
        Window {
            query: asked,
            rows: (from..to)
                .map(|i| WindowRow {
                    key: vec![Some(format!("{i:06}"))],
                    cells: vec![],
                })
                .collect(),
        }
    }

    #[test]
    fn scrolling_down_asks_for_the_next_window_from_the_top_row_shown() {
        let mut t = RowsTable::new(query(), Some(1000));
        let q = t.ask(JobId(1), Anchor::Start);
        assert!(t.receive(JobId(1), window(q, 0, 200), 10));
        assert_eq!((t.selected, t.offset, t.position()), (0, 0, Some(1)));
        for _ in 0..189 {
            assert_eq!(t.move_by(1, 10), None);
        }
        let anchor = t.move_by(1, 10).expect("near the edge");
        assert_eq!(anchor, Anchor::AtOrAfter(vec![Some("000181".into())]));
        let q = t.ask(JobId(2), anchor);
        assert!(!t.receive(JobId(1), window(q.clone(), 0, 1), 10), "stale");
        assert!(t.receive(JobId(2), window(q, 181, 381), 10));
        assert_eq!(t.selected_key(), Some(&vec![Some("000190".into())]));
        assert_eq!(t.position(), Some(191));
        assert_eq!(t.offset, 0, "the rows on screen did not move");
    }

    #[test]
    fn the_end_and_back_up_keep_positions_exact() {
        let mut t = RowsTable::new(query(), Some(1000));
        let q = t.ask(JobId(1), Anchor::Start);
        t.receive(JobId(1), window(q, 0, 200), 10);
        let anchor = t.to_end(10).expect("not loaded");
        let q = t.ask(JobId(2), anchor);
        t.receive(JobId(2), window(q, 800, 1000), 10);
        assert_eq!(t.position(), Some(1000));
        assert!(t.at_end());
        assert_eq!(t.offset, 190);
        let mut asked = None;
        for _ in 0..195 {
            if let Some(anchor) = t.move_by(-1, 10) {
                let Anchor::AtOrBefore(ref key) = anchor else {
                    panic!("{anchor:?}")
                };
                let bottom: u64 = key[0].as_deref().unwrap().parse().unwrap();
                asked = Some((t.ask(JobId(3), anchor), bottom));
            }
        }
        let (q, bottom) = asked.expect("near the top of the window");
        let kept = t.selected_key().cloned();
        t.receive(JobId(3), window(q, bottom + 1 - 200, bottom + 1), 10);
        assert_eq!(t.selected_key().cloned(), kept);
        let selected: u64 = kept.unwrap()[0].as_deref().unwrap().parse().unwrap();
        assert_eq!(t.position(), Some(selected + 1));
    }

    #[test]
    fn an_empty_table_does_not_move() {
        let mut t = RowsTable::new(query(), Some(0));
        let q = t.ask(JobId(1), Anchor::Start);
        t.receive(JobId(1), window(q, 0, 0), 10);
        assert_eq!(t.move_by(1, 10), None);
        assert_eq!(t.selected_key(), None);
    }

    #[test]
    fn in_a_columns_order_the_windows_are_anchored_on_positions() {
        let mut t = RowsTable::new(query(), Some(1000));
        t.column = 2;
        t.reorder(Some(RowsOrder {
            column: 2,
            descending: true,
        }));
        assert!(t.ordered() && !t.loaded && t.column == 2);
        let q = t.ask(JobId(1), Anchor::Start);
        assert!(t.receive(JobId(1), window(q, 500, 700), 10));
        for _ in 0..189 {
            t.move_by(1, 10);
        }
        // The key shown at the top of the screen is 000681, but the anchor is its place.
        let anchor = t.move_by(1, 10).expect("near the edge");
        assert_eq!(anchor, Anchor::AtOrAfter(vec![Some("181".into())]));
        let q = t.ask(JobId(2), anchor);
        assert!(t.receive(JobId(2), window(q, 681, 881), 10));
        assert_eq!(t.position(), Some(191));
        assert_eq!(t.selected_key(), Some(&vec![Some("000690".into())]));
    }
}
