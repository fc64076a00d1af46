"""Stage 5b: refresh what is derived from the whole warehouse after the batches are loaded.

Official outcomes (loaded once when empty), the match of each extracted inspection to Ofsted's
record (``rating_checks``), and inspection events across documents. Each refresh runs in its
own transaction over the whole warehouse, so it is the same whatever order documents came in.
"""

from __future__ import annotations

from pathlib import Path

from ofsted import warehouse as wh


def refresh_derived(warehouse: str | Path) -> dict:
    """Recompute derived tables; returns counts for the run summary."""
    from ofsted.events import refresh_events
    from ofsted.official_checks import ensure_official_loaded, refresh_matches

    counts: dict = {}
    with wh.open_warehouse(warehouse) as con:
        counts.update(ensure_official_loaded(con))
        counts.update(refresh_matches(con))
        counts.update(refresh_events(con))
    return counts
