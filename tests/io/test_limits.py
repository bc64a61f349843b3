"""Any input is read with bounded work: each limit is a located problem, never a traceback, a hang or a MemoryError.

Each YAML case runs twice, through libyaml and through PyYAML's own parser (the fallback when
libyaml is absent), and must give the same problem. `{file}` in an expected line stands for the
path of the file the case writes.
"""

from __future__ import annotations

import os
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from selfeval_rules import load_form, load_policy
from selfeval_rules.errors import DocumentError, FormError, PolicyError
from selfeval_rules.io import from_mapping, read_text
from selfeval_rules.io._documents import MAX_BYTES, MAX_DEPTH, MAX_NODES, MAX_STRING

ROW = "  - {name: 人数, target: ≥45人, actual: 45人, weight: 5}\n"


def written(tmp_path: Path, content: str | bytes, name: str = "form.yaml") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def refused(source: Any, lang: str = "zh", *, loader: Any = load_form) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        loader(source, lang=lang)
    return caught.value


def lines(error: DocumentError, path: Path | None = None) -> list[str]:
    text = str(error)
    return (text.replace(str(path), "{file}") if path else text).splitlines()


# --- the size of a file --------------------------------------------------------------------------


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "form.yaml"
    with path.open("wb") as stream:  # a sparse file: its size is known without writing 10 MB
        stream.truncate(MAX_BYTES + 1)

    assert lines(refused(path), path) == ["{file}: $: 文件有 10,485,761 字节，超过上限 10,485,760 字节"]
    assert lines(refused(path, "en"), path) == ["{file}: $: the file is 10,485,761 bytes, more than the limit of 10,485,760"]


def test_a_text_longer_than_the_limit_is_refused() -> None:
    with pytest.raises(DocumentError) as caught:
        read_text("#" * (MAX_BYTES + 1), "<text>", lang="en")

    assert str(caught.value) == "<text>: $: the text is 10,485,761 characters long, more than the limit of 10,485,760"


# --- aliases, nesting, strings -------------------------------------------------------------------

# "a billion laughs": nine levels of nine aliases each, 387 million values once expanded
LAUGHS = "a: &a [ha, ha, ha, ha, ha, ha, ha, ha, ha]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefghi", "bcdefghij")
)


def test_a_billion_laughs_is_refused_at_once_where_the_count_runs_over(tmp_path: Path, parser: str) -> None:
    path = written(tmp_path, LAUGHS)
    start = time.perf_counter()

    error = refused(path, "en")

    assert time.perf_counter() - start < 5  # today's loader took 49 s and 4.8 GB before MemoryError
    assert len(error.problems) == 1
    problem = error.problems[0]
    assert problem.message == "holds more than 100,000 values (an alias * counts each time it is used)"
    assert problem.path.startswith("$.") and problem.line is not None


def test_a_billion_laughs_is_named_in_chinese(tmp_path: Path) -> None:
    assert refused(written(tmp_path, LAUGHS)).problems[0].message == "值的个数超过上限 100,000 个（别名 * 每用一次都算）"


def test_a_document_of_more_plain_values_than_the_limit_is_refused(tmp_path: Path, parser: str) -> None:
    path = written(tmp_path, "project: 示例\nindicators:\n" + ROW * (MAX_NODES // 8))

    assert refused(path, "en").problems[-1].message == "holds more than 100,000 values (an alias * counts each time it is used)"


def test_a_document_of_many_explicit_tags_is_read_by_pyyaml_and_still_bounded(tmp_path: Path) -> None:
    # libyaml counts through resolve, which it never calls for a tagged value: PyYAML counts those
    path = written(tmp_path, "project: x\nnote: [" + ", ".join(["!!str a"] * (MAX_NODES + 10)) + "]\n")

    assert refused(path, "en").problems[-1].message.startswith("holds more than 100,000 values")


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 500, 5000], ids=lambda d: f"{d}-deep")
def test_deep_flow_nesting_is_refused(tmp_path: Path, parser: str, depth: int) -> None:
    path = written(tmp_path, "project: x\nnote: " + "[" * depth + "]" * depth + "\n")

    error = refused(path, "en")

    # past 1000 levels libyaml refuses the text itself; asked for better words, PyYAML meets our limit first
    assert [p.message for p in error.problems] == ["is nested more than 100 levels deep"]
    assert error.problems[0].line == 2


def test_deep_block_nesting_is_refused_with_a_short_path(tmp_path: Path, parser: str) -> None:
    text = "project: x\nnote:\n" + "".join("  " * (i + 1) + "k:\n" for i in range(500)) + "  " * 501 + "v\n"

    problem = refused(written(tmp_path, text), "en").problems[0]

    assert problem.message == "is nested more than 100 levels deep"
    assert problem.path in ("$", "$.note.k.k.k.k.k.k.k.k.k.k.k…")


def test_deep_nesting_is_named_in_chinese(tmp_path: Path) -> None:
    path = written(tmp_path, "project: x\nnote: " + "[" * 500 + "]" * 500 + "\n")

    assert refused(path).problems[0].message == "嵌套超过 100 层"


def test_deep_json_is_refused(tmp_path: Path) -> None:
    path = written(tmp_path, "[" * 100_000 + "]" * 100_000, "form.json")

    assert lines(refused(path, "en"), path) == ["{file}: $: is nested more than 100 levels deep"]


def test_a_string_longer_than_the_limit_is_refused_naming_it_briefly(tmp_path: Path, parser: str) -> None:
    path = written(tmp_path, "project: 示例\ndepartment: " + "长" * (MAX_STRING + 1) + "\nindicators: []\n")

    assert lines(refused(path), path) == ["{file}:2:13: $.department: '长长长长长长长长长长长长长长长长长长长长…' 长 10,001 个字符，超过上限 10,000 个"]
    assert lines(refused(path, "en"), path) == [
        "{file}:2:13: $.department: '长长长长长长长长长长长长长长长长长长长长…' is 10,001 characters long, more than the limit of 10,000"
    ]


def test_a_key_longer_than_the_limit_is_refused(tmp_path: Path, parser: str) -> None:
    # a plain key is at most 1024 characters in YAML: a longer one is written as an explicit key
    path = written(tmp_path, "project: 示例\n? " + "k" * (MAX_STRING + 1) + "\n: 1\nindicators: []\n")

    problem = refused(path, "en").problems[0]

    assert (problem.path, problem.line) == ("$", 2)
    assert problem.message.endswith("is 10,001 characters long, more than the limit of 10,000")


# --- characters and bytes ------------------------------------------------------------------------

CONTROL_CHARACTERS = [
    pytest.param("project: 法治\x0c培训\nindicators: []\n", 1, 12, "U+000C", id="form-feed-in-a-value"),
    pytest.param("project: 法治培训\nindicators: []\nnote: a\x1bb\n", 3, 8, "U+001B", id="escape-in-a-note"),
    pytest.param("project: 法治培训\x7f\nindicators: []\n", 1, 14, "U+007F", id="delete"),
]


@pytest.mark.parametrize(("text", "line", "column", "char"), CONTROL_CHARACTERS)
def test_a_control_character_is_located_and_named(tmp_path: Path, parser: str, text: str, line: int, column: int, char: str) -> None:
    path = written(tmp_path, text)

    assert lines(refused(path), path) == [f"{{file}}:{line}:{column}: $: 含有不允许的控制字符 {char}（常见于从表格或网页复制的文字）；请删除它"]
    assert lines(refused(path, "en"), path) == [
        (f"{{file}}:{line}:{column}: $: holds the control character {char}, which YAML does not allow"
         " (often pasted from a spreadsheet or web page); delete it")
    ]


def test_a_binary_file_is_named_as_such(tmp_path: Path) -> None:
    path = written(tmp_path, b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00")

    assert lines(refused(path), path) == ["{file}:1:6: $: 含有空字节，似乎是二进制文件，不是 YAML 或 JSON 文本"]


def test_a_gbk_file_is_located_at_its_first_bad_byte_and_named(tmp_path: Path) -> None:
    path = written(tmp_path, "project: 法治培训\n".encode("gbk"))

    assert lines(refused(path), path) == ["{file}:1:10: $: 字节 0xB7 不是有效的 UTF-8 编码：文件似乎是 GBK 编码，请另存为 UTF-8"]
    assert lines(refused(path, "en"), path) == ["{file}:1:10: $: the byte 0xB7 is not valid UTF-8: the file looks like GBK; save it as UTF-8"]


def test_a_utf16_file_with_its_byte_order_mark_is_read(tmp_path: Path) -> None:
    form = load_form(written(tmp_path, ("project: 法治培训\nindicators:\n" + ROW).encode("utf-16")))

    assert (form.project, form.indicators[0].weight) == ("法治培训", 5)


def test_a_utf8_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    assert load_form(written(tmp_path, "\ufeffproject: 法治培训\nindicators: []\n".encode())).project == "法治培训"


def test_a_lone_surrogate_in_json_is_refused(tmp_path: Path) -> None:
    path = written(tmp_path, '{"project": "\\ud800", "indicators": []}', "form.json")

    assert lines(refused(path, "en"), path) == ["{file}: $.project: holds the invalid Unicode character U+D800 (a lone surrogate)"]


def test_a_lone_surrogate_in_yaml_text_is_refused() -> None:
    with pytest.raises(DocumentError) as caught:
        read_text("project: \ud800\n", "<text>", lang="en")

    assert str(caught.value) == "<text>:1:10: $: holds the invalid Unicode character U+D800 (a lone surrogate)"


# --- numbers -------------------------------------------------------------------------------------

# (YAML value of the weight, problem in Chinese, problem in English)
NUMBERS = [
    pytest.param(
        "1" * 5001,
        "11111111111111111111… 超出范围：数的绝对值须小于 10^15",
        "11111111111111111111… is out of range: a number must be less than 10^15 in size",
        id="a-5001-digit-integer",
    ),
    pytest.param(
        "1e400", "1e400 超出范围：数的绝对值须小于 10^15", "1e400 is out of range: a number must be less than 10^15 in size", id="1e400",
    ),
    pytest.param(
        "1000000000000000",
        "1000000000000000 超出范围：数的绝对值须小于 10^15",
        "1000000000000000 is out of range: a number must be less than 10^15 in size",
        id="ten-to-the-fifteen",
    ),
    pytest.param(
        "1e-31", "1e-31 有 31 位小数，超过上限 30 位", "1e-31 has 31 decimal places, more than the limit of 30", id="1e-31",
    ),
    pytest.param(
        "5." + "0" * 30,
        "5.000000000000000000… 有 31 位有效数字，超过上限 30 位",
        "5.000000000000000000… has 31 significant digits, more than the limit of 30",
        id="31-significant-digits",
    ),
    pytest.param(".nan", ".nan 不是有限的数（NaN 或无穷大）", ".nan is not a finite number (NaN or infinity)", id="yaml-nan"),
    pytest.param("-.inf", "-.inf 不是有限的数（NaN 或无穷大）", "-.inf is not a finite number (NaN or infinity)", id="yaml-minus-infinity"),
]


@pytest.mark.parametrize(("value", "zh", "en"), NUMBERS)
def test_a_number_beyond_the_limits_is_named_at_its_path(tmp_path: Path, parser: str, value: str, zh: str, en: str) -> None:
    path = written(tmp_path, f"project: 示例\nindicators:\n  - name: 人数\n    weight: {value}\n")

    assert lines(refused(path), path) == [f"{{file}}:4:13: $.indicators[0].weight: {zh}"]
    assert lines(refused(path, "en"), path) == [f"{{file}}:4:13: $.indicators[0].weight: {en}"]


@pytest.mark.parametrize("value", ["999999999999999", "-999999999999999", "0.000000000000000000000000000001", "1" + "0" * 14 + ".5"])
def test_numbers_at_the_limits_are_read_exactly(tmp_path: Path, value: str) -> None:
    form = load_form(written(tmp_path, f"project: 示例\nindicators:\n  - name: 人数\n    weight: 5\n    reported_score: {value.lstrip('-')}\n"))

    assert form.indicators[0].reported_score == Decimal(value.lstrip("-"))


JSON_NUMBERS = [
    pytest.param("NaN", "NaN is not a finite number (NaN or infinity)", id="NaN"),
    pytest.param("Infinity", "Infinity is not a finite number (NaN or infinity)", id="Infinity"),
    pytest.param("-Infinity", "-Infinity is not a finite number (NaN or infinity)", id="minus-Infinity"),
    pytest.param("9" * 5001, "99999999999999999999… is out of range: a number must be less than 10^15 in size", id="5001-digits"),
    pytest.param("1e400", "1e400 is out of range: a number must be less than 10^15 in size", id="1e400"),
]


@pytest.mark.parametrize(("value", "en"), JSON_NUMBERS)
def test_a_json_number_beyond_the_limits_is_named_at_its_path(tmp_path: Path, value: str, en: str) -> None:
    path = written(tmp_path, f'{{"project": "示例", "indicators": [{{"name": "人数", "weight": {value}}}]}}', "form.json")

    assert lines(refused(path, "en"), path) == [f"{{file}}: $.indicators[0].weight: {en}"]


# --- tags, keys and documents that are not plain data ---------------------------------------------

NOT_PLAIN = [
    pytest.param("project: !!binary aGVsbG8=\nindicators: []\n",
                 "{file}:1:10: $.project: the tag !!binary is not supported: only text, numbers, true/false, null, lists and mappings",
                 id="binary-tag"),
    pytest.param("project: !!python/object:os.system x\nindicators: []\n",
                 "{file}:1:10: $.project: the tag !!python/object:os.system is not supported: only text, numbers, true/false, null, lists and mappings",
                 id="python-tag"),
    pytest.param("project: x\nindicators: !!set {a, b}\n",
                 "{file}:2:13: $.indicators: the tag !!set is not supported: only text, numbers, true/false, null, lists and mappings",
                 id="set-tag"),
    pytest.param("project: x\nyear: !!int 0x1F\nindicators: []\n", "{file}:2:7: $.year: '0x1F' is not a valid !!int", id="hex-int-tag"),
    pytest.param("project: x\n? [a, b]\n: c\nindicators: []\n", "{file}:2:3: $: a key must be text, not a list", id="list-as-key"),
    pytest.param("row: &row {name: 人数, weight: 5}\nproject: x\nindicators:\n  - <<: *row\n",
                 "{file}:4:5: $.indicators[0]: YAML merge keys (<<) are not supported: write the keys out", id="merge-key"),
    pytest.param("project: a\n---\nproject: b\n",
                 "{file}:2:1: $: is not valid YAML: expected a single document in the stream (line 1), but found another document",
                 id="two-documents"),
]


@pytest.mark.parametrize(("text", "en"), NOT_PLAIN)
def test_what_is_not_plain_data_is_refused_where_it_is_written(tmp_path: Path, parser: str, text: str, en: str) -> None:
    path = written(tmp_path, text)

    assert lines(refused(path, "en"), path)[0] == en


@pytest.mark.parametrize(("text", "value"), [("!!str 5", "5"), ("!!int '12'", 12), ("!!float 1", Decimal(1)), ("!!null ''", None),
                                             ("!!bool true", True), ("!!timestamp 2023-12-31", "2023-12-31")])
def test_core_tags_read_by_the_same_rules_as_untagged_values(parser: str, text: str, value: Any) -> None:
    assert read_text(f"v: {text}\n", "<text>").data == {"v": value}


def test_a_key_that_reads_as_a_number_is_the_text_written(parser: str) -> None:
    document = read_text("010: a\ntrue: b\n~: c\n", "<text>")

    assert document.data == {"010": "a", "true": "b", "~": "c"}


# --- files that are not regular files ------------------------------------------------------------


def test_a_folder_is_refused(tmp_path: Path) -> None:
    assert lines(refused(tmp_path, "en"), tmp_path) == ["{file}: $: is a folder, not a file"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "form.yaml"
    os.mkfifo(path)

    assert lines(refused(path, "en"), path) == ["{file}: $: is not a regular file (a device, pipe or socket) and is not read"]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_refused_without_reading_it() -> None:
    assert str(refused("/dev/zero")) == "/dev/zero: $: 不是普通文件（是设备、管道或套接字），不予读取"


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_refused(tmp_path: Path) -> None:
    path = written(tmp_path, "project: x\n")
    path.chmod(0)

    assert lines(refused(path), path) == ["{file}: $: 没有读取这个文件的权限"]


def test_a_name_holding_a_nul_is_refused() -> None:
    assert refused("form\0.yaml", "en").problems[0].message == "is not a valid file name (it holds a NUL character)"


# --- extends -------------------------------------------------------------------------------------

CHILD = 'name: child\nextends: {parent}\ntitle: 子规则\nversion: "1"\nsources:\n  local: 测试\n'


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_extends_never_reads_a_device(tmp_path: Path) -> None:
    path = written(tmp_path, CHILD.format(parent="/dev/zero"), "child.yaml")

    assert str(refused(path, "en", loader=load_policy)) == "/dev/zero: $: is not a regular file (a device, pipe or socket) and is not read"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_extends_never_waits_on_a_named_pipe(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "parent.yaml")
    path = written(tmp_path, CHILD.format(parent="parent.yaml"), "child.yaml")

    error = refused(path, "en", loader=load_policy)

    assert str(error) == f"{tmp_path / 'parent.yaml'}: $: is not a regular file (a device, pipe or socket) and is not read"


def test_extends_refuses_a_parent_larger_than_the_limit(tmp_path: Path) -> None:
    with (tmp_path / "parent.yaml").open("wb") as stream:
        stream.truncate(MAX_BYTES + 1)
    path = written(tmp_path, CHILD.format(parent="parent.yaml"), "child.yaml")

    assert refused(path, "en", loader=load_policy).problems[0].message == "the file is 10,485,761 bytes, more than the limit of 10,485,760"


def test_extends_refuses_a_folder(tmp_path: Path) -> None:
    (tmp_path / "parent").mkdir()
    path = written(tmp_path, CHILD.format(parent="parent"), "child.yaml")

    assert refused(path, "en", loader=load_policy).problems[0].message == "is a folder, not a file"


def test_a_relative_extends_is_read_from_the_extending_policys_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "rules" / "base").mkdir(parents=True)
    written(tmp_path / "rules" / "base", CHILD.format(parent="beijing").replace("name: child", "name: parent"), "parent.yaml")
    path = written(tmp_path / "rules", CHILD.format(parent="base/parent.yaml"), "child.yaml")
    monkeypatch.chdir(tmp_path)  # neither folder

    policy = load_policy(path)

    assert policy.name == "child"
    assert policy.sources["local"] == "测试"
    assert isinstance(policy.rules[3].unmet, type(load_policy("beijing").rules[3].unmet))  # beijing's, through parent


def test_a_bundled_name_still_works_as_extends(tmp_path: Path) -> None:
    assert load_policy(written(tmp_path, CHILD.format(parent="central-2020"), "child.yaml")).name == "child"


def test_a_chain_of_extends_longer_than_the_limit_is_refused(tmp_path: Path) -> None:
    for index in range(20):
        written(tmp_path, CHILD.format(parent=f"p{index + 1}.yaml").replace("name: child", f"name: p{index}"), f"p{index}.yaml")
    written(tmp_path, CHILD.format(parent="central-2020").replace("name: child", "name: p20"), "p20.yaml")

    error = refused(tmp_path / "p0.yaml", "en", loader=load_policy)

    assert isinstance(error, PolicyError)
    assert error.problems[0].message.startswith("extends goes more than 16 policies deep: p0 → p1 → ")
    assert error.problems[0].path == "$.extends"


def test_a_policy_that_is_not_a_name_a_path_or_a_mapping_is_refused() -> None:
    assert str(refused(5, "en", loader=load_policy)) == "<policy>: $: a int is not a policy: give a bundled name, a file path or a mapping"


def test_an_empty_policy_file_names_null(tmp_path: Path) -> None:
    assert str(refused(written(tmp_path, "", "policy.yaml"), "en", loader=load_policy)).endswith("the top level should be a mapping, not null")


# --- data given by a program ---------------------------------------------------------------------


def test_a_mapping_inside_itself_is_refused() -> None:
    form: dict[str, Any] = {"project": "示例", "indicators": []}
    form["indicators"].append(form)

    assert str(refused(form, "en")) == "<mapping>: $.indicators[0]: contains itself (a cycle) and cannot be read"


def test_shared_parts_are_converted_once_however_often_they_are_used() -> None:
    shared: Any = [0.5]
    for _ in range(90):  # 2^90 leaves once expanded
        shared = [shared, shared]
    start = time.perf_counter()

    document = from_mapping({"note": shared})

    assert time.perf_counter() - start < 1
    assert document.data["note"][0] is document.data["note"][1]


def test_a_mapping_nested_deeper_than_the_limit_is_refused() -> None:
    deep: Any = "x"
    for _ in range(MAX_DEPTH + 5):
        deep = {"k": deep}

    assert refused({"project": "示例", "indicators": [], "note": deep}, "en").problems[0].message == "is nested more than 100 levels deep"


@pytest.mark.parametrize(("value", "en"), [
    pytest.param(float("nan"), "nan is not a finite number (NaN or infinity)", id="float-nan"),
    pytest.param(float("-inf"), "-inf is not a finite number (NaN or infinity)", id="float-minus-infinity"),
    pytest.param(Decimal("sNaN"), "sNaN is not a finite number (NaN or infinity)", id="decimal-snan"),
    pytest.param(10**5000, "10000000000000000000… is out of range: a number must be less than 10^15 in size", id="5001-digit-int"),
    pytest.param(Decimal("1e-40"), "1E-40 has 40 decimal places, more than the limit of 30", id="decimal-1e-40"),
])
def test_a_programs_number_beyond_the_limits_is_named(value: Any, en: str) -> None:
    error = refused({"project": "示例", "indicators": [{"name": "人数", "weight": value}]}, "en")

    assert str(error) == f"<mapping>: $.indicators[0].weight: {en}"
    assert isinstance(error, FormError)


def test_an_object_whose_repr_fails_is_named_by_its_type() -> None:
    class Opaque:
        def __repr__(self) -> str:
            raise RuntimeError("no repr")

    assert str(refused({"project": Opaque(), "indicators": []}, "en")) == "<mapping>: $.project: <Opaque> is not of type 'string'"


def test_the_problems_listed_are_at_most_a_hundred(tmp_path: Path) -> None:
    path = written(tmp_path, "project: x\nindicators:\n" + "  - {name: 人数, weight: -1}\n" * 300)

    error = refused(path, "en")

    assert len(error.problems) == 101
    assert error.problems[-1].message == "too many problems: only the first 100 are listed"
