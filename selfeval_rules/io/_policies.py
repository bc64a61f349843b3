"""Policies from files: bundled names, YAML/JSON files and mappings, with `extends` merged in and
every value located in the file it came from; then schema-checked and compiled."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from .. import _shipped
from ..errors import DocumentError, PolicyError, Problem
from ..messages import Lang, message
from ..policy import DEFAULT_POLICY, Policy
from ..policy._compiler import compile_policy
from ._documents import Document, Path_, from_mapping, read_file, read_text
from ._schemas import validate

#: How many policies one may extend in a chain (a policy, its parent, its grandparent …).
MAX_EXTENDS = 16


def bundled_policies() -> list[str]:
    """Names of the policies that ship with the library."""
    return list(_bundled())


@cache
def _bundled() -> tuple[str, ...]:
    return _shipped.names("policies", ".yaml")


Origins = dict[Path_, tuple[str, int, int]]


def _read(name_or_path: str | Path, relative_to: Path | None, lang: Lang) -> tuple[Document, Path | None, str]:
    """A policy document, the folder its relative `extends` start from, and its identity (name or path)."""
    text = str(name_or_path)
    if isinstance(name_or_path, str) and text in _bundled():
        return read_text(_shipped.read("policies", f"{text}.yaml"), f"{text}.yaml", lang=lang), None, text
    path = Path(text)
    if relative_to is not None and not path.is_absolute():
        path = relative_to / path
    if not _exists(path) and path.suffix == "":
        known = ", ".join(bundled_policies())
        raise PolicyError(str(path), [Problem("$", message("policy.unknown", lang, name=text, known=known))])
    # read_file reads only a regular file of bounded size: never a device, a pipe or a folder
    return read_file(path, lang=lang), path.parent, _identity(path)


def _exists(path: Path) -> bool:
    """Whether a path names something; False for a name the system cannot even look up (too long)."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def _identity(path: Path) -> str:
    """The file a path names, the same however it is spelt (for finding cycles)."""
    try:
        return os.path.realpath(path)
    except (OSError, ValueError, RuntimeError):
        return str(path.absolute())


def _kind(data: Any) -> str:
    return "null" if data is None else type(data).__name__


def resolve(name_or_path: str | Path, lang: Lang, relative_to: Path | None = None, seen: tuple[tuple[str, str], ...] = ()) -> Document:
    """Read a policy and everything it extends, merged into one document that remembers each value's file."""
    if not isinstance(name_or_path, (str, Path)):
        raise PolicyError(str(relative_to or ""), [Problem("$", message("policy.not_a_source", lang, kind=type(name_or_path).__name__))])
    document, folder, identity = _read(name_or_path, relative_to, lang)
    data = document.data
    if not isinstance(data, dict):
        raise PolicyError(document.source, [Problem("$", message("doc.not_mapping", lang, kind=_kind(data)))])
    label = str(data.get("name") or name_or_path)
    origins: Origins = {path: (document.source, *mark) for path, mark in document.marks.items()}
    document = Document(data, document.source, {}, origins)
    if identity in {i for i, _ in seen}:
        chain = " → ".join([*(l for _, l in seen), label])
        raise _cycle(seen, chain, lang)
    parent_name = data.get("extends")
    if not isinstance(parent_name, str):
        return document
    names_on_the_way = [l for _, l in seen] + [label]
    if len(names_on_the_way) > MAX_EXTENDS:
        chain = " → ".join([*names_on_the_way, parent_name])
        raise PolicyError(document.source, [document.problem(("extends",), message("policy.extends_too_deep", lang, limit=MAX_EXTENDS, chain=chain))])
    if parent_name in names_on_the_way and parent_name not in _bundled() and not _exists((folder or Path()).joinpath(parent_name)):
        chain = " → ".join([*names_on_the_way[names_on_the_way.index(parent_name):], parent_name])
        raise PolicyError(document.source, [document.problem(("extends",), message("policy.extends_cycle", lang, chain=chain))])
    parent = resolve(parent_name, lang, folder, (*seen, (identity, label)))
    return _extend(parent, document)


def _cycle(seen: tuple[tuple[str, str], ...], chain: str, lang: Lang) -> PolicyError:
    return PolicyError(seen[-1][1] if seen else "", [Problem("$.extends", message("policy.extends_cycle", lang, chain=chain))])


def _extend(parent: Document, child: Document) -> Document:
    """The child merged over its parent, each value located in the file it came from."""
    origins: Origins = {}
    merged = _merge(parent.data, child.data, (), (), (), origins, parent.origins, child.origins)
    merged["extends"] = child.data["extends"]
    return Document(merged, child.source, {}, origins)


def _copy_origins(source: Origins, source_path: Path_, target_path: Path_, origins: Origins) -> None:
    """Record, under `target_path`, where each part of the value at `source_path` came from."""
    size = len(source_path)
    for path, origin in source.items():
        if path[:size] == source_path:
            origins[(*target_path, *path[size:])] = origin


def _merge(
    base: Any, override: Any, base_path: Path_, child_path: Path_, path: Path_,
    origins: Origins, parent_origins: Origins, child_origins: Origins,
) -> Any:
    """Mappings merge key by key; `rules` merge by id (new ones first); anything else is replaced."""
    if isinstance(base, dict) and isinstance(override, dict):
        if child_path in child_origins:
            origins[path] = child_origins[child_path]
        result = {}
        for key, value in base.items():  # the parent's order, so a resolved policy reads like one
            if key in override:
                result[key] = _merge(value, override[key], (*base_path, key), (*child_path, key), (*path, key),
                                     origins, parent_origins, child_origins)
            else:
                result[key] = value
                _copy_origins(parent_origins, (*base_path, key), (*path, key), origins)
        for key, value in override.items():
            if key not in base:
                result[key] = value
                _copy_origins(child_origins, (*child_path, key), (*path, key), origins)
        return result
    if path == ("rules",) and isinstance(base, list) and isinstance(override, list):
        return _merge_rules(base, override, origins, parent_origins, child_origins)
    _copy_origins(child_origins, child_path, path, origins)
    return override


def _merge_rules(base: list[Any], override: list[Any], origins: Origins, parent_origins: Origins, child_origins: Origins) -> list[Any]:
    """A child's rule replaces the parent's rule of the same id in place; its other rules go first.

    A child that repeats an id keeps both copies, so that the duplicate is reported, not lost.
    """
    base_ids = {r.get("id") for r in base if isinstance(r, dict)}
    replacing: dict[Any, int] = {}
    fresh: list[int] = []
    for j, rule in enumerate(override):
        rule_id = rule.get("id") if isinstance(rule, dict) else None
        if rule_id in base_ids and rule_id not in replacing:
            replacing[rule_id] = j
        else:
            fresh.append(j)
    result: list[Any] = []
    for j in fresh:
        _copy_origins(child_origins, ("rules", j), ("rules", len(result)), origins)
        result.append(override[j])
    for i, rule in enumerate(base):
        rule_id = rule.get("id") if isinstance(rule, dict) else None
        if rule_id in replacing:
            j = replacing[rule_id]
            _copy_origins(child_origins, ("rules", j), ("rules", len(result)), origins)
            result.append(override[j])
        else:
            _copy_origins(parent_origins, ("rules", i), ("rules", len(result)), origins)
            result.append(rule)
    return result


def _compile(document: Document, lang: Lang) -> Policy:
    """Validate a merged policy document against the policy schema, then compile it."""
    problems = validate(document, "policy", lang=lang)
    if problems:
        raise PolicyError(document.source, problems)
    return compile_policy(document.data, source=document.source, locate=document.problem, lang=lang)


@lru_cache(maxsize=32)
def _load_bundled(name: str, lang: Lang) -> Policy:
    return _compile(resolve(name, lang), lang)


def load_policy(source: str | Path | Mapping[str, Any] | None = None, *, lang: Lang = "zh") -> Policy:
    """Load a policy: a bundled name (`central-2020`, `beijing`), a YAML/JSON file, or a mapping.

    Args:
        source: the policy; None for the default, central-2020.
        lang: the language of problem messages.

    Raises:
        PolicyError: listing every problem, by file, line and JSON path, most relevant first.

    >>> load_policy("beijing").name
    'beijing'
    """
    try:
        if source is None:
            return _load_bundled(DEFAULT_POLICY, lang)
        if isinstance(source, Mapping):
            document = from_mapping(source, lang=lang)
            if isinstance(source.get("extends"), str):
                document = _extend(resolve(source["extends"], lang), document)
            return _compile(document, lang)
        if isinstance(source, str) and source in _bundled():
            return _load_bundled(source, lang)
        if not isinstance(source, (str, Path)):
            raise PolicyError("<policy>", [Problem("$", message("policy.not_a_source", lang, kind=type(source).__name__))])
        return _compile(resolve(source, lang), lang)
    except PolicyError:
        raise
    except DocumentError as error:
        raise PolicyError(error.source, error.problems) from None
