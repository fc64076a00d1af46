"""The built wheel is the whole project: installed outside the repository, it loads the same warehouse.

Building and installing a wheel for real costs little; installing its ~150 dependencies into a
fresh virtual environment would cost minutes and the network. So the fresh environment reuses
the dependencies already installed in the project's ``.venv``: it is created without pip and
without the project, a ``.pth`` file puts the project venv's ``site-packages`` on its path
(a directory named in a ``.pth`` file is added as it is: the ``.pth`` files inside it, among
them the editable install's finder, are not processed, so the repository's own code stays out
of sight), and only the project wheel is installed into it, with ``--no-deps``. The installed
``ofsted`` command then runs from a folder outside the repository. What could be missing from the
wheel (packages, suites, SQL migrations, vocabularies, official data) is exactly what this run
needs; the dependencies are the ones the editable install uses.

It runs against the session's Prefect server (``PREFECT_API_URL``) rather than starting a
temporary one (tests/ops pin that), over the session's copy of the seeds, and its warehouse is
compared with the one the session's plain run of the editable install loaded from them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from ofsted import warehouse as wh
from ofsted.model import FACT_TYPES
from tests.conftest import ROOT

#: What the wheel is built from: the files pyproject.toml packages, and the README it names.
PROJECT_FILES = ["pyproject.toml", "setup.py", "README.md", "ofsted", "flows", "tasks", "expectations"]
#: documents columns that differ between two runs by design
VOLATILE = {"ingested_at", "run_id"}


def warehouse_rows(path) -> dict[str, list[tuple]]:
    """Every row of documents and the fact tables (without load times and run ids), sorted."""
    out = {}
    with wh.open_warehouse(path, read_only=True) as con:
        for table in ("documents", *FACT_TYPES):
            columns = [c for c, in con.execute(
                "select column_name from duckdb_columns() where table_name = ? order by column_index", [table]
            ).fetchall() if c not in VOLATILE]
            out[table] = sorted(con.execute(f"select {', '.join(columns)} from {table}").fetchall(), key=repr)
        out["runs"] = con.execute("select status, expectations_passed, expectations_failed from pipeline_runs").fetchall()
    return out


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, **kwargs)
    assert done.returncode == 0, f"{command[:4]} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def test_the_wheel_installed_outside_the_repository_loads_the_same_warehouse_as_the_editable_install(
        tmp_path, prefect_server, seeds_run):
    src = tmp_path / "src"
    src.mkdir()
    for name in PROJECT_FILES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.so", "compiled-sources.json"))
        else:
            shutil.copy2(path, src / name)
    dist = tmp_path / "dist"
    # without build isolation there is no mypyc (a build requirement, not a dependency): the wheel
    # is the plain-Python fallback of setup.py, and the compiled files of the checkout stay out
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(dist), str(src)])
    (wheel,) = dist.glob("ofsted_warehouse-*.whl")

    env_dir = tmp_path / "fresh-venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    fresh_site = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    # the project venv's installed dependencies, as they are (see the module's docstring)
    (Path(fresh_site) / "_ofsted_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", "--no-index", str(wheel)])

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["PREFECT_API_URL"] = prefect_server.url
    where = run([str(python), "-c", "import ofsted, ofsted.validation as v; print(ofsted.__file__); print(v.DEFAULT_SUITES_DIR)"],
                cwd=elsewhere, env=env).stdout.split()
    assert all(p.startswith(fresh_site) for p in where), where  # the wheel's code and suites, not the repository's

    installed = tmp_path / "installed.duckdb"
    done = run([str(env_dir / "bin" / "ofsted"), "run", "--source", str(seeds_run.texts), "--warehouse", str(installed)],
               cwd=elsewhere, env=env)
    assert "completed" in done.stdout

    assert seeds_run.summary["status"] == "completed"
    from_wheel, from_checkout = warehouse_rows(installed), warehouse_rows(seeds_run.warehouse)
    assert from_wheel["runs"] == from_checkout["runs"] and from_wheel["runs"][0][1] > 0  # suites found and run
    for table in ("documents", *FACT_TYPES):
        assert from_wheel[table] == from_checkout[table], table
    assert from_checkout["ratings"]
