"""A run killed with SIGKILL in the middle of loading leaves no half-loaded document."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time

from ofsted import warehouse as wh
from ofsted.model import FACT_TYPES
from tests.conftest import DEV_CORPUS, ROOT, SEEDS

# The child runs the real pipeline, but its second batch stops inside the load transaction
# (after documents and organisations were inserted) and waits to be killed.
CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from ofsted import warehouse as wh
    from ofsted.pipeline import plain_stages, run_stages

    real = wh.load_batch
    calls = {"n": 0}

    def paused_load(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            def hook(fact_type):
                if fact_type == "people":
                    Path(sys.argv[3]).write_text("paused")
                    time.sleep(120)
            kwargs["pause_hook"] = hook
        return real(*args, **kwargs)

    wh.load_batch = paused_load
    run_stages(plain_stages(), sys.argv[1], sys.argv[2], batch_size=2, workers=1)
    """
)


def snapshot(path) -> dict[str, list[tuple]]:
    with wh.open_warehouse(path, read_only=True) as con:
        result = {"documents": sorted(con.execute("select doc_id, source_path, content_sha256 from documents").fetchall())}
        for table in FACT_TYPES:
            columns = [c for c, in con.execute(
                f"select column_name from duckdb_columns() where table_name = '{table}' order by column_index").fetchall()]
            rows = con.execute(f"select {', '.join(columns)} from {table}").fetchall()
            result[table] = sorted(rows, key=repr)
    return result


def make_source(tmp_path):
    source = tmp_path / "texts"
    source.mkdir()
    for path in sorted(SEEDS.glob("*.txt")):
        shutil.copy(path, source / path.name)
    extra = sorted(DEV_CORPUS.glob("1*.txt"))[:4] if DEV_CORPUS.exists() else []
    for index, path in enumerate(extra):
        shutil.copy(path, source / path.name)
    if not extra:  # stand-alone clone: make more documents from the seeds
        for index, path in enumerate(sorted(SEEDS.glob("*.txt"))):
            (source / f"copy{index}.txt").write_text(path.read_text() + f"\nEdition {index}.\n")
    return source


def test_a_run_killed_mid_load_converges_to_the_clean_result(tmp_path):
    source = make_source(tmp_path)
    crashed = tmp_path / "crashed.duckdb"
    marker = tmp_path / "paused"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(source), str(crashed), str(marker)], cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert child.poll() is None, "the run ended before reaching the paused load"
            assert time.monotonic() < deadline, "the run never reached the second load"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()

    # after the crash: the first batch is there whole, nothing of the second
    with wh.open_warehouse(crashed, read_only=True) as con:
        n_docs = con.execute("select count(*) from documents").fetchone()[0]
        half = con.execute(
            "select count(*) from documents d where not exists (select 1 from organisations o where o.doc_id = d.doc_id)"
        ).fetchone()[0]
        status = con.execute("select status from pipeline_runs").fetchall()
    assert n_docs == 2 and half == 0
    assert status == [("running",)]

    from ofsted.pipeline import plain_stages, run_stages

    run_stages(plain_stages(), str(source), str(crashed), batch_size=2, workers=1)
    with wh.open_warehouse(crashed, read_only=True) as con:
        assert sorted(con.execute("select status from pipeline_runs").fetchall()) == [("completed",), ("crashed",)]
    clean = tmp_path / "clean.duckdb"
    run_stages(plain_stages(), str(source), str(clean), batch_size=2, workers=1)
    assert snapshot(crashed) == snapshot(clean)
