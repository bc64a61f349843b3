"""Wording of the value model and the languages: syntax errors and their hints, formulas, units."""

MESSAGES: dict[str, tuple[str, str]] = {
    "syntax.unexpected_char": ("第{column}列的字符 {char!r} 无法识别", "unexpected character {char!r} at column {column}"),
    "syntax.unexpected_token": ("第{column}列的 {token!r} 不应出现在这里", "{token!r} at column {column} is not expected here"),
    "syntax.unexpected_end": ("在第{column}列意外结束", "ends unexpectedly at column {column}"),
    "syntax.too_long": ("长度 {length} 超过上限 {limit} 个字符", "is {length} characters long, more than the limit of {limit}"),
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
    "syntax.unit_with_words": (
        "第{column}列：单位 {unit!r} 后面跟着文字 {words!r}",
        "column {column}: the unit {unit!r} is followed by the words {words!r}",
    ),
    "syntax.conflicting_ops": (
        "第{column}列的 {suffix!r} 与前面的比较符 {op!r} 矛盾",
        "{suffix!r} at column {column} contradicts the operator {op!r} before it",
    ),
    "syntax.range_order": ("区间下限 {low} 大于上限 {high}", "the range's lower bound {low} is above its upper bound {high}"),
    "syntax.range_units": (
        "区间两端的单位 {low} 与 {high} 不能比较",
        "the range's bounds {low} and {high} are in units that do not compare",
    ),
    "hint.missing_number": ("比较符后面要跟一个数，如 ≥90%", "an operator needs a number after it, as in ≥90%"),
    "hint.unit_without_number": ("单位前面要有数值，如 24期", "a unit needs a number before it, as in 24期"),
    "hint.double_operator": ("只写一个比较符，如 ≥90%", "write one operator only, as in ≥90%"),
    "hint.chinese_numeral": ("数值请用阿拉伯数字书写，如 ≥90%", "write numbers with Arabic digits, as in ≥90%"),
    "hint.incomplete_range": ("区间要写两端，如 90%-100%", "a range needs both ends, as in 90%-100%"),
    "hint.qualitative_prefix": ("文字描述的指标值请加“定性”前缀，如 定性有效提升", "prefix a qualitative target with 定性, as in 定性有效提升"),
    "hint.date_format": (
        "日期写成 2023年12月31日、2023年12月底前 或 2023-12-31",
        "write dates as 2023年12月31日, 2023年12月底前 or 2023-12-31",
    ),
    "formula.unknown_name": (
        "未知的名称 {name!r}，可用的名称：{allowed}",
        "unknown name {name!r}; the names available here are {allowed}",
    ),
    "formula.unknown_function": (
        "未知的函数 {name!r}，可用的函数：{allowed}",
        "unknown function {name!r}; the functions are {allowed}",
    ),
    "formula.arity": ("函数 {name} 需要 {expected} 个参数，给了 {given} 个", "{name} takes {expected} argument(s), not {given}"),
    "formula.division_by_zero": ("除数为零", "divides by zero"),
    "formula.too_complex": (
        "公式过于复杂（嵌套最多 {depth} 层、最多 {size} 项）",
        "the formula is too complex (at most {depth} levels of nesting and {size} terms)",
    ),
    "formula.out_of_range": ("计算结果超出范围", "the result is out of range"),
    "formula.missing_value": ("名称 {name!r} 在此没有值", "the name {name!r} has no value here"),
    "interval.order": ("区间下限 {low} 大于上限 {high}", "the interval's lower bound {low} is above its upper bound {high}"),
    "interval.empty": ("区间 {interval} 是空的", "the interval {interval} is empty"),
    "unit.mismatch": (
        "{left} 与 {right} 的单位不能比较（{left_dim} 对 {right_dim}）",
        "{left} and {right} are in units that do not compare ({left_dim} vs {right_dim})",
    ),
    "value.kind_mismatch": (
        "{target_kind} 类型的指标值不能与 {actual_kind} 类型的实际值比较",
        "a {target_kind} target cannot be compared with a {actual_kind} actual value",
    ),
    "dimension.count": ("计数（{unit}）", "a count of {unit}"),
    "dimension.percent": ("百分比", "percentage"),
    "dimension.money": ("金额", "money"),
    "dimension.days": ("天数", "days"),
    "dimension.workdays": ("工作日", "working days"),
    "dimension.months": ("月数", "months"),
    "dimension.length": ("长度", "length"),
    "dimension.area": ("面积", "area"),
    "dimension.volume": ("体积", "volume"),
    "dimension.mass": ("重量", "mass"),
    "syntax.number_too_large": (
        "第{column}列的数 {number} 超出范围（整数部分最多 {digits} 位，小数最多 {decimals} 位）",
        "the number {number} at column {column} is out of range (at most {digits} integer digits and {decimals} decimals)",
    ),
    "syntax.date_like_unit": (
        "第{column}列的 {unit!r} 像是写错的日期，不是计量单位",
        "{unit!r} at column {column} looks like a mistyped date, not a unit of measure",
    ),
    "syntax.year_span": (
        "{low}-{high} 是年份区间，不是数量",
        "{low}-{high} is a span of calendar years, not a quantity",
    ),
    "syntax.words_around_number": ("数值前后有文字", "the number has words around it"),
}
