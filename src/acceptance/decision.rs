//! The go/no-go for the switch-over, on the last delivery: **GO** when every resource is
//! signed off there without reservation on the files as they are, every automated criterion
//! holds there and no blocking defect is open; **GO with reservations** when only sign-offs
//! given with reservations stand between it and a GO; **NO-GO** otherwise. A GO never hides
//! a failing criterion. Pure.

use std::fmt;

use serde::Serialize;

use super::progress::ResourceProgress;
use super::signoff::{Reason, Standing, stale_fr};
use crate::domain::signoff::FileKind;

/// The three outcomes, serialised `"go" | "go_with_reservations" | "no_go"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Go,
    GoWithReservations,
    NoGo,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Go => "go",
            Decision::GoWithReservations => "go_with_reservations",
            Decision::NoGo => "no_go",
        }
    }

    /// How the command line and the exports say it: `GO`, `GO avec réserves`, `NO-GO`.
    pub fn label_fr(self) -> &'static str {
        match self {
            Decision::Go => "GO",
            Decision::GoWithReservations => "GO avec réserves",
            Decision::NoGo => "NO-GO",
        }
    }
}

/// What stands between the last delivery and a GO.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocker {
    /// Resources nobody signed off on the last delivery.
    Unsigned(Vec<String>),
    /// A sign-off made before the files it covers changed.
    Stale {
        resource: String,
        delivery: String,
        changed: Vec<FileKind>,
    },
    /// Automated criteria that fail on the last delivery (or the resource could not be
    /// reconciled there), whatever the sign-off says.
    Criteria {
        resource: String,
        reasons: Vec<Reason>,
    },
    /// A sign-off without reservation that the rules no longer allow (an item set KO since,
    /// an automated item overridden since...): to renew.
    SinceSignoff {
        resource: String,
        reasons: Vec<Reason>,
    },
    /// Open blocking defects, all resources.
    OpenBlocking(usize),
}

impl fmt::Display for Blocker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |reasons: &[Reason]| {
            reasons
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            Blocker::Unsigned(names) => write!(f, "ressources non signées : {}", names.join(", ")),
            Blocker::Stale {
                resource,
                delivery,
                changed,
            } => write!(
                f,
                "{resource} {} : signature à renouveler",
                stale_fr(changed, delivery)
            ),
            Blocker::Criteria { resource, reasons } => write!(f, "{resource} : {}", list(reasons)),
            Blocker::SinceSignoff { resource, reasons } => write!(
                f,
                "{resource} signée, mais depuis : {} (signature à renouveler)",
                list(reasons)
            ),
            Blocker::OpenBlocking(n) => write!(f, "{n} anomalie(s) bloquante(s) ouverte(s)"),
        }
    }
}

/// A sign-off given with reservations, and what it accepts that the rules refuse (items
/// KO or overridden...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation {
    pub resource: String,
    pub author: String,
    pub why: String,
    pub accepted: Vec<Reason>,
}

impl fmt::Display for Reservation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} signée avec réserves par {} : {}",
            self.resource, self.author, self.why
        )?;
        for o in &self.accepted {
            write!(f, " ; {o}")?;
        }
        Ok(())
    }
}

/// The go/no-go with what decides it. Serialised with `decision`, `go` (true for a GO
/// only), `reasons` (why not GO, in French) and `reservations` (in French).
#[derive(Debug, Clone, Serialize)]
pub struct GoNoGo {
    pub decision: Decision,
    pub go: bool,
    pub reasons: Vec<String>,
    pub reservations: Vec<String>,
    #[serde(skip)]
    pub blockers: Vec<Blocker>,
    #[serde(skip)]
    pub reserved: Vec<Reservation>,
}

impl GoNoGo {
    /// The decision line of the command line and the exports: `GO pour la bascule
    /// (livraison L2)`, `GO avec réserves … : …`, `NO-GO … : …`.
    pub fn sentence(&self, last: &str) -> String {
        let head = format!(
            "{} pour la bascule (livraison {last})",
            self.decision.label_fr()
        );
        match self.decision {
            Decision::Go => head,
            Decision::GoWithReservations => format!("{head} : {}", self.reservations.join(" ; ")),
            Decision::NoGo => format!("{head} : {}", self.reasons.join(" ; ")),
        }
    }
}

/// The go/no-go from every resource's progress on the last delivery.
pub fn go_no_go(last: &[ResourceProgress]) -> GoNoGo {
    let mut blockers = Vec::new();
    let mut reserved = Vec::new();
    let unsigned: Vec<String> = last
        .iter()
        .filter(|p| p.signoff == Standing::Unsigned)
        .map(|p| p.resource.clone())
        .collect();
    if !unsigned.is_empty() {
        blockers.push(Blocker::Unsigned(unsigned));
    }
    for p in last {
        let criteria: Vec<Reason> = p
            .refusals
            .iter()
            .filter(|r| r.is_criterion())
            .cloned()
            .collect();
        if !criteria.is_empty() {
            blockers.push(Blocker::Criteria {
                resource: p.resource.clone(),
                reasons: criteria,
            });
        }
        // What the sign-off itself must account for (blocking defects are counted once,
        // for every resource, below).
        let others: Vec<Reason> = p
            .refusals
            .iter()
            .filter(|r| !r.is_criterion() && !matches!(r, Reason::OpenBlocking { .. }))
            .cloned()
            .collect();
        match &p.signoff {
            Standing::Unsigned => {}
            Standing::Stale { changed, .. } => blockers.push(Blocker::Stale {
                resource: p.resource.clone(),
                delivery: p.delivery.clone(),
                changed: changed.clone(),
            }),
            Standing::Signed {
                reservations: None, ..
            } => {
                if !others.is_empty() {
                    blockers.push(Blocker::SinceSignoff {
                        resource: p.resource.clone(),
                        reasons: others,
                    });
                }
            }
            Standing::Signed {
                reservations: Some(why),
                author,
                ..
            } => reserved.push(Reservation {
                resource: p.resource.clone(),
                author: author.clone(),
                why: why.clone(),
                accepted: others,
            }),
        }
    }
    let blocking: usize = last.iter().map(|p| p.open_bloquante).sum();
    if blocking > 0 {
        blockers.push(Blocker::OpenBlocking(blocking));
    }
    let decision = match (blockers.is_empty(), reserved.is_empty()) {
        (false, _) => Decision::NoGo,
        (true, false) => Decision::GoWithReservations,
        (true, true) => Decision::Go,
    };
    GoNoGo {
        decision,
        go: decision == Decision::Go,
        reasons: blockers.iter().map(ToString::to_string).collect(),
        reservations: reserved.iter().map(ToString::to_string).collect(),
        blockers,
        reserved,
    }
}
