"""Inspection events: one row per real-world visit, however many stories report it.

A document reports an inspection or visit once (the extractor already merges its mentions into
one ``inspections`` row); several documents often report the same visit. ``refresh_events``
clusters the extracted inspections of the whole warehouse into events, in one transaction, and
writes ``events`` (one row per visit, with its resolved date) and ``event_members`` (which
story reports which event). The views ``inspection_events`` and ``event_conflicts``
(``sql/0003_events.sql``) derive the rest.

Clustering, per authority (``la_code``) and visit type, in an order that depends only on the
content (inspection ids are content hashes), never on load order:

1. **Official match**: stories matched to the same official inspection (``inspection_matches``)
   are one event. Stories matched to *different* official inspections are never merged.
2. **Fieldwork and month**: an unmatched story whose fieldwork dates overlap an event's, or
   that gives the same year and month as an event (its stories' dates, or for an event whose
   stories give no year, the resolved date), joins it, if exactly one event qualifies;
   otherwise unmatched stories with the same year and month form a new event.
3. **Year only**: a story that gives only the year joins the one event with that year; when
   there is none, the year-only stories of that year form one event; when there are several,
   the story is ambiguous and stays an event of its own year.
4. **No year**: a story without a year (and no match) is an event of its own, unless another
   undated story gives the same month and the same place in a series of visits
   ("fourth monitoring visit in June").

In every step two stories are kept apart when they give different places in a series
(ordinals) or fieldwork dates more than a month apart.

**Resolved date.** Fieldwork dates where any story gives them; else the year and month most
stories give (ties: the earliest); an event whose stories give a month but no year takes the
year of its official inspection (the fieldwork year, else the publication year, minus one when
the story's month is after the publication month: the visit came before the report), so seed
001's "May" inspection is May 2018; with neither, the official fieldwork or publication month.

**Event ids** are ``la_code:visit_type:date``:

* matched events use the *official* inspection's month (fieldwork start, else publication):
  ``E08000024:inspection:2015-07``. A later or more precise story about a matched visit
  therefore never changes its id — the official record anchors it;
* unmatched events use their resolved date: ``YYYY-MM``, or ``YYYY`` when only the year is
  known; undated ones ``undated:<first inspection_id>``;
* two events that would share an id (rare: two unmatched visits of one type in one month) get
  ``:2``, ``:3`` in the order of their first inspection id.

An unmatched event's id can still change when a more precise story arrives ("2015" then
"July 2015": ``...:2015`` becomes ``...:2015-07``) or when it comes to match an official
inspection. Ids are not reused in that case: the old id is recorded in ``event_aliases``
pointing to the event that holds most of its stories, and :func:`resolve_event_id` follows it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import duckdb
import polars as pl

#: Fieldwork start dates further apart than this are different visits.
FIELDWORK_GAP_DAYS = 31


@dataclass
class Story:
    """One extracted inspection (a story's account of a visit)."""

    inspection_id: str
    doc_id: str
    la_code: str
    visit_type: str
    framework: str | None
    year: int | None
    month: int | None
    start_date: dt.date | None
    end_date: dt.date | None
    ordinal: int | None
    official_id: str | None
    joined_by: str = "founding"


@dataclass
class Official:
    """What the official record says about a matched inspection's dates."""

    official_id: str
    framework: str | None
    start_date: dt.date | None
    published_date: dt.date | None

    @property
    def anchor(self) -> dt.date | None:
        return self.start_date or self.published_date


@dataclass
class Event:
    la_code: str
    visit_type: str
    stories: list[Story] = field(default_factory=list)
    official: Official | None = None
    event_id: str = ""
    #: facts computed from the stories, kept while no story joins (stories are only ever
    #: appended): clustering asks each candidate event for them once per story considered
    _memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def _memoised(self, name: str, compute):
        n = len(self.stories)
        hit = self._memo.get(name)
        if hit is None or hit[0] != n:
            hit = self._memo[name] = (n, compute())
        return hit[1]

    # ---- resolved facts (read-only results: callers never change them)
    @property
    def first_inspection_id(self) -> str:
        return min(s.inspection_id for s in self.stories)

    @property
    def ordinals(self) -> set[int]:
        return self._memoised("ordinals", lambda: {s.ordinal for s in self.stories if s.ordinal is not None})

    @property
    def start_dates(self) -> list[dt.date]:
        return self._memoised("start_dates", lambda: [s.start_date for s in self.stories if s.start_date is not None])

    def resolved(self) -> dict:
        """year, month, start_date, end_date, date_source, framework of the event."""
        return self._memoised("resolved", self._resolve)

    def _resolve(self) -> dict:
        starts = self.start_dates
        ends = [s.end_date for s in self.stories if s.end_date is not None]
        start = min(starts) if starts else None
        end = max(ends) if ends else None
        year = month = None
        source = None
        if start is not None:
            year, month, source = start.year, start.month, "fieldwork"
        else:
            dated = [(s.year, s.month) for s in self.stories if s.year is not None and s.month is not None]
            if dated:
                counts = Counter(dated)
                best = max(counts.values())
                year, month = min(k for k, n in counts.items() if n == best)
                source = "stories"
            else:
                years = [s.year for s in self.stories if s.year is not None]
                if years:
                    counts = Counter(years)
                    best = max(counts.values())
                    year = min(k for k, n in counts.items() if n == best)
                months = [s.month for s in self.stories if s.month is not None and s.year in (None, year)]
                if months:
                    counts = Counter(months)
                    best = max(counts.values())
                    month = min(k for k, n in counts.items() if n == best)
                if year is not None:
                    source = "stories"
            if self.official is not None and (year is None or month is None):
                off_year, off_month, off_source = self._official_date(month)
                if year is None:
                    year, month, source = off_year, off_month, off_source
                elif off_year == year:
                    month, source = off_month, "stories+official"
        if start is None and self.official is not None and self.official.start_date is not None:
            start = self.official.start_date
        if self.official is not None and self.official.framework:
            framework = self.official.framework
        else:
            frameworks = Counter(s.framework for s in self.stories if s.framework)
            framework = min(frameworks, key=lambda f: (-frameworks[f], f)) if frameworks else None
        return {"year": year, "month": month, "start_date": start, "end_date": end,
                "date_source": source, "framework": framework}

    def _official_date(self, month: int | None) -> tuple[int | None, int | None, str | None]:
        off = self.official
        if off.start_date is not None:
            if month is None:
                return off.start_date.year, off.start_date.month, "official_fieldwork"
            return off.start_date.year, month, "stories+official"
        if off.published_date is not None:
            pub = off.published_date
            if month is None:
                return pub.year, pub.month, "official_publication"
            # the visit came before its report: a month after the publication month is last year's
            return (pub.year - 1 if month > pub.month else pub.year), month, "stories+official"
        return None, month, None

    def base_id(self) -> str:
        prefix = f"{self.la_code}:{self.visit_type}"
        if self.official is not None and self.official.anchor is not None:
            return f"{prefix}:{self.official.anchor:%Y-%m}"
        facts = self.resolved()
        if facts["year"] is not None and facts["month"] is not None:
            return f"{prefix}:{facts['year']:04d}-{facts['month']:02d}"
        if facts["year"] is not None:
            return f"{prefix}:{facts['year']:04d}"
        return f"{prefix}:undated:{self.first_inspection_id}"


# --------------------------------------------------------------------------------------------
# Compatibility


def _fieldwork_close(a: dt.date | None, b: dt.date | None) -> bool | None:
    if a is None or b is None:
        return None
    return abs((a - b).days) <= FIELDWORK_GAP_DAYS


def can_join(story: Story, event: Event) -> bool:
    """Hard constraints: nothing in the story contradicts the event."""
    if story.official_id is not None and event.official is not None and story.official_id != event.official.official_id:
        return False
    if story.ordinal is not None and event.ordinals and story.ordinal not in event.ordinals:
        return False
    for start in event.start_dates:
        if _fieldwork_close(story.start_date, start) is False:
            return False
    return True


def _event_year_month(event: Event) -> tuple[int | None, int | None]:
    facts = event.resolved()
    return facts["year"], facts["month"]


def _story_dates_of(event: Event) -> set[tuple[int, int]]:
    """Year-month pairs the event's stories give, plus its resolved year-month."""
    return event._memoised("story_dates", lambda: _compute_story_dates(event))


def _compute_story_dates(event: Event) -> set[tuple[int, int]]:
    pairs = {(s.year, s.month) for s in event.stories if s.year is not None and s.month is not None}
    pairs |= {(d.year, d.month) for d in event.start_dates}
    year, month = _event_year_month(event)
    if year is not None and month is not None:
        pairs.add((year, month))
    return pairs


def _unique(candidates: list[Event]) -> Event | None:
    return candidates[0] if len(candidates) == 1 else None


def cluster(stories: list[Story], officials: dict[str, Official]) -> list[Event]:
    """Group stories (one authority and visit type, or all) into events; see the module doc."""
    by_group: dict[tuple[str, str], list[Story]] = {}
    for s in sorted(stories, key=lambda s: s.inspection_id):
        by_group.setdefault((s.la_code, s.visit_type), []).append(s)
    events: list[Event] = []
    for (la_code, visit_type), group in sorted(by_group.items()):
        events.extend(_cluster_group(la_code, visit_type, group, officials))
    _assign_ids(events)
    return events


def _cluster_group(la_code: str, visit_type: str, group: list[Story], officials: dict[str, Official]) -> list[Event]:
    events: list[Event] = []
    # 1. official matches
    matched: dict[str, Event] = {}
    for s in group:
        if s.official_id is None:
            continue
        event = matched.get(s.official_id)
        if event is None:
            event = matched[s.official_id] = Event(
                la_code, visit_type,
                official=officials.get(s.official_id, Official(s.official_id, None, None, None)),
            )
            events.append(event)
        s.joined_by = "official_match"
        event.stories.append(s)
    rest = [s for s in group if s.official_id is None]

    # 2. fieldwork dates, then year and month
    def join_or_new(story: Story, candidates: list[Event], how: str, key) -> None:
        target = _unique([e for e in candidates if can_join(story, e)])
        if target is not None:
            story.joined_by = how
            target.stories.append(story)
            return
        new = Event(la_code, visit_type, [story])
        new_keys[id(new)] = key
        events.append(new)

    new_keys: dict[int, object] = {}
    for s in [s for s in rest if s.start_date is not None]:
        close = [e for e in events if any(_fieldwork_close(s.start_date, d) for d in e.start_dates)]
        if not close:
            close = [e for e in events if (s.start_date.year, s.start_date.month) in _story_dates_of(e)]
        join_or_new(s, close, "fieldwork" if any(e.start_dates for e in close) else "same_month", ("fw", s.start_date))
    for s in [s for s in rest if s.start_date is None and s.year is not None and s.month is not None]:
        same = [e for e in events if (s.year, s.month) in _story_dates_of(e)]
        join_or_new(s, same, "same_month", ("ym", s.year, s.month))

    # 3. year only
    year_only = [s for s in rest if s.start_date is None and s.year is not None and s.month is None]
    for s in year_only:
        same_year = [e for e in events if _event_year_month(e)[0] == s.year and _event_year_month(e)[1] is not None]
        joinable = [e for e in same_year if can_join(s, e)]
        if len(joinable) == 1:
            s.joined_by = "year_only"
            joinable[0].stories.append(s)
            continue
        if not same_year:
            # no dated event that year: the year-only stories of that year are one event
            target = next((e for e in events if new_keys.get(id(e)) == ("y", s.year) and can_join(s, e)), None)
            if target is not None:
                s.joined_by = "year_only"
                target.stories.append(s)
                continue
        new = Event(la_code, visit_type, [s])
        # ambiguous (several events that year) stories stay alone: never grouped with others
        new_keys[id(new)] = ("y", s.year) if not same_year else ("ambiguous", s.inspection_id)
        events.append(new)

    # 4. no year
    for s in [s for s in rest if s.start_date is None and s.year is None]:
        target = None
        if s.month is not None and s.ordinal is not None:
            # the same place in a series of visits, in the same month: the same visit
            same = [e for e in events if s.ordinal in e.ordinals and _event_year_month(e)[1] == s.month and can_join(s, e)]
            target = _unique(same) if len(same) == 1 else None
        if target is not None:
            s.joined_by = "same_ordinal"
            target.stories.append(s)
            continue
        new = Event(la_code, visit_type, [s])
        new_keys[id(new)] = ("undated", s.month, s.ordinal)
        events.append(new)
    return events


def _assign_ids(events: list[Event]) -> None:
    by_base: dict[str, list[Event]] = {}
    for e in events:
        by_base.setdefault(e.base_id(), []).append(e)
    for base, same in by_base.items():
        same.sort(key=lambda e: (e.official is None, e.first_inspection_id))
        for n, e in enumerate(same, start=1):
            e.event_id = base if n == 1 else f"{base}:{n}"


# --------------------------------------------------------------------------------------------
# Warehouse


def _has(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute(
        "select count(*) from information_schema.tables where table_schema = 'main' and table_name = ?", [name]
    ).fetchone()[0])


def read_stories(con: duckdb.DuckDBPyConnection) -> tuple[list[Story], dict[str, Official], int]:
    """Every extracted inspection with an authority, its official match, and the officials."""
    has_matches = _has(con, "inspection_matches")
    match_sql = (
        "left join (select inspection_id, any_value(official_id) as official_id from inspection_matches "
        "where inspection_id is not null and official_id is not null group by inspection_id) m "
        "using (inspection_id)"
        if has_matches else "left join (select null::varchar as inspection_id, null::varchar as official_id) m using (inspection_id)"
    )
    rows = con.execute(
        f"""select i.inspection_id, i.doc_id, i.la_code, i.visit_type, i.framework,
                   coalesce(i.year, year(i.start_date)) as year,
                   coalesce(i.month, month(i.start_date)) as month,
                   i.start_date, i.end_date, i.ordinal, m.official_id
            from inspections i {match_sql}
            where i.la_code is not null
            qualify row_number() over (partition by i.inspection_id order by i.doc_id) = 1"""
    ).fetchall()
    n_skipped = con.execute("select count(*) from inspections where la_code is null").fetchone()[0]
    stories = [Story(*r) for r in rows]
    officials: dict[str, Official] = {}
    if _has(con, "official_outcomes"):
        ids = sorted({s.official_id for s in stories if s.official_id})
        if ids:
            for official_id, framework, start, published in con.execute(
                """select official_id, any_value(framework), min(inspection_start_date), min(published_date)
                   from official_outcomes where official_id in (select unnest(?)) group by official_id""",
                [ids],
            ).fetchall():
                officials[official_id] = Official(official_id, framework, start, published)
    return stories, officials, n_skipped


EVENT_SCHEMA = {
    "event_id": pl.Utf8, "la_code": pl.Utf8, "visit_type": pl.Utf8, "framework": pl.Utf8,
    "year": pl.Int64, "month": pl.Int64, "start_date": pl.Date, "end_date": pl.Date,
    "date_source": pl.Utf8, "official_id": pl.Utf8, "n_stories": pl.Int64, "refreshed_at": pl.Datetime("us"),
}
MEMBER_SCHEMA = {"inspection_id": pl.Utf8, "event_id": pl.Utf8, "doc_id": pl.Utf8, "joined_by": pl.Utf8}


def event_frames(events: list[Event], now: dt.datetime) -> tuple[pl.DataFrame, pl.DataFrame]:
    event_rows, member_rows = [], []
    for e in events:
        facts = e.resolved()
        event_rows.append({
            "event_id": e.event_id, "la_code": e.la_code, "visit_type": e.visit_type,
            "framework": facts["framework"], "year": facts["year"], "month": facts["month"],
            "start_date": facts["start_date"], "end_date": facts["end_date"],
            "date_source": facts["date_source"],
            "official_id": e.official.official_id if e.official else None,
            "n_stories": len(e.stories), "refreshed_at": now,
        })
        for s in e.stories:
            member_rows.append({"inspection_id": s.inspection_id, "event_id": e.event_id,
                                "doc_id": s.doc_id, "joined_by": s.joined_by})
    return pl.DataFrame(event_rows, schema=EVENT_SCHEMA), pl.DataFrame(member_rows, schema=MEMBER_SCHEMA)


def _aliases(old: dict[str, str], new: dict[str, str]) -> dict[str, str]:
    """Retired event id -> the new event holding most of its former stories."""
    new_ids = set(new.values())
    votes: dict[str, Counter] = {}
    for inspection_id, old_id in old.items():
        if old_id in new_ids or inspection_id not in new:
            continue
        votes.setdefault(old_id, Counter())[new[inspection_id]] += 1
    return {old_id: min(c, key=lambda k: (-c[k], k)) for old_id, c in votes.items()}


def refresh_events(con: duckdb.DuckDBPyConnection) -> dict:
    """Recompute ``events`` and ``event_members`` over the whole warehouse in ONE transaction.

    Returns counts for the run summary: ``events``, ``event_stories``, ``events_multi_story``
    (reported by more than one document), ``event_conflicts``, ``events_skipped_no_authority``
    (extracted inspections without an authority, left out) and ``event_ids_retired``.
    """
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    con.execute("begin transaction")
    try:
        stories, officials, n_skipped = read_stories(con)
        events = cluster(stories, officials)
        event_frame, member_frame = event_frames(events, now)
        old = dict(con.execute("select inspection_id, event_id from event_members").fetchall())
        new = dict(zip(member_frame["inspection_id"].to_list(), member_frame["event_id"].to_list()))
        retired = _aliases(old, new)
        con.execute("delete from event_members")
        con.execute("delete from events")
        con.register("_events_in", event_frame.to_arrow())
        con.register("_members_in", member_frame.to_arrow())
        con.execute("insert into events by name select * from _events_in")
        con.execute("insert into event_members by name select * from _members_in")
        con.unregister("_events_in")
        con.unregister("_members_in")
        # aliases: new retirements; older aliases follow their target; a live id is no alias
        for alias_id, event_id in retired.items():
            con.execute(
                "insert or replace into event_aliases values (?, ?, ?)", [alias_id, event_id, now]
            )
        for alias_id, target in con.execute("select alias_id, event_id from event_aliases").fetchall():
            if target in retired:
                con.execute("update event_aliases set event_id = ? where alias_id = ?", [retired[target], alias_id])
        con.execute("delete from event_aliases where alias_id in (select event_id from events)")
        n_conflicts = con.execute("select count(*) from event_conflicts").fetchone()[0]
        n_multi = con.execute(
            "select count(*) from (select event_id from event_members group by event_id having count(distinct doc_id) > 1)"
        ).fetchone()[0]
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return {
        "events": event_frame.height,
        "event_stories": member_frame.height,
        "events_multi_story": n_multi,
        "event_conflicts": n_conflicts,
        "events_skipped_no_authority": n_skipped,
        "event_ids_retired": len(retired),
    }


def resolve_event_id(con: duckdb.DuckDBPyConnection, event_id: str) -> str | None:
    """The current id of an event id (itself, or where an alias points); None when unknown."""
    if con.execute("select count(*) from events where event_id = ?", [event_id]).fetchone()[0]:
        return event_id
    row = con.execute("select event_id from event_aliases where alias_id = ?", [event_id]).fetchone()
    return row[0] if row else None
