"""The short version of bench/fuzz.py: generated strings through the parsers and hostile forms and
policies through loading, scoring and review give only documented outcomes, and every canonical
text parses back to an equal value."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("fuzz", Path(__file__).resolve().parents[1] / "bench" / "fuzz.py")
fuzz = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(fuzz)  # type: ignore[union-attr]


def test_a_short_fuzzing_run_finds_no_undocumented_outcome() -> None:
    tally = fuzz.run(strings=3000, documents=150, seed=11, report=lambda line: None)
    assert tally.runs["target"] == tally.runs["actual"] >= 2900
    assert tally.runs["form"] == 150
    assert tally.bugs == []
