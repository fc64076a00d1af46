"""The ``ofsted`` command line: run the pipeline, query the warehouse, evaluate, operate.

Every subcommand takes ``--warehouse`` (default ``warehouse/ofsted.duckdb``); those that read or
write analysts' corrections take ``--corrections`` (default ``corrections.csv`` beside the warehouse).

Exit status of ``ofsted run``: 0 when the run completed (also with rejected inputs or rows:
the summary says how many, the ``rejected`` table says why); 1 when the run failed; 3 with
``--strict`` when anything was rejected.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path

DEFAULT_WAREHOUSE = "warehouse/ofsted.duckdb"
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_REJECTIONS = 3

#: Nothing leaves the machine.
QUIET_ENV = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "false",
}


def quiet_environment() -> None:
    for key, value in QUIET_ENV.items():
        os.environ.setdefault(key, value)


def _add_warehouse(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--warehouse", default=DEFAULT_WAREHOUSE, help="DuckDB file (default: %(default)s)")


def _add_corrections(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corrections", default=None, metavar="FILE",
                        help="analysts' corrections file (default: corrections.csv beside the warehouse)")
DEFAULT_SOURCE = "seeds"


def _add_inputs(parser: argparse.ArgumentParser) -> None:
    """Where texts come from: a folder, and/or feeds and pages fetched from the web."""
    parser.add_argument("--source", default=None,
                        help=f"folder of input texts (default: {DEFAULT_SOURCE}, unless feeds or pages are given)")
    parser.add_argument("--sources", default=None, metavar="FILE",
                        help="sources file (TOML) listing feeds and pages to fetch (see sources.example.toml)")
    parser.add_argument("--feed", action="append", default=[], metavar="URL", help="an RSS/Atom feed to fetch; repeatable")
    parser.add_argument("--url", action="append", default=[], metavar="URL", help="a web page to fetch; repeatable")


def resolve_inputs(args) -> tuple[dict, str | None]:
    """The run's input parameters (``source``, ``sources``, ``feeds``, ``urls``), or an error message.

    With feeds or pages to fetch, no folder is read unless ``--source`` names one; without, the
    default folder is ``seeds``. The sources file is checked here, so a mistake in it is reported
    before anything starts; ``--feed``/``--url`` must be http(s) URLs.
    """
    from ofsted.fetch import SourcesError, build_plan
    from ofsted.fetch.urls import is_fetchable

    fetching = bool(args.sources or args.feed or args.url)
    source = args.source if args.source is not None else (None if fetching else DEFAULT_SOURCE)
    for flag, urls in (("--feed", args.feed), ("--url", args.url)):
        for url in urls:
            if not is_fetchable(url):
                return {}, f"{flag} {url!r}: only absolute http and https URLs are fetched"
    try:
        build_plan(args.sources, args.feed, args.url)
    except SourcesError as exc:
        return {}, str(exc)
    return {"source": source, "sources": args.sources, "feeds": list(args.feed), "urls": list(args.url)}, None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ofsted", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the pipeline flow on a folder of texts and/or fetched feeds and pages")
    _add_inputs(run)
    _add_warehouse(run)
    run.add_argument("--strict", action="store_true", help=f"exit {EXIT_REJECTIONS} when any input or row was rejected")
    run.add_argument("--batch-size", type=int, default=1000, help="documents per batch/transaction (default: %(default)s)")
    run.add_argument("--max-bytes", type=int, default=20_000_000, help="size limit per input file (default: %(default)s)")
    run.add_argument("--workers", type=int, default=None, help="extraction processes (default: all cores)")
    run.add_argument("--lock-timeout", type=float, default=900.0,
                     help="seconds to wait for another run on the same warehouse (default: %(default)s)")
    run.add_argument("--task-runner", choices=["default", "dask"], default="default",
                     help="where tasks run: in this process, or on a Dask cluster (prefect-dask)")
    run.add_argument("--dask-address", default=None, help="tcp://HOST:PORT of a Dask scheduler (default: a local cluster)")
    run.add_argument("--json", dest="json_out", default=None, help="also write the run summary as JSON to this file")
    run.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                     help="leave out paths matching GLOB (gitignore syntax, relative to --source); repeatable")
    run.add_argument("--reextract", action="store_true",
                     help="extract every document of the warehouse again, whatever its extraction version")
    _add_corrections(run)

    query = sub.add_parser("query", help="run a read-only SQL query against the warehouse")
    _add_warehouse(query)
    query.add_argument("sql", help="a SELECT (or WITH / DESCRIBE / SHOW / SUMMARIZE) statement")
    query.add_argument("--format", choices=["table", "csv", "json"], default="table")
    query.add_argument("--wait", type=float, default=5.0, help="seconds to wait while a run is writing (default: %(default)s)")

    status = sub.add_parser("status", help="show the last pipeline runs")
    _add_warehouse(status)
    status.add_argument("--limit", type=int, default=10)
    _add_corrections(status)

    evaluate = sub.add_parser("evaluate", help="score extraction against gold annotations")
    _add_warehouse(evaluate)
    evaluate.add_argument("--gold", required=True, help="gold JSON (format of tests/data/gold_seeds.json)")
    evaluate.add_argument("--source", default=None, help="folder of the texts the gold names (default: the gold file's folder)")
    evaluate.add_argument("--min-f1", action="append", default=[], metavar="TYPE=X",
                          help="fail (exit 1) when a fact type's F1 is below X; repeatable")
    evaluate.add_argument("--json", dest="json_out", default=None, help="write the scores as JSON")
    evaluate.add_argument("--quiet", action="store_true", help="only the table, no misses and extras")
    evaluate.add_argument("--corrected", action="store_true",
                          help="score the facts after analysts' corrections (default: the raw extraction)")
    _add_corrections(evaluate)

    serve = sub.add_parser("serve", help="serve the flow as a Prefect deployment with a schedule")
    serve.add_argument("--cron", default="0 6 * * *", help="cron schedule (default: %(default)s)")
    _add_inputs(serve)
    _add_warehouse(serve)
    serve.add_argument("--name", default="ofsted-scheduled", help="deployment name (default: %(default)s)")
    _add_corrections(serve)

    official = sub.add_parser("load-official", help="load or refresh Ofsted's published outcomes")
    _add_warehouse(official)
    official.add_argument("files", nargs="*", help="official CSV files (default: the copies shipped with the project)")

    explain = sub.add_parser("explain", help="show how a text was read: mentions, facts with their rules, grades that gave none")
    explain.add_argument("file", help="a text, web page, PDF or JSON Lines file (read as ofsted run reads it)")
    explain.add_argument("--json", dest="json_out", default=None, help="also write the explanation as JSON to this file")
    explain.add_argument("--no-mentions", action="store_true", help="leave out the list of every mention")
    explain.add_argument("--quiet", action="store_true", help="print nothing (with --json)")

    report = sub.add_parser("report", help="write an authority's HTML report")
    _add_warehouse(report)
    target = report.add_mutually_exclusive_group(required=True)
    target.add_argument("--authority", help="authority name or GSS code")
    target.add_argument("--all", action="store_true", help="every authority with coverage, plus an index page")
    report.add_argument("--out", default=None, help="output HTML file (or folder with --all)")

    correct = sub.add_parser("correct", help="record, list or undo analysts' corrections of facts")
    from ofsted.correct_cli import add_arguments

    add_arguments(correct, _add_warehouse, _add_corrections)

    review = sub.add_parser("review", help="the review page: check and correct facts in the browser")
    _add_warehouse(review)
    _add_corrections(review)
    review.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s, this machine only)")
    review.add_argument("--port", type=int, default=8765, help="port (default: %(default)s)")
    review.add_argument("--author", default=None, help="who the corrections are by (default: $OFSTED_AUTHOR or your login name)")
    return parser


def _print_table(columns: list[str], rows: list[tuple], fmt: str = "table") -> None:
    if fmt == "json":
        print(json.dumps([dict(zip(columns, r)) for r in rows], default=str, indent=2))
        return
    if fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
        return
    cells = [[("" if v is None else str(v)).replace("\n", " ") for v in row] for row in rows]
    widths = [min(60, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths)))
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("  ".join((v if len(v) <= w else v[: w - 1] + "…").ljust(w) for v, w in zip(row, widths)))
    print(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


def _ready_for_run(workers: int | None = None) -> None:
    """What ``ofsted run`` does while its temporary Prefect server starts: warm the extractors
    up and fork the extraction pool; then, when the server is a temporary one (its start is
    seconds of waiting), import Great Expectations and build its suites (about 6 CPU-s otherwise
    paid during the first batches' extraction, on a core the extraction needs); last, import the
    flow's module (otherwise imported once the server answers, before the flow). The pool is
    forked first: a worker forked after that import would keep its own copy of every page of
    it this process touches later. Against a running server (``PREFECT_API_URL``) there is no
    wait to hide the import in, and a run with nothing new never needs it: it stays in the run.
    """
    from ofsted.prefect_env import api_url
    from tasks.extract import start_pool

    start_pool(workers)
    if api_url() is None:
        from tasks.validate import prepare_validation

        prepare_validation()
    import flows.pipeline  # noqa: F401 - the flow's module (about 0.5 CPU-s), imported in the wait too


@contextmanager
def flow_run_settings():
    """Prefect settings for the flow run of ``ofsted run`` (the benchmark runs its flow the same way).

    With the temporary server (no ``PREFECT_API_URL``) the flow run sends no heartbeats: they let
    a long-lived server notice a crashed run, but this server lives and dies with this process,
    and the flow's end waits for the heartbeat thread's one-second sleep (half a second on
    average). Against a running server nothing changes.
    """
    from ofsted.prefect_env import api_url

    if api_url() is not None:
        yield
        return
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


def start_prefect_while(work=None) -> None:
    """Make sure a Prefect API answers (:func:`ofsted.prefect_env.ensure_prefect_api`), doing
    ``work`` in this process meanwhile.

    Without ``PREFECT_API_URL`` the temporary server takes about 10 s to start, nearly all of it
    in the server's own process while this one waits for its health check; the extractors'
    warm-up (seconds of compiling vocabularies, paid by every run that extracts) fits in that
    wait. ``work`` failing is not an error: the run meets the same problem and reports it.
    """
    import threading

    from ofsted.prefect_env import ensure_prefect_api

    if work is None:
        ensure_prefect_api()
        return
    # both sides import these: once, here, before the two threads run (``work`` may fork)
    import prefect.client.orchestration  # noqa: F401
    import yaml  # noqa: F401

    failed: list[BaseException] = []

    def start() -> None:
        try:
            ensure_prefect_api()
        except BaseException as exc:  # noqa: BLE001 - raised again in the calling thread
            failed.append(exc)

    starter = threading.Thread(target=start, name="prefect-api-start", daemon=True)
    starter.start()
    try:
        work()
    except Exception:  # noqa: BLE001 - the run meets it again and reports it
        pass
    starter.join()
    if failed:
        raise failed[0]


def cmd_run(args) -> int:
    from ofsted.locking import LockTimeout, run_lock
    from ofsted.prefect_env import PrefectUnavailable
    from ofsted.warehouse import WarehouseError

    inputs, problem = resolve_inputs(args)
    if problem:
        print(f"ofsted run: {problem}", file=sys.stderr)
        return EXIT_USAGE
    params = dict(
        **inputs,
        warehouse=args.warehouse,
        batch_size=args.batch_size,
        max_bytes=args.max_bytes,
        workers=args.workers,
        lock_timeout=args.lock_timeout,
        exclude=list(args.exclude),
        reextract=args.reextract,
        corrections=args.corrections,
    )
    try:
        # take the run lock before Prefect starts, so overlapping runs also serialise the
        # start of the temporary Prefect server
        with run_lock(args.warehouse, args.lock_timeout,
                      on_wait=lambda p: print(f"waiting for another run on {args.warehouse} to finish ...", file=sys.stderr)):
            # a temporary Prefect server starts under a PREFECT_HOME lock; meanwhile this
            # process readies the extractors instead of waiting
            start_prefect_while(None if args.task_runner == "dask" else lambda: _ready_for_run(args.workers))
            from flows.pipeline import ofsted_pipeline

            flow = ofsted_pipeline
            if args.task_runner == "dask":
                from prefect_dask import DaskTaskRunner

                runner = DaskTaskRunner(address=args.dask_address) if args.dask_address else DaskTaskRunner(
                    cluster_kwargs={"n_workers": 2, "threads_per_worker": 1, "processes": True}
                )
                flow = ofsted_pipeline.with_options(task_runner=runner)
                params["workers"] = 1
            with flow_run_settings():
                summary = flow(**params)
    except (LockTimeout, WarehouseError, FileNotFoundError, PrefectUnavailable) as exc:
        print(f"ofsted run failed: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 - the run failed; say so plainly
        print(f"ofsted run failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print("\n".join(summary["lines"]))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({k: v for k, v in summary.items() if k != "lines"}, default=str, indent=2))
    if summary["status"] == "failed":
        return EXIT_FAILED
    if args.strict and (summary["n_rejected"] or summary["rows_rejected"]):
        return EXIT_REJECTIONS
    return 0


def cmd_query(args) -> int:
    from ofsted.warehouse import QueryRefused, WarehouseError, run_query

    try:
        columns, rows = run_query(args.warehouse, args.sql, wait_seconds=args.wait)
    except QueryRefused as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except WarehouseError as exc:
        print(f"ofsted query: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 - SQL errors are the user's to read
        print(f"ofsted query: {exc}", file=sys.stderr)
        return EXIT_FAILED
    _print_table(columns, rows, args.format)
    return 0


def cmd_status(args) -> int:
    from ofsted.warehouse import WarehouseError, run_query

    sql = f"""select run_id[:8] as run, strftime(started_at, '%Y-%m-%d %H:%M:%S') as started_utc,
                     case when finished_at is null then null
                          else round(epoch(finished_at - started_at), 1) || ' s' end as took,
                     status, n_discovered as found, n_new as new, n_changed as changed,
                     n_unchanged as unchanged, n_reextracted as reextracted, n_rejected as rejected,
                     n_excluded as left_out, rows_loaded as loaded,
                     rows_rejected as quarantined, message
              from pipeline_runs order by started_at desc limit {int(args.limit)}"""
    try:
        columns, rows = run_query(args.warehouse, sql)
    except WarehouseError as exc:
        print(f"ofsted status: {exc}", file=sys.stderr)
        return EXIT_FAILED
    _print_table(columns, rows)
    return _print_corrections_status(args)


def _print_corrections_status(args) -> int:
    """The corrections part of ``ofsted status``: how many apply, which are stale and why."""
    from ofsted.apply_corrections import current_status
    from ofsted.warehouse import WarehouseError

    try:
        result = current_status(args.warehouse, args.corrections)
    except WarehouseError as exc:
        print(f"ofsted status: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print()
    if not result.error or result.n_corrections:
        print("\n".join(result.lines()))
    if result.error:
        print(f"corrections: {result.error}")
    elif not result.n_stale and result.n_corrections:
        print("no stale correction")
    return 0


def cmd_correct(args) -> int:
    from ofsted.correct_cli import correct_command

    return correct_command(args)


def cmd_review(args) -> int:
    from ofsted.review.app import review_command

    return review_command(args)


def cmd_evaluate(args) -> int:
    from ofsted.evaluate_cli import evaluate_command

    return evaluate_command(args)


def cmd_serve(args) -> int:
    from flows.serve import serve_command

    return serve_command(args)


def cmd_load_official(args) -> int:
    from ofsted.official_cli import load_official_command

    return load_official_command(args)


def cmd_explain(args) -> int:
    from ofsted.explain import explain_command

    return explain_command(args)


def cmd_report(args) -> int:
    from ofsted.report import report_command

    return report_command(args)


COMMANDS = {
    "run": cmd_run,
    "query": cmd_query,
    "status": cmd_status,
    "evaluate": cmd_evaluate,
    "serve": cmd_serve,
    "load-official": cmd_load_official,
    "report": cmd_report,
    "explain": cmd_explain,
    "correct": cmd_correct,
    "review": cmd_review,
}


def main(argv: list[str] | None = None) -> int:
    quiet_environment()
    args = build_parser().parse_args(argv)
    return COMMANDS[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
