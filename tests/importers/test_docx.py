"""Word documents import into canonical forms: every table, merged cells expanded, header lines too.

Each document is written here with python-docx from the example forms (`examples/forms/*.yaml`,
the golden data) in a layout of `layouts.py`: merged cells become `gridSpan`/`vMerge`, a cell's
lines its paragraphs.
"""

from __future__ import annotations

import io
import pathlib
import zipfile
from typing import Any

import docx as python_docx
import importer_layouts as layouts
import pytest

from selfeval_rules.errors import FormError
from selfeval_rules.io.importers import docx

EXAMPLES = layouts.example_stems()
LAYOUTS: dict[str, dict[str, Any]] = {
    "official": {},
    "split_target_yunnan": {"split": True},
    "merged_labels_one_character_a_line": {"level_cells": "lines", "block_label": "lines"},
    "page_break_with_repeated_header": {"page_break": 5},
    "amounts_in_yuan": {"unit": "元"},
    "hubei_20_80_without_weights": {"scheme": "hubei"},
    "transfer_payment_without_scores": {"scheme": "transfer"},
    "hebei_weight_share": {"scheme": "hebei"},
    "cells_wrapped_by_hand": {"wrapped": True},
}


@pytest.mark.parametrize("stem", EXAMPLES)
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_reads_every_layout_from_a_word_table(tmp_path: pathlib.Path, stem: str, name: str) -> None:
    sheet, expected, expected_notes = layouts.layout(layouts.load_example(stem), **LAYOUTS[name])
    path = layouts.write_docx(tmp_path / "form.docx", [sheet])
    [form] = docx.read(path)
    assert form.source == str(path)
    assert layouts.same(dict(form.data), expected) == []
    assert [note.code for note in form.notes] == expected_notes


@pytest.mark.parametrize("stem", EXAMPLES)
def test_reads_the_title_and_header_lines_printed_above_the_table(tmp_path: pathlib.Path, stem: str) -> None:
    # 项目支出绩效自评表 / （2023年度） / 项目名称：… / 主管部门：… as paragraphs, then the table.
    sheet, expected, _ = layouts.layout(layouts.load_example(stem), header="inline")
    path = layouts.write_docx(tmp_path / "form.docx", [sheet], above=7)
    document = python_docx.Document(path)
    assert document.paragraphs[2].text.startswith("项目名称：")
    [form] = docx.read(path)
    assert layouts.same(dict(form.data), expected) == []
    assert form.notes == ()


def test_reads_several_forms_in_one_document(tmp_path: pathlib.Path) -> None:
    built = [layouts.layout(layouts.load_example(stem), header="inline") for stem in EXAMPLES]
    path = layouts.write_docx(tmp_path / "forms.docx", [sheet for sheet, _, _ in built], above=7)
    forms = docx.read(path)
    assert [form.source for form in forms] == [f"{path}#1", f"{path}#2"]
    assert [layouts.same(dict(form.data), expected) for form, (_, expected, _) in zip(forms, built)] == [[], []]


def test_reads_a_table_that_word_split_in_two_at_a_page_break(tmp_path: pathlib.Path) -> None:
    sheet, expected, _ = layouts.layout(layouts.load_example(EXAMPLES[0]))
    cut = 22  # inside the 产出指标 rows: the level-1 cell is merged across the cut
    top = layouts.Sheet("a", {k: v for k, v in sheet.cells.items() if k[0] < cut},
                        [(a, b, min(c, cut - 1), d) for a, b, c, d in sheet.merges if a < cut], cut, sheet.width)
    bottom = layouts.Sheet("b", {(r - cut, c): v for (r, c), v in sheet.cells.items() if r >= cut},
                           [(max(a, cut) - cut, b, c - cut, d) for a, b, c, d in sheet.merges if c >= cut],
                           sheet.height - cut, sheet.width)
    for a, b, c, d in sheet.merges:  # the merged cells cut by the page carry their text on
        if a < cut <= c and (a, b) in sheet.cells:
            bottom.cells[(0, b)] = sheet.cells[(a, b)]
    [form] = docx.read(layouts.write_docx(tmp_path / "split.docx", [top, bottom]))
    assert layouts.same(dict(form.data), expected) == []


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _without_document_part(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            if item.filename != "word/document.xml":
                zout.writestr(item, zin.read(item.filename))
    return out.getvalue()


def _no_table(_: bytes) -> bytes:
    document = python_docx.Document()
    document.add_paragraph("项目支出绩效自评表")
    document.add_paragraph("项目名称：法治培训服务")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


BAD_FILES = [
    pytest.param(lambda data: b"", "文件是空的", id="empty-file"),
    pytest.param(lambda data: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "不是 docx 文件", id="old-doc-renamed"),
    pytest.param(_truncated, "", id="truncated-docx"),
    pytest.param(_without_document_part, "无法读取 docx 文件", id="zip-without-document"),
    pytest.param(_no_table, "没有找到绩效指标表", id="document-without-a-table"),
]


@pytest.mark.parametrize(("damage", "says"), BAD_FILES)
def test_refuses_a_bad_file_with_a_clear_form_error(tmp_path: pathlib.Path, damage: Any, says: str) -> None:
    sheet, _, _ = layouts.layout(layouts.load_example(EXAMPLES[1]))
    good = layouts.write_docx(tmp_path / "good.docx", [sheet])
    path = tmp_path / "bad.docx"
    path.write_bytes(damage(good.read_bytes()))
    with pytest.raises(FormError) as caught:
        docx.read(path)
    assert str(caught.value).startswith(f"{path}: $: ")
    assert says in str(caught.value)


def test_declares_the_module_it_needs() -> None:
    assert docx.REQUIRES == ("docx",)
