"""The extraction workers start before the inputs are read, warm themselves up while this process
reads, and give the facts a serial extraction gives; a run with nothing to read starts none."""

from __future__ import annotations

import dataclasses
import logging

import pytest

from ofsted.pipeline import RunOptions, Stages, plain_stages, plan_run
from tasks import extract as stage
from tasks.discover import discover_inputs
from tasks.read import read_inputs
from tests.conftest import SEEDS


@pytest.fixture()
def cold_process():
    """This process with no extraction pool and the extractors not warmed up (as before a run)."""
    stage.shutdown_pool()
    warmed = set(stage._warmed)
    stage._warmed.clear()
    yield
    stage.shutdown_pool()
    stage._warmed.update(warmed)


def _copies(n: int) -> list:
    docs, _ = read_inputs(discover_inputs(str(SEEDS), 20_000_000, [], str(SEEDS / "none.duckdb")).candidates, 20_000_000)
    return [dataclasses.replace(docs[i % len(docs)], doc_id=f"d{i:04d}", source_path=f"copy{i}.txt") for i in range(n)]


def test_workers_started_before_reading_warm_up_themselves_and_extract_as_a_serial_run(cold_process):
    assert stage.start_workers(stage.POOL_THRESHOLD, workers=2)
    assert stage.extract_document not in stage._warmed, "this process went on reading; the workers warmed up"
    batch = _copies(stage.POOL_THRESHOLD)
    queued = stage.queue_extraction(batch, workers=2)
    assert queued.parts, "the batch goes to the pool started early"
    frames, failures = queued.result()
    rows, serial_failures = stage._extract_many(batch)
    assert failures == serial_failures == []
    for fact_type, frame in stage._frames(rows).items():
        assert frames[fact_type].equals(frame), fact_type


def test_no_workers_for_inputs_too_few_for_the_pool(cold_process):
    assert not stage.start_workers(stage.POOL_THRESHOLD - 1, workers=2)
    assert not stage.start_workers(1000, workers=1)
    assert stage._pool is None


def _planned_with(source, warehouse) -> list[tuple]:
    asked: list[tuple] = []
    stages = Stages(**{**vars(plain_stages()), "start_workers": lambda n, workers: asked.append((n, workers))})
    plan_run(stages, RunOptions(source=str(source), warehouse=str(warehouse)), logging.getLogger("test"))
    return asked


def test_a_run_starts_the_workers_once_before_reading_its_inputs(migrated_warehouse):
    assert _planned_with(SEEDS, migrated_warehouse) == [(2, None)]


def test_a_run_with_nothing_to_read_starts_no_workers(migrated_warehouse, tmp_path):
    (tmp_path / "empty").mkdir()
    assert _planned_with(tmp_path / "empty", migrated_warehouse) == []
