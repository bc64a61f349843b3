"""Wording of embedded examples (`selfeval policy test`, the pytest plugin)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "example.passed": ("✓ {policy}：示例“{name}”通过", "✓ {policy}: example {name!r} passed"),
    "example.failed": ("✗ {policy}：示例“{name}”未通过", "✗ {policy}: example {name!r} failed"),
    "example.how": ("计分过程：{explanation}", "how it scored: {explanation}"),
    "example.score": ("得分应为 {expected}，实际为 {got}", "the score should be {expected}, got {got}"),
    "example.status": ("状态应为 {expected}，实际为 {got}", "the status should be {expected}, got {got}"),
    "example.rule": ("适用规则应为 {expected}，实际为 {got}", "the rule should be {expected}, got {got}"),
    "example.met": ("是否达到目标应为 {expected}，实际为 {got}", "met should be {expected}, got {got}"),
    "example.grade": ("定性等级应为 {expected}，实际为 {got}", "the grade should be {expected}, got {got}"),
    "example.outcome": ("达成情况应为 {expected}，实际为 {got}", "the outcome should be {expected}, got {got}"),
    "example.weight_source": ("分值来源应为 {expected}，实际为 {got}", "the weight should come from {expected}, got {got}"),
    "example.findings": ("复核问题应为 {expected}，实际为 {got}", "the findings should be {expected}, got {got}"),
}
