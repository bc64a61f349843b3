"""The HTML report: a self-contained page, escaped, in two languages, and what a real browser makes of it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from html import escape
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import attrs
import pytest

from selfeval_rules import load_policy
from selfeval_rules.batch import Batch, check_files
from selfeval_rules.cli import main
from selfeval_rules.scoring import SCORED
from selfeval_rules.reports._html import render_html

FORMS = Path(__file__).resolve().parents[2] / "examples" / "forms"
SEED_000 = FORMS / "000_emergency_volunteers.yaml"
SEED_004 = FORMS / "004_legal_training.yaml"

# Every row wrong in its own way: a rounded budget score, full marks on a shortfall, on a late
# deadline and on a partial result, an actual copied from the target, a wrong total and grade.
PROBLEM_FORM = """\
project: 示例项目
year: 2023
budget: {unit: 万元, weight: 10, annual: 100, executed: 86.183, reported_rate: 86.19%, reported_score: 9}
indicators:
  - {level1: 产出指标, level2: 数量指标, name: 培训人数, target: "≥100人", actual: "80人", weight: 50, reported_score: 50}
  - {level1: 产出指标, level2: 时效指标, name: 完成时间, target: "2023年6月底前", actual: "2023年8月", weight: 20, reported_score: 20}
  - {level1: 效益指标, level2: 社会效益指标, name: 效益, target: "定性有效提升", actual: "部分提升", weight: 10, reported_score: 10}
  - {level1: 满意度指标, level2: 服务对象满意度指标, name: 满意度, target: "≥90%", actual: "≥90%", weight: 10, reported_score: 10}
reported_total: 99
reported_grade: 良
"""
# The rows of PROBLEM_FORM that findings concern, by the worst severity among them.
# Row 2's shortfall wording is a warning, so its wrong score is also an error: the row is an error row.
PROBLEM_ERROR_ROWS = ["budget", "0", "1", "2"]
PROBLEM_WARNING_ROWS = ["3"]

SCRIPT = "<script>alert(1)</script>"
# Markup in every text a form gives, a row that does not apply and one that cannot be scored.
HOSTILE_FORM = f"""\
project: "{SCRIPT} & “引号”"
department: "<b>部门</b>"
year: 2023
budget: {{unit: 万元, weight: 10, annual: 100, executed: 95, reported_score: 9.5}}
indicators:
  - {{level1: 产出指标, level2: "<i>数量</i>", name: "<img src=x onerror=alert(2)>", target: "≥100人", actual: "100人", weight: 30, reported_score: 30}}
  - {{level1: 产出指标, level2: 质量指标, name: 不适用指标, target: "≥90%", actual: "95%", weight: 20, applicable: false}}
  - {{level1: 效益指标, level2: 社会效益指标, name: 效益, target: "定性有效提升", actual: "有效提升", weight: 30, reported_score: 30}}
  - {{level1: 满意度指标, level2: 服务对象满意度指标, name: 满意度, target: "≥90%", actual: "2023年5月", weight: 10, reported_score: 10}}
reported_total: 89.5
"""
HOSTILE_NOT_APPLICABLE, HOSTILE_UNSCORABLE = "1", "3"

# The indicator lacks its name: the file cannot be used at all.
BAD_FORM = """\
project: 缺名称的项目
indicators:
  - target: "≥45人"
    actual: "45人"
    weight: 90
"""


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    folder = tmp_path_factory.mktemp("forms")
    paths = []
    for name, text in (("problem.yaml", PROBLEM_FORM), ("hostile.yaml", HOSTILE_FORM), ("bad.yaml", BAD_FORM)):
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    return check_files([SEED_000, SEED_004, *paths], load_policy("central-2020"))


@pytest.fixture(scope="module")
def page(batch: Batch) -> str:
    return render_html(batch)


# --- reading a page: elements with their attributes and the elements around them ---------------

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


@attrs.define
class Element:
    tag: str
    attrs: dict[str, str]
    ancestors: list[Element]
    text: list[str] = attrs.field(factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def inside(self, tag: str, css_class: str | None = None) -> Element | None:
        """The nearest enclosing `tag` (with `css_class`), or None."""
        return next((a for a in reversed(self.ancestors) if a.tag == tag and (css_class is None or css_class in a.classes)), None)


class Elements(HTMLParser):
    """Every element of a page in document order, each knowing its ancestors and its own text."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Element] = []
        self.stack: list[Element] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attributes}, list(self.stack))
        self.found.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        self.found.append(Element(tag, {k: v or "" for k, v in attributes}, list(self.stack)))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.text.append(data)

    def select(self, tag: str, css_class: str | None = None, **attributes: str) -> list[Element]:
        return [
            e for e in self.found
            if e.tag == tag and (css_class is None or css_class in e.classes)
            and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attributes.items())
        ]


def section_of(element: Element) -> str | None:
    section = element.inside("section", "form")
    return section.attrs["id"] if section else None


def number_of(batch: Batch, source_name: str) -> int:
    return next(n for n, f in enumerate(batch.forms, 1) if f.source.endswith(source_name))


def findings_of(page: str, form_id: str) -> list[tuple[str, str, str]]:
    return [(e.attrs["data-code"], e.attrs["data-severity"], e.attrs["data-path"])
            for e in Elements(page).select("li", "finding") if section_of(e) == form_id]


def rows_with(page: str, form_id: str, css_class: str) -> list[str]:
    return [e.attrs["data-index"] for e in Elements(page).select("tr", "row") if css_class in e.classes and section_of(e) == form_id]


def expected_bars(batch: Batch) -> tuple[int, dict[str, int]]:
    """How many bars the totals chart has, and each form's chart."""
    totals = sum(1 + (f.card.reported_total is not None) for f in batch.forms)
    per_form = {}
    for number, checked in enumerate(batch.forms, 1):
        card = checked.card
        rows = [(card.budget.reported_score, card.budget.status)] + [(r.reported_score, r.status) for r in card.indicators]
        per_form[f"form-{number}"] = sum((reported is not None) + (status == SCORED) for reported, status in rows)
    return totals, per_form


# --- a page that stands alone ----------------------------------------------------------------


def test_page_loads_nothing_from_elsewhere(page: str) -> None:
    assert "http://" not in page and "https://" not in page
    elements = Elements(page).found
    assert [e.tag for e in elements if "src" in e.attrs] == []
    assert {e.attrs["href"][:1] for e in elements if "href" in e.attrs} == {"#"}
    assert [e.tag for e in elements if e.tag in ("link", "iframe", "object", "embed", "img", "base")] == []
    assert "@import" not in page and "url(" not in page


def test_page_declares_its_encoding_and_language(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>\n")
    assert '<meta charset="utf-8">' in page
    assert '<html lang="zh-CN">' in page


def test_each_form_has_a_section_in_the_order_of_the_run(batch: Batch, page: str) -> None:
    sections = Elements(page).select("section", "form")
    assert [s.attrs["id"] for s in sections] == [f"form-{n}" for n in range(1, len(batch.forms) + 1)]
    assert [s.attrs["data-source"] for s in sections] == [f.source for f in batch.forms]


def test_every_finding_of_a_problem_form_appears_with_its_code_path_and_message(batch: Batch, page: str) -> None:
    number = number_of(batch, "problem.yaml")
    checked = batch.forms[number - 1]
    shown = findings_of(page, f"form-{number}")
    assert Counter(shown) == Counter((f.code, f.severity, f.path) for f in checked.findings)
    assert len(shown) == 12  # row 2's shortfall wording is a warning, so the wrong score is also an error
    for finding in checked.findings:
        assert escape(finding.describe("zh")) in page


def test_the_seed_forms_show_no_findings(batch: Batch, page: str) -> None:
    for name in (SEED_000.name, SEED_004.name):
        number = number_of(batch, name)
        assert findings_of(page, f"form-{number}") == []
        assert rows_with(page, f"form-{number}", "has-error") == rows_with(page, f"form-{number}", "has-warning") == []


def test_rows_with_findings_are_highlighted_by_their_worst_severity(batch: Batch, page: str) -> None:
    number = number_of(batch, "problem.yaml")
    assert rows_with(page, f"form-{number}", "has-error") == PROBLEM_ERROR_ROWS
    assert rows_with(page, f"form-{number}", "has-warning") == PROBLEM_WARNING_ROWS


def test_findings_are_listed_under_their_row_and_the_rest_under_the_form(batch: Batch, page: str) -> None:
    number = number_of(batch, "problem.yaml")
    for element in Elements(page).select("li", "finding"):
        if section_of(element) != f"form-{number}":
            continue
        path = element.attrs["data-path"]
        row = re.match(r"\$\.indicators\[(\d+)\]", path)
        sub = element.inside("tr", "sub")
        if path.startswith("$.budget"):
            assert sub is not None and sub.attrs["data-for"] == "budget"
        elif row:
            assert sub is not None and sub.attrs["data-for"] == row.group(1)
        else:
            assert sub is None and element.inside("div", "form-findings") is not None, path


def test_table_is_laid_out_like_the_form(batch: Batch) -> None:
    page = render_html(batch)
    headers = [" ".join(th.text).strip() for th in Elements(page).select("th") if th.inside("table", "form-table")
               and th.inside("thead") is not None and section_of(th) == "form-1"]
    assert headers == ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "自评分", "复核分", "差异"]
    rows = [e.attrs["data-index"] for e in Elements(page).select("tr", "row") if section_of(e) == "form-1"]
    assert rows == ["budget"] + [str(i) for i in range(17)]


def test_every_row_explains_its_score_in_a_details_element(batch: Batch, page: str) -> None:
    for number, checked in enumerate(batch.forms, 1):
        details = [e for e in Elements(page).select("details", "why") if section_of(e) == f"form-{number}"]
        assert len(details) == 1 + len(checked.card.indicators)
    card = batch.forms[0].card
    assert escape(card.indicators[9].explain("zh")) in page


def test_rows_that_cannot_be_scored_or_do_not_apply_are_marked(batch: Batch, page: str) -> None:
    number = number_of(batch, "hostile.yaml")
    assert rows_with(page, f"form-{number}", "unscorable") == [HOSTILE_UNSCORABLE]
    assert rows_with(page, f"form-{number}", "not-applicable") == [HOSTILE_NOT_APPLICABLE]
    assert ("row-unscorable", "error", f"$.indicators[{HOSTILE_UNSCORABLE}].actual") in findings_of(page, f"form-{number}")


def test_text_from_a_form_is_escaped(page: str) -> None:
    assert SCRIPT not in page
    assert escape(SCRIPT) in page
    assert "<img" not in page and "<b>部门" not in page and "<i>数量" not in page
    assert escape("<img src=x onerror=alert(2)>") in page
    assert page.count("<script") == 1  # the page's own, which only opens explanations before printing


def test_unusable_files_are_listed_with_their_problems(batch: Batch, page: str) -> None:
    (bad,) = batch.bad
    section = Elements(page).select("section", "bad-files")
    assert len(section) == 1 and section[0].attrs["id"] == "bad-files"
    for problem in bad.error.problems:
        assert escape(problem.located(bad.error.source)) in page
    assert 'href="#bad-files"' in page


def test_summary_counts_codes_and_largest_differences(batch: Batch, page: str) -> None:
    summary = batch.summary()
    codes = {e.attrs["data-code"]: " ".join(e.text) for e in Elements(page).select("tr") if "data-code" in e.attrs}
    assert {code: int(text.split()[-1]) for code, text in codes.items()} == dict(summary.findings_by_code)
    assert "读取 4 张自评表，1 个文件无法使用；有错误的表 2 张，只有提醒的表 0 张" in page
    for difference in summary.largest_differences:
        assert escape(difference.project) in page and f"{difference.gap:+f}" in page


def test_charts_are_accessible_and_have_two_bars_per_form(batch: Batch, page: str) -> None:
    elements = Elements(page)
    charts = elements.select("svg", "chart")
    assert len(charts) == 1 + len(batch.forms)
    assert all(c.attrs.get("role") == "img" and c.attrs.get("aria-label") for c in charts)
    bars = elements.select("rect", "bar")
    assert bars and all(any(e.tag == "title" and e.ancestors[-1] is bar for e in elements.found) for bar in bars)
    totals, per_form = expected_bars(batch)
    assert len([b for b in bars if b.inside("svg", "totals")]) == totals
    assert Counter(section_of(b) for b in bars if b.inside("svg", "scores")) == Counter(per_form)


def test_totals_that_differ_are_highlighted_in_the_chart(batch: Batch, page: str) -> None:
    differing = [b for b in Elements(page).select("rect", "bar") if b.inside("svg", "totals") and "differs" in b.classes]
    assert len(differing) == 2 * sum(1 for f in batch.forms if f.card.reported_total not in (None, f.card.total))


def test_english_page_has_english_labels(batch: Batch) -> None:
    page = render_html(batch, "en")
    assert '<html lang="en">' in page
    assert "Review of project expenditure self-evaluation forms" in page
    for label in ("level 1", "indicator", "target", "actual", "weight", "printed", "computed", "how it was scored", "Files that could not be used"):
        assert f">{label}<" in page, label
    for chinese in ("三级指标", "复核分", "计分依据", "无法使用的文件", "汇总"):
        assert chinese not in page, chinese
    number = number_of(batch, "problem.yaml")
    assert escape(batch.forms[number - 1].findings[0].describe("en")) in page


def test_a_run_without_forms_still_makes_a_page() -> None:
    page = render_html(Batch(load_policy("central-2020"), ()))
    assert "没有可用的自评表" in page and "<svg" not in page


# --- what a real browser makes of it ------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None)
    if found is None:
        reason = "chromium is not installed (apt-get install chromium), so the page cannot be checked in a browser"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def run_chromium(chromium: str, profile: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}", *arguments]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_browser_builds_the_page_as_written(batch: Batch, page: str, chromium: str, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    report.write_text(page, encoding="utf-8")
    done = run_chromium(chromium, tmp_path / "profile", "--dump-dom", report.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = Elements(done.stdout)
    assert len(dom.select("section", "form")) == len(batch.forms)
    number = number_of(batch, "problem.yaml")
    assert rows_with(done.stdout, f"form-{number}", "has-error") == PROBLEM_ERROR_ROWS
    for n in range(1, len(batch.forms) + 1):
        assert rows_with(done.stdout, f"form-{n}", "has-error") == rows_with(page, f"form-{n}", "has-error")
    assert {e.attrs["data-code"] for e in dom.select("li", "finding")} == {f.code for c in batch.forms for f in c.findings}
    # No finding was moved out of its table row (browsers move misplaced table content).
    assert Counter(findings_of(done.stdout, f"form-{number}")) == Counter(findings_of(page, f"form-{number}"))
    assert all(e.inside("tr", "sub") or e.inside("div", "form-findings") for e in dom.select("li", "finding"))
    totals, per_form = expected_bars(batch)
    rects = [r for r in dom.select("rect", "bar")]
    assert len([r for r in rects if r.inside("svg", "totals")]) == totals
    assert Counter(section_of(r) for r in rects if r.inside("svg", "scores")) == Counter(per_form)
    assert [e.attrs for e in dom.select("script")] == [{}]
    assert SCRIPT not in done.stdout


def test_browser_draws_a_screenshot_of_the_page(page: str, chromium: str, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    report.write_text(page, encoding="utf-8")
    shot = tmp_path / "shot.png"
    done = run_chromium(chromium, tmp_path / "profile", "--hide-scrollbars", f"--screenshot={shot}", "--window-size=1280,2000",
                        report.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000


# --- the command line ---------------------------------------------------------------------------


def check(*argv: str) -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    status = main(["check", *argv], out=out, err=err)
    return status, err.getvalue()


def test_cli_writes_the_html_report(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    status, err = check(str(SEED_000), str(SEED_004), "--format", "html", "--output", str(target))
    assert status == 0, err
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'id="form-2"' in page and 'id="form-3"' not in page


def test_cli_writes_the_report_of_a_problem_form_and_says_so(tmp_path: Path) -> None:
    form = tmp_path / "problem.yaml"
    form.write_text(PROBLEM_FORM, encoding="utf-8")
    target = tmp_path / "report.html"
    status, err = check(str(form), "--format", "html", "--output", str(target), "--lang", "en")
    assert status == 1
    assert f"wrote {target}" in err
    assert 'data-code="total-differs"' in target.read_text(encoding="utf-8")


def test_cli_refuses_to_overwrite_a_report_without_force(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("keep me", encoding="utf-8")
    status, err = check(str(SEED_000), "--format", "html", "--output", str(target))
    assert status == 2
    assert f"{target} 已存在；如要覆盖请加 --force" in err
    assert target.read_text(encoding="utf-8") == "keep me"


def test_cli_overwrites_a_report_with_force(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    status, err = check(str(SEED_000), "--format", "html", "--output", str(target), "--force")
    assert status == 0, err
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_html_needs_an_output_file(tmp_path: Path) -> None:
    status, err = check(str(SEED_000), "--format", "html")
    assert status == 2
    assert "--format html 需要 --output 文件" in err
