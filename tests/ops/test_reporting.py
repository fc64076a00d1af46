"""Artifacts' contents, Data Docs, progress output and log lines, without a Prefect server."""

from __future__ import annotations

import logging
import sys

import pytest

from ofsted.pipeline import plain_stages, run_stages  # imports Prefect, which configures logging: before caplog
from flows.reporting import quality_by_suite, quality_key, quality_rows
from tasks.summary import RunTotals, summary_markdown


def outcome(suite, expectation, passed, unexpected=0, examples=(), severity="error", error=None):
    return {"suite": suite, "expectation": expectation, "column": None, "passed": passed,
            "unexpected_count": unexpected, "examples": list(examples), "severity": severity, "error": error}


def test_quality_rows_sum_batches_per_expectation_failed_first_with_short_examples():
    totals = RunTotals(run_id="r", source="s", warehouse="w.duckdb")
    totals.quality = [
        outcome("ratings", "expect_column_values_to_not_be_null(area)", True),
        outcome("ratings", "expect_column_values_to_be_in_set(rating)", False, 2, ["grate", "x" * 500]),
        outcome("documents", "expect_column_values_to_be_unique(doc_id)", True),
        # the same expectations in a second batch
        outcome("ratings", "expect_column_values_to_not_be_null(area)", True),
        outcome("ratings", "expect_column_values_to_be_in_set(rating)", True, 0),
        outcome("ratings", "expect_column_values_to_be_in_set(rating)", False, 1, ["grate"]),
    ]
    rows = quality_rows(totals)
    assert [(r["suite"], r["expectation"], r["passed"], r["unexpected_count"]) for r in rows] == [
        ("documents", "expect_column_values_to_be_unique(doc_id)", True, 0),
        ("ratings", "expect_column_values_to_be_in_set(rating)", False, 3),
        ("ratings", "expect_column_values_to_not_be_null(area)", True, 0),
    ]
    examples = rows[1]["examples"].split("; ")
    assert examples[0] == "grate" and len(examples) == 2 and len(examples[1]) <= 80
    per_suite = quality_by_suite(rows)
    assert sorted(per_suite) == ["documents", "ratings"] and "suite" not in per_suite["ratings"][0]
    assert quality_key("ratings") == "ofsted-data-quality-ratings"
    assert quality_key("Local Authorities!") == "ofsted-data-quality-local-authorities"


def test_summary_markdown_links_the_data_docs():
    totals = RunTotals(run_id="r1", source="s", warehouse="w.duckdb")
    md = summary_markdown(totals, {"Great Expectations Data Docs": "file:///tmp/wh/data_docs/index.html"})
    assert "[Great Expectations Data Docs](file:///tmp/wh/data_docs/index.html)" in md


def test_publish_artifacts_outside_prefect_does_nothing():
    from flows.reporting import publish_artifacts

    assert publish_artifacts(RunTotals(run_id="r", source="s", warehouse="w.duckdb")) is False


@pytest.fixture()
def validated_once():
    """One real GX validation in this process, so the context holds a stored result."""
    from ofsted import validation
    from ofsted.data_docs import clear_results
    from ofsted.model import Document
    from tasks.validate import documents_for_validation

    docs = [Document("d1", "a.txt", "Ofsted rated Wigan Council good.", "0" * 64)]
    suite = validation.load_suites()["documents"]
    clear_results(validation._validator().context)
    validation.validate_frame("documents", documents_for_validation(docs), suite)
    return validation._validator().context


def test_data_docs_are_built_into_the_warehouse_folder_and_the_store_emptied(tmp_path, validated_once):
    from ofsted.data_docs import MARKER, build_run_data_docs, data_docs_dir

    warehouse = tmp_path / "wh" / "ofsted.duckdb"
    index = build_run_data_docs(warehouse, "run-1")
    assert index == tmp_path / "wh" / "data_docs" / "index.html" == data_docs_dir(warehouse) / "index.html"
    assert index.exists() and (index.parent / MARKER).read_text().strip() == "run-1"
    pages = list((index.parent / "validations").rglob("*.html"))
    assert len(pages) == 1 and "documents" in str(pages[0])
    assert validated_once.validation_results_store.list_keys() == []
    # nothing validated since: no new site, a plain note, no error
    assert build_run_data_docs(warehouse, "run-2") is None
    assert (index.parent / MARKER).read_text().strip() == "run-1"


def test_a_data_docs_failure_is_a_warning_not_an_error(tmp_path, validated_once, monkeypatch, caplog):
    from ofsted.data_docs import build_run_data_docs

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(validated_once, "build_data_docs", broken)
    with caplog.at_level(logging.WARNING, logger="ofsted.data_docs"):
        assert build_run_data_docs(tmp_path / "wh.duckdb", "run-1") is None
    assert "Data Docs were not built: OSError: disk full" in caplog.text
    assert validated_once.validation_results_store.list_keys() == []


def test_a_long_run_shows_a_progress_bar_on_a_terminal_and_logs_each_batch(tmp_path, monkeypatch, capsys, caplog):
    from tests.conftest import DEV_CORPUS
    from tests.ops.conftest import copy_texts, dev_texts

    if not DEV_CORPUS.is_dir():
        pytest.skip("no dev corpus")
    source = copy_texts(tmp_path / "src", dev_texts(0, 6))
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    with caplog.at_level(logging.INFO, logger="ofsted.pipeline"):
        summary = run_stages(plain_stages(), str(source), str(tmp_path / "wh.duckdb"), batch_size=2)
    assert summary["status"] != "failed", summary["lines"]
    bar = capsys.readouterr().err
    assert "documents: 100%" in bar and "6/6" in bar
    batches = [r.getMessage() for r in caplog.records if r.getMessage().startswith("batch ")]
    assert [b.split(":")[0] for b in batches] == ["batch 1/3", "batch 2/3", "batch 3/3"]


def test_stages_that_can_fail_for_transient_reasons_retry():
    from flows.pipeline import known_task, read_task

    assert (read_task.retries, known_task.retries) == (2, 2)
