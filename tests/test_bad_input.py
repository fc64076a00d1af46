"""Bad input dropped among good files: the run completes, good documents load, each bad file is
rejected with a reason a person understands (the pipeline-level view of the ingest zoo)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from ofsted.pipeline import Stages, plain_stages, run_stages
from ofsted import warehouse as wh
from tests.conftest import SEEDS

SEED_TEXT = (SEEDS / "000_a0c1d4c51271259c.txt").read_text(encoding="utf-8")
MB = 1_000_000


def build_zoo(folder: Path, outside: Path) -> dict[str, str]:
    """Write the zoo; returns file name -> expected outcome ("loaded:<encoding>" or "rejected")."""
    folder.mkdir()
    expected = {}

    def put(name, data: bytes, outcome):
        (folder / name).write_bytes(data)
        expected[name] = outcome

    curly = "Ofsted said the council was \u201cmaking steady progress in every area it inspected\u201d, the leader said."
    put("good_utf8.txt", SEED_TEXT.encode("utf-8"), "loaded:utf-8")
    put("cp1252.txt", curly.encode("cp1252"), "loaded:cp1252")
    put("latin1.txt", "Caf\u00e9 owners in Hackney praised the council's rating. \u00c9t\u00e9.".encode("latin-1"), "loaded")
    put("utf16.txt", ("Wigan Council was rated good by Ofsted. " * 5).encode("utf-16"), "loaded:utf-16-le")
    put("utf8_bom.txt", b"\xef\xbb\xbf" + "Sheffield was judged outstanding by Ofsted in 2023.".encode(), "loaded:utf-8-sig")
    put("crlf.txt", "First line about Ofsted.\r\nSecond line about York.\r\n".encode(), "loaded")
    put("long_line.txt", ("Ofsted rated Leeds good and the council welcomed it " * 60_000).encode(), "loaded")
    put("unclosed_quote.txt", ('The leader said: "We are pleased with the outcome of the inspection\n\n'
                              'Ofsted rated Oldham good in 2024. Help and protection was judged good.\n').encode(), "loaded")
    put("many_quotes.txt", ('"' * 100_000 + "\n" + "'\u201c\u201d" * 30_000).encode(), "loaded")
    put("duplicate_a.txt", b"The same story about Ofsted and Barnet, saved twice under two names.", "loaded")
    put("duplicate_b.txt", b"The same story about Ofsted and Barnet, saved twice under two names.", "duplicate")
    put("empty.txt", b"", "rejected")
    put("whitespace.txt", b"  \n\t\n   \r\n", "rejected")
    put("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "rejected")
    put("archive.txt", b"PK\x03\x04" + b"\x00\x14\x00" * 200, "rejected")
    put("garbage.txt", bytes([1, 2, 3, 4, 5, 6, 7, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]) * 50, "rejected")
    put("too_big.txt", b"Ofsted " * (9 * MB // 7 + 1), "rejected")
    (outside / "secret.txt").write_text("Outside the source folder: Ofsted rated Kent outstanding.")
    os.symlink(outside / "secret.txt", folder / "link_outside.txt")
    expected["link_outside.txt"] = "rejected"
    (folder / "a_directory.txt").mkdir()
    (folder / "a_directory.txt" / "inner.txt").write_text("Inside a folder named like a text file: Ofsted visited Bury.")
    expected["a_directory.txt"] = "rejected"  # the folder itself is no document ...
    expected["inner.txt"] = "loaded"          # ... but what it holds is read
    os.mkfifo(folder / "fifo.txt")
    expected["fifo.txt"] = "rejected"
    put("minutes.docx", b"PK\x03\x04 word document", "rejected")
    put("vanishes.txt", b"This file is deleted between discovery and reading.", "rejected")
    return expected


def test_the_bad_input_zoo_completes_and_rejects_file_by_file(tmp_path, warehouse_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    zoo = tmp_path / "zoo"
    expected = build_zoo(zoo, outside)

    plain = plain_stages()

    def discover_then_vanish(*args):
        found = plain.discover(*args)
        (zoo / "vanishes.txt").unlink()
        return found

    stages = Stages(**{**vars(plain), "discover": discover_then_vanish})
    started = time.monotonic()
    summary = run_stages(stages, str(zoo), str(warehouse_path), max_bytes=8 * MB)
    elapsed = time.monotonic() - started
    assert summary["status"] == "completed_with_rejections"
    assert elapsed < 120, f"the zoo took {elapsed:.0f} s: pathological input is not bounded"

    with wh.open_warehouse(warehouse_path, read_only=True) as con:
        docs = {Path(p).name: (enc, paths) for p, enc, paths in
                con.execute("select source_path, encoding, source_paths from documents").fetchall()}
        rejected = {Path(p).name: (stage, reason, detail) for p, stage, reason, detail in
                    con.execute("select source_path, stage, reason, detail from rejected where stage in ('discover', 'read')").fetchall()}
    for name, outcome in expected.items():
        if outcome.startswith("loaded"):
            assert name in docs, f"{name} should have loaded; rejected as {rejected.get(name)}"
            if ":" in outcome:
                assert docs[name][0] == outcome.split(":", 1)[1], name
        elif outcome == "duplicate":
            assert name not in docs and name not in rejected
            assert any(name in paths for _, paths in docs.values()), "both names of duplicate content are recorded"
        else:
            assert name in rejected, f"{name} should have been rejected"
            stage, reason, detail = rejected[name]
            assert detail and len(detail) > 20, f"{name}: rejection needs a sentence a person understands"
    assert summary["n_rejected"] == sum(1 for o in expected.values() if o == "rejected")


def test_an_unclosed_quotation_mark_does_not_swallow_the_rest(tmp_path, warehouse_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "unclosed.txt").write_text(
        'Council leader Jo Bloggs said: "We are pleased with this outcome for the children of the town\n\n'
        "Ofsted rated Oldham Council good overall. The report was published on Friday.\n\n"
        'Chief executive Sam Smith said: "This is a day for our social workers to be proud of."\n',
        encoding="utf-8",
    )
    run_stages(plain_stages(), str(folder), str(warehouse_path))
    with wh.open_warehouse(warehouse_path, read_only=True) as con:
        quotes = con.execute("select text from quotes").fetchall()
    assert all("Ofsted rated Oldham" not in q for q, in quotes)
    assert any(q.startswith("This is a day for our social workers") for q, in quotes)
