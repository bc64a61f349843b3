"""Every `>>>` example in the installed package's docstrings runs and gives what it shows."""

import doctest
import importlib
import pkgutil

import pytest

import selfeval_rules

MODULES = sorted(
    name for _, name, _ in pkgutil.walk_packages(selfeval_rules.__path__, "selfeval_rules.") if name != "selfeval_rules.__main__"
) + ["selfeval_rules"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_the_public_modules_carry_examples() -> None:
    finder = doctest.DocTestFinder()
    examples = sum(len(t.examples) for name in MODULES for t in finder.find(importlib.import_module(name)))
    assert examples >= 20
