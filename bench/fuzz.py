"""Fuzzing as a tool: millions of generated strings through the parsers, thousands of hostile forms
and policies through loading, scoring and review. Prints what it ran and every undocumented
exception or canonical text that does not parse back to an equal value; exits 1 if there is one.

    python bench/fuzz.py                 # ≥ 10⁶ strings, ≥ 10⁴ forms and policies (several minutes)
    python bench/fuzz.py --strings 20000 --documents 300 --seed 7

Documented outcomes: a value, a TargetSyntaxError (strings); a FormError or PolicyError (documents).
Anything else is a bug. The short version runs in tests/test_fuzz.py.
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from selfeval_rules import load_form, load_policy, parse_actual, parse_target, review, score
from selfeval_rules.errors import FormError, PolicyError, TargetSyntaxError
from selfeval_rules.io import read_file

# Real targets and actuals (domain.md), the seeds of the mutations.
REAL = [
    "=24期", "=2700套", "≥45次", "≥90%", "≤258.2万元", "≤64.253万元", "≧735人次", "═100%", "100%", "90%", ">=90%",
    "≥200平方米", "≥8400元", "≥15年", "≥266米", "≥50厘米", "20万元", "1", "定性2023年3月底前", "2023年12月",
    "均在2023年12月底之前完成", "及时", "有效", "显著提升", "定性培训内容紧密结合全市应急管理重点工作", "24期", "747人",
    "204.46平方米", "258.16万元", "2023年6月", "合格", "达成预期指标", "完成", "215,457.6", "＞90％", "＝24期",
    ">=530元/人*月", "<=5300元/户", "约85%", "85%左右", "10人（计划45人）", "“≥12期”", "2022年底之前", "年底前",
    "90%-100%", "[90%,100%]", "不少于45次", "90%以上", "2023年第三季度", "2023-12-31", "12月底前",
]
ALPHABET = list("0123456789.,%‰≥≤≧≦⩾⩽＞＜＝=<>-~至到[]()（）年月日底前后内以上下定性约左右元万人次期套个/*·×“”「」 \n\t") + [
    "\u0308", "\u200b", "\x00", "\x1b", "\ufeff", "𝟗", "九十", "期", "平方米", "之前", "及以上", "不少于", "达到", "未"]


def mutations(rng: random.Random, count: int) -> Iterator[str]:
    """Real values with characters inserted, deleted, replaced, doubled, or spliced with another."""
    for _ in range(count):
        text = rng.choice(REAL)
        for _ in range(rng.randint(1, 4)):
            kind = rng.randrange(5)
            at = rng.randint(0, len(text))
            if kind == 0:
                text = text[:at] + rng.choice(ALPHABET) + text[at:]
            elif kind == 1 and text:
                text = text[:at] + text[at + 1:]
            elif kind == 2 and text:
                text = text[:at] + rng.choice(ALPHABET) + text[at + 1:]
            elif kind == 3:
                text = text[:at] + text[at:] * rng.randint(2, 4)
            else:
                text = text[:at] + rng.choice(REAL)
        yield text


def arbitrary(rng: random.Random, count: int) -> Iterator[str]:
    """Arbitrary text: any code points, short and long."""
    for _ in range(count):
        size = rng.choice([1, 2, 5, 20, 100, 600])
        yield "".join(chr(rng.choice([rng.randint(32, 126), rng.randint(0x3000, 0x9fff), rng.randint(0, 0x10ffff)]))
                      for _ in range(size)).replace("\ud800", "")


def from_grammar(count: int, seed: int) -> list[str]:
    """Strings the target grammar generates (hypothesis' from_lark), so every rule is exercised."""
    import lark
    from hypothesis import HealthCheck, given, settings
    from hypothesis.extra.lark import from_lark

    from selfeval_rules.language import grammar_text

    grammar = lark.Lark(grammar_text("target"), start="target")
    found: list[str] = []

    @settings(max_examples=count, database=None, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(from_lark(grammar, start="target"))
    def collect(text: str) -> None:
        found.append(text)

    collect()
    return found


class Tally:
    def __init__(self) -> None:
        self.runs = Counter[str]()
        self.bugs: list[tuple[str, str, str]] = []  # (what, input, problem)

    def bug(self, what: str, given: Any, problem: str) -> None:
        self.bugs.append((what, repr(given)[:160], problem[:300]))


def check_string(text: str, tally: Tally) -> None:
    for name, parse in (("target", parse_target), ("actual", parse_actual)):
        tally.runs[name] += 1
        try:
            value = parse(text, year=2023)
        except TargetSyntaxError:
            continue
        except Exception as error:  # noqa: BLE001 - the point: find what is not documented
            tally.bug(f"parse_{name}", text, f"{type(error).__name__}: {error}")
            continue
        try:
            again = parse(str(value), year=2023)
        except Exception as error:  # noqa: BLE001
            tally.bug(f"{name} canonical", text, f"{str(value)!r} does not parse back: {type(error).__name__}: {error}")
            continue
        if again != value:
            tally.bug(f"{name} canonical", text, f"{str(value)!r} parses back to {again!r}, not {value!r}")


SEED_FORMS = ("examples/forms/000_emergency_volunteers.yaml", "examples/forms/004_legal_training.yaml")
HOSTILE_VALUES: list[Any] = [
    None, "", " ", "—", "/", "无", "\x0c", "\x1b[2J", "<script>alert(1)</script>", "=cmd|'/c calc'!A1", "1e400",
    "9" * 60, -1, 0, 10**30, Decimal("1e400"), Decimal("-0"), "1,2,3", "５.００", True, [], {}, "a" * 5000, "≥" * 100,
    "定性" + "有" * 600, 3.14159, float("nan"), float("inf"), "NaN", "Infinity",
]


def hostile_forms(rng: random.Random, count: int) -> Iterator[dict[str, Any]]:
    """The seed forms with values replaced, keys dropped or added, rows duplicated or emptied."""
    seeds = [read_file(path).data for path in SEED_FORMS]
    for _ in range(count):
        form = copy.deepcopy(rng.choice(seeds))
        for _ in range(rng.randint(1, 6)):
            where = rng.choice(["top", "budget", "row", "row", "row"])
            if where == "top":
                form[rng.choice(list(form) + ["extra", "year", "reported_total"])] = rng.choice(HOSTILE_VALUES)
            elif where == "budget" and isinstance(form.get("budget"), dict):
                form["budget"][rng.choice(["annual", "executed", "weight", "reported_rate", "unit", "reported_score"])] = rng.choice(HOSTILE_VALUES)
            elif isinstance(form.get("indicators"), list) and form["indicators"]:
                row = rng.choice(form["indicators"])
                if isinstance(row, dict):
                    key = rng.choice(["target", "actual", "weight", "reported_score", "name", "level1", "deviation"])
                    row[key] = rng.choice(HOSTILE_VALUES + REAL + list(mutations(rng, 1)))
                if rng.random() < 0.1:
                    form["indicators"] = form["indicators"] * rng.randint(2, 20)
        yield form


def hostile_policies(rng: random.Random, count: int) -> Iterator[dict[str, Any]]:
    """A child of central-2020 with hostile rules, formulas, bands and findings."""
    formulas = ["weight * min(rate, 1)", "weight / 0", "ratio ** 2", "weight" + " * 1" * 50, "min()", "max(ratio, 0)",
                "weight * (1 - (actual - target) / target)", "1e400", "-weight", "import os"]
    intervals = ["[0, 1]", "(0, 1)", "[1, 0]", "[0, inf)", "(inf, 0)", "[0,", "[0.5, 0.5)", "[-1, 2]"]
    for index in range(count):
        rule: dict[str, Any] = {"id": f"r{index}", "when": {"kind": rng.choice(["comparison", "range", "deadline", "qualitative", "bogus"])}}
        if rng.random() < 0.3:
            rule["when"]["name"] = rng.choice(["^(a+)+$", "培训", "(", "a" * 300, ".*"])
        choice = rng.randrange(4)
        if choice == 0:
            rule.update(met="full", unmet={"score": rng.choice(formulas)})
        elif choice == 1:
            rule.update(met="full", unmet={"on": rng.choice(["ratio", "delay_days", "x"]),
                                           "bands": [{"when": rng.choice(intervals), "share": rng.choice(["ratio", 0.5, "1/0"])}]})
        elif choice == 2:
            rule.update(grade="infer")
        else:
            rule.update(met=rng.choice(["full", "zero", "ratio", "bogus"]), unmet=rng.choice(["ratio", "notmet", {"grade": "partly"}]))
        policy: dict[str, Any] = {"extends": "central-2020", "name": f"fuzz-{index}", "title": "模糊测试", "version": "1",
                                  "rules": [rule]}
        if rng.random() < 0.3:
            policy["budget"] = {"score": rng.choice(formulas)}
        if rng.random() < 0.2:
            policy["rounding"] = {"places": rng.choice([0, 2, 10, -1, 100]), "mode": rng.choice(["half-up", "bogus"])}
        yield policy


def check_document(kind: str, data: dict[str, Any], tally: Tally, policy: Any) -> None:
    tally.runs[kind] += 1
    try:
        if kind == "form":
            card = score(load_form(data), policy)
            review(card)
        else:
            loaded = load_policy(data)
            for path in SEED_FORMS:
                review(score(load_form(path), loaded))
    except (FormError, PolicyError):
        return
    except Exception as error:  # noqa: BLE001
        tally.bug(kind, data if kind == "policy" else {k: data.get(k) for k in ("budget", "indicators")}, f"{type(error).__name__}: {error}")


def run(strings: int, documents: int, seed: int, report: Callable[[str], None] = print) -> Tally:
    rng = random.Random(seed)
    tally = Tally()
    started = time.perf_counter()
    grammar_share = min(20_000, strings // 20)
    sources = [("grammar", from_grammar(grammar_share, seed)), ("mutations", mutations(rng, (strings - grammar_share) * 3 // 4)),
               ("arbitrary", arbitrary(rng, (strings - grammar_share) // 4))]
    for label, texts in sources:
        before = sum(tally.runs.values())
        for text in texts:
            check_string(text, tally)
        report(f"strings from {label}: {(sum(tally.runs.values()) - before) // 2:,} (target and actual parse each)")
    policy = load_policy("central-2020")
    for form in hostile_forms(rng, documents):
        check_document("form", form, tally, policy)
    for data in hostile_policies(rng, max(1, documents // 10)):
        check_document("policy", data, tally, policy)
    report(f"hostile forms: {tally.runs['form']:,}; hostile policies: {tally.runs['policy']:,}")
    report(f"{sum(tally.runs.values()):,} runs in {time.perf_counter() - started:.0f} s; {len(tally.bugs)} undocumented outcome(s)")
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strings", type=int, default=1_000_000)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    tally = run(args.strings, args.documents, args.seed)
    for what, given, problem in tally.bugs[:50]:
        print(f"  {what}: {given}: {problem}")
    return 1 if tally.bugs else 0


if __name__ == "__main__":
    sys.exit(main())
