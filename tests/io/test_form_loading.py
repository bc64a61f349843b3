"""Forms load from YAML, JSON or a mapping into exact values, or fail listing every problem by file, line and path.

Expected problem lines are written out by hand, in the voice `<file>:<line>:<column>: <JSON path>: <message>`;
`{file}` in a table stands for the path of the file the case writes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from selfeval_rules import Form, SelfEvalError, load_form
from selfeval_rules.errors import FormError, Problem
from selfeval_rules.values import Budget, Indicator

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "forms"

# A small valid form: four indicators of four lines each, so that indicator i starts on line 10 + 4i
# and its weight sits on line 13 + 4i, column 13.
FORM = """\
year: 2023
project: 法治培训服务
budget:
  unit: 万元
  weight: 10
  annual: 66.2
  executed: 64.253
  reported_rate: "97.06%"
indicators:
  - name: 执法资格培训参训人数
    target: "≥45人"
    actual: "45人"
    weight: 5
  - name: 培训考试合格率
    target: "≥90%"
    actual: "95%"
    weight: 5
  - name: 培训完成时间
    target: 2023-12-31
    actual: 2023-11-30
    weight: 5
  - name: 参训人员满意度
    target: "≥90%"
    actual: "92%"
    weight: 5
"""

LAST_ROW_WEIGHT = '    actual: "92%"\n    weight: 5\n'


def changed(old: str, new: str, text: str = FORM) -> str:
    """`text` with its one occurrence of `old` replaced, so that a case cannot silently change nothing."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def written(tmp_path: Path, text: str, name: str = "form.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def leaves(value: Any) -> Iterator[Any]:
    """Every scalar inside a form, its attrs classes, mappings and tuples opened up."""
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from leaves(getattr(value, field.name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from leaves(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from leaves(item)
    else:
        yield value


# --- the example forms ---------------------------------------------------------------------------


def test_loads_the_emergency_volunteers_example() -> None:
    form = load_form(EXAMPLES / "000_emergency_volunteers.yaml")

    assert (form.project, form.year, form.department) == ("北京市应急志愿者队伍建设服务", 2023, "北京市应急管理局")
    assert form.phone == "55573517"
    assert len(form.indicators) == 17
    assert form.budget is not None
    assert form.budget.unit == "万元"
    assert form.budget.annual == Decimal("258.2")
    assert str(form.budget.annual) == "258.200000"
    assert form.budget.executed == Decimal("258.16")
    assert (form.budget.reported_rate, form.budget.reported_rate_places) == (Decimal("99.98"), 2)
    assert form.budget.breakdown["carryover"] is None
    assert form.reported_total == Decimal("96.00")
    assert form.reported_grade is None


def test_loads_the_legal_training_example() -> None:
    form = load_form(EXAMPLES / "004_legal_training.yaml")

    assert (form.project, form.year) == ("法治培训服务", 2023)
    assert len(form.indicators) == 15
    assert form.budget is not None
    assert form.budget.annual == Decimal("66.2")
    assert form.budget.executed == Decimal("64.253")
    assert form.budget.weight == Decimal("10.00")
    assert (form.budget.reported_rate, form.budget.reported_rate_places) == (Decimal("97.06"), 2)
    assert form.budget.reported_score == Decimal("9.71")
    first = form.indicators[0]
    assert (first.index, first.name, first.target, first.actual, first.weight) == (0, "执法资格培训参训人数", "≥45人", "45人", Decimal("5.00"))
    assert first.path == "$.indicators[0]"
    assert form.source == str(EXAMPLES / "004_legal_training.yaml")


@pytest.mark.parametrize("name", ["000_emergency_volunteers.yaml", "004_legal_training.yaml"])
def test_example_forms_hold_decimals_and_never_floats(name: str) -> None:
    form = load_form(EXAMPLES / name)

    values = list(leaves(form))
    assert not [v for v in values if isinstance(v, float)]
    assert all(type(row.weight) is Decimal for row in form.indicators)
    assert form.budget is not None
    assert all(type(getattr(form.budget, f)) is Decimal for f in ("weight", "initial", "annual", "executed", "reported_rate"))
    assert type(form.year) is int


def test_load_form_returns_the_public_value_types() -> None:
    form = load_form(EXAMPLES / "004_legal_training.yaml")

    assert isinstance(form, Form)
    assert isinstance(form.budget, Budget)
    assert all(isinstance(row, Indicator) for row in form.indicators)


# --- exact numbers -------------------------------------------------------------------------------


def test_yaml_numbers_become_the_decimals_written(tmp_path: Path) -> None:
    text = changed("  executed: 64.253", "  executed: 258.200000")
    form = load_form(written(tmp_path, text))

    assert form.budget is not None
    assert form.budget.annual == Decimal("66.2")
    assert str(form.budget.annual) == "66.2"
    assert str(form.budget.executed) == "258.200000"
    assert form.budget.executed.as_tuple().exponent == -6
    assert type(form.budget.annual) is Decimal
    assert form.indicators[0].weight == Decimal(5)
    assert type(form.indicators[0].weight) is Decimal


AMOUNT_TEXTS = [
    pytest.param('"215,457.6"', "215457.6", id="thousands-separators"),
    pytest.param('"1,234,567"', "1234567", id="thousands-separators-without-decimals"),
    pytest.param('" 66.2 "', "66.2", id="spaces-around"),
    pytest.param('"66.200000"', "66.200000", id="trailing-zeros-kept"),
    pytest.param("64.253", "64.253", id="plain-number"),
]


@pytest.mark.parametrize(("written_as", "expected"), AMOUNT_TEXTS)
def test_amounts_read_as_exact_decimals(tmp_path: Path, written_as: str, expected: str) -> None:
    form = load_form(written(tmp_path, changed("  executed: 64.253", f"  executed: {written_as}")))

    assert form.budget is not None
    assert str(form.budget.executed) == expected
    assert type(form.budget.executed) is Decimal


REPORTED_RATES = [
    pytest.param('"97.06%"', Decimal("97.06"), 2, id="percent-two-places"),
    pytest.param('"99.98％"', Decimal("99.98"), 2, id="full-width-percent"),
    pytest.param('"100%"', Decimal("100"), 0, id="whole-percent"),
    pytest.param('"97.0%"', Decimal("97.0"), 1, id="one-place-kept"),
    pytest.param('" 85 % "', Decimal("85"), 0, id="spaces-around"),
    pytest.param("97.06", Decimal("97.06"), 2, id="bare-number"),
]


@pytest.mark.parametrize(("written_as", "rate", "places"), REPORTED_RATES)
def test_reported_rate_reads_as_percent_with_its_printed_places(tmp_path: Path, written_as: str, rate: Decimal, places: int) -> None:
    form = load_form(written(tmp_path, changed('  reported_rate: "97.06%"', f"  reported_rate: {written_as}")))

    assert form.budget is not None
    assert form.budget.reported_rate == rate
    assert str(form.budget.reported_rate) == str(rate)
    assert form.budget.reported_rate_places == places


def test_python_floats_in_a_mapping_become_the_decimal_of_their_shortest_repr() -> None:
    form = load_form(
        {
            "project": "示例",
            "budget": {"weight": 10.0, "annual": 66.2, "executed": 0.1 + 0.2},
            "indicators": [{"name": "人数", "target": "≥45人", "actual": "45人", "weight": 0.1}],
        }
    )

    assert form.budget is not None
    assert str(form.budget.annual) == "66.2"
    assert str(form.budget.weight) == "10.0"
    assert form.budget.executed == Decimal("0.30000000000000004")
    assert str(form.indicators[0].weight) == "0.1"
    assert not [v for v in leaves(form) if isinstance(v, float)]


def test_a_mapping_keeps_decimals_and_ints_as_they_are() -> None:
    form = load_form({"project": "示例", "year": 2023, "indicators": [{"name": "人数", "weight": Decimal("5.00")}]})

    assert form.year == 2023
    assert str(form.indicators[0].weight) == "5.00"
    assert form.source == "<mapping>"


def test_loads_a_json_file_with_exact_numbers(tmp_path: Path) -> None:
    data = {
        "year": 2023,
        "project": "法治培训服务",
        "budget": {"unit": "万元", "weight": 10, "annual": 66.2, "executed": "215,457.6", "reported_rate": "97.06%"},
        "indicators": [{"name": "执法资格培训参训人数", "target": "≥45人", "actual": "45人", "weight": 5.00}],
    }
    path = written(tmp_path, json.dumps(data, ensure_ascii=False), "form.json")

    form = load_form(path)

    assert (form.project, form.year) == ("法治培训服务", 2023)
    assert type(form.year) is int
    assert form.budget is not None
    assert str(form.budget.annual) == "66.2"
    assert form.budget.executed == Decimal("215457.6")
    assert form.indicators[0].weight == Decimal(5)
    assert not [v for v in leaves(form) if isinstance(v, float)]
    assert form.source == str(path)


def test_a_json_number_keeps_its_written_digits(tmp_path: Path) -> None:
    text = '{"project": "示例", "budget": {"annual": 258.200000}, "indicators": [{"name": "人数", "weight": 5.00}]}'
    form = load_form(written(tmp_path, text, "form.json"))

    assert form.budget is not None
    assert str(form.budget.annual) == "258.200000"
    assert str(form.indicators[0].weight) == "5.00"


# --- YAML 1.2 scalars ----------------------------------------------------------------------------


def test_an_unquoted_yaml_date_stays_text(tmp_path: Path) -> None:
    form = load_form(written(tmp_path, FORM))

    row = form.indicators[2]
    assert (row.target, row.actual) == ("2023-12-31", "2023-11-30")
    assert type(row.target) is str


@pytest.mark.parametrize("word", ["on", "off", "yes", "no", "y", "n"])
def test_yaml_1_1_boolean_words_stay_strings(tmp_path: Path, word: str) -> None:
    text = changed('    actual: "92%"\n', f'    actual: {word}\n    note: {word}\n')
    form = load_form(written(tmp_path, text))

    assert (form.indicators[3].actual, form.indicators[3].note) == (word, word)


@pytest.mark.parametrize(("word", "applicable"), [("true", True), ("false", False), ("False", False), ("TRUE", True)])
def test_yaml_1_2_booleans_are_booleans(tmp_path: Path, word: str, applicable: bool) -> None:
    form = load_form(written(tmp_path, changed(LAST_ROW_WEIGHT, f"{LAST_ROW_WEIGHT}    applicable: {word}\n")))

    assert form.indicators[3].applicable is applicable


def test_an_unquoted_number_target_becomes_its_text(tmp_path: Path) -> None:
    form = load_form(written(tmp_path, changed('    target: "≥90%"\n    actual: "92%"', "    target: 90.50\n    actual: 92")))

    assert (form.indicators[3].target, form.indicators[3].actual) == ("90.50", "92")


def test_a_leading_zero_does_not_make_a_number_octal(tmp_path: Path) -> None:
    form = load_form(written(tmp_path, changed(LAST_ROW_WEIGHT, '    actual: "92%"\n    weight: 010\n')))

    assert form.indicators[3].weight == Decimal(10)


# --- invalid forms -------------------------------------------------------------------------------

# (text of the file, problem lines in Chinese, problem lines in English); None: no file is written.
INVALID_FORMS = [
    pytest.param(
        changed(LAST_ROW_WEIGHT, '    actual: "92%"\n    weight: -5\n'),
        ["{file}:25:13: $.indicators[3].weight: -5 小于最小值 0"],
        ["{file}:25:13: $.indicators[3].weight: -5 is less than the minimum of 0"],
        id="negative-weight",
    ),
    pytest.param(
        changed(LAST_ROW_WEIGHT, '    actual: "92%"\n    weigth: 5\n'),
        # an unknown key is located where the key is written, with the closest known key (a row
        # without a weight is valid: some forms print none)
        ["{file}:25:5: $.indicators[3].weigth: 不认识的键 'weigth'（是不是 'weight'？）"],
        ["{file}:25:5: $.indicators[3].weigth: unknown key 'weigth' (did you mean 'weight'?)"],
        id="misspelled-weight",
    ),
    pytest.param(
        changed("project: 法治培训服务\n", ""),
        ["{file}:1:1: $: 缺少必填项 'project'"],
        ["{file}:1:1: $: 'project' is a required property"],
        id="missing-project",
    ),
    pytest.param(
        changed("project: 法治培训服务", "project: '  '"),
        ["{file}:2:10: $.project: '  ' 格式不对（应匹配 '\\\\S'）"],
        ["{file}:2:10: $.project: '  ' does not match '\\\\S'"],
        id="blank-project",
    ),
    pytest.param(
        changed("year: 2023", "year: 1800"),
        ["{file}:1:7: $.year: 1800 小于最小值 1990"],
        ["{file}:1:7: $.year: 1800 is less than the minimum of 1990"],
        id="year-1800",
    ),
    pytest.param(
        changed("year: 2023", "year: 2023年"),
        ["{file}:1:7: $.year: '2023年' 不是 ['integer', 'null'] 类型"],
        ["{file}:1:7: $.year: '2023年' is not of type ['integer', 'null']"],
        id="year-with-unit",
    ),
    pytest.param(
        changed("unit: 万元", "unit: 美元"),
        ["{file}:4:9: $.budget.unit: '美元' 不是可选值 ['元', '千元', '万元', '亿元', None] 之一"],
        ["{file}:4:9: $.budget.unit: '美元' is not one of ['元', '千元', '万元', '亿元', None]"],
        id="unknown-unit",
    ),
    pytest.param(
        FORM + "reported_grade: 甲\n",
        ["{file}:26:17: $.reported_grade: '甲' 不是可选值 ['优', '良', '中', '差', None] 之一"],
        ["{file}:26:17: $.reported_grade: '甲' is not one of ['优', '良', '中', '差', None]"],
        id="unknown-grade",
    ),
    pytest.param(
        changed(LAST_ROW_WEIGHT, '    actual: "92%"\n    weight: 五分\n'),
        ["{file}:25:13: $.indicators[3].weight: '五分' 不是 number 类型"],
        ["{file}:25:13: $.indicators[3].weight: '五分' is not of type 'number'"],
        id="text-for-weight",
    ),
    pytest.param(
        changed(LAST_ROW_WEIGHT, f"{LAST_ROW_WEIGHT}    applicable: no\n"),
        ["{file}:26:17: $.indicators[3].applicable: 'no' 不是 boolean 类型"],
        ["{file}:26:17: $.indicators[3].applicable: 'no' is not of type 'boolean'"],
        id="yaml-1.1-no-is-not-false",
    ),
    pytest.param(
        "on: 1\nyes: 2\n" + FORM,
        ["{file}:1:1: $.on: 不认识的键 'on'", "{file}:2:1: $.yes: 不认识的键 'yes'"],
        ["{file}:1:1: $.on: unknown key 'on'", "{file}:2:1: $.yes: unknown key 'yes'"],
        id="yaml-1.1-boolean-keys-stay-text",
    ),
    pytest.param(
        changed("year: 2023\n", "year: 2023\nyear: 2024\n"),
        ["{file}:2:1: $.year: 键 'year' 重复出现"],
        ["{file}:2:1: $.year: the key 'year' appears twice"],
        id="duplicate-top-level-key",
    ),
    pytest.param(
        changed(LAST_ROW_WEIGHT, f"{LAST_ROW_WEIGHT}    weight: 6\n"),
        ["{file}:26:5: $.indicators[3].weight: 键 'weight' 重复出现"],
        ["{file}:26:5: $.indicators[3].weight: the key 'weight' appears twice"],
        id="duplicate-key-in-a-row",
    ),
    pytest.param(
        changed("  annual: 66.2", "  annual: 66.2: 1"),
        ["{file}:6:15: $: 不是有效的 YAML：这里不能出现“键: 值”：可能是值里含有“: ”（请给整个值加引号），或这一行缩进不对"],
        ["{file}:6:15: $: is not valid YAML: mapping values are not allowed here"],
        id="invalid-yaml",
    ),
    pytest.param(
        changed('    target: "≥45人"', "    target: [≥45人"),
        ["{file}:12:11: $: 不是有效的 YAML：从第 11 行开始的方括号列表 [ ] 在这里缺少逗号或 ]（遇到了':'）"],
        ["{file}:12:11: $: is not valid YAML: expected ',' or ']', but got ':'"],
        id="unclosed-flow-list",
    ),
    pytest.param(
        "- 法治培训服务\n- 2023\n",
        ["{file}:1:1: $: 顶层应为映射（键值对），实际为 list"],
        ["{file}:1:1: $: the top level should be a mapping, not list"],
        id="top-level-list",
    ),
    pytest.param(
        "",
        ["{file}: $: 顶层应为映射（键值对），实际为 null"],
        ["{file}: $: the top level should be a mapping, not null"],
        id="empty-file",
    ),
    pytest.param(
        "# 尚未填写\n",
        ["{file}: $: 顶层应为映射（键值对），实际为 null"],
        ["{file}: $: the top level should be a mapping, not null"],
        id="comments-only",
    ),
    pytest.param(
        None,
        ["{file}: $: 文件不存在"],
        ["{file}: $: no such file"],
        id="missing-file",
    ),
    pytest.param(
        changed("year: 2023", "year: 1800").replace("unit: 万元", "unit: 美元").replace(LAST_ROW_WEIGHT, '    actual: "92%"\n    weight: -5\n'),
        [
            "{file}:1:7: $.year: 1800 小于最小值 1990",
            "{file}:4:9: $.budget.unit: '美元' 不是可选值 ['元', '千元', '万元', '亿元', None] 之一",
            "{file}:25:13: $.indicators[3].weight: -5 小于最小值 0",
        ],
        [
            "{file}:1:7: $.year: 1800 is less than the minimum of 1990",
            "{file}:4:9: $.budget.unit: '美元' is not one of ['元', '千元', '万元', '亿元', None]",
            "{file}:25:13: $.indicators[3].weight: -5 is less than the minimum of 0",
        ],
        id="three-problems-all-listed",
    ),
]


def _load_invalid(tmp_path: Path, text: str | None, lang: str) -> tuple[Path, FormError]:
    path = tmp_path / "form.yaml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(FormError) as caught:
        load_form(path, lang=lang)  # type: ignore[arg-type]
    return path, caught.value


@pytest.mark.parametrize(("text", "zh", "en"), INVALID_FORMS)
def test_rejects_invalid_form_with_exact_chinese_problems(tmp_path: Path, text: str | None, zh: list[str], en: list[str]) -> None:
    path, error = _load_invalid(tmp_path, text, "zh")

    assert str(error).splitlines() == [line.format(file=path) for line in zh]


@pytest.mark.parametrize(("text", "zh", "en"), INVALID_FORMS)
def test_rejects_invalid_form_with_exact_english_problems(tmp_path: Path, text: str | None, zh: list[str], en: list[str]) -> None:
    path, error = _load_invalid(tmp_path, text, "en")

    assert str(error).splitlines() == [line.format(file=path) for line in en]


def test_a_row_without_a_weight_loads_with_its_weight_unknown(tmp_path: Path) -> None:
    form = load_form(written(tmp_path, changed(LAST_ROW_WEIGHT, '    actual: "92%"\n')))

    assert form.indicators[3].weight is None


def test_form_error_is_a_value_error_and_a_selfeval_error(tmp_path: Path) -> None:
    _, error = _load_invalid(tmp_path, changed("year: 2023", "year: 1800"), "zh")

    assert isinstance(error, ValueError)
    assert isinstance(error, SelfEvalError)


def test_form_error_carries_its_source_and_located_problems(tmp_path: Path) -> None:
    text = changed("year: 2023", "year: 1800").replace(LAST_ROW_WEIGHT, '    actual: "92%"\n    weight: -5\n')
    path, error = _load_invalid(tmp_path, text, "en")

    assert error.source == str(path)
    assert error.problems == (
        Problem("$.year", "1800 is less than the minimum of 1990", 1, 7),
        Problem("$.indicators[3].weight", "-5 is less than the minimum of 0", 25, 13),
    )


def test_the_most_relevant_problem_comes_first(tmp_path: Path) -> None:
    # The schema checks indicators before reported_grade; the shallower problem is listed first all the same.
    text = changed(LAST_ROW_WEIGHT, '    actual: "92%"\n    weight: -5\n') + "reported_grade: 甲\n"
    _, error = _load_invalid(tmp_path, text, "en")

    assert [p.path for p in error.problems] == ["$.reported_grade", "$.indicators[3].weight"]


def test_a_missing_key_of_the_whole_form_comes_before_a_row_problem(tmp_path: Path) -> None:
    text = changed(LAST_ROW_WEIGHT, '    actual: "92%"\n    weight: -5\n').replace("project: 法治培训服务\n", "")
    _, error = _load_invalid(tmp_path, text, "en")

    assert [p.path for p in error.problems] == ["$", "$.indicators[3].weight"]
    assert error.problems[0].message == "'project' is a required property"


def test_a_json_form_problem_has_a_path_but_no_line(tmp_path: Path) -> None:
    path = written(tmp_path, '{"project": "示例", "indicators": [{"name": "人数", "weight": -5}]}', "form.json")

    with pytest.raises(FormError) as caught:
        load_form(path, lang="en")

    assert str(caught.value) == f"{path}: $.indicators[0].weight: -5 is less than the minimum of 0"
    assert caught.value.problems == (Problem("$.indicators[0].weight", "-5 is less than the minimum of 0"),)


def test_invalid_json_is_reported_with_line_and_column(tmp_path: Path) -> None:
    path = written(tmp_path, '{"project": "示例",\n "indicators": [}', "form.json")

    with pytest.raises(FormError) as caught:
        load_form(path, lang="en")

    assert str(caught.value) == f"{path}:2:17: $: is not valid JSON: Expecting value"


def test_a_mapping_form_problem_names_the_mapping() -> None:
    with pytest.raises(FormError) as caught:
        load_form({"project": "示例", "indicators": [{"name": "人数", "weight": -0.5}]}, lang="en")

    assert str(caught.value) == "<mapping>: $.indicators[0].weight: -0.5 is less than the minimum of 0"
    assert caught.value.source == "<mapping>"


def test_rejects_duplicate_keys_in_json(tmp_path: Path) -> None:
    path = written(tmp_path, '{"project": "甲", "project": "乙", "indicators": []}', "form.json")

    with pytest.raises(FormError) as caught:
        load_form(path, lang="en")

    assert str(caught.value) == f"{path}:1:18: $.project: the key 'project' appears twice"


def test_rejects_a_negative_amount_written_as_text(tmp_path: Path) -> None:
    path = written(tmp_path, changed("  annual: 66.2", '  annual: "-66.2"'))

    with pytest.raises(FormError):
        load_form(path, lang="en")
