"""The test web site of the fetch tests: article pages built from the dev corpus, two feeds, and
one page for each way a fetch can go wrong; plus the sources file that lists them.

Built from ``../shared/corpus/dev`` (each text and its sidecar's title and date); when that
corpus is absent (a fresh clone without ``../shared``), from the copies in ``seeds/``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import DEV_CORPUS, SEEDS
from tests.fetch.localweb import Endless, Flaky, Item, LocalWeb, Redirect, Silent, Static, article_html, rss

#: a page about something else: it names a council, but no Ofsted visit or grade
OTHER_TEXT = """Sunderland City Council has opened a new leisure centre in the city.

The centre has a 25-metre pool, a climbing wall and a cafe run by local volunteers.

Councillor Jane Example said the council was delighted with the building, which came in on budget.
"""

ROBOTS = """# every other robot: nothing
User-agent: *
Disallow: /

# this project's reader: everything but the members' area
User-agent: ofsted-warehouse
Disallow: /private/
"""

#: small waits and limits, so the failures cost about a second (the read timeout stays well above
#: what a page of this site takes on a busy machine, or a page would time out by chance)
SETTINGS = {
    "min_interval_seconds": 0,
    "connect_timeout_seconds": 5,
    "read_timeout_seconds": 1.0,
    "retries": 1,
    "backoff_seconds": 0.01,
    "max_bytes": 300_000,
}
TRACKING = "?utm_source=twitter&utm_medium=social&fbclid=IwAR0abc"
#: the author every entry of the dev feed names
AUTHOR = "Sam Example"


@dataclass(frozen=True)
class Article:
    slug: str
    text: str
    title: str | None
    published: str | None  # ISO date

    @property
    def path(self) -> str:
        return f"/news/{self.slug}.html"

    def html(self) -> bytes:
        page = article_html(self.text, self.title)
        if self.published:  # the page's own metadata says the date too (a listed page has no feed entry)
            page = page.replace(b"<meta charset=\"utf-8\">",
                                f"<meta charset=\"utf-8\"><meta property=\"article:published_time\" content=\"{self.published}\">".encode())
        return page


def corpus() -> list[Article]:
    """The dev corpus texts (or the seeds when ../shared is absent), with sidecar title and date."""
    texts = sorted(DEV_CORPUS.glob("*.txt")) if DEV_CORPUS.is_dir() else []
    if len(texts) < 2:
        texts = sorted(SEEDS.glob("*.txt"))
    articles = []
    for path in texts:
        meta_path = path.with_suffix(".meta.json")
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        articles.append(Article(path.stem, path.read_text(encoding="utf-8"), meta.get("title"), meta.get("published_date")))
    return articles


@dataclass
class Site:
    web: LocalWeb
    #: in the dev feed
    feed_articles: list[Article]
    #: the page that answers 500 once
    flaky_article: Article

    @property
    def loadable(self) -> list[Article]:
        return [*self.feed_articles, self.flaky_article]

    def sources_toml(self, settings: dict | None = None) -> str:
        settings = {**SETTINGS, **(settings or {})}
        lines = ["[settings]", *(f"{k} = {json.dumps(v)}" for k, v in settings.items()), ""]
        for name, path in (("dev", "/feeds/dev.xml"), ("repeat", "/feeds/repeat.xml")):
            lines += ["[[feed]]", f'name = "{name}"', f'url = "{self.web.url(path)}"', ""]
        for name, path in PAGES.items():
            lines += ["[[page]]", f'name = "{name}"', f'url = "{self.web.url(path)}"', ""]
        return "\n".join(lines)


PAGES = {
    "flaky": "/news/flaky.html",
    "never-answers": "/news/slow.html",
    "members-only": "/private/members-only.html",
    "to-a-file": "/go/elsewhere",
    "huge": "/news/huge.html",
    "leisure-centre": "/news/leisure-centre.html",
}


def build_site(web: LocalWeb) -> Site:
    articles = corpus()
    feed_articles, flaky = articles[:-1], articles[-1]
    routes = {
        "/robots.txt": Static(ROBOTS.encode(), "text/plain", validators=False),
        "/feeds/dev.xml": Static(
            rss("Example News", [Item(web.url(a.path), a.title, a.published, AUTHOR) for a in feed_articles]),
            "application/rss+xml",
        ),
        "/feeds/repeat.xml": Static(
            rss("Example News - shared", [Item(web.url(feed_articles[0].path) + TRACKING, feed_articles[0].title,
                                                 feed_articles[0].published)]),
            "application/rss+xml",
        ),
        PAGES["flaky"]: Flaky(Static(flaky.html())),
        PAGES["never-answers"]: Silent(),
        PAGES["members-only"]: Static(feed_articles[0].html()),
        PAGES["to-a-file"]: Redirect("file:///etc/passwd"),
        PAGES["huge"]: Endless(SETTINGS["max_bytes"] * 2),
        PAGES["leisure-centre"]: Static(article_html(OTHER_TEXT, "New leisure centre opens")),
    }
    routes.update({a.path: Static(a.html()) for a in feed_articles})
    web.routes.update(routes)
    return Site(web, feed_articles, flaky)


def write_as_files(site: Site, folder: Path) -> Path:
    """The pages the feeds load, as HTML files with sidecars carrying the same dates, urls and authors."""
    folder.mkdir(parents=True, exist_ok=True)
    for article, path in [*((a, a.path) for a in site.feed_articles), (site.flaky_article, PAGES["flaky"])]:
        (folder / f"{article.slug}.html").write_bytes(article.html())
        meta = {"url": site.web.url(path)}
        if article is not site.flaky_article:  # a listed page has no feed entry, so no author
            meta["author"] = AUTHOR
        if article.title:
            meta["title"] = article.title
        if article.published:
            meta["published_date"] = article.published
        (folder / f"{article.slug}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder
