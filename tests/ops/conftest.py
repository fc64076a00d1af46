"""Operating the pipeline: real Prefect servers, served deployments, concurrent CLI runs.

Every Prefect process here gets its own ``PREFECT_HOME`` under the test's tmp folder and has
analytics off; servers listen on 127.0.0.1 on a free port and are stopped by process group. The
session's Prefect server (``prefect_server``) is in tests/conftest.py: other tests use it too.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# the session's Prefect server (``prefect_server``) and the process helpers live in tests/conftest.py
from tests.conftest import DEV_CORPUS, SEEDS, clean_env, free_port, stop  # noqa: F401 (used by the modules here)

OFSTED = [sys.executable, "-m", "ofsted.cli"]


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


def run_cli(args: list[str], env: dict[str, str], cwd: Path, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run(OFSTED + args, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def explain(result: subprocess.CompletedProcess) -> str:
    return f"exit {result.returncode}\n--- stdout\n{result.stdout[-4000:]}\n--- stderr\n{result.stderr[-6000:]}"
