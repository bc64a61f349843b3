"""Benchmark: rows/second scoring forms, from loaded forms to scorecards, and with parsing included.

Run from the repository root with the package installed:  python bench/score.py [--rows N]

The mix is modelled on published forms: mostly ≥N% satisfaction and quality rates, =N counts,
≤N万元 costs, deadlines and qualitative rows, with the actual values varied so that some rows
fall short, run late or signal a partial grade. Targets repeat across forms as they do in real
batches, so the parse cache is exercised the way bulk review exercises it.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from decimal import Decimal

from selfeval_rules import Form, load_form, load_policy, parse_actual, parse_target, score
from selfeval_rules.language import cache_clear
from selfeval_rules.scoring import clear_caches


def _row(rng: random.Random) -> dict[str, object]:
    kind = rng.choices(["rate", "count", "cost", "deadline", "qualitative"], weights=[40, 25, 10, 12, 13])[0]
    weight = rng.choice([5, 5, 5, 10])
    if kind == "rate":
        target = rng.choice([80, 85, 90, 95, 100])
        actual = f"{rng.choice([target, target, target - rng.randint(1, 15), min(100, target + 5)])}%"
        return {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "满意度", "target": f"≥{target}%", "actual": actual, "weight": weight}
    if kind == "count":
        target = rng.choice([5, 24, 34, 45, 70, 740, 2700])
        op = rng.choice(["=", "≥", "≧"])
        unit = rng.choice(["人", "期", "场", "次", "套", "人次"])
        actual = rng.choice([target, target, int(target * 0.8), target + 7])
        return {"level1": "产出指标", "level2": "数量指标", "name": "数量", "target": f"{op}{target}{unit}", "actual": f"{actual}{unit}", "weight": weight}
    if kind == "cost":
        target = rng.choice(["258.2", "64.253", "20", "1,200"])
        value = Decimal(target.replace(",", ""))
        actual = rng.choice([value, value * Decimal("0.98"), value * Decimal("1.1")]).quantize(Decimal("0.01"))
        return {"level1": "产出指标", "level2": "成本指标", "name": "成本", "target": f"≤{target}万元", "actual": f"{actual}万元", "weight": weight}
    if kind == "deadline":
        month = rng.randint(3, 11)
        done = rng.choice([month, month, month + 1, min(12, month + 2)])
        return {"level1": "产出指标", "level2": "时效指标", "name": "时效", "target": f"定性2023年{month}月底前", "actual": f"2023年{done}月", "weight": weight}
    actual, deviation = rng.choice([("有效", None), ("合格", None), ("达成预期指标", None), ("有效提高业务能力", "项目效益仍有提升空间"), ("部分完成", "受疫情影响")])
    return {"level1": "效益指标", "level2": "社会效益指标", "name": "效益", "target": "定性有效提升", "actual": actual, "deviation": deviation, "weight": weight}


def _distinct(row: dict[str, object], serial: int) -> dict[str, object]:
    """The row made unique: its weight carries a serial number, so no two rows read the same."""
    return {**row, "weight": Decimal(row["weight"]) + Decimal(serial) / 1_000_000}


def build_forms(rows: int, seed: int = 0, *, distinct: bool = False) -> list:
    rng = random.Random(seed)
    forms, made = [], 0
    while made < rows:
        count = min(rng.randint(12, 20), rows - made)
        indicators = [_row(rng) for _ in range(count)]
        if distinct:
            indicators = [_distinct(r, made + i) for i, r in enumerate(indicators)]
        data = {
            "year": 2023, "project": f"项目{len(forms)}",
            "budget": {"weight": 10, "annual": "258.2", "executed": str(rng.choice(["258.16", "240", "64.253"]))},
            "indicators": indicators,
        }
        load_form(data)  # valid: the timed parse below skips the schema
        forms.append(data)
        made += count
    return forms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    batches = {"realistic mix, with repetition": build_forms(args.rows), "every row distinct": build_forms(args.rows, distinct=True)}

    def parsed(data: list) -> list[Form]:
        return [Form.from_dict(d, parse_target=parse_target, parse_actual=parse_actual) for d in data]

    # Build the LALR parser once (about a second, paid once per process) so that "cold" measures
    # empty caches, not parser construction.
    parse_target("≥90%")
    for label, data in batches.items():
        rows = sum(len(d["indicators"]) for d in data)
        print(f"{label}: {rows:,} rows in {len(data):,} forms")
        for name in ("beijing", "central-2020"):
            policy = load_policy(name)
            for what in ("score", "parse + score"):
                forms = parsed(data)
                rates = []
                for attempt in range(args.repeat):
                    if attempt == 0:
                        clear_caches()
                        cache_clear()
                    start = time.perf_counter()
                    cards = [score(form, policy) for form in (parsed(data) if what != "score" else forms)]
                    elapsed = time.perf_counter() - start
                    rates.append(rows / elapsed)
                unscorable = sum(1 for c in cards for r in c.indicators if r.status == "unscorable")
                warm = statistics.median(rates[1:] or rates)
                print(f"  {name:>13} {what:>13}: cold caches {rates[0]:>9,.0f} rows/s   warm {warm:>9,.0f} rows/s"
                      f"   ({unscorable} unscorable)")


if __name__ == "__main__":
    main()
