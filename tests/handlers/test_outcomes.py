"""Close outcomes from an officer's words."""

from __future__ import annotations

import pytest

from handlers.outcomes import parse_outcome


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("detained", "detained"),
        ("Offender detained", "detained"),
        ("detaind", "detained"),
        ("CRIME-REF", "crime-ref"),
        ("crime reference", "crime-ref"),
        ("recoverd", "recovered"),
        ("nfa", "nfa"),
        ("No further action", "nfa"),
        ("not-police", "not-police"),
        ("not a police matter", "not-police"),
        ("duplicate", "duplicate"),
        ("dupliacte", "duplicate"),
        ("banana", None),
        ("", None),
    ],
)
def test_parse_outcome(text: str, expected: str | None) -> None:
    assert parse_outcome(text) == expected
