"""Benchmark: the same rows scored by a zen-engine decision table and by selfeval-rules, in one run.

Run from the repository root with the package installed (zen-engine is not a dependency):

    pip install zen-engine && python bench/zen.py [--rows 20000]

The decision graph is built here: one decision table, first hit, whose rows are the ratio / full /
zero rules of central-2020 for ≥, ≤ and = targets — a positive target (≥, and = read as "at least")
met scores full marks, unmet scores weight × B/A; a reverse target (≤) met scores full, exceeded
scores weight × A/B; anything else scores zero. The rows are quantities with units (≥100人, ≤258.2万元,
=24期, ≥90%), half of them short of their targets.

Both sides start from the same plain rows. Ours goes the whole way a form goes: `load_form` from a
mapping (schema, target and actual parsed from their text) and `score` under central-2020 (rule
selection, exact Decimal arithmetic, rounding half-up to 2 places), fifteen rows to a form. Zen gets
each row already split into operator and numbers (it has no target grammar) and evaluates the table.
The scores are compared after rounding both half-up to 2 places.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from selfeval_rules import load_form, load_policy, score

OPS = {"ge": "≥", "le": "≤", "eq": "="}

GRAPH = {
    "contentType": "application/vnd.gorules.decision",
    "nodes": [
        {"id": "row", "type": "inputNode", "name": "row", "position": {"x": 0, "y": 0}},
        {"id": "score", "type": "decisionTableNode", "name": "central-2020: ratio, full, zero", "position": {"x": 300, "y": 0},
         "content": {
             "hitPolicy": "first",
             "inputs": [{"id": "op", "name": "operator", "field": "op"}, {"id": "met", "name": "met"}],
             "outputs": [{"id": "rule", "name": "rule", "field": "rule"}, {"id": "points", "name": "score", "field": "score"}],
             "rules": [
                 {"_id": "positive-met", "op": '"ge", "eq"', "met": "actual >= target", "rule": '"full"', "points": "weight"},
                 {"_id": "positive-unmet", "op": '"ge", "eq"', "met": "target > 0", "rule": '"ratio"', "points": "weight * actual / target"},
                 {"_id": "reverse-met", "op": '"le"', "met": "actual <= target", "rule": '"full"', "points": "weight"},
                 {"_id": "reverse-unmet", "op": '"le"', "met": "actual > 0", "rule": '"ratio"', "points": "weight * target / actual"},
                 {"_id": "otherwise", "op": "", "met": "", "rule": '"zero"', "points": "0"},
             ]}},
        {"id": "out", "type": "outputNode", "name": "out", "position": {"x": 600, "y": 0}},
    ],
    "edges": [{"id": "a", "type": "edge", "sourceId": "row", "targetId": "score"},
              {"id": "b", "type": "edge", "sourceId": "score", "targetId": "out"}],
}


def make_rows(count: int, seed: int = 0) -> list[dict[str, object]]:
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        op = rng.choice(["ge", "ge", "le", "eq"])
        unit, target = rng.choice([("人", 100), ("场", 12), ("万元", Decimal("258.2")), ("%", 90), ("期", 24), ("人次", 2700)])
        target = Decimal(target)
        short = rng.random() < 0.5
        factor = Decimal(rng.randint(60, 99)) / 100 if short else Decimal(rng.randint(100, 115)) / 100
        if op == "le":
            factor = Decimal(2) - factor  # a reverse target is missed by going over
        actual = (target * factor).quantize(Decimal("0.01"))
        rows.append({"op": op, "unit": unit, "target": target, "actual": actual, "weight": Decimal(rng.choice([5, 10, 15, 20]))})
    return rows


def half_up(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def ours(rows: list[dict[str, object]], policy: object) -> tuple[list[Decimal | None], float]:
    forms = [
        {"project": f"基准{n}", "indicators": [
            {"name": f"指标{i}", "target": f"{OPS[r['op']]}{r['target']}{r['unit']}", "actual": f"{r['actual']}{r['unit']}",
             "weight": r["weight"]} for i, r in enumerate(rows[n:n + 15])]}
        for n in range(0, len(rows), 15)
    ]
    start = time.perf_counter()
    scores = [row.score for data in forms for row in score(load_form(data), policy).indicators]  # type: ignore[arg-type]
    return scores, time.perf_counter() - start


def _zen() -> Any:
    """The zen-engine package (this script is bench/zen.py: its own folder must not shadow it)."""
    import importlib

    here = Path(__file__).resolve().parent
    saved = sys.path[:]
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    try:
        return importlib.import_module("zen")
    finally:
        sys.path[:] = saved


def zens(rows: list[dict[str, object]]) -> tuple[list[Decimal], float]:
    zen = _zen()
    decision = zen.ZenEngine().create_decision(json.dumps(GRAPH))
    inputs = [{"op": r["op"], "target": float(r["target"]), "actual": float(r["actual"]), "weight": float(r["weight"])}  # type: ignore[arg-type]
              for r in rows]
    start = time.perf_counter()
    results = [decision.evaluate(row)["result"]["score"] for row in inputs]
    elapsed = time.perf_counter() - start
    return [half_up(Decimal(repr(v))) for v in results], elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    rows = make_rows(args.rows)
    policy = load_policy("central-2020")
    ours(rows[:300], policy)  # build the parsers and warm the caches once
    our_scores, our_time = ours(rows, policy)
    zen_scores, zen_time = zens(rows)
    agree = sum(1 for a, b in zip(our_scores, zen_scores) if a is not None and half_up(a) == b)
    print(f"{len(rows):,} rows (≥ / ≤ / = quantity targets, half of them missed)")
    print(f"  zen-engine decision table, evaluate() per row:   {len(rows) / zen_time:>9,.0f} rows/s")
    print(f"  selfeval-rules load_form(mapping) + score:       {len(rows) / our_time:>9,.0f} rows/s")
    print(f"  scores that agree after rounding half-up to 2 places: {agree:,} of {len(rows):,}")


if __name__ == "__main__":
    main()
