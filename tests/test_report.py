"""``ofsted report``: the authority page (timeline chart, events, stories, quotes), the index,
authority names, HTML escaping, and the page rendered by a real headless browser."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ofsted import warehouse as wh
from ofsted.events import refresh_events
from ofsted.report import (
    AuthorityNotFound,
    authorities_touched,
    report_command,
    reports_for_run,
    resolve_authority,
    write_reports_for,
)
from test_events import SUNDERLAND, WIGAN, Rows, _upstream_missing

D = dt.date
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def quote(con, doc_id, speaker, text, role=None, org=None, start=100):
    con.execute("insert into extracted_quotes values (?, ?, ?, ?, ?, ?, ?, 'test')",
                [doc_id, speaker, role, org, text, start, start + len(text)])


@pytest.fixture()
def hand_made(migrated_warehouse):
    """Sunderland: a 2015 inspection told by two stories that disagree, and an undated visit;
    Wigan: coverage without any inspection; every other authority: nothing."""
    with wh.open_warehouse(migrated_warehouse) as con:
        rows = Rows(con)
        official = rows.official(f"{SUNDERLAND}:sif:2015-07-20", published=D(2015, 7, 20),
                                 grades={"overall_effectiveness": "inadequate", "adoption": "inadequate"})
        rows.official(f"{SUNDERLAND}:ilacs_standard:2021-08-20", framework="ilacs_standard", start=D(2021, 6, 28),
                      published=D(2021, 8, 20), grades={"overall_effectiveness": "outstanding"})
        a = rows.inspection(rows.doc("aaaa", published=D(2015, 7, 21), title="Council <script>alert(1)</script> slammed"),
                            year=2015, month=7, official_id=official)
        b = rows.inspection(rows.doc("bbbb", published=D(2018, 7, 30), title="Sunderland & the long road"),
                            year=2015, official_id=official)
        rows.rating(a, "overall_effectiveness", "inadequate", evidence="Services were judged inadequate in July 2015.")
        rows.rating(b, "overall_effectiveness", "requires_improvement", evidence="Back in 2015 services <b>required improvement</b>.")
        rows.inspection("aaaa", visit="monitoring_visit", month=6, ordinal=4, date_text="mid-June")
        con.execute("update documents set url = 'https://example.org/news/1?a=1&b=2' where doc_id = 'aaaa'")
        con.execute("update documents set url = 'javascript:alert(1)' where doc_id = 'bbbb'")
        quote(con, "aaaa", "Fiona Millns", "Overall Together for Children are making sustained progress.",
              role="led the inspection team", org="Ofsted")
        quote(con, "bbbb", "Graeme Miller", "We always knew it would take <time> to turn things around.",
              role="Councillor, Leader", org="Sunderland City Council")
        rows.doc("cccc", title="Wigan pupils", published=D(2020, 1, 1))
        con.execute("insert into extracted_organisations values ('cccc', 'Wigan Council', 'local_authority', ?, 0, 5, 'test')", [WIGAN])
        refresh_events(con)
    return migrated_warehouse


def args_for(warehouse, authority=None, all_=False, out=None):
    return argparse.Namespace(warehouse=str(warehouse), authority=authority, all=all_, out=None if out is None else str(out))


# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("given", ["E08000024", "e08000024", "Sunderland", "SUNDERLAND", "Sunderland City Council",
                                   "  sunderland  city council "])
def test_authority_names_and_codes_resolve_case_insensitively(hand_made, given):
    with wh.open_warehouse(hand_made, read_only=True) as con:
        assert resolve_authority(con, given) == SUNDERLAND


def test_aliases_and_former_codes_resolve(hand_made):
    with wh.open_warehouse(hand_made, read_only=True) as con:
        code, alias = con.execute(
            "select gss_code, split_part(aliases, '|', 1) from local_authorities where aliases is not null "
            "order by gss_code limit 1").fetchone()
        assert resolve_authority(con, alias.upper()) == code
        code, former = con.execute(
            "select gss_code, split_part(former_gss_codes, '|', 1) from local_authorities "
            "where former_gss_codes is not null order by gss_code limit 1").fetchone()
        assert resolve_authority(con, former) == code


def test_an_unknown_authority_is_refused_with_a_suggestion(hand_made, capsys):
    with wh.open_warehouse(hand_made, read_only=True) as con:
        with pytest.raises(AuthorityNotFound, match="Sunderland"):
            resolve_authority(con, "Sunderlund")
    assert report_command(args_for(hand_made, authority="Atlantis")) == 2
    assert "no local authority is called 'Atlantis'" in capsys.readouterr().err


def test_the_page_is_self_contained_and_lists_events_stories_and_quotes(hand_made, tmp_path):
    out = tmp_path / "sunderland.html"
    assert report_command(args_for(hand_made, authority="sunderland", out=out)) == 0
    page = out.read_text(encoding="utf-8")
    assert page.count("<html") == 1
    # Plotly inlined, nothing fetched from the network
    assert "Plotly" in page and len(page) > 1_000_000
    assert not re.search(r"<script[^>]+src=", page)
    assert 'id="timeline"' in page
    # the events, each with its stories
    assert f'data-event-id="{SUNDERLAND}:inspection:2015-07"' in page
    assert f'data-event-id="{SUNDERLAND}:monitoring_visit:undated:aaaa-i2"' in page
    assert "Inspection — July 2015" in page and "Monitoring visit — June (year not given)" in page
    assert "2 stories" in page
    assert "Fiona Millns" in page and "led the inspection team" in page
    assert "Overall Together for Children are making sustained progress." in page
    # the conflict, with both evidence sentences
    assert "two stories disagree" in page
    assert "Services were judged inadequate in July 2015." in page
    assert 'href="https://example.org/news/1?a=1&amp;b=2"' in page


def test_text_from_documents_is_escaped(hand_made, tmp_path):
    out = tmp_path / "page.html"
    assert report_command(args_for(hand_made, authority=SUNDERLAND, out=out)) == 0
    page = out.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "Council &lt;script&gt;alert(1)&lt;/script&gt; slammed" in page
    assert "Sunderland &amp; the long road" in page
    assert "<b>required improvement</b>" not in page and "&lt;b&gt;required improvement&lt;/b&gt;" in page
    assert "take &lt;time&gt; to turn" in page
    assert 'href="javascript:' not in page  # only http(s) links become links


def test_the_default_output_is_the_warehouse_reports_folder(hand_made, capsys):
    assert report_command(args_for(hand_made, authority="Sunderland")) == 0
    path = hand_made.parent / "reports" / f"{SUNDERLAND}.html"
    assert path.exists() and str(path) in capsys.readouterr().out


def test_all_writes_an_index_and_a_page_per_authority_with_coverage(hand_made, tmp_path):
    out = tmp_path / "site"
    assert report_command(args_for(hand_made, all_=True, out=out)) == 0
    assert sorted(p.name for p in out.glob("*.html")) == sorted(["index.html", f"{SUNDERLAND}.html", f"{WIGAN}.html"])
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="{SUNDERLAND}.html"' in index and f'href="{WIGAN}.html"' in index
    wigan = (out / f"{WIGAN}.html").read_text(encoding="utf-8")
    assert "Wigan pupils" in wigan and "No document reports an inspection" in wigan
    # the pages share one copy of Plotly in the folder (no network either)
    assert (out / "plotly.min.js").stat().st_size > 1_000_000
    assert '<script src="plotly.min.js"></script>' in wigan


def test_write_reports_for_returns_a_page_per_authority(hand_made, tmp_path):
    pages = write_reports_for(hand_made, [SUNDERLAND, WIGAN, SUNDERLAND], tmp_path / "r")
    assert pages == {SUNDERLAND: tmp_path / "r" / f"{SUNDERLAND}.html", WIGAN: tmp_path / "r" / f"{WIGAN}.html"}
    assert all(p.exists() for p in pages.values())
    with wh.open_warehouse(hand_made, read_only=True) as con:
        assert authorities_touched(con, "test") == sorted([SUNDERLAND, WIGAN])
        assert authorities_touched(con, "another run") == []
    assert authorities_touched(hand_made, "test") == sorted([SUNDERLAND, WIGAN])


def test_reports_for_run_gives_the_run_summary_links(hand_made):
    links = reports_for_run(hand_made, "test")
    assert sorted(links) == ["Report: Sunderland (E08000024)", "Report: Wigan (E08000010)"]
    for uri in links.values():
        assert uri.startswith("file://") and Path(uri[len("file://"):]).exists()
        assert uri.endswith(".html") and "/reports/" in uri
    assert reports_for_run(hand_made, "a run that loaded nothing") == {}


# --------------------------------------------------------------------------------------------
# the seeds, in a real browser


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def dump_dom(browser: str, page: Path, profile: Path) -> str:
    result = subprocess.run(
        [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=5000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.fixture(scope="module")
def seeds_report(seeds_run, tmp_path_factory):
    """The Sunderland report of the seeds through the pipeline (the session's seeds run, copied:
    the report is written beside the warehouse)."""
    reason = _upstream_missing()
    if reason:
        pytest.skip(reason)
    wh_path = seeds_run.copy_warehouse(tmp_path_factory.mktemp("seeds_report") / "wh" / "seeds.duckdb")
    assert report_command(args_for(wh_path, authority="Sunderland")) == 0
    return wh_path.parent / "reports" / f"{SUNDERLAND}.html"


def test_the_seed_report_lists_the_three_sunderland_events(seeds_report):
    page = seeds_report.read_text(encoding="utf-8")
    assert len(re.findall(r'data-event-id="E08000024:', page)) == 3
    assert f'data-event-id="{SUNDERLAND}:inspection:2015-07"' in page
    assert "Fiona Millns" in page and "Deborah Jenkins" in page


def test_the_sunderland_report_renders_in_a_headless_browser(seeds_report, tmp_path):
    browser = chromium()
    if browser is None:
        pytest.skip("chromium is not installed (apt-get install chromium; `python dev.py test` installs it as root)")
    dom = dump_dom(browser, seeds_report, tmp_path / "profile")
    # Plotly ran: the chart's SVG exists, with the area traces drawn
    assert '<svg class="main-svg"' in dom
    assert dom.count('class="scatterlayer') >= 1 and "Overall effectiveness" in dom
    assert len(re.findall(r'class="trace scatter', dom)) >= 3
    # the events are listed
    assert len(re.findall(r'<section class="event[^"]*" id="E08000024:', dom)) == 3
    assert "Inspection — July 2015" in dom
