"""The review page in a real browser (Debian's headless chromium driven by Playwright), end to end.

One warehouse for the module: the seeds plus ``tests/data/review/sunderland-outstanding-2021.txt``,
written for this test, which says Sunderland's help and protection was rated outstanding in
August 2021 where Ofsted's record says good. The tests run in order: the analyst finds that
disagreement in the queue and corrects it; the warehouse is deleted and rebuilt and the
correction applies again; the document changes and the correction turns stale; then the app's
refusals (other hosts and origins, missing tokens, a running pipeline).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

from ofsted.pipeline import run_plain
from ofsted import cli
from ofsted import warehouse as wh
from ofsted.corrections import read_corrections
from ofsted.locking import exclusive_flock, lock_path
from tests.conftest import ROOT, SEEDS

CHROMIUM = Path("/usr/bin/chromium")
TEST_TEXT = ROOT / "tests" / "data" / "review" / "sunderland-outstanding-2021.txt"
SUNDERLAND = "E08000024"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(texts: Path, warehouse: Path) -> dict:
    summary = run_plain(str(texts), str(warehouse))
    assert summary["status"] in ("completed", "completed_with_rejections"), summary["lines"]
    return summary


def sql(warehouse: Path, query: str, params=None) -> list[tuple]:
    with wh.open_warehouse(warehouse, read_only=True) as con:
        return con.execute(query, params or []).fetchall()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Texts, a warehouse built from them, and the review app serving it on a free local port."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: `python3 dev.py test` installs it (apt-get install chromium)")
    import uvicorn

    from ofsted.review.app import ReviewConfig, create_app

    base = tmp_path_factory.mktemp("review")
    texts = base / "texts"
    shutil.copytree(SEEDS, texts)
    shutil.copy(TEST_TEXT, texts / TEST_TEXT.name)
    warehouse = base / "wh" / "ofsted.duckdb"
    build(texts, warehouse)
    port = free_port()
    config = ReviewConfig(str(warehouse), None, "127.0.0.1", port, "test analyst")
    server = uvicorn.Server(uvicorn.Config(create_app(config), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the review app did not start"
        time.sleep(0.05)
    yield {"texts": texts, "warehouse": warehouse, "url": f"http://127.0.0.1:{port}", "port": port,
           "corrections": warehouse.parent / "corrections.csv"}
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def page(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(30_000)
        yield page
        browser.close()


def field(page, name: str) -> str:
    return page.locator(f"#fact dd[data-field={name}]").inner_text().strip()


def test_an_analyst_finds_the_disagreement_and_corrects_the_grade(site, page):
    page.goto(site["url"] + "/")
    # filter the queue to grades that disagree with Ofsted's record
    page.select_option("#filter-verdict", "disagrees")
    page.click("#filters button[type=submit]")
    item = page.locator("#queue a[data-fact-key='E08000024|help_and_protection']")
    assert item.count() == 1, page.locator("#queue").inner_text()
    item.click()
    assert field(page, "rating") == "outstanding"
    assert field(page, "origin") == "extracted"
    assert page.locator("#verdict").inner_text() == "disagrees"
    assert page.locator("#official-rating").inner_text() == "good"
    assert "help and protection were rated outstanding" in page.locator("#evidence").inner_text()

    # correct the grade from the keyboard: e focuses the correction form
    page.keyboard.press("e")
    page.select_option("#set-rating", "good")
    page.fill("#set-reason", "Ofsted's letter of August 2021 grades help and protection good")
    page.click("#form-set button[type=submit]")

    assert "Saved" in page.locator("#message").inner_text()
    assert field(page, "rating") == "good"
    assert field(page, "origin") == "corrected"
    assert field(page, "reviewed") == "yes"
    assert page.locator("#verdict").inner_text() == "agrees"

    rows = sql(site["warehouse"], """select r.rating, r.origin, r.reviewed, c.verdict from ratings r
                                      join rating_checks c on c.doc_id = r.doc_id and c.area = r.area
                                      where r.area = 'help_and_protection' and r.la_code = ?""", [SUNDERLAND])
    assert rows == [("good", "corrected", True, "agrees")]
    raw = sql(site["warehouse"], "select rating from extracted_ratings where area = 'help_and_protection'")
    assert raw == [("outstanding",)]  # the raw extraction stays queryable as it was read
    [saved] = read_corrections(site["corrections"])
    assert (saved.action, saved.fact_type, saved.key, saved.fields, saved.author) == (
        "set", "ratings", "E08000024|help_and_protection", {"rating": "good"}, "test analyst")


def test_the_correction_applies_again_after_the_warehouse_is_rebuilt(site, capsys):
    warehouse = site["warehouse"]
    for leftover in (warehouse, Path(f"{warehouse}.wal")):
        leftover.unlink(missing_ok=True)
    summary = build(site["texts"], warehouse)
    assert summary["corrections"]["applied"] == 1 and summary["corrections"]["stale"] == 0
    assert sql(warehouse, "select rating, origin from ratings where area = 'help_and_protection'") == [("good", "corrected")]
    assert cli.main(["status", "--warehouse", str(warehouse)]) == 0
    out = capsys.readouterr().out
    assert "1 applied, 0 stale" in out and "no stale correction" in out


def test_a_correction_whose_document_changed_shows_as_stale(site, page, capsys):
    changed = site["texts"] / TEST_TEXT.name
    changed.write_text(TEST_TEXT.read_text().replace("were rated outstanding", "were rated good"))
    build(site["texts"], site["warehouse"])
    [saved] = read_corrections(site["corrections"])
    assert cli.main(["status", "--warehouse", str(site["warehouse"])]) == 0
    out = capsys.readouterr().out
    assert "0 applied, 1 stale" in out and f"STALE {saved.correction_id}" in out
    page.goto(site["url"] + "/")
    stale = page.locator(f"#stale li[data-correction='{saved.correction_id}']")
    assert stale.count() == 1
    assert "no document with this content" in stale.inner_text()


def test_the_app_refuses_other_hosts_other_origins_and_writes_without_a_page_token(site):
    url = site["url"]
    assert httpx.get(url + "/", headers={"Host": "attacker.example"}).status_code == 421
    form = {"action": "confirm", "fact_type": "ratings", "doc_id": "x", "key": "y", "reason": "r"}
    assert httpx.post(url + "/act", data=form, headers={"Origin": "http://attacker.example"}).status_code == 403
    assert httpx.post(url + "/act", data=form).status_code == 403  # no Origin, no Referer
    refused = httpx.post(url + "/act", data={**form, "csrf": "made-up"}, headers={"Origin": url})
    assert refused.status_code == 403 and "token" in refused.text
    assert len(read_corrections(site["corrections"])) == 1


def test_while_a_run_holds_the_lock_the_page_says_so_and_refuses_writes(site, page):
    before = site["corrections"].read_bytes()
    page.goto(site["url"] + "/?" + "type=ratings&key=E08000024%7Coverall_effectiveness&doc=" + sql(
        site["warehouse"], "select doc_id from ratings where rule <> 'correction' and area = 'overall_effectiveness' "
                           "order by doc_id limit 1")[0][0])
    with exclusive_flock(lock_path(site["warehouse"]), 5):
        # the page was loaded before the run started: its confirm button is live, the write is refused
        page.click("#form-confirm button[type=submit]")
        assert "pipeline run" in page.locator("#error").inner_text()
        assert page.locator("#busy").count() == 1
        assert page.locator("#form-confirm button[type=submit]").is_disabled()
    assert site["corrections"].read_bytes() == before


def test_selecting_words_in_the_document_gives_an_added_fact_their_span(site, page):
    doc_id = sql(site["warehouse"], "select doc_id from documents where source_path like '%sunderland-outstanding-2021.txt'")[0][0]
    page.goto(f"{site['url']}/?type=ratings&doc={doc_id}&key=E08000024%7Coverall_effectiveness")
    words = "The impact of leaders on social work practice was judged outstanding."
    page.evaluate("""(words) => {
        const text = document.getElementById('doctext');
        const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walker.nextNode())) {
            const at = node.data.indexOf(words);
            if (at >= 0) {
                const range = document.createRange();
                range.setStart(node, at); range.setEnd(node, at + words.length);
                const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
                text.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
                return;
            }
        }
        throw new Error('words not found');
    }""", words)
    page.keyboard.press("a")
    form = page.locator("#form-add-ratings")
    form.locator("select[name=f_area]").select_option("leadership")
    form.locator("select[name=f_rating]").select_option("outstanding")
    form.locator("input[name=reason]").fill("the rules missed the leadership grade")
    form.locator("button[type=submit]").click()
    assert field(page, "origin") == "added"
    [(start, end, evidence, rule)] = sql(site["warehouse"], "select start_char, end_char, evidence, rule from ratings "
                                                            "where doc_id = ? and area = 'leadership' and origin = 'added'", [doc_id])
    text = sql(site["warehouse"], "select text from documents where doc_id = ?", [doc_id])[0][0]
    assert text[start:end] == words == evidence and rule == "correction"
