"""`ofsted run`'s exit status when inputs are rejected: 0 (the run completed, the summary and the
`rejected` table say what was left out), 3 with --strict.

The command runs in this process (``ofsted.cli.main``, whose return value is what ``python -m
ofsted.cli`` exits with; the other tests here pin that in subprocesses) against the session's
Prefect server: neither run pays a new interpreter, its imports or a temporary server."""

from __future__ import annotations

import contextlib
import io
import shutil

import pytest

from ofsted.cli import main
from tests.conftest import SEEDS, against_prefect_server


@pytest.mark.parametrize("strict, code", [(False, 0), (True, 3)])
def test_cli_exit_status_with_rejections(prefect_server, tmp_path, strict, code):
    folder = tmp_path / "texts"
    folder.mkdir()
    shutil.copy(SEEDS / "000_a0c1d4c51271259c.txt", folder)
    (folder / "empty.txt").write_bytes(b"")
    args = ["run", "--source", str(folder), "--warehouse", str(tmp_path / "w.duckdb")] + (["--strict"] if strict else [])
    # stdout only: Prefect's log handlers keep the stderr they were set up with, which must
    # outlive the test (capsys closes its streams after each test)
    with against_prefect_server(prefect_server.url), contextlib.redirect_stdout(io.StringIO()) as stdout:
        returned = main(args)
    out = stdout.getvalue()
    assert returned == code, f"exit {returned} (stderr is in the captured output)\n--- stdout\n{out[-4000:]}"
    assert "1 rejected" in out and "empty" in out
