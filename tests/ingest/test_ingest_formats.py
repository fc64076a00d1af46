"""Formats: HTML article bodies without boilerplate, PDF reports with "Area: Grade" lines, JSONL exports."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from ofsted.ingest.formats import tidy_report_lines

from conftest import load
from ingest_fixtures import ARTICLE_PARAGRAPHS, HTML_PAGE, JSONL_ARTICLES, JUDGEMENTS, inspection_report_pdf, jsonl_export

BOILERPLATE = ["COOKIE-BANNER-TEXT", "Accept all cookies", "NAV-NEWS-LINK", "NAV-SPORT-LINK", "RELATED-", "SCRIPT-SHOULD-NOT-APPEAR",
               "dataLayer", "FOOTER-TEXT"]


# ----------------------------------------------------------------------------------------- HTML


def test_html_article_body_is_extracted_without_navigation_banner_related_list_or_scripts(src):
    (src / "kent.html").write_text(HTML_PAGE, encoding="utf-8")
    loaded = load(src)
    assert loaded.rejections == []
    doc = loaded.doc("kent.html")
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in doc.text
    for junk in BOILERPLATE:
        assert junk not in doc.text
    assert doc.source_format == "html"
    assert "<" not in doc.text


def test_html_paragraphs_are_separated_by_blank_lines(src):
    (src / "kent.html").write_text(HTML_PAGE, encoding="utf-8")
    doc = load(src).doc("kent.html")
    assert f"{ARTICLE_PARAGRAPHS[0]}\n\n{ARTICLE_PARAGRAPHS[1]}" in doc.text


def test_html_title_date_publisher_and_url_come_from_page_metadata(src):
    (src / "kent.htm").write_text(HTML_PAGE, encoding="utf-8")
    doc = load(src).doc("kent.htm")
    assert doc.title == "Kent children's services rated outstanding"
    assert doc.publisher == "Example Kent News"
    assert doc.published_date == dt.date(2024, 3, 5)
    assert doc.url == "https://example.org/kent/2024/03/kent-outstanding"


def test_html_sidecar_overrides_page_metadata(src):
    (src / "kent.html").write_text(HTML_PAGE, encoding="utf-8")
    (src / "kent.meta.json").write_text(json.dumps({"publisher": "Kent County Council", "published_date": "2024-03-06"}))
    doc = load(src).doc("kent.html")
    assert doc.publisher == "Kent County Council" and doc.published_date == dt.date(2024, 3, 6)
    assert doc.title == "Kent children's services rated outstanding"


def test_html_without_a_date_in_its_metadata_does_not_guess_one_from_the_text(src):
    page = HTML_PAGE.replace('<meta property="article:published_time" content="2024-03-05T09:00:00Z">', "")
    (src / "k.html").write_text(page, encoding="utf-8")
    assert load(src).doc("k.html").published_date is None


def test_html_in_windows_1252_with_a_declared_charset_decodes_curly_quotes(src):
    page = HTML_PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace("Kent County Council's", "Kent County Council’s")
    (src / "k.html").write_bytes(page.encode("cp1252"))
    doc = load(src).doc("k.html")
    assert "Kent County Council’s" in doc.text and doc.encoding == "cp1252"


def test_html_judgement_table_rows_become_area_grade_lines(src):
    page = HTML_PAGE.replace(
        "</article>",
        "<table><tr><th>Judgement</th><th>Grade</th></tr>"
        "<tr><td>Overall effectiveness</td><td>Outstanding</td></tr>"
        "<tr><td>Children in care</td><td>Good</td></tr></table></article>",
    )
    (src / "t.html").write_text(page, encoding="utf-8")
    text = load(src).doc("t.html").text
    assert "Overall effectiveness: Outstanding\nChildren in care: Good" in text
    assert "|---" not in text


def test_html_page_with_no_article_text_is_rejected(src):
    (src / "empty.html").write_text("<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>")
    rej = load(src).rejection("empty.html")
    assert (rej.stage, rej.reason) == ("read", "no_text_extracted")


def test_short_html_page_keeps_its_text_but_not_its_navigation_or_footer(src):
    (src / "brief.html").write_text(
        '<html><body><nav><a href="/">Home</a> <a href="/n">NAV-NEWS</a></nav><div class="content"><h1>Brief</h1>'
        "<p>Barnet children's services were rated good by Ofsted on Tuesday, the council said.</p></div>"
        "<footer>FOOTER-TEXT</footer></body></html>"
    )
    text = load(src).doc("brief.html").text
    assert "Barnet children's services were rated good by Ofsted on Tuesday" in text
    assert "NAV-NEWS" not in text and "FOOTER-TEXT" not in text


def test_binary_file_named_html_is_rejected(src):
    (src / "pic.html").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    assert load(src).rejection("pic.html").reason == "binary_file"


# ----------------------------------------------------------------------------------------- PDF


def _expected_rows() -> list[str]:
    return [f"{area}: {grade}" for area, grade in JUDGEMENTS]


@pytest.mark.parametrize("layout", ["table", "same_line", "label_cells", "narrow"])
def test_pdf_judgement_table_comes_out_as_one_area_grade_line_per_row(src, layout):
    inspection_report_pdf(src / "report.pdf", layout=layout)
    loaded = load(src)
    assert loaded.rejections == []
    doc = loaded.doc("report.pdf")
    lines = doc.text.split("\n")
    for row in _expected_rows():
        assert row in lines, f"{row!r} not a line of {doc.text!r}"
    assert "Overall effectiveness: Inadequate" in lines
    assert doc.source_format == "pdf"


@pytest.mark.parametrize("layout", ["table", "same_line", "label_cells"])
def test_pdf_header_lines_stay_label_colon_value(src, layout):
    inspection_report_pdf(src / "report.pdf", layout=layout)
    lines = load(src).doc("report.pdf").text.split("\n")
    assert "Inspection dates: 4 to 8 March 2024" in lines
    assert any(re.fullmatch(r"Lead inspector: Jane Smith(, His Majesty's Inspector)?", line) for line in lines)


def test_pdf_text_is_in_reading_order_with_wrapped_lines_joined_and_pages_separated(src):
    inspection_report_pdf(src / "report.pdf")
    doc = load(src).doc("report.pdf")
    text = doc.text
    order = ["Bradford City Council", "Inspection dates", "Overall effectiveness: Inadequate",
             "Children in Bradford do not receive", "What needs to improve"]
    positions = [text.index(s) for s in order]
    assert positions == sorted(positions)
    assert "Leaders have not acted quickly enough to address the serious weaknesses" in text
    assert "\n\nWhat needs to improve in this local authority?" in text
    assert doc.title == "Inspection of Bradford children's services"


def test_file_named_pdf_that_is_not_a_pdf_is_rejected(src):
    (src / "fake.pdf").write_text("just text")
    rej = load(src).rejection("fake.pdf")
    assert rej.reason == "not_a_pdf"


def test_truncated_pdf_is_rejected_with_a_reason(src, tmp_path):
    good = inspection_report_pdf(tmp_path / "good.pdf").read_bytes()
    (src / "broken.pdf").write_bytes(good[:300])
    rej = load(src).rejection("broken.pdf")
    assert rej.reason in {"pdf_unreadable", "no_text_extracted"} and rej.detail


def test_pdf_with_no_text_is_rejected(src):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(src / "blank.pdf"))
    c.rect(10, 10, 100, 100)
    c.showPage()
    c.save()
    assert load(src).rejection("blank.pdf").reason == "no_text_extracted"


def test_tidy_report_lines_handles_separators_wrapped_areas_and_leaves_prose_alone():
    lines = [
        "Judgement | Grade",
        "Overall effectiveness | Inadequate",
        "Children in care\tGood",
        "Help and protection  Requires improvement to be good",
        "The impact of leaders on social work practice with children and families INADEQUATE",
        "The council was rated good.",
        "Ofsted found the service",
        "improving.",
        "Inspection dates",
        "4 to 8 March 2024",
        "Lead inspector Jane Smith",
    ]
    assert tidy_report_lines(lines) == [
        "Judgement | Grade",
        "Overall effectiveness: Inadequate",
        "Children in care: Good",
        "Help and protection: Requires improvement to be good",
        "The impact of leaders on social work practice with children and families: Inadequate",
        "The council was rated good.",
        "Ofsted found the service",
        "improving.",
        "Inspection dates: 4 to 8 March 2024",
        "Lead inspector: Jane Smith",
    ]


# ----------------------------------------------------------------------------------------- JSONL


def test_jsonl_export_gives_one_document_per_line_named_by_line_number(src):
    jsonl_export(src / "export.jsonl")
    loaded = load(src)
    assert loaded.rejections == []
    assert [d.source_path.rsplit("/", 1)[1] for d in loaded.documents] == [
        "export.jsonl#L1", "export.jsonl#L2", "export.jsonl#L3"]
    first, second, third = loaded.documents
    assert first.text == JSONL_ARTICLES[0]["text"]
    assert (first.title, first.url, first.publisher) == ("Wirral requires improvement", "https://example.org/wirral",
                                                          "Example Wirral Globe")
    assert first.published_date == dt.date(2022, 7, 12)
    assert second.title == "Slough focused visit" and second.published_date is None
    assert third.published_date == dt.date(2023, 2, 1)
    assert all(d.source_format == "jsonl" for d in loaded.documents)


def test_jsonl_bad_lines_are_rejected_one_by_one_and_the_others_load(src):
    jsonl_export(
        src / "mixed.jsonl",
        extra_lines=["{not json", '{"title": "no text here"}', "[1, 2]", '{"text": 42}', "", '{"text": "   "}',
                     '{"text": "Last good line.", "published_date": "sometime"}'],
    )
    loaded = load(src)
    names = [d.source_path.rsplit("#", 1)[1] for d in loaded.documents]
    assert names == ["L1", "L2", "L3", "L10"]
    by_line = {r.source_path.rsplit("#", 1)[1]: (r.stage, r.reason) for r in loaded.rejections}
    assert by_line == {
        "L4": ("read", "jsonl_invalid_json"),
        "L5": ("read", "jsonl_missing_text"),
        "L6": ("read", "jsonl_not_an_object"),
        "L7": ("read", "jsonl_missing_text"),
        "L9": ("read", "whitespace_only"),
        "L10": ("metadata", "bad_field"),
    }
    assert loaded.documents[-1].published_date is None


def test_jsonl_text_is_normalised_and_line_numbers_sort_numerically(src):
    records = [{"text": f"Article number {i}.\r\nSecond line."} for i in range(1, 13)]
    jsonl_export(src / "many.jsonl", records)
    docs = load(src).documents
    assert [d.source_path.rsplit("#L", 1)[1] for d in docs] == [str(i) for i in range(1, 13)]
    assert docs[0].text == "Article number 1.\nSecond line."


def test_jsonl_duplicate_lines_dedupe_to_the_first_line(src):
    jsonl_export(src / "dup.jsonl", [{"text": "Same."}, {"text": "Other."}, {"text": "Same."}])
    docs = load(src).documents
    same = next(d for d in docs if d.text == "Same.")
    assert same.source_path.endswith("dup.jsonl#L1") and same.extra_paths[0].endswith("dup.jsonl#L3")


def test_jsonl_sidecar_fills_gaps_but_each_record_keeps_its_own_fields(src):
    jsonl_export(src / "export.jsonl")
    (src / "export.meta.json").write_text(json.dumps({"publisher": "Feed Publisher", "title": "Feed title"}))
    first, second, third = load(src).documents
    assert first.publisher == "Example Wirral Globe" and first.title == "Wirral requires improvement"
    assert second.publisher == "Feed Publisher" and second.title == "Slough focused visit"
    assert third.title == "Feed title"
