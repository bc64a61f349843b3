"""Shared by the importer tests: the layouts module (form files generated from the example forms)
and the PDF helpers (printing forms with Chromium, field accuracy).

With `--import-mode=importlib` a test module cannot import a sibling, so each is loaded here once,
as `importer_layouts` and `importer_pdf_helpers`.
"""

from __future__ import annotations

import importlib.util
import pathlib
import sys


def _load(name: str, filename: str) -> None:
    if name in sys.modules:
        return
    spec = importlib.util.spec_from_file_location(name, pathlib.Path(__file__).with_name(filename))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)


_load("importer_layouts", "layouts.py")
_load("importer_pdf_helpers", "pdf_helpers.py")  # after the layouts, which it uses
