"""The JSON Schemas of forms and policies, and validation that reports every problem by JSON path.

Exact numbers only: a float is refused by the `number` type, so that no rounding error enters a
score. Problems are worded in the user's language, the most relevant first (jsonschema's best_match).

A valid document is recognised by `is_valid`, a checker compiled once from the schema into plain
Python closures (about twenty times as fast as jsonschema, which walks the schema for every
value); jsonschema runs only when that checker says no, to explain what is wrong. The two agree on
every document (`tests/io/test_fast_validation.py` checks it on generated and hostile ones).

>>> is_valid("form", {"project": "示例", "indicators": [{"name": "人数", "weight": 5}]})
True
>>> is_valid("form", {"project": "示例", "indicators": [{"name": "人数", "weigth": 5}]})
False
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import cache
from itertools import islice
from typing import Any, ClassVar

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .. import _shipped
from ..errors import Problem, json_path
from ..messages import MESSAGES, Lang, message
from ._documents import (
    MAX_DIGITS,
    MAX_MAGNITUDE,
    MAX_PLACES,
    MAX_PROBLEMS,
    MAX_STRING,
    Document,
    Number,
    number_problem,
)

SCHEMAS = ("form", "policy")


@cache
def schema(name: str) -> dict[str, Any]:
    """A JSON Schema shipped in `selfeval_rules.schemas` (`form` or `policy`)."""
    return json.loads(_shipped.read("schemas", f"{name}.schema.json"))


def _is_number(_checker: object, instance: object) -> bool:
    # Exact numbers only: a float is refused, so that no rounding error enters a score.
    return isinstance(instance, (int, Decimal)) and not isinstance(instance, bool)


_TYPES = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("number", _is_number)
_Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, type_checker=_TYPES)


@cache
def _registry() -> Registry:
    """Every shipped schema under its $id, so that the policy schema's `$ref`s into the form schema resolve."""
    resources = [(schema(name)["$id"], Resource.from_contents(schema(name), default_specification=DRAFT202012)) for name in SCHEMAS]
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> jsonschema.protocols.Validator:
    """The jsonschema validator of a shipped schema (the slow path, which explains)."""
    return _Validator(schema(name), registry=_registry())


# --- the fast path: the schema compiled into closures --------------------------------------------

Check = Callable[[Any], bool]

# Keywords that say nothing about validity.
_ANNOTATIONS = frozenset({"description", "title", "default", "examples", "$comment", "$schema", "$id", "$defs", "deprecated"})
_LIMIT = 10**MAX_MAGNITUDE


def _any(_value: Any) -> bool:
    return True


def _none(_value: Any) -> bool:
    return False


def _decimal_ok(value: Decimal) -> bool:
    """A Decimal within the reading limits (a `Number` was checked when it was read)."""
    if value.__class__ is Number:
        return True
    if not value.is_finite():
        return False
    _, digits, exponent = value.as_tuple()
    return (not value or value.adjusted() < MAX_MAGNITUDE) and len(digits) <= MAX_DIGITS and -exponent <= MAX_PLACES  # type: ignore[operator]


def _type_check(types: list[str]) -> Check:
    """The JSON types as one predicate: exact types only (a float is never a number here: it is
    converted first), strings and numbers within the reading limits."""
    unknown = set(types) - {"string", "null", "number", "integer", "boolean", "object", "array"}
    if unknown:
        raise NotImplementedError(f"unknown type(s) {sorted(unknown)}")
    text, null, boolean = "string" in types, "null" in types, "boolean" in types
    number, integer = "number" in types, "integer" in types
    obj, array = "object" in types, "array" in types
    whole = number or integer

    def check(v: Any) -> bool:
        cls = v.__class__
        if cls is str:
            return text and len(v) <= MAX_STRING
        if v is None:
            return null
        if cls is int:
            return whole and -_LIMIT < v < _LIMIT
        if cls is Number:
            return number
        if cls is bool:
            return boolean
        if cls is dict:
            return obj
        if cls is list:
            return array
        # subclasses, and what only the slow path reads (floats, tuples, other mappings)
        if isinstance(v, bool):
            return boolean
        if isinstance(v, str):
            return text and len(v) <= MAX_STRING
        if isinstance(v, int):
            return whole and -_LIMIT < v < _LIMIT
        if isinstance(v, Decimal):
            return number and _decimal_ok(v)
        if isinstance(v, dict):
            return obj
        if isinstance(v, list):
            return array
        return False

    # the common leaves, specialised: a call less and a branch less each
    if types == ["string"]:
        return lambda v: v.__class__ is str and len(v) <= MAX_STRING or check(v)
    if sorted(types) == ["null", "string"]:
        return lambda v: v is None or v.__class__ is str and len(v) <= MAX_STRING or check(v)
    return check


def _all(checks: list[Check]) -> Check:
    checks = [c for c in checks if c is not _any]
    if not checks:
        return _any
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda v: first(v) and second(v)

    def every(v: Any) -> bool:
        for check in checks:
            if not check(v):
                return False
        return True

    return every


def _same(one: Any, two: Any) -> bool:
    """JSON equality as jsonschema's enum sees it: true is not 1, and 1 is 1.0."""
    if isinstance(one, (list, dict)) or isinstance(two, (list, dict)):
        return json.dumps(one, sort_keys=True, default=str) == json.dumps(two, sort_keys=True, default=str)
    if isinstance(one, bool) or isinstance(two, bool):
        return isinstance(one, bool) and isinstance(two, bool) and one == two
    if isinstance(one, str) or isinstance(two, str):
        return one == two
    return bool(one == two)


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, Decimal)) and not isinstance(v, bool)


class _Compiler:
    """Compiles a shipped schema into a predicate, keyword by keyword (the keywords the schemas use)."""

    def __init__(self) -> None:
        self.compiled: dict[tuple[str, str], Check] = {}

    def ref(self, base: str, ref: str) -> Check:
        target, _, pointer = ref.partition("#")
        name = base
        if target:
            name = next(n for n in SCHEMAS if schema(n)["$id"].rsplit("/", 1)[-1] == target.rsplit("/", 1)[-1])
        key = (name, pointer)
        if key not in self.compiled:
            cell: list[Check] = []
            self.compiled[key] = lambda v: cell[0](v)  # a recursive reference finds it while it compiles
            node: Any = schema(name)
            for part in filter(None, pointer.split("/")):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            cell.append(self.compile(node, name))
            self.compiled[key] = cell[0]
        return self.compiled[key]

    def compile(self, node: Any, base: str) -> Check:
        if node is True:
            return _any
        if node is False:
            return _none
        unknown = set(node) - _ANNOTATIONS - set(self.KEYWORDS)
        if unknown:
            raise NotImplementedError(f"the fast validator does not know the keyword(s) {sorted(unknown)}")
        types = node.get("type")
        types = [types] if isinstance(types, str) else types
        if types is not None and "object" in types and ("properties" in node or "additionalProperties" in node or "required" in node):
            return self.object(node, base, types)
        checks = [_type_check(types)] if types is not None else []
        bounds = [(k, node[k]) for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") if k in node]
        if types is not None and set(types) <= {"number", "integer", "null"} and bounds and len(node.keys() - _ANNOTATIONS - {"type"}) == len(bounds):
            return self.number(checks[0], bounds)
        return _all(checks + self.keywords(node, base, skip=()))

    @staticmethod
    def number(typed: Check, bounds: list[tuple[str, Any]]) -> Check:
        """A number leaf with its bounds, in one closure."""
        low = next((v for k, v in bounds if k == "minimum"), None)
        high = next((v for k, v in bounds if k == "maximum"), None)
        above = next((v for k, v in bounds if k == "exclusiveMinimum"), None)
        below = next((v for k, v in bounds if k == "exclusiveMaximum"), None)

        def check(v: Any) -> bool:
            if not typed(v):
                return False
            if v is None:
                return True
            return ((low is None or v >= low) and (high is None or v <= high)
                    and (above is None or v > above) and (below is None or v < below))

        return check

    def keywords(self, node: dict[str, Any], base: str, skip: tuple[str, ...]) -> list[Check]:
        checks = []
        for keyword in self.KEYWORDS:
            if keyword in node and keyword not in skip and keyword != "type":
                check = self.KEYWORDS[keyword](self, node[keyword], node, base)
                if check is not None:
                    checks.append(check)
        return checks

    def object(self, node: dict[str, Any], base: str, types: list[str]) -> Check:
        """An object schema in one closure: its type, required keys, properties and extra keys."""
        others = [t for t in types if t != "object"]
        other = _type_check(others) if others else _none
        required = tuple(node.get("required", ()))
        properties = {key: self.compile(sub, base) for key, sub in node.get("properties", {}).items()}
        extra = node.get("additionalProperties", True)
        extra_check: Check | None = None if extra is False else self.compile(extra, base)
        rest = _all(self.keywords(node, base, skip=("properties", "additionalProperties", "required")))
        get = properties.get

        def check(value: Any) -> bool:
            if value.__class__ is not dict and not isinstance(value, dict):
                return other(value) and rest(value)
            for key in required:
                if key not in value:
                    return False
            for key, item in value.items():
                sub = get(key)
                if sub is None:
                    # an extra key: within the limits, and valid against additionalProperties
                    if extra_check is None or not (key.__class__ is str and len(key) <= MAX_STRING) or not extra_check(item):
                        return False
                elif not sub(item):
                    return False
            return rest(value)

        return check

    # keyword → builder(compiler, value, schema, base) → a check that passes values it does not apply to

    def _properties(self, value: dict[str, Any], node: dict[str, Any], base: str) -> Check:
        properties = {key: self.compile(sub, base) for key, sub in value.items()}
        return lambda v: not isinstance(v, dict) or all(check(v[k]) for k, check in properties.items() if k in v)

    def _additional(self, value: Any, node: dict[str, Any], base: str) -> Check:
        known = set(node.get("properties", {}))
        check = _none if value is False else self.compile(value, base)
        return lambda v: not isinstance(v, dict) or all(check(item) for key, item in v.items() if key not in known)

    def _required(self, value: list[str], node: dict[str, Any], base: str) -> Check:
        keys = tuple(value)
        return lambda v: not isinstance(v, dict) or all(key in v for key in keys)

    def _items(self, value: Any, node: dict[str, Any], base: str) -> Check:
        check = self.compile(value, base)

        def items(v: Any) -> bool:
            if v.__class__ is not list and not isinstance(v, list):
                return True
            for item in v:
                if not check(item):
                    return False
            return True

        return items

    def _enum(self, value: list[Any], node: dict[str, Any], base: str) -> Check:
        texts = frozenset(item for item in value if isinstance(item, str))
        others = [item for item in value if not isinstance(item, str)]
        if all(item is None for item in others):
            with_null = bool(others)
            return lambda v: (v is None and with_null) or (isinstance(v, str) and v in texts)
        return lambda v: (isinstance(v, str) and v in texts) or any(_same(v, item) for item in others)

    def _bound(compare: Callable[[Any, Any], bool]) -> Callable[..., Check]:  # type: ignore[misc]
        def build(self: _Compiler, value: Any, node: dict[str, Any], base: str) -> Check:
            return lambda v: not _is_num(v) or compare(v, value)

        return build

    def _length(compare: Callable[[int, int], bool], kind: type) -> Callable[..., Check]:  # type: ignore[misc]
        def build(self: _Compiler, value: int, node: dict[str, Any], base: str) -> Check:
            return lambda v: not isinstance(v, kind) or compare(len(v), value)

        return build

    def _pattern(self, value: str, node: dict[str, Any], base: str) -> Check:
        search = re.compile(value).search
        return lambda v: not isinstance(v, str) or search(v) is not None

    def _any_of(self, value: list[Any], node: dict[str, Any], base: str) -> Check:
        checks = [self.compile(sub, base) for sub in value]

        def any_of(v: Any) -> bool:
            for check in checks:
                if check(v):
                    return True
            return False

        return any_of

    def _one_of(self, value: list[Any], node: dict[str, Any], base: str) -> Check:
        checks = [self.compile(sub, base) for sub in value]
        return lambda v: sum(1 for check in checks if check(v)) == 1

    def _all_of(self, value: list[Any], node: dict[str, Any], base: str) -> Check:
        return _all([self.compile(sub, base) for sub in value])

    def _not(self, value: Any, node: dict[str, Any], base: str) -> Check:
        check = self.compile(value, base)
        return lambda v: not check(v)

    def _const(self, value: Any, node: dict[str, Any], base: str) -> Check:
        return lambda v: _same(v, value)

    def _dollar_ref(self, value: str, node: dict[str, Any], base: str) -> Check:
        return self.ref(base, value)

    KEYWORDS: ClassVar[dict[str, Callable[..., Check | None]]] = {
        "type": lambda self, value, node, base: None,  # compiled by `compile` itself
        "$ref": _dollar_ref,
        "properties": _properties,
        "additionalProperties": _additional,
        "required": _required,
        "items": _items,
        "enum": _enum,
        "const": _const,
        "minimum": _bound(lambda v, limit: v >= limit),
        "maximum": _bound(lambda v, limit: v <= limit),
        "exclusiveMinimum": _bound(lambda v, limit: v > limit),
        "exclusiveMaximum": _bound(lambda v, limit: v < limit),
        "minLength": _length(lambda n, limit: n >= limit, str),
        "maxLength": _length(lambda n, limit: n <= limit, str),
        "minItems": _length(lambda n, limit: n >= limit, list),
        "maxItems": _length(lambda n, limit: n <= limit, list),
        "minProperties": _length(lambda n, limit: n >= limit, dict),
        "maxProperties": _length(lambda n, limit: n <= limit, dict),
        "pattern": _pattern,
        "anyOf": _any_of,
        "oneOf": _one_of,
        "allOf": _all_of,
        "not": _not,
    }


@cache
def _fast(name: str) -> Check:
    return _Compiler().ref(name, "#")


def is_valid(name: str, data: Any) -> bool:
    """Whether `data` is valid against a shipped schema, of exact types and within the reading limits.

    On what a reader or `from_mapping` returns, this is exactly what jsonschema says, quickly. On
    data straight from a program it is stricter: a float, a tuple, a mapping that is not a dict, a
    number or text beyond the limits make it say no (`from_mapping` converts or names them).
    """
    return _fast(name)(data)


# --- full-width digits in a form's number fields -------------------------------------------------

# Full-width digits, point, comma, signs and percent (U+FF10–FF19, ．，＋－％) and the ideographic space.
_FULL_WIDTH = {code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), 0xFF0E, 0xFF0C, 0xFF0B, 0xFF0D, 0xFF05)} | {0x3000: 0x20}
_FOLDABLE = re.compile("[0-9.,+\\-% \uff10-\uff19\uff0e\uff0c\uff0b\uff0d\uff05\u3000]+")
_INTEGER = re.compile(r"\s*[-+]?[0-9]+\s*")
_DECIMAL = re.compile(r"\s*[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*")


def ascii_number(text: str) -> str | None:
    """A number written with full-width digits (５.００), in ASCII; None when it is not one.

    Only full-width digits, point, comma, signs and percent are folded (not NFKC at large, which
    would read the superscript in 10² as a digit).

    >>> ascii_number("５.００"), ascii_number("１０％"), ascii_number("5.00"), ascii_number("10²")
    ('5.00', '10%', None, None)
    """
    if text.isascii() or not _FOLDABLE.fullmatch(text):
        return None
    return text.translate(_FULL_WIDTH)


def _numeric_fields(node: Any, name: str, seen: frozenset[int] = frozenset()) -> Any:
    """What full-width folding does at a schema node: a plan mirroring the data's shape.

    Returns "number" / "integer" (fold the text and read it as a number), "text" (fold, keep it
    text: an amount or rate printed as text), a dict of plans by key, ("items", plan), or None.
    A field that takes free text (a target, a phone number) is never folded: its text is kept.
    """
    if id(node) in seen or not isinstance(node, dict):
        return None
    seen = seen | {id(node)}
    if "$ref" in node:
        target, _, pointer = node["$ref"].partition("#")
        ref_name = name if not target else next(n for n in SCHEMAS if target.endswith(f"{n}.schema.json"))
        resolved: Any = schema(ref_name)
        for part in filter(None, pointer.split("/")):
            resolved = resolved[part]
        return _numeric_fields(resolved, ref_name, seen)
    alternatives = node.get("anyOf") or [node]
    types: set[str] = set()
    free_text = False
    for alternative in alternatives:
        kinds = alternative.get("type", [])
        kinds = [kinds] if isinstance(kinds, str) else kinds
        types.update(kinds)
        if "string" in kinds and "pattern" not in alternative:
            free_text = True
    if "properties" in node:
        plans = {key: _numeric_fields(sub, name, seen) for key, sub in node["properties"].items()}
        return {key: plan for key, plan in plans.items() if plan} or None
    if "items" in node:
        plan = _numeric_fields(node["items"], name, seen)
        return ("items", plan) if plan else None
    if free_text or not types & {"number", "integer"}:
        return None
    if "string" in types:
        return "text"
    return "integer" if "number" not in types else "number"


@cache
def _fold_plan(name: str) -> Any:
    return _numeric_fields(schema(name), name)


def _fold(value: Any, plan: Any) -> Any:
    if isinstance(plan, dict):
        if not isinstance(value, dict):
            return value
        changed = {key: _fold(item, plan[key]) if key in plan else item for key, item in value.items()}
        return changed if any(changed[k] is not value[k] for k in value) else value
    if isinstance(plan, tuple):
        if not isinstance(value, list):
            return value
        changed_items = [_fold(item, plan[1]) for item in value]
        return changed_items if any(a is not b for a, b in zip(changed_items, value)) else value
    if not isinstance(value, str):
        return value
    folded = ascii_number(value)
    if folded is None:
        return value
    if plan == "text":
        return folded
    # a number beyond the limits is left as written: the schema then refuses it where it stands
    if plan == "integer" and _INTEGER.fullmatch(folded) and number_problem(Number(folded.strip())) is None:
        return int(folded)
    if plan == "number" and _DECIMAL.fullmatch(folded) and number_problem(Number(folded.strip())) is None:
        return Number(folded.strip())
    return value


def fold_full_width(name: str, data: Any) -> Any:
    """`data` with the full-width numbers of its number fields in ASCII (the same object if none).

    >>> fold_full_width("form", {"project": "１号", "indicators": [{"name": "人数", "weight": "５.００"}]})
    {'project': '１号', 'indicators': [{'name': '人数', 'weight': 5.00}]}
    """
    plan = _fold_plan(name)
    return _fold(data, plan) if plan else data


# --- the slow path: what is wrong, in words ------------------------------------------------------


class _Shown(str):
    """A value quoted as a document author wrote it: null, true, 'text', 5 (repr gives this text)."""

    def __repr__(self) -> str:
        return str(self)


def _brief(value: Any, room: int = 60) -> str:
    """A value quoted briefly: a long text cut, a mapping or list by its first entries."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value if len(value) <= room else value[: room - 1] + "…")
    if isinstance(value, dict):
        parts = []
        for key, item in islice(value.items(), 3):
            inner = "{…}" if isinstance(item, dict) else "[…]" if isinstance(item, list) else _brief(item, 20)
            parts.append(f"{key}: {inner}")
        return "{" + ", ".join(parts) + (", …}" if len(value) > 3 else "}")
    if isinstance(value, list):
        parts = ["{…}" if isinstance(item, dict) else "[…]" if isinstance(item, list) else _brief(item, 20) for item in value[:3]]
        return "[" + ", ".join(parts) + (", …]" if len(value) > 3 else "]")
    try:
        text = repr(value)
    except Exception:  # a program's object whose repr fails is still named by its type
        text = f"<{type(value).__name__}>"
    return text if len(text) <= room else text[: room - 1] + "…"


def _shown(value: Any) -> _Shown:
    return _Shown(_brief(value))


def _suggestion(word: Any, choices: Any, fits: Callable[[str], int] | None = None) -> str | None:
    """The choice closest to a misspelt word (difflib), if any is close.

    Words of one or two characters are too short to tell a typo from another word (美元 is not a
    misspelt 元), and long ones are not typed by hand. Among close choices, `fits` (how well the
    misspelt key's value suits each) ranks first: `notmet: ratio` means unmet, not note.

    >>> _suggestion("notmet", ["met", "partly", "not_met"]), _suggestion("美元", ["元", "万元"])
    ('not_met', None)
    """
    if not isinstance(word, str) or not 3 <= len(word) <= 64:
        return None
    texts = [c for c in choices if isinstance(c, str)]
    close = difflib.get_close_matches(word, texts, n=3, cutoff=0.6)
    if not close:
        return None
    if fits is not None:
        close.sort(key=lambda choice: -fits(choice))  # stable: difflib's order among equals
    return close[0]


def _hint(word: Any, choices: Any, lang: Lang, fits: Callable[[str], int] | None = None) -> str:
    suggestion = _suggestion(word, choices, fits)
    return message("schema.did_you_mean", lang, suggestion=suggestion) if suggestion else ""


_PROBE = "\x00"  # a text no field with a meaning accepts: a field that takes it takes any text


def _fitness(properties: dict[str, Any], base: str, value: Any) -> Callable[[str], int]:
    """How well `value` suits each property: 2 when only a field of that kind takes it, 1 when it is free text there."""

    def fits(key: str) -> int:
        try:
            check = _compiled(base, json.dumps(properties[key], sort_keys=True))
        except (KeyError, StopIteration, NotImplementedError, TypeError):  # only a ranking: never fatal
            return 0
        if not check(value):
            return 0
        return 1 if check(_PROBE) else 2

    return fits


@cache
def _compiled(base: str, node: str) -> Check:
    return _Compiler().compile(json.loads(node), base)


def _type_names(schema_node: Any) -> list[str]:
    kinds = schema_node.get("type", []) if isinstance(schema_node, dict) else []
    return [kinds] if isinstance(kinds, str) else list(kinds)


def _own(errors: list[jsonschema.ValidationError]) -> list[jsonschema.ValidationError]:
    """The errors about the instance itself, not about something inside it."""
    return [e for e in errors if not e.relative_path]


def _closest_alternative(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError] | None:
    """For anyOf/oneOf: the errors of the alternative meant, judged by the instance's shape; None if none fits.

    The alternative meant accepts the instance's type and has the fewest problems with the instance
    itself (a wrong key here, not a wrong value deeper); among equals, the one whose keys are
    closest to the instance's.
    """
    groups: dict[int, list[jsonschema.ValidationError]] = {}
    for e in error.context or ():
        groups.setdefault(e.relative_schema_path[0], []).append(e)
    alternatives = error.validator_value if isinstance(error.validator_value, list) else []
    candidates = []
    for index, errors in groups.items():
        own = _own(errors)
        if any(e.validator == "type" for e in own):
            continue
        names = set(alternatives[index].get("properties", {})) if index < len(alternatives) and isinstance(alternatives[index], dict) else set()
        keys = list(islice(error.instance, 50)) if isinstance(error.instance, dict) else []  # enough to tell
        closeness = sum(max((difflib.SequenceMatcher(None, str(k)[:64], n).ratio() for n in names), default=0) for k in keys)
        candidates.append((len(own), -closeness, index, errors))
    if not candidates:
        return None
    return min(candidates, key=lambda c: c[:3])[3]


def _required_only(alternatives: Any) -> list[str] | None:
    """The keys of a oneOf whose alternatives each only require one key (share | score | grade)."""
    if not isinstance(alternatives, list):
        return None
    keys = []
    for alternative in alternatives:
        if not isinstance(alternative, dict) or set(alternative) != {"required"} or len(alternative["required"]) != 1:
            return None
        keys.append(alternative["required"][0])
    return keys


def _choices(keys: list[str], lang: Lang) -> str:
    return ("、" if lang == "zh" else ", ").join(repr(k) for k in keys)


Leaf = tuple[tuple[Any, ...], str, bool]  # (path, message, located at the key)


def _leaves(error: jsonschema.ValidationError, lang: Lang, base: str) -> Iterator[Leaf]:
    """The problems one jsonschema error stands for, each at its own path, in words."""
    path = tuple(error.absolute_path)
    validator_name = error.validator
    if validator_name in ("anyOf", "oneOf"):
        keys = _required_only(error.validator_value) if validator_name == "oneOf" else None
        if keys is not None:
            code = "schema.required_one_of" if error.context else "schema.one_of_many"
            yield path, message(code, lang, choices=_choices(keys, lang)), False
            return
        if not error.context:  # more than one alternative fits
            yield path, message("schema.oneOf", lang, instance=_shown(error.instance)), False
            return
        chosen = _closest_alternative(error)
        if chosen is None:  # the instance is of no type any alternative takes
            types: list[str] = []
            for alternative in error.validator_value:
                for kind in _type_names(alternative):
                    if kind not in types:
                        types.append(kind)
            typed = [e for e in error.context if e.validator != "type"]
            if types and not typed:
                yield path, _type_message(error.instance, types, lang), False
                return
            chosen = [jsonschema.exceptions.best_match(typed or error.context)]
        for sub in chosen:
            yield from _leaves(sub, lang, base)
        return
    if validator_name == "additionalProperties" and isinstance(error.instance, dict) and error.validator_value is False:
        properties = error.schema.get("properties", {})
        for key, value in error.instance.items():
            if key not in properties:
                hint = _hint(key, list(properties), lang, _fitness(properties, _base_of(error, base), value))
                yield (*path, key), message("schema.additionalProperties", lang, extra=_brief(key, 40)) + hint, True
        return
    if validator_name == "type":
        yield path, _type_message(error.instance, error.validator_value, lang), False
        return
    params: dict[str, Any] = {"instance": _shown(error.instance), "expected": error.validator_value, "detail": error.message}
    if validator_name == "required":
        params["missing"] = error.message.split("'")[1] if "'" in error.message else error.validator_value
    code = f"schema.{validator_name}"
    if code not in MESSAGES:
        code = "schema.other"
    text = message(code, lang, **params)
    if validator_name == "enum":
        text += _hint(error.instance, error.validator_value, lang)
    yield path, text, False


@cache
def _owners() -> dict[int, str]:
    """Which shipped schema each of their subschemas belongs to (jsonschema's errors hold the very objects)."""
    owners: dict[int, str] = {}

    def walk(node: Any, name: str) -> None:
        if isinstance(node, dict):
            owners[id(node)] = name
            for item in node.values():
                walk(item, name)
        elif isinstance(node, list):
            for item in node:
                walk(item, name)

    for name in SCHEMAS:
        walk(schema(name), name)
    return owners


def _base_of(error: jsonschema.ValidationError, base: str) -> str:
    """The schema a failing subschema belongs to: the form schema, for a row in a policy's example."""
    return _owners().get(id(error.schema), base)


def _type_message(instance: Any, expected: Any, lang: Lang) -> str:
    kinds = [expected] if isinstance(expected, str) else list(expected)
    if isinstance(instance, str) and {"number", "integer"} & set(kinds):
        folded = ascii_number(instance)
        if folded is not None:
            return message("schema.full_width", lang, instance=_shown(instance), ascii=folded.strip())
    return message("schema.type", lang, instance=_shown(instance), expected=expected if isinstance(expected, str) else kinds)


def validate(document: Document, schema_name: str, *, lang: Lang = "zh") -> list[Problem]:
    """Every problem of `document` against a shipped schema, the most relevant first."""
    if is_valid(schema_name, document.data):
        return []
    errors = list(islice(validator(schema_name).iter_errors(document.data), 4 * MAX_PROBLEMS))
    if not errors:  # the fast checker and jsonschema disagree: jsonschema is the reference
        return []
    best = jsonschema.exceptions.best_match(errors)
    errors.sort(key=lambda e: (e is not best, len(e.absolute_path), json_path(e.absolute_path)))
    problems = []
    for error in errors:
        for path, text, at_key in _leaves(error, lang, schema_name):
            problems.append(document.problem(path, text, at_key=at_key))
            if len(problems) >= MAX_PROBLEMS:
                return [*problems, Problem("$", message("doc.more_problems", lang, limit=MAX_PROBLEMS))]
    return problems
