"""Wording of document problems: YAML and JSON reading, and schema keywords."""

MESSAGES: dict[str, tuple[str, str]] = {
    "schema.minimum": ("{instance!r} 小于最小值 {expected}", "{instance!r} is less than the minimum of {expected}"),
    "schema.maximum": ("{instance!r} 大于最大值 {expected}", "{instance!r} is greater than the maximum of {expected}"),
    "schema.exclusiveMinimum": (
        "{instance!r} 应大于 {expected}",
        "{instance!r} is less than or equal to the minimum of {expected}",
    ),
    "schema.type": ("{instance!r} 不是 {expected} 类型", "{instance!r} is not of type {expected!r}"),
    "schema.required": ("缺少必填项 {missing!r}", "{missing!r} is a required property"),
    "schema.additionalProperties": ("不认识的键 {extra}", "unknown key(s) {extra}"),
    "schema.enum": ("{instance!r} 不是可选值 {expected} 之一", "{instance!r} is not one of {expected}"),
    "schema.pattern": ("{instance!r} 格式不对（应匹配 {expected!r}）", "{instance!r} does not match {expected!r}"),
    "schema.minLength": ("{instance!r} 不能为空", "{instance!r} should be non-empty"),
    "schema.minItems": ("至少要有 {expected} 项", "should have at least {expected} item(s)"),
    "schema.minProperties": ("至少要有 {expected} 项", "should have at least {expected} entry(ies)"),
    "schema.oneOf": ("{instance!r} 应恰好符合一种写法", "{instance!r} should match exactly one form"),
    "schema.other": ("{detail}", "{detail}"),
    "doc.unreadable": ("无法读取：{reason}", "cannot be read: {reason}"),
    "doc.not_found": ("文件不存在", "no such file"),
    "doc.yaml": ("不是有效的 YAML：{reason}", "is not valid YAML: {reason}"),
    "doc.json": ("不是有效的 JSON：{reason}", "is not valid JSON: {reason}"),
    "doc.not_mapping": ("顶层应为映射（键值对），实际为 {kind}", "the top level should be a mapping, not {kind}"),
    "doc.duplicate_key": ("键 {key!r} 重复出现", "the key {key!r} appears twice"),
    "doc.problems": ("{source}：发现 {count} 处问题", "{source}: {count} problem(s) found"),
}
