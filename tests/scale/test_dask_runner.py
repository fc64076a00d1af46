"""Scale-out: the flow on a local Dask cluster loads the same warehouse as the default runner,
and a flow run's task runs grow with the number of batches, never with the number of documents.
"""

from __future__ import annotations

import shutil

import pytest

from ofsted import warehouse as wh
from ofsted.model import FACT_TYPES
from tests.conftest import DEV_CORPUS, SEEDS, against_prefect_server

#: Per batch: extract, load. Validation runs once per group of batches (up to 6,000
#: documents). Every other stage (start-run, discover, check-files, read -- every batch's files
#: in one task run --, check-known, the cross-check, publish-summary ...) runs once per flow run.
BATCH_STAGES = ("extract", "load")
#: A generous bound on the once-per-run stages, so adding one does not break this test.
CONSTANT_TASK_RUNS = 8


@pytest.fixture()
def prefect_api(prefect_server):
    """The flows here report to the session's Prefect server (no temporary server of their own)."""
    with against_prefect_server(prefect_server.url):
        yield


def make_source(folder, n_texts: int):
    """Seeds plus dev texts (with their sidecars); copies of the seeds stand in without a dev corpus."""
    folder.mkdir(parents=True)
    texts = sorted(SEEDS.glob("*.txt")) + (sorted(DEV_CORPUS.glob("*.txt")) if DEV_CORPUS.exists() else [])
    for path in texts[:n_texts]:
        shutil.copy(path, folder / path.name)
        sidecar = path.with_suffix(".meta.json")
        if sidecar.exists():
            shutil.copy(sidecar, folder / sidecar.name)
    seeds = sorted(SEEDS.glob("*.txt"))
    for index in range(n_texts - len(texts[:n_texts])):
        path = seeds[index % len(seeds)]
        (folder / f"copy{index:03d}.txt").write_text(path.read_text(encoding="utf-8") + f"\nEdition {index}.\n")
    return folder


def warehouse_content(path) -> dict[str, list[tuple]]:
    """Documents, facts and rejections, order-insensitive, without run ids and timestamps."""
    skip = {"run_id", "ingested_at", "rejected_at", "seen_at"}
    content = {}
    with wh.open_warehouse(path, read_only=True) as con:
        for table in ("documents", "document_paths", *FACT_TYPES, "rejected"):
            columns = [
                c for c, in con.execute(
                    "select column_name from duckdb_columns() where table_name = ? order by column_index", [table]
                ).fetchall()
                if c not in skip
            ]
            rows = con.execute(f"select {', '.join(columns)} from {table}").fetchall()
            content[table] = sorted(rows, key=repr)
        content["pipeline_runs"] = con.execute(
            "select status, n_discovered, n_new, n_changed, n_unchanged, n_rejected, facts, rows_loaded, rows_rejected "
            "from pipeline_runs"
        ).fetchall()
    return content


def task_runs_of(flow_run_id) -> list:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        return client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])), limit=200)


def stage_counts(task_runs) -> dict[str, int]:
    counts: dict[str, int] = {}
    for run in task_runs:
        stage = run.name.rsplit("-", 1)[0]
        counts[stage] = counts.get(stage, 0) + 1
    return counts


class _Done:
    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


def test_extracting_batches_ahead_loads_what_one_batch_at_a_time_loads(tmp_path):
    """The windowed loop (used on Dask), without Prefect: same warehouse as the plain run."""
    import dataclasses

    from ofsted.pipeline import plain_stages, run_stages

    source = make_source(tmp_path / "texts", 12)
    names = sorted(p.name for p in source.glob("*.txt"))
    shutil.copy(source / names[0], source / (names[4][: -len(".txt")] + "~again.txt"))
    submitted = []

    plain = plain_stages()

    def submit(docs, workers):
        submitted.append([d.doc_id for d in docs])
        return _Done(plain.extract(docs, workers))

    ahead = dataclasses.replace(plain, submit_extract=submit, window=lambda: 3)
    one = run_stages(plain, str(source), str(tmp_path / "one.duckdb"), batch_size=4, workers=1, validate_docs=4)
    many = run_stages(ahead, str(source), str(tmp_path / "ahead.duckdb"), batch_size=4, workers=1, validate_docs=4)
    # 12 distinct texts (the copy is settled before batching): three batches, each extracted once
    assert [len(ids) for ids in submitted] == [4, 4, 4]
    assert len({i for ids in submitted for i in ids}) == 12
    assert {k: many[k] for k in ("n_new", "n_unchanged", "n_rejected", "facts")} == {
        k: one[k] for k in ("n_new", "n_unchanged", "n_rejected", "facts")
    }
    assert warehouse_content(tmp_path / "ahead.duckdb") == warehouse_content(tmp_path / "one.duckdb")


@pytest.mark.slow
def test_a_local_dask_cluster_loads_the_same_warehouse_as_the_default_runner(prefect_api, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect_dask import DaskTaskRunner

    from flows.pipeline import ofsted_pipeline

    source = make_source(tmp_path / "texts", 14)
    # the same content under a second name in the next batch, which is read while the first one
    # is still being extracted: it must be loaded once, with both names
    names = sorted(p.name for p in source.glob("*.txt"))
    first = source / names[0]
    again = names[4][: -len(".txt")] + "~again.txt"  # sorts right after the fifth text: batch 2
    shutil.copy(first, source / again)
    params = {"source": str(source), "batch_size": 4}

    default = ofsted_pipeline(warehouse=str(tmp_path / "default.duckdb"), **params)

    runner = DaskTaskRunner(
        cluster_kwargs={"n_workers": 2, "threads_per_worker": 1, "processes": True, "dashboard_address": None}
    )
    state = ofsted_pipeline.with_options(task_runner=runner)(
        warehouse=str(tmp_path / "dask.duckdb"), workers=1, return_state=True, **params
    )
    assert state.is_completed()
    on_dask = state.result()

    assert on_dask["status"] == default["status"]
    assert on_dask["n_new"] == default["n_new"] > 0
    assert on_dask["n_unchanged"] == default["n_unchanged"]
    assert on_dask["facts"] == default["facts"]
    assert warehouse_content(tmp_path / "dask.duckdb") == warehouse_content(tmp_path / "default.duckdb")
    with wh.open_warehouse(tmp_path / "dask.duckdb", read_only=True) as con:
        paths = con.execute("select source_paths from documents where source_path = ?", [str(first)]).fetchone()[0]
    assert again in paths

    # the extraction of several batches was in flight at once, on the two workers
    with get_client(sync_client=True) as client:
        logs = client.read_logs(
            log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[state.state_details.flow_run_id])), limit=200
        )
    assert any("extracting up to 2 batches ahead" in log.message for log in logs)


@pytest.mark.slow
def test_task_runs_per_flow_run_are_bounded_by_batches_not_documents(prefect_api, tmp_path):
    from flows.pipeline import ofsted_pipeline

    import os
    import time

    source = make_source(tmp_path / "texts", 30)
    an_hour_ago = time.time() - 3600  # files older than their recording: trusted unchanged on the re-run
    for path in source.iterdir():
        os.utime(path, (an_hour_ago, an_hour_ago))
    warehouse = str(tmp_path / "bounded.duckdb")
    state = ofsted_pipeline(source=str(source), warehouse=warehouse, batch_size=10, workers=1, return_state=True)
    summary = state.result()
    assert summary["n_new"] + summary["n_unchanged"] + summary["n_rejected"] >= 28
    batches = 3
    runs = task_runs_of(state.state_details.flow_run_id)
    counts = stage_counts(runs)
    assert len(runs) <= len(BATCH_STAGES) * batches + CONSTANT_TASK_RUNS, counts
    for stage in BATCH_STAGES:
        assert counts.get(stage) == batches, counts
    assert counts["validate"] == 1, counts  # the three batches validated together
    assert counts["read"] == 1, counts  # the three batches' files read in one task run
    assert all(n == 1 for stage, n in counts.items() if stage not in BATCH_STAGES), counts

    # nothing changed: nothing read, extracted, validated or written; only the once-per-run stages
    again = ofsted_pipeline(source=str(source), warehouse=warehouse, batch_size=10, workers=1, return_state=True)
    assert (again.result()["n_new"], again.result()["n_unchanged"]) == (0, summary["n_new"])
    counts = stage_counts(task_runs_of(again.state_details.flow_run_id))
    assert not {"read", "check-known", "extract", "validate", "load"} & set(counts), counts
    assert sum(counts.values()) <= CONSTANT_TASK_RUNS, counts
