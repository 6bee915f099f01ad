//! Employees (salariés), streamed one by one: identity, source row, delivered rows with the
//! planted employee defects, then their contracts, visits and exams (see `activity`).

use anyhow::Result;

use super::activity::Activity;
use super::firms::Firm;
use super::identity::{address, email, mojibake, mojibake_is_visible, nir, phone, truncate30};
use super::lexicon::{COMMUNES, FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES};
use super::output::ResourceOut;
use super::random::{DemoRng, fr_date, iso_date, ymd};
use super::sink::Cell;
use super::tally::{Defect, Quota};

/// First legacy number of the employees (`num_salarie`).
const FIRST_ID: u64 = 200_001;
/// Who created the records in the new system (an extra, non-compared column).
const CREATED_BY: &str = "reprise-preventiel";

/// Column positions in the migrated `employee` row.
const LAST_NAME: usize = 1;
const FIRST_NAME: usize = 2;
const JOB_TITLE: usize = 12;

/// Employee-level defects of L1, each on its own employees.
struct Plan {
    mojibake: Quota,
    truncated: Quota,
    duplicate: Quota,
    test_records: Quota,
    test_written: u64,
}

impl Plan {
    fn new(rows: u64) -> Self {
        Plan {
            mojibake: Quota::new(Defect::Mojibake.target(rows), rows, 0),
            truncated: Quota::new(Defect::TruncatedTitle.target(rows), rows, 2),
            duplicate: Quota::new(Defect::DuplicateEmployee.target(rows), rows, 4),
            test_records: Quota::new(Defect::TestRecord.target(rows), rows, 6),
            test_written: 0,
        }
    }

    /// The defect employee `i` gets in L1 (at most one). Duplicates go to employees without
    /// NULLs, so that no count depends on how NULLs are counted in a multiset.
    fn choose(&mut self, i: u64, last: &str, job: &str, complete: bool) -> Option<Defect> {
        if self.mojibake.due(i) && mojibake_is_visible(last) {
            self.mojibake.take();
            Some(Defect::Mojibake)
        } else if self.truncated.due(i) && job.chars().count() > 30 {
            self.truncated.take();
            Some(Defect::TruncatedTitle)
        } else if self.duplicate.due(i) && complete {
            self.duplicate.take();
            Some(Defect::DuplicateEmployee)
        } else {
            None
        }
    }
}

/// A record created by hand in the new system during its set-up, delivered by mistake.
fn test_record(n: u64, firm: &Firm) -> Vec<Cell> {
    let s = |v: &str| Some(v.to_string());
    vec![
        s(&format!("TEST-{n:04}")),
        s("TEST"),
        s(&format!("Recette {n}")),
        None,
        s("1990-01-01"),
        s(if n.is_multiple_of(2) {
            "female"
        } else {
            "male"
        }),
        s(&format!("test.recette{n}@example.org")),
        None,
        None,
        s(firm.commune.postal),
        s(firm.commune.name),
        s(&firm.id.to_string()),
        s("Poste de test"),
        s("admin.padoa"),
    ]
}

/// Writes every employee and, through `activity`, their contracts, visits and exams.
pub(crate) fn write(
    out: &mut ResourceOut,
    activity: &mut Activity,
    rng: &mut DemoRng,
    firms: &[Firm],
    rows: u64,
) -> Result<()> {
    let mut plan = Plan::new(rows);
    for i in 0..rows {
        let firm = &firms[rng.below(firms.len() as u64) as usize];
        let male = rng.chance(480);
        let first = *rng.pick(if male {
            MALE_FIRST_NAMES
        } else {
            FEMALE_FIRST_NAMES
        });
        let last = *rng.pick(LAST_NAMES);
        let birth = rng.date(ymd(1960, 1, 1), ymd(2008, 8, 31));
        let commune = if rng.chance(600) {
            firm.commune
        } else {
            &COMMUNES[rng.weighted(COMMUNES.iter().map(|c| c.weight))]
        };
        let nir = nir(rng, male, birth, commune.insee);
        let street = if i == 0 {
            // A field holding the delimiter, so that the legacy CSV has to quote it.
            "Appt 12; Résidence Le Bourbonnais, 4 rue des Sœurs-Grises".to_string()
        } else {
            address(rng, 80)
        };
        let tel = if rng.chance(850) {
            phone(rng)
        } else {
            String::new()
        };
        let mail = if rng.chance(750) {
            email(rng, first, last)
        } else {
            String::new()
        };
        let job = *rng.pick(firm.sector.jobs);
        let updated = rng.date(ymd(2015, 1, 1), ymd(2026, 8, 31));

        let id = (FIRST_ID + i).to_string();
        let firm_id = firm.id.to_string();
        let birth_fr = fr_date(birth);
        out.source_row(&[
            &id,
            &firm_id,
            if male { "M." } else { "Mme" },
            last,
            first,
            if male { "M" } else { "F" },
            &birth_fr,
            &nir,
            &street,
            commune.postal,
            commune.name,
            &tel,
            &mail,
            job,
            &fr_date(updated),
        ])?;

        let opt = |v: &str| (!v.is_empty()).then(|| v.to_string());
        let expected: Vec<Cell> = vec![
            Some(id.clone()),
            Some(last.to_string()),
            Some(first.to_string()),
            Some(nir.clone()),
            Some(iso_date(birth)),
            Some(if male { "male" } else { "female" }.to_string()),
            opt(&mail),
            opt(&tel.replace(' ', "")),
            Some(street.clone()),
            Some(commune.postal.to_string()),
            Some(commune.name.to_string()),
            Some(firm_id.clone()),
            Some(job.to_string()),
            Some(CREATED_BY.to_string()),
        ];

        let defect = plan.choose(i, last, job, expected.iter().all(Option::is_some));
        let damaged = match defect {
            Some(Defect::Mojibake) => {
                let mut row = expected.clone();
                row[LAST_NAME] = Some(mojibake(last));
                row[FIRST_NAME] = Some(mojibake(first));
                Some(row)
            }
            Some(Defect::TruncatedTitle) => {
                let mut row = expected.clone();
                row[JOB_TITLE] = Some(truncate30(job));
                Some(row)
            }
            _ => None,
        };
        // L1: every defect; L2 keeps the mojibake and the truncated titles, on the same records.
        match (&damaged, defect) {
            (Some(row), _) => {
                out.deliver(0, Some(&expected), &[row], defect)?;
                out.deliver(1, Some(&expected), &[row], defect)?;
            }
            (None, Some(Defect::DuplicateEmployee)) => {
                out.deliver(0, Some(&expected), &[&expected, &expected], defect)?;
                out.deliver(1, Some(&expected), &[&expected], None)?;
            }
            _ => {
                out.deliver(0, Some(&expected), &[&expected], None)?;
                out.deliver(1, Some(&expected), &[&expected], None)?;
            }
        }
        if plan.test_records.due(i) {
            plan.test_records.take();
            plan.test_written += 1;
            let row = test_record(plan.test_written, &firms[0]);
            out.deliver_unknown(0, &[&row], Defect::TestRecord)?;
        }

        activity.employee(rng, &id, birth)?;
    }
    Ok(())
}
