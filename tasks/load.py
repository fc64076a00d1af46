"""Stage 5: load a validated batch into DuckDB in one transaction.

Each call opens the warehouse, writes, commits and closes, so readers are locked out only for
the moment of the write and a crash leaves the last committed state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from ofsted import warehouse as wh
from ofsted.model import Document


def prepare_warehouse(warehouse: str | Path) -> list[int]:
    """Create or migrate the warehouse; returns the migrations applied."""
    with wh.open_warehouse(warehouse) as con:
        return wh.migrate(con)


@dataclass
class Known:
    """What the warehouse holds of a run's documents: the names each is recorded under, and the
    documents (of the whole warehouse) to extract again."""

    #: doc_id -> every source path the warehouse records for it (documents it holds only)
    paths: dict[str, set[str]] = field(default_factory=dict)
    #: documents held with another extraction version (every document with ``reextract``)
    stale: list[str] = field(default_factory=list)


def known_documents(
    warehouse: str | Path, doc_ids: list[str], version: str | None = None, reextract: bool = False
) -> Known:
    """Which of these documents the warehouse already holds (same content), and which of all its
    documents were extracted by another version than ``version`` (all of them with ``reextract``;
    none when ``version`` is None and not ``reextract``)."""
    with wh.open_warehouse(warehouse) as con:
        paths = {doc_id: set(p.split("\n")) for doc_id, p in wh.known_documents(con, doc_ids).items()}
        if reextract:
            stale = wh.stale_documents(con, None)
        elif version is not None:
            stale = wh.stale_documents(con, version)
        else:
            stale = []
    return Known(paths, stale)


def known_doc_ids(warehouse: str | Path, doc_ids: list[str]) -> dict[str, set[str]]:
    """Which of these documents the warehouse already holds, with the paths each is recorded under."""
    return known_documents(warehouse, doc_ids).paths


def stored_documents(warehouse: str | Path, doc_ids: list[str]) -> list[Document]:
    """Documents as the warehouse holds them (to extract again from their stored text)."""
    with wh.open_warehouse(warehouse) as con:
        return wh.stored_documents(con, doc_ids)


def load_documents(
    warehouse: str | Path,
    run_id: str,
    docs: list[Document],
    frames: dict[str, pl.DataFrame],
    rejected: list[dict],
    reextracted: list[Document] = (),
    extraction_version: str | None = None,
) -> wh.LoadResult:
    """Write one batch (documents, facts, re-extracted documents' facts, rejections) atomically."""
    rows = [wh.rejected_row(run_id, **r) for r in rejected]
    with wh.open_warehouse(warehouse) as con:
        return wh.load_batch(con, run_id, docs, frames, rows, reextracted=list(reextracted),
                             extraction_version=extraction_version)


def record_rejections(warehouse: str | Path, run_id: str, rejected: list[dict]) -> None:
    """Write rejections alone (inputs that never became documents)."""
    if not rejected:
        return
    with wh.open_warehouse(warehouse) as con:
        con.execute("begin transaction")
        wh.write_rejected(con, [wh.rejected_row(run_id, **r) for r in rejected])
        con.execute("commit")
