"""Wording of policy problems found when a policy is compiled."""

MESSAGES: dict[str, tuple[str, str]] = {
    "policy.unknown": (
        "{name!r} 既不是内置规则也不是文件；内置规则有：{known}",
        "{name!r} is neither a bundled policy nor a file; the bundled policies are {known}",
    ),
    "policy.extends_cycle": ("继承关系成环：{chain}", "extends goes round in a circle: {chain}"),
    "policy.extends_too_deep": ("继承超过 {limit} 层：{chain}", "extends goes more than {limit} policies deep: {chain}"),
    "policy.not_a_source": (
        "{kind} 不能作为规则：应为内置规则名、文件路径或映射",
        "a {kind} is not a policy: give a bundled name, a file path or a mapping",
    ),
    "policy.formula_syntax": ("公式或区间无法解析：{detail}", "formula or interval does not parse: {detail}"),
    "policy.ratio_kind": (
        "ratio（完成比例）只适用于 comparison 和 range 指标，此规则还适用于 {kinds}",
        "ratio only applies to comparison and range targets, but this rule also applies to {kinds}",
    ),
    "policy.band_kind": ("按 {on} 分档不适用于 {kinds} 指标", "bands read on {on} do not apply to {kinds} targets"),
    "policy.band_state": ("按 {on} 分档不能用于 {state}", "bands read on {on} cannot be used for {state}"),
    "policy.band_gap": ("分档在 {at} 处有空缺（应覆盖 {domain}）", "the bands leave a gap at {at} (they must cover {domain})"),
    "policy.band_overlap": ("分档在 {at} 处重叠", "the bands overlap at {at}"),
    "policy.duplicate_rule": ("规则编号 {id!r} 与第 {first} 条重复", "the rule id {id!r} repeats rule {first}"),
    "policy.bad_pattern": (
        "正则表达式 {pattern!r} 无效：{reason}",
        "the pattern {pattern!r} is not a regular expression: {reason}",
    ),
    "policy.unsafe_pattern": (
        "名称匹配式 {pattern!r} 可能在长名称上耗时极长（{reason}）；请去掉嵌套重复、重复的“或”与反向引用，长度不超过 {limit} 个字符",
        "the name pattern {pattern!r} could take exponential time on a long name ({reason}); avoid nested repetition, "
        "repeated alternation and back-references, and keep it to {limit} characters",
    ),
    "policy.unsafe.too_long": ("过长", "too long"),
    "policy.unsafe.nested_repetition": ("重复里套着重复", "a repetition inside a repetition"),
    "policy.unsafe.repeated_alternation": ("重复的“或”", "a repeated alternation"),
    "policy.unsafe.backreference": ("反向引用", "a back-reference"),
    "policy.rule_contradicts": (
        "规则 {id!r} 的条件互相矛盾，永远不会匹配（如 op 只适用于 comparison 指标）",
        "rule {id!r} contradicts itself and can never match (op, for one, only applies to comparison targets)",
    ),
    "policy.infer_and_outcome": (
        "规则 {id!r} 已按定性等级计分（grade: infer），不能再写 met / unmet",
        "rule {id!r} grades qualitatively (grade: infer) and cannot also have met / unmet",
    ),
    "policy.qualitative_needs_grade": (
        "规则 {id!r} 适用于定性指标，须写 grade: infer",
        "rule {id!r} applies to qualitative targets and needs grade: infer",
    ),
    "policy.unmet_required": (
        "规则 {id!r} 缺少 unmet（未达到目标时如何计分）",
        "rule {id!r} needs unmet (how a row short of its target scores)",
    ),
    "policy.rule_shadowed": (
        "规则 {id!r} 永远不会匹配：前面的规则 {earlier!r} 已覆盖它的所有情形",
        "rule {id!r} can never match: the earlier rule {earlier!r} catches every row it would",
    ),
    "policy.default_outside_band": (
        "默认比例 {default} 不在本等级区间 {band} 内",
        "the default share {default} lies outside the grade's band {band}",
    ),
    "policy.grade_order": (
        "定性等级区间应为 达成 > 部分达成 > 未达成",
        "the qualitative bands must rank met above partly met above not met",
    ),
    "policy.unknown_source": (
        "依据 {key!r} 未在 sources 中列出（已有：{known}）",
        "the source {key!r} is not listed in sources ({known})",
    ),
    "policy.grades_order": ("等级须按分数线从高到低排列且不重复", "grades must be listed best first, with distinct minimums"),
    "policy.grades_floor": ("最低等级的分数线应为 0，而不是 {minimum}", "the lowest grade must start at 0, not {minimum}"),
}
