"""The Prefect flow: [fetch ->] discover -> read -> extract -> validate -> load [-> settle fetches] -> summarise.

The flow only orchestrates: every stage is a plain function in ``tasks/`` wrapped here as a
Prefect task. Documents move in batches (one task run per stage per batch, never one per
document), and each batch is loaded in one transaction.
"""

from __future__ import annotations

import logging
import os
import sys
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from prefect.cache_policies import NO_CACHE
from prefect import flow, get_run_logger, task
from prefect.context import get_run_context

from ofsted import warehouse as wh
from ofsted.fetch import FetchPlan, FetchSettings, build_plan, fetch_sources, settle_fetches
from ofsted.locking import run_lock
from tasks.discover import discover_inputs
from tasks.enrich import refresh_derived
from tasks.extract import extract_facts
from tasks.load import known_doc_ids, load_documents, prepare_warehouse, record_rejections
from tasks.read import read_inputs
from tasks.summary import RunTotals, summary_lines
from tasks.validate import validate_facts

DEFAULT_SOURCE = "seeds"
DEFAULT_WAREHOUSE = "warehouse/ofsted.duckdb"

# Inputs are batches of documents and frames: hashing them for a cache key would cost more than
# the stage, and re-running a stage must never return a stale result, so caching is off.
discover_task = task(discover_inputs, name="discover", cache_policy=NO_CACHE)
read_task = task(read_inputs, name="read", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
known_task = task(known_doc_ids, name="check-known", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
extract_task = task(extract_facts, name="extract", cache_policy=NO_CACHE)
validate_task = task(validate_facts, name="validate", cache_policy=NO_CACHE)
load_task = task(load_documents, name="load", cache_policy=NO_CACHE)
enrich_task = task(refresh_derived, name="cross-check-and-events", cache_policy=NO_CACHE)
settle_task = task(settle_fetches, name="settle-fetches", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)


def _rejection_dict(rejection) -> dict:
    return {
        "stage": rejection.stage,
        "reason": rejection.reason,
        "source_path": rejection.source_path,
        "detail": rejection.detail,
    }


def _is_input_rejection(row: dict) -> bool:
    """An input that did not become a loaded document (not a quarantined row, not a sidecar note)."""
    return row["stage"] in {"discover", "read", "extract"} or row["reason"] == "suite_error"


def _progress(total: int):
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", desc="documents", file=sys.stderr)


@dataclass(frozen=True)
class Stages:
    """The stage callables one run uses: Prefect tasks in the flow, plain functions elsewhere."""

    start: Callable
    discover: Callable
    read: Callable
    known: Callable
    extract: Callable
    validate: Callable
    load: Callable
    summary: Callable
    logger: Callable
    #: start extraction without waiting (returns a future with ``.result()``); None: run inline
    submit_extract: Callable | None = None
    #: how many batches may be extracting at once (1 unless the task runner is a Dask cluster)
    window: Callable[[], int] = lambda: 1
    #: refresh tables derived from the whole warehouse (official checks, events); None: skip
    enrich: Callable | None = None
    #: fetch feeds and pages before discovery (ofsted.fetch.fetch_sources); None: no fetching
    fetch: Callable | None = None
    #: settle the fetched pages after the last load (ofsted.fetch.settle_fetches)
    settle: Callable | None = None


def _plain_start(warehouse: str, run_id: str, source: str, flow_run_id: str | None = None) -> list[int]:
    """Create or migrate the warehouse and record the run as started."""
    applied = prepare_warehouse(warehouse)
    with wh.open_warehouse(warehouse) as con:
        wh.start_run(con, run_id, source, flow_run_id)
    return applied


def _plain_summary(totals: RunTotals) -> dict:
    """Record the run's outcome in ``pipeline_runs``."""
    with wh.open_warehouse(totals.warehouse) as con:
        wh.finish_run(con, totals.run_id, totals.as_record())
    return totals.as_record()


@task(name="start-run", cache_policy=NO_CACHE)
def start_run_task(warehouse: str, run_id: str, source: str) -> list[int]:
    ctx = get_run_context()
    task_run = getattr(ctx, "task_run", None)
    return _plain_start(warehouse, run_id, source, str(task_run.flow_run_id) if task_run else None)


# the client retries each request itself, so one bad page never re-runs the whole stage
@task(name="fetch", cache_policy=NO_CACHE)
def fetch_task(plan: FetchPlan, warehouse: str, run_id: str):
    return fetch_sources(plan, warehouse, run_id, logger=get_run_logger())


@task(name="publish-summary", cache_policy=NO_CACHE)
def summary_task(totals: RunTotals) -> dict:
    from flows.reporting import publish_artifacts

    record = _plain_summary(totals)
    links = {}
    try:  # refresh the authority reports this run touched, and link them from the summary
        from ofsted.report import reports_for_run

        links = reports_for_run(totals.warehouse, totals.run_id)
    except Exception as exc:  # noqa: BLE001 - reports are a view of committed data: best effort
        get_run_logger().warning("could not write authority reports: %s", exc)
    publish_artifacts(totals, links)
    return record


#: The same stages without Prefect: for ``ofsted evaluate``, benchmarks and tests.
PLAIN_STAGES = Stages(
    start=_plain_start,
    discover=discover_inputs,
    read=read_inputs,
    known=known_doc_ids,
    extract=extract_facts,
    validate=validate_facts,
    load=load_documents,
    summary=_plain_summary,
    logger=lambda: logging.getLogger("ofsted.pipeline"),
    enrich=refresh_derived,
    fetch=fetch_sources,
    settle=settle_fetches,
)

def runner_window() -> int:
    """Batches to keep extracting at once: the Dask cluster's worker threads, else 2.

    With the default task runner the extract task's process pool uses every core for one batch;
    the next batch is extracted while this process validates and loads the one before (which
    otherwise leaves the pool idle). On a Dask cluster each extract task runs serially on one
    worker (a daemonic worker cannot start a pool), so batches run side by side, one per worker
    thread.
    """
    from prefect.context import FlowRunContext

    runner = getattr(FlowRunContext.get(), "task_runner", None)
    if runner is None:
        return 1
    if type(runner).__name__ != "DaskTaskRunner":
        return int(os.environ.get("OFSTED_EXTRACT_AHEAD", "2"))
    try:
        return max(1, sum(runner.client.nthreads().values()))
    except Exception:  # noqa: BLE001 - a cluster we cannot ask still runs one batch at a time
        return 1


PREFECT_STAGES = Stages(
    start=start_run_task,
    discover=discover_task,
    read=read_task,
    known=known_task,
    extract=lambda docs, workers: extract_task.submit(docs, workers).result(),
    validate=validate_task,
    load=load_task,
    summary=summary_task,
    logger=get_run_logger,
    submit_extract=lambda docs, workers: extract_task.submit(docs, workers),
    window=runner_window,
    enrich=enrich_task,
    fetch=fetch_task,
    settle=settle_task,
)


@dataclass
class _Batch:
    """A batch between reading and loading (its extraction may still be running elsewhere)."""

    number: int
    size: int
    docs: list
    known: set
    fresh: list
    #: new to the warehouse, but the same content as a document of an earlier batch in flight
    held: list
    rejections: list
    extraction: object
    #: doc_id -> paths the warehouse already records for it (known documents only)
    known_paths: dict = field(default_factory=dict)


def _all_paths_recorded(docs: list, known_paths: dict) -> bool:
    """Every document is known and every name it was read under is already recorded."""
    return all(
        d.doc_id in known_paths and {d.source_path, *d.extra_paths} <= known_paths[d.doc_id] for d in docs
    )


def _concat_frames(first: dict, second: dict) -> dict:
    import polars as pl

    return {t: pl.concat([f for f in (first.get(t), second.get(t)) if f is not None]) for t in {*first, *second}}


def _fetch_hook(stages: Stages, plan: FetchPlan | None, warehouse: str, run_id: str, totals: RunTotals, logger):
    """Before discovery: fetch the plan's feeds and pages; the relevant pages join the run as
    candidates read like files. A failure here is the run's error, never the folder's loss."""
    if plan is None or stages.fetch is None:
        return None
    try:
        return stages.fetch(plan, warehouse, run_id)
    except Exception as exc:  # noqa: BLE001 - the folder still loads; the run is reported failed
        totals.errors.append(f"fetching {plan.describe()} failed: {type(exc).__name__}: {exc}")
        logger.error(totals.errors[-1])
        return None


def _settle_hook(stages: Stages, fetched, warehouse: str, run_id: str, totals: RunTotals, logger) -> None:
    """After the last load: every fetched page ends loaded, unchanged or failed; counts for the summary."""
    if fetched is None or stages.settle is None:
        return
    try:
        totals.fetch = stages.settle(warehouse, run_id, fetched)
    except Exception as exc:  # noqa: BLE001 - loaded data stays; the pages stay 'fetched' and are asked again
        totals.errors.append(f"settling the fetched pages failed: {type(exc).__name__}: {exc}")
        logger.error(totals.errors[-1])


def run_stages(
    stages: Stages,
    source: str | None = DEFAULT_SOURCE,
    warehouse: str = DEFAULT_WAREHOUSE,
    batch_size: int = 1000,
    max_bytes: int = 20_000_000,
    workers: int | None = None,
    lock_timeout: float = 900.0,
    fetch_plan: FetchPlan | None = None,
) -> dict:
    """One pipeline run over the folder ``source`` and/or the feeds and pages of ``fetch_plan``
    into ``warehouse``, with the given stage callables."""
    logger = stages.logger()
    source = str(source) if source is not None else None
    warehouse = str(warehouse)
    label = " + ".join(x for x in (source, fetch_plan.describe() if fetch_plan else None) if x) or "nothing"
    with run_lock(warehouse, lock_timeout, on_wait=lambda p: logger.info("waiting for another run to release %s", p)):
        run_id = uuid.uuid4().hex
        totals = RunTotals(run_id=run_id, source=label, warehouse=warehouse)
        stages.start(warehouse, run_id, label)
        fetched = _fetch_hook(stages, fetch_plan, warehouse, run_id, totals, logger)
        candidates, rejections = (list(fetched.candidates) if fetched is not None else []), []
        if source is not None:
            try:
                found, rejections = stages.discover(source, max_bytes)
            except FileNotFoundError as exc:
                totals.errors.append(str(exc))
                stages.summary(totals)
                raise
            candidates += found
        totals.n_discovered = len(candidates) + len(rejections)
        pending = [_rejection_dict(r) for r in rejections]
        logger.info("discovered %d inputs in %s (%d rejected on sight)", len(candidates), label, len(rejections))
        bar = _progress(len(candidates))
        n_batches = max(1, -(-len(candidates) // batch_size))
        window = stages.window() if stages.submit_extract is not None else 1
        if window > 1:
            logger.info("extracting up to %d batches at once", window)
        in_flight: deque[_Batch] = deque()
        extracting: dict[str, int] = {}  # doc_id -> batch number, for batches still in flight

        def begin(number: int, batch: list) -> _Batch:
            docs, read_rejections = stages.read(batch, max_bytes)
            known = stages.known(warehouse, [d.doc_id for d in docs]) if docs else set()
            fresh = [d for d in docs if d.doc_id not in known and d.doc_id not in extracting]
            held = [d for d in docs if d.doc_id not in known and d.doc_id in extracting]
            if not fresh:
                extraction = None
            elif window > 1:
                extraction = stages.submit_extract(fresh, workers)
            else:
                extraction = stages.extract(fresh, workers)
            for d in fresh:
                extracting[d.doc_id] = number
            return _Batch(number, len(batch), docs, set(known), fresh, held,
                          [_rejection_dict(r) for r in read_rejections], extraction, dict(known))

        def finish(b: _Batch) -> None:
            nonlocal pending
            if b.extraction is None:
                frames, failures = {}, []
            elif window > 1:
                frames, failures = b.extraction.result()
            else:
                frames, failures = b.extraction
            b.extraction = None
            known, fresh = b.known, b.fresh
            if b.held:  # loaded by an earlier batch by now, unless that batch failed on them
                now_known = stages.known(warehouse, [d.doc_id for d in b.held])
                known |= set(now_known)
                late = [d for d in b.held if d.doc_id not in now_known]
                if late:
                    more, more_failures = stages.extract(late, workers)
                    frames, failures = _concat_frames(frames, more), failures + more_failures
                    fresh = fresh + late
            for d in b.fresh:
                extracting.pop(d.doc_id, None)
            batch_pending = pending + b.rejections
            pending = []
            failed_ids = {f["doc_id"] for f in failures}
            batch_pending += [
                {"stage": "extract", "reason": f["reason"], "source_path": f["source_path"], "doc_id": f["doc_id"], "detail": f["detail"]}
                for f in failures
            ]
            fresh = [d for d in fresh if d.doc_id not in failed_ids]
            for fact_type, frame in frames.items():
                totals.facts[fact_type] += frame.height
            validated = stages.validate(frames, fresh) if fresh else None
            if validated is not None:
                totals.quality += [vars(o) for s in validated.outcomes for o in s.outcomes]
                totals.expectations_passed += sum(s.passed for s in validated.outcomes)
                totals.expectations_failed += sum(s.failed for s in validated.outcomes)
            if validated is not None and validated.errors:
                # a suite that could not run: load nothing of this batch, say why
                totals.errors += validated.errors
                batch_pending += [
                    {"stage": "validate", "reason": "suite_error", "source_path": d.source_path, "doc_id": d.doc_id,
                     "detail": "not loaded: " + "; ".join(validated.errors)}
                    for d in fresh
                ]
                fresh = []
                logger.error("batch %d/%d not loaded: %s", b.number, n_batches, "; ".join(validated.errors))
            quarantined = validated.quarantined if validated is not None else []
            totals.rows_rejected += len(quarantined)
            load_docs = fresh + [d for d in b.docs if d.doc_id in known]
            to_write = batch_pending + quarantined
            if not fresh and not to_write and _all_paths_recorded(b.docs, b.known_paths):
                # nothing new, changed or renamed: skip the write (and its task run)
                result = wh.LoadResult(n_unchanged=len(b.docs))
            else:
                result = stages.load(warehouse, run_id, load_docs, validated.frames if validated else {}, to_write)
            totals.rejections += to_write
            totals.n_rejected += sum(map(_is_input_rejection, batch_pending))
            totals.n_new += result.n_new
            totals.n_changed += result.n_changed
            totals.n_unchanged += result.n_unchanged
            totals.rows_loaded += result.rows_loaded
            totals.batches += 1
            if bar is not None:
                bar.update(b.size)
                bar.clear()  # keep the log line off the bar's line
            logger.info(
                "batch %d/%d: %d read, %d new or changed, %d unchanged, %d rows loaded",
                b.number, n_batches, len(b.docs), result.n_new + result.n_changed, result.n_unchanged, result.rows_loaded,
            )
            if bar is not None:
                bar.refresh()

        # Batches are read and their extraction started up to ``window`` ahead; validation and
        # the load (the one DuckDB writer) follow in batch order in this process.
        for number, start in enumerate(range(0, len(candidates), batch_size), start=1):
            in_flight.append(begin(number, candidates[start : start + batch_size]))
            while len(in_flight) >= window:
                finish(in_flight.popleft())
        while in_flight:
            finish(in_flight.popleft())
        if pending:  # rejections with no batch to ride on (e.g. every file bad)
            record_rejections(warehouse, run_id, pending)
            totals.rejections += pending
            totals.n_rejected += sum(map(_is_input_rejection, pending))
        if bar is not None:
            bar.close()
        _settle_hook(stages, fetched, warehouse, run_id, totals, logger)
        if stages.enrich is not None and not totals.errors:
            try:
                derived = stages.enrich(warehouse, changed=bool(totals.n_new or totals.n_changed))
            except Exception as exc:  # noqa: BLE001 - loaded data stays; the run is reported failed
                totals.errors.append(f"cross-check and events could not be refreshed: {type(exc).__name__}: {exc}")
                logger.error(totals.errors[-1])
            else:
                totals.derived = derived["counts"]
                totals.agreement_lines = derived["agreement_lines"]
                agreement = derived["agreement"] or {}
                totals.disagreements = agreement.get("disagreements", [])
                totals.quality += [{"suite": "rating_checks", **o} for o in agreement.get("suite", [])]
        record = stages.summary(totals)
        for line in summary_lines(totals):
            logger.info(line)
        return {**record, "run_id": run_id, "lines": summary_lines(totals), "warehouse": warehouse, "source": label,
                "agreement_lines": totals.agreement_lines, "derived": totals.derived,
                "fetch": totals.fetch.as_dict() if totals.fetch else None}


@flow(name="ofsted-pipeline", log_prints=True)
def ofsted_pipeline(
    source: str | None = DEFAULT_SOURCE,
    warehouse: str = DEFAULT_WAREHOUSE,
    batch_size: int = 1000,
    max_bytes: int = 20_000_000,
    workers: int | None = None,
    lock_timeout: float = 900.0,
    sources: str | None = None,
    feeds: list[str] | None = None,
    urls: list[str] | None = None,
) -> dict:
    """Load every text under ``source`` (a folder; None: none) and the relevant pages of the
    feeds and pages in the ``sources`` file, ``feeds`` and ``urls`` into the DuckDB ``warehouse``.

    New documents are added, changed ones (same path, new content) replaced, unchanged ones
    skipped; nothing is deleted because it is absent from this folder. Returns the run summary.
    """
    plan = build_plan(sources, feeds or (), urls or (), FetchSettings(max_bytes=max_bytes))
    return run_stages(PREFECT_STAGES, source, warehouse, batch_size, max_bytes, workers, lock_timeout, plan)


def run_pipeline(**params) -> dict:
    """Run the flow (with Prefect) and return its summary."""
    return ofsted_pipeline(**params)


if __name__ == "__main__":
    print("\n".join(run_pipeline(source=sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SOURCE)["lines"]))
