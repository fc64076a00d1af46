"""Speed: ten thousand small files are discovered and read in a few seconds, without heavy imports."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from ofsted.ingest import discover, read_documents


def test_ten_thousand_small_files_are_discovered_and_read_in_a_few_seconds(tmp_path):
    src = tmp_path / "many"
    for d in range(10):
        folder = src / f"d{d}"
        folder.mkdir(parents=True)
        for i in range(1_000):
            (folder / f"{i:04d}.txt").write_text(f"Ofsted visited council {d}-{i}.\r\nIt was rated “good”.\n", encoding="utf-8")
    started = time.perf_counter()
    candidates, rejections = discover(src)
    documents, read_rejections = read_documents(candidates)
    elapsed = time.perf_counter() - started
    assert len(candidates) == 10_000 and len(documents) == 10_000
    assert rejections == read_rejections == []
    assert elapsed < 5, f"took {elapsed:.1f} s"


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
