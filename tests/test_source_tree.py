"""A newcomer's first steps work from the repository root of a clone, without installing: the source
tree shadows any install there (`python -m` puts the working directory first on sys.path), and the
grammars and bundled policies are read from the repository's own folders."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONDONTWRITEBYTECODE": "1"}


def run_at_root(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *argv], cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=120, check=False)


def test_the_module_runs_from_the_repository_root_on_the_source_tree() -> None:
    code = "import selfeval_rules, pathlib; print(pathlib.Path(selfeval_rules.__file__).resolve().parent)"
    assert run_at_root("-c", code).stdout.strip() == str(ROOT / "selfeval_rules")


def test_policy_list_runs_from_the_repository_root() -> None:
    done = run_at_root("-m", "selfeval_rules", "policy", "list", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert [line.split()[0] for line in done.stdout.splitlines()] == [
        "beijing", "central-2020", "hubei-2020", "sichuan-2023", "transfer-targets"]


def test_scoring_a_seed_form_runs_from_the_repository_root() -> None:
    done = run_at_root("-m", "selfeval_rules", "score", "examples/forms/004_legal_training.yaml", "--policy", "beijing",
                       "--format", "json")
    assert done.returncode == 0, done.stderr
    assert '"total": 95.71' in done.stdout


def test_the_readme_python_snippet_runs_from_the_repository_root() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippet = re.search(r"```python\n(.*?)```", readme, re.S).group(1)  # type: ignore[union-attr]
    done = run_at_root("-c", snippet)
    assert done.returncode == 0, done.stderr
    # the values the snippet's comments promise: 96.00 优, a 3.00 / 5.00 late row, no finding, True
    assert done.stdout.splitlines()[0] == "96.00 优"
    assert "得分 3.00 / 5.00" in done.stdout.splitlines()[1]
    assert done.stdout.splitlines()[2:] == ["[]", "True"]


def test_pytest_runs_from_the_repository_root_as_a_module() -> None:
    done = run_at_root("-m", "pytest", "-q", "-p", "no:randomly", "tests/test_imports.py", "-k", "pinned")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout
