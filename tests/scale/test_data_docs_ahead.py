"""Data Docs begun while the last batches load: the pipeline starts the work once its last group
is validated and waits for it before anything validates again, and the site built in two parts
has exactly the pages of a site built at once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from ofsted import data_docs
from ofsted.pipeline import plain_stages, run_stages
from tasks.discover import discover_inputs
from tasks.extract import extract_facts
from tasks.read import read_inputs
from tasks.validate import validate_batches
from tests.conftest import SEEDS


def test_the_hook_starts_after_the_last_validation_and_is_waited_for_before_the_cross_check(tmp_path):
    events: list[str] = []
    plain = plain_stages()

    def validate(parts):
        events.append("validate")
        return plain.validate(parts)

    def load(*args, **kwargs):
        events.append("load")
        return plain.load(*args, **kwargs)

    def enrich(*args, **kwargs):
        events.append("enrich")
        return plain.enrich(*args, **kwargs)

    def after_validation(totals):
        events.append("begin")
        return lambda: events.append("wait")

    stages = dataclasses.replace(plain, validate=validate, load=load, enrich=enrich, after_validation=after_validation)
    run_stages(stages, source=str(SEEDS), warehouse=str(tmp_path / "w.duckdb"))
    assert events == ["validate", "begin", "load", "wait", "enrich"]


def _pages(folder) -> list[str]:
    """The site's files, run times and ids made alike (they differ from run to run)."""
    return sorted(re.sub(r"\d{8}T\d{6}\.\d+Z|[0-9a-f]{32}", "X", str(p.relative_to(folder)))
                  for p in folder.rglob("*") if p.is_file())


def test_a_site_begun_ahead_has_the_pages_of_a_site_built_at_once(tmp_path):
    docs, _ = read_inputs(discover_inputs(str(SEEDS), 20_000_000, [], str(SEEDS / "none.duckdb")).candidates, 20_000_000)
    frames, _ = extract_facts(docs, workers=1)
    sites = {}
    for way in ("at_once", "ahead"):
        warehouse = tmp_path / way / "w.duckdb"
        warehouse.parent.mkdir()
        started = dt.datetime.now(dt.timezone.utc)  # results of earlier validations in this process are left out
        validate_batches([(frames, docs)])
        begun = data_docs.begin_run_data_docs(warehouse, started) if way == "ahead" else None
        assert (begun is not None) == (way == "ahead")
        validate_batches([(frames, docs)])  # a validation after the site was begun (the cross-check's)
        index = data_docs.build_run_data_docs(warehouse, f"run-{way}", started, begun=begun)
        assert index is not None and index.exists()
        sites[way] = _pages(index.parent)
    assert sites["ahead"] == sites["at_once"]
    assert sum(p.startswith("validations/") for p in sites["ahead"]) >= 12, "both validations' pages"
