"""Matching typed words and shared locations to known streets."""

from __future__ import annotations

import pytest
from flowkit import STREETS

from flows.reading.streets import has_extra_words, match_street, nearest_street


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("coventy st", "Coventry Street"),
        ("leicster sq", "Leicester Square"),
        ("Leicester Square", "Leicester Square"),
        ("outside 12 Coventry St", "Coventry Street"),
        ("piccadilly", "Piccadilly"),
        ("picadilly circus", "Piccadilly Circus"),
        ("shaftesbury ave", "Shaftesbury Avenue"),
        ("charing x rd", "Charing Cross Road"),
        ("st martins lane", "St Martin's Lane"),
        ("wardour", "Wardour Street"),
    ],
)
def test_match_street_sure(text: str, name: str) -> None:
    match = match_street(text, STREETS)
    assert match.street is not None and match.street.name == name
    assert match.sure


@pytest.mark.parametrize("text", ["the shop next door", "oxford street", "soho square", "st"])
def test_match_street_none(text: str) -> None:
    match = match_street(text, STREETS)
    assert match.street is None and not match.sure


def test_match_street_unsure_is_a_guess() -> None:
    match = match_street("cranbury", STREETS)
    assert match.street is not None and match.street.name == "Cranbourn Street"
    assert not match.sure


def test_nearest_street() -> None:
    near = nearest_street(51.5104, -0.1323, STREETS)
    assert near is not None and near.name == "Coventry Street"
    assert nearest_street(51.52, -0.20, STREETS) is None
    assert nearest_street(51.5104, -0.1323, ()) is None


@pytest.mark.parametrize(
    ("typed", "street", "extra"),
    [
        ("piccadilly circus, by the tube exit", "Piccadilly Circus", True),
        ("outside 12 Coventry St", "Coventry Street", True),
        ("coventy stret", "Coventry Street", False),
        ("at the Haymarket", "Haymarket", False),
        ("Leicester Sq", "Leicester Square", False),
        ("corner of jermyn st and duke st", "Jermyn Street", True),
    ],
)
def test_words_beyond_the_street_name_are_noticed(typed: str, street: str, extra: bool) -> None:
    assert has_extra_words(typed, street) is extra
