"""`ofsted run` forks the extraction pool while its temporary Prefect server starts, before it
imports Great Expectations there, and the pool's workers are forked with the heap frozen."""

from __future__ import annotations

import gc

from ofsted import cli, prefect_env
from tasks import extract as stage
import tasks.validate


def test_the_pool_workers_are_forked_with_the_heap_frozen_and_this_process_is_not_left_frozen():
    stage.start_pool(2)
    pool = stage._shared_pool(2)
    assert pool.submit(gc.get_freeze_count).result() > 0, "a worker's inherited objects are frozen"
    assert gc.get_freeze_count() == 0, "the flow process collects as before"


def test_the_pool_is_forked_before_great_expectations_is_imported(monkeypatch):
    order = []
    monkeypatch.setattr(prefect_env, "api_url", lambda: None)
    monkeypatch.setattr(stage, "start_pool", lambda workers=None: order.append(("pool", workers)))
    monkeypatch.setattr(tasks.validate, "prepare_validation", lambda: order.append(("validation", None)))
    cli._ready_for_run(2)
    assert order == [("pool", 2), ("validation", None)]


def test_against_a_running_server_great_expectations_is_left_to_the_run(monkeypatch):
    order = []
    monkeypatch.setattr(prefect_env, "api_url", lambda: "http://127.0.0.1:4200/api")
    monkeypatch.setattr(stage, "start_pool", lambda workers=None: order.append("pool"))
    monkeypatch.setattr(tasks.validate, "prepare_validation", lambda: order.append("validation"))
    cli._ready_for_run()
    assert order == ["pool"]
