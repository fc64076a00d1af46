"""How politely and how patiently pages are fetched: one typed settings object.

The defaults are those of a good citizen on the public web: at most one request per second to a
host (longer when its robots.txt asks for a ``Crawl-delay``), a clear User-Agent, bounded
timeouts and retries, and the same 20 MB size limit as files. A sources file may override any of
them in its ``[settings]`` table; tests make the waits tiny.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from ofsted.ingest.records import DEFAULT_MAX_BYTES

try:  # the installed project's version, for the User-Agent
    from importlib.metadata import version as _version

    _VERSION = _version("ofsted-warehouse")
except Exception:  # noqa: BLE001 - running from a checkout without an install
    _VERSION = "0"

DEFAULT_USER_AGENT = f"ofsted-warehouse/{_VERSION} (children's services inspection news reader; python-httpx)"


class SettingsError(ValueError):
    """A setting with the wrong type or an impossible value."""


@dataclass(frozen=True)
class FetchSettings:
    """Politeness, patience and limits of the fetcher.

    ``min_interval`` is the least time between two requests to one host (seconds, measured from
    the start of one request to the start of the next; robots.txt, retries and redirects count).
    ``retries`` is how many times a request is repeated after a network error, a timeout or a 5xx
    answer, waiting ``backoff``, ``2 * backoff``, ``4 * backoff`` ... seconds first (a
    ``Retry-After`` up to ``max_wait`` is honoured instead when longer).
    """

    user_agent: str = DEFAULT_USER_AGENT
    #: appended to the User-Agent as "(+contact)" so a site's operator can reach you
    contact: str | None = None
    min_interval: float = 1.0
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    #: the whole response (all its bytes) must arrive within this many seconds
    response_deadline: float = 120.0
    retries: int = 3
    backoff: float = 2.0
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = 5
    #: entries read from one feed (the newest first, as feeds list them)
    max_entries: int = 200
    #: a robots.txt Crawl-delay longer than this is capped (seconds)
    max_wait: float = 60.0

    @property
    def agent(self) -> str:
        """The User-Agent header sent."""
        return f"{self.user_agent} (+{self.contact})" if self.contact else self.user_agent

    @property
    def robots_agent(self) -> str:
        """The product token robots.txt groups are matched against (``ofsted-warehouse``)."""
        return self.user_agent.split("/")[0].split()[0]

    def with_overrides(self, values: dict[str, Any], where: str = "settings") -> "FetchSettings":
        """A copy with ``values`` applied; unknown keys and bad types raise :class:`SettingsError`."""
        fields = {f.name: f for f in dataclasses.fields(self)}
        changes: dict[str, Any] = {}
        for key, value in values.items():
            name = _ALIASES.get(key, key)
            if name not in fields:
                known = ", ".join(sorted(set(fields) | set(_ALIASES)))
                raise SettingsError(f"{where}: unknown setting {key!r} (known: {known})")
            kind = _KINDS[name]
            if kind is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if name == "contact" and value is None:
                pass
            elif not isinstance(value, kind) or isinstance(value, bool):
                raise SettingsError(f"{where}: {key} must be {_KIND_NAMES[kind]}, got {value!r}")
            if kind in (int, float) and value < _MINIMUM.get(name, 0):
                raise SettingsError(f"{where}: {key} must be at least {_MINIMUM.get(name, 0)}, got {value!r}")
            if kind is str and not value.strip():
                raise SettingsError(f"{where}: {key} must not be empty")
            changes[name] = value
        return dataclasses.replace(self, **changes)


#: sources-file spellings (with their unit) of the fields
_ALIASES = {
    "min_interval_seconds": "min_interval",
    "connect_timeout_seconds": "connect_timeout",
    "read_timeout_seconds": "read_timeout",
    "response_deadline_seconds": "response_deadline",
    "backoff_seconds": "backoff",
    "max_entries_per_feed": "max_entries",
    "max_wait_seconds": "max_wait",
}
_KINDS = {
    "user_agent": str, "contact": str, "min_interval": float, "connect_timeout": float, "read_timeout": float,
    "response_deadline": float, "retries": int, "backoff": float, "max_bytes": int, "max_redirects": int,
    "max_entries": int, "max_wait": float,
}
_KIND_NAMES = {str: "a string", float: "a number", int: "a whole number"}
_MINIMUM = {"connect_timeout": 0.001, "read_timeout": 0.001, "response_deadline": 0.001, "max_bytes": 1, "max_entries": 1}
