"""Reading digest periods, quiet hours and polls; when digests fall due."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from flows.periods import last_digest_slot, next_digest_at, read_digest_args
from flows.polls import parse_poll
from flows.preferences import in_quiet_hours, parse_quiet, quiet_ends

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)  # a Monday


@pytest.mark.parametrize(
    ("typed", "start"),
    [
        ("", datetime(2026, 11, 16, 14, 30, tzinfo=UTC)),
        ("30", datetime(2026, 10, 24, 14, 30, tzinfo=UTC)),
        ("last 14 days", datetime(2026, 11, 9, 14, 30, tzinfo=UTC)),
        ("since 1 Nov", datetime(2026, 11, 1, 0, 0, tzinfo=UTC)),
        ("since 1/11", datetime(2026, 11, 1, 0, 0, tzinfo=UTC)),
        ("since November 1st", datetime(2026, 11, 1, 0, 0, tzinfo=UTC)),
        ("since 2026-10-01", datetime(2026, 9, 30, 23, 0, tzinfo=UTC)),  # BST midnight
        ("since 1 Dec", datetime(2025, 12, 1, 0, 0, tzinfo=UTC)),  # the last 1 Dec
        ("since monday", datetime(2026, 11, 16, 0, 0, tzinfo=UTC)),
    ],
)
def test_digest_periods(typed, start):
    ask = read_digest_args(typed, NOW, LONDON)
    assert ask.problem is None and ask.start == start and ask.end == NOW


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("since 31 Feb", "unreadable"),
        ("whenever", "unreadable"),
        ("5000", "too_long"),
        ("since today", None),
        ("since 2027-01-01", "future"),
    ],
)
def test_digest_problems(typed, problem):
    assert read_digest_args(typed, NOW, LONDON).problem == problem


def test_schedules_fall_on_monday_and_daily_at_eight_london_time():
    assert next_digest_at(NOW, "weekly", LONDON) == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    assert next_digest_at(NOW, "daily", LONDON) == datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    summer = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert last_digest_slot(summer, "daily", LONDON) == datetime(2026, 7, 1, 7, 0, tzinfo=UTC)
    assert next_digest_at(NOW, "off", LONDON) is None
    assert read_digest_args("Daily", NOW, LONDON).frequency == "daily"


def test_quiet_hours():
    assert parse_quiet("22:00-07:00") == (1320, 420)
    assert parse_quiet("10pm to 7am") == (1320, 420)
    assert parse_quiet("22-7") == (1320, 420)
    assert parse_quiet("25:00-07:00") is None and parse_quiet("7-7") is None
    night = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    assert in_quiet_hours(night.astimezone(LONDON), 1320, 420)
    assert not in_quiet_hours(NOW.astimezone(LONDON), 1320, 420)
    assert quiet_ends(night, LONDON, 1320, 420) == datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    assert quiet_ends(NOW, LONDON, 1320, 420) == NOW


def test_polls():
    asked = parse_poll(
        "What should the police focus on in December? 1. Shoplifting 2. Begging "
        "3. Moped snatches 4. Pickpockets"
    )
    assert asked is not None and asked.options[2] == "Moped snatches"
    assert parse_poll("Best day? Tuesday / Thursday").options == ("Tuesday", "Thursday")
    assert parse_poll("Just a statement") is None
    assert parse_poll("Which? Same / same") is None
