"""A pytest plugin that tests a repository of scoring policies with plain `pytest`.

Point it at the folders that hold your policies, in the ini file (paths relative to it, that is to
the rootdir) or on the command line (relative to the current directory)::

    [pytest]
    selfeval_policies = policies

    $ pytest --selfeval-policies policies --selfeval-max-examples 50

Every `*.yaml` / `*.yml` under those folders is read as a policy and becomes:

- `my-city.yaml::example[<name>]`, one item per embedded example, marked `selfeval_example`;
  a failure shows what differed and how the policy scored the row;
- `my-city.yaml::properties`, one item for the standard properties, marked
  `selfeval_properties`; a failure names the property and shows hypothesis' shrunk counter-example;
- `my-city.yaml::load` instead, when the policy does not load: one failing item listing every
  problem by file:line:column and JSON path (it carries both markers, so that a broken policy
  fails whichever of the two you select).

Nothing is collected when no folder is configured, so other YAML in a project is left alone. When
pytest collects its default paths (no paths given on the command line), the policy folders are
added to them, so they are tested even when `testpaths` does not name them.

The plugin registers itself through the `pytest11` entry point `selfeval`; disable it with
`-p no:selfeval`. Importing it is cheap: hypothesis is imported only when a properties item runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pytest

from ..errors import DocumentError, SelfEvalError, json_path

if TYPE_CHECKING:
    from ..messages import Lang
    from ..policy import Policy
    from .examples import ExampleResult

SUFFIXES = (".yaml", ".yml")
EXAMPLE_MARKER = "selfeval_example"
PROPERTIES_MARKER = "selfeval_properties"
_FOLDERS = pytest.StashKey[tuple[Path, ...]]()


# --- configuration ----------------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("selfeval", "selfeval-rules policies")
    group.addoption(
        "--selfeval-policies", action="append", default=[], metavar="DIR", dest="selfeval_policies",
        help="test every *.yaml/*.yml policy under DIR: its embedded examples and the standard properties (repeatable)",
    )
    group.addoption(
        "--selfeval-max-examples", type=int, default=100, metavar="N", dest="selfeval_max_examples",
        help="examples hypothesis tries per standard property (default: 100)",
    )
    group.addoption(
        "--selfeval-lang", choices=("zh", "en"), default=None, dest="selfeval_lang",
        help="language of the failure messages (default: the selfeval_lang ini value, else zh)",
    )
    parser.addini("selfeval_policies", type="paths", default=[],
                  help="folders of policies to test, relative to the ini file")
    parser.addini("selfeval_lang", default="zh", help="language of selfeval failure messages: zh or en")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{EXAMPLE_MARKER}: an embedded example of a selfeval policy")
    config.addinivalue_line("markers", f"{PROPERTIES_MARKER}: the standard properties of a selfeval policy")
    here = config.invocation_params.dir
    folders = [*config.getini("selfeval_policies"), *(here / d for d in config.getoption("selfeval_policies"))]
    unique = tuple(dict.fromkeys(Path(f).resolve() for f in folders))
    missing = [str(f) for f in unique if not f.exists()]
    if missing:  # a misspelt folder must not pass as "nothing to test"
        raise pytest.UsageError(f"selfeval_policies: no such folder: {', '.join(missing)}")
    config.stash[_FOLDERS] = unique
    if unique and config.args_source != pytest.Config.ArgsSource.ARGS:
        # Collecting the default paths: add the policy folders that lie outside them.
        collected = [Path(a).resolve() for a in config.args]
        extra = [str(f) for f in unique if not any(f.is_relative_to(c) for c in collected)]
        config.args = [*config.args, *extra]


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> PolicyFile | None:
    if file_path.suffix not in SUFFIXES:
        return None
    folders = parent.config.stash.get(_FOLDERS, ())
    resolved = file_path.resolve()
    if not any(resolved.is_relative_to(folder) for folder in folders):
        return None
    return PolicyFile.from_parent(parent, path=file_path)


def _lang(config: pytest.Config) -> Lang:
    lang = config.getoption("selfeval_lang") or config.getini("selfeval_lang")
    return "en" if lang == "en" else "zh"


# --- collection -------------------------------------------------------------------------------


class PolicyFile(pytest.File):
    """A policy file: its examples and its properties, or one item saying why it does not load."""

    def collect(self) -> Iterator[pytest.Item]:
        from ..io import load_policy

        lang = _lang(self.config)
        try:
            policy = load_policy(self.path, lang=lang)
        except DocumentError as error:
            yield PolicyLoadItem.from_parent(self, name="load", error=error)
            return
        origins = _example_origins(self.path, lang)
        names = [str(example["name"]) for example in policy.examples]
        for index, name in enumerate(names):
            if names.count(name) > 1:  # two items with one id could not be told apart
                name = f"{name} #{index + 1}"
            yield ExampleItem.from_parent(self, name=f"example[{name}]", policy=policy, index=index,
                                          origin=origins.get(index))
        yield PropertiesItem.from_parent(self, name="properties", policy=policy)


def _example_origins(path: Path, lang: Lang) -> dict[int, tuple[str, int, int]]:
    """Where each example is written (file, line, column): in this file or in the policy it extends."""
    from ..io import resolve

    try:
        document = resolve(path, lang)
    except Exception:  # only decoration: an example without a line is still run
        return {}
    return {key[1]: origin for key, origin in document.origins.items() if len(key) == 2 and key[0] == "examples"}


def _shown(config: pytest.Config, source: str) -> str:
    """A file name as the user knows it: relative to the rootdir when it lies under it."""
    path = Path(source)
    if path.is_absolute() and path.is_relative_to(config.rootpath):
        return str(path.relative_to(config.rootpath))
    return source


class _SelfEvalItem(pytest.Item):
    """What the selfeval items share: failures reported as plain text, without a traceback."""

    def _failure_text(self, error: BaseException) -> str | None:
        if isinstance(error, _Failed):
            return error.text
        if isinstance(error, DocumentError):
            return _problems(self.config, error)
        if isinstance(error, SelfEvalError):
            return str(error)
        return None

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        text = self._failure_text(excinfo.value)
        return text if text is not None else super().repr_failure(excinfo, style=style)


class _Failed(Exception):
    """A selfeval item failed; `text` says why, in full."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def _problems(config: pytest.Config, error: DocumentError) -> str:
    lines = [
        attrs.evolve(problem, file=_shown(config, problem.file or error.source)).located(error.source)
        for problem in error.problems
    ]
    return "\n".join(lines)


class PolicyLoadItem(_SelfEvalItem):
    """A policy that does not load: fails with every problem, by file:line:column and JSON path."""

    def __init__(self, *, error: DocumentError, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.error = error
        self.add_marker(EXAMPLE_MARKER)
        self.add_marker(PROPERTIES_MARKER)

    def runtest(self) -> None:
        raise _Failed(_problems(self.config, self.error))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"{self.path.name}::load"


class ExampleItem(_SelfEvalItem):
    """One embedded example: the row must score as the example expects."""

    def __init__(self, *, policy: Policy, index: int, origin: tuple[str, int, int] | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.policy, self.index, self.origin = policy, index, origin
        self.add_marker(EXAMPLE_MARKER)

    def runtest(self) -> None:
        from .examples import run_example

        result: ExampleResult = run_example(self.policy, self.index, _lang(self.config))
        if not result.passed:
            raise _Failed(self._where() + "\n" + result.describe(_lang(self.config)))

    def _where(self) -> str:
        """`file:line:column: $.examples[i]`: where the example is written."""
        where = json_path(("examples", self.index))
        if self.origin is None:
            return f"{_shown(self.config, str(self.path))}: {where}"
        source, line, column = self.origin
        return f"{_shown(self.config, source)}:{line}:{column}: {where}"

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.origin[1] - 1 if self.origin is not None and Path(self.origin[0]).resolve() == self.path.resolve() else None
        return self.path, line, f"{self.path.name}::{self.name}"


class PropertiesItem(_SelfEvalItem):
    """The standard properties of one policy, checked with hypothesis."""

    def __init__(self, *, policy: Policy, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.policy = policy
        self.add_marker(PROPERTIES_MARKER)

    def runtest(self) -> None:
        from .properties import PolicyPropertyError, check_policy_properties

        try:
            check_policy_properties(self.policy, max_examples=self.config.getoption("selfeval_max_examples"))
        except PolicyPropertyError as error:
            raise _Failed(str(error)) from None

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"{self.path.name}::properties"
