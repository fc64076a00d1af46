"""Organisation rows: one per distinct body, first span, local bodies and their authority."""

from __future__ import annotations

import pytest

from ofsted.extract.gazetteer import find_org_mentions
from ofsted.extract.organisations import extract_organisations
from ofsted.model import FACT_SCHEMAS, Document


def _rows(text: str) -> list[dict]:
    return extract_organisations(Document("d", "p", text, "0"), find_org_mentions(text))


def _triples(text: str) -> list[tuple]:
    return [(r["name"], r["org_type"], r["la_code"]) for r in _rows(text)]


def test_rows_have_exactly_the_schema_columns():
    for row in _rows("Ofsted inspected Bolton Council."):
        assert set(row) == set(FACT_SCHEMAS["organisations"])


def test_one_row_per_organisation_with_the_first_span():
    text = "Bolton Council said. Later Bolton Council and the council and Bolton agreed with Ofsted."
    rows = _rows(text)
    assert [(r["name"], r["start_char"], r["end_char"]) for r in rows] == [
        ("Bolton Metropolitan Borough Council", 0, 14),
        ("Ofsted", text.index("Ofsted"), text.index("Ofsted") + 6),
    ]


def test_a_place_used_as_a_location_still_lists_its_council():
    assert _triples("Children in Barnsley are safer, Ofsted says.") == [
        ("Barnsley Metropolitan Borough Council", "local_authority", "E08000038"),
        ("Ofsted", "regulator", None),
    ]


def test_anaphora_alone_does_not_create_a_row():
    assert _triples("The council said it would appeal.") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Bolton Council runs Elm Brook House, a children's home in Farnworth, which was rated good.",
            ("Elm Brook House", "other", "E08000001"),
        ),
        (
            "Separately, the CQC rated Harbour Point, a private residential unit for teenagers, as inadequate.",
            ("Harbour Point", "other", None),
        ),
        (
            "Wigan Council also owns Orchard Mews, a secure children’s home run by the council.",
            ("Orchard Mews", "other", "E08000010"),
        ),
        (
            "In Bury, Ofsted rated Castle Hill Primary School in Ramsbottom as good.",
            ("Castle Hill Primary School", "other", "E08000002"),
        ),
    ],
)
def test_local_bodies_named_by_apposition_or_head_word(text, expected):
    assert expected in _triples(text)


def test_a_graded_named_home_without_location_cue_has_no_code():
    rows = _triples("Trafford Council was praised. Separately, Fern Cottage was itself rated outstanding.")
    assert ("Fern Cottage", "other", None) in rows


def test_a_person_is_not_a_graded_body():
    rows = _triples("Bolton Council's director, Anne Fisher, was judged by peers to be excellent.")
    assert [r for r in rows if r[1] == "other"] == []


def test_police_forces_and_reporting_service_are_other_without_code():
    rows = _triples("Leeds City Council, West Yorkshire Police and the Local Democracy Reporting Service")
    assert ("West Yorkshire Police", "other", None) in rows
    assert ("Local Democracy Reporting Service", "other", None) in rows


def test_provider_serving_several_councils_has_no_code():
    assert ("Achieving for Children", "provider", None) in _triples("Achieving for Children runs services.")


@pytest.mark.parametrize(
    "text, expected",
    [
        # named safeguarding boards and partnerships: other, with the la_code of their place
        ("Wakefield Local Safeguarding Children Board met.", ("Wakefield Local Safeguarding Children Board", "other", "E08000036")),
        ("Dudley Local Safeguarding Children Partnership met.", ("Dudley Local Safeguarding Children Partnership", "other", "E08000027")),
        ("Bolton Safeguarding Children Board met.", ("Bolton Safeguarding Children Board", "other", "E08000001")),
        # NHS bodies, police forces and trade publications named in the text
        ("NHS Leeds and Bradford Clinical Commissioning Group replied.", ("NHS Leeds and Bradford Clinical Commissioning Group", "other", None)),
        ("Greater Manchester Police replied.", ("Greater Manchester Police", "other", None)),
        ("The figures were first reported by Community Care.", ("Community Care", "other", None)),
        ("Children and Young People Now asked the council.", ("Children and Young People Now", "other", None)),
        # names kept as the text writes them
        ("Her Majesty's Inspectorate of Prisons visited.", ("Her Majesty's Inspectorate of Prisons", "regulator", None)),
        ("His Majesty's Inspectorate of Prisons visited.", ("His Majesty's Inspectorate of Prisons", "regulator", None)),
    ],
)
def test_other_bodies_named_in_the_text(text, expected):
    assert expected in _triples(text)


@pytest.mark.parametrize(
    "text, absent",
    [
        # a place inside a body's name is not its council
        ("NHS Leeds and Bradford Clinical Commissioning Group replied.", "Leeds City Council"),
        ("NHS Leeds and Bradford Clinical Commissioning Group replied.", "City of Bradford Metropolitan District Council"),
        ("Wakefield Local Safeguarding Children Board met.", "Wakefield Metropolitan District Council"),
        # a bare head word is not a body
        ("The Local Safeguarding Children Board met.", "Local Safeguarding Children Board"),
        ("The Clinical Commissioning Group met.", "Clinical Commissioning Group"),
    ],
)
def test_no_body_from_a_name_inside_another_or_a_bare_head(text, absent):
    assert absent not in [t[0] for t in _triples(text)]
