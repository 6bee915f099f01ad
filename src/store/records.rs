//! One record side by side: for given keys, the expected values (and the raw source
//! values they come from) beside the migrated values, read from the files. The results
//! files keep values only where they differ; this reads every column, for the records a
//! person reviews (a sample, a defect's records).

use duckdb::types::Value;

use super::engine::{Engine, layout};
use super::error::StoreError;
use super::input::{self, read_error};
use super::slot::{self, Slot};
use super::stages;
use crate::domain::campaign::{Delivery, Resource};
use crate::domain::report::KeyValue;

/// The rows of one key on both sides (several when the key is duplicated).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RecordPair {
    pub key: KeyValue,
    pub expected: Vec<ExpectedRow>,
    pub migrated: Vec<Vec<(String, Option<String>)>>,
}

/// A source row: whether the rules keep it, its expected values per migrated column, and
/// its raw source values per source column.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ExpectedRow {
    pub kept: bool,
    pub values: Vec<(String, Option<String>)>,
    pub source: Vec<(String, Option<String>)>,
}

impl Engine {
    /// Reads the records of `keys` on both sides (one scan of each file; keys bound as
    /// parameters).
    pub fn records(
        &self,
        resource: &Resource,
        delivery: &Delivery,
        keys: &[KeyValue],
    ) -> Result<Vec<RecordPair>, StoreError> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let conn = self.connection();
        let source = input::open(
            conn,
            self.cache(),
            &resource.source,
            &resource.source_format,
        )?;
        let migrated_path = delivery.dir.join(&resource.migrated);
        let delivered = input::open(conn, self.cache(), &migrated_path, &delivery.format)?;
        let present: Vec<usize> = (0..resource.columns.len())
            .filter(|&i| delivered.columns.contains(&resource.columns[i].0))
            .collect();
        if resource.key.iter().any(|k| !delivered.columns.contains(k)) {
            return Err(StoreError::input(
                &migrated_path,
                Some(1),
                format!("the header lacks a key column of `{}`", resource.name),
            ));
        }
        let compared: Vec<usize> = layout(resource, &present)
            .compared
            .iter()
            .map(|(i, _, _)| *i)
            .collect();
        let key_count = resource.key.len();
        let filter: String = (0..keys.len())
            .map(|_| {
                format!(
                    "({})",
                    slot::key_terms(key_count, " AND ", |k| format!(
                        "{k} IS NOT DISTINCT FROM ?"
                    ))
                )
            })
            .collect::<Vec<_>>()
            .join(" OR ");
        let params: Vec<Value> = keys
            .iter()
            .flatten()
            .map(|v| v.clone().map(Value::Text).unwrap_or(Value::Null))
            .collect();
        let key_cols = slot::key_list(key_count, "");

        let expected_cols: String = (0..resource.columns.len())
            .map(|i| format!(", {}", Slot::Shown(i)))
            .collect();
        let raw_cols: String = (0..source.columns.len())
            .map(|j| format!(", {}", Slot::SourceColumn(j)))
            .collect();
        let sql = format!(
            "SELECT {key_cols}, __keep{expected_cols}{raw_cols} FROM ({}) WHERE {filter}",
            stages::source_record_sql(resource, self.resource_sql(resource)?, &source, &compared)?
        );
        let mut pairs: Vec<RecordPair> = keys
            .iter()
            .map(|k| RecordPair {
                key: k.clone(),
                expected: Vec::new(),
                migrated: Vec::new(),
            })
            .collect();
        let find =
            |pairs: &mut Vec<RecordPair>, key: &KeyValue| pairs.iter().position(|p| &p.key == key);
        let mut stmt = conn
            .prepare(&sql)
            .map_err(|e| read_error(&source.file, &e))?;
        let mut rows = stmt
            .query(duckdb::params_from_iter(params.clone()))
            .map_err(|e| read_error(&source.file, &e))?;
        while let Some(row) = rows.next()? {
            let key: KeyValue = (0..key_count)
                .map(|j| row.get(j))
                .collect::<Result<_, _>>()?;
            let kept: bool = row.get(key_count)?;
            let mut at = key_count + 1;
            let mut values = Vec::new();
            for (name, _) in &resource.columns {
                values.push((name.clone(), row.get(at)?));
                at += 1;
            }
            let mut raw = Vec::new();
            for name in &source.columns {
                raw.push((name.clone(), row.get(at)?));
                at += 1;
            }
            if let Some(n) = find(&mut pairs, &key) {
                pairs[n].expected.push(ExpectedRow {
                    kept,
                    values,
                    source: raw,
                });
            }
        }

        let migrated_cols: String = present
            .iter()
            .map(|&i| format!(", {}", Slot::Shown(i)))
            .collect();
        let sql = format!(
            "SELECT {key_cols}{migrated_cols} FROM ({}) WHERE {filter}",
            stages::migrated_stage_sql(resource, &delivered, &present, &compared)
        );
        let mut stmt = conn
            .prepare(&sql)
            .map_err(|e| read_error(&delivered.file, &e))?;
        let mut rows = stmt
            .query(duckdb::params_from_iter(params))
            .map_err(|e| read_error(&delivered.file, &e))?;
        while let Some(row) = rows.next()? {
            let key: KeyValue = (0..key_count)
                .map(|j| row.get(j))
                .collect::<Result<_, _>>()?;
            let values = present
                .iter()
                .enumerate()
                .map(|(n, &i)| Ok((resource.columns[i].0.clone(), row.get(key_count + n)?)))
                .collect::<Result<Vec<_>, duckdb::Error>>()?;
            if let Some(n) = find(&mut pairs, &key) {
                pairs[n].migrated.push(values);
            }
        }
        Ok(pairs)
    }
}
