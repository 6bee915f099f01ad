//! The defects list's frame: its title (how many shown, of how many, and the filters on),
//! the keys of the filters under it (from the keymap, so overrides show), and the group
//! header lines.

use ratatui::text::Line;

use super::super::sample::severity_label;
use super::super::{Ui, clean};
use crate::app::defect_filter::{DefectFilters, GroupKey, Grouping, StatusClass};
use crate::app::{Action, Context};
use crate::domain::campaign::Resources;
use crate::domain::i18n::{Catalogue, fill};

/// ` Anomalies (3) `, or with filters on ` Anomalies (2 sur 5) · statut : ouvertes · par
/// ressource `.
pub fn title(
    filters: &DefectFilters,
    shown: usize,
    total: usize,
    resources: &dyn Resources,
    t: &Catalogue,
) -> String {
    if !filters.any() {
        return format!(" {} ", fill(t.defects_title, &[&shown.to_string()]));
    }
    let mut parts = vec![fill(
        t.defects_of,
        &[&shown.to_string(), &total.to_string()],
    )];
    if let Some(status) = status_label(filters.status, t) {
        parts.push(fill(t.df_status, &[status]));
    }
    if let Some(severity) = filters.severity {
        parts.push(fill(t.df_severity, &[severity_label(t, severity)]));
    }
    if let Some(resource) = &filters.resource {
        parts.push(fill(
            t.df_resource,
            &[&clean(resources.resource_label(resource))],
        ));
    }
    if let Some(delivery) = &filters.delivery {
        parts.push(fill(t.df_delivery, &[&clean(delivery)]));
    }
    if let Some(grouping) = grouping_label(filters.grouping, t) {
        parts.push(grouping.to_string());
    }
    format!(" {} ", parts.join(" · "))
}

/// ` 1 statut · 2 gravité · 3 ressource · 4 livraison · 5 grouper `: the filters' keys as
/// the keymap binds them.
pub fn keys(ui: &Ui) -> Line<'static> {
    super::super::chrome::keys_line(
        ui,
        Context::Defects,
        &[
            Action::FilterStatus,
            Action::FilterSeverity,
            Action::FilterResource,
            Action::FilterDelivery,
            Action::Group,
        ],
    )
}

/// A group's header line: `firm — 2 anomalie(s)`.
pub fn group_header(
    key: &GroupKey,
    count: usize,
    resources: &dyn Resources,
    t: &Catalogue,
) -> String {
    let name = match key {
        GroupKey::Resource(r) => clean(resources.resource_label(r)),
        GroupKey::Severity(s) => severity_label(t, *s).to_string(),
        GroupKey::Status(s) => status_label(*s, t).unwrap_or_default().to_string(),
    };
    t.plural(t.group_header, count as u64, &[&name, &count.to_string()])
}

fn status_label(status: StatusClass, t: &Catalogue) -> Option<&'static str> {
    match status {
        StatusClass::All => None,
        StatusClass::Open => Some(t.sc_open),
        StatusClass::Fixed => Some(t.sc_fixed),
        StatusClass::Verified => Some(t.sc_verified),
        StatusClass::Rejected => Some(t.sc_rejected),
    }
}

fn grouping_label(grouping: Grouping, t: &Catalogue) -> Option<&'static str> {
    match grouping {
        Grouping::None => None,
        Grouping::Resource => Some(t.by_resource),
        Grouping::Severity => Some(t.by_severity),
        Grouping::Status => Some(t.by_status),
    }
}
