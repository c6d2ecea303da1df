"""What a person typed, made safe to store, read and echo back, on every channel."""

from __future__ import annotations

import re
import unicodedata

# A lone surrogate cannot be encoded as UTF-8 (so never stored on PostgreSQL, never sent back);
# NUL is refused by PostgreSQL text columns; other C0 controls are invisible noise.
_UNSAFE = re.compile(r"[\ud800-\udfff]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: object, *, limit: int = 4096) -> str:
    """A platform's text field as a plain string: numbers as typed, anything else as nothing.

    Digits that `str.isdigit()` accepts but `int()` refuses (², ①) become the digit they show,
    so no reader that checks one and calls the other can fail on them.
    """
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        text = str(value)
    elif isinstance(value, str):
        text = value
    else:
        return ""
    text = _UNSAFE.sub(lambda m: "\ufffd" if "\ud800" <= m.group() <= "\udfff" else "", text)
    if any(c.isdigit() and not c.isdecimal() for c in text):
        text = "".join(_plain_digit(c) for c in text)
    return text[:limit]


def _plain_digit(char: str) -> str:
    if char.isdigit() and not char.isdecimal():
        return str(unicodedata.digit(char, 0))
    return char
