"""``ofsted report``: one self-contained HTML page per authority, and an index.

A page holds a timeline of the authority's grades from Ofsted's published outcomes
(``official_outcomes``: one trace per judgement area, y = grade), with the grades the news
reported marked on it and conflicts highlighted; then the inspection events
(``inspection_events``), each with its stories (title, publisher, date, link or path), what each
story graded, the people quoted and their quotes; then coverage not tied to an event.

Pages need no network: Plotly's JavaScript is inlined in each page (about 4.6 MB). When many
pages are written at once (``--all``, or :func:`write_reports_for` with more than
``SHARED_JS_MIN_PAGES`` authorities) the pages instead share one ``plotly.min.js`` written next
to them, so a folder of 150 reports is not 700 MB; the folder is still self-contained.

Every text that comes from a document is HTML-escaped, in the page and in the chart's hover text.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import sys
from collections import defaultdict
from pathlib import Path

import duckdb

from ofsted import warehouse as wh

AREAS: dict[str, str] = {
    "overall_effectiveness": "Overall effectiveness",
    "help_and_protection": "Help and protection",
    "children_in_care": "Children in care",
    "adoption": "Adoption",
    "care_leavers": "Care leavers",
    "leadership": "Leadership",
    "lscb": "LSCB",
}
#: Colour per area (Plotly's qualitative palette), the same in the chart and the event tables.
AREA_COLOURS: dict[str, str] = dict(zip(AREAS, ["#1f4e79", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"]))
#: Vertical nudge per area so lines of equal grades stay apart.
AREA_OFFSET: dict[str, float] = {a: (i - 3) * 0.06 for i, a in enumerate(AREAS)}
RANK_LABELS = {1: "Outstanding", 2: "Good", 3: "Requires improvement<br>(adequate before Nov 2013)", 4: "Inadequate"}
VISIT_LABELS = {"inspection": "Inspection", "monitoring_visit": "Monitoring visit", "focused_visit": "Focused visit",
                "jtai": "Joint targeted area inspection", "other": "Visit"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
SHARED_JS_MIN_PAGES = 10
SHARED_JS_NAME = "plotly.min.js"


class AuthorityNotFound(LookupError):
    """The name or code matches no local authority (or several)."""


def esc(value) -> str:
    return "" if value is None else html.escape(str(value), quote=True)


def fmt_date(value) -> str:
    """20 Jul 2015 (empty for None)."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value.day} {MONTHS[value.month - 1][:3]} {value.year}"
    return str(value)


def grade_label(rating: str | None) -> str:
    return "" if rating is None else rating.replace("_", " ").capitalize()


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params=None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, r)) for r in cursor.fetchall()]


def _has(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute(
        "select count(*) from information_schema.tables where table_schema = 'main' and table_name = ?", [name]
    ).fetchone()[0])


# --------------------------------------------------------------------------------------------
# Authorities


def _norm(text: str) -> str:
    return " ".join(text.replace("&", "and").casefold().split())


def resolve_authority(con: duckdb.DuckDBPyConnection, name_or_code: str) -> str:
    """The GSS code of an authority given by code (current or former), name, Ofsted name, council
    name or alias, case-insensitively; :class:`AuthorityNotFound` otherwise (with suggestions)."""
    wanted = _norm(name_or_code)
    forms: dict[str, set[str]] = defaultdict(set)
    shown: dict[str, str] = {}
    for code, former, name, ofsted_name, council, aliases in con.execute(
        "select gss_code, former_gss_codes, name, ofsted_name, council_name, aliases from local_authorities"
    ).fetchall():
        values = [code, name, ofsted_name, council, *(former or "").split("|"), *(aliases or "").split("|")]
        for value in values:
            if value and value.strip():
                forms[_norm(value)].add(code)
                shown.setdefault(_norm(value), value.strip())
    codes = forms.get(wanted, set())
    if len(codes) == 1:
        return next(iter(codes))
    if len(codes) > 1:
        raise AuthorityNotFound(f"{name_or_code!r} names several authorities ({', '.join(sorted(codes))}); give the GSS code")
    close = difflib.get_close_matches(wanted, list(forms), n=3, cutoff=0.75)
    hint = f"; did you mean {' or '.join(repr(shown[c]) for c in close)}?" if close else ""
    raise AuthorityNotFound(f"no local authority is called {name_or_code!r}{hint}")


def authorities_with_coverage(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Authorities some loaded document is about (an inspection, a rating or an organisation)."""
    return [r[0] for r in con.execute(
        """select distinct la_code from (
               select la_code from inspections union all select la_code from ratings
               union all select la_code from organisations)
           where la_code in (select gss_code from local_authorities) order by la_code"""
    ).fetchall()]


def authorities_touched(con_or_path, run_id: str) -> list[str]:
    """Authorities the documents a run loaded are about (for the run summary's report links)."""
    def query(con):
        return [r[0] for r in con.execute(
            """select distinct la_code from (
                   select doc_id, la_code from inspections union all select doc_id, la_code from ratings
                   union all select doc_id, la_code from organisations) f
               join documents d using (doc_id)
               where d.run_id = ? and la_code in (select gss_code from local_authorities) order by la_code""",
            [run_id],
        ).fetchall()]

    if isinstance(con_or_path, duckdb.DuckDBPyConnection):
        return query(con_or_path)
    with wh.open_warehouse(con_or_path, read_only=True) as con:
        return query(con)


# --------------------------------------------------------------------------------------------
# Data


def _date_of_event(e: dict) -> dt.date | None:
    """Where an event sits on the timeline: the official record's date when matched, else its
    resolved month (mid-month), else its year (1 July)."""
    if e.get("official_published_date") or e.get("official_start_date"):
        return e["official_published_date"] or e["official_start_date"]
    if e["start_date"] is not None:
        return e["start_date"]
    if e["year"] is not None:
        return dt.date(e["year"], e["month"] or 7, 15 if e["month"] else 1)
    return None


def event_when(e: dict) -> str:
    """The event's date as people write it: "17 June 2019", "July 2015", "2015", "June (year unknown)"."""
    if e["start_date"] is not None and e["date_source"] in ("fieldwork", "official_fieldwork"):
        start, end = e["start_date"], e.get("end_date")
        if end and end != start:
            return f"{start.day} {MONTHS[start.month - 1]} – {end.day} {MONTHS[end.month - 1]} {end.year}"
        return f"{start.day} {MONTHS[start.month - 1]} {start.year}"
    if e["year"] is not None and e["month"] is not None:
        return f"{MONTHS[e['month'] - 1]} {e['year']}"
    if e["year"] is not None:
        return str(e["year"])
    if e["month"] is not None:
        return f"{MONTHS[e['month'] - 1]} (year not given)"
    return "date not given"


def main_events(events: list[dict], members: list[dict]) -> dict[str, str]:
    """doc_id -> the event a story is chiefly about, where its quotes are listed: its most recent
    one, a visit without a year counting as the most recent (news leaves out the current year)."""
    order = {e["event_id"]: (e["year"] is None, e["year"] or 0, e["month"] or 0, e["event_id"]) for e in events}
    main: dict[str, str] = {}
    for m in members:
        best = main.get(m["doc_id"])
        if best is None or order[m["event_id"]] > order[best]:
            main[m["doc_id"]] = m["event_id"]
    return main


def report_data(con: duckdb.DuckDBPyConnection, la_code: str) -> dict:
    """Everything one authority's page shows."""
    authority = _rows(con, "select * from local_authorities where gss_code = ?", [la_code])
    if not authority:
        raise AuthorityNotFound(f"no local authority has the code {la_code!r}")
    official = _rows(
        con,
        """select official_id, framework, visit_type, inspection_start_date, published_date, area, area_official,
                  rating, rating_rank, theme, source_file, source_row
           from official_outcomes where la_code = ?
           order by coalesce(published_date, inspection_start_date), official_id, area""",
        [la_code],
    ) if _has(con, "official_outcomes") else []
    events = _rows(con, "select * from inspection_events where la_code = ?", [la_code])
    events.sort(key=lambda e: (e["year"] is None, e["year"] or 0, e["month"] or 0, e["event_id"]))
    ids = [e["event_id"] for e in events]
    members = _rows(
        con,
        """select m.event_id, m.inspection_id, m.joined_by, i.date_text, i.evidence as inspection_evidence,
                  i.ordinal, i.progress, i.lead_inspector, d.doc_id, d.title, d.publisher, d.published_date,
                  d.url, d.source_path
           from event_members m join inspections i using (inspection_id)
           join documents d on d.doc_id = m.doc_id
           where m.event_id in (select unnest(?))
           order by d.published_date nulls last, d.doc_id""",
        [ids],
    )
    ratings = _rows(con, "select * from event_ratings where event_id in (select unnest(?)) order by area, doc_id, start_char", [ids])
    conflicts = _rows(con, "select * from event_conflicts where event_id in (select unnest(?)) order by area, kind", [ids])
    checks = {}
    if _has(con, "rating_checks"):
        for r in _rows(
            con,
            """select doc_id, inspection_id, area, start_char, verdict, official_rating from rating_checks
               where inspection_id in (select inspection_id from event_members where event_id in (select unnest(?)))""",
            [ids],
        ):
            checks[(r["doc_id"], r["inspection_id"], r["area"], r["start_char"])] = r
    event_docs = {m["doc_id"] for m in members}
    other_docs = _rows(
        con,
        """select doc_id, title, publisher, published_date, url, source_path from documents
           where doc_id in (select doc_id from inspections where la_code = ?1
                            union select doc_id from ratings where la_code = ?1
                            union select doc_id from organisations where la_code = ?1)
           order by published_date nulls last, doc_id""",
        [la_code],
    )
    other_docs = [d for d in other_docs if d["doc_id"] not in event_docs]
    all_docs = sorted(event_docs | {d["doc_id"] for d in other_docs})
    quotes = _rows(
        con,
        "select doc_id, speaker, speaker_role, speaker_organisation, text, start_char from quotes "
        "where doc_id in (select unnest(?)) order by doc_id, start_char",
        [all_docs],
    )
    loose_ratings = _rows(
        con,
        "select doc_id, area, rating, previous_rating, change, evidence from ratings "
        "where la_code = ? and inspection_id is null and doc_id in (select unnest(?)) order by doc_id, start_char",
        [la_code, all_docs],
    )
    return {
        "main_event": main_events(events, members),
        "authority": authority[0], "official": official, "events": events, "members": members,
        "ratings": ratings, "conflicts": conflicts, "checks": checks, "other_docs": other_docs,
        "quotes": quotes, "loose_ratings": loose_ratings,
    }


# --------------------------------------------------------------------------------------------
# Chart


def timeline_figure(data: dict):
    """The grade timeline: official grades per area, news grades and conflicts marked on it."""
    import plotly.graph_objects as go

    fig = go.Figure()
    graded = [r for r in data["official"] if r["area"] in AREAS and r["rating_rank"] is not None]
    for area, label in AREAS.items():
        points = [r for r in graded if r["area"] == area]
        if not points:
            continue
        fig.add_trace(go.Scatter(
            x=[r["published_date"] or r["inspection_start_date"] for r in points],
            y=[r["rating_rank"] + AREA_OFFSET[area] for r in points],
            mode="lines+markers", line_shape="hv", name=label, legendgroup=area,
            line={"color": AREA_COLOURS[area], "width": 2}, marker={"size": 8, "color": AREA_COLOURS[area]},
            hovertext=[
                f"<b>{esc(label)}: {esc(grade_label(r['rating']))}</b><br>Ofsted {esc(r['framework'])} "
                f"published {esc(fmt_date(r['published_date']) or '?')}<br>{esc(r['official_id'])}"
                for r in points
            ],
            hoverinfo="text",
        ))
    visits = {}
    for r in data["official"]:
        if r["visit_type"] != "inspection":
            visits[r["official_id"]] = r
    if visits:
        fig.add_trace(go.Scatter(
            x=[r["inspection_start_date"] or r["published_date"] for r in visits.values()],
            y=[4.55] * len(visits), mode="markers", name="Ofsted visits (ungraded)",
            marker={"symbol": "triangle-up", "size": 9, "color": "#777"},
            hovertext=[f"{esc(VISIT_LABELS.get(r['visit_type'], r['visit_type']))} {esc(r['inspection_start_date'] or r['published_date'])}"
                       f"<br>{esc(r['theme'] or '')}" for r in visits.values()],
            hoverinfo="text",
        ))
    events = {e["event_id"]: e for e in data["events"]}
    titles = {m["doc_id"]: m["title"] or m["source_path"] for m in data["members"]}
    conflicted = {(c["event_id"], c["doc_id"], c["area"], c["rating"]) for c in data["conflicts"]}
    xs, ys, colours, texts, cx, cy, ctexts = [], [], [], [], [], [], []
    for r in data["ratings"]:
        if r["rating"] is None or r["rating_rank"] is None or r["area"] not in AREAS:
            continue
        when = _date_of_event(events[r["event_id"]])
        if when is None:
            continue
        y = r["rating_rank"] + AREA_OFFSET[r["area"]]
        text = (f"<b>In the news: {esc(AREAS[r['area']])} {esc(grade_label(r['rating']))}</b><br>"
                f"{esc(_short(titles.get(r['doc_id']), 80))}<br><i>{esc(_short(r['evidence'], 120))}</i>")
        xs.append(when), ys.append(y), colours.append(AREA_COLOURS[r["area"]]), texts.append(text)
        if (r["event_id"], r["doc_id"], r["area"], r["rating"]) in conflicted:
            others = [c for c in data["conflicts"]
                      if c["event_id"] == r["event_id"] and c["area"] == r["area"] and r["rating"] in (c["rating"], c["other_rating"])]
            detail = "<br>".join(
                f"vs {esc(grade_label(c['other_rating'] if c['rating'] == r['rating'] else c['rating']))}: "
                f"{esc(_short(c['other_evidence'] if c['rating'] == r['rating'] else c['evidence'], 100))}"
                for c in others
            )
            cx.append(when), cy.append(y), ctexts.append(f"<b>Conflict</b><br>{text}<br>{detail}")
    if xs:
        # coloured by area; a grey stand-in carries the legend entry
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="markers", name="Grade reported in the news", legendgroup="news", showlegend=False,
            marker={"symbol": "diamond-open", "size": 15, "line": {"width": 2.5}, "color": colours},
            hovertext=texts, hoverinfo="text",
        ))
        fig.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", name="Grade reported in the news (area colour)", legendgroup="news",
            marker={"symbol": "diamond-open", "size": 13, "line": {"width": 2.5}, "color": "#333"}, hoverinfo="skip",
        ))
    if cx:
        fig.add_trace(go.Scatter(
            x=cx, y=cy, mode="markers", name="Conflict (stories or official record disagree)",
            marker={"symbol": "x-thin-open", "size": 22, "line": {"width": 3, "color": "#e00000"}, "color": "#e00000"},
            hovertext=ctexts, hoverinfo="text",
        ))
    fig.update_layout(
        title={"text": "Grades over time: Ofsted's published outcomes, and what the news reported", "x": 0.01},
        height=460, margin={"l": 10, "r": 10, "t": 50, "b": 40}, template="plotly_white",
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        hoverlabel={"align": "left"},
    )
    fig.update_yaxes(tickvals=list(RANK_LABELS), ticktext=list(RANK_LABELS.values()), range=[4.75, 0.6],
                     title=None, zeroline=False)
    fig.update_xaxes(type="date", title=None)
    return fig


def _short(text, n: int) -> str:
    text = "" if text is None else " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


# --------------------------------------------------------------------------------------------
# Page

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1b1b1b; background: #f6f7f9; }
main { max-width: 1180px; margin: 0 auto; padding: 20px 24px 60px; }
h1 { font-size: 1.7em; margin: 0.2em 0; } h2 { margin-top: 1.6em; border-bottom: 2px solid #dde; padding-bottom: 4px; }
.sub { color: #555; margin: 0 0 1em; } .chart { background: #fff; border: 1px solid #dde; border-radius: 8px; padding: 6px; }
.event { background: #fff; border: 1px solid #dde; border-radius: 8px; padding: 14px 18px; margin: 14px 0; }
.event.conflict { border-left: 6px solid #e00000; }
.event h3 { margin: 0 0 4px; font-size: 1.2em; } .meta { color: #555; font-size: 0.92em; }
.badge { display: inline-block; background: #eef1f6; border-radius: 10px; padding: 1px 8px; margin-right: 4px; font-size: 0.85em; }
.badge.red { background: #ffe3e3; color: #a00000; font-weight: 600; }
table { border-collapse: collapse; margin: 8px 0; font-size: 0.93em; } th, td { text-align: left; padding: 3px 10px 3px 0; vertical-align: top; }
th { color: #444; font-weight: 600; } td.bad { color: #a00000; font-weight: 600; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; }
.conflicts { background: #fff4f4; border: 1px solid #f3c4c4; border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
.conflicts blockquote { margin: 4px 0 8px 12px; }
.story { border-top: 1px solid #eee; padding-top: 8px; margin-top: 8px; }
.story .title { font-weight: 600; } blockquote { margin: 4px 0 6px 14px; padding-left: 10px; border-left: 3px solid #ccd; color: #333; }
.speaker { margin-top: 6px; } .path { font-family: ui-monospace, monospace; font-size: 0.9em; color: #444; }
footer { color: #777; font-size: 0.85em; margin-top: 30px; }
"""


def _link(doc: dict) -> str:
    url = doc.get("url")
    if url and str(url).lower().startswith(("http://", "https://")):
        return f'<a href="{esc(url)}">{esc(url)}</a>'
    return f'<span class="path">{esc(doc.get("source_path"))}</span>'


def _story_header(doc: dict) -> str:
    title = doc.get("title") or Path(str(doc.get("source_path") or "untitled")).name
    bits = [f'<span class="title">{esc(title)}</span>']
    meta = [esc(x) for x in (doc.get("publisher"), fmt_date(doc.get("published_date"))) if x]
    if meta:
        bits.append(f'<span class="meta"> — {", ".join(meta)}</span>')
    return f'<div>{"".join(bits)}</div><div class="meta">{_link(doc)}</div>'


def _quotes_html(quotes: list[dict]) -> str:
    if not quotes:
        return ""
    by_speaker: dict[str, list[dict]] = {}
    for q in quotes:
        by_speaker.setdefault(q["speaker"], []).append(q)
    out = ['<div class="meta">People quoted</div>']
    for speaker, said in by_speaker.items():
        role = ", ".join(esc(x) for x in (said[0]["speaker_role"], said[0]["speaker_organisation"]) if x)
        out.append(f'<div class="speaker"><b>{esc(speaker)}</b>{" (" + role + ")" if role else ""}</div>')
        out.extend(f"<blockquote>“{esc(q['text'])}”</blockquote>" for q in said)
    return "".join(out)


def _event_html(e: dict, data: dict, quotes_by_doc: dict) -> str:
    members = [m for m in data["members"] if m["event_id"] == e["event_id"]]
    ratings = [r for r in data["ratings"] if r["event_id"] == e["event_id"]]
    conflicts = [c for c in data["conflicts"] if c["event_id"] == e["event_id"]]
    official = {r["area"]: r for r in data["official"] if e["official_id"] and r["official_id"] == e["official_id"] and r["area"]}
    title = f"{esc(VISIT_LABELS.get(e['visit_type'], e['visit_type']))} — {esc(event_when(e))}"
    badges = [f'<span class="badge">{e["n_documents"]} {"story" if e["n_documents"] == 1 else "stories"}</span>']
    if e["framework"]:
        badges.append(f'<span class="badge">{esc(e["framework"])}</span>')
    if e["official_id"]:
        badges.append(f'<span class="badge">Ofsted record {esc(e["official_id"])}</span>')
    else:
        badges.append('<span class="badge">no official record matched</span>')
    if conflicts:
        badges.append(f'<span class="badge red">{len(conflicts)} conflict{"s" if len(conflicts) != 1 else ""}</span>')
    dating = {"stories+official": "year or month from Ofsted's record", "official_fieldwork": "dated by Ofsted's record",
              "official_publication": "dated by the publication of Ofsted's report"}.get(e["date_source"] or "")
    out = [f'<section class="event{" conflict" if conflicts else ""}" id="{esc(e["event_id"])}" data-event-id="{esc(e["event_id"])}">',
           f"<h3>{title}</h3>", f'<div class="meta">{"".join(badges)} <span class="path">{esc(e["event_id"])}</span>'
           f'{" · " + esc(dating) if dating else ""}</div>']
    # grades: stories vs official
    areas = [a for a in AREAS if a in official or any(r["area"] == a for r in ratings)]
    if areas:
        out.append("<table><tr><th>Area</th><th>The stories say</th><th>Ofsted's record</th></tr>")
        conflict_areas = {c["area"] for c in conflicts}
        for a in areas:
            said = []
            for r in ratings:
                if r["area"] != a:
                    continue
                if r["rating"]:
                    said.append(esc(grade_label(r["rating"])))
                elif r["change"]:
                    said.append(esc(r["change"]))
            told = ", ".join(dict.fromkeys(said)) or "—"
            off = esc(grade_label(official[a]["rating"])) if a in official else "—"
            cls = ' class="bad"' if a in conflict_areas else ""
            out.append(f'<tr><td><span class="swatch" style="background:{AREA_COLOURS[a]}"></span>{esc(AREAS[a])}</td>'
                       f"<td{cls}>{told}</td><td>{off}</td></tr>")
        out.append("</table>")
    if conflicts:
        out.append('<div class="conflicts"><b>Conflicts</b>')
        for c in conflicts:
            who = "two stories disagree" if c["kind"] == "stories_disagree" else "a story disagrees with Ofsted's record"
            if c["other_rating"] is None:
                versus = "no official grade consistent with the story"
            elif c["other_rating"] == c["rating"]:
                versus = f"{grade_label(c['other_rating'])} (the grade before differs)"
            else:
                versus = grade_label(c["other_rating"])
            out.append(f"<div>{esc(AREAS.get(c['area'], c['area']))}: {esc(who)} — "
                       f"<b>{esc(grade_label(c['rating']) or c['rating'] or 'no grade')}</b> vs <b>{esc(versus)}</b></div>"
                       f"<blockquote>{esc(c['evidence'])}</blockquote><blockquote>{esc(c['other_evidence'])}</blockquote>")
        out.append("</div>")
    for m in members:
        out.append('<div class="story">' + _story_header(m))
        detail = [f"as written: “{esc(m['date_text'])}”" if m["date_text"] else ""]
        if m["lead_inspector"]:
            detail.append(f"lead inspector {esc(m['lead_inspector'])}")
        if m["progress"]:
            detail.append(f"“{esc(m['progress'])}”")
        detail = [d for d in detail if d]
        if detail:
            out.append(f'<div class="meta">{" · ".join(detail)}</div>')
        for r in ratings:
            if r["doc_id"] == m["doc_id"] and r["inspection_id"] == m["inspection_id"]:
                grade = grade_label(r["rating"]) or r["change"] or ""
                out.append(f'<div class="meta">{esc(AREAS.get(r["area"], r["area"]))}: <b>{esc(grade)}</b> — '
                           f'<i>{esc(_short(r["evidence"], 220))}</i></div>')
        said = quotes_by_doc.get(m["doc_id"], [])
        home = data["main_event"].get(m["doc_id"])
        if home == e["event_id"]:
            out.append(_quotes_html(said))
        elif said:
            speakers = ", ".join(esc(x) for x in dict.fromkeys(q["speaker"] for q in said))
            out.append(f'<div class="meta">People quoted: {speakers} — their words are listed with this story under '
                       f'<a href="#{esc(home)}">{esc(home)}</a></div>')
        out.append("</div>")
    out.append("</section>")
    return "\n".join(out)


def _official_table(data: dict) -> str:
    inspections: dict[str, dict] = {}
    for r in data["official"]:
        if r["visit_type"] != "inspection":
            continue
        row = inspections.setdefault(r["official_id"], {"r": r, "grades": {}})
        row["grades"][r["area"]] = r["rating"]
    if not inspections:
        return "<p>Ofsted's published outcomes hold no graded inspection of this authority.</p>"
    areas = [a for a in AREAS if any(a in i["grades"] for i in inspections.values())]
    out = ["<table><tr><th>Published</th><th>Framework</th>" + "".join(f"<th>{esc(AREAS[a])}</th>" for a in areas) + "</tr>"]
    for i in inspections.values():
        r = i["r"]
        out.append(f"<tr><td>{esc(fmt_date(r['published_date'] or r['inspection_start_date']))}</td><td>{esc(r['framework'])}</td>"
                   + "".join(f"<td>{esc(grade_label(i['grades'].get(a))) or '—'}</td>" for a in areas) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def render_page(data: dict, *, plotlyjs: str | bool = True, index_href: str | None = None) -> str:
    """The authority's HTML page; ``plotlyjs`` True inlines Plotly, a string is a script path."""
    la = data["authority"]
    fig = timeline_figure(data)
    chart = fig.to_html(include_plotlyjs=plotlyjs if plotlyjs is True else False, full_html=False,
                        config={"displaylogo": False, "responsive": True}, div_id="timeline")
    script = f'<script src="{esc(plotlyjs)}"></script>' if isinstance(plotlyjs, str) else ""
    quotes_by_doc: dict[str, list[dict]] = defaultdict(list)
    for q in data["quotes"]:
        quotes_by_doc[q["doc_id"]].append(q)
    n_docs = len({m["doc_id"] for m in data["members"]} | {d["doc_id"] for d in data["other_docs"]})
    n_conflicts = sum(e["n_conflicts"] for e in data["events"])
    name = la["council_name"] or la["name"]
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(la['name'])} — Ofsted inspections in the news</title>", f"<style>{CSS}</style>", script, "</head><body><main>",
        f'<p class="meta"><a href="{esc(index_href)}">← all authorities</a></p>' if index_href else "",
        f"<h1>{esc(la['name'])} children's services: inspections in the news</h1>",
        f'<p class="sub">{esc(name)} · {esc(la["gss_code"])} · {esc(la["ofsted_region"] or la["ons_region"] or "")} — '
        f'{len(data["events"])} inspection event{"s" if len(data["events"]) != 1 else ""} reported by {n_docs} '
        f'document{"s" if n_docs != 1 else ""}; {n_conflicts} conflict{"s" if n_conflicts != 1 else ""}.</p>',
        f'<div class="chart">{chart}</div>',
        "<h2>Ofsted's published outcomes</h2>", _official_table(data),
        "<h2>Inspection events</h2>",
        '<p class="meta">One entry per real-world inspection or visit, however many stories report it '
        "(view <code>inspection_events</code>); conflicts come from <code>event_conflicts</code>.</p>",
    ]
    if data["events"]:
        parts.append('<div id="events">')
        parts.extend(_event_html(e, data, quotes_by_doc) for e in data["events"])
        parts.append("</div>")
    else:
        parts.append("<p>No document reports an inspection or visit of this authority.</p>")
    if data["other_docs"]:
        parts.append("<h2>Other coverage</h2>")
        loose = defaultdict(list)
        for r in data["loose_ratings"]:
            loose[r["doc_id"]].append(r)
        for d in data["other_docs"]:
            parts.append('<div class="event"><div class="story" style="border:0;margin:0;padding:0">' + _story_header(d))
            for r in loose.get(d["doc_id"], []):
                grade = grade_label(r["rating"]) or r["change"] or ""
                parts.append(f'<div class="meta">{esc(AREAS.get(r["area"], r["area"]))}: <b>{esc(grade)}</b> — '
                             f'<i>{esc(_short(r["evidence"], 220))}</i></div>')
            parts.append(_quotes_html(quotes_by_doc.get(d["doc_id"], [])) + "</div></div>")
    parts.append(f"<footer>Written by <code>ofsted report</code> on {dt.date.today():%d %B %Y}. Official outcomes: "
                 "Ofsted, Open Government Licence v3.0.</footer></main></body></html>")
    return "\n".join(p for p in parts if p)


def render_index(rows: list[dict]) -> str:
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8"><title>Ofsted inspections in the news</title>',
           f"<style>{CSS}</style></head><body><main>", "<h1>Ofsted inspections in the news: authorities</h1>",
           f'<p class="sub">{len(rows)} authorities with coverage.</p>',
           "<table><tr><th>Authority</th><th>Code</th><th>Documents</th><th>Events</th><th>Conflicts</th>"
           "<th>Latest official overall effectiveness</th></tr>"]
    for r in rows:
        out.append(f'<tr><td><a href="{esc(r["href"])}">{esc(r["name"])}</a></td><td>{esc(r["la_code"])}</td>'
                   f'<td>{r["n_documents"]}</td><td>{r["n_events"]}</td>'
                   f'<td{" class=bad" if r["n_conflicts"] else ""}>{r["n_conflicts"]}</td>'
                   f'<td>{esc(grade_label(r["latest_oe"])) or "—"}</td></tr>')
    out.append("</table></main></body></html>")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# Writing


def default_out_dir(warehouse: str | Path) -> Path:
    """``<warehouse dir>/reports`` (warehouse/reports/ for the default warehouse; git-ignored)."""
    from ofsted.outputs import REPORTS

    return Path(warehouse).parent / REPORTS


def _write_shared_js(out_dir: Path) -> str:
    from plotly.offline import get_plotlyjs

    path = out_dir / SHARED_JS_NAME
    if not path.exists():
        path.write_text(get_plotlyjs(), encoding="utf-8")
    return SHARED_JS_NAME


def write_report(con: duckdb.DuckDBPyConnection, la_code: str, out_path: Path, *, plotlyjs: str | bool = True,
                 index_href: str | None = None) -> Path:
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    page = render_page(report_data(con, la_code), plotlyjs=plotlyjs, index_href=index_href)
    tmp = out_path.with_name(out_path.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out_path)
    return out_path


def write_reports_for(con_or_path, la_codes, out_dir, *, shared_js: bool | None = None) -> dict[str, Path]:
    """Write ``<out_dir>/<la_code>.html`` for each authority; returns ``{la_code: path}``.

    ``con_or_path`` is an open connection or a warehouse path (opened read-only). Plotly is
    inlined in each page unless more than ``SHARED_JS_MIN_PAGES`` pages are written (or
    ``shared_js`` is True): then the pages share ``<out_dir>/plotly.min.js``.
    """
    if not isinstance(con_or_path, duckdb.DuckDBPyConnection):
        with wh.open_warehouse(con_or_path, read_only=True) as con:
            return write_reports_for(con, la_codes, out_dir, shared_js=shared_js)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    codes = list(dict.fromkeys(la_codes))
    if shared_js is None:
        shared_js = len(codes) > SHARED_JS_MIN_PAGES
    plotlyjs = _write_shared_js(out_dir) if shared_js else True
    index = "index.html" if (out_dir / "index.html").exists() else None
    return {code: write_report(con_or_path, code, out_dir / f"{code}.html", plotlyjs=plotlyjs, index_href=index)
            for code in codes}


#: A run refreshes the reports of at most this many authorities; a bulk load (hundreds of
#: authorities) would otherwise spend minutes and gigabytes on pages nobody asked for.
MAX_REPORTS_PER_RUN = 12


def reports_for_run(warehouse: str | Path, run_id: str, out_dir: str | Path | None = None,
                    limit: int = MAX_REPORTS_PER_RUN) -> dict[str, str]:
    """Refresh the reports of the authorities a run's documents are about; returns the links for
    the run summary (``publish_artifacts(totals, links)``): ``{"Report: Sunderland (E08000024)": file URI}``.
    When the run touched more than ``limit`` authorities none are written and the summary says
    to run ``ofsted report --all``. Call after ``refresh_derived(warehouse)``, with no writer
    holding the warehouse."""
    out = Path(out_dir) if out_dir is not None else default_out_dir(warehouse)
    with wh.open_warehouse(warehouse, read_only=True) as con:
        codes = authorities_touched(con, run_id)
        if len(codes) > limit:
            return {f"{len(codes)} authorities changed: write their reports with `ofsted report --all --out DIR`":
                    out.resolve().as_uri()}
        pages = write_reports_for(con, codes, out)
        names = dict(con.execute(
            "select gss_code, name from local_authorities where gss_code in (select unnest(?))", [codes]).fetchall())
    return {f"Report: {names.get(code, code)} ({code})": path.resolve().as_uri() for code, path in pages.items()}


def write_all(con: duckdb.DuckDBPyConnection, out_dir: Path) -> tuple[Path, dict[str, Path]]:
    """An index page and one page per authority with coverage."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    codes = authorities_with_coverage(con)
    plotlyjs = _write_shared_js(out_dir)
    pages = {c: write_report(con, c, out_dir / f"{c}.html", plotlyjs=plotlyjs, index_href="index.html") for c in codes}
    rows = _rows(
        con,
        """with docs as (
               select la_code, count(distinct doc_id) as n from (
                   select doc_id, la_code from inspections union all select doc_id, la_code from ratings
                   union all select doc_id, la_code from organisations) group by la_code),
           ev as (select la_code, count(*) as n, sum(n_conflicts) as c from inspection_events group by la_code),
           oe as (select la_code, arg_max(rating, coalesce(published_date, inspection_start_date)) as rating
                  from official_outcomes where area = 'overall_effectiveness' group by la_code)
           select la.gss_code as la_code, la.name, coalesce(docs.n, 0) as n_documents, coalesce(ev.n, 0) as n_events,
                  coalesce(ev.c, 0) as n_conflicts, oe.rating as latest_oe
           from local_authorities la left join docs on docs.la_code = la.gss_code
           left join ev on ev.la_code = la.gss_code left join oe on oe.la_code = la.gss_code
           where la.gss_code in (select unnest(?)) order by la.name""",
        [codes],
    )
    for r in rows:
        r["href"] = f"{r['la_code']}.html"
    index = out_dir / "index.html"
    index.write_text(render_index(rows), encoding="utf-8")
    return index, pages


def report_command(args) -> int:
    """``ofsted report --authority NAME_OR_CODE [--out FILE]`` or ``--all [--out DIR]``."""
    try:
        with wh.open_warehouse(args.warehouse, read_only=True) as con:
            if getattr(args, "all", False):
                out_dir = Path(args.out) if args.out else default_out_dir(args.warehouse)
                index, pages = write_all(con, out_dir)
                print(f"wrote {len(pages)} authority report{'s' if len(pages) != 1 else ''} and {index}")
                return 0
            la_code = resolve_authority(con, args.authority)
            out = Path(args.out) if args.out else default_out_dir(args.warehouse) / f"{la_code}.html"
            path = write_report(con, la_code, out)
    except AuthorityNotFound as exc:
        print(f"ofsted report: {exc}", file=sys.stderr)
        return 2
    except wh.WarehouseError as exc:
        print(f"ofsted report: {exc}", file=sys.stderr)
        return 1
    except duckdb.CatalogException as exc:
        print(f"ofsted report: the warehouse lacks the events views; run `ofsted run` with this version first ({exc})",
              file=sys.stderr)
        return 1
    print(f"wrote {path}")
    return 0
