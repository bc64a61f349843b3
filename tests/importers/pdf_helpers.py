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
