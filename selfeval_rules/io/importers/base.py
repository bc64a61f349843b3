"""What every importer returns: canonical forms with notes, or a located refusal.

An importer reads one file (a workbook, a Word document, a PDF, a web page, the text of a PDF) and
returns the forms found in it as canonical form data: the same keys and values a careful person
would type into a form YAML (see `selfeval_rules/schemas/form.schema.json`). What could not be read,
or was read with a guess, is an `ImportNote` at the JSON path it concerns, never a guess passed off
as data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ...errors import FormError, Problem
from ...messages import Lang, message
from ...values import Note

ImportNote = Note  # the form model's note: an importer's notes travel with the form they concern


@attrs.frozen
class ImportedForm:
    """One form found in a file.

    Attributes:
        source: where it was found: "FILE", "FILE#sheet" (a workbook's sheet), or "FILE#2" (the
            second form of a file, counting from 1, when a file or sheet holds several).
        data: the canonical form, as the mapping a form YAML holds (numbers as `Decimal`, exact as
            printed; texts as printed; blanks, "—" and "/" left out).
        notes: what could not be read, or was read with a guess.
    """

    source: str
    data: Mapping[str, Any]
    notes: tuple[ImportNote, ...] = ()


def no_form(source: str, code: str, lang: Lang = "zh", **params: Any) -> FormError:
    """The error for a file in which no form can be recognised; `code` names what is missing."""
    return FormError(source, [Problem("$", message(code, lang, **params))])
