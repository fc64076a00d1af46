"""Reading plain text stays light: no HTML or PDF machinery is imported for .txt files.

(How fast discovery and reading are is measured by ``bench/run.py``: its "discover + read"
row, never by a timed test.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_reading_text_files_does_not_import_trafilatura_or_pypdf(tmp_path):
    (tmp_path / "a.txt").write_text("plain")
    code = (
        "import sys; from ofsted.ingest import discover, read_documents; "
        f"read_documents(discover({str(tmp_path)!r})[0]); "
        "print(sorted(m for m in ('trafilatura', 'pypdf') if m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True,
                         env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == "[]"
