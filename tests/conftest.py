"""Shared test set-up: no telemetry, a private Prefect home, paths to shared data, and what
several test modules share so the suite pays for it once: one real Prefect server for the
session, one pipeline run over the seeds, one evaluation of the dev corpus."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
# A private Prefect home for the whole session (its database, settings and server lock), so
# tests never touch ~/.prefect. Set before anything imports prefect.
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="ofsted-tests-prefect-")
os.environ.pop("PREFECT_API_URL", None)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_GOLD = ROOT / "tests" / "data" / "gold_seeds.json"
SHARED = ROOT.parent / "shared"
DEV_CORPUS = SHARED / "corpus" / "dev"

QUIET = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "false",
}


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture()
def warehouse_path(tmp_path) -> Path:
    return tmp_path / "wh" / "test.duckdb"


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory) -> Path:
    from ofsted import warehouse as wh

    path = tmp_path_factory.mktemp("migrated") / "empty.duckdb"
    with wh.open_warehouse(path) as con:
        wh.migrate(con)
    return path


@pytest.fixture()
def migrated_warehouse(_migrated_template, warehouse_path) -> Path:
    """``warehouse_path`` holding an empty warehouse at the current schema: a copy of one migrated
    once per session (every migration costs about a second; tests/test_warehouse.py pins them)."""
    warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(_migrated_template, warehouse_path)
    return warehouse_path


# ---- processes


def free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_env(prefect_home: Path, api_url: str | None = None, quiet: bool = True) -> dict[str, str]:
    """The environment of a child process: no inherited Prefect settings, a private home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_") and k not in QUIET}
    env["PREFECT_HOME"] = str(prefect_home)
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONPATH"] = str(ROOT)
    if quiet:
        env.update(QUIET)
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return env


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM, wait: float = 15.0) -> None:
    """Stop a process we started (and its children: it leads its own session)."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
    try:
        proc.wait(wait)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)


# ---- one real Prefect server for the session


@dataclass
class Server:
    url: str
    home: Path
    proc: subprocess.Popen
    log: Path


class _SessionServer:
    """The session's ``prefect server start``, started in the background as soon as collection
    shows a test will need it: its start-up (about 20 s of CPU: imports, database set-up) then
    runs on the core the tests leave idle, instead of in the first such test's set-up."""

    def __init__(self) -> None:
        self.server: Server | None = None

    def start(self) -> Server:
        if self.server is None:
            home = Path(tempfile.mkdtemp(prefix="ofsted-tests-prefect-server-"))
            port = free_port()
            env = clean_env(home)
            env["PREFECT_UI_ENABLED"] = "false"
            log = home / "server.log"
            with log.open("wb") as out:
                proc = subprocess.Popen(
                    [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                    env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                )
            self.server = Server(f"http://127.0.0.1:{port}/api", home, proc, log)
        return self.server

    def stop(self) -> None:
        if self.server is not None:
            stop(self.server.proc)
            shutil.rmtree(self.server.home, ignore_errors=True)
            self.server = None


_SESSION_SERVER = _SessionServer()


def pytest_collection_finish(session) -> None:
    if any("prefect_server" in getattr(item, "fixturenames", ()) for item in session.items):
        _SESSION_SERVER.start()


def pytest_sessionfinish(session, exitstatus) -> None:
    _SESSION_SERVER.stop()


@pytest.fixture(scope="session")
def prefect_server():
    """A real ``prefect server start`` on a free port (UI off: it is not tested and slow to build).

    One for the session, for every test that needs *a* Prefect API: the CLI in subprocesses
    (``PREFECT_API_URL``) and flows run in this process (:func:`against_prefect_server`). Tests
    find their own runs by flow run id. Tests of the temporary (ephemeral) server start their
    own, on purpose."""
    import httpx

    server = _SESSION_SERVER.start()
    deadline = time.monotonic() + 120
    try:
        while True:
            if server.proc.poll() is not None:
                pytest.fail(f"prefect server exited with {server.proc.returncode}:\n{server.log.read_text()[-3000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{server.url}/health", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                pytest.fail(f"prefect server not healthy after 120 s:\n{server.log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield server
    finally:
        _SESSION_SERVER.stop()


@contextlib.contextmanager
def against_prefect_server(url: str):
    """Flows run in this process report to the Prefect server at ``url`` for the block (what
    ``prefect_test_harness`` does, without starting a temporary server of its own); the log and
    event workers are drained before the block ends, so nothing is sent after."""
    import prefect.context
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: url}):
        with prefect.context._temporary_global_settings_context(prefect.context.get_settings_context()):
            try:
                yield
            finally:
                with contextlib.suppress(RuntimeError):  # not started: nothing was logged
                    APILogWorker.instance().drain()
                EventsWorker.drain_all()


# ---- one pipeline run over the seeds


@dataclass(frozen=True)
class SeedsRun:
    """A plain pipeline run (no Prefect) over a copy of the seeds.

    ``texts`` is the folder it read, ``warehouse`` what it loaded, ``summary`` what it returned.
    Shared by the session: read both, change neither (``seeds_loaded`` gives a copy to change)."""

    texts: Path
    warehouse: Path
    summary: dict
    pristine: Path

    def copy_warehouse(self, target: Path) -> Path:
        """The run's warehouse file copied to ``target`` (a warehouse that has loaded the seeds
        from ``texts``, exactly as the run left it)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(self.warehouse, target)
        wal = self.warehouse.with_name(self.warehouse.name + ".wal")
        if wal.exists():
            shutil.copy2(wal, target.with_name(target.name + ".wal"))
        return target

    def restore_texts(self) -> None:
        """Put the seeds back in ``texts`` as the run read them (same content, same times)."""
        shutil.rmtree(self.texts)
        shutil.copytree(self.pristine, self.texts)


@pytest.fixture(scope="session")
def seeds_run(tmp_path_factory) -> SeedsRun:
    from ofsted.pipeline import plain_stages, run_stages

    base = tmp_path_factory.mktemp("seeds-run")
    pristine = base / "pristine"
    shutil.copytree(SEEDS, pristine)
    texts = base / "seeds"
    shutil.copytree(pristine, texts)
    warehouse = base / "wh" / "seeds.duckdb"
    summary = run_stages(plain_stages(), str(texts), str(warehouse))
    return SeedsRun(texts, warehouse, summary, pristine)


@pytest.fixture()
def seeds_loaded(seeds_run, tmp_path):
    """``(texts, warehouse)``: a warehouse of this test's own that has loaded the seeds from
    ``texts`` (the session's run, copied), for a test that runs again, changes texts or writes.
    ``texts`` is the folder the run read; it is put back as it was after the test."""
    warehouse = seeds_run.copy_warehouse(tmp_path / "wh" / "test.duckdb")
    try:
        yield seeds_run.texts, warehouse
    finally:
        seeds_run.restore_texts()


# ---- one evaluation of the dev corpus


@dataclass(frozen=True)
class DevEvaluation:
    report: object
    warehouse: Path
    summary: dict


@pytest.fixture(scope="session")
def dev_evaluation(tmp_path_factory) -> DevEvaluation:
    """What ``ofsted evaluate`` does with the dev corpus, once: the pipeline (no Prefect) over the
    files its gold names, scored against the gold. Read only."""
    if not (DEV_CORPUS / "gold.json").exists():
        pytest.skip("../shared/corpus/dev is not present")
    from ofsted.evaluate_cli import evaluate_folder

    warehouse = tmp_path_factory.mktemp("dev-evaluation") / "eval.duckdb"
    report, warehouse, summary = evaluate_folder(DEV_CORPUS / "gold.json", DEV_CORPUS, warehouse=warehouse)
    return DevEvaluation(report, Path(warehouse), summary)
