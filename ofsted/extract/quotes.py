"""Direct quotations and who said them.

Quotation marks are read in one linear pass per line: curly and straight, double and single
(a single mark between two letters is an apostrophe; "inspectors' letter" is a possessive when a
later closing mark exists). Inside an open quotation, marks of the other family are a nested
quote and do not start a row; a re-opened mark of the same family after a sentence end continues
the quotation. A quotation is bounded by its line: where the line ends unclosed it continues only
if the next paragraph opens with a mark of the same family (the newspaper convention for a quote
running over paragraphs), otherwise it ends with the line. Pieces are joined with one space.

Quotes shorter than four words, grade labels ("requires improvement to be good") and terms
('under the heading "..."') are dropped; a trailing comma before "said X" is dropped.

The speaker is found after the quote ("...," said Cllr X / she said / the report, published
today, concludes), else before it in the same line (the person, pronoun, body or report word
that goes with a reporting verb: "X said:", "She added:", "Inspectors found that", "The letter
says"; after ", adding:" the sentence's subject), else in the lead-in line of a bullet list, else
-- for a paragraph that opens with a quotation -- the person the sentence before it is about (or
the one the next paragraph introduces), else the previous quote's speaker (a quote split by its
attribution, or "... and that '...'"). Words of a report, a letter or unnamed inspectors belong
to "Ofsted"; a named inspector keeps her words; "it"/"they" never stand for a person. A headline
quoting words the body gives to someone else is dropped. Every rule, with its vocabularies and
example sentences, is in ``ofsted/data/rules/quotes.yaml``; a row's ``rule`` is the rule that
named its speaker.

>>> from ofsted.model import Document
>>> from ofsted.extract.gazetteer import find_org_mentions
>>> from ofsted.extract.people import extract_people
>>> t = 'Cllr Jo Bloggs, cabinet member for children, said: "We are proud of every single social worker." Inspectors said children were \\'safe and well looked after\\'.'
>>> d = Document("d", "p", t, "0"); ms = find_org_mentions(t)
>>> [(q["speaker"], q["text"]) for q in extract_quotes(d, extract_people(d, ms), ms)]
[('Jo Bloggs', 'We are proud of every single social worker.'), ('Ofsted', 'safe and well looked after')]
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ofsted.extract import fast_re as re   # re itself, with patterns that scan for their first character
from ofsted.extract.gazetteer import OrgMention
from ofsted.extract.rules import ExampleFact, load_rules
from ofsted.extract.people import person_mentions
from ofsted.extract.regex_tools import trie_alternation
from ofsted.model import Document

_MARKS = re.compile("[\"'\u201c\u201d\u2018\u2019]")
#: The marks ``_scan`` reads: ``_MARKS`` less single marks between two letters or digits
#: (``[^\W_]`` is exactly ``str.isalnum``), which ``_classify`` calls apostrophes anyway.
_SCAN_MARKS = re.compile("[\"'\u201c\u201d\u2018\u2019](?!(?<=[^\\W_]['\u2018\u2019])[^\\W_])")
_LINES = re.compile(r"[^\n]+")
_OPENERS_BEFORE = set(" \t([{\u2014\u2013-/\u00a0")
_SENT_PUNCT = set(".!?:;")


@dataclass(frozen=True)
class _Vocab:
    min_words: int
    grade_labels: frozenset
    ofsted_re: re.Pattern
    verb_re: re.Pattern
    verb_word_re: re.Pattern  # verb_re without its ``:\s*$`` alternative, for whole-line scans
    after_verb_re: re.Pattern
    after_subject_re: re.Pattern
    person_pronouns: frozenset
    prev_pronouns: frozenset
    pronoun_re: re.Pattern
    bullets: tuple
    term_re: re.Pattern
    participle_re: re.Pattern
    reported_finding_re: re.Pattern
    not_definite: frozenset
    heading_role_re: re.Pattern
    heading_labels: dict


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _trie(words) -> str:
    """The same alternation as ``_alt`` shaped like a trie: at each position the engine follows
    one branch per character instead of trying every word in turn (a third faster on the lines
    the cue patterns read; where one word starts another the longer still wins, as in ``_alt``)."""
    return trie_alternation([re.escape(ch) for ch in w] for w in set(words))


def _first(words) -> str:
    """A look-ahead for the first characters of some words: put before a look-behind and a long
    word list, it lets the engine pass over most positions at once (same matches)."""
    return "(?=[" + "".join(re.escape(c) for c in sorted({w[0] for w in words})) + "])"


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    v = load_rules("quotes").vocab
    verbs = _alt(v("reporting_verbs"))
    verb_trie = _trie(v("reporting_verbs"))
    pron = list(v("person_pronouns")) + list(v("body_pronouns"))
    return _Vocab(
        min_words=int(v("min_words")),
        grade_labels=frozenset(v("grade_labels")),
        # (case-insensitive: the trie is built from the lower-cased words, so that no two
        # branches differ only by case)
        ofsted_re=re.compile(rf"{_first(v('ofsted_words'))}(?<![\w\-])(?:{_trie(w.lower() for w in v('ofsted_words'))})(?![\w\-])",
                             re.IGNORECASE),
        verb_re=re.compile(rf"(?<![\w\-])(?:{verb_trie})(?![\w\-])|:\s*$"),
        verb_word_re=re.compile(rf"{_first(v('reporting_verbs'))}(?<![\w\-])(?:{verb_trie})(?![\w\-])"),
        after_verb_re=re.compile(rf"^[\s,.]*(?:{verbs})\s+"),
        after_subject_re=re.compile(
            rf"^[\s,.]*(?P<subj>[A-Z]?[\w'\u2019\- ]{{1,60}}?)(?:,[^,.;:\"\u201c\u201d]{{1,50}},)?\s+(?:{verbs})(?![\w\-])"
        ),
        person_pronouns=frozenset(v("person_pronouns")),
        prev_pronouns=frozenset(v("body_pronouns")),
        pronoun_re=re.compile(rf"{_first(pron)}(?<![\w\-])(?:{_alt(pron)})(?![\w\-'\u2019])"),
        bullets=tuple(v("bullets")),
        reported_finding_re=re.compile(
            # "that inspectors had found that", "that Ofsted's focused visit in April, which
            # examined ..., found that", "she said inspectors had found that", "plans, which
            # inspectors said were"
            rf"\b(?:that|which|as|said|says|added|explained|told (?:members|the committee|councillors)) (?:the )?(?:Ofsted['\u2019]s (?:[a-z\-]+ ){{0,2}})?(?:{_alt(v('finding_subjects'))})"
            rf"(?: in [^,.!?:;\"\u201c]{{1,30}})?(?:, (?:which|that|who) [^,.!?:;\"\u201c]{{1,120}},)? (?:had |have |has )?(?:{_alt(v('finding_verbs'))}) (?:that )?[^.!?:;]*$"
            # ". The letter found that leaders were making '...'": a sentence of its own whose subject
            # is the report, after the person named before it
            rf"|[.!?]\s+(?:[Tt]he )?(?i:{_alt(v('finding_subjects'))}) (?:also )?(?:had |has |have )?(?:{_alt(v('finding_verbs'))}) (?:that )?[^.!?:;]*$"
            # "She quoted the report, which said that leaders '...'"
            rf"|\b(?:{_alt(v('finding_subjects'))}), which (?:had |has |have )?(?:{_alt(v('finding_verbs'))}) (?:that )?[^.!?:;]*$"
            # "She quoted the report: '...'", "citing the letter: '...'"
            rf"|\b(?:quoted|quotes|quoting|cited|cites|citing|read\s+from|read\s+out\s+from)\s+(?:from\s+)?(?:the\s+|Ofsted['\u2019]s\s+)(?:{_alt(v('finding_subjects'))})\b[^.!?;\"\u201c]{{0,30}}$"
            # "drew attention to the report's description of '...'" (not "would use the report's
            # findings on help and protection to '...'": an infinitive, the speaker's own words)
            rf"|\b(?:{_alt(v('finding_subjects'))})['\u2019]s? (?:own )?(?:{_alt(v('finding_nouns'))})\b[^.!?:;\"\u201c]{{0,40}}(?<!\sto\s)$"
        ),
        term_re=re.compile(rf"(?<![\w\-])(?:{_alt(v('term_cues'))})[ \t]*[:,]?[ \t]*$", re.IGNORECASE),
        participle_re=re.compile(rf",\s*(?:{_alt(v('participles'))})(?:\s+that)?\s*:?\s*$"),
        not_definite=frozenset(v("not_definite_roles")),
        heading_role_re=re.compile(rf"(?i)\b({_alt(list(v('heading_roles')))})\b"),
        # per heading role, the header labels giving a person that role, as line-opening patterns
        heading_labels={k.lower(): tuple(re.compile(rf"(?m)^[ \t]*{re.escape(label)}[ \t]*:") for label in ls)
                        for k, ls in v("heading_roles").items()},
    )


@dataclass
class _Quote:
    open_pos: int  # position of the opening mark
    close_end: int  # position after the closing mark (or the line end)
    family: str  # "d" or "s"
    pieces: list = field(default_factory=list)  # (start, end) of quoted text per line
    removed: list = field(default_factory=list)  # positions of continuation marks to drop
    closed: bool = False


def _classify(text: str, i: int, ch: str, line_start: int, line_end: int) -> str | None:
    """'od'/'cd' open/close double, 'os'/'cs' open/close single, None for an apostrophe."""
    prev = text[i - 1] if i > line_start else " "
    nxt = text[i + 1] if i + 1 < line_end else " "
    if ch == "\u201c":
        return "od"
    if ch == "\u201d":
        return "cd"
    if ch == '"':
        if prev in _OPENERS_BEFORE or prev in "\u201c\u2018'":
            if not nxt.isspace():
                return "od"
            # "… is it really like that?'" said …": the closing mark after an inner single one
            return "cd" if prev == "'" else None
        return "cd"
    # single marks
    if prev.isalnum() and nxt.isalnum():
        return None  # apostrophe inside a word
    if ch == "\u2018":
        return "os" if not nxt.isspace() else None
    if prev in _OPENERS_BEFORE or prev in "\u201c\"":
        return "os" if (nxt.isalnum() or nxt in "\u2026.") else None
    if not prev.isspace():
        return "cs"
    return None


def scan_quotations(text: str) -> tuple[_Quote, ...]:
    """All quotations, outermost only, in text order. The analysis of a document makes this scan
    once (``Analysis.scanned_quotes``) and ``extract_quotes`` reads it from there."""
    return tuple(_scan_text(text))


def _scan_text(text: str) -> list[_Quote]:
    quotes: list[_Quote] = []
    lines = [(m.start(), m.end()) for m in _LINES.finditer(text)]
    # the marks of the whole text, found at once; a line is read only if it has one or a
    # quotation is open (most lines have neither)
    all_marks = [(m.start(), m.group(0)) for m in _SCAN_MARKS.finditer(text)]
    mark_starts = [p for p, _ch in all_marks]
    cur: _Quote | None = None
    for li, (ls, le) in enumerate(lines):
        first = bisect.bisect_left(mark_starts, ls)
        after = bisect.bisect_left(mark_starts, le, first)
        if cur is None and first == after:
            continue
        piece_start = ls if cur is not None else None
        if cur is not None:
            # continuation paragraph: skip the reopening mark
            k = ls
            while k < le and text[k].isspace():
                k += 1
            cur.removed.append(k)
            piece_start = k + 1
        marks = all_marks[first:after]
        last_cs: int | None = None  # position of the line's last closing single mark, when needed
        for pos, ch in marks:
            if cur is not None and pos < (piece_start or ls):
                continue
            kind = _classify(text, pos, ch, ls, le)
            if kind is None:
                continue
            if cur is None:
                if kind in ("od", "os"):
                    cur = _Quote(pos, pos + 1, kind[1])
                    piece_start = pos + 1
                continue
            fam = cur.family
            if kind == "c" + fam:
                if fam == "s" and _possessive_candidate(text, pos, le):
                    if last_cs is None:
                        last_cs = _last_closing_single(text, marks, ls, le)
                    if last_cs > pos:
                        continue
                cur.pieces.append((piece_start, pos))
                cur.close_end = pos + 1
                cur.closed = True
                quotes.append(cur)
                cur = None
                piece_start = None
            elif kind == "o" + fam:
                # a reopened mark after a sentence end continues the same quotation
                before = text[max(ls, pos - 3) : pos].rstrip()
                if before and before[-1] in _SENT_PUNCT:
                    cur.removed.append(pos)
        if cur is not None:
            # line ends with the quotation open: continue only into a paragraph opening with a mark
            assert piece_start is not None  # set whenever ``cur`` is
            end = le
            while end > piece_start and text[end - 1].isspace():
                end -= 1
            cur.pieces.append((piece_start, end))
            cur.close_end = end
            nxt = lines[li + 1] if li + 1 < len(lines) else None
            if nxt is not None:
                k = nxt[0]
                while k < nxt[1] and text[k].isspace():
                    k += 1
                kind = _classify(text, k, text[k], nxt[0], nxt[1]) if k < nxt[1] and text[k] in "\"'\u201c\u2018" else None
                if kind == "o" + cur.family:
                    continue
            quotes.append(cur)
            cur = None
    return quotes


def _possessive_candidate(text: str, pos: int, le: int) -> bool:
    """``inspectors' letter``: a plural possessive, if a later closing mark exists in the line."""
    if text[pos - 1 : pos] != "s" or pos + 2 >= le or text[pos + 1] != " " or not text[pos + 2].islower():
        return False
    following = text[pos + 2 : pos + 14].split(" ", 1)[0].strip(",.;:")
    return following not in _FUNCTION_WORDS


def _last_closing_single(text: str, marks, ls: int, le: int) -> int:
    """Position of the last closing single mark of a line (-1 if none).

    A mark's kind depends only on its neighbours, so one backward look per line answers "is
    there a later closing mark" for every possessive candidate (rescanning the rest of the line
    for each candidate was quadratic on lines of many marks).
    """
    for p, ch in reversed(marks):
        if ch in "'\u2019" and _classify(text, p, ch, ls, le) == "cs":
            return p
    return -1


_FUNCTION_WORDS = frozenset(
    "and that but or as to in for with which while from when because so is are was were has have had "
    "the a an of by on at into than then they it its".split()
)


def _quote_text(text: str, q: _Quote) -> tuple[str, int, int]:
    removed = set(q.removed)
    parts = []
    for s, e in q.pieces:
        if removed:
            cuts = sorted(k for k in removed if s <= k < e)
            if cuts:
                chunk = "".join(text[a + 1 : b] for a, b in zip([s - 1, *cuts], [*cuts, e]))
            else:
                chunk = text[s:e]
        else:
            chunk = text[s:e]
        chunk = " ".join(chunk.split())   # whitespace runs as one space (str.split's is \s's)
        if chunk:
            parts.append(chunk)
    body = " ".join(parts)
    start = q.pieces[0][0]
    end = q.pieces[-1][1]
    # trim whitespace at the span edges
    while start < end and (text[start].isspace() or start in removed):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    # a trailing comma before "said X" is not part of the quote
    if body.endswith(","):
        body = body[:-1].rstrip()
        end = text.rindex(",", start, end)
        while end > start and text[end - 1].isspace():
            end -= 1
    return body, start, end


# --------------------------------------------------------------------------------------------
# attribution


@dataclass(frozen=True)
class _Speaker:
    name: str
    kind: str  # "person" / "ofsted" / "org"


@dataclass
class _LineCues:
    """Cue words of one line, found once: a line's quotes all look back into the same line."""

    pron: list  # (start, end, "person_pronoun" / "prev_pronoun")
    pron_starts: list
    ofs: list  # start of each Ofsted word
    verbs: list  # start of each reporting verb (words only; a trailing colon is checked per call)


#: "I" is a speaker only as the subject of a verb of saying: '"...," I told the Board'.
#: A letter's salutation on a line of its own: "Dear Tobiah,", "Dear Ms Renshaw-Adeyemi".
_DEAR = re.compile(r"^Dear\s+(?P<title>(?:Mr|Mrs|Ms|Miss|Dr|Councillor|Cllr|Professor|Sir|Dame)\.?\s+)?"
                   r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})\s*[,:]?\s*$", re.M)
_YOU_SPEAK = re.compile(r"\b[Yy]ou\s+(?:told|said|wrote|added|explained)\b")
_I_SPEAKS = re.compile(r"\s+(?:told|said|say|wrote|added|asked|explained|argued|put\s+it)\b")


class _Context:
    def __init__(self, text: str, people_rows: list[dict], mentions: list[OrgMention]):
        self.text = text
        self.people = {r["name"]: r for r in people_rows}
        self.pm = person_mentions(text, people_rows, _vocab().not_definite)
        self.pm_starts = [p[0] for p in self.pm]
        self.orgs = [m for m in mentions]
        self.org_starts = [m.start for m in self.orgs]
        # (a body spoken to is no speaker: "She told Frontline Practice Today: ...")
        cue_orgs = [m for m in self.orgs if m.org_type in _CUE_ORG_TYPES and m.rule != "la_place"
                    and not _addressee(text, m.start)]
        self.cue_orgs = cue_orgs
        self.cue_org_starts = [m.start for m in cue_orgs]
        ofsted_orgs = [m for m in cue_orgs if m.name == "Ofsted"]
        self.ofsted_orgs = ofsted_orgs
        self.ofsted_org_starts = [m.start for m in ofsted_orgs]
        self.quote_starts: list[int] = []
        self.quote_ends: list[int] = []
        self._outside: list[int] | None = None
        self._lines: dict[int, _LineCues] = {}
        self._addressee: str | None = None
        self._addressee_known = False

    def signer(self) -> str | None:
        """The person who signs the text off (rule ``people.sign_off``), when one does."""
        found = [name for name, r in self.people.items() if r.get("rule") == "people.sign_off"]
        return found[-1] if len(found) == 1 else None

    def addressee(self) -> str | None:
        """The one person of the document a letter's salutation names ("Dear Tobiah,", "Dear Ms
        Renshaw-Adeyemi"): by full name, first name or surname."""
        if self._addressee_known:
            return self._addressee
        self._addressee_known = True
        m = _DEAR.search(self.text) if "Dear " in self.text else None
        if m is None:
            return None
        words = m.group("name").split()
        found = [name for name in self.people if name == m.group("name") or (
            name.split() and (name.split()[0] == words[0] if len(words) == 1 and not m.group("title") else name.split()[-1] == words[-1]))]
        self._addressee = found[0] if len(found) == 1 else None
        return self._addressee

    def set_quotes(self, starts: list[int], ends: list[int]) -> None:
        self.quote_starts, self.quote_ends = starts, ends
        self._outside = None

    def line_cues(self, ls: int, le: int, vocab: _Vocab) -> _LineCues:
        """Pronouns, Ofsted words and verbs of the line ``ls:le``, matched once per line.

        A segment looked into always starts at the line start or just after a closing quotation
        mark and ends at an opening mark or the line end, so the line's matches that lie inside
        a segment are exactly the matches of the segment on its own.
        """
        cues = self._lines.get(ls)
        if cues is None:
            text = self.text
            pron = []
            for m in vocab.pronoun_re.finditer(text, ls, le):
                word = m.group(0)
                if word in ("I", "You", "you") and not _I_SPEAKS.match(text, m.end()):
                    continue   # "lines from the report that I would like you to hear:": not the speaker
                pron.append((m.start(), m.end(), "person_pronoun" if word in vocab.person_pronouns else "prev_pronoun"))
            cues = _LineCues(
                pron=pron,
                pron_starts=[c[0] for c in pron],
                ofs=[m.start() for m in vocab.ofsted_re.finditer(text, ls, le) if not _addressee(text, m.start())],
                verbs=[m.start() for m in vocab.verb_word_re.finditer(text, ls, le)],
            )
            self._lines[ls] = cues
        return cues

    def last_person_in(self, s: int, e: int):
        """The last person mention lying inside ``s:e``."""
        i = bisect.bisect_left(self.pm_starts, e) - 1
        while i >= 0 and self.pm[i][0] >= s:
            if self.pm[i][1] <= e:
                return self.pm[i]
            i -= 1
        return None

    def persons_in(self, s: int, e: int):
        i = bisect.bisect_left(self.pm_starts, s)
        out = []
        while i < len(self.pm) and self.pm[i][0] < e:
            if self.pm[i][1] <= e:
                out.append(self.pm[i])
            i += 1
        return out

    def last_person_before(self, pos: int):
        """The last person named before ``pos`` outside quotation marks."""
        if self._outside is None:
            # for each mention, the index of the last mention up to it outside quotation marks
            outside, last = [], -1
            for i, p in enumerate(self.pm):
                j = bisect.bisect_right(self.quote_starts, p[0]) - 1
                if j < 0 or self.quote_ends[j] <= p[0]:
                    last = i
                outside.append(last)
            self._outside = outside
        i = bisect.bisect_left(self.pm_starts, pos) - 1
        if i < 0 or self._outside[i] < 0:
            return None
        return self.pm[self._outside[i]]

    def is_role_mention(self, p) -> bool:
        """Whether a person mention is a definite role description ("the Director", "its chief
        executive")."""
        return self.text[p[0] : p[0] + 4].lower() in ("the ", "its ")

    def outside_quotes(self, pos: int) -> bool:
        j = bisect.bisect_right(self.quote_starts, pos) - 1
        return j < 0 or self.quote_ends[j] <= pos

    def pronoun_antecedent(self, pos: int):
        """The person a "he"/"she" at ``pos`` refers to: the last person named before it outside
        quotation marks, unless a title gives that mention the other gender ("Ms Castellaw ...
        he told me"); then the subject of that sentence, the first person it names."""
        p = self.last_person_before(pos)
        if p is None:
            return None
        sent0 = _sentence_start(self.text, self.text.rfind("\n", 0, p[0]) + 1, p[0])
        if (fm := _FRONTED_ASKER.match(self.text, sent0)) is not None and p[1] <= fm.end() <= pos:
            # "In response to a question from Councillor X about recruitment, she said ... . She
            # added: ...": the one asking is no subject; "she" is the person named before that sentence
            p = self.last_person_before(sent0) or p
        word = self.text[pos : pos + 3].lower().rstrip()
        title = self.text[p[0] : p[1]].split(" ", 1)[0].rstrip(".")
        other = _FEMALE_TITLES if word == "he" else _MALE_TITLES if word == "she" else frozenset()
        if title not in other:
            return p
        sent = max(self.text.rfind(". ", 0, p[0]), self.text.rfind("\n", 0, p[0])) + 1
        for q in self.persons_in(sent, p[0]):
            if q[2] != p[2] and self.text[q[0] : q[1]].split(" ", 1)[0].rstrip(".") not in other:
                return q
        return p

    def orgs_in(self, s: int, e: int):
        i = bisect.bisect_left(self.org_starts, s)
        out = []
        while i < len(self.orgs) and self.orgs[i].start < e:
            if self.orgs[i].end <= e:
                out.append(self.orgs[i])
            i += 1
        return out


#: A fronted phrase naming who asked, before the sentence's subject: "In response to a question from
#: Councillor X about recruitment, ", "Asked by X whether ..., ".
_FRONTED_ASKER = re.compile(r"\s*(?:In\s+(?:response|reply|answer)\s+to|Responding\s+to|Replying\s+to|Asked\s+by|Questioned\s+by|Pressed\s+by)\b[^.;:\n]*?,\s*")
_DOUBLE_MARK = re.compile("[\"\u201c\u201d]|(?:^|\\s)['\u2018]")
_FEMALE_TITLES = frozenset({"Ms", "Mrs", "Miss", "Dame", "Lady", "Baroness"})
_MALE_TITLES = frozenset({"Mr", "Sir", "Lord"})
_SIGNATURE_DASH = re.compile("[ \t]*[-\u2013\u2014][ \t]*")
_SENTENCE_STOP = re.compile(r"[.!?;:](?:\s|$)")
_CUE_ORG_TYPES = frozenset({"regulator", "local_authority", "provider", "government", "other"})
_OFSTED: _Speaker  # set below, once _Speaker exists


def _last_before(starts: list, s: int, limit: int) -> int:
    """Index of the last start in ``s:limit`` (starts sorted), else -1."""
    i = bisect.bisect_left(starts, limit) - 1
    return i if i >= 0 and starts[i] >= s else -1


#: What may stand between a body and its speech verb: "The council has also said", "A Department
#: for Education spokesperson said" (a body's spokesperson speaks for the body).
_SUBJECT_GAP = re.compile(r"(?:['\u2019]s?)?\s*(?:(?:spokesperson|spokesman|spokeswoman|press\s+office|(?:[A-Z][\w\-]+\s+){0,3}branch"
                          r"|(?:official\s+|written\s+)?(?:response|statement|reply))\s*)?"   # "The council's response, issued on Monday, said"
                          r"(?:,\s*(?:which|who|issued|published|released|sent)\s[^,.;:\"\u201c\u201d]{1,120},\s*)?"   # ", which supports parents ...,"
                          r"(?:\w+ly\s+|has\s+|have\s+|had\s+|also\s+|then\s+)*")


def _is_subject_gap(text: str, pos: int, gap: str) -> bool:
    """Whether ``gap``, between a body named at ``pos`` and the next reporting verb, leaves the body
    that verb's subject; a name set off by commas is in apposition to it ("A charity that
    supports families in the city, Trentside Family Voices, said", "a think tank focusing on public
    services, the Centre for Urban Childhood, said")."""
    if gap.strip() == "," and (text[max(0, pos - 2):pos] == ", " or text[max(0, pos - 6):pos] == ", the "):
        return True   # (", the Centre for Urban Childhood, said": with its article)
    return _SUBJECT_GAP.fullmatch(gap) is not None


def _org_speaker(m: OrgMention) -> _Speaker:
    if m.name == "Ofsted":
        return _Speaker("Ofsted", "ofsted")
    if m.org_type == "local_authority" and m.form and m.form[0].isupper() and m.form.endswith(("Council", "Trust")):
        return _Speaker(m.form, "org")   # the council as the text names it ("Trafford Council said")
    return _Speaker(m.name, "org")


def _nearest_cue(ctx: _Context, cues: _LineCues, s: int, e: int, lim: int) -> Any:
    """For ``_speaker_before``: the cue in ``s:e`` starting last before ``lim``: (start, end, cue);
    orgs win ties, then Ofsted words. (A module function: a compiled nested function and its
    closure refer to each other, a cycle that waits for the collector.)"""
    best: Any = None
    i = _last_before(cues.pron_starts, s, lim)
    if i >= 0:
        best = cues.pron[i]
    i = _last_before(cues.ofs, s, lim)
    if i >= 0 and (best is None or cues.ofs[i] >= best[0]):
        best = (cues.ofs[i], None, _OFSTED)
    i = _last_before(ctx.cue_org_starts, s, lim)
    while i >= 0 and ctx.cue_orgs[i].end > e:
        i -= 1
        if i >= 0 and ctx.cue_orgs[i].start < s:
            i = -1
    if i >= 0 and (best is None or ctx.cue_orgs[i].start >= best[0]):
        m = ctx.cue_orgs[i]
        best = (m.start, m.end, _org_speaker(m))
    return best


def _speaker_before(ctx: _Context, s: int, e: int, ls: int, le: int, last: _Speaker | None, vocab: _Vocab,
                    why: set | None = None) -> _Speaker | None:
    """The speaker named in ``s:e`` (inside the line ``ls:le``) before a quotation.

    The same answer as ``_speaker_at(..., after=False)``, found by bisection in the line's cues
    rather than by matching the segment again: a line of many quotations without a speaker looks
    back over the whole line for each, which was quadratic.
    """
    text = ctx.text
    why = set() if why is None else why
    part = vocab.participle_re.search(text[max(s, e - 60) : e])
    if part is not None:
        # "..., adding: '...'": the participle's subject is the sentence's, not the nearest cue
        # ("The council said it was 'disappointed' after Ofsted marked it down, adding: '...'")
        at = max(s, e - 60) + part.start()
        if s > ls and last is not None:
            why.add("quotes.participle")
            return last
        ss = max(s, _sentence_start(text, ls, at))
        speaker = _speaker_at(ctx, ss, at, last, vocab, True, why)
        if speaker is not None:
            why.add("quotes.participle")
            return speaker
    if s == ls and text[s:s + 1].isupper():
        lab = _SPEAKER_LABEL.fullmatch(text, s, e)
        if lab is not None:
            who = _label_person(ctx, lab.group("name"))
            if who is not None:
                # a script's or transcript's label: "GRAHAM TULLIVER-NASH: "..."", "CLLR CASTLEFORD-BRAE: "...""
                why.add("quotes.speaker_label")
                return _Speaker(who, "person")
    p = ctx.last_person_in(s, e)
    if p is not None and (fm := _FRONTED_ASKER.match(text, _sentence_start(text, ls, p[0]))) is not None \
            and p[1] <= fm.end() and vocab.pronoun_re.search(text, fm.end(), e) is not None:
        # "In response to a question from Councillor X about recruitment, she said ... . She added:
        # '...'": the one asking is no subject; "she" is the person named before
        q = ctx.pronoun_antecedent(fm.end())
        if q is not None and q[2] != p[2]:
            why.add("quotes.pronoun")
            return _Speaker(q[2], "person")
    if p is not None:
        if _SIGNED_BY.search(text, max(s, p[0] - 90), p[0]) and _ASIDE_THEN_VERB.match(text, p[1]):
            # "The letter, signed by the lead inspector, X, says: '...'": the letter speaks
            why.add("quotes.ofsted_words")
            return _OFSTED
        # "the Director said that inspectors had found that leaders '...'": the report's words
        if vocab.reported_finding_re.search(text, p[1], e):
            why.add("quotes.reported_finding")
            return _OFSTED
        if (ss := _sentence_start(text, ls, e)) > p[1] and ss > s \
                and vocab.ofsted_re.search(text, ss, e) and not _PERSON_WORD.search(text, ss, e):
            # "The letter, signed by His Majesty's Inspector X, was published on Tuesday. Among its
            # findings: '...'": a sentence of its own after the person's, about the report, is the report's
            why.add("quotes.ofsted_words")
            return _OFSTED
        if (to := ctx.addressee()) is not None and _YOU_SPEAK.search(text, max(p[1], e - 200), e) \
                and _sentence_start(text, ls, e) > p[1]:
            # "... with your Director of Children's Services, X. ... You told me then that '...'" in a
            # letter: the person addressed speaks, not the one named in the sentence before
            why.add("quotes.pronoun")
            return _Speaker(to, "person")
        why.add("quotes.speaker_before")
        if ctx.is_role_mention(p):
            why.add("quotes.role_anaphora")
        return _Speaker(p[2], "person")
    cues = ctx.line_cues(ls, le, vocab)
    verbs = cues.verbs
    # ":" ending the segment is a verb too ("Inspectors found:")
    k = e
    while k > s and text[k - 1].isspace():
        k -= 1
    colon = k - 1 if k > s and text[k - 1] == ":" else None
    vi = _last_before(verbs, s, e)
    limit = colon if colon is not None else (verbs[vi] if vi >= 0 else e)

    lim = limit
    best = _nearest_cue(ctx, cues, s, e, lim)
    if best is None and lim != e:
        lim = e
        best = _nearest_cue(ctx, cues, s, e, lim)
    if best is None:
        return None
    pos, cend, cue = best
    if vi < 0 and colon is None and _possessive_its(text, pos, cend, cue):
        return None
    if isinstance(cue, _Speaker) and cue.kind == "org" and (
            rel := _OPEN_RELATIVE.search(text, _sentence_start(text, ls, pos), pos)) is not None:
        # "A spokesperson for the charity Next Door Steps, which works with young people in the
        # borough, said:": a body inside the relative clause is not the subject; the one before it is
        earlier = _nearest_cue(ctx, cues, s, e, rel.start())
        if earlier is not None and isinstance(earlier[2], _Speaker) and earlier[2].kind == "org":
            pos, cend, cue = earlier
    if isinstance(cue, _Speaker) and cue.kind == "org":
        # a council or trust speaks only as the verb's subject ("The council said: ...")
        i = bisect.bisect_left(verbs, cend)
        if i < len(verbs) and verbs[i] < e:
            next_verb = verbs[i]
        else:
            next_verb = colon if colon is not None and colon >= cend else None
        gap = text[cend:next_verb] if next_verb is not None else "x"
        if not _is_subject_gap(text, pos, gap):
            # the last Ofsted word (or Ofsted named) among the cues considered
            i = _last_before(cues.ofs, s, lim)
            j = _last_before(ctx.ofsted_org_starts, s, lim)
            while j >= 0 and ctx.ofsted_orgs[j].end > e:
                j -= 1
                if j >= 0 and ctx.ofsted_orgs[j].start < s:
                    j = -1
            if i < 0 and j < 0:
                ss = _sentence_start(text, ls, cend)
                opener = _PRONOUN_OPENER.match(text, ss)
                if opener is not None and _AND_VERB_GAP.fullmatch(gap):
                    # "He thanked staff across Kirklees Council and ..., and said: '...'": the body
                    # is the first verb's object; the pronoun opening the sentence says it
                    return _speaker_at(ctx, ss, opener.end(), last, vocab, True, why)
                return None
            why.add("quotes.ofsted_words")
            return _OFSTED
    return _resolve_cue(ctx, pos, cue, last, why)


#: A word that points to a person: "Her letter to the council ... notes" is the inspector's.
_PERSON_WORD = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er|[Hh]im|[Tt]hey|[Tt]heir|I|[Ww]e|[Oo]ur|[Mm]y)\b")
#: A relative clause opened after a comma and not yet closed: ", which works with young people in the".
_OPEN_RELATIVE = re.compile(r",\s*(?:which|who)\s[^,.;:\"\u201c\u201d]{0,120}$")
#: A sentence opening on a person's pronoun: "He thanked ...".
_PRONOUN_OPENER = re.compile(r"\s*(?:He|She)\b")
#: Between an object and a second reporting verb: ", and ", " and ".
_AND_VERB_GAP = re.compile(r",?\s+and\s+(?:then\s+|also\s+)?")


#: A participle after a quotation, then "that": ", adding that", ", saying that", ", noting that".
_PARTICIPLE_THAT = re.compile(r"[\s,.]*[a-z]+ing\s+that\b")


#: A report or letter as the subject, its signer in an aside: "The letter, signed by the lead inspector, ",
#: "The letter, signed by lead inspector ".
_SIGNED_BY = re.compile(r"\b[Tt]he\s+(?:letter|report)\s*,\s*(?:signed|written|sent)\s+by\s+(?:[^,.;:]{0,50}(?:,\s*|\s))?$")
#: The aside closing and the report's verb after it: ", says:".
_ASIDE_THEN_VERB = re.compile(r",\s*(?:says|said|states|stated|notes|noted|adds|added|concludes|concluded)\b")


#: Words before an Ofsted word that make the inspectors the ones spoken to: "who told the inspectors:".
_TO_INSPECTORS = re.compile(r"\b(?:told|tell|tells|telling|met|meet|meets|meeting|(?:said|speak|speaks|spoke|spoken|speaking|talk|talks|talked|talking|explained)\s+to)\s+(?:the\s+)?$", re.I)


def _addressee(text: str, pos: int) -> bool:
    """Whether the Ofsted word at ``pos`` is spoken to, not speaking ("Deniz, who told the inspectors: ...",
    "the young people who wanted to speak to inspectors")."""
    return _TO_INSPECTORS.search(text, max(0, pos - 24), pos) is not None


#: A speaker's label opening a line, in capitals: "GRAHAM TULLIVER-NASH:", "CLLR CASTLEFORD-BRAE (V/O):".
_SPEAKER_LABEL = re.compile(r"\s*(?:(?:CLLR|COUNCILLOR|DR|MR|MRS|MS|MISS|PROF)\.?\s+)?"
                            r"(?P<name>[A-Z][A-Z’'-]+(?:\s+[A-Z][A-Z’'-]+){0,3})(?:\s+\([^)\n]{1,30}\))?\s*:\s*")


def _label_person(ctx: _Context, label: str) -> str | None:
    """The one person of the document whose surname (and first name, when the label has two
    words or more) the label spells in capitals."""
    words = label.split()
    found = [name for name in ctx.people
             if name.split() and name.split()[-1].upper() == words[-1]
             and (len(words) == 1 or name.split()[0].upper() == words[0])]
    return found[0] if len(found) == 1 else None


def _resolve_cue(ctx: _Context, pos: int, cue, last: _Speaker | None, why: set) -> _Speaker | None:
    """The speaker a cue stands for: a pronoun's antecedent, a body, or Ofsted for a report word."""
    if cue == "person_pronoun":
        why.add("quotes.pronoun")
        if ctx.text.startswith("I ", pos):
            # '"...," I told the Board's development day.' in a signed report: its signer, else nobody
            signer = ctx.signer()
            return _Speaker(signer, "person") if signer is not None else None
        if ctx.text.startswith(("You ", "you "), pos):
            # 'You told me then that "..."' in a letter: the person it is addressed to ("Dear
            # Tobiah,"), else nobody
            to = ctx.addressee()
            return _Speaker(to, "person") if to is not None else None
        p = ctx.pronoun_antecedent(pos)
        body = _spokesperson_body(ctx, p[1] if p is not None else max(0, pos - 400), pos)
        if body is not None:
            # "A spokesperson for the charity X, ..., said families had noticed the change. "...,"
            # she said.": the body's spokesperson, named after the last person, speaks for it
            why.add("quotes.spokesperson_for")
            return body
        if p is not None:
            if ctx.is_role_mention(p):
                why.add("quotes.role_anaphora")
            return _Speaker(p[2], "person")
        return last if last is not None and last.kind == "person" else None
    if cue == "prev_pronoun":
        why.add("quotes.pronoun")
        return _neuter(last)
    if cue.kind == "ofsted" and _THE_LETTER.match(ctx.text, pos):
        writer = _letter_writer(ctx, pos)
        if writer is None and _MINISTERS_LETTER.search(ctx.text, max(0, pos - 60), pos):
            # "The Minister's covering letter to the chief executive said that ...": the
            # department the text names is the letter's writer, not Ofsted
            dept = next((o for o in reversed(ctx.orgs_in(0, pos)) if o.org_type == "government"), None)
            writer = _org_speaker(dept) if dept is not None else None
        if writer is not None:
            # "the Department for Education wrote to the Chief Executive ... The letter states: ...":
            # the letter is the body's that wrote it, not Ofsted's
            why.add("quotes.letter_writer")
            return writer
    why.add("quotes.ofsted_words" if cue.kind == "ofsted" else "quotes.org_subject")
    return cue


#: An Ofsted word that is "the letter" (whose writer may be another body).
_THE_LETTER = re.compile(r"(?:[Tt]he )?letter")
#: After a body's name, its writing a letter: " wrote to", " has written to", "'s letter".
_WROTE_AFTER = re.compile(r"\s+(?:has\s+|had\s+|also\s+)?(?:wrote|written|writes)\b|['\u2019]s\s+letter\b")
#: Right before "letter": a minister's ("The Minister's covering letter", "the Secretary of State's letter").
_MINISTERS_LETTER = re.compile(r"\b(?:Minister|Secretary\s+of\s+State)['\u2019]s\s+(?:[a-z]+\s+)?$")
#: Before a body's name: "a letter from the".
_LETTER_FROM = re.compile(r"\bletter\s+from\s+(?:the\s+)?(?:(?:Minister|Secretary)[\w ]{0,30}?\s+(?:at|of|for|in)\s+)?(?:the\s+)?$")


def _letter_writer(ctx: _Context, pos: int) -> _Speaker | None:
    """The body named last as a letter's writer before ``pos`` ("the Department for Education wrote
    to ...", "a letter from the Secretary of State"), when it is not Ofsted; else None."""
    text = ctx.text
    for o in reversed(ctx.orgs_in(max(0, pos - 2500), pos)):
        if _WROTE_AFTER.match(text, o.end) or _LETTER_FROM.search(text, max(0, o.start - 70), o.start):
            return None if o.name == "Ofsted" else _org_speaker(o)
    return None


#: An unnamed spokesperson of a body, said before its name: "A spokesperson for the charity X".
_SPOKESPERSON_FOR = re.compile(r"\b(?:[Aa]|[Tt]he)\s+(?:spokesperson|spokesman|spokeswoman)\s+for\s+")
#: The word, with the body's name before it or after "for": "A Somerset County Council spokesperson".
_SPOKESPERSON_WORD = re.compile(r"\b(?:spokesperson|spokesman|spokeswoman)\b(?P<for>\s+for\s+)?")
#: The subject after a quotation: "the spokesperson" ('"...," the spokesperson added').
_THE_SPOKESPERSON = re.compile(r"\s*the\s+(?:spokesperson|spokesman|spokeswoman)\b", re.I)


def _role_before_person(text: str, s: int, e: int, vocab: _Vocab) -> bool:
    """Whether ``text[s:e]`` is only a role put before a person's name, ending in a comma
    ("Croydon's cabinet member for children, young people and learning, Councillor"): no verb,
    no quotation mark, no sentence end."""
    gap = text[s:e]
    return (len(gap) <= 100 and "," in gap and not _SENTENCE_STOP.search(gap) and not _DOUBLE_MARK.search(gap)
            and not vocab.verb_word_re.search(gap))


#: A spokesperson of no named body as the subject of the reporting verb: "A spokesperson said:".
_BARE_SPOKESPERSON = re.compile(r"(?:^|(?<=\n)|(?<=[.!?]\s))(?:A|The)\s+(?:spokesperson|spokesman|spokeswoman)\s+"
                                r"(?:for\s+the\s+(?:department|ministry|association|organisation|charity|union)\s+)?"   # the body by its kind
                                r"(?:\w+ly\s+|also\s+)?(?:said|says|added|adds)\b")


def _body_before(ctx: _Context, text: str, pos: int) -> _Speaker | None:
    """The body the sentence before ``pos`` opens on, in the same paragraph ("The Local Government
    Association, which has advised several councils ..., said changes of model should be handled
    carefully. A spokesperson said: ..."), or None."""
    para = max(text.rfind("\n", 0, pos), 0)
    end = text.rfind(". ", para, pos)
    if end == -1 or text[end + 2:pos].strip():
        return None
    start = max(text.rfind(". ", para, end) + 2, para)
    orgs = [o for o in ctx.orgs_in(start, end) if o.rule != "la_place"]
    if not orgs or ctx.persons_in(start, orgs[0].start):
        return None
    return _org_speaker(orgs[0])


def _spokesperson_body(ctx: _Context, start: int, pos: int, named_before: bool = False) -> _Speaker | None:
    """The body whose unnamed spokesperson is the last speaker between ``start`` and ``pos`` in one
    paragraph ("A spokesperson for the charity Humber Family Advocates ... said"), or None; with
    ``named_before``, in the paragraphs before too, and the body may be named before the word ("A
    Somerset County Council spokesperson said ...")."""
    para = ctx.text.rfind("\n\n", start, pos)
    if para != -1 and not named_before:
        start = para
    last = None
    for last in (_SPOKESPERSON_WORD if named_before else _SPOKESPERSON_FOR).finditer(ctx.text, start, pos):
        pass
    if last is None:
        return None
    if named_before and last.group("for") is None:
        orgs = [o for o in ctx.orgs_in(max(0, last.start() - 80), last.start()) if last.start() - o.end <= 4]
        return _org_speaker(orgs[-1]) if orgs else None
    orgs = [o for o in ctx.orgs_in(last.end(), min(pos, last.end() + 40)) if o.start - last.end() <= 30]
    return _org_speaker(orgs[0]) if orgs else None


def _neuter(last: _Speaker | None) -> _Speaker:
    """ "it"/"they": the body that spoke last, never a person ("They warned that ...": inspectors)."""
    return last if last is not None and last.kind != "person" else _OFSTED


def _speaker_at(ctx: _Context, s: int, e: int, last: _Speaker | None, vocab: _Vocab, after: bool,
                why: set | None = None) -> _Speaker | None:
    """The speaker a stretch of text names: a person, a pronoun, an organisation or a report word.

    Used for the short stretch after a quotation; before a quotation ``_speaker_before`` gives the
    same answer as ``after=False`` here (the plain statement of the rule, kept for the tests that
    check the two agree) without matching the stretch again for every quotation of a line.
    """
    text = ctx.text
    why = set() if why is None else why
    seg = text[s:e]
    persons = ctx.persons_in(s, e)
    if persons:
        p = persons[0] if after else persons[-1]
        if not after and _SIGNED_BY.search(text, max(s, p[0] - 90), p[0]) and _ASIDE_THEN_VERB.match(text, p[1]):
            why.add("quotes.ofsted_words")   # "The letter, signed by the lead inspector, X, says: '...'"
            return _OFSTED
        if not after and vocab.reported_finding_re.search(text, p[1], e):
            # "the Director said that inspectors had found that leaders '...'": the report's words
            why.add("quotes.reported_finding")
            return _OFSTED
        if not after and (ss := _sentence_start(text, text.rfind("\n", 0, e) + 1, e)) > p[1] and ss > s \
                and vocab.ofsted_re.search(text, ss, e) and not _PERSON_WORD.search(text, ss, e):
            why.add("quotes.ofsted_words")   # a sentence of its own after the person's, about the report
            return _OFSTED
        if ctx.is_role_mention(p):
            why.add("quotes.role_anaphora")
        return _Speaker(p[2], "person")
    # cues: pronouns, Ofsted words, organisations -> nearest to the verb
    cues: list[tuple[int, int, _Speaker | str]] = []
    for pm in vocab.pronoun_re.finditer(seg):
        word = pm.group(0)
        if word in ("I", "You", "you") and not _I_SPEAKS.match(seg, pm.end()):
            continue
        kind = "person_pronoun" if word in vocab.person_pronouns else "prev_pronoun"
        cues.append((s + pm.start(), s + pm.end(), kind))
    for om in vocab.ofsted_re.finditer(seg):
        if not _addressee(ctx.text, s + om.start()):
            cues.append((s + om.start(), s + om.end(), _Speaker("Ofsted", "ofsted")))
    for m in ctx.orgs_in(s, e):
        if m.org_type in ("regulator", "local_authority", "provider", "government") and m.rule != "la_place" \
                and not _addressee(text, m.start):
            cues.append((m.start, m.end, _org_speaker(m)))
    if not cues and after and _THE_SPOKESPERSON.match(seg):
        # '"...," the spokesperson added.' after "A Somerset County Council spokesperson said ...":
        # the body that spokesperson speaks for
        body = _spokesperson_body(ctx, max(0, s - 600), s, named_before=True)
        if body is not None:
            why.add("quotes.spokesperson_for")
        return body
    if not cues:
        return None
    cues.sort(key=lambda c: c[0])
    if after:
        pos, _, cue = cues[0]
    else:
        # the subject of the last reporting verb: the nearest cue before it
        verbs = [s + vm.start() for vm in vocab.verb_re.finditer(seg)]
        limit = verbs[-1] if verbs else e
        before = [c for c in cues if c[0] < limit] or cues
        pos, cend, cue = before[-1]
        if not verbs and _possessive_its(text, pos, cend, cue):
            return None
        if isinstance(cue, _Speaker) and cue.kind == "org":
            # a council or trust speaks only as the verb's subject ("The council said: ...")
            next_verb = next((v for v in verbs if v >= cend), None)
            gap = text[cend:next_verb] if next_verb is not None else "x"
            if not _is_subject_gap(text, pos, gap):
                ofs = [c for c in before if isinstance(c[2], _Speaker) and c[2].kind == "ofsted"]
                if not ofs:
                    return None
                pos, cend, cue = ofs[-1]
    return _resolve_cue(ctx, pos, cue, last, why)


_OFSTED = _Speaker("Ofsted", "ofsted")


def _possessive_its(text: str, pos: int, end: int | None, cue: object) -> bool:
    """Whether the cue at ``pos:end`` is "its", which, with no verb of saying in the segment,
    speaks for nobody ("... when the council draws up its improvement plan, and would oppose any
    attempt to '...'"); both speaker rules ask it (a pronoun cue always has its end)."""
    return cue == "prev_pronoun" and text[pos:end] in ("its", "Its")


def _is_bullet(line: str, vocab: _Vocab) -> bool:
    stripped = line.lstrip()
    return stripped.startswith(vocab.bullets) or bool(_NUMBERED.match(stripped))


_NUMBERED = re.compile(r"\d+[.)]\s")
_NEWLINE = re.compile("\n")
_NON_SPACE = re.compile(r"\S")


def _line_is_bullet(text: str, ls: int, open_pos: int, memo: dict, vocab: _Vocab) -> bool:
    """``_is_bullet(text[ls : open_pos + 1])``, decided once per line.

    The mark at ``open_pos`` is not a space, a bullet or a digit, so the answer is the line's
    own unless the mark is the line's first non-space character.
    """
    first = memo.get(ls)
    if first is None:
        m = _NON_SPACE.search(text, ls)
        p = m.start() if m else len(text)
        first = memo[ls] = (p, text.startswith(vocab.bullets, p) or bool(_NUMBERED.match(text, p)))
    return first[0] < open_pos and first[1]


def _first_non_space(text: str, ls: int, memo: dict) -> int:
    p = memo.get(ls)
    if p is None:
        m = _NON_SPACE.search(text, ls)
        p = memo[ls] = m.start() if m else len(text)
    return p


def _lead_in(text: str, k: int, memo: dict, vocab: _Vocab) -> tuple[int, int] | None:
    """The last non-blank, non-bullet line ending at or before the line break ``k``.

    Every bullet of a list walks back over the same lines, so the answer is remembered for each
    line break passed (walking back from each bullet anew was quadratic in long lists).
    """
    passed = []
    found = None
    while k > 0:
        if k in memo:
            found = memo[k]
            break
        passed.append(k)
        ps = text.rfind("\n", 0, k) + 1
        line = text[ps:k]
        if line.strip() and not _is_bullet(line, vocab):
            found = (ps, k)
            break
        k = ps - 1
    for p in passed:
        memo[p] = found
    return found


_ATTRIBUTION_STOP = re.compile(r"[.:;!?]\s|[.:;!?]$|\s[\"\u201c\u2018]")
_NOT_WORD_OR_SPACE = re.compile(r"[^\w ]")


#: A written question's label naming who asks it, at a line's start.
_ASKER_LABEL = re.compile(r"(?m)^[ \t]*(?:Asked\s+by|Question\s+(?:from|by)|From)\b[ \t]*:?[ \t]*")


def _asker(ctx: _Context, text: str, line_start: int) -> _Speaker | None:
    """The person a written question's label names in the three lines above its paragraph
    ("Asked by: Councillor X", "From Cllr X to the Cabinet Member for ..."): the first person on
    the label's line (rule ``quotes.asker``), or None."""
    lo = line_start
    for _ in range(4):
        lo = text.rfind("\n", 0, max(0, lo - 1)) + 1
        if lo == 0:
            break
    for lm in _ASKER_LABEL.finditer(text, lo, line_start):
        end = text.find("\n", lm.end())
        end = end if end != -1 and end < line_start else line_start
        if '"' in text[lm.end():end] or "\u201c" in text[lm.end():end]:
            continue
        found = ctx.persons_in(lm.end(), end)
        if found and found[0][0] - lm.end() <= 14:
            return _Speaker(found[0][2], "person")
    return None


#: A heading giving the words under it to the inspectors: "What inspectors said", "What Ofsted found".
_INSPECTORS_HEADING = re.compile(r"(?i)what\s+(?:the\s+)?(?:inspectors|ofsted|(?:inspection\s+)?report|letter)\s+"
                                 r"(?:said|says|say|found|finds|find|wrote|writes)")


def _heading_role_speaker(ctx: _Context, text: str, line_start: int, vocab: _Vocab) -> _Speaker | None:
    """The person a short heading right above the paragraph names by a role, through the header
    label that gives it ("Comment from the report author" over the quote; "Report of: Strategic
    Director, People (Isadora Penhaligon-Ude)" above), or None."""
    end = line_start - 1
    while end > 0 and text[end - 1] in " \t\n":
        end -= 1
    start = text.rfind("\n", 0, end) + 1
    heading = text[start:end].strip()
    if not heading or len(heading) > 60 or heading[-1] in ".!?:\"\u201d":
        return None
    if _INSPECTORS_HEADING.fullmatch(heading):
        return _OFSTED   # "What inspectors said" over the quotation: the report's words
    hm = vocab.heading_role_re.search(heading)
    if hm is None:
        return None
    for label_re in vocab.heading_labels[hm.group(1).lower()]:
        lm = label_re.search(text)
        if lm is None:
            continue
        line_end = text.find("\n", lm.end())
        found = ctx.persons_in(lm.end(), line_end if line_end != -1 else len(text))
        if found:
            return _Speaker(found[0][2], "person")
    return None


def extract_quotes(doc: Document, people_rows: list[dict], mentions: list[OrgMention],
                   scanned: tuple[_Quote, ...] | None = None) -> list[dict]:
    """One row per direct quotation of four words or more, with its speaker (``scanned``: the
    document's quotations as the analysis found them; scanned here when not given).

    >>> from ofsted.model import Document
    >>> t = "\\u201cIt was hard, but we did it,\\u201d she said. Ofsted rated it \\u2018good\\u2019."
    >>> [q["text"] for q in extract_quotes(Document("d", "p", t, "0"), [], [])]
    []
    >>> t = "The report said services had \\u2018improved in every single area\\u2019."
    >>> [(q["speaker"], q["text"], q["start_char"], q["end_char"]) for q in extract_quotes(Document("d", "p", t, "0"), [], [])]
    [('Ofsted', 'improved in every single area', 30, 59)]
    """
    return [row for row, _rules in read_quotes(doc.text, people_rows, mentions, scanned=scanned)]


@lru_cache(maxsize=1)
def _area_names() -> frozenset[str]:
    """Every name of a judgement area the mentions vocabulary lists, in lower case."""
    return frozenset(name.lower() for names in load_rules("mentions").vocab("areas").values() for name in names)


def _is_area_name(body: str) -> bool:
    """Whether a quotation is the name of a judgement area and nothing else ("leadership,
    management and governance"): a term, no one's words."""
    return len(body) <= 120 and body.strip().lower() in _area_names()


def read_quotes(text: str, people_rows: list[dict], mentions: list[OrgMention],
                filtered: set[str] | None = None,
                scanned: tuple[_Quote, ...] | None = None) -> list[tuple[dict, set[str]]]:
    """The quotation rows of ``text``, each with the ids of the rules that made it;
    ``filtered`` collects the rules that dropped a quotation (too short, a term, a repeat)."""
    filtered = set() if filtered is None else filtered
    if not _MARKS.search(text):
        return []
    vocab = _vocab()
    scanned = scan_quotations(text) if scanned is None else scanned
    if not scanned:
        return []
    ctx = _Context(text, people_rows, mentions)
    ctx.set_quotes([q.open_pos for q in scanned], [q.close_end for q in scanned])
    newlines = [m.start() for m in _NEWLINE.finditer(text)] if scanned else []
    bullet_lines: dict[int, bool] = {}  # line start -> the line starts with a bullet
    first_chars: dict[int, int] = {}  # line start -> position of its first non-space character
    lead_ins: dict[int, tuple[int, int] | None] = {}  # line break -> the lead-in line before it
    rows: list[tuple[dict, set[str]]] = []
    last: _Speaker | None = None
    prev_close = 0
    prev_line_end = -1
    for q in scanned:
        if vocab.term_re.search(text, max(0, q.open_pos - 30), q.open_pos):
            filtered.add("quotes.term")
            continue  # a term: 'under the heading "children looked after and achieving permanence"'
        body, start, end = _quote_text(text, q)
        if _is_area_name(body):
            filtered.add("quotes.term")
            continue  # a judgement's name: 'this judgement was "leadership, management and governance"'
        why: set[str] = set()
        # (bisection over the line breaks: searching the text for them per quote was quadratic)
        i = bisect.bisect_left(newlines, q.open_pos)
        line_start = newlines[i - 1] + 1 if i > 0 else 0
        open_line_end = newlines[i] if i < len(newlines) else len(text)
        i = bisect.bisect_left(newlines, q.close_end, i)
        line_end = newlines[i] if i < len(newlines) else len(text)
        seg_start = max(line_start, prev_close)
        speaker = None
        unnamed = False
        # 1. after the quote: ', said X' / 'X said' / ', according to the report'
        after_text = text[q.close_end : min(line_end, q.close_end + 160)]
        nxt_mark = _MARKS.search(after_text)
        am = vocab.after_verb_re.match(after_text)
        if am is not None and _PARTICIPLE_THAT.match(after_text, am.start(), am.end() + 6):
            # '... said "...", adding that the council's strategy "..."': the participle's subject is
            # the one before the quotation; what follows "that" is what was said, no speaker
            am = None
        raw_end = text[q.pieces[-1][0] : q.pieces[-1][1]].rstrip()
        continues = raw_end.endswith((",", "?", "!", "\u2014", "\u2013", "-")) or after_text.lstrip(" ").startswith(",")
        if am:
            stop = _ATTRIBUTION_STOP.search(after_text[am.end() :])
            stop_at = am.end() + (stop.start() if stop else len(after_text) - am.end())
            speaker = _speaker_at(ctx, q.close_end + am.end(), q.close_end + stop_at, last, vocab, True, why)
            why.add("quotes.verb_after")
            unnamed = speaker is None  # "..., said a council spokesperson": nobody the text names
        else:
            sm = vocab.after_subject_re.match(after_text) if continues else None
            if sm is not None and _SAID_THAT_BEFORE.search(text, max(seg_start, q.open_pos - 90), q.open_pos):
                # 'They added that "too many children ...", something the council said it was
                # working to address': the verb before the quotation says whose words they are
                sm = None
            if sm and not (nxt_mark and nxt_mark.start() < sm.end()):
                pron = "quotes.pronoun" in why
                speaker = _speaker_at(ctx, q.close_end + sm.start("subj"), q.close_end + sm.end("subj"), last, vocab, True, why)
                why.add("quotes.subject_after")
                if not pron and "quotes.pronoun" in why and speaker is not None and speaker.kind == "org" and q.open_pos > seg_start:
                    # 'When inspectors write that caseloads are "...", they are describing ...': a
                    # pronoun after the quotation yields to the report named as its writer before it
                    # in the same sentence
                    ss = max(seg_start, _sentence_start(text, line_start, q.open_pos))
                    before = _speaker_at(ctx, ss, q.open_pos, last, vocab, False, set()) if ss < q.open_pos else None
                    if before is not None and before.kind == "ofsted":
                        speaker = before
                        why.add("quotes.ofsted_words")
                # '"...," the spokesperson added.' with no body named for it: nobody the text names
                unnamed = speaker is None and _THE_SPOKESPERSON.match(text, q.close_end + sm.start("subj")) is not None
            elif continues:
                # '"...," Jo Bloggs, director of children's services, said.': a person opening the
                # stretch after the quote, as the subject of a reporting verb in the same sentence
                lead = len(after_text) - len(after_text.lstrip(" ,"))
                p0 = ctx.persons_in(q.close_end + lead, q.close_end + lead + 110)
                if p0 and (p0[0][0] <= q.close_end + lead + 12 or _role_before_person(
                        text, q.close_end + lead, p0[0][0], vocab)):
                    rest = after_text[p0[0][1] - q.close_end :]
                    stop = _SENTENCE_STOP.search(rest)
                    vm = vocab.verb_word_re.search(rest, 0, stop.start() if stop else len(rest))
                    if vm and not _DOUBLE_MARK.search(rest, 0, vm.start()):
                        speaker = _Speaker(p0[0][2], "person")
                        why.add("quotes.person_after")
        # 1b. a signed quote: '"..." - Cllr Jo Bloggs, cabinet member'
        if speaker is None:
            dm = _SIGNATURE_DASH.match(after_text)
            if dm:
                p0 = ctx.persons_in(q.close_end + dm.end(), q.close_end + dm.end() + 80)
                if p0 and p0[0][0] <= q.close_end + dm.end() + 12:
                    speaker = _Speaker(p0[0][2], "person")
                    why.add("quotes.signature")
        # 2. "A spokesperson said:" naming no body: the body the sentence before is about
        # (only the stretch just before the mark: a line of unattributed quotes keeps seg_start at
        # the line's start, and searching from there for every mark was quadratic)
        bare = _BARE_SPOKESPERSON.search(text, max(seg_start, q.open_pos - 80), q.open_pos) \
            if speaker is None and q.open_pos > seg_start else None
        if bare is not None:
            speaker = _body_before(ctx, text, bare.start())
            if speaker is not None:
                why.add("quotes.spokesperson_before")
        # 2b. before the quote, in the same line (not when the words after it name an unnamed speaker)
        if speaker is None and not unnamed and q.open_pos > seg_start:
            speaker = _speaker_before(ctx, seg_start, q.open_pos, line_start, open_line_end, last, vocab, why)
        # 3. a bullet: the lead-in line before the list
        if speaker is None and _line_is_bullet(text, line_start, q.open_pos, bullet_lines, vocab):
            lead_in = _lead_in(text, line_start - 1, lead_ins, vocab)
            if lead_in is not None:
                speaker = _speaker_before(ctx, lead_in[0], lead_in[1], lead_in[0], lead_in[1], last, vocab, why)
                if speaker is not None:
                    why.add("quotes.bullet")
        # 3a. a written question under its asker's label ("Asked by: Councillor X", "From Cllr X to
        # the Cabinet Member ..."): the asker, not the member who answers
        if speaker is None and not unnamed and _first_non_space(text, line_start, first_chars) == q.open_pos:
            speaker = _asker(ctx, text, line_start)
            if speaker is not None:
                why.add("quotes.asker")
        # 3b. a paragraph opening with a quotation and no speech verb: the person the sentence
        # before it is about, or the one the next paragraph introduces
        if speaker is None and not unnamed and _first_non_space(text, line_start, first_chars) == q.open_pos:
            speaker = _paragraph_speaker(ctx, line_start, line_end, last, vocab, why)
        # 3c. a paragraph under a heading naming a role ("Comment from the report author", "Risk
        # owner's commentary"): the person a header label gives that role ("Report of: ... (X)")
        if speaker is None and not unnamed and _first_non_space(text, line_start, first_chars) == q.open_pos:
            speaker = _heading_role_speaker(ctx, text, line_start, vocab)
            if speaker is not None:
                why.add("quotes.heading_role")
        # 4. the previous speaker (split quote, "and that '...'", a new paragraph of quotes)
        # (not a body after "he"/"she" with no person to refer to: '"...," he told me' after Ofsted's words)
        if speaker is None and not unnamed and last is not None and (seg_start > line_start or prev_line_end >= line_start - 2 or q.open_pos == line_start) \
                and not ("quotes.pronoun" in why and last.kind != "person"):
            speaker = last
            why.add("quotes.previous_speaker")
        if speaker is None:
            if unnamed:
                filtered.add("quotes.verb_after")
            continue
        last = speaker
        prev_close = q.close_end
        prev_line_end = line_end
        # the grade-label test only for quotes long enough to keep (it rewrites the whole quote)
        if (len(body.split()) < vocab.min_words
                or _NOT_WORD_OR_SPACE.sub("", body.lower()).strip() in vocab.grade_labels):
            filtered.add("quotes.too_short")
            continue
        if len(q.pieces) > 1 and "\n" in text[q.pieces[0][1] : q.pieces[-1][0]]:
            why.add("quotes.continued")
        if not q.closed:
            why.add("quotes.unclosed")
        role = org = None
        if speaker.kind == "person":
            p = ctx.people.get(speaker.name, {})
            role, org = p.get("role"), p.get("organisation")
        elif speaker.kind == "ofsted":
            org = "Ofsted"
        else:
            org = speaker.name
        primary = next((r for r in _PRIMARY if r in why), "quotes.previous_speaker")
        rows.append((
            {"speaker": speaker.name, "speaker_role": role, "speaker_organisation": org, "text": body,
             "start_char": start, "end_char": end, "rule": primary},
            why,
        ))
    return _without_repeats(rows, filtered, text)


#: the attribution rules, in the order they are tried: a row's ``rule`` is the one that named its speaker
#: A verb of saying right before a quotation that it governs: 'They added that "', 'wrote: "'.
#: (the clause's subject may come between: 'notes that some young people leaving care "')
_SAID_THAT_BEFORE = re.compile(r"\b(?:said|says|added|adds|wrote|writes|noted|notes|warned|warns|concluded|concludes|stated|states)"
                               r"\s*(?:that\s+(?:[\w'’-]+\s+){0,6}|:\s*)[\"“‘']?$")
_PRIMARY = ("quotes.verb_after", "quotes.subject_after", "quotes.person_after", "quotes.signature",
            "quotes.bullet", "quotes.asker", "quotes.paragraph", "quotes.participle", "quotes.reported_finding", "quotes.role_anaphora",
            "quotes.pronoun", "quotes.speaker_before", "quotes.org_subject", "quotes.letter_writer", "quotes.ofsted_words",
            "quotes.previous_speaker")


def _without_repeats(rows: list[tuple[dict, set]], filtered: set[str], text: str) -> list[tuple[dict, set]]:
    """A quotation whose words recur later with another speaker (a headline or standfirst quoting
    the body, where the body names who said them), alone or inside a longer quotation ("Charity
    says Ofsted letter "must be a turning point"" over ""This must be a turning point," she
    said"), is the later one; so is one in a headline (``_in_headline``) whose words recur
    with the same speaker (or they would count twice); in the body, a speaker's words said again
    are kept."""
    speakers_after: dict[str, set] = {}
    keys = []
    later_keys: list[tuple[str, str]] = []   # (" key ", speaker) of the quotations after
    for row, _why in rows[::-1]:
        key = _WORDS_ONLY.sub(" ", row["text"].casefold()).strip()
        later = set(speakers_after.get(key, ()))
        if key.count(" ") >= 2:
            padded = f" {key} "
            later.update(sp for k, sp in later_keys if padded in k)
        keys.append((key, later))
        speakers_after.setdefault(key, set()).add(row["speaker"])
        later_keys.append((f" {key} ", row["speaker"]))
    keys.reverse()
    newlines = [m.start() for m in _NEWLINE.finditer(text)] if any(later for _k, later in keys) else []
    kept = [(row, why) for (row, why), (key, later) in zip(rows, keys)
            if not (later - {row["speaker"]}) and not (later and _in_headline(text, newlines, row["start_char"]))]
    if len(kept) < len(rows):
        filtered.add("quotes.repeat")
    return kept


_WORDS_ONLY = re.compile(r"[\W_]+")


_NEWLINE = re.compile(r"\n")
#: What opens a list's line (no headline): a bullet or a dash.
_BULLET_OPENERS = ("•", "*", "-", "–", "—", "·", "▪", "◦")


def _in_headline(text: str, newlines: list[int], pos: int) -> bool:
    """Whether ``pos`` lies on a headline or title: a line of 200 characters at most, no list's
    item, that ends with no full stop, question or exclamation mark ("‘Five inspections and every
    kind of weather’: Portsmouth social worker hangs up her lanyard after 31 years"). ``newlines``:
    the text's newline positions (a line is found by bisection, not by a scan of a long line)."""
    i = bisect.bisect_left(newlines, pos)
    start = newlines[i - 1] + 1 if i else 0
    end = newlines[i] if i < len(newlines) else len(text)
    if end - start > 200:
        return False
    line = text[start:end].strip()
    return bool(line) and not line.startswith(_BULLET_OPENERS) and not line.endswith((".", "?", "!", ".”", ".\"", ".’", ".'", ":"))


def _prev_paragraph(text: str, line_start: int) -> tuple[int, int] | None:
    k = line_start - 1
    while k > 0:
        ps = text.rfind("\n", 0, k) + 1
        if text[ps:k].strip():
            return ps, k
        k = ps - 1
    return None


def _next_paragraph(text: str, line_end: int) -> tuple[int, int] | None:
    k = line_end + 1
    while k < len(text):
        ne = text.find("\n", k)
        ne = len(text) if ne == -1 else ne
        if text[k:ne].strip():
            return k, ne
        k = ne + 1
    return None


_SENT_BREAK = re.compile(r"[.!?]['\u2019\"\u201d]?\s+(?=[A-Z\"'\u201c\u2018])")


def _sentence_start(text: str, ls: int, pos: int) -> int:
    """Start of the sentence of ``pos`` within its line (which starts at ``ls``)."""
    start = ls
    for m in _SENT_BREAK.finditer(text, max(ls, pos - 400), pos):
        start = m.end()
    return start


def _paragraph_speaker(ctx: _Context, line_start: int, line_end: int, last: _Speaker | None, vocab: _Vocab,
                       why: set) -> _Speaker | None:
    """Who speaks a paragraph that opens with a quotation and names no speaker.

    After a paragraph of quotations: nobody new (the previous speaker goes on). After a lead-in
    ending in a colon: its speaker. Else the person the last sentence before it is about (its
    first person named outside quotation marks); where the paragraph before names nobody, the
    person the next paragraph opens with (a quotation placed before its speaker is introduced).
    """
    text = ctx.text
    prev = _prev_paragraph(text, line_start)
    if prev is not None:
        ps, pe = prev
        body = text[ps:pe].rstrip()
        lead = body.lstrip()[:1]
        if lead in "\"'\u201c\u2018":
            return None
        if body.endswith(":"):
            speaker = _speaker_before(ctx, ps, ps + len(body), ps, pe, last, vocab, why)
            if speaker is not None:
                why.add("quotes.paragraph")
            return speaker
        last_break = None
        for m in _SENT_BREAK.finditer(text, ps, ps + len(body) - 1):
            last_break = m
        ss = last_break.end() if last_break else ps
        persons = [p for p in ctx.persons_in(ss, pe) if ctx.outside_quotes(p[0])]
        if persons:
            why.add("quotes.paragraph")
            return _Speaker(persons[0][2], "person")
        if any(ctx.outside_quotes(p[0]) for p in ctx.persons_in(ps, pe)):
            return None
    nxt = _next_paragraph(text, line_end)
    if nxt is not None:
        ns, ne = nxt
        brk = _SENT_BREAK.search(text, ns, ne)
        persons = [p for p in ctx.persons_in(ns, brk.start() if brk else ne) if ctx.outside_quotes(p[0])]
        if persons:
            why.add("quotes.paragraph")
            return _Speaker(persons[0][2], "person")
    return None


def example_facts(text: str) -> list[ExampleFact]:
    """The quotes of a one-off document of ``text``, as ``speaker: "text"``, each with the rules
    that made it; a rule that dropped a quotation (too short, a term, a repeat) is recorded
    without a fact."""
    from ofsted.extract.gazetteer import find_org_mentions
    from ofsted.extract.people import extract_people

    mentions = find_org_mentions(text)
    people = extract_people(Document("example", "example.txt", text, "0" * 64), mentions)
    filtered: set[str] = set()
    out = [ExampleFact(f'{row["speaker"]}: "{row["text"]}"', frozenset(why))
           for row, why in read_quotes(text, people, mentions, filtered)]
    if filtered:
        out.append(ExampleFact("", frozenset(filtered)))
    return out
