"""Shared by the importer tests: the layouts module (form files generated from the example forms).

With `--import-mode=importlib` a test module cannot import a sibling, so the generator is loaded
here once, as `importer_layouts`.
"""

from __future__ import annotations

import importlib.util
import pathlib
import sys

_PATH = pathlib.Path(__file__).with_name("layouts.py")
if "importer_layouts" not in sys.modules:
    _spec = importlib.util.spec_from_file_location("importer_layouts", _PATH)
    assert _spec is not None and _spec.loader is not None
    _module = importlib.util.module_from_spec(_spec)
    sys.modules["importer_layouts"] = _module
    _spec.loader.exec_module(_module)
