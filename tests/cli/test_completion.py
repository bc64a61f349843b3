"""`selfeval completion bash|zsh`: scripts generated from the parser, run in a real shell."""

from __future__ import annotations

import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest

from selfeval_rules.cli import main


def script(shell: str) -> str:
    out = StringIO()
    assert main(["completion", shell], out=out, err=StringIO()) == 0
    return out.getvalue()


def complete_in_bash(tmp_path: Path, *words: str) -> list[str]:
    """What bash offers after `selfeval WORDS…` (the last word is the one being completed)."""
    path = tmp_path / "selfeval.bash"
    path.write_text(script("bash"), encoding="utf-8")
    line = " ".join(f"'{w}'" for w in ("selfeval", *words))
    code = f'source {path}; COMP_WORDS=({line}); COMP_CWORD={len(words)}; _selfeval; printf "%s\\n" "${{COMPREPLY[@]}}"'
    done = subprocess.run(["bash", "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    return sorted(filter(None, done.stdout.splitlines()))


@pytest.fixture(autouse=True)
def _needs_bash() -> None:
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")


def test_offers_the_commands(tmp_path: Path) -> None:
    assert complete_in_bash(tmp_path, "") == ["check", "completion", "import", "new", "parse", "policy", "score"]


def test_offers_the_policy_actions(tmp_path: Path) -> None:
    assert complete_in_bash(tmp_path, "policy", "") == ["explain", "list", "show", "test", "validate"]


def test_offers_the_report_formats_after_format(tmp_path: Path) -> None:
    assert complete_in_bash(tmp_path, "check", "forms/", "--format", "") == [
        "csv", "html", "json", "jsonl", "markdown", "parquet", "table", "xlsx"]


def test_offers_the_bundled_policies_and_files_after_policy(tmp_path: Path) -> None:
    (tmp_path / "my-city.yaml").write_text("", encoding="utf-8")
    assert complete_in_bash(tmp_path, "score", "--policy", "") == [
        "beijing", "central-2020", "hubei-2020", "my-city.yaml", "selfeval.bash", "sichuan-2023", "transfer-targets"]


def test_offers_a_commands_options_for_a_dash(tmp_path: Path) -> None:
    offered = complete_in_bash(tmp_path, "check", "--f")
    assert offered == ["--fail-on", "--flat", "--force", "--format"]


def test_completes_form_files(tmp_path: Path) -> None:
    (tmp_path / "form-a.yaml").write_text("", encoding="utf-8")
    assert complete_in_bash(tmp_path, "check", "form-") == ["form-a.yaml"]


def test_offers_the_shells(tmp_path: Path) -> None:
    assert complete_in_bash(tmp_path, "completion", "") == ["bash", "zsh"]


def test_the_zsh_function_is_valid_zsh(tmp_path: Path) -> None:
    zsh = shutil.which("zsh")
    if zsh is None:
        pytest.skip("zsh is not installed")
    path = tmp_path / "_selfeval"
    path.write_text(script("zsh"), encoding="utf-8")
    done = subprocess.run([zsh, "-n", str(path)], capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    assert script("zsh").startswith("#compdef selfeval\n")


def complete_in_zsh(tmp_path: Path, *words: str) -> list[str]:
    """What the zsh function offers, with compadd and _files stubbed to print what they are given."""
    zsh = shutil.which("zsh")
    if zsh is None:
        pytest.skip("zsh is not installed")
    path = tmp_path / "_selfeval"
    path.write_text(script("zsh"), encoding="utf-8")
    line = " ".join(f"'{w}'" for w in ("selfeval", *words))
    code = (f"compadd() {{ [[ $1 == -- ]] && shift; print -l -- \"$@\"; }}; _files() {{ print -- '<files>'; }}; "
            f"words=({line}); CURRENT={len(words) + 1}; source {path}")
    done = subprocess.run([zsh, "-f", "-c", code], capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    return sorted(filter(None, done.stdout.splitlines()))


def test_zsh_offers_the_commands(tmp_path: Path) -> None:
    assert complete_in_zsh(tmp_path, "") == ["check", "completion", "import", "new", "parse", "policy", "score"]


def test_zsh_offers_the_report_formats_after_format(tmp_path: Path) -> None:
    assert complete_in_zsh(tmp_path, "check", "forms/", "--format", "") == [
        "csv", "html", "json", "jsonl", "markdown", "parquet", "table", "xlsx"]


def test_zsh_offers_policies_and_files_for_policy_actions(tmp_path: Path) -> None:
    assert complete_in_zsh(tmp_path, "policy", "test", "") == [
        "<files>", "beijing", "central-2020", "hubei-2020", "sichuan-2023", "transfer-targets"]
