"""Property-based tests of the extractors: any text, no exception, spans inside, quotes faithful."""

from __future__ import annotations

import hashlib
import re
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ofsted.extract import extract_document
from ofsted.model import FACT_TYPES, Document

QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019"
# Words and punctuation the extractors react to, so generated texts exercise real rules.
VOCAB = [
    "Ofsted", "inspectors", "Sunderland", "Wigan Council", "the council", "Together for Children",
    "rated", "judged", "good", "outstanding", "inadequate", "requires improvement to be good",
    "overall effectiveness", "help and protection", "care leavers", "adoption", "leadership",
    "monitoring visit", "fourth", "focused visit", "in July 2015", "last month", "mid-June",
    "said", "added", "she said", "Cllr", "Councillor", "Jane Smith", "chief executive", ",", ".",
    ":", "\n", "\n\n", '"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "-", "(", ")", "RI",
    "was", "is", "now", "from", "to", "and", "the", "two grades", "climbed", "dropped", "no longer",
]

texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(VOCAB), max_size=120).map(" ".join),
    st.lists(st.sampled_from(VOCAB), max_size=120).map("".join),
)


def make_doc(text: str) -> Document:
    sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return Document(doc_id=sha[:16], source_path="generated.txt", text=text, content_sha256=sha)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(f"[{QUOTE_MARKS}]", "", text)).strip()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_extraction_never_raises_and_spans_lie_inside_the_document(text):
    doc = make_doc(text)
    facts = extract_document(doc)
    assert set(facts) == set(FACT_TYPES)
    for fact_type, rows in facts.items():
        for row in rows:
            assert 0 <= row["start_char"] < row["end_char"] <= len(text), (fact_type, row)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_each_quote_is_the_document_text_at_its_span(text):
    doc = make_doc(text)
    for quote in extract_document(doc)["quotes"]:
        span = text[quote["start_char"] : quote["end_char"]]
        assert normalise(quote["text"]) == normalise(span), (quote, span)


def test_a_continued_quote_spans_all_its_paragraphs():
    text = (
        'Council leader Jo Bloggs said: "We are proud of every social worker in this town.\n\n'
        '"They have worked hard for the children and families who rely on them."\n'
    )
    quotes = extract_document(make_doc(text))["quotes"]
    assert len(quotes) == 1
    span = text[quotes[0]["start_char"] : quotes[0]["end_char"]]
    assert "\n\n" in span and normalise(quotes[0]["text"]) == normalise(span)


def test_pathological_punctuation_is_extracted_in_bounded_time():
    for text in ('"' * 100_000, "\u201c" * 50_000 + "\u201d" * 50_000, "'a " * 60_000, ("(" * 5000 + "said ") * 20):
        started = time.monotonic()
        extract_document(make_doc(text))
        assert time.monotonic() - started < 10, text[:20]
