"""Ofsted's published inspection outcomes as one tidy dataset: ``official_outcomes``.

The ground truth for cross-checking extracted facts. It reads Ofsted's open-data files in
``ofsted/data/official/`` (see ``SOURCES.md`` there) and returns one row per authority,
inspection and judgement area, plus one row (area and rating null) per ungraded visit.

Everything file-specific lives in ``ofsted/data/official/mappings.json``: which columns hold which
dates and which area, which inspection-type strings mean which framework, every grade spelling,
the file priorities and the abolished authorities. The code here is only the machinery:

1. **Read** each file as text (no type inference), line number = row index + 2 (no file has a
   quoted line break; the loader checks).
2. **Resolve the authority** to its *current* GSS code: by code (former codes from
   ``local_authorities.csv`` ``former_gss_codes`` map to the current one) or, for files without a
   code column, by normalised name against ``name``, ``ofsted_name`` and ``aliases``. Abolished
   authorities (Bournemouth, Poole, Dorset county, Northamptonshire, Cumbria) have no current code;
   their rows are *excluded* and reported in :attr:`OfficialLoad.excluded`, never dropped
   silently. An authority the loader cannot resolve is an error.
3. **Grades**: each cell is normalised and looked up in ``grades``; ``-``/blank/"Not judged"
   give no row; an unknown spelling is an error. The scale follows from the framework, so
   Ofsted's "Requires improvement to be good" on a SLAC/CPI/TLAC inspection becomes the legacy
   ``adequate``.
4. **Deduplicate**: one official inspection appears in up to five files. Records of the same
   authority, visit type and framework family are the same inspection if their publication dates
   agree or (where one has no publication date) their fieldwork dates agree within a tolerance,
   or the publication follows the fieldwork by a plausible lag. Per area, the rating of the
   highest-priority file wins; dates and the standard/short type come from whichever file has
   them. Disagreements are reported in :attr:`OfficialLoad.conflicts`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

OFFICIAL_DIR = Path(__file__).resolve().parent / "data" / "official"
REFERENCE_DIR = Path(__file__).resolve().parent / "data" / "reference"
MAPPINGS_PATH = OFFICIAL_DIR / "mappings.json"

#: The loading order of the shipped files (order does not change the result).
DEFAULT_FILES: tuple[str, ...] = (
    "ofsted_ilacs_inspection_history_2018_2025.csv",
    "ofsted_la_inyear_activity_2024_25.csv",
    "ofsted_la_inspection_outcomes_2025_03_31.csv",
    "ofsted_la_inyear_activity_2022_23.csv",
    "ofsted_la_inspections_2009_2023.csv",
    "ofsted_la_inspections_2009_2023_former_las.csv",
)

#: Column -> dtype of the returned frame (and of the DuckDB table in ``sql/0002_official.sql``).
OFFICIAL_SCHEMA: dict[str, pl.DataType] = {
    "official_id": pl.String,
    "la_code": pl.String,
    "la_name": pl.String,
    "framework": pl.String,
    "framework_family": pl.String,
    "visit_type": pl.String,
    "inspection_start_date": pl.Date,
    "inspection_end_date": pl.Date,
    "published_date": pl.Date,
    "area": pl.String,
    "area_official": pl.String,
    "rating": pl.String,
    "scale": pl.String,
    "rating_rank": pl.Int8,
    "theme": pl.String,
    "source_file": pl.String,
    "source_row": pl.Int32,
    "other_sources": pl.String,
}


class OfficialDataError(ValueError):
    """A file does not fit mappings.json: unknown grade, column, authority or inspection type."""


# --------------------------------------------------------------------------------------------
# reference data


def normalise_grade(value: str | None) -> str:
    """The form grade spellings are looked up in: NFKC, trimmed, single spaces, casefolded,
    no trailing full stop."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", value)
    text = re.sub(r"\s+", " ", text).strip().casefold()
    return text.rstrip(".").strip()


def normalise_name(value: str) -> str:
    """The form authority names are matched in: '&' = 'and'; hyphens, full stops and commas are
    spaces ("Southend on Sea" = "Southend-on-Sea", "St. Helens" = "St Helens")."""
    text = unicodedata.normalize("NFKC", value).casefold().replace("&", " and ")
    text = re.sub(r"[-.,'’]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Reference:
    mappings: dict
    la_names: dict[str, str]  # current gss -> ofsted_name
    by_code: dict[str, str]  # current or former gss -> current gss
    by_name: dict[str, str]  # normalised name/ofsted_name/alias -> current gss
    abolished_by_code: dict[str, dict]
    abolished_by_name: dict[str, dict]
    scale_ranks: dict[tuple[str, str], int]  # (scale, label) -> rank
    areas: frozenset[str]


def load_reference(
    mappings_path: Path = MAPPINGS_PATH, reference_dir: Path = REFERENCE_DIR
) -> Reference:
    mappings = json.loads(mappings_path.read_text(encoding="utf-8"))
    las = pl.read_csv(reference_dir / "local_authorities.csv", infer_schema=False)
    la_names: dict[str, str] = {}
    by_code: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for row in las.iter_rows(named=True):
        gss = row["gss_code"]
        la_names[gss] = row["ofsted_name"] or row["name"]
        by_code[gss] = gss
        for former in (row["former_gss_codes"] or "").split("|"):
            if former.strip():
                by_code[former.strip()] = gss
        names = [row["name"], row["ofsted_name"], *(row["aliases"] or "").split("|")]
        for name in names:
            if name and name.strip():
                key = normalise_name(name)
                if by_name.get(key, gss) != gss:
                    raise OfficialDataError(f"name {name!r} is ambiguous in local_authorities.csv")
                by_name[key] = gss
    abolished = mappings["abolished_authorities"]
    scales = pl.read_csv(reference_dir / "scales.csv", infer_schema=False)
    areas = pl.read_csv(reference_dir / "areas.csv", infer_schema=False)
    return Reference(
        mappings=mappings,
        la_names=la_names,
        by_code=by_code,
        by_name=by_name,
        abolished_by_code={a["gss_code"]: a for a in abolished},
        abolished_by_name={normalise_name(a["name"]): a for a in abolished},
        scale_ranks={(r["scale"], r["label"]): int(r["rank"]) for r in scales.iter_rows(named=True)},
        areas=frozenset(areas["area"].to_list()),
    )


# --------------------------------------------------------------------------------------------
# reading files into per-source inspection records


@dataclass
class _Grade:
    rating: str
    area_official: str
    source_file: str
    source_row: int
    priority: int


@dataclass
class _Record:
    """One inspection or visit as one file states it."""

    la_code: str
    framework: str | None  # None: the file does not say standard/short
    family: str
    visit_type: str
    start: dt.date | None
    published: dt.date | None
    theme: str | None
    grades: dict[str, _Grade]  # area -> grade class (ofsted_4 wording) and provenance
    source_file: str
    source_row: int
    priority: int


@dataclass
class OfficialLoad:
    """The dataset plus everything the loader set aside or found inconsistent."""

    frame: pl.DataFrame
    #: rows of abolished authorities (not attributed to a successor): file, row, name, reason
    excluded: list[dict] = field(default_factory=list)
    #: disagreements between files about one inspection: kind, official_id, values
    conflicts: list[dict] = field(default_factory=list)


def _parse_date(value: str | None, where: str) -> dt.date | None:
    if value is None or not value.strip() or value.strip() == "-":
        return None
    try:
        return dt.datetime.strptime(value.strip(), "%d/%m/%Y").date()
    except ValueError as exc:
        raise OfficialDataError(f"{where}: unreadable date {value!r}") from exc


def _grade_class(ref: Reference, value: str | None, where: str) -> str | None:
    key = normalise_grade(value)
    grades = ref.mappings["grades"]
    if key not in grades:
        raise OfficialDataError(f"{where}: grade spelling {value!r} is not in mappings.json")
    return grades[key]


def _resolve_la(
    ref: Reference, spec: dict, row: dict, where: str
) -> tuple[str | None, dict | None]:
    """(current gss, None) or (None, abolished-authority entry)."""
    name = row.get(spec.get("la_name_column", ""), None) or ""
    code_col = spec.get("la_code_column")
    code = (row.get(code_col) or "").strip() if code_col else ""
    mode = spec.get("authorities", "current_or_abolished")
    if mode == "abolished":
        entry = ref.abolished_by_name.get(normalise_name(name))
        if entry is None:
            raise OfficialDataError(f"{where}: {name!r} is not a listed abolished authority")
        return None, entry
    if code:
        if code in ref.by_code:
            return ref.by_code[code], None
        if code in ref.abolished_by_code:
            return None, ref.abolished_by_code[code]
        raise OfficialDataError(f"{where}: GSS code {code!r} ({name!r}) is not known")
    key = normalise_name(name)
    if key in ref.by_name:
        return ref.by_name[key], None
    if key in ref.abolished_by_name:
        return None, ref.abolished_by_name[key]
    raise OfficialDataError(f"{where}: authority name {name!r} matches no authority")


def _read_file(ref: Reference, path: Path) -> tuple[list[_Record], list[dict]]:
    fname = path.name
    spec = ref.mappings["files"].get(fname)
    if spec is None:
        raise OfficialDataError(f"{fname}: no entry in mappings.json 'files'")
    text = path.read_text(encoding="utf-8-sig")
    frame = pl.read_csv(text.encode("utf-8"), infer_schema=False)
    if frame.height != text.rstrip("\n").count("\n"):
        raise OfficialDataError(f"{fname}: a cell spans lines; source_row would be wrong")
    groups = spec["groups"]
    used = set(spec.get("ignored_columns", []))
    for key in ("la_code_column", "la_name_column"):
        if key in spec:
            used.add(spec[key])
    for group in groups:
        for key in ("framework_column", "inspection_start_date", "published_date", "theme"):
            if key in group:
                used.add(group[key])
        used.update(group["areas"])
    missing = used - set(frame.columns)
    unmapped = set(frame.columns) - used
    if missing or unmapped:
        raise OfficialDataError(
            f"{fname}: columns in mappings.json but not the file {sorted(missing)}; "
            f"columns in the file but not mappings.json {sorted(unmapped)}"
        )
    frameworks = ref.mappings["frameworks"]
    types = ref.mappings["inspection_types"]
    priority = int(spec["priority"])
    records: list[_Record] = []
    excluded: list[dict] = []
    for index, row in enumerate(frame.iter_rows(named=True)):
        line = index + 2
        where = f"{fname}:{line}"
        la_code, abolished = _resolve_la(ref, spec, row, where)
        for group in groups:
            start = _parse_date(row.get(group.get("inspection_start_date", "")), where)
            published = _parse_date(row.get(group.get("published_date", "")), where)
            grades: dict[str, _Grade] = {}
            for column, area in group["areas"].items():
                grade = _grade_class(ref, row[column], f"{where} [{column}]")
                if grade is not None:
                    grades[area] = _Grade(grade, column, fname, line, priority)
            if "framework_column" in group:
                raw_type = (row[group["framework_column"]] or "").strip()
                if not raw_type:
                    framework = None
                elif raw_type in types:
                    framework = types[raw_type]
                else:
                    raise OfficialDataError(f"{where}: inspection type {raw_type!r} not mapped")
            else:
                framework = group["framework"]
            theme = (row.get(group.get("theme", "")) or "").strip() or None
            if start is None and published is None:
                if grades or theme or (framework and "framework_column" in group):
                    raise OfficialDataError(f"{where}: grades, type or theme without any date")
                continue  # this authority had no such inspection
            if framework is None:
                raise OfficialDataError(f"{where}: a dated inspection without a type")
            fw = frameworks[framework]
            if fw["visit_type"] != "inspection" and grades:
                raise OfficialDataError(f"{where}: a {framework} carries grades")
            if fw["visit_type"] == "inspection" and not grades:
                raise OfficialDataError(f"{where}: a {framework} inspection without any grade")
            if abolished is not None:
                excluded.append(
                    {
                        "source_file": fname,
                        "source_row": line,
                        "la_name": row.get(spec.get("la_name_column", "")),
                        "la_code_official": abolished["gss_code"],
                        "framework": framework,
                        "published_date": published,
                        "inspection_start_date": start,
                        "reason": "abolished authority; successors "
                        + ", ".join(abolished["successors"]),
                    }
                )
                continue
            records.append(
                _Record(
                    la_code=la_code,
                    framework=None if framework == "ilacs" else framework,
                    family=fw["family"],
                    visit_type=fw["visit_type"],
                    start=start,
                    published=published,
                    theme=theme,
                    grades=grades,
                    source_file=fname,
                    source_row=line,
                    priority=priority,
                )
            )
    return records, excluded


# --------------------------------------------------------------------------------------------
# deduplication


def _same_inspection(a: _Record, b: _Record, tolerance: int, lag: tuple[int, int]) -> bool:
    if a.published and b.published:
        return a.published == b.published
    if a.start and b.start:
        return abs((a.start - b.start).days) <= tolerance
    pub = a.published or b.published
    start = a.start or b.start
    return lag[0] <= (pub - start).days <= lag[1]


def _cluster(records: list[_Record], dedupe: dict) -> list[list[_Record]]:
    tolerance = int(dedupe["start_date_tolerance_days"])
    lag = tuple(dedupe["publication_lag_days"])
    groups: dict[tuple, list[_Record]] = {}
    for rec in records:
        groups.setdefault((rec.la_code, rec.visit_type, rec.family), []).append(rec)
    clusters: list[list[_Record]] = []
    for recs in groups.values():
        parent = list(range(len(recs)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i in range(len(recs)):
            for j in range(i + 1, len(recs)):
                if recs[i].source_file == recs[j].source_file and recs[i].source_row == recs[j].source_row:
                    continue  # two groups of one row are never one inspection
                if _same_inspection(recs[i], recs[j], tolerance, lag):
                    parent[find(i)] = find(j)
        members: dict[int, list[_Record]] = {}
        for i, rec in enumerate(recs):
            members.setdefault(find(i), []).append(rec)
        clusters.extend(members.values())
    return clusters


def _first(values):
    for value in values:
        if value is not None:
            return value
    return None


def _merge(ref: Reference, cluster: list[_Record], conflicts: list[dict]) -> list[dict]:
    recs = sorted(cluster, key=lambda r: (r.priority, r.source_file, r.source_row))
    best = recs[0]
    framework = _first(r.framework for r in recs) or "ilacs"
    published = _first(r.published for r in recs)
    start = _first(r.start for r in recs)
    theme = _first(r.theme for r in recs)
    official_id = f"{best.la_code}:{framework}:{(published or start).isoformat()}"
    for kind, values in (
        ("framework", {r.framework for r in recs if r.framework}),
        ("published_date", {r.published for r in recs if r.published}),
        ("inspection_start_date", {r.start for r in recs if r.start}),
        ("theme", {r.theme for r in recs if r.theme}),
    ):
        if len(values) > 1:
            conflicts.append(
                {"official_id": official_id, "kind": kind, "values": sorted(map(str, values)),
                 "sources": [f"{r.source_file}:{r.source_row}" for r in recs]}
            )
    fw = ref.mappings["frameworks"][framework]
    scale = fw["scale"]
    base = {
        "official_id": official_id,
        "la_code": best.la_code,
        "la_name": ref.la_names[best.la_code],
        "framework": framework,
        "framework_family": fw["family"],
        "visit_type": fw["visit_type"],
        "inspection_start_date": start,
        "inspection_end_date": None,  # no official file gives an end date
        "published_date": published,
        "theme": theme,
    }

    def provenance(source_file: str, source_row: int) -> dict:
        others = sorted(
            {f"{r.source_file}:{r.source_row}" for r in recs}
            - {f"{source_file}:{source_row}"}
        )
        return {
            "source_file": source_file,
            "source_row": source_row,
            "other_sources": "|".join(others) or None,
        }

    if fw["visit_type"] != "inspection":
        return [
            {**base, "area": None, "area_official": None, "rating": None, "scale": None,
             "rating_rank": None, **provenance(best.source_file, best.source_row)}
        ]
    rows = []
    areas = sorted({area for r in recs for area in r.grades})
    for area in areas:
        if area not in ref.areas:
            raise OfficialDataError(f"{official_id}: area {area!r} is not in areas.csv")
        graded = [r.grades[area] for r in recs if area in r.grades]
        chosen = min(graded, key=lambda g: (g.priority, g.source_file, g.source_row))
        if len({g.rating for g in graded}) > 1:
            conflicts.append(
                {"official_id": official_id, "kind": f"rating:{area}",
                 "values": sorted({g.rating for g in graded}),
                 "sources": [f"{g.source_file}:{g.source_row}" for g in graded]}
            )
        label = ref.mappings["scale_labels"][scale][chosen.rating]
        rank = ref.scale_ranks.get((scale, label))
        if rank is None:
            raise OfficialDataError(f"{official_id}: {label!r} is not a label of {scale}")
        rows.append(
            {**base, "area": area, "area_official": chosen.area_official, "rating": label,
             "scale": scale, "rating_rank": rank,
             **provenance(chosen.source_file, chosen.source_row)}
        )
    return rows


# --------------------------------------------------------------------------------------------
# entry points


def load_official_report(
    paths: list[Path] | None = None, *, mappings_path: Path = MAPPINGS_PATH,
    reference_dir: Path = REFERENCE_DIR,
) -> OfficialLoad:
    """Load the official files and return the dataset with excluded rows and conflicts."""
    ref = load_reference(mappings_path, reference_dir)
    if paths is None:
        paths = [OFFICIAL_DIR / name for name in DEFAULT_FILES]
    records: list[_Record] = []
    excluded: list[dict] = []
    for path in paths:
        recs, excl = _read_file(ref, Path(path))
        records.extend(recs)
        excluded.extend(excl)
    conflicts: list[dict] = []
    rows: list[dict] = []
    for cluster in _cluster(records, ref.mappings["dedupe"]):
        rows.extend(_merge(ref, cluster, conflicts))
    frame = pl.DataFrame(rows, schema=OFFICIAL_SCHEMA, orient="row") if rows else pl.DataFrame(
        schema=OFFICIAL_SCHEMA
    )
    frame = frame.sort(
        ["la_code", "published_date", "inspection_start_date", "official_id", "area"],
        nulls_last=True,
    )
    duplicated = frame.filter(pl.struct("official_id", "area").is_duplicated())
    if duplicated.height:
        raise OfficialDataError(
            f"duplicate (official_id, area): {duplicated.select('official_id', 'area').rows()[:5]}"
        )
    return OfficialLoad(frame=frame, excluded=excluded, conflicts=conflicts)


def load_official(paths: list[Path] | None = None) -> pl.DataFrame:
    """One row per authority, official inspection and graded area (one row, area null, per
    ungraded visit), from Ofsted's published statistics. See the module docstring."""
    return load_official_report(paths).frame
