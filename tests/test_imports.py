"""The public face of the package: what `selfeval_rules` exports, and what importing it costs."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

import selfeval_rules

PUBLIC_NAMES = [
    "Budget",
    "BudgetScore",
    "Comparison",
    "DateValue",
    "Deadline",
    "Delay",
    "DocumentError",
    "Form",
    "FormError",
    "FormulaError",
    "FormulaSyntaxError",
    "Indicator",
    "KindMismatchError",
    "Op",
    "Policy",
    "PolicyError",
    "Problem",
    "Qualitative",
    "Quantity",
    "Range",
    "RowScore",
    "Scorecard",
    "SelfEvalError",
    "TargetSyntaxError",
    "TextSyntaxError",
    "TextValue",
    "Unit",
    "UnitMismatchError",
    "bundled_policies",
    "load_form",
    "load_policy",
    "parse_actual",
    "parse_target",
    "score",
]

# The command line and report dependencies: `import selfeval_rules` must pull in none of them.
CLI_AND_REPORT_MODULES = ["selfeval_rules._cli", "rich", "openpyxl", "click"]


def test_all_is_pinned() -> None:
    assert sorted(selfeval_rules.__all__) == PUBLIC_NAMES


def test_all_names_each_name_once() -> None:
    assert len(set(selfeval_rules.__all__)) == len(selfeval_rules.__all__)


@pytest.mark.parametrize("name", PUBLIC_NAMES)
def test_every_public_name_is_importable(name: str) -> None:
    namespace: dict[str, object] = {}
    exec(f"from selfeval_rules import {name}", namespace)  # noqa: S102 - the import statement is the test
    assert namespace[name] is getattr(selfeval_rules, name)


def test_star_import_gives_exactly_the_public_names() -> None:
    namespace: dict[str, object] = {}
    exec("from selfeval_rules import *", namespace)  # noqa: S102
    assert sorted(name for name in namespace if name != "__builtins__") == PUBLIC_NAMES


def test_importing_the_package_pulls_in_no_cli_or_report_dependency(tmp_path: pathlib.Path) -> None:
    # A fresh interpreter, away from the repository root (whose source tree would shadow the install).
    code = "import json, sys, selfeval_rules; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=tmp_path, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8")
    loaded = set(json.loads(done.stdout))
    assert "selfeval_rules" in loaded
    assert sorted(loaded.intersection(CLI_AND_REPORT_MODULES)) == []
