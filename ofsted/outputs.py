"""Every file and folder the pipeline writes, named once, so discovery can skip them all.

For a warehouse file ``W`` in folder ``D`` (default ``warehouse/ofsted.duckdb``) the pipeline
writes only ``W``, ``W.wal``, ``W.lock``, ``D/data_docs/``, ``D/reports/``, ``D/corrections.csv``
(the default corrections file) and ``D/archive/`` (the fetch archive); the benchmark writes
``bench/results/``. A source folder that contains the warehouse (``--source texts --warehouse
texts/w.duckdb``) must never read these back as articles: :func:`pipeline_outputs` lists them
and :func:`ofsted.ingest.discover` leaves them out, wherever the warehouse is placed.

>>> outs = pipeline_outputs("texts/w.duckdb")
>>> sorted(os.path.basename(p) for p in outs.files), sorted(os.path.basename(p) for p in outs.folders)
(['corrections.csv', 'w.duckdb', 'w.duckdb.lock', 'w.duckdb.wal'], ['archive', 'data_docs', 'reports', 'results'])
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: Folder names next to the warehouse file.
DATA_DOCS = "data_docs"
REPORTS = "reports"
ARCHIVE = "archive"
#: File names next to the warehouse file.
CORRECTIONS = "corrections.csv"
#: Suffixes added to the warehouse file's name (DuckDB's write-ahead log, the run lock).
WAL_SUFFIX = ".wal"
LOCK_SUFFIX = ".lock"
#: Where ``bench/run.py`` writes its results (only in a source checkout).
BENCH_RESULTS = Path(__file__).resolve().parent.parent / "bench" / "results"


@dataclass(frozen=True)
class Outputs:
    """Absolute, resolved paths the pipeline writes: files, and folders written whole."""

    files: frozenset[str]
    folders: frozenset[str]

    def covers(self, path: str | os.PathLike) -> bool:
        """Whether ``path`` (absolute, symbolic links resolved) is an output or lies in one.

        >>> pipeline_outputs("/data/w.duckdb").covers("/data/reports/E08000024.html")
        True
        >>> pipeline_outputs("/data/w.duckdb").covers("/data/reports-2024.txt")
        False
        """
        p = os.fspath(path)
        return p in self.files or p in self.folders or p.startswith(self._inside)

    @property
    def _inside(self) -> tuple[str, ...]:
        return tuple(f + os.sep for f in self.folders)


def _resolved(path: str | os.PathLike) -> str:
    return os.path.realpath(os.path.abspath(path))


def pipeline_outputs(warehouse: str | os.PathLike) -> Outputs:
    """The outputs of a pipeline writing to ``warehouse`` (which need not exist yet)."""
    w = _resolved(warehouse)
    d = os.path.dirname(w)
    return Outputs(
        files=frozenset({w, w + WAL_SUFFIX, w + LOCK_SUFFIX, os.path.join(d, CORRECTIONS)}),
        folders=frozenset({os.path.join(d, f) for f in (DATA_DOCS, REPORTS, ARCHIVE)} | {_resolved(BENCH_RESULTS)}),
    )
