"""Never silently wrong, never a traceback — the report side: form text cannot inject HTML into
Markdown or escape sequences into a terminal; output paths are never written through symbolic links;
temporary files never outlive a run (even a killed one, next time); one rounding serves every
format; findings are named by a title in the reader's language."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest

from selfeval_rules import load_form, load_policy, review, score
from selfeval_rules.batch import Batch, CheckedForm
from selfeval_rules.cli import main
from selfeval_rules.findings import CHECKS
from selfeval_rules.io import AtomicFile, AtomicFolder, OutputExistsError, clean_stale
from selfeval_rules.messages import MESSAGES
from selfeval_rules.reports import finding_title, markdown_text, plain
from selfeval_rules.reports._html import render_html
from selfeval_rules.reports._markdown import render_markdown
from selfeval_rules.reports._text import render_table

HERE = Path(__file__).resolve().parents[1]
SEED_004 = HERE.parent / "examples" / "forms" / "004_legal_training.yaml"
ERRORS = HERE / "fixtures" / "findings" / "row-score-differs.yaml"

HOSTILE_TEXTS = {
    "script": "<script>alert(1)</script>",
    "img": '<img src=x onerror="alert(2)">',
    "link": "[点此领取](javascript:alert(3))",
    "clear": "人数\x1b[2J\x1b[H",
    "colour": "\x1b[31m假的红字\x1b[0m",
    "osc8": "\x1b]8;;http://evil.example\x1b\\点我\x1b]8;;\x1b\\",
    "bell": "响铃\x07",
    "csi": "八位\x9b31m",
    "bidi": "abc\u202edcba",
}


def hostile_batch() -> Batch:
    rows = [{"name": text, "target": "≥45人", "actual": "40人", "weight": 10, "reported_score": 10, "deviation": text}
            for text in HOSTILE_TEXTS.values()]
    form = load_form({"project": "恶意<b>项目</b>\x1b[2J", "indicators": rows})
    card = score(form, load_policy("central-2020"))
    return Batch(card.policy, (CheckedForm("evil\x1b[31m.yaml", card, tuple(review(card))),))


def run(*argv: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    status = main(["check", *argv], out=out, err=err)
    return status, out.getvalue(), err.getvalue()


# --- Markdown ----------------------------------------------------------------------------------


def test_markdown_escapes_html_and_links_from_forms() -> None:
    page = render_markdown(hostile_batch())
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=\"alert(2)\"&gt;" in page
    assert "](javascript:" not in page.replace("\\](javascript:", "")  # the link's brackets are escaped
    assert "\\[点此领取\\](javascript:alert(3))" in page


@pytest.mark.parametrize(("text", "expected"), [
    ("a|b", "a\\|b"), ("x\ny", "x y"), ("R&D", "R&amp;D"), ("`code`", "`code`"), ("\\[x]", "\\\\\\[x\\]"),
])
def test_markdown_text_table(text: str, expected: str) -> None:
    assert markdown_text(text) == expected


def test_a_file_name_with_backticks_stays_one_code_span() -> None:
    batch = hostile_batch()
    batch = Batch(batch.policy, (CheckedForm("a`b`.yaml", batch.forms[0].card, batch.forms[0].findings),))
    assert "``a`b`.yaml``" in render_markdown(batch).splitlines()


# --- terminals ---------------------------------------------------------------------------------

CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_the_plain_table_carries_no_control_character_from_a_form() -> None:
    text = render_table(hostile_batch(), explain=True).decode()
    assert not CONTROL.search(text)
    assert "人数[2J[H" in text and "假的红字" in text


def test_the_coloured_table_carries_only_its_own_escape_sequences() -> None:
    pytest.importorskip("rich")
    from selfeval_rules.reports._terminal import render_terminal

    out = io.StringIO()
    render_terminal(hostile_batch(), "zh", out, explain=True, width=140, force_terminal=True)
    text = out.getvalue()
    # rich writes SGR colour codes (ESC [ … m) and nothing else: no screen clear, no OSC-8 link, no bell
    assert not re.search(r"\x1b(?!\[[0-9;]*m)", text)
    assert "\x07" not in text and "\x9b" not in text and "\u202e" not in text
    assert "假的红字" in text


def test_plain_turns_line_breaks_into_spaces_and_drops_controls() -> None:
    assert plain("a\tb\r\nc\x1b[2J\x00") == "a b c[2J"


# --- output paths ------------------------------------------------------------------------------


def test_a_symlink_at_the_output_is_refused_without_force_even_a_dangling_one(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.json"
    target.write_text("别人的文件", encoding="utf-8")
    for link, points_at in ((tmp_path / "live.json", target), (tmp_path / "dangling.json", tmp_path / "nowhere.json")):
        link.symlink_to(points_at)
        status, _, err = run(str(ERRORS), "--format", "json", "-o", str(link))
        assert (status, err) == (2, f"selfeval: {link} 是符号链接；如要替换这个链接请加 --force\n")
        assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "别人的文件"


def test_force_replaces_the_link_itself_never_the_file_it_points_at(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.json"
    target.write_text("别人的文件", encoding="utf-8")
    link = tmp_path / "report.json"
    link.symlink_to(target)
    assert run(str(ERRORS), "--format", "json", "-o", str(link), "--force")[0] == 1
    assert not link.is_symlink() and link.read_text(encoding="utf-8").startswith("{")
    assert target.read_text(encoding="utf-8") == "别人的文件"


def test_a_failed_run_leaves_neither_report_nor_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import selfeval_rules.reports._csv as csv_report

    calls = []

    def failing(*args: object, **kwargs: object) -> str:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("磁盘坏了")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    original = csv_report.csv_record
    monkeypatch.setattr(csv_report, "csv_record", failing)
    from selfeval_rules.reports import FORMATS

    monkeypatch.setitem(FORMATS, "csv", FORMATS["csv"].__class__("csv", failing, FORMATS["csv"].writer, suffix=".csv"))
    status, _, err = run(str(SEED_004), str(ERRORS), "--format", "csv", "-o", str(tmp_path / "r.csv"))
    assert status == 3 and "RuntimeError" in err
    assert os.listdir(tmp_path) == []


def test_old_temporary_files_of_dead_processes_are_cleaned_and_nothing_else(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True).stdout.strip()
    report = tmp_path / "review.html"
    stale = tmp_path / f".review.html.selfeval-{dead}-0123abcd.tmp"
    young = tmp_path / f".review.html.selfeval-{dead}-4567abcd.tmp"
    alive = tmp_path / f".review.html.selfeval-{os.getpid()}-89abcdef.tmp"
    other_target = tmp_path / f".other.html.selfeval-{dead}-0123abcd.tmp"
    not_ours = tmp_path / ".review.html.tmp"
    for path in (stale, young, alive, other_target, not_ours):
        path.write_text("半个文件", encoding="utf-8")
    old = time.time() - 2 * 3600
    for path in (stale, alive, other_target, not_ours):
        os.utime(path, (old, old))
    assert clean_stale(report) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (young, alive, other_target, not_ours))


def test_a_killed_run_leaves_a_temporary_file_that_the_next_run_removes(tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    forms.mkdir()
    text = SEED_004.read_text(encoding="utf-8")
    for i in range(400):
        (forms / f"f{i:03d}.yaml").write_text(text.replace("project: ", f"project: 第{i}号", 1), encoding="utf-8")
    report = tmp_path / "out" / "review.jsonl"
    report.parent.mkdir()
    command = [sys.executable, "-m", "selfeval_rules", "check", str(forms), "--format", "jsonl", "--jobs", "1", "-o", str(report)]
    process = subprocess.Popen(command, cwd=HERE.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and not any(p.stat().st_size for p in report.parent.iterdir()):
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    (left,) = list(report.parent.iterdir())
    assert re.fullmatch(rf"\.review\.jsonl\.selfeval-{process.pid}-[0-9a-f]+\.tmp", left.name)
    assert not report.exists()
    old = time.time() - 2 * 3600
    os.utime(left, (old, old))
    status, _, _ = run(str(SEED_004), "--format", "jsonl", "-o", str(report))
    assert status == 0 and os.listdir(report.parent) == ["review.jsonl"]


def test_a_folder_report_appears_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "results"
    with pytest.raises(RuntimeError), AtomicFolder(target) as folder:
        folder.open("forms.parquet").write(b"half")
        raise RuntimeError("killed")
    assert os.listdir(tmp_path) == []
    with AtomicFolder(target) as folder:
        folder.open("a.txt").write(b"new")
    with pytest.raises(OutputExistsError):
        AtomicFolder(target)
    with AtomicFolder(target, force=True) as folder:
        folder.open("b.txt").write(b"newer")
    assert os.listdir(target) == ["b.txt"] and os.listdir(tmp_path) == ["results"]


def test_an_atomic_file_gets_the_mode_of_a_new_file(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        with AtomicFile(tmp_path / "r.txt") as out:
            out.write(b"x")
    finally:
        os.umask(umask)
    assert (tmp_path / "r.txt").stat().st_mode & 0o777 == 0o644


# --- one rounding ------------------------------------------------------------------------------


def budget_form(annual: str, executed: str) -> Batch:
    form = load_form({"project": "舍入", "budget": {"unit": "万元", "weight": 10, "annual": annual, "executed": executed},
                      "indicators": [{"name": "人数", "target": "≥45人", "actual": "45人", "weight": 90, "reported_score": 90}]})
    card = score(form, load_policy("central-2020"))
    return Batch(card.policy, (CheckedForm("a.yaml", card, tuple(review(card))),))


def test_the_html_rate_rounds_half_up_as_the_table_and_json_do() -> None:
    # 97.065 / 100 = 97.065%: half-up gives 97.07% (half-even would give 97.06%)
    batch = budget_form("100", "97.065")
    page = render_html(batch)
    table = render_table(batch).decode()
    assert "执行率 97.07%" in page and "执行率 97.07%" in table and "97.06%" not in page


def test_amounts_print_as_the_policy_rounds_them_and_json_stays_exact(tmp_path: Path) -> None:
    batch = budget_form("258.200000", "258.160000")
    page = render_html(batch)
    assert "全年预算数 258.20万元" in page and "全年执行数 258.16万元" in page and "258.200000" not in page.split("<details")[0]
    path = tmp_path / "a.yaml"
    path.write_text("project: 舍入\nbudget: {unit: 万元, weight: 10, annual: 258.200000, executed: 258.160000}\n"
                    "indicators: [{name: 人数, target: ≥45人, actual: 45人, weight: 90}]\n", encoding="utf-8")
    out = run(str(path), "--format", "json")[1]
    assert '"rate": 99.98' in out


# --- titles ------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(CHECKS))
def test_every_finding_code_has_a_title_in_both_languages(code: str) -> None:
    assert f"title.{code}" in MESSAGES, f"add title.{code} to selfeval_rules/messages/reports.py"
    zh, en = MESSAGES[f"title.{code}"]
    assert zh and en and zh != code and finding_title(code, "en") == en


def test_titles_are_distinct() -> None:
    titles = [MESSAGES[f"title.{code}"] for code in CHECKS if f"title.{code}" in MESSAGES]
    assert len({zh for zh, _ in titles}) == len({en for _, en in titles}) == len(titles)


def test_an_unknown_code_is_named_by_itself() -> None:
    assert finding_title("not-a-code") == "not-a-code"



