"""The pipeline's core: one run over a source folder into a warehouse, without Prefect.

A run is four named steps, each a plain function of typed records:

1. :func:`plan_run` -- discover the inputs, read those that changed since they were last read
   (size and modification time), settle duplicates across the whole run (the same text under
   two names is one document with both names), ask the warehouse which documents it already
   holds and which it holds from another extraction version, and cut the work into
   :class:`BatchPlan` s. Nothing is extracted twice and nothing is decided later.
2. :func:`start_extraction` -- start extracting one batch (new documents, and documents to
   re-extract); with a Prefect task runner this runs ahead, in the background.
3. :func:`validate_group` and :func:`finish_batch` -- validate the frames of a few batches with
   one Great Expectations call per suite (its cost is per call, not per row), then load each
   batch in ONE transaction, giving a :class:`BatchOutcome`. A suite that cannot run stops
   only the batches it concerns.
4. :func:`accumulate` -- add a batch's outcome to the run's :class:`~tasks.summary.RunTotals`.

:func:`run_stages` strings them together under the warehouse's run lock. Every stage that
touches files or the warehouse is a callable of :class:`Stages`: ``flows/pipeline.py`` passes
them wrapped as Prefect tasks, :func:`plain_stages` passes the plain functions of ``tasks/``
(for ``ofsted evaluate``, tests and scripts). This module never imports Prefect or ``flows``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import sys
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ofsted.extract.version import extraction_version
from ofsted.locking import run_lock
from ofsted.model import Document

DEFAULT_SOURCE = "seeds"
DEFAULT_WAREHOUSE = "warehouse/ofsted.duckdb"
DEFAULT_BATCH_SIZE = 1000
#: Documents validated together (one Great Expectations call per suite): about 2.5 CPU-s per
#: group for the six suites whether it holds 1,000 documents or 3,000, so larger groups cost
#: less per document (2 groups at 10,000 documents); each batch of the group still loads in its
#: own transaction.
DEFAULT_VALIDATE_DOCS = 6000


@dataclass(frozen=True)
class Stages:
    """The stage callables of one run: Prefect tasks in the flow, plain functions elsewhere.

    Signatures (the plain functions in ``tasks/``):

    * ``start(warehouse, run_id, source)``: migrate the warehouse, record the run as started;
    * ``discover(source, max_bytes, exclude, warehouse) -> Discovery``;
    * ``check_files(warehouse, [(path, size, mtime_ns)], version, reextract) -> FileCheck``;
    * ``read(candidates, max_bytes) -> (documents, rejections)``;
    * ``known(warehouse, doc_ids) -> {doc_id: {paths}}``;
    * ``stored(warehouse, doc_ids) -> documents`` (to re-extract documents not read this run);
    * ``extract(documents, workers) -> (frames, failures)``;
    * ``validate(parts) -> ValidatedGroup``, ``parts`` a list of ``(frames, documents)``;
    * ``load(warehouse, run_id, documents, frames, rejections, reextracted, version, file_stats) -> LoadResult``;
    * ``summary(totals) -> record``; ``enrich(warehouse, changed=...) -> derived``.
    """

    start: Callable
    discover: Callable
    check_files: Callable
    read: Callable
    known: Callable
    stored: Callable
    extract: Callable
    validate: Callable
    load: Callable
    summary: Callable
    logger: Callable
    #: start extraction without waiting (returns a future with ``.result()``); None: run inline
    submit_extract: Callable | None = None
    #: ``start`` without waiting (returns a future with ``.result()``, or None when it cannot: then
    #: ``start`` runs), while the folder is discovered; None: ``start`` runs first
    submit_start: Callable | None = None
    #: batches to keep extracting beyond the group being validated and loaded; None: all of
    #: them (only used when ``submit_extract`` is set)
    window: Callable[[], int | None] = lambda: None
    #: work for this process while the first batches extract in the background (importing Great
    #: Expectations, seconds of CPU otherwise paid by the first validation); None: nothing
    prepare: Callable[[], None] | None = None
    #: refresh tables derived from the whole warehouse (official checks, events); None: skip
    enrich: Callable | None = None
    #: ``fetch(plan, warehouse, run_id) -> FetchResult``: fetch feeds and pages before discovery
    #: (:func:`ofsted.fetch.fetch_sources`); None: no fetching
    fetch: Callable | None = None
    #: ``settle(warehouse, run_id, fetched) -> FetchCounts``: after the last load
    #: (:func:`ofsted.fetch.settle_fetches`)
    settle: Callable | None = None
    #: ``read_parts(parts, max_bytes) -> (documents, rejections)``: ``read`` over each part (a
    #: batch's files) in one call; None: ``read`` is called per part
    read_parts: Callable | None = None
    #: ``after_validation(totals) -> wait``: called once the run's last group is validated, before
    #: its batches load; the work it starts (the flow begins its Data Docs) may run meanwhile, and
    #: ``wait()`` is called after the last load, before anything validates again. None: nothing
    after_validation: Callable | None = None


@dataclass(frozen=True)
class RunOptions:
    """What one run is asked to do (the ``ofsted run`` options)."""

    #: the folder to read; None: none (a run of feeds and pages only)
    source: str | None = DEFAULT_SOURCE
    warehouse: str = DEFAULT_WAREHOUSE
    batch_size: int = DEFAULT_BATCH_SIZE
    max_bytes: int = 20_000_000
    workers: int | None = None
    lock_timeout: float = 900.0
    #: gitignore-style patterns of paths to leave out (``--exclude``), besides ``.ofstedignore``
    exclude: tuple[str, ...] = ()
    #: re-extract every document of the warehouse, whatever its extraction version
    reextract: bool = False
    validate_docs: int = DEFAULT_VALIDATE_DOCS
    #: analysts' corrections file (default: corrections.csv beside the warehouse)
    corrections: str | None = None


@dataclass
class BatchPlan:
    """One batch: what to extract, what to re-extract, what only gains names; loaded in one transaction."""

    number: int
    #: documents read this run that need extracting: new content, or held with another version
    extract: list[Document] = field(default_factory=list)
    #: of those, the ones the warehouse already holds (their facts are replaced)
    reextract_ids: set[str] = field(default_factory=set)
    #: documents the warehouse holds but this run did not read, to re-extract from their stored text
    stored_ids: list[str] = field(default_factory=list)
    #: documents held already with the current version, read under a name not yet recorded
    rename: list[Document] = field(default_factory=list)
    #: rejected inputs (discovery, reading) recorded in this batch's transaction
    rejections: list[dict] = field(default_factory=list)
    #: source_path -> (size_bytes, mtime_ns) of the files read for this batch's documents
    file_stats: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.extract) + len(self.stored_ids) + len(self.rename)


@dataclass
class RunPlan:
    """The whole run, decided before anything is extracted."""

    batches: list[BatchPlan]
    n_discovered: int
    n_excluded: int
    n_read: int
    #: documents held already with the current version and every name recorded: nothing to do
    n_untouched: int
    #: files not read at all: same size and modification time as when they were last read
    n_skipped_files: int = 0
    #: rejections when there is no batch to carry them
    rejections: list[dict] = field(default_factory=list)


@dataclass
class Extracted:
    """A batch with its extraction under way (``pending``) or done (``frames``, ``failures``)."""

    plan: BatchPlan
    documents: list[Document]
    pending: object = None
    frames: dict = field(default_factory=dict)
    failures: list[dict] = field(default_factory=list)


@dataclass
class BatchOutcome:
    """What one batch did, for the run's totals."""

    number: int
    size: int
    n_new: int = 0
    n_changed: int = 0
    n_unchanged: int = 0
    n_reextracted: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    facts: dict[str, int] = field(default_factory=dict)
    #: rows written to ``rejected`` (inputs, extraction failures, quarantined rows)
    rejections: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def rejection_dict(rejection) -> dict:
    """An ingest :class:`~ofsted.ingest.Rejection` as a ``rejected`` row's fields."""
    return {"stage": rejection.stage, "reason": rejection.reason, "source_path": rejection.source_path,
            "detail": rejection.detail}


def is_input_rejection(row: dict) -> bool:
    """An input that did not become a loaded document (not a quarantined row, not a sidecar note)."""
    return row["stage"] in {"discover", "read", "extract"} or row["reason"] == "suite_error"


# --------------------------------------------------------------------------------------------
# Step 1: plan


def settle_duplicates(docs: list[Document]) -> list[Document]:
    """One document per content across the whole run, in first-seen order: the first name is
    its ``source_path``, the other names join ``extra_paths``, and metadata it lacks comes from
    the others in order (what :func:`ofsted.ingest.read_documents` does within one call).

    >>> a = Document("d1", "a.txt", "x", "0" * 64, title=None)
    >>> b = Document("d1", "b.txt", "x", "0" * 64, title="T", extra_paths=("c.txt",))
    >>> [(d.source_path, d.extra_paths, d.title) for d in settle_duplicates([a, b])]
    [('a.txt', ('b.txt', 'c.txt'), 'T')]
    """
    groups: dict[str, list[Document]] = {}
    for doc in docs:
        groups.setdefault(doc.doc_id, []).append(doc)
    settled = []
    for group in groups.values():
        first = group[0]
        if len(group) > 1:
            names = list(dict.fromkeys(p for d in group for p in (d.source_path, *d.extra_paths)))
            filled = {
                f: next((getattr(d, f) for d in group if getattr(d, f) is not None), None)
                for f in ("published_date", "title", "publisher", "url", "author")
            }
            first = dataclasses.replace(first, extra_paths=tuple(n for n in names if n != first.source_path), **filled)
        settled.append(first)
    return settled


def plan_run(stages: Stages, options: RunOptions, logger, fetched: Sequence = (),
             warehouse_ready: Callable[[], object] | None = None) -> RunPlan:
    """Discover, read and settle every input, then cut the work into batches.

    A file with the size and modification time recorded when it was last read is not read again
    (it holds the same document). Raises ``FileNotFoundError`` when the source folder does not exist.
    ``fetched`` are the candidates of fetched pages (archived bodies, always read).
    ``warehouse_ready`` (when the warehouse is still being readied meanwhile) is called after
    discovery, before the warehouse is first asked.
    """
    from ofsted.ingest.discover import Discovery

    found = Discovery()
    if options.source is not None:
        found = stages.discover(options.source, options.max_bytes, list(options.exclude), options.warehouse)
        logger.info("discovered %d inputs in %s (%d rejected on sight, %d left out)", len(found.candidates),
                    options.source, len(found.rejections), len(found.excluded))
    rejections = [rejection_dict(r) for r in found.rejections]
    # one JSON Lines file holds many documents under other names: always read
    stats = {c.source_path: (c.size, c.mtime_ns) for c in found.candidates if c.fmt != "jsonl"}
    version = extraction_version()
    if warehouse_ready is not None:
        warehouse_ready()
    check = stages.check_files(options.warehouse, [(p, *st) for p, st in stats.items()], version, options.reextract)
    to_read = list(fetched) + [c for c in found.candidates if c.source_path not in check.unchanged]
    docs: list[Document] = []
    parts = [to_read[start : start + options.batch_size] for start in range(0, len(to_read), options.batch_size)]
    if stages.read_parts is not None and len(parts) > 1:
        docs, read_rejections = stages.read_parts(parts, options.max_bytes)
        rejections += [rejection_dict(r) for r in read_rejections]
    else:
        for part in parts:
            part_docs, read_rejections = stages.read(part, options.max_bytes)
            docs += part_docs
            rejections += [rejection_dict(r) for r in read_rejections]
    docs = settle_duplicates(docs)
    known = stages.known(options.warehouse, [d.doc_id for d in docs]) if docs else {}
    stale = set(check.stale)

    batches: list[BatchPlan] = []
    untouched: set[str] = set()

    def current() -> BatchPlan:
        if not batches or batches[-1].size >= options.batch_size:
            batches.append(BatchPlan(number=len(batches) + 1))
        return batches[-1]

    def with_stats(batch: BatchPlan, doc: Document) -> None:
        batch.file_stats.update({p: stats[p] for p in (doc.source_path, *doc.extra_paths) if p in stats})

    for doc in docs:
        paths = known.get(doc.doc_id)
        if paths is None:
            batch = current()
            batch.extract.append(doc)
        elif doc.doc_id in stale:
            batch = current()
            batch.extract.append(doc)
            batch.reextract_ids.add(doc.doc_id)
        elif not {doc.source_path, *doc.extra_paths} <= paths or any(p in stats for p in (doc.source_path, *doc.extra_paths)):
            # a new name, or a file read again (touched, or its size and time not yet recorded):
            # record its names and file times, so the next run need not read it
            batch = current()
            batch.rename.append(doc)
        else:
            untouched.add(doc.doc_id)
            continue
        with_stats(batch, doc)
    read_ids = {d.doc_id for d in docs}
    skipped_ids = set(check.unchanged.values()) - read_ids
    for doc_id in check.stale:  # held, another version, not read this run: from the stored text
        if doc_id not in read_ids:
            current().stored_ids.append(doc_id)
    untouched |= skipped_ids - stale
    plan = RunPlan(batches, len(fetched) + len(found.candidates) + len(found.rejections), len(found.excluded), len(docs),
                   len(untouched), len(found.candidates) + len(fetched) - len(to_read))
    if batches:
        batches[0].rejections = rejections
    else:
        plan.rejections = rejections
    return plan


# --------------------------------------------------------------------------------------------
# Step 2: extract


def start_extraction(stages: Stages, options: RunOptions, batch: BatchPlan, ahead: bool) -> Extracted:
    """Start extracting a batch: in the background when ``ahead`` (the stage can submit), else now."""
    docs = list(batch.extract)
    if batch.stored_ids:
        docs += stages.stored(options.warehouse, batch.stored_ids)
    extracted = Extracted(batch, docs)
    if not docs:
        return extracted
    if ahead and stages.submit_extract is not None:
        extracted.pending = stages.submit_extract(docs, options.workers)
    else:
        extracted.frames, extracted.failures = stages.extract(docs, options.workers)
    return extracted


def wait_extraction(extracted: Extracted) -> Extracted:
    if extracted.pending is not None:
        extracted.frames, extracted.failures = extracted.pending.result()
        extracted.pending = None
    return extracted


# --------------------------------------------------------------------------------------------
# Step 3: validate a group, load each batch


def _extracted_ok(extracted: Extracted) -> list[Document]:
    failed = {f["doc_id"] for f in extracted.failures}
    return [d for d in extracted.documents if d.doc_id not in failed]


def validate_group(stages: Stages, group: list[Extracted]):
    """One validation over the batches that have something to validate; returns
    ``(ValidatedGroup | None, {batch number: ValidatedBatch})``."""
    todo = [e for e in group if _extracted_ok(e)]
    if not todo:
        return None, {}
    validated = stages.validate([(e.frames, _extracted_ok(e)) for e in todo])
    return validated, {e.plan.number: v for e, v in zip(todo, validated.batches)}


def finish_batch(stages: Stages, options: RunOptions, run_id: str, extracted: Extracted, validated) -> BatchOutcome:
    """Load one validated batch in one transaction and say what it did."""
    plan = extracted.plan
    outcome = BatchOutcome(plan.number, plan.size)
    outcome.facts = {t: f.height for t, f in extracted.frames.items()}
    pending = list(plan.rejections)
    pending += [
        {"stage": "extract", "reason": f["reason"], "source_path": f["source_path"], "doc_id": f["doc_id"],
         "detail": f["detail"]}
        for f in extracted.failures
    ]
    redo = plan.reextract_ids | set(plan.stored_ids)
    good = _extracted_ok(extracted)
    if validated is not None and validated.errors:
        # a suite that could not run: load nothing extracted in this batch, say why
        outcome.errors += validated.errors
        pending += [
            {"stage": "validate", "reason": "suite_error", "source_path": d.source_path, "doc_id": d.doc_id,
             "detail": "not loaded: " + "; ".join(validated.errors)}
            for d in good if d.doc_id not in redo
        ]
        good = []
    quarantined = validated.quarantined if validated is not None and good else []
    frames = validated.frames if validated is not None and good else {}
    outcome.rows_quarantined = len(quarantined)
    new = [d for d in good if d.doc_id not in redo]
    reextracted = [d for d in good if d.doc_id in redo]
    # the names (and file times) of every document read this run that the warehouse holds or
    # now receives -- also of one whose re-extraction failed
    named = new + [d for d in plan.extract if d.doc_id in plan.reextract_ids] + plan.rename
    to_write = pending + quarantined
    if named or reextracted or to_write:
        result = stages.load(options.warehouse, run_id, named, frames, to_write, reextracted, extraction_version(),
                             plan.file_stats)
        outcome.n_new, outcome.n_changed = result.n_new, result.n_changed
        outcome.n_unchanged, outcome.n_reextracted = result.n_unchanged, result.n_reextracted
        outcome.rows_loaded = result.rows_loaded
    outcome.rejections = to_write
    return outcome


# --------------------------------------------------------------------------------------------
# Step 4: totals


def accumulate(totals, outcome: BatchOutcome) -> None:
    """Add one batch's outcome to the run's totals."""
    for fact_type, n in outcome.facts.items():
        totals.facts[fact_type] = totals.facts.get(fact_type, 0) + n
    totals.n_new += outcome.n_new
    totals.n_changed += outcome.n_changed
    totals.n_unchanged += outcome.n_unchanged
    totals.n_reextracted += outcome.n_reextracted
    totals.rows_loaded += outcome.rows_loaded
    totals.rows_rejected += outcome.rows_quarantined
    totals.rejections += outcome.rejections
    totals.n_rejected += sum(map(is_input_rejection, outcome.rejections))
    totals.errors += outcome.errors
    totals.batches += 1


def accumulate_quality(totals, validated) -> None:
    """Add a validation group's suite outcomes (counted once per group)."""
    if validated is None:
        return
    totals.quality += [vars(o) for s in validated.outcomes for o in s.outcomes]
    totals.expectations_passed += sum(s.passed for s in validated.outcomes)
    totals.expectations_failed += sum(s.failed for s in validated.outcomes)


def accumulate_derived(totals, derived: dict) -> None:
    totals.derived = derived["counts"]
    totals.agreement_lines = derived["agreement_lines"]
    agreement = derived["agreement"] or {}
    totals.disagreements = agreement.get("disagreements", [])
    totals.quality += [{"suite": "rating_checks", **o} for o in agreement.get("suite", [])]


# --------------------------------------------------------------------------------------------
# The run


def _progress(total: int):
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", desc="documents", file=sys.stderr)


def _groups(batches: list[BatchPlan], validate_docs: int) -> list[list[BatchPlan]]:
    """Consecutive batches validated together: up to ``validate_docs`` documents a group.

    >>> sizes = lambda n, docs: [len(g) for g in _groups([BatchPlan(i, extract=[None] * 1000) for i in range(n)], docs)]
    >>> sizes(10, 6000), sizes(10, 3000), sizes(3, 6000), sizes(1, 6000)
    ([6, 4], [3, 3, 3, 1], [3], [1])
    """
    groups: list[list[BatchPlan]] = []
    size = 0
    for batch in batches:
        if not groups or size + batch.size > max(validate_docs, batch.size):
            groups.append([])
            size = 0
        groups[-1].append(batch)
        size += batch.size
    return groups


def execute(stages: Stages, options: RunOptions, run_id: str, plan: RunPlan, totals, logger) -> Callable[[], None]:
    """Extract, validate and load the planned batches, group by group. When the stage can
    submit, extraction runs ahead of the group being validated and loaded (``stages.window()``
    batches; by default all of them), so the extraction workers never wait for this process.

    Returns what to call before anything validates again (see ``Stages.after_validation``)."""
    ahead = stages.submit_extract is not None
    groups = _groups(plan.batches, options.validate_docs)
    window = 0
    if ahead:
        asked = stages.window()
        window = len(plan.batches) if asked is None else max(0, asked)
        logger.info("extracting up to %d batches ahead of validation and loading", window)
    order = [b for g in groups for b in g]
    prepare = stages.prepare if any(b.extract or b.stored_ids for b in order) else None
    started: deque[Extracted] = deque()
    next_batch = group_end = 0
    bar = _progress(sum(b.size for b in order))
    wait: Callable[[], None] = _nothing
    for number, group in enumerate(groups, 1):
        group_end += len(group)
        while next_batch < min(len(order), group_end + window):
            started.append(start_extraction(stages, options, order[next_batch], ahead))
            next_batch += 1
        if prepare is not None and ahead:
            try:  # while the first batches extract
                prepare()
            except Exception as exc:  # noqa: BLE001 - validation meets the same problem and reports it per batch
                logger.warning("could not prepare validation ahead: %s: %s", type(exc).__name__, exc)
            prepare = None
        extracted = [wait_extraction(started.popleft()) for _ in group]
        validated, per_batch = validate_group(stages, extracted)
        accumulate_quality(totals, validated)
        if number == len(groups) and validated is not None and stages.after_validation is not None:
            wait = _started(stages.after_validation, totals, logger)
        for e in extracted:
            outcome = finish_batch(stages, options, run_id, e, per_batch.get(e.plan.number))
            accumulate(totals, outcome)
            if bar is not None:
                bar.update(outcome.size)
                bar.clear()  # keep the log line off the bar's line
            if outcome.errors:
                logger.error("batch %d/%d not loaded: %s", outcome.number, len(order), "; ".join(outcome.errors))
            logger.info(
                "batch %d/%d: %d documents, %d new or changed, %d re-extracted, %d unchanged, %d rows loaded",
                outcome.number, len(order), outcome.size, outcome.n_new + outcome.n_changed, outcome.n_reextracted,
                outcome.n_unchanged, outcome.rows_loaded,
            )
            if bar is not None:
                bar.refresh()
    if bar is not None:
        bar.close()
    return wait


def _nothing() -> None:
    return None


def _started(hook: Callable, totals, logger) -> Callable[[], None]:
    """``hook(totals)``'s wait callable; a hook that fails only logs a warning."""
    try:
        return hook(totals) or _nothing
    except Exception as exc:  # noqa: BLE001 - work done ahead is a convenience (it is done later instead)
        logger.warning("work ahead of the last loads failed: %s: %s", type(exc).__name__, exc)
        return _nothing


def fetch_hook(stages: Stages, plan, warehouse: str, run_id: str, totals, logger):
    """Before discovery: fetch the plan's feeds and pages (:mod:`ofsted.fetch`); their relevant
    pages join the run as candidates read like files. A failure is the run's error, never the
    folder's loss."""
    if plan is None or stages.fetch is None:
        return None
    try:
        return stages.fetch(plan, warehouse, run_id)
    except Exception as exc:  # noqa: BLE001 - the folder still loads; the run is reported failed
        totals.errors.append(f"fetching {plan.describe()} failed: {type(exc).__name__}: {exc}")
        logger.error(totals.errors[-1])
        return None


def settle_hook(stages: Stages, fetched, warehouse: str, run_id: str, totals, logger) -> None:
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
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_bytes: int = 20_000_000,
    workers: int | None = None,
    lock_timeout: float = 900.0,
    exclude: Sequence[str] = (),
    reextract: bool = False,
    validate_docs: int = DEFAULT_VALIDATE_DOCS,
    corrections: str | None = None,
    fetch_plan=None,
) -> dict:
    """One pipeline run over the folder ``source`` (None: none) and the feeds and pages of
    ``fetch_plan`` (an :class:`ofsted.fetch.FetchPlan`; None: none) into ``warehouse``, with the
    given stage callables.

    ``corrections`` is the analysts' corrections file (default: ``corrections.csv`` beside the
    warehouse), loaded after the batches and before the cross-check and events.

    Returns the run summary (the ``pipeline_runs`` record, plus ``run_id``, ``lines`` ...).
    """
    from ofsted.apply_corrections import load_for_run
    from tasks.summary import RunTotals, summary_lines

    options = RunOptions(None if source is None else str(source), str(warehouse), batch_size, max_bytes, workers,
                         lock_timeout, tuple(exclude), reextract, validate_docs, corrections)
    label = " + ".join(x for x in (options.source, fetch_plan.describe() if fetch_plan else None) if x) or "nothing"
    logger = stages.logger()
    with run_lock(options.warehouse, lock_timeout,
                  on_wait=lambda p: logger.info("waiting for another run to release %s", p)):
        run_id = uuid.uuid4().hex
        totals = RunTotals(run_id=run_id, source=label, warehouse=options.warehouse,
                           started_at=dt.datetime.now(dt.timezone.utc))
        starting = None
        if stages.submit_start is not None and fetch_plan is None and options.source is not None:
            # the warehouse is readied (created or migrated, the run recorded) while the folder is
            # discovered: discovery never touches it
            starting = stages.submit_start(options.warehouse, run_id, label)
        if starting is None:
            stages.start(options.warehouse, run_id, label)
        fetched = fetch_hook(stages, fetch_plan, options.warehouse, run_id, totals, logger)
        try:
            plan = plan_run(stages, options, logger, fetched.candidates if fetched is not None else (),
                            warehouse_ready=starting.result if starting is not None else None)
        except FileNotFoundError as exc:
            if starting is not None:
                starting.result()
            totals.errors.append(str(exc))
            stages.summary(totals)
            raise
        totals.n_discovered, totals.n_excluded, totals.n_read = plan.n_discovered, plan.n_excluded, plan.n_read
        totals.n_unchanged += plan.n_untouched
        if plan.n_skipped_files:
            logger.info("%d files unchanged since they were read (same size and time): not read again",
                        plan.n_skipped_files)
        wait = execute(stages, options, run_id, plan, totals, logger)
        wait()  # whatever began after the last validation is done before anything validates again
        if plan.rejections:  # rejections with no batch to ride on (e.g. every file bad)
            stages.load(options.warehouse, run_id, [], {}, plan.rejections, [], extraction_version(), {})
            totals.rejections += plan.rejections
            totals.n_rejected += sum(map(is_input_rejection, plan.rejections))
        settle_hook(stages, fetched, options.warehouse, run_id, totals, logger)
        # Hook: analysts' corrections are loaded before the cross-check and events, which read them.
        fixes = load_for_run(options.warehouse, options.corrections)
        totals.corrections = fixes
        if stages.enrich is not None and not totals.errors:
            try:
                derived = stages.enrich(options.warehouse, changed=bool(
                    totals.n_new or totals.n_changed or totals.n_reextracted or fixes.changed))
            except Exception as exc:  # noqa: BLE001 - loaded data stays; the run is reported failed
                totals.errors.append(f"cross-check and events could not be refreshed: {type(exc).__name__}: {exc}")
                logger.error(totals.errors[-1])
            else:
                accumulate_derived(totals, derived)
        if fixes.error:  # reported after the refresh, which still ran with the corrections loaded before
            totals.errors.append(fixes.error)
        record = stages.summary(totals)
        for line in summary_lines(totals):
            logger.info(line)
        return {**record, "run_id": run_id, "lines": summary_lines(totals), "warehouse": options.warehouse,
                "source": label, "agreement_lines": totals.agreement_lines, "derived": totals.derived,
                "corrections": fixes.as_dict(), "fetch": totals.fetch.as_dict() if totals.fetch else None}


# --------------------------------------------------------------------------------------------
# The plain stages


def plain_start(warehouse: str, run_id: str, source: str, flow_run_id: str | None = None) -> list[int]:
    """Create or migrate the warehouse and record the run as started."""
    from ofsted import warehouse as wh

    with wh.open_warehouse(warehouse) as con:
        applied = wh.migrate(con)
        wh.start_run(con, run_id, source, flow_run_id)
    return applied


def plain_summary(totals) -> dict:
    """Record the run's outcome in ``pipeline_runs``."""
    from ofsted import warehouse as wh

    with wh.open_warehouse(totals.warehouse) as con:
        wh.finish_run(con, totals.run_id, totals.as_record())
    return totals.as_record()


def plain_stages() -> Stages:
    """The stages as plain function calls (no Prefect): for ``ofsted evaluate``, tests, scripts."""
    from ofsted.fetch import fetch_sources, settle_fetches
    from tasks.discover import discover_inputs
    from tasks.enrich import refresh_derived
    from tasks.extract import extract_facts
    from tasks.load import check_files, known_doc_ids, load_documents, stored_documents
    from tasks.read import read_inputs
    from tasks.validate import validate_batches

    return Stages(
        start=plain_start,
        discover=discover_inputs,
        check_files=check_files,
        read=read_inputs,
        known=known_doc_ids,
        stored=stored_documents,
        extract=extract_facts,
        validate=validate_batches,
        load=load_documents,
        summary=plain_summary,
        logger=lambda: logging.getLogger("ofsted.pipeline"),
        enrich=refresh_derived,
        fetch=fetch_sources,
        settle=settle_fetches,
    )


def run_plain(source: str = DEFAULT_SOURCE, warehouse: str = DEFAULT_WAREHOUSE, **options) -> dict:
    """:func:`run_stages` with :func:`plain_stages`: a whole run without Prefect."""
    return run_stages(plain_stages(), source, warehouse, **options)
