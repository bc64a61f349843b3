"""Wording of the `selfeval` command: its notices and the `selfeval policy` output."""

MESSAGES: dict[str, tuple[str, str]] = {
    "cli.output_exists": ("{path} 已存在；如要覆盖请加 --force", "{path} exists; add --force to overwrite it"),
    "cli.output_required": ("--format {format} 需要 --output 文件", "--format {format} needs --output FILE"),
    "cli.missing_dependency": (
        "{format} 报告需要 {package}：pip install 'selfeval-rules[reports]'",
        "the {format} report needs {package}: pip install 'selfeval-rules[reports]'",
    ),
    "cli.cannot_write": ("无法写入 {path}：{reason}", "cannot write {path}: {reason}"),
    "cli.wrote": ("已写入 {path}", "wrote {path}"),
    "cli.bad_file": ("{count} 个文件无法使用", "{count} file(s) could not be used"),
    "policy.list_line": (
        "{name}  {title}（版本 {version}，适用 {years}）",
        "{name}  {title} (version {version}, years {years})",
    ),
    "policy.valid": (
        "✓ {source}：有效（{rules} 条规则，{examples} 个示例）",
        "✓ {source}: valid ({rules} rules, {examples} examples)",
    ),
    "policy.invalid": ("✗ {source}：{count} 处问题", "✗ {source}: {count} problem(s)"),
    "policy.properties_ok": ("✓ {policy}：标准性质全部成立", "✓ {policy}: every standard property holds"),
    "policy.property_failed": (
        "✗ {policy}：性质 {prop} 不成立：{detail}\n  最小反例：{example}",
        "✗ {policy}: property {prop} fails: {detail}\n  smallest counter-example: {example}",
    ),
    "policy.test_summary": (
        "示例 {passed}/{total} 通过；性质检查{props}",
        "examples {passed}/{total} passed; properties {props}",
    ),
    "policy.props_passed": ("通过", "passed"),
    "policy.props_failed": ("未通过", "failed"),
    "policy.props_skipped": ("未运行（需要安装 hypothesis）", "not run (hypothesis is not installed)"),
    "policy.props_not_run": ("未运行（--no-properties）", "not run (--no-properties)"),
    "explain.facts": (
        "指标：一级 {level1}，二级 {level2}，名称 {name}；指标值类型 {kind}，比较符 {op}，单位 {unit}（{dimension}）；实际值类型 {actual}",
        "row: level1 {level1}, level2 {level2}, name {name}; target kind {kind}, op {op}, unit {unit} ({dimension}); actual kind {actual}",
    ),
    "explain.condition": ("{field}（需要 {wanted}，实际 {got}）", "{field} (wants {wanted}, has {got})"),
    "explain.rule_skipped": ("✗ 规则 {rule}：不符合 {failed}", "✗ rule {rule}: fails {failed}"),
    "explain.rule_matched": ("✓ 规则 {rule}：适用", "✓ rule {rule}: applies"),
    "explain.no_rule_matched": ("没有规则适用", "no rule applies"),
    "explain.result": ("结果：{explanation}", "result: {explanation}"),
    "cli.internal_error": (
        "内部错误（{kind}: {error}）：这是 selfeval-rules 的缺陷，请加 --debug 重新运行并报告",
        "internal error ({kind}: {error}): a bug in selfeval-rules; rerun with --debug and report it",
    ),
    "cli.interrupted": ("已中断", "interrupted"),
    "cli.import_note": ("导入说明（{path}）：{note}", "import note ({path}): {note}"),
    "cli.not_a_folder": ("{path} 不是文件夹", "{path} is not a folder"),
}
