"""Web pages import into canonical forms: every table, rowspan/colspan expanded, text around it too.

The pages are written by hand here (`layouts.html_table`) from the example forms
(`examples/forms/*.yaml`, the golden data), as bureaus publish them: a title in `<h1>`, header
lines in paragraphs, `<br>` inside cells, several forms on a page, GB2312 pages.
"""

from __future__ import annotations

import pathlib
from typing import Any

import importer_layouts as layouts
import pytest

from selfeval_rules.errors import FormError
from selfeval_rules.io.importers import html

EXAMPLES = layouts.example_stems()
LAYOUTS: dict[str, dict[str, Any]] = {
    "official": {},
    "split_target_yunnan": {"split": True},
    "levels_printed_once_without_rowspan": {"level_cells": "once"},
    "labels_one_character_a_line": {"level_cells": "lines", "block_label": "lines"},
    "page_break_with_repeated_header": {"page_break": 5},
    "amounts_in_yuan": {"unit": "元"},
    "hubei_20_80_without_weights": {"scheme": "hubei"},
    "transfer_payment_without_scores": {"scheme": "transfer"},
    "sichuan_weights_and_split_target": {"scheme": "sichuan"},
    "points_in_level1_cells": {"points": True},
}


@pytest.mark.parametrize("stem", EXAMPLES)
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_reads_every_layout_from_a_web_page(tmp_path: pathlib.Path, stem: str, name: str) -> None:
    sheet, expected, expected_notes = layouts.layout(layouts.load_example(stem), **LAYOUTS[name])
    path = layouts.write_html(tmp_path / "form.html", [sheet])
    [form] = html.read(path)
    assert form.source == str(path)
    assert layouts.same(dict(form.data), expected) == []
    assert [note.code for note in form.notes] == expected_notes


def test_reads_the_title_and_header_lines_outside_the_table(tmp_path: pathlib.Path) -> None:
    sheet, expected, _ = layouts.layout(layouts.load_example(EXAMPLES[1]), header="inline")
    path = layouts.write_html(tmp_path / "form.html", [sheet], above=7)
    assert "<h1>项目支出绩效自评表</h1>" in path.read_text("utf-8")
    [form] = html.read(path)
    assert layouts.same(dict(form.data), expected) == []
    assert form.notes == ()


def test_reads_several_forms_on_one_page(tmp_path: pathlib.Path) -> None:
    built = [layouts.layout(layouts.load_example(stem), header="inline") for stem in EXAMPLES]
    path = layouts.write_html(tmp_path / "page.html", [sheet for sheet, _, _ in built], above=7)
    forms = html.read(path)
    assert [form.source for form in forms] == [f"{path}#1", f"{path}#2"]
    assert [layouts.same(dict(form.data), expected) for form, (_, expected, _) in zip(forms, built)] == [[], []]


@pytest.mark.parametrize("stem", EXAMPLES)
def test_reads_a_page_word_saved_as_html(tmp_path: pathlib.Path, stem: str) -> None:
    sheet, expected, _ = layouts.layout(layouts.load_example(stem), split=True)
    path = layouts.write_html(tmp_path / "word.htm", [sheet], word=True)
    assert "<o:p></o:p>" in path.read_text("utf-8") and "<!--" in path.read_text("utf-8")
    [form] = html.read(path)
    assert layouts.same(dict(form.data), expected) == []
    assert form.notes == ()


def test_reads_a_page_encoded_in_gb2312(tmp_path: pathlib.Path) -> None:
    sheet, expected, _ = layouts.layout(layouts.load_example(EXAMPLES[0]))
    path = layouts.write_html(tmp_path / "gb.html", [sheet], encoding="gb18030")
    assert b"charset=gb2312" in path.read_bytes()
    [form] = html.read(path)
    assert layouts.same(dict(form.data), expected) == []


def test_reads_a_table_nested_in_a_layout_table(tmp_path: pathlib.Path) -> None:
    sheet, expected, _ = layouts.layout(layouts.load_example(EXAMPLES[1]))
    page = (
        "<html><body><table><tr><td>导航</td><td>"
        f"{layouts.html_table(sheet)}"
        "</td></tr></table><p>打印本页</p></body></html>"
    )
    path = tmp_path / "nested.html"
    path.write_text(page, "utf-8")
    [form] = html.read(path)
    assert layouts.same(dict(form.data), expected) == []


def test_shows_cell_text_as_a_browser_does() -> None:
    rows = html.page_rows(
        "<table><tr><td> 预期\n  目标 </td><td><p>1、培训。</p><p>2、考核。</p></td>"
        "<td>≥90%<br/>（抽样）</td><td>&nbsp;</td></tr></table>"
    )
    assert rows == [["预期 目标", "1、培训。\n2、考核。", "≥90%\n（抽样）", ""]]


BAD_PAGES = [
    pytest.param(b"", "文件是空的", id="empty-file"),
    pytest.param(b"   \n\t  ", "文件是空的", id="only-white-space"),
    pytest.param(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "没有找到绩效指标表", id="binary-renamed-html"),
    pytest.param("<html><body><p>项目名称：法治培训服务</p></body></html>".encode(), "没有找到绩效指标表", id="no-table"),
    pytest.param(b"<html><body><table><tr><td>", "没有找到绩效指标表", id="truncated-page"),
]


@pytest.mark.parametrize(("data", "says"), BAD_PAGES)
def test_refuses_a_page_without_a_form(tmp_path: pathlib.Path, data: bytes, says: str) -> None:
    path = tmp_path / "bad.html"
    path.write_bytes(data)
    with pytest.raises(FormError) as caught:
        html.read(path)
    assert str(caught.value).startswith(f"{path}: $: ")
    assert says in str(caught.value)


def test_declares_the_module_it_needs() -> None:
    assert html.REQUIRES == ("lxml",)
