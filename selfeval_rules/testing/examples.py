"""Embedded examples: indicator rows a policy carries with the score it must give them.

Like the test sheets of decision tables, examples live next to the rules they pin down; `selfeval
policy test` and the pytest plugin run them.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from ..io import load_form
from ..messages import Lang, message
from ..policy import Policy
from ..findings import ROW_CODES, review
from ..scoring import RowScore, score
from ..values import Form


@attrs.frozen
class ExampleResult:
    """The outcome of one embedded example.

    Attributes:
        index: the example's position in the policy's `examples`.
        name: its name (the test id).
        mismatches: what differed, in words; empty when the example passed.
        row: the row as the policy scored it.
        findings: the codes of the row-level findings raised on the row (form-level checks such
            as weight sums do not apply to a one-row example).
    """

    policy: str
    index: int
    name: str
    mismatches: tuple[str, ...]
    row: RowScore
    findings: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.mismatches

    def describe(self, lang: Lang = "zh") -> str:
        """One paragraph: the example, what differed, and how the policy scored it."""
        head = message("example.passed" if self.passed else "example.failed", lang, policy=self.policy, name=self.name)
        lines = [head] + [f"  - {m}" for m in self.mismatches]
        if not self.passed:
            lines.append("  " + message("example.how", lang, explanation=self.row.explain(lang)))
        return "\n".join(lines)


def example_form(example: Mapping[str, Any]) -> Form:
    """The one-row form an example stands for."""
    data = {"project": example["name"], "year": example.get("year"), "indicators": [dict(example["row"])]}
    if example.get("groups"):
        data["groups"] = [dict(g) for g in example["groups"]]
    return load_form(data)


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def run_example(policy: Policy, index: int, lang: Lang = "zh") -> ExampleResult:
    """Score example `index` of `policy` and compare it with what the example expects."""
    example = policy.examples[index]
    card = score(example_form(example), policy)
    row = card.indicators[0]
    codes = tuple(f.code for f in review(card) if f.code in ROW_CODES)
    expect = example["expect"]
    actual: dict[str, Any] = {
        "score": row.score,
        "status": row.status,
        "rule": row.rule.id if row.rule else None,
        "met": row.met,
        "grade": row.grade,
        "outcome": row.outcome,
        "weight_source": row.weight_source,
    }
    mismatches = []
    for key, wanted in expect.items():
        if key == "findings":
            if sorted(wanted) != sorted(codes):
                mismatches.append(message("example.findings", lang, expected=", ".join(sorted(wanted)) or "—", got=", ".join(sorted(codes)) or "—"))
            continue
        got = actual[key]
        same = (got is None and wanted is None) if got is None or wanted is None else (Decimal(got) == Decimal(wanted) if key == "score" else got == wanted)
        if not same:
            mismatches.append(message(f"example.{key}", lang, expected=_show(wanted), got=_show(got)))
    return ExampleResult(policy.name, index, example["name"], tuple(mismatches), row, codes)


def run_examples(policy: Policy, lang: Lang = "zh") -> tuple[ExampleResult, ...]:
    """Run every embedded example of a policy.

    >>> from selfeval_rules import load_policy
    >>> results = run_examples(load_policy("beijing"))
    >>> all(r.passed for r in results) and len(results) > 0
    True
    """
    return tuple(run_example(policy, i, lang) for i in range(len(policy.examples)))
