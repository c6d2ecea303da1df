"""Filling `{name}` placeholders in a text, in one pass."""

from __future__ import annotations

import re

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def fill(template: str, /, **values: object) -> str:
    """`template` with each `{name}` replaced by `values[name]`, once, left to right.

    One pass means words people typed (which may hold `{ref}` or braces) are never filled in
    again, and a placeholder without a value stays as it is rather than raising.
    """

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        return str(values[name]) if name in values else match.group(0)

    return _PLACEHOLDER.sub(value, template)
