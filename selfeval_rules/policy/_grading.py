"""Qualitative grading: the three grades, their bands and default shares, and the words that signal them."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import attrs

from ..messages import Lang
from ..values import Interval, normalise, plain

GRADE_ORDER = ("met", "partly", "not_met")  # best first


@attrs.frozen
class GradeSpec:
    key: str
    label: str
    label_en: str
    band: Interval
    default: Decimal

    def describe(self, lang: Lang = "zh") -> str:
        return self.label_en if lang == "en" and self.label_en else self.label


@attrs.frozen
class QualitativeGrading:
    """How qualitative rows are graded: bands and default shares, signal words, and defaults."""

    grades: Mapping[str, GradeSpec]
    signals: Mapping[str, tuple[str, ...]]
    answers: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    negations: tuple[str, ...] = ()
    degrees: tuple[str, ...] = ()
    restated_target: str = "met"
    restated_coverage: Decimal = Decimal("0.6")
    no_signal: str = "met"
    keep_reported_in_band: bool = True

    def infer(self, actual: str | None, deviation: str | None, target: str | None) -> tuple[str, tuple[tuple[str, str, str], ...]]:
        """The grade signalled by the actual value and the deviation reason; the weaker grade wins.

        A met word right after a negation (不合格, 未及时, 不是很有效) signals "not met"; a whole
        answer such as 是 or 否 counts only when it is the whole text.

        Returns:
            The grade, and the evidence: (grade, where, word) for each signal found.
        """
        evidence: list[tuple[str, str, str]] = []
        for where, text in (("actual", actual), ("deviation", deviation)):
            if not text:
                continue
            text = normalise(text)
            found = self._signal(text)
            if found:
                evidence.append((*found[:1], where, found[1]))
        if actual and target:
            # restating: one text contains the other and covers enough of it (at 0.6, 合格 does not
            # restate 达到考试合格标准, but 培训内容紧密结合重点工作 restates itself)
            plain_actual, plain_target = plain(actual), plain(target.removeprefix("定性"))
            shorter, longer = sorted((plain_actual, plain_target), key=len)
            if len(shorter) >= 2 and shorter in longer and len(shorter) >= self.restated_coverage * len(longer):
                evidence.append((self.restated_target, "restated", plain_actual[:20]))
        if not evidence:
            return self.no_signal, ()
        grade = max((e[0] for e in evidence), key=GRADE_ORDER.index)
        return grade, tuple(evidence)

    def _signal(self, text: str) -> tuple[str, str] | None:
        """The weakest grade a text signals, and the words that signal it."""
        stripped = plain(text)
        for grade in reversed(GRADE_ORDER):  # weakest first, so 未完成 is read before 完成
            if stripped in self.answers.get(grade, ()):
                return grade, stripped
        for grade in reversed(GRADE_ORDER):
            for word in self.signals.get(grade, ()):
                start = text.find(word)
                while start >= 0:
                    negation = self._negation_before(text, start)
                    if negation is None:
                        return grade, word
                    if grade != "not_met":
                        return "not_met", negation + word
                    start = text.find(word, start + 1)
        return None

    def _negation_before(self, text: str, start: int) -> str | None:
        before = text[:start]
        for degree in ("", *self.degrees):
            if degree and not before.endswith(degree):
                continue
            head = before[: len(before) - len(degree)]
            for negation in self.negations:
                if head.endswith(negation):
                    return negation + degree
        return None
