"""Check one fact's values by the rules of its expectation suite, without Great Expectations.

A correction is checked when it is written and when the corrections file is loaded, where
starting Great Expectations (about 10 s) would be out of place. This module reads the same suite
files in ``expectations/`` and applies their row-level expectations to one row: values in a set
(a grade of its scale, a known judgement area, an authority's GSS code), not null, ranges and text
lengths, and the derived columns the pipeline validates (``scale_rating``, ``span_length``,
``span_room``). An expectation with a ``row_condition`` (``rule != "correction"``: an added fact
need not carry a span) applies only to the rows it selects. Uniqueness is the warehouse's to
keep: an added fact replaces an extracted one with the same key.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ofsted.validation import DEFAULT_SUITES_DIR, read_suite_file

_CONDITION = re.compile(r"""^\s*(\w+)\s*(==|!=)\s*["']([^"']*)["']\s*$""")


@lru_cache(maxsize=None)
def suite_rules(fact_type: str) -> tuple[dict, ...]:
    """The expectations of the fact type's suite, as written."""
    return tuple(read_suite_file(DEFAULT_SUITES_DIR / f"{fact_type}.json")["expectations"])


def value_set(fact_type: str, column: str) -> list:
    """The values the suite allows in ``column`` (empty when it does not restrict them)."""
    for e in suite_rules(fact_type):
        if e["type"] == "expect_column_values_to_be_in_set" and e["kwargs"].get("column") == column:
            return list(e["kwargs"]["value_set"])
    return []


def grades(scale: str | None = None) -> list[str]:
    """Grade labels the ratings suite allows (of one scale, or of any), in the suite's order."""
    labels = []
    for pair in value_set("ratings", "scale_rating"):
        s, _, label = pair.partition(":")
        if (scale is None or s == scale) and label not in labels:
            labels.append(label)
    return labels


def _derived(row: dict, doc_length: int | None) -> dict:
    out = dict(row)
    if out.get("start_char") is not None and out.get("end_char") is not None:
        out["span_length"] = out["end_char"] - out["start_char"]
        if doc_length is not None:
            out["span_room"] = doc_length - out["end_char"]
    for column in ("rating", "previous_rating"):
        if out.get(column) is not None and out.get("scale") is not None:
            out[f"scale_{column}"] = f"{out['scale']}:{out[column]}"
    return out


def _applies(kwargs: dict, row: dict) -> bool:
    condition = kwargs.get("row_condition")
    if not condition:
        return True
    match = _CONDITION.match(condition)
    if not match:  # a condition we cannot read: check the row (stricter, never looser)
        return True
    column, op, value = match.groups()
    equal = row.get(column) == value
    return equal if op == "==" else not equal


def check_fact_values(fact_type: str, row: dict, *, complete: bool = True, doc_length: int | None = None) -> list[str]:
    """Problems with ``row`` under the fact type's suite (empty when none).

    ``complete=False`` checks only the columns ``row`` gives (a ``set`` correction's fields); a
    grade given without its scale must then be a label of some scale. ``complete=True`` checks a
    whole fact (not-null expectations included).
    """
    values = _derived(row, doc_length)
    problems = []
    for e in suite_rules(fact_type):
        kind, kwargs = e["type"], e["kwargs"]
        column = kwargs.get("column")
        if column is None or not _applies(kwargs, values):
            continue
        present = column in values
        value = values.get(column)
        if kind == "expect_column_values_to_not_be_null":
            if (complete or present) and value is None and column != "doc_id":
                problems.append(f"{column} must be given")
        elif kind == "expect_column_values_to_be_in_set":
            allowed = kwargs["value_set"]
            if value is not None and value not in allowed:
                problems.append(_not_in_set(fact_type, column, value, allowed))
            elif value is None and column.startswith("scale_") and not complete:
                label = row.get(column[len("scale_"):])
                if label is not None and not any(p.endswith(":" + label) for p in allowed):
                    problems.append(f"{column[len('scale_'):]} {label!r} is not a grade of any scale; "
                                    f"grades: {', '.join(grades())}")
        elif kind == "expect_column_values_to_be_between" and value is not None:
            low, high = kwargs.get("min_value"), kwargs.get("max_value")
            if not isinstance(value, (int, float)):
                problems.append(f"{column} must be a number, not {value!r}")
            elif (low is not None and value < low) or (high is not None and value > high):
                problems.append(f"{column} {value} is outside {low if low is not None else '…'}–{high if high is not None else '…'}")
        elif kind == "expect_column_value_lengths_to_be_between" and value is not None:
            low, high = kwargs.get("min_value"), kwargs.get("max_value")
            if (low is not None and len(str(value)) < low) or (high is not None and len(str(value)) > high):
                problems.append(f"{column} must be {low or 0}–{high or '…'} characters long")
        elif kind == "expect_column_values_to_match_regex" and value is not None:
            if not re.search(kwargs["regex"], str(value)):
                problems.append(f"{column} {value!r} does not match {kwargs['regex']}")
    return problems


def _not_in_set(fact_type: str, column: str, value, allowed: list) -> str:
    if column.startswith("scale_"):
        scale, _, label = str(value).partition(":")
        return (f"{column[len('scale_'):]} {label!r} is not a grade of the {scale} scale; "
                f"its grades: {', '.join(grades(scale)) or 'none'}")
    if column == "area":
        return f"unknown area {value!r}; areas: {', '.join(allowed)}"
    if column == "la_code":
        return f"unknown authority code {value!r} (a current GSS code of local_authorities)"
    return f"{column} {value!r} is not one of {', '.join(map(str, allowed))}"
