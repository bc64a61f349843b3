"""Reading documents: YAML or JSON to plain data with exact numbers, each value located.

Nothing in a document is ever executed: YAML is composed by libyaml (or PyYAML's own parser when
libyaml is absent) into nodes, and we build only mappings, lists, strings, exact numbers
(`Number`, never float), booleans and null from them. Every problem is reported with its JSON path
and, for YAML, its line and column.

Any input is read with bounded work: a file is read only if it is a regular file of at most
`MAX_BYTES`; a document holds at most `MAX_NODES` values (an alias counted each time it is used),
nests at most `MAX_DEPTH` deep, and no string is longer than `MAX_STRING` characters; a number has
at most `MAX_DIGITS` significant digits and `MAX_PLACES` decimals, and is less than 10^`MAX_MAGNITUDE`
in size. Each limit is a located problem, never a traceback, a hang or a MemoryError.

>>> document = read_text("weight: 5.00\\nnote: on\\nwhen: 2023-12-31\\n", "<text>")
>>> document.data
{'weight': 5.00, 'note': 'on', 'when': '2023-12-31'}
>>> document.marks[("note",)]
(2, 7)
"""

from __future__ import annotations

import codecs
import json
import math
import os
import re
import stat
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs
import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..errors import DocumentError, Problem, json_path
from ..messages import Lang, message

Path_ = tuple[Any, ...]

# --- limits ---------------------------------------------------------------------------------------
# A real form is about 10 KB and 300 values and keys; the largest bundled policy (central-2020) is
# 17 KB and 1,100. Each limit is far above what a real document needs and far below what hurts.

#: Bytes of a file (and characters of a text) read at most: 10 MB, a thousand times a real form.
MAX_BYTES = 10 * 1024 * 1024
#: Values in one document, keys included and each use of an alias counted: ninety times the
#: largest bundled policy, refused in well under a second (libyaml alone would compose 10 MB of
#: `[1,1,…]` into five million nodes: 23 s and 1.5 GB).
MAX_NODES = 100_000
#: How deep mappings and lists may nest: a policy nests 6 deep; 100 is far below Python's recursion limit.
MAX_DEPTH = 100
#: Characters of one string or key: a deviation reason is a few hundred; 10,000 is a dozen pages.
MAX_STRING = 10_000
#: Significant digits of a number, and decimal places: a money amount in 元 with 6 decimals needs 21.
MAX_DIGITS = 30
MAX_PLACES = 30
#: A number must be less than 10^15 in size: beyond that a score cannot be rounded to 6 places in
#: Decimal's default 28-digit precision, and no form has a trillion-yuan row.
MAX_MAGNITUDE = 15
#: The problems listed at most for one document.
MAX_PROBLEMS = 100
#: Text of at most this size is parsed again by PyYAML when libyaml refuses it, for PyYAML's words.
_REPARSE_LIMIT = 1024 * 1024
#: A text with more `!` than this (each explicit tag has one) is composed by PyYAML, which counts tagged nodes.
_MAX_TAGS = 1000

_LIMIT = 10**MAX_MAGNITUDE


class Number(Decimal):
    """A number read from a document: a Decimal whose repr is its text, so messages quote `-5`, not `Decimal('-5')`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


class _KeyMark:
    """The last element of a path whose mark is that of the key itself, not of its value."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "KEY"


#: `marks[(*path, KEY)]` is where the key of `path` is written.
KEY = _KeyMark()


@attrs.frozen
class Document:
    """Plain data read from a file or a mapping, with where each value came from.

    Attributes:
        data: mappings, lists, str, int, `Number`, bool and None.
        source: the file name, or "<mapping>".
        marks: JSON path → (line, column), 1-based, for YAML input; `(*path, KEY)` → where the key is.
        origins: JSON path → (file, line, column), for a document merged from several files.
    """

    data: Any
    source: str
    marks: Mapping[Path_, tuple[int, int]] = attrs.field(factory=dict, repr=False)
    origins: Mapping[Path_, tuple[str, int, int]] = attrs.field(factory=dict, repr=False)

    def problem(self, path: Path_, text: str, *, at_key: bool = False) -> Problem:
        """A problem at `path`, located at the nearest marked ancestor (in whichever file it came from).

        With `at_key`, located where the key of `path` is written, when that is known.
        """
        path = tuple(path)
        candidates = [(*path, KEY)] if at_key and path else []
        candidates += [path[:depth] for depth in range(len(path), -1, -1)]
        for key in candidates:
            origin = self.origins.get(key)
            if origin:
                return Problem(json_path(path), text, origin[1], origin[2], origin[0])
            mark = self.marks.get(key)
            if mark:
                return Problem(json_path(path), text, mark[0], mark[1])
        return Problem(json_path(path), text)


class _Refused(Exception):
    """A limit reached while reading: stops the reading at once.

    It carries a message code and its values, worded in the reader's language when caught.
    """

    def __init__(self, code: str, params: dict[str, Any], path: str = "$", line: int | None = None, column: int | None = None) -> None:
        super().__init__(code)
        self.code, self.params, self.path, self.line, self.column = code, params, path, line, column

    def problem(self, lang: Lang) -> Problem:
        return Problem(self.path, message(self.code, lang, **self.params), self.line, self.column)


# --- YAML: composing nodes ----------------------------------------------------------------------

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
#: The tag of a plain (unquoted, untagged) scalar, resolved when the value is built.
_PLAIN = "tag:selfeval-rules.invalid,2024:plain"


def _tag(kind: type, implicit: tuple[bool, bool]) -> str:
    if kind is ScalarNode:
        return _PLAIN if implicit[0] else _STR
    return _SEQ if kind is SequenceNode else _MAP


class _Resolving:
    """Tags as composing needs them, cheaply: plain scalars are resolved later, by `_Builder`.

    It also counts the nodes composed, so that a document of millions of tiny values is refused
    after `MAX_NODES`, before it fills memory (libyaml calls `resolve` for every node not tagged
    explicitly; `_read_yaml` leaves a text of many tags to PyYAML's parser, which counts them all).
    """

    _composed = 0

    def _count(self) -> None:
        self._composed += 1
        if self._composed > MAX_NODES:
            raise _Refused("doc.too_many_nodes", {"limit": MAX_NODES})

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        # called for nearly every node: _count and _tag written out
        self._composed += 1
        if self._composed > MAX_NODES:
            raise _Refused("doc.too_many_nodes", {"limit": MAX_NODES})
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _SEQ if kind is SequenceNode else _MAP

    def descend_resolver(self, parent: Any, index: Any) -> None:  # no path-dependent tags
        pass

    def ascend_resolver(self) -> None:
        pass


class _PyLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer, _Resolving):
    """PyYAML's own parser: without libyaml, and for PyYAML's wording of a syntax error."""

    def __init__(self, text: str) -> None:
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        self._depth = 0

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        return _tag(kind, implicit)  # counted in compose_node, tagged nodes too

    def compose_node(self, parent: Any, index: Any) -> Any:
        # PyYAML composes recursively: refuse deep nesting before Python's recursion limit does.
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise _Refused("doc.too_deep", {"limit": MAX_DEPTH}, "$", mark.line + 1, mark.column + 1)
            if not self.check_event(yaml.AliasEvent):
                self._count()
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _libyaml() -> type | None:
    """The libyaml parser, when PyYAML was built with it and libyaml caps nesting (0.2.5 and later)."""
    if not getattr(yaml, "__with_libyaml__", False):
        return None
    try:
        from yaml import _yaml  # type: ignore[attr-defined]

        if tuple(_yaml.get_version()) < (0, 2, 5):  # older libyaml nests without a limit
            return None
        return _yaml.CParser  # type: ignore[no-any-return]
    except (ImportError, AttributeError):
        return None


_CParser = _libyaml()
if _CParser is not None:

    class _CLoader(_CParser, _Resolving):  # type: ignore[valid-type,misc]
        """libyaml composing, with our cheap resolving and node count."""

    _FAST: type | None = _CLoader
else:
    _FAST = None

#: Whether YAML is read through libyaml.
WITH_LIBYAML = _FAST is not None


def _compose(loader_class: type, text: str) -> Any:
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


# --- YAML: building values from nodes -----------------------------------------------------------

_INT_TEXT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT_TEXT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z|[-+]?[0-9]+[eE][-+]?[0-9]+\Z")
# YAML 1.2 booleans only: `on:` (a band table's key) and yes/no stay strings, as in JSON.
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_NOT_FINITE = frozenset(f"{sign}{word}" for sign in ("", "-", "+") for word in (".inf", ".Inf", ".INF")) | {".nan", ".NaN", ".NAN"}
_NUMBER_START = frozenset("-+0123456789.")
_BOOL_START = frozenset("tTfF")
_NULL_START = frozenset("nN~")
_SPECIAL_START = _NUMBER_START | _BOOL_START | _NULL_START | {""}
_KNOWN_SCALAR_TAGS = frozenset({_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP})
_KINDS = {MappingNode: "mapping", SequenceNode: "list"}


def _tag_name(tag: Any) -> str:
    """A tag as it is written: `!!binary` for tag:yaml.org,2002:binary."""
    text = str(tag)
    return "!!" + text.removeprefix("tag:yaml.org,2002:") if text.startswith("tag:yaml.org,2002:") else text


def _short_path(trail: list[Any], parts: int = 12) -> str:
    """The JSON path of a refusal deep inside a document, its middle left out (a 100-deep path is unreadable)."""
    if len(trail) <= parts:
        return json_path(trail)
    return json_path(trail[:parts]) + "…"


def _shortened(text: str, limit: int = 24) -> str:
    """A long value cut for a message: its start and an ellipsis."""
    return text if len(text) <= limit else text[: limit - 4] + "…"


class _Quoted(str):
    """A value as a message quotes it (its repr is the text given)."""

    def __repr__(self) -> str:
        return str(self)


def number_problem(value: Decimal | int, shown: str | None = None) -> tuple[str, dict[str, Any]] | None:
    """The message code and values when a number is beyond the limits, else None.

    >>> number_problem(Decimal("1e400"))
    ('doc.number_size', {'value': 1E+400, 'limit': 15})
    >>> number_problem(5) is None
    True
    """
    if isinstance(value, int):
        if -_LIMIT < value < _LIMIT:
            return None
        value = Decimal(value)
    text = _Quoted(_shortened(shown if shown is not None else str(value)))
    if not value.is_finite():
        return "doc.number_not_finite", {"value": text}
    digits, exponent = value.as_tuple()[1:]
    if value and value.adjusted() >= MAX_MAGNITUDE:
        return "doc.number_size", {"value": text, "limit": MAX_MAGNITUDE}
    if len(digits) > MAX_DIGITS:
        return "doc.number_digits", {"value": text, "digits": len(digits), "limit": MAX_DIGITS}
    if isinstance(exponent, int) and -exponent > MAX_PLACES:
        return "doc.number_places", {"value": text, "places": -exponent, "limit": MAX_PLACES}
    return None


class _Builder:
    """Builds plain values from composed nodes, counting them (each alias use again) and bounding depth."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.count = 1  # the root
        self.trail: list[Any] = []
        self.problems: list[Problem] = []

    def problem(self, node: Any, code: str, *, depth: int | None = None, **params: Any) -> None:
        """A problem at `node`, at the path followed so far (cut to `depth` parts: a key's own problem is its mapping's)."""
        mark = node.start_mark
        path = json_path(self.trail[:depth] if depth is not None else self.trail)
        self.problems.append(Problem(path, message(code, self.lang, **params), mark.line + 1, mark.column + 1))
        if len(self.problems) >= MAX_PROBLEMS:
            raise _Refused("doc.more_problems", {"limit": MAX_PROBLEMS})

    def refuse(self, node: Any, code: str, **params: Any) -> None:
        mark = node.start_mark
        raise _Refused(code, params, _short_path(self.trail), mark.line + 1, mark.column + 1)

    def value(self, node: Any) -> Any:
        # each node is counted by the container holding it (the root by `_read_yaml`), so that a
        # container met again through an alias counts all its content again
        if node.__class__ is ScalarNode:
            return self.scalar(node)
        self.count += len(node.value) * (2 if node.__class__ is MappingNode else 1)
        if self.count > MAX_NODES:
            self.refuse(node, "doc.too_many_nodes", limit=MAX_NODES)
        if len(self.trail) >= MAX_DEPTH:
            self.refuse(node, "doc.too_deep", limit=MAX_DEPTH)
        return self.mapping(node) if node.__class__ is MappingNode else self.sequence(node)

    def mapping(self, node: Any) -> dict[str, Any]:
        if node.tag != _MAP:
            self.problem(node, "doc.tag", tag=_tag_name(node.tag))
        result: dict[str, Any] = {}
        trail = self.trail
        trail.append(None)
        scalar, value = self.scalar, self.value
        for key_node, value_node in node.value:
            # the common case written out: a plain key; a quoted value, or a plain one that cannot
            # be a number, a boolean or null (it starts with none of their characters)
            key = key_node.value
            if key_node.__class__ is not ScalarNode or key_node.tag != _PLAIN or len(key) > MAX_STRING or key == "<<":
                key = self.key(key_node)
            trail[-1] = key
            if key in result:
                self.problem(key_node, "doc.duplicate_key", key=key)
            if value_node.__class__ is ScalarNode:
                text = value_node.value
                tag = value_node.tag
                if len(text) <= MAX_STRING and (tag == _STR or (tag == _PLAIN and text[:1] not in _SPECIAL_START)):
                    result[key] = text
                else:
                    result[key] = scalar(value_node)
            else:
                result[key] = value(value_node)
        trail.pop()
        return result

    def sequence(self, node: Any) -> list[Any]:
        if node.tag != _SEQ:
            self.problem(node, "doc.tag", tag=_tag_name(node.tag))
        items = []
        trail = self.trail
        trail.append(0)
        value = self.value
        for index, item in enumerate(node.value):
            trail[-1] = index
            items.append(value(item))
        trail.pop()
        return items

    def key(self, node: Any) -> str:
        """A key as text: as written, whatever it would read as (`1:` is the key '1')."""
        parent = len(self.trail) - 1  # the key is not on the path yet: its problems are its mapping's
        if node.__class__ is not ScalarNode:
            kind = _KINDS[node.__class__]
            self.problem(node, "doc.complex_key", depth=parent, kind=message(f"doc.kind_{kind}", self.lang))
            return f"<{kind} {node.start_mark.line + 1}:{node.start_mark.column + 1}>"
        text = node.value
        if node.tag == _PLAIN:
            if text == "<<":
                self.problem(node, "doc.merge_key", depth=parent)
        elif node.tag not in _KNOWN_SCALAR_TAGS:
            self.problem(node, "doc.tag", depth=parent, tag=_tag_name(node.tag))
        if len(text) > MAX_STRING:
            self.problem(node, "doc.string_too_long", depth=parent, value=_Quoted(repr(_shortened(text))), length=len(text), limit=MAX_STRING)
            return text[:MAX_STRING]
        return text

    def scalar(self, node: Any) -> Any:
        text = node.value
        tag = node.tag
        if tag == _PLAIN:
            first = text[:1]
            if first in _NUMBER_START:
                if _INT_TEXT.match(text):
                    return self.integer(node, text)
                if _FLOAT_TEXT.match(text):
                    return self.number(node, text)
                if text in _NOT_FINITE:
                    self.problem(node, "doc.number_not_finite", value=_Quoted(text))
                    return text
            elif first in _BOOL_START and text in _BOOLS:
                return _BOOLS[text]
            elif (not first or first in _NULL_START) and text in _NULLS:
                return None
        elif tag != _STR and tag != _TIMESTAMP:  # a timestamp stays text: a target such as 2023-12-31 is a string
            return self.tagged(node, tag, text)
        if len(text) > MAX_STRING:
            self.problem(node, "doc.string_too_long", value=_Quoted(repr(_shortened(text))), length=len(text), limit=MAX_STRING)
        return text

    def tagged(self, node: Any, tag: str, text: str) -> Any:
        """A scalar with an explicit core tag (`!!int 5`), read by the same rules as an untagged one."""
        if tag == _INT and _INT_TEXT.match(text):
            return self.integer(node, text)
        if tag == _FLOAT and (_FLOAT_TEXT.match(text) or _INT_TEXT.match(text)):
            return self.number(node, text)
        if tag == _BOOL and text in _BOOLS:
            return _BOOLS[text]
        if tag == _NULL and text in _NULLS:
            return None
        if tag in _KNOWN_SCALAR_TAGS:
            self.problem(node, "doc.tag_value", value=_Quoted(repr(_shortened(text))), tag=tag.rsplit(":", 1)[-1])
        else:
            self.problem(node, "doc.tag", tag=_tag_name(tag))
        return text

    def integer(self, node: Any, text: str) -> Any:
        # 010 is ten (YAML 1.2, not octal); the digits are counted before int() sees them.
        digits = text.lstrip("+-").lstrip("0") or "0"
        if len(digits) > MAX_MAGNITUDE:
            self.problem(node, "doc.number_size", value=_Quoted(_shortened(text)), limit=MAX_MAGNITUDE)
            return text
        value = int(digits)
        return -value if text.startswith("-") else value

    def number(self, node: Any, text: str) -> Any:
        try:
            value = Number(text)
        except InvalidOperation:  # an exponent beyond what Decimal holds
            self.problem(node, "doc.number_size", value=_Quoted(_shortened(text)), limit=MAX_MAGNITUDE)
            return text
        refused = number_problem(value, text)
        if refused:
            self.problem(node, refused[0], **refused[1])
            return text
        return value


class _NodeMarks(Mapping[Path_, tuple[int, int]]):
    """Where each value of a YAML document is written, found in its nodes when asked (cheap to make)."""

    def __init__(self, root: Any) -> None:
        self._root = root
        self._keys: dict[int, dict[str, tuple[Any, Any]]] = {}

    def _pairs(self, node: Any) -> dict[str, tuple[Any, Any]]:
        pairs = self._keys.get(id(node))
        if pairs is None:
            pairs = {}
            for key_node, value_node in node.value:
                if key_node.__class__ is ScalarNode:
                    pairs.setdefault(key_node.value[:MAX_STRING], (key_node, value_node))
            self._keys[id(node)] = pairs
        return pairs

    def __getitem__(self, path: Path_) -> tuple[int, int]:
        node = self._root
        key_node = None
        for part in path:
            if part is KEY:
                if key_node is None:
                    raise KeyError(path)
                node = key_node
                break
            if node.__class__ is MappingNode and isinstance(part, str):
                found = self._pairs(node).get(part)
                if found is None:
                    raise KeyError(path)
                key_node, node = found
            elif node.__class__ is SequenceNode and type(part) is int and 0 <= part < len(node.value):
                key_node, node = None, node.value[part]
            else:
                raise KeyError(path)
        mark = node.start_mark
        return mark.line + 1, mark.column + 1

    def __iter__(self) -> Iterator[Path_]:
        """Every path in document order, each value's key (`(*path, KEY)`) just before it."""

        def walk(path: Path_, node: Any) -> Iterator[Path_]:
            yield path
            if len(path) >= MAX_DEPTH:  # as deep as reading went
                return
            if node.__class__ is MappingNode:
                for key, (_, value_node) in self._pairs(node).items():
                    yield (*path, key, KEY)
                    yield from walk((*path, key), value_node)
            elif node.__class__ is SequenceNode:
                for index, item in enumerate(node.value):
                    yield from walk((*path, index), item)

        return walk((), self._root)

    def __len__(self) -> int:
        return sum(1 for _ in self)


# --- YAML: problems in words --------------------------------------------------------------------

# PyYAML's and libyaml's words for a syntax error → (message code, where to look for its values).
# Matched against "context | problem"; the code's Chinese says what to do, its English is the original.
_YAML_PROBLEMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), code)
    for pattern, code in (
        (r"found character '\\t' that cannot start any token|found a tab character", "yaml.tab"),
        (r"found character '(?P<char>[^']+)' that cannot start any token", "yaml.bad_char"),
        (r"found character that cannot start any token", "yaml.bad_char_c"),
        (r"mapping values are not allowed", "yaml.mapping_value"),
        (r"while scanning a (?:double-|single-)?quoted scalar \| found unexpected end of stream", "yaml.unclosed_quote"),
        (r"quoted scalar \| found unexpected document separator", "yaml.unclosed_quote"),
        (r"while parsing a flow sequence \| (?:expected ',' or '\]', but got (?P<got>.+)|did not find expected ',' or '\]')", "yaml.flow_sequence"),
        (r"while parsing a flow mapping \| (?:expected ',' or '\}', but got (?P<got>.+)|did not find expected ',' or '\}')", "yaml.flow_mapping"),
        (r"while scanning a simple key \| could not find expected ':'", "yaml.simple_key"),
        (r"expected <block end>, but found (?P<got>'(?:<block mapping start>|<block sequence start>|<scalar>|\?|-)')"
         + r"|did not find expected key|did not find expected '-' indicator", "yaml.indentation"),
        (r"expected <block end>, but found (?P<got>.+)", "yaml.unexpected"),
        (r"found duplicate anchor (?P<anchor>'[^']*')?", "yaml.duplicate_anchor"),
        (r"found undefined alias (?P<alias>'[^']*')?", "yaml.undefined_alias"),
        (r"expected a single document in the stream", "yaml.several_documents"),
        (r"found unknown escape character(?: '(?P<char>.*)')?", "yaml.escape"),
        (r"while scanning an? (?:anchor|alias) \| (?:expected|did not find expected) alphabetic or numeric character", "yaml.anchor_name"),
        (r"while scanning a block scalar", "yaml.block_scalar"),
        (r"expected the node content, but found (?P<got>.+)|did not find expected node content", "yaml.node_content"),
        (r"found undefined tag handle (?P<handle>'[^']*')?", "yaml.tag_handle"),
        (r"while scanning a (?:tag|directive)", "yaml.tag_syntax"),
        (r"expected '<document start>', but found (?P<got>.+)|did not find expected <document start>", "yaml.document_start"),
        (r"exceeded maximum nesting depth", "yaml.too_deep"),
    )
)

_TOKENS = {
    "'<stream end>'": "token.stream_end",
    "'<scalar>'": "token.scalar",
    "'<block mapping start>'": "token.key",
    "'?'": "token.key",
    "'<block sequence start>'": "token.item",
    "'-'": "token.item",
    "'<block end>'": "token.block_end",
    "'<document start>'": "token.document_start",
    "'<document end>'": "token.document_end",
}


def _located(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of a character position."""
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def _explained(error: yaml.MarkedYAMLError, lang: Lang) -> str:
    """A YAML syntax error in words: Chinese from the table (what to do), English as PyYAML says it."""
    context, problem = str(error.context or ""), str(error.problem or "")
    if lang == "en":
        # the problem alone says it, unless it only makes sense after its context ("second occurrence")
        reason = problem
        if context and not context.startswith("while "):
            where = f" (line {error.context_mark.line + 1})" if error.context_mark else ""
            reason = f"{context}{where}, {problem}"
        return message("doc.yaml", lang, reason=reason or str(error))
    joined = f"{context} | {problem}"
    for pattern, code in _YAML_PROBLEMS:
        found = pattern.search(joined)
        if found:
            params = {name: value for name, value in found.groupdict().items()}
            got = params.get("got")
            if got is not None:
                params["got"] = message(_TOKENS[got], lang) if got in _TOKENS else got
            else:
                params["got"] = message("token.unknown", lang)
            for name in ("char", "anchor", "alias", "handle"):
                params[name] = params.get(name) or ""
            mark = error.context_mark
            params["context_line"] = mark.line + 1 if mark else "?"
            params["context_column"] = mark.column + 1 if mark else "?"
            return message("doc.yaml", lang, reason=message(code, lang, **params))
    return message("doc.yaml", lang, reason=problem or str(error))


def _control_problem(text: str, position: int, lang: Lang) -> Problem:
    line, column = _located(text, position)
    char = text[position] if 0 <= position < len(text) else "\0"
    if char == "\0":
        return Problem("$", message("doc.binary", lang), line, column)
    if "\ud800" <= char <= "\udfff":
        return Problem("$", message("doc.surrogate", lang, char=f"U+{ord(char):04X}"), line, column)
    return Problem("$", message("doc.control_char", lang, char=f"U+{ord(char):04X}"), line, column)


def _yaml_problem(error: Exception, text: str, lang: Lang) -> Problem:
    """The problem of a text that is not YAML, at its line and column."""
    if isinstance(error, _Refused):
        return error.problem(lang)
    if isinstance(error, yaml.reader.ReaderError):
        position = error.position
        if isinstance(error.character, int) and not (0 <= position < len(text) and ord(text[position]) == error.character):
            # libyaml counts bytes: find the character
            position = len(text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "ignore"))
        return _control_problem(text, position, lang)
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        return Problem("$", _explained(error, lang), line, column)
    return Problem("$", message("doc.yaml", lang, reason=str(error)))


# What YAML refuses to read (outside tab, line breaks and printable text), and lone surrogates.
_UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _pyyaml_error(text: str) -> Exception | None:
    """PyYAML's own error on a text libyaml refused: better worded, at the same marks (for a text not too long).

    It may be one of our limits instead, met first (libyaml refuses nesting only past 1000 levels).
    """
    if len(text) > _REPARSE_LIMIT:
        return None
    try:
        _compose(_PyLoader, text)
    except (yaml.YAMLError, _Refused) as error:
        return error
    return None


def _read_yaml(text: str, source: str, lang: Lang) -> Document:
    nul = text.find("\0")  # a binary file, rather than a stray control character
    bad = _UNPRINTABLE.search(text) if nul < 0 else None
    if nul >= 0 or bad is not None:
        raise DocumentError(source, [_control_problem(text, nul if nul >= 0 else bad.start(), lang)])  # type: ignore[union-attr]
    # libyaml never calls resolve for an explicitly tagged node, so cannot count those: a text of
    # many tags goes to PyYAML's parser, which counts every node (and is slower, but bounded).
    loader = _FAST if _FAST is not None and text.count("!") <= _MAX_TAGS else _PyLoader
    builder = _Builder(lang)
    try:
        try:
            node = _compose(loader, text)
        except yaml.YAMLError as error:
            worded = _pyyaml_error(text) if loader is not _PyLoader else None
            raise DocumentError(source, [_yaml_problem(worded or error, text, lang)]) from None
        if node is None:
            return Document(None, source)
        data = builder.value(node)
    except _Refused as refused:
        raise DocumentError(source, [*builder.problems, refused.problem(lang)]) from None
    if builder.problems:
        raise DocumentError(source, builder.problems)
    return Document(data, source, _NodeMarks(node))


# --- JSON and mappings --------------------------------------------------------------------------


class _BadNumber:
    """A JSON number beyond the limits, remembered where it stands until its path is known."""

    __slots__ = ("code", "params")

    def __init__(self, code: str, params: dict[str, Any]) -> None:
        self.code, self.params = code, params


def _json_number(text: str) -> Any:
    try:
        value = Number(text)
    except InvalidOperation:
        return _BadNumber("doc.number_size", {"value": _Quoted(_shortened(text)), "limit": MAX_MAGNITUDE})
    refused = number_problem(value, text)
    return _BadNumber(*refused) if refused else value


def _json_int(text: str) -> Any:
    digits = text.lstrip("-").lstrip("0") or "0"
    if len(digits) > MAX_MAGNITUDE:
        return _BadNumber("doc.number_size", {"value": _Quoted(_shortened(text)), "limit": MAX_MAGNITUDE})
    value = int(digits)
    return -value if text.startswith("-") else value


def _json_constant(text: str) -> Any:
    return _BadNumber("doc.number_not_finite", {"value": _Quoted(text)})


_SURROGATES = re.compile("[\ud800-\udfff]")


class _Opaque:
    """A value of no JSON type from a program (a set, a date, bytes): named by the schema, safely.

    Its text is taken once, so that a message never calls a repr that might fail or run long.
    """

    __slots__ = ("text",)

    def __init__(self, value: Any) -> None:
        try:
            text = repr(value)
        except Exception:  # a program's object whose repr fails is named by its type
            text = f"<{type(value).__name__}>"
        self.text = text if len(text) <= 60 else text[:59] + "…"

    def __repr__(self) -> str:
        return self.text


class _Plain:
    """Plain data checked against the limits and made exact: floats and Decimals become `Number`.

    Used for JSON (whose reader checked its numbers already, but not its strings) and for data
    given by a program (which may hold floats, Decimals, tuples, other mappings, shared parts and
    even cycles). JSON's values are counted, as YAML's are; a program's containers are converted
    once each however often they are shared (so work is linear in what the program built), and
    a container inside itself is refused.
    """

    def __init__(self, lang: Lang, *, from_json: bool = False) -> None:
        self.lang = lang
        self.count = 0
        self.trail: list[Any] = []
        self.problems: list[Problem] = []
        self.from_json = from_json
        self.done: dict[int, Any] = {}
        self.active: set[int] = set()

    def problem(self, code: str, params: dict[str, Any]) -> None:
        self.problems.append(Problem(json_path(self.trail), message(code, self.lang, **params)))
        if len(self.problems) >= MAX_PROBLEMS:
            raise _Refused("doc.more_problems", {"limit": MAX_PROBLEMS})

    def refuse(self, code: str, **params: Any) -> None:
        raise _Refused(code, params, _short_path(self.trail))

    def text(self, value: str) -> str:
        if len(value) > MAX_STRING:
            self.problem("doc.string_too_long", {"value": _Quoted(repr(_shortened(value))), "length": len(value), "limit": MAX_STRING})
            return value[:MAX_STRING]
        if self.from_json:  # "\ud800" in JSON is a lone surrogate, which no file can hold
            bad = _SURROGATES.search(value)
            if bad:
                self.problem("doc.surrogate", {"char": f"U+{ord(bad.group()):04X}"})
        return value

    def value(self, value: Any) -> Any:
        kind = type(value)
        if kind is str:
            return value if len(value) <= MAX_STRING and not self.from_json else self.text(value)
        if kind is int:
            if -_LIMIT < value < _LIMIT:
                return value
            self.problem(*number_problem(value))  # type: ignore[misc]
            return None
        if value is None or kind is bool:
            return value
        if kind is dict or kind is list or kind is tuple or isinstance(value, Mapping):
            return self.container(value)
        if kind is Number and self.from_json:
            return value
        if kind is _BadNumber:
            self.problem(value.code, value.params)
            return None
        if isinstance(value, Decimal):
            return self.decimal(value)
        if kind is float:
            if not math.isfinite(value):
                self.problem("doc.number_not_finite", {"value": _Quoted(repr(value))})
                return None
            # the Decimal of the float's shortest text: the number its author typed
            return self.decimal(Number(repr(value)))
        if isinstance(value, (list, tuple)):
            return self.container(value)
        if isinstance(value, str):
            return self.text(str(value))
        if isinstance(value, int) and not isinstance(value, bool):
            return self.value(int(value))
        return _Opaque(value)  # anything else is left for the schema to name

    def decimal(self, value: Decimal) -> Any:
        refused = number_problem(value)
        if refused:
            self.problem(*refused)
            return None
        return value if type(value) is Number else Number(value)

    def container(self, value: Any) -> Any:
        trail = self.trail
        if len(trail) >= MAX_DEPTH:
            self.refuse("doc.too_deep", limit=MAX_DEPTH)
        if self.from_json:
            self.count += len(value)
            if self.count > MAX_NODES:
                self.refuse("doc.too_many_nodes", limit=MAX_NODES)
        else:
            identity = id(value)
            if identity in self.done:
                return self.done[identity]
            if identity in self.active:
                self.refuse("doc.cycle")
            self.active.add(identity)
        convert = self.value
        if isinstance(value, Mapping):
            result: Any = {}
            trail.append(None)
            for key, item in value.items():
                trail[-1] = key
                if type(key) is str and (len(key) > MAX_STRING or self.from_json):
                    key = self.text(key)
                result[key] = convert(item)
        else:
            result = []
            trail.append(0)
            for index, item in enumerate(value):
                trail[-1] = index
                result.append(convert(item))
        trail.pop()
        if not self.from_json:
            self.active.discard(id(value))
            self.done[id(value)] = result
        return result


def _plain(data: Any, source: str, lang: Lang, *, from_json: bool = False) -> Any:
    checker = _Plain(lang, from_json=from_json)
    try:
        data = checker.value(data)
    except _Refused as refused:
        raise DocumentError(source, [*checker.problems, refused.problem(lang)]) from None
    if checker.problems:
        raise DocumentError(source, checker.problems)
    return data


def _read_json(text: str, source: str, lang: Lang) -> Document:
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in items:
            if key in seen:
                duplicates.append(key)
            seen[key] = value
        return seen

    try:
        data = json.loads(text, parse_float=_json_number, parse_int=_json_int, parse_constant=_json_constant, object_pairs_hook=pairs)
    except json.JSONDecodeError as error:
        raise DocumentError(source, [Problem("$", message("doc.json", lang, reason=error.msg), error.lineno, error.colno)]) from None
    except RecursionError:
        raise DocumentError(source, [Problem("$", message("doc.too_deep", lang, limit=MAX_DEPTH))]) from None
    data = _plain(data, source, lang, from_json=True)
    if duplicates:
        # JSON is YAML too: read it again as YAML, whose reader locates each duplicate by path and line
        read_text(text, source, lang=lang)
        raise DocumentError(source, [Problem("$", message("doc.duplicate_key", lang, key=key)) for key in duplicates])
    return Document(data, source)


def read_text(text: str, source: str, *, json_format: bool = False, lang: Lang = "zh") -> Document:
    """Read YAML (or JSON) text into a Document.

    Raises:
        DocumentError: when the text is not YAML/JSON, breaks a limit, or has duplicate keys.
    """
    if len(text) > MAX_BYTES:
        raise DocumentError(source, [Problem("$", message("doc.text_too_long", lang, size=len(text), limit=MAX_BYTES))])
    if json_format:
        return _read_json(text, source, lang)
    return _read_yaml(text, source, lang)


# --- files --------------------------------------------------------------------------------------

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _read_bytes(path: Path, source: str, lang: Lang) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES; never blocks on a pipe nor reads a device."""

    def refuse(code: str, **params: Any) -> DocumentError:
        return DocumentError(source, [Problem("$", message(code, lang, **params))])

    try:
        handle = os.open(path, _OPEN_FLAGS)
    except (FileNotFoundError, NotADirectoryError):
        raise refuse("doc.not_found") from None
    except IsADirectoryError:
        raise refuse("doc.is_folder") from None
    except PermissionError:
        raise refuse("doc.is_folder" if path.is_dir() else "doc.no_permission") from None
    except ValueError:  # a NUL in the name
        raise refuse("doc.bad_name") from None
    except OSError as error:
        raise refuse("doc.unreadable", reason=error.strerror or error) from None
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise refuse("doc.is_folder")
        if not stat.S_ISREG(info.st_mode):
            raise refuse("doc.not_regular")
        if info.st_size > MAX_BYTES:
            raise refuse("doc.too_large", size=info.st_size, limit=MAX_BYTES)
        chunks, size = [], 0
        while True:  # the file may grow while it is read: never past the limit
            chunk = os.read(handle, max(info.st_size + 1 - size, 65536))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_BYTES:
                raise refuse("doc.too_large", size=size, limit=MAX_BYTES)
        return b"".join(chunks)
    except OSError as error:
        raise refuse("doc.unreadable", reason=error.strerror or error) from None
    finally:
        os.close(handle)


def _decode(raw: bytes, source: str, lang: Lang) -> str:
    """UTF-8 text (a byte-order mark dropped); UTF-16 with its mark; otherwise the first bad byte, located."""
    encoding = "utf-8"
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        before = raw[: error.start].decode(encoding, "replace")
        line, column = _located(before + "\0", len(before))
        byte = f"0x{raw[error.start]:02X}"
        if encoding == "utf-8" and b"\0" in raw[: 1024]:
            code = "doc.binary"
        else:
            try:
                raw.decode("gb18030")
                code = "doc.not_utf8_gbk" if encoding == "utf-8" else "doc.not_utf8"
            except UnicodeDecodeError:
                code = "doc.not_utf8"
        raise DocumentError(source, [Problem("$", message(code, lang, byte=byte, encoding=encoding.upper()), line, column)]) from None


def read_file(path: str | Path, *, lang: Lang = "zh") -> Document:
    """Read a .yaml, .yml or .json file (a regular file of at most MAX_BYTES, in UTF-8).

    Raises:
        DocumentError: when the file is missing, unreadable, too large, not a regular file, not
            UTF-8, not YAML/JSON, or breaks a limit.
    """
    path = Path(path)
    source = str(path)
    text = _decode(_read_bytes(path, source, lang), source, lang)
    return read_text(text, source, json_format=path.suffix.lower() == ".json", lang=lang)


def from_mapping(data: Any, source: str = "<mapping>", *, lang: Lang = "zh") -> Document:
    """A Document from data already in memory.

    A float becomes the Decimal of its shortest text (66.2 → Decimal('66.2')), which is the number
    its author typed; no arithmetic ever happens in binary floating point. Tuples become lists and
    mappings dicts; a part shared in several places is converted once.

    Raises:
        DocumentError: when the data breaks a limit (a number out of range, NaN, a string too
            long, nesting too deep, a container inside itself).
    """
    return Document(_plain(data, source, lang), source)


class _Dumper(yaml.SafeDumper):
    """Safe YAML out: numbers read as Number are written as the plain numbers they are."""


_Dumper.add_representer(Number, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:float", str(value)))


def dump_yaml(data: Any) -> str:
    """YAML text of plain data (Chinese kept readable, keys in their order)."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
