"""Stage 3: extract facts from a batch of documents into Polars frames.

Extraction is CPU-bound pure Python, so a large batch is spread over a process pool (both
cores of a small machine). Inside a daemonic process (a Dask worker) a pool cannot be started;
there the batch runs serially and the cluster's workers are the parallelism.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from concurrent.futures import ProcessPoolExecutor

import polars as pl

from ofsted.extract import extract_document
from ofsted.model import FACT_TYPES, Document, frame_schema

#: Below this many documents a pool costs more than it saves.
POOL_THRESHOLD = 64


def _extract_many(docs: list[Document]) -> tuple[dict[str, list[dict]], list[dict]]:
    rows: dict[str, list[dict]] = {t: [] for t in FACT_TYPES}
    failures = []
    for doc in docs:
        try:
            facts = extract_document(doc)
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
            failures.append(
                {
                    "doc_id": doc.doc_id,
                    "source_path": doc.source_path,
                    "reason": "extraction_error",
                    "detail": f"extraction failed: {type(exc).__name__}: {exc}",
                    "traceback": traceback.format_exc(limit=5),
                }
            )
            continue
        for fact_type in FACT_TYPES:
            rows[fact_type].extend(facts.get(fact_type, []))
    return rows, failures


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def extract_facts(docs: list[Document], workers: int | None = None) -> tuple[dict[str, pl.DataFrame], list[dict]]:
    """Facts of every document as one frame per fact type, plus per-document failures.

    >>> from ofsted.model import Document
    >>> frames, failures = extract_facts([Document("d1", "a.txt", "Ofsted rated Wigan Council good.", "0" * 64)])
    >>> sorted(frames) == sorted(FACT_TYPES), failures
    (True, [])
    """
    workers = default_workers() if workers is None else max(1, workers)
    use_pool = (
        workers > 1 and len(docs) >= POOL_THRESHOLD and not multiprocessing.current_process().daemon
    )
    if use_pool:
        size = -(-len(docs) // (workers * 4))  # contiguous chunks keep the serial row order
        chunks = [docs[i : i + size] for i in range(0, len(docs), size)]
        context = multiprocessing.get_context("fork")
        rows: dict[str, list[dict]] = {t: [] for t in FACT_TYPES}
        failures: list[dict] = []
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for part_rows, part_failures in pool.map(_extract_many, chunks):
                for fact_type in FACT_TYPES:
                    rows[fact_type].extend(part_rows[fact_type])
                failures.extend(part_failures)
    else:
        rows, failures = _extract_many(docs)
    frames = {
        fact_type: pl.DataFrame(rows[fact_type], schema=frame_schema(fact_type), strict=False)
        if rows[fact_type]
        else pl.DataFrame(schema=frame_schema(fact_type))
        for fact_type in FACT_TYPES
    }
    return frames, failures
