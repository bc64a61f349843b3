"""PDF files import into canonical forms: ruled tables printed by Chromium from an HTML table or
drawn by reportlab read back to the example forms' data, and bad files are located refusals.

The PDFs are made here from the example forms (`examples/forms/*.yaml`, the golden data), so every
expected value is the example's own. Chromium needs a font with Chinese glyphs (Debian
`fonts-wqy-zenhei` or `fonts-noto-cjk`); reportlab embeds `fonts-wqy-zenhei`'s TrueType font.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import importer_pdf_helpers as helpers
import pytest

from selfeval_rules.errors import FormError
from selfeval_rules.io.importers import pdf
from selfeval_rules.io.importers.text import forms_from_text
from selfeval_rules.messages import message

NAMES = ("000_emergency_volunteers", "004_legal_training")

needs_chromium = pytest.mark.skipif(
    helpers.chromium() is None or not helpers.cjk_font_installed(),
    reason="needs chromium and a CJK font (Debian: chromium, fonts-wqy-zenhei or fonts-noto-cjk)",
)
needs_cjk_ttf = pytest.mark.skipif(helpers.cjk_ttf() is None, reason="needs Debian fonts-wqy-zenhei for reportlab")


def expected(name: str) -> dict[str, Any]:
    return helpers.load_exact(helpers.EXAMPLES / f"{name}.yaml")


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """The example forms printed by Chromium: on A4 landscape (cells on one line), and on A4
    portrait, where narrow columns wrap and the table runs over three pages."""
    if helpers.chromium() is None or not helpers.cjk_font_installed():
        pytest.skip("needs chromium and a CJK font (Debian: chromium, fonts-wqy-zenhei or fonts-noto-cjk)")
    out = tmp_path_factory.mktemp("printed")
    files = {}
    for name in NAMES:
        data = expected(name)
        for layout, options in (("landscape", {"landscape": True}), ("portrait", {})):
            files[name, layout] = helpers.print_html(helpers.form_html(data, **options), out / f"{name}-{layout}.pdf")
    return files


def without_spaces(data: dict[str, Any]) -> dict[str, Any]:
    """The data with the goal texts' spaces removed: a space printed at a line's end is not in the PDF."""
    goals = data.get("goals") or {}
    return {**data, "goals": {k: re.sub(r" ", "", v) for k, v in goals.items()}}


@needs_chromium
@pytest.mark.parametrize("name", NAMES)
def test_chromium_printed_table_on_a_wide_page_imports_exactly(printed: dict, name: str) -> None:
    [form] = pdf.read(printed[name, "landscape"])
    helpers.assert_same_data(form.data, expected(name))


@needs_chromium
@pytest.mark.parametrize("name", NAMES)
def test_chromium_printed_table_over_pages_with_wrapped_cells_imports(printed: dict, name: str) -> None:
    # merged cells cut by page breaks, a row cut by a page break, cells wrapped over many lines
    [form] = pdf.read(printed[name, "portrait"])
    helpers.assert_same_data(without_spaces(form.data), without_spaces(expected(name)))


@needs_chromium
def test_two_page_form_imports_within_300_ms(printed: dict) -> None:
    path = printed["000_emergency_volunteers", "portrait"]
    pdf.read(path)  # warm: imports and fonts
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        pdf.read(path)
        timings.append(time.perf_counter() - start)
    assert min(timings) < 0.3, timings


@needs_chromium
def test_pdfplumber_text_of_a_printed_table_keeps_its_fields(printed: dict) -> None:
    # pdfplumber prints a row a line, a merged label on the middle line of its run, and a reason's
    # wrapped tail on the line under its row: the reading keeps nearly every field, and leaves out
    # (with a note) the two targets a reason's tail could belong to
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(printed["000_emergency_volunteers", "landscape"]) as document:
        text = "\n".join(page.extract_text() for page in document.pages)
    [form] = forms_from_text(text, "x.txt")
    accuracy = helpers.field_accuracy([form.data], [expected("000_emergency_volunteers")])
    assert accuracy.ratio >= 0.95, accuracy.differences
    assert not [d for d in accuracy.differences if "None" not in d.split("!=")[0]], "a field read wrong, not left out"


@needs_chromium
@pytest.mark.xfail(strict=True, reason=(
    "known limit: pdfplumber's line text leaves open whether a reason's wrapped tail (善项目管理) ends "
    "the reason or its row's target; the two targets are left out with a note"))
def test_pdfplumber_text_of_a_printed_table_imports(printed: dict) -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(printed["000_emergency_volunteers", "landscape"]) as document:
        text = "\n".join(page.extract_text() for page in document.pages)
    [form] = forms_from_text(text, "x.txt")
    helpers.assert_same_data(form.data, expected("000_emergency_volunteers"))


# --- reportlab -----------------------------------------------------------------------------------


def reportlab_form(data: dict[str, Any], out: Path, *, ruled: bool = True, valign: str = "MIDDLE") -> Path:
    """The form as a reportlab table (grid lines unless not `ruled`, merged level cells), in a CJK
    TrueType font."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(TTFont("CJK", helpers.cjk_ttf(), subfontIndex=0))
    style = ParagraphStyle("cell", fontName="CJK", fontSize=7, leading=9, wordWrap="CJK")

    def p(text: Any) -> Any:
        return Paragraph("" if text is None else str(text), style)

    b = data["budget"]
    rows: list[list[Any]] = [
        [p("项目名称"), p(data["project"])] + [""] * 7,
        [p("主管部门"), p(data["department"]), "", "", p("实施单位"), p(data["implementer"]), "", "", ""],
        [p("项目资金（万元）"), "", "", p("年初预算数"), p("全年预算数（A）"), p("全年执行数（B）"), p("分值"), p("执行率"), p("得分")],
        ["", p("年度资金总额"), "", *(p(b[k]) for k in ("initial", "annual", "executed", "weight", "reported_rate", "reported_score"))],
        [p("绩效指标"), p("一级指标"), p("二级指标"), p("三级指标"), p("年度指标值（A）"), p("实际完成值（B）"),
         p("分值"), p("得分"), p("偏差原因分析及改进措施")],
    ]
    spans = [("SPAN", (1, 0), (8, 0)), ("SPAN", (1, 1), (3, 1)), ("SPAN", (5, 1), (8, 1)),
             ("SPAN", (0, 2), (0, 3)), ("SPAN", (1, 2), (2, 2)), ("SPAN", (1, 3), (2, 3))]
    first = len(rows)
    for item in data["indicators"]:
        rows.append(["", p(item["level1"]), p(item["level2"]), p(item["name"]), p(item["target"]), p(item["actual"]),
                     p(item["weight"]), p(item["reported_score"]), p(item.get("deviation"))])
    last = len(rows) - 1
    spans.append(("SPAN", (0, first - 1), (0, last)))
    for col, key in ((1, "level1"), (2, "level2")):
        start = first
        for r in range(first, last + 2):
            if r > last or data["indicators"][r - first][key] != data["indicators"][start - first][key]:
                if r - 1 > start:
                    spans.append(("SPAN", (col, start), (col, r - 1)))
                    for rr in range(start + 1, r):
                        rows[rr][col] = ""
                start = r
    rows.append([p("总分"), "", "", "", "", "", p("100.00"), p(data["reported_total"]), ""])
    spans.append(("SPAN", (0, len(rows) - 1), (5, len(rows) - 1)))
    widths = [40, 50, 60, 150, 90, 90, 40, 40, 150]
    table = Table(rows, colWidths=widths, repeatRows=0)
    rules = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)] if ruled else []
    table.setStyle(TableStyle([*rules, ("VALIGN", (0, 0), (-1, -1), valign), *spans]))
    title = Paragraph(f"项目支出绩效自评表（{data['year']}年度）", ParagraphStyle("t", fontName="CJK", fontSize=12))
    SimpleDocTemplate(str(out), pagesize=landscape(A4), leftMargin=20, rightMargin=20).build([title, table])
    return out


@needs_cjk_ttf
def test_reportlab_ruled_table_imports_its_header_budget_and_indicators(tmp_path: Path) -> None:
    data = expected("000_emergency_volunteers")
    [form] = pdf.read(reportlab_form(data, tmp_path / "form.pdf"))
    got = form.data
    assert (got["year"], got["project"], got["department"], got["implementer"]) == (
        data["year"], data["project"], data["department"], data["implementer"])
    for key in ("initial", "annual", "executed", "weight", "reported_rate", "reported_score"):
        assert (got["budget"][key], str(got["budget"][key])) == (data["budget"][key], str(data["budget"][key])), key
    fields = ("level1", "level2", "name", "target", "actual", "weight", "reported_score", "deviation")
    assert [{k: i.get(k) for k in fields} for i in got["indicators"]] == [
        {k: i.get(k) for k in fields} for i in data["indicators"]
    ]
    assert got["reported_total"] == data["reported_total"]


@needs_cjk_ttf
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("valign", ["MIDDLE", "TOP", "BOTTOM"])
def test_reportlab_table_without_rules_imports_its_indicators_by_where_they_stand(
        tmp_path: Path, name: str, valign: str) -> None:
    data = expected(name)
    [form] = pdf.read(reportlab_form(data, tmp_path / "form.pdf", ruled=False, valign=valign))
    fields = ("level1", "level2", "name", "target", "actual", "weight", "reported_score", "deviation")
    assert [{k: i.get(k) for k in fields} for i in form.data["indicators"]] == [
        {k: i.get(k) for k in fields} for i in data["indicators"]
    ]
    assert form.data["reported_total"] == data["reported_total"]
    assert (form.data["project"], form.data["budget"]["executed"]) == (data["project"], data["budget"]["executed"])


# --- bad input -----------------------------------------------------------------------------------


BAD = [
    pytest.param(b"", "import.pdf.empty", id="empty"),
    pytest.param(b"PK\x03\x04 not a pdf but a zip" * 20, "import.pdf.not_pdf", id="zip-renamed-pdf"),
    pytest.param("项目名称 法治培训服务\n".encode() * 5, "import.pdf.not_pdf", id="text-renamed-pdf"),
    pytest.param(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R", "import.pdf.broken", id="truncated"),
]


@pytest.mark.parametrize("content, code", BAD)
def test_bad_pdf_is_refused_with_a_located_message(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "form.pdf"
    path.write_bytes(content)
    with pytest.raises(FormError) as caught:
        pdf.read(path)
    [problem] = caught.value.problems
    assert (caught.value.source, problem.path) == (str(path), "$")
    assert problem.message.startswith(message(code, "zh", error="").split("：")[0])


def test_truncated_real_pdf_is_refused(tmp_path: Path) -> None:
    whole = tmp_path / "whole.pdf"
    _blank_pdf(whole, text="项目名称 测试")
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 3])
    with pytest.raises(FormError):
        pdf.read(cut)


def _blank_pdf(path: Path, *, text: str | None = None, drawing: bool = False) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    if drawing:
        c.rect(100, 100, 300, 300, fill=1)  # a scan: an image-like page, no text layer
    if text:
        c.drawString(100, 700, text)
    c.save()
    return path


def test_pdf_without_text_layer_says_it_needs_ocr(tmp_path: Path) -> None:
    path = _blank_pdf(tmp_path / "scan.pdf", drawing=True)
    with pytest.raises(FormError) as caught:
        pdf.read(path, lang="en")
    assert caught.value.problems[0].message == message("import.pdf.no_text", "en", pages=1)


def test_pdf_without_a_form_names_what_is_missing(tmp_path: Path) -> None:
    path = _blank_pdf(tmp_path / "letter.pdf", text="Dear reader, this is a letter.")
    with pytest.raises(FormError) as caught:
        pdf.read(path)
    assert caught.value.problems[0].message == message("import.text.no_form", "zh")


def test_reading_a_pdf_takes_no_third_party_import_at_module_level() -> None:
    source = Path(pdf.__file__).read_text(encoding="utf-8")
    top = source.split("\ndef ", 1)[0]
    assert "pypdfium2" not in re.sub(r"#.*|\"\"\"[\s\S]*?\"\"\"", "", top)
    assert pdf.REQUIRES == ("pdfplumber",)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")
@needs_chromium
def test_pdftotext_text_of_a_printed_table_keeps_most_fields(printed: dict, tmp_path: Path) -> None:
    out = tmp_path / "form.txt"
    subprocess.run(["pdftotext", str(printed["000_emergency_volunteers", "landscape"]), str(out)], check=True)
    [form] = forms_from_text(out.read_text(encoding="utf-8"), "x.txt")
    accuracy = helpers.field_accuracy([form.data], [expected("000_emergency_volunteers")])
    assert accuracy.ratio >= 0.8, accuracy.differences


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")
@needs_chromium
@pytest.mark.xfail(strict=True, reason=(
    "known limit: pdftotext prints every level label of a page together, after the rows, and a "
    "reason's wrapped lines apart from their row; levels follow the templates' order, some rows shift"))
def test_pdftotext_text_of_a_printed_table_imports(printed: dict, tmp_path: Path) -> None:
    out = tmp_path / "form.txt"
    subprocess.run(["pdftotext", str(printed["000_emergency_volunteers", "landscape"]), str(out)], check=True)
    [form] = forms_from_text(out.read_text(encoding="utf-8"), "x.txt")
    helpers.assert_same_data(form.data, expected("000_emergency_volunteers"))
