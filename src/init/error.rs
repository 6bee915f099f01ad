//! What stops `recette init`: a folder or a file it cannot use, or two folders that share
//! nothing. Each message names the folder or file and what to do.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{}: {message}", dir.display())]
    Folder { dir: PathBuf, message: String },
    #[error("{}: {message}", file.display())]
    File { file: PathBuf, message: String },
    /// Nothing could be drafted from the two folders.
    #[error("{0}")]
    Nothing(String),
    /// A draft the engine would not read: a bug of `init`, never handed to a person.
    #[error("internal error: {0}; please report it")]
    Internal(String),
}

impl InitError {
    pub fn folder(dir: &Path, message: impl Into<String>) -> InitError {
        InitError::Folder {
            dir: dir.to_path_buf(),
            message: message.into(),
        }
    }

    pub fn file(file: &Path, message: impl Into<String>) -> InitError {
        InitError::File {
            file: file.to_path_buf(),
            message: message.into(),
        }
    }
}
