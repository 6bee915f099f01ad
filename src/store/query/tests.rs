use super::*;
use crate::domain::campaign::Campaign;
use crate::domain::report::KeyCategory;
use crate::store::cache::Cache;

/// A session on the sample, L2 shown, every resource reconciled into a fresh results folder.
fn session(cache: &Path) -> (QuerySession, Vec<(String, crate::store::Reconciled)>) {
    let campaign = crate::domain::campaign::sample_campaign();
    let engine = Engine::with_cache(campaign.clone(), Cache::at(cache.into()).unwrap()).unwrap();
    let l2 = campaign.delivery(Some("L2")).unwrap();
    let reconciled: Vec<_> = campaign
        .resources
        .iter()
        .map(|r| {
            (
                r.name.clone(),
                engine.reconcile(r, l2, &mut |_| {}).unwrap(),
            )
        })
        .collect();
    let mut session = QuerySession::open(engine).unwrap();
    session
        .define(
            &QueryScope {
                delivery: "L2".into(),
                results: reconciled
                    .iter()
                    .map(|(n, r)| (n.clone(), r.files.clone()))
                    .collect(),
            },
            &|| false,
        )
        .unwrap();
    (session, reconciled)
}

fn one_number(session: &mut QuerySession, sql: &str) -> u64 {
    let result = session.run(sql).unwrap();
    assert_eq!(result.rows, 1, "{sql}");
    let row = session.window(0, 1, false).unwrap();
    row[0].1[0].as_deref().unwrap().parse().unwrap()
}

#[test]
fn the_stable_views_agree_with_the_reconciliation() {
    let dir = tempfile::tempdir().unwrap();
    let (mut session, reconciled) = session(dir.path());
    let (_, employee) = reconciled.iter().find(|(n, _)| n == "employee").unwrap();
    let report = &employee.report;
    assert_eq!(
        one_number(&mut session, "SELECT count(*) FROM source.employee"),
        report.source_rows
    );
    assert_eq!(
        one_number(&mut session, "SELECT count(*) FROM migrated.employee;"),
        report.migrated_rows
    );
    assert_eq!(
        one_number(
            &mut session,
            "select count(*) from expected.employee where kept"
        ),
        report.expected_rows
    );
    assert_eq!(
        one_number(
            &mut session,
            "SELECT count(*) FROM result.employee WHERE category = 'differing'"
        ),
        report.differing_rows
    );
    assert_eq!(
        one_number(
            &mut session,
            &format!(
                "SELECT coalesce(sum(n_exp), 0) FROM result.employee WHERE category = '{}'",
                KeyCategory::Missing.name()
            )
        ),
        report.missing_rows
    );
    // The long differences view: one line per differing value, so per column as reported.
    for column in report.columns.iter().filter(|c| c.differing > 0) {
        let sql = format!(
            "SELECT count(*) FROM differences.employee WHERE \"column\" = '{}'",
            column.name
        );
        assert_eq!(
            one_number(&mut session, &sql),
            column.differing,
            "{}",
            column.name
        );
    }
    // A composite key keeps its column names.
    let result = session
        .run("SELECT * FROM result.contract LIMIT 1")
        .unwrap();
    let names: Vec<&str> = result.columns.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "employee_id",
            "contract_no",
            "n_src",
            "n_exp",
            "n_mig",
            "category"
        ]
    );
}

#[test]
fn results_keep_the_query_order_and_page_by_row_number() {
    let dir = tempfile::tempdir().unwrap();
    let (mut session, _) = session(dir.path());
    let result = session
        .run("SELECT i, i * 2 AS twice FROM range(100000) t(i) ORDER BY i DESC")
        .unwrap();
    assert_eq!(result.rows, 100_000);
    assert_eq!(
        result.columns[1],
        ("twice".to_string(), "BIGINT".to_string())
    );
    let window = session.window(99_990, 20, false).unwrap();
    assert_eq!(window.len(), 10, "the last rows");
    assert_eq!(window[0].0, 99_990);
    assert_eq!(window[0].1, [Some("9".to_string()), Some("18".to_string())]);
    let back = session.window(5, 3, true).unwrap();
    let numbers: Vec<u64> = back.iter().map(|(n, _)| *n).collect();
    assert_eq!(numbers, [3, 4, 5]);
    assert_eq!(back[2].1[0].as_deref(), Some("99994"));
}

#[test]
fn queries_only_run_and_describe_show_summarize_are_queries() {
    let dir = tempfile::tempdir().unwrap();
    let (mut session, _) = session(dir.path());
    let described = session
        .run("DESCRIBE result.firm -- the key first")
        .unwrap();
    assert_eq!(
        described.rows, 5,
        "source_id, n_src, n_exp, n_mig, category"
    );
    let tables = session.run("SHOW ALL TABLES").unwrap();
    assert!(
        tables.rows >= 25,
        "five views per resource: {}",
        tables.rows
    );
    assert!(session.run("SUMMARIZE migrated.firm").is_ok());
    for refused in [
        "CREATE VIEW mine AS SELECT 1",
        "SELECT 1; SELECT 2",
        "DROP VIEW source.firm",
    ] {
        let error = session.run(refused).unwrap_err().to_string();
        assert!(error.contains("one query at a time"), "{refused}: {error}");
    }
    assert!(session.run("PRAGMA version").is_err());
    let error = session.run("SELEC 1").unwrap_err().to_string();
    assert!(error.contains("syntax error"), "{error}");
    // A failed query leaves the last result readable.
    session.run("SELECT 42 AS answer").unwrap();
    assert!(session.run("SELECT * FROM nowhere").is_err());
    assert_eq!(
        session.window(0, 5, false).unwrap()[0].1[0].as_deref(),
        Some("42")
    );
}

#[test]
fn nothing_outside_the_campaign_files_can_be_read_and_nothing_can_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let (mut session, reconciled) = session(dir.path());
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.csv");
    std::fs::write(&secret, "a,b\n1,2\n").unwrap();
    let campaign = crate::domain::campaign::sample_campaign();
    let source = campaign.resources[0].source.clone();
    let keys = reconciled[0].1.files.keys.clone();
    let before = (
        std::fs::read(&source).unwrap(),
        std::fs::read(&keys).unwrap(),
    );
    let attempts = [
        format!("SELECT * FROM read_csv('{}')", secret.display()),
        "SELECT * FROM read_text('/etc/passwd')".to_string(),
        "SELECT * FROM glob('/etc/*')".to_string(),
        format!(
            "COPY (SELECT 1) TO '{}'",
            outside.path().join("out.csv").display()
        ),
        // The campaign's own files are readable, never writable.
        format!("COPY (SELECT 1) TO '{}'", source.display()),
        format!("COPY (SELECT 1) TO '{}' (FORMAT parquet)", keys.display()),
        format!(
            "SELECT * FROM query('COPY (SELECT 1) TO ''{}''')",
            source.display()
        ),
        format!("EXPORT DATABASE '{}'", dir.path().display()),
        "SET enable_external_access = true".to_string(),
        format!("ATTACH '{}' AS other", dir.path().join("x.db").display()),
        "INSTALL httpfs".to_string(),
        "LOAD httpfs".to_string(),
    ];
    for sql in &attempts {
        assert!(session.run(sql).is_err(), "{sql} was allowed");
    }
    assert!(!outside.path().join("out.csv").exists());
    assert!(!dir.path().join("x.db").exists());
    let after = (
        std::fs::read(&source).unwrap(),
        std::fs::read(&keys).unwrap(),
    );
    assert!(before == after, "a campaign file changed");
    // The campaign's own files stay readable through the views.
    assert!(session.run("SELECT * FROM source.visit LIMIT 3").is_ok());
}

#[test]
fn a_resource_whose_files_cannot_be_read_has_no_views_and_the_others_work() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("sample");
    crate::demo::copy_campaign(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data"),
        &copy,
    )
    .unwrap();
    // contract's L2 file is missing.
    std::fs::remove_file(copy.join("deliveries/L2/contract.csv")).unwrap();
    let file = copy.join("campaign.toml");
    let campaign = Campaign::parse(&file, &std::fs::read_to_string(&file).unwrap()).unwrap();
    let cache = Cache::at(dir.path().join("cache")).unwrap();
    let mut session = QuerySession::open(Engine::with_cache(campaign, cache).unwrap()).unwrap();
    let scope = QueryScope {
        delivery: "L2".into(),
        results: Vec::new(),
    };
    session.define(&scope, &|| false).unwrap();
    let result = session.run("SELECT count(*) FROM migrated.firm").unwrap();
    assert_eq!(result.notes.len(), 1, "{:?}", result.notes);
    assert!(
        result.notes[0].starts_with("contract: "),
        "{:?}",
        result.notes
    );
    assert!(session.run("SELECT * FROM migrated.contract").is_err());
    // Interrupted before any resource: no scope is kept, the next call makes the views.
    let other = QueryScope {
        delivery: "L1".into(),
        results: Vec::new(),
    };
    assert!(matches!(
        session.define(&other, &|| true),
        Err(StoreError::Cancelled)
    ));
    session.define(&other, &|| false).unwrap();
    assert!(session.run("SELECT * FROM migrated.contract").is_ok());
}

#[test]
fn every_example_of_the_sql_guide_runs_on_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let (mut session, _) = session(dir.path());
    let guide =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/sql.md")).unwrap();
    let mut in_sql = false;
    let mut text = String::new();
    for line in guide.lines() {
        match line.trim() {
            "```sql" => in_sql = true,
            "```" => in_sql = false,
            l if in_sql && !l.starts_with("--") => {
                text.push_str(line);
                text.push('\n');
            }
            _ => {}
        }
    }
    let statements: Vec<&str> = text.split(';').filter(|s| !s.trim().is_empty()).collect();
    assert!(statements.len() >= 5);
    for statement in statements {
        let result = session.run(statement);
        assert!(result.is_ok(), "{statement}: {result:?}");
    }
    for statement in [
        "SHOW ALL TABLES",
        "DESCRIBE result.employee",
        "SUMMARIZE migrated.firm",
    ] {
        assert!(session.run(statement).is_ok(), "{statement}");
    }
}

#[test]
fn a_define_interrupted_at_its_end_keeps_no_scope_and_the_next_one_makes_every_view() {
    let dir = tempfile::tempdir().unwrap();
    let (mut session, reconciled) = session(dir.path());
    let scope = QueryScope {
        delivery: "L1".into(),
        results: Vec::new(),
    };
    // Not cancelled while the five resources are made, cancelled by the end.
    let asked = std::cell::Cell::new(0);
    let late = || {
        asked.set(asked.get() + 1);
        asked.get() > reconciled.len()
    };
    assert!(matches!(
        session.define(&scope, &late),
        Err(StoreError::Cancelled)
    ));
    session.define(&scope, &|| false).unwrap();
    let result = session
        .run("SELECT count(*) FROM migrated.measure_request")
        .unwrap();
    assert!(result.notes.is_empty(), "{:?}", result.notes);
}
