"""What the warehouse remembers between runs, on a second small site: validators are kept only
for what was settled, so a failed entry keeps its feed asked in full, and a page whose document
went missing is read again from the archive (no download) when the server says 304."""

from __future__ import annotations

import pytest

from ofsted.pipeline import plain_stages, run_stages
from ofsted import warehouse as wh
from ofsted.fetch import build_plan
from tests.fetch.localweb import Flaky, Item, LocalWeb, Static, article_html, rss
from tests.fetch.site import SETTINGS, corpus


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    first_article, second_article = corpus()[:2]
    with LocalWeb() as web:  # no robots.txt route: a 404, so everything may be fetched
        web.routes.update({
            "/feed.xml": Static(rss("Council news", [
                Item(web.url("/news/good.html"), "Ofsted: children's services judged good", first_article.published),
                Item(web.url("/news/broken.html"), "Ofsted letter published"),
            ]), "application/atom+xml"),
            "/filtered.xml": Static(rss("Everything", [Item(web.url("/news/bins.html"), "Bin collections change")]),
                                    "application/rss+xml"),
            "/news/good.html": Static(first_article.html()),
            "/news/broken.html": Flaky(Static(b"never served"), failures=99),
            "/letter.html": Static(article_html(second_article.text, "Letter")),
        })
        folder = tmp_path_factory.mktemp("recovery")
        sources = folder / "sources.toml"
        settings = "\n".join(f"{k} = {v}" for k, v in SETTINGS.items())
        sources.write_text(
            f"[settings]\n{settings}\n\n"
            f'[[feed]]\nname = "council"\nurl = "{web.url("/feed.xml")}"\n\n'
            f'[[feed]]\nname = "filtered"\nurl = "{web.url("/filtered.xml")}"\nkeywords = ["Ofsted"]\n\n'
            f'[[page]]\nname = "letter"\nurl = "{web.url("/letter.html")}"\n',
            encoding="utf-8",
        )
        warehouse = folder / "wh.duckdb"
        plan = build_plan(sources)
        first = run_stages(plain_stages(), None, str(warehouse), fetch_plan=plan)
        letter_url = web.url("/letter.html")
        with wh.open_warehouse(warehouse) as con:  # the letter's document goes missing
            (doc_id,) = con.execute("select doc_id from documents where url = ?", [letter_url]).fetchone()
            con.execute("begin transaction")
            wh.delete_documents(con, [doc_id])
            con.execute("delete from document_paths where doc_id = ?", [doc_id])
            con.execute("commit")
        mark = len(web.hits)
        second = run_stages(plain_stages(), None, str(warehouse), fetch_plan=plan)
        yield web, warehouse, first, second, web.hits[mark:], letter_url


def outcomes(warehouse, run) -> dict[str, tuple[str, int | None]]:
    with wh.open_warehouse(warehouse, read_only=True) as con:
        rows = con.execute("select listed_url, outcome, status from fetches where run_id = ?", [run["run_id"]]).fetchall()
    return {url.rsplit("/", 1)[-1]: (outcome, status) for url, outcome, status in rows}


def test_a_failed_entry_keeps_its_feed_asked_in_full_so_the_entry_is_tried_again(two_runs):
    web, warehouse, first, second, hits, _ = two_runs
    assert outcomes(warehouse, first)["broken.html"] == ("failed", 500)
    feed_requests = [h for h in hits if h.path == "/feed.xml"]
    assert [(h.status, h.headers.get("if-none-match")) for h in feed_requests] == [(200, None)]
    now = outcomes(warehouse, second)
    assert now["broken.html"] == ("failed", 500)  # tried again
    assert now["good.html"] == ("unchanged", 304)  # the settled entry costs one 304
    assert now["filtered.xml"] == ("unchanged", 304)  # a feed whose entries all settled


def test_an_entry_failing_the_sources_keyword_filter_is_skipped_without_being_requested(two_runs):
    web, warehouse, first, *_ = two_runs
    assert outcomes(warehouse, first)["bins.html"] == ("skipped", None)
    assert not web.requests_for("/news/bins.html")


def test_a_page_whose_document_went_missing_is_read_again_from_the_archive_on_a_304(two_runs):
    web, warehouse, first, second, hits, letter_url = two_runs
    assert outcomes(warehouse, first)["letter.html"] == ("loaded", 200)
    assert [h.status for h in hits if h.path == "/letter.html"] == [304]
    assert outcomes(warehouse, second)["letter.html"] == ("loaded", 304)
    assert second["n_new"] == 1 and second["fetch"]["loaded"] == 1
    with wh.open_warehouse(warehouse, read_only=True) as con:
        assert con.execute("select count(*) from documents where url = ?", [letter_url]).fetchone()[0] == 1


def test_an_unexpected_error_on_one_page_fails_that_page_only(tmp_path, monkeypatch):
    import httpx

    import ofsted.fetch.stage as stage
    from ofsted.fetch import FetchPlan, FetchSettings, Source, fetch_sources
    from tasks.load import prepare_warehouse

    text = corpus()[0].text
    pages = {"/bad": "<html><body><p>boom</p></body></html>", "/good": f"<html><body><p>{text}</p></body></html>"}

    def handler(request):
        if request.url.path in pages:
            return httpx.Response(200, text=pages[request.url.path], headers={"content-type": "text/html"})
        return httpx.Response(404)

    real_judge = stage.judge
    monkeypatch.setattr(stage, "judge", lambda t: 1 / 0 if "boom" in t else real_judge(t))
    warehouse = tmp_path / "wh.duckdb"
    prepare_warehouse(warehouse)
    plan = FetchPlan((Source("bad", "page", "https://a.org/bad"), Source("good", "page", "https://a.org/good")),
                     FetchSettings(min_interval=0))
    result = fetch_sources(plan, warehouse, "run1", transport=httpx.MockTransport(handler))
    bad, good = result.records
    assert (bad.outcome, bad.reason) == ("failed", "unexpected error: ZeroDivisionError: division by zero")
    assert good.outcome == "fetched" and [c.source_path for c in result.candidates] == ["https://a.org/good"]


def test_when_the_fetch_stage_itself_fails_the_folder_still_loads_and_the_run_says_so(tmp_path):
    import dataclasses
    import shutil

    from ofsted.pipeline import plain_stages
    from ofsted.fetch import FetchPlan, Source
    from tests.conftest import SEEDS

    def broken(*args):
        raise OSError("disk full")

    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    stages = dataclasses.replace(plain_stages(), fetch=broken)
    plan = FetchPlan((Source("x", "feed", "https://a.org/rss"),))
    summary = run_stages(stages, str(folder), str(tmp_path / "wh.duckdb"), fetch_plan=plan)
    assert summary["n_new"] == len(list(SEEDS.glob("*.txt"))) and summary["status"] == "failed"
    assert "fetching 1 feed from command line failed: OSError: disk full" in summary["message"]
