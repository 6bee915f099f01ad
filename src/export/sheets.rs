//! The four tables every spreadsheet export holds (one XLSX sheet or one CSV file each),
//! built once from a `Snapshot` so that XLSX and CSV always agree: French headers, French
//! labels, one row per summary line, checklist verdict, defect and comparison line. The
//! workbook opens on a dashboard before them (`export::dashboard`).

use super::labels::{
    SEVERITIES, STATUSES, category_label, defect_kind_label, item_kind_label, masked_notice,
    or_null, severity_label, status_label, verdict_label,
};
use super::snapshot::{DefectRow, Snapshot};

/// One cell. Numbers stay numbers (Excel sums them); text is shown as is.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(u64),
    /// An instant, RFC 3339: a date in the workbook (local time), the text as is in CSV.
    Time(String),
    /// A verdict's label ("KO", "OK", "à faire"…): filled red or green in the workbook.
    Verdict(String),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<Option<&String>> for Cell {
    fn from(s: Option<&String>) -> Cell {
        s.map_or(Cell::Empty, |s| Cell::Text(s.clone()))
    }
}

impl From<Option<&str>> for Cell {
    fn from(s: Option<&str>) -> Cell {
        s.map_or(Cell::Empty, Cell::from)
    }
}

impl From<u64> for Cell {
    fn from(n: u64) -> Cell {
        Cell::Number(n)
    }
}

/// A column: its French header, the widest it may be drawn (characters), and whether its
/// text wraps (long free text).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub header: &'static str,
    pub max_width: u16,
    pub wrap: bool,
}

const fn col(header: &'static str, max_width: u16) -> Column {
    Column {
        header,
        max_width,
        wrap: false,
    }
}

const fn wrapped(header: &'static str, max_width: u16) -> Column {
    Column {
        header,
        max_width,
        wrap: true,
    }
}

#[derive(Debug, Clone)]
pub struct Sheet {
    /// The XLSX sheet name.
    pub title: &'static str,
    /// The CSV file name.
    pub file: &'static str,
    pub columns: &'static [Column],
    pub rows: Vec<Vec<Cell>>,
}

pub const SUMMARY_COLUMNS: &[Column] = &[
    col("Ressource", 20),
    col("Libellé", 36),
    col("Livraison", 10),
    col("Attendues", 12),
    col("Migrées", 12),
    col("Identiques", 12),
    col("Différentes", 12),
    col("Manquantes", 12),
    col("Inattendues", 12),
    col("Exclues mais migrées", 12),
    col("Clés en double", 12),
    col("Points traités", 10),
    col("Points au total", 10),
    col("OK", 8),
    col("KO", 8),
    col("Signée", 8),
    col("Signée par", 30),
];

pub const CHECKLIST_COLUMNS: &[Column] = &[
    col("Ressource", 20),
    col("Point", 24),
    wrapped("Libellé", 50),
    col("Type", 14),
    col("Livraison", 10),
    col("Verdict", 16),
    wrapped("Mesure", 30),
    col("Par", 24),
    col("Le", 26),
    wrapped("Commentaire", 60),
];

pub const DEFECT_COLUMNS: &[Column] = &[
    col("N°", 10),
    col("Ressource", 20),
    col("Point", 24),
    wrapped("Clés", 30),
    wrapped("Colonnes", 24),
    col("Nature", 16),
    col("Sévérité", 12),
    col("Statut", 12),
    wrapped("Titre", 50),
    wrapped("Description", 70),
    col("Trouvée en", 10),
    col("Corrigée en", 10),
    col("Créée par", 24),
    col("Créée le", 26),
    wrapped("Preuves (attendu → migré)", 70),
    wrapped("Historique", 70),
];

pub const COMPARISON_COLUMNS: &[Column] = &[
    col("Ressource", 20),
    col("Livraison précédente", 12),
    col("Livraison", 10),
    col("Portée", 10),
    col("Catégorie ou colonne", 30),
    col("Corrigées", 12),
    col("Toujours en échec", 12),
    col("Régressions", 12),
    col("Nouvelles", 12),
];

/// The CSV files of the four tables, in the order of [`sheets`].
pub const CSV_FILES: [&str; 4] = [
    "synthese.csv",
    "checklist.csv",
    "anomalies.csv",
    "comparaison-livraisons.csv",
];

/// Par livraison, Vérifications, Anomalies, Comparaison livraisons — in that order (the
/// workbook puts its dashboard, *Synthèse*, before them).
pub fn sheets(snapshot: &Snapshot) -> [Sheet; 4] {
    [
        summary(snapshot),
        checklist(snapshot),
        defects(snapshot),
        comparison(snapshot),
    ]
}

/// The line above each sheet's header: campaign, date, deliveries, the personal-data notice.
pub fn banner(snapshot: &Snapshot, sheet: &Sheet) -> String {
    format!(
        "{} — {} — état au {} — livraisons : {} — {}",
        snapshot.campaign,
        sheet.title,
        snapshot.generated_at,
        snapshot.deliveries.join(", "),
        masked_notice(snapshot.masked)
    )
}

fn yes_no(b: bool) -> Cell {
    Cell::from(if b { "oui" } else { "non" })
}

fn summary(s: &Snapshot) -> Sheet {
    let rows = s
        .summary
        .iter()
        .map(|r| {
            vec![
                r.resource.as_str().into(),
                r.label.as_str().into(),
                r.delivery.as_str().into(),
                r.expected.into(),
                r.migrated.into(),
                r.identical.into(),
                r.differing.into(),
                r.missing.into(),
                r.unexpected.into(),
                r.excluded_but_migrated.into(),
                r.duplicates.into(),
                r.items_done.into(),
                r.items_total.into(),
                r.ok.into(),
                r.ko.into(),
                yes_no(r.signed_off),
                r.signed_off_by.as_ref().into(),
            ]
        })
        .collect();
    Sheet {
        title: "Par livraison",
        file: CSV_FILES[0],
        columns: SUMMARY_COLUMNS,
        rows,
    }
}

fn checklist(s: &Snapshot) -> Sheet {
    let rows = s
        .checklist
        .iter()
        .map(|r| {
            vec![
                r.resource.as_str().into(),
                r.item.as_str().into(),
                r.label.as_str().into(),
                item_kind_label(&r.kind).into(),
                r.delivery.as_str().into(),
                Cell::Verdict(verdict_label(&r.verdict).to_string()),
                r.measured.as_ref().into(),
                r.author.as_ref().into(),
                r.time.clone().map_or(Cell::Empty, Cell::Time),
                r.comment.as_ref().into(),
            ]
        })
        .collect();
    Sheet {
        title: "Vérifications",
        file: CSV_FILES[1],
        columns: CHECKLIST_COLUMNS,
        rows,
    }
}

/// The evidence of a defect, one line per value: `key · column : expected → migrated`.
pub fn evidence_text(d: &DefectRow) -> String {
    d.evidence
        .iter()
        .map(|e| {
            format!(
                "{} · {} : {} → {}",
                e.key,
                e.column,
                or_null(e.expected.as_deref()),
                or_null(e.migrated.as_deref())
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn defects(s: &Snapshot) -> Sheet {
    let rows = s
        .defects
        .iter()
        .map(|d| {
            vec![
                d.id.as_str().into(),
                d.resource.as_str().into(),
                d.item.as_ref().into(),
                d.keys.join("\n").into(),
                d.columns.join(", ").into(),
                d.kind.as_deref().map(defect_kind_label).into(),
                severity_label(&d.severity).into(),
                status_label(&d.status).into(),
                d.title.as_str().into(),
                d.description.as_str().into(),
                d.found_in.as_ref().into(),
                d.fixed_in.as_ref().into(),
                d.author.as_str().into(),
                Cell::Time(d.created.clone()),
                evidence_text(d).into(),
                d.history.join("\n").into(),
            ]
        })
        .collect();
    Sheet {
        title: "Anomalies",
        file: CSV_FILES[2],
        columns: DEFECT_COLUMNS,
        rows,
    }
}

/// Every category of every comparison (so a clean resource shows as such), and the columns
/// with at least one non-zero count.
fn comparison(s: &Snapshot) -> Sheet {
    let mut rows = Vec::new();
    for c in &s.comparison {
        let line = |scope: &str, name: &str, counts: [u64; 4]| -> Vec<Cell> {
            let mut row: Vec<Cell> = vec![
                c.resource.as_str().into(),
                c.previous.as_str().into(),
                c.current.as_str().into(),
                scope.into(),
                name.into(),
            ];
            row.extend(counts.map(Cell::Number));
            row
        };
        for k in &c.by_category {
            let counts = [k.fixed, k.still_failing, k.regressed, k.new];
            rows.push(line("catégorie", category_label(&k.category), counts));
        }
        for k in &c.by_column {
            let counts = [k.fixed, k.still_failing, k.regressed, k.new];
            if counts.iter().any(|&n| n > 0) {
                rows.push(line("colonne", &k.column, counts));
            }
        }
    }
    Sheet {
        title: "Comparaison livraisons",
        file: CSV_FILES[3],
        columns: COMPARISON_COLUMNS,
        rows,
    }
}

/// Defects counted by severity (rows: the three severities, then any other one met) and
/// status (columns: `labels::STATUSES`), with each row's total; severities as labels.
pub fn severity_status_counts(defects: &[DefectRow]) -> Vec<(String, [u64; 5], u64)> {
    let mut severities: Vec<&str> = SEVERITIES.to_vec();
    for d in defects {
        let label = severity_label(&d.severity);
        if !severities.iter().any(|s| severity_label(s) == label) {
            severities.push(label);
        }
    }
    severities
        .iter()
        .map(|severity| {
            let of = |d: &&DefectRow| severity_label(&d.severity) == severity_label(severity);
            let counts = STATUSES.map(|status| {
                defects
                    .iter()
                    .filter(of)
                    .filter(|d| d.status == status)
                    .count() as u64
            });
            let total = defects.iter().filter(of).count() as u64;
            (severity_label(severity).to_string(), counts, total)
        })
        .collect()
}
