"""The hot-spot cluster: the most reports, with the new one, whose times fit in the span."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from handlers.hotspots import densest
from storage.hotspots import NearCase

T0 = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
SPAN = timedelta(minutes=60)


def _case(n: int, minutes: int) -> NearCase:
    return NearCase(n, f"WE-{n:04d}", T0 + timedelta(minutes=minutes), "Haymarket", None, None)


def _densest_by_scan(cases: list[NearCase], anchor_id: int, span: timedelta) -> list[NearCase]:
    """Every group tried in turn: what the bisection must agree with."""
    ordered = sorted(cases, key=lambda c: (c.occurred_at, c.id))
    best: list[NearCase] = []
    for start in ordered:
        group = [
            c for c in ordered if start.occurred_at <= c.occurred_at <= start.occurred_at + span
        ]
        if any(c.id == anchor_id for c in group) and len(group) > len(best):
            best = group
    return best


def test_the_cluster_is_the_densest_hour_that_holds_the_new_report() -> None:
    cases = [_case(1, 0), _case(2, 50), _case(3, 70), _case(4, 100), _case(5, 300)]
    assert [c.id for c in densest(cases, 3, SPAN)] == [2, 3, 4]  # the hour from 50 min
    assert [c.id for c in densest(cases, 1, SPAN)] == [1, 2]
    assert [c.id for c in densest(cases, 5, SPAN)] == [5]
    assert densest(cases, 99, SPAN) == []


@given(st.lists(st.integers(min_value=0, max_value=240), min_size=1, max_size=30), st.data())
def test_bisection_finds_the_group_every_scan_finds(
    minutes: list[int], data: st.DataObject
) -> None:
    cases = [_case(n + 1, m) for n, m in enumerate(minutes)]
    anchor = data.draw(st.integers(min_value=1, max_value=len(cases)))
    assert densest(cases, anchor, SPAN) == _densest_by_scan(cases, anchor, SPAN)
