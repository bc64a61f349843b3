"""Reading documents: YAML or JSON to plain data with exact numbers, each value located.

Nothing in a document is ever executed:
YAML is read with a SafeLoader subclass that only builds mappings, lists, strings and numbers
(numbers as `Decimal`, never float), and every problem is reported with its JSON path and, for
YAML, its line and column.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs
import yaml

from ..errors import DocumentError, Problem, json_path
from ..messages import Lang, message

Path_ = tuple[str | int, ...]


class Number(Decimal):
    """A number read from a document: a Decimal whose repr is its text, so messages quote `-5`, not `Decimal('-5')`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


@attrs.frozen
class Document:
    """Plain data read from a file or a mapping, with where each value came from.

    Attributes:
        data: mappings, lists, str, int, `Number`, bool and None.
        source: the file name, or "<mapping>".
        marks: JSON path → (line, column), 1-based, for YAML input.
    """

    data: Any
    source: str
    marks: Mapping[Path_, tuple[int, int]] = attrs.field(factory=dict, repr=False)
    origins: Mapping[Path_, tuple[str, int, int]] = attrs.field(factory=dict, repr=False)

    def problem(self, path: Path_, text: str) -> Problem:
        """A problem at `path`, located at the nearest marked ancestor (in whichever file it came from)."""
        for depth in range(len(path), -1, -1):
            key = tuple(path[:depth])
            origin = self.origins.get(key)
            if origin:
                return Problem(json_path(path), text, origin[1], origin[2], origin[0])
            mark = self.marks.get(key)
            if mark:
                return Problem(json_path(path), text, mark[0], mark[1])
        return Problem(json_path(path), text)


class _Loader(yaml.SafeLoader):
    """Safe YAML with exact numbers; timestamps stay text (a target such as 2023-12-31 is a string)."""


def _construct_number(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = loader.construct_scalar(node).replace("_", "")
    try:
        value = Number(text)
    except InvalidOperation:
        return str(node.value)
    return value if value.is_finite() else str(node.value)


# YAML 1.2 booleans only: `on:` (a band table's key) and yes/no stay strings, as in JSON.
_BOOL = "tag:yaml.org,2002:bool"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
# YAML 1.2 numbers too: 010 is ten (not octal eight), and 1:30 is text (not ninety).
_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_INT, _FLOAT)]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_INT, re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    _FLOAT, re.compile(r"^(?:[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+)$"),
    list("-+0123456789."),
)
_Loader.add_constructor(_INT, lambda loader, node: int(loader.construct_scalar(node)))
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_number)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _walk(
    loader: _Loader, node: yaml.Node, path: Path_, marks: dict[Path_, tuple[int, int]], problems: list[Problem], lang: Lang
) -> Any:
    marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key = str(key) if not isinstance(key, str) else key
            child = (*path, key)
            if key in result:
                line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                problems.append(Problem(json_path(child), message("doc.duplicate_key", lang, key=key), line, column))
            result[key] = _walk(loader, value_node, child, marks, problems, lang)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_walk(loader, item, (*path, i), marks, problems, lang) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def read_text(text: str, source: str, *, json_format: bool = False, lang: Lang = "zh") -> Document:
    """Read YAML (or JSON) text into a Document.

    Raises:
        DocumentError: when the text is not YAML/JSON, or has duplicate keys.
    """
    if json_format:
        duplicates: list[str] = []

        def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
            seen: dict[str, Any] = {}
            for key, value in items:
                if key in seen:
                    duplicates.append(key)
                seen[key] = value
            return seen

        try:
            data = json.loads(text, parse_float=Number, object_pairs_hook=pairs)
        except json.JSONDecodeError as error:
            raise DocumentError(source, [Problem("$", message("doc.json", lang, reason=error.msg), error.lineno, error.colno)]) from None
        if duplicates:
            # JSON is YAML too: read it again as YAML, whose reader locates each duplicate by path and line
            read_text(text, source, lang=lang)
            raise DocumentError(source, [Problem("$", message("doc.duplicate_key", lang, key=key)) for key in duplicates])
        return Document(data, source)
    loader = _Loader(text)
    marks: dict[Path_, tuple[int, int]] = {}
    problems: list[Problem] = []
    try:
        node = loader.get_single_node()
        data = None if node is None else _walk(loader, node, (), marks, problems, lang)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = str(getattr(error, "problem", None) or error)
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise DocumentError(source, [Problem("$", message("doc.yaml", lang, reason=reason), line, column)]) from None
    finally:
        loader.dispose()
    if problems:
        raise DocumentError(source, problems)
    return Document(data, source, marks)


def read_file(path: str | Path, *, lang: Lang = "zh") -> Document:
    """Read a .yaml, .yml or .json file.

    Raises:
        DocumentError: when the file is missing, unreadable or not YAML/JSON.
    """
    path = Path(path)
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DocumentError(source, [Problem("$", message("doc.not_found", lang))]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise DocumentError(source, [Problem("$", message("doc.unreadable", lang, reason=error))]) from None
    return read_text(text, source, json_format=path.suffix.lower() == ".json", lang=lang)


def from_mapping(data: Mapping[str, Any], source: str = "<mapping>") -> Document:
    """A Document from data already in memory.

    A float becomes the Decimal of its shortest text (66.2 → Decimal('66.2')), which is the number
    its author typed; no arithmetic ever happens in binary floating point.
    """
    return Document(_exact(data), source)


def _exact(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _exact(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_exact(v) for v in value]
    if isinstance(value, float):
        return Number(repr(value)) if value == value and value not in (float("inf"), float("-inf")) else repr(value)
    if isinstance(value, Decimal) and not isinstance(value, Number):
        return Number(value)
    return value


class _Dumper(yaml.SafeDumper):
    """Safe YAML out: numbers read as Number are written as the plain numbers they are."""


_Dumper.add_representer(Number, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:float", str(value)))


def dump_yaml(data: Any) -> str:
    """YAML text of plain data (Chinese kept readable, keys in their order)."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
