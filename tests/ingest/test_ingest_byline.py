"""Bylines: who wrote a document, from its text (with the name's span) or its metadata."""

from __future__ import annotations

import json

import pytest

from ofsted.ingest.byline import find_byline

from conftest import load

STORY = "Ofsted has rated Sunderland's children's services good.\n\nThe council welcomed the report."


@pytest.mark.parametrize(
    "line, author",
    [
        ("By Jane Smith", "Jane Smith"),
        ("By Jane Smith, Social Affairs Correspondent", "Jane Smith"),
        ("By Jane Smith and John Doe", "Jane Smith and John Doe"),
        ("By Jane Smith, John Doe and Ann Lee", "Jane Smith, John Doe and Ann Lee"),
        ("Author: Jane Smith", "Jane Smith"),
        ("Author: Jane Smith, Social Affairs Correspondent", "Jane Smith"),
        ("Written by Jane Smith", "Jane Smith"),
        ("Written by Jane Smith | 12 March 2024", "Jane Smith"),
        ("By Jane Smith - BBC News", "Jane Smith"),
        ("BY JANE SMITH", "JANE SMITH"),
        ("By Mary-Jane O'Neill, Chief Reporter", "Mary-Jane O'Neill"),
        ("By Dr Jane Smith", "Jane Smith"),  # the title is not part of the name
    ],
)
def test_a_byline_line_near_the_top_gives_the_author_and_the_span_of_the_names(line, author):
    text = f"Sunderland rated good\n{line}\n\n{STORY}"
    byline = find_byline(text)
    assert byline is not None and byline.author == author
    assert text[byline.start : byline.end] == author


def test_a_byline_at_the_end_of_the_text_counts_too():
    text = f"{STORY}\n\nBy Jane Smith\n"
    byline = find_byline(text)
    assert (byline.author, text[byline.start : byline.end]) == ("Jane Smith", "Jane Smith")


@pytest.mark.parametrize(
    "line",
    [
        "By the time inspectors arrived, the council had changed.",  # a sentence of the story
        "By 2019 the council was rated good.",
        "By Friday Ofsted had published the report.",
        "By Christmas, things had improved.",
        "By Jane Smith, director of children's services, the letter said the council had improved.",
        "By Jane Smith, who was there",  # a clause, not a description
        "By Jane Smith and the council",
        "By Staff Reporter",  # not a person
        "By Sunderland City Council",
        "By Local Democracy Reporter Jane Smith",
        'Jane Smith said: "By Friday we will know."',
        "By Ms Smith",  # one name word
        # a committee report's author with an officer's role (dev44 c25): a person of the story
        "Author: Annika Strathearn-Oduya, Director of Children's Services",
        "Author: Ptolemy Vantreight-Ojo, Senior Performance Analyst",
        # an officer's role with a team after it (dev71 B34): still a person of the story
        "Author: Florentyna Abbotsford-Uche, Assistant Director, Quality and Performance",
    ],
)
def test_sentences_and_non_person_bylines_are_not_bylines(line):
    assert find_byline(f"Sunderland rated good\n{line}\n\n{STORY}") is None


def test_a_by_line_deep_inside_the_story_is_not_a_byline():
    paragraphs = ["Paragraph %d of the story about the inspection." % i for i in range(8)]
    text = "\n\n".join(paragraphs[:5] + ["By Jane Smith"] + paragraphs[5:])
    assert find_byline(text) is None


def test_read_documents_keep_the_byline_as_author_and_span(src):
    (src / "a.txt").write_text(f"Sunderland rated good\nBy Jane Smith, Education Correspondent\n\n{STORY}\n")
    (src / "b.txt").write_text(STORY + "\n")
    loaded = load(src)
    a, b = loaded.doc("a.txt"), loaded.doc("b.txt")
    assert a.author == "Jane Smith" and a.text[a.author_span[0] : a.author_span[1]] == "Jane Smith"
    assert (b.author, b.author_span) == (None, None)


def test_sidecar_and_jsonl_author_are_kept_and_the_text_byline_span_still_marked(src):
    (src / "a.txt").write_text(f"Sunderland rated good\nBy Jane Smith\n\n{STORY}\n")
    (src / "a.meta.json").write_text(json.dumps({"author": "J. Smith (Social Affairs)"}))
    records = [{"text": STORY + " One.", "author": "Ann Lee"}, {"text": STORY + " Two.", "author": 7}]
    (src / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    loaded = load(src)
    a = loaded.doc("a.txt")
    assert a.author == "J. Smith (Social Affairs)"  # the sidecar is explicit
    assert a.text[a.author_span[0] : a.author_span[1]] == "Jane Smith"
    assert loaded.doc("feed.jsonl#L1").author == "Ann Lee"
    assert loaded.doc("feed.jsonl#L2").author is None
    assert "author ignored" in loaded.rejection("feed.jsonl#L2").detail


def test_html_author_metadata_is_the_author(src):
    (src / "page.html").write_text(
        '<html><head><title>Rated good</title><meta name="author" content="Jane Smith"></head><body><article>'
        "<p>Ofsted has rated Sunderland's children's services good after an inspection in the spring.</p>"
        "<p>The council welcomed the report and thanked its social workers for their work.</p>"
        "</article></body></html>"
    )
    assert load(src).doc("page.html").author == "Jane Smith"
