"""Facts read from HTML, PDF and JSON Lines inputs equal those from the same text as .txt with
the same metadata in a sidecar."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from ofsted.extract import extract_document
from ofsted.ingest import discover, read_documents

sys.path.insert(0, str(Path(__file__).parent / "ingest"))
from ingest_fixtures import ARTICLE_PARAGRAPHS, HTML_PAGE, JSONL_ARTICLES, JUDGEMENTS, inspection_report_pdf  # noqa: E402

#: What identifies a fact regardless of where in the text it sits.
KEYS = {
    "organisations": ("name", "org_type", "la_code"),
    "people": ("name", "role", "organisation"),
    "inspections": ("la_code", "visit_type", "framework", "year", "month", "start_date", "end_date", "ordinal", "lead_inspector", "progress"),
    "ratings": ("la_code", "area", "scale", "rating", "previous_rating", "change"),
    "quotes": ("speaker", "speaker_role", "speaker_organisation", "text"),
}


def facts_of(folder: Path) -> dict[str, dict]:
    candidates, rejections = discover(folder)
    docs, read_rejections = read_documents(candidates)
    assert [r for r in rejections + read_rejections if r.stage in ("discover", "read")] == []
    result = {}
    for doc in docs:
        facts = extract_document(doc)
        key = doc.source_path.split("#")[-1] if "#" in doc.source_path else Path(doc.source_path).stem
        result[key] = {
            "meta": (doc.title, doc.published_date, doc.publisher, doc.url),
            **{t: sorted(tuple(str(r.get(k)) for k in keys) for r in facts[t]) for t, keys in KEYS.items()},
        }
    return result


def write_txt(folder: Path, stem: str, text: str, meta: dict) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
    (folder / f"{stem}.meta.json").write_text(json.dumps(meta), encoding="utf-8")


def test_html_page_gives_the_facts_of_its_article_as_text(tmp_path):
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "kent.html").write_text(HTML_PAGE, encoding="utf-8")
    write_txt(tmp_path / "txt", "kent", "\n\n".join(ARTICLE_PARAGRAPHS), {
        "title": "Kent children's services rated outstanding", "published_date": "2024-03-05",
        "publisher": "Example Kent News", "url": "https://example.org/kent/2024/03/kent-outstanding"})
    from_html, from_txt = facts_of(tmp_path / "html")["kent"], facts_of(tmp_path / "txt")["kent"]
    assert from_html == from_txt
    assert ("Jane Smith",) == tuple(q[0] for q in from_html["quotes"])
    assert any(r[1] == "overall_effectiveness" and r[3] == "outstanding" for r in from_html["ratings"])


REPORT_TEXT = "\n".join([
    "Bradford City Council",
    "Inspection of children's social care services",
    "Inspection dates: 4 to 8 March 2024",
    "Lead inspector: Jane Smith, His Majesty's Inspector",
    "",
    "Judgement: Grade",
    *[f"{area}: {grade}" for area, grade in JUDGEMENTS],
    "",
    "Children in Bradford do not receive a consistently good service. Leaders have not acted quickly "
    "enough to address the serious weaknesses identified at the last inspection in 2018.",
    "",
    "What needs to improve in this local authority?",
    "The quality of assessments and plans for children in need.",
])


@pytest.mark.parametrize("layout", ["table", "narrow"])
def test_pdf_inspection_report_gives_the_facts_of_its_text(tmp_path, layout):
    (tmp_path / "pdf").mkdir()
    inspection_report_pdf(tmp_path / "pdf" / "report.pdf", layout=layout)
    write_txt(tmp_path / "txt", "report", REPORT_TEXT, {"title": "Inspection of Bradford children's services"})
    from_pdf, from_txt = facts_of(tmp_path / "pdf")["report"], facts_of(tmp_path / "txt")["report"]
    assert from_pdf["ratings"] == from_txt["ratings"]
    assert from_pdf["inspections"] == from_txt["inspections"]
    assert from_pdf["organisations"] == from_txt["organisations"]
    grades = {r[1]: r[3] for r in from_pdf["ratings"]}
    assert grades == {
        "overall_effectiveness": "inadequate", "leadership": "inadequate",
        "help_and_protection": "requires_improvement", "children_in_care": "good",
        "care_leavers": "requires_improvement",
    }
    march = [i for i in from_pdf["inspections"] if i[3] == "2024"]
    assert march and march[0][8] == "Jane Smith" and march[0][5] == "2024-03-04"


def test_jsonl_export_gives_the_facts_of_each_article_as_text(tmp_path):
    (tmp_path / "jsonl").mkdir()
    (tmp_path / "jsonl" / "export.jsonl").write_text("\n".join(json.dumps(r) for r in JSONL_ARTICLES) + "\n")
    for n, record in enumerate(JSONL_ARTICLES, start=1):
        meta = {k: v for k, v in record.items() if k != "text"}
        write_txt(tmp_path / "txt", f"L{n}", record["text"], meta)
    from_jsonl, from_txt = facts_of(tmp_path / "jsonl"), facts_of(tmp_path / "txt")
    assert sorted(from_jsonl) == ["L1", "L2", "L3"]
    for key in from_jsonl:
        assert from_jsonl[key] == from_txt[key], key
    assert any(r[1] == "overall_effectiveness" for r in from_jsonl["L1"]["ratings"])
