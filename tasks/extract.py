"""Stage 3: extract facts from a batch of documents into Polars frames.

Extraction is CPU-bound pure Python, so a large batch is spread over a process pool (both
cores of a small machine). The pool is forked once per process, after the extractors are warmed
up, and kept for the following batches. Inside a daemonic process (a Dask worker) a pool cannot
be started; there the batch runs serially and the cluster's workers are the parallelism.
"""

from __future__ import annotations

import atexit
import gc
import multiprocessing
import os
import threading
import traceback
from dataclasses import dataclass
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

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


def _frames(rows: dict[str, list[dict]]) -> dict[str, pl.DataFrame]:
    return {
        fact_type: pl.DataFrame(rows[fact_type], schema=frame_schema(fact_type), strict=False)
        if rows[fact_type]
        else pl.DataFrame(schema=frame_schema(fact_type))
        for fact_type in FACT_TYPES
    }


def _extract_chunk(docs: list[Document]) -> tuple[dict[str, pl.DataFrame], list[dict]]:
    """In a pool worker: frames travel back as Arrow buffers, far cheaper than lists of dicts."""
    rows, failures = _extract_many(docs)
    return _frames(rows), failures


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


_pool_guard = threading.Lock()
_pool: tuple[tuple, ProcessPoolExecutor] | None = None
_warmed: set = set()


def warm_up() -> None:
    """Import the extractors and compile their patterns once, before forking.

    The first ``extract_document`` call of a process costs seconds (vocabularies, one large
    gazetteer regex); forked workers inherit the result instead of each paying it. Cheap once
    done (``ofsted run`` does it while its temporary Prefect server starts).
    """
    if extract_document in _warmed:
        return
    try:
        extract_document(Document("warm-up", "warm-up.txt", "Ofsted rated Wigan Council good in May 2019.", "0" * 64))
    except Exception:  # noqa: BLE001 - a broken extractor shows up on the real documents
        pass
    _warmed.add(extract_document)


def _shared_pool(workers: int) -> ProcessPoolExecutor:
    """One pool per process, kept across batches (forking per batch re-paid the warm-up).

    A new pool is made when the worker count or the extraction function changes (tests patch it).
    """
    global _pool
    key = (workers, extract_document)
    with _pool_guard:
        if _pool is not None and (_pool[0] != key or getattr(_pool[1], "_broken", False)):
            _pool[1].shutdown(wait=False, cancel_futures=True)
            _pool = None
        if _pool is None:
            warm_up()
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
            _fork_workers(pool)
            _pool = (key, pool)
        return _pool[1]


def _fork_workers(pool: ProcessPoolExecutor) -> None:
    """Fork the pool's workers now, with every object of this process frozen.

    A forked worker shares this process's pages until it writes to one; a garbage collection in
    the worker writes to every object it examines, so without the freeze each worker soon holds
    its own copy of everything this process had: the extractors' vocabularies and patterns, and
    anything else this process imported. Frozen objects are never examined by a collection in
    the workers. The freeze is lifted here at once: this process collects as before.
    """
    gc.freeze()
    try:
        pool.submit(int).result()  # a fork pool starts all its workers at the first submit
    finally:
        gc.unfreeze()


def start_pool(workers: int | None = None) -> None:
    """Warm the extractors up and fork the extraction pool now (``ofsted run`` does it while its
    temporary Prefect server starts, before importing Great Expectations: a worker forked after
    that import ends up with its own copy of every page of it this process touches later)."""
    workers = default_workers() if workers is None else max(1, workers)
    if workers > 1 and not multiprocessing.current_process().daemon:
        _shared_pool(workers)
    else:
        warm_up()


def shutdown_pool() -> None:
    """Stop the extraction pool (at exit, or to free its memory)."""
    global _pool
    with _pool_guard:
        if _pool is not None:
            _pool[1].shutdown(wait=True, cancel_futures=True)
            _pool = None


atexit.register(shutdown_pool)


@dataclass
class QueuedBatch:
    """A batch whose chunks are queued on the shared pool (or, for a small batch or inside a
    daemonic process, to be extracted where :meth:`result` is called)."""

    docs: list[Document]
    parts: list[Future] | None = None

    def result(self) -> tuple[dict[str, pl.DataFrame], list[dict]]:
        """The batch's frames and failures, waiting for its chunks."""
        if self.parts is None:
            rows, failures = _extract_many(self.docs)
            return _frames(rows), failures
        try:
            parts = [part.result() for part in self.parts]
        except BrokenProcessPool:  # a worker died (killed, out of memory): do this batch here
            parts = [_extract_chunk(self.docs)]
        failures = [f for _, part_failures in parts for f in part_failures]
        frames = {t: pl.concat([part[t] for part, _ in parts]) for t in FACT_TYPES}
        return frames, failures


def queue_extraction(docs: list[Document], workers: int | None = None) -> QueuedBatch:
    """Queue a batch's chunks on the shared pool now and return at once.

    The pool takes chunks first come, first served: batches queued one after the other are
    extracted in that order, each over every worker, so the first batch is ready after one
    batch's time (extraction tasks started together in threads interleave their chunks, and
    every batch is ready only near the end).
    """
    workers = default_workers() if workers is None else max(1, workers)
    use_pool = (
        workers > 1 and len(docs) >= POOL_THRESHOLD and not multiprocessing.current_process().daemon
    )
    if not use_pool:
        return QueuedBatch(docs)
    size = -(-len(docs) // (workers * 4))  # contiguous chunks keep the serial row order
    chunks = [docs[i : i + size] for i in range(0, len(docs), size)]
    pool = _shared_pool(workers)
    try:
        return QueuedBatch(docs, [pool.submit(_extract_chunk, chunk) for chunk in chunks])
    except BrokenProcessPool:
        return QueuedBatch(docs)


def extract_facts(docs: list[Document], workers: int | None = None) -> tuple[dict[str, pl.DataFrame], list[dict]]:
    """Facts of every document as one frame per fact type, plus per-document failures.

    >>> from ofsted.model import Document
    >>> frames, failures = extract_facts([Document("d1", "a.txt", "Ofsted rated Wigan Council good.", "0" * 64)])
    >>> sorted(frames) == sorted(FACT_TYPES), failures
    (True, [])
    """
    return queue_extraction(docs, workers).result()
