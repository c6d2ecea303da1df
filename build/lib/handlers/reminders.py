"""Daily reminders to officers about cases no one has acted on."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select

from flows import texts
from flows.parse import format_time
from handlers.views import kind_words, place
from storage import queries
from storage.db import Sessions, transaction
from storage.models import Case

REPEAT = timedelta(days=1)


async def send_reminders(
    sessions: Sessions, *, now: datetime, tz: ZoneInfo, after_hours: int
) -> int:
    """Queue one reminder per overdue case to its BID's officers; returns how many cases."""
    due = now - timedelta(hours=after_hours)
    query = (
        select(Case)
        .where(
            Case.kind != "found_property",
            Case.status != "closed",
            Case.last_police_action_at.is_(None),  # type: ignore[union-attr]
            Case.created_at <= due,
            or_(Case.last_reminder_at.is_(None), Case.last_reminder_at <= now - REPEAT),  # type: ignore[union-attr]
        )
        .order_by(Case.id)
        .with_for_update(skip_locked=True)
    )
    async with transaction(sessions) as session:
        overdue = list((await session.execute(query)).scalars())
        for case in overdue:
            officers = await queries.members_of(session, bid_id=case.bid_id, role="officer")
            identities = await queries.identities_of(
                session, member_ids=[o.id for o in officers if o.id is not None]
            )
            text = texts.REMINDER.format(
                ref=case.ref,
                kind=kind_words(case),
                when=format_time(case.occurred_at, tz),
                where=place(case),
                hours=after_hours,
            )
            for identity in identities:
                await queries.enqueue(
                    session,
                    channel=identity.channel,
                    address=identity.address,
                    identity_id=identity.id,
                    case_id=case.id,
                    payload={"text": text, "options": [], "push": True, "case_ref": case.ref},
                    now=now,
                )
            case.last_reminder_at = now
    return len(overdue)
