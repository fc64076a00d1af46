"""URLs: which are fetched (http and https only) and the clean form a page is known by.

The clean form drops tracking parameters (the list is data: ``ofsted/data/fetch/
tracking_parameters.json``) and the fragment, lower-cases the scheme and host and drops a default
port, so one article reached through several links, or twice with ``utm_*`` parameters, is one
page: it is requested once, and its document's ``source_path`` and ``url`` are this form.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote_plus, urlsplit, urlunsplit

DATA = Path(__file__).resolve().parent.parent / "data" / "fetch" / "tracking_parameters.json"
SCHEMES = ("http", "https")
_DEFAULT_PORTS = {"http": 80, "https": 443}


@lru_cache(maxsize=1)
def _tracking() -> tuple[frozenset[str], tuple[str, ...]]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return frozenset(n.lower() for n in data["names"]), tuple(p.lower() for p in data["prefixes"])


def is_tracking_parameter(name: str) -> bool:
    """Whether a query parameter only tracks the reader.

    >>> is_tracking_parameter("utm_source"), is_tracking_parameter("FBCLID"), is_tracking_parameter("page")
    (True, True, False)
    """
    names, prefixes = _tracking()
    key = name.lower()
    return key in names or key.startswith(prefixes)


def scheme_of(url: str) -> str:
    """The URL's scheme, lower case ('' when none).

    >>> scheme_of("HTTPS://x.org/"), scheme_of("file:///etc/passwd"), scheme_of("no scheme")
    ('https', 'file', '')
    """
    try:
        return urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return ""


def is_fetchable(url: str) -> bool:
    """An absolute http(s) URL with a host.

    >>> is_fetchable("https://example.org/a"), is_fetchable("ftp://example.org/a"), is_fetchable("/a")
    (True, False, False)
    """
    try:
        parts = urlsplit(url.strip())
        return parts.scheme.lower() in SCHEMES and bool(parts.hostname)
    except ValueError:
        return False


def clean_url(url: str) -> str:
    """The URL a page is known by: no tracking parameters, no fragment, normalised host.

    Other parameters keep their order and spelling (they may select the content).

    >>> clean_url("HTTPS://News.Example.org:443/a/story?utm_source=rss&id=7&fbclid=x#top")
    'https://news.example.org/a/story?id=7'
    >>> clean_url("http://example.org?utm_medium=social")
    'http://example.org/'
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host
    if parts.username is not None:
        netloc = f"{parts.username}{':' + parts.password if parts.password is not None else ''}@{netloc}"
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{port}"
    kept = [
        piece for piece in parts.query.split("&")
        if piece and not is_tracking_parameter(unquote_plus(piece.split("=", 1)[0]))
    ]
    path = parts.path or ("/" if scheme in SCHEMES else "")
    return urlunsplit((scheme, netloc, path, "&".join(kept), ""))


def host_key(url: str) -> str:
    """``scheme://host[:port]``: the unit of rate limiting and of robots.txt.

    >>> host_key("https://Example.org:443/a/b?c"), host_key("http://127.0.0.1:8080/x")
    ('https://example.org', 'http://127.0.0.1:8080')
    """
    parts = urlsplit(clean_url(url))
    return urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[-1], "", "", ""))
