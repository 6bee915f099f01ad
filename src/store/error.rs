//! Errors of the data layer: each names the file (and line, key) and says what to do.

use std::path::PathBuf;

use crate::domain::error::CampaignError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A source or delivery file that cannot be read as declared.
    #[error("{}{}: {message}", file.display(), line.map(|l| format!(", line {l}")).unwrap_or_default())]
    Input {
        file: PathBuf,
        line: Option<u64>,
        message: String,
    },
    /// A mistake in the campaign file found while binding it to the data.
    #[error(transparent)]
    Campaign(#[from] CampaignError),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A user setting (an environment variable) that cannot be used as given.
    #[error("{name}: {message}")]
    Setting { name: &'static str, message: String },
    #[error("the operation was cancelled")]
    Cancelled,
    /// A statement the SQL console does not run, and why.
    #[error("{0}")]
    Refused(String),
    /// A request sent where it cannot be served (a bug of the caller).
    #[error("internal error: {0}")]
    Internal(&'static str),
    #[error("DuckDB: {0}")]
    Duckdb(#[from] duckdb::Error),
}

impl StoreError {
    pub fn input(file: impl Into<PathBuf>, line: Option<u64>, message: impl Into<String>) -> Self {
        StoreError::Input {
            file: file.into(),
            line,
            message: message.into(),
        }
    }

    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> StoreError {
        let path = path.into();
        move |source| StoreError::Io { path, source }
    }
}
