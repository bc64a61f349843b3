"""Blank forms to fill in: an Excel workbook laid out as the official template, and a YAML skeleton.

`template_xlsx` gives the layout of the central 项目支出绩效自评表 (title, header rows, the 项目资金
block, 年度总体目标, the 绩效指标 table with empty rows under each level-1 group, the 总分 row), with
number formats on amounts, rates and scores and data validation on what a person types (amounts,
weights and scores are decimals ≥ 0; 一级指标 and 二级指标 come from a list). Filled in, it imports
back (`xlsx.read`) with no notes. The labels are the form's own, in Chinese, whatever `lang`; `lang`
chooses the language of the instructions and of the input prompts.

`template_yaml` gives a commented YAML skeleton with every key of the form schema: filled in, it is
a valid form document.

>>> import io, openpyxl
>>> sheet = openpyxl.load_workbook(io.BytesIO(template_xlsx())).active
>>> sheet["A1"].value, sheet["B17"].value
('项目支出绩效自评表', '一级指标')
>>> "project:" in template_yaml("en")
True
"""

from __future__ import annotations

import io

from ...messages import Lang

#: The level-1 groups of the blank table and the empty rows each gets.
GROUP_ROWS: tuple[tuple[str, int], ...] = (("产出指标", 12), ("效益指标", 6), ("满意度指标", 3))
LEVEL1_CHOICES: tuple[str, ...] = ("产出指标", "效益指标", "满意度指标", "成本指标")
LEVEL2_CHOICES: tuple[str, ...] = (
    "数量指标", "质量指标", "时效指标", "成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标",
    "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标",
)

#: Where a person writes what (1-based rows and columns of the blank template), for the tests and docs.
TITLE_ROW, YEAR_ROW = 1, 2
HEADER_CELLS = {"project": "B3", "department": "B4", "implementer": "F4", "manager": "B5", "phone": "F5"}
BUDGET_ROWS = {"total": 7, "fiscal": 8, "carryover": 9, "other": 10}
BUDGET_COLUMNS = {"initial": "D", "annual": "E", "executed": "F", "weight": "G", "rate": "H", "score": "I"}
GOALS_CELLS = {"expected": "B12", "achieved": "F12"}
TABLE_HEADER_ROW = 17
INDICATOR_COLUMNS = {
    "level1": "B", "level2": "C", "name": "D", "target": "E", "actual": "F", "weight": "G", "reported_score": "H",
    "deviation": "I",
}

_AMOUNT_FORMAT = "#,##0.00####"
_SCORE_FORMAT = "0.00"
_RATE_FORMAT = "0.00%"

_TEXTS: dict[str, dict[str, str]] = {
    "sheet": {"zh": "自评表", "en": "self-evaluation"},
    "notes": {
        "zh": (
            "填表说明：1. 金额单位为万元（如用元，请把“项目资金（万元）”改为“项目资金（元）”）；"
            "2. 执行率 = 全年执行数（B）/ 全年预算数（A）；3. 年度指标值、实际完成值照实填写，可带单位（如 ≥90%、45人）；"
            "4. 未完成或扣分的指标须填写偏差原因分析及改进措施；5. 行不够时可在组内插入行。"
        ),
        "en": (
            "Notes: 1. amounts are in 万元 (for 元, change the label to 项目资金（元）); "
            "2. 执行率 = 全年执行数 (B) / 全年预算数 (A); 3. write targets and actual values as they are, with their "
            "units (≥90%, 45人); 4. give a deviation reason for every indicator not met or not scored in full; "
            "5. insert rows inside a group when more are needed."
        ),
    },
    "decimal_title": {"zh": "请输入数字", "en": "Enter a number"},
    "decimal_error": {"zh": "请输入不小于 0 的数字（不带单位）。", "en": "Enter a number of 0 or more, without a unit."},
    "amount_prompt": {"zh": "金额，不带单位", "en": "An amount, without its unit"},
    "score_prompt": {"zh": "分值或得分，保留两位小数", "en": "A weight or a score, two decimals"},
    "rate_prompt": {"zh": "执行率，如 97.06%", "en": "The execution rate, e.g. 97.06%"},
    "list_title": {"zh": "请从列表中选择", "en": "Choose from the list"},
    "list_error": {"zh": "请选择列表中的一项。", "en": "Choose one of the listed values."},
}


def _text(key: str, lang: Lang) -> str:
    return _TEXTS[key]["en" if lang == "en" else "zh"]


def template_xlsx(lang: Lang = "zh") -> bytes:
    """A blank 项目支出绩效自评表 workbook, as the bytes of an .xlsx file.

    Args:
        lang: the language of the instructions and input prompts ("zh" or "en"); the form's own
            labels stay Chinese, as the form prints them.

    Returns:
        The workbook.
    """
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = _text("sheet", lang)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrapped = Alignment(horizontal="left", vertical="top", wrap_text=True)

    def put(ref: str, value: object = None, *, to: str | None = None, fmt: str | None = None,
            align: Alignment = centred, bold: bool = False) -> None:
        cell = ws[ref]
        if value is not None:
            cell.value = value
        if fmt:
            cell.number_format = fmt
        cell.alignment = align
        if bold:
            cell.font = Font(bold=True)
        if to:
            ws.merge_cells(f"{ref}:{to}")
            for row in ws[f"{ref}:{to}"]:
                for each in row:
                    each.border = border
        else:
            cell.border = border

    ws.merge_cells("A1:I1")
    ws["A1"] = "项目支出绩效自评表"
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = centred
    ws.merge_cells("A2:I2")
    ws["A2"] = "（    年度）"
    ws["A2"].alignment = centred

    put("A3", "项目名称")
    put("B3", to="I3", align=wrapped)
    put("A4", "主管部门")
    put("B4", to="D4", align=wrapped)
    put("E4", "实施单位")
    put("F4", to="I4", align=wrapped)
    put("A5", "项目负责人")
    put("B5", to="D5", align=wrapped)
    put("E5", "联系电话")
    put("F5", to="I5", align=wrapped)
    ws["F5"].number_format = "@"

    put("A6", "项目资金（万元）", to="A10")
    put("B6", to="C6")
    for column, label in zip("DEFGHI", ("年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率", "得分")):
        put(f"{column}6", label, bold=True)
    for row, label in zip(range(7, 11), ("年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金")):
        put(f"B{row}", label, to=f"C{row}")
        for column in "DEF":
            put(f"{column}{row}", fmt=_AMOUNT_FORMAT, align=Alignment(horizontal="right", vertical="center"))
        for column, fmt in (("G", _SCORE_FORMAT), ("H", _RATE_FORMAT), ("I", _SCORE_FORMAT)):
            put(f"{column}{row}", None if row == 7 else "—", fmt=fmt)
    ws["G7"] = 10

    put("A11", "年度总体目标", to="A16")
    put("B11", "预期目标", to="E11", bold=True)
    put("F11", "实际完成情况", to="I11", bold=True)
    put("B12", to="E16", align=wrapped)
    put("F12", to="I16", align=wrapped)
    # The goals take rows 12-16 merged: a person writes in B12 and F12.
    ws.row_dimensions[12].height = 30

    top = TABLE_HEADER_ROW
    labels = ("一级指标", "二级指标", "三级指标", "年度指标值（A）", "实际完成值（B）", "分值", "得分", "偏差原因分析及改进措施")
    for column, label in zip("BCDEFGHI", labels):
        put(f"{column}{top}", label, bold=True)
    row = top + 1
    for name, count in GROUP_ROWS:
        put(f"B{row}", name, to=f"B{row + count - 1}")
        for r in range(row, row + count):
            for column in "CDEF":
                put(f"{column}{r}", align=wrapped if column in "DEF" else centred)
            put(f"G{r}", fmt=_SCORE_FORMAT)
            put(f"H{r}", fmt=_SCORE_FORMAT)
            put(f"I{r}", align=wrapped)
        row += count
    bottom = row - 1
    put(f"A{top}", "绩效指标", to=f"A{bottom}")
    total = bottom + 1
    put(f"A{total}", "总分", to=f"F{total}", bold=True)
    put(f"G{total}", fmt=_SCORE_FORMAT)
    put(f"H{total}", fmt=_SCORE_FORMAT)
    put(f"I{total}")
    ws.merge_cells(f"A{total + 1}:I{total + 1}")
    ws[f"A{total + 1}"] = _text("notes", lang)
    ws[f"A{total + 1}"].alignment = wrapped
    ws.row_dimensions[total + 1].height = 48

    for column, width in zip("ABCDEFGHI", (10, 12, 14, 24, 16, 16, 9, 9, 24)):
        ws.column_dimensions[column].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{top}:{top}"

    def decimal(prompt: str, *ranges: str) -> None:
        rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        rule.error, rule.errorTitle = _text("decimal_error", lang), _text("decimal_title", lang)
        rule.prompt, rule.promptTitle = _text(prompt, lang), _text("decimal_title", lang)
        rule.showErrorMessage = rule.showInputMessage = True
        for cells in ranges:
            rule.add(cells)
        ws.add_data_validation(rule)

    def choices(values: tuple[str, ...], cells: str) -> None:
        rule = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
        rule.error, rule.errorTitle = _text("list_error", lang), _text("list_title", lang)
        rule.showErrorMessage = True
        rule.add(cells)
        ws.add_data_validation(rule)

    decimal("amount_prompt", "D7:F10")
    decimal("score_prompt", "G7", "I7", f"G{top + 1}:H{total}")
    decimal("rate_prompt", "H7")
    choices(LEVEL1_CHOICES, f"B{top + 1}:B{bottom}")
    choices(LEVEL2_CHOICES, f"C{top + 1}:C{bottom}")

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


_YAML: dict[str, str] = {
    "zh": """\
# 项目支出绩效自评表（selfeval-rules 表单）：照表上打印的内容填写。
# 金额、分值、得分照抄数字（小数位照抄，如 258.200000）；文字照抄；表上空白或印“—”的项不填（留空即 null）。

year:              # 年度，如 2023
project: ""        # 项目名称（必填）
department:        # 主管部门
implementer:       # 实施单位
manager:           # 项目负责人
phone:             # 联系电话，加引号以保留开头的 0，如 "55573517"

budget:            # 项目资金（年度资金总额一行）
  unit: 万元       # 金额单位：元 / 千元 / 万元 / 亿元，照表头
  weight:          # 分值（通常 10）
  initial:         # 年初预算数
  annual:          # 全年预算数（A）
  executed:        # 全年执行数（B）
  reported_rate:   # 执行率，照抄并加引号，如 "97.06%"
  reported_score:  # 得分
  deviation:       # 偏差原因分析及改进措施（如有）
  breakdown:       # 其中（整行都是“—”时写 null）
    fiscal:        # 当年财政拨款
      initial:
      annual:
      executed:
    carryover:     # 上年结转资金
      initial:
      annual:
      executed:
    other:         # 其他资金
      initial:
      annual:
      executed:
    central:       # 中央资金（转移支付表）
      initial:
      annual:
      executed:
    provincial:    # 省级资金（转移支付表）
      initial:
      annual:
      executed:
    local:         # 市县级资金（转移支付表）
      initial:
      annual:
      executed:

goals:             # 年度总体目标
  expected:        # 预期目标（多行时用 |- 后接缩进的文字）
  achieved:        # 实际完成情况

indicators:        # 绩效指标：每个三级指标一项，按表上顺序（复制下面一项）
  - level1:        # 一级指标，如 产出指标
    level2:        # 二级指标，如 数量指标
    group:         # 所属带分值的标题（不是一级指标本身时填写）
    name: ""       # 三级指标（必填）
    target: ""     # 年度指标值，照抄并加引号，如 "≥90%"
    actual: ""     # 实际完成值，照抄并加引号，如 "92%"
    weight:        # 分值或权重；表上没有分值列时留空
    reported_score:  # 得分
    weight_share:  # 权重占比，照抄并加引号，如 "25%"（县级导出表）
    reported_weighted_score:  # 单项指标折算得分（县级导出表）
    deviation:     # 偏差原因分析及改进措施（如有）
    applicable: true  # 不适用的指标写 false（不计入总分，总分按比例折算）
    note:          # 备注（不是表上的内容）

groups:            # 带分值的标题，按表上顺序（表上没有时删去此项）
  - name: ""       # 标题，如 年度绩效目标1
    points:        # 分值，如 40
    within:        # 所在的上级标题（如 产出指标（30分）在 年度绩效目标1 之下），没有则留空

reported_total:    # 总分（得分合计）
reported_grade:    # 等级：优 / 良 / 中 / 差；表上没有就留空
""",
    "en": """\
# A project expenditure performance self-evaluation form (项目支出绩效自评表), as the selfeval-rules form
# document: copy what the form prints. Amounts, weights and scores as printed numbers (keep their
# decimals, e.g. 258.200000); texts as printed; leave out (blank = null) what the form leaves blank or
# prints as "—".

year:              # the year evaluated, e.g. 2023
project: ""        # 项目名称, project name (required)
department:        # 主管部门, supervising department
implementer:       # 实施单位, implementing unit
manager:           # 项目负责人, project manager
phone:             # 联系电话, in quotes to keep a leading 0, e.g. "55573517"

budget:            # 项目资金, project funds (the 年度资金总额 row)
  unit: 万元       # the unit of amounts as the header prints it: 元 / 千元 / 万元 / 亿元
  weight:          # 分值 (normally 10)
  initial:         # 年初预算数, initial budget
  annual:          # 全年预算数（A）, annual budget after adjustments
  executed:        # 全年执行数（B）, amount executed
  reported_rate:   # 执行率 as printed, in quotes, e.g. "97.06%"
  reported_score:  # 得分, budget score
  deviation:       # 偏差原因分析及改进措施, if any
  breakdown:       # 其中, by source of funds (null for a row printing only "—")
    fiscal:        # 当年财政拨款
      initial:
      annual:
      executed:
    carryover:     # 上年结转资金
      initial:
      annual:
      executed:
    other:         # 其他资金
      initial:
      annual:
      executed:
    central:       # 中央资金, central funds (transfer-payment forms)
      initial:
      annual:
      executed:
    provincial:    # 省级资金, provincial funds (transfer-payment forms)
      initial:
      annual:
      executed:
    local:         # 市县级资金, city and county funds (transfer-payment forms)
      initial:
      annual:
      executed:

goals:             # 年度总体目标, annual goals
  expected:        # 预期目标 (several lines: |- followed by indented text)
  achieved:        # 实际完成情况

indicators:        # 绩效指标: one item per 三级指标 row, in printed order (copy the item below)
  - level1:        # 一级指标, e.g. 产出指标
    level2:        # 二级指标, e.g. 数量指标
    group:         # the heading with points the row counts in, when not simply its level1
    name: ""       # 三级指标, the indicator's name (required)
    target: ""     # 年度指标值 as printed, in quotes, e.g. "≥90%"
    actual: ""     # 实际完成值 as printed, in quotes, e.g. "92%"
    weight:        # 分值 or 权重; blank when the form prints no weight column
    reported_score:  # 得分
    weight_share:  # 权重占比 as printed, in quotes, e.g. "25%" (county exports)
    reported_weighted_score:  # 单项指标折算得分 (county exports)
    deviation:     # 偏差原因分析及改进措施, if any
    applicable: true  # false for an indicator that does not apply (left out, the total rescaled)
    note:          # a reviewer's note (not printed on the form)

groups:            # headings with points, in printed order (remove when the form prints none)
  - name: ""       # the heading, e.g. 年度绩效目标1
    points:        # its points, e.g. 40
    within:        # the heading it lies within, if any (产出指标（30分） under 年度绩效目标1)

reported_total:    # 总分, the total as printed
reported_grade:    # 等级: 优 / 良 / 中 / 差; leave blank when the form prints none
""",
}


def template_yaml(lang: Lang = "zh") -> str:
    """A commented YAML skeleton of a form document, with every key of the form schema.

    Args:
        lang: the language of the comments ("zh" or "en").

    Returns:
        The YAML text; `project`, each indicator's `name` and `weight` must be filled in for it to
        be a valid form.
    """
    return _YAML["en" if lang == "en" else "zh"]
