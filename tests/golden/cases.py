"""The CLI outputs kept byte for byte across refactorings: every command and report format, run on
the example forms and the finding fixtures, compared with the files recorded in this folder.

Record them again (after a change of output that is meant) with::

    python tests/golden/cases.py --update

and read the diff before committing it.
"""

from __future__ import annotations

import io
import os
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
RECORDED = HERE / "recorded"

FORMS = ("examples/forms/000_emergency_volunteers.yaml", "examples/forms/004_legal_training.yaml")
FINDINGS = "tests/fixtures/findings"
PARSE_TEXTS = ("≥90%", "=24期", "定性2023年3月底前", "≤258.2万元", "90%-100%", "年底前", "≥≥90%", "有效", "不少于45次")
ACTUAL_TEXTS = ("2023年6月", "≥266米", "合格", "258.16万元", "12月底前")


def cases() -> Iterator[tuple[str, list[str]]]:
    """(name, argv) of every recorded run; paths are relative to the repository root."""
    yield "parse-text", ["parse", *PARSE_TEXTS]
    yield "parse-json", ["parse", "--format", "json", "--year", "2023", *PARSE_TEXTS]
    yield "parse-actual", ["parse", "--actual", "--year", "2023", *ACTUAL_TEXTS]
    for form in FORMS:
        stem = Path(form).stem
        for policy in ("beijing", "central-2020"):
            for lang in ("zh", "en"):
                yield f"score-{stem}-{policy}-{lang}-table", ["score", form, "--policy", policy, "--lang", lang]
                yield f"score-{stem}-{policy}-{lang}-explain", ["score", form, "--policy", policy, "--lang", lang, "--explain"]
                yield f"score-{stem}-{policy}-{lang}-json", ["score", form, "--policy", policy, "--lang", lang, "--format", "json"]
    for lang in ("zh", "en"):
        for fmt in ("table", "json", "csv", "markdown"):
            yield f"check-seeds-{lang}-{fmt}", ["check", *FORMS, "--policy", "beijing", "--lang", lang, "--format", fmt]
            yield f"check-findings-{lang}-{fmt}", ["check", FINDINGS, "--lang", lang, "--format", fmt, "--explain"]
        for fmt in ("html", "xlsx"):
            yield f"check-findings-{lang}-{fmt}", ["check", FINDINGS, "--lang", lang, "--format", fmt, "--output", "{output}"]
    yield "policy-list", ["policy", "list"]
    yield "policy-list-en", ["policy", "list", "--lang", "en"]
    yield "policy-show-beijing", ["policy", "show", "beijing"]
    yield "policy-validate", ["policy", "validate", "beijing", "tests/fixtures/policies/invalid.yaml", "tests/fixtures/policies/my-city.yaml"]
    yield "policy-test", ["policy", "test", "beijing", "central-2020", "--no-properties", "-v"]
    yield "policy-explain", ["policy", "explain", "beijing", "--target", "≥90%", "--actual", "85%", "--weight", "10",
                             "--level1", "产出指标", "--level2", "质量指标"]
    yield "policy-explain-en", ["policy", "explain", "central-2020", "--target", "定性2023年5月底前", "--actual", "2023年6月",
                                "--weight", "5", "--lang", "en"]


def _xlsx_parts(data: bytes) -> str:
    """The workbook's XML parts, without the file's creation and modification times."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        names = sorted(n for n in book.namelist() if n != "docProps/core.xml")
        return "\n".join(f"== {n}\n" + book.read(n).decode("utf-8") for n in names)


def run(name: str, argv: list[str], scratch: Path) -> str:
    """Run one case from the repository root and return what it printed, its files and its status."""
    from selfeval_rules.cli import main

    output = scratch / f"{name}.out"
    argv = [a.replace("{output}", str(output)) for a in argv]
    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        status = main(argv, out=out, err=err)
    finally:
        os.chdir(here)
    text = f"$ selfeval {' '.join(a.replace(str(output), 'OUTPUT') for a in argv)}\n== status {status}\n== stdout\n{out.getvalue()}"
    text += f"== stderr\n{err.getvalue().replace(str(output), 'OUTPUT')}"
    if output.exists():
        data = output.read_bytes()
        text += "== file\n" + (_xlsx_parts(data) if argv[-3:-2] == ["xlsx"] or name.endswith("xlsx") else data.decode("utf-8"))
    return text


def main() -> int:
    import tempfile

    update = "--update" in sys.argv
    RECORDED.mkdir(exist_ok=True)
    changed = 0
    with tempfile.TemporaryDirectory() as scratch:
        for name, argv in cases():
            text = run(name, argv, Path(scratch))
            path = RECORDED / f"{name}.txt"
            if not path.exists() or path.read_bytes() != text.encode("utf-8"):
                changed += 1
                print(("updated " if update else "differs ") + name)
                if update:
                    path.write_bytes(text.encode("utf-8"))
    print(f"{changed} case(s) {'updated' if update else 'differ'}")
    return 0 if update or not changed else 1


if __name__ == "__main__":
    sys.exit(main())
