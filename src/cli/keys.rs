//! `recette keys`: every key of a category, one per line, as CSV with a header. Exact to a
//! pipe or a file (what scripts and `--key` read back); on a terminal, with control and
//! invisible characters shown escaped like everything recette shows a person. The rows
//! with a NULL key part (`null_key`) are rows, not keys: each line names its file and its
//! row number there (`file,row,<key columns>`). `--column C --cause KIND` narrows the
//! differing keys of a column to one cause (`docs/causes.md`).

use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;

use crate::domain::campaign::Campaign;
use crate::domain::causes::CauseKind;
use crate::domain::i18n::Catalogue;
use crate::domain::report::KeyCategory;
use crate::domain::text::for_terminal;
use crate::store::{Engine, StoreError};

pub fn run(
    campaign: &Campaign,
    resource: &str,
    category: KeyCategory,
    column: Option<&str>,
    cause: Option<CauseKind>,
    delivery: Option<&str>,
    t: &Catalogue,
) -> anyhow::Result<ExitCode> {
    let resource = super::resource(campaign, resource)?;
    let delivery = super::delivery(campaign, delivery)?;
    if column.is_some() && category != KeyCategory::Differing {
        anyhow::bail!("--column goes with --category differing");
    }
    let engine = Engine::open(campaign.clone())?;
    let reconciled = engine.reconcile(resource, delivery, &mut |_| {})?;
    // Refuse a wrong --column before anything reaches stdout (scripts read it).
    if let Some(c) = column
        && !reconciled.report.columns.iter().any(|x| x.name == c)
    {
        let names: Vec<&str> = reconciled
            .report
            .columns
            .iter()
            .map(|x| x.name.as_str())
            .collect();
        anyhow::bail!(
            "`{c}` is not a compared column of resource `{}`; compared: {}",
            resource.name,
            names.join(", ")
        );
    }
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let mut escaped = false;
    let mut out = csv::Writer::from_writer(stdout.lock());
    let written = |e: csv::Error| StoreError::Io {
        path: "stdout".into(),
        source: e.into(),
    };
    if category == KeyCategory::NullKey {
        let mut header = vec!["file".to_string(), "row".to_string()];
        header.extend(resource.key.iter().cloned());
        out.write_record(
            fields(&header, terminal, &mut escaped)
                .iter()
                .map(|f| f.as_bytes()),
        )
        .context("writing to stdout")?;
        engine.null_key_rows(resource, delivery, &reconciled, |file, row| {
            let mut parts = vec![file.display().to_string(), row.row.to_string()];
            parts.extend(row.key.iter().map(|v| v.clone().unwrap_or_default()));
            out.write_record(
                fields(&parts, terminal, &mut escaped)
                    .iter()
                    .map(|f| f.as_bytes()),
            )
            .map_err(written)
        })?;
    } else {
        out.write_record(
            fields(&resource.key, terminal, &mut escaped)
                .iter()
                .map(|f| f.as_bytes()),
        )
        .context("writing to stdout")?;
        let write = |key: Vec<Option<String>>| {
            let parts: Vec<&str> = key.iter().map(|v| v.as_deref().unwrap_or("")).collect();
            out.write_record(
                fields(&parts, terminal, &mut escaped)
                    .iter()
                    .map(|f| f.as_bytes()),
            )
            .map_err(written)
        };
        match (cause, column) {
            (Some(kind), Some(column)) => {
                engine.keys_of_cause(resource, &reconciled, column, kind, write)?
            }
            _ => engine.keys(resource, &reconciled, category, column, write)?,
        }
    }
    out.flush().context("writing to stdout")?;
    drop(out);
    std::io::stdout().flush().ok();
    said_escaped(escaped, t);
    Ok(ExitCode::SUCCESS)
}

/// Tells the person at the terminal that the keys shown are not the exact ones.
pub(crate) fn said_escaped(escaped: bool, t: &Catalogue) {
    if escaped {
        eprintln!("recette: {}", t.keys_escaped);
    }
}

/// A record's fields as written: exact for a program, escaped for a person at a terminal
/// (`escaped` set when that changed one).
pub(crate) fn fields<'a, S: AsRef<str>>(
    parts: &'a [S],
    terminal: bool,
    escaped: &mut bool,
) -> Vec<Cow<'a, str>> {
    parts
        .iter()
        .map(|p| {
            let p = p.as_ref();
            if !terminal {
                return Cow::Borrowed(p);
            }
            let shown = for_terminal(p);
            *escaped |= matches!(shown, Cow::Owned(_));
            shown
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::fields;

    #[test]
    fn keys_are_exact_for_programs_and_escaped_on_a_terminal() {
        let key = ["99\u{1b}[2J", "a\u{202e}b", "Cœur"];
        let mut escaped = false;
        assert_eq!(fields(&key, false, &mut escaped), key);
        assert!(!escaped);
        assert_eq!(
            fields(&key, true, &mut escaped),
            ["99\\x1b[2J", "a\\u{202e}b", "Cœur"]
        );
        assert!(escaped);
        let mut escaped = false;
        assert_eq!(
            fields(&["plain", "Émery"], true, &mut escaped),
            ["plain", "Émery"]
        );
        assert!(!escaped, "nothing said when nothing changed");
    }
}
