"""Policies load, inherit and merge, or are refused at load with every problem by file, line and JSON path.

Broken policies are small children of central-2020 written to a temporary folder: `child()` builds a
valid one and each case changes one thing. `{file}` in a table stands for the written file's path; a line
in central-2020.yaml is found by its text, so that editing the bundled file moves no expectation.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from selfeval_rules import _shipped
from pathlib import Path
from typing import Any

import pytest

from selfeval_rules import Policy, SelfEvalError, bundled_policies, load_policy
from selfeval_rules.errors import PolicyError, Problem
from selfeval_rules.policy import ZERO, Banded, Graded, Share

CENTRAL_TEXT = _shipped.read("policies", "central-2020.yaml")
CENTRAL_RULE_IDS = ["text-answer", "reverse", "positive", "deadline", "qualitative"]


def central_line(text: str) -> int:
    """The 1-based line of central-2020.yaml that starts with `text`."""
    lines = CENTRAL_TEXT.splitlines()
    found = [i + 1 for i, line in enumerate(lines) if line.startswith(text)]
    assert len(found) == 1, f"{text!r} starts {len(found)} lines of central-2020.yaml"
    return found[0]


REVERSE = central_line("  - id: reverse")
DEADLINE = central_line("  - id: deadline")
CENTRAL_ROOT = central_line("name: central-2020")
QUALITATIVE_GRADES = central_line("  grades:") + 1  # the mapping starts on its first key

# Lines 8 to 11 of every child; `top` starts on line 12.
OUTPUT_RULE = """\
  - id: output
    source: local
    when: {kind: comparison, level1: 产出指标}
    unmet: ratio
"""


def child(rules: str = OUTPUT_RULE, *, top: str = "", name: str = "child", extends: str = "central-2020") -> str:
    """A small valid policy extending central-2020: its rules start on line 8, `top` follows them."""
    return (
        f"name: {name}\n"
        f"extends: {extends}\n"
        "title: 测试规则\n"
        'version: "1"\n'
        "sources:\n"
        "  local: 测试用依据\n"
        + (f"rules:\n{rules}" if rules else "")
        + top
    )


def central_copy(*replacements: tuple[str, str]) -> str:
    """The text of central-2020.yaml, standing alone, with each (old, new) applied in turn; each old occurs once."""
    text = CENTRAL_TEXT
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def written(folder: Path, text: str, name: str = "child.yaml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def refused(source: Any, lang: str = "zh") -> PolicyError:
    with pytest.raises(PolicyError) as caught:
        load_policy(source, lang=lang)  # type: ignore[arg-type]
    return caught.value


def central_document() -> dict[str, Any]:
    """central-2020 as plain data, to build policies given as mappings."""
    return dict(load_policy("central-2020").document)


# --- the bundled policies -------------------------------------------------------------------------


BUNDLED = ["beijing", "central-2020", "hubei-2020", "sichuan-2023", "transfer-targets"]


def test_lists_the_bundled_policies() -> None:
    assert bundled_policies() == BUNDLED


@pytest.mark.parametrize("name", ["central-2020", "beijing"])
def test_loads_each_bundled_policy(name: str) -> None:
    policy = load_policy(name)

    assert isinstance(policy, Policy)
    assert policy.name == name
    assert policy.source == f"{name}.yaml"
    assert [r.id for r in policy.rules] == CENTRAL_RULE_IDS
    assert (policy.places, policy.rounding, policy.equal_targets) == (2, "half-up", "at_least")
    assert [(g.label, g.minimum) for g in policy.grades] == [("优", 90), ("良", 80), ("中", 60), ("差", 0)]


def test_the_default_policy_is_central_2020() -> None:
    assert load_policy().name == "central-2020"


def test_central_2020_reads_its_numbers_as_decimals() -> None:
    policy = load_policy("central-2020")

    assert policy.version == "2020.1"
    assert (policy.effective_from, policy.effective_to) == (2020, None)
    assert policy.weights.total == Decimal(100)
    assert policy.weights.budget == Decimal(10)
    assert dict(policy.weights.level1) == {"产出指标": Decimal(50), "效益指标": Decimal(30), "满意度指标": Decimal(10)}
    defaults = {key: spec.default for key, spec in policy.qualitative.grades.items()}
    assert defaults == {"met": Decimal(1), "partly": Decimal("0.7"), "not_met": Decimal("0.3")}
    assert all(type(d) is Decimal for d in defaults.values())
    assert policy.budget_score.text == "weight * min(rate, 1)"
    assert policy.budget_score({"weight": Decimal(10), "rate": Decimal("0.9706")}) == Decimal("9.706")


def test_beijing_replaces_centrals_deadline_rule_in_place() -> None:
    central, beijing = load_policy("central-2020"), load_policy("beijing")

    assert [r.id for r in beijing.rules] == [r.id for r in central.rules]
    central_deadline, beijing_deadline = central.rules[3], beijing.rules[3]
    assert beijing_deadline.id == "deadline"
    assert (beijing_deadline.source, beijing_deadline.status) == ("seed-000", "inferred")
    assert central_deadline.unmet == Graded("partly")
    assert isinstance(beijing_deadline.unmet, Banded)
    assert beijing_deadline.unmet.on == "delay_months"
    assert [str(b.interval) for b in beijing_deadline.unmet.bands] == ["(0, 1]", "(1, inf)"]
    assert isinstance(beijing_deadline.unmet.bands[0].outcome, Share)
    assert beijing_deadline.unmet.bands[0].outcome.formula({}) == Decimal("0.6")
    assert beijing_deadline.unmet.bands[1].outcome == Graded("not_met")


def test_beijing_inherits_centrals_other_rules_unchanged() -> None:
    central, beijing = load_policy("central-2020"), load_policy("beijing")

    for mine, theirs in zip(beijing.rules, central.rules):
        if mine.id != "deadline":
            assert (mine.when, mine.source, mine.title, mine.infer_grade) == (theirs.when, theirs.source, theirs.title, theirs.infer_grade)


def test_beijing_scores_partly_met_at_0_6_where_central_says_0_7() -> None:
    central, beijing = load_policy("central-2020"), load_policy("beijing")

    assert central.qualitative.grades["partly"].default == Decimal("0.7")
    assert beijing.qualitative.grades["partly"].default == Decimal("0.6")
    assert beijing.qualitative.grades["met"] == central.qualitative.grades["met"]
    assert beijing.qualitative.grades["not_met"] == central.qualitative.grades["not_met"]
    assert beijing.qualitative.signals == central.qualitative.signals


def test_beijing_merges_its_sources_with_centrals() -> None:
    central, beijing = load_policy("central-2020"), load_policy("beijing")

    assert list(central.sources) == ["caiyu-2020-10", "practice", "convention"]
    assert list(beijing.sources) == ["caiyu-2020-10", "practice", "convention", "jingcai-2020-2146", "seed-000", "seed-004"]
    assert beijing.sources["caiyu-2020-10"] == central.sources["caiyu-2020-10"]


def test_beijing_keeps_its_own_header() -> None:
    beijing = load_policy("beijing")

    assert (beijing.name, beijing.version) == ("beijing", "2023.1")
    assert beijing.title == "北京市项目支出绩效自评（京财绩效〔2020〕2146号）"
    assert beijing.document["extends"] == "central-2020"


def test_an_unknown_bundled_name_lists_the_bundled_policies() -> None:
    known = ", ".join(BUNDLED)
    assert str(refused("shanghai")) == f"shanghai: $: 'shanghai' 既不是内置规则也不是文件；内置规则有：{known}"
    assert str(refused("shanghai", "en")) == f"shanghai: $: 'shanghai' is neither a bundled policy nor a file; the bundled policies are {known}"


def test_a_missing_policy_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"

    assert str(refused(path, "en")) == f"{path}: $: no such file"


# --- children -------------------------------------------------------------------------------------


def test_a_child_of_central_puts_its_new_rules_first(tmp_path: Path) -> None:
    policy = load_policy(written(tmp_path, child()))

    assert [r.id for r in policy.rules] == ["output", *CENTRAL_RULE_IDS]
    assert [r.index for r in policy.rules] == [0, 1, 2, 3, 4, 5]
    assert policy.rules[0].source == "local"
    assert list(policy.sources) == ["caiyu-2020-10", "practice", "convention", "local"]
    assert policy.source == str(tmp_path / "child.yaml")


def test_a_child_of_beijing_inherits_beijing_and_central(tmp_path: Path) -> None:
    text = child(
        rules="",
        name="chaoyang",
        extends="beijing",
        top='qualitative:\n  grades:\n    not_met: {band: "[0, 0.6)", default: 0.2, source: local}\n',
    )
    policy = load_policy(written(tmp_path, text))

    assert policy.name == "chaoyang"
    assert [r.id for r in policy.rules] == CENTRAL_RULE_IDS
    assert isinstance(policy.rules[3].unmet, Banded)
    defaults = {key: spec.default for key, spec in policy.qualitative.grades.items()}
    assert defaults == {"met": Decimal(1), "partly": Decimal("0.6"), "not_met": Decimal("0.2")}
    assert list(policy.sources) == ["caiyu-2020-10", "practice", "convention", "jingcai-2020-2146", "seed-000", "seed-004", "local"]


def test_a_relative_extends_is_read_from_the_childs_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    written(tmp_path / "policies", child(name="parent", extends="beijing"), "parent.yaml")
    grandchild = written(
        tmp_path / "policies",
        child('  - id: deadline\n    when: {kind: deadline, actual: date}\n    unmet: zero\n', name="grandchild", extends="./parent.yaml"),
    )
    monkeypatch.chdir(tmp_path)  # not the policies' folder

    policy = load_policy(grandchild)

    assert [r.id for r in policy.rules] == ["output", *CENTRAL_RULE_IDS]
    assert policy.rules[4].unmet == ZERO
    assert policy.qualitative.grades["partly"].default == Decimal("0.6")
    assert policy.document["extends"] == "./parent.yaml"


def test_a_problem_in_a_parents_rule_is_located_in_the_parents_file(tmp_path: Path) -> None:
    parent = written(
        tmp_path,
        child('  - id: cost\n    when: {kind: comparison, level1: 成本指标}\n    unmet: zero\n', name="parent"),
        "parent.yaml",
    )
    path = written(
        tmp_path,
        child('  - id: cost-all\n    when: {kind: comparison, level1: [成本指标, 产出指标]}\n    unmet: zero\n', extends="./parent.yaml"),
    )

    error = refused(path)

    assert str(error).splitlines() == [f"{parent}:8:5: $.rules[1]: 规则 'cost' 永远不会匹配：前面的规则 'cost-all' 已覆盖它的所有情形"]
    assert error.problems[0].file == str(parent)
    assert error.source == str(path)


def test_a_policy_extending_itself_by_name_is_refused(tmp_path: Path) -> None:
    path = written(tmp_path, child(name="loop", extends="loop"))

    assert str(refused(path)) == f"{path}:2:10: $.extends: 继承关系成环：loop → loop"
    assert str(refused(path, "en")) == f"{path}:2:10: $.extends: extends goes round in a circle: loop → loop"


def test_a_cycle_through_files_is_refused_naming_the_chain(tmp_path: Path) -> None:
    written(tmp_path, child(name="a", extends="./b.yaml"), "a.yaml")
    written(tmp_path, child(name="b", extends="./a.yaml"), "b.yaml")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(300)  # while the cycle goes undetected, fail fast rather than 1000 frames deep
    try:
        error = refused(tmp_path / "a.yaml")
    finally:
        sys.setrecursionlimit(limit)

    assert "继承关系成环" in str(error)
    assert "a" in error.problems[0].message and "b" in error.problems[0].message


def test_a_cycle_back_to_a_name_names_every_policy_on_the_way(tmp_path: Path) -> None:
    written(tmp_path, child(name="a", extends="./b.yaml"), "a.yaml")
    b = written(tmp_path, child(name="b", extends="a"), "b.yaml")

    error = refused(tmp_path / "a.yaml")

    assert str(error) == f"{b}:2:10: $.extends: 继承关系成环：a → b → a"


def test_an_unknown_parent_name_lists_the_bundled_policies(tmp_path: Path) -> None:
    path = written(tmp_path, child(extends="shanghai"))

    assert "'shanghai' 既不是内置规则也不是文件；内置规则有：beijing, central-2020" in str(refused(path))


# --- policies given as mappings -------------------------------------------------------------------


def test_loads_a_policy_given_as_a_mapping() -> None:
    policy = load_policy({**central_document(), "name": "copy", "title": "副本"})

    assert (policy.name, policy.title, policy.source) == ("copy", "副本", "<mapping>")
    assert [r.id for r in policy.rules] == CENTRAL_RULE_IDS


def test_a_mapping_may_extend_a_bundled_policy_with_python_floats() -> None:
    policy = load_policy(
        {
            "name": "m",
            "extends": "beijing",
            "title": "映射",
            "version": "1",
            "qualitative": {"grades": {"partly": {"band": "[0.6, 0.8)", "default": 0.65}}},
        }
    )

    assert policy.qualitative.grades["partly"].default == Decimal("0.65")
    assert type(policy.qualitative.grades["partly"].default) is Decimal
    assert isinstance(policy.rules[3].unmet, Banded)


def test_a_mapping_problem_names_the_mapping() -> None:
    rules = [{"id": "weighted", "when": {"kind": "comparison"}, "unmet": {"score": "ratio * wieght"}}, *central_document()["rules"]]

    error = refused({**central_document(), "rules": rules}, "en")

    assert str(error).splitlines() == [
        "<mapping>: $.rules[0].unmet.score: unknown name 'wieght'; the names available here are actual, ratio, target, weight",
        "<mapping>: $.rules[2]: rule 'reverse' can never match: the earlier rule 'weighted' catches every row it would",
    ]


def test_a_mapping_missing_required_keys_lists_them_all() -> None:
    error = refused({"name": "bare"}, "en")

    missing = ["title", "version", "effective", "sources", "rounding", "budget", "rules", "qualitative", "weights", "grades"]
    assert str(error).splitlines() == [f"<mapping>: $: {key!r} is a required property" for key in missing]


def test_a_mapping_extending_a_bundled_policy_locates_its_own_mistakes_in_the_mapping() -> None:
    error = refused({"name": "m", "extends": "central-2020", "title": "M", "version": "1", "budget": {"score": "weight * min(rat, 1)"}})

    assert str(error) == "<mapping>: $.budget.score: 未知的名称 'rat'，可用的名称：annual, executed, rate, weight"


# --- broken children, one change each -------------------------------------------------------------

# (text of child.yaml, problem lines in Chinese)
BROKEN_CHILDREN = [
    pytest.param(
        child("  - id: weighted\n    when: {kind: comparison, level1: 产出指标}\n    unmet: {score: ratio * wieght}\n"),
        ["{file}:10:20: $.rules[0].unmet.score: 未知的名称 'wieght'，可用的名称：actual, ratio, target, weight"],
        id="unknown-name-in-formula",
    ),
    pytest.param(
        child('  - id: late\n    when: {kind: deadline, level1: 产出指标}\n    unmet: {score: "weight * ratio"}\n'),
        ["{file}:10:20: $.rules[0].unmet.score: 未知的名称 'ratio'，可用的名称：delay_days, delay_months, weight"],
        id="ratio-in-a-deadline-formula",
    ),
    pytest.param(
        child('  - id: broken\n    when: {kind: comparison, level1: 产出指标}\n    unmet: {score: "weight ** ratio"}\n'),
        [
            "{file}:10:20: $.rules[0].unmet.score: 公式或区间无法解析：'weight ** ratio': 第9列的 '*' 不应出现在这里"
            " ⏎     weight ** ratio ⏎             ^"
        ],
        id="formula-syntax-error-with-caret",
    ),
    pytest.param(
        child('  - id: broken\n    when: {kind: comparison, level1: 产出指标}\n    unmet: {score: "weight * (ratio"}\n'),
        [
            "{file}:10:20: $.rules[0].unmet.score: 公式或区间无法解析：'weight * (ratio': 在第16列意外结束"
            " ⏎     weight * (ratio ⏎                    ^"
        ],
        id="formula-ends-too-soon",
    ),
    pytest.param(
        child('  - id: broken\n    when: {kind: comparison, level1: 产出指标}\n    unmet: {score: "weight * round(ratio)"}\n'),
        [
            "{file}:10:20: $.rules[0].unmet.score: 公式或区间无法解析：'weight * round(ratio)': 未知的函数 'round'，"
            "可用的函数：abs, clamp, max, min ⏎     weight * round(ratio) ⏎              ^"
        ],
        id="unknown-function",
    ),
    pytest.param(
        child(
            "  - id: banded\n    when: {kind: comparison, level1: 产出指标}\n    unmet:\n      on: ratio\n      bands:\n"
            '        - {when: "[0, 0.5)", share: 0}\n        - {when: "[0.6, 1]", share: ratio}\n'
        ),
        ["{file}:13:9: $.rules[0].unmet.bands: 分档在 0.5 处有空缺（应覆盖 [0, 1]）"],
        id="bands-with-a-gap",
    ),
    pytest.param(
        child(
            "  - id: banded\n    when: {kind: comparison, level1: 产出指标}\n    unmet:\n      on: ratio\n      bands:\n"
            '        - {when: "[0, 0.6]", share: 0}\n        - {when: "[0.6, 1]", share: ratio}\n'
        ),
        ["{file}:13:9: $.rules[0].unmet.bands: 分档在 0.6 处重叠"],
        id="bands-overlapping",
    ),
    pytest.param(
        child(
            "  - id: banded\n    when: {kind: comparison, level1: 产出指标}\n    met:\n      on: ratio\n      bands:\n"
            '        - {when: "[1, 1.2)", share: 1}\n    unmet: ratio\n'
        ),
        ["{file}:13:9: $.rules[0].met.bands: 分档在 1.2 处有空缺（应覆盖 [1, inf)）"],
        id="met-bands-stopping-short-of-infinity",
    ),
    pytest.param(
        child(
            "  - id: banded\n    when: {kind: comparison, level1: 产出指标}\n    unmet:\n      on: ratio\n      bands:\n"
            '        - {when: "[0, 0.6)", share: 0}\n        - {when: "[1, 0.6]", share: ratio}\n'
        ),
        [
            "{file}:14:18: $.rules[0].unmet.bands[1].when: 公式或区间无法解析：'[1, 0.6]': 区间下限 1 大于上限 0.6"
            " ⏎     [1, 0.6] ⏎     ^",
            "{file}:13:9: $.rules[0].unmet.bands: 分档在 0 处重叠",
        ],
        id="interval-low-above-high",
    ),
    pytest.param(
        child("  - id: late\n    when: {kind: deadline, actual: date, level1: 产出指标}\n    unmet: ratio\n"),
        ["{file}:10:12: $.rules[0].unmet: ratio（完成比例）只适用于 comparison 和 range 指标，此规则还适用于 deadline"],
        id="unmet-ratio-on-a-deadline-rule",
    ),
    pytest.param(
        child(
            "  - id: late\n    when: {kind: comparison, level1: 产出指标}\n    unmet:\n      on: delay_months\n      bands:\n"
            '        - {when: "(0, inf)", share: 0}\n'
        ),
        ["{file}:11:11: $.rules[0].unmet.on: 按 delay_months 分档不适用于 comparison 指标"],
        id="delay-bands-on-a-comparison-rule",
    ),
    pytest.param(
        child(
            "  - id: late\n    when: {kind: deadline, level1: 产出指标}\n    met:\n      on: delay_days\n      bands:\n"
            '        - {when: "(0, inf)", share: 1}\n    unmet: zero\n'
        ),
        ["{file}:11:11: $.rules[0].met.on: 按 delay_days 分档不能用于 met"],
        id="delay-bands-when-met",
    ),
    pytest.param(
        child("  - id: odd\n    when: {kind: deadline, op: ge}\n    unmet: zero\n"),
        ["{file}:9:11: $.rules[0].when: 规则 'odd' 的条件互相矛盾，永远不会匹配（如 op 只适用于 comparison 指标）"],
        id="op-contradicts-kind-deadline",
    ),
    pytest.param(
        child(OUTPUT_RULE + "  - id: output-ge\n    when: {kind: comparison, level1: 产出指标, op: ge}\n    unmet: zero\n"),
        ["{file}:12:5: $.rules[1]: 规则 'output-ge' 永远不会匹配：前面的规则 'output' 已覆盖它的所有情形"],
        id="rule-shadowed-by-an-earlier-one",
    ),
    pytest.param(
        child("  - id: cheap\n    when: {kind: comparison, op: [le, lt]}\n    unmet: zero\n"),
        [f"central-2020.yaml:{REVERSE}:5: $.rules[2]: 规则 'reverse' 永远不会匹配：前面的规则 'cheap' 已覆盖它的所有情形"],
        id="parent-rule-shadowed-by-a-child-rule",
    ),
    pytest.param(
        child("  - id: dated\n    when: {kind: deadline, actual: date}\n    unmet: zero\n"),
        [f"central-2020.yaml:{DEADLINE}:5: $.rules[4]: 规则 'deadline' 永远不会匹配：前面的规则 'dated' 已覆盖它的所有情形"],
        id="parent-rule-shadowed-under-another-id",
    ),
    pytest.param(
        child(
            "  - id: twin\n    when: {kind: comparison, level1: 产出指标}\n    unmet: ratio\n"
            "  - id: twin\n    when: {kind: comparison, level1: 效益指标}\n    unmet: ratio\n"
        ),
        ["{file}:11:9: $.rules[1].id: 规则编号 'twin' 与第 1 条重复"],
        id="duplicate-rule-ids",
    ),
    pytest.param(
        child("  - id: lazy\n    when: {kind: comparison, level1: 产出指标}\n    met: full\n"),
        ["{file}:8:5: $.rules[0]: 规则 'lazy' 缺少 unmet（未达到目标时如何计分）"],
        id="rule-without-unmet",
    ),
    pytest.param(
        child("  - id: both\n    when: {kind: comparison, actual: text, level1: 产出指标}\n    grade: infer\n    met: full\n"),
        ["{file}:8:5: $.rules[0]: 规则 'both' 已按定性等级计分（grade: infer），不能再写 met / unmet"],
        id="grade-infer-with-met",
    ),
    pytest.param(
        child("  - id: words\n    when: {kind: qualitative, level1: 产出指标}\n    unmet: zero\n"),
        ["{file}:9:11: $.rules[0].when: 规则 'words' 适用于定性指标，须写 grade: infer"],
        id="qualitative-rule-without-grade-infer",
    ),
    pytest.param(
        child(top='qualitative:\n  grades:\n    partly: {band: "[0.6, 0.8)", default: 0.9}\n'),
        ["{file}:14:43: $.qualitative.grades.partly.default: 默认比例 0.9 不在本等级区间 [0.6, 0.8) 内"],
        id="qualitative-default-outside-its-band",
    ),
    pytest.param(
        child(top='qualitative:\n  grades:\n    partly: {band: "[0.6, 0.75)", default: 0.7}\n'),
        ["{file}:14:5: $.qualitative.grades: 分档在 0.75 处有空缺（应覆盖 [0, 1]）"],
        id="qualitative-bands-with-a-gap",
    ),
    pytest.param(
        child(top="grades:\n  - {grade: 差, min: 0}\n  - {grade: 优, min: 90}\n"),
        ["{file}:13:3: $.grades: 等级须按分数线从高到低排列且不重复"],
        id="grades-not-best-first",
    ),
    pytest.param(
        child(top="grades:\n  - {grade: 优, min: 90}\n  - {grade: 良, min: 90}\n  - {grade: 差, min: 0}\n"),
        ["{file}:13:3: $.grades: 等级须按分数线从高到低排列且不重复"],
        id="grades-with-equal-minimums",
    ),
    pytest.param(
        child(top="grades:\n  - {grade: 优, min: 90}\n  - {grade: 良, min: 60}\n"),
        ["{file}:14:21: $.grades[1].min: 最低等级的分数线应为 0，而不是 60"],
        id="lowest-grade-above-zero",
    ),
    pytest.param(
        child(OUTPUT_RULE.replace("source: local", "source: nowhere")),
        ["{file}:9:13: $.rules[0].source: 依据 'nowhere' 未在 sources 中列出（已有：caiyu-2020-10, practice, convention, local）"],
        id="source-not-listed",
    ),
    pytest.param(
        child(top="budget: {score: weight * min(rate; 1), source: nowhere}\n"),
        [
            "{file}:12:48: $.budget.source: 依据 'nowhere' 未在 sources 中列出（已有：caiyu-2020-10, practice, convention, local）",
            "{file}:12:17: $.budget.score: 公式或区间无法解析：'weight * min(rate; 1)': 第18列的字符 ';' 无法识别"
            " ⏎     weight * min(rate; 1) ⏎                      ^",
        ],
        id="budget-source-not-listed-and-formula-broken",
    ),
    pytest.param(
        child('  - id: named\n    when: {kind: comparison, level1: 产出指标, name: "满意度("}\n    unmet: ratio\n'),
        ["{file}:9:50: $.rules[0].when.name: 正则表达式 '满意度(' 无效：missing ), unterminated subpattern at position 3"],
        id="invalid-regular-expression",
    ),
    pytest.param(
        child("  - when: {kind: comparison, level1: 产出指标}\n    unmet: ratio\n"),
        ["{file}:8:5: $.rules[0]: 缺少必填项 'id'"],
        id="rule-without-id",
    ),
    pytest.param(
        child(OUTPUT_RULE.replace("id: output", "id: Output Rule")),
        ["{file}:8:9: $.rules[0].id: 'Output Rule' 格式不对（应匹配 '^[a-z0-9][a-z0-9_-]*$'）"],
        id="rule-id-with-capitals-and-space",
    ),
    pytest.param(
        child(name="Child Policy"),
        ["{file}:1:7: $.name: 'Child Policy' 格式不对（应匹配 '^[a-z0-9][a-z0-9_-]*$'）"],
        id="policy-name-with-capitals-and-space",
    ),
    pytest.param(
        child(OUTPUT_RULE.replace("    when:", "    wen:")),
        ["{file}:10:5: $.rules[0].wen: 不认识的键 'wen'（是不是 'when'？）"],
        id="unknown-key-in-a-rule",
    ),
    pytest.param(
        child(OUTPUT_RULE.replace("unmet: ratio", "unmet: half")),
        ["{file}:11:12: $.rules[0].unmet: 'half' 不是可选值 ['full', 'zero', 'ratio'] 之一"],
        id="unknown-outcome-shorthand",
    ),
    pytest.param(
        child(top="colour: blue\n"),
        ["{file}:12:1: $.colour: 不认识的键 'colour'"],
        id="unknown-top-level-key",
    ),
    pytest.param(
        child(OUTPUT_RULE + "  - id: output\n    when: {kind: comparison, level1: 效益指标}\n    unmet: ratio\n"),
        ["{file}:12:9: $.rules[1].id: 规则编号 'output' 与第 1 条重复"],
        id="duplicate-new-rule-ids",
    ),
    pytest.param(
        child("  - id: deadline\n    when: {kind: deadline, actual: date}\n    unmet: zero\n"
              "  - id: deadline\n    when: {kind: deadline, actual: date}\n    unmet: {grade: not_met}\n"),
        # the first copy replaces central's deadline rule in place (merged index 4), the second goes
        # first (index 0): both are reported, at the first copy's line
        [
            "{file}:8:9: $.rules[4].id: 规则编号 'deadline' 与第 1 条重复",
            "{file}:8:5: $.rules[4]: 规则 'deadline' 永远不会匹配：前面的规则 'deadline' 已覆盖它的所有情形",
        ],
        id="duplicate-ids-replacing-a-parent-rule",
    ),
]


@pytest.mark.parametrize(("text", "zh"), BROKEN_CHILDREN)
def test_refuses_broken_child_with_exact_problems(tmp_path: Path, text: str, zh: list[str]) -> None:
    path = written(tmp_path, text)

    error = refused(path)

    assert str(error).splitlines() == [line.format(file=path) for line in zh]


def test_the_child_helper_builds_a_valid_policy(tmp_path: Path) -> None:
    assert load_policy(written(tmp_path, child())).name == "child"


# A few of the same in English: (text of child.yaml, problem lines in English)
BROKEN_CHILDREN_EN = [
    pytest.param(
        child("  - id: weighted\n    when: {kind: comparison, level1: 产出指标}\n    unmet: {score: ratio * wieght}\n"),
        ["{file}:10:20: $.rules[0].unmet.score: unknown name 'wieght'; the names available here are actual, ratio, target, weight"],
        id="unknown-name-in-formula",
    ),
    pytest.param(
        child('  - id: broken\n    when: {kind: comparison, level1: 产出指标}\n    unmet: {score: "weight * round(ratio)"}\n'),
        [
            "{file}:10:20: $.rules[0].unmet.score: formula or interval does not parse: 'weight * round(ratio)': "
            "unknown function 'round'; the functions are abs, clamp, max, min ⏎     weight * round(ratio) ⏎              ^"
        ],
        id="unknown-function",
    ),
    pytest.param(
        child(
            "  - id: banded\n    when: {kind: comparison, level1: 产出指标}\n    unmet:\n      on: ratio\n      bands:\n"
            '        - {when: "[0, 0.6)", share: 0}\n        - {when: "(0.6, 1]", share: ratio}\n'
        ),
        ["{file}:13:9: $.rules[0].unmet.bands: the bands leave a gap at 0.6 (they must cover [0, 1])"],
        id="bands-open-at-both-sides-of-a-point",
    ),
    pytest.param(
        child("  - id: cheap\n    when: {kind: comparison, op: [le, lt]}\n    unmet: zero\n"),
        [f"central-2020.yaml:{REVERSE}:5: $.rules[2]: rule 'reverse' can never match: the earlier rule 'cheap' catches every row it would"],
        id="parent-rule-shadowed-by-a-child-rule",
    ),
    pytest.param(
        child("  - id: odd\n    when: {kind: deadline, op: ge}\n    unmet: zero\n"),
        ["{file}:9:11: $.rules[0].when: rule 'odd' contradicts itself and can never match (op, for one, only applies to comparison targets)"],
        id="op-contradicts-kind-deadline",
    ),
    pytest.param(
        child(OUTPUT_RULE.replace("source: local", "source: nowhere")),
        ["{file}:9:13: $.rules[0].source: the source 'nowhere' is not listed in sources (caiyu-2020-10, practice, convention, local)"],
        id="source-not-listed",
    ),
    pytest.param(
        child("  - when: {kind: comparison, level1: 产出指标}\n    unmet: ratio\n"),
        ["{file}:8:5: $.rules[0]: 'id' is a required property"],
        id="rule-without-id",
    ),
]


@pytest.mark.parametrize(("text", "en"), BROKEN_CHILDREN_EN)
def test_refuses_broken_child_with_exact_english_problems(tmp_path: Path, text: str, en: list[str]) -> None:
    path = written(tmp_path, text)

    error = refused(path, "en")

    assert str(error).splitlines() == [line.format(file=path) for line in en]


# --- broken policies that stand alone (a copy of central-2020.yaml) --------------------------------

BROKEN_STANDALONE = [
    pytest.param(
        central_copy(('band: "[0.6, 0.8)"', 'band: "[0.6, 0.75)"')),
        [f"{{file}}:{QUALITATIVE_GRADES}:5: $.qualitative.grades: 分档在 0.75 处有空缺（应覆盖 [0, 1]）"],
        id="qualitative-bands-with-a-gap",
    ),
    pytest.param(
        central_copy(('band: "[0.6, 0.8)"', 'band: "[0.5, 0.8)"')),
        # [0, 0.6) and [0.5, 0.8) overlap on [0.5, 0.6): the overlap is named where it starts
        [f"{{file}}:{QUALITATIVE_GRADES}:5: $.qualitative.grades: 分档在 0.5 处重叠"],
        id="qualitative-bands-overlapping",
    ),
    pytest.param(
        central_copy(
            ('band: "[0, 0.6)"\n      default: 0.3 ', 'band: "[0.8, 1]"\n      default: 0.9 '),  # not met, ranked first
            ('band: "[0.8, 1]"\n      default: 1 ', 'band: "[0, 0.6)"\n      default: 0.3 '),  # met, ranked last
        ),
        [f"{{file}}:{QUALITATIVE_GRADES}:5: $.qualitative.grades: 定性等级区间应为 达成 > 部分达成 > 未达成"],
        id="qualitative-grades-not-best-first",
    ),
    pytest.param(
        CENTRAL_TEXT + "colour: blue\n",
        [f"{{file}}:{len(CENTRAL_TEXT.splitlines()) + 1}:1: $.colour: 不认识的键 'colour'"],
        id="unknown-top-level-key",
    ),
    pytest.param(
        central_copy(('version: "2020.1"\n', "")),
        [f"{{file}}:{CENTRAL_ROOT}:1: $: 缺少必填项 'version'"],
        id="missing-version",
    ),
    pytest.param(
        "name: lonely\ntitle: 孤立\n",
        [
            "{file}:1:1: $: 缺少必填项 'version'",
            "{file}:1:1: $: 缺少必填项 'effective'",
            "{file}:1:1: $: 缺少必填项 'sources'",
            "{file}:1:1: $: 缺少必填项 'rounding'",
            "{file}:1:1: $: 缺少必填项 'budget'",
            "{file}:1:1: $: 缺少必填项 'rules'",
            "{file}:1:1: $: 缺少必填项 'qualitative'",
            "{file}:1:1: $: 缺少必填项 'weights'",
            "{file}:1:1: $: 缺少必填项 'grades'",
        ],
        id="missing-required-keys",
    ),
    pytest.param(
        central_copy(("  places: 2 ", "  places: 2\n  places: 3 ")),
        [f"{{file}}:{central_line('  places: 2') + 1}:3: $.rounding.places: 键 'places' 重复出现"],
        id="duplicate-key",
    ),
    pytest.param(
        central_copy(("  places: 2 ", "  places: [2 ")),
        [f"{{file}}:{central_line('  places: 2') + 1}:3: $: 不是有效的 YAML：从第 {central_line('  places: 2')} 行开始的方括号列表 [ ] 在这里缺少逗号或 ]（遇到了一个值）"],
        id="invalid-yaml",
    ),
    pytest.param(
        "- central-2020\n",
        ["{file}: $: 顶层应为映射（键值对），实际为 list"],
        id="top-level-list",
    ),
]


@pytest.mark.parametrize(("text", "zh"), BROKEN_STANDALONE)
def test_refuses_broken_standalone_policy_with_exact_problems(tmp_path: Path, text: str, zh: list[str]) -> None:
    path = written(tmp_path, text, "policy.yaml")

    error = refused(path)

    assert str(error).splitlines() == [line.format(file=path) for line in zh]


def test_a_copy_of_central_2020_loads_on_its_own(tmp_path: Path) -> None:
    policy = load_policy(written(tmp_path, CENTRAL_TEXT, "policy.yaml"))

    assert [r.id for r in policy.rules] == CENTRAL_RULE_IDS


# --- all at once, and the error's shape -----------------------------------------------------------


def test_reports_every_problem_at_once(tmp_path: Path) -> None:
    text = child('  - id: three\n    source: nowhere\n    when: {kind: comparison, level1: 产出指标, name: "满意度("}\n')
    path = written(tmp_path, text)

    error = refused(path, "en")

    assert str(error).splitlines() == [
        f"{path}:9:13: $.rules[0].source: the source 'nowhere' is not listed in sources (caiyu-2020-10, practice, convention, local)",
        f"{path}:10:50: $.rules[0].when.name: the pattern '满意度(' is not a regular expression: missing ), unterminated subpattern at position 3",
        f"{path}:8:5: $.rules[0]: rule 'three' needs unmet (how a row short of its target scores)",
    ]
    assert len(error.problems) == 3


def test_policy_error_is_a_value_error_and_a_selfeval_error(tmp_path: Path) -> None:
    error = refused(written(tmp_path, child(name="Child Policy")))

    assert isinstance(error, ValueError)
    assert isinstance(error, SelfEvalError)


def test_policy_error_carries_its_source_and_located_problems(tmp_path: Path) -> None:
    path = written(tmp_path, child("  - id: cheap\n    when: {kind: comparison, op: [le, lt]}\n    unmet: zero\n"))

    error = refused(path, "en")

    assert error.source == str(path)
    assert error.problems == (
        Problem(
            "$.rules[2]",
            "rule 'reverse' can never match: the earlier rule 'cheap' catches every row it would",
            REVERSE,
            5,
            "central-2020.yaml",
        ),
    )


def test_an_invalid_pattern_does_not_make_its_rule_shadow_others(tmp_path: Path) -> None:
    path = written(tmp_path, child('  - id: named\n    when: {kind: comparison, name: "满意度("}\n    unmet: ratio\n'))

    error = refused(path)

    assert str(error) == f"{path}:9:36: $.rules[0].when.name: 正则表达式 '满意度(' 无效：missing ), unterminated subpattern at position 3"


def test_delay_bands_may_start_at_zero(tmp_path: Path) -> None:
    text = child(
        "  - id: late\n    when: {kind: deadline, actual: date, level1: 产出指标}\n    unmet:\n      on: delay_months\n"
        '      bands:\n        - {when: "[0, 1]", share: 0.6}\n        - {when: "(1, inf)", share: 0}\n'
    )

    assert load_policy(written(tmp_path, text)).rules[0].id == "late"
