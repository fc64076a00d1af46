"""robots.txt, read once per host and run, and obeyed (RFC 9309, with ``urllib.robotparser``).

* 2xx: the rules for our product token (``ofsted-warehouse``), else the ``*`` group, apply; a
  ``Crawl-delay`` longer than the configured interval slows our requests to that host (capped).
* 4xx (robots.txt absent or forbidden): everything may be fetched.
* 5xx or a network failure, after retries: nothing on that host is fetched in this run (the RFC's
  "assume complete disallow"); the page is recorded as ``failed``, so a later run tries again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.robotparser import RobotFileParser

from .urls import host_key

if TYPE_CHECKING:  # pragma: no cover
    from .client import PoliteClient

#: RFC 9309: crawlers must read at least 500 KiB of a robots.txt; we read no more.
MAX_ROBOTS_BYTES = 512_000


@dataclass(frozen=True)
class RobotsVerdict:
    """May a URL be fetched? When not, ``reason`` says why and ``transient`` whether a later run may succeed."""

    allowed: bool
    reason: str = ""
    transient: bool = False


@dataclass
class _HostRules:
    parser: RobotFileParser | None
    #: why the host cannot be fetched at all (robots.txt unreachable); None when rules apply
    unreachable: str | None = None


class RobotsCache:
    """The robots.txt rules of each host, fetched through the polite client on first use."""

    def __init__(self, client: "PoliteClient"):
        self.client = client
        self.hosts: dict[str, _HostRules] = {}

    def _rules(self, url: str) -> _HostRules:
        host = host_key(url)
        if host not in self.hosts:
            self.hosts[host] = self._fetch(host)
        return self.hosts[host]

    def _fetch(self, host: str) -> _HostRules:
        from .client import FetchError

        robots_url = f"{host}/robots.txt"
        parser = RobotFileParser(robots_url)
        try:
            response = self.client.fetch_robots(robots_url, MAX_ROBOTS_BYTES)
        except FetchError as exc:
            return _HostRules(None, f"{robots_url} could not be read ({exc.reason})")
        if 200 <= response.status < 300:
            text = response.body.decode("utf-8", errors="replace")
            parser.parse(text.splitlines())
        elif 400 <= response.status < 500:
            parser.allow_all = True
            parser.modified()
        else:
            return _HostRules(None, f"{robots_url} answered HTTP {response.status}")
        return _HostRules(parser)

    def verdict(self, url: str) -> RobotsVerdict:
        rules = self._rules(url)
        if rules.parser is None:
            return RobotsVerdict(False, f"{rules.unreachable}: the host is treated as disallowing everything (RFC 9309)", True)
        agent = self.client.settings.robots_agent
        if rules.parser.can_fetch(agent, url):
            return RobotsVerdict(True)
        return RobotsVerdict(False, f"robots.txt of {host_key(url)} disallows it for {agent}")

    def crawl_delay(self, url: str) -> float | None:
        """The host's Crawl-delay for us, once its robots.txt has been read (else None)."""
        rules = self.hosts.get(host_key(url))
        if rules is None or rules.parser is None:
            return None
        delay = rules.parser.crawl_delay(self.client.settings.robots_agent)
        return float(delay) if delay is not None else None
