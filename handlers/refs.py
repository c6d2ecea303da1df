"""Case references: "WE-0042", read in any letter case and a few other spellings."""

from __future__ import annotations

import re

_CASE_REF_RE = re.compile(
    r"(?<![A-Za-z])([A-Za-z]{2,5})(?:\s*[-\u2010-\u2015]\s*|)(\d{4,7})(?!\d)"
)
_CASE_REF_NUMBER_RE = re.compile(r"^\s*#?\s*(\d{1,7})\s*$")


def parse_case_ref(text: str, default_code: str | None = None) -> tuple[str, int] | None:
    """A case reference like "we-1042" as ("WE", 1042); bare numbers take `default_code`."""
    t = str(text)
    m = _CASE_REF_RE.search(t)
    if m:
        return m.group(1).upper(), int(m.group(2))
    if default_code:
        bare = _CASE_REF_NUMBER_RE.match(t)
        # "WE 42" is safe to read only for the code we expect; "case 1234" must not become CASE.
        spaced = re.search(rf"(?<![A-Za-z]){re.escape(default_code)}\s+(\d{{1,7}})(?!\d)", t, re.I)
        if bare:
            return default_code.upper(), int(bare.group(1))
        if spaced:
            return default_code.upper(), int(spaced.group(1))
    return None


def format_ref(code: str, number: int) -> str:
    """A case reference as people see it: "WE-0042"."""
    return f"{code.upper()}-{number:04d}"
