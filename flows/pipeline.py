"""The Prefect flow: its stages, each a plain function of ``tasks/`` wrapped as a Prefect task.

start-run -> [fetch] -> discover -> check-files -> read -> check-known -> [read-stored] -> extract
-> validate -> load -> [settle-fetches] -> cross-check-and-events -> publish-summary

The order, batching, grouping and totals are the pipeline's core, ``ofsted.pipeline`` (plain
code, callable without Prefect); this module only says which Prefect task runs each stage.
Stages run over batches (one task run per stage per batch, never one per document).
"""

from __future__ import annotations

import os
import sys

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext, get_run_context
from prefect.utilities.annotations import quote

from ofsted.pipeline import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_SOURCE,
    DEFAULT_WAREHOUSE,
    Stages,
    plain_start,
    plain_summary,
    run_stages,
)
from ofsted.fetch import FetchPlan, FetchSettings, build_plan, fetch_sources, settle_fetches
from flows.reporting import begin_data_docs
from tasks.discover import discover_inputs
from tasks.enrich import refresh_derived
from tasks.extract import QueuedBatch, extract_facts, queue_extraction
from tasks.load import check_files, known_doc_ids, load_documents, stored_documents
from tasks.read import read_inputs, read_parts
from tasks.validate import prepare_validation, validate_batches

# Inputs are batches of documents and frames: hashing them for a cache key would cost more than
# the stage, and re-running a stage must never return a stale result, so caching is off.
discover_task = task(discover_inputs, name="discover", cache_policy=NO_CACHE)
read_task = task(read_inputs, name="read", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
read_parts_task = task(read_parts, name="read", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
files_task = task(check_files, name="check-files", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
known_task = task(known_doc_ids, name="check-known", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
stored_task = task(stored_documents, name="read-stored", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
extract_task = task(extract_facts, name="extract", cache_policy=NO_CACHE)
validate_task = task(validate_batches, name="validate", cache_policy=NO_CACHE)
load_task = task(load_documents, name="load", cache_policy=NO_CACHE)
enrich_task = task(refresh_derived, name="cross-check-and-events", cache_policy=NO_CACHE)
settle_task = task(settle_fetches, name="settle-fetches", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)


@task(name="start-run", cache_policy=NO_CACHE)
def start_run_task(warehouse: str, run_id: str, source: str) -> list[int]:
    task_run = getattr(get_run_context(), "task_run", None)
    return plain_start(warehouse, run_id, source, str(task_run.flow_run_id) if task_run else None)


# the client retries each request itself, so one bad page never re-runs the whole stage
@task(name="fetch", cache_policy=NO_CACHE)
def fetch_task(plan: FetchPlan, warehouse: str, run_id: str):
    return fetch_sources(plan, warehouse, run_id, logger=get_run_logger())


@task(name="publish-summary", cache_policy=NO_CACHE)
def summary_task(totals) -> dict:
    from flows.reporting import publish_artifacts

    record = plain_summary(totals)
    links = {}
    try:  # refresh the authority reports this run touched, and link them from the summary
        from ofsted.report import reports_for_run

        # a run that loaded no batch holds no document (nothing to ask the warehouse for)
        links = reports_for_run(totals.warehouse, totals.run_id) if totals.batches else {}
    except Exception as exc:  # noqa: BLE001 - reports are a view of committed data: best effort
        get_run_logger().warning("could not write authority reports: %s", exc)
    publish_artifacts(totals, links)
    return record


@task(name="extract", cache_policy=NO_CACHE)
def collect_extraction(queued: QueuedBatch):
    """The extract stage of one batch under the default runner: its chunks were queued on this
    process's pool in batch order (:func:`tasks.extract.queue_extraction`); wait for them."""
    return queued.result()


def _on_dask() -> bool:
    runner = getattr(FlowRunContext.get(), "task_runner", None)
    return type(runner).__name__ == "DaskTaskRunner"


def submit_extraction(docs, workers):
    """Start extracting a batch without waiting. On Dask the batch travels to a worker; otherwise
    its chunks are queued on the pool now, so batches are extracted in the order they are
    started (the extract task runs in a thread and only collects them)."""
    if _on_dask():  # not quoted: the Dask runner hands a quoted argument on still wrapped
        return extract_task.submit(docs, workers)
    return quoted(collect_extraction).submit(queue_extraction(docs, workers))


def submit_start(warehouse: str, run_id: str, source: str):
    """Start the start-run task without waiting (it readies the warehouse while the flow
    discovers the folder); None on Dask, whose workers need no access to the warehouse."""
    if _on_dask():
        return None
    return quoted(start_run_task).submit(warehouse, run_id, source)


def runner_window() -> int | None:
    """Batches to keep extracting beyond the group being validated and loaded.

    With the default task runner the extract task's process pool uses every core for one batch,
    and the following batches are extracted while this process validates and loads the ones
    before (None: all of them, so the pool never waits for this process; a batch's facts are a
    few MB; ``OFSTED_EXTRACT_AHEAD=N`` sets N, 0 for least memory).
    On a Dask cluster each extract task runs serially on one worker, so one batch per worker
    thread is kept in flight.
    """
    runner = getattr(FlowRunContext.get(), "task_runner", None)
    if runner is None:
        return 0
    if not _on_dask():
        ahead = os.environ.get("OFSTED_EXTRACT_AHEAD")
        return int(ahead) if ahead else None
    try:
        return max(1, sum(runner.client.nthreads().values()))
    except Exception:  # noqa: BLE001 - a cluster we cannot ask still runs one batch at a time
        return 1


def quoted(stage):
    """Call a task with every argument ``quote``d.

    Prefect walks each argument of a task call twice (looking for futures and states to wait
    for and to record as inputs), into every list, dict and dataclass: every document, file
    tuple and rejection of a batch. No stage is ever handed a future, so the walk finds nothing;
    at 10,000 documents it cost about a quarter of the flow process's time.
    """

    def call(*args, **kwargs):
        return stage(*map(quote, args), **{k: quote(v) for k, v in kwargs.items()})

    def submit(*args, **kwargs):
        return stage.submit(*map(quote, args), **{k: quote(v) for k, v in kwargs.items()})

    call.submit = submit
    return call


PREFECT_STAGES = Stages(
    start=quoted(start_run_task),
    submit_start=submit_start,
    discover=quoted(discover_task),
    check_files=quoted(files_task),
    read=quoted(read_task),
    read_parts=quoted(read_parts_task),
    known=quoted(known_task),
    stored=quoted(stored_task),
    extract=lambda docs, workers: quoted(extract_task).submit(docs, workers).result(),
    validate=quoted(validate_task),
    load=quoted(load_task),
    summary=quoted(summary_task),
    logger=get_run_logger,
    submit_extract=submit_extraction,
    window=runner_window,
    prepare=prepare_validation,
    enrich=quoted(enrich_task),
    fetch=quoted(fetch_task),
    settle=quoted(settle_task),
    after_validation=begin_data_docs,
)


@flow(name="ofsted-pipeline", log_prints=True)
def ofsted_pipeline(
    source: str | None = DEFAULT_SOURCE,
    warehouse: str = DEFAULT_WAREHOUSE,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_bytes: int = 20_000_000,
    workers: int | None = None,
    lock_timeout: float = 900.0,
    exclude: list[str] | None = None,
    reextract: bool = False,
    corrections: str | None = None,
    sources: str | None = None,
    feeds: list[str] | None = None,
    urls: list[str] | None = None,
) -> dict:
    """Load every text under ``source`` (a folder; None: none), and the relevant pages of the
    feeds and pages in the ``sources`` file, ``feeds`` and ``urls``, into the DuckDB ``warehouse``.

    New documents are added, changed ones (same path, new content) replaced, unchanged ones
    skipped, and documents extracted by another version of the rules extracted again (all of
    them with ``reextract``); nothing is deleted because it is absent from this folder. Paths
    matching ``exclude`` (gitignore patterns) are left out. Analysts' corrections (``corrections``,
    default ``corrections.csv`` beside the warehouse) are applied. Returns the run summary.
    """
    plan = build_plan(sources, feeds or (), urls or (), FetchSettings(max_bytes=max_bytes))
    return run_stages(PREFECT_STAGES, source, warehouse, batch_size, max_bytes, workers, lock_timeout,
                      exclude or (), reextract, corrections=corrections, fetch_plan=plan)


if __name__ == "__main__":
    print("\n".join(ofsted_pipeline(source=sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SOURCE)["lines"]))
