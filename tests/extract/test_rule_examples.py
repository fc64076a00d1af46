"""Every extraction rule is pinned by its own literal example sentences (ofsted/data/rules/*.yaml).

The tests are generated from the rules files: for every example, the module's facts from that
text are exactly the ones the example expects, and the rule fires on its positive examples and
not on its negative ones. Every rule has both kinds, from at least two of the gold sets.
"""

from __future__ import annotations

import importlib

import pytest

from ofsted.extract import rules as registry

CORPUS_SETS = set(registry.EXAMPLE_SETS) - {"synthetic"}


def _cases():
    for module in registry.modules():
        rs = registry.load_rules(module)
        for rule in rs.rules.values():
            for i, ex in enumerate(rule.examples):
                yield pytest.param(module, rule.id, ex, id=f"{rule.id}[{i}:{ex.source}]")


@pytest.mark.parametrize("module, rule_id, example", list(_cases()))
def test_rule_gives_exactly_the_facts_of_its_example(module, rule_id, example):
    found = importlib.import_module(f"ofsted.extract.{module}").example_facts(example.text)
    facts = sorted(f.fact for f in found if f.fact)
    fired = set().union(*(f.rules for f in found)) if found else set()
    assert facts == sorted(example.expect), f"{example.text!r}"
    if example.fires:
        assert rule_id in fired, f"{rule_id} did not fire on {example.text!r} (fired: {sorted(fired)})"
    else:
        assert rule_id not in fired, f"{rule_id} fired on its negative example {example.text!r}"


@pytest.mark.parametrize("module", registry.modules())
def test_every_rule_has_positive_and_negative_examples_from_two_sets(module):
    for rule in registry.load_rules(module).rules.values():
        kinds = {ex.fires for ex in rule.examples}
        sets = {ex.set_name for ex in rule.examples} & CORPUS_SETS
        assert kinds == {True, False}, f"{rule.id} needs a positive and a negative example"
        assert len(sets) >= 2, f"{rule.id} has examples from {sorted(sets)} only"


def test_a_vocabulary_no_rule_reads_is_rejected():
    data = {"vocabularies": {"used": ["a"], "spare": ["b"]},
            "rules": [{"id": "m.r", "reads": ["used"], "examples": []}]}
    with pytest.raises(registry.RuleError, match="spare"):
        registry.parse_rules("m", data)


def test_a_pattern_reading_an_undeclared_vocabulary_is_rejected():
    data = {"vocabularies": {"used": ["a"]}, "rules": [{"id": "m.r", "pattern": "{used}", "examples": []}]}
    with pytest.raises(registry.RuleError, match="not listed under reads"):
        registry.parse_rules("m", data)


def test_rule_ids_are_unique_and_prefixed():
    dup = {"rules": [{"id": "m.a"}, {"id": "m.a"}]}
    with pytest.raises(registry.RuleError, match="twice"):
        registry.parse_rules("m", dup)
    with pytest.raises(registry.RuleError, match="must start"):
        registry.parse_rules("m", {"rules": [{"id": "other.a"}]})


def test_every_rules_file_loads():
    for path in sorted(registry.RULES_DIR.glob("*.yaml")):
        assert registry.parse_rules(path.stem, registry.read_yaml(path)).rules
