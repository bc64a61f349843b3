"""Benchmark: how long one form takes to import, by file format.

    python bench/import.py [--repeat 15]

Each file is made here from the example form 004 (法治培训服务) with the test suite's layout builders
(tests/importers/): an official-layout xlsx, docx and html, the PDF Chromium prints from the html
(skipped when chromium is not installed), the seed's PDF text (a row a line), and pdfminer's text of
the printed PDF (`boxes`: text boxes out of row order, read by the cell decoder). Printed: the first import in
this process (the reader's library loaded and warmed) and the median and best of the next runs.
The issue's bars: one-form xlsx ≤ 50 ms, one-form PDF ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _module(name: str, path: Path):  # noqa: ANN202 - a test helper loaded by path
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[name] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def make_files(folder: Path) -> dict[str, Path]:
    layouts = _module("importer_layouts", ROOT / "tests" / "importers" / "layouts.py")
    form = layouts.load_example("004_legal_training")
    sheet, _, _ = layouts.layout(form)
    files = {
        "xlsx": layouts.write_xlsx(folder / "form.xlsx", [sheet]),
        "docx": layouts.write_docx(folder / "form.docx", [sheet]),
        "html": layouts.write_html(folder / "form.html", [sheet]),
        "txt": ROOT / "tests" / "importers" / "fixtures" / "seed_004_legal_training.txt",
    }
    pdf = _module("pdf_helpers", ROOT / "tests" / "importers" / "pdf_helpers.py")
    if pdf.chromium() and pdf.cjk_font_installed():
        files["pdf"] = pdf.print_html(pdf.form_html(form), folder / "form.pdf")
        if not pdf.extractor_missing("pdfminer"):  # text boxes, a column's cells one under another
            boxes = folder / "form_boxes.txt"
            boxes.write_text(pdf.extract("pdfminer", files["pdf"]), encoding="utf-8")
            files["boxes"] = boxes
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    from selfeval_rules.io.importers import import_file

    with tempfile.TemporaryDirectory() as tmp:
        files = make_files(Path(tmp))
        print(f"one form (004 法治培训服务), {args.repeat} runs after the first:")
        for name, path in files.items():
            start = time.perf_counter()
            forms = import_file(path)
            first = time.perf_counter() - start
            runs = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                import_file(path)
                runs.append(time.perf_counter() - start)
            rows = len(forms[0].data.get("indicators", [])) if forms else 0
            print(f"  {name:>6}: first {first * 1000:7.1f} ms   median {statistics.median(runs) * 1000:6.1f} ms"
                  f"   best {min(runs) * 1000:6.1f} ms   ({len(forms)} form, {rows} rows)")
        if "pdf" not in files:
            print("     pdf: skipped (chromium or a CJK font is not installed)")


if __name__ == "__main__":
    main()
