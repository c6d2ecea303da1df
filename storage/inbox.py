"""Messages acknowledged to their platform and not yet handled. Callers own the transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from storage.driver import Driver, driver_of
from storage.models import InboundQueued

_QUEUE: Table = InboundQueued.__table__  # type: ignore[attr-defined]
# Built once, on the table, and run on the driver (storage.driver): every WhatsApp message
# writes one and deletes it.
_ADD = (
    insert(_QUEUE)
    .values({name: bindparam(name) for name in ("channel", "address", "message", "received_at")})
    .values(due_at=bindparam("due_at"), attempts=0)
    .returning(_QUEUE.c.id, sort_by_parameter_order=True)
)
_DONE = delete(_QUEUE).where(_QUEUE.c.id == bindparam("queued_id"))
_ROW = (_QUEUE.c.id, _QUEUE.c.channel, _QUEUE.c.address, _QUEUE.c.message)

Queued = tuple[int, str, str, dict[str, Any]]  # id, channel, address, message
Taken = tuple[int, str, str, dict[str, Any], int]  # … and how many times it was taken


async def add(driver: Driver, rows: list[dict[str, Any]]) -> list[int]:
    """Write the messages (channel, address, message, received_at, due_at); their ids, in order.
    One statement each: for many on PostgreSQL, `add_many`."""
    return [(await driver.run(_ADD, row))[0][0] for row in rows]


async def add_many(connection: AsyncConnection, rows: list[dict[str, Any]]) -> list[int]:
    """`add` as one statement (SQLAlchemy's insertmanyvalues): a burst's batch on PostgreSQL
    is then one round trip, not one a message; the ids come back in the rows' order."""
    return [row[0] for row in await connection.execute(_ADD, rows)]


async def done(session: AsyncSession | AsyncConnection, *, queued_id: int) -> None:
    """The message was handled (in this transaction)."""
    await (await driver_of(session)).run(_DONE, {"queued_id": queued_id})


async def take_due(
    connection: AsyncConnection, *, now: datetime, until: datetime, limit: int
) -> list[Taken]:
    """Messages no process is handling (it stopped or crashed), oldest first, now this one's
    until `until`; on PostgreSQL rows another process is taking are skipped."""
    chosen = (
        select(_QUEUE.c.id)
        .where(_QUEUE.c.due_at <= now)
        .order_by(_QUEUE.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    found = await connection.execute(
        update(_QUEUE)
        .where(_QUEUE.c.id.in_(chosen.scalar_subquery()))
        .values(due_at=until, attempts=_QUEUE.c.attempts + 1)
        .returning(*_ROW, _QUEUE.c.attempts)
    )
    rows = sorted(found, key=lambda row: row[0])
    return [(row[0], row[1], row[2], row[3], row[4]) for row in rows]


async def release(connection: AsyncConnection, *, ids: list[int], now: datetime) -> None:
    """Stopping: these were not started, so the next process may take them at once."""
    if ids:
        await connection.execute(update(_QUEUE).where(_QUEUE.c.id.in_(ids)).values(due_at=now))


async def waiting(session: AsyncSession) -> tuple[int, datetime | None]:
    """How many messages are kept and not yet handled, and when the oldest came."""
    found = await session.execute(select(func.count(), func.min(_QUEUE.c.received_at)))
    count, oldest = found.one()
    return int(count), oldest
