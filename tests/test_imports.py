"""The public face of the package: what `selfeval_rules` exports, its families of names, and what
importing it costs."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

import selfeval_rules
import selfeval_rules.errors
import selfeval_rules.values

# The names a user writes first (at most 15); everything else lives in a public sub-namespace.
PUBLIC_NAMES = [
    "Finding",
    "Form",
    "Policy",
    "Scorecard",
    "SelfEvalError",
    "bundled_policies",
    "check_files",
    "load_form",
    "load_policy",
    "parse_actual",
    "parse_target",
    "read_forms",
    "review",
    "score",
]

VALUE_NAMES = ["Budget", "Comparison", "DateValue", "Deadline", "Delay", "Form", "Indicator", "Op", "Qualitative",
               "Quantity", "Range", "TextValue", "Unit"]
ERROR_NAMES = ["DocumentError", "FormError", "FormulaError", "FormulaSyntaxError", "KindMismatchError", "PolicyError",
               "Problem", "SelfEvalError", "TargetSyntaxError", "TextSyntaxError", "UnitMismatchError"]

# The command line and report dependencies: `import selfeval_rules` must pull in none of them.
CLI_AND_REPORT_MODULES = ["selfeval_rules.cli", "rich", "openpyxl", "click"]


def test_all_is_pinned() -> None:
    assert sorted(selfeval_rules.__all__) == PUBLIC_NAMES


def test_the_face_has_at_most_fifteen_names() -> None:
    assert len(selfeval_rules.__all__) <= 15


@pytest.mark.parametrize("name", PUBLIC_NAMES)
def test_every_public_name_is_importable(name: str) -> None:
    namespace: dict[str, object] = {}
    exec(f"from selfeval_rules import {name}", namespace)  # noqa: S102 - the import statement is the test
    assert namespace[name] is getattr(selfeval_rules, name)


def test_review_is_the_function_even_after_its_package_is_imported() -> None:
    import selfeval_rules.findings  # noqa: F401 - the subpackage must not shadow the function

    assert callable(selfeval_rules.review)


def test_star_import_gives_exactly_the_public_names() -> None:
    namespace: dict[str, object] = {}
    exec("from selfeval_rules import *", namespace)  # noqa: S102
    assert sorted(name for name in namespace if name != "__builtins__") == PUBLIC_NAMES


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Quantity'"):
        selfeval_rules.Quantity  # noqa: B018


@pytest.mark.parametrize("name", VALUE_NAMES)
def test_the_value_family_lives_in_selfeval_rules_values(name: str) -> None:
    assert name in selfeval_rules.values.__all__
    assert getattr(selfeval_rules.values, name).__module__.startswith("selfeval_rules.values")


@pytest.mark.parametrize("name", ERROR_NAMES)
def test_the_error_family_lives_in_selfeval_rules_errors(name: str) -> None:
    error = getattr(selfeval_rules.errors, name)
    assert error is selfeval_rules.errors.Problem or issubclass(error, selfeval_rules.SelfEvalError)


def _modules_after(code: str, cwd: pathlib.Path) -> set[str]:
    done = subprocess.run([sys.executable, "-c", code + "; import json, sys; print(json.dumps(sorted(sys.modules)))"],
                          capture_output=True, cwd=cwd, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8")
    return set(json.loads(done.stdout.decode().splitlines()[-1]))


def test_importing_the_package_pulls_in_no_cli_or_report_dependency(tmp_path: pathlib.Path) -> None:
    # A fresh interpreter, away from the repository root (whose source tree would shadow the install).
    loaded = _modules_after("import selfeval_rules", tmp_path)
    assert "selfeval_rules" in loaded
    assert sorted(loaded.intersection(CLI_AND_REPORT_MODULES)) == []


def test_importing_the_package_loads_nothing_until_a_name_is_used(tmp_path: pathlib.Path) -> None:
    loaded = _modules_after("import selfeval_rules", tmp_path)
    assert sorted(m for m in loaded if m.startswith("selfeval_rules.")) == []
    assert not {"lark", "yaml", "jsonschema"} & loaded


def test_the_scoring_core_runs_without_lark_yaml_or_jsonschema(tmp_path: pathlib.Path) -> None:
    loaded = _modules_after("import selfeval_rules.scoring, selfeval_rules.values, selfeval_rules.findings", tmp_path)
    assert sorted({"lark", "yaml", "jsonschema", "rich", "openpyxl", "argparse"} & loaded) == []
