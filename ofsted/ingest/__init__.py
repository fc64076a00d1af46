"""The ingest layer: find input files, read and decode them, convert formats, reject bad input.

The pipeline calls two functions, in batches:

* :func:`find_inputs` (``source`` folder -> :class:`Discovery`: sorted :class:`Candidate` list,
  :class:`Rejection` list, and the :class:`Excluded` paths left out on purpose); :func:`discover`
  gives just the first two;
* :func:`read_documents` (candidates -> :class:`~ofsted.model.Document` list + rejections).

Neither raises on bad input: every bad file, ``.jsonl`` line or sidecar becomes a ``Rejection``
with a short ``reason`` code and a ``detail`` sentence; the rest of the batch loads.

Conventions (see the modules for details):

* ``source_path`` - the file's path relative to the current working directory when it is inside
  it, else absolute (``discover.display_path``); a ``.jsonl`` line is ``"file.jsonl#L<n>"``.
* ``doc_id`` - first 16 hex chars of ``content_sha256``, the SHA-256 of the normalised text
  (UTF-8): NFC, LF line ends, no BOM.
* Same text under several names in one batch -> one document, ``source_path`` the first name in
  sort order, ``extra_paths`` the others.
* ``Document.encoding`` - ``utf-8``, ``utf-8-sig``, ``utf-16-le``/``-be``, ``utf-32-le``/``-be``,
  ``cp1252``, ``latin-1`` (or an HTML page's declared charset); ``pdf`` for PDF text.
* Rejection stages: ``discover`` and ``read`` (the input was not loaded); ``sidecar`` and
  ``metadata`` (the document loaded, some metadata was dropped).
"""

from __future__ import annotations

from .discover import Discovery, Excluded, discover, display_path, find_inputs
from .read import read_documents
from .records import DEFAULT_MAX_BYTES, FORMATS, Candidate, Rejection

__all__ = [
    "DEFAULT_MAX_BYTES", "FORMATS", "Candidate", "Discovery", "Excluded", "Rejection", "discover", "display_path",
    "find_inputs", "read_documents",
]
