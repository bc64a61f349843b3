"""The layers of docs/architecture.md, enforced on the import graph drawn from the source.

Every import statement counts, function-local ones included (only those under `if TYPE_CHECKING:`
never run, and are skipped). Importing a module of another package also runs that package's
`__init__`, so such an import is an edge to the package too. The root package's `__init__` is the
lazy public face: it imports nothing when loaded (a test below checks it), so it is no one's
dependency.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import selfeval_rules

PACKAGE = Path(selfeval_rules.__file__).resolve().parent
ROOT = "selfeval_rules"

# Which layer may import which (docs/architecture.md). A layer is a top-level module or subpackage.
ALLOWED: dict[str, set[str]] = {
    "messages": set(),
    "errors": {"messages"},
    "values": {"errors", "messages"},
    "_shipped": set(),
    "grammar": set(),  # data: the grammars (installed as a package)
    "policies": set(),  # data: the bundled policies (installed as a package)
    "language": {"values", "errors", "messages", "_shipped"},
    "policy": {"language", "values", "errors", "messages"},
    "scoring": {"policy", "values", "errors", "messages"},
    "findings": {"scoring", "policy", "values", "errors", "messages"},
    "io": {"language", "policy", "values", "errors", "messages", "_shipped"},
    "batch": {"io", "findings", "scoring", "policy", "values", "errors", "messages"},
    "reports": {"batch", "findings", "scoring", "policy", "values", "errors", "messages"},
    "testing": {"io", "findings", "scoring", "policy", "language", "values", "errors", "messages"},
    "dask": {"batch", "io", "findings", "scoring", "reports", "policy", "values", "errors", "messages"},
    "cli": {"testing", "reports", "batch", "io", "findings", "scoring", "policy", "language", "values", "errors", "messages", ""},
    "__main__": {"cli"},
    "": {"io", "language", "scoring", "findings", "batch", "policy", "values", "errors"},
}
# The pure core: nothing it runs may import these, or call open() or print().
PURE = ("values", "scoring")
IMPURE_MODULES = {"lark", "yaml", "jsonschema", "pathlib", "importlib", "os", "io", "sys", "argparse", "rich", "openpyxl"}
# Inside the policy layer, only the compiler may reach the languages (scoring imports the rest).
POLICY_MODEL = ("selfeval_rules.policy", "selfeval_rules.policy._model", "selfeval_rules.policy._outcomes",
                "selfeval_rules.policy._grading")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([ROOT, *parts])


MODULES: dict[str, Path] = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _is_package(name: str) -> bool:
    return MODULES.get(name, Path()).name == "__init__.py"


def _resolve(module: str, level: int, target: str | None) -> str:
    if level == 0:
        return target or ""
    base = module.split(".") if _is_package(module) else module.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for child in node.body for n in ast.walk(child))
    return skipped


def imports_of(module: str) -> Iterator[str]:
    """Every module `module` imports (internal ones resolved to files, external ones by top name)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    skipped = _type_checking_nodes(tree)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, node.level, node.module)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                yield candidate if candidate in MODULES else base


def _layer(module: str) -> str:
    return module.split(".")[1] if module.count(".") >= 1 else ""


def edges(module: str) -> set[str]:
    """The internal modules `module` runs when it runs, each package `__init__` on the way included."""
    found: set[str] = set()
    for name in imports_of(module):
        if not name.startswith(ROOT + ".") and name != ROOT:
            continue
        found.add(name)
        parts = name.split(".")
        for depth in range(2, len(parts)):
            parent = ".".join(parts[:depth])
            # a package's own modules are imported while it initialises: no edge back to it
            if not module.startswith(parent + ".") and module != parent:
                found.add(parent)
    found.discard(module)
    return {m for m in found if m in MODULES}


GRAPH = {module: edges(module) for module in MODULES}


def external(module: str) -> set[str]:
    return {name.split(".")[0] for name in imports_of(module) if not name.startswith(ROOT)} - {"__future__"}


def reachable(start: str) -> set[str]:
    seen, stack = {start}, [start]
    while stack:
        for nxt in GRAPH[stack.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return found


def test_the_graph_sees_function_local_imports() -> None:
    # the CLI imports the reports inside its commands: the graph must know
    assert "selfeval_rules.reports" in GRAPH["selfeval_rules.cli._check"]


def test_the_import_graph_has_no_circle() -> None:
    assert _cycles() == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_module_imports_only_the_layers_below_it(module: str) -> None:
    layer = _layer(module)
    assert layer in ALLOWED, f"{module}: the layer {layer!r} is not in docs/architecture.md"
    wrong = sorted(m for m in GRAPH[module] if _layer(m) != layer and _layer(m) not in ALLOWED[layer])
    assert wrong == []


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _layer(m) in PURE))
def test_the_core_reaches_no_parser_file_or_terminal(module: str) -> None:
    reached = reachable(module)
    impure = {m: sorted(external(m) & IMPURE_MODULES) for m in reached if external(m) & IMPURE_MODULES}
    assert impure == {}
    for name in reached:
        tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
        calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        assert not calls & {"open", "print", "eval", "exec"}, name


@pytest.mark.parametrize("module", POLICY_MODEL)
def test_the_policy_model_does_not_reach_the_languages(module: str) -> None:
    assert sorted(m for m in reachable(module) if _layer(m) == "language") == []


def test_the_face_imports_nothing_when_loaded() -> None:
    tree = ast.parse(MODULES[ROOT].read_text(encoding="utf-8"))
    skipped = _type_checking_nodes(tree)
    top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom)) and id(n) not in skipped]
    assert sorted(ast.unparse(n) for n in top) == ["from __future__ import annotations", "from typing import TYPE_CHECKING, Any"]


def test_only_the_language_layer_imports_lark() -> None:
    assert sorted(m for m in MODULES if "lark" in external(m)) == sorted(m for m in MODULES if _layer(m) == "language"
                                                                        and "lark" in external(m))
    assert any(_layer(m) == "language" for m in MODULES if "lark" in external(m))


def test_only_the_io_layer_imports_yaml_and_jsonschema() -> None:
    assert sorted(m for m in MODULES if {"yaml", "jsonschema"} & external(m) and _layer(m) != "io") == []


def test_the_architecture_document_names_every_layer() -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [layer for layer in ALLOWED if layer not in ("", "__main__", "dask", "grammar", "policies") and f"`{layer}" not in text]
    assert missing == []
