"""The two records the ingest layer hands to the pipeline: a file to read, and a reason not to."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: File name suffix (lower case) -> ``Document.source_format``.
FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".jsonl": "jsonl",
}

SIDECAR_SUFFIX = ".meta.json"

DEFAULT_MAX_BYTES = 20_000_000


@dataclass(frozen=True)
class Candidate:
    """A file found by :func:`discover` that looks like an input document.

    ``path`` is where to open it; ``rel_path`` is its path inside the source folder (POSIX
    separators); ``size`` its size in bytes when discovered. ``source_path`` is the name the
    document is recorded under (see :func:`ofsted.ingest.discover.display_path`); ``fmt`` is the
    ``Document.source_format``; ``sidecar`` the ``NAME.meta.json`` next to it, if any. The last
    three have defaults so a caller can build a ``Candidate`` from a bare path. ``mtime_ns`` is
    its modification time when discovered (with ``size``, how a run knows a file is unchanged
    without reading it). ``meta`` is metadata known before reading (a fetched page's feed entry:
    ``title``, ``published_date`` as a date, ``publisher``, ``url``, ``author``); like a sidecar,
    it wins over the page's own.
    """

    path: Path
    rel_path: str
    size: int
    source_path: str = ""
    fmt: str = ""
    sidecar: Path | None = None
    mtime_ns: int = 0
    meta: dict[str, Any] | None = field(default=None, hash=False, compare=False)


@dataclass(frozen=True)
class Rejection:
    """An input (file, ``.jsonl`` line or sidecar) that was not loaded, or only partly.

    ``stage`` is ``"discover"`` or ``"read"`` for inputs that did not become documents;
    ``"sidecar"`` or ``"metadata"`` when the document loaded but some of its metadata did not.
    ``reason`` is a short code (``empty_file``); ``detail`` a sentence a person understands.
    """

    source_path: str
    stage: str
    reason: str
    detail: str | None = None


class Reject(Exception):
    """Raised inside the ingest layer for one bad input; turned into a :class:`Rejection`."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def format_bytes(n: int) -> str:
    """``20000000`` -> ``'20,000,000 bytes (20.0 MB)'``."""
    return f"{n:,} bytes ({n / 1_000_000:.1f} MB)"
