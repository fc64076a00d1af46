"""The rule registry: every extraction rule as data, with its vocabularies and example sentences.

Each extraction module has one file ``ofsted/data/rules/<module>.yaml``::

    about: what the file holds
    vocabularies:            # named word lists (or mappings) the rules read
      hedges: [aim to be, hope to be]
    rules:
      - id: ratings.hedged             # <module>.<name>, unique
        does: A grade someone hopes for is no grade.
        reads: [hedges]                # every vocabulary key the rule reads
        pattern: '(?:{hedges})\\s+Ⓖ'     # optional; {key} expands to an alternation of the list
        outcome: {role: hoped}
        examples:                      # literal sentences of the corpora, from more than one set
          - text: We aim to be outstanding at the next inspection, said the council.
            from: dev/134
            expect: []                 # exactly the module's facts from this text
            fires: true                # the rule must fire (default: when facts are expected)

Loading checks the file: ids unique and prefixed by the module, every key a rule reads exists,
and every vocabulary key is read by some rule (a key no rule reads is an error, not a silent
leftover). The test suite runs every example through the module's ``example_facts`` and checks
that every rule has a positive and a negative example from at least two of the gold sets.

>>> rs = load_rules("mentions")
>>> rs.rule("mentions.grade").id, "good" in rs.vocab("grade_labels")
('mentions.grade', True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ofsted.extract.regex_tools import trie_alternation

RULES_DIR = Path(__file__).resolve().parent.parent / "data" / "rules"
#: The sets an example may come from (``from: dev/123``): the project's gold sets.
EXAMPLE_SETS = ("seeds", "dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10", "dev11", "dev12", "dev13", "dev14", "dev15", "dev16", "dev17", "dev18", "dev19", "dev20", "dev21", "dev22", "dev23", "dev24", "dev25", "dev26", "dev27", "dev28", "dev29", "dev30", "dev31", "dev32", "dev33", "dev34", "dev35", "dev36", "dev37", "dev38", "dev39", "dev40", "dev41", "dev42", "dev43", "dev44", "dev45", "dev46", "dev47", "dev48", "dev49", "dev50", "dev51", "dev52", "dev53", "dev54", "dev55", "dev56", "dev57", "dev58", "dev59", "dev60", "dev61", "dev62", "dev63", "dev64", "dev65", "dev66", "dev67", "dev68", "dev69", "dev70", "dev71", "dev72", "dev73", "dev74", "dev75", "dev76", "dev77", "dev78", "dev79", "dev80", "heldout", "blind", "synthetic")
_KEY = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
#: ``{NAME}`` in a pattern: a piece of regex the module builds (a day, a month name, a year).
_PART = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


class RuleError(ValueError):
    """A rules file that is malformed or inconsistent."""


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans only: word lists hold "on", "no" and "off" as words, not booleans."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def read_yaml(path: Path) -> dict:
    """A rules file parsed with YAML 1.2 booleans (``on`` stays a word).

    >>> yaml.load("[on, no, true]", Loader=_Loader)
    ['on', 'no', True]
    """
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_Loader)


@dataclass(frozen=True)
class Example:
    """A literal sentence, exactly the facts its module must give for it, and whether the rule
    must fire on it (``fires``; by default, when it expects facts): a negative example is one
    the rule must not fire on, a filter rule's positive one may expect no facts."""

    text: str
    source: str          # "dev/123"
    expect: tuple[str, ...]
    fires: bool = True

    @property
    def set_name(self) -> str:
        return self.source.split("/", 1)[0]


@dataclass(frozen=True)
class Rule:
    id: str
    does: str
    reads: tuple[str, ...]
    pattern: str | None
    outcome: dict
    examples: tuple[Example, ...]


@dataclass(frozen=True)
class ExampleFact:
    """One fact a module made from an example text, in the module's compact form, and the ids
    of the rules that made it. An empty ``fact`` records rules that fired without making a fact
    (a filter that dropped a grade): it counts for ``fires``, not among the facts."""

    fact: str
    rules: frozenset[str]


@dataclass(frozen=True)
class RuleSet:
    module: str
    about: str
    vocabularies: dict
    rules: dict[str, Rule]

    def rule(self, rule_id: str) -> Rule:
        return self.rules[rule_id]

    def vocab(self, key: str):
        return self.vocabularies[key]

    def pattern(self, rule_id: str, *, trie: bool = False, **parts: str) -> str:
        """The rule's pattern with each ``{key}`` expanded to an alternation of that list and each
        ``{NAME}`` replaced by the regex piece ``parts[NAME]`` the module supplies (``trie``: the
        alternations shaped like a trie, ``trie_words``)."""
        rule = self.rules[rule_id]
        if rule.pattern is None:
            raise RuleError(f"{rule_id} has no pattern")
        out = expand(rule.pattern, self.vocabularies, trie=trie)

        def part(m: re.Match) -> str:
            if m.group(1) not in parts:
                raise RuleError(f"{rule_id}: its pattern needs the piece {{{m.group(1)}}}")
            return parts[m.group(1)]

        return _PART.sub(part, out)


def flex_words(words) -> str:
    """An alternation of phrases, longest first: apostrophes match ' and ’, a space any run of
    whitespace, a hyphen a hyphen, a space or nothing.

    >>> flex_words(["children's home", "re-inspection"])
    "children['’]s\\\\s+home|re[-\\\\s]?inspection"
    """
    out = []
    for w in sorted(set(words), key=lambda w: (-len(w), w)):
        e = re.escape(w)
        e = re.sub(r"['’]", "['’]", e).replace(r"\ ", r"\s+").replace(r"\-", r"[-\s]?")
        out.append(e)
    return "|".join(out)


def _units(word: str) -> list[str]:
    out = []
    for ch in word:
        if ch in "'’":
            out.append("['’]")
        elif ch == " ":
            out.append(r"\s+")
        elif ch == "-":
            out.append(r"[-\s]?")
        else:
            out.append(re.escape(ch))
    return out


def trie_words(words) -> str:
    """The alternation of ``flex_words`` shaped like a trie: the engine tries one branch per
    character instead of every phrase (several times faster for a long list of phrases that
    share beginnings, such as the names of judgement areas); the longest phrase still wins.

    >>> print(trie_words(["children's home", "children", "re-inspection"]))
    children(?:['’]s\\s+home)?|re[-\\s]?inspection
    >>> re.match("(?:" + trie_words(["care", "care leavers"]) + ")", "care  leavers").group(0)
    'care  leavers'
    """
    return trie_alternation(_units(word) for word in set(words))


def expand(pattern: str, vocabularies: dict, trie: bool = False) -> str:
    """Replace ``{key}`` by ``(?:alternation)`` of the vocabulary (its keys, for a mapping);
    ``trie``: shaped like a trie (``trie_words``) instead of ``flex_words``' list."""
    def repl(m: re.Match) -> str:
        key = m.group(1)
        if key not in vocabularies:
            raise RuleError(f"pattern reads unknown vocabulary {{{key}}}")
        words = vocabularies[key]
        if isinstance(words, dict):
            words = list(words)
        return "(?:" + (trie_words if trie else flex_words)(str(w) for w in words) + ")"

    return _KEY.sub(repl, pattern)


def _example(rule_id: str, raw) -> Example:
    if not isinstance(raw, dict) or "text" not in raw or "from" not in raw or "expect" not in raw:
        raise RuleError(f"{rule_id}: an example needs text, from and expect: {raw!r}")
    source = str(raw["from"])
    if source.split("/", 1)[0] not in EXAMPLE_SETS:
        raise RuleError(f"{rule_id}: example from unknown set {source!r} (one of {', '.join(EXAMPLE_SETS)})")
    expect = raw["expect"] or []
    if not isinstance(expect, list):
        raise RuleError(f"{rule_id}: expect must be a list")
    fires = raw.get("fires", bool(expect))
    if not isinstance(fires, bool):
        raise RuleError(f"{rule_id}: fires must be true or false")
    return Example(str(raw["text"]), source, tuple(str(e) for e in expect), fires)


def parse_rules(module: str, data: dict) -> RuleSet:
    """Check and build a rule set from a parsed rules file (see the module docstring)."""
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RuleError(f"{module}: a rules file needs a list under 'rules'")
    vocabularies = data.get("vocabularies") or {}
    rules: dict[str, Rule] = {}
    read: set[str] = set()
    for raw in data["rules"]:
        rid = raw.get("id") if isinstance(raw, dict) else None
        if not rid or not str(rid).startswith(module + "."):
            raise RuleError(f"{module}: rule id {rid!r} must start with '{module}.'")
        if rid in rules:
            raise RuleError(f"{module}: rule id {rid} appears twice")
        reads = tuple(raw.get("reads") or ())
        pattern = raw.get("pattern")
        named = set(_KEY.findall(pattern or ""))
        missing = [k for k in (*reads, *named) if k not in vocabularies]
        if missing:
            raise RuleError(f"{rid} reads unknown vocabularies: {', '.join(sorted(set(missing)))}")
        undeclared = named - set(reads)
        if undeclared:
            raise RuleError(f"{rid}: its pattern reads {', '.join(sorted(undeclared))}, not listed under reads")
        read.update(reads)
        rules[rid] = Rule(
            id=rid,
            does=str(raw.get("does") or ""),
            reads=reads,
            pattern=pattern,
            outcome=dict(raw.get("outcome") or {}),
            examples=tuple(_example(rid, e) for e in raw.get("examples") or ()),
        )
    unread = sorted(set(vocabularies) - read)
    if unread:
        raise RuleError(f"{module}: vocabularies no rule reads: {', '.join(unread)}")
    return RuleSet(module, str(data.get("about") or ""), vocabularies, rules)


@lru_cache(maxsize=None)
def load_rules(module: str) -> RuleSet:
    """The checked rule set of ``ofsted/data/rules/<module>.yaml`` (read once per process)."""
    return parse_rules(module, read_yaml(RULES_DIR / f"{module}.yaml"))


def modules() -> list[str]:
    """The modules that have a rules file."""
    return sorted(p.stem for p in RULES_DIR.glob("*.yaml"))
