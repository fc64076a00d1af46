"""``ofsted explain FILE``: a document's analysis, every fact with the rule that made it and the
mentions it related, and every grade or date that gave no fact, with the reason.

For maintainers it is the debugging tool; for a user it answers "why did it say that". It reads
the file exactly as ``ofsted run`` does (formats, sidecar, decoding) and runs the same extractors
(``ofsted.extract``), without touching a warehouse.

>>> from ofsted.model import Document
>>> e = explain_document(Document("d", "d.txt", "Wigan Council was rated good. We aim to be outstanding, said Ofsted.", "0" * 64))
>>> [(f["area"], f["rating"], f["rules"][:2]) for f in e["facts"]["ratings"]]
[('overall_effectiveness', 'good', ['ratings.grade', 'ratings.subject'])]
>>> [(d["text"], d["rule"]) for d in e["not_facts"]["grades"]]
[('outstanding', 'ratings.hedged')]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ofsted.model import Document

#: The columns shown per fact type (the rest are in ``--json``).
_SHOWN = {
    "organisations": ("name", "org_type", "la_code"),
    "people": ("name", "role", "organisation"),
    "inspections": ("la_code", "visit_type", "year", "month", "date_text", "ordinal", "progress", "lead_inspector"),
    "ratings": ("la_code", "area", "rating", "previous_rating", "change"),
    "quotes": ("speaker", "speaker_role", "text"),
}


def _span(text: str, start: int, end: int) -> dict:
    return {"start": start, "end": end, "text": text[start:end]}


def explain_document(doc: Document) -> dict:
    """The analysis of one document as plain data (see the module docstring)."""
    from ofsted.extract import organisations, people, quotes
    from ofsted.extract.analysis import analyse
    from ofsted.extract.inspections import read_inspections
    from ofsted.extract.ratings import COLUMNS as RATING_COLUMNS
    from ofsted.extract.ratings import read_ratings

    a = analyse(doc)
    text = a.text
    mentions: list[dict] = []
    for m in a.orgs:
        mentions.append({**_span(text, m.start, m.end), "kind": "authority" if m.la_code and m.org_type in ("local_authority", "provider") else "organisation",
                         "value": f"{m.name} ({m.org_type}{', ' + m.la_code if m.la_code else ''})", "rule": m.rule})
    for d in a.dates:
        mentions.append({**_span(text, d.start, d.end), "kind": "date", "value": f"{d.year}-{d.month}", "rule": d.kind})
    if a.has_authority:
        for g in a.grades:
            mentions.append({**_span(text, g.start, g.end), "kind": "grade", "value": g.label, "rule": "mentions.grade"})
        for ar in a.areas:
            mentions.append({**_span(text, ar.start, ar.end), "kind": "area", "value": ar.area, "rule": "mentions.area"})
        for q in a.quantifiers:
            mentions.append({**_span(text, q.start, q.end), "kind": "quantifier", "value": q.kind + (f":{q.count}" if q.count else ""),
                             "rule": "mentions.quantifier"})
        for sj in a.subjects:
            mentions.append({**_span(text, sj.start, sj.end), "kind": "subject", "value": sj.surface, "rule": "mentions.subject"})
    mentions.sort(key=lambda m: (m["start"], m["kind"]))

    facts: dict[str, list[dict]] = {}
    org_rows = organisations.extract_organisations(doc, a.orgs)
    people_rows = people.extract_people(doc, a.orgs)
    quote_rows = quotes.extract_quotes(doc, people_rows, a.orgs, a.scanned_quotes)
    for name, rows in (("organisations", org_rows), ("people", people_rows), ("quotes", quote_rows)):
        facts[name] = [{**{k: r.get(k) for k in _SHOWN[name]}, "span": _span(text, r["start_char"], r["end_char"]),
                        "rules": [r["rule"]], "related": []} for r in rows]
    insp = read_inspections(a)
    facts["inspections"] = [{**{k: r[k] for k in _SHOWN["inspections"]}, "span": _span(text, r["start_char"], r["end_char"]),
                             "rules": list(r["_rules"]),
                             "related": [{**_span(text, s, e), "kind": "date", "role": role} for s, e, role in r["_dates"]]}
                            for r in insp.rows]
    reading = read_ratings(a, [{k: r[k] for k in ("inspection_id", "la_code", "visit_type", "year", "month")} for r in insp.rows])
    facts["ratings"] = [{**{k: r[k] for k in _SHOWN["ratings"]}, "span": _span(text, r["start_char"], r["end_char"]),
                         "rules": list(dict.fromkeys(r["_rules"])), "time": _time(r["_time"]),
                         "related": [{**_span(text, s, e), "kind": kind} for kind, s, e in r["_related"] if e > s]}
                        for r in reading.rows]
    assert all(set(RATING_COLUMNS) <= set(r) for r in reading.rows)
    not_facts = {
        "grades": [{**_span(text, d.start, d.end), "label": d.label, "reason": d.reason, "rule": d.rule,
                    "sentence": a.sentence_at(d.start).text} for d in reading.dropped],
        "dates": [{**_span(text, d.date.start, d.date.end), "reason": d.reason, "rule": d.rule,
                   "sentence": a.sentence_at(d.date.start).text} for d in insp.dropped],
    }
    return {
        "document": {"source_path": doc.source_path, "published_date": str(a.published) if a.published else None,
                     "published_from": "document" if doc.published_date else ("dateline" if a.published else None),
                     "n_chars": len(text), "n_sentences": len(a.sentences)},
        "mentions": mentions,
        "facts": facts,
        "not_facts": not_facts,
    }


def _time(t) -> str:
    if isinstance(t, tuple):
        return f"{t[0]}-{t[1]}" if t[1] else str(t[0])
    return str(t)


def _short(s: str, n: int = 90) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def format_explanation(e: dict, *, mentions: bool = True) -> str:
    """The explanation as text, one block per section."""
    d = e["document"]
    lines = [f"document: {d['source_path']} ({d['n_chars']:,} characters, {d['n_sentences']} sentences)",
             f"published: {d['published_date'] or 'unknown'}" + (f" (from the {d['published_from']})" if d["published_from"] else "")]
    if mentions:
        lines.append(f"\nmentions ({len(e['mentions'])}):")
        for m in e["mentions"]:
            lines.append(f"  [{m['start']}:{m['end']}] {m['kind']:<12} {_short(m['text'], 50)!r} -> {m['value']}")
    for fact_type, rows in e["facts"].items():
        lines.append(f"\n{fact_type} ({len(rows)}):")
        for r in rows:
            values = ", ".join(f"{k}={r[k]}" for k in _SHOWN[fact_type] if r.get(k) is not None)
            lines.append(f"  {_short(values, 150)}")
            lines.append(f"    rules: {', '.join(r['rules'])}" + (f"; time: {r['time']}" if "time" in r else ""))
            for rel in r["related"]:
                lines.append(f"    {rel['kind']}: [{rel['start']}:{rel['end']}] {_short(rel['text'], 70)!r}"
                             + (f" ({rel['role']})" if rel.get("role") else ""))
            lines.append(f"    evidence [{r['span']['start']}:{r['span']['end']}]: {_short(r['span']['text'], 110)}")
    nf = e["not_facts"]
    lines.append(f"\ngrades that gave no rating ({len(nf['grades'])}):")
    for g in nf["grades"]:
        lines.append(f"  [{g['start']}:{g['end']}] {g['text']!r}: {g['reason']} ({g['rule']})")
        lines.append(f"    in: {_short(g['sentence'], 120)}")
    lines.append(f"\ndates that gave no visit ({len(nf['dates'])}):")
    for g in nf["dates"]:
        lines.append(f"  [{g['start']}:{g['end']}] {g['text']!r}: {g['reason']} ({g['rule']})")
        lines.append(f"    in: {_short(g['sentence'], 120)}")
    return "\n".join(lines)


def read_one(path: Path, max_bytes: int = 20_000_000) -> list[Document]:
    """The documents of one file, read as ``ofsted run`` reads it (a JSON Lines file gives several)."""
    from ofsted.ingest import discover, read_documents

    path = path.resolve()
    candidates, rejections = discover(path.parent, max_bytes=max_bytes)
    chosen = [c for c in candidates if Path(c.path).resolve() == path]
    if not chosen:
        why = next((r.detail for r in rejections if Path(r.source_path).name == path.name), None)
        raise ValueError(f"{path} is not an input ofsted reads" + (f": {why}" if why else ""))
    docs, rejected = read_documents(chosen, max_bytes=max_bytes)
    if not docs:
        raise ValueError(f"{path} was rejected: {rejected[0].detail if rejected else 'no text'}")
    return docs


def explain_command(args) -> int:
    try:
        docs = read_one(Path(args.file))
    except (OSError, ValueError) as exc:
        print(f"ofsted explain: {exc}", file=sys.stderr)
        return 1
    out = [explain_document(doc) for doc in docs]
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(out if len(out) > 1 else out[0], indent=2, default=str))
    if not args.quiet:
        print("\n\n".join(format_explanation(e, mentions=not args.no_mentions) for e in out))
    return 0
