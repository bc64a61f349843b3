"""`selfeval policy list|show|validate|test|explain`: policies for their authors."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..errors import DocumentError
from ..messages import message
from ._common import (
    EXIT_BAD_INPUT,
    EXIT_FOUND,
    EXIT_OK,
    add_lang,
    decimal,
    has,
    load_policy_or_report,
    report_problems,
)


def _cmd_policy_list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..io import bundled_policies, load_policy

    for name in bundled_policies():
        policy = load_policy(name, lang=args.lang)
        years = f"{policy.effective_from}–{policy.effective_to or ''}"
        out.write(message("policy.list_line", args.lang, name=name, title=policy.describe(args.lang), version=policy.version, years=years) + "\n")
    return EXIT_OK


def _cmd_policy_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..io import dump_yaml

    policy = load_policy_or_report(args, err)
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
            report_problems(error, err)
            failures += 1
            continue
        results = run_examples(policy, args.lang)
        for result in results:
            if not result.passed or args.verbose:
                out.write(result.describe(args.lang) + "\n")
        failures += sum(1 for r in results if not r.passed)
        if args.no_properties:
            props = message("policy.props_not_run", args.lang)
        elif not has("hypothesis"):
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

    policy = load_policy_or_report(args, err)
    if policy is None:
        return EXIT_BAD_INPUT
    try:
        row = {"name": args.name, "level1": args.level1, "level2": args.level2, "target": args.target, "actual": args.actual,
               "weight": args.weight, "deviation": args.deviation, "reported_score": args.reported}
        indicator = load_form({"project": "explain", "year": args.year, "indicators": [row]}).indicators[0]
    except DocumentError as error:
        report_problems(error, err)
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


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("policy", help="查看、校验、测试计分规则 / list, show, validate, test and explain policies")
    actions = group.add_subparsers(dest="action", required=True, metavar="ACTION")
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
    explain.add_argument("--weight", type=decimal, required=True, help="分值")
    explain.add_argument("--level1")
    explain.add_argument("--level2")
    explain.add_argument("--name", default="指标")
    explain.add_argument("--deviation")
    explain.add_argument("--reported", type=decimal, help="自评分")
    explain.add_argument("--year", type=int)
    explain.set_defaults(run=_cmd_policy_explain)
    for sub in (listing, show, validate, test, explain):
        add_lang(sub)
