"""Operating the pipeline: real Prefect servers, served deployments, concurrent CLI runs.

Every Prefect process here gets its own ``PREFECT_HOME`` under the test's tmp folder and has
analytics off; servers listen on 127.0.0.1 on a free port and are stopped by process group.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import DEV_CORPUS, ROOT, SEEDS

QUIET = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "false",
}
OFSTED = [sys.executable, "-m", "ofsted.cli"]


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


def copy_texts(target: Path, names: list[Path]) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for path in names:
        shutil.copy2(path, target / path.name)
    return target


def dev_texts(start: int, count: int) -> list[Path]:
    """``count`` dev-corpus texts (with their sidecars), from the ``start``-th text on."""
    texts = sorted(DEV_CORPUS.glob("*.txt"))[start : start + count]
    if len(texts) < count:
        pytest.skip(f"needs {count} texts in {DEV_CORPUS}")
    return texts + [m for t in texts for m in [t.with_suffix(".meta.json")] if m.exists()]


@pytest.fixture()
def seeds_src(tmp_path) -> Path:
    return copy_texts(tmp_path / "seeds", sorted(SEEDS.iterdir()))


@dataclass
class Server:
    url: str
    home: Path
    proc: subprocess.Popen
    log: Path


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory):
    """A real ``prefect server start`` on a free port (UI off: it is not tested and slow to build)."""
    home = tmp_path_factory.mktemp("prefect-server-home")
    port = free_port()
    env = clean_env(home)
    env["PREFECT_UI_ENABLED"] = "false"
    log = home / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 120
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"prefect server exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                pytest.fail(f"prefect server not healthy after 120 s:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield Server(url, home, proc, log)
    finally:
        stop(proc)


def run_cli(args: list[str], env: dict[str, str], cwd: Path, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run(OFSTED + args, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def explain(result: subprocess.CompletedProcess) -> str:
    return f"exit {result.returncode}\n--- stdout\n{result.stdout[-4000:]}\n--- stderr\n{result.stderr[-6000:]}"
