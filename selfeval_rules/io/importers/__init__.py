"""Importers: the files people actually have (workbooks, Word documents, PDFs, web pages, the text
of a PDF) read into canonical forms with notes, one reader module per format, registered here by
file suffix. Each reader has `read(path, *, lang) → list[ImportedForm]` and `REQUIRES`, the modules
it needs (named before any work starts when one is missing)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from ...messages import Lang
from .base import ImportedForm, ImportNote, no_form

# file suffix → the reader module in this package
IMPORTERS: dict[str, str] = {
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
}
# import name → what to pip install
PACKAGES = {"openpyxl": "openpyxl", "docx": "python-docx", "lxml": "lxml", "pdfplumber": "pdfplumber"}


def reader(suffix: str) -> ModuleType | None:
    """The reader module for a file suffix (".xlsx"), or None when no importer reads it."""
    name = IMPORTERS.get(suffix.lower())
    if name is None:
        return None
    return importlib.import_module(f"{__name__}.{name}")


def missing_packages(paths: Iterable[str | Path]) -> list[tuple[str, str]]:
    """(package to install, suffix needing it) for every importer these files need whose modules are
    missing, so that a run can say what to install before it does any work."""
    missing: dict[str, str] = {}
    for path in paths:
        suffix = Path(path).suffix.lower()
        module = reader(suffix)
        for name in getattr(module, "REQUIRES", ()):
            if name not in missing and importlib.util.find_spec(name) is None:
                missing[name] = suffix
    return [(PACKAGES.get(name, name), suffix) for name, suffix in missing.items()]


def import_file(path: str | Path, *, lang: Lang = "zh") -> list[ImportedForm]:
    """Every form in a file an importer reads (see IMPORTERS), as canonical data with notes.

    Raises:
        FormError: when the file holds no recognisable form, or cannot be read.
        ValueError: for a suffix no importer reads.
    """
    path = Path(path)
    module = reader(path.suffix)
    if module is None:
        raise ValueError(f"no importer reads {path.suffix!r} files")
    return module.read(path, lang=lang)


__all__ = ["IMPORTERS", "ImportNote", "ImportedForm", "import_file", "missing_packages", "no_form", "reader"]
