"""The warehouse: migrations, transactional loads, replacement by content hash, read-only queries."""

from __future__ import annotations

import datetime as dt
import hashlib

import duckdb
import polars as pl
import pytest

from ofsted import warehouse as wh
from ofsted.model import FACT_TYPES, Document, frame_schema


def make_doc(path: str, text: str) -> Document:
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Document(doc_id=sha[:16], source_path=path, text=text, content_sha256=sha, published_date=dt.date(2024, 5, 1))


def facts_for(doc: Document, n_orgs: int = 1) -> dict[str, pl.DataFrame]:
    frames = {t: pl.DataFrame(schema=frame_schema(t)) for t in FACT_TYPES}
    frames["organisations"] = pl.DataFrame(
        [{"doc_id": doc.doc_id, "name": f"Org {i}", "org_type": "other", "la_code": None,
          "start_char": 0, "end_char": 3, "rule": "test"} for i in range(n_orgs)],
        schema=frame_schema("organisations"),
    )
    return frames


def load(path, docs, run="r1"):
    frames = {t: pl.concat([facts_for(d)[t] for d in docs]) for t in FACT_TYPES}
    with wh.open_warehouse(path) as con:
        wh.migrate(con)
        return wh.load_batch(con, run, docs, frames, [])


def count(path, table, where="true"):
    with wh.open_warehouse(path, read_only=True) as con:
        return con.execute(f"select count(*) from {table} where {where}").fetchone()[0]


def test_migrate_creates_every_contract_table_with_comments(warehouse_path):
    with wh.open_warehouse(warehouse_path) as con:
        assert wh.migrate(con) == [v for v, _, _ in wh.migrations()]
        tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
        views = {r[0] for r in con.execute("select view_name from duckdb_views() where not internal").fetchall()}
        for table in ("documents", *map(wh.raw_table, FACT_TYPES), "corrections", "rating_scales", "judgement_areas",
                      "local_authorities", "pipeline_runs", "rejected"):
            assert table in tables
        for view in FACT_TYPES:  # the contract names show the facts after analysts' corrections
            assert view in views
        uncommented_tables = con.execute("select table_name from duckdb_tables() where comment is null and not internal").fetchall()
        uncommented_columns = con.execute(
            "select table_name, column_name from duckdb_columns() where comment is null and schema_name = 'main' and not internal"
        ).fetchall()
    assert uncommented_tables == []
    assert uncommented_columns == []


def test_reference_tables_hold_the_vocabularies(warehouse_path):
    with wh.open_warehouse(warehouse_path) as con:
        wh.migrate(con)
        assert con.execute("select count(*) from local_authorities").fetchone()[0] == 153
        assert con.execute("select label from rating_scales where scale = 'ofsted_4' order by rank").fetchall() == [
            ("outstanding",), ("good",), ("requires_improvement",), ("inadequate",)
        ]
        assert con.execute("select count(*) from judgement_areas").fetchone()[0] == 7


def test_migrate_twice_applies_nothing_the_second_time(warehouse_path):
    with wh.open_warehouse(warehouse_path) as con:
        wh.migrate(con)
        assert wh.migrate(con) == []


def test_a_migration_numbered_below_the_latest_applied_one_is_still_applied(warehouse_path, monkeypatch):
    # branches reserve migration numbers and land in any order: a warehouse may get 0006 first
    everything = wh.migrations()
    middle = everything[-2][0]
    monkeypatch.setattr(wh, "migrations", lambda: [m for m in everything if m[0] != middle])
    with wh.open_warehouse(warehouse_path) as con:
        wh.migrate(con)
    monkeypatch.setattr(wh, "migrations", lambda: everything)
    with wh.open_warehouse(warehouse_path) as con:
        assert wh.migrate(con) == [middle]
        assert wh.migrate(con) == []


def test_a_newer_schema_version_is_refused_not_rewritten(warehouse_path):
    with wh.open_warehouse(warehouse_path) as con:
        wh.migrate(con)
        con.execute("insert into schema_migrations values (9999, 'future', now())")
    with wh.open_warehouse(warehouse_path) as con, pytest.raises(wh.WarehouseError, match="newer than this code"):
        wh.migrate(con)


def test_a_file_that_is_not_duckdb_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("these are my notes, not a database\n" * 20)
    before = path.read_bytes()
    with pytest.raises(wh.WarehouseError, match="not a DuckDB database"):
        wh.connect(path)
    assert path.read_bytes() == before


def test_a_foreign_duckdb_file_is_refused(tmp_path):
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create table mine (x int)")
    con.close()
    with wh.open_warehouse(path) as con, pytest.raises(wh.WarehouseError, match="not an ofsted warehouse"):
        wh.migrate(con)


def test_reloading_the_same_documents_adds_no_rows(warehouse_path):
    docs = [make_doc("a.txt", "Alpha text."), make_doc("b.txt", "Beta text.")]
    first = load(warehouse_path, docs)
    second = load(warehouse_path, docs, run="r2")
    assert (first.n_new, second.n_new, second.n_unchanged) == (2, 0, 2)
    assert count(warehouse_path, "documents") == 2
    assert count(warehouse_path, "organisations") == 2


def test_a_changed_document_replaces_its_old_rows(warehouse_path):
    load(warehouse_path, [make_doc("a.txt", "Old text.")])
    result = load(warehouse_path, [make_doc("a.txt", "New text, longer.")], run="r2")
    assert (result.n_new, result.n_changed) == (0, 1)
    with wh.open_warehouse(warehouse_path, read_only=True) as con:
        assert con.execute("select text from documents").fetchall() == [("New text, longer.",)]
        assert con.execute("select count(*) from organisations o join documents d using (doc_id)").fetchone()[0] == 1
        assert con.execute("select count(*) from organisations").fetchone()[0] == 1


def test_documents_absent_from_a_later_run_are_kept(warehouse_path):
    load(warehouse_path, [make_doc("folder1/a.txt", "From the first folder.")])
    load(warehouse_path, [make_doc("folder2/b.txt", "From the second folder.")], run="r2")
    assert count(warehouse_path, "documents") == 2


def test_same_content_under_two_names_is_one_document_with_both_names(warehouse_path):
    load(warehouse_path, [make_doc("a.txt", "Same words.")])
    load(warehouse_path, [make_doc("copy/a-again.txt", "Same words.")], run="r2")
    assert count(warehouse_path, "documents") == 1
    assert count(warehouse_path, "documents", "source_paths like '%a-again.txt%' and source_paths like '%a.txt%'") == 1


def test_a_failed_load_leaves_nothing_of_the_batch(warehouse_path):
    docs = [make_doc("a.txt", "Alpha."), make_doc("b.txt", "Beta.")]
    frames = {t: pl.concat([facts_for(d)[t] for d in docs]) for t in FACT_TYPES}

    def explode(fact_type):
        if fact_type == "people":
            raise RuntimeError("simulated crash in the middle of loading")

    with wh.open_warehouse(warehouse_path) as con:
        wh.migrate(con)
        with pytest.raises(RuntimeError):
            wh.load_batch(con, "r1", docs, frames, [], pause_hook=explode)
    assert count(warehouse_path, "documents") == 0
    assert count(warehouse_path, "organisations") == 0
    assert count(warehouse_path, "document_paths") == 0


@pytest.mark.parametrize(
    "sql",
    [
        "insert into documents values (1)",
        "delete from ratings",
        "attach 'other.duckdb' as other",
        "copy ratings to '/tmp/out.csv'",
        "install httpfs",
        "load httpfs",
        "select * from read_csv('/etc/passwd')",
        "select * from '/etc/passwd'",
        "create table x as select 1",
        "pragma version; drop table ratings",
    ],
)
def test_query_refuses_anything_but_reading_the_warehouse(warehouse_path, sql):
    load(warehouse_path, [make_doc("a.txt", "Alpha.")])
    with pytest.raises(wh.QueryRefused):
        wh.run_query(warehouse_path, sql)


def test_query_reads_with_a_read_only_connection(warehouse_path):
    load(warehouse_path, [make_doc("a.txt", "Alpha; delete this word.")])
    columns, rows = wh.run_query(warehouse_path, "select text from documents where text like '%delete%'")
    assert columns == ["text"] and rows == [("Alpha; delete this word.",)]


def test_query_while_another_process_writes_says_the_warehouse_is_busy(warehouse_path):
    import subprocess
    import sys
    import time

    load(warehouse_path, [make_doc("a.txt", "Alpha.")])
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb,time; c=duckdb.connect({str(warehouse_path)!r}); print('open', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        started = time.monotonic()
        with pytest.raises(wh.WarehouseBusy, match="busy"):
            wh.run_query(warehouse_path, "select 1", wait_seconds=1.0)
        assert time.monotonic() - started < 10
    finally:
        holder.kill()
        holder.wait()
