"""Amounts in pounds, and "don't know"."""

from __future__ import annotations

import pytest

from flows.reading.money import parse_money
from flows.reading.yesno import is_unknown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("£45", 45.0),
        ("45.50", 45.5),
        ("about 200 quid", 200.0),
        ("£1,200", 1200.0),
        ("1.2k", 1200.0),
        ("50p", 0.5),
        ("45 pounds", 45.0),
        ("2 bottles, £30", 30.0),
        ("2 bottles 30", None),
        ("unknown", None),
        ("lots", None),
    ],
)
def test_parse_money(text: str, expected: float | None) -> None:
    assert parse_money(text) == expected


def test_is_unknown() -> None:
    assert is_unknown("Unknown")
    assert is_unknown("don't know")
    assert is_unknown("skip")
    assert not is_unknown("£45")
