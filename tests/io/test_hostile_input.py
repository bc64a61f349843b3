"""Whatever bytes or YAML a file holds, loading it gives a form, a policy or a located DocumentError: nothing else.

Short in the suite (a few hundred examples in all); run longer with
`pytest tests/io/test_hostile_input.py --hypothesis-seed=… -p hypothesis` and a larger
`max_examples` when the reader changes.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from selfeval_rules import load_form, load_policy
from selfeval_rules.errors import DocumentError
from selfeval_rules.io import _documents, read_text

ROOT = Path(__file__).resolve().parents[2]
FORM_TEXT = (ROOT / "examples" / "forms" / "004_legal_training.yaml").read_text(encoding="utf-8")
POLICY_TEXT = 'name: child\nextends: central-2020\ntitle: 子规则\nversion: "1"\nsources:\n  local: 测试\n'

# Pieces of YAML that have broken readers: anchors, aliases, tags, merge keys, flow brackets, quotes,
# tabs, control characters, huge and odd numbers, document markers, complex keys, BOMs.
PIECES = [
    "&a ", "*a", "&b [*a, *a, *a]", "!!binary ", "!!int ", "!!float ", "!!python/object:os.system ", "!x!y ", "! ", "<<: ",
    "<<: *a", "[", "]", "{", "}", ", ", ": ", "- ", "? ", "---\n", "...\n", "%YAML 1.2\n", "%TAG ! tag:x,2024:\n", '"', "'",
    "\\q", "\t", "\x0c", "\x00", "\x85", "\ufeff", "\ud800", "1e400", "-.inf", ".nan", "9" * 5000, "0x1F", "010", "1_000",
    "５.００", "２０２３", "on", "yes", "~", "null", "true", "2023-12-31", "12:30", "|", ">-", "#", "\n", "\n  ", "\n    ",
    "weight: ", "name: ", "indicators:\n", "  - ", "project: ", "extends: ", "rules:\n", "/dev/zero", "examples:\n",
    "长" * 30, "=",
]

texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=25).map("".join)


@st.composite
def spliced(draw: st.DrawFn, base: str) -> str:
    """A real document with hostile pieces put in at a few places."""
    text = base
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(PIECES)) + text[at:]
    return text


def loads_or_refuses(load: Any, source: Any) -> None:
    try:
        load(source, lang="en")
    except DocumentError as error:
        assert error.problems, "a DocumentError lists its problems"
        for problem in error.problems:
            assert problem.path.startswith("$") and problem.message


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@FAST
@given(st.binary(max_size=300), st.sampled_from([".yaml", ".json"]))
@example(b"\xff\xfe\x00\x00", ".yaml").via("UTF-32 byte-order mark")
@example(b"\xef\xbb\xbf", ".json").via("a BOM and nothing else")
def test_any_bytes_in_a_form_file_load_or_are_refused(folder: Path, data: bytes, suffix: str) -> None:
    path = folder / f"form{suffix}"
    path.write_bytes(data)

    loads_or_refuses(load_form, path)


@FAST
@given(texts)
@example("a: &a [1]\nb: &b [*a, *a]\nc: [*b, *b, *b]\n<<: *a\n").via("aliases and a merge key")
def test_any_yaml_text_in_a_form_loads_or_is_refused(data: str) -> None:
    loads_or_refuses(lambda text, lang: load_form(read_text(text, "<text>", lang=lang).data, lang=lang), data)


@FAST
@given(spliced(FORM_TEXT))
def test_a_real_form_with_hostile_pieces_loads_or_is_refused(data: str) -> None:
    loads_or_refuses(lambda text, lang: _form_from_text(text, lang), data)


@FAST
@given(spliced(POLICY_TEXT + "rules:\n  - id: x\n    when: {kind: comparison}\n    unmet: ratio\n"))
def test_a_policy_with_hostile_pieces_loads_or_is_refused(folder: Path, data: str) -> None:
    path = folder / "policy.yaml"
    path.write_text(data, encoding="utf-8", errors="surrogatepass")

    loads_or_refuses(load_policy, path)


@FAST
@given(texts)
def test_any_text_as_json_loads_or_is_refused(data: str) -> None:
    loads_or_refuses(lambda text, lang: read_text(text, "<text>", json_format=True, lang=lang), data)


python_values = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(), st.decimals(), st.text(max_size=8), st.binary(max_size=4),
        st.sampled_from(["project", "indicators", "name", "weight", "５", "1e400", float("nan"), Decimal("sNaN"), {1, 2}, ()]),
        st.builds(lambda: 10**5000),  # built when drawn: hypothesis cannot print it (more than 4300 digits)
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(st.one_of(st.sampled_from(["project", "indicators", "name", "weight", "target", "budget"]), st.integers()),
                        inner, max_size=4),
    ),
    max_leaves=12,
)


@FAST
@given(python_values)
def test_any_python_data_as_a_form_or_policy_loads_or_is_refused(data: Any) -> None:
    loads_or_refuses(load_form, data)
    if isinstance(data, dict):
        loads_or_refuses(load_policy, data)


@FAST
@given(texts)
def test_the_pure_python_parser_is_as_safe(data: str) -> None:
    fast = _documents._FAST
    _documents._FAST = None
    try:
        loads_or_refuses(lambda text, lang: read_text(text, "<text>", lang=lang), data)
    finally:
        _documents._FAST = fast


def _form_from_text(text: str, lang: str) -> Any:
    from selfeval_rules.io import form_from_document

    return form_from_document(read_text(text, "<text>", lang=lang), lang=lang)  # type: ignore[arg-type]
