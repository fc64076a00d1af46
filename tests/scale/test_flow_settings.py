"""`ofsted run` runs its flow without heartbeats against its own temporary server (which lives
and dies with the process), and with Prefect's settings untouched against a running server."""

from __future__ import annotations

from prefect.settings import get_current_settings

from ofsted import cli, prefect_env


def test_no_heartbeats_against_the_temporary_server(monkeypatch):
    monkeypatch.setattr(prefect_env, "api_url", lambda: None)
    before = get_current_settings().flows.heartbeat_frequency
    with cli.flow_run_settings():
        assert get_current_settings().flows.heartbeat_frequency is None
    assert get_current_settings().flows.heartbeat_frequency == before


def test_settings_untouched_against_a_running_server(monkeypatch):
    monkeypatch.setattr(prefect_env, "api_url", lambda: "http://127.0.0.1:4200/api")
    before = get_current_settings().flows.heartbeat_frequency
    with cli.flow_run_settings():
        assert get_current_settings().flows.heartbeat_frequency == before is not None
