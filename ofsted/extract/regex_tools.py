"""Helpers that build fast regular expressions from word lists.

The extractors run case-insensitive patterns on the lower-cased text without ``re.I`` (which
switches off the engine's fast literal scanning), and put a look-ahead for the possible first
characters in front of a long alternation so that most positions fail at once.
"""

from __future__ import annotations

from ofsted.extract import fast_re as re   # re itself, with patterns that scan for their first character


def alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def flex(words) -> str:
    """An alternation where apostrophes match both ' and ’ and spaces match any whitespace."""
    out = []
    for w in sorted(set(words), key=len, reverse=True):
        e = re.escape(w).replace("'", "['’]").replace("’", "['’]").replace(r"\ ", r"\s+")
        out.append(e)
    return "|".join(out)


def trie_alternation(words) -> str:
    """An alternation of ``words`` (each a sequence of regex units: escaped characters, or pieces
    such as ``\\s+``) shaped like a trie, so the engine tries one branch per unit instead of every
    word; where one word is the start of another, the longer still wins.

    >>> trie_alternation([["c", "a", "r", "e"], ["c", "a", "r", "e", " ", "l"], ["x"]])
    'care(?: l)?|x'
    """
    trie: dict = {}
    for units in words:
        node = trie
        for unit in units:
            node = node.setdefault(unit, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        branches = [unit + build(child) for unit, child in sorted(node.items()) if unit != ""]
        if not branches:
            return ""
        if len(branches) == 1 and not end:
            return branches[0]
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if end else body

    return "|".join(unit + build(child) for unit, child in sorted(trie.items()) if unit != "")


def guard(words) -> str:
    """A look-ahead for the first characters of some words (lower-cased): put after a ``\\b``,
    it lets the engine pass over most word starts without trying a long word list one by one."""
    chars = sorted({w[0].lower() for w in words if w})
    return "(?=[" + "".join(re.escape(c) for c in chars) + "])"


def _close(p: str, i: int) -> int:
    """The index just after the group opening at ``p[i]``, or -1."""
    depth, cls = 0, False
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if cls:
            cls = c != "]"
        elif c == "[":
            cls = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def _group_first(p: str) -> set | None:
    """First characters of the (non-optional, capturing or not) group that ``p`` starts with."""
    if p.startswith("(?:"):
        inner = 3
    elif p.startswith("(?P<"):
        inner = p.find(">") + 1
    else:
        return None
    end = _close(p, 0)
    if end < 0 or p[end:end + 1] in ("?", "*", "{"):
        return None
    return _first_chars(p[inner:end - 1])


def _first_chars(alt: str) -> set | None:
    """The possible first characters of an alternation (letters, digits, ``\\d``), or None when
    a branch may start with anything else (a class, an optional part, an empty branch)."""
    branches, cur, i, depth, cls = [], [], 0, 0, False
    while i < len(alt):
        c = alt[i]
        if c == "\\":
            cur.append(alt[i:i + 2])
            i += 2
            continue
        if cls:
            cls = c != "]"
        elif c == "[":
            cls = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            branches.append("".join(cur))
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1
    branches.append("".join(cur))
    chars: set = set()
    for b in branches:
        if b[:2] == "\\d":
            chars.add("\\d")
        elif b[:1] == "(":
            sub = _group_first(b)
            if not sub:
                return None
            chars |= sub
        elif b[:1].isalnum() and b[:1].isascii() and b[1:2] not in ("?", "*", "{"):
            chars.add(b[0])
        elif b[:1] == "\\" and b[1:2] and not b[1].isalnum() and b[2:3] not in ("?", "*", "{"):
            chars.add(re.escape(b[1]))   # an escaped punctuation mark
        elif b[:1] and not b[0].isalnum() and b[0] not in ".^$*+?{}[]\\|()" and b[1:2] not in ("?", "*", "{"):
            chars.add(re.escape(b[0]))   # a plain punctuation mark
        else:
            return None
    return chars


def guarded(pattern: str) -> str:
    r"""``\b(?:a|b|...)...`` (or ``(?:\b(?P<x>...)...``) with a look-ahead for the first
    characters of the group after the ``\b`` (same matches): the engine then passes over most
    word starts without trying every word of a long list (there is no literal prefix to scan for).

    >>> print(guarded(r"\b(?:since|by|\d+ councils)\s"))
    \b(?=[\dbs])(?:since|by|\d+ councils)\s
    >>> print(guarded(r"\b(?:[ab]x|c)"))
    \b(?:[ab]x|c)
    """
    for head in ("\\b", "(?:\\b"):
        if pattern.startswith(head):
            chars = _group_first(pattern[len(head):])
            if chars:
                return pattern[:len(head)] + "(?=[" + "".join(sorted(chars)) + "])" + pattern[len(head):]
    return pattern


def gate(words) -> tuple[str, ...]:
    """For a word list matched case-insensitively: the longest plain piece of each word (split at
    spaces and apostrophes), which any match holds literally in the lower-cased text; a
    substring test for these is far cheaper than a scan with the pattern."""
    out = set()
    for w in words:
        pieces = [p for p in re.split(r"[\s'’]+", w.lower()) if p]
        rare = [p for p in pieces if p not in _COMMON_PIECES] or pieces
        out.add(max(rare, key=len))
    return tuple(sorted(out))


def pieces(words, avoid=()) -> tuple[str, ...]:
    """For a word list matched with ``rules.flex_words`` on lower-cased text: literal pieces, one
    of which any match holds (of each word its longest piece between spaces and hyphens, which
    flex patterns may vary, and not in ``avoid`` if it can; an apostrophe in both its forms),
    without the pieces that hold another piece.

    ``has_any(text, pieces(words))`` is a cheap necessary condition for a match: a gate that
    skips a regex scan when it cannot match (the results stay exactly the same).

    >>> pieces(["moved up", "moving up", "improved", "improve", "re-inspected", "n't"])
    ('improve', 'inspected', 'moved', 'moving', "n't", 'n’t')
    """
    found = set()
    for w in words:
        parts = [p for p in re.split(r"[\s-]+", w.lower()) if p]
        best = max([p for p in parts if p not in avoid] or parts, key=len)
        found.update({best.replace("’", "'"), best.replace("'", "’")})
    return tuple(sorted(p for p in found if not any(q != p and q in p for q in found)))


def has_any(text: str, pieces: tuple[str, ...], start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` holds one of ``pieces`` (see ``pieces``)."""
    if start > 0 or end is not None:
        start = start if start > 0 else 0
        if len(pieces) <= 3:
            # a few pieces: searched in place, cheaper than copying the range
            for p in pieces:
                if text.find(p, start, end) != -1:
                    return True
            return False
        text = text[start:end]
    for p in pieces:
        if p in text:
            return True
    return False


#: Words in nearly every text, poor gates.
_COMMON_PIECES = {"inspection", "inspections", "inspecting", "inspected", "inspector", "inspectors", "visit",
                  "visits", "the", "of", "and", "for", "in", "on", "to", "children", "local", "authority",
                  "services", "council", "report", "area"}


#: An escape ("\\W", "\\.") or a run of other characters, for lower-casing all but escapes.
_ESCAPE_OR_RUN = re.compile(r"\\.|[^\\]+", re.S)


def cc(pattern: str, flags: int = 0, ci: bool = False) -> re.Pattern:
    """Compile; a case-insensitive pattern is lower-cased and run on the lower-cased text
    (``Analysis.low``), which keeps the engine's fast literal scanning (re.I disables it).
    A leading word list gets a first-character guard (``guarded``)."""
    if ci:
        # (escapes keep their case: "\\W" lower-cased would be "\\w", its opposite)
        pattern = _ESCAPE_OR_RUN.sub(lambda m: m.group(0) if m.group(0)[0] == "\\" else m.group(0).lower(), pattern)
        pattern = pattern.replace("(?i:", "(?:").replace("(?p<", "(?P<").replace("(?p=", "(?P=")
        pattern = guarded(pattern)
    return re.compile(pattern, flags)


# --------------------------------------------------------------------------------------------
# visit cues
