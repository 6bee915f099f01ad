//! What happens to an employee: employment contracts, historical visits and pending
//! complementary exams, generated right after the employee and streamed to their files.

use std::path::Path;

use anyhow::Result;
use chrono::{Days, NaiveDate};

use super::lexicon::{DOCTORS, EXAM_COMMENTS, EXAM_TYPES, VISIT_TYPES};
use super::output::ResourceOut;
use super::random::{DemoRng, add_months, fr_date, iso_date, ymd};
use super::schema::{CONTRACT, MEASURE_REQUEST, VISIT};
use super::sink::Cell;
use super::tally::{Defect, Quota, Tally};

/// First legacy numbers of visits and exams.
const FIRST_VISIT: u64 = 5_000_001;
const FIRST_EXAM: u64 = 800_001;
/// Exams prescribed before this date are closed and not migrated (client rule).
const CUT_OFF: (i32, u32, u32) = (2022, 10, 31);
const LAST_DAY: (i32, u32, u32) = (2026, 8, 31);

/// Column positions in the migrated rows.
const END_ON: usize = 4;
const VISIT_ON: usize = 2;
const STATUS: usize = 5;

pub(crate) struct Activity {
    contract: ResourceOut,
    visit: ResourceOut,
    exam: ResourceOut,
    contracts: u64,
    visits: u64,
    exams: u64,
    missing: Quota,
    end_lost: Quota,
    shifted: Quota,
    as_planned: Quota,
    excluded: Quota,
}

fn text(v: &str) -> Cell {
    (!v.is_empty()).then(|| v.to_string())
}

/// A decimal in hundredths shown with `decimals` digits and the given separator.
fn decimal(hundredths: u64, decimals: u32, sep: char) -> String {
    let scaled = hundredths / 10u64.pow(2 - decimals);
    let unit = 10u64.pow(decimals);
    if decimals == 0 {
        scaled.to_string()
    } else {
        format!(
            "{}{sep}{:0width$}",
            scaled / unit,
            scaled % unit,
            width = decimals as usize
        )
    }
}

impl Activity {
    pub fn create(dir: &Path, rows: u64) -> Result<Self> {
        Ok(Activity {
            contract: ResourceOut::create(dir, &CONTRACT)?,
            visit: ResourceOut::create(dir, &VISIT)?,
            exam: ResourceOut::create(dir, &MEASURE_REQUEST)?,
            contracts: 0,
            visits: 0,
            exams: 0,
            missing: Quota::new(Defect::MissingContract.target(rows), rows * 105 / 100, 1),
            end_lost: Quota::new(Defect::EndDateLost.target(rows), rows * 105 / 100, 5),
            shifted: Quota::new(Defect::VisitDayShift.target(rows), rows * 14 / 10, 2),
            as_planned: Quota::new(Defect::StatusAsPlanned.target(rows), rows * 55 / 100, 0),
            excluded: Quota::new(Defect::ExcludedMigrated.target(rows), rows * 55 / 100, 4),
        })
    }

    /// Contracts, visits and exams of one employee.
    pub fn employee(&mut self, rng: &mut DemoRng, id: &str, birth: NaiveDate) -> Result<()> {
        let first_start = self.contracts_of(rng, id, birth)?;
        self.visits_of(rng, id, first_start)?;
        self.exams_of(rng, id)
    }

    fn contracts_of(&mut self, rng: &mut DemoRng, id: &str, birth: NaiveDate) -> Result<NaiveDate> {
        let n = 1 + rng.weighted([91, 8, 1].into_iter());
        let earliest = add_months(birth, 16 * 12).max(ymd(1985, 1, 1));
        let last_day = ymd(LAST_DAY.0, LAST_DAY.1, LAST_DAY.2);
        let mut starts: Vec<NaiveDate> = (0..n).map(|_| rng.date(earliest, last_day)).collect();
        starts.sort();
        for (k, start) in starts.iter().enumerate() {
            let current = k + 1 == n;
            let code = if current {
                ["CDI", "CDD", "APP", "INT"][rng.weighted([70, 18, 6, 6].into_iter())]
            } else {
                ["CDD", "INT", "APP"][rng.weighted([60, 30, 10].into_iter())]
            };
            let mut end = match code {
                "CDI" => None,
                "CDD" => Some(add_months(*start, rng.between(1, 18) as u32)),
                "INT" => Some(*start + Days::new(7 * rng.between(1, 12))),
                _ => Some(add_months(*start, rng.between(12, 36) as u32)),
            };
            if let (Some(e), Some(next)) = (end, starts.get(k + 1)) {
                end = Some(e.min(next.pred_opt().expect("date in range")).max(*start));
            }
            let part = rng.chance(200);
            let hours = if part {
                *rng.pick(&[1700, 2100, 2400, 2450, 2800, 3000])
            } else {
                3500
            };
            let no = (k + 1).to_string();
            let end_fr = end.map(fr_date).unwrap_or_default();
            self.contract.source_row(&[
                id,
                &no,
                code,
                &fr_date(*start),
                &end_fr,
                if part { "O" } else { "N" },
                &decimal(hours, 2, ','),
            ])?;
            let mapped = match code {
                "CDI" => "permanent",
                "CDD" => "fixed_term",
                "INT" => "temporary",
                _ => "apprenticeship",
            };
            let expected: Vec<Cell> = vec![
                Some(id.to_string()),
                Some(no),
                Some(mapped.to_string()),
                Some(iso_date(*start)),
                end.map(iso_date),
                Some(part.to_string()),
                Some(decimal(hours, 2, '.')),
            ];
            let i = self.contracts;
            self.contracts += 1;
            // L1: some contracts are not delivered at all.
            if self.missing.due(i) {
                self.missing.take();
                self.contract
                    .deliver(0, Some(&expected), &[], Some(Defect::MissingContract))?;
            } else {
                self.contract
                    .deliver(0, Some(&expected), &[&expected], None)?;
            }
            // L2 regression: the end date is lost on some ended contracts.
            if end.is_some() && self.end_lost.due(i) {
                self.end_lost.take();
                let mut row = expected.clone();
                row[END_ON] = None;
                self.contract
                    .deliver(1, Some(&expected), &[&row], Some(Defect::EndDateLost))?;
            } else {
                self.contract
                    .deliver(1, Some(&expected), &[&expected], None)?;
            }
        }
        Ok(starts[0])
    }

    fn visits_of(&mut self, rng: &mut DemoRng, id: &str, hired: NaiveDate) -> Result<()> {
        let n = rng.weighted([20, 35, 25, 15, 5].into_iter());
        let from = hired.max(ymd(2018, 1, 1));
        let mut dates: Vec<NaiveDate> = (0..n)
            .map(|_| rng.date(from, ymd(LAST_DAY.0, LAST_DAY.1, LAST_DAY.2)))
            .collect();
        dates.sort();
        for date in dates {
            let kind = &VISIT_TYPES[rng.weighted(VISIT_TYPES.iter().map(|t| t.weight))];
            // Information visits may be done by a nurse; the others by a physician.
            let who = if kind.code.starts_with("VIP") {
                *rng.pick(DOCTORS)
            } else {
                *rng.pick(&DOCTORS[..8])
            };
            let conclusion = if rng.chance(950) {
                *rng.pick(kind.conclusions)
            } else {
                ""
            };
            let minutes = 8 * 60 + 15 * rng.below(38);
            let number = (FIRST_VISIT + self.visits).to_string();
            self.visit.source_row(&[
                &number,
                id,
                &fr_date(date),
                &format!("{:02}:{:02}", minutes / 60, minutes % 60),
                kind.code,
                who,
                conclusion,
            ])?;
            let expected: Vec<Cell> = vec![
                Some(number),
                Some(id.to_string()),
                Some(iso_date(date)),
                Some(kind.migrated.to_string()),
                Some(who.to_string()),
                text(conclusion),
            ];
            let i = self.visits;
            self.visits += 1;
            // L1: dates converted through UTC at midnight come out one day later.
            if self.shifted.due(i) {
                self.shifted.take();
                let mut row = expected.clone();
                row[VISIT_ON] = Some(iso_date(date + Days::new(1)));
                self.visit
                    .deliver(0, Some(&expected), &[&row], Some(Defect::VisitDayShift))?;
            } else {
                self.visit.deliver(0, Some(&expected), &[&expected], None)?;
            }
            self.visit.deliver(1, Some(&expected), &[&expected], None)?;
        }
        Ok(())
    }

    fn exams_of(&mut self, rng: &mut DemoRng, id: &str) -> Result<()> {
        let n = rng.weighted([55, 32, 11, 2].into_iter());
        for _ in 0..n {
            let kind = &EXAM_TYPES[rng.weighted(EXAM_TYPES.iter().map(|t| t.weight))];
            let (mut refus, mut demande) = ("0", "1");
            let (mut prescribed, mut planned, mut cancelled) = (None, None, None);
            // The status cascade: Refusé, Non demandé, Prescrit, Prévu, Annulé.
            match rng.weighted([8, 7, 42, 28, 15].into_iter()) {
                0 => {
                    refus = "1";
                    if rng.chance(500) {
                        prescribed = Some(rng.date(ymd(2020, 1, 1), ymd(2026, 8, 31)));
                    }
                }
                1 => {
                    demande = "0";
                    if rng.chance(300) {
                        planned = Some(rng.date(ymd(2026, 6, 1), ymd(2027, 6, 30)));
                    }
                }
                2 => {
                    let p = rng.date(ymd(2020, 1, 1), ymd(2026, 8, 31));
                    prescribed = Some(p);
                    if rng.chance(500) {
                        planned = Some(p + Days::new(rng.between(7, 90)));
                    }
                }
                3 => planned = Some(rng.date(ymd(2026, 6, 1), ymd(2027, 6, 30))),
                _ => cancelled = Some(rng.date(ymd(2021, 1, 1), ymd(2026, 8, 31))),
            }
            // Legacy booleans are sometimes left empty (NULL) when they hold the default.
            if refus == "0" && rng.chance(100) {
                refus = "";
            }
            if demande == "1" && rng.chance(100) {
                demande = "";
            }
            let value = match kind.result {
                Some((lo, hi, decimals)) if rng.chance(400) => {
                    Some((rng.between(lo.into(), hi.into()), decimals))
                }
                _ => None,
            };
            let comment = if rng.chance(350) {
                *rng.pick(EXAM_COMMENTS)
            } else {
                ""
            };
            let padded = if !comment.is_empty() && rng.chance(300) {
                format!("{comment}   ")
            } else {
                comment.to_string()
            };

            let number = (FIRST_EXAM + self.exams).to_string();
            let fr = |d: Option<NaiveDate>| d.map(fr_date).unwrap_or_default();
            self.exam.source_row(&[
                &number,
                id,
                kind.code,
                refus,
                demande,
                &fr(prescribed),
                &fr(planned),
                &fr(cancelled),
                &value.map(|(v, d)| decimal(v, d, ',')).unwrap_or_default(),
                if value.is_some() { kind.unit } else { "" },
                &padded,
            ])?;

            let status = if refus == "1" {
                "Refusé"
            } else if demande == "0" {
                "Non demandé"
            } else if prescribed.is_some() {
                "Prescrit"
            } else if planned.is_some() {
                "Prévu"
            } else {
                "Annulé"
            };
            let cut_off = ymd(CUT_OFF.0, CUT_OFF.1, CUT_OFF.2);
            let closed = prescribed.is_some_and(|p| p < cut_off);
            let kept = matches!(status, "Prévu" | "Prescrit") && !closed;
            let row: Vec<Cell> = vec![
                Some(number),
                Some(id.to_string()),
                Some(kind.migrated.to_string()),
                planned.map(iso_date),
                prescribed.map(iso_date),
                Some(
                    if status == "Prescrit" {
                        "prescribed"
                    } else {
                        "planned"
                    }
                    .to_string(),
                ),
                value.map(|(v, d)| decimal(v, d, '.')),
                text(comment),
            ];
            let i = self.exams;
            self.exams += 1;
            if kept {
                // L1: some Prescrit exams delivered with the Prévu mapping.
                if status == "Prescrit" && self.as_planned.due(i) {
                    self.as_planned.take();
                    let mut bad = row.clone();
                    bad[STATUS] = Some("planned".to_string());
                    self.exam
                        .deliver(0, Some(&row), &[&bad], Some(Defect::StatusAsPlanned))?;
                } else {
                    self.exam.deliver(0, Some(&row), &[&row], None)?;
                }
                self.exam.deliver(1, Some(&row), &[&row], None)?;
            } else if status == "Prescrit" && self.excluded.due(i) {
                // L1: the cut-off rule was not applied to some closed exams.
                self.excluded.take();
                self.exam
                    .deliver(0, None, &[&row], Some(Defect::ExcludedMigrated))?;
            }
        }
        Ok(())
    }

    /// Flushes the three resources and returns their tallies (contract, visit, exam × L1, L2).
    pub fn finish(self) -> Result<Vec<Tally>> {
        let mut all = self.contract.finish()?;
        all.extend(self.visit.finish()?);
        all.extend(self.exam.finish()?);
        Ok(all)
    }
}
