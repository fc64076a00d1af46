"""Inspection events: one row per real-world visit, however many stories report it.

The primary tests cluster hand-inserted ``inspections``/``ratings``/``inspection_matches`` rows in
a migrated warehouse, so they pin the clustering, dating, ids and conflicts independently of the
extractors and the matcher. The last tests are the acceptance test on the seeds through the
pipeline (run without Prefect) and ``refresh_derived``.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from ofsted import warehouse as wh
from ofsted.events import refresh_events, resolve_event_id

SUNDERLAND = "E08000024"
WIGAN = "E08000010"
D = dt.date


# --------------------------------------------------------------------------------------------
# hand-made warehouse rows


class Rows:
    """Insert documents, extracted inspections, ratings, matches and official rows by hand."""

    def __init__(self, con):
        self.con = con
        self.n_ins: dict[str, int] = {}

    def doc(self, doc_id: str, *, published: dt.date | None = None, title: str | None = None) -> str:
        self.con.execute(
            """insert into documents (doc_id, source_path, source_paths, title, published_date, publisher, url,
                   content_sha256, n_chars, text, ingested_at, run_id)
               values (?, ?, ?, ?, ?, 'Test Gazette', null, ?, 4, 'text', now(), 'test')""",
            [doc_id, f"{doc_id}.txt", f"{doc_id}.txt", title or f"Story {doc_id}", published, doc_id.ljust(64, "0")],
        )
        return doc_id

    def inspection(self, doc_id: str, *, la: str | None = SUNDERLAND, visit: str = "inspection", year=None,
                   month=None, start=None, end=None, ordinal=None, framework=None, date_text=None,
                   official_id: str | None = None) -> str:
        n = self.n_ins[doc_id] = self.n_ins.get(doc_id, 0) + 1
        inspection_id = f"{doc_id}-i{n}"
        self.con.execute(
            """insert into extracted_inspections (doc_id, inspection_id, la_code, subject, visit_type, framework, date_text,
                   year, month, start_date, end_date, ordinal, evidence, start_char, end_char, rule)
               values (?, ?, ?, 'Sunderland', ?, ?, ?, ?, ?, ?, ?, ?, 'a sentence', 0, 4, 'test')""",
            [doc_id, inspection_id, la, visit, framework, date_text, year, month, start, end, ordinal],
        )
        if official_id is not None:
            self.match(doc_id, inspection_id, la, official_id)
        return inspection_id

    def match(self, doc_id, inspection_id, la, official_id, matched_by="date"):
        self.con.execute(
            "insert into inspection_matches values (?, ?, ?, ?, ?, 1, 'test match')",
            [doc_id, inspection_id, la, official_id, matched_by],
        )

    def rating(self, inspection_id: str, area: str, rating: str | None, *, la: str = SUNDERLAND,
               evidence: str | None = None, start_char: int = 0, previous=None, change=None) -> None:
        doc_id = inspection_id.rsplit("-i", 1)[0]
        rank = {"outstanding": 1, "good": 2, "requires_improvement": 3, "inadequate": 4}.get(rating)
        self.con.execute(
            """insert into extracted_ratings (doc_id, inspection_id, la_code, subject, area, area_text, scale, rating,
                   rating_rank, previous_rating, change, evidence, start_char, end_char, rule)
               values (?, ?, ?, 'Sunderland', ?, ?, 'ofsted_4', ?, ?, ?, ?, ?, ?, ?, 'test')""",
            [doc_id, inspection_id, la, area, area, rating, rank, previous, change,
             evidence or f"{doc_id} says {area} is {rating}.", start_char, start_char + 10],
        )

    def official(self, official_id: str, *, la: str = SUNDERLAND, framework: str = "sif", start=None,
                 published=None, grades: dict[str, str] | None = None) -> str:
        family = "ilacs" if framework.startswith("ilacs") else framework.split("_")[0]
        for n, (area, rating) in enumerate((grades or {"overall_effectiveness": "inadequate"}).items()):
            rank = {"outstanding": 1, "good": 2, "requires_improvement": 3, "inadequate": 4}[rating]
            self.con.execute(
                """insert into official_outcomes (official_id, la_code, la_name, framework, framework_family,
                       visit_type, inspection_start_date, published_date, area, area_official, rating, scale,
                       rating_rank, source_file, source_row)
                   values (?, ?, 'Sunderland', ?, ?, 'inspection', ?, ?, ?, ?, ?, 'ofsted_4', ?, 'test.csv', ?)""",
                [official_id, la, framework, family, start, published, area, f"Official {area}", rating, rank, n + 2],
            )
        return official_id


@pytest.fixture()
def con(migrated_warehouse):
    connection = wh.connect(migrated_warehouse)
    yield connection
    connection.close()


@pytest.fixture()
def rows(con) -> Rows:
    return Rows(con)


def events(con) -> dict[str, dict]:
    cursor = con.execute("select * from inspection_events order by event_id")
    columns = [c[0] for c in cursor.description]
    return {r[0]: dict(zip(columns, r)) for r in cursor.fetchall()}


def members(con) -> dict[str, str]:
    return dict(con.execute("select inspection_id, event_id from event_members").fetchall())


# --------------------------------------------------------------------------------------------
# clustering


def test_a_month_story_and_a_year_story_of_one_visit_are_one_event(con, rows):
    a = rows.inspection(rows.doc("aaaa", published=D(2015, 9, 1)), year=2015, month=7, date_text="July 2015")
    b = rows.inspection(rows.doc("bbbb", published=D(2018, 7, 30)), year=2015, date_text="2015")
    counts = refresh_events(con)
    assert counts["events"] == 1 and counts["event_stories"] == 2 and counts["events_multi_story"] == 1
    event = events(con)[f"{SUNDERLAND}:inspection:2015-07"]
    assert (event["year"], event["month"], event["date_source"]) == (2015, 7, "stories")
    assert event["n_documents"] == 2 and event["n_stories"] == 2
    assert (event["first_published"], event["last_published"]) == (D(2015, 9, 1), D(2018, 7, 30))
    assert dict(con.execute("select inspection_id, joined_by from event_members").fetchall()) == {
        a: "founding", b: "year_only"}


def test_stories_matched_to_one_official_inspection_are_one_event_with_its_id(con, rows):
    official = rows.official(f"{SUNDERLAND}:sif:2015-07-20", published=D(2015, 7, 20))
    rows.inspection(rows.doc("aaaa"), year=2015, month=7, official_id=official)
    rows.inspection(rows.doc("bbbb"), year=2015, official_id=official)
    refresh_events(con)
    (event,) = events(con).values()
    assert event["event_id"] == f"{SUNDERLAND}:inspection:2015-07"
    assert event["official_id"] == official and event["framework"] == "sif"
    assert event["official_published_date"] == D(2015, 7, 20)
    assert set(con.execute("select joined_by from event_members").fetchall()) == {("official_match",)}


def test_a_story_without_a_year_takes_the_year_of_its_official_match(con, rows):
    # seed 001: "The full inspection, which took place in May" -> the SIF re-inspection published July 2018
    official = rows.official(f"{SUNDERLAND}:sif_reinspection:2018-07-25", framework="sif_reinspection",
                             published=D(2018, 7, 25))
    rows.inspection(rows.doc("bbbb"), month=5, date_text="May", official_id=official)
    refresh_events(con)
    (event,) = events(con).values()
    assert (event["year"], event["month"], event["date_source"]) == (2018, 5, "stories+official")
    # the id is anchored on the official record, not on the story's month
    assert event["event_id"] == f"{SUNDERLAND}:inspection:2018-07"


def test_a_month_after_the_publication_month_is_the_year_before(con, rows):
    official = rows.official(f"{SUNDERLAND}:ilacs_standard:2019-02-01", framework="ilacs_standard",
                             published=D(2019, 2, 1))
    rows.inspection(rows.doc("aaaa"), month=12, date_text="December", official_id=official)
    refresh_events(con)
    (event,) = events(con).values()
    assert (event["year"], event["month"]) == (2018, 12)


def test_a_matched_story_without_any_date_takes_the_official_fieldwork(con, rows):
    official = rows.official(f"{SUNDERLAND}:ilacs_standard:2021-08-20", framework="ilacs_standard",
                             start=D(2021, 6, 28), published=D(2021, 8, 20))
    rows.inspection(rows.doc("aaaa"), date_text="its latest inspection", official_id=official)
    refresh_events(con)
    (event,) = events(con).values()
    assert (event["year"], event["month"], event["date_source"]) == (2021, 6, "official_fieldwork")
    assert event["start_date"] == D(2021, 6, 28)
    assert event["event_id"] == f"{SUNDERLAND}:inspection:2021-06"


def test_an_undated_visit_stays_undated_and_alone(con, rows):
    # seed 000: "The visit, in mid-June" -- the text never gives the year
    visit = rows.inspection(rows.doc("aaaa"), visit="monitoring_visit", month=6, ordinal=4, date_text="mid-June")
    rows.inspection(rows.doc("bbbb"), visit="monitoring_visit", month=6, date_text="in June")
    refresh_events(con)
    found = events(con)
    assert len(found) == 2
    event = found[f"{SUNDERLAND}:monitoring_visit:undated:{visit}"]
    assert (event["year"], event["month"], event["date_source"]) == (None, 6, None)


def test_undated_stories_of_the_same_visit_in_a_series_are_one_event(con, rows):
    first = rows.inspection(rows.doc("aaaa"), visit="monitoring_visit", month=6, ordinal=4)
    rows.inspection(rows.doc("bbbb"), visit="monitoring_visit", month=6, ordinal=4)
    rows.inspection(rows.doc("cccc"), visit="monitoring_visit", month=6, ordinal=3)
    refresh_events(con)
    assert events(con)[f"{SUNDERLAND}:monitoring_visit:undated:{first}"]["n_documents"] == 2
    assert len(events(con)) == 2


def test_a_year_only_story_with_several_visits_that_year_stays_apart(con, rows):
    rows.inspection(rows.doc("aaaa"), visit="monitoring_visit", year=2016, month=3)
    rows.inspection(rows.doc("bbbb"), visit="monitoring_visit", year=2016, month=9)
    rows.inspection(rows.doc("cccc"), visit="monitoring_visit", year=2016)
    rows.inspection(rows.doc("dddd"), visit="monitoring_visit", year=2017)
    rows.inspection(rows.doc("eeee"), visit="monitoring_visit", year=2017)
    refresh_events(con)
    found = events(con)
    prefix = f"{SUNDERLAND}:monitoring_visit"
    assert set(found) == {f"{prefix}:2016-03", f"{prefix}:2016-09", f"{prefix}:2016", f"{prefix}:2017"}
    assert found[f"{prefix}:2016"]["n_documents"] == 1  # ambiguous: joins neither
    assert found[f"{prefix}:2017"]["n_documents"] == 2  # no dated visit that year: one event


def test_authority_and_visit_type_must_agree(con, rows):
    rows.inspection(rows.doc("aaaa"), year=2015, month=7)
    rows.inspection(rows.doc("bbbb"), year=2015, month=7, la=WIGAN)
    rows.inspection(rows.doc("cccc"), year=2015, month=7, visit="monitoring_visit")
    refresh_events(con)
    assert set(events(con)) == {
        f"{SUNDERLAND}:inspection:2015-07", f"{WIGAN}:inspection:2015-07", f"{SUNDERLAND}:monitoring_visit:2015-07"}


def test_different_official_matches_and_different_ordinals_never_merge(con, rows):
    one = rows.official(f"{SUNDERLAND}:ilacs_standard:2019-07-01", framework="ilacs_standard", published=D(2019, 7, 1))
    two = rows.official(f"{SUNDERLAND}:ilacs_short:2019-07-30", framework="ilacs_short", published=D(2019, 7, 30))
    rows.inspection(rows.doc("aaaa"), year=2019, month=7, official_id=one)
    rows.inspection(rows.doc("bbbb"), year=2019, month=7, official_id=two)
    rows.inspection(rows.doc("cccc"), visit="monitoring_visit", year=2017, month=6, ordinal=3)
    rows.inspection(rows.doc("dddd"), visit="monitoring_visit", year=2017, month=6, ordinal=4)
    refresh_events(con)
    found = events(con)
    assert len(found) == 4
    assert {e["official_id"] for e in found.values() if e["visit_type"] == "inspection"} == {one, two}
    # the two unmatched June 2017 visits would share an id: the second gets a suffix
    assert {f"{SUNDERLAND}:monitoring_visit:2017-06", f"{SUNDERLAND}:monitoring_visit:2017-06:2"} <= set(found)


def test_fieldwork_dates_join_close_stories_and_split_distant_ones(con, rows):
    a = rows.inspection(rows.doc("aaaa"), year=2019, month=6, start=D(2019, 6, 17), end=D(2019, 6, 28))
    b = rows.inspection(rows.doc("bbbb"), year=2019, month=6, start=D(2019, 6, 18))
    c = rows.inspection(rows.doc("cccc"), year=2019, month=6)
    d = rows.inspection(rows.doc("dddd"), year=2019, month=1, start=D(2019, 1, 14))
    refresh_events(con)
    m = members(con)
    assert m[a] == m[b] == m[c] == f"{SUNDERLAND}:inspection:2019-06"
    event = events(con)[m[a]]
    assert (event["start_date"], event["end_date"], event["date_source"]) == (D(2019, 6, 17), D(2019, 6, 28), "fieldwork")
    assert m[d] == f"{SUNDERLAND}:inspection:2019-01"


def test_inspections_without_an_authority_are_left_out_and_counted(con, rows):
    rows.inspection(rows.doc("aaaa"), la=None, year=2015, month=7)
    counts = refresh_events(con)
    assert counts["events"] == 0 and counts["events_skipped_no_authority"] == 1


# --------------------------------------------------------------------------------------------
# stable ids


def test_ids_do_not_depend_on_load_order(tmp_path):
    def build(path: Path, order: list[str]) -> list[tuple]:
        with wh.open_warehouse(path) as c:
            wh.migrate(c)
            r = Rows(c)
            specs = {
                "aaaa": dict(year=2015, month=7), "bbbb": dict(year=2015), "cccc": dict(visit="monitoring_visit", month=6),
                "dddd": dict(year=2016, month=3, visit="monitoring_visit"), "eeee": dict(year=2016, month=3, visit="monitoring_visit"),
            }
            for doc_id in order:
                r.inspection(r.doc(doc_id), **specs[doc_id])
                refresh_events(c)  # documents arrive run by run
            return c.execute("select * exclude (refreshed_at) from events order by event_id").fetchall() + \
                c.execute("select * from event_members order by inspection_id").fetchall()

    forward = build(tmp_path / "a.duckdb", ["aaaa", "bbbb", "cccc", "dddd", "eeee"])
    backward = build(tmp_path / "b.duckdb", ["eeee", "dddd", "cccc", "bbbb", "aaaa"])
    assert forward == backward


def test_a_story_about_a_known_visit_joins_it_without_changing_its_id(con, rows):
    rows.inspection(rows.doc("aaaa"), year=2015, month=7)
    refresh_events(con)
    (event_id,) = events(con)
    for doc_id, spec in [("bbbb", dict(year=2015)), ("cccc", dict(year=2015, month=7)), ("dddd", dict(year=2015, month=7, framework="sif"))]:
        rows.inspection(rows.doc(doc_id), **spec)
        counts = refresh_events(con)
        assert list(events(con)) == [event_id]
        assert counts["event_ids_retired"] == 0
    assert events(con)[event_id]["n_documents"] == 4 and events(con)[event_id]["framework"] == "sif"


def test_a_matched_event_keeps_its_id_when_a_more_precise_story_arrives(con, rows):
    official = rows.official(f"{SUNDERLAND}:sif:2015-07-20", published=D(2015, 7, 20))
    rows.inspection(rows.doc("aaaa"), year=2015, official_id=official)
    refresh_events(con)
    assert list(events(con)) == [f"{SUNDERLAND}:inspection:2015-07"]
    rows.inspection(rows.doc("bbbb"), year=2015, month=5, start=D(2015, 5, 4), official_id=official)
    refresh_events(con)
    event = events(con)[f"{SUNDERLAND}:inspection:2015-07"]
    assert (event["year"], event["month"], event["start_date"]) == (2015, 5, D(2015, 5, 4))


def test_a_retired_id_becomes_an_alias_of_the_more_precise_event(con, rows):
    # "2015" alone is the event ...:2015; "July 2015" makes it ...:2015-07; links to the old id resolve
    rows.inspection(rows.doc("aaaa"), year=2015)
    refresh_events(con)
    assert list(events(con)) == [f"{SUNDERLAND}:inspection:2015"]
    rows.inspection(rows.doc("bbbb"), year=2015, month=7)
    counts = refresh_events(con)
    assert list(events(con)) == [f"{SUNDERLAND}:inspection:2015-07"]
    assert counts["event_ids_retired"] == 1
    assert resolve_event_id(con, f"{SUNDERLAND}:inspection:2015") == f"{SUNDERLAND}:inspection:2015-07"
    # it comes to match the official record: the alias follows to the official id
    official = rows.official(f"{SUNDERLAND}:sif:2015-08-03", published=D(2015, 8, 3))
    rows.match("bbbb", "bbbb-i1", SUNDERLAND, official)
    refresh_events(con)
    assert list(events(con)) == [f"{SUNDERLAND}:inspection:2015-08"]
    assert resolve_event_id(con, f"{SUNDERLAND}:inspection:2015") == f"{SUNDERLAND}:inspection:2015-08"
    assert resolve_event_id(con, f"{SUNDERLAND}:inspection:2015-07") == f"{SUNDERLAND}:inspection:2015-08"
    assert resolve_event_id(con, "nothing") is None


def test_refresh_is_one_transaction(con, rows, monkeypatch):
    import ofsted.events as events_module

    rows.inspection(rows.doc("aaaa"), year=2015, month=7)
    refresh_events(con)
    before = con.execute("select * from events").fetchall()
    rows.inspection(rows.doc("bbbb"), year=2016, month=7)
    real = events_module.event_frames

    def broken(evts, now):
        frame, members_frame = real(evts, now)
        return frame.vstack(frame), members_frame  # duplicate ids: the insert fails after the deletes

    monkeypatch.setattr(events_module, "event_frames", broken)
    with pytest.raises(Exception):
        refresh_events(con)
    assert con.execute("select * from events").fetchall() == before
    assert con.execute("select count(*) from event_members").fetchone()[0] == 1


# --------------------------------------------------------------------------------------------
# grades and conflicts


def test_grades_per_area_and_stories_that_disagree(con, rows):
    a = rows.inspection(rows.doc("aaaa"), year=2015, month=7)
    b = rows.inspection(rows.doc("bbbb"), year=2015, month=7)
    rows.rating(a, "overall_effectiveness", "inadequate", evidence="Services were judged inadequate in July 2015.")
    rows.rating(b, "overall_effectiveness", "requires_improvement", evidence="Ofsted said services require improvement.")
    rows.rating(a, "adoption", "good")
    rows.rating(b, "adoption", "good")
    rows.rating(b, "care_leavers", None, change="improved")
    refresh_events(con)
    event = events(con)[f"{SUNDERLAND}:inspection:2015-07"]
    assert event["adoption"] == "good"
    assert event["overall_effectiveness"] is None  # the stories disagree: see event_conflicts
    assert event["care_leavers"] is None and event["n_conflicts"] == 1
    (conflict,) = con.execute(
        "select kind, area, rating, evidence, other_rating, other_evidence from event_conflicts").fetchall()
    assert conflict == ("stories_disagree", "overall_effectiveness", "inadequate",
                        "Services were judged inadequate in July 2015.", "requires_improvement",
                        "Ofsted said services require improvement.")


def test_a_story_that_disagrees_with_the_official_record_is_a_conflict(con, rows):
    official = rows.official(f"{SUNDERLAND}:sif:2015-07-20", published=D(2015, 7, 20),
                             grades={"overall_effectiveness": "inadequate", "adoption": "requires_improvement"})
    a = rows.inspection(rows.doc("aaaa"), year=2015, month=7, official_id=official)
    rows.rating(a, "overall_effectiveness", "inadequate")
    rows.rating(a, "adoption", "good", evidence="Adoption was rated good.", start_char=50)
    refresh_events(con)
    (conflict,) = con.execute(
        "select kind, area, rating, evidence, other_rating, other_evidence, official_id from event_conflicts").fetchall()
    kind, area, rating, evidence, other_rating, other_evidence, official_id = conflict
    assert (kind, area, rating, evidence, other_rating, official_id) == (
        "official_disagrees", "adoption", "good", "Adoption was rated good.", "requires_improvement", official)
    assert "Official adoption = requires_improvement (test.csv, line 3)" in other_evidence
    assert events(con)[f"{SUNDERLAND}:inspection:2015-07"]["n_conflicts"] == 1


def test_every_event_table_and_column_has_a_comment(con):
    names = ("events", "event_members", "event_aliases", "event_ratings", "event_conflicts", "inspection_events")
    tables = con.execute(
        "select table_name, comment from duckdb_tables() where table_name in (select unnest(?)) "
        "union all select view_name, comment from duckdb_views() where view_name in (select unnest(?))",
        [list(names), list(names)],
    ).fetchall()
    assert sorted(t for t, _ in tables) == sorted(names)
    assert [t for t, c in tables if not c] == []
    uncommented = con.execute(
        "select table_name, column_name from duckdb_columns() where table_name in (select unnest(?)) and comment is null",
        [list(names)],
    ).fetchall()
    assert uncommented == []


# --------------------------------------------------------------------------------------------
# acceptance: the seeds through the pipeline


def _upstream_missing() -> str | None:
    for module in ("ofsted.extract.inspections", "ofsted.extract.ratings", "ofsted.official_checks"):
        if importlib.util.find_spec(module) is None:
            return f"upstream module {module} is not in the tree yet (extractors / matching being finished)"
    return None


@pytest.fixture()
def seed_warehouse(seeds_loaded):
    """The seeds through the pipeline, whose last stage is ``refresh_derived`` (the session's
    seeds run, copied: this test's to change)."""
    reason = _upstream_missing()
    if reason:
        pytest.skip(reason)
    return seeds_loaded


def _seed_events(wh_path: Path) -> dict[str, dict]:
    with wh.open_warehouse(wh_path, read_only=True) as c:
        return events(c)


def test_the_seeds_give_three_sunderland_events(seed_warehouse):
    _, wh_path = seed_warehouse
    found = _seed_events(wh_path)
    assert {e["la_code"] for e in found.values()} == {SUNDERLAND}
    assert len(found) == 3, found
    by_kind = {}
    for e in found.values():
        by_kind.setdefault((e["visit_type"], e["year"]), []).append(e)
    # the July 2015 inspection, reported by both documents
    (judged,) = by_kind[("inspection", 2015)]
    assert judged["event_id"] == f"{SUNDERLAND}:inspection:2015-07"
    assert judged["month"] == 7 and judged["n_documents"] == 2
    # the monitoring visit in "mid-June": no year in the text, so none here
    (visit,) = by_kind[("monitoring_visit", None)]
    assert visit["month"] == 6 and visit["n_documents"] == 1
    # the May inspection, dated 2018 through its match with the official record
    (reinspection,) = by_kind[("inspection", 2018)]
    assert reinspection["month"] == 5 and reinspection["official_id"] is not None
    assert reinspection["official_id"].startswith(f"{SUNDERLAND}:sif")


def test_a_new_story_joins_its_seed_event_and_conflicting_grades_show(seed_warehouse):
    src, wh_path = seed_warehouse
    (src / "002_sunderland_2015.txt").write_text(
        "Ofsted rated children's services in Sunderland as requires improvement in July 2015, "
        "the council said in a statement.\n",
        encoding="utf-8",
    )
    from ofsted.pipeline import plain_stages, run_stages
    from tasks.enrich import refresh_derived

    run_stages(plain_stages(), str(src), str(wh_path))
    refresh_derived(wh_path)
    found = _seed_events(wh_path)
    event = found[f"{SUNDERLAND}:inspection:2015-07"]
    assert event["n_documents"] == 3
    assert len(found) == 3
    with wh.open_warehouse(wh_path, read_only=True) as c:
        kinds = c.execute(
            "select kind, area from event_conflicts where event_id = ?", [event["event_id"]]).fetchall()
    assert ("stories_disagree", "overall_effectiveness") in kinds
