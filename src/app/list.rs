//! A short in-memory list with a selection and a text filter (resources, categories,
//! columns, value patterns). Pure state; must not import `tui`, `store` or `duckdb`.

/// Selection and filter of a list whose items the caller supplies each time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListState {
    /// Index into the filtered items.
    pub selected: usize,
    /// Items whose label contains this text (any case) are shown; empty: all.
    pub filter: String,
}

impl ListState {
    /// Indexes of the items shown, given every item's label.
    pub fn visible<'a>(&self, labels: impl IntoIterator<Item = &'a str>) -> Vec<usize> {
        let needle = self.filter.to_lowercase();
        labels
            .into_iter()
            .enumerate()
            .filter(|(_, label)| needle.is_empty() || label.to_lowercase().contains(&needle))
            .map(|(i, _)| i)
            .collect()
    }

    /// Moves the selection by `delta`, kept within `len` items.
    pub fn move_by(&mut self, delta: isize, len: usize) {
        if len == 0 {
            self.selected = 0;
            return;
        }
        let target = self.selected as isize + delta;
        self.selected = target.clamp(0, len as isize - 1) as usize;
    }

    pub fn set_filter(&mut self, filter: String) {
        self.filter = filter;
        self.selected = 0;
    }

    /// The item selected, as an index into all items.
    pub fn current(&self, visible: &[usize]) -> Option<usize> {
        visible.get(self.selected).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_ignores_case_and_the_selection_stays_in_bounds() {
        let mut list = ListState::default();
        let labels = ["employee", "firm", "Employment"];
        list.set_filter("EMPLOY".into());
        let visible = list.visible(labels);
        assert_eq!(visible, [0, 2]);
        list.move_by(5, visible.len());
        assert_eq!(list.current(&visible), Some(2));
        list.move_by(-9, visible.len());
        assert_eq!(list.current(&visible), Some(0));
        list.move_by(1, 0);
        assert_eq!(list.selected, 0);
    }
}
