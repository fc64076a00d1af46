"""Grade, area, subject and quantifier mentions: the typed words the ratings rules relate.

Rules and vocabularies: ``ofsted/data/rules/mentions.yaml``. Every finder runs on the
analysis's masked text (lower-cased, direct speech of four words or more blanked, offsets kept),
so a grade someone hopes for in a quotation is never a mention.

>>> text = "It was rated 'good', up from ri. It was RI."
>>> [(m.label, m.surface) for m in find_grades(text.lower(), text)]
[('good', 'good'), ('requires_improvement', 'RI')]
>>> [(m.area, m.surface) for m in find_areas("help and protection and care leavers were good.")]
[('help_and_protection', 'help and protection'), ('care_leavers', 'care leavers')]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ofsted.extract import fast_re as re   # re itself, with patterns that scan for their first character
from ofsted.extract.regex_tools import guarded, has_any, pieces
from ofsted.extract.rules import ExampleFact, flex_words, load_rules, trie_words

Q = r"['‘’\"“”]?"
ADJECTIVES = frozenset(("good", "outstanding", "inadequate", "adequate"))
COMBINED = "children_in_care+care_leavers"


@dataclass(frozen=True, slots=True)
class GradeMention:
    """A grade label: ``start:end`` the wording, ``q_start:q_end`` with its quotation marks."""

    start: int
    end: int
    label: str
    surface: str
    q_start: int
    q_end: int
    verb_form: bool          # "requires improvement" is itself a predicate


@dataclass(frozen=True, slots=True)
class AreaMention:
    start: int
    end: int
    area: str                # an area key, or children_in_care+care_leavers (the combined judgement)
    surface: str


@dataclass(frozen=True, slots=True)
class SubjectMention:
    """The services a grade can be said of ("children's services", "the council")."""

    start: int
    end: int
    surface: str


@dataclass(frozen=True, slots=True)
class QuantifierMention:
    """Areas by count: ``kind`` "all" (every area of the framework), "rest" (the others), "some"
    ("four of the five judgements": which ones, only a list or an exception says) or "those"
    ("every one of those judgements": the areas graded just before); ``count``: the
    framework's number of areas when given."""

    start: int
    end: int
    kind: str
    count: int | None
    surface: str


@lru_cache(maxsize=1)
def _vocab() -> dict:
    rs = load_rules("mentions")
    labels = {k.lower(): v for k, v in rs.vocab("grade_labels").items()}
    unanchored = [k for k in labels if not any(w in k for w in _GRADE_ANCHORS)]
    if unanchored:
        # the grade pattern runs only around an anchor: a wording without one would never be found
        raise ValueError(f"grade_labels without any of {_GRADE_ANCHORS}: {unanchored}")
    area_of: dict[str, str] = {}
    for area, names in rs.vocab("areas").items():
        for n in names:
            area_of[_key(n)] = area
    return {
        "rs": rs,
        "labels": labels,
        "case_sensitive": dict(rs.vocab("grade_labels_case_sensitive")),
        "verb_forms": frozenset(_key(w) for w in rs.vocab("verb_form_labels")),
        "followers": frozenset(w.lower() for w in rs.vocab("adjective_followers")),
        "area_of": area_of,
        "blocked": {_key(k): frozenset(v) for k, v in rs.vocab("area_blocked_after").items()},
        "blocked_before": {_key(k): frozenset(v) for k, v in rs.vocab("area_blocked_before").items()},
        "counts": {str(k): v for k, v in rs.vocab("counts").items()},
        "scales": rs.vocab("scales"),
        # literal pieces one of which any area or quantifier holds: a sentence with none is not
        # scanned (the same mentions). Subjects have no gate: "council", "its", "their", ... are
        # in most sentences read, and the gate cost as much as the scans it saved.
        "area_gate": pieces(area_of, avoid=_PLAIN_WORDS),
        "quantifier_gate": pieces(list(rs.vocab("quantifier_all")) + list(rs.vocab("quantifier_rest")) + ["across", "rest", "those", "these", "the same"]
                                  + [str(k) for k in rs.vocab("counts") if str(k).isalpha()]),
    }


#: Words in most sentences about children's services: poor gates.
_PLAIN_WORDS = ("children", "children's", "services", "service", "young", "people", "experiences", "experience", "who", "have",
                "progress", "the", "of", "and", "for", "in")


_SPACES = re.compile(r"\s+")


def _key(surface: str) -> str:
    low = surface.lower().replace("’", "'")
    if "  " not in low and low.isprintable():
        return low   # every space a single " " already (other whitespace is not printable)
    return _SPACES.sub(" ", low)


def _heads(words) -> str:
    """A look-ahead of the first two characters of some words: fails at once almost everywhere."""
    heads = sorted({w[:2].lower() for w in words})
    return "(?:" + "|".join(re.escape(h) for h in heads) + ")"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    v = _vocab()
    rs = v["rs"]
    grade_alt = flex_words(v["labels"])
    cs = [w.lower() for w in v["case_sensitive"]]
    grade = rf"(?:{grade_alt}|(?<![a-z])(?:{'|'.join(map(re.escape, cs))})(?![a-z]))"
    quant_all = rs.vocab("quantifier_all")
    quant_rest = rs.vocab("quantifier_rest")
    counts = flex_words(v["counts"])
    nouns = flex_words(rs.vocab("area_nouns"))
    return {
        "grade": re.compile(rf"(?=[‘’'\"“”]|{_heads(list(v['labels']) + cs)})(?P<q>{Q})(?P<grade>{grade}){Q}"),
        "next": re.compile(r"[ \t]*([a-z]+|[^ \ta-z])"),
        "to_grade": re.compile(r"\s*to\s+(?:be\s+)?['‘\"“]?(?:good|outstanding|inadequate|requir|ri\b)"),
        "from_before": re.compile(r"\bfrom\s*$"),
        "dash_space": re.compile(r"\s*[-–]\s"),
        # a framework's formal name of an area right after the adjective: "with outstanding adoption
        # performance", "with good leadership, management and governance"
        "formal_area": re.compile(r"\s+(?:adoption\s+performance|leadership,\s+management\s+and\s+governance|overall\s+effectiveness)\b"),
        "list_gap": re.compile(r"\s*(?:,|;|/)?\s*(?:and|or)?\s*"),
        "area": re.compile(rf"\b(?:{trie_words(v['area_of'])})\b"),
        "next_word": re.compile(r"\s*([a-z]+)"),
        "combined": re.compile(rs.pattern("mentions.combined_judgement")),
        "safeguarding_pair": re.compile(rs.pattern("mentions.safeguarding_pair")),
        "safeguarding_graded": re.compile(rs.pattern("mentions.safeguarding_graded")),
        "overall_label": re.compile(rs.pattern("mentions.overall_label")),
        "subject": re.compile(rf"\b(?:{trie_words(rs.vocab('subjects'))})\b"),
        "quantifier": re.compile(
            rf"\b(?:(?P<those>(?:(?:{flex_words(quant_all)})(?:\s+one)?\s+of\s+)?(?:those|these|the\s+same(?=\s+(?:judge?ments|areas)\b))(?:\s+last(?=\s+(?:{counts})\b))?(?:\s+(?P<n4>{counts}))?\s+(?:{nouns}|measures?)"
            rf"|(?:all|both|each)(?:\s+(?P<n5>{counts}))?\s+of\s+which)"
            rf"|(?P<all>(?:{flex_words(quant_all)})(?:\s+one)?(?:\s+(?P<n0>{counts})(?=\s+of\b))?(?:\s+of)?(?:\s+(?:the|its|their|[a-z]+['’]s))?"
            rf"(?:\s+(?P<n1>{counts}))?\s+(?P<other>other\s+)?(?:(?:graded|key|core|headline)\s+)?(?:{nouns}))\b|(?P<board>across\s+the\s+board)"
            rf"|(?P<rest>the\s+(?:{flex_words(quant_rest)})(?:\s+(?P<n2>{counts}))?\s+(?:{nouns})|the\s+rest)"
            rf"|(?P<some>(?:{counts})\s+(?:out\s+)?of\s+(?:the\s+|its\s+|their\s+)?(?:(?P<n3>{counts})\s+)?(?:{nouns})))\b"
        ),
    }


def find_grades(masked: str, text: str, start: int = 0, end: int | None = None) -> list[GradeMention]:
    """Grade mentions in ``masked[start:end]`` (``text``: the original, for "RI" in capitals).

    A bare adjective needs a word that can follow a grade (rule ``mentions.grade``); a run of
    three or more different grades is the scale, not a grade (``mentions.scale_list``).
    """
    out = _grade_candidates(masked, text, start, end)
    if len(out) >= 3:
        out = _drop_scale_lists(masked, out)
    if out and ("replac" in masked[start:end] or " way " in masked[start:end]):
        out = [g for g in out if not _REPLACED_BY.search(masked, max(0, g.q_start - 70), g.q_start)
               and not _WAS_REPLACED.match(masked, g.q_end)]
        # 'replaced the grade of "adequate" with "requires improvement"': both words of the scale
        firsts = [g for g in out if _REPLACES.search(masked, max(0, g.q_start - 60), g.q_start)]
        seconds = [g for g in out for f in firsts if f.q_end < g.q_start and _REPLACED_WITH.fullmatch(masked, f.q_end, g.q_start)]
        out = [g for g in out if g not in firsts and g not in seconds]
        # '"Requires improvement" replaced the previous "adequate" grade': the scale's new word and its old one
        pairs = [(f, g) for f in out for g in out if f.q_end < g.q_start and _REPLACED_THE.fullmatch(masked, f.q_end, g.q_start)]
        out = [g for g in out if not any(g is f or g is h for f, h in pairs)]
        # 'adequate, the grade that the requires improvement label replaced': the new word of the
        # scale, in a relative clause whose object is the grade before it
        out = [g for g in out if not (_THAT_THE.search(masked, max(0, g.q_start - 12), g.q_start)
                                      and _LABEL_REPLACED.match(masked, g.q_end))]
    if out and "grade was" in masked[start:end]:
        out = [g for g in out if not _NTH_GRADE.search(masked, max(0, g.q_start - 40), g.q_start)]
    if "=" in text[start:end] and (keyed := _keyed_grades(masked, text, start, len(masked) if end is None else end, out)):
        out = sorted(out + keyed, key=lambda g: g.start)
    return out


#: A key defining a short form of a grade: "Inad = inadequate; RI = requires improvement to be
#: good; Outst = outstanding", "I = inadequate" (the short form in capitals, as the table writes it).
_KEY_ENTRY = re.compile(r"(?<![A-Za-z])([A-Z][A-Za-z]{0,5})\.?\s*=\s*['‘\"“]?(?i:(requires\s+improvement(?:\s+to\s+be\s+good)?|inadequate|outstanding|good|adequate))\b")


def _keyed_grades(masked: str, text: str, start: int, end: int, found: list[GradeMention]) -> list[GradeMention]:
    """Grade mentions of the short forms a key in the text defines ("Inad", "Outst" in a table
    whose key says "Inad = inadequate"), outside quotations and the key itself (rule
    ``mentions.grade``)."""
    keys = {m.group(1): _vocab()["labels"].get(_key(" ".join(m.group(2).lower().split())))
            for m in _KEY_ENTRY.finditer(text)}
    taken = {g.start for g in found}
    out: list[GradeMention] = []
    for word, label in keys.items():
        if label is None or word.lower() in _vocab()["labels"] or word == "RI":
            continue   # (a grade word already, or the case-sensitive "RI")
        # (a one-letter form, "I = inadequate", only as a table's cell: two spaces, a tab or a bar
        # on either side, or the line's end, and perhaps a footnote's asterisk)
        pat = (rf"(?<![A-Za-z]){word}(?![A-Za-z=])(?!\.?\s*=)" if len(word) > 1 else
               rf"(?:(?<=  )|(?<=\t)|(?<=\|)){word}(?=\*?(?:  |\t|[ \t]*\||[ \t]*$))")
        for m in re.compile(pat, re.M).finditer(text, 0, end):
            gs, ge = m.start(), m.end()
            if gs < start or gs in taken or masked[gs:ge] != text[gs:ge].lower():
                continue
            out.append(GradeMention(gs, ge, label, text[gs:ge], gs, ge, False))
    return out


#: A grade word of the scale, and the word that replaced it: '"adequate" will be replaced by
#: "requires improvement"', '"Adequate" was replaced by "requires improvement" in November 2013',
#: 'the middle grade, "adequate", will be replaced by "requires improvement"':
#: both words of the scale, no grade of anyone (rule ``mentions.scale_list``). (The first is not
#: a grade mention: no grading word follows it.)
_REPLACED = (r"(?:was|were|will\s+be|would\s+be|has\s+been|had\s+been|is\s+being|is\s+to\s+be)\s+"
             r"(?:replaced|superseded)\s+(?:by|with)")
_REPLACED_BY = re.compile(r"\b(?:adequate|satisfactory|good|outstanding|inadequate|requires\s+improvement)['\"”’]?,?\s+"
                          + r"(?:" + _REPLACED + r"|(?:will\s+)?(?:gives?|gave|giving)\s+way\s+to)\s+$")
_WAS_REPLACED = re.compile(r",?\s+" + _REPLACED + r"\b")
#: The active form: 'replaced the grade of "adequate" with "requires improvement"'.
_REPLACES = re.compile(r"\breplac(?:ed|es|ing)\s+(?:the\s+(?:grade|rating|judge?ment|word|label|category)\s+(?:of\s+)?)?$")
_REPLACED_WITH = re.compile(r"\s+(?:with|by)\s+")
#: A grade as the subject that replaced another: '"Requires improvement" replaced the previous "adequate" grade'
#: (or "'adequate' gives way to 'requires improvement'").
_REPLACED_THE = re.compile(r"\s+(?:(?:replaced|replaces|superseded|supersedes)\s+(?:the\s+|an\s+|a\s+)?(?:(?:previous|old|former|earlier|original)\s+)?"
                           r"|(?:will\s+)?(?:gives?|gave|giving)\s+way\s+to\s+|(?:will\s+)?(?:makes?|made|making)\s+way\s+for\s+)")
#: A grade as the subject of a relative clause that replaced the grade before it: "the grade that
#: the requires improvement label replaced".
_THAT_THE = re.compile(r"\b(?:that|which)\s+(?:the\s+)?['\"‘“]?$")
_LABEL_REPLACED = re.compile(r"['\"’”]?\s+(?:(?:label|grade|rating|word|category|judge?ment)\s+)?(?:had\s+|has\s+)?(?:replaced|superseded)\b")
#: A place on the scale named by its number: 'before November 2013 the third grade was "adequate"'.
_NTH_GRADE = re.compile(r"\b(?:second|third)\s+grade\s+(?:was|is|had\s+been|became)\s+$")


#: Pieces every grade wording but "RI" holds (found with ``str.find``, far faster than a
#: pattern scan); the grade pattern then runs only around them.
_GRADE_ANCHORS = ("good", "outstanding", "adequate", "requir", "top", "highest", "lowest", "worst", "second", "bottom")
#: "ri" as a word of its own: the only places the case-sensitive "RI" can be found (the grade
#: pattern's own condition). "ri" inside words ("priority", "during") made a window every
#: hundred characters or so when it was a plain anchor.
_RI_WORD = re.compile(r"ri(?<![a-z]ri)(?![a-z])")


def _windows(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    hits = [m.start() for m in _RI_WORD.finditer(masked, start, end)]
    for w in _GRADE_ANCHORS:
        i = masked.find(w, start, end)
        while i != -1:
            hits.append(i)
            i = masked.find(w, i + 1, end)
    hits.sort()
    out: list[tuple[int, int]] = []
    for h in hits:
        a, b = max(start, h - 24), min(end, h + 48)
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _grade_candidates(masked: str, text: str, start: int = 0, end: int | None = None) -> list[GradeMention]:
    v = _vocab()
    p = _patterns()
    end = len(masked) if end is None else end
    out: list[GradeMention] = []
    matches = [m for ws, we in _windows(masked, start, end) for m in p["grade"].finditer(masked, ws, we)]
    for m in matches:
        gs, ge = m.start("grade"), m.end("grade")
        surface = masked[gs:ge]
        qs, qe = m.start(), m.end()
        if surface in ("ri",):
            if text[gs:ge] != "RI":
                continue
            label = v["case_sensitive"]["RI"]
        else:
            label = v["labels"][_key(surface)]
        if surface in ADJECTIVES and not _adjective_is_grade(masked, qs, qe):
            continue
        if out and out[-1].label == label and surface.startswith("the ") and _SET_OFF.fullmatch(masked, out[-1].q_end, qs):
            continue   # "outstanding, the highest grade there is": the same grade again, described
        out.append(GradeMention(gs, ge, label, text[gs:ge], qs, qe, _key(surface) in v["verb_forms"]))
    return out


#: "the good it received", "the outstanding they had held": a grade named by what a pronoun got.
_THE_BEFORE = re.compile(r"\bthe\s+$", re.I)
_IT_GOT = re.compile(r"\s+(?:it|they)\s+(?:had\s+|has\s+|have\s+)?(?:received|got|held|had|kept|was\s+given|were\s+given|was\s+awarded)\b")
#: Between a grade and a description of it set off after it: "outstanding, the highest grade".
_SET_OFF = re.compile(r"\s*[,–—]\s*")


def _adjective_is_grade(masked: str, qs: int, qe: int) -> bool:
    p = _patterns()
    nxt = p["next"].match(masked, qe, qe + 30)
    if nxt is None:
        return True
    tok = nxt.group(1)
    if tok == "\n" or "  " in masked[qe:nxt.start(1)] or "\t" in masked[qe:nxt.start(1)]:
        return True   # the end of a line, or a table cell before the next one
    if tok.isalpha():
        if tok not in _vocab()["followers"]:
            # a table row's next cell ("Inadequate RI RI") is a grade too, and so is one before an
            # area's formal name ("with outstanding adoption performance")
            # ("from the good it received in 2018": the grade a pronoun got, after "the")
            return p["grade"].match(masked, nxt.start(1)) is not None or p["formal_area"].match(masked, qe) is not None \
                or (_THE_BEFORE.search(masked, max(0, qs - 5), qs) is not None and _IT_GOT.match(masked, qe) is not None)
        if tok == "to" and not p["to_grade"].match(masked, qe, qe + 40):
            # "good to see" is no grade; "from good to outstanding" keeps its from-grade
            return p["from_before"].search(masked, max(0, qs - 40), qs) is not None
        return True
    if tok in "-–":
        return p["dash_space"].match(masked, qe, qe + 4) is not None
    return True


#: Two spaces or a tab between grades: a table row's cells ("Inadequate  RI  Good"), not a list.
_CELL_BREAK = re.compile(r"  |\t")


def _drop_scale_lists(masked: str, grades: list[GradeMention]) -> list[GradeMention]:
    runs: list[list[GradeMention]] = []
    ranged: set[int] = set()   # the runs (by index) that range "from A through B ... to C"
    gap = _patterns()["list_gap"]
    for g in grades:
        if runs and not _CELL_BREAK.search(masked, runs[-1][-1].q_end, g.q_start) \
                and (gap.fullmatch(masked, runs[-1][-1].q_end, g.q_start)
                     or (m := _RANGE_GAP.fullmatch(masked, runs[-1][-1].q_end, g.q_start)) is not None
                     and (m.group(1) == "through" or len(runs) - 1 in ranged)):
            if not gap.fullmatch(masked, runs[-1][-1].q_end, g.q_start):
                ranged.add(len(runs) - 1)
            runs[-1].append(g)
        else:
            runs.append([g])
    drop = {id(g) for run in runs if len({x.label for x in run}) >= 3 for g in run}
    # runs a bare "to" joins ("from inadequate to requires improvement to good" is a history) are
    # the scale when together they hold all four grades: "run from outstanding to good, adequate
    # and inadequate"
    joined: list[list[GradeMention]] = []
    for run in runs:
        if joined and _RANGE_GAP.fullmatch(masked, joined[-1][-1].q_end, run[0].q_start) \
                and not _CELL_BREAK.search(masked, joined[-1][-1].q_end, run[0].q_start):
            joined[-1].extend(run)
        else:
            joined.append(list(run))
    drop |= {id(g) for run in joined if len({x.label for x in run}) >= 4 for g in run}
    return [g for g in grades if id(g) not in drop]


#: A scale's range between grades: "from outstanding through good and requires improvement to
#: inadequate" ("to" only once "through" has set off the range: "from inadequate to requires
#: improvement to good" is a history); commas and "down" may set its steps off: "run from
#: outstanding, through good and adequate, down to inadequate".
_RANGE_GAP = re.compile(r"\s*,?\s+(?:down\s+)?(through|to)\s+")


_PREV_WORD = re.compile(r"([a-z]+)\s+$")
#: The single inspection framework's title, its overall judgement (rule ``mentions.area``) ...
_SIF_TITLE = "services for children in need of help and protection"
#: ... when the next sentence grades one of its parts by itself; else its parts were graded.
_PART_GRADED_NEXT = re.compile(r"[^.;:!?]{0,60}[.!?]\s+[^.!?]{0,20}\b(?:help\s+and\s+protection|children\s+(?:looked\s+after|in\s+care))\b"
                               r"[^.!?]{0,60}\b(?:inadequate|good|outstanding|adequate|requires?\s+improvement|required\s+improvement)\b")
_SIF_TITLE_PARTS = re.compile(r"children in need of help and protection|children looked after and care leavers")


def find_areas(masked: str, start: int = 0, end: int | None = None, text: str | None = None) -> list[AreaMention]:
    """Judgement-area mentions, longest name first (rule ``mentions.area``); with the ``text``,
    "the Board" after a safeguarding children board is named, too (``board_anaphors``)."""
    v = _vocab()
    p = _patterns()
    end = len(masked) if end is None else end
    out: list[AreaMention] = []
    if text is not None and "Board" in text[start:end]:
        return board_anaphors(text, start, end, find_areas(masked, start, end))
    if not has_any(masked, v["area_gate"], start, end):
        return out
    for m in p["area"].finditer(masked, start, end):
        key = _key(m.group(0))
        blocked = v["blocked"].get(key)
        if blocked:
            nxt = p["next_word"].match(masked, m.end(), m.end() + 20)
            if nxt and nxt.group(1) in blocked:
                continue
        blocked = v["blocked_before"].get(key)
        if blocked:
            prv = _PREV_WORD.search(masked, max(0, m.start() - 20), m.start())
            if prv and prv.group(1) in blocked:
                continue   # "council leaders", "opposition leaders": not the impact of leaders
        if key.startswith(_SIF_TITLE) and not _PART_GRADED_NEXT.match(masked, m.end()):
            # "... rated the council's services for children in need of help and protection, children
            # looked after and care leavers as requires improvement. The overall judgement is also
            # requires improvement.": the title's parts were graded (unless the next sentence grades
            # a part by itself: "... to be inadequate. Help and protection was inadequate, as was
            # ...", where the title was the overall judgement)
            for part in _SIF_TITLE_PARTS.finditer(masked, m.start(), m.end()):
                area = "help_and_protection" if part.group(0).startswith("children in need") else "children_in_care+care_leavers"
                out.append(AreaMention(part.start(), part.end(), area, part.group(0)))
            continue
        out.append(AreaMention(m.start(), m.end(), v["area_of"][key], m.group(0)))
    if "safeguarding" in masked[start:end]:
        out = _safeguarding_graded(masked, start, end, out)
    if "overall" in masked[start:end]:
        out = _overall_label(masked, start, end, out)
    return _combined(masked, _safeguarding_pair(masked, out))


#: "the Board", with its capital: after a Local Safeguarding Children Board is named, that board.
_BOARD = re.compile(r"\bthe Board\b")
_LSCB_NAMED = re.compile(r"Safeguarding Children(?:['’]s)? Board|\bLSCB\b")


def board_anaphors(text: str, start: int, end: int, areas: list[AreaMention]) -> list[AreaMention]:
    """"the Board" after the text has named a safeguarding children board (rule
    ``mentions.board_anaphor``): "Ofsted judged the Board to be good" in its annual report grades it."""
    extra = [AreaMention(m.start(), m.end(), "lscb", "the board") for m in _BOARD.finditer(text, start, end)
             if not any(a.start <= m.start() < a.end for a in areas) and _LSCB_NAMED.search(text, 0, m.start())]
    return sorted(areas + extra, key=lambda a: a.start) if extra else areas


def _safeguarding_graded(masked: str, start: int, end: int, areas: list[AreaMention]) -> list[AreaMention]:
    """"judged safeguarding inadequate" (rule ``mentions.safeguarding_graded``): the 2009-12
    inspections' safeguarding judgement, overall effectiveness."""
    found = [AreaMention(m.start(1), m.end(1), "overall_effectiveness", m.group(1))
             for m in _patterns()["safeguarding_graded"].finditer(masked, start, end)
             if not any(a.start <= m.start(1) < a.end for a in areas)]
    return sorted(areas + found, key=lambda a: a.start) if found else areas


def _overall_label(masked: str, start: int, end: int, areas: list[AreaMention]) -> list[AreaMention]:
    """"Overall" as a label before a colon and a grade, opening a line, a table cell or a sentence
    (rule ``mentions.overall_label``): "| Overall: good. Impact of leaders: good." grades overall
    effectiveness."""
    found = [AreaMention(m.start(1), m.end(1), "overall_effectiveness", m.group(1))
             for m in _patterns()["overall_label"].finditer(masked, start, end)
             if not any(a.start <= m.start(1) < a.end for a in areas)]
    return sorted(areas + found, key=lambda a: a.start) if found else areas


def _safeguarding_pair(masked: str, areas: list[AreaMention]) -> list[AreaMention]:
    """The overall judgement named "safeguarding" before the looked-after children one (rule
    ``mentions.safeguarding_pair``): "safeguarding and looked after children services"."""
    out: list[AreaMention] = []
    for ar in areas:
        if ar.area == "children_in_care" and "safeguarding" in masked[max(0, ar.start - 60):ar.start]:
            sm = _patterns()["safeguarding_pair"].search(masked, max(0, ar.start - 60), ar.start)
            if sm is not None and not (out and out[-1].end > sm.start(1)):
                out.append(AreaMention(sm.start(1), sm.end(1), "overall_effectiveness", sm.group(1)))
        out.append(ar)
    return out


_BOTH = re.compile(r"\bboth\s+$")


def _combined(masked: str, areas: list[AreaMention]) -> list[AreaMention]:
    """Children in care and care leavers named together are one (combined) mention."""
    joint = _patterns()["combined"]
    out: list[AreaMention] = []
    for ar in areas:
        prev = out[-1] if out else None
        if (prev is not None and prev.area == "children_in_care" and ar.area == "care_leavers"
                and joint.fullmatch(masked, prev.end, ar.start) and not _BOTH.search(masked, max(0, prev.start - 6), prev.start)):
            out[-1] = AreaMention(prev.start, ar.end, COMBINED, masked[prev.start:ar.end])
            continue
        out.append(ar)
    return out


def is_area_name(phrase: str) -> bool:
    """Whether a phrase is exactly the name of a judgement area ("children looked after and
    achieving permanence" under a quoted heading is a label, not speech).

    >>> is_area_name("children looked after and achieving permanence"), is_area_name("we are proud")
    (True, False)
    """
    return _key(phrase) in _vocab()["area_of"]


def find_subjects(masked: str, start: int = 0, end: int | None = None) -> list[SubjectMention]:
    end = len(masked) if end is None else end
    return [SubjectMention(m.start(), m.end(), m.group(0)) for m in _patterns()["subject"].finditer(masked, start, end)]


def find_quantifiers(masked: str, start: int = 0, end: int | None = None) -> list[QuantifierMention]:
    end = len(masked) if end is None else end
    counts = _vocab()["counts"]
    out: list[QuantifierMention] = []
    if not has_any(masked, _vocab()["quantifier_gate"], start, end):
        return out
    for m in _patterns()["quantifier"].finditer(masked, start, end):
        n = m.group("n0") or m.group("n1") or m.group("n2") or m.group("n3") or m.group("n4") or m.group("n5")
        if m.group("those") and n is None and m.group(0).startswith("both"):
            n = "two"   # "both of those areas"
        # "each of the three other areas": the areas not graded otherwise, as "the other three areas";
        # "every one of those judgements": the areas graded just before
        kind = ("those" if m.group("those") else "rest" if m.group("rest") or m.group("other")
                else "some" if m.group("some") else "all")
        if kind == "all" and n is None and m.group(0).startswith("both"):
            kind, n = "those", "two"   # "Both areas were judged inadequate": the two just named (no framework has two)
        out.append(QuantifierMention(m.start(), m.end(), kind, counts.get(n) if n else None, m.group(0)))
    return out


def rank_of(label: str | None, scale: str = "ofsted_4") -> int | None:
    """The rank of a label on its scale (1 is best); "adequate" ranks on the legacy scale.

    >>> rank_of("good"), rank_of("adequate"), rank_of(None)
    (2, 3, None)
    """
    if label is None:
        return None
    scales = _vocab()["scales"]
    return scales.get(scale, {}).get(label) or scales["ofsted_4"].get(label) or scales["ofsted_legacy"].get(label)


def example_facts(text: str) -> list[ExampleFact]:
    """The mentions of a text, in order, as ``grade=<label>``, ``area=<key>``, ``subject``,
    ``quantifier=<kind>[:<count>]`` (the rules-file examples are checked against these)."""
    from ofsted.extract.analysis import lower_same_length, mask_quotes

    masked = lower_same_length(mask_quotes(text, keep=is_area_name))
    found: list[tuple[int, str, str]] = []
    grades = find_grades(masked, text)
    if len(grades) < len(_grade_candidates(masked, text)):
        found.append((-1, "", "mentions.scale_list"))
    for g in grades:
        found.append((g.start, f"grade={g.label}", "mentions.grade"))
    areas = find_areas(masked, text=text)
    graded = {m.start(1) for m in _patterns()["safeguarding_graded"].finditer(masked)}
    for a in areas:
        rule = ("mentions.board_anaphor" if a.surface == "the board" else "mentions.safeguarding_graded" if a.start in graded else
                "mentions.overall_label" if a.surface == "overall" else
                "mentions.safeguarding_pair" if a.surface == "safeguarding" else "mentions.combined_judgement"
                if _key(a.surface) not in _vocab()["area_of"] else "mentions.area")
        found.append((a.start, f"area={a.area}", rule))
    for s in find_subjects(masked):
        if not any(a.start <= s.start < a.end for a in areas):
            found.append((s.start, "subject", "mentions.subject"))
    for q in find_quantifiers(masked):
        found.append((q.start, f"quantifier={q.kind}" + (f":{q.count}" if q.count else ""), "mentions.quantifier"))
    found.sort()
    return [ExampleFact(f, frozenset({r})) for _s, f, r in found]
