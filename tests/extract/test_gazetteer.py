"""Gazetteer: every authority in all its forms, listed bodies, head-word bodies, anaphora."""

from __future__ import annotations


import pytest

from ofsted.extract.gazetteer import (
    authorities,
    authority_by_code,
    authority_by_name,
    find_org_mentions,
    organisation_by_name,
)


def _names(text: str) -> list[tuple[str, str, str | None]]:
    return [(m.name, m.org_type, m.la_code) for m in find_org_mentions(text)]


def _surfaces(text: str) -> list[str]:
    return [m.surface for m in find_org_mentions(text)]


AUTHORITIES = authorities()


def test_reference_has_153_authorities():
    assert len(AUTHORITIES) == 153


@pytest.mark.parametrize("la", AUTHORITIES, ids=lambda la: la.gss_code)
def test_every_authority_is_found_by_council_name_name_and_ofsted_name(la):
    for form in {la.council_name, la.name, la.ofsted_name, *la.aliases}:
        text = f"Last week {form} published its plan."
        found = [m for m in find_org_mentions(text) if m.org_type == "local_authority"]
        assert [(m.la_code, m.surface) for m in found] == [(la.gss_code, form)], form


@pytest.mark.parametrize("la", AUTHORITIES, ids=lambda la: la.gss_code)
def test_every_authority_is_found_with_a_plain_council_suffix(la):
    base = la.ofsted_name
    text = f"Officers at {base} Council agreed."
    found = find_org_mentions(text)
    assert [(m.la_code, m.surface, m.rule) for m in found] == [(la.gss_code, f"{base} Council", "la_council")]


@pytest.mark.parametrize(
    "text, code",
    [
        ("Families in Sunderland were told.", "E08000024"),
        ("Sunderland Council met on Monday.", "E08000024"),
        ("Sunderland council met on Monday.", "E08000024"),
        ("Sunderland City Council met on Monday.", "E08000024"),
        ("Staff in Kingston were praised.", "E09000021"),
        ("Staff in Richmond were praised.", "E09000027"),
        ("Durham County Council met.", "E06000047"),
        ("A report on Hull was published.", "E06000010"),
        ("Hull City Council responded.", "E06000010"),
        ("Bristol has a new plan.", "E06000023"),
        ("Services in Stoke were criticised.", "E06000021"),
        ("The London Borough of Lambeth agreed.", "E09000022"),
        ("The Royal Borough of Greenwich agreed.", "E09000011"),
        ("City of York Council agreed.", "E06000014"),
        ("Telford and Wrekin Council agreed.", "E06000020"),
        ("St Helens Council agreed.", "E08000013"),
        ("Brighton & Hove City Council agreed.", "E06000043"),
        ("Sheffield's children were praised.", "E08000039"),
    ],
)
def test_informal_forms_link_the_authority(text, code):
    codes = [m.la_code for m in find_org_mentions(text) if m.org_type == "local_authority"]
    assert codes == [code]


def test_canonical_name_is_the_council_name():
    (m,) = find_org_mentions("Officials in Hull said little.")
    assert (m.name, m.surface, m.rule) == ("Hull City Council", "Hull", "la_place")


def test_longest_form_wins_over_the_place_inside_it():
    assert _surfaces("North Tyneside Council and Tyneside") == ["North Tyneside Council"]
    assert _surfaces("Kingston upon Hull City Council") == ["Kingston upon Hull City Council"]


def test_all_caps_header_is_found_with_title_case_form():
    (m,) = find_org_mentions("NEWS FROM BOLTON COUNCIL\n\nText.")
    assert (m.la_code, m.form) == ("E08000001", "Bolton Council")


@pytest.mark.parametrize(
    "text",
    [
        "Reading the report, one sees progress.",
        "Bury the past, the minister said.",
    ],
)
def test_ambiguous_place_words_are_not_authorities_at_sentence_start(text):
    assert [m for m in find_org_mentions(text) if m.org_type == "local_authority"] == []


def test_ambiguous_place_word_inside_a_sentence_is_an_authority():
    assert [m.la_code for m in find_org_mentions("Children in Reading were seen.")] == ["E06000038"]


@pytest.mark.parametrize(
    "text",
    ["Greater Manchester Police attended.", "Officers from West Yorkshire said so.", "Newcastle-under-Lyme is a town."],
)
def test_regions_and_towns_containing_an_authority_name_do_not_link_it(text):
    assert [m for m in find_org_mentions(text) if m.org_type == "local_authority"] == []


# ---- anaphora


def test_the_council_resolves_to_the_most_recent_authority():
    ms = find_org_mentions("Bolton Council met on Monday. Bury Council met on Tuesday. Later the council agreed.")
    assert (ms[-1].surface, ms[-1].la_code, ms[-1].rule) == ("the council", "E08000002", "anaphora_local_authority")


def test_the_council_after_two_councils_named_together_is_the_one_named_first():
    # (organisations.anaphora: a text names its own council first; dev16/796, dev48/Y12)
    ms = find_org_mentions("Bolton Council and Bury Council met. Later the council agreed.")
    assert (ms[-1].surface, ms[-1].la_code) == ("the council", "E08000001")


def test_the_city_council_before_any_name_resolves_to_the_only_authority():
    ms = find_org_mentions("The city council was criticised. Leicester City Council replied.")
    assert (ms[0].surface, ms[0].la_code) == ("The city council", "E06000016")


def test_the_former_county_council_is_not_a_mention():
    assert _surfaces("Cumberland Council replaced the former county council.") == ["Cumberland Council"]


def test_the_council_without_any_authority_is_not_a_mention():
    assert find_org_mentions("The council met on Tuesday.") == []


def test_the_trust_resolves_to_the_most_recent_provider():
    ms = find_org_mentions("Sandwell Children's Trust runs services. The trust said so.")
    assert (ms[-1].name, ms[-1].org_type) == ("Sandwell Children's Trust", "provider")


# ---- providers, regulators, government


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Together for Children Sunderland said.", [("Together for Children", "provider", "E08000024")]),
        ("Achieving for Children said.", [("Achieving for Children", "provider", None)]),
        ("Northamptonshire Children’s Trust said.", [("Northamptonshire Children's Trust", "provider", None)]),
        ("Slough Children First said.", [("Slough Children First", "provider", "E06000039")]),
        ("Wakefield Children's Trust was created.", [("Wakefield Children's Trust", "provider", "E08000036")]),
        ("The watchdog said.", [("Ofsted", "regulator", None)]),
        ("OFSTED said.", [("Ofsted", "regulator", None)]),
        ("The CQC said.", [("Care Quality Commission", "regulator", None)]),
        ("HMICFRS said.", [("His Majesty's Inspectorate of Constabulary and Fire & Rescue Services", "regulator", None)]),
        ("The DfE said.", [("Department for Education", "government", None)]),
    ],
)
def test_listed_and_head_word_bodies(text, expected):
    assert _names(text) == expected


def test_place_inside_a_partnership_name_does_not_double_count():
    assert _names("The Bolton Safeguarding Children Partnership met.") == [
        ("Bolton Safeguarding Children Partnership", "other", "E08000001")
    ]


def test_police_force_has_no_authority_code():
    assert _names("Cheshire Constabulary and Merseyside Police agreed.") == [
        ("Cheshire Constabulary", "other", None),
        ("Merseyside Police", "other", None),
    ]


def test_local_safeguarding_children_board_is_not_an_organisation():
    assert find_org_mentions("the Local Safeguarding Children Board was judged good") == []


def test_mentions_are_sorted_and_do_not_overlap():
    text = "Ofsted said Leeds City Council and the Leeds Safeguarding Children Partnership and the council agreed."
    ms = find_org_mentions(text)
    assert ms == sorted(ms, key=lambda m: m.start)
    for a, b in zip(ms, ms[1:]):
        assert a.end <= b.start
    for m in ms:
        assert text[m.start : m.end] == m.surface


# ---- lookups


def test_lookup_helpers():
    assert authority_by_code("E08000024").council_name == "Sunderland City Council"
    assert authority_by_code("E08000016").name == "Barnsley"  # former code
    assert authority_by_name("Kingston").gss_code == "E09000021"
    assert authority_by_name("Ofsted") is None
    assert organisation_by_name("DfE") == ("Department for Education", "government", None)


# ---- speed and pathological input


# hang guards (a quadratic or backtracking pass takes many minutes here), not speed tests:
# bench/run.py measures speed


@pytest.mark.timeout(60)
def test_long_single_line_and_many_quote_marks_finish():
    assert find_org_mentions('"' * 100_000) == []
    assert len(find_org_mentions("Sunderland and the council " * 100_000)) == 200_000
    assert find_org_mentions("a" * 3_000_000) == []


@pytest.mark.timeout(60)
def test_many_mentions_on_one_line_finish():
    # overlaps were resolved by sorted-list inserts over the whole text: quadratic in mentions
    ms = find_org_mentions("Ofsted rated Leeds good and the council welcomed it " * 60_000)
    assert len(ms) == 180_000 and ms[2].rule == "anaphora_local_authority"


def test_longest_of_a_chain_of_overlapping_names_wins():
    text = "The Leeds Safeguarding Children Partnership and Leeds City Council and West Yorkshire Police met."
    assert _surfaces(text) == [
        "Leeds Safeguarding Children Partnership", "Leeds City Council", "West Yorkshire Police",
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Wakefield Local Safeguarding Children Board met.", ("Wakefield Local Safeguarding Children Board", "other", "E08000036")),
        ("Her Majesty\u2019s Inspectorate of Probation visited.", ("Her Majesty's Inspectorate of Probation", "regulator", None)),
        ("HM Inspectorate of Probation visited.", ("His Majesty's Inspectorate of Probation", "regulator", None)),
    ],
)
def test_mention_names_follow_the_text(text, expected):
    assert expected in [(m.name, m.org_type, m.la_code) for m in find_org_mentions(text)]
