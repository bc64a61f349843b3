"""Forms from files and mappings: read, validated against the form schema, and built with their
targets and actual values parsed.

Full-width digits in a number field (`weight: ５.００`, `annual: "２５８.２"`) are read as the number:
forms are typed in Chinese input methods, where full-width digits are common and mean the same
number. Only the number fields are folded (see `fold_full_width`): a target or actual value is
read by the target grammar, which folds them itself, and a free text (a project name, a phone
number) keeps what was written.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from ..errors import DocumentError, FormError
from ..language import parse_actual, parse_target
from ..messages import Lang, message
from ..values import Form
from ._documents import Document, from_mapping, read_file
from ._schemas import fold_full_width, is_valid, validate


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
    if source.__class__ is dict and is_valid("form", source):
        # exact, valid and within the limits as given: nothing to convert, so nothing is copied
        return Form.from_dict(source, "<mapping>", parse_target=parse_target, parse_actual=parse_actual)
    try:
        document = read_file(source, lang=lang) if isinstance(source, (str, Path)) else from_mapping(source, lang=lang)
    except DocumentError as error:
        raise FormError(error.source, error.problems) from None
    return form_from_document(document, lang=lang)


def _kind(data: Any) -> str:
    return "null" if data is None else type(data).__name__


def form_from_document(document: Document, *, lang: Lang = "zh") -> Form:
    """Validate a read document against the form schema and build the Form."""
    data = document.data
    if not isinstance(data, dict):
        raise FormError(document.source, [document.problem((), message("doc.not_mapping", lang, kind=_kind(data)))])
    if not is_valid("form", data):
        folded = fold_full_width("form", data)
        if folded is not data:
            document = attrs.evolve(document, data=folded)
        if folded is data or not is_valid("form", folded):  # nothing folded: no need to ask again
            problems = validate(document, "form", lang=lang)
            if problems:
                raise FormError(document.source, problems)
        data = folded
    return Form.from_dict(data, document.source, parse_target=parse_target, parse_actual=parse_actual)
