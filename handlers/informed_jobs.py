"""The scheduler's jobs for keeping the BID informed: pushed digests, poll results, and pushes
that waited out someone's quiet hours."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from config.settings import Settings
from flows import texts
from flows.periods import Frequency, last_digest_slot, period_of
from flows.polls import results_words
from flows.template import fill
from handlers import delivery
from handlers.digest import build_digest, chart_files
from handlers.turn import payload_of
from storage import broadcasts, identities, preferences
from storage.db import Sessions, transaction
from storage.digest import Window
from storage.models import Bid, Broadcast, Member

log = logging.getLogger(__name__)

# A digest whose time passed while the service was down still goes this long after; later
# than that it would be stale, so the next one is waited for.
GRACE = timedelta(hours=12)
MANAGER_ROLES = ("manager", "admin")


async def keep_informed(sessions: Sessions, *, now: datetime, settings: Settings) -> int:
    """Run every job once; returns how many messages were queued or released."""
    queued = 0
    async with transaction(sessions) as session:
        queued += await preferences.release_scheduled(session, now=now)
    queued += await push_digests(sessions, now=now, settings=settings)
    queued += await close_polls(sessions, now=now, settings=settings)
    return queued


async def push_digests(sessions: Sessions, *, now: datetime, settings: Settings) -> int:
    """Each manager whose digest is due gets it, once per slot, with its chart."""
    async with sessions() as session:
        managers = await preferences.managers_due_digest(session, roles=MANAGER_ROLES)
    built: dict[tuple[int, str, datetime], tuple[str, list[dict[str, Any]]]] = {}
    pushed = 0
    for member, pref in managers:
        frequency: Frequency = pref.digest if pref else "weekly"  # type: ignore[assignment]
        slot = last_digest_slot(now, frequency, settings.tz)
        anchor = (pref.digest_sent_at if pref else None) or member.created_at
        if slot is None or anchor >= slot:
            continue
        try:
            pushed += await _push_digest(
                sessions, member, frequency, slot, now=now, settings=settings, built=built
            )
        except Exception:
            log.exception("digest for member %s failed; trying again next time", member.id)
    return pushed


async def _push_digest(
    sessions: Sessions,
    member: Member,
    frequency: Frequency,
    slot: datetime,
    *,
    now: datetime,
    settings: Settings,
    built: dict[tuple[int, str, datetime], tuple[str, list[dict[str, Any]]]],
) -> int:
    async with transaction(sessions) as session:
        pref = await preferences.own_preference(session, member_id=member.id or 0, now=now)
        if pref.digest_sent_at is not None and pref.digest_sent_at >= slot:
            return 0  # another process got there first
        pref.digest_sent_at = now
        if now - slot > GRACE:
            return 0
        bid = await session.get(Bid, member.bid_id)
        assert bid is not None
        key = (bid.id or 0, frequency, slot)
        if key not in built:
            window = Window.ending(slot, period_of(frequency))
            digest = await build_digest(session, bid=bid, window=window, tz=settings.tz, now=now)
            files = await chart_files(session, digest=digest, bid=bid, settings=settings, now=now)
            built[key] = (digest.text, files)
        text, files = built[key]
        chats = await identities.identities_of(session, member_ids=[member.id or 0])
        sent = await delivery.push(
            session,
            chats,
            payload_of(text, push=True, topic="digest", files=files),
            now=now,
            tz=settings.tz,
            topic_name="digest",
        )
        return len(sent)


async def close_polls(sessions: Sessions, *, now: datetime, settings: Settings) -> int:
    """A poll whose time is up: its results go to whoever asked it."""
    async with transaction(sessions) as session:
        due = await broadcasts.polls_to_close(session, now=now)
        pushed = 0
        for poll in due:
            pushed += await push_results(session, poll, now=now, settings=settings)
            await broadcasts.mark_results_sent(session, broadcast_id=poll.id or 0, now=now)
        return pushed


async def push_results(session: Any, poll: Broadcast, *, now: datetime, settings: Settings) -> int:
    counts = await broadcasts.answer_counts(session, broadcast_id=poll.id or 0)
    items, total = results_words(poll.options, counts)
    text = fill(texts.POLL_RESULTS, question=poll.text, answers=total, items=items)
    chats = await identities.identities_of(session, member_ids=[poll.sender_id])
    sent = await delivery.push(
        session,
        chats,
        payload_of(text, push=True, topic="poll", broadcast_id=poll.id),
        now=now,
        tz=settings.tz,
        topic_name="poll",
    )
    return len(sent)
