"""Where things vary, one table says what exists: outcome methods, finding checks and report formats.
The schemas and the command line are checked against those tables here, so none can drift."""

from __future__ import annotations

import pytest

from selfeval_rules import load_policy
from selfeval_rules.cli._app import _parser
from selfeval_rules.findings import CHECKS
from selfeval_rules.io import schema
from selfeval_rules.policy._compiler import BANDS_KEY, IN_BANDS, METHODS, SHORTHANDS
from selfeval_rules.reports import FORMATS

POLICY_SCHEMA = schema("policy")


def _outcome_alternatives() -> list[dict]:
    return POLICY_SCHEMA["$defs"]["outcome"]["anyOf"]


def test_the_schema_shorthands_are_the_compilers() -> None:
    strings = [a for a in _outcome_alternatives() if a.get("type") == "string"]
    assert [tuple(a["enum"]) for a in strings] == [SHORTHANDS]


def test_the_schema_outcome_mappings_are_the_compilers() -> None:
    keys = sorted(tuple(a["required"]) for a in _outcome_alternatives() if a.get("type") == "object")
    assert keys == sorted([*((key,) for key in IN_BANDS), ("on", BANDS_KEY)])


def test_every_method_is_written_one_way_or_another() -> None:
    assert set(METHODS) == set(SHORTHANDS) | set(IN_BANDS)


def test_a_band_uses_the_methods_a_band_may_use() -> None:
    band = POLICY_SCHEMA["$defs"]["band"]["properties"]
    assert set(IN_BANDS) <= set(band)


def test_the_rules_outcomes_refer_to_the_one_outcome_definition() -> None:
    rule = POLICY_SCHEMA["$defs"]["rule"]["properties"]
    assert rule["met"]["$ref"] == rule["unmet"]["$ref"] == "#/$defs/outcome"


def test_the_policy_schema_refers_to_the_forms_definitions_instead_of_copying_them() -> None:
    assert not {"indicator", "budget", "amount", "rate", "fundsRow", "goals"} & set(POLICY_SCHEMA["$defs"])
    assert POLICY_SCHEMA["properties"]["examples"]["items"]["properties"]["row"]["$ref"] == "form.schema.json#/$defs/indicator"


def test_the_schema_lists_exactly_the_registered_findings() -> None:
    assert sorted(POLICY_SCHEMA["properties"]["findings"]["properties"]) == sorted(CHECKS)


@pytest.mark.parametrize("code", sorted(CHECKS))
def test_the_schema_requires_each_findings_thresholds(code: str) -> None:
    entry = POLICY_SCHEMA["properties"]["findings"]["properties"][code]
    assert sorted(entry["required"]) == sorted(("severity", *CHECKS[code].params))


@pytest.mark.parametrize("code", sorted(CHECKS))
def test_the_central_policy_configures_every_finding(code: str) -> None:
    assert code in load_policy("central-2020").findings


def test_the_check_command_offers_exactly_the_registered_formats() -> None:
    check = next(a for a in _parser()._subparsers._group_actions[0].choices["check"]._actions if a.dest == "format")  # type: ignore[union-attr]
    assert tuple(check.choices) == tuple(FORMATS)


def test_only_formats_that_cannot_be_printed_need_a_file() -> None:
    assert sorted(name for name, f in FORMATS.items() if f.file_only) == ["html", "xlsx"]
