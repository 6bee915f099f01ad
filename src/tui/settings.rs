//! The console's reading of the user's settings (`crate::settings`): the language, where the
//! command line's `--lang` wins over the file.

pub use crate::settings::{Settings, SettingsError, config_dir};

use super::Lang;

/// The language: the command line's, else the file's, else French.
pub fn lang(settings: &Settings, flag: Option<&str>) -> Lang {
    flag.and_then(Lang::from_code)
        .or_else(|| settings.lang.as_deref().and_then(Lang::from_code))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_wins_over_the_file_which_wins_over_french() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        let none = Settings::from_file(&file).unwrap();
        assert_eq!(lang(&none, None), Lang::Fr);
        std::fs::write(&file, "lang = \"en\"\n").unwrap();
        let english = Settings::from_file(&file).unwrap();
        assert_eq!(lang(&english, None), Lang::En);
        assert_eq!(lang(&english, Some("fr")), Lang::Fr);
    }
}
