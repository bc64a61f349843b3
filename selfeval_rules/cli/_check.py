"""`selfeval check`: forms, folders and flat exports scored and reviewed, reported in any registered format.

The run streams: each form is read, scored, reviewed and reduced to its report record where it is
checked (here, in `--jobs` worker processes, or on a Dask cluster with `--scheduler`), and the
report is written in input order as records come back. What a run needs (an output it may write,
the modules its format, input and scheduler need) is settled before the first form is read.
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from ..messages import Lang, message
from ._common import (
    EXIT_BAD_INPUT,
    EXIT_FOUND,
    EXIT_INTERNAL,
    EXIT_OK,
    POLICY_HELP,
    add_lang,
    has,
    load_policy_or_report,
    report_problems,
)

# Without --jobs, worker processes are started only for this many forms or more: below it, starting
# them costs more than they save.
PROCESSES_FROM = 64
# Forms per chunk sent to a worker: enough to keep it busy, few enough to keep the output flowing.
CHUNK = 16


class _TextSink:
    """Report bytes written to a text stream (standard output)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, data: bytes) -> None:
        self.stream.write(data.decode("utf-8"))


def _say(err: TextIO, text: str) -> None:
    err.write("selfeval: " + text + "\n")


def _missing(args: argparse.Namespace, report: Any) -> list[tuple[str, str, str]]:
    """(what, package, extra) for each module the run needs and cannot import."""
    lang = args.lang
    needs: list[tuple[str, str, str]] = []
    for module, extra in report.requires:
        needs.append((message("check.what.format", lang, name=args.format), module, extra))
    if args.scheduler:
        needs.append((message("check.what.scheduler", lang), "distributed", "dask"))
    if args.flat:
        from ..io._flat import REQUIRES

        for suffix in sorted({Path(f).suffix.lower() for f in args.forms} & set(REQUIRES)):
            module, extra = REQUIRES[suffix]
            needs.append((message("check.what.flat", lang, suffix=suffix), module, extra))
    return [need for need in needs if not has(need[1])]


def _items(args: argparse.Namespace, err: TextIO) -> tuple[Iterable[Any], int | None]:
    """What the run checks, and how many there are when that is known before reading them."""
    if args.flat:
        from ..io import flat_forms

        return flat_forms(args.forms, lang=args.lang, note=lambda text: err.write(text + "\n")), None
    from ..io import form_files

    files = form_files(args.forms)
    return files, len(files)


def _executor(args: argparse.Namespace, items: Iterable[Any], count: int | None, err: TextIO) -> tuple[Any, Iterable[Any]]:
    """Where the forms are checked: here, in worker processes, or on a Dask cluster."""
    from ..batch import InProcess, Processes, default_jobs

    if args.scheduler:
        from ..batch._dask import connect

        return connect(args.scheduler), items
    jobs = args.jobs
    if jobs is None:
        jobs = default_jobs()
        if count is None:  # a stream of forms: look at its start to see whether it is worth the processes
            head = list(itertools.islice(items, PROCESSES_FROM))
            items = itertools.chain(head, items)
            count = len(head)
        if count < PROCESSES_FROM:
            jobs = 1
    if count is not None:
        jobs = min(jobs, max(1, -(-count // CHUNK)))
    return (InProcess() if jobs <= 1 else Processes(jobs)), items


def _cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..batch import BadFile, Tally, Task, run
    from ..batch._dask import CannotConnect
    from ..io import AtomicFile, AtomicFolder, OutputExistsError
    from ..reports import (
        FORMATS,
        Context,
        Options,
        no_color,
        summary_lines,
        terminal_format,
    )

    lang: Lang = args.lang
    report = FORMATS[args.format]
    fancy = args.format == "table" and not args.output and out.isatty() and not no_color() and has("rich")
    if fancy:
        report = terminal_format()
    if (report.file_only or report.folder) and not args.output:
        _say(err, message("check.output_folder" if report.folder else "cli.output_required", lang, format=args.format))
        return EXIT_BAD_INPUT
    if args.jobs is not None and args.jobs < 1:
        _say(err, message("check.bad_jobs", lang, value=args.jobs))
        return EXIT_BAD_INPUT
    if args.jobs is not None and args.scheduler:
        _say(err, message("check.jobs_and_scheduler", lang))
        return EXIT_BAD_INPUT
    if args.scheduler and not _scheduler_ok(args.scheduler):
        _say(err, message("check.bad_scheduler", lang, value=args.scheduler))
        return EXIT_BAD_INPUT
    missing = _missing(args, report)
    if missing:
        for what, package, extra in missing:
            _say(err, message("check.missing_dependency", lang, what=what, package=package, extra=extra))
        return EXIT_BAD_INPUT
    policy = load_policy_or_report(args, err)
    if policy is None:
        return EXIT_BAD_INPUT

    try:
        sink: Any = (AtomicFolder if report.folder else AtomicFile)(args.output, force=args.force) if args.output else None
    except OutputExistsError as exists:
        _say(err, message("check.output_is_link" if exists.link else "cli.output_exists", lang, path=args.output))
        return EXIT_BAD_INPUT
    except OSError as error:
        _say(err, message("cli.cannot_write", lang, path=args.output, reason=error.strerror or error))
        return EXIT_BAD_INPUT

    executor = None
    progress = None
    writer = None
    try:
        items, count = _items(args, err)
        executor, items = _executor(args, items, count, err)
        options = Options(lang, args.explain)
        if fancy:
            from ..reports._terminal import terminal_width

            options = Options(lang, args.explain, terminal_width(out))
        context = Context(policy, options)
        writer = report.writer(out if fancy else (sink if sink is not None else _TextSink(out)), context)
        # A bar on the terminal, unless the report itself is streaming onto that terminal.
        if err.isatty() and (args.output or not out.isatty()) and (count is None or count >= _PROGRESS_FROM):
            progress = _progress_bar(err, count)
        tally = Tally()
        task = Task.make(policy, report.recorder(options), lang=lang)
        for done, outcome in enumerate(run(items, task, executor, chunk_size=CHUNK), 1):
            if isinstance(outcome, BadFile):
                tally.add_bad(internal=outcome.internal)
                _report_bad(outcome, progress, err)
                writer.bad(outcome)
                source = outcome.source
            else:
                tally.add(outcome.facts)
                writer.form(outcome.facts, outcome.record)
                source = outcome.facts.source
            if progress is not None:
                progress(done, count or 0, source)
        if progress is not None:
            progress.close()
            progress = None
        writer.close(tally)
        if sink is not None:
            sink.commit()
    except CannotConnect as error:
        _abandon(progress, sink, writer)
        _say(err, message("check.cannot_connect", lang, address=args.scheduler, reason=error.reason))
        return EXIT_BAD_INPUT
    except OSError as error:
        _abandon(progress, sink, writer)
        if sink is None or isinstance(error, BrokenPipeError):
            raise
        _say(err, message("cli.cannot_write", lang, path=args.output, reason=error.strerror or error))
        return EXIT_BAD_INPUT
    except BaseException:
        _abandon(progress, sink, writer)
        raise
    finally:
        if executor is not None:
            executor.close()

    if args.output:
        err.write(message("cli.wrote", lang, path=args.output) + "\n")
    if args.format != "table" or args.output:
        err.write(summary_lines(tally.summary(), lang) + "\n")
    if tally.internal:
        _say(err, message("check.internal_forms", lang, count=tally.internal))
        return EXIT_INTERNAL
    if tally.bad:
        return EXIT_BAD_INPUT
    if args.fail_on != "never" and tally.findings_at_or_above(args.fail_on):
        return EXIT_FOUND
    return EXIT_OK


def _abandon(progress: Any, sink: Any, writer: Any) -> None:
    """A run that stops early: the progress bar erased, the writer's temporary files and the temporary output removed."""
    if progress is not None:
        progress.close()
    if writer is not None:
        writer.discard()
    if sink is not None:
        sink.abort()


def _report_bad(bad: Any, progress: Any, err: TextIO) -> None:
    """An unusable input's problems, one line each (above the progress bar when one is drawn)."""
    if progress is None:
        report_problems(bad.error, err)
    else:
        for problem in bad.error.problems:
            progress.log(problem.located(bad.error.source))


def _scheduler_ok(value: str) -> bool:
    from ..batch._dask import parse_scheduler

    try:
        parse_scheduler(value)
    except ValueError:
        return False
    return True


_PROGRESS_FROM = 20


class _TextProgress:
    """A one-line progress bar on a terminal (rich's when installed)."""

    def __init__(self, stream: TextIO, total: int | None) -> None:
        self.stream, self.total = stream, total

    def __call__(self, done: int, total: int, source: str) -> None:
        width = 30
        if not total:
            self.stream.write(f"\r{done}")
        else:
            filled = width * done // max(total, 1)
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        self.stream.flush()

    def log(self, line: str) -> None:
        self.stream.write("\r\x1b[2K" + line + "\n")

    def close(self) -> None:
        self.stream.write("\n")


def _progress_bar(stream: TextIO, total: int | None) -> Any:
    if has("rich"):
        from ..reports._terminal import RichProgress

        return RichProgress(stream, total)
    return _TextProgress(stream, total)


def _formats() -> list[str]:
    from ..reports import FORMATS

    return list(FORMATS)


def _jobs(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def register(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser("check", help="计分并复核，列出发现的问题 / score and review forms, listing findings")
    check.add_argument("forms", nargs="+", metavar="FORM_OR_DIR",
                       help="自评表文件或文件夹；--flat 时为导出文件 / form files or folders of them; with --flat, export files")
    check.add_argument("--policy", default=None, help=POLICY_HELP)
    check.add_argument("--fail-on", choices=("error", "warning", "never"), default="error",
                       help="发现此级别及以上问题时退出码为 1 / exit 1 when a finding at or above this severity is found")
    check.add_argument("--format", choices=tuple(_formats()), default="table")
    check.add_argument("--output", "-o", help="报告写入此文件或文件夹（原子写入）/ write the report to this file or folder (atomically)")
    check.add_argument("--force", action="store_true", help="覆盖已有文件 / overwrite an existing output file")
    add_lang(check)
    check.add_argument("--explain", action="store_true", help="逐行列出计分依据 / explain every row")
    check.add_argument("--flat", action="store_true",
                       help="输入为每个指标一行的导出文件（.csv/.parquet/.jsonl）/ the inputs are flat exports, one row per indicator")
    check.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                       help="用 N 个进程复核（默认为机器的核数；1 在本进程内）/ check in N processes (default: the machine's cores; 1: in-process)")
    check.add_argument("--scheduler", default=None, metavar="local:N|tcp://HOST:PORT",
                       help="在 Dask 集群上复核 / check on a Dask cluster: local:N starts N worker processes")
    check.set_defaults(run=_cmd_check)

