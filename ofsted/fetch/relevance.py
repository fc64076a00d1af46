"""Is a fetched page about a council's children's services inspection?

A page is relevant when it names a local authority or a children's services provider (the
gazetteer's :func:`~ofsted.extract.gazetteer.find_org_mentions`) and uses Ofsted visit or grade
wording (the vocabulary in ``ofsted/data/fetch/relevance.json``). Anything else - a council's
leisure-centre news, a national story about schools with no council named - is recorded as
``skipped`` with the reason, never loaded and never rejected. Only fetched pages are filtered:
files a user puts in a folder are read as they are.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "fetch" / "relevance.json"


@dataclass(frozen=True)
class Relevance:
    """The verdict on one text: ``relevant``, and a reason either way."""

    relevant: bool
    reason: str


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[frozenset[str], re.Pattern, re.Pattern]:
    data = json.loads(DATA.read_text(encoding="utf-8"))

    def compile_all(patterns: list[str]) -> re.Pattern:
        return re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?!\w)", re.IGNORECASE)

    return frozenset(data["org_types"]), compile_all(data["visit_patterns"]), compile_all(data["grade_patterns"])


def _fold(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'")


def judge(text: str) -> Relevance:
    """Whether ``text`` is about a children's services inspection, and why (not).

    >>> judge("Ofsted rated Sunderland's children's services good.").relevant
    True
    >>> judge("Sunderland City Council opens a new leisure centre.").reason
    'not relevant: no Ofsted visit or grade wording'
    >>> print(judge("Ofsted says schools must improve.").reason)
    not relevant: names no local authority or children's services provider
    """
    from ofsted.extract.gazetteer import find_org_mentions

    org_types, visits, grades = _vocabulary()
    folded = _fold(text)
    wording = visits.search(folded) or grades.search(folded)
    if wording is None:
        return Relevance(False, "not relevant: no Ofsted visit or grade wording")
    org = next((m for m in find_org_mentions(text) if m.org_type in org_types), None)
    if org is None:
        return Relevance(False, "not relevant: names no local authority or children's services provider")
    return Relevance(True, f"relevant: names {org.name} and says {wording.group(0)!r}")
