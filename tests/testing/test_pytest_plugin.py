"""The pytest plugin: a folder of policies tested by plain `pytest`, one item per example, one for the properties.

Each test writes a folder of policies into a pytester directory and runs pytest on it in a
subprocess, where the plugin is loaded by its `pytest11` entry point as in a user's project. The
broken policies are the real files under `tests/fixtures/policies/`; their leading comments say what
is wrong with each.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from selfeval_rules import _shipped
from pathlib import Path

import pytest
import yaml

pytest_plugins = ["pytester"]

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "policies"
BEIJING_TEXT = _shipped.read("policies", "beijing.yaml")
CENTRAL_TEXT = _shipped.read("policies", "central-2020.yaml")
FAST = ("--selfeval-max-examples", "30", "-p", "no:cacheprovider")
# hypothesis' own pytest plugin imports hypothesis at start-up; these runs do not need it.
NO_HYPOTHESIS_PLUGIN = ("-p", "no:hypothesispytest")
SEED_DEADLINE_EXAMPLES = [
    "example[种子表000：5月底前 实际6月 逾期一个月计60%]",
    "example[种子表000：11月底前 实际12月 逾期一个月计60%]",
]


def beijing_examples() -> list[str]:
    return [example["name"] for example in yaml.safe_load(BEIJING_TEXT)["examples"]]


def central_line(text: str) -> int:
    """The 1-based line of the bundled central-2020.yaml that starts with `text`."""
    found = [i + 1 for i, line in enumerate(CENTRAL_TEXT.splitlines()) if line.startswith(text)]
    assert len(found) == 1, f"{text!r} starts {len(found)} lines of central-2020.yaml"
    return found[0]


def fixture_line(name: str, text: str) -> int:
    """The 1-based line of a fixture policy that starts with `text`."""
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    found = [i + 1 for i, line in enumerate(lines) if line.startswith(text)]
    assert len(found) == 1, f"{text!r} starts {len(found)} lines of {name}"
    return found[0]


@pytest.fixture
def policies(pytester: pytest.Pytester) -> Path:
    """An empty `policies/` folder in the pytester directory."""
    folder = pytester.path / "policies"
    folder.mkdir()
    return folder


def add_fixture(folder: Path, name: str) -> None:
    shutil.copy(FIXTURES / name, folder / name)


def outcomes_by_id(result: pytest.RunResult) -> dict[str, str]:
    """`nodeid → PASSED/FAILED/…` from a `-rA` run's short test summary."""
    found: dict[str, str] = {}
    for line in result.outlines:
        for word in ("PASSED", "FAILED", "ERROR", "SKIPPED", "XFAIL", "XPASS"):
            if line.startswith(word + " "):
                nodeid = line[len(word) + 1:].split(" - ", 1)[0]
                found[nodeid] = word
    return found


# --- a good policy ----------------------------------------------------------------------------


def test_a_copy_of_beijing_passes_every_example_and_the_properties(pytester: pytest.Pytester, policies: Path) -> None:
    (policies / "test_policy.yaml").write_text(BEIJING_TEXT, encoding="utf-8")
    # As in a user's project: hypothesis' own pytest plugin is loaded too.
    result = pytester.runpytest_subprocess("--selfeval-policies", "policies", "-rA", *FAST)
    result.assert_outcomes(passed=len(beijing_examples()) + 1)
    # One item per example, named after it, in the file's order; then the properties.
    assert list(outcomes_by_id(result).items()) == [
        *((f"policies/test_policy.yaml::example[{name}]", "PASSED") for name in beijing_examples()),
        ("policies/test_policy.yaml::properties", "PASSED"),
    ]


# --- a changed share --------------------------------------------------------------------------


def test_a_changed_share_fails_exactly_the_examples_that_pin_it(pytester: pytest.Pytester, policies: Path) -> None:
    add_fixture(policies, "my-city.yaml")  # beijing with the deadline band's 0.6 made 0.7 (test_testing.py checks the copy)
    add_fixture(policies, "pays-less-for-better.yaml")
    add_fixture(policies, "rule-never-matches.yaml")
    # -m selfeval_example: the examples only; the three properties items are deselected.
    result = pytester.runpytest_subprocess(
        "--selfeval-policies", "policies", "-rA", "--strict-markers", "-m", "selfeval_example", *FAST, *NO_HYPOTHESIS_PLUGIN
    )
    result.assert_outcomes(passed=len(beijing_examples()) - 2, failed=2, deselected=3)
    outcomes = outcomes_by_id(result)
    assert sorted(nodeid for nodeid, outcome in outcomes.items() if outcome == "FAILED") == sorted(
        f"policies/my-city.yaml::{name}" for name in SEED_DEADLINE_EXAMPLES
    )
    assert not any(nodeid.endswith("::properties") for nodeid in outcomes)
    # The failure says where the example is, what differed and how the row scored; no traceback.
    result.stdout.fnmatch_lines([
        "*my-city.yaml::example[[]种子表000：5月底前 实际6月 逾期一个月计60%[]]*",
        "policies/my-city.yaml:*:5: $.examples[[]1[]]",
        "✗ my-city：示例“种子表000：5月底前 实际6月 逾期一个月计60%”未通过",
        "  - 得分应为 3.00，实际为 3.50",
        "*计分过程：*落在分档 (0, 1]，得分比例 70.00%；得分 3.50 / 5（70.00%）",
    ])
    assert "Traceback" not in result.stdout.str() and "site-packages" not in result.stdout.str()


# --- broken properties ------------------------------------------------------------------------


def test_a_band_table_that_pays_less_for_better_fails_the_properties_item(pytester: pytest.Pytester, policies: Path) -> None:
    add_fixture(policies, "pays-less-for-better.yaml")
    result = pytester.runpytest_subprocess("--selfeval-policies", "policies", "-rA", *FAST, *NO_HYPOTHESIS_PLUGIN)
    result.assert_outcomes(failed=1)
    assert outcomes_by_id(result) == {"policies/pays-less-for-better.yaml::properties": "FAILED"}
    result.stdout.fnmatch_lines([
        "*pays-less-for-better.yaml::properties*",
        "pays-less-for-better: property 'monotonic-*' fails: *scores 5.00 but the worse * scores 8.00",
        "  counter-example: {'target': '*', 'actuals': [[]'*', '*'[]]}",
    ])
    assert "Traceback" not in result.stdout.str() and "site-packages" not in result.stdout.str()


def test_a_rule_that_never_matches_fails_the_properties_item_naming_the_property(pytester: pytest.Pytester, policies: Path) -> None:
    add_fixture(policies, "rule-never-matches.yaml")
    result = pytester.runpytest_subprocess("--selfeval-policies", "policies", "-rA", *FAST, *NO_HYPOTHESIS_PLUGIN)
    result.assert_outcomes(failed=1)
    assert outcomes_by_id(result) == {"policies/rule-never-matches.yaml::properties": "FAILED"}
    result.stdout.fnmatch_lines([
        "rule-never-matches: property 'every-rule-matches' fails: rule 'headcount-percent' never scores a row meant for it*",
        "  counter-example: {*'target': '*人'*}",
    ])


# --- a policy that does not load --------------------------------------------------------------


def test_a_policy_that_does_not_load_is_one_failing_item_listing_every_problem(pytester: pytest.Pytester, policies: Path) -> None:
    add_fixture(policies, "invalid.yaml")
    # Selected under either marker: a broken policy fails whichever part of it you ask for.
    result = pytester.runpytest_subprocess(
        "--selfeval-policies", "policies", "-rA", "--strict-markers", "-m", "selfeval_properties", *FAST, *NO_HYPOTHESIS_PLUGIN
    )
    result.assert_outcomes(failed=1)
    assert outcomes_by_id(result) == {"policies/invalid.yaml::load": "FAILED"}
    source = fixture_line("invalid.yaml", "    source: nowhere")
    budget = fixture_line("invalid.yaml", "  score: weight * min(spent")
    bands = fixture_line("invalid.yaml", "        - {when: \"(0, 1]\"")
    result.stdout.fnmatch_lines([
        "*invalid.yaml::load*",
        f"policies/invalid.yaml:{source}:13: $.rules[[]0[]].source: 依据 'nowhere' 未在 sources 中列出*",
        f"policies/invalid.yaml:{budget}:10: $.budget.score: 未知的名称 'spent'*",
        f"policies/invalid.yaml:{bands}:9: $.rules[[]0[]].unmet.bands: 分档在 2 处有空缺*",
        f"central-2020.yaml:{central_line('  - id: deadline')}:5: $.rules[[]4[]]: 规则 'deadline' 永远不会匹配*",
    ])
    assert "Traceback" not in result.stdout.str() and "PolicyError" not in result.stdout.str()


# --- what is collected ------------------------------------------------------------------------


def test_nothing_is_collected_from_yaml_without_the_option(pytester: pytest.Pytester, policies: Path) -> None:
    (policies / "test_policy.yaml").write_text(BEIJING_TEXT, encoding="utf-8")
    add_fixture(policies, "invalid.yaml")
    pytester.makepyfile(test_plain="def test_plain():\n    pass\n")
    result = pytester.runpytest_subprocess("-rA", *FAST, *NO_HYPOTHESIS_PLUGIN)
    result.assert_outcomes(passed=1)
    assert outcomes_by_id(result) == {"test_plain.py::test_plain": "PASSED"}


def test_the_ini_option_adds_its_folders_to_testpaths_and_leaves_other_yaml_alone(pytester: pytest.Pytester, policies: Path) -> None:
    add_fixture(policies, "invalid.yaml")
    (policies / "notes.txt").write_text("not a policy\n", encoding="utf-8")
    pytester.makeini("[pytest]\ntestpaths = tests other\nselfeval_policies = policies\nselfeval_lang = en\n")
    tests = pytester.mkpydir("tests")
    (tests / "test_plain.py").write_text("def test_plain():\n    pass\n", encoding="utf-8")
    other = pytester.mkdir("other")
    add_fixture(other, "pays-less-for-better.yaml")
    (other / "form.yml").write_text("project: x\n", encoding="utf-8")
    result = pytester.runpytest_subprocess("-rA", *FAST, *NO_HYPOTHESIS_PLUGIN)
    assert outcomes_by_id(result) == {"tests/test_plain.py::test_plain": "PASSED", "policies/invalid.yaml::load": "FAILED"}
    result.stdout.fnmatch_lines(["policies/invalid.yaml:*:10: $.budget.score: unknown name 'spent'; the names available here are *"])


def test_a_policy_folder_that_does_not_exist_is_a_usage_error(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--selfeval-policies", "polcies", *FAST, *NO_HYPOTHESIS_PLUGIN)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*selfeval_policies: no such folder: */polcies"])


def test_explicit_paths_on_the_command_line_win_over_the_ini_folders(pytester: pytest.Pytester, policies: Path) -> None:
    add_fixture(policies, "invalid.yaml")
    add_fixture(policies, "pays-less-for-better.yaml")
    pytester.makeini("[pytest]\nselfeval_policies = policies\n")
    pytester.makepyfile(test_plain="def test_plain():\n    pass\n")
    result = pytester.runpytest_subprocess("-rA", "test_plain.py", "policies/invalid.yaml", *FAST, *NO_HYPOTHESIS_PLUGIN)
    assert outcomes_by_id(result) == {"test_plain.py::test_plain": "PASSED", "policies/invalid.yaml::load": "FAILED"}


# --- cost of loading --------------------------------------------------------------------------


def test_importing_the_plugin_does_not_import_hypothesis(tmp_path: Path) -> None:
    code = "import json, sys, selfeval_rules.testing.plugin; print(json.dumps('hypothesis' in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=tmp_path, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8")
    assert json.loads(done.stdout) is False
