"""Stage 5b: refresh what is derived from the whole warehouse after the batches are loaded.

Official outcomes (loaded once when empty), the match of each extracted inspection to Ofsted's
record (``inspection_matches`` / ``rating_checks``), and inspection events across documents.
Each refresh runs in its own transaction over the whole warehouse, so the result is the same
whatever order documents came in. The agreement with Ofsted's record is then checked with the
warning-only ``rating_checks`` suite: it is reported, it never blocks a load.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ofsted import warehouse as wh


def refresh_derived(warehouse: str | Path, check: bool = True, changed: bool = True) -> dict:
    """Recompute derived tables; returns counts and, with ``check``, the agreement summary.

    With ``changed=False`` (the run loaded no new or changed document) nothing derived can
    differ, so only a missing official table is loaded and the rest is skipped -- unless the
    run before did not finish cleanly (it may have loaded batches without refreshing).
    Returns ``{"counts": {...}, "agreement": {...} | None, "agreement_lines": [...]}``.
    """
    from ofsted.events import refresh_events
    from ofsted.official_checks import (
        check_agreement,
        ensure_official_loaded,
        official_count,
        refresh_matches,
        summary_lines,
    )

    counts: dict = {}
    agreement = None
    with wh.open_warehouse(warehouse) as con:
        if not changed and official_count(con) and _last_run_finished_cleanly(con):
            return {"counts": {"skipped": True}, "agreement": None,
                    "agreement_lines": ["cross-check and events unchanged: no document was new or changed"]}
        counts.update(ensure_official_loaded(con))
        counts.update(refresh_matches(con))
        if not check:
            counts.update(refresh_events(con))
        else:
            # the agreement reads rating_checks (matches, not events): checked in a thread on its
            # own cursor while the events are clustered; either spends much of its time in
            # DuckDB, which leaves Python's lock to the other
            reader = con.cursor()
            try:
                with ThreadPoolExecutor(1, thread_name_prefix="agreement") as pool:
                    checking = pool.submit(check_agreement, reader)
                    try:
                        counts.update(refresh_events(con))
                    finally:
                        agreement = checking.result()
            finally:
                reader.close()
    return {
        "counts": counts,
        "agreement": agreement,
        "agreement_lines": summary_lines(agreement) if agreement is not None else [],
    }


def _last_run_finished_cleanly(con) -> bool:
    """Whether the latest run before the one in progress completed (so derived tables are fresh)."""
    row = con.execute(
        "select status from pipeline_runs where status <> 'running' order by started_at desc limit 1"
    ).fetchall()
    return bool(row) and row[0][0] in {"completed", "completed_with_rejections"}
