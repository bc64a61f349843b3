"""Every sentence the library says to a person, in Chinese and in English.

Messages are looked up by a stable code and filled with named values, so that errors and
explanations carry data and callers never parse text. Each layer's wording lives in its own
catalog module here (`values`, `policies`, `scoring`, `review`, `documents`, `importers`, `reports`,
`cli`, `testing`); a code is unique across all of them (a test checks it).

>>> message("syntax.empty", "en")
'is empty'
>>> message("syntax.too_long", "zh", length=612, limit=500)
'长度 612 超过上限 500 个字符'
"""

from __future__ import annotations

import unicodedata
from typing import Literal

from . import (
    cli,
    documents,
    importers,
    policies,
    reports,
    review,
    scoring,
    testing,
    values,
)

Lang = Literal["zh", "en"]
LANGS: tuple[str, ...] = ("zh", "en")

CATALOGS = {
    "values": values.MESSAGES,
    "policies": policies.MESSAGES,
    "scoring": scoring.MESSAGES,
    "review": review.MESSAGES,
    "documents": documents.MESSAGES,
    "importers": importers.MESSAGES,
    "reports": reports.MESSAGES,
    "cli": cli.MESSAGES,
    "testing": testing.MESSAGES,
}

# code → (Chinese, English). Placeholders are str.format fields.
MESSAGES: dict[str, tuple[str, str]] = {code: text for catalog in CATALOGS.values() for code, text in catalog.items()}


def message(code: str, lang: Lang = "zh", /, **params: object) -> str:
    """Render the message `code` in `lang`, filled with `params`."""
    zh, en = MESSAGES[code]
    return (en if lang == "en" else zh).format(**params)


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal: East Asian wide and full-width characters take two.

    >>> display_width("=24期")
    5
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def dimension_label(dimension: str, lang: Lang = "zh") -> str:
    """A dimension of units in words: 金额, or 计数（人次） for a count unit.

    >>> dimension_label("count:人次"), dimension_label("money", "en")
    ('计数（人次）', 'money')
    >>> dimension_label("money/count:户*months")
    '金额/计数（户）·月数'
    """
    if "/" in dimension and not dimension.startswith("count:"):
        numerator, _, rest = dimension.partition("/")
        return dimension_label(numerator, lang) + "/" + "·".join(dimension_label(d, lang) for d in rest.split("*"))
    if dimension.startswith("count:"):
        return message("dimension.count", lang, unit=dimension.removeprefix("count:"))
    code = f"dimension.{dimension}"
    return message(code, lang) if code in MESSAGES else dimension
