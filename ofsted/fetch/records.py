"""The typed records of the fetch stage: one row of ``fetches``, a URL's remembered validators,
what the stage hands to the pipeline, and the counts a run reports."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from ofsted.ingest.records import Candidate

#: final outcomes of a page (an entry); ``fetched`` is the pending one until the run settles it
PAGE_OUTCOMES = ("loaded", "unchanged", "skipped", "refused", "failed")
FEED_OUTCOMES = ("read", "unchanged", "refused", "failed")
PENDING = "fetched"


@dataclass
class FetchRecord:
    """One row of ``fetches`` (see ``ofsted/sql/0006_fetches.sql`` for every column)."""

    fetch_id: str
    run_id: str
    seq: int
    source_name: str
    kind: str
    listed_url: str
    url: str
    feed_url: str | None = None
    final_url: str | None = None
    source_path: str | None = None
    fetched_at: dt.datetime | None = None
    status: int | None = None
    headers: dict[str, str] | None = None
    content_type: str | None = None
    n_bytes: int | None = None
    content_sha256: str | None = None
    archive_path: str | None = None
    attempts: int = 0
    elapsed_ms: int | None = None
    entry_title: str | None = None
    entry_published_date: dt.date | None = None
    entry_author: str | None = None
    outcome: str = PENDING
    reason: str = ""
    doc_id: str | None = None
    #: the document was in the warehouse before this run (a pending page then settles as unchanged)
    known_before: bool = False
    #: for a feed: the seq numbers of its entries (its validators are kept only if none failed)
    entry_seqs: list[int] = field(default_factory=list)

    def end(self, outcome: str, reason: str) -> "FetchRecord":
        self.outcome, self.reason = outcome, reason
        return self

    def row(self) -> dict:
        return {
            "fetch_id": self.fetch_id, "run_id": self.run_id, "seq": self.seq, "source_name": self.source_name,
            "kind": self.kind, "feed_url": self.feed_url, "listed_url": self.listed_url, "url": self.url,
            "final_url": self.final_url, "source_path": self.source_path, "fetched_at": self.fetched_at,
            "status": self.status, "headers": json.dumps(self.headers, sort_keys=True) if self.headers is not None else None,
            "content_type": self.content_type, "n_bytes": self.n_bytes, "content_sha256": self.content_sha256,
            "archive_path": self.archive_path, "attempts": self.attempts, "elapsed_ms": self.elapsed_ms,
            "entry_title": self.entry_title, "entry_published_date": self.entry_published_date,
            "entry_author": self.entry_author, "outcome": self.outcome, "reason": self.reason, "doc_id": self.doc_id,
        }


@dataclass(frozen=True)
class UrlState:
    """What ``fetch_state`` remembers of a URL; ``present``: its document is in the warehouse."""

    url: str
    etag: str | None
    last_modified: str | None
    content_sha256: str
    content_type: str | None
    final_url: str | None
    doc_id: str | None
    fetched_at: dt.datetime
    present: bool = False


@dataclass
class FetchResult:
    """What the fetch stage hands on: candidates for the read stage, and the rows to settle."""

    run_id: str
    candidates: list[Candidate] = field(default_factory=list)
    records: list[FetchRecord] = field(default_factory=list)


@dataclass
class FetchCounts:
    """How many feeds and entries of a run ended how (the run summary's fetch lines)."""

    feeds: int = 0
    feeds_read: int = 0
    feeds_unchanged: int = 0
    feeds_failed: int = 0
    #: entries seen: feed items and listed pages
    entries: int = 0
    #: entries whose page was downloaded in full (HTTP 2xx)
    fetched: int = 0
    #: entries answered 304 Not Modified
    not_modified: int = 0
    loaded: int = 0
    unchanged: int = 0
    skipped: int = 0
    refused: int = 0
    failed: int = 0
    #: the refused and failed entries and feeds: source, url, outcome, reason (first 50)
    problems: list[dict] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Plain-text lines for the run summary."""
        lines = [
            f"feeds: {self.feeds} ({self.feeds_read} read, {self.feeds_unchanged} unchanged (304), {self.feeds_failed} failed or refused)",
            f"entries: {self.entries} seen, {self.fetched} fetched, {self.unchanged} unchanged ({self.not_modified} by 304), "
            f"{self.skipped} skipped, {self.refused} refused, {self.failed} failed, {self.loaded} loaded",
        ]
        if self.problems:
            lines.append("see the `fetches` table for every entry; not fetched:")
            lines += [f"  - {p['url']}: {p['outcome']}: {p['reason']}" for p in self.problems[:10]]
            if len(self.problems) > 10:
                lines.append(f"  ... and {len(self.problems) - 10} more")
        return lines

    def as_dict(self) -> dict:
        return {k: v for k, v in vars(self).items() if k != "problems"}
