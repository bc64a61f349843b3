"""The JSON Schemas of forms and policies, and validation that reports every problem by JSON path.

Exact numbers only: a float is refused by the `number` type, so that no rounding error enters a
score. Problems are worded in the user's language, the most relevant first (jsonschema's best_match).
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .. import _shipped
from ..errors import Problem, json_path
from ..messages import MESSAGES, Lang, message
from ._documents import Document


@cache
def schema(name: str) -> dict[str, Any]:
    """A JSON Schema shipped in `selfeval_rules.schemas` (`form` or `policy`)."""
    return json.loads(_shipped.read("schemas", f"{name}.schema.json"))


def _is_number(_checker: object, instance: object) -> bool:
    # Exact numbers only: a float is refused, so that no rounding error enters a score.
    return isinstance(instance, (int, Decimal)) and not isinstance(instance, bool)


_TYPES = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("number", _is_number)
_Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, type_checker=_TYPES)


SCHEMAS = ("form", "policy")


@cache
def _registry() -> Registry:
    """Every shipped schema under its $id, so that the policy schema's `$ref`s into the form schema resolve."""
    resources = [(schema(name)["$id"], Resource.from_contents(schema(name), default_specification=DRAFT202012)) for name in SCHEMAS]
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> jsonschema.protocols.Validator:
    """The compiled validator of a shipped schema."""
    return _Validator(schema(name), registry=_registry())


def _specific(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """For anyOf/oneOf, the error of the alternative that came closest (jsonschema's best_match)."""
    while error.context:
        # An alternative of the instance's own type says more than "is not of type 'string'".
        typed = [e for e in error.context if e.validator != "type"]
        error = jsonschema.exceptions.best_match(typed or error.context)
    return error


class _Shown(str):
    """A value quoted as a document author wrote it: null, true, 'text', 5 (repr gives this text)."""

    def __repr__(self) -> str:
        return str(self)


def _shown(value: Any) -> _Shown:
    if value is None:
        return _Shown("null")
    if isinstance(value, bool):
        return _Shown("true" if value else "false")
    if isinstance(value, (dict, list)):
        return _Shown(json.dumps(value, ensure_ascii=False, default=str)[:80])
    return _Shown(repr(value))


def _render(error: jsonschema.ValidationError, lang: Lang) -> str:
    error = _specific(error)
    code = f"schema.{error.validator}"
    params: dict[str, Any] = {"instance": _shown(error.instance), "expected": error.validator_value, "detail": error.message}
    if error.validator == "required":
        params["missing"] = error.message.split("'")[1] if "'" in error.message else error.validator_value
    if error.validator == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        params["extra"] = ", ".join(repr(k) for k in error.instance if k not in known) if isinstance(error.instance, dict) else ""
    if code not in MESSAGES:
        code = "schema.other"
    return message(code, lang, **params)


def validate(document: Document, schema_name: str, *, lang: Lang = "zh") -> list[Problem]:
    """Every problem of `document` against a shipped schema, the most relevant first."""
    errors = list(validator(schema_name).iter_errors(document.data))
    if not errors:
        return []
    best = jsonschema.exceptions.best_match(errors)
    errors.sort(key=lambda e: (e is not best, list(e.absolute_path).__len__(), json_path(e.absolute_path)))
    return [document.problem(tuple(_specific(e).absolute_path), _render(e, lang)) for e in errors]
