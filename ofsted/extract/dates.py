"""Date expressions in inspection stories, resolved as far as the text allows.

One compiled alternation (built once from ``ofsted/data/rules/dates.yaml``) finds, left to
right and without overlaps: fieldwork ranges ("between 17 and 28 June 2019", "from 1 to 5 July
2024", "4 to 8 March 2024"), full dates ("13 February 2025", "Tuesday 15 April 2025"), months
with a year and an optional qualifier ("late March 2025", "the end of October 2024"), qualified
years ("early 2022"), relative expressions ("today", "last month", "last autumn", "earlier this
year", "two years ago", "on Tuesday"), bare months after a preposition or with a qualifier
("in March", "mid-June", "the start of December") and bare years ("in 2015", "the 2015 report").

Relative expressions and bare months take their year from the document's published date
(``Document.published_date``); without one, bare months keep ``year`` None and relative
expressions resolve to nothing. "Last autumn" gives a year but no month (the README convention).

>>> [(d.text, d.year, d.month) for d in find_dates("Inspectors visited between 17 and 28 June 2019.")]
[('between 17 and 28 June 2019', 2019, 6)]
>>> import datetime as dt
>>> [(d.text, d.year, d.month) for d in find_dates("They visited last month.", dt.date(2022, 11, 25))]
[('last month', 2022, 10)]
>>> [(d.text, d.year, d.month) for d in find_dates("The visit, in mid-June, looked at care leavers.")]
[('mid-June', None, 6)]
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace
from functools import lru_cache

from ofsted.extract import fast_re as re   # re itself, with patterns that scan for their first character
from ofsted.extract.regex_tools import trie_alternation
from ofsted.extract.rules import load_rules



@dataclass(frozen=True)
class DateMention:
    """One date expression: its span, text and resolved parts.

    ``kind`` is one of range, day, month, qualified_year, season, relative, bare_month, year, same
    ("the same fortnight": the month of the date before it).
    ``relative`` is True when the year came from the published date. ``start_date`` and
    ``end_date`` are set only where the text gives the day.
    """

    start: int
    end: int
    text: str
    kind: str
    year: int | None
    month: int | None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    relative: bool = False

    @property
    def key(self) -> tuple[int, int]:
        """A sortable (year, month) with unknown parts as 0."""
        return (self.year or 0, self.month or 0)


@lru_cache(maxsize=1)
def _rules():
    return load_rules("dates")


def _vocab() -> dict:
    return _rules().vocabularies


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _trie(words) -> str:
    """The same alternation as ``_alt`` (of literal words, longest first where one word starts
    another) shaped like a trie: at a word start the engine follows one branch per character
    instead of trying every word of the list in turn."""
    return trie_alternation([re.escape(ch) for ch in w] for w in set(words))


def _month_alt() -> str:
    forms = []
    for name in _vocab()["months"]:
        forms.append(name.capitalize())
        forms.append(name.upper())
    # "May" is handled like every month: bare months need a preposition or a qualifier. A month
    # ends its word: "3.1 Marguerite" holds no "1 Mar".
    return r"(?:" + _trie(forms) + r")(?![A-Za-z])\.?"


@lru_cache(maxsize=1)
def _parts() -> dict[str, str]:
    """The regex pieces the rules' patterns name: {DAY}, {MONTH}, {YEAR}, ..."""
    v = _vocab()
    rel = list(v["relative"])
    numw = list(v["number_words"])
    return {
        "MONTH": _month_alt(),
        "DAY": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?",
        "YEAR": r"(?:19[5-9]\d|20\d\d)(?![\d/–-]|\.\d)",
        "WEEKDAY": r"(?:" + _trie([w.capitalize() for w in v["weekdays"]]) + r")",
        "MQ": r"(?:(?:" + _trie(v["month_qualifiers"]) + r")\s+|mid-?\s?)",
        "YQ": r"(?:" + _trie(v["year_qualifiers"]) + r")\s+",
        "NUMW": _trie(numw + [k[0].upper() + k[1:] for k in numw]),
        "REL": _trie(rel + [w[0].upper() + w[1:] for w in rel]),
        "SEP": r"(?:\s*(?:-|–|—)\s*|\s+(?:to|until|till|and)\s+)",
        "NOT_REL": r"(?!\s+(?:of\s+)?(?:last|this|next)\s+year\b)",
    }


#: The rules whose patterns find dates, in the order they are tried at a position.
_BRANCHES = ("dates.range", "dates.day_range", "dates.day", "dates.us_day", "dates.month", "dates.month_relative_year",
             "dates.qualified_year", "dates.season", "dates.ago", "dates.years_later", "dates.relative",
             "dates.weekday", "dates.qualified_month", "dates.bare_month", "dates.year")


@lru_cache(maxsize=1)
def _regex() -> re.Pattern:
    v = _vocab()
    rs = _rules()
    parts = [rs.pattern(rid, **_parts()) for rid in _BRANCHES]
    # Every branch starts at a word start, with a character from a known set: testing those
    # first lets the engine skip the inside of words, and most words, without trying the
    # branches and their word lists one by one (several times faster; same matches).
    digits = "0123456789"
    months_1 = _first([n.capitalize() for n in v["months"]]) + _first([n.upper() for n in v["months"]])
    mq_1 = _first(v["month_qualifiers"]) + "m"
    prep_1 = _first(v["bare_month_prepositions"]) + ":"
    numw_1 = _first(v["number_words"]) + _first(v["number_words"]).upper() + digits   # "two years ago/later"
    firsts = [
        "bf", digits, _first([w.capitalize() for w in v["weekdays"]]) + digits, months_1, mq_1 + months_1,
        mq_1 + months_1, _first(v["year_qualifiers"]), "ltLT", numw_1, numw_1,
        _first(v["relative"]) + _first(v["relative"]).upper(), "oltOLT", mq_1,
        prep_1 + months_1, digits,
    ]
    assert len(firsts) == len(parts)
    guarded = [f"(?=[{''.join(sorted(set(f)))}]){p}" for f, p in zip(firsts, parts)]
    # ... and one look-ahead for all of them first: a word start no branch can begin at fails
    # at once instead of after fourteen look-aheads.
    any_first = "".join(sorted(set("".join(firsts))))
    return re.compile(r"(?:\b|(?=:))(?=[" + any_first + "])(?:" + "|".join(guarded) + ")")


def _first(words) -> str:
    """The first characters of some words, for a look-ahead guard."""
    return "".join(sorted({w[0] for w in words}))


_WEEK_OF = re.compile(r"\bthe\s+week\s+(?:of|beginning|commencing|starting)\s+(?:(?:the|on)\s+)?$", re.I)
_MONTHS_RE: re.Pattern[str] | None = None


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday_of(text: str) -> int | None:
    """Monday = 0 ... Sunday = 6, for the weekday named in ``text``."""
    low = text.lower()
    return next((i for i, w in enumerate(_WEEKDAYS) if w in low), None)


def _month_of(text: str) -> int | None:
    global _MONTHS_RE
    if _MONTHS_RE is None:
        _MONTHS_RE = re.compile(r"\b(" + _alt(_vocab()["months"]) + r")\b", re.I)
    m = _MONTHS_RE.search(text)
    return _vocab()["months"][m.group(1).lower()] if m else None


_YEAR_RE = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_DAY_MONTH_RE: re.Pattern[str] | None = None


def _day_month_pairs(text: str) -> list[tuple[int, int | None]]:
    """(day, month) pairs in reading order: "17 and 28 June" -> [(17, None), (28, 6)]."""
    global _DAY_MONTH_RE
    if _DAY_MONTH_RE is None:
        _DAY_MONTH_RE = re.compile(
            r"(?<![\d])(\d{1,2})(?!\d)(?:st|nd|rd|th)?(?:\s+(?:of\s+)?(" + _alt(_vocab()["months"]) + r")\b\.?)?", re.I
        )
    out = []
    for m in _DAY_MONTH_RE.finditer(text):
        if len(m.group(1)) > 2 or int(m.group(1)) > 31 or int(m.group(1)) == 0:
            continue
        month = _vocab()["months"][m.group(2).lower()] if m.group(2) else None
        out.append((int(m.group(1)), month))
    return out


_US_ORDER_RE: re.Pattern[str] | None = None


def _us_order(text: str) -> str:
    """A range written month first ("between June 28 and July 9") as day and month ("between 28
    June and 9 July")."""
    global _US_ORDER_RE
    if _US_ORDER_RE is None:
        _US_ORDER_RE = re.compile(r"\b(" + _alt(_vocab()["months"]) + r")\s+(\d{1,2})(?:st|nd|rd|th)?(?!\d)", re.I)
    return _US_ORDER_RE.sub(r"\2 \1", text)


def _safe_date(y: int | None, m: int | None, d: int | None) -> dt.date | None:
    if not (y and m and d):
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + delta
    return idx // 12, idx % 12 + 1


def bare_month_year(month: int, published: dt.date | None) -> int | None:
    """The year of a bare month: the latest such month on or before the published date.

    >>> bare_month_year(11, dt.date(2023, 1, 26)), bare_month_year(10, dt.date(2024, 12, 3))
    (2022, 2024)
    >>> bare_month_year(3, None) is None
    True
    """
    if published is None:
        return None
    return published.year if month <= published.month else published.year - 1


def _season_year(season: str, which: str, published: dt.date | None) -> int | None:
    if published is None:
        return None
    first, last = _vocab()["seasons"][season]
    if season == "winter":  # December to February, named by its December
        current = published.year if published.month == 12 else published.year - 1
        in_season = published.month in (12, 1, 2)
        if which == "this":
            return current if in_season else published.year
        return current - 1 if in_season else current
    in_season = first <= published.month <= last
    if which == "this":
        return published.year
    if in_season or published.month < first:
        return published.year - 1
    return published.year


@lru_cache(maxsize=1)
def _weekday_re() -> re.Pattern:
    """A weekday name (removed from a day before its month is read)."""
    return re.compile(r"\b(" + _alt([w.capitalize() for w in _vocab()["weekdays"]]) + r")\b")


_DAY_NUMBER = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\b")


def _resolve(kind: str, text: str, published: dt.date | None):
    """(year, month, start_date, end_date, relative) for one matched expression."""
    v = _vocab()
    y: int | None
    low = text.lower()
    if kind in ("range1", "range2"):
        years = [int(y) for y in _YEAR_RE.findall(text)]
        pairs = _day_month_pairs(_us_order(text))
        if len(pairs) < 2:
            return None, _month_of(text), None, None, False
        (d1, m1), (d2, m2) = pairs[0], pairs[-1]
        m1, m2 = m1 or m2, m2 or m1   # ("from March 3 to 7": the month of both)
        y2 = years[-1] if years else None
        y1 = years[0] if len(years) > 1 else y2
        relative = False
        if y2 is None and published is not None and m2:
            y2 = bare_month_year(m2, published)
            y1 = y2
            relative = True
        if y1 and m1 and m2 and m1 > m2 and len(years) < 2:
            y1 = y1 - 1  # "28 December to 3 January 2020"
        return y1, m1, _safe_date(y1, m1, d1), _safe_date(y2, m2, d2), relative
    if kind in ("day", "usday"):
        years = [int(y) for y in _YEAR_RE.findall(text)]
        month = _month_of(_weekday_re().sub("", text))
        pairs = _day_month_pairs(text)
        day = pairs[0][0] if pairs else None
        if kind == "usday":
            nums = _DAY_NUMBER.findall(text)
            day = int(nums[0]) if nums else None
        if years:
            y = years[0]
            return y, month, _safe_date(y, month, day), None, False
        y = bare_month_year(month, published) if month else None
        return y, month, _safe_date(y, month, day), None, y is not None
    if kind == "month":
        y = int(_YEAR_RE.findall(text)[-1])
        return y, _month_of(text), None, None, False
    if kind == "monthrel":
        month = _month_of(text)
        if published is None:
            return None, month, None, None, True
        delta = {"last": -1, "this": 0, "next": 1}[low.split()[-2]]
        return published.year + delta, month, None, None, True
    if kind == "qyear":
        return int(_YEAR_RE.findall(text)[-1]), None, None, None, False
    if kind == "season":
        which, season = low.split()[0], low.split()[-1]
        return _season_year(season, which, published), None, None, None, True
    if kind == "later":
        return None, None, None, None, False   # counted from the text's own years (_narrative_years)
    if kind == "ago":
        if published is None:
            return None, None, None, None, True
        num = low.split()[0]
        n = int(num) if num.isdigit() else v["number_words"].get(num)
        if n is None:
            return None, None, None, None, True
        if "month" in low:
            y, m = _shift_month(published.year, published.month, -n)
            return y, m, None, None, True
        return published.year - n, None, None, None, True
    if kind == "relative":
        unit, delta = v["relative"][low]
        if published is None:
            return None, None, None, None, True
        if unit == "day":
            moved = published + dt.timedelta(days=delta)
            return moved.year, moved.month, None, None, True
        if unit == "month":
            y, m = _shift_month(published.year, published.month, delta)
            return y, m, None, None, True
        return published.year + delta, None, None, None, True
    if kind == "weekday":
        if published is None:
            return None, None, None, None, True
        # the latest such day on or before the text's date ("On Friday" in a bulletin of Monday 3
        # April 2017 is 31 March; "last Friday" written on a Friday, the week before)
        wd = _weekday_of(text)
        if wd is None:
            return published.year, published.month, None, None, True
        back = (published.weekday() - wd) % 7
        if back == 0 and text.lower().startswith("last"):
            back = 7
        on = published - dt.timedelta(days=back)
        return on.year, on.month, on, on, True
    if kind in ("qmonth", "bare"):
        month = _month_of(text)
        y = bare_month_year(month, published) if month else None
        return y, month, None, None, y is not None
    if kind == "year":
        return int(text), None, None, None, False
    return None, None, None, None, False


@lru_cache(maxsize=1)
def _anchors() -> tuple[re.Pattern, ...]:
    """Cheap pre-filter: every date expression contains a digit, a month or weekday name or one
    of a few words; the full pattern runs only in windows around them (the full alternation is
    slow to try at every position). Two plain patterns, each with a literal or class prefix
    the engine scans for quickly (one alternation of all of them is several times slower)."""
    stems = sorted({m[:3] for m in _vocab()["months"]})
    caps = [m.capitalize() for m in stems] + [m.upper() for m in stems]
    caps += [w.capitalize() for w in _vocab()["weekdays"]]
    # "[0-9][0-9]*", not "[0-9]+": a pattern opening with a class (not a repeat) lets the engine
    # scan for its first character at C speed (twice as fast here, same matches)
    return re.compile(r"[0-9][0-9]*"), re.compile(_alt(caps))


#: Anchor words looked for with ``str.find`` (faster than a pattern of them).
_ANCHOR_WORDS = ("today", "Today", "yesterday", "Yesterday", "month", "year", "week", "ago", "autumn", "spring", "summer", "winter", "fall")


#: Characters of context a window keeps before and after an anchor.
_BEFORE, _AFTER = 25, 20


def _windows(text: str):
    spans: list[tuple[int, int]] = []
    for pat in _anchors():
        spans.extend(m.span() for m in pat.finditer(text))
    for w in _ANCHOR_WORDS:
        i = text.find(w)
        while i != -1:
            spans.append((i, i + len(w)))
            i = text.find(w, i + len(w))
    spans.sort()
    n = len(text)
    ws = we = -1
    for s, e in spans:
        a, b = max(0, s - _BEFORE), min(n, e + _AFTER)
        if ws < 0:
            ws, we = a, b
        elif a <= we:
            if b > we:
                we = b
        else:
            yield ws, we
            ws, we = a, b
    if ws >= 0:
        yield ws, we


def find_dates(text: str, published: dt.date | None = None) -> list[DateMention]:
    """Every date expression in ``text``, left to right, resolved with ``published``.

    >>> [(d.text, d.kind, d.year, d.month, str(d.start_date), str(d.end_date))
    ...  for d in find_dates("The inspection took place from 3 to 7 March 2025.")]
    [('from 3 to 7 March 2025', 'range1', 2025, 3, '2025-03-03', '2025-03-07')]
    >>> [(d.text, d.year, d.month) for d in find_dates("Inspectors who visited last autumn", dt.date(2023, 1, 13))]
    [('last autumn', 2022, None)]
    >>> [(d.text, d.year) for d in find_dates("It was rated good in 2019 and visited in May.")]
    [('2019', 2019), ('May', None)]
    """
    matches: list[re.Match[str]] = []
    last_end = 0
    rx = _regex()
    for ws, we in _windows(text):
        # start on a word boundary so a window never begins inside "between"
        sp = text.rfind(" ", 0, ws) + 1 if ws > 0 else 0
        for m in rx.finditer(text, max(sp, last_end), we):
            matches.append(m)
            last_end = m.end()
    out: list[DateMention] = []
    for m in matches:
        kind = m.lastgroup
        if kind is None:
            continue
        start, end = m.span(kind)
        if kind == "day" and text.endswith(" ", 0, start):
            # (in) the week of 16 September 2024: the week's first day, written with its week
            wm = _WEEK_OF.search(text, max(0, start - 40), start)
            if wm:
                start = wm.start()
        dtext = text[start:end].rstrip(",. ")
        end = start + len(dtext)
        year, month, sd, ed, relative = _resolve(kind, dtext, published)
        if kind == "bare" and _SOME_DAY.search(text, max(0, start - 40), start):
            continue   # "on a wet Tuesday in February": any such day, no date (not "for a week in June")
        if kind == "bare" and published is not None and month:
            lm = _LAST_NEXT.search(text, max(0, start - 6), start)
            if lm is not None and lm.group(1).lower() == "last" and month == published.month:
                year = published.year - 1   # "last July", written in July: a year before
            elif lm is not None and lm.group(1).lower() == "next" and month <= published.month:
                year = published.year + 1   # "next March", written in July: the coming one
        nm = None
        if kind in ("bare", "qmonth"):
            # "in March and July 2022": the bare month shares the year of the month after it
            nm = _shared_year().match(text, end, min(len(text), end + 40))
            if nm:
                year, relative = int(nm.group(1)), False
            elif out and out[-1].year and (not out[-1].relative or (out[-1].kind == "relative" and out[-1].month is None)) \
                    and out[-1].kind in ("year", "bare", "qmonth", "relative") \
                    and _YEAR_THEN_MONTH.fullmatch(text, out[-1].end, start):
                # "the two monitoring visits in 2022, in March and in July": the year just before
                # ("two last year, in March and September": the year "last year" stands for)
                year, relative = out[-1].year, out[-1].relative
            elif out and out[-1].year and not out[-1].relative and _OF_THAT_YEAR.match(text, end) \
                    and len(_SENTENCE_BREAK.findall(text, out[-1].end, start)) <= 1 and "\n" not in text[out[-1].end:start]:
                # "the position in 2016, when the report, published in September of that year, ...",
                # "In the summer of 2013 ... . Inspectors ... found it still inadequate, six months after
                # their first damning verdict in January that year": the year of the date before it,
                # in its sentence or the one before in its paragraph
                year, relative = out[-1].year, False
            elif kind == "bare" and out and out[-1].year != year and _in_entry_of(text, out[-1], start, month):
                year, relative = out[-1].year, False
            elif kind == "bare" and (frame := _framing_year(text, out, start)) is not None:
                # "In 2013 our child protection arrangements were judged inadequate twice, in January
                # and again at a re-inspection in July": the year that opens the sentence frames it
                year, relative = frame, False
        out.append(DateMention(start, end, dtext, kind, year, month, sd, ed, relative))
        if nm is not None:
            # "in March, July and November 2022": the months between share that year too
            for mm in _middle_month().finditer(text, end, nm.end()):
                _, m2, sd2, ed2, _ = _resolve("bare", mm.group(1), published)
                out.append(DateMention(mm.start(1), mm.end(1), mm.group(1), "bare", year, m2, sd2, ed2, False))
        if kind == "bare" and (am := _and_month().match(text, end)) is not None:
            # "in March and September": the second month, with the first's year when that came from
            # the text around it (else its own latest on or before the text's date)
            own = _resolve("bare", text[start:end], published)
            t2 = am.group(1).rstrip(".")
            y2, m2, sd2, ed2, rel2 = _resolve("bare", t2, published)
            if year != own[0]:
                y2, rel2 = year, relative
            out.append(DateMention(am.start(1), am.start(1) + len(t2), t2, "bare", y2, m2, sd2, ed2, rel2))
    out = _month_spans(text, out)
    out = _narrative_years(text, out)
    if published is None:
        out = _years_from_context(text, out)
    if "the same " in text or "The same " in text:
        out = _same_period(text, out)
    return out


@lru_cache(maxsize=1)
def _same_period_re() -> re.Pattern:
    return re.compile(_rules().pattern("dates.same_period"))


def _same_period(text: str, dates: list[DateMention]) -> list[DateMention]:
    """"the same fortnight" (week, month) takes the year and month of the last range of days before
    it, else of the last date that has both, in the 1,500 characters before (rule
    ``dates.same_period``): "A separate inspection of North Northamptonshire, carried out over the
    same fortnight, ..." after West Northamptonshire's dates."""
    found = []
    for m in _same_period_re().finditer(text):
        if any(d.start <= m.start() < d.end for d in dates):
            continue
        before = [d for d in dates if d.end <= m.start() and d.year and d.month and not d.relative
                  and d.kind not in ("relative", "weekday", "ago") and m.start() - d.end < 1500]
        if before:
            # a stay's own dates (a range of days) before a publication date after them
            b = next((d for d in reversed(before) if d.kind in ("range1", "range2")), before[-1])
            found.append(DateMention(m.start(), m.end(), m.group(0), "same", b.year, b.month))
    return sorted(dates + found, key=lambda d: d.start) if found else dates


#: After a date opening a line, the dash or colon of a timeline entry ("October 2021 – A two-week inspection").
_ENTRY_DASH = re.compile(r"[ \t]*[–—:-][ \t]")


def _in_entry_of(text: str, entry: DateMention, start: int, month: int | None) -> bool:
    """Whether a bare month at ``start`` is a later month in the line of a timeline entry that
    ``entry`` opens, so of its year: "October 2021 – A two-week inspection. The report, published
    in November, rates services inadequate" (rule ``dates.timeline_entry_month``)."""
    return bool(entry.year and entry.month and not entry.relative and month and entry.month < month
                and "\n" not in text[entry.end:start] and (entry.start == 0 or text[entry.start - 1] == "\n")
                and _ENTRY_DASH.match(text, entry.end))


#: "of that year" ("that year") right after a bare month: the year of the date before.
_OF_THAT_YEAR = re.compile(r"\s+(?:of\s+)?(?:that|the\s+same)\s+year\b")
#: "last" or "next" right before a bare month.
_LAST_NEXT = re.compile(r"\b([Ll]ast|[Nn]ext)\s+$")
#: Before a bare month, any day of the kind ("a wet Tuesday in", "an evening in"): no date.
_SOME_DAY = re.compile(r"\b[Aa]n?\s+(?:[a-z]+\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|morning|afternoon|evening|night)\s+in\s+$")


#: "the" before "next year", not "over the" or "within the" (the coming twelve months).
_NARRATIVE_THE = re.compile(r"(?<!over )(?<!within )(?<!during )(?<!for )\b[Tt]he $")


def _is_narrative_year(text: str, d: DateMention) -> bool:
    """Whether ``d`` is "the next year" (or the like) counted from the text's own years."""
    return (d.kind == "relative" and d.text.lower() in _vocab()["narrative_years"]
            and _NARRATIVE_THE.search(text, max(0, d.start - 12), d.start) is not None)


def _narrative_years(text: str, dates: list[DateMention]) -> list[DateMention]:
    """"the next year", "the following year", "the previous year": a year counted from the
    last year the text named before it, not from the publication ("in 2010 ... A follow-up
    inspection the next year": 2011)."""
    v = _vocab()
    out: list[DateMention] = []
    last_year: int | None = None
    for d in dates:
        low = d.text.lower()
        if d.kind == "later":
            # "Two years later", "a year earlier", "four years on" (rule dates.years_later)
            num = low.split()[0] if not low.startswith("a couple") else "a couple of"
            n = int(num) if num.isdigit() else v["number_words"].get(num)
            earlier = low.endswith(("earlier", "before"))
            base = last_year
            if out and out[-1].year is not None and not out[-1].relative and _APPOSITION.fullmatch(text, out[-1].end, d.start):
                # "In 2014, three years later, Ofsted judged ...": the count restates the year
                # just named (counted from one named before it), it is not three years after it
                out.append(replace(d, year=out[-1].year))
                continue
            if earlier:
                # "we lost the good rating we had held since 2019 [in July 2023] … good four years
                # earlier": counted back from the paragraph's latest year, not its last one named
                para = text.rfind("\n\n", 0, d.start)
                years = [x.year for x in out if x.year is not None and not x.relative and x.start > para]
                base = max(years) if years else last_year
            if base is not None and n is not None:
                d = replace(d, year=base + (-n if earlier else n))
                last_year = d.year
            out.append(d)
            continue
        if _is_narrative_year(text, d):
            if last_year is not None:
                d = replace(d, year=last_year + v["narrative_years"][low], month=None, relative=False)
            else:
                d = replace(d, year=None, month=None)
        elif d.year is not None and not d.relative:
            last_year = d.year
        out.append(d)
    return out


#: Between a year and a count of years set off after it: "In 2014, three years later, ...".
_APPOSITION = re.compile(r"\s*[,–—]\s*")
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z\"“‘]|\n")
_JOINED = re.compile(r"\s*(?:and|to|until|till|-|–|—)\s*")


def _month_spans(text: str, dates: list[DateMention]) -> list[DateMention]:
    """Consecutive months joined in one expression ("January and February 2023") are one span,
    dated by the first (rule ``dates.shared_year``); other pairs ("March and July 2022") stay two.

    >>> [(d.text, d.year, d.month) for d in find_dates("inspected in January and February 2023 and in May and July 2024")]
    [('January and February 2023', 2023, 1), ('May', 2024, 5), ('July 2024', 2024, 7)]
    """
    out: list[DateMention] = []
    i = 0
    while i < len(dates):
        d = dates[i]
        nxt = dates[i + 1] if i + 1 < len(dates) else None
        if (nxt is not None and d.kind in ("bare", "qmonth") and d.year and nxt.year == d.year and d.month and nxt.month
                and nxt.month == d.month + 1 and nxt.kind in ("month", "bare") and _JOINED.fullmatch(text, d.end, nxt.start)):
            out.append(DateMention(d.start, nxt.end, text[d.start:nxt.end], "month", d.year, d.month, None, None, d.relative))
            i += 2
            continue
        out.append(d)
        i += 1
    return out


#: What may stand between a year (or a month dated by it) and a bare month that takes that year:
#: "in 2022, in March and in July".
@lru_cache(maxsize=1)
def _and_month() -> re.Pattern:
    return re.compile(r"\s+and\s+(" + _month_alt() + r")(?![\w-])(?!,?\s+\d)")


def _framing_year(text: str, out: list[DateMention], start: int) -> int | None:
    """The year opening the sentence of a bare month at ``start`` ("In 2013 ... in January and
    again ... in July"), when only bare months come between them."""
    k = len(out) - 1
    while k >= 0 and out[k].kind == "bare":
        k -= 1
    if k < 0:
        return None
    d = out[k]
    if d.kind != "year" or not d.year or d.relative or not _OPENS_SENTENCE.search(text, max(0, d.start - 12), d.start) \
            or _SENTENCE_BREAK.search(text, d.end, start):
        return None
    return d.year


#: "In" (or "During", "By") opening a sentence right before its year: "In 2013 ...".
_OPENS_SENTENCE = re.compile(r"(?:^|[.!?]\s+|\n\s*)(?:In|During|By|Back\s+in)\s+$")
_YEAR_THEN_MONTH = re.compile(r"\s*,?\s*(?:(?:and|or)\s+)?(?:in|during)\s+")


_THIS_YEAR = re.compile(r"\b(?:this|that)\s+year\b")


def _years_from_context(text: str, dates: list[DateMention]) -> list[DateMention]:
    """With no publication date, a day with no year takes the year of the full date before it in
    its sentence, and a bare month up to that date's the year "this year" names after it (rule
    ``dates.year_from_context``).

    >>> [(d.text, d.year) for d in find_dates("The first, on 22 October 2024, looked at care; its letter was published on 4 December.")]
    [('22 October 2024', 2024), ('4 December', 2024)]
    >>> [(d.text, d.year) for d in find_dates("It was judged inadequate in July 2015. Inspectors visited on 4 June.")]
    [('July 2015', 2015), ('4 June', None)]
    """
    out: list[DateMention] = []
    last: DateMention | None = None
    for d in dates:
        if (d.year is None and d.month and d.kind == "day" and last is not None and d.start - last.end <= 300
                and not _SENTENCE_BREAK.search(text, last.end, d.start)):
            assert last.year is not None and last.month is not None  # only a dated day becomes ``last``
            year = last.year + 1 if last.month - d.month >= 6 else last.year
            pairs = _day_month_pairs(d.text)
            d = DateMention(d.start, d.end, d.text, d.kind, year, d.month, _safe_date(year, d.month, pairs[0][0] if pairs else None),
                            None, True)
        elif (d.year is None and d.month and d.kind == "bare" and last is not None and d.start - last.end <= 200
              and d.month <= (last.month or 0) and _THIS_YEAR.search(text, last.end, d.start)):
            # "the visit on 1 and 2 November 2022. This visit was the third this year, following
            # visits in March ... and in July": the year of the date before, which "this year" names
            d = DateMention(d.start, d.end, d.text, d.kind, last.year, d.month, None, None, True)
            out.append(d)
            continue   # (the anchor stays the full date: "in March ... and in July")
        if d.year and d.month:
            last = d
        out.append(d)
    return out


def dateline(text: str) -> dt.date | None:
    """The date of a dateline among the first lines of a text ("Stockport Council · 18 May 2022",
    "Published: 16 July 2024, 11:42") or, failing that, of a web page's footer among its last
    lines ("Posted 21 November 2023"), or None (rule ``dates.dateline``).

    >>> dateline("Stockport Council · 18 May 2022\\n\\nOur children's services are Good again")
    datetime.date(2022, 5, 18)
    >>> dateline("Ofsted inspected the council on 18 May 2022 and found it good.") is None
    True
    >>> dateline("Proud of our people.\\n\\nPosted 21 November 2023\\n")
    datetime.date(2023, 11, 21)
    """
    found = _opening_dateline(text)
    if found is not None:
        return found
    for line in [x for x in text.rstrip().rsplit("\n", 6)[-6:] if x.strip()][-4:]:
        # a web page's footer: "Posted 21 November 2023", "Last updated: 3 May 2024"
        if len(line) <= 60 and _FOOTER_DATE.match(line):
            return _opening_dateline(line.strip())
    return None


_FOOTER_DATE = re.compile(r"\s*(?:posted|published|first\s+published|last\s+updated|updated)\b[^\n]*\b(?:19|20)\d\d\s*$", re.I)


def _opening_dateline(text: str) -> dt.date | None:
    pat = _dateline_pattern()
    long_lines = 0
    for line in text.split("\n", 12)[:12]:
        if not _ASCII_DIGIT.search(line):
            if len(line) > 120:
                long_lines += 1
                if long_lines > 1 or len(line) > 300:
                    break   # the body has begun: a date below it is a date of the story, a table row's
                # (one long line may be a standfirst above the dateline)
            continue   # a dateline's day is written with an ASCII digit ({DAY}); most lines have none
        m = pat.match(line if len(line) <= 120 else line[:120])
        if m is None or (len(line) > 120 and m.group("place") is None):
            if len(line) > 120:
                break
            continue   # a long line is a dateline only as "PLACE, 2 November 2023 – ..."
        if m.group("monthyear"):
            # "Issue 41 · December 2017": the month's last day (what it reports happened by then)
            d = find_dates(m.group("monthyear"))[0]
            return _safe_date(d.year, d.month, calendar.monthrange(d.year, d.month)[1]) if d.year and d.month else None
        if m.group("numeric"):
            day, month, year = (int(x) for x in m.group("numeric").split("/"))
            return _safe_date(year, month, day)   # "06/02/2024 13:52 GMT": day first, as in Britain
        found = find_dates(m.group("date") or m.group("date2"))
        if found and found[0].year and found[0].month:
            d = found[0]
            pairs = _day_month_pairs(d.text)
            return _safe_date(d.year, d.month, pairs[0][0] if pairs else None)
    return None


_ASCII_DIGIT = re.compile("[0-9]")


def opens_with_dateline(text: str, pos: int) -> bool:
    """Whether the date at ``pos`` is a dateline opening its line's paragraph ("BOLTON, 2 November
    2023 – Bolton Council has kept ..."): the text's own date, not a date of the story."""
    line_start = text.rfind("\n", 0, pos) + 1
    if pos - line_start > 60:
        return False
    m = _dateline_pattern().match(text[line_start:line_start + 120])
    # the date may open with its weekday ("BRISTOL, Monday 24 March 2025 – ...")
    return m is not None and m.group("place") is not None and m.end("place") < pos - line_start <= m.start("date2")


@lru_cache(maxsize=1)
def _dateline_pattern() -> re.Pattern:
    return re.compile(_rules().pattern("dates.dateline", **_parts()), re.I)


@lru_cache(maxsize=1)
def _middle_month() -> re.Pattern:
    """A month named between two others of a list, with no year of its own: ", July" in "March, July and November 2022"."""
    return re.compile(r",\s*(" + _month_alt() + r")(?![\w-])(?!,?\s+\d)(?=\s*(?:,|and\b|or\b))")


@lru_cache(maxsize=1)
def _shared_year() -> re.Pattern:
    return re.compile(r"(?:\s*,\s*" + _month_alt() + r"(?![\w-]))*\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s*|to\s+|until\s+|[-–]\s*)(?:early\s+|late\s+|mid-?\s?)?"
                      + _month_alt() + r",?\s+(19[5-9]\d|20\d\d)(?!\d)")


#: The kind of a date mention -> the rule that finds it.
_KIND_RULE = {"range1": "dates.range", "range2": "dates.day_range", "day": "dates.day", "usday": "dates.us_day",
              "month": "dates.month", "monthrel": "dates.month_relative_year", "qyear": "dates.qualified_year",
              "season": "dates.season", "ago": "dates.ago", "later": "dates.years_later", "relative": "dates.relative", "weekday": "dates.weekday",
              "qmonth": "dates.qualified_month", "bare": "dates.bare_month", "year": "dates.year", "same": "dates.same_period"}


def example_facts(text: str):
    """The dates of a text as ``<text> = <year>-<month>`` (with `` <start>..<end>`` for days), and the
    rules that found them; a dateline on the first lines dates the text (rule ``dates.dateline``)."""
    from ofsted.extract.rules import ExampleFact

    published = dateline(text)
    out = []
    found = find_dates(text, published)
    for i, d in enumerate(found):
        rules = {_KIND_RULE[d.kind]}
        if d.kind == "bare" and i and _in_entry_of(text, found[i - 1], d.start, d.month):
            rules.add("dates.timeline_entry_month")
        if " and " in d.text and d.kind == "month" and not _YEAR_RE.search(d.text.split(" and ")[0]):
            rules = {"dates.shared_year"}
        if d.kind in ("bare", "qmonth") and d.year and not d.relative:
            rules.add("dates.shared_year")   # a year from the month after it, or the year just before
        if d.text.lower().startswith("the week"):
            rules.add("dates.week_of")
        if published is not None and d.relative:
            rules.add("dates.dateline")
        if published is None and d.relative and d.kind in ("day", "bare") and d.year:
            rules.add("dates.year_from_context")
        if _is_narrative_year(text, d):
            rules.add("dates.narrative_year")
        fact = f"{d.text} = {d.year}-{d.month}"
        if d.start_date:
            fact += f" {d.start_date}..{d.end_date or d.start_date}"
        out.append(ExampleFact(fact, frozenset(rules)))
    return out
