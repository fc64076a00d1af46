"""Inspections and visits: one row per visit or inspection the text dates or places in a series.

How it works (rules, vocabularies and their example sentences in ``ofsted/data/rules/inspections.yaml`` and ``dates.yaml``):

1. ``context`` splits the text into sentences and lines (spans kept), finds the dates
   (``dates.find_dates``, resolved with the published date) and indexes the authority and
   provider mentions of the gazetteer, so that any position can be attributed to an authority:
   the nearest preceding mention in its sentence, else the first following one, else the last
   one before the sentence (round-up section headings therefore carry over), else the
   document's only authority. ``ratings.py`` reuses the same context.
2. A date is a visit date when a visit cue ("inspected", "monitoring visit", "report
   published", "judged inadequate in") stands near it in its sentence and nothing makes it the
   date of something else ("since", "set up in", "took over ... in", "introduced in", a school's
   or a children's home's inspection, national figures).
3. Candidates are grouped per authority and visit type: the same month, a year and a month of
   that year, and a publication date up to six months after the fieldwork are one visit. The
   fieldwork date wins ("The date is the fieldwork date where the text gives one").
4. Ordinals ("the fourth monitoring visit", "6th"), progress phrases ("steady progress"), lead
   inspectors, themes and frameworks are attached to the visit they belong to.

>>> from ofsted.model import Document
>>> from ofsted.extract.analysis import analyse
>>> doc = Document("d", "d.txt", "Inspectors visited Wigan Council between 17 and 28 June 2019.", "0" * 64)
>>> [(r["visit_type"], r["date_text"], r["year"], r["month"]) for r in extract_inspections(analyse(doc))]
[('inspection', 'between 17 and 28 June 2019', 2019, 6)]
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterator

from ofsted.extract import fast_re as re   # re itself, with patterns that scan for their first character
from ofsted.extract.analysis import Analysis, Sentence, related_blocks
from ofsted.extract.dates import DateMention, opens_with_dateline
from ofsted.extract.rules import ExampleFact, load_rules
from ofsted.extract.regex_tools import cc as _cc
from ofsted.extract.regex_tools import flex as _flex
from ofsted.extract.regex_tools import gate as _gate
from ofsted.extract.regex_tools import guard as _guard
from ofsted.model import FACT_SCHEMAS

COLUMNS = tuple(FACT_SCHEMAS["inspections"])
UNGRADED = ("monitoring_visit", "focused_visit", "jtai")


@lru_cache(maxsize=1)
def _rules():
    return load_rules("inspections")


def visits_vocab() -> dict:
    """The vocabularies of ``ofsted/data/rules/inspections.yaml``."""
    return _rules().vocabularies


def _pat(rule_id: str, flags: int = 0) -> re.Pattern:
    """A rule's pattern, its word lists shaped like tries as the ratings rules' are
    (``trie_words``: one branch tried per character instead of every phrase)."""
    return _cc(_rules().pattern(rule_id, trie=True), flags, ci=True)


@lru_cache(maxsize=1)
def _rx() -> dict[str, Any]:
    v = visits_vocab()
    types = v["visit_types"]
    type_parts = []
    type_words = [w for vt in types for w in types[vt]]
    # (the graded kind first: none of its words opens another kind's, and its longer names win
    # over another kind's shorter ones at the same place: "unannounced inspection of child protection")
    for vt in ("inspection", "other", "jtai", "monitoring_visit", "focused_visit"):
        type_parts.append(f"(?P<{vt}>{_flex(types[vt])})")
    generic = _flex(v["generic_visit_words"])
    name = r"(?:[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?)(?:[ \t]+(?:[A-Z]\.[ \t]*)?[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?){1,2}"
    lead = [_cc(p.replace("NAME", name)) for p in v["lead_inspector_patterns"]]
    fw = v["frameworks"]
    assert all(w[:1].isalpha() for ws in fw.values() for w in ws), "_word_search needs names starting with a letter"
    return {
        # (not "the 2024–25 inspection year": a period, no visit)
        "type": _cc(r"\b" + _guard(type_words) + r"(?:" + "|".join(type_parts) + r")\b(?!\s+years?\b)", ci=True),
        "generic": _cc(r"\b" + _guard(v["generic_visit_words"]) + r"(?:" + generic + r")\b", ci=True),
        "cue": _pat("inspections.cue"),
        "pub": _pat("inspections.publication"),
        "field": _pat("inspections.fieldwork"),
        "not_visit_prep": _pat("inspections.governed"),
        "period": _pat("inspections.period"),
        "not_visit_verb": _pat("inspections.founding"),
        "future": _pat("inspections.future"),
        "national": _pat("inspections.national"),
        "distractor": _pat("inspections.other_body"),
        "generic_statement": _pat("inspections.generic_statement"),
        "graded_date": _pat("inspections.graded_date"),
        "when_grade": _pat("inspections.when_grade"),
        "when_graded": _pat("inspections.when_graded"),
        "all_councils": _pat("inspections.all_councils"),
        "them": _pat("inspections.them"),
        "ordinal": _pat("inspections.ordinal"),
        "not_series": _pat("inspections.not_in_series"),
        "progress": _pat("inspections.progress"),
        "lead": lead,
        "lead_gates": [tuple(w.lower() for w in ws) for ws in v["lead_inspector_gates"]],
        "ungraded_gate": _gate(w for vt in UNGRADED for w in types[vt]),
        "grade_words": frozenset(w.lower() for w in v["grade_words"]),
        "own_view": _cc(r"\b(?:" + _flex(v["own_view_columns"]) + r")\b", ci=True),
        "title": _cc(r"^(?:Ms|Mr|Mrs|Dr|Miss|Mx|Sir|Dame|Cllr|Councillor)\s+"),
        "fw_ilacs": _cc(r"\b" + _guard(fw["ilacs"]) + r"(?:" + _flex(fw["ilacs"]) + r")\b", ci=True),
        # a word every match of the framework pattern contains: the pattern runs only if one is there
        "fw_gate": {k: _gate(fw[k]) for k in fw},
        # each framework's names (a word start before them is checked by ``_word_search``)
        "fw_bare": {k: _cc(r"(?:" + _flex(fw[k]) + r")\b", ci=True) for k in ("ilacs_short", "ilacs_standard", "sif", "other")},
        "theme_line": _cc(r"^\s*(?:Theme|Visit theme|Focus)\s*:\s*(?P<theme>[^\n]+)$", re.M, ci=True),
        "theme": _pat("inspections.theme"),
        "jtai_theme": _cc(r"\b(?:" + _flex(v["jtai_theme_cues"]) + r")\s+(?P<theme>[^,.;:]{3,80})", ci=True),
    }


# --------------------------------------------------------------------------------------------
# candidates


@dataclass
class Cand:
    la: str
    subject: str | None
    vtype: str
    date: DateMention
    role: str          # field / pub / judged
    sent: Sentence
    rule: str
    ordinal: int | None = None
    members: list = field(default_factory=list)
    rules: tuple[str, ...] = ()      # the registry rules that made this candidate
    # ``_sent_ids`` of a cluster, worked out once
    ids: frozenset | None = field(default=None, compare=False, repr=False)
    ids_dated: frozenset | None = field(default=None, compare=False, repr=False)


@dataclass
class DroppedDate:
    """A date that gave no visit, and the rule that set it aside (for ``ofsted explain``)."""

    date: DateMention
    reason: str
    rule: str


#: Why a date is not a visit's -> the rule that says so.
_WHY_RULE = {"governed": "inspections.governed", "period": "inspections.period", "founding": "inspections.founding", "future": "inspections.future",
             "distractor": "inspections.other_body", "national": "inspections.national", "quoted": "inspections.quoted_day"}
#: How a candidate got its kind of visit -> the rule.
#: Joint targeted area inspections began in 2016; an earlier "joint inspection" (with the CQC, 2009-12)
#: was one of the inspections of the time.
_FIRST_JTAI_YEAR = 2016
_HOW_RULE = {"cue": "inspections.visit_type", "generic": "inspections.generic", "series": "inspections.series",
             "early_joint": "inspections.early_joint",
             "heading": "inspections.section_heading",
             "graded": "inspections.graded_date", "when_graded": "inspections.when_graded",
             "table": "inspections.table_dates", "long_fieldwork": "inspections.fieldwork_length",
             "short_fieldwork": "inspections.fieldwork_length"}


#: Words for a stay of two weeks or more ("spent a fortnight", "over three weeks").
_LONG_STAY = re.compile(r"\b(?:a\s+fortnight|fortnight['’]s|(?:two|three|2|3)[\s-]weeks?)\b")


_LETTER = re.compile(r"\bletters?\b")
#: Inspectors' stay of a visit's length: "inspectors spent two days in May".
_SHORT_STAY = re.compile(r"\b(?:inspectors|ofsted)\s+(?:spent|were\s+in\s+\w+\s+for)\s+(?:two|three|2|3)\s+days\b")


def _short_fieldwork(d: DateMention) -> bool:
    """Whether the fieldwork at ``d`` is a range of at most three days ("1 and 2 October"; rule
    ``inspections.fieldwork_length``)."""
    return d.start_date is not None and d.end_date is not None and 0 < (d.end_date - d.start_date).days <= 2


def _only_ungraded_kind(ctx: Analysis) -> str | None:
    """The one ungraded kind of visit a text names anywhere (its general statements too), or None."""
    key = "inspections.only_ungraded"
    if key not in ctx.memo:
        kinds = {m.lastgroup for m in _rx()["type"].finditer(ctx.low) if m.lastgroup in UNGRADED}
        ctx.memo[key] = next(iter(kinds)) if len(kinds) == 1 else None
    return ctx.memo[key]


def _long_fieldwork(ctx: Analysis, d: DateMention, sent: Sentence) -> bool:
    """Whether the fieldwork at ``d`` lasted longer than a visit's few days: a range of more than
    six days, or "a fortnight" in its sentence (rule ``inspections.fieldwork_length``)."""
    if d.start_date is not None and d.end_date is not None and (d.end_date - d.start_date).days > 6:
        return True
    return _LONG_STAY.search(ctx.low, sent.start, sent.end) is not None


_SPECIFICITY = {"range1": 6, "range2": 6, "day": 5, "usday": 5, "month": 4, "qmonth": 3, "monthrel": 3, "bare": 3,
                "relative": 2, "weekday": 2, "season": 1, "qyear": 1, "ago": 1, "later": 1, "year": 0}


def _specificity(d: DateMention) -> int:
    s = _SPECIFICITY.get(d.kind, 0)
    if d.kind in ("relative", "weekday") and d.month:
        s = 3
    return s


def _sentence_cues(ctx: Analysis, sent: Sentence) -> tuple[list, list]:
    """The visit-type cues (start, end, type, text) and generic visit words (start, end) of a
    sentence, found once for all the dates in it."""
    hit = ctx.memo.get(("cues", sent.index))
    if hit is None:
        rx = _rx()
        types = [(m.start(), m.end(), m.lastgroup, m.group(0)) for m in rx["type"].finditer(ctx.low, sent.start, sent.end)]
        generics = [m.span() for m in rx["generic"].finditer(ctx.low, sent.start, sent.end)]
        hit = ctx.memo[("cues", sent.index)] = (types, generics)
    return hit


#: A preposition of time right before a visit word, which makes it a modifier of the visit before
#: it: "monitoring visit before that inspection", "visit since the inspection".
_TIME_PREP_BEFORE = re.compile(r"\b(?:before|after|since|ahead\s+of|following)\s+(?:(?:that|the|this|its|their|our|last)\s+)?$")


#: A clause set off after a date that dates something else: ", a year after", ", months after", ", since".
_AFTER_CLAUSE = re.compile(r",\s*(?:(?:a|an|one|two|three|four|five|six|some|several|\w+)\s+(?:years?|months?|weeks?)\s+)?(?:after|since)\b")


#: Between a visit's kind and its date right after it: " in ", " of the ", " on ".
_NOUN_DATE_GAP = re.compile(r"\s+(?:in|of|on)\s+(?:the\s+)?")


def _type_near(ctx: Analysis, sent: Sentence, pos: int, main_types: _MainTypes, la: str | None,
               end: int | None = None) -> tuple[str, str]:
    """(visit_type, how) from the nearest visit cue to ``pos`` in its sentence; a kind right after
    the date (``end``), which the date modifies, wins: "The 2022 inspection and the 2024 focused
    visit"."""
    types, generics = _sentence_cues(ctx, sent)
    best = None
    grade_words = _rx()["grade_words"]
    for n, (ms, me, kind, word) in enumerate(types):
        if kind == "inspection" and n + 1 < len(types) and types[n + 1][2] in UNGRADED and types[n + 1][0] - me <= 1:
            continue   # "ILACS focused visit": the framework's name before the kind of visit
        if end is not None and kind in UNGRADED and 0 < ms - end <= 1:
            best = (-1.0, kind, word, ms)
            break
        if me <= pos and word.lower() not in grade_words and _NOUN_DATE_GAP.fullmatch(ctx.low, me, pos):
            # "the council's grades remain those awarded after the full inspection in October 2022":
            # the kind the date is right after ("in", "of"), whatever the sentence named before
            best = (-1.0, kind, word, ms)
            break
        dist = pos - me if me <= pos else (ms - pos) * 1.6 + 10
        if me <= pos and dist > 140:
            continue
        if ms >= pos and ms - pos > 70:
            continue
        if kind == "inspection" and best is not None and best[1] in UNGRADED and (
                word.lower() in grade_words or _TIME_PREP_BEFORE.search(ctx.low, max(0, ms - 24), ms)):
            # "the 1st monitoring visit since that judgement took place", "Middlesbrough's last
            # monitoring visit before that inspection took place in November 2022": the visit's kind
            continue
        if best is None or dist < best[0] or (kind in UNGRADED and best[1] == "inspection" and best[2].lower() in grade_words):
            best = (dist, kind, word, ms)
    generic = None
    for ms, me in generics:
        dist = pos - me if me <= pos else (ms - pos) * 1.6 + 10
        if generic is None or dist < generic[0]:
            generic = (dist, ms)
    if best is not None and best[1] != "inspection":
        return best[1], "cue"
    if best is not None and best[1] == "inspection" and best[2].lower() in grade_words and generic is not None \
            and generic[0] < 80 and _OWN_LETTER.match(ctx.low, generic[1]):
        # "according to a letter from Ofsted published today" beside "since being judged inadequate"
        earlier = _last_ungraded_before(ctx, ctx.sentences[-1].end, la)
        if earlier is not None:
            return earlier, "generic"
    if best is not None and best[1] == "inspection":
        word = best[2].lower()
        # a generic "visit"/"the letter" right next to the date in a document about visits
        if generic is not None and generic[0] < best[0] and la in main_types and (
                word in ("report", "reports", "grade", "grades")
                or (word in grade_words and best[3] > pos and _AFTER_CLAUSE.search(ctx.low, pos, best[3]) is not None)):
            # (or a grade in a clause set off after the date: "visit in February, a year after council
            # was rated inadequate")
            return main_types[la], "generic"
        return "inspection", "cue"
    if best is None:
        after = _kind_said_after(ctx, sent)
        if after is not None:
            return after, "cue"   # "Two inspectors spent 30 and 31 October at the trust ... . Focused visits like this one ..."
    if best is None:
        heading = _heading_type(ctx, pos)
        if heading is not None:
            return heading, "heading"   # "3. Monitoring visits" over "Inspectors returned in July 2024"
    if generic is not None:
        if _OWN_LETTER.match(ctx.low, generic[1]) or _YEAR_VISIT.search(ctx.low, max(0, generic[1] - 12), generic[1] + 5):
            # "the 2022 visit", "the letter": the kind of the last visit named for that authority
            earlier = _last_ungraded_before(ctx, generic[1], la)
            if earlier is not None:
                return earlier, "generic"
        before = _kind_said_before(ctx, sent, generic[1])
        if before is not None:
            return before, "generic"   # "... quarterly monitoring visits. The two most recent visits took place in April 2024"
        if la in main_types:
            return main_types[la], "generic"
        return "inspection", "generic"
    return "inspection", "default"


def _kind_said_before(ctx: Analysis, sent: Sentence, word_start: int) -> str | None:
    """For a bare "visit(s)" with no kind of its own: the ungraded kind the sentence before names
    ("Since the 2022 inspection the council has received quarterly monitoring visits. The two most
    recent visits took place in April 2024 ..."), or None."""
    if not ctx.low.startswith("visit", word_start) or sent.index == 0:
        return None
    types, _gen = _sentence_cues(ctx, ctx.sentences[sent.index - 1])
    kinds = [t[2] for t in types if t[2] in UNGRADED]
    return kinds[0] if len(set(kinds)) == 1 else None


def _kind_said_after(ctx: Analysis, sent: Sentence) -> str | None:
    """For a date in a sentence naming no kind of visit: the ungraded kind the next sentence of
    its paragraph says it was ("Focused visits like this one do not result in a grade.", "This
    monitoring visit ..."), or None."""
    if sent.index + 1 >= len(ctx.sentences):
        return None
    nxt = ctx.sentences[sent.index + 1]
    if "\n" in ctx.text[sent.end:nxt.start]:
        return None
    m = _THIS_KIND.match(ctx.low, nxt.start, nxt.end)
    if m is None:
        return None
    types, _gen = _sentence_cues(ctx, nxt)
    first = types[0] if types else None
    return first[2] if first is not None and first[2] in UNGRADED and first[0] <= m.end() + 2 else None


#: A sentence opening on the visit just dated: "Focused visits like this one", "This monitoring visit".
_THIS_KIND = re.compile(r"\s*(?:(?:this|that)\s+(?:latest\s+|short\s+|two-day\s+)?(?=[a-z]+\s+visit)"
                        r"|(?=[a-z]+\s+visits?\s+(?:like|such\s+as)\s+this\b))")


#: A heading line: short, alone between blank lines, not a sentence ("3. Monitoring visits").
_HEADING_LINE = re.compile(r"(?:\A|\n[ \t]*\n)[ \t]*([^\n]{3,60}?)[ \t]*(?=\n[ \t]*\n)")


def _heading_type(ctx: Analysis, pos: int) -> str | None:
    """The ungraded kind of visit the section heading over ``pos`` names, if any (rule
    ``inspections.section_heading``)."""
    heads = ctx.memo.get("visit_headings")
    if heads is None:
        heads = []
        for m in _HEADING_LINE.finditer(ctx.text):
            line = m.group(1)
            if line.endswith((".", "!", "?", ":", ",", ";", '"', "”", "’")):
                continue
            kinds = {t.lastgroup for t in _rx()["type"].finditer(ctx.low, m.start(1), m.end(1))}
            kind = next(iter(kinds)) if len(kinds) == 1 and kinds <= set(UNGRADED) else None
            heads.append((m.start(1), kind))
        ctx.memo["visit_headings"] = heads
    found = None
    for start, kind in heads:
        if start >= pos:
            break
        found = kind
    return found


#: "the letter", "its letter": what focused and monitoring visits end in (inspections end in reports).
_OWN_LETTER = re.compile(r"(?:the\s+|its\s+|their\s+)?letter\b")
#: "the 2022 visit": a visit named by its year.
_YEAR_VISIT = re.compile(r"\b(?:19|20)\d\d\s+visit\b")


def _last_ungraded_before(ctx: Analysis, pos: int, la: str | None) -> str | None:
    """The kind of the last monitoring or focused visit (or JTAI) named before ``pos`` for an authority."""
    found = None
    for m in _rx()["type"].finditer(ctx.low, 0, pos):
        if m.lastgroup in UNGRADED:
            owners = {x.la_code for x in ctx.attribute(m.start(), prefer_after=True)}
            if la is None or la in owners:
                found = m.lastgroup
    return found


def _main_types(ctx: Analysis) -> dict[str, str]:
    """Per authority, the first ungraded visit type attributed to it (a story's main kind of visit)."""
    out: dict[str, str] = {}
    rx = _rx()
    if not any(map(ctx.low.__contains__, rx["ungraded_gate"])):
        return out
    # The first sentence that names a kind of visit for an authority decides: a story that opens
    # on its inspection ("published its latest report", "rated good") is about the inspection,
    # even when it later lists monitoring or focused visits.
    first_sent: dict[str, int] = {}
    generic: dict[int, bool] = {}   # sentence index -> it makes a general statement
    for m in rx["type"].finditer(ctx.low):
        kind = m.lastgroup
        if kind not in UNGRADED and (kind != "inspection" or m.group(0).lower() in rx["grade_words"]):
            continue  # a grade ("rated inadequate") is said of any past inspection: it decides nothing
        if kind == "inspection" and m.group(0).lower().endswith("inspections"):
            continue  # "I don't usually blog about inspections": inspections in general decide nothing
        sent = ctx.sentence_at(m.start())
        if kind in UNGRADED:
            is_generic = generic.get(sent.index)
            if is_generic is None:
                is_generic = generic[sent.index] = bool(rx["generic_statement"].search(ctx.low, sent.start, sent.end))
            if is_generic:
                ctx.memo.setdefault("inspections.fired", set()).add("inspections.generic_statement")
                continue
        owners = ctx.attribute(m.start(), sent, prefer_after=True) or []
        if kind in UNGRADED and m.group(0).endswith("s"):
            # "three focused visits: how Barnsley, Hull and the East Riding fared": each one's
            owners = [x for x in ctx.las_in(m.end(), sent.end) if not x.anaphora] or owners
        for la in owners:
            code = la.la_code
            assert code is not None  # an authority's mention always has its code
            if code not in first_sent:
                first_sent[code] = sent.index
            if kind in UNGRADED and first_sent[code] == sent.index:
                out.setdefault(code, kind)
    return out


_CLAUSE_LEFT = re.compile(r"[;]|,\s*(?:while|whereas|but)\b")


#: A past perfect before a grade and "since" ("had been inadequate since 2019"): a later visit followed.
_HAD_BEEN = re.compile(r"\bhad\s+been\b")


#: Right after a date, who graded what: ", Ofsted judged " (its object may be another body).
_GRADER_AFTER = re.compile(r",?\s*(?:ofsted|inspectors)\s+(?:judged|rated|graded|found)\s+")
#: A visit word right before a date: "focused visit of ", "inspection on ".
_VISIT_OF = re.compile(r"\b(?:visit|inspection)\s+(?:(?:of|into)\s+(?:[a-z'\u2019-]+\s+){1,4}?(?:in|on)|of|on)\s+$", re.I)   # (or "an inspection of child protection in ")


#: A bare year that opens a range of years: "2010 to 2022", "2018–2020" (rule ``inspections.period``).
_YEAR_RANGE_AFTER = re.compile(r"\s*(?:to|–|—|-)\s*(?:19|20)\d\d\b")


#: After a year, the rest of a span to now (rule ``inspections.period``): " to date", " onwards".
_TO_DATE = re.compile(r"\s*(?:to\s+date|onwards|to\s+the\s+present(?:\s+day)?)\b")
#: A framework's start right before the date (rule ``inspections.founding``): "when the single
#: inspection framework began last ", "the new regime came in in ".
_FRAMEWORK_BEGAN = re.compile(r"\b(?:framework|regime)\s+(?:began|started|came\s+in|was\s+introduced|was\s+launched)\s+(?:in\s+|on\s+)?(?:last\s+)?$")
#: A relative pronoun opening a clause of its own: "those of you who took part in".
_REL_WORD = re.compile(r"\b(?:who|which)\b")


def _is_visit_date(ctx: Analysis, d: DateMention, sent: Sentence) -> tuple[bool, str]:
    """Whether a date is a visit's: a visit cue near it and nothing making it another date.
    The tests are all required, so the cheap and selective ones go first."""
    rx = _rx()
    text = ctx.low
    if d.year is None and d.month is None:
        return False, "unresolved"
    left = text[max(sent.start, d.start - 140):d.start]
    right = text[d.end:min(sent.end, d.end + 90)]
    if _TO_DATE.match(right):
        return False, "period"   # "Ofsted inspections of children's social care, 2010 to date": where a list starts
    # a cue inside direct speech is the speaker's words, not a visit the sentence dates ("I wrote
    # in October to say that "the inspection result belongs to every agency ..."); a date inside
    # the quotation reads the quotation's own words
    cue_text = text if ctx.masked[d.start] == " " else ctx.masked
    # a "Dates:" label line reads the lines above it ("Type: short inspection\nDates: 11 to 15 December 2023")
    cue_from = max(0, d.start - 110) if _DATES_LABEL.match(text, sent.start) else max(sent.start, d.start - 110)
    if cue_from > sent.start and text.startswith("inspectors ", sent.start) and d.start - sent.start <= 240:
        # "Inspectors examined the work of Northamptonshire Children's Trust, which has run services
        # ... since 2020, between 3 and 14 October": the sentence's subject is the visit's cue
        cue_from = sent.start
    if not (rx["cue"].search(cue_text[cue_from:d.start])
            or rx["cue"].search(cue_text[d.end:min(sent.end, d.end + 70)]) or rx["graded_date"].search(left[-60:])
            or rx["when_graded"].match(text, d.end, sent.end) or _first_date_after_cue(ctx, d, sent)
            or _dated_by_next(ctx, d, sent) or _fronted_then_graded(ctx, cue_text, d, sent)):
        return False, "no_cue"
    if d.month is None and (rx["period"].search(left[-40:]) or _YEAR_RANGE_AFTER.match(text, d.end)):
        return False, "period"
    saved = False
    if (gm := rx["not_visit_prep"].search(left[-40:])) and not (rx["graded_date"].search(left[-60:]) and not _HAD_BEEN.search(left[-60:])):
        # (not "have been rated inadequate since 2023": a grade's date, so an inspection's; "had
        # been inadequate since 2019" says a later, undated inspection followed, left unread)
        if not rx["when_grade"].match(right) and not (gm.group(0).startswith(("as ", "by the ")) and _VISIT_NAMED_AFTER.match(text, d.end)):
            # (not "the same as at the 2016 inspection", "the same verdict reached by the 2013 child
            # protection inspection": the date names the visit right after it)
            return False, "governed"
        saved = True
    if _FRAMEWORK_BEGAN.search(left):
        return False, "founding"   # "It replaced "adequate" when the single inspection framework began last November"
    fv = rx["not_visit_verb"].search(left)
    if fv is not None and any(o.end <= d.start for o in ctx.dates_in(max(sent.start, d.start - 140) + fv.start(), d.start)):
        fv = None   # "since it was created in April 2019 took place over two weeks in December": the verb's date is the other one
    if fv is not None and rx["type"].search(left, fv.start() + 1) and (rx["field"].search(left, fv.start() + 1) or d.kind in ("range1", "range2")):
        # "introduced his report on the inspection carried out by Ofsted ... between 29 October and 9
        # November 2018"; "This self-evaluation follows Ofsted's short inspection of our children's
        # services from 10 to 14 October 2022": a visit named after the verb, its days a fieldwork range
        fv = None
    if fv is not None and not (_VISIT_OF.search(left, fv.start()) and rx["type"].search(left, fv.start())):
        # (not "introduced the letter from Ofsted's focused visit of 21 and 22 September 2022": the
        # visit named right before the date is what the date is of)
        if not rx["when_grade"].match(right):
            return False, "founding"
        saved = True
    if _COUNCIL_REPORT_AFTER.match(text, d.end):
        return False, "founding"   # "in the September 2024 highlight report": the council's own report
    clause_left = _CLAUSE_LEFT.split(left)[-1]
    # (not "will be familiar to those of you who took part in the focused visit ... in September
    # 2022": a relative clause's own past, not the future before it)
    if rx["future"].search(_REL_WORD.split(clause_left.rsplit(",", 1)[-1][-90:])[-1]):
        return False, "future"   # "is to be inspected again in 2025": a visit still to come
    if rx["distractor"].search(clause_left) or rx["distractor"].search(right[:40]):
        return False, "distractor"
    if (gm := _GRADER_AFTER.match(right)) is not None and rx["distractor"].search(
            right, gm.end(), ce if (ce := right.find(",", gm.end())) != -1 else gm.end() + 60):
        return False, "distractor"   # "In a separate report last month, Ofsted judged Harrowden Lane Children's Home ... good"
    if (rx["graded_date"].search(left[-60:]) or _GRADED_AT_VISIT.search(left[-90:])) and _graded_body(ctx, sent, d):
        return False, "distractor"
    national = ctx.memo.get(("national", sent.index))
    if national is None:
        national = ctx.memo[("national", sent.index)] = [m.end() for m in rx["national"].finditer(text, sent.start, sent.end)]
    if national and d.end < national[0] and _ONE_OF_AFTER.search(text, d.end, national[0]):
        national = []   # "after its previous inspection in 2020, making it one of a small number of councils ..."
    if national and not all((cm := _OWN_CLAUSE_AFTER.search(text, e, d.start)) and ctx.las_in(cm.end(), sent.end) for e in national):
        # (not "Only a small minority of councils hold an outstanding judgement for leaders, and
        # Durham had been rated requires improvement for that area in October 2019": a clause of
        # the authority's own after the national figure)
        return False, "national"
    return True, "when" if saved else "cue"


#: After a date, a clause that sets its authority among others: the national figure that follows
#: is a comparison, not the sentence's subject ("..., making it one of a small number of councils
#: to keep the top grade"). Rule ``inspections.national``.
_ONE_OF_AFTER = re.compile(r",\s*(?:making|which\s+makes|which\s+made|putting|leaving|placing)\s+(?:it|them|the\s+\w+|\w+)\s+(?:one|among)\b")


def _first_date_after_cue(ctx: Analysis, d: DateMention, sent: Sentence) -> bool:
    """Whether ``d`` is the first date after a visit cue further back in its sentence ("Ofsted
    carried out a full (standard) inspection of Southampton City Council's services for children
    in need of help and protection, children in care and care leavers between 5 and 16 June
    2023"): a long object between the visit and its date."""
    lo = max(sent.start, d.start - 260)
    last = None
    for last in _rx()["cue"].finditer(ctx.low, lo, d.start):
        pass
    return last is not None and not ctx.dates_in(last.end(), d.start) and ";" not in ctx.low[last.end():d.start]


#: A new clause: ", and", ", but", ", while", ";".
_OWN_CLAUSE_AFTER = re.compile(r",\s*(?:and|but|while|whereas)\b|;")


def _both_named(ctx: Analysis, sent: Sentence) -> bool:
    """Whether ``sent`` names two authorities as "both X and Y" ("inspectors were on the ground in
    both Cornwall and the Isles of Scilly")."""
    inside = ctx.las_in(sent.start, sent.end)
    return any(_BOTH_BEFORE.search(ctx.low, max(sent.start, x.start - 12), x.start) and _AND_BETWEEN.fullmatch(ctx.low, x.end, y.start)
               for x, y in zip(inside, inside[1:]) if x.la_code != y.la_code)


#: A full inspection said outright: "fully inspected", "a full inspection".
_FULLY_INSPECTED = re.compile(r"\bfully\s+inspected\b|\bfull\s+inspections?\b")
_BOTH_BEFORE = re.compile(r"\bboth\s+(?:the\s+)?$")
_AND_BETWEEN = re.compile(r"(?:\s+council)?\s+and\s+(?:the\s+)?")


#: A line labelling the dates of the visit the lines above name: "Dates: 11 to 15 December 2023".
#: (not a document's own "Date:" line)
_DATES_LABEL = re.compile(r"[ \t]*(?:(?:(?:inspection|fieldwork|visit)\s+)?dates|(?:inspection|fieldwork|visit)\s+date)\s*:", re.I)
#: A visit named right after its date: "2016 inspection", "2018 re-inspection", "2022 focused visit", "2013 child protection inspection".
_VISIT_NAMED_AFTER = re.compile(r"\s+(?:(?:full|standard|short|single|joint|focused|monitoring|ofsted|child\s+protection|safeguarding)\s+)*(?:inspection|re-inspection|visit)\b", re.I)


def _dated_by_next(ctx: Analysis, d: DateMention, sent: Sentence) -> bool:
    """Whether ``d``, a year, is the last date of a sentence the next one points back to as an
    inspection ("For those of you who were here in 2017, the comparison speaks for itself. At that
    inspection ...": rule ``inspections.cue``)."""
    if d.year is None or sent.index + 1 >= len(ctx.sentences) or ctx.dates_in(d.end, sent.end):
        return False
    nxt = ctx.sentences[sent.index + 1]
    return ctx.opens_on_that_inspection(nxt) and not ctx.dates_in(nxt.start, nxt.end)


#: Ofsted publishing its report right after a date: "On 2 February 2024 Ofsted finally published its report".
_PUBLISHED_AFTER = re.compile(r"\s*,?\s*(?:ofsted|inspectors|the\s+inspectorate)\s+(?:[a-z]+\s+)?(?:published|publishes|released|issued)"
                              r"\s+(?:its|their|the)\s+(?:[a-z]+\s+)?(?:report|letter|findings|verdict)\b")
_REPORT_WORD = re.compile(r"\b(?:published|publishes|report|letter)\b")
#: A sentence about the visit named just before it.
_VISIT_SUBJECT = re.compile(r"\s*(?:It|They|The visit|The letter|Inspectors)\b")
_NOT_A_NAME = re.compile(r"(?:His|Her|The|Ofsted|Lead)\b")


#: A sentence opening with a name graded: "Chaddesden Brook House was judged good in January".
#: A grade given at a visit the date dates: "was judged outstanding at its full inspection in ".
_GRADED_AT_VISIT = re.compile(r"\b(?:judged|rated|graded|found)\s+(?:to\s+be\s+)?(?:outstanding|inadequate|good|requires?\s+improvement(?:\s+to\s+be\s+good)?)"
                              r"\s+(?:at|after|following)\s+(?:its|their|the|a|an)\s+(?:[a-z-]+\s+){0,2}(?:inspection|visit)\s+(?:in|on)\s+$")
#: The name may carry an apposition that opens with an article: "Kingsthorne Lodge, a four-bed home
#: in the south of the city, was judged outstanding at its full inspection in August 2024"; it may
#: follow "One of them, " and go on to the place it stands near, set off by commas ("One of them,
#: Corvedale Lantern House near Craven Arms, was rated inadequate by Ofsted this month").
_NAME_GRADED = re.compile(r"(?:One\s+of\s+(?:them|these|those|its\s+[a-z]+|the\s+[a-z]+),\s+)?(?P<name>(?:[A-Z][\w’'-]+\s+){0,3}[A-Z][\w’'-]+)"
                          r"(?:\s+(?:near|outside)\s+(?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+)?(?:,\s+(?:a|an|the|one|which)\s+[^,.;:\n]{3,80},|,)?\s+"
                          r"(?:was|were|has\s+been|had\s+been|is)\s+(?:judged|rated|graded|found)\b")
#: Words of a name that make it the authority's, the regulator's or the service's.
_OWN_NAME_WORDS = frozenset(("The", "It", "Its", "Both", "All", "Each", "They", "These", "Those", "Inspectors", "Ofsted", "Council", "Borough", "County", "City", "Trust", "Children", "Services"))


#: A date fronting its sentence: "In 2016, ", "Back in 2016, ".
#: (or after a fronted phrase of its own: "Under the old system, in November 2010, ")
_FRONTED_DATE = re.compile(r"\s*(?:\d+(?:\.\d+)*\s+)?(?:In|Back\s+in|By|[A-Z][a-z]+\s[^,.;:]{1,40},\s*in)\s+$")
#: A grading verb (a clause that grades), with no clause break before it ("In November 2016, under
#: the previous framework, services also required improvement overall").
_GRADING = (r"\b(?:judged|rated|graded|found\s+(?:to\s+be|inadequate|outstanding|good|adequate)|required\s+improvement"
            r"|(?:was|were)\s+(?:also\s+|all\s+|both\s+)?(?:inadequate|outstanding|good|adequate)\b)\b")
_GRADED_LATER = re.compile(r"[^;.]{0,220}?" + _GRADING)
#: The same within a clause's reach, for a month's date with no comma after it ("In March 2014 the
#: council's services had been found inadequate").
_GRADED_NEAR = re.compile(r"[^;.,]{0,80}?" + _GRADING)


def _fronted_then_graded(ctx: Analysis, cue_text: str, d: DateMention, sent: Sentence) -> bool:
    """Whether a date fronting its sentence dates a grading further on in it than the usual
    reach: "In 2016, under the old framework, help and protection and services for children
    looked after had both been judged inadequate" (rule ``inspections.cue``)."""
    if _FRONTED_DATE.fullmatch(ctx.text, sent.start, d.start) is None:
        return False
    if d.month is None or ctx.text.startswith(",", d.end):
        return _GRADED_LATER.match(cue_text, d.end, sent.end) is not None
    return _GRADED_NEAR.match(cue_text, d.end, sent.end) is not None


def _graded_body(ctx: Analysis, sent: Sentence, d: DateMention) -> bool:
    """Whether the grade a date follows is another named body's (rule ``inspections.other_body``,
    as ``ratings.other_body`` drops the grade): an organisation of type other graded in the clause
    ("the council's home, Elm Tree House, was judged good in May"), or a sentence opening with a
    name that is no authority's ("Chaddesden Brook House was judged good in January")."""
    body = next((o for o in reversed(ctx.others_in(sent.start, d.start)) if o.org_type == "other"), None)
    if body is not None and d.start - body.end < 120 and not ctx.in_range("areas", body.start, body.end) \
            and not ctx.las_in(body.end, d.start):
        return True
    m = _NAME_GRADED.match(ctx.text, sent.start, d.start)
    return m is not None and not ctx.las_in(sent.start, m.end("name")) and not ctx.in_range("areas", sent.start, m.end()) \
        and not _OWN_NAME_WORDS.intersection(ctx.text[sent.start:m.end("name")].split())


def _role(ctx: Analysis, d: DateMention, sent: Sentence) -> str:
    rx = _rx()
    left = ctx.low[max(sent.start, d.start - 60):d.start]
    if rx["pub"].search(left) or _PUBLISHED_AFTER.match(ctx.low, d.end, sent.end) or _under_published_header(ctx, d) \
            or _in_published_column(ctx, d) \
            or _DOC_DATE_BRACKET.search(left):
        return "pub"
    if d.kind in ("relative", "weekday") and _REPORT_WORD.search(ctx.low[sent.start:sent.end]) \
            and not rx["field"].search(left[-40:]):
        return "pub"
    if d.kind in ("range1", "range2"):
        return "field"
    if _AGAIN_AT_VISIT.search(left):
        return "field"   # "judged inadequate in January 2013, and again at a re-inspection in July 2013": that visit's
    if rx["graded_date"].search(left):
        return "judged"   # "judged inadequate in May 2023": the grade's (report's) date
    if rx["field"].search(left[-70:]):
        return "field"
    return "judged"


#: A letter's or report's own date in brackets after it: "Read the Ofsted focused visit letter (October 2024)".
_DOC_DATE_BRACKET = re.compile(r"\b(?:letter|report)\s*\(\s*$")
#: A visit named again right before its date: "and again at a re-inspection in ".
_AGAIN_AT_VISIT = re.compile(r"\bagain\s+(?:at|after|following|in)\s+(?:a|an|the|its)\s+(?:[a-z-]+\s+)?(?:re-?inspection|inspection|visit)\s+(?:in|on|of)\s+$")


def _in_published_column(ctx: Analysis, d: DateMention) -> bool:
    """Whether ``d`` is a cell of a table's row set off by bars under a header whose cell over
    it says "Published" ("Fieldwork | Type | Published | Outcome" over "29 and 30 October 2024 |
    ILACS focused visit (children in care) | 28 November 2024 | No grade given."; rule
    ``inspections.publication``)."""
    line_start = ctx.text.rfind("\n", 0, d.start) + 1
    line_end = ctx.text.find("\n", d.end)
    line = ctx.text[line_start:line_end if line_end >= 0 else len(ctx.text)]
    if " | " not in line:
        return False
    col = ctx.text.count("|", line_start, d.start)
    bars = line.count("|")
    for start, end in _lines_above(ctx.text, line_start):
        above = ctx.text[start:end]
        if above.count("|") == bars and not any(ch.isdigit() for ch in above):
            return bool(_PUBLISHED_CELL.search(above.split("|")[col]))
    return False


def _lines_above(text: str, line_start: int, most: int = 12) -> Iterator[tuple[int, int]]:
    """The spans of up to ``most`` lines above the line opening at ``line_start``, nearest first
    (up a table's lines to its header)."""
    end = line_start - 1
    for _ in range(most):
        if end <= 0:
            return
        start = text.rfind("\n", 0, end) + 1
        yield start, end
        end = start - 1


#: A header cell over publication dates.
_PUBLISHED_CELL = re.compile(r"\b(?:published|publication|report\s+date|letter\s+date)\b", re.I)


def _under_published_header(ctx: Analysis, d: DateMention) -> bool:
    """Whether ``d`` opens a fixed-width table's line under a header whose column over it says
    "Published" ("   Published         Type          Outcome" over "   5 June 2015   Single
    inspection (SIF)   ..."; rule ``inspections.publication``)."""
    line_start = ctx.text.rfind("\n", 0, d.start) + 1
    line_end = ctx.text.find("\n", d.end)
    rest = ctx.text[d.end:] if line_end < 0 else ctx.text[d.end:line_end]
    if ctx.text[line_start:d.start].strip() or "  " not in rest:
        return False
    col = d.start - line_start
    for start, end in _lines_above(ctx.text, line_start):
        line = ctx.low[start:end]
        if not line.strip():
            return False
        if not ctx.dates_in(start, end) and "  " in line.strip():
            return line[col:col + 12].startswith(("published", "date published", "publication"))
    return False


class _MainTypes:
    """``_main_types(ctx)``, made on first use: it scans the whole text, and most visit dates
    get their kind from a cue beside them without it."""

    def __init__(self, ctx: Analysis):
        self.ctx = ctx
        self.types: dict[str, str] | None = None

    def resolve(self) -> dict[str, str]:
        if self.types is None:
            self.types = _main_types(self.ctx)
        return self.types

    def __contains__(self, code) -> bool:
        return code in self.resolve()

    def __getitem__(self, code) -> str:
        return self.resolve()[code]

    def get(self, code, default=None):
        return self.resolve().get(code, default)


#: A span of two bare years: "between 2018 and 2022", "from 2013 to 2018".
#: ("from 2014 and 2016, when inspections ... ended in inadequate judgements both times" is two
#: dates: "from" spans only with "to" or "until")
_MONTHS_RX = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
#: (or "between the 2018 inspection and July 2022": a period between two dates, no day in either)
_YEAR_SPAN = re.compile(r"\b(?:between\s+(?:19|20)\d\d\s+(?:and|to|until)|from\s+(?:19|20)\d\d\s+(?:to|until)"
                        rf"|between\s+the\s+(?:{_MONTHS_RX}\s+)?(?:19|20)\d\d\s+(?:inspection|visit|report)\s+and(?:\s+{_MONTHS_RX})?)"
                        r"\s+(?:19|20)\d\d\b(?!\s*[-–/]?\s*\d)")


def _in_year_span(ctx: Analysis, d: DateMention) -> bool:
    """Whether the bare year ``d`` is an end of a span of years (rule ``inspections.year_span``)."""
    for m in _YEAR_SPAN.finditer(ctx.low, max(0, d.start - 60), min(len(ctx.low), d.end + 60)):
        if m.start() <= d.start and d.end <= m.end():
            return True
    return False


def _candidates(ctx: Analysis, dropped: list[DroppedDate] | None = None) -> list[Cand]:
    rx = _rx()
    main = None   # made for the first visit date
    out: list[Cand] = []
    dropped = [] if dropped is None else dropped
    related = related_blocks(ctx.text)
    for d in ctx.dates:
        sent = ctx.sentence_at(d.start)
        if related and any(x <= d.start < y for x, y in related):
            # "Related: > ... > The new care leavers judgement: what changes in January": another
            # story's headline
            dropped.append(DroppedDate(d, "another story's headline (a related link)", "inspections.related_links"))
            continue
        if d.kind == "relative" and d.relative and d.text.lower().startswith(("next", "later", "this coming")):
            dropped.append(DroppedDate(d, "a time still to come", "inspections.future"))
            continue  # "next year", "later this year": a visit still to come is no inspection
        if d.kind == "day" and ctx.published is not None and opens_with_dateline(ctx.text, d.start):
            dropped.append(DroppedDate(d, "the text's own date", "inspections.dateline"))
            continue   # "BOLTON, 2 November 2023 – Bolton Council has kept its good rating"
        if ctx.published is not None and d.year and (d.year, d.month or 0) > (ctx.published.year, ctx.published.month):
            # "to receive a further report ... in March 2025" in a paper of December 2024
            dropped.append(DroppedDate(d, "after the document's own date", "inspections.future"))
            continue
        if d.kind in ("relative", "weekday", "ago", "season") and (
                (ctx.masked[d.start] == " " and ctx.text[d.start] != " ") or ctx.in_quotation(d.start)):
            # "today" in a speaker's words is the day they speak of, not the report's
            dropped.append(DroppedDate(d, "a relative date in a speaker's words", "inspections.quoted_day"))
            continue
        if d.kind in ("year", "month") and _in_year_span(ctx, d):
            dropped.append(DroppedDate(d, "a span of years, no visit's date", "inspections.year_span"))
            continue   # "Between 2018 and 2022 it graded children in care and care leavers together."
        if _own_view_cell(ctx, d):
            dropped.append(DroppedDate(d, "the writer's own assessment", "inspections.table_dates"))
            continue   # "Judgement | Ofsted 2024 | Our view, May 2025"
        ok, why = _is_visit_date(ctx, d, sent)
        if not ok and why in _WHY_RULE:
            dropped.append(DroppedDate(d, why, _WHY_RULE[why]))
        series = None
        table = None
        timeline = False
        if ok or why == "no_cue":
            # "... made monitoring visits. One, in March 2022, looked at ...; Another, in July 2022, ..."
            series = _series_type(ctx, sent, d)
            ok = ok or series is not None
        if not ok and why == "no_cue":
            # a date heading a grade table's column, or opening a row under "two monitoring visits:"
            table = _table_type(ctx, d)
            ok = table is not None
        if not ok and why == "no_cue":
            # a timeline's date line ("September 2023 – Standing still?") over the visit it dates
            under = _timeline_entry(ctx, d)
            if under is not None:
                sent, ok, timeline = under, True, True
        if not ok and why == "no_cue":
            # a fieldwork note wrapped under a fixed-width table's row ("5 July 2022   ILACS
            # standard inspection   ..." over "   (fieldwork 9–20 May 2022)"): the row's visit
            above = _wrapped_row_entry(ctx, d)
            if above is not None:
                sent, ok = above, True
        if not ok and why == "no_cue":
            # an answer's date under a question about the visit ("When were inspectors here?" over
            # "For two weeks in December, from the 2nd to the 13th.")
            asked = _question_before(ctx, sent)
            if asked is not None:
                sent, ok, timeline = asked, True, True
        if not ok:
            continue
        if main is None:
            main = ctx.memo["inspections.main_types"] = _MainTypes(ctx)
        sent_text = ctx.low[sent.start:sent.end]
        # "All three councils were visited in late July": one visit per authority of the text
        if rx["all_councils"].search(sent_text) and len(ctx.la_codes) > 1:
            full = _FULLY_INSPECTED.search(sent_text) is not None
            for code in ctx.la_codes:
                first = next(m for m in ctx.las if m.la_code == code)
                # ("Both councils were last fully inspected in October 2022": a full inspection,
                # whatever visit the story is about)
                vt = "inspection" if full else main.get(code, "inspection")
                out.append(Cand(code, ctx.la_name(code, first), vt, d, "field", sent, "inspections.all_councils",
                                rules=("inspections.cue", "inspections.all_councils")))
            continue
        las = ctx.attribute(d.start, sent)
        same_time = False
        if len(las) == 1 and las[0].start > d.end and _SAME_TIME_AS.fullmatch(ctx.text, d.end, las[0].start) \
                and not ctx.las_in(sent.start, d.start) and sent.start > 0:
            # "The last full inspection took place between 3 and 14 October 2022, at the same time
            # as the inspection of West Northamptonshire": the date is the text's own authority's too
            own = [m for m in ctx.las if m.end <= sent.start]
            if own and own[-1].la_code != las[0].la_code:
                las, same_time = [own[-1]] + las, True
        base: tuple[str, ...] = ("inspections.cue",) + (("inspections.when_grade",) if why == "when" else ()) + (
            ("inspections.timeline",) if timeline else ()) + (("inspections.same_time",) if same_time else ())
        if rx["them"].search(sent_text) or "both " in sent_text and _both_named(ctx, sent):
            inside = ctx.las_in(sent.start, sent.end)
            codes = list(dict.fromkeys(m.la_code for m in inside))
            if not inside and len(ctx.la_codes) in (2, 3):
                las = [next(m for m in ctx.las if m.la_code == c) for c in ctx.la_codes]
                base += ("inspections.them",)
            elif len(codes) in (2, 3):
                # "The two councils were inspected together between ..., and both X and Y were judged":
                # the councils the sentence names
                las = [next(m for m in inside if m.la_code == c) for c in codes]
                base += ("inspections.them",)
        if not las:
            continue
        role = _role(ctx, d, sent)
        base += {"pub": ("inspections.publication",), "field": ("inspections.fieldwork",)}.get(role, ())
        for la in las:
            assert la.la_code is not None  # an authority's mention always has its code
            if series:
                vt, how = series, "series"
            elif table:
                vt, how = table, "table"
            elif rx["graded_date"].search(ctx.low[max(sent.start, d.start - 60):d.start]) or (
                    ctx.low.endswith("in ", sent.start, d.start) and _GRADED_NEAR.match(ctx.low, d.end, sent.end)):
                # "found to be inadequate in 2018", "in 2017 the local authority was judged
                # inadequate, and a focused visit in July 2022 ...": only inspections grade
                vt, how = "inspection", "graded"
            else:
                vt, how = _type_near(ctx, sent, d.start, main, la.la_code, d.end if d.kind == "year" else None)
                if how in ("generic", "default", "heading") and vt != "inspection" \
                        and rx["when_graded"].match(ctx.low, d.end, sent.end):
                    # "2010, when inspectors found ... inadequate" (also under a heading naming a focused visit)
                    vt, how = "inspection", "when_graded"
                elif how in ("generic", "default") and vt != "inspection" and _long_fieldwork(ctx, d, sent):
                    vt, how = "inspection", "long_fieldwork"   # "spent a fortnight in Sefton, from 21 February to 4 March 2022"
                elif how in ("generic", "default") and vt == "inspection" \
                        and (_short_fieldwork(d) or _LETTER.search(ctx.low, sent.start, sent.end)
                             or _SHORT_STAY.search(ctx.low, sent.start, sent.end)) \
                        and (only := _only_ungraded_kind(ctx)) is not None:
                    # "Visit: 1 and 2 October", "Letter published: today" where only focused visits
                    # are named: visits last two days, and only visits end in a letter
                    vt, how = only, "short_fieldwork"
            if vt == "jtai" and d.year is not None and d.year < _FIRST_JTAI_YEAR:
                vt, how = "inspection", "early_joint"   # "a joint inspection with the CQC in 2009": no JTAI yet
            out.append(Cand(la.la_code, ctx.la_name(la.la_code, la), vt, d, role, sent, f"inspections.{role}.{how}",
                            rules=base + ((_HOW_RULE[how],) if how in _HOW_RULE else ())))
    return out


#: A timeline's date line: a date (no year range) opening its line, alone or with a dash or a
#: colon and a short title.
_TIMELINE_LINE = re.compile(r"[ \t]*(?:(?:[–—-]|:)[ \t]+[^\n.!]{1,60}[?!]?)?[ \t]*\n")


#: A question about when a visit was (in the past): "When were inspectors here?", "When did Ofsted visit?".
_WHEN_QUESTION = re.compile(r"\bwhen\s+(?:were|was|did|had)\b[^?\n]{0,60}\b(?:inspectors?|ofsted|inspect\w*|visit\w*)\b[^?\n]{0,40}\?\s*$")


def _question_before(ctx: Analysis, sent: Sentence) -> Sentence | None:
    """The question sentence right before the answer ``sent`` opening a paragraph, when it asks
    when a visit was (rule ``inspections.timeline``), else None."""
    if sent.index == 0 or "\n" not in ctx.text[max(0, sent.start - 2):sent.start]:
        return None
    q = ctx.sentences[sent.index - 1]
    return q if _WHEN_QUESTION.search(ctx.low, q.start, q.end) else None


#: Between a visit's date and another authority inspected alongside: ", at the same time as the inspection of ".
_SAME_TIME_AS = re.compile(r",?\s*(?:at\s+the\s+same\s+time\s+as|alongside|together\s+with)\s+(?:the\s+)?inspections?\s+of\s+(?:the\s+)?", re.I)
#: A council's own report named right after a date: "the September 2024 highlight report".
_COUNCIL_REPORT_AFTER = re.compile(r"\s+(?:highlight|progress|performance|quarterly|monthly|annual)\s+(?:report|update)\b", re.I)
#: What opens a wrapped note of a table row's date: "(fieldwork ", "(inspection dates: ".
_ROW_NOTE_LEAD = re.compile(r"[ \t]{4,}\(\s*(?:fieldwork|inspection\s+dates?|visit\s+dates?|on\s+site)\s*:?\s*$")


def _wrapped_row_entry(ctx: Analysis, d: DateMention) -> Sentence | None:
    """For a date in a bracketed fieldwork note on an indented line ("   (fieldwork 9–20 May
    2022)"): the sentence of the line above when that line opens with a date and names a visit
    (a fixed-width table's row, its cell wrapped; rule ``inspections.cue``), else None."""
    line_start = ctx.text.rfind("\n", 0, d.start) + 1
    if line_start < 2 or not _ROW_NOTE_LEAD.fullmatch(ctx.low, line_start, d.start):
        return None
    above_start = ctx.text.rfind("\n", 0, line_start - 1) + 1
    above = ctx.text[above_start:line_start - 1]
    lead = len(above) - len(above.lstrip())
    first = next(iter(ctx.dates_in(above_start + lead, line_start - 1)), None)
    if first is None or first.start != above_start + lead:
        return None
    if not _rx()["cue"].search(ctx.low, first.end, line_start - 1):
        return None
    return ctx.sentence_at(first.start)


def _timeline_entry(ctx: Analysis, d: DateMention) -> Sentence | None:
    """The first sentence under a timeline's date line ("September 2023 – Standing still?" over
    "Inspectors return for a two-week standard inspection.") when it names a visit (rule
    ``inspections.timeline``), else None."""
    line_start = ctx.text.rfind("\n", 0, d.start) + 1
    if ctx.text[line_start:d.start].strip() or d.year is None or not _TIMELINE_LINE.match(ctx.text, d.end):
        return None
    nxt = ctx.sentence_at(ctx.text.find("\n", d.end) + 1)
    if nxt.start <= d.start or ctx.dates_in(nxt.start, nxt.end):
        return None   # (the entry dates itself)
    if not _rx()["cue"].search(ctx.low, nxt.start, nxt.end):
        return None
    return nxt


#: A sentence opening on one member of a series of visits named just before it.
_SERIES_START = re.compile(
    r"\s*(?:the\s+(?:first|second|third|fourth|last|latest|final|most\s+recent|earlier|later|other)(?:\s+(?:one|visit))?"
    r"(?:\s+of\s+(?:them|these|those|the\s+visits))?|one(?:\s+of\s+(?:them|these|those))?|another|a\s+second|a\s+further\s+one)\s*,?\s*"
    r"(?:(?:took\s+place|was\s+carried\s+out|came)\s+)?(?:in|on|during|at|,)?\s*$")


_SERIES_ORDINAL = re.compile(r"\s*the\s+(?:first|second|third|fourth|last|latest|final|most\s+recent|earlier|later)\b")


def _series_type(ctx: Analysis, sent: Sentence, d: DateMention) -> str | None:
    """The ungraded visit type of a dated member of a series ("One, in March 2022, looked at
    care leavers"): the date opens its sentence after such a phrase, and the sentence before
    (or before a run of such sentences) names the visits in the plural. Otherwise None."""
    if not _SERIES_START.match(ctx.low[sent.start:d.start]):
        return None
    i = sent.index - 1
    for _ in range(3):
        if i < 0:
            return None
        prev = ctx.sentences[i]
        types, _gen = _sentence_cues(ctx, prev)
        # "One"/"Another" need visits in the plural; "The first"/"The last" may follow "A second visit"
        ordinal_opener = _SERIES_ORDINAL.match(ctx.low, sent.start)
        plural = [t for t in types if t[2] in UNGRADED and (ordinal_opener or t[3].lower().endswith("s"))]
        if plural:
            return plural[-1][2]
        if types or not (_SERIES_START.match(ctx.low[prev.start:prev.start + 40].split(",")[0] + ",")
                         or (prev.end - prev.start < 40 and not ctx.dates_in(prev.start, prev.end))):
            # (a short sentence with no date between: "Bury has had several.")
            return None
        i -= 1
    return None


#: What may stand between a line's start and a date that opens a table row or list item.
#: A bullet opening a list item, and a bracketed note right after an item's date.
_BULLET_LEAD = re.compile(r"[ \t]*[-•*][ \t]*")
_NOTE_AFTER = re.compile(r"[ \t]*\(")
_ROW_LEAD = re.compile(r"[ \t]*(?:[-•*|][ \t]*)?")
#: A cell separator after such a date: a run of spaces, a tab, a bar, a dash or a colon.
_CELL_GAP = re.compile(r"[ \t]{2,}|\t|[ \t]*\|[ \t]*|[ \t]+[–—-][ \t]+|:[ \t]")
#: A line laid out in cells (two cells at least).
_CELLS = re.compile(r"\S(?:[ \t]{2,}|\t|[ \t]*\|[ \t]*)\S")


def _line_span(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _own_view_cell(ctx: Analysis, d: DateMention) -> bool:
    """Whether ``d`` heads a table column of the writer's own view ("| Our view, May 2025")."""
    ls = ctx.text.rfind("\n", 0, d.start) + 1
    bar = ctx.low.rfind("|", ls, d.start)
    return bar >= 0 and _rx()["own_view"].search(ctx.low, bar, d.start) is not None


#: A column heading a grade aimed for, not given: "Target (autumn 2019)", "Aim by March 2025".
_AIM_HEADER = re.compile(r"\b(?:target|targets|aim|ambition|goal|forecast|projected|planned)\b[^\n\t]{0,12}$")


def _table_type(ctx: Analysis, d: DateMention) -> str | None:
    """The kind of visit a date stands for by its place in a table or list, else None:

    - a date heading a column of a grade table ("Area    Jan 2020    May 2023", grades in the
      row below) is an inspection's, unless the column is a grade aimed for ("Target (autumn 2019)");
    - a date opening a row or list item ("   21 June 2022      Children in care") under a
      lead-in ending in ":" that names a kind of visit ("two monitoring visits ... in 2022/23:")
      is a visit of that kind.
    """
    text, low = ctx.text, ctx.low
    ls, le = _line_span(text, d.start)
    if le - ls > 400:
        return None   # a table row or list item is short; a wall of text is neither
    line = text[ls:le]
    if _wrapped_lead_row(ctx, ls, le, d):
        return "inspection"
    # a bulleted item opening on its date and a note in brackets ("• 21 and 22 May 2024 (children in
    # need ...). Inspectors reported early progress ...")
    noted = _BULLET_LEAD.fullmatch(text, ls, d.start) is not None and _NOTE_AFTER.match(text, d.end) is not None
    if not _CELLS.search(line) and not _CELL_GAP.match(text, d.end) and not noted:
        return None
    # a header row: two dates or more in cells, and grade words in the next line
    if sum(1 for x in ctx.dates_in(ls, le)) >= 2 and _CELLS.search(line):
        ns, ne = _line_span(text, le + 1) if le < len(text) else (le, le)
        if ctx.in_range("grades", ns, ne) and not _AIM_HEADER.search(low, max(ls, d.start - 25), d.start):
            return "inspection"
        return None
    if ctx.in_range("grades", d.end, le) and _CELLS.search(line) and _graded_rows_header(ctx, ls):
        # a cell of a row with a grade in it, under a header naming the column's inspections
        # ("Inspection    Published    Overall grade" over "Child protection    February 2013    Inadequate")
        return "inspection"
    # a row opening on the date, under a lead-in that names the visits
    if not (_ROW_LEAD.fullmatch(text, ls, d.start) and (_CELL_GAP.match(text, d.end) or noted)):
        return None
    pos = ls - 1
    for _ in range(8):   # back over blank lines, other rows and a header row to the lead-in
        if pos <= 0:
            return None
        ps, pe = _line_span(text, pos)
        prev = text[ps:pe]
        pos = ps - 1
        if not prev.strip() or _CELLS.search(prev) or ctx.dates_in(ps, min(pe, ps + 30)):
            continue
        if not prev.rstrip().endswith(":"):
            return None
        kinds = [m.lastgroup for m in _rx()["type"].finditer(low, ps, pe) if m.lastgroup in UNGRADED
                 or (m.lastgroup == "inspection" and m.group(0).lower() not in _rx()["grade_words"])]
        if noted and any(k in UNGRADED for k in kinds):
            # "Councils judged inadequate receive monitoring visits until they are re-inspected. Two
            # letters have been published since the spring:" over dated bullets: the visits'
            return [k for k in kinds if k in UNGRADED][-1]
        return kinds[-1] if kinds else None
    return None


#: A table header naming inspections and their grades: "Inspection    Published    Overall grade".
_GRADED_HEADER = re.compile(r"\binspections?\b.*\b(?:grade|grades|judgement|judgements|outcome|rating)\b", re.I)


def _graded_rows_header(ctx: Analysis, ls: int) -> bool:
    """Whether the lines above the row at ``ls`` (other rows, no blank line) are headed by a
    row of cells naming inspections and their grades, with no date in it."""
    text = ctx.text
    pos = ls - 1
    for _ in range(12):
        if pos <= 0:
            return False
        ps, pe = _line_span(text, pos)
        prev = text[ps:pe]
        pos = ps - 1
        if prev[:1] in (" ", "\t") and prev.strip() and not _CELLS.search(prev):
            continue   # a first cell wrapped onto its own line: " (November 2012)"
        if not prev.strip() or not _CELLS.search(prev):
            return False
        if not ctx.dates_in(ps, pe) and not ctx.in_range("grades", ps, pe):
            # (a row above with a grade and no date is another row: "Safeguarding and looked
            # after    Safeguarding – overall effectiveness    Adequate")
            return _GRADED_HEADER.search(prev) is not None
    return False


def _wrapped_lead_row(ctx: Analysis, ls: int, le: int, d: DateMention) -> bool:
    """Whether the line at ``ls`` carries on the first cell of a graded row above it, the date in
    that cell (" (November 2012)" under "Child protection inspection    Overall effectiveness
    Good"): the date is that row's."""
    text = ctx.text
    if text[ls:ls + 1] not in (" ", "\t") or ls == 0:
        return False
    ps, pe = _line_span(text, ls - 1)
    prev = text[ps:pe]
    gap = _CELLS.search(prev)
    return gap is not None and prev[:1] not in (" ", "\t") and d.end - ls <= gap.start() + 2 \
        and bool(ctx.in_range("grades", ps, pe)) and _graded_rows_header(ctx, ps)


def _months(y: int, m: int) -> int:
    return y * 12 + m


def _cluster(cands: list[Cand]) -> list[Cand]:
    """Group candidates that denote the same visit; the most specific fieldwork date leads."""
    groups: dict[tuple[str, str], list[Cand]] = {}
    for c in cands:
        groups.setdefault((c.la, c.vtype), []).append(c)
    out: list[Cand] = []
    for (_la, _vt), items in groups.items():
        items.sort(key=lambda c: (c.role == "pub", -_specificity(c.date), c.date.start))
        clusters: list[Cand] = []
        pending_pub: list[Cand] = []
        for c in items:
            d = c.date
            if c.role == "pub" or d.kind == "ago" or (c.role == "judged" and c.vtype == "inspection"):
                # a report's or a grade's date: joins a fieldwork date of the same visit if any
                pending_pub.append(c)
                continue
            target = _match_cluster(clusters, d)
            if target == "ambiguous":
                continue
            if target is None:
                c.members = [c]
                clusters.append(c)
            else:
                target.members.append(c)
        # oldest first, so that a report joins the visit before it
        # (a year alone last: "The 2023 report" is the report of January 2023 that joined its visit)
        pending_pub.sort(key=lambda c: (bool(c.date.year and not c.date.month), c.role == "pub",
                                        c.date.year or 9999, c.date.month or 13, c.date.start))
        for c in pending_pub:
            d = c.date
            target = _match_cluster(clusters, d)
            if target == "ambiguous":
                continue
            if target is None and d.year and d.month:
                # a publication up to six months after a fieldwork date is that visit's report;
                # failing that, a report is the latest visit's within a year (reports can be late)
                best = None
                for window in (6, 12):
                    if window == 12 and c.role == "judged":
                        break   # a grade's date a year after a fieldwork date is another visit's
                    for k in clusters:
                        kd = k.date
                        if window == 12 and k.role != "field":
                            continue   # a report a year after another report (or grade) is another visit's
                        if c.role == "pub" and k.role == "pub" and kd.year and kd.month \
                                and _months(d.year, d.month) - _months(kd.year, kd.month) >= 3:
                            continue   # "published in January 2013 ..., and a re-inspection published in July 2013": two reports
                        if kd.year and kd.month and 0 <= _months(d.year, d.month) - _months(kd.year, kd.month) <= window:
                            if best is None or kd.key > best.date.key:
                                best = k
                    if best is not None:
                        break
                if best is None:
                    # fieldwork "late last year", report in the first half of this year
                    year_only = [k for k in clusters if k.date.year and not k.date.month and k.role == "field"
                                 and (d.year == k.date.year or (d.year == k.date.year + 1 and d.month <= 6))]
                    best = year_only[-1] if len(year_only) == 1 else None
                target = best
            if target is None and d.year and not d.month:
                # "the report was published on 13 January 2023" (joined to fieldwork in late 2022),
                # then "The 2023 report found that ...": the visit that year's date joined
                owners = [k for k in clusters if any(m.date.year == d.year for m in k.members)]
                if not owners and d.kind == "later":
                    # "In November 2014 inspectors found ... inadequate. Three years on, the service
                    # ... is now good" beside a report of 29 January 2018: a count of years is
                    # rough, so the one visit of that year or the next
                    owners = [k for k in clusters if any(m.date.year in (d.year, d.year + 1) for m in k.members)]
                target = owners[0] if len(owners) == 1 else None
            if target is None and not d.year and d.month and c.role == "pub":
                # "the letter, published on 14 November, following the monitoring visit on 15 and 16
                # October" (no year said): the one year-less visit up to three months before
                near = [k for k in clusters if k.role == "field" and not k.date.year and k.date.month
                        and 0 <= (d.month - k.date.month) % 12 <= 3]
                target = near[0] if len(near) == 1 else None
            if target is None and d.year and not d.month and c.role == "pub":
                continue
            if target is None and d.kind == "ago":
                continue
            if target is None:
                c.members = [c]
                clusters.append(c)
            else:
                target.members.append(c)
        for i, k in enumerate(clusters):
            if k.date.year and not k.date.month:
                # "which Kingston had last year" with "Last July an inspection ... rated": the visit
                # is named by its month
                better = next((m for m in k.members if m.role != "pub" and m.date.year == k.date.year and m.date.month), None)
                if better is not None:
                    better.members = k.members
                    clusters[i] = better
        if len(clusters) > 1:
            clusters = _month_after_fieldwork(clusters, 3 if _vt == "inspection" else 1)
        out.extend(clusters)
    if len(out) > 1:
        out = _generic_joins_named(out)
        out = _report_of_ungraded(out)
    return out


def _report_of_ungraded(clusters: list[Cand]) -> list[Cand]:
    """An "inspection" known only by a publication date that an ungraded visit of the same
    authority also has as its letter's ("a letter ..., published today, following a two-day
    focused visit" and "the area today's letter looks at" in a sentence about the previous
    inspection) is that visit's letter, not another inspection (rule ``inspections.cluster``)."""
    keep: list[Cand] = []
    for k in clusters:
        host = None
        if k.vtype == "inspection" and all(m.role == "pub" for m in k.members or [k]) and k.date.month:
            when = (k.date.year, k.date.month, k.date.start_date)
            host = next((o for o in clusters if o is not k and o.la == k.la and o.vtype in UNGRADED
                         and any(m.role == "pub" and (m.date.year, m.date.month, m.date.start_date) == when
                                 for m in o.members or [o])), None)
        if host is not None:
            host.members.extend(k.members or [k])
        else:
            keep.append(k)
    return keep


def _generic_joins_named(clusters: list[Cand]) -> list[Cand]:
    """A visit typed only by a generic word ("Ofsted inspectors visited our service for care leavers
    in October") in the month of a named ungraded visit of the same authority ("a focused visit to
    our services for care leavers on 19 and 20 October 2022") is that visit (rule ``inspections.cluster``)."""
    keep: list[Cand] = []
    for k in clusters:
        host = None
        if k.vtype == "inspection" and k.rule.endswith((".generic", ".default")) and k.date.month \
                and all(m.rule.endswith((".generic", ".default")) for m in k.members or [k]):
            host = next((o for o in clusters if o is not k and o.la == k.la and o.vtype in UNGRADED
                         and o.date.month == k.date.month and k.date.year in (o.date.year, None)), None)
        if host is not None:
            host.members.extend(k.members or [k])
        else:
            keep.append(k)
    return keep


def _month_after_fieldwork(clusters: list[Cand], window: int) -> list[Cand]:
    """An inspection known only by a month (no day) up to three months (``window``) after an
    inspection's fieldwork days is that inspection, named by its report's month ("| ILACS (January
    2022)" over fieldwork "between 15 and 26 November 2021"): full inspections are years apart. An
    ungraded visit's letter comes the month after, and such visits are months apart: the window is
    one month ("Focused visit letter, February 2025" after "a focused visit on 15 and 16 January
    2025") (rule ``inspections.cluster``)."""
    keep: list[Cand] = []
    for k in clusters:
        kd = k.date
        host = None
        if kd.year and kd.month and kd.start_date is None:
            for f in clusters:
                fd = f.date
                # (a letter published the month after a visit dated by its month alone: "In
                # September, Ofsted made a two-day focused visit ... The letter, published in October")
                if f is not k and fd.year and fd.month and (
                        (f.role == "field" and fd.start_date is not None)
                        or (window == 1 and f.vtype == k.vtype and _published(k) and not _published(f))) \
                        and 0 < _months(kd.year, kd.month) - _months(fd.year, fd.month) <= window:
                    host = f
                    break
        if host is not None:
            host.members.extend(k.members or [k])
        else:
            keep.append(k)
    return keep


def _published(k: Cand) -> bool:
    """Whether a visit's dates include its report's or letter's publication date."""
    return any(m.role == "pub" for m in (k.members or [k]))


def _match_cluster(clusters: list[Cand], d: DateMention):
    hits = []
    month_only: list[Cand] = []   # visits dated in the month of a date that names no year
    for k in clusters:
        kd = k.date
        if kd.month and d.month and (kd.year or 0) == (d.year or 0) and d.month == kd.month + 1 \
                and any(0 <= d.start - m.date.end <= 5 for m in k.members):
            # "in late April and early May": one visit over the turn of a month
            return k
        if d.year is None and kd.year is None:
            if d.month and d.month == kd.month:
                hits.append(k)
        elif d.year is not None and kd.year is not None and d.year == kd.year:
            if d.month is None or kd.month is None or d.month == kd.month:
                hits.append(k)
        elif d.year is None and d.month and d.month == kd.month:
            month_only.append(k)
    if not hits:
        # "its focused visit in July" with one focused visit dated July of some year: that visit
        # (with two, which is not said)
        return None if not month_only else month_only[0] if len(month_only) == 1 else "ambiguous"
    if len(hits) > 1 and d.month is None:
        return "ambiguous"
    return hits[0]


# --------------------------------------------------------------------------------------------
# attributes


def _sent_ids(c: Cand, dated: bool = False) -> frozenset:
    """The sentence indices a visit's dates occur in (cached on the cluster)."""
    ids = c.ids_dated if dated else c.ids
    if ids is None:
        ids = frozenset(m.sent.index for m in c.members if not dated or m.date.year is not None)
        if dated:
            c.ids_dated = ids
        else:
            c.ids = ids
    return ids


def _clean_name(name: str) -> str:
    return _rx()["title"].sub("", name.strip())


def _ordinals(ctx: Analysis, clusters: list[Cand]) -> None:
    rx = _rx()
    if not any(c.vtype == "monitoring_visit" for c in clusters):
        return  # ordinals only ever attach to monitoring visits
    vocab = visits_vocab()["ordinals"]
    unattached: list[tuple[int, str | None, int]] = []
    for m in rx["ordinal"].finditer(ctx.low):
        tail = ctx.low[m.end():m.end() + 40]
        if rx["not_series"].match(tail):
            ctx.memo.setdefault("inspections.fired", set()).add("inspections.not_in_series")
            continue
        n = vocab[m.group("ord").lower()]
        sent = ctx.sentence_at(m.start())
        las = ctx.attribute(m.start(), sent, prefer_after=True)
        code = las[0].la_code if las else None
        # the dated visit right after the ordinal in the same sentence
        best = None
        for c in clusters:
            if c.vtype != "monitoring_visit" or c.ordinal is not None or sent.index not in _sent_ids(c):
                continue
            for mem in c.members:
                if mem.sent is sent and 0 <= mem.date.start - m.end() <= 60:
                    best = c
        if best is not None:
            best.ordinal = n
        else:
            unattached.append((m.start(), code, n))
    # an ordinal with no date of its own belongs to the latest monitoring visit of its authority
    for _pos, code, n in sorted(unattached, key=lambda x: -x[2]):
        mvs = [c for c in clusters if c.vtype == "monitoring_visit" and (code is None or c.la == code)]
        if not mvs:
            continue
        latest = max(mvs, key=lambda c: (c.date.year or 9999, c.date.month or 0))
        if latest.ordinal is None and not any(c.ordinal == n for c in mvs):
            latest.ordinal = n


def _progress_visits(ctx: Analysis, clusters: list[Cand]) -> None:
    """A visit of no stated kind whose own sentence finds progress and names no grade is a
    monitoring visit (rule ``inspections.progress``): only those judge progress ("In April 2024
    inspectors looked at achieving permanence and found modest progress.")."""
    if "progress" not in ctx.low:
        return
    rx = _rx()
    for c in clusters:
        if c.vtype != "inspection" or not all(m.rule.endswith(".generic") for m in c.members):
            continue
        sents = {m.sent.index: m.sent for m in c.members}
        if any(rx["progress"].search(ctx.low, s.start, s.end) and not ctx.grades_in(s.start, s.end) for s in sents.values()):
            c.vtype = "monitoring_visit"


def _progress(ctx: Analysis, clusters: list[Cand], rows: dict[int, dict]) -> None:
    rx = _rx()
    ungraded = [c for c in clusters if c.vtype in UNGRADED]
    if not ungraded:
        return
    used: set[int] = set()
    leftovers = []
    if "progress" not in ctx.low:
        return  # every progress phrase ends in "progress"
    for m in rx["progress"].finditer(ctx.low):
        phrase = ctx.text[m.start():m.end()]
        sent = ctx.sentence_at(m.start())
        target = None
        # same sentence as a dated ungraded visit
        for c in ungraded:
            if sent.index in _sent_ids(c):
                target = c
        # an ordinal reference: "The 4th visit had found positive progress"
        if target is None:
            om = rx["ordinal"].search(ctx.low, sent.start, sent.end)
            if om:
                n = visits_vocab()["ordinals"][om.group("ord").lower()]
                for c in ungraded:
                    if c.ordinal == n:
                        target = c
        # the sentence right after a dated ungraded visit
        if target is None:
            for c in ungraded:
                if (sent.index - 1) in _sent_ids(c, dated=True) and \
                        _VISIT_SUBJECT.match(ctx.text[sent.start:sent.start + 20]):
                    target = c
        if target is not None and id(target) not in used:
            rows[id(target)]["progress"] = phrase
            used.add(id(target))
        elif target is None:
            las = ctx.attribute(m.start(), sent)
            leftovers.append((phrase, las[0].la_code if las else None))
    for phrase, code in leftovers:
        cands = [c for c in ungraded if id(c) not in used and (code is None or c.la == code)]
        if not cands:
            continue
        latest = max(cands, key=lambda c: (c.date.year or 9999, c.date.month or 0))
        rows[id(latest)]["progress"] = phrase
        used.add(id(latest))


def _lead_inspectors(ctx: Analysis, clusters: list[Cand], rows: dict[int, dict]) -> None:
    rx = _rx()
    if not clusters:
        return
    found = sorted((m for pat, gate in zip(rx["lead"], rx["lead_gates"]) if any(map(ctx.low.__contains__, gate))
                    for m in pat.finditer(ctx.text)), key=lambda m: m.start())
    for m in found:
        name = m.group("name")
        if not name:
            continue
        name = _clean_name(name)
        if _NOT_A_NAME.match(name):
            continue
        sent = ctx.sentence_at(m.start())
        target = None
        for c in clusters:
            if sent.index in _sent_ids(c):
                target = c
        if target is None:
            las = ctx.attribute(m.start(), sent)
            code = las[0].la_code if las else None
            cands = [c for c in clusters if code is None or c.la == code]
            if not cands:
                continue
            target = max(cands, key=lambda c: (c.date.year or 9999, c.date.month or 0, c.vtype != "inspection"))
        if rows[id(target)]["lead_inspector"] is None:
            rows[id(target)]["lead_inspector"] = name


def _themes(ctx: Analysis, clusters: list[Cand], rows: dict[int, dict]) -> None:
    rx = _rx()
    line = rx["theme_line"].search(ctx.low) if ":" in ctx.low and ("theme" in ctx.low or "focus" in ctx.low) else None
    for c in clusters:
        if c.vtype not in UNGRADED:
            continue
        theme = None
        if line and (len(ctx.la_codes) <= 1):
            theme = ctx.text[line.start("theme"):line.end("theme")].strip()
        if theme is None:
            seen = set()
            for mem in c.members:
                if mem.sent.index in seen:
                    continue
                seen.add(mem.sent.index)
                for s in (mem.sent, ctx.sentences[min(mem.sent.index + 1, len(ctx.sentences) - 1)]):
                    pat = rx["jtai_theme"] if c.vtype == "jtai" else rx["theme"]
                    tm = pat.search(ctx.low, s.start, s.end)
                    if tm:
                        theme = ctx.text[tm.start("theme"):tm.end("theme")].strip()
                        break
                if theme:
                    break
        if theme is None and c.vtype == "jtai":
            first = ctx.sentences[0]
            tm = rx["jtai_theme"].search(ctx.low, first.start, first.end)
            if tm:
                theme = ctx.text[tm.start("theme"):tm.end("theme")].strip()
        rows[id(c)]["theme"] = theme


def _framework_in(text: str, order) -> str | None:
    """The first framework of ``order`` named in ``text`` (a cheap word check before each pattern)."""
    rx = _rx()
    for fw in order:
        if any(map(text.__contains__, rx["fw_gate"][fw])) and _word_search(rx["fw_bare"][fw], text):
            return fw
    return None


def _framework_of_cell(ctx: Analysis, d: DateMention) -> str | None:
    """The framework named in the table cell of ``d`` (between the bars around it), or None
    (generic "ILACS" names no short or standard one)."""
    lo = ctx.low.rfind("|", 0, d.start) + 1
    line_start = ctx.low.rfind("\n", 0, d.start) + 1
    lo = max(lo, line_start)
    hi = ctx.low.find("|", d.end)
    line_end = ctx.low.find("\n", d.end)
    hi = min(x for x in (hi, line_end, len(ctx.low)) if x >= 0)
    return _framework_in(ctx.low[lo:hi], ("ilacs_short", "ilacs_standard", "sif", "other"))


def _word_search(bare: re.Pattern, text: str) -> bool:
    r"""Whether ``\b`` + ``bare`` matches in ``text``, where every match of ``bare`` starts with a
    letter. A pattern opening with ``\b`` is tried at every position; one opening with its words'
    letters lets the engine skip to where one could start (about three times as fast)."""
    pos = 0
    while (m := bare.search(text, pos)) is not None:
        start = m.start()
        if start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_"):
            return True
        pos = start + 1
    return False


def _frameworks(ctx: Analysis, clusters: list[Cand], rows: dict[int, dict]) -> None:
    rx = _rx()
    for c in clusters:
        if c.vtype != "inspection":
            continue
        fw = None
        for mem in c.members:
            s = ctx.low[mem.sent.start:mem.sent.end]
            fw = _framework_in(s, ("ilacs_short", "ilacs_standard", "sif", "other"))
            if fw and "|" in s:
                # a table's header naming a framework per column ("| SIF (April 2017) | ILACS
                # (January 2022)"): the framework of the date's own cell
                fw = _framework_of_cell(ctx, mem.date)
            if fw:
                break
        rows[id(c)]["framework"] = fw
    # document-level cues name the framework of each authority's latest inspection
    latest: dict[str, Cand] = {}
    for c in clusters:
        if c.vtype == "inspection":
            cur = latest.get(c.la)
            if cur is None or (c.date.year or 9999, c.date.month or 0) > (cur.date.year or 9999, cur.date.month or 0):
                latest[c.la] = c
    doc_fw = doc_other = None
    for c in latest.values():
        if rows[id(c)]["framework"] is not None:
            continue
        if doc_fw is None:
            doc_fw = _framework_in(ctx.low, ("ilacs_short", "ilacs_standard")) or ""
        if doc_fw:
            rows[id(c)]["framework"] = doc_fw
        elif (c.date.year or 0) <= 2013:
            if doc_other is None:
                doc_other = _framework_in(ctx.low, ("other",)) or ""
            if doc_other:
                rows[id(c)]["framework"] = "other"


def extract_inspections(ctx: Analysis) -> list[dict]:
    """One row per inspection or visit that the text dates, with the columns of FACT_SCHEMAS.

    >>> from ofsted.model import Document
    >>> from ofsted.extract.analysis import analyse
    >>> text = ("Ofsted's 4th monitoring visit to Wigan Council, in March 2024, found steady progress. "
    ...         "Wigan was judged inadequate in 2022.")
    >>> rows = extract_inspections(analyse(Document("d", "d.txt", text, "0" * 64)))
    >>> [(r["visit_type"], r["year"], r["month"], r["ordinal"], r["progress"]) for r in rows]
    [('monitoring_visit', 2024, 3, 4, 'steady progress'), ('inspection', 2022, None, None, None)]
    """
    return [{k: r[k] for k in COLUMNS} for r in read_inspections(ctx).rows]


@dataclass
class InspectionReading:
    """The rows of a document (with ``_rules``, the rules behind each) and the dates set aside."""

    rows: list[dict]
    dropped: list[DroppedDate]


def read_inspections(ctx: Analysis) -> InspectionReading:
    """The inspections of a document with the rules behind each and the dates that gave none."""
    if not ctx.has_authority:
        return InspectionReading([], [])
    dropped: list[DroppedDate] = []
    clusters = _cluster(_candidates(ctx, dropped))
    _progress_visits(ctx, clusters)
    _ordinals(ctx, clusters)
    rows: dict[int, dict] = {}
    for c in clusters:
        lead = c
        for mem in c.members:
            if mem.role != "pub" and (lead.role == "pub" or _specificity(mem.date) > _specificity(lead.date)):
                lead = mem
        ld = lead.date
        if lead.role != "field" and ld.year and ld.month and ld.start_date is None:
            # "after a two-week inspection in July, Ofsted judged ..." with "Luton – Requires
            # improvement (September 2022)": a grade's month, no day, up to three months after a
            # month the visit is dated by in the text is its report's; the visit's own month names it
            own = [m for m in c.members if m.role != "pub" and m.date.year and m.date.month
                   and 0 < _months(ld.year, ld.month) - _months(m.date.year, m.date.month) <= 3]
            if own:
                lead = min(own, key=lambda m: m.date.key)
        if lead.date.year and not lead.date.month:
            # "judged inadequate in 2014 and, at the re-inspection published in December 2017, ...
            # as leadership had been in 2017": the report's month of that year names the visit best
            # (a rough count of years, "Three years on", the report of that year or the next)
            years = (lead.date.year, lead.date.year + 1) if lead.date.kind == "later" else (lead.date.year,)
            lead = next((m for m in c.members if m.role == "pub" and m.date.year in years and m.date.month), lead)
        d = lead.date
        field_dates = lead.role == "field" or d.kind in ("range1", "range2")
        rows[id(c)] = {
            "inspection_id": None,
            "la_code": c.la,
            "subject": c.subject,
            "visit_type": c.vtype,
            "framework": None,
            "date_text": d.text,
            "year": d.year,
            "month": d.month,
            "start_date": d.start_date if field_dates else None,
            "end_date": d.end_date if field_dates else None,
            "ordinal": c.ordinal if c.vtype == "monitoring_visit" else None,
            "theme": None,
            "progress": None,
            "lead_inspector": None,
            "evidence": lead.sent.text,
            "start_char": lead.sent.start,
            "end_char": lead.sent.end,
            "rule": lead.rule,
            "_rules": sorted({r for m in c.members for r in m.rules} | ({"inspections.cluster"} if len(c.members) > 1 else set())),
            "_dates": [(m.date.start, m.date.end, m.role) for m in c.members],
            "_pub": max((m.date.key for m in c.members if m.role == "pub" and m.date.year), default=None),
            "_spec": _specificity(d),
            "_pos": min(m.date.start for m in c.members),
        }
    _progress(ctx, clusters, rows)
    _lead_inspectors(ctx, clusters, rows)
    _themes(ctx, clusters, rows)
    _frameworks(ctx, clusters, rows)
    ordered = sorted(rows.values(), key=lambda r: (r["_pos"],))
    for n, r in enumerate(ordered, 1):
        r["inspection_id"] = f"{ctx.doc.doc_id}-i{n}"
        for col, rule in (("ordinal", "ordinal"), ("progress", "progress"), ("lead_inspector", "lead_inspector"),
                          ("theme", "theme"), ("framework", "framework")):
            if r[col] is not None:
                r["_rules"].append(f"inspections.{rule}")
    return InspectionReading(ordered, dropped)


def example_facts(text: str) -> list[ExampleFact]:
    """The visits of a one-off document as ``<kind> <year>-<month>`` with `` #<ordinal>``,
    `` progress=…``, `` lead=…``, `` theme=…`` and `` framework=…`` where set; a date set aside
    records the rule that set it aside. A text naming no authority is read as a story about Wigan
    Council (a first line is added); a dateline on its first lines dates it."""
    from ofsted.extract.analysis import analyse
    from ofsted.model import Document

    a = analyse(Document("example", "example.txt", text, "0" * 64))
    if not a.has_authority:
        a = analyse(Document("example", "example.txt", "Wigan Council\n" + text, "0" * 64))
    reading = read_inspections(a)
    out = []
    for r in reading.rows:
        fact = f"{r['visit_type']} {r['year']}-{r['month']}"
        for col, label in (("ordinal", "#"), ("progress", " progress="), ("lead_inspector", " lead="),
                           ("theme", " theme="), ("framework", " framework=")):
            if r[col] is not None:
                fact += (" #" if label == "#" else label) + str(r[col])
        out.append(ExampleFact(fact, frozenset(r["_rules"])))
    for d in reading.dropped:
        out.append(ExampleFact("", frozenset({d.rule})))
    if "inspections.main_types" in a.memo:
        a.memo["inspections.main_types"].resolve()   # the rules it fires, even where no visit needed it
    fired = a.memo.get("inspections.fired")
    if fired:
        out.append(ExampleFact("", frozenset(fired)))
    return out
