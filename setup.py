"""Compiles the extraction modules with mypyc (about a fifth faster extraction); plain Python if it cannot.

Everything else about the package is in ``pyproject.toml``; this file only adds the compiled
modules, inside the ordinary ``pip install`` (``dev.py`` runs ``pip install -e .``, which builds
them in place next to their sources). mypy, which carries mypyc, is a pinned build requirement
in ``pyproject.toml``'s ``[build-system]``.

The package stays plain Python, with the same facts, when

* ``OFSTED_PURE_PYTHON=1`` is set for the install (``OFSTED_PURE_PYTHON=1 python3 dev.py run``
  on a fresh clone, or ``pip install -e .`` again with it set),
* mypyc cannot be imported (a build without build isolation in an environment without mypy,
  as ``tests/test_wheel.py`` does), or
* compiling fails (no C compiler or no Python headers): the failure is printed and the build
  goes on without the extensions.

Next to the compiled modules the build writes ``compiled-sources.json``, the SHA-256 of each
source compiled; ``ofsted/extract/__init__.py`` reads it and runs any module whose source
changed since (a rule edited after the install) as plain Python until the next install.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
#: The modules compiled: every extraction module the per-document work runs through. Not
#: rules.py (loads the YAML rules once) nor version.py / __init__.py (which decide what runs).
COMPILED = [f"ofsted/extract/{name}.py" for name in (
    "analysis", "dates", "gazetteer", "inspections", "mentions", "organisations", "people", "quotes",
    "ratings", "regex_tools",
)]
MANIFEST = "compiled-sources.json"


def _say(message: str) -> None:
    print(f"ofsted setup.py: {message}", file=sys.stderr, flush=True)


def source_digests() -> dict[str, str]:
    """Module name -> SHA-256 of its source, for the modules compiled."""
    return {Path(p).stem: hashlib.sha256((ROOT / p).read_bytes()).hexdigest() for p in COMPILED}


#: Stands for the compiled modules until build_ext runs: mypycify type-checks and generates C,
#: which only the build needs (setup.py also runs for the metadata and the build requirements).
PLACEHOLDER = Extension("ofsted.extract._compiled", sources=[])


class OptionalBuildExt(build_ext):
    """Builds the compiled modules, or none of them: a failure leaves the package plain Python."""

    def finalize_options(self) -> None:
        if self.distribution.ext_modules == [PLACEHOLDER]:
            try:
                from mypyc.build import mypycify

                os.chdir(ROOT)  # mypycify takes paths relative to the project; its C code goes in build/
                self.distribution.ext_modules = mypycify(COMPILED, opt_level="3", group_name="ofsted_extract")
            except (Exception, SystemExit) as exc:  # noqa: BLE001 - mypy's own errors exit
                _say(f"mypyc could not compile the extraction modules ({exc}); they stay plain Python")
                self.distribution.ext_modules = []
        super().finalize_options()

    def run(self) -> None:
        if not self.extensions:
            return
        try:
            super().run()
        except Exception as exc:  # noqa: BLE001 - any compiler or linker failure: stay plain Python
            _say(f"compiling the extraction modules failed ({exc}); they stay plain Python")
            for ext in self.extensions:
                Path(self.get_ext_fullpath(ext.name)).unlink(missing_ok=True)
            return
        # the manifest goes where the modules went: the source tree (editable), else the build tree
        target = Path(self.get_ext_fullpath("ofsted.extract.ratings")).parent / MANIFEST
        target.write_text(json.dumps(source_digests(), indent=1, sort_keys=True) + "\n", encoding="utf-8")


def ext_modules() -> list[Extension]:
    if os.environ.get("OFSTED_PURE_PYTHON"):
        _say("OFSTED_PURE_PYTHON is set: the extraction modules stay plain Python")
        return []
    if importlib.util.find_spec("mypyc") is None:
        _say("mypyc is not installed here: the extraction modules stay plain Python")
        return []
    return [PLACEHOLDER]


setup(ext_modules=ext_modules(), cmdclass={"build_ext": OptionalBuildExt})
