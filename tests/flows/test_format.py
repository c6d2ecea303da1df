"""Times as people read them."""

from __future__ import annotations

from datetime import datetime

from flowkit import LONDON

from flows.format import format_time


def at(y: int, mo: int, d: int, h: int, mi: int) -> datetime:
    """A London wall-clock time."""
    return datetime(y, mo, d, h, mi, tzinfo=LONDON)


def test_format_time() -> None:
    assert format_time(at(2025, 11, 23, 14, 30), LONDON) == "Sun 23 Nov, 14:30"
    assert format_time(datetime.fromisoformat("2025-07-01T08:05:00+00:00"), LONDON) == (
        "Tue 1 Jul, 09:05"
    )
