"""Corrections: the file's rules, how they apply to the warehouse, and what is refused.

The file-level tests need no warehouse; the rest share one module-scoped warehouse of the seeds
(built once without Prefect) and reset the corrections between tests.
"""

from __future__ import annotations

import json

import pytest

from ofsted.pipeline import run_plain
from ofsted import apply_corrections as ac
from ofsted import cli
from ofsted import warehouse as wh
from ofsted.corrections import (
    FILE_COLUMNS,
    Correction,
    CorrectionsError,
    corrections_csv,
    fold,
    new_correction,
    parse_corrections,
    read_corrections,
    write_corrections,
)
from ofsted.evaluate_cli import predictions_from_warehouse

DOC = "05f96c07068e6028"  # seed 001: Sunderland's 2018 re-inspection
SHA = "05f96c07068e6028f39fb47493db252354cfc43c2f60ec334ab8dbc9a65e8c57"
ADOPTION = "E08000024|adoption"
HEADER = ",".join(FILE_COLUMNS)


def row(**overrides) -> str:
    values = {"correction_id": "c1", "created_at": "2025-01-31T09:30:00Z", "author": "ana", "action": "set",
              "fact_type": "ratings", "document": SHA, "key": ADOPTION, "fields": '{"rating": "outstanding"}',
              "reason": "the letter says so", "source_path": "seeds/001.txt", **overrides}
    return corrections_csv([]).splitlines()[0] + "\n" + ",".join(
        '"' + str(values[c]).replace('"', '""') + '"' for c in FILE_COLUMNS) + "\n"


# --------------------------------------------------------------------------------------------
# The file


def test_a_corrections_file_round_trips_through_write_and_read(tmp_path):
    path = tmp_path / "corrections.csv"
    c = new_correction(action="set", fact_type="ratings", document=SHA, key=ADOPTION,
                       fields={"rating": "good", "previous_rating": "inadequate"}, reason="checked, with a comma",
                       author="ana")
    write_corrections(path, [c])
    [back] = read_corrections(path)
    assert back.row() == c.row()
    assert path.read_text().splitlines()[0] == HEADER


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"fields": '{"rating": "superb"}'}, "rating 'superb' is not a grade of any scale"),
        ({"fields": '{"area": "schools"}'}, "unknown area 'schools'"),
        ({"reason": "  "}, "reason is missing"),
        ({"fields": '{"rating_rank": 1}'}, "field 'rating_rank' cannot be set"),
        ({"action": "rewrite"}, "action 'rewrite' is not one of confirm, set, drop, add"),
        ({"document": "seeds/001.txt"}, "must be the document's content_sha256"),
        ({"key": ""}, "a set needs the key of the fact it targets"),
        ({"fields": '{"la_code": "E99999999"}'}, "unknown authority code 'E99999999'"),
    ],
)
def test_a_correction_breaking_a_rule_is_refused_with_a_clear_message(overrides, message):
    with pytest.raises(CorrectionsError) as caught:
        parse_corrections(row(**overrides), "corrections.csv")
    assert message in str(caught.value)
    assert "line 2" in str(caught.value) and "nothing applied" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,when,what\nc1,now,set\n", "the header must be"),
        (row(fields="{rating: good}"), "fields is not a JSON object"),
        (row() + '"c2","2025-01-31T09:30:00Z","ana"\n', "malformed row"),
        (row() + row(correction_id="c1").split("\n", 1)[1], "correction id c1 is also on line 2"),
        (HEADER + '\n"c1,2025\n', "malformed"),
    ],
)
def test_a_malformed_file_is_refused_whole(text, message, tmp_path):
    path = tmp_path / "corrections.csv"
    path.write_text(text)
    with pytest.raises(CorrectionsError) as caught:
        read_corrections(path)
    assert message in str(caught.value)


def test_a_crash_while_writing_leaves_the_previous_file_whole(tmp_path, monkeypatch):
    path = tmp_path / "corrections.csv"
    first = new_correction(action="confirm", fact_type="ratings", document=SHA, key=ADOPTION, reason="ok", author="a")
    write_corrections(path, [first])
    before = path.read_bytes()

    def crash(*_):
        raise OSError("disk pulled out")

    monkeypatch.setattr("ofsted.corrections.os.replace", crash)
    with pytest.raises(OSError):
        write_corrections(path, [first, first])
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["corrections.csv"]  # no temporary file left


def test_corrections_of_one_fact_add_up_in_time_order_and_a_drop_wins():
    def c(cid, when, action, fields=None):
        return Correction(cid, f"2025-01-0{when}T00:00:00Z", "a", action, "ratings", SHA, ADOPTION, fields or {}, "r")

    [target] = fold([c("c3", 3, "set", {"rating": "good"}), c("c1", 1, "set", {"rating": "inadequate", "change": "improved"}),
                     c("c2", 2, "confirm")])
    assert target.fields == {"rating": "good", "change": "improved"}
    assert (target.corrected, target.reviewed, target.dropped, target.correction_id) == (True, True, False, "c3")
    [dropped] = fold([c("c1", 1, "drop"), c("c2", 2, "set", {"rating": "good"})])
    assert dropped.dropped


# --------------------------------------------------------------------------------------------
# A warehouse


@pytest.fixture(scope="module")
def seeds_warehouse(seeds_run, tmp_path_factory):
    """The session's seeds run, its warehouse copied for this module (corrections are written
    beside it and loaded into it); ``texts`` is the folder that run read, never changed here."""
    assert seeds_run.summary["status"] == "completed"
    warehouse = seeds_run.copy_warehouse(tmp_path_factory.mktemp("corrections") / "wh" / "ofsted.duckdb")
    return {"warehouse": warehouse, "texts": seeds_run.texts, "corrections": warehouse.parent / "corrections.csv"}


@pytest.fixture()
def seeds(seeds_warehouse):
    """The module's warehouse with no corrections."""
    seeds_warehouse["corrections"].unlink(missing_ok=True)
    ac.apply_file(seeds_warehouse["warehouse"])
    return seeds_warehouse


def query(warehouse, sql, params=None):
    with wh.open_warehouse(warehouse, read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def record(seeds, **kwargs):
    kwargs.setdefault("author", "ana")
    kwargs.setdefault("reason", "checked against the text")
    return ac.record(seeds["warehouse"], None, **kwargs)


def test_a_set_correction_changes_the_view_and_recomputes_rank_and_change(seeds):
    record(seeds, action="set", fact_type="ratings", document=DOC, key=ADOPTION, fields={"rating": "outstanding"})
    rows = query(seeds["warehouse"], "select rating, rating_rank, previous_rating, change, origin, reviewed "
                                     "from ratings where doc_id = ? and area = 'adoption'", [DOC])
    assert rows == [("outstanding", 1, "inadequate", "improved", "corrected", True)]
    assert query(seeds["warehouse"], "select rating from extracted_ratings where doc_id = ? and area = 'adoption'", [DOC]) == [("good",)]


def test_a_refused_correction_changes_neither_the_file_nor_the_warehouse(seeds):
    record(seeds, action="confirm", fact_type="ratings", document=DOC, key=ADOPTION)
    before_file = seeds["corrections"].read_bytes()
    before_table = query(seeds["warehouse"], "select * from corrections")
    for bad in ({"fields": {"rating": "superb"}}, {"fields": {"area": "schools"}}, {"fields": {"rating": "good"}, "reason": ""},
                {"fields": {"rating": "adequate"}}):  # adequate is a legacy grade, not one of ofsted_4
        with pytest.raises(CorrectionsError):
            record(seeds, action="set", fact_type="ratings", document=DOC, key=ADOPTION, **bad)
    with pytest.raises(CorrectionsError, match="no ratings fact with key"):
        record(seeds, action="drop", fact_type="ratings", document=DOC, key="E08000024|lscb")
    assert seeds["corrections"].read_bytes() == before_file
    assert query(seeds["warehouse"], "select * from corrections") == before_table


def test_a_dropped_fact_leaves_the_views_and_undo_brings_it_back(seeds):
    c, _ = record(seeds, action="drop", fact_type="ratings", document=DOC, key=ADOPTION, reason="not about Sunderland")
    sql = "select count(*) from ratings where doc_id = ? and area = 'adoption'"
    assert query(seeds["warehouse"], sql, [DOC]) == [(0,)]
    assert query(seeds["warehouse"], "select count(*) from rating_checks where doc_id = ? and area = 'adoption'", [DOC]) == [(0,)]
    ac.undo(seeds["warehouse"], None, c.correction_id)
    assert query(seeds["warehouse"], sql, [DOC]) == [(1,)]
    assert read_corrections(seeds["corrections"]) == []


def test_an_added_rating_passes_its_suite_and_is_cross_checked(seeds):
    from ofsted.validation import load_suites, validate_frame
    from ofsted.official_checks import query_frame
    from tasks.validate import with_check_columns

    text = query(seeds["warehouse"], "select text from documents where doc_id = ?", [DOC])[0][0]
    start = text.index("Adoption services")
    record(seeds, action="add", fact_type="ratings", document=DOC,
           fields={"la_code": "E08000024", "area": "leadership", "rating": "inadequate"}, reason="leadership stayed inadequate")
    record(seeds, action="add", fact_type="people", document=DOC, fields={"name": "Ann Example", "start_char": start,
                                                                         "end_char": start + 17}, reason="named")
    with wh.open_warehouse(seeds["warehouse"], read_only=True) as con:
        added, people = (query_frame(con, f"select f.* exclude (origin, reviewed, correction_id, fact_key), "
                                          f"d.n_chars as doc_n_chars from {t} f join documents d using (doc_id) "
                                          "where origin = 'added'") for t in ("ratings", "people"))
        check = con.execute("select verdict, official_rating from rating_checks where doc_id = ? and area = 'leadership'", [DOC]).fetchall()
    assert added.row(0, named=True)["start_char"] is None and added.row(0, named=True)["rule"] == "correction"
    assert added.row(0, named=True)["inspection_id"] == f"{DOC}-i1"  # placed at the document's inspection
    suites = load_suites()
    for name, frame in (("ratings", added), ("people", people)):
        outcome = validate_frame(name, with_check_columns(frame), suites[name])
        assert outcome.failed_rows == {} and outcome.error is None, outcome
    assert check == [("agrees", "inadequate")]


def test_ofsted_correct_sets_lists_and_undoes_from_the_command_line(seeds, capsys):
    w = str(seeds["warehouse"])
    assert cli.main(["correct", "facts", "--warehouse", w, "--doc", DOC, "--type", "ratings"]) == 0
    assert ADOPTION in capsys.readouterr().out
    assert cli.main(["correct", "set", "--warehouse", w, "--doc", DOC, "--type", "ratings", "--key", ADOPTION,
                     "rating=requires_improvement", "--reason", "typo in the story", "--author", "ana"]) == 0
    recorded = capsys.readouterr().out
    correction_id = recorded.split()[1]
    assert "1 applied, 0 stale" in recorded
    assert cli.main(["correct", "set", "--warehouse", w, "--doc", DOC, "--type", "ratings", "--key", ADOPTION,
                     "rating=superb", "--reason", "x"]) == 2
    assert "not a grade" in capsys.readouterr().err
    assert cli.main(["correct", "list", "--warehouse", w]) == 0
    assert correction_id in capsys.readouterr().out
    assert cli.main(["correct", "undo", "--warehouse", w, correction_id]) == 0
    assert query(seeds["warehouse"], "select origin from ratings where doc_id = ? and area = 'adoption'", [DOC]) == [("extracted",)]


def test_evaluate_scores_the_raw_extraction_unless_asked_for_corrected_facts(seeds):
    record(seeds, action="set", fact_type="ratings", document=DOC, key=ADOPTION, fields={"rating": "outstanding"})
    raw = predictions_from_warehouse(seeds["warehouse"])
    corrected = predictions_from_warehouse(seeds["warehouse"], corrected=True)
    name = next(n for n in raw if n.startswith("001"))
    assert {r["rating"] for r in raw[name]["ratings"] if r["area"] == "adoption"} == {"good"}
    assert {r["rating"] for r in corrected[name]["ratings"] if r["area"] == "adoption"} == {"outstanding"}


def test_a_malformed_file_fails_the_run_clearly_and_keeps_the_corrections_in_force(seeds):
    record(seeds, action="set", fact_type="ratings", document=DOC, key=ADOPTION, fields={"rating": "outstanding"})
    before = query(seeds["warehouse"], "select * from corrections")
    good = seeds["corrections"].read_text()
    seeds["corrections"].write_text(good + '"c-broken","yesterday"\n')
    try:
        summary = run_plain(str(seeds["texts"]), str(seeds["warehouse"]))
    finally:
        seeds["corrections"].write_text(good)
    assert summary["status"] == "failed"
    assert "malformed row" in summary["message"] and "stay in force" in summary["message"]
    assert query(seeds["warehouse"], "select * from corrections") == before
    assert query(seeds["warehouse"], "select rating from ratings where doc_id = ? and area = 'adoption'", [DOC]) == [("outstanding",)]


def test_a_warehouse_of_the_previous_schema_migrates_forward_with_its_facts(tmp_path, monkeypatch):
    path = tmp_path / "old.duckdb"
    every = wh.migrations()
    monkeypatch.setattr(wh, "migrations", lambda: [m for m in every if m[0] <= 3])
    with wh.open_warehouse(path) as con:
        wh.migrate(con)
        con.execute("insert into documents (doc_id, source_path, source_paths, content_sha256, n_chars, text, "
                    "ingested_at, run_id) values ('d1', 'a.txt', 'a.txt', ?, 9, 'some text', now(), 'r')", ["a" * 64])
        con.execute("insert into ratings (doc_id, la_code, area, scale, rating, start_char, end_char, rule) "
                    "values ('d1', 'E08000024', 'adoption', 'ofsted_4', 'good', 0, 4, 'old')")
    monkeypatch.setattr(wh, "migrations", lambda: every)
    with wh.open_warehouse(path) as con:
        applied = wh.migrate(con)
        assert 5 in applied
        assert con.execute("select rating, origin, reviewed, fact_key from ratings").fetchall() == [
            ("good", "extracted", False, "E08000024|adoption")]
        assert con.execute("select count(*) from extracted_ratings").fetchone()[0] == 1
        assert con.execute("select count(*) from corrections").fetchone()[0] == 0
        assert con.execute("select count(*) from rating_checks").fetchone()[0] == 1


def test_every_settable_field_is_applied_by_its_view(seeds):
    """The views patch exactly the fields ofsted.corrections allows to be set (one list, two places)."""
    from ofsted.corrections import SETTABLE

    sql = (wh.SQL_DIR / "0005_corrections.sql").read_text()
    for fact_type, names in SETTABLE.items():
        body = sql.split(f"CREATE VIEW {fact_type} AS", 1)[1].split("COMMENT ON VIEW", 1)[0]
        patched = {part.split("'")[1] for part in body.split("correction_value(fields, ")[1:] if ", k." in part.split(")")[0]}
        assert patched == set(names), fact_type
    assert json.loads(json.dumps(SETTABLE))  # plain data


def test_every_weak_rule_names_a_rule_the_extractors_have(seeds_warehouse):
    """ofsted/data/weak_rules.json must follow renames in the extractors, or it silently queues
    nothing: each name is written in the extractors' code or rules, or read on the seeds (names
    composed at run time, like inspections.field.generic)."""
    from ofsted.review.queue import weak_rules

    sources = "".join(p.read_text() for p in (wh.SQL_DIR.parent / "extract").glob("*.py"))
    sources += "".join(p.read_text() for p in (wh.SQL_DIR.parent / "data" / "rules").glob("*.yaml"))
    seen = {r for (r,) in query(seeds_warehouse["warehouse"], "select distinct rule from extracted_fact_keys")}
    for rule in weak_rules():
        assert f'"{rule}"' in sources or rule in seen, f"{rule} is in weak_rules.json but no extractor names it"
