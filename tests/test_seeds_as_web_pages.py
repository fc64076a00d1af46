"""The seeds saved as web pages, with their publication dates known, give exactly the seeds' gold.

A known publication date resolves relative dates ("in May", "today"); the words inside a
quotation ("Children in Sunderland are better served today ...") are a speaker's, so no visit
dated 'today' may appear (seed 001 saved as a page once gained a 2018-07 inspection).
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from ofsted.evaluation import load_gold, predict_folder, score
from ofsted.model import FACT_TYPES

ROOT = Path(__file__).resolve().parent.parent
#: When each seed story was published (the visit and the report it is about).
PUBLISHED = {"000_a0c1d4c51271259c": "2017-07-14", "001_e93ef2233db84631": "2018-07-26"}


def _page(title: str, published: str, text: str) -> str:
    paras = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.split("\n\n") if p.strip())
    return (f"<!doctype html><html><head><title>{html.escape(title)}</title>"
            f'<meta property="article:published_time" content="{published}T09:00:00+00:00">'
            f"</head><body><nav><a href='/'>Home</a> | <a href='/news'>News</a></nav>"
            f"<article><h1>{html.escape(title)}</h1>\n{paras}</article>"
            f"<footer>Cookies help us run this site. Accept all</footer></body></html>")


def test_seeds_saved_as_web_pages_give_the_seeds_gold(tmp_path):
    gold = json.loads((ROOT / "tests" / "data" / "gold_seeds.json").read_text(encoding="utf-8"))
    for doc in gold["documents"]:
        stem = Path(doc["file"]).stem
        text = (ROOT / "seeds" / doc["file"]).read_text(encoding="utf-8")
        title = text.strip().split("\n", 1)[0][:80]
        (tmp_path / f"{stem}.html").write_text(_page(title, PUBLISHED[stem], text), encoding="utf-8")
        doc["file"] = f"{stem}.html"
    gold_path = tmp_path / "gold.json"
    gold_path.write_text(json.dumps(gold), encoding="utf-8")
    golds = load_gold(gold_path)
    predicted = predict_folder(tmp_path, list(golds))
    report = score(golds, predicted)
    for fact_type in FACT_TYPES:
        ts = report.types[fact_type]
        assert (ts.precision, ts.recall) == (1.0, 1.0), (fact_type, [vars(m) for m in report.misses + report.extras])
    visits = [(r["visit_type"], r["year"], r["month"]) for r in predicted["001_e93ef2233db84631.html"]["inspections"]]
    assert ("inspection", 2018, 7) not in visits
