//! The layers of `../shared/ARCHITECTURE.md`, held by the build: each top-level module of
//! `src/` may import only the modules listed for it below, and only `store` names `duckdb`.
//! A new import across layers fails here with the file and line, instead of living on as
//! a header comment nobody checks.
//!
//! Test code (`tests.rs` files, and whatever follows a file's `#[cfg(test)]`) is left out:
//! a test may build its fixtures with any layer.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What each layer may import (besides itself). Dependencies point one way:
/// `domain <- journal, store <- acceptance <- export, jobs <- app <- tui`; `cli` uses the
/// engine but never the console (`app`, `tui`); `main.rs` wires everything.
const ALLOWED: &[(&str, &[&str])] = &[
    ("domain", &[]),
    ("settings", &[]),
    ("journal", &[]),
    ("store", &["domain", "settings"]),
    ("demo", &["domain", "store"]),
    ("init", &["domain"]),
    ("acceptance", &["domain", "journal"]),
    ("export", &["domain", "acceptance", "journal"]),
    // Jobs do the long work, exports included (the SQL console's result saved to a file).
    (
        "jobs",
        &["domain", "store", "journal", "acceptance", "export"],
    ),
    ("app", &["domain", "jobs", "journal", "acceptance"]),
    (
        "tui",
        &["domain", "app", "jobs", "journal", "acceptance", "settings"],
    ),
    (
        "cli",
        &[
            "domain",
            "store",
            "journal",
            "acceptance",
            "export",
            "demo",
            "jobs",
            "settings",
            "init",
        ],
    ),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

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

/// The lines of a file that are not test code, with their numbers (from 1).
fn code_lines(path: &Path) -> Vec<(usize, String)> {
    if path.file_name().is_some_and(|n| n == "tests.rs") {
        return Vec::new();
    }
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .enumerate()
        .take_while(|(_, line)| line.trim() != "#[cfg(test)]")
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
        .map(|(i, line)| (i + 1, line.to_string()))
        .collect()
}

/// The top-level modules a line names through `crate::x` or `crate::{x::…, y}`.
fn crate_modules(line: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

fn layer_of(root: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(root).ok()?;
    let first = relative.components().next()?.as_os_str().to_string_lossy();
    Some(first.trim_end_matches(".rs").to_string())
}

/// Every import against `ALLOWED` under `root` (a `src/` folder), as `file:line: why`.
fn layer_violations(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(root, &mut files);
    let known: BTreeSet<&str> = ALLOWED.iter().map(|(layer, _)| *layer).collect();
    let mut violations = Vec::new();
    for file in &files {
        let Some(layer) = layer_of(root, file) else {
            continue;
        };
        let Some((_, allowed)) = ALLOWED.iter().find(|(l, _)| *l == layer) else {
            // main.rs and lib.rs wire the layers together.
            if layer != "main" && layer != "lib" {
                violations.push(format!(
                    "{} is in no layer: add `{layer}` to ALLOWED in tests/layers.rs",
                    file.display()
                ));
            }
            continue;
        };
        for (number, line) in code_lines(file) {
            for module in crate_modules(&line) {
                if module != layer
                    && known.contains(module.as_str())
                    && !allowed.contains(&module.as_str())
                {
                    violations.push(format!(
                        "{}:{number}: `{layer}` imports `{module}`: {}",
                        file.display(),
                        line.trim()
                    ));
                }
            }
        }
    }
    violations
}

#[test]
fn every_layer_imports_only_what_it_may() {
    let violations = layer_violations(&src());
    assert!(
        violations.is_empty(),
        "layer violations:\n{}",
        violations.join("\n")
    );
}

#[test]
fn an_import_against_the_layers_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("app");
    std::fs::create_dir_all(&app).unwrap();
    std::fs::write(
        app.join("screen.rs"),
        "use crate::jobs::Window;\nuse crate::{domain::report::KeyValue, store::Engine};\n\n#[cfg(test)]\nmod tests {\n    use crate::store::Engine;\n}\n",
    )
    .unwrap();
    let violations = layer_violations(dir.path());
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert!(violations[0].contains("screen.rs:2: `app` imports `store`"));
}

#[test]
fn only_the_store_names_duckdb() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut violations = Vec::new();
    for file in &files {
        if layer_of(&src(), file).as_deref() == Some("store") {
            continue;
        }
        for (number, line) in code_lines(file) {
            if line.contains("duckdb::") || line.trim_start().starts_with("use duckdb") {
                violations.push(format!("{}:{number}: {}", file.display(), line.trim()));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "duckdb outside store:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_scanner_sees_plain_and_grouped_imports() {
    assert_eq!(
        crate_modules("use crate::store::window::Window;"),
        BTreeSet::from(["store".to_string()])
    );
    assert_eq!(
        crate_modules("use crate::{domain::report::KeyValue, store::Engine};"),
        BTreeSet::from(["domain".to_string(), "store".to_string()])
    );
    assert_eq!(
        crate_modules("let x: Option<crate::store::Stage> = None;"),
        BTreeSet::from(["store".to_string()])
    );
    assert!(crate_modules("let crate_name = 1;").is_empty());
}
