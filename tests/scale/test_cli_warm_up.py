"""`ofsted run` readies the extractors while its Prefect server starts, and a server that cannot
start still fails the run with its own error."""

from __future__ import annotations

import threading

import pytest

from ofsted import cli, prefect_env


def test_the_work_runs_in_this_thread_while_the_server_starts_in_another(monkeypatch):
    seen = {}
    monkeypatch.setattr(prefect_env, "ensure_prefect_api", lambda: seen.setdefault("server", threading.current_thread()))
    cli.start_prefect_while(lambda: seen.setdefault("work", threading.current_thread()))
    assert seen["work"] is threading.current_thread()
    assert seen["server"] is not threading.current_thread()


def test_a_server_that_cannot_start_fails_the_caller_with_its_error(monkeypatch):
    def refuse():
        raise prefect_env.PrefectUnavailable("no server")

    monkeypatch.setattr(prefect_env, "ensure_prefect_api", refuse)
    with pytest.raises(prefect_env.PrefectUnavailable, match="no server"):
        cli.start_prefect_while(lambda: None)


def test_work_that_fails_does_not_stop_the_run(monkeypatch):
    started = []
    monkeypatch.setattr(prefect_env, "ensure_prefect_api", lambda: started.append(True))
    cli.start_prefect_while(lambda: 1 / 0)
    assert started == [True]
