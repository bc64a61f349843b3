"""The `selfeval` command: the only place that prints, reads argv, or chooses an exit status.

Each command lives in its own module (`_parse`, `_score`, `_check`, `_policy`, …) with a
`register(commands)` that adds its parser; this module builds the parser and runs a command.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import TextIO

from .. import __version__
from ..errors import SelfEvalError
from ..messages import Lang, message
from . import _check, _import, _parse, _policy, _score
from ._common import EXIT_BAD_INPUT, EXIT_FOUND, EXIT_INTERNAL, EXIT_OK

__all__ = ["EXIT_BAD_INPUT", "EXIT_FOUND", "EXIT_INTERNAL", "EXIT_OK", "main"]

COMMANDS = (_parse, _score, _check, _import, _policy)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="selfeval",
        description="项目支出绩效自评表的计分与复核 / score and review project expenditure self-evaluation forms",
    )
    parser.add_argument("--version", action="version", version=f"selfeval-rules {__version__}")
    parser.add_argument("--debug", action="store_true", help="内部错误时打印调用栈 / print the traceback of an internal error")
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

    Exit status: 0 clean; 1 something was found (a finding at `--fail-on`, a text that does not
    parse, a policy that fails its tests); 2 unusable input or usage; 3 an internal error (a bug:
    one line, and the traceback with `--debug`).
    """
    out = out or sys.stdout
    err = err or sys.stderr
    arguments = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in arguments
    if debug:
        arguments.remove("--debug")
    try:
        args = _parser().parse_args(arguments)
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
    except KeyboardInterrupt:
        err.write("selfeval: " + message("cli.interrupted", _lang(arguments)) + "\n")
        return 130
    except Exception as error:  # a bug: say so in one line, never a traceback unless asked
        if debug:
            traceback.print_exc(file=err)
        err.write("selfeval: " + message("cli.internal_error", _lang(arguments), kind=type(error).__name__, error=error) + "\n")
        return EXIT_INTERNAL


def _lang(arguments: Sequence[str]) -> Lang:
    """The --lang the arguments ask for (for messages written before or after a command runs)."""
    for i, argument in enumerate(arguments):
        if argument == "--lang" and i + 1 < len(arguments):
            return "en" if arguments[i + 1] == "en" else "zh"
        if argument.startswith("--lang="):
            return "en" if argument.endswith("=en") else "zh"
    return "zh"
