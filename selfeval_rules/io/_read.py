"""Forms from any file a user has: YAML and JSON forms, and every format an importer reads."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import yaml

from ..errors import DocumentError, FormError, Problem
from ..messages import Lang, message
from ..values import Form, Note
from . import _forms
from ._documents import from_mapping, read_file
from ._files import DOCUMENT_SUFFIXES, FORM_SUFFIXES
from ._schemas import validate
from .importers import IMPORTERS, ImportedForm, import_file



@attrs.frozen
class ReadForm:
    """A form read from a file, with the notes its importer left (what it could not read with confidence).

    Attributes:
        source: "FILE", or "FILE#sheet" / "FILE#2" for one of several forms in a file.
        form: the form, validated and parsed; its `notes` are `notes`.
        notes: the importer's notes, by JSON path (none for a YAML or JSON form).
    """

    source: str
    form: Form
    notes: tuple[Note, ...] = ()


def read_forms(path: str | Path, *, lang: Lang = "zh") -> list[ReadForm]:
    """Every form in a file: a form YAML or JSON, or a workbook, Word document, PDF, web page or the
    text of a PDF (one form or several).

    Raises:
        FormError: when the file cannot be read, holds no recognisable form, or a form it holds
            breaks the form schema (its problems by JSON path).

    >>> [(r.source, r.form.project) for r in read_forms("examples/forms/004_legal_training.yaml")]
    [('examples/forms/004_legal_training.yaml', '法治培训服务')]
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in IMPORTERS:
        if suffix not in DOCUMENT_SUFFIXES and path.is_file():
            raise FormError(str(path), [Problem("$", message("import.unknown_suffix", lang, suffix=suffix or "—",
                                                             known=" ".join(FORM_SUFFIXES)))])
        return [ReadForm(str(path), _forms.load_form(path, lang=lang))]
    found = []
    for imported in import_file(path, lang=lang):
        try:
            document = from_mapping(imported.data, imported.source)
        except DocumentError as error:  # beyond a reading limit: the form cannot be used
            raise FormError(error.source, error.problems) from None
        form = _forms.form_from_document(document, lang=lang)
        found.append(ReadForm(imported.source, attrs.evolve(form, notes=tuple(imported.notes)), tuple(imported.notes)))
    return found


def load_form(source: str | Path | Mapping[str, Any], *, lang: Lang = "zh") -> Form:
    """Load one form: a YAML or JSON file, a mapping, or a file an importer reads that holds one form.

    Raises:
        FormError: listing every problem by JSON path (and line and column for YAML), best first;
            also when an imported file holds several forms (use `read_forms`).

    >>> form = load_form({"project": "示例", "indicators": [{"name": "人数", "target": "≥45人", "actual": "45人", "weight": 5}]})
    >>> form.indicators[0].target, str(form.indicators[0].target_value)
    ('≥45人', '≥45人')
    """
    if isinstance(source, (str, Path)) and Path(source).suffix.lower() in IMPORTERS:
        forms = read_forms(source, lang=lang)
        if len(forms) != 1:
            raise FormError(str(source), [Problem("$", message("import.several_forms", lang, count=len(forms)))])
        return forms[0].form
    return _forms.load_form(source, lang=lang)


def imported_forms(path: str | Path, *, lang: Lang = "zh") -> list[ImportedForm]:
    """The canonical form data in a file, with notes: what `selfeval import` prints. A form that breaks
    the schema is kept, its problems added as notes (nothing read is thrown away).

    Raises:
        FormError: when the file cannot be read or holds no recognisable form.
    """
    path = Path(path)
    if path.suffix.lower() not in IMPORTERS:
        document = read_file(path, lang=lang)
        if not isinstance(document.data, Mapping):  # an empty file, a list: no form to import
            raise FormError(document.source, [document.problem((), message("doc.not_mapping", lang,
                                                                         kind=_forms._kind(document.data)))])
        found = [ImportedForm(str(path), document.data)]
    else:
        found = import_file(path, lang=lang)
    checked = []
    for imported in found:
        problems = validate(from_mapping(imported.data, imported.source), "form", lang=lang) if isinstance(imported.data, Mapping) else []
        extra = tuple(Note(p.path, "import.schema_problem", {"problem": p.message}) for p in problems)
        checked.append(attrs.evolve(imported, notes=(*imported.notes, *extra)))
    return checked


class _FormDumper(yaml.SafeDumper):
    """A form as a person would type it: numbers as printed, several-line texts as blocks."""


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:float" if "." in f"{value:f}" else "tag:yaml.org,2002:int", f"{value:f}")


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_FormDumper.add_multi_representer(Decimal, _decimal)
_FormDumper.add_representer(str, _text)


def _in_schema_order(value: Any, node: Mapping[str, Any], defs: Mapping[str, Any]) -> Any:
    """`value` with its keys in the order the form schema lists them (unknown keys last, as they came)."""
    while "$ref" in node:
        node = defs[node["$ref"].rsplit("/", 1)[-1]]
    if isinstance(value, Mapping):
        properties = node.get("properties", {})
        extra = node.get("additionalProperties")
        order = [k for k in properties if k in value] + [k for k in value if k not in properties]
        return {k: _in_schema_order(value[k], properties.get(k) or (extra if isinstance(extra, dict) else {}), defs) for k in order}
    if isinstance(value, list):
        items = node.get("items", {})
        return [_in_schema_order(v, items, defs) for v in value]
    return value


def form_yaml(imported: ImportedForm, lang: Lang = "zh") -> str:
    """A canonical form as YAML in the schema's key order, its source and its notes as comments at the top."""
    from ._schemas import schema

    form_schema = schema("form")
    data = _in_schema_order(imported.data, form_schema, form_schema.get("$defs", {}))
    lines = ["# " + message("import.yaml_source", lang, source=imported.source)]
    lines += ["# " + message("import.yaml_note", lang, path=n.path, note=n.describe(lang)).replace("\n", " ") for n in imported.notes]
    body = yaml.dump(data, Dumper=_FormDumper, allow_unicode=True, sort_keys=False, width=1000)
    return "\n".join(lines) + "\n\n" + body
