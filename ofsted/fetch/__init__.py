"""New texts from the web: feeds and pages fetched politely, archived, filtered, then read.

The pipeline calls :func:`fetch_sources` before discovery and :func:`settle_fetches` after the
last batch has loaded (see :mod:`ofsted.fetch.stage`). The pieces, one module each:

* :mod:`~ofsted.fetch.sources` - the sources file (TOML) and ``--feed``/``--url`` -> a :class:`FetchPlan`;
* :mod:`~ofsted.fetch.settings` - :class:`FetchSettings`: rate limit, timeouts, retries, size limit, User-Agent;
* :mod:`~ofsted.fetch.client` - the polite httpx client (robots, rate limit, redirects, retries, limits);
* :mod:`~ofsted.fetch.robots` - robots.txt per host (``urllib.robotparser``);
* :mod:`~ofsted.fetch.feeds` - RSS/Atom entries (feedparser);
* :mod:`~ofsted.fetch.urls` - http(s) only, and the clean URL without tracking parameters;
* :mod:`~ofsted.fetch.archive` - raw bodies by SHA-256 in ``archive/`` beside the warehouse;
* :mod:`~ofsted.fetch.relevance` - is a page about a children's services inspection?
* :mod:`~ofsted.fetch.records`, :mod:`~ofsted.fetch.store` - ``fetches`` rows and ``fetch_state``.
"""

from __future__ import annotations

from .records import FetchCounts, FetchRecord, FetchResult
from .settings import FetchSettings
from .sources import FetchPlan, Source, SourcesError, build_plan, load_sources
from .stage import fetch_sources, settle_fetches

__all__ = [
    "FetchCounts", "FetchPlan", "FetchRecord", "FetchResult", "FetchSettings", "Source", "SourcesError",
    "build_plan", "fetch_sources", "load_sources", "settle_fetches",
]
