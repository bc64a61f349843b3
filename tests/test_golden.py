"""Every command and report format, run on the example forms and the finding fixtures, prints what
tests/golden/recorded/ holds, byte for byte (a change of output must be meant: re-record it with
`python tests/golden/cases.py --update` and read the diff)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "golden"
_spec = importlib.util.spec_from_file_location("golden_cases", HERE / "cases.py")
cases = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(cases)  # type: ignore[union-attr]


@pytest.mark.parametrize(("name", "argv"), list(cases.cases()), ids=[name for name, _ in cases.cases()])
def test_the_output_is_the_recorded_one(name: str, argv: list[str], tmp_path: Path) -> None:
    recorded = (cases.RECORDED / f"{name}.txt").read_bytes().decode("utf-8")
    assert cases.run(name, argv, tmp_path) == recorded
