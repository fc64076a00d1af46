"""Start Prefect's temporary (ephemeral) API server safely when several runs start at once.

With no ``PREFECT_API_URL``, each ``ofsted run`` process starts its own temporary Prefect
server on the shared SQLite database in ``PREFECT_HOME`` (default ``~/.prefect``). In Prefect
3.8.8 two servers starting at the same moment race in the database set-up (migrations) and one
fails with ``No such constraint: fk_artifact__flow_run_id__flow_run`` or ``Timed out while
attempting to connect to ephemeral Prefect API server``. :func:`ensure_prefect_api` starts the
server under an exclusive ``flock`` in ``PREFECT_HOME``, forcing the start with an API health
check, so the second process starts its server only once the first one's database is ready.
The server then lives for the rest of the process (Prefect reuses it for the flow run).

With ``PREFECT_API_URL`` set it only checks that the server answers, and says how to start one
when it does not.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from ofsted.locking import exclusive_flock

LOCK_NAME = "ofsted-ephemeral-server.lock"
#: Prefect's default (20 s) is too short for a first start (database creation) on a small, busy
#: machine; used unless PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS is set.
STARTUP_TIMEOUT = 120
START_HINT = (
    "start one with `prefect server start --host 127.0.0.1` and "
    "`export PREFECT_API_URL=http://127.0.0.1:4200/api`"
)


class PrefectUnavailable(RuntimeError):
    """The Prefect API could not be reached or started."""


def api_url() -> str | None:
    """The configured Prefect API URL (environment or profile), or None for ephemeral mode."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


def prefect_home() -> Path:
    from prefect.settings import get_current_settings

    return Path(get_current_settings().home).expanduser()


@contextmanager
def home_lock(timeout: float = 300.0, *, poll: float = 0.2, on_wait: Callable[[Path], None] | None = None):
    """An exclusive flock on ``PREFECT_HOME/ofsted-ephemeral-server.lock`` for the block."""
    home = prefect_home()
    home.mkdir(parents=True, exist_ok=True)
    path = home / LOCK_NAME

    def timed_out() -> PrefectUnavailable:
        return PrefectUnavailable(
            f"another process has been starting a temporary Prefect server in {home} for more than "
            f"{timeout:.0f} s; giving up. Or run against a Prefect server: {START_HINT}"
        )

    with exclusive_flock(path, timeout, poll=poll, on_wait=on_wait, on_timeout=timed_out):
        yield path


def _health_check() -> None:
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, temporary_settings

    updates = {}
    if "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS" not in os.environ:
        updates[PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS] = max(
            STARTUP_TIMEOUT, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value()
        )
    with temporary_settings(updates=updates):
        with get_client(sync_client=True) as client:
            error = client.api_healthcheck()
    if error is not None:
        raise error


def ensure_prefect_api(timeout: float = 300.0, on_wait: Callable[[Path], None] | None = None) -> str:
    """Make sure a Prefect API answers before a flow runs; returns ``"server"`` or ``"ephemeral"``.

    Ephemeral mode: starts this process's temporary server while holding the ``PREFECT_HOME``
    lock (once per process; later calls are cheap). Raises :class:`PrefectUnavailable` with a
    plain message when no API can be reached.
    """
    url = api_url()
    if url:
        try:
            _health_check()
        except Exception as exc:  # noqa: BLE001
            raise PrefectUnavailable(
                f"the Prefect server at PREFECT_API_URL={url} does not answer ({type(exc).__name__}: {exc}); "
                f"{START_HINT}, or unset PREFECT_API_URL to use a temporary server"
            ) from exc
        return "server"
    with home_lock(timeout, on_wait=on_wait):
        try:
            _health_check()  # starts the temporary server, with its database set-up, inside the lock
        except Exception as exc:  # noqa: BLE001
            raise PrefectUnavailable(
                f"could not start a temporary Prefect server in {prefect_home()}: {type(exc).__name__}: {exc}. "
                f"Try again, or {START_HINT}"
            ) from exc
    return "ephemeral"
