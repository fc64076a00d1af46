"""Encodings and normalisation: every supported byte form loads as the same normalised text."""

from __future__ import annotations

import codecs
import hashlib
import unicodedata

import pytest

from ofsted.ingest.decode import decode_bytes, normalise
from ofsted.ingest.records import Reject

from conftest import load

TEXT = "Ofsted said the council’s “children’s services” were inadequate – café £5 — naïve.\nSecond line.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("cp1252"), "cp1252"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le"),
    ],
    ids=["utf8", "utf8-bom", "cp1252", "utf16le-bom", "utf16be-bom", "utf16le-no-bom", "utf32le-bom"],
)
def test_each_encoding_loads_to_the_same_text_and_records_the_encoding(src, data, encoding):
    (src / "a.txt").write_bytes(data)
    loaded = load(src)
    doc = loaded.doc("a.txt")
    assert loaded.rejections == []
    assert doc.text == TEXT
    assert doc.encoding == encoding


def test_windows_1252_curly_quotes_as_single_bytes_decode_to_curly_quotes(src):
    (src / "q.txt").write_bytes(b"He said \x93it is good\x94 and \x91fine\x92 \x96 \x80100.")
    doc = load(src).doc("q.txt")
    assert doc.text == "He said “it is good” and ‘fine’ – €100."
    assert doc.encoding == "cp1252"


def test_latin_1_without_windows_bytes_is_reported_as_latin_1(src):
    (src / "l.txt").write_bytes("Café in Télford costs £5.".encode("latin-1"))
    doc = load(src).doc("l.txt")
    assert doc.text == "Café in Télford costs £5."
    assert doc.encoding == "latin-1"


def test_utf8_with_a_stray_windows_1252_quote_keeps_both_right(src):
    (src / "m.txt").write_bytes("Café “good” ".encode("utf-8") + b"and a pasted \x93quote\x94 \x96 " + "naïve".encode("utf-8"))
    doc = load(src).doc("m.txt")
    assert doc.text == "Café “good” and a pasted “quote” – naïve"
    assert doc.encoding == "utf-8+cp1252"


def test_utf16_with_a_bom_but_an_odd_number_of_bytes_is_rejected_as_undecodable(src):
    (src / "u.txt").write_bytes(codecs.BOM_UTF16_LE + "hello".encode("utf-16-le") + b"x")
    rej = load(src).rejection("u.txt")
    assert rej.reason == "undecodable" and "utf-16-le" in rej.detail


def test_crlf_and_cr_line_ends_become_lf(src):
    (src / "crlf.txt").write_bytes(b"one\r\ntwo\r\n\r\nthree")
    (src / "cr.txt").write_bytes(b"uno\rdos\r\rtres")
    loaded = load(src)
    assert loaded.doc("crlf.txt").text == "one\ntwo\n\nthree"
    assert loaded.doc("cr.txt").text == "uno\ndos\n\ntres"


def test_text_is_nfc_normalised_and_ids_hash_the_normalised_text(src):
    decomposed = unicodedata.normalize("NFD", "Café naïve")
    (src / "nfd.txt").write_text(decomposed, encoding="utf-8")
    doc = load(src).doc("nfd.txt")
    assert doc.text == "Café naïve" and unicodedata.is_normalized("NFC", doc.text)
    sha = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    assert doc.content_sha256 == sha and doc.doc_id == sha[:16]


def test_bom_is_stripped_so_bom_and_plain_utf8_give_one_document(src):
    (src / "a.txt").write_bytes(codecs.BOM_UTF8 + b"Same text.")
    (src / "b.txt").write_bytes(b"Same text.")
    loaded = load(src)
    assert len(loaded.documents) == 1
    assert loaded.documents[0].text == "Same text."


def test_a_single_line_of_several_megabytes_loads_intact(src):
    line = ("Ofsted rated the council good. " * 200_000).strip()
    assert len(line) > 5_000_000
    (src / "long.txt").write_text(line, encoding="utf-8")
    doc = load(src).doc("long.txt")
    assert doc.text == line


def test_normalise_keeps_everything_else_intact():
    assert normalise("\ufeff  a\tb  \r\n\r\n c ") == "  a\tb  \n\n c "


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "binary_file"),
        (b"PK\x03\x04" + b"rest", "binary_file"),
        (b"%PDF-1.7\n...", "binary_file"),
        (b"text\x00with\x00nul", "binary_file"),
        (bytes(range(1, 32)) * 20, "control_characters"),
        (bytes(range(0xA0, 0x100)) * 10, "not_text"),
    ],
    ids=["png", "zip", "pdf", "nul", "c0-controls", "mostly-high-bytes"],
)
def test_decode_bytes_rejects_what_is_not_text(data, reason):
    with pytest.raises(Reject) as info:
        decode_bytes(data)
    assert info.value.reason == reason
    assert info.value.detail


def test_a_few_stray_control_characters_do_not_reject_a_long_text():
    data = b"Fine text with a form feed \x0c in it. " * 20 + b"A stray \x07 bell."
    text, encoding = decode_bytes(data)
    assert encoding == "utf-8" and "\x07" in text
