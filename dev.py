#!/usr/bin/env python3
"""The project's two set-up commands, needing nothing but Python 3.11 and pip.

    python3 dev.py run    # create .venv, install the pinned set, run the pipeline on seeds/
    python3 dev.py test   # same install, then the test suite (what .ci/run calls)

Extra arguments after the command go to ``ofsted run`` or to pytest. The install is skipped
when ``.venv`` was already built from the same ``constraints.txt``, ``pyproject.toml`` and
``setup.py``. The install compiles the extraction modules with mypyc (``setup.py``; plain Python
with ``OFSTED_PURE_PYTHON=1`` or when it cannot).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
STAMP = VENV / ".installed-from"

sys.path.insert(0, str(ROOT))
#: Nothing leaves the machine (the CLI's settings; ofsted.cli imports only the standard library).
from ofsted.cli import QUIET_ENV  # noqa: E402


def _inputs_digest() -> str:
    digest = hashlib.sha256()
    for name in ("constraints.txt", "pyproject.toml", "setup.py"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_venv() -> None:
    """Create ``.venv`` and install the project with the pinned dependency set."""
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"dev.py needs Python 3.11 (this is {sys.version.split()[0]})")
    wanted = _inputs_digest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted and (BIN / "ofsted").exists():
        return
    if not (BIN / "python").exists():
        print("creating .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    pip = [str(BIN / "python"), "-m", "pip", "--disable-pip-version-check", "-q"]
    print("installing pinned dependencies (constraints.txt) ...", flush=True)
    subprocess.run(pip + ["install", "-c", "constraints.txt", "-e", ".[dev]"], cwd=ROOT, check=True)
    STAMP.write_text(wanted + "\n")
    subprocess.run([str(BIN / "python"), "-c", "import ofsted.extract as e; print('extraction modules: ' + ("
                    "'compiled with mypyc' if e.COMPILED else 'plain Python (not compiled: see setup.py)'))"], cwd=ROOT)


def ensure_chromium() -> None:
    """Install Debian's chromium for the browser tests (report, review page) when possible (root + apt).

Playwright (pinned in constraints.txt) drives this binary; it never downloads a browser of its own."""
    if shutil.which("chromium") or os.environ.get("OFSTED_SKIP_CHROMIUM_INSTALL"):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print("chromium not installed and cannot be (not root or no apt-get): the browser tests cannot run")
        return
    print("installing Debian's chromium for the browser test ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    ok = subprocess.run(["apt-get", "update", "-qq"], env=env).returncode == 0 and (
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], env=env, stdout=subprocess.DEVNULL).returncode == 0
    )
    if not ok:
        print("chromium install failed: the browser tests cannot run")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    ensure_venv()
    env = {**os.environ, **QUIET_ENV}
    if command == "run":
        return subprocess.run([str(BIN / "ofsted"), "run", *rest], cwd=ROOT, env=env).returncode
    ensure_chromium()
    code = subprocess.run([str(BIN / "python"), "-m", "pytest", *rest], cwd=ROOT, env=env).returncode
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
