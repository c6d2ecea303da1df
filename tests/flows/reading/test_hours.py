"""Opening hours as managers type them, written back one way."""

from __future__ import annotations

import pytest

from flows.reading.hours import HoursError, read_hours


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("Mon-Sat 09:00-21:00, Sun 12:00-18:00", "Mon-Sat 09:00-21:00, Sun 12:00-18:00"),
        ("mon-sat 9am-9pm; sunday 12-6", "Mon-Sat 09:00-21:00, Sun 12:00-18:00"),
        ("Mon to Fri 9-5pm", "Mon-Fri 09:00-17:00"),
        ("Sat 1-5pm, sun closed", "Sat 13:00-17:00, Sun closed"),
        ("every day 8.30 - 23:00", "Mon-Sun 08:30-23:00"),
        ("Thurs-Sat 18:00-24:00", "Thu-Sat 18:00-24:00"),
        ("fri-mon 10-4", "Fri-Mon 10:00-16:00"),
    ],
)
def test_hours_are_read_into_one_form(typed: str, written: str) -> None:
    assert read_hours(typed) == written


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "no hours given"),
        ("sometimes", "give the days, then the times"),
        ("Mon 9", "could not read the times '9'"),
        ("Funday 09:00-17:00", "could not read the days 'funday'"),
        ("Mon 25:00-26:00", "25:00 is not a time of day"),
        ("Mon 13pm-2pm", "13pm is not a time"),
        ("Mon 18:00-09:00", "closes before it opens"),
    ],
)
def test_hours_not_understood_say_what_could_not_be_read(typed: str, says: str) -> None:
    with pytest.raises(HoursError, match=says):
        read_hours(typed)
