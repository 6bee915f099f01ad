//! The SQL console's result saved to a file: `E` on the result asks for the file's name
//! (prefilled `recette-sql-L2-1.csv`; `Tab` switches CSV and XLSX), `Enter` has the SQL
//! worker write it — every text column masked unless the console was started
//! `--unmasked`, which the worker journals first. Pure state; must not import `tui` or
//! `duckdb`.

use super::top;
use crate::app::update::type_line;
use crate::app::{App, Effect, InputKey, Notice, Purpose};
use crate::jobs::{SaveRequest, SqlRequest, TableFormat};

/// The name proposed for the next file: `recette-sql-<delivery>-<n>.<ext>`.
fn proposed(app: &App, saved: usize, format: TableFormat) -> String {
    let delivery = app.delivery_id().unwrap_or("sql");
    let safe: String = delivery
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("recette-sql-{safe}-{}.{}", saved + 1, format.extension())
}

/// `E` on a result: the prompt for the file's name opens.
pub(super) fn open(app: &mut App) {
    let Some((_, screen)) = top(&mut app.screens) else {
        return;
    };
    if screen.result.is_none() {
        return;
    }
    let saved = screen.saved;
    screen.save = Some(TableFormat::Csv);
    app.input = Some(proposed(app, saved, TableFormat::Csv));
}

/// The other format, its extension in the name typed.
fn switch(name: &str, format: TableFormat) -> (String, TableFormat) {
    let other = match format {
        TableFormat::Csv => TableFormat::Xlsx,
        TableFormat::Xlsx => TableFormat::Csv,
    };
    let stem = name
        .strip_suffix(&format!(".{}", format.extension()))
        .unwrap_or(name);
    (format!("{stem}.{}", other.extension()), other)
}

/// A key typed in the file's name.
pub(super) fn on_input(app: &mut App, key: InputKey) -> Vec<Effect> {
    match key {
        InputKey::Tab | InputKey::BackTab => {
            let (Some((_, screen)), Some(text)) = (top(&mut app.screens), app.input.as_mut())
            else {
                return Vec::new();
            };
            if let Some(format) = screen.save {
                let (name, other) = switch(text, format);
                *text = name;
                screen.save = Some(other);
            }
        }
        InputKey::Esc => close(app),
        InputKey::Enter => return submit(app),
        key => type_line(app, key),
    }
    Vec::new()
}

fn close(app: &mut App) {
    if let Some((_, screen)) = top(&mut app.screens) {
        screen.save = None;
    }
    app.input = None;
}

/// Asks the worker to write the file named (its format from its extension).
fn submit(app: &mut App) -> Vec<Effect> {
    let name = app.input.clone().unwrap_or_default().trim().to_string();
    let (masked, author, lang) = (!app.unmasked, app.author.clone(), app.lang);
    let Some((screen_id, screen)) = top(&mut app.screens) else {
        return Vec::new();
    };
    let Some(result) = &screen.result else {
        return Vec::new();
    };
    if name.is_empty() {
        return Vec::new();
    }
    let request = SaveRequest {
        path: name.clone().into(),
        format: TableFormat::of(&name),
        masked,
        author,
        title: result.sql.clone(),
        lang,
    };
    screen.saved += 1;
    close(app);
    let id = app.jobs.start(Purpose::Save(screen_id));
    app.notice = Some(Notice::Saving(name));
    vec![Effect::Sql {
        id,
        request: SqlRequest::Save(request),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_switches_the_format_and_the_extension_of_the_name() {
        assert_eq!(
            switch("recette-sql-L2-1.csv", TableFormat::Csv),
            ("recette-sql-L2-1.xlsx".to_string(), TableFormat::Xlsx)
        );
        assert_eq!(
            switch("out", TableFormat::Xlsx),
            ("out.csv".to_string(), TableFormat::Csv)
        );
    }
}
