"""A small web site on 127.0.0.1 for the fetch tests: started and stopped by the test itself.

Routes are plain records (a static page with an ETag and Last-Modified, a redirect, a page
that fails a number of times first, a page that never answers, a body with no declared length);
every request is logged with the status answered, so tests can say what was (not) requested.
Nothing here can reach beyond the loopback interface.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import html
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Static:
    """A page; answers 304 to a matching If-None-Match or If-Modified-Since."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    validators: bool = True
    last_modified: str = "Tue, 18 Apr 2023 09:00:00 GMT"

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


@dataclass
class Flaky:
    """Answers ``status`` to the first ``failures`` requests, then serves ``page``."""

    page: Static
    failures: int = 1
    status: int = 500
    served: int = 0


@dataclass
class Redirect:
    location: str
    status: int = 302


@dataclass
class Silent:
    """Accepts the request and never answers (until the site stops, or ``hold`` seconds pass)."""

    hold: float = 5.0


@dataclass
class Endless:
    """A body of ``size`` bytes sent without a Content-Length (read until the connection closes)."""

    size: int
    content_type: str = "text/html; charset=utf-8"


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    status: int
    at: float


@dataclass
class LocalWeb:
    routes: dict[str, object] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)

    def __post_init__(self):
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):  # noqa: N802 - the http.server convention
                site._serve(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> "LocalWeb":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(5)

    def __enter__(self) -> "LocalWeb":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def requests_for(self, path: str, since: int = 0) -> list[Hit]:
        with self._lock:
            return [h for h in self.hits[since:] if h.path.split("?")[0] == path]

    # ------------------------------------------------------------------ serving

    def _log(self, request: BaseHTTPRequestHandler, status: int) -> None:
        with self._lock:
            self.hits.append(Hit(request.path, {k.lower(): v for k, v in request.headers.items()}, status, time.monotonic()))

    def _send(self, request: BaseHTTPRequestHandler, status: int, body: bytes = b"", headers: dict | None = None) -> None:
        self._log(request, status)
        request.send_response(status)
        for key, value in (headers or {}).items():
            request.send_header(key, value)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        if body:
            request.wfile.write(body)

    def _static(self, request: BaseHTTPRequestHandler, page: Static) -> None:
        headers = {"Content-Type": page.content_type}
        if page.validators:
            headers.update({"ETag": page.etag, "Last-Modified": page.last_modified})
            if request.headers.get("If-None-Match") == page.etag or (
                "If-None-Match" not in request.headers and request.headers.get("If-Modified-Since") == page.last_modified
            ):
                self._send(request, 304, b"", {"ETag": page.etag})
                return
        self._send(request, 200, page.body, headers)

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        route = self.routes.get(request.path.split("?")[0])
        try:
            if route is None:
                self._send(request, 404, b"not found", {"Content-Type": "text/plain"})
            elif isinstance(route, Static):
                self._static(request, route)
            elif isinstance(route, Flaky):
                with self._lock:
                    route.served += 1
                    failing = route.served <= route.failures
                if failing:
                    self._send(request, route.status, b"try again", {"Content-Type": "text/plain"})
                else:
                    self._static(request, route.page)
            elif isinstance(route, Redirect):
                self._send(request, route.status, b"", {"Location": route.location})
            elif isinstance(route, Silent):
                self._log(request, 0)
                self._stopping.wait(route.hold)
            elif isinstance(route, Endless):
                self._log(request, 200)
                request.send_response(200)
                request.send_header("Content-Type", route.content_type)
                request.end_headers()
                chunk = b"<p>" + b"x" * 8187 + b"</p>\n"
                sent = 0
                while sent < route.size and not self._stopping.is_set():
                    request.wfile.write(chunk)
                    sent += len(chunk)
            else:
                raise TypeError(route)
        except (BrokenPipeError, ConnectionResetError):  # the client stopped reading: fine
            pass


# ---------------------------------------------------------------------- content builders


def article_html(text: str, title: str | None = None) -> bytes:
    """An article page: the text's paragraphs (blank-line separated) as ``<p>`` elements."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    body = "\n".join(f"<p>{html.escape(' '.join(p.split()))}</p>" for p in paragraphs)
    head = f"<title>{html.escape(title)}</title>" if title else ""
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">" + head + "</head>\n"
        "<body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>\n"
        f"<main><article>\n{body}\n</article></main>\n<footer>Example News, 1 Example Street</footer></body></html>\n"
    ).encode("utf-8")


@dataclass(frozen=True)
class Item:
    """One feed entry."""

    link: str
    title: str | None = None
    published: str | None = None  # ISO date
    author: str | None = None
    summary: str | None = None


def rss(title: str, items: list[Item]) -> bytes:
    """An RSS 2.0 document; dates written at 00:30 in UTC+1, as a British newsroom's feed might in summer."""
    out = ["<?xml version=\"1.0\" encoding=\"utf-8\"?>",
           "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>",
           f"<title>{html.escape(title)}</title><link>http://127.0.0.1/</link><description>test feed</description>"]
    for item in items:
        out.append("<item>")
        out.append(f"<link>{html.escape(item.link)}</link><guid>{html.escape(item.link)}</guid>")
        if item.title:
            out.append(f"<title>{html.escape(item.title)}</title>")
        if item.published:
            y, m, d = (int(x) for x in item.published.split("-"))
            # half past midnight in UTC+1: the previous day in UTC, so a date taken in UTC is wrong
            stamp = email.utils.format_datetime(dt.datetime(y, m, d, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))))
            out.append(f"<pubDate>{stamp}</pubDate>")
        if item.author:
            out.append(f"<dc:creator>{html.escape(item.author)}</dc:creator>")
        if item.summary:
            out.append(f"<description>{html.escape(item.summary)}</description>")
        out.append("</item>")
    out.append("</channel></rss>")
    return "\n".join(out).encode("utf-8")
