"""`selfeval parse`: targets and actual values as the grammar reads them."""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from ..errors import TargetSyntaxError
from ..messages import Lang
from ._common import EXIT_FOUND, EXIT_OK, add_lang


def _parse_record(text: str, *, actual: bool, year: int | None, lang: Lang = "zh") -> dict[str, object]:
    """The JSON object `selfeval parse --format json` prints for one input."""
    from ..language import parse_actual, parse_target

    parse = parse_actual if actual else parse_target
    try:
        value = parse(text, year=year)
    except TargetSyntaxError as error:
        return {"input": text, "error": {"message": error.describe(lang), "column": error.column}}
    return {"input": text, "kind": value.kind, **value.as_dict(), "canonical": str(value)}


def _describe_record(record: dict[str, object]) -> str:
    if "error" in record:
        return f"✗ {record['error']['message']}"  # type: ignore[index]
    details = ", ".join(f"{k}={v}" for k, v in record.items() if k not in ("input", "kind", "canonical") and v is not None)
    return f"{record['input']}  →  {record['kind']}  {record['canonical']}  ({details})"


def _cmd_parse(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    records = [_parse_record(text, actual=args.actual, year=args.year, lang=args.lang) for text in args.texts]
    if args.format == "json":
        json.dump(records, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for record in records:
            out.write(_describe_record(record) + "\n")
    return EXIT_FOUND if any("error" in r for r in records) else EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    parse = commands.add_parser("parse", help="解析年度指标值或实际完成值 / parse targets or actual values")
    parse.add_argument("texts", nargs="+", metavar="TEXT", help="如 ≥90%% =24期 定性2023年3月底前")
    parse.add_argument("--actual", action="store_true", help="按实际完成值解析 / parse as actual values")
    parse.add_argument("--year", type=int, help="表的年度，用于“12月底前”等未写年份的日期 / the form's year")
    parse.add_argument("--format", choices=("text", "json"), default="text")
    add_lang(parse)
    parse.set_defaults(run=_cmd_parse)
