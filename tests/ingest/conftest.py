"""Shared helpers for the ingest tests: run discover + read on a folder, index results by name."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

import ofsted.ingest.read as read_module
from ofsted.ingest import Rejection, discover, read_documents
from ofsted.model import Document


@dataclass
class Loaded:
    documents: list[Document]
    rejections: list[Rejection]

    def doc(self, name: str) -> Document:
        """The document whose source_path (or an extra path) ends with ``name``."""
        hits = [d for d in self.documents if any(p.endswith("/" + name) or p == name for p in (d.source_path, *d.extra_paths))]
        assert len(hits) == 1, f"expected one document named {name}, got {hits!r}; rejections: {self.rejections!r}"
        return hits[0]

    def rejection(self, name: str) -> Rejection:
        hits = [r for r in self.rejections if r.source_path.endswith("/" + name) or r.source_path == name]
        assert len(hits) == 1, f"expected one rejection for {name}, got {hits!r}"
        return hits[0]

    def names(self) -> list[str]:
        return [os.path.basename(d.source_path) for d in self.documents]


def load(source: Path, **kwargs) -> Loaded:
    max_bytes = kwargs.pop("max_bytes", 20_000_000)
    candidates, rejected = discover(source, max_bytes=max_bytes)
    documents, read_rejected = read_documents(candidates, max_bytes=max_bytes, **kwargs)
    return Loaded(documents, rejected + read_rejected)


@pytest.fixture(autouse=True)
def _no_retry_sleep(monkeypatch):
    monkeypatch.setattr(read_module, "RETRY_DELAY", 0)


@pytest.fixture()
def src(tmp_path) -> Path:
    folder = tmp_path / "src"
    folder.mkdir()
    return folder
