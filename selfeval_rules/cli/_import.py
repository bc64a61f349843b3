"""`selfeval import` (the files people have, as canonical form YAML or JSON) and `selfeval new` (a
blank official template to fill in)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any, TextIO

from ..errors import DocumentError
from ..messages import message
from ._common import EXIT_BAD_INPUT, EXIT_OK, add_lang, missing_imports, report_problems

_UNSAFE = re.compile(r"[\\/:*?\"<>|\s#]+")


def output_name(source: str) -> str:
    """The YAML file name for a form found at `source` ("a.xlsx#表1" → "a-表1.yaml").

    >>> output_name("报送/a.xlsx#表1"), output_name("b.pdf#2"), output_name("c.docx")
    ('a-表1.yaml', 'b-2.yaml', 'c.yaml')
    """
    file, _, where = source.partition("#")
    stem = Path(file).stem
    name = stem + ("-" + where if where else "")
    return _UNSAFE.sub("-", name).strip("-.") + ".yaml"


def _cmd_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..io import OutputExistsError, write_atomically
    from ..io._read import form_yaml, imported_forms
    from ..reports import to_json

    if missing_imports(args.files, args.lang, err):
        return EXIT_BAD_INPUT
    folder = Path(args.output) if args.output else None
    if folder is not None and folder.exists() and not folder.is_dir():
        err.write("selfeval: " + message("cli.not_a_folder", args.lang, path=folder) + "\n")
        return EXIT_BAD_INPUT
    documents: list[dict[str, Any]] = []
    texts: list[str] = []
    bad = 0
    taken: set[str] = set()
    for path in args.files:
        try:
            found = imported_forms(path, lang=args.lang)
        except DocumentError as error:
            report_problems(error, err)
            bad += 1
            continue
        for imported in found:
            if args.format == "json":
                documents.append({"source": imported.source, "form": dict(imported.data),
                                  "notes": [n.as_dict(args.lang) for n in imported.notes]})
                continue
            text = form_yaml(imported, args.lang)
            if folder is None:
                texts.append(text)
                continue
            name = output_name(imported.source)
            while name in taken:  # two forms that would share a name: number the later ones
                name = name.removesuffix(".yaml") + "-2.yaml"
            taken.add(name)
            folder.mkdir(parents=True, exist_ok=True)
            try:
                write_atomically(folder / name, text.encode("utf-8"), force=args.force)
            except OutputExistsError:
                err.write("selfeval: " + message("cli.output_exists", args.lang, path=folder / name) + "\n")
                bad += 1
                continue
            err.write(message("cli.wrote", args.lang, path=folder / name) + "\n")
    if args.format == "json":
        out.write(to_json(documents) + "\n")
    elif texts:
        out.write("---\n".join(texts))
    return EXIT_BAD_INPUT if bad else EXIT_OK


def _cmd_new(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..io import OutputExistsError, write_atomically
    from ..io.importers.template import template_xlsx, template_yaml

    fmt = args.format or ("yaml" if args.output and Path(args.output).suffix.lower() in (".yaml", ".yml") else "xlsx")
    if fmt == "xlsx":
        if not args.output:
            err.write("selfeval: " + message("cli.output_required", args.lang, format="xlsx") + "\n")
            return EXIT_BAD_INPUT
        if missing_imports(["template.xlsx"], args.lang, err):
            return EXIT_BAD_INPUT
        data = template_xlsx(args.lang)
    else:
        data = template_yaml(args.lang).encode("utf-8")
        if not args.output:
            out.write(data.decode("utf-8"))
            return EXIT_OK
    try:
        write_atomically(args.output, data, force=args.force)
    except OutputExistsError:
        err.write("selfeval: " + message("cli.output_exists", args.lang, path=args.output) + "\n")
        return EXIT_BAD_INPUT
    err.write(message("cli.wrote", args.lang, path=args.output) + "\n")
    return EXIT_OK


def register(commands: argparse._SubParsersAction) -> None:
    imports = commands.add_parser(
        "import", help="把 xlsx、docx、pdf、html、txt 中的自评表转为 YAML / read forms from workbooks, documents, PDFs, pages, text")
    imports.add_argument("files", nargs="+", metavar="FILE", help="xlsx、docx、pdf、html、txt 文件 / files to read")
    imports.add_argument("--format", choices=("yaml", "json"), default="yaml")
    imports.add_argument("--output", "-o", metavar="DIR", help="每张表写一个 YAML 文件到此文件夹 / write one YAML file per form into DIR")
    imports.add_argument("--force", action="store_true", help="覆盖已有文件 / overwrite existing files")
    add_lang(imports)
    imports.set_defaults(run=_cmd_import)

    new = commands.add_parser("new", help="空白自评表模板（xlsx 或 YAML）/ a blank form template to fill in")
    new.add_argument("--format", choices=("xlsx", "yaml"), default=None, help="默认按 -o 的扩展名，否则 xlsx / by the file's suffix, else xlsx")
    new.add_argument("--output", "-o", metavar="FILE", help="模板写入此文件 / write the template here")
    new.add_argument("--force", action="store_true", help="覆盖已有文件 / overwrite an existing file")
    add_lang(new)
    new.set_defaults(run=_cmd_new)
