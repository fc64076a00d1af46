"""Expectation suites: they load in full, mirror the vocabularies, and catch bad frames."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import polars as pl
import pytest

from ofsted.model import FACT_TYPES, frame_schema
from ofsted.validation import DEFAULT_SUITES_DIR, SuiteError, build_suite, load_suites, read_suite_file
from tasks.validate import validate_facts
from tests.test_warehouse import make_doc

REFERENCE = Path(__file__).resolve().parent.parent / "ofsted" / "data" / "reference"
SUITE_FILES = sorted(DEFAULT_SUITES_DIR.glob("*.json"))


def test_there_is_a_suite_for_every_frame():
    # rating_checks: the warning-only suite over the rating_checks view (ofsted.official_checks)
    assert {p.stem for p in SUITE_FILES} == {"documents", *FACT_TYPES, "rating_checks"}


@pytest.mark.parametrize("path", SUITE_FILES, ids=lambda p: p.stem)
def test_each_suite_loads_as_many_expectations_as_its_file_holds(path):
    data = read_suite_file(path)
    suite = build_suite(data, source=str(path))
    assert len(suite.expectations) == len(data["expectations"]) > 0


def test_a_misspelled_expectation_type_is_an_error_not_a_silent_drop():
    data = {"name": "broken", "expectations": [
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "a"}},
        {"type": "expect_column_values_to_be_in_sett", "kwargs": {"column": "a", "value_set": [1]}},
    ]}
    with pytest.raises(SuiteError, match="2 expectations in the file but 1 loaded"):
        build_suite(data)


def _value_set(suite: str, column: str) -> set:
    for exp in json.loads((DEFAULT_SUITES_DIR / f"{suite}.json").read_text())["expectations"]:
        if exp["type"] == "expect_column_values_to_be_in_set" and exp["kwargs"]["column"] == column:
            return set(exp["kwargs"]["value_set"])
    raise AssertionError(f"no value set for {suite}.{column}")


def test_suite_value_sets_mirror_the_reference_vocabularies():
    areas = {r["area"] for r in csv.DictReader((REFERENCE / "areas.csv").open())}
    codes = {r["gss_code"] for r in csv.DictReader((REFERENCE / "local_authorities.csv").open())}
    assert _value_set("ratings", "area") == areas
    assert _value_set("ratings", "la_code") == codes
    assert _value_set("inspections", "la_code") == codes
    pairs = {f'{r["scale"]}:{r["label"]}' for r in csv.DictReader((REFERENCE / "scales.csv").open())}
    assert _value_set("ratings", "scale_rating") == pairs
    assert _value_set("ratings", "scale_previous_rating") == pairs


def rating(doc, **overrides) -> dict:
    row = {"doc_id": doc.doc_id, "inspection_id": "i1", "la_code": "E08000024", "subject": "Sunderland City Council",
           "area": "adoption", "area_text": "adoption", "scale": "ofsted_4", "rating": "good", "rating_rank": 2,
           "previous_rating": "inadequate", "change": "improved", "evidence": "x", "start_char": 0, "end_char": 5,
           "rule": "test"}
    row.update(overrides)
    return row


def frames_with_ratings(rows) -> dict[str, pl.DataFrame]:
    frames = {t: pl.DataFrame(schema=frame_schema(t)) for t in FACT_TYPES}
    frames["ratings"] = pl.DataFrame(rows, schema=frame_schema("ratings"))
    return frames


def test_a_bad_ratings_frame_is_caught_row_by_row_and_the_good_rows_kept():
    doc = make_doc("a.txt", "Adoption is now rated good by Ofsted.")
    rows = [
        rating(doc),
        rating(doc, area="adoption_services", la_code="E08000025"),       # unknown area
        rating(doc, rating="brilliant", area="leadership"),                # not a label of its scale
        rating(doc, rating="adequate", area="help_and_protection"),        # legacy label on the 4-point scale
        rating(doc, change="better", area="care_leavers"),                 # unknown change
        rating(doc, end_char=10_000, area="lscb"),                         # span outside the document
    ]
    batch = validate_facts(frames_with_ratings(rows), [doc])
    assert batch.errors == []
    assert batch.frames["ratings"]["area"].to_list() == ["adoption"]
    reasons = {q["row"]["area"]: q["reason"] for q in batch.quarantined}
    assert "expect_column_values_to_be_in_set(area)" in reasons["adoption_services"]
    assert "expect_column_values_to_be_in_set(scale_rating)" in reasons["leadership"]
    assert "expect_column_values_to_be_in_set(scale_rating)" in reasons["help_and_protection"]
    assert "expect_column_values_to_be_in_set(change)" in reasons["care_leavers"]
    assert "expect_column_values_to_be_between(span_room)" in reasons["lscb"]


def test_a_frame_missing_a_column_fails_the_whole_suite():
    doc = make_doc("a.txt", "Adoption is now rated good by Ofsted.")
    frames = frames_with_ratings([rating(doc)])
    frames["ratings"] = frames["ratings"].drop("area")
    batch = validate_facts(frames, [doc])
    assert batch.errors and "area" in batch.errors[0]


def test_duplicate_inspection_ids_are_caught():
    doc = make_doc("a.txt", "Two visits in one text, in May and June.")
    row = {"doc_id": doc.doc_id, "inspection_id": "same", "la_code": None, "subject": None, "visit_type": "inspection",
           "framework": None, "date_text": "May", "year": None, "month": 5, "start_date": None, "end_date": None,
           "ordinal": None, "theme": None, "progress": None, "lead_inspector": None, "evidence": "x",
           "start_char": 0, "end_char": 3, "rule": "test"}
    frames = {t: pl.DataFrame(schema=frame_schema(t)) for t in FACT_TYPES}
    frames["inspections"] = pl.DataFrame([row, {**row, "month": 6}], schema=frame_schema("inspections"))
    batch = validate_facts(frames, [doc])
    assert batch.frames["inspections"].height == 0
    assert all("expect_column_values_to_be_unique(inspection_id)" in q["reason"] for q in batch.quarantined)


def test_load_suites_reads_every_file():
    assert set(load_suites()) == {p.stem for p in SUITE_FILES}
