"""`selfeval check` on a terminal: the coloured tables, NO_COLOR, languages, wrapping, and the progress bar."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import selfeval_rules
from selfeval_rules.batch import check_files
from selfeval_rules.cli import main
from selfeval_rules.messages import display_width
from selfeval_rules import load_policy
from selfeval_rules.reports._terminal import RichProgress, _wrap, render_terminal

FORMS = Path(__file__).resolve().parents[2] / "examples" / "forms"
SEED_000 = str(FORMS / "000_emergency_volunteers.yaml")
SEED_004 = str(FORMS / "004_legal_training.yaml")

# Everything a reviewer objects to: a rounded budget score, full marks on a missed target, a late
# deadline and a partial outcome at full marks, an actual copied from its target, a wrong total and grade.
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

# No budget block, a row whose units do not compare, and a row that does not apply.
ODD_FORM = """\
project: 含无法计分与不适用指标的项目
year: 2023
indicators:
  - {level1: 产出指标, level2: 数量指标, name: 培训人数, target: "≥100人", actual: "100人", weight: 40, reported_score: 40}
  - {level1: 产出指标, level2: 数量指标, name: 覆盖面积, target: "≥100平方米", actual: "80人", weight: 30, reported_score: 30}
  - {level1: 效益指标, level2: 社会效益指标, name: 不适用的指标, target: "≥90%", actual: "90%", weight: 10, applicable: false}
  - {level1: 满意度指标, level2: 服务对象满意度指标, name: 满意度, target: "≥90%", actual: "95%", weight: 10, reported_score: 10}
reported_total: 80
"""

SGR = re.compile(r"\x1b\[([0-9;]*)m")
# Select Graphic Rendition parameters that set a colour (foreground, background, bright, 256 or RGB).
COLOUR = re.compile(r"^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$")


class TerminalIO(io.StringIO):
    """A StringIO that says it is a terminal, as the CLI checks with isatty()."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same terminal for every test, whatever the one running the tests sets."""
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLORTERM", "COLUMNS", "LINES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


@pytest.fixture
def problem_form(tmp_path: Path) -> str:
    path = tmp_path / "problems.yaml"
    path.write_text(PROBLEM_FORM, encoding="utf-8")
    return str(path)


@pytest.fixture
def odd_form(tmp_path: Path) -> str:
    path = tmp_path / "odd.yaml"
    path.write_text(ODD_FORM, encoding="utf-8")
    return str(path)


def render(*paths: str, lang: str = "zh", width: int = 120, explain: bool = False) -> str:
    batch = check_files(paths, load_policy("central-2020"), lang=lang)  # type: ignore[arg-type]
    out = io.StringIO()
    render_terminal(batch, lang, out, explain=explain, width=width, force_terminal=True)  # type: ignore[arg-type]
    return out.getvalue()


def plain(ansi: str) -> str:
    return SGR.sub("", ansi)


def styles_at(ansi: str, needle: str) -> list[set[str]]:
    """The SGR parameters in force wherever `needle` appears inside one styled run, in order."""
    found, active = [], set()
    for i, part in enumerate(SGR.split(ansi)):
        if i % 2:
            active = set() if part in ("", "0") else active | set(part.split(";"))
        else:
            found += [active] * part.count(needle)
    assert found, f"{needle!r} is not in the output"
    return found


def style_at(ansi: str, needle: str) -> set[str]:
    """The SGR parameters in force where `needle` first appears."""
    return styles_at(ansi, needle)[0]


def cells(line: str, start: int, end: int) -> str:
    """The part of `line` between two display columns (Chinese characters take two)."""
    out, at = "", 0
    for ch in line:
        if start <= at < end:
            out += ch
        at += display_width(ch)
    return out


def colour_codes(ansi: str) -> list[str]:
    return [p for params in SGR.findall(ansi) for p in params.split(";") if COLOUR.match(p)]


def line_index(lines: list[str], pattern: str) -> int:
    return next(i for i, line in enumerate(lines) if re.search(pattern, line))


# --- colours and marks ----------------------------------------------------------------------------


def test_errors_are_marked_with_a_red_cross(problem_form: str) -> None:
    ansi = render(problem_form)
    crosses = styles_at(ansi, "✗")
    # 7: row 3's shortfall wording is a warning, so the wrong score is also an error
    assert len(crosses) == 7 and all({"1", "31"} <= style for style in crosses)
    assert {"1", "31"} <= style_at(ansi, "[row-full-marks-unmet]")
    assert {"1", "31"} <= style_at(ansi, "[total-differs]")


def test_warnings_are_marked_with_a_yellow_bang(problem_form: str) -> None:
    ansi = render(problem_form)
    bangs = styles_at(ansi, "!")
    assert len(bangs) == 5 and all({"1", "33"} <= style for style in bangs)
    assert {"1", "33"} <= style_at(ansi, "[actual-copied-target]")


def test_computed_scores_that_differ_from_the_form_are_red_and_marked(problem_form: str) -> None:
    ansi = render(problem_form)
    assert {"1", "31"} <= style_at(ansi, "40.00")
    assert {"1", "31"} <= style_at(ansi, "≠")
    row = plain(ansi).splitlines()[line_index(plain(ansi).splitlines(), r"^\s+1  培训人数")]
    assert row.split()[-3:] == ["50", "40.00", "≠"]


def test_computed_scores_that_agree_are_not_coloured() -> None:
    ansi = render(SEED_000)
    assert style_at(ansi, "10.00") == set()
    assert "≠" not in plain(ansi).split("（≠")[0]


def test_unscorable_rows_are_marked_and_rows_that_do_not_apply_dimmed(odd_form: str) -> None:
    ansi = render(odd_form)
    lines = plain(ansi).splitlines()
    assert lines[line_index(lines, r"^\s+2  覆盖面积")].split()[-2:] == ["?", "?"]
    assert lines[line_index(lines, r"^\s+3  不适用的指标")].split()[-1] == "n/a"
    assert all("33" in style for style in styles_at(ansi, "?")[:4])  # the budget's and row 2's score and mark
    assert "2" in style_at(ansi, "不适用的指标")
    budget = lines[line_index(lines, "预算执行率")]
    assert budget.split()[-2:] == ["?", "?"]


def test_a_form_without_findings_says_so() -> None:
    ansi = render(SEED_000, SEED_004)
    assert plain(ansi).count("✓ 未发现问题") == 2
    assert "32" in style_at(ansi, "未发现问题")


# --- findings under their rows --------------------------------------------------------------------

PLACES = [
    # code, the row it follows, the row after it
    ("budget-rate-printed", "预算执行率", r"^\s+1  培训人数"),
    ("budget-score-wrong", "预算执行率", r"^\s+1  培训人数"),
    ("budget-low-rate-no-reason", "预算执行率", r"^\s+1  培训人数"),
    ("row-full-marks-unmet", r"^\s+1  培训人数", r"^\s+2  完成时间"),
    ("weight-concentration", r"^\s+1  培训人数", r"^\s+2  完成时间"),
    ("late-at-full-marks", r"^\s+2  完成时间", r"^\s+3  效益"),
    ("shortfall-at-full-marks", r"^\s+3  效益", r"^\s+4  满意度"),
    ("actual-copied-target", r"^\s+4  满意度", "总分（等级"),
    ("total-differs", "总分（等级", "^共 4 个指标"),
    ("grade-mismatch", "总分（等级", "^共 4 个指标"),
    ("level1-split", "总分（等级", "^共 4 个指标"),
]


@pytest.mark.parametrize(("code", "after", "before"), PLACES, ids=[p[0] for p in PLACES])
def test_each_finding_is_printed_under_the_row_it_concerns(problem_form: str, code: str, after: str, before: str) -> None:
    lines = plain(render(problem_form)).splitlines()
    at = line_index(lines, re.escape(f"[{code}]"))
    assert line_index(lines, after) < at < line_index(lines, before)


def test_a_finding_names_its_code_and_says_what_is_wrong(problem_form: str) -> None:
    text = plain(render(problem_form, width=160))
    assert "✗ [total-differs] 总分与复核不符：总分 99，复核总分为 79.62" in text
    assert "! [actual-copied-target] 实际值照抄指标值：实际完成值 '≥90%' 照抄了指标值 '≥90%'，应填写实际完成的数值" in text


# --- totals and the summary -----------------------------------------------------------------------


def test_shows_the_reported_and_computed_totals_of_the_seed_forms() -> None:
    lines = plain(render(SEED_000, SEED_004)).splitlines()
    totals = [line.split() for line in lines if "总分（等级" in line]
    assert totals == [["总分（等级", "优）", "96.00", "96.00"], ["总分（等级", "优）", "95.71", "95.71"]]


def test_the_summary_counts_forms_codes_and_differences(problem_form: str, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("project: [\n", encoding="utf-8")
    text = plain(render(SEED_000, problem_form, str(broken)))
    counts = {line.split()[0]: line.split()[1] for line in text.split("汇总")[1].splitlines()[1:5]}
    assert counts == {"读取的自评表": "2", "无法使用的文件": "1", "有错误的表": "1", "只有提醒的表": "0"}
    assert f"✗ 无法使用：{broken}（1 处问题）" in text
    assert re.search(r"total-differs\s+错误\s+1", text)
    assert re.search(r"weight-concentration\s+提醒\s+1", text)
    assert re.search(rf"示例项目\s+{re.escape(problem_form)}\s+99\s+79\.62\s+\+19\.38", text)


def test_explain_shows_how_every_row_was_scored() -> None:
    text = plain(render(SEED_000, SEED_004, explain=True, width=400))
    assert text.count("适用规则") == 17 + 15
    assert text.count("执行率 = 全年执行数") == 2


# --- languages ------------------------------------------------------------------------------------


def test_english_headers_and_totals(problem_form: str) -> None:
    text = plain(render(problem_form, lang="en"))
    assert re.search(r"#\s+indicator\s+target\s+actual\s+weight\s+reported\s+computed", text)
    assert "total (grade 中)" in text
    assert "forms read" in text and "Findings by code" in text
    assert "三级指标" not in text and "汇总" not in text


# --- NO_COLOR -------------------------------------------------------------------------------------


def test_no_colour_codes_when_NO_COLOR_is_set(problem_form: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert colour_codes(render(problem_form))
    monkeypatch.setenv("NO_COLOR", "1")
    ansi = render(problem_form)
    assert colour_codes(ansi) == []
    assert "✗ [total-differs]" in plain(ansi) and "≠" in plain(ansi)


# --- layout: East Asian width, wrapping -----------------------------------------------------------


@pytest.mark.parametrize("width", [100, 160])
def test_columns_line_up_by_display_width_whatever_the_chinese(width: int) -> None:
    text = plain(render(SEED_000, SEED_004, width=width))
    forms = text.split("\n序号")[1:]
    assert len(forms) == 2
    for form, rows in zip(forms, (17, 15)):
        header, *lines = form.splitlines()
        # The budget, indicator and total rows end where the header's 复核分 does (no ≠ on the seeds).
        rows_and_totals = [line for line in lines if re.match(r"^\s+\d+  \S", line) or "预算执行率" in line or "总分（等级" in line]
        ends = [display_width(line) for line in rows_and_totals]
        assert len(ends) == rows + 2
        assert set(ends) == {display_width("序号" + header)}


@pytest.mark.parametrize("width", [60, 80, 100, 160])
def test_no_line_is_wider_than_the_terminal(width: int, problem_form: str, odd_form: str) -> None:
    lines = plain(render(SEED_000, SEED_004, problem_form, odd_form, width=width)).splitlines()
    assert max(display_width(line) for line in lines) <= width


def test_long_chinese_text_is_wrapped_not_cut() -> None:
    text = plain(render(SEED_004, width=100))
    assert "…" not in text
    lines = text.splitlines()
    start = line_index(lines, r"^\s+13  执法资格培训")
    end = line_index(lines, r"^\s+14  专兼职法制员培训")
    left = display_width(lines[start].split("定性")[0])
    right = display_width(lines[start].split("合格")[0])
    assert end - start > 1
    column = "".join(cells(line, left, right).strip() for line in lines[start:end])
    assert column == "定性通过培训，使学员能够掌握行政执法的基本内容、基本理论、基本技能，达到考试合格标准。"


def test_no_wrapped_line_starts_with_closing_punctuation() -> None:
    text = plain(render(SEED_004, width=100))
    assert not re.search(r"\s[，。、；：）》”]", text)


WRAPS = [
    ("fits", "培训人数", 10, ["培训人数"]),
    ("between_chinese_characters", "应急志愿服务科普宣教", 8, ["应急志愿", "服务科普", "宣教"]),
    ("not_before_closing_punctuation", "未达到目标，复核应为 40.00", 10, ["未达到目", "标，复核应", "为 40.00"]),
    ("not_after_opening_punctuation", "分值为（十分）", 6, ["分值为", "（十", "分）"]),
    ("at_spaces_in_english", "the total is printed 99", 12, ["the total is", "printed 99"]),
    ("long_words_are_cut", "central-2020-extended", 8, ["central-", "2020-ext", "ended"]),
    ("own_line_breaks_kept", "第一行\n第二行", 20, ["第一行", "第二行"]),
]


@pytest.mark.parametrize(("text", "width", "lines"), [case[1:] for case in WRAPS], ids=[case[0] for case in WRAPS])
def test_wraps_text_by_display_width(text: str, width: int, lines: list[str]) -> None:
    assert _wrap(text, width) == lines
    assert all(display_width(line) <= width for line in lines)


# --- progress -------------------------------------------------------------------------------------


def test_progress_bar_advances_and_closes_on_a_terminal() -> None:
    stream = TerminalIO()
    progress = RichProgress(stream, 3)
    for done in (1, 2, 3):
        progress(done, 3, f"forms/{done:03}.yaml")
    progress.close()
    written = stream.getvalue()
    assert "3/3" in written and "003.yaml" in written
    assert "\x1b[" in written  # drawn, then erased: the bar is transient


def test_progress_bar_writes_nothing_when_not_on_a_terminal() -> None:
    stream = io.StringIO()
    progress = RichProgress(stream, 2)
    progress(1, 2, "a.yaml")
    progress(2, 2, "b.yaml")
    progress.close()
    assert stream.getvalue().strip() == ""


# --- through the command line ---------------------------------------------------------------------


def test_cli_writes_the_plain_table_when_out_is_not_a_terminal() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", SEED_000, SEED_004], out=out, err=err) == 0
    text = out.getvalue()
    assert "\x1b" not in text
    assert "序号  三级指标" in text and "96.00" in text and "95.71" in text
    assert "读取 2 张自评表" in text


def test_cli_writes_the_coloured_table_on_a_terminal(problem_form: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    out = TerminalIO()
    assert main(["check", SEED_000, problem_form], out=out, err=io.StringIO()) == 1
    assert colour_codes(out.getvalue())
    assert "✗ [total-differs]" in plain(out.getvalue())


def test_cli_writes_the_plain_table_on_a_terminal_under_NO_COLOR(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    out = TerminalIO()
    assert main(["check", SEED_000], out=out, err=io.StringIO()) == 0
    assert "\x1b" not in out.getvalue() and "序号  三级指标" in out.getvalue()


def test_cli_shows_a_progress_bar_for_many_files_on_a_terminal(tmp_path: Path) -> None:
    for n in range(20):
        shutil.copy(SEED_000, tmp_path / f"{n:02}.yaml")
    err = TerminalIO()
    assert main(["check", str(tmp_path)], out=io.StringIO(), err=err) == 0
    assert "20/20" in err.getvalue()


# --- rich stays in its module ---------------------------------------------------------------------


def test_only_the_terminal_module_imports_rich() -> None:
    package = Path(selfeval_rules.__file__).parent
    importing = sorted(str(p.relative_to(package)) for p in package.rglob("*.py")
                       if re.search(r"^\s*(from|import) rich\b", p.read_text("utf-8"), re.M))
    assert importing == ["reports/_terminal.py"]


def test_a_run_into_a_pipe_does_not_load_rich(tmp_path: Path) -> None:
    code = (
        "import io, sys; from selfeval_rules.cli import main; "
        f"main(['check', {SEED_000!r}], out=io.StringIO(), err=io.StringIO()); print('rich' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=tmp_path, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8")
    assert done.stdout.decode().strip() == "False"
