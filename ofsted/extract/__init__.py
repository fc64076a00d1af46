"""Rule-based extraction: one module per kind of fact.

``extract_document`` is the single entry point the pipeline calls. It makes one
:class:`~ofsted.extract.analysis.Analysis` of the document (sentences, quotation spans, and typed
mentions: authorities and other bodies, dates, grades, areas), which every fact module reads;
vocabularies, rules and their example sentences live in ``ofsted/data/rules/<module>.yaml``
(loaded by ``ofsted.extract.rules``).

Order matters only through explicit inputs: people feed quotes (speakers); inspections feed
ratings (``inspection_id``).

The modules may be compiled with mypyc (``setup.py``, at install): the same code, about a
fifth faster. ``COMPILED`` says whether the compiled modules run. They run only while every
compiled module's source is the one compiled (the digests in ``compiled-sources.json``, written
by the build beside them): after a rule is edited, all of them are imported from their ``.py``
sources instead (compiled modules call each other directly, so none can be mixed with a newer
source), with a warning, until the next install compiles them again.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import sys
import warnings
from pathlib import Path

from ofsted.model import FACT_TYPES, Document

_HERE = Path(__file__).resolve().parent
_MANIFEST = _HERE / "compiled-sources.json"


class StaleCompiledModules(UserWarning):
    """The compiled extraction modules are older than their sources (which run instead)."""


class _SourcesFirst(importlib.abc.MetaPathFinder):
    """Imports the named modules of this package from their ``.py`` files, not the compiled ones."""

    def __init__(self, names: set[str]) -> None:
        self.names = names

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in self.names:
            return None
        return importlib.util.spec_from_file_location(fullname, _HERE / (fullname.rpartition(".")[2] + ".py"))


def _compiled_modules() -> set[str]:
    """The modules of this package that have a compiled file beside their source."""
    return {p.name.split(".")[0] for suffix in importlib.machinery.EXTENSION_SUFFIXES for p in _HERE.glob("*" + suffix)}


def _use_compiled() -> bool:
    """Whether the compiled modules (if any) are current; if some are not, route all to sources."""
    compiled = _compiled_modules()
    if not compiled:
        return False
    try:
        digests = json.loads(_MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        digests = {}
    current = set(digests) == compiled and all(
        hashlib.sha256((_HERE / f"{name}.py").read_bytes()).hexdigest() == digest for name, digest in digests.items()
    )
    if not current:
        sys.meta_path.insert(0, _SourcesFirst({f"{__name__}.{name}" for name in compiled}))
        warnings.warn(
            "the extraction modules changed since they were compiled: running them as plain Python (the same "
            "facts, slower) until they are compiled again (`.venv/bin/pip install --no-deps -e .`)",
            StaleCompiledModules, stacklevel=2)
    return current


#: Whether the extraction modules run compiled (see the module's docstring).
COMPILED = _use_compiled()
#: The modules that run compiled (none when ``COMPILED`` is false).
COMPILED_MODULES = frozenset(_compiled_modules() if COMPILED else ())


def extract_document(doc: Document) -> dict[str, list[dict]]:
    """Every fact of one document, as lists of dict rows keyed by fact type.

    Rows carry the columns of ``ofsted.model.FACT_SCHEMAS`` (``doc_id`` is added here).
    """
    from ofsted.extract import inspections, organisations, people, quotes, ratings
    from ofsted.extract.analysis import analyse

    analysis = analyse(doc)
    facts: dict[str, list[dict]] = {}
    facts["organisations"] = organisations.extract_organisations(doc, analysis.orgs)
    facts["people"] = people.extract_people(doc, analysis.orgs)
    facts["quotes"] = quotes.extract_quotes(doc, facts["people"], analysis.orgs, analysis.scanned_quotes)
    facts["inspections"] = inspections.extract_inspections(analysis)
    facts["ratings"] = ratings.extract_ratings(analysis, facts["inspections"])
    for fact_type in FACT_TYPES:
        for row in facts[fact_type]:
            row["doc_id"] = doc.doc_id
    # the per-document caches go now: one of them (inspections' visit types) refers back to the
    # analysis, a cycle that otherwise kept each document's analysis for the cycle collector
    analysis.memo.clear()
    return facts
