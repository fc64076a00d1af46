"""Prefect artifacts for a run: summary (markdown), data quality and ratings loaded (tables).

Artifacts carry fixed keys so the Prefect UI's Artifacts page keeps their history run by run:

* ``ofsted-run-summary``: counts, rejections, errors and a link to the run's Data Docs;
* ``ofsted-data-quality``: one row per suite and expectation (passed, unexpected count,
  examples), summed over the run's batches; plus ``ofsted-data-quality-<suite>`` per suite;
* ``ofsted-ratings-loaded``: the ratings this run loaded (first 500), after analysts' corrections
  (``origin`` says which were corrected or added);
* ``ofsted-fetches`` (runs that fetch feeds or pages): every feed and entry of the run with its
  outcome and reason (first 500); the counts are in the summary.

Outside a flow run (plain function calls in tests) nothing is published and no Data Docs are
built. Publishing is best effort: a failure to build Data Docs or to create an artifact is
logged as a warning and never fails the run, whose data is already committed.
"""

from __future__ import annotations

import logging
import re
import threading

from ofsted import warehouse as wh
from tasks.summary import RunTotals, summary_markdown

SUMMARY_KEY = "ofsted-run-summary"
QUALITY_KEY = "ofsted-data-quality"
RATINGS_KEY = "ofsted-ratings-loaded"
RATINGS_LIMIT = 500
FETCHES_KEY = "ofsted-fetches"
FETCHES_LIMIT = 500
EXAMPLES_PER_EXPECTATION = 5
EXAMPLE_CHARS = 80


def quality_key(suite: str) -> str:
    """Artifact key of one suite's table (keys allow lowercase letters, digits and dashes)."""
    return f"{QUALITY_KEY}-{re.sub(r'[^a-z0-9-]+', '-', suite.lower()).strip('-') or 'suite'}"


def _example(value) -> str:
    text = str(value).replace("\n", " ")
    return text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1] + "…"


def quality_rows(totals: RunTotals) -> list[dict]:
    """One row per suite and expectation, summed over the run's batches.

    Ordered by suite, failed expectations first; examples are the first few unexpected values,
    shortened (a document's text would otherwise fill the table).
    """
    merged: dict[tuple[str, str], dict] = {}
    for q in totals.quality:
        key = (q["suite"], q["expectation"])
        row = merged.setdefault(
            key,
            {"suite": q["suite"], "expectation": q["expectation"], "passed": True, "unexpected_count": 0,
             "severity": q.get("severity") or "error", "examples": [], "error": None},
        )
        row["passed"] = row["passed"] and bool(q["passed"])
        row["unexpected_count"] += int(q.get("unexpected_count") or 0)
        for example in q.get("examples") or []:
            text = _example(example)
            if len(row["examples"]) < EXAMPLES_PER_EXPECTATION and text not in row["examples"]:
                row["examples"].append(text)
        row["error"] = row["error"] or q.get("error")
    rows = sorted(merged.values(), key=lambda r: (r["suite"], r["passed"], r["expectation"]))
    return [{**r, "examples": "; ".join(r["examples"]), "error": r["error"] or ""} for r in rows]


def quality_by_suite(rows: list[dict]) -> dict[str, list[dict]]:
    """The quality rows split per suite (without the suite column)."""
    suites: dict[str, list[dict]] = {}
    for row in rows:
        suites.setdefault(row["suite"], []).append({k: v for k, v in row.items() if k != "suite"})
    return suites


def loaded_ratings(totals: RunTotals, limit: int = RATINGS_LIMIT) -> list[dict]:
    """Ratings of the documents this run loaded, with the authority's name."""
    with wh.open_warehouse(totals.warehouse, read_only=True) as con:
        cursor = con.execute(
            """select coalesce(la.name, r.la_code) as authority, r.la_code, r.subject, r.area, r.rating,
                      r.previous_rating, r.change, r.origin, r.correction_id, d.source_path
               from ratings r join documents d using (doc_id)
               left join local_authorities la on la.gss_code = r.la_code
               where d.run_id = ?
               order by d.source_path, r.la_code, r.area limit ?""",
            [totals.run_id, limit],
        )
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]


def fetch_rows(totals: RunTotals, limit: int = FETCHES_LIMIT) -> list[dict]:
    """This run's ``fetches`` rows, in the order they were fetched."""
    with wh.open_warehouse(totals.warehouse, read_only=True) as con:
        cursor = con.execute(
            """select seq, source_name as source, kind, listed_url as url, status, outcome, reason, doc_id
               from fetches where run_id = ? order by seq limit ?""",
            [totals.run_id, limit],
        )
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]


def _started_at(totals: RunTotals):
    with wh.open_warehouse(totals.warehouse, read_only=True) as con:
        row = con.execute("select started_at from pipeline_runs where run_id = ?", [totals.run_id]).fetchone()
    return row[0] if row else None


def _logger():
    try:
        from prefect import get_run_logger

        return get_run_logger()
    except Exception:  # noqa: BLE001 - outside a run context
        return logging.getLogger("ofsted.reporting")


#: Data Docs begun while a run's last batches load (:func:`begin_data_docs`), by run id
_BEGUN: dict[str, object] = {}


def begin_data_docs(totals: RunTotals):
    """After the run's last validation: build most of its Data Docs (every page but the
    cross-check's and the index, about a second of CPU) in a thread while the last batches load
    -- the loads spend their time in DuckDB, which leaves Python's lock free -- instead of after
    the cross-check. Returns the thread's ``join`` (the pipeline calls it before the cross-check,
    which validates again)."""
    from ofsted.data_docs import begin_run_data_docs

    logger = _logger()

    def work() -> None:
        begun = begin_run_data_docs(totals.warehouse, totals.started_at, logger=logger)
        if begun is not None:
            _BEGUN[totals.run_id] = begun

    thread = threading.Thread(target=work, name="data-docs-ahead", daemon=True)
    thread.start()
    return thread.join


def build_data_docs(totals: RunTotals, logger=None) -> dict[str, str]:
    """Build the run's Great Expectations Data Docs (what :func:`begin_data_docs` left, when it
    ran); returns links for the summary (maybe none)."""
    from ofsted.data_docs import build_run_data_docs

    logger = logger or _logger()
    from ofsted.validation import existing_context

    begun = _BEGUN.pop(totals.run_id, None)
    context = existing_context()
    if context is None or not context.validation_results_store.list_keys():
        # nothing validated in this process (e.g. a run with nothing new): no warehouse to open
        logger.info("no Data Docs: this run validated nothing")
        return {}
    started = totals.started_at
    if started is None and begun is None:
        try:
            started = _started_at(totals)
        except Exception:  # noqa: BLE001 - only used to drop stale results
            started = None
    index = build_run_data_docs(totals.warehouse, totals.run_id, started, logger=logger, begun=begun)
    if index is None:
        return {}
    logger.info("Great Expectations Data Docs: %s", index.as_uri())
    return {f"Great Expectations Data Docs ({index})": index.as_uri()}


def publish_artifacts(totals: RunTotals, links: dict[str, str] | None = None) -> bool:
    """Build Data Docs and publish the artifacts when running inside Prefect; returns whether it did."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact
    from prefect.context import FlowRunContext, TaskRunContext

    if FlowRunContext.get() is None and TaskRunContext.get() is None:
        return False
    logger = _logger()
    links = {**build_data_docs(totals, logger), **(links or {})}
    rows = quality_rows(totals)

    def publish(what: str, create, **kwargs) -> None:
        try:
            create(**kwargs)
        except Exception as exc:  # noqa: BLE001 - the data is loaded; a missing artifact is a warning
            logger.warning("could not publish the %s artifact: %s: %s", what, type(exc).__name__, exc)

    publish("summary", create_markdown_artifact, key=SUMMARY_KEY, markdown=summary_markdown(totals, links),
            description=f"Ofsted pipeline run {totals.run_id}: {totals.status}")
    publish("data quality", create_table_artifact, key=QUALITY_KEY,
            table=rows or [{"suite": "-", "expectation": "no facts validated", "passed": None, "unexpected_count": 0,
                            "severity": "", "examples": "", "error": ""}],
            description=f"Great Expectations results per suite and expectation: "
                        f"{totals.expectations_passed} passed, {totals.expectations_failed} failed")
    for suite, suite_rows in quality_by_suite(rows).items():
        failed = sum(not r["passed"] for r in suite_rows)
        publish(f"{suite} quality", create_table_artifact, key=quality_key(suite), table=suite_rows,
                description=f"Suite {suite}: {len(suite_rows) - failed} expectations passed, {failed} failed")
    try:  # a run that loaded no batch holds no document, so no rating
        ratings = loaded_ratings(totals) if totals.batches else []
    except Exception as exc:  # noqa: BLE001
        logger.warning("could not read the ratings loaded: %s: %s", type(exc).__name__, exc)
        ratings = []
    note = f" (first {RATINGS_LIMIT})" if len(ratings) >= RATINGS_LIMIT else ""
    publish("ratings loaded", create_table_artifact, key=RATINGS_KEY,
            table=ratings or [{"note": "no ratings loaded by this run"}],
            description=f"Ratings this run loaded: {len(ratings)}{note}")
    if totals.fetch is not None:
        try:
            fetches = fetch_rows(totals)
        except Exception as exc:  # noqa: BLE001
            logger.warning("could not read the run's fetches: %s: %s", type(exc).__name__, exc)
            fetches = []
        c = totals.fetch
        publish("fetches", create_table_artifact, key=FETCHES_KEY,
                table=fetches or [{"note": "nothing fetched"}],
                description=f"{c.entries} entries seen, {c.fetched} fetched, {c.unchanged} unchanged "
                            f"({c.not_modified} by 304), {c.skipped} skipped, {c.refused} refused, {c.failed} failed, "
                            f"{c.loaded} loaded; feeds: {c.feeds_read} read, {c.feeds_unchanged} unchanged")
    return True
