"""Bytes -> normalised text: encoding detection, binary sniffing, normalisation.

Detection order (first that applies):

1. a known binary signature (PNG, JPEG, GIF, PDF, ZIP/Office, gzip, ...) -> ``binary_file``;
2. a byte-order mark: UTF-8 (``utf-8-sig``), UTF-32 LE/BE, UTF-16 LE/BE;
3. UTF-16 without a BOM, when every other byte is NUL (ASCII-heavy text);
4. any other NUL byte -> ``binary_file``;
5. strict UTF-8 (plain ASCII is reported as ``utf-8``); UTF-8 with a few stray Windows-1252
   bytes (a pasted curly quote) is ``utf-8+cp1252``: valid sequences as UTF-8, the strays as
   Windows-1252, when valid multi-byte sequences are at least as many as the strays;
6. a single-byte encoding: ``cp1252`` when bytes 0x80-0x9F are present and all are defined in
   Windows-1252 (curly quotes, dashes, euro), otherwise ``latin-1``. Rejected (``not_text``) when
   most bytes are above 0x7F.

Any decoding is rejected (``control_characters``) when more than 1% of its characters are control
characters other than tab, line feed, carriage return, form feed and vertical tab.

:func:`normalise` then strips a leading BOM, turns CRLF and CR into LF and applies NFC. Nothing else
changes: spans index into exactly this text.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from .records import Reject

#: (prefix, what it is); checked against the first bytes of a file with a text extension.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x7fELF", "an executable program"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
)

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)

_C1 = bytes(range(0x80, 0xA0))
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_HIGH = bytes(range(0x80, 0x100))


def sniff_binary(data: bytes) -> str | None:
    """What binary format ``data`` starts with, or ``None``."""
    head = data[:16]
    for magic, what in SIGNATURES:
        if head.startswith(magic):
            return what
    if head[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "a WebP image"
    return None


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _cp1252_strays(exc: UnicodeDecodeError) -> tuple[str, int]:
    bad = exc.object[exc.start : exc.end]
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in bad), exc.end


codecs.register_error("ofsted-cp1252-strays", _cp1252_strays)


def _mixed_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few Windows-1252 bytes pasted in, or ``None`` when it does not look like that."""
    n_valid = len(_UTF8_MULTIBYTE.findall(data))
    if not n_valid:
        return None
    n_bad = 0

    def count(exc: UnicodeDecodeError) -> tuple[str, int]:
        nonlocal n_bad
        n_bad += exc.end - exc.start
        return "", exc.end

    codecs.register_error("ofsted-count", count)
    data.decode("utf-8", errors="ofsted-count")
    if n_valid < n_bad:
        return None
    return data.decode("utf-8", errors="ofsted-cp1252-strays")


def _check_controls(text: str, encoding: str) -> None:
    n = len(_CONTROL.findall(text))
    if n and n > max(2, len(text) // 100):
        raise Reject(
            "control_characters",
            f"Decoded as {encoding}, {n:,} of its {len(text):,} characters are control characters: "
            "this is not readable text (a binary file or a wrong encoding).",
        )


def _utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even, odd = sample[0::2], sample[1::2]
    n_even, n_odd = even.count(0), odd.count(0)
    if n_odd >= 0.3 * len(odd) and n_even <= 0.01 * len(even):
        return "utf-16-le"
    if n_even >= 0.3 * len(even) and n_odd <= 0.01 * len(odd):
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """``(text, encoding)`` of a file's bytes (not yet normalised); raises :class:`Reject`.

    ``declared`` is an encoding named by the file itself (an HTML ``<meta charset>``); it is used
    when there is no BOM and it decodes the bytes without error.
    """
    what = sniff_binary(data)
    if what:
        raise Reject("binary_file", f"The file is {what}, not text, although its name says text.")
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise Reject(
                    "undecodable",
                    f"The file starts with a {label} byte-order mark but is not valid {label} (at byte {exc.start:,}).",
                ) from None
            text = text.removeprefix("\ufeff")
            _check_controls(text, label)
            return text, label
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            pass
        else:
            _check_controls(text, utf16)
            return text, utf16
    if b"\x00" in data:
        raise Reject("binary_file", f"The file contains {data.count(0):,} NUL bytes: it is binary, not text.")
    if declared:
        try:
            text = data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            label = codecs.lookup(declared).name
            _check_controls(text, label)
            return text, {"utf-8": "utf-8", "cp1252": "cp1252", "iso8859-1": "latin-1"}.get(label, label)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _check_controls(text, "utf-8")
        return text, "utf-8"
    mixed = _mixed_utf8(data)
    if mixed is not None:
        _check_controls(mixed, "utf-8+cp1252")
        return mixed, "utf-8+cp1252"
    n_high = len(data) - len(data.translate(None, _HIGH))
    if n_high > len(data) // 2:
        raise Reject(
            "not_text",
            f"The file is not valid UTF-8, and {n_high:,} of its {len(data):,} bytes are above 0x7F: "
            "it is not plausible as text in a single-byte encoding either.",
        )
    c1 = set(data.translate(None, data.translate(None, _C1)))  # the C1-range bytes present
    if c1 and not (c1 & _CP1252_UNDEFINED):
        text, encoding = data.decode("cp1252"), "cp1252"
    else:
        text, encoding = data.decode("latin-1"), "latin-1"
    _check_controls(text, encoding)
    return text, encoding


def normalise(text: str) -> str:
    """Strip a leading BOM, LF line ends, NFC."""
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text
