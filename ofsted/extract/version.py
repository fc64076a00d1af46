"""The version of the extraction: a short hash of the rules and the vocabularies they read.

Each document records the version of the extraction that produced its facts
(``documents.extraction_version``); ``ofsted run`` re-extracts the documents whose recorded
version differs from :func:`extraction_version`, so improved rules reach existing warehouses.

The hash covers, by path relative to the package and then content, every ``ofsted/extract/*.py``
file and every file under ``ofsted/data/rules/`` and ``ofsted/data/reference/`` (a folder
that does not exist is skipped). It does not
depend on where the package is installed, on timestamps, or on ``__pycache__``; any edit to a
rule or a vocabulary changes it. Computed once per process.

>>> v = extraction_version()
>>> len(v), v == extraction_version()
(12, True)
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
#: What the version is a hash of: (folder under the package, file pattern, recursive).
SOURCES = (
    ("extract", "*.py", False),
    ("data/rules", "*", True),
    ("data/reference", "*", True),
)
LENGTH = 12


def version_files(package: Path = PACKAGE) -> list[Path]:
    """The files the version covers, sorted by their path inside the package."""
    files: set[Path] = set()
    for folder, pattern, recursive in SOURCES:
        base = package / folder
        found = base.rglob(pattern) if recursive else base.glob(pattern)
        files.update(p for p in found if p.is_file() and "__pycache__" not in p.parts)
    return sorted(files, key=lambda p: p.relative_to(package).as_posix())


def compute_version(package: Path = PACKAGE) -> str:
    """The hash over ``version_files`` (names and contents), not cached."""
    digest = hashlib.sha256()
    for path in version_files(package):
        name = path.relative_to(package).as_posix().encode("utf-8")
        data = path.read_bytes()
        digest.update(len(name).to_bytes(4, "big") + name + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:LENGTH]


@lru_cache(maxsize=1)
def extraction_version() -> str:
    """The extraction's version (12 hex digits), computed once per process."""
    return compute_version()
