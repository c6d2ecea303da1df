"""Case references as people type them."""

from __future__ import annotations

import pytest

from handlers.refs import format_ref, parse_case_ref


@pytest.mark.parametrize(
    ("text", "default", "expected"),
    [
        ("we-1042", None, ("WE", 1042)),
        ("WE-0042", None, ("WE", 42)),
        ("close WE-1042 please", None, ("WE", 1042)),
        ("abcde-1234567", None, ("ABCDE", 1234567)),
        ("WE1042", None, ("WE", 1042)),
        ("42", "WE", ("WE", 42)),
        ("we 42", "WE", ("WE", 42)),
        ("42", None, None),
        ("case 1234", None, None),
        ("W-1234", None, None),
        ("WE-123", None, None),
    ],
)
def test_parse_case_ref(text: str, default: str | None, expected: tuple[str, int] | None) -> None:
    assert parse_case_ref(text, default) == expected


def test_format_ref() -> None:
    assert format_ref("WE", 42) == "WE-0042"
    assert format_ref("we", 12345) == "WE-12345"
