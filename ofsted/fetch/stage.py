"""The fetch stage, as two plain functions the pipeline calls at two named points.

* :func:`fetch_sources` (before discovery): read every feed, fetch every entry's page and every
  listed page politely (:mod:`ofsted.fetch.client`), keep each body in the archive, read it
  through the ingest layer (HTML with trafilatura, as for files) and keep only pages about a
  children's services inspection (:mod:`ofsted.fetch.relevance`). The pages worth loading become
  :class:`~ofsted.ingest.Candidate` objects pointing at their archived bytes, with the feed
  entry's metadata; the read stage reads them like files. Every feed and entry gets a
  ``fetches`` row, written before any document loads.
* :func:`settle_fetches` (after the last batch has loaded): the pages handed on become
  ``loaded`` (a new document), ``unchanged`` (its text was already in the warehouse) or
  ``failed`` (with the reason the pipeline rejected it); the validators of settled responses
  are remembered in ``fetch_state`` for the next run's conditional requests. A crash before
  this point leaves no validators, so the next run asks again in full and nothing is lost.

Metadata of a fetched document: ``source_path`` and ``url`` are the page's clean final URL
(:func:`~ofsted.fetch.urls.clean_url`); ``title``, ``published_date`` and ``author`` come from the
feed entry, else the page's own metadata; ``publisher`` is the source's ``publisher``, else the
page's site name, else the feed's title.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace
from pathlib import Path

from ofsted import warehouse as wh
from ofsted.ingest import Candidate, read_documents

from . import store
from .archive import Archive, archive_dir
from .client import ACCEPT_FEED, FetchError, PoliteClient, Response
from .feeds import FeedEntry, NotAFeed, parse_feed
from .records import PENDING, FetchCounts, FetchRecord, FetchResult, UrlState
from .relevance import judge
from .sources import FetchPlan, Source
from .urls import clean_url, is_fetchable

#: media type -> ``Document.source_format`` (the ingest layer's formats)
MEDIA_FORMATS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "txt",
    "text/markdown": "md",
    "text/x-markdown": "md",
    "application/pdf": "pdf",
}
_SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".txt": "txt", ".md": "md", ".pdf": "pdf"}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def page_format(content_type: str, url: str, body: bytes) -> str | None:
    """The ingest format of a fetched body, by media type, else URL suffix, else a look at it."""
    if content_type in MEDIA_FORMATS:
        return MEDIA_FORMATS[content_type]
    path = url.split("?", 1)[0].split("#", 1)[0].lower()
    for suffix, fmt in _SUFFIX_FORMATS.items():
        if path.endswith(suffix):
            return fmt
    head = body[:1024].lstrip().lower()
    if head.startswith(b"%pdf-"):
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if not content_type:  # no type given: if it decodes as text, read it as text
        try:
            body[:4096].decode("utf-8")
            return "txt"
        except UnicodeDecodeError:
            return None
    return None


class _Fetcher:
    """One run of the fetch stage: the client, the archive, the rows, what was seen."""

    def __init__(self, plan: FetchPlan, archive: Archive, states: dict[str, UrlState], run_id: str, client: PoliteClient,
                 log):
        self.plan = plan
        self.settings = plan.settings
        self.archive = archive
        self.states = states
        self.run_id = run_id
        self.client = client
        self.records: list[FetchRecord] = []
        self.handed: dict[int, Candidate] = {}  # seq -> candidate for the read stage
        self.seen: dict[str, FetchRecord] = {}  # clean url -> first page record asking for it
        self.log = log

    # -------------------------------------------------------------------- records

    def _record(self, source: Source, kind: str, listed: str, feed_url: str | None = None,
                entry: FeedEntry | None = None) -> FetchRecord:
        seq = len(self.records) + 1
        url = clean_url(listed) if is_fetchable(listed) else listed
        rec = FetchRecord(f"{self.run_id}:{seq}", self.run_id, seq, source.name, kind, listed, url, feed_url=feed_url)
        if entry is not None:
            rec.entry_title, rec.entry_published_date, rec.entry_author = entry.title, entry.published_date, entry.author
        self.records.append(rec)
        return rec

    def _took(self, rec: FetchRecord, response: Response) -> None:
        rec.final_url = response.final_url
        rec.fetched_at = response.fetched_at
        rec.status = response.status
        rec.headers = response.headers
        rec.attempts = response.attempts
        rec.elapsed_ms = round(response.elapsed * 1000)
        if response.status != 304:
            rec.content_type = response.content_type or None
            rec.n_bytes = len(response.body)

    def _failed(self, rec: FetchRecord, exc: FetchError) -> FetchRecord:
        rec.attempts = exc.attempts
        rec.final_url = exc.final_url
        rec.status = exc.status
        rec.headers = exc.headers or None
        self.log.warning("%s %s: %s", exc.outcome, rec.listed_url, exc.reason)
        return rec.end(exc.outcome, exc.reason)

    def _get(self, rec: FetchRecord, state: UrlState | None, accept: str | None = None) -> Response | None:
        kwargs = {"accept": accept} if accept else {}
        if state is not None:
            kwargs.update(etag=state.etag, last_modified=state.last_modified)
        try:
            response = self.client.get(rec.url, **kwargs)
        except FetchError as exc:
            self._failed(rec, exc)
            return None
        self._took(rec, response)
        return response

    def _keep(self, rec: FetchRecord, body: bytes) -> None:
        rec.content_sha256 = self.archive.put(body)
        rec.archive_path = self.archive.relative(rec.content_sha256)

    # -------------------------------------------------------------------- feeds

    def _guarded(self, rec: FetchRecord, work, *args) -> FetchRecord:
        """Run ``work(rec, *args)``; an unexpected error fails this one feed or page, never the run."""
        try:
            work(rec, *args)
        except Exception as exc:  # noqa: BLE001 - a bug or a full disk on one page must not lose the others
            self.log.error("fetching %s failed unexpectedly: %s: %s", rec.listed_url, type(exc).__name__, exc)
            self.handed.pop(rec.seq, None)
            rec.doc_id = None
            rec.end("failed", f"unexpected error: {type(exc).__name__}: {exc}")
        return rec

    def feed(self, source: Source) -> FetchRecord:
        return self._guarded(self._record(source, "feed", source.url), self._feed, source)

    def _feed(self, rec: FetchRecord, source: Source) -> None:
        if not is_fetchable(source.url):
            rec.end("refused", f"{source.url!r} is not an http(s) URL; only http and https URLs are fetched")
            return
        state = self.states.get(rec.url)
        response = self._get(rec, state, ACCEPT_FEED)
        if response is None:
            return
        if response.not_modified:
            rec.content_sha256 = state.content_sha256 if state else None
            rec.archive_path = self.archive.relative(state.content_sha256) if state else None
            rec.end("unchanged", "not modified (304) since it was last read: no new entries")
            return
        self._keep(rec, response.body)
        try:
            feed = parse_feed(response.body, response.final_url, rec.content_type, limit=self.settings.max_entries)
        except NotAFeed as exc:
            rec.end("failed", str(exc))
            return
        rec.end("read", f"{len(feed.entries)} entr{'y' if len(feed.entries) == 1 else 'ies'}"
                        + (f" (the first {self.settings.max_entries} read)" if len(feed.entries) >= self.settings.max_entries else ""))
        self.log.info("feed %s (%s): %s", source.name, rec.url, rec.reason)
        for number, entry in enumerate(feed.entries, start=1):
            listed = entry.link or f"{rec.url}#entry-{number}"
            page = self.page(source, listed, entry, feed_url=rec.url, feed_title=feed.title, has_link=entry.link is not None)
            rec.entry_seqs.append(page.seq)

    # -------------------------------------------------------------------- pages

    def page(self, source: Source, listed: str, entry: FeedEntry | None = None, feed_url: str | None = None,
             feed_title: str | None = None, has_link: bool = True) -> FetchRecord:
        rec = self._record(source, "page", listed, feed_url, entry)
        return self._guarded(rec, self._page, source, listed, entry, feed_title, has_link)

    def _page(self, rec: FetchRecord, source: Source, listed: str, entry: FeedEntry | None, feed_title: str | None,
              has_link: bool) -> FetchRecord:
        if not has_link:
            return rec.end("failed", "the feed entry has no link")
        if not is_fetchable(listed):
            return rec.end("refused", f"{listed!r} is not an http(s) URL; only http and https URLs are fetched")
        first = self.seen.get(rec.url)
        if first is not None:
            return rec.end("skipped", f"duplicate: the same page as entry {first.seq} ({first.source_name}: {first.listed_url})")
        self.seen[rec.url] = rec
        told = " ".join(t for t in (entry.title, entry.summary) if t) if entry else ""
        if told:
            problem = source.keyword_problem(told)
            if problem:
                return rec.end("skipped", f"keyword filter: {problem} in the entry's title or summary")
        state = self.states.get(rec.url)
        response = self._get(rec, state)
        if response is None:
            return rec
        body = response.body
        if response.not_modified:
            if state is None:
                return rec.end("failed", "the server answered 304 Not Modified to a request without validators")
            rec.content_sha256, rec.content_type = state.content_sha256, state.content_type
            rec.archive_path = self.archive.relative(state.content_sha256)
            rec.source_path = clean_url(state.final_url or rec.url)
            since = f"since {state.fetched_at:%Y-%m-%d %H:%M} UTC"
            if state.doc_id is None:
                return rec.end("unchanged", f"not modified (304) {since}; it gave no document then")
            if state.present:
                rec.doc_id = state.doc_id
                return rec.end("unchanged", f"not modified (304) {since}; its document {state.doc_id} is loaded")
            body = self.archive.get(state.content_sha256)
            if body is None:  # the archive lost it: ask again in full
                response = self._get(rec, None)
                if response is None:
                    return rec
                body = response.body
            final_url = state.final_url if response.not_modified else response.final_url
        else:
            final_url = response.final_url
        if not response.not_modified:
            self._keep(rec, body)
        rec.source_path = clean_url(final_url)
        fmt = page_format(rec.content_type or "", final_url, body)
        if fmt is None:
            return rec.end("skipped", f"not a text format the pipeline reads ({rec.content_type or 'no content type'})")
        meta = {"url": rec.source_path}
        if entry is not None:
            meta.update({k: v for k, v in (("title", entry.title), ("published_date", entry.published_date),
                                           ("author", entry.author)) if v})
        if source.publisher:
            meta["publisher"] = source.publisher
        candidate = Candidate(self.archive.path(rec.content_sha256), rec.source_path, len(body),
                              source_path=rec.source_path, fmt=fmt, meta=meta)
        docs, rejections = read_documents([candidate], max_bytes=self.settings.max_bytes)
        if not docs:
            problem = next((r for r in rejections if r.stage == "read"), rejections[0] if rejections else None)
            detail = f"{problem.reason}: {problem.detail}" if problem else "no text"
            return rec.end("failed", f"could not be read as {fmt}: {detail}")
        doc = docs[0]
        if not told and (source.keywords or source.exclude):
            problem = source.keyword_problem(doc.text)
            if problem:
                return rec.end("skipped", f"keyword filter: {problem} in the page")
        verdict = judge(doc.text)
        if not verdict.relevant:
            return rec.end("skipped", verdict.reason)
        if doc.publisher is None and feed_title:
            candidate = replace(candidate, meta={**meta, "publisher": feed_title})
        rec.doc_id = doc.doc_id
        self.handed[rec.seq] = candidate
        return rec.end(PENDING, verdict.reason)


def fetch_sources(plan: FetchPlan, warehouse: str | Path, run_id: str, *, logger=None, transport=None) -> FetchResult:
    """Fetch every source of ``plan``; returns the candidates to read and the rows written.

    Never raises for a bad feed or page: each ends as a ``fetches`` row with its reason. The
    warehouse must exist (the run's start stage creates it). ``logger`` defaults to the
    ``ofsted.fetch`` logger (the flow passes Prefect's run logger); ``transport`` is for tests.
    """
    warehouse = str(warehouse)
    log = logger or logging.getLogger("ofsted.fetch")
    with wh.open_warehouse(warehouse) as con:
        states = store.load_states(con)
    archive = Archive(archive_dir(warehouse))
    with PoliteClient(plan.settings, transport=transport) as client:
        fetcher = _Fetcher(plan, archive, states, run_id, client, log)
        for source in plan.sources:
            if source.kind == "feed":
                fetcher.feed(source)
            else:
                fetcher.page(source, source.url)
    records = fetcher.records
    pending = [r for r in records if r.outcome == PENDING]
    with wh.open_warehouse(warehouse) as con:
        known = {doc_id: set(paths.split("\n")) for doc_id, paths in wh.known_documents(con, [r.doc_id for r in pending]).items()}
        for rec in pending:
            if rec.doc_id in known:
                rec.known_before = True
                if rec.source_path in known[rec.doc_id]:  # nothing to record: settle it now
                    rec.end("unchanged", f"the same text as its document {rec.doc_id}, already loaded")
                    fetcher.handed.pop(rec.seq, None)
        con.execute("begin transaction")
        try:
            store.insert_records(con, records)
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    result = FetchResult(run_id, [fetcher.handed[s] for s in sorted(fetcher.handed)], records)
    log.info("fetched %s: %d requests, %d pages to read", plan.describe(), len(client.sent), len(result.candidates))
    return result


def settle_fetches(warehouse: str | Path, run_id: str, fetched: FetchResult) -> FetchCounts:
    """Settle the pages handed to the pipeline, remember validators, and count the run's fetches."""
    warehouse = str(warehouse)
    records = fetched.records
    by_seq = {r.seq: r for r in records}
    pending = [r for r in records if r.outcome == PENDING]
    with wh.open_warehouse(warehouse) as con:
        present = set(wh.known_documents(con, [r.doc_id for r in pending]))
        rejected: dict[str, str] = {}
        if pending:
            keys = [r.source_path for r in pending] + [r.doc_id for r in pending]
            for path, doc_id, stage, reason, detail in con.execute(
                """select source_path, doc_id, stage, reason, detail from rejected
                   where run_id = ? and stage not in ('sidecar', 'metadata')
                     and (source_path in (select unnest(?)) or doc_id in (select unnest(?)))""",
                [run_id, keys, keys],
            ).fetchall():
                text = f"not loaded: [{stage}] {reason}: {detail or ''}".strip()
                for key in (path, doc_id):
                    if key:
                        rejected.setdefault(key, text)
        for rec in pending:
            if rec.doc_id in present:
                if rec.known_before:
                    rec.end("unchanged", f"the same text as its document {rec.doc_id}, already loaded")
                else:
                    rec.end("loaded", f"loaded as document {rec.doc_id}; {rec.reason}")
            else:
                rec.end("failed", rejected.get(rec.source_path) or rejected.get(rec.doc_id)
                        or "not loaded: the run stopped before loading it (see the run's errors)")
                rec.doc_id = None
        settled = {"loaded", "unchanged", "skipped"}
        full, confirmed = [], []
        for rec in records:
            if rec.kind == "page" and rec.content_sha256 and rec.outcome in settled:
                (confirmed if rec.status == 304 else full).append(rec)
            elif rec.kind == "feed" and rec.outcome == "read":
                if not any(by_seq[s].outcome == "failed" for s in rec.entry_seqs):
                    full.append(rec)
            elif rec.kind == "feed" and rec.outcome == "unchanged" and rec.content_sha256:
                confirmed.append(rec)
        con.execute("begin transaction")
        try:
            store.update_outcomes(con, pending)
            store.save_states(con, [r for r in full if r.status is not None and 200 <= r.status < 300], confirmed,
                              _now())
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        return store.run_counts(con, run_id)
