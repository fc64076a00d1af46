"""Organisation facts: one row per distinct organisation named in a document.

Rows come from the gazetteer mentions (councils, providers, regulators, government, listed and
head-word bodies) plus local bodies named only through an apposition or a grade: "Larkspur
Lodge, a children's home", "Tamar View, a private mental health unit", "X was itself rated
outstanding". Anaphora ("the council") never create a row on their own. The span is the first
mention. A listed body the text names only by an abbreviation keeps it as its name ("HMICFRS").
Every rule, with its vocabularies and example sentences, is in ``ofsted/data/rules/organisations.yaml``.

A local body gets the ``la_code`` of the authority it sits in when the text places it (" in
Lincoln", "run by the county council", "its own children's homes"): the most recent authority or
provider named before it. Without such a cue, or for bodies serving several councils (police
forces), ``la_code`` is null.

>>> from ofsted.model import Document
>>> from ofsted.extract.gazetteer import find_org_mentions
>>> t = "Ofsted rated Wigan Council good. Ofsted also rated Elm Tree House, a children's home in Leigh, good."
>>> [(r["name"], r["org_type"], r["la_code"]) for r in extract_organisations(Document("d", "p", t, "0"), find_org_mentions(t))]
[('Ofsted', 'regulator', None), ('Wigan Metropolitan Borough Council', 'local_authority', 'E08000010'), ('Elm Tree House', 'other', 'E08000010')]
"""

from __future__ import annotations

import bisect
from functools import lru_cache

from ofsted.extract import fast_re as re   # re itself, with patterns that scan for their first character
from ofsted.extract.gazetteer import _LEADING_STOP, OrgMention, _apostrophe_variants, _sentence_initial
from ofsted.extract.analysis import related_blocks
from ofsted.extract.rules import ExampleFact, load_rules
from ofsted.model import Document

_NAME = r"(?:[A-Z][\w'\u2019\-]+ ){0,3}[A-Z][\w'\u2019\-]+"
#: After the kind of body, a word that makes the name a person's ("Sarah Jones, a charity worker").
_NOT_PERSON_NOUN = r"(?!\s+(?:worker|workers|manager|trustee|volunteer|founder|director|chief|chair|officer|spokesperson|boss|leader|head|campaigner|employee|adviser|lead|owner|owners|visit|visits)\b)"


#: A body named before the place it stands near, right before a graded name: "Corvedale Lantern
#: House near |Craven Arms, was rated inadequate".
_NAME_NEAR = re.compile(r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,4})\s+(?:near|outside)\s+$")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    facilities = sorted({v for f in load_rules("organisations").vocab("facilities") for v in _apostrophe_variants(f)},
                        key=len, reverse=True)
    fac = "|".join(re.escape(f) for f in facilities)
    # Both names start with a capital: the look-ahead lets the engine pass over every other
    # position at once (about twice as fast; same matches).
    apposition = re.compile(
        rf"(?=[A-Z])(?<![\w\-])(?P<name>{_NAME}), (?:(?:a|an|the|our|its|their) (?:[\w\-'\u2019]+ ){{0,4}}?(?:{fac})\b(?!-){_NOT_PERSON_NOUN}"
        rf"|one of (?:[\w\-'\u2019]+ ){{1,4}}?(?:{fac})s\b)"
    )
    graded = re.compile(
        rf"(?=[A-Z])(?<![\w\-])(?P<name>(?:[A-Z][\w'\u2019\-]+ ){{1,3}}[A-Z][\w'\u2019\-]+),? (?:which |that )?(?:was|is|has been) "
        rf"(?:itself |also |now |then )?(?:rated|judged|graded)\b"
    )
    return apposition, graded


_LEADING = frozenset("The A An One In On At By For From Since When While Today This That Its Their Our".split())
_AT_PLACE = re.compile(r"\b(?:in|at|near)\s$")
#: The last word of a building's name: after "at", such a name graded by a relative clause is a
#: home or school, not a place ("at Dearneside House, which was judged outstanding").
_BUILDING_HEADS = frozenset(("House", "Lodge", "Court", "Hall", "Centre", "Home", "Cottage", "Barn", "Academy", "School"))
_NOT_BODY = re.compile(r"\b(?:Council|Councillor|Cllr|Trust|Ofsted|Inspectors?|Children|Services|Borough|County|City)\b")
_RUNS = re.compile(r"\b(?:runs|run by|its own)\b")
_WORD_COMMA_END = re.compile(r"([A-Za-z]+), $")
_LOCATION_CUE = re.compile(r"(?: in [A-Z]| run by | runs | its own | owned by | operated by )")


#: A news page's breadcrumb line: "Home > News > Dorset > Bournemouth".
_BREADCRUMB = re.compile(r"[^\n>]{1,40} > [^\n>]{1,60} > [^\n]*$", re.M)
#: A page's menu: a line of four or more short items split by " | ", one of them a section every
#: news site has ("Home | News | Plymouth | Devon | Cornwall | Sport | Weather | Watch live").
_MENU = re.compile(r"(?=[^\n]*(?:^|\| )(?:Home|News|Sport|Weather)(?: \||$))(?:[^\n|]{1,25} \| ){3,}[^\n|]{1,25}$", re.M)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    s = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    e_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    e = min(e_candidates) if e_candidates else len(text)
    return s, e


def _placed_la(text: str, start: int, end: int, mentions: list[OrgMention], starts: list[int]) -> str | None:
    s, e = _sentence_bounds(text, start, end)
    ps, _ = _sentence_bounds(text, max(0, s - 2), max(0, s - 2))
    here = text[s:e]
    prev = text[ps:s]
    if not (_LOCATION_CUE.search(here) or _RUNS.search(prev)):
        return None
    i = bisect.bisect_left(starts, start) - 1
    while i >= 0:
        m = mentions[i]
        if m.org_type in ("local_authority", "provider") and m.la_code:
            return m.la_code
        i -= 1
    for m in mentions:
        if m.org_type == "local_authority" and m.la_code:
            return m.la_code
    return None


def extract_organisations(doc: Document, mentions: list[OrgMention]) -> list[dict]:
    """One row per distinct (name, org_type): canonical name, type, la_code, first span, rule.

    >>> from ofsted.model import Document
    >>> from ofsted.extract.gazetteer import find_org_mentions
    >>> t = "Leeds City Council and West Yorkshire Police said the council would act."
    >>> [(r["name"], r["org_type"], r["la_code"], r["rule"]) for r in extract_organisations(Document("d", "p", t, "0"), find_org_mentions(t))]
    [('Leeds City Council', 'local_authority', 'E08000035', 'organisations.authority'), ('West Yorkshire Police', 'other', None, 'organisations.head_word')]
    """
    return [row for row, _rules in read_organisations(doc.text, mentions)]


#: the row rule of each kind of gazetteer mention
_MENTION_RULES = {
    "la_council": "organisations.authority", "la_place": "organisations.place",
    "org_alias": "organisations.listed", "org_description": "organisations.listed",
    "generic_provider": "organisations.head_word", "generic_other": "organisations.head_word",
    "generic_outlet": "organisations.outlet", "generic_kind": "organisations.kind_before",
    "generic_lead": "organisations.lead_word", "generic_which": "organisations.which_clause",
}


#: Pieces every match of the facility / graded-body pattern contains (see ``_patterns``).
_APPOSITION_NEEDLES = (", a ", ", an ", ", the ", ", our ", ", its ", ", their ", ", one of ")
_GRADED_NEEDLES = ("rated", "judged", "graded")


def _line_matches(pattern: re.Pattern, text: str, needles: tuple[str, ...]):
    """``pattern.finditer(text)`` for a pattern whose matches never cross a line break (no
    ``\\s``, no ``.``) and always contain one of ``needles``: only the lines holding a needle are
    searched, most lines not at all (the same matches; a look-behind still sees the line break)."""
    starts = set()
    for needle in needles:
        i = text.find(needle)
        while i != -1:
            starts.add(text.rfind("\n", 0, i) + 1)
            i = text.find(needle, i + 1)
    for ls in sorted(starts):
        le = text.find("\n", ls)
        yield from pattern.finditer(text, ls, len(text) if le == -1 else le)


def read_organisations(text: str, mentions: list[OrgMention]) -> list[tuple[dict, set[str]]]:
    """The organisation rows of ``text``, each with the ids of the rules that made it."""
    starts = [m.start for m in mentions]
    rows: dict[tuple[str, str], tuple[dict, set[str]]] = {}

    def add(name, org_type, la_code, start, end, rules):
        key = (name.casefold(), org_type)
        if key not in rows:
            rows[key] = ({"name": name, "org_type": org_type, "la_code": la_code,
                          "start_char": start, "end_char": end, "rule": rules[0]}, set(rules))

    names = _names_as_written(mentions)
    furniture = related_blocks(text)
    crumbs = " > " in text   # (once: the test is a scan of the whole text)
    menus = " | " in text
    for m in mentions:
        if m.rule.startswith("anaphora"):
            continue
        if furniture and any(a <= m.start < b for a, b in furniture):
            continue   # "More on this story / Stockton council rated good by inspectors": another story's
        if crumbs and _BREADCRUMB.match(text, text.rfind("\n", 0, m.start) + 1):
            continue   # "Home > News > Dorset > Bournemouth": a page's section names, no body named
        if menus and _MENU.match(text, text.rfind("\n", 0, m.start) + 1):
            continue   # "Home | News | Plymouth | Devon | Cornwall | Sport": a menu's sections
        rules = [_MENTION_RULES.get(m.rule, "organisations.listed")]
        la_code = m.la_code
        if m.rule == "generic_other" and la_code is None:
            if not m.name.endswith(("Police", "Constabulary")) and "Partnership" not in m.name:
                la_code = _placed_la(text, m.start, m.end, mentions, starts)
                if la_code:
                    rules.append("organisations.placed")
        if m.name in names:
            rules.append("organisations.short_form")
        add(names.get(m.name, m.name), m.org_type, la_code, m.start, m.end, rules)

    apposition, graded = _patterns()
    known = {k[0] for k in rows}
    for rule, pattern, needles in (("organisations.facility", apposition, _APPOSITION_NEEDLES),
                                   ("organisations.graded_body", graded, _GRADED_NEEDLES)):
        for fm in _line_matches(pattern, text, needles):
            s, e = fm.start("name"), fm.end("name")
            tokens = fm.group("name").split()
            while tokens and tokens[0] in _LEADING and not (
                    rule == "organisations.facility" and tokens[0] == "Our" and s > 0 and text[s - 1] == " " and not _sentence_initial(text, s)):
                # (a capital "Our" inside a sentence is a name's: "Members of Our Voice Enfield, the
                # borough's children in care council")
                s += len(tokens[0]) + 1
                tokens = tokens[1:]
            if rule == "organisations.graded_body" and (near := _NAME_NEAR.search(text, max(0, s - 80), s)) is not None:
                # "Corvedale Lantern House near Craven Arms, was rated inadequate": the place graded is
                # the body named before it
                s, e = near.start("name"), near.end("name")
                tokens = near.group("name").split()
            if len(tokens) < 2 and rule == "organisations.graded_body":
                continue
            if not tokens:
                continue
            if len(tokens) == 1 and (tokens[0].endswith("ly") or tokens[0] in _LEADING_STOP) and _sentence_initial(text, s):
                # "Separately, a privately run children's home ...", "Meanwhile, the city's largest
                # independent fostering agency, ...": a sentence adverb
                continue
            name = " ".join(tokens)
            if _NOT_BODY.search(name) or name.casefold() in known:
                continue
            if _overlaps(mentions, starts, s, e) and not (rule == "organisations.facility" and _place_inside(mentions, starts, s, e)):
                continue
            if rule == "organisations.graded_body" and _person_context(text, s):
                continue
            if rule == "organisations.facility" and _MEMBER_OF.match(text, e):
                continue   # "Delia Fairbrother-Quaye, a member of a support group for parents, said": a person
            if rule == "organisations.graded_body" and (", which " in fm.group(0) or ", that " in fm.group(0)) \
                    and _AT_PLACE.search(text, max(0, s - 6), s) and tokens[-1] not in _BUILDING_HEADS:
                # (not "at Dearneside House, which was judged outstanding": a building's name is the home)
                continue   # "Orchard Vale Primary School in Hemel Hempstead, which was rated ...": a place
            la_code = _placed_la(text, s, e, mentions, starts)
            add(name, "other", la_code, s, e, [rule] + (["organisations.placed"] if la_code else []))
            known.add(name.casefold())

    def add_home(name: str, s: int, e: int) -> None:
        """A home named by the rule ``organisations.facility`` (unless known, or no body's name)."""
        if name.casefold() in known or _NOT_BODY.search(name) or _overlaps(mentions, starts, s, e):
            return
        la_code = _placed_la(text, s, e, mentions, starts)
        add(name, "other", la_code, s, e, ["organisations.facility"] + (["organisations.placed"] if la_code else []))
        known.add(name.casefold())

    if "home" in text:
        for hm in _NAME_BEFORE_HOME.finditer(text):
            # "the council-run Orrell Vale Lodge children's home": a home's name before the word
            add_home(hm.group("name"), hm.start("name"), hm.end("name"))
        for lm in _HOME_GRADE_LINES.finditer(text):
            # "... children's homes. Their latest grades ... are:" over "Carlton Ings – Good": each line a home
            for nm in _HOME_LINE_NAME.finditer(text, lm.start("lines"), lm.end("lines")):
                add_home(nm.group("name"), nm.start("name"), nm.end("name"))
        for lm in _HOMES_LISTED.finditer(text):
            # "Our own children's homes, Shooters Rise and Charlton Vale House, were both judged good"
            for nm in _LISTED_NAME.finditer(text, lm.start("names"), lm.end("names")):
                add_home(nm.group(0), nm.start(), nm.end())

    return sorted(rows.values(), key=lambda r: r[0]["start_char"])


def _overlaps(mentions: list[OrgMention], starts: list[int], s: int, e: int) -> bool:
    """Whether ``s:e`` overlaps a mention (``starts``: the mentions' starts, in order)."""
    i = bisect.bisect_left(starts, s)
    return (i > 0 and mentions[i - 1].end > s) or (i < len(mentions) and mentions[i].start < e)


def _place_inside(mentions: list[OrgMention], starts: list[int], s: int, e: int) -> bool:
    """Whether the only mentions overlapping ``s:e`` are places inside it, after its first word
    ("Our Voice Enfield, the borough's children in care council": a body named after its place)."""
    i = bisect.bisect_left(starts, s)
    lo = i - 1 if i > 0 and mentions[i - 1].end > s else i
    hit = [m for m in mentions[lo:] if m.start < e]
    return bool(hit) and all(m.rule == "la_place" and s < m.start and m.end <= e for m in hit)


_NAME_RX = r"[A-Z][\w'\u2019-]*(?: [A-Z][\w'\u2019-]*){0,3}"
#: Homes named in apposition after the word: "children's homes, Shooters Rise and Charlton Vale House,",
#: "a privately run children's home in the borough, Bollinbrook House,", "short-breaks home,
#: Nodehill Lodge in Newport," (the place after the name is not part of it).
_HOMES_LISTED = re.compile(r"\b(?:children['\u2019]s|short[- ]breaks?|residential) homes?(?: in the (?:borough|county|city|area|town))?, (?P<names>" + _NAME_RX
                           + r"(?:, " + _NAME_RX + r")*,? and " + _NAME_RX + r"|" + _NAME_RX + r")"
                           + r"(?: (?:in|at|near) [A-Z][\w'\u2019-]+(?: [A-Z][\w'\u2019-]+)?)?,")
_LISTED_NAME = re.compile(_NAME_RX)
#: Lines "Name – grade" under an opening about children's homes that ends with a colon:
#: "The council runs three children's homes. Their latest grades, as published by Ofsted, are:"
#: over "Dearne Lea House – Outstanding" (the opening's colon within two lines of the homes).
_HOME_GRADE_LINES = re.compile(r"(?i:children['\u2019]s homes)\b[^\n]{0,200}:[ \t]*\n(?:[ \t]*\n)?"
                               r"(?P<lines>(?:[ \t]*[A-Z][\w'\u2019-]*(?: [A-Z][\w'\u2019-]*){0,4}[ \t]*[\u2013\u2014:-][ \t]*"
                               r"(?i:outstanding|good|requires improvement|inadequate|adequate)\b[^\n]{0,40}(?:\n|$))+)")
#: One such line's name.
_HOME_LINE_NAME = re.compile(r"^[ \t]*(?P<name>[A-Z][\w'\u2019-]*(?: [A-Z][\w'\u2019-]*){0,4})[ \t]*[\u2013\u2014:-]", re.M)
#: A home's name of two to four capitalised words right before "children's home", after an
#: article and a word of who runs it: "the council-run Orrell Vale Lodge children's home"; or opening a
#: sentence: "Limehouse Reach children's home was judged good".
_NAME_BEFORE_HOME = re.compile(r"(?:\b(?:the|a|its|our|their)\s+(?:[a-z][\w-]*\s+){0,2}|(?:^|(?<=\n)|(?<=[.!?] ))(?!(?:The|A|An|Our|Its|Their|This|That) ))"
                               r"(?P<name>[A-Z][\w'\u2019-]+(?: [A-Z][\w'\u2019-]+){1,3}) (?:children['\u2019]s|short[- ]breaks?|residential) home\b")


def example_facts(text: str) -> list[ExampleFact]:
    """The organisations of a one-off document of ``text``, as ``name (type[, la_code])``, each
    with the rules that made it; the rules that found a mention but made no row (an anaphor, a
    place that is no authority, a possessive description) are recorded without a fact."""
    from ofsted.extract.gazetteer import find_org_mentions

    filtered: set[str] = set()
    mentions = find_org_mentions(text, filtered)
    out = []
    for row, rules in read_organisations(text, mentions):
        fact = f"{row['name']} ({row['org_type']}" + (f", {row['la_code']})" if row["la_code"] else ")")
        out.append(ExampleFact(fact, frozenset(rules)))
    if any(m.rule.startswith("anaphora") for m in mentions):
        filtered.add("organisations.anaphora")
    blocks = related_blocks(text)
    if any(a <= m.start < b for m in mentions for a, b in blocks) or any(
            pattern.match(text, text.rfind("\n", 0, m.start) + 1) for m in mentions for pattern in (_BREADCRUMB, _MENU)):
        filtered.add("organisations.related_links")
    if filtered:
        out.append(ExampleFact("", frozenset(filtered)))
    return out


@lru_cache(maxsize=1)
def _short_forms() -> dict[str, frozenset[str]]:
    bodies = load_rules("organisations").vocab("listed_bodies")
    return {o["name"]: frozenset(o["short_forms"]) for o in bodies if o.get("short_forms")}


def _names_as_written(mentions: list[OrgMention]) -> dict[str, str]:
    """Listed bodies a text names only by an abbreviation keep it as their name.

    >>> from ofsted.extract.gazetteer import find_org_mentions
    >>> _names_as_written(find_org_mentions("Ofsted, HMICFRS and HMI Probation inspected."))
    {"His Majesty's Inspectorate of Constabulary and Fire & Rescue Services": 'HMICFRS', "His Majesty's Inspectorate of Probation": 'HMI Probation'}
    >>> _names_as_written(find_org_mentions("HM Inspectorate of Probation (HMI Probation) inspected."))
    {"His Majesty's Inspectorate of Probation": 'HM Inspectorate of Probation'}

    An inspectorate keeps the royal style the text gives it ("HM", "Her Majesty's") unless the text
    also writes its name in full.
    """
    short = _short_forms()
    first: dict[str, str] = {}
    longer: set[str] = set()
    styled: dict[str, str] = {}   # "HM Inspectorate of Probation" for "His Majesty's Inspectorate of Probation"
    for m in mentions:
        if m.rule.startswith("anaphora"):
            continue
        if m.form != m.name and _MAJESTY.match(m.form) and _MAJESTY.match(m.name):
            styled.setdefault(m.name, m.form)
        elif m.form == m.name:
            styled[m.name] = ""
        forms = short.get(m.name)
        if not forms:
            continue
        if m.form in forms:
            first.setdefault(m.name, m.form)
        else:
            longer.add(m.name)
    out = {name: form for name, form in first.items() if name not in longer}
    out.update((name, form) for name, form in styled.items() if form)
    return out


#: An inspectorate's name in one of its royal styles: "HM", "His Majesty's", "Her Majesty's".
_MAJESTY = re.compile(r"(?:HM|His Majesty['’]s|Her Majesty['’]s) Inspectorate of ")


@lru_cache(maxsize=1)
def _role_heads() -> frozenset[str]:
    return frozenset(load_rules("people").vocab("role_heads"))


_TITLE_BEFORE = re.compile(r"(?:Cllr|Councillor|Dr|Mr|Mrs|Ms|Miss|Sir|Dame|Professor|Prof)\.? $")


#: After a name, an apposition that makes it a person's: ", a member of", ", a volunteer with".
_MEMBER_OF = re.compile(r",[ \t]+(?:an?|one)[ \t]+(?:member|volunteer|trustee|founder|co-founder|parent|mother|father|grandparent|"
                        r"worker|spokesperson|spokeswoman|spokesman|organiser|coordinator|co-ordinator)[ \t]+(?:of|with|at|for|from)\b")


def _person_context(text: str, start: int) -> bool:
    """A name after a title, or in apposition to a role ("the director, Anne Fisher, was ...")."""
    before = text[max(0, start - 40) : start]
    if _TITLE_BEFORE.search(before):
        return True
    m = _WORD_COMMA_END.search(before)
    return bool(m and m.group(1).lower() in _role_heads())
