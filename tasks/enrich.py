"""Stage 5b: refresh what is derived from the whole warehouse after the batches are loaded.

Official outcomes (loaded once when empty), the match of each extracted inspection to Ofsted's
record (``inspection_matches`` / ``rating_checks``), and inspection events across documents.
Each refresh runs in its own transaction over the whole warehouse, so the result is the same
whatever order documents came in. The agreement with Ofsted's record is then checked with the
warning-only ``rating_checks`` suite: it is reported, it never blocks a load.
"""

from __future__ import annotations

from pathlib import Path

from ofsted import warehouse as wh


def refresh_derived(warehouse: str | Path, check: bool = True) -> dict:
    """Recompute derived tables; returns counts and, with ``check``, the agreement summary.

    Returns ``{"counts": {...}, "agreement": {...} | None, "agreement_lines": [...]}``.
    """
    from ofsted.events import refresh_events
    from ofsted.official_checks import check_agreement, ensure_official_loaded, refresh_matches, summary_lines

    counts: dict = {}
    agreement = None
    with wh.open_warehouse(warehouse) as con:
        counts.update(ensure_official_loaded(con))
        counts.update(refresh_matches(con))
        counts.update(refresh_events(con))
        if check:
            agreement = check_agreement(con)
    return {
        "counts": counts,
        "agreement": agreement,
        "agreement_lines": summary_lines(agreement) if agreement is not None else [],
    }
