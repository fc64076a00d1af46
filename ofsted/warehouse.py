"""The DuckDB warehouse: opening it safely, versioned migrations, and transactional loads.

DuckDB allows one writing process, and while it writes no other process can open the file at
all. So every writer opens, writes one transaction, and closes; readers open ``read_only=True``.

Migrations are the numbered ``ofsted/sql/NNNN_*.sql`` files, applied in order and recorded in
``schema_migrations``. A warehouse with a version this code does not know is refused, never
rewritten.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from ofsted.model import FACT_TYPES, Document, frame_schema

SQL_DIR = Path(__file__).parent / "sql"


def raw_table(fact_type: str) -> str:
    """The table the pipeline loads a fact type's extracted rows into (``extracted_ratings``...).

    The contract names (``ratings``...) are views of those rows after analysts' corrections
    (migration 0005); write to the raw table, read the view.
    """
    if fact_type not in FACT_TYPES:
        raise ValueError(f"unknown fact type {fact_type!r}")
    return f"extracted_{fact_type}"

REFERENCE_DIR = Path(__file__).parent / "data" / "reference"
DUCKDB_MAGIC_OFFSET, DUCKDB_MAGIC = 8, b"DUCK"


class WarehouseError(RuntimeError):
    """A warehouse that cannot be used as it is (not DuckDB, wrong schema version, busy)."""


class WarehouseBusy(WarehouseError):
    """Another process holds the warehouse open for writing."""


def migrations() -> list[tuple[int, str, Path]]:
    """The known migrations, ``(version, name, path)``, in order."""
    found = []
    for path in sorted(SQL_DIR.glob("[0-9][0-9][0-9][0-9]_*.sql")):
        version = int(path.name[:4])
        found.append((version, path.stem[5:], path))
    return found


def schema_version() -> int:
    """The schema version this code writes (the last migration)."""
    return migrations()[-1][0]


def check_is_duckdb(path: Path) -> None:
    """Refuse a file that exists but is not a DuckDB database, before DuckDB touches it."""
    if not path.exists():
        return
    if path.is_dir():
        raise WarehouseError(f"{path} is a directory, not a DuckDB warehouse file")
    with path.open("rb") as handle:
        head = handle.read(DUCKDB_MAGIC_OFFSET + len(DUCKDB_MAGIC))
    if path.stat().st_size and head[DUCKDB_MAGIC_OFFSET:] != DUCKDB_MAGIC:
        raise WarehouseError(
            f"{path} is not a DuckDB database (no DuckDB header); refusing to overwrite it. "
            "Point --warehouse at another file or move this one away."
        )


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text or "conflicting" in text or "being used by another process" in text


def connect(path: Path | str, *, read_only: bool = False, wait_seconds: float = 10.0) -> duckdb.DuckDBPyConnection:
    """Open the warehouse, retrying while another process holds it, then failing clearly."""
    path = Path(path)
    check_is_duckdb(path)
    if read_only and not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `ofsted run` first")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise WarehouseError(f"cannot open {path} as a DuckDB warehouse: {exc}") from exc
            if time.monotonic() >= deadline:
                raise WarehouseBusy(
                    f"the warehouse {path} is busy: another process is writing to it. "
                    f"Waited {wait_seconds:.0f} s; try again when the run has finished."
                ) from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
        except duckdb.Error as exc:
            raise WarehouseError(f"cannot open {path} as a DuckDB warehouse: {exc}") from exc


@contextmanager
def open_warehouse(path: Path | str, *, read_only: bool = False, wait_seconds: float = 10.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """Context manager around :func:`connect` that always closes."""
    con = connect(path, read_only=read_only, wait_seconds=wait_seconds)
    try:
        yield con
    finally:
        con.close()


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version recorded in the warehouse (0 for an empty database)."""
    has = con.execute(
        "select count(*) from information_schema.tables where table_name = 'schema_migrations'"
    ).fetchone()[0]
    if not has:
        user_tables = con.execute(
            "select count(*) from information_schema.tables where table_schema = 'main'"
        ).fetchone()[0]
        if user_tables:
            raise WarehouseError(
                "this DuckDB file holds tables but no schema_migrations record: it is not an "
                "ofsted warehouse (or predates versioning); refusing to change it"
            )
        return 0
    return con.execute("select coalesce(max(version), 0) from schema_migrations").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply the migrations the warehouse lacks, each in its own transaction; return them."""
    version = current_version(con)
    known = migrations()
    if version > known[-1][0]:
        raise WarehouseError(
            f"the warehouse has schema version {version}, newer than this code knows "
            f"({known[-1][0]}); upgrade the project instead of writing to it"
        )
    # Migration numbers are reserved per branch and land in any order, so a warehouse may hold
    # 0006 but not yet 0004: apply every known migration it has not recorded, in number order.
    recorded = {r[0] for r in con.execute("select version from schema_migrations").fetchall()} if version else set()
    applied = []
    for number, name, path in known:
        if number in recorded:
            continue
        con.execute("begin transaction")
        try:
            con.execute(
                "create table if not exists schema_migrations ("
                "version integer primary key, name varchar not null, applied_at timestamp not null)"
            )
            con.execute(path.read_text())
            con.execute(
                "insert into schema_migrations values (?, ?, ?)", [number, name, _now()]
            )
            if number == 1:
                con.execute(
                    "comment on table schema_migrations is 'Schema migrations applied to this warehouse, in order.'"
                )
                for column, text in {
                    "version": "Migration number (ofsted/sql/NNNN_name.sql).",
                    "name": "Migration name.",
                    "applied_at": "When it was applied (UTC).",
                }.items():
                    con.execute(f"comment on column schema_migrations.{column} is '{text}'")
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        applied.append(number)
    if applied or _reference_missing(con):
        load_reference(con)
    return applied


def _reference_missing(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute("select count(*) from local_authorities").fetchone()[0] == 0


def _read_csv(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_reference(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)load the reference vocabularies shipped in ``ofsted/data/reference``.

    Each table is written in one set-based insert (``executemany`` is row by row in DuckDB:
    about a third of a second for these 180 rows, paid by every new warehouse).
    """
    scales = [{"scale": r["scale"], "label": r["label"], "rank": int(r["rank"]), "wording": r["wording"]}
              for r in _read_csv("scales.csv")]
    areas = [{c: r[c] for c in ("area", "frameworks", "official_names")} for r in _read_csv("areas.csv")]
    columns = [
        "gss_code", "former_gss_codes", "dfe_la_code", "name", "ofsted_name", "council_name",
        "aliases", "la_type", "ons_region", "ofsted_region", "ofsted_urn", "web_domain", "gss_in_use_from",
    ]
    authorities = [{c: r[c] or None for c in columns} for r in _read_csv("local_authorities.csv")]
    tables = {
        "rating_scales": pl.DataFrame(scales, schema={"scale": pl.Utf8, "label": pl.Utf8, "rank": pl.Int32,
                                                      "wording": pl.Utf8}),
        "judgement_areas": pl.DataFrame(areas, schema=dict.fromkeys(("area", "frameworks", "official_names"), pl.Utf8)),
        "local_authorities": pl.DataFrame(authorities, schema=dict.fromkeys(columns, pl.Utf8)),
    }
    con.execute("begin transaction")
    try:
        for table, frame in tables.items():
            con.execute(f"delete from {table}")
            _insert(con, table, frame)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


# --------------------------------------------------------------------------------------------
# Runs


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, source: str, flow_run_id: str | None) -> None:
    """Record a run as started. Called under the run lock, so any run still marked running
    is dead (killed or crashed): mark it so."""
    con.execute(
        "update pipeline_runs set status = 'crashed', message = 'the run ended without finishing "
        "(killed or crashed); its committed batches stay loaded' where status = 'running'"
    )
    con.execute(
        "insert into pipeline_runs (run_id, flow_run_id, source, started_at, status) values (?, ?, ?, ?, 'running')",
        [run_id, flow_run_id, source, _now()],
    )


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, summary: dict) -> None:
    con.execute(
        """update pipeline_runs set finished_at = ?, status = ?, n_discovered = ?, n_new = ?,
           n_changed = ?, n_unchanged = ?, n_rejected = ?, facts = ?, expectations_passed = ?,
           expectations_failed = ?, rows_loaded = ?, rows_rejected = ?, message = ?, n_excluded = ?,
           n_reextracted = ?
           where run_id = ?""",
        [
            _now(),
            summary["status"],
            summary.get("n_discovered", 0),
            summary.get("n_new", 0),
            summary.get("n_changed", 0),
            summary.get("n_unchanged", 0),
            summary.get("n_rejected", 0),
            json.dumps(summary.get("facts", {})),
            summary.get("expectations_passed", 0),
            summary.get("expectations_failed", 0),
            summary.get("rows_loaded", 0),
            summary.get("rows_rejected", 0),
            summary.get("message"),
            summary.get("n_excluded", 0),
            summary.get("n_reextracted", 0),
            run_id,
        ],
    )


# --------------------------------------------------------------------------------------------
# Loading


@dataclass
class LoadResult:
    """What one batch load did."""

    n_new: int = 0
    n_changed: int = 0
    n_unchanged: int = 0
    n_reextracted: int = 0
    rows_loaded: int = 0


def stale_documents(con: duckdb.DuckDBPyConnection, version: str | None) -> list[str]:
    """Documents whose facts another extraction version produced (every document when
    ``version`` is None), in ``source_path`` order."""
    if version is None:
        rows = con.execute("select doc_id from documents order by source_path, doc_id").fetchall()
    else:
        rows = con.execute(
            "select doc_id from documents where extraction_version is distinct from ? order by source_path, doc_id",
            [version],
        ).fetchall()
    return [r[0] for r in rows]


def stored_documents(con: duckdb.DuckDBPyConnection, doc_ids: Iterable[str]) -> list[Document]:
    """The documents as the warehouse holds them (text and metadata), in the order asked.

    The byline span is found again in the stored text (it is not stored), so a re-extraction
    sees the same ``author_span`` the first extraction saw.
    """
    from ofsted.ingest.byline import find_byline

    ids = list(doc_ids)
    if not ids:
        return []
    rows = con.execute(
        """select doc_id, source_path, source_paths, text, content_sha256, published_date, title, publisher, url,
                  encoding, source_format, author
           from documents where doc_id in (select unnest(?))""",
        [ids],
    ).fetchall()
    by_id = {}
    for doc_id, path, paths, text, sha, published, title, publisher, url, encoding, fmt, author in rows:
        byline = find_byline(text)
        by_id[doc_id] = Document(
            doc_id=doc_id, source_path=path, text=text, content_sha256=sha, published_date=published, title=title,
            publisher=publisher, url=url, encoding=encoding or "utf-8", source_format=fmt or "txt",
            extra_paths=tuple(p for p in paths.split("\n") if p != path),
            author=author or (byline.author if byline else None),
            author_span=(byline.start, byline.end) if byline else None,
        )
    return [by_id[i] for i in ids if i in by_id]


#: A recorded modification time is trusted only when it was this long before the path was
#: recorded: a file written again within the same clock tick as it was read keeps its time.
STAT_MARGIN_NS = 2_000_000_000


def unchanged_files(con: duckdb.DuckDBPyConnection, files: Iterable[tuple[str, int, int]]) -> dict[str, str]:
    """Of ``(source_path, size_bytes, mtime_ns)`` triples, the paths whose file has the size and
    modification time recorded when it was last read: ``source_path -> doc_id``."""
    frame = pl.DataFrame(list(files), schema={"source_path": pl.Utf8, "size_bytes": pl.Int64, "mtime_ns": pl.Int64},
                         orient="row")
    if frame.is_empty():
        return {}
    con.register("_files_in", frame.to_arrow())
    try:
        rows = con.execute(
            f"""select p.source_path, p.doc_id from document_paths p join _files_in f using (source_path)
                where p.size_bytes = f.size_bytes and p.mtime_ns = f.mtime_ns
                  and p.mtime_ns < epoch_ns(p.seen_at) - {STAT_MARGIN_NS}"""
        ).fetchall()
    finally:
        con.unregister("_files_in")
    return dict(rows)


def known_documents(con: duckdb.DuckDBPyConnection, doc_ids: Iterable[str]) -> dict[str, str]:
    """For the given ids already in the warehouse: ``doc_id -> source_paths``."""
    ids = list(doc_ids)
    if not ids:
        return {}
    rows = con.execute(
        "select doc_id, source_paths from documents where doc_id in (select unnest(?))", [ids]
    ).fetchall()
    return dict(rows)


def _paths_of(doc: Document) -> list[str]:
    return [doc.source_path, *doc.extra_paths]


def rejected_row(run_id: str, *, stage: str, reason: str, source_path: str | None = None,
                 doc_id: str | None = None, fact_type: str | None = None, detail: str | None = None,
                 row: dict | None = None) -> dict:
    """One row for the ``rejected`` table."""
    return {
        "run_id": run_id,
        "rejected_at": _now(),
        "source_path": source_path,
        "doc_id": doc_id,
        "stage": stage,
        "fact_type": fact_type,
        "reason": reason,
        "detail": detail,
        "row_json": json.dumps(row, default=str) if row is not None else None,
    }


REJECTED_SCHEMA = {
    "run_id": pl.Utf8, "rejected_at": pl.Datetime("us"), "source_path": pl.Utf8, "doc_id": pl.Utf8,
    "stage": pl.Utf8, "fact_type": pl.Utf8, "reason": pl.Utf8, "detail": pl.Utf8, "row_json": pl.Utf8,
}


def write_rejected(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
    """Append rows to ``rejected`` (inside the caller's transaction, if any)."""
    if rows:
        frame = pl.DataFrame(rows, schema=REJECTED_SCHEMA)
        con.register("_rejected_in", frame.to_arrow())
        con.execute("insert into rejected by name select * from _rejected_in")
        con.unregister("_rejected_in")


def documents_frame(
    docs: list[Document], run_id: str, paths: dict[str, list[str]], extraction_version: str | None = None
) -> pl.DataFrame:
    """The ``documents`` rows for a batch, ``paths`` giving every name of each document."""
    now = _now()
    return pl.DataFrame(
        [
            {
                "doc_id": d.doc_id,
                "source_path": d.source_path,
                "source_paths": "\n".join(paths[d.doc_id]),
                "title": d.title,
                "published_date": d.published_date,
                "publisher": d.publisher,
                "url": d.url,
                "content_sha256": d.content_sha256,
                "n_chars": len(d.text),
                "text": d.text,
                "encoding": d.encoding,
                "source_format": d.source_format,
                "ingested_at": now,
                "run_id": run_id,
                "extraction_version": extraction_version,
                "author": d.author,
            }
            for d in docs
        ],
        schema={
            "doc_id": pl.Utf8, "source_path": pl.Utf8, "source_paths": pl.Utf8, "title": pl.Utf8,
            "published_date": pl.Date, "publisher": pl.Utf8, "url": pl.Utf8, "content_sha256": pl.Utf8,
            "n_chars": pl.Int64, "text": pl.Utf8, "encoding": pl.Utf8, "source_format": pl.Utf8,
            "ingested_at": pl.Datetime("us"), "run_id": pl.Utf8, "extraction_version": pl.Utf8, "author": pl.Utf8,
        },
    )


def load_batch(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    docs: list[Document],
    facts: dict[str, pl.DataFrame],
    rejected: list[dict],
    *,
    reextracted: list[Document] = (),
    extraction_version: str | None = None,
    file_stats: dict[str, tuple[int, int]] | None = None,
    pause_hook=None,
) -> LoadResult:
    """Load one batch in ONE transaction: all of it or, on any error, none of it.

    New documents are inserted with their facts; a path that now holds other content moves to
    the new document, and a document left with no path is deleted with its facts. Documents
    already present (same content) only gain the new path names. Nothing is deleted because a
    file is absent from this run's folder. ``reextracted`` documents (already present) have
    their fact rows replaced by those in ``facts``, and their ``extraction_version`` and
    metadata set from the documents given. New and re-extracted documents record
    ``extraction_version``. ``file_stats`` (``source_path -> (size_bytes, mtime_ns)``) is
    recorded with each path, so that a later run can skip a file that did not change.
    """
    result = LoadResult()
    con.execute("begin transaction")
    try:
        if reextracted:
            result.n_reextracted, result.rows_loaded = _replace_facts(con, run_id, reextracted, facts, extraction_version)
        known = known_documents(con, [d.doc_id for d in docs])
        new_docs = [d for d in docs if d.doc_id not in known]
        new_ids = {d.doc_id for d in new_docs}
        # every path of the batch, and which document it held before
        all_paths = [(p, d.doc_id) for d in docs for p in _paths_of(d)]
        before = dict(
            con.execute(
                "select source_path, doc_id from document_paths where source_path in (select unnest(?))",
                [[p for p, _ in all_paths]],
            ).fetchall()
        )
        now = _now()
        touched_old: set[str] = set()
        for path, doc_id in all_paths:
            old = before.get(path)
            if old is not None and old != doc_id:
                touched_old.add(old)
        changed_ids = {
            d.doc_id for d in new_docs if any(before.get(p) not in (None, d.doc_id) for p in _paths_of(d))
        }
        result.n_changed = len(changed_ids)
        result.n_new = len(new_docs) - len(changed_ids)
        redone = {d.doc_id for d in reextracted} & set(known)
        result.n_unchanged = len(docs) - len(new_docs) - sum(d.doc_id in redone for d in docs)
        if all_paths:
            # one set-based upsert (executemany is row by row in DuckDB: ~1 s per 1,000 paths);
            # a path named twice keeps its last document, as row-by-row inserts did
            latest = dict(all_paths)
            _upsert_paths(con, latest, now, file_stats or {})
        # documents that lost their last path are replaced: delete them with their facts
        if touched_old:
            orphans = [
                r[0]
                for r in con.execute(
                    "select d.doc_id from documents d where d.doc_id in (select unnest(?)) "
                    "and not exists (select 1 from document_paths p where p.doc_id = d.doc_id)",
                    [sorted(touched_old)],
                ).fetchall()
            ]
            if orphans:
                delete_documents(con, orphans)
        # paths of every affected document, recomputed from document_paths
        affected = sorted({doc_id for _, doc_id in all_paths} | touched_old)
        path_rows = con.execute(
            "select doc_id, string_agg(source_path, '\n' order by source_path) from document_paths "
            "where doc_id in (select unnest(?)) group by doc_id",
            [affected],
        ).fetchall()
        paths = {doc_id: joined.split("\n") for doc_id, joined in path_rows}
        current = dict(known)
        others = sorted((touched_old & set(paths)) - set(known))
        if others:
            current.update(known_documents(con, others))
        # only documents whose list of names changed are rewritten, in one statement
        updates = {
            doc_id: "\n".join(paths[doc_id])
            for doc_id in sorted(set(current) & set(paths))
            if "\n".join(paths[doc_id]) != current[doc_id]
        }
        if updates:
            _update_source_paths(con, updates)
        if new_docs:
            for d in new_docs:  # a new doc's first name sorts first among its paths
                paths[d.doc_id] = sorted(set(paths.get(d.doc_id, [])) | set(_paths_of(d)))
            frame = documents_frame(new_docs, run_id, paths, extraction_version)
            _insert(con, "documents", frame)
            result.rows_loaded += frame.height
            for fact_type in FACT_TYPES:
                if pause_hook:  # tests and the crash drill stop here mid-transaction
                    pause_hook(fact_type)
                frame = facts.get(fact_type)
                if frame is None or frame.is_empty():
                    continue
                frame = frame.filter(pl.col("doc_id").is_in(list(new_ids))).select(list(frame_schema(fact_type)))
                _insert(con, raw_table(fact_type), frame)
                result.rows_loaded += frame.height
        write_rejected(con, rejected)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return result


def _replace_facts(
    con: duckdb.DuckDBPyConnection, run_id: str, docs: list[Document], facts: dict[str, pl.DataFrame],
    version: str | None,
) -> tuple[int, int]:
    """Replace the fact rows of documents already loaded (inside the caller's transaction), and
    record the run that did it in ``documents.run_id`` (the run whose facts they now carry);
    returns (documents re-extracted, fact rows written). Documents no longer present are skipped."""
    present = set(known_documents(con, [d.doc_id for d in docs]))
    docs = [d for d in docs if d.doc_id in present]
    if not docs:
        return 0, 0
    ids = [d.doc_id for d in docs]
    for fact_type in FACT_TYPES:
        con.execute(f"delete from {raw_table(fact_type)} where doc_id in (select unnest(?))", [ids])
    meta = pl.DataFrame(
        {
            "doc_id": ids,
            "title": [d.title for d in docs],
            "published_date": [d.published_date for d in docs],
            "publisher": [d.publisher for d in docs],
            "url": [d.url for d in docs],
            "author": [d.author for d in docs],
            "extraction_version": [version] * len(docs),
            "run_id": [run_id] * len(docs),
        },
        schema={"doc_id": pl.Utf8, "title": pl.Utf8, "published_date": pl.Date, "publisher": pl.Utf8,
                "url": pl.Utf8, "author": pl.Utf8, "extraction_version": pl.Utf8, "run_id": pl.Utf8},
    )
    con.register("_reextracted_in", meta.to_arrow())
    try:
        con.execute(
            """update documents set title = r.title, published_date = r.published_date, publisher = r.publisher,
                      url = r.url, author = r.author, extraction_version = r.extraction_version, run_id = r.run_id
               from _reextracted_in r where documents.doc_id = r.doc_id"""
        )
    finally:
        con.unregister("_reextracted_in")
    rows = 0
    for fact_type in FACT_TYPES:
        frame = facts.get(fact_type)
        if frame is None or frame.is_empty():
            continue
        frame = frame.filter(pl.col("doc_id").is_in(ids)).select(list(frame_schema(fact_type)))
        _insert(con, raw_table(fact_type), frame)
        rows += frame.height
    return len(docs), rows


def _upsert_paths(con: duckdb.DuckDBPyConnection, latest: dict[str, str], now: dt.datetime,
                  stats: dict[str, tuple[int, int]]) -> None:
    none = (None, None)
    frame = pl.DataFrame(
        {"source_path": list(latest), "doc_id": list(latest.values()), "seen_at": [now] * len(latest),
         "size_bytes": [stats.get(p, none)[0] for p in latest], "mtime_ns": [stats.get(p, none)[1] for p in latest]},
        schema={"source_path": pl.Utf8, "doc_id": pl.Utf8, "seen_at": pl.Datetime("us"), "size_bytes": pl.Int64,
                "mtime_ns": pl.Int64},
    )
    con.register("_paths_in", frame.to_arrow())
    try:
        con.execute(
            "insert or replace into document_paths (source_path, doc_id, seen_at, size_bytes, mtime_ns) "
            "select source_path, doc_id, seen_at, size_bytes, mtime_ns from _paths_in"
        )
    finally:
        con.unregister("_paths_in")


def _update_source_paths(con: duckdb.DuckDBPyConnection, updates: dict[str, str]) -> None:
    frame = pl.DataFrame(
        {"doc_id": list(updates), "source_paths": list(updates.values())},
        schema={"doc_id": pl.Utf8, "source_paths": pl.Utf8},
    )
    con.register("_names_in", frame.to_arrow())
    try:
        con.execute(
            "update documents set source_paths = n.source_paths from _names_in n where documents.doc_id = n.doc_id"
        )
    finally:
        con.unregister("_names_in")


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    if frame.is_empty():
        return
    con.register("_batch_in", frame.to_arrow())
    try:
        con.execute(f"insert into {table} by name select * from _batch_in")
    finally:
        con.unregister("_batch_in")


def delete_documents(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> None:
    """Delete documents and every fact row they carry (inside the caller's transaction)."""
    for table in (*map(raw_table, FACT_TYPES), "documents"):
        con.execute(f"delete from {table} where doc_id in (select unnest(?))", [doc_ids])


# --------------------------------------------------------------------------------------------
# Read-only queries for people

_FORBIDDEN = re.compile(
    r"\b(insert|update|delete|create|drop|alter|attach|detach|copy|export|import|install|load|"
    r"pragma|set|reset|call|checkpoint|vacuum|use|begin|commit|rollback|grant|truncate)\b"
    r"|\b(read_csv\w*|read_parquet|read_json\w*|read_text|read_blob|parquet_scan|csv_scan|"
    r"json_scan|glob|sniff_csv|read_xlsx|st_read|httpfs|query_table)\s*\(",
    re.IGNORECASE,
)
_STRINGS_AND_COMMENTS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|/\*.*?\*/", re.DOTALL)


class QueryRefused(WarehouseError):
    """A query ``ofsted query`` will not run (it writes, attaches, or reaches outside the warehouse)."""


def check_query(sql: str) -> None:
    """Refuse anything but reading the warehouse's own tables.

    >>> check_query("select count(*) from ratings")
    >>> check_query("copy ratings to '/tmp/x.csv'")
    Traceback (most recent call last):
    ...
    ofsted.warehouse.QueryRefused: refused: `ofsted query` only reads the warehouse; COPY is not allowed
    """
    code = _STRINGS_AND_COMMENTS.sub(" ", sql)
    match = _FORBIDDEN.search(code)
    if match:
        word = (match.group(1) or match.group(2)).upper()
        raise QueryRefused(f"refused: `ofsted query` only reads the warehouse; {word} is not allowed")
    # a string literal used as a table (select * from 'file.csv') reads a file
    if re.search(r"\b(from|join)\s*'", sql, re.IGNORECASE):
        raise QueryRefused("refused: `ofsted query` only reads the warehouse's tables, not files")


def run_query(path: Path | str, sql: str, *, wait_seconds: float = 5.0) -> tuple[list[str], list[tuple]]:
    """Run a read-only query; returns column names and rows."""
    check_query(sql)
    with open_warehouse(path, read_only=True, wait_seconds=wait_seconds) as con:
        # no files outside the warehouse, no extensions, even if a query slipped past the check
        con.execute("set enable_external_access = false")
        con.execute("set lock_configuration = true")
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description] if cursor.description else []
        return columns, cursor.fetchall()
