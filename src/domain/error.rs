//! Errors of the campaign file: each names the file, the resource, the key and what to do.

use std::path::PathBuf;

#[derive(Debug, Clone, thiserror::Error)]
#[error("{}{}{}: {message}", file.display(), resource.as_ref().map(|r| format!(", resource `{r}`")).unwrap_or_default(), if key.is_empty() { String::new() } else { format!(", key `{key}`") })]
pub struct CampaignError {
    pub file: PathBuf,
    pub resource: Option<String>,
    pub key: String,
    pub message: String,
}
