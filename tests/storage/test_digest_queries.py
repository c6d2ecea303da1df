"""The digest's figures, aggregated in SQL, agree with the cases' own timelines (both DBs)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from flows import registry
from storage import digest
from storage.digest import BEFORE, NOW, Window
from tests.handlers.informed_support import add_case
from tests.support import harness

LONDON = ZoneInfo("Europe/London")


def percentile_cont(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


async def test_counts_and_response_times_match_the_timelines(database_url, clock):
    now = clock.now
    async with harness(database_url, clock) as h:
        waits_now = [5, 20, 45, 90, 300, 1500]  # minutes to the first police action
        for n, minutes in enumerate(waits_now):
            await add_case(
                h,
                kind="shoplifting" if n % 2 else "moped_snatch",
                created=now - timedelta(days=1, hours=n),
                acted_after=timedelta(minutes=minutes),
            )
        await add_case(h, kind="shoplifting", created=now - timedelta(days=2))  # untouched
        await add_case(h, kind="found_property", created=now - timedelta(days=2))  # not a crime
        dup = timedelta(minutes=3)
        await add_case(
            h,
            kind="shoplifting",
            created=now - timedelta(days=3),
            acted_after=dup,
            outcome="duplicate",
        )
        await add_case(
            h,
            kind="shoplifting",
            created=now - timedelta(days=3),
            street="Haymarket",
            acted_after=timedelta(minutes=30),
            outcome="detained",
        )
        for minutes in (60, 120):  # the week before
            await add_case(
                h,
                kind="theft",
                created=now - timedelta(days=9),
                acted_after=timedelta(minutes=minutes),
            )
        window = Window.ending(now, timedelta(days=7))
        kinds = registry.crime_kinds()
        async with h.runtime.sessions() as session:
            by_kind = await digest.by_kind(session, bid_id=1, kinds=kinds, window=window)
            response = await digest.response(session, bid_id=1, kinds=kinds, window=window)
            streets = await digest.by_street(session, bid_id=1, kinds=kinds, window=window, top=5)
            hours = await digest.by_hour_of_day(
                session, bid_id=1, kinds=kinds, window=window, tz=LONDON
            )
            outcomes = await digest.outcomes(session, bid_id=1, kinds=kinds, window=window)
        assert by_kind == {(NOW, "moped_snatch"): 3, (NOW, "shoplifting"): 5, (BEFORE, "theft"): 2}
        seconds = [m * 60.0 for m in [*waits_now, 30]]
        current = response[NOW]
        assert (current.cases, current.acted, current.untouched) == (8, 7, 1)
        assert (current.within_hour, current.within_day) == (4, 6)
        assert abs((current.median or 0) - percentile_cont(seconds, 0.5)) < 1
        assert abs((current.p90 or 0) - percentile_cont(seconds, 0.9)) < 1
        assert abs((response[BEFORE].median or 0) - 5400) < 1
        assert streets == [("Coventry Street", 7, 2), ("Haymarket", 1, 0)]
        assert sum(n for (p, _), n in hours.items() if p == NOW) == 8
        assert outcomes == {(NOW, "detained"): 1}
