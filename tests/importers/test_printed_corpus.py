"""Forms printed from web pages import well, as PDFs and as the text any extractor gives of them.

The corpus (`pdf_helpers.CORPUS_LAYOUTS`) is made here from the two example forms: HTML tables laid
out the ways bureaus publish them (merged level cells, vertical labels, split targets, stacked
forms, a long table whose header repeats on every page, narrow columns, amounts in 元, Hubei's
20/80 form, a transfer-payment form, tables without rules, other fonts and paddings), printed to A4
by headless Chromium. Each PDF is then read by `pdf.read`, and its text, as each extractor prints
it, by `forms_from_text`. Every (layout, reader) pair must keep at least its share of fields right
(`field_accuracy`: every leaf of the expected form, Decimals by value and text); some import exactly.

By default the text of every layout is read as pdfminer.six prints it (`extract_text`, the seeds'
style) and the other extractors read a few layouts; `SELFEVAL_FULL_CORPUS=1` reads every pair.
"""

from __future__ import annotations

import os
from typing import Any

import importer_pdf_helpers as helpers
import pytest

from selfeval_rules.io.importers import pdf
from selfeval_rules.io.importers.text import forms_from_text

FULL = os.environ.get("SELFEVAL_FULL_CORPUS") == "1"
LAYOUTS = list(helpers.CORPUS_LAYOUTS)
#: Layouts every extractor reads by default (all of them with SELFEVAL_FULL_CORPUS=1).
SAMPLED = ("official_landscape", "official_portrait", "hubei")

#: The share of fields each reader keeps right at least, by layout. The PDF reader and the seeds'
#: extractor (pdfminer's default text) must keep 95% everywhere; the others as measured, less a margin.
PDF_FLOOR = 0.95
PDFMINER_FLOORS = {layout: 0.95 for layout in LAYOUTS} | {
    "split_portrait": 0.9,  # known limit: two near-identical goal texts told apart by nothing; 定性 wrapped
    "hubei_portrait": 0.88,  # known limit: a scores-only table; rival readings leave some scores out
    "transfer_portrait": 0.75,  # known limit: pdfminer cuts names into text boxes printed far apart
}
#: (extractor, layout) → floor, for the other extractors.
OTHER_FLOORS: dict[tuple[str, str], float] = {}
_MEASURED = {  # percent of fields right, measured (Chromium 156, WenQuanYi Zen Hei, Noto CJK), by LAYOUTS
    "pdfminer_boxes_flow_none": (90, 77, 77, 65, 77, 84, 63, 90, 96, 77, 96, 78, 96, 82, 62, 78, 72, 96, 78),
    "pdfminer_line_margin_0.3": (87, 84, 81, 59, 66, 74, 38, 86, 82, 79, 90, 81, 94, 75, 16, 43, 83, 92, 88),
    "pdfminer_char_margin_1": (97, 100, 100, 93, 99, 100, 95, 97, 97, 95, 96, 100, 97, 96, 95, 74, 91, 97, 97),
    "pdfplumber": (87, 55, 56, 49, 59, 63, 56, 87, 65, 78, 89, 59, 84, 49, 34, 48, 36, 88, 57),
    "pdfplumber_layout": (91, 90, 90, 93, 90, 63, 79, 92, 68, 54, 94, 90, 84, 65, 54, 48, 50, 89, 66),
    "pdftotext": (86, 92, 92, 22, 89, 39, 36, 86, 79, 76, 87, 91, 79, 54, 24, 86, 98, 93, 70),
    "pdftotext_layout": (93, 71, 48, 93, 85, 36, 83, 84, 67, 45, 90, 65, 84, 67, 40, 48, 40, 89, 70),
    "pypdfium2": (95, 88, 88, 27, 53, 45, 17, 95, 97, 32, 95, 90, 95, 50, 21, 70, 95, 95, 88),
}
for _extractor, _values in _MEASURED.items():
    for _layout, _value in zip(LAYOUTS, _values):
        OTHER_FLOORS[_extractor, _layout] = max(0.0, (_value - 6) / 100)

#: (layout, reader) pairs read exactly: every field of every form right.
EXACT = {
    ("official_portrait", "pdfminer"), ("vertical_labels", "pdfminer"), ("long_table", "pdfminer"),
    ("borderless_portrait", "pdfminer"),
    # every PDF but two whose goal texts keep a code point apart (〈 read back as 〈) and lose a space
    *((layout, "pdf") for layout in LAYOUTS if layout not in ("borderless_noto_top", "borderless_serif")),
}

#: Layouts printed in a font that must be installed as such (else Chromium falls back to another).
NOTO = {"noto_top": "Noto Sans CJK SC", "serif_portrait": "Noto Serif CJK SC", "split_portrait": "Noto Sans CJK SC",
        "borderless_noto_top": "Noto Sans CJK SC", "borderless_serif": "Noto Serif CJK SC"}


def _font_missing(layout: str) -> str | None:
    family = NOTO.get(layout)
    if family is None:
        return None
    import shutil
    import subprocess

    fc_list = shutil.which("fc-list")
    names = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, check=False).stdout if fc_list else ""
    return None if family in names else f"needs the font {family} (Debian: fonts-noto-cjk) to print this layout"


needs_chromium = pytest.mark.skipif(
    helpers.chromium() is None or not helpers.cjk_font_installed(),
    reason="needs chromium and a CJK font to print the corpus (Debian: chromium, fonts-wqy-zenhei, fonts-noto-cjk)",
)


def _cases() -> list[Any]:
    cases = []
    for layout in LAYOUTS:
        cases.append(pytest.param(layout, "pdf", PDF_FLOOR, id=f"{layout}-pdf"))
        cases.append(pytest.param(layout, "pdfminer", PDFMINER_FLOORS[layout], id=f"{layout}-pdfminer"))
        for extractor in _MEASURED:
            if FULL or layout in SAMPLED:
                cases.append(pytest.param(layout, extractor, OTHER_FLOORS[extractor, layout],
                                          id=f"{layout}-{extractor}"))
    return cases


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Any]]:
    """Every corpus layout printed by Chromium (once per test session)."""
    if helpers.chromium() is None or not helpers.cjk_font_installed():
        pytest.skip("needs chromium and a CJK font (Debian: chromium, fonts-wqy-zenhei, fonts-noto-cjk)")
    return helpers.build_corpus(tmp_path_factory.mktemp("corpus"), LAYOUTS)


def _read(document: Any, reader: str) -> list[dict[str, Any]]:
    if reader == "pdf":
        return [form.data for form in pdf.read(document.pdf)]
    return [form.data for form in forms_from_text(document.text(reader), document.name + ".txt")]


@needs_chromium
@pytest.mark.parametrize("layout, reader, floor", _cases())
def test_a_printed_form_keeps_its_fields(corpus: dict[str, list[Any]], layout: str, reader: str, floor: float) -> None:
    if reader != "pdf" and (missing := helpers.extractor_missing(reader)):
        pytest.skip(missing)
    if missing := _font_missing(layout):
        pytest.skip(missing)
    accuracy = helpers.Accuracy()
    for document in corpus[layout]:
        accuracy = accuracy + helpers.field_accuracy(_read(document, reader), document.expected)
    shown = "\n".join(accuracy.differences[:25])
    assert accuracy.ratio >= floor, f"{accuracy.right}/{accuracy.total} fields right, below {floor:.0%}:\n{shown}"
    if (layout, reader) in EXACT:
        assert accuracy.right == accuracy.total, f"not exact:\n{shown}"


def test_every_layout_has_a_floor_for_every_reader() -> None:
    assert set(PDFMINER_FLOORS) == set(LAYOUTS)
    assert {layout for _, layout in OTHER_FLOORS} == set(LAYOUTS)
    assert all(len(values) == len(LAYOUTS) for values in _MEASURED.values()), "one measure per layout"
    assert set(_MEASURED) | {"pdfminer"} == set(helpers.EXTRACTORS)
