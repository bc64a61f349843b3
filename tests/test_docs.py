"""The documentation cannot drift from the code: the generated reference, keys, finding codes, commands."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from selfeval_rules import load_policy
from selfeval_rules.cli._app import _parser

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SCHEMA = ROOT / "selfeval_rules" / "schemas" / "policy.schema.json"
NOT_CHECKED = "# not-checked"
# Shell operators end the `selfeval` part of a line (`selfeval … | head`, `selfeval … > out.txt`).
SHELL_OPERATORS = {"|", "||", "&&", ";", ">", ">>", "<", "2>", "2>&1", "&"}


def schema_keys(schema: object, defs: dict, seen: set[str] | None = None) -> Iterator[str]:
    """Every property name a policy can hold, following $ref into $defs (each def once)."""
    seen = set() if seen is None else seen
    if isinstance(schema, list):
        for item in schema:
            yield from schema_keys(item, defs, seen)
        return
    if not isinstance(schema, dict):
        return
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        name = ref.rsplit("/", 1)[-1]
        if name not in seen:
            seen.add(name)
            yield from schema_keys(defs[name], defs, seen)
    for key, sub in (schema.get("properties") or {}).items():
        yield key
        yield from schema_keys(sub, defs, seen)
    for word in ("items", "additionalProperties", "anyOf", "oneOf", "allOf"):
        yield from schema_keys(schema.get(word), defs, seen)


def sh_command_lines() -> Iterator[tuple[str, int, str]]:
    """(file, line number, text) of each `selfeval …` line inside a ```sh block of docs/*.md."""
    for path in sorted(DOCS.glob("*.md")):
        inside = False
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            fence = line.strip()
            if fence.startswith("```"):
                inside = not inside and fence in ("```sh", "```shell", "```bash")
                continue
            if inside and line.strip().startswith("selfeval ") and NOT_CHECKED not in line:
                yield path.name, number, line.strip()


def selfeval_arguments(line: str) -> list[str]:
    words = shlex.split(line, comments=True)
    for index, word in enumerate(words):
        if word in SHELL_OPERATORS:
            words = words[:index]
            break
    return words[1:]


def test_the_generated_policy_reference_is_up_to_date():
    result = subprocess.run(
        [sys.executable, "docs/gen_policy_reference.py", "--check"], cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr or result.stdout


def test_every_key_of_the_policy_schema_appears_in_the_policy_docs():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    text = (DOCS / "policies.md").read_text(encoding="utf-8")
    keys = sorted(set(schema_keys(schema, schema.get("$defs", {}))))
    missing = [key for key in keys if not re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", text)]
    assert keys and not missing


def test_every_finding_code_of_the_central_policy_appears_in_the_review_docs():
    codes = sorted(load_policy(ROOT / "policies" / "central-2020.yaml").findings)
    text = (DOCS / "review.md").read_text(encoding="utf-8")
    missing = [code for code in codes if f"`{code}`" not in text]
    assert codes and not missing


COMMANDS = list(sh_command_lines())


def test_the_docs_show_selfeval_commands():
    assert len(COMMANDS) >= 20


@pytest.mark.parametrize(("doc", "number", "line"), COMMANDS, ids=[f"{doc}:{number}" for doc, number, _ in COMMANDS])
def test_each_command_line_in_the_docs_parses(doc: str, number: int, line: str):
    try:
        args = _parser().parse_args(selfeval_arguments(line))
    except SystemExit as exit_:
        pytest.fail(f"{doc}:{number}: {line!r} does not parse (exit {exit_.code})")
    assert callable(args.run)


def test_the_target_syntax_docs_exist():
    assert (DOCS / "targets.md").is_file()
