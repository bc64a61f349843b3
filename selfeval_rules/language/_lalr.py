"""What the grammars share: reading a shipped grammar, building an LALR parser, and turning lark's
failures into our own syntax errors (lark's exceptions never leave this package)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

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


def cache_file(grammar: str) -> str | bool:
    """Where the analysed parser of a grammar is kept between runs, or False for no cache.

    Building the LALR tables takes about a second (more with interegular installed, which checks the
    terminals), once per process: lark keeps the analysis in a file it checks against the grammar's
    hash and lark's version. The file lives in the user's own cache folder (`SELFEVAL_CACHE_DIR`, else
    `$XDG_CACHE_HOME/selfeval-rules`, else `~/.cache/selfeval-rules`); it is read only when the user
    owns it and no one else may write it, since lark reads it back with pickle. `SELFEVAL_NO_CACHE=1`
    turns the cache off.
    """
    if os.environ.get("SELFEVAL_NO_CACHE"):
        return False
    base = os.environ.get("SELFEVAL_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "selfeval-rules")
    folder = Path(base)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        mode = folder.stat()
        if mode.st_uid != os.getuid() or mode.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return False
        path = folder / f"{grammar}.lark-cache"
        if path.exists():
            info = path.lstat()
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                return False
        return str(path)
    except OSError:
        return False


def lalr(grammar: str, start: list[str], transformer: Transformer, *, placeholders: bool) -> Lark:
    """An LALR parser with the transformer applied while parsing (no tree is kept)."""
    options = dict(parser="lalr", lexer="contextual", start=start, transformer=transformer, maybe_placeholders=placeholders)
    cache = cache_file(grammar)
    try:
        return Lark(grammar_text(grammar), cache=cache, **options)
    except (OSError, EOFError, ValueError, AttributeError, ImportError):  # an unreadable or stale cache: build afresh
        return Lark(grammar_text(grammar), cache=False, **options)


def syntax_error(text: str, error: UnexpectedInput, kind: type[TextSyntaxError], hint: str | None = None) -> TextSyntaxError:
    """A lark failure as our own error of `kind`, with the column of the fault and an optional hint."""
    if isinstance(error, UnexpectedCharacters):
        return kind(text, error.column, "syntax.unexpected_char", {"char": text[error.pos_in_stream]}, hint)
    if isinstance(error, UnexpectedToken) and error.token.type != "$END":
        return kind(text, error.column, "syntax.unexpected_token", {"token": str(error.token)}, hint)
    return kind(text, len(text) + 1, "syntax.unexpected_end", {}, hint)
