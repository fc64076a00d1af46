"""One analysis of a document, made once and shared by every fact extractor.

``analyse(doc)`` splits the text into sentences and lines (spans kept), blanks direct speech,
finds the organisation mentions (``gazetteer``) and the dates (``dates``), and indexes the
authority and provider mentions so that any position can be attributed to an authority. The
extractors (``organisations``, ``people``, ``quotes``, ``inspections``, ``ratings``) all read the
same ``Analysis``, passed explicitly; the mentions that only one of them needs (grades, areas,
cue words) are made on first use and kept on the analysis, never in a module global.

Attribution of a position to an authority: the nearest preceding mention in its sentence (with
a directly coordinated one: "Halton and Warrington"), else the first following one in the
sentence, else the last one before the sentence (so round-up section headings carry over),
else the document's only authority.

>>> from ofsted.model import Document
>>> a = analyse(Document("d", "d.txt", "Wigan Council was inspected. It was rated good.", "0" * 64))
>>> [s.text for s in a.sentences], [m.name for m in a.las]
(['Wigan Council was inspected.', 'It was rated good.'], ['Wigan Metropolitan Borough Council'])
>>> [m.la_code for m in a.attribute(a.sentences[1].start)]
['E08000010']
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ofsted.extract import fast_re as re   # re itself, with patterns that scan for their first character
from ofsted.extract.dates import DateMention, dateline, find_dates
from ofsted.extract.gazetteer import OrgMention, find_org_mentions, in_affiliation
from ofsted.extract.mentions import (
    AreaMention,
    GradeMention,
    QuantifierMention,
    SubjectMention,
    find_areas,
    find_grades,
    find_quantifiers,
    find_subjects,
    is_area_name,
)
from ofsted.extract.rules import load_rules
from ofsted.model import Document

# The pattern opens with one character class (the branches follow it and re-test the mark by a
# look-behind): the engine then scans for [.!?;] at C speed instead of trying both branches at
# every character, as it did when each branch began with its own mark (half the time, same
# matches). A match never holds a line break, so one scan of the whole text serves every line.
_SENT_END = re.compile(
    r"[.!?;](?:(?<=[.!?])(?<!\bSt[.])(?<!\bDr[.])(?<!\bMr[.])(?<!\bMs[.])(?<!\bMrs[.])(?<!\bNo[.])"
    r"(?<!\bCllr[.])(?<!\bCoun[.])(?<!\b[A-Z][.])[\"”’')]*[ \t]+(?=[\"“‘'(]?[A-Z0-9£])"
    r"|(?<=;)[ \t]+(?=[\"“‘']?[0-9A-Z]))"
)
#: Longer "sentences" (a converter's run-on line) are cut so per-sentence work stays linear.
MAX_SENTENCE = 1000
_LINE = re.compile(r"[^\n]+")
_QUOTE_PAIRS = re.compile(r"“[^“”\n]*(?:”|$)|\"[^\"\n]*(?:\"|$)", re.M)
_COORDINATED = re.compile(r"\s*(?:,|and|,\s*and|&)\s*(?:the\s+)?")
#: A sentence that opens by placing itself in an authority's area before naming its subject ("In
#: Lancashire, Blackburn with Darwen Council moved up to good"): the place is no subject
#: coordinated with the authority after its comma (rule ``ratings.locative_place``).
_LOCATIVE_OPENER = re.compile(r"\s*(?:(?:meanwhile|elsewhere|nearby|over|up|down|and)[,\s]+)?(?:in|across)\s+(?:neighbouring\s+)?", re.I)
#: A relative clause set off by commas after an authority ("The Isle of Wight Council, whose
#: children's services are run in partnership with Hampshire County Council, has been rated
#: good"): an authority inside it is no subject of what follows the clause (rule
#: ``ratings.relative_clause_place``).
_RELATIVE_OPEN = re.compile(r"\s*,\s*(?:whose|which|who)\b[^,;:.()]*", re.I)
#: The same after a body's apposition: "Achieving for Children, the social enterprise that also
#: works for Richmond" (rule ``ratings.relative_clause_place``).
#: A relative clause with a singular verb, still open, right after an authority: ", which was
#: judged" (rule ``ratings.relative_clause_place``).
_OWN_RELATIVE = re.compile(r"\s*,\s*(?:which|who|that)\s+(?:was|is|has\s+been)\b[^,;:.()]*", re.I)
_APPOSED_RELATIVE = re.compile(r"\s*,\s*(?:the|a|an)\s+[\w\s'’-]{0,40}?\b(?:that|which|who)\b[^,;:.()]*", re.I)
_RELATIVE_CLOSE = re.compile(r"[^,;:.()]*,")
_CLAUSE_BREAK = re.compile(r"[,;:.()]")
_WHOSE_OPEN = re.compile(r"\s*,\s*whose\b")
#: Right before an authority named inside a "whose" clause as a partner: "in partnership with ",
#: "run by ", "shared with the ".
_PARTNER_BEFORE = re.compile(r"\b(?:with|by|from|alongside)\s+(?:the\s+)?$")


@dataclass(slots=True)
class Sentence:
    """A sentence (or a line's piece of one): its span, text, line span and position."""

    start: int
    end: int
    text: str
    line_start: int
    line_end: int
    index: int


@dataclass(slots=True)
class Mention:
    """An organisation mention as the fact extractors index it (``anaphora``: "the council")."""

    start: int
    end: int
    name: str
    la_code: str | None
    org_type: str
    anaphora: bool


def lower_same_length(text: str) -> str:
    """The text lower-cased, keeping every offset (characters whose lower case is longer stay)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


#: A line opened by arrows, ticks, stars or emoji ("➡️ Impact of leaders: outstanding", "✅ Help and
#: protection – Good"): a bullet like "•".
_SYMBOL_BULLET = re.compile("(?m)^[ \t]*(?:[\u2190-\u21ff\u25a0-\u27bf\u2b00-\u2bff\U0001f300-\U0001faff]"
                            "[\ufe0f\u200d\U0001f3fb-\U0001f3ff]*)+(?=[ \t])")


def symbol_bullets(text: str) -> str:
    """Lines opened by symbols as bullets written "•" (same length).

    >>> symbol_bullets("\u27a1\ufe0f Impact of leaders: outstanding")
    '•  Impact of leaders: outstanding'
    """
    if text.isascii():
        return text
    return _SYMBOL_BULLET.sub(_as_bullet, text)


def _as_bullet(m: re.Match) -> str:
    run = m.group(0)
    lead = len(run) - len(run.lstrip())
    return run[:lead] + "•" + " " * (len(run) - lead - 1)


def mask_quotes(text: str, min_words: int = 4, keep=None) -> str:
    """Direct speech blanked out (same length): grades people hope for are not grades.

    Double-quoted spans of four words or more are replaced by spaces; an opening quote with no
    closing one runs to the end of its paragraph. Short quoted labels ("good") stay, and so does
    a quoted span for which ``keep(inner text)`` is true (the name of a judgement area).

    >>> mask_quotes('He said: "We aim to be outstanding next time." It was rated "good".').split()
    ['He', 'said:', 'It', 'was', 'rated', '"good".']
    """
    def repl(m: re.Match) -> str:
        s = m.group(0)
        if len(s.split()) < min_words or (keep is not None and keep(s.strip("\"“”").strip())):
            return s
        return " " * len(s)

    return _QUOTE_PAIRS.sub(repl, text)


def _chunks(start: int, seg: str):
    """Cut an over-long segment at spaces into pieces of at most MAX_SENTENCE characters."""
    pos = 0
    while len(seg) - pos > MAX_SENTENCE:
        cut = seg.rfind(" ", pos + MAX_SENTENCE // 2, pos + MAX_SENTENCE)
        if cut <= pos:
            cut = pos + MAX_SENTENCE
        yield start + pos, seg[pos:cut]
        pos = cut
    yield start + pos, seg[pos:]


def split_sentences(text: str) -> list[Sentence]:
    """Sentences within lines (a line break always ends one), long ones cut at spaces.

    >>> [s.text for s in split_sentences("Dr. Who rated it. Then St. Helens; and more\\nA line")]
    ['Dr. Who rated it.', 'Then St. Helens; and more', 'A line']
    """
    out: list[Sentence] = []
    for s in _split_raw(text):
        if s.end - s.start <= MAX_SENTENCE:
            s.index = len(out)
            out.append(s)
            continue
        for st, piece in _chunks(s.start, text[s.start:s.end]):
            stripped = piece.strip()
            if stripped:
                lead = len(piece) - len(piece.lstrip())
                out.append(Sentence(st + lead, st + lead + len(stripped), stripped, s.line_start, s.line_end, len(out)))
    return out


def _split_raw(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    # the sentence ends of the whole text, found at once (one scan, not one per line)
    ends = [(b.start() + 1, b.end()) for b in _SENT_END.finditer(text)]
    k, n_ends = 0, len(ends)
    for line in _LINE.finditer(text):
        ls, le = line.span()
        pos = ls
        while k < n_ends and ends[k][0] <= le:
            cut, nxt = ends[k]
            k += 1
            seg = text[pos:cut]
            stripped = seg.strip()
            if stripped:
                out.append(Sentence(cut - len(seg.lstrip()), cut, stripped, ls, le, len(out)))
            pos = nxt
        seg = text[pos:le]
        stripped = seg.strip()
        if stripped:
            lead = pos + len(seg) - len(seg.lstrip())
            out.append(Sentence(lead, lead + len(stripped), stripped, ls, le, len(out)))
    if not out:
        out.append(Sentence(0, len(text), text, 0, len(text), 0))
    return out


#: The mention kinds found sentence by sentence on demand (see ``Analysis.in_range``).
_PER_SENTENCE: dict[str, Callable[[str, int, int], list]] = {"areas": find_areas, "subjects": find_subjects,
                                                            "quantifiers": find_quantifiers}


class Analysis:
    """Everything the fact extractors share about one document.

    ``orgs`` are the gazetteer's mentions as found; ``las`` (authorities and providers carrying
    an ``la_code``) and ``others`` (every other body, regulators included) index them by start.
    ``memo`` holds per-sentence results that more than one rule reads, for this document only.
    """

    def __init__(self, doc: Document, orgs: list[OrgMention], las: list[Mention], others: list[Mention],
                 la_codes: tuple[str, ...], names: dict[str, str]) -> None:
        self.doc = doc
        self.orgs = orgs
        self.las = las
        self.others = others
        self.la_codes = la_codes          # distinct codes, first-mention order
        self.names = names                # la_code (or "provider:" + code) -> name first used
        self.memo: dict = {}
        # what the properties below work out once, on first use
        self._published: dt.date | None = None
        self._published_known: bool = False
        self._low: str | None = None
        self._masked: str | None = None
        self._sentences: list[Sentence] | None = None
        self._sent_starts: list[int] | None = None
        self._dates: list[DateMention] | None = None
        self._date_starts: list[int] | None = None
        self._la_starts: list[int] | None = None
        self._other_starts: list[int] | None = None
        self._grades: list[GradeMention] | None = None
        self._areas: list[AreaMention] | None = None
        self._subjects: list[SubjectMention] | None = None
        self._quantifiers: list[QuantifierMention] | None = None
        self._scanned_quotes: tuple | None = None
        self._quotations: list[tuple[int, int]] | None = None
        self._grade_starts: list[int] | None = None

    @property
    def text(self) -> str:
        return self.doc.text

    @property
    def published(self) -> dt.date | None:
        """The publication date: the document's, else a dateline at its top ("Stockport Council ·
        18 May 2022"); relative dates ("today", "in March") resolve against it."""
        if not self._published_known:
            self._published, self._published_known = self.doc.published_date or dateline(self.text), True
        return self._published

    @property
    def has_authority(self) -> bool:
        """Whether any authority or provider with a code is named (else no inspections or ratings)."""
        return bool(self.las)

    @property
    def low(self) -> str:
        """The text lower-cased (same offsets): case-insensitive patterns run on it without re.I."""
        if self._low is None:
            self._low = lower_same_length(self.text)
        return self._low

    @property
    def masked(self) -> str:
        """The text with direct speech of four words or more blanked, lower-cased (same offsets)."""
        if self._masked is None:
            self._masked = symbol_bullets(lower_same_length(mask_quotes(self.text, keep=is_area_name)))
        return self._masked

    @property
    def sentences(self) -> list[Sentence]:
        if self._sentences is None:
            self._sentences = split_sentences(self.text)
        return self._sentences

    @property
    def sent_starts(self) -> list[int]:
        if self._sent_starts is None:
            self._sent_starts = [s.start for s in self.sentences]
        return self._sent_starts

    @property
    def dates(self) -> list[DateMention]:
        if self._dates is None:
            self._dates = find_dates(self.text, self.published)
        return self._dates

    @property
    def date_starts(self) -> list[int]:
        if self._date_starts is None:
            self._date_starts = [d.start for d in self.dates]
        return self._date_starts

    @property
    def la_starts(self) -> list[int]:
        if self._la_starts is None:
            self._la_starts = [m.start for m in self.las]
        return self._la_starts

    @property
    def other_starts(self) -> list[int]:
        if self._other_starts is None:
            self._other_starts = [m.start for m in self.others]
        return self._other_starts

    @property
    def grades(self) -> list[GradeMention]:
        """Grade mentions outside direct speech (``mentions.find_grades``)."""
        if self._grades is None:
            self._grades = find_grades(self.masked, self.text)
        return self._grades

    @property
    def areas(self) -> list[AreaMention]:
        if self._areas is None:
            self._areas = find_areas(self.masked, text=self.text)
        return self._areas

    @property
    def subjects(self) -> list[SubjectMention]:
        if self._subjects is None:
            self._subjects = find_subjects(self.masked)
        return self._subjects

    @property
    def quantifiers(self) -> list[QuantifierMention]:
        if self._quantifiers is None:
            self._quantifiers = find_quantifiers(self.masked)
        return self._quantifiers

    @property
    def scanned_quotes(self) -> tuple:
        """Every quotation, single or double marks, outermost only (``quotes.scan_quotations``)."""
        from ofsted.extract.quotes import scan_quotations

        if self._scanned_quotes is None:
            self._scanned_quotes = scan_quotations(self.text) if any(c in self.text for c in "\"'“”‘’") else ()
        return self._scanned_quotes

    @property
    def quotations(self) -> list[tuple[int, int]]:
        """The spans of the quotations (``scanned_quotes``)."""
        if self._quotations is None:
            self._quotations = [(q.open_pos, q.close_end) for q in self.scanned_quotes]
        return self._quotations

    def in_quotation(self, pos: int) -> bool:
        """Whether a position lies inside a quotation (a speaker's or a report's words)."""
        spans = self.quotations
        i = bisect.bisect_right(spans, (pos, len(self.text) + 1)) - 1
        return i >= 0 and spans[i][0] < pos < spans[i][1]

    def in_range(self, kind: str, start: int, end: int) -> list:
        """The mentions of one kind ("grades", "areas", "subjects", "quantifiers", "dates")
        starting in ``[start, end)``.

        Areas, subjects and quantifiers are found sentence by sentence, when a rule first asks
        for them: only the sentences with a grade or a change word are ever read for them.
        """
        if kind == "grades":
            return self.grades_in(start, end)
        if kind in _PER_SENTENCE:
            return self._per_sentence(kind, start, end)
        starts = self.memo.get(("starts", kind))
        if starts is None:
            starts = self.memo[("starts", kind)] = [m.start for m in getattr(self, kind)]
        return getattr(self, kind)[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]

    def grades_in(self, start: int, end: int) -> list[GradeMention]:
        """The grade mentions starting in ``[start, end)`` (``in_range("grades", ...)``, direct)."""
        starts = self.grade_starts
        return self.grades[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]

    @property
    def grade_starts(self) -> list[int]:
        if self._grade_starts is None:
            self._grade_starts = [g.start for g in self.grades]
        return self._grade_starts

    def in_sentence(self, kind: str, sent: Sentence) -> list:
        """The mentions of a per-sentence kind ("areas", "subjects", "quantifiers") in one of
        ``sentences``: what ``in_range`` gives for its span, without the search for the
        sentence (the list kept for it: read it, never change it)."""
        found_by_sent = self._found_by_sentence(kind)
        found = found_by_sent[sent.index]
        if found is None:
            found = found_by_sent[sent.index] = self._find(kind, sent.start, sent.end)
        return found

    def _found_by_sentence(self, kind: str) -> list:
        # one slot per sentence and kind (a list indexed by sentence, not a dict keyed by
        # (kind, sentence): rules ask for the same sentences many times)
        found_by_sent = self.memo.get(("per_sentence", kind))
        if found_by_sent is None:
            found_by_sent = self.memo[("per_sentence", kind)] = [None] * len(self.sentences)
        return found_by_sent

    def _find(self, kind: str, start: int, end: int) -> list:
        """A per-sentence kind's mentions in one sentence (areas read the text too: "the Board")."""
        if kind == "areas":
            return find_areas(self.masked, start, end, self.text)
        return _PER_SENTENCE[kind](self.masked, start, end)

    def _per_sentence(self, kind: str, start: int, end: int) -> list:
        sentences = self.sentences
        found_by_sent = self._found_by_sentence(kind)
        i = max(bisect.bisect_right(self.sent_starts, start) - 1, 0)
        n = len(sentences)
        out: list = []
        while i < n:
            s = sentences[i]
            if s.start >= end:
                break
            found = found_by_sent[i]
            if found is None:
                found = found_by_sent[i] = self._find(kind, s.start, s.end)
            if found:
                if start <= s.start and s.end <= end:
                    out.extend(found)   # the whole sentence (what a skeleton asks for)
                else:
                    out.extend(m for m in found if start <= m.start < end)
            i += 1
        return out

    def dates_in(self, start: int, end: int) -> list[DateMention]:
        return self.dates[bisect.bisect_left(self.date_starts, start):bisect.bisect_left(self.date_starts, end)]

    def dated_in(self, start: int, end: int) -> list[DateMention]:
        """The dates in ``[start, end)`` that name their year themselves (not "last year", nor a
        year taken from the publication date): the dates a heading, a lead-in or a sentence before
        can give to the grades after it."""
        return [d for d in self.dates_in(start, end) if d.year and not d.relative]

    def others_in(self, start: int, end: int) -> list[Mention]:
        starts = self.other_starts
        return self.others[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]

    def sentence_at(self, pos: int) -> Sentence:
        i = bisect.bisect_right(self.sent_starts, pos) - 1
        return self.sentences[max(i, 0)]

    def las_in(self, start: int, end: int) -> list[Mention]:
        starts = self.la_starts
        return self.las[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]

    def last_la_before(self, pos: int) -> Mention | None:
        i = bisect.bisect_left(self.la_starts, pos) - 1
        return self.las[i] if i >= 0 else None

    def la_name(self, code: str, mention: Mention | None = None) -> str | None:
        if code in self.names:
            return self.names[code]
        return mention.name if mention is not None else None

    def first_la(self, code: str) -> Mention:
        return next(m for m in self.las if m.la_code == code)

    def attribute(self, pos: int, sent: Sentence | None = None, prefer_after: bool = False) -> list[Mention]:
        """The authority (or authorities, for "X and Y") a position belongs to.

        Nearest preceding mention in the sentence (with a directly coordinated one), else the
        first following one in the sentence, else the last mention before the sentence, else
        the document's only authority (a heading line naming none is the section's under it: the
        first authority of the sentence after it). A mention inside a relative clause after another ("X
        Council, whose services are run with Y Council, has been rated good") is passed over (and a
        position inside a "whose" clause naming another only as a partner is the clause's host's:
        "X Council, whose services are run with Y and were judged ..."), and
        so, in later sentences, is a partner of a text in the first person ("Westminster City
        Council, with whom we share a ... department, was ..."): the council before it carries on.
        """
        return self.attribution(pos, sent, prefer_after)[0]

    def attribution(self, pos: int, sent: Sentence | None = None,
                    prefer_after: bool = False) -> tuple[list[Mention], bool]:
        """``attribute``'s answer, and whether it passed over a relative clause's authority."""
        sent = sent or self.sentence_at(pos)
        inside = self.las_in(sent.start, sent.end)
        before = [m for m in inside if m.end <= pos]
        after = [m for m in inside if m.start >= pos]
        skipped = False
        if len(before) >= 2:
            clause = self.in_relative_clause(before, pos)
            if clause:
                before, skipped = before[:len(before) - len(clause)], True
            elif (host := self.whose_host(before, pos)) is not None:
                # "The Isle of Wight Council, whose children's services have been run in partnership
                # with Portsmouth since 2013 and were judged to require improvement ...": the
                # services of "whose" are the host's; the partner is only named in the clause
                return [host], True
        if before and not prefer_after:
            last = before[-1]
            if len(before) >= 2 and _OWN_RELATIVE.fullmatch(self.text, last.end, pos):
                # "Harrow and the London Borough of Havering, which was judged inadequate in
                # February 2024, are ...": a singular relative clause is the last one's alone
                return [last], True
            group = [last]
            for prev in reversed(before[:-1]):
                gap = self.text[prev.end:group[0].start]
                if _COORDINATED.fullmatch(gap) and prev.la_code != group[0].la_code and not (
                        gap.strip() == "," and prev == self.place_opener(sent)):
                    group.insert(0, prev)
                else:
                    break
            return group, skipped
        if after:
            return [after[0]], False
        if before:
            return [before[-1]], skipped
        last_before = self.last_la_before(sent.start)
        if last_before is not None and (named := self.year_named_inspection(sent)) is not None:
            return [named], False
        if last_before is not None and (under := self._heading_subject(sent)) is not None:
            # "Ofsted inspection 2019" over "3. Ofsted re-inspected Kirklees's children's services
            # ...": a heading naming no authority is the section's under it, not the last one
            # named above it (the partner council of the paragraph before)
            return [under], False
        while last_before is not None and in_affiliation(self.text, last_before.start, last_before.end):
            # "Present: ...; Kerensa Trethowan-Lutz (Principal Social Worker, Cornwall Council)": a
            # person's employer, named in brackets after the role, is no subject that carries over
            last_before = self.last_la_before(last_before.start)
        if last_before is not None:
            psent = self.sentence_at(last_before.start)
            earlier = self.las_in(psent.start, last_before.end)
            if len(earlier) >= 2:
                # the sentence before named its subject before a relative clause with another
                # authority in it: the subject carries over
                clause = self.in_relative_clause(earlier, psent.end)
                if clause:
                    last_before, skipped = earlier[-len(clause) - 1], True
                else:
                    # "... is delivered on the council's behalf by X Children's Trust, which also
                    # provides services for West Northamptonshire Council.", "... by Achieving for
                    # Children, the social enterprise that also works for Richmond and Windsor and
                    # Maidenhead.": the relative clause of another body closing the sentence (its
                    # authorities coordinated); the authority before it carries on
                    k = len(earlier) - 1
                    while k >= 2 and _COORDINATED.fullmatch(self.text, earlier[k - 1].end, earlier[k].start):
                        k -= 1
                    if self._ends_relative_of_other(earlier[k - 1], earlier[k], psent, last_before):
                        last_before, skipped = earlier[k - 1], True
            if self._aside_of_ours(last_before, sent.end):
                # "Westminster City Council, with whom we share a bi-borough children's services
                # department, was inspected in the same week": the writer's own council carries on
                own = self.last_la_before(psent.start)
                while own is not None and own.la_code == last_before.la_code:
                    own = self.last_la_before(own.start)
                if own is not None:
                    return [own], True
            if self.las[0].la_code != last_before.la_code and self._new_section_of_ours(last_before.end, sent.start):
                # "3. For the same information about Middlesbrough." | "Part 1" | "We hold this
                # information. ..." over a table of inspections: a heading, then the writer's first
                # person, starts a section about the council the text is headed with
                return [self.las[0]], True
            if self._carries_over(last_before):
                return [last_before], skipped
            if _OUR_OWN.search(self.masked, sent.start, sent.end):
                # "... delivered by the City of Westminster, with some specialist services shared with
                # the Royal Borough of Kensington and Chelsea. | 2.1 Our most recent inspection was ...":
                # no authority carries over, and the writer's first person is the council it named first
                return [self.las[0]], True
            return [], skipped
        if len(self.la_codes) == 1:
            return [self.las[0]], False
        return [], False

    def _heading_subject(self, sent: Sentence) -> Mention | None:
        """For a heading line (no full stop, a blank line after it): the first authority the
        sentence under it names, or None."""
        body = self.text[sent.start:sent.end].rstrip()
        if not body or body[-1] in ".:;!?\"”’)" or "\n" in body or len(body) > 80 \
                or not self.text.startswith("\n\n", sent.start + len(body)) or sent.index + 1 >= len(self.sentences):
            return None
        nxt = self.sentences[sent.index + 1]
        if len(self.text[nxt.start:nxt.end].strip()) <= 4 and sent.index + 2 < len(self.sentences):
            nxt = self.sentences[sent.index + 2]   # "3." numbering the paragraph: the sentence after it
        found = self.las_in(nxt.start, nxt.end)
        return found[0] if found else None

    def year_named_inspection(self, sent: Sentence) -> Mention | None:
        """For a sentence naming no authority that opens on "The 2016 inspection" (or report,
        visit): the one authority an earlier sentence names together with that year, or None
        (rule ``ratings.year_named_inspection``: "... up from good at the single inspection
        published in June 2016. ... 3.2 The Isles of Scilly ... The 2016 inspection also reviewed
        the Local Safeguarding Children Board": Cornwall's inspection, not Scilly's)."""
        m = _YEAR_INSPECTION.match(self.low, sent.start, sent.end)
        if m is None:
            return None
        key = ("year_named_inspection", sent.index)
        if key in self.memo:
            return self.memo[key]
        self.memo[key] = None   # (asked again while it is worked out: none)
        year = int(m.group(1))
        codes: dict[str | None, Mention] = {}
        for earlier in self.sentences[:sent.index]:
            if any(d.year == year for d in self.dates_in(earlier.start, earlier.end)):
                for la in self.las_in(earlier.start, earlier.end):
                    codes.setdefault(la.la_code, la)
                if not self.las_in(earlier.start, earlier.end) and (own := self.attribute(earlier.start, earlier)):
                    for la in own:
                        codes.setdefault(la.la_code, la)
        found = self.memo[key] = next(iter(codes.values())) if len(codes) == 1 else None
        return found

    def in_relative_clause(self, before: list[Mention], pos: int) -> list[Mention]:
        """The last mentions of ``before`` that sit in a relative clause closed by a comma before
        ``pos``, opened right after an earlier mention ("X Council, whose services are run with Y
        Council, has been rated good": Y), or [] ."""
        for k in range(len(before) - 1, 0, -1):
            host, first = before[k - 1], before[k]
            if _RELATIVE_OPEN.fullmatch(self.text, host.end, first.start) \
                    and not _CLAUSE_BREAK.search(self.text, first.start, before[-1].end) \
                    and _RELATIVE_CLOSE.match(self.text, before[-1].end, pos):
                return before[k:]
        return []

    def whose_host(self, before: list[Mention], pos: int) -> Mention | None:
        """The mention of ``before`` that a "whose" clause still open at ``pos`` follows, when the
        later mentions in it are only named after "with", "by" or "from" ("X Council, whose
        services are run with Y and were judged ..."), or None."""
        for k in range(len(before) - 1):
            host = before[k]
            if _WHOSE_OPEN.match(self.text, host.end) and not _CLAUSE_BREAK.search(self.text, host.end + 2, pos) \
                    and all(_PARTNER_BEFORE.search(self.text, max(0, m.start - 40), m.start) for m in before[k + 1:]):
                return host
        return None

    def _ends_relative_of_other(self, host: Mention, m: Mention, sent: Sentence, last: Mention) -> bool:
        """Whether ``m`` (to ``last``, the sentence's last authority) sits in a relative clause
        that closes ``sent``, opened right after another body (not an authority) named between
        ``host`` and ``m``, or after that body's apposition ("X, the social enterprise that ...")."""
        if self.text[last.end:sent.end].strip() not in ("", ".", "!", "?"):
            return False
        return any(_RELATIVE_OPEN.fullmatch(self.text, o.end, m.start) or _APPOSED_RELATIVE.fullmatch(self.text, o.end, m.start)
                   for o in self.others_in(host.end, m.start))

    def place_opener(self, sent: Sentence) -> Mention | None:
        """The authority a sentence opens by placing itself in before a comma and another
        authority ("In Lancashire, Blackburn with Darwen Council moved up to good"), or None."""
        inside = self.las_in(sent.start, sent.end)
        if len(inside) < 2 or not _LOCATIVE_OPENER.fullmatch(self.text, sent.start, inside[0].start):
            return None
        if self.text[inside[0].end:inside[1].start].strip() != ",":
            return None
        return inside[0]

    def _aside_of_ours(self, m: Mention, upto: int | None = None) -> bool:
        """Whether ``m`` is another authority than the writer's, named in a sentence whose own
        first person is the writer's council ("X, with whom we share a department, was ...") or
        that names it as the writer's partner ("Kensington and Chelsea's children's services are
        run jointly with Westminster City Council"), outside quotations, in a text that speaks of
        its council as "our" before it (or, with ``upto``, up to there: the sentence asking)."""
        psent = self.sentence_at(m.start)
        if not _WE_OUTSIDE.search(self.masked, psent.start, psent.end) or self.las[0].la_code == m.la_code:
            return False
        if _OUR_OWN.search(self.masked, 0, psent.start) is not None:
            return True
        return upto is not None and _OUR_OWN.search(self.masked, psent.end, upto) is not None

    def _new_section_of_ours(self, start: int, end: int) -> bool:
        """Whether a heading line (short, no full stop, blank lines around it) lies between
        ``start`` and ``end`` with the writer's first person after it, outside quotations, in a
        text that opens with the authority it names first (a letterhead)."""
        key = ("new_section", start, end)
        found = self.memo.get(key)
        if found is None:
            found = False
            if self.las[0].start < 80 and "\n" not in self.text[:self.las[0].start].strip("\n"):
                for h in _HEADING_LINE.finditer(self.text, start, end):
                    if _OUR_OWN.search(self.masked, h.end(), end):
                        found = True
                        break
            self.memo[key] = found
        return found

    def opens_on_that_inspection(self, sent: Sentence) -> bool:
        """Whether ``sent`` opens by pointing back to the inspection the sentence before dated
        ("At that inspection, ...", "2.3 During the same visit ...", "That inspection judged ..."); the ratings and the
        inspections both read it."""
        return _AT_THAT_INSPECTION.match(self.low, sent.start, sent.end) is not None

    def opens_on_time_before(self, sent: Sentence) -> bool:
        """Whether ``sent`` opens by pointing back to the time the sentence before dated: an
        inspection ("At that inspection", "That inspection judged") or any time ("Back then", "At
        that time", "That year"); the ratings read it (the inspections take only the inspection form)."""
        return self.opens_on_that_inspection(sent) or _BACK_THEN.match(self.low, sent.start, sent.end) is not None

    def _carries_over(self, m: Mention) -> bool:
        """Whether the authority mention ``m`` carries over to the sentences after its own: not
        when it ends a heading or sentence naming several authorities. Decided once per mention
        (every later sentence without an authority asks about the same one)."""
        key = ("carries_over", m.start)
        ok = self.memo.get(key)
        if ok is None:
            psent = self.sentence_at(m.start)
            codes = {o.la_code for o in self.las_in(psent.start, psent.end) if not o.anaphora}
            ok = self.memo[key] = not (len(codes) > 1 and psent.end <= m.end + 2)
        return ok


#: A sentence opening on the inspection the sentence before dated: "At that inspection, ...", or
#: with that inspection as the grader: "That inspection judged the council good ...".
_AT_THAT_INSPECTION = re.compile(r"\s*(?:\d+(?:\.\d+)*\s+)?(?:(?:at|during|in)\s+(?:that|the\s+same)\s+(?:re-?inspection|inspection|visit)\b"
                                 r"|(?:that|the\s+same)\s+(?:re-?inspection|inspection|visit)\s+(?:also\s+)?(?:judged|rated|graded|found|gave|awarded)\b)")
#: A sentence opening on an inspection named by its year: "The 2016 inspection also reviewed ...".
_YEAR_INSPECTION = re.compile(r"\s*(?:\d+(?:\.\d+)*\s+)?the\s+((?:19|20)\d\d)\s+(?:re-?inspection|inspection|report|visit)\b")
#: A sentence opening on the time the sentence before dated: "Back then Ofsted said ...", "Then, it was judged ...", "At the time, ...", "Within that overall grade, ...",
#: "That year the borough was also judged to require improvement overall".
_BACK_THEN = re.compile(r"\s*(?:\d+(?:\.\d+)*\s+)?(?:back\s+then|then(?=\s*,)(?!\s*,\s*(?:in|on|by|during|from|after|before|until|at|over|within)\b)|at\s+(?:that|the)\s+time|(?:in\s+)?that\s+(?:same\s+)?year\b(?!')"
                        r"|(?:within|beneath|under(?:neath)?)\s+that\s+(?:overall\s+)?(?:grade|judge?ment|rating|verdict))\b")
#: The writer's first person beside another authority's name: "with whom we share", "our neighbours".
_WE_OUTSIDE = re.compile(r"\b(?:with\s+whom\s+we|whom\s+we|which\s+we|that\s+we|we\s+share|our\s+neighbou?rs?|our\s+partners?"
                         r"|(?:run|delivered|provided|managed)\s+(?:jointly|in\s+partnership)\s+with|shared\s+with)\b")
#: A text that speaks of its own council in the first person ("our children's services", "our most recent inspection").
_OUR_OWN = re.compile(r"\b(?:our|we)\b", re.I)
#: A heading line between blank lines: short, with no full stop ("\n\nPart 1\n\n").
_HEADING_LINE = re.compile(r"\n\n[^\n.;:!?|]{1,40}\n\n")


def analyse(doc: Document, orgs: list[OrgMention] | None = None) -> Analysis:
    """The shared analysis of one document (``orgs``: the gazetteer's mentions, if already found)."""
    orgs = find_org_mentions(doc.text) if orgs is None else list(orgs)
    las: list[Mention] = []
    others: list[Mention] = []
    names: dict[str, str] = {}
    for m in orgs:
        mm = Mention(m.start, m.end, m.name, m.la_code, m.org_type or "", (m.rule or "").startswith("anaphora"))
        if mm.org_type in ("local_authority", "provider") and mm.la_code:
            las.append(mm)
            key = mm.la_code if mm.org_type == "local_authority" else "provider:" + mm.la_code
            names.setdefault(key, mm.name)
        else:
            others.append(mm)
    las.sort(key=lambda x: x.start)
    others.sort(key=lambda x: x.start)
    seen: list[str] = []
    for la in las:
        if la.la_code and la.la_code not in seen and not la.anaphora:
            seen.append(la.la_code)
    for la in las:
        if la.la_code and la.la_code not in seen:
            seen.append(la.la_code)
    return Analysis(doc=doc, orgs=orgs, las=las, others=others, la_codes=tuple(seen), names=names)


def related_blocks(text: str) -> list[tuple[int, int]]:
    """The spans of a news page's related-link blocks (rules ``organisations.related_links`` and
    ``ratings.related_links``): a line opening with a related-link label and the lines under it, up
    to a blank line."""
    if not any(label in text for label in _related_labels()) and " news\n" not in text and " stories\n" not in text:
        return []   # (a substring test per label is much cheaper than the line pattern's scan)
    labels = _related_re()
    spans: list[tuple[int, int]] = []
    for m in labels.finditer(text):
        end = text.find("\n\n", m.start())
        spans.append((m.start(), len(text) if end == -1 else end))
    return spans


@lru_cache(maxsize=1)
def _related_labels() -> tuple[str, ...]:
    return tuple(sorted(load_rules("organisations").vocab("related_labels"), key=len, reverse=True))


@lru_cache(maxsize=1)
def _related_re() -> re.Pattern:
    # (and a heading of more stories naming a place or kind: "More Shropshire news", "Other
    # inspection news", alone on its line)
    return re.compile(r"^[ \t]*(?:" + "|".join(map(re.escape, _related_labels())) + r")\b"
                      r"|^[ \t]*(?:More|Other|Latest)\s+(?:[\w'’&-]+\s+){0,2}(?:news|stories)[ \t]*$", re.M)
