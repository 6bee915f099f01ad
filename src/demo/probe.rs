//! `recette demo --plant-causes`: one more resource, `probe`, whose L1 delivery holds every
//! cause of `docs/causes.md` planted in known rows, to measure how well the causes are
//! found (issue 14, "How well"). L2 delivers every probe row right (every cause fixed).
//!
//! Every third row gets one cause, the kinds taken in turn (the precedence order of
//! `CauseKind`), each in the column where it happens in real migrations and with the
//! variants it has (Windows-1252, Latin-1 and double mojibake, `?` and U+FFFD; upper and
//! lower case; trailing, leading, doubled and non-breaking spaces…). The rows are listed in
//! `planted-causes.csv` (`key,column,cause,expected,delivered`); `CAUSES.md` says what was
//! planted and how to measure it. The values are drawn from the demo's word lists with a
//! stream of their own, so the other resources are the same with or without the option.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use chrono::{Datelike, NaiveDate};

use super::identity::{mojibake, phone};
use super::lexicon::{COMMUNES, LAST_NAMES, SECTORS};
use super::random::{DemoRng, fr_date, iso_date, ymd};
use super::sink::{Cell, Layout, Legacy, MigratedFile, SourceCsv};
use crate::domain::causes::CauseKind;

/// The resource's name in the campaign.
pub const RESOURCE: &str = "probe";
/// The file listing the planted values, beside `campaign.toml`.
pub const PLANTED_FILE: &str = "planted-causes.csv";
/// One row in this many gets a cause.
const STRIDE: u64 = 3;

const SOURCE_FILE: &str = "sonde.csv";
const MIGRATED_FILE: &str = "probe.csv";
const SOURCE_COLUMNS: [&str; 11] = [
    "num_sonde",
    "nom",
    "ville",
    "telephone",
    "code_postal",
    "poste",
    "date_naissance",
    "horaire",
    "statut",
    "reference",
    "date_fin",
];
const COLUMNS: [&str; 11] = [
    "source_id",
    "last_name",
    "city",
    "phone",
    "postal_code",
    "job_title",
    "born_on",
    "hours",
    "status",
    "reference",
    "end_on",
];
// Positions in `COLUMNS`.
const LAST_NAME: usize = 1;
const CITY: usize = 2;
const PHONE: usize = 3;
const POSTAL_CODE: usize = 4;
const JOB_TITLE: usize = 5;
const BORN_ON: usize = 6;
const HOURS: usize = 7;
const STATUS: usize = 8;
const REFERENCE: usize = 9;
const END_ON: usize = 10;

/// The status codes of the legacy software and what the campaign maps them to.
const STATUSES: [(&str, &str); 5] = [
    ("Prescrit", "prescribed"),
    ("Planifié", "planned"),
    ("Réalisé", "done"),
    ("Annulé", "cancelled"),
    ("Refusé", "refused"),
];
/// A legacy status the campaign's map lacks (planted `unmapped`).
const UNMAPPED_STATUS: (&str, &str) = ("Reporté", "postponed");
/// The default a new system puts where the source has no date (planted `filled`).
const DEFAULT_DATE: &str = "1900-01-01";

/// One planted value: which row (`key`) and column, the cause planted, the value the
/// engine expects (as it shows it: ISO dates, `.` decimals, markers) and the one delivered.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PlantedCause {
    pub key: String,
    pub column: String,
    pub cause: CauseKind,
    pub expected: Option<String>,
    pub delivered: Option<String>,
}

/// One probe record, before it is written.
struct Record {
    id: String,
    last: String,
    city: &'static str,
    phone: String,
    postal: &'static str,
    job: &'static str,
    born: NaiveDate,
    /// Hours in thousandths (`35125` is 35.125).
    hours: u64,
    status: (&'static str, &'static str),
    reference: String,
    end: Option<NaiveDate>,
}

/// The word lists the probe draws from, gathered once.
struct Lists {
    jobs: Vec<&'static str>,
    /// Job titles longer than a 30-character target column.
    long_jobs: Vec<&'static str>,
    /// Last names with a letter outside ASCII (accents, `œ`, `’`).
    accented: Vec<&'static str>,
    /// Last names with a diacritic (not only a `’`).
    diacritics: Vec<&'static str>,
}

impl Lists {
    fn new() -> Lists {
        let jobs: Vec<&'static str> = SECTORS
            .iter()
            .flat_map(|s| s.jobs.iter().copied())
            .collect();
        Lists {
            long_jobs: jobs
                .iter()
                .copied()
                .filter(|j| j.chars().count() > 30)
                .collect(),
            jobs,
            accented: LAST_NAMES
                .iter()
                .copied()
                .filter(|n| !n.is_ascii())
                .collect(),
            diacritics: LAST_NAMES
                .iter()
                .copied()
                .filter(|n| without_accents(n) != *n)
                .collect(),
        }
    }
}

impl Record {
    fn draw(rng: &mut DemoRng, i: u64, lists: &Lists) -> Record {
        let commune = &COMMUNES[rng.weighted(COMMUNES.iter().map(|c| c.weight))];
        Record {
            id: format!("P{:07}", i + 1),
            last: rng.pick(LAST_NAMES).to_string(),
            city: commune.name,
            phone: phone(rng),
            postal: commune.postal,
            job: lists.jobs[rng.below(lists.jobs.len() as u64) as usize],
            born: rng.date(ymd(1950, 1, 1), ymd(2006, 12, 31)),
            hours: thousandths(rng),
            status: *rng.pick(&STATUSES),
            reference: format!("{}{}", rng.between(1, 9), rng.digits(12)),
            end: (!rng.chance(400)).then(|| rng.date(ymd(2015, 1, 1), ymd(2030, 12, 31))),
        }
    }

    /// The legacy row (`""` is NULL): dates `dd/mm/yyyy`, decimal commas.
    fn source(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.last.clone(),
            self.city.to_string(),
            self.phone.clone(),
            self.postal.to_string(),
            self.job.to_string(),
            fr_date(self.born),
            decimal(self.hours).replace('.', ","),
            self.status.0.to_string(),
            self.reference.clone(),
            self.end.map(fr_date).unwrap_or_default(),
        ]
    }

    /// What the engine expects, as it shows it.
    fn expected(&self) -> Vec<Cell> {
        vec![
            Some(self.id.clone()),
            Some(self.last.clone()),
            Some(self.city.to_string()),
            Some(self.phone.clone()),
            Some(self.postal.to_string()),
            Some(self.job.to_string()),
            Some(iso_date(self.born)),
            Some(decimal(self.hours)),
            Some(self.status.1.to_string()),
            Some(self.reference.clone()),
            self.end.map(iso_date),
        ]
    }
}

/// Weekly hours in thousandths, the last digit never 0 (so every value has 3 decimals).
fn thousandths(rng: &mut DemoRng) -> u64 {
    rng.between(5_000, 48_000) / 10 * 10 + rng.between(1, 9)
}

/// `35125` → `35.125`.
fn decimal(thousandths: u64) -> String {
    format!("{}.{:03}", thousandths / 1000, thousandths % 1000)
}

/// Rounded half up to `decimals` (1 or 2): `35125`, 2 → `35.13`.
fn rounded(thousandths: u64, decimals: u32) -> String {
    let unit = 10u64.pow(3 - decimals);
    let n = (thousandths + unit / 2) / unit;
    let scale = 10u64.pow(decimals);
    format!(
        "{}.{:0width$}",
        n / scale,
        n % scale,
        width = decimals as usize
    )
}

/// Diacritics removed, case kept (`Écuyer` → `Ecuyer`, `Lœuillet` → `Loeuillet`).
fn without_accents(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => out.push('a'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'É' | 'È' | 'Ê' | 'Ë' => out.push('E'),
            'î' | 'ï' | 'í' => out.push('i'),
            'ô' | 'ö' | 'ó' | 'õ' => out.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => out.push('u'),
            'ç' => out.push('c'),
            'œ' => out.push_str("oe"),
            other => out.push(other),
        }
    }
    out
}

/// The text's UTF-8 bytes decoded another way: Windows-1252, Latin-1, twice, or each
/// non-ASCII character replaced by `?` or U+FFFD.
fn garbled(s: &str, variant: u64) -> String {
    let replaced = |by: char| {
        s.chars()
            .map(|c| if c.is_ascii() { c } else { by })
            .collect()
    };
    match variant % 5 {
        0 => mojibake(s),
        1 => s.bytes().map(char::from).collect(),
        2 => mojibake(&mojibake(s)),
        3 => replaced('?'),
        _ => replaced('\u{FFFD}'),
    }
}

/// A name unrelated to `name`: not a prefix of it nor it of the other, not the same letters.
fn unrelated(rng: &mut DemoRng, name: &str) -> String {
    let fold = |s: &str| without_accents(s).to_lowercase();
    loop {
        let other = *rng.pick(LAST_NAMES);
        let (a, b) = (fold(name), fold(other));
        let close = a.starts_with(&b)
            || b.starts_with(&a)
            || (a.len() == b.len()
                && a.chars().zip(b.chars()).filter(|(x, y)| x != y).count() <= 2);
        if !close {
            return other.to_string();
        }
    }
}

/// A value no rule should explain, for `column` of `record`: another name, a date 40 to
/// 340 days away (neither swapped nor whole years), a reference with two digits changed
/// apart, another number.
fn unrelated_value(rng: &mut DemoRng, record: &Record, column: usize) -> String {
    match column {
        BORN_ON => {
            let b = record.born;
            loop {
                let days = rng.between(40, 340);
                let d = if rng.chance(500) {
                    b + chrono::Days::new(days)
                } else {
                    b - chrono::Days::new(days)
                };
                let swapped = NaiveDate::from_ymd_opt(b.year(), b.day(), b.month());
                if Some(d) != swapped && (d.month(), d.day()) != (b.month(), b.day()) {
                    return iso_date(d);
                }
            }
        }
        REFERENCE => {
            let mut digits: Vec<u8> = record.reference.bytes().collect();
            let p = rng.below(digits.len() as u64 - 3) as usize;
            let q = p + 2 + rng.below((digits.len() - p - 2) as u64) as usize;
            for at in [p, q] {
                digits[at] = b'0' + ((digits[at] - b'0' + 1 + rng.below(8) as u8) % 10);
            }
            String::from_utf8(digits).unwrap_or_default()
        }
        HOURS => decimal(record.hours + rng.between(1_111, 9_999) / 10 * 10 + 3),
        _ => unrelated(rng, &record.last),
    }
}

/// Plants `cause` in `record` (made eligible first: an accented name for `accents`, a
/// day of 12 or less for a swap…) and returns the delivered row, the column and how many
/// times the row is delivered.
fn plant(
    rng: &mut DemoRng,
    lists: &Lists,
    record: &mut Record,
    cause: CauseKind,
    variant: u64,
    source: &mut Vec<String>,
) -> (Vec<Cell>, usize, usize) {
    let mut copies = 1;
    let column = match cause {
        CauseKind::Encoding => {
            record.last = rng.pick(&lists.accented).to_string();
            LAST_NAME
        }
        CauseKind::Accents => {
            record.last = rng.pick(&lists.diacritics).to_string();
            LAST_NAME
        }
        CauseKind::Case => {
            if variant % 3 == 2 {
                // Upper case and accents lost together: `case` first, `accents` in `kinds`.
                record.last = rng.pick(&lists.diacritics).to_string();
            }
            LAST_NAME
        }
        CauseKind::Duplicate => LAST_NAME,
        CauseKind::Other => [LAST_NAME, BORN_ON, REFERENCE, HOURS][(variant % 4) as usize],
        CauseKind::Whitespace => CITY,
        CauseKind::Formatting if variant % 4 == 3 => BORN_ON,
        CauseKind::Formatting => PHONE,
        CauseKind::LeadingZeros => POSTAL_CODE,
        CauseKind::Truncation => {
            record.job = *rng.pick(&lists.long_jobs);
            JOB_TITLE
        }
        CauseKind::DayMonthSwap => {
            let day = rng.between(1, 12) as u32;
            let month = loop {
                let m = rng.between(1, 12) as u32;
                if m != day {
                    break m;
                }
            };
            record.born = ymd(record.born.year(), month, day);
            BORN_ON
        }
        CauseKind::DateShift | CauseKind::Unparseable => {
            // No 29 February: a century away, it may not exist.
            if record.born.month() == 2 && record.born.day() == 29 {
                record.born = ymd(record.born.year(), 2, 28);
            }
            BORN_ON
        }
        CauseKind::NumberPrecision => HOURS,
        CauseKind::Mapping => STATUS,
        CauseKind::Unmapped => {
            record.status = UNMAPPED_STATUS;
            STATUS
        }
        CauseKind::DigitsTransposed => REFERENCE,
        CauseKind::Emptied => {
            record.end = Some(record.end.unwrap_or(ymd(2027, 6, 30)));
            END_ON
        }
        CauseKind::Filled => {
            record.end = None;
            END_ON
        }
    };
    *source = record.source();
    let mut row = record.expected();
    let value = &mut row[column];
    match cause {
        CauseKind::Encoding => *value = Some(garbled(&record.last, variant)),
        CauseKind::Case => {
            *value = Some(match variant % 3 {
                0 => record.last.to_uppercase(),
                1 => record.last.to_lowercase(),
                _ => without_accents(&record.last).to_uppercase(),
            })
        }
        CauseKind::Whitespace => {
            let city = record.city;
            *value = Some(match variant % 4 {
                0 => format!("{city} "),
                1 => format!(" {city}"),
                2 => format!("{city}\u{a0}"),
                _ => format!("{city}  "),
            })
        }
        CauseKind::Accents => *value = Some(without_accents(&record.last)),
        CauseKind::Formatting => {
            let digits: String = record.phone.chars().filter(char::is_ascii_digit).collect();
            *value = Some(match variant % 4 {
                0 => digits,
                1 => record.phone.replace(' ', "."),
                2 => record.phone.replace(' ', "-"),
                // A date delivered in the legacy format.
                _ => fr_date(record.born),
            })
        }
        CauseKind::LeadingZeros => *value = Some(record.postal.trim_start_matches('0').into()),
        CauseKind::Truncation => *value = Some(record.job.chars().take(30).collect()),
        CauseKind::DayMonthSwap => {
            let b = record.born;
            *value = Some(iso_date(ymd(b.year(), b.day(), b.month())))
        }
        CauseKind::DateShift => {
            let b = record.born;
            let shifted = match variant % 8 {
                0 | 2 => b + chrono::Days::new(1),
                1 | 3 => b - chrono::Days::new(1),
                4 => b + chrono::Days::new(2),
                5 => b - chrono::Days::new(7),
                6 => b + chrono::Days::new(31),
                _ => ymd(b.year() + 100, b.month(), b.day()),
            };
            *value = Some(iso_date(shifted))
        }
        CauseKind::NumberPrecision => {
            *value = Some(match variant % 3 {
                0 => rounded(record.hours, 2),
                1 => rounded(record.hours, 1),
                // Cut towards zero, not rounded.
                _ => decimal(record.hours / 10 * 10)
                    .trim_end_matches('0')
                    .trim_end_matches('.')
                    .to_string(),
            })
        }
        CauseKind::Mapping => {
            let other = loop {
                let (_, code) = *rng.pick(&STATUSES);
                if code != record.status.1 {
                    break code;
                }
            };
            *value = Some(other.to_string())
        }
        CauseKind::DigitsTransposed => {
            let mut digits: Vec<char> = record.reference.chars().collect();
            let pairs = digits.len() - 1;
            let start = rng.below(pairs as u64) as usize;
            let at = (0..pairs)
                .map(|k| (start + k) % pairs)
                .find(|&p| digits[p] != digits[p + 1]);
            if let Some(p) = at {
                digits.swap(p, p + 1);
            }
            *value = Some(digits.into_iter().collect())
        }
        CauseKind::Emptied => *value = None,
        CauseKind::Filled => *value = Some(DEFAULT_DATE.to_string()),
        CauseKind::Unmapped => *value = Some(UNMAPPED_STATUS.1.to_string()),
        CauseKind::Unparseable => {
            // The legacy date is 31 February; the new system rolled it over to 3 March.
            let year = record.born.year();
            source[BORN_ON] = format!("31/02/{year:04}");
            *value = Some(iso_date(ymd(year, 3, 3)));
        }
        CauseKind::Duplicate => copies = 2,
        CauseKind::Other => *value = Some(unrelated_value(rng, record, column)),
    }
    (row, column, copies)
}

/// The engine's expected value of a planted column: its marker when the source value is
/// one the campaign cannot read or map.
fn expected_shown(cause: CauseKind, source: &[String], expected: &Cell) -> Cell {
    match cause {
        CauseKind::Unparseable => Some(format!("⟨unparseable: {}⟩", source[BORN_ON])),
        CauseKind::Unmapped => Some(format!("⟨unmapped: {}⟩", UNMAPPED_STATUS.0)),
        _ => expected.clone(),
    }
}

/// Writes the probe resource's files under `dir` (`rows` records), appends its block to
/// `campaign.toml`, and writes `planted-causes.csv` and `CAUSES.md`. Returns what was
/// planted.
pub fn write(dir: &Path, rows: usize, seed: u64) -> Result<Vec<PlantedCause>> {
    let mut rng = DemoRng::new(seed ^ 0x5EED_CA05_E5AA_0001);
    let mut source = SourceCsv::create(
        &dir.join("source").join(SOURCE_FILE),
        Legacy::Windows1252,
        &SOURCE_COLUMNS,
    )?;
    let mut l1 = MigratedFile::create(
        &dir.join("deliveries/L1").join(MIGRATED_FILE),
        Layout::Csv,
        &COLUMNS,
    )?;
    let mut l2 = MigratedFile::create(
        &dir.join("deliveries/L2").join(MIGRATED_FILE),
        Layout::Csv,
        &COLUMNS,
    )?;
    let lists = Lists::new();
    let mut planted = Vec::new();
    for i in 0..rows as u64 {
        let mut record = Record::draw(&mut rng, i, &lists);
        let turn = (i % STRIDE == 1).then_some(i / STRIDE);
        let mut legacy = record.source();
        let Some(turn) = turn else {
            source.row(&legacy.iter().map(String::as_str).collect::<Vec<_>>())?;
            l1.row(&record.expected())?;
            l2.row(&record.expected())?;
            continue;
        };
        let cause = CauseKind::ALL[(turn % CauseKind::ALL.len() as u64) as usize];
        let variant = turn / CauseKind::ALL.len() as u64;
        let (delivered, column, copies) =
            plant(&mut rng, &lists, &mut record, cause, variant, &mut legacy);
        let expected = record.expected();
        source.row(&legacy.iter().map(String::as_str).collect::<Vec<_>>())?;
        for _ in 0..copies {
            l1.row(&delivered)?;
        }
        l2.row(&corrected(&expected, cause))?;
        planted.push(PlantedCause {
            key: record.id.clone(),
            column: COLUMNS[column].to_string(),
            cause,
            expected: expected_shown(cause, &legacy, &expected[column]),
            delivered: delivered[column].clone(),
        });
    }
    source.finish()?;
    l1.finish()?;
    l2.finish()?;
    append(&dir.join("campaign.toml"), CAMPAIGN_BLOCK)?;
    write_planted(&dir.join(PLANTED_FILE), &planted)?;
    fs::write(dir.join("CAUSES.md"), causes_md(&planted, rows, seed))
        .with_context(|| format!("cannot write {}", dir.join("CAUSES.md").display()))?;
    Ok(planted)
}

/// L2's row: what the campaign expects, but where the source cannot be read or mapped the
/// value stays a difference (the campaign, not the delivery, must change): L2 delivers
/// what the client decided (`postponed`, the real date) and still differs.
fn corrected(expected: &[Cell], cause: CauseKind) -> Vec<Cell> {
    let mut row = expected.to_vec();
    match cause {
        CauseKind::Unmapped => row[STATUS] = Some(UNMAPPED_STATUS.1.to_string()),
        CauseKind::Unparseable => row[BORN_ON] = None,
        _ => {}
    }
    row
}

fn append(path: &Path, text: &str) -> Result<()> {
    let mut toml =
        fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    toml.push_str(text);
    fs::write(path, toml).with_context(|| format!("cannot write {}", path.display()))
}

/// Reads `planted-causes.csv` back.
pub fn read_planted(path: &Path) -> Result<Vec<PlantedCause>> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("cannot read {}", path.display()))?;
    reader
        .deserialize()
        .map(|row| row.with_context(|| format!("{}", path.display())))
        .collect()
}

fn write_planted(path: &Path, planted: &[PlantedCause]) -> Result<()> {
    let mut writer =
        csv::Writer::from_path(path).with_context(|| format!("cannot write {}", path.display()))?;
    for p in planted {
        writer.serialize(p)?;
    }
    writer
        .flush()
        .with_context(|| format!("cannot write {}", path.display()))
}

fn causes_md(planted: &[PlantedCause], rows: usize, seed: u64) -> String {
    let mut md = String::new();
    let _ = write!(
        md,
        "# Planted causes (causes plantées)\n\n\
         `recette demo --rows {rows} --seed {seed} --plant-causes` added the resource `{RESOURCE}` \
         ({rows} records, source `source/{SOURCE_FILE}`, migrated `{MIGRATED_FILE}`): in L1 one \
         record in {STRIDE} has one cause of docs/causes.md planted in one column, the causes \
         taken in turn; L2 delivers every record right, except where the source itself cannot \
         be read or mapped (`unparseable`, `unmapped`: the campaign must change, not the \
         delivery). Each planted value is a line of `{PLANTED_FILE}` (`key,column,cause,\
         expected,delivered`). The generator test `tests/causes_planted.rs` reads them back \
         and compares them with the causes `recette` finds.\n\n\
         | cause | column | planted |\n|---|---|---|\n"
    );
    for kind in CauseKind::ALL {
        let of_kind: Vec<&PlantedCause> = planted.iter().filter(|p| p.cause == kind).collect();
        let mut columns: Vec<&str> = Vec::new();
        for p in &of_kind {
            if !columns.contains(&p.column.as_str()) {
                columns.push(&p.column);
            }
        }
        if !columns.is_empty() {
            let columns: Vec<String> = columns.iter().map(|c| format!("`{c}`")).collect();
            let _ = writeln!(
                md,
                "| `{kind}` | {} | {} |",
                columns.join(", "),
                of_kind.len()
            );
        }
    }
    md
}

const CAMPAIGN_BLOCK: &str = r#"
# ---------------------------------------------------------------------------------------------
# `recette demo --plant-causes` : une sonde où chaque cause de docs/causes.md est plantée en L1
# dans des lignes connues (planted-causes.csv, CAUSES.md).
[[resource]]
name = "probe"
label = "Sonde des causes"
source = "sonde.csv"
migrated = "probe.csv"
key = ["source_id"]
pii = []
[resource.columns]
source_id = "num_sonde"
last_name = "nom"
city = "ville"
phone = "telephone"
postal_code = "code_postal"
job_title = "poste"
born_on = { from = "date_naissance", date = "%d/%m/%Y" }
hours = { from = "horaire", decimal_comma = true }
status = { from = "statut", map = { "Prescrit" = "prescribed", "Planifié" = "planned", "Réalisé" = "done", "Annulé" = "cancelled", "Refusé" = "refused" } }
reference = "reference"
end_on = { from = "date_fin", date = "%d/%m/%Y" }
[resource.labels]
source_id = "N° de sonde"
last_name = "Nom"
city = "Ville"
phone = "Téléphone"
postal_code = "Code postal"
job_title = "Poste"
born_on = "Date de naissance"
hours = "Horaire"
status = "Statut"
reference = "Référence"
end_on = "Fin"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_half_up_and_keep_their_decimals() {
        assert_eq!(decimal(35_125), "35.125");
        assert_eq!(decimal(7_001), "7.001");
        assert_eq!(rounded(35_125, 2), "35.13");
        assert_eq!(rounded(35_125, 1), "35.1");
        assert_eq!(rounded(35_951, 1), "36.0");
        let mut rng = DemoRng::new(1);
        for _ in 0..1000 {
            let n = thousandths(&mut rng);
            assert_ne!(n % 10, 0);
            assert_ne!(rounded(n, 2), decimal(n));
        }
    }

    #[test]
    fn every_planted_value_differs_from_the_expected_one() {
        let mut rng = DemoRng::new(9);
        let lists = Lists::new();
        assert!(lists.long_jobs.len() > 5 && lists.accented.len() > 20);
        for i in 0..(CauseKind::ALL.len() as u64 * 8) {
            let cause = CauseKind::ALL[(i % CauseKind::ALL.len() as u64) as usize];
            let mut record = Record::draw(&mut rng, i, &lists);
            let mut source = record.source();
            let (delivered, column, copies) =
                plant(&mut rng, &lists, &mut record, cause, i, &mut source);
            let expected = expected_shown(cause, &source, &record.expected()[column]);
            if cause == CauseKind::Duplicate {
                assert_eq!(copies, 2);
            } else {
                assert_ne!(
                    delivered[column], expected,
                    "{cause} {:?}",
                    delivered[column]
                );
            }
            assert_eq!(source.len(), SOURCE_COLUMNS.len());
        }
        assert_eq!(without_accents("Lœuillet Écuyer"), "Loeuillet Ecuyer");
        assert_eq!(garbled("Émery", 0), "Ã‰mery");
        assert_eq!(garbled("Émery", 3), "?mery");
    }
}
