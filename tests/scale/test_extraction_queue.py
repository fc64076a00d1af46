"""Batches queued on the extraction pool one after the other give each batch exactly the facts
a serial extraction gives it, in the same row order (the flow queues every batch ahead)."""

from __future__ import annotations

import dataclasses

import polars as pl

from tasks import extract as stage
from tasks.discover import discover_inputs
from tasks.read import read_inputs
from tests.conftest import SEEDS


def _batches(n_per_batch: int) -> list[list]:
    docs, _ = read_inputs(discover_inputs(str(SEEDS), 20_000_000, [], str(SEEDS / "none.duckdb")).candidates, 20_000_000)
    copies = [dataclasses.replace(docs[i % len(docs)], doc_id=f"d{i:04d}", source_path=f"copy{i}.txt")
              for i in range(2 * n_per_batch)]
    return [copies[:n_per_batch], copies[n_per_batch:]]


def test_batches_queued_together_each_get_the_facts_of_a_serial_extraction():
    first, second = _batches(stage.POOL_THRESHOLD)
    queued = [stage.queue_extraction(first, workers=2), stage.queue_extraction(second, workers=2)]
    assert all(q.parts for q in queued), "batches this size go to the pool"
    for batch, q in zip((first, second), queued):
        frames, failures = q.result()
        rows, serial_failures = stage._extract_many(batch)
        serial = stage._frames(rows)
        assert failures == serial_failures == []
        for fact_type, frame in serial.items():
            assert frames[fact_type].equals(frame), fact_type
        ids = set(pl.concat([f.select("doc_id") for f in frames.values()])["doc_id"])
        assert ids <= {d.doc_id for d in batch}, "no batch receives another batch's facts"


def test_a_small_batch_is_extracted_where_its_result_is_asked_for():
    small = _batches(2)[0]
    queued = stage.queue_extraction(small, workers=2)
    assert queued.parts is None
    frames, failures = queued.result()
    assert failures == [] and frames["ratings"].height > 0
