//! What `init` decided, and how: the two folders read once (profiles), files paired, then
//! each pair read again to draw the same keys on both sides, on which the key is measured
//! and the columns matched. The plan is what the campaign text, the starter checklist and
//! the printout are written from.

use std::collections::HashSet;
use std::path::{Component, Path};
use std::sync::Mutex;

use super::columns::{self, Difference, Rule};
use super::error::InitError;
use super::files::{self, DataFile, ForeignReader, Layout};
use super::key::{self, Key};
use super::overlap::Values;
use super::pair;
use super::parallel;
use super::pii::{self, Personal};
use super::profile::{self, FileProfile};
use super::read::{CsvFormat, TextEncoding};
use super::sample::{self, HashMapOf, HashSetOf};
use super::{Progress, Request, Step};

/// About how many records of each side a resource's decisions are drawn on.
const DRAWN_ROWS: u64 = 20_000;

/// The language of the texts written (comments, checklist labels).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    pub fn pick<'a>(self, fr: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }
}

/// A file as the plan names it.
#[derive(Debug, Clone)]
pub struct FileSummary {
    pub name: String,
    pub rows: u64,
    /// `None` for Parquet and JSON.
    pub csv: Option<CsvFormat>,
    /// Every byte is ASCII: whatever encoding the campaign says reads it alike.
    pub ascii: bool,
}

/// A proposed key, by column names.
#[derive(Debug, Clone)]
pub struct PlannedKey {
    pub delivery: Vec<String>,
    pub source: Vec<String>,
    pub uniqueness: f64,
    pub found: f64,
    pub measured: usize,
}

/// One compared delivery column.
#[derive(Debug, Clone)]
pub struct PlannedColumn {
    pub delivery: String,
    pub source: String,
    pub rule: Rule,
    pub rate: f64,
    pub compared: usize,
    pub is_key: bool,
    /// Paired by its name alone (see `ColumnMatch::by_name`).
    pub by_name: bool,
    pub differences: Vec<(Difference, usize)>,
    pub personal: Option<Personal>,
}

/// One resource: a source file and a delivery file that go together.
#[derive(Debug, Clone)]
pub struct ResourcePlan {
    pub name: String,
    pub source: FileSummary,
    pub delivery: FileSummary,
    /// The weighted share of the delivery's columns found in the source.
    pub content: f64,
    pub name_likeness: f64,
    pub key: PlannedKey,
    pub columns: Vec<PlannedColumn>,
    /// Delivery columns left out, with the best source column seen and its rate.
    pub carried: Vec<(String, Option<(String, f64)>)>,
    pub unused_source: Vec<String>,
    /// The modulus the records were drawn with (1: all of them), and how many matched.
    pub modulus: u64,
    pub matched: usize,
}

impl ResourcePlan {
    pub fn pii(&self) -> Vec<&str> {
        self.columns
            .iter()
            .filter(|c| c.personal.is_some())
            .map(|c| c.delivery.as_str())
            .collect()
    }

    pub fn learned_maps(&self) -> impl Iterator<Item = &PlannedColumn> {
        self.columns
            .iter()
            .filter(|c| matches!(c.rule, Rule::Map { .. }))
    }
}

/// A file left out, and why.
#[derive(Debug, Clone)]
pub struct Unpaired {
    pub file: String,
    pub why: Why,
}

/// Why a file is in no resource.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    /// A source file whose values no delivery file holds.
    NoDeliveryHoldsIt,
    /// A delivery file whose values no source file holds.
    NoSourceHoldsIt,
    /// Names alike, values not.
    NameOnly { source: String },
    /// It shares values with a source file that went with another delivery file.
    Taken { source: String },
    /// Paired by values, but no key was found.
    NoKey { other: String },
    /// A delivery file written unlike the delivery's others.
    OtherFormat {
        source: String,
        encoding: &'static str,
        delimiter: String,
    },
}

impl Why {
    pub fn said(&self, lang: Lang) -> String {
        match (self, lang) {
            (Why::NoDeliveryHoldsIt, Lang::Fr) => {
                "aucun fichier de la livraison ne contient ses valeurs".into()
            }
            (Why::NoDeliveryHoldsIt, Lang::En) => "no delivery file holds its values".into(),
            (Why::NoSourceHoldsIt, Lang::Fr) => {
                "aucun fichier source ne contient ses valeurs".into()
            }
            (Why::NoSourceHoldsIt, Lang::En) => "no source file holds its values".into(),
            (Why::NameOnly { source }, Lang::Fr) => format!(
                "son nom évoque {source}, mais aucune de ses clés ne s'y trouve : ils ne partagent aucune valeur"
            ),
            (Why::NameOnly { source }, Lang::En) => format!(
                "its name suggests {source}, but none of its keys is found there: they share no values"
            ),
            (Why::Taken { source }, Lang::Fr) => {
                format!("partage des valeurs avec {source}, déjà apparié à un autre fichier")
            }
            (Why::Taken { source }, Lang::En) => {
                format!("shares values with {source}, which went with another file")
            }
            (Why::NoKey { other }, Lang::Fr) => format!(
                "va avec {other} par ses valeurs, mais aucune colonne ni paire de colonnes n'y est unique et retrouvée dans la source"
            ),
            (Why::NoKey { other }, Lang::En) => format!(
                "goes with {other} by its values, but no column nor pair of columns is unique and found in the source"
            ),
            (
                Why::OtherFormat {
                    source,
                    encoding,
                    delimiter,
                },
                Lang::Fr,
            ) => format!(
                "va avec {source}, mais est écrit autrement que les autres fichiers de la livraison ({encoding}, séparateur {delimiter}) : recette lit un encodage et un séparateur par livraison"
            ),
            (
                Why::OtherFormat {
                    source,
                    encoding,
                    delimiter,
                },
                Lang::En,
            ) => format!(
                "goes with {source}, but is written unlike the delivery's other files ({encoding}, delimiter {delimiter}): recette reads one encoding and delimiter per delivery"
            ),
        }
    }
}

/// Everything `init` decided.
#[derive(Debug, Clone)]
pub struct Plan {
    pub name: String,
    pub lang: Lang,
    pub delivery_id: String,
    /// Folders and the checklist, relative to the campaign file's folder.
    pub source_dir: String,
    pub delivery_dir: String,
    pub checklist: String,
    pub source_files: usize,
    pub delivery_files: usize,
    /// `[source]` defaults: the way most paired source files are written.
    pub source_format: Option<CsvFormat>,
    pub delivery_format: Option<CsvFormat>,
    pub resources: Vec<ResourcePlan>,
    pub unpaired_source: Vec<Unpaired>,
    pub unpaired_delivery: Vec<Unpaired>,
}

fn summary(p: &FileProfile) -> FileSummary {
    FileSummary {
        name: p.file.name.clone(),
        rows: p.rows,
        csv: match &p.file.layout {
            Layout::Csv(probe) => Some(probe.format),
            _ => None,
        },
        ascii: p.file.ascii,
    }
}

/// Reads both folders and decides.
pub fn draft_plan(
    request: &Request,
    foreign: &dyn ForeignReader,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<Plan, InitError> {
    let source_files = files::list(&request.source_dir, foreign)?;
    let delivery_files = files::list(&request.delivery_dir, foreign)?;
    let (n_sources, n_deliveries) = (source_files.len(), delivery_files.len());
    // Files are read side by side; the progress line hears from each in turn.
    let progress = Mutex::new(progress);
    let report = |p: Progress| (progress.lock().unwrap_or_else(|e| e.into_inner()))(p);
    let all: Vec<DataFile> = source_files.into_iter().chain(delivery_files).collect();
    let mut profiles = parallel::each(all, |f| {
        let (name, total) = (f.name.clone(), f.size);
        profile::profile(f, foreign, &mut |done| {
            report(Progress {
                step: Step::Reading,
                file: &name,
                done,
                total,
            })
        })
    })
    .into_iter()
    .collect::<Result<Vec<FileProfile>, InitError>>()?;
    let deliveries = profiles.split_off(n_sources);
    let sources = profiles;
    let source_values: Vec<Vec<Values>> = sources.iter().map(pair::values_of).collect();
    let delivery_values: Vec<Vec<Values>> = deliveries.iter().map(pair::values_of).collect();
    let pairing = pair::pair(&sources, &source_values, &deliveries, &delivery_values);
    if pairing.pairs.is_empty() {
        return Err(InitError::Nothing(format!(
            "no file of {} shares key values with a file of {}: nothing to reconcile (are these the extraction and the delivery of the same data?)",
            request.source_dir.display(),
            request.delivery_dir.display()
        )));
    }
    let mut unpaired_delivery: Vec<Unpaired> = pairing
        .unpaired_delivery
        .iter()
        .map(|(d, why)| Unpaired {
            file: deliveries[*d].file.name.clone(),
            why: why.clone(),
        })
        .collect();
    let mut unpaired_source: Vec<Unpaired> = pairing
        .unpaired_source
        .iter()
        .map(|&s| Unpaired {
            file: sources[s].file.name.clone(),
            why: Why::NoDeliveryHoldsIt,
        })
        .collect();

    let drafted = parallel::each(pairing.pairs.iter().collect(), |p| {
        resource(
            p,
            &sources[p.source],
            &deliveries[p.delivery],
            foreign,
            &report,
        )
    });
    let mut resources = Vec::new();
    let mut used_names = HashSet::new();
    for (p, drafted) in pairing.pairs.iter().zip(drafted) {
        let (s, d) = (&sources[p.source], &deliveries[p.delivery]);
        match drafted? {
            Some(mut r) => {
                r.name = unique_name(&d.file.name, &mut used_names);
                resources.push((p.delivery, r));
            }
            None => {
                unpaired_delivery.push(Unpaired {
                    file: d.file.name.clone(),
                    why: Why::NoKey {
                        other: s.file.name.clone(),
                    },
                });
                unpaired_source.push(Unpaired {
                    file: s.file.name.clone(),
                    why: Why::NoKey {
                        other: d.file.name.clone(),
                    },
                });
            }
        }
    }
    if resources.is_empty() {
        return Err(InitError::Nothing(
            "the files share values but none has a key (a column, or a pair of columns, unique and found in the source): nothing to reconcile".into(),
        ));
    }
    let resources = parents_first(resources, &deliveries, &delivery_values);
    let (source_format, delivery_format, resources, odd) = formats(resources);
    unpaired_delivery.extend(odd);
    let base = request
        .campaign_file
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let delivery_id = request
        .delivery_dir
        .canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "L1".into());
    let name = request.name.clone().unwrap_or_else(|| {
        base.canonicalize()
            .ok()
            .and_then(|b| b.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "recette".into())
    });
    Ok(Plan {
        name,
        lang: request.lang,
        delivery_id,
        source_dir: relative(&base, &request.source_dir),
        delivery_dir: relative(&base, &request.delivery_dir),
        checklist: relative(&base, &request.checklist_file),
        source_files: n_sources,
        delivery_files: n_deliveries,
        source_format,
        delivery_format,
        resources,
        unpaired_source,
        unpaired_delivery,
    })
}

/// Draws the same keys on both sides, then measures the key and matches the columns.
fn resource(
    p: &pair::Pair,
    s: &FileProfile,
    d: &FileProfile,
    foreign: &dyn ForeignReader,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Option<ResourcePlan>, InitError> {
    let anchor = match (&p.key, &p.anchor) {
        (Some(k), _) => k.parts[0],
        (None, Some((a, _))) => *a,
        (None, None) => return Ok(None),
    };
    let modulus = sample::modulus_for(d.rows.max(s.rows), DRAWN_ROWS);
    let draw = |file: &FileProfile, on: usize| {
        let mut f = file.file.clone();
        let (name, total) = (f.name.clone(), f.size);
        sample::draw(&mut f, on, modulus, foreign, &mut |done| {
            progress(Progress {
                step: Step::Drawing,
                file: &name,
                done,
                total,
            })
        })
    };
    let d_rows = draw(d, anchor.delivery)?.rows;
    let s_rows = draw(s, anchor.source)?.rows;
    let key = match &p.key {
        Some(k) => key::measure(&k.parts, &d_rows, &s_rows),
        None => match key::pair(anchor, &d.file.columns, &s.file.columns, &d_rows, &s_rows) {
            Some(k) => k,
            None => return Ok(None),
        },
    };
    let joined = join(&key, &d_rows, &s_rows);
    let source_codes: Vec<Option<Vec<String>>> = s
        .columns
        .iter()
        .map(|c| {
            c.small.as_ref().map(|all| {
                let mut v: Vec<String> = all.keys().cloned().collect();
                v.sort();
                v
            })
        })
        .collect();
    let matching = columns::match_columns(
        &d.file.columns,
        &s.file.columns,
        &joined,
        &key.parts,
        &source_codes,
    );
    let planned = matching
        .columns
        .iter()
        .map(|m| {
            let (d_name, s_name) = (&d.file.columns[m.delivery], &s.file.columns[m.source]);
            let personal = if m.is_key {
                None
            } else {
                pii::by_name(d_name).or_else(|| {
                    let values = d_rows.iter().filter_map(|r| r[m.delivery].as_deref());
                    pii::looks_personal(s_name, values)
                })
            };
            PlannedColumn {
                delivery: d_name.clone(),
                source: s_name.clone(),
                rule: m.rule.clone(),
                rate: m.rate,
                compared: m.compared,
                is_key: m.is_key,
                by_name: m.by_name,
                differences: m.differences.clone(),
                personal,
            }
        })
        .collect();
    let carried = matching
        .carried
        .iter()
        .map(|c| {
            let best = c.best.map(|(sc, r)| (s.file.columns[sc].clone(), r));
            (d.file.columns[c.delivery].clone(), best)
        })
        .collect();
    Ok(Some(ResourcePlan {
        name: String::new(),
        source: summary(s),
        delivery: summary(d),
        content: p.content,
        name_likeness: p.name_likeness,
        key: PlannedKey {
            delivery: key
                .parts
                .iter()
                .map(|k| d.file.columns[k.delivery].clone())
                .collect(),
            source: key
                .parts
                .iter()
                .map(|k| s.file.columns[k.source].clone())
                .collect(),
            uniqueness: key.uniqueness,
            found: key.found,
            measured: key.measured,
        },
        columns: planned,
        carried,
        unused_source: matching
            .unused_source
            .iter()
            .map(|&c| s.file.columns[c].clone())
            .collect(),
        modulus,
        matched: joined.len(),
    }))
}

type Row = Vec<Option<String>>;

/// The drawn records whose keys match, one per key (a key delivered twice is compared
/// once here; the engine counts the copies).
fn join<'a>(key: &Key, d_rows: &'a [Row], s_rows: &'a [Row]) -> Vec<(&'a Row, &'a Row)> {
    let of = |row: &'a Row, columns: &[usize]| -> Option<Vec<&'a str>> {
        columns.iter().map(|&c| row[c].as_deref()).collect()
    };
    let sc: Vec<usize> = key.parts.iter().map(|p| p.source).collect();
    let dc: Vec<usize> = key.parts.iter().map(|p| p.delivery).collect();
    let mut source: HashMapOf<Vec<&str>, &Row> = HashMapOf::default();
    for r in s_rows {
        if let Some(k) = of(r, &sc) {
            source.entry(k).or_insert(r);
        }
    }
    let mut seen = HashSetOf::default();
    let mut joined = Vec::new();
    for r in d_rows {
        if let Some(k) = of(r, &dc)
            && let Some(s) = source.get(&k)
            && seen.insert(k)
        {
            joined.push((r, *s));
        }
    }
    joined
}

/// A resource's name: its delivery file's name without the extension, made unique.
fn unique_name(file: &str, used: &mut HashSet<String>) -> String {
    let stem = Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.to_string());
    let mut name = stem.clone();
    let mut n = 1;
    while !used.insert(name.clone()) {
        n += 1;
        name = format!("{stem}_{n}");
    }
    name
}

/// Resources ordered so that one whose key another refers to comes first (firms before
/// employees before contracts), then by name.
fn parents_first(
    mut resources: Vec<(usize, ResourcePlan)>,
    deliveries: &[FileProfile],
    values: &[Vec<Values>],
) -> Vec<ResourcePlan> {
    resources.sort_by(|a, b| a.1.name.cmp(&b.1.name));
    let refers = |child: usize, parent: usize, parent_plan: &ResourcePlan| -> bool {
        let [parent_key] = parent_plan.key.delivery.as_slice() else {
            return false;
        };
        let Some(pk) = deliveries[parent].column(parent_key) else {
            return false;
        };
        (0..deliveries[child].columns.len()).any(|c| {
            let o = values[child][c].found_in(&values[parent][pk], true);
            o.compared >= 3 && o.share >= 0.9
        })
    };
    let mut ordered = Vec::new();
    while !resources.is_empty() {
        let free = (0..resources.len())
            .find(|&i| {
                !(0..resources.len()).any(|j| {
                    j != i
                        && refers(resources[i].0, resources[j].0, &resources[j].1)
                        && !refers(resources[j].0, resources[i].0, &resources[i].1)
                })
            })
            .unwrap_or(0);
        ordered.push(resources.remove(free).1);
    }
    ordered
}

/// The way most files are written, among those that have a way (CSV); files all ASCII
/// count only for their delimiter, unless all are.
fn commonest(files: &[&FileSummary]) -> Option<CsvFormat> {
    let mut counts: Vec<(CsvFormat, usize)> = Vec::new();
    let some_not_ascii = files.iter().any(|f| f.csv.is_some() && !f.ascii);
    for f in files {
        let Some(format) = f.csv else { continue };
        if f.ascii && some_not_ascii {
            continue;
        }
        let format = normalised(format);
        match counts.iter_mut().find(|(g, _)| *g == format) {
            Some((_, n)) => *n += 1,
            None => counts.push((format, 1)),
        }
    }
    let mut best = counts.into_iter().max_by_key(|(_, n)| *n).map(|(f, _)| f)?;
    // The delimiter most files use, ASCII ones included.
    let mut delimiters: Vec<(u8, usize)> = Vec::new();
    for f in files.iter().filter_map(|f| f.csv) {
        match delimiters.iter_mut().find(|(d, _)| *d == f.delimiter) {
            Some((_, n)) => *n += 1,
            None => delimiters.push((f.delimiter, 1)),
        }
    }
    if let Some((d, _)) = delimiters.into_iter().max_by_key(|(_, n)| *n) {
        best.delimiter = d;
    }
    Some(best)
}

/// Formats the campaign cannot tell apart (a BOM is read either way) are one.
fn normalised(mut f: CsvFormat) -> CsvFormat {
    if let TextEncoding::Utf8 { .. } = f.encoding {
        f.encoding = TextEncoding::Utf8 { bom: false };
    }
    f
}

/// Whether a file reads as `format` says: the same delimiter, and the same encoding
/// unless the file is all ASCII.
pub fn reads_as(file: &FileSummary, format: CsvFormat) -> (bool, bool) {
    let Some(own) = file.csv else {
        return (true, true);
    };
    let delimiter = own.delimiter == format.delimiter;
    let encoding = file.ascii || normalised(own).encoding == normalised(format).encoding;
    (delimiter, encoding)
}

/// `[source]` and `[[delivery]]` formats; a delivery file written differently from the
/// others cannot be said (one format per delivery): its resource is left out.
#[allow(clippy::type_complexity)]
fn formats(
    resources: Vec<ResourcePlan>,
) -> (
    Option<CsvFormat>,
    Option<CsvFormat>,
    Vec<ResourcePlan>,
    Vec<Unpaired>,
) {
    let source = commonest(&resources.iter().map(|r| &r.source).collect::<Vec<_>>());
    let delivery = commonest(&resources.iter().map(|r| &r.delivery).collect::<Vec<_>>());
    let mut kept = Vec::new();
    let mut odd = Vec::new();
    for r in resources {
        let fits = delivery.is_none_or(|d| reads_as(&r.delivery, d) == (true, true));
        match r.delivery.csv {
            Some(f) if !fits => odd.push(Unpaired {
                file: r.delivery.name.clone(),
                why: Why::OtherFormat {
                    source: r.source.name.clone(),
                    encoding: f.encoding.campaign_name(),
                    delimiter: f.delimiter_name(),
                },
            }),
            _ => kept.push(r),
        }
    }
    (source, delivery, kept, odd)
}

/// `to` relative to the folder `base`, with `/` (both made absolute first).
pub fn relative(base: &Path, to: &Path) -> String {
    // A file not written yet: its folder, made absolute, and its name.
    let absolute = |p: &Path| {
        p.canonicalize().unwrap_or_else(|_| {
            match (
                p.parent().and_then(|d| d.canonicalize().ok()),
                p.file_name(),
            ) {
                (Some(dir), Some(name)) => dir.join(name),
                _ => std::path::absolute(p).unwrap_or(p.to_path_buf()),
            }
        })
    };
    let (base, to) = (absolute(base), absolute(to));
    let (b, t): (Vec<Component>, Vec<Component>) =
        (base.components().collect(), to.components().collect());
    let common = b.iter().zip(&t).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return to.to_string_lossy().into_owned();
    }
    let mut parts: Vec<String> = vec!["..".to_string(); b.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}
