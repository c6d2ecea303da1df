"""CAD and crime reference numbers."""

from __future__ import annotations

import pytest

from flows.reading.crn import parse_crn


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234567/25", "1234567/25"),
        ("CAD4521/23NOV", "CAD4521/23NOV"),
        ("cad 4521/23nov", "CAD4521/23NOV"),
        ("ref: 1234567/25", "1234567/25"),
        ("12-345", "12-345"),
        ("123", None),
        ("skip", None),
        ("ABCDEFG", None),
        ("1234567890123456789012", None),
        ("12#4!", None),
    ],
)
def test_parse_crn(text: str, expected: str | None) -> None:
    assert parse_crn(text) == expected
