"""Named people, their roles and organisations, found by pattern (never by a list of names).

Every rule, with its vocabularies and the literal sentences it is tested on, is in
``ofsted/data/rules/people.yaml``; a row's ``rule`` is the rule that made the name a person and
``Person.rules`` every rule that shaped it. A person is a run of two or three capitalised name
tokens (one, with an age in apposition) in one of these contexts:

* ``people.title`` / ``people.rank`` -- after an honorific or a rank: "Cllr Nadia Ashworth",
  "Detective Chief Superintendent Mark Holloway"; ``people.plural_title`` -- "Councillors A, B and C";
* ``people.apposition`` -- followed by ", <role>": "Andrew Fenwick, chief executive of Birmingham
  Children's Trust, said"; ``people.relative_role`` -- ", who became director of ...";
* ``people.pre_apposition`` -- "<role>, <name>,": "The trust's chair, Margaret Oduya, said";
* ``people.premodifier`` -- "<org> <role> <name>": "Together for Children chief executive Alex
  Hopkins", "director of children's services Tariq Hollis", "Harrow West MP Daniel Ferreira";
* ``people.led_by`` -- "The inspection was led by Helen Marchbank, one of His Majesty's Inspectors";
* ``people.header`` -- "Contact officer: Andrew Nuttall, Assistant Director, Children's Social Care";
* ``people.copular`` -- "Ms Idowu-Sterne is Merton's director of children, schools and families";
* ``people.speech`` -- "<name> said" / "said <name>";
* ``people.described`` -- an age or a relative clause in apposition ("Shanice Boateng, 20, who
  left care ..."), "was 18 when", a caption's position marker ("Tyrese Mallon (left), ...").

Bylines and picture credits (``people.byline``, and ``Document.author_span``) name no person.
Titles are not part of the name; "Cllr"/"Councillor" start the role ("Councillor, cabinet member
for children"), other honorifics are dropped. A later mention gives a role where there was none,
or a fuller one. The organisation is the one the role names ("chief executive of X", "X's
director", "the council's ..."), else Ofsted for inspectors, none for an MP, a parent or a care
leaver, else the authority (for an officer, the provider) named last before. Later mentions
("Fenwick said", "Ms Oyelaran", "the Director") are found by :func:`person_mentions`;
:func:`find_people` is the plain function the analysis layer calls for a text's people.

>>> from ofsted.model import Document
>>> from ofsted.extract.gazetteer import find_org_mentions
>>> text = "Wigan Council's director of children's services, Jo Bloggs, said: \\"Fine.\\""
>>> [(p["name"], p["role"], p["organisation"]) for p in extract_people(Document("d", "p", text, "0"), find_org_mentions(text))]
[('Jo Bloggs', "director of children's services", 'Wigan Metropolitan Borough Council')]
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from ofsted.extract import fast_re as re   # re itself, with patterns that scan for their first character
from ofsted.extract.analysis import lower_same_length
from ofsted.extract.gazetteer import OrgMention
from ofsted.extract.rules import ExampleFact, load_rules
from ofsted.model import Document

#: A name's word; its letters after the first may carry accents ("Nuñez", "Zoë", "Chloé").
_TOKEN = r"(?:Mc|Mac|O['\u2019]|D['\u2019])?[A-Z][a-z\u00e0-\u00f6\u00f8-\u00ff\u0100-\u017f]+(?:-[A-Z][a-z\u00e0-\u00f6\u00f8-\u00ff\u0100-\u017f]+)*"
_INITIAL = r"(?:[A-Z]\.? )"
#: A paragraph or list number opening a line ("3. ", "4.2 ", "1) ").
_LIST_NUMBER = r"(?:\d+(?:\.\d+)*[.)]?[ \t]+)"
#: a full name in a list or a byline: two or three capitalised tokens
_NAME = rf"{_TOKEN}(?: {_TOKEN}){{1,2}}"
#: A role in brackets after a listed name ("Councillors Ann Lee (Chair), Bo Chan and ...").
#: (or in commas, in lower case: "His Majesty's Inspectors A, lead inspector, and B")
_LISTED_ROLE = r"(?: \([^()\n]{1,60}\)|, [a-z][a-z ]{2,30}(?=, and ))?"


def _rules():
    return load_rules("people")


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _both_apostrophes(words) -> list[str]:
    return list(words) + [w.replace("'", "\u2019") for w in words if "'" in w]


@dataclass(frozen=True)
class _Vocab:
    """The people rules' vocabularies (``ofsted/data/rules/people.yaml``), compiled once."""

    name_re: re.Pattern     # every capitalised word or run of them, with its titles
    person_re: re.Pattern   # the name_re matches that can be a person (see ``_vocab``)
    role_prefix: dict
    dropped: frozenset
    surname_titles: frozenset
    ranks: frozenset
    title_key_re: re.Pattern  # the title keys, longest first, each followed by a space or the end
    role_heads: frozenset
    person_nouns: frozenset
    role_heads_cased: frozenset
    role_words: frozenset
    named_heads: frozenset
    role_rewrites: dict
    not_complement: frozenset
    not_role_first: frozenset
    verbs_re: str
    speech_after_re: re.Pattern
    speech_before_re: re.Pattern
    label_role: dict
    label_re: re.Pattern
    label_list_re: re.Pattern
    label_contact: dict
    label_credit: frozenset
    byline_re: re.Pattern
    byline_start_re: re.Pattern
    credit_re: re.Pattern
    stop: frozenset
    stop_first: frozenset
    role_end: frozenset
    inspector_roles: tuple
    unaffiliated: frozenset
    plural_titles: dict
    plural_title_re: re.Pattern
    list_name_re: re.Pattern
    list_next_re: re.Pattern
    prefix_roles: frozenset
    relative_roles: dict
    relative_role_re: re.Pattern
    caption_re: re.Pattern
    copula_re: re.Pattern
    appos_end_re: re.Pattern
    hansard_re: re.Pattern
    parties: frozenset


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    rs = _rules()
    v = rs.vocab
    prefix = dict(v("role_prefix_titles"))
    ranks = _both_apostrophes(v("rank_titles"))
    dropped = list(v("dropped_titles"))
    title_alt = _alt(list(prefix) + dropped + ranks)
    # Every title and name starts with a capital: the look-ahead lets the engine pass over all
    # other positions at once instead of trying the long title list at each (same matches).
    assert all(t[:1].isascii() and t[:1].isupper() for t in list(prefix) + dropped + ranks)
    name_re = re.compile(
        rf"(?=[A-Z])(?<![\w'\u2019\-])(?P<title>(?:(?:{title_alt}) )*)"
        rf"(?P<name>{_TOKEN}(?: {_INITIAL}?{_TOKEN}){{0,4}})(?![\w\-])"
    )
    # The matches of ``name_re`` that can name someone: with a title, else two names or more, or
    # one before a comma ("Kacey, 17,") or a speech verb ('," Kezia told me'). Most capitalised
    # words are none of these; leaving them out in the pattern spares a match object and a loop
    # turn for each (same candidates, in the same order: a dropped match never held another one's
    # start).
    person_re = re.compile(
        rf"(?=[A-Z])(?<![\w'\u2019\-])(?:(?P<title>(?:(?:{title_alt}) )+)(?P<name>{_TOKEN}(?: {_INITIAL}?{_TOKEN}){{0,4}})"
        rf"|(?P<bare>{_TOKEN}(?:(?: {_INITIAL}?{_TOKEN}){{1,4}}|(?=,)|(?= (?:told|said|says|added|explained|asked)\b))))(?![\w\-])"
    )
    title_keys = tuple(sorted(set(prefix) | set(ranks) | set(dropped) | set(v("surname_titles")), key=len, reverse=True))
    byline = rf"[ \t]*(?:{_alt(v('byline_labels'))})[ \t]+(?P<who>{_NAME})"
    role_labels, contact, credit = list(v("role_labels")), dict(v("contact_labels")), list(v("credit_labels"))
    all_labels = _alt(role_labels + list(v("plain_labels")) + list(contact) + credit)
    plural = dict(v("plural_titles"))
    verbs = list(v("reporting_verbs"))
    nouns = dict(v("relative_clause_nouns"))
    heads = list(v("role_heads"))
    return _Vocab(
        name_re=name_re,
        person_re=person_re,
        role_prefix=prefix,
        dropped=frozenset(dropped),
        surname_titles=frozenset(v("surname_titles")),
        ranks=frozenset(ranks),
        title_key_re=re.compile("(?:" + "|".join(map(re.escape, title_keys)) + r")(?= |\Z)"),
        role_heads=frozenset(h.lower() for h in heads),
        person_nouns=frozenset(v("person_nouns")),
        role_heads_cased=frozenset(h for h in heads if not h.islower()),
        role_words=frozenset(w.lower() for w in list(v("role_words")) + heads),
        named_heads=frozenset(v("named_role_heads")),
        role_rewrites=dict(v("role_rewrites")),
        not_complement=frozenset(v("not_complement_words")) | frozenset(verbs),
        not_role_first=frozenset(v("not_role_first_words")) | frozenset(verbs),
        verbs_re=_alt(verbs),
        speech_after_re=re.compile(rf"\s+(?:{_alt(verbs + list(v('career_verbs')))})\b"),
        speech_before_re=re.compile(r"\b(?:said|says|added|adds|according to)\s+$"),
        label_role={**{l: l[0].lower() + l[1:] for l in role_labels}, **dict(v("renamed_labels"))},
        label_re=re.compile(rf"(?:^|\n)[ \t]*{_LIST_NUMBER}?(?P<label>{all_labels})[ \t]*:[ \t]*$"),
        label_list_re=re.compile(rf"(?:^|\n)[ \t]*(?P<label>{all_labels})[ \t]*:[ \t]*{_NAME}(?: and | & |, )$"),
        label_contact=contact,
        label_credit=frozenset(credit),
        # a byline opens a line: the pattern starts with the line break (the engine scans for it
        # fast; "^" with re.M is tried at every position), the text's first line is matched apart
        byline_re=re.compile("\n" + byline),
        byline_start_re=re.compile(byline),
        credit_re=re.compile(rf"(?:{_alt(credit)})[ \t]*:[ \t]*(?P<who>{_NAME})[ \t]*(?=$|\n|[/)\]])"),
        stop=frozenset(v("not_name_words")),
        stop_first=frozenset(v("not_name_words_first")) | frozenset(v("not_name_words")),
        role_end=frozenset(v("role_end_words")),
        inspector_roles=tuple(r.lower().replace("\u2019", "'") for r in v("inspector_roles")),
        unaffiliated=frozenset(v("unaffiliated_roles")),
        plural_titles=plural,
        # "His Majesty's Inspectors Lowri A and Bo C", "His Majesty's Inspectors for this visit were A and B"
        plural_title_re=re.compile(rf"(?<![\w])(?P<title>{_alt(plural)})(?:(?: (?:for|on|at|during) [a-z ]{{1,30}}?)? (?:were|are))? (?P<names>{_NAME}{_LISTED_ROLE}(?:(?:, and |, | and | & ){_NAME}{_LISTED_ROLE})*)"),
        list_name_re=re.compile(rf"{_NAME}(?= \((?P<role>[^()\n]{{1,60}})\)|, (?P<role2>[a-z][a-z ]{{2,30}})(?=, and ))?"),
        list_next_re=re.compile(rf" (?:and|&) {_NAME}"),
        prefix_roles=frozenset(prefix.values()),
        relative_roles=nouns,
        relative_role_re=re.compile(rf"(?:who|whose) (?P<verb>{_alt(list(v('relative_clause_verbs')) + list(nouns))}) "),
        caption_re=re.compile(
            rf"(?: \((?:{_alt(v('caption_marks'))})\)|, (?:{_alt(v('caption_marks'))}),)(?=[ ,.;])"
        ),
        appos_end_re=_apposition_end_re(_alt(verbs)),
        hansard_re=re.compile(rf" \((?P<seat>[A-Z][\w'\u2019 ,&-]{{1,50}}?)\) \((?:{_alt(v('hansard_parties'))})\)(?::|(?=[ \t]*(?:\n|$)))"),
        parties=frozenset(v("party_names")),
        copula_re=re.compile(
            rf" (?:{_alt(v('copulas'))}) (?:also )?(?:now )?"
            r"(?!(?:a|an|the) (?:report|letter|visit|inspection|grade|judgement|result)\b)"
        ),
    )


# --------------------------------------------------------------------------------------------
# helpers over the mention list


class _Mentions:
    def __init__(self, mentions: list[OrgMention]):
        self.items = mentions
        self.starts = [m.start for m in mentions]
        self._la_counts: dict[str, int] | None = None

    def overlapping(self, start: int, end: int) -> list[OrgMention]:
        i = bisect.bisect_left(self.starts, start)
        out = []
        if i > 0 and self.items[i - 1].end > start:
            out.append(self.items[i - 1])
        while i < len(self.items) and self.items[i].start < end:
            out.append(self.items[i])
            i += 1
        return out

    def within(self, start: int, end: int) -> list[OrgMention]:
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.items) and self.items[i].start < end:
            if self.items[i].end <= end:
                out.append(self.items[i])
            i += 1
        return out

    def last_with_head(self, pos: int, noun: str) -> OrgMention | None:
        """The last body named before ``pos`` whose name ends in ``noun`` ("board" -> "... Board")."""
        noun = noun.casefold()
        i = bisect.bisect_left(self.starts, pos) - 1
        while i >= 0:
            m = self.items[i]
            if m.org_type != "regulator" and m.name.rsplit(" ", 1)[-1].casefold() == noun:
                return m
            i -= 1
        return None

    def last_with_word(self, pos: int, word: str) -> OrgMention | None:
        i = bisect.bisect_left(self.starts, pos) - 1
        while i >= 0:
            if word in self.items[i].name.split():
                return self.items[i]
            i -= 1
        return None

    def la_counts(self) -> dict[str, int]:
        """Mentions by name (not "the council") per authority code."""
        if self._la_counts is None:
            counts: dict[str, int] = {}
            for m in self.items:
                if m.org_type == "local_authority" and m.la_code and not m.rule.startswith("anaphora"):
                    counts[m.la_code] = counts.get(m.la_code, 0) + 1
            self._la_counts = counts
        return self._la_counts

    def first_of(self, la_code: str) -> OrgMention | None:
        return next((m for m in self.items if m.la_code == la_code and m.org_type == "local_authority"), None)

    def last_strictly_before(self, pos: int, types) -> OrgMention | None:
        i = bisect.bisect_left(self.starts, pos) - 1
        while i >= 0:
            if self.items[i].org_type in types:
                return self.items[i]
            i -= 1
        return None

    def last_of(self, types) -> OrgMention | None:
        """The text's last mention of a body of these types, wherever it stands."""
        return next((m for m in reversed(self.items) if m.org_type in types), None)

    def last_before(self, pos: int, types=("local_authority",)) -> OrgMention | None:
        i = bisect.bisect_left(self.starts, pos) - 1
        while i >= 0:
            if self.items[i].org_type in types:
                return self.items[i]
            i -= 1
        for m in self.items[bisect.bisect_left(self.starts, pos):]:
            if m.org_type in types:
                return m
        return None


#: Patterns compiled once (a string pattern in a hot loop costs a cache lookup per call).
_BECAME = re.compile(r"^(?:became|has become|is now|is|was|has been) ")
_OF_FOR_WITH = re.compile(r" (?:of|for|with) ")
_IT_OPENS = re.compile(r"\s*It ")
_DOUBLE_QUOTE = re.compile(r"[\"\u201c\u201d]")
_AFTER_BREAK = re.compile(r"(?:[.!?:]\s|\n\s*|\] ?|\( ?|(?:^|\n)[ \t]*\d+(?:\.\d+)+[ \t]+)$")
_CAPITALISED_WORD = re.compile(r"[A-Z][\w\-]*")


_SPACES = re.compile(r"\s+")
#: What links a role to the body named after it ("chief executive of ", "of the charity ": the body's kind before its name).
_ORG_LINK = re.compile(r"(?:,? (?:of|at|for|with|on behalf of)|,) (?:the )?(?:(?:(?:children['\u2019]s |national |local |youth |family )?charity|"
                       r"campaign group|support group|advocacy group|youth project|parents['\u2019] group|company|social enterprise) )?$")
_IN_END = re.compile(r" in $")
_WORD = re.compile(r"[A-Za-z][\w\-]*")
_SENT_START = re.compile(r"(?:[.!?]['\u2019\"\u201d]?\s+|\n\s*|^)(?=[^.!?\n]*$)")
_APOS_S = re.compile(r"^['\u2019]s\b ?")
_POSSESSIVE_PRONOUN = re.compile(r"^(?:Its|its|Their|their) ")


def _sentence_start(text: str, pos: int) -> int:
    """Start of the sentence containing ``pos`` (a line break or ". " before it)."""
    window_start = max(0, pos - 400)
    window = text[window_start : pos + 1]
    best = 0
    for m in _SENT_BREAK.finditer(window):
        if m.end() <= pos - window_start:
            best = m.end()
    return window_start + best


_SENT_BREAK = re.compile(r"[.!?]['\u2019\"\u201d]?\s+(?=[A-Z\"'\u201c\u2018])|\n")


_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE) (?!.*\b(?:who|that|which|whose)\b)")


def _clean_role(role: str) -> str:
    """Whitespace and edge punctuation tidied; "who " and a leading article dropped.

    "the director of children's services" -> "director of children's services"; a description
    with a relative clause keeps its article ("the inspector who led the visit").
    """
    role = _SPACES.sub(" ", role).strip(" ,;:-\u2013\u2014")
    if role.startswith("who "):
        role = role[4:]
    role = _LEADING_ARTICLE.sub("", role, count=1)
    return role


# --------------------------------------------------------------------------------------------


@dataclass
class Person:
    """A person a text names: full name (no titles), first mention span, role and organisation."""

    name: str
    start: int
    end: int
    rule: str  # the rule that made the name a person (the row's ``rule``)
    role: str | None = None
    organisation: str | None = None
    org_from_role: bool = False  # the role itself named the organisation
    rules: set = field(default_factory=set)  # ids of every rule that shaped it


class PersonMention(NamedTuple):
    """One mention of a known person: full name, surname (with or without a title), first name,
    or a definite role description ("the Director")."""

    start: int
    end: int
    name: str


def _role_and_org(role_text: str, role_start: int, men: _Mentions, text: str) -> tuple[str | None, OrgMention | None]:
    """Split a role phrase into the role and the organisation it names.

    "chief executive of Birmingham Children's Trust" -> ("chief executive", trust);
    "Wirral Council's director of children's services" -> ("director of ...", council);
    "chair of the council's education committee" -> ("chair of the education committee", council).
    """
    org = None
    role = role_text
    offset = role_start
    inner = men.within(role_start, role_start + len(role_text))
    # a leading possessive: "Kingston's lead member", "the city council's", "Its chief executive"
    lead = _POSSESSIVE_PRONOUN.match(role)
    generic = _GENERIC_POSSESSIVE.match(role) if not lead and not (inner and inner[0].start == role_start) else None
    if lead:
        role = role[lead.end():]
        offset += lead.end()
        org = _pronoun_antecedent(text, role_start, men)
    elif generic:
        # "the board's independent chair": the body is the last one named whose head is that noun
        role = role[generic.end():]
        offset += generic.end()
        org = men.last_with_head(role_start, generic.group(1))
    elif inner and inner[0].start == role_start:
        m0 = inner[0]
        tail = text[m0.end : m0.end + 3]
        aps = _APOS_S.match(tail)
        if aps:
            org = m0
            cut = m0.end - role_start + aps.end()
            role = role[cut:]
            offset += cut
            inner = inner[1:]
        elif _ORG_PREMODIFIER.match(text, m0.end):
            org = m0   # "Department for Education adviser": the body's adviser, its name kept in the role
            inner = inner[1:]
    for m in inner:
        rel = m.start - role_start
        if rel < 0 or rel > len(role_text):
            continue
        before = role_text[:rel]
        after = text[m.end : m.end + 3]
        apos = _APOS_S.match(after)
        if apos:
            # mid-phrase possessive: "chair of the council's education committee"
            surface = text[m.start : m.end] + apos.group(0)
            replacement = "" if surface.lower().startswith("the ") is False and before.endswith(("of ", "for ")) else ""
            if not surface.lower().startswith("the "):
                replacement = "the "
            else:
                replacement = "the "
            role = role.replace(surface, replacement, 1)
            if org is None:
                org = m
            continue
        if m.rule.startswith("anaphora") and _FIXED_TITLE.search(before + text[m.start : m.end]):
            # "leader of the council" is a title in itself: the body stays in the role
            if org is None:
                org = m
            continue
        pm = _ORG_LINK.search(before)
        if pm is None and m.rule == "la_place" and m.end - role_start >= len(role_text.rstrip(" ,.")):
            # a trailing place names the body: "chair of the scrutiny committee in Bury"
            pm = _IN_END.search(before)
        if pm:
            cut_at = pm.start()
            prefix_len = len(role_text) - len(role)
            role = role[: max(0, cut_at - prefix_len)]
            if org is None or True:
                org = m
            break
    role = _clean_role(role)
    return (role or None), org


#: A role word right after a body's name opening a role: " adviser" in "Department for Education adviser".
_ORG_PREMODIFIER = re.compile(r" (?!(?:and|or|of|in|for|to|at|on|with)\b)[a-z]")
_DETERMINER = re.compile(r"(?<= )(?:the|its|their|our|his|her|an?) (?=[A-Za-z])|(?<=, )(?:[A-Z][a-z]+ )+(?=[a-z])")
_GENERIC_POSSESSIVE = re.compile(r"^(?:the|The) ([a-z]+)['\u2019]s ")
_FIXED_TITLE = re.compile(
    r"(?:^|\b)(?:deputy |)(?:leader|chair|chairman|chairwoman|vice-chair|mayor) of the (?:council|Council|county council|"
    r"County Council|city council|City Council|borough council|Borough Council)$"
)


#: Months that are also first names, and the lower-case word before a name that makes one of
#: them the name's first word (a role: "foster carer June Pellow-Armitage"; not "in June", "since
#: May", "early June").
_MONTH_FIRST_NAMES = frozenset(("April", "May", "June", "August"))
_ROLE_WORD_BEFORE = re.compile(r"(?<![\w-])(?!(?:in|on|of|since|until|till|by|from|last|this|next|early|late|mid|during|before|after|to|and|or|the|that|between|through|each|every|for|over|around|about|as|at)\s)[a-z][a-z'’-]+ $")


#: A speech verb right after a body's name: "Trentside Family Voices, said".
_SAID_AFTER = re.compile(r",?\s+(?:said|says|told|warned|added|welcomed)\b")


def _pronoun_antecedent(text: str, pos: int, men: _Mentions) -> OrgMention | None:
    """'Its' at ``pos``: the first organisation named in the previous sentence (its subject)."""
    start = _sentence_start(text, pos)
    prev_start = _sentence_start(text, max(0, start - 2))
    cands = [m for m in men.within(prev_start, start) if m.org_type in ("provider", "local_authority", "other", "regulator")]
    if cands:
        # the one that speaks, if one does: "A charity that supports families in the city,
        # Trentside Family Voices, said ..." (not the city named first)
        speaker = next((m for m in cands if _SAID_AFTER.match(text, m.end)), None)
        return speaker or cands[0]
    return men.last_before(pos, ("provider", "local_authority"))


def _apposition_end_re(verbs_re: str) -> re.Pattern:
    return re.compile(
        rf",\s*(?:(?:{verbs_re})\b|when\b|as\b|after\b|before\b|while\b|but\b|who\b|which\b|where\b|to\s+[a-z]+\b|"
        rf"has\b|have\b|had\b|is\b|was\b|will\b|would\b|[a-z]{{2,}}ed(?![\w\-])|the company\b|a company\b|an? \w+ (?:which|that)\b|"
        rf"the \w+ (?:which|that|who)\b|\S*@|and (?=[A-Z][a-z]+ (?:[A-Z][a-z]*['\u2019-])?[A-Z][a-z]+[.,;]?(?:\s|$)))"
        rf"|\s+(?:(?:{verbs_re})\b)(?! (?:of|for|to)\b)|[:;\n\"\u201c\u201d(\]]|\.(?:\s|$)"
    )


def _apposition_end(text: str, pos: int, vocab: _Vocab) -> int:
    """End of a role phrase starting at ``pos``: before ', said', ', who ...', ':', '.', newline."""
    limit = min(len(text), pos + 250)
    m = vocab.appos_end_re.search(text, pos, limit)
    return m.start() if m else limit


#: How a role in apposition opens (a one-word role only when it fills the rest of its line:
#: "Desmond Fairweather-Uchenna, Chair" in an attendance list).
_ROLE_START = re.compile(
    r"(?:the |The |one of |who |its |their |an? |[A-Z][\w\-&]*(?: [A-Z&][\w\-&]*)*['\u2019]s |[a-z]|[A-Z][a-z]+ [a-z]|[A-Z][a-z]+ [A-Z]|[A-Z][a-z]+,|[A-Z][a-z]+(?=[.;]?[ \t]*(?:\n|$))|"
    r"(?:His|Her) Majesty)"
)


#: A role opening on who appointed or pays for it: "DfE-appointed improvement adviser".
_APPOINTED_BY = re.compile(r"[A-Za-z]+-(?:appointed|commissioned|funded)\s+[a-z]")
#: Words of a clause, not of a role's noun phrase: "The council said a DfE-appointed improvement adviser, X, ...".
_CLAUSE_WORDS = re.compile(r"\b(?:said|says|told|tells|confirms|confirmed|confirm|added|adds|that|will|would|has|have|had|is|are|was|were)\b")


#: A clause with the writer as its subject closing a role before a name: "A foster carer| I have
#: known for years|, Maureen Adeyinka-Stroud, put it more simply still."
_CONTACT_CLAUSE = re.compile(r"\s+(?:I|we)\s+(?:have\s+|had\s+|'ve\s+)?(?:known|know|knew|met|meet|spoke\s+to|spoken\s+to|talked\s+to|interviewed|visited|worked\s+with)\b[^,]{0,30}$")


def _has_role_head(phrase: str, vocab: _Vocab) -> bool:
    low = phrase.lower()
    words = _WORD.findall(low)
    # "under-secretary", "co-ordinator": a hyphened word's last part may be the head
    if low.startswith(("one of the ", "one of our ", "one of their ", "one of its ")) and low.endswith("s") \
            and low[:-1].rsplit(" ", 1)[-1] in vocab.role_heads:
        return True   # "one of the team managers", "one of our personal advisers": one of a group named by its role
    return any(w in vocab.role_heads or ("-" in w and w.rsplit("-", 1)[1] in vocab.role_heads) for w in words[:12]) or "led the" in low


def extract_people(doc: Document, mentions: list[OrgMention]) -> list[dict]:
    """One row per distinct person (first mention span): name, role, organisation.

    >>> from ofsted.model import Document
    >>> from ofsted.extract.gazetteer import find_org_mentions
    >>> t = "Together for Children chief executive Alex Hopkins said the work goes on."
    >>> [(p["name"], p["role"], p["organisation"], p["rule"]) for p in extract_people(Document("d", "p", t, "0"), find_org_mentions(t))]
    [('Alex Hopkins', 'chief executive', 'Together for Children', 'people.premodifier')]
    """
    people = find_people(doc.text, mentions, getattr(doc, "author_span", None))
    return [
        {"name": p.name, "role": p.role, "organisation": p.organisation,
         "start_char": p.start, "end_char": p.end, "rule": p.rule}
        for p in people
    ]


def find_people(text: str, mentions: list[OrgMention], author_span: tuple[int, int] | None = None,
                filtered: set[str] | None = None) -> list[Person]:
    """The people a text names, in order of first mention (the analysis layer's person finder).

    Nothing inside ``author_span`` (the byline's name) or a byline/credit line is a person.
    ``filtered`` collects the ids of the rules that turned a candidate down.
    """
    vocab = _vocab()
    men = _Mentions(mentions)
    excluded = _excluded_spans(text, author_span, vocab)
    record_filtered = filtered is not None
    filtered = set() if filtered is None else filtered
    found: dict[str, Person] = {}
    org_names = {m.name for m in mentions if m.org_type != "local_authority"}

    def keep(person: Person) -> None:
        old = found.get(person.name)
        if old is None:
            found[person.name] = person
        else:
            _merge(old, person)

    if excluded and record_filtered:
        _single_words_excluded(text, excluded, vocab, filtered)
    for m in vocab.person_re.finditer(text):
        title_str = m.group("title")
        if title_str is None:   # no title: two names or more, or one before a comma
            title_str, name_str, nstart, nend = "", m.group("bare"), m.start("bare"), m.end("bare")
        else:
            name_str, nstart, nend = m.group("name"), m.start("name"), m.end("name")
        tokens = name_str.split()
        titles = _split_titles(title_str.strip(), vocab) if title_str else []
        # leading words that cannot start a name ("By", "When", "Inspectors") are not part of it
        multi = len(tokens) > 1
        tokens_before: list[str] = []
        month_name = False
        while tokens and tokens[0] in vocab.stop_first:
            if tokens[0] in _MONTH_FIRST_NAMES and len(tokens) > 1 and tokens[1] not in vocab.stop \
                    and _ROLE_WORD_BEFORE.search(text, max(0, nstart - 30), nstart) \
                    and not men.overlapping(nstart + len(tokens[0]) + 1, nend):
                month_name = True
                break   # "Daventry foster carer June Pellow-Armitage": a first name after a role, no month
            nstart += len(tokens[0]) + 1
            tokens_before.append(tokens[0])
            tokens = tokens[1:]
            titles = []
            rm = vocab.name_re.match(text, nstart) if not title_str else None
            if rm is not None and rm.group("title") and rm.end("name") <= nend \
                    and not men.overlapping(nstart - len(tokens_before[-1]) - 1, nstart):
                # "From Cllr Marisol Tennant-Aboagye to ...": a title after the word passed over (not
                # after a body's name: "Ofsted Chief Inspector Martyn Oliver" is people.premodifier's)
                titles = _split_titles(rm.group("title").strip(), vocab)
                nstart, tokens = rm.start("name"), rm.group("name").split()
                break
        if multi and len(tokens) < 2:
            filtered.add("people.not_a_name")
        if not tokens:
            continue
        # trailing non-name tokens ("Jo Bloggs Said") -> trim
        while len(tokens) > 2 and tokens[-1] in vocab.stop:
            tokens = tokens[:-1]
        if len(tokens) > 3:
            continue  # a run of four capitalised words or more is a title or a heading, not a name
        nend = nstart + len(" ".join(tokens))
        if any(t in vocab.stop for t in tokens[1 if month_name else 0:]) or tokens[-1] in vocab.role_end:
            if len(tokens) > 1:   # "Senior Communications Officer": a role, not a name
                filtered.add("people.not_a_name")
            continue
        if _inside(excluded, nstart):
            filtered.add("people.byline")
            continue
        if len(tokens) < 2:
            person = _single_name(text, nstart, nend, tokens[0], vocab, men)
            if person is not None:
                keep(person)
            continue
        name = " ".join(tokens)
        overl = men.overlapping(nstart, nend)
        if any(o.rule != "la_place" for o in overl):
            continue
        if name in org_names:
            # "Onward Keys has offered to help" after "the charity Onward Keys": the body again
            filtered.add("people.not_a_name")
            continue
        start = m.start() if titles else nstart
        person = _classify(text, start, nstart, nend, name, titles, vocab, men)
        if person is None:
            continue
        if overl and person.rule in ("people.speech", "people.described"):
            continue
        keep(person)

    for person in _listed_councillors(text, vocab, men, excluded):
        keep(person)
    _later_mentions(text, found, vocab, men)
    return sorted(found.values(), key=lambda p: p.start)


def _single_words_excluded(text: str, excluded: list[tuple[int, int]], vocab: _Vocab, filtered: set[str]) -> None:
    """Record ``people.byline`` for a lone capitalised word (no title, no comma after it) inside
    a byline or credit: such words never become candidates (``person_re`` leaves them out), but
    the rule that would turn them down is still reported (to ``example_facts`` and its tests)."""
    for m in vocab.name_re.finditer(text):
        title_str, name_str = m.group("title", "name")
        if (not title_str and " " not in name_str and text[m.end():m.end() + 1] != ","
                and name_str not in vocab.stop_first and _inside(excluded, m.start())):
            filtered.add("people.byline")
            return


def _place_then_role(role: str, vocab: _Vocab, mentions: list[OrgMention], text: str, indefinite: bool = False) -> bool:
    """Whether a role opens with a place the text names as an authority and a role word follows
    ("Unison's Oldham branch secretary, Faisal Dunmore-Achebe, ...": "Oldham branch secretary"),
    or with any capitalised word after "A" ("A Peckham kinship carer, Araminta Nwankwo-Hollis,")."""
    words = role.split()
    if indefinite:
        return len(words) > 1 and any(w.lower() in vocab.role_words for w in words[1:3])
    return len(words) > 1 and words[1].lower() in vocab.role_words and any(
        m.la_code is not None and text[m.start:m.end] == words[0] for m in mentions)


#: An indefinite description opening on a capitalised word before a role: "A Peckham kinship carer".
_A_PLACE = re.compile(r"An?\s+[A-Z][a-z]+\s+[a-z]")
#: The end of a quotation and the speech verb after it, up to the role that names the speaker.
_AFTER_QUOTE_VERB = re.compile(r"^.*[\"”],?\s+(?:said|says|added|adds|explained|explains|told\s+\w+)?\s*(?=[A-Za-z])", re.S)
#: A first-person possessive before a role ("Our chief executive, …"): the writer's own body.
_OUR = re.compile(r"(?:our|my)\s+", re.I)
#: "The Corporation's director, X,": a named owner before a role that no organisation mention
#: took (only when a role word follows it).
_OWNER = re.compile(r"(?:[Tt]he\s+)?[A-Z][\w&\-]*(?:\s+[A-Z][\w&\-]*){0,3}['\u2019]s\s+")
#: "His personal adviser, X,": a possessive before a role (only when a role word follows it).
#: A written question's asker or answerer line: "Asked by <name> (<seat>)", "Answered by <name>".
_ASKED_BY = re.compile(r"(?:^|\n)[ \t]*(?:Asked|Answered) by[ \t]+$")
_LINE_ENDS = re.compile(r"[ \t]*(?=\n|$)")
#: The line under an answerer's name: a role, and its body in brackets.
_ANSWER_ROLE_LINE = re.compile(r"[ \t]*\n[ \t]*(?P<role>[A-Z][^\n()]{3,80}?)[ \t]*(?:\((?P<org>[^()\n]{3,80})\))?[ \t]*(?=\n|$)")
_SEAT_LINE = re.compile(r" \((?P<seat>[A-Z][\w'\u2019 ,&-]{1,50}?)\)[ \t]*(?=\n|$)")
#: "One mother", "Another parent": one of several, before a role word.
_ONE = re.compile(r"(?:one|another)\s+", re.I)
#: "One of our personal advisers, X,": one of a plural role (the role is its singular).
_ONE_OF = re.compile(r"(?:one|another)\s+of\s+(?:our|their|its|his|her|the)\s+", re.I)
#: A demonstrative opening a role before a name: "That interim director, ".
_DEMONSTRATIVE = re.compile(r"(?:That|This|[Tt]hat\s+same|[Tt]he\s+same)\s+")
_THEIR = re.compile(r"(?:his|her|their|its)\s+", re.I)


def example_facts(text: str) -> list[ExampleFact]:
    """The people of a one-off document of ``text``, as ``name | role @ organisation`` (empty
    parts left out), each with the rules that made it; a rule that turned a candidate down
    (a byline, a word no name has) is recorded without a fact."""
    from ofsted.extract.gazetteer import find_org_mentions

    filtered: set[str] = set()
    out = []
    for p in find_people(text, find_org_mentions(text), None, filtered):
        fact = p.name + (f" | {p.role}" if p.role else "") + (f" @ {p.organisation}" if p.organisation else "")
        out.append(ExampleFact(fact, frozenset(p.rules)))
    if filtered:
        out.append(ExampleFact("", frozenset(filtered)))
    return out


def _split_titles(title_str: str, vocab: _Vocab) -> list[str]:
    out: list[str] = []
    rest = title_str
    if not rest:
        return out
    while rest:
        # the first key (longest first) that the rest starts with as a whole word
        m = vocab.title_key_re.match(rest)
        if m is None:
            break
        out.append(m.group(0))
        rest = rest[m.end():].lstrip()
    return out


def _merge(old: Person, new: Person) -> None:
    """A later mention of a known person: a role where there was none, or a fuller one.

    "Cabinet member Cllr Jo Hale" then "Cllr Hale, the cabinet member for children and families":
    the second role extends the first, so it replaces it.
    """
    if new.role is None:
        return
    if old.role and old.role.startswith("led the ") and new.role.lower() == "lead inspector":
        # the title the text gives later names the job "led the inspection" describes
        rest = old.role.split(", ", 1)
        old.role = new.role + (", " + rest[1] if len(rest) > 1 else "")
        old.rules |= new.rules | {"people.led_by"}
        return
    if old.role is None or _extends(old.role, new.role) or (old.role == "inspectors" and "people.plural_title" in new.rules):
        old.role = new.role
        old.rules |= new.rules
        if new.organisation is not None or old.organisation is None:
            old.organisation, old.org_from_role = new.organisation, new.org_from_role


def _extends(old: str, new: str) -> bool:
    """Whether ``new`` is ``old`` with more after it, or with a title before it ("His Majesty's
    Inspector, lead inspector" for "lead inspector")."""
    o, n = old.casefold().replace("\u2019", "'"), new.casefold().replace("\u2019", "'")
    return len(n) > len(o) and (n.startswith(o) or n.endswith(", " + o))


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` lies in one of ``spans`` (sorted by start, not overlapping)."""
    if not spans:
        return False
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _excluded_spans(text: str, author_span, vocab: _Vocab) -> list[tuple[int, int]]:
    """Bylines and picture credits: their names are the document's author, not people of the story."""
    spans = [tuple(author_span)] if author_span else []
    first = vocab.byline_start_re.match(text)
    if first is not None:
        spans.append((first.start("who"), first.end("who")))
    for m in vocab.byline_re.finditer(text):
        spans.append((m.start("who"), m.end("who")))
    for m in vocab.credit_re.finditer(text):
        if m.start() == 0 or not text[m.start() - 1].isalnum():
            spans.append((m.start("who"), m.end("who")))
    return sorted(spans)


_AGE = re.compile(r", (?:aged )?(\d{1,2}),")
#: A one-word name's age may also end its clause: "said Keeley, 20."
_SINGLE_AGE = re.compile(r", (?:aged )?(\d{1,2})(?:,|(?=[.:](?:[\s\])]|$))|(?=\]))")
#: What may stand before a one-word name with an age: a speech verb ("said Keeley, 20."), "was"
#: ("That was Jade, 19, who ..."), "As" ("As Jaydn, 18, put it"), "For" ("For Tamsin, 20, who left
#: care ..."), an age ("20-year-old Marisol"),
#: a comma after a phrase ("One of them, Tariq, 17, told me") or a label's dash ("[CLIP – Tobias, 19, ...]").
_BEFORE_SINGLE = re.compile(r"(?:\b(?:said|says|added|explained|asked|was|is|[Aa]s|[Ff]or|met|interviewed|including|among them|such as|(?:spoke|talked) (?:to|with))|\b\d{1,2}-year-old|[a-z],|[–—]) $")
#: What follows the age of a one-word name after a comma: a speech verb, a relative clause, a colon,
#: or the rest of a bracketed label ("[CLIP – Tobias, 19, care leaver]").
_AFTER_AGE = re.compile(r" (?:told|said|says|added|who|explained|recalled|wrote|described|put)\b|:|(?<=,) [a-z][a-z ]{2,40}\]")
#: An age ending a quotation's signature line: '"..." – Jaylen, aged 15'.
_LINE_END_AGE = re.compile(r", (?:aged )?(\d{1,2})(?=[ \t]*(?:\n|$))")
#: A quotation's signature dash: '"... the plan." – Jade, 16, member of ...'.
_SIGNED_QUOTE = re.compile(r"[\"\u201d\u2019'][.,]?[ \t]*[–—-][ \t]*$")
_SAID_AFTER_WHO = re.compile(r", who(?:se)? [^.;:\n]{3,140}?, (?:said|says|told|added|explained|messaged|emailed|wrote|texted|put\s+it)\b")
_YEAR_OLD = re.compile(r"\b(\d{1,2})-year-old $")
#: A person noun and an age in apposition after a one-word name: ", a care leaver aged 19,".
_ROLE_AGE = re.compile(r", an? ((?:[a-z\-]+ ){0,2}[a-z\-]+) aged (\d{1,2}),")
_WHO = re.compile(r", who(?:se)? ")
#: A person noun with a relative clause in apposition, then a speech verb: ", a young woman who left our
#: care last year, told me".
#: Or a role and the body it is of: ", a member of the Children in Care Council, told officers".
#: A role with "the" in apposition after a one-word name, then a speech verb: ", the care leaver
#: representative on the children in care council, told".
_THE_ROLE_SAID = re.compile(r", the ((?:[a-z\-'\u2019]+ ){0,3}[a-z\-]+)((?: (?:of|at|for|on|in) [^.;:,\n\"“”]{2,80})?), "
                            r"(?:said|says|told|added|explained|wrote)\b")
#: Or where the person is from: ", a 19-year-old care leaver from Boscombe, said".
_A_WHO_SAID = re.compile(r", an? ((?:[a-z0-9\-]+ ){0,2}[a-z\-]+)( who [^.;:,\n\"“”]{3,80}| (?:of|at|for) (?:the |our |its )?[A-Z][^.;:,\n\"“”]{2,80}| from [A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+)?), "
                         r"(?:said|says|told|added|explained|wrote)\b")
#: A speech verb right after a one-word name (after its closing comma, if any).
_SPEAKS_AFTER = re.compile(r",? (?:told|said|says|added|explained|asked|recalled|remembers|recalls|(?:has )?(?:emailed|messaged|written|texted)|wrote|put it)\b")
#: A quotation closed right before a one-word name: '"...," Kezia told me'.
_QUOTE_CLOSED_BEFORE = re.compile(r"[,?!][\"\u201d\u2019] $")
#: Before a one-word name in commas, what it names: "One of them, ", "Their chair, ", "One young
#: man who left our care last year, ".
_KIN = "son|daughter|mother|father|friend|sister|brother"
#: One of the audience before a one-word name: "A reader, Sam, has emailed" (its noun is the role).
_AUDIENCE = r"\b(?:[Aa]n?|[Oo]ne) (reader|listener|viewer|caller)"
_APPOSED_BEFORE = re.compile(r"(?:\b[Oo]ne of them|\b(?:[Oo]ne|[Aa]n?)\s+(?:young\s+|other\s+)?(?:man|woman|person|girl|boy|care\s+leaver|mother|father|parent|foster\s+carer|member)\b(?:\s+(?:who|whom|that)\s[^,.;:\n]{3,80}|\s+(?:I|we)\s+(?:know|knew|met|meet))?|\b(?:[Tt]heir|[Hh]is|[Hh]er|[Ii]ts|[Oo]ur|[Tt]he) (?:[a-z\-]+ ){0,2}?(?:chair|chairman|chairwoman|member|representative|spokesperson|"
                             + _KIN + ")|" + _AUDIENCE + "), $")
#: "My friend Kayleigh, who ...": a kin or friend noun after a possessive, right before a name.
_KIN_BEFORE = re.compile(r"\b(?:[Mm]y|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir) (?:" + _KIN + "|partner|niece|nephew|grandson|granddaughter|cousin) $")
_AUDIENCE_BEFORE = re.compile(_AUDIENCE + ", $")
#: The number of an age predicate: " is 16".
_AGE_NUMBER = re.compile(r"\d{1,2}")
#: A possessive and a role right before a name in commas: "Our young ambassador, ".
_POSS_ROLE_BEFORE = re.compile(r"\b(?:[Tt]heir|[Hh]is|[Hh]er|[Ii]ts|[Oo]ur|[Mm]y) ((?:[a-z\-]+ ){0,2}[a-z\-]+), $")
_AGE_PREDICATE = re.compile(r" (?:was|is|turned|is now) (?:just |only )?\d{1,2}(?: years old)?\b(?! (?:per|%|percent|of|children|councils|areas|months|days|weeks|years))")


def _single_name(text: str, nstart: int, nend: int, name: str, vocab: _Vocab, men: _Mentions) -> Person | None:
    """A person known by one name: "Kacey, 17, a member of ...", "care leaver Jordan, 19".

    Only with an age in apposition, which places do not have; a person noun before the name
    ("care leaver", "social worker") is the role, with the age after it.
    """
    age = _SINGLE_AGE.match(text, nend) or _YEAR_OLD.search(text, max(0, nstart - 12), nstart)
    if age is None and _SIGNED_QUOTE.search(text, max(0, nstart - 6), nstart):
        age = _LINE_END_AGE.match(text, nend)   # '"..." – Jaylen, aged 15' ending its line
    if men.overlapping(nstart, nend) or name in vocab.stop_first:
        return None
    if age is None and (ra := _ROLE_AGE.match(text, nend)) is not None and _has_role_head(ra.group(1), vocab):
        # "Kayleigh, a care leaver aged 19, told the Board": the person noun and the age in apposition
        return Person(name, nstart, nend, "people.single_name", f"{ra.group(1)}, aged {ra.group(2)}", None, False,
                      {"people.single_name", "people.apposition"})
    if age is None and text.startswith(",", nend) and _SIGNED_QUOTE.search(text, max(0, nstart - 6), nstart):
        # '"..." – Oona, social worker, Salisbury': a quotation's signature, the role after the name
        sig: set[str] = {"people.single_name"}
        appos = _appositive_role(text, nend, vocab, men, fired=sig)
        if appos is not None and appos[0] and _has_role_head(appos[0], vocab):
            sig.add("people.apposition")
            org = appos[1]
            return Person(name, nstart, nend, "people.single_name", appos[0], org.name if org is not None else None,
                          org is not None, sig)
    if age is None:
        if _KIN_BEFORE.search(text, max(0, nstart - 20), nstart) and _WHO.match(text, nend):
            # "My friend Kayleigh, who left care two years ago, ...": a person the writer knows
            return Person(name, nstart, nend, "people.single_name", None, None, False, {"people.single_name"})
        if (nstart == 0 or _AFTER_BREAK.search(text[max(0, nstart - 12):nstart])) \
                and (tr := _THE_ROLE_SAID.match(text, nend)) is not None and _has_role_head(tr.group(1), vocab):
            # "2.2 Tamika, the care leaver representative on the children in care council, told
            # officers:": at a sentence's start, a role with "the" in apposition and a speech verb after it
            return Person(name, nstart, nend, "people.single_name", tr.group(1) + tr.group(2), None, False,
                          {"people.single_name", "people.apposition"})
        # "Marcus, who left care two years ago and now lives in Homerton, said": at a sentence's
        # start, a relative clause of a person and a speech verb after it (or an age: "Tayo, who is
        # 20 and left our care last year, sits on our participation board")
        if (nstart == 0 or _AFTER_BREAK.search(text[max(0, nstart - 3):nstart])) and _WHO.match(text, nend) \
                and (_SAID_AFTER_WHO.match(text, nend) or _AGE_PREDICATE.match(text, nend + len(", who"))):
            return Person(name, nstart, nend, "people.single_name", None, None, False, {"people.single_name"})
        if _WHO.match(text, nend) and (ap := _AGE_PREDICATE.match(text, nend + len(", who"))) is not None \
                and (pr := _POSS_ROLE_BEFORE.search(text, max(0, nstart - 60), nstart)) is not None \
                and _has_role_head(pr.group(1), vocab):
            # "Our young ambassador, Tia, who is 16 and lives with her aunt, put it more simply:": a
            # one-word name in commas after a possessive and a role, an age in its relative clause
            age_n = _AGE_NUMBER.search(ap.group(0))
            return Person(name, nstart, nend, "people.single_name", f"{pr.group(1)}, {age_n.group(0)}" if age_n else pr.group(1),
                          None, False, {"people.single_name", "people.apposition"})
        if _WHO.match(text, nend) and _SAID_AFTER_WHO.match(text, nend) \
                and (pre := _premodifier(text, nstart, vocab, men)) is not None and pre[0] \
                and text[max(0, nstart - len(pre[0]) - 1):nstart - 1].lower() == pre[0].lower() \
                and (nstart - len(pre[0]) - 1 <= 0 or _AFTER_BREAK.search(text[max(0, nstart - len(pre[0]) - 4):nstart - len(pre[0]) - 1])) \
                and not re.search(r"[A-Z][\w'\u2019\-]+ " + re.escape(name) + r"\b", text):   # not a surname named in full elsewhere
            # "Foster carer Marcia, who has looked after children in the borough for eleven years,
            # told ...": a sentence opening on a role and a one-word name, a relative clause and a
            # speech verb after it
            return Person(name, nstart, nend, "people.single_name", pre[0], None, False,
                          {"people.single_name", "people.premodifier"})
        if (nstart == 0 or _AFTER_BREAK.search(text[max(0, nstart - 3):nstart])) \
                and (aw := _A_WHO_SAID.match(text, nend)) is not None \
                and (_has_role_head(aw.group(1), vocab) or aw.group(1).rsplit(" ", 1)[-1] in vocab.person_nouns):
            # "Kayleigh, a young woman who left our care last year, told me:": at a sentence's start,
            # a person noun with its relative clause in apposition and a speech verb after it
            return Person(name, nstart, nend, "people.single_name", aw.group(1) + aw.group(2), None, False,
                          {"people.single_name", "people.apposition"})
        if (_SPEAKS_AFTER.match(text, nend) or _SAID_AFTER_WHO.match(text, nend)) \
                and (_QUOTE_CLOSED_BEFORE.search(text, max(0, nstart - 4), nstart)
                     or _APPOSED_BEFORE.search(text, max(0, nstart - 120), nstart)
                     and text.startswith(",", nend)) \
                and not re.search(r"[A-Z][\w'\u2019\-]+ " + re.escape(name) + r"\b", text):   # not a surname named in full elsewhere
            # '"...," Kezia told me.', "One of them, Jordan, told me", "Their chair, Jaden, told this committee"
            aud = _AUDIENCE_BEFORE.search(text, max(0, nstart - 40), nstart)
            return Person(name, nstart, nend, "people.single_name", aud.group(1) if aud else None, None, False,
                          {"people.single_name"})
        return None
    pre = _premodifier(text, nstart, vocab, men)
    before = text[max(0, nstart - 3) : nstart]
    if pre is None and not (nstart == 0 or _AFTER_BREAK.search(before)):
        # "said Keeley, 20.", "One of them, Tariq, 17, told me", "20-year-old Marisol": only with
        # a speaker's verb or a relative clause after the age, or the age before the name
        wider = text[max(0, nstart - 16) : nstart]
        if not _BEFORE_SINGLE.search(wider):
            return None
        if age.re is _SINGLE_AGE and not (wider.rstrip().endswith(("said", "says", "added", "explained", "asked"))
                                   or _AFTER_AGE.match(text, age.end())
                                   or _SIGNED_QUOTE.search(text, max(0, nstart - 6), nstart)):
            return None
        if age.re is _YEAR_OLD and not _AFTER_AGE.match(text, nend) and not text.startswith(",", nend):
            return None
    fired = {"people.single_name"}
    role, org = (pre[0], pre[1]) if pre else (None, None)
    if role is not None:
        role = f"{role}, {age.group(1)}"
        fired.add("people.premodifier")
    elif age.re is _SINGLE_AGE and text[age.end() - 1] == ",":
        appos = _appositive_role(text, age.end() - 1, vocab, men, fired=fired)
        if appos is not None:
            role, org = appos
            role = f"{role}, {age.group(1)}"
            fired.add("people.apposition")
    org_name = org.name if org is not None and not _is_person_noun_role(role, vocab) else None
    if org is not None and org_name is None:
        fired.add("people.unaffiliated")
    return Person(name, nstart, nend, "people.single_name", role, org_name, org is not None, fired)


def _listed_councillors(text: str, vocab: _Vocab, men: _Mentions, excluded) -> list[Person]:
    """ "Councillors Ann Lee, Bo Chan and Cy Dee": each a Councillor of the authority named before."""
    out: list[Person] = []
    if not any(t in text for t in vocab.plural_titles):
        return out
    for m in vocab.plural_title_re.finditer(text):
        prefix = vocab.plural_titles[m.group("title")]
        for nm in vocab.list_name_re.finditer(m.group("names")):
            s = m.start("names") + nm.start()
            name = nm.group(0)
            if _inside(excluded, s) or any(t in vocab.stop for t in name.split()):
                continue
            own = nm.group("role") or nm.group("role2")
            role = f"{prefix}, {own}" if own else prefix
            if prefix.lower().replace("\u2019", "'") in vocab.inspector_roles:   # "His Majesty's Inspectors Lowri Antrobus and ...": Ofsted's
                out.append(Person(name, s, s + len(name), "people.plural_title", role, "Ofsted", False,
                                  {"people.plural_title", "people.inspector_organisation"}))
                continue
            la = _default_la(men, s)
            rules = {"people.plural_title"} | ({"people.default_authority"} if la else set())
            out.append(Person(name, s, s + len(name), "people.plural_title", role, la.name if la else None, False, rules))
    return out


def _later_mentions(text: str, found: dict[str, Person], vocab: _Vocab, men: _Mentions) -> None:
    """Roles given at a later mention: "Ms Idowu-Sterne is Merton's director of ...",
    "Cllr Thewlis-Baird, the cabinet member for children and families, called ..."."""
    if not found:
        return
    rows = [{"name": n} for n in found]
    for s, e, name in person_mentions(text, rows):
        person = found[name]
        if s == person.start or (person.start <= s < person.end):
            continue
        fired = {"people.later_mention"}
        got = _copular_role(text, e, vocab, men, fired)
        if got is not None:
            fired.add("people.copular")
        else:
            got = _appositive_role(text, e, vocab, men, strict=True, fired=fired)
            if got is not None:
                fired.add("people.apposition")
        if got is None:
            continue
        role, org = got
        prefix = person.role.split(", ", 1)[0] if person.role and person.role.split(", ", 1)[0] in vocab.prefix_roles else None
        if prefix and not role.startswith(prefix):
            role = f"{prefix}, {role}"
        org_name = org.name if org is not None else _default_org(role, s, vocab, men, fired)
        _merge(person, Person(name, s, e, "people.later_mention", role, org_name, org is not None, fired))


_DURATION_TAIL = re.compile(
    r"\s+(?:for (?:\w+ )?(?:years|months|weeks|decades|a decade|a year)|since \S+(?: \d{4})?|in \d{4}|(?:last|this) year)\s*$"
)


#: After a name, the rest of its clause up to the job it names: " grew up in care ... and now works as ".
_WORKS_AS = re.compile(r" (?:grew|was|is|has|had|lives|left|spent|joined|trained|started|qualified)\b[^.;:\n\"“”]{0,100}?\b(?:and )?(?:now )?works as (?=an? [a-z])")


def _copular_role(text: str, pos: int, vocab: _Vocab, men: _Mentions, fired: set | None = None):
    """ "<name> is Merton's director of children, schools and families." -> role (and body)."""
    m = vocab.copula_re.match(text, pos)
    if m is None:
        # "Aoife Brennan-Stroud grew up in foster care in south Cumbria and now works as a peer
        # mentor for young people leaving care": the job the sentence about the name gives
        m = _WORKS_AS.match(text, pos)
        if m is None:
            return None
    rs = m.end()
    end = _apposition_end(text, rs, vocab)
    phrase = text[rs:end]
    phrase = _DURATION_TAIL.sub("", phrase)
    if not phrase or not _has_role_head(phrase[:60], vocab) or phrase[:1].isdecimal():
        return None
    role, org = _role_and_org(phrase, rs, men, text)
    own: set = set()
    role = _finish_role(role, vocab, own) if role else None
    if not role or role.split()[0].lower() not in vocab.role_words and role.split()[0].lower() not in vocab.role_heads:
        return None
    if fired is not None:
        fired |= own
    return role, org


def _appositive_role(text: str, pos: int, vocab: _Vocab, men: _Mentions, strict: bool = False, fired: set | None = None):
    """The role in apposition at ``pos`` (", the cabinet member for ..."), or None."""
    if text[pos : pos + 2] != ", ":
        return None
    rs = pos + 2
    cand = text[rs : rs + 60]
    if not _ROLE_START.match(cand) or _says_what_they_did(cand, vocab):
        return None
    if _next_person(cand, vocab):
        return None
    end = _apposition_end(text, rs, vocab)
    own: set = set()
    phrase = _trim_chunks(text[rs:end], own)
    if not phrase or not _has_role_head(phrase, vocab):
        return None
    role, org = _role_and_org(phrase, rs, men, text)
    if not role:
        return None
    if strict and role.split()[0].lower() not in vocab.role_words:
        return None
    role = _finish_role(role, vocab, own)
    if fired is not None:
        fired |= own
    return role, org


_NEXT_NAME = re.compile(rf"\s*{_TOKEN}")
#: A dash between a name opening its line and the role filling the rest of it.
_LINE_DASH = re.compile(r" [–—-] (?=\S)")
#: A line's opening before a name: the line break, a bullet or indentation.
_LINE_OPENS = re.compile(r"\n[ \t]*(?:[-•*·▪][ \t]+)?$")


def _next_person(cand: str, vocab: _Vocab) -> bool:
    """Whether the words after "<name>, " open on a title and a name: the next person of a list
    ("Councillor A, Councillor B, Councillor C"), no role of the one before."""
    tm = vocab.title_key_re.match(cand)
    return tm is not None and _NEXT_NAME.match(cand, tm.end()) is not None


def _says_what_they_did(cand: str, vocab: _Vocab) -> bool:
    """Whether the words after "<name>, " open with a speech verb or an auxiliary (", said the
    problem was", ", has written to"): what the person did, not who they are."""
    return cand.split(" ", 1)[0] in vocab.not_role_first


#: Where a person is from, in apposition: ", from Muswell Hill" (a comma follows).
_FROM_PLACE = re.compile(r", from (?:[A-Z][\w'’\-]+ ){0,2}[A-Z][\w'’\-]+(?=,)")
#: A full name (two capitalised words at least) right before ", from ".
_NAME_BEFORE_FROM = re.compile(r"(?<![\w'’\-])[A-Z][\w'’\-]+ (?:[A-Z][\w'’\-]+ )?[A-Z][\w'’\-]+$")
_NOT_ROLE_START = re.compile(r"(?:with|and|at|in|on|outside|during|near|from|after|before) ")
_IN_THE = re.compile(r"^in the ")
#: The chair of a meeting in a minutes' attendance list: "Councillor Annika Hollis-Varga, in the Chair".
_IN_THE_CHAIR = re.compile(r"in the (Chair)\b")
_APPOINTED = re.compile(r"\b(?:appointed|named|made|installed)\s+$")
_AS_ROLE = re.compile(r" as (?:the |its |their |an? )?([a-zA-Z][\w'’ -]{2,60}?)(?=[,.;:]|\s+(?:to|in|from|on|for|after|until)\b)")
_PARA_NUMBER = re.compile(r"\d+(?:\.\d+)*\.?\s+")
_BRACKETED_NAME = re.compile(r" \((?:[A-Z][\w\-'’]+ ){1,2}[A-Z][\w\-'’]+\)")
_PAREN_ROLE = re.compile(r" \(([\w+][\w\-'’,+ ]{1,70})\)")


#: After a name, the body it speaks for in apposition, then the reporting verb: ", of the Social Work
#: Futures Network, a practitioners' group, said", ", of the Darnall family support charity Open Door
#: Families, said" (the body's name ends the apposition).
_OF_BODY_SAID = re.compile(r", (?:of|from) (?:the )?(?:[a-z][\w'’-]* ){0,3}(?P<body>[A-Z][^,;.\n]{2,80}?)(?:, (?:an?|the) [^,;.\n]{2,60})?, "
                           r"(?=(?:said|says|told|added|warned|argued|explained)\b)")


def _classify(text, start, nstart, nend, name, titles, vocab: _Vocab, men: _Mentions) -> Person | None:
    """The person a name candidate is, from its context, or None when nothing says it is one.

    ``rule`` is the rule that makes the candidate a person (the row's ``rule``); ``fired``
    collects every rule that shaped the row.
    """
    if text.startswith(", from ", nstart - 7) and _NAME_BEFORE_FROM.search(text, max(0, nstart - 70), nstart - 7):
        # "Caitriona Abimbola-Strand, from Muswell Hill, who adopted ...": where the person before
        # is from, no person of its own
        return None
    prefix_role = None
    rank = None
    for t in titles:
        if t in vocab.role_prefix:
            prefix_role = vocab.role_prefix[t]
        if t in vocab.ranks:
            rank = t
    rule = None
    fired: set[str] = set()
    if titles and not (rank and len(titles) == 1):
        fired.add("people.title")
    role = None
    org: OrgMention | None = None
    org_name: str | None = None
    described = False

    bn = _BRACKETED_NAME.match(text, nend)
    if bn is not None and not _has_role_head(bn.group(0), vocab) and not men.overlapping(bn.start() + 2, bn.end() - 1) \
            and not _ASKED_BY.search(text, max(0, start - 20), start):
        # "Assistant Director, Corporate Parenting (Joanne Pemberton-Akers)": the role's last words
        # (not "Asked by Rupert Ashcombe-Nyarko (Norwich North)": a seat)
        return None
    # a caption's position marker is not part of the sentence: "Tyrese Mallon (left), chair of ..."
    end = nend
    cm = vocab.caption_re.match(text, end)
    if cm:
        end = cm.end() if not cm.group(0).endswith(",") else cm.end() - 1
        described = True
        fired.add("people.caption")
    # a role in brackets: "Councillor Gillian Stavely-Moss (Chair)"
    paren_role = None
    pm = _PAREN_ROLE.match(text, end)
    hm = vocab.hansard_re.match(text, end)
    if hm is not None:
        # a debate's speaker: "Mr Alan Forsythe-Grey (Newbury) (Con): I beg to move"
        paren_role = f"MP for {hm.group('seat')}"
        end = hm.end() - 1 if hm.group(0).endswith(":") else hm.end()
        fired.add("people.hansard")
    elif (sm := _SEAT_LINE.match(text, end)) is not None and _ASKED_BY.search(text, max(0, start - 20), start):
        # a written question's asker: "Asked by Rosalind Abernethy-Kaur (Watford)" ("(Labour)": a party)
        seat = sm.group("seat")
        paren_role = f"MP ({seat})" if seat in vocab.parties else f"MP for {seat}"
        end = sm.end()
        fired.add("people.hansard")
    elif _LINE_ENDS.match(text, end) and _ASKED_BY.search(text, max(0, start - 20), start):
        # "Asked by Hattie Carrow-Penwith" on a line of its own: the question's asker, a person
        described = True
        fired.add("people.hansard")
        rl = _ANSWER_ROLE_LINE.match(text, end)
        if rl is not None and _has_role_head(rl.group("role").lower(), vocab):
            # "Answered by Casimir Wetherall" over "Parliamentary Under-Secretary of State
            # (Department for Education)": the answerer's role and body
            paren_role = rl.group("role")
            if rl.group("org"):
                body = men.overlapping(rl.start("org"), rl.start("org") + 1)
                org = body[0] if body else None
            end = rl.end()
    elif pm and _has_role_head(pm.group(1), vocab):
        paren_role = _IN_THE.sub("", pm.group(1))   # "(in the Chair)": the chair
        inside = [o for o in men.overlapping(pm.start(1), pm.end(1)) if o.start >= pm.start(1) and o.rule != "la_place"]
        if inside:
            # "(Principal Social Worker, Cornwall Council)", "(Department for Education adviser)":
            # the body the bracket names is the person's, and a body after the role's comma is no
            # part of the role
            org = inside[-1]
            if text[org.start - 2:org.start] == ", " and org.end == pm.end(1):
                paren_role = _IN_THE.sub("", text[pm.start(1):org.start - 2])
        end = pm.end()
        fired.add("people.caption")

    # --- header label: "Contact officer: Andrew Nuttall, Assistant Director"
    label_m, label_start = _label_before(text, start, vocab)
    label_role = None
    contact_label = None
    if label_m and label_m.group("label") in vocab.label_credit:
        label_m = None  # a caption ("Photo: Jo Bloggs, left, with ..."); a credit ends its line and is excluded
    if label_m:
        label = label_m.group("label")
        rule = "header"
        label_role = vocab.label_role.get(label)
        contact_label = vocab.label_contact.get(label)

    # --- an age in apposition: "Shanice Boateng, 20, who left care ..."
    age = _AGE.match(text, end)
    if age:
        end = age.end() - 1
        described = True
    elif (fp := _FROM_PLACE.match(text, end)) is not None and " " in name and _WHO.match(text, fp.end()):
        # "Caitriona Abimbola-Strand, from Muswell Hill, who adopted ...": where a full name is
        # from, then what is said of them (not after a one-word name: "Listener Marcia, from
        # Brierley Hill," may be a place's too)
        end = fp.end()

    # --- apposition after the name
    after = text[end : end + 3]
    appos = None
    if after.startswith(", ") and paren_role is None:   # a bracketed role is the role: what follows says more
        rs = end + 2
        cand = text[rs : rs + 60]
        if _WHO.match(text, end):
            described = True
        became = vocab.relative_role_re.match(text, rs)
        if became:
            # "who became director of children's services in 2016", "who chairs the committee"
            rs2 = became.end()
            re_end = _apposition_end(text, rs2, vocab)
            phrase = _DURATION_TAIL.sub("", text[rs2:re_end])
            noun = vocab.relative_roles.get(became.group("verb"))
            if phrase and (noun or _has_role_head(phrase[:60], vocab)) and not phrase[:1].isdigit():
                appos = (rs2, phrase, noun or "")
        elif (chair := _IN_THE_CHAIR.match(text, rs)) is not None:
            appos = (chair.start(1), chair.group(1), None)   # "Councillor Annika Hollis-Varga, in the Chair.": the chair
        elif _says_what_they_did(cand, vocab):
            pass   # ", said the problem was ...", ", has written to ...": what they did, not a role
        elif _next_person(cand, vocab):
            pass   # ", Councillor Tristram Oyelaran-Pike, ...": the next person of a list
        elif label_m or (_ROLE_START.match(cand) and not _NOT_ROLE_START.match(cand)):
            re_end = _apposition_end(text, rs, vocab)
            phrase = _trim_chunks(text[rs:re_end], fired)
            if phrase and _has_role_head(phrase, vocab) or (label_m and phrase):
                appos = (rs, phrase, None)
    elif (dash := _LINE_DASH.match(text, end)) is not None and (start == 0 or _LINE_OPENS.search(text, max(0, start - 12), start)):
        # an attendance line "Ingrid Halloway-Mensah – Independent Chair": the role fills the line
        rs = dash.end()
        line_end = text.find("\n", rs)
        phrase = _trim_chunks(text[rs:line_end if line_end >= 0 else len(text)].rstrip(" .;"), fired)
        if phrase and _ROLE_START.match(phrase) and _has_role_head(phrase, vocab):
            appos = (rs, phrase, None)
    elif label_m is not None and (pl := _POSITION_LINE.match(text, end)) is not None:
        # "Name: Cormac Fairweather-Obi" over "Position: Strategic Director of ...": a contact block
        appos = (pl.start("role"), pl.group("role").rstrip(" ."), None)
    else:
        # a list of names sharing one apposition: "Sunil Varghese-Doyle and Helena Brack, Communications Team"
        nxt = vocab.list_next_re.match(text, end)
        if nxt and label_m and text[nxt.end() : nxt.end() + 2] == ", ":
            rs = nxt.end() + 2
            re_end = _apposition_end(text, rs, vocab)
            phrase = _trim_chunks(text[rs:re_end], fired)
            if phrase:
                appos = (rs, phrase, None)
    if appos:
        role, org = _role_and_org(appos[1], appos[0], men, text)
        if appos[2]:
            # "who chairs the council's children's committee" -> "chair of the council's ..."
            role = appos[2] + " " + " ".join(appos[1].split())
        kind = "apposition" if appos[2] is None else "relative_role"
        if role is not None and appos[2] is None and (our := _OUR.match(role)) is not None:
            role = role[our.end():]   # "Nancy Pettigrew-Oduya, our Director of Children's Services, said"
        if role is not None:
            role = _finish_role(role, vocab, fired)
            fired.add(f"people.{kind}")
        rule = rule or kind
    if age and role and appos:
        role = f"{role}, {age.group(1)}"
    if contact_label and (role is None or not _has_role_head(role, vocab)):
        label_role = contact_label

    # --- led by: "The inspection was led by Helen Marchbank, one of His Majesty's Inspectors"
    before = text[max(0, start - 60) : start]
    if before.endswith(" led by ") or before == "led by ":
        led = _led_what(text, start)
        role = f"{led}, {role}" if role else led
        rule = "led_by"
        fired.add("people.led_by")

    # --- chaired by: "an improvement board, chaired independently by Marguerite Ashdown-Kamara"
    if role is None and before.endswith("by ") and (ch := _CHAIRED_BY.search(text, _sentence_start(text, start), start)) is not None:
        what = ch.group("what")
        # a body's own name follows a comma ("independent chair, Improvement Board"), a description "of the"
        role = f"{'independent ' if ch.group('ind') else ''}chair{', ' if what[:1].isupper() else ' of the '}{what}"
        rule = rule or "chaired_by"
        fired.add("people.chaired_by")

    # --- pre-apposition: "The trust's chair, Margaret Oduya, said"
    if role is None and before.endswith(", "):
        ss = _sentence_start(text, start)
        num = _PARA_NUMBER.match(text, ss, start)
        if num is not None:
            ss = num.end()   # "4.2 The Director of Children's Services, Anwen Delacourt-Imrie, told the Board"
        phrase = text[ss : start - 2]
        after_quote = _AFTER_QUOTE_VERB.search(phrase)
        if after_quote is not None:
            # '"…," said our Director of Children's Services, Helen Marsh-Adeyemi.': the role after the verb
            ss, phrase = ss + after_quote.end(), phrase[after_quote.end():]
        contact = _CONTACT_CLAUSE.search(phrase) if " I " in phrase or " we " in phrase else None
        if contact is not None:
            phrase = phrase[:contact.start()]   # "A foster carer I have known for years, X,": the role before the clause
        if 0 < len(phrase) < 200 and (_has_role_head(phrase[-60:], vocab) or _role_of_named_body(phrase, ss, start - 2, vocab, men)) \
                and not _DOUBLE_QUOTE.search(phrase):
            # the whole clause before the name, else its last noun phrase that is a role
            # ("When I asked the town's director, Jo Bloggs, ...": "the town's director")
            for cut in [0, *(d.start() for d in reversed(list(_DETERMINER.finditer(phrase, 1))))]:
                sub = phrase[cut:]
                if cut and not _has_role_head(sub, vocab):
                    continue
                if _CLAUSE_WORDS.search(sub):
                    continue   # "The council said a DfE-appointed improvement adviser, X,": a clause, the role after it
                if (nc := _NAME_COMMA_END.search(text, max(0, ss + cut - 50), ss + cut)) is not None \
                        and not men.overlapping(nc.start(), nc.end() - 2):
                    # "Jerome Castellane-Ayodele, Head of Service, First Response": the role is the
                    # name's before it, and what follows it (a team) is the rest of that role (not
                    # a body's name: "Speaking to Tamar Television News, the council's chief executive, X,")
                    continue

                r2, o2 = _role_and_org(sub, ss + cut, men, text)
                our = _OUR.match(r2) if r2 else None
                if r2 and our is not None:
                    r2 = r2[our.end():]   # "Our chief executive, Helen Dorrington-Vale, said"
                elif r2 and (one_of := _ONE_OF.match(r2)) is not None and r2.endswith("s") and any(
                        w.lower().rstrip("s") in vocab.role_words for w in r2[one_of.end():].split(" ", 3)[:3]):
                    r2 = r2[one_of.end():-1]   # "One of our personal advisers, Kerry-Ann Doubleday, summed up": one adviser
                elif r2 and (one := _ONE.match(r2)) is not None and any(
                        w.lower() in vocab.role_words for w in r2[one.end():].split(" ", 3)[:3]):
                    # "One mother, Bethan Ravensworth, told me last week", "One newly qualified
                    # social worker, Rahul Fenwright, told me"
                    r2 = r2[one.end():]
                elif r2 and (their := _THEIR.match(r2)) is not None and r2[their.end():].split(" ", 1)[0].lower() in vocab.role_words:
                    r2 = r2[their.end():]   # "His personal adviser, Bryony Marsh-Atkinson, is brilliant"
                    if their.group(0).lower().startswith("its") and o2 is None:
                        # "... support group Open Door Families said ... . Its co-ordinator, Ruth
                        # Kenward-Obi, said": the body named last before it
                        prior = [m for m in men.within(max(0, ss + cut - 300), ss + cut) if m.org_type != "regulator"]
                        o2 = prior[-1] if prior else None
                elif r2 and (dem := _DEMONSTRATIVE.match(r2)) is not None and any(
                        w.lower() in vocab.role_words for w in r2[dem.end():].split(" ", 3)[:3]):
                    # "That interim director, Clemency Yardley-Mba, told members": the role the text
                    # spoke of before, now named
                    r2 = r2[dem.end():]
                elif r2 and (owner := _OWNER.match(r2)) is not None and (
                        r2[owner.end():].split(" ", 1)[0].lower() in vocab.role_words
                        or (r2[owner.end():owner.end() + 1].islower()
                            and any(w.lower() in vocab.role_words for w in r2[owner.end():].split(" ", 3)[:3]))):
                    # "The Corporation's director for children and families, Ravindra Ellacott-Moss, said",
                    # "The Department's improvement adviser, Hildegard Okafor-Brennan, reported"
                    r2 = r2[owner.end():]
                own: set = set()
                r2 = _finish_role(r2, vocab, own) if r2 else None
                if r2 and len(r2.split()) <= 12 and (r2.split()[0].lower() in vocab.role_words or r2[:1].islower()
                                                     or _APPOINTED_BY.match(r2)
                                                     # a job title in capitals ("Children's Services Governance Manager")
                                                     or (cut and _TITLE_CASE_ROLE.fullmatch(r2) is not None and _is_head(r2.split()[-1], vocab)
                                                         and not men.overlapping(nstart, nend))   # (not "Plymouth Sound News")
                                                     or _place_then_role(r2, vocab, men.within(ss + cut, start), text, _A_PLACE.match(sub) is not None)):
                    role, org = r2, o2
                    if org is not None and role in vocab.role_rewrites and org.org_type == "local_authority":
                        role = vocab.role_rewrites[role]
                    rule = "pre_apposition"
                    fired |= own | {"people.pre_apposition"}
                    break
                if cut:
                    break

    # --- "the Secretary of State appointed Lionel Ashcombe-Tarrant as children's services commissioner"
    if role is None and _APPOINTED.search(before):
        am = _AS_ROLE.match(text, nend)
        if am is not None and _has_role_head(am.group(1), vocab):
            role = am.group(1)
            rule = "appointed"
            fired.add("people.appointed")

    # --- premodifier: "Together for Children chief executive Alex Hopkins", "lead inspector X"
    if role is None:
        pre = _premodifier(text, start, vocab, men)
        if pre is not None:
            role, org = pre
            rule = "premodifier"
            fired.add("people.premodifier")

    if paren_role:
        role = f"{role}, {paren_role}" if role else paren_role
        rule = rule or ("hansard" if hm is not None or "people.hansard" in fired else "caption")

    # --- a name in brackets after its role: "Report by: Corporate Director of Children's
    # Services (Hannah Coverley)", "PRESENTER (Niamh Corrigan):"
    if role is None and not titles and text[start - 1 : start] == "(" and text.startswith(")", nend):
        ls = text.rfind("\n", 0, start) + 1
        colon = text.rfind(": ", ls, start)
        rs = colon + 2 if colon != -1 else ls
        phrase = text[rs : start - 1].rstrip()
        if 0 < len(phrase) <= 80 and _has_role_head(phrase.lower(), vocab) and not _DOUBLE_QUOTE.search(phrase):
            r2, o2 = _role_and_org(phrase, rs, men, text)
            r2 = _finish_role(r2, vocab, fired) if r2 else None
            if r2:
                role, org = (r2.lower() if r2.isupper() else r2), o2
                rule = "bracketed"
                fired.add("people.bracketed")

    # --- a role as the label of its line: "Director of Children's Services: Octavia Lindqvist-Amadi"
    if role is None and rule is None and not titles and label_m is None:
        generic = _role_label(text, start, nend, vocab)
        if generic is not None:
            role, rule = generic, "header"
            fired.add("people.header")

    if rank:
        role = rank if role is None else f"{rank}, {role}"
        rule = rule or "rank"
        fired.add("people.rank")
        if text.startswith(", of ", nend) and org is None:
            of_m = men.overlapping(nend + 5, nend + 6)
            if of_m:
                org = of_m[0]
        elif text.startswith(", ", nend) and org is None:
            # "Detective Inspector Piers Hathersage-Mensah, Metropolitan Police Service": the force
            # named right after the name (not Ofsted, whose inspectors hold no rank)
            by_m = men.overlapping(nend + 2, nend + 3)
            if by_m and by_m[0].start == nend + 2:
                org = by_m[0]

    if role is None and rule is None and not prefix_role and not rank:
        # (a courtesy title does not stop it: "Dear Mr Lachlan Bettridge-Oyelowo" over "Director of
        # Children's Services, London Borough of Bexley")
        sign = _sign_off(text, start, nend, vocab, men) or _salutation(text, start, nend, vocab, men)
        if sign is not None:
            role, org = sign   # "Sandra Mulholland-Reyes\nDirector of Children's Services"
            rule = "sign_off"
    if label_role:
        role = f"{label_role}, {role}" if role else label_role
    if label_m:
        fired.add("people.header")

    if prefix_role:
        rule = rule or "title"
        role = f"{prefix_role}, {role}" if role else prefix_role

    if rule is None and titles:
        rule = "title"

    if role is None:
        cop = _copular_role(text, nend, vocab, men, fired)
        if cop is not None:
            role, org = cop
            rule = rule or "copular"
            fired.add("people.copular")

    if rule is None and role is None and org is None and (ob := _OF_BODY_SAID.match(text, end)) is not None:
        # "Melvin Chukwu-Hartley, of the Social Work Futures Network, a practitioners' group, said":
        # a person who speaks for the body named in the apposition
        body = [o for o in men.overlapping(ob.start("body"), ob.end("body")) if o.end == ob.end("body")]
        # (a body the mentions do not know, "of the children's charity Marches Young Voices, said":
        # still a person who speaks)
        org, rule = (body[0] if body else None), "speech"
    if rule is None:
        # bare speech: "Jo Bloggs said" / "said Jo Bloggs"
        if vocab.speech_after_re.match(text, nend) or vocab.speech_before_re.search(before):
            rule = "speech"
        elif described or _AGE_PREDICATE.match(text, nend):
            rule = "described"
        elif _opens_paragraph(text, start) and _SUBJECT_VERB.match(text, nend):
            rule = "speech"   # "Marisol Everdene-Kwarteng does not like the word ..." opening a paragraph
        elif _MP_AFTER.match(text, nend) and not _THE_BEFORE.search(text, max(0, start - 5), start):
            rule, role = "postnominal", "MP"   # "From Ottoline Carrow-Baptiste MP" (not "Harrow West MP Daniel Ferreira", a seat)
        else:
            return None
    if rule in ("speech", "described", "postnominal"):
        fired.add(f"people.{rule}")
    elif described and not cm and rule not in ("caption",):
        fired.add("people.described")

    # organisation
    org_from_role = org is not None
    if org is not None:
        org_name = org.name if not _is_person_noun_role(role, vocab) else None
        if org_name is None:
            fired.add("people.unaffiliated")
    else:
        org_name = _default_org(role, start, vocab, men, fired)
    return Person(name, start if not prefix_role and not rank and not titles else nstart, nend, f"people.{rule}",
                   role or None, org_name, org_from_role, fired | {f"people.{rule}"})


#: "The independent chair of the ": a role of the body named after it (a sentence's opening).
_ROLE_OF_THE = re.compile(r"(?:The|the)\s+(?P<role>(?:[a-z\-]+\s+){0,2}[a-z\-]+)\s+of\s+(?:the\s+)?")


#: A full name and a comma right before a role: the role is that name's ("X Y, Head of Service, ...").
_NAME_COMMA_END = re.compile(r"\b[A-Z][\w'\u2019\-]+ [A-Z][\w'\u2019\-]+, $")


def _role_of_named_body(phrase: str, ss: int, end: int, vocab: _Vocab, men: _Mentions) -> bool:
    """Whether ``phrase`` (at ``ss``, ending at ``end``) is a role and "of" a body named to its end,
    too long for the role head to be in its last words: "The independent chair of the
    Cambridgeshire Local Safeguarding Children Board"."""
    m = _ROLE_OF_THE.match(phrase)
    if m is None or not _has_role_head(m.group("role"), vocab):
        return False
    body = men.overlapping(ss + m.end(), ss + m.end() + 1)
    return bool(body) and body[0].start == ss + m.end() and body[0].end == end


def _sign_off(text: str, start: int, nend: int, vocab: _Vocab, men: _Mentions) -> tuple[str, OrgMention | None] | None:
    """A name alone on its line with a role alone on the next (a letter's address block or a
    signature): that role, and the organisation on the line after it if one is named there."""
    name_end = text.find("\n", nend)
    if name_end < 0 or text[text.rfind("\n", 0, start) + 1:start].strip() or text[nend:name_end].strip(" ,"):
        return None
    role_start, role_end = name_end + 1, _line_end(text, name_end + 1)
    line = text[role_start:role_end]
    role_start += len(line) - len(line.lstrip())
    line = line.strip()
    if not line or len(line) > 80 or not line[0].isupper() or line.endswith((".", ":")) or not _has_role_head(line, vocab):
        return None
    role, org = _role_and_org(line, role_start, men, text)
    if not role:
        return None
    if org is None:
        org_end = _line_end(text, role_end + 1)
        nxt = [m for m in men.overlapping(role_end + 1, org_end) if m.org_type != "regulator" or m.name == "Ofsted"]
        if nxt and not text[role_end + 1:nxt[0].start].strip() and not text[nxt[0].end:org_end].strip(" ,"):
            org = nxt[0]
    return role, org


#: A letter's salutation up to the name: "Dear ", "Dear Ms ".
_DEAR = re.compile(r"Dear (?:(?:Mr|Mrs|Ms|Miss|Dr|Councillor|Cllr|Professor)\.? )?$")


def _salutation(text: str, start: int, nend: int, vocab: _Vocab, men: _Mentions) -> tuple[str, OrgMention | None] | None:
    """The role of a letter's addressee greeted by name ("Dear Rosamund Grieve-Mabunda,") whose
    address block above names the post and not the person ("Chief Executive" over "Trafford
    Council"): that role, and the body on the line after it."""
    line_start = text.rfind("\n", 0, start) + 1
    if not _DEAR.fullmatch(text, line_start, start) or text[nend:_line_end(text, nend)].strip() != ",":
        return None
    # the nearest block of lines above (a line such as "By email" between is passed over)
    pos = line_start - 1
    blocks: list[list[tuple[int, int]]] = []
    cur: list[tuple[int, int]] = []
    while pos > 0 and len(blocks) < 3:
        ls = text.rfind("\n", 0, pos) + 1
        if text[ls:pos].strip():
            cur.insert(0, (ls, pos))
        elif cur:
            blocks.append(cur)
            cur = []
        pos = ls - 1
    if cur:
        blocks.append(cur)
    for block in blocks:
        if len(block) < 2:
            continue   # "By email", a date
        (ls, le), (ns, ne) = block[0], block[1]
        first = text[ls:le].strip()
        if not first[:1].isupper() or len(first) > 80 or not _has_role_head(first, vocab):
            return None
        role, org = _role_and_org(first, ls + len(text[ls:le]) - len(text[ls:le].lstrip()), men, text)
        if not role:
            return None
        if org is None:
            nxt = [m for m in men.overlapping(ns, ne) if m.org_type != "regulator"]
            if nxt and not text[ns:nxt[0].start].strip():
                org = nxt[0]
        return role, org
    return None


def _line_end(text: str, pos: int) -> int:
    """The end of the line holding ``pos`` (its newline, or the text's end)."""
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _default_org(role: str | None, pos: int, vocab: _Vocab, men: _Mentions, fired: set | None = None) -> str | None:
    """The body a role belongs to when it names none: Ofsted for inspectors, the safeguarding
    board for its independent chair, nobody for an MP, a parent or a resident, else the authority
    the text is about at that point."""
    fired = set() if fired is None else fired
    if not role:
        return None
    low = role.lower().replace("\u2019", "'")
    if any(r in low for r in vocab.inspector_roles) and not low.startswith(("detective ", "police ")):
        # (a detective inspector is the police's)
        fired.add("people.inspector_organisation")
        return "Ofsted"
    if _is_person_noun_role(role, vocab):
        fired.add("people.unaffiliated")
        return None
    if "minister" in low or "secretary of state" in low:
        # a minister belongs to the department the text names, else to no body of the story
        fired.add("people.unaffiliated")
        dept = men.last_of(("government",))
        return dept.name if dept is not None else None
    if "teacher" in low:
        # a head teacher belongs to the school named last before them ("Cranford Lyne Primary
        # School has been rated outstanding ... said head teacher X"), not the council
        schools = [m for m in (men.last_with_word(pos, w) for w in _SCHOOL_WORDS) if m is not None]
        if schools:
            fired.add("people.default_authority")
            return max(schools, key=lambda m: m.start).name
    board = men.last_with_word(pos, "Safeguarding") if low.startswith("independent ") else None
    if board is not None:
        # an independent chair or scrutineer belongs to the safeguarding board named before
        return board.name
    if low.startswith("independent chair"):
        # an improvement board's independent chair belongs to no body of the story
        fired.add("people.unaffiliated")
        return None
    la = _default_la(men, pos)
    if not role.startswith(tuple(vocab.prefix_roles)):
        # an officer (not a councillor) may work for the provider named last: "Chief executive X"
        # after "the company's teams"
        prov = men.last_strictly_before(pos, ("provider",))
        if prov is not None and (la is None or la.start > pos or prov.start > la.start):
            la = prov
    if la is not None:
        fired.add("people.default_authority")
    return la.name if la else None


#: The words of a school's name a teacher's school is found by.
_SCHOOL_WORDS = ("School", "Academy", "College")


def _default_la(men: _Mentions, pos: int) -> OrgMention | None:
    """The authority named last before ``pos`` -- unless it is named only once, in passing, in a
    text about another authority ("The other, Harrow Council, received the grade last month")."""
    la = men.last_before(pos, ("local_authority",))
    if la is None:
        return None
    counts = men.la_counts()
    if la.la_code is not None and counts.get(la.la_code, 0) == 1:
        main, n = max(counts.items(), key=lambda kv: kv[1])
        if n >= 3 and main != la.la_code:
            return men.first_of(main)
    return la


def _is_person_noun_role(role: str | None, vocab: _Vocab) -> bool:
    """An MP, a parent, a resident, a care leaver: roles that belong to no body of the story."""
    if not role:
        return False
    for w in role.replace(",", " ").split()[:6]:
        low = w.lower()
        if w in vocab.unaffiliated or low in vocab.unaffiliated or (low[-1:] == "s" and low[:-1] in vocab.unaffiliated):
            return True
    return False


def _led_what(text: str, start: int) -> str:
    """ "The visit was led by X" -> "led the visit"; "It was led by X" -> the noun of the sentence before."""
    ss = _sentence_start(text, start)
    sent = text[ss:start]
    noun = _LED_NOUN.match(sent)
    if noun:
        return f"led the {noun.group(1)}"
    if _IT_OPENS.match(sent):
        prev = _LED_PREV.search(text[_sentence_start(text, max(0, ss - 2)) : ss])
        if prev:
            return f"led the {prev.group(1).lower()}"
    return "led the inspection"


#: A job title written in capitals, each word capitalised ("Children's Services Governance Manager").
_TITLE_CASE_ROLE = re.compile(r"(?:[A-Z][\w'’-]*\s+(?:(?:of|for|and|&)\s+)?){1,5}[A-Z][\w'’-]*")
#: What a person chairs, right before the name: "an improvement board, chaired independently by ",
#: "The council's improvement board is chaired by ".
_CHAIRED_BY = re.compile(r"(?:\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Oo]ur|[Tt]heir) )?(?P<what>(?:(?!(?:[Bb]y|[Tt]he|[Aa]n?|[Ii]ts|[Oo]ur|[Tt]heir) )[A-Za-z][\w'’-]* ){0,3}?(?:[Bb]oard|[Pp]anel|[Cc]ommittee|[Pp]artnership|[Ff]orum)),? (?:is |was |will be |has been )?"
                         r"chaired (?P<ind>independently )?by $")
_LED_NOUN = re.compile(r"\s*(?:The|the) ((?:[a-z\-]+ ){0,2}?(?:inspection team|inspection|visit|team|review|inspectors?))\b")
_LED_PREV = re.compile(r"\b(visit|inspection)\b", re.IGNORECASE)


#: The line after a "Name:" label's name that gives the role: "Position: Director of Children's
#: Social Care" (a contact block; rule ``people.header``).
_POSITION_LINE = re.compile(r"[ \t]*\n[ \t]*(?:Position|Job [Tt]itle|Title|Role|Designation|Post)[ \t]*:[ \t]*(?P<role>[^\n]{2,100})")

_ROLE_LABEL = re.compile(rf"[ \t]*{_LIST_NUMBER}?(?:Report (?:of|by) (?:the )?)?(?P<role>[A-Z][A-Za-z'\u2019,&() -]{{2,70}}?)[ \t]*:[ \t]*")


def _role_label(text: str, start: int, nend: int, vocab: _Vocab) -> str | None:
    """The role a line's label names when the name fills the rest of the line ("Programme lead:
    Serafina Okwuosa-Byrne", "Report of the Chief Executive: Tobias Wrenfield-Asante"), or None."""
    ls = text.rfind("\n", 0, start) + 1
    m = _ROLE_LABEL.fullmatch(text, ls, start)
    if m is None:
        return None
    rest = text[nend : nend + 80].split("\n", 1)[0].strip()
    if rest and not rest.startswith((",", "(")):
        return None
    role = m.group("role")
    return role if _has_role_head(role, vocab) else None


def _label_before(text: str, start: int, vocab: _Vocab):
    """A header label ending right before ``start`` on its line, or before a name list there."""
    nl = text.rfind("\n", max(0, start - 160), start)
    if nl == -1 and start > 160:
        return None, None
    seg_start = max(0, nl)
    if text.find(":", seg_start, start) == -1:
        return None, None
    label_m = vocab.label_re.search(text[seg_start:start])
    if label_m:
        return label_m, seg_start + label_m.start("label")
    # "Media contacts: Sunil Varghese-Doyle and Helena Brack, ..." -- the second name of a list
    lm = vocab.label_list_re.search(text[seg_start:start])
    if lm:
        return lm, seg_start + lm.start("label")
    return None, None


def _trim_chunks(phrase: str, fired: set | None = None) -> str:
    """A role phrase without a trailing clause that is not part of it.

    The comma-separated pieces after the first are kept while they continue the role: a
    capitalised heading style ("Head of Service, Children's Standards and Regulation") or a list
    ending in "and ..." ("for children, young people and families"); a place, a phone number or a
    verb ("outside the Civic Centre", "on 020 ...", "put it simply") ends it.
    """
    chunks = phrase.split(", ")
    keep = [chunks[0]]
    for i in range(1, len(chunks)):
        c = chunks[i]
        if c[:1].isupper():
            keep.append(c)
            continue
        if any(_LIST_END.search(r) for r in chunks[i : i + 3]) and not _CLAUSE_START.match(c):
            keep.append(c)
            continue
        if fired is not None:
            fired.add("people.role_end")
        break
    return ", ".join(keep)


_LIST_END = re.compile(r"(?:^|\s)(?:and|&) [a-z\w'\u2019\- ]+$")
_CLAUSE_START = re.compile(r"(?:on|at|in|outside|inside|near|from|by|with|speaking|pictured|who|which|when|where|put|went|said|says|read|reads)\b")
_FORMER_WHEN = re.compile(r"^(?P<role>.+?) (?:when (?:\w+ ){1,4}(?:was|were) last inspected|at the time(?: of the (?:last|previous) inspection)?)$")
#: "one of the team managers", "one of our newest social workers" (a superlative before the role is
#: its rank among them, not the role).
_ONE_OF_GROUP = re.compile(r"^one of (?:the|our|their|its) (?:[a-z]+est )?(?P<group>[a-z][\w\- ]*?[a-z]s)(?: (?:who|that) .+)?$")
_RESTRICTIVE = re.compile(r"^(?P<role>\S.*? (?:of|for) .+?) (?:who|that) \w.*$")
_LEADING_INDEFINITE = re.compile(r"^(?:a|an|A|An) (?=\w)")


def _finish_role(role: str, vocab: _Vocab, fired: set | None = None) -> str:
    """Gold-style tidying of a role: "a personal adviser" -> "personal adviser"; "the director of
    children's services when Harrow was last inspected" -> "former director of children's services";
    "became director of children's services in 2016" -> "director of children's services"."""
    role = _LEADING_INDEFINITE.sub("", role, count=1)
    role = _BECAME.sub("", role)
    one = _ONE_OF_GROUP.match(role)
    if one:
        # "one of the care leavers who met the inspectors" -> "care leaver", "one of the team managers" -> "team manager"
        role = one.group("group")[:-1]
    rel = _RESTRICTIVE.match(role)
    if rel:
        # "member of the Children in Care Council who met the inspectors" -> "member of ..."
        role = rel.group("role")
    fw = _FORMER_WHEN.match(role)
    if fw:
        role = "former " + _LEADING_ARTICLE.sub("", fw.group("role"), count=1)
        if fired is not None:
            fired.add("people.former")
    trimmed = _DURATION_TAIL.sub("", role)
    if fired is not None and (one or rel or trimmed != role):
        fired.add("people.role_end")
    return trimmed


def _premodifier(text: str, start: int, vocab: _Vocab, men: _Mentions):
    """The role written before a name: "Together for Children chief executive Alex Hopkins",
    "director of children's services Tariq Hollis", "Labour MP Derek Ainscough".

    Read backwards: an optional complement ("of children's services", "for people") after a role
    head, then the words that qualify the head (role words; before "MP" or "leader" also a party or
    constituency name). An organisation named right before the role is its organisation.
    """
    toks: list[tuple[int, str]] = []  # words before the name, nearest first
    pos = start

    def word_before() -> bool:
        nonlocal pos
        if pos < 2 or text[pos - 1] != " ":
            return False
        j = pos - 1
        k = j
        while k > 0 and (text[k - 1].isalnum() or text[k - 1] in "'\u2019-"):
            k -= 1
        if k == j or not text[k].isalpha() or (k > 0 and text[k - 1] not in " \n\t([" ):
            return False
        toks.append((k, text[k:j]))
        pos = k
        return True

    if not word_before() or toks[0][1] in ("and", "&", "of", "for"):
        return None   # "Cabinet Member for Children's Services and Early Years": the title's own words
    head_i = None
    if _is_head(toks[0][1], vocab):
        head_i = 0
    else:
        # a complement after the head: "director of children's services", "director for people"
        while len(toks) <= 7:
            t = toks[-1][1]
            if t in ("of", "for") and len(toks) > 1:
                if not word_before():
                    return None
                if _is_head(toks[-1][1], vocab):
                    head_i = len(toks) - 1
                    break
                return None
            if not _COMPLEMENT.fullmatch(t) or t in vocab.not_complement:
                return None
            if not word_before():
                return None
        if head_i is None:
            return None
    while len(toks) < head_i + 8 and word_before():
        pass
    toks.reverse()
    n = len(toks)
    head_i = n - 1 - head_i
    head = toks[head_i][1]
    k = head_i - 1
    named_ok = head in vocab.named_heads or head.lower() in vocab.named_heads
    while k >= 0:
        t = toks[k][1]
        if t.lower() in vocab.role_words and not (t[:1].isupper() and men.overlapping(toks[k][0], toks[k][0] + len(t))):
            k -= 1
            continue
        if named_ok and t[:1].isupper() and t not in vocab.stop and _CAPITALISED_WORD.fullmatch(t):
            if head == "MP" or not men.overlapping(toks[k][0], toks[k][0] + len(t)):
                k -= 1
                continue
        break
    first = k + 1
    role_start = toks[first][0]
    role = text[role_start:start].strip()
    if not role:
        return None
    org = None
    if head != "MP":
        pre = men.overlapping(role_start - 2, role_start - 1) if role_start >= 2 else []
        if pre and pre[0].end == role_start - 1:
            org = pre[0]
    first_tok = toks[first][1]
    if role.lower() in vocab.role_rewrites:
        role = vocab.role_rewrites[role.lower()]
    elif first_tok.lower() in vocab.role_words and first_tok[:1].isupper() and not first_tok.isupper():
        words = role.split()
        if len(words) == 1 or not all(w[:1].isupper() for w in words if w not in ("of", "for", "and")):
            # a sentence-initial capital ("Executive director for people"), not a title ("Chief Inspector")
            role = role[0].lower() + role[1:]
    return role, org


_COMPLEMENT = re.compile(r"(?:[A-Za-z][\w\-]*(?:['\u2019]s?)?|and|&)")


def _is_head(tok: str, vocab: _Vocab) -> bool:
    return tok in vocab.role_heads_cased or tok.lower() in vocab.role_heads


# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _mention_titles() -> frozenset[str]:
    v = _vocab()
    return frozenset(t.rstrip(".") for t in list(v.role_prefix) + list(v.surname_titles) + list(v.dropped) if " " not in t)




#: "MP" written after a name: "Ottoline Carrow-Baptiste MP".
_MP_AFTER = re.compile(r",? MP\b(?! [A-Z])")
_THE_BEFORE = re.compile(r"\b[Tt]he $")
def _opens_paragraph(text: str, start: int) -> bool:
    """Whether ``start`` opens a paragraph: the text's start, or the first word after a blank line."""
    before = text[max(0, start - 80):start].rstrip(" \t")
    if not before:
        return start < 80 or not text[:start].strip()
    return before.endswith("\n") and before[:-1].rstrip(" \t").endswith("\n")
#: A name opening a paragraph as the subject of its verb: "Marisol Everdene-Kwarteng does not like ...".
_SUBJECT_VERB = re.compile(r" (?:does|did|has|had|is|was|will|would|spent|spends|began|begins|started|starts)\b")
def person_mentions(text: str, people_rows: list[dict], not_definite: frozenset | None = None) -> list[PersonMention]:
    """Every mention of the given people: full names, surnames with or without a title, and
    first names ("Chloe now lives ..."), each form only when it names one person.

    >>> [tuple(m) for m in person_mentions("Jo Bloggs spoke. Later Ms Bloggs said more; Bloggs added.", [{"name": "Jo Bloggs"}])]
    [(0, 9, 'Jo Bloggs'), (23, 32, 'Jo Bloggs'), (44, 50, 'Jo Bloggs')]
    """
    if not people_rows:
        return []
    name_hits, forms = _name_hits(text, tuple(sorted(row["name"] for row in people_rows)))
    hits = list(name_hits)
    if not_definite is not None:
        # "the Director", "The Head of Service": the one person with that role
        low = lower_same_length(text).replace("\u2019", "'")
        has_the = "the " in low   # (once: a scan of the whole text)
        for phrase, name in _role_forms(people_rows, not_definite).items():
            # (or the council's: "according to the council's executive member for children and families")
            for lead in _ROLE_LEADS if "'s " in low else _ROLE_LEADS[:2]:
                for i in _find_all(low, lead + phrase):
                    e = i + len(lead) + len(phrase)
                    if (i > 0 and (low[i - 1].isalnum() or low[i - 1] in "-_")) or (e < len(low) and (low[e].isalnum() or low[e] in "'-_")):
                        continue
                    hits.append((i, e, "\0" + name))
            if " " not in phrase and has_the:
                # "the DfE adviser" for the one "Department for Education adviser": an acronym between
                for m in re.compile(r"\b[Tt]he [A-Z][a-z]*[A-Z][A-Za-z]* (?i:" + re.escape(phrase) + r")\b(?!['\-])").finditer(text):
                    hits.append((m.start(), m.end(), "\0" + name))
    for row in people_rows:
        # "[CLIP – RAVINDRA ELLACOTT-MOSS]": a full name in capitals (a script's or a transcript's label)
        up = row["name"].upper()
        if " " in up and up != row["name"] and up in text:
            for i in _find_all(text, up):
                e = i + len(up)
                # (not a transcript's turn "ANNIKA TROUGHTON-BELL: ...", where the quotes are others' words)
                if not ((i > 0 and text[i - 1].isalnum()) or (e < len(text) and (text[e].isalnum() or text[e] == ":"))):
                    hits.append((i, e, "\0" + row["name"]))
    hits.sort(key=lambda h: (h[0], -h[1]))
    titles = _mention_titles()
    out = []
    last_end = -1
    for i, e, form in hits:
        if i < last_end:
            continue  # inside a longer mention ("Bloggs" in "Jo Bloggs")
        last_end = e
        if form.startswith("\0"):
            out.append(PersonMention(i, e, form[1:]))
            continue
        start = i
        k = i - 1
        if k > 0 and text[k] == " ":
            w = k
            while w > 0 and (text[w - 1].isalpha() or text[w - 1] == "."):
                w -= 1
            if text[w:k].rstrip(".") in titles:
                start = w
        out.append(PersonMention(start, e, forms[form]))
    return out


def _name_hits(text: str, names: tuple[str, ...]) -> tuple[tuple[tuple[int, int, str], ...], dict[str, str]]:
    """The (start, end, form) of every occurrence of the people's names and unambiguous name
    parts in ``text``, and each form's person."""
    forms: dict[str, str] = {}
    count: dict[str, int] = {}
    for name in names:
        parts = name.split()
        for f in {parts[-1], parts[0]} if len(parts) > 1 else set():
            count[f] = count.get(f, 0) + 1
    stop = _vocab().stop
    firsts: set[str] = set()
    for name in names:
        parts = name.split()
        for f in (parts[-1], parts[0]) if len(parts) > 1 else ():
            if count[f] == 1 and f not in stop:
                forms.setdefault(f, name)
                if f == parts[0]:
                    firsts.add(f)
    for name in names:
        forms[name] = name
    hits: list[tuple[int, int, str]] = []  # (start, end, form)
    n = len(text)
    find = text.find
    for form in forms:
        size = len(form)
        first = form in firsts
        i = find(form)
        while i != -1:   # every occurrence, overlapping ones too (a plain loop: no generator per form)
            e = i + size
            if not ((i > 0 and (text[i - 1].isalnum() or text[i - 1] in "-_")) or (e < n and (text[e].isalnum() or text[e] in "-_"))
                    or (first and text[e : e + 1] == " " and text[e + 1 : e + 2].isupper())):   # "Jo Bloggs-Smith" is not Jo Bloggs
                hits.append((i, e, form))
            i = find(form, i + 1)
    return tuple(hits), forms


def _find_all(text: str, needle: str):
    i = text.find(needle)
    while i != -1:
        yield i
        i = text.find(needle, i + 1)




#: What may stand before a role that names its one holder: "the Director", "its chief executive",
#: "the council's executive member".
_ROLE_LEADS = ("the ", "its ", "the council's ", "the trust's ", "the borough's ", "the county's ", "the city's ")


def _role_forms(people_rows: list[dict], not_definite: frozenset) -> dict[str, str]:
    """Definite descriptions naming one person by role, lower-cased: "director of children's
    services" and "director" for the one director (``not_definite``: roles many people share,
    "councillor", "member")."""
    vocab = _vocab()
    seen: dict[str, set[str]] = {}
    last: dict[str, set[str]] = {}   # a role's last word ("chair" of "Independent Chair"), a weaker form
    for row in people_rows:
        role = row.get("role")
        if not role:
            continue
        parts = role.split(", ")
        if parts[0] in vocab.prefix_roles:
            parts = parts[1:]
        if not parts:
            continue
        main = parts[0].replace("\u2019", "'")
        head = _OF_FOR_WITH.split(main, maxsplit=1)[0]
        for phrase in {main.lower(), head.lower()}:
            words = phrase.split()
            if words and words[-1] in vocab.role_heads and phrase not in not_definite:
                seen.setdefault(phrase, set()).add(row["name"])
        word = main.lower().rsplit(" ", 1)[-1]
        if word in vocab.role_heads and word not in not_definite:
            last.setdefault(word, set()).add(row["name"])
    for word, names in last.items():
        if word not in seen:
            seen[word] = names   # "the Chair said" for the one "Independent Chair"
    return {phrase: next(iter(names)) for phrase, names in seen.items() if len(names) == 1}
