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
class FileCheck:
    """What the warehouse says about a run's files before they are read."""

    #: source_path -> doc_id of files whose size and modification time are those recorded when
    #: they were last read: they hold that document still and need not be read again
    unchanged: dict[str, str] = field(default_factory=dict)
    #: documents (of the whole warehouse) to extract again: held with another extraction
    #: version, or all of them with ``reextract``
    stale: list[str] = field(default_factory=list)


def check_files(
    warehouse: str | Path, files: list[tuple[str, int, int]], version: str | None = None, reextract: bool = False
) -> FileCheck:
    """Which ``(source_path, size_bytes, mtime_ns)`` files are unchanged since they were read,
    and which documents to extract again (none when ``version`` is None and not ``reextract``)."""
    with wh.open_warehouse(warehouse) as con:
        unchanged = wh.unchanged_files(con, files)
        stale = wh.stale_documents(con, None if reextract else version) if (reextract or version) else []
    return FileCheck(unchanged, stale)


def known_doc_ids(warehouse: str | Path, doc_ids: list[str]) -> dict[str, set[str]]:
    """Which of these documents the warehouse already holds (same content), with the paths
    each is already recorded under: ``doc_id -> {source_path, ...}``."""
    with wh.open_warehouse(warehouse) as con:
        return {doc_id: set(paths.split("\n")) for doc_id, paths in wh.known_documents(con, doc_ids).items()}


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
    file_stats: dict[str, tuple[int, int]] | None = None,
) -> wh.LoadResult:
    """Write one batch (documents, facts, re-extracted documents' facts, rejections, and the
    size and modification time of each file read) atomically."""
    rows = [wh.rejected_row(run_id, **r) for r in rejected]
    with wh.open_warehouse(warehouse) as con:
        return wh.load_batch(con, run_id, docs, frames, rows, reextracted=list(reextracted),
                             extraction_version=extraction_version, file_stats=file_stats)


def record_rejections(warehouse: str | Path, run_id: str, rejected: list[dict]) -> None:
    """Write rejections alone (inputs that never became documents)."""
    if not rejected:
        return
    with wh.open_warehouse(warehouse) as con:
        con.execute("begin transaction")
        wh.write_rejected(con, [wh.rejected_row(run_id, **r) for r in rejected])
        con.execute("commit")
