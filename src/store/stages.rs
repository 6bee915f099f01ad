//! The SQL of the two stage files of a resource: the source stage (every source row with
//! the rules' verdict and every expected value) and the migrated stage (every delivered row
//! with its compared values). Both use position-based slot names (see `compare_sql`).
//!
//! The campaign's SQL comes in only as `campaign_sql` checked and regenerated it
//! (`ResourceSql`), never as the campaign file's text.
//!
//! Validation lives here too: each derived column, the rule and each column expression is
//! bound on its own against an empty table shaped like the source, so a mistake is reported
//! with the exact key of the campaign file that holds it.

use duckdb::Connection;

use super::campaign_sql::ResourceSql;
use super::compare_sql::{expected_copies, expected_items, expected_parse, mapped, migrated_items};
use super::error::StoreError;
use super::input::InputTable;
use super::slot::Slot;
use super::sql::quote_ident;
use crate::domain::campaign::{Campaign, Resource};
use crate::domain::column::ValueSource;
use crate::domain::error::CampaignError;

/// The source stage query: `__keep`, the key slots `k{j}` and every column's slots.
pub fn source_stage_sql(
    resource: &Resource,
    sql: &ResourceSql,
    input: &InputTable,
    compared: &[usize],
) -> Result<String, StoreError> {
    source_sql(resource, sql, input, compared, false)
}

/// The source stage query with the raw source columns too, as `s{j}` (one record shown side
/// by side: what the legacy file really said).
pub fn source_record_sql(
    resource: &Resource,
    sql: &ResourceSql,
    input: &InputTable,
    compared: &[usize],
) -> Result<String, StoreError> {
    source_sql(resource, sql, input, compared, true)
}

fn source_sql(
    resource: &Resource,
    sql: &ResourceSql,
    input: &InputTable,
    compared: &[usize],
    raw: bool,
) -> Result<String, StoreError> {
    let known = known_names(resource, input);
    let mut level = input.sql.clone();
    for (name, expr) in &sql.derive {
        level = format!("(SELECT *, ({expr}) AS {} FROM {level})", quote_ident(name));
    }
    let keep = match &sql.keep_if {
        Some(rule) => format!("coalesce(CAST(({rule}) AS BOOLEAN), false)"),
        None => "true".to_string(),
    };
    let values: Vec<String> = (0..resource.columns.len())
        .map(|i| {
            Ok(format!(
                "CAST({} AS VARCHAR) AS {}",
                sql.value(i, &known)?,
                Slot::SourceText(i)
            ))
        })
        .collect::<Result<_, StoreError>>()?;
    level = format!(
        "(SELECT *, {keep} AS __keep, {} FROM {level})",
        values.join(", ")
    );
    let mapped_items: Vec<String> = resource
        .columns
        .iter()
        .enumerate()
        .flat_map(|(i, (_, spec))| {
            let (m, u) = mapped(spec, &Slot::SourceText(i).to_string());
            [
                format!("{m} AS {}", Slot::MappedText(i)),
                format!("{u} AS {}", Slot::MapMissed(i)),
            ]
        })
        .collect();
    level = format!("(SELECT *, {} FROM {level})", mapped_items.join(", "));
    let parsed_items: Vec<String> = resource
        .columns
        .iter()
        .enumerate()
        .filter_map(|(i, (_, spec))| {
            expected_parse(spec, &Slot::MappedText(i).to_string())
                .map(|p| format!("{p} AS {}", Slot::Parsed(i)))
        })
        .collect();
    if !parsed_items.is_empty() {
        level = format!("(SELECT *, {} FROM {level})", parsed_items.join(", "));
    }
    let mut items = vec!["__keep".to_string()];
    if input.numbered {
        items.push("__row".to_string());
    }
    if raw {
        items.extend(
            input
                .columns
                .iter()
                .enumerate()
                .map(|(j, c)| format!("{} AS {}", quote_ident(c), Slot::SourceColumn(j))),
        );
    }
    for (i, (_, spec)) in resource.columns.iter().enumerate() {
        let [m, u, p] =
            [Slot::MappedText(i), Slot::MapMissed(i), Slot::Parsed(i)].map(|s| s.to_string());
        items.extend(expected_items(i, spec, &m, &u, &p));
    }
    let copies: Vec<String> = resource
        .columns
        .iter()
        .enumerate()
        .filter_map(|(i, (_, spec))| expected_copies(i, spec))
        .collect();
    let slots = format!("SELECT {} FROM {level}", items.join(", "));
    let slots = if copies.is_empty() {
        slots
    } else {
        format!("SELECT *, {} FROM ({slots})", copies.join(", "))
    };
    Ok(with_keys(resource, compared, &slots))
}

/// The migrated stage query: the slots of every listed column that the delivery has
/// (`present`: column indexes), and the key slots.
pub fn migrated_stage_sql(
    resource: &Resource,
    input: &InputTable,
    present: &[usize],
    compared: &[usize],
) -> String {
    let mut items: Vec<String> = Vec::new();
    if input.numbered {
        items.push("__row".to_string());
    }
    for &i in present {
        let (name, spec) = &resource.columns[i];
        items.extend(migrated_items(i, spec, &quote_ident(name)));
    }
    with_keys(
        resource,
        compared,
        &format!("SELECT {} FROM {}", items.join(", "), input.sql),
    )
}

/// Adds the key slots `k{j}` (the compared value of each key column) and the row hash
/// `__h` over the `compared` columns.
fn with_keys(resource: &Resource, compared: &[usize], inner: &str) -> String {
    let hashed: Vec<(usize, &crate::domain::column::ColumnSpec)> = compared
        .iter()
        .map(|&i| (i, &resource.columns[i].1))
        .collect();
    let keys: Vec<String> = key_slots(resource)
        .iter()
        .enumerate()
        .map(|(j, &i)| {
            format!(
                "{} AS {}",
                super::compare_sql::slots(i, &resource.columns[i].1).cmp,
                Slot::Key(j)
            )
        })
        .collect();
    format!(
        "SELECT *, {}, {} AS __h FROM ({inner})",
        keys.join(", "),
        super::compare_sql::row_hash(&hashed)
    )
}

/// The column slot index of each key column, in key order.
pub fn key_slots(resource: &Resource) -> Vec<usize> {
    resource
        .key
        .iter()
        .map(|k| {
            resource
                .columns
                .iter()
                .position(|(c, _)| c == k)
                .expect("checked by Campaign::parse")
        })
        .collect()
}

/// A mistake of the campaign, at `key` of `resource`.
fn refused(campaign: &Campaign, resource: &Resource, key: String, message: String) -> StoreError {
    StoreError::Campaign(CampaignError {
        file: campaign.file.clone(),
        resource: Some(resource.name.clone()),
        key,
        message,
    })
}

fn known_names(resource: &Resource, input: &InputTable) -> Vec<String> {
    let mut known = input.columns.clone();
    known.extend(resource.derive.iter().map(|(n, _)| n.clone()));
    known
}

/// Binds the resource's source stage against an empty table shaped like the source; on a
/// mistake, binds each piece on its own to say which key of the campaign holds it. The
/// engine asks it only when the load itself failed: the load binds the same statement.
pub fn validate(
    conn: &Connection,
    campaign: &Campaign,
    resource: &Resource,
    sql: &ResourceSql,
    input: &InputTable,
    compared: &[usize],
) -> Result<(), StoreError> {
    bind_pieces(conn, campaign, resource, sql, input, compared)
        .map_err(|e| explain_unquoted(e, resource, &input.columns))
}

/// The names the stage statement cannot check itself: a derived or source column named
/// like the engine's own (`__…`) or like another column whatever the case. Cheap: made
/// before every load, where the statement's bind is left to the load itself.
pub fn check_names(
    campaign: &Campaign,
    resource: &Resource,
    input: &InputTable,
) -> Result<(), StoreError> {
    let err = |key: String, message: String| refused(campaign, resource, key, message);
    for (name, _) in &resource.derive {
        if name.starts_with("__") {
            return Err(err(
                format!("derive.{name}"),
                format!(
                    "`{name}` starts with `__`, which recette reserves; give the derived column another name"
                ),
            ));
        }
        // SQL names ignore case: a derived `NOM` beside a source `nom` would be read as
        // the source column wherever it is named.
        if let Some(c) = input
            .columns
            .iter()
            .find(|c| c.to_lowercase() == name.to_lowercase())
        {
            return Err(err(
                format!("derive.{name}"),
                format!(
                    "`{name}` is already a column of {} (`{c}`; SQL names ignore case); give the derived column another name",
                    input.file.display()
                ),
            ));
        }
    }
    if let Some(c) = input.columns.iter().find(|c| c.starts_with("__")) {
        return Err(err(
            String::new(),
            format!(
                "the source column `{c}` starts with `__`, which recette reserves; rename it in the extraction"
            ),
        ));
    }
    Ok(())
}

fn bind_pieces(
    conn: &Connection,
    campaign: &Campaign,
    resource: &Resource,
    sql: &ResourceSql,
    input: &InputTable,
    compared: &[usize],
) -> Result<(), StoreError> {
    let err = |key: String, message: String| refused(campaign, resource, key, message);
    check_names(campaign, resource, input)?;
    let empty: Vec<String> = input
        .columns
        .iter()
        .map(|c| format!("NULL::VARCHAR AS {}", quote_ident(c)))
        .collect();
    let mut level = format!("(SELECT {})", empty.join(", "));
    // The exact statement that will run, over an empty table shaped like the source: one
    // bind, whatever the number of columns. Only when it fails is each piece bound on its
    // own, to name the campaign key that holds the mistake.
    let shaped = InputTable {
        sql: level.clone(),
        ..input.clone()
    };
    if conn
        .prepare(&source_stage_sql(resource, sql, &shaped, compared)?)
        .is_ok()
    {
        return Ok(());
    }
    let bind = |sql: &str| conn.prepare(sql).map(drop).map_err(|e| clean_sql_error(&e));
    for (name, expr) in &sql.derive {
        bind(&format!("SELECT ({expr}) FROM {level}"))
            .map_err(|m| err(format!("derive.{name}"), m))?;
        level = format!("(SELECT *, ({expr}) AS {} FROM {level})", quote_ident(name));
    }
    if let Some(rule) = &sql.keep_if {
        bind(&format!("SELECT CAST(({rule}) AS BOOLEAN) FROM {level}"))
            .map_err(|m| err("rules.keep_if".into(), m))?;
    }
    let known = known_names(resource, input);
    for (i, (name, spec)) in resource.columns.iter().enumerate() {
        let key = format!("columns.{name}");
        if let ValueSource::From(c) = &spec.source
            && !known.contains(c)
        {
            let message = format!(
                "`{c}` is neither a column of the source file nor a derived column; the source has: {}",
                known.join(", ")
            );
            return Err(err(key, message));
        }
        let value = sql.value(i, &known)?;
        let (m, u) = mapped(spec, &format!("CAST({value} AS VARCHAR)"));
        let parsed = expected_parse(spec, &m).unwrap_or_else(|| "NULL".to_string());
        let slots = expected_items(i, spec, &m, &u, &parsed);
        bind(&format!("SELECT {} FROM {level}", slots.join(", "))).map_err(|m| {
            // A bare word that names no column is most often a column of a file read with
            // the wrong delimiter or encoding: show the header recette read.
            match &spec.source {
                ValueSource::ColumnOrExpr(word) if is_identifier(word) => err(
                    key,
                    format!(
                        "`{word}` is not a column of {} (its header as read: {}); check the file's `delimiter` and `encoding`, or write an SQL expression",
                        input.file.display(),
                        input.columns.join(" | ")
                    ),
                ),
                _ => err(key, m),
            }
        })?;
    }
    Ok(())
}

/// `message`, with "quote it: \"Code statut\"" when the SQL the person `written` names a
/// source column whose name is not a bare SQL word (a space, an accent-free hyphen…)
/// without double quotes: DuckDB then reports a syntax error far from the cause.
fn with_quote_hint(message: String, written: &str, columns: &[String]) -> String {
    let unquoted: Vec<String> = columns
        .iter()
        .filter(|c| !is_identifier(c))
        .filter(|c| {
            written
                .match_indices(c.as_str())
                .any(|(at, _)| !written[..at].ends_with('"'))
        })
        .map(|c| quote_ident(c))
        .collect();
    match unquoted.as_slice() {
        [] => message,
        names => format!("{message}; quote it: {}", names.join(", ")),
    }
}

/// A mistake of the campaign found in `resource`'s SQL, with "quote it" when the text
/// names a column of the source (`columns`) unquoted.
pub(super) fn explain_unquoted(
    error: StoreError,
    resource: &Resource,
    columns: &[String],
) -> StoreError {
    match error {
        StoreError::Campaign(mut refused) => {
            if let Some(written) = written_at(resource, &refused.key) {
                refused.message = with_quote_hint(refused.message, written, columns);
            }
            StoreError::Campaign(refused)
        }
        other => other,
    }
}

/// The SQL a person wrote under `key` of `resource` (`derive.x`, `rules.keep_if`,
/// `columns.x`), to explain a mistake found in it.
fn written_at<'r>(resource: &'r Resource, key: &str) -> Option<&'r str> {
    if key == "rules.keep_if" {
        return resource.keep_if.as_deref();
    }
    if let Some(name) = key.strip_prefix("derive.") {
        return resource
            .derive
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, text)| text.as_str());
    }
    let name = key.strip_prefix("columns.")?;
    match &resource.column(name)?.source {
        ValueSource::ColumnOrExpr(text) | ValueSource::Expr(text) => Some(text),
        ValueSource::From(_) => None,
    }
}

fn is_identifier(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_alphanumeric() || c == '_')
}

fn clean_sql_error(error: &duckdb::Error) -> String {
    let text = error.to_string();
    let first = text.lines().next().unwrap_or(&text).to_string();
    format!("{first} — fix this SQL (DuckDB dialect; source columns are text)")
}
