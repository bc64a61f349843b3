"""What the commands share: exit statuses, reporting a document's problems, loading the policy."""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation
from typing import Any, TextIO

from ..errors import DocumentError
from ..messages import Lang, message

# Exit statuses (docs/review.md): 0 clean, 1 something found at --fail-on (or a text that does not
# parse), 2 unusable input or usage, 3 an internal error.
EXIT_OK, EXIT_FOUND, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
LANG_HELP = "说明文字的语言 / language of messages"
POLICY_HELP = "内置规则名或规则文件，默认 central-2020 / a bundled policy name or a file"


def missing_imports(files: list[Any], lang: Lang, err: TextIO) -> bool:
    """Say what to install when a file needs an importer whose library is missing; True if one is."""
    from ..io.importers import missing_packages

    missing = missing_packages(files)
    for package, suffix in missing:
        err.write("selfeval: " + message("import.missing_package", lang, package=package, suffix=suffix) + "\n")
    return bool(missing)


def add_lang(parser: argparse.ArgumentParser) -> None:
    """The --lang option every command takes."""
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help=LANG_HELP)


def report_problems(error: DocumentError, err: TextIO) -> None:
    """Every problem of an unusable document, one line each: file:line:column: path: message."""
    for problem in error.problems:
        err.write(problem.located(error.source) + "\n")


def load_policy_or_report(args: argparse.Namespace, err: TextIO) -> Any:
    """The policy `args.policy` names, or None after reporting why it cannot be used."""
    from ..io import load_policy

    try:
        return load_policy(args.policy, lang=args.lang)
    except DocumentError as error:
        report_problems(error, err)
        return None


def decimal(text: str) -> Decimal:
    """An argparse type: a number read exactly."""
    try:
        return Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None


def has(module: str) -> bool:
    """Whether an optional module is installed (without importing it)."""
    import importlib.util

    return importlib.util.find_spec(module) is not None
