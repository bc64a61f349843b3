"""`selfeval score`: forms scored under a policy, as a table or JSON."""

from __future__ import annotations

import argparse
from typing import TextIO

from ..errors import DocumentError
from ..messages import message
from ._common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    POLICY_HELP,
    add_lang,
    load_policy_or_report,
    missing_imports,
    report_problems,
)


def _cmd_score(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..findings import review
    from ..io import form_files, read_forms
    from ..reports import score_table, scorecard_document, to_json
    from ..scoring import score

    files = form_files(args.forms)
    if missing_imports(files, args.lang, err):
        return EXIT_BAD_INPUT
    policy = load_policy_or_report(args, err)
    if policy is None:
        return EXIT_BAD_INPUT
    documents, bad = [], 0
    for path in files:
        try:
            forms = read_forms(path, lang=args.lang)
        except DocumentError as error:
            report_problems(error, err)
            bad += 1
            continue
        for read in forms:
            card = score(read.form, policy)
            if args.format == "json":
                documents.append(scorecard_document(card, review(card), args.lang))
            else:
                if documents:
                    out.write("\n")
                out.write(score_table(card, lang=args.lang, explain=args.explain) + "\n")
                for note in read.notes:
                    out.write("      ! " + message("cli.import_note", args.lang, path=note.path, note=note.describe(args.lang)) + "\n")
                documents.append(None)
    if args.format == "json" and documents:
        out.write(to_json(documents[0] if len(documents) == 1 and not bad else documents) + "\n")
    if bad:
        err.write(message("cli.bad_file", args.lang, count=bad) + "\n")
        return EXIT_BAD_INPUT
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    score = commands.add_parser("score", help="按计分规则为自评表计分 / score forms under a policy")
    score.add_argument("forms", nargs="+", metavar="FORM",
                       help="自评表文件或文件夹（YAML、JSON、xlsx、docx、pdf、html、txt）/ form files or folders (YAML, JSON, xlsx, docx, pdf, html, txt)")
    score.add_argument("--policy", default=None, help=POLICY_HELP)
    score.add_argument("--format", choices=("table", "json"), default="table")
    add_lang(score)
    score.add_argument("--explain", action="store_true", help="逐行列出计分依据 / explain every row")
    score.set_defaults(run=_cmd_score)
