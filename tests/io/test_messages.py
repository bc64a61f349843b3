"""Problems are told in the user's language: all at once, each located, its value quoted briefly, with
"did you mean" for a misspelt key or value, YAML syntax explained in Chinese (PyYAML's own words in
English), and full-width digits read where a form takes a number.

`{file}` in an expected line stands for the path of the file the case writes.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from selfeval_rules import load_form, load_policy
from selfeval_rules.cli import main
from selfeval_rules.errors import DocumentError, FormError
from selfeval_rules.io import _documents, read_text

# A child of central-2020 with three mistakes, one per rule line: a misspelt key, a misspelt kind,
# a misspelt grade inside an outcome.
THREE_MISTAKES = """\
name: three
extends: central-2020
title: 三处错误
version: "1"
sources:
  local: 测试
rules:
  - id: output
    source: local
    when: {kind: comparsion, level1: 产出指标}
    notmet: ratio
  - id: other
    when: {kind: comparison}
    unmet: {grade: partial}
"""


def written(tmp_path: Path, text: str, name: str = "policy.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(source: Any, lang: str = "zh", loader: Any = load_policy, path: Path | None = None) -> list[str]:
    with pytest.raises(DocumentError) as caught:
        loader(source, lang=lang)
    text = str(caught.value)
    return (text.replace(str(path), "{file}") if path else text).splitlines()


# --- every problem at once -----------------------------------------------------------------------


def test_a_policy_with_three_mistakes_names_all_three_with_suggestions(tmp_path: Path) -> None:
    path = written(tmp_path, THREE_MISTAKES)

    assert problems(path, path=path) == [
        "{file}:11:5: $.rules[0].notmet: 不认识的键 'notmet'（是不是 'unmet'？）",
        "{file}:14:20: $.rules[1].unmet.grade: 'partial' 不是可选值 ['met', 'partly', 'not_met'] 之一（是不是 'partly'？）",
        "{file}:10:18: $.rules[0].when.kind: 'comparsion' 不是可选值 ['comparison', 'range', 'deadline', 'qualitative'] 之一（是不是 'comparison'？）",
    ]
    assert problems(path, "en", path=path) == [
        "{file}:11:5: $.rules[0].notmet: unknown key 'notmet' (did you mean 'unmet'?)",
        "{file}:14:20: $.rules[1].unmet.grade: 'partial' is not one of ['met', 'partly', 'not_met'] (did you mean 'partly'?)",
        "{file}:10:18: $.rules[0].when.kind: 'comparsion' is not one of ['comparison', 'range', 'deadline', 'qualitative'] (did you mean 'comparison'?)",
    ]


def test_policy_validate_lists_the_three_mistakes(tmp_path: Path) -> None:
    path = written(tmp_path, THREE_MISTAKES)
    out, err = io.StringIO(), io.StringIO()

    status = main(["policy", "validate", str(path), "--lang", "en"], out=out, err=err)

    assert status == 1
    assert out.getvalue().replace(str(path), "{file}").splitlines() == [
        "✗ {file}: 3 problem(s)",
        "  {file}:11:5: $.rules[0].notmet: unknown key 'notmet' (did you mean 'unmet'?)",
        "  {file}:14:20: $.rules[1].unmet.grade: 'partial' is not one of ['met', 'partly', 'not_met'] (did you mean 'partly'?)",
        ("  {file}:10:18: $.rules[0].when.kind: 'comparsion' is not one of ['comparison', 'range', 'deadline', 'qualitative']"
         " (did you mean 'comparison'?)"),
    ]


def test_mistakes_inside_one_band_table_are_each_named_not_dumped(tmp_path: Path) -> None:
    # one outcome, three mistakes inside it: the outcome is told apart by its keys (on, bands), and
    # its own problems are listed, instead of one truncated dump of the whole table
    text = THREE_MISTAKES.split("rules:")[0] + (
        "rules:\n  - id: output\n    source: local\n    when: {kind: comparison, level1: 产出指标}\n    unmet:\n"
        "      on: ratoi\n      bands:\n"
        '        - {when: "[0, 0.5)", shar: 0.5}\n        - {when: "[0.5, 1]", grade: notmet}\n'
    )
    path = written(tmp_path, text)

    assert problems(path, "en", path=path) == [
        "{file}:12:11: $.rules[0].unmet.on: 'ratoi' is not one of ['ratio', 'delay_days', 'delay_months'] (did you mean 'ratio'?)",
        "{file}:14:30: $.rules[0].unmet.bands[0].shar: unknown key 'shar' (did you mean 'share'?)",
        "{file}:14:11: $.rules[0].unmet.bands[0]: needs one of 'share', 'score', 'grade'",
        "{file}:15:37: $.rules[0].unmet.bands[1].grade: 'notmet' is not one of ['met', 'partly', 'not_met'] (did you mean 'not_met'?)",
    ]


def test_a_band_with_two_of_share_score_and_grade_is_named(tmp_path: Path) -> None:
    text = THREE_MISTAKES.split("rules:")[0] + (
        "rules:\n  - id: output\n    when: {kind: comparison}\n    unmet:\n      on: ratio\n      bands:\n"
        '        - {when: "[0, 1]", share: 0.5, score: 1}\n'
    )
    path = written(tmp_path, text)

    assert problems(path, path=path) == ["{file}:13:11: $.rules[0].unmet.bands[0]: 'share'、'score'、'grade' 只能写其中一项"]


def test_a_value_of_no_type_an_alternative_takes_names_every_type(tmp_path: Path) -> None:
    text = THREE_MISTAKES.split("rules:")[0] + "rules:\n  - id: output\n    when: {kind: comparison}\n    unmet: {score: true}\n"
    path = written(tmp_path, text)

    assert problems(path, "en", path=path) == ["{file}:10:20: $.rules[0].unmet.score: true is not of type ['number', 'string']"]


def test_a_mapping_where_text_belongs_is_quoted_briefly() -> None:
    form = {"project": {"name": "法治培训", "year": 2023, "rows": [1, 2], "more": "x" * 500}, "indicators": []}

    assert problems(form, "en", load_form) == ["<mapping>: $.project: {name: '法治培训', year: 2023, rows: […], …} is not of type 'string'"]


# --- did you mean --------------------------------------------------------------------------------

FORM = "project: 法治培训\nbudget:\n  weight: 10\nindicators:\n  - name: 人数\n    target: ≥45人\n    weight: 5\n"

# (text of a form with one misspelt key, the key's path, the suggestion)
MISSPELT_FORM_KEYS = [
    pytest.param(FORM.replace("    weight: 5", "    weigth: 5"), "$.indicators[0].weigth", "weight", id="weigth"),
    pytest.param(FORM.replace("target:", "traget:"), "$.indicators[0].traget", "target", id="traget"),
    pytest.param(FORM.replace("budget:", "budegt:"), "$.budegt", "budget", id="budegt"),
    pytest.param(FORM + "    reported_scroe: 5\n", "$.indicators[0].reported_scroe", "reported_score", id="reported_scroe"),
    pytest.param(FORM + "    deviaton: 无\n", "$.indicators[0].deviaton", "deviation", id="deviaton"),
]


@pytest.mark.parametrize(("text", "where", "suggestion"), MISSPELT_FORM_KEYS)
def test_a_misspelt_form_key_gets_the_key_it_resembles(tmp_path: Path, text: str, where: str, suggestion: str) -> None:
    path = written(tmp_path, text, "form.yaml")
    key = where.rsplit(".", 1)[-1]

    found = problems(path, "en", load_form, path)

    assert f"{where}: unknown key '{key}' (did you mean '{suggestion}'?)" in [line.split(": ", 1)[1] for line in found]


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("colour: blue\n", "$.colour: unknown key 'colour'", id="no-key-is-close"),
    pytest.param("on: 1\n", "$.on: unknown key 'on'", id="too-short-to-tell"),
])
def test_no_suggestion_when_no_key_is_close(tmp_path: Path, text: str, expected: str) -> None:
    path = written(tmp_path, FORM + text, "form.yaml")

    assert [line.split(": ", 1)[1] for line in problems(path, "en", load_form, path)] == [expected]


def test_a_misspelt_unit_of_two_characters_gets_no_suggestion(tmp_path: Path) -> None:
    # 美元 is not a misspelt 元: words of one or two characters get no guess
    path = written(tmp_path, FORM.replace("  weight: 10\n", "  weight: 10\n  unit: 美元\n"), "form.yaml")

    assert problems(path, "zh", load_form, path) == ["{file}:4:9: $.budget.unit: '美元' 不是可选值 ['元', '千元', '万元', '亿元', None] 之一"]


def test_a_misspelt_key_is_matched_by_what_its_value_fits(tmp_path: Path) -> None:
    # notmet is as close to note as to unmet; its value, an outcome, fits only unmet
    path = written(tmp_path, THREE_MISTAKES.replace("notmet: ratio", "notmet: {share: 0.5}"))

    assert problems(path, "en", path=path)[0] == "{file}:11:5: $.rules[0].notmet: unknown key 'notmet' (did you mean 'unmet'?)"


# --- YAML syntax, explained ----------------------------------------------------------------------

# (text, line:column, Chinese explanation, PyYAML's English)
SYNTAX_ERRORS = [
    pytest.param("project: x\nindicators:\n\t- name: a\n", "3:1", "用了制表符（Tab）；YAML 只能用空格缩进和分隔",
                 "found character '\\t' that cannot start any token", id="tab-for-indentation"),
    pytest.param("project: x\nindicators:\n  - name: a\n weight: 5\n", "4:2", "缩进不对：这一行与上面同一层的内容没有对齐（遇到了一个键）",
                 "expected <block end>, but found '<block mapping start>'", id="bad-indentation"),
    pytest.param('project: "法治培训\nindicators: []\n', "3:1", "引号没有闭合：第 1 行第 10 列开始的字符串直到文件末尾都没有结束引号",
                 "found unexpected end of stream", id="unclosed-quote"),
    pytest.param("project: 法治: 培训\n", "1:12", "这里不能出现“键: 值”：可能是值里含有“: ”（请给整个值加引号），或这一行缩进不对",
                 "mapping values are not allowed here", id="mapping-value-not-allowed"),
    pytest.param("project: &a x\ndepartment: &a y\n", "2:13", "锚点 'a' 重复定义（第一次在第 1 行）",
                 "found duplicate anchor 'a'; first occurrence (line 1), second occurrence", id="duplicate-anchor"),
    pytest.param("project: *x\n", "1:10", "别名 'x' 没有对应的锚点（& 须写在 * 之前）", "found undefined alias 'x'", id="undefined-alias"),
    pytest.param("indicators: [a, b\nproject: x\n", "2:8", "从第 1 行开始的方括号列表 [ ] 在这里缺少逗号或 ]（遇到了':'）",
                 "expected ',' or ']', but got ':'", id="unclosed-bracket"),
    pytest.param("budget: {weight: 10\nproject: x\n", "2:8", "从第 1 行开始的花括号映射 { } 在这里缺少逗号或 }（遇到了':'）",
                 "expected ',' or '}', but got ':'", id="unclosed-brace"),
    pytest.param("project: x\nindicators\nnote: y\n", "3:1", "第 2 行的键后面缺少冒号“: ”", "could not find expected ':'", id="key-without-colon"),
    pytest.param("project: @x\n", "1:10", "字符 @ 不能作为值的开头（@ 和 ` 是保留字符）；请给整个值加上引号",
                 "found character '@' that cannot start any token", id="reserved-character"),
    pytest.param('project: "C:\\q"\n', "1:14", "双引号字符串里有未知的转义 \\q；要写反斜杠本身请写 \\\\，或改用单引号",
                 "found unknown escape character 'q'", id="unknown-escape"),
    pytest.param("project: a\n---\nproject: b\n", "2:1", "一个文件只能有一个 YAML 文档，这里又以 --- 开始了一个",
                 "expected a single document in the stream (line 1), but found another document", id="two-documents"),
    pytest.param("project: [a, ]]\n", "1:15", "这里不应出现']'：可能多写或少写了括号、引号，或缩进不对",
                 "expected <block end>, but found ']'", id="extra-bracket"),
    pytest.param("note: |x\n  text\n", "1:8", "块文字（| 或 >）这一行的写法不对：| 或 > 后面只能跟缩进数字、+ 或 -",
                 "expected chomping or indentation indicators, but found 'x'", id="block-scalar-header"),
]


@pytest.mark.parametrize(("text", "where", "zh", "en"), SYNTAX_ERRORS)
def test_a_yaml_syntax_error_is_explained_in_chinese_and_kept_in_english(parser: str, text: str, where: str, zh: str, en: str) -> None:
    assert problems(text, "zh", lambda t, lang: read_text(t, "f.yaml", lang=lang)) == [f"f.yaml:{where}: $: 不是有效的 YAML：{zh}"]
    assert problems(text, "en", lambda t, lang: read_text(t, "f.yaml", lang=lang)) == [f"f.yaml:{where}: $: is not valid YAML: {en}"]


def test_an_unknown_yaml_problem_keeps_pyyamls_words_in_chinese_too() -> None:
    error = _documents.yaml.scanner.ScannerError("while scanning something new", None, "found a novelty", None)

    assert _documents._explained(error, "zh") == "不是有效的 YAML：found a novelty"


# --- full-width digits ---------------------------------------------------------------------------

FULL_WIDTH_FORM = """\
year: ２０２３
project: １号楼修缮
phone: ０１０－１２３４５
budget:
  weight: １０
  annual: "２５８.２"
  executed: ２５０，０００.５
  reported_rate: ９７.０６％
indicators:
  - name: 人数
    target: ≥４５人
    actual: ４５人
    weight: ５.００
    reported_score: ５
"""


@pytest.mark.parametrize("source", ["yaml", "mapping"])
def test_full_width_digits_in_a_forms_number_fields_are_read_as_the_number(tmp_path: Path, source: str) -> None:
    path = written(tmp_path, FULL_WIDTH_FORM, "form.yaml")
    form = load_form(path if source == "yaml" else dict(_documents.read_file(path).data))

    assert form.year == 2023
    assert form.budget is not None
    assert (str(form.budget.weight), str(form.budget.annual), str(form.budget.executed)) == ("10", "258.2", "250000.5")
    assert (str(form.budget.reported_rate), form.budget.reported_rate_places) == ("97.06", 2)
    row = form.indicators[0]
    assert (str(row.weight), str(row.reported_score)) == ("5.00", "5")


def test_full_width_digits_beyond_the_number_limits_are_refused_where_they_stand() -> None:
    # folded to ASCII they would be a 40-digit weight and a 5,000-digit year; left as written, the
    # schema refuses them at their paths (before: the weight loaded, the year raised ValueError)
    data = {"year": "２" * 5000, "project": "x", "indicators": [{"name": "人数", "target": "≥4５人", "actual": "45人",
                                                                  "weight": "１" * 40, "reported_score": "5"}]}
    with pytest.raises(FormError) as caught:
        load_form(data)
    paths = {problem.path for problem in caught.value.problems}
    assert {"$.year", "$.indicators[0].weight"} <= paths


def test_full_width_digits_in_text_are_kept_as_written(tmp_path: Path) -> None:
    form = load_form(written(tmp_path, FULL_WIDTH_FORM, "form.yaml"))

    assert (form.project, form.phone) == ("１号楼修缮", "０１０－１２３４５")
    row = form.indicators[0]
    assert (row.target, row.actual) == ("≥４５人", "４５人")  # as printed; the target grammar reads them
    assert str(row.target_value) == "≥45人"


def test_a_superscript_is_not_a_digit(tmp_path: Path) -> None:
    path = written(tmp_path, FULL_WIDTH_FORM.replace("weight: ５.００", "weight: ５²"), "form.yaml")

    assert problems(path, "en", load_form, path) == ["{file}:13:13: $.indicators[0].weight: '５²' is not of type 'number'"]


def test_full_width_digits_in_a_policy_are_named_not_read(tmp_path: Path) -> None:
    path = written(tmp_path, THREE_MISTAKES.split("rules:")[0] + "weights:\n  total: １００\n")

    assert problems(path, path=path) == ["{file}:8:10: $.weights.total: '１００' 含全角字符；这里的数字请用半角书写：100"]
    assert problems(path, "en", path=path) == ["{file}:8:10: $.weights.total: '１００' has full-width characters; write the number in ASCII here: 100"]
