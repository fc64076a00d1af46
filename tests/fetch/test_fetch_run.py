"""Two pipeline runs over feeds and pages served on 127.0.0.1: what loads, what does not, and why.

The site (``tests/fetch/site.py``): a feed of article pages built from the dev corpus, a second
feed repeating one article with tracking parameters, and listed pages that fail with 500 once,
never answer, sit under a path robots.txt disallows, redirect to a ``file:`` URL, exceed the size
limit, or are about something else.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from ofsted import warehouse as wh
from ofsted.fetch.records import PAGE_OUTCOMES
from tests.fetch.site import AUTHOR, PAGES, SETTINGS, TRACKING


def documents(warehouse) -> dict[str, dict]:
    with wh.open_warehouse(warehouse, read_only=True) as con:
        cursor = con.execute(
            "select doc_id, source_path, source_paths, url, title, published_date, author, source_format from documents")
        columns = [c[0] for c in cursor.description]
        return {row[1]: dict(zip(columns, row)) for row in cursor.fetchall()}


def test_every_entry_ends_loaded_unchanged_skipped_refused_or_failed_with_a_reason(feed_runs):
    site = feed_runs.site
    for run in (feed_runs.first, feed_runs.second):
        pages = feed_runs.rows(run, kind="page")
        assert pages, run["lines"]
        assert all(r["outcome"] in PAGE_OUTCOMES and r["reason"].strip() for r in pages), [
            (r["listed_url"], r["outcome"], r["reason"]) for r in pages if r["outcome"] not in PAGE_OUTCOMES
        ]
        assert all(r["outcome"] in ("read", "unchanged") for r in feed_runs.rows(run, kind="feed"))
    # the first run saw every entry of both feeds and every listed page, each once
    first_pages = feed_runs.rows(feed_runs.first, kind="page")
    assert len(first_pages) == len(site.feed_articles) + 1 + len(PAGES)
    assert len({r["listed_url"] for r in first_pages}) == len(first_pages)


def test_the_feed_articles_load_with_the_feed_entry_metadata_under_their_clean_urls(feed_runs):
    site, docs = feed_runs.site, documents(feed_runs.warehouse)
    rows = {r["listed_url"]: r for r in feed_runs.rows(feed_runs.first, kind="page")}
    assert feed_runs.first["n_new"] == len(site.loadable) == feed_runs.n_documents_first
    for article in site.feed_articles:
        url = site.web.url(article.path)
        doc = docs[url]
        assert doc["url"] == url and doc["source_format"] == "html" and doc["author"] == AUTHOR
        # the entry's date, although the feed writes it at 00:30 in UTC+1 (the day before in UTC)
        assert doc["published_date"] == (dt.date.fromisoformat(article.published) if article.published else None)
        if article.title:
            assert doc["title"] == article.title
        row = rows[url]
        assert (row["outcome"], row["doc_id"], row["source_path"]) == ("loaded", doc["doc_id"], url)
        assert row["entry_published_date"] == doc["published_date"]
        assert row["feed_url"] == site.web.url("/feeds/dev.xml")


def test_an_article_repeated_by_a_second_feed_with_tracking_parameters_is_fetched_and_loaded_once(feed_runs):
    site = feed_runs.site
    article = site.feed_articles[0]
    url = site.web.url(article.path)
    (repeat,) = feed_runs.rows(feed_runs.first, kind="page", source_name="repeat")
    assert repeat["listed_url"] == url + TRACKING
    assert repeat["url"] == url
    assert repeat["outcome"] == "skipped" and repeat["reason"].startswith("duplicate: the same page as entry")
    assert repeat["attempts"] == 0
    assert len(site.web.requests_for(article.path, 0)) and len(
        [h for h in feed_runs.first_hits if h.path.split("?")[0] == article.path]) == 1
    assert not any("utm_" in h.path or "fbclid" in h.path for h in feed_runs.first_hits + feed_runs.second_hits)
    docs = documents(feed_runs.warehouse)
    assert [d for d in docs.values() if d["url"] == url] == [docs[url]]
    assert docs[url]["source_paths"] == url


def test_a_page_that_fails_with_500_once_is_retried_and_loaded(feed_runs):
    row = feed_runs.row_for(feed_runs.first, PAGES["flaky"])
    assert (row["outcome"], row["status"], row["attempts"]) == ("loaded", 200, 2), row
    assert [h.status for h in feed_runs.first_hits if h.path == PAGES["flaky"]] == [500, 200]
    flaky = feed_runs.site.flaky_article
    assert documents(feed_runs.warehouse)[feed_runs.site.web.url(PAGES["flaky"])]["published_date"] == (
        dt.date.fromisoformat(flaky.published) if flaky.published else None  # from the page's own metadata
    )


def test_a_page_that_never_answers_fails_after_its_retries_with_the_timeout_as_reason(feed_runs):
    for run in (feed_runs.first, feed_runs.second):
        row = feed_runs.row_for(run, PAGES["never-answers"])
        assert row["outcome"] == "failed" and row["status"] is None
        assert "read timeout" in row["reason"] and f"{SETTINGS['retries'] + 1} attempts" in row["reason"], row["reason"]
        assert row["attempts"] == SETTINGS["retries"] + 1


def test_a_path_robots_txt_disallows_is_refused_and_never_requested(feed_runs):
    row = feed_runs.row_for(feed_runs.first, PAGES["members-only"])
    assert row["outcome"] == "refused" and "robots.txt" in row["reason"] and row["attempts"] == 0
    hits = feed_runs.first_hits + feed_runs.second_hits
    assert not [h for h in hits if h.path.startswith("/private/")]
    # robots.txt itself: read once per run, and it said "Disallow: /" to every other robot,
    # so everything else was fetched because our product token matched its own group
    assert [h.path for h in feed_runs.first_hits].count("/robots.txt") == 1
    assert all(h.headers["user-agent"].startswith("ofsted-warehouse/") for h in hits)


def test_a_redirect_to_a_file_url_is_refused(feed_runs):
    row = feed_runs.row_for(feed_runs.first, PAGES["to-a-file"])
    assert row["outcome"] == "refused" and "file:///etc/passwd" in row["reason"], row
    assert row["content_sha256"] is None and row["source_path"] is None


def test_a_page_over_the_size_limit_is_refused_and_nothing_of_it_is_kept(feed_runs):
    row = feed_runs.row_for(feed_runs.first, PAGES["huge"])
    assert row["outcome"] == "refused" and "size limit" in row["reason"], row
    assert row["content_sha256"] is None
    archive = feed_runs.warehouse.parent / "archive"
    assert max(p.stat().st_size for p in archive.rglob("*") if p.is_file()) <= SETTINGS["max_bytes"]


def test_a_page_about_something_else_is_skipped_neither_loaded_nor_rejected(feed_runs):
    url = feed_runs.site.web.url(PAGES["leisure-centre"])
    row = feed_runs.row_for(feed_runs.first, PAGES["leisure-centre"])
    assert (row["outcome"], row["reason"]) == ("skipped", "not relevant: no Ofsted visit or grade wording")
    assert row["content_sha256"]  # kept in the archive all the same
    assert url not in documents(feed_runs.warehouse)
    with wh.open_warehouse(feed_runs.warehouse, read_only=True) as con:
        assert con.execute("select count(*) from rejected").fetchone()[0] == 0


def test_every_fetched_body_is_kept_in_the_archive_under_its_hash(feed_runs):
    site = feed_runs.site
    served = {site.web.url(a.path): a.html() for a in site.feed_articles}
    rows = [r for r in feed_runs.rows(feed_runs.first) if r["content_sha256"]]
    assert len(rows) >= len(served)
    for row in rows:
        data = (feed_runs.warehouse.parent / row["archive_path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["content_sha256"] and len(data) == row["n_bytes"]
        if row["listed_url"] in served:
            assert data == served[row["listed_url"]]
            assert row["status"] == 200 and row["fetched_at"] is not None and "etag" in (row["headers"] or "")


def test_a_second_run_gets_304s_and_loads_nothing_new(feed_runs):
    second = feed_runs.second
    assert (second["n_new"], second["n_changed"], second["status"]) == (0, 0, "completed"), second["lines"]
    fetch = second["fetch"]
    assert (fetch["feeds_unchanged"], fetch["loaded"], fetch["not_modified"]) == (2, 0, 2), fetch
    statuses = {h.path: h.status for h in feed_runs.second_hits}
    assert statuses["/feeds/dev.xml"] == statuses["/feeds/repeat.xml"] == 304
    assert statuses[PAGES["flaky"]] == statuses[PAGES["leisure-centre"]] == 304
    assert not [h for h in feed_runs.second_hits if h.path.startswith("/news/") and h.status == 200
                and h.path != PAGES["huge"]], "an unchanged page was downloaded again"
    assert feed_runs.second_hits[1].headers.get("if-none-match"), "conditional requests carry the ETag"
    with wh.open_warehouse(feed_runs.warehouse, read_only=True) as con:
        assert con.execute("select count(*) from documents").fetchone()[0] == feed_runs.n_documents_first


def test_the_run_summary_counts_entries_seen_fetched_unchanged_skipped_failed_and_loaded(feed_runs):
    site, first = feed_runs.site, feed_runs.first
    fetch = first["fetch"]
    n_entries = len(site.feed_articles) + 1 + len(PAGES)
    assert fetch["entries"] == n_entries
    assert fetch["loaded"] == len(site.loadable)
    assert (fetch["skipped"], fetch["refused"], fetch["failed"], fetch["unchanged"]) == (2, 3, 1, 0), fetch
    # fetched in full: the articles, the flaky page and the leisure-centre page
    assert fetch["fetched"] == len(site.loadable) + 1
    lines = "\n".join(first["lines"])
    assert f"entries: {n_entries} seen, {fetch['fetched']} fetched" in lines
    assert f"{len(site.loadable)} loaded" in lines and "feeds: 2 (2 read" in lines
    assert f"documents: {len(site.loadable)} found" in lines
