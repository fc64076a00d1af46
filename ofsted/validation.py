"""Validate fact frames against the Great Expectations suites in ``expectations/``.

Each suite is a hand-written JSON file named after the frame it checks (``ratings.json`` checks
the ratings frame). Great Expectations 1.x has no Polars engine, so frames are validated as
pandas dataframes in an ephemeral context. Rows that fail a row-level expectation are
quarantined (returned with the expectation that failed them) and the rest load; an expectation
that cannot even run (a missing column) is a failure of the whole suite, and the caller must not
load that batch.

``great_expectations`` is imported lazily: it costs seconds and hundreds of MB.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import polars as pl

DEFAULT_SUITES_DIR = Path(__file__).resolve().parent.parent / "expectations"

#: Rows of a frame get ``_row`` (their position) so failures map back to rows.
ROW_INDEX = "_row"


class SuiteError(RuntimeError):
    """A suite that cannot be loaded as written, or that could not run on a frame."""


@dataclass
class ExpectationOutcome:
    """One expectation's result on one frame."""

    suite: str
    expectation: str
    column: str | None
    passed: bool
    unexpected_count: int
    examples: list
    severity: str = "error"
    error: str | None = None


@dataclass
class SuiteOutcome:
    """One suite's result: per-expectation outcomes and the rows it quarantines."""

    suite: str
    n_rows: int
    outcomes: list[ExpectationOutcome] = field(default_factory=list)
    #: row position -> names of the expectations that failed it
    failed_rows: dict[int, list[str]] = field(default_factory=dict)
    #: set when an expectation could not run: the batch must not be loaded
    error: str | None = None

    @property
    def passed(self) -> int:
        return sum(o.passed for o in self.outcomes)

    @property
    def failed(self) -> int:
        return sum(not o.passed for o in self.outcomes)


def _quiet_gx() -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    # this module sets its own level to INFO on import and announces every temporary docs site
    logging.getLogger("great_expectations.data_context.types.base").setLevel(logging.WARNING)


def read_suite_file(path: Path) -> dict:
    """The suite JSON as written, checked for the shape we write by hand."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "expectations" not in data:
        raise SuiteError(f"{path}: a suite file needs a JSON object with 'name' and 'expectations'")
    data.setdefault("name", path.stem)
    return data


def build_suite(data: dict, *, source: str = "<suite>"):
    """A ``gx.ExpectationSuite`` from suite JSON, refusing silently dropped entries.

    Great Expectations drops an entry whose ``type`` it does not know with only a log line;
    we compare the loaded count with the file and fail loudly instead.
    """
    _quiet_gx()
    import great_expectations as gx

    clean = {
        "name": data["name"],
        "expectations": [
            {k: v for k, v in exp.items() if k in {"type", "kwargs", "meta", "severity"}}
            for exp in data["expectations"]
        ],
        "meta": data.get("meta", {}),
    }
    try:
        suite = gx.ExpectationSuite(**clean)
    except Exception as exc:  # noqa: BLE001 - any construction error is a bad suite file
        raise SuiteError(f"{source}: cannot build the suite: {exc}") from exc
    if len(suite.expectations) != len(data["expectations"]):
        loaded = {e.expectation_type for e in suite.expectations}
        lost = [e.get("type") for e in data["expectations"] if e.get("type") not in loaded]
        raise SuiteError(
            f"{source}: {len(data['expectations'])} expectations in the file but "
            f"{len(suite.expectations)} loaded; unknown or invalid: {lost}"
        )
    return suite


@lru_cache(maxsize=None)
def load_suites(suites_dir: str = str(DEFAULT_SUITES_DIR)) -> dict[str, dict]:
    """Every suite JSON in the folder, by name, checked to load in full."""
    suites = {}
    for path in sorted(Path(suites_dir).glob("*.json")):
        data = read_suite_file(path)
        build_suite(data, source=str(path))
        suites[data["name"]] = data
    return suites


def prepare(suites_dir: str = str(DEFAULT_SUITES_DIR)) -> None:
    """Pay the start-up cost of validating now: import Great Expectations, make this process's
    context and add every suite to it."""
    validator = _validator()
    for data in load_suites(suites_dir).values():
        validator.definition(data)


class _Validator:
    """One ephemeral GX context per process, reused for every frame."""

    def __init__(self) -> None:
        _quiet_gx()
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self.gx = gx
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        source = self.context.data_sources.add_pandas("frames")
        asset = source.add_dataframe_asset("frame")
        self.batch_definition = asset.add_batch_definition_whole_dataframe("whole")
        self._definitions: dict[str, object] = {}

    def definition(self, data: dict):
        name = data["name"]
        if name not in self._definitions:
            suite = self.context.suites.add(build_suite(data, source=name))
            self._definitions[name] = self.context.validation_definitions.add(
                self.gx.ValidationDefinition(name=f"validate-{name}", data=self.batch_definition, suite=suite)
            )
        return self._definitions[name]


@lru_cache(maxsize=1)
def _validator() -> _Validator:
    return _Validator()


def existing_context():
    """The GX context this process has validated in, or None if it has not validated yet.

    Never creates one (that costs seconds): Data Docs use it to publish the stored results.
    """
    if _validator.cache_info().currsize == 0:
        return None
    return _validator().context


def _exception_message(info) -> str | None:
    if not info:
        return None
    if isinstance(info, dict):
        if info.get("raised_exception"):
            return info.get("exception_message") or "expectation raised an exception"
        for value in info.values():
            if isinstance(value, dict) and value.get("raised_exception"):
                return value.get("exception_message") or "expectation raised an exception"
    return None


def _to_pandas(frame: pl.DataFrame):
    """The frame for GX, text columns as plain Python strings (object dtype).

    pandas 3 makes text columns Arrow-backed ``str``; GX's row-wise expectations (column pairs
    in a set) then read them one element at a time through Arrow, ~1 s per 4,000 rows. With
    object columns the same suite runs several times faster, and nulls stay ``None``.
    """
    import pandas as pd

    pdf = frame.to_pandas()
    for column, dtype in frame.schema.items():
        if dtype == pl.Utf8:
            pdf[column] = pd.Series(frame[column].to_list(), index=pdf.index, dtype=object)
    return pdf


def suite_columns(suite: dict) -> set[str]:
    """The columns a suite's expectations name (every expectation in these suites names its columns).

    >>> sorted(suite_columns({"expectations": [{"kwargs": {"column": "a"}}, {"kwargs": {"column_list": ["b", "c"]}}]}))
    ['a', 'b', 'c']
    """
    names: set[str] = set()
    for expectation in suite["expectations"]:
        kwargs = expectation.get("kwargs", {})
        for key in ("column", "column_A", "column_B"):
            if isinstance(kwargs.get(key), str):
                names.add(kwargs[key])
        names.update(c for c in kwargs.get("column_list") or [] if isinstance(c, str))
    return names


def validate_frame(name: str, frame: pl.DataFrame, suite: dict) -> SuiteOutcome:
    """Run one suite over one frame; ``frame`` row positions key ``failed_rows``.

    Only the columns the suite names are handed to Great Expectations (row positions are kept; a
    named column that is missing still fails the suite). The row indexes of unexpected values are
    asked for only when some expectation can quarantine rows (severity error): collecting them for
    thousands of warning-only failures costs seconds and is never used.
    """
    outcome = SuiteOutcome(suite=name, n_rows=frame.height)
    if frame.is_empty():
        return outcome
    wanted = suite_columns(suite)
    pdf = _to_pandas(frame.select([c for c in frame.columns if c in wanted]) if wanted else frame)
    definition = _validator().definition(suite)
    severities = {
        (e["type"], json.dumps(e.get("kwargs", {}), sort_keys=True)): e.get("meta", {}).get("severity", "error")
        for e in suite["expectations"]
    }
    quarantines = any(v != "warning" for v in severities.values())
    result = definition.run(batch_parameters={"dataframe": pdf},
                            result_format={"result_format": "COMPLETE" if quarantines else "SUMMARY"})
    for res in result.results:
        config = res.expectation_config
        kwargs = dict(config.kwargs)
        kwargs.pop("batch_id", None)
        label = _label(config.type, kwargs)
        severity = severities.get((config.type, json.dumps(kwargs, sort_keys=True, default=str)), "error")
        error = _exception_message(res.exception_info)
        details = res.result or {}
        indexes = details.get("unexpected_index_list") or []
        examples = (details.get("partial_unexpected_list") or [])[:5]
        expectation = ExpectationOutcome(
            suite=name,
            expectation=label,
            column=kwargs.get("column") or kwargs.get("column_A"),
            passed=bool(res.success) and error is None,
            unexpected_count=int(details.get("unexpected_count") or len(indexes) or 0),
            examples=[_plain(x) for x in examples],
            severity=severity,
            error=error,
        )
        outcome.outcomes.append(expectation)
        if error is not None:
            outcome.error = f"suite {name}: expectation {label} could not run: {error}"
            continue
        if severity == "warning":
            continue
        for index in indexes:
            position = index if isinstance(index, int) else index.get(ROW_INDEX) if isinstance(index, dict) else None
            if position is not None:
                outcome.failed_rows.setdefault(int(position), []).append(label)
    return outcome


def _plain(value):
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


def _label(expectation_type: str, kwargs: dict) -> str:
    columns = kwargs.get("column") or kwargs.get("column_list") or [kwargs.get("column_A"), kwargs.get("column_B")]
    if isinstance(columns, list):
        columns = ",".join(c for c in columns if c)
    return f"{expectation_type}({columns})" if columns else expectation_type


def split_valid(frame: pl.DataFrame, outcome: SuiteOutcome) -> tuple[pl.DataFrame, pl.DataFrame, list[list[str]]]:
    """Rows that passed, rows that failed, and for each failed row the expectations it failed."""
    if not outcome.failed_rows:
        return frame, frame.head(0), []
    bad = sorted(outcome.failed_rows)
    mask = pl.Series("bad", [False] * frame.height)
    mask[bad] = True
    return frame.filter(~mask), frame.filter(mask), [outcome.failed_rows[i] for i in bad]
