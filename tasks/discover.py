"""Stage 1: find the input files under a source folder."""

from __future__ import annotations

from pathlib import Path

from ofsted.ingest import Candidate, Rejection, discover


def discover_inputs(source: str | Path, max_bytes: int = 20_000_000) -> tuple[list[Candidate], list[Rejection]]:
    """Every readable input under ``source`` (sorted), and the files rejected on sight.

    Raises ``FileNotFoundError`` when the folder itself does not exist: that is a failed run,
    not a rejected input.
    """
    root = Path(source)
    if not root.is_dir():
        raise FileNotFoundError(f"source folder {root} does not exist or is not a folder")
    return discover(root, max_bytes=max_bytes)
