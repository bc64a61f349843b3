"""Every sentence the library says to a person, in Chinese and in English.

Messages are looked up by a stable code and filled with named values, so that errors and
explanations carry data and callers never parse text.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[str, ...] = ("zh", "en")

# code → (Chinese, English). Placeholders are str.format fields.
MESSAGES: dict[str, tuple[str, str]] = {
    # --- target and actual syntax -------------------------------------------------------------
    "syntax.unexpected_char": (
        "第{column}列的字符 {char!r} 无法识别",
        "unexpected character {char!r} at column {column}",
    ),
    "syntax.unexpected_token": (
        "第{column}列的 {token!r} 不应出现在这里",
        "{token!r} at column {column} is not expected here",
    ),
    "syntax.unexpected_end": (
        "在第{column}列意外结束",
        "ends unexpectedly at column {column}",
    ),
    "syntax.too_long": (
        "长度 {length} 超过上限 {limit} 个字符",
        "is {length} characters long, more than the limit of {limit}",
    ),
    "syntax.empty": ("为空", "is empty"),
    "syntax.bad_date": ("第{column}列的日期 {date!r} 不存在", "the date {date!r} at column {column} does not exist"),
    "syntax.missing_year": (
        "第{column}列的日期没有写年份，需要给出表的年度（year）",
        "the date at column {column} has no year; pass the form's year",
    ),
    "syntax.unit_too_long": (
        "第{column}列的单位 {unit!r} 过长，不像一个计量单位",
        "the unit {unit!r} at column {column} is too long to be a unit of measure",
    ),
    "syntax.conflicting_ops": (
        "第{column}列的 {suffix!r} 与前面的比较符 {op!r} 矛盾",
        "{suffix!r} at column {column} contradicts the operator {op!r} before it",
    ),
    "syntax.range_order": (
        "区间下限 {low} 大于上限 {high}",
        "the range's lower bound {low} is above its upper bound {high}",
    ),
    "syntax.range_units": (
        "区间两端的单位 {low} 与 {high} 不能比较",
        "the range's bounds {low} and {high} are in units that do not compare",
    ),
    # hints, matched from a table of known bad examples
    "hint.missing_number": ("比较符后面要跟一个数，如 ≥90%", "an operator needs a number after it, as in ≥90%"),
    "hint.unit_without_number": ("单位前面要有数值，如 24期", "a unit needs a number before it, as in 24期"),
    "hint.double_operator": ("只写一个比较符，如 ≥90%", "write one operator only, as in ≥90%"),
    "hint.chinese_numeral": (
        "数值请用阿拉伯数字书写，如 ≥90%",
        "write numbers with Arabic digits, as in ≥90%",
    ),
    "hint.incomplete_range": ("区间要写两端，如 90%-100%", "a range needs both ends, as in 90%-100%"),
    "hint.qualitative_prefix": (
        "文字描述的指标值请加“定性”前缀，如 定性有效提升",
        "prefix a qualitative target with 定性, as in 定性有效提升",
    ),
    "hint.date_format": (
        "日期写成 2023年12月31日、2023年12月底前 或 2023-12-31",
        "write dates as 2023年12月31日, 2023年12月底前 or 2023-12-31",
    ),
    # --- values -------------------------------------------------------------------------------
    "unit.mismatch": (
        "{left} 与 {right} 的单位不能比较（{left_dim} 对 {right_dim}）",
        "{left} and {right} are in units that do not compare ({left_dim} vs {right_dim})",
    ),
    "value.kind_mismatch": (
        "{target_kind} 类型的指标值不能与 {actual_kind} 类型的实际值比较",
        "a {target_kind} target cannot be compared with a {actual_kind} actual value",
    ),
    # --- documents ----------------------------------------------------------------------------
    "doc.unreadable": ("无法读取：{reason}", "cannot be read: {reason}"),
    "doc.not_found": ("文件不存在", "no such file"),
    "doc.yaml": ("不是有效的 YAML：{reason}", "is not valid YAML: {reason}"),
    "doc.json": ("不是有效的 JSON：{reason}", "is not valid JSON: {reason}"),
    "doc.not_mapping": ("顶层应为映射（键值对），实际为 {kind}", "the top level should be a mapping, not {kind}"),
    "doc.duplicate_key": ("键 {key!r} 重复出现", "the key {key!r} appears twice"),
    "doc.problems": ("{source}：发现 {count} 处问题", "{source}: {count} problem(s) found"),
}


def message(code: str, lang: Lang = "zh", /, **params: object) -> str:
    """Render the message `code` in `lang`, filled with `params`.

    >>> message("syntax.empty", "en")
    'is empty'
    >>> message("syntax.too_long", "zh", length=612, limit=500)
    '长度 612 超过上限 500 个字符'
    """
    zh, en = MESSAGES[code]
    return (en if lang == "en" else zh).format(**params)
