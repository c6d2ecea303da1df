"""The parsers handlers share: times, money, streets, references and outcomes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flowkit import LONDON, NOW, STREETS

from flows import parse
from flows.model import Option


def at(y: int, mo: int, d: int, h: int, mi: int) -> datetime:
    """A London wall-clock time."""
    return datetime(y, mo, d, h, mi, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("just now", at(2025, 11, 23, 14, 40)),
        ("now", at(2025, 11, 23, 14, 40)),
        ("20 minutes ago", at(2025, 11, 23, 14, 20)),
        ("20 mins ago", at(2025, 11, 23, 14, 20)),
        ("an hour ago", at(2025, 11, 23, 13, 40)),
        ("2 hours ago", at(2025, 11, 23, 12, 40)),
        ("half an hour ago", at(2025, 11, 23, 14, 10)),
        ("14:30", at(2025, 11, 23, 14, 30)),
        ("2:30pm", at(2025, 11, 23, 14, 30)),
        ("2.30 pm", at(2025, 11, 23, 14, 30)),
        ("6pm", at(2025, 11, 22, 18, 0)),
        ("yesterday 6pm", at(2025, 11, 22, 18, 0)),
        ("yesterday at 18:15", at(2025, 11, 22, 18, 15)),
        ("18:15 yesterday", at(2025, 11, 22, 18, 15)),
        ("this morning", at(2025, 11, 23, 9, 0)),
        ("monday 3pm", at(2025, 11, 17, 15, 0)),
        ("Sunday 3pm", at(2025, 11, 16, 15, 0)),
        ("sunday 10am", at(2025, 11, 23, 10, 0)),
        ("at about 2ish", at(2025, 11, 23, 14, 0)),
        ("21 nov 9am", at(2025, 11, 21, 9, 0)),
        ("21/11 09:00", at(2025, 11, 21, 9, 0)),
        ("last night", at(2025, 11, 22, 22, 0)),
    ],
)
def test_parse_when(text: str, expected: datetime) -> None:
    assert parse.parse_when(text, NOW, LONDON) == expected


@pytest.mark.parametrize("text", ["", "tomorrow", "yesterday", "whenever", "25:00", "14:75"])
def test_parse_when_unreadable(text: str) -> None:
    assert parse.parse_when(text, NOW, LONDON) is None


def test_late_time_typed_just_after_midnight_means_yesterday() -> None:
    now = at(2025, 11, 24, 0, 10)
    assert parse.parse_when("23:50", now, LONDON) == at(2025, 11, 23, 23, 50)
    assert parse.parse_when("20 minutes ago", now, LONDON) == at(2025, 11, 23, 23, 50)
    assert parse.parse_when("00:05", now, LONDON) == at(2025, 11, 24, 0, 5)


def _seconds_between(a: datetime, b: datetime) -> float:
    """Real seconds from a to b (same-zone subtraction in Python is wall-clock)."""
    return (b.astimezone(UTC) - a.astimezone(UTC)).total_seconds()


def test_relative_time_across_autumn_clock_change() -> None:
    # 26 Oct 2025: at 02:00 BST clocks went back to 01:00 GMT.
    now = at(2025, 10, 26, 3, 0)
    two_hours_ago = parse.parse_when("2 hours ago", now, LONDON)
    assert two_hours_ago is not None
    assert _seconds_between(two_hours_ago, now) == 2 * 3600
    assert two_hours_ago.utcoffset() is not None
    yesterday = parse.parse_when("yesterday 18:00", now, LONDON)
    assert yesterday == at(2025, 10, 25, 18, 0)
    assert yesterday is not None and yesterday.utcoffset().total_seconds() == 3600  # BST


def test_relative_time_across_spring_clock_change() -> None:
    # 30 Mar 2025: at 01:00 GMT clocks went forward to 02:00 BST.
    now = at(2025, 3, 30, 3, 0)
    hour_ago = parse.parse_when("an hour ago", now, LONDON)
    assert hour_ago is not None and _seconds_between(hour_ago, now) == 3600
    assert parse.format_time(hour_ago, LONDON) == "Sun 30 Mar, 02:00"
    two_hours_ago = parse.parse_when("2 hours ago", now, LONDON)
    assert two_hours_ago is not None and _seconds_between(two_hours_ago, now) == 7200
    assert parse.format_time(two_hours_ago, LONDON) == "Sun 30 Mar, 00:00"
    before = parse.parse_when("yesterday 14:30", now, LONDON)
    assert before is not None and before.utcoffset().total_seconds() == 0  # GMT


def test_format_time() -> None:
    assert parse.format_time(at(2025, 11, 23, 14, 30), LONDON) == "Sun 23 Nov, 14:30"
    assert parse.format_time(datetime.fromisoformat("2025-07-01T08:05:00+00:00"), LONDON) == (
        "Tue 1 Jul, 09:05"
    )


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
    assert parse.parse_money(text) == expected


def test_is_unknown() -> None:
    assert parse.is_unknown("Unknown")
    assert parse.is_unknown("don't know")
    assert parse.is_unknown("skip")
    assert not parse.is_unknown("£45")


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
    match = parse.match_street(text, STREETS)
    assert match.street is not None and match.street.name == name
    assert match.sure


@pytest.mark.parametrize("text", ["the shop next door", "oxford street", "soho square", "st"])
def test_match_street_none(text: str) -> None:
    match = parse.match_street(text, STREETS)
    assert match.street is None and not match.sure


def test_match_street_unsure_is_a_guess() -> None:
    match = parse.match_street("cranbury", STREETS)
    assert match.street is not None and match.street.name == "Cranbourn Street"
    assert not match.sure


def test_nearest_street() -> None:
    near = parse.nearest_street(51.5104, -0.1323, STREETS)
    assert near is not None and near.name == "Coventry Street"
    assert parse.nearest_street(51.52, -0.20, STREETS) is None
    assert parse.nearest_street(51.5104, -0.1323, ()) is None


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
    assert parse.parse_crn(text) == expected


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
    assert parse.parse_case_ref(text, default) == expected


def test_format_ref() -> None:
    assert parse.format_ref("WE", 42) == "WE-0042"
    assert parse.format_ref("we", 12345) == "WE-12345"


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
    assert parse.parse_outcome(text) == expected


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
    assert parse.parse_yes_no(text) is expected


def test_parse_choice() -> None:
    options = (Option("moped", "Moped"), Option("scooter", "Scooter"), Option("ebike", "E-bike"))
    assert parse.parse_choice("2", options) == "scooter"
    assert parse.parse_choice("4", options) is None
    assert parse.parse_choice("Moped", options) == "moped"
    assert parse.parse_choice("mopd", options) == "moped"
    assert parse.parse_choice("it was a scooter", options) == "scooter"
    assert parse.parse_choice("electric bike", options, {"electric bike": "ebike"}) == "ebike"
    assert parse.parse_choice("zz", options) is None
    assert parse.parse_choice("a horse", options) is None
