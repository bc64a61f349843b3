"""Text as the grammar and the graders read it: NFKC, wrapped lines joined, spaces collapsed."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029\x0b\x0c\x1c-\x1e\x85]+\s*")
# Chinese puts no spaces between words: a space next to a CJK character is layout (12 月前 = 12月前).
_CJK = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_SPACE_BY_CJK = re.compile(rf"(?<=[{_CJK}]) +| +(?=[{_CJK}])")
_PUNCTUATION = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise(text: str, *, cjk_spaces: bool = False) -> str:
    """The text the grammar reads: NFKC (％ → %, ９ → 9), wrapped lines joined, spaces collapsed, and
    (unless `cjk_spaces`) no space next to a CJK character, since Chinese puts none between words.

    >>> normalise(" ≥ ９０％ ")
    '≥ 90%'
    >>> normalise("定性2023年3月底\\n前"), normalise("12 月 前")
    ('定性2023年3月底前', '12月前')
    """
    text = unicodedata.normalize("NFKC", text).strip()
    joined = _LINE_BREAKS.sub("", text)
    if joined != text:  # joining lines can bring a combining mark next to a letter: normalise again
        text = unicodedata.normalize("NFKC", joined)
    if " " not in text and "\t" not in text:
        return text
    text = _SPACES.sub(" ", text).strip()
    return text if cjk_spaces else _SPACE_BY_CJK.sub("", text)


def plain(text: str) -> str:
    """The words of a text without spaces or punctuation, for comparing what two texts say.

    >>> plain("提高领导干部依法决策、依法行政能力。")
    '提高领导干部依法决策依法行政能力'
    """
    return _PUNCTUATION.sub("", normalise(text))
