"""Cross-check of extracted grades against Ofsted's record: official_outcomes, inspection_matches,
the rating_checks view, the warning-only suite, ``ofsted load-official`` and the evaluate lines.

The primary tests insert hand-built inspections and ratings into a migrated warehouse, against a
small hand-built official record (one rule, one verdict per test) or the shipped one (Sunderland,
as in the seeds). The seeds and the dev corpus are then run through the real pipeline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from pathlib import Path

import duckdb
import polars as pl
import pytest

from ofsted import warehouse as wh
from ofsted.official import OFFICIAL_SCHEMA, load_official
from ofsted.official_checks import (
    agreement_summary,
    check_agreement,
    ensure_official_loaded,
    query_frame,
    refresh_matches,
    replace_official,
    summary_lines,
)

D = dt.date
SUNDERLAND = "E08000024"
LA = "E06000001"  # Hartlepool, with the made-up record below
OTHER = "E06000002"  # no official rows in the made-up record


@pytest.fixture(scope="module")
def shipped() -> pl.DataFrame:
    return load_official()


def official_rows(spec: list[tuple]) -> pl.DataFrame:
    """Official rows from (official_id, framework, visit_type, start, published, {area: rating})."""
    ranks = {"outstanding": 1, "good": 2, "requires_improvement": 3, "adequate": 3, "inadequate": 4}
    rows = []
    for official_id, framework, visit_type, start, published, grades in spec:
        base = {
            "official_id": official_id, "la_code": official_id.split(":")[0], "la_name": "X",
            "framework": framework, "framework_family": "ilacs" if visit_type != "inspection" else framework.split("_")[0], "visit_type": visit_type,
            "inspection_start_date": start, "inspection_end_date": None, "published_date": published,
            "theme": None if visit_type == "inspection" else "Front door", "source_file": "test.csv",
            "source_row": 2, "other_sources": None,
        }
        if not grades:
            rows.append({**base, "area": None, "area_official": None, "rating": None, "scale": None, "rating_rank": None})
        for area, rating in grades.items():
            scale = "ofsted_legacy" if framework in ("slac", "cpi", "cpri", "tlac") else "ofsted_4"
            rows.append({**base, "area": area, "area_official": area, "rating": rating, "scale": scale,
                         "rating_rank": ranks[rating]})
    return pl.DataFrame(rows, schema=OFFICIAL_SCHEMA, orient="row")


#: The made-up record of LA: two SIFs, two ILACS in 2019, an old legacy SLAC, two visits.
RECORD = [
    (f"{LA}:slac:2011-03-11", "slac", "inspection", None, D(2011, 3, 11), {"overall_effectiveness": "adequate"}),
    (f"{LA}:sif:2014-03-10", "sif", "inspection", None, D(2014, 3, 10),
     {"overall_effectiveness": "inadequate", "adoption": "requires_improvement"}),
    (f"{LA}:sif_reinspection:2016-06-01", "sif_reinspection", "inspection", None, D(2016, 6, 1),
     {"overall_effectiveness": "requires_improvement", "adoption": "good"}),
    (f"{LA}:ilacs_standard:2019-03-01", "ilacs_standard", "inspection", D(2019, 1, 14), D(2019, 3, 1),
     {"overall_effectiveness": "good", "help_and_protection": "requires_improvement"}),
    (f"{LA}:ilacs_short:2019-12-20", "ilacs_short", "inspection", D(2019, 11, 4), D(2019, 12, 20),
     {"overall_effectiveness": "good", "help_and_protection": "good"}),
    (f"{LA}:focused_visit:2022-11-10", "focused_visit", "focused_visit", D(2022, 10, 3), D(2022, 11, 10), {}),
    (f"{LA}:monitoring_visit:2024-06-10", "monitoring_visit", "monitoring_visit", D(2024, 5, 7), D(2024, 6, 10), {}),
]


class Texts:
    """Insert documents, inspections and ratings as the extractors would, then match."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self.n = 0

    def doc(self, published: dt.date | None = None) -> str:
        self.n += 1
        doc_id = f"doc{self.n:04d}"
        self.con.execute(
            "insert into documents (doc_id, source_path, source_paths, published_date, content_sha256, n_chars, "
            "text, ingested_at, run_id) values (?, ?, ?, ?, 'x', 1, 'x', now(), 'test')",
            [doc_id, f"/texts/{doc_id}.txt", f"/texts/{doc_id}.txt", published],
        )
        return doc_id

    def visit(self, doc_id: str, year=None, month=None, visit_type="inspection", la=LA, start_date=None) -> str:
        inspection_id = f"{doc_id}-i{self.con.execute('select count(*) from inspections where doc_id = ?', [doc_id]).fetchall()[0][0] + 1}"
        self.con.execute(
            "insert into extracted_inspections (doc_id, inspection_id, la_code, visit_type, year, month, start_date, "
            "start_char, end_char, rule) values (?, ?, ?, ?, ?, ?, ?, 0, 1, 'test')",
            [doc_id, inspection_id, la, visit_type, year, month, start_date],
        )
        return inspection_id

    def grade(self, doc_id: str, inspection_id: str | None, area: str, rating=None, previous=None, change=None,
              la=LA, scale="ofsted_4") -> None:
        self.con.execute(
            "insert into extracted_ratings (doc_id, inspection_id, la_code, subject, area, scale, rating, previous_rating, "
            "change, evidence, start_char, end_char, rule) values (?, ?, ?, 'Council', ?, ?, ?, ?, ?, ?, 0, 1, 'test')",
            [doc_id, inspection_id, la, area, scale, rating, previous, change, f"sentence about {area}"],
        )

    def match(self, inspection_id: str) -> dict:
        refresh_matches(self.con)
        cursor = self.con.execute("select * from inspection_matches where inspection_id = ?", [inspection_id])
        rows = [dict(zip([c[0] for c in cursor.description], r)) for r in cursor.fetchall()]
        assert len(rows) == 1, rows
        return rows[0]

    def checks(self, doc_id: str) -> dict[str, dict]:
        refresh_matches(self.con)
        frame = query_frame(self.con, "select * from rating_checks where doc_id = ?", [doc_id])
        return {row["area"]: row for row in frame.iter_rows(named=True)}


@pytest.fixture()
def con(migrated_warehouse):
    with wh.open_warehouse(migrated_warehouse) as con:
        replace_official(con, official_rows(RECORD))
        yield con


@pytest.fixture()
def texts(con) -> Texts:
    return Texts(con)


@pytest.fixture()
def real(migrated_warehouse, shipped):
    with wh.open_warehouse(migrated_warehouse) as con:
        replace_official(con, shipped)
        yield Texts(con)


# --------------------------------------------------------------------------------------------
# schema


def test_migration_creates_the_tables_and_view_with_comments(con, shipped):
    sql = (Path(wh.SQL_DIR) / "0002_official.sql").read_text()
    assert "CREATE TABLE official_outcomes (" in sql and "IF NOT EXISTS" not in sql
    assert not (Path(wh.SQL_DIR) / "official.sql").exists()
    for table in ("official_outcomes", "inspection_matches"):
        assert con.execute("select comment from duckdb_tables() where table_name = ?", [table]).fetchall()[0][0]
    assert con.execute("select comment from duckdb_views() where view_name = 'rating_checks'").fetchall()[0][0]
    uncommented = con.execute(
        "select table_name, column_name from duckdb_columns() where table_name in "
        "('official_outcomes', 'inspection_matches', 'rating_checks') and comment is null"
    ).fetchall()
    assert uncommented == []
    columns = [r[0] for r in con.execute(
        "select column_name from duckdb_columns() where table_name = 'official_outcomes' order by column_index").fetchall()]
    assert columns == list(OFFICIAL_SCHEMA)
    assert replace_official(con, shipped) == shipped.height  # the loader's frame fits the table


def test_ensure_official_loaded_fills_an_empty_table_once(warehouse_path, shipped):
    with wh.open_warehouse(warehouse_path) as con:
        wh.migrate(con)
        assert ensure_official_loaded(con) == {"official_rows": shipped.height, "official_loaded": shipped.height}
        assert ensure_official_loaded(con) == {"official_rows": shipped.height, "official_loaded": 0}


# --------------------------------------------------------------------------------------------
# rule 1: date


def test_date_by_publication_month(texts):
    doc = texts.doc()
    visit = texts.visit(doc, 2016, 6)
    texts.grade(doc, visit, "overall_effectiveness", "requires_improvement")
    match = texts.match(visit)
    assert (match["official_id"], match["matched_by"], match["n_candidates"]) == (
        f"{LA}:sif_reinspection:2016-06-01", "date", 1)
    assert texts.checks(doc)["overall_effectiveness"]["verdict"] == "agrees"


def test_date_by_fieldwork_month_and_by_start_date(texts):
    doc = texts.doc()
    by_month = texts.visit(doc, 2019, 1)
    by_start = texts.visit(doc, None, None, start_date=D(2019, 11, 5))
    assert texts.match(by_month)["official_id"] == f"{LA}:ilacs_standard:2019-03-01"
    assert texts.match(by_start)["official_id"] == f"{LA}:ilacs_short:2019-12-20"


def test_year_only_with_two_inspections_is_narrowed_by_the_grades(texts):
    doc = texts.doc()
    visit = texts.visit(doc, 2019)
    texts.grade(doc, visit, "help_and_protection", "requires_improvement")
    match = texts.match(visit)
    assert (match["official_id"], match["matched_by"], match["n_candidates"]) == (
        f"{LA}:ilacs_standard:2019-03-01", "date", 2)
    assert "only one agrees" in match["note"]


def test_year_only_with_two_inspections_and_no_grade_is_ambiguous(texts):
    doc = texts.doc()
    visit = texts.visit(doc, 2019)
    texts.grade(doc, visit, "help_and_protection", change="improved")
    match = texts.match(visit)
    assert (match["official_id"], match["matched_by"], match["n_candidates"]) == (None, "date", 2)
    check = texts.checks(doc)["help_and_protection"]
    assert check["verdict"] == "ambiguous" and "2 official inspections" in check["verdict_note"]


def test_a_date_no_official_inspection_has_falls_through_to_the_publication_date(texts):
    doc = texts.doc(published=D(2019, 12, 31))
    visit = texts.visit(doc, 2019, 2)  # neither fieldwork (Jan, Nov) nor publication (Mar, Dec)
    match = texts.match(visit)
    assert (match["official_id"], match["matched_by"]) == (f"{LA}:ilacs_short:2019-12-20", "published_date")


# --------------------------------------------------------------------------------------------
# rule 2: the document's publication date


def test_published_date_takes_the_latest_inspection_on_or_before_it(texts):
    doc = texts.doc(published=D(2019, 12, 19))  # the day before the short inspection's report
    visit = texts.visit(doc)
    texts.grade(doc, visit, "overall_effectiveness", "outstanding")
    match = texts.match(visit)
    assert (match["official_id"], match["matched_by"], match["n_candidates"]) == (
        f"{LA}:ilacs_standard:2019-03-01", "published_date", 1)
    check = texts.checks(doc)["overall_effectiveness"]
    assert (check["verdict"], check["official_rating"]) == ("disagrees", "good")
    assert check["verdict_note"] == "text outstanding, official good"


# --------------------------------------------------------------------------------------------
# rule 3: grades


def test_grades_single_out_one_inspection(texts):
    doc = texts.doc()
    visit = texts.visit(doc)
    texts.grade(doc, visit, "overall_effectiveness", "good")
    texts.grade(doc, visit, "help_and_protection", "good", "requires_improvement", "improved")
    match = texts.match(visit)
    assert (match["official_id"], match["matched_by"], match["n_candidates"]) == (
        f"{LA}:ilacs_short:2019-12-20", "grades", 1)
    assert {a: c["verdict"] for a, c in texts.checks(doc).items()} == {
        "overall_effectiveness": "agrees", "help_and_protection": "agrees"}


def test_a_previous_grade_singles_out_the_inspection_after_it(texts):
    doc = texts.doc()
    visit = texts.visit(doc)
    texts.grade(doc, visit, "overall_effectiveness", "good", "requires_improvement")  # 2016 RI -> Mar 2019 good
    assert texts.match(visit)["official_id"] == f"{LA}:ilacs_standard:2019-03-01"


def test_grades_that_fit_several_inspections_are_ambiguous(texts):
    doc = texts.doc()
    visit = texts.visit(doc)
    texts.grade(doc, visit, "overall_effectiveness", "good")
    match = texts.match(visit)
    assert (match["official_id"], match["matched_by"], match["n_candidates"]) == (None, "grades", 2)
    assert texts.checks(doc)["overall_effectiveness"]["verdict"] == "ambiguous"


def test_grades_no_official_inspection_gave_disagree(texts):
    doc = texts.doc()
    visit = texts.visit(doc)
    texts.grade(doc, visit, "overall_effectiveness", "outstanding")
    match = texts.match(visit)
    assert (match["official_id"], match["matched_by"], match["n_candidates"]) == (None, "grades", 0)
    check = texts.checks(doc)["overall_effectiveness"]
    assert check["verdict"] == "disagrees" and check["verdict_note"].startswith("no official inspection")


def test_ratings_not_placed_at_an_inspection_are_matched_per_document_and_authority(texts):
    doc = texts.doc()
    texts.grade(doc, None, "adoption", "good", "requires_improvement", "improved")
    refresh_matches(texts.con)
    rows = texts.con.execute("select inspection_id, la_code, official_id, matched_by from inspection_matches").fetchall()
    assert rows == [(None, LA, f"{LA}:sif_reinspection:2016-06-01", "grades")]
    assert texts.checks(doc)["adoption"]["verdict"] == "agrees"


# --------------------------------------------------------------------------------------------
# verdicts


def test_direction_only_agrees_or_disagrees_with_the_official_change(texts):
    doc = texts.doc()
    visit = texts.visit(doc, 2016, 6)
    texts.grade(doc, visit, "overall_effectiveness", change="improved")  # inadequate -> RI
    texts.grade(doc, visit, "adoption", change="declined")  # officially RI -> good
    checks = texts.checks(doc)
    assert checks["overall_effectiveness"]["verdict"] == "direction_agrees"
    assert checks["overall_effectiveness"]["official_previous_rating"] == "inadequate"
    adoption = checks["adoption"]
    assert (adoption["verdict"], adoption["official_change"]) == ("direction_disagrees", "improved")
    assert adoption["verdict_note"] == "text: declined; official: improved (requires_improvement -> good)"


def test_a_wrong_previous_grade_disagrees(texts):
    doc = texts.doc()
    visit = texts.visit(doc, 2016, 6)
    texts.grade(doc, visit, "adoption", "good", "inadequate", "improved")
    check = texts.checks(doc)["adoption"]
    assert check["verdict"] == "disagrees"
    assert check["verdict_note"] == "previous: text inadequate, official requires_improvement"


def test_a_previous_grade_the_record_cannot_check_is_not_held_against_the_text(texts):
    doc = texts.doc()
    visit = texts.visit(doc, 2019, 1)  # help and protection first graded then: no official previous
    texts.grade(doc, visit, "help_and_protection", "requires_improvement", "inadequate", "improved")
    check = texts.checks(doc)["help_and_protection"]
    assert (check["verdict"], check["official_previous_rating"]) == ("agrees", None)
    undated = texts.doc()
    visit = texts.visit(undated)
    texts.grade(undated, visit, "help_and_protection", "requires_improvement", "inadequate", "improved")
    assert texts.match(visit)["official_id"] == f"{LA}:ilacs_standard:2019-03-01"


def test_an_area_the_official_inspection_did_not_grade_has_no_record(texts):
    doc = texts.doc()
    visit = texts.visit(doc, 2016, 6)
    texts.grade(doc, visit, "lscb", "good")
    check = texts.checks(doc)["lscb"]
    assert (check["verdict"], check["official_id"]) == ("no_official_record", f"{LA}:sif_reinspection:2016-06-01")
    assert check["verdict_note"] == "the official inspection gives no lscb grade"


def test_legacy_adequate_and_requires_improvement_are_the_same_grade(texts):
    doc = texts.doc()
    visit = texts.visit(doc, 2011, 3)
    texts.grade(doc, visit, "overall_effectiveness", "requires_improvement")
    later = texts.visit(doc, 2014, 3)
    texts.grade(doc, later, "overall_effectiveness", "inadequate", "adequate", "declined", scale="ofsted_4")
    refresh_matches(texts.con)
    verdicts = texts.con.execute(
        "select inspection_id, verdict from rating_checks where doc_id = ? order by 1", [doc]).fetchall()
    assert verdicts == [(visit, "agrees"), (later, "agrees")]


def test_no_authority_or_no_official_inspection_is_no_official_record(texts):
    doc = texts.doc()
    nowhere = texts.visit(doc, 2019, la=None)
    texts.grade(doc, nowhere, "overall_effectiveness", "good", la=None)
    unknown = texts.visit(doc, la=OTHER)
    texts.grade(doc, unknown, "overall_effectiveness", "good", la=OTHER)
    refresh_matches(texts.con)
    rows = texts.con.execute(
        "select la_code, verdict, verdict_note from rating_checks where doc_id = ? order by 1 nulls first", [doc]
    ).fetchall()
    assert rows == [(None, "no_official_record", "no authority to match on"),
                    (OTHER, "no_official_record", "no official inspection of this authority")]


# --------------------------------------------------------------------------------------------
# ungraded visits


def test_visits_match_in_year_activity_rows_of_their_type_only(texts):
    doc = texts.doc(published=D(2025, 1, 1))
    focused = texts.visit(doc, 2022, 10, "focused_visit")
    focused_published = texts.visit(doc, 2022, 11, "focused_visit")
    monitoring = texts.visit(doc, 2024, 5, "monitoring_visit")
    wrong_type = texts.visit(doc, 2022, 10, "monitoring_visit")
    old = texts.visit(doc, 2017, 6, "monitoring_visit")
    undated = texts.visit(doc, None, 6, "monitoring_visit")
    jtai = texts.visit(doc, 2022, 10, "jtai")
    assert texts.match(focused)["official_id"] == f"{LA}:focused_visit:2022-11-10"
    assert texts.match(focused_published)["official_id"] == f"{LA}:focused_visit:2022-11-10"
    assert texts.match(monitoring)["official_id"] == f"{LA}:monitoring_visit:2024-06-10"
    for visit, note in ((wrong_type, "no official monitoring visit"), (old, "no official monitoring visit"),
                        (undated, "does not date"), (jtai, "JTAIs are not")):
        match = texts.match(visit)
        assert (match["official_id"], match["matched_by"]) == (None, None), visit
        assert note in match["note"]


# --------------------------------------------------------------------------------------------
# the seeds' facts on the shipped record


def sunderland_seeds(texts: Texts) -> tuple[str, str]:
    """Seed 000 and 001 as the gold reads them."""
    story_2017 = texts.doc()
    texts.visit(story_2017, None, 6, "monitoring_visit", la=SUNDERLAND)
    judged = texts.visit(story_2017, 2015, 7, la=SUNDERLAND)
    texts.grade(story_2017, judged, "overall_effectiveness", "inadequate", la=SUNDERLAND)
    story_2018 = texts.doc()
    may = texts.visit(story_2018, None, 5, la=SUNDERLAND)
    texts.visit(story_2018, 2015, la=SUNDERLAND)
    texts.grade(story_2018, may, "overall_effectiveness", "inadequate", "inadequate", "unchanged", la=SUNDERLAND)
    texts.grade(story_2018, may, "adoption", "good", "inadequate", "improved", la=SUNDERLAND)
    texts.grade(story_2018, may, "children_in_care", change="improved", la=SUNDERLAND)
    texts.grade(story_2018, may, "care_leavers", change="improved", la=SUNDERLAND)
    return story_2017, story_2018


def test_sunderland_seed_facts_against_the_shipped_record(real):
    story_2017, story_2018 = sunderland_seeds(real)
    check = real.checks(story_2017)["overall_effectiveness"]
    assert (check["verdict"], check["matched_by"], check["official_id"]) == (
        "agrees", "date", f"{SUNDERLAND}:sif:2015-07-20")
    checks = real.checks(story_2018)
    assert {a: (c["verdict"], c["matched_by"], c["official_id"]) for a, c in checks.items()} == {
        area: (verdict, "grades", f"{SUNDERLAND}:sif_reinspection:2018-07-25")
        for area, verdict in (("overall_effectiveness", "agrees"), ("adoption", "agrees"),
                              ("children_in_care", "direction_agrees"), ("care_leavers", "direction_agrees"))
    }
    assert checks["children_in_care"]["official_previous_rating"] == "inadequate"
    assert checks["children_in_care"]["official_rating"] == "requires_improvement"


def test_the_official_record_never_changes_extracted_facts(real):
    sunderland_seeds(real)
    before = {t: real.con.execute(f"select * from {t} order by all").fetchall() for t in ("inspections", "ratings")}
    refresh_matches(real.con)
    ensure_official_loaded(real.con)
    check_agreement(real.con)
    assert before == {t: real.con.execute(f"select * from {t} order by all").fetchall() for t in ("inspections", "ratings")}


def test_matches_are_recomputed_over_the_whole_warehouse(real):
    story_2017, _ = sunderland_seeds(real)
    first = refresh_matches(real.con)
    assert refresh_matches(real.con)["inspection_matches"] == first["inspection_matches"] == 4
    wh.delete_documents(real.con, [story_2017])
    assert refresh_matches(real.con)["inspection_matches"] == 2
    assert real.con.execute("select count(*) from inspection_matches where doc_id = ?", [story_2017]).fetchall()[0][0] == 0


@pytest.mark.timeout(120)  # a hang guard (a quadratic match takes minutes), not a speed test
def test_twenty_thousand_inspections_all_get_a_match_row(real, shipped):
    con = real.con
    rng = random.Random(7)
    las = sorted(set(shipped["la_code"].to_list()))
    grades = ["outstanding", "good", "requires_improvement", "inadequate"]
    areas = ["overall_effectiveness", "help_and_protection", "children_in_care", "leadership"]
    n = 20_000
    inspections, ratings = [], []
    for i in range(n):
        doc_id, inspection_id = f"perf{i // 4:05d}", f"perf{i}"
        dated = rng.random() < 0.6
        inspections.append({
            "doc_id": doc_id, "inspection_id": inspection_id, "la_code": rng.choice(las),
            "visit_type": rng.choice(["inspection"] * 8 + ["monitoring_visit", "focused_visit"]),
            "year": rng.randint(2010, 2025) if dated else None, "month": rng.randint(1, 12) if dated and rng.random() < 0.7 else None,
            "start_char": i, "end_char": i + 1, "rule": "perf",
        })
        for area in rng.sample(areas, 2):
            ratings.append({"doc_id": doc_id, "inspection_id": inspection_id, "la_code": inspections[-1]["la_code"],
                            "area": area, "scale": "ofsted_4", "rating": rng.choice(grades),
                            "previous_rating": rng.choice(grades + [None, None]), "start_char": i, "end_char": i + 1,
                            "rule": "perf"})
    docs = pl.DataFrame({"doc_id": sorted({r["doc_id"] for r in inspections})}).with_columns(
        source_path=pl.col("doc_id"), source_paths=pl.col("doc_id"), content_sha256=pl.lit("x"),
        n_chars=pl.lit(1, pl.Int64), text=pl.lit("x"), ingested_at=pl.lit(dt.datetime(2025, 1, 1)), run_id=pl.lit("perf"),
        published_date=pl.Series([D(2025, 1, 1) if j % 2 else None for j in range(n // 4)]),
    )
    for table, frame in (("documents", docs), ("extracted_inspections", pl.DataFrame(inspections)), ("extracted_ratings", pl.DataFrame(ratings))):
        con.register("_in", frame.to_arrow())
        con.execute(f"insert into {table} by name select * from _in")
        con.unregister("_in")
    counts = refresh_matches(con)
    assert counts["inspection_matches"] == n


# --------------------------------------------------------------------------------------------
# agreement report, suite, evaluate lines, CLI


def test_check_agreement_reports_shares_verdicts_disagreements_and_warning_suite(real):
    story_2017, story_2018 = sunderland_seeds(real)
    real.grade(story_2017, f"{story_2017}-i2", "help_and_protection", "good", la=SUNDERLAND)  # officially inadequate
    refresh_matches(real.con)
    result = check_agreement(real.con)
    assert result["verdicts"]["agrees"] == 3 and result["verdicts"]["direction_agrees"] == 2
    assert result["verdicts"]["disagrees"] == 1
    assert (result["n_checked"], result["n_agree"]) == (6, 5)
    assert result["share_agree"] == pytest.approx(5 / 6)
    [bad] = result["disagreements"]
    assert (bad["area"], bad["rating"], bad["official_rating"], bad["evidence"]) == (
        "help_and_protection", "good", "inadequate", "sentence about help_and_protection")
    assert result["suite"] and all(s["severity"] == "warning" for s in result["suite"])
    assert all(s["error"] is None for s in result["suite"])
    lines = summary_lines(result)
    assert "5 of 6" in lines[0] and "83.3%" in lines[0]
    assert any(line.startswith("  DISAGREES") and "help_and_protection: text good; official inadequate" in line
               for line in lines)


def test_a_failing_warning_expectation_never_quarantines(real):
    doc = real.doc()
    visit = real.visit(doc, la=SUNDERLAND)
    for area in ("overall_effectiveness", "help_and_protection", "leadership"):
        real.grade(doc, visit, area, "requires_improvement", la=SUNDERLAND)  # Sunderland never had these
    refresh_matches(real.con)
    result = check_agreement(real.con)
    assert result["share_agree"] == 0
    failed = [s for s in result["suite"] if not s["passed"]]
    assert failed and all(s["severity"] == "warning" for s in failed)
    assert any("warnings (rating_checks suite, never blocking)" in line for line in summary_lines(result))


def test_agreement_summary_reads_a_warehouse_file(warehouse_path, shipped):
    with wh.open_warehouse(warehouse_path) as con:
        wh.migrate(con)
        sunderland_seeds(Texts(con))
    lines = agreement_summary(warehouse_path)
    assert lines[0].startswith("Official cross-check: 5 of 5") and "(100.0%)" in lines[0]
    assert lines[1] == "  verdicts: agrees 3, direction_agrees 2"


def test_load_official_command_replaces_the_table_and_refreshes_matches(warehouse_path, capsys, shipped):
    from ofsted.official import OFFICIAL_DIR
    from ofsted.official_cli import load_official_command

    args = argparse.Namespace(warehouse=str(warehouse_path), files=[])
    assert load_official_command(args) == 0
    out = capsys.readouterr().out
    assert f"{shipped.height} rows loaded (replacing 0)" in out and "inspection_matches:" in out
    one = OFFICIAL_DIR / "ofsted_la_inspections_2009_2023.csv"
    assert load_official_command(argparse.Namespace(warehouse=str(warehouse_path), files=[str(one)])) == 0
    out = capsys.readouterr().out
    n = int(re.search(r"(\d+) rows loaded", out).group(1))
    assert f"(replacing {shipped.height})" in out
    with wh.open_warehouse(warehouse_path, read_only=True) as con:
        assert con.execute("select count(*) from official_outcomes").fetchall()[0][0] == n < shipped.height
    bad = argparse.Namespace(warehouse=str(warehouse_path), files=["/nonexistent/official.csv"])
    assert load_official_command(bad) == 2


def test_cli_load_official_subcommand(warehouse_path):
    from ofsted.cli import main

    assert main(["load-official", "--warehouse", str(warehouse_path)]) == 0


# --------------------------------------------------------------------------------------------
# the real pipeline


def test_seeds_through_the_pipeline(seeds_run):
    """The session's plain run over the seeds, whose last stage refreshes the official matches."""
    assert seeds_run.summary["status"] != "failed", seeds_run.summary["lines"]
    with wh.open_warehouse(seeds_run.warehouse, read_only=True) as con:
        rows = con.execute(
            "select source_path, area, rating, verdict, matched_by, official_id from rating_checks"
        ).fetchall()
    checks = {(Path(p).name[:3], area): (rating, verdict, by, oid) for p, area, rating, verdict, by, oid in rows}
    assert checks[("000", "overall_effectiveness")] == (
        "inadequate", "agrees", "date", f"{SUNDERLAND}:sif:2015-07-20")
    reinspection = f"{SUNDERLAND}:sif_reinspection:2018-07-25"
    assert checks[("001", "overall_effectiveness")] == ("inadequate", "agrees", "grades", reinspection)
    assert checks[("001", "adoption")] == ("good", "agrees", "grades", reinspection)
    assert checks[("001", "children_in_care")] == (None, "direction_agrees", "grades", reinspection)
    assert checks[("001", "care_leavers")] == (None, "direction_agrees", "grades", reinspection)


def test_dev_corpus_agreement_summary_prints_the_share(dev_evaluation):
    """The dev corpus through the plain pipeline (the session's run of ``ofsted evaluate``'s)."""
    assert dev_evaluation.summary["status"] != "failed", dev_evaluation.summary["lines"]
    lines = agreement_summary(dev_evaluation.warehouse)
    # the dev texts grade dozens of areas: "no extracted ratings to check" would be a failure
    share = re.match(r"Official cross-check: (\d+) of (\d+) extracted grades .* \((\d+\.\d)%\)", lines[0])
    assert share, lines
    agreeing, compared, percent = int(share[1]), int(share[2]), float(share[3])
    assert compared >= 20 and agreeing <= compared
    assert percent == pytest.approx(100 * agreeing / compared, abs=0.05)
