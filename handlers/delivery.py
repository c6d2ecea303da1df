"""The push gate: every message to someone other than the sender passes here.

A stopped identity or a member who left gets nothing; a topic the member turned off, a crime
kind they muted or (officers) a street they do not cover is skipped; in quiet hours a push
waits (scheduled_push) until they end, or is dropped when it would be stale by then.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from flows.preferences import in_quiet_hours, quiet_ends, topic
from flows.reading.words import normalise
from storage import outbox, preferences
from storage.channels import kind
from storage.models import Identity, Member, MemberPreference


def wanted(
    member: Member,
    pref: MemberPreference | None,
    name: str | None,
    *,
    street: str | None = None,
    kind: str | None = None,
) -> bool:
    """Whether this member wants pushes of topic `name` (about `street` and `kind`)."""
    if member.removed_at is not None:
        return False
    if pref is None:
        return True
    rule = topic(name)
    if rule.optional and name in pref.topics_off:
        return False
    if rule.kinds and kind and kind in pref.kinds_off:
        return False
    if name == "new_case" and pref.streets and street:
        return normalise(street) in {normalise(s) for s in pref.streets}
    return True


def keyboard_step(identity: Identity | None, payload: dict[str, Any]) -> dict[str, Any]:
    """`payload` as it goes to `identity`'s chat: marked to take away Telegram's share-location
    keyboard when the chat shows one and this message asks for no location. What the chat shows
    after it is kept on the identity, in this transaction, for whichever process sends next."""
    if identity is None or kind(identity.channel) != "telegram":
        return payload
    asks = bool(payload.get("request_location"))
    if identity.location_keyboard and not asks:
        payload = {**payload, "remove_keyboard": True}
    if identity.location_keyboard != asks:
        identity.location_keyboard = asks
    return payload


async def push(
    session: AsyncSession,
    identities: Iterable[Identity],
    payload: dict[str, Any],
    *,
    now: datetime,
    tz: ZoneInfo,
    topic_name: str | None = None,
    case_id: int | None = None,
    street: str | None = None,
    kind: str | None = None,
    delay: timedelta | None = None,
    audience: Sequence[preferences.AudienceRow] | None = None,
) -> list[Identity]:
    """Queue `payload` for each identity that should get it; returns those it was queued for.

    With `delay`, it is held back that long first (the scheduler releases it). `audience`:
    the identities' rows with their members and preferences, read already (then not again).
    """
    wanted_ids = [i.id for i in identities if i.id is not None]
    if audience is None:
        audience = await preferences.audience(session, identity_ids=wanted_ids)
    else:
        asked = set(wanted_ids)
        audience = [row for row in audience if row[0].id in asked]
    rule = topic(topic_name)
    queued: list[Identity] = []
    due_now: list[dict[str, Any]] = []  # written together, once the audience is gone through
    seen: set[int] = set()
    for identity, member, pref in audience:
        if identity.id in seen or identity.stopped_at is not None:
            continue
        seen.add(identity.id or 0)
        if not wanted(member, pref, topic_name, street=street, kind=kind):
            continue
        due = now + delay if delay else now
        quiet = pref is not None and in_quiet_hours(
            due.astimezone(tz), pref.quiet_from, pref.quiet_to
        )
        if quiet and rule.quiet == "drop":
            continue
        if quiet and rule.quiet == "delay" and pref is not None:
            due = quiet_ends(due, tz, pref.quiet_from, pref.quiet_to)
        if due > now:
            await preferences.schedule_push(
                session,
                identity_id=identity.id or 0,
                payload=payload,
                due_at=due,
                case_id=case_id,
                now=now,
            )
        else:
            due_now.append(
                {
                    "channel": identity.channel,
                    "address": identity.address,
                    "identity_id": identity.id,
                    "case_id": case_id,
                    "payload": keyboard_step(identity, payload),
                }
            )
        queued.append(identity)
    await outbox.enqueue_pushes(session, due_now, now=now)
    return queued
