r"""``re`` for the extraction modules: the same patterns and the same matches, compiled so that a
search skips straight to the characters a match can start with.

The engine's search scans for the first character of a pattern at C speed only when the
pattern opens with a literal, a character class or an alternation of literals. A pattern that
opens with ``\b``, a look-ahead guard (``(?=[A-Z])``, ``regex_tools.guarded``), a look-behind, a
group whose first branch does, or a repeat (``[a-z]+``) is instead started afresh at every
position of the text. Most of the extraction's patterns open that way. ``compile`` here works
out the characters any match of such a pattern must start with (its guard's class, its first
class or literals, through groups, alternations and repeats of at least one) and writes them
into the compiled pattern's information block, where the engine's search reads them, exactly as
the engine's own compiler does for a pattern opening with a class. A position the search then
passes over cannot start a match, so every search, match and finditer gives what ``re``'s own
pattern gives; the extraction spends about a twentieth less time (bench/run.py).

The layout of a compiled pattern is internal to the engine: this is done on CPython 3.11 only
(the version the project pins), and for anything it does not recognise (a case-insensitive
pattern, bytes, an opening it cannot read, a pattern anchored at the text's start, or any error)
``compile`` is ``re.compile``. ``tests/extract/test_fast_re.py`` checks that the patterns give
the same matches as ``re``'s on the texts the tests extract from.

The modules import it as ``re``: ``from ofsted.extract import fast_re as re``.
"""

from __future__ import annotations

import re as _re
import sys
from re import IGNORECASE, Match, Pattern, S, error, escape, findall, fullmatch, search, split  # noqa: F401 - re's own
from re import I, M  # noqa: F401 - re's own
from typing import Any

try:
    if sys.version_info[:2] != (3, 11) or sys.implementation.name != "cpython":
        raise ImportError("another engine")
    import _sre
    from re import _compiler as _C  # type: ignore[attr-defined]
    from re import _constants as _K  # type: ignore[attr-defined]
    from re import _parser as _P  # type: ignore[attr-defined]

    _ENGINE: Any = _sre if _sre.MAGIC == 20220615 else None
except ImportError:   # pragma: no cover - another Python
    _ENGINE = None

#: Compiled patterns by (pattern, flags), as ``re`` keeps its own.
_cache: dict[tuple[str, int], Pattern[str]] = {}
_MAX_CACHE = 1024


def compile(pattern: str, flags: int = 0) -> Pattern[str]:  # noqa: A001 - re.compile's name, on purpose
    """``re.compile(pattern, flags)``, with the characters a match starts with (see the module)."""
    key = (pattern, int(flags))
    got = _cache.get(key)
    if got is None:
        got = _scanning(pattern, flags)
        if len(_cache) >= _MAX_CACHE:
            _cache.pop(next(iter(_cache)))
        _cache[key] = got
    return got


def _scanning(pattern: str, flags: int) -> Pattern[str]:
    if _ENGINE is None or not isinstance(pattern, str) or flags & (_re.I | _re.L | _re.DEBUG):
        return _re.compile(pattern, flags)
    try:
        parsed = _P.parse(pattern, flags)
        all_flags = parsed.state.flags | flags
        if all_flags & (_re.I | _re.L):
            return _re.compile(pattern, flags)
        code = _C._code(parsed, flags)
        if code[0] != _K.INFO or code[2] & (_K.SRE_INFO_PREFIX | _K.SRE_INFO_CHARSET) or code[3] == 0:
            return _re.compile(pattern, flags)   # the engine scans already, or a match may be empty
        first = _first(parsed.data, bool(all_flags & _re.M))
        if not first:
            return _re.compile(pattern, flags)
        charset, hascased = _C._optimize_charset(first)
        if hascased:
            return _re.compile(pattern, flags)
        # the information block as the engine's compiler writes it for a pattern opening with a
        # class: INFO, its length, the charset flag, the widths (unchanged), the class
        info = [_K.INFO, 0, _K.SRE_INFO_CHARSET, code[3], code[4]]
        _C._compile_charset(charset, all_flags, info)
        info[1] = len(info) - 1
        code = info + code[code[1] + 1:]
        groupindex = parsed.state.groupdict
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        return _ENGINE.compile(pattern, all_flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
    except Exception:  # noqa: BLE001 - anything unexpected: re's own pattern, the same matches
        return _re.compile(pattern, flags)


def _passable_at(av: Any, multiline: bool) -> bool:
    """Whether a zero-width opening can be passed over: a word boundary, or the start of a line
    (``^`` with ``re.M``); never the start of the text, where the engine's search tries a pattern
    once (a scan would undo that)."""
    return av in (_K.AT_BOUNDARY, _K.AT_NON_BOUNDARY, _K.AT_BEGINNING_LINE) or (multiline and av is _K.AT_BEGINNING)


def _first(items: Any, multiline: bool) -> list | None:
    """The class (charset items) that the first character of any match of the sequence
    ``items`` belongs to, or None when it cannot be told."""
    for op, av in items:
        if op is _K.AT:
            if not _passable_at(av, multiline):
                return None
            continue
        if op is _K.ASSERT_NOT or _zero_width(op, av):
            continue   # consumes nothing: the first character is the next item's
        if op is _K.ASSERT:
            direction, sub = av
            if direction == 1:   # a look-ahead: the character at the match's start is one of its first
                got = _first(sub.data, multiline)
                if got is not None:
                    return got
            continue
        return _first_of(op, av, multiline)
    return None


def _zero_width(op: Any, av: Any) -> bool:
    """Whether a group or alternation never consumes a character ("(?:\\b|(?=:))")."""
    if op is _K.BRANCH:
        return all(branch.getwidth()[1] == 0 for branch in av[1])
    if op is _K.SUBPATTERN:
        return bool(av[3].getwidth()[1] == 0)
    return False


def _first_of(op: Any, av: Any, multiline: bool) -> list | None:
    """The class of the first character of one consuming item, or None."""
    if op is _K.LITERAL:
        return [(op, av)]
    if op is _K.IN:
        if any(o is _K.NEGATE for o, _ in av):
            return None   # a negated class cannot be joined with others
        return list(av)
    if op is _K.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags or del_flags or sub.getwidth()[0] == 0:
            return None
        return _first(sub.data, multiline)
    if op is _K.BRANCH:
        out: list = []
        for branch in av[1]:
            if branch.getwidth()[0] == 0:
                return None
            got = _first(branch.data, multiline)
            if got is None:
                return None
            out.extend(got)
        return out
    if op in (_K.MAX_REPEAT, _K.MIN_REPEAT, _K.POSSESSIVE_REPEAT):
        lo, _hi, sub = av
        if lo < 1 or sub.getwidth()[0] == 0:
            return None
        return _first(sub.data, multiline)
    return None
