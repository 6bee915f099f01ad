//! Delivery comparison: what one delivery fixed, kept, broke and brought compared with the
//! previous one, per failure category and per compared column, for one resource.
//!
//! Computed in one SQL statement over the result files of the two reconciliations (the keys
//! file FULL JOINed on the key, each side with its differences file), never in a Rust loop.
//!
//! For a category (`missing`, `unexpected`, `differing`, `excluded_but_migrated`,
//! `duplicate`) or a column (keys whose values of that column differ), each key of either
//! delivery's results counts at most once:
//!
//! | count | the key fails in the previous delivery | in the current one | and |
//! |---|---|---|---|
//! | `fixed` | yes | no (or is no longer in its results) | |
//! | `still_failing` | yes | yes | |
//! | `regressed` | no | yes | it was in the previous results and could be seen right: for `differing` it was identical, for a column it was matched (delivered and expected) with that column equal, for the other categories it was there at all |
//! | `new` | no | yes | any other case: the key was absent from the previous results, or (for `differing` and columns) it could not be compared then (missing, unexpected, excluded...) |
//!
//! So, per line, `still_failing + fixed` = the previous delivery's failing keys and
//! `still_failing + regressed + new` = the current one's, the counts `recette check` shows.
//! Columns are those compared in both deliveries (listed, not a key, present in both files).

use duckdb::Connection;

use super::cache::digest;
use super::differences_file::SLOT;
use super::engine::{Engine, Reconciled};
use super::error::StoreError;
use super::slot;
use super::sql::quote_literal;
use crate::domain::campaign::Resource;
pub use crate::domain::comparison::{CategoryChange, ColumnChange, DeliveryComparison};
use crate::domain::report::KeyCategory;

/// `compare`, kept in the results folder: the result files' names already say what they
/// were computed from (inputs' fingerprints, settings, recette's version), so the
/// comparison of two of them never changes and a second asking reads a small JSON file.
pub fn compare_stored(
    engine: &Engine,
    resource: &Resource,
    previous: (&str, &Reconciled),
    current: (&str, &Reconciled),
) -> Result<DeliveryComparison, StoreError> {
    let file_name = |r: &Reconciled| {
        r.files
            .keys
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let name = format!(
        "cmp-{}.json",
        digest(&[
            previous.0.as_bytes(),
            file_name(previous.1).as_bytes(),
            current.0.as_bytes(),
            file_name(current.1).as_bytes(),
        ])
    );
    let stored = engine.cache().path(&name);
    engine.cache().hold(&name, &stored);
    if let Some(comparison) = std::fs::read(&stored)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
    {
        return Ok(comparison);
    }
    let comparison = compare(engine.connection(), resource, previous, current)?;
    // A results folder that cannot be written only costs the next asking a recomputation.
    if let Ok(json) = serde_json::to_vec(&comparison) {
        let _ = engine.cache().write(&name, &json);
    }
    Ok(comparison)
}

/// Compares the results of two reconciliations of `resource` (`previous` is the earlier
/// delivery, each given with its id). Both must come from the same key definition.
pub fn compare(
    conn: &Connection,
    resource: &Resource,
    previous: (&str, &Reconciled),
    current: (&str, &Reconciled),
) -> Result<DeliveryComparison, StoreError> {
    let (previous_id, previous) = previous;
    let (current_id, current) = current;
    for side in [previous, current] {
        if side.report.key != resource.key {
            return Err(StoreError::input(
                &side.files.keys,
                None,
                format!(
                    "these results of `{}` were computed with the key ({}), not the campaign's ({}); reconcile both deliveries again",
                    resource.name,
                    side.report.key.join(", "),
                    resource.key.join(", ")
                ),
            ));
        }
    }
    // Columns compared in both deliveries: listed, not a key, present in both files.
    let columns: Vec<(usize, &str)> = resource
        .columns
        .iter()
        .enumerate()
        .filter(|(_, (name, _))| {
            !resource.key.contains(name)
                && !previous.report.absent_columns.contains(name)
                && !current.report.absent_columns.contains(name)
        })
        .map(|(i, (name, _))| (i, name.as_str()))
        .collect();

    let sql = comparison_sql(resource.key.len(), &columns, previous, current);
    let counts: Vec<u64> = conn.query_row(&sql, [], |row| {
        (0..4 * (KeyCategory::ALL.len() + columns.len()))
            .map(|i| Ok(row.get::<_, Option<i64>>(i)?.unwrap_or(0) as u64))
            .collect()
    })?;
    let mut quads = counts.chunks_exact(4);
    let by_category = KeyCategory::ALL
        .iter()
        .zip(quads.by_ref())
        .map(|(c, q)| CategoryChange {
            category: c.name().to_string(),
            fixed: q[0],
            still_failing: q[1],
            regressed: q[2],
            new: q[3],
        })
        .collect();
    let by_column = columns
        .iter()
        .zip(quads)
        .map(|((_, name), q)| ColumnChange {
            column: name.to_string(),
            fixed: q[0],
            still_failing: q[1],
            regressed: q[2],
            new: q[3],
        })
        .collect();
    Ok(DeliveryComparison {
        resource: resource.name.clone(),
        previous: previous_id.to_string(),
        current: current_id.to_string(),
        by_category,
        by_column,
    })
}

/// One statement: each side is its keys file with the differing slots of its differences
/// file; the two sides are FULL JOINed on the key; then four counts per category and per
/// column, in that order.
fn comparison_sql(
    key_count: usize,
    columns: &[(usize, &str)],
    previous: &Reconciled,
    current: &Reconciled,
) -> String {
    let keys = |alias: &str| -> String {
        slot::key_terms(key_count, ", ", |k| {
            format!("CAST({alias}.{k} AS VARCHAR) AS {k}")
        })
    };
    let join_on = |a: &str, b: &str| slot::key_join(key_count, a, b);
    // A column's flag on a side: whether its slot is among the key's differing slots.
    let flag = |s: &str, i: usize| format!("coalesce(list_contains({s}.slots, {i}), false)");
    let side = |r: &Reconciled| -> String {
        format!(
            "SELECT {k_keys}, k.category, (k.n_exp > 1 OR k.n_mig > 1) AS dup, d.slots
             FROM read_parquet({keys_file}) k
             LEFT JOIN (SELECT {keys}, list({SLOT}) AS slots FROM read_parquet({differences_file}) GROUP BY ALL) d
               ON {k_d}",
            k_keys = keys("k"),
            keys = slot::key_list(key_count, ""),
            keys_file = quote_literal(&r.files.keys.to_string_lossy()),
            differences_file = quote_literal(&r.files.differences.to_string_lossy()),
            k_d = join_on("k", "d"),
        )
    };

    // Per side (`p` previous, `c` current): a key absent from a side has a NULL category.
    let present = |s: &str| format!("({s}.category IS NOT NULL)");
    let matched = |s: &str| format!("coalesce({s}.category IN ('identical', 'differing'), false)");
    let mut exprs = Vec::new();
    let mut quad = |fails: &dyn Fn(&str) -> String, seen: &dyn Fn(&str) -> String| {
        let (fp, fc) = (fails("p"), fails("c"));
        exprs.push(format!("count(*) FILTER ({fp} AND NOT {fc})"));
        exprs.push(format!("count(*) FILTER ({fp} AND {fc})"));
        exprs.push(format!(
            "count(*) FILTER (NOT {fp} AND {fc} AND {})",
            seen("p")
        ));
        exprs.push(format!(
            "count(*) FILTER (NOT {fp} AND {fc} AND NOT {})",
            seen("p")
        ));
    };
    for category in KeyCategory::ALL {
        let name = category.name();
        match category {
            KeyCategory::Duplicate => {
                quad(&|s| format!("coalesce({s}.dup, false)"), &present);
            }
            KeyCategory::Differing => quad(
                &|s| format!("coalesce({s}.category = 'differing', false)"),
                &|s| format!("coalesce({s}.category = 'identical', false)"),
            ),
            _ => quad(
                &|s| format!("coalesce({s}.category = '{name}', false)"),
                &present,
            ),
        }
    }
    for (i, _) in columns {
        quad(&|s| flag(s, *i), &matched);
    }

    format!(
        "SELECT {exprs} FROM ({p}) p FULL JOIN ({c}) c ON {p_c}",
        exprs = exprs
            .iter()
            .map(|e| format!("CAST({e} AS BIGINT)"))
            .collect::<Vec<_>>()
            .join(", "),
        p = side(previous),
        c = side(current),
        p_c = join_on("p", "c"),
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::domain::column::ColumnSpec;
    use crate::domain::report::ResourceReport;
    use crate::store::reconcile::ResultFiles;

    /// Result files written by hand: keys `(k0, n_src, n_exp, n_mig, category)`, differing
    /// keys `(k0, d1, d2)` (the flags of columns 1 and 2 of `resource()`), written long.
    fn results(
        conn: &Connection,
        dir: &Path,
        name: &str,
        keys: &str,
        differences: &str,
    ) -> Reconciled {
        let files = ResultFiles {
            keys: dir.join(format!("{name}-keys.parquet")),
            differences: dir.join(format!("{name}-differences.parquet")),
            null_keys: dir.join(format!("{name}-nullkeys.parquet")),
        };
        let copy = |select: &str, file: &Path| {
            conn.execute_batch(&format!(
                "COPY ({select}) TO {} (FORMAT parquet)",
                quote_literal(&file.to_string_lossy())
            ))
            .unwrap();
        };
        copy(
            &format!(
                "SELECT * FROM (VALUES {keys}) t(k0, n_src, n_exp, n_mig, category) WHERE k0 IS NOT NULL"
            ),
            &files.keys,
        );
        copy(
            &format!(
                "SELECT CAST(k0 AS VARCHAR) AS k0, true AS single, CAST(slot AS INTEGER) AS slot,
                   'x' AS x, 'y' AS y
                 FROM (VALUES {differences}) t(k0, d1, d2)
                   UNPIVOT (d FOR slot IN (d1 AS '1', d2 AS '2'))
                 WHERE k0 IS NOT NULL AND CAST(d AS BOOLEAN)
                 ORDER BY k0, slot"
            ),
            &files.differences,
        );
        let report = ResourceReport {
            name: "r".into(),
            key: vec!["id".into()],
            ..Default::default()
        };
        Reconciled { report, files }
    }

    fn resource() -> Resource {
        let column = |from: &str| ColumnSpec::try_from(toml::Value::String(from.into())).unwrap();
        Resource {
            name: "r".into(),
            label: "R".into(),
            source: "s.csv".into(),
            source_format: Default::default(),
            migrated: "r.csv".into(),
            key: vec!["id".into()],
            pii: vec![],
            derive: vec![],
            keep_if: None,
            columns: vec![
                ("id".into(), column("id")),
                ("a".into(), column("a")),
                ("b".into(), column("b")),
            ],
            labels: Default::default(),
        }
    }

    #[test]
    fn each_key_counts_once_per_category_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open_in_memory().unwrap();
        // 1 missing → identical (fixed); 2 identical → missing (regressed);
        // 3 missing → differing in a (missing fixed, differing and a new: not comparable before);
        // 4 identical → differing in b (regressed); 5 differing a → differing a and b;
        // 6 unexpected → gone (fixed); 7 absent → unexpected (new); 8 excluded → excluded
        // but migrated (regressed); 9 duplicated both times; 10 missing both times.
        let previous = results(
            &conn,
            dir.path(),
            "l1",
            "('1',1,1,0,'missing'), ('2',1,1,1,'identical'), ('3',1,1,0,'missing'),
             ('4',1,1,1,'identical'), ('5',1,1,1,'differing'), ('6',0,0,1,'unexpected'),
             ('8',1,0,0,'excluded'), ('9',1,1,2,'differing'), ('10',1,1,0,'missing')",
            "('5', true, false), ('9', true, true)",
        );
        let current = results(
            &conn,
            dir.path(),
            "l2",
            "('1',1,1,1,'identical'), ('2',1,1,0,'missing'), ('3',1,1,1,'differing'),
             ('4',1,1,1,'differing'), ('5',1,1,1,'differing'), ('7',0,0,1,'unexpected'),
             ('8',1,0,1,'excluded_but_migrated'), ('9',1,1,2,'differing'), ('10',1,1,0,'missing')",
            "('3', true, false), ('4', false, true), ('5', true, true), ('9', true, true)",
        );
        let c = compare(&conn, &resource(), ("L1", &previous), ("L2", &current)).unwrap();
        assert_eq!((c.previous.as_str(), c.current.as_str()), ("L1", "L2"));
        let q = |fixed, still_failing, regressed, new| (fixed, still_failing, regressed, new);
        let cat = |k: KeyCategory| {
            let x = c.category(k).unwrap();
            (x.fixed, x.still_failing, x.regressed, x.new)
        };
        let col = |name: &str| {
            let x = c.column(name).unwrap();
            (x.fixed, x.still_failing, x.regressed, x.new)
        };
        assert_eq!(cat(KeyCategory::Missing), q(2, 1, 1, 0));
        assert_eq!(cat(KeyCategory::Unexpected), q(1, 0, 0, 1));
        assert_eq!(cat(KeyCategory::Differing), q(0, 2, 1, 1));
        assert_eq!(cat(KeyCategory::ExcludedButMigrated), q(0, 0, 1, 0));
        assert_eq!(cat(KeyCategory::Duplicate), q(0, 1, 0, 0));
        assert_eq!(col("a"), q(0, 2, 0, 1));
        assert_eq!(col("b"), q(0, 1, 2, 0));
        assert!(c.column("id").is_none(), "key columns are not compared");
        assert!(!c.is_empty());
    }

    #[test]
    fn a_column_absent_from_either_delivery_is_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open_in_memory().unwrap();
        let previous = results(
            &conn,
            dir.path(),
            "l1",
            "('1',1,1,1,'identical')",
            "(NULL, NULL, NULL)",
        );
        let mut current = results(
            &conn,
            dir.path(),
            "l2",
            "('1',1,1,1,'identical')",
            "(NULL, NULL, NULL)",
        );
        current.report.absent_columns = vec!["b".into()];
        let c = compare(&conn, &resource(), ("L1", &previous), ("L2", &current)).unwrap();
        let names: Vec<&str> = c.by_column.iter().map(|x| x.column.as_str()).collect();
        assert_eq!(names, ["a"]);
        assert!(c.is_empty());
    }

    #[test]
    fn results_of_another_key_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open_in_memory().unwrap();
        let previous = results(
            &conn,
            dir.path(),
            "l1",
            "('1',1,1,1,'identical')",
            "(NULL, NULL, NULL)",
        );
        let mut current = previous.clone();
        current.report.key = vec!["other".into()];
        let err = compare(&conn, &resource(), ("L1", &previous), ("L2", &current)).unwrap_err();
        assert!(
            err.to_string().contains("reconcile both deliveries again"),
            "{err}"
        );
    }
}

#[cfg(test)]
mod stored_tests {
    use super::*;
    use crate::store::cache::Cache;

    #[test]
    fn a_stored_comparison_is_read_back_and_equals_the_computed_one() {
        let dir = tempfile::tempdir().unwrap();
        let campaign = crate::domain::campaign::sample_campaign();
        let engine =
            Engine::with_cache(campaign.clone(), Cache::at(dir.path().into()).unwrap()).unwrap();
        let contract = campaign.resource("contract").unwrap();
        let (l1, l2) = (
            campaign.delivery(Some("L1")).unwrap(),
            campaign.delivery(Some("L2")).unwrap(),
        );
        let before = engine.reconcile(contract, l1, &mut |_| {}).unwrap();
        let now = engine.reconcile(contract, l2, &mut |_| {}).unwrap();
        let computed =
            compare(engine.connection(), contract, ("L1", &before), ("L2", &now)).unwrap();
        let first = compare_stored(&engine, contract, ("L1", &before), ("L2", &now)).unwrap();
        assert_eq!(first, computed);
        let stored: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with("cmp-"))
            .collect();
        assert_eq!(stored.len(), 1);
        // The second asking reads the file: a hand-made change to it shows.
        let mut edited = first.clone();
        edited.by_category[0].fixed = 999;
        std::fs::write(stored[0].path(), serde_json::to_vec(&edited).unwrap()).unwrap();
        let second = compare_stored(&engine, contract, ("L1", &before), ("L2", &now)).unwrap();
        assert_eq!(second.by_category[0].fixed, 999);
    }
}
