"""The `selfeval` command: the only place that prints, reads argv, or chooses an exit status.

Each command lives in its own module (`_parse`, `_score`, `_check`, `_policy`, …) with a
`register(commands)` that adds its parser; this module builds the parser and runs a command.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from .. import __version__
from ..errors import SelfEvalError
from . import _check, _parse, _policy, _score
from ._common import EXIT_BAD_INPUT, EXIT_FOUND, EXIT_INTERNAL, EXIT_OK

__all__ = ["EXIT_BAD_INPUT", "EXIT_FOUND", "EXIT_INTERNAL", "EXIT_OK", "main"]

COMMANDS = (_parse, _score, _check, _policy)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="selfeval",
        description="项目支出绩效自评表的计分与复核 / score and review project expenditure self-evaluation forms",
    )
    parser.add_argument("--version", action="version", version=f"selfeval-rules {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(commands)
    completion = commands.add_parser("completion", help="打印 shell 补全脚本 / print a shell completion script")
    completion.add_argument("shell", choices=("bash", "zsh"), help="bash：source <(selfeval completion bash)；zsh：存为 $fpath 中的 _selfeval")
    completion.set_defaults(run=_cmd_completion)
    return parser


def _cmd_completion(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..io import bundled_policies
    from ._completion import SHELLS

    out.write(SHELLS[args.shell](_parser(), bundled_policies()))
    return EXIT_OK


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run `selfeval` with `argv` and return its exit status.

    Exit status: 0 done, 1 something was found (an input that does not parse, a finding), 2 bad
    input file or usage.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:  # argparse reports usage errors itself
        return int(exit_.code or 0)
    run: Callable[[argparse.Namespace, TextIO, TextIO], int] = args.run
    try:
        return run(args, out, err)
    except SelfEvalError as error:
        err.write(f"selfeval: {error}\n")
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK
