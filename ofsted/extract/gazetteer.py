"""Organisation mentions: councils, providers, regulators, government and other named bodies.

One pass of a single compiled trie-shaped regular expression finds every listed name (the 153
authorities in ``reference/local_authorities.csv`` in all their attested and generated forms,
plus the bodies listed in ``rules/organisations.yaml``); a second small pass finds bodies named by
their head word ("... Safeguarding Children Partnership", "... Police", "... Primary School",
"<place> Children's Trust"); a last linear pass resolves definite descriptions ("the council",
"the city council", "the trust", "the watchdog") to the most recent body of that kind.

Vocabularies are data: ``ofsted/data/rules/organisations.yaml`` (generated council forms,
informal place names, anaphora, listed bodies, head words).

>>> [(m.surface, m.name, m.org_type, m.la_code) for m in find_org_mentions(
...     "Sunderland City Council said the council and Together for Children welcomed Ofsted's letter.")]
... # doctest: +NORMALIZE_WHITESPACE
[('Sunderland City Council', 'Sunderland City Council', 'local_authority', 'E08000024'),
 ('the council', 'Sunderland City Council', 'local_authority', 'E08000024'),
 ('Together for Children', 'Together for Children', 'provider', 'E08000024'),
 ('Ofsted', 'Ofsted', 'regulator', None)]
"""

from __future__ import annotations

import bisect
import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ofsted.extract import fast_re as re   # re itself, with patterns that scan for their first character
from ofsted.extract.regex_tools import trie_alternation
from ofsted.extract.rules import load_rules

DATA = Path(__file__).resolve().parent.parent / "data"
LA_CSV = DATA / "reference" / "local_authorities.csv"

APOSTROPHES = "'\u2019"


@dataclass(frozen=True)
class OrgMention:
    """One mention of an organisation in a text.

    ``name`` is canonical (an authority's ``council_name``, a listed body's name, or for a body
    found by its head word the name as written); ``surface`` is the text at ``start:end``;
    ``form`` is the dictionary spelling of the surface (an all-caps header "ROCHDALE BOROUGH
    COUNCIL" has form "Rochdale Borough Council"); ``rule`` names the rule that found it.
    """

    start: int
    end: int
    name: str
    surface: str
    org_type: str
    la_code: str | None
    rule: str
    form: str = ""


@dataclass(frozen=True)
class Authority:
    """One row of ``local_authorities.csv``."""

    gss_code: str
    former_gss_codes: tuple[str, ...]
    name: str
    ofsted_name: str
    council_name: str
    aliases: tuple[str, ...]
    la_type: str


@dataclass(frozen=True)
class _Entry:
    name: str
    org_type: str
    la_code: str | None
    rule: str
    form: str
    priority: int  # higher wins when two entries share a surface


# --------------------------------------------------------------------------------------------
# reference data


def _vocab(key: str):
    """A vocabulary of the organisation rules (``ofsted/data/rules/organisations.yaml``)."""
    return load_rules("organisations").vocab(key)


@lru_cache(maxsize=1)
def authorities() -> tuple[Authority, ...]:
    """The 153 authorities of ``local_authorities.csv``, in file order."""
    out = []
    with open(LA_CSV, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.append(
                Authority(
                    gss_code=row["gss_code"],
                    former_gss_codes=tuple(c for c in row["former_gss_codes"].split("|") if c),
                    name=row["name"],
                    ofsted_name=row["ofsted_name"],
                    council_name=row["council_name"],
                    aliases=tuple(a for a in row["aliases"].split("|") if a),
                    la_type=row["la_type"],
                )
            )
    return tuple(out)


@lru_cache(maxsize=1)
def _by_code() -> dict[str, Authority]:
    table: dict[str, Authority] = {}
    for la in authorities():
        table[la.gss_code] = la
        for old in la.former_gss_codes:
            table.setdefault(old, la)
    return table


def authority_by_code(code: str | None) -> Authority | None:
    """The authority with this current or former GSS code.

    >>> authority_by_code("E08000019").council_name   # Sheffield's former code
    'Sheffield City Council'
    >>> authority_by_code("E99999999") is None
    True
    """
    if not code:
        return None
    return _by_code().get(code)


def authority_by_name(name: str) -> Authority | None:
    """The authority a name or informal form denotes (exact, as the gazetteer would match it).

    >>> authority_by_name("Hull").gss_code
    'E06000010'
    >>> authority_by_name("Durham County Council").council_name
    'Durham County Council'
    """
    entry = _surface_table().get(name)
    if entry is None or entry.org_type != "local_authority":
        return None
    return authority_by_code(entry.la_code)


def organisation_by_name(name: str) -> tuple[str, str, str | None] | None:
    """(canonical name, org_type, la_code) of any listed organisation or authority surface.

    >>> organisation_by_name("the watchdog")
    ('Ofsted', 'regulator', None)
    """
    entry = _surface_table().get(name)
    if entry is None:
        return None
    return entry.name, entry.org_type, entry.la_code


# --------------------------------------------------------------------------------------------
# surface table


def _apostrophe_variants(surface: str) -> list[str]:
    if "'" in surface or "\u2019" in surface:
        return [surface.replace("\u2019", "'"), surface.replace("'", "\u2019")]
    return [surface]


def _base_names(la: Authority) -> list[str]:
    bases: list[str] = []
    seeds = [la.name, la.ofsted_name, *la.aliases, *_vocab("informal_names").get(la.name, [])]
    rewrites = [(re.compile(pattern), outs) for pattern, outs in _vocab("base_rewrites").items()]
    queue = list(seeds)
    while queue:
        base = queue.pop()
        if base in bases:
            continue
        bases.append(base)
        for pattern, outs in rewrites:
            m = pattern.match(base)
            if m:
                for out in outs:
                    queue.append(m.expand(out))
    return bases


@lru_cache(maxsize=1)
def _surface_table() -> dict[str, _Entry]:
    table: dict[str, _Entry] = {}

    def add(surface: str, entry: _Entry, upper: bool = True) -> None:
        variants = _apostrophe_variants(surface)
        if upper and len(surface) >= 4:
            variants += [v.upper() for v in variants]
        for v in variants:
            old = table.get(v)
            if old is None or entry.priority > old.priority:
                table[v] = entry

    for la in authorities():
        bases = _base_names(la)
        council_forms = {la.council_name}
        for base in bases:
            if base.startswith(("City of ", "County of ", "the ", "Council of ")):
                place_form = base
            else:
                place_form = base
            for suffix in _vocab("council_suffixes"):
                if not base.startswith("the "):
                    council_forms.add(f"{base} {suffix}")
            for prefix in _vocab("council_prefixes"):
                if not base.startswith(("City of ", "County of ", "the ")):
                    council_forms.add(f"{prefix} {base}")
            for pre, post in _vocab("council_wrapped"):
                if not base.startswith(("City of ", "the ")):
                    council_forms.add(f"{pre} {base} {post}".strip())
            add(place_form, _Entry(la.council_name, "local_authority", la.gss_code, "la_place", base, 1))
        for form in sorted(council_forms):
            add(form, _Entry(la.council_name, "local_authority", la.gss_code, "la_council", form, 3))

    for name in _vocab("not_authorities"):
        add(name, _Entry(name, "", None, "not_authority", name, 4))

    for org in _vocab("listed_bodies"):
        for alias in org["aliases"]:
            rule = "org_alias" if alias[:1].isupper() or alias.isupper() else "org_description"
            # a name is kept as the text writes it: "Her Majesty's Inspectorate of ..." stays "Her"
            name = org["name"]
            if alias.startswith(("Her Majesty's ", "Her Majesty\u2019s ")) and name.startswith("His Majesty's "):
                name = "Her" + name[3:]
            add(alias, _Entry(name, org["type"], org.get("la_code"), rule, alias, 5), upper=alias[:1].isupper())
    return table


def _trie_regex(words: list[str]) -> str:
    """A regex alternation shaped like a trie, so that matching does not try every word."""
    return trie_alternation([re.escape(ch) for ch in word] for word in words)


def _word_matches(pattern: re.Pattern, text: str):
    """``finditer`` of ``(?<![\w\-])`` + ``pattern``, the look-behind checked here.

    A look-behind opening a pattern is tried at every character; a pattern opening with its
    words' letters lets the regex engine skip to where one of them could start. A match whose
    start fails the look-behind is dropped and the search goes on from the next character, as
    the regex would.
    """
    search = pattern.search
    pos = 0
    while True:
        m = search(text, pos)
        if m is None:
            return
        start = m.start()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_-"):
            pos = start + 1
            continue
        yield m
        pos = m.end() if m.end() > start else start + 1


@lru_cache(maxsize=1)
def _gazetteer_regex() -> re.Pattern:
    """Every listed surface, as a trie; used through ``_word_matches`` (a word boundary before)."""
    words = sorted(_surface_table(), key=len, reverse=True)
    # a name ends at a word boundary, or before "-appointed", "-funded" and the like ("a
    # Department for Education-appointed adviser"), never inside a longer word or name
    return re.compile(r"(?:" + _trie_regex(words) + r")(?:(?![\w\-]\w)|(?=-(?:appointed|commissioned|funded|backed)\b))")


@lru_cache(maxsize=1)
def _anaphora() -> tuple[re.Pattern, dict[str, str], frozenset[str]]:
    kinds: dict[str, str] = {}
    for kind, key in (("local_authority", "council_anaphora"), ("provider", "provider_anaphora")):
        for phrase in _vocab(key):
            kinds[phrase] = kind
    pattern = re.compile(r"(?:" + _trie_regex(sorted(kinds, key=len, reverse=True)) + r")(?![\w\-])")
    return pattern, kinds, frozenset(_vocab("anaphora_blocked_after"))


@lru_cache(maxsize=1)
def _generic_bodies() -> tuple[re.Pattern, dict[str, str], frozenset[str]]:
    heads: dict[str, str] = {}
    for head in _vocab("other_heads"):
        for v in _apostrophe_variants(head):
            heads.setdefault(v, "other")
    for head in _vocab("provider_heads"):
        for v in _apostrophe_variants(head):
            heads[v] = "provider"
    for head in _vocab("outlet_heads"):
        heads.setdefault(head, "outlet")
    exclude = frozenset(v for e in _vocab("not_bodies") for v in _apostrophe_variants(e))
    pattern = re.compile(r"(?:" + _trie_regex(sorted(heads, key=len, reverse=True)) + r")(?![\w\-])")
    return pattern, heads, exclude


@lru_cache(maxsize=1)
def _ambiguous_places() -> frozenset[str]:
    return frozenset(_vocab("ambiguous_place_names"))


@lru_cache(maxsize=1)
def _not_body_starts() -> frozenset[str]:
    return frozenset(_vocab("not_body_starts"))


@lru_cache(maxsize=1)
def _person_ranks() -> frozenset[str]:
    return frozenset(_vocab("person_ranks"))


@lru_cache(maxsize=1)
def _local_heads() -> frozenset[str]:
    return frozenset(_vocab("local_heads"))


# words that may not begin a body's name found by its head word (sentence-initial capitals)
_LEADING_STOP = frozenset(
    "The A An In On At By For From Since When While Today Yesterday This That These Those Both Under "
    "After Before During Its Their Our His Her And Of Inspectors Ofsted Meanwhile Also But However "
    "Each Every Former New Local "
    # a call to action's verb: "Not a member yet? Join UNISON online today."
    "Join Contact Visit Follow Email Call Donate".split()
)
_BODY_ENDS = frozenset(
    "Police Constabulary Council Trust School Academy College Partnership Service Services Board "
    "Commission Office Department Ofsted CQC DfE University Group".split()
)
#: Head words whose name may go on after "of" ("British Association of Social Workers"), or
#: "for" ("Northern Institute for Social Policy").
_OF_HEADS = frozenset({"Association", "Federation", "Alliance", "Network", "Forum", "Institute"})
_OF_NAME = re.compile(r" (?:of|for) (?:the )?[A-Z][\w'\u2019\-]*(?: (?:and|for|of|&|in) [A-Z][\w'\u2019\-]*| [A-Z][\w'\u2019\-]*){0,5}")
_POSSESSIVE_FIRST = re.compile(r"^[A-Z][\w\-]*['\u2019]s (.+)$")
_CONNECTORS = frozenset({"of", "and", "for", "&", "upon", "on", "the", "in", "with"})
# a capitalised token (possibly hyphenated, possibly with an apostrophe inside); "with" only
# inside a place's name ("Blackburn with Darwen")
_TOKEN_BACK = re.compile(r"([A-Z][\w'\u2019.&\-]*|of|and|for|&|upon|on|the|in|with) $")

_SENT_END = re.compile(r"(?:^|[.!?:;\n]\s*(?:[•*·–-]\s+)?|[\"'\u201c\u2018]\s*)$")   # (a bullet may open it: "\n• ")


@lru_cache(maxsize=1)
def _with_surfaces() -> tuple[tuple[str, int], ...]:
    """The gazetteer's names with "with" inside ("Blackburn with Darwen"), each with where it is."""
    return tuple((s, s.index(" with ") + 1) for s in _surface_table() if " with " in s)


def _inside_place_with(text: str, with_start: int) -> bool:
    """Whether the "with" at ``with_start`` lies inside a name of the gazetteer."""
    return any(text.startswith(s, with_start - i) for s, i in _with_surfaces())


#: After a sentence-initial ambiguous place name, a verb it is the subject of: "Bury was judged
#: inadequate in December 2021" (not "Reading the report, ...").
_SUBJECT_PLACE = re.compile(r"\s+(?:was|is|has|had|were|are)\s+(?:judged|rated|graded|found|been|now|still|also|inspected|given)\b|['’]s\s")


def _sentence_initial(text: str, start: int) -> bool:
    return bool(_SENT_END.search(text[max(0, start - 4) : start]))


def _generic_candidates(text: str, filtered: set[str]) -> list[OrgMention]:
    pattern, heads, exclude = _generic_bodies()
    table = _surface_table()
    out: list[OrgMention] = []
    for m in _word_matches(pattern, text):
        head = m.group(0)
        kind = heads[head]
        end = m.end()
        if head in _OF_HEADS and (om := _OF_NAME.match(text, end)) is not None:
            end = om.end()   # "British Association of Social Workers": the name goes on after "of"
        # walk back over capitalised tokens (and inner connectors), at most eight
        start = m.start()
        tokens: list[tuple[int, str]] = []
        pos = start
        for _ in range(8):
            window = text[max(0, pos - 60) : pos]
            tm = _TOKEN_BACK.search(window)
            if not tm:
                break
            tok = tm.group(1)
            tok_start = pos - len(window) + tm.start(1)
            if tok == "with" and not _inside_place_with(text, tok_start):
                break   # "with" only inside a place's name ("Blackburn with Darwen")
            if tok.endswith(".") and len(tok) > 4:
                break   # a sentence's last word ("in April. Nursery grades are ..."), not "St."
            if tok in _BODY_ENDS and tokens and tokens[-1][1] in ("and", "&", "of", "for", "in", "on"):
                tokens.pop()  # "X Constabulary and Y Police": another body ends here
                break
            tokens.append((tok_start, tok))
            pos = tok_start
            if text[pos - 1 : pos] not in (" ",):
                break
        tokens.reverse()
        # "the" inside a name follows "of"/"for" ("Council of the Isles of Scilly"); elsewhere the
        # name starts after it ("Visit the Manchester Evening News")
        for k in range(len(tokens) - 1, 0, -1):
            if tokens[k][1] == "the" and tokens[k - 1][1] not in ("of", "for", "on", "in"):
                tokens = tokens[k + 1 :]
                break
        # a person's rank and name before "of" is no part of the body's name: "Detective
        # Superintendent Karen Whitby-Lowe of the Metropolitan Police" names the Metropolitan Police
        ranked = next((k for k, (_p, t) in enumerate(tokens) if t in _person_ranks()), None)
        if ranked is not None:
            ofs = [k for k in range(ranked + 1, len(tokens)) if tokens[k][1] in ("of", "at")]
            tokens = tokens[ofs[-1] + 1:] if ofs else tokens
        # drop leading connectors / sentence-initial function words
        while tokens and (tokens[0][1] in _CONNECTORS or tokens[0][1] in _LEADING_STOP):
            tokens.pop(0)
        # "Newsletter of the ... Association", "Review of the ... Board", "Independent Chair of the
        # ... Board": the body is after "of" (a post's or a document's name may open with one word)
        for k in range(min(2, len(tokens) - 1)):
            if tokens[k][1] in _not_body_starts() and tokens[k + 1][1] == "of":
                tokens = tokens[k + 2:]
                while tokens and tokens[0][1] in _CONNECTORS:
                    tokens.pop(0)
                break
        # keep at most the tokens after a line break
        if tokens:
            start = tokens[0][0]
        name = text[start : end]
        if "\n" in name:
            start = start + name.rindex("\n") + 1
            name = text[start : end]
        if name in exclude or name == head and (kind == "other" or kind == "outlet" and " " not in head):
            continue  # a head word alone ("Police", "Post") names nothing; "Evening Standard" does
        possessive = _POSSESSIVE_FIRST.match(name)
        if possessive and (possessive.group(1) in exclude or head in _local_heads()):
            filtered.add("organisations.possessive_description")
            continue  # "Sutton's Local Safeguarding Children Board", "Southend's Children in Care Council" describe a body, they do not name one
        if not tokens and kind == "provider":
            continue
        if _NOUN_AFTER.match(text, end):
            continue   # "the four-day Systemic Practice Foundation course": a name before its noun names a thing
        la_code = None
        if kind == "provider" or head.startswith(("Safeguarding Children", "Safeguarding Partnership", "Local Safeguarding")) \
                or head in _local_heads():
            # the authority named inside ("Slough Children First", "Leeds Safeguarding ...",
            # "Coventry Local Safeguarding Children Board")
            inner = text[start : m.start()].strip()
            if inner.endswith(" Local"):
                inner = inner[: -len(" Local")]
            entry = table.get(inner)
            if entry is None and head in _local_heads():
                # "Central Bedfordshire Foster Carers' Association": the authority its first words name
                words = inner.split()
                for k in range(len(words), 0, -1):
                    entry = table.get(" ".join(words[:k]))
                    if entry is not None:
                        break
            if entry is not None and entry.org_type == "local_authority":
                la_code = entry.la_code
        if name.isupper():
            form = name.title()
        else:
            form = name
        listed = table.get(name)
        if listed is not None and listed.org_type:
            out.append(OrgMention(start, end, listed.name, name, listed.org_type, listed.la_code, "org_alias", listed.form))
            continue
        if kind == "outlet" and (_masthead(text, start) or (
                text.lstrip().startswith(name) and _OWN_TITLE.match(text.lstrip()[len(name):]) is not None
                and not _TALKED_TO.search(text, max(0, start - 24), start))):
            # (or the text's own name, opening its first line, named again: "Children and Learning
            # Weekly is sent to all staff every Tuesday" under that masthead, "Children's Services
            # Weekly is sent every Friday" under "Children's Services Weekly – Inspection round-up")
            filtered.add("organisations.outlet")
            # "Coast & Tyne Gazette | Education", "By the Black Country Courier politics desk": the
            # publisher's own line; a blocker, so that the place in its name names no authority
            out.append(OrgMention(start, end, name, name, "", None, "masthead", name))
            continue
        org_type = "other" if kind == "outlet" else kind
        out.append(OrgMention(start, end, form, name, org_type, la_code, f"generic_{kind}", form))
    return out


@lru_cache(maxsize=1)
def _kind_before() -> tuple[tuple[str, ...], re.Pattern]:
    kinds = tuple(_vocab("kinds_before_name"))
    alternation = "|".join(re.escape(k) for k in sorted(kinds, key=len, reverse=True))
    opening = "|".join(re.escape(k[:1].upper() + k[1:]) for k in sorted(kinds, key=len, reverse=True))
    # (or opening a sentence: "Local charity Bedminster Family Link, which supports parents ...";
    # or with whom it serves before the kind: "the care leavers' charity Onward Berkshire"; a name
    # may join two places: "The charity Widnes and Runcorn Family Voices", with two capitalised
    # words at least after its "and")
    # (or with its place and a few words of what it does before the kind: "the Darnall family
    # support charity Open Door Families", "The Wolverhampton parents' support group Open Door
    # Families"; or a word or two saying what it is like: "the
    # independent think tank Ninefold Commons", "the local campaign group Stratford Hearthstone Parents")
    # (or after a relative clause, the name in apposition: "A charity that supports families in
    # the city, Trentside Family Voices, said"; where it is based may come first: "the
    # Leicester-based charity Fosterwell Futures", "the Ryde-based parents' support group Kinfolk Wight")
    word = r"[A-Z][\w'\u2019\-]+"
    name = rf"(?:{word} ){{0,3}}{word}(?: and (?:{word} ){{1,3}}{word})?"
    # (in apposition, a name may hold "for" or "of": "a think tank focusing on public services, the
    # Centre for Urban Childhood, said")
    name2 = rf"{word}(?: (?:(?:for|of) )?{word}){{0,4}}"
    return kinds, re.compile(rf"(?:\b(?:[Tt]he|[Aa]n?)[ \t]+(?:(?:[a-z]+[ \t]+){{0,2}}[a-z]+['\u2019]s?[ \t]+|(?:[a-z]+[ \t]+){{1,2}}|[A-Z][a-z]+-based[ \t]+(?:[a-z]+['\u2019]?[ \t]+){{0,2}}|[A-Z][a-z]+[ \t]+(?:[a-z]+['\u2019]?[ \t]+){{0,2}})?(?:{alternation})|(?:^|(?<=\n)|(?<=[.!?] ))(?:{opening}))"
                             rf"(?:[ \t]+(?P<name>{name})|[ \t]+(?:that|which|[a-z]+ing)[ \t]+[^,.;:\n\"“”]{{3,80}},[ \t]+(?:the[ \t]+)?(?P<name2>{name2})(?=,))")


#: A common noun right after a head word: the capitalised words name a course or a scheme, not a body.
_NOUN_AFTER = re.compile(r" (?:course|courses|programme|programmes|degree|scheme|award|year|training|model)\b")


def _kind_candidates(text: str) -> list[OrgMention]:
    """Bodies named right after what kind of body they are: "the charity Humber Family Advocates"
    (rule ``organisations.kind_before``)."""
    kinds, pattern = _kind_before()
    if not any(k in text or k.capitalize() in text for k in kinds):
        return []
    out = []
    for m in pattern.finditer(text):
        g = "name" if m.group("name") is not None else "name2"
        name = m.group(g)
        out.append(OrgMention(m.start(g), m.end(g), name, name, "other", None, "generic_kind", name))
    return out


@lru_cache(maxsize=1)
def _which_does() -> tuple[re.Pattern, re.Pattern]:
    verbs = "|".join(re.escape(v) for v in sorted(_vocab("body_verbs_after_which"), key=len, reverse=True))
    # what the body does, right after ", which "; and the name right before the comma (two to four
    # capitalised words, after an optional "But", "And", ...), which must open its sentence
    return (re.compile(rf"(?:{verbs})\b"),
            re.compile(r"\b(?:(?:But|And|Yet|So|Now|Meanwhile) )?(?!(?:But|And|Yet|So|Now|Meanwhile) )"
                       r"(?P<name>[A-Z][\w'\u2019\-]+(?: [A-Z][\w'\u2019\-]+){1,3})$"))


@lru_cache(maxsize=1)
def _is_a_kind() -> re.Pattern:
    """ " is an independent charity": what kind of body the name before it is (the kinds of ``kinds_before_name``)."""
    alt = "|".join(re.escape(k) for k in sorted(_vocab("kinds_before_name"), key=len, reverse=True))
    return re.compile(rf" is (?:an?|the) (?:[a-z][\w\-]* ){{0,3}}?(?:{alt})\b(?! (?:worker|officer|manager|trustee|volunteer|member)s?\b)")


def _which_candidates(text: str) -> list[OrgMention]:
    """Bodies named at the start of a sentence and said to do what bodies do ("Wessex Stepping
    Stones, which runs drop-in hubs for care leavers, said ...") or to be a kind of body ("Derwent
    Young Lives is an independent charity supporting ..."): rule ``organisations.which_clause``.
    A person is "who"; a place or an authority named so is matched by the gazetteer first, and the
    longer or listed match wins."""
    does, name_re = _which_does()
    out = []
    if " is " in text:
        # "Derwent Young Lives is an independent charity supporting children ...": what kind of body it is
        for km in _is_a_kind().finditer(text):
            n = name_re.search(text, max(0, km.start() - 80), km.start())
            if n is not None and _sentence_initial(text, n.start()):
                out.append(OrgMention(n.start("name"), n.end("name"), n.group("name"), n.group("name"), "other", None,
                                      "generic_which", n.group("name")))
    k = text.find(", which ")
    while k >= 0:
        if does.match(text, k + 8):
            m = name_re.search(text, max(0, k - 80), k)
            if m is not None and _sentence_initial(text, m.start()):
                out.append(OrgMention(m.start("name"), m.end("name"), m.group("name"), m.group("name"), "other", None,
                                      "generic_which", m.group("name")))
        k = text.find(", which ", k + 8)
    return out


#: After a lead word, the rest of a body's name: capitalised words and inner connectors, commas
#: between place names allowed ("NHS Bristol, North Somerset and South Gloucestershire ...").
#: Right before a word in the middle of a sentence: a lower-case letter or a comma, then a space.
_MID_SENTENCE = re.compile(r"[a-z,][ \t]$")
_LEAD_RUN = re.compile(r"(?:,?[ \t]+(?:[A-Z][\w'\u2019\-]*|and|of|&))+")
_LEAD_TAIL = re.compile(r"(?:,?[ \t]+(?:and|of|&))+$")


@lru_cache(maxsize=1)
def _lead_words() -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in _vocab("lead_words")) + r")\b")


def _lead_candidates(text: str) -> list[OrgMention]:
    """Bodies named by a word that leads their name and a place after it ("NHS Dorset", "NHS North
    East London", the regional adoption agency "Adopt London North"), up to a head word where one follows ("NHS Bristol, North Somerset and South
    Gloucestershire Integrated Care Board"); rule ``organisations.lead_word``. The place inside
    names the body, not its authority."""
    if not any(w in text for w in _vocab("lead_words")):
        return []
    heads, _kinds, exclude = _generic_bodies()
    places = _gazetteer_regex()
    out = []
    for m in _lead_words().finditer(text):
        run = _LEAD_RUN.match(text, m.end())
        if run is None:
            continue
        first = run.group(0).lstrip(", \t")
        head = heads.search(text, m.end(), run.end())
        if head is not None:
            end = head.end()
        else:
            if not places.match(first) and not (m.group(0) == "Adopt" and _MID_SENTENCE.search(text, max(0, m.start() - 3), m.start())):
                # "the NHS Long Term Plan": no place follows (a regional adoption agency names a
                # region, no authority: "works through Adopt London North", not opening a sentence)
                continue
            comma = text.find(",", m.end(), run.end())
            end = run.end() if comma == -1 else comma
        name = _LEAD_TAIL.sub("", text[m.start():end])
        if name in exclude or name == m.group(0) or heads.fullmatch(name[len(m.group(0)):].strip()):
            continue   # "the NHS Trust": a head word alone names nothing
        out.append(OrgMention(m.start(), m.start() + len(name), name, name, "other", None, "generic_lead", name))
    return out


_BY_THE = re.compile(r"[ \t]*by[ \t]+(?:the[ \t]+)?$", re.I)
#: After a place name, a saint's name that makes it another town's: "Bury St Edmunds" (rule
#: ``organisations.place``).
_SAINT_AFTER = re.compile(r"[ \t]+St\.?[ \t]+[A-Z][a-z]")
#: After a place name, what makes it part of a postal address: a street word ("Cumberland
#: Place", "Derby Road") or a postcode ("Nottingham NG1 6HJ"). Rule ``organisations.address``.
_ADDRESS_AFTER = re.compile(
    r"[ \t]+(?:Place|Street|Road|Square|Lane|Avenue|Terrace|Crescent|Gardens|Drive|Row)\b"
    r"|,?[ \t]+[A-Z]{1,2}[0-9][0-9A-Z]?[ \t]*[0-9][A-Z]{2}\b")


#: After a place name, a double-barrelled surname: the place is a person's first name ("Sefton
#: Marlow-Adekunle"). Rule ``organisations.place``.
_SURNAME_AFTER = re.compile(r"[ \t]+[A-Z][a-z]+-[A-Z][a-z]+\b")
#: After a two-tier county's name (a county council, code E10...), "unitary": the county is where
#: a unitary authority lies, not the council ("the Kent unitary authority" is Medway). Rule
#: ``organisations.place``.
_UNITARY_AFTER = re.compile(r"[ \t]+unitar(?:y|ies)\b")
#: Before a two-tier county's name, a compass point in lower case: a part of the county, where a
#: body works, not the council ("families across Derby and south Derbyshire"). Rule ``organisations.place``.
_COMPASS_BEFORE = re.compile(r"\b(?:north|south|east|west|north-east|north-west|south-east|south-west|northern|southern|eastern|western|mid)[ \t]+$")


#: After a text's own name on its first line: the line's end, or a dash, bar or colon before what the issue is.
_OWN_TITLE = re.compile(r"[ \t]*(?:\n|$|[–—|:-][ \t])")
#: Before an outlet a speaker talked to (named so, it is an organisation of the story): "was speaking to ".
_TALKED_TO = re.compile(r"\b(?:told|speaking\s+to|talking\s+to|spoke\s+to|interview\s+with)\s+$", re.I)


def _masthead(text: str, start: int) -> bool:
    """Whether the outlet named at ``start`` stands on a masthead or byline line: a line of cells
    ("Coast & Tyne Gazette | Education", "London Local Government Weekly | Issue 412 | 30 August
    2024"), "By the ... desk", or the text's first line opening with it ("Chiltern Vale Radio –
    Local News")."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", start)
    line = text[ls:le if le != -1 else len(text)]
    if ls == start and not text[:ls].strip():
        return True   # the text's first line opens with it: "Chiltern Vale Radio – Local News"
    return " | " in line or _BY_THE.match(text, ls, start) is not None


@lru_cache(maxsize=1)
def _lead_outlet_regex() -> re.Pattern:
    heads = "|".join(re.escape(h) for h in _vocab("outlet_lead_heads"))
    return re.compile(rf"(?:\bBBC[ \t]+)?\b(?:{heads})(?:[ \t]+[A-Z][A-Za-z'\u2019\-]+){{1,2}}\b")


def _lead_outlets(text: str, filtered: set[str]) -> list[OrgMention]:
    """Outlets named head first ("Radio Severnvale", "BBC Radio Kent"; rule ``organisations.outlet``)."""
    out = []
    for m in _lead_outlet_regex().finditer(text):
        name = m.group(0)
        if _masthead(text, m.start()):
            filtered.add("organisations.outlet")
            out.append(OrgMention(m.start(), m.end(), name, name, "", None, "masthead", name))
            continue
        out.append(OrgMention(m.start(), m.end(), name, name, "other", None, "generic_outlet", name))
    return out


@lru_cache(maxsize=1)
def _told_outlet_regex() -> re.Pattern:
    heads = "|".join(re.escape(h) for h in _vocab("told_outlet_heads"))
    # (or an outlet's initials alone, then a colon: "told ACTV: ...")
    # ("Speaking to West London Today, Ms ... said": the same, after "speaking to")
    return re.compile(rf"\b(?:told|[Ss]peaking[ \t]+to|[Tt]alking[ \t]+to)[ \t]+(?:(?P<name>(?:(?:[A-Z][\w&'\u2019\-]*|&)[ \t]+){{1,3}}(?:{heads}))\b"
                      r"(?=[ \t]*(?::|,|\.|that\b|her\b|his\b|their\b|its\b|the\b|an?\b|in\b|how\b|she\b|he\b|they\b|it\b))"
                      r"|(?P<initials>[A-Z]{3,6})(?=:))")


def _told_outlets(text: str) -> list[OrgMention]:
    """An outlet named as the one told, by a head word only outlets end on after "told" ("told
    Casework Review that", "told NBS London her ...", "told Council Briefing:", "Speaking to West
    London Today, Ms ... said", or by its initials
    before a colon: "told ACTV:"; rule
    ``organisations.outlet``)."""
    out = []
    for m in _told_outlet_regex().finditer(text):
        g = "name" if m.group("name") is not None else "initials"
        out.append(OrgMention(m.start(g), m.end(g), m.group(g), m.group(g), "other", None, "generic_outlet", m.group(g)))
    return out


def find_org_mentions(text: str, filtered: set[str] | None = None) -> list[OrgMention]:
    """All organisation mentions in ``text``, sorted by start and non-overlapping (``filtered``
    collects the ids of the rules that turned a candidate down).

    Longer names win over names inside them ("Leeds" inside "Leeds Safeguarding Children
    Partnership", "Sunderland" inside "Together for Children Sunderland"); a place used as a
    location ("children in Sunderland") still links its authority; "the council" and its kin
    resolve to the most recent authority (else the only one), "the trust" to the most recent
    provider, "the watchdog" to Ofsted.

    >>> [(m.surface, m.name, m.rule) for m in find_org_mentions("Children in Hull and the Kingston area.")]
    [('Hull', 'Hull City Council', 'la_place'), ('Kingston', 'Royal Borough of Kingston upon Thames', 'la_place')]
    >>> [(m.name, m.org_type, m.la_code) for m in find_org_mentions("The Leeds Safeguarding Children Partnership met.")]
    [('Leeds Safeguarding Children Partnership', 'other', 'E08000035')]
    """
    filtered = set() if filtered is None else filtered
    table = _surface_table()
    ambiguous = _ambiguous_places()
    candidates: list[OrgMention] = []
    for m in _word_matches(_gazetteer_regex(), text):
        surface = m.group(0)
        entry = table[surface]
        if entry.rule == "la_place" and surface in ambiguous and _sentence_initial(text, m.start()) \
                and not _SUBJECT_PLACE.match(text, m.end()):
            filtered.add("organisations.place")
            continue
        if entry.rule == "la_place" and _SURNAME_AFTER.match(text, m.end()):
            filtered.add("organisations.place")
            continue   # "Sefton Marlow-Adekunle, chair of ...": a person's first name
        if entry.rule == "la_place" and (entry.la_code or "").startswith("E10") and _UNITARY_AFTER.match(text, m.end()):
            filtered.add("organisations.place")
            continue   # "the Kent unitary authority": a place, the county being two-tier
        if entry.rule == "la_place" and (entry.la_code or "").startswith("E10") and _COMPASS_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            filtered.add("organisations.place")
            continue   # "across Derby and south Derbyshire": a part of the county
        if entry.rule == "la_place" and _SAINT_AFTER.match(text, m.end()):
            filtered.add("organisations.place")
            continue   # "in Ipswich and in Bury St Edmunds": another town
        if entry.rule == "la_place" and _ADDRESS_AFTER.match(text, m.end()):
            filtered.add("organisations.address")
            continue   # "6 Cumberland Place, Nottingham NG1 6HJ": a street and a post town
        candidates.append(
            OrgMention(m.start(), m.end(), entry.name, surface, entry.org_type, entry.la_code, entry.rule, entry.form)
        )
    candidates.extend(_generic_candidates(text, filtered))
    if any(head + " " in text for head in _vocab("outlet_lead_heads")):
        candidates.extend(_lead_outlets(text, filtered))
    if "told " in text or "king to " in text:
        candidates.extend(_told_outlets(text))
    candidates.extend(_kind_candidates(text))
    candidates.extend(_lead_candidates(text))
    if ", which " in text or " is " in text:
        candidates.extend(_which_candidates(text))

    chosen = _longest_first(candidates)
    if len(chosen) != sum(1 for c in chosen if c.org_type):
        filtered.add("organisations.not_authority")
        chosen = [c for c in chosen if c.org_type]  # drop the not-an-authority blockers

    return _resolve_anaphora(text, chosen, starts_of(chosen))


def _by_priority(c: OrgMention):
    # (a not-an-authority blocker loses a tie to a body of the same span: "Lancashire Constabulary"
    # is no Lancashire County Council, but it is a police force)
    return (-(c.end - c.start), c.rule == "not_authority", c.rule.startswith("generic"), c.start)


def _longest_first(candidates: list[OrgMention]) -> list[OrgMention]:
    """The longest of overlapping candidates (listed bodies win ties), in text order.

    Greedy in priority order within each run of mutually overlapping candidates: a candidate can
    only be blocked by one it overlaps, so runs are independent, and most runs are a single
    candidate. (One greedy pass over the whole text with sorted-list inserts was quadratic.)
    """
    candidates = sorted(candidates, key=lambda c: (c.start, c.end))
    chosen: list[OrgMention] = []
    i, n = 0, len(candidates)
    while i < n:
        j, run_end = i + 1, candidates[i].end
        while j < n and candidates[j].start < run_end:
            run_end = max(run_end, candidates[j].end)
            j += 1
        if j == i + 1:
            chosen.append(candidates[i])
        else:
            starts: list[int] = []
            ends: list[int] = []
            kept: list[OrgMention] = []
            for c in sorted(candidates[i:j], key=_by_priority):
                k = bisect.bisect_right(starts, c.start)
                if (k > 0 and ends[k - 1] > c.start) or (k < len(starts) and starts[k] < c.end):
                    continue
                starts.insert(k, c.start)
                ends.insert(k, c.end)
                kept.insert(k, c)
            chosen.extend(kept)
        i = j
    return chosen


def starts_of(mentions: list[OrgMention]) -> list[int]:
    return [m.start for m in mentions]


#: Two authorities named together: "X Council and Y Council", "X, Y".
_PAIRED = re.compile(r"\s*(?:,|and|&|,\s*and)\s*(?:the\s+)?")


def in_affiliation(text: str, start: int, end: int) -> bool:
    """Whether the name at ``start:end`` closes a bracket naming a person's role and employer
    ("Kerensa Trethowan-Lutz (Principal Social Worker, Cornwall Council)"): a person's employer,
    no subject "the council" after it can mean (rule ``organisations.anaphora``)."""
    opening = text.rfind("(", max(0, start - 80), start)
    return opening >= 0 and "," in text[opening:start] and ")" not in text[opening:start] \
        and text[end:end + 2].lstrip().startswith(")")


#: A relative clause of a body that also serves other authorities, closing its sentence: "...
#: by Achieving for Children, the social enterprise that also works for Richmond and Windsor and
#: Maidenhead.", "..., which also provides services on behalf of West Northamptonshire Council." (rule
#: ``ratings.relative_clause_place``).
_ALSO_SERVES = re.compile(r"\b(?:which|that|who)\s+also\s+(?:\w+\s+){1,4}?(?:for|with|in|on\s+behalf\s+of)\s+(?:the\s+)?$", re.I)


#: The words naming an authority as a partner, right before it: "a long-standing partnership with ".
_PARTNERSHIP_WITH = re.compile(r"\b(?:partnership|partners|jointly|shared)\s+with\s+(?:the\s+)?$", re.I)


def _before_closing_clause(text: str, seq: list[OrgMention], n: int) -> OrgMention:
    """The antecedent of "the council" after the last of ``seq``'s first ``n`` authorities: the one
    before it when the sentence or its clause ends on a clause of another body that also serves it
    (and the authorities coordinated with it), else that last one."""
    last = seq[n - 1]
    k = n - 1
    while k >= 1 and _PAIRED.fullmatch(text, seq[k - 1].end, seq[k].start):
        k -= 1
    if k == 0 or not text[last.end:last.end + 3].lstrip().startswith((".", ",", "\n")):
        return last
    between = text[seq[k - 1].end:seq[k].start]
    if ". " in between or "\n" in between or not _ALSO_SERVES.search(between):
        return last
    return seq[k - 1]


def _resolve_anaphora(text: str, mentions: list[OrgMention], starts: list[int]) -> list[OrgMention]:
    pattern, kinds, blocked = _anaphora()
    hits = []
    for m in _word_matches(pattern, text):
        i = bisect.bisect_right(starts, m.start())
        # inside an already found name ("the Council of the Isles of Scilly")
        if i > 0 and mentions[i - 1].end > m.start():
            continue
        prev_word = text[max(0, m.start() - 20) : m.start()].split()
        if prev_word and prev_word[-1].lower().strip(",") in blocked:
            continue
        # "the council's former ..." is fine; "the council tax" is not a body
        following = text[m.end() : m.end() + 5]
        if following.startswith((" tax", " estate", " chamber")):
            continue
        hits.append((m.start(), m.end(), m.group(0), kinds[m.group(0)]))
    if not hits:
        return mentions

    firsts: dict[str, OrgMention] = {}
    for men in mentions:
        if men.org_type in ("local_authority", "provider") and men.org_type not in firsts:
            firsts[men.org_type] = men
    # the authority a text names first (a council's own paper is headed with it: "West
    # Northamptonshire Council" alone on its first line; a story names its subject first): "the
    # council" after two coordinated councils is that one when it is one of the two
    owner = firsts.get("local_authority")
    merged: list[OrgMention] = []
    last: dict[str, OrgMention] = {}
    before_last: dict[str, OrgMention] = {}
    seq: list[OrgMention] = []   # the authorities so far, in order, "the council"s resolved among them
    n_real = 0
    j = 0
    for start, end, surface, kind in hits:
        while j < len(mentions) and mentions[j].start < start:
            men = mentions[j]
            merged.append(men)
            if men.org_type in ("local_authority", "provider") and not in_affiliation(text, men.start, men.end):
                if men.org_type == "local_authority":
                    seq.append(men)
                    n_real = len(seq)   # up to the last authority named (not a "the council" after it)
                if men.org_type in last:
                    before_last[men.org_type] = last[men.org_type]
                last[men.org_type] = men
            j += 1
        antecedent = last.get(kind) or firsts.get(kind)
        pair = before_last.get(kind)
        if kind == "local_authority" and owner is not None and antecedent is not None and pair is not None \
                and pair.la_code != antecedent.la_code and _PAIRED.fullmatch(text, pair.end, antecedent.start) and (
                    owner.la_code in (pair.la_code, antecedent.la_code)
                    or sum(1 for x in merged if x.la_code == owner.la_code) >= 2):
            # "... for West Northamptonshire Council and North Northamptonshire Council. ... the council's";
            # so too when the text's own authority, named more than once, is neither of the two ("The
            # only councils to have reached the top grade before it are Westminster City Council and the
            # Royal Borough of Kensington and Chelsea ... It is a rise for the unitary authority"):
            # "the council" is one body, not either of a pair
            antecedent = owner
        elif kind == "local_authority" and antecedent is not None and antecedent is last.get(kind):
            antecedent = _before_closing_clause(text, seq, n_real)
        if kind == "local_authority" and owner is not None and antecedent is not None and antecedent.la_code != owner.la_code \
                and _PARTNERSHIP_WITH.search(text, max(0, antecedent.start - 40), antecedent.start):
            # "The island's children's services are delivered through a long-standing partnership
            # with Hampshire County Council, which provides the senior leadership team. Since the
            # last inspection ..., when the local authority was judged to be good": a partner named
            # as what the text's own authority works with is not what "the council" means after it
            antecedent = owner
        if antecedent is None:
            continue
        merged.append(
            OrgMention(start, end, antecedent.name, surface, antecedent.org_type, antecedent.la_code,
                       f"anaphora_{kind}", antecedent.form)
        )
        if antecedent.org_type == "local_authority":
            # "run for the borough by Achieving for Children, the social enterprise that also works
            # in Kingston, and ...": the clause's authority before the other body's is "the borough"
            seq.append(merged[-1])
    merged.extend(mentions[j:])
    return merged
