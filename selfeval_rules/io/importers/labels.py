"""The labels printed on self-evaluation forms, and how a cell's text is matched against them.

Every spelling seen on a form is data in one of the tables below (`HEADER_FIELDS`, `BUDGET_COLUMNS`,
`BUDGET_ROWS`, `GOALS_LABELS`, `INDICATOR_COLUMNS`, …): adding a variant is adding a string, never a
branch. Spellings are written in their *label key* form (`label_key`): NFKC (full-width brackets,
colons and digits become half-width), no whitespace, no trailing colon. A cell matches a spelling
when its key, with bracketed parts such as `（A）`, `(万元)` or `（20分）` removed (`label_core`),
equals it, or starts with it and goes on with something that is not a letter of a longer word
(`得分=执行率×20` is 得分; `得分率` is not).

Labels are normalised; values never are. These helpers are used on header cells, never on a
target or an actual.

>>> label_key("年 度 指 标 值（Ａ）：")
'年度指标值(A)'
>>> match_label("年度指标值（A）", INDICATOR_COLUMNS)
'target'
>>> match_label("其中：本年财政拨款", BUDGET_ROWS, prefixes=BUDGET_ROW_PREFIXES)
'fiscal'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

# ---------------------------------------------------------------------------------------------
# Tables of spellings (label keys), in order of preference within each field.

#: Header fields: the label printed before the value (项目名称 | 北京市…).
HEADER_FIELDS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "project": (
        "项目名称", "专项名称", "专项资金名称", "转移支付名称", "转移支付(项目)名称", "转移支付项目名称", "项目资金名称",
        "资金名称",
    ),
    "department": ("主管部门", "主管部门及代码", "主管单位", "预算部门", "中央主管部门", "省级主管部门", "项目主管部门"),
    "implementer": ("实施单位", "项目实施单位", "资金使用单位", "执行单位", "项目执行单位"),
    "manager": ("项目负责人", "负责人", "项目责任人"),
    "phone": ("联系电话", "电话", "联系方式", "负责人电话"),
    "year": ("年度", "评价年度", "自评年度", "项目年度", "预算年度"),
})

#: Labels of the 项目资金 block itself (the merged or vertical cell on its left).
BUDGET_BLOCK: tuple[str, ...] = (
    "项目资金", "项目资金情况", "资金情况", "预算执行情况", "年度资金情况", "资金", "预算执行", "项目预算执行情况",
)

#: Columns of the 项目资金 block.
BUDGET_COLUMNS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "initial": ("年初预算数", "年初预算", "年初预算金额", "年初预算资金"),
    "annual": (
        "全年预算数", "预算数", "调整后预算数", "全年预算", "年度预算数", "全年预算金额", "全年调整预算数",
        "年度预算", "预算金额",
    ),
    "executed": ("全年执行数", "执行数", "实际执行数", "全年实际执行数", "实际支出数", "全年执行金额", "执行金额", "实际支出"),
    "weight": ("分值", "权重", "指标分值"),
    "rate": ("执行率", "预算执行率", "资金执行率"),
    "score": ("得分", "自评得分"),
    "deviation": (
        "偏差原因分析及改进措施", "未完成原因和改进措施", "未完成原因分析及改进措施", "偏差原因", "偏差原因分析",
        "原因分析及改进措施", "偏差原因及改进措施",
    ),
})

#: The columns that make a row the 项目资金 block's header (分值 and 得分 alone do not).
BUDGET_KEY_COLUMNS: frozenset[str] = frozenset({"initial", "annual", "executed", "rate"})

#: Rows of the 项目资金 block: the total and its breakdown by source of funds.
BUDGET_ROWS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "total": ("年度资金总额", "资金总额", "年度资金总额合计", "合计", "总计", "项目资金总额", "年度资金"),
    "fiscal": (
        "当年财政拨款", "本年财政拨款", "财政拨款", "年度财政拨款", "当年财政资金", "本级财政拨款", "财政资金",
        "本年财政资金", "财政拨款资金", "当年财政拨款资金",
    ),
    "carryover": ("上年结转资金", "上年结余结转资金", "上年结转", "结转资金", "以前年度结转资金", "上年结转结余资金"),
    "central": ("中央资金", "中央财政资金", "中央补助资金", "中央补助", "中央财政", "中央财政补助资金", "中央转移支付资金"),
    "provincial": ("省级资金", "省级财政资金", "省级补助资金", "省级财政", "省级补助", "省财政资金"),
    "local": ("市县级资金", "市县资金", "市级资金", "县级资金", "市县财政资金", "地方资金", "地方财政资金", "区级资金", "县级财政资金"),
    "other": ("其他资金", "其它资金", "其他", "其它"),
})

#: Prefixes of breakdown rows (`其中：当年财政拨款`).
BUDGET_ROW_PREFIXES: tuple[str, ...] = ("其中:", "其中")

#: The 年度总体目标 block: its own label, and the labels of its two texts.
GOALS_BLOCK: tuple[str, ...] = ("年度总体目标", "总体目标", "年度目标", "绩效总目标", "年度绩效总目标", "项目年度目标", "年度总体绩效目标")
GOALS_LABELS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "expected": ("预期目标", "年度预期目标", "年初预期目标", "全年预期目标", "年初设定目标", "预期绩效目标", "年度绩效目标预期"),
    "achieved": (
        "实际完成情况", "年度实际完成情况", "全年实际完成情况", "目标实际完成情况", "实际完成", "完成情况",
        "目标完成情况", "全年目标实际完成情况", "年度目标完成情况",
    ),
})

#: The 绩效指标 table's vertical label (left of 一级指标), and other labels of that column.
INDICATOR_BLOCK: tuple[str, ...] = (
    "绩效指标", "年度绩效指标", "指标", "绩效指标完成情况", "年度绩效指标完成情况", "年度绩效目标", "绩效目标",
)

#: Columns of the 绩效指标 table. `value` and `unit` (and `operator`) are the Yunnan/Sichuan split
#: target; 指标值 is the whole target unless such split columns are present.
INDICATOR_COLUMNS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "level1": ("一级指标", "一级", "一级指标名称"),
    "level2": ("二级指标", "二级", "二级指标名称"),
    "name": ("三级指标", "三级", "三级指标名称", "指标名称", "绩效指标名称", "指标内容", "具体指标"),
    "target": (
        "年度指标值", "年初目标值", "指标值", "目标值", "年度目标值", "预期指标值", "年度计划值", "全年指标值",
        "预期目标值", "计划指标值", "年初指标值", "绩效目标值", "年度绩效指标值", "年度指标",
    ),
    "operator": ("指标性质", "指标方向", "运算符号", "指标属性"),
    "unit": ("度量单位", "计量单位", "单位", "指标单位"),
    "actual": (
        "实际完成值", "全年完成值", "全年实际值", "实际值", "完成值", "年度实际完成值", "全年实际完成值",
        "实际完成指标值", "实际完成情况", "完成情况", "实际完成", "年度完成值",
    ),
    "weight": ("分值", "权重", "指标分值", "权重分值", "标准分值", "分数", "指标权重"),
    "reported_score": ("得分", "单项指标得分", "自评得分", "实际得分", "评分", "指标得分"),
    "deviation": (
        "偏差原因分析及改进措施", "未完成原因和改进措施", "未完成原因分析及改进措施", "偏差原因", "偏差原因分析",
        "原因分析及改进措施", "偏差原因及改进措施", "偏差原因分析及整改措施", "未完成原因", "未完成原因及改进措施",
        "偏差原因分析和改进措施", "未完成原因分析",
    ),
    "weight_share": ("权重占比",),
    "reported_weighted_score": ("单项指标折算得分", "折算得分", "加权得分"),
})

#: Columns a reviewer adds beside the form (the review workbook `selfeval check --format xlsx` writes):
#: known, not the form's, and left out without a note.
REVIEW_COLUMNS: tuple[str, ...] = (
    "复核得分", "差异", "复核意见", "计分说明", "Computed score", "Difference", "Review findings", "How it was scored",
)

#: The columns that, three or more of them in one row, make it the 绩效指标 table's header.
INDICATOR_KEY_COLUMNS: frozenset[str] = frozenset(
    {"level1", "level2", "name", "target", "actual", "operator", "unit", "deviation"}
)

#: The pieces of a split target, in the order they are joined (≥ | 90 | % → ≥90%).
SPLIT_TARGET: tuple[str, ...] = ("operator", "value", "unit")

#: The first cell of the total row.
TOTAL_LABELS: tuple[str, ...] = ("总分", "合计", "总计", "自评总分", "得分合计", "综合得分", "总得分", "合计得分", "总分合计")

#: The grade's label, and the grades printed instead of 优/良/中/差 (read with a note).
GRADE_LABELS: tuple[str, ...] = ("等级", "自评等级", "评价等级", "绩效等级", "自评结果", "评价结果", "绩效评价等级")
GRADES: tuple[str, ...] = ("优", "良", "中", "差")
GRADE_SPELLINGS: Mapping[str, str] = MappingProxyType({"优秀": "优", "良好": "良", "中等": "中", "较差": "差"})

#: The level-1 and level-2 names a form prints (used to join labels printed one character a cell).
LEVEL_NAMES: tuple[str, ...] = (
    "产出指标", "效益指标", "满意度指标", "成本指标",
    "数量指标", "质量指标", "时效指标", "成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标",
    "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标",
)

#: Labels long enough to be printed one character a line or a cell, and joined back.
VERTICAL_LABELS: tuple[str, ...] = INDICATOR_BLOCK[:2] + GOALS_BLOCK[:3] + BUDGET_BLOCK[:2] + ("年度绩效目标",)

#: Lines that may follow a form without being part of it (notes, signatures).
FOOTER_PREFIXES: tuple[str, ...] = (
    "注", "说明", "填表说明", "备注", "填报人", "填表人", "审核人", "联系人", "填报日期", "填表日期", "单位负责人",
    "财务负责人", "notes", "note",
)

#: Words that make a row the form's title.
TITLE_WORDS: tuple[str, ...] = ("自评表", "绩效自评", "绩效目标自评", "自评情况表", "绩效评价表")

#: Units of amounts, as printed in brackets or after 单位：.
AMOUNT_UNITS: tuple[str, ...] = ("万元", "千元", "亿元", "元")

# ---------------------------------------------------------------------------------------------
# Normalisation and matching.

_SPACE = re.compile(r"\s+")
_BRACKETED = re.compile(r"[(\[【〔<《][^()\[\]【】〔〕<>《》]*[)\]】〕>》]")
_CJK = re.compile(r"[\u3400-\u9fff]")


@functools.lru_cache(maxsize=16384)
def label_key(text: str | None) -> str:
    """The text of a label cell, normalised for matching.

    NFKC (full-width punctuation, letters and digits become half-width), no whitespace anywhere
    (labels are printed with spaces inside, `年 度 指 标 值`, or one character a line), no
    leading `*` and no trailing colon.

    Args:
        text: a cell's text, or None.

    Returns:
        The key; "" for an empty cell.

    >>> label_key(" 实 际 完 成 值（Ｂ） ")
    '实际完成值(B)'
    >>> label_key("年\\n度\\n总\\n体\\n目\\n标")
    '年度总体目标'
    """
    if not text:
        return ""
    key = _SPACE.sub("", unicodedata.normalize("NFKC", text))
    return key.lstrip("*※").rstrip(":")


@functools.lru_cache(maxsize=16384)
def label_core(text: str | None) -> str:
    """A label's key without its bracketed parts (`（A）`, `(万元)`, `（20分）`).

    >>> label_core("全年预算数（A）")
    '全年预算数'
    >>> label_core("项目资金（万元）")
    '项目资金'
    """
    key = label_key(text)
    while True:
        shorter = _BRACKETED.sub("", key)
        if shorter == key:
            return key.rstrip(":")
        key = shorter


def bracketed(text: str | None) -> list[str]:
    """The bracketed parts of a label, without their brackets, in order.

    >>> bracketed("项目资金（万元）")
    ['万元']
    >>> bracketed("年度绩效目标1（40分）")
    ['40分']
    """
    return [part[1:-1] for part in _BRACKETED.findall(label_key(text))]


def _spelling_matches(core: str, spelling: str) -> bool:
    if core == spelling:
        return True
    if not core.startswith(spelling) or len(spelling) < 2:
        return False
    rest = core[len(spelling):]
    # `得分=执行率×20` is still 得分; `得分率` or `指标值说明` is another word.
    return not _CJK.match(rest) and not rest[0].isalpha()


def match_label(text: str | None, table: Mapping[str, tuple[str, ...]], *, prefixes: tuple[str, ...] = ()) -> str | None:
    """The key of `table` whose spelling `text` is, or None.

    Args:
        text: a cell's text, as printed.
        table: field → spellings (label keys), e.g. `INDICATOR_COLUMNS`.
        prefixes: prefixes to drop before matching (`其中：` before a breakdown row).

    Returns:
        The field, or None when the text is no spelling of any.

    >>> match_label("单项指标得分", INDICATOR_COLUMNS)
    'reported_score'
    >>> match_label("得分率", INDICATOR_COLUMNS) is None
    True
    """
    if id(table) in _TABLES and _TABLES[id(table)] is table:
        return _match_known(id(table), text or "", prefixes)
    return _match(text or "", table, prefixes)


@functools.lru_cache(maxsize=16384)
def _match_known(table: int, text: str, prefixes: tuple[str, ...]) -> str | None:
    return _match(text, _TABLES[table], prefixes)


def _match(text: str, table: Mapping[str, tuple[str, ...]], prefixes: tuple[str, ...]) -> str | None:
    core = label_core(text)
    if not core:
        return None
    for prefix in prefixes:
        if core.startswith(prefix) and len(core) > len(prefix):
            core = core[len(prefix):]
            break
    for field, spellings in table.items():
        if core in spellings:
            return field
    for field, spellings in table.items():
        if any(_spelling_matches(core, spelling) for spelling in spellings):
            return field
    return None


_TABLES: dict[int, Mapping[str, tuple[str, ...]]] = {
    id(table): table for table in (HEADER_FIELDS, BUDGET_COLUMNS, BUDGET_ROWS, GOALS_LABELS, INDICATOR_COLUMNS)
}


def is_one_of(text: str | None, spellings: tuple[str, ...]) -> bool:
    """Whether `text` is one of `spellings` (compared by `label_core`).

    >>> is_one_of("绩\\n效\\n指\\n标", INDICATOR_BLOCK)
    True
    """
    core = label_core(text)
    return bool(core) and core in spellings


def starts_with_one_of(text: str | None, spellings: tuple[str, ...]) -> str | None:
    """The spelling `text`'s key starts with (longest first), or None.

    >>> starts_with_one_of("总分：96", TOTAL_LABELS)
    '总分'
    """
    key = label_key(text)
    for spelling in sorted(spellings, key=len, reverse=True):
        if key.startswith(spelling):
            return spelling
    return None


_LOOSE = {"(": "[(（]", ")": "[)）]", ":": "[:：]"}


def _spaced(word: str) -> str:
    return r"\s*".join(_LOOSE.get(ch, re.escape(ch)) for ch in word)


def header_pattern(spellings: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern matching any of `spellings` as printed before a value (spaces inside allowed).

    The label (group `label`) may carry a bracketed part (`主管部门（盖章）`) and must be followed by
    a colon, a space or the end of the text: `年度：2023` is the label 年度, `年度总体目标` is not.
    The value follows the match.

    >>> m = header_pattern(HEADER_FIELDS["project"]).match("项 目 名 称：法治培训服务")
    >>> m.group("label"), m.end()
    ('项 目 名 称', 8)
    """
    words = "|".join(_spaced(s) for s in sorted(spellings, key=len, reverse=True))
    return re.compile(rf"\s*(?P<label>{words})\s*(?:[(（][^)）]{{0,12}}[)）])?(?:\s*[:：]\s*|\s+|$)")
