"""The one HTTP client of the fetcher (httpx), and its manners.

Every request goes through :meth:`PoliteClient.get`, which

* accepts only absolute ``http``/``https`` URLs, and follows redirects itself, only to http(s)
  (a redirect to ``file:``, ``ftp:``, ``data:`` ... is refused), at most ``max_redirects``;
* asks robots.txt first (:mod:`ofsted.fetch.robots`), for every hop;
* waits its turn: at most one request per ``min_interval`` seconds per host (or the host's
  Crawl-delay), counting robots.txt, retries and redirects;
* sends a clear User-Agent, and ``If-None-Match`` / ``If-Modified-Since`` when validators are
  known, so an unchanged page costs one ``304``;
* has connect and read timeouts and a deadline for the whole body, and stops reading a body at
  ``max_bytes`` (a declared ``Content-Length`` over the limit is refused before reading);
* retries network errors, timeouts, ``5xx`` and ``429`` with exponential back-off (honouring a
  short ``Retry-After``), and gives up with a reason.

Failures raise :class:`Refused` (our rules said no: scheme, robots, size) or :class:`Failed`
(the network or the server did not deliver), each with a sentence for the ``fetches`` table.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import httpx

from ofsted.ingest.records import format_bytes

from .robots import RobotsCache
from .settings import FetchSettings
from .urls import host_key, is_fetchable, scheme_of

REDIRECTS = {301, 302, 303, 307, 308}
RETRIED = {429, 500, 502, 503, 504, 507, 508, 509, 520, 521, 522, 523, 524}
ACCEPT_PAGE = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,application/pdf;q=0.7,*/*;q=0.1"
ACCEPT_FEED = "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1"
#: response headers not worth keeping (cookies are the site's business, not the record's)
_DROPPED_HEADERS = {"set-cookie"}


class FetchError(Exception):
    """A URL that gave no usable response. ``outcome`` is ``refused`` or ``failed``."""

    outcome = "failed"

    def __init__(self, reason: str, *, attempts: int = 0, final_url: str | None = None, status: int | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(reason)
        self.reason = reason
        self.attempts = attempts
        self.final_url = final_url
        self.status = status
        self.headers = headers or {}


class Refused(FetchError):
    """Not fetched (or not kept) because a rule said no: scheme, robots.txt, size limit."""

    outcome = "refused"


class Failed(FetchError):
    """The network or the server did not deliver: timeouts, errors, 4xx/5xx answers."""

    outcome = "failed"


@dataclass
class Response:
    """A response read in full (``status`` 2xx, or 304 with an empty body)."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: dt.datetime
    attempts: int
    elapsed: float
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        """The media type, lower case, without parameters (``text/html``)."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _headers(response: httpx.Response) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in response.headers.multi_items():
        key = key.lower()
        if key in _DROPPED_HEADERS:
            continue
        out[key] = f"{out[key]}, {value}" if key in out else value
    return out


def _retry_after(value: str | None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


def _network_reason(exc: httpx.HTTPError, timeouts: FetchSettings) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return f"connecting timed out (after {timeouts.connect_timeout:g} s)"
    if isinstance(exc, (httpx.ReadTimeout, httpx.WriteTimeout, httpx.PoolTimeout)):
        return f"no answer within the read timeout ({timeouts.read_timeout:g} s)"
    if isinstance(exc, httpx.ConnectError):
        return f"could not connect ({exc})"
    return f"network error: {type(exc).__name__}: {exc}"


class PoliteClient:
    """An httpx client with robots.txt, per-host rate limiting, retries, redirects and limits.

    Use as a context manager. ``transport`` (an ``httpx`` transport) and ``sleep``/``clock`` are
    for tests.
    """

    def __init__(self, settings: FetchSettings, *, transport: httpx.BaseTransport | None = None,
                 sleep=time.sleep, clock=time.monotonic):
        self.settings = settings
        self.http = httpx.Client(
            headers={"User-Agent": settings.agent},
            timeout=httpx.Timeout(
                connect=settings.connect_timeout, read=settings.read_timeout,
                write=settings.read_timeout, pool=settings.connect_timeout,
            ),
            follow_redirects=False,
            transport=transport,
        )
        self.robots = RobotsCache(self)
        self.sleep = sleep
        self.clock = clock
        self._next_turn: dict[str, float] = {}
        #: (url, start time) of every request sent, in order (for the run's log and for tests)
        self.sent: list[tuple[str, float]] = []

    def __enter__(self) -> "PoliteClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.http.close()

    # ------------------------------------------------------------------ politeness

    def _interval(self, url: str) -> float:
        delay = self.robots.crawl_delay(url)
        if delay is None:
            return self.settings.min_interval
        return max(self.settings.min_interval, min(delay, self.settings.max_wait))

    def _wait_turn(self, url: str) -> None:
        host = host_key(url)
        now = self.clock()
        turn = self._next_turn.get(host, now)
        if turn > now:
            self.sleep(turn - now)
        start = self.clock()
        self._next_turn[host] = start + self._interval(url)
        self.sent.append((url, start))

    # ------------------------------------------------------------------ one request, with retries

    def _read_body(self, response: httpx.Response, url: str, limit: int, started: float) -> bytes:
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise Refused(f"the response declares {format_bytes(int(declared))}, over the size limit of {format_bytes(limit)}",
                          final_url=url, status=response.status_code, headers=_headers(response))
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise Refused(f"the response is over the size limit of {format_bytes(limit)} (reading stopped there)",
                              final_url=url, status=response.status_code, headers=_headers(response))
            if self.clock() - started > self.settings.response_deadline:
                raise Failed(f"the response took longer than {self.settings.response_deadline:g} s to arrive",
                             final_url=url, status=response.status_code, headers=_headers(response))
            chunks.append(chunk)
        return b"".join(chunks)

    def _request(self, url: str, headers: dict[str, str], limit: int) -> tuple[httpx.Response, bytes, int, float]:
        """One URL, retried on transient failures: ``(response, body, attempts, elapsed)``."""
        attempts, last, status = 0, "", None
        began = self.clock()
        while True:
            attempts += 1
            self._wait_turn(url)
            started = self.clock()
            wait = None
            try:
                with self.http.stream("GET", url, headers=headers) as response:
                    if response.status_code in RETRIED:
                        last, status = f"HTTP {response.status_code} {response.reason_phrase}".strip(), response.status_code
                        wait = _retry_after(response.headers.get("retry-after"))
                    else:
                        body = b"" if response.status_code in REDIRECTS or response.status_code == 304 else (
                            self._read_body(response, url, limit, started)
                        )
                        return response, body, attempts, self.clock() - began
            except FetchError as exc:
                exc.attempts = attempts
                raise
            except httpx.HTTPError as exc:
                last, status = _network_reason(exc, self.settings), None
            except ValueError as exc:  # e.g. an unparseable URL or header value
                raise Failed(f"the request could not be made: {exc}", attempts=attempts) from None
            if attempts > self.settings.retries:
                tries = f"{attempts} attempt{'s' if attempts != 1 else ''}"
                raise Failed(f"{last} ({tries})", attempts=attempts, final_url=url, status=status)
            pause = self.settings.backoff * 2 ** (attempts - 1)
            if wait is not None:
                if wait > self.settings.max_wait:
                    raise Failed(f"{last}; the server asks to retry after {wait:.0f} s, longer than we wait",
                                 attempts=attempts, final_url=url, status=status)
                pause = max(pause, wait)
            self.sleep(pause)

    # ------------------------------------------------------------------ public

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str = ACCEPT_PAGE, limit: int | None = None) -> Response:
        """GET ``url`` politely; raises :class:`Refused` or :class:`Failed`."""
        limit = limit or self.settings.max_bytes
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current, redirects, attempts = url, [], 0
        began = self.clock()
        while True:
            if not is_fetchable(current):
                scheme = scheme_of(current) or "no scheme"
                where = f"redirected to {current}" if redirects else f"{current!r} is not an http(s) URL"
                raise Refused(f"{where} ({scheme}); only http and https URLs are fetched", attempts=attempts,
                              final_url=redirects[-1] if redirects else None)
            verdict = self.robots.verdict(current)
            if not verdict.allowed:
                error = Failed if verdict.transient else Refused
                raise error(verdict.reason + (f" ({current}, reached by redirect from {url})" if redirects else ""),
                            attempts=attempts, final_url=redirects[-1] if redirects else None)
            try:
                response, body, tries, _ = self._request(current, headers, limit)
            except FetchError as exc:
                exc.attempts += attempts
                exc.final_url = exc.final_url or current
                raise
            attempts += tries
            if response.status_code in REDIRECTS and response.headers.get("location"):
                target = urljoin(current, response.headers["location"].strip())
                redirects.append(current)
                if len(redirects) > self.settings.max_redirects:
                    raise Failed(f"more than {self.settings.max_redirects} redirects", attempts=attempts, final_url=redirects[-1])
                current = target
                continue
            if response.status_code == 304 or 200 <= response.status_code < 300:
                return Response(url, current, response.status_code, _headers(response), body, _now(), attempts,
                                self.clock() - began, redirects)
            raise Failed(f"HTTP {response.status_code} {response.reason_phrase}".strip(), attempts=attempts,
                         final_url=current, status=response.status_code, headers=_headers(response))

    def fetch_robots(self, url: str, limit: int) -> Response:
        """robots.txt itself: rate-limited and retried, redirects followed within http(s) (no robots check)."""
        current = url
        for _ in range(self.settings.max_redirects + 1):
            response, body, attempts, elapsed = self._request(current, {"Accept": "text/plain,*/*;q=0.1"}, limit)
            location = response.headers.get("location")
            if response.status_code in REDIRECTS and location:
                current = urljoin(current, location.strip())
                if not is_fetchable(current):
                    break
                continue
            return Response(url, current, response.status_code, _headers(response), body, _now(), attempts, elapsed)
        # too many or non-http redirects: RFC 9309 says treat robots.txt as unavailable (4xx)
        return Response(url, current, 404, {}, b"", _now(), 0, 0.0)
