use super::*;
use crate::domain::campaign::sample_campaign;
use crate::store::Engine;
use crate::store::cache::Cache;

fn confine(text: &str) -> Result<String, Refusal> {
    let conn = Connection::open_in_memory().unwrap();
    let guard = Guard::new(&conn).unwrap();
    guard.confine(text).unwrap()
}

#[test]
fn ordinary_expressions_pass_regenerated_by_duckdb() {
    for text in [
        "prenom",
        "replace(telephone, ' ', '')",
        "try_strptime(date_prescription, '%d/%m/%Y')::DATE",
        "CASE WHEN refus = '1' THEN 'Refusé' WHEN demande = '0' THEN 'Non demandé' END",
        "status IN ('Prévu', 'Prescrit') AND (prescribed_on IS NULL OR prescribed_on >= DATE '2022-10-31')",
        "nom || ' ' || prenom",
        "list_transform(string_split(nom, ' '), x -> upper(x))[1]",
        "\"Code du département\"",
        "'L''Hôpital'",
        "strftime(try_strptime(d, '%d/%m/%Y'), '%Y') -- the year",
    ] {
        let regenerated = confine(text).unwrap_or_else(|r| panic!("{text}: {r:?}"));
        assert!(!regenerated.contains(';'), "{text} → {regenerated}");
        // What DuckDB regenerates is a fixed point: checked again, it is itself.
        assert_eq!(confine(&regenerated).as_ref(), Ok(&regenerated), "{text}");
    }
}

#[test]
fn the_text_itself_never_runs_only_its_parse() {
    // A comment hides the rest of the line: the regenerated expression has no trace of it.
    let regenerated = confine("prenom -- ); COPY (SELECT 1) TO '/tmp/x.csv'; SELECT (1").unwrap();
    assert_eq!(regenerated, "prenom");
}

#[test]
fn what_reads_files_tables_or_the_session_is_refused() {
    let cases: [(&str, Refusal); 13] = [
        (
            "prenom || (SELECT string_agg(content, '') FROM read_text('/etc/passwd'))",
            Refusal::Subquery,
        ),
        (
            "read_text('/etc/passwd')",
            Refusal::ReadsFile("read_text".into()),
        ),
        (
            "read_csv('/etc/passwd')",
            Refusal::ReadsFile("read_csv".into()),
        ),
        (
            "read_blob('/etc/passwd')",
            Refusal::ReadsFile("read_blob".into()),
        ),
        ("glob('/etc/*')", Refusal::ReadsFile("glob".into())),
        (
            "query_table('t')",
            Refusal::ReadsTable("query_table".into()),
        ),
        ("query('SELECT 1')", Refusal::ReadsTable("query".into())),
        (
            "current_setting('temp_directory')",
            Refusal::Session("current_setting".into()),
        ),
        ("getvariable('x')", Refusal::Session("getvariable".into())),
        ("version()", Refusal::Session("version".into())),
        ("(SELECT 1)", Refusal::Subquery),
        ("EXISTS (FROM read_text('/etc/passwd'))", Refusal::Subquery),
        ("(FROM read_text('/etc/passwd'))", Refusal::Subquery),
    ];
    for (text, refusal) in cases {
        assert_eq!(confine(text), Err(refusal), "{text}");
    }
    for text in ["current_user", "current_database()", "current_schema()"] {
        assert!(
            matches!(confine(text), Err(Refusal::Session(_))),
            "{text}: {:?}",
            confine(text)
        );
    }
}

#[test]
fn the_clock_and_chance_are_refused() {
    for text in [
        "now()",
        "current_date",
        "current_timestamp",
        "today()",
        "get_current_time()",
    ] {
        assert!(
            matches!(confine(text), Err(Refusal::Clock(_))),
            "{text}: {:?}",
            confine(text)
        );
    }
    for text in ["random()", "uuid()", "gen_random_uuid()", "setseed(0.5)"] {
        assert!(
            matches!(confine(text), Err(Refusal::Chance(_))),
            "{text}: {:?}",
            confine(text)
        );
    }
}

#[test]
fn anything_but_one_expression_is_refused() {
    for text in [
        "1) FROM (SELECT 1) t; COPY (SELECT 'x') TO '/tmp/pwn.csv'; SELECT (1",
        "1); SELECT (2",
        "1) FROM read_text('/etc/passwd'",
        "1), (2",
        "1) WHERE (true",
        "1) UNION SELECT (2",
        "1) ORDER BY (1",
        "*",
        "COLUMNS(*)",
        "?",
    ] {
        assert!(
            matches!(confine(text), Err(Refusal::NotOneExpression(_))),
            "{text}: {:?}",
            confine(text)
        );
    }
    assert!(matches!(confine("nom ||"), Err(Refusal::Syntax(_))));
}

#[test]
fn an_engine_refuses_a_campaign_whose_sql_may_not_run() {
    let dir = tempfile::tempdir().unwrap();
    let mut campaign = sample_campaign();
    let r = campaign
        .resources
        .iter_mut()
        .find(|r| r.name == "measure_request")
        .unwrap();
    r.derive.push((
        "zz".into(),
        "1) FROM (SELECT 1) t; COPY (SELECT 'x') TO 'pwn.csv'; SELECT (1".into(),
    ));
    let Err(StoreError::Campaign(e)) =
        Engine::with_cache(campaign, Cache::at(dir.path().into()).unwrap())
    else {
        panic!("the engine opened");
    };
    assert_eq!(e.resource.as_deref(), Some("measure_request"));
    assert_eq!(e.key, "derive.zz");
    assert!(
        e.message.contains("not one SQL expression"),
        "{}",
        e.message
    );
}

#[test]
fn a_plain_string_that_names_a_column_is_that_column_whatever_it_parses_as() {
    let conn = Connection::open_in_memory().unwrap();
    let mut campaign = sample_campaign();
    let spec = &mut campaign.resources[1].columns[1].1;
    spec.source = ValueSource::ColumnOrExpr("user".into());
    let checked = check(&conn, &campaign).unwrap();
    let employee = &checked[1];
    assert_eq!(employee.value(1, &["user".into()]).unwrap(), "\"user\"");
    let Err(StoreError::Campaign(e)) = employee.value(1, &["nom".into()]) else {
        panic!("`user` named no column and ran");
    };
    assert_eq!(
        e.key,
        format!("columns.{}", campaign.resources[1].columns[1].0)
    );
    assert!(e.message.contains("session"), "{}", e.message);
}
