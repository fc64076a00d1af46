"""What pytest collects from the packages (``--doctest-modules``, see pyproject.toml).

A compiled extraction module (``setup.py``) cannot be collected from its ``.py`` file, which is
not the module imported: their doctests run from the sources instead
(``tests/extract/test_compiled_doctests.py``).
"""

import ofsted.extract

collect_ignore = [f"ofsted/extract/{name}.py" for name in sorted(ofsted.extract.COMPILED_MODULES)]
