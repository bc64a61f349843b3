"""Text as the grammar and the graders read it: NFKC, wrapped lines joined, spaces collapsed."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
_PUNCTUATION = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """The text the grammar reads: NFKC (％ → %, ９ → 9), wrapped lines joined, spaces collapsed.

    >>> normalise(" ≥ ９０％ ")
    '≥ 90%'
    >>> normalise("定性2023年3月底\\n前")
    '定性2023年3月底前'
    """
    text = unicodedata.normalize("NFKC", text)
    text = _LINE_BREAKS.sub("", text.strip())
    return _SPACES.sub(" ", text)


def plain(text: str) -> str:
    """The words of a text without spaces or punctuation, for comparing what two texts say.

    >>> plain("提高领导干部依法决策、依法行政能力。")
    '提高领导干部依法决策依法行政能力'
    """
    return _PUNCTUATION.sub("", normalise(text))
