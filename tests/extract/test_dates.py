"""Date expressions: every kind the stories use, resolved with and without a published date."""

from __future__ import annotations

import datetime as dt

import pytest

from ofsted.extract.dates import bare_month_year, find_dates

PUB = dt.date(2023, 3, 14)


def only(text, published=None):
    found = find_dates(text, published)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "sentence, date_text, year, month, start, end",
    [
        ("Inspectors were in Calderdale between 9 and 20 January 2023.", "between 9 and 20 January 2023", 2023, 1, "2023-01-09", "2023-01-20"),
        ("The inspection ran from 27 November to 8 December 2017.", "from 27 November to 8 December 2017", 2017, 11, "2017-11-27", "2017-12-08"),
        ("Inspection dates: 4 to 8 March 2024", "4 to 8 March 2024", 2024, 3, "2024-03-04", "2024-03-08"),
        ("Fieldwork took place 12–16 June 2023 in the borough.", "12–16 June 2023", 2023, 6, "2023-06-12", "2023-06-16"),
        ("between 30 September and 11 October 2019, inspectors visited", "between 30 September and 11 October 2019", 2019, 9, "2019-09-30", "2019-10-11"),
    ],
)
def test_fieldwork_ranges_give_start_and_end_dates(sentence, date_text, year, month, start, end):
    d = only(sentence)
    assert (d.text, d.year, d.month, str(d.start_date), str(d.end_date)) == (date_text, year, month, start, end)


@pytest.mark.parametrize(
    "sentence, date_text, year, month",
    [
        ("The letter was published on 9 October 2020.", "9 October 2020", 2020, 10),
        ("It was judged inadequate in August 2016.", "August 2016", 2016, 8),
        ("The visit took place in mid-September 2018.", "mid-September 2018", 2018, 9),
        ("Inspectors returned at the end of January 2021.", "the end of January 2021", 2021, 1),
        ("It was last inspected in late 2019.", "late 2019", 2019, None),
        ("Services were rated good in 2016.", "2016", 2016, None),
        ("The report was issued on Thursday 2 May 2024.", "Thursday 2 May 2024", 2024, 5),
    ],
)
def test_absolute_dates_resolve_without_a_published_date(sentence, date_text, year, month):
    d = only(sentence)
    assert (d.text, d.year, d.month) == (date_text, year, month)


@pytest.mark.parametrize(
    "sentence, date_text, year, month",
    [
        ("Inspectors visited last month.", "last month", 2023, 2),
        ("The report was published today.", "today", 2023, 3),
        ("Ofsted inspected the council earlier this year.", "earlier this year", 2023, None),
        ("The council was re-inspected last year.", "last year", 2022, None),
        ("Inspectors who visited last autumn praised staff.", "last autumn", 2022, None),
        ("The visit, in early February, looked at care leavers.", "early February", 2023, 2),
        ("Inspectors arrived in November and stayed two weeks.", "November", 2022, 11),
        ("It was rated adequate three years ago.", "three years ago", 2020, None),
        ("The report, published on Tuesday, rates the council good.", "on Tuesday", 2023, 3),
    ],
)
def test_relative_dates_take_their_year_from_the_published_date(sentence, date_text, year, month):
    d = only(sentence, PUB)
    assert (d.text, d.year, d.month) == (date_text, year, month)


@pytest.mark.parametrize(
    "sentence, date_text, month",
    [
        ("The visit, in mid-June, looked at the front door.", "mid-June", 6),
        ("Inspectors visited in May.", "May", 5),
        ("They spent the start of October in the county.", "the start of October", 10),
    ],
)
def test_bare_months_without_a_published_date_keep_year_null(sentence, date_text, month):
    d = only(sentence)
    assert (d.text, d.year, d.month) == (date_text, None, month)


@pytest.mark.parametrize(
    "sentence",
    [
        "We may publish a plan soon.",            # "may" the verb
        "The March for children took place.",     # no preposition: not a date
        "Call 0161 234 5000 for details.",         # a phone number is not a year
        "The council spent £2018 on training.",    # money
        "Nothing happened last month.",            # relative, but no published date to resolve it
    ],
)
def test_non_dates_and_unresolvable_expressions_give_no_resolved_date(sentence):
    assert [d for d in find_dates(sentence) if d.year or d.month] == []


def test_bare_month_year_is_the_latest_such_month_not_after_publication():
    assert bare_month_year(12, dt.date(2025, 1, 29)) == 2024
    assert bare_month_year(1, dt.date(2025, 1, 29)) == 2025


@pytest.mark.timeout(60)  # a hang guard, not a speed test (bench/run.py measures speed)
def test_a_long_text_of_numbers_is_scanned_to_the_end():
    found = find_dates("1 2 3 4 2019 " * 20000)
    assert len(found) == 20000


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It happened in the second half of 2019.", "the second half of 2019"),
        ("That was a couple of years ago.", "a couple of years ago"),
        ("Inspectors visited between 23 January and 3 February 2023.", "between 23 January and 3 February 2023"),
        ("It was published earlier this month.", "earlier this month"),
        ("They came on Wednesday 15 April 2025.", "Wednesday 15 April 2025"),
        ("Inspectors visited from 28 December to 3 January 2020.", "from 28 December to 3 January 2020"),
    ],
)
def test_the_scan_windows_around_anchors_hold_the_longest_expressions(text, expected):
    # the full pattern runs only near digits, month and weekday names and a few words
    assert [d.text for d in find_dates(text, dt.date(2024, 6, 1))] == [expected]


@pytest.mark.parametrize(
    "sentence, date_text, year, month, day",
    [
        ("Inspectors arrived in the week of 3 March 2025.", "the week of 3 March 2025", 2025, 3, "2025-03-03"),
        ("The visit took place in the week beginning 10 June 2024.", "the week beginning 10 June 2024", 2024, 6, "2024-06-10"),
        ("The inspection was in the week commencing 7 October 2019.", "the week commencing 7 October 2019", 2019, 10, "2019-10-07"),
    ],
)
def test_the_week_of_a_date_is_that_date_as_written(sentence, date_text, year, month, day):
    d = only(sentence)
    assert (d.text, d.year, d.month, str(d.start_date)) == (date_text, year, month, day)


def test_a_week_without_of_is_not_part_of_the_date():
    assert [d.text for d in find_dates("A busy week, 3 March 2025, followed.")] == ["3 March 2025"]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Monitoring visits in March and July 2023 found progress.", [("March", 2023, 3), ("July 2023", 2023, 7)]),
        ("Visits in February, May and October 2021 followed.", [("February", 2021, 2), ("May", 2021, 5), ("October 2021", 2021, 10)]),
        ("It was visited in March, and again in 2021.", [("March", 2024, 3), ("2021", 2021, None)]),
    ],
)
def test_a_bare_month_shares_the_year_of_the_month_after_it(sentence, expected):
    got = [(d.text, d.year, d.month) for d in find_dates(sentence, dt.date(2024, 9, 1))]
    assert got == expected


def test_two_days_joined_by_and_are_a_range():
    d = only("The focused visit took place on 4 and 5 March 2024.")
    assert (d.text, str(d.start_date), str(d.end_date)) == ("4 and 5 March 2024", "2024-03-04", "2024-03-05")


@pytest.mark.parametrize(
    "sentence, date_text, year, month",
    [
        ("This year inspectors rated the council good.", "This year", 2024, None),
        ("Earlier this month, Ofsted published its report.", "Earlier this month", 2024, 9),
        ("Last autumn inspectors visited.", "Last autumn", 2023, None),
        ("Two years ago it was rated inadequate.", "Two years ago", 2022, None),
        ("Today the report was published.", "Today", 2024, 9),
    ],
)
def test_relative_dates_opening_a_sentence(sentence, date_text, year, month):
    d = only(sentence, dt.date(2024, 9, 20))
    assert (d.text, d.year, d.month) == (date_text, year, month)
