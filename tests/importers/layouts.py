"""Form files laid out in the ways real forms are, generated from the two hand-made example forms.

Every file the importer tests read is written here from `examples/forms/*.yaml`: a `Sheet` (cells
with the text a person sees, the number an Excel cell would hold and its format, and merged
ranges) is built by `layout(form, **options)` with the variants seen on real forms, together with
the canonical data an importer must give back for it, and then written as an xlsx (openpyxl), a docx
(python-docx) or an html page (by hand).
"""

from __future__ import annotations

import copy
import dataclasses
import pathlib
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "forms"


# ---------------------------------------------------------------------------------------------
# The example forms, numbers as Decimal exactly as written.


class _DecimalLoader(yaml.SafeLoader):
    """A YAML loader that reads every float as the Decimal its scalar's text spells."""


_DecimalLoader.add_constructor(
    "tag:yaml.org,2002:float", lambda loader, node: Decimal(loader.construct_scalar(node))
)


def load_example(stem: str) -> dict[str, Any]:
    """An example form (`000_emergency_volunteers`), floats as Decimal from their text."""
    return yaml.load((EXAMPLES / f"{stem}.yaml").read_text("utf-8"), Loader=_DecimalLoader)


def example_stems() -> list[str]:
    return sorted(path.stem for path in EXAMPLES.glob("*.yaml"))


def same(actual: Any, expected: Any, path: str = "$") -> list[str]:
    """The differences between two form data trees; Decimals must agree in value *and* in text."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: {actual!r} is not a mapping"]
        out = []
        for key in sorted(set(expected) | set(actual), key=str):
            if key not in actual:
                out.append(f"{path}.{key}: missing (expected {expected[key]!r})")
            elif key not in expected:
                out.append(f"{path}.{key}: unexpected {actual[key]!r}")
            else:
                out += same(actual[key], expected[key], f"{path}.{key}")
        return out
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{path}: {actual!r} is not a list"]
        out = [f"{path}: {len(actual)} items, expected {len(expected)}"] if len(actual) != len(expected) else []
        for i, (a, e) in enumerate(zip(actual, expected)):
            out += same(a, e, f"{path}[{i}]")
        return out
    if isinstance(expected, Decimal):
        if not isinstance(actual, Decimal) or actual != expected or str(actual) != str(expected):
            return [f"{path}: {actual!r} != {expected!r}"]
        return []
    if type(actual) is not type(expected) or actual != expected:
        return [f"{path}: {actual!r} != {expected!r}"]
    return []


# ---------------------------------------------------------------------------------------------
# Sheets: what a person sees, and how Excel stores it.


@dataclasses.dataclass
class Cell:
    text: str
    number: Decimal | None = None  # the number an Excel cell holds (0.9998 for 99.98%)
    fmt: str | None = None


@dataclasses.dataclass
class Sheet:
    title: str = "Sheet1"
    cells: dict[tuple[int, int], Cell] = dataclasses.field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = dataclasses.field(default_factory=list)
    height: int = 0
    width: int = 0

    def put(self, r: int, c: int, value: str | Cell | None, to: tuple[int, int] | None = None) -> None:
        if value is not None and value != "":
            self.cells[(r, c)] = value if isinstance(value, Cell) else Cell(value)
        if to is not None and to != (r, c):
            self.merges.append((r, c, to[0], to[1]))
        self.height = max(self.height, (to or (r, c))[0] + 1)
        self.width = max(self.width, (to or (r, c))[1] + 1)

    def below(self, other: Sheet, gap: int = 2) -> Sheet:
        """This sheet with `other` stacked under it."""
        out = Sheet(self.title, dict(self.cells), list(self.merges), self.height, self.width)
        top = self.height + gap
        for (r, c), cell in other.cells.items():
            out.cells[(r + top, c)] = cell
        out.merges += [(r1 + top, c1, r2 + top, c2) for r1, c1, r2, c2 in other.merges]
        out.height = top + other.height
        out.width = max(self.width, other.width)
        return out

    def grid(self) -> list[list[str | None]]:
        """The rows a reader gives: merged cells' text in every cell they cover."""
        rows: list[list[str | None]] = [[None] * self.width for _ in range(self.height)]
        for (r, c), cell in self.cells.items():
            rows[r][c] = cell.text
        for r1, c1, r2, c2 in self.merges:
            text = rows[r1][c1]
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    rows[r][c] = text
        return rows


def number(d: Decimal | None, *, grouped: bool = False) -> Cell | None:
    """A number cell printing `d` with its own decimals (258.200000 → format 0.000000)."""
    if d is None:
        return None
    places = max(0, -d.as_tuple().exponent)
    fmt = ("#,##0" if grouped else "0") + ("." + "0" * places if places else "")
    return Cell(format(d, ",f" if grouped else "f"), d, fmt)


def percent(text: str) -> Cell:
    """A rate cell: `99.98%` is 0.9998 formatted 0.00%."""
    value = Decimal(text.rstrip("%"))
    places = max(0, -value.as_tuple().exponent)
    return Cell(text, value / 100, "0" + ("." + "0" * places if places else "") + "%")


# ---------------------------------------------------------------------------------------------
# Layouts.

HEADINGS = {
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标",
    "target": "年度指标值（A）",
    "actual": "实际完成值（B）",
    "weight": "分值",
    "reported_score": "得分",
    "deviation": "偏差原因分析及改进措施",
    "weight_share": "权重占比(%)",
    "reported_weighted_score": "单项指标折算得分",
}
OFFICIAL_COLUMNS = ("level1", "level2", "name", "target", "actual", "weight", "reported_score", "deviation")
_SPLIT = re.compile(r"^(定性|[=≥≤<>≧═]+)?(\d+(?:\.\d+)?)?(.*)$", re.DOTALL)


def split_target(target: str) -> tuple[str, str, str]:
    """`≥90%` → (`≥`, `90`, `%`); pieces that join back to the target exactly."""
    op, value, rest = _SPLIT.match(target).groups()
    if op == "定性" or value is None:
        return op or "", (value or "") + rest, ""
    return op or "", value, rest


def _amount(d: Decimal | None, unit: str) -> Decimal | None:
    if d is None or unit == "万元":
        return d
    return (d * 10000).quantize(Decimal("0.01"))


def layout(
    form: dict[str, Any],
    *,
    scheme: str = "official",
    unit: str = "万元",
    columns: Sequence[str] = OFFICIAL_COLUMNS,
    headings: dict[str, str] | None = None,
    split: bool = False,
    level_cells: str = "merged",
    block_label: str = "merged",
    page_break: int | None = None,
    header: str = "cells",
    template_rows: bool = False,
    points: bool = False,
    wrapped: bool = False,
    spaced_labels: bool = False,
    breakdown_scores: bool = False,
    numbers: str = "numbers",
    title: str = "Sheet1",
) -> tuple[Sheet, dict[str, Any], list[str]]:
    """A sheet laying out `form`, the canonical data an importer must read from it, and its note codes.

    Args:
        scheme: "official" (central template), "hubei" (20/80, no 分值), "transfer" (no 分值/得分),
            "hebei" (权重占比 and 折算得分 columns), "sichuan" (权重 column, split target).
        unit: "万元" as the examples, or "元" (amounts ×10000 with thousands separators).
        columns: the indicator table's columns, in order.
        headings: column headings to use instead of `HEADINGS`.
        split: the target split into 指标性质 | 指标值 | 度量单位 under a second header row.
        level_cells: "merged" (一级/二级 merged over their rows), "once" (printed on the first row
            only), "lines" (merged, the level-1 label one character a line).
        block_label: the 绩效指标 label: "merged" (one cell over the table), "chars" (one character a
            cell down the column), "lines" (one cell, one character a line).
        page_break: repeat the table's header row before this indicator (a page break).
        header: "cells" (label | value cells) or "inline" (`项目名称：…` in one wide cell).
        template_rows: names carry `指标N：`, and empty template rows (`指标N：`, `……`) follow.
        points: level-1 cells carry their points (`产出指标（60分）`).
        wrapped: long names and level-2 labels wrapped by hand (a line break inside).
        spaced_labels: labels printed with spaces and half-width brackets (`年 度 指 标 值(A)`,
            `本年财政拨款`, `全年完成值`).
        breakdown_scores: the 当年财政拨款 row repeats 分值/执行率/得分 (seed 000) instead of "—".
        numbers: "numbers" (Excel cells hold numbers with formats) or "texts" (numbers typed as text).
    """
    expected = copy.deepcopy(form)
    notes: list[str] = []
    headings = {**HEADINGS, **(headings or {})}
    columns = list(columns)
    if scheme == "hubei":
        columns = [c for c in columns if c not in ("weight", "deviation")]
        headings.update(target="年初目标值(A)", actual="实际完成值(B)")
    elif scheme == "transfer":
        columns = [c for c in columns if c not in ("weight", "reported_score")]
        headings.update(target="年度指标值", actual="全年完成值", deviation="未完成原因和改进措施")
    elif scheme == "hebei":
        columns = ["level1", "level2", "name", "target", "actual", "weight", "reported_score", "weight_share",
                   "reported_weighted_score", "deviation"]
        headings.update(weight="指标分值", reported_score="单项指标得分")
    elif scheme == "sichuan":
        headings.update(weight="权重")
        split = True
    if spaced_labels:
        headings.update(target="年 度 指 标 值(A)", actual="全年实际值", weight="分 值", reported_score="得 分",
                        deviation="偏差原因")
    if numbers == "texts":
        plain = lambda cell: Cell(cell.text) if cell is not None else None
    else:
        plain = lambda cell: cell

    width = 1 + len(columns) + (2 if split else 0)
    last = width - 1
    half = width // 2
    sheet = Sheet(title)
    r = 0

    # Title and header.
    year = form.get("year")
    if scheme == "transfer":
        sheet.put(r, 0, f"{year}年度中央对地方转移支付区域绩效目标自评表", (r, last))
        r += 1
    else:
        sheet.put(r, 0, "项目支出绩效自评表", (r, last))
        sheet.put(r + 1, 0, f"（{year}年度）", (r + 1, last))
        r += 2
    if scheme == "transfer":
        fields = [("转移支付（项目）名称", "project"), ("中央主管部门", "department"), ("资金使用单位", "implementer")]
        for key in ("manager", "phone"):
            expected.pop(key, None)
    else:
        fields = [("项目名称", "project"), ("主管部门", "department"), ("实施单位", "implementer"),
                  ("项目负责人", "manager"), ("联系电话", "phone")]
    if spaced_labels:
        fields = [(" ".join(label) if len(label) == 4 else label, key) for label, key in fields]
    if header == "inline":
        for label, key in fields:
            sheet.put(r, 0, f"{label}：{form[key]}", (r, last))
            r += 1
    else:
        sheet.put(r, 0, fields[0][0])
        sheet.put(r, 1, form[fields[0][1]], (r, last))
        r += 1
        pairs = fields[1:]
        for i in range(0, len(pairs), 2):
            sheet.put(r, 0, pairs[i][0])
            sheet.put(r, 1, form[pairs[i][1]], (r, half - 1))
            if i + 1 < len(pairs):
                sheet.put(r, half, pairs[i + 1][0])
                sheet.put(r, half + 1, form[pairs[i + 1][1]], (r, last))
            r += 1

    # 项目资金.
    budget = form["budget"]
    money = lambda d: plain(number(_amount(d, unit), grouped=unit == "元"))
    if unit != "万元":
        eb = expected["budget"]
        eb["unit"] = unit
        for key in ("initial", "annual", "executed"):
            eb[key] = _amount(eb[key], unit)
        for row in eb["breakdown"].values():
            if row:
                for key in row:
                    row[key] = _amount(row[key], unit)
    if scheme == "official" or scheme in ("hebei", "sichuan"):
        heads = ["年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率", "得分"]
        rows = [("年度资金总额", "total"), ("其中：当年财政拨款", "fiscal"), ("上年结转资金", "carryover"), ("其他资金", "other")]
        if spaced_labels:
            heads[1] = "全年预算数(A)"
            rows[1] = ("其中:本年财政拨款", "fiscal")
    elif scheme == "hubei":
        heads = ["预算数(A)", "执行数(B)", "执行率(B/A)", "得分"]
        rows = [("", "total")]
        expected["budget"] = {"unit": unit, "weight": Decimal(20), "annual": expected["budget"]["annual"],
                              "executed": expected["budget"]["executed"],
                              "reported_rate": budget["reported_rate"], "reported_score": budget["reported_score"]}
    else:  # transfer
        heads = ["全年预算数（A）", "全年执行数（B）", "执行率（B/A）"]
        rows = [("年度资金总额", "total"), ("其中：中央补助资金", "central"), ("省级资金", "provincial"),
                ("市县级资金", "local"), ("其他资金", "other")]
        fiscal = expected["budget"]["breakdown"]["fiscal"]
        expected["budget"] = {
            "unit": unit, "annual": expected["budget"]["annual"], "executed": expected["budget"]["executed"],
            "reported_rate": budget["reported_rate"],
            "breakdown": {"central": {"annual": fiscal["annual"], "executed": fiscal["executed"]},
                          "provincial": None, "local": {"annual": Decimal("0.00"), "executed": Decimal("0.00")},
                          "other": None},
        }
    first = width - len(heads)
    block = f"项目资金（{unit}）" if scheme != "hubei" else f"预算执行情况（20分）\n（{unit}）"
    sheet.put(r, 0, block, (r + len(rows), 0))
    if first > 1:
        sheet.put(r, 1, None, (r, first - 1))
    for i, head in enumerate(heads):
        sheet.put(r, first + i, head)
    for label, kind in rows:
        r += 1
        if label:
            sheet.put(r, 1, label, (r, first - 1))
        elif first > 1:
            sheet.put(r, 1, None, (r, first - 1))
        if kind == "total":
            values = {"initial": money(budget["initial"]), "annual": money(budget["annual"]),
                      "executed": money(budget["executed"]), "weight": plain(number(budget["weight"])),
                      "rate": plain(percent(budget["reported_rate"])),
                      "score": plain(number(budget["reported_score"]))}
        elif kind in ("fiscal", "central"):
            funds = budget["breakdown"]["fiscal"]
            values = {k: money(funds[k]) for k in ("initial", "annual", "executed")}
            if breakdown_scores:
                values.update(weight=plain(number(budget["weight"])), rate=plain(percent(budget["reported_rate"])),
                              score=plain(number(budget["reported_score"])))
            else:
                values.update(weight=Cell("—"), rate=Cell("—"), score=Cell("—"))
            if kind == "central":
                values["rate"] = plain(percent(budget["reported_rate"]))
        elif kind == "local":
            values = {"annual": Cell("0.00", Decimal("0.00"), "0.00"), "executed": Cell("0.00", Decimal("0.00"), "0.00"),
                      "rate": Cell("—")}
        else:
            values = {k: Cell("—") for k in ("initial", "annual", "executed", "weight", "rate", "score")}
        names = {"年初预算数": "initial", "全年预算数（A）": "annual", "全年预算数(A)": "annual", "预算数(A)": "annual",
                 "全年执行数（B）": "executed", "执行数(B)": "executed", "分值": "weight", "执行率": "rate",
                 "执行率(B/A)": "rate", "执行率（B/A）": "rate", "得分": "score"}
        for i, head in enumerate(heads):
            sheet.put(r, first + i, values.get(names[head]))
    r += 1

    # 年度总体目标.
    goals = form["goals"]
    sheet.put(r, 0, "年\n度\n总\n体\n目\n标" if block_label == "lines" else "年度总体目标", (r + 1, 0))
    sheet.put(r, 1, "预期目标", (r, half - 1))
    sheet.put(r, half, "实际完成情况", (r, last))
    sheet.put(r + 1, 1, goals["expected"], (r + 1, half - 1))
    sheet.put(r + 1, half, goals["achieved"], (r + 1, last))
    r += 2

    # 绩效指标.
    indicators = form["indicators"]
    groups: list[tuple[str, Decimal]] = []
    for row in indicators:
        if not groups or groups[-1][0] != row["level1"]:
            groups.append((row["level1"], Decimal(0)))
        groups[-1] = (groups[-1][0], groups[-1][1] + row.get("weight", 0))
    points_of = {name: total.quantize(Decimal(1)) for name, total in groups}
    table_columns = []
    for column in columns:
        if column == "target" and split:
            table_columns += ["operator", "value", "unit"]
        else:
            table_columns.append(column)
    col_of = {column: 1 + i for i, column in enumerate(table_columns)}

    def header_rows(at: int) -> int:
        if split:
            for column in columns:
                if column == "target":
                    sheet.put(at, col_of["operator"], "年度指标值", (at, col_of["unit"]))
                    for piece, text in (("operator", "指标性质"), ("value", "指标值"), ("unit", "度量单位")):
                        sheet.put(at + 1, col_of[piece], text)
                else:
                    sheet.put(at, col_of[column], headings[column], (at + 1, col_of[column]))
            return 2
        for column in columns:
            sheet.put(at, col_of[column], headings[column])
        return 1

    table_top = r
    hubei_goals = scheme == "hubei"  # two blocks of goals, each with its points in the left-hand column
    r += header_rows(r)
    body: list[tuple[int, dict[str, Any] | None]] = []  # (row, indicator) in sheet order; None = repeated header
    for i, row in enumerate(indicators):
        if page_break is not None and i == page_break:
            body.append((r, None))
            r += header_rows(r)
        body.append((r, row))
        r += 1
        if template_rows and (i + 1 == len(indicators) or indicators[i + 1]["level1"] != row["level1"]):
            body.append((r, {"level1": row["level1"], "level2": row["level2"], "name": "指标2：", "_template": True}))
            r += 1
            body.append((r, {"level1": row["level1"], "level2": row["level2"], "name": "……", "_template": True}))
            r += 1
    table_bottom = r - 1

    # Level cells: runs of equal values, broken by repeated header rows.
    def level_runs(level: str) -> list[list[Any]]:
        runs: list[list[Any]] = []
        previous = None
        for at, row in body:
            if row is None:
                previous = None
                continue
            key = (row["level1"],) if level == "level1" else (row["level1"], row["level2"])
            if runs and key == previous:
                runs[-1][1] = at
            else:
                runs.append([at, at, row[level]])
            previous = key
        return runs

    for level in ("level1", "level2"):
        for start, end, value in level_runs(level):
            text = value
            if level == "level1" and points:
                text = f"{value}（{points_of[value]}分）"
            if level == "level1" and level_cells == "lines":
                text = "\n".join(text)
            if level == "level2" and wrapped and len(text) > 4:
                text = text[:-2] + "\n" + text[-2:]
            if level_cells == "once":
                sheet.put(start, col_of[level], text)
            else:
                sheet.put(start, col_of[level], text, (end, col_of[level]))

    for at, row in body:
        if row is None:
            continue
        name = row["name"]
        if template_rows and not row.get("_template"):
            name = f"指标{1 + sum(1 for a, x in body if x is not None and a < at and x['level2'] == row['level2'] and not x.get('_template'))}：{name}"
        if wrapped and len(name) > 14:
            name = name[:14] + "\n" + name[14:]
        sheet.put(at, col_of["name"], name)
        if row.get("_template"):
            continue
        if split:
            op, value, rest = split_target(row["target"])
            sheet.put(at, col_of["operator"], op)
            sheet.put(at, col_of["value"], value)
            sheet.put(at, col_of["unit"], rest)
        elif "target" in col_of:
            sheet.put(at, col_of["target"], row["target"])
        sheet.put(at, col_of["actual"], row["actual"])
        if "weight" in col_of:
            sheet.put(at, col_of["weight"], plain(number(row["weight"])))
        if "reported_score" in col_of:
            sheet.put(at, col_of["reported_score"], plain(number(row["reported_score"])))
        if "weight_share" in col_of:
            sheet.put(at, col_of["weight_share"], plain(percent(f"{row['weight']}%")))
            sheet.put(at, col_of["reported_weighted_score"], plain(number(_weighted(row))))
        if "deviation" in col_of and row.get("deviation"):
            sheet.put(at, col_of["deviation"], row["deviation"])

    # The 绩效指标 label, or Hubei's blocks of goals with their points.
    if hubei_goals:
        half_rows = len(indicators) // 2
        blocks = [("年度绩效目标1（40分）", body[0][0] - (2 if split else 1), _row_at(body, half_rows) - 1),
                  ("年度绩效目标2（40分）", _row_at(body, half_rows), table_bottom)]
        for text, start, end in blocks:
            sheet.put(start, 0, text, (end, 0))
    elif block_label == "chars":
        for i, ch in enumerate("绩效指标"):
            sheet.put(table_top + i, 0, ch)
    elif block_label == "lines":
        sheet.put(table_top, 0, "绩\n效\n指\n标", (table_bottom, 0))
    else:
        sheet.put(table_top, 0, "绩效指标", (table_bottom, 0))

    # 总分.
    if scheme != "transfer":
        score_col = col_of["reported_score"]
        weight_col = col_of.get("weight")
        label_end = min(weight_col or score_col, score_col) - 1
        sheet.put(r, 0, "总分", (r, label_end))
        if weight_col:
            total_weight = sum(row["weight"] for row in indicators) + budget["weight"]
            sheet.put(r, weight_col, plain(number(total_weight)))
        sheet.put(r, score_col, plain(number(form["reported_total"])))
        if score_col < last:
            sheet.put(r, score_col + 1, None, (r, last))
        r += 1
        sheet.put(r, 0, "注：1. 偏差原因分析及改进措施写明未完成的原因；2. 得分保留两位小数。", (r, last))
    else:
        expected.pop("reported_total", None)
        expected.pop("reported_grade", None)

    # What the importer must give back.
    if scheme in ("hubei", "transfer"):
        notes.append("import.weights_not_printed")
        for row in expected["indicators"]:
            row.pop("weight", None)
        if scheme == "transfer":
            notes.append("import.scores_not_printed")
            for row in expected["indicators"]:
                row.pop("reported_score", None)
        if scheme == "hubei":
            half_rows = len(indicators) // 2
            for i, row in enumerate(expected["indicators"]):
                row.pop("deviation", None)
                row["group"] = "年度绩效目标1" if i < half_rows else "年度绩效目标2"
            expected["groups"] = [{"name": "年度绩效目标1", "points": Decimal(40)},
                                  {"name": "年度绩效目标2", "points": Decimal(40)}]
    if scheme == "hebei":
        for row in expected["indicators"]:
            row["weight_share"] = f"{row['weight']}%"
            row["reported_weighted_score"] = _weighted(row)
    if points:
        expected["groups"] = expected.get("groups", []) + [{"name": n, "points": p} for n, p in points_of.items()]
    return sheet, expected, notes


def _row_at(body: list[tuple[int, dict[str, Any] | None]], index: int) -> int:
    rows = [at for at, row in body if row is not None and not row.get("_template")]
    return rows[index]


def _weighted(row: dict[str, Any]) -> Decimal:
    return (row["reported_score"] * row["weight"] / 100).quantize(Decimal("0.01"))


# ---------------------------------------------------------------------------------------------
# Writers.


def write_xlsx(path: pathlib.Path, sheets: Iterable[Sheet]) -> pathlib.Path:
    """An xlsx file with one worksheet per sheet; number cells hold numbers with their formats."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        ws = workbook.create_sheet(sheet.title)
        for (r, c), cell in sheet.cells.items():
            target = ws.cell(r + 1, c + 1)
            if cell.number is not None:
                target.value = float(cell.number)
                target.number_format = cell.fmt
            else:
                target.value = cell.text
                target.data_type = "s"  # `=24期` is text a person typed after a quote, not a formula
        for r1, c1, r2, c2 in sheet.merges:
            ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
    workbook.save(path)
    return path


def write_docx(path: pathlib.Path, sheets: Iterable[Sheet], *, above: int = 0) -> pathlib.Path:
    """A docx file with one table per sheet; the first `above` rows of each sheet printed as paragraphs."""
    import docx

    document = docx.Document()
    for sheet in sheets:
        for r in range(above):
            texts = [cell.text for (row, _), cell in sorted(sheet.cells.items()) if row == r]
            document.add_paragraph(" ".join(texts))
        height = sheet.height - above
        table = document.add_table(rows=height, cols=sheet.width)
        grid = [list(row.cells) for row in table.rows]  # taken once: table.cell() is slow on big tables
        for (r, c), cell in sheet.cells.items():
            if r < above:
                continue
            target = grid[r - above][c]
            lines = cell.text.split("\n")
            target.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                target.add_paragraph(line)
        for r1, c1, r2, c2 in sheet.merges:
            if r1 >= above:
                grid[r1 - above][c1].merge(grid[r2 - above][c2])
        document.add_paragraph("")
    document.save(path)
    return path


def _word_cell(text: str) -> str:
    """A cell's text the way Word's "save as web page" writes it: paragraphs, spans, <o:p>."""
    lines = text.split("\n")
    return "".join(f"<p class=MsoNormal><span lang=EN-US style='font-size:10.0pt'>{_escape(line)}<o:p></o:p></span></p>"
                   for line in lines)


def html_table(sheet: Sheet, *, above: int = 0, word: bool = False) -> str:
    """An html table for a sheet (rowspan/colspan for merges, <br> for line breaks).

    With `word`, written as Word exports a document: MsoNormal paragraphs in cells, `<o:p>`,
    comments and conditional comments between rows.
    """
    covered: set[tuple[int, int]] = set()
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for r1, c1, r2, c2 in sheet.merges:
        spans[(r1, c1)] = (r2 - r1 + 1, c2 - c1 + 1)
        covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - {(r1, c1)}
    out = []
    for r in range(above):
        texts = [cell.text for (row, _), cell in sorted(sheet.cells.items()) if row == r]
        out.append(f"<p>{_escape(' '.join(texts))}</p>" if r else f"<h1>{_escape(' '.join(texts))}</h1>")
    out.append('<table border="1">')
    for r in range(above, sheet.height):
        cells = []
        for c in range(sheet.width):
            if (r, c) in covered:
                continue
            rowspan, colspan = spans.get((r, c), (1, 1))
            attributes = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
            cell = sheet.cells.get((r, c))
            if word:
                text = _word_cell(cell.text) if cell else "<p class=MsoNormal><o:p>&nbsp;</o:p></p>"
            else:
                text = "<br>".join(_escape(line) for line in cell.text.split("\n")) if cell else "&nbsp;"
            cells.append(f"<td{attributes}>{text}</td>")
        out.append("  <tr>" + "".join(cells) + "</tr>")
        if word and r % 7 == 0:
            out.append("  <!-- [if !supportMisalignedColumns] 项目名称 -->")
    out.append("</table>")
    return "\n".join(out)


def write_html(
    path: pathlib.Path, sheets: Iterable[Sheet], *, above: int = 0, encoding: str = "utf-8", word: bool = False
) -> pathlib.Path:
    charset = "gb2312" if encoding in ("gbk", "gb2312", "gb18030") else encoding
    body = "\n<hr>\n".join(html_table(sheet, above=above, word=word) for sheet in sheets)
    page = (f'<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"<title>绩效自评公开</title></head>\n<body>\n<div class=\"content\">\n{body}\n</div></body></html>\n")
    path.write_bytes(page.encode(encoding))
    return path


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
