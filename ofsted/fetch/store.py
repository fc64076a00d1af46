"""Reading and writing ``fetches`` and ``fetch_state`` (schema: ``ofsted/sql/0006_fetches.sql``).

Each function works inside the caller's connection; the writers run in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import duckdb
import polars as pl

from .records import PAGE_OUTCOMES, FetchCounts, FetchRecord, UrlState

_FETCH_SCHEMA = {
    "fetch_id": pl.Utf8, "run_id": pl.Utf8, "seq": pl.Int64, "source_name": pl.Utf8, "kind": pl.Utf8,
    "feed_url": pl.Utf8, "listed_url": pl.Utf8, "url": pl.Utf8, "final_url": pl.Utf8, "source_path": pl.Utf8,
    "fetched_at": pl.Datetime("us"), "status": pl.Int32, "headers": pl.Utf8, "content_type": pl.Utf8,
    "n_bytes": pl.Int64, "content_sha256": pl.Utf8, "archive_path": pl.Utf8, "attempts": pl.Int32,
    "elapsed_ms": pl.Int64, "entry_title": pl.Utf8, "entry_published_date": pl.Date, "entry_author": pl.Utf8,
    "outcome": pl.Utf8, "reason": pl.Utf8, "doc_id": pl.Utf8,
}


def load_states(con: duckdb.DuckDBPyConnection) -> dict[str, UrlState]:
    """Every remembered URL, with whether its document is (still) in the warehouse."""
    rows = con.execute(
        """select s.url, s.etag, s.last_modified, s.content_sha256, s.content_type, s.final_url, s.doc_id,
                  s.fetched_at, d.doc_id is not null
           from fetch_state s left join documents d on d.doc_id = s.doc_id"""
    ).fetchall()
    return {r[0]: UrlState(*r) for r in rows}


def insert_records(con: duckdb.DuckDBPyConnection, records: Iterable[FetchRecord]) -> None:
    rows = [r.row() for r in records]
    if not rows:
        return
    frame = pl.DataFrame(rows, schema=_FETCH_SCHEMA)
    con.register("_fetches_in", frame.to_arrow())
    try:
        con.execute("insert into fetches by name select * from _fetches_in")
    finally:
        con.unregister("_fetches_in")


def update_outcomes(con: duckdb.DuckDBPyConnection, records: Iterable[FetchRecord]) -> None:
    rows = [(r.outcome, r.reason, r.doc_id, r.fetch_id) for r in records]
    if rows:
        con.executemany("update fetches set outcome = ?, reason = ?, doc_id = ? where fetch_id = ?", rows)


def save_states(con: duckdb.DuckDBPyConnection, full: list[FetchRecord], confirmed: list[FetchRecord],
                now: dt.datetime) -> None:
    """Remember validators of full responses (``full``) and the check time of 304s (``confirmed``)."""
    for r in full:
        headers = r.headers or {}
        con.execute(
            """insert or replace into fetch_state
               (url, etag, last_modified, content_sha256, content_type, final_url, doc_id, fetched_at, checked_at)
               values (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [r.url, headers.get("etag"), headers.get("last-modified"), r.content_sha256, r.content_type,
             r.final_url, r.doc_id, r.fetched_at or now, r.fetched_at or now],
        )
    for r in confirmed:
        con.execute("update fetch_state set checked_at = ?, doc_id = coalesce(?, doc_id) where url = ?",
                    [r.fetched_at or now, r.doc_id, r.url])


def run_counts(con: duckdb.DuckDBPyConnection, run_id: str) -> FetchCounts:
    """The counts of one run's ``fetches`` rows."""
    counts = FetchCounts()
    for kind, outcome, status, n in con.execute(
        # a body cut off at the size limit was not fetched: count 2xx only with an archived body
        """select kind, outcome, case when status between 200 and 299 and content_sha256 is null then null else status end,
                  count(*) from fetches where run_id = ? group by all""",
        [run_id],
    ).fetchall():
        if kind == "feed":
            counts.feeds += n
            if outcome == "read":
                counts.feeds_read += n
            elif outcome == "unchanged":
                counts.feeds_unchanged += n
            else:
                counts.feeds_failed += n
            continue
        counts.entries += n
        if status is not None and 200 <= status < 300:
            counts.fetched += n
        if status == 304:
            counts.not_modified += n
        if outcome in PAGE_OUTCOMES:
            setattr(counts, outcome, getattr(counts, outcome) + n)
    counts.problems = [
        {"source": s, "kind": k, "url": u, "outcome": o, "reason": r}
        for s, k, u, o, r in con.execute(
            """select source_name, kind, listed_url, outcome, reason from fetches
               where run_id = ? and outcome in ('refused', 'failed') order by seq limit 50""",
            [run_id],
        ).fetchall()
    ]
    return counts
