"""What the review page shows: the queue of facts that deserve a look, and one fact in full.

The queue holds, after corrections:

* grades whose ``rating_checks`` verdict is ``disagrees``, ``direction_disagrees`` or ``ambiguous``;
* grades in an event conflict (``event_conflicts``: two stories give different grades for one area);
* facts of any type read by a rule listed in ``ofsted/data/weak_rules.json``;
* facts an analyst already confirmed, corrected or added (shown as reviewed, so the result of a
  correction stays in view).

Each item names its fact by (fact type, doc_id, fact_key), the same target a correction uses.
"""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ofsted.model import FACT_TYPES

WEAK_RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "weak_rules.json"
LOOK_VERDICTS = ("disagrees", "direction_disagrees", "ambiguous")
#: The label each fact type is summarised by in the queue.
SUMMARY_FIELDS = {
    "organisations": ("name", "org_type"),
    "people": ("name", "role"),
    "inspections": ("visit_type", "date_text"),
    "ratings": ("area", "rating"),
    "quotes": ("speaker", "text"),
}


@dataclass
class QueueItem:
    """One fact in the queue and why it is there."""

    fact_type: str
    doc_id: str
    fact_key: str
    la_code: str | None
    la_name: str | None
    source_path: str
    title: str | None
    label: str
    origin: str
    reviewed: bool
    verdict: str | None = None
    reasons: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)

    @property
    def ident(self) -> tuple[str, str, str]:
        return (self.fact_type, self.doc_id, self.fact_key)


def weak_rules(path: Path = WEAK_RULES_FILE) -> list[str]:
    """The rule names (shell-style patterns) the project marks as weak."""
    try:
        return list(json.loads(path.read_text(encoding="utf-8")).get("rules", []))
    except FileNotFoundError:
        return []


def is_weak(rule: str | None, patterns: list[str]) -> bool:
    return bool(rule) and any(fnmatch.fnmatchcase(rule, p) for p in patterns)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params=None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, r)) for r in cursor.fetchall()]


def _label(fact_type: str, row: dict) -> str:
    parts = [str(row.get(f)) for f in SUMMARY_FIELDS[fact_type] if row.get(f) is not None]
    if fact_type == "ratings" and row.get("rating") is None and row.get("change"):
        parts.append(str(row["change"]))
    text = ": ".join(parts)
    return text if len(text) <= 80 else text[:79] + "…"


def build_queue(con: duckdb.DuckDBPyConnection, weak: list[str] | None = None) -> list[QueueItem]:
    """Every fact that deserves a look (or was reviewed), open ones first, by authority and document."""
    weak = weak_rules() if weak is None else weak
    items: dict[tuple, QueueItem] = {}
    docs = {r["doc_id"]: r for r in _rows(con, "select doc_id, source_path, title from documents")}
    names = dict(con.execute("select gss_code, name from local_authorities").fetchall())

    def add(fact_type: str, row: dict, kind: str, reason: str, verdict: str | None = None) -> None:
        key = (fact_type, row["doc_id"], row["fact_key"])
        item = items.get(key)
        if item is None:
            doc = docs.get(row["doc_id"], {})
            la = row.get("la_code")
            item = items[key] = QueueItem(
                fact_type, row["doc_id"], row["fact_key"], la, names.get(la), doc.get("source_path", ""),
                doc.get("title"), _label(fact_type, row), row["origin"], bool(row["reviewed"]),
            )
        if verdict and not item.verdict:
            item.verdict = verdict
        if kind not in item.kinds:
            item.kinds.append(kind)
        if reason not in item.reasons:
            item.reasons.append(reason)

    checks = _rows(con, """
        select r.*, c.verdict, c.verdict_note
        from ratings r join rating_checks c
          on c.doc_id = r.doc_id and c.la_code is not distinct from r.la_code and c.area = r.area
         and c.start_char is not distinct from r.start_char""")
    for row in checks:
        if row["verdict"] in LOOK_VERDICTS:
            add("ratings", row, "verdict", f"Ofsted's record: {row['verdict']} ({row['verdict_note'] or ''})".rstrip(" ()"),
                row["verdict"])
    verdict_of = {(r["doc_id"], r["fact_key"]): r["verdict"] for r in checks}
    conflicts = _rows(con, "select * from event_conflicts where kind = 'stories_disagree'")
    ratings_by = {(r["doc_id"], r["inspection_id"], r["area"]): r for r in checks}
    for c in conflicts:
        for doc_id, inspection_id, other_doc, other in ((c["doc_id"], c["inspection_id"], c["other_doc_id"], c["other_rating"]),
                                                        (c["other_doc_id"], c["other_inspection_id"], c["doc_id"], c["rating"])):
            row = ratings_by.get((doc_id, inspection_id, c["area"]))
            if row is not None:
                source = docs.get(other_doc, {}).get("source_path", other_doc)
                add("ratings", row, "conflict", f"another story ({source}) gives {other} for {c['area']}",
                    row["verdict"])
    likes = [p.replace("%", r"\%").replace("_", r"\_").replace("*", "%").replace("?", "_") for p in weak]
    weak_sql = " or ".join(["rule like ? escape '\\'"] * len(likes)) or "false"
    for fact_type in FACT_TYPES:
        for row in _rows(con, f"select * from {fact_type} where reviewed or origin <> 'extracted' or {weak_sql}", likes):
            if is_weak(row.get("rule"), weak):
                add(fact_type, row, "weak_rule", f"read by rule {row['rule']}, which the project marks as weak",
                    verdict_of.get((row["doc_id"], row["fact_key"])) if fact_type == "ratings" else None)
            if row["reviewed"] or row["origin"] != "extracted":
                add(fact_type, row, "reviewed", f"{row['origin']} and reviewed (correction {row['correction_id']})",
                    verdict_of.get((row["doc_id"], row["fact_key"])) if fact_type == "ratings" else None)
    priority = {"verdict": 0, "conflict": 1, "weak_rule": 2, "reviewed": 3}
    return sorted(items.values(), key=lambda i: (i.reviewed, min(priority[k] for k in i.kinds), i.la_name or "~",
                                                 i.source_path, i.fact_type, i.fact_key))


def filter_queue(items: list[QueueItem], authority: str = "", verdict: str = "", state: str = "") -> list[QueueItem]:
    """Items for an authority (GSS code or name), a verdict (or ``conflict`` / ``weak_rule``) and a
    state (``open`` or ``reviewed``); empty filters keep everything."""
    out = items
    if authority:
        wanted = authority.casefold()
        out = [i for i in out if (i.la_code or "").casefold() == wanted or (i.la_name or "").casefold() == wanted]
    if verdict in ("conflict", "weak_rule"):
        out = [i for i in out if verdict in i.kinds]
    elif verdict:
        out = [i for i in out if i.verdict == verdict]
    if state == "open":
        out = [i for i in out if not i.reviewed]
    elif state == "reviewed":
        out = [i for i in out if i.reviewed]
    return out


def fact_detail(con: duckdb.DuckDBPyConnection, fact_type: str, doc_id: str, fact_key: str) -> dict | None:
    """One fact in full: its values after corrections (or the raw one, marked dropped), its
    document, the official record beside it and the corrections that touch it."""
    from ofsted.apply_corrections import fact_row

    fact = fact_row(con, fact_type, doc_id, fact_key)
    dropped = False
    if fact is None:
        fact = fact_row(con, fact_type, doc_id, fact_key, raw=True)
        if fact is None:
            return None
        dropped = True
        fact.update(origin="dropped", reviewed=True, correction_id=None)
    doc = _rows(con, "select doc_id, source_path, title, publisher, published_date, url, content_sha256, text "
                     "from documents where doc_id = ?", [doc_id])[0]
    check = None
    official = []
    if fact_type == "ratings" and not dropped:
        found = _rows(con, "select * from rating_checks where doc_id = ? and la_code is not distinct from ? and area = ?",
                      [doc_id, fact.get("la_code"), fact.get("area")])
        check = found[0] if found else None
    if check and check.get("official_id"):
        official = _rows(con, "select official_id, framework, published_date, inspection_start_date, area, rating "
                              "from official_outcomes where official_id = ? order by area", [check["official_id"]])
    elif fact.get("la_code"):
        official = _rows(con, """select official_id, framework, published_date, inspection_start_date, area, rating
                                 from official_outcomes where la_code = ? and official_id in (
                                     select official_id from official_outcomes where la_code = ? and visit_type = 'inspection'
                                     group by official_id order by max(coalesce(published_date, inspection_start_date)) desc limit 2)
                                 order by coalesce(published_date, inspection_start_date) desc, area""",
                         [fact["la_code"], fact["la_code"]])
    corrections = _rows(con, """select * from correction_status where content_sha256 = ? and fact_type = ?
                                  and (fact_key = ? or (action = 'add' and ? = 'added' and correction_id = ?))
                                order by seq""",
                        [doc["content_sha256"], fact_type, fact_key, fact.get("origin"), fact.get("correction_id")])
    conflicts = []
    if fact_type == "ratings":
        conflicts = _rows(con, """select * from event_conflicts where kind = 'stories_disagree' and area = ?
                                    and ((doc_id = ? and inspection_id = ?) or (other_doc_id = ? and other_inspection_id = ?))""",
                          [fact.get("area"), doc_id, fact.get("inspection_id"), doc_id, fact.get("inspection_id")])
    return {"fact_type": fact_type, "fact": fact, "dropped": dropped, "doc": doc, "check": check,
            "official": official, "corrections": corrections, "conflicts": conflicts}


def document_segments(text: str, start: int | None, end: int | None) -> tuple[str, str, str]:
    """The text before, inside and after the fact's span (the whole text before when it has none)."""
    if start is None or end is None or not (0 <= start <= end <= len(text)):
        return text, "", ""
    return text[:start], text[start:end], text[end:]


def stale_corrections(con: duckdb.DuckDBPyConnection) -> list[dict]:
    return _rows(con, "select * from correction_status where status = 'stale' order by seq")


def authorities(items: list[QueueItem]) -> list[tuple[str, str]]:
    """(code, name) of the authorities in the queue, by name."""
    seen = {i.la_code: i.la_name or i.la_code for i in items if i.la_code}
    return sorted(seen.items(), key=lambda p: p[1])
