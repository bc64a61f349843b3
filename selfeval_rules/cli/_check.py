"""`selfeval check`: forms and folders scored and reviewed, reported in any registered format."""

from __future__ import annotations

import argparse
import os
from typing import Any, TextIO

from ..messages import message
from ._common import (
    EXIT_BAD_INPUT,
    EXIT_FOUND,
    EXIT_OK,
    POLICY_HELP,
    add_lang,
    has,
    load_policy_or_report,
    report_problems,
)


def _cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..batch import check_files
    from ..io import OutputExistsError, form_files, write_atomically
    from ..reports import FORMATS, no_color, summary_text

    policy = load_policy_or_report(args, err)
    if policy is None:
        return EXIT_BAD_INPUT
    report = FORMATS[args.format]
    if report.file_only and not args.output:
        err.write("selfeval: " + message("cli.output_required", args.lang, format=args.format) + "\n")
        return EXIT_BAD_INPUT
    if args.output and os.path.exists(args.output) and not args.force:
        err.write("selfeval: " + message("cli.output_exists", args.lang, path=args.output) + "\n")
        return EXIT_BAD_INPUT

    progress = None
    files = form_files(args.forms)
    if len(files) >= _PROGRESS_FROM and err.isatty():
        progress = _progress_bar(err, len(files))
    try:
        batch = check_files(files, policy, lang=args.lang, progress=progress)
    finally:
        if progress is not None:
            progress.close()  # type: ignore[attr-defined]
    for bad in batch.bad:
        report_problems(bad.error, err)

    fancy = args.format == "table" and not args.output and out.isatty() and not no_color()
    try:
        if fancy and has("rich"):
            from ..reports._terminal import render_terminal

            render_terminal(batch, args.lang, out, explain=args.explain)
        else:
            data = report.render(batch, args.lang, args.explain)
            if args.output:
                write_atomically(args.output, data, force=args.force)
                err.write(message("cli.wrote", args.lang, path=args.output) + "\n")
            else:
                out.write(data.decode("utf-8"))
    except ModuleNotFoundError as missing:
        err.write("selfeval: " + message("cli.missing_dependency", args.lang, format=args.format, package=missing.name) + "\n")
        return EXIT_BAD_INPUT
    except OutputExistsError:
        err.write("selfeval: " + message("cli.output_exists", args.lang, path=args.output) + "\n")
        return EXIT_BAD_INPUT
    except OSError as error:
        err.write("selfeval: " + message("cli.cannot_write", args.lang, path=args.output, reason=error.strerror or error) + "\n")
        return EXIT_BAD_INPUT
    if args.format != "table" or args.output:
        err.write(summary_text(batch, args.lang) + "\n")
    if batch.bad:
        return EXIT_BAD_INPUT
    if args.fail_on != "never" and batch.findings_at_or_above(args.fail_on):
        return EXIT_FOUND
    return EXIT_OK


_PROGRESS_FROM = 20


class _TextProgress:
    """A one-line progress bar on a terminal (rich's when installed)."""

    def __init__(self, stream: TextIO, total: int) -> None:
        self.stream, self.total = stream, total

    def __call__(self, done: int, total: int, source: str) -> None:
        width = 30
        filled = width * done // max(total, 1)
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")


def _progress_bar(stream: TextIO, total: int) -> Any:
    if has("rich"):
        from ..reports._terminal import RichProgress

        return RichProgress(stream, total)
    return _TextProgress(stream, total)


def _formats() -> list[str]:
    from ..reports import FORMATS

    return list(FORMATS)


def register(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser("check", help="计分并复核，列出发现的问题 / score and review forms, listing findings")
    check.add_argument("forms", nargs="+", metavar="FORM_OR_DIR", help="自评表文件或文件夹 / form files or folders of them")
    check.add_argument("--policy", default=None, help=POLICY_HELP)
    check.add_argument("--fail-on", choices=("error", "warning", "never"), default="error",
                       help="发现此级别及以上问题时退出码为 1 / exit 1 when a finding at or above this severity is found")
    check.add_argument("--format", choices=tuple(_formats()), default="table")
    check.add_argument("--output", "-o", help="报告写入此文件（原子写入）/ write the report to this file (atomically)")
    check.add_argument("--force", action="store_true", help="覆盖已有文件 / overwrite an existing output file")
    add_lang(check)
    check.add_argument("--explain", action="store_true", help="逐行列出计分依据 / explain every row")
    check.set_defaults(run=_cmd_check)
