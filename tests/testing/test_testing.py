"""`selfeval_rules.testing`: strategies that build what forms contain, the standard properties, and `selfeval policy`.

The strategies must build texts that parse and rows and forms that `load_form` accepts, within the
bounds their keyword arguments name. `check_policy_properties` must pass on the bundled policies and
fail, with a small counter-example, on the broken fixtures in `tests/fixtures/policies/` (their
leading comments say what is wrong with each). The `selfeval policy` commands are run through
`selfeval_rules.cli.main`.
"""

from __future__ import annotations

from decimal import Decimal
from selfeval_rules import _shipped
from io import StringIO
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from selfeval_rules import Policy, load_form, load_policy, parse_actual, parse_target, score
from selfeval_rules.cli import main
from selfeval_rules.testing import PolicyPropertyError, actuals, check_policy_properties, forms, indicators, targets

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "policies"
YEAR = 2023
STRATEGY_SETTINGS = settings(max_examples=80, deadline=None)
FAST = 30  # examples per property where only a failure, or the command's wiring, is under test
ALL_KINDS = ("comparison", "range", "deadline", "qualitative")
# What a parsed actual value is, by the kind of target it answers (text=False).
ANSWER_KIND = {"comparison": "quantity", "range": "quantity", "deadline": "date", "qualitative": "text"}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    status = main(list(argv), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def bundled_document(name: str) -> dict:
    return yaml.safe_load(_shipped.read("policies", f"{name}.yaml"))


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def fixture_line(name: str, text: str) -> int:
    """The 1-based line of a fixture policy that starts with `text`."""
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    found = [i + 1 for i, line in enumerate(lines) if line.startswith(text)]
    assert len(found) == 1, f"{text!r} starts {len(found)} lines of {name}"
    return found[0]


def one_row_form(row: dict) -> dict:
    return {"project": "测试", "year": YEAR, "indicators": [row]}


# --- targets() --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kinds",
    [("comparison",), ("range",), ("deadline",), ("qualitative",), ("comparison", "deadline"), ALL_KINDS],
    ids=lambda kinds: "+".join(kinds),
)
@STRATEGY_SETTINGS
@given(data=st.data())
def test_targets_parse_as_one_of_the_kinds_asked_for(kinds: tuple[str, ...], data: st.DataObject) -> None:
    text = data.draw(targets(kinds=kinds))
    assert parse_target(text, year=YEAR).kind in kinds


@STRATEGY_SETTINGS
@given(text=targets(kinds=("comparison",), ops=("le", "lt"), units=("万元", "天")))
def test_comparison_targets_use_only_the_operators_and_units_asked_for(text: str) -> None:
    target = parse_target(text, year=YEAR)
    assert target.op.value in ("le", "lt")
    assert target.quantity.unit is not None and target.quantity.unit.symbol in ("万元", "天")


@STRATEGY_SETTINGS
@given(text=targets(kinds=("range",), units=("%",)))
def test_range_targets_use_only_the_units_asked_for(text: str) -> None:
    target = parse_target(text, year=YEAR)
    assert (target.low.unit.symbol, target.high.unit.symbol) == ("%", "%")
    assert target.low.value <= target.high.value


@STRATEGY_SETTINGS
@given(text=targets(kinds=("deadline",), year=2021))
def test_deadline_targets_fall_in_the_year_asked_for(text: str) -> None:
    assert parse_target(text).date.year == 2021


def test_targets_refuses_a_list_of_kinds_that_names_none() -> None:
    with pytest.raises(ValueError, match=r"kinds must name one or more of"):
        targets(kinds=("bogus",))


def test_targets_refuses_an_unknown_operator_when_called() -> None:
    with pytest.raises(ValueError):
        targets(ops=("ne",))


# --- actuals() --------------------------------------------------------------------------------


@STRATEGY_SETTINGS
@given(data=st.data())
def test_actuals_answer_the_target_in_its_kind_and_unit(data: st.DataObject) -> None:
    target_text = data.draw(targets())
    actual_text = data.draw(actuals(for_target=target_text, text=False))
    target, actual = parse_target(target_text, year=YEAR), parse_actual(actual_text, year=YEAR)
    assert actual.kind == ANSWER_KIND[target.kind]
    if target.kind in ("comparison", "range"):
        quantity = target.quantity if target.kind == "comparison" else target.high
        assert actual.unit == quantity.unit
        assert target.ratio(actual) is None or target.ratio(actual) >= 0  # comparable: no unit or kind mismatch
    elif target.kind == "deadline":
        target.delay(actual)  # comparable: a date


@STRATEGY_SETTINGS
@given(data=st.data())
def test_actuals_may_be_words_unless_told_otherwise(data: st.DataObject) -> None:
    target_text = data.draw(targets())
    actual = parse_actual(data.draw(actuals(for_target=target_text)), year=YEAR)
    assert actual.kind in (ANSWER_KIND[parse_target(target_text, year=YEAR).kind], "text")


@pytest.mark.parametrize(
    ("target", "kind", "unit"),
    [
        pytest.param("≥90%", "quantity", "%", id="percent"),
        pytest.param("=740人", "quantity", "人", id="headcount"),
        pytest.param("≤258.2万元", "quantity", "万元", id="money"),
        pytest.param("90%-100%", "quantity", "%", id="range"),
        pytest.param("1", "quantity", None, id="bare-number"),
        pytest.param("定性2023年5月底前", "date", None, id="deadline"),
        pytest.param("定性有效", "text", None, id="qualitative"),
    ],
)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_actuals_answer_a_given_target(target: str, kind: str, unit: str | None, data: st.DataObject) -> None:
    actual = parse_actual(data.draw(actuals(for_target=target, text=False)), year=YEAR)
    assert actual.kind == kind
    if kind == "quantity":
        assert (actual.unit.symbol if actual.unit else None) == unit


# --- indicators() and forms() -----------------------------------------------------------------


@STRATEGY_SETTINGS
@given(row=indicators(min_weight=3, max_weight=7, kinds=("comparison", "range"), units=("人", "场")))
def test_indicator_rows_load_within_the_weights_kinds_and_units_asked_for(row: dict) -> None:
    indicator = load_form(one_row_form(row)).indicators[0]
    assert Decimal(3) <= indicator.weight <= Decimal(7)
    assert 0 <= indicator.reported_score <= indicator.weight
    target = parse_target(indicator.target, year=YEAR)
    assert target.kind in ("comparison", "range")
    quantity = target.quantity if target.kind == "comparison" else target.high
    assert quantity.unit.symbol in ("人", "场")


@STRATEGY_SETTINGS
@given(row=indicators(reported=False, kinds=("deadline", "qualitative")))
def test_indicator_rows_leave_out_the_reported_score_when_asked(row: dict) -> None:
    indicator = load_form(one_row_form(row)).indicators[0]
    assert "reported_score" not in row and indicator.reported_score is None
    assert parse_target(indicator.target, year=YEAR).kind in ("deadline", "qualitative")


@settings(max_examples=40, deadline=None)
@given(data=forms(min_rows=2, max_rows=4, kinds=("qualitative",), year=2022))
def test_forms_load_with_the_rows_kinds_and_year_asked_for(data: dict) -> None:
    form = load_form(data)
    assert form.year == 2022
    assert 2 <= len(form.indicators) <= 4
    assert {parse_target(i.target, year=2022).kind for i in form.indicators} == {"qualitative"}


# --- check_policy_properties() ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["central-2020", "beijing"])
def test_the_bundled_policies_keep_the_standard_properties(name: str) -> None:
    check_policy_properties(load_policy(name), max_examples=50)


def test_a_band_table_that_pays_less_for_better_breaks_monotonicity() -> None:
    with pytest.raises(PolicyPropertyError) as caught:
        check_policy_properties(load_policy(fixture("pays-less-for-better.yaml")), max_examples=FAST)
    error = caught.value
    assert isinstance(error, AssertionError)
    assert error.policy == "pays-less-for-better"
    assert error.prop in ("monotonic-ge", "monotonic-gt")
    # {target, actuals: [worse, better]}: the two straddle 0.9 of the target, where the table drops
    # from 0.8 to 0.5 of the weight; both fall short of it.
    target = parse_target(error.example["target"]).quantity.value
    low, high = (parse_actual(a).value for a in error.example["actuals"])
    assert low < Decimal("0.9") * target <= high <= target
    assert "scores 5.00 but the worse" in error.detail and error.detail.endswith("scores 8.00")
    assert str(error) == f"pays-less-for-better: property {error.prop!r} fails: {error.detail}\n  counter-example: {error.example!r}"


def test_a_rule_that_never_matches_is_named_with_a_row_meant_for_it() -> None:
    with pytest.raises(PolicyPropertyError) as caught:
        check_policy_properties(load_policy(fixture("rule-never-matches.yaml")), max_examples=FAST)
    error = caught.value
    assert isinstance(error, AssertionError)
    assert error.prop == "every-rule-matches"
    assert error.detail.startswith("rule 'headcount-percent' never scores a row meant for it; such a row is scored by 'catch-all'")
    # The counter-example is a small row in the rule's unit, which a form accepts.
    row = error.example
    assert parse_target(row["target"], year=YEAR).quantity.unit.symbol == "人"
    assert load_form(one_row_form(row)).indicators[0].weight == 5


def test_a_band_table_that_pays_less_for_better_only_on_ge_targets_is_caught(tmp_path: Path) -> None:
    text = (FIXTURES / "pays-less-for-better.yaml").read_text(encoding="utf-8")
    # A rule of its own, first, for ≥ targets only; central's positive rule still scores the others.
    for old, new in [("name: pays-less-for-better", "name: ge-only"), ("  - id: positive\n", "  - id: positive-ge\n"),
                     ("when: {kind: [comparison, range]}", "when: {kind: comparison, op: ge}")]:
        assert text.count(old) == 1
        text = text.replace(old, new)
    path = tmp_path / "ge-only.yaml"
    path.write_text(text, encoding="utf-8")
    policy = load_policy(path)
    assert policy.rules[0].id == "positive-ge"
    assert (_row_score(policy, "85人"), _row_score(policy, "95人")) == (Decimal("8.00"), Decimal("5.00"))  # broken
    with pytest.raises(PolicyPropertyError, match="monotonic-ge"):
        check_policy_properties(policy)


def _row_score(policy: Policy, actual: str) -> Decimal:
    row = {"level1": "产出指标", "level2": "数量指标", "name": "培训人数", "target": "≥100人", "actual": actual, "weight": 10}
    return score(load_form(one_row_form(row)), policy).indicators[0].score


# --- selfeval policy test ---------------------------------------------------------------------


def test_policy_test_passes_beijing() -> None:
    examples = len(bundled_document("beijing")["examples"])
    assert run("policy", "test", "beijing", "--max-examples", str(FAST)) == (0, f"beijing: 示例 {examples}/{examples} 通过；性质检查通过\n", "")


def leaves(data: object, path: tuple = ()) -> dict[tuple, object]:
    """Every scalar of a document by its path."""
    if isinstance(data, dict):
        return {k: v for key, value in data.items() for k, v in leaves(value, (*path, key)).items()}
    if isinstance(data, list):
        return {k: v for i, value in enumerate(data) for k, v in leaves(value, (*path, i)).items()}
    return {path: data}


def test_the_my_city_fixture_is_beijing_with_one_share_changed() -> None:
    mine, beijing = leaves(yaml.safe_load((FIXTURES / "my-city.yaml").read_text(encoding="utf-8"))), leaves(bundled_document("beijing"))
    assert mine.keys() == beijing.keys()
    changed = {path: (beijing[path], mine[path]) for path in mine if mine[path] != beijing[path]}
    share = next(path for path in beijing if path[:2] == ("rules", 0) and path[-1] == "share")
    assert changed == {("name",): ("beijing", "my-city"), share: (0.6, 0.7)}


def test_policy_test_shows_the_two_examples_a_changed_share_breaks() -> None:
    status, out, err = run("policy", "test", fixture("my-city.yaml"), "--max-examples", str(FAST))
    assert (status, err) == (1, "")
    examples = len(bundled_document("beijing")["examples"])
    failed = [line for line in out.splitlines() if line.startswith("✗")]
    assert failed == [
        "✗ my-city：示例“种子表000：5月底前 实际6月 逾期一个月计60%”未通过",
        "✗ my-city：示例“种子表000：11月底前 实际12月 逾期一个月计60%”未通过",
    ]
    assert out.count("  - 得分应为 3.00，实际为 3.50\n") == 2
    assert out.count("得分 3.50 / 5（70.00%）") == 2
    assert out.endswith(f"my-city: 示例 {examples - 2}/{examples} 通过；性质检查通过\n")


@pytest.mark.parametrize(
    ("name", "headline", "example"),
    [
        pytest.param(
            "pays-less-for-better.yaml", "✗ pays-less-for-better：性质 monotonic-g", "  最小反例：{'target': ", id="band-table"
        ),
        pytest.param(
            "rule-never-matches.yaml",
            "✗ rule-never-matches：性质 every-rule-matches 不成立：rule 'headcount-percent' never scores",
            "  最小反例：{'level1': ",
            id="rule-never-matches",
        ),
    ],
)
def test_policy_test_prints_the_counter_example_of_a_broken_property(name: str, headline: str, example: str) -> None:
    status, out, err = run("policy", "test", fixture(name), "--max-examples", str(FAST))
    assert (status, err) == (1, "")
    lines = out.splitlines()
    assert lines[0].startswith(headline)
    assert lines[1].startswith(example)
    assert lines[2] == f"{name.removesuffix('.yaml')}: 示例 0/0 通过；性质检查未通过"


# --- selfeval policy validate -----------------------------------------------------------------


def test_policy_validate_lists_every_problem_by_file_line_and_column() -> None:
    path = fixture("invalid.yaml")
    status, out, err = run("policy", "validate", path)
    assert (status, err) == (1, "")
    source, budget = fixture_line("invalid.yaml", "    source: nowhere"), fixture_line("invalid.yaml", "  score: weight")
    bands = fixture_line("invalid.yaml", '        - {when: "(0, 1]"')
    assert out.splitlines() == [
        f"✗ {path}：4 处问题",
        f"  {path}:{source}:13: $.rules[0].source: "
        "依据 'nowhere' 未在 sources 中列出（已有：caiyu-2020-10, practice, convention）",
        f"  {path}:{budget}:10: $.budget.score: "
        "未知的名称 'spent'，可用的名称：annual, executed, rate, weight",
        f"  {path}:{bands}:9: $.rules[0].unmet.bands: "
        "分档在 2 处有空缺（应覆盖 (0, inf)）",
        f"  central-2020.yaml:{central_line('  - id: deadline')}:5: $.rules[4]: "
        "规则 'deadline' 永远不会匹配：前面的规则 'late' 已覆盖它的所有情形",
    ]


def test_policy_validate_accepts_the_fixtures_that_load() -> None:
    status, out, _ = run("policy", "validate", "beijing", fixture("my-city.yaml"), fixture("rule-never-matches.yaml"))
    assert status == 0
    assert [line[:1] for line in out.splitlines()] == ["✓", "✓", "✓"]


def central_line(text: str) -> int:
    lines = _shipped.read("policies", "central-2020.yaml").splitlines()
    found = [i + 1 for i, line in enumerate(lines) if line.startswith(text)]
    assert len(found) == 1
    return found[0]


# --- selfeval policy explain, show, list ------------------------------------------------------


def test_policy_explain_shows_the_rules_skipped_and_why_the_rule_that_applies_and_the_score() -> None:
    status, out, err = run("policy", "explain", "beijing", "--target", "≥90%", "--actual", "85%", "--weight", "10", "--level2", "质量指标")
    assert (status, err) == (0, "")
    rules = {rule.id: rule.describe() for rule in load_policy("beijing").rules}
    lines = out.splitlines()
    assert lines[1:4] == [
        f"✗ 规则 {rules['text-answer']}：不符合 actual（需要 text，实际 quantity）",
        f"✗ 规则 {rules['reverse']}：不符合 op（需要 le、lt，实际 ge）",
        f"✓ 规则 {rules['positive']}：适用",
    ]
    assert lines[0].startswith("指标：一级 —，二级 质量指标，") and "比较符 ge，单位 %（percent）" in lines[0]
    # 85 / 90 = 0.9444… × 10 = 9.444… → 9.44
    assert lines[4].startswith("结果：") and lines[4].endswith("未达到目标，完成比例 B/A = 94.44%；得分 9.44 / 10（94.44%）")
    assert len(lines) == 5


def test_policy_show_prints_yaml_that_reads_back_with_the_inherited_rules() -> None:
    status, out, err = run("policy", "show", "beijing")
    assert (status, err) == (0, "")
    shown = yaml.safe_load(out)
    assert shown["name"] == "beijing" and shown["extends"] == "central-2020"
    central = bundled_document("central-2020")
    assert [rule["id"] for rule in shown["rules"]] == [rule["id"] for rule in central["rules"]]
    by_id = {rule["id"]: rule for rule in shown["rules"]}
    assert by_id["positive"] == next(rule for rule in central["rules"] if rule["id"] == "positive")  # inherited
    assert by_id["deadline"]["unmet"]["on"] == "delay_months"  # Beijing's own
    assert shown["qualitative"]["grades"]["partly"]["default"] == 0.6
    assert shown["qualitative"]["grades"]["met"] == central["qualitative"]["grades"]["met"]


BUNDLED = ["beijing", "central-2020", "hubei-2020", "sichuan-2023", "transfer-targets"]


def test_policy_list_names_every_bundled_policy_with_its_version_and_years() -> None:
    status, out, err = run("policy", "list")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == BUNDLED
    for line, name in zip(lines, BUNDLED):
        document = bundled_document(name)
        years = f"{document['effective']['from']}–{document['effective'].get('to') or ''}"
        assert f"（版本 {document['version']}，适用 {years}）" in line
        assert document["title"] in line
