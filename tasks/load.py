"""Stage 5: load a validated batch into DuckDB in one transaction.

Each call opens the warehouse, writes, commits and closes, so readers are locked out only for
the moment of the write and a crash leaves the last committed state.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ofsted import warehouse as wh
from ofsted.model import Document


def prepare_warehouse(warehouse: str | Path) -> list[int]:
    """Create or migrate the warehouse; returns the migrations applied."""
    with wh.open_warehouse(warehouse) as con:
        return wh.migrate(con)


def known_doc_ids(warehouse: str | Path, doc_ids: list[str]) -> dict[str, set[str]]:
    """Which of these documents the warehouse already holds (same content), with the paths
    each is already recorded under: ``doc_id -> {source_path, ...}``."""
    with wh.open_warehouse(warehouse) as con:
        return {doc_id: set(paths.split("\n")) for doc_id, paths in wh.known_documents(con, doc_ids).items()}


def load_documents(
    warehouse: str | Path,
    run_id: str,
    docs: list[Document],
    frames: dict[str, pl.DataFrame],
    rejected: list[dict],
) -> wh.LoadResult:
    """Write one batch (documents, facts, rejections) atomically."""
    rows = [wh.rejected_row(run_id, **r) for r in rejected]
    with wh.open_warehouse(warehouse) as con:
        return wh.load_batch(con, run_id, docs, frames, rows)


def record_rejections(warehouse: str | Path, run_id: str, rejected: list[dict]) -> None:
    """Write rejections alone (inputs that never became documents)."""
    if not rejected:
        return
    with wh.open_warehouse(warehouse) as con:
        con.execute("begin transaction")
        wh.write_rejected(con, [wh.rejected_row(run_id, **r) for r in rejected])
        con.execute("commit")
