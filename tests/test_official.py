"""official_outcomes: Ofsted's published outcomes as one row per authority, inspection and area.

Two halves: the mapping rules on literal rows written to temporary files (with the real headers of
the shipped files), and facts about the shipped files themselves (Sunderland, former codes, the
vocabularies, no duplicates, the quirks the loader reports).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import duckdb
import polars as pl
import pytest

from ofsted.official import (
    MAPPINGS_PATH,
    OFFICIAL_DIR,
    OFFICIAL_SCHEMA,
    REFERENCE_DIR,
    OfficialDataError,
    load_official,
    load_official_report,
    normalise_grade,
)

HISTORY = "ofsted_ilacs_inspection_history_2018_2025.csv"
OUTCOMES_2025 = "ofsted_la_inspection_outcomes_2025_03_31.csv"
INYEAR_2425 = "ofsted_la_inyear_activity_2024_25.csv"
INYEAR_2223 = "ofsted_la_inyear_activity_2022_23.csv"
TABLE_2009 = "ofsted_la_inspections_2009_2023.csv"
FORMER_LAS = "ofsted_la_inspections_2009_2023_former_las.csv"

D = dt.date


def _write(tmp_path: Path, name: str, rows: list[dict], header: list[str] | None = None) -> Path:
    """Write rows under the real header of shipped file ``name`` (absent cells blank)."""
    if header is None:
        with (OFFICIAL_DIR / name).open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
    for row in rows:
        unknown = set(row) - set(header)
        assert not unknown, f"test row names columns {unknown} not in {name}"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({col: row.get(col, "") for col in header})
    path = tmp_path / name
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _ilacs_long(code: str, name: str, start: str, published: str, grades: list[str], **extra) -> dict:
    cols = [
        "Overall effectiveness",
        "The impact of leaders on social work practice with children and families",
        "The experiences and progress of children who need help and protection",
        "The experiences and progress of children in care",
        "The experiences and progress of care leavers",
    ]
    row = {
        "Local authority area code": code,
        "Local authority name": name,
        "Inspection date": start,
        "Publication date": published,
    }
    row.update(dict(zip(cols, grades)))
    row.update(extra)
    return row


def _by_area(frame: pl.DataFrame) -> dict[str, str]:
    return dict(frame.select("area", "rating").iter_rows())


# ---------------------------------------------------------------------------------------------
# mapping rules on literal rows


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("Requires improvement to be good", "requires_improvement"),
        ("Requires Improvement", "requires_improvement"),
        ("requires improvement to be good ", "requires_improvement"),
        ("  Requires  improvement   to be good", "requires_improvement"),
        ("RI", "requires_improvement"),
        ("Require improvement to be good", "requires_improvement"),
        ("OUTSTANDING", "outstanding"),
        ("Good ", "good"),
        ("Inadequate.", "inadequate"),
        ("Adequate", "requires_improvement"),
    ],
)
def test_every_grade_spelling_maps_to_its_canonical_label(tmp_path, spelling, expected):
    path = _write(
        tmp_path,
        INYEAR_2425,
        [{
            "Local authority area code": "E08000024", "Local authority name": "Sunderland",
            "Inspection/Visit date": "27/01/2025", "Publication date": "11/03/2025",
            "Inspection/Visit type": "ILACS Short Inspection", "Overall effectiveness": spelling,
        }],
    )
    frame = load_official([path])
    assert frame.select("area", "rating", "scale").rows() == [
        ("overall_effectiveness", expected, "ofsted_4")
    ]


@pytest.mark.parametrize("spelling", ["-", "", "Not judged", " not judged ", "N/A"])
def test_no_grade_cells_give_no_row(tmp_path, spelling):
    path = _write(
        tmp_path,
        INYEAR_2425,
        [{
            "Local authority area code": "E08000024", "Local authority name": "Sunderland",
            "Inspection/Visit date": "27/01/2025", "Publication date": "11/03/2025",
            "Inspection/Visit type": "ILACS Short Inspection", "Overall effectiveness": "Good",
            "The experiences and progress of care leavers": spelling,
        }],
    )
    assert load_official([path])["area"].to_list() == ["overall_effectiveness"]


def test_unknown_grade_spelling_fails_loudly(tmp_path):
    path = _write(
        tmp_path,
        INYEAR_2425,
        [{
            "Local authority area code": "E08000024", "Local authority name": "Sunderland",
            "Inspection/Visit date": "27/01/2025", "Publication date": "11/03/2025",
            "Inspection/Visit type": "ILACS Short Inspection", "Overall effectiveness": "Satisfactory",
        }],
    )
    with pytest.raises(OfficialDataError, match="Satisfactory"):
        load_official([path])


def test_grade_normalisation_ignores_case_spacing_and_final_stop():
    assert normalise_grade("  Requires\tImprovement  To Be Good. ") == "requires improvement to be good"


def test_pre_2013_requires_improvement_is_legacy_adequate_and_sif_is_not(tmp_path):
    path = _write(
        tmp_path,
        TABLE_2009,
        [{
            "Local authority name": "Gateshead",
            "Safeguarding & Looked After Children (SLAC) Inspection publication date": "11/03/2011",
            "SLAC Safeguarding Overall effectiveness (OE)": "Requires improvement to be good",
            "SLAC Looked After Children Overall Effectiveness (OE)": "Good",
            "Child Protection Inspections (CPI) publication date": "09/04/2013",
            "CPI Overall Effectiveness (OE)": "Requires improvement to be good",
            "Single Inspection of LA Children's Services (SIF) First SIF publication date": "11/03/2016",
            "First SIF Overall Judgement (OE)": "Requires improvement to be good",
            "First ILACS framework inspection type": "ILACS Short Inspection",
            "First ILACS framework publication date": "11/06/2019",
            "First ILACS framework overall effectiveness": "Good",
        }],
    )
    frame = load_official([path])
    got = set(frame.select("framework", "area", "rating", "scale", "rating_rank").iter_rows())
    assert got == {
        ("slac", "overall_effectiveness", "adequate", "ofsted_legacy", 3),
        ("slac", "children_in_care", "good", "ofsted_legacy", 2),
        ("cpi", "overall_effectiveness", "adequate", "ofsted_legacy", 3),
        ("sif", "overall_effectiveness", "requires_improvement", "ofsted_4", 3),
        ("ilacs_short", "overall_effectiveness", "good", "ofsted_4", 2),
    }


def test_slac_safeguarding_is_overall_effectiveness_and_looked_after_is_children_in_care(tmp_path):
    path = _write(
        tmp_path,
        TABLE_2009,
        [{
            "Local authority name": "Sunderland",
            "Safeguarding & Looked After Children (SLAC) Inspection publication date": "10/04/2012",
            "SLAC Safeguarding Overall effectiveness (OE)": "Good",
            "SLAC Looked After Children Overall Effectiveness (OE)": "Inadequate",
        }],
    )
    frame = load_official([path])
    assert _by_area(frame) == {"overall_effectiveness": "good", "children_in_care": "inadequate"}
    assert frame["official_id"].unique().to_list() == ["E08000024:slac:2012-04-10"]


@pytest.mark.parametrize(
    ("code", "current"),
    [
        ("E08000019", "E08000039"),  # Sheffield, until 30 Apr 2025
        ("E08000016", "E08000038"),  # Barnsley
        ("E08000020", "E08000037"),  # Gateshead, until 31 Mar 2013
        ("E06000048", "E06000057"),  # Northumberland
        ("E10000023", "E06000065"),  # North Yorkshire, until 31 Mar 2023
        ("E10000027", "E06000066"),  # Somerset
        ("E10000002", "E06000060"),  # Buckinghamshire, until 31 Mar 2020
        ("E08000024", "E08000024"),  # unchanged
    ],
)
def test_former_gss_codes_become_the_current_code(tmp_path, code, current):
    path = _write(
        tmp_path, OUTCOMES_2025,
        [_ilacs_long(code, "whatever the file says", "11/09/2023", "27/10/2023", ["Good"])],
    )
    frame = load_official([path])
    assert frame["la_code"].to_list() == [current]
    assert frame["official_id"].to_list() == [f"{current}:ilacs:2023-10-27"]


def test_ilacs_2018_22_combined_children_in_care_and_care_leavers_is_children_in_care_only(tmp_path):
    path = _write(
        tmp_path,
        TABLE_2009,
        [{
            "Local authority name": "Sunderland",
            "First ILACS framework inspection type": "ILACS Standard Inspection",
            "First ILACS framework publication date": "20/08/2021",
            "First ILACS framework overall effectiveness": "Outstanding",
            "First ILACS framework impact of leaders": "Outstanding",
            "First ILACS framework experiences and progress of children who need help and protection": "Good",
            "First ILACS framework experiences and progress of children in care and care leavers": "Outstanding",
        }],
    )
    frame = load_official([path])
    assert _by_area(frame) == {
        "overall_effectiveness": "outstanding",
        "leadership": "outstanding",
        "help_and_protection": "good",
        "children_in_care": "outstanding",
    }
    cic = frame.filter(pl.col("area") == "children_in_care")
    assert cic["area_official"].item() == (
        "First ILACS framework experiences and progress of children in care and care leavers"
    )


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Southend on Sea", "E06000033"),  # the 2022-23 file's spelling; ONS writes Southend-on-Sea
        ("Bristol", "E06000023"),  # ofsted_name; ONS name is "Bristol, City of"
        ("Telford & Wrekin", "E06000020"),
        ("St Helens", "E08000013"),
        ("Bournemouth, Christchurch and Poole", "E06000058"),
        ("Sheffield", "E08000039"),  # name joins land on the current code directly
    ],
)
def test_2022_23_in_year_file_joins_authorities_on_name(tmp_path, name, code):
    path = _write(
        tmp_path, INYEAR_2223,
        [{"Local authority name": name, "Ofsted region": "x", "Inspection/Visit date": "22/03/2022",
          "Inspection/Visit type": "ILACS Focused Visit", "Visit Theme": "Children in care"}],
    )
    frame = load_official([path])
    assert frame.select("la_code", "visit_type", "framework", "theme", "published_date").rows() == [
        (code, "focused_visit", "focused_visit", "Children in care", None)
    ]
    assert frame["official_id"].item() == f"{code}:focused_visit:2022-03-22"


def test_visits_are_one_row_without_area_or_rating(tmp_path):
    path = _write(
        tmp_path, INYEAR_2425,
        [{"Local authority area code": "E06000018", "Local authority name": "Nottingham",
          "Inspection/Visit date": "03/04/2024", "Publication date": "15/05/2024",
          "Inspection/Visit type": "LA Monitoring visit", "Visit Theme": "Children in care"}],
    )
    frame = load_official([path])
    assert frame.height == 1
    row = frame.row(0, named=True)
    assert row["visit_type"] == "monitoring_visit"
    assert (row["area"], row["rating"], row["scale"], row["rating_rank"]) == (None, None, None, None)
    assert row["theme"] == "Children in care"
    assert (row["inspection_start_date"], row["published_date"]) == (D(2024, 4, 3), D(2024, 5, 15))


def test_unknown_authority_name_fails_loudly(tmp_path):
    path = _write(
        tmp_path, INYEAR_2223,
        [{"Local authority name": "Wearside", "Inspection/Visit date": "22/03/2022",
          "Inspection/Visit type": "ILACS Focused Visit", "Visit Theme": "Front door"}],
    )
    with pytest.raises(OfficialDataError, match="Wearside"):
        load_official([path])


def test_abolished_authorities_are_excluded_and_reported_not_given_to_a_successor(tmp_path):
    former = _write(
        tmp_path, FORMER_LAS,
        [{"Local authority name": "Dorset",
          "Single Inspection of LA Children's Services (SIF) First SIF publication date": "23/05/2016",
          "First SIF Overall Judgement (OE)": "Requires improvement to be good"}],
    )
    history = _write(
        tmp_path, HISTORY,
        [_ilacs_long("E10000006", "Cumbria", "20/09/2022", "15/11/2022", ["Good"],
                     **{"Inspection type": "ILACS Standard Inspection"})],
    )
    report = load_official_report([former, history])
    assert report.frame.height == 0
    assert {(e["la_name"], e["la_code_official"]) for e in report.excluded} == {
        ("Dorset", "E10000009"),
        ("Cumbria", "E10000006"),
    }


def test_same_inspection_in_several_files_is_one_inspection_preferring_the_specific_file(tmp_path):
    history = _write(
        tmp_path, HISTORY,
        [_ilacs_long("E08000024", "Sunderland", "28/06/2021", "20/08/2021",
                     ["Outstanding", "Outstanding", "Good", "Outstanding"],
                     **{"Inspection type": "ILACS Standard Inspection"})],
    )
    outcomes = _write(
        tmp_path, OUTCOMES_2025,
        [_ilacs_long("E08000024", "Sunderland", "28/06/2021", "20/08/2021",
                     ["Outstanding", "Outstanding", "Good", "Outstanding"])],
    )
    table = _write(
        tmp_path, TABLE_2009,
        [{"Local authority name": "Sunderland",
          "First ILACS framework inspection type": "ILACS Standard Inspection",
          "First ILACS framework publication date": "20/08/2021",
          "First ILACS framework overall effectiveness": "Outstanding",
          "First ILACS framework impact of leaders": "Outstanding",
          "First ILACS framework experiences and progress of children who need help and protection": "Good",
          "First ILACS framework experiences and progress of children in care and care leavers": "Outstanding"}],
    )
    report = load_official_report([table, outcomes, history])
    frame = report.frame
    assert frame["official_id"].unique().to_list() == ["E08000024:ilacs_standard:2021-08-20"]
    assert frame.height == 4
    assert set(frame["source_file"]) == {HISTORY}
    assert set(frame["inspection_start_date"]) == {D(2021, 6, 28)}
    others = frame.filter(pl.col("area") == "overall_effectiveness")["other_sources"].item()
    assert others == f"{OUTCOMES_2025}:2|{TABLE_2009}:2"
    assert report.conflicts == []


def test_dedupe_joins_a_fieldwork_only_row_to_a_publication_only_row_and_keeps_both_dates(tmp_path):
    inyear = _write(
        tmp_path, INYEAR_2223,
        [{"Local authority name": "Nottingham", "Inspection/Visit date": "11/07/2022",
          "Inspection/Visit type": "ILACS Standard Inspection", "Overall effectiveness": "Inadequate"}],
    )
    table = _write(
        tmp_path, TABLE_2009,
        [{"Local authority name": "Nottingham",
          "Second ILACS framework inspection type": "ILACS Standard Inspection",
          "Second ILACS framework publication date": "05/09/2022",
          "Second ILACS framework overall effectiveness": "Inadequate",
          "Second ILACS framework impact of leaders": "Requires improvement to be good"}],
    )
    frame = load_official([inyear, table])
    assert frame["official_id"].unique().to_list() == ["E06000018:ilacs_standard:2022-09-05"]
    assert set(frame.select("inspection_start_date", "published_date").iter_rows()) == {
        (D(2022, 7, 11), D(2022, 9, 5))
    }
    # the in-year file ranks above the 2009-2023 table for the area both give; the table alone
    # gives leadership
    assert dict(frame.select("area", "source_file").iter_rows()) == {
        "overall_effectiveness": INYEAR_2223,
        "leadership": TABLE_2009,
    }


def test_files_that_disagree_keep_the_preferred_file_and_report_the_conflict(tmp_path):
    history = _write(
        tmp_path, HISTORY,
        [_ilacs_long("E09000024", "Merton", "28/02/2022", "09/05/2022", ["Outstanding"],
                     **{"Inspection type": "ILACS Short Inspection"})],
    )
    table = _write(
        tmp_path, TABLE_2009,
        [{"Local authority name": "Merton",
          "First ILACS framework inspection type": "ILACS Standard Inspection",
          "First ILACS framework publication date": "09/05/2022",
          "First ILACS framework overall effectiveness": "Good"}],
    )
    report = load_official_report([table, history])
    assert report.frame.select("framework", "rating").rows() == [("ilacs_short", "outstanding")]
    assert {c["kind"] for c in report.conflicts} == {"framework", "rating:overall_effectiveness"}


def test_two_inspections_of_one_authority_stay_apart(tmp_path):
    history = _write(
        tmp_path, HISTORY,
        [
            _ilacs_long("E09000002", "Barking and Dagenham", "18/02/2019", "01/04/2019", ["Good"],
                        **{"Inspection type": "ILACS Standard Inspection"}),
            _ilacs_long("E09000002", "Barking and Dagenham", "10/07/2023", "04/09/2023", ["Good"],
                        **{"Inspection type": "ILACS Standard Inspection"}),
        ],
    )
    assert load_official([history])["official_id"].n_unique() == 2


def test_a_column_missing_from_mappings_fails_loudly(tmp_path):
    with (OFFICIAL_DIR / INYEAR_2425).open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh)) + ["Lead inspector"]
    path = _write(tmp_path, INYEAR_2425, [], header=header)
    with pytest.raises(OfficialDataError, match="Lead inspector"):
        load_official([path])


def test_a_file_without_a_mapping_entry_is_refused(tmp_path):
    path = tmp_path / "ofsted_something_else.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(OfficialDataError, match="no entry"):
        load_official([path])


# ---------------------------------------------------------------------------------------------
# the shipped files


@pytest.fixture(scope="module")
def report():
    return load_official_report()


@pytest.fixture(scope="module")
def official(report) -> pl.DataFrame:
    return report.frame


@pytest.fixture(scope="module")
def las() -> pl.DataFrame:
    return pl.read_csv(REFERENCE_DIR / "local_authorities.csv", infer_schema=False)


def _inspection(official: pl.DataFrame, la_code: str, published: dt.date) -> pl.DataFrame:
    return official.filter((pl.col("la_code") == la_code) & (pl.col("published_date") == published))


def test_sunderland_sif_published_20_july_2015_is_inadequate_everywhere_including_lscb(official):
    sif = _inspection(official, "E08000024", D(2015, 7, 20))
    assert set(sif["framework"]) == {"sif"}
    assert _by_area(sif) == {
        "overall_effectiveness": "inadequate",
        "help_and_protection": "inadequate",
        "children_in_care": "inadequate",
        "adoption": "inadequate",
        "care_leavers": "inadequate",
        "leadership": "inadequate",
        "lscb": "inadequate",
    }


def test_sunderland_sif_reinspection_published_25_july_2018_matches_ofsted(official):
    reinspection = _inspection(official, "E08000024", D(2018, 7, 25))
    assert reinspection["official_id"].unique().to_list() == ["E08000024:sif_reinspection:2018-07-25"]
    assert _by_area(reinspection) == {  # no LSCB at re-inspections
        "overall_effectiveness": "inadequate",
        "help_and_protection": "inadequate",
        "children_in_care": "requires_improvement",
        "adoption": "good",
        "care_leavers": "requires_improvement",
        "leadership": "inadequate",
    }


def test_sunderland_ilacs_2021_and_2025_match_ofsted_with_fieldwork_dates(official):
    ilacs_2021 = _inspection(official, "E08000024", D(2021, 8, 20))
    assert set(ilacs_2021.select("framework", "inspection_start_date").iter_rows()) == {
        ("ilacs_standard", D(2021, 6, 28))
    }
    assert _by_area(ilacs_2021) == {
        "overall_effectiveness": "outstanding",
        "leadership": "outstanding",
        "help_and_protection": "good",
        "children_in_care": "outstanding",
    }
    ilacs_2025 = _inspection(official, "E08000024", D(2025, 3, 11))
    assert set(ilacs_2025.select("framework", "inspection_start_date").iter_rows()) == {
        ("ilacs_short", D(2025, 1, 27))
    }
    assert _by_area(ilacs_2025) == {
        "overall_effectiveness": "outstanding",
        "leadership": "outstanding",
        "help_and_protection": "outstanding",
        "children_in_care": "outstanding",
        "care_leavers": "good",
    }


def test_sunderland_2012_slac_is_good_on_the_legacy_scale(official):
    slac = _inspection(official, "E08000024", D(2012, 4, 10))
    assert set(slac.select("framework", "scale").iter_rows()) == {("slac", "ofsted_legacy")}
    assert _by_area(slac) == {"overall_effectiveness": "good", "children_in_care": "good"}


def test_sheffield_and_barnsley_rows_carry_their_current_codes(official):
    codes = set(official["la_code"])
    assert not codes & {"E08000019", "E08000016", "E08000020", "E06000048", "E10000023",
                        "E10000027", "E10000002"}
    sheffield = official.filter(pl.col("la_name") == "Sheffield")
    assert set(sheffield["la_code"]) == {"E08000039"}
    # from the 2009-2023 table (joined on name) and the 2025 files (old code E08000019)
    assert {TABLE_2009, HISTORY} <= set(sheffield["source_file"])
    assert set(official.filter(pl.col("la_name") == "Barnsley")["la_code"]) == {"E08000038"}


def test_gateshead_2011_slac_is_adequate(official):
    slac = _inspection(official, "E08000037", D(2011, 3, 11))
    assert set(slac.select("framework", "rating", "scale", "rating_rank").iter_rows()) == {
        ("slac", "adequate", "ofsted_legacy", 3)
    }
    assert set(slac["area"]) == {"overall_effectiveness", "children_in_care"}


def test_every_la_code_is_a_current_authority_and_every_authority_has_an_inspection(official, las):
    assert set(official["la_code"]) == set(las["gss_code"])
    inspected = official.filter(pl.col("visit_type") == "inspection")
    assert inspected["la_code"].n_unique() == las.height == 153


def test_every_rating_is_a_label_of_its_scale_with_its_rank(official):
    scales = pl.read_csv(REFERENCE_DIR / "scales.csv")
    graded = official.filter(pl.col("rating").is_not_null())
    joined = graded.join(
        scales.rename({"label": "rating", "rank": "expected_rank"}).select("scale", "rating", "expected_rank"),
        on=["scale", "rating"], how="left",
    )
    assert joined["expected_rank"].null_count() == 0
    assert (joined["rating_rank"] == joined["expected_rank"]).all()
    legacy = {"slac", "slac_reinspection", "cpi", "cpri", "tlac"}
    assert (graded.filter(pl.col("framework").is_in(legacy))["scale"] == "ofsted_legacy").all()
    assert (graded.filter(~pl.col("framework").is_in(legacy))["scale"] == "ofsted_4").all()
    assert "requires_improvement" not in set(graded.filter(pl.col("scale") == "ofsted_legacy")["rating"])


def test_every_area_is_in_areas_csv_and_visits_have_none(official):
    areas = set(pl.read_csv(REFERENCE_DIR / "areas.csv")["area"])
    graded = official.filter(pl.col("visit_type") == "inspection")
    assert set(graded["area"]) <= areas
    assert graded["rating"].null_count() == 0
    visits = official.filter(pl.col("visit_type") != "inspection")
    assert visits.height == 120  # 36 + 36 focused visits, 24 + 24 monitoring visits
    assert visits.select("area", "rating", "scale", "rating_rank").null_count().row(0) == (120,) * 4
    assert visits["theme"].null_count() == 0


def test_no_duplicate_official_id_and_area(official):
    assert official.select("official_id", "area").is_duplicated().sum() == 0
    per_id = official.group_by("official_id").agg(
        pl.col("la_code").n_unique(), pl.col("framework").n_unique(),
        pl.col("published_date").n_unique(), pl.col("inspection_start_date").n_unique(),
    )
    assert (per_id.drop("official_id") == 1).to_numpy().all()


def test_each_ilacs_history_row_of_a_current_authority_is_exactly_one_inspection(official):
    ilacs = official.filter(pl.col("framework_family").eq("ilacs") & pl.col("visit_type").eq("inspection"))
    assert ilacs["official_id"].n_unique() == 271 - 3  # minus Bournemouth, Cumbria, Northamptonshire
    assert set(ilacs["source_file"]) == {HISTORY}


def test_shipped_files_disagree_only_on_merton_2022_type_and_nottingham_2022_publication(report):
    assert sorted((c["official_id"], c["kind"]) for c in report.conflicts) == [
        ("E06000018:ilacs_standard:2022-09-05", "published_date"),  # 2009-2023 table: 05/11/2022
        ("E09000024:ilacs_short:2022-05-09", "framework"),  # history: short; 2 files: standard
    ]


def test_only_abolished_authorities_are_excluded_from_the_shipped_files(report):
    assert {e["la_name"] for e in report.excluded} == {
        "Bournemouth", "Poole", "Dorset", "Northamptonshire", "Cumbria"
    }
    assert len(report.excluded) == 21


def test_frame_has_the_documented_schema(official):
    assert official.schema == pl.Schema(OFFICIAL_SCHEMA)


def test_ddl_creates_a_commented_table_the_frame_loads_into(official):
    from ofsted import warehouse as wh

    con = duckdb.connect()
    wh.migrate(con)
    con.execute("DELETE FROM official_outcomes")
    columns = con.execute(
        "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = 'official_outcomes'"
    ).fetchall()
    assert [name for name, _ in columns] == list(OFFICIAL_SCHEMA)
    assert all(comment for _, comment in columns)
    assert con.execute(
        "SELECT comment FROM duckdb_tables() WHERE table_name = 'official_outcomes'"
    ).fetchall()[0][0]
    con.register("frame", official.to_arrow())
    con.execute("INSERT INTO official_outcomes SELECT * FROM frame")
    assert con.execute("SELECT count(*) FROM official_outcomes").fetchall() == [(official.height,)]


def test_mappings_json_covers_every_framework_the_loader_can_emit():
    mappings = json.loads(MAPPINGS_PATH.read_text(encoding="utf-8"))
    emitted = set(mappings["inspection_types"].values())
    for spec in mappings["files"].values():
        emitted |= {g["framework"] for g in spec["groups"] if "framework" in g}
    assert emitted <= set(mappings["frameworks"])
    scales = pl.read_csv(REFERENCE_DIR / "scales.csv")
    for scale, labels in mappings["scale_labels"].items():
        assert set(labels.values()) == set(scales.filter(pl.col("scale") == scale)["label"])
