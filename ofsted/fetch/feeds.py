"""RSS and Atom feeds, parsed with feedparser into typed entries.

feedparser parses bytes we fetched ourselves (it never touches the network here). An entry's
``published_date`` is the calendar date as the feed writes it (``Tue, 18 Apr 2023 00:30:00 +0100``
is 18 April, not 17 April UTC); ``author`` is the author's name, without an e-mail address.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime


class NotAFeed(ValueError):
    """Bytes that feedparser cannot read as RSS or Atom."""


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed: where it links, and what the feed says about it."""

    link: str | None
    title: str | None = None
    summary: str | None = None
    published_date: dt.date | None = None
    author: str | None = None


@dataclass(frozen=True)
class Feed:
    title: str | None
    entries: tuple[FeedEntry, ...]


_TAG = re.compile(r"<[^>]+>")
_EMAIL_PREFIX = re.compile(r"^\s*\S+@\S+\s*\((.+)\)\s*$")  # RSS <author>: "jane@x.org (Jane Doe)"


def _text(value) -> str | None:
    if not isinstance(value, str):
        return None
    text = re.sub(r"\s+", " ", _TAG.sub(" ", value)).strip()
    return text or None


def entry_date(raw: str | None, parsed=None) -> dt.date | None:
    """The date a feed writes, in the feed's own time zone.

    >>> entry_date("Tue, 18 Apr 2023 00:30:00 +0100"), entry_date("2023-04-18T23:30:00-05:00")
    (datetime.date(2023, 4, 18), datetime.date(2023, 4, 18))
    """
    if raw:
        for parse in (parsedate_to_datetime, lambda s: dt.datetime.fromisoformat(s.replace("Z", "+00:00"))):
            try:
                return parse(raw.strip()).date()
            except (TypeError, ValueError, IndexError):
                continue
    if parsed:  # feedparser's struct_time (UTC) for formats neither parser above knows
        try:
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
        except (AttributeError, ValueError):
            return None
    return None


def _author(entry) -> str | None:
    detail = entry.get("author_detail") or {}
    name = _text(detail.get("name")) if hasattr(detail, "get") else None
    if name:
        return name
    raw = _text(entry.get("author"))
    if raw:
        m = _EMAIL_PREFIX.match(raw)
        if m:
            return m.group(1).strip()
        if "@" in raw and " " not in raw:  # a bare e-mail address is no name
            return None
    return raw


def parse_feed(data: bytes, url: str, content_type: str | None = None, limit: int | None = None) -> Feed:
    """Entries of an RSS/Atom document (relative links resolved against ``url``); raises :class:`NotAFeed`."""
    import feedparser  # lazy: only when feeds are fetched

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(data, response_headers=headers, sanitize_html=False, resolve_relative_uris=True)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        problem = parsed.get("bozo_exception")
        raise NotAFeed(f"not an RSS or Atom feed ({type(problem).__name__}: {problem})" if problem else "not an RSS or Atom feed")
    entries = []
    for item in parsed.entries[:limit]:
        link = item.get("link")
        if not link:  # an Atom entry may give only <link rel="alternate"> among others, or an id URL
            alternates = [l.get("href") for l in item.get("links", []) if l.get("rel", "alternate") == "alternate"]
            link = next((a for a in alternates if a), None)
        entries.append(
            FeedEntry(
                link=link.strip() if isinstance(link, str) and link.strip() else None,
                title=_text(item.get("title")),
                summary=_text(item.get("summary")),
                published_date=entry_date(item.get("published") or item.get("updated"),
                                          item.get("published_parsed") or item.get("updated_parsed")),
                author=_author(item),
            )
        )
    return Feed(_text(parsed.feed.get("title")), tuple(entries))
