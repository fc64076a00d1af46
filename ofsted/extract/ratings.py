"""Ratings: one row per authority and judgement area the text grades or describes as changed.

Each row is the most recent grade the text gives for that area, with the grade before it as
``previous_rating`` (older grades are not rows). The rules and their vocabularies are data,
``ofsted/data/rules/ratings.yaml``, each with the literal sentences that pin it; this module
composes them. How a document is read:

1. Lines and tables first ("Overall effectiveness: Good", "Children in care   Good   RI").
2. Every other sentence that holds a grade or a change word becomes a *skeleton*: each mention
   of the shared analysis is one symbol (Ⓖ grade, Ⓐ area, Ⓠ quantified areas, Ⓛ authority or
   provider, Ⓑ another body, Ⓓ date, Ⓢ the services), the rest of the text stays, lower-cased,
   with direct speech blanked. The rule patterns run on the skeleton, so one pattern covers every
   wording of every grade, area and authority.
3. Statements: change constructions take their grades first ("from X to Y", "up from X", "rose
   two grades to Y", "remains X", "no longer X", ", previously X,"); any other grade needs a
   frame (a grading verb before it, "for <area>", "overall" or a grade noun after it).
4. A statement's role: hoped for, another body's, a national count or of unnamed areas drop it
   (``Dropped`` says why); its time comes from a date right after it, an earlier date in the
   sentence or past markers.
5. Areas by composition: those listed after the grade, "overall", quantified areas (the
   judgements of the framework in force), the nearest area group before it, else overall
   effectiveness when the grade is said of the authority, its company or its services; "…, as
   was X" copies a grade to X.
6. Per authority and area the latest grade wins; the previous rating is the explicit one, else the
   latest earlier grade; the change follows from the ranks.

>>> from ofsted.model import Document
>>> from ofsted.extract.analysis import analyse
>>> text = "Wigan Council's children's services have been rated good, up from requires improvement."
>>> [(r["area"], r["rating"], r["previous_rating"], r["change"]) for r in
...  extract_ratings(analyse(Document("d", "d.txt", text, "0" * 64)), [])]
[('overall_effectiveness', 'good', 'requires_improvement', 'improved')]
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Union

from ofsted.extract import fast_re as re   # re itself, with patterns that scan for their first character
from ofsted.extract.analysis import Analysis, Sentence, related_blocks
from ofsted.extract.mentions import find_areas, rank_of
from ofsted.extract.regex_tools import guarded, has_any, pieces
from ofsted.extract.rules import ExampleFact, load_rules, trie_words
from ofsted.model import FACT_SCHEMAS

COLUMNS = tuple(FACT_SCHEMAS["ratings"])
INF = (99999, 99)
NEG_INF = (-1, -1)
COMBINED = "children_in_care+care_leavers"
SYMBOLS = {"grade": "Ⓖ", "area": "Ⓐ", "quantifier": "Ⓠ", "authority": "Ⓛ", "body": "Ⓑ", "date": "Ⓓ", "subject": "Ⓢ"}
#: Which mention wins when two overlap (same start, same length).
_PRIORITY = {"authority": 0, "area": 1, "quantifier": 2, "grade": 3, "date": 4, "body": 5, "subject": 6}
ORDER = ["outstanding", "good", "requires_improvement", "inadequate"]
#: The judgements each framework grades (the LSCB review was graded apart, so never by count).
FRAMEWORK_AREAS = {
    "ilacs_2023": ("overall_effectiveness", "leadership", "help_and_protection", "children_in_care", "care_leavers"),
    "ilacs_2018": ("overall_effectiveness", "leadership", "help_and_protection", "children_in_care"),
    # the single inspection framework (2013-18) made six judgements of the council (the
    # safeguarding board's was a review of its own); only a count of six says it is meant
    "sif_2013": ("overall_effectiveness", "help_and_protection", "children_in_care", "adoption", "care_leavers", "leadership"),
}


# --------------------------------------------------------------------------------------------
# rules


@lru_cache(maxsize=1)
def _rules():
    return load_rules("ratings")


def _compile(rule_id: str, flags: int = 0) -> re.Pattern:
    return re.compile(guarded(_rules().pattern(rule_id, trie=True)), flags)


def _words(*keys: str) -> str:
    rs = _rules()
    return trie_words(w for k in keys for w in rs.vocab(k))


@lru_cache(maxsize=1)
def rx() -> dict:
    rs = _rules()
    keys = ("from_to", "step", "change_to", "same", "same_after", "no_longer", "lost", "out_of", "years_at",
            "previously_aside", "from_after", "same_as_before", "direction", "areas_after", "area_list",
            "overall", "overall_before", "quantified", "copy", "same_grades", "negated", "aside", "area_grade_pair",
            "grade_anaphora", "same_verb_before", "legend", "past_clause", "area_anaphora", "past_paragraph",
            "paragraph_date", "aside_grade", "fronted_participle", "given_to", "same_as_sentence_before",
            "grade_as_subject", "same_way", "denied_after", "verb_grade_areas", "same_for_quantified", "shared_subject", "dated_by_next", "work_in_place", "generic", "compared_when", "threshold", "any_council", "verb_require", "at_activity", "question", "denied_claim", "held_rating", "only_not", "every_council", "restated_first", "relative_area")
    out = {k: _compile(f"ratings.{k}") for k in keys}
    out.update({
        "verb": re.compile(guarded(rf"\b(?:{_words('grading_verbs', 'copulas')})\b")),
        "except": re.compile(rf"\b(?:{_words('except_words')})\b"),
        # "For the second inspection running, overall effectiveness was judged ...": fronted
        "same_fronted": re.compile(rf"^\W*(?:\d+(?:\.\d+)*\s+)?(?:(?:{_words('same_after')})\s*,|(?:it|this)\s+(?:is|was)\s+the\s+"
                                   r"(?:second|third|fourth)\s+(?:consecutive\s+)?(?:time|inspection)(?:\s+running|\s+in\s+a\s+row)?\s+(?:that|in\s+which|when|at\s+which)\b)"),
        "noun_after": re.compile(rf"^\s*['’\"”]?\s*(?:overall\s+)?(?:{_words('grade_nouns')})\b"),
        "for_after": re.compile(r"^\s*(?:overall\s+)?(?:and\s+)?for\s(?!wh(?:om|o|at|ich)\b)"),   # not "outstanding for whom?"
        # "Ⓖ in Ⓠ", "Ⓖ – Ⓠ", "Ⓖ, in Ⓠ the inspectors make" (a comma only before the preposition)
        "quant_after": re.compile(r"^\s*(?:[–—-]\s*|,\s*(?=(?:in|across|for|on)\s))?(?:(?:in|across|for|on)\s+)?Ⓠ"),
        "hedge": re.compile(guarded(rf"\b(?:{_words('hedges_before')})(?:\b|$)")),
        # "would also remind ... that", "would like to point out that": a polite speech act, no hypothesis
        "polite": re.compile(rf"(?:would|should|could)\s+(?:also\s+|just\s+|only\s+)?(?:like\s+to\s+)?(?:{_words('polite_verbs')})\b[^.;:]*?\bthat\b"),
        "wish": _compile("ratings.hedged"),
        # "wants to keep its outstanding rating": a wish to keep the grade it has
        "wish_to_before": re.compile(rf"\b(?:{_words('wish_verbs')})\s+(?:[a-z'’]+\s+){{0,2}}?to\s+$"),
        # right after the grade, or after the areas it is given ("good in all judgements at the next
        # full inspection")
        "hedge_after": re.compile(rf"\s*['’\"”]?(?:\s+(?:{_words('grade_nouns')}))?(?:\s+(?:in|for|across|on)\s+[^,.;:\n]{{1,40}}?)?\s*(?:{_words('hedges_after')})"),
        "present_verb": re.compile(rf"\b(?:{_words('present_verbs')})\b"),
        "note_previous": re.compile(rf"\b(?:{_words('note_previous')})\b"),
        "note_same": re.compile(rf"\b(?:{_words('note_same')})\b"),
        "hedge_end": re.compile(rf"\b(?:{_words('hedge_scope_ends')})\s+(?:[a-z'’]+\s+){{0,3}}?"
                                rf"(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:already\s+|also\s+|previously\s+|again\s+|first\s+)?"
                                rf"(?:rated|judged|graded|found|deemed|assessed)\b"
                                # ", which rated its children's services ...": a report's own grading
                                r"|,\s*which\s+(?:has\s+|had\s+)?(?:rated|judged|graded|found)\b"
                                # "The one area not to reach the top grade was help and protection, which was
                                # rated good": the relative clause's own grading
                                r"|,\s*which\s+(?:was|were|is|are|has\s+been|had\s+been)\s+(?:also\s+|only\s+)?(?:rated|judged|graded|found)\b"
                                # "The one judgement that did not reach the top grade was care leavers, which
                                # Ofsted rated good": the inspectorate's own grading
                                r"|,\s*which\s+(?:ofsted|the\s+inspectors|inspectors)\s+(?:has\s+|had\s+|also\s+)?(?:rated|judged|graded|found)\b"),
        "distractor": re.compile(guarded(rf"\b(?:{_words('distractor_words')})\b")
                                 + "|" + guarded(rf"\b(?:{_words('grading_bodies')})\b\s+(?:(?:has|have|had|also)\s+)?(?:{_words('grading_body_verbs')})\b")),
        "distractor_cs": re.compile(rf"\b(?:{'|'.join(map(re.escape, rs.vocab('distractor_case_sensitive')))})\b"),
        "unnamed": re.compile(rf"\b(?:{_words('unnamed_areas')})\s+(?:{_words('area_nouns_unnamed')})\b"),
        "past": re.compile(guarded(rf"\b(?:{_words('past_markers', 'pluperfect_markers')})\b")
                           + r"|(?<!since\s)\bthen(?=\s*(?:[,.;:]|and\b|too\b|$))"),
        # the past in a record of a meeting, whose pluperfect is only the tense of reporting
        "past_reported": re.compile(guarded(rf"\b(?:{_words('past_markers')})\b")
                                    + r"|(?<!since\s)\bthen(?=\s*(?:[,.;:]|and\b|too\b|$))"),
        "record_of_meeting": _compile("ratings.record_of_meeting", re.M),
        # a past marker that points back to the time a paragraph opens with ("at that time")
        "frame": re.compile(rf"(?:{_words('frame_markers')})|then"),
        "present": re.compile(guarded(rf"\b(?:{_words('present_markers')})\b")),
        "past_before": re.compile(rf"\b(?:{_words('past_before_markers')})\s*$"),
        "rise": re.compile(rf"\b(?:{_words('rise_verbs', 'step_up')})\s*$"),
        "fall": re.compile(rf"\b(?:{_words('fall_verbs', 'step_down')})"),
        "change_word_before": re.compile(
            rf"(?:\b(?:{_words('rise_verbs', 'fall_verbs')})(?:\s+\S+){{0,3}}|\bup|\bdown|\bstep\s+\w+|\bmoving|\bmoved)\s*$"),
        "compared_before": re.compile(rf"\b(?:{_words('from_cues')}|since)\s*(?:the\s+)?$"
                                      # "outstanding, three steps above their 2014 grade": a comparison's date
                                      r"|\b(?:above|below|than)\s+(?:its|their|the)\s+$"
                                      # "outstanding, each a grade higher than at the last inspection in 2017"
                                      r"|\b(?:higher|lower|better|worse)\s+than\b[^;.Ⓖ]*$"
                                      # "requires improvement overall – roughly where it stood in 2012"
                                      r"|\bwhere\s+(?:it|they|we)\s+(?:stood|was|were|had\s+been)\s+(?:in|at)\s+(?:the\s+)?$"
                                      # "rated good, a step up from the grade they received four years ago"
                                      # ("... by Ofsted, an improvement on the verdict they received four years ago")
                                      rf"|\b(?:{_words('from_cues')}|than|on)\s+(?:the|its|their)\s+(?:grades?|ratings?|judge?ments?|verdicts?)\b[^,;.Ⓖ]*$"),
        "combined_cue": re.compile(rf"\b(?:{_words('combined_cues')})\b"),
        "combined_count": re.compile(rf"\b(?:{_words('combined_counts')})\b"),
        "table_previous": re.compile(rf"\b(?:{_words('table_previous')})\b"),
        "table_current": re.compile(rf"\b(?:{_words('table_current')})\b"),
        "table_target": re.compile(rf"\b(?:{_words('table_target')})\b"),
    })
    return out


_GRADING_PARTS = ("rated", "judged", "graded", "found", "given", "required", "deemed", "assessed", "inspected",
                  "inspection", "been", "being", "also", "the", "at", "it", "was", "were", "they")


@lru_cache(maxsize=1)
def gates() -> dict[str, tuple[str, ...]]:
    """For the patterns that start with a word list: literal pieces one of which any match holds
    (``regex_tools.pieces``). A text holding none is not searched: the same results, and a
    substring test costs a fraction of a scan (most sentences hold none of most lists)."""
    rs = _rules()

    def words(*keys: str) -> list[str]:
        return [w for k in keys for w in rs.vocab(k)]

    return {
        "from": pieces(words("from_cues")),                                   # from_to, from_after
        "change_to": pieces(words("rise_verbs", "fall_verbs")),
        "same": pieces(words("same_verbs", "keep_verbs")),
        "lost": pieces(words("lose_verbs")),
        "direction": pieces(words("direction_up", "direction_down") + ["improvement"]),
        "distractor": pieces(words("distractor_words", "grading_bodies")),
        "distractor_cs": tuple(words("distractor_case_sensitive")),          # matched as written
        "negated": pieces(words("negations")),
        "unnamed": pieces(words("area_nouns_unnamed")),
        # past markers: a grading verb is in most clauses before a grade, "had" or "once" is not
        "past": pieces(words("past_markers", "pluperfect_markers") + ["then"], avoid=_GRADING_PARTS),
        "same_after": pieces(words("same_after")) + ("both",),                # after a plain grade ("in both 2020 and 2022")
        "again": pieces(words("again_words")),                                # same_verb_before
    }


def _from_direction(cue: str, left: str) -> str | None:
    """The direction a from-cue says ("up from", "a drop from"), or the change word before it."""
    r = rx()
    if r["fall"].search(cue) or cue.startswith(("down", "a step down", "a fall", "a drop", "a decline", "a deterioration", "a downgrade")):
        return "declined"
    if cue != "from" and not cue.startswith(("compared",)):
        return "improved"
    if r["rise"].search(left):
        return "improved"
    if r["fall"].search(left[-40:]):
        return "declined"
    return None


def shift(label: str | None, steps: int, direction: str | None) -> str | None:
    """The grade ``steps`` below (improved) or above (declined) a grade on the four-point scale.

    >>> shift("good", 2, "improved"), shift("requires_improvement", 1, "declined")
    ('inadequate', 'good')
    """
    if label == "adequate":
        label = "requires_improvement"
    if label not in ORDER:
        return None
    i = ORDER.index(label) + (steps if direction == "improved" else -steps)
    return ORDER[i] if 0 <= i < len(ORDER) else None


def rating_scale(rating: str | None, previous: str | None) -> str:
    """The scale of a row: the four-point scale's, or the legacy one's (2009-13) when a grade is
    "adequate" and the rating is a label of it. "Requires improvement, the same as the adequate of
    2012" is a rating of the four-point scale whose previous grade is a legacy one.

    >>> rating_scale("good", "adequate"), rating_scale("requires_improvement", "adequate")
    ('ofsted_legacy', 'ofsted_4')
    """
    if "adequate" in (rating, previous) and rating != "requires_improvement":
        return "ofsted_legacy"
    return "ofsted_4"


def change_of(rating: str | None, previous: str | None) -> str | None:
    """The change between two grades, from their ranks.

    >>> change_of("good", "inadequate"), change_of("good", "good"), change_of(None, "good")
    ('improved', 'unchanged', None)
    """
    r, p = rank_of(rating), rank_of(previous)
    if r is None or p is None:
        return None
    return "improved" if r < p else "declined" if r > p else "unchanged"


# --------------------------------------------------------------------------------------------
# skeletons


@dataclass(slots=True)
class Item:
    """One mention in a sentence's skeleton (masked-text span, and the mention itself)."""

    kind: str
    start: int
    end: int
    ref: Any                    # the mention: a grade, area, quantifier or subject mention
    sk: int = -1


@dataclass(slots=True)
class Skeleton:
    """A sentence with each mention replaced by one symbol (see ``SYMBOLS``)."""

    sent: Sentence
    s: str
    items: list[Item]
    at: dict[int, Item]
    off: list[int]              # skeleton position -> masked offset (one past the end too)
    clauses: dict[int, str] = field(default_factory=dict)
    aside_spans: list[tuple[int, int]] | None = None   # ``_asides``, made once per sentence
    by_kind: dict[str, list[Item]] = field(default_factory=dict)   # the items of each kind, in order

    def item(self, pos: int) -> Item:
        return self.at[pos]

    def clause_before(self, k: int) -> str:
        """The skeleton from the last clause mark (``_CLAUSE``) before position ``k`` up to it;
        kept, since several rules read the clause before one grade."""
        got = self.clauses.get(k)
        if got is None:
            head = self.s[:k]
            if ";" in head or ":" in head or "while" in head or "whereas" in head or "but" in head:
                got = _CLAUSE.split(head)[-1]
            else:
                got = head   # no clause mark: the split would return it whole
            self.clauses[k] = got
        return got

    def of_kind(self, kind: str, lo: int = 0, hi: int | None = None) -> list[Item]:
        """The items of one kind at skeleton positions ``lo <= sk < hi`` (in order)."""
        items = self.by_kind.get(kind)
        if not items:
            return []
        if lo <= 0 and (hi is None or hi >= len(self.s)):
            return list(items)
        hi = len(self.s) if hi is None else hi
        return [it for it in items if lo <= it.sk < hi]


def skeleton(a: Analysis, sent: Sentence) -> Skeleton:
    masked, text = a.masked, a.text
    s0, s1 = sent.start, sent.end
    # (kind, start, end, mention) of every mention of the sentence, except those past its end
    # or inside blanked direct speech (blank in the masked text where the text is not)
    cands: list[tuple[str, int, int, object]] = []
    for g in a.grades_in(s0, s1):
        if g.q_end <= s1 and (masked[g.q_start] != " " or text[g.q_start] == " "):
            cands.append(("grade", g.q_start, g.q_end, g))
    for kind, found in (("area", a.in_sentence("areas", sent)), ("quantifier", a.in_sentence("quantifiers", sent)),
                        ("subject", a.in_sentence("subjects", sent)), ("authority", a.las_in(s0, s1)),
                        ("body", a.others_in(s0, s1)), ("date", a.dates_in(s0, s1))):
        for m in found:
            if m.end <= s1 and (masked[m.start] != " " or text[m.start] == " "):
                cands.append((kind, m.start, m.end, m))
    if len(cands) > 1:
        cands.sort(key=_by_start)
    if any(cands[i][2] > cands[i + 1][1] for i in range(len(cands) - 1)):
        cands = _without_overlaps(cands)
    parts: list[str] = []
    off: list[int] = []
    items: list[Item] = []
    at: dict[int, Item] = {}
    by_kind: dict[str, list[Item]] = {}
    pos = s0
    for kind, start, end, ref in cands:
        parts.append(masked[pos:start])
        off.extend(range(pos, start))
        it = Item(kind, start, end, ref, len(off))
        at[it.sk] = it
        items.append(it)
        by_kind.setdefault(kind, []).append(it)
        parts.append(SYMBOLS[kind])
        off.append(start)
        pos = end
    parts.append(masked[pos:s1])
    off.extend(range(pos, s1))
    off.append(s1)
    s = "".join(parts)
    if "Ⓖ:" in s:
        # "its children's services require improvement to be good: overall, for the impact of
        # leaders, ...": the colon only opens the grade's list of areas (same length, same offsets)
        s = _GRADE_COLON_LIST.sub("Ⓖ ", s)
    return Skeleton(sent, s, items, at, off, by_kind=by_kind)


#: A grade's colon before its list of areas: "Ⓖ: overall, for Ⓐ", "Ⓖ: for Ⓐ, for Ⓐ".
_GRADE_COLON_LIST = re.compile(r"Ⓖ:(?=\s+(?:overall\s*,\s*for\s+Ⓐ|for\s+Ⓐ\s*,\s*(?:and\s+)?for\s+Ⓐ))")


def _by_start(c: tuple) -> int:
    return c[1]


def _without_overlaps(cands: list[tuple]) -> list[tuple]:
    """Of overlapping mentions the one of the kind first in ``_PRIORITY`` (an authority beats an
    area, an area a quantifier, ...), then the longer, then the earlier; in start order. An
    authority inside a quantifier is its possessive ("every one of Bromley's judgements"): the
    quantifier wins."""
    quants = [c for c in cands if c[0] == "quantifier"]
    if quants:
        cands = [c for c in cands if c[0] != "authority" or not any(q[1] < c[1] and c[2] < q[2] for q in quants)]
    ranked = sorted(cands, key=lambda c: (_PRIORITY[c[0]], -(c[2] - c[1]), c[1]))
    taken: list[tuple[int, int]] = []
    chosen: list[tuple] = []
    for c in ranked:
        i = bisect.bisect_left(taken, (c[1], c[2]))
        if (i > 0 and taken[i - 1][1] > c[1]) or (i < len(taken) and taken[i][0] < c[2]):
            continue
        taken.insert(i, (c[1], c[2]))
        chosen.append(c)
    chosen.sort(key=_by_start)
    return chosen


# --------------------------------------------------------------------------------------------
# statements


@dataclass(slots=True)
class AreaRef:
    area: str                   # an area key, COMBINED, or "*all" / "*rest" (quantified areas)
    text: str
    pos: int                    # masked offset
    rule: str
    count: int | None = None
    excluded: tuple[str, ...] = ()
    except_unnamed: bool = False


@dataclass(slots=True)
class Statement:
    """One grade claim of a sentence (masked-text offsets)."""

    start: int
    end: int
    rating: str | None
    previous: str | None = None
    change: str | None = None
    rule: str = ""
    prev_strength: int = 0
    same: bool = False
    grade: Item | None = None
    areas: list[AreaRef] = field(default_factory=list)
    time: Any = None
    anchor: int = -1                 # skeleton position areas are looked for from (before / after)
    sk_end: int = -1                 # skeleton position just after the statement's grade
    needs_area: bool = False
    block_after: int = 10**12
    steps: int = 0
    rules: list[str] = field(default_factory=list)
    from_span: tuple[int, int] | None = None   # the from-phrase it took its previous grade from
    refers_to: Any = None                      # the grade mention an anaphoric grade stands for
    after_only: bool = False                   # its areas can only follow it
    prev_overall: bool = False                 # its previous grade is overall effectiveness's only ("up from good overall")
    copy_of: Any = None                        # the statement whose grade it copies ("..., as do X")
    prev_year: int | None = None               # the year its from-grade is dated ("from inadequate in 2010 to ...")

    @property
    def grade_start(self) -> int:
        return self.grade.start if self.grade else -1

    @property
    def grade_end(self) -> int:
        return self.grade.end if self.grade else -1


@dataclass(slots=True)
class Dropped:
    """A grade mention that gave no fact, and why (for ``ofsted explain``)."""

    start: int
    end: int
    label: str
    reason: str
    rule: str


def _grade_at(sk: Skeleton, m: re.Match, group: str) -> Item | None:
    if m.group(group) is None:
        return None
    return sk.at.get(m.start(group))


def _grade(sk: Skeleton, m: re.Match, group: str) -> Item:
    """The grade at a group the pattern always matches."""
    return sk.at[m.start(group)]


def _statements(a: Analysis, sk: Skeleton, dropped: list[Dropped]) -> list[Statement]:
    """Grade statements of one sentence, change constructions first."""
    r = rx()
    s = sk.s
    used: set[int] = set()            # skeleton positions of grades consumed
    out: list[Statement] = []

    def new(m: re.Match, rating, previous, change, rule, strength, grade: Item | None, *, same=False, anchor=None):
        st = Statement(sk.off[m.start()], sk.off[m.end()], rating, previous, change, rule, strength, same, grade)
        st.anchor = m.start() if anchor is None else anchor
        st.sk_end = (grade.sk + 1) if grade is not None else m.end()
        st.rules.append(rule)
        out.append(st)
        return st

    gt = gates()
    has_grade = "Ⓖ" in s
    has_from = has_grade and has_any(s, gt["from"])
    if has_from and "to" in s and s.count("Ⓖ") >= 2:
        for m in r["from_to"].finditer(s):
            g1, g2 = _grade(sk, m, "g1"), _grade(sk, m, "g2")
            if g1.sk in used or g2.sk in used:
                continue
            used.update((g1.sk, g2.sk))
            if (back := _AND_BACK_TO.match(s, m.end())) is not None:
                # "gone from inadequate to adequate and back to inadequate": the last grade now, the
                # one it went back from before it
                g1, g2 = g2, sk.at[back.end() - 1]
                used.add(g2.sk)
            cur, prev = g2.ref.label, g1.ref.label
            st = new(m, cur, prev, change_of(cur, prev) or _from_direction(m.group("cue"), ""), "ratings.from_to", 2, g2)
            st.from_span = (sk.off[m.start()], g2.ref.start)   # "from outstanding in 2019 to ...": 2019 is the from-grade's
            dated = next((it for it in sk.by_kind.get("date", ()) if g1.sk < it.sk < g2.sk and it.ref.year), None)
            st.prev_year = dated.ref.year if dated is not None else None
    if has_any(s, ("grade", "level", "notch", "place", "rung", "step")):
        for m in r["step"].finditer(s):
            # "two grades higher than at the last inspection", "three steps above their 2014 grade"
            direction: str | None = "improved" if m.group("up") or m.group("up2") else "declined"
            n = int(_rules().vocab("step_numbers").get(m.group("n") or m.group("n2"), 1))
            g, gf = _grade_at(sk, m, "g"), _grade_at(sk, m, "gf")
            if g is not None and g.sk not in used:
                used.add(g.sk)
                cur = g.ref.label
                new(m, cur, shift(cur, n, direction), direction, "ratings.step", 2, g)
            elif gf is not None and gf.sk not in used:
                # "improved by one grade since that inspection, from inadequate": the step from a stated grade
                used.add(gf.sk)
                before = gf.ref.label
                cur = shift(before, n, "declined" if direction == "improved" else "improved")
                st = new(m, cur, before, direction, "ratings.step", 2, None)
                st.needs_area = True
            elif g is None and gf is None:
                if any(o.start >= sk.off[m.end()] and o.start - sk.off[m.end()] < 12 for o in out):
                    continue   # "rose two grades, from inadequate to good": the from-to says it
                st = new(m, None, None, direction, "ratings.step", 0, None)
                st.needs_area, st.steps = True, n
    if has_grade:
        for m in (r["change_to"].finditer(s) if "to" in s and has_any(s, gt["change_to"]) else ()):
            g = _grade(sk, m, "g")
            if g.sk in used:
                continue
            used.add(g.sk)
            new(m, g.ref.label, None, "improved" if m.group("up") else "declined", "ratings.change_to", 0, g)
        for m in (r["same"].finditer(s) if has_any(s, gt["same"]) or "left" in s else ()):
            g = _grade_at(sk, m, "g") or _grade_at(sk, m, "g2") or _grade_at(sk, m, "g3") or _grade_at(sk, m, "g4") or _grade(sk, m, "g5")
            if g.sk in used:
                continue
            if _ONE_AREA_STILL.search(s, max(0, m.start() - 40), m.start() + 6):
                continue   # "the one area still requiring improvement": the one left short, not unchanged
            used.add(g.sk)
            lab = g.ref.label
            if r["wish_to_before"].search(s, max(0, m.start() - 40), m.start()):
                # "The council wants to keep its outstanding rating": the grade it has, and
                # nothing said of the one before
                new(m, lab, None, None, "ratings.same", 0, g)
                continue
            if _CHANGED_BUT.search(s, max(0, m.start() - 30), m.start() + 1):
                # "help and protection, previously inadequate, has improved but still requires
                # improvement": still short of good, not unchanged (the change says what it was)
                new(m, lab, None, None, "ratings.grade", 0, g)
                continue
            if _GRADE_APPOSITION.match(s, g.sk + 1):
                # "We therefore remain rated requires improvement to be good, the judgement Ofsted gave
                # Sandwell in July 2022 for ...": the grade goes on from the judgement it names, which
                # says nothing of the one before
                new(m, lab, None, None, "ratings.same", 0, g)
                continue
            new(m, lab, lab, "unchanged", "ratings.same", 1, g, same=True)
        if has_any(s, ("still", " there", " so")):
            for m in _STILL_DOES.finditer(s):
                # "Help and protection required improvement in 2019 and still does": that grade, unchanged
                g = _grade_at(sk, m, "g")
                if g is None or g.sk in used:
                    continue
                used.add(g.sk)
                st = new(m, g.ref.label, g.ref.label, "unchanged", "ratings.same", 1, g, same=True)
                st.time = "current"
        if "longer" in s:
            for m in r["no_longer"].finditer(s):
                g = _grade(sk, m, "g")
                if g.sk in used:
                    continue
                used.add(g.sk)
                lab = g.ref.label
                rank = rank_of(lab)
                direction = "improved" if rank and rank >= 3 else "declined" if lab == "outstanding" else None
                new(m, None, lab, direction, "ratings.no_longer", 2, None)
        for m in (r["lost"].finditer(s) if has_any(s, gt["lost"]) else ()):
            g = _grade(sk, m, "g")
            if g.sk in used:
                continue
            used.add(g.sk)
            new(m, None, g.ref.label, "declined", "ratings.lost", 2, None)
        if "out of" in s or " off " in s:
            for m in r["out_of"].finditer(s):
                g = _grade(sk, m, "g")
                if g.sk in used or g.ref.label not in ("inadequate", "requires_improvement"):
                    continue   # out of a grade below good: up from it
                used.add(g.sk)
                lab = g.ref.label
                if m.group("verb").startswith("not"):
                    new(m, lab, lab, "unchanged", "ratings.out_of", 2, g, same=True)
                else:
                    new(m, None, lab, "improved", "ratings.out_of", 2, None)
        # a previous grade only: "after three years of RI", ", previously inadequate,"
        for key, cues in _PREVIOUS_ONLY:
            if not any(c in s for c in cues):
                continue
            for m in r[key].finditer(s):
                g = _grade(sk, m, "g")
                if g.sk in used:
                    continue
                used.add(g.sk)
                new(m, None, g.ref.label, None, "ratings." + key, 2, None)
        for m in (r["from_after"].finditer(s) if has_from else ()):
            g = _grade(sk, m, "g")
            if g.sk in used:
                continue
            cue = m.group("cue")
            left = s[max(0, m.start() - 40):m.start()]
            after_to = any(o.rule == "ratings.change_to" and 0 <= sk.off[m.start()] - o.end <= 3 for o in out)
            if cue == "from" and not after_to and not r["change_word_before"].search(left):
                continue   # a bare "from X" with no change word says nothing
            used.add(g.sk)
            new(m, None, g.ref.label, _from_direction(cue, left), "ratings.from_after", 2, None)
    if has_any(s, ("grade", "rating", "judgement", "verdict", " level", "the same of", "the same for", "the same.", "the same;")):
        for m in r["grade_anaphora"].finditer(s):
            earlier = a.grades_in(a.sentences[max(0, sk.sent.index - 2)].start, sk.off[m.start()])
            if len(earlier) > 1 and (_FROM_GRADE.search(a.text, max(0, earlier[-1].start - 16), earlier[-1].start)
                                     or _OUT_OF_GRADE.search(a.text, max(0, earlier[-1].start - 30), earlier[-1].start)):
                # "rates the council Ⓖ overall, down from good in 2017. The same grade was given for
                # ...", "The verdict lifts the town out of the inadequate category ...": the grade
                # named last is the one before, or the one left behind, not the one given again
                earlier = earlier[:-1]
            head = s[s.rfind(";", 0, m.start()) + 1:m.end()]
            if earlier and _has_count(head) and _NUM_SUBJ.search(head):
                # "The Board was judged outstanding. Only seven safeguarding boards in England received
                # that grade": a count of bodies, no grade of the text's own
                continue
            if earlier and m.group("stay"):
                # "Help and protection moved up to requires improvement, and the impact of leaders
                # stayed at that grade": that grade, unchanged
                lab = earlier[-1].label
                st = new(m, lab, lab, "unchanged", "ratings.grade_anaphora", 1, None, same=True, anchor=m.start())
                st.refers_to = earlier[-1]
            elif earlier:
                st = new(m, earlier[-1].label, None, None, "ratings.grade_anaphora", 0, None, anchor=m.start())
                st.refers_to = earlier[-1]
    if has_any(s, ("same", "unchanged", "as it ", "as they ", "as in ", ", as ", "a grade ", "a rating ", "a judgement ", "the grade ", "the rating ", " what ", "exactly the ",
                   "match", "mirror", "repeat", "equal", " where it", " where they", "not moved", "not budged")):
        for m in r["same_as_before"].finditer(s):
            if _unnamed_clause(s, m.end()):
                continue
            if m.group("as_area") is not None:
                # "the impact of leaders was good, as leadership had been in 2017": only when the
                # area named again is the area graded just before (not "..., as help and protection had been")
                named = sk.item(m.start("as_area")).ref.area
                before = sk.of_kind("area", 0, m.start("as_area"))
                if not before or before[-1].ref.area != named:
                    continue
            st = new(m, None, None, "unchanged", "ratings.same_as_before", 1, None, same=True, anchor=m.end())
            st.needs_area = False
    for m in (r["direction"].finditer(s) if has_any(s, gt["direction"]) else ()):
        ms = sk.off[m.start()]
        if any(o.start <= ms < o.end or ms <= o.start < sk.off[m.end()] for o in out):
            continue
        if _unnamed_clause(s, m.end()):
            continue
        if _PRACTICE_SUBJECT.search(s, max(0, m.start() - 80), m.start()):
            continue   # "the quality of practice in this area has improved markedly": practice, not a grade
        st = new(m, None, None, "declined" if m.group("down") else "improved", "ratings.direction", 0, None)
        st.needs_area = True
        st.after_only = m.group("noun") is not None   # "improvement in X": X only
    legend = r["legend"].match(s) if s.count("Ⓖ") >= 2 else None
    # plain grades
    for it in sk.of_kind("grade"):
        if it.sk in used:
            continue
        if legend is not None:
            dropped.append(Dropped(it.ref.start, it.ref.end, it.ref.label, "a key to abbreviations", "ratings.legend"))
            continue
        frame = _frame_ok(sk, it)
        if frame is None and "|" in s and _overall_column(a, it.ref.start, it.ref.end):
            frame = "ratings.area_grade_pair"   # "SIF re-inspection | 19 January 2018 | Good | ..." under "... | Overall | ..."
        if frame is None and _COLON_END.fullmatch(sk.s, it.sk + 1) and _bullet_areas(a, sk.sent):
            frame = "ratings.bullet_areas"   # "Four came back good:" over a bulleted list of areas
        if frame is None:
            dropped.append(Dropped(it.ref.start, it.ref.end, it.ref.label, "no grading verb, area or grade noun around it", "ratings.grade"))
            continue
        st = Statement(it.start, it.end, it.ref.label, rule="ratings.grade", grade=it)
        st.anchor, st.sk_end = it.sk, it.sk + 1
        st.rules.append(frame)
        rm = _RESTATED.match(s, it.sk + 1) if "Ⓖ" in s[it.sk + 1:it.sk + 5] else None
        if rm is not None and sk.at[rm.start("g")].ref.label == it.ref.label:
            # "the top grade – outstanding – for children in care": one grade, said twice
            used.add(rm.start("g"))
            st.sk_end = rm.end()
        if has_any(s, gt["same_after"], it.sk + 1) and r["same_after"].match(s, it.sk + 1) \
                and not any(o.rule == "ratings.years_at" for o in out):   # "inadequate again after three years of RI": back to it
            st.previous, st.change, st.same, st.prev_strength = it.ref.label, "unchanged", True, 1
            st.rules.append("ratings.same_after")
        elif has_any(s, gt["again"], 0, it.sk) and r["same_verb_before"].search(sk.clause_before(it.sk)):
            st.previous, st.change, st.same, st.prev_strength = it.ref.label, "unchanged", True, 1
            st.rules.append("ratings.same_verb_before")
        elif "Ⓖ" not in s[:it.sk] and ";" not in s[:it.sk] and r["same_fronted"].match(s):
            # "For the second inspection running, overall effectiveness was judged to require
            # improvement to be good", "It is the second time running that Ofsted has judged our
            # overall effectiveness good": the sentence's first grade, unchanged
            st.previous, st.change, st.same, st.prev_strength = it.ref.label, "unchanged", True, 1
            st.rules.append("ratings.same_after")
        out.append(st)
    out.sort(key=lambda st: st.start)
    return _attach_asides(sk, out)


#: The rules that give only a previous grade, each with the words its sentence must hold.
_PREVIOUS_ONLY = (("years_at", ("years", "decade")), ("previously_aside", ("previously", "formerly")))


#: Right before a grade: it is an earlier one ("down from good", "up from 'inadequate'", "previously good").
_FROM_GRADE = re.compile(r"\b(?:from|previously)\s+['‘\"“]?$")
#: A grade left behind: "out of the inadequate category", "out of Ofsted's 'inadequate' rating".
_OUT_OF_GRADE = re.compile(r"\bout\s+of\s+(?:the\s+|its\s+|their\s+|ofsted['’]s\s+)?['‘\"“]?$", re.I)
#: "then" right after a grade: "were outstanding then", "Overall was good then as well".
_THEN_AFTER = re.compile(r"['’\"”]?\s+(?:then|at\s+that\s+time|at\s+the\s+time)\b")
#: A dash aside's opening right before a statement, and its close right after it with the
#: sentence going on: "overall – as it was in 2018 – and for ...".
_ASIDE_OPEN = re.compile(r"\s[–—]\s$")
_ASIDE_CLOSE_AND = re.compile(r"\s*[–—]\s+and\b")
#: A grade restated as the one a count of areas received earlier: "the grade all four judgements
#: received", "the same grade all four had been given".
_QUANTIFIED_EARLIER = re.compile(r"the\s+(?:same\s+)?(?:grade|rating|judge?ment)\s+(?:that\s+)?Ⓠ\s+(?:had\s+)?(?:got|received|were\s+given|had\s+been\s+given|been\s+given)\b")
#: "both" as the subject of a grading verb, or of "were", right before a grade: "both were judged",
#: "both services were rated", "when both were good".
_BOTH_SUBJECT = re.compile(r"\bboth\s+(?:Ⓢ\s+|(?:services|judge?ments|areas)\s+)?(?:were|was|had\s+been)\s+(?:(?:last|also|then)\s+)?(?:(?:judged|rated|graded|found)\s+(?:to\s+be\s+|as\s+)?)?$|\b(?:rated|judged|graded|found)\s+(?:them\s+)?both\s+(?:as\s+)?$")
#: A grade restated in dashes or commas right after another: "the top grade – outstanding – for
#: ...", "The highest grade, outstanding, went to ...".
_RESTATED = re.compile(r"\s*(?:[–—]|\s-|,)\s*(?P<g>Ⓖ)\s*(?:[–—]|-\s|,)")
_CONTRAST = re.compile(r",\s*(?:while|whereas|but)\b|;")


#: The quality of work as the subject of a direction verb: "the quality of practice in this area has ".
_PRACTICE_SUBJECT = re.compile(r"\bthe\s+(?:quality|standard|consistency)\s+of\s+(?:social\s+work\s+)?(?:practice|work|assessments?|plans?)\b(?:\s+(?:in|for|with)\s+(?:this|that|the)\s+(?:area|team|service))?\s+(?:(?:has|have|had)\s+(?:also\s+|now\s+|since\s+)?)?$")


def _unnamed_clause(s: str, end: int) -> bool:
    """Whether the skeleton clause ending at ``end`` is about unnamed areas ("other areas still
    require improvement"), and names none after saying so ("the one area … was Ⓐ")."""
    tail = _CONTRAST.split(s[:end])[-1]
    m = rx()["unnamed"].search(tail)
    return m is not None and "Ⓐ" not in tail[m.end():]


def _attach_asides(sk: Skeleton, stmts: list[Statement]) -> list[Statement]:
    """Asides give the statement next to them its previous grade and are no statements of their
    own: ", previously X," the next one's; a step set off after a grade, and a from-grade after a
    statement, the one before."""
    out: list[Statement] = []
    for i, st in enumerate(stmts):
        if st.rule == "ratings.previously_aside":
            nxt = stmts[i + 1] if i + 1 < len(stmts) else None
            if nxt is not None and nxt.rating is not None and nxt.prev_strength < 2 and nxt.start - st.end < 40:
                nxt.previous, nxt.prev_strength, nxt.same = st.previous, 2, False
                nxt.change = change_of(nxt.rating, st.previous) or nxt.change
                nxt.rules.append(st.rule)
            continue
        if st.rule == "ratings.step" and out and not st.steps and st.previous and st.rating is not None:
            o = out[-1]
            if o.rating == st.rating and o.grade is not None and o.prev_strength < 2 and _STEP_APPOS.fullmatch(
                    sk.s, o.grade.sk + 1, _sk_pos(sk, st.start)):
                # "had been judged to require improvement to be good, having fallen two grades from
                # outstanding": the step restates the grade before it, with its previous one
                o.previous, o.change, o.prev_strength, o.same = st.previous, st.change, 2, False
                o.rules.append(st.rule)
                continue
        if st.rule == "ratings.step" and st.steps and out:
            o = out[-1]
            if o.rating is not None and o.grade is not None and o.prev_strength < 2 and _STEP_APPOS.fullmatch(
                    sk.s, o.grade.sk + 1, _sk_pos(sk, st.start)):
                before = shift(o.rating, st.steps, st.change)
                if before:
                    o.previous, o.change, o.prev_strength, o.same = before, st.change, 2, False
                    o.rules.append(st.rule)
                    continue
        if st.rule == "ratings.step" and st.steps and sk.s.startswith("a ", _sk_pos(sk, st.start)):
            continue   # "a rise of two grades" not set off after a grade: whose step is unclear
        if st.rule == "ratings.from_after" and out:
            o = out[-1]
            gap = sk.s[_sk_pos(sk, o.end):_sk_pos(sk, st.start)]
            if o.rating is not None and _WITH_AREAS.match(gap):
                # "rated requires improvement ..., with leadership and services for children in care
                # both marked down from the good grades they received in 2018": the areas of the
                # "with" clause, at the statement's grade, with the from-grade as their previous one
                st.rating = o.rating
                st.change = change_of(o.rating, st.previous) or st.change
                out.append(st)
                continue
            group = _counted_group(sk, out, gap)
            if group:
                # "good overall, good for Ⓐ and good for Ⓐ, all three up from requires improvement":
                # the from-grade is each counted statement's
                for x in group:
                    x.previous, x.prev_strength, x.same = st.previous, 2, False
                    x.change = change_of(x.rating, st.previous) or st.change
                    x.rules.append(st.rule)
                    x.block_after = min(x.block_after, st.start)
                continue
            if len(gap) < 90 and ";" not in gap and o.rating is not None and not _NEW_AREA_SUBJECT.search(gap):
                if o.previous is None or o.prev_strength < 2:
                    o.previous, o.prev_strength, o.same = st.previous, 2, False
                    o.change = change_of(o.rating, st.previous) or st.change
                    o.rules.append(st.rule)
                # the from-grade's own date or past marker belongs to it, not to the statement
                # nor to the grades after it ("good for X, up from good in 2017, outstanding for Y")
                o.block_after = min(o.block_after, st.start)
                k = sk.s.find(",", _sk_pos(sk, st.end))
                o.from_span = (st.start, sk.off[k] if k != -1 else sk.off[-1])
                o.prev_overall = _OVERALL.match(sk.s, _sk_pos(sk, st.end)) is not None or (
                    _ONE_GRADE_NOUN.match(sk.s, _sk_pos(sk, st.end)) is not None and o.grade is not None
                    and bool(sk.of_kind("quantifier", o.grade.sk, _sk_pos(sk, st.start))))
                continue
        out.append(st)
    return out


#: A count set off before a from-grade: ", both up from", ", all three down from".
_COUNT_BEFORE_FROM = re.compile(r"\s*,\s*(?:(?P<both>both)|all\s+(?P<n>two|three|four|five))\s*$")


def _counted_group(sk: Skeleton, out: list[Statement], gap: str) -> list[Statement]:
    """The statements a count before a from-grade stands for: the last ``n``, when they name
    exactly ``n`` areas ("overall" counting as one) and none has a previous grade yet."""
    m = _COUNT_BEFORE_FROM.search(gap)
    if m is None:
        return []
    n = 2 if m.group("both") else load_rules("mentions").vocab("counts")[m.group("n")]
    group = out[-n:]
    if len(group) != n or any(x.rating is None or x.prev_strength >= 2 or x.grade is None for x in group):
        return []
    lo = _sk_pos(sk, out[-n - 1].end) if len(out) > n else 0
    span = sk.s[lo:_sk_pos(sk, out[-1].end)] + gap[:m.start()]
    named = span.count("Ⓐ") + len(_OVERALL.findall(span))
    return group if named == n and ";" not in span else []


#: A new clause about another area between a statement and a from-grade: "is now outstanding, and
#: the Ⓐ have moved up from inadequate" (the from-grade is that area's).
_NEW_AREA_SUBJECT = re.compile(r",\s*(?:and|but|while|whereas)\s+(?:the\s+|its\s+|their\s+|our\s+)?Ⓐ")
#: A "with" clause naming areas between a statement and a from-grade: "..., with Ⓐ and Ⓐ both marked down".
_WITH_AREAS = re.compile(r"[^;]*,\s*with\s+(?:the\s+)?Ⓐ[^;Ⓖ]*$")
#: "overall": right after a from-grade ("up from good overall") the from-grade is overall
#: effectiveness's, not every area's; in a sentence naming two areas it counts as a third.
_OVERALL = re.compile(r"\s*\boverall\b")
#: One grade noun after a from-grade that follows a count: "in every area ..., an improvement on the
#: inadequate judgement it received in 2019" (one judgement then: overall effectiveness's, not every
#: area's; after one area named, "an improvement on the good grade for children looked after", the
#: area's).
_ONE_GRADE_NOUN = re.compile(r"\s*(?:judge?ment|grade|rating|verdict)\b")

#: Between a grade and a step phrase set off after it: " - a rise of", " (up", ", a jump of".
#: (also after the one area the grade is for: "an outstanding grade for the impact of its leaders,
#: two grades higher than at the last inspection"; or after the grader: "rated outstanding by Ofsted,
#: jumping two grades from ...")
_STEP_APPOS = re.compile(r"(?:\s+(?:grade|rating|judge?ment))?(?:\s+(?:for|in)\s+(?:(?:the|its|their|our)\s+)?Ⓐ)?(?:\s+by\s+(?:Ⓑ|inspectors))?\s*(?:[-–—(]|,)\s*(?:having\s+)?")


#: A fronted phrase naming the judgement that holds the areas graded after it: "Within the judgement on ".
#: A judgement that held an area, right before it: "this judgement also covered Ⓐ".
_COVERED_BY = re.compile(r"\b(?:judge?ment|it)\s+(?:also\s+)?(?:covered|covers|included|includes|took\s+in|takes\s+in)\s+(?:the\s+)?$")
_WITHIN_JUDGEMENT = re.compile(r"\b(?:within|as\s+part\s+of)\s+(?:the|that|this)\s+(?:(?:[a-z]+\s+)?(?:judge?ment|area|heading)\s+(?:on|for|of|about)\s+(?:the\s+)?)?$")
#: Between an area and the authority whose area it is said to be: " was ", " is the ", " had been ".
_COPULA_GAP = re.compile(r"\s+(?:was|is|were|are|had\s+been|has\s+been|remains|remained|became|becomes|has\s+become)\s+(?:still\s+|also\s+)?")


def _sk_pos(sk: Skeleton, masked_pos: int) -> int:
    """The skeleton position of a masked offset (the first one at or after it)."""
    return bisect.bisect_left(sk.off, masked_pos)


#: What may follow the grade of an item "Area Grade" / "Area: Grade": the item's end, or a note.
_PAIR_END = re.compile(r"\s*(?:[;,.|(]|$)")
_ITEM_END = re.compile(r"\s*(?:[;.]|$)")   # a list item's end, after "area, grade"
#: A grade noun, then "for" an area and a colon right before the grade: "the grade that really
#: stands out is for the impact of leaders: Ⓖ"; or "the same grade" after areas, and its time:
#: "help and protection and Ⓐ, were given the same grade as in Ⓓ: Ⓖ".
_GRADE_NOUN_FOR_AREA = re.compile(r"\b(?:grades?|judge?ments?|ratings?|verdicts?)\b[^.;:Ⓖ]{0,60}\bfor\s+Ⓐ\s*:\s*$"
                                  r"|\bthe\s+same\s+(?:grade|judge?ment|rating|verdict)\b[^.;:Ⓖ]{0,40}:\s*$")
#: A bulleted line's label opening on an area, up to the colon before its grade (a phrase after the
#: area: "- Help and protection for children who might not be safe at home: GOOD.").
#: ("- The Cornwall and Isles of Scilly Safeguarding Children Board, which checks that ...:": a
#: board's place before it, a relative clause after)
_BULLET_LABEL = re.compile(r"\s*(?:[-•*·–▪◦]|\d+[.)])\s+(?:the\s+)?(?:[a-z]+\s+){0,5}?Ⓐ"
                           r"(?:\s+(?:for|of|who|in|at|with)\s[^Ⓖ:;.]{0,60}|\s*,\s*(?:which|who)\s[^Ⓖ:;.]{0,100})?\s*:\s*")
#: An area opening its sentence, an aside after a comma, then a colon: "Care leavers, graded on
#: their own for the first time: Ⓖ".
_LABEL_ASIDE = re.compile(r"\s*(?:(?:[-•*·–▪◦]|\d+[.)])\s+)?Ⓐ\s*,\s*[^ⒼⒶⓁⓆ:;.,]{3,70}:\s*")
_CLAUSE = re.compile(r"[;:]|,\s*(?:while|whereas|but)\b|\bwhile\b")
_SUBJECT_THEN_GRADE = re.compile(r"[ⓈⓁ]\s*Ⓖ$")


#: A bullet opening a line: "•", "-", "*", "–", "▪", "·".
#: A list line's bullet: a mark, a number ("2.", "3)") or a letter in brackets ("(a)", "b)").
_BULLET = re.compile(r"\s*(?:[-•*·–▪◦]|\d+[.)]|\(?[a-h]\)|\((?:i|ii|iii|iv|v|vi)\))\s+")


def _bullet_areas(a: Analysis, sent: Sentence) -> list:
    """The areas on the bullet lines right after a sentence that ends with a colon ("Four came back
    good:" over "• overall effectiveness", "• the impact of leaders", ...): one or more areas and
    no grade on each line; empty when the sentence does not end so or a line is anything else."""
    key = ("bullet_areas", sent.index)
    if key in a.memo:
        return a.memo[key]
    found: list = []
    if a.masked[sent.start:sent.end].rstrip().endswith(":"):
        line_start = sent.line_start
        for nxt in a.sentences[sent.index + 1:]:
            if nxt.line_start == line_start:
                continue   # the rest of a line read whole ("1." and its area are two sentences)
            line_start = nxt.line_start
            if not _BULLET.match(a.masked, nxt.start) or a.grades_in(nxt.line_start, nxt.line_end):
                break
            areas = a.in_range("areas", nxt.line_start, nxt.line_end)
            if not areas:
                found = []
                break
            found.extend(areas)
    a.memo[key] = found
    return found


#: A grade talked about, not given: "some of you are already asking about outstanding".
_TALKED_ABOUT = re.compile(r"\b(?:ask|asks|asking|asked|talk|talks|talking|talked|think|thinks|thinking|thought)\s+(?:about|of)\s+$")


#: A line that is only an authority, a dash or colon (or a table's gap) and a grade, with its date in
#: brackets ("(February 2022)", "(report published February 2022)") or none.
_LA_GRADE_LINE = re.compile(r"\s*(?:[-•*]\s*)?Ⓛ(?:\s*[–—:|-]\s*|  +|\s*\t\s*)Ⓖ\s*"
                            r"(?:\(\s*(?:(?:report\s+)?(?:published|inspected|judged|rated)\s+(?:in\s+|on\s+)?)?Ⓓ\s*\))?\s*\.?\s*")


#: A with-clause's areas right before their grade: "with Ⓐ and Ⓐ both ", "with Ⓐ also ".
_WITH_AREAS_GRADED = re.compile(r"\bwith\s+(?:Ⓐ(?:\s*,\s*|\s+and\s+))*Ⓐ\s+(?:(?:both|all|also|too|again)\s+)?$")


#: An area, then the authority's (grade) as the subject of a copula right before the grade: "for Ⓐ –
#: and Ⓛ's was ", "for Ⓐ, and Ⓛ's is ".
_POSSESSIVE_ELLIPSIS = re.compile(r"Ⓐ\s*(?:[–—,;]\s*)?(?:and|but)\s+Ⓛ['’]s\s+(?:was|is)\s+(?:also\s+|again\s+)?$")
#: After a grade kept, the rating the authority itself was given then, and nothing more: " rating Ⓛ
#: was awarded in Ⓓ."
_LA_WAS_AWARDED = re.compile(r"\s+(?:rating|grade)\s+(?:that\s+)?Ⓛ\s+(?:was|had\s+been)\s+(?:awarded|given)(?:\s+(?:in|at)\s+(?:the\s+)?Ⓓ)?\s*(?:[.;]|$)")
#: A count of areas right before its grade, opening an item after a colon: ": Ⓠ Ⓖ".
_Q_GRADE_ITEM = re.compile(r":\s*Ⓠ\s*[–—-]?\s*$")
#: A table cell labelled "Overall" before its grade: at the line's start, after a column gap, a bar or
#: the semicolon ending the cell before ("Ⓓ      Overall: Ⓖ; Ⓐ: Ⓖ").
_OVERALL_LABEL_CELL = re.compile(r"(?:^|\s{2}|[|;]\s*)overall\s*:\s*$")


def _overall_column(a: Analysis, start: int, end: int) -> bool:
    """Whether the grade at ``start:end`` fills a whole cell of a table whose first row titles that
    column "Overall" (the row's overall grade; its other cells may grade areas by name)."""
    text = a.text
    ls = text.rfind("\n", 0, start) + 1
    col_start = text.rfind("|", ls, start)
    col_end = text.find("|", end)
    nl = text.find("\n", end)
    if col_start < 0 or col_end < 0 or (0 <= nl < col_end) or text[col_start + 1:start].strip() or text[end:col_end].strip():
        return False
    column = text.count("|", ls, col_start + 1)
    header = None
    for hs, he in _lines_above(text, ls):
        if "|" not in text[hs:he]:
            return False
        header = text[hs:he]
    if header is None:
        return False
    cells = header.split("|")
    return column < len(cells) and _OVERALL_CELL.fullmatch(cells[column]) is not None   # (a title "Overall", "Overall grade")


def _frame_ok(sk: Skeleton, it: Item) -> str | None:
    """The rule that frames a plain grade as one (``ratings.grade``, or the factbox pair), or None."""
    r = rx()
    s = sk.s
    k = it.sk
    if _TALKED_ABOUT.search(s, max(0, k - 20), k):
        return None   # "asking about outstanding": a topic, no grade given
    after = s[k + 1:k + 61]
    if r["noun_after"].match(after) or r["for_after"].match(after) or r["quant_after"].match(after) or r["overall"].match(after):
        return "ratings.grade"
    if not s[:k].strip(" -•*") and r["grade_as_subject"].match(after):
        return "ratings.grade"   # "Outstanding was the judgement for Ⓐ, ..." (ratings.grade_as_subject)
    if it.ref.surface.lower().startswith(("the ", "its ", "ofsted")):
        return "ratings.grade"
    if it.ref.q_start != it.ref.start and _SUBJECT_THEN_GRADE.search(s, max(0, k - 8), k + 1):
        return "ratings.grade"   # a headline: "Lambeth children's services 'inadequate' ..."
    j = s.rfind("Ⓐ", 0, k)   # the pair's area: the last one before the grade, only spaces between
    between = s[j + 1:k].strip() if j >= 0 else None
    if between is not None and r["area_grade_pair"].search(s, 0, k + 1) \
            and (_PAIR_END if between != "," else _ITEM_END).match(after):
        # a factbox item "children in care and care leavers good;", a cell "Area: Grade.", a list
        # item after a colon "…: adoption performance, outstanding; care leavers, good."
        return "ratings.area_grade_pair"
    if j >= 0 and _GRADE_NOUN_FOR_AREA.search(s, max(0, k - 120), k) and _PAIR_END.match(after):
        # "the grade that really stands out is for the impact of leaders: outstanding."
        return "ratings.area_grade_pair"
    if _Q_GRADE_ITEM.search(s, max(0, k - 30), k) and _PAIR_END.match(after):
        return "ratings.area_grade_pair"   # "Standard inspection, Ⓓ: all four judgements good": a count of areas and its grade after a colon
    if _OVERALL_LABEL_CELL.search(s, max(0, k - 24), k):
        return "ratings.area_grade_pair"   # "27 June 2016      Overall: Good; Help and protection: ...": a cell labelled "Overall"
    if _LA_GRADE_LINE.fullmatch(s) and sk.sent.start - sk.sent.line_start <= 8 and sk.sent.end == sk.sent.line_end:
        return "ratings.area_grade_pair"   # a line "Darlington Borough Council – Good (December 2022)"
    if j >= 0 and _BULLET_LABEL.fullmatch(s, 0, k) and _PAIR_END.match(after):
        # "- Help and protection for children who might not be safe at home: GOOD."
        return "ratings.area_grade_pair"
    if j >= 0 and _LABEL_ASIDE.fullmatch(s, 0, k) and _PAIR_END.match(after):
        # "Care leavers, graded on their own for the first time: good.": a label with an aside
        return "ratings.area_grade_pair"
    clause = sk.clause_before(k)
    if r["verb"].search(clause[-260:]):
        return "ratings.grade"
    if j >= 0 and _WITH_AREAS_GRADED.search(s, max(0, k - 60), k):
        # "Children looked after ...: good, with adoption performance and the experiences and
        # progress of care leavers both good": a with-clause's areas and their grade
        return "ratings.grade"
    quoted = it.ref.q_start != it.ref.start
    if it.ref.verb_form:
        return "ratings.grade" if not quoted and clause.strip() != "" else None
    if _set_off_after_area(sk, k):
        return "ratings.aside_grade"   # "Help and protection, inadequate in 2019, is now good"
    return None


def _set_off_after_area(sk: Skeleton, k: int) -> bool:
    """Whether the grade at skeleton position ``k`` is set off alone, with at most its time, in an
    aside right after an area (rule ``ratings.aside_grade``): "Help and protection, inadequate in
    2019, is now good", "Children in care (good in 2018) are now outstanding"."""
    m = rx()["aside_grade"].search(sk.s, max(0, k - 40), k + 60)
    while m is not None and m.start("g") < k:
        m = rx()["aside_grade"].search(sk.s, m.start() + 1, k + 60)
    return m is not None and m.start("g") == k


# --------------------------------------------------------------------------------------------
# what a grade is not


#: A number as the subject of a grade: a count of councils, not an authority's grade.
_NUMBERS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
            "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty",
            "sixty", "seventy", "eighty", "ninety")
_NUM_WORD = "(?:" + "|".join(_NUMBERS) + r")(?:[-\s](?:" + "|".join(_NUMBERS[:9]) + "))?"
#: A number, in digits or words: searched as a digit (a fast scan), else as a word where one of
#: the number words is written (the word pattern scans every word start).
_DIGIT = re.compile(r"[0-9]")
_NUM_WORD_AT = re.compile(r"\b(?=[efnost])" + _NUM_WORD + r"\b")
_NUM_PIECES = pieces(_NUMBERS)


def _has_number(masked: str, start: int, end: int) -> bool:
    return _DIGIT.search(masked, start, end) is not None or (
        has_any(masked, _NUM_PIECES, start, end) and _NUM_WORD_AT.search(masked, start, end) is not None)
#: Up to three digits standing alone: a count ``_NUM_SUBJ`` reads (a year is none).
_COUNT_DIGITS = re.compile(r"(?<!\d)\d{1,3}(?![\d,.])")


def _has_count(seg: str) -> bool:
    """Whether ``seg`` holds a number ``_NUM_SUBJ`` can read as a count: up to three digits
    standing alone, or a number word. Most clauses before a grade hold only a year, which the
    digit test of ``_has_number`` let through to the slow count pattern."""
    return _COUNT_DIGITS.search(seg) is not None or (
        has_any(seg, _NUM_PIECES) and _NUM_WORD_AT.search(seg) is not None)


_NUM_SUBJ = re.compile(
    r"(?:^|[,;:]\s*|\band\s+|\bbut\s+|\bwhile\s+|\bwhereas\s+)\s*(?:only\s+|just\s+|another\s+|a\s+further\s+|(?:more|fewer|less)\s+than\s+|roughly\s+|nearly\s+|almost\s+)?(?:\d{1,3}(?![\d,.])|" + _NUM_WORD + r")"
    r"(?:\s+in\s+(?:\d{1,3}|" + _NUM_WORD + r"))?(?:\s+(?:per\s*cent|%))?\s+(?:(?:of\s+(?:the\s+|england['’]s\s+|these\s+|them\s+|this\s+(?:month|year|week)['’]s\s+|the\s+[a-z]+['’]s\s+)?(?:(?:\d+|" + _NUM_WORD + r")\s+)?)?(?:other\s+)?"
    r"(?:[a-z'’]+\s+){0,2}?(?:councils|authorities|local\s+authorities|las|boroughs|boards|trusts|grades|judge?ments|ratings)"
    # "(25 of the 152 councils) with children's services", "in england", "inspected"
    r"(?:\s+inspected|\s+in\s+england|\s+with\s+(?:[a-z'’]+\s+){0,2}?(?:services|responsibilities))?\s+)?"
    r"(?:(?:currently|now|still)\s+)?(?:were|was|are|is|had|have|required|require|requires|need|needed|remain\w*|got|received|rated|judged|graded|carry|carries|holds?|held|kept|keep|retained|slipped|fell|dropped|rose|moved|improved|declined|stayed|lost)\b"
    r"|(?:^|[,;:]\s*|\band\s+)\s*(?:\d{1,3}(?![\d,.])|" + _NUM_WORD + r")\s*$")
@lru_cache(maxsize=1)
def _vague_councils() -> re.Pattern:
    """A count of councils in words, as a subject: "Many of the councils inspected ... have been
    judged", "most councils are" (rule ``ratings.national``)."""
    return re.compile(
        rf"(?:^|[,;:]\s*|\band\s+|\bbut\s+|\bwhile\s+)\s*(?:{_words('vague_counts')})"
        r"\s+(?:of\s+(?:the\s+|england['’]s\s+|these\s+|those\s+)?)?(?:other\s+)?(?:[a-z'’]+\s+){0,2}?"
        rf"(?:{_words('council_nouns')})\b"
        r"[^,;:]{0,60}?\b(?:were|was|are|is|have|has|had|required|require|remain\w*|got|received)\b", re.I)


_COUNCILS_PIECES = ("councils", "authorities", "boroughs")
_POSSESSIVE = re.compile(r"['’]s\b")
#: How far back before a grade its clause is looked at (a run-on "sentence" is no clause).
_LOOK_BACK = 300
_CLAUSE_BLOCK = re.compile(r"[;]|,\s*(?:while|whereas|but)\b|\bwhile\b|\bwhereas\b")
#: Two to five capitalised words before "was"/"is"/...; written to open with a capital letter
#: (not a repeated group) so the engine scans for one instead of trying every position.
_CAPNAME = re.compile(r"[A-Z][\w’'-]+\s+(?:[A-Z][\w’'-]+\s+){0,3}[A-Z][\w’'-]+(?=,?\s+(?:\w+\s+){0,3}(?:was|is|were|has\s+been|have\s+been)\b)")
#: The verbs ``_CAPNAME`` looks ahead for: a clause without any is not scanned.
_CAPNAME_VERBS = ("was", "is", "were", "been")
_TITLES = frozenset(("Cllr", "Councillor", "Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Dame", "Professor", "Lord", "Lady"))
_SPEECH_AFTER = re.compile(r",?\s+(?:asked|said|says|told|added|explained|warned|noted|wrote|argued|questioned|wanted)\b")
#: The last relative clause opened before a hedge word: ", which ", ", who ".
_REL_OPEN = re.compile(r",\s+(?:which|who)\s+(?!.*,\s+(?:which|who)\s)")
#: Before the council's own view that an inspection bore out: "It confirmed what our own audits had
#: been telling us: ... good" (the grades are the inspection's, no hedge).
_CONFIRMED_WHAT = re.compile(r"\b(?:confirmed|confirms|bore\s+out|bears\s+out|backed\s+up|backs\s+up|matched|echoed)\s+what\s+$")
_OWN_NAMES = re.compile(r"\b(?:Ofsted|Council|Borough|County|City|Trust|Children)\b")


#: A colon right after a grade, then up to a few words before the first area it lists.
_COLON_AFTER = re.compile(r"[ \t]*:\s*")


def _colon_lists_areas(a: Analysis, masked: str, qe: int) -> bool:
    """Whether a colon right after a grade lists areas: "Three of the judgements were outstanding:
    the experiences and progress of children looked after, ..." (the count is of this council's
    judgements, which the colon names, not of councils)."""
    m = _COLON_AFTER.match(masked, qe)
    return m is not None and bool(a.in_range("areas", m.end(), m.end() + 30))


def _areas_in_when_clause(a: Analysis, seg: str, seg_start: int, qs: int) -> bool:
    """Whether a ", when" clause after a count names areas before the grade: "Three of the four
    judgements are the same as in August 2017, when the framework rated Ⓐ, Ⓐ and Ⓐ as requiring
    improvement" (the grade is the areas', not a count of councils)."""
    k = seg.rfind(", when ")
    return k != -1 and bool(a.in_range("areas", seg_start + k, qs))


#: The nouns ``ratings.denied_claim`` opens on (a gate before its pattern).
_CLAIM_WORDS = ("claim", "suggestion", "idea", "impression", "belief", "statement", "rumour", "assertion")


def _blocked(a: Analysis, sent: Sentence, qs: int, qe: int) -> tuple[str, str] | None:
    """Why the grade at ``qs:qe`` is not the authority's, as (reason, rule), or None."""
    r = rx()
    masked = a.masked
    if masked.startswith(" or ", qe) or masked.startswith(" or ", qe + 1):
        if r["threshold"].match(masked, qe):
            return "a threshold (\"good or better\")", "ratings.threshold"
    if masked.startswith(" at ", qe) or masked.startswith(" at ", qe + 1):
        if r["at_activity"].match(masked, qe):
            return "an activity's grade, no judgement area's (\"outstanding at protecting children\")", "ratings.at_activity"
    gt = gates()
    if a.text[qe:sent.end].rstrip().endswith("?") and r["question"].fullmatch(masked, sent.start, qs):
        return "asked, not said", "ratings.question"   # "Are X's children's services rated good by Ofsted?"
    if has_any(masked, _CLAIM_WORDS, sent.start, qs):
        for m in r["denied_claim"].finditer(masked, sent.start, sent.end):
            if m.start("inner") <= qs and qe <= m.end("inner"):
                return "denied", "ratings.denied_claim"   # "The claim that ... are rated good is wrong."
    left_sent = masked[max(sent.start, qs - _LOOK_BACK):qs]
    if qe - qs == 19 and masked.startswith("to ", qs - 3) and masked.startswith("require improvement", qs) \
            and r["verb_require"].search(left_sent.rsplit(",", 1)[-1]) and not r["verb"].search(left_sent.rsplit(",", 1)[-1]):
        return "a verb, not a grade (\"powers ... to require improvement\")", "ratings.verb_require"
    if (" a local authority" in left_sent or " a council" in left_sent or " an authority" in left_sent or " any " in left_sent
            or "councils " in left_sent or "authorities " in left_sent) \
            and r["any_council"].search(left_sent):
        return "a grade in general (any council)", "ratings.any_council"
    clause = _clause_block(left_sent)
    # no literal gate before the hedge pattern: its words ("would", "if the", "the rest", ...)
    # are in two clauses of three before a grade, so a gate costs more than it saves
    hclause = clause
    if "–" in clause or "—" in clause:
        # "Help and protection – the work with families where a child may be at risk – still
        # requires improvement": a hedge word inside a dash aside is the aside's
        hclause = _DASH_ASIDE.sub(lambda m: " " * len(m.group(0)), clause)
    hedge = r["hedge"].search(hclause)
    if hedge is not None:
        for hedge in r["hedge"].finditer(hclause, hedge.end()):
            pass   # the last hedge word before the grade
    if "to " in hclause or "will " in hclause:   # the wish pattern needs "to be", "to regain", ... or "will"
        for wish in r["wish"].finditer(hclause):   # "wants the county to be rated": a wish's grade
            if hedge is None or wish.end() > hedge.end():
                hedge = wish
    if hedge is not None:
        if hedge.group(0).startswith(("councils", "authorities")) and _THESE_COUNCILS.search(hclause, 0, hedge.start()):
            hedge = None   # "Both councils were inspected in October 2022 and each was rated ...": the text's own
        elif hedge.group(0) == "become" and _PERFECT_BEFORE.search(hclause, 0, hedge.start()) \
                and len(hclause[hedge.end():].split()) >= 3:
            # "has become only the third local authority to be judged outstanding": what happened (not
            # "We want it to find that our services ... have become outstanding")
            hedge = None
        elif hedge.group(0) == "the rest" and hclause[hedge.end():].lstrip().startswith(":"):
            hedge = None   # "We are open about the rest: the remaining areas were judged ...": a heading, no count
        elif r["hedge_end"].search(hclause, hedge.end()):
            hedge = None   # "hope to reach good ... after it was rated <grade>": a stated grade
        elif (dw := _DATED_WHEN.search(hclause, hedge.end())) is not None and not r["hedge"].search(hclause, dw.end()):
            # "asked whether the borough had gone backwards since July 2012, when the previous
            # inspection ... had judged safeguarding adequate": what happened at a dated time
            hedge = None
        elif (rel := _REL_OPEN.search(hclause, 0, hedge.start())) is not None and "," in hclause[hedge.end():] \
                and "," not in hclause[rel.end():hedge.start()]:
            # "The City of London Corporation, which looks after a small number of children ..., is
            # once again outstanding": a relative clause's words, closed before the grade
            hedge = None
        elif _CONFIRMED_WHAT.search(hclause, max(0, hedge.start() - 40), hedge.start()):
            hedge = None   # "It confirmed what our own audits had been telling us: ... are good": the inspection's grade
        elif r["polite"].match(hclause, hedge.start()):
            hedge = None   # "I would also remind the councillor that in 2016 ... was judged outstanding": a speech act
        elif ":" in hclause[hedge.end():] and a.in_range("areas", sent.start, qs - len(hclause) + hedge.start()):
            hedge = None   # "- Help and protection for children who might not be safe at home: GOOD.": the label's words
        elif hedge.group(0) in _ONE_COUNCIL_RATED and any(
                _DATED_AFTER.match(masked, g.end) for g in a.grades_in(qs - len(hclause) + hedge.end(), qs - len(hclause) + hedge.end() + 20)[:1]):
            # "a sharp fall for a council rated good overall in 2019, when it was also good for leaders":
            # one council, dated
            hedge = None
        elif (cm := _NEW_CLAUSE.search(hclause, hedge.end())) is not None and a.las_in(qs - len(hclause) + cm.start(), qs):
            # "Only a small minority of councils hold the top grade, and in 2016 Redbridge was judged
            # good", "Where councils are judged inadequate ..., as Halton Borough Council was when
            # Ofsted judged it inadequate in every area": a new clause's authority
            hedge = None
        elif "," in hclause[hedge.end():] and hclause.rfind(",", 0, hedge.start()) != -1 \
                and a.in_range("areas", qs - len(hclause), qs - len(hclause) + hclause.rfind(",", 0, hedge.start())):
            hedge = None   # "Help and protection, the work with children who may be suffering harm, slipped ...": an aside's
    if hedge is not None or r["hedge_after"].match(masked, qe, qe + 80):
        return "hoped for or hypothetical", "ratings.hedged"
    if (has_any(clause, gt["distractor"]) and _distractor_before(a, r, clause, qs)) or (
            has_any(a.text, gt["distractor_cs"], qs - len(clause), qs) and r["distractor_cs"].search(a.text, qs - len(clause), qs)):
        return "another body's grade", "ratings.other_body"
    if sent.index > 0 and (_PRONOUN_GRADED.fullmatch(masked, sent.start, qs) or (
            _NAME_GRADED.fullmatch(a.text, sent.start, qs) and not a.las_in(sent.start, qs))):
        # (or a name that is no authority's: "A children's home in Tilbury has been rated good by
        # Ofsted. Riverbank View, which cares for up to four children, was previously rated ...")
        prev = a.sentences[sent.index - 1]
        dm = r["distractor"].search(masked, prev.start, prev.end) if has_any(masked, gt["distractor"], prev.start, prev.end) else None
        if dm is not None and masked.find("\n\n", prev.end, sent.start) < 0 \
                and not [la for la in a.las_in(prev.start, prev.end) if not _OWNER_OF.fullmatch(masked, la.end, dm.start())]:
            # (an authority only as the body's owner: "Hawley Lodge, the council's own children's home")
            # "Our children's home, Holland Brook House, is inspected separately. It was judged good
            # at its most recent inspection.": "it" is the body the sentence before is about
            return "another body's grade", "ratings.other_body"
    if sent.index > 1 and _NAME_DASH_GRADE.fullmatch(a.text, sent.start, qs) and not a.las_in(sent.start, qs) \
            and qe >= sent.end - 2:
        # "The council runs three children's homes. Their latest grades, as published by Ofsted,
        # are:" over lines "Carlton Ings – Good": each line is a body the list's opening is about
        k = sent.index - 1
        while k > 0 and _NAME_DASH_LINE.fullmatch(a.text, a.sentences[k].start, a.sentences[k].end):
            k -= 1
        intro = a.sentences[k]
        if masked[intro.start:intro.end].rstrip().endswith(":"):
            lo = a.sentences[k - 1].start if k > 0 and masked.find("\n\n", a.sentences[k - 1].end, intro.start) < 0 else intro.start
            if has_any(masked, gt["distractor"], lo, intro.end) and r["distractor"].search(masked, lo, intro.end) \
                    and not a.in_range("areas", lo, intro.end):
                return "another body's grade", "ratings.other_body"
    semi = left_sent.rfind(";")
    if semi >= 0 and has_any(left_sent, gt["distractor"], 0, semi) and _PRONOUN_GRADED.fullmatch(masked, qs - len(left_sent) + semi + 1, qs):
        last = None
        for last in r["distractor"].finditer(left_sent, 0, semi):
            pass
        if last is not None and not a.las_in(qs - len(left_sent) + last.end(), qs - len(left_sent) + semi):
            # "Ofsted registered Hounslow's own children's home, Cranford Brook House, in 2017; it is
            # rated good.": "it" is the body the clause before ends on
            return "another body's grade", "ratings.other_body"
    fm = _FOR_A.match(masked, qe)
    if fm is not None and has_any(fm.group(0), gt["distractor"]) and r["distractor"].search(fm.group(0)):
        return "another body's grade", "ratings.other_body"   # "Top marks for a Northolt primary"
    neg_start = max(sent.start, qs - 110)   # ("no part of" and a long subject; the other negations end within 60)
    if has_any(masked, gt["negated"], neg_start, qs) and r["negated"].search(masked, neg_start, qs) \
            and not r["held_rating"].match(masked, qe) \
            and not _ONLY_SHORT_OF.search(masked, max(sent.start, qs - 60), qs):
        # (not "below the good rating it received in 2014": held; nor "A was the only judgement
        # that fell short of good": the others' grade, rule ``ratings.quantified``)
        return "denied", "ratings.negated"
    near = clause.rsplit(",", 1)[-1]
    um = ((has_any(masked, gt["unnamed"], qs - len(near), qs) and r["unnamed"].search(masked, qs - len(near), qs))
          or (has_any(masked, gt["unnamed"], qe, min(qe + 25, sent.end))
              and r["unnamed"].search(masked, qe, min(qe + 25, sent.end))))   # not the next sentence's
    if um and um.start() >= qe and masked[qe:um.start()].lstrip().startswith(",") \
            and a.in_range("areas", sent.start, qs) and not a.in_sentence("quantifiers", sent):
        um = None   # "A and B were judged to require improvement, the only parts of the service to escape ...": an aside on the areas named
    if um and not _apposition_to_area(a, um.start()) and not _named_before(a, masked, um.start()) \
            and not r["area_anaphora"].search(near) and not any(
            q.start <= um.start() < q.end for q in a.in_sentence("quantifiers", sent)) and not (
            um.start() < qs and a.in_range("areas", um.end(), qs)) and not (
            um.start() < qs and _ONE_AREA_GRADED.search(masked, um.start(), qs)
            and (wm := _WAS_NEXT.match(masked, qe)) is not None and a.in_range("areas", wm.end(), wm.end() + 5)) and not (
            um.start() < qs and (cm := _COLON_NEXT.match(masked, qe)) is not None and a.in_range("areas", cm.end(), cm.end() + 5)):
        # ("The one area to be judged good was the experiences and progress of ...": named after the
        # copula; "Three of the framework's other judgements are also outstanding: A, B, and C": listed after a colon)
        return "unnamed areas", "ratings.unnamed"
    # "Thirty-one required improvement to be good, and 19 were inadequate": a count of councils
    gate = a.memo.get(("numgate", sent.index))
    if gate is None:
        gate = a.memo[("numgate", sent.index)] = _has_number(masked, sent.start, sent.end)
    seg_start = max((m.end for m in a.las_in(sent.start, qs)), default=sent.start) if gate else qs
    if seg_start < qs:
        seg = masked[seg_start:qs]
        if _has_count(seg) and _NUM_SUBJ.search(seg) and (seg_start == sent.start or not _POSSESSIVE.match(seg)) \
                and not _bullet_areas(a, sent) and not _areas_in_when_clause(a, seg, seg_start, qs) \
                and not _colon_lists_areas(a, masked, qe):
            return "a count of councils (a national statistic)", "ratings.national"
    if has_any(masked, _COUNCILS_PIECES, sent.start, qs):
        seg = masked[max((m.end for m in a.las_in(sent.start, qs)), default=sent.start):qs]
        if _vague_councils().search(seg):
            # "Many of the councils inspected under the new framework so far have been judged to require improvement"
            return "a count of councils (a national statistic)", "ratings.national"
    # another body named as the subject ("Larkspur Lodge, was itself rated ...")
    clause_start = qs - len(clause)
    for m in (_CAPNAME.finditer(a.text, clause_start, qs) if has_any(a.text, _CAPNAME_VERBS, clause_start, qs) else ()):
        if masked[m.start()] == " ":
            continue  # inside blanked direct speech
        s0, e0 = m.start(), m.end()
        if any(x.start < e0 and s0 < x.end for x in a.las_in(s0 - 200, e0)):
            continue
        if any(x.start < e0 and s0 < x.end and x.org_type == "regulator" for x in a.others_in(s0 - 200, e0)):
            continue
        if any(ar.start < e0 and s0 < ar.end for ar in a.in_range("areas", s0 - 200, e0)):
            continue
        words = m.group(0).split()
        if words[0] in ("The", "A", "An", "In", "At", "Its", "Their", "Inspectors", "Ofsted") and len(words) <= 2:
            continue
        if a.dated_in(s0, e0):
            continue   # a date's month ("By May 2022 it was good"), not a body's name
        if words[0] in _TITLES or _SPEECH_AFTER.match(a.text, e0):
            continue   # a person ("Cllr Ruth Ebrahimi asked why adoption was ..."), not a body
        if _OWN_NAMES.search(m.group(0)):
            continue
        return "another body's grade", "ratings.other_body"
    for o in a.others_in(sent.start, qs):
        if o.org_type == "other" and o.end <= qs:
            if a.in_range("areas", o.start, o.end):
                # "the Wigan Local Safeguarding Children Board was judged inadequate": a body whose
                # name is a judgement area (the LSCB review) is graded as the authority's area
                continue
            aside = _RELATIVE_ASIDE.match(masked, o.end, qs)   # "X, which looks after 14 Calderdale children, was judged"
            if not a.las_in(aside.end() if aside else o.end, qs) and qs - o.end < 120:
                return "another body's grade", "ratings.other_body"
    return None


#: Where a hedge's reach ends before a clause naming an authority: ", and", ", as".
#: Councils the text names, counted or pointed at: "both councils", "the three authorities".
_THESE_COUNCILS = re.compile(r"\b(?:both|the\s+two|the\s+three|the\s+four|all\s+three|all\s+four|these|those)\s+$")
#: (not ", and for Buckinghamshire to be good overall": the wish's own second infinitive)
_NEW_CLAUSE = re.compile(r",\s+(?:and|as)\s(?!\s*for\s)")
#: A generic council "rated" a grade (a hedge), unless a year dates it: then it is the one council.
_ONE_COUNCIL_RATED = frozenset(("a council rated", "an authority rated", "a local authority rated",
                                "a council judged", "an authority judged", "a local authority judged"))
_DATED_AFTER = re.compile(r"['’\"”]?\s+(?:overall\s+)?(?:(?:in|at)\s+(?:[a-z]+\s+)?|as\s+recently\s+as\s+)(?:19|20)\d\d\b")


def _distractor_before(a: Analysis, r: dict, clause: str, qs: int) -> bool:
    """Whether another body (a school, a home, ...) is named in the clause before the grade at
    ``qs`` with no authority named after it ("The school's result comes weeks after North
    Tyneside Council's own children's social care services were rated outstanding": the council's)."""
    last = None
    for last in r["distractor"].finditer(clause):
        pass
    if last is None:
        return False
    c0 = qs - len(clause)
    if _JOINT_WITH_OFSTED.search(clause, 0, last.start()):
        # "a joint inspection by Ofsted and the Care Quality Commission rated both safeguarding and
        # services for looked after children inadequate": a co-inspector, not the body graded
        return False
    if _REL_GRADED_END.search(a.masked, c0 + last.end(), qs) and any(
            _REL_OPENS.match(a.masked, ar.end) for ar in a.in_range("areas", c0, c0 + last.start())):
        # "The Buckinghamshire Safeguarding Children Board, which brings together the council, police,
        # schools and health services, was judged inadequate": the body is in a relative clause about
        # the area graded
        return False
    # an authority and its services named after the other body: "... after North Tyneside Council's
    # own children's social care services were rated"
    return not any(a.in_range("subjects", la.end, qs) for la in a.las_in(qs - len(clause) + last.end(), qs))


#: Ofsted named as the other body's co-inspector right before it: "by Ofsted and the ".
_JOINT_WITH_OFSTED = re.compile(r"\b(?:ofsted|Ⓑ)\s+and\s+(?:the\s+)?$")
#: A dated time and a "when" clause about it: "since July 2012, when the previous inspection ..."
#: (rule ``ratings.hedged``).
_DATED_WHEN = re.compile(r"\b(?:19|20)\d\d,\s+when\s+(?![^.;]*\b(?:will|would|could|might|may)\b)")
#: A perfect tense right before a hedge word ("has become"): a fact, not a hope (rule ``ratings.hedged``).
_PERFECT_BEFORE = re.compile(r"\b(?:has|have|had)\s+(?:now\s+|just\s+|already\s+)?$")
#: A relative clause opening right after an area: ", which brings together ...".
_REL_OPENS = re.compile(r"\s*,\s*(?:which|that)\s")
#: The verb a relative clause's head takes, right before its grade: ", was judged ".
#: (perhaps after a first predicate joined by "and": ", was reviewed at the same time and was also judged ").
_REL_GRADED_END = re.compile(r",\s*(?:(?:was|were|is|are|has\s+been|have\s+been|had\s+been)\s+[a-z ]{1,40}?\s+and\s+)?"
                             r"(?:was|were|is|are|has\s+been|have\s+been|had\s+been)\s+(?:also\s+)?(?:judged|rated|graded|found)\s+(?:to\s+be\s+|as\s+)?['‘\"“]?$"
                             # (or a review of it as the subject: "A separate review of the ... Board, which brings
                             # the council together with the police, schools and health services, also found it to be ")
                             r"|,\s*(?:also\s+)?(?:found|judged|rated)\s+(?:it|them)\s+(?:to\s+be\s+|as\s+)?['‘\"“]?$")
#: Between an authority and the other body it owns: "'s own ", "'s ".
_OWNER_OF = re.compile(r"['’]s\s+(?:own\s+)?(?:[a-z]+\s+){0,2}?")
#: A sentence opening on "it" graded: "It was judged good ...", "It is rated outstanding".
_PRONOUN_GRADED = re.compile(r"\s*(?:it|it\s+too|it\s+also)\s+(?:was|is|has\s+been|had\s+been)\s+(?:also\s+|again\s+)?(?:judged|rated|graded|found)\s+(?:to\s+be\s+|as\s+)?['‘\"“]?")
#: A sentence opening on a name graded: "Riverbank View, which cares for up to four children, was
#: previously rated " (matched on the text, for its capitals).
_NAME_GRADED = re.compile(r"\s*(?:[A-Z][a-z]+\s+){1,3}[A-Z][a-z]+(?:\s*,[^,.;]{0,60},)?\s+(?:was|is|has\s+been|had\s+been)\s+"
                          r"(?:also\s+|previously\s+|again\s+|now\s+)?(?:judged|rated|graded|found)\s+(?:to\s+be\s+|as\s+)?['‘\"“]?")
#: A line naming a body and its grade after a dash or colon: "Wombwell Fold – " (matched on the text).
_NAME_DASH_GRADE = re.compile(r"\s*(?:[A-Z][\w'’-]*\s+){0,4}[A-Z][\w'’-]*\s*[–—:-]\s*")
#: A whole such line: "Carlton Ings – Good".
_NAME_DASH_LINE = re.compile(r"\s*(?:[A-Z][\w'’-]*\s+){0,4}[A-Z][\w'’-]*\s*[–—:-]\s*[A-Z][\w ]{0,40}?\s*")
#: What a grade is given to, right after it: "for a Northolt primary", "to the town's nursery".
_FOR_A = re.compile(r"['’\"”]?\s+(?:for|to)\s+(?:a|an|one|the|its|their)\s+[^,.;:!?\n]{0,40}")
#: "the one area still ...": "still" of what is left, not of what was before.
_ONE_AREA_STILL = re.compile(r"\b(?:one|only)\s+(?:area|judge?ment)\s+(?:that\s+|which\s+)?(?:is\s+|was\s+)?still\b")
#: After a grade, the copula before the area it went to ("… judged good was the experiences ...").
_WAS_NEXT = re.compile(r"['’\"”]?\s+(?:this\s+time\s+)?(?:was|were|is)\s+")
#: Between an area and the unnamed phrase it is: "help and protection was the only area that ...".
#: (an aside may come between: "Help and protection, the area examined again in last month's
#: visit, was the one judgement to fall short")
_IS_THE = re.compile(r"(?:\s*,[^,.;:]{1,80},)?\s+(?:was|is|were|are|remains|remained)\s+$")


def _named_before(a: Analysis, masked: str, pos: int) -> bool:
    """Whether an area is named right before ``pos`` as the subject of "was the only area"."""
    return any(_IS_THE.fullmatch(masked, ar.end, pos) for ar in a.in_range("areas", max(0, pos - 120), pos))


#: A relative clause or an apposition set off by commas right after a name: ", which looks after 14
#: Calderdale children,", ", an independent agency based in the borough that places many of
#: Enfield's teenagers,".
_RELATIVE_ASIDE = re.compile(r"\s*,\s*(?:which|who|whose|an?)\b[^,]{0,100},")


def _clause_block(left: str) -> str:
    """The last clause of ``left`` (split at ``_CLAUSE_BLOCK``; most texts hold none of its marks).
    Items of a list after a colon, apart only by semicolons, share the lead-in's clause ("Our
    self-assessed grades for 2019-20 are: help and protection, outstanding; children in care,
    outstanding; care leavers, good")."""
    if ";" in left or "while" in left or "whereas" in left or "but" in left:
        colon = left.rfind(":")
        if colon >= 0 and ";" in left[colon:] and len(_CLAUSE_BLOCK.split(left[colon:])) == left.count(";", colon) + 1:
            return _clause_block(left[:colon]) + left[colon:]
        return _CLAUSE_BLOCK.split(left)[-1]
    return left


def _apposition_to_area(a: Analysis, pos: int) -> bool:
    """Whether ``pos`` opens an apposition to an area ("care leavers, the one area that was ...")."""
    m = _APPOSITION.search(a.masked, max(0, pos - 4), pos)
    if m is None:
        return False
    return any(ar.end == m.start() for ar in a.in_range("areas", m.start() - 200, m.start()))


_APPOSITION = re.compile(r"\s*,?\s*(?:the\s+)?$")   # "care leavers, the one area", "with children in care the only area"


# --------------------------------------------------------------------------------------------
# areas


_AREA_AT_LA = re.compile(r"\s+(?:at|in|of|within|by)\s+(?:the\s+)?")
_AREA_SERVICES_AT_LA = re.compile(r"['’]s?\s+Ⓢ\s+(?:at|in|within)\s+(?:the\s+)?")


def _area_ref(it: Item, rule: str) -> AreaRef:
    return AreaRef(it.ref.area, it.ref.surface, it.start, rule)


_CLAUSE_REST = re.compile(r"[^;,.]*")


def _clause_rest(s: str, pos: int) -> str:
    """The text from ``pos`` to the clause's next comma, semicolon or full stop."""
    m = _CLAUSE_REST.match(s, pos)
    return m.group(0) if m else ""


def _area_run(sk: Skeleton, pos: int, first: Item, rule: str) -> list[AreaRef]:
    """The area at ``first`` and the areas listed after it."""
    out = [_area_ref(first, rule)]
    pos = first.sk + 1
    lst = rx()["area_list"]
    while True:
        m = lst.match(sk.s, pos)
        if m is None:
            break
        if ";" in sk.s[pos:m.end()] and "Ⓖ" in _clause_rest(sk.s, m.end()):
            break   # "…, children in care and care leavers; help and protection stays good": a new clause
        if "," in sk.s[pos:m.end()] and (sv := _SUBJECT_VERB_ASIDE.match(sk.s, m.end())) and "Ⓖ" in _clause_rest(sk.s, sv.end()):
            # "good for Ⓐ, and Ⓐ had been judged Ⓖ", "outstanding for Ⓐ, and Ⓐ, graded on their
            # own for the first time, are Ⓖ too": the subject of a clause of its own
            break
        if "," in sk.s[pos:m.end()] and _OWN_VERB_AFTER.match(sk.s, m.end()):
            # "The one area to require improvement was Ⓐ, and Ⓐ has made ... its first priority":
            # the subject of a clause with a verb of its own, no item of the list
            break
        it = sk.at[m.end() - 1]
        out.append(_area_ref(it, "ratings.area_list"))
        pos = m.end()
    qm = _AND_Q_COLON.match(sk.s, pos) if "Ⓠ" in sk.s[pos:pos + 20] else None
    if qm is not None:
        # "a good grade for Ⓐ and for each of the four areas beneath it: Ⓐ, the Ⓐ given to children
        # at risk, Ⓐ, and the Ⓐ": the areas the colon lists, each piece one area and a few words
        end = sk.s.find(".", qm.end())
        pieces = _LIST_SPLIT.split(sk.s[qm.end():end if end >= 0 else len(sk.s)])
        if pieces and all(p.count("Ⓐ") == 1 and len(p.split()) <= 7 for p in pieces):
            k = qm.end()
            for _ in pieces:
                k = sk.s.index("Ⓐ", k)
                out.append(_area_ref(sk.at[k], "ratings.area_list"))
                k += 1
    return out


#: After an area, a verb of its own that is no copula before a grade: " has made", " will ".
_OWN_VERB_AFTER = re.compile(r"\s+(?:has|have|had|will|would|can|could|should|must|did|does|do)\s+(?!been\b|also\s+been\b)")
#: After a run of areas, a count of them with its list after a colon: " and for Ⓠ beneath it: ",
#: " and in each of Ⓠ: ".
_AND_Q_COLON = re.compile(r"\s*,?\s*and\s+(?:for\s+|in\s+)?(?:each\s+of\s+)?Ⓠ[^.;:Ⓐ]{0,30}:\s*(?=(?:the\s+)?Ⓐ)")
#: The pieces of a list after a colon: ", ", ", and ", " and ".
_LIST_SPLIT = re.compile(r"\s*[,;]\s*(?:and\s+)?|\s+and\s+")


#: A date (and a dash) between a grade and the areas it grades: "rated Ⓖ in Ⓓ – overall, for Ⓐ, ...",
#: "rated Ⓖ in Ⓓ for Ⓐ, Ⓐ and Ⓐ", "judged Ⓖ in Ⓓ, for Ⓐ, for Ⓐ ...", "judged Ⓖ at its inspection in Ⓓ, for Ⓐ".
_DATE_DASH = re.compile(r"\s+(?:(?:at\s+(?:its|the|their|our)\s+(?:[a-z]+\s+)?(?:re-?)?inspection\s+)?in\s+)?Ⓓ(?:\s*[–—]|(?=,?\s+for\s))")
#: An apposition naming the grade, then "for" its areas: ", the grade inspectors gave in Ⓓ for Ⓐ".
_GRADE_APPOSITION = re.compile(r",\s*the\s+(?:grade|rating|judge?ment)\s+(?:that\s+)?(?:inspectors|Ⓑ|it|they)\s+(?:gave|awarded|made)"
                               r"(?:\s+(?:it|them|us|Ⓛ))?(?:\s+(?:in|on)\s+Ⓓ)?(?=\s+for\s)")
#: The grade's noun and who received it, between a grade and its count of areas: " grades Ⓛ received
#: in Ⓠ", " ratings it was given across Ⓠ".
_GRADES_RECEIVED = re.compile(r"\s+(?:grades?|ratings?|judge?ments?)\s+(?:that\s+)?(?:Ⓛ|it|they)\s+(?:received|got|had|earned|achieved|(?:was|were)\s+given)(?=\s+(?:in|for|across)\s+Ⓠ)")
#: The grading body and the date between a grade and its areas: "rated Ⓖ by Ⓑ in Ⓓ in Ⓠ: ...".
_BY_BODY = re.compile(r"\s+by\s+Ⓑ(?:\s+(?:in|on)\s+Ⓓ)?(?=\s+(?:in|for|across)\s)")
#: A count of the areas a quantifier names: "two of Ⓠ" (which two, only a list after it says).
_COUNT_OF = re.compile(r"\b(?:one|two|three|four|five|1|2|3|4|5)\s+of\s+$")
_COUNT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5}
#: An earlier grade that still holds: "Ⓖ in Ⓓ and still does", "was Ⓖ in Ⓓ and still is", "was Ⓖ
#: in Ⓓ and stays there", "were all Ⓖ last time, in Ⓓ, and stay there".
_STILL_DOES = re.compile(r"(?P<g>Ⓖ)\s+(?:last\s+time\s*,?\s*)?(?:in\s+|at\s+)?Ⓓ\s*,?\s+and\s+(?:it\s+|they\s+)?"
                         r"(?:still\s+(?:does|do|is|are)|stays?\s+there|remains?\s+(?:so|there)|(?:has|have)\s+stayed\s+there)\b")
#: A count that is an earlier grade's: "outstanding in every judgement except two: ...".
_GRADE_IN_Q = re.compile(r"Ⓖ\s+(?:in|across|for)\s+$")
#: The areas a grade is given to: "gave the same grade to Ⓐ and to Ⓐ".
#: (or to the work with it: "gave the same grade to its work with children who need help and protection")
_TO_AREA = re.compile(r"\s+to\s+(?:(?:the|its|their|our)\s+(?:work|services?|support)\s+(?:with|for)\s+)?(?:the\s+|its\s+|their\s+|our\s+)?Ⓐ")
#: The one area a grade went to, named after the copula: "The one area to be judged good was the
#: experiences and progress of children in care", "The one area judged to require improvement was care leavers",
#: "The one area still requiring improvement to be good is the experiences and progress of ...", "The one area still to require improvement is ...", "The one area to require improvement was ...".
_ONE_AREA_GRADED = re.compile(r"\b(?:one|only|single|sole)\s+(?:area|judge?ment)\s+(?:(?:to\s+be\s+|that\s+was\s+|which\s+was\s+)?"
                              r"(?:judged|rated|graded|found)\s+(?:to\s+|as\s+)?|still\s+(?:to\s+)?|to\s+)$", re.I)
_WAS_AREA = re.compile(r"\s+(?:this\s+time\s+)?(?:was|were|is)\s+(?:the\s+)?Ⓐ")
#: After "said the same" or "reached the same view": the first area it is said of ("They said the same of the impact of leaders, ...", "reached the same view on Ⓐ, on Ⓐ ...").
_OF_AREA = re.compile(r"\s+(?:of|on)\s+(?:the\s+)?Ⓐ")
#: The areas a count of all of them names as well: "every one of Ⓛ's judgements Ⓖ, including Ⓐ and Ⓐ".
_INCLUDING_AREAS = re.compile(r",\s+including\s+(?:the\s+)?(?=Ⓐ)")
#: An aside that names some of the areas a count of all of them covers: ", including the combined judgement for Ⓐ,".
_INCLUDING_OPENER = re.compile(r",\s*including\b")
#: A count whose aside spans its areas from first to last, up to their grade: "Ⓠ, from Ⓐ through to ... Ⓐ, were ".
_RANGE_COUNT = re.compile(r"Ⓠ\s*[,–—]\s*from\s+(?:the\s+)?Ⓐ\s+(?:right\s+)?(?:through\s+)?to\s+[^,;:.Ⓖ–—()]*?Ⓐ\s*[,–—]\s*(?:[a-z]+\s+){0,3}")
#: A dash opening the list of areas a count names ("in four of the five judgements – A, B, ...").
_LIST_DASH = re.compile(r"\s+[–—-]")


def _quantified(sk: Skeleton, m: re.Match, qpos: int) -> list[AreaRef]:
    q = sk.at[qpos]
    ref = AreaRef("*" + q.ref.kind, q.ref.surface, q.start, "ratings.quantified", q.ref.count)
    after = m.end()
    colon = sk.s.find(":", qpos, min(len(sk.s), qpos + 40))
    dash = _LIST_DASH.match(sk.s, qpos + 1)
    if dash is not None:
        colon = dash.end() - 1   # "in four of the five judgements – overall effectiveness, ..."
    if colon != -1 and not re.search(r"[.;]", sk.s[qpos:colon]) and not (m.group("except") and colon < m.end()):
        # (not "in every judgement except two: A and B", whose list is the exception)
        nxt = next((it for it in sk.of_kind("area", colon) ), None)
        if nxt is not None and re.fullmatch(r"\s*(?:the\s+)?", sk.s[colon + 1:nxt.sk]):
            return _area_run(sk, colon + 1, nxt, "ratings.quantified")
    if m.group("except"):
        if m.group("one"):
            ref.except_unnamed = True
        else:
            ex = sk.at.get(after - 1)
            if ex is not None and ex.kind == "area":
                excluded = [ex.ref.area]
                pos = after
                lst = rx()["area_list"]
                while (lm := lst.match(sk.s, pos)) is not None:
                    excluded.append(sk.at[lm.end() - 1].ref.area)
                    pos = lm.end()
                ref.excluded = tuple(excluded)
    elif q.ref.kind == "some" and (om := _ONLY_AREA.match(sk.s, after)) is not None:
        # "outstanding in four of its five areas; only the experiences and progress of care leavers
        # were judged good": all but the one named after "only"
        ref.excluded = (sk.at[om.end() - 1].ref.area,)
    return [ref]


#: The one area set apart after a count: "; only the experiences and progress of care leavers were".
_ONLY_AREA = re.compile(r"\s*[;,–—-]\s*(?:but\s+)?only\s+(?:the\s+)?Ⓐ")


#: An aside opening on a count, less some areas or none, as its subject: ", when Ⓠ except Ⓐ", ", when Ⓠ was".
#: An area right after a grade, or after "the", "its" or "their" ("rated as Ⓖ the Ⓐ ...").
_DET_AREA = re.compile(r" (?:(?:the|its|their) )?Ⓐ")
_WHEN_ALL = re.compile(r",\s*(?:when|where)\s+(?P<q>Ⓠ)(?:\s+(?:except|apart\s+from|other\s+than|but)\s+(?=Ⓐ)|(?!\s+(?:except|apart|other|but)\b))")


#: After a run of areas, "and" a count of the other judgements: "Ⓐ and for Ⓠ", "Ⓐ and in each of Ⓠ"
#: (group ``q``: where the count's own pattern, ``ratings.quantified``, reads from).
_AND_COUNT_AFTER_RUN = re.compile(r"Ⓐ\s*,?\s*and\s+(?P<q>(?:for|in)\s+(?:each\s+of\s+)?Ⓠ)")
#: A clause's end between an area run's last area and what follows it.
_CLAUSE_BREAK = re.compile(r"[.;!?Ⓖ]")


#: A from-to change going on to a third grade: " and back to Ⓖ", " and then back up to Ⓖ".
_AND_BACK_TO = re.compile(r"\s*,?\s+and\s+(?:then\s+)?(?:straight\s+)?back\s+(?:down\s+|up\s+)?to\s+(?:be\s+)?Ⓖ")
#: A change said right before "still": "has improved but still", "has risen, yet still".
_CHANGED_BUT = re.compile(r"\b(?:improved|risen|rose|moved\s+up|fallen|fell|declined|dropped|slipped)\s*,?\s+(?:but|yet)\s+s?$")
#: After a grade, "and" a count with a grade of its own right after it: " and Ⓠ Ⓖ".
_AND_Q_OWN_GRADE = re.compile(r"\s*,?\s*and\s+Ⓠ\s*Ⓖ")


def _bind_areas(a: Analysis, sk: Skeleton, st: Statement) -> None:
    r = rx()
    s = sk.s
    pos = st.sk_end
    got: list[AreaRef] = []
    if st.grade is not None and (sc := _ON_SCALE.match(s, pos)) is not None:
        pos = sc.end()   # "the second-lowest rating on the four-point scale for Ⓐ, for Ⓐ ..."
    if st.grade is not None and (pe := _POSSESSIVE_ELLIPSIS.search(s, max(0, st.grade.sk - 40), st.grade.sk)) is not None:
        # "inspectors gave a separate grade for care leavers – and Bexley's was outstanding": the
        # authority's grade for the area just named
        st.areas = [_area_ref(sk.at[pe.start()], "ratings.areas_before")]
        return
    if st.rule == "ratings.same" and st.grade is not None and _LA_WAS_AWARDED.match(s, pos):
        # ", retaining the good rating the council was awarded in 2019": the authority's own
        # rating, its overall grade
        st.areas = [AreaRef("overall_effectiveness", "rating", st.start, "ratings.overall")]
        return
    if st.grade is not None and not s[:st.grade.sk].strip(" -•*") and (fg := r["grade_as_subject"].match(s, pos)) is not None:
        pos = fg.end()   # "Outstanding was the judgement for Ⓐ, for Ⓐ ...", "Good was the grade in Ⓠ: ..."
        st.rules.append("ratings.grade_as_subject")
    if st.grade is not None and _COLON_END.fullmatch(s, pos):
        listed = _bullet_areas(a, sk.sent)
        if listed:
            # "Inspectors rated the council good for:" over "• the impact of leaders", ...
            st.areas = [AreaRef(m.area, m.surface, m.start, "ratings.bullet_areas") for m in listed]
            return
    if st.grade is not None and (pm := _PARTS_COUNTED.match(s)) is not None and pm.end() <= st.grade.sk \
            and (cl := _COLON_LIST.match(s, pos)) is not None:
        run = _area_run(sk, cl.end(), sk.at[cl.end()], "ratings.area_list")
        if run and _SENTENCE_REST.fullmatch(s, sk.at[cl.end()].sk + 1 if len(run) == 1 else max(it.sk for it in sk.of_kind("area", cl.end())) + 1):
            # "Two parts of the service were judged good: Ⓐ and Ⓐ.": the parts counted are those listed
            st.areas = run
            return
    if st.grade is not None and (om := _ONLY_SHORT_OF_SK.search(s, 0, st.grade.sk)) is not None and om.end() == st.grade.sk:
        # "Ⓐ was the only judgement that fell short of good": every other judgement was good
        ex = sk.at[om.start("a")].ref.area
        st.areas = [AreaRef("*all", "the only judgement", st.start, "ratings.quantified", None,
                            ("children_in_care", "care_leavers") if ex == COMBINED else (ex,))]
        return
    dd = _DATE_DASH.match(s, pos)
    if dd is not None:
        pos = dd.end()   # "rated Ⓖ in Ⓓ – overall, for Ⓐ, for Ⓐ and for Ⓐ"
    bd = _BY_BODY.match(s, pos)
    if bd is not None:
        pos = bd.end()   # "were rated Ⓖ by Ⓑ in Ⓓ in Ⓠ: Ⓐ, Ⓐ ...": who graded, and when, before the areas
    ap = _GRADE_APPOSITION.match(s, pos) or _GRADES_RECEIVED.match(s, pos)
    if ap is not None:
        # "remains rated Ⓖ, the grade inspectors gave in Ⓓ for Ⓐ, Ⓐ, Ⓐ, and Ⓐ"; "matches the Ⓖ
        # grades Ⓛ received in Ⓠ at its last inspection"
        pos = ap.end()
    om = r["overall"].match(s, pos)
    if om:
        # (the word's own position, past the spaces the pattern takes before it: what explain shows)
        got.append(AreaRef("overall_effectiveness", "overall", sk.off[om.start() + len(om.group(0)) - len(om.group(0).lstrip())],
                           "ratings.overall"))
        pos = om.end()
    qm = r["quantified"].match(s, pos)
    if qm and "Ⓖ" in s[qm.end():qm.end() + 3] and _AND_Q_OWN_GRADE.match(s, pos):
        qm = None   # "with Ⓐ also Ⓖ and Ⓠ Ⓖ" ("and every other judgement requiring improvement"): the count's own grade
    if qm:
        qpos = s.index("Ⓠ", qm.start())
        got.extend(x for x in _quantified(sk, qm, qpos) if x.area not in {g.area for g in got}
                   and not (x.area == "*some" and not x.excluded))
        if not got:
            st.areas = []   # "good in three of the four areas": which three, the text does not say
            return
    else:
        fm = r["areas_after"].match(s, pos)
        run_rule = "ratings.areas_after"
        if fm is None and st.rule == "ratings.grade_anaphora":
            fm = _TO_AREA.match(s, pos) or _OF_AREA.match(s, pos)   # "Inspectors gave the same grade to the impact of leaders and to ..."
        if fm is None and st.grade is not None and _TO_AREA.match(s, pos):
            gm = r["given_to"].search(s, max(0, st.grade.sk - 40), pos + 40)
            if gm is not None and gm.start("g") == st.grade.sk:
                fm = _TO_AREA.match(s, gm.end())   # "handed the top grade to the impact of leaders and to ..."
                run_rule = "ratings.given_to"
        if fm is None and st.grade is not None and (dm := _DET_AREA.match(s, pos)) is not None:
            vm = r["verb_grade_areas"].search(s, max(0, st.grade.sk - 12), dm.end())
            if vm is not None and vm.start("g") == st.grade.sk:
                fm = vm   # "Inspectors also judged good the impact of leaders, the experiences ..."
                run_rule = "ratings.verb_grade_areas"
        if fm is None and st.grade is not None and (wm := _WAS_AREA.match(s, pos)) is not None \
                and _ONE_AREA_GRADED.search(s, max(0, st.grade.sk - 40), st.grade.sk):
            fm = wm   # "The one area to be judged good was the experiences and progress of children in care ..."
        if fm is None and st.grade is not None and (cm := _COLON_AREA.match(s, pos)) is not None \
                and _JUDGEMENTS_GRADED.search(s, max(0, st.grade.sk - 60), st.grade.sk):
            fm = cm   # "Each of the main judgements was good: children who need help and protection; ..."
        if fm is None and st.grade is not None and s.startswith(" Ⓐ", pos) and _ATTRIBUTIVE.search(s, max(0, st.grade.sk - 8), st.grade.sk):
            fm = _NEXT_AREA.match(s, pos)   # "judged us good overall, with outstanding adoption performance"
        if fm:
            got.extend(_area_run(sk, pos, sk.at[fm.end() - 1], run_rule))
            tail = _AND_COUNT_AFTER_RUN.search(s, fm.end() - 1)
            if tail is not None and not _CLAUSE_BREAK.search(s, fm.end(), tail.start()) \
                    and sk.at[tail.start()].ref.area == got[-1].area and "Ⓖ" not in _clause_rest(s, tail.end()):
                # "judged the council inadequate for overall effectiveness and for each of the four
                # other judgements:" over a bulleted list of them: the areas listed; with no list,
                # the judgements the text grades otherwise not (not "and in each of the other
                # areas it was rated good": the count's own grade)
                listed = _bullet_areas(a, sk.sent) if _COLON_END.fullmatch(s, tail.end()) else []
                if listed:
                    got.extend(AreaRef(m.area, m.surface, m.start, "ratings.quantified") for m in listed
                               if m.area not in {g.area for g in got})
                elif (tq := r["quantified"].match(s, tail.start("q"))) is not None and ":" not in s[tail.end():]:
                    got.extend(x for x in _quantified(sk, tq, s.index("Ⓠ", tq.start()))
                               if x.area not in {g.area for g in got} and x.area != "*some")
    k = st.grade.sk if st.grade is not None else st.anchor if st.rule == "ratings.from_after" else -1
    if k >= 0 and r["overall_before"].search(s, max(0, k - 45), k):
        # ("; overall, that was up from inadequate in 2019": "overall" opens the change's clause)
        if not any(g.area == "overall_effectiveness" for g in got):
            got.insert(0, AreaRef("overall_effectiveness", "overall", st.start, "ratings.overall_before"))
    if got or st.after_only:
        st.areas = got
        return
    if st.grade is not None and (bm := _BOTH_SUBJECT.search(s, max(0, st.anchor - 50), st.anchor)) is not None:
        pair = sk.of_kind("area", 0, bm.start())
        if len(pair) == 2 and pair[0].ref.area != pair[1].ref.area:
            # "when its safeguarding and looked after children services were last inspected, in
            # 2012, both were judged good": the two areas the sentence named
            st.areas = [_area_ref(it, "ratings.both_named") for it in pair]
            return
    if st.grade is not None and st.grade.sk < 60:
        fp = r["fronted_participle"].match(s)
        if fp is not None and fp.start("g") == st.grade.sk:
            # "Rated good four years ago, help and protection now requires improvement"
            st.areas = _area_run(sk, fp.end(), sk.at[fp.end()], "ratings.fronted_participle")
            return
    anchor = st.anchor
    if "Ⓠ" in s and (rq := _RANGE_COUNT.search(s, 0, anchor)) is not None and rq.end() == anchor \
            and sk.at[rq.start()].ref.kind == "all":
        # "all five judgements, from Ⓐ through to the new one for Ⓐ, were Ⓖ": the aside spans
        # the count's areas from first to last, so it names all of them, not its two ends
        q = sk.at[rq.start()]
        st.areas = [AreaRef("*all", q.ref.surface, q.start, "ratings.quantified", q.ref.count)]
        return
    asides = _asides(sk)
    inner = next(((x, y) for x, y in asides if x < anchor < y), None)
    if inner is None and st.grade is not None and st.grade.sk == anchor \
            and (rm := r["relative_area"].search(s, max(0, anchor - 60), anchor)) is not None:
        # "in every area except leadership, which was already outstanding": the relative clause's
        # grade is its antecedent's, the area right before it, even when an aside the sentence
        # opened before it (", when it was rated good overall and ...") holds that area (a relative
        # clause that is an aside of its own is read as one, rule ``ratings.aside``)
        st.areas = [_area_ref(sk.at[rm.start()], "ratings.relative_area")]
        return
    if inner is not None and st.rule == "ratings.grade_anaphora":
        own_q = [it for it in sk.by_kind.get("quantifier", ()) if inner[0] < it.sk < anchor and it.ref.kind == "all"]
        if own_q:
            # ", when the council was last fully inspected and every area was given that grade": the
            # aside's own count
            q = own_q[-1]
            st.areas = [AreaRef("*all", q.ref.surface, q.start, "ratings.quantified", q.ref.count)]
            return
    if inner is not None and (wq := _WHEN_ALL.match(s, inner[0])) is not None:
        # ", when every judgement except adoption performance had required improvement": the
        # aside's own count is its subject (less the areas it excepts)
        q = sk.at[wq.start("q")]
        if q.kind == "quantifier" and q.ref.kind == "all":
            # (only with the areas excepted, or with no grade outside the aside: ", when every
            # judgement was good" after "the grade it also received in 2019" is read as that
            # area's, right before the aside; after "Our overall grade is unchanged from the single
            # inspection published in February 2014" it is every judgement's)
            excluded = tuple(it.ref.area for it in sk.of_kind("area", wq.end(), anchor))
            if excluded or not sk.of_kind("grade", 0, inner[0]):
                st.areas = [AreaRef("*all", q.ref.surface, q.start, "ratings.quantified", q.ref.count, excluded)]
                if not excluded and (im := _INCLUDING_AREAS.match(s, st.sk_end)) is not None:
                    # ", when every area that Ofsted then inspected was judged good, including
                    # adoption performance, ... and the local safeguarding children board": the
                    # areas the count names as well
                    st.areas.extend(_area_run(sk, im.end(), sk.at[im.end()], "ratings.quantified"))
                return
    if inner is not None and not any(_SUBJECT_VERB.match(s, it.sk + 1) or _subject_of_grade(s, it.sk, st)
                                     for it in sk.of_kind("area", inner[0], anchor)) \
            and not (st.grade is not None and a.masked.startswith(("requir", "need"), st.grade.start) and any(
                _subject_of_grade(s, it.sk, st) for it in sk.by_kind.get("subject", ()) if inner[0] < it.sk < anchor)) \
            and not _VERB_AREA_GRADE.search(s, inner[0], anchor):
        # (nor one with an area of its own as the grading verb's object: ", which judged Ⓐ Ⓖ"; nor one
        # whose services are the subject of the grade as a verb: ", published in Ⓓ, judged that
        # children's services required improvement to be good")
        # a grade inside an aside grades the areas right before the aside (unless the aside has an
        # area of its own as its subject: ", when Ⓛ's Ⓐ was already rated Ⓖ"; not ", who ... were
        # assessed alongside Ⓐ and required Ⓖ")
        before = sk.of_kind("area", 0, inner[0])
        if before and not any(it.kind in ("subject", "authority") and before[-1].sk < it.sk < inner[0] for it in sk.items):
            group = _group_before(sk, before)
            if len(group) > 1 and _RELATIVE_OPENER.match(sk.s, inner[0]) and _OWN_FOR.search(sk.s, max(0, group[-1].sk - 8), group[-1].sk) \
                    and not _OF_EVERY_AREA.search(sk.s, inner[0], anchor):
                # "for A, for B, and for C, which had been good": the relative clause is C's alone
                # (not "for A and for B, who were both judged good")
                group = group[-1:]
            st.areas = [_area_ref(it, "ratings.aside") for it in group]
            return
    # the asides closed before the anchor, whose mentions are left out (none for a grade inside
    # an aside; most sentences have no aside at all, and then nothing is tested)
    closed = [(x, y) for x, y in asides if y <= anchor] if inner is None else []

    def outside(it: Item) -> bool:
        # (an area whose grade follows past an aside is no aside's: "when Ⓐ, then a single judgement, Ⓖ")
        return not any(x <= it.sk < y for x, y in closed) or _subject_of_grade(s, it.sk, st)

    before = sk.of_kind("area", 0, anchor)
    if closed:
        before = [it for it in before if outside(it)]
    if before and ("within" in s or "as part of" in s):
        # "Within the judgement on children looked after, adoption performance and ... require
        # improvement": the judgement that holds the areas graded is none of them
        before = [it for it in before if not _WITHIN_JUDGEMENT.search(s, max(0, it.sk - 40), it.sk)]
    if before and ("cover" in s or "includ" in s):
        # "In 2020 this judgement also covered care leavers, and it was outstanding then": the
        # judgement that held the area is graded, not the area it held
        before = [it for it in before if not _COVERED_BY.search(s, max(0, it.sk - 40), it.sk)]
    last_area = before[-1] if before else None
    # "care leavers' services now require improvement": the area's services are the area
    subj = [it for it in sk.by_kind.get("subject", ()) if it.sk < anchor and (not closed or outside(it))
            and not (last_area is not None and _AREA_POSSESSIVE.fullmatch(s, last_area.sk + 1, it.sk)
                     and (s[last_area.sk + 1] in "'’" or "," not in s[it.sk:anchor]))
            and not (last_area is not None and last_area.sk < it.sk and _PART_OF.search(s, max(0, it.sk - 30), it.sk))
            # "the leadership, management and governance of the service": the area's own services
            and not (last_area is not None and s[last_area.sk + 1:it.sk] == " of ")
            # "When Ofsted last looked at care leavers on their own, in 2017, it rated the service
            # good": the service the when-clause looked at
            and not (last_area is not None and _WHEN_LOOKED_AT.fullmatch(s, 0, it.sk)
                     and a.masked.startswith("the service", sk.off[it.sk]))]
    las = [it for it in sk.by_kind.get("authority", ()) if it.sk < anchor and (not closed or outside(it))
           and not (last_area is not None and _AREA_AT_LA.fullmatch(s, last_area.sk + 1, it.sk))
           # "Care leavers' services in Wokingham were rated Ⓖ": the place of the area's own services
           and not (last_area is not None and _AREA_SERVICES_AT_LA.fullmatch(s, last_area.sk + 1, it.sk))
           # "Ⓐ stands on its own line, and in Ⓛ it was judged Ⓖ": a place, the pronoun the subject
           and not (last_area is not None and last_area.sk < it.sk and s.endswith("in ", 0, it.sk)
                    and _PRONOUN_SUBJECT.match(s, it.sk + 1))
           # "Ⓐ was Ⓛ's weakest area, rated Ⓖ": the authority's, in what the area is said to be
           and not (last_area is not None and last_area.sk < it.sk and s.startswith(("'s ", "’s "), it.sk + 1)
                    and _COPULA_GAP.fullmatch(s, last_area.sk + 1, it.sk))]
    last_subj = max([it.sk for it in subj + las], default=-1)
    if closed and any(it.sk < anchor and not outside(it) for kind in ("subject", "authority") for it in sk.by_kind.get(kind, ())):
        st.rules.append("ratings.aside")   # "Ⓐ, Ⓛ's work with children at risk, is rated Ⓖ": not the subject
    quants = [it for it in sk.by_kind.get("quantifier", ()) if it.sk < anchor and (not closed or outside(it))]
    last_q = quants[-1] if quants else None
    if last_q is not None and r["past_clause"].search(s, last_q.sk, anchor) is not None:
        # "judged outstanding across the board, eight years after the same department was branded
        # Ⓖ": the count is the main clause's, not the earlier time's grade
        last_q = None
    if last_q is not None and closed and last_q.sk > last_subj:
        # "The other three areas graded in 2019 – Ⓐ, Ⓐ and Ⓐ – were judged good then as well": the
        # aside right after the count names its areas
        named_aside = next(((x, y) for x, y in closed if x > last_q.sk and _NAMING_GAP.fullmatch(s, last_q.sk + 1, x)), None)
        if named_aside is not None:
            listed = sk.of_kind("area", named_aside[0], named_aside[1])
            if listed and not any(it.sk > named_aside[1] for it in sk.of_kind("area", 0, anchor)):
                st.areas = [_area_ref(it, "ratings.quantified") for it in listed]
                if last_q.ref.kind == "all" and _INCLUDING_OPENER.match(s, named_aside[0]):
                    # "every judgement, including the combined judgement for Ⓐ, was Ⓖ": all of them,
                    # the aside's among them
                    st.areas.insert(0, AreaRef("*all", last_q.ref.surface, last_q.start, "ratings.quantified", last_q.ref.count))
                return
    if last_q is not None and last_q.sk > last_subj and (last_area is None or last_q.sk > last_area.sk):
        # "All five areas were judged good", "The remaining areas were all judged to require improvement"
        # ("Three of the four judgements were good": which three is not said, no area)
        if last_q.ref.kind == "those" and (cm := _COUNT_OF.search(s, 0, last_q.sk)) is not None:
            # "Four of those areas had been rated good in 2021": four of the areas graded just
            # before, which four only the framework of the statement's year can say
            n = _COUNT_WORDS[cm.group(0).split()[0]]
            st.areas = [AreaRef("*those_part", last_q.ref.surface, last_q.start, "ratings.quantified", n)]
            return
        if last_q.ref.kind == "some" or _COUNT_OF.search(s, 0, last_q.sk):   # "Two of the other three judgements were ..."
            lm = _COLON_LIST.match(s, st.sk_end)   # "Three of the areas were judged good: A, B and C."
            st.areas = _area_run(sk, lm.end(), sk.at[lm.end()], "ratings.quantified") if lm else []
            return
        lm = _COLON_LIST.match(s, st.sk_end)
        if lm and last_q.ref.kind in ("all", "rest"):
            # "Every judgement made under the framework was inadequate: A; B; and C": the areas listed
            st.areas = _area_run(sk, lm.end(), sk.at[lm.end()], "ratings.quantified")
            return
        st.areas = [AreaRef("*" + last_q.ref.kind, last_q.ref.surface, last_q.start, "ratings.quantified", last_q.ref.count)]
        if last_q.ref.kind == "all" and (xm := _EXCEPT_AFTER.match(s, st.sk_end)) is not None:
            # "every judgement was inadequate except the joint one for Ⓐ, which ...": all but the
            # areas excepted after the grade (a combined judgement excepts both its areas)
            run = _area_run(sk, xm.end(), sk.at[xm.end()], "ratings.quantified")
            excluded = tuple(x for ar in run for x in (("children_in_care", "care_leavers") if ar.area == COMBINED else (ar.area,)))
            st.areas[0].excluded = excluded
        if last_q.ref.kind == "all" and (im := _INCLUDING_AREAS.match(s, st.sk_end)) is not None:
            # "rated every one of Ⓛ's judgements Ⓖ, including Ⓐ and Ⓐ": the areas the count
            # names as well (an earlier framework's, which the latest inspection may not grade)
            st.areas.extend(_area_run(sk, im.end(), sk.at[im.end()], "ratings.quantified"))
        return
    if last_q is not None and last_area is not None and last_q.sk > last_subj and last_q.ref.kind == "all" \
            and last_q.sk < last_area.sk and r["except"].search(s, last_q.sk, last_area.sk) \
            and not sk.of_kind("grade", last_q.sk, last_area.sk) \
            and not any(it.sk > last_q.sk for it in subj + las) and not _GRADE_IN_Q.search(s, 0, last_q.sk):
        # "Every judgement except the one for care leavers was good": all but the areas excepted
        # (not "rated Ⓢ Ⓖ in Ⓠ except two: Ⓐ, and Ⓐ, were judged Ⓖ", whose count is the first grade's;
        # nor "Ⓠ except one was Ⓖ, and Ⓐ was also judged Ⓖ": a grade between, the area is the subject)
        excluded = tuple(it.ref.area for it in before if it.sk > last_q.sk)
        st.areas = [AreaRef("*all", last_q.ref.surface, last_q.start, "ratings.quantified", last_q.ref.count, excluded)]
        return
    if last_area is not None and last_area.sk > last_subj and _OWN_SUBJECT_AFTER.search(s, last_area.sk + 1, anchor):
        # "... for Liverpool care leavers – but service still inadequate": the clause after the
        # break has a subject of its own, the service, not the area
        st.areas = [AreaRef("overall_effectiveness", "service", st.start, "ratings.subject")]
        return
    if last_area is not None and last_area.sk > last_subj:
        group = _group_before(sk, before)
        st.areas = [_area_ref(it, "ratings.areas_before") for it in group]
        om = _OVERALL_LISTED.search(s, max(0, group[0].sk - 20), group[0].sk)
        if om is not None and om.end() == group[0].sk:
            # "The overall, leadership and children in care grades have all risen from good"
            st.areas.insert(0, AreaRef("overall_effectiveness", "overall", sk.off[om.start()], "ratings.areas_before"))
        return
    ana = None
    if not before:
        cb = sk.clause_before(anchor)
        # (an "aside" with nothing but a fronted phrase before it is the main clause: "After a
        # week-long inspection in Ⓓ, both are now Ⓖ.")
        fronted = inner is not None and not any(it.sk < inner[0] and it.kind != "date" for it in sk.items)
        ana = r["area_anaphora"].search(cb.rsplit(",", 1)[-1]) if inner is None or fronted else None
        if ana is None and _WHEN_IT_END.search(cb):
            # "That part of the service was last graded on its own in Ⓓ, when it also Ⓖ": the
            # when-clause's "it" is the clause's subject before the comma
            ana = r["area_anaphora"].search(cb)
    if ana is not None:
        # "Their experiences and progress were judged good": the one area of the sentence before
        # ("Both were ...": its two)
        prev = a.sentences[sk.sent.index - 1] if sk.sent.index > 0 else None
        in_prev = a.in_range("areas", prev.start, prev.end) if prev else []
        if prev is not None and prev.index > 0 and (ana.group("count") or ana.group("both")) and _SO_COPY.match(a.masked, prev.start, prev.end):
            # "Overall effectiveness now requires improvement to be good. So do A, and B. All three
            # were judged inadequate in 2015": the copy sentence's areas and the sentence it copies
            pp = a.sentences[prev.index - 1]
            in_prev = a.in_range("areas", pp.start, pp.end) + in_prev
        elif prev is not None and ana.group("count") and _LIST_ITEM.match(a.text, prev.line_start):
            # "• Overall effectiveness: ... • Children in care and care leavers: good | All four were
            # inadequate at the inspection in February 2019": the list's items just before
            first = prev
            while first.index > 0 and _LIST_ITEM.match(a.text, (up := a.sentences[first.index - 1]).line_start) \
                    and a.text.count("\n", up.end, first.start) <= 1:
                first = up
            in_prev = a.in_range("areas", first.start, prev.end)
        semi = s.rfind(";", 0, anchor)
        own = [it.ref for it in sk.of_kind("area", 0, semi)] if semi >= 0 else []
        if own and len({ar.area for ar in own}) == 1 and not (ana.group("count") or ana.group("both") or ana.group("each")):
            # "The council had been rated inadequate in 2020, when help and protection was also judged
            # inadequate; by 2022 that area had improved as well": the one area of the sentence's own
            # clause before the semicolon, not the sentence before's
            in_prev = own
        named = {ar.area for ar in in_prev}
        if (ana.group("it") or ana.group("it_subj") is not None) and (prev is None or a.las_in(prev.start, prev.end)):
            lead = _LEAD_CLAUSE.match(a.masked, prev.start, prev.end) if prev is not None else None
            if lead is not None and prev is not None and all(la.end <= lead.end() for la in a.las_in(prev.start, prev.end)) \
                    and (main := a.in_range("areas", lead.end(), prev.end)) and main[0].start == lead.end():
                # "When Ofsted graded Wolverhampton's child protection work in 2017, help and
                # protection required improvement. By May 2022 it was good": the authority only in
                # the opening clause, the main clause's subject an area: "it" is that area
                in_prev = main
                named = {ar.area for ar in main}
            else:
                named = set()   # "judged it good" after a sentence naming an authority: the authority
        if ana.group("them") and not ana.group("them").endswith(" for them") \
                and any(it.kind in ("subject", "authority") for it in sk.items if it.sk < anchor):
            named = set()   # "its plan to turn around children's services, weeks after Ofsted rated them inadequate"
        want = load_rules("mentions").vocab("counts")[ana.group("count")] if ana.group("count") else 2 if ana.group("both") \
            else max(len(named), 1) if ana.group("each") else 1
        refs = []
        seen: set[str] = set()
        for ar in in_prev:
            if ar.area not in seen:
                seen.add(ar.area)
                refs.append(AreaRef(ar.area, ar.surface, ar.start, "ratings.area_anaphora"))
        if (ana.group("count") or ana.group("both")) and len(named) == want - 1 and "overall_effectiveness" not in named \
                and prev is not None and _OVERALL.search(a.masked, prev.start, prev.end):
            # "... good overall, for leaders and for help and protection. All three ...": overall counts
            # (and "judged the service inadequate overall and inadequate for ... help and protection.
            # Both had been judged ...": its two)
            refs.insert(0, AreaRef("overall_effectiveness", "overall", prev.start, "ratings.area_anaphora"))
            named = named | {"overall_effectiveness"}
        if ana.group("last") and refs:
            # "... and the experiences and progress of children in care and care leavers. At the
            # previous inspection, in 2019, that last judgement had been good": the last area named
            refs = refs[-1:]
            named = {refs[0].area}
        if ana.group("first") and len(refs) > want:
            # "The first four are the same grades Gateshead received in 2019": the first four named
            refs = refs[:want]
            named = {ar.area for ar in refs}
        if named and len(named) == want:
            st.areas = refs
            return
        if _JUDGEMENT_WORD.search(ana.group(0)) or ana.group("part"):
            # "that judgement is good", "that part of the service was outstanding" with no one
            # area before it: which, unknown
            st.areas = []
            return
    if closed and last_subj < 0:
        # "when the same children, then assessed under the heading X, received an outstanding
        # grade": the aside names what the subject is
        in_asides = [it for it in sk.of_kind("area", 0, anchor) if not outside(it)]
        if in_asides:
            st.areas = [_area_ref(it, "ratings.aside") for it in _group_before(sk, in_asides)]
            return
    if st.grade is not None and _FOUND_IT.search(s, max(0, st.grade.sk - 24), st.grade.sk):
        named_items = sk.of_kind("area", 0, st.grade.sk)
        if named_items and len({it.ref.area for it in named_items}) == 1 and named_items[-1].sk > max(
                (it.sk for it in sk.by_kind.get("authority", ()) if it.sk < st.grade.sk), default=-1):
            # "... when the review of the Calderdale Safeguarding Children Board, which ..., found it
            # requires improvement": "it" is the one area named since the authority
            st.areas = [_area_ref(named_items[-1], "ratings.area_anaphora")]
            return
    if st.needs_area:
        return
    if _THAT_JUDGEMENT.search(sk.clause_before(anchor)):
        st.areas = []   # "which is why that judgement is good": a judgement the sentence does not name
        return
    if last_subj < 0 and st.grade is not None and _THE_GRADE.fullmatch(s, max(0, st.grade.sk - 4), st.grade.sk + 1) \
            and _GRADE_NOUN_AFTER.match(s, st.grade.sk + 1):
        st.areas = []   # "the outstanding grade was a first": a grade named before, no subject in its sentence
        return
    if st.grade is not None and r["restated_first"].search(s, max(0, st.grade.sk - 60), st.grade.sk):
        # "This is our first outstanding judgement under the current framework": a grade named
        # before, counted; which area's, the pronoun does not say
        st.areas = []
        st.rules.append("ratings.restated_first")
        return
    if last_subj < 0 and st.grade is not None and _GRADE_RENAMED.search(s, max(0, st.grade.sk - 30), st.grade.sk):
        st.areas = []   # "That grade – requires improvement – stung": an earlier grade named, no subject in its sentence
        return
    if st.grade is not None and _SINGLED_OUT.search(s, max(0, st.grade.sk - 120), st.grade.sk):
        st.areas = []   # "with inspectors singling out its work to find adoptive families as outstanding": that work's
        return
    if st.grade is not None and (last_subj < 0 or sk.at[last_subj].kind == "authority") \
            and (om := _OTHER_SUBJECT.search(s, max(0, st.grade.sk - 110), st.grade.sk)) \
            and (last_subj < 0 or om.start() == last_subj) and om.group("noun") not in _grade_subjects():
        # "when the news is good": a grade word said of something else, with no subject in its
        # sentence (or only the authority whose thing it is: "Ⓛ's framework of governance ... is adequate")
        st.areas = []
        st.rules.append("ratings.subject")
        return
    if st.grade is not None and (bm := _BOARD_SUBJECT.search(s, max(0, st.grade.sk - 120), st.grade.sk + 1)) is not None \
            and bm.start("g") == st.grade.sk:
        # "The Board itself was judged to require improvement", "while the board that oversees child
        # protection across the borough has been rated inadequate": the safeguarding children board
        # the text names (no grade of the council's), else a board's of its own
        board_named = _LSCB_NAMED.search(a.text) is not None
        st.areas = [AreaRef("lscb", bm.group(0), sk.off[bm.start()], "ratings.area_anaphora")] if board_named else []
        return
    if st.grade is not None and (bm := _BOARD_ITS.search(s, max(0, st.grade.sk - 120), st.grade.sk + 1)) is not None \
            and bm.end() == st.grade.sk + 1 and not sk.of_kind("area", bm.start(), st.grade.sk):
        # "The board's independent chair, X, said its good grade reflected ...": "its" is the board's
        board_named = _LSCB_NAMED.search(a.text) is not None
        st.areas = [AreaRef("lscb", bm.group(0), sk.off[bm.start()], "ratings.area_anaphora")] if board_named else []
        return
    if last_subj >= 0 or st.rating is not None or st.previous is not None:
        st.areas = [AreaRef("overall_effectiveness", "", st.start, "ratings.subject")]


#: A when-clause opening a sentence that looks at one area, then "it rated" ("When Ⓑ last looked
#: at Ⓐ on their own, in Ⓓ, it rated").
_WHEN_LOOKED_AT = re.compile(r"\W*when\s+Ⓑ\s+(?:last\s+|first\s+)?(?:looked\s+at|inspected|examined|assessed)\s+Ⓐ[^ⒶⓁⓈⒼ]*?,\s*(?:it|they)\s+(?:rated|judged|found|graded)\s+")


#: "The board's chair ... said its Ⓖ": the board's own grade.
_BOARD_ITS = re.compile(r"^\W*[Tt]he\s+(?:[Ss]afeguarding\s+)?[Bb]oard['’]s\s[^Ⓖ.;:ⓁⒶ]{0,80}?\bits\s+Ⓖ")


#: "the board" (and a relative clause) as the subject of the grade that ends the match.
_BOARD_SUBJECT = re.compile(r"\b[Tt]he\s+(?:[Ss]afeguarding\s+)?[Bb]oard\b(?:\s+itself)?(?:\s+(?:that|which)\s[^,;:.Ⓖ]{0,60})?\s+(?:was|were|is|has\s+been|had\s+been)\s+(?:also\s+|again\s+)?(?:rated|judged|found|graded|assessed\s+as)?\s*(?:to\s+(?:be\s+)?)?(?:as\s+)?(?P<g>Ⓖ)")
#: A safeguarding children board named in the text.
_LSCB_NAMED = re.compile(r"safeguarding\s+children\s+board|\bLSCBs?\b|safeguarding\s+board", re.I)
#: A common noun as the subject of a copula right before a grade: "the news is Ⓖ", "the picture was Ⓖ",
#: "Ⓛ's framework of governance, risk management and internal control is Ⓖ" (an of-phrase of plain words after it).
_OTHER_SUBJECT = re.compile(r"(?:\b(?:the|this|that|our|their|its|his|her|my|your)|Ⓛ['’]s)\s+(?:[a-z'’\-]+\s+){0,2}?(?P<noun>[a-z]+)"
                            r"(?:\s+of\s+[a-z][a-z ,\-]{0,70}?)?\s+"
                            r"(?:is|was|are|were|looks|looked|seems|seemed|remains|remained)\s+(?:(?:now|still|also|very|so|pretty|really)\s+)?$")


@lru_cache(maxsize=1)
def _grade_subjects() -> frozenset[str]:
    return frozenset(_rules().vocab("grade_subject_nouns"))


#: A grade given to a thing picked out (no area named in it): "singling out its work to find adoptive
#: families for children as Ⓖ", "picked out the front door as Ⓖ".
_SINGLED_OUT = re.compile(r"\b(?:singl(?:ing|ed|es|e)|pick(?:ing|ed|s)?|highlight(?:ing|ed|s)?)\s+out\b[^ⒶⒼ.;]{0,100}\bas\s+$")
#: From a grade to its sentence's closing colon: a few words ("good for:", "good in these areas:").
_COLON_END = re.compile(r"[^Ⓐ.;!?:]{0,40}:\s*")
#: Between a count of areas and the aside that lists them: a few words, a date ("graded in Ⓓ").
_NAMING_GAP = re.compile(r"(?:\s+(?:[a-z]+|Ⓓ)){0,4}\s*")
#: The areas a count of all of them leaves out, named after its grade: " except the joint one for Ⓐ",
#: ", apart from Ⓐ".
_EXCEPT_AFTER = re.compile(r"\s*,?\s*(?:except|apart\s+from|other\s+than|save\s+for)\s+(?:for\s+)?(?:the\s+(?:(?:joint|combined|single|shared)\s+)?"
                           r"(?:one|judge?ment|grade|area)\s+(?:for|of|on)\s+)?(?:the\s+)?(?=Ⓐ)")
#: A sentence opening on a count of the service's parts: "Two parts of Ⓢ were judged Ⓖ: ...", "Of
#: the six judgements made on Ⓛ, three were Ⓖ: ...".
_PARTS_COUNTED = re.compile(r"\s*(?:two|three|four|five|both)\s+(?:parts|areas|aspects|judge?ments)\s+of\s+(?:Ⓢ|the\s+(?:service|services|work))\s+"
                            r"|\s*(?:out\s+)?of\s+(?:the|its)\s+(?:four|five|six|seven)\s+(?:judge?ments|areas|grades)(?:\s+[^,;:Ⓖ]{1,40})?,\s+(?:two|three|four|five)\s+")
#: The rest of a sentence after its last listed area: nothing but its end.
_SENTENCE_REST = re.compile(r"\s*[.;]?\s*")
#: A clause break and a bare subject noun between an area and a later grade: " – but service still ".
_OWN_SUBJECT_AFTER = re.compile(r"(?:\s[–—]|[;,])\s*(?:but|yet|while|and)\s+(?:the\s+)?(?:service|services|council|authority)\s+(?:(?:is|are|was|were|remains?|still|now)\s+){0,2}$")
#: The one area below a grade, all others at it: "Ⓐ was the only judgement that fell short of Ⓖ"
#: (rule ``ratings.quantified``; ``_ONLY_SHORT_OF`` on the masked text lets the grade through the denial).
_SHORT_OF = r"(?:was|is|were|are)\s+the\s+(?:only|one)\s+(?:judge?ment|area)\s+(?:that|which|to)\s+(?:fell|falls|fall|fallen)\s+short\s+of\s+"
_ONLY_SHORT_OF_SK = re.compile(r"(?P<a>Ⓐ)\s+" + _SHORT_OF)
_ONLY_SHORT_OF = re.compile(r"\b" + _SHORT_OF + "$")
#: A colon right after a grade, before the areas it lists (masked text).
_COLON_NEXT = re.compile(r"\s*:\s*(?:the\s+)?")
_COLON_LIST = re.compile(r"\s*:\s*(?:the\s+)?(?=Ⓐ)")
_JUDGEMENT_WORD = re.compile(r"\b(?:judge?ment|area)\b")
#: "overall" heading a list of areas: "the overall, Ⓐ and Ⓐ grades".
_OVERALL_LISTED = re.compile(r"\b(?:the|its|their)\s+overall\s*,\s*")
#: "the Ⓖ grade": a grade pointed back to, with no subject in its sentence.
_THE_GRADE = re.compile(r"the\s+Ⓖ")
#: A grade set off after "that grade": "That grade – Ⓖ –", "this rating, Ⓖ,".
_GRADE_RENAMED = re.compile(r"\b(?:that|this|the)\s+(?:grade|rating|judge?ment|verdict)\s*[–—,:(-]\s*$")
_GRADE_NOUN_AFTER = re.compile(r"['’\"”]?\s+(?:grade|rating|judge?ment|verdict|mark)\b")
#: Where a grade sits on the scale, between it and its areas: " on the four-point scale".
_ON_SCALE = re.compile(r"\s+on\s+(?:the|ofsted['’]s|its|a|the\s+inspectorate['’]s)\s+(?:(?:four|4)[- ]point\s+)?(?:grading\s+)?scale\b")
#: "found it Ⓖ", "judged it Ⓖ": a pronoun object right before the grade.
_FOUND_IT = re.compile(r"\b(?:found|judged|rated|graded|deemed|assessed)\s+it\s+(?:as\s+|to\s+be\s+)?$")
#: A judgement pointed back to, not named: "that judgement", "this area", "that one".
_THAT_JUDGEMENT = re.compile(r"\b(?:that|this)\s+(?:judge?ment|area|one)\b")


#: An area after "for" in a clause with a grade before it: that grade's area, where the area after
#: it has no "for" ("outstanding grades for Ⓐ and for Ⓐ, and Ⓐ judged good": not the later grade's);
#: the "for" of "services for Ⓐ" names the area, no grade's ("judged Ⓛ Ⓖ overall and found Ⓐ,
#: services for Ⓐ and Ⓐ all Ⓖ").
_FOR_AFTER_GRADE = re.compile(r"Ⓖ[^.;:Ⓖ]*\b(?<!services\s)for\s+(?:the\s+|its\s+|their\s+)?$")


def _own_antecedents(sk: Skeleton, keep: list[Statement], st: Statement) -> list[AreaRef]:
    """The distinct areas the sentence names before the count ``st`` refers by ("both areas"),
    when no other statement of the sentence grades them."""
    pos = st.areas[0].pos
    bound = {x.pos for o in keep if o is not st for x in o.areas}
    out: list[AreaRef] = []
    for it in sk.of_kind("area"):
        if sk.off[it.sk] >= pos:
            break
        if sk.off[it.sk] in bound:
            return []
        if it.ref.area == COMBINED:
            return []   # one judgement of two areas: which count it makes is not said
        if all(x.area != it.ref.area for x in out):
            out.append(_area_ref(it, "ratings.both_named"))
    return out


def _group_before(sk: Skeleton, before: list[Item]) -> list[Item]:
    """The last area of ``before`` and the areas listed right before it ("X, Y and Z")."""
    group = [before[-1]]
    lst = rx()["area_list"]
    for it in reversed(before[:-1]):
        if _SEMI_SEP.fullmatch(sk.s, it.sk + 1, group[0].sk) and (dash := _DASH_LIST_OPEN.search(sk.s, 0, it.sk + 1)) \
                and _DASH_LIST_BODY.fullmatch(sk.s, dash.end(), it.sk + 1) and _DASH_CLOSE.match(sk.s, before[-1].sk + 1):
            # "Each of the three key judgements – Ⓐ; Ⓐ; and Ⓐ – was graded Ⓖ": a list set off by
            # dashes may take semicolons between its items
            group.insert(0, it)
            continue
        if ";" in sk.s[it.sk + 1:group[0].sk]:
            break   # "…, children in care and care leavers; help and protection stays good": a new clause
        if sk.s.endswith("Ⓖ ", 0, it.sk):
            break   # "kept its good overall grade, and its leaders were rated outstanding": the earlier grade's area
        if _FOR_AFTER_GRADE.search(sk.s, 0, it.sk) and not _FOR_AFTER_GRADE.search(sk.s, 0, group[0].sk):
            # "with outstanding grades for the overall picture and for leadership, and help and
            # protection judged good" (not "good for Ⓐ and for Ⓐ – all three were good in 2022")
            break
        if "," in sk.s[it.sk + 1:group[0].sk] and _names_inspection(sk, before, it):
            break   # "At the 2012 inspection of Ⓐ and Ⓐ, Ⓐ had been judged Ⓖ": the inspection's name
        if lst.fullmatch(sk.s, it.sk + 1, group[0].sk + 1):
            group.insert(0, it)
        else:
            break
    return group


#: Between two areas of a list set off by dashes: "; ", "; and ".
_SEMI_SEP = re.compile(r"\s*;\s*(?:and\s+)?")
#: The dash opening such a list, right before its areas ("judgements – Ⓐ; Ⓐ; and Ⓐ – was graded").
_DASH_LIST_OPEN = re.compile(r"\s[–—]\s*(?=(?:Ⓐ\s*;\s*(?:and\s+)?)*Ⓐ$)")
_DASH_LIST_BODY = re.compile(r"(?:Ⓐ\s*;\s*(?:and\s+)?)*Ⓐ")
_DASH_CLOSE = re.compile(r"\s*[–—]\s")
#: Right before the areas that name an inspection: "the 2012 inspection of Ⓐ and Ⓐ".
_INSPECTION_OF = re.compile(r"\binspections?\s+(?:of|into)\s+(?:the\s+|its\s+|their\s+)?$")


def _names_inspection(sk: Skeleton, before: list[Item], it: Item) -> bool:
    """Whether the run of areas ending at ``it`` follows "inspection of" (it names an inspection)."""
    lst = rx()["area_list"]
    first = it
    for prev in reversed(before[:before.index(it)]):
        if not lst.fullmatch(sk.s, prev.sk + 1, first.sk + 1):
            break
        first = prev
    return _INSPECTION_OF.search(sk.s, max(0, first.sk - 30), first.sk) is not None


def _asides(sk: Skeleton) -> list[tuple[int, int]]:
    """The skeleton spans of parenthetical asides (rule ``ratings.aside``), kept on the skeleton."""
    if sk.aside_spans is None:
        sk.aside_spans = _find_asides(sk)
    return sk.aside_spans


def _find_asides(sk: Skeleton) -> list[tuple[int, int]]:
    if "," not in sk.s and "(" not in sk.s and "–" not in sk.s and "—" not in sk.s:
        return []
    out = []
    for m in rx()["aside"].finditer(sk.s):
        if _LIST_GOES_ON.match(sk.s, m.end()):
            continue   # ", which also found X, Y and Z to be ...": a list, not an aside
        if _ARTICLE_OPENER.match(m.group(0)) and "Ⓐ" in m.group(0):
            continue   # ", the impact of leaders,": a list item, not an apposition
        if _VERB_WITH_OBJECT.match(m.group(0)):
            continue   # "..., published on Ⓓ, rated the Ⓛ Ⓖ in ...", ", also judged Ⓐ, and of Ⓐ, to be Ⓖ": the main verb and its object, not an aside
        out.append(m.span())
    return out


_ARTICLE_OPENER = re.compile(r",\s*(?:the|a|an)\b")
_VERB_WITH_OBJECT = re.compile(r",\s*(?:also\s+)?(?:rated|judged|graded|assessed|found)\s+(?:the\s+|its\s+|it\b|them\b|Ⓛ|Ⓐ)")
#: "care leavers' services"; "our help and protection services were judged" (without the
#: apostrophe only when nothing is set off before the grade)
#: The services named as what an area is part of: "Ⓐ were the only part of the Ⓢ to ...".
_PART_OF = re.compile(r"\b(?:only|one|a|the|that|this)\s+(?:part|area|corner)\s+of\s+(?:(?:the|its|their|our)\s+)?$")
_AREA_POSSESSIVE = re.compile(r"(?:['’]s?)?\s+")
#: After a place, a pronoun as the clause's subject: "in Ⓛ it was judged", "in Ⓛ, they were rated".
_PRONOUN_SUBJECT = re.compile(r",?\s+(?:it|they)\s+(?:was|were|is|are|(?:has|have|had)\s+been)\b")
#: Right after an area, the verb it is the subject of ("Ⓐ was already rated Ⓖ").
_SUBJECT_VERB = re.compile(r"\s+(?:was|were|is|are|(?:had|has|have)\s+been)\b")
#: (or after an aside: "Ⓐ, graded on their own for the first time, are")
_SUBJECT_VERB_ASIDE = re.compile(r"(?:\s*,[^,;:ⒶⒼ]{1,60},)?\s+(?:was|were|is|are|(?:had|has|have)\s+been)\b")
_RELATIVE_OPENER = re.compile(r",\s*(?:which|who|whose)\b")
#: An area right before its grade as a verb, perhaps past an aside: "when Ⓐ, then a single
#: judgement, Ⓖ" ("... required improvement").
_SUBJECT_GRADE = re.compile(r"(?:\s*,[^,;:ⒶⒼ]{1,60},)?\s+Ⓖ")


def _subject_of_grade(s: str, area_sk: int, st: Statement) -> bool:
    """Whether the area at ``area_sk`` is the subject of ``st``'s grade worded as a verb ("when
    children in care required improvement"): the aside is that area's, not the one before it."""
    m = _SUBJECT_GRADE.match(s, area_sk + 1)
    return m is not None and st.grade is not None and m.end() - 1 == st.grade.sk
_OWN_FOR = re.compile(r"\b(?:for|in)\s+(?:the\s+)?$")
#: A relative clause saying it is of every area before it: ", who were both judged good".
_OF_EVERY_AREA = re.compile(r"\b(?:both|all|each)\b")


#: After an aside's closing comma, the list it ended in going on: ", Ⓐ", ", and the Ⓐ", ", services for Ⓐ".
_LIST_GOES_ON = re.compile(r"\s*(?:and\s+)?(?:(?:the|its|their)\s+)?(?:services\s+for\s+(?:the\s+)?)?Ⓐ")


#: Between a statement and the areas that go "the same way": ", and the", " – up from Ⓖ in Ⓓ – and that".
_AND_GAP = re.compile(r"[a-z]*\s*(?:[–—]\s[^–—;.]{0,60}[–—]\s*)?,?\s*and\s+(?:that\s+)?(?:the\s+|its\s+|their\s+)?")   # (from inside "overall")


def _copies(sk: Skeleton, keep: list[Statement]) -> list[Statement]:
    """"…, as was X" / "and so did X": X takes the statement's grade."""
    r = rx()
    extra: list[Statement] = []
    for st in keep:
        if not st.areas or (st.rating is None and st.same and any(o.rating for o in keep)):
            # (not "as they were in 2012" said of the area before "and so were X": X has its own past;
            # but with no grade in the sentence, "In 2019 the overall grade was exactly the same, and so
            # were the grades for X and for Y": X and Y were the same too)
            continue
        base = max(st.sk_end, max(_sk_pos(sk, ar.pos) + 1 for ar in st.areas))
        after = sk.of_kind("area", base)
        if not after:
            continue
        nxt = after[0]
        rule = "ratings.copy"
        if not r["copy"].search(sk.s, base, nxt.sk):
            if not (_AND_GAP.fullmatch(sk.s, base, nxt.sk) and ("same way" in sk.s or "suit" in sk.s or "the same" in sk.s)):
                continue
            group = _area_run(sk, nxt.sk, nxt, "ratings.same_way")
            if not r["same_way"].match(sk.s, _sk_pos(sk, group[-1].pos) + 1):
                continue
            rule = "ratings.same_way"   # "..., and the impact of leaders has gone the same way"
        set_off = [(x, y) for x, y in _asides(sk) if sk.s[x:y].lstrip()[:1] in ("–", "—", "(")] if ("–" in sk.s or "—" in sk.s or "(" in sk.s) else []
        if st.grade is not None and any(x <= st.grade.sk < y <= nxt.sk for x, y in set_off):
            continue   # "Ⓐ was also judged Ⓖ – it had been Ⓖ Ⓓ – as was Ⓐ": the dashed aside's grade is its area's only
        if any(o.grade is not None and base <= o.grade.sk < nxt.sk
               and not any(x <= o.grade.sk < y <= nxt.sk for x, y in set_off) for o in keep):
            continue   # (a grade between, outside a dashed or bracketed aside: the copy is that grade's)
        group = _area_run(sk, nxt.sk, nxt, rule)
        cp = Statement(nxt.start, group[-1].pos, st.rating, st.previous, st.change, st.rule, st.prev_strength, st.same)
        cp.rules = st.rules + [rule]
        cp.copy_of = st
        cp.steps = st.steps   # "have each risen one grade since that inspection, as have X": X's step too
        if "ratings.previously_aside" in st.rules:
            # the aside's earlier grade was the first area's own ("X, previously A, now B, as does Y")
            cp.previous, cp.change, cp.prev_strength = None, None, 0
        cp.areas = [AreaRef(g.area, g.text, g.pos, rule) for g in group]
        cp.anchor = nxt.sk
        extra.append(cp)
    return extra


# --------------------------------------------------------------------------------------------
# time


#: A grading verb coordinated after another verb phrase: "... had been transformed and rated".
_AND_GRADED = re.compile(r"\band\s+(?:rated|judged|graded|found|gave|awarded|deemed)\b")
_GRADING_VERB = re.compile(r"\b(?:rated|judged|graded|found|gave|awarded|deemed)\b")
_AND_AGAIN = re.compile(r"\s*,?\s*and\s+(?:once\s+)?again\s+(?:in\s+)?")
#: "in both 2020 and 2022" ("at both the 2015 and 2018 inspections"): the "and" between the two dates, and the "both" before the first.
_AND_ONLY = re.compile(r"\s+and\s+(?:in\s+)?(?:the\s+)?")
_BOTH_END = re.compile(r"\bboth\s+(?:the\s+)?$")
_RELATIVE = re.compile(r",\s*(?:which|who|previously|having|judged|rated|graded|when\s+it\s+was)\b[^,;]*(?:,|$)"
                       # an apposition closed by a comma: "Help and protection, the weak spot five years ago, has moved up"
                       r"|,\s*the\s+(?![^,;]*\b(?:was|were|is|are|has|have|had|judged|rated|graded|found)\b)[^,;]{1,50},")
_WHEN = re.compile(r"^[^;]*?\b(?:when|with)\b")
#: A relative clause in the pluperfect: ", which had also been", ", which had been judged".
_PLUPERFECT_REL = re.compile(r"[\s,(–—-]*(?:which|who)\s+had\b")
#: An earlier inspection named with no date or by its year only: "since that re-inspection", "at the
#: last inspection", "since that 2017 inspection".
_EARLIER_VISIT = re.compile(r"\b(?:since|at|after)\s+(?:the|its|their|our|that)\s+(?:(?:last|previous|earlier|first|full|standard|short|single|(?:19|20)\d\d)\s+){0,2}(?:re-?inspection|inspection)\b")
#: From a date to a grade in the "when" clause that follows it: ", when leaders were already judged ".
_WHEN_CLAUSE = re.compile(r",\s*when\b[^;,]*")
#: From a date to a grade in the relative clause that follows it and grades: ", which found the
#: council's arrangements ", ", which had judged services ".
_WHICH_FOUND = re.compile(r",\s*which\s+(?:had\s+)?(?:found|judged|rated|graded|assessed)\b[^;,.]*")
#: From a date over its "when" clause to a grade in the ", with ..." phrase that goes on with it
#: ("since 2018, when a re-inspection found the service still inadequate overall, with help and
#: protection and leadership also inadequate"), or in a past clause joined by ", and" ("..., when the
#: framework had rated the council good overall ..., and adoption performance had been judged
#: outstanding"); not past a "now".
_WHEN_WITH = re.compile(r",\s*when\b[^;.]*?,\s*(?:with\b(?:(?!\bnow\b)[^;.])*|and\b(?:(?!\bnow\b)[^;.])*\b(?:had|was|were)\b(?:(?!\bnow\b)[^;.])*"
                        # or the clause's grade given again after ", and": "when Ofsted judged children's
                        # services to be inadequate overall, and inadequate for ..."
                        r"|and\s+(?:also\s+)?)")
#: The end of a grade's own part of its sentence: a comma, a semicolon or a dash that opens an aside
#: ("judged inadequate – it had been outstanding four years earlier – as was ...": the aside's tense is not the grade's).
_PART_END = re.compile(r"[;,]|\s[–—]\s")
#: Between a grade and a date after it, what keeps the date from it ("…, as", "now", "; …", "since
#: Ofsted began grading them separately in 2023": a "since" clause with a verb of its own, "and does
#: not reflect ... 2022": a verb phrase of its own).
_DATE_STOP = re.compile(r"[;]|(?:,|\s[–—])\s*(?:as|while|but|and|so|yet)\b|,\s*(?:[a-z]+\s+)?(?:days?|weeks?|months?|years?)\s+(?:after|before)\b|\bas it was\b|\bnow\b|,\s*a\s+(?:grade|rating|judgement)\b"
                        r"|\bsince\s+(?:[^\s,;.]+\s+){1,6}(?:began|started|was|were|became|took|first)\b"
                        # "a service that required improvement and does not reflect the findings of the 2022
                        # report": a verb of its own after "and"
                        r"|\s(?:and|but)\s+(?:(?:not|also|still)\s+)?(?:does|did|do|is|are|was|were|has|have|had|will|would|can|could)\b")


def _undated_time(d) -> str:
    """The time of a grade dated by an expression whose year the text does not give: "five
    years ago" (no publication date) is an earlier time; "in March" is the current one."""
    return "past" if d.kind in ("ago", "later") and not d.text.lower().endswith(("later", "on", "afterwards")) else "current"


#: "still" before a verb in the past: a past narrative's "still" ("Help and protection still required improvement").
_STILL_PAST = re.compile(r"\s+(?:required|needed|was|were|had|lagged|remained)\b")
#: "still" before a grading verb in the past, with no present auxiliary before it: "a re-inspection
#: published in July 2018 still judged the city inadequate" (not "services are still judged ...").
_STILL_PAST_VERB = re.compile(r"\s+(?:judged|rated|found|graded)\b")
_PRESENT_AUX_BEFORE = re.compile(r"\b(?:is|are|been|remains?)\s+$")
#: A date a "since" clause starts from, no grade's: "since the council was created in April 2023".
_SINCE_DATE = re.compile(r"\bsince\s+(?:[^\s,;.:]+\s+){0,6}$")
#: What lies between a "since" clause's date and a grade of that clause: a verb and its object, no
#: break ("since a child protection inspection in 2012 judged its arrangements inadequate").
_SAME_CLAUSE = re.compile(r"\s+(?:judged|rated|found|graded|assessed)\s+(?:[^\s,;.:]+\s+){0,4}")
#: Before a grade used as an adjective of the area right after it: "with outstanding adoption performance".
_ATTRIBUTIVE = re.compile(r"\b(?:with|an?)\s+$")
_NEXT_AREA = re.compile(r"\sⒶ")
#: A word for an inspection before its date: "at the single inspection published in March 2017".
_INSPECTION_WORD = re.compile(r"\b(?:inspection|inspected|visit|report)\b")
#: A present verb after "still": "found the council's children's services still require improvement" is of now.
_STILL_PRESENT = re.compile(r"\s+(?:require|requires|need|needs|is|are|remain|remains|has|have)\b")
#: A past verb before "still": "that they were still inadequate", "were both still inadequate", "found services in Sunderland
#: still inadequate" (its object up to four words, no comma).
_PAST_BEFORE_STILL = re.compile(r"\b(?:(?:was|were|had\s+been)(?:\s+(?:both|all|each|also))?|(?:found|judged|rated|deemed|considered)\s+(?:[^\s,;.]+\s+){1,4}?)\s*$")


#: A grade held since a date, the date it was given: "'requires improvement' label it has carried
#: since 2017" (no comparison's "since").
_HELD_SINCE = re.compile(r"\b(?:label|grade|rating|judge?ment|tag)\s+(?:it|they|the\s+[a-z]+)\s+(?:has|have|had)\s+(?:carried|held|had|kept|worn|borne)\s+since\s+$")


#: Between a "same" statement and its date: "as they did| in |2017".
_SAME_DATE_GAP = re.compile(r"\s*(?:(?:in|back\s+in|at\s+the\s+inspection\s+in)\s+)?")


def _dated_before(a: Analysis, sent: Sentence) -> list:
    """The dates of the sentence before ``sent`` (none for the first)."""
    if not sent.index:
        return []
    before = a.sentences[sent.index - 1]
    return a.dated_in(before.start, before.end)


def _says_now(masked: str, s0: int, s1: int) -> bool:
    """Whether the sentence at ``s0:s1`` holds a present marker ("now", "still", ...), but not a
    "still" of a past narrative ("By 2017 ... Help and protection still required improvement")."""
    for m in rx()["present"].finditer(masked, s0, s1):
        if m.group(0) == "still" and (_STILL_PAST.match(masked, m.end()) or (
                _STILL_PAST_VERB.match(masked, m.end()) and not _PRESENT_AUX_BEFORE.search(masked, max(0, m.start() - 12), m.start())) or (_PAST_BEFORE_STILL.search(masked, max(0, m.start() - 60), m.start())
                                                                          and not _STILL_PRESENT.match(masked, m.end()))):
            continue
        return True
    return False


def _record_of_meeting(a: Analysis) -> bool:
    """Whether the document is a record of a meeting (rule ``ratings.record_of_meeting``: minutes,
    told in reported speech), judged once from its opening lines."""
    got = a.memo.get("record_of_meeting")
    if got is None:
        got = a.memo["record_of_meeting"] = rx()["record_of_meeting"].search(a.text, 0, 1500) is not None
    return got


#: "before" closing the clause right after a grade: "The council has been graded inadequate before, and ...".
_EVER = re.compile(r"['’\"”]?\s+before(?=\s*(?:[,.;:!?]|and\b|but\b|$))")


#: A gap from a grade to a date with no aside, comparison or "since" in it (a long one is read
#: with each area's name as one word).
_PLAIN_GAP = re.compile(r"(?:(?!\b(?:since|as|than|from|after|before|until)\b)[^-–—,;:()])*")


def _areas_as_words(a: Analysis, start: int, end: int, plain: re.Pattern) -> str:
    """``masked[start:end]`` with each area's name as one symbol, or the whole gap when, so read,
    it is not ``plain``."""
    parts, k = [], start
    for x in a.in_range("areas", start, end):
        if x.start >= k and x.end <= end:
            parts.append(a.masked[k:x.start] + "Ⓐ")
            k = x.end
    short = "".join(parts) + a.masked[k:end]
    return short if plain.fullmatch(short) else a.masked[start:end]


def _bracket_end(masked: str, start: int, limit: int) -> int:
    """Where the bracket open at ``start`` closes (its ")"), or ``limit``."""
    k = masked.find(")", start, limit)
    return k if k >= 0 else limit


def _times(a: Analysis, sent: Sentence, stmts: list[Statement]) -> None:
    """Give each statement a time: its own date, an inherited date, 'past' or 'current'."""
    r = rx()
    past = r["past_reported"] if _record_of_meeting(a) else r["past"]
    gt = gates()
    masked = a.masked
    s0, s1 = sent.start, sent.end
    dates = [d for d in a.dates_in(s0, s1) if not (masked[d.start] == " " and a.text[d.start] != " ")]
    rel_spans = [(m.start(), m.end()) for m in _RELATIVE.finditer(masked, s0, s1)]

    def in_rel(p):
        for x, y in rel_spans:
            if x <= p < y:
                return (x, y)
        return None

    for st in stmts:
        if st.rating is not None and st.time is None and st.grade is not None and _EVER.match(masked, st.grade.end):
            st.time = "ever"   # "has been graded inadequate before": some earlier time, not the last inspection
            st.rules.append("ratings.time")
    claimed: dict[int, int] = {}
    for i, st in enumerate(stmts):
        if st.rating is None or st.time is not None:
            continue   # (a time set with the statement: "... in 2019 and still does" is current)
        g_end = st.grade_end if st.grade_end >= 0 else st.end
        for d in dates:
            if d.start < g_end:
                continue
            if d.start > st.block_after:
                break
            gap = masked[g_end:d.start]
            # (an area's name counts as one word: "the good grades the council received for both
            # safeguarding and services for looked after children in 2010")
            glen = len(gap) if len(gap) <= 75 else len(_areas_as_words(a, g_end, d.start, _PLAIN_GAP))
            if glen > 75 or _DATE_STOP.search(gap) or (r["compared_before"].search(gap) and not _HELD_SINCE.search(gap)):
                break   # "good – an improvement on 2019": the comparison's date, not the grade's
            if any(o is not st and g_end <= o.start < d.start for o in stmts):
                break   # another statement between them owns the date
            if a.grades_in(g_end, d.start):
                break   # "good - a jump of two grades from the inadequate verdict of 2019": the nearer grade's
            k = gap.rfind("(")
            if k >= 0 and ")" not in gap[k:] and a.grades_in(d.end, _bracket_end(masked, d.end, s1)):
                # "a good grade for children in care (in 2022 children in care and care leavers shared
                # one judgement, which required improvement)": the date of the aside's own grade
                break
            # "rated requires improvement in 2018 and again in 2022": the later date
            # ("required improvement in both 2020 and 2022": the later too)
            later = next((e for e in dates if e.start > d.end and (_AND_AGAIN.fullmatch(masked, d.end, e.start) or (
                _AND_ONLY.fullmatch(masked, d.end, e.start) and _BOTH_END.search(masked, max(0, d.start - 8), d.start)))), None)
            d = later or d
            st.time = (d.year, d.month) if d.year else _undated_time(d)
            st.rules.append("ratings.time")
            claimed[d.start] = i
            break
    past_spans = [m.span() for m in r["past_clause"].finditer(masked, s0, s1)] if "after" in masked[s0:s1] or "since" in masked[s0:s1] else []
    for st in stmts:
        if st.time is not None:
            continue
        if st.rating is None:
            # a change with no grade is of now, unless a timeline's or table row's date frames
            # it ("July 2019 – Out of the red" over "... – no longer inadequate")
            row = _row_date(a, sent) if st.previous is not None else None
            st.time = (row.year, row.month) if row is not None else "current"
            continue
        if st.grade is not None and any(x <= st.grade.start < y for x, y in past_spans):
            st.time = "past"   # "three years after they were judged inadequate"
            st.rules.append("ratings.past_clause")
            continue
        pos = st.grade_start if st.grade_start >= 0 else st.start
        rel = in_rel(pos)
        chosen = None
        for d in reversed([d for d in dates if d.end <= pos]):
            if d.year and (_WHEN_CLAUSE.fullmatch(masked, d.end, pos) or _WHEN_WITH.fullmatch(masked, d.end, pos)
                           or _WHICH_FOUND.fullmatch(masked, d.end, pos)):
                # "at the last inspection in 2019, when leaders were already judged outstanding";
                # "since the child protection inspection of 2013, which found the council's
                # arrangements adequate": the clause right after the date is of that date
                chosen = d
                break
            if any(o.from_span and o.from_span[0] <= d.start < o.from_span[1] for o in stmts):
                continue   # the date of another statement's from-grade
            if st.rule == "ratings.same" and _GIVEN_IN.search(masked, max(s0, d.start - 40), d.start):
                continue   # "kept the same mark it was given in 2022 - requires improvement to be good -": the earlier grade's date
            if _SINCE_DATE.search(masked, max(s0, d.start - 50), d.start) and not _SAME_CLAUSE.fullmatch(masked, d.end, pos):
                # "In its first inspection since the council was created in April 2023, ...": a starting point
                # (not "since a child protection inspection in 2012 judged its arrangements inadequate":
                # the grade in the "since" clause is of its date)
                continue
            if any(o is not st and o.rule == "ratings.same_as_before" and (o.start <= d.start < o.end or (
                    o.end <= d.start and _SAME_DATE_GAP.fullmatch(masked, o.end, d.start))) for o in stmts):
                # "good overall, as it was in 2018, and good in each of the four areas", "outstanding
                # overall, as they did in 2017, and outstanding for ...": the aside's date
                continue
            drel = in_rel(d.start)
            if drel is not None and drel != rel:
                continue
            if rel is not None and drel is None and _PLUPERFECT_REL.match(masked, rel[0]) \
                    and any(in_rel(x.start) == rel for x in dates):
                # "Ofsted published its report on Kirklees Council, which had also been inadequate
                # since November 2016": the main clause's date is not that of a relative clause
                # with a date of its own (not "the re-inspection published in January 2018, which
                # had found services inadequate": that clause's is the date before it)
                continue
            own = None
            for own in _OWN_CLAUSE_OPEN.finditer(masked, d.end, pos):
                pass
            if own is not None and "," not in masked[own.end():pos]:
                # "they warned managers more than a year ago that caseloads were unsafe, after Ofsted
                # rated Croydon Council's children's services inadequate": the grade in a clause of
                # its own after the date (not "In March 2019, after a two-week inspection, Ofsted rated")
                continue
            if _says_now(masked, d.end, pos):
                break   # (not "reported in July 2013 that they were still inadequate": a past "still")
            if d.start in claimed:
                if stmts[claimed[d.start]] is st:
                    continue
                if not _WHEN.match(masked[d.end:pos]):
                    break
            chosen = d
            break
        if chosen is not None:
            st.time = (chosen.year, chosen.month) if chosen.year else _undated_time(chosen)
            st.rules.append("ratings.time")
            continue
        if "when" in masked[s0:pos] and any(_WHEN_CLAUSE.fullmatch(masked, m.end(), pos) for m in _EARLIER_VISIT.finditer(masked, s0, pos)):
            # "have improved since that re-inspection, when they were judged to require improvement":
            # the "when" clause of an earlier inspection named with no date is of that time
            st.time = "past"
            st.rules.append("ratings.time")
            continue
        if sent.index > 0 and a.opens_on_time_before(sent) \
                and not _says_now(masked, s0, pos):
            prev = a.sentences[sent.index - 1]
            named = a.dated_in(prev.start, prev.end)
            # the date of an inspection, where the sentence names others ("had been good at the single
            # inspection published in March 2017, so the 2022 result was a decline"), else the last
            named = [d for i, d in enumerate(named) if _INSPECTION_WORD.search(
                a.low, max(prev.start, named[i - 1].end if i else 0, d.start - 60), d.start)] or named
            if named:
                # "... were rated good overall in March 2022. At that inspection the impact of leaders
                # was good", "Our previous inspection ... was published in March 2014. That
                # inspection judged the council good overall": the inspection the sentence before
                # dates, not an earlier one
                st.time = (named[-1].year, named[-1].month)
                st.rules.append("ratings.time")
                continue
        left = masked[max(s0, pos - _LOOK_BACK):pos]
        left = left[left.rfind(";") + 1:]   # "… were all outstanding last time, in 2020, and stay there; … were given outstanding"
        if ", so " in left:
            # "... required improvement at the previous inspection in 2015, so this was real progress, and
            # overall effectiveness was good for the second inspection running": a consequence is a
            # main clause of its own, whose tense the marker before it does not set
            left = left[left.rfind(", so ") + 5:]
        if ":" in left and r["present_verb"].search(left, left.rfind(":")):
            # "It confirmed what our own audits had been telling us: ... services are good": the
            # present tense after the colon is the grade's
            left = left[left.rfind(":") + 1:]
        if "ratings.shared_subject" in st.rules:
            left = left[left.rfind(" but ") + 1:]   # "It had been rated good in 2017, but slipped to ...": the tense after "but"
        if " and " in left:
            co = None
            for co in _AND_GRADED.finditer(left):
                pass
            if co is not None and not _GRADING_VERB.search(left, 0, co.start()):
                # "said services had been "transformed" and rated the council's leadership outstanding"
                # (not "had just rated ... overall, and judged ... too": the same tense goes on)
                left = left[co.start():]
        nxt = min((o.start for o in stmts if o.start > pos), default=s1)
        if rel is not None:
            if has_any(masked, gt["past"], rel[0], min(rel[1], nxt)) and past.search(masked, rel[0], min(rel[1], nxt)):
                st.time = "past"
                st.rules.append("ratings.time")
                continue
        else:
            base = pos - len(left)
            main = left
            for x, y in rel_spans + [m.span() for m in _DASH_ASIDE.finditer(masked, base, pos)] \
                    + [m.span() for m in _STILL_TOGETHER.finditer(masked, base, pos)]:
                if base <= x and y <= pos:
                    # "Children in care and care leavers – at that time a single judgement – also
                    # required improvement": an aside's tense is not the grade's (nor is it in
                    # ", still judged together at the time,": how they were graded then, and now)
                    main = main[: x - base] + " " * (y - x) + main[y - base:]
            if past is not r["past"] and has_any(main, gt["past"]) and not past.search(main) and r["past"].search(main):
                st.rules.append("ratings.record_of_meeting")   # "had been judged": the tense of the minutes
            marker = None
            if ((has_any(main, gt["past"]) and (marker := past.search(main))) or ("after " in main and r["past_before"].search(main))) \
                    and not r["present"].search(masked, max(s0, pos - 30), pos):
                st.time = "past"
                st.rules.append("ratings.time")
                if marker is not None and r["frame"].fullmatch(marker.group()) and _in_past_paragraph(a, sent) \
                        and (when := _past_paragraph_date(a, sent)) is not None:
                    # "Our previous inspection took place ... November 2018. ... At that time Ofsted graded
                    # children in care and care leavers together, and that joint judgement was good."
                    st.time = (when.year, when.month)
                    st.rules.append("ratings.past_paragraph")
                elif marker is not None and r["frame"].fullmatch(marker.group()) \
                        and (frame := _row_date(a, sent)) is not None:
                    # "Aug 2019 – The council is judged inadequate overall ... . Children in care and care
                    # leavers, then graded together, require improvement to be good.": the date the
                    # timeline line opens on
                    st.time = (frame.year, frame.month)
                    st.rules.append("ratings.row_date")
                elif marker is not None and (marker.group().endswith(" then") or r["frame"].fullmatch(marker.group())):
                    # "It is a marked change from 2014, the last time the service was fully inspected.
                    # Ofsted said then that it required improvement": the one year the sentence before names
                    # (so for any frame marker: "... after an inspection in January 2019. Help and
                    # protection was also judged inadequate at that point, while the impact of leaders
                    # ... were rated requires improvement to be good")
                    named = [d for d in _dated_before(a, sent) if d.year and not d.relative]
                    if named and len({d.year for d in named}) == 1:
                        st.time = (named[0].year, named[0].month)
                continue
            right = masked[pos:min(st.block_after, nxt, s1)]
            if st.grade is not None and _THEN_AFTER.match(masked, st.grade.end):
                # "Overall was good then as well": the grade of that time, the year the sentence
                # before names if it names one ("... had been rated good in 2018. Overall
                # effectiveness had required improvement then, too.")
                named = _dated_before(a, sent)
                st.time = (named[-1].year, named[-1].month) if named else "past"
                st.rules.append("ratings.time")
                continue
            first_part = _PART_END.split(right, 1)[0]
            if has_any(first_part, gt["past"]) and (marker := past.search(first_part)) and "ratings.from_after" not in st.rules:
                st.time = "past"
                st.rules.append("ratings.time")
                if marker.group().startswith("at that "):
                    # "... a short inspection in the autumn of 2023, published in December that year,
                    # ... . The impact of leaders ... were also judged good at that inspection.": the
                    # one year the sentence before names
                    named = [d for d in _dated_before(a, sent) if d.year and not d.relative]
                    if named and len({d.year for d in named}) == 1:
                        st.time = (named[-1].year, named[-1].month)
                continue
        row = _row_date(a, sent)
        if row is not None:
            st.time = (row.year, row.month)   # "14 to 25 January 2019 | ILACS inspection | ... Help and protection: inadequate."
            st.rules.append("ratings.row_date")
            continue
        # a present verb in the grade's own part of the sentence (not one after it: "they said support for
        # care leavers was outstanding, the highest grade there is")
        part_end = pe.start() if (pe := _PART_END.search(masked, st.grade_end if st.grade_end >= 0 else pos, s1)) else s1
        present = r["present_verb"].search(masked, s0, part_end) is not None
        if _in_past_paragraph(a, sent) and not _says_now(masked, s0, s1) and not present:
            # "At the previous inspection, in 2019, ... . Leaders were judged ...": of that time, dated
            # when the paragraph's opener names one inspection's date ("Our previous inspection took
            # place from 19 to 23 November 2018. We were judged outstanding overall, ...")
            when = _past_paragraph_date(a, sent)
            st.time = (when.year, when.month) if when is not None else "past"
            st.rules.append("ratings.past_paragraph")
            continue
        frame = _paragraph_date(a, sent)
        if frame is not None and not _says_now(masked, s0, s1) and not present:
            st.time = (frame.year, frame.month)   # "When Ofsted published its verdict in April 2016, ... . The council was judged ..."
            st.rules.append("ratings.paragraph_date")
            continue
        # (not one in the present: "Both are now good.")
        frag = _fragment_date(a, sent) if st.grade is not None and _FRAGMENT.fullmatch(masked, s0, s1) \
            and not _says_now(masked, s0, s1) else None
        if frag is not None:
            st.time = (frag.year, frag.month)   # "... in March 2019 when Ofsted's verdict landed. Inadequate overall."
            st.rules.append("ratings.paragraph_date")
            continue
        told = _dated_by_next(a, sent)
        if told is not None and not _says_now(masked, s0, s1):
            st.time = (told.year, told.month)   # "..., it was rated 'requires improvement'. That was 2014, ..."
            st.rules.append("ratings.dated_by_next")
            continue
        st.time = "current"




def _dated_by_next(a: Analysis, sent: Sentence):
    """The date of a next sentence that only dates this one ("That was 2014, and I was
    fifteen.", "This was in March 2016."), in its paragraph; or None."""
    if sent.index + 1 >= len(a.sentences):
        return None
    nxt = a.sentences[sent.index + 1]
    if "\n\n" in a.text[sent.end:nxt.start]:
        return None
    m = rx()["dated_by_next"].match(a.masked, nxt.start, nxt.end)
    if m is None:
        return None
    d = next((d for d in a.dates_in(m.end() - 1, nxt.end) if d.start <= m.end() + 1), None)
    return d if d is not None and d.year and not d.relative else None


#: An aside set off by dashes or brackets within a clause: its tense is not the grade's.
_DASH_ASIDE = re.compile(r"\s[–—]\s[^–—.;:]{1,60}\s[–—]\s|\([^().;:]{1,60}\)")


#: A verbless sentence that is only a grade and what it grades: "Inadequate overall.", "Inadequate for leadership."
#: (not "An outstanding grade for leadership is not a grade for me or for the senior team.": a verb)
_FRAGMENT = re.compile(r"\s*[a-z\-]+(?:\s+[a-z\-]+){0,3}(?:\s+(?:overall|for\s+(?:(?!\b(?:is|are|was|were|has|have|had)\b)[^.;:!?]){3,60}))?[.!]?\s*")


def _fragment_date(a: Analysis, sent: Sentence):
    """The date of the nearest sentence before ``sent`` in its paragraph that has one, for a
    grade fragment ("Inadequate overall.") that lists what a dated sentence reported."""
    for k in range(sent.index - 1, max(-1, sent.index - 6), -1):
        prev = a.sentences[k]
        if "\n" in a.text[prev.end:sent.start]:
            return None   # the paragraph's start (a heading line is no fragment of the paragraph above)
        dates = a.dated_in(prev.start, prev.end)
        if dates:
            return dates[-1]
    return None


_NUMBER_ONLY = re.compile(r"\s*\d+(?:\.\d+)*[.)]?\s*")
#: A line that opens with a paragraph number or a bullet ("2. At its previous inspection, ...",
#: "3.3 The Board noted that ...").
_LIST_ITEM = re.compile(r"^[ \t]*(?:\d+(?:\.\d+)+[.)]?|\d+[.)]|[-•*·▪◦])[ \t]", re.M)


def _paragraph_opener(a: Analysis, sent: Sentence) -> Sentence | None:
    """The first sentence of ``sent``'s paragraph when it is an earlier one, else None. A blank
    line, a numbered line or a bulleted line opens a paragraph. Found once per sentence (both
    the past-paragraph and the paragraph-date rules read it)."""
    key = ("paragraph_opener", sent.index)
    if key not in a.memo:
        a.memo[key] = _find_paragraph_opener(a, sent)
    return a.memo[key]


def _find_paragraph_opener(a: Analysis, sent: Sentence) -> Sentence | None:
    para = a.text.rfind("\n\n", 0, sent.start)
    para = 0 if para < 0 else para + 2
    for item in _LIST_ITEM.finditer(a.text, para, sent.start):
        para = item.start()   # a numbered or bulleted line opens a paragraph of its own
    i = sent.index - 1
    while i >= 0 and a.sentences[i].start >= para:
        i -= 1
    i += 1
    while i < sent.index and _NUMBER_ONLY.fullmatch(a.sentences[i].text):
        i += 1   # "2." split off as a sentence of its own
    while i < sent.index and not a.dates_in(a.sentences[i].start, a.sentences[i].end) \
            and not a.in_range("grades", a.sentences[i].start, a.sentences[i].end):
        i += 1   # "Members will know the history, but it bears repeating. When Ofsted last …, in 2017, …"
    return a.sentences[i] if i < sent.index else None


def _in_past_paragraph(a: Analysis, sent: Sentence) -> bool:
    """Whether an earlier sentence of ``sent``'s paragraph opens it with an earlier time as its
    frame ("At the council's previous inspection, in autumn 2019, ..."): the paragraph is about
    that time."""
    key = ("past_paragraph", sent.index)
    found = a.memo.get(key)
    if found is None:
        opener = _paragraph_opener(a, sent)
        found = opener is not None and rx()["past_paragraph"].match(a.masked, opener.start, opener.end) is not None
        a.memo[key] = found
    return found


def _past_paragraph_date(a: Analysis, sent: Sentence):
    """The one date of the opener of ``sent``'s past paragraph (``_in_past_paragraph``), or None
    when it names none, or dates of more than one year."""
    opener = _paragraph_opener(a, sent)
    if opener is None:
        return None
    dates = [d for d in a.dates_in(opener.start, opener.end) if d.year and not d.relative]
    return dates[0] if dates and len({d.year for d in dates}) == 1 else None


_IN_DATE = re.compile(r"\s*(?:(?:published|reported|carried\s+out)\s+)?(?:in|on|during)\s")


#: After a timeline line's opening date: its dash or colon ("• March 2019 – ...", "2017: ..."),
#: or a full stop, with a note in brackets before it ("- September 2019 (short inspection). ...").
_DATE_DASH_AFTER = re.compile(r"\s*(?:\([^()\n]{1,60}\)\s*)?(?:[–—:]|-\s|\.\s)")


def _row_date(a: Analysis, sent: Sentence):
    """The date in the first cell of the table row ``sent`` lies in ("August 2011 | Inspection of
    ... | Safeguarding: adequate."), or None: the row's grades are of that date."""
    line = a.masked[sent.line_start:sent.line_end]
    bar = line.find("|")
    if bar < 0 and sent.start > sent.line_start and _AREA_LABEL_SENTENCE.match(a.masked, sent.start, sent.end):
        # "(b) Re-inspection under the single inspection framework. Fieldwork 9 to 24 November 2017;
        # report published 19 January 2018. Overall effectiveness: good.": a label's grade after a
        # sentence of the same line ending in its date (the last: the report's) is of that date
        for prev in reversed(a.sentences[:sent.index]):
            if prev.line_start != sent.line_start:
                break
            dates = a.dated_in(prev.start, prev.end)
            if dates and not a.masked[dates[-1].end:prev.end].strip(" .;") and not a.grades_in(prev.start, prev.end):
                return dates[-1]
    if bar < 0:
        lead = next(iter(a.dated_in(sent.line_start, min(sent.line_end, sent.line_start + 40))), None)
        if lead is not None and lead.start < sent.start and not line[:lead.start - sent.line_start].strip(" \t•*-–—") \
                and _DATE_DASH_AFTER.match(line, lead.end - sent.line_start):
            return lead   # "• March 2019 – a short inspection judges ... . Help and protection ... are found to ..."
        return _date_above(a, sent.line_start, line[:1] in " \t") or _fixed_width_date(a, sent)
    if bar == len(line) - len(line.lstrip()):
        block = [(sent.line_start, sent.line_end), *_lines_above(a.text, sent.line_start)]
        if any(a.masked[ls:le].split("|", 1)[0].strip() for ls, le in block[1:] if "|" in a.masked[ls:le]):
            # a table whose rows open with their first cell, not a bar: this row's first cell is
            # empty ("      | Children who need help and protection | Good" under "Single
            # inspection, 6 January 2015 | Overall effectiveness | Good"), so the row continues the
            # nearest one above with a first cell
            for ls, le in block[1:]:
                row = a.masked[ls:le]
                b0 = row.find("|")
                if b0 < 0:
                    return None
                if row[:b0].strip():
                    return _cell_date(a, ls, ls + b0)
            return None
        # a row opening with a bar ("| June 2017 | SIF | Overall effectiveness | Good |"); one whose
        # first cell is empty ("| | | Help and protection | Good |") continues the dated row above
        for ls, le in block:
            row = a.masked[ls:le]
            c0 = row.find("|") + 1
            c1 = row.find("|", c0)
            if c0 == 0 or c1 < 0 or row[:c0 - 1].strip():
                return None
            if row[c0:c1].strip():
                return _cell_date(a, ls + c0, ls + c1)
        return None
    first = _cell_date(a, sent.line_start, sent.line_start + bar)   # the first cell is the date (and its note)
    if first is None and a.masked[sent.line_start:sent.line_start + bar].strip(" \t|"):
        # "ILACS short inspection | 11 to 15 September 2023 | 27 October 2023 | Overall effectiveness:
        # Good; Help and protection: ...": a first cell naming the visit, the dates in the cells after
        # it; the last cell that is a date before the grade's own cell (the report's) dates the row
        own = line.rfind("|", 0, sent.start - sent.line_start)
        bars = _bars(line, own)
        cells = [(sent.line_start + x + 1, sent.line_start + y) for x, y in zip(bars, bars[1:])]
        dated = [d for d in (_cell_date(a, x, y) for x, y in cells) if d is not None and d.year]
        first = dated[-1] if dated else None
    return first


def _bars(line: str, end: int) -> list[int]:
    """The positions of the bars in ``line`` up to ``end`` (inclusive)."""
    return [i for i, c in enumerate(line[:end + 1]) if c == "|"]


#: The bracket before an area's name that glosses a label's plain words: "(", "(Ofsted calls this “".
_GLOSS_OPEN = re.compile(r"\(\s*(?:(?:ofsted|inspectors|the\s+report)\s+calls?\s+(?:this|it)|known\s+as|called|officially)?\s*[“‘\x22']?\s*$")
#: A pronoun in a list item's clause after its row: "Last time they got outstanding".
_ITEM_PRONOUN = re.compile(r"\b(?:it|they|this|that)\b")
#: A relative clause dating the grade kept: "(the same mark) it was given in ".
_GIVEN_IN = re.compile(r"\b(?:it|they|we)\s+(?:was|were)\s+given\s+in\s+$")
#: A clause of its own opening after a comma: ", after", ", because".
_OWN_CLAUSE_OPEN = re.compile(r",\s*(?:after|because|once)\s")
#: A list item's first sentence that is a label and its grade: "- Overall: good.".
_LABEL_ITEM = re.compile(r"[ \t]*[-•*·▪◦][ \t]+[A-Za-z][\w ,'’“”\x22()-]{2,80}:[ \t]*[^.;:\n]{2,60}\.")
#: A sentence's opening subordinate clause, to its comma: "When Ofsted graded X's work in 2017, ".
_LEAD_CLAUSE = re.compile(r"\s*(?:when|after|since|although|though|while|before|until|once)\b[^,;.]{3,120},\s*")
#: A sentence that is a label and its grade: "Overall effectiveness: good.".
_AREA_LABEL_SENTENCE = re.compile(r"[a-z][a-z ,'’-]{2,80}:\s*[^.;:]{2,60}\.?\s*$")


def _lead_cells_blanked(a: Analysis, skl: str, line_start: int) -> str:
    """A bar row whose judgement is not its first cell ("| June 2017 | Single inspection framework
    | Overall effectiveness | Good |", "| | | Help and protection | Good |"): the cells before the
    one naming an area blanked, so the row reads as "| Overall effectiveness | Good |" (its date
    is the first cell's, ``_row_date``)."""
    bars = [i for i, ch in enumerate(skl) if ch == "|"]
    for k in range(1, len(bars) - 2):
        x, y = bars[k] + 1, bars[k + 1]
        if "Ⓖ" in skl[bars[0]:x]:
            return skl
        if a.in_range("areas", line_start + x, line_start + y):
            return " " * bars[k] + skl[bars[k]:]
    return skl


#: An earlier grade said to be under a framework that ended before 2019 ("At its previous
#: inspection, under the single inspection framework, the council was also judged good overall"):
#: older than a grade dated 2019 or later, whatever visit came since.
_OLDER_FRAMEWORK = re.compile(r"\b(?:single\s+inspection\s+framework|SIF)\b", re.I)


def _fixed_width_lead(a: Analysis, skl: str, line_start: int, line_end: int) -> int:
    """In a fixed-width table row whose area cell is not its first ("Inspection of local authority
    children's    11 June 2019    Overall effectiveness    Outstanding"), where the area's cell
    starts (a line offset); 0 when the line is no such row. The cells before it hold no area and no
    grade, and a gap of two spaces or more ends each."""
    areas = a.in_range("areas", line_start, line_end)
    if not areas:
        return 0
    off = areas[0].start - line_start
    lead = skl[:off]
    if not lead.strip() or not a.text[line_start:line_start + off].endswith("  ") or "Ⓖ" in lead or ":" in lead or "." in lead.rstrip():
        return 0
    return off if "Ⓖ" in skl[off:] else 0


def _fixed_width_date(a: Analysis, sent: Sentence):
    """The date of a fixed-width table row, its one date before its grades ("Single inspection
    framework (SIF)    6 January 2015    Overall effectiveness    Good"), or that of the nearest
    row above in its block that has one (a row continuing it: "    Children who need help and
    protection    Good"); None when the row is not such a table's."""
    for ls, le in [(sent.line_start, sent.line_end), *_lines_above(a.text, sent.line_start)]:
        line = a.text[ls:le]   # (not the masked text, whose quotations are blanks)
        # (a line of the last column only, deep under the others, continues the row above:
        # "                  Help and protection: requires improvement to be good")
        if ("  " not in line.strip() and not line.startswith(_DEEP_INDENT)) or "|" in line or not a.in_range("areas", ls, le):
            return None
        dates = a.dated_in(ls, le)
        if not dates and line[:1] not in (" ", "\t"):
            areas = a.in_range("areas", ls, le)
            lead = a.text[ls:areas[0].start]
            lead = lead[:lead.rfind("  ") + 2] if "  " in lead else ""   # up to the area's cell ("Safeguarding – overall effectiveness")
            if lead.strip() and not a.grades_in(ls, ls + len(lead)):
                # the row that opens an entry, its first cell wrapped onto the lines below it
                # ("Child protection inspection    Overall effectiveness    Good" over " (November
                # 2012)"): the date of that cell, whichever of its lines holds it
                return _wrapped_lead_date(a, le, len(lead))
        if len(dates) == 1 and ((_AREA_NAME_NOTE.match(a.text, dates[0].start - 1) and a.in_range("areas", ls, dates[0].start))
                                or _NAME_NOTE_YEAR.match(a.text, dates[0].start - 1)):
            # "children looked after (2016)    Inadequate    Good": the year of the area's name (the
            # framework that named it so), in a table whose columns carry the dates; so is
            # "(2015: children looked after)    RI    Outstanding"
            return None
        if len(dates) == 1 and _LABEL_NOTE_YEAR.fullmatch(a.text, a.text.rfind("(", ls, dates[0].start) + 1, dates[0].start) \
                and a.text.startswith(")", dates[0].end) and a.in_range("areas", ls, dates[0].start):
            # "Leadership (impact of leaders from 2018)    RI    Good", "Children in care (with care
            # leavers, 2022)    RI    Good": the year of the area's other name, in a table whose
            # columns carry the dates
            return None
        if len(dates) == 1 and not a.grades_in(ls, dates[0].start):
            return dates[0]
        if len(dates) == 2 and not a.grades_in(ls, dates[1].start) and _BRACKETED_FIRST.fullmatch(a.text, dates[0].end, dates[1].start):
            # "ILACS short inspection (14–18 October 2019)    5 November 2019    Overall: ...": the
            # fieldwork in the first cell's brackets, the report's date in the next cell: the report's
            return dates[1]
        if dates:
            return None
    return None


#: Between a first cell's bracketed fieldwork date and the next cell's date: ")" and a column gap.
_BRACKETED_FIRST = re.compile(r"\)\s{2,}")


def _wrapped_lead_date(a: Analysis, pos: int, width: int):
    """The date in the first cell's continuation lines below ``pos`` (indented lines, up to the
    next entry or a blank line), the first ``width`` characters of each; or None."""
    while pos < len(a.text):
        ls = pos + 1
        le = a.text.find("\n", ls)
        le = len(a.text) if le < 0 else le
        line = a.text[ls:le]
        if not line.strip() or line[:1] not in (" ", "\t"):
            return None
        dates = a.dated_in(ls, ls + min(width, len(line)))
        if dates:
            return dates[0]
        pos = le
    return None


#: A year in brackets right after an area's name in a table's first cell: "children looked after (2016)".
_AREA_NAME_NOTE = re.compile(r"\(\d{4}\)")
#: The indentation of a fixed-width table's line that fills only its later columns.
_DEEP_INDENT = " " * 12
#: A table row whose label ends one space before two grade cells or more: "Ⓐ Ⓖ          Ⓖ".
_TIGHT_ROW = re.compile(r"(?P<label>[ \t]*[A-Za-z][^Ⓖ|:\t\n]*?[a-z]) Ⓖ(?:[ \t]{2,}(?:Ⓖ|[-–—]))+[ \t]*$")
#: A year opening a note of an area's older name: "(2015: children looked after)".
_NAME_NOTE_YEAR = re.compile(r"\(\d{4}:[^()\n]{3,80}\)")
#: The words of a label's bracket note before its year: "(impact of leaders from 2018)", "(with
#: care leavers, 2022)", "(and care leavers in 2019)".
_LABEL_NOTE_YEAR = re.compile(r"[^()\n]{3,60}?(?:,\s*|\s(?:from|since|in)\s+)")


def _cell_date(a: Analysis, start: int, end: int):
    """The date a table cell holds, when it holds a date and nothing but its note ("9 to 20 May
    2022 (fieldwork)") or a label and a comma before it ("Single inspection, 6 January 2015"), or
    None."""
    d = next(iter(a.dated_in(start, end)), None)
    if d is None:
        return None
    label = a.masked[start:d.start].strip()
    if label and not (label.endswith(",") and len(a.dates_in(start, end)) == 1):
        return None
    rest = a.masked[d.end:end].strip()
    return d if not rest or (rest.startswith("(") and rest.endswith(")")) else None


def _lines_above(text: str, line_start: int):
    """The lines above the one at ``line_start``, nearest first, up to a blank line: their spans."""
    pos = line_start
    while pos > 0:
        start = text.rfind("\n", 0, pos - 1) + 1
        if not text[start:pos - 1].strip():
            return
        yield start, pos - 1
        pos = start


#: A short title after a timeline's date: " – The low point", " - Standing still?"; or, after a
#: colon, what the visit was (": re-inspection under the single inspection framework").
_TITLE_AFTER_DATE = re.compile(r"[ \t]*[–—-][ \t]+[^.!\n]{1,60}[?!]?[ \t]*|:[ \t]+[^.!?:\n]{1,130}")


#: A bracketed note ending a heading line: " (published April 2020)".
_HEADING_NOTE = re.compile(r"[ \t]*\([^()\n]{1,60}\)[ \t:]*$", re.M)


def _date_above(a: Analysis, line_start: int, indented: bool):
    """The date heading the block of lines the line at ``line_start`` is in, or None; a blank line
    ends the block. Under an indented line, the first line above that is not indented, when it
    opens with a date (a chronology's "May 2010 | Inspection of safeguarding ..." over "
    Safeguarding: inadequate."); under any other line, the nearest line above that holds only a
    date (a timeline's "August 2018" over "A re-inspection found services still inadequate ...")."""
    key = ("date_above", indented, line_start)
    if key in a.memo:
        return a.memo[key]
    found = None
    text = a.masked
    if indented or _BULLET.match(text, line_start):
        # a list under a heading ending in its date ("Single inspection framework, report published
        # March 2016" over "- Overall effectiveness: Outstanding"): the list's lines are of that date;
        # so are indented lines under one ("B. Inspection of ... – report published 23 April 2013"
        # over "   Overall effectiveness: inadequate"), whose last date is the report's ("fieldwork
        # 18 to 29 November 2019; report published 9 January 2020", a full stop after it or not)
        for start, end in _lines_above(text, line_start):
            if text[start:start + 1] in (" ", "\t") if indented else _BULLET.match(text, start):
                continue
            if indented:
                dates = a.dated_in(start, end)
                if dates and dates[0].start > start and not text[dates[-1].end:end].strip(" \t:).") \
                        and not a.grades_in(start, end):
                    found = dates[-1]
                elif not dates and a.grades_in(start, end):
                    # a sub-row under a graded row ("Children looked after and achieving permanence –
                    # Good" over "   Adoption performance – Good"): the rows share their block's date
                    found = _date_above(a, start, False)
                break
            note = _HEADING_NOTE.search(text, start, end)
            stop = note.start() if note is not None else end   # "Short inspection, March 2020 (published April 2020)"
            dates = a.dated_in(start, stop)
            if not dates and note is not None and "." not in text[start:stop]:
                # "Inspection of services for children in need of help and protection, ... (report
                # published 13 February 2017):": the heading's one date is its note's
                dates = a.dated_in(stop, end)
                stop = note.end()
            if len(dates) == 1 and not text[dates[0].end:stop].strip(" \t:)") and "." not in text[start:dates[0].start] \
                    and not a.grades_in(start, end):
                found = dates[0]
            break
        if found is not None:
            a.memo[key] = found
            return found
    for start, end in _lines_above(text, line_start):
        if indented and text[start:start + 1] in (" ", "\t"):
            continue
        dates = a.dated_in(start, end)
        if indented:
            found = dates[0] if dates and dates[0].start == start else None   # the heading opens with its date
            break
        if dates and (not text[start:dates[0].start].strip()
                      or (_DATE_FIELD_LABEL.fullmatch(text, start, dates[0].start) and not _FIELD_LINE.match(text, line_start))) and (
                not text[dates[-1].end:end].strip(" \t.:") or _TITLE_AFTER_DATE.fullmatch(text, dates[-1].end, end)):
            # (a timeline's date line may carry a short title: "September 2016 – The low point"; a
            # field line's value may be the date, "Report published: 27 March 2015", over a line of
            # prose, not over more field lines, "Overall effectiveness: Good": a record of fields
            # under it is the page's own, which needs no date to be the latest)
            if len(dates) > 1 and _COLUMN_GAP.fullmatch(text, dates[0].end, dates[1].start):
                break   # a header of dated columns ("      Feb 2014    May 2018"): the columns carry the dates
            found = dates[-1] if len(dates) > 1 and text[dates[0].end:dates[-1].start].strip() in ("to", "-", "–", "and") else dates[0]
            break
    if found is None:
        found = _lead_in_date(a, line_start)
    a.memo[key] = found
    return found


#: The label of a field line whose value is a date: "Report published: ", "Date of visit: ".
_DATE_FIELD_LABEL = re.compile(r"[a-z][a-z ']{0,30}:[ \t]*")

#: Between two dates of a header's columns: two spaces or more, or a tab.
_COLUMN_GAP = re.compile(r" {2,}|\t+")


def _lead_in_date(a: Analysis, line_start: int):
    """The date over the block of lines the line at ``line_start`` is in, or None: that of a one-line
    paragraph ending in a colon on a sentence announcing grades, one blank line above the block,
    whose dates all fall in one year or two running and which holds no grade ("Ofsted inspected our children's
    services from 3 to 14 September 2018. The report was published on 15 October 2018. Inspectors
    judged:"; its last date, the report's); else that ending the heading of the block's section (a
    short line alone between blank lines: "Short inspection, January 2022", "Our previous
    inspection, 2014"). Only where the document has two such dated blocks (the latest grades and
    earlier ones): a lone block needs no date to be the latest, and a date would make it lose to
    any undated grade of the text. A block is two lines or more, none of them prose."""
    text = a.masked
    top = line_start
    for start, _ in _lines_above(text, line_start):
        top = start
    blocks = a.memo.get("block_dates")
    if blocks is None:
        blocks = {}
        for m in _BLOCK_TOP.finditer(text):
            below = m.end()
            below_end = text.find("\n", below)
            block_end = text.find("\n\n", below)
            block = text[below:block_end if block_end >= 0 else len(text)].split("\n")
            if len(block) > 1 and max(map(len, block)) < 200 and a.grades_in(below, below_end):
                found = _block_date(a, below)
                if found is not None:
                    blocks[below] = found
        a.memo["block_dates"] = blocks
    return blocks.get(top) if len(blocks) > 1 else None


def _block_date(a: Analysis, top: int):
    """The lead-in's or the section heading's date over the block of lines starting at ``top``."""
    text = a.masked
    end = top
    for hop in range(4):
        while end > 0 and text[end - 1].isspace():
            end -= 1
        start = text.rfind("\n\n", 0, end)
        start = start + 2 if start >= 0 else 0
        if end - start > 600:
            return None   # prose, no lead-in or heading (and no long scan of it)
        para = text[start:end]
        if para and "\n" in para and all(_FIELD_LINE.match(x) for x in para.split("\n")) and not a.grades_in(start, end):
            # "Inspection dates: 9 to 13 September 2019 / Report published: 15 October 2019": a
            # block of fields over the grades; its last date, the report's
            dates = a.dated_in(start, end)
            return dates[-1] if dates else None
        if not para or "\n" in para:
            return None   # the text's start, or a paragraph of lines (another block)
        if hop == 0 and para.endswith(":"):
            if not _LEAD_IN_GRADES.search(text, start, end):
                return None   # "Ofsted last inspected us in March 2022. Since then:" announces no grades
            dates = a.dated_in(start, end)
            years = [d.year or 0 for d in dates]   # (dated_in gives dated mentions: each has its year)
            if dates and max(years) - min(years) <= 1 and not a.grades_in(start, end):
                # (one inspection's dates: "took place from 22 November to 3 December 2021. The
                # report was published on 1 February 2022.")
                return dates[-1]
        elif len(para) <= 120 and para[-1:] not in ".:!?\"”" and not a.grades_in(start, end):
            dates = a.dated_in(start, end)
            return dates[-1] if dates and not text[dates[-1].end:end].strip(" \t)") else None   # the section's heading
        end = start
    return None


#: A field line of a block over the grades: "Report published: March 2016", "Type: short inspection".
_FIELD_LINE = re.compile(r"[a-z][a-z ']{0,30}:[ \t]+\S")
#: A line after a blank line: the top of a block of lines.
_BLOCK_TOP = re.compile(r"\n\n(?=[ \t]*\S)")


#: The last sentence of a lead-in announcing grades: "Inspectors judged:", "At that time:".
_LEAD_IN_GRADES = re.compile(r"(?:^|[.!?]\s)[^.!?\n]*\b(?:judged|judgements?|judgments?|rated|ratings?|grades?|graded|"
                             r"found|verdicts?|results?|outcomes?|at\s+that\s+time|then)\b[^.!?\n]*:$", re.I | re.M)


def _paragraph_date(a: Analysis, sent: Sentence):
    """The date framing ``sent``'s paragraph, or None: an earlier sentence of the paragraph opens
    it with a time clause holding a date ("When Ofsted published its verdict on Dudley in April
    2016, there was little to salvage."), so the paragraph's undated grades are of that date."""
    key = ("paragraph_date", sent.index)
    if key in a.memo:
        return a.memo[key]
    found = None
    opener = _paragraph_opener(a, sent)
    if opener is not None and rx()["paragraph_date"].match(a.masked, opener.start, opener.end):
        comma = a.masked.find(",", opener.start, opener.end)
        if comma > 0 and _IN_DATE.match(a.masked, comma + 1):
            comma = a.masked.find(",", comma + 1, opener.end)   # "At its last full inspection, in March 2023, ..."
        clause_end = comma if comma > 0 else opener.end
        found = next((d for d in a.dates_in(opener.start, clause_end) if d.year and not d.relative
                      # "In its first inspection since the council was created in April 2023, ...": a starting point
                      and not _SINCE_DATE.search(a.masked, max(opener.start, d.start - 50), d.start)), None)
        if found is not None:
            for between in a.sentences[opener.index + 1:sent.index]:
                # "By the 2018 inspection ... . Then came the inspection of January 2023, ...": a later
                # sentence of the paragraph dating a later inspection moves the frame to its date
                later = next(iter(a.dated_in(between.start, between.end)), None)
                if later is not None and later.year is not None and found.year is not None and later.year > found.year \
                        and has_any(a.masked, ("inspect", "visit", "report"), between.start, between.end):
                    found = later
    elif opener is not None and 0 < opener.index < sent.index and a.opens_on_time_before(opener):
        # "... published in December 2016, judged that children's services required improvement. |
        # Within that overall grade, ... . Help and protection ... each required improvement": the
        # paragraph opens on the time the sentence before dated ("Back then", "At that inspection")
        before = a.sentences[opener.index - 1]
        dated = [d for d in a.dated_in(before.start, before.end)]
        found = dated[0] if dated and len({d.year for d in dated}) == 1 else None
    a.memo[key] = found
    return found


# --------------------------------------------------------------------------------------------
# lines and tables


_HDR_SEP = re.compile(r"\s{2,}(?:\|\s*)?|\s?\|\s*|\t")
#: (the first may carry a note of who judged and when: "Judgement (Ofsted, June 2017)")
_HDR_LABEL = re.compile(r"[a-z][a-z ]{2,60}(?:\s*\([a-z0-9 ,]{1,40}\))?")
_HDR_COL = re.compile(r"[a-z0-9][a-z0-9 /()-]{0,40}")
#: A column title between bars may be longer ("| Our target for the next inspection").
_HDR_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_HDR_COL_BARRED = re.compile(r"[a-z0-9][a-z0-9 /(),-]{0,50}")
_CELL_RX = r"(?:(?:Ⓖ(?: ?\*+)?|[-–—*]|n/a)(?:\s*\((?:[a-z0-9]|with\s+[a-z ]{3,30}|joint|combined|together)\))?\.?|\([a-z0-9]\))"
_LINE = re.compile(
    r"^\s*(?:\|\s*)?(?:[-•*·–▪◦]\s+|\d+(?:\.\d+)*[.)]?\s+)?(?P<label>[a-z(][^:|\t\nⒼ]{1,150}?)\s*(?::\s*|\s*\|\s*|\t+\s*|\s*\.{2,}\s*|\s{2,}|(?<=\s)[–—-]\s+)"
    rf"(?P<cells>{_CELL_RX}(?:(?:\s{{2,}}|\s*\|\s*|\t+){_CELL_RX})*)\s*\|?\s*[;,]?\s*$")
_CELL = re.compile(_CELL_RX)
#: A table cell saying no grade was given: "Not graded separately*", "not judged", "n/g", "see row
#: above" (graded together with the area of the row above), "see children looked after" (with that row's area),
#: "graded with children in care" (the same).
_NOT_GRADED_CELL = re.compile(r"(?<=\s)(?:not\s+(?:separately\s+)?(?:graded|judged|reviewed|inspected|assessed)(?:\s+separately)?|n/[gj]|see\s+(?:the\s+)?(?:row\s+)?above|see\s+(?:the\s+row\s+for\s+)?[a-z][a-z '’]{2,50}?|(?:graded|judged|assessed|rated)\s+(?:together\s+|jointly\s+)?with\s+[a-z][a-z '’]{2,50}?)\**(?=\s*(?:\||$|\s{2,}))", re.I)
#: A note in brackets with a colon inside a row's label: "(2017: children looked after)".
_LABEL_NOTE = re.compile(r"\([^()|Ⓖ\n:]{0,40}:[^()|Ⓖ\n]{1,80}\)")
#: What a cell can be made of (besides whitespace and "(x)" notes), and what can come right
#: before a row's first grade cell (a label's separator, or the cell before and its separator).
_CELL_CHARS = frozenset("Ⓖ-–—n/a.|*")
_BEFORE_CELL = (":", "|", ".", "-", "–", "—", ")", "n/a")
_NOTE_CELL = re.compile(r"\((?:[a-z0-9]|with\s+[a-z ]{3,30}|joint|combined|together)\)")


#: A note that is only a grade: "(Good)", "(Good*)", or a grade after a label and a colon (an older
#: judgement's name: "(children looked after: requires improvement)"), and a grade with an aside after
#: a comma ("(good, when graded jointly with care leavers)").
_BARE_NOTE = re.compile(r"\s*(?:[^():Ⓖ\n]{1,60}:\s*)?Ⓖ\s*\**\s*(?:,\s*[^()Ⓖ\n]{1,60})?")
#: A lead-in saying what the brackets hold: "Hertfordshire's 2023 grades, with 2018 in brackets:".
_BRACKETS_KEY = re.compile(r"\b(?:previous|earlier|last|\d{4})\b[^\n]{0,40}\bin\s+(?:round\s+)?(?:brackets|parenthes[ie]s)")


def _brackets_key(a: Analysis, line_start: int) -> bool:
    """Whether a line above, in the same block or as the lead-in one blank line above it (ending
    with a colon, or a sentence saying so: "The grade from the previous inspection (November 2021)
    is shown in brackets."), says the brackets hold the earlier grades."""
    top = line_start
    for s0, e0 in _lines_above(a.masked, line_start):
        if _BRACKETS_KEY.search(a.masked, s0, e0):
            return True
        top = s0
    if top >= 2 and a.masked[top - 2:top] == "\n\n":
        s0 = a.masked.rfind("\n", 0, top - 2) + 1
        return a.masked[s0:top - 2].rstrip()[-1:] in (":", ".") and _BRACKETS_KEY.search(a.masked, s0, top - 2) is not None
    return False


_TRAILING_NOTE = re.compile(r"\s*\((?P<note>[^()\n]{1,120})\)\s*[.;,]?\s*\|?\s*$")
#: A change note after a line's grade cell: "Help and protection: Ⓖ - down from Ⓖ", "…: Ⓖ, up from Ⓖ, when …".
_TRAILING_CHANGE = re.compile(r"\s*[-–—,;]\s*(?:up|down|improved|moved\s+up|slipped|dropped|fell|rose)\s+from\s+Ⓖ(?![^Ⓖ\n]*Ⓖ)[^\n]*$")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
#: A line that is only a grade ("Good", "Requires improvement to be good:", "OUTSTANDING").
_GRADE_HEADING = re.compile(r"\s*(?:[#*]+\s*)?Ⓖ\s*:?\s*(?:\(\s*\d+\s*\)\s*)?")


def _skeleton_of(masked: str, start: int, end: int, grades) -> str:
    """The text of ``start:end`` with each grade (with its quotation marks) as one symbol Ⓖ."""
    parts, pos = [], start
    for g in grades:
        parts.append(masked[pos:g.q_start])
        parts.append("Ⓖ")
        pos = g.q_end
    parts.append(masked[pos:end])
    return "".join(parts)


#: After a statement, another authority that takes its grade: ", as was West Northamptonshire"
#: (rule ``ratings.copy``).
_AS_WAS_AUTHORITY = re.compile(r"\w*\s*,\s*(?:as|and\s+so)\s+(?:was|were|is|are|did|does)\s+(?:neighbouring\s+|nearby\s+)?")


#: The close of a bracketed note that an area is judged with the label's from a year: " in 2019)",
#: ", 2022)".
_JOINT_NOTE = re.compile(r"(?:,?\s+(?:(?:from|since|in)\s+)?(?:19|20)\d\d)?\)")
_CLOSE = re.compile(r"\s*\)")


def _alternative_names(masked: str, first, others, label_end: int) -> bool:
    """Whether a table label's later areas are other names of its first, each after a slash and
    ending the label: "Leadership, management and governance / impact of leaders" (one area),
    "Children looked after / children in care and care leavers" (the first, and the joint area
    it became), "Leadership (impact of leaders)", "Leadership (impact of leaders from 2018)",
    "Children in care (and care leavers in 2019)",
    "Children in care (and care leavers, 2022)" (judged with it from then); not "Help and protection / children in care" (two
    areas: whose is the grade?)."""
    pos = first.end
    for o in others:
        sep = masked[pos:o.start].strip()
        if sep in ("(and", "(with") and (cm := _JOINT_NOTE.match(masked, o.end)) is not None \
                and cm.end() <= label_end:
            # "Children in care (and care leavers in 2019)": the later framework's joint judgement,
            # the label's area still the first
            pos = cm.end()
            continue
        if sep not in ("/", "(") or not (o.area == first.area or o.area.startswith(first.area + "+")):
            return False
        pos = o.end
        if sep == "(":
            # "Leadership (impact of leaders)", "Leadership (impact of leaders from 2018)": the
            # other name, and the year it came in
            cm = _JOINT_NOTE.match(masked, pos) or _CLOSE.match(masked, pos)
            if cm is None or cm.end() > label_end:
                return False
            pos = cm.end()
    rest = masked[pos:label_end].strip()
    return not rest or _NOTE_CELL.fullmatch(rest) is not None   # "Children looked after / children in care (a)"


def _says_more_than_area(rest: str) -> bool:
    """Whether the words of a line around its area, ``rest``, say more than the area ("Number
    of children in care"): more than one word of three letters or more besides "the", "of",
    "judgement" and the like."""
    return len(re.findall(r"[a-z]{3,}", _LABEL_REST.sub(" ", _NOTE_MARK.sub(" ", rest)))) > 1


#: A pointer to a note in a label: "(note 1)", "(see note 2)", "(notes 1 and 2)"; or a note on how
#: the area was graded: "(reviewed separately)".
_NOTE_MARK = re.compile(r"\((?:see\s+)?notes?\s+[0-9a-z](?:\s*(?:,|and)\s*[0-9a-z])*\)|\((?:reviewed|graded|judged|assessed|inspected)\s+separately\)")


#: A line that is a grade, a dash or colon, and then a label: "• Good – overall effectiveness".
_GRADE_FIRST = re.compile(r"\s*(?:[-•*·–▪◦]\s+|\d+[.)]\s+)?Ⓖ\s*(?:[–—-]|:)\s+(?P<label>[^Ⓖ]+?)\s*$")


_GRADE_WORDS = re.compile(r"\b(?:outstanding|good|inadequate|requires?\s+improvement(?:\s+to\s+be\s+good)?|ri)\b")


def _grade_first_row(a: Analysis, line: str, line_start: int, skl: str):
    """(area, its wording) of a line that is a grade and then one area and nothing more
    ("• Outstanding – the impact of leaders on social work practice"), or None."""
    m = _GRADE_FIRST.fullmatch(skl)
    if m is None:
        return None
    areas = a.in_range("areas", line_start, line_start + len(line))
    if len(areas) != 1:
        return None
    am = areas[0]
    rest = a.masked[line_start:am.start] + " " + a.masked[am.end:line_start + len(line)]
    rest = _GRADE_WORDS.sub(" ", rest)   # the words around the area may be only the grade, a bullet and filler
    if _says_more_than_area(rest):
        return None
    return am.area, am.surface


def _heading_row(a: Analysis, line: str, line_start: int, heading: tuple[str, int], gap: int):
    """(area, its wording) of a bulleted line that names one area and nothing else, under a grade
    heading with no more than one blank line between (``gap``: characters since the heading or
    the list's previous line), or None."""
    bullet = _BULLET.match(line)
    if bullet is None or gap > 3:
        return None
    areas = a.in_range("areas", line_start, line_start + len(line))
    if len(areas) != 1:
        return None
    am = areas[0]
    if _says_more_than_area(line[bullet.end():am.start - line_start] + " " + line[am.end - line_start:]):
        return None
    return am.area, am.surface


def _may_be_row(skl: str) -> bool:
    """Whether a line's skeleton can match ``_LINE``: only separators and cells from its first
    grade on. A cheap test first, since ``_LINE`` backtracks long on a prose line."""
    f = skl.find("Ⓖ")
    if f < 0:
        return True
    pre = skl[:f]
    stripped = pre.rstrip()
    gap = pre[len(stripped):]
    if len(gap) < 2 and "\t" not in gap and not stripped.endswith(_BEFORE_CELL):
        return False
    tail = skl[f:].rstrip().rstrip(";,")   # "(a) the impact of leaders: outstanding;" ends a list's line
    if "(" in tail:
        tail = _NOTE_CELL.sub("", tail)
    return all(c in _CELL_CHARS or c.isspace() for c in set(tail))


_DASH_LINE = re.compile(r"^\s*(?:(?:[-•*·–▪◦]\s+|\d+[.)]\s+)\S.*?|[a-z][^.!?\n]{2,90}?)\s[–—-]\s+\S")
_LABEL_REST = re.compile(r"\b(?:the|of|and|for|judge?ment|grade|experiences?|progress|key|area|of)\b|[^a-z]")


def _header(line: str) -> list[str] | None:
    """The column titles of a table header row ("Judgement    2018    2023"), or None.

    >>> _header("judgement          2018   2023 |")
    ['2018', '2023']
    >>> _header("judgement | 2018 | january 2023 | our target for the next inspection")
    ['2018', 'january 2023', 'our target for the next inspection']
    >>> _header("judgement (ofsted, june 2017)      grade        our target for the next inspection")
    ['grade', 'our target for the next inspection']
    >>> _header("                                   feb 2014    may 2018")
    ['feb 2014', 'may 2018']
    >>> _header("inspectors said that                      and that care leavers are settled in homes") is None
    True
    """
    body = line.strip()
    if body.endswith("|"):
        body = body[:-1].rstrip()
    if body.startswith("|"):
        body = body[1:].lstrip()   # "| Area | Ofsted (Dec 2024) | Our assessment now |"
    parts = _HDR_SEP.split(body)
    if len(line) - len(line.lstrip(" ")) >= 8 and "|" not in body and 2 <= len(parts) <= 4 \
            and all(_HDR_COL.fullmatch(c) for c in parts):
        return [c.strip() for c in parts]   # "                 Feb 2014    May 2018": no title over the labels
    if not 2 <= len(parts) <= 5 or not (_HDR_LABEL.fullmatch(parts[0]) or (not parts[0].strip() and "|" in body)):
        # (a bar table's first header cell may be empty: "| | Overall effectiveness | Capacity for improvement |")
        return None
    col = _HDR_COL_BARRED if "|" in body else _HDR_COL
    if not all(col.fullmatch(c) for c in parts[1:]):
        return None
    return [c.strip() for c in parts[1:]]


@dataclass(slots=True)
class LineRow:
    sent: Sentence
    area: str
    area_text: str
    rating: str
    previous: str | None
    rule: str
    time: tuple[int, int | None] | None = None   # the year of its grade's column, when not the latest one's


#: A row label that is only the word for a grade: "Rating", "Ofsted rating", or "Overall" (the overall grade's).
_BARE_RATING_LABEL = re.compile(r"\s*(?:(?:ofsted\s+)?(?:rating|grade|verdict)|overall(?:\s+(?:rating|grade|judge?ment))?)\s*")


def _line_rows(a: Analysis) -> tuple[list[LineRow], set[int], set[int], set[int]]:
    """Rows of "Area: Grade" lines and plain-text tables, the sentences they consumed, the
    sentences of rows whose columns could not be read, and those of rows whose grade stands in a
    column of the council's own view or target."""
    r = rx()
    masked = a.masked
    out: list[LineRow] = []
    consumed: set[int] = set()
    header: list[str] | None = None
    heading: tuple[str, int] | None = None   # a grade line over a list of areas, and where it ended
    last_line_end = -10
    cell_lines: list[list[Sentence]] = []   # lines with two grades in cells of their own
    own_view: set[int] = set()
    by_line: dict[int, list[Sentence]] = {}
    for s in a.sentences:
        by_line.setdefault(s.line_start, []).append(s)
    for line_start, sents in by_line.items():
        first = sents[0]
        line_end = first.line_end
        if len(sents) > 1 and _BULLET.match(masked, line_start) and len(a.grades_in(first.start, first.end)) == 1 \
                and _LABEL_ITEM.fullmatch(masked, line_start, first.end):
            # "- Overall: good. That is the same as last time, in 2019.": a list item's first
            # sentence is its row; the sentences after it are read as prose
            sents, line_end = [first], first.end
        line = masked[line_start:line_end]
        grades = a.grades_in(line_start, line_end)
        skl = _skeleton_of(masked, line_start, line_end, grades) if grades else line
        if grades and ("not " in skl or "n/" in skl or "see " in skl or " with " in skl) and "Ⓖ" in skl:
            # "Care leavers    Good    Not graded separately*": a cell with no grade in it
            skl = _NOT_GRADED_CELL.sub(lambda m: "–" + " " * (len(m.group(0)) - 1), skl)
        if len(grades) > 1 and _GRADE_CELLS.search(skl):
            cell_lines.append(sents)
        if grades and len(line) < 60 and _GRADE_HEADING.fullmatch(skl):
            heading = (grades[0].label, line_end)   # "Good" over a bulleted list of areas
            continue
        if len(grades) == 1 and len(line) < 200:
            row = _grade_first_row(a, line, line_start, skl)
            if row is not None:   # "• Good – overall effectiveness"
                consumed.update(s.index for s in sents)
                out.append(LineRow(first, row[0], row[1], grades[0].label, None, "ratings.grade_first"))
                heading = None
                continue
        if heading is not None and not grades and line.strip():
            row = _heading_row(a, line, line_start, heading, line_start - heading[1])
            if row is not None:
                consumed.update(s.index for s in sents)
                out.append(LineRow(first, row[0], row[1], heading[0], None, "ratings.grade_heading"))
                heading = (heading[0], line_end)
                continue
            heading = None
        if (":" not in line and "|" not in line and "\t" not in line and "  " not in line.strip() and ".." not in line
                and _DASH_LINE.match(line) is None):   # the dash test last: it reads a bulleted line to its end
            if line.strip() and line_start - last_line_end > 2:
                header = None
            continue
        if not grades or len(line) > 300:
            hdr = _header(line) if len(line) <= 300 and ("  " in line or "\t" in line or "|" in line) else None
            if hdr and (not a.in_range("areas", line_start, line_end) or any(r["table_target"].search(h) for h in hdr)):
                # (a header naming judgements is one only beside a column that is never the rating:
                # "| | Overall effectiveness | Capacity for improvement |")
                header, last_line_end = hdr, line_end
            elif line.strip() and line_start - last_line_end > 2:
                header = None
            continue
        # "Overall effectiveness: Outstanding (previously Good)": a note after the cells
        note_prev, note = None, _TRAILING_NOTE.search(skl) if skl.rstrip(" \t.;,|").endswith(")") else None
        if note is not None and "Ⓖ" in skl[:note.start()]:
            n_note = note.group("note").count("Ⓖ")
            note_grades = grades[len(grades) - n_note:] if n_note else []
            grades = grades[:len(grades) - n_note]
            text_note = note.group("note")
            if note_grades and (r["note_previous"].search(text_note) or _YEAR.search(text_note)
                                or (_BARE_NOTE.fullmatch(text_note) and _brackets_key(a, line_start))):
                note_prev = note_grades[0].label
            elif not note_grades and r["note_same"].search(text_note):
                note_prev = "same"
            skl = skl[:note.start()]
        change = _TRAILING_CHANGE.search(skl) if note is None and "from" in skl else None
        if change is not None and skl[:change.start()].count("Ⓖ") == 1:
            note_prev = grades[-1].label   # the grade after "from" is the last on the line
            grades = grades[:-1]
            skl = skl[:change.start()]
        if "(" in skl and ":" in skl:
            # "Impact of leaders (2017: leadership, management and governance) | Good | Good": the
            # label's note of an older name is blanked, so its colon is not the label's end
            first_g = skl.find("Ⓖ")
            for nm in list(_LABEL_NOTE.finditer(skl, 0, first_g if first_g >= 0 else len(skl))):
                if not skl[:nm.start()].strip():
                    # the note is all of a wrapped label's second line ("Children in care and care
                    # leavers" over "(2015: children looked after)   RI   Outstanding"): its
                    # older name is the label, read with the line above
                    colon = skl.index(":", nm.start())
                    skl = skl[:nm.start()] + " " * (colon + 1 - nm.start()) + skl[colon + 1:nm.end() - 1] + " " + skl[nm.end():]
                    continue
                skl = skl[:nm.start()] + " " * (nm.end() - nm.start()) + skl[nm.end():]
        if skl.count("|") >= 4 and skl.lstrip().startswith("|"):
            skl = _lead_cells_blanked(a, skl, line_start)
        elif skl.count("|") >= 2 and not skl.lstrip().startswith("|"):
            b0 = skl.find("|")
            b1 = skl.find("|", b0 + 1)
            if not a.in_range("areas", line_start, line_start + b0) and a.in_range("areas", line_start + b0 + 1, line_start + b1):
                # "Single inspection, 6 January 2015 | Overall effectiveness | Good": the first cell
                # (the row's date, ``_row_date``) set aside, the row reads from the area's cell
                skl = " " * b0 + skl[b0:]
        elif "|" not in skl and (lead := _fixed_width_lead(a, skl, line_start, line_end)):
            # "Single inspection framework (SIF)    6 January 2015    Overall effectiveness    Good":
            # a fixed-width table's cells before the one naming an area (the row's kind and
            # date, ``_row_date``) set aside, the row reads from the area's cell
            skl = " " * lead + skl[lead:]
        if header and "|" in skl and r["table_target"].search(header[-1]):
            cells = skl.strip().strip("|").split("|")
            if len(cells) == len(header) + 1 and "Ⓖ" in cells[-1] and not any("Ⓖ" in c for c in cells[:-1]):
                # "Care leavers | Head of Leaving Care | Amber | Requires improvement" under "Workstream
                # | Lead | RAG | Self-assessed grade": the grade is the council's own view (or target)
                own_view.update(s.index for s in sents)
                continue
        lm = _LINE.match(skl) if _may_be_row(skl) else None
        if lm is None and header and (tight := _TIGHT_ROW.match(skl)) is not None:
            # "   The experiences and progress of children in care RI          Good" under a header
            # of columns: a label that runs to one space before the first of its grade cells
            skl = skl[:tight.end("label")] + " " + skl[tight.end("label"):]
            lm = _LINE.match(skl) if _may_be_row(skl) else None
        if lm is None:
            continue
        label = lm.group("label").strip()
        label_start = line_start + lm.start("label")
        areas = a.in_range("areas", label_start, label_start + len(label) + 1)
        wrapped = False
        if a.text[label_start:label_start + 1].islower() and line_start >= 2 and masked[line_start - 1] == "\n" \
                and masked[line_start - 2] != "\n":
            # a label wrapped onto a second line ("The experiences and progress of children in care"
            # over "and care leavers      Good"): the area the first line names
            above_start = masked.rfind("\n", 0, line_start - 1) + 1
            above = a.in_range("areas", above_start, line_start - 1) if not a.grades_in(above_start, line_start - 1) else []
            if above:
                areas, wrapped = above[-1:], True
        if not areas and line_start >= 2 and masked[line_start - 1] == "\n" and masked[line_start - 2] != "\n":
            # a label begun on the line above, which has no cells: "Review of the effectiveness of
            # the Local Safeguarding" over "Children Board      Requires improvement to be good"
            above_start = masked.rfind("\n", 0, line_start - 1) + 1
            above_text = a.text[above_start:line_start - 1]
            if not a.grades_in(above_start, line_start - 1) and "|" not in above_text and len(above_text) < 80:
                joined = above_text + " " + a.text[label_start:label_start + len(label)]
                cut = len(above_text)
                found = [f for f in find_areas(joined.lower()) if f.start < cut < f.end]
                if found:
                    areas, wrapped = [replace(found[0], start=label_start, end=label_start + len(label))], True
        if not areas and line_end < len(masked):
            # the label's end wrapped onto the line below, which has no cells ("Experiences and
            # progress of children who need help   RI   Good" over "  and protection", or over
            # "and protection" and a blank line)
            below_end = masked.find("\n", line_end + 1)
            below = masked[line_end + 1:below_end if below_end >= 0 else len(masked)]
            nxt_end = masked.find("\n", below_end + 1) if below_end >= 0 else -1
            after_below = masked[below_end + 1:nxt_end if nxt_end >= 0 else len(masked)] if below_end >= 0 else ""
            if (below[:1] in (" ", "\t") or (not after_below.strip() and len(below) < 40)) \
                    and below.strip()[:1].islower() and len(below) < 80 \
                    and not a.grades_in(line_end + 1, line_end + 1 + len(below)):
                joined = a.text[label_start:label_start + len(label)] + " " + below.strip()
                found = find_areas(joined.lower())
                if found and found[0].start == 0 and found[0].end > len(label):
                    areas, wrapped = [replace(found[0], start=label_start, end=label_start + len(label))], True
        if not areas and _BARE_RATING_LABEL.fullmatch(masked, label_start, label_start + len(label)):
            # "Rating: outstanding (2014: good)" under a heading naming the authority: a label that
            # is only "rating" is the overall grade's
            areas = [replace(find_areas("overall rating")[0], start=label_start, end=label_start + len(label))]
        if not areas:
            continue
        am = areas[0]
        label_end = label_start + len(label)
        if not wrapped and len(areas) > 1 and _alternative_names(masked, am, areas[1:], label_end):
            # "Leadership, management and governance / impact of leaders": one area under the
            # names of two frameworks, the label's words are all area names
            label_end = am.end
        # ("Wandsworth Safeguarding Children Board (review)": the words before a board are its name)
        pre = masked[label_start:am.start] if am.area != "lscb" else ""
        gloss = _GLOSS_OPEN.search(masked, label_start, am.start)
        glossed = gloss is not None and not masked[am.end:label_end].strip(" )”’\x22'") \
            and "(" not in masked[label_start:gloss.start()]
        if not wrapped and not glossed and _says_more_than_area(pre + " " + masked[am.end:label_end]):
            # (not "Keeping children safe (help and protection)": the area's name in brackets after
            # a plain-words gloss of it, rule ``ratings.line``)
            continue   # "Number of children in care"
        cells = _CELL.findall(lm.group("cells"))
        n_grades = sum(c.startswith("Ⓖ") for c in cells)
        gi = iter(grades[len(grades) - n_grades:])
        labels = [next(gi).label if c.startswith("Ⓖ") else None for c in cells]
        cur_i: int | None
        prev_i: int | None
        cur_i, prev_i = len(labels) - 1, (len(labels) - 2 if len(labels) > 1 else None)
        if header and len(header) == len(labels):
            # a "Target" column is the grade aimed at, never the rating
            graded = [i for i, h in enumerate(header) if not r["table_target"].search(h)]
            if len(graded) < len(header):
                cur_i = graded[-1] if graded else None
                prev_i = graded[-2] if len(graded) > 1 else None
            # each graded column's one year ("2018", "Ofsted 2024")
            years = [int(ys[0]) for i in graded if len(ys := _HDR_YEAR.findall(header[i])) == 1]
            if graded and len(years) == len(graded):
                order = sorted(range(len(years)), key=lambda i: years[i])
                cur_i = graded[order[-1]]
                prev_i = graded[order[-2]] if len(order) > 1 else None
            else:
                for i in graded:
                    h = header[i]
                    if r["table_previous"].search(h):
                        prev_i = i
                    elif r["table_current"].search(h):
                        cur_i = i
                if prev_i == cur_i:
                    prev_i = None
        latest_i = cur_i
        while cur_i is not None and cur_i > 0 and labels[cur_i] is None:
            # "n/a" or "(a)" in the latest column: the latest grade is the column before
            cur_i, prev_i = cur_i - 1, (cur_i - 2 if cur_i >= 2 else None)
        col_time = None
        if cur_i != latest_i and cur_i is not None and header and len(header) == len(labels) \
                and len(ys := _HDR_YEAR.findall(header[cur_i])) == 1:
            # "Adoption performance   Inadequate   not graded" under "Mar 2015   Dec 2018": the
            # grade is of its own column's year, not the latest inspection's
            col_time = (int(ys[0]), None)
        rating = labels[cur_i] if cur_i is not None else None
        prev = labels[prev_i] if prev_i is not None else None
        if rating is None:
            continue
        if prev is None and note_prev is not None:
            prev = rating if note_prev == "same" else note_prev
        consumed.update(s.index for s in sents)
        out.append(LineRow(first, am.area, am.surface, rating, prev, "ratings.table" if len(labels) > 1 else "ratings.line", col_time))
        last_line_end = line_end
    out.extend(_transposed_rows(a, by_line, consumed))
    out.extend(_aligned_transposed_rows(a, by_line, consumed))
    unread = {s.index for sents in cell_lines if not any(s.index in consumed for s in sents) for s in sents}
    return out, consumed, unread - own_view, own_view


_ROW_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
#: What may stand in a header cell besides its area's name: "Leadership / impact of leaders".
_CELL_FILLER = re.compile(r"[\s/()|,&*-]|\band\b|\bthe\b")


#: A header cell that is overall effectiveness's by itself: "Overall", "Overall grade".
_OVERALL_CELL = re.compile(r"\s*overall(?:\s+(?:grade|judge?ment|rating))?\s*", re.I)


def _cell_area(masked: str, start: int, end: int) -> str | None:
    """The one judgement area a table cell names and nothing else ("Leadership / impact of leaders"
    names one), or None."""
    cell = masked[start:end]
    if _OVERALL_CELL.fullmatch(cell):
        return "overall_effectiveness"   # a column headed "Overall"
    found = find_areas(cell.lower())
    if not found or len({f.area for f in found}) != 1:
        return None
    rest = cell.lower()
    for f in sorted(found, key=lambda f: -f.start):
        rest = rest[:f.start] + rest[f.end:]
    return found[0].area if not _CELL_FILLER.sub("", rest) else None


#: A row of a table of inspections by area: its year (or None), its grades by column, its first
#: sentence and its line's start.
InspectionRow = tuple[Union[int, None], list[Union[str, None]], Sentence, int]


def _latest_row_grades(rows: list[InspectionRow], areas: list[str | None], labels: list[str]) -> list[LineRow]:
    """A table of inspections by area (rows of (year or None, grades by column, first sentence,
    line start)): the latest row, by its year (else the last), gives each area's rating, and the
    latest row before it with a grade in that column its previous one."""
    if all(r[0] is not None for r in rows):
        rows = sorted(rows, key=lambda r: r[0] or 0)
    out: list[LineRow] = []
    for i, ar in enumerate(areas):
        # the latest row grading the column: an area no longer graded ("–" in the latest rows, as
        # adoption and the LSCB after 2017) keeps the grade of the last inspection that graded it
        k = next((j for j in range(len(rows) - 1, -1, -1) if rows[j][1][i] is not None), None)
        if not ar or k is None:
            continue
        prev: str | None = None
        for j in range(k - 1, -1, -1):
            if rows[j][1][i] is not None:
                prev = rows[j][1][i]
                break
        rating = rows[k][1][i]
        assert rating is not None   # (the row ``k`` was chosen for its grade in the column)
        out.append(LineRow(rows[k][2], ar, labels[i], rating, prev, "ratings.transposed_table"))
    return out


def _transposed_rows(a: Analysis, by_line: dict[int, list[Sentence]], consumed: set[int]) -> list[LineRow]:
    """A table whose columns are judgement areas and whose rows are inspections ("Inspection |
    Published | Overall effectiveness | Help and protection | ..." over "ILACS standard inspection,
    fieldwork March 2024 | 16 May 2024 | Requires improvement | ..."; rule
    ``ratings.transposed_table``): the latest row, by its year, gives each area's rating, and the
    latest row before it with a grade in that column its previous one."""
    masked = a.masked
    if masked.count("|") < 6:
        return []
    out: list[LineRow] = []
    starts = sorted(by_line)
    for k, ls in enumerate(starts):
        le = by_line[ls][0].line_end
        line = masked[ls:le]
        if line.count("|") < 2 or a.grades_in(ls, le):
            continue
        bounds = _cell_bounds(line, ls)
        areas = [_cell_area(masked, x, y) for x, y in bounds]
        if sum(1 for ar in areas if ar) < 2:
            continue
        rows: list[InspectionRow] = []
        for ls2 in starts[k + 1:]:
            le2 = by_line[ls2][0].line_end
            line2 = masked[ls2:le2]
            if masked[le:ls2].count("\n") > 1 or line2.count("|") != line.count("|"):
                break   # the table ends at a blank line or a row of another shape
            cells = _cell_bounds(line2, ls2)
            grades = []
            years = []
            for (x, y), ar in zip(cells, areas):
                gs = a.grades_in(x, y)
                grades.append(gs[0].label if ar and len(gs) == 1 else None)
                if not ar:
                    years += [int(v) for v in _ROW_YEAR.findall(masked, x, y)]
            if all(g is None for g in grades) and not set(line2) - set("|-–—: \t"):
                le = le2
                continue   # a markdown rule under the header
            rows.append((max(years) if years else None, grades, by_line[ls2][0], ls2))
            le = le2
        if len(rows) < 2 or any(r[1] == [None] * len(areas) for r in rows):
            continue
        out.extend(_latest_row_grades(rows, areas, [masked[x:y].strip() for x, y in bounds]))
        for ls2 in starts[k:]:   # the header and every line read as the table's (``le``: the last one's end)
            if ls2 > le:
                break
            consumed.update(s.index for s in by_line[ls2])
    return out


#: A cell of a space-aligned table: a run of words with single spaces between them.
_ALIGNED_CELL = re.compile(r"\S(?:\S| (?=\S))*")


def _aligned_cells(line: str) -> list[tuple[int, int]]:
    """The (start, end) of each cell of a space-aligned line, relative to the line: runs of text
    between gaps of two or more spaces."""
    return [(m.start(), m.end()) for m in _ALIGNED_CELL.finditer(line)]


def _aligned_transposed_rows(a: Analysis, by_line: dict[int, list[Sentence]], consumed: set[int]) -> list[LineRow]:
    """A space-aligned table whose columns are judgement areas and whose rows are inspections,
    its header cells wrapped over two lines ("Overall" over "effectiveness", "Help and" over
    "protection"); rule ``ratings.transposed_table``. A column is where a header cell starts; a
    grade of a row belongs to the column it starts in (cells may touch: "Outstanding
    Outstanding"); the rows are read as in a "|" table."""
    masked = a.masked
    if masked.count("   ") < 6:
        return []   # no space-aligned table: at least a header and two rows with wide gaps
    out: list[LineRow] = []
    starts = sorted(by_line)
    k = 0
    while k < len(starts):
        ls = starts[k]
        k += 1
        le = by_line[ls][0].line_end
        if masked.find("   ", ls, le) == -1:
            continue   # no wide gap: no table line (most lines)
        line = masked[ls:le]
        if "|" in line or a.grades_in(ls, le):
            continue
        cols = _aligned_cells(line)
        if len(cols) < 4:
            continue
        labels = [line[x:y] for x, y in cols]
        col_starts = [x for x, _ in cols]
        j = k
        # a header line wrapped: its words start where the first line's cells do
        while j < len(starts) and masked[le:starts[j]].count("\n") == 1 and not a.grades_in(starts[j], by_line[starts[j]][0].line_end):
            nxt = masked[starts[j]:by_line[starts[j]][0].line_end]
            pieces = _aligned_cells(nxt)
            if not pieces or any(not any(abs(x - c) <= 1 for c in col_starts) for x, _ in pieces):
                break
            for x, y in pieces:
                i = min(range(len(col_starts)), key=lambda c: abs(col_starts[c] - x))
                labels[i] += " " + nxt[x:y]
            le = by_line[starts[j]][0].line_end
            j += 1
        areas = [_cell_area(label, 0, len(label)) for label in labels]
        if sum(1 for ar in areas if ar) < 2:
            continue
        rows: list[InspectionRow] = []
        for ls2 in starts[j:]:
            le2 = by_line[ls2][0].line_end
            if masked[le:ls2].count("\n") > 1:
                break   # the table ends at a blank line
            line2 = masked[ls2:le2]
            grades: list[str | None] = [None] * len(cols)
            counts = [0] * len(cols)
            for g in a.grades_in(ls2, le2):
                i = max((c for c, x in enumerate(col_starts) if x <= g.start - ls2 + 1), default=0)
                grades[i] = g.label
                counts[i] += 1
            grades = [g if n == 1 and areas[i] else None for i, (g, n) in enumerate(zip(grades, counts))]
            years = []
            for i, (x, _) in enumerate(cols):
                if not areas[i]:
                    end = col_starts[i + 1] if i + 1 < len(cols) else len(line2)
                    years += [int(v) for v in _ROW_YEAR.findall(line2[x:end])]
            if all(g is None for g in grades):
                break
            rows.append((max(years) if years else None, grades, by_line[ls2][0], ls2))
            le = le2
        if len(rows) < 2:
            continue
        out.extend(_latest_row_grades(rows, areas, [" ".join(label.split()) for label in labels]))
        for ls2 in starts[k - 1:]:   # the header and every line read as the table's
            if ls2 > le:
                break
            consumed.update(s.index for s in by_line[ls2])
    return out


def _cell_bounds(line: str, offset: int) -> list[tuple[int, int]]:
    """The spans of a "|" row's cells (a leading or trailing bar opens no cell)."""
    out = []
    pos = 0
    for piece in line.split("|"):
        out.append((offset + pos, offset + pos + len(piece)))
        pos += len(piece) + 1
    if out and not line[:out[0][1] - offset].strip():
        out = out[1:]
    if out and not line[out[-1][0] - offset:].strip():
        out = out[:-1]
    return out


#: Two grades in cells of their own, side by side: "| Requires improvement | Good", "Good      Requires
#: improvement at the front door; good elsewhere" (the columns
#: of a table; which is the rating only the table's reading can tell).
_GRADE_CELLS = re.compile(r"Ⓖ(?:[ \t]*(?:\||\t)[ \t]*| {3,})Ⓖ")


# --------------------------------------------------------------------------------------------
# reading a document


@dataclass(slots=True)
class Obs:
    la: str
    subject: str | None
    area: str
    area_text: str
    rating: str | None
    previous: str | None
    change: str | None
    time: Any               # (year, month) / "current" / "past"
    sent: Sentence
    rule: str
    prev_strength: int = 0
    same: bool = False
    order: int = 0
    line: bool = False
    ref: AreaRef | None = None
    rules: tuple[str, ...] = ()
    related: tuple = ()          # (kind, start, end) of the mentions the statement related
    steps: int = 0               # grades moved, for a step with no grade of its own
    prev_overall: bool = False   # the previous grade is overall effectiveness's only
    prev_year: int | None = None  # the year the previous grade is dated by its own statement

    @property
    def headline(self) -> bool:
        """Said in a title: a whole line without a full stop among the document's first lines
        (after a masthead's "SOCIAL CARE PRACTICE WEEKLY" and "News | Inspection"), not a table's row."""
        return self.sent.index <= _TITLE_LINES and not self.line and self.sent.start == self.sent.line_start \
            and self.sent.line_end == self.sent.end and not self.sent.text.endswith((".", "!", "?"))


#: How many lines a title may follow (a masthead, a section label) and still be the document's title.
_TITLE_LINES = 2


@dataclass(slots=True)
class Reading:
    """Everything the ratings pass concluded about a document (``ofsted explain`` prints it)."""

    rows: list[dict]
    statements: list[tuple[Sentence, Statement]]
    dropped: list[Dropped]


#: A sentence is read only if it holds a grade or one of these change words (lower-cased).
_TRIGGERS = ("the grade", "that grade", "same grade", "the rating", "that rating", "improve", "fallen", "slipped", "deteriorated", "declined", "dropped", "unchanged", "same", "lost", "not moved", "not budged",
             "rose", "risen", "rising", "climbed", "jumped", "higher than", "lower than", "moved up", "no longer",
             "matches the", "matched the", "mirrors the", "mirrored the", "repeats the", "repeated the", "equals the", "exactly the ",
             " where it", " where they", "ment applies", "ment applied", "ment covers", "ment covered",
             "grade applies", "grade applied", "grade covers", "grade covered")
_BOTH = re.compile(r"\b(?:both\s+results|both\s+councils|the\s+two\s+councils|each\s+council|all\s+(?:two|three|four)\s+councils)\b")
_COUNTS = {"two": 2, "three": 3, "four": 4}


_BOTH_PIECES = ("both", "two", "each", "all")


@lru_cache(maxsize=1)
def _grade_free_cues() -> tuple[str, ...]:
    """The words without which a sentence holding no grade says nothing, so that its skeleton
    is never built. Without a grade (no Ⓖ in the skeleton) ``_statements`` reads only the step,
    grade-anaphora, same-as-before and direction patterns, each only when its literal words are
    in the skeleton, and ``read_ratings`` the same-grades pattern only with "same"; every piece of
    a skeleton without a symbol is in the masked sentence. Holding none of these words, such a
    sentence gives no statement, no dropped grade and no observation."""
    return ("grade", "level", "notch", "place", "rung", "step",      # step (its units)
            "rating", "judgement", "verdict",                         # grade_anaphora
            "same", "unchanged", "as it ", "as they ", "exactly the ",
            "match", "mirror", "repeat", "equal",
            " where it", " where they", "not moved", "not budged") + gates()["direction"]      # same_as_before, same_for_quantified


def _triggered(a: Analysis) -> list[int]:
    starts = a.sent_starts
    hits = {max(bisect.bisect_right(starts, g.start) - 1, 0) for g in a.grades}
    masked = a.masked
    n = len(starts)
    for w in _TRIGGERS:
        i = masked.find(w)
        while i != -1:
            k = bisect.bisect_right(starts, i)   # the sentence holding i is k - 1 (or the first)
            hits.add(max(k - 1, 0))
            if k >= n:
                break
            i = masked.find(w, max(starts[k], i + 1))   # the next sentence: this one is read already
    return sorted(hits)


def read_ratings(a: Analysis, inspections: list[dict]) -> Reading:
    """The ratings of a document with the statements and dropped grades behind them."""
    if not a.has_authority:
        return Reading([], [], [])
    obs: list[Obs] = []
    dropped: list[Dropped] = []
    stmts_seen: list[tuple[Sentence, Statement]] = []
    order = 0
    line_rows, consumed, unread, own_view_rows = _line_rows(a)
    furniture = related_blocks(a.text)
    line_obs: dict[int, list[int]] = {}   # sentence index -> positions in obs of its line rows
    for row in line_rows:
        if furniture and any(x <= row.sent.start < y for x, y in furniture):
            continue
        if _own_view_lead(a, row.sent.line_start):
            row_grades = a.grades_in(row.sent.line_start, row.sent.line_end)
            if row_grades:
                dropped.append(Dropped(row_grades[0].start, row_grades[0].end, row.rating,
                                       "the council's own assessment (a list under it)", "ratings.own_view_list"))
            continue   # "we judge ourselves as follows:" over "- Overall effectiveness: outstanding"
        dated = _row_date(a, row.sent)   # "   Overall effectiveness: adequate." under "March 2013 | ..."
        time: Any = (dated.year, dated.month) if dated is not None else (row.time or "current")
        rules = (row.rule, "ratings.row_date") if dated is not None else (row.rule,)
        for la in a.attribute(row.sent.start, row.sent):
            assert la.la_code is not None  # an authority's mention always has its code
            order += 1
            j = row.sent.index
            while j < len(a.sentences) and a.sentences[j].line_start == row.sent.line_start:
                line_obs.setdefault(j, []).append(len(obs))   # each sentence of the line ("4." and its area)
                j += 1
            obs.append(Obs(la.la_code, a.la_name(la.la_code, la), row.area, row.area_text, row.rating, row.previous,
                           change_of(row.rating, row.previous), time, row.sent, row.rule, 2 if row.previous else 0,
                           False, order, True, rules=rules,
                           related=(("authority", la.start, la.end), ("line", row.sent.line_start, row.sent.line_end))))
    r = rx()
    free_cues = _grade_free_cues()
    several_las = len(a.la_codes) in (2, 3, 4)
    prev_sent_obs: list[Obs] = []
    prev_obs_index = -2   # the index of the sentence prev_sent_obs came from
    seen: dict[str, list[list]] = {}   # sentence text -> [sentence, its key (made when needed), its obs]
    for idx in _triggered(a):
        if idx in consumed:
            continue
        sent = a.sentences[idx]
        if (_BULLET.match(a.masked, sent.line_start) or _INDENTED.match(a.masked, sent.line_start) or _label_line(a, sent)) \
                and _own_view_lead(a, sent.line_start):
            for g in a.grades_in(sent.start, sent.end):
                dropped.append(Dropped(g.start, g.end, g.label, "the council's own assessment (a list under it)",
                                       "ratings.own_view_list"))
            continue   # "- Care leavers: good, moving towards outstanding" under "we judge ourselves as follows:"
        if idx in own_view_rows:
            for g in a.grades_in(sent.start, sent.end):
                dropped.append(Dropped(g.start, g.end, g.label, "the council's own assessment or target (its table column)",
                                       "ratings.own_view_column"))
            continue
        if idx in unread:
            for g in a.grades_in(sent.start, sent.end):
                dropped.append(Dropped(g.start, g.end, g.label, "a table row whose columns could not be read", "ratings.unread_row"))
            continue
        if furniture and any(x <= sent.start < y for x, y in furniture):
            for g in a.grades_in(sent.start, sent.end):
                dropped.append(Dropped(g.start, g.end, g.label, "another story's link (a related-link line)", "ratings.related_links"))
            continue   # "Related: Nottinghamshire leaders rated outstanding on same day"
        if not a.grades_in(sent.start, sent.end) and not has_any(a.masked, free_cues, sent.start, sent.end):
            continue   # no grade and none of the words a statement without one needs
        # A sentence read before in the same surroundings gives the same observations, which
        # change no row (the earlier ones lead every choice): skip it, so repeated text (a run-on
        # line, a pasted block) stays linear instead of re-reading each copy.
        twins = seen.get(sent.text)
        if twins:
            key = _sentence_key(a, sent)
            hit = None
            for twin in twins:
                if twin[1] is None:
                    twin[1] = _sentence_key(a, twin[0])
                if twin[1] == key:
                    hit = twin
                    break
            if hit is not None:
                if hit[2]:
                    prev_sent_obs = hit[2]
                    prev_obs_index = idx
                continue
        answer = _answered_areas(a, sent)
        if answer is not None:
            # "LEANNE PROSSER: And children in care?" / "DEV OKONKWO-HART: Good.": the grade of
            # the area the question asks about
            g, areas = answer
            for la in a.attribute(sent.start, sent):
                assert la.la_code is not None  # an authority's mention always has its code
                for ar in areas:
                    order += 1
                    obs.append(Obs(la.la_code, a.la_name(la.la_code, la), ar.area, ar.surface, g.label, None, None,
                                   "current", sent, "ratings.answer", 0, False, order,
                                   rules=("ratings.grade", "ratings.answer"),
                                   related=(("authority", la.start, la.end), ("grade", g.start, g.end), ("area", ar.start, ar.end))))
            continue
        record: list[Any] = [sent, None, []]
        seen.setdefault(sent.text, []).append(record)
        sk = skeleton(a, sent)
        sm = r["same_grades"].search(sk.s) if "same" in sk.s else None
        if sm:
            seen[sent.text].remove(record)   # its observations depend on the sentence before
        sent_obs: list[Obs] = []
        if sm and prev_sent_obs:
            same_source = _same_grades_source(obs, prev_sent_obs, prev_obs_index)
            for la in a.attribute(sk.off[sm.start()], sent):
                assert la.la_code is not None  # an authority's mention always has its code
                for o in same_source:
                    if o.la == la.la_code:
                        continue
                    order += 1
                    sent_obs.append(Obs(la.la_code, a.la_name(la.la_code, la), o.area, o.area_text, o.rating, o.previous,
                                        o.change, o.time, sent, "ratings.same_grades", o.prev_strength, o.same, order,
                                        rules=o.rules + ("ratings.same_grades",)))
        if not sm and prev_sent_obs and "same way" in sk.s and (wm := _FIRST_SAME_WAY.search(sk.s)) is not None \
                and len(ds := [d for d in a.dates_in(sent.start, sent.end) if d.year]) == 1:
            # "The impact of leaders, help and protection, children in care and care leavers were all
            # judged ... . In 2019 the first three of those were graded in the same way": the first
            # areas of the sentence before, with its grades, at this sentence's date
            count = wm.group("n") or wm.group("all")
            want = load_rules("mentions").vocab("counts")[count] if count else 2
            firsts: list[Obs] = []
            for o in prev_sent_obs:
                if o.rating and not any(f.area == o.area for f in firsts):
                    firsts.append(o)
            if len(firsts) >= want if wm.group("first") else len(firsts) == want:
                for o in firsts[:want]:
                    order += 1
                    sent_obs.append(Obs(o.la, o.subject, o.area, o.area_text, o.rating, None, None, (ds[0].year, ds[0].month),
                                        sent, "ratings.same_grades", 0, False, order, rules=("ratings.same_grades",)))
        keep: list[Statement] = []
        nxt_sent = a.sentences[idx + 1] if idx + 1 < len(a.sentences) else None
        denied = nxt_sent is not None and r["denied_after"].match(a.masked, nxt_sent.start, nxt_sent.end) is not None
        for st in _statements(a, sk, dropped):
            qs = st.grade.start if st.grade is not None else st.start
            qe = st.grade.end if st.grade is not None else st.end
            why = ("said to be wrong by the next sentence", "ratings.denied_after") if denied else _blocked(a, sent, qs, qe)
            if not why and st.grade is not None and "Ⓖ" in sk.s and any(
                    st.grade.sk in (m.start("g"), m.start("s"), m.start("o"), m.start("w"), m.start("u"), m.start("n"), m.start("p")) for m in r["generic"].finditer(sk.s, max(0, st.grade.sk - 50), st.grade.sk + 40)):
                why = ("a grade in general, no body's", "ratings.generic")   # "But an outstanding grade is not the goal"
            if why and why[1] == "ratings.negated" and st.grade is not None and st.rating \
                    and (om := r["only_not"].search(sk.s, max(0, st.grade.sk - 90), st.grade.sk)) is not None:
                # "This was the only one of the five judgements that was not inadequate": the others were
                st.rule, why = "ratings.only_not", None
                st.rules.append("ratings.only_not")
                st.areas = [AreaRef("*rest", sk.s[om.start():om.end()].strip(), sk.off[om.start()], "ratings.only_not")]
            if why:
                if st.grade is not None or st.previous:
                    dropped.append(Dropped(qs, qe, st.rating or st.previous or "", why[0], why[1]))
                continue
            if st.grade is not None and r["held_rating"].match(a.masked, qe):
                st.rules.append("ratings.held_rating")   # "the good rating it received in 2014"
            keep.append(st)
        for i, st in enumerate(keep):
            if st.rule == "ratings.only_not":
                continue   # (its areas are the rest, set above)
            _bind_areas(a, sk, st)
            if i and st.areas and st.areas[0].rule == "ratings.subject" and keep[i - 1].areas \
                    and keep[i - 1].areas[0].rule != "ratings.subject" and keep[i - 1].sk_end <= st.anchor \
                    and r["shared_subject"].fullmatch(sk.s, keep[i - 1].sk_end, st.anchor):
                # "It had been rated good in 2017, but slipped to requires improvement to be good"
                # (it: help and protection): the verb after "but" has the clause before's subject
                st.areas = [replace(x, rule="ratings.shared_subject") for x in keep[i - 1].areas]
                st.rules.append("ratings.shared_subject")
            if st.areas and all(x.rule == "ratings.subject" for x in st.areas) and st.grade is not None \
                    and (cw := r["compared_when"].match(sk.s)) is not None and st.grade.sk > cw.end():
                # "Help and protection ... was judged good. That is a step up from 2016, when inspectors
                # said the service required improvement": the service is the area the sentence before graded
                before_areas = {o.area for o in obs if o.sent.index == idx - 1 and o.rating and o.time != "past"}
                if len(before_areas) == 1 and not before_areas & {"overall_effectiveness"}:
                    area = before_areas.pop()
                    st.areas = [AreaRef(area, st.areas[0].text, st.areas[0].pos, "ratings.compared_when")]
                    st.rules.append("ratings.compared_when")
            if st.areas and all(x.rule == "ratings.subject" for x in st.areas) and st.grade is not None \
                    and len(item_rows := [obs[k] for k in line_obs.get(idx - 1, ())]) == 1 \
                    and item_rows[0].sent.line_start == sent.line_start and item_rows[0].area != "overall_effectiveness" \
                    and _ITEM_PRONOUN.search(sk.clause_before(st.anchor)) and not sk.of_kind("authority", 0, st.grade.sk):
                # "- The people in charge (Ofsted calls this “the impact of leaders”): good. Last time
                # they got outstanding": a pronoun in a list item after its row is the row's area
                st.areas = [AreaRef(item_rows[0].area, item_rows[0].area_text, st.areas[0].pos, "ratings.item_subject")]
                st.rules.append("ratings.item_subject")
            if st.areas and st.areas[0].area == "*those" and st.areas[0].text.endswith(" which"):
                # "good overall, good for help and protection and good for leadership, ..., all three
                # of which were inadequate at the 2014 inspection": the areas its sentence graded
                # before (or, none graded, named before: "serious failings in A, in B and in C, all of
                # which were rated inadequate")
                n = st.areas[0].count
                earlier_areas: list[AreaRef] = []
                for prior in keep[:i]:
                    for x in prior.areas:
                        if not x.area.startswith("*") and all(g.area != x.area for g in earlier_areas):
                            earlier_areas.append(replace(x, rule="ratings.those_areas"))
                earlier_areas = earlier_areas or _own_antecedents(sk, keep, st)
                st.areas = earlier_areas if n is None or len(earlier_areas) == n else []
                st.rules.append("ratings.those_areas")
                continue
            if st.areas and st.areas[0].area == "*those":
                # "In 2022 every one of those judgements was requires improvement": the areas the
                # run of graded sentences just before named ("both of those areas": its last two)
                n = st.areas[0].count
                own = _own_antecedents(sk, keep, st) if n is not None else []
                if n is not None and len(own) == n:
                    # "the previous inspection of safeguarding and looked after children services …
                    # judged both areas good": the areas its own sentence named, graded by nothing else
                    st.areas = own
                    continue
                if n is None and st.rule == "ratings.same_as_before" and i and keep[i - 1].areas and keep[i - 1].rating:
                    # "Ⓐ, Ⓐ and Ⓐ were each judged to Ⓖ, the same grade those areas received five
                    # years ago": the areas its own sentence just graded
                    st.areas = list(keep[i - 1].areas)
                    continue
                named = _run_before(a, obs, idx)
                if n is not None:
                    named = named[-n:] if len(named) >= n else []
                st.areas = [AreaRef(o.area, o.area_text, st.areas[0].pos, "ratings.those_areas") for o in named]
            elif st.areas and st.areas[0].area == "*those_part":
                # "Four of those areas had been rated good in 2021": the areas graded just before
                # that the framework of the statement's year graded, when they are that many
                years = {it.ref.year for it in sk.by_kind.get("date", ()) if getattr(it.ref, "year", None)}
                fw = _framework(years.pop(), None) if len(years) == 1 else None
                graded = FRAMEWORK_AREAS[fw] + ((COMBINED,) if fw == "ilacs_2018" else ()) if fw else ()
                named = [o for o in _run_before(a, obs, idx) if o.area in graded]
                n = st.areas[0].count
                st.areas = [AreaRef(o.area, o.area_text, st.areas[0].pos, "ratings.those_areas") for o in named] \
                    if len(named) == n else []
        restating: list[tuple[Statement, Statement]] = []
        for i, st in enumerate(keep):
            if st.rule == "ratings.same_as_before" and i and keep[i - 1].rating and keep[i - 1].rule == "ratings.grade" \
                    and keep[i - 1].areas and st.areas and all(x.rule in ("ratings.areas_after", "ratings.area_list") for x in st.areas) \
                    and _ASIDE_OPEN.search(a.masked, max(0, st.start - 4), st.start) and _ASIDE_CLOSE_AND.match(a.masked, st.end) \
                    and not a.masked[keep[i - 1].end:st.start].strip(" –—-").count(" "):
                # "rates Ⓛ Ⓖ overall – as it was in Ⓓ – and for Ⓐ, Ⓐ and Ⓐ": the aside is said of
                # the area right before it; the areas after it are the grade's own
                keep[i - 1].areas = keep[i - 1].areas + st.areas
                st.areas = keep[i - 1].areas[-len(st.areas) - 1:-len(st.areas)]
                restating.append((st, keep[i - 1]))
                continue
            if st.rule == "ratings.same_as_before" and [x.area for x in st.areas] == ["*all"] and i and keep[i - 1].rating \
                    and keep[i - 1].rule == "ratings.grade" and not keep[i - 1].previous and keep[i - 1].end <= st.start \
                    and _QUANTIFIED_EARLIER.match(sk.s, _sk_pos(sk, st.start)):
                # "Ⓐ were judged to Ⓖ – the grade all four judgements received at the previous
                # inspection in Ⓓ": the grade named before, every area's at that earlier time (not
                # each area's own grade, unchanged)
                st.rating, st.change, st.same = keep[i - 1].rating, None, False
                st.rules.append("ratings.quantified")
                continue
            if st.rule == "ratings.same_as_before" and not st.areas and i and keep[i - 1].areas and keep[i - 1].rating \
                    and "Ⓠ" not in sk.s[_sk_pos(sk, keep[i - 1].end):_sk_pos(sk, st.start)]:
                # "They were judged adequate, the same grade they received in 2009." (not "..., so
                # four of the five grades are unchanged": which four, the count does not say)
                st.areas = keep[i - 1].areas
            elif st.rule == "ratings.same_as_before" and st.areas and i and keep[i - 1].rating \
                    and "grades" in sk.s[_sk_pos(sk, st.start):_sk_pos(sk, st.end)] \
                    and {x.area for x in st.areas} < {x.area for x in keep[i - 1].areas}:
                # "rated requires improvement overall, and for A, for B and for C – the same grades it
                # received in 2019": every area of the grade before, "overall" too
                st.areas = keep[i - 1].areas
            elif st.rule == "ratings.same_as_before" and st.areas and i and keep[i - 1].rating \
                    and keep[i - 1].rule == "ratings.grade" and "Ⓐ" in sk.s[_sk_pos(sk, st.start):_sk_pos(sk, st.end)] \
                    and {x.area for x in st.areas} <= {x.area for x in keep[i - 1].areas}:
                # "judged to require improvement overall, and for A, B and C - the same overall verdict
                # the council had received in 2019": said of the grade before, at its time
                restating.append((st, keep[i - 1]))
        restated: list[tuple[Statement, Any]] = []
        # (the statement may be followed by a clause of its own: "They are the same four grades it
        # received in 2019, and the borough had also been rated requires improvement in 2014.")
        sab = r["same_as_sentence_before"].match(sk.s) if keep and keep[0].rule == "ratings.same_as_before" \
            and not keep[0].areas and all(o.start > keep[0].end and ", and " in a.masked[keep[0].end:o.start] for o in keep[1:]) else None
        if sab is not None:
            # "Overall effectiveness: outstanding. This matches the judgement made in January 2020.":
            # the graded areas of the sentence just before, for the authority this sentence is about
            st = keep[0]
            before = prev_sent_obs if prev_obs_index == idx - 1 else [obs[i] for i in line_obs.get(idx - 1, ())]
            if sab.group("all") or sab.group("those"):
                # "The grades are therefore unchanged since 2015.": the run of graded sentences before
                # (of now, or dated after the year this sentence names: "Those are the same grades
                # Richmond received in December 2017" after grades of a report published in 2022)
                named_years = [it.ref.year for it in sk.by_kind.get("date", ()) if getattr(it.ref, "year", None)]
                before = [o for o in _run_before(a, obs, idx) if o.time == "current" or (
                    named_years and isinstance(o.time, tuple) and o.time[0] is not None and o.time[0] > max(named_years))]
            codes = {la.la_code for la in a.attribute(st.start, sent)}
            st.areas = [AreaRef(o.area, o.area_text, st.start, "ratings.same_as_sentence_before")
                        for o in before if o.rating is not None and o.previous is None and o.change is None and o.la in codes]
        elif ("Ⓠ" in sk.s and (not keep or (len(keep) == 1 and keep[0].rule == "ratings.same_as_before"
                                            and [x.area for x in keep[0].areas] in ([], ["*rest"], ["*all"])))) \
                or (len(keep) == 1 and keep[0].rule == "ratings.same" and has_any(sk.s, ("grades", "ratings", "judgements", "judgments"))):
            # (or "We kept the good grades we were given at our last inspection": kept grades, plural)
            restated = _same_for_quantified(a, sk, sent, keep, _run_before(a, obs, idx, latest=True))
        keep.extend(_copies(sk, keep))
        _times(a, sent, keep)
        for st in keep:
            if st.copy_of is not None and st.copy_of.time is not None and (
                    not isinstance(st.time, tuple) or not a.dated_in(st.start, min(sent.end, st.end + 40))):
                # "... now requires improvement, as do services for care leavers": the copied
                # grade's time, not one read from the words around the copy (nor a date before it:
                # "Ⓐ requires improvement – the same grade it received in 2015 – and so does Ⓐ")
                st.time = st.copy_of.time
        for st, time in restated:
            st.time = time   # (the grades restated keep their own time: not the earlier date's)
            st.rules[:] = [x for x in st.rules if x != "ratings.time"]
        for st, said_of in restating:
            st.time = said_of.time
        if prev_obs_index == idx - 1 and prev_sent_obs and _ALSO_PAST.search(sk.s):
            # "Both councils were inspected in October 2022 and each was rated ... . For North
            # Northamptonshire, ... were also judged to require improvement.": the time before
            times = {o.time for o in prev_sent_obs}
            if len(times) == 1 and isinstance(next(iter(times)), tuple) \
                    and not any(o.previous or o.change for o in prev_sent_obs):   # (not a change's comparison date)
                grades = {o.rating for o in prev_sent_obs}
                for st in keep:
                    # (the grade "also" repeats: "were also found to be good" after "Both had been
                    # judged to require improvement ... in 2017" is not 2017's)
                    if st.time == "current" and "ratings.time" not in st.rules and st.rating is not None and st.rating in grades:
                        st.time = next(iter(times))
                        st.rules.append("ratings.time")
        for st in keep:
            if st.refers_to is not None:
                # "were given the same grade": at the time of the grade it stands for
                src = next((o for _s, o in stmts_seen if o.grade is not None and o.grade.ref is st.refers_to), None)
                if src is not None and src.time is not None:
                    st.time = src.time
        # "both councils were rated good" (a document naming two to four authorities only)
        both = several_las and (has_any(a.masked, _BOTH_PIECES, sent.start, sent.end) and _BOTH.search(a.masked, sent.start, sent.end)) and not [m for m in a.las_in(sent.start, sent.end) if not m.anaphora]
        for st in keep:
            stmts_seen.append((sent, st))
            if not st.areas:
                if st.grade is not None:
                    if "ratings.subject" in st.rules:
                        dropped.append(Dropped(st.grade.start, st.grade.end, st.rating or "", "said of something else", "ratings.subject"))
                    elif "ratings.restated_first" in st.rules:
                        dropped.append(Dropped(st.grade.start, st.grade.end, st.rating or "",
                                               "a grade named before, restated as a first or an only one (whose, it does not say)",
                                               "ratings.restated_first"))
                    else:
                        dropped.append(Dropped(st.grade.start, st.grade.end, st.rating or "", "no area it grades", "ratings.areas_before"))
                continue
            if st.rating is None and st.previous is None and st.change is None:
                continue
            if st.time == "ever":
                if st.grade is not None:
                    dropped.append(Dropped(st.grade.start, st.grade.end, st.rating or "",
                                           "an earlier grade of no stated time, not the last inspection's", "ratings.time"))
                continue
            pos = min(st.areas[0].pos, st.start)
            place_rule: tuple[str, ...] = ()
            copied = None
            every = r["every_council"].match(a.masked, st.grade.end) if st.grade is not None and several_las else None
            if every is not None and _COUNTS.get(every.group("n") or "two") == len(a.la_codes):
                # "Leadership, management and governance was judged outstanding in all three boroughs"
                # (the text's three): each of them
                las = [a.first_la(c) for c in a.la_codes]
                place_rule += ("ratings.every_council",)
            elif every is not None:
                assert st.grade is not None
                dropped.append(Dropped(st.grade.start, st.grade.end, st.rating or "",
                                       "said of several authorities, not which", "ratings.every_council"))
                continue
            elif both:
                las = [a.first_la(c) for c in a.la_codes]
            else:
                las, past_clause = a.attribution(pos, sent)
                if past_clause:
                    place_rule += ("ratings.relative_clause_place",)
                elif las and not a.las_in(sent.start, sent.end) and a.year_named_inspection(sent) is las[0]:
                    place_rule += ("ratings.year_named_inspection",)
                if len(las) > 1 and st.grade is not None:
                    wm = r["work_in_place"].match(a.masked, st.grade.end, sent.end)
                    place_codes = {m.la_code for m in a.las_in(wm.end(), sent.end) if m.start == wm.end()} if wm is not None else set()
                    one = [la for la in las if la.la_code in place_codes]
                    if one:
                        # "Achieving for Children, ... that runs children's services for Richmond,
                        # Kingston and Windsor and Maidenhead, was rated good for its work in
                        # Richmond": the one authority named after the grade
                        las = one
                        place_rule += ("ratings.work_in_place",)
                if st.grade is not None and (a.masked.find(", as ", st.end, sent.end) != -1
                                             or a.masked.find(", and so ", st.end, sent.end) != -1):
                    tail = max([st.end, st.grade.end] + [ref.pos + len(ref.text) for ref in st.areas])
                    cm = _AS_WAS_AUTHORITY.match(a.masked, tail, sent.end)
                    other = [m for m in a.las_in(cm.end(), sent.end) if m.start == cm.end()] if cm is not None else []
                    if other and other[0].la_code not in {la.la_code for la in las}:
                        # "North Northamptonshire was judged to require improvement to be good
                        # overall, as was West Northamptonshire": the authority after "as was" too
                        las = las + other[:1]
                        copied = other[0]
            place = a.place_opener(sent)
            place_rule += ("ratings.locative_place",) if place is not None and place not in las else ()
            for la in las:
                assert la.la_code is not None  # an authority's mention always has its code
                for ref in st.areas:
                    order += 1
                    related = (("authority", la.start, la.end),) + (
                        (("grade", st.grade.ref.start, st.grade.ref.end),) if st.grade is not None else ()) + (
                        ("area", ref.pos, ref.pos + len(ref.text)),)
                    sent_obs.append(Obs(la.la_code, a.la_name(la.la_code, la), ref.area, ref.text, st.rating, st.previous,
                                        st.change, st.time or "current", sent, st.rule, st.prev_strength, st.same, order,
                                        ref=ref, rules=tuple(st.rules) + (ref.rule,) + place_rule + (("ratings.copy",) if la is copied else ()),
                                        related=related, steps=st.steps,
                                        prev_overall=st.prev_overall, prev_year=st.prev_year))
        if sent_obs and idx + 1 < len(a.sentences):
            nxt = a.sentences[idx + 1]
            so = _SO_COPY.match(a.masked, nxt.start, nxt.end)
            cut = nxt.end
            k = so.end() if so else nxt.end
            while (comma := a.masked.find(",", k, nxt.end)) >= 0:
                # a list of areas goes on past its commas ("So were the impact of leaders, the
                # experiences and progress of ..., and ..."); another comma ends what is copied
                after = next(iter(a.in_range("areas", comma, nxt.end)), None)
                if after is None or not _LIST_COMMA.fullmatch(a.masked, comma, after.start):
                    cut = comma
                    break
                k = after.end
            if so and not a.grades_in(nxt.start, cut):
                # "Help and protection stayed at requires improvement. So did children in care.":
                # the next sentence's areas take this sentence's last statement (those before a
                # comma: "So were X, an area that had been rated good in 2017" is X's earlier grade)
                last = sent_obs[-1]
                for ar in a.in_range("areas", nxt.start, cut):
                    order += 1
                    sent_obs.append(replace(last, area=ar.area, area_text=ar.surface, sent=nxt, order=order, ref=None,
                                            rules=last.rules + ("ratings.copy",),
                                            related=(("area", ar.start, ar.end),)))
        obs.extend(sent_obs)
        record[2] = sent_obs
        if sent_obs:
            prev_sent_obs = sent_obs
            prev_obs_index = idx
    rows = _merge(a, obs, inspections or [])
    return Reading(rows, stmts_seen, dropped)


def _graded_then(sk: Skeleton, m: re.Match) -> tuple[str, ...] | None:
    """The areas a framework graded in the year the sentence points back to ("every other area
    that was graded in 2019": not care leavers, graded on their own only from 2023); every area
    (None) when it names no year or the year's framework is not known."""
    years = [it.ref.year for it in sk.by_kind.get("date", ()) if it.sk >= m.start() and getattr(it.ref, "year", None)]
    fw = _framework(years[0], None) if len(years) == 1 else None
    if fw is None:
        return None
    return FRAMEWORK_AREAS[fw] + ((COMBINED,) if fw == "ilacs_2018" else ())


def _same_for_quantified(a: Analysis, sk: Skeleton, sent: Sentence, keep: list[Statement],
                         before: list[Obs]) -> list[tuple[Statement, Any]]:
    """"In every one of these areas we kept the grade we were given at our previous inspection",
    "Every other grade is the same as at our previous inspection": the areas graded in the run of
    sentences before (this sentence's authority, not past, with no change of their own) keep their
    grades, which were theirs before too. Replaces the sentence's one sameness statement (or adds
    it) by one statement per grade; returns each with the time of the grades it restates, which
    the sentence's own date (the earlier inspection's) must not change."""
    m = rx()["same_for_quantified"].match(sk.s)
    if m is None or (m.group("q") is not None and sk.at[m.start("q")].ref.kind not in ("all", "rest", "those")):
        return []
    # "We kept the good grades we were given ...": the grades kept, in the plural, are the areas
    pos = sk.off[m.start("q") if m.group("q") is not None else m.start("k")]
    only = sk.at[m.start("kg")].ref.label if m.group("kg") is not None else None
    codes = {la.la_code for la in a.attribute(pos, sent)}
    then = _graded_then(sk, m)
    groups: dict[tuple, list[AreaRef]] = {}
    for o in before:
        if any(x.sent is o.sent and x.area == o.area and x.rating != o.rating for x in before):
            continue   # "X was rated inadequate, worse than the requires improvement grade it received in 2019"
        if o.time != "past" and o.rating is not None and o.previous is None and o.change is None and o.la in codes \
                and only in (None, o.rating):
            area = o.area
            if area == COMBINED and then is not None and COMBINED in then:
                area = "children_in_care"   # graded together then: the earlier grade is one judgement's
            if then is None or area in then:
                groups.setdefault((o.rating, o.time), []).append(AreaRef(area, o.area_text, pos, "ratings.same_for_quantified"))
    out = []
    for (rating, time), areas in groups.items():
        st = Statement(sk.off[m.start()], sk.off[m.end()], rating, rating, "unchanged", "ratings.same_as_before", 1, True)
        st.anchor, st.sk_end, st.areas = m.start(), m.end(), areas
        st.rules.append("ratings.same_for_quantified")
        out.append((st, time))
    if out:
        keep[:] = [st for st, _t in out]
    return out


def _run_before(a: Analysis, obs: list[Obs], idx: int, latest: bool = False) -> list[Obs]:
    """The observations of the run of graded sentences just before sentence ``idx``: the last
    graded sentence within two sentences before it, and the graded sentences before that one
    with at most one ungraded sentence between (one area each, unique: its first observation,
    or with ``latest`` its observations in the last sentence that grades it). An observation whose
    area stands on a list's line after its sentence is of that line's sentence ("All four
    judgements were requires improvement to be good:" over "4. The experiences and progress ...")."""
    by_sent: dict[int, list[Obs]] = {}
    for o in obs:
        at = a.sentence_at(o.ref.pos).index if o.ref is not None and o.ref.pos >= o.sent.end else o.sent.index
        if at < idx:
            by_sent.setdefault(at, []).append(o)
    last = max((k for k in by_sent if k >= idx - 3), default=None)
    if last is None:
        return []
    run, k = [last], last - 1
    sents = a.sentences
    # a run that reaches this sentence within its paragraph stays in that paragraph ("In 2019 we
    # were judged outstanding overall, for leaders and for help and protection. Each of those
    # judgements has fallen two grades.": not the areas of the paragraph before)
    own_paragraph = idx < len(sents) and "\n" not in a.text[sents[last].end:sents[idx].start]
    while k >= 0 and (k in by_sent or (k - 1 in by_sent and k - 1 >= 0)):
        if own_paragraph and "\n" in a.text[sents[k].end:sents[k + 1].start]:
            break
        if k in by_sent:
            run.append(k)
        k -= 1
    seen: set[str] = set()
    out: list[Obs] = []
    if latest:
        last_of = {o.area: i for i in sorted(run) for o in by_sent[i]}
        return [o for i in sorted(run) for o in by_sent[i] if last_of[o.area] == i and not o.area.startswith("*")]
    for i in sorted(run):
        for o in by_sent[i]:
            if o.area not in seen and not o.area.startswith("*"):
                seen.add(o.area)
                out.append(o)
    return out


#: A lead-in that gives the council's own view: "we judge ourselves as follows:", "Our own assessment".
_OWN_VIEW = re.compile(r"\b(?:judge|grade|rate|assess)(?:d|s)?\s+(?:ourselves|itself)\b|\bour\s+own\s+(?:assessment|judge?ments?|view|grades?)\b"
                       r"|\bour\s+(?:view|self-assessment)\b"
                       r"|\bself[- ]?(?:assessment|evaluation)\b")


#: A lead-in that disowns the grades below it, colon or none: "These are our judgements, not Ofsted's."
_NOT_OFSTEDS = re.compile(r"\b(?:judge?ments|grades|assessments?|view)\s*,?\s+(?:and\s+)?not\s+ofsted['’]?s?\b")


#: An indented line: a list item without a mark ("   Help and protection – good. Strategy ...").
_INDENTED = re.compile(r"[ \t]{2,}\S")


def _label_line(a: Analysis, sent: Sentence) -> bool:
    """Whether ``sent`` opens its line with an area's name and its grade after a dash or colon, a
    list item with no mark ("Care leavers – good. The separate care leavers judgement ...")."""
    if sent.start != sent.line_start:
        return False
    areas, grades = a.in_range("areas", sent.start, sent.end), a.grades_in(sent.start, sent.end)
    return bool(areas and grades) and not a.masked[sent.start:areas[0].start].strip() \
        and _LABEL_DASH.fullmatch(a.masked, areas[0].end, grades[0].start) is not None


#: An aside saying areas were still graded as one: ", still judged together at the time,".
_STILL_TOGETHER = re.compile(r",\s*still\s+(?:judged|graded|assessed|rated|inspected)\s+(?:together|jointly|as\s+one)\b[^,;.]{0,30},")
#: Between a list item's area and its grade: " – ", ": ".
_LABEL_DASH = re.compile(r"\s*[–—:-]\s*")


def _own_view_lead(a: Analysis, line_start: int) -> bool:
    """Whether the list a line belongs to hangs under a lead-in giving the council's own view: the
    nearest line above it that is no list item ends with a colon and says so ("3.1 Using the ILACS
    criteria, we judge ourselves as follows:"), or disowns them, colon or none ("These are our
    judgements, not Ofsted's."; rule ``ratings.own_view_list``)."""
    key = ("own_view_lead", line_start)
    if key not in a.memo:
        found = False
        end = line_start - 1
        for _ in range(12):   # up the list's lines to its lead-in
            if end <= 0:
                break
            start = a.text.rfind("\n", 0, end) + 1
            line = a.masked[start:end]
            if line.strip() and not _BULLET.match(line) and not a.grades_in(start, end):
                found = (line.rstrip().endswith(":") and _OWN_VIEW.search(line) is not None) or _NOT_OFSTEDS.search(line) is not None
                break
            end = start - 1
        a.memo[key] = found
    return a.memo[key]


#: A sentence that is only a grade, after a speaker's label: "DEV OKONKWO-HART: Good."
_BARE_ANSWER = re.compile(r"\s*(?:[a-z][a-z .'’-]{1,40}:\s*)?(?:[‘'\"“]\s*)?$")
_ANSWER_END = re.compile(r"\s*[‘'\"“”’]?\s*[.!]?\s*$")
#: A question that only names areas: "LEANNE PROSSER: And children in care?", "What about leadership?"
_AREA_QUESTION = re.compile(r"\s*(?:[a-z][a-z .'’-]{1,40}:\s*)?(?:(?:and|so|what\s+about|how\s+about)\s+)?(?:the\s+)?$")


def _answered_areas(a: Analysis, sent: Sentence):
    """(grade, areas) when ``sent`` is only a grade answering the question just before it, which
    names areas and no grade (rule ``ratings.answer``), else None."""
    if sent.index == 0 or "?" not in a.masked[sent.start - 40 if sent.start > 40 else 0:sent.start]:
        return None
    grades = a.grades_in(sent.start, sent.end)
    if len(grades) != 1:
        return None
    g = grades[0]
    m = a.masked
    if not _BARE_ANSWER.fullmatch(m, sent.start, g.q_start) or not _ANSWER_END.fullmatch(m, g.q_end, sent.end):
        return None
    q = a.sentences[sent.index - 1]
    if not m[q.start:q.end].rstrip().endswith("?") or a.grades_in(q.start, q.end):
        return None
    areas = a.in_range("areas", q.start, q.end)
    if not areas or not _AREA_QUESTION.fullmatch(m, q.start, areas[0].start):
        return None
    return g, areas


#: A past-tense "also" that continues the sentence before: "were also judged", "was also rated".
_ALSO_PAST = re.compile(r"\b(?:was|were|had\s+been)\s+also\s+(?:rated|judged|graded|found)\b")


#: Between areas of a list: ", ", ", and the ", ", for ", ", the experiences of ".
_LIST_COMMA = re.compile(r",\s*(?:and\s+)?(?:the\s+|for\s+)?(?:(?:experiences?|services?|work|support)\s+(?:and\s+progress\s+)?(?:of|for|with)\s+)?")
#: A sentence that only says its areas share the one before's grade: "So did children in care."
_SO_COPY = re.compile(r"\s*(?:and\s+)?so\s+(?:was|were|did|does|do|is|are|has|have|had)\s+(?!it\b|they\b|we\b|i\b|he\b|she\b|you\b)")


#: How far before and after its sentence the reading of a sentence looks.
_KEY_BEFORE, _KEY_AFTER = 210, 90


def _sentence_key(a: Analysis, sent: Sentence) -> tuple:
    """Everything the reading of a sentence depends on, relative to its start: its text (as
    written and as masked, with what follows), the mentions and dates around it, and the
    authority it falls back to."""
    s0, s1 = sent.start, sent.end
    lo = s0 - _KEY_BEFORE
    las = tuple((m.start - s0, m.end - s0, m.la_code, m.name, m.org_type, m.anaphora) for m in a.las_in(lo, s1 + _KEY_AFTER))
    others = tuple((m.start - s0, m.end - s0, m.org_type) for m in a.others_in(lo, s1 + _KEY_AFTER))
    dates = tuple((d.start - s0, d.end - s0, d.kind, d.year, d.month) for d in a.dates_in(s0, s1))
    fallback = tuple(m.la_code for m in a.attribute(s0, sent))
    return (a.text[s0:s1], a.masked[s0:s1 + _KEY_AFTER], las, others, dates, fallback)


def extract_ratings(a: Analysis, inspections: list[dict]) -> list[dict]:
    """One row per (authority, area) the text grades or describes as changed.

    >>> from ofsted.model import Document
    >>> from ofsted.extract.analysis import analyse
    >>> text = ("Ofsted judged Wigan Council good overall. Help and protection, children in care and "
    ...         "care leavers were all judged good in 2024, and so was the impact of leaders.")
    >>> sorted((r["area"], r["rating"]) for r in extract_ratings(analyse(Document("d", "d.txt", text, "0" * 64)), []))
    ... # doctest: +NORMALIZE_WHITESPACE
    [('care_leavers', 'good'), ('children_in_care', 'good'), ('help_and_protection', 'good'),
     ('leadership', 'good'), ('overall_effectiveness', 'good')]
    >>> text = "Wigan Council was rated good. Mimram Vale Primary School was rated outstanding."
    >>> [(r["area"], r["rating"]) for r in extract_ratings(analyse(Document("d", "d.txt", text, "0" * 64)), [])]
    [('overall_effectiveness', 'good')]
    """
    return rows_only(read_ratings(a, inspections).rows)


# --------------------------------------------------------------------------------------------
# merging


def _framework(year: int | None, count: int | None) -> str | None:
    """The framework whose judgements a quantifier counts: by the year, checked by the count."""
    if year is not None:
        if year == 2023 and count == 4:
            # reported in early 2023 on fieldwork of late 2022: the four judgements of 2018-22
            return "ilacs_2018"
        if year >= 2023:
            fw = "ilacs_2023"
        elif year >= 2019:
            fw = "ilacs_2018"
        elif 2014 <= year <= 2018 and count == 6:
            return "sif_2013"   # "inadequate in all six of the judgements" (2014-18)
        else:
            return None   # 2018 (SIF re-inspections and the first ILACS) and the older frameworks
        if count is not None and len(FRAMEWORK_AREAS[fw]) != count:
            return None
        return fw
    return _FRAMEWORK_OF_COUNT.get(count)


#: The kinds of inspection each 2018 framework had: the ILACS's short and standard inspections, the
#: single inspection framework's own name.
_FRAMEWORK_WORDS = re.compile(r"\b(?P<ilacs>short\s+inspection|standard\s+inspection|ilacs)\b|\b(?P<sif>single\s+inspection)\b")


def _framework_named(masked: str, start: int, end: int) -> str | None:
    """The framework a sentence names by its kind of inspection, if one and only one."""
    kinds = {m.lastgroup for m in _FRAMEWORK_WORDS.finditer(masked, start, end)}
    if kinds == {"ilacs"}:
        return "ilacs_2018"
    if kinds == {"sif"}:
        return "sif_2013"
    return None


#: With no year to go by: the framework whose number of judgements a text counts.
_FRAMEWORK_OF_COUNT: dict[int | None, str] = {5: "ilacs_2023", 4: "ilacs_2018"}


def _year_of(o: Obs, a: Analysis, latest_insp: dict) -> int | None:
    if o.time == "past":
        return None
    if isinstance(o.time, tuple):
        key = latest_insp.get(o.la)
        y, m = o.time
        if key and key[0] != 99999 and m and key[1] and 0 < (y * 12 + m) - (key[0] * 12 + key[1]) <= 6:
            return key[0]   # "published its findings in May 2023" of the December 2022 inspection: its year
        return y
    key = latest_insp.get(o.la)
    if key and key[0] != 99999:
        return key[0]
    if o.time == "current" and a.published is not None and o.la not in latest_insp:
        return a.published.year
    return None


def _count_fits(a: Analysis, sent: Sentence, cue: str) -> bool:
    """Whether a count of judgements ("all four areas") equals the areas its sentence names with
    children in care and care leavers as one ("judgement covering": one judgement, always)."""
    words = cue.split()
    number = next((w for w in words if w in ("three", "four")), None)
    if number is None:
        return True
    named = {ar.area for ar in a.in_range("areas", sent.start, sent.end)}
    if number == "three" and ("other" in words or "remaining" in words):
        # "for overall effectiveness and in each of the other three judgements: A, B, and children in
        # care and care leavers": three besides overall effectiveness
        named.discard("overall_effectiveness")
    return len(named) == (3 if number == "three" else 4)


_EP_COMBINED = re.compile(r"experiences?\s+and\s+progress\s+of\s+children\s+in\s+care\s+and\s+care\s+leavers", re.I)


#: The single inspection framework's name for children in care.
_LOOKED_AFTER = re.compile(r"\blooked[\s-]+after\b", re.I)
_PERMANENCE = re.compile(r"\bachieving\s+permanence\b", re.I)


def _cic_split(area: str, year: int | None, area_text: str) -> list[str]:
    if year in (None, 2023) and _EP_COMBINED.search(area_text):
        # "the experiences and progress of children in care and care leavers": the 2018-22
        # judgement's own name, one judgement in 2023 too (reports of late-2022 inspections came
        # out then); from 2024 the two are graded apart whatever a writer calls them
        return ["children_in_care"]
    if year is not None:
        if year <= 2018 and _LOOKED_AFTER.search(area_text):
            # "children looked after and care leavers": the single inspection framework's names
            # (to 2018), which graded the two apart
            return ["children_in_care", "care_leavers"]
        return ["children_in_care", "care_leavers"] if year >= 2023 else ["children_in_care"]
    if re.search(r"experiences?\s+and\s+progress", area_text, re.I) and not _PERMANENCE.search(area_text):
        # (not "children looked after and achieving permanence and ... care leavers": the single
        # inspection framework's own name, which graded the two apart)
        return ["children_in_care"]
    return ["children_in_care", "care_leavers"]


def _expand(a: Analysis, obs: list[Obs], latest_insp: dict, insp_years: dict | None = None) -> list[Obs]:
    """Resolve the combined judgement by its year and quantified areas by the framework in force
    (``insp_years``: the years of each authority's dated inspections)."""
    explicit: dict[str, list] = {}
    near_explicit: dict[str, list] = {}   # (sentence index, area) of the same grades
    for o in obs:
        if not o.area.startswith("*") and o.time != "past" and o.rating is not None:
            # "Leadership, which was judged good at the last inspection, has also been marked down"
            # names no grade: it stays among "the remaining areas"
            explicit.setdefault(o.la, []).append((_year_of(o, a, latest_insp), o.area))
            near_explicit.setdefault(o.la, []).append((o.sent.index, o.area))
    out: list[Obs] = []
    for o in obs:
        if o.area == "help_and_protection" and "child protection" in o.area_text.lower():
            # (an earlier grade is no later than the latest inspection: "a year after 'inadequate'
            # verdict" over a child protection inspection of 2013)
            year = _year_of(o, a, latest_insp) if o.time != "past" else latest_insp.get(o.la, (None,))[0]
            if year is not None and year <= 2013:
                # the 2012-13 child protection inspections graded only overall effectiveness
                o = _with_area(o, "overall_effectiveness")
        if o.area in ("care_leavers", "children_in_care") and o.ref is not None \
                and _TOGETHER_WITH.search(a.masked, max(0, o.ref.pos - 30), o.ref.pos):
            # "in 2019 they had been judged together with care leavers and required improvement":
            # the combined judgement of 2018-22
            o = _with_area(o, COMBINED)
        if o.area == COMBINED:
            year = 2022 if o.time == "past" else _year_of(o, a, latest_insp)
            if rx()["combined_cue"].search(a.masked, o.sent.start, o.sent.end):
                # said to be one judgement: the 2018-22 one, so an earlier inspection's in a later text
                # (not a "same" with no grade: "the overall grade was exactly the same, and so were the
                # grades for X, which were then judged together" says now's grade is then's)
                if year is not None and year >= 2023 and not (isinstance(o.time, tuple) and o.time[0] and o.time[0] <= 2023) \
                        and not (o.rating is None and o.same):
                    o = replace(o, time="past", rules=o.rules + ("ratings.latest",))
                out.append(_with_area(o, "children_in_care"))
                continue
            cm = rx()["combined_count"].search(a.masked, o.sent.start, o.sent.end)
            if cm is not None and _count_fits(a, o.sent, cm.group(0)):
                # "in all four areas inspected: overall effectiveness; ...; children in care and care
                # leavers", "the judgement covering children in care and care leavers": counted as
                # one judgement (not "the four areas: leaders, help and protection, children in care
                # and care leavers", which counts them as two)
                out.append(_with_area(o, "children_in_care"))
                continue
            for area in _cic_split(o.area, year, o.area_text):
                out.append(_with_area(o, area))
            continue
        if not o.area.startswith("*"):
            out.append(o)
            continue
        ref = o.ref
        if o.area == "*some":
            o = replace(o, area="*all")   # "in three of the four judgements except X": all but X
        # "The other judgements from 2022 have each improved by one grade": the others of that
        # year's inspection, whatever the statement's own time
        of_year = _REST_OF_YEAR.match(a.masked, ref.pos + len(ref.text)) if o.area == "*rest" and ref is not None else None
        fw = _framework(int(of_year.group(1)) if of_year else _year_of(o, a, latest_insp) if o.time != "past" else None,
                        None if o.area == "*rest" else ref.count if ref else None)
        if fw is None and o.area == "*all" and ref is not None and ref.count and not ref.excluded \
                and (fw_y := _framework(_year_of(o, a, latest_insp), None)) is not None \
                and len(FRAMEWORK_AREAS[fw_y]) == ref.count + 1 \
                and any(x.sent is o.sent and x.area == "overall_effectiveness" and x.rating == o.rating for x in obs):
            # "the service required improvement to be good overall and in each of the three
            # judgements then made on the service" (2020): a count that leaves out the overall
            # grade its sentence gives besides, the framework's other judgements
            for area in FRAMEWORK_AREAS[fw_y]:
                if area != "overall_effectiveness":
                    out.append(_with_area(o, area, weak=True))
            continue
        if fw is None and o.area == "*rest" and isinstance(o.time, tuple) and o.time[0] == 2018:
            # 2018, when both frameworks ran: the one the sentence names ("At the previous
            # inspection, a short inspection in April 2018, ...; the other judgements were good")
            fw = _framework_named(a.masked, o.sent.start, o.sent.end)
        if fw is None and o.area == "*rest" and ref is not None and ref.count is not None:
            # "good overall and good in each of the other three judgements" (2018, when two
            # frameworks ran): the framework that leaves that many besides the sentence's own
            named = {ar for i, ar in near_explicit.get(o.la, []) if i == o.sent.index}
            named |= {x.area for x in obs if x.sent is o.sent and not x.area.startswith("*")}
            fits = [f for f in ("ilacs_2018", "sif_2013") if len([x for x in FRAMEWORK_AREAS[f] if x not in named]) == ref.count]
            if len(fits) == 1 and named:
                for area in FRAMEWORK_AREAS[fits[0]]:
                    if area not in named:
                        out.append(_with_area(o, area, weak=True))
                continue
        if fw is None and o.area == "*all" and (o.time == "past" or (isinstance(o.time, tuple) and o.time[0] == 2018)) \
                and not (ref and (ref.excluded or ref.except_unnamed)) and (ref is None or ref.count in (None, 4)):
            # an earlier inspection graded alike "in every area" (2018, or undated): the four
            # judgements both 2018 frameworks made, whatever they named them
            for area in FRAMEWORK_AREAS["ilacs_2018"]:
                out.append(_with_area(o, area, weak=True))
            continue
        if fw is None and o.area == "*all" and isinstance(o.time, tuple) and o.time[0] and 2014 <= o.time[0] <= 2017 \
                and not (ref and ref.except_unnamed) and (ref is None or ref.count in (None, 6, 7)):
            # "At its previous inspection, in 2014, the council was judged good overall and good in
            # each of the areas inspected": the single inspection framework's judgements, each as
            # the earlier grade of an area the text grades by name (none of its own)
            cur_year = latest_insp.get(o.la, (9999, 0))[0]
            between = {x.area for x in obs if x.la == o.la and isinstance(x.time, tuple) and x.time[0]
                       and o.time[0] < x.time[0] < cur_year and x.rating and not x.area.startswith("*")}
            if between or any(o.time[0] < y < cur_year for y in (insp_years or {}).get(o.la, ())):
                # an inspection dated between: the earlier grades of now are that one's, but an area
                # that inspection graded by name has these as its own earlier grades ("in 2015, every
                # judgement was inadequate. At the re-inspection in 2018 ... Adoption performance had
                # risen to good")
                for area in FRAMEWORK_AREAS["sif_2013"]:
                    if area in between and not (ref and area in ref.excluded):
                        out.append(_with_area(o, area, weak=True))
                continue
            named = {x.area for x in obs if x.la == o.la and not x.area.startswith("*") and (
                x.time == "current" or isinstance(x.time, tuple) and x.time[0] and x.time[0] > o.time[0])}   # (or dated later)
            named |= {"children_in_care"} if COMBINED in named else set()
            # "judged inadequate in every judgement it made ..., adoption performance among them":
            # an area the count's own sentence names is one of them
            named |= {ar.area for ar in a.in_range("areas", o.sent.start, o.sent.end)}
            for area in FRAMEWORK_AREAS["sif_2013"]:
                if area in named and not (ref and area in ref.excluded):   # (not "except adoption performance")
                    out.append(_with_area(o, area, weak=True))
            continue
        if fw is None:
            if o.area == "*all" and not (ref and (ref.except_unnamed or "overall_effectiveness" in ref.excluded)):
                # overall effectiveness is a judgement of every framework ("good in all areas
                # except care leavers": overall good, whichever framework)
                out.append(_with_area(o, "overall_effectiveness"))
            continue
        areas = [x for x in FRAMEWORK_AREAS[fw] if not ref or x not in ref.excluded]
        year = int(of_year.group(1)) if of_year else _year_of(o, a, latest_insp)
        # graded otherwise at that inspection (its fieldwork and report may fall in two years)
        graded = {ar for y, ar in explicit.get(o.la, []) if y is None or year is None or abs(y - year) <= 1}
        if o.area == "*rest":
            # "X was judged good in September 2023 – the only area ... . The remaining areas were
            # judged ...": an area graded in the sentence before is graded otherwise, whatever its date
            near = {ar for i, ar in near_explicit.get(o.la, []) if o.sent.index - 1 <= i <= o.sent.index}
            own = {ar for i, ar in near_explicit.get(o.la, []) if i == o.sent.index}
            own |= {x.area for x in obs if x.sent is o.sent and x.la == o.la and not x.area.startswith("*")}
            rest = [x for x in areas if x not in graded | near]
            if ref and ref.count is not None and len(rest) != ref.count:
                # "At its previous inspection, in November 2019, ... good overall and good in each of
                # the other three judgements then in use" after a sentence grading this year's
                # inspection: the others are those of the statement's own sentence
                rest = [x for x in areas if x not in graded | own]
            if ref and ref.count is not None and len(rest) != ref.count:
                continue   # "the other three judgements" where the framework leaves two: not that framework's
            areas = rest
        elif ref and ref.except_unnamed:
            if not any(x in graded for x in areas):
                continue   # "in every area except one" with the one never named: which is unknown
        for area in areas:
            out.append(_with_area(o, area, weak=True))
    return out


#: The year right after "the other judgements": " from 2022", " of 2019", " in 2017".
_REST_OF_YEAR = re.compile(r"\s+(?:from|of|in|at)\s+(?:the\s+)?((?:19|20)\d\d)\b(?!\s+(?:and|to)\s)")


#: A colon right before an area: the areas a grade was given, listed after it.
_COLON_AREA = re.compile(r"\s*:\s*Ⓐ")
#: Judgements, in the plural, as the subject of the grade before the colon: "Each of the main
#: judgements was good:", "The three judgements were all good:", "Two areas were judged to require
#: improvement:", "Two areas required improvement:", "every part of the service required improvement:";
#: or as the object of a grading
#: verb: "Inspectors also judged each of the three underlying areas inadequate:".
_JUDGEMENTS_GRADED = re.compile(r"(?:\b(?:judge?ments|areas|grades|ratings)|\b(?:every|each)\s+(?:part|aspect)\s+of\s+(?:the\s+|its\s+|their\s+)?(?:Ⓢ|service|services|work))"
                                r"\s+(?:(?:was|were|are|is)\s+)?(?:(?:all|each|also|again|judged|rated|graded|found)\s+)*(?:to\s+(?:be\s+)?)?$"
                                r"|\b(?:judged|rated|graded|found)\s+(?:each|all|every\s+one)\s+of\s+(?:the|its|their|these|those)\s+(?:[a-z]+\s+){0,2}(?:judge?ments|areas)\s+(?:as\s+|to\s+be\s+)?$")

#: A when- or and-clause's pronoun subject right before a grade: ", when it also Ⓖ", ", and it was Ⓖ".
_WHEN_IT_END = re.compile(r",\s*(?:when|and)\s+(?:it|they)(?:\s+(?:also|too|again))?(?:\s+(?:was|were|had\s+been))?\s*$")

#: A grading verb's object area right before the grade: "which judged safeguarding inadequate",
#: "which also rated our adoption service outstanding".
_VERB_AREA_GRADE = re.compile(r"\b(?:judged|rated|graded|found|assessed|deemed|considered)\s+(?:(?:the|its|their|our)\s+)?Ⓐ\s+(?:(?:service|services|work)\s+)?(?:as\s+|to\s+be\s+)?$")

#: "judged together with care leavers": the area after it shares one judgement with the one before.
_TOGETHER_WITH = re.compile(r"\b(?:together|jointly|combined)\s+with\s+(?:the\s+)?$")


def _with_area(o: Obs, area: str, weak: bool = False) -> Obs:
    if o.prev_overall and area != "overall_effectiveness":
        # "outstanding in all five areas, moving up from good overall": the other areas' previous
        # grades are not given
        return replace(o, area=area, rule=o.rule + ("~" if weak else ""), previous=None, change=None, prev_strength=0)
    return replace(o, area=area, rule=o.rule + ("~" if weak else ""))


#: A held grade's own date: ", the grade it received in ", ", the grade it was given in ".
_GRADE_RECEIVED_IN = re.compile(r",\s*the\s+(?:grade|rating|judge?ment)\s+(?:it|they|the\s+council)\s+"
                                r"(?:received|got|was\s+given|were\s+given|was\s+awarded|were\s+awarded)\s+in\b")


def _obs_key(o: Obs, cur: tuple | None, ungraded_latest: bool, demote: bool = False) -> Any:
    """When an observation's grade holds, for ``_merge``'s choice of the latest: INF for now
    (``cur``: the latest inspection's (year, month) for its authority). A module function, not
    one nested in ``_merge``: a compiled nested function and its closure refer to each other, a
    cycle that waits for the collector."""
    if o.time == "current":
        return INF
    if o.time == "past":
        return NEG_INF
    y, m = o.time
    if y is None:
        return INF
    if not demote and _same_visit((y, m or 0), cur):
        return INF   # the fieldwork month of the latest inspection (its report came later)
    if not demote and cur is not None and cur[0] != 99999:
        if (y, m or 0) >= (cur[0], cur[1] if m else 0):
            return INF
    if not demote and ungraded_latest and cur is not None and cur[0] == y:
        return INF
    return (y, m or 0)


#: Areas counted back to the sentence before, graded as it says at another date: "the first three
#: of those were graded in the same way", "both were judged the same way" (rule ``ratings.same_grades``).
_FIRST_SAME_WAY = re.compile(r"\b(?:the\s+(?P<first>first\s+)?(?P<n>two|three|four)|both|all\s+(?P<all>two|three|four))"
                             r"(?:\s+of\s+(?:them|those|these))?\s+(?:were|had\s+been)\s+(?:graded|judged|rated)\s+(?:in\s+)?the\s+same\s+way\b")


def _same_grades_source(obs: list[Obs], prev_sent_obs: list[Obs], prev_index: int) -> list[Obs]:
    """The grades "received exactly the same grades" copies: the sentence before's, and those of
    the same authority and time in the two sentences before it for areas it does not grade ("they
    rated X ... overall. The same grade was given for A, for B and for C. Y ... received exactly the
    same grades": overall too) (rule ``ratings.same_grades``)."""
    las = {o.la for o in prev_sent_obs}
    times = {o.time for o in prev_sent_obs}
    if len(las) != 1 or len(times) != 1:
        return prev_sent_obs
    have = {o.area for o in prev_sent_obs}
    earlier = [o for o in obs if o.la in las and o.time in times and prev_index - 2 <= o.sent.index < prev_index
               and o.area not in have and o.rating]
    return earlier + prev_sent_obs if earlier else prev_sent_obs


def _dated_before_top(a: Analysis, o: Obs, top: list[Obs]) -> bool:
    """Whether the undated earlier grade ``o`` stands in a sentence whose dates are all before the
    year of the dated current grades ``top`` ("judged inadequate in June 2015, and again in May
    2018; on both occasions ... required improvement" under a grade of 2022): an earlier inspection's (rule ``ratings.latest``)."""
    years = [t.time[0] for t in top if t.rating and isinstance(t.time, tuple) and t.time[0]]
    said = [d.year for d in a.dates_in(o.sent.start, o.sent.end) if d.year]
    return bool(years and said) and max(said) < min(years)


def _merge(a: Analysis, obs: list[Obs], inspections: list[dict]) -> list[dict]:
    latest_insp: dict[str | None, tuple] = {}
    latest_any: dict[str | None, tuple] = {}
    for row in inspections:
        code = row.get("la_code")
        when = (row.get("year") or 99999, row.get("month") or 0)
        if row.get("visit_type") == "inspection" and (code not in latest_insp or when > latest_insp[code]):
            latest_insp[code] = when
        if code not in latest_any or when > latest_any[code][0] or (when == latest_any[code][0] and row.get("visit_type") == "inspection"):
            latest_any[code] = (when, row.get("visit_type"))

    # the inspection before the latest, per authority: (year, month)
    prev_insp: dict[str | None, tuple] = {}
    for row in inspections:
        code = row.get("la_code")
        when = (row.get("year") or 99999, row.get("month") or 0)
        if row.get("visit_type") == "inspection" and when < latest_insp.get(code, when) and when > prev_insp.get(code, (0, 0)):
            prev_insp[code] = when
    groups: dict[tuple[str, str], list[Obs]] = {}
    insp_years: dict[str | None, set[int]] = {}
    for row in inspections:
        if row.get("visit_type") == "inspection" and row.get("year"):
            insp_years.setdefault(row.get("la_code"), set()).add(row["year"])
    for o in _expand(a, obs, latest_insp, insp_years):
        groups.setdefault((o.la, o.area), []).append(o)

    rows = []
    pub = a.published
    for (la, area), items in groups.items():
        cur = latest_insp.get(la)
        if cur is not None and not cur[1] and pub is not None and cur[0] < pub.year - 1 and latest_any.get(la, ((0, 0), ""))[1] == "inspection" \
                and any(o.time == "current" and o.rating for o in items) and any(isinstance(o.time, tuple) for o in items):
            # "The borough was judged good in all four areas at its 2019 inspection" in a 2024 round-up
            # naming no date for the new one: the latest inspection found is older than what is
            # said now, so its grades are earlier ones; a grade dated within the year before the
            # document is the new one's (rule ``ratings.latest``)
            cur = (pub.year - 1, 0)
        ungraded_latest = latest_any.get(la, ((0, 0), "inspection"))[1] != "inspection"

        keyed = [(_obs_key(o, cur, ungraded_latest), o) for o in items]
        top_key = max(k for k, _ in keyed)
        top = [o for k, o in keyed if k == top_key]
        if any(not o.rule.endswith("~") and o.rating for o in top):
            # a grade given to the area by name beats one given to "every area"
            top = [o for o in top if not (o.rule.endswith("~") and o.rating)]
        if len({o.rating for o in top if o.rating}) > 1 and any(o.rating and not o.headline for o in top):
            # a headline is the least careful statement of a grade: the body's wins
            top = [o for o in top if not (o.headline and o.rating)]
        demoted = False
        if len({o.rating for o in top if o.rating}) > 1 and top_key == INF:
            # an older dated grade raised to "current" by date conflicts with the current one: demote it
            demoted = True
            keyed = [(_obs_key(o, cur, ungraded_latest, demote=(o.time not in ("current", "past"))), o) for o in items]
            top_key = max(k for k, _ in keyed)
            top = [o for k, o in keyed if k == top_key]
        if any(not o.rule.endswith("~") and o.rating for o in top):
            # a grade given to the area by name beats one given to "every area"
            top = [o for o in top if not (o.rule.endswith("~") and o.rating)]
        if isinstance(top_key, tuple) and cur is not None and cur[0] != 99999 and top_key < (cur[0], cur[1]) \
                and not _same_visit(top_key, cur) and any(o.time == "past" and o.rating and o.rating not in {t.rating for t in top}
                                                         for _k, o in keyed):
            # the latest dated grade is older than the latest inspection, and an undated past-tense
            # grade differs ("had been judged to require improvement ...; both had been outstanding in
            # 2019"): which is that inspection's is not said, and a wrong grade is worse than none
            continue
        older = sorted(((k, o) for k, o in keyed if k < top_key), key=lambda x: (x[0], -x[1].order), reverse=True)
        top.sort(key=lambda o: (not o.line, o.order))
        rated = [o for o in top if o.rating]
        lead = rated[0] if rated else top[0]
        if len({o.rating for o in rated}) > 1 and not lead.line:
            # two current grades for one area that nothing orders: a wrong grade is worse than none
            if len({o.rating for o in rated if not o.rule.endswith("~")}) > 1:
                continue
        rating = lead.rating
        prev = None
        prev_rules: tuple[str, ...] = ()   # the rules of the statement that gave the previous grade
        strength = -1
        body_older = any(o.rating and isinstance(o.time, tuple) and not o.headline for _k, o in older)
        for o in sorted(top, key=lambda o: (-o.prev_strength, o.order)):
            if o.headline and body_older and o.previous:
                continue   # "From 'inadequate' to good" over a body dating a later grade between: the body's
            if o.previous and o.prev_strength > strength:
                prev, strength = o.previous, o.prev_strength
                prev_rules = o.rules
                later = next((x for k, x in older if x.rating and isinstance(k, tuple) and o.prev_year and k[0] > o.prev_year
                              and not _same_visit(k, cur) and not x.headline), None) if o.prev_year else None
                if later is not None:
                    # "moved from inadequate in 2010 to outstanding in 2022" over a grade dated 2017:
                    # the previous grade is the latest before now, not the from-grade of a longer story
                    prev, prev_rules = later.rating, later.rules
                    break
                if o.same:
                    # "were outstanding then, so that judgement has come down a step, although it
                    # remains good": the sentence's own earlier grade beats "remains"
                    own = next((x for _k, x in older if x.sent is o.sent and x.rating and x.rating != o.previous), None)
                    if own is not None:
                        prev, prev_rules = own.rating, own.rules
                break
        prev_src = None   # the earlier statement whose grade is the previous one
        same = next((o for o in top if o.same), None) if prev is None and rating else None
        if same is not None and (same.sent is lead.sent or any(o.sent is same.sent and o.rating for o in top) or not any(
                o.rating and not (o.ref is not None and o.ref.rule == "ratings.subject") for _k, o in older)):
            # "Good overall, which is what we were given last time, in 2019" (and "in 2017 we were
            # judged inadequate" elsewhere): the sentence's own "same as before" beats an older grade,
            # and any "same as before" beats an older grade given to no area by name ("That overall
            # grade is the same one Southwark got in 2017" and "in 2017, Southwark's work there was
            # outstanding")
            prev, prev_rules = rating, same.rules   # (the change, unchanged, follows from the grades)
        if prev is None and older:
            for k, o in older:
                if k == NEG_INF and ungraded_latest and (o.rating == rating or not any(
                        isinstance(t.time, tuple) and t.rating for t in top)) \
                        and not (_OLDER_FRAMEWORK.search(o.sent.text) and all(
                            isinstance(t.time, tuple) and t.time[0] and t.time[0] >= 2019 for t in top if t.rating)) \
                        and not _dated_before_top(a, o, top):
                    # after an ungraded visit, an undated earlier grade may be the current one's own inspection
                    break
                if isinstance(k, tuple) and cur is not None and cur[0] != 99999 and k[1] and cur[1] and k > cur:
                    # dated after the latest inspection's fieldwork, and demoted for its grade: not an
                    # earlier grade ("In May 2019 Ofsted published its report on the short inspection
                    # ..., which took place from 4 to 8 March 2019. The council was judged inadequate")
                    continue
                if _same_visit(k, cur) and not (demoted and o.rating and rating is not None and o.rating != rating):
                    # the fieldwork month of the latest inspection: not an earlier grade (unless its
                    # grade was just shown to differ from the current one, so that inspection is older;
                    # a current grade not yet known shows nothing: "Inspectors visited ... from 17
                    # January and judged ... to require improvement" and "... has gone up a grade")
                    continue
                if isinstance(k, tuple) and isinstance(top_key, tuple) and k[0] == top_key[0] and 0 in (k[1], top_key[1]) \
                        and o.rating == rating:
                    # the same grade dated by its year alone in the latest grade's year ("label it has
                    # carried since 2017" and "published in April 2017"): that inspection, no earlier one
                    continue
                if o.rating:
                    prev = o.rating
                    prev_rules = o.rules
                    prev_src = o
                    break
        if rating and prev == rating and (told := _told_before(a, prev_insp.get(la), rating, top, older)) is not None:
            # "Ofsted said they still require improvement" and "At its previous inspection, in May
            # 2018, Ofsted had again found the service inadequate": the grade dated to the
            # inspection before the latest beats a "still" that names no date
            prev, prev_rules, prev_src = told.rating, told.rules, told
        change = change_of(rating, prev)
        if change is None:
            change = next((o.change for o in top if o.change), None)
        if rating and prev is None and any(o.same for o in top):
            prev, change = rating, "unchanged"
            prev_rules = next(o for o in top if o.same).rules
        if rating and prev == rating and lead.same and isinstance(lead.time, tuple) and lead.time[0] \
                and not any(o.rating for _k, o in older) and _GRADE_RECEIVED_IN.search(a.masked, lead.sent.start, lead.sent.end) \
                and (cur is None or cur[0] == 99999 or cur <= (lead.time[0], lead.time[1] or 12)):
            # "The council is still rated inadequate, the grade it received in 2023" with no graded
            # inspection since: the grade held is that inspection's own, no earlier one is said
            prev, change, prev_rules = None, None, ()
        if area == "care_leavers" and prev is not None and prev == rating and any(o.same and o.previous in (None, rating) for o in top) \
                and cur is not None and 2023 <= cur[0] < 99999 and (before := prev_insp.get(la)) is not None and 2019 <= before[0] <= 2022 \
                and not any(o.same and any(d.year and d.year < before[0] for d in a.dated_in(o.sent.start, o.sent.end)) for o in top):
            # "Care leavers' services still require improvement" after an inspection of 2019-22, which
            # graded care leavers with children in care: that grade is children in care's, and the
            # care leavers' own grade, new, has no earlier one (not "the same grade care leavers'
            # services received in 2016": a grade of their own, dated before that inspection)
            prev, change, prev_rules = None, None, ()
        if area == "care_leavers" and prev is None and change is not None and all(o.rule.endswith("~") for o in top if o.change) \
                and cur is not None and 2023 <= cur[0] < 99999 and (before := prev_insp.get(la)) is not None and before[0] <= 2022:
            # "every grade has fallen to requires improvement to be good" after an inspection that
            # graded care leavers with children in care: the care leavers' own grade is new, and the
            # change said of every grade is of the grades that were given before
            change = None
        if rating is not None and prev is not None and prev_src is not None and isinstance(prev_src.time, tuple) and prev_src.time[0] \
                and (before := prev_insp.get(la)) is not None and (prev_src.time[0], prev_src.time[1] or 0) < before \
                and any(o.steps and o.change and o.rating is None for o in top):
            # "Overall effectiveness and leadership have each risen by one grade since then" (the
            # inspection before the latest): the step beats a grade dated before that inspection
            # ("In 2013 our child protection arrangements were judged inadequate")
            prev = None
        if rating is not None and prev is None and (step := next((o for o in top if o.steps and o.change and o.rating is None), None)) is not None:
            # "Overall effectiveness: Outstanding" and "The impact of leaders has moved up two grades
            # since 2019": the step from the grade gives the previous one (from the grade ranks)
            prev = shift(rating, step.steps, step.change)
            if prev is not None:
                change, prev_rules = step.change, step.rules
        if rating is None and prev is not None:
            step = next((o for o in top if o.steps and o.change), None)
            if step is not None and prev_src is not None and prev_src.previous and change_of(prev_src.rating, prev_src.previous) == step.change:
                # "judged to require improvement, a fall from good" and later "why leadership had
                # dropped a grade": the step restates that change, it is not one more
                rating, prev, change = prev_src.rating, prev_src.previous, step.change
                prev_rules, lead = step.rules, prev_src
            elif step is not None:
                # "has fallen three places since 2019, when leaders were judged outstanding"
                back = "declined" if step.change == "improved" else "improved"
                rating = shift(prev, step.steps, back)
                if rating is not None:
                    change = change_of(rating, prev)
        if rating is None and prev is not None and change == "unchanged":
            rating = prev   # "the same grades it received in 2019": unchanged is the earlier grade again
        if rating is None and change is None:
            continue
        scale = rating_scale(rating, prev)
        rows.append({
            "inspection_id": _inspection_for(inspections, la, lead),
            "la_code": la,
            "subject": lead.subject,
            "area": area,
            "area_text": lead.area_text or None,
            "scale": scale,
            "rating": rating,
            "rating_rank": rank_of(rating, scale),
            "previous_rating": prev,
            "change": change,
            "evidence": lead.sent.text,
            "start_char": lead.sent.start,
            "end_char": lead.sent.end,
            "rule": lead.rule.rstrip("~"),
            "_order": lead.order,
            "_rules": lead.rules + tuple(x for x in prev_rules if x not in lead.rules) + ("ratings.latest",),
            "_related": lead.related,
            "_time": lead.time,
        })
    rows.sort(key=lambda r: r.pop("_order"))
    return rows


def _told_before(a: Analysis, before: tuple | None, rating: str, top: list[Obs], older: list) -> Obs | None:
    """An earlier statement that gives an area another grade than "the same" says, dated
    to the inspection before the latest (``before``) and the only grade given to it then, when
    the "same" names no date; or None."""
    same = next((o for o in top if o.same), None)
    if same is None or before is None or isinstance(same.time, tuple) or a.in_range("dates", same.sent.start, same.sent.end):
        return None
    then = [o for _k, o in older if o.rating and not o.headline and isinstance(o.time, tuple) and o.time[0] == before[0]
            and (o.time[1] or 0) in (0, before[1])]
    if len({o.rating for o in then}) != 1 or then[0].rating == rating:
        return None   # that inspection's grade for the area is not told, or not told one way
    return then[0]


def _same_visit(k: tuple, cur: tuple | None) -> bool:
    """Whether a dated grade's (year, month) lies within six months before the latest
    inspection's date (fieldwork and report of one inspection), so it is no earlier grade."""
    if cur is None or k in (INF, NEG_INF) or not k[1] or not cur[1] or cur[0] == 99999:
        return False
    gap = (cur[0] * 12 + cur[1]) - (k[0] * 12 + k[1])
    return 0 <= gap <= 6


def _inspection_for(inspections, la: str, o: Obs) -> str | None:
    rows = [r for r in inspections if r.get("la_code") == la and r.get("visit_type") == "inspection"]
    if not rows:
        return None
    if isinstance(o.time, tuple) and o.time[0]:
        y, m = o.time
        for r in rows:
            if r.get("year") == y and (m is None or r.get("month") in (None, m)):
                return r["inspection_id"]
        for r in rows:
            if r.get("year") == y:
                return r["inspection_id"]
    if o.time == "past":
        return None
    return max(rows, key=lambda r: (r.get("year") or 99999, r.get("month") or 0))["inspection_id"]


def rows_only(rows: list[dict]) -> list[dict]:
    """The rows with exactly the schema's columns (the provenance kept for ``explain`` dropped)."""
    return [{k: r[k] for k in COLUMNS} for r in rows]


# --------------------------------------------------------------------------------------------
# examples


def example_facts(text: str) -> list[ExampleFact]:
    """The ratings of a one-off document as ``area=rating[<previous][:change]`` (the authority
    left out), with the rules that made each; a dropped grade records the rule that dropped it.
    A text naming no authority is read as a story about Wigan Council (a first line is added)."""
    from ofsted.extract.analysis import analyse
    from ofsted.extract.inspections import extract_inspections
    from ofsted.model import Document

    doc = Document("example", "example.txt", text, "0" * 64)
    a = analyse(doc)
    if not a.has_authority:
        a = analyse(Document("example", "example.txt", "Wigan Council\n" + text, "0" * 64))
    reading = read_ratings(a, extract_inspections(a))
    out = []
    for r in reading.rows:
        fact = f"{r['area']}={r['rating']}"
        if r["previous_rating"]:
            fact += f"<{r['previous_rating']}"
        if r["change"] and not (r["rating"] and r["previous_rating"]):
            fact += f":{r['change']}"
        out.append(ExampleFact(fact, frozenset(r["_rules"])))
    for d in reading.dropped:
        out.append(ExampleFact("", frozenset({d.rule})))
    return out
