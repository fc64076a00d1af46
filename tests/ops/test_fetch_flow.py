"""``ofsted run --sources`` with a folder, against a real Prefect server: the fetch and settle
stages are task runs of the flow, and the summary and the ``ofsted-fetches`` artifact give the
counts. The web site is on 127.0.0.1, served by this test.

The command runs in this process (``ofsted.cli.main``) against the session's Prefect server: the
other tests here pin the command in subprocesses; this one pins what the flow shows in Prefect."""

from __future__ import annotations

import contextlib
import io
import json
import uuid

import pytest

from ofsted.cli import main
from tests.conftest import SEEDS, against_prefect_server
from tests.fetch.localweb import Item, LocalWeb, Static, article_html, rss
from tests.fetch.site import OTHER_TEXT, SETTINGS, corpus
from tests.ops.conftest import copy_texts
from tests.ops.test_prefect_server import last_runs, prefect_client

pytestmark = pytest.mark.slow


def test_a_scheduled_style_run_fetches_a_feed_beside_a_folder_and_reports_it_in_prefect(prefect_server, tmp_path):
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, FlowRunFilter, FlowRunFilterId

    article = corpus()[-1]
    with LocalWeb() as web:
        web.routes.update({
            "/rss": Static(rss("News", [Item(web.url("/a.html"), article.title, article.published),
                                        Item(web.url("/b.html"), "Leisure centre")]), "application/rss+xml"),
            "/a.html": Static(article.html()),
            "/b.html": Static(article_html(OTHER_TEXT)),
        })
        sources = tmp_path / "sources.toml"
        settings = "\n".join(f"{k} = {v}" for k, v in SETTINGS.items())
        sources.write_text(f'[settings]\n{settings}\n\n[[feed]]\nname = "news"\nurl = "{web.url("/rss")}"\n', encoding="utf-8")
        folder = copy_texts(tmp_path / "texts", sorted(SEEDS.iterdir()))
        warehouse = tmp_path / "wh" / "ofsted.duckdb"
        # stdout only: Prefect's log handlers keep the stderr they were set up with
        with against_prefect_server(prefect_server.url), contextlib.redirect_stdout(io.StringIO()) as out:
            returned = main(["run", "--sources", str(sources), "--source", str(folder), "--warehouse", str(warehouse)])
    stdout = out.getvalue()
    assert returned == 0, f"exit {returned} (stderr is in the captured output)\n{stdout}"
    assert "entries: 2 seen, 2 fetched, 0 unchanged (0 by 304), 1 skipped, 0 refused, 0 failed, 1 loaded" in stdout, stdout
    n_seeds = len(list(SEEDS.glob("*.txt")))
    assert f"documents: {n_seeds + 1} found, {n_seeds + 1} new" in stdout

    (run,) = last_runs(warehouse)
    flow_run_id = uuid.UUID(run["flow_run_id"])
    with prefect_client(prefect_server.url) as client:
        flow_run = client.read_flow_run(flow_run_id)
        assert flow_run.parameters["sources"] == str(sources) and flow_run.parameters["source"] == str(folder)
        task_runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
        stages = [t.name.rsplit("-", 1)[0] for t in sorted(task_runs, key=lambda t: t.start_time)]
        assert stages.index("fetch") < stages.index("discover") < stages.index("settle-fetches"), stages
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))
    by_key = {a.key: a for a in artifacts}
    assert "| entries seen | 2 |" in by_key["ofsted-run-summary"].data
    rows = by_key["ofsted-fetches"].data
    rows = json.loads(rows) if isinstance(rows, str) else rows
    assert [(r["kind"], r["outcome"]) for r in rows] == [("feed", "read"), ("page", "loaded"), ("page", "skipped")]
