"""A run lock per warehouse, so overlapping runs wait for each other instead of colliding.

DuckDB admits one writing process. Two runs on one warehouse (a scheduled and a manual one, or
two started by hand) are serialised with an exclusive ``flock`` on ``<warehouse>.lock``: the
second waits up to ``timeout`` seconds, then fails with a clear message. The lock is held by
the open file, so a killed run releases it at once. Re-entrant within one process (the CLI
takes it before starting Prefect, the flow takes it again).
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

_held: dict[str, int] = {}
_guard = threading.Lock()


class LockTimeout(RuntimeError):
    """Another run held the lock for longer than we were willing to wait."""


def lock_path(warehouse: Path | str) -> Path:
    return Path(str(warehouse) + ".lock")


@contextmanager
def exclusive_flock(path: Path, timeout: float, *, poll: float = 0.2, on_wait=None, on_timeout=None):
    """Hold an exclusive ``flock`` on ``path`` for the block, waiting at most ``timeout`` s.

    ``on_wait(path)`` is called once if the lock is busy; ``on_timeout()`` returns the exception
    raised when the wait runs out. The lock belongs to the open file, so a killed holder
    releases it at once.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + timeout
    told = False
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told and on_wait is not None:
                    on_wait(path)
                    told = True
                if time.monotonic() >= deadline:
                    raise (on_timeout() if on_timeout else TimeoutError(f"{path} stayed locked for {timeout:.0f} s")) from None
                time.sleep(poll)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        try:
            yield path
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextmanager
def run_lock(warehouse: Path | str, timeout: float = 900.0, *, poll: float = 0.2, on_wait=None):
    """Hold the warehouse's run lock for the duration of the block."""
    path = lock_path(warehouse).resolve()
    key = str(path)
    with _guard:
        reentrant = key in _held
        if reentrant:
            _held[key] += 1
    if reentrant:
        try:
            yield path
        finally:
            with _guard:
                _held[key] -= 1
        return

    def timed_out() -> LockTimeout:
        return LockTimeout(
            f"another run has held {path} for more than {timeout:.0f} s; giving up. "
            "Wait for it to finish (see `ofsted status`) or raise --lock-timeout."
        )

    with exclusive_flock(path, timeout, poll=poll, on_wait=on_wait, on_timeout=timed_out):
        with _guard:
            _held[key] = 1
        try:
            yield path
        finally:
            with _guard:
                _held.pop(key, None)
