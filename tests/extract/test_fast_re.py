"""``ofsted.extract.fast_re``: patterns that scan for their first character give ``re``'s matches.

Every pattern the extraction compiled while reading the seeds and the held-out texts is run
with ``finditer`` over those texts (as written and lower-cased, as the extractors run them) and
compared with the pattern ``re`` itself compiles; then small patterns of each opening the module
reads (and of those it must leave alone), over random texts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ofsted.extract import extract_document, fast_re
from ofsted.model import Document

ROOT = Path(__file__).resolve().parents[2]
TEXTS = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "data" / "heldout").glob("*.txt"))


def _matches(pattern: re.Pattern, text: str) -> list:
    return [(m.span(), m.groups(), m.lastgroup) for m in pattern.finditer(text)]


def _scanning(pattern: re.Pattern) -> bool:
    """Whether ``fast_re`` changed the pattern (a compiled pattern equals another only with the same code)."""
    return pattern != re.compile(pattern.pattern, pattern.flags)


def test_the_extractions_patterns_give_the_same_matches_as_re():
    texts = [p.read_text(encoding="utf-8") for p in TEXTS]
    assert texts
    for i, text in enumerate(texts):
        extract_document(Document(f"d{i}", f"d{i}.txt", text, "0" * 64))
    patterns = [p for p in fast_re._cache.values() if _scanning(p)]
    if fast_re._ENGINE is None:
        assert not patterns   # another Python: re's own patterns
        return
    assert len(patterns) > 50, "the extraction's patterns are compiled by fast_re"
    for pattern in patterns:
        plain = re.compile(pattern.pattern, pattern.flags)
        for text in texts:
            for t in (text, text.lower()):
                assert _matches(pattern, t) == _matches(plain, t), pattern.pattern[:120]


#: Openings fast_re reads (a word boundary, a guard, a look-behind, a group, a repeat) ...
SCANNED = [
    r"\bgood\b", r"\b(?=[gio])(?:good|outstanding|inadequate)\b", r"(?=[A-Z])(?<![\w'-])[A-Z][a-z]+(?: [A-Z][a-z]+)*",
    r"[a-z]{3,}", r"\s+and\s+", r"(?:\bthe|\ba)\s+(?P<w>\w+)", r"(?<!\d)\d{1,3}(?![\d,.])", r"(?P<x>\d+|[A-Z]\.)\s",
    r"\b(?:[ab]x|c)+d", r"(?m)^[-*]\s+\w+", r"(?:\b|(?=:))(?=[0-9a:])(?::\s*)?\w+", r"(?=[‘’'\"“”]|(?:ad|go))(?P<q>['‘’\"“”]?)(?P<g>good|adequate)",
]
#: ... and those it leaves to re as they are (anchored at the start, case-insensitive, maybe
#: empty, a negated class, an optional opening, a literal prefix re scans for itself).
LEFT = [r"^\s*good", r"(?i)\bgood", r"\b(?:good)?", r"[^a-z]+x", r"(?:the\s+)?good", r"good\b", r"[abc]x", r"\Agood"]


@pytest.mark.parametrize("pattern", SCANNED)
def test_openings_it_reads_are_scanned(pattern):
    if fast_re._ENGINE is None:
        pytest.skip("another Python: re's own patterns")
    assert _scanning(fast_re.compile(pattern))


@pytest.mark.parametrize("pattern", LEFT)
def test_openings_it_cannot_read_are_re_s_own(pattern):
    assert not _scanning(fast_re.compile(pattern))


ALPHABET = "abcdgoAGTx0123 ,.'’\"“-\n\tñé"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80), st.integers(0, 10), st.integers(0, 90))
def test_scanned_patterns_match_as_re_on_any_text(text, pos, endpos):
    for source in SCANNED + LEFT:
        fast, plain = fast_re.compile(source), re.compile(source)
        assert _matches(fast, text) == _matches(plain, text)
        assert [m.span() for m in fast.finditer(text, pos, endpos)] == [m.span() for m in plain.finditer(text, pos, endpos)]
        f, p = fast.search(text, pos, endpos), plain.search(text, pos, endpos)
        assert (f and (f.span(), f.groups())) == (p and (p.span(), p.groups()))
        assert fast.sub("#", text) == plain.sub("#", text)
        assert fast.split(text) == plain.split(text)
