//! The reconciliation engine: stages each resource's source and delivery into immutable
//! Parquet files of the results folder, compares them, and keeps the report. Unchanged
//! inputs and settings find their results by fingerprint and are not read again.

use std::path::Path;

use duckdb::Connection;

use super::cache::{Cache, digest, fingerprint, sanitize};
use super::campaign_sql::{self, ResourceSql};
use super::error::StoreError;
use super::input::{self, InputTable, read_error};
use super::reconcile::{self, Layout, NullKeyRow, ResultFiles};
use super::sql::quote_literal;
use super::stages;
use super::stored::{self, Stored};
use crate::domain::campaign::{Campaign, Delivery, Resource};
use crate::domain::causes::CauseKind;
use crate::domain::report::{KeyCategory, KeyValue};
pub use crate::domain::results::Reconciled;
pub use crate::domain::stage::Stage;

/// The in-memory stage tables of the reconciliation under way (one connection each).
const SOURCE_TABLE: &str = "__recette_source";
const MIGRATED_TABLE: &str = "__recette_migrated";

pub struct Engine {
    campaign: Campaign,
    cache: Cache,
    conn: Connection,
    /// Each resource's SQL as it may run (`campaign_sql`), in the campaign's order.
    sql: Vec<ResourceSql>,
}

impl Engine {
    pub fn open(campaign: Campaign) -> Result<Engine, StoreError> {
        let cache = Cache::for_campaign(&campaign.file)?;
        Engine::with_cache(campaign, cache)
    }

    /// Opens a session locked down to the campaign's files and `cache` (`lockdown`), then
    /// checks every SQL text of the campaign (`campaign_sql`): a text that may not run is
    /// refused here, before any of it runs.
    pub fn with_cache(campaign: Campaign, cache: Cache) -> Result<Engine, StoreError> {
        let conn = Connection::open_in_memory()?;
        super::lockdown::lock(&conn, &campaign, &cache)?;
        let sql = campaign_sql::check(&conn, &campaign)
            .map_err(|e| explain_refusal(e, &conn, &campaign, &cache))?;
        super::sweep::sweep_once(&cache);
        Ok(Engine {
            campaign,
            cache,
            conn,
            sql,
        })
    }

    pub fn campaign(&self) -> &Campaign {
        &self.campaign
    }

    pub fn cache(&self) -> &Cache {
        &self.cache
    }

    /// The SQL of `resource` as it may run: the engine's own, checked when it opened (found
    /// by name, so a caller's copy of the resource never brings its text in).
    pub(super) fn resource_sql(&self, resource: &Resource) -> Result<&ResourceSql, StoreError> {
        self.campaign
            .resources
            .iter()
            .position(|r| r.name == resource.name)
            .map(|i| &self.sql[i])
            .filter(|sql| sql.describes(resource))
            .ok_or(StoreError::Internal("a resource of another campaign"))
    }

    /// The connection of this engine, for the store's functions over result files
    /// (`sample::draw`, `deliveries::compare`); one connection per thread.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Reconciles `resource` against `delivery`, reusing stored results when nothing changed.
    pub fn reconcile(
        &self,
        resource: &Resource,
        delivery: &Delivery,
        progress: &mut dyn FnMut(Stage),
    ) -> Result<Reconciled, StoreError> {
        if !resource.source.is_file() {
            return Err(StoreError::input(
                &resource.source,
                None,
                format!(
                    "the source file of resource `{}` is not there; check `[source] dir` and the resource's `source` in {}",
                    resource.name,
                    self.campaign.file.display()
                ),
            ));
        }
        let migrated_path = delivery.dir.join(&resource.migrated);
        if !migrated_path.is_file() {
            return Err(StoreError::input(
                &migrated_path,
                None,
                format!(
                    "delivery {} has no file for resource `{}`; check the delivery's `dir` and the resource's `migrated` name",
                    delivery.id, resource.name
                ),
            ));
        }
        let name = result_name(resource, delivery)?;
        let files = ResultFiles {
            keys: self.cache.path(&format!("{name}-keys.parquet")),
            differences: self.cache.path(&format!("{name}-differences.parquet")),
            null_keys: self.cache.path(&format!("{name}-nullkeys.parquet")),
        };
        let report_file = self.cache.path(&format!("{name}.json"));
        // Held before it is read or written: no sweep removes it while this process runs.
        self.cache.hold(&name, &report_file);
        // The report is written last: when it is there and the files are whole, the
        // result is; a damaged one is computed again.
        match stored::read(&report_file, &files) {
            Stored::Whole(report) => {
                progress(Stage::FromCache);
                return Ok(Reconciled {
                    report: *report,
                    files,
                });
            }
            Stored::Damaged(why) => stored::note(&format!(
                "the stored results of resource `{}` on delivery {} were damaged ({why}); computing them again",
                resource.name, delivery.id
            )),
            Stored::Absent => {}
        }

        // The delivery's header says which columns are compared, which both stage tables
        // need for their row hashes; its rows are read after the source's.
        let delivered = input::open(&self.conn, &self.cache, &migrated_path, &delivery.format)?;
        let shape = DeliveryShape::of(resource, &delivered)?;
        let layout = layout(resource, &shape.present);
        let compared: Vec<usize> = layout.compared.iter().map(|(i, _, _)| *i).collect();
        self.planned_for(compared.len())?;

        progress(Stage::LoadingSource);
        let source = input::open(
            &self.conn,
            &self.cache,
            &resource.source,
            &resource.source_format,
        )?;
        let checked = self.resource_sql(resource)?;
        stages::check_names(&self.campaign, resource, &source)?;
        let sql = stages::source_stage_sql(resource, checked, &source, &compared)
            .map_err(|e| stages::explain_unquoted(e, resource, &source.columns))?;
        // The load binds the statement: only when it fails is the statement bound again,
        // then piece by piece, to name the campaign key that holds a mistake (binding it
        // first cost a 5,000-column campaign 1.2 s on every check).
        if let Err(failed) = self.load_source(&sql, &source, resource) {
            stages::validate(
                &self.conn,
                &self.campaign,
                resource,
                checked,
                &source,
                &compared,
            )?;
            return Err(failed);
        }

        progress(Stage::LoadingDelivery);
        let sql = stages::migrated_stage_sql(resource, &delivered, &shape.present, &compared);
        self.load(MIGRATED_TABLE, &sql, &delivered)?;

        let mut spilled = self.spilled();

        progress(Stage::Comparing);
        let plan = reconcile::result_plan(&layout, SOURCE_TABLE, MIGRATED_TABLE);
        let mut run = |sql: &str| -> Result<(), StoreError> {
            let started = std::time::Instant::now();
            self.conn.execute_batch(sql)?;
            trace_sql(sql, started);
            spilled = spilled.max(self.spilled());
            Ok(())
        };
        for sql in &plan.prepare {
            run(sql)?;
        }
        if reconcile::has_duplicates(&self.conn)? {
            run(&plan.duplicates)?;
        } else {
            run(&plan.no_duplicates)?;
        }
        for (select, file) in [
            (&plan.keys_select, &files.keys),
            (&plan.differences_select, &files.differences),
        ] {
            let started = std::time::Instant::now();
            self.copy_to(select, &migrated_path, file)?;
            trace_sql(select, started);
        }
        let mut report =
            reconcile::report(&self.conn, &layout, SOURCE_TABLE, MIGRATED_TABLE, &files)?;
        report.notices = source.notices.clone();
        report.notices.extend(delivered.notices.iter().cloned());
        report.notices.extend(reconcile::future_dates(
            &self.conn,
            &layout,
            SOURCE_TABLE,
            &resource.name,
        )?);
        report.hints = super::hints::hints(
            &self.conn,
            &layout,
            SOURCE_TABLE,
            &report.columns,
            report.expected_rows,
        )?;
        if spilled > 0 {
            report.notices.push(spill_notice(spilled)?);
        }
        if report.null_keys_source + report.null_keys_migrated > 0 {
            // Read again, in file order, only when there are NULL keys: the rows are
            // named by their number in the file, which a parallel load does not keep.
            let sql =
                self.null_keys_select(resource, &source, &delivered, &shape.present, &compared)?;
            let ordered = Connection::open_in_memory()?;
            super::lockdown::lock(&ordered, &self.campaign, &self.cache)?;
            ordered.execute_batch("SET preserve_insertion_order = true;")?;
            self.copy_with(&ordered, &sql, &migrated_path, &files.null_keys)?;
        } else {
            let sql = reconcile::no_null_keys_select(&layout, SOURCE_TABLE);
            self.copy_to(&sql, &migrated_path, &files.null_keys)?;
        }
        self.conn.execute_batch(&format!(
            "{} DROP TABLE {SOURCE_TABLE}; DROP TABLE {MIGRATED_TABLE};",
            plan.cleanup
        ))?;
        report.name = resource.name.clone();
        report.key = resource.key.clone();
        report.absent_columns = shape.absent;
        report.unmapped_migrated_columns = shape.unmapped;
        let json = stored::to_json(&report, &files)?;
        self.cache.write(&format!("{name}.json"), &json)?;
        self.cache.hold(&name, &report_file);
        // What this result supersedes may go once unused for an hour.
        super::sweep::sweep(&self.cache);
        Ok(Reconciled { report, files })
    }

    /// Whether `reconciled` was computed from the input files as they are now (a record
    /// read from changed files beside old results would mix two versions).
    pub fn is_current(
        &self,
        resource: &Resource,
        delivery: &Delivery,
        reconciled: &Reconciled,
    ) -> Result<bool, StoreError> {
        let name = result_name(resource, delivery)?;
        Ok(reconciled
            .files
            .keys
            .file_name()
            .is_some_and(|f| f.to_string_lossy() == format!("{name}-keys.parquet")))
    }

    /// Bytes this session has spilled to the results folder right now (DuckDB's temporary
    /// files); 0 when it could not tell.
    fn spilled(&self) -> u64 {
        self.conn
            .query_row(
                "SELECT coalesce(sum(size), 0)::UBIGINT FROM duckdb_temporary_files()",
                [],
                |r| r.get::<_, u64>(0),
            )
            .unwrap_or(0)
    }

    /// The query of the rows with a NULL key part, numbered in file order.
    fn null_keys_select(
        &self,
        resource: &Resource,
        source: &InputTable,
        delivered: &InputTable,
        present: &[usize],
        compared: &[usize],
    ) -> Result<String, StoreError> {
        let checked = self.resource_sql(resource)?;
        let source = stages::source_stage_sql(resource, checked, &source.numbered(), compared)?;
        let migrated =
            stages::migrated_stage_sql(resource, &delivered.numbered(), present, compared);
        let layout = layout(resource, present);
        Ok(reconcile::null_keys_select(&layout, &source, &migrated))
    }

    /// Loads a stage table while another thread checks the file's shape (a ragged line is
    /// reported with its line number, which DuckDB cannot always give).
    fn load(&self, table: &str, sql: &str, input: &InputTable) -> Result<(), StoreError> {
        self.load_as(table, sql, input, None)
    }

    /// `load`, for the source: a value that the campaign's SQL cannot convert is the
    /// campaign's mistake (a derived column, the rule, a column expression), not the file's.
    fn load_source(
        &self,
        sql: &str,
        input: &InputTable,
        resource: &Resource,
    ) -> Result<(), StoreError> {
        self.load_as(SOURCE_TABLE, sql, input, Some(resource))
    }

    fn load_as(
        &self,
        table: &str,
        sql: &str,
        input: &InputTable,
        resource: Option<&Resource>,
    ) -> Result<(), StoreError> {
        std::thread::scope(|scope| {
            let shape = scope.spawn(|| super::shape::check_shape(input));
            let started = std::time::Instant::now();
            let create = format!("CREATE OR REPLACE TEMP TABLE {table} AS {sql}");
            let loaded = self.conn.execute_batch(&create).map_err(|e| {
                let text = e.to_string();
                match resource {
                    Some(resource) if text.contains("Conversion Error") => StoreError::Campaign(crate::domain::error::CampaignError {
                        file: self.campaign.file.clone(),
                        resource: Some(resource.name.clone()),
                        key: "derive / rules / columns".into(),
                        message: format!(
                            "the SQL of this resource failed on the data of {}: {}; use TRY_CAST(...) to let values that do not convert through as NULL",
                            input.file.display(),
                            text.lines().next().unwrap_or(&text)
                        ),
                    }),
                    _ => read_error(&input.file, &e),
                }
            });
            trace_sql(&create, started);
            let shape = shape.join().unwrap_or_else(|_| {
                Err(StoreError::input(
                    &input.file,
                    None,
                    "the shape check stopped unexpectedly",
                ))
            });
            shape.and(loaded)
        })
    }

    /// Streams the keys of a category (`--column` narrows `differing`) of a reconciled resource.
    pub fn keys(
        &self,
        resource: &Resource,
        reconciled: &Reconciled,
        category: KeyCategory,
        column: Option<&str>,
        each: impl FnMut(KeyValue) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let present = present_slots(resource, &reconciled.report.absent_columns);
        let layout = layout(resource, &present);
        let slot = match column {
            None => None,
            Some(c) => Some(
                layout
                    .compared
                    .iter()
                    .find(|(_, name, _)| *name == c)
                    .map(|(i, _, _)| *i)
                    .ok_or_else(|| {
                        let names: Vec<&str> = layout.compared.iter().map(|(_, n, _)| *n).collect();
                        StoreError::input(
                            &self.campaign.file,
                            None,
                            format!(
                                "`{c}` is not a compared column of resource `{}`; compared: {}",
                                resource.name,
                                names.join(", ")
                            ),
                        )
                    })?,
            ),
        };
        let (file, filter) = reconcile::category_source(category, slot, &reconciled.files);
        reconcile::for_each_key(&self.conn, &layout, file, &filter, None, each)
    }

    /// Streams, in key order, the differing keys of `column` whose difference has cause
    /// `kind` (as the report's causes of that column classify them).
    pub fn keys_of_cause(
        &self,
        resource: &Resource,
        reconciled: &Reconciled,
        column: &str,
        kind: CauseKind,
        each: impl FnMut(KeyValue) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let present = present_slots(resource, &reconciled.report.absent_columns);
        let layout = layout(resource, &present);
        let (Some((i, _, _)), Some(report)) = (
            layout.compared.iter().find(|(_, name, _)| *name == column),
            reconciled.report.column(column),
        ) else {
            let names: Vec<&str> = layout.compared.iter().map(|(_, n, _)| *n).collect();
            return Err(StoreError::input(
                &self.campaign.file,
                None,
                format!(
                    "`{column}` is not a compared column of resource `{}`; compared: {}",
                    resource.name,
                    names.join(", ")
                ),
            ));
        };
        super::causes::for_each_key_of_cause(
            &self.conn,
            &layout,
            &reconciled.files.differences,
            *i,
            kind,
            &report.causes,
            each,
        )
    }

    /// Streams the rows with a NULL key part of a reconciled resource: the file each
    /// comes from (the source, or `delivery`'s file) and its row number there.
    pub fn null_key_rows(
        &self,
        resource: &Resource,
        delivery: &Delivery,
        reconciled: &Reconciled,
        mut each: impl FnMut(&Path, NullKeyRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let migrated = delivery.dir.join(&resource.migrated);
        reconcile::for_each_null_key(
            &self.conn,
            resource.key.len(),
            &reconciled.files.null_keys,
            |row| {
                let file = if row.side == "source" {
                    resource.source.as_path()
                } else {
                    migrated.as_path()
                };
                each(file, row)
            },
        )
    }

    /// `COPY (sql) TO target` through a temporary file; reading errors name `input`.
    fn copy_to(&self, sql: &str, input: &Path, target: &Path) -> Result<(), StoreError> {
        self.copy_with(&self.conn, sql, input, target)
    }

    /// `copy_to` on another connection.
    fn copy_with(
        &self,
        conn: &Connection,
        sql: &str,
        input: &Path,
        target: &Path,
    ) -> Result<(), StoreError> {
        let name = target
            .file_name()
            .expect("cache paths have names")
            .to_string_lossy()
            .into_owned();
        let temp = self.cache.temp_path(&name);
        let copy = format!(
            "COPY ({sql}) TO {} (FORMAT parquet)",
            quote_literal(&temp.to_string_lossy())
        );
        if let Err(e) = conn.execute_batch(&copy) {
            let _ = std::fs::remove_file(&temp);
            return Err(read_error(input, &e));
        }
        self.cache.publish(&temp, &name)?;
        Ok(())
    }
}

/// The name of a result: the resource, the delivery, and a digest of the input files'
/// fingerprints and the resource's settings (a change to either is another result).
fn result_name(resource: &Resource, delivery: &Delivery) -> Result<String, StoreError> {
    let migrated_path = delivery.dir.join(&resource.migrated);
    let settings = format!(
        "{:?}|{:?}|{:?}|{:?}",
        resource.key, resource.derive, resource.keep_if, resource.columns
    );
    let key = digest(&[
        fingerprint(&resource.source)?.as_bytes(),
        format!("{:?}", resource.source_format).as_bytes(),
        fingerprint(&migrated_path)?.as_bytes(),
        format!("{:?}", delivery.format).as_bytes(),
        settings.as_bytes(),
    ]);
    Ok(format!(
        "rec-{}-{}-{key}",
        sanitize(&resource.name),
        sanitize(&delivery.id)
    ))
}

/// What a reconciliation that went past the memory limit says: it ran, slower.
fn spill_notice(spilled: u64) -> Result<String, StoreError> {
    let (limit, from) = super::memory::limit()?;
    Ok(format!(
        "the reconciliation went past the engine's memory limit ({:.1} GB, {from}) and spilled {} MB to the results folder, which slows it down; give it more with {} or `memory_limit` in config.toml (docs/performance.md)",
        limit as f64 / 1e9,
        spilled.div_ceil(1_000_000),
        super::memory::VARIABLE
    ))
}

/// A campaign text refused before any file was read, explained with the source's header
/// when it names one of its columns unquoted (`Code statut`): DuckDB says only "syntax
/// error at or near statut". Only on this error path is the header read.
fn explain_refusal(
    error: StoreError,
    conn: &Connection,
    campaign: &Campaign,
    cache: &Cache,
) -> StoreError {
    let resource = match &error {
        StoreError::Campaign(refused) => refused
            .resource
            .as_deref()
            .and_then(|n| campaign.resource(n)),
        _ => None,
    };
    match resource.map(|r| (r, input::open(conn, cache, &r.source, &r.source_format))) {
        Some((resource, Ok(source))) => stages::explain_unquoted(error, resource, &source.columns),
        _ => error,
    }
}

/// From this many compared columns, DuckDB's statistics propagation is skipped: its cost
/// grows faster than the number of expressions (measured on the comparison statement of
/// 3 rows: 1,000 columns 2.2 s → 0.6 s without it, 3,000 columns 21 s → 2.6 s), while
/// what it buys (pruning by min/max) is little on tables read once and all text.
const WIDE_COLUMNS: usize = 100;

impl Engine {
    /// Sets the optimizer passes for a resource of `compared` columns (see `WIDE_COLUMNS`).
    fn planned_for(&self, compared: usize) -> Result<(), StoreError> {
        let disabled = if compared >= WIDE_COLUMNS {
            "statistics_propagation"
        } else {
            ""
        };
        self.conn
            .execute_batch(&format!("SET disabled_optimizers = '{disabled}'"))?;
        Ok(())
    }
}

/// `RECETTE_TRACE_SQL=1` prints each reconciliation statement with its time (engineers).
fn trace_sql(sql: &str, started: std::time::Instant) {
    if std::env::var_os("RECETTE_TRACE_SQL").is_some() {
        eprintln!("-- {:.3} s\n{sql};", started.elapsed().as_secs_f64());
    }
}

/// Which listed columns a delivery has, lacks, and which of its columns are not listed.
struct DeliveryShape {
    present: Vec<usize>,
    absent: Vec<String>,
    unmapped: Vec<String>,
}

impl DeliveryShape {
    fn of(resource: &Resource, delivered: &InputTable) -> Result<DeliveryShape, StoreError> {
        for k in &resource.key {
            if !delivered.columns.contains(k) {
                return Err(StoreError::input(
                    &delivered.file,
                    Some(1),
                    format!(
                        "the header has no key column `{k}` of resource `{}`; its columns are: {}",
                        resource.name,
                        delivered.columns.join(", ")
                    ),
                ));
            }
        }
        let mut present = Vec::new();
        let mut absent = Vec::new();
        for (i, (name, _)) in resource.columns.iter().enumerate() {
            if delivered.columns.contains(name) {
                present.push(i);
            } else {
                absent.push(name.clone());
            }
        }
        let unmapped = delivered
            .columns
            .iter()
            .filter(|c| resource.column(c).is_none())
            .cloned()
            .collect();
        Ok(DeliveryShape {
            present,
            absent,
            unmapped,
        })
    }
}

pub(super) fn present_slots(resource: &Resource, absent: &[String]) -> Vec<usize> {
    (0..resource.columns.len())
        .filter(|&i| !absent.contains(&resource.columns[i].0))
        .collect()
}

/// Compared columns: the listed, non-key columns the delivery has.
pub(super) fn layout<'a>(resource: &'a Resource, present: &[usize]) -> Layout<'a> {
    Layout {
        key_count: resource.key.len(),
        compared: present
            .iter()
            .map(|&i| (i, &resource.columns[i].0, &resource.columns[i].1))
            .filter(|(_, name, _)| !resource.key.contains(name))
            .map(|(i, name, spec)| (i, name.as_str(), spec))
            .collect(),
    }
}
