"""A document's byline: who wrote it, and where the name stands in the text.

A byline is a line of its own near the top (the first few non-blank lines) or at the very end
of a text, saying who wrote it:

    By Jane Smith
    By Jane Smith, Social Affairs Correspondent
    By Jane Smith and John Doe
    Author: Jane Smith
    Written by Jane Smith | 12 March 2024

"Author:" before a council officer's role ("Author: Jane Smith, Head of Service") heads a committee
report: its author is a person of the story, no byline.

Detection is conservative: the whole line must be the byline (a sentence of the story that
starts with "By" never is), the names must look like people's names (two to four capitalised
words, no word such as "Council", "Ofsted" or a month), and anything after the names must be a
short description after a comma, dash or bar (a role, a desk, a date). The names' span becomes
``Document.author_span``, so the people extractor does not report the writer as a person of the
story; the names become ``Document.author`` unless metadata names the author.

>>> text = "Sunderland rated good\\nBy Jane Smith, Social Affairs Correspondent\\n\\nOfsted said..."
>>> b = find_byline(text)
>>> b.author, text[b.start:b.end]
('Jane Smith', 'Jane Smith')
>>> find_byline("By the time inspectors arrived, the council had changed.") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: How many non-blank lines at the top, and at the bottom, may hold the byline.
TOP_LINES = 5
BOTTOM_LINES = 2
#: A byline line is short; a longer line is a paragraph of the story.
MAX_LINE = 120
#: Words of the description after the names ("Social Affairs Correspondent", "12 March 2024").
MAX_ROLE_WORDS = 7

_NAME_WORD = r"(?:Mc[A-Z][a-z]+|Mac[A-Z][a-z]+|[A-Z](?:[a-z]+|[A-Z]+)?(?:['’\-][A-Z]?[a-z]+)*|[A-Z]\.)"
_PARTICLE = r"(?:de|van|von|der|den|da|di|le|la|du|bin|al)"
_TITLE = r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Sir|Dame|Cllr|Councillor)\.?\s+)"
#: One person: an optional title (left out of the span), then two to four name words.
_NAME = rf"{_TITLE}?(?P<name>{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{1,3}})"
_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")
#: The lead words in any case; the names themselves must be capitalised.
_LEAD = re.compile(
    r"(?i:(?:(?:written|words|reporting|report)\s+)?by\s+|by:\s*|(?:authors?|byline|writer|words)\s*:\s*)"
)
_ONE_NAME = re.compile(_NAME)
#: A council officer's role after "Author:" (a committee report's author, a person of the story,
#: not a journalist's byline): "Author: Annika Strathearn-Oduya, Director of Children's Services".
_OFFICER_ROLE = re.compile(r"\b(?:Director|Head|Manager|Officer|Analyst|Leader|Executive|Adviser|Advisor|Lead|Fellow)\b")
#: What may follow the names: a short description after a comma, dash or bar, and nothing else.
_ROLE = re.compile(r"\s*(?:,|\||–|—|-)\s*(?P<role>[^\n\"“”.!?;]{1,80}?)\s*\.?\s*$|\s*\.?\s*$")

#: Capitalised words that are not in a person's name: organisations, dates, desks.
NOT_NAME_WORDS = frozenset(
    """ofsted council councils county city borough district metropolitan royal trust children children's
    services service department government news press media agency staff reporter reporters correspondent
    editor editors team desk office agencies newsroom local democracy reporting bbc itv pa writer
    affairs political politics education social health chief senior home community public policy
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday today yesterday the a an our their
    inspectors inspector report letter statement spokesperson spokesman spokeswoman
    mr mrs ms miss dr prof professor sir dame cllr councillor""".split()
)


@dataclass(frozen=True)
class Byline:
    """The names of a byline, as written, and their span in the text."""

    author: str
    start: int
    end: int


def _person_like(name: str) -> bool:
    words = [w.strip(".").lower() for w in name.split()]
    return not any(w in NOT_NAME_WORDS for w in words) and sum(len(w) > 1 for w in words) >= 2


def _role_ok(role: str | None) -> bool:
    if not role:
        return True
    return len(role.split()) <= MAX_ROLE_WORDS and not re.search(r"\b(said|says|told|wrote|writes|was|were|is|are|has|had)\b", role)


def _names_then_role(line: str, pos: int) -> tuple[int, int] | None:
    """Span (in ``line``) of the longest run of person names from ``pos`` that the rest of the
    line allows (nothing, or a short description); None when there is none."""
    ends: list[tuple[int, int]] = []  # (start of the first name, end of the last) per prefix
    first = None
    while True:
        m = _ONE_NAME.match(line, pos)
        if not m or not _person_like(m.group("name")):
            break
        first = m.start("name") if first is None else first
        ends.append((first, m.end("name")))
        sep = _SEPARATOR.match(line, m.end())
        if not sep:
            break
        pos = sep.end()
    for start, end in reversed(ends):  # most names first
        rest = _ROLE.match(line, end)
        if rest and _role_ok(rest.group("role")):
            return start, end
    return None


def _candidate_lines(text: str) -> list[tuple[int, str]]:
    """``(offset, line)`` of the first non-blank lines and the last ones (without splitting
    the whole text: only its two ends are looked at)."""
    top: list[tuple[int, str]] = []
    pos = 0
    while pos <= len(text) and len(top) < TOP_LINES:
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        if text[pos:end].strip():
            top.append((pos, text[pos:end]))
        pos = end + 1
    bottom: list[tuple[int, str]] = []
    end = len(text)
    while end > 0 and len(bottom) < BOTTOM_LINES:
        start = text.rfind("\n", 0, end) + 1
        if text[start:end].strip():
            bottom.append((start, text[start:end]))
        end = start - 1
    return top + [item for item in reversed(bottom) if item not in top]


def find_byline(text: str) -> Byline | None:
    """The byline of ``text``, or None (see the module's rules).

    >>> find_byline("Rated good\\nBy Jane Smith and John Doe\\nThe council ...").author
    'Jane Smith and John Doe'
    >>> find_byline("Written by Sunderland City Council") is None
    True
    """
    for offset, line in _candidate_lines(text):
        if len(line) > MAX_LINE:
            continue
        lead = _LEAD.match(line, len(line) - len(line.lstrip()))
        span = _names_then_role(line, lead.end()) if lead else None
        if span is None:
            continue
        if lead is not None and lead.group(0).lower().startswith("author") and _OFFICER_ROLE.search(line, lead.end()):
            # "Author: Annika Strathearn-Oduya, Director of Children's Services", "Author: Florentyna
            # Abbotsford-Uche, Assistant Director, Quality and Performance": a report's officer
            continue
        start, end = offset + span[0], offset + span[1]
        return Byline(text[start:end], start, end)
    return None
