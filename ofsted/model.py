"""The shapes every stage agrees on: a read document and the columns of each fact frame.

Extraction returns plain ``dict`` rows (one list per fact type); the pipeline turns them into
Polars frames with exactly the columns and types below, validates them and loads them. Keeping the
schema here, in one place, lets the extractors, the expectation suites, the loader and the scorer
agree without importing each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl


@dataclass(frozen=True)
class Document:
    """One normalised input text.

    ``text`` is what every ``start_char``/``end_char`` indexes into: NFC-normalised, ``\\n`` line
    ends, no byte-order mark. ``published_date`` resolves relative dates ("last month").
    ``author`` is who wrote it (a byline in the text, HTML metadata, a sidecar's or a JSON Lines
    record's ``author``); ``author_span`` is the character span of the byline's name in ``text``
    when the text has a byline (the people extractor reports nobody inside it).
    """

    doc_id: str
    source_path: str
    text: str
    content_sha256: str
    published_date: dt.date | None = None
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    encoding: str = "utf-8"
    source_format: str = "txt"
    extra_paths: tuple[str, ...] = field(default_factory=tuple)
    author: str | None = None
    author_span: tuple[int, int] | None = None


#: Column name -> Polars dtype, per fact type. ``doc_id`` is added to each by the pipeline.
FACT_SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "organisations": {
        "name": pl.Utf8,
        "org_type": pl.Utf8,
        "la_code": pl.Utf8,
        "start_char": pl.Int64,
        "end_char": pl.Int64,
        "rule": pl.Utf8,
    },
    "people": {
        "name": pl.Utf8,
        "role": pl.Utf8,
        "organisation": pl.Utf8,
        "start_char": pl.Int64,
        "end_char": pl.Int64,
        "rule": pl.Utf8,
    },
    "inspections": {
        "inspection_id": pl.Utf8,
        "la_code": pl.Utf8,
        "subject": pl.Utf8,
        "visit_type": pl.Utf8,
        "framework": pl.Utf8,
        "date_text": pl.Utf8,
        "year": pl.Int64,
        "month": pl.Int64,
        "start_date": pl.Date,
        "end_date": pl.Date,
        "ordinal": pl.Int64,
        "theme": pl.Utf8,
        "progress": pl.Utf8,
        "lead_inspector": pl.Utf8,
        "evidence": pl.Utf8,
        "start_char": pl.Int64,
        "end_char": pl.Int64,
        "rule": pl.Utf8,
    },
    "ratings": {
        "inspection_id": pl.Utf8,
        "la_code": pl.Utf8,
        "subject": pl.Utf8,
        "area": pl.Utf8,
        "area_text": pl.Utf8,
        "scale": pl.Utf8,
        "rating": pl.Utf8,
        "rating_rank": pl.Int64,
        "previous_rating": pl.Utf8,
        "change": pl.Utf8,
        "evidence": pl.Utf8,
        "start_char": pl.Int64,
        "end_char": pl.Int64,
        "rule": pl.Utf8,
    },
    "quotes": {
        "speaker": pl.Utf8,
        "speaker_role": pl.Utf8,
        "speaker_organisation": pl.Utf8,
        "text": pl.Utf8,
        "start_char": pl.Int64,
        "end_char": pl.Int64,
        "rule": pl.Utf8,
    },
}

FACT_TYPES: tuple[str, ...] = tuple(FACT_SCHEMAS)


def frame_schema(fact_type: str) -> dict[str, pl.DataType]:
    """The full frame schema of a fact type, ``doc_id`` first."""
    return {"doc_id": pl.Utf8, **FACT_SCHEMAS[fact_type]}
