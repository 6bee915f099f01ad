//! What a query DuckDB refused is about, read from its message, so that the console says
//! it in the user's words (a table or a column that does not exist, a syntax error near a
//! word...) with DuckDB's own text below. Pure; must not import `tui` or `duckdb`.

/// What went wrong with a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trouble {
    /// No table of that name (`source.x`, `result.x`...).
    NoTable(String),
    /// No column of that name in the query's tables.
    NoColumn(String),
    /// No function of that name.
    NoFunction(String),
    /// The query is not SQL DuckDB can read, near this word.
    Syntax(String),
    /// A value does not convert to the type asked for.
    Conversion,
    /// Not one query (several, or a statement that would change something).
    NotAQuery,
    /// Anything else: DuckDB's text says it.
    Other,
}

/// The text between `before` and the next `after` in `message`.
fn between<'a>(message: &'a str, before: &str, after: &str) -> Option<&'a str> {
    let start = message.find(before)? + before.len();
    let rest = &message[start..];
    Some(&rest[..rest.find(after)?])
}

/// What `message` (the worker's, DuckDB's text in it) says went wrong.
pub fn trouble(message: &str) -> Trouble {
    if let Some(name) = between(message, "Table with name ", " does not exist") {
        return Trouble::NoTable(name.to_string());
    }
    if let Some(name) = between(message, "Referenced column \"", "\" not found") {
        return Trouble::NoColumn(name.to_string());
    }
    if let Some(name) = between(message, "Function with name ", " does not exist") {
        return Trouble::NoFunction(name.to_string());
    }
    if let Some(near) = message.split("syntax error at or near ").nth(1) {
        let word = near.lines().next().unwrap_or("").trim().trim_matches('"');
        return Trouble::Syntax(word.to_string());
    }
    if message.contains("syntax error at end of input") {
        return Trouble::Syntax(String::new());
    }
    if message.contains("Conversion Error") {
        return Trouble::Conversion;
    }
    if message.starts_with("the SQL console runs one query at a time") {
        return Trouble::NotAQuery;
    }
    Trouble::Other
}

/// DuckDB's own text, without the worker's prefix.
pub fn duckdb_text(message: &str) -> &str {
    message.strip_prefix("DuckDB: ").unwrap_or(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duckdbs_messages_are_read_for_what_they_say() {
        let cases = [
            (
                "DuckDB: Catalog Error: Table with name nope does not exist!\nDid you mean \"pg_enum\"?",
                Trouble::NoTable("nope".into()),
            ),
            (
                "DuckDB: Binder Error: Referenced column \"nope\" not found in FROM clause!",
                Trouble::NoColumn("nope".into()),
            ),
            (
                "DuckDB: Catalog Error: Scalar Function with name nofun does not exist!",
                Trouble::NoFunction("nofun".into()),
            ),
            (
                "syntax error at or near \"SELEC\"",
                Trouble::Syntax("SELEC".into()),
            ),
            (
                "DuckDB: Conversion Error: Could not convert string 'x' to INT32",
                Trouble::Conversion,
            ),
            (
                "the SQL console runs one query at a time (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE) and changes nothing",
                Trouble::NotAQuery,
            ),
            ("DuckDB: Out of Memory Error: x", Trouble::Other),
        ];
        for (message, expected) in cases {
            assert_eq!(trouble(message), expected, "{message}");
        }
        assert_eq!(
            duckdb_text("DuckDB: Conversion Error: x"),
            "Conversion Error: x"
        );
    }
}
