//! The user's settings, in `config.toml` of the config folder (`$RECETTE_CONFIG_DIR`, else
//! `~/.config/recette/` on Linux), beside `keymap.toml`; read once by the binary and shared
//! by the command line, the console and the engine:
//!
//! ```toml
//! lang = "en"            # the language: "fr" (the default) or "en"
//! memory_limit = "6GB"   # the engine's memory (default: half of the machine's, at most 8 GB)
//! ```
//!
//! Flags and environment variables win over the file. Imports nothing of the crate.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// What `config.toml` may say; any other key is refused, so a typo is never ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    lang: Option<String>,
    memory_limit: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// `fr` or `en`.
    pub lang: Option<String>,
    /// The engine's memory limit, in bytes.
    pub memory_limit: Option<u64>,
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("{}: {source}", file.display())]
    Read {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {source}", file.display())]
    Toml {
        file: PathBuf,
        #[source]
        source: toml::de::Error,
    },
    #[error("{}: `lang = \"{value}\"`: recette speaks \"fr\" or \"en\"", file.display())]
    Lang { file: PathBuf, value: String },
    #[error(
        "{}: `memory_limit = \"{value}\"` is not a size; write a number with a unit, e.g. \"6GB\" or \"1.5GiB\"",
        file.display()
    )]
    Size { file: PathBuf, value: String },
}

/// The languages recette speaks.
pub const LANGS: [&str; 2] = ["fr", "en"];

/// The user's config folder, if the system has one.
pub fn config_dir() -> Option<PathBuf> {
    match std::env::var_os("RECETTE_CONFIG_DIR") {
        Some(dir) => Some(PathBuf::from(dir)),
        None => directories::ProjectDirs::from("", "", "recette").map(|d| d.config_dir().into()),
    }
}

impl Settings {
    /// The user's settings; none when there is no `config.toml`.
    pub fn load() -> Result<Settings, SettingsError> {
        match config_dir() {
            Some(dir) => Settings::from_file(&dir.join("config.toml")),
            None => Ok(Settings::default()),
        }
    }

    pub fn from_file(file: &Path) -> Result<Settings, SettingsError> {
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
            Err(source) => {
                return Err(SettingsError::Read {
                    file: file.into(),
                    source,
                });
            }
        };
        let raw: RawSettings = toml::from_str(&text).map_err(|source| SettingsError::Toml {
            file: file.into(),
            source,
        })?;
        if let Some(value) = raw.lang.as_ref().filter(|l| !LANGS.contains(&l.as_str())) {
            return Err(SettingsError::Lang {
                file: file.into(),
                value: value.clone(),
            });
        }
        let memory_limit = match raw.memory_limit {
            Some(value) => Some(parse_size(&value).ok_or_else(|| SettingsError::Size {
                file: file.into(),
                value,
            })?),
            None => None,
        };
        Ok(Settings {
            lang: raw.lang,
            memory_limit,
        })
    }
}

/// `20GB`, `500 MB`, `1.5GiB`, `1024` (bytes): bytes, or `None`.
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" | "byte" | "bytes" => 1,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        "tb" => 1_000_000_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        "tib" => 1 << 40,
        _ => return None,
    };
    let bytes = number * factor as f64;
    (bytes.is_finite() && bytes >= 0.0).then_some(bytes as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(parse_size("20GB"), Some(20_000_000_000));
        assert_eq!(parse_size(" 500 mb "), Some(500_000_000));
        assert_eq!(parse_size("1.5GiB"), Some(1_610_612_736));
        assert_eq!(parse_size("1024"), Some(1024));
        assert_eq!(parse_size("lots"), None);
        assert_eq!(parse_size("12 parsecs"), None);
    }

    #[test]
    fn the_file_gives_the_language_and_the_memory() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        assert_eq!(Settings::from_file(&file).unwrap(), Settings::default());
        std::fs::write(&file, "lang = \"en\"\nmemory_limit = \"6GB\"\n").unwrap();
        let settings = Settings::from_file(&file).unwrap();
        assert_eq!(settings.lang.as_deref(), Some("en"));
        assert_eq!(settings.memory_limit, Some(6_000_000_000));
    }

    #[test]
    fn a_mistake_names_the_file_and_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        for (text, said) in [
            ("lang = \"de\"\n", "\"fr\" or \"en\""),
            ("langue = \"fr\"\n", "langue"),
            ("memory_limit = \"beaucoup\"\n", "memory_limit"),
        ] {
            std::fs::write(&file, text).unwrap();
            let error = Settings::from_file(&file).unwrap_err().to_string();
            assert!(
                error.contains("config.toml") && error.contains(said),
                "{error}"
            );
        }
    }
}
