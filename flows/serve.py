"""``ofsted serve``: the pipeline flow as a scheduled Prefect deployment.

The deployment ``ofsted-pipeline/<name>`` runs on the cron schedule (UTC) and can also be run
by hand, from the Prefect UI ("Run" -> "Custom run" to edit ``source`` and ``warehouse``) or
with ``prefect deployment run 'ofsted-pipeline/<name>'``. This process polls the Prefect server
for runs of the deployment and executes each one in a subprocess; stop it with Ctrl-C (the
schedule is then paused until it is served again).

A served deployment needs a real Prefect server: a temporary one would vanish with this
process, and the UI could not see it. So ``PREFECT_API_URL`` must point at a running server.
Runs of the deployment take the warehouse's run lock like ``ofsted run`` does, so a scheduled
run and a manual run on one warehouse wait for each other instead of colliding.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ofsted.prefect_env import START_HINT, PrefectUnavailable, api_url, ensure_prefect_api

EXIT_FAILED = 1
EXIT_USAGE = 2
FLOW_NAME = "ofsted-pipeline"


def deployment_parameters(args) -> dict:
    """Default parameters of the deployment; paths absolute, since runs do not share our cwd.

    The sources file is read again by every run, so an edit to it takes effect at the next run.
    """
    from ofsted.cli import resolve_inputs

    inputs, problem = resolve_inputs(args)
    if problem:
        raise ValueError(problem)
    params = {"source": str(Path(inputs["source"]).resolve()) if inputs["source"] else None,
              "warehouse": str(Path(args.warehouse).resolve())}
    # fetching parameters only when given (the flow's defaults fetch nothing)
    if inputs["sources"]:
        params["sources"] = str(Path(inputs["sources"]).resolve())
    params.update({k: inputs[k] for k in ("feeds", "urls") if inputs[k]})
    if getattr(args, "corrections", None):
        params["corrections"] = str(Path(args.corrections).resolve())
    return params


def check_cron(cron: str) -> str | None:
    """An error message when ``cron`` is not a valid cron expression, else None."""
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=cron)
    except Exception as exc:  # noqa: BLE001 - pydantic's message names the problem
        return f"invalid --cron {cron!r}: {exc}".splitlines()[0]
    return None


def build_deployment(args):
    """The RunnerDeployment for ``args`` (name, cron, source, warehouse)."""
    from prefect.deployments.runner import EntrypointType

    from flows.pipeline import ofsted_pipeline

    return ofsted_pipeline.to_deployment(
        name=args.name,
        cron=args.cron,
        parameters=deployment_parameters(args),
        description="Load the Ofsted inspection texts under `source`, and the relevant pages of the feeds and "
                    "pages in `sources`, `feeds` and `urls`, into the DuckDB `warehouse`.",
        tags=["ofsted"],
        # the flow is imported by module, so runs find it whatever the working directory
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def serve_command(args) -> int:
    """Serve the deployment until interrupted; returns the exit status."""
    url = api_url()
    if not url:
        print(
            "ofsted serve needs a running Prefect server, and PREFECT_API_URL is not set "
            "(a temporary server would disappear with this process).\n"
            f"To serve: {START_HINT} in this shell, then run `ofsted serve` again.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    problem = check_cron(args.cron)
    if problem is None:
        try:
            deployment_parameters(args)
        except ValueError as exc:
            problem = str(exc)
    if problem:
        print(f"ofsted serve: {problem}", file=sys.stderr)
        return EXIT_USAGE
    try:
        ensure_prefect_api()
    except PrefectUnavailable as exc:
        print(f"ofsted serve: {exc}", file=sys.stderr)
        return EXIT_FAILED
    from prefect import serve

    deployment = build_deployment(args)
    params = deployment.parameters
    ui = url[: -len("/api")] if url.rstrip("/").endswith("/api") else url
    inputs = ", ".join(f"{k} {v}" for k, v in params.items() if k != "warehouse" and v)
    print(
        f"serving deployment '{FLOW_NAME}/{args.name}' on {url}: cron '{args.cron}' (UTC), "
        f"{inputs}, warehouse {params['warehouse']}\n"
        f"run it by hand: prefect deployment run '{FLOW_NAME}/{args.name}'  (or the UI: {ui}/deployments)\n"
        "stop with Ctrl-C",
        flush=True,
    )
    try:
        serve(deployment, print_starting_message=False)
    except KeyboardInterrupt:
        pass
    return 0
