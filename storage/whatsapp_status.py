"""A Twilio delivery status moved forward on its outbox row in one statement.

Each WhatsApp message sent earns several status callbacks (sent, delivered, read): as many
webhooks again as the messages themselves. Loading the row through the ORM (its payload
decoded, locked) to decide, then updating it, cost more than all the rest of the callback;
the common case (a status that is not a failure) is decided by the UPDATE's own WHERE.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import Table, Update, and_, bindparam, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.driver import Driver
from storage.models import Outbox

_OUTBOX: Table = Outbox.__table__  # type: ignore[attr-defined]


def _forward(status: str, behind: frozenset[str]) -> Update:
    """Set `status` on the latest row sent as `sid`, if still sent and not already past it."""
    latest = (
        select(func.max(_OUTBOX.c.id))
        .where(
            _OUTBOX.c.channel == bindparam("b_channel"),
            _OUTBOX.c.provider_id == bindparam("b_sid"),
        )
        .scalar_subquery()
    )
    current = _OUTBOX.c.delivery_status
    # `!=` each rather than NOT IN: an expanding IN cannot be run as an executemany.
    not_past = and_(*(current != other for other in sorted(behind)))
    return (
        update(_OUTBOX)
        .where(
            _OUTBOX.c.id == latest,
            _OUTBOX.c.status == "sent",
            or_(current.is_(None), not_past),
        )
        .values(delivery_status=status)
    )


def forward_statements(rank: Mapping[str, int], terminal: frozenset[str]) -> dict[str, Update]:
    """One statement per status that is not a failure: it may replace any status ranked
    lower (or none), never one ranked as high or a failure."""
    return {
        status: _forward(
            status,
            terminal | {other for other, r in rank.items() if r >= rank[status]},
        )
        for status in rank
    }


async def move_forward(
    driver: Driver, statement: Update, *, channel: str, sids: Sequence[str]
) -> None:
    """Run one of `forward_statements` for each message in `sids` (one executemany), on the
    driver (storage.driver): a callback is one of these, and little else."""
    if sids:
        await driver.run_many(statement, [{"b_channel": channel, "b_sid": sid} for sid in sids])


async def unconfirmed(
    session: AsyncSession, *, channel: str, sent_after: datetime, sent_before: datetime, limit: int
) -> list[tuple[int, str]]:
    """Messages sent in that time whose delivery status never came: (row id, Twilio SID)."""
    found = await session.execute(
        select(_OUTBOX.c.id, _OUTBOX.c.provider_id)
        .where(
            _OUTBOX.c.channel == channel,
            _OUTBOX.c.delivery_status.is_(None),
            _OUTBOX.c.sent_at > sent_after,
            _OUTBOX.c.sent_at <= sent_before,
            _OUTBOX.c.status == "sent",
            _OUTBOX.c.provider_id.is_not(None),
        )
        .order_by(_OUTBOX.c.sent_at)
        .limit(limit)
    )
    return [(row[0], row[1]) for row in found]


async def checked(session: AsyncSession, *, row_id: int, status: str) -> None:
    """What Twilio said of a message asked about, where nothing else recorded a status."""
    await session.execute(
        update(_OUTBOX)
        .where(
            _OUTBOX.c.id == row_id,
            _OUTBOX.c.status == "sent",  # not one sent again since (a 63016 requeues it)
            _OUTBOX.c.delivery_status.is_(None),
        )
        .values(delivery_status=(status or "unknown")[:16])
    )
