"""The ratings patterns take their word lists as trie alternations (``rules.trie_words``), which
are faster than ``flex_words``' longest-first lists; the two must match every written form of
every ratings word alike, or a new vocabulary word could change what the rules read."""

from __future__ import annotations

import re

import pytest

from ofsted.extract.rules import flex_words, load_rules, trie_words

_RULES = load_rules("ratings")
#: What follows an alternation in the ratings patterns, and what can follow a word in a text.
_AFTER = ("", r"\b", r"(?:\b|$)", r"\s*$", r"\s")
_TAILS = ("", " ", "x", " x", "s", ".", " of", "s of")


def _forms(word: str) -> set[str]:
    """A word as texts write it: either apostrophe, a doubled space, a hyphen as a space or nothing."""
    low = word.lower()
    return {low, low.replace("'", "’"), low.replace("’", "'"), low.replace(" ", "  "), low.replace("-", " "), low.replace("-", "")}


@pytest.mark.parametrize("key", sorted(_RULES.vocabularies))
def test_trie_and_list_alternations_match_every_ratings_word_alike(key):
    words = _RULES.vocab(key)
    words = [str(w) for w in (list(words) if isinstance(words, dict) else words)]
    pairs = [(re.compile(f"(?:{flex_words(words)}){a}"), re.compile(f"(?:{trie_words(words)}){a}")) for a in _AFTER]
    for w in words:
        for form in _forms(w):
            for tail in _TAILS:
                text = form + tail
                for flex, trie in pairs:
                    got_flex, got_trie = flex.match(text), trie.match(text)
                    assert (got_flex and got_flex.span()) == (got_trie and got_trie.span()), (key, text, flex.pattern[-12:])
