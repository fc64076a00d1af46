"""Builders for the ingest tests: every fixture file is generated here, in ``tmp_path``."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

ARTICLE_PARAGRAPHS = [
    "Ofsted has judged Kent County Council's children's services to be outstanding in every area, "
    "following an inspection in March.",
    'The lead inspector, Jane Smith, said: "Children in Kent are well served by a committed and stable workforce."',
    "Council leader Roger Gough said the result reflected years of hard work by social workers across the county.",
]

HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Kent rated outstanding | Example Kent News</title>
<meta property="og:site_name" content="Example Kent News">
<meta property="og:title" content="Kent children's services rated outstanding">
<meta property="article:published_time" content="2024-03-05T09:00:00Z">
<link rel="canonical" href="https://example.org/kent/2024/03/kent-outstanding">
<script>window.dataLayer = [{"tracking": "SCRIPT-SHOULD-NOT-APPEAR"}];</script>
</head><body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience on our site. COOKIE-BANNER-TEXT</p>
<button>Accept all cookies</button></div>
<header><nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">NAV-NEWS-LINK</a></li>
<li><a href="/sport">NAV-SPORT-LINK</a></li></ul></nav></header>
<main><article>
<h1>Kent children's services rated outstanding</h1>
<p>{p0}</p>
<p>{p1}</p>
<p>{p2}</p>
</article>
<aside class="related-articles"><h2>Related articles</h2><ul>
<li><a href="/a">RELATED-Medway council tax rise approved</a></li>
<li><a href="/b">RELATED-Bus fares to go up in April</a></li></ul></aside>
</main>
<script>console.log("SCRIPT-SHOULD-NOT-APPEAR");</script>
<footer><p>Copyright Example Kent News 2024. FOOTER-TEXT</p></footer>
</body></html>
""".replace("{p0}", ARTICLE_PARAGRAPHS[0]).replace("{p1}", ARTICLE_PARAGRAPHS[1].replace('"', "&quot;")).replace(
    "{p2}", ARTICLE_PARAGRAPHS[2]
)

JUDGEMENTS = [
    ("Overall effectiveness", "Inadequate"),
    ("The impact of leaders on social work practice with children and families", "Inadequate"),
    ("The experiences and progress of children who need help and protection", "Requires improvement to be good"),
    ("The experiences and progress of children in care", "Good"),
    ("The experiences and progress of care leavers", "Requires improvement to be good"),
]


def inspection_report_pdf(path: Path, *, layout: str = "table") -> Path:
    """An ILACS-like report: header lines, a judgement table, body text over two pages.

    ``layout="table"``: a reportlab Table (pypdf puts area and grade on separate lines);
    ``"same_line"``: area and grade drawn on one text line at two x positions;
    ``"label_cells"``: header labels and values in separate table cells too;
    ``"narrow"``: wrapping cells in narrow columns, so long areas and grades span two lines.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.pdfgen import canvas
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

    if layout == "same_line":
        c = canvas.Canvas(str(path), pagesize=A4)
        c.setTitle("Inspection of Bradford children's services")
        y = 800
        for line in ["Bradford City Council", "Inspection of children's social care services",
                     "Inspection dates: 4 to 8 March 2024", "Lead inspector: Jane Smith"]:
            c.drawString(60, y, line)
            y -= 18
        text = c.beginText(60, y - 10)
        text.setFont("Helvetica", 8)
        for area, grade in [("Judgement", "Grade"), *JUDGEMENTS]:
            text.textOut(area)
            text.setXPos(380)
            text.textOut(grade)
            text.setXPos(-380)
            text.textLine("")
        c.drawText(text)
        c.drawString(60, 500, "Children in Bradford do not receive a consistently good service.")
        c.showPage()
        c.save()
        return path

    styles = getSampleStyleSheet()
    if layout == "label_cells":
        header = [Table([["Inspection dates", "4 to 8 March 2024"], ["Lead inspector", "Jane Smith"]], colWidths=[150, 300])]
    else:
        header = [
            Paragraph("Inspection dates: 4 to 8 March 2024", styles["Normal"]),
            Paragraph("Lead inspector: Jane Smith, His Majesty's Inspector", styles["Normal"]),
        ]
    if layout == "narrow":
        cell = styles["Normal"]
        table = Table([[Paragraph(a, cell), Paragraph(g, cell)] for a, g in [("Judgement", "Grade"), *JUDGEMENTS]],
                      colWidths=[190, 95])
    else:
        table = Table([["Judgement", "Grade"], *[list(row) for row in JUDGEMENTS]], colWidths=[330, 160])
    story = [
        Paragraph("Bradford City Council", styles["Title"]),
        Paragraph("Inspection of children's social care services", styles["Heading2"]),
        *header,
        Spacer(1, 12),
        table,
        Spacer(1, 12),
        Paragraph(
            "Children in Bradford do not receive a consistently good service. Leaders have not acted quickly "
            "enough to address the serious weaknesses identified at the last inspection in 2018.",
            styles["Normal"],
        ),
        PageBreak(),
        Paragraph("What needs to improve in this local authority?", styles["Heading2"]),
        Paragraph("The quality of assessments and plans for children in need.", styles["Normal"]),
    ]
    SimpleDocTemplate(str(path), pagesize=A4, title="Inspection of Bradford children's services").build(story)
    return path


JSONL_ARTICLES = [
    {"text": "Wirral children's services have been judged to require improvement.", "title": "Wirral requires improvement",
     "url": "https://example.org/wirral", "published_date": "2022-07-12", "publisher": "Example Wirral Globe"},
    {"text": "Slough's children's trust received a focused visit in January.", "title": "Slough focused visit"},
    {"text": "Torbay has improved by two grades, Ofsted said.", "published_date": "2023-02-01T10:30:00+00:00"},
]


def jsonl_export(path: Path, records: list = JSONL_ARTICLES, *, extra_lines: list[str] = ()) -> Path:
    lines = [json.dumps(r) for r in records] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "hello")
    return buf.getvalue()
