"""Apply the corrections file to a warehouse: load it, check new corrections, refresh what depends on it.

* :func:`load_for_run` is the pipeline's hook: after a run's batches are loaded and before the
  cross-check and events are refreshed, the run loads the file into ``corrections`` (and
  ``correction_targets``), so every derived table is computed from corrected facts. A malformed
  file leaves the tables as they were and is reported as the run's error.
* :func:`record` and :func:`undo` are what ``ofsted correct`` and ``ofsted review`` call: under the
  warehouse's run lock they check the correction against the warehouse (the target exists, the
  corrected fact passes its suite's rules), write the file atomically, load it, and refresh the
  cross-check (``inspection_matches``) and the events, so the result shows at once.
* :func:`status` says which corrections apply and which are stale.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ofsted import warehouse as wh
from ofsted.corrections import (
    ADD_ONLY,
    SETTABLE,
    Correction,
    CorrectionsError,
    fold,
    new_correction,
    normalise_value,
    read_corrections,
    resolve_path,
    utc_time,
    write_corrections,
)
from ofsted.extract.ratings import rating_scale
from ofsted.fact_rules import check_fact_values
from ofsted.locking import LockTimeout, run_lock


class WarehouseLocked(RuntimeError):
    """A pipeline run holds the warehouse's run lock: nothing was written."""


@dataclass
class CorrectionsLoad:
    """What loading the corrections file did."""

    path: str
    n_corrections: int = 0
    n_applied: int = 0
    n_stale: int = 0
    #: the corrections table now differs from what it held before
    changed: bool = False
    #: a file that could not be loaded (the tables were left as they were)
    error: str | None = None
    stale: list[dict] = field(default_factory=list)

    def lines(self) -> list[str]:
        if self.error:
            return [f"corrections: {self.error}"]
        if not self.n_corrections:
            return [f"corrections: none ({self.path})"]
        lines = [f"corrections: {self.n_corrections} in {self.path}: {self.n_applied} applied, {self.n_stale} stale"]
        for s in self.stale[:10]:
            lines.append(f"  STALE {s['correction_id']} {s['action']} {s['fact_type']} {s['fact_key'] or ''} "
                         f"({s['source_path'] or s['content_sha256'][:16]}): {s['status_note']}")
        return lines

    def as_dict(self) -> dict:
        return {"path": self.path, "corrections": self.n_corrections, "applied": self.n_applied,
                "stale": self.n_stale, "changed": self.changed, "error": self.error}


# --------------------------------------------------------------------------------------------
# Loading


def _digest(corrections: list[Correction]) -> str:
    """A digest of what the corrections say, times normalised to UTC (as the table stores them)."""
    rows = [(c.correction_id, utc_time(c.created_at).isoformat(), c.author, c.action, c.fact_type, c.document,
             c.key, json.dumps(c.fields, ensure_ascii=False, sort_keys=True) if c.fields else None, c.reason,
             c.source_path) for c in corrections]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


def _table_digest(con: duckdb.DuckDBPyConnection) -> str:
    rows = con.execute(
        "select correction_id, created_at, author, action, fact_type, content_sha256, fact_key, fields, reason, "
        "source_path from corrections order by seq"
    ).fetchall()
    corrections = [
        Correction(r[0], r[1].isoformat(), r[2], r[3], r[4], r[5], r[6], json.loads(r[7]) if r[7] else {}, r[8], r[9])
        for r in rows
    ]
    return _digest(corrections)


def load_corrections(con: duckdb.DuckDBPyConnection, corrections: list[Correction]) -> bool:
    """Replace ``corrections`` and ``correction_targets`` with these, in one transaction.
    Returns whether the table's content changed."""
    before = _table_digest(con)
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    con.execute("begin transaction")
    try:
        con.execute("delete from corrections")
        con.execute("delete from correction_targets")
        if corrections:
            con.executemany(
                "insert into corrections values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(c.correction_id, seq, utc_time(c.created_at), c.author, c.action, c.fact_type, c.document,
                  c.key, json.dumps(c.fields, ensure_ascii=False, sort_keys=True) if c.fields else None,
                  c.reason, c.source_path, now)
                 for seq, c in enumerate(corrections, start=1)],
            )
        targets = fold(corrections)
        if targets:
            con.executemany(
                "insert into correction_targets values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(t.fact_type, t.document, t.key,
                  json.dumps(t.fields, ensure_ascii=False, sort_keys=True) if t.fields else None,
                  t.corrected, t.dropped, t.reviewed, t.correction_id, ",".join(t.correction_ids))
                 for t in targets],
            )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return _digest(corrections) != before


def status(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Every loaded correction with its status (applied or stale) and a note, in file order."""
    if not con.execute("select count(*) from corrections").fetchone()[0]:
        # the view starts from corrections, so it is empty too; asking it still builds its join
        # over every fact of the warehouse (about 0.9 s at 10,000 documents, in every run)
        return []
    cursor = con.execute("select * from correction_status order by seq")
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, r)) for r in cursor.fetchall()]


def _summarise(con: duckdb.DuckDBPyConnection, path: Path, changed: bool) -> CorrectionsLoad:
    rows = status(con)
    stale = [r for r in rows if r["status"] == "stale"]
    return CorrectionsLoad(str(path), len(rows), len(rows) - len(stale), len(stale), changed, None, stale)


def load_for_run(warehouse: str | Path, corrections: str | Path | None = None) -> CorrectionsLoad:
    """The pipeline hook: load the corrections file into the warehouse (the caller holds the run
    lock). A file that cannot be read or breaks a rule changes nothing and comes back as ``error``."""
    path = resolve_path(warehouse, corrections)
    try:
        found = read_corrections(path)
    except CorrectionsError as exc:
        return CorrectionsLoad(str(path), error=f"{exc} (the corrections loaded before stay in force)")
    try:
        with wh.open_warehouse(warehouse) as con:
            changed = load_corrections(con, found)
            return _summarise(con, path, changed)
    except Exception as exc:  # noqa: BLE001 - the run's loaded data stays; the run reports it failed
        return CorrectionsLoad(str(path), error=f"could not load the corrections in {path}: {type(exc).__name__}: {exc}")


def refresh_after_corrections(con: duckdb.DuckDBPyConnection) -> dict:
    """Recompute what is derived from the facts (matches to the official record, events); the
    rating_checks and event views follow by themselves."""
    from ofsted.events import refresh_events
    from ofsted.official_checks import refresh_matches

    counts = refresh_matches(con)
    counts.update(refresh_events(con))
    return counts


def current_status(warehouse: str | Path, corrections: str | Path | None = None) -> CorrectionsLoad:
    """The status of the corrections as last loaded into the warehouse (read-only), with an error
    when the file on disk is malformed now."""
    path = resolve_path(warehouse, corrections)
    with wh.open_warehouse(warehouse, read_only=True) as con:
        if not _has_corrections(con):
            return CorrectionsLoad(str(path), error="this warehouse predates corrections: run `ofsted run` to migrate it")
        result = _summarise(con, path, False)
    try:
        on_disk = read_corrections(path)
    except CorrectionsError as exc:
        result.error = str(exc)
        return result
    with wh.open_warehouse(warehouse, read_only=True) as con:
        if _digest(on_disk) != _table_digest(con):
            result.error = (f"{path} differs from the corrections loaded in the warehouse; "
                            "`ofsted correct apply` (or the next run) loads it")
    return result


def _has_corrections(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute(
        "select count(*) from information_schema.tables where table_name = 'correction_status'"
    ).fetchone()[0])


# --------------------------------------------------------------------------------------------
# Writing one correction


@dataclass
class Document:
    doc_id: str
    content_sha256: str
    source_path: str
    text: str


def find_document(con: duckdb.DuckDBPyConnection, ref: str) -> Document:
    """A document by doc_id (or a unique prefix), content hash, or one of its source paths."""
    ref = ref.strip()
    rows = con.execute(
        """select doc_id, content_sha256, source_path, text from documents
           where doc_id = ?1 or content_sha256 = lower(?1) or source_path = ?1
              or list_contains(string_split(source_paths, chr(10)), ?1)
              or (length(?1) >= 6 and doc_id like ?1 || '%')""",
        [ref],
    ).fetchall()
    if not rows:
        by_name = con.execute(
            "select doc_id, content_sha256, source_path, text from documents where source_paths like '%' || ?1",
            [ref],
        ).fetchall()
        rows = by_name
    if len(rows) != 1:
        raise CorrectionsError(
            f"no document matches {ref!r}" if not rows else
            f"{ref!r} matches {len(rows)} documents ({', '.join(r[2] for r in rows[:5])}); give the doc_id"
        )
    return Document(*rows[0])


def fact_row(con: duckdb.DuckDBPyConnection, fact_type: str, doc_id: str, key: str, *, raw: bool = False) -> dict | None:
    """The fact (after corrections, or ``raw``) with this key in the document, or None."""
    table = f"keyed_{fact_type}" if raw else fact_type
    cursor = con.execute(f"select * from {table} where doc_id = ? and fact_key = ?", [doc_id, key])
    columns = [c[0] for c in cursor.description]
    row = cursor.fetchone()
    return dict(zip(columns, row)) if row else None


def facts_of(con: duckdb.DuckDBPyConnection, doc_id: str, fact_type: str | None = None) -> list[dict]:
    """Every fact of a document after corrections (dropped ones too, marked), with its key."""
    from ofsted.model import FACT_TYPES

    out = []
    for t in [fact_type] if fact_type else FACT_TYPES:
        cursor = con.execute(
            f"""select k.fact_key, k.start_char, k.end_char, k.rule, v.* exclude (doc_id, fact_key, start_char, end_char, rule),
                       coalesce(ct.dropped, false) as dropped
                from keyed_{t} k
                left join {t} v on v.doc_id = k.doc_id and v.fact_key = k.fact_key
                left join correction_targets ct on ct.fact_type = ? and ct.content_sha256 = k.content_sha256
                                               and ct.fact_key = k.fact_key
                where k.doc_id = ?
                union all by name
                select fact_key, start_char, end_char, rule, * exclude (doc_id, fact_key, start_char, end_char, rule),
                       false as dropped
                from {t} where doc_id = ? and origin = 'added'
                order by start_char nulls last""",
            [t, doc_id, doc_id],
        )
        columns = [c[0] for c in cursor.description]
        out += [{"fact_type": t, **dict(zip(columns, r))} for r in cursor.fetchall()]
    return out


def _reference(con: duckdb.DuckDBPyConnection, la_code: str | None) -> str | None:
    if not la_code:
        return None
    row = con.execute("select council_name from local_authorities where gss_code = ?", [la_code]).fetchone()
    return row[0] if row else None


def complete_add(con: duckdb.DuckDBPyConnection, fact_type: str, fields: dict, doc: Document) -> dict:
    """An added fact's fields with what the warehouse can fill in: the evidence (the selected
    text), a rating's scale (legacy when a grade is adequate) and the authority's name."""
    allowed = SETTABLE[fact_type] + ADD_ONLY[fact_type]
    out = {k: v for k, v in ((k, normalise_value(k, v)) for k, v in fields.items()) if v is not None}
    start, end = out.get("start_char"), out.get("end_char")
    if start is not None and end is not None and 0 <= start < end <= len(doc.text):
        if "evidence" in allowed and not out.get("evidence"):
            out["evidence"] = doc.text[start:end]
        if fact_type == "quotes" and not out.get("text"):
            out["text"] = doc.text[start:end]
    if fact_type == "ratings":
        if not out.get("scale"):
            out["scale"] = rating_scale(out.get("rating"), out.get("previous_rating"))
        out.setdefault("subject", _reference(con, out.get("la_code")))
    if fact_type == "inspections":
        out.setdefault("subject", _reference(con, out.get("la_code")))
    return {k: v for k, v in out.items() if v is not None}


def check_against_warehouse(con: duckdb.DuckDBPyConnection, c: Correction, doc: Document) -> None:
    """Refuse a correction that targets nothing, or whose corrected fact breaks its suite's rules."""
    problems: list[str] = []
    if c.action == "add":
        row = {**c.fields, "doc_id": doc.doc_id, "rule": "correction"}
        problems += check_fact_values(c.fact_type, row, complete=True, doc_length=len(doc.text))
    else:
        raw = fact_row(con, c.fact_type, doc.doc_id, c.key or "", raw=True)
        if raw is None:
            raise CorrectionsError(f"document {doc.source_path} has no {c.fact_type} fact with key {c.key!r}")
        if c.action == "set":
            current = fact_row(con, c.fact_type, doc.doc_id, c.key or "") or raw
            merged = {k: current.get(k) for k in raw if k not in ("content_sha256", "fact_key")}
            merged.update(c.fields)
            problems += check_fact_values(c.fact_type, merged, complete=True, doc_length=len(doc.text))
    if problems:
        raise CorrectionsError(f"correction refused: {'; '.join(dict.fromkeys(problems))}")


def _write_and_apply(warehouse: str | Path, path: Path, corrections: list[Correction]) -> CorrectionsLoad:
    write_corrections(path, corrections)
    with wh.open_warehouse(warehouse) as con:
        changed = load_corrections(con, corrections)
        refresh_after_corrections(con)
        return _summarise(con, path, changed)


def record(warehouse: str | Path, corrections: str | Path | None, *, action: str, fact_type: str, document: str,
           key: str | None = None, fields: dict | None = None, reason: str, author: str,
           lock_timeout: float = 10.0) -> tuple[Correction, CorrectionsLoad]:
    """Check and save one correction, and apply it at once. ``document`` is a doc_id, content hash
    or source path. Raises :class:`CorrectionsError` (nothing written), :class:`WarehouseLocked`, or
    :class:`ofsted.warehouse.WarehouseError` when there is no warehouse."""
    path = resolve_path(warehouse, corrections)
    if not Path(warehouse).exists():
        raise wh.WarehouseError(f"no warehouse at {warehouse}: run `ofsted run` first")
    try:
        with run_lock(warehouse, lock_timeout):
            existing = read_corrections(path)
            with wh.open_warehouse(warehouse) as con:
                doc = find_document(con, document)
                if action == "add":
                    fields = complete_add(con, fact_type, fields or {}, doc)
                c = new_correction(action=action, fact_type=fact_type, document=doc.content_sha256, key=key,
                                   fields=fields, reason=reason, author=author, source_path=doc.source_path)
                check_against_warehouse(con, c, doc)
            return c, _write_and_apply(warehouse, path, [*existing, c])
    except LockTimeout as exc:
        raise WarehouseLocked(
            "a pipeline run is writing to this warehouse (it holds the run lock): the correction was not "
            "saved; try again when the run has finished"
        ) from exc


def undo(warehouse: str | Path, corrections: str | Path | None, correction_id: str, *,
         lock_timeout: float = 10.0) -> tuple[Correction, CorrectionsLoad]:
    """Remove a correction from the file by id and apply the rest."""
    path = resolve_path(warehouse, corrections)
    try:
        with run_lock(warehouse, lock_timeout):
            existing = read_corrections(path)
            gone = [c for c in existing if c.correction_id == correction_id]
            if not gone:
                raise CorrectionsError(f"no correction {correction_id!r} in {path}")
            return gone[0], _write_and_apply(warehouse, path, [c for c in existing if c.correction_id != correction_id])
    except LockTimeout as exc:
        raise WarehouseLocked(
            "a pipeline run is writing to this warehouse (it holds the run lock): nothing was undone; "
            "try again when the run has finished"
        ) from exc


def apply_file(warehouse: str | Path, corrections: str | Path | None = None, *, lock_timeout: float = 10.0) -> CorrectionsLoad:
    """Load the file as it is now (after editing it by hand) and refresh what depends on it."""
    path = resolve_path(warehouse, corrections)
    try:
        with run_lock(warehouse, lock_timeout):
            found = read_corrections(path)
            with wh.open_warehouse(warehouse) as con:
                changed = load_corrections(con, found)
                refresh_after_corrections(con)
                return _summarise(con, path, changed)
    except LockTimeout as exc:
        raise WarehouseLocked("a pipeline run is writing to this warehouse: try again when it has finished") from exc


__all__ = ["CorrectionsLoad", "WarehouseLocked", "load_for_run", "record", "undo", "apply_file", "status",
           "current_status", "find_document", "facts_of", "fact_row", "replace"]
