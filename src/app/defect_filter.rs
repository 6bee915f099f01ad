//! Which defects the defects screen shows, and in which groups: a filter per status,
//! severity, resource and delivery found in (each key cycles through its values, then back
//! to all), and a grouping by resource, severity or status that orders the list under a
//! header line per group. Pure; must not import `tui` or `duckdb`.

use crate::journal::{DefectRecord, DefectStatus, Severity};

/// The status filter's values; `Open` takes the reopened ones too (both need work).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum StatusClass {
    #[default]
    All,
    Open,
    Fixed,
    Verified,
    Rejected,
}

impl StatusClass {
    /// In cycling order, which is also the order of the status groups (after `All`).
    pub const ALL: [StatusClass; 5] = [
        StatusClass::All,
        StatusClass::Open,
        StatusClass::Fixed,
        StatusClass::Verified,
        StatusClass::Rejected,
    ];

    pub fn of(status: &DefectStatus) -> StatusClass {
        match status {
            DefectStatus::Open | DefectStatus::Reopened => StatusClass::Open,
            DefectStatus::Fixed { .. } => StatusClass::Fixed,
            DefectStatus::Verified => StatusClass::Verified,
            DefectStatus::Rejected { .. } => StatusClass::Rejected,
        }
    }

    fn matches(self, status: &DefectStatus) -> bool {
        self == StatusClass::All || self == StatusClass::of(status)
    }
}

/// How the list is grouped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Grouping {
    #[default]
    None,
    Resource,
    Severity,
    Status,
}

impl Grouping {
    pub const ALL: [Grouping; 4] = [
        Grouping::None,
        Grouping::Resource,
        Grouping::Severity,
        Grouping::Status,
    ];
}

/// The filters of the defects screen; the default shows every defect, ungrouped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DefectFilters {
    pub status: StatusClass,
    /// `None`: every severity.
    pub severity: Option<Severity>,
    /// `None`: every resource.
    pub resource: Option<String>,
    /// The delivery the defects were found in; `None`: every one.
    pub delivery: Option<String>,
    pub grouping: Grouping,
}

impl DefectFilters {
    /// Whether any filter or the grouping is on.
    pub fn any(&self) -> bool {
        *self != DefectFilters::default()
    }

    pub fn matches(&self, d: &DefectRecord) -> bool {
        self.status.matches(&d.status)
            && self.severity.is_none_or(|s| s == d.severity)
            && self.resource.as_ref().is_none_or(|r| *r == d.resource)
            && self
                .delivery
                .as_ref()
                .is_none_or(|x| d.delivery.as_ref() == Some(x))
    }

    pub fn next_status(&mut self) {
        self.status = next_in(&StatusClass::ALL, self.status);
    }

    pub fn next_grouping(&mut self) {
        self.grouping = next_in(&Grouping::ALL, self.grouping);
    }

    pub fn next_severity(&mut self) {
        self.severity = cycle(self.severity, &Severity::ALL);
    }

    /// The next of `resources` (those that have defects, in the campaign's order).
    pub fn next_resource(&mut self, resources: &[String]) {
        self.resource = cycle(self.resource.take(), resources);
    }

    /// The next of `deliveries` (those defects were found in, oldest first).
    pub fn next_delivery(&mut self, deliveries: &[String]) {
        self.delivery = cycle(self.delivery.take(), deliveries);
    }
}

/// The value after `current` in `values`, back to the first after the last.
fn next_in<T: Copy + PartialEq>(values: &[T], current: T) -> T {
    let at = values.iter().position(|v| *v == current).unwrap_or(0);
    values[(at + 1) % values.len()]
}

/// All → the first option → ... → the last → all again (a value no longer offered, e.g. a
/// resource whose defects are gone, goes back to all).
fn cycle<T: Clone + PartialEq>(current: Option<T>, options: &[T]) -> Option<T> {
    match current {
        None => options.first().cloned(),
        Some(value) => {
            let at = options.iter().position(|o| *o == value)?;
            options.get(at + 1).cloned()
        }
    }
}

/// What a group's header line names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupKey {
    Resource(String),
    Severity(Severity),
    Status(StatusClass),
}

/// One line of the defects list: a group's header (with its count), or a defect (an index
/// into every defect).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefectLine {
    Header { key: GroupKey, count: usize },
    Defect(usize),
}

/// The lines of the list for `shown` (indexes into `defects`, in their order), grouped by
/// `grouping`; `resources` orders the resource groups (others follow, by name).
pub fn lines(
    defects: &[DefectRecord],
    shown: &[usize],
    grouping: Grouping,
    resources: &[String],
) -> Vec<DefectLine> {
    let key = |d: &DefectRecord| match grouping {
        Grouping::None => None,
        Grouping::Resource => Some(GroupKey::Resource(d.resource.clone())),
        Grouping::Severity => Some(GroupKey::Severity(d.severity)),
        Grouping::Status => Some(GroupKey::Status(StatusClass::of(&d.status))),
    };
    let rank = |k: &GroupKey| -> (usize, String) {
        match k {
            GroupKey::Resource(r) => match resources.iter().position(|x| x == r) {
                Some(at) => (at, String::new()),
                None => (resources.len(), r.clone()),
            },
            GroupKey::Severity(s) => (
                Severity::ALL.iter().position(|x| x == s).unwrap_or(0),
                String::new(),
            ),
            GroupKey::Status(s) => (
                StatusClass::ALL.iter().position(|x| x == s).unwrap_or(0),
                String::new(),
            ),
        }
    };
    let mut groups: Vec<(GroupKey, Vec<usize>)> = Vec::new();
    for &i in shown {
        let Some(k) = key(&defects[i]) else {
            return shown.iter().map(|&i| DefectLine::Defect(i)).collect();
        };
        match groups.iter_mut().find(|(g, _)| *g == k) {
            Some((_, members)) => members.push(i),
            None => groups.push((k, vec![i])),
        }
    }
    // Stable: within a group, the defects keep their order (by id).
    groups.sort_by_key(|(k, _)| rank(k));
    groups
        .into_iter()
        .flat_map(|(key, members)| {
            let header = DefectLine::Header {
                key,
                count: members.len(),
            };
            std::iter::once(header).chain(members.into_iter().map(DefectLine::Defect))
        })
        .collect()
}

/// `names` in `order`'s order first, then the others by name, each once.
pub fn ordered<'a>(names: impl IntoIterator<Item = &'a str>, order: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        if !out.iter().any(|o| o == name) {
            out.push(name.to_string());
        }
    }
    out.sort_by_key(|n| match order.iter().position(|o| o == n) {
        Some(at) => (at, String::new()),
        None => (order.len(), n.clone()),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_goes_through_every_option_and_back_to_all() {
        let options = ["a".to_string(), "b".to_string()];
        let mut current = None;
        let mut seen = Vec::new();
        for _ in 0..3 {
            current = cycle(current, &options);
            seen.push(current.clone());
        }
        assert_eq!(seen, [Some("a".into()), Some("b".into()), None]);
        assert_eq!(cycle(Some("gone".to_string()), &options), None);
        assert_eq!(cycle::<String>(None, &[]), None);
    }

    #[test]
    fn the_status_filter_counts_reopened_as_open() {
        assert_eq!(StatusClass::of(&DefectStatus::Reopened), StatusClass::Open);
        let mut f = DefectFilters::default();
        f.next_status();
        assert_eq!(f.status, StatusClass::Open);
        assert!(f.status.matches(&DefectStatus::Reopened));
        assert!(!f.status.matches(&DefectStatus::Verified));
        for _ in 0..4 {
            f.next_status();
        }
        assert_eq!(f.status, StatusClass::All);
        assert!(!f.any());
    }

    #[test]
    fn names_follow_the_campaign_then_the_alphabet() {
        let order = ["firm".to_string(), "employee".to_string()];
        assert_eq!(
            ordered(["zeta", "employee", "alpha", "firm", "employee"], &order),
            ["firm", "employee", "alpha", "zeta"]
        );
    }
}
