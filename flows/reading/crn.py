"""CAD and crime reference numbers."""

from __future__ import annotations

import re
from typing import Literal

_CRN_LEAD = frozenset(
    {"REF", "REFERENCE", "CRIME", "CRN", "NUMBER", "NO", "IS", "ITS", "THE", "CAD:"}
)


def parse_crn(text: str) -> str | None:
    """A CAD or crime reference: 4–20 letters, digits, `/` or `-`, with at least one digit."""
    ref = _candidate(text)
    return ref if crn_problem(text) is None else None


def crn_problem(text: str) -> Literal["characters", "length", "digit"] | None:
    """What keeps `text` from being a reference number, so the person can be told exactly."""
    ref = _candidate(text)
    if not re.fullmatch(r"[A-Z0-9/-]*", ref):
        return "characters"
    if not 4 <= len(ref) <= 20:
        return "length"
    if not any(c.isdigit() for c in ref):
        return "digit"
    return None


def _candidate(text: str) -> str:
    """The reference part of what was typed ("crime ref is 1234567/25" → "1234567/25")."""
    words = str(text).upper().replace("#", " ").replace(":", " ").split()
    while len(words) > 1 and words[0] in _CRN_LEAD:
        words = words[1:]
    return "".join(words).strip(".,;")
