"""The pipeline end to end on the seeds: gold agreement, idempotence, replacement, Prefect runs."""

from __future__ import annotations

import shutil

import pytest

from ofsted.pipeline import plain_stages, run_stages
from ofsted import warehouse as wh
from ofsted.evaluate_cli import predictions_from_warehouse
from ofsted.evaluation import format_report, load_gold, score
from ofsted.model import FACT_TYPES
from tests.conftest import SEED_GOLD, SEEDS, against_prefect_server


def table_counts(path) -> dict[str, int]:
    with wh.open_warehouse(path, read_only=True) as con:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("documents", *FACT_TYPES)}


@pytest.fixture()
def seeds_copy(tmp_path):
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def test_seeds_warehouse_agrees_with_gold_exactly(seeds_run, capsys):
    assert seeds_run.summary["status"] == "completed"
    report = score(load_gold(SEED_GOLD), predictions_from_warehouse(seeds_run.warehouse))
    print(format_report(report))  # precision and recall per fact type, shown with -s
    for fact_type in FACT_TYPES:
        result = report.types[fact_type]
        assert (result.precision, result.recall) == (1.0, 1.0), format_report(report)


def test_running_twice_leaves_the_same_rows(seeds_loaded):
    texts, warehouse = seeds_loaded  # the first run
    first = table_counts(warehouse)
    second_summary = run_stages(plain_stages(), str(texts), str(warehouse))
    assert table_counts(warehouse) == first
    assert (second_summary["n_new"], second_summary["n_unchanged"]) == (0, 2)


def test_a_changed_document_replaces_its_rows(seeds_loaded):
    texts, warehouse = seeds_loaded
    seed = sorted(texts.glob("*.txt"))[0]
    seed.write_text("Ofsted has rated Wigan Council's children's services good.\n", encoding="utf-8")
    summary = run_stages(plain_stages(), str(texts), str(warehouse))
    assert summary["n_changed"] == 1
    with wh.open_warehouse(warehouse, read_only=True) as con:
        assert con.execute("select count(*) from documents").fetchone()[0] == 2
        texts = [r[0] for r in con.execute("select text from documents").fetchall()]
        assert any("Wigan" in t for t in texts)
        orphans = con.execute(
            f"select count(*) from ({' union all '.join(f'select doc_id from {t}' for t in FACT_TYPES)}) "
            "where doc_id not in (select doc_id from documents)"
        ).fetchone()[0]
    assert orphans == 0


def test_every_fact_span_points_inside_its_document(seeds_run):
    with wh.open_warehouse(seeds_run.warehouse, read_only=True) as con:
        for fact_type in FACT_TYPES:
            bad = con.execute(
                f"select count(*) from {fact_type} f join documents d using (doc_id) "
                "where f.start_char < 0 or f.end_char > d.n_chars or f.end_char <= f.start_char"
            ).fetchone()[0]
            assert bad == 0, fact_type
        # a quote's span shows its words
        rows = con.execute(
            "select q.text, substr(d.text, q.start_char + 1, q.end_char - q.start_char) "
            "from quotes q join documents d using (doc_id)"
        ).fetchall()
    assert rows
    for text, span in rows:
        assert text.split()[0].strip("'\"“”‘’") in span


@pytest.mark.slow
def test_the_flow_runs_under_prefect_with_its_stages_as_task_runs(prefect_server, seeds_copy, warehouse_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    from flows.pipeline import ofsted_pipeline

    with against_prefect_server(prefect_server.url):
        state = ofsted_pipeline(source=str(seeds_copy), warehouse=str(warehouse_path), return_state=True)
        assert state.is_completed()
        flow_run_id = state.state_details.flow_run_id
        with get_client(sync_client=True) as client:
            flow_run = client.read_flow_run(flow_run_id)
            task_runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
    assert flow_run.state.is_completed()
    names = {t.name.rsplit("-", 1)[0] for t in task_runs}
    assert {"start-run", "discover", "read", "check-known", "extract", "validate", "load", "publish-summary"} <= names
    assert all(t.state.is_completed() for t in task_runs)
    with wh.open_warehouse(warehouse_path, read_only=True) as con:
        status, flow_id = con.execute("select status, flow_run_id from pipeline_runs").fetchone()
    assert status == "completed" and flow_id == str(flow_run_id)


# ---- what discovery leaves out, seen through a run


def test_a_warehouse_inside_the_source_folder_is_never_read_back(seeds_copy):
    """Defect: the second run read the first run's Data Docs and reports as news (2 -> 17 documents)."""
    from ofsted.report import default_out_dir, write_all

    warehouse = seeds_copy / "w.duckdb"
    first = run_stages(plain_stages(), str(seeds_copy), str(warehouse))
    with wh.open_warehouse(warehouse, read_only=True) as con:
        write_all(con, default_out_dir(warehouse))  # what a Prefect run writes beside the warehouse
    docs = seeds_copy / "data_docs"
    docs.mkdir()
    (docs / "index.html").write_text("<html><body><p>Sunderland was rated inadequate.</p></body></html>")
    (docs / "ofsted-run.txt").write_text(first["run_id"])
    (seeds_copy / "corrections.csv").write_text("doc_id,field\n")
    assert any((seeds_copy / "reports").glob("*.html"))
    second = run_stages(plain_stages(), str(seeds_copy), str(warehouse))
    assert (second["n_discovered"], second["n_new"], second["n_rejected"]) == (2, 0, 0)
    assert table_counts(warehouse)["documents"] == 2


def test_left_out_files_are_counted_in_the_run_summary_not_rejected(seeds_copy, warehouse_path):
    (seeds_copy / "README.md").write_text("# The seed texts\nTwo articles about Sunderland.\n")
    (seeds_copy / "LICENSE").write_text("CC BY 4.0\n")
    (seeds_copy / "drafts").mkdir()
    (seeds_copy / "drafts" / "unfinished.txt").write_text("Ofsted rated Wigan good.\n")
    (seeds_copy / ".ofstedignore").write_text("*.bak.txt\n")
    (seeds_copy / "old.bak.txt").write_text("Ofsted rated Bury good.\n")
    summary = run_stages(plain_stages(), str(seeds_copy), str(warehouse_path), exclude=["drafts/"])
    assert (summary["status"], summary["n_new"], summary["n_rejected"], summary["n_excluded"]) == ("completed", 2, 0, 4)
    assert any("4 left out" in line for line in summary["lines"])
    with wh.open_warehouse(warehouse_path, read_only=True) as con:
        assert con.execute("select n_excluded from pipeline_runs").fetchone()[0] == 4
        assert con.execute("select count(*) from rejected").fetchone()[0] == 0


# ---- files unchanged since they were read are not read again


def test_a_rerun_reads_only_files_whose_size_or_time_changed(seeds_copy, warehouse_path):
    import dataclasses
    import os
    import time

    stages = plain_stages()
    read = []

    def counting_read(candidates, max_bytes):
        read.extend(c.rel_path for c in candidates)
        return stages.read(candidates, max_bytes)

    spy = dataclasses.replace(stages, read=counting_read)
    first, second = sorted(seeds_copy.glob("*.txt"))
    an_hour_ago = time.time() - 3600
    for path in (first, second):
        os.utime(path, (an_hour_ago, an_hour_ago))
    run_stages(spy, str(seeds_copy), str(warehouse_path))
    assert sorted(read) == [first.name, second.name]
    read.clear()
    again = run_stages(spy, str(seeds_copy), str(warehouse_path))
    assert read == [] and (again["n_unchanged"], again["n_new"]) == (2, 0)
    os.utime(first, (an_hour_ago + 60, an_hour_ago + 60))  # touched, same content: read again, unchanged
    third = run_stages(spy, str(seeds_copy), str(warehouse_path))
    assert read == [first.name] and (third["n_unchanged"], third["n_changed"]) == (2, 0)
    read.clear()
    second.write_text(second.read_text(encoding="utf-8") + "\nA new closing line.\n", encoding="utf-8")
    fourth = run_stages(spy, str(seeds_copy), str(warehouse_path))
    assert read == [second.name]  # the touched file's new time was recorded
    assert (fourth["n_changed"], fourth["n_unchanged"]) == (1, 1)
    in_an_hour = time.time() + 3600  # a time not before it was recorded is never trusted
    os.utime(second, (in_an_hour, in_an_hour))
    for _ in range(2):
        read.clear()
        later = run_stages(spy, str(seeds_copy), str(warehouse_path))
        assert read == [second.name] and later["n_unchanged"] == 2
    assert table_counts(warehouse_path)["documents"] == 2
