"""Prefect artifacts for a run: summary (markdown), data quality and ratings loaded (tables).

Artifacts carry fixed keys so the Prefect UI's Artifacts page keeps their history run by run.
Outside a flow run (plain function calls in tests) nothing is published.
"""

from __future__ import annotations

from ofsted import warehouse as wh
from tasks.summary import RunTotals, summary_markdown

SUMMARY_KEY = "ofsted-run-summary"
QUALITY_KEY = "ofsted-data-quality"
RATINGS_KEY = "ofsted-ratings-loaded"


def quality_rows(totals: RunTotals) -> list[dict]:
    """One row per suite and expectation, summed over the run's batches."""
    merged: dict[tuple[str, str], dict] = {}
    for q in totals.quality:
        key = (q["suite"], q["expectation"])
        row = merged.setdefault(
            key,
            {"suite": q["suite"], "expectation": q["expectation"], "passed": True, "unexpected_count": 0,
             "severity": q.get("severity", "error"), "examples": []},
        )
        row["passed"] = row["passed"] and q["passed"]
        row["unexpected_count"] += q["unexpected_count"]
        row["examples"] = (row["examples"] + list(q.get("examples") or []))[:5]
    return [{**r, "examples": ", ".join(map(str, r["examples"]))} for r in merged.values()]


def loaded_ratings(totals: RunTotals) -> list[dict]:
    with wh.open_warehouse(totals.warehouse, read_only=True) as con:
        cursor = con.execute(
            """select r.la_code, r.subject, r.area, r.rating, r.previous_rating, r.change, d.source_path
               from ratings r join documents d using (doc_id) where d.run_id = ?
               order by d.source_path, r.la_code, r.area limit 500""",
            [totals.run_id],
        )
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]


def publish_artifacts(totals: RunTotals, links: dict[str, str] | None = None) -> bool:
    """Publish the three artifacts when running inside Prefect; returns whether it did."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact
    from prefect.context import FlowRunContext, TaskRunContext

    if FlowRunContext.get() is None and TaskRunContext.get() is None:
        return False
    create_markdown_artifact(key=SUMMARY_KEY, markdown=summary_markdown(totals, links), description="Ofsted pipeline run summary")
    create_table_artifact(key=QUALITY_KEY, table=quality_rows(totals) or [{"suite": "-", "expectation": "no facts validated"}],
                          description="Great Expectations results per suite and expectation")
    ratings = loaded_ratings(totals)
    create_table_artifact(key=RATINGS_KEY, table=ratings or [{"note": "no ratings loaded by this run"}],
                          description="Ratings this run loaded")
    return True
