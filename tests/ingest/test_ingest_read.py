"""Reading a batch: bad inputs become rejections with reasons, the rest of the batch loads."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import ofsted.ingest.read as read_module
from ofsted.ingest import Candidate, discover, read_documents

from conftest import load
from ingest_fixtures import PNG_BYTES, zip_bytes


def test_bad_input_zoo_each_file_gets_its_own_reason_and_good_files_load(src, tmp_path):
    zoo = {
        "good.txt": b"Ofsted rated the council good.",
        "empty.txt": b"",
        "blank.txt": b"  \n\t\r\n  ",
        "image.txt": PNG_BYTES,
        "archive.md": zip_bytes(),
        "pdf-named-txt.txt": b"%PDF-1.4\n%binary",
        "nul.txt": b"abc\x00def\x00ghi",
        "controls.txt": bytes(range(1, 9)) * 50 + b"some text",
        "garbage.txt": bytes(range(0x80, 0x100)) * 8,
        "big.txt": b"x" * 5_000,
        "sheet.xlsx": b"PK\x03\x04",
    }
    for name, data in zoo.items():
        (src / name).write_bytes(data)
    os.mkfifo(src / "fifo.txt")
    (tmp_path / "secret.txt").write_text("outside")
    (src / "escape.txt").symlink_to(tmp_path / "secret.txt")

    loaded = load(src, max_bytes=4_000)

    assert loaded.names() == ["good.txt"]
    expected = {
        "empty.txt": "empty_file",
        "blank.txt": "whitespace_only",
        "image.txt": "binary_file",
        "archive.md": "binary_file",
        "pdf-named-txt.txt": "binary_file",
        "nul.txt": "binary_file",
        "controls.txt": "control_characters",
        "garbage.txt": "not_text",
        "big.txt": "too_large",
        "sheet.xlsx": "unsupported_file_type",
        "fifo.txt": "not_a_regular_file",
        "escape.txt": "symlink_outside_source",
    }
    got = {os.path.basename(r.source_path): r.reason for r in loaded.rejections}
    assert got == expected
    for r in loaded.rejections:
        assert r.stage in {"discover", "read"}
        assert r.detail and r.detail.endswith("."), r  # a sentence, not a code
    assert "PNG image" in loaded.rejection("image.txt").detail
    assert "PDF" in loaded.rejection("pdf-named-txt.txt").detail
    assert "NUL" in loaded.rejection("nul.txt").detail


def test_file_that_vanishes_between_discovery_and_reading_is_rejected(src):
    (src / "a.txt").write_text("here")
    (src / "b.txt").write_text("soon gone")
    candidates, _ = discover(src)
    (src / "b.txt").unlink()
    docs, rejections = read_documents(candidates)
    assert [os.path.basename(d.source_path) for d in docs] == ["a.txt"]
    assert [(os.path.basename(r.source_path), r.stage, r.reason) for r in rejections] == [("b.txt", "read", "vanished")]


def test_file_replaced_by_a_folder_after_discovery_cannot_be_read(src):
    (src / "x.txt").write_text("was a file")
    candidates, _ = discover(src)
    (src / "x.txt").unlink()
    (src / "x.txt").mkdir()
    docs, rejections = read_documents(candidates)
    assert docs == []
    assert rejections[0].reason == "not_a_regular_file"


def test_file_replaced_by_a_fifo_after_discovery_is_rejected_without_hanging(src):
    (src / "p.txt").write_text("was a file")
    candidates, _ = discover(src)
    (src / "p.txt").unlink()
    os.mkfifo(src / "p.txt")
    docs, rejections = read_documents(candidates)
    assert docs == [] and rejections[0].reason == "not_a_regular_file"


def test_file_that_grew_past_the_limit_after_discovery_is_rejected(src):
    (src / "g.txt").write_text("small")
    candidates, _ = discover(src, max_bytes=100)
    (src / "g.txt").write_text("x" * 500)
    docs, rejections = read_documents(candidates, max_bytes=100)
    assert docs == [] and rejections[0].reason == "too_large"


def test_transient_read_errors_are_retried(src, monkeypatch):
    (src / "flaky.txt").write_text("eventually readable")
    real = read_module._read_once
    calls = []

    def flaky(path, max_bytes):
        calls.append(path)
        if len(calls) <= 2:
            raise OSError(errno.EIO, "Input/output error")
        return real(path, max_bytes)

    monkeypatch.setattr(read_module, "_read_once", flaky)
    docs, rejections = read_documents(discover(src)[0], retries=2)
    assert rejections == [] and docs[0].text == "eventually readable"
    assert len(calls) == 3


def test_read_errors_that_persist_reject_the_file_after_the_retries(src, monkeypatch):
    (src / "a.txt").write_text("fine")
    (src / "broken.txt").write_text("never readable")
    real = read_module._read_once
    calls = []

    def broken(path, max_bytes):
        if path.endswith("broken.txt"):
            calls.append(path)
            raise OSError(errno.EIO, "Input/output error")
        return real(path, max_bytes)

    monkeypatch.setattr(read_module, "_read_once", broken)
    docs, rejections = read_documents(discover(src)[0], retries=1)
    assert [os.path.basename(d.source_path) for d in docs] == ["a.txt"]
    assert len(calls) == 2
    (rej,) = rejections
    assert rej.reason == "unreadable" and "Input/output error" in rej.detail and "2 attempts" in rej.detail


def test_an_unexpected_error_in_one_file_does_not_stop_the_batch(src, monkeypatch):
    (src / "a.txt").write_text("fine")
    (src / "b.txt").write_text("boom")
    real = read_module.decode_bytes

    def explode(data, **kw):
        if data == b"boom":
            raise RuntimeError("bug")
        return real(data, **kw)

    monkeypatch.setattr(read_module, "decode_bytes", explode)
    docs, rejections = read_documents(discover(src)[0])
    assert [os.path.basename(d.source_path) for d in docs] == ["a.txt"]
    assert rejections[0].reason == "read_error" and "bug" in rejections[0].detail


def test_same_content_under_two_names_is_one_document_with_both_names(src):
    (src / "b_copy.txt").write_text("Identical text.")
    (src / "a_original.txt").write_text("Identical text.")
    (src / "sub").mkdir()
    (src / "sub" / "c.txt").write_bytes(b"Identical text.")
    (src / "other.txt").write_text("Different text.")
    docs, rejections = read_documents(discover(src)[0])
    assert rejections == []
    assert len(docs) == 2
    dup = next(d for d in docs if d.text == "Identical text.")
    assert dup.source_path.endswith("/a_original.txt")
    assert [p.rsplit("/src/", 1)[1] for p in dup.extra_paths] == ["b_copy.txt", "sub/c.txt"]


def test_dedupe_takes_metadata_from_the_first_name_and_fills_gaps_from_the_others(src):
    (src / "a.txt").write_text("Same.")
    (src / "b.txt").write_text("Same.")
    (src / "a.meta.json").write_text('{"title": "A title"}')
    (src / "b.meta.json").write_text('{"title": "B title", "publisher": "B News"}')
    (doc,), _ = read_documents(discover(src)[0])
    assert (doc.title, doc.publisher) == ("A title", "B News")


def test_sidecar_that_is_not_json_leaves_the_document_loaded_with_a_sidecar_rejection(src):
    (src / "a.txt").write_text("The text.")
    (src / "a.meta.json").write_text("{title: oops")
    loaded = load(src)
    doc = loaded.doc("a.txt")
    assert doc.title is None
    rej = loaded.rejection("a.meta.json")
    assert (rej.stage, rej.reason) == ("sidecar", "sidecar_invalid_json")
    assert "not valid JSON" in rej.detail and "loaded without it" in rej.detail


def test_sidecar_with_a_bad_date_keeps_its_other_fields(src):
    (src / "a.txt").write_text("The text.")
    (src / "a.meta.json").write_text('{"title": "T", "published_date": "last Tuesday", "publisher": 7}')
    loaded = load(src)
    doc = loaded.doc("a.txt")
    assert doc.title == "T" and doc.published_date is None and doc.publisher is None
    reasons = sorted((r.stage, r.reason) for r in loaded.rejections)
    assert reasons == [("sidecar", "sidecar_bad_field"), ("sidecar", "sidecar_bad_field")]
    assert any("last Tuesday" in r.detail for r in loaded.rejections)


def test_sidecar_that_is_a_json_list_is_rejected_as_not_an_object(src):
    (src / "a.txt").write_text("The text.")
    (src / "a.meta.json").write_text("[1, 2]")
    loaded = load(src)
    assert loaded.doc("a.txt").title is None
    assert loaded.rejection("a.meta.json").reason == "sidecar_not_an_object"


def test_sidecar_iso_datetime_gives_its_date(src):
    (src / "a.txt").write_text("The text.")
    (src / "a.meta.json").write_text('{"published_date": "2024-03-05T09:00:00Z"}')
    assert load(src).doc("a.txt").published_date.isoformat() == "2024-03-05"


def test_a_candidate_built_from_a_bare_path_is_read_with_defaults(src, monkeypatch):
    (src / "a.md").write_text("# Heading\n")
    monkeypatch.chdir(src.parent)
    docs, rejections = read_documents([Candidate(Path("src/a.md"), "a.md", 10)])
    assert rejections == []
    assert docs[0].source_path == "src/a.md" and docs[0].source_format == "md"


def test_dev_corpus_if_present_loads_without_rejections_except_the_gold_file():
    dev = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "dev"
    if not dev.is_dir():
        pytest.skip("no shared dev corpus on this machine")
    candidates, rejected = discover(dev)
    docs, read_rejected = read_documents(candidates)
    assert [os.path.basename(r.source_path) for r in rejected + read_rejected] == ["gold.json"]
    assert sum(d.title is not None for d in docs) == 14


def test_candidates_documents_and_rejections_pickle_for_task_runners(src):
    import pickle

    (src / "a.txt").write_text("text")
    (src / "bad.docx").write_text("x")
    candidates, rejections = discover(src)
    docs, _ = read_documents(candidates)
    assert pickle.loads(pickle.dumps((candidates, rejections, docs))) == (candidates, rejections, docs)
