//! Member firms (adhérents): generated first and kept in memory (rows/25 small records) so
//! that employees can be attached to them; written to the source and to both deliveries.

use anyhow::Result;

use super::identity::{address, de, phone, siret};
use super::lexicon::{COMMUNES, Commune, LAST_NAMES, SECTORS, Sector};
use super::output::ResourceOut;
use super::random::{DemoRng, fr_date, iso_date, ymd};
use super::sink::Cell;
use super::tally::{Defect, Quota};

/// What employees need to know about their firm.
pub(crate) struct Firm {
    pub id: u64,
    pub sector: &'static Sector,
    pub commune: &'static Commune,
}

/// First legacy number of the firms (`num_adherent`).
const FIRST_ID: u64 = 10_001;
/// The sector whose members are public bodies (SIREN starting with 21).
const PUBLIC_SECTOR: usize = 4;

fn firm_name(
    rng: &mut DemoRng,
    i: u64,
    sector: &Sector,
    commune: &Commune,
    need_quotes: &mut bool,
) -> String {
    if i == 0 {
        // At least one raison sociale needs quoting in the legacy CSV (it holds the delimiter).
        return "Boulangerie d’Yzeure; dépôt de la gare".to_string();
    }
    let pattern = rng.pick(sector.names);
    let family = *rng.pick(LAST_NAMES);
    let name = pattern
        .replace("{n}", family)
        .replace("{dc}", &de(commune))
        .replace("{c}", commune.name);
    // Family businesses sometimes carry their legal form and a quoted trade name, as typed in
    // the legacy software; the first one always does, so that the sample has a `"` to escape.
    if pattern.contains("{n}") && (*need_quotes || rng.chance(150)) {
        *need_quotes = false;
        format!("SARL \"{name}\"")
    } else {
        name
    }
}

/// Writes `adherents.csv` and `firm.csv` of both deliveries; returns the firms.
pub(crate) fn write(out: &mut ResourceOut, rng: &mut DemoRng, rows: u64) -> Result<Vec<Firm>> {
    let count = rows.div_ceil(25).max(1);
    let mut postal_zero = Quota::new(Defect::PostalCodeZero.target(rows), count, 3);
    let mut firms = Vec::with_capacity(count as usize);
    let mut need_quotes = true;
    for i in 0..count {
        let (sector_ix, commune) = if i == 0 {
            (
                0,
                COMMUNES
                    .iter()
                    .find(|c| c.name == "Yzeure")
                    .expect("Yzeure"),
            )
        } else {
            (
                rng.weighted(SECTORS.iter().map(|s| s.weight)),
                &COMMUNES[rng.weighted(COMMUNES.iter().map(|c| c.weight))],
            )
        };
        let sector = &SECTORS[sector_ix];
        let id = FIRST_ID + i;
        let name = firm_name(rng, i, sector, commune, &mut need_quotes);
        let siret = siret(rng, sector_ix == PUBLIC_SECTOR);
        let street = address(rng, 0);
        let tel = phone(rng);
        let headcount = if rng.chance(50) {
            String::new()
        } else {
            rng.between(sector.headcount.0.into(), sector.headcount.1.into())
                .to_string()
        };
        let joined = rng.date(ymd(1975, 1, 1), ymd(2025, 12, 31));
        let id_text = id.to_string();
        out.source_row(&[
            &id_text,
            &name,
            &siret,
            sector.naf,
            &street,
            commune.postal,
            commune.name,
            &tel,
            &headcount,
            &fr_date(joined),
        ])?;

        let expected_row = |batch: &str| -> Vec<Cell> {
            vec![
                Some(id_text.clone()),
                Some(name.clone()),
                Some(siret.clone()),
                Some(commune.postal.to_string()),
                Some(commune.name.to_string()),
                (!headcount.is_empty()).then(|| headcount.clone()),
                Some(iso_date(joined)),
                Some(batch.to_string()),
            ]
        };
        // L1: some postal codes went through a numeric column and lost their leading zero.
        let l1 = expected_row("L1-20260914");
        if postal_zero.due(i) {
            postal_zero.take();
            let mut bad = l1.clone();
            bad[3] = Some(commune.postal.trim_start_matches('0').to_string());
            out.deliver(0, Some(&l1), &[&bad], Some(Defect::PostalCodeZero))?;
        } else {
            out.deliver(0, Some(&l1), &[&l1], None)?;
        }
        let l2 = expected_row("L2-20261012");
        out.deliver(1, Some(&l2), &[&l2], None)?;

        firms.push(Firm {
            id,
            sector,
            commune,
        });
    }
    Ok(firms)
}
