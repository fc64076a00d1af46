"""`ofsted evaluate` end to end: the seeds at 1.0, the dev corpus at its bars, exit status on bars.

The seeds are scored by the command in a process of its own, as an operator runs it; the other
evaluations call the same command in this process (``ofsted.cli.main``, whose return value is the
process's exit status), which spares each a new interpreter and its imports, and the dev corpus
is the session's one evaluation of it (``dev_evaluation``, shared with the official cross-check
test)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ofsted.cli import main
from ofsted.evaluation import check_bars, format_report, parse_bars
from tests.conftest import ROOT, SEED_GOLD, SEEDS

FACT_TYPES = ("organisations", "people", "inspections", "ratings", "quotes")


def evaluate(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ofsted.cli", "evaluate", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_seeds_score_one_for_every_fact_type(tmp_path):
    out = tmp_path / "scores.json"
    bars = [f"--min-f1={t}=1.0" for t in FACT_TYPES]
    done = evaluate("--gold", str(SEED_GOLD), "--source", str(SEEDS), "--json", str(out), *bars)
    assert done.returncode == 0, done.stdout + done.stderr
    scores = json.loads(out.read_text())
    print(done.stdout)
    assert "Official cross-check: 5 of 5" in done.stdout
    assert scores["official_agreement"]


def test_dev_corpus_meets_its_bars(dev_evaluation):
    """What ``ofsted evaluate --min-f1=<type>=0.9 ...`` checks, on the session's evaluation."""
    report = format_report(dev_evaluation.report)
    print(report)
    assert check_bars(dev_evaluation.report, parse_bars([f"{t}=0.9" for t in FACT_TYPES])) == [], report


def test_a_bar_that_is_not_met_fails_the_command(tmp_path, capsys):
    gold = json.loads(SEED_GOLD.read_text())
    gold["documents"][0]["ratings"].append(
        {"la_code": "E08000024", "area": "lscb", "rating": "outstanding", "previous_rating": None, "change": None})
    gold_path = tmp_path / "gold.json"
    gold_path.write_text(json.dumps(gold))
    code = main(["evaluate", "--gold", str(gold_path), "--source", str(SEEDS), "--min-f1", "ratings=1.0"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "MISS" in out and "lscb=outstanding" in out
    assert "ratings" in err


@pytest.mark.parametrize("name", ["heldout", "blind"])
def test_sets_written_blind_to_the_extractors_stay_above_the_bars(name, capsys):
    """Regression guard: texts of authorities and wordings outside the dev corpus (see
    tests/data/<name>/README.md; both sets were later used to find error classes)."""
    folder = ROOT / "tests" / "data" / name
    bars = [f"--min-f1={t}=0.9" for t in FACT_TYPES]
    code = main(["evaluate", "--gold", str(folder / "gold.json"), "--source", str(folder), "--quiet", *bars])
    out, err = capsys.readouterr()
    print(out)
    assert code == 0, out + err
