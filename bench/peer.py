#!/usr/bin/env python3
"""The peer of the benchmark: the reconciliation a competent engineer would write by hand with
DuckDB's Python package (the version recette bundles), on the same files and mapping as
recette (`peer.json` beside the campaign): load both files, compute each row's expected
values and a hash of the row, join on the key, and compare column by column only the keys
whose hashes differ. Prints one JSON line: the counts, and the time of `import duckdb`
(reported apart: it is paid once per Python process, not per reconciliation).

Usage: peer.py CAMPAIGN_DIR
"""
import json
import os
import sys
import tempfile
import time

started = time.monotonic()
import duckdb  # noqa: E402

imported = time.monotonic() - started


def lit(text):
    return "'" + text.replace("'", "''") + "'"


def ident(name):
    return '"' + name.replace('"', '""') + '"'


def expected(spec):
    """The expected value of one migrated column, as text, from the source row."""
    if "expr" in spec:
        value = f"CAST(({spec['expr']}) AS VARCHAR)"
    else:
        value = ident(spec["from"])
    if "map" in spec:
        cases = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in spec["map"].items())
        value = f"CASE {value} {cases} END"
    if "date" in spec:
        value = f"CAST(try_strptime({value}, {lit(spec['date'])})::DATE AS VARCHAR)"
    if spec.get("decimal_comma"):
        value = f"CAST(TRY_CAST(replace({value}, ',', '.') AS DOUBLE) AS VARCHAR)"
    return value


def migrated(name, spec):
    value = ident(name)
    if "date" in spec:
        value = f"CAST(TRY_CAST({value} AS DATE) AS VARCHAR)"
    if spec.get("decimal_comma"):
        value = f"CAST(TRY_CAST({value} AS DOUBLE) AS VARCHAR)"
    return value


def main():
    folder = sys.argv[1]
    spec = json.load(open(os.path.join(folder, "peer.json"), encoding="utf-8"))
    source = os.path.join(folder, spec["source"])
    encoding = spec.get("source_encoding", "utf-8")
    scratch = None
    if encoding != "utf-8":
        # DuckDB reads UTF-8 (and a latin-1 without 0x80-0x9F): a Windows-1252 export is
        # converted first, as anyone would with iconv.
        scratch = tempfile.NamedTemporaryFile(suffix=".csv", delete=False)
        with open(source, "rb") as f:
            while chunk := f.read(1 << 24):
                scratch.write(chunk.decode(encoding).encode("utf-8"))
        scratch.close()
        source = scratch.name
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    columns = spec["columns"]
    key = spec["key"]
    names = list(columns)
    compared = [c for c in names if c not in key]
    read = lambda path, delim: (  # noqa: E731
        f"read_csv({lit(path)}, header = true, all_varchar = true, delim = {lit(delim)}, quote = '\"')"
    )
    e_items = ", ".join(f"{expected(columns[c])} AS {ident(c)}" for c in names)
    m_items = ", ".join(f"{migrated(c, columns[c])} AS {ident(c)}" for c in names)
    row = lambda: "hash(" + ", ".join(ident(c) for c in compared) + ")"  # noqa: E731
    con.execute(f"CREATE TABLE e AS SELECT *, {row()} AS __h FROM (SELECT {e_items} FROM {read(source, spec['source_delim'])})")
    migrated_path = os.path.join(folder, spec["migrated"])
    con.execute(f"CREATE TABLE m AS SELECT *, {row()} AS __h FROM (SELECT {m_items} FROM {read(migrated_path, spec['migrated_delim'])})")
    on = " AND ".join(f"e.{ident(k)} = m.{ident(k)}" for k in key)
    missing = con.execute(f"SELECT count(*) FROM e ANTI JOIN m ON {on}").fetchone()[0]
    unexpected = con.execute(f"SELECT count(*) FROM m ANTI JOIN e ON {on}").fetchone()[0]
    per_column = ", ".join(f"count(*) FILTER (e.{ident(c)} IS DISTINCT FROM m.{ident(c)})" for c in compared)
    counts = con.execute(f"SELECT count(*), {per_column} FROM e JOIN m ON {on} WHERE e.__h <> m.__h").fetchone()
    differing_columns = {c: n for c, n in zip(compared, counts[1:]) if n}
    if scratch is not None:
        os.unlink(scratch.name)
    result = json.dumps({
        "import_s": round(imported, 3),
        "missing": missing,
        "unexpected": unexpected,
        "differing": counts[0],
        "columns": differing_columns,
    })
    print(result)
    if os.environ.get("PEER_OUT"):
        with open(os.environ["PEER_OUT"], "w") as f:
            f.write(result)


if __name__ == "__main__":
    main()
