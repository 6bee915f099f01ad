//! The console's reading of the user's settings (`crate::settings`). The language is chosen
//! once for the command line and the console (`domain::i18n::Lang::choose`: `--lang`, else
//! the file's, else French).

pub use crate::settings::{Settings, SettingsError, config_dir};
