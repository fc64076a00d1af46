"""Stage 2: read and normalise a batch of input files into documents."""

from __future__ import annotations

from ofsted.ingest import Candidate, Rejection, read_documents
from ofsted.model import Document


def read_inputs(candidates: list[Candidate], max_bytes: int = 20_000_000) -> tuple[list[Document], list[Rejection]]:
    """Decode each file (UTF-8, BOM, CRLF, cp1252, UTF-16 ...), attach sidecar metadata.

    Bad files become ``Rejection`` rows; they never stop the batch.
    """
    return read_documents(candidates, max_bytes=max_bytes)


def read_parts(parts: list[list[Candidate]], max_bytes: int = 20_000_000) -> tuple[list[Document], list[Rejection]]:
    """:func:`read_inputs` over each part in turn (each part deduplicated on its own, as when
    read one part at a time), in one call: one Prefect task run for the run's reading instead of
    one per batch (each costs the flow process tens of milliseconds before the first batch can
    be extracted)."""
    documents: list[Document] = []
    rejections: list[Rejection] = []
    for part in parts:
        docs, rejected = read_inputs(part, max_bytes)
        documents += docs
        rejections += rejected
    return documents, rejections
