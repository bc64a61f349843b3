"""Shared by the io tests: the `parser` fixture, which runs a case through each YAML parser."""

from __future__ import annotations

import pytest

from selfeval_rules.io import _documents


@pytest.fixture(params=["libyaml", "pyyaml"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each case through libyaml and through PyYAML's own parser (the fallback without libyaml)."""
    if request.param == "libyaml" and not _documents.WITH_LIBYAML:
        pytest.skip("PyYAML was built without libyaml")
    if request.param == "pyyaml":
        monkeypatch.setattr(_documents, "_FAST", None)
    return str(request.param)
