"""Where the data files that ship inside the package live: grammars, bundled policies and schemas.

Installed, they are the subpackages `selfeval_rules.grammar`, `selfeval_rules.policies` (mapped
from the repository's top-level `grammar/` and `policies/` folders by setup.cfg) and
`selfeval_rules.schemas`. Run from a clone without installing (`python -m selfeval_rules` at the
repository root, `python -m pytest`), those first two subpackages do not exist, and the files are
read from the repository's folders instead.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

KINDS = ("grammar", "policies", "schemas")
_SOURCE_ROOT = Path(__file__).resolve().parent.parent


@cache
def folder(kind: str) -> Traversable:
    """The folder of shipped files of a kind: "grammar", "policies" or "schemas"."""
    if kind not in KINDS:
        raise ValueError(f"no shipped files of kind {kind!r}")
    try:
        return resources.files(f"selfeval_rules.{kind}")
    except ModuleNotFoundError:
        return _SOURCE_ROOT / kind  # the source tree, run from a clone


def read(kind: str, name: str) -> str:
    """The text of a shipped file, e.g. read("grammar", "target.lark")."""
    return folder(kind).joinpath(name).read_text(encoding="utf-8")


def names(kind: str, suffix: str) -> tuple[str, ...]:
    """The sorted names (without `suffix`) of the shipped files of a kind that end in `suffix`."""
    return tuple(sorted(p.name[: -len(suffix)] for p in folder(kind).iterdir() if p.name.endswith(suffix)))
