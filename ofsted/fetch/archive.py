"""The fetch archive: every body fetched, kept as raw bytes under the SHA-256 of those bytes.

It lives in ``archive/`` beside the warehouse file (``warehouse/archive/`` by default), one file
per distinct body at ``archive/<first two hex digits>/<sha256>``. The ``fetches`` table says which
URL gave which body when; re-reading a page (a re-extraction, or a 304 for a page whose document
went missing) reads it from here and never needs the network. Writes are atomic (a temporary
file renamed into place), so a crash never leaves a partial body under a real name.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from ofsted.outputs import ARCHIVE as ARCHIVE_DIR  # the name discovery knows never to read


def archive_dir(warehouse: str | Path) -> Path:
    """``D/archive`` for the warehouse file ``D/W``."""
    return Path(warehouse).resolve().parent / ARCHIVE_DIR


class Archive:
    """Content-addressed storage of raw bytes."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def relative(self, sha256: str) -> str:
        """``archive/ab/abcd...``: the path recorded in ``fetches.archive_path`` (relative to the warehouse's folder)."""
        return f"{ARCHIVE_DIR}/{sha256[:2]}/{sha256}"

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        """Store ``data`` (once) and return its SHA-256 (hex)."""
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha)
        if target.exists() and target.stat().st_size == len(data):
            return sha
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha

    def get(self, sha256: str) -> bytes | None:
        """The stored bytes, or None when they are not (or no longer) in the archive."""
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError:
            return None
