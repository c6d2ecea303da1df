"""Reading when something happened (the reader in use until flows.reading.times)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flowkit import LONDON, NOW

from flows.format import format_time
from flows.reading.past_times import parse_when


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
    assert parse_when(text, NOW, LONDON) == expected


@pytest.mark.parametrize("text", ["", "tomorrow", "yesterday", "whenever", "25:00", "14:75"])
def test_parse_when_unreadable(text: str) -> None:
    assert parse_when(text, NOW, LONDON) is None


def test_late_time_typed_just_after_midnight_means_yesterday() -> None:
    now = at(2025, 11, 24, 0, 10)
    assert parse_when("23:50", now, LONDON) == at(2025, 11, 23, 23, 50)
    assert parse_when("20 minutes ago", now, LONDON) == at(2025, 11, 23, 23, 50)
    assert parse_when("00:05", now, LONDON) == at(2025, 11, 24, 0, 5)


def _seconds_between(a: datetime, b: datetime) -> float:
    """Real seconds from a to b (same-zone subtraction in Python is wall-clock)."""
    return (b.astimezone(UTC) - a.astimezone(UTC)).total_seconds()


def test_relative_time_across_autumn_clock_change() -> None:
    # 26 Oct 2025: at 02:00 BST clocks went back to 01:00 GMT.
    now = at(2025, 10, 26, 3, 0)
    two_hours_ago = parse_when("2 hours ago", now, LONDON)
    assert two_hours_ago is not None
    assert _seconds_between(two_hours_ago, now) == 2 * 3600
    assert two_hours_ago.utcoffset() is not None
    yesterday = parse_when("yesterday 18:00", now, LONDON)
    assert yesterday == at(2025, 10, 25, 18, 0)
    assert yesterday is not None and yesterday.utcoffset().total_seconds() == 3600  # BST


def test_relative_time_across_spring_clock_change() -> None:
    # 30 Mar 2025: at 01:00 GMT clocks went forward to 02:00 BST.
    now = at(2025, 3, 30, 3, 0)
    hour_ago = parse_when("an hour ago", now, LONDON)
    assert hour_ago is not None and _seconds_between(hour_ago, now) == 3600
    assert format_time(hour_ago, LONDON) == "Sun 30 Mar, 02:00"
    two_hours_ago = parse_when("2 hours ago", now, LONDON)
    assert two_hours_ago is not None and _seconds_between(two_hours_ago, now) == 7200
    assert format_time(two_hours_ago, LONDON) == "Sun 30 Mar, 00:00"
    before = parse_when("yesterday 14:30", now, LONDON)
    assert before is not None and before.utcoffset().total_seconds() == 0  # GMT
