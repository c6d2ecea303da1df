"""Daily reminders to officers about cases no one has acted on."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from flows import registry, texts
from flows.format import format_time
from flows.template import fill
from handlers import delivery
from handlers.turn import payload_of
from handlers.views import kind_words, place
from storage import cases, identities
from storage.db import Sessions, transaction
from storage.models import Case

REPEAT = timedelta(days=1)


async def send_reminders(
    sessions: Sessions, *, now: datetime, tz: ZoneInfo, after_hours: int
) -> int:
    """Queue one reminder per overdue case to its BID's officers; returns how many cases."""
    async with transaction(sessions) as session:
        overdue = await cases.overdue_cases(
            session,
            kinds=registry.crime_kinds(),
            created_before=now - timedelta(hours=after_hours),
            reminded_before=now - REPEAT,
        )
        for case in overdue:
            officers = await identities.identities_by_role(
                session, bid_id=case.bid_id, role="officer"
            )
            text = fill(
                texts.REMINDER,
                ref=case.ref,
                kind=kind_words(case),
                when=format_time(case.occurred_at, tz),
                where=place(case),
                hours=after_hours,
            )
            await delivery.push(
                session,
                officers,
                payload_of(text, push=True, topic="reminder", case_ref=case.ref),
                now=now,
                tz=tz,
                topic_name="reminder",
                case_id=case.id,
            )
            if case.last_reminder_at is None:
                # The first time only: the reporter hears honestly that nobody has picked it up.
                await tell_reporter(session, case, now=now, tz=tz)
            case.last_reminder_at = now
    return len(overdue)


async def tell_reporter(session: AsyncSession, case: Case, *, now: datetime, tz: ZoneInfo) -> None:
    """ "No officer has picked this up yet; we have reminded them", to whoever reported it."""
    text = fill(
        texts.NOT_PICKED_UP,
        ref=case.ref,
        kind=kind_words(case),
        when=format_time(case.occurred_at, tz),
    )
    reporters = await identities.identities_of(session, member_ids=[case.reporter_id])
    await delivery.push(
        session,
        reporters,
        payload_of(text, push=True, topic="case_update", case_ref=case.ref),
        now=now,
        tz=tz,
        topic_name="case_update",
        case_id=case.id,
    )
