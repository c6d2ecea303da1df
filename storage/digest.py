"""The digest's figures, aggregated in the database: a BID's reports over two periods of the
same length (this one and the one before), never loading the cases themselves.

Every query filters by the BID and the filing time (index ix_cases_bid_created), so the cost
follows the size of the periods, not of the BID. London days and hours: PostgreSQL converts
in SQL; SQLite (no time zones) groups by the UTC hour and they are converted here, exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Float, and_, case, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import KeyedColumnElement
from sqlmodel import col

from storage.models import Case, CaseEvent

NOW, BEFORE = 1, 0  # which of the two periods a row counts in


@dataclass(frozen=True)
class Window:
    """This period [mid, end) and the one of the same length before it [start, mid)."""

    start: datetime
    mid: datetime
    end: datetime

    @classmethod
    def ending(cls, end: datetime, length: timedelta) -> Window:
        return cls(end - 2 * length, end - length, end)


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def crimes(bid_id: int, kinds: Sequence[str], window: Window) -> ColumnElement[bool]:
    """The cases a digest counts: the BID's crimes filed in either period, duplicates not."""
    return and_(
        col(Case.bid_id) == bid_id,
        col(Case.created_at) >= window.start,
        col(Case.created_at) <= window.end,
        col(Case.kind).in_(kinds),
        or_(col(Case.outcome).is_(None), col(Case.outcome) != "duplicate"),
    )


def _period(window: Window) -> ColumnElement[int]:
    return case((col(Case.created_at) >= window.mid, literal(NOW)), else_=literal(BEFORE))


def _hour(session: AsyncSession, column: Any) -> Any:
    """The UTC hour a time falls in (London is a whole number of hours from UTC)."""
    if _dialect(session) == "postgresql":
        return func.date_trunc("hour", column)
    return func.strftime("%Y-%m-%d %H:00:00", column)


def _as_utc(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=ZoneInfo("UTC"))
    return datetime.fromisoformat(str(value)).replace(tzinfo=ZoneInfo("UTC"))


async def by_kind(
    session: AsyncSession, *, bid_id: int, kinds: Sequence[str], window: Window
) -> dict[tuple[int, str], int]:
    """(period, kind) → reports."""
    period = _period(window)
    query = (
        select(period, col(Case.kind), func.count())
        .where(crimes(bid_id, kinds, window))
        .group_by(period, col(Case.kind))
    )
    return {(int(p), str(k)): int(n) for p, k, n in (await session.execute(query)).all()}


async def per_day(
    session: AsyncSession, *, bid_id: int, kinds: Sequence[str], window: Window, tz: ZoneInfo
) -> dict[tuple[str, str], int]:
    """(London date as ISO text, kind) → reports filed that day, in this period."""
    where = (crimes(bid_id, kinds, window), col(Case.created_at) >= window.mid)
    days: dict[tuple[str, str], int] = {}
    if _dialect(session) == "postgresql":
        day = func.date(func.timezone(str(tz), col(Case.created_at)))
        query = (
            select(day, col(Case.kind), func.count()).where(*where).group_by(day, col(Case.kind))
        )
        for at, kind, count in (await session.execute(query)).all():
            days[(at.isoformat(), str(kind))] = int(count)
        return days
    hour = _hour(session, col(Case.created_at))
    query = select(hour, col(Case.kind), func.count()).where(*where).group_by(hour, col(Case.kind))
    for at, kind, count in (await session.execute(query)).all():
        key = (_as_utc(at).astimezone(tz).date().isoformat(), str(kind))
        days[key] = days.get(key, 0) + int(count)
    return days


async def by_hour_of_day(
    session: AsyncSession, *, bid_id: int, kinds: Sequence[str], window: Window, tz: ZoneInfo
) -> dict[tuple[int, int], int]:
    """(period, London hour 0-23 when it happened) → reports."""
    period = _period(window)
    postgres = _dialect(session) == "postgresql"
    if postgres:
        hour = func.extract("hour", func.timezone(str(tz), col(Case.occurred_at)))
    else:
        hour = _hour(session, col(Case.occurred_at))
    query = (
        select(period, hour, func.count())
        .where(crimes(bid_id, kinds, window))
        .group_by(period, hour)
    )
    hours: dict[tuple[int, int], int] = {}
    for p, at, count in (await session.execute(query)).all():
        local = int(at) if postgres else _as_utc(at).astimezone(tz).hour
        hours[(int(p), local)] = hours.get((int(p), local), 0) + int(count)
    return hours


async def by_street(
    session: AsyncSession, *, bid_id: int, kinds: Sequence[str], window: Window, top: int
) -> list[tuple[str, int, int]]:
    """The `top` places with most reports this period: (street, this period, before)."""
    place = func.coalesce(col(Case.street), col(Case.location))
    now = func.count().filter(col(Case.created_at) >= window.mid)
    before = func.count().filter(col(Case.created_at) < window.mid)
    query = (
        select(place, now, before)
        .where(crimes(bid_id, kinds, window))
        .group_by(place)
        .having(now > 0)
        .order_by(now.desc(), place)
        .limit(top)
    )
    return [(str(p), int(n), int(b)) for p, n, b in (await session.execute(query)).all()]


@dataclass(frozen=True)
class Response:
    """How fast the police first acted on one period's cases (seconds from filing)."""

    cases: int
    acted: int  # cases with at least one police action
    within_hour: int
    within_day: int
    median: float | None
    p90: float | None

    @property
    def untouched(self) -> int:
        return self.cases - self.acted


def _seconds(session: AsyncSession, later: Any, earlier: Any) -> Any:
    if _dialect(session) == "postgresql":
        return func.extract("epoch", later - earlier)
    return (func.julianday(later) - func.julianday(earlier)) * literal(86400.0, Float)


async def response(
    session: AsyncSession, *, bid_id: int, kinds: Sequence[str], window: Window
) -> dict[int, Response]:
    """Per period: cases, how many the police acted on, within 1 h and 24 h, median and p90."""
    cases_in = (
        select(
            _period(window).label("period"),
            col(Case.id).label("id"),
            col(Case.created_at).label("created_at"),
        )
        .where(crimes(bid_id, kinds, window))
        .cte("cases_in")
        .prefix_with("MATERIALIZED")
    )
    # Each case's first police action, from one range scan of the case-event index over the
    # period's case ids (a case's id grows with its filing time), not one lookup per case.
    first = (
        select(
            col(CaseEvent.case_id).label("case_id"),
            func.min(col(CaseEvent.at)).label("first_at"),
        )
        .where(
            col(CaseEvent.author_role) == "officer",
            col(CaseEvent.case_id) >= select(func.min(cases_in.c.id)).scalar_subquery(),
            col(CaseEvent.case_id) <= select(func.max(cases_in.c.id)).scalar_subquery(),
        )
        .group_by(col(CaseEvent.case_id))
        .subquery()
    )
    inner = (
        select(
            cases_in.c.period,
            _seconds(session, first.c.first_at, cases_in.c.created_at).label("wait"),
        )
        .select_from(cases_in.outerjoin(first, first.c.case_id == cases_in.c.id))
        .cte("waits")
        .prefix_with("MATERIALIZED")
    )
    wait: KeyedColumnElement[Any] = inner.c.wait
    columns: list[Any] = [
        inner.c.period,
        func.count(),
        func.count(wait),
        func.count().filter(wait <= 3600),
        func.count().filter(wait <= 86400),
    ]
    postgres = _dialect(session) == "postgresql"
    if postgres:
        columns += [
            func.percentile_cont(0.5).within_group(wait),
            func.percentile_cont(0.9).within_group(wait),
        ]
    query = select(*columns).group_by(inner.c.period)
    found: dict[int, Response] = {}
    for row in (await session.execute(query)).all():
        period, cases, acted, hour, day = (int(v) for v in row[:5])
        if postgres:
            median = float(row[5]) if row[5] is not None else None
            p90 = float(row[6]) if row[6] is not None else None
        else:
            median = await _percentile(session, inner, wait, period, acted, 0.5)
            p90 = await _percentile(session, inner, wait, period, acted, 0.9)
        found[period] = Response(cases, acted, hour, day, median, p90)
    return found


async def _percentile(
    session: AsyncSession, inner: Any, wait: Any, period: int, acted: int, q: float
) -> float | None:
    """percentile_cont on SQLite: the two middle values by ORDER BY … OFFSET, interpolated."""
    if acted == 0:
        return None
    position = q * (acted - 1)
    low = int(position)
    query = (
        select(wait)
        .where(inner.c.period == period, wait.is_not(None))
        .order_by(wait)
        .offset(low)
        .limit(2)
    )
    values = [float(v) for v in (await session.execute(query)).scalars()]
    if len(values) == 1:
        return values[0]
    return values[0] + (values[1] - values[0]) * (position - low)


async def outcomes(
    session: AsyncSession, *, bid_id: int, kinds: Sequence[str], window: Window
) -> dict[tuple[int, str], int]:
    """(period, outcome) → closed cases."""
    period = _period(window)
    query = (
        select(period, col(Case.outcome), func.count())
        .where(crimes(bid_id, kinds, window), col(Case.status) == "closed")
        .group_by(period, col(Case.outcome))
    )
    return {(int(p), str(o or "")): int(n) for p, o, n in (await session.execute(query)).all()}
