"""Corrections: analysts' fixes to extracted facts, kept in a plain CSV file outside the warehouse.

The file (default ``corrections.csv`` beside the warehouse file) has one row per correction, so a
warehouse rebuilt from scratch gets the same corrections and a team can keep the file under
version control. Columns (:data:`FILE_COLUMNS`):

``correction_id``  a short unique id (``c`` and 10 hex digits); ``ofsted correct undo ID`` removes it
``created_at``     when (UTC, ISO 8601)
``author``         who
``action``         ``confirm`` (the fact is right), ``set`` (fields to change), ``drop`` (the fact is
                   wrong and leaves the contract views) or ``add`` (a fact the rules missed)
``fact_type``      organisations, people, inspections, ratings or quotes
``document``       SHA-256 of the document's normalised text (``documents.content_sha256``)
``key``            the fact's natural key within that document (empty for ``add``): a rating
                   ``la_code|area``; an inspection ``la_code|visit_type|date[|#ordinal]``; a person or an
                   organisation its name; a quote ``start_char|its first eight words``. The warehouse
                   computes it (``fact_key`` in the contract views), so it survives re-extraction.
``fields``         a JSON object: for ``set`` the fields and their new values, for ``add`` the fact
``reason``         why (required)
``source_path``    the document's path when the correction was made (a hint for people; not used)

Only the fields in :data:`SETTABLE` (and, for ``add``, :data:`ADD_ONLY`) are accepted, with values
checked by the expectation suites' own rules (:mod:`ofsted.fact_rules`). A file that breaks any
rule is refused whole with every problem and its line, and nothing changes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import tempfile
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ofsted.model import FACT_TYPES

#: The default file name, beside the warehouse file (ofsted/outputs.py names it for discovery).
DEFAULT_NAME = "corrections.csv"
FILE_COLUMNS = ("correction_id", "created_at", "author", "action", "fact_type", "document", "key",
                "fields", "reason", "source_path")
ACTIONS = ("confirm", "set", "drop", "add")

#: The fields a ``set`` (or an ``add``) may give, per fact type. Ids, spans, rules and derived
#: columns (``rating_rank``; ``change`` when both grades are known) are not among them.
SETTABLE: dict[str, tuple[str, ...]] = {
    "organisations": ("name", "org_type", "la_code"),
    "people": ("name", "role", "organisation"),
    "inspections": ("la_code", "subject", "visit_type", "framework", "date_text", "year", "month",
                    "start_date", "end_date", "ordinal", "theme", "progress", "lead_inspector"),
    "ratings": ("la_code", "subject", "area", "scale", "rating", "previous_rating", "change"),
    "quotes": ("speaker", "speaker_role", "speaker_organisation", "text"),
}
#: Fields only an ``add`` gives: the span the analyst selected and the text it covers.
ADD_ONLY: dict[str, tuple[str, ...]] = {
    "organisations": ("start_char", "end_char"),
    "people": ("start_char", "end_char"),
    "inspections": ("evidence", "start_char", "end_char"),
    "ratings": ("area_text", "evidence", "start_char", "end_char"),
    "quotes": ("start_char", "end_char"),
}
#: What an added fact must give.
REQUIRED_FOR_ADD: dict[str, tuple[str, ...]] = {
    "organisations": ("name", "org_type"),
    "people": ("name",),
    "inspections": ("la_code", "visit_type"),
    "ratings": ("la_code", "area"),
    "quotes": ("speaker", "text"),
}
INT_FIELDS = frozenset({"year", "month", "ordinal", "start_char", "end_char"})
DATE_FIELDS = frozenset({"start_date", "end_date"})
_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
_SHA = re.compile(r"^[0-9a-f]{64}$")


class CorrectionsError(ValueError):
    """A corrections file or a correction that breaks the rules; nothing was changed."""


@dataclass(frozen=True)
class Correction:
    """One row of the corrections file."""

    correction_id: str
    created_at: str
    author: str
    action: str
    fact_type: str
    document: str
    key: str | None
    fields: dict = field(default_factory=dict)
    reason: str = ""
    source_path: str | None = None
    #: line of the file it was read from (0 when new); for messages only, never written
    line: int = 0

    def row(self) -> dict[str, str]:
        """The CSV row."""
        return {
            "correction_id": self.correction_id,
            "created_at": self.created_at,
            "author": self.author,
            "action": self.action,
            "fact_type": self.fact_type,
            "document": self.document,
            "key": self.key or "",
            "fields": json.dumps(self.fields, ensure_ascii=False, sort_keys=True) if self.fields else "",
            "reason": self.reason,
            "source_path": self.source_path or "",
        }

    @property
    def target(self) -> tuple[str, str, str | None]:
        return (self.fact_type, self.document, self.key)

    def describe(self) -> str:
        what = self.key if self.action != "add" else json.dumps(self.fields, ensure_ascii=False, sort_keys=True)
        change = f" {json.dumps(self.fields, ensure_ascii=False, sort_keys=True)}" if self.action == "set" else ""
        return f"{self.correction_id} {self.action} {self.fact_type} {what}{change} ({self.author}: {self.reason})"


@dataclass
class Target:
    """What all the corrections of one extracted fact add up to (loaded as ``correction_targets``)."""

    fact_type: str
    document: str
    key: str
    fields: dict = field(default_factory=dict)
    corrected: bool = False
    dropped: bool = False
    reviewed: bool = False
    correction_id: str = ""
    correction_ids: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Paths


def default_path(warehouse: str | os.PathLike) -> Path:
    """``corrections.csv`` in the warehouse file's folder."""
    return Path(warehouse).parent / DEFAULT_NAME


def resolve_path(warehouse: str | os.PathLike, corrections: str | os.PathLike | None = None) -> Path:
    """The corrections file to use: the one given, else the default beside the warehouse."""
    return Path(corrections) if corrections else default_path(warehouse)


# --------------------------------------------------------------------------------------------
# Checking


def _now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_time(text: str) -> dt.datetime:
    """A correction's ``created_at`` as naive UTC (a time without an offset is taken as UTC)."""
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.timezone.utc).replace(tzinfo=None)


def new_id() -> str:
    return "c" + uuid.uuid4().hex[:10]


def normalise_value(name: str, value):
    """A field value in its stored form (ints for counts and offsets, ISO text for dates, None for
    an empty string); raises :class:`CorrectionsError` for a value of the wrong kind."""
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return None
    if value is None:
        return None
    if name in INT_FIELDS:
        if isinstance(value, bool):
            raise CorrectionsError(f"{name} must be a whole number, not {value!r}")
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise CorrectionsError(f"{name} must be a whole number, not {value!r}") from None
        if isinstance(value, float) and value != number:
            raise CorrectionsError(f"{name} must be a whole number, not {value!r}")
        return number
    if name in DATE_FIELDS:
        try:
            return dt.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise CorrectionsError(f"{name} must be a date YYYY-MM-DD, not {value!r}") from None
    if not isinstance(value, str):
        raise CorrectionsError(f"{name} must be text, not {value!r}")
    return value


def allowed_fields(fact_type: str, action: str) -> tuple[str, ...]:
    if action == "set":
        return SETTABLE[fact_type]
    if action == "add":
        return SETTABLE[fact_type] + ADD_ONLY[fact_type]
    return ()


def check_correction(c: Correction) -> list[str]:
    """Every rule the correction breaks (empty when it is fine). Values are checked against the
    expectation suites' value sets and ranges; whether the target exists is the warehouse's to say
    (a correction whose target is gone is kept as stale)."""
    from ofsted.fact_rules import check_fact_values

    problems = []
    if not _ID.match(c.correction_id or ""):
        problems.append(f"correction_id {c.correction_id!r} must be 1-40 letters, digits, - or _")
    try:
        dt.datetime.fromisoformat((c.created_at or "").replace("Z", "+00:00"))
    except ValueError:
        problems.append(f"created_at {c.created_at!r} is not an ISO 8601 time (e.g. 2025-01-31T09:30:00Z)")
    if not (c.author or "").strip():
        problems.append("author is missing: say who made the correction")
    if not (c.reason or "").strip():
        problems.append("reason is missing: every correction needs a reason")
    if c.action not in ACTIONS:
        problems.append(f"action {c.action!r} is not one of {', '.join(ACTIONS)}")
        return problems
    if c.fact_type not in FACT_TYPES:
        problems.append(f"fact_type {c.fact_type!r} is not one of {', '.join(FACT_TYPES)}")
        return problems
    if not _SHA.match(c.document or ""):
        problems.append(f"document {c.document!r} must be the document's content_sha256 (64 hex digits)")
    if c.action == "add":
        if c.key:
            problems.append("an add has no key (the warehouse computes the new fact's key from its fields)")
    elif not (c.key or "").strip():
        problems.append(f"a {c.action} needs the key of the fact it targets")
    if c.action in ("confirm", "drop") and c.fields:
        problems.append(f"a {c.action} sets no fields")
    if c.action == "set" and not c.fields:
        problems.append("a set needs at least one field to set")
    allowed = allowed_fields(c.fact_type, c.action)
    values = {}
    for name, value in (c.fields or {}).items():
        if name not in allowed:
            problems.append(f"{c.fact_type} field {name!r} cannot be {'set' if c.action == 'set' else 'given'}"
                            f"; allowed: {', '.join(allowed)}")
            continue
        try:
            values[name] = normalise_value(name, value)
        except CorrectionsError as exc:
            problems.append(str(exc))
    if c.action == "add":
        missing = [n for n in REQUIRED_FOR_ADD[c.fact_type] if values.get(n) is None]
        if missing:
            problems.append(f"an added {c.fact_type} fact needs {', '.join(missing)}")
        if (values.get("start_char") is None) != (values.get("end_char") is None):
            problems.append("give both start_char and end_char of the selected span, or neither")
        if c.fact_type == "ratings" and not any(values.get(n) for n in ("rating", "previous_rating", "change")):
            problems.append("an added rating needs a rating, a previous_rating or a change")
    if c.action in ("set", "add") and values:
        problems += check_fact_values(c.fact_type, values, complete=False)
    return problems


def validated(c: Correction) -> Correction:
    """The correction with normalised field values, or :class:`CorrectionsError` naming every problem."""
    problems = check_correction(c)
    if problems:
        where = f"line {c.line}: " if c.line else ""
        raise CorrectionsError(f"{where}correction {c.correction_id or '(no id)'}: " + "; ".join(problems))
    return replace(c, fields={k: normalise_value(k, v) for k, v in (c.fields or {}).items()})


# --------------------------------------------------------------------------------------------
# The file


def parse_corrections(text: str, source: str = "corrections") -> list[Correction]:
    """Corrections from CSV text, all checked; :class:`CorrectionsError` lists every problem."""
    if not text.strip():
        return []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    if [h.strip() for h in header] != list(FILE_COLUMNS):
        raise CorrectionsError(
            f"{source}: malformed corrections file: the header must be {','.join(FILE_COLUMNS)} "
            f"(found {','.join(header) or 'nothing'})"
        )
    problems: list[str] = []
    found: list[Correction] = []
    seen: dict[str, int] = {}
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise CorrectionsError(f"{source}: malformed corrections file: line {reader.line_num}: {exc}") from exc
    for line, row in rows:
        if None in row or any(v is None for v in row.values()):
            problems.append(f"line {line}: malformed row: expected {len(FILE_COLUMNS)} columns")
            continue
        if not any((v or "").strip() for v in row.values()):
            continue
        raw_fields = (row["fields"] or "").strip()
        try:
            fields = json.loads(raw_fields) if raw_fields else {}
        except json.JSONDecodeError as exc:
            problems.append(f"line {line}: fields is not a JSON object: {exc.msg} ({raw_fields[:60]!r})")
            continue
        if not isinstance(fields, dict):
            problems.append(f"line {line}: fields must be a JSON object like {{\"rating\": \"good\"}}")
            continue
        c = Correction(
            correction_id=row["correction_id"].strip(), created_at=row["created_at"].strip(),
            author=row["author"].strip(), action=row["action"].strip(), fact_type=row["fact_type"].strip(),
            document=row["document"].strip().lower(), key=row["key"].strip() or None, fields=fields,
            reason=row["reason"].strip(), source_path=row["source_path"].strip() or None, line=line,
        )
        try:
            c = validated(c)
        except CorrectionsError as exc:
            problems.append(str(exc))
            continue
        if c.correction_id in seen:
            problems.append(f"line {line}: correction id {c.correction_id} is also on line {seen[c.correction_id]}")
            continue
        seen[c.correction_id] = line
        found.append(c)
    if problems:
        shown = problems[:10] + ([f"... and {len(problems) - 10} more"] if len(problems) > 10 else [])
        raise CorrectionsError(f"{source}: {len(problems)} bad correction(s), nothing applied:\n  " + "\n  ".join(shown))
    return found


def read_corrections(path: str | os.PathLike) -> list[Correction]:
    """The corrections in ``path`` (none when the file does not exist), all checked."""
    path = Path(path)
    if not path.exists():
        return []
    if path.is_dir():
        raise CorrectionsError(f"{path} is a folder, not a corrections file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorrectionsError(f"{path}: malformed corrections file: not UTF-8 text ({exc.reason})") from exc
    return parse_corrections(text, str(path))


def corrections_csv(corrections: Iterable[Correction]) -> str:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(FILE_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for c in corrections:
        writer.writerow(c.row())
    return out.getvalue()


def write_corrections(path: str | os.PathLike, corrections: Iterable[Correction]) -> None:
    """Write the whole file atomically: a temporary file in the same folder, flushed to disk, then
    renamed over the old one, so a crash leaves either the old file or the new one, whole."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = corrections_csv(corrections)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def new_correction(*, action: str, fact_type: str, document: str, key: str | None = None,
                   fields: dict | None = None, reason: str, author: str, source_path: str | None = None) -> Correction:
    """A new, checked correction with a fresh id and the current time."""
    return validated(Correction(
        correction_id=new_id(), created_at=_now_iso(), author=(author or "").strip(), action=action,
        fact_type=fact_type, document=(document or "").lower(), key=key or None, fields=dict(fields or {}),
        reason=(reason or "").strip(), source_path=source_path,
    ))


def default_author() -> str:
    """``OFSTED_AUTHOR``, else the login name."""
    import getpass

    try:
        return os.environ.get("OFSTED_AUTHOR") or getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (a container without a passwd entry)
        return "unknown"


# --------------------------------------------------------------------------------------------
# What the corrections add up to


def fold(corrections: Iterable[Correction]) -> list[Target]:
    """One :class:`Target` per corrected extracted fact, the corrections applied in order of time
    (then file order): a ``set`` merges its fields over earlier ones (the later value wins), a
    ``confirm`` or ``set`` marks the fact reviewed, a ``drop`` removes it whatever else targets it.
    ``add`` corrections are facts of their own and have no target."""
    ordered = sorted(enumerate(corrections), key=lambda p: (utc_time(p[1].created_at), p[0]))
    targets: dict[tuple, Target] = {}
    for _, c in ordered:
        if c.action == "add":
            continue
        t = targets.setdefault(c.target, Target(c.fact_type, c.document, c.key or ""))
        if c.action == "set":
            t.fields.update(c.fields)
            t.corrected = True
            t.reviewed = True
        elif c.action == "confirm":
            t.reviewed = True
        elif c.action == "drop":
            t.dropped = True
        t.correction_id = c.correction_id
        t.correction_ids.append(c.correction_id)
    return list(targets.values())
