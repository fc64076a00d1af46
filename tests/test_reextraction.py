"""Better rules reach existing warehouses: extraction versions, re-extraction, migration 0004."""

from __future__ import annotations

import shutil

import pytest

from ofsted import warehouse as wh
from ofsted.extract.version import compute_version, extraction_version, version_files
from ofsted.model import FACT_TYPES
from ofsted.pipeline import plain_stages, run_stages
from tests.conftest import ROOT, SEEDS


def facts(path) -> dict[str, list[tuple]]:
    """Every fact row (all columns), per type, sorted: what a warehouse says."""
    with wh.open_warehouse(path, read_only=True) as con:
        out = {}
        for table in FACT_TYPES:
            rows = con.execute(f"select * from {table}").fetchall()
            out[table] = sorted(rows, key=repr)
    return out


def versions(path) -> dict[str, str | None]:
    with wh.open_warehouse(path, read_only=True) as con:
        return dict(con.execute("select source_path, extraction_version from documents").fetchall())


@pytest.fixture()
def seeds_copy(tmp_path):
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def test_the_version_is_a_hash_of_the_extraction_code_and_its_vocabularies(tmp_path):
    package = tmp_path / "ofsted"
    shutil.copytree(ROOT / "ofsted" / "extract", package / "extract", ignore=shutil.ignore_patterns("__pycache__"))
    for data in ("patterns", "rules", "reference"):
        if (ROOT / "ofsted" / "data" / data).is_dir():
            shutil.copytree(ROOT / "ofsted" / "data" / data, package / "data" / data)
    assert compute_version(package) == extraction_version()  # where it is installed does not matter
    names = {p.relative_to(package).as_posix() for p in version_files(package)}
    assert "extract/ratings.py" in names and "data/reference/areas.csv" in names
    assert not any("__pycache__" in n or n.startswith("data/official") for n in names)
    (package / "extract" / "__pycache__").mkdir()
    (package / "extract" / "__pycache__" / "x.pyc").write_bytes(b"compiled")
    assert compute_version(package) == extraction_version()
    vocabulary = next((package / "data").rglob("*.*"))
    vocabulary.write_bytes(vocabulary.read_bytes() + b"\n")
    assert compute_version(package) != extraction_version()


def test_a_run_records_the_version_and_a_rerun_with_the_same_rules_extracts_nothing(seeds_loaded):
    seeds_copy, warehouse_path = seeds_loaded  # the first run
    assert set(versions(warehouse_path).values()) == {extraction_version()}
    again = run_stages(plain_stages(), str(seeds_copy), str(warehouse_path))
    assert (again["n_new"], again["n_unchanged"], again["n_reextracted"]) == (0, 2, 0)


def test_documents_of_another_version_are_extracted_again_even_from_another_folder(tmp_path, seeds_copy, warehouse_path):
    one, other = tmp_path / "one", tmp_path / "other"
    first, second = sorted(seeds_copy.glob("*.txt"))
    for folder, text in ((one, first), (other, second)):
        folder.mkdir()
        shutil.copy(text, folder)
    run_stages(plain_stages(), str(one), str(warehouse_path))
    run_stages(plain_stages(), str(other), str(warehouse_path))
    expected = facts(warehouse_path)
    with wh.open_warehouse(warehouse_path) as con:  # as if older rules had written these rows
        con.execute("update documents set extraction_version = 'older-rules'")
        con.execute("delete from extracted_quotes")
    summary = run_stages(plain_stages(), str(one), str(warehouse_path))
    # the document read from `one` and the one only the warehouse holds (from `other`)
    assert (summary["n_new"], summary["n_reextracted"], summary["n_unchanged"]) == (0, 2, 0)
    assert any("2 re-extracted" in line for line in summary["lines"])
    assert facts(warehouse_path) == expected
    assert set(versions(warehouse_path).values()) == {extraction_version()}
    with wh.open_warehouse(warehouse_path, read_only=True) as con:
        assert con.execute("select n_reextracted from pipeline_runs order by started_at desc limit 1").fetchone() == (2,)
        # the run whose facts they now carry: its reports and ratings artifact show them
        assert con.execute("select distinct run_id from documents").fetchall() == [(summary["run_id"],)]


def test_reextract_forces_every_document_and_changes_no_fact(seeds_loaded):
    seeds_copy, warehouse_path = seeds_loaded  # the first run
    expected = facts(warehouse_path)
    summary = run_stages(plain_stages(), str(seeds_copy), str(warehouse_path), reextract=True)
    assert (summary["n_reextracted"], summary["n_new"], summary["n_unchanged"]) == (2, 0, 0)
    assert facts(warehouse_path) == expected


def test_a_document_that_fails_to_extract_again_keeps_its_facts_and_its_old_version(seeds_loaded, monkeypatch):
    import tasks.extract as extract_stage

    seeds_copy, warehouse_path = seeds_loaded  # the first run
    expected = facts(warehouse_path)
    with wh.open_warehouse(warehouse_path) as con:
        con.execute("update documents set extraction_version = 'older-rules'")
    real = extract_stage.extract_document

    def broken_on_the_first_seed(doc):
        if doc.source_path.endswith(sorted(p.name for p in seeds_copy.glob("*.txt"))[0]):
            raise RuntimeError("a rule that crashes")
        return real(doc)

    monkeypatch.setattr(extract_stage, "extract_document", broken_on_the_first_seed)
    summary = run_stages(plain_stages(), str(seeds_copy), str(warehouse_path), workers=1)
    assert (summary["n_reextracted"], summary["n_rejected"]) == (1, 1)
    assert facts(warehouse_path) == expected
    assert sorted(versions(warehouse_path).values()) == sorted([extraction_version(), "older-rules"])


def undo_corrections_migration(con) -> None:
    """Take back migration 0005: the contract names become the fact tables again."""
    from ofsted.model import FACT_TYPES

    for view in ("correction_status", "extracted_fact_keys", *FACT_TYPES, *(f"keyed_{t}" for t in FACT_TYPES)):
        con.execute(f"drop view {view}")
    con.execute("drop table corrections")
    con.execute("drop table correction_targets")
    for macro in ("correction_value", *(f"{t}_fact_key" for t in FACT_TYPES)):
        con.execute(f"drop macro {macro}")
    for fact_type in FACT_TYPES:
        con.execute(f"alter table {wh.raw_table(fact_type)} rename to {fact_type}")
    con.execute("delete from schema_migrations where version = 5")


def test_a_warehouse_of_the_previous_schema_migrates_forward_and_is_re_extracted(seeds_loaded):
    seeds_copy, warehouse_path = seeds_loaded  # the first run
    expected = facts(warehouse_path)
    with wh.open_warehouse(warehouse_path) as con:  # turn it back into what schema 3 wrote
        for table, column in [("documents", "extraction_version"), ("documents", "author"),
                              ("document_paths", "size_bytes"), ("document_paths", "mtime_ns"),
                              ("pipeline_runs", "n_excluded"), ("pipeline_runs", "n_reextracted")]:
            con.execute(f"alter table {table} drop column {column}")
        con.execute("delete from schema_migrations where version = 4")
        undo_corrections_migration(con)
        con.execute("drop table fetches")  # and migration 0006
        con.execute("drop table fetch_state")
        con.execute("delete from schema_migrations where version = 6")
    schema3 = wh.connect(warehouse_path.with_name("schema3.duckdb"))
    try:  # the same columns as a warehouse created by migrations 0001-0003
        for number, _name, path in wh.migrations()[:3]:
            schema3.execute(path.read_text())
        columns = "select table_name, column_name, data_type from duckdb_columns() where not internal order by all"
        with wh.open_warehouse(warehouse_path, read_only=True) as con:
            old = [r for r in con.execute(columns).fetchall() if r[0] != "schema_migrations"]
        assert old == schema3.execute(columns).fetchall()
    finally:
        schema3.close()

    summary = run_stages(plain_stages(), str(seeds_copy), str(warehouse_path))
    assert summary["status"] == "completed"
    assert (summary["n_new"], summary["n_reextracted"]) == (0, 2)
    assert facts(warehouse_path) == expected
    with wh.open_warehouse(warehouse_path, read_only=True) as con:
        assert wh.current_version(con) == wh.schema_version()
        comments = dict(con.execute(
            "select column_name, comment from duckdb_columns() where table_name = 'documents'").fetchall())
    assert comments["extraction_version"] and comments["author"]
    assert set(versions(warehouse_path).values()) == {extraction_version()}


def test_the_author_is_stored_with_the_document(tmp_path, warehouse_path):
    source = tmp_path / "texts"
    source.mkdir()
    text = (SEEDS / "000_a0c1d4c51271259c.txt").read_text(encoding="utf-8")
    (source / "a.txt").write_text("Sunderland children's services\nBy Jane Smith, Social Affairs Correspondent\n\n" + text)
    run_stages(plain_stages(), str(source), str(warehouse_path))
    with wh.open_warehouse(warehouse_path, read_only=True) as con:
        assert con.execute("select author from documents").fetchall() == [("Jane Smith",)]
