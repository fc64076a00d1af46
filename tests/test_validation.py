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
    # and the legacy "adequate" before a four-point "requires improvement" (the same rank)
    assert _value_set("ratings", "scale_previous_rating") == pairs | {"ofsted_4:adequate"}


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


# ---- batches validated together


def _docs_and_frames(n: int, **overrides):
    docs = [make_doc(f"d{i}.txt", f"Adoption in text {i} is now rated good by Ofsted.") for i in range(n)]
    return docs, [frames_with_ratings([rating(d, inspection_id=f"i{i}", **overrides)]) for i, d in enumerate(docs)]


def test_batches_validated_together_get_the_verdicts_they_get_alone():
    from tasks.validate import validate_batches

    docs, frames = _docs_and_frames(3)
    frames[1] = frames_with_ratings([rating(docs[1], inspection_id="i1", rating="brilliant")])
    group = validate_batches([(f, [d]) for f, d in zip(frames, docs)])
    alone = [validate_facts(f, [d]) for f, d in zip(frames, docs)]
    assert [b.frames["ratings"].rows() for b in group.batches] == [b.frames["ratings"].rows() for b in alone]
    assert [[q["doc_id"] for q in b.quarantined] for b in group.batches] == [[], [docs[1].doc_id], []]
    # one call per suite for the group, against one per suite per batch
    assert len(group.outcomes) == len(alone[0].outcomes) == 1 + len(FACT_TYPES)


def test_a_suite_that_cannot_run_stops_only_the_batch_it_concerns():
    from tasks.validate import validate_batches

    docs, frames = _docs_and_frames(3)
    frames[1]["ratings"] = frames[1]["ratings"].drop("area")
    group = validate_batches([(f, [d]) for f, d in zip(frames, docs)])
    assert [bool(b.errors) for b in group.batches] == [False, True, False]
    assert group.batches[0].frames["ratings"].height == group.batches[2].frames["ratings"].height == 1


def test_a_failing_suite_in_a_group_of_batches_stops_only_its_batch_in_a_run(tmp_path):
    """Through the pipeline: three batches validated as one group, the second one's frame broken."""
    import dataclasses

    from ofsted import warehouse as wh
    from ofsted.pipeline import plain_stages, run_stages
    from tests.conftest import SEEDS

    source = tmp_path / "texts"
    source.mkdir()
    seed = (SEEDS / "000_a0c1d4c51271259c.txt").read_text(encoding="utf-8")
    for i in range(3):
        (source / f"{i}.txt").write_text(f"{seed}\nStory {i}.\n", encoding="utf-8")
    stages = plain_stages()
    seen = []

    def extract_then_break_the_second(docs, workers):
        frames, failures = stages.extract(docs, workers)
        seen.append([d.source_path for d in docs])
        if len(seen) == 2:
            frames = {**frames, "ratings": frames["ratings"].drop("area")}
        return frames, failures

    broken = dataclasses.replace(stages, extract=extract_then_break_the_second)
    summary = run_stages(broken, str(source), str(tmp_path / "w.duckdb"), batch_size=1, workers=1)
    assert len(seen) == 3 and summary["status"] == "failed"
    with wh.open_warehouse(tmp_path / "w.duckdb", read_only=True) as con:
        loaded = sorted(p.rpartition("/")[2] for p, in con.execute("select source_path from documents").fetchall())
        stopped = con.execute("select source_path, reason from rejected").fetchall()
    assert loaded == ["0.txt", "2.txt"]
    assert [(p.rpartition("/")[2], r) for p, r in stopped] == [("1.txt", "suite_error")]
