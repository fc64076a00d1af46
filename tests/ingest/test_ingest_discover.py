"""Discovery: recursive, sorted, hidden files skipped, sidecars attached, bad files rejected on sight."""

from __future__ import annotations

import os
from pathlib import Path

from ofsted.ingest import discover, find_inputs, read_documents

from conftest import load


def test_discovery_is_recursive_sorted_and_takes_every_accepted_extension(src):
    for rel in ["b.txt", "a.md", "sub/c.html", "sub/deeper/d.pdf", "e.htm", "f.jsonl", "G.TXT"]:
        path = src / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    candidates, rejections = discover(src)
    assert rejections == []
    assert [c.rel_path for c in candidates] == sorted(
        ["a.md", "b.txt", "e.htm", "f.jsonl", "G.TXT", "sub/c.html", "sub/deeper/d.pdf"]
    )
    assert {c.rel_path: c.fmt for c in candidates}["sub/c.html"] == "html"
    assert {c.rel_path: c.fmt for c in candidates}["e.htm"] == "html"
    assert all(c.size == 1 for c in candidates)


def test_discovery_gives_the_same_answer_twice(src):
    for i in range(30):
        (src / f"{(i * 7) % 30:02d}.txt").write_text(f"doc {i}")
    assert discover(src) == discover(src)


def test_hidden_files_and_folders_are_skipped_silently(src):
    (src / ".hidden.txt").write_text("secret")
    (src / ".git").mkdir()
    (src / ".git" / "HEAD.txt").write_text("ref")
    (src / "visible.txt").write_text("hello")
    candidates, rejections = discover(src)
    assert [c.rel_path for c in candidates] == ["visible.txt"]
    assert rejections == []


def test_unsupported_file_types_are_rejected_with_the_extension_named(src):
    (src / "report.docx").write_bytes(b"PK\x03\x04")
    (src / "summary").write_text("no extension")
    (src / "ok.txt").write_text("fine")
    loaded = load(src)
    assert loaded.names() == ["ok.txt"]
    docx = loaded.rejection("report.docx")
    assert (docx.stage, docx.reason) == ("discover", "unsupported_file_type")
    assert "unsupported file type .docx" in docx.detail
    assert "no extension" in loaded.rejection("summary").detail


def test_a_folders_readme_license_changelog_contributing_and_notes_are_left_out_in_any_case(src):
    for name in ["README.md", "readme.txt", "License", "LICENSE.md", "CHANGELOG.txt", "Contributing.md",
                 "NOTES.txt", "notes-2024.md", "sub/ReadMe.html"]:
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text("# not an article\n")
    (src / "story-notes.txt").write_text("An article whose name only contains the word notes.")
    found = find_inputs(src)
    assert [c.rel_path for c in found.candidates] == ["story-notes.txt"]
    assert found.rejections == []  # left out, not rejected: "License" has no extension
    assert sorted((e.rel_path, e.reason) for e in found.excluded) == sorted(
        (n, "default_name") for n in ["CHANGELOG.txt", "Contributing.md", "LICENSE.md", "License", "NOTES.txt",
                                      "README.md", "notes-2024.md", "readme.txt", "sub/ReadMe.html"])


def test_exclude_patterns_follow_gitignore_syntax(src):
    for name in ["a.txt", "drafts/b.txt", "x/drafts/c.txt", "old.md", "keep.md", "sub/old.md", "top.txt", "sub/top.txt"]:
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text("text")
    found = find_inputs(src, exclude=["drafts/", "*.md", "!keep.md", "/top.txt"])
    assert [c.rel_path for c in found.candidates] == ["a.txt", "keep.md", "sub/top.txt"]
    assert sorted((e.rel_path, e.reason, e.is_folder) for e in found.excluded) == [
        ("drafts", "exclude_pattern", True), ("old.md", "exclude_pattern", False),
        ("sub/old.md", "exclude_pattern", False), ("top.txt", "exclude_pattern", False),
        ("x/drafts", "exclude_pattern", True)]


def test_an_ofstedignore_in_the_source_folder_leaves_its_paths_out(src):
    (src / ".ofstedignore").write_text("# our own files\nscratch/\n*.draft.txt\n")
    for name in ["a.txt", "scratch/b.txt", "c.draft.txt", "d.txt"]:
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text("text")
    (src / "c.draft.meta.json").write_text('{"title": "goes with its excluded document"}')
    found = find_inputs(src)
    assert [c.rel_path for c in found.candidates] == ["a.txt", "d.txt"]
    assert found.rejections == []  # the excluded document's sidecar is not an orphan
    assert sorted((e.rel_path, e.reason) for e in found.excluded) == [
        ("c.draft.txt", "ofstedignore"), ("scratch", "ofstedignore")]
    assert [c.rel_path for c in discover(src)[0]] == ["a.txt", "d.txt"]  # the plain call honours it too


def test_what_the_pipeline_writes_is_never_discovered_wherever_the_warehouse_is(src):
    from ofsted.outputs import pipeline_outputs

    (src / "story.txt").write_text("Ofsted rated Wigan good.")
    for name in ["w.duckdb", "w.duckdb.wal", "w.duckdb.lock", "data_docs/index.html", "data_docs/ofsted-run.txt",
                 "reports/E08000024.html", "corrections.csv", "archive/ab/cd.html", "deep/w2.duckdb.wal"]:
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text("output")
    found = find_inputs(src, outputs=pipeline_outputs(src / "w.duckdb"))
    assert [c.rel_path for c in found.candidates] == ["story.txt"]
    assert {e.rel_path for e in found.excluded if e.reason == "pipeline_output"} == {
        "w.duckdb", "w.duckdb.wal", "w.duckdb.lock", "data_docs", "reports", "corrections.csv", "archive"}
    # another warehouse's outputs in a subfolder are someone else's: only ours are skipped
    assert [r.source_path.rpartition("/")[2] for r in found.rejections] == ["w2.duckdb.wal"]
    nested = find_inputs(src.parent, outputs=pipeline_outputs(src / "w.duckdb"))
    assert [c.rel_path for c in nested.candidates] == [f"{src.name}/story.txt"]


def test_sidecar_supplies_metadata_and_is_not_a_document(src):
    (src / "101_x.txt").write_text("Birmingham was rated good.")
    (src / "101_x.meta.json").write_text(
        '{"title": "Birmingham rated good", "url": "https://example.org/b", '
        '"published_date": "2023-04-18", "publisher": "Example News", "ignored": 1}'
    )
    loaded = load(src)
    assert loaded.rejections == []
    assert len(loaded.documents) == 1
    doc = loaded.doc("101_x.txt")
    assert doc.title == "Birmingham rated good"
    assert doc.url == "https://example.org/b"
    assert doc.publisher == "Example News"
    assert doc.published_date.isoformat() == "2023-04-18"


def test_sidecar_named_after_the_whole_file_name_also_works(src):
    (src / "a.txt").write_text("text")
    (src / "a.txt.meta.json").write_text('{"title": "T"}')
    assert load(src).doc("a.txt").title == "T"


def test_sidecar_without_a_document_is_rejected_as_orphan(src):
    (src / "lonely.meta.json").write_text('{"title": "nobody"}')
    rej = load(src).rejection("lonely.meta.json")
    assert (rej.stage, rej.reason) == ("discover", "orphan_sidecar")


def test_symlink_pointing_outside_the_source_is_rejected(src, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("not yours")
    (src / "link.txt").symlink_to(outside)
    (src / "dirlink").symlink_to(tmp_path)
    loaded = load(src)
    assert loaded.documents == []
    rej = loaded.rejection("link.txt")
    assert (rej.stage, rej.reason) == ("discover", "symlink_outside_source")
    assert str(outside) in rej.detail
    assert loaded.rejection("dirlink").reason == "symlink_outside_source"


def test_symlink_inside_the_source_is_read_under_its_own_name_and_dedupes(src):
    (src / "real.txt").write_text("Same words.")
    (src / "alias.txt").symlink_to(src / "real.txt")
    (src / "loop").symlink_to(src)  # a link to a folder inside: not followed, no endless walk
    loaded = load(src)
    assert loaded.rejections == []
    (doc,) = loaded.documents
    assert doc.source_path.endswith("src/alias.txt")
    assert [p.rsplit("/", 1)[1] for p in doc.extra_paths] == ["real.txt"]


def test_broken_symlink_is_rejected(src):
    (src / "gone.txt").symlink_to(src / "never-existed.txt")
    assert load(src).rejection("gone.txt").reason == "broken_symlink"


def test_a_fifo_named_like_a_text_file_is_rejected_without_hanging(src):
    os.mkfifo(src / "pipe.txt")
    (src / "ok.txt").write_text("fine")
    loaded = load(src)
    assert loaded.names() == ["ok.txt"]
    rej = loaded.rejection("pipe.txt")
    assert rej.reason == "not_a_regular_file"
    assert "named pipe" in rej.detail


def test_a_folder_named_like_a_text_file_is_rejected_but_its_files_still_load(src):
    (src / "x.txt").mkdir()
    (src / "x.txt" / "inner.txt").write_text("inside")
    loaded = load(src)
    assert loaded.names() == ["inner.txt"]
    rej = loaded.rejection("x.txt")
    assert rej.reason == "not_a_regular_file" and "folder" in rej.detail


def test_empty_file_is_rejected(src):
    (src / "empty.txt").write_bytes(b"")
    rej = load(src).rejection("empty.txt")
    assert rej.reason == "empty_file" and "empty" in rej.detail


def test_file_over_the_size_limit_is_rejected_saying_size_and_limit(src):
    (src / "big.txt").write_bytes(b"a" * 2_000)
    (src / "small.txt").write_bytes(b"a" * 10)
    loaded = load(src, max_bytes=1_000)
    assert loaded.names() == ["small.txt"]
    rej = loaded.rejection("big.txt")
    assert rej.reason == "too_large"
    assert "2,000 bytes" in rej.detail and "1,000 bytes" in rej.detail


def test_missing_source_folder_is_one_rejection_not_an_exception(tmp_path):
    candidates, rejections = discover(tmp_path / "nope")
    assert candidates == [] and [r.reason for r in rejections] == ["source_missing"]


def test_source_path_is_relative_to_the_working_directory_when_inside_it(src, tmp_path, monkeypatch):
    (src / "sub").mkdir()
    (src / "sub" / "a.txt").write_text("hello")
    monkeypatch.chdir(tmp_path)
    docs, _ = read_documents(discover(Path("src"))[0])
    assert docs[0].source_path == "src/sub/a.txt"
    docs, _ = read_documents(discover(src)[0])  # absolute source, still inside the cwd
    assert docs[0].source_path == "src/sub/a.txt"


def test_source_path_is_absolute_when_outside_the_working_directory(src, tmp_path, monkeypatch):
    (src / "a.txt").write_text("hello")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    docs, _ = read_documents(discover(src)[0])
    assert docs[0].source_path == os.path.join(os.path.realpath(src), "a.txt")
