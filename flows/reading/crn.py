"""CAD and crime reference numbers."""

from __future__ import annotations

import re

_CRN_RE = re.compile(r"^[A-Z0-9/-]{4,20}$")
_CRN_LEAD = frozenset(
    {"REF", "REFERENCE", "CRIME", "CRN", "NUMBER", "NO", "IS", "ITS", "THE", "CAD:"}
)


def parse_crn(text: str) -> str | None:
    """A CAD or crime reference: 4–20 letters, digits, `/` or `-`, with at least one digit."""
    words = str(text).upper().replace("#", " ").replace(":", " ").split()
    while len(words) > 1 and words[0] in _CRN_LEAD:
        words = words[1:]
    ref = "".join(words).strip(".,;")
    if _CRN_RE.fullmatch(ref) and any(c.isdigit() for c in ref):
        return ref
    return None
