"""Amounts of money in pounds, as people type them."""

from __future__ import annotations

import math
import re

from flows.reading.yesno import is_unknown


def parse_money(text: str) -> float | None:
    """Pounds named in `text` ("£45", "45.50", "about 200 quid", "£1.2k"); None if unclear."""
    t = str(text).lower().replace(",", "")
    if is_unknown(t):
        return None
    found = list(
        re.finditer(
            r"(£\s*)?(\d+(?:\.\d{1,2})?)\s*(k\b|p\b|pence|quid|pounds?|gbp|£)?",
            t,
        )
    )
    if not found:
        return None
    with_currency = [m for m in found if m.group(1) or m.group(3)]
    if with_currency:
        m = with_currency[0]
    elif len(found) == 1:
        m = found[0]
    else:
        # "2 bottles, 30" is ambiguous without a £ sign, so we ask again.
        return None
    value = float(m.group(2))
    unit = (m.group(3) or "").strip()
    if unit == "k":
        value *= 1000
    elif unit in {"p", "pence"}:
        value /= 100
    if not math.isfinite(value) or value < 0 or value > 10_000_000:
        return None
    return round(value, 2)
