"""The fetcher's parts on their own: URLs, the sources file, settings, the polite client (on an
in-memory transport with a fake clock: no sockets, no waiting), robots.txt, feeds, relevance,
and the command line's choice of inputs."""

from __future__ import annotations

import argparse
import datetime as dt

import httpx
import pytest

from ofsted import cli
from ofsted.fetch.client import Failed, PoliteClient, Refused
from ofsted.fetch.feeds import NotAFeed, parse_feed
from ofsted.fetch.relevance import judge
from ofsted.fetch.settings import FetchSettings, SettingsError
from ofsted.fetch.sources import SourcesError, build_plan, parse_sources
from ofsted.fetch.urls import clean_url, is_fetchable
from tests.conftest import DEV_CORPUS, SEEDS

# ---------------------------------------------------------------------------- URLs


@pytest.mark.parametrize(
    "url, clean",
    [
        ("https://news.example.org/a?utm_source=rss&utm_medium=feed&utm_campaign=x", "https://news.example.org/a"),
        ("https://news.example.org/a?id=7&fbclid=IwAR0&gclid=abc&mc_eid=1#comments", "https://news.example.org/a?id=7"),
        ("HTTP://News.Example.ORG:80/a?UTM_Source=x&page=2", "http://news.example.org/a?page=2"),
        ("https://example.org:8443/a?q=ofsted+report", "https://example.org:8443/a?q=ofsted+report"),
        ("https://example.org", "https://example.org/"),
    ],
)
def test_clean_url_drops_tracking_parameters_and_fragments_but_keeps_the_rest(url, clean):
    assert clean_url(url) == clean


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/a", "javascript:alert(1)", "/relative", "mailto:a@b.org", "http://"])
def test_only_absolute_http_and_https_urls_are_fetchable(url):
    assert not is_fetchable(url)


# ---------------------------------------------------------------------------- sources and settings

GOOD = """
[settings]
contact = "mailto:data@example.org"
min_interval_seconds = 2
retries = 1

[[feed]]
name = "newsroom"
url = "https://www.example.gov.uk/news/rss"
keywords = ["Ofsted", "children's services"]
exclude = ["school"]
publisher = "Example Council"

[[page]]
name = "letter"
url = "https://www.example.gov.uk/ofsted-letter"
"""


def test_a_sources_file_lists_feeds_and_pages_with_filters_and_settings():
    plan = parse_sources(GOOD, "sources.toml")
    feed, page = plan.sources
    assert (feed.kind, feed.name, feed.keywords, feed.exclude, feed.publisher) == (
        "feed", "newsroom", ("Ofsted", "children's services"), ("school",), "Example Council")
    assert (page.kind, page.url) == ("page", "https://www.example.gov.uk/ofsted-letter")
    assert (plan.settings.min_interval, plan.settings.retries, plan.settings.read_timeout) == (2.0, 1, 30.0)
    assert plan.settings.agent.endswith("(+mailto:data@example.org)")
    assert plan.describe() == "1 feed and 1 page from sources.toml"
    assert feed.keyword_problem("Children’s services in Kent judged outstanding") is None
    assert feed.keyword_problem("Ofsted praises a school") == "an excluded word appears (school)"
    assert feed.keyword_problem("Bin collections change") == "none of the keywords (Ofsted, children's services) appears"


@pytest.mark.parametrize(
    "text, message",
    [
        ("[[feed]]\nname = 'a'\n", "url is required"),
        ("[[feed]]\nname = 'a'\nurl = 'https://x.org/'\nkeyword = ['x']\n", "unknown key 'keyword'"),
        ("[[feed]]\nname = 'a'\nurl = 'https://x.org/'\n[[page]]\nname = 'a'\nurl = 'https://y.org/'\n", "used by more than one"),
        ("[feed]\nname = 'a'\n", "write [[feed]] tables"),
        ("[[feeds]]\nname = 'a'\n", "unknown table 'feeds'"),
        ("[settings]\nretries = 'three'\n", "retries must be a whole number"),
        ("[settings]\nread_timeout_seconds = 0\n", "read_timeout_seconds must be at least"),
        ("[settings]\nrate = 1\n", "unknown setting 'rate'"),
        ("[[feed]\n", "not valid TOML"),
    ],
)
def test_a_bad_sources_file_is_refused_with_the_place_named(text, message):
    with pytest.raises(SourcesError, match=message.replace("[", r"\[")):
        parse_sources(text, "s.toml")


def test_feeds_and_urls_from_the_command_line_join_the_sources_file(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(GOOD, encoding="utf-8")
    plan = build_plan(path, ["https://a.org/rss"], ["https://b.org/page"])
    assert [(s.kind, s.url) for s in plan.sources][2:] == [("feed", "https://a.org/rss"), ("page", "https://b.org/page")]
    assert plan.settings.retries == 1 and "command line" in plan.origin
    assert build_plan(None, [], []) is None


def test_settings_overrides_are_typed():
    settings = FetchSettings().with_overrides({"max_bytes": 10, "backoff_seconds": 1})
    assert (settings.max_bytes, settings.backoff) == (10, 1.0)
    with pytest.raises(SettingsError):
        FetchSettings().with_overrides({"retries": True})


# ---------------------------------------------------------------------------- the polite client


class FakeTime:
    """A clock that only moves when the client sleeps."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


def client_for(handler, **settings) -> tuple[PoliteClient, FakeTime]:
    fake = FakeTime()
    base = {"min_interval": 1.0, "retries": 2, "backoff": 0.5, "max_bytes": 1000}
    client = PoliteClient(FetchSettings(**{**base, **settings}), transport=httpx.MockTransport(handler),
                          sleep=fake.sleep, clock=fake.clock)
    return client, fake


def robots_ok(request: httpx.Request) -> httpx.Response | None:
    if request.url.path == "/robots.txt":
        return httpx.Response(404)
    return None


def test_requests_to_one_host_wait_their_turn_and_other_hosts_do_not():
    def handler(request):
        return robots_ok(request) or httpx.Response(200, text="ok", headers={"content-type": "text/plain"})

    client, fake = client_for(handler)
    for url in ("https://a.org/1", "https://a.org/2", "https://b.org/1", "https://a.org/3"):
        client.get(url)
    by_host: dict[str, list[float]] = {}
    for url, at in client.sent:
        by_host.setdefault(httpx.URL(url).host, []).append(at)
    for host, times in by_host.items():  # robots.txt counts too
        assert all(b - a >= 1.0 for a, b in zip(times, times[1:])), (host, times)
    assert len(by_host["a.org"]) == 4 and len(by_host["b.org"]) == 2


def test_network_errors_and_5xx_are_retried_with_growing_back_off_then_fail_with_the_reason():
    calls = []

    def handler(request):
        if robots_ok(request):
            return robots_ok(request)
        calls.append(request.url.path)
        if request.url.path == "/down":
            raise httpx.ConnectError("connection refused")
        return httpx.Response(503)

    client, fake = client_for(handler, min_interval=0.0)
    with pytest.raises(Failed, match=r"HTTP 503 Service Unavailable \(3 attempts\)") as failed:
        client.get("https://a.org/busy")
    assert failed.value.attempts == 3
    assert fake.sleeps == [0.5, 1.0]
    with pytest.raises(Failed, match=r"could not connect .* \(3 attempts\)"):
        client.get("https://a.org/down")
    assert calls.count("/busy") == calls.count("/down") == 3


def test_a_short_retry_after_is_honoured_and_a_long_one_is_not_waited_for():
    answers = iter([httpx.Response(429, headers={"retry-after": "3"}), httpx.Response(200, text="ok")])

    def handler(request):
        return robots_ok(request) or next(answers)

    client, fake = client_for(handler, min_interval=0.0)
    assert client.get("https://a.org/x").status == 200
    assert 3.0 in fake.sleeps

    def impatient(request):
        return robots_ok(request) or httpx.Response(503, headers={"retry-after": "86400"})

    client, fake = client_for(impatient, min_interval=0.0)
    with pytest.raises(Failed, match="longer than we wait"):
        client.get("https://a.org/x")
    assert max(fake.sleeps, default=0) < 60


def test_a_declared_length_over_the_limit_is_refused_before_reading_and_4xx_is_not_retried():
    def handler(request):
        if robots_ok(request):
            return robots_ok(request)
        if request.url.path == "/big":
            return httpx.Response(200, headers={"content-length": "5000"}, content=b"x" * 5000)
        return httpx.Response(404)

    client, _ = client_for(handler)
    with pytest.raises(Refused, match="declares 5,000 bytes"):
        client.get("https://a.org/big")
    with pytest.raises(Failed, match="HTTP 404") as failed:
        client.get("https://a.org/gone")
    assert failed.value.attempts == 1


def test_redirects_are_followed_within_http_and_https_only_and_validators_are_sent():
    seen = []

    def handler(request):
        if robots_ok(request):
            return robots_ok(request)
        seen.append((request.url.path, request.headers.get("if-none-match")))
        if request.url.path == "/old":
            return httpx.Response(301, headers={"location": "/new"})
        if request.url.path == "/sneaky":
            return httpx.Response(302, headers={"location": "ftp://a.org/secret"})
        return httpx.Response(304)

    client, _ = client_for(handler, min_interval=0.0)
    response = client.get("https://a.org/old", etag='"v1"')
    assert (response.status, response.final_url, response.redirects) == (304, "https://a.org/new", ["https://a.org/old"])
    assert seen == [("/old", '"v1"'), ("/new", '"v1"')]
    with pytest.raises(Refused, match=r"redirected to ftp://a.org/secret \(ftp\)"):
        client.get("https://a.org/sneaky")
    with pytest.raises(Refused, match="not an http"):
        client.get("file:///etc/passwd")


def robots_handler(status: int, text: str = ""):
    def handler(request):
        if request.url.path == "/robots.txt":
            return httpx.Response(status, text=text)
        return httpx.Response(200, text="page", headers={"content-type": "text/plain"})

    return handler


def test_robots_txt_rules_for_our_token_apply_and_its_crawl_delay_slows_us_down():
    rules = "User-agent: *\nDisallow: /\n\nUser-agent: ofsted-warehouse\nDisallow: /private/\nCrawl-delay: 5\n"
    client, fake = client_for(robots_handler(200, rules), min_interval=1.0)
    client.get("https://a.org/news/1")
    client.get("https://a.org/news/2")
    assert fake.sleeps[-1] == 5.0
    with pytest.raises(Refused, match="robots.txt of https://a.org disallows it for ofsted-warehouse"):
        client.get("https://a.org/private/x")


def test_an_absent_robots_txt_allows_everything_and_an_unreachable_one_nothing():
    client, _ = client_for(robots_handler(404), min_interval=0.0)
    assert client.get("https://a.org/anything").body == b"page"
    client, _ = client_for(robots_handler(500), min_interval=0.0)
    with pytest.raises(Failed, match=r"robots.txt could not be read \(HTTP 500 .*disallowing everything"):
        client.get("https://a.org/anything")


# ---------------------------------------------------------------------------- feeds

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Council newsroom</title>
<entry><title>Ofsted rates children's services good</title><link href="/news/1?utm_source=atom"/>
<updated>2024-03-05T23:30:00-01:00</updated><author><name>Press Office</name></author>
<summary type="html">&lt;p&gt;Inspectors found &lt;b&gt;good&lt;/b&gt; practice&lt;/p&gt;</summary></entry>
</feed>"""

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Local news</title>
<item><title>A</title><link>https://news.example.org/a</link><pubDate>Tue, 18 Apr 2023 00:30:00 +0100</pubDate>
<author>editor@example.org (Jo Reporter)</author></item>
<item><title>No link</title></item></channel></rss>"""


def test_feed_entries_keep_the_date_as_written_the_author_and_a_resolved_link():
    atom = parse_feed(ATOM, "https://council.example.gov.uk/feed.atom")
    (entry,) = atom.entries
    assert atom.title == "Council newsroom"
    assert entry.link == "https://council.example.gov.uk/news/1?utm_source=atom"
    assert (entry.published_date, entry.author, entry.summary) == (dt.date(2024, 3, 5), "Press Office", "Inspectors found good practice")
    rss = parse_feed(RSS, "https://news.example.org/rss")
    assert [(e.link, e.published_date, e.author) for e in rss.entries] == [
        ("https://news.example.org/a", dt.date(2023, 4, 18), "Jo Reporter"), (None, None, None)]


def test_a_page_that_is_not_a_feed_is_said_to_be_so():
    with pytest.raises(NotAFeed):
        parse_feed(b"<html><body><p>Hello</p></body></html>", "https://x.org/")


# ---------------------------------------------------------------------------- relevance


@pytest.mark.parametrize(
    "text",
    [
        "Sunderland City Council has approved its budget for the coming year after a long debate.",
        "Ofsted has published its annual report on schools and colleges across England.",
        "Kent County Council said the new road would open in the spring; inspectors of the bridge found it safe.",
    ],
)
def test_pages_without_an_authority_or_without_ofsted_wording_are_not_relevant(text):
    assert not judge(text).relevant


def test_every_text_of_the_seeds_and_the_dev_corpus_is_relevant():
    texts = sorted(SEEDS.glob("*.txt")) + sorted(DEV_CORPUS.glob("*.txt"))
    verdicts = {p.name: judge(p.read_text(encoding="utf-8")) for p in texts}
    assert [(n, v.reason) for n, v in verdicts.items() if not v.relevant] == []


# ---------------------------------------------------------------------------- the command line


def run_args(*argv: str) -> argparse.Namespace:
    return cli.build_parser().parse_args(["run", *argv])


def test_with_feeds_or_urls_the_seeds_folder_is_read_only_when_source_names_it(tmp_path):
    inputs, problem = cli.resolve_inputs(run_args("--feed", "https://a.org/rss", "--url", "https://a.org/p", "--url", "https://a.org/q"))
    assert problem is None
    assert inputs == {"source": None, "sources": None, "feeds": ["https://a.org/rss"], "urls": ["https://a.org/p", "https://a.org/q"]}
    inputs, _ = cli.resolve_inputs(run_args("--feed", "https://a.org/rss", "--source", "seeds"))
    assert inputs["source"] == "seeds"
    inputs, _ = cli.resolve_inputs(run_args())
    assert inputs["source"] == "seeds" and not inputs["feeds"]


def test_a_bad_sources_file_or_a_non_http_url_stops_ofsted_run_before_anything_starts(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[feed]]\nname = 'x'\n", encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    assert cli.main(["run", "--sources", str(bad), "--warehouse", str(warehouse)]) == cli.EXIT_USAGE
    assert "url is required" in capsys.readouterr().err
    assert cli.main(["run", "--url", "file:///etc/passwd", "--warehouse", str(warehouse)]) == cli.EXIT_USAGE
    assert "only absolute http and https URLs" in capsys.readouterr().err
    assert not warehouse.exists()


def test_a_served_deployment_reads_the_sources_file_at_each_run(tmp_path, monkeypatch):
    from flows.serve import deployment_parameters

    sources = tmp_path / "sources.toml"
    sources.write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = cli.build_parser().parse_args(["serve", "--cron", "0 6 * * *", "--sources", "sources.toml"])
    params = deployment_parameters(args)
    assert params == {"source": None, "sources": str(sources.resolve()),
                      "warehouse": str((tmp_path / "warehouse" / "ofsted.duckdb").resolve())}
    args = cli.build_parser().parse_args(["serve", "--feed", "https://a.org/rss", "--source", "texts"])
    assert deployment_parameters(args) == {"source": str((tmp_path / "texts").resolve()), "feeds": ["https://a.org/rss"],
                                           "warehouse": str((tmp_path / "warehouse" / "ofsted.duckdb").resolve())}


def test_the_example_sources_file_in_the_repository_is_valid(root):
    plan = build_plan(root / "sources.example.toml")
    assert [s.kind for s in plan.sources] == ["feed", "feed", "page"]
    assert plan.settings.min_interval == 1.0 and plan.settings.contact
