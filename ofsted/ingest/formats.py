"""Format conversion: HTML article bodies, PDF text, JSONL records, inspection-report tables.

``trafilatura`` and ``pypdf`` are imported only when an HTML or PDF file is read.
"""

from __future__ import annotations

import io
import json
import logging
import re
from typing import Any, Iterator

from .records import Reject

# --------------------------------------------------------------------------- judgement tables

GRADE = r"(?:Outstanding|Good|Requires improvement to be good|Requires improvement|Inadequate|Adequate|Not judged)"
_GRADE_LINE = re.compile(rf"^\s*(?i:{GRADE})\s*$")
_CAP_GRADE_LINE = re.compile(rf"^\s*(?:{GRADE}|{GRADE.upper()})\s*$")
#: "Area | Grade", "Area<TAB>Grade", "Area   Grade" (2+ spaces)
_SEP_ROW = re.compile(rf"^\s*\|?\s*(?P<area>[^|\t]*?[^\s|:])\s*(?:\||\t|\s{{2,}})\s*(?P<grade>(?i:{GRADE}))\s*\|?\s*$")
#: "Area Grade" with one space: only when Area is a known judgement area
_SPACE_ROW = re.compile(rf"^\s*(?P<area>.*?[^\s:])\s+(?P<grade>(?i:{GRADE}))\s*$")

#: Judgement area names of inspection reports, lower case, without a leading "the".
KNOWN_AREAS = frozenset(
    {
        "overall effectiveness",
        "impact of leaders on social work practice with children and families",
        "impact of leaders",
        "experiences and progress of children who need help and protection",
        "experiences and progress of children in care and care leavers",
        "experiences and progress of children in care",
        "experiences and progress of care leavers",
        "children who need help and protection",
        "children looked after and achieving permanence",
        "adoption performance",
        "experiences and progress of care leavers",
        "leadership, management and governance",
        "leadership and management",
        "review of the local safeguarding children board",
        "help and protection",
        "children in care",
        "children in care and care leavers",
        "care leavers",
    }
)

HEADER_LABELS = (
    "Inspection dates",
    "Inspection date",
    "Dates of inspection",
    "Date of inspection",
    "Lead inspector",
    "Local authority",
    "Director of children's services",
    "Director of children’s services",
    "Report published",
    "Publication date",
    "Date of publication",
    "Inspection type",
    "Unique reference number",
)
_LABEL_ALONE = re.compile(r"^\s*(?P<label>" + "|".join(map(re.escape, HEADER_LABELS)) + r")\s*:?\s*$", re.I)
_DATE_LABEL_SAME_LINE = re.compile(
    r"^(?P<label>Inspection dates?|Dates? of inspection|Report published|Publication date|Date of publication)\s+(?P<value>\d.*)$",
    re.I,
)
_INSPECTOR_SAME_LINE = re.compile(r"^(?P<label>Lead inspector)\s+(?P<value>[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,3}(?:,.*)?)$")
_SENTENCE_END = re.compile(r"[.!?:;]['\"’”)]?$")


def _norm_area(text: str) -> str:
    t = re.sub(r"\s+", " ", text.strip().lower().replace("’", "'"))
    return t[4:] if t.startswith("the ") else t


def _area_like(line: str) -> bool:
    s = line.strip()
    return bool(s) and len(s) <= 160 and not _SENTENCE_END.search(s) and not _GRADE_LINE.match(s) and ":" not in s


def _grade_text(grade: str) -> str:
    """``INADEQUATE``/``inadequate`` -> ``Inadequate`` (the way reports print grades)."""
    return grade[0].upper() + grade[1:].lower()


def tidy_report_lines(lines: list[str]) -> list[str]:
    """Judgement-table rows -> ``"Area: Grade"``; header cells -> ``"Label: value"``.

    Handles a row whose area and grade were extracted on one line (separated by ``|``, a tab, two
    spaces, or - for a known area name - one space) or on two lines (area, then a line holding only
    a capitalised grade). Other lines are returned unchanged.
    """
    out: list[str] = []
    for line in lines:
        s = line.strip()
        m = _SEP_ROW.match(line)
        if m and _area_like(m.group("area")):
            out.append(f"{m.group('area').strip()}: {_grade_text(m.group('grade'))}")
            continue
        m = _SPACE_ROW.match(line)
        if m and _norm_area(m.group("area")) in KNOWN_AREAS:
            out.append(f"{m.group('area').strip()}: {_grade_text(m.group('grade'))}")
            continue
        if _CAP_GRADE_LINE.match(line) and out and _area_like(out[-1]) and not _LABEL_ALONE.match(out[-1]):
            out[-1] = f"{out[-1].strip()}: {_grade_text(s)}"
            continue
        if out and _LABEL_ALONE.match(out[-1]) and s and not _LABEL_ALONE.match(s):
            out[-1] = f"{_LABEL_ALONE.match(out[-1]).group('label')}: {s}"
            continue
        m = _DATE_LABEL_SAME_LINE.match(s) or _INSPECTOR_SAME_LINE.match(s)
        if m:
            out.append(f"{m.group('label')}: {m.group('value')}")
            continue
        out.append(line)
    return out


# --------------------------------------------------------------------------- PDF

_PDF_TITLE_PLACEHOLDERS = {"", "(anonymous)", "anonymous", "untitled", "(untitled)", "microsoft word"}


def _unwrap(lines: list[str]) -> list[str]:
    """Join a line broken by the page width: the next line starts in lower case."""
    out: list[str] = []
    for line in lines:
        s = line.strip()
        if out and out[-1] and s and s[0].islower() and not _SENTENCE_END.search(out[-1]):
            prev = out[-1]
            out[-1] = prev + s if prev.endswith("-") else f"{prev} {s}"
            continue
        out.append(s)
    return out


def pdf_to_text(data: bytes) -> tuple[str, dict[str, Any]]:
    """Text of a PDF in reading order, pages separated by a blank line; raises :class:`Reject`."""
    if b"%PDF-" not in data[:1024]:
        raise Reject("not_a_pdf", "The file is named .pdf but does not start like a PDF document (no %PDF- header).")
    import pypdf  # lazy: only when a PDF is present

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # noqa: BLE001 - missing crypto support, bad key ...
                ok = 0
            if not ok:
                raise Reject("pdf_encrypted", "The PDF is password-protected; its text could not be read.")
        pages = []
        for page in reader.pages:
            pages.append(page.extract_text() or "")
    except Reject:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds (PdfReadError, ValueError, ...) on broken files
        raise Reject("pdf_unreadable", f"The PDF could not be read: {type(exc).__name__}: {exc}.") from None
    blocks = []
    for raw in pages:
        lines = tidy_report_lines(_unwrap(raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")))
        block = "\n".join(line.rstrip() for line in lines).strip("\n")
        block = re.sub(r"\n{3,}", "\n\n", block)
        if block.strip():
            blocks.append(block)
    text = "\n\n".join(blocks)
    if not text.strip():
        raise Reject("no_text_extracted", "The PDF has no extractable text (perhaps a scanned image).")
    meta: dict[str, Any] = {}
    try:
        title = (reader.metadata.title if reader.metadata else None) or ""
    except Exception:  # noqa: BLE001
        title = ""
    if isinstance(title, str) and title.strip().lower() not in _PDF_TITLE_PLACEHOLDERS:
        meta["title"] = title.strip()
    return text, meta


# --------------------------------------------------------------------------- HTML

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_TABLE_LIKE = re.compile(rf"^[^:]{{1,160}}: {GRADE}$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def declared_charset(data: bytes) -> str | None:
    """The ``<meta charset>`` of an HTML page (WHATWG: latin-1 labels mean Windows-1252)."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    label = m.group(1).decode("ascii").lower()
    if label in {"iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii", "windows-1252", "cp1252"}:
        return "cp1252"
    if label.startswith("utf-16") or label.startswith("utf-32"):
        return None
    return label


#: Removed before extraction, as well as what trafilatura drops itself: navigation, asides (related
#: lists), footers, cookie/consent banners. Matters most on short pages, where trafilatura falls
#: back to taking every text node.
_LOWER = "translate({}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
PRUNE_XPATH = [
    "//nav",
    "//aside",
    "//footer",
    "//*[@role='navigation' or @role='banner' or @role='contentinfo' or @role='complementary']",
    *(
        f"//*[contains({_LOWER.format(attr)}, '{word}')]"
        for attr in ("@id", "@class")
        for word in ("cookie", "consent", "related")
    ),
]


def _extract(html: str, **kwargs):
    import trafilatura  # lazy: only when an HTML file is present

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    logging.getLogger("htmldate").setLevel(logging.ERROR)
    return trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
        prune_xpath=PRUNE_XPATH,
        **kwargs,
    )


def html_to_text(html: str) -> tuple[str, dict[str, Any]]:
    """Article body (paragraphs separated by blank lines) and page metadata; raises :class:`Reject`."""
    try:
        doc = _extract(html)
        if doc is None or not (doc.text or "").strip():
            doc = _extract(html, favor_recall=True)
    except Exception as exc:  # noqa: BLE001 - a parser failure on one page must not stop the batch
        raise Reject("html_unreadable", f"The HTML page could not be parsed: {type(exc).__name__}: {exc}.") from None
    if doc is None or not (doc.text or "").strip():
        raise Reject("no_text_extracted", "No article text was found in the HTML page.")
    lines = [line.strip() for line in doc.text.split("\n")]
    lines = [line for line in lines if line and not _TABLE_RULE.match(line)]
    blocks: list[str] = []
    previous_kind = None
    for line in tidy_report_lines(lines):
        kind = "row" if line.startswith("|") or line.startswith("- ") or _TABLE_LIKE.match(line) else "para"
        if line.startswith("|"):
            line = " | ".join(c.strip() for c in line.strip().strip("|").split("|"))
        sep = "\n" if (blocks and kind == "row" and previous_kind == "row") else "\n\n"
        blocks.append((sep if blocks else "") + line)
        previous_kind = kind
    meta: dict[str, Any] = {}
    if doc.title:
        meta["title"] = doc.title.strip()
    if doc.sitename:
        meta["publisher"] = doc.sitename.strip()
    if doc.url:
        meta["url"] = doc.url.strip()
    if doc.date:
        meta["published_date"] = doc.date  # ISO string; parsed by the reader
    if getattr(doc, "author", None) and doc.author.strip():
        meta["author"] = doc.author.strip()
    return "".join(blocks), meta


# --------------------------------------------------------------------------- JSONL


def jsonl_records(text: str) -> Iterator[tuple[int, dict | None, str | None, str | None]]:
    """``(line number, record, reason, detail)`` per non-blank line; record is None when rejected."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, "jsonl_invalid_json", f"Line {number} is not valid JSON ({exc.msg} at column {exc.colno})."
            continue
        if not isinstance(record, dict):
            yield number, None, "jsonl_not_an_object", f"Line {number} holds a JSON {type(record).__name__}, not an object."
            continue
        value = record.get("text")
        if value is None:
            yield number, None, "jsonl_missing_text", f"Line {number} has no \"text\" field."
            continue
        if not isinstance(value, str):
            yield number, None, "jsonl_missing_text", f"Line {number}: \"text\" is a {type(value).__name__}, not a string."
            continue
        yield number, record, None, None
