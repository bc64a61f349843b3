"""What the grammars share: reading a shipped grammar, building an LALR parser, and turning lark's
failures into our own syntax errors (lark's exceptions never leave this package)."""

from __future__ import annotations

from lark import Lark, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from .. import _shipped
from ..errors import TextSyntaxError


class Fault(Exception):
    """Raised inside a transformer; turned into a syntax error that knows the whole input."""

    def __init__(self, column: int, code: str, params: dict[str, object], hint: str | None = None) -> None:
        super().__init__(code)
        self.column, self.code, self.params, self.hint = column, code, params, hint


def grammar_text(name: str) -> str:
    """The source of a grammar shipped in `selfeval_rules.grammar` ("target" or "formula")."""
    return _shipped.read("grammar", f"{name}.lark")


def lalr(grammar: str, start: list[str], transformer: Transformer, *, placeholders: bool) -> Lark:
    """An LALR parser with the transformer applied while parsing (no tree is kept)."""
    return Lark(
        grammar_text(grammar), parser="lalr", lexer="contextual", start=start,
        transformer=transformer, maybe_placeholders=placeholders, cache=False,
    )


def syntax_error(text: str, error: UnexpectedInput, kind: type[TextSyntaxError], hint: str | None = None) -> TextSyntaxError:
    """A lark failure as our own error of `kind`, with the column of the fault and an optional hint."""
    if isinstance(error, UnexpectedCharacters):
        return kind(text, error.column, "syntax.unexpected_char", {"char": text[error.pos_in_stream]}, hint)
    if isinstance(error, UnexpectedToken) and error.token.type != "$END":
        return kind(text, error.column, "syntax.unexpected_token", {"token": str(error.token)}, hint)
    return kind(text, len(text) + 1, "syntax.unexpected_end", {}, hint)
