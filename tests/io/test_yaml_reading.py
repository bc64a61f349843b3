"""YAML is read through libyaml when PyYAML has it, and through PyYAML's own parser otherwise, with the same result.

The promises of the reader hold on both: exact numbers (never float), YAML 1.2 booleans and
integers (`on` and `yes` stay text, `010` is ten), timestamps stay text, duplicate keys are
refused, and every value is located by line and column.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from selfeval_rules import _shipped
from selfeval_rules.errors import DocumentError
from selfeval_rules.io import _documents, read_file, read_text
from selfeval_rules.io._documents import KEY, Document, Number

ROOT = Path(__file__).resolve().parents[2]
TEXTS = {path.name: path.read_text(encoding="utf-8") for path in sorted((ROOT / "examples" / "forms").glob("*.yaml"))}
TEXTS |= {path.name: path.read_text(encoding="utf-8") for path in sorted((ROOT / "tests" / "fixtures" / "findings").glob("*.yaml"))}
TEXTS |= {f"{name}.yaml": _shipped.read("policies", f"{name}.yaml") for name in _shipped.names("policies", ".yaml")}


def read_with(parser: str, text: str, monkeypatch: pytest.MonkeyPatch) -> Document:
    with monkeypatch.context() as patch:
        if parser == "pyyaml":
            patch.setattr(_documents, "_FAST", None)
        return read_text(text, "<text>")


def test_libyaml_is_used_when_pyyaml_has_it() -> None:
    assert _documents.WITH_LIBYAML == bool(getattr(yaml, "__with_libyaml__", False))


@pytest.mark.skipif(not _documents.WITH_LIBYAML, reason="PyYAML was built without libyaml")
@pytest.mark.parametrize("name", sorted(TEXTS))
def test_both_parsers_read_the_same_values_at_the_same_places(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, pure = read_with("libyaml", TEXTS[name], monkeypatch), read_with("pyyaml", TEXTS[name], monkeypatch)

    assert fast.data == pure.data
    assert dict(fast.marks) == dict(pure.marks)


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_no_float_is_ever_read(name: str) -> None:
    def leaves(value: Any) -> list[Any]:
        if isinstance(value, dict):
            return [leaf for item in value.values() for leaf in leaves(item)]
        if isinstance(value, list):
            return [leaf for item in value for leaf in leaves(item)]
        return [value]

    values = leaves(read_text(TEXTS[name], name).data)

    assert not [v for v in values if isinstance(v, float)]
    assert all(type(v) in (str, int, bool, Number, type(None)) for v in values)


# (YAML value, what it reads as)
SCALARS = [
    pytest.param("5.00", Decimal("5.00"), id="decimal-keeps-its-places"),
    pytest.param("010", 10, id="leading-zero-is-decimal"),
    pytest.param("-7", -7, id="negative-integer"),
    pytest.param("1e3", Decimal("1e3"), id="exponent"),
    pytest.param(".5", Decimal("0.5"), id="leading-point"),
    pytest.param("on", "on", id="on-is-text"),
    pytest.param("yes", "yes", id="yes-is-text"),
    pytest.param("True", True, id="true"),
    pytest.param("FALSE", False, id="false"),
    pytest.param("~", None, id="tilde-is-null"),
    pytest.param("", None, id="nothing-is-null"),
    pytest.param("2023-12-31", "2023-12-31", id="date-is-text"),
    pytest.param("2023-12-31 10:00:00", "2023-12-31 10:00:00", id="timestamp-is-text"),
    pytest.param("1:30", "1:30", id="sexagesimal-is-text"),
    pytest.param("0x1F", "0x1F", id="hex-is-text"),
    pytest.param("1_000", "1_000", id="underscores-are-text"),
    pytest.param("'5'", "5", id="quoted-number-is-text"),
    pytest.param("=", "=", id="equals-is-text"),
    pytest.param("<<", "<<", id="merge-sign-as-a-value-is-text"),
]


@pytest.mark.parametrize(("written", "value"), SCALARS)
def test_a_scalar_reads_by_yaml_1_2_rules(parser: str, written: str, value: Any) -> None:
    data = read_text(f"v: {written}\n", "<text>").data

    assert data == {"v": value}
    assert type(data["v"]) is type(value) if not isinstance(value, Decimal) else type(data["v"]) is Number


def test_a_number_repr_is_its_text() -> None:
    assert repr(read_text("v: -5.10\n", "<text>").data["v"]) == "-5.10"


def test_duplicate_keys_are_refused_at_the_second(parser: str) -> None:
    with pytest.raises(DocumentError) as caught:
        read_text("a: 1\nb:\n  c: 2\n  c: 3\n", "<text>", lang="en")

    assert str(caught.value) == "<text>:4:3: $.b.c: the key 'c' appears twice"


def test_marks_locate_values_and_keys(parser: str) -> None:
    document = read_text("project: 法治培训\nindicators:\n  - name: 人数\n    weight: 5\n", "<text>")

    assert document.marks[()] == (1, 1)
    assert document.marks[("indicators", 0, "weight")] == (4, 13)
    assert document.marks[("indicators", 0, "weight", KEY)] == (4, 5)
    assert ("indicators", 1) not in document.marks
    assert list(document.marks)[:3] == [(), ("project", KEY), ("project",)]
    assert len(document.marks) == 10  # the root, 5 values and their 4 keys


def test_a_problem_at_a_key_is_located_at_the_key() -> None:
    document = read_text("project: 法治培训\nindicators:\n  - name: 人数\n    weigth:\n      5\n", "<text>")

    assert document.problem(("indicators", 0, "weigth"), "?", at_key=True).line == 4
    assert document.problem(("indicators", 0, "weigth"), "?").line == 5
    assert document.problem(("indicators", 0, "nowhere"), "?", at_key=True).line == 3  # the nearest ancestor


def test_an_alias_reads_as_a_copy_of_what_it_names(parser: str) -> None:
    document = read_text("a: &x {w: 5}\nb: *x\n", "<text>")

    assert document.data == {"a": {"w": 5}, "b": {"w": 5}}
    assert document.marks[("b", "w")] == (1, 11)  # where the value is written, once


def test_a_file_is_read_like_its_text(tmp_path: Path) -> None:
    path = tmp_path / "form.yaml"
    path.write_text(next(iter(TEXTS.values())), encoding="utf-8")

    assert read_file(path).data == read_text(path.read_text(encoding="utf-8"), str(path)).data
