//! The sign-off rules: what stops a resource from being signed off on a delivery (an item
//! KO or without a verdict, an automated criterion that fails there, an automated item a
//! person overrode, a compared column the delivery lacks, an open blocking defect), and
//! where a recorded sign-off stands (without or with reservations, or made before the files
//! it covers changed). Used alike by `recette signoff`, `recette status`, the exports and the
//! console. Pure: the caller brings the verdicts, the report and the files' digests.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::progress::ItemVerdict;
use crate::domain::report::ResourceReport;
use crate::domain::signoff::{FileKind, SignoffFiles};
use crate::journal::SignOffRecord;

/// One reason a resource cannot be signed off without reservation. `Display` words it in
/// French for the command line (the console has its own catalogue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// An item whose verdict is KO.
    Ko { item: String, label: String },
    /// An item without a verdict.
    Todo { item: String, label: String },
    /// An automated item whose criterion fails on the delivery (what was measured).
    Criterion {
        item: String,
        label: String,
        measured: String,
    },
    /// An automated item whose computed verdict a person replaced: a reservation.
    Overridden {
        item: String,
        label: String,
        computed: String,
        verdict: String,
        author: String,
        comment: Option<String>,
    },
    /// Compared columns the delivery lacks (`recette check` fails on them too).
    AbsentColumns { columns: Vec<String> },
    /// Open blocking defects of the resource, by id.
    OpenBlocking { defects: Vec<String> },
    /// The resource could not be reconciled on the delivery: nothing can be computed.
    NotReconciled,
}

impl Reason {
    /// Whether it is an automated criterion not holding on the delivery (a NO-GO whatever
    /// the sign-off says).
    pub fn is_criterion(&self) -> bool {
        matches!(
            self,
            Reason::Criterion { .. } | Reason::AbsentColumns { .. } | Reason::NotReconciled
        )
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Ko { item, label } => write!(f, "{item} « {label} » est KO"),
            Reason::Todo { item, label } => write!(f, "{item} « {label} » n'a pas de verdict"),
            Reason::Criterion {
                item,
                label,
                measured,
            } => write!(f, "critère {item} « {label} » non tenu ({measured})"),
            Reason::Overridden {
                item,
                label,
                computed,
                verdict,
                author,
                comment,
            } => {
                write!(
                    f,
                    "{item} « {label} » calculé {} et forcé {} par {author}",
                    computed.to_uppercase(),
                    verdict.to_uppercase()
                )?;
                match comment {
                    Some(c) => write!(f, " ({c})"),
                    None => Ok(()),
                }
            }
            Reason::AbsentColumns { columns } => {
                write!(
                    f,
                    "colonnes absentes de la livraison : {}",
                    columns.join(", ")
                )
            }
            Reason::OpenBlocking { defects } => {
                write!(f, "anomalies bloquantes ouvertes : {}", defects.join(", "))
            }
            Reason::NotReconciled => f.write_str("rapprochement impossible sur cette livraison"),
        }
    }
}

/// Why `verdicts` (one resource on one delivery) do not allow a sign-off without
/// reservation; empty: they do. `report` is the delivery's reconciliation (`None`: it
/// failed); `open_blocking` the ids of the resource's open blocking defects.
pub fn refusals(
    verdicts: &[ItemVerdict],
    report: Option<&ResourceReport>,
    open_blocking: &[String],
) -> Vec<Reason> {
    let mut reasons = Vec::new();
    match report {
        None => reasons.push(Reason::NotReconciled),
        Some(r) if !r.absent_columns.is_empty() => reasons.push(Reason::AbsentColumns {
            columns: r.absent_columns.clone(),
        }),
        Some(_) => {}
    }
    for v in verdicts {
        let (item, label) = (v.item.clone(), v.label.clone());
        let person = v.author.as_ref();
        let reason = match (v.computed, person) {
            // A person says KO, against the engine's OK: a KO.
            (Some("ok"), Some(_)) if v.verdict == "ko" => Some(Reason::Ko { item, label }),
            // A person replaced the engine's verdict: a reservation.
            (Some(computed), Some(author)) if v.verdict != computed => Some(Reason::Overridden {
                item,
                label,
                computed: computed.to_string(),
                verdict: v.verdict.to_string(),
                author: author.clone(),
                comment: v.comment.clone(),
            }),
            (Some("ko"), _) => Some(Reason::Criterion {
                item,
                label,
                measured: v.measured.clone().unwrap_or_default(),
            }),
            (Some(_), _) => None,
            // Automated items of a resource that was not reconciled: said once, above.
            (None, None) if v.kind == "automated" && report.is_none() => None,
            (None, _) => match v.verdict {
                "ko" => Some(Reason::Ko { item, label }),
                "todo" => Some(Reason::Todo { item, label }),
                _ => None,
            },
        };
        reasons.extend(reason);
    }
    if !open_blocking.is_empty() {
        reasons.push(Reason::OpenBlocking {
            defects: open_blocking.to_vec(),
        });
    }
    reasons
}

/// Where the sign-off of a resource on a delivery stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Standing {
    /// Nobody signed it off.
    Unsigned,
    /// Signed off on the files as they are: without reservation, or with (`reservations`).
    Signed {
        author: String,
        time: DateTime<Utc>,
        reservations: Option<String>,
        entry: String,
    },
    /// Signed off before the files it covers changed (`changed`; empty: the entry was
    /// written by a recette that did not record them): it no longer counts.
    Stale {
        author: String,
        time: DateTime<Utc>,
        reservations: Option<String>,
        changed: Vec<FileKind>,
        entry: String,
    },
}

/// Where `record` (the journal's sign-off, if any) stands against the files as they are.
pub fn standing(record: Option<&SignOffRecord>, files: &SignoffFiles) -> Standing {
    let Some(r) = record else {
        return Standing::Unsigned;
    };
    let changed = files.changed_since(&r.files);
    let (author, time, reservations, entry) = (
        r.author.clone(),
        r.time,
        r.reservations.clone(),
        r.entry.clone(),
    );
    if r.files.is_empty() {
        Standing::Stale {
            author,
            time,
            reservations,
            changed: Vec::new(),
            entry,
        }
    } else if changed.is_empty() {
        Standing::Signed {
            author,
            time,
            reservations,
            entry,
        }
    } else {
        Standing::Stale {
            author,
            time,
            reservations,
            changed,
            entry,
        }
    }
}

impl Standing {
    /// "Marie Dupont, 2026-10-12" for a recorded sign-off.
    pub fn by(&self) -> Option<String> {
        match self {
            Standing::Unsigned => None,
            Standing::Signed { author, time, .. } | Standing::Stale { author, time, .. } => {
                Some(format!("{author}, {}", time.format("%Y-%m-%d")))
            }
        }
    }

    /// Whether it counts: recorded on the files as they are.
    pub fn counts(&self) -> bool {
        matches!(self, Standing::Signed { .. })
    }

    pub fn reservations(&self) -> Option<&str> {
        match self {
            Standing::Signed { reservations, .. } | Standing::Stale { reservations, .. } => {
                reservations.as_deref()
            }
            Standing::Unsigned => None,
        }
    }

    /// How the command line and the exports show it (French), `delivery` being the one it
    /// is about: `non`, `Marie Dupont, 2026-10-12`, `… — avec réserves : …`,
    /// `… — signée avant que les fichiers de L2 changent : à renouveler`.
    pub fn describe(&self, delivery: &str) -> String {
        let Some(by) = self.by() else {
            return "non".to_string();
        };
        let mut out = by;
        if let Some(why) = self.reservations() {
            out.push_str(&format!(" — avec réserves : {why}"));
        }
        if let Standing::Stale { changed, .. } = self {
            out.push_str(&format!(
                " — {} : à renouveler",
                stale_fr(changed, delivery)
            ));
        }
        out
    }
}

/// "signée avant que les fichiers de L2 changent" (French, for the command line).
pub fn stale_fr(changed: &[FileKind], delivery: &str) -> String {
    if changed.is_empty() {
        return "signée par une version antérieure de recette, sans l'empreinte des fichiers"
            .to_string();
    }
    let names: Vec<String> = changed
        .iter()
        .map(|k| match k {
            FileKind::Campaign => "le fichier de campagne".to_string(),
            FileKind::Checklist => "la liste de vérifications".to_string(),
            FileKind::Source => "l'extraction source".to_string(),
            FileKind::Delivery => format!("les fichiers de {delivery}"),
        })
        .collect();
    let plural = changed.len() > 1 || changed.contains(&FileKind::Delivery);
    format!(
        "signée avant que {} {}",
        names.join(" et "),
        if plural { "changent" } else { "change" }
    )
}

#[cfg(test)]
mod tests;
