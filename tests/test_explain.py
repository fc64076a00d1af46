"""ofsted explain: every fact of a text with the rule that made it and the mentions it related,
and the grades and dates that gave no fact, with the reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ofsted.cli import main
from ofsted.explain import explain_document, read_one
from ofsted.extract import extract_document
from ofsted.model import Document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
KEYS = {"organisations": ("name", "org_type"), "people": ("name", "role"), "quotes": ("speaker", "text"),
        "inspections": ("la_code", "visit_type", "year", "month"),
        "ratings": ("la_code", "area", "rating", "previous_rating", "change")}


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_every_seed_fact_is_shown_with_its_rule_and_mentions(path):
    (doc,) = read_one(path)
    explained = explain_document(doc)
    extracted = extract_document(doc)
    for fact_type, keys in KEYS.items():
        shown = sorted(repr(tuple(f[k] for k in keys)) for f in explained["facts"][fact_type])
        assert shown == sorted(repr(tuple(r[k] for k in keys)) for r in extracted[fact_type]), fact_type
        for fact in explained["facts"][fact_type]:
            assert fact["rules"] and all(fact["rules"]), fact
            assert doc.text[fact["span"]["start"]:fact["span"]["end"]] == fact["span"]["text"]
    for fact in explained["facts"]["ratings"]:
        kinds = {m["kind"] for m in fact["related"]}
        assert "authority" in kinds and kinds & {"grade", "line", "area"}, fact
        assert any(r.startswith("ratings.") for r in fact["rules"])
    for fact in explained["facts"]["inspections"]:
        assert any(m["kind"] == "date" for m in fact["related"]), fact
    assert explained["mentions"], "the analysis lists its mentions"


def test_a_grade_that_gave_no_rating_says_why():
    text = ("Wigan Council's children's services were rated good in 2024. The council says it aims to be "
            "rated outstanding at its next inspection. Mimram Vale Primary School was rated inadequate.")
    e = explain_document(Document("d", "d.txt", text, "0" * 64))
    assert [(r["area"], r["rating"]) for r in e["facts"]["ratings"]] == [("overall_effectiveness", "good")]
    why = {(g["text"], g["rule"]) for g in e["not_facts"]["grades"]}
    assert ("outstanding", "ratings.hedged") in why
    assert ("inadequate", "ratings.other_body") in why


def test_a_date_that_gave_no_visit_says_why():
    text = "Wigan Council is to be inspected again in 2026. It was rated good when inspectors visited in May 2024."
    e = explain_document(Document("d", "d.txt", text, "0" * 64))
    assert [(r["visit_type"], r["year"]) for r in e["facts"]["inspections"]] == [("inspection", 2024)]
    assert [(d["text"], d["rule"]) for d in e["not_facts"]["dates"]] == [("2026", "inspections.future")]


def test_the_command_prints_the_rules_and_writes_json(tmp_path, capsys):
    out = tmp_path / "e.json"
    assert main(["explain", str(SEEDS[0]), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "rules: ratings." in printed and "grades that gave no rating" in printed
    data = json.loads(out.read_text())
    assert data["facts"]["ratings"] and data["document"]["source_path"].endswith(SEEDS[0].name)


def test_a_file_ofsted_does_not_read_is_a_clear_error(tmp_path, capsys):
    bad = tmp_path / "photo.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n")
    assert main(["explain", str(bad)]) == 1
    assert "ofsted explain:" in capsys.readouterr().err
