//! What the results say about given records: the category of each key and, per compared
//! column, whether it differs and the expected and migrated values. The evidence attached
//! to a defect, and the check that a defect marked fixed is gone from the data.

use duckdb::types::Value;

use super::engine::{Engine, Reconciled, layout, present_slots};
use super::error::StoreError;
use super::slot::{self, Slot};
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
        let columns: String = layout
            .compared
            .iter()
            .map(|&(i, _, _)| {
                format!(
                    ", d.{}, d.{}, d.{}",
                    Slot::Differs(i),
                    Slot::ExpectedValue(i),
                    Slot::MigratedValue(i)
                )
            })
            .collect();
        let sql = format!(
            "SELECT k.category{columns} FROM {} k LEFT JOIN {} d ON {on} WHERE {match_key}",
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
            if let Some(row) = rows.next()? {
                state.category = row.get(0)?;
                for (n, (_, name, _)) in layout.compared.iter().enumerate() {
                    if row.get::<_, Option<bool>>(1 + 3 * n)?.unwrap_or(false) {
                        state.differences.push(ColumnDifference {
                            column: name.to_string(),
                            expected: row.get(2 + 3 * n)?,
                            migrated: row.get(3 + 3 * n)?,
                        });
                    }
                }
            }
            out.push(state);
        }
        Ok(out)
    }
}
