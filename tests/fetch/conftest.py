"""The fetch tests' web site on 127.0.0.1 and two pipeline runs over it (without Prefect).

The site and the runs are shared by the tests of this package (package scope): the first run
fetches everything, the second finds it unchanged. Tests only read what the runs left.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from ofsted.pipeline import plain_stages, run_stages
from ofsted import warehouse as wh
from ofsted.fetch import build_plan
from tests.fetch.localweb import Hit, LocalWeb
from tests.fetch.site import Site, build_site


@pytest.fixture(scope="package")
def site():
    web = LocalWeb().start()
    try:
        yield build_site(web)
    finally:
        web.stop()


@dataclass
class FeedRuns:
    site: Site
    sources: Path
    warehouse: Path
    first: dict
    second: dict
    first_hits: list[Hit]
    second_hits: list[Hit]
    #: documents in the warehouse after the first run
    n_documents_first: int

    def rows(self, run: dict, **where) -> list[dict]:
        """The run's ``fetches`` rows (optionally only those whose columns equal ``where``)."""
        with wh.open_warehouse(self.warehouse, read_only=True) as con:
            cursor = con.execute("select * from fetches where run_id = ? order by seq", [run["run_id"]])
            columns = [c[0] for c in cursor.description]
            rows = [dict(zip(columns, r)) for r in cursor.fetchall()]
        return [r for r in rows if all(r[k] == v for k, v in where.items())]

    def row_for(self, run: dict, path: str) -> dict:
        (row,) = [r for r in self.rows(run, kind="page") if r["listed_url"] == self.site.web.url(path)]
        return row


@pytest.fixture(scope="package")
def feed_runs(site, tmp_path_factory) -> FeedRuns:
    folder = tmp_path_factory.mktemp("feed-runs")
    sources = folder / "sources.toml"
    sources.write_text(site.sources_toml(), encoding="utf-8")
    warehouse = folder / "wh" / "feeds.duckdb"
    plan = build_plan(sources)
    start = len(site.web.hits)
    first = run_stages(plain_stages(), None, str(warehouse), fetch_plan=plan)
    middle = len(site.web.hits)
    with wh.open_warehouse(warehouse, read_only=True) as con:
        n_documents = con.execute("select count(*) from documents").fetchone()[0]
    second = run_stages(plain_stages(), None, str(warehouse), fetch_plan=plan)
    hits = site.web.hits
    return FeedRuns(site, sources, warehouse, first, second, hits[start:middle], hits[middle:], n_documents)
