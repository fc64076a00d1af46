"""Stage 4: validate each frame with its Great Expectations suite and quarantine failing rows."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from ofsted.model import FACT_TYPES, Document
from ofsted.validation import DEFAULT_SUITES_DIR, SuiteOutcome, load_suites, split_valid, validate_frame

#: Helper column joined in before validation so suites can check that spans lie inside the text.
DOC_LENGTH = "doc_n_chars"
#: Columns derived only for validation (dropped before loading). Single-column checks on them are
#: much cheaper in Great Expectations than its row-by-row column-pair expectations.
DERIVED = ("span_length", "span_room", "scale_rating", "scale_previous_rating", DOC_LENGTH)


def with_check_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """Add the derived columns the suites check: span length, room left after the span, and
    ``scale:label`` pairs for ratings.

    >>> f = pl.DataFrame({"start_char": [2], "end_char": [5], "doc_n_chars": [9], "scale": ["ofsted_4"], "rating": ["good"], "previous_rating": [None]})
    >>> with_check_columns(f).select("span_length", "span_room", "scale_rating", "scale_previous_rating").row(0)
    (3, 4, 'ofsted_4:good', None)
    """
    extra = []
    if {"start_char", "end_char"} <= set(frame.columns):
        extra.append((pl.col("end_char") - pl.col("start_char")).alias("span_length"))
        if DOC_LENGTH in frame.columns:
            extra.append((pl.col(DOC_LENGTH) - pl.col("end_char")).alias("span_room"))
    for column in ("rating", "previous_rating"):
        if {"scale", column} <= set(frame.columns):
            extra.append(pl.concat_str([pl.col("scale"), pl.lit(":"), pl.col(column)]).alias(f"scale_{column}"))
    return frame.with_columns(extra) if extra else frame


def prepare_validation(suites_dir: str = str(DEFAULT_SUITES_DIR)) -> None:
    """Import Great Expectations and build its context and suites now (seconds of CPU), e.g.
    while the first batches extract, instead of in the first validation."""
    from ofsted.validation import prepare

    prepare(suites_dir)


@dataclass
class ValidatedBatch:
    """Frames that passed, rows quarantined (for ``rejected``), and each suite's outcome."""

    frames: dict[str, pl.DataFrame]
    quarantined: list[dict] = field(default_factory=list)
    outcomes: list[SuiteOutcome] = field(default_factory=list)
    #: suites that could not run: the batch must not be loaded
    errors: list[str] = field(default_factory=list)


def documents_for_validation(docs: list[Document]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "doc_id": [d.doc_id for d in docs],
            "source_path": [d.source_path for d in docs],
            "content_sha256": [d.content_sha256 for d in docs],
            "text": [d.text for d in docs],
            "n_chars": [len(d.text) for d in docs],
        },
        schema={"doc_id": pl.Utf8, "source_path": pl.Utf8, "content_sha256": pl.Utf8, "text": pl.Utf8, "n_chars": pl.Int64},
    )


def validate_facts(
    frames: dict[str, pl.DataFrame], docs: list[Document], suites_dir: str = str(DEFAULT_SUITES_DIR)
) -> ValidatedBatch:
    """Run every frame's suite; failing rows are removed and described for ``rejected``.

    A suite that cannot run at all (a missing column, say) is reported in ``errors`` and the
    caller loads nothing of the batch.
    """
    suites = load_suites(suites_dir)
    lengths = pl.DataFrame(
        {"doc_id": [d.doc_id for d in docs], DOC_LENGTH: [len(d.text) for d in docs]},
        schema={"doc_id": pl.Utf8, DOC_LENGTH: pl.Int64},
    )
    paths = {d.doc_id: d.source_path for d in docs}
    batch = ValidatedBatch(frames={})
    checks = {"documents": documents_for_validation(docs), **frames}
    for name, frame in checks.items():
        suite = suites.get(name)
        if suite is None:
            batch.errors.append(f"no expectation suite for the {name} frame in {suites_dir}")
            continue
        if name in FACT_TYPES and "doc_id" in frame.columns:
            frame = frame.join(lengths, on="doc_id", how="left")
        frame = with_check_columns(frame)
        outcome = validate_frame(name, frame, suite)
        batch.outcomes.append(outcome)
        if outcome.error:
            batch.errors.append(outcome.error)
            continue
        good, bad, reasons = split_valid(frame, outcome)
        if name == "documents":
            continue  # a document failing its suite is a bug upstream; rows reported only
        batch.frames[name] = good.drop(DERIVED, strict=False)
        for row, failed in zip(bad.drop(DERIVED, strict=False).to_dicts(), reasons):
            batch.quarantined.append(
                {
                    "stage": "validate",
                    "fact_type": name,
                    "doc_id": row.get("doc_id"),
                    "source_path": paths.get(row.get("doc_id")),
                    "reason": "; ".join(failed),
                    "detail": f"{name} row failed {len(failed)} expectation(s) and was not loaded",
                    "row": row,
                }
            )
    return batch


@dataclass
class ValidatedGroup:
    """Several batches validated together: one result per batch (in order), and the suites'
    outcomes for the whole group (counted once)."""

    batches: list[ValidatedBatch]
    outcomes: list[SuiteOutcome] = field(default_factory=list)


def _rows_of(frame: pl.DataFrame, ids: set[str]) -> pl.DataFrame:
    return frame.filter(pl.col("doc_id").is_in(list(ids))) if "doc_id" in frame.columns else frame


def validate_batches(
    parts: list[tuple[dict[str, pl.DataFrame], list[Document]]], suites_dir: str = str(DEFAULT_SUITES_DIR)
) -> ValidatedGroup:
    """Validate the frames of several batches with ONE call per suite, and split the result back.

    Great Expectations costs about 25 ms per expectation per call whatever the rows, so one
    call over five batches costs about a fifth of five calls. Each row's verdict is the same
    either way: quarantined rows go back to the batch of their document. When a suite cannot
    run on the group (``errors``), or the batches' frames differ in shape, every batch is
    validated on its own, so such a failure stops only the batches it really concerns.
    """
    parts = [(frames, docs) for frames, docs in parts]

    def one_by_one() -> ValidatedGroup:
        alone = [validate_facts(f, docs, suites_dir=suites_dir) for f, docs in parts]
        return ValidatedGroup(alone, [o for batch in alone for o in batch.outcomes])

    names = list(dict.fromkeys(n for f, _ in parts for n in f))
    if len(parts) == 1 or any(
        len({tuple(f[n].schema.items()) for f, _ in parts if n in f}) > 1 or any(n not in f for f, _ in parts)
        for n in names
    ):  # one batch, or frames that differ in shape: nothing to gain, or nothing safe to stack
        return one_by_one()
    frames = {name: pl.concat([f[name] for f, _ in parts]) for name in names}
    whole = validate_facts(frames, [d for _, docs in parts for d in docs], suites_dir=suites_dir)
    if whole.errors:
        return one_by_one()
    owner = {d.doc_id: i for i, (_, docs) in enumerate(parts) for d in docs}
    batches = []
    for i, (_, docs) in enumerate(parts):
        ids = {d.doc_id for d in docs}
        batches.append(
            ValidatedBatch(
                frames={name: _rows_of(frame, ids) for name, frame in whole.frames.items()},
                # a row with no (known) document is reported with the first batch
                quarantined=[q for q in whole.quarantined if owner.get(q.get("doc_id"), 0) == i],
            )
        )
    return ValidatedGroup(batches, list(whole.outcomes))
