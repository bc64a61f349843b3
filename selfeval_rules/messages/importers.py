"""Wording of the importers: what could not be read from a workbook, document, PDF or web page."""

MESSAGES: dict[str, tuple[str, str]] = {
    # No form at all (the file is refused with a FormError).
    "import.no_form": ("没有找到自评表：{missing}", "no self-evaluation form found: {missing}"),
    "import.no_indicator_table": ("没有找到绩效指标表", "no 绩效指标 table found"),
    "import.empty_file": ("文件是空的", "the file is empty"),
    "import.not_zip": (
        "不是 {format} 文件（不是 zip 压缩包；旧版 .xls/.doc 文件请另存为 .xlsx/.docx）",
        "not an {format} file (not a zip archive; save an old .xls/.doc file as .xlsx/.docx)",
    ),
    "import.unreadable": ("无法读取 {format} 文件：{reason}", "cannot read the {format} file: {reason}"),
    "import.missing_dependency": (
        "读取 {format} 文件需要安装 Python 包 {package}",
        "reading {format} files needs the Python package {package}",
    ),
    # Read with a guess, or not read (notes on an imported form).
    "import.no_project": ("没有找到项目名称", "no 项目名称 (project name) found"),
    "import.no_budget": ("没有找到项目资金表", "no 项目资金 (project funds) block found"),
    "import.no_goals": ("没有找到年度总体目标", "no 年度总体目标 (annual goals) found"),
    "import.goals_unsplit": (
        "年度总体目标没有分“预期目标”和“实际完成情况”，全文读作预期目标",
        "the annual goals are not split into 预期目标 and 实际完成情况; the whole text was read as the expected goals",
    ),
    "import.no_unit": (
        "项目资金没有注明金额单位（万元或元），未填入单位",
        "the project funds do not state their unit (万元 or 元); no unit was filled in",
    ),
    "import.unknown_budget_row": (
        "项目资金第 {row} 行 {label!r} 无法识别，未读取",
        "row {row} of the project funds, {label!r}, was not recognised and was not read",
    ),
    "import.several_values": (
        "有多个候选值（{values}），取第一个：{chosen}",
        "several candidate values ({values}); took the first: {chosen}",
    ),
    "import.several_columns": (
        "表头 {label!r} 与 {chosen!r} 是同一项，只读取了 {chosen!r} 列",
        "the column {label!r} means the same as {chosen!r}; only the {chosen!r} column was read",
    ),
    "import.unknown_column": (
        "第 {column} 列的表头 {label!r} 无法识别，该列未读取",
        "column {column}, headed {label!r}, was not recognised and was not read",
    ),
    "import.not_a_number": ("{value!r} 不是数字，未读取", "{value!r} is not a number and was not read"),
    "import.number_with_unit": (
        "{value!r} 读作数字 {number}（去掉了单位）",
        "{value!r} was read as the number {number} (its unit dropped)",
    ),
    "import.number_in_text_column": (
        "文字列中是一个数字 {value!r}，请核对各列是否错位",
        "a number, {value!r}, in a text column: check that the columns are not shifted",
    ),
    "import.row_without_name": (
        "第 {row} 行有内容但没有指标名称，未读取",
        "row {row} has values but no indicator name and was not read",
    ),
    "import.rows_after_table": (
        "第 {row} 行起有 {count} 行无法识别，未读取：表格可能不完整",
        "{count} row(s) from row {row} on were not recognised and were not read: the table may be truncated",
    ),
    "import.weights_not_printed": (
        "表上没有分值（权重）列：各指标的分值未打印（如湖北 20/80 表、转移支付绩效目标自评表），未填入",
        "the form has no 分值/权重 column: the indicators' weights are not printed (as on Hubei's 20/80 form or a "
        "transfer-payment form) and were left out",
    ),
    "import.scores_not_printed": (
        "表上没有得分列：各指标没有自评得分（如转移支付绩效目标自评表）",
        "the form has no 得分 column: the indicators carry no reported score (as on a transfer-payment form)",
    ),
    "import.no_total": ("没有找到总分", "no 总分 (total) found"),
    "import.total_guessed": (
        "总分取自第 {row} 行最后一个数字 {value}",
        "the total was taken from the last number of row {row}: {value}",
    ),
    "import.grade_read_as": ("等级 {value!r} 读作 {grade!r}", "the grade {value!r} was read as {grade!r}"),
    "import.not_a_grade": (
        "等级 {value!r} 不是 优/良/中/差 之一，未读取",
        "the grade {value!r} is not one of 优/良/中/差 and was not read",
    ),
    "import.formula_without_value": (
        "工作表 {sheet} 有 {count} 个公式单元格没有保存计算结果（如 {cell}），按空白读取：请在 Excel 中打开并保存后再导入",
        "{count} formula cell(s) of the sheet {sheet} have no saved result (e.g. {cell}) and were read as blank: "
        "open and save the workbook in Excel, then import it again",
    ),
    # the PDF importer (selfeval_rules/io/importers/pdf.py)
    "import.pdf.unreadable": ("无法读取文件：{error}", "cannot read the file: {error}"),
    "import.pdf.empty": ("文件是空的", "the file is empty"),
    "import.pdf.not_pdf": ("不是 PDF 文件（开头没有 %PDF-）", "not a PDF file (it does not start with %PDF-)"),
    "import.pdf.broken": ("PDF 文件已损坏、不完整或已加密，无法打开：{error}",
                          "the PDF is damaged, truncated or encrypted and cannot be opened: {error}"),
    "import.pdf.no_text": (
        "PDF 的 {pages} 页都没有文字层（可能是扫描件）：请先做文字识别（OCR）",
        "none of the PDF's {pages} pages has a text layer (a scan?): run OCR on it first",
    ),
    "import.pdf.requires": ("读取 PDF 需要安装 {package}", "reading a PDF needs {package} installed"),
    # the text importer (selfeval_rules/io/importers/text.py)
    "import.text.empty": ("文件是空的", "the file is empty"),
    "import.text.binary": (
        "不是文本文件（{what}），无法作为 PDF 的文本读取",
        "not a text file ({what}); cannot be read as the text of a PDF",
    ),
    "import.text.unreadable": ("无法读取文件：{error}", "cannot read the file: {error}"),
    "import.text.no_form": (
        "没有找到自评表：文本中既没有“项目名称”，也没有绩效指标表头（一级指标、二级指标、三级指标）",
        "no self-evaluation form found: the text has neither 项目名称 nor the indicator table's header "
        "(一级指标, 二级指标, 三级指标)",
    ),
    "import.text.missing": ("表上没有找到“{field}”", "{field} not found on the form"),
    "import.text.no_table": ("没有找到绩效指标表（三级指标）", "no indicator table (三级指标) found"),
    "import.text.no_weight_column": (
        "表上没有分值（权重）列：各指标的分值未打印，不作猜测",
        "the form prints no 分值 (weight) column: the indicators' weights are not printed and are not guessed",
    ),
    "import.text.cost_level1": (
        "成本指标打印为一级指标，按示例表的做法计入产出指标（二级指标保留）",
        "成本指标 is printed at level 1; read as part of 产出指标, as the example forms do (level 2 kept)",
    ),
    "import.text.ambiguous_row": (
        "这一行无法确定各列（{text!r}）：{columns} 一列为空或错位，已略去实际完成值、分值和得分",
        "the row's columns cannot be told apart ({text!r}): {columns} empty or shifted; actual, weight "
        "and score left out",
    ),
    "import.text.ambiguous_values": (
        "无法确定这些数值属于哪些列（{values!r}，表头有 {columns} 列），已略去",
        "cannot tell which columns these values belong to ({values!r}, the header has {columns}); left out",
    ),
    "import.text.extra_values": (
        "数值多于表头的列（{values!r}），多出的已略去",
        "more values than the header has columns ({values!r}); the extra ones are left out",
    ),
    "import.text.ambiguous_total": (
        "总分行只有一个数 {value}，无法确定是分值合计还是得分，已略去",
        "the 总分 row prints one number, {value}: whether it is the weights' sum or the score cannot be "
        "told; left out",
    ),
    "import.text.goals_one_column": (
        "年度总体目标只读到一栏文字，实际完成情况未找到",
        "only one column of 年度总体目标 text was found; 实际完成情况 is missing",
    ),
    "import.unknown_suffix": (
        "不认识的文件类型 {suffix}（可读的有：{known}）",
        "unknown file type {suffix} (readable: {known})",
    ),
    "import.several_forms": ("文件里有 {count} 张表；请用 read_forms 逐张读取", "the file holds {count} forms; read them with read_forms"),
    "import.missing_package": (
        "读取 {suffix} 文件需要 {package}：pip install 'selfeval-rules[import]'",
        "reading {suffix} files needs {package}: pip install 'selfeval-rules[import]'",
    ),
    "import.schema_problem": ("不符合自评表格式：{problem}", "breaks the form schema: {problem}"),
    "import.yaml_source": ("由 selfeval import 读自 {source}", "read by selfeval import from {source}"),
    "import.yaml_note": ("注意 {path}：{note}", "note {path}: {note}"),
    # the text importer reading cells out of row order (selfeval_rules/io/importers/_textcells.py)
    "import.text.unsettled": (
        "文本无法确定这一格（{value!r}）属于哪一行或哪一列：另一种读法同样成立，已略去",
        "the text cannot settle which row or column this cell ({value!r}) belongs to: another reading "
        "fits as well; left out",
    ),
    "import.text.cells_inferred": (
        "文本没有按表格的行印出（如 pdfminer 的文本框、一列一列印出的格子），各格所在的行和列是按内容推断的："
        "请对照原件核对分值、得分、指标值和实际完成值",
        "the text does not print the table a row a line (pdfminer's text boxes, cells printed a column at a "
        "time): each cell's row and column were inferred from the text; check weights, scores, targets and "
        "actuals against the original",
    ),
    "import.text.sums_disagree": (
        "按推断的行列，各行得分合计 {scores}，与总分行的 {total} 不符：有些格子多半排错了行，请对照原件",
        "as inferred, the rows' scores add up to {scores}, not to the 总分 row's {total}: some cells are most "
        "likely in another row's place; check against the original",
    ),
    "import.text.no_rows": (
        "找到了绩效指标表，但一行指标也没有读出",
        "an indicator table was found but not one of its rows could be read",
    ),
    "import.text.too_long": (
        "绩效指标表的文字没有按行印出，且太长（{tokens} 段，最多 {most} 段），无法可靠地排回行和列：未读取指标行",
        "the indicator table's text is not printed a row a line and is too long ({tokens} pieces, at most "
        "{most}) to put back into rows and columns reliably: its rows are not read",
    ),
    "import.text.groups_by_points": (
        "年度绩效目标的各行无法从文本确定，按各目标的分值比例划分：{groups}",
        "which rows each 年度绩效目标 heads cannot be read from the text; rows shared in proportion to "
        "their points: {groups}",
    ),
}
