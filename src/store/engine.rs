//! The reconciliation engine: stages each resource's source and delivery into immutable
//! Parquet files of the results folder, compares them, and keeps the report. Unchanged
//! inputs and settings find their results by fingerprint and are not read again.

use std::path::{Path, PathBuf};

use duckdb::Connection;

use super::cache::{Cache, digest, fingerprint, sanitize};
use super::error::StoreError;
use super::input::{self, InputTable, read_error};
use super::reconcile::{self, Layout};
use super::sql::quote_literal;
use super::stages;
use crate::domain::campaign::{Campaign, Delivery, Resource};
use crate::domain::report::{KeyCategory, KeyValue, ResourceReport};

/// What the engine is doing, for progress displays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    LoadingSource,
    LoadingDelivery,
    Comparing,
    FromCache,
}

/// The result of one resource against one delivery.
#[derive(Debug, Clone)]
pub struct Reconciled {
    pub report: ResourceReport,
    pub source_file: PathBuf,
    pub migrated_file: PathBuf,
    pub result_file: PathBuf,
}

pub struct Engine {
    campaign: Campaign,
    cache: Cache,
    conn: Connection,
}

impl Engine {
    pub fn open(campaign: Campaign) -> Result<Engine, StoreError> {
        let cache = Cache::for_campaign(&campaign.file)?;
        Engine::with_cache(campaign, cache)
    }

    pub fn with_cache(campaign: Campaign, cache: Cache) -> Result<Engine, StoreError> {
        let conn = Connection::open_in_memory()?;
        let spill = cache.path("spill");
        // Results are ordered explicitly where order matters, so DuckDB may write in
        // parallel; large joins spill to the results folder instead of running out of memory.
        conn.execute_batch(&format!(
            "SET preserve_insertion_order = false; SET temp_directory = {}; SET memory_limit = '2GB';",
            quote_literal(&spill.to_string_lossy())
        ))?;
        Ok(Engine {
            campaign,
            cache,
            conn,
        })
    }

    pub fn campaign(&self) -> &Campaign {
        &self.campaign
    }

    pub fn cache(&self) -> &Cache {
        &self.cache
    }

    /// Reconciles `resource` against `delivery`, reusing stored results when nothing changed.
    pub fn reconcile(
        &self,
        resource: &Resource,
        delivery: &Delivery,
        progress: &mut dyn FnMut(Stage),
    ) -> Result<Reconciled, StoreError> {
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
        let settings = format!(
            "{:?}|{:?}|{:?}|{:?}",
            resource.key, resource.derive, resource.keep_if, resource.columns
        );
        let src_key = digest(&[
            b"source",
            fingerprint(&resource.source)?.as_bytes(),
            format!("{:?}", resource.source_format).as_bytes(),
            settings.as_bytes(),
        ]);
        let mig_key = digest(&[
            b"migrated",
            fingerprint(&migrated_path)?.as_bytes(),
            format!("{:?}", delivery.format).as_bytes(),
            settings.as_bytes(),
        ]);
        let name = sanitize(&resource.name);
        let delivery_name = sanitize(&delivery.id);
        let res_key = digest(&[src_key.as_bytes(), mig_key.as_bytes()]);
        let source_file = self.cache.path(&format!("src-{name}-{src_key}.parquet"));
        let migrated_file = self
            .cache
            .path(&format!("mig-{name}-{delivery_name}-{mig_key}.parquet"));
        let result_name = format!("rec-{name}-{delivery_name}-{res_key}");
        let result_file = self.cache.path(&format!("{result_name}.parquet"));
        let report_file = self.cache.path(&format!("{result_name}.json"));

        let stored = source_file.is_file() && migrated_file.is_file() && result_file.is_file();
        if let Some(report) = stored.then(|| read_report(&report_file)).flatten() {
            progress(Stage::FromCache);
            return Ok(Reconciled {
                report,
                source_file,
                migrated_file,
                result_file,
            });
        }

        if !source_file.is_file() {
            progress(Stage::LoadingSource);
            let table = input::open(
                &self.conn,
                &self.cache,
                &resource.source,
                &resource.source_format,
            )?;
            stages::validate(&self.conn, &self.campaign, resource, &table)?;
            input::check_shape(&table)?;
            let sql = stages::source_stage_sql(resource, &table);
            self.copy_to(&sql, &table.file, &source_file)?;
        }
        progress(Stage::LoadingDelivery);
        let delivered = input::open(&self.conn, &self.cache, &migrated_path, &delivery.format)?;
        let shape = DeliveryShape::of(resource, &delivered)?;
        if !migrated_file.is_file() {
            input::check_shape(&delivered)?;
            let sql = stages::migrated_stage_sql(resource, &delivered, &shape.present);
            self.copy_to(&sql, &delivered.file, &migrated_file)?;
        }
        progress(Stage::Comparing);
        let layout = layout(resource, &shape.present);
        let sql = reconcile::result_sql(&layout, &source_file, &migrated_file);
        self.copy_to(&sql, &migrated_path, &result_file)?;
        let mut report = reconcile::report(
            &self.conn,
            &layout,
            &source_file,
            &migrated_file,
            &result_file,
        )?;
        report.name = resource.name.clone();
        report.key = resource.key.clone();
        report.absent_columns = shape.absent;
        report.unmapped_migrated_columns = shape.unmapped;
        let json = serde_json::to_vec_pretty(&report).expect("a report always serialises");
        self.cache.write(&format!("{result_name}.json"), &json)?;
        Ok(Reconciled {
            report,
            source_file,
            migrated_file,
            result_file,
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
        let filter = reconcile::category_filter(category, slot, &layout)?;
        reconcile::for_each_key(
            &self.conn,
            &layout,
            &reconciled.result_file,
            &filter,
            None,
            each,
        )
    }

    /// `COPY (sql) TO target` through a temporary file; reading errors name `input`.
    fn copy_to(&self, sql: &str, input: &Path, target: &Path) -> Result<(), StoreError> {
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
        if let Err(e) = self.conn.execute_batch(&copy) {
            let _ = std::fs::remove_file(&temp);
            return Err(read_error(input, &e));
        }
        self.cache.publish(&temp, &name)?;
        Ok(())
    }
}

fn read_report(path: &Path) -> Option<ResourceReport> {
    let bytes = std::fs::read(path).ok()?;
    serde_json::from_slice(&bytes).ok()
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

fn present_slots(resource: &Resource, absent: &[String]) -> Vec<usize> {
    (0..resource.columns.len())
        .filter(|&i| !absent.contains(&resource.columns[i].0))
        .collect()
}

/// Compared columns: the listed, non-key columns the delivery has.
fn layout<'a>(resource: &'a Resource, present: &[usize]) -> Layout<'a> {
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
