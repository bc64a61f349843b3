"""Benchmark: microseconds per indicator row to load forms, from a dict, from YAML text and from files.

Run from the repository root with the package installed:  python bench/load.py [--rows N]

Times are CPU time of this process (time.process_time), so that other work on a shared machine
does not count; each figure is the median of several runs after a warm-up run.

The forms are those of bench/score.py (the realistic mix of published forms, 12 to 20 rows each,
targets repeating as they do in real batches, so the parse cache is exercised as bulk review
exercises it). For comparison it also times what the library cannot go below: libyaml composing
the same text into nodes, and PyYAML's own CSafeLoader building plain Python objects from it.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml
from score import build_forms  # bench/score.py, beside this file

from selfeval_rules import load_form, parse_target
from selfeval_rules.io import form_from_document, read_text


def timed(label: str, rows: int, run: Callable[[], Any], repeat: int) -> float:
    """Median microseconds per row over `repeat` runs (after one warm-up run), printed."""
    run()
    seconds = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        seconds.append(time.process_time() - start)
    per_row = statistics.median(seconds) / rows * 1e6
    print(f"  {label:<52} {per_row:8.2f} µs/row")
    return per_row


def each(items: Sequence[Any], load: Callable[[Any], Any]) -> Callable[[], None]:
    def run() -> None:
        for item in items:
            load(item)

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    forms = build_forms(args.rows)
    rows = sum(len(form["indicators"]) for form in forms)
    texts = [yaml.safe_dump(form, allow_unicode=True, sort_keys=False) for form in forms]
    libyaml = getattr(yaml, "CSafeLoader", None)
    print(f"selfeval-rules form loading — Python {platform.python_version()}, PyYAML {yaml.__version__}"
          f" ({'with' if libyaml else 'without'} libyaml)")
    print(f"  {rows:,} rows in {len(forms):,} forms, {sum(map(len, texts)) / len(texts):,.0f} characters of YAML a form;"
          f" median of {args.repeat} runs\n")
    parse_target("≥90%")  # build the LALR parser once, outside the timings

    timed("load_form(dict)", rows, each(forms, load_form), args.repeat)
    timed("read_text(YAML) + form_from_document", rows,
          each(texts, lambda text: form_from_document(read_text(text, "<text>"))), args.repeat)
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index, text in enumerate(texts):
            path = Path(folder) / f"{index:05d}.yaml"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        timed("load_form(file)", rows, each(paths, load_form), args.repeat)
    print("\n  for comparison, what the library cannot go below:")
    if libyaml is not None:
        timed("libyaml composing nodes alone (CSafeLoader)", rows,
              each(texts, lambda text: yaml.compose(text, Loader=libyaml)), args.repeat)
        bare = type("Bare", (yaml.CParser if hasattr(yaml, "CParser") else yaml.cyaml.CParser,), {
            "resolve": lambda self, kind, value, implicit: "?", "descend_resolver": lambda *a: None, "ascend_resolver": lambda *a: None})
        timed("libyaml composing nodes, tags left unresolved", rows,
              each(texts, lambda text: bare(text).get_single_node()), args.repeat)
        timed("PyYAML building plain objects (CSafeLoader)", rows,
              each(texts, lambda text: yaml.load(text, Loader=libyaml)), args.repeat)
    timed("PyYAML building plain objects (SafeLoader, no libyaml)", rows,
          each(texts, lambda text: yaml.load(text, Loader=yaml.SafeLoader)), args.repeat)


if __name__ == "__main__":
    main()
