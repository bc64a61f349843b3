"""Wording of the findings a reviewer raises (one entry per finding code, with variants)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "finding.budget-breakdown-sum": (
        "项目资金“{column_zh}”列：其中各行合计 {summed}，与年度资金总额 {total} 不符",
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
        "预算执行得分 {reported} 是把 {computed} 取整所得，应为 {computed}（执行率 {rate}）",
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
    "finding.budget-unscorable": ("预算执行率无法计分：{reason}", "the budget execution rate cannot be scored: {reason_en}"),
    "finding.row-unscorable": ("“{name}”无法计分：{reason}", "{name!r} cannot be scored: {reason_en}"),
    "finding.row-score-range": (
        "自评分 {reported} 超出 0 至 {weight} 的范围",
        "the reported score {reported} lies outside 0 to {weight}",
    ),
    "finding.row-score-differs": (
        "自评分 {reported}，复核应为 {computed}",
        "reported {reported}, but the score should be {computed}",
    ),
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
        "完成比例 {ratio}，达到或超过 {threshold}，得满分但未说明超额原因（指标值是否定得过低）",
        "an achievement ratio of {ratio}, at or above {threshold}, at full marks with no explanation (was the target set too low?)",
    ),
    "finding.actual-copied-target": (
        "实际完成值 {actual!r} 照抄了指标值 {target!r}，应填写实际完成的数值",
        "the actual value {actual!r} copies the target {target!r}; it should give what was achieved",
    ),
    "finding.weight-unknown": (
        "“{name}”表上未打印分值，也无法从得分推算：其得分无法复核",
        "{name!r} prints no weight and none can be recovered from the scores: its score cannot be checked",
    ),
    "finding.unmet-no-reason": (
        "“{name}”未达成（指标值 {target}，实际 {actual}），但未填写原因和改进措施",
        "{name!r} was not met (target {target}, actual {actual}) and gives no reason or remedy",
    ),
    "finding.cost-exceeds-funds": (
        "指标值 {target} 大于本年资金 {funds}：该指标描述的是整个项目，而非本年度",
        "the target {target} exceeds the year's funds {funds}: the row describes the whole project, not the year",
    ),
    "finding.weighted-score-wrong": (
        "折算得分 {printed} 不等于得分 {score} × 权重占比 {share} = {computed}",
        "the weighted score {printed} is not the score {score} × the weight share {share} = {computed}",
    ),
    "finding.group-points": (
        "“{block}”下各标题分值相加为 {summed}（{names}），不等于 {points}",
        "the headings under {block!r} add up to {summed} ({names_en}), not {points}",
    ),
    "finding.group-points.total": (
        "各标题分值相加为 {summed}（{names}），不等于指标总分值 {points}",
        "the headings add up to {summed} ({names_en}), not the indicators' {points} points",
    ),
    "finding.met-below-weight": (
        "“{group}”下各行均已达成，得分相加却只有 {summed}，低于其分值 {points}：有已达成的行得分低于其分值",
        "every row under {group!r} was met, yet their scores add up to {summed}, below its {points} points: "
        "a met row was scored below its weight",
    ),
    "finding.weighted-total-unknown": (
        "本表按权重占比折算各行得分，其总分规则未知，未复核总分",
        "this form folds its rows by weight shares; its total rule is not known, so the total is not checked",
    ),
    "finding.import-note": ("导入时未能确定：{note}", "not read with confidence on import: {note_en}"),
    "finding.actual-from-text": (
        "实际完成值 {actual!r} 含有文字，按其中的 {value} 计分，请核实",
        "the actual value {actual!r} has words around its number; scored as {value}: check it",
    ),
    "finding.target-read-as-text": (
        "指标值 {target!r} 含有数值 {number}，却不是可比较的写法，只能按定性指标计分；应写成如 ≥90% 的形式",
        "the target {target!r} contains the number {number} but is not written as a comparison, so it is graded as "
        "qualitative; write it like ≥90%",
    ),
    "finding.unmet-scored-full": (
        "未达到目标（指标值 {target}，实际 {actual}）却按规则得满分 {weight}，请复核扣分",
        "full marks {weight} computed for an unmet target (target {target}, actual {actual}): review the deduction",
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
    "finding.total-not-sum": (
        "总分打印为 {printed}，而各项得分之和为 {summed}",
        "the total is printed {printed}, but the printed scores add up to {summed}",
    ),
    "finding.total-differs": (
        "总分 {printed}，复核总分为 {computed}",
        "the total is {printed}, but the computed total is {computed}",
    ),
    "finding.grade-mismatch": (
        "等级打印为“{printed}”，而总分 {total} 对应“{expected}”",
        "the grade is printed {printed!r}, but the total {total} gives {expected!r}",
    ),
    "finding.unscored-form": ("自评表没有任何自评分", "the form has no scores at all"),
    "finding.policy-not-in-effect": (
        "表的年度 {year} 不在计分规则 {policy} 的适用年度 {years} 内",
        "the form's year {year} lies outside the years {years} that the policy {policy} applies to",
    ),
    "finding.template-text": ("模板提示文字“{phrase}”未删除", "the template hint {phrase!r} was left in place"),
}
