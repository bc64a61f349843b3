"""Testing kit for policy authors: hypothesis strategies, the standard properties, embedded examples
and the pytest plugin.

Use it in your own test suite to trust the policy YAML you write::

    from selfeval_rules import load_policy
    from selfeval_rules.testing import check_policy_properties

    def test_my_city_policy_keeps_the_standard_properties():
        check_policy_properties(load_policy("policies/my-city.yaml"))

The strategies and properties need hypothesis; they are imported on first use, so that the
embedded examples (`selfeval_rules.testing.examples`) and the plugin work without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

_NAMES = {
    "actuals": "strategies",
    "forms": "strategies",
    "indicators": "strategies",
    "targets": "strategies",
    "PolicyPropertyError": "properties",
    "check_policy_properties": "properties",
    "readable": "properties",
}

__all__ = ["PolicyPropertyError", "actuals", "check_policy_properties", "forms", "indicators", "targets"]


def __getattr__(name: str) -> Any:
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'selfeval_rules.testing' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_NAMES])


if TYPE_CHECKING:
    from .properties import PolicyPropertyError, check_policy_properties, readable  # noqa: F401
    from .strategies import actuals, forms, indicators, targets
