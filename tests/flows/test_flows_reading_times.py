"""The time reader: a labelled set of our own, dateparser's English cases, follow-up answers read
inside a window, the clock changes, and the questions asked back. Scores print under `-s`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.time_cases.kit import (
    LONDON,
    Case,
    Label,
    judge,
    load_dateparser,
    run,
    run_dateparser,
    score,
    score_dateparser,
    show,
)
from bench.time_cases.phrases import AUTUMN, CASES, at, nov
from flows.reading.times import (
    FUTURE_SLACK,
    MAX_AGE,
    Kind,
    TimeReading,
    Window,
    ask_back,
    read_time,
)

NOW = nov(24, 15, 10)  # a Tuesday afternoon


def test_own_phrasings_score(measured: Callable[[str], None]) -> None:
    results = run(CASES)
    counts = score(results)
    measured(show("time reader, own labelled set", counts))
    wrong = [
        f"{c.now:%a %d %b %H:%M} {c.text!r}: {v}"
        for c, v in results
        if v != "right" and "wrong" in v
    ]
    assert counts["total"] >= 150
    assert not wrong, "\n".join(wrong)
    assert counts["read"] >= 0.9 * counts["unambiguous"]


def test_dateparser_cases_score(measured: Callable[[str], None]) -> None:
    cases = load_dateparser()
    results = run_dateparser(cases)
    counts = score_dateparser(results)
    measured(show("time reader, dateparser's English cases", counts))
    wrong = [f"{c['id']} {c['text']!r}: {v}" for c, v in results if v.startswith("wrong")]
    assert not wrong, "\n".join(wrong)
    assert counts["read"] >= 0.9 * counts["unambiguous"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.now:%d%b-%H%M}-{c.text}")
def test_phrase(case: Case) -> None:
    verdict = judge(case, read_time(case.text, case.now, LONDON))
    # Our own labels are strict: the right moment, or the very window or choices to ask about.
    assert verdict == ("right" if case.label.unambiguous else "asked"), verdict


def test_the_judge_tells_the_two_autumn_half_past_ones_apart() -> None:
    """In one zone Python compares wall clocks, so the judge must compare in UTC."""
    first, second = at(2026, 10, 25, 1, 30), at(2026, 10, 25, 1, 30, fold=1)
    wrong_way_round = Case(
        AUTUMN, "1:30am", Label(Kind.VAGUE, None, first, second, (first, second))
    )
    assert judge(wrong_way_round, read_time("1:30am", AUTUMN, LONDON)).startswith("wrong")
    assert judge(
        Case(AUTUMN, "2 hours ago", Label(Kind.EXACT, first)),
        read_time("2 hours ago", AUTUMN, LONDON),
    ).startswith("wrong")


# --- Follow-up answers, read inside the window of the question ---------------------------------


def follow(first: str, *answers: str, now: datetime = NOW) -> TimeReading:
    """The reading after `first` and each answer, each read inside the window before it."""
    reading = read_time(first, now, LONDON)
    for answer in answers:
        assert reading.window is not None, reading
        # Through JSON, as the conversation state keeps it.
        within = Window.from_json(reading.window.to_json(), LONDON)
        reading = read_time(answer, now, LONDON, within=within)
    return reading


@pytest.mark.parametrize(
    ("first", "answers", "expected"),
    [
        ("this morning", ["about 10"], nov(24, 10)),
        ("this morning", ["10"], nov(24, 10)),
        ("this morning", ["half 9"], nov(24, 9, 30)),
        ("yesterday at 6", ["pm"], nov(23, 18)),
        ("yesterday at 6", ["6pm"], nov(23, 18)),
        ("yesterday at 6", ["18:00"], nov(23, 18)),
        ("yesterday at 6", ["in the evening"], nov(23, 18)),
        ("yesterday", ["in the evening", "7"], nov(23, 19)),
        ("yesterday", ["about 7pm"], nov(23, 19)),
        ("wensday", ["3pm"], nov(18, 15)),
        ("last week", ["tuesday", "3pm"], nov(17, 15)),
        ("last night", ["1"], nov(24, 1)),
        ("last night", ["about 11"], nov(23, 23)),
        ("earlier today around 3", ["pm"], nov(24, 15)),
        ("this morning", ["yesterday 6pm"], nov(23, 18)),
    ],
)
def test_follow_up_is_read_inside_the_window(
    first: str, answers: list[str], expected: datetime
) -> None:
    reading = follow(first, *answers)
    assert reading.kind is Kind.EXACT, reading
    assert reading.when == expected


def test_follow_up_outside_the_window_asks_again() -> None:
    first = read_time("this morning", NOW, LONDON)
    again = read_time("about 3", NOW, LONDON, within=first.window)
    assert again.kind is Kind.VAGUE and again.window == first.window


def test_follow_up_that_still_has_two_readings_asks_which() -> None:
    reading = follow("wensday", "about half 3")
    assert reading.kind is Kind.VAGUE and reading.window is not None
    assert reading.window.choices == (nov(18, 15, 30), nov(18, 3, 30))


@pytest.mark.parametrize("text", ["1", "2", "3", "12"])
def test_a_lone_number_is_an_option_not_a_time(text: str) -> None:
    assert read_time(text, NOW, LONDON).kind is Kind.UNREADABLE


def test_window_round_trips_through_json_with_both_autumn_half_past_ones() -> None:
    reading = read_time("1:30am", AUTUMN, LONDON)
    assert reading.window is not None
    back = Window.from_json(reading.window.to_json(), LONDON)
    assert [c.astimezone(UTC) for c in back.choices] == [
        datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
    ]
    assert read_time("the BST one", AUTUMN, LONDON, within=back).kind is Kind.UNREADABLE


# --- Questions asked back ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("this morning", "About what time this morning? For example 08:30."),
        ("last night", "About what time last night? For example 23:30."),
        ("sat night", "About what time on Sat 21 Nov at night? For example 23:30."),
        ("yesterday", "What time yesterday? For example 14:30."),
        ("wensday", "What time on Wed 18 Nov? For example 14:30."),
        ("yesterday at 6", "Was it 06:00 or 18:00?"),
        ("sunday 11:45", "Was it 11:45 or 23:45?"),
        ("last week", "Which day was it? For example Tuesday, or 22 Nov."),
        ("a few hours ago", "About what time was it? For example 12:00."),
    ],
)
def test_question_asked_back(text: str, question: str) -> None:
    assert ask_back(read_time(text, NOW, LONDON), NOW, LONDON) == question


def test_question_names_the_zone_when_the_clock_repeats() -> None:
    reading = read_time("1:30am", AUTUMN, LONDON)
    assert ask_back(reading, AUTUMN, LONDON) == "Was it 01:30 BST or 01:30 GMT?"


def test_refusals_say_why() -> None:
    from flows import texts

    assert ask_back(read_time("tomorrow", NOW, LONDON), NOW, LONDON) == texts.HINT_WHEN_FUTURE
    assert ask_back(read_time("20 oct", NOW, LONDON), NOW, LONDON) == texts.HINT_WHEN_TOO_OLD
    assert ask_back(read_time("banana", NOW, LONDON), NOW, LONDON) == texts.HINT_WHEN
    with pytest.raises(ValueError):
        ask_back(read_time("14:30", NOW, LONDON), NOW, LONDON)


# --- Whatever the moment, a reading is in range or says why not ---------------------------------

_PHRASES = sorted({c.text for c in CASES})


@settings(max_examples=400, deadline=None)
@given(
    text=st.sampled_from(_PHRASES),
    minutes=st.integers(min_value=0, max_value=366 * 24 * 60),
)
def test_every_reading_is_in_range_or_flagged(text: str, minutes: int) -> None:
    now = (datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes)).astimezone(LONDON)
    reading = read_time(text, now, LONDON)
    oldest, latest = now - MAX_AGE, now + FUTURE_SLACK
    if reading.kind is Kind.EXACT:
        assert reading.when is not None
        assert oldest <= reading.when <= latest
        assert reading.when.tzinfo is LONDON
    if reading.kind in {Kind.VAGUE, Kind.DAY}:
        w = reading.window
        assert w is not None
        # A choice may be a few minutes ahead (a slow watch); a window never is.
        assert oldest <= w.start <= w.end <= (latest if w.choices else now)
        assert all(c in w for c in w.choices)
        assert len(w.choices) != 1


def test_a_part_of_the_day_not_yet_begun_is_in_the_future() -> None:
    # Found by the property test above: "this morning" at 04:55 ended before it began.
    small_hours = datetime(2026, 1, 2, 4, 55, tzinfo=UTC).astimezone(LONDON)
    assert read_time("this morning", small_hours, LONDON).kind is Kind.FUTURE
