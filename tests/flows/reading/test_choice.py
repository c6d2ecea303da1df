"""Yes/no words and choices among options."""

from __future__ import annotations

import pytest

from flows.model import Option
from flows.reading.choice import parse_choice
from flows.reading.yesno import parse_yes_no


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("y", True),
        ("Yeah", True),
        ("yes please", True),
        ("yse", True),
        ("nope", False),
        ("No, nobody", False),
        ("n", False),
        ("nah", False),
        ("maybe", None),
        ("", None),
    ],
)
def test_parse_yes_no(text: str, expected: bool | None) -> None:
    assert parse_yes_no(text) is expected


def test_parse_choice() -> None:
    options = (Option("moped", "Moped"), Option("scooter", "Scooter"), Option("ebike", "E-bike"))
    assert parse_choice("2", options) == "scooter"
    assert parse_choice("4", options) is None
    assert parse_choice("Moped", options) == "moped"
    assert parse_choice("mopd", options) == "moped"
    assert parse_choice("it was a scooter", options) == "scooter"
    assert parse_choice("electric bike", options, {"electric bike": "ebike"}) == "ebike"
    assert parse_choice("zz", options) is None
    assert parse_choice("a horse", options) is None
