"""End to end against real Prefect servers: what the UI shows, a served deployment, runs at once.

Each test drives the ``ofsted`` CLI in subprocesses, as an operator would, and reads back
through the Prefect API (the same data the UI shows) and the warehouse.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from ofsted import warehouse as wh
from tests.conftest import SEEDS
from tests.ops.conftest import OFSTED, clean_env, copy_texts, dev_texts, explain, run_cli, stop

pytestmark = pytest.mark.slow

STAGES = {"start-run", "discover", "read", "check-known", "extract", "validate", "load", "publish-summary"}
ARTIFACT_KEYS = {"ofsted-run-summary", "ofsted-data-quality", "ofsted-ratings-loaded"}


@contextmanager
def prefect_client(url: str):
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: url}):
        with get_client(sync_client=True) as client:
            yield client


def last_runs(warehouse: Path) -> list[dict]:
    with wh.open_warehouse(warehouse, read_only=True) as con:
        cursor = con.execute("select * from pipeline_runs order by started_at")
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]


def loaded_paths(warehouse: Path, cwd: Path) -> tuple[list[str], int, int]:
    """Every path the warehouse holds (absolute; inputs under the run's cwd are recorded relative
    to it), and the documents' row and distinct-id counts."""
    with wh.open_warehouse(warehouse, read_only=True) as con:
        paths = [r[0] for r in con.execute("select source_path from document_paths").fetchall()]
        n_rows, n_ids = con.execute("select count(*), count(distinct doc_id) from documents").fetchone()
    return sorted(str(cwd / p) for p in paths), n_rows, n_ids


def test_a_run_against_a_prefect_server_shows_its_stages_logs_and_artifacts(prefect_server, seeds_src, tmp_path):
    from prefect.client.schemas.filters import (
        ArtifactFilter, ArtifactFilterFlowRunId, FlowRunFilter, FlowRunFilterId, LogFilter, LogFilterFlowRunId,
    )

    warehouse = tmp_path / "wh" / "ofsted.duckdb"
    env = clean_env(tmp_path / "client-home", api_url=prefect_server.url)
    result = run_cli(["run", "--source", str(seeds_src), "--warehouse", str(warehouse)], env, tmp_path)
    assert result.returncode == 0, explain(result)
    assert "Starting temporary server" not in result.stderr, "must use the real server, not an ephemeral one"
    (run,) = last_runs(warehouse)
    assert run["flow_run_id"], run
    flow_run_id = uuid.UUID(run["flow_run_id"])

    with prefect_client(prefect_server.url) as client:
        flow_run = client.read_flow_run(flow_run_id)
        assert flow_run.state.is_completed(), flow_run.state
        assert client.read_flow(flow_run.flow_id).name == "ofsted-pipeline"
        assert flow_run.parameters["source"] == str(seeds_src)

        task_runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
        stages = {t.name.rsplit("-", 1)[0] for t in task_runs}
        assert STAGES <= stages, stages
        assert all(t.state.is_completed() for t in task_runs), [(t.name, t.state.name) for t in task_runs]

        logs = [log.message for log in client.read_logs(
            log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])))]
        assert any(m.startswith("discovered 2 inputs") for m in logs), logs
        assert any(m.startswith("batch 1/1: 2 documents, 2 new or changed") for m in logs), logs
        assert any(m.startswith("Great Expectations Data Docs: file://") for m in logs), logs

        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))
    by_key = {a.key: a for a in artifacts}
    assert ARTIFACT_KEYS <= set(by_key), sorted(by_key)
    summary = by_key["ofsted-run-summary"].data
    docs_index = tmp_path / "wh" / "data_docs" / "index.html"
    assert docs_index.as_uri() in summary and docs_index.exists()
    quality = by_key["ofsted-data-quality"].data
    quality = json.loads(quality) if isinstance(quality, str) else quality
    assert {"suite", "expectation", "passed", "unexpected_count", "examples"} <= set(quality[0])
    assert {"documents", "ratings"} <= {row["suite"] for row in quality}
    assert "ofsted-data-quality-ratings" in by_key
    ratings = by_key["ofsted-ratings-loaded"].data
    ratings = json.loads(ratings) if isinstance(ratings, str) else ratings
    assert ratings and "rating" in ratings[0], ratings

    # the operator's view of the same run
    status = run_cli(["status", "--warehouse", str(warehouse)], env, tmp_path, timeout=60)
    assert status.returncode == 0, explain(status)
    assert run["run_id"][:8] in status.stdout and "completed" in status.stdout


def test_a_served_deployment_runs_by_hand_with_edited_parameters(prefect_server, seeds_src, tmp_path):
    name = f"ops-{uuid.uuid4().hex[:6]}"
    default_wh = tmp_path / "default" / "ofsted.duckdb"
    edited_wh = tmp_path / "edited" / "ofsted.duckdb"
    env = clean_env(tmp_path / "serve-home", api_url=prefect_server.url)
    env["PREFECT_RUNNER_POLL_FREQUENCY"] = "2"  # pick the run up in 2 s, not 10
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            OFSTED + ["serve", "--name", name, "--cron", "0 6 * * *", "--source", str(seeds_src),
                      "--warehouse", str(default_wh)],
            env=env, cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        with prefect_client(prefect_server.url) as client:
            deadline = time.monotonic() + 90
            while True:
                assert server.poll() is None, log.read_text()
                try:
                    deployment = client.read_deployment_by_name(f"ofsted-pipeline/{name}")
                    break
                except Exception:  # noqa: BLE001 - not registered yet
                    assert time.monotonic() < deadline, log.read_text()
                    time.sleep(0.5)
            assert deployment.parameters == {"source": str(seeds_src), "warehouse": str(default_wh)}
            assert [s.schedule.cron for s in deployment.schedules] == ["0 6 * * *"]

            # "Custom run" in the UI: the warehouse parameter edited for this run
            flow_run = client.create_flow_run_from_deployment(deployment.id, parameters={"warehouse": str(edited_wh)})
            deadline = time.monotonic() + 180
            while not (state := client.read_flow_run(flow_run.id).state).is_final():
                assert time.monotonic() < deadline, f"still {state.name}\n{log.read_text()[-4000:]}"
                assert server.poll() is None, log.read_text()
                time.sleep(1)
            assert state.is_completed(), f"{state}\n{log.read_text()[-4000:]}"
    finally:
        stop(server, sig=2)  # Ctrl-C: pauses the schedule, exits
    paths, n_rows, _ = loaded_paths(edited_wh, tmp_path)
    assert paths == sorted(str(p) for p in seeds_src.glob("*.txt")) and n_rows == 2
    (run,) = last_runs(edited_wh)
    assert run["flow_run_id"] == str(flow_run.id)
    assert not default_wh.exists(), "the edited parameter must replace the default"


def test_runs_started_together_serialise_and_load_every_document_once(tmp_path):
    """Three ``ofsted run`` at once on a fresh, shared PREFECT_HOME with no server: each starts
    a temporary Prefect server. Two share a warehouse (different folders); one has its own."""
    home = tmp_path / "fresh-prefect-home"  # nothing in it yet: the servers create its database
    env = clean_env(home)
    first = copy_texts(tmp_path / "first", sorted(SEEDS.iterdir()) + dev_texts(0, 3))
    second = copy_texts(tmp_path / "second", dev_texts(3, 4))
    other = copy_texts(tmp_path / "other", dev_texts(7, 2))
    shared_wh, other_wh = tmp_path / "wh" / "shared.duckdb", tmp_path / "wh2" / "other.duckdb"
    jobs = {
        "first": (first, shared_wh),
        "second": (second, shared_wh),
        "other": (other, other_wh),
    }
    procs = {
        name: subprocess.Popen(OFSTED + ["run", "--source", str(src), "--warehouse", str(target)], env=env,
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
        for name, (src, target) in jobs.items()
    }
    results = {}
    try:
        for name, proc in procs.items():
            out, err = proc.communicate(timeout=300)
            results[name] = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    finally:
        for proc in procs.values():
            stop(proc)
    for name, result in results.items():
        assert result.returncode == 0, f"{name}: {explain(result)}"
        assert "fk_artifact" not in result.stderr and "Timed out" not in result.stderr, explain(result)
    assert any("waiting for another run" in results[n].stderr for n in ("first", "second"))

    paths, n_rows, n_ids = loaded_paths(shared_wh, tmp_path)
    expected = sorted(str(p) for folder in (first, second) for p in folder.glob("*.txt"))
    assert paths == expected, "every text of both folders, each path once"
    assert n_rows == n_ids, "no document loaded twice"
    runs = last_runs(shared_wh)
    assert [r["status"] for r in runs] in (["completed"] * 2, ["completed_with_rejections"] * 2,
                                           ["completed", "completed_with_rejections"],
                                           ["completed_with_rejections", "completed"]), runs
    assert runs[1]["started_at"] >= runs[0]["finished_at"], "the second run must wait for the first"
    assert sum(r["n_new"] + r["n_changed"] + r["n_unchanged"] for r in runs) == len(expected)
    other_paths, _, _ = loaded_paths(other_wh, tmp_path)
    assert other_paths == sorted(str(p) for p in other.glob("*.txt"))


TELEMETRY_PROBE = textwrap.dedent(
    """
    import json, os, sys
    import ofsted.cli as cli

    quiet = cli.quiet_environment

    def quiet_then_spy():
        quiet()  # what main() does first; then wrap the flow's body to look around inside the run
        import flows.pipeline as pipeline

        def spy(*args, **kwargs):
            from prefect.context import FlowRunContext
            from prefect.server.api.server import SubprocessASGIServer
            from prefect.settings import get_current_settings

            settings = get_current_settings()
            server = SubprocessASGIServer._instances.get(None)
            with open(f"/proc/{server.server_process.pid}/environ", "rb") as handle:
                server_env = dict(item.decode().split("=", 1) for item in handle.read().split(b"\\0") if b"=" in item)
            seen = {
                "in_flow_run": FlowRunContext.get() is not None,
                "env": {k: os.environ.get(k) for k in cli.QUIET_ENV},
                "server_env": {k: server_env.get(k) for k in cli.QUIET_ENV},
                "prefect_server_analytics": settings.server.analytics_enabled,
            }
            with open(sys.argv[1], "w") as out:
                json.dump(seen, out)
            return {"status": "completed", "n_rejected": 0, "rows_rejected": 0, "lines": ["probe only"]}

        pipeline.run_stages = spy

    cli.quiet_environment = quiet_then_spy
    sys.exit(cli.main(["run", "--source", sys.argv[2], "--warehouse", sys.argv[3]]))
    """
)


def test_nothing_leaves_the_machine_analytics_are_off_inside_a_run(tmp_path, seeds_src):
    """Started with none of the settings in its environment, a run still has them all in force,
    in the flow run and in the temporary Prefect server it starts."""
    env = clean_env(tmp_path / "home", quiet=False)
    assert not {"DO_NOT_TRACK", "GX_ANALYTICS_ENABLED", "PREFECT_SERVER_ANALYTICS_ENABLED"} & set(env)
    seen_file = tmp_path / "seen.json"
    result = subprocess.run(
        [sys.executable, "-c", TELEMETRY_PROBE, str(seen_file), str(seeds_src), str(tmp_path / "wh.duckdb")],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=240,
    )
    assert result.returncode == 0, explain(result)
    seen = json.loads(seen_file.read_text())
    assert seen["in_flow_run"]
    wanted = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
              "DO_NOT_TRACK": "1", "GX_ANALYTICS_ENABLED": "false"}
    assert seen["env"] == wanted
    assert "probe only" in result.stdout
    # the server's environment also carries Prefect's own serialisation of its settings ("False")
    assert {k: (v or "").lower() for k, v in seen["server_env"].items()} == wanted
    assert seen["prefect_server_analytics"] is False
