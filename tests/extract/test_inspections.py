"""Inspections and visits from literal sentences: one rule family per test, with negatives."""

from __future__ import annotations

import datetime as dt

import pytest

from ofsted.extract.analysis import analyse
from ofsted.extract.inspections import extract_inspections
from ofsted.model import FACT_SCHEMAS, Document


def run(text, published=None):
    return extract_inspections(analyse(Document("t", "t.txt", text, "0" * 64, published_date=published)))


def brief(rows):
    return [(r["la_code"], r["visit_type"], r["year"], r["month"]) for r in rows]


CALDERDALE, DERBY, HALTON = "E08000033", "E06000015", "E06000006"


def test_rows_have_exactly_the_schema_columns_and_evidence_spans():
    text = "Inspectors visited Derby City Council between 9 and 20 January 2023."
    rows = run(text)
    assert list(rows[0]) == list(FACT_SCHEMAS["inspections"])
    r = rows[0]
    assert text[r["start_char"]:r["end_char"]] == r["evidence"]
    assert r["inspection_id"] == "t-i1"
    assert (str(r["start_date"]), str(r["end_date"])) == ("2023-01-09", "2023-01-20")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Inspectors visited Derby City Council between 9 and 20 January 2023.", [(DERBY, "inspection", 2023, 1)]),
        ("Derby's children's services were judged inadequate in August 2016.", [(DERBY, "inspection", 2016, 8)]),
        ("Halton Borough Council was rated good at its previous inspection in 2019.", [(HALTON, "inspection", 2019, None)]),
        ("A report published on 4 April 2018 rated Calderdale good.", [(CALDERDALE, "inspection", 2018, 4)]),
        ("In 2017, Ofsted judged Derby's services to require improvement.", [(DERBY, "inspection", 2017, None)]),
    ],
)
def test_graded_inspections_are_dated_by_fieldwork_or_report(text, expected):
    assert brief(run(text)) == expected


@pytest.mark.parametrize(
    "text, visit_type",
    [
        ("Ofsted carried out a monitoring visit to Halton in March 2024.", "monitoring_visit"),
        ("Derby had a focused visit in late June 2023, looking at care leavers.", "focused_visit"),
        ("A joint targeted area inspection of Calderdale took place between 5 and 9 February 2024.", "jtai"),
    ],
)
def test_ungraded_visits_are_typed_by_their_cue(text, visit_type):
    assert [r["visit_type"] for r in run(text)] == [visit_type]


def test_fieldwork_and_publication_of_one_inspection_are_one_row_with_the_fieldwork_date():
    text = ("Inspectors were in Halton from 6 to 17 November 2023. "
            "Their report, published on 12 January 2024, rates the council good.")
    rows = run(text)
    assert brief(rows) == [(HALTON, "inspection", 2023, 11)]
    assert rows[0]["date_text"] == "from 6 to 17 November 2023"


def test_a_report_date_alone_dates_the_inspection():
    rows = run("Calderdale Council's services were rated good in an Ofsted report published on 3 June 2022.")
    assert brief(rows) == [(CALDERDALE, "inspection", 2022, 6)]


def test_relative_dates_resolve_with_the_published_date():
    text = "Inspectors who visited Derby last month rated the city good."
    assert brief(run(text, dt.date(2021, 1, 20))) == [(DERBY, "inspection", 2020, 12)]
    assert brief(run(text)) == []  # "last month" cannot be resolved without a published date


def test_bare_month_without_published_date_keeps_year_null():
    assert brief(run("Inspectors visited Halton in September and rated it good.")) == [(HALTON, "inspection", None, 9)]


@pytest.mark.parametrize(
    "text, ordinal",
    [
        ("Ofsted's third monitoring visit to Derby, in May 2022, found some progress.", 3),
        ("The 7th monitoring visit to Halton took place in October 2023.", 7),
    ],
)
def test_monitoring_visit_ordinals(text, ordinal):
    assert [r["ordinal"] for r in run(text)] == [ordinal]


def test_an_ordinal_within_the_year_is_not_the_series_ordinal():
    rows = run("Halton had its second monitoring visit this year in June 2024.")
    assert [r["ordinal"] for r in rows] == [None]


def test_progress_phrase_belongs_to_the_visit_and_never_to_an_inspection():
    text = ("Derby City Council is making steady progress, Ofsted said after a monitoring visit in May 2022. "
            "The council was judged inadequate in 2021.")
    rows = {r["visit_type"]: r for r in run(text)}
    assert rows["monitoring_visit"]["progress"] == "steady progress"
    assert rows["inspection"]["progress"] is None


def test_lead_inspector_is_attached_to_the_visit():
    text = "The monitoring visit to Halton in March 2024 was led by Priya Castellano, one of His Majesty's Inspectors."
    assert [r["lead_inspector"] for r in run(text)] == ["Priya Castellano"]


def test_pdf_header_lines_give_dates_and_lead_inspector():
    text = ("Inspection of Derby City Council children's services\n"
            "Inspection dates: 4 to 8 March 2024\n"
            "Lead inspector: Tomasz Wren\n"
            "Overall effectiveness: Good\n")
    rows = run(text)
    assert brief(rows) == [(DERBY, "inspection", 2024, 3)]
    assert rows[0]["lead_inspector"] == "Tomasz Wren"


def test_short_inspection_names_the_framework():
    rows = run("Ofsted carried out a short inspection of Halton in May 2024.")
    assert [r["framework"] for r in rows] == ["ilacs_short"]


@pytest.mark.parametrize(
    "text",
    [
        "Halton Children's Trust has run services since April 2019.",
        "The trust was set up in 2016 to run Derby's children's services.",
        "The single inspection framework was introduced in 2013, Derby City Council said.",
        "Nothing in Halton was dated; the last inspection found weaknesses.",
        "Pennyfield Primary School in Derby was rated good in February 2024.",
        "A children's home in Halton was judged outstanding in May 2023.",
        "In 2023, 40 councils in England were rated good.",
    ],
)
def test_dates_that_are_not_visits_give_no_inspection(text):
    assert run(text) == []


def test_one_date_for_several_councils_gives_one_visit_each():
    text = ("Round-up\n\nAll three councils were visited in late July.\n\n"
            "DERBY: good\n\nDerby City Council was judged good.\n\n"
            "HALTON: focused visit\n\nA focused visit to Halton Borough Council looked at care leavers.\n\n"
            "CALDERDALE: monitoring visit\n\nCalderdale Council had a monitoring visit to its front door.")
    rows = run(text, dt.date(2024, 9, 30))
    assert sorted(brief(rows)) == sorted([
        (DERBY, "inspection", 2024, 7), (HALTON, "focused_visit", 2024, 7), (CALDERDALE, "monitoring_visit", 2024, 7)])


@pytest.mark.timeout(120)  # a hang guard, not a speed test (bench/run.py measures speed)
def test_pathological_inputs_finish():
    assert run('"' * 100_000) == []
    assert brief(run("Inspectors visited Derby City Council in May 2022 and rated it good. " * 20_000)) == [
        (DERBY, "inspection", 2022, 5)]


# --- generalisation: structures beyond the tuning texts (own sentences) -----------------------

SEFTON, WIGAN, TORBAY = "E08000014", "E08000010", "E06000027"


def test_inspectors_visiting_in_a_story_that_opens_on_its_report_is_the_inspection():
    text = ("Ofsted has published its latest report on Sefton Council's children's services.\n\n"
            "Inspectors arrived in the week of 3 March 2025 and spent two weeks in the borough. "
            "The report, published on 20 November 2025, judged the council good.\n\n"
            "Ofsted made monitoring visits in June 2023 and January 2024.")
    rows = run(text)
    assert brief(rows) == [(SEFTON, "inspection", 2025, 3), (SEFTON, "monitoring_visit", 2023, 6),
                           (SEFTON, "monitoring_visit", 2024, 1)]
    assert rows[0]["date_text"] == "the week of 3 March 2025"


def test_a_story_that_opens_on_a_monitoring_visit_keeps_generic_visit_words_as_that_visit():
    text = ("Wigan Council has made steady progress, a monitoring visit by Ofsted has found, a year after it was "
            "rated inadequate.\n\nInspectors visited on 4 and 5 June 2024. Their letter was published on 9 July 2024.")
    assert brief(run(text)) == [(WIGAN, "monitoring_visit", 2024, 6)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ofsted also made monitoring visits to Wigan Council during 2021. One, in April 2021, looked at care leavers "
         "and found steady progress. Another, in September 2021, examined the front door.",
         [(WIGAN, "monitoring_visit", 2021, 4), (WIGAN, "monitoring_visit", 2021, 9)]),
        ("Between the two inspections Ofsted made several monitoring visits to Sefton Council. The last of them, in "
         "May 2022, looked at children in care.", [(SEFTON, "monitoring_visit", 2022, 5)]),
    ],
)
def test_members_of_a_series_of_visits_named_before_are_visits(text, expected):
    assert brief(run(text)) == expected


@pytest.mark.parametrize("text", [
    "Wigan Council was inspected in 2019. One, in April 2021, was a busy month for the council.",
    "Wigan Council's director started work. Another, in May 2022, joined the team.",
])
def test_a_series_opening_without_visits_named_before_is_not_a_visit(text):
    assert all(r["year"] != 2021 and r["year"] != 2022 for r in run(text))


def test_a_report_published_months_after_the_fieldwork_is_that_inspection():
    text = "Inspectors visited Torbay Council between 2 and 13 September 2024. The report was published on 12 May 2025."
    assert brief(run(text)) == [(TORBAY, "inspection", 2024, 9)]


def test_today_in_a_speakers_words_is_not_a_visit_date():
    text = ("Torbay Council's children's services have been rated good following an inspection in the week of "
            "2 September 2024. The director said: \"Good is a judgement about today, not about next year.\"")
    assert brief(run(text, dt.date(2024, 10, 20))) == [(TORBAY, "inspection", 2024, 9)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Wigan Council was found to be inadequate in March 2024.", [(WIGAN, "inspection", 2024, 3)]),
        ("Wigan Council's leadership and help and protection were also outstanding in 2020.", [(WIGAN, "inspection", 2020, None)]),
    ],
)
def test_a_grade_right_before_its_date_dates_an_inspection(text, expected):
    assert brief(run(text)) == expected


@pytest.mark.parametrize("text", [
    "Wigan Council made good progress in 2021 on recruiting social workers.",
    "Wigan Council expects to be inspected next year.",
    "A second monitoring visit to Wigan Council is expected next year.",
])
def test_progress_and_future_visits_are_not_inspections(text):
    assert run(text, dt.date(2024, 5, 1)) == []


def test_past_monitoring_visits_listed_with_a_shared_year_each_get_a_row():
    text = ("Wigan Council's children's services were rated inadequate in 2022. Since then Ofsted has carried out "
            "monitoring visits in March and July 2023.")
    assert brief(run(text, dt.date(2024, 9, 15))) == [(WIGAN, "inspection", 2022, None), (WIGAN, "monitoring_visit", 2023, 3),
                                                     (WIGAN, "monitoring_visit", 2023, 7)]


def test_the_first_of_a_series_after_a_future_visit_is_the_past_visit():
    text = ("A second monitoring visit to Wigan Council is expected later in the year. "
            "The first, in April 2024, looked at the front door.")
    assert brief(run(text, dt.date(2024, 9, 15))) == [(WIGAN, "monitoring_visit", 2024, 4)]


def test_a_graded_date_is_an_inspection_even_next_to_monitoring_visits():
    text = "Torbay Council was found to be inadequate in 2018, and received seven monitoring visits in between."
    assert brief(run(text)) == [(TORBAY, "inspection", 2018, None)]


@pytest.mark.parametrize("text", [
    "Wigan Council is to be inspected again in 2025.",
    "Wigan Council is due to receive a monitoring visit in March 2025.",
    "Ofsted will return to Wigan Council in the spring of 2025.",
    "Wigan Council expected a further monitoring visit early next year and a full re-inspection later in 2025.",
    "Wigan Council expects a full inspection in 2025.",
])
def test_visits_still_to_come_are_not_inspections(text):
    assert run(text, dt.date(2024, 7, 20)) == []


def test_the_month_may_is_not_the_modal_may():
    text = ("Ofsted's focused visit to Bolton Council in May 2024 found strengths. Bolton was last inspected in 2022. "
            "Inspectors visited on 14 and 15 May.")
    assert brief(run(text, dt.date(2024, 7, 20))) == [("E08000001", "focused_visit", 2024, 5), ("E08000001", "inspection", 2022, None)]


def test_a_fostering_services_inspection_is_not_the_councils():
    assert run("Wigan Council's fostering service was rated outstanding in March 2023.") == []


def test_an_expectation_does_not_hide_a_past_inspection_in_another_sentence():
    text = ("Wigan Council was rated good in March 2023. The council expected a further monitoring visit next year.")
    assert brief(run(text, dt.date(2024, 7, 20))) == [(WIGAN, "inspection", 2023, 3)]


def test_a_visit_in_the_first_person_after_a_partner_council_is_the_writers_councils():
    # dev44 c26: the partner named last ("run jointly with Westminster City Council") does not
    # carry over to a sentence about "our work"; a text with no first person keeps the partner
    own = ("The Royal Borough of Kensington and Chelsea\n\nKensington and Chelsea's children's services are run "
           "jointly with Westminster City Council, and the two councils are planning a joint recruitment drive.\n\n"
           "Members may also wish to reread the letter from Ofsted's focused visit in June 2022, which looked at "
           "our work with vulnerable adolescents.")
    assert brief(run(own)) == [("E09000020", "focused_visit", 2022, 6)]
    other = own.replace("our work", "the work")
    assert brief(run(other)) == [("E09000033", "focused_visit", 2022, 6)]


def test_a_heading_naming_no_authority_is_the_sections_under_it():
    # dev50 W27: "Ofsted inspection 2019" after a paragraph naming the partner council (Leeds) heads
    # the paragraph on Kirklees's re-inspection; a heading with no authority under it keeps the
    # authority named last
    text = ("Kirklees Council: children's social care statutory direction\n\n"
            "2. Following that judgement, the Secretary of State issued a statutory direction to Kirklees Council. "
            "Leeds City Council has acted as its improvement partner.\n\n"
            "Ofsted inspection 2019\n\n"
            "3. Ofsted re-inspected Kirklees's children's services between 10 and 21 June 2019.")
    assert brief(run(text, dt.date(2019, 10, 1))) == [("E08000034", "inspection", 2019, 6)]
    no_subject = text.replace("3. Ofsted re-inspected Kirklees's children's services", "3. Inspectors returned")
    assert brief(run(no_subject, dt.date(2019, 10, 1))) == [("E08000035", "inspection", 2019, 6)]


def test_a_letter_published_the_month_after_a_visit_dated_by_month_is_that_visit():
    # dev60/M26: "In September, Ofsted made a two-day focused visit ... The letter, published in
    # October, ..." and "Read the Ofsted focused visit letter (October 2024)": one visit, September's
    text = ("Birmingham Children's Trust\nAnnual Review 2024/25\n\nFocused visit\n\n"
            "In September, Ofsted made a two-day focused visit to look at the experiences of children in care. "
            "The letter, published in October, gave no grade, as focused visits do not.\n\n"
            "Read the Ofsted focused visit letter (October 2024)")
    rows = run(text, dt.date(2024, 12, 1))
    assert brief(rows) == [("E08000025", "focused_visit", 2024, 9)]
