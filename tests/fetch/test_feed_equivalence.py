"""Fetching adds nothing and loses nothing: a run over the local feed gives the same facts as a
run over the same pages as files, with sidecars carrying the same dates and urls."""

from __future__ import annotations

from ofsted.pipeline import plain_stages, run_stages
from ofsted import warehouse as wh
from ofsted.model import FACT_TYPES, frame_schema
from tests.fetch.site import write_as_files


def contents(warehouse) -> dict[str, list[tuple]]:
    with wh.open_warehouse(warehouse, read_only=True) as con:
        out = {
            t: sorted(con.execute(f"select {', '.join(frame_schema(t))} from {t}").fetchall(), key=repr)
            for t in FACT_TYPES
        }
        out["documents"] = sorted(con.execute("select doc_id, url, title, published_date, author, text from documents").fetchall())
    return out


def test_a_run_over_the_feed_gives_the_same_facts_as_the_same_pages_as_files_with_sidecars(feed_runs, tmp_path):
    folder = write_as_files(feed_runs.site, tmp_path / "pages")
    files_warehouse = tmp_path / "files.duckdb"
    summary = run_stages(plain_stages(), str(folder), str(files_warehouse))
    assert summary["n_new"] == len(feed_runs.site.loadable) and summary["status"] == "completed", summary["lines"]
    from_feed, from_files = contents(feed_runs.warehouse), contents(files_warehouse)
    assert sum(len(from_feed[t]) for t in FACT_TYPES) > len(feed_runs.site.loadable)  # facts, not an empty match
    for table in ("documents", *FACT_TYPES):
        assert from_feed[table] == from_files[table], table
