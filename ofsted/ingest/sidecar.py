"""Metadata next to a document (``NAME.meta.json``) or inside a record (``.jsonl`` fields).

Fields: ``published_date`` (an ISO date, or an ISO date-time whose date part is used),
``publisher``, ``url``, ``title``, ``author``; other keys are ignored. A sidecar that cannot be read, is not
JSON, is not a JSON object, or has a field of the wrong type or an unparseable date, does not stop
its document: the document loads with what could be used, and a :class:`Rejection` of stage
``"sidecar"`` says what was wrong.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

from .records import Rejection

FIELDS = ("published_date", "publisher", "url", "title", "author")
MAX_SIDECAR_BYTES = 1_000_000

_ISO_PREFIX = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:[T ].*)?\s*$")


def parse_date(value: Any) -> dt.date:
    """``"2024-03-05"`` or ``"2024-03-05T09:00:00Z"`` -> ``date(2024, 3, 5)``; raises ``ValueError``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO date string, got {type(value).__name__} {value!r}")
    m = _ISO_PREFIX.match(value)
    if not m:
        raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)")
    return dt.date.fromisoformat(m.group(1))


def clean_fields(record: dict, where: str) -> tuple[dict[str, Any], list[str]]:
    """The usable metadata fields of ``record`` and a list of problems (sentences)."""
    meta: dict[str, Any] = {}
    problems: list[str] = []
    for key in FIELDS:
        value = record.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if key == "published_date":
            try:
                meta[key] = parse_date(value)
            except ValueError as exc:
                problems.append(f"{where}: published_date ignored, {exc}.")
            continue
        if not isinstance(value, str):
            problems.append(f"{where}: {key} ignored, expected a string, got {type(value).__name__}.")
            continue
        meta[key] = value.strip()
    return meta, problems


def read_sidecar(path: Path, source_path: str) -> tuple[dict[str, Any], list[Rejection]]:
    """Metadata from one sidecar file; never raises."""
    name = os.path.basename(source_path)

    def bad(reason: str, detail: str) -> tuple[dict[str, Any], list[Rejection]]:
        return {}, [Rejection(source_path, "sidecar", reason, detail + " The document was loaded without it.")]

    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_SIDECAR_BYTES + 1)
    except FileNotFoundError:
        return bad("sidecar_vanished", f"The metadata sidecar {name} disappeared before it could be read.")
    except OSError as exc:
        return bad("sidecar_unreadable", f"The metadata sidecar {name} could not be read: {exc.strerror or exc}.")
    if len(data) > MAX_SIDECAR_BYTES:
        return bad("sidecar_too_large", f"The metadata sidecar {name} is over {MAX_SIDECAR_BYTES:,} bytes.")
    try:
        record = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return bad("sidecar_invalid_json", f"The metadata sidecar {name} is not UTF-8 text.")
    except json.JSONDecodeError as exc:
        return bad(
            "sidecar_invalid_json",
            f"The metadata sidecar {name} is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}).",
        )
    if not isinstance(record, dict):
        return bad("sidecar_not_an_object", f"The metadata sidecar {name} holds a JSON {type(record).__name__}, not an object.")
    meta, problems = clean_fields(record, f"The metadata sidecar {name}")
    return meta, [Rejection(source_path, "sidecar", "sidecar_bad_field", p + " The rest was used.") for p in problems]


__all__ = ["FIELDS", "clean_fields", "parse_date", "read_sidecar"]
