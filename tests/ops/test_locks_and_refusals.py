"""Concurrency guards and refusals that need no Prefect server: they answer in seconds."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from ofsted import warehouse as wh
from tests.ops.conftest import clean_env, explain, run_cli, stop

HOLD_RUN_LOCK = textwrap.dedent(
    """
    import sys, time
    from ofsted.locking import run_lock
    with run_lock(sys.argv[1]):
        print("held", flush=True)
        time.sleep(120)
    """
)

HOLD_WRITER = textwrap.dedent(
    """
    import sys, time
    from ofsted import warehouse as wh
    con = wh.connect(sys.argv[1])
    con.execute("begin transaction")
    con.execute("insert into pipeline_runs (run_id, source, started_at, status) values ('w', 'x', now(), 'running')")
    print("held", flush=True)
    time.sleep(120)
    """
)


def hold(script: str, target, env) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", script, str(target)], env=env, stdout=subprocess.PIPE,
                            text=True, start_new_session=True)
    line = proc.stdout.readline()
    assert line.strip() == "held", f"holder did not start (exit {proc.poll()})"
    return proc


@pytest.fixture()
def env(tmp_path):
    return clean_env(tmp_path / "prefect-home")


def test_a_run_waiting_for_the_lock_gives_up_after_lock_timeout_with_a_clear_message(tmp_path, seeds_src, env):
    warehouse = tmp_path / "wh" / "ofsted.duckdb"
    holder = hold(HOLD_RUN_LOCK, warehouse, env)
    try:
        result = run_cli(["run", "--source", str(seeds_src), "--warehouse", str(warehouse), "--lock-timeout", "1"],
                         env, tmp_path, timeout=60)
    finally:
        stop(holder)
    assert result.returncode == 1, explain(result)
    assert "waiting for another run" in result.stderr
    assert "another run has held" in result.stderr and "--lock-timeout" in result.stderr, explain(result)
    assert not warehouse.exists(), "a run that never got the lock must not touch the warehouse"


def test_query_while_a_run_writes_waits_then_says_busy(tmp_path, env):
    warehouse = tmp_path / "wh" / "ofsted.duckdb"
    with wh.open_warehouse(warehouse) as con:
        wh.migrate(con)
    holder = hold(HOLD_WRITER, warehouse, env)
    try:
        result = run_cli(["query", "--warehouse", str(warehouse), "--wait", "1", "select count(*) from documents"],
                         env, tmp_path, timeout=60)
    finally:
        stop(holder)
    assert result.returncode == 1, explain(result)
    assert "is busy" in result.stderr and "another process is writing" in result.stderr, explain(result)
    # and once the writer is gone (its transaction rolled back), the same query answers
    after = run_cli(["query", "--warehouse", str(warehouse), "--format", "csv",
                     "select count(*) as n from pipeline_runs"], env, tmp_path, timeout=60)
    assert after.returncode == 0, explain(after)
    assert after.stdout.split() == ["n", "0"]


def test_serve_refuses_without_prefect_api_url_and_says_how_to_start_a_server(tmp_path, env):
    result = run_cli(["serve", "--warehouse", str(tmp_path / "wh.duckdb")], env, tmp_path, timeout=60)
    assert result.returncode == 1, explain(result)
    assert "PREFECT_API_URL" in result.stderr
    assert "prefect server start --host 127.0.0.1" in result.stderr, explain(result)


def test_serve_says_so_when_the_server_at_prefect_api_url_does_not_answer(tmp_path):
    from tests.ops.conftest import free_port

    env = clean_env(tmp_path / "prefect-home", api_url=f"http://127.0.0.1:{free_port()}/api")
    result = run_cli(["serve", "--warehouse", str(tmp_path / "wh.duckdb")], env, tmp_path, timeout=120)
    assert result.returncode == 1, explain(result)
    assert "does not answer" in result.stderr and "prefect server start" in result.stderr, explain(result)


def test_serve_rejects_a_bad_cron(tmp_path):
    from tests.ops.conftest import free_port

    env = clean_env(tmp_path / "prefect-home", api_url=f"http://127.0.0.1:{free_port()}/api")
    result = run_cli(["serve", "--cron", "every morning"], env, tmp_path, timeout=60)
    assert result.returncode == 2, explain(result)
    assert "invalid --cron" in result.stderr
