"""The `selfeval` command: the only place that prints, reads argv, or chooses an exit status."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, TextIO

from .. import __version__
from ..errors import DocumentError, SelfEvalError, TargetSyntaxError
from ..messages import message

EXIT_OK, EXIT_FOUND, EXIT_BAD_INPUT = 0, 1, 2


def _parse_record(text: str, *, actual: bool, year: int | None) -> dict[str, object]:
    """The JSON object `selfeval parse --format json` prints for one input."""
    from ..language import parse_actual, parse_target

    parse = parse_actual if actual else parse_target
    try:
        value = parse(text, year=year)
    except TargetSyntaxError as error:
        return {"input": text, "error": {"message": error.describe(), "column": error.column}}
    return {"input": text, "kind": value.kind, **value.as_dict(), "canonical": str(value)}


def _describe_record(record: dict[str, object]) -> str:
    if "error" in record:
        return f"✗ {record['error']['message']}"  # type: ignore[index]
    details = ", ".join(f"{k}={v}" for k, v in record.items() if k not in ("input", "kind", "canonical") and v is not None)
    return f"{record['input']}  →  {record['kind']}  {record['canonical']}  ({details})"


def _cmd_parse(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    records = [_parse_record(text, actual=args.actual, year=args.year) for text in args.texts]
    if args.format == "json":
        json.dump(records, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for record in records:
            out.write(_describe_record(record) + "\n")
    return EXIT_FOUND if any("error" in r for r in records) else EXIT_OK


def _report_problems(error: DocumentError, err: TextIO) -> None:
    for problem in error.problems:
        err.write(problem.located(error.source) + "\n")


def _policy(args: argparse.Namespace, err: TextIO) -> Any:
    """The policy `args.policy` names, or None after reporting why it cannot be used."""
    from ..io import load_policy

    try:
        return load_policy(args.policy, lang=args.lang)
    except DocumentError as error:
        _report_problems(error, err)
        return None


def _cmd_score(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..io import load_form
    from ..reports import score_table, scorecard_document, to_json
    from ..findings import review
    from ..scoring import score

    policy = _policy(args, err)
    if policy is None:
        return EXIT_BAD_INPUT
    documents, bad = [], 0
    for path in args.forms:
        try:
            form = load_form(path, lang=args.lang)
        except DocumentError as error:
            _report_problems(error, err)
            bad += 1
            continue
        card = score(form, policy)
        if args.format == "json":
            documents.append(scorecard_document(card, review(card), args.lang))
        else:
            if documents:
                out.write("\n")
            out.write(score_table(card, lang=args.lang, explain=args.explain) + "\n")
            documents.append(None)
    if args.format == "json" and documents:
        out.write(to_json(documents[0] if len(args.forms) == 1 else documents) + "\n")
    if bad:
        err.write(message("cli.bad_file", args.lang, count=bad) + "\n")
        return EXIT_BAD_INPUT
    return EXIT_OK


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None


def _cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..batch import check_files
    from ..io import OutputExistsError, form_files, write_atomically
    from ..reports import FORMATS, no_color, summary_text

    policy = _policy(args, err)
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
        _report_problems(bad.error, err)

    fancy = args.format == "table" and not args.output and out.isatty() and not no_color()
    try:
        if fancy and _has("rich"):
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
    if _has("rich"):
        from ..reports._terminal import RichProgress

        return RichProgress(stream, total)
    return _TextProgress(stream, total)


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def _cmd_policy_list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..io import bundled_policies, load_policy

    for name in bundled_policies():
        policy = load_policy(name, lang=args.lang)
        years = f"{policy.effective_from}–{policy.effective_to or ''}"
        out.write(message("policy.list_line", args.lang, name=name, title=policy.describe(args.lang), version=policy.version, years=years) + "\n")
    return EXIT_OK


def _cmd_policy_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..io import dump_yaml

    policy = _policy(args, err)
    if policy is None:
        return EXIT_BAD_INPUT
    out.write(dump_yaml(dict(policy.document)))
    return EXIT_OK


def _cmd_policy_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..io import load_policy

    failed = 0
    for source in args.policies:
        try:
            policy = load_policy(source, lang=args.lang)
        except DocumentError as error:
            failed += 1
            out.write(message("policy.invalid", args.lang, source=source, count=len(error.problems)) + "\n")
            for problem in error.problems:
                out.write("  " + problem.located(error.source) + "\n")
            continue
        out.write(message("policy.valid", args.lang, source=source, rules=len(policy.rules), examples=len(policy.examples)) + "\n")
    return EXIT_FOUND if failed else EXIT_OK


def _cmd_policy_test(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..io import load_policy
    from ..testing.examples import run_examples

    failures = 0
    for source in args.policies:
        try:
            policy = load_policy(source, lang=args.lang)
        except DocumentError as error:
            _report_problems(error, err)
            failures += 1
            continue
        results = run_examples(policy, args.lang)
        for result in results:
            if not result.passed or args.verbose:
                out.write(result.describe(args.lang) + "\n")
        failures += sum(1 for r in results if not r.passed)
        if args.no_properties:
            props = message("policy.props_not_run", args.lang)
        elif not _has("hypothesis"):
            props = message("policy.props_skipped", args.lang)
        else:
            from ..testing import PolicyPropertyError, check_policy_properties, readable

            try:
                check_policy_properties(policy, max_examples=args.max_examples)
            except PolicyPropertyError as error:
                failures += 1
                props = message("policy.props_failed", args.lang)
                out.write(message("policy.property_failed", args.lang, policy=policy.name, prop=error.prop,
                                  detail=error.detail, example=readable(error.example)) + "\n")
            else:
                props = message("policy.props_passed", args.lang)
        passed = sum(1 for r in results if r.passed)
        out.write(f"{policy.name}: " + message("policy.test_summary", args.lang, passed=passed, total=len(results), props=props) + "\n")
    return EXIT_FOUND if failures else EXIT_OK


def _condition(rule: Any, field: str, facts: Any, lang: str) -> str:
    """`op（需要 le、lt，实际 ge）`: a failed condition, what it wants and what the row has."""
    wanted = getattr(rule.when, field)
    wanted_text = wanted.pattern if hasattr(wanted, "pattern") else "、".join(sorted(wanted)) if lang == "zh" else ", ".join(sorted(wanted))
    got = getattr(facts, field) if facts is not None else None
    return message("explain.condition", lang, field=field, wanted=wanted_text, got=got if got is not None else "—")


def _cmd_policy_explain(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..io import load_form
    from ..scoring import row_facts, rule_trace, score_row

    policy = _policy(args, err)
    if policy is None:
        return EXIT_BAD_INPUT
    try:
        row = {"name": args.name, "level1": args.level1, "level2": args.level2, "target": args.target, "actual": args.actual,
               "weight": args.weight, "deviation": args.deviation, "reported_score": args.reported}
        indicator = load_form({"project": "explain", "year": args.year, "indicators": [row]}).indicators[0]
    except DocumentError as error:
        _report_problems(error, err)
        return EXIT_BAD_INPUT
    facts = row_facts(indicator)
    if facts is not None:
        shown = {k: (v if v is not None else "—") for k, v in facts._asdict().items()}
        out.write(message("explain.facts", args.lang, **shown) + "\n")
    trace = rule_trace(indicator, policy)
    for rule, failed in trace:
        if failed:
            reasons = ", ".join(_condition(rule, field, facts, args.lang) for field in failed)
            out.write(message("explain.rule_skipped", args.lang, rule=rule.describe(args.lang), failed=reasons) + "\n")
        else:
            out.write(message("explain.rule_matched", args.lang, rule=rule.describe(args.lang)) + "\n")
    if facts is not None and (not trace or trace[-1][1]):
        out.write(message("explain.no_rule_matched", args.lang) + "\n")
    result = score_row(indicator, policy)
    out.write(message("explain.result", args.lang, explanation=result.explain(args.lang)) + "\n")
    return EXIT_OK


def _formats() -> list[str]:
    from ..reports import FORMATS

    return list(FORMATS)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="selfeval",
        description="项目支出绩效自评表的计分与复核 / score and review project expenditure self-evaluation forms",
    )
    parser.add_argument("--version", action="version", version=f"selfeval-rules {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    parse = commands.add_parser("parse", help="解析年度指标值或实际完成值 / parse targets or actual values")
    parse.add_argument("texts", nargs="+", metavar="TEXT", help="如 ≥90%% =24期 定性2023年3月底前")
    parse.add_argument("--actual", action="store_true", help="按实际完成值解析 / parse as actual values")
    parse.add_argument("--year", type=int, help="表的年度，用于“12月底前”等未写年份的日期 / the form's year")
    parse.add_argument("--format", choices=("text", "json"), default="text")
    parse.set_defaults(run=_cmd_parse)

    score = commands.add_parser("score", help="按计分规则为自评表计分 / score forms under a policy")
    score.add_argument("forms", nargs="+", metavar="FORM", help="自评表文件（YAML 或 JSON）/ form files")
    score.add_argument("--policy", default=None, help="内置规则名或规则文件，默认 central-2020 / a bundled policy name or a file")
    score.add_argument("--format", choices=("table", "json"), default="table")
    score.add_argument("--lang", choices=("zh", "en"), default="zh", help="说明文字的语言 / language of messages")
    score.add_argument("--explain", action="store_true", help="逐行列出计分依据 / explain every row")
    score.set_defaults(run=_cmd_score)

    check = commands.add_parser("check", help="计分并复核，列出发现的问题 / score and review forms, listing findings")
    check.add_argument("forms", nargs="+", metavar="FORM_OR_DIR", help="自评表文件或文件夹 / form files or folders of them")
    check.add_argument("--policy", default=None, help="内置规则名或规则文件，默认 central-2020 / a bundled policy name or a file")
    check.add_argument("--fail-on", choices=("error", "warning", "never"), default="error",
                       help="发现此级别及以上问题时退出码为 1 / exit 1 when a finding at or above this severity is found")
    check.add_argument("--format", choices=tuple(_formats()), default="table")
    check.add_argument("--output", "-o", help="报告写入此文件（原子写入）/ write the report to this file (atomically)")
    check.add_argument("--force", action="store_true", help="覆盖已有文件 / overwrite an existing output file")
    check.add_argument("--lang", choices=("zh", "en"), default="zh", help="说明文字的语言 / language of messages")
    check.add_argument("--explain", action="store_true", help="逐行列出计分依据 / explain every row")
    check.set_defaults(run=_cmd_check)

    policy = commands.add_parser("policy", help="查看、校验、测试计分规则 / list, show, validate, test and explain policies")
    actions = policy.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="内置规则 / the bundled policies")
    listing.set_defaults(run=_cmd_policy_list)
    show = actions.add_parser("show", help="展开继承后的规则（YAML）/ the policy with extends resolved, as YAML")
    show.add_argument("policy", metavar="NAME|PATH")
    show.set_defaults(run=_cmd_policy_show)
    validate = actions.add_parser("validate", help="校验规则文件 / check policies, listing every problem")
    validate.add_argument("policies", nargs="+", metavar="NAME|PATH")
    validate.set_defaults(run=_cmd_policy_validate)
    test = actions.add_parser("test", help="运行内嵌示例与标准性质 / run embedded examples and the standard properties")
    test.add_argument("policies", nargs="+", metavar="NAME|PATH")
    test.add_argument("--max-examples", type=int, default=100, help="每个性质尝试的例子数 / examples per property")
    test.add_argument("--no-properties", action="store_true", help="只运行内嵌示例 / run the embedded examples only")
    test.add_argument("--verbose", "-v", action="store_true", help="也列出通过的示例 / list passing examples too")
    test.set_defaults(run=_cmd_policy_test)
    explain = actions.add_parser("explain", help="说明一行指标适用哪条规则、如何计分 / which rule scores a row, and how")
    explain.add_argument("policy", metavar="NAME|PATH")
    explain.add_argument("--target", required=True, help="年度指标值，如 ≥90%%")
    explain.add_argument("--actual", required=True, help="实际完成值，如 85%%")
    explain.add_argument("--weight", type=_decimal, required=True, help="分值")
    explain.add_argument("--level1")
    explain.add_argument("--level2")
    explain.add_argument("--name", default="指标")
    explain.add_argument("--deviation")
    explain.add_argument("--reported", type=_decimal, help="自评分")
    explain.add_argument("--year", type=int)
    explain.set_defaults(run=_cmd_policy_explain)
    for sub in (listing, show, validate, test, explain):
        sub.add_argument("--lang", choices=("zh", "en"), default="zh", help="说明文字的语言 / language of messages")

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
