"""Forms from files and mappings: read, validated against the form schema, and built with their
targets and actual values parsed."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import DocumentError, FormError
from ..language import parse_actual, parse_target
from ..messages import Lang, message
from ..values import Form
from ._documents import Document, from_mapping, read_file
from ._schemas import validate


def load_form(source: str | Path | Mapping[str, Any], *, lang: Lang = "zh") -> Form:
    """Load a form from a YAML or JSON file, or from a mapping, and validate it.

    Args:
        source: a path to a .yaml/.yml/.json file, or the form's data as a mapping.
        lang: the language of problem messages, "zh" or "en".

    Returns:
        The form, each row's target and actual value parsed (or the syntax error that makes it
        unscorable) with the form's year.

    Raises:
        FormError: listing every problem by JSON path (and line and column for YAML), best first.

    >>> form = load_form({"project": "示例", "indicators": [{"name": "人数", "target": "≥45人", "actual": "45人", "weight": 5}]})
    >>> form.indicators[0].target, str(form.indicators[0].target_value)
    ('≥45人', '≥45人')
    """
    try:
        document = read_file(source, lang=lang) if isinstance(source, (str, Path)) else from_mapping(source)
    except DocumentError as error:
        raise FormError(error.source, error.problems) from None
    return form_from_document(document, lang=lang)


def form_from_document(document: Document, *, lang: Lang = "zh") -> Form:
    """Validate a read document against the form schema and build the Form."""
    if not isinstance(document.data, dict):
        kind = "null" if document.data is None else type(document.data).__name__
        raise FormError(document.source, [document.problem((), message("doc.not_mapping", lang, kind=kind))])
    problems = validate(document, "form", lang=lang)
    if problems:
        raise FormError(document.source, problems)
    return Form.from_dict(document.data, document.source, parse_target=parse_target, parse_actual=parse_actual)
