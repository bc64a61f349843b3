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
    # --- formulas -----------------------------------------------------------------------------
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
    "formula.missing_value": ("名称 {name!r} 在此没有值", "the name {name!r} has no value here"),
    "interval.order": ("区间下限 {low} 大于上限 {high}", "the interval's lower bound {low} is above its upper bound {high}"),
    "interval.empty": ("区间 {interval} 是空的", "the interval {interval} is empty"),
    # --- policies -----------------------------------------------------------------------------
    "policy.unknown": (
        "{name!r} 既不是内置规则也不是文件；内置规则有：{known}",
        "{name!r} is neither a bundled policy nor a file; the bundled policies are {known}",
    ),
    "policy.extends_cycle": ("继承关系成环：{chain}", "extends goes round in a circle: {chain}"),
    "policy.formula_syntax": ("公式或区间无法解析：{detail}", "formula or interval does not parse: {detail}"),
    "policy.ratio_kind": (
        "ratio（完成比例）只适用于 comparison 和 range 指标，此规则还适用于 {kinds}",
        "ratio only applies to comparison and range targets, but this rule also applies to {kinds}",
    ),
    "policy.band_kind": (
        "按 {on} 分档不适用于 {kinds} 指标",
        "bands read on {on} do not apply to {kinds} targets",
    ),
    "policy.band_state": ("按 {on} 分档不能用于 {state}", "bands read on {on} cannot be used for {state}"),
    "policy.band_gap": ("分档在 {at} 处有空缺（应覆盖 {domain}）", "the bands leave a gap at {at} (they must cover {domain})"),
    "policy.band_overlap": ("分档在 {at} 处重叠", "the bands overlap at {at}"),
    "policy.duplicate_rule": ("规则编号 {id!r} 与第 {first} 条重复", "the rule id {id!r} repeats rule {first}"),
    "policy.bad_pattern": ("正则表达式 {pattern!r} 无效：{reason}", "the pattern {pattern!r} is not a regular expression: {reason}"),
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
    "policy.unmet_required": ("规则 {id!r} 缺少 unmet（未达到目标时如何计分）", "rule {id!r} needs unmet (how a row short of its target scores)"),
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
    "policy.unknown_source": ("依据 {key!r} 未在 sources 中列出（已有：{known}）", "the source {key!r} is not listed in sources ({known})"),
    "policy.grades_order": ("等级须按分数线从高到低排列且不重复", "grades must be listed best first, with distinct minimums"),
    "policy.grades_floor": ("最低等级的分数线应为 0，而不是 {minimum}", "the lowest grade must start at 0, not {minimum}"),
    # --- scoring: why a row or the budget could not be scored -------------------------------------
    "budget.missing": ("表上没有项目资金，预算执行率无法计分", "the form has no budget block; the execution rate cannot be scored"),
    "budget.no_amount": (
        "项目资金缺少{field_zh}，预算执行率无法计分",
        "the budget has no {field} amount; the execution rate cannot be scored",
    ),
    "budget.zero_annual": ("全年预算数为 0，执行率无法计算", "the annual budget is 0; the execution rate cannot be computed"),
    "row.no_target": ("未填写年度指标值，无法计分", "no target is given; the row cannot be scored"),
    "row.no_actual": ("未填写实际完成值，无法计分", "no actual value is given; the row cannot be scored"),
    "row.target_syntax": ("年度指标值无法解析：{detail}", "the target does not parse: {detail_en}"),
    "row.actual_syntax": ("实际完成值无法解析：{detail}", "the actual value does not parse: {detail_en}"),
    "row.unit_mismatch": ("无法计分：{detail}", "cannot be scored: {detail_en}"),
    "row.kind_mismatch": ("无法计分：{detail}", "cannot be scored: {detail_en}"),
    "row.no_rule": ("没有适用的计分规则", "no rule of the policy applies"),
    "row.no_ratio": ("完成比例无法计算（除数为零）", "the achievement ratio cannot be computed (division by zero)"),
    "row.no_band": ("{value} 不在任何分档内", "{value} falls in no band"),
    "row.formula": ("公式无法计算：{detail}", "the formula cannot be evaluated: {detail_en}"),
    "row.not_applicable": ("不适用，不计入总分（总分按比例折算）", "not applicable: left out, and the total is rescaled"),
    # --- explanations -------------------------------------------------------------------------
    "explain.join": ("；", "; "),
    "explain.read": ("年度指标值 {target}（{kind}），实际完成值 {actual}", "target {target} ({kind}), actual {actual}"),
    "explain.rule": ("适用规则 {rule}", "rule {rule}"),
    "explain.met": ("已达到目标（完成比例 {how} = {ratio}）", "target met (ratio {how} = {ratio})"),
    "explain.short": ("未达到目标，完成比例 {how} = {ratio}", "target not met, ratio {how} = {ratio}"),
    "explain.on_time": ("按期完成（期限 {deadline}，完成于 {done}）", "on time (deadline {deadline}, done {done})"),
    "explain.late": (
        "逾期 {days} 天（跨 {months} 个自然月，期限 {deadline}）",
        "{days} day(s) late ({months} calendar month(s) past the deadline {deadline})",
    ),
    "explain.grade": ("推断为“{grade}”（依据：{clues}）", "graded {grade!r} (from {clues})"),
    "explain.grade_default": ("无明确表述，按“{grade}”处理", "nothing signals a grade; taken as {grade!r}"),
    "explain.graded_as": ("按“{grade}”计分", "scored as {grade!r}"),
    "explain.clue_sep": ("、", ", "),
    "explain.clue.actual": ("实际完成值含“{word}”", "the actual value says {word!r}"),
    "explain.clue.deviation": ("偏差原因含“{word}”", "the deviation reason says {word!r}"),
    "explain.clue.restated": ("实际完成值复述了指标值", "the actual value restates the target"),
    "explain.kept": ("自评分 {reported} 在该等级区间 {band} 内，予以保留", "the reported score {reported} lies in the grade's band {band} and is kept"),
    "explain.default_share": ("按该等级默认比例 {share}（区间 {band}）", "the grade's default share {share} applies (band {band})"),
    "explain.band": ("落在分档 {band}，得分比例 {share}", "falls in the band {band}, share {share}"),
    "explain.score": ("得分 {score} / {weight}（{share}）", "score {score} / {weight} ({share})"),
    "explain.budget": (
        "执行率 = 全年执行数 {executed} ÷ 全年预算数 {annual} = {rate}；得分 = {formula} = {score}（分值 {weight}）",
        "rate = executed {executed} / annual {annual} = {rate}; score = {formula} = {score} (weight {weight})",
    ),
    # --- reports ------------------------------------------------------------------------------
    "report.policy": ("计分规则：{policy}（{name} {version}）", "policy: {policy} ({name} {version})"),
    "report.budget": ("预算执行率", "budget execution"),
    "report.rate": ("执行率 {rate}", "rate {rate}"),
    "report.total": ("总分（等级 {grade}）", "total (grade {grade})"),
    "report.rescaled": ("有不适用指标：{raw} 折算为 {total}", "some rows do not apply: {raw} rescaled to {total}"),
    "report.summary": (
        "共 {rows} 个指标，复核分与自评分不同的 {differing} 个，无法计分的 {unscorable} 个（≠ 不同，? 无法计分）",
        "{rows} indicators, {differing} scored differently from the form, {unscorable} unscorable (≠ differs, ? unscorable)",
    ),
    "summary.counts": (
        "读取 {read} 张自评表，{bad} 个文件无法使用；有错误的表 {errors} 张，只有提醒的表 {warnings} 张",
        "{read} form(s) read, {bad} file(s) unusable; {errors} form(s) with errors, {warnings} with warnings only",
    ),
    "summary.codes": ("发现问题（按类别）：{codes}", "findings by code: {codes}"),
    "summary.difference": (
        "总分差异：{project}（{source}）自评 {reported}，复核 {computed}，相差 {gap}",
        "total differs: {project} ({source}) reported {reported}, computed {computed}, off by {gap}",
    ),
    "md.title": ("项目支出绩效自评表复核报告", "Review of project expenditure self-evaluation forms"),
    "md.findings": ("发现的问题", "Findings"),
    "md.summary": ("汇总", "Summary"),
    "cli.output_exists": ("{path} 已存在；如要覆盖请加 --force", "{path} exists; add --force to overwrite it"),
    "cli.output_required": ("--format {format} 需要 --output 文件", "--format {format} needs --output FILE"),
    "cli.missing_dependency": (
        "{format} 报告需要 {package}：pip install 'selfeval-rules[reports]'",
        "the {format} report needs {package}: pip install 'selfeval-rules[reports]'",
    ),
    "cli.wrote": ("已写入 {path}", "wrote {path}"),
    "cli.bad_file": ("{count} 个文件无法使用", "{count} file(s) could not be used"),
    # --- findings (复核) -------------------------------------------------------------------------
    "finding.budget-breakdown-sum": (
        "项目资金“{column}”列：其中各行合计 {summed}，与年度资金总额 {total} 不符",
        "budget column {column!r}: the breakdown rows add up to {summed}, not the total row's {total}",
    ),
    "finding.budget-rate-printed": (
        "执行率打印为 {printed}，按 B/A 计算应为 {computed}（精确值 {exact}）",
        "the rate is printed {printed}, but B/A gives {computed} (exactly {exact})",
    ),
    "finding.budget-score-wrong": (
        "预算执行得分 {reported} 与执行率 {rate} 不符，应为 {computed}",
        "the budget score {reported} does not follow from the rate {rate}; it should be {computed}",
    ),
    "finding.budget-score-wrong.rounded": (
        "预算执行得分 {reported} 是把 {computed} 取整所得，应保留两位小数为 {computed}（执行率 {rate}）",
        "the budget score {reported} is {computed} rounded to an integer; it should be {computed} (rate {rate})",
    ),
    "finding.budget-score-range": (
        "预算执行得分 {reported} 超出 0 至 {weight} 的范围",
        "the budget score {reported} lies outside 0 to {weight}",
    ),
    "finding.budget-low-rate-no-reason": (
        "预算执行率 {rate} 低于 {below}，但未说明偏差原因",
        "the budget execution rate {rate} is below {below} with no deviation reason",
    ),
    "finding.budget-unscorable": ("预算执行率无法计分：{reason}", "the budget cannot be scored: {reason_en}"),
    "finding.row-unscorable": ("“{name}”无法计分：{reason}", "{name!r} cannot be scored: {reason_en}"),
    "finding.row-score-range": ("自评分 {reported} 超出 0 至 {weight} 的范围", "the reported score {reported} lies outside 0 to {weight}"),
    "finding.row-score-differs": ("自评分 {reported}，复核应为 {computed}", "reported {reported}, but the score should be {computed}"),
    "finding.row-full-marks-unmet": (
        "未达到目标（指标值 {target}，实际 {actual}，完成比例 {ratio}）却得满分 {weight}，复核应为 {computed}",
        "full marks {weight} on an unmet target (target {target}, actual {actual}, ratio {ratio}); the score should be {computed}",
    ),
    "finding.late-at-full-marks": (
        "逾期 {days} 天完成（期限 {deadline}）却得满分 {weight}",
        "full marks {weight} although done {days} day(s) after the deadline {deadline}",
    ),
    "finding.shortfall-at-full-marks": (
        "填有“{word}”等未完全达成的表述，却得满分 {weight}",
        "full marks {weight} although the row says {word!r}, a shortfall",
    ),
    "finding.qualitative-out-of-band": (
        "自评分 {reported} 不在推断等级“{grade}”的区间 {band}（{low} 至 {high} 分）内",
        "the reported score {reported} lies outside the band {band} ({low} to {high} points) of the inferred grade {grade_en!r}",
    ),
    "finding.row-lowered-on-met": (
        "已达到目标却只得 {reported} 分（分值 {weight}），且未说明扣分原因",
        "the target was met but scored {reported} of {weight}, with no deviation reason",
    ),
    "finding.row-deduction-no-reason": (
        "扣分（{reported} / {weight}）但未填写偏差原因分析及改进措施",
        "a deduction ({reported} of {weight}) with no deviation reason or remedy",
    ),
    "finding.over-achievement-unexplained": (
        "完成比例 {ratio}，超过 {threshold}，得满分但未说明超额原因（指标值是否定得过低）",
        "an achievement ratio of {ratio}, at or above {threshold}, at full marks with no explanation (was the target set too low?)",
    ),
    "finding.actual-copied-target": (
        "实际完成值 {actual!r} 照抄了指标值 {target!r}，应填写实际完成的数值",
        "the actual value {actual!r} copies the target {target!r}; it should give what was achieved",
    ),
    "finding.quantitative-answered-with-text": (
        "定量指标 {target!r} 的实际完成值只写了 {actual!r}，应填写具体数值",
        "the quantitative target {target!r} is answered with the words {actual!r}, not a value",
    ),
    "finding.weights-total": (
        "分值合计 {total}（预算 {budget} + 指标 {indicators}），不等于 {expected}",
        "the weights add up to {total} (budget {budget} + indicators {indicators}), not {expected}",
    ),
    "finding.level1-split": (
        "一级指标分值偏离规定比例超过 {tolerance} 分：{far}（实际/规定）",
        "level-1 weights differ from the expected split by more than {tolerance}: {far_en} (actual/expected)",
    ),
    "finding.weight-concentration": (
        "“{name}”分值 {weight} 占指标总分值的 {share}，超过 {limit}",
        "{name!r} carries {weight}, {share} of the indicators' weight, more than {limit}",
    ),
    "finding.total-not-sum": ("总分打印为 {printed}，而各项得分之和为 {summed}", "the total is printed {printed}, but the printed scores add up to {summed}"),
    "finding.total-differs": ("总分 {printed}，复核总分为 {computed}", "the total is {printed}, but the computed total is {computed}"),
    "finding.grade-mismatch": (
        "等级打印为“{printed}”，而总分 {total} 对应“{expected}”",
        "the grade is printed {printed!r}, but the total {total} gives {expected!r}",
    ),
    "finding.unscored-form": ("自评表没有任何自评分", "the form has no scores at all"),
    "finding.template-text": ("模板提示文字“{phrase}”未删除", "the template hint {phrase!r} was left in place"),
    # --- embedded examples and policy properties ------------------------------------------------
    "example.passed": ("✓ {policy}：示例“{name}”通过", "✓ {policy}: example {name!r} passed"),
    "example.failed": ("✗ {policy}：示例“{name}”未通过", "✗ {policy}: example {name!r} failed"),
    "example.how": ("计分过程：{explanation}", "how it scored: {explanation}"),
    "example.score": ("得分应为 {expected}，实际为 {got}", "the score should be {expected}, got {got}"),
    "example.status": ("状态应为 {expected}，实际为 {got}", "the status should be {expected}, got {got}"),
    "example.rule": ("适用规则应为 {expected}，实际为 {got}", "the rule should be {expected}, got {got}"),
    "example.met": ("是否达到目标应为 {expected}，实际为 {got}", "met should be {expected}, got {got}"),
    "example.grade": ("定性等级应为 {expected}，实际为 {got}", "the grade should be {expected}, got {got}"),
    "example.findings": ("复核问题应为 {expected}，实际为 {got}", "the findings should be {expected}, got {got}"),
    # --- selfeval policy ---------------------------------------------------------------------------
    "policy.list_line": ("{name}  {title}（版本 {version}，适用 {years}）", "{name}  {title} (version {version}, years {years})"),
    "policy.valid": ("✓ {source}：有效（{rules} 条规则，{examples} 个示例）", "✓ {source}: valid ({rules} rules, {examples} examples)"),
    "policy.invalid": ("✗ {source}：{count} 处问题", "✗ {source}: {count} problem(s)"),
    "policy.properties_ok": ("✓ {policy}：标准性质全部成立", "✓ {policy}: every standard property holds"),
    "policy.property_failed": (
        "✗ {policy}：性质 {prop} 不成立：{detail}\n  最小反例：{example}",
        "✗ {policy}: property {prop} fails: {detail}\n  smallest counter-example: {example}",
    ),
    "policy.test_summary": ("示例 {passed}/{total} 通过；性质检查{props}", "examples {passed}/{total} passed; properties {props}"),
    "policy.props_passed": ("通过", "passed"),
    "policy.props_failed": ("未通过", "failed"),
    "policy.props_skipped": ("未运行（需要安装 hypothesis）", "not run (hypothesis is not installed)"),
    "explain.facts": (
        "指标：一级 {level1}，二级 {level2}，名称 {name}；指标值类型 {kind}，比较符 {op}，单位 {unit}（{dimension}）；实际值类型 {actual}",
        "row: level1 {level1}, level2 {level2}, name {name}; target kind {kind}, op {op}, unit {unit} ({dimension}); actual kind {actual}",
    ),
    "explain.rule_skipped": ("✗ 规则 {rule}：不符合 {failed}", "✗ rule {rule}: fails {failed}"),
    "explain.rule_matched": ("✓ 规则 {rule}：适用", "✓ rule {rule}: applies"),
    "explain.no_rule_matched": ("没有规则适用", "no rule applies"),
    "explain.result": ("结果：{explanation}", "result: {explanation}"),
    # --- xlsx review workbook ------------------------------------------------------------------
    "xlsx.sheet.summary": ("汇总", "Summary"),
    "xlsx.summary.title": ("项目支出绩效自评表复核汇总", "Review of project expenditure self-evaluation forms: summary"),
    "xlsx.summary.forms_read": ("读取的自评表", "forms read"),
    "xlsx.summary.bad_files": ("无法使用的文件", "unusable files"),
    "xlsx.summary.with_errors": ("有错误的表", "forms with errors"),
    "xlsx.summary.with_warnings": ("只有提醒的表", "forms with warnings only"),
    "xlsx.summary.forms": ("各表复核结果", "Forms"),
    "xlsx.summary.codes": ("发现问题（按类别）", "Findings by code"),
    "xlsx.summary.bad": ("无法使用的文件", "Unusable files"),
    "xlsx.summary.none": ("无", "none"),
    "xlsx.col.index": ("序号", "#"),
    "xlsx.col.source": ("文件", "file"),
    "xlsx.col.project": ("项目名称", "project"),
    "xlsx.col.year": ("年度", "year"),
    "xlsx.col.reported_total": ("自评总分", "reported total"),
    "xlsx.col.total": ("复核总分", "computed total"),
    "xlsx.col.difference": ("差异", "difference"),
    "xlsx.col.grade": ("复核等级", "grade"),
    "xlsx.col.errors": ("错误", "errors"),
    "xlsx.col.warnings": ("提醒", "warnings"),
    "xlsx.col.code": ("问题类别", "code"),
    "xlsx.col.severity": ("级别", "severity"),
    "xlsx.col.count": ("数量", "count"),
    "xlsx.col.problems": ("问题", "problems"),
    "xlsx.severity.error": ("错误", "error"),
    "xlsx.severity.warning": ("提醒", "warning"),
    "xlsx.back": ("← 返回汇总", "← back to the summary"),
    "xlsx.form.title": ("项目支出绩效自评表", "Project expenditure performance self-evaluation form"),
    "xlsx.form.year": ("（{year}年度）", "({year})"),
    "xlsx.form.no_year": ("（年度未填）", "(year not given)"),
    "xlsx.form.project": ("项目名称", "Project"),
    "xlsx.form.department": ("主管部门", "Department"),
    "xlsx.form.implementer": ("实施单位", "Implementing unit"),
    "xlsx.form.manager": ("项目负责人", "Project manager"),
    "xlsx.form.phone": ("联系电话", "Phone"),
    "xlsx.form.findings": ("表级复核意见", "Findings on the whole form"),
    "xlsx.form.no_findings": ("未发现问题", "no findings"),
    "xlsx.form.source": ("文件：{source}", "file: {source}"),
    "xlsx.budget.label": ("项目资金（{unit}）", "Project funds ({unit})"),
    "xlsx.budget.label_no_unit": ("项目资金", "Project funds"),
    "xlsx.budget.initial": ("年初预算数", "Initial budget"),
    "xlsx.budget.annual": ("全年预算数（A）", "Annual budget (A)"),
    "xlsx.budget.executed": ("全年执行数（B）", "Executed (B)"),
    "xlsx.budget.weight": ("分值", "Weight"),
    "xlsx.budget.rate": ("执行率", "Rate"),
    "xlsx.budget.score": ("得分", "Score"),
    "xlsx.budget.total": ("年度资金总额", "Total funds"),
    "xlsx.budget.fiscal": ("其中：当年财政拨款", "of which: current-year appropriation"),
    "xlsx.budget.carryover": ("上年结转资金", "carried over from last year"),
    "xlsx.budget.other": ("其他资金", "other funds"),
    "xlsx.goals.label": ("年度总体目标", "Annual goals"),
    "xlsx.goals.expected": ("预期目标", "Expected"),
    "xlsx.goals.achieved": ("实际完成情况", "Achieved"),
    "xlsx.table.label": ("绩效指标", "Indicators"),
    "xlsx.table.level1": ("一级指标", "Level 1"),
    "xlsx.table.level2": ("二级指标", "Level 2"),
    "xlsx.table.name": ("三级指标", "Indicator"),
    "xlsx.table.target": ("年度指标值（A）", "Target (A)"),
    "xlsx.table.actual": ("实际完成值（B）", "Actual (B)"),
    "xlsx.table.weight": ("分值", "Weight"),
    "xlsx.table.score": ("得分", "Score"),
    "xlsx.table.deviation": ("偏差原因分析及改进措施", "Deviation reason and remedy"),
    "xlsx.review.score": ("复核得分", "Computed score"),
    "xlsx.review.difference": ("差异", "Difference"),
    "xlsx.review.findings": ("复核意见", "Review findings"),
    "xlsx.review.explanation": ("计分说明", "How it was scored"),
    "xlsx.row.unscorable": ("无法计分", "unscorable"),
    "xlsx.row.not_applicable": ("不适用", "n/a"),
    "xlsx.total": ("总分", "Total"),
    "xlsx.total.grade": ("等级：{grade}", "grade: {grade}"),
    "xlsx.total.computed_grade": ("复核等级：{grade}", "computed grade: {grade}"),
    # --- values -------------------------------------------------------------------------------
    "unit.mismatch": (
        "{left} 与 {right} 的单位不能比较（{left_dim} 对 {right_dim}）",
        "{left} and {right} are in units that do not compare ({left_dim} vs {right_dim})",
    ),
    "value.kind_mismatch": (
        "{target_kind} 类型的指标值不能与 {actual_kind} 类型的实际值比较",
        "a {target_kind} target cannot be compared with a {actual_kind} actual value",
    ),
    # --- schema problems (jsonschema keywords) --------------------------------------------------
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
