"""Cross-check extracted grades against Ofsted's published outcomes.

Three objects in the warehouse (migration ``0002_official.sql``):

* ``official_outcomes``: Ofsted's record (:func:`ensure_official_loaded` fills it when empty;
  ``ofsted load-official`` replaces it);
* ``inspection_matches``: which official inspection each extracted inspection refers to
  (:func:`refresh_matches`, one set-based statement over the whole warehouse);
* ``rating_checks``: a view putting every extracted rating next to the official grade, with a
  verdict. :func:`check_agreement` runs the warning-only suite ``expectations/rating_checks.json``
  over it; :func:`summary_lines` and :func:`agreement_summary` put the result into words.

The official record never fills or changes an extracted fact: ``ratings`` and ``inspections``
stay what the texts say.

Matching, per extracted inspection (for the same authority and visit type), first rule that
applies:

1. ``date``: the text dates the visit (year, month where given) and an official inspection's
   fieldwork or publication falls in that year and month (year only: that year). Several
   candidates are narrowed to those consistent with the text's grades.
2. ``published_date``: the document has a publication date: the latest official inspection
   published on or before it.
3. ``grades``: the official inspections whose grades agree with every grade and previous grade
   the text gives for that visit (previous = the official inspection immediately before for that
   area; a previous grade the record has none to compare with, e.g. an abolished predecessor's,
   is not held against it); exactly one is a match, none means the text disagrees with the record.

Ungraded visits (monitoring, focused) are matched by rule 1 only, to the in-year activity rows;
JTAIs are not in Ofsted's tables and stay unmatched.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb
import polars as pl

#: Verdicts that count as the text agreeing with the record.
AGREEING = ("agrees", "direction_agrees")
VERDICTS = ("agrees", "direction_agrees", "disagrees", "direction_disagrees", "ambiguous", "no_official_record")
SUITE = "rating_checks"

#: Fieldwork length assumed where Ofsted gives no end date (days after the start): a standard
#: ILACS inspection is two weeks on site, a focused or monitoring visit two days.
FIELDWORK_DAYS = {"inspection": 13, "monitoring_visit": 1, "focused_visit": 1}


# --------------------------------------------------------------------------------------------
# official_outcomes


def official_count(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("select count(*) from official_outcomes").fetchall()[0][0]


def replace_official(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> int:
    """Replace the contents of ``official_outcomes`` with ``frame`` in one transaction."""
    con.register("_official_in", frame.to_arrow())
    try:
        con.execute("begin transaction")
        try:
            con.execute("delete from official_outcomes")
            con.execute("insert into official_outcomes by name select * from _official_in")
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    finally:
        con.unregister("_official_in")
    return frame.height


def ensure_official_loaded(con: duckdb.DuckDBPyConnection) -> dict:
    """Load the shipped official files into ``official_outcomes`` when the table is empty.

    Returns counts for the run summary: ``official_rows`` (rows in the table) and
    ``official_loaded`` (rows loaded now; 0 when it was already filled).
    """
    existing = official_count(con)
    if existing:
        return {"official_rows": existing, "official_loaded": 0}
    from ofsted.official import load_official

    loaded = replace_official(con, load_official())
    return {"official_rows": loaded, "official_loaded": loaded}


# --------------------------------------------------------------------------------------------
# inspection_matches

_FIELDWORK = " ".join(f"when '{k}' then {v}" for k, v in FIELDWORK_DAYS.items())

#: One statement computing every match. Units are the extracted inspections (deduplicated on
#: doc_id, inspection_id) plus, per document and authority, ratings not placed at an inspection.
MATCH_SQL = f"""
with
ranks as (
    select label, min(rank) as rank from rating_scales
    where scale in ('ofsted_4', 'ofsted_legacy') group by label
),
placed as (
    select doc_id, inspection_id,
           case when count(distinct la_code) = 1 then min(la_code) end as la_code
    from ratings where inspection_id is not null group by doc_id, inspection_id
),
ins as (
    select * from inspections
    qualify row_number() over (partition by doc_id, inspection_id order by start_char, end_char) = 1
),
unplaced as (
    select distinct r.doc_id, r.inspection_id, r.la_code from ratings r
    where not exists (select 1 from inspections i
                      where i.doc_id = r.doc_id and i.inspection_id = r.inspection_id)
),
units0 as (
    select i.doc_id, i.inspection_id, coalesce(i.la_code, p.la_code) as la_code, i.visit_type,
           coalesce(i.year, year(i.start_date)) as year,
           case when i.year is null or i.year = year(i.start_date)
                then coalesce(i.month, month(i.start_date)) else i.month end as month,
           true as from_inspection
    from ins i left join placed p on p.doc_id = i.doc_id and p.inspection_id = i.inspection_id
    union all
    select doc_id, inspection_id, la_code, 'inspection', null, null, false from unplaced
),
units as (
    select row_number() over () as uid, u.*, d.published_date as doc_published,
           case when u.year is null then null
                else make_date(u.year::int, coalesce(u.month, 1)::int, 1) end as period_start,
           case when u.year is null then null
                else last_day(make_date(u.year::int, coalesce(u.month, 12)::int, 1)) end as period_end
    from units0 u left join documents d on d.doc_id = u.doc_id
),
off as (
    select official_id, any_value(la_code) as la_code, any_value(visit_type) as visit_type,
           min(inspection_start_date) as start_date, min(published_date) as published_date,
           coalesce(min(inspection_end_date),
                    min(inspection_start_date) + case any_value(visit_type) {_FIELDWORK} else 1 end)
               as end_date
    from official_outcomes group by official_id
),
off_grades as (
    select official_id, area, rating_rank as rank,
           lag(rating_rank) over (partition by la_code, area
                                  order by coalesce(published_date, inspection_start_date), official_id)
               as prev_rank
    from official_outcomes where visit_type = 'inspection'
),
text_grades as (
    select u.uid, r.area, r.rating, r.previous_rating, tr.rank as rank, tp.rank as prev_rank
    from units u
    join ratings r on r.doc_id = u.doc_id and r.inspection_id is not distinct from u.inspection_id
                  and (u.from_inspection or r.la_code is not distinct from u.la_code)
    left join ranks tr on tr.label = r.rating
    left join ranks tp on tp.label = r.previous_rating
    where r.rating is not null or r.previous_rating is not null
),
graded as (select distinct uid from text_grades),
-- every official inspection or visit of the unit's authority and visit type
pairs as (
    select u.uid, o.official_id, o.start_date, o.published_date, o.end_date
    from units u join off o on o.la_code = u.la_code and o.visit_type = u.visit_type
),
-- pairs where every grade and previous grade the text gives agrees with the record
mismatches as (
    select p.uid, p.official_id,
           count(*) filter (where
               (t.rating is not null and (t.rank is null or g.rank is null or t.rank <> g.rank))
               or (t.previous_rating is not null and (g.rank is null
                   or (g.prev_rank is not null and t.prev_rank is distinct from g.prev_rank)))
           ) as n_bad
    from pairs p
    join text_grades t on t.uid = p.uid
    left join off_grades g on g.official_id = p.official_id and g.area = t.area
    group by p.uid, p.official_id
),
consistent as (select uid, official_id from mismatches where n_bad = 0),
-- rule 1: fieldwork or publication in the period the text gives
r1 as (
    select p.uid, p.official_id, c.official_id is not null as fits
    from pairs p join units u on u.uid = p.uid
    left join consistent c on c.uid = p.uid and c.official_id = p.official_id
    where u.year is not null and (
        (p.published_date between u.period_start and u.period_end)
        or (p.start_date is not null and p.start_date <= u.period_end and p.end_date >= u.period_start))
),
r1_sum as (
    select uid, count(*) as n, count(*) filter (where fits) as n_fit,
           min(official_id) as only_id, min(official_id) filter (where fits) as fit_id
    from r1 group by uid
),
-- rule 2: the latest official inspection published on or before the document
r2 as (
    select p.uid, p.official_id from pairs p join units u on u.uid = p.uid
    where u.visit_type = 'inspection' and u.doc_published is not null
      and coalesce(p.published_date, p.start_date) <= u.doc_published
    qualify row_number() over (partition by p.uid
                               order by coalesce(p.published_date, p.start_date) desc, p.official_id) = 1
),
-- rule 3: the official inspections consistent with the text's grades
r3_sum as (
    select uid, count(*) as n, min(official_id) as only_id from consistent group by uid
),
n_pairs as (select uid, count(*) as n from pairs group by uid),
decided as (
    select u.doc_id, u.inspection_id, u.la_code, u.visit_type, u.year, u.month,
           u.doc_published, coalesce(np.n, 0) as n_official, g.uid is not null as has_grades,
           s1.n as n1, s1.n_fit, s1.only_id as id1, s1.fit_id, r2.official_id as id2,
           coalesce(s3.n, 0) as n3, s3.only_id as id3,
           case
               when u.la_code is null then null
               when s1.n is not null then 'date'
               when u.visit_type <> 'inspection' then null
               when r2.official_id is not null then 'published_date'
               when g.uid is not null and coalesce(np.n, 0) > 0 then 'grades'
           end as rule
    from units u
    left join n_pairs np on np.uid = u.uid
    left join graded g on g.uid = u.uid
    left join r1_sum s1 on s1.uid = u.uid
    left join r2 on r2.uid = u.uid
    left join r3_sum s3 on s3.uid = u.uid
)
select doc_id, inspection_id, la_code,
    case rule
        when 'date' then case when n1 = 1 then id1 when has_grades and n_fit = 1 then fit_id end
        when 'published_date' then id2
        when 'grades' then case when n3 = 1 then id3 end
    end as official_id,
    rule as matched_by,
    (case rule
        when 'date' then case when n1 > 1 and has_grades and n_fit > 1 then n_fit else n1 end
        when 'published_date' then 1
        when 'grades' then n3
        else case when visit_type = 'inspection' then n_official else 0 end
    end)::integer as n_candidates,
    case
        when la_code is null then 'no authority to match on'
        when visit_type = 'jtai' then 'JTAIs are not in Ofsted''s outcome tables'
        when visit_type not in ('inspection', 'monitoring_visit', 'focused_visit')
            then 'a visit of type ' || coalesce(visit_type, 'unknown') || ' is not in Ofsted''s tables'
        when rule = 'date' and n1 = 1
            then 'the only official ' || replace(visit_type, '_', ' ') || ' with fieldwork or publication in '
                 || year || coalesce('-' || lpad(month::varchar, 2, '0'), '')
        when rule = 'date' and has_grades and n_fit = 1
            then n1 || ' official inspections with fieldwork or publication in ' || year
                 || coalesce('-' || lpad(month::varchar, 2, '0'), '') || '; only one agrees with the text''s grades'
        when rule = 'date'
            then n1 || ' official ' || replace(visit_type, '_', ' ') || 's with fieldwork or publication in '
                 || year || coalesce('-' || lpad(month::varchar, 2, '0'), '')
                 || case when has_grades then '; the text''s grades do not single one out'
                         else '; the text gives no grade to single one out' end
        when rule = 'published_date'
            then 'the latest official inspection published on or before the document (' || doc_published || ')'
        when rule = 'grades' and n3 = 1
            then 'the only official inspection of this authority whose grades agree with every grade the text gives'
        when rule = 'grades' and n3 = 0
            then 'no official inspection of this authority agrees with every grade and previous grade the text gives'
        when rule = 'grades'
            then n3 || ' official inspections agree with every grade the text gives'
        when visit_type <> 'inspection' and year is null
            then 'the text does not date the visit'
        when visit_type <> 'inspection'
            then 'no official ' || replace(visit_type, '_', ' ') || ' (in-year activity tables) in '
                 || year || coalesce('-' || lpad(month::varchar, 2, '0'), '')
        when n_official = 0 then 'no official inspection of this authority'
        else 'nothing to match on: no date in the official record''s range, no publication date, no grade'
    end as note
from decided
"""


def refresh_matches(con: duckdb.DuckDBPyConnection) -> dict:
    """Recompute ``inspection_matches`` over the whole warehouse in one transaction.

    Returns counts for the run summary: ``inspection_matches`` (rows), ``inspections_matched``
    and one ``matched_by_<rule>`` per rule.
    """
    con.execute("begin transaction")
    try:
        con.execute("delete from inspection_matches")
        con.execute(
            "insert into inspection_matches (doc_id, inspection_id, la_code, official_id, matched_by, "
            f"n_candidates, note) select * from ({MATCH_SQL})"
        )
        rows = con.execute(
            "select matched_by, count(*), count(official_id) from inspection_matches group by all"
        ).fetchall()
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    counts = {
        "inspection_matches": sum(n for _, n, _ in rows),
        "inspections_matched": sum(m for _, _, m in rows),
    }
    for rule in ("date", "published_date", "grades"):
        counts[f"matched_by_{rule}"] = sum(m for r, _, m in rows if r == rule)
    return counts


# --------------------------------------------------------------------------------------------
# agreement


def rating_checks_frame(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The rows of the ``rating_checks`` view, in document and span order."""
    return query_frame(con, "select * from rating_checks order by source_path, doc_id, start_char, area")


def query_frame(con: duckdb.DuckDBPyConnection, sql: str, params=None) -> pl.DataFrame:
    """A query's result as a Polars frame (through Arrow)."""
    relation = con.sql(sql, params=params) if params else con.sql(sql)
    return pl.from_arrow(relation.to_arrow_table())


#: The ``rating_checks`` columns of each disagreement (``verdict_note`` becomes ``note``).
DISAGREEMENT_COLUMNS = [
    "doc_id", "source_path", "la_code", "subject", "area", "rating", "previous_rating", "change",
    "official_rating", "official_previous_rating", "official_change", "official_id", "matched_by", "verdict",
    "verdict_note", "evidence",
]


def check_agreement(con: duckdb.DuckDBPyConnection) -> dict:
    """How far extracted grades agree with Ofsted's record, with the warning-only suite's result.

    Returns ``n_ratings``, ``n_checked`` (ratings with an official grade or direction to compare:
    agrees, disagrees and the direction verdicts), ``n_agree``, ``share_agree`` (agreeing share of
    the checked ratings; None when none was checked), ``share_agree_all`` (agreeing share of every
    rating), ``verdicts`` (count per verdict), ``disagreements`` (one dict per disagreeing rating:
    document, authority, area, text and official grades, evidence sentence) and ``suite`` (the
    expectations' outcomes, all severity warning: they never quarantine or block anything).
    """
    from ofsted.validation import load_suites, validate_frame

    frame = rating_checks_frame(con)
    verdicts = Counter(frame["verdict"].to_list()) if frame.height else Counter()
    checked = sum(verdicts[v] for v in ("agrees", "disagrees", "direction_agrees", "direction_disagrees"))
    agree = sum(verdicts[v] for v in AGREEING)
    # one dict per disagreeing rating, built by Polars (tens of thousands at 10,000 documents)
    disagreements = (
        frame.filter(pl.col("verdict").is_in(["disagrees", "direction_disagrees"]))
        .select(DISAGREEMENT_COLUMNS)
        .rename({"verdict_note": "note"})
        .to_dicts()
    ) if frame.height else []
    suite_result: list[dict] = []
    suite = load_suites().get(SUITE)
    if suite is not None and frame.height:
        outcome = validate_frame(SUITE, frame, suite)
        suite_result = [
            {
                "expectation": o.expectation,
                "column": o.column,
                "passed": o.passed,
                "unexpected_count": o.unexpected_count,
                "examples": o.examples,
                "severity": o.severity,
                "error": o.error,
            }
            for o in outcome.outcomes
        ]
    return {
        "n_ratings": frame.height,
        "n_checked": checked,
        "n_agree": agree,
        "share_agree": agree / checked if checked else None,
        "share_agree_all": agree / frame.height if frame.height else None,
        "verdicts": {v: verdicts.get(v, 0) for v in VERDICTS},
        "disagreements": disagreements,
        "suite": suite_result,
    }


def _grade_text(rating, previous, change) -> str:
    if rating and previous:
        return f"{rating} (previous {previous})"
    if rating:
        return str(rating)
    if previous and change:
        return f"{change} from {previous}"
    return str(change or previous or "-")


def summary_lines(result: dict) -> list[str]:
    """Lines for the run summary / ``ofsted evaluate``: share agreeing, verdict counts, each
    disagreement with its evidence."""
    n = result["n_ratings"]
    if not n:
        return ["Official cross-check: no extracted ratings to check."]
    share = result["share_agree"]
    share_text = f"{share:.1%}" if share is not None else "n/a"
    lines = [
        f"Official cross-check: {result['n_agree']} of {result['n_checked']} extracted grades that could "
        f"be compared agree with Ofsted's record ({share_text}); {n} ratings in all "
        f"({result['share_agree_all']:.1%} agree).",
        "  verdicts: " + ", ".join(f"{v} {c}" for v, c in result["verdicts"].items() if c),
    ]
    failed = [s for s in result.get("suite", []) if not s["passed"]]
    if failed:
        lines.append(
            "  warnings (rating_checks suite, never blocking): "
            + "; ".join(f"{s['expectation']} unexpected {s['unexpected_count']}" for s in failed)
        )
    for d in result["disagreements"]:
        # the file's name (a string split: pathlib for tens of thousands of lines costs a second)
        name = d["source_path"].rstrip("/").rsplit("/", 1)[-1] if d["source_path"] else d["doc_id"]
        official = _grade_text(d["official_rating"], d["official_previous_rating"],
                               d["official_change"] if d["verdict"] == "direction_disagrees" else None)
        text = _grade_text(d["rating"], d["previous_rating"], d["change"])
        where = f" [{d['official_id']}]" if d["official_id"] else ""
        evidence = " ".join((d["evidence"] or "").split())
        if len(evidence) > 160:
            evidence = evidence[:159] + "…"
        detail = d["note"] if not d["official_id"] else f"official {official}{where}"
        lines.append(
            f"  DISAGREES {name}: {d['subject'] or d['la_code']} {d['area']}: text {text}; {detail}"
            f" — \"{evidence}\""
        )
    return lines


def agreement_summary(warehouse: str | Path) -> list[str]:
    """For ``ofsted evaluate``: the agreement lines for a warehouse.

    Loads the official record when empty and refreshes the matches first (cheap), so it also
    works on a warehouse the enrich stage has not run on; it needs a writable warehouse, which
    ``ofsted evaluate``'s temporary one is.
    """
    from ofsted.warehouse import open_warehouse

    with open_warehouse(warehouse) as con:
        if not _has_table(con, "inspection_matches"):
            return ["Official cross-check: the warehouse has no official tables (migration 0002)."]
        ensure_official_loaded(con)
        refresh_matches(con)
        result = check_agreement(con)
    return summary_lines(result)


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        con.execute("select count(*) from information_schema.tables where table_name = ?", [name]).fetchall()[0][0]
    )
