"""Stage 1: find the input files under a source folder."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ofsted.ingest import Discovery, find_inputs
from ofsted.outputs import pipeline_outputs


def discover_inputs(
    source: str | Path,
    max_bytes: int = 20_000_000,
    exclude: Sequence[str] = (),
    warehouse: str | Path | None = None,
) -> Discovery:
    """Every readable input under ``source`` (sorted), the files rejected on sight, and the paths
    left out: default names (README, LICENSE ...), ``exclude`` patterns, ``.ofstedignore``, and
    everything the pipeline writes for ``warehouse``.

    Raises ``FileNotFoundError`` when the folder itself does not exist: that is a failed run,
    not a rejected input.
    """
    root = Path(source)
    if not root.is_dir():
        raise FileNotFoundError(f"source folder {root} does not exist or is not a folder")
    outputs = pipeline_outputs(warehouse) if warehouse is not None else None
    return find_inputs(root, max_bytes=max_bytes, exclude=list(exclude), outputs=outputs)
