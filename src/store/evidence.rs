//! What the results say about given records: the category of each key and, per compared
//! column, whether it differs and the expected and migrated values. The evidence attached
//! to a defect, and the check that a defect marked fixed is gone from the data.

use duckdb::types::Value;

use super::differences_file::{EXPECTED, MIGRATED, SLOT};
use super::engine::{Engine, Reconciled, layout, present_slots};
use super::error::StoreError;
use super::slot;
use super::sql::quote_literal;
use crate::domain::campaign::Resource;
pub use crate::domain::evidence::{ColumnDifference, KeyState};
use crate::domain::report::KeyValue;

impl Engine {
    /// The state of each of `keys` in a reconciliation (keys bound as parameters).
    pub fn key_states(
        &self,
        resource: &Resource,
        reconciled: &Reconciled,
        keys: &[KeyValue],
    ) -> Result<Vec<KeyState>, StoreError> {
        let present = present_slots(resource, &reconciled.report.absent_columns);
        let layout = layout(resource, &present);
        let key_count = resource.key.len();
        let read = |path: &std::path::Path| {
            format!("read_parquet({})", quote_literal(&path.to_string_lossy()))
        };
        let match_key = slot::key_terms(key_count, " AND ", |k| {
            format!("k.{k} IS NOT DISTINCT FROM ?")
        });
        let on = slot::key_join(key_count, "k", "d");
        // One row per differing column of the key (the differences file is long), or one
        // row with no slot when it has none.
        let sql = format!(
            "SELECT k.category, d.{SLOT}, d.{EXPECTED}, d.{MIGRATED}
             FROM {} k LEFT JOIN {} d ON {on} WHERE {match_key} ORDER BY d.{SLOT}",
            read(&reconciled.files.keys),
            read(&reconciled.files.differences),
        );
        let conn = self.connection();
        let mut stmt = conn.prepare(&sql)?;
        let mut out = Vec::new();
        for key in keys {
            let params: Vec<Value> = key
                .iter()
                .map(|v| v.clone().map(Value::Text).unwrap_or(Value::Null))
                .collect();
            let mut rows = stmt.query(duckdb::params_from_iter(params))?;
            let mut state = KeyState {
                key: key.clone(),
                category: None,
                differences: Vec::new(),
            };
            while let Some(row) = rows.next()? {
                state.category = row.get(0)?;
                let Some(slot) = row.get::<_, Option<i32>>(1)? else {
                    continue;
                };
                if let Some((_, name, _)) =
                    layout.compared.iter().find(|(i, _, _)| *i as i32 == slot)
                {
                    state.differences.push(ColumnDifference {
                        column: name.to_string(),
                        expected: row.get(2)?,
                        migrated: row.get(3)?,
                    });
                }
            }
            out.push(state);
        }
        Ok(out)
    }
}
