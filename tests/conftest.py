"""Shared test set-up: no telemetry, a private Prefect home, paths to shared data."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
# A private Prefect home for the whole session (its database, settings and server lock), so
# tests never touch ~/.prefect. Set before anything imports prefect.
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="ofsted-tests-prefect-")
os.environ.pop("PREFECT_API_URL", None)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_GOLD = ROOT / "tests" / "data" / "gold_seeds.json"
SHARED = ROOT.parent / "shared"
DEV_CORPUS = SHARED / "corpus" / "dev"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture()
def warehouse_path(tmp_path) -> Path:
    return tmp_path / "wh" / "test.duckdb"
