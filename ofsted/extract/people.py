"""Named people, their roles and organisations, found by pattern (never by a list of names).

A person is a run of two or three capitalised name tokens in one of these contexts (the rule that
fired is the row's ``rule``):

* ``title`` -- after an honorific: "Cllr Nadia Ashworth", "Dr Helen Ashby", "Sir ...";
* ``rank`` -- after a rank that is the role: "Detective Chief Superintendent Mark Holloway";
* ``apposition`` -- followed by ", <role>": "Andrew Fenwick, chief executive of Birmingham
  Children's Trust, said";
* ``pre_apposition`` -- "<role>, <name>,": "The trust's chair, Margaret Oduya, said";
* ``premodifier`` -- "<org> <role words> <name>": "Together for Children chief executive Alex Hopkins";
* ``led_by`` -- "The inspection was led by Helen Marchbank, one of His Majesty's Inspectors";
* ``header`` -- "Contact officer: Andrew Nuttall, Assistant Director, Children's Social Care";
* ``speech`` -- "<name> said" / "said <name>".

Titles are not part of the name; "Cllr"/"Councillor" start the role ("Councillor, cabinet member
for children"), other honorifics are dropped. The organisation is the one the role names ("chief
executive of X", "X's director", "the council's ..."), else Ofsted for inspectors, else the
nearest authority named before. Later surname-only mentions ("Fenwick said", "Ms Oyelaran")
resolve to the full person (:func:`person_mentions`).

>>> from ofsted.model import Document
>>> from ofsted.extract.gazetteer import find_org_mentions
>>> text = "Wigan Council's director of children's services, Jo Bloggs, said: \\"Fine.\\""
>>> [(p["name"], p["role"], p["organisation"]) for p in extract_people(Document("d", "p", text, "0"), find_org_mentions(text))]
[('Jo Bloggs', "director of children's services", 'Wigan Metropolitan Borough Council')]
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from functools import lru_cache

from ofsted.extract.gazetteer import PATTERNS, OrgMention
from ofsted.model import Document

_TOKEN = r"(?:Mc|Mac|O['\u2019]|D['\u2019])?[A-Z][a-z]+(?:-[A-Z][a-z]+)*"
_INITIAL = r"(?:[A-Z]\.? )"


def _load() -> dict:
    with open(PATTERNS / "people.json", encoding="utf-8") as fh:
        return json.load(fh)


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class _Vocab:
    name_re: re.Pattern
    role_prefix: dict
    surname_titles: frozenset
    ranks: frozenset
    role_heads: frozenset
    role_words: frozenset
    verbs: frozenset
    verbs_re: str
    label_role: dict
    label_plain: frozenset
    label_re: re.Pattern
    stop: frozenset
    stop_first: frozenset
    inspector_roles: tuple
    councillor_roles: tuple


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    spec = _load()
    hon = spec["honorifics"]
    ranks = spec["rank_titles"]["titles"]
    ranks = ranks + [r.replace("'", "\u2019") for r in ranks if "'" in r]
    titles = list(hon["role_prefix"]) + hon["dropped"] + ranks
    title_alt = _alt(titles)
    name_re = re.compile(
        rf"(?<![\w'\u2019\-])(?P<title>(?:(?:{title_alt}) )*)"
        rf"(?P<name>{_TOKEN}(?: {_INITIAL}?{_TOKEN}){{0,2}})(?![\w\-])"
    )
    labels = spec["header_labels"]
    label_re = re.compile(rf"(?:^|\n)[ \t]*(?P<label>{_alt(labels['role'] + labels['plain'])})[ \t]*:[ \t]*$")
    verbs = spec["reporting_verbs"]
    return _Vocab(
        name_re=name_re,
        role_prefix=hon["role_prefix"],
        surname_titles=frozenset(hon["surname_only"]),
        ranks=frozenset(ranks),
        role_heads=frozenset(spec["role_heads"]),
        role_words=frozenset(spec["role_words"]) | frozenset(spec["role_heads"]),
        verbs=frozenset(verbs),
        verbs_re=_alt(verbs),
        label_role={l: l[0].lower() + l[1:] for l in labels["role"]},
        label_plain=frozenset(labels["plain"]),
        label_re=label_re,
        stop=frozenset(spec["not_name_words"]),
        stop_first=frozenset(spec["not_name_words_first"]) | frozenset(spec["not_name_words"]),
        inspector_roles=tuple(r.lower().replace("\u2019", "'") for r in spec["inspector_roles"]),
        councillor_roles=tuple(spec["councillor_roles"]),
    )


# --------------------------------------------------------------------------------------------
# helpers over the mention list


class _Mentions:
    def __init__(self, mentions: list[OrgMention]):
        self.items = mentions
        self.starts = [m.start for m in mentions]

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
    role = re.sub(r"\s+", " ", role).strip(" ,;:-\u2013\u2014")
    if role.startswith("who "):
        role = role[4:]
    role = _LEADING_ARTICLE.sub("", role, count=1)
    return role


# --------------------------------------------------------------------------------------------


@dataclass
class _Person:
    name: str
    start: int
    end: int
    rule: str
    role: str | None = None
    organisation: str | None = None
    org_from_role: bool = False


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
    lead = re.match(r"^(?:Its|its|Their|their) ", role)
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
    for m in inner:
        rel = m.start - role_start
        if rel < 0 or rel > len(role_text):
            continue
        before = role_text[:rel]
        after = text[m.end : m.end + 3]
        if _APOS_S.match(after):
            # mid-phrase possessive: "chair of the council's education committee"
            surface = text[m.start : m.end] + _APOS_S.match(after).group(0)
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
        pm = re.search(r"(?:,? (?:of|at|for|with|on behalf of)|,) (?:the )?$", before)
        if pm is None and m.rule == "la_place" and m.end - role_start >= len(role_text.rstrip(" ,.")):
            # a trailing place names the body: "chair of the scrutiny committee in Bury"
            pm = re.search(r" in $", before)
        if pm:
            cut_at = pm.start()
            prefix_len = len(role_text) - len(role)
            role = role[: max(0, cut_at - prefix_len)]
            if org is None or True:
                org = m
            break
    role = _clean_role(role)
    return (role or None), org


_DETERMINER = re.compile(r"(?<= )(?:the|its|their|our|his|her|an?) (?=[a-z])|(?<=, )(?:[A-Z][a-z]+ )+(?=[a-z])")
_GENERIC_POSSESSIVE = re.compile(r"^(?:the|The) ([a-z]+)['\u2019]s ")
_FIXED_TITLE = re.compile(
    r"(?:^|\b)(?:deputy |)(?:leader|chair|chairman|chairwoman|vice-chair|mayor) of the (?:council|Council|county council|"
    r"County Council|city council|City Council|borough council|Borough Council)$"
)


def _pronoun_antecedent(text: str, pos: int, men: _Mentions) -> OrgMention | None:
    """'Its' at ``pos``: the first organisation named in the previous sentence (its subject)."""
    start = _sentence_start(text, pos)
    prev_start = _sentence_start(text, max(0, start - 2))
    cands = [m for m in men.within(prev_start, start) if m.org_type in ("provider", "local_authority", "other", "regulator")]
    if cands:
        return cands[0]
    return men.last_before(pos, ("provider", "local_authority"))


def _apposition_end(text: str, pos: int, verbs_re: str) -> int:
    """End of a role phrase starting at ``pos``: before ', said', ', who ...', ':', '.', newline."""
    limit = min(len(text), pos + 250)
    seg = text[pos:limit]
    m = re.search(
        rf",\s*(?:(?:{verbs_re})\b|when\b|as\b|after\b|before\b|while\b|but\b|who\b|which\b|where\b|"
        rf"has\b|have\b|had\b|is\b|was\b|will\b|would\b|[a-z]{{2,}}ed(?![\w\-])|the company\b|a company\b|an? \w+ (?:which|that)\b|"
        rf"the \w+ (?:which|that|who)\b|\S*@)"
        rf"|\s+(?:(?:{verbs_re})\b)(?! (?:of|for|to)\b)|[:;\n\"\u201c\u201d(]|\.(?:\s|$)",
        seg,
    )
    return pos + (m.start() if m else len(seg))


_ROLE_START = re.compile(
    r"(?:the |The |one of |who |its |their |an? |[A-Z][\w\-&]*(?: [A-Z&][\w\-&]*)*['\u2019]s |[a-z]|[A-Z][a-z]+ [a-z]|[A-Z][a-z]+ [A-Z]|[A-Z][a-z]+,|"
    r"(?:His|Her) Majesty)"
)


def _has_role_head(phrase: str, vocab: _Vocab) -> bool:
    words = re.findall(r"[A-Za-z][\w\-]*", phrase.lower())
    return any(w in vocab.role_heads for w in words[:12]) or "led the" in phrase.lower()


def extract_people(doc: Document, mentions: list[OrgMention]) -> list[dict]:
    """One row per distinct person (first mention span): name, role, organisation.

    >>> from ofsted.model import Document
    >>> from ofsted.extract.gazetteer import find_org_mentions
    >>> t = "Together for Children chief executive Alex Hopkins said the work goes on."
    >>> [(p["name"], p["role"], p["organisation"], p["rule"]) for p in extract_people(Document("d", "p", t, "0"), find_org_mentions(t))]
    [('Alex Hopkins', 'chief executive', 'Together for Children', 'premodifier')]
    """
    text = doc.text
    vocab = _vocab()
    men = _Mentions(mentions)
    found: dict[str, _Person] = {}

    for m in vocab.name_re.finditer(text):
        name = m.group("name")
        tokens = name.split()
        if len(tokens) < 2:  # most matches are one capitalised word
            continue
        title_str = m.group("title").strip()
        titles = _split_titles(title_str, vocab)
        nstart, nend = m.start("name"), m.end("name")
        # trailing non-name tokens ("Jo Bloggs Said") -> trim
        while len(tokens) > 2 and tokens[-1] in vocab.stop:
            tokens = tokens[:-1]
            nend = nstart + len(" ".join(tokens))
        if tokens[0] in vocab.stop_first or any(t in vocab.stop for t in tokens):
            # "Councillor Paul Watson" may be matched with a leading stop word ("Leader Councillor ...")
            continue
        name = " ".join(tokens)
        overl = men.overlapping(nstart, nend)
        if any(o.rule != "la_place" for o in overl):
            continue
        person = _classify(text, m, nstart, nend, name, titles, vocab, men)
        if person is None:
            continue
        if overl and person.rule in ("speech",):
            continue
        old = found.get(name)
        if old is None:
            found[name] = person
        elif old.role is None and person.role is not None:
            old.role, old.organisation, old.org_from_role = person.role, person.organisation, person.org_from_role

    rows = []
    for p in sorted(found.values(), key=lambda p: p.start):
        rows.append(
            {"name": p.name, "role": p.role, "organisation": p.organisation,
             "start_char": p.start, "end_char": p.end, "rule": p.rule}
        )
    return rows


@lru_cache(maxsize=1)
def _title_keys() -> tuple[str, ...]:
    spec = _load()["honorifics"]
    vocab = _vocab()
    keys = set(vocab.role_prefix) | set(vocab.ranks) | set(spec["dropped"]) | set(spec["surname_only"])
    return tuple(sorted(keys, key=len, reverse=True))


def _split_titles(title_str: str, vocab: _Vocab) -> list[str]:
    out = []
    rest = title_str
    if not rest:
        return out
    keys = _title_keys()
    while rest:
        for k in keys:
            if rest.startswith(k) and (len(rest) == len(k) or rest[len(k)] == " "):
                out.append(k)
                rest = rest[len(k):].lstrip()
                break
        else:
            break
    return out


def _classify(text, m, nstart, nend, name, titles, vocab: _Vocab, men: _Mentions) -> _Person | None:
    start = m.start() if titles else nstart
    prefix_role = None
    rank = None
    for t in titles:
        if t in vocab.role_prefix:
            prefix_role = vocab.role_prefix[t]
        if t in vocab.ranks:
            rank = t
    # "County Councillor" may be split by the title regex into County + Councillor? no: longest first.
    rule = None
    role = None
    org: OrgMention | None = None
    org_name: str | None = None

    after = text[nend : nend + 3]
    # --- header label: "Contact officer: Andrew Nuttall, Assistant Director"
    nl = text.rfind("\n", max(0, start - 120), start)
    label_m = None
    if nl != -1 or start <= 120:
        label_m = vocab.label_re.search(text[max(0, nl) : start])
    label_role = None
    if label_m:
        label = label_m.group("label")
        rule = "header"
        label_role = vocab.label_role.get(label)

    # --- apposition after the name
    appos = None
    if after.startswith(", "):
        rs = nend + 2
        cand = text[rs : rs + 60]
        if label_m or _ROLE_START.match(cand):
            re_end = _apposition_end(text, rs, vocab.verbs_re)
            phrase = text[rs:re_end]
            if phrase and _has_role_head(phrase, vocab) or (label_m and phrase):
                appos = (rs, phrase)
    if appos:
        role, org = _role_and_org(appos[1], appos[0], men, text)
        rule = rule or "apposition"
        low = appos[1].lower()
        if low.startswith("who led") or low.startswith("the inspector who"):
            pass

    # --- led by: "The inspection was led by Helen Marchbank, one of His Majesty's Inspectors"
    before = text[max(0, start - 60) : start]
    if re.search(r"\bled by $", before):
        sent = text[_sentence_start(text, start) : start]
        noun = re.match(r"\s*(?:The|the) ((?:[a-z\-]+ ){0,2}?(?:inspection team|inspection|visit|team|review|inspectors?))\b", sent)
        led = f"led the {noun.group(1)}" if noun else "led the inspection"
        role = f"{led}, {role}" if role else led
        rule = "led_by"

    # --- pre-apposition: "The trust's chair, Margaret Oduya, said"
    if role is None and before.endswith(", "):
        ss = _sentence_start(text, start)
        phrase = text[ss : start - 2]
        if 0 < len(phrase) < 160 and _has_role_head(phrase, vocab) and not re.search(r"[\"\u201c\u201d]", phrase):
            # the whole clause before the name, else its last noun phrase that is a role
            # ("When I asked the town's director, Jo Bloggs, ...": "the town's director")
            for cut in [0, *(d.start() for d in reversed(list(_DETERMINER.finditer(phrase, 1))))]:
                sub = phrase[cut:]
                if cut and not _has_role_head(sub, vocab):
                    continue
                r2, o2 = _role_and_org(sub, ss + cut, men, text)
                if r2 and (r2.split()[0].lower() in vocab.role_words or r2[:1].islower()):
                    role, org = r2, o2
                    rule = "pre_apposition"
                    break
                if cut:
                    break

    # --- premodifier: "Together for Children chief executive Alex Hopkins", "lead inspector X"
    if role is None:
        k = start
        words = []
        while True:
            wm = re.search(r"([A-Za-z][\w\-]*) $", text[max(0, k - 40) : k])
            if not wm:
                break
            w = wm.group(1)
            if w.lower() not in vocab.role_words:
                break
            words.append(w)
            k = k - len(w) - 1
            if k <= 0:
                break
        if words and any(w.lower() in vocab.role_heads for w in words):
            words.reverse()
            role_words = " ".join(words)
            pre = men.overlapping(k - 2, k - 1) if k >= 2 else []
            if pre and pre[0].end == k - 1:
                org = pre[0]
            if role_words.lower() in ("leader", "council leader"):
                role_words = "council leader"
            if words[0] == "Council" or words[0][0].isupper():
                role_words = role_words[0].lower() + role_words[1:]
            role = role_words
            rule = "premodifier"

    if rank:
        role = rank if role is None else f"{rank}, {role}"
        rule = rule or "rank"
        if re.match(r"^, of ", text[nend : nend + 5]) and org is None:
            of_m = men.overlapping(nend + 5, nend + 6)
            if of_m:
                org = of_m[0]

    if label_role:
        role = f"{label_role}, {role}" if role else label_role

    if prefix_role:
        rule = rule or "title"
        role = f"{prefix_role}, {role}" if role else prefix_role

    if rule is None and titles:
        rule = "title"

    if rule is None:
        # bare speech: "Jo Bloggs said" / "said Jo Bloggs"
        if re.match(rf"\s+(?:{vocab.verbs_re})\b", text[nend : nend + 20]) or re.search(
            rf"\b(?:said|says|added|adds|according to)\s+$", before
        ):
            rule = "speech"
        else:
            return None

    # organisation
    org_from_role = org is not None
    if org is not None:
        org_name = org.name
    else:
        low = (role or "").lower().replace("\u2019", "'")
        if any(r in low for r in vocab.inspector_roles):
            org_name = "Ofsted"
        elif low.startswith("independent ") and men.last_with_word(start, "Safeguarding"):
            # an independent chair or scrutineer belongs to the safeguarding board named before
            org_name = men.last_with_word(start, "Safeguarding").name
        elif role:
            la = men.last_before(start, ("local_authority",))
            org_name = la.name if la else None
    return _Person(name, start if not prefix_role and not rank and not titles else nstart, nend, rule,
                   role or None, org_name, org_from_role)


# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _mention_titles() -> str:
    return _alt(list(_vocab().role_prefix) + list(_vocab().surname_titles) + ["Sir", "Dame", "Professor"])


def person_mentions(text: str, people_rows: list[dict]) -> list[tuple[int, int, str]]:
    """Every mention of the given people: full names, and surnames with or without a title.

    >>> person_mentions("Jo Bloggs spoke. Later Ms Bloggs said more; Bloggs added.", [{"name": "Jo Bloggs"}])
    [(0, 9, 'Jo Bloggs'), (23, 32, 'Jo Bloggs'), (44, 50, 'Jo Bloggs')]
    """
    if not people_rows:
        return []
    forms: dict[str, str] = {}
    surname_count: dict[str, int] = {}
    for row in people_rows:
        surname = row["name"].split()[-1]
        surname_count[surname] = surname_count.get(surname, 0) + 1
    for row in people_rows:
        name = row["name"]
        forms[name] = name
        surname = name.split()[-1]
        if surname_count[surname] == 1:
            forms[surname] = name
    pattern = re.compile(rf"(?<![\w\-])(?:(?:{_mention_titles()}) )?(?:{_alt(forms)})(?![\w\-])")
    ordered = sorted(forms, key=len, reverse=True)
    out = []
    for m in pattern.finditer(text):
        surface = m.group(0)
        key = next((k for k in ordered if surface.endswith(k)), surface)
        out.append((m.start(), m.end(), forms[key]))
    return out
