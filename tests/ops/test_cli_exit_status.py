"""`ofsted run`'s exit status when inputs are rejected: 0 (the run completed, the summary and the
`rejected` table say what was left out), 3 with --strict. Run against the session's Prefect
server, so the two runs do not each start a temporary one."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import SEEDS
from tests.ops.conftest import clean_env, explain, run_cli


@pytest.mark.parametrize("strict, code", [(False, 0), (True, 3)])
def test_cli_exit_status_with_rejections(prefect_server, tmp_path, strict, code):
    folder = tmp_path / "texts"
    folder.mkdir()
    shutil.copy(SEEDS / "000_a0c1d4c51271259c.txt", folder)
    (folder / "empty.txt").write_bytes(b"")
    args = ["run", "--source", str(folder), "--warehouse", str(tmp_path / "w.duckdb")] + (["--strict"] if strict else [])
    done = run_cli(args, clean_env(tmp_path / "home", api_url=prefect_server.url), tmp_path, timeout=300)
    assert done.returncode == code, explain(done)
    assert "1 rejected" in done.stdout and "empty" in done.stdout
