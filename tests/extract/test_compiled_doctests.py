"""The doctests of the compiled extraction modules, run from their sources.

``--doctest-modules`` collects a module's doctests by importing its ``.py`` file, which a
compiled module is not (the root ``conftest.py`` leaves those out). Each compiled module's
source is executed here as a module of its own name (the compiled module stays the one in use
everywhere else) and its doctests run against it: the same code and examples, interpreted,
calling the other modules compiled. Without compiled modules there is nothing to do here:
``--doctest-modules`` runs them all.
"""

from __future__ import annotations

import doctest
import importlib.util
import sys
from pathlib import Path

import pytest

import ofsted.extract

HERE = Path(ofsted.extract.__file__).resolve().parent


@pytest.mark.skipif(not ofsted.extract.COMPILED_MODULES, reason="no compiled modules: --doctest-modules runs these")
@pytest.mark.parametrize("name", sorted(ofsted.extract.COMPILED_MODULES) or ["-"])
def test_the_doctests_of_a_compiled_module_pass_from_its_source(name):
    # a name of its own, so that doctest finds the source's functions in it (not the compiled ones)
    source_name = f"ofsted.extract._source_of_{name}"
    spec = importlib.util.spec_from_file_location(source_name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[source_name] = module  # dataclasses look their module up by name
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[source_name]
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tests = doctest.DocTestFinder().find(module, module.__name__)
    for test in tests:
        runner.run(test)
    assert sum(len(t.examples) for t in tests) > 0, f"no doctests found in {name}"
    assert runner.failures == 0, f"{runner.failures} doctest failures in {name} (printed above)"
