"""Helpers shared by the PDF and text importer tests: exact YAML loading, and forms printed as PDFs.

Loaded by the tests' `helpers` fixture (not a conftest, so that it stays out of other tests' way).
The PDFs are made here from canonical form data, the way other people make them: an HTML table
printed by headless Chromium, or a ruled table drawn with reportlab.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "forms"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# A CJK TrueType font from a Debian package (fonts-wqy-zenhei): reportlab cannot embed the
# OpenType/CFF fonts of fonts-noto-cjk, and its built-in CID fonts do not extract back to Unicode.
CJK_TTF_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)


class _ExactLoader(yaml.SafeLoader):
    """YAML's safe loader, with every float read as the Decimal of its text (258.200000 stays so)."""


def _decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    return Decimal(loader.construct_scalar(node))


_ExactLoader.add_constructor("tag:yaml.org,2002:float", _decimal)


def load_exact(path: Path) -> dict[str, Any]:
    """A form YAML as data, floats as exact Decimals, integers as ints."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_ExactLoader)


def assert_same_data(got: Any, expected: Any, path: str = "$") -> None:
    """Equal data, and every Decimal equal by value *and* by text; the first difference is named."""
    if isinstance(expected, Mapping):
        assert isinstance(got, Mapping), f"{path}: {got!r} is not a mapping"
        assert set(got) == set(expected), f"{path}: keys {sorted(got)} != {sorted(expected)}"
        for key in expected:
            assert_same_data(got[key], expected[key], f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(got, (list, tuple)), f"{path}: {got!r} is not a list"
        for i, (g, e) in enumerate(zip(got, expected)):
            assert_same_data(g, e, f"{path}[{i}]")
        assert len(got) == len(expected), f"{path}: {len(got)} items, expected {len(expected)}"
    elif isinstance(expected, Decimal):
        assert isinstance(got, Decimal), f"{path}: {got!r} is not a Decimal"
        assert (got, str(got)) == (expected, str(expected)), f"{path}: {got!r} != {expected!r}"
    else:
        assert type(got) is type(expected) and got == expected, f"{path}: {got!r} != {expected!r}"


# --- forms as HTML tables ------------------------------------------------------------------------


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _cell(text: Any, *, colspan: int = 1, rowspan: int = 1, cls: str = "") -> str:
    attrs_ = (f' colspan="{colspan}"' if colspan > 1 else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
    attrs_ += f' class="{cls}"' if cls else ""
    body = html.escape(_text(text)).replace("\n", "<br>")
    return f"<td{attrs_}>{body}</td>"


def _runs(values: Sequence[Any]) -> list[tuple[Any, int]]:
    """Consecutive equal values as (value, count): the rowspans of a merged column."""
    runs: list[tuple[Any, int]] = []
    for value in values:
        if runs and runs[-1][0] == value:
            runs[-1] = (value, runs[-1][1] + 1)
        else:
            runs.append((value, 1))
    return runs


def form_html(
    data: Mapping[str, Any],
    *,
    blank: str = "—",
    unit_label: str | None = None,
    column_order: Sequence[str] = ("target", "actual", "weight", "reported_score", "deviation"),
    narrow: bool = False,
    landscape: bool = False,
    merge_levels: bool = True,
) -> str:
    """The official central template (10 columns) as an HTML table holding `data`.

    Level-1 and level-2 cells are merged over their runs (rowspan), as on published web pages.
    `column_order` reorders the indicator columns after the name; `narrow` squeezes the table so
    that long cells wrap; `landscape` prints a wide page in a small font, so that only the goal
    texts wrap.
    """
    budget = data.get("budget") or {}
    unit = unit_label or f"（{budget.get('unit', '万元')}）"
    labels = {
        "target": "年度指标值（A）", "actual": "实际完成值（B）", "weight": "分值", "reported_score": "得分",
        "deviation": "偏差原因分析及改进措施",
    }
    rows: list[str] = []
    # nine columns: 绩效指标 | 一级 | 二级 | 三级 | 指标值 | 完成值 | 分值 | 得分 | 偏差原因
    rows.append(f"<tr>{_cell('项目名称')}{_cell(data['project'], colspan=8)}</tr>")
    rows.append(
        f"<tr>{_cell('主管部门')}{_cell(data.get('department'), colspan=3)}"
        f"{_cell('实施单位')}{_cell(data.get('implementer'), colspan=4)}</tr>"
    )
    rows.append(
        f"<tr>{_cell('项目负责人')}{_cell(data.get('manager'), colspan=3)}"
        f"{_cell('联系电话')}{_cell(data.get('phone'), colspan=4)}</tr>"
    )
    heads = ["年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率", "得分"]
    rows.append(
        f"<tr>{_cell('项目资金' + unit, rowspan=5)}{_cell('', colspan=2)}"
        + "".join(_cell(h) for h in heads) + "</tr>"
    )

    def amount(row: Mapping[str, Any] | None, key: str) -> str:
        value = (row or {}).get(key)
        return blank if value is None else str(value)

    total = [amount(budget, "initial"), amount(budget, "annual"), amount(budget, "executed"),
             amount(budget, "weight"), amount(budget, "reported_rate"), amount(budget, "reported_score")]
    rows.append(f"<tr>{_cell('年度资金总额', colspan=2)}" + "".join(_cell(v) for v in total) + "</tr>")
    breakdown = budget.get("breakdown") or {}
    for key, label in (("fiscal", "其中：当年财政拨款"), ("carryover", "上年结转资金"), ("other", "其他资金")):
        row = breakdown.get(key)
        values = [amount(row, "initial"), amount(row, "annual"), amount(row, "executed")]
        values += [blank, blank, blank]
        if row is not None and key == "fiscal" and budget.get("weight") is not None:
            values[3:] = [amount(budget, "weight"), amount(budget, "reported_rate"), amount(budget, "reported_score")]
        rows.append(f"<tr>{_cell(label, colspan=2)}" + "".join(_cell(v) for v in values) + "</tr>")
    goals = data.get("goals") or {}
    rows.append(f"<tr>{_cell('年度总体目标', rowspan=2)}{_cell('预期目标', colspan=5)}{_cell('实际完成情况', colspan=3)}</tr>")
    rows.append(f"<tr>{_cell(goals.get('expected'), colspan=5, cls='goal')}{_cell(goals.get('achieved'), colspan=3, cls='goal')}</tr>")
    indicators = list(data["indicators"])
    head = ["一级指标", "二级指标", "三级指标"] + [labels[c] for c in column_order]
    rows.append(f"<tr>{_cell('绩效指标', rowspan=len(indicators) + 1)}" + "".join(_cell(h) for h in head) + "</tr>")
    def runs(values: list[Any]) -> list[tuple[Any, int]]:
        return _runs(values) if merge_levels else [(v, 1) for v in values]

    level1_runs = iter(runs([i.get("level1") for i in indicators]))
    level2_runs = iter(runs([(i.get("level1"), i.get("level2")) for i in indicators]))
    left1 = left2 = 0
    for item in indicators:
        cells = []
        if left1 == 0:
            value, left1 = next(level1_runs)
            cells.append(_cell(value, rowspan=left1))
        if left2 == 0:
            (_, value), left2 = next(level2_runs)
            cells.append(_cell(value, rowspan=left2))
        left1, left2 = left1 - 1, left2 - 1
        cells.append(_cell(item["name"]))
        cells += [_cell(item.get(c)) for c in column_order]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    rows.append(
        f"<tr>{_cell('总分', colspan=6)}{_cell(sum(Decimal(str(i['weight'])) for i in indicators) + Decimal(str(budget.get('weight', 0))))}"
        f"{_cell(data.get('reported_total'))}{_cell('')}</tr>"
    )
    width = "160mm" if narrow else "100%"
    page = "@page { size: A4 landscape; margin: 8mm; } body { font-size: 7.5pt; }" if landscape else ""
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{html.escape(data['project'])}</title>
<style>
  body {{ font-family: "WenQuanYi Zen Hei", "Noto Sans CJK SC", sans-serif; font-size: 10pt; }}
  table {{ border-collapse: collapse; width: {width}; }}
  td {{ border: 1px solid #000; padding: 2px 4px; vertical-align: middle; }}
  td.goal {{ vertical-align: top; }}
  h2, p.year {{ text-align: center; margin: 4px; }}
  {page}
</style></head>
<body>
<h2>项目支出绩效自评表</h2>
<p class="year">（{data.get('year', 2023)}年度）</p>
<table>
{chr(10).join(rows)}
</table>
</body></html>
"""


# --- PDFs ----------------------------------------------------------------------------------------


def chromium() -> str | None:
    """The path of a Chromium to print with, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def cjk_font_installed() -> bool:
    """Whether fontconfig knows a font with Chinese glyphs (Chromium needs one to print Chinese)."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return False
    out = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    return bool(out.strip())


def print_html(html_text: str, out: Path) -> Path:
    """Print `html_text` to the PDF `out` with headless Chromium (no header or footer)."""
    exe = chromium()
    assert exe, "chromium is not installed"
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "form.html"
        page.write_text(html_text, encoding="utf-8")
        cmd = [
            exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
            f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}", page.as_uri(),
        ]
        env = dict(os.environ, HOME=tmp)
        subprocess.run(cmd, capture_output=True, timeout=120, check=True, env=env)
    assert out.exists() and out.stat().st_size > 0, "chromium printed nothing"
    return out


def cjk_ttf() -> str | None:
    """A CJK TrueType font file reportlab can embed, or None."""
    return next((p for p in CJK_TTF_CANDIDATES if Path(p).exists()), None)


# --- a corpus: forms laid out as HTML tables, printed by Chromium, and their text -----------------
#
# Every file here is generated from the example forms (`layouts.layout` builds the sheet and the
# data an importer must give back); nothing is copied from a third-party document.


def _layouts() -> Any:
    """The sheet generator of the table importers' tests (`layouts.py`, loaded by conftest)."""
    import sys

    if "importer_layouts" not in sys.modules:  # pragma: no cover - loaded outside pytest
        import importlib.util

        spec = importlib.util.spec_from_file_location("importer_layouts", Path(__file__).with_name("layouts.py"))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["importer_layouts"] = module
        spec.loader.exec_module(module)
    return sys.modules["importer_layouts"]


def sheet_html(sheet: Any, *, thead_at: int | None = None) -> str:
    """A sheet as HTML tables (rowspan/colspan for merges, <br> for line breaks).

    With `thead_at`, the rows from that one on are a second table whose first row is its <thead>,
    which Chromium repeats at the top of every page the table runs onto; a merge that starts on
    the header row and runs down starts one row lower instead.
    """
    merges = list(sheet.merges)
    cells = dict(sheet.cells)
    if thead_at is not None:
        moved = []
        for r1, c1, r2, c2 in merges:
            if r1 == thead_at and r2 > r1:
                if (r1, c1) in cells:
                    cells[(r1 + 1, c1)] = cells.pop((r1, c1))
                moved.append((r1 + 1, c1, r2, c2))
            else:
                moved.append((r1, c1, r2, c2))
        merges = moved
    covered: set[tuple[int, int]] = set()
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for r1, c1, r2, c2 in merges:
        spans[(r1, c1)] = (r2 - r1 + 1, c2 - c1 + 1)
        covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - {(r1, c1)}
    out = ["<table>"]
    for r in range(sheet.height):
        if r == thead_at:
            out += ["</table>", "<table>", "<thead>"]
        row = []
        for c in range(sheet.width):
            if (r, c) in covered:
                continue
            rowspan, colspan = spans.get((r, c), (1, 1))
            cell = cells.get((r, c))
            row.append(_cell(cell.text if cell else "", colspan=colspan, rowspan=rowspan))
        out.append("<tr>" + "".join(row) + "</tr>")
        if r == thead_at:
            out += ["</thead>", "<tbody>"]
    out.append("</tbody></table>" if thead_at is not None else "</table>")
    return "\n".join(out)


def corpus_page(tables: Sequence[str], *, landscape: bool = False, width: str = "100%", border: bool = True,
                font_size: str = "10pt", font: str = "WenQuanYi Zen Hei", padding: str = "2px 4px",
                valign: str = "middle") -> str:
    """A web page holding `tables` one under another, as a bureau's page prints on A4."""
    rule = "1px solid #000" if border else "none"
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>项目支出绩效自评表</title>
<style>
  @page {{ size: A4 {'landscape' if landscape else 'portrait'}; margin: 10mm; }}
  body {{ font-family: "{font}", "Noto Sans CJK SC", sans-serif; font-size: {font_size}; }}
  table {{ border-collapse: collapse; width: {width}; margin-bottom: 6mm; }}
  td {{ border: {rule}; padding: {padding}; vertical-align: {valign}; }}
</style></head>
<body>
{(chr(10) + '<p></p>' + chr(10)).join(tables)}
</body></html>
"""


def _combined(first: Mapping[str, Any], second: Mapping[str, Any]) -> dict[str, Any]:
    """`first` with the indicators of `second` appended: a form long enough to run over pages."""
    import copy

    out = copy.deepcopy(dict(first))
    out["indicators"] = out["indicators"] + copy.deepcopy(list(second["indicators"]))
    return out


#: Layouts of the corpus: (sheet options for `layouts.layout`, page options, what is printed).
#: `forms` is "each" (a PDF per example form), "stacked" (both forms in one PDF) or "long" (one
#: form with the indicators of both, its header repeated on every page).
CORPUS_LAYOUTS: dict[str, dict[str, Any]] = {
    "official_landscape": {"sheet": {}, "page": {"landscape": True}},
    "official_portrait": {"sheet": {}, "page": {}},
    "vertical_labels": {"sheet": {"level_cells": "lines", "block_label": "lines"}, "page": {}},
    "split_target": {"sheet": {"split": True}, "page": {"landscape": True}},
    "stacked": {"sheet": {}, "page": {}, "forms": "stacked"},
    "long_table": {"sheet": {}, "page": {}, "forms": "long"},
    "narrow": {"sheet": {}, "page": {"width": "150mm"}},
    "yuan": {"sheet": {"unit": "元"}, "page": {"landscape": True}},
    "hubei": {"sheet": {"scheme": "hubei"}, "page": {"landscape": True}},
    "transfer": {"sheet": {"scheme": "transfer"}, "page": {"landscape": True}},
    "borderless": {"sheet": {}, "page": {"landscape": True, "border": False}},
    "borderless_portrait": {"sheet": {}, "page": {"border": False}},
    # the same forms in other people's styles: another font, size, padding, cells aligned to the top
    "noto_top": {"sheet": {}, "page": {"landscape": True, "font": "Noto Sans CJK SC", "font_size": "9pt",
                                       "padding": "6px 8px", "valign": "top"}},
    "serif_portrait": {"sheet": {"points": True}, "page": {"font": "Noto Serif CJK SC", "font_size": "11pt",
                                                           "padding": "1px 2px"}},
    "split_portrait": {"sheet": {"scheme": "sichuan"}, "page": {"font": "Noto Sans CJK SC", "padding": "4px"}},
    "transfer_portrait": {"sheet": {"scheme": "transfer", "unit": "元"}, "page": {"valign": "top"}},
    "hubei_portrait": {"sheet": {"scheme": "hubei", "level_cells": "lines"}, "page": {"font_size": "9pt"}},
    # tables without rules in those styles: cells aligned to the top, a serif font, little padding
    "borderless_noto_top": {"sheet": {}, "page": {"landscape": True, "border": False, "font": "Noto Sans CJK SC",
                                                  "font_size": "9pt", "padding": "6px 8px", "valign": "top"}},
    "borderless_serif": {"sheet": {}, "page": {"border": False, "font": "Noto Serif CJK SC", "font_size": "11pt",
                                               "padding": "1px 2px"}},
}
CORPUS_FORMS = ("000_emergency_volunteers", "004_legal_training")


def corpus_documents(layout_name: str) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """The documents of a corpus layout: (name, html, the forms an importer must give back)."""
    layouts = _layouts()
    spec = CORPUS_LAYOUTS[layout_name]
    sheet_options, page_options = spec["sheet"], spec["page"]
    kind = spec.get("forms", "each")
    forms = {stem: layouts.load_example(stem) for stem in CORPUS_FORMS}
    if kind == "each":
        out = []
        for stem, form in forms.items():
            sheet, expected, _ = layouts.layout(form, **sheet_options)
            out.append((f"{layout_name}-{stem[:3]}", corpus_page([sheet_html(sheet)], **page_options), [expected]))
        return out
    if kind == "stacked":
        built = [layouts.layout(form, **sheet_options) for form in forms.values()]
        page = corpus_page([sheet_html(sheet) for sheet, _, _ in built], **page_options)
        return [(layout_name, page, [expected for _, expected, _ in built])]
    long_form = _combined(*forms.values())
    sheet, expected, _ = layouts.layout(long_form, **sheet_options)
    header_row = next(r for (r, c), cell in sorted(sheet.cells.items()) if cell.text == "一级指标")
    return [(layout_name, corpus_page([sheet_html(sheet, thead_at=header_row)], **page_options), [expected])]


# --- text extractors -----------------------------------------------------------------------------


def _pdfminer(path: Path, **params: Any) -> str:
    from pdfminer.high_level import extract_text
    from pdfminer.layout import LAParams

    return extract_text(str(path), laparams=LAParams(**params)) if params else extract_text(str(path))


def _pdfplumber(path: Path, **options: Any) -> str:
    import pdfplumber

    with pdfplumber.open(str(path)) as document:
        return "\n".join(page.extract_text(**options) for page in document.pages)


def _pdftotext(path: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True,
                          timeout=60).stdout


def _pdfium(path: Path) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


#: Text extractors people use on PDFs: name → (function, what it needs).
EXTRACTORS: dict[str, tuple[Any, str]] = {
    "pdfminer": (_pdfminer, "pdfminer"),  # high_level.extract_text, default LAParams: the seeds' style
    "pdfminer_boxes_flow_none": (lambda p: _pdfminer(p, boxes_flow=None), "pdfminer"),
    "pdfminer_line_margin_0.3": (lambda p: _pdfminer(p, line_margin=0.3), "pdfminer"),
    "pdfminer_char_margin_1": (lambda p: _pdfminer(p, char_margin=1.0), "pdfminer"),
    "pdfplumber": (_pdfplumber, "pdfplumber"),
    "pdfplumber_layout": (lambda p: _pdfplumber(p, layout=True), "pdfplumber"),
    "pdftotext": (_pdftotext, "pdftotext"),
    "pdftotext_layout": (lambda p: _pdftotext(p, "-layout"), "pdftotext"),
    "pypdfium2": (_pdfium, "pypdfium2"),
}


def extractor_missing(name: str) -> str | None:
    """Why the extractor `name` cannot run here, or None."""
    need = EXTRACTORS[name][1]
    if need == "pdftotext":
        return None if shutil.which("pdftotext") else "needs poppler-utils (pdftotext)"
    import importlib.util

    return None if importlib.util.find_spec(need) else f"needs the Python package {need}"


def extract(name: str, path: Path) -> str:
    """The text the extractor `name` gives for the PDF `path`."""
    return EXTRACTORS[name][0](path)


# --- field accuracy ------------------------------------------------------------------------------


def _leaves(data: Any, path: str = "$") -> dict[str, Any]:
    """Every leaf value of a form's data by JSON path (lists of indicators by position)."""
    if isinstance(data, Mapping):
        out: dict[str, Any] = {}
        for key, value in data.items():
            out.update(_leaves(value, f"{path}.{key}"))
        return out
    if isinstance(data, list):
        out = {}
        for i, value in enumerate(data):
            out.update(_leaves(value, f"{path}[{i}]"))
        return out
    return {path: data}


def _same_leaf(path: str, got: Any, expected: Any) -> bool:
    if isinstance(expected, Decimal):
        return isinstance(got, Decimal) and got == expected and str(got) == str(expected)
    if path.startswith("$.goals."):
        # a space the layout wrapped a line at is not in the PDF: goal texts compare without blanks
        return isinstance(got, str) and "".join(got.split()) == "".join(str(expected).split())
    return type(got) is type(expected) and got == expected


def _align(got: Sequence[Mapping[str, Any]], expected: Sequence[Mapping[str, Any]]) -> list[tuple[int | None, int | None]]:
    """Indicator rows paired in order (a row missing or extra on either side), most equal fields."""
    n, m = len(got), len(expected)

    def equal(i: int, j: int) -> int:
        return sum(1 for k, v in expected[j].items() if k in got[i] and _same_leaf(k, got[i][k], v))

    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1], best[i + 1][j + 1] + equal(i, j))
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < m:
        if best[i][j] == best[i + 1][j + 1] + equal(i, j):
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    pairs += [(k, None) for k in range(i, n)] + [(None, k) for k in range(j, m)]
    return pairs


class Accuracy:
    """Fields of imported forms compared with the expected ones: how many are right, what differs."""

    def __init__(self, right: int = 0, total: int = 0, differences: list[str] | None = None) -> None:
        self.right, self.total, self.differences = right, total, differences or []

    @property
    def ratio(self) -> float:
        return self.right / self.total if self.total else 1.0

    def add(self, other: Accuracy) -> Accuracy:
        return Accuracy(self.right + other.right, self.total + other.total, self.differences + other.differences)

    __add__ = add

    def __repr__(self) -> str:
        return f"Accuracy({self.right}/{self.total})"


def field_accuracy(got: Sequence[Mapping[str, Any]], expected: Sequence[Mapping[str, Any]]) -> Accuracy:
    """How many fields of the forms `got` equal those of `expected`, field by field.

    Every leaf of the expected data is a field (a null one too: a got value must be absent or null);
    a leaf only `got` has counts as a wrong field. Decimals compare by value and by text, texts
    exactly (goal texts without whitespace); indicator rows are paired in order, a missing or an
    extra row costing its fields. Forms are paired in order.
    """
    result = Accuracy()
    for k in range(max(len(got), len(expected))):
        g = dict(got[k]) if k < len(got) else {}
        e = dict(expected[k]) if k < len(expected) else {}
        g_rows, e_rows = list(g.pop("indicators", []) or []), list(e.pop("indicators", []) or [])
        result = result.add(_compare(_leaves(g, f"form{k + 1}"), _leaves(e, f"form{k + 1}")))
        for i, j in _align(g_rows, e_rows):
            path = f"form{k + 1}.indicators[{j if j is not None else f'+{i}'}]"
            result = result.add(_compare(_leaves(g_rows[i] if i is not None else {}, path),
                                         _leaves(e_rows[j] if j is not None else {}, path)))
    return result


def _compare(got: Mapping[str, Any], expected: Mapping[str, Any]) -> Accuracy:
    out = Accuracy()
    for path, value in expected.items():
        out.total += 1
        have = got.get(path)
        ok = have is None if value is None else _same_leaf("$" + path[path.index("."):], have, value)
        if ok:
            out.right += 1
        else:
            out.differences.append(f"{path}: {have!r} != {value!r}")
    for path, value in got.items():
        if path not in expected and value is not None:
            out.total += 1
            out.differences.append(f"{path}: unexpected {value!r}")
    return out


class CorpusDocument:
    """A document of the corpus: its name, layout, PDF, and the forms an importer must give back."""

    def __init__(self, name: str, layout: str, pdf: Path, expected: list[dict[str, Any]]) -> None:
        self.name, self.layout, self.pdf, self.expected = name, layout, pdf, expected
        self._texts: dict[str, str] = {}

    def text(self, extractor: str) -> str:
        """The text `extractor` gives for this document's PDF (extracted once)."""
        if extractor not in self._texts:
            self._texts[extractor] = extract(extractor, self.pdf)
        return self._texts[extractor]


def build_corpus(folder: Path, layouts: Sequence[str]) -> dict[str, list[CorpusDocument]]:
    """The documents of `layouts` printed to PDF in `folder` (Chromium, a few at a time)."""
    from concurrent.futures import ThreadPoolExecutor

    jobs = [(layout, name, page, expected) for layout in layouts for name, page, expected in corpus_documents(layout)]

    def run(job: tuple[str, str, str, list[dict[str, Any]]]) -> CorpusDocument:
        layout, name, page, expected = job
        return CorpusDocument(name, layout, print_html(page, folder / f"{name}.pdf"), expected)

    with ThreadPoolExecutor(max_workers=3) as pool:
        documents = list(pool.map(run, jobs))
    out: dict[str, list[CorpusDocument]] = {}
    for document in documents:
        out.setdefault(document.layout, []).append(document)
    return out
