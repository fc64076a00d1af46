"""The install compiles the extraction modules wherever it can (``setup.py``).

A rule edit that mypy rejects makes the next install fall back to plain Python quietly (pip runs
with ``-q``): the facts stay the same, the extraction a fifth slower. This pins that the install
did compile, on any machine with a C compiler and Python's headers, unless plain Python was asked
for (``OFSTED_PURE_PYTHON=1``). It reads what the build left, not what runs now: after a rule is
edited the modules run from their sources until the next install, by design.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sysconfig
from pathlib import Path

import pytest

import ofsted.extract


def _can_compile() -> bool:
    cc = shlex.split(sysconfig.get_config_var("CC") or "cc")[:1]
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    return bool(cc) and shutil.which(cc[0]) is not None and headers.is_file()


def test_the_install_compiled_the_extraction_modules_where_it_can():
    if os.environ.get("OFSTED_PURE_PYTHON"):
        pytest.skip("plain Python was asked for (OFSTED_PURE_PYTHON)")
    if not _can_compile():
        pytest.skip("no C compiler or no Python headers here: plain Python is the designed fallback")
    here = Path(ofsted.extract.__file__).parent
    manifest = here / "compiled-sources.json"
    assert manifest.is_file(), (
        "setup.py did not compile the extraction modules: run `.venv/bin/pip install --no-deps -e .` "
        "and read its message (a mypy error in ofsted/extract/*.py is the usual cause)")
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    built = {p.name.split(".")[0] for p in here.glob("*" + suffix)}
    assert {"ratings", "inspections", "people", "quotes", "analysis"} <= built
