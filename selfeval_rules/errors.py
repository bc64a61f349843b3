"""The exceptions the library raises on purpose, each carrying its data as attributes."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from .messages import Lang, dimension_label, display_width, message


class SelfEvalError(Exception):
    """Base of every error that selfeval-rules raises on purpose."""


class TextSyntaxError(SelfEvalError, ValueError):
    """A text that does not parse: a target, an actual value, a policy formula or interval.

    Attributes:
        text: the input, as the parser saw it (normalised).
        column: 1-based column of the fault in `text`.
        code: the message code of the fault (see `selfeval_rules._messages`).
        params: the values the message is filled with.
        hint: the message code of a hint, or None.
    """

    def __init__(
        self,
        text: str,
        column: int,
        code: str,
        params: dict[str, object] | None = None,
        hint: str | None = None,
    ) -> None:
        self.text = text
        self.column = column
        self.code = code
        self.params = dict(params or {})
        self.params.setdefault("column", column)
        self.hint = hint
        super().__init__(self.describe())

    @property
    def reason(self) -> str:
        """What is wrong, in Chinese, without the caret display."""
        return message(self.code, "zh", **self.params)

    def describe(self, lang: Lang = "zh") -> str:
        """The full message: input, problem, the input again with a caret under the fault, hint.

        >>> print(TextSyntaxError("=24期期x", 6, "syntax.unexpected_char", {"char": "x"}).describe("en"))
        '=24期期x': unexpected character 'x' at column 6
            =24期期x
                   ^
        """
        shown = self.text if len(self.text) <= 80 else self.text[:80] + "…"
        lines = [f"{shown!r}: {message(self.code, lang, **self.params)}"]
        if self.column <= len(shown) + 1:
            pad = display_width(shown[: self.column - 1])
            lines += [f"    {shown}", "    " + " " * pad + "^"]
        if self.hint:
            lines.append(("hint: " if lang == "en" else "提示：") + message(self.hint, lang))
        return "\n".join(lines)


class TargetSyntaxError(TextSyntaxError):
    """A target (年度指标值) or actual value (实际完成值) that does not parse."""


class FormulaSyntaxError(TextSyntaxError):
    """A policy formula or interval that does not parse."""


class FormulaError(SelfEvalError, ArithmeticError):
    """A formula that cannot be evaluated: a division by zero, or a name with no value here."""

    def __init__(self, formula: str, code: str, params: dict[str, object] | None = None) -> None:
        self.formula, self.code, self.params = formula, code, dict(params or {})
        super().__init__(self.describe())

    def describe(self, lang: Lang = "zh") -> str:
        return f"{self.formula!r}: {message(self.code, lang, **self.params)}"


class UnitMismatchError(SelfEvalError, TypeError):
    """Two quantities whose units are of different dimensions were compared."""

    def __init__(self, left: object, right: object, left_dim: str, right_dim: str) -> None:
        self.left, self.right = left, right
        self.left_dim, self.right_dim = left_dim, right_dim
        super().__init__(self.describe())

    def describe(self, lang: Lang = "zh") -> str:
        return message(
            "unit.mismatch", lang, left=self.left, right=self.right,
            left_dim=dimension_label(self.left_dim, lang), right_dim=dimension_label(self.right_dim, lang),
        )


class KindMismatchError(SelfEvalError, TypeError):
    """A target was asked about an actual value of a kind it cannot judge (a date against 90%)."""

    def __init__(self, target_kind: str, actual_kind: str) -> None:
        self.target_kind, self.actual_kind = target_kind, actual_kind
        super().__init__(self.describe())

    def describe(self, lang: Lang = "zh") -> str:
        return message("value.kind_mismatch", lang, target_kind=self.target_kind, actual_kind=self.actual_kind)


def json_path(path: Iterable[str | int]) -> str:
    """A JSON path in the `$.indicators[3].weight` notation.

    >>> json_path(["indicators", 3, "weight"])
    '$.indicators[3].weight'
    """
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


@attrs.frozen
class Problem:
    """One problem found in a document, at a JSON path and, when known, a line and column."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    file: str | None = None

    def located(self, source: str) -> str:
        """`file:line:column: path: message`, leaving out what is unknown (file defaults to `source`)."""
        where = self.file or source
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.path}: {self.message}"


class DocumentError(SelfEvalError, ValueError):
    """A form or policy document that cannot be used; lists every problem found, the most relevant first."""

    def __init__(self, source: str, problems: Iterable[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__("\n".join(p.located(source) for p in self.problems))


class FormError(DocumentError):
    """A form document that breaks the form schema or cannot be read."""


class PolicyError(DocumentError):
    """A policy document that breaks the policy schema, its own rules, or cannot be read."""
