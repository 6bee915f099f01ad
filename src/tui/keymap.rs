//! The keymap as data: `keymap.toml` embedded in the binary, merged with the user's
//! `keymap.toml` from the config folder (`directories`), resolves a key in a screen context
//! to an `Action`; the footer and the help are generated from it. Must not import `duckdb`.

use std::collections::BTreeMap;

use ratatui::crossterm::event::KeyEvent;
use serde::Deserialize;

pub use super::key::Key;

use crate::app::{Action, Context};
use crate::domain::i18n::Lang;

pub const EMBEDDED: &str = include_str!("keymap.toml");

#[derive(Debug, thiserror::Error)]
pub enum KeymapError {
    #[error("{origin}: {source}")]
    Toml {
        origin: String,
        #[source]
        source: toml::de::Error,
    },
    #[error("{origin}: section [{section}]: unknown command `{run}`")]
    UnknownCommand {
        origin: String,
        section: String,
        run: String,
    },
    #[error("{origin}: section [{section}]: cannot read the key `{key}`")]
    BadKey {
        origin: String,
        section: String,
        key: String,
    },
    #[error("{origin}: unknown section [{section}]")]
    UnknownSection { origin: String, section: String },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum RawOn {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum RawDesc {
    Plain(String),
    PerLang(BTreeMap<String, String>),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBinding {
    on: RawOn,
    run: String,
    desc: RawDesc,
    /// A word or two for the footer (bindings with `main = true`).
    short: Option<RawDesc>,
    #[serde(default)]
    main: bool,
}

#[derive(Debug, Deserialize)]
struct RawSection {
    keymap: Vec<RawBinding>,
}

/// One binding: the keys, the command, its description in each language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub on: Vec<Key>,
    pub run: Action,
    pub desc: BTreeMap<String, String>,
    pub short: BTreeMap<String, String>,
    pub main: bool,
}

impl Binding {
    pub fn desc(&self, lang: Lang) -> &str {
        in_lang(&self.desc, lang)
    }

    /// The footer's words: `short` if given, else the description.
    pub fn short(&self, lang: Lang) -> &str {
        match in_lang(&self.short, lang) {
            "" => self.desc(lang),
            short => short,
        }
    }

    pub fn keys_label(&self, lang: Lang) -> String {
        self.on
            .iter()
            .map(|k| k.label(lang))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn in_lang(texts: &BTreeMap<String, String>, lang: Lang) -> &str {
    texts
        .get(lang.code())
        .or_else(|| texts.get("fr"))
        .or_else(|| texts.values().next())
        .map(String::as_str)
        .unwrap_or("")
}

fn per_lang(desc: RawDesc) -> BTreeMap<String, String> {
    match desc {
        RawDesc::Plain(text) => {
            BTreeMap::from([("fr".to_string(), text.clone()), ("en".to_string(), text)])
        }
        RawDesc::PerLang(map) => map,
    }
}

/// Bindings per section (`global` and one per `Context`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keymap {
    pub sections: BTreeMap<String, Vec<Binding>>,
}

const GLOBAL: &str = "global";

impl Keymap {
    /// The embedded keymap with the user's overrides, if any (a broken user file is reported
    /// and the embedded keymap used alone).
    pub fn load() -> (Keymap, Option<KeymapError>) {
        let embedded = Keymap::parse(EMBEDDED, "keymap.toml (embedded)")
            .expect("the embedded keymap is checked by a test");
        let Some(dir) = super::settings::config_dir() else {
            return (embedded, None);
        };
        let file = dir.join("keymap.toml");
        let Ok(text) = std::fs::read_to_string(&file) else {
            return (embedded, None);
        };
        match Keymap::parse(&text, &file.display().to_string()) {
            Ok(user) => (embedded.merged(user), None),
            Err(e) => (embedded, Some(e)),
        }
    }

    pub fn parse(text: &str, origin: &str) -> Result<Keymap, KeymapError> {
        let raw: BTreeMap<String, RawSection> =
            toml::from_str(text).map_err(|source| KeymapError::Toml {
                origin: origin.to_string(),
                source,
            })?;
        let mut sections = BTreeMap::new();
        for (section, raw) in raw {
            if section != GLOBAL && !Context::ALL.iter().any(|c| c.name() == section) {
                return Err(KeymapError::UnknownSection {
                    origin: origin.into(),
                    section,
                });
            }
            let mut bindings = Vec::new();
            for b in raw.keymap {
                let run = Action::from_name(&b.run).ok_or_else(|| KeymapError::UnknownCommand {
                    origin: origin.into(),
                    section: section.clone(),
                    run: b.run.clone(),
                })?;
                let keys = match b.on {
                    RawOn::One(k) => vec![k],
                    RawOn::Many(k) => k,
                };
                let on = keys
                    .iter()
                    .map(|k| {
                        Key::parse(k).ok_or_else(|| KeymapError::BadKey {
                            origin: origin.into(),
                            section: section.clone(),
                            key: k.clone(),
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                bindings.push(Binding {
                    on,
                    run,
                    desc: per_lang(b.desc),
                    short: b.short.map(per_lang).unwrap_or_default(),
                    main: b.main,
                });
            }
            sections.insert(section, bindings);
        }
        Ok(Keymap { sections })
    }

    /// `self` with `user`'s bindings: a key the user binds in a section leaves the
    /// binding it had there; the user's binding comes first.
    pub fn merged(mut self, user: Keymap) -> Keymap {
        for (section, user_bindings) in user.sections {
            let bindings = self.sections.entry(section).or_default();
            for b in bindings.iter_mut() {
                b.on.retain(|k| !user_bindings.iter().any(|u| u.on.contains(k)));
            }
            bindings.retain(|b| !b.on.is_empty());
            let mut merged = user_bindings;
            merged.append(bindings);
            *bindings = merged;
        }
        self
    }

    /// The action of `key` in `context` (the screen's bindings, then the global ones).
    pub fn resolve(&self, context: Context, key: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(key);
        [context.name(), GLOBAL]
            .iter()
            .filter_map(|s| self.sections.get(*s))
            .flatten()
            .find(|b| b.on.contains(&key))
            .map(|b| b.run)
    }

    /// The action of `key` in `context`'s own section only (a text input's: its global
    /// keys are characters it types).
    pub fn resolve_in(&self, context: Context, key: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(key);
        self.bindings(context)
            .iter()
            .find(|b| b.on.contains(&key))
            .map(|b| b.run)
    }

    /// The bindings of a context, without the global ones.
    pub fn bindings(&self, context: Context) -> &[Binding] {
        self.sections
            .get(context.name())
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn global(&self) -> &[Binding] {
        self.sections.get(GLOBAL).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The footer's bindings of a context: its main ones, then the global main ones.
    pub fn main_bindings(&self, context: Context) -> Vec<&Binding> {
        self.bindings(context)
            .iter()
            .chain(self.global())
            .filter(|b| b.main)
            .collect()
    }

    /// Keys bound twice where they meet: in one section, or in a screen and in `global`.
    pub fn conflicts(&self) -> Vec<String> {
        let mut out = Vec::new();
        let global: Vec<Key> = self.global().iter().flat_map(|b| b.on.clone()).collect();
        for (section, bindings) in &self.sections {
            let mut seen: Vec<Key> = Vec::new();
            for key in bindings.iter().flat_map(|b| b.on.iter()) {
                if seen.contains(key) {
                    out.push(format!("[{section}] {} bound twice", key.label(Lang::En)));
                }
                if section != GLOBAL && global.contains(key) {
                    out.push(format!(
                        "[{section}] {} is a global key",
                        key.label(Lang::En)
                    ));
                }
                seen.push(*key);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn the_embedded_keymap_parses_covers_every_context_and_has_no_conflict() {
        let keymap = Keymap::parse(EMBEDDED, "embedded").unwrap();
        assert_eq!(keymap.conflicts(), Vec::<String>::new());
        for context in Context::ALL {
            assert!(!keymap.bindings(context).is_empty(), "{context:?}");
            for b in keymap.bindings(context) {
                assert!(
                    !b.desc(Lang::Fr).is_empty() && !b.desc(Lang::En).is_empty(),
                    "{b:?}"
                );
            }
        }
    }

    #[test]
    fn arrows_and_vim_keys_both_move_and_ctrl_c_quits_everywhere() {
        let keymap = Keymap::parse(EMBEDDED, "embedded").unwrap();
        for context in [
            Context::Home,
            Context::Explorer,
            Context::Rows,
            Context::Record,
            Context::Checklist,
            Context::Sample,
            Context::Defects,
            Context::Sql,
        ] {
            for (key, action) in [
                (KeyCode::Down, Action::Down),
                (KeyCode::Char('j'), Action::Down),
                (KeyCode::Up, Action::Up),
                (KeyCode::Char('k'), Action::Up),
            ] {
                assert_eq!(
                    keymap.resolve(context, &press(key, KeyModifiers::NONE)),
                    Some(action),
                    "{context:?} {key:?}"
                );
            }
            assert_eq!(
                keymap.resolve(context, &press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
                Some(Action::Quit)
            );
        }
        assert_eq!(
            keymap.resolve(
                Context::Rows,
                &press(KeyCode::Char('G'), KeyModifiers::SHIFT)
            ),
            Some(Action::Bottom)
        );
        assert_eq!(
            keymap.resolve(Context::Explorer, &press(KeyCode::Esc, KeyModifiers::NONE)),
            Some(Action::Back)
        );
    }

    /// One key, one meaning: a key bound on several screens runs the same command on each
    /// (`k` was "up" on home and "KO" on the checklist), the verdicts are on keys that move
    /// nothing, and `q` leaves the screen (home: the console). Text inputs, where
    /// characters type, are apart.
    #[test]
    fn a_key_means_the_same_on_every_screen_that_binds_it() {
        let keymap = Keymap::parse(EMBEDDED, "embedded").unwrap();
        let inputs = [Context::DefectForm];
        let mut meaning: Vec<(Key, Action, Context)> = Vec::new();
        for context in Context::ALL.into_iter().filter(|c| !inputs.contains(c)) {
            for b in keymap.bindings(context) {
                for key in &b.on {
                    let leave = |a: Action| matches!(a, Action::Back | Action::Quit);
                    match meaning.iter().find(|(k, ..)| k == key) {
                        Some((_, action, first)) => assert!(
                            *action == b.run
                                || (key.code == KeyCode::Char('q')
                                    && leave(*action)
                                    && leave(b.run)),
                            "{} is {:?} on {first:?} but {:?} on {context:?}",
                            key.label(Lang::En),
                            action,
                            b.run
                        ),
                        None => meaning.push((*key, b.run, context)),
                    }
                }
            }
        }
        let moves = [Action::Up, Action::Down, Action::Left, Action::Right];
        for (key, action, _) in &meaning {
            if matches!(
                action,
                Action::VerdictOk
                    | Action::VerdictKo
                    | Action::VerdictNa
                    | Action::VerdictBlocked
                    | Action::VerdictTodo
            ) {
                assert!(
                    !meaning
                        .iter()
                        .any(|(k, a, _)| k == key && moves.contains(a)),
                    "{} sets a verdict and moves",
                    key.label(Lang::En)
                );
            }
        }
    }

    #[test]
    fn a_user_binding_replaces_that_key_only() {
        let user = Keymap::parse(r#"[rows]
keymap = [ { on = "x", run = "enter", desc = "ouvrir" }, { on = "j", run = "page_down", desc = "vite" } ]"#, "user")
        .unwrap();
        let keymap = Keymap::parse(EMBEDDED, "embedded").unwrap().merged(user);
        let key = |c| press(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(
            keymap.resolve(Context::Rows, &key('x')),
            Some(Action::Enter)
        );
        assert_eq!(
            keymap.resolve(Context::Rows, &key('j')),
            Some(Action::PageDown)
        );
        assert_eq!(
            keymap.resolve(Context::Rows, &press(KeyCode::Down, KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(keymap.conflicts(), Vec::<String>::new());
    }

    #[test]
    fn mistakes_in_a_keymap_are_named() {
        let err = Keymap::parse(
            "[rows]\nkeymap = [ { on = \"x\", run = \"fly\", desc = \"\" } ]",
            "user",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "user: section [rows]: unknown command `fly`"
        );
        let err = Keymap::parse(
            "[rows]\nkeymap = [ { on = \"<Nope>\", run = \"up\", desc = \"\" } ]",
            "user",
        )
        .unwrap_err();
        assert!(err.to_string().contains("<Nope>"), "{err}");
        assert!(Keymap::parse("[nowhere]\nkeymap = []", "user").is_err());
    }
}
