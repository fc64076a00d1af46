"""Read a batch of candidates into normalised :class:`~ofsted.model.Document` objects.

Per file: stat (must still exist and be a regular file, non-empty and within the size limit -
checked *before* opening, so a FIFO can never block), read with retries on transient ``OSError``,
convert by format, decode, normalise, attach sidecar metadata. Every problem becomes a
:class:`Rejection`; nothing a file contains can make this raise.

Author: a sidecar's, JSON Lines record's or HTML page's ``author``, else the byline found in the
text (:mod:`ofsted.ingest.byline`), whose span is kept either way.

Dedupe: documents with the same normalised text within one call become ONE document whose
``source_path`` is the first name in sort order (``.jsonl`` lines sort by line number) and whose
``extra_paths`` are the other names. Its metadata is the first document's, with fields it lacks
taken from the others in the same order.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import stat
import time
from dataclasses import dataclass, field
from typing import Any

from ofsted.model import Document

from .byline import find_byline
from .decode import decode_bytes, normalise
from .discover import display_path, kind_of
from .formats import declared_charset, html_to_text, jsonl_records, pdf_to_text
from .records import DEFAULT_MAX_BYTES, FORMATS, Candidate, Reject, Rejection, format_bytes
from .sidecar import clean_fields, parse_date, read_sidecar

STAGE = "read"
#: seconds slept before retry n (times n); tests set it to 0
RETRY_DELAY = 0.05


@dataclass
class _Read:
    source_path: str
    sort_key: tuple
    text: str
    encoding: str
    fmt: str
    meta: dict[str, Any] = field(default_factory=dict)


def _read_once(path: str, max_bytes: int) -> bytes:
    """The bytes of a regular file (at most ``max_bytes + 1``). ``O_NONBLOCK``: never waits on a FIFO."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Reject("not_a_regular_file", f"It is {kind_of(st.st_mode)}, not a regular file.")
        chunks, remaining = [], max_bytes + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_bytes(path: str, max_bytes: int, retries: int) -> bytes:
    """Checks then reads one file; raises :class:`Reject` with the reason."""
    name = os.path.basename(path)
    attempt = 0
    while True:
        try:
            st = os.stat(path)
            if not stat.S_ISREG(st.st_mode):
                raise Reject("not_a_regular_file", f"{name} is {kind_of(st.st_mode)}, not a regular file; it was not opened.")
            if st.st_size > max_bytes:
                raise Reject("too_large", f"{name} is {format_bytes(st.st_size)}, over the size limit of {format_bytes(max_bytes)}.")
            data = _read_once(path, max_bytes)
            break
        except FileNotFoundError:
            raise Reject("vanished", f"{name} was found when the folder was scanned but no longer exists.") from None
        except OSError as exc:
            if exc.errno in (errno.EISDIR, errno.ENOTDIR, errno.ELOOP):
                raise Reject("not_a_regular_file", f"{name} could not be opened as a file: {exc.strerror}.") from None
            if attempt >= retries:
                tries = f"{attempt + 1} attempt" + ("s" if attempt else "")
                raise Reject("unreadable", f"{name} could not be read ({exc.strerror or exc}; {tries}).") from None
            attempt += 1
            time.sleep(RETRY_DELAY * attempt)
    if len(data) > max_bytes:
        raise Reject("too_large", f"{name} grew to over the size limit of {format_bytes(max_bytes)} while being read.")
    if not data:
        raise Reject("empty_file", f"{name} is empty (0 bytes).")
    return data


def _whitespace_check(text: str, name: str) -> None:
    if not text.strip():
        raise Reject("whitespace_only", f"{name} holds only whitespace, no text.")


def _meta_from_format(meta: dict[str, Any], where: str, source_path: str, rejections: list[Rejection]) -> dict[str, Any]:
    """Format-derived metadata, with the date parsed (a bad date is dropped with a 'metadata' rejection)."""
    out = dict(meta)
    if "published_date" in out and not isinstance(out["published_date"], dt.date):
        try:
            out["published_date"] = parse_date(out["published_date"])
        except ValueError as exc:
            del out["published_date"]
            rejections.append(Rejection(source_path, "metadata", "bad_published_date", f"{where}: publication date ignored, {exc}."))
    return out


def _read_one(cand: Candidate, max_bytes: int, retries: int, rejections: list[Rejection]) -> list[_Read]:
    path = str(cand.path)
    source_path = cand.source_path or display_path(path)
    name = os.path.basename(path)
    fmt = cand.fmt or FORMATS.get(os.path.splitext(name.lower())[1], "txt")
    data = read_bytes(path, max_bytes, retries)
    key = (source_path, 0)

    if fmt == "pdf":
        text, meta = pdf_to_text(data)
        reads = [_Read(source_path, key, normalise(text), "pdf", fmt, meta)]
    elif fmt == "html":
        raw, encoding = decode_bytes(data, declared=declared_charset(data))
        raw = normalise(raw)
        _whitespace_check(raw, name)
        text, meta = html_to_text(raw)
        meta = _meta_from_format(meta, f"The HTML page {name}", source_path, rejections)
        reads = [_Read(source_path, key, normalise(text), encoding, fmt, meta)]
    elif fmt == "jsonl":
        raw, encoding = decode_bytes(data)
        raw = normalise(raw)
        _whitespace_check(raw, name)
        reads = []
        for number, record, reason, detail in jsonl_records(raw):
            line_path = f"{source_path}#L{number}"
            if record is None:
                rejections.append(Rejection(line_path, STAGE, reason, f"{name}: {detail} The other lines were read."))
                continue
            text = normalise(record["text"])
            if not text.strip():
                rejections.append(Rejection(line_path, STAGE, "whitespace_only", f"{name}: line {number} has an empty \"text\"."))
                continue
            meta, problems = clean_fields(record, f"{name} line {number}")
            rejections.extend(Rejection(line_path, "metadata", "bad_field", p + " The text was loaded.") for p in problems)
            reads.append(_Read(line_path, (source_path, number), text, encoding, fmt, meta))
        if not reads and not any(r.source_path.startswith(f"{source_path}#L") for r in rejections):
            raise Reject("whitespace_only", f"{name} has no records.")
    else:
        text, encoding = decode_bytes(data)
        text = normalise(text)
        _whitespace_check(text, name)
        reads = [_Read(source_path, key, text, encoding, fmt, {})]

    if cand.sidecar is not None and reads:
        side_meta, side_rejections = read_sidecar(cand.sidecar, display_path(cand.sidecar))
        rejections.extend(side_rejections)
        for r in reads:
            if fmt == "jsonl":  # a record's own fields are more specific than the file's sidecar
                r.meta = {**side_meta, **r.meta}
            else:  # the sidecar is explicit: it wins over page metadata
                r.meta.update(side_meta)
    if cand.meta:  # metadata the caller knows (a fetched page's feed entry) wins over the page's
        for r in reads:
            r.meta.update(cand.meta)
    return reads


def read_documents(
    candidates: list[Candidate], *, max_bytes: int = DEFAULT_MAX_BYTES, retries: int = 2
) -> tuple[list[Document], list[Rejection]]:
    """Documents (deduplicated by content, sorted by ``source_path``) and rejections for one batch."""
    reads: list[_Read] = []
    rejections: list[Rejection] = []
    for cand in candidates:
        source_path = cand.source_path or display_path(cand.path)
        try:
            reads.extend(_read_one(cand, max_bytes, retries, rejections))
        except Reject as exc:
            rejections.append(Rejection(source_path, STAGE, exc.reason, exc.detail))
        except Exception as exc:  # noqa: BLE001 - one bad file must never stop the batch
            rejections.append(
                Rejection(source_path, STAGE, "read_error", f"Unexpected error while reading: {type(exc).__name__}: {exc}.")
            )

    groups: dict[str, list[_Read]] = {}
    for r in sorted(reads, key=lambda r: r.sort_key):
        sha = hashlib.sha256(r.text.encode("utf-8")).hexdigest()
        groups.setdefault(sha, []).append(r)
    documents = []
    for sha, group in groups.items():
        first = group[0]
        meta: dict[str, Any] = {}
        for r in group:
            for k, v in r.meta.items():
                meta.setdefault(k, v)
        byline = find_byline(first.text)
        documents.append(
            Document(
                doc_id=sha[:16],
                source_path=first.source_path,
                text=first.text,
                content_sha256=sha,
                published_date=meta.get("published_date"),
                title=meta.get("title"),
                publisher=meta.get("publisher"),
                url=meta.get("url"),
                encoding=first.encoding,
                source_format=first.fmt,
                extra_paths=tuple(r.source_path for r in group[1:]),
                # metadata names the author explicitly; the text's byline still marks its span
                author=meta.get("author") or (byline.author if byline else None),
                author_span=(byline.start, byline.end) if byline else None,
            )
        )
    return documents, rejections
