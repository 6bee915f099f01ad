//! The user's settings for the console, in `config.toml` of the config folder
//! (`$RECETTE_CONFIG_DIR`, else `~/.config/recette/` on Linux), beside `keymap.toml`:
//!
//! ```toml
//! lang = "en"   # the console's language: "fr" (the default) or "en"
//! ```
//!
//! `--lang` on the command line wins over the file.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::Lang;

/// What `config.toml` may say; any other key is refused, so a typo is never ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    lang: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub lang: Option<Lang>,
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
    #[error("{}: `lang = \"{value}\"`: the console speaks \"fr\" or \"en\"", file.display())]
    Lang { file: PathBuf, value: String },
}

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
        let lang = match raw.lang {
            Some(value) => Some(Lang::from_code(&value).ok_or_else(|| SettingsError::Lang {
                file: file.into(),
                value,
            })?),
            None => None,
        };
        Ok(Settings { lang })
    }

    /// The language: the command line's, else the file's, else French.
    pub fn lang(&self, flag: Option<&str>) -> Lang {
        flag.and_then(Lang::from_code)
            .or(self.lang)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_wins_over_the_file_which_wins_over_french() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        let none = Settings::from_file(&file).unwrap();
        assert_eq!(none.lang(None), Lang::Fr);
        std::fs::write(&file, "lang = \"en\"\n").unwrap();
        let english = Settings::from_file(&file).unwrap();
        assert_eq!(english.lang(None), Lang::En);
        assert_eq!(english.lang(Some("fr")), Lang::Fr);
    }

    #[test]
    fn a_mistake_names_the_file_and_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(&file, "lang = \"de\"\n").unwrap();
        let error = Settings::from_file(&file).unwrap_err().to_string();
        assert!(
            error.contains("config.toml") && error.contains("\"fr\" or \"en\""),
            "{error}"
        );
        std::fs::write(&file, "langue = \"fr\"\n").unwrap();
        let error = Settings::from_file(&file).unwrap_err().to_string();
        assert!(error.contains("langue"), "{error}");
    }
}
