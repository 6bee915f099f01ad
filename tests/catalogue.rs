//! The one catalogue of words (`domain::i18n`): every key is used somewhere in `src/`, so a
//! word nobody shows any more leaves the catalogue instead of being translated forever.
//! (That every key is in both languages is checked beside the catalogue.)

use std::path::{Path, PathBuf};

use recette::domain::i18n::Catalogue;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Whether `code` reads the field `key` of a catalogue, which is always named `t`
/// (`t.no_go`, not `t.no_go_more` nor `it.no_go`): many keys are also common names
/// (`delivery`, `filter`, `and`), so a bare `.key` proves nothing.
fn reads(code: &str, key: &str) -> bool {
    let field = format!("t.{key}");
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    code.match_indices(&field).any(|(at, _)| {
        !code[..at].chars().next_back().is_some_and(ident)
            && !code[at + field.len()..].chars().next().is_some_and(ident)
    })
}

#[test]
fn every_key_of_the_catalogue_is_used() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    // The languages and the list of keys name every key: they are not uses.
    let i18n = src.join("domain").join("i18n");
    let declarations = ["fr.rs", "en.rs", "catalogue.rs"].map(|f| i18n.join(f));
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let code: String = files
        .iter()
        .filter(|f| !declarations.contains(f))
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    let unused: Vec<&str> = Catalogue::KEYS
        .iter()
        .copied()
        .filter(|key| !reads(&code, key))
        .collect();
    assert!(unused.is_empty(), "keys nobody uses: {unused:?}");
}

#[test]
fn a_key_is_read_only_by_its_own_name() {
    assert!(reads("(t.no_go)", "no_go"));
    assert!(reads("|t| t.no_go,", "no_go"));
    assert!(!reads("t.no_go_more", "no_go"));
    assert!(!reads("it.no_go", "no_go"));
    assert!(!reads("x.no_go", "no_go"));
}
