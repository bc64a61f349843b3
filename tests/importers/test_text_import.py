"""The text of a PDF imports into canonical forms: the two seed texts exactly as their example YAML,
variants of their layout the same way, and bad files as located refusals.

Golden data come from `examples/forms/*.yaml` (transcribed by hand from the seed texts, which are
copied under `fixtures/`); the variants' expected values are written next to them.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import importer_pdf_helpers as helpers
import pytest

from selfeval_rules.errors import FormError
from selfeval_rules.io.importers.base import ImportedForm
from selfeval_rules.io.importers.text import decode, forms_from_text, read
from selfeval_rules.messages import message
from selfeval_rules.messages.importers import MESSAGES

FIXTURES = helpers.FIXTURES
SEEDS = {
    "000_emergency_volunteers": FIXTURES / "seed_000_emergency_volunteers.txt",
    "004_legal_training": FIXTURES / "seed_004_legal_training.txt",
}


def expected(name: str) -> dict:
    return helpers.load_exact(helpers.EXAMPLES / f"{name}.yaml")


def only(forms: list[ImportedForm]) -> ImportedForm:
    assert len(forms) == 1, [f.source for f in forms]
    return forms[0]


def codes(form: ImportedForm) -> list[tuple[str, str]]:
    return [(n.path, n.code) for n in form.notes]


# --- the seeds -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_text_imports_to_the_example_form_exactly(name: str) -> None:
    form = only(read(SEEDS[name]))
    helpers.assert_same_data(form.data, expected(name))
    assert form.source == str(SEEDS[name])
    # the only note: 成本指标 printed at level 1 is read into 产出指标, as the examples transcribe it
    assert codes(form) == [("$.indicators", "import.text.cost_level1")]


def test_seed_keeps_amounts_exact_as_printed() -> None:
    budget = only(read(SEEDS["000_emergency_volunteers"])).data["budget"]
    assert str(budget["annual"]) == "258.200000"  # 项目资金 row of seed 000
    assert budget["breakdown"]["carryover"] is None  # printed "— — — — — —"


@pytest.mark.parametrize(
    "encoding, prefix",
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("utf-16", b"")],
    ids=["utf-8", "utf-8-bom", "gb18030", "utf-16-bom"],
)
def test_seed_reads_the_same_in_every_encoding(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "seed.txt"
    path.write_bytes(prefix + SEEDS["004_legal_training"].read_text(encoding="utf-8").encode(encoding))
    helpers.assert_same_data(only(read(path)).data, expected("004_legal_training"))


def test_two_forms_in_one_text_are_numbered_from_one() -> None:
    text = "\n".join(SEEDS[name].read_text(encoding="utf-8") for name in sorted(SEEDS))
    forms = forms_from_text(text, "both.txt")
    assert [f.source for f in forms] == ["both.txt#1", "both.txt#2"]
    for form, name in zip(forms, sorted(SEEDS)):
        helpers.assert_same_data(form.data, expected(name))


def test_page_furniture_between_pages_is_ignored() -> None:
    text = SEEDS["000_emergency_volunteers"].read_text(encoding="utf-8")
    text = text.replace("\n\n\n\n绩\n效", "\n12/1/26, 12:24 AM\nfile:///tmp/form.html 1/2\n第 1 页 共 2 页\n\f绩\n效")
    helpers.assert_same_data(only(forms_from_text(text, "x.txt")).data, expected("000_emergency_volunteers"))


# --- variants of the layout ----------------------------------------------------------------------

HEAD = """项目支出绩效自评表
（2022年度）
项目名称：社区培训
主管部门：某区民政局 实施单位：某街道办事处
"""


def test_columns_follow_the_printed_header_order() -> None:
    text = HEAD + """一级指标 二级指标 三级指标 实际完成值（B） 年度指标值（A） 得分 分值 偏差原因分析及改进措施
产出指标 数量指标 培训人数 40人 ≥45人 4.44 5.00 部分学员未到
数量指标 培训场次 6场 =6场 5.00 5.00
总分： 100.00 95.00
"""
    rows = only(forms_from_text(text, "x.txt")).data["indicators"]
    assert rows == [
        {"level1": "产出指标", "level2": "数量指标", "name": "培训人数", "target": "≥45人", "actual": "40人",
         "weight": Decimal("5.00"), "reported_score": Decimal("4.44"), "deviation": "部分学员未到"},
        {"level1": "产出指标", "level2": "数量指标", "name": "培训场次", "target": "=6场", "actual": "6场",
         "weight": Decimal("5.00"), "reported_score": Decimal("5.00")},
    ]


def test_wrapped_cells_are_joined_back() -> None:
    # a name wrapped mid-word, a target wrapped before 前, a deviation over three lines
    text = HEAD + """一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施
产出指标
时效指标 完成公开招标，开
始实施
定性2023年5月底
前
2023年6月 5.00 3.00
火灾后增加大量工作导
致招标工作延迟，建议
完善项目管理
总分 100 97
"""
    [row] = only(forms_from_text(text, "x.txt")).data["indicators"]
    assert row["name"] == "完成公开招标，开始实施"
    assert row["target"] == "定性2023年5月底前"
    assert row["actual"] == "2023年6月"
    assert row["deviation"] == "火灾后增加大量工作导致招标工作延迟，建议完善项目管理"


def test_split_target_columns_are_joined_and_weights_read_from_the_weight_column() -> None:
    # Sichuan's template: 指标性质 | 指标值 | 度量单位, and 权重 for the weight
    text = HEAD + """一级指标 二级指标 三级指标 指标性质 指标值 度量单位 实际完成值 权重 得分
产出指标 质量指标 验收合格率 ≥ 90 % 95% 10 10
产出指标 数量指标 培训人次 ≧ 735 人次 740人次 20 20
总分 100 100
"""
    rows = only(forms_from_text(text, "x.txt")).data["indicators"]
    assert [(r["target"], r["actual"], r["weight"]) for r in rows] == [
        ("≥90%", "95%", Decimal(10)),
        ("≧735人次", "740人次", Decimal(20)),
    ]


def test_amounts_in_yuan_keep_their_unit_and_drop_thousands_separators() -> None:
    text = HEAD + """项目资金（元）
年初预算数 全年预算数（A） 全年执行数（B） 分值 执行率 得分
年度资金总额 2,582,000.00 2,582,000.00 2,581,600.50 10 99.98% 10
其中：本年财政拨款 2,582,000.00 2,582,000.00 2,581,600.50 — — —
上年结转资金 / / / / / /
一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施
产出指标 数量指标 培训人数 ≥45人 45人 90 90
总分 100 100
"""
    budget = only(forms_from_text(text, "x.txt")).data["budget"]
    assert budget["unit"] == "元"
    assert (budget["annual"], str(budget["executed"])) == (Decimal("2582000.00"), "2581600.50")
    assert budget["reported_rate"] == "99.98%"
    assert budget["breakdown"] == {
        "fiscal": {"initial": Decimal("2582000.00"), "annual": Decimal("2582000.00"), "executed": Decimal("2581600.50")},
        "carryover": None,
    }


def test_hubei_form_has_no_weights_and_says_so() -> None:
    # Hubei's 20/80 form: one budget row worth 20, indicators in 年度绩效目标 blocks, no 分值 column
    text = """项目支出绩效自评表
（2021年度）
项目名称 农村公路养护
主管部门 某县交通运输局 实施单位 某县公路管理局
项目资金（万元） 预算数（A） 执行数（B） 执行率（B/A） 得分（20分）
100.00 98.00 98.00% 19.60
一级指标 二级指标 三级指标 年初目标值（A） 实际完成值（B） 得分
年度绩效目标1（40分）
产出指标（30分） 数量指标 养护里程 ≥266公里 270公里 20
质量指标 路况优良率 ≥90% 92% 10
效益指标（10分） 社会效益指标 群众出行条件 显著改善 显著改善 10
总分 99.60
"""
    form = only(forms_from_text(text, "hubei.txt"))
    rows = form.data["indicators"]
    assert [r.get("weight") for r in rows] == [None, None, None]
    assert [(r["group"], r["level1"], r["level2"], r["reported_score"]) for r in rows] == [
        ("年度绩效目标1", "产出指标", "数量指标", Decimal(20)),
        ("年度绩效目标1", "产出指标", "质量指标", Decimal(10)),
        ("年度绩效目标1", "效益指标", "社会效益指标", Decimal(10)),
    ]
    assert form.data["groups"] == [
        {"name": "年度绩效目标1", "points": Decimal(40)},
        {"name": "产出指标", "points": Decimal(30)},
        {"name": "效益指标", "points": Decimal(10)},
    ]
    assert form.data["budget"]["weight"] == Decimal(20)
    assert form.data["reported_total"] == Decimal("99.60")
    assert {("$.indicators", "import.text.no_weight_column"), ("$.indicators", "import.weights_not_printed")} & set(codes(form))


def test_a_row_whose_columns_cannot_be_told_apart_leaves_them_out_with_a_note() -> None:
    # "≥100 5.00 5.00": is 5.00 the actual, or is the actual missing? The row cannot say.
    text = HEAD + """一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分
产出指标 数量指标 培训人数 ≥100 5.00 5.00
总分 100 100
"""
    form = only(forms_from_text(text, "x.txt"))
    [row] = form.data["indicators"]
    assert row == {"level1": "产出指标", "level2": "数量指标", "name": "培训人数", "target": "≥100"}
    assert codes(form) == [("$.indicators[0]", "import.text.ambiguous_row")]


def test_cells_printed_a_column_at_a_time_are_read_with_a_note_to_check_them() -> None:
    # pdfminer's text boxes: names, targets, actuals, weights, scores each a box of their own, one
    # under another. The rows are inferred, not read, so the form says so: two rows' numbers could
    # be swapped and still add up (golden values: the boxes below, row by row)
    boxes = [HEAD.strip(), "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分", "产出指标 数量指标",
             "培训人数\n开展场次", "≥45人\n=6场", "40人\n6场", "5.00\n5.00", "4.44\n5.00", "总分 100.00 95.00"]
    form = only(forms_from_text("\n\n".join(boxes), "x.txt"))
    rows = [(r["name"], r["target"], r["actual"], r["weight"], r["reported_score"]) for r in form.data["indicators"]]
    assert rows == [("培训人数", "≥45人", "40人", Decimal("5.00"), Decimal("4.44")),
                    ("开展场次", "=6场", "6场", Decimal("5.00"), Decimal("5.00"))]
    assert ("$", "import.text.cells_inferred") in codes(form)


def _column_boxes(n: int, total: str | None = None) -> str:
    """A form whose n indicator rows are printed a column at a time, each column a text box of its
    own (as pdfminer prints a table whose rows are all one line high): weights 5.00 and scores 4.00
    everywhere, so the 总分 row prints 5n and 4n (or `total`)."""
    return "\n\n".join([
        HEAD.strip(), "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分", "产出指标 数量指标",
        "\n".join(f"培训{i}人数" for i in range(n)), "\n".join(f"≥{i}人" for i in range(n)),
        "\n".join(f"{i}人" for i in range(n)), "\n".join(["5.00"] * n), "\n".join(["4.00"] * n),
        f"总分 {total or f'{5 * n}.00 {4 * n}.00'}"])


@pytest.mark.parametrize("n", [6, 15, 30, 60])
def test_boxes_of_a_table_printed_a_column_at_a_time_are_read_down_their_columns(n: int) -> None:
    # the weights' box and the scores' box could be read across the rows (5.00/5.00 on the first
    # rows, 4.00/4.00 on the last: full marks everywhere, which the rows' prior likes) or down their
    # columns (5.00/4.00 on every row); only the second adds up to the 总分 row (5n, 4n). The names'
    # box runs n rows ahead of every other column, as such a table is printed
    form = only(forms_from_text(_column_boxes(n), "x.txt"))
    rows = [(r["name"], r["target"], r["actual"], r["weight"], r["reported_score"]) for r in form.data["indicators"]]
    assert rows == [(f"培训{i}人数", f"≥{i}人", f"{i}人", Decimal("5.00"), Decimal("4.00")) for i in range(n)]
    assert form.data["reported_total"] == Decimal(4 * n)
    assert ("$.indicators", "import.text.sums_disagree") not in codes(form)


def test_inferred_rows_whose_scores_do_not_add_up_to_the_total_say_so() -> None:
    # a 总分 row no reading can meet: fifteen scores of 5.00 or 4.00 add up to 60–75, never 50.00
    form = only(forms_from_text(_column_boxes(15, total="75.00 50.00"), "x.txt"))
    scores = sum(row["reported_score"] for row in form.data["indicators"] if "reported_score" in row)
    notes = {(n.path, n.code): n for n in form.notes}
    assert ("$", "import.text.cells_inferred") in notes
    assert notes[("$.indicators", "import.text.sums_disagree")].params == {"scores": scores, "total": Decimal("50.00")}


def test_a_table_header_without_a_readable_row_is_noted_not_passed_over() -> None:
    # a header, then a thousand names and nothing else: not one row can be read, and the form says
    # so instead of coming back with no indicators and no word
    text = "\n\n".join([HEAD.strip(), "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分",
                         "\n".join(f"培训{i}人数" for i in range(1000))])
    form = only(forms_from_text(text, "x.txt"))
    assert not form.data.get("indicators")
    assert [n.path for n in form.notes if n.path.startswith("$.indicators")]


def test_an_out_of_order_table_too_long_to_decode_is_refused_with_a_note_not_waited_on() -> None:
    from selfeval_rules.io.importers._textcells import MAX_TOKENS, read_forms

    # names, targets, actuals, weights and scores of 300 rows, a box each: 1,500 tokens > MAX_TOKENS (800)
    n = 300
    boxes = [HEAD.strip(), "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分",
             "\n".join(f"培训{i}人数" for i in range(n)), "\n".join(f"≥{i}人" for i in range(n)),
             "\n".join(f"{i}人" for i in range(n)), "\n".join(["5.00"] * n), "\n".join(["4.00"] * n)]
    [(_grid, notes)] = read_forms("\n\n".join(boxes))
    [params] = [p for path, code, p in notes if code == "import.text.too_long"]
    assert params["most"] == MAX_TOKENS < params["tokens"]


def test_text_printed_a_row_a_line_carries_no_inferred_cells_note() -> None:
    text = HEAD + """一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分
产出指标 数量指标 培训人数 ≥45人 40人 5.00 4.44
数量指标 开展场次 =6场 6场 5.00 5.00
总分 100.00 95.00
"""
    form = only(forms_from_text(text, "x.txt"))
    assert [r["reported_score"] for r in form.data["indicators"]] == [Decimal("4.44"), Decimal("5.00")]
    assert ("$", "import.text.cells_inferred") not in codes(form)


# --- bad input -----------------------------------------------------------------------------------

BAD_FILES = [
    pytest.param(b"", "import.text.empty", id="empty"),
    pytest.param(b"  \n\n ", "import.text.empty", id="blank"),
    pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "import.text.binary", id="pdf-renamed-txt"),
    pytest.param(bytes(range(256)) * 4, "import.text.binary", id="binary"),
    pytest.param("这是一份会议纪要，没有表格。\n".encode(), "import.text.no_form", id="no-form"),
]


@pytest.mark.parametrize("content, code", BAD_FILES)
def test_bad_file_is_refused_with_a_located_message(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(FormError) as caught:
        read(path)
    [problem] = caught.value.problems
    assert caught.value.source == str(path)
    assert problem.path == "$"
    params = {"what": "PDF" if b"%PDF" in content else "binary"}
    assert problem.message == message(code, "zh", **params)


def test_missing_file_is_refused_not_raised_as_oserror(tmp_path: Path) -> None:
    with pytest.raises(FormError, match="无法读取文件"):
        read(tmp_path / "nowhere.txt")


def test_decode_refuses_bytes_in_no_known_encoding() -> None:
    with pytest.raises(FormError) as caught:
        decode(b"\xff\xfe\x00\x00\x81" * 100 + b"\x00" * 10, "x.txt", lang="en")
    assert "not a text file" in caught.value.problems[0].message


def test_every_text_and_pdf_message_has_both_languages_and_fills() -> None:
    ours = {code: texts for code, texts in MESSAGES.items() if code.startswith(("import.text.", "import.pdf."))}
    assert len(ours) >= 15
    params = {"what": "PDF", "error": "x", "field": "项目名称", "text": "a b", "columns": 3, "values": "1 2",
              "value": "100", "pages": 2, "package": "pdfplumber", "groups": "年度绩效目标1: 1–8",
              "scores": "68.00", "total": "60.00", "tokens": 1300, "most": 800}
    for code, (zh, en) in ours.items():
        assert zh and en and zh != en, code
        assert message(code, "zh", **params) and message(code, "en", **params)
