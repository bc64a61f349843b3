"""Workbooks import into canonical forms: every sheet, merged cells expanded, numbers as printed.

Each workbook is written here with openpyxl from the example forms (`examples/forms/*.yaml`, the
golden data) in a layout of `layouts.py`; amounts, scores and rates are stored as Excel numbers
with number formats, the way a person types them into a template.
"""

from __future__ import annotations

import datetime
import io
import pathlib
import time
import zipfile
from decimal import Decimal
from typing import Any

import importer_layouts as layouts
import openpyxl
import pytest

from selfeval_rules.errors import FormError
from selfeval_rules.io.importers import xlsx

EXAMPLES = layouts.example_stems()
LAYOUTS: dict[str, dict[str, Any]] = {
    "official": {},
    "split_target_yunnan": {"split": True},
    "merged_labels_one_character_a_line": {"level_cells": "lines", "block_label": "lines"},
    "vertical_label_one_character_a_cell": {"block_label": "chars"},
    "page_break_with_repeated_header": {"page_break": 5},
    "amounts_in_yuan": {"unit": "元"},
    "hubei_20_80_without_weights": {"scheme": "hubei"},
    "transfer_payment_without_scores": {"scheme": "transfer"},
    "hebei_weight_share": {"scheme": "hebei"},
    "sichuan_weights_and_split_target": {"scheme": "sichuan"},
    "template_prefixes_and_empty_rows": {"template_rows": True},
    "points_in_level1_cells": {"points": True},
    "labels_with_spaces": {"spaced_labels": True},
    "numbers_typed_as_text": {"numbers": "texts"},
}


@pytest.mark.parametrize("stem", EXAMPLES)
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_reads_every_layout_from_a_workbook(tmp_path: pathlib.Path, stem: str, name: str) -> None:
    sheet, expected, expected_notes = layouts.layout(layouts.load_example(stem), **LAYOUTS[name])
    path = layouts.write_xlsx(tmp_path / "form.xlsx", [sheet])
    [form] = xlsx.read(path)
    assert form.source == str(path)
    assert layouts.same(dict(form.data), expected) == []
    assert [note.code for note in form.notes] == expected_notes


NUMBER_FORMATS = [
    # (stored number, number format, the text read): Excel's display, except that a format never hides a
    # digit the cell holds (Excel shows 9.705 in a 0.00 cell as 9.71; the amount is 9.705)
    (258.2, "0.000000", "258.200000"),
    (258.16, "0.000000", "258.160000"),
    (0.9998, "0.00%", "99.98%"),
    (0.9706, "0.00%", "97.06%"),
    (215457.6, "#,##0.00", "215,457.60"),
    (2582000, "#,##0.00_);[Red](#,##0.00)", "2,582,000.00"),
    (64.253, "General", "64.253"),
    (5, "0.00", "5.00"),
    (9.705, "0.00", "9.705"),
    (64.253, "0.00", "64.253"),
    (0.99983, "0.00%", "99.983%"),
    (0.1 + 0.2, "0.00", "0.30"),
    (0.1 + 0.2, "General", "0.3"),
    (55573517, "General", "55573517"),
    (64.253, "#,##0.00####", "64.253"),
    (10, '0.00"分"', "10.00分"),
    (0.25, "0%", "25%"),
]


@pytest.mark.parametrize(("value", "fmt", "text"), NUMBER_FORMATS, ids=[f"{v}-{f}" for v, f, _ in NUMBER_FORMATS])
def test_reads_a_number_as_its_format_prints_it_without_losing_a_digit(value: float, fmt: str, text: str) -> None:
    assert xlsx.format_number(value, fmt) == text


DATE_FORMATS = [
    (datetime.datetime(2023, 6, 1), 'yyyy"年"m"月"', "2023年6月"),
    (datetime.datetime(2023, 12, 31), 'yyyy"年"m"月"d"日"', "2023年12月31日"),
    (datetime.datetime(2023, 3, 31), "yyyy/m/d", "2023/3/31"),
    (datetime.datetime(2023, 3, 31), "mm-dd-yy", "2023/3/31"),  # built-in 14, as a Chinese Excel shows it
    (datetime.datetime(2023, 3, 31, 14, 5), "yyyy-mm-dd hh:mm", "2023-03-31 14:05"),
]


@pytest.mark.parametrize(("value", "fmt", "text"), DATE_FORMATS, ids=[f for _, f, _ in DATE_FORMATS])
def test_shows_a_date_as_its_format_prints_it(value: datetime.datetime, fmt: str, text: str) -> None:
    assert xlsx.format_date(value, fmt) == text


def _official_book(tmp_path: pathlib.Path, stem: str = "004_legal_training") -> tuple[pathlib.Path, dict[str, Any]]:
    sheet, expected, _ = layouts.layout(layouts.load_example(stem))
    return layouts.write_xlsx(tmp_path / "form.xlsx", [sheet]), expected


def test_reads_a_stored_amount_as_the_decimal_the_cell_shows_never_a_float(tmp_path: pathlib.Path) -> None:
    path, _ = _official_book(tmp_path, "000_emergency_volunteers")
    book = openpyxl.load_workbook(path)
    cell = book.active["D7"]
    assert (cell.value, cell.number_format) == (258.2, "0.000000")  # what the file holds
    [form] = xlsx.read(path)
    assert str(form.data["budget"]["initial"]) == "258.200000"
    assert form.data["budget"]["reported_rate"] == "99.98%"


def test_reads_a_date_typed_into_an_actual_cell_as_the_text_a_person_sees(tmp_path: pathlib.Path) -> None:
    path, expected = _official_book(tmp_path, "000_emergency_volunteers")
    book = openpyxl.load_workbook(path)
    ws = book.active
    row = next(cell.row for cell in ws["D"] if cell.value == "完成公开招标，开始实施")
    ws.cell(row, 6).value = datetime.datetime(2023, 6, 1)
    ws.cell(row, 6).number_format = 'yyyy"年"m"月"'
    book.save(path)
    [form] = xlsx.read(path)
    assert form.data["indicators"][9]["actual"] == "2023年6月"
    assert layouts.same(dict(form.data), expected) == []


def test_names_each_form_by_its_sheet_when_several_sheets_hold_forms(tmp_path: pathlib.Path) -> None:
    sheets, expected = [], []
    for stem, title in zip(EXAMPLES, ("志愿者", "法治培训")):
        sheet, data, _ = layouts.layout(layouts.load_example(stem), title=title)
        sheets.append(sheet)
        expected.append(data)
    path = layouts.write_xlsx(tmp_path / "book.xlsx", sheets)
    forms = xlsx.read(path)
    assert [form.source for form in forms] == [f"{path}#志愿者", f"{path}#法治培训"]
    assert [layouts.same(dict(form.data), data) for form, data in zip(forms, expected)] == [[], []]


def test_numbers_forms_stacked_in_one_sheet_and_in_several(tmp_path: pathlib.Path) -> None:
    first, first_data, _ = layouts.layout(layouts.load_example(EXAMPLES[0]), title="stacked")
    second, second_data, _ = layouts.layout(layouts.load_example(EXAMPLES[1]), title="stacked")
    stacked = first.below(second)
    one = xlsx.read(layouts.write_xlsx(tmp_path / "one.xlsx", [stacked]))
    assert [form.source.rsplit("/", 1)[-1] for form in one] == ["one.xlsx#1", "one.xlsx#2"]
    alone, alone_data, _ = layouts.layout(layouts.load_example(EXAMPLES[1]), title="single")
    several = xlsx.read(layouts.write_xlsx(tmp_path / "two.xlsx", [stacked, alone]))
    assert [form.source.rsplit("/", 1)[-1] for form in several] == [
        "two.xlsx#stacked#1", "two.xlsx#stacked#2", "two.xlsx#single",
    ]
    datas = [first_data, second_data, alone_data]
    assert [layouts.same(dict(form.data), data) for form, data in zip(several, datas)] == [[], [], []]


def test_skips_a_sheet_without_a_form_and_a_hidden_sheet(tmp_path: pathlib.Path) -> None:
    path, expected = _official_book(tmp_path)
    book = openpyxl.load_workbook(path)
    notes = book.create_sheet("填表说明", 0)
    notes["A1"] = "请按项目填写一级指标、二级指标和三级指标。"
    hidden = book.create_sheet("lists")
    hidden["A1"], hidden["A2"] = "产出指标", "效益指标"
    hidden.sheet_state = "hidden"
    book.save(path)
    [form] = xlsx.read(path)
    assert form.source == str(path)
    assert layouts.same(dict(form.data), expected) == []


def test_reads_a_form_placed_anywhere_on_the_sheet(tmp_path: pathlib.Path) -> None:
    sheet, expected, _ = layouts.layout(layouts.load_example(EXAMPLES[1]))
    moved = layouts.Sheet("s", {(r + 3, c + 2): cell for (r, c), cell in sheet.cells.items()},
                          [(a + 3, b + 2, c + 3, d + 2) for a, b, c, d in sheet.merges], sheet.height + 3, sheet.width + 2)
    [form] = xlsx.read(layouts.write_xlsx(tmp_path / "moved.xlsx", [moved]))
    assert layouts.same(dict(form.data), expected) == []


# -- refusals: a located FormError, never a traceback or a hang ---------------------------------


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _without_workbook_part(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            if item.filename != "xl/workbook.xml":
                zout.writestr(item, zin.read(item.filename))
    return out.getvalue()


def _no_form(_: bytes) -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "项目名称"
    book.active["B1"] = "没有绩效指标表的表格"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


BAD_FILES = [
    pytest.param(lambda data: b"", "文件是空的", id="empty-file"),
    pytest.param(lambda data: b"\x00\x01\x02binary\xff" * 50, "不是 xlsx 文件", id="binary-renamed-xlsx"),
    pytest.param(lambda data: b"PK\x03\x04" + b"\x00" * 40, "不是 xlsx 文件", id="zip-header-only"),
    pytest.param(_truncated, "", id="truncated-xlsx"),
    pytest.param(_without_workbook_part, "无法读取 xlsx 文件", id="zip-without-workbook"),
    pytest.param(_no_form, "没有找到绩效指标表", id="workbook-without-a-form"),
]


@pytest.mark.parametrize(("damage", "says"), BAD_FILES)
def test_refuses_a_bad_file_with_a_clear_form_error(tmp_path: pathlib.Path, damage: Any, says: str) -> None:
    good, _ = _official_book(tmp_path)
    path = tmp_path / "bad.xlsx"
    path.write_bytes(damage(good.read_bytes()))
    started = time.perf_counter()
    with pytest.raises(FormError) as caught:
        xlsx.read(path)
    assert time.perf_counter() - started < 5
    assert str(caught.value).startswith(f"{path}: $: ")
    assert says in str(caught.value)
    assert len(caught.value.problems) == 1


def test_refuses_a_missing_file(tmp_path: pathlib.Path) -> None:
    with pytest.raises(FormError, match="无法读取 xlsx 文件"):
        xlsx.read(tmp_path / "missing.xlsx")


def test_says_why_in_english_too(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(FormError, match=r"not an xlsx file \(not a zip archive"):
        xlsx.read(path, lang="en")


def test_declares_the_module_it_needs() -> None:
    assert xlsx.REQUIRES == ("openpyxl",)


# -- speed ------------------------------------------------------------------------------------


def test_imports_a_one_form_workbook_within_50_ms(tmp_path: pathlib.Path) -> None:
    path, _ = _official_book(tmp_path, "000_emergency_volunteers")
    xlsx.read(path)  # openpyxl imported and warm, as in a batch
    timings = []
    for _ in range(7):
        started = time.perf_counter()
        xlsx.read(path)
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.050, f"best of 7: {min(timings) * 1000:.1f} ms"


def test_a_stray_cell_far_away_does_not_make_the_grid_huge(tmp_path: pathlib.Path) -> None:
    path, expected = _official_book(tmp_path)
    book = openpyxl.load_workbook(path)
    book.active["XFD1048576"] = "."
    book.save(path)
    started = time.perf_counter()
    [form] = xlsx.read(path)
    assert time.perf_counter() - started < 5
    assert layouts.same(dict(form.data), expected) == []


def test_reads_decimals_with_thousands_separators_from_text_cells(tmp_path: pathlib.Path) -> None:
    sheet, expected, _ = layouts.layout(layouts.load_example(EXAMPLES[0]), unit="元", numbers="texts")
    [form] = xlsx.read(layouts.write_xlsx(tmp_path / "yuan.xlsx", [sheet]))
    assert str(form.data["budget"]["annual"]) == "2582000.00"
    assert form.data["budget"]["annual"] == Decimal("2582000.00")
    assert layouts.same(dict(form.data), expected) == []


def test_says_when_a_formula_has_no_saved_result_instead_of_reading_a_blank_silently(tmp_path: pathlib.Path) -> None:
    path, expected = _official_book(tmp_path)
    book = openpyxl.load_workbook(path)
    ws = book.active
    ws["H7"] = "=F7/E7"  # 执行率 as a formula, written by a program: no result is saved with it
    book.save(path)
    [form] = xlsx.read(path)
    del expected["budget"]["reported_rate"]
    assert layouts.same(dict(form.data), expected) == []
    assert [(note.path, note.code) for note in form.notes] == [("$", "import.formula_without_value")]
    assert form.notes[0].params == {"sheet": "Sheet1", "count": 1, "cell": "H7"}
