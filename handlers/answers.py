"""Answers to questions asked outside a report: polls, events, lessons, and replies to alerts.

A button press names its question; a chat reply names the message it answers; words typed
on their own are taken as the answer to the latest such question that they fit (a number
for a poll, "going" for an event, "next" in a lesson), else as a reply to a recent alert.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flows import engine
from handlers import conversation, lessons
from handlers.broadcast_answers import (
    answer_event,
    answer_poll,
    event_answer,
    poll_option,
    reply_to_alert,
)
from handlers.property import returns as property_returns
from handlers.turn import Turn
from storage import broadcasts, learning
from storage.models import Broadcast

ALERT_REPLIES = timedelta(hours=6)  # typed words count as a reply to an alert this long
EVENT_ANSWERS = timedelta(days=7)
LESSON_IDLE = timedelta(hours=24)
POLL_ANSWERS = timedelta(days=7)


async def take(turn: Turn, command: tuple[str, str] | None, state: dict[str, Any] | None) -> bool:
    """Deal with the message here when it answers one of those; True when it did."""
    inbound = turn.inbound
    question = inbound.question or ""
    # An owner's answer to a verification question, a holder's or officer's decision.
    if await property_returns.take(turn, command, state):
        if state is not None:
            # A button pressed in the middle of a report: its question comes again.
            await turn.reply(*engine.reask(state, await conversation.flow_context(turn)))
        return True
    if inbound.choice and question.startswith(("poll:", "event:", lessons.QUESTION_PREFIX)):
        handled = await _pressed(turn, question, inbound.choice)
    elif inbound.reply_to and inbound.text.strip() and command is None:
        handled = await _replied(turn, inbound.reply_to, inbound.text.strip())
    elif state is None and command is None and inbound.text.strip() and not inbound.choice:
        handled = await _typed(turn, inbound.text.strip())
    else:
        return False
    if handled and state is not None:
        # Nothing of the report is lost: its question comes again.
        await turn.reply(*engine.reask(state, await conversation.flow_context(turn)))
    return handled


async def _broadcast(turn: Turn, broadcast_id: int) -> Broadcast | None:
    found = await turn.session.get(Broadcast, broadcast_id)
    if found is None or found.bid_id != turn.actor.bid_id:
        return None
    sent = await broadcasts.was_sent_to(
        turn.session, broadcast_id=broadcast_id, member_id=turn.actor.id or 0
    )
    return found if sent else None


async def _pressed(turn: Turn, question: str, choice: str) -> bool:
    kind, _, ident = question.partition(":")
    if kind == "lesson":
        return await _lesson(turn, ident, choice)
    if not ident.isdigit():
        return False
    broadcast = await _broadcast(turn, int(ident))
    if broadcast is None:
        return False
    if kind == "poll" and (key := poll_option(broadcast, choice)):
        await answer_poll(turn, broadcast, key)
        return True
    if kind == "event" and (key := event_answer(choice.replace("_", " "))):
        await answer_event(turn, broadcast, key)
        return True
    return False


async def _lesson(turn: Turn, key: str, choice: str) -> bool:
    lesson = next((x for x in await lessons.bid_lessons(turn) if x.key == key), None)
    if lesson is None:
        return False
    progress = await learning.progress_of(
        turn.session, member_id=turn.actor.id or 0, lesson=lesson.key
    )
    if progress is None or progress.completed_at is not None:
        return False
    meant = lessons.reads_as(lesson, progress, choice)
    if meant is None:
        return False
    await lessons.answer(turn, lesson, progress, meant)
    return True


async def _replied(turn: Turn, reply_to: str, text: str) -> bool:
    payload = await broadcasts.payload_of_message(
        turn.session, channel=turn.inbound.channel, provider_id=reply_to
    )
    ident = (payload or {}).get("broadcast_id")
    if not isinstance(ident, int):
        return False
    broadcast = await _broadcast(turn, ident)
    if broadcast is None:
        return False
    return await _fits(turn, broadcast, text, any_text=True)


async def _fits(turn: Turn, broadcast: Broadcast, text: str, *, any_text: bool) -> bool:
    """Answer `broadcast` with `text` if it fits; alerts take any text when `any_text`."""
    if broadcast.kind == "poll" and (key := poll_option(broadcast, text)):
        await answer_poll(turn, broadcast, key)
        return True
    if broadcast.kind == "event" and (key := event_answer(text)):
        await answer_event(turn, broadcast, key)
        return True
    if broadcast.kind == "alert" and any_text:
        await reply_to_alert(turn, broadcast, text)
        return True
    return False


async def _typed(turn: Turn, text: str) -> bool:
    """Words on their own: the latest open question they fit, else a recent alert's reply."""
    member_id = turn.actor.id or 0
    candidates: list[tuple[datetime, Any]] = []
    progress = await learning.in_progress(turn.session, member_id=member_id)
    if progress is not None and turn.now - progress.updated_at <= LESSON_IDLE:
        candidates.append((progress.updated_at, progress))
    recent = await broadcasts.recent_for(
        turn.session, member_id=member_id, since=turn.now - max(EVENT_ANSWERS, POLL_ANSWERS)
    )
    candidates += [(at, broadcast) for broadcast, at in recent]
    candidates.sort(key=lambda c: c[0], reverse=True)
    for _, found in candidates:
        if isinstance(found, Broadcast):
            if await _fits(turn, found, text, any_text=False):
                return True
        elif await _lesson(turn, found.lesson, text):
            return True
    for at, found in candidates:
        if isinstance(found, Broadcast) and found.kind == "alert":
            if turn.now - at <= ALERT_REPLIES:
                await reply_to_alert(turn, found, text)
                return True
            break
    return False
