"""Answers to broadcasts: a poll's option, "going" to an event, a reply to an alert."""

from __future__ import annotations

from flows import texts
from flows.format import format_time
from flows.model import Option, Street
from flows.reading.choice import parse_choice
from flows.reading.yesno import parse_yes_no
from flows.template import fill
from handlers.audience import target_of, target_words
from handlers.turn import Turn
from storage import bids, broadcasts, identities
from storage.models import Bid, Broadcast, Member, Shop

_GOING = {
    "im going": "going",
    "i am going": "going",
    "cant go": "not_going",
    "cannot go": "not_going",
}


def poll_option(broadcast: Broadcast, text: str) -> str | None:
    """The option number (as text) that a press or typed words name."""
    options = [Option(str(n), o) for n, o in enumerate(broadcast.options, start=1)]
    return parse_choice(text, options)


def event_answer(text: str) -> str | None:
    options = [Option("going", texts.EVENT_GOING), Option("not_going", texts.EVENT_NOT_GOING)]
    found = parse_choice(text, options, _GOING)
    if found is None:
        yes = parse_yes_no(text)
        found = None if yes is None else ("going" if yes else "not_going")
    return found


async def _who(turn: Turn) -> str:
    member = turn.actor
    shop = await turn.session.get(Shop, member.shop_id) if member.shop_id else None
    return f"{member.display_name} ({shop.name})" if shop else member.display_name


async def answer_poll(turn: Turn, broadcast: Broadcast, key: str) -> None:
    if broadcast.closes_at is not None and broadcast.closes_at <= turn.now:
        await turn.reply(texts.POLL_CLOSED)
        return
    earlier = await broadcasts.set_answer(
        turn.session,
        broadcast_id=broadcast.id or 0,
        member_id=turn.actor.id or 0,
        answer=key,
        at=turn.now,
    )
    option = broadcast.options[int(key) - 1]
    if earlier is not None and earlier != key:
        await turn.reply(fill(texts.POLL_CHANGED, option=option))
        return
    sender = await turn.session.get(Member, broadcast.sender_id)
    await turn.reply(
        fill(texts.POLL_THANKS, option=option, who=sender.display_name if sender else "")
    )


async def answer_event(turn: Turn, broadcast: Broadcast, key: str) -> None:
    earlier = await broadcasts.set_answer(
        turn.session,
        broadcast_id=broadcast.id or 0,
        member_id=turn.actor.id or 0,
        answer=key,
        at=turn.now,
    )
    sender = await turn.session.get(Member, broadcast.sender_id)
    if key != "going":
        await turn.reply(texts.EVENT_THANKS_NOT)
        return
    await turn.reply(fill(texts.EVENT_THANKS_GOING, who=sender.display_name if sender else ""))
    if earlier == "going":
        return
    counts = await broadcasts.answer_counts(turn.session, broadcast_id=broadcast.id or 0)
    chats = await identities.identities_of(turn.session, member_ids=[broadcast.sender_id])
    text = fill(
        texts.EVENT_ORGANISER,
        who=await _who(turn),
        text=broadcast.text[:80],
        going=counts.get("going", 0),
    )
    # Their own event: not subject to their event preferences.
    await turn.push(chats, text, broadcast_id=broadcast.id)


async def reply_to_alert(turn: Turn, broadcast: Broadcast, text: str) -> None:
    """The recipient's words go to whoever sent the alert, as a thread under it."""
    await broadcasts.add_reply(
        turn.session,
        broadcast_id=broadcast.id or 0,
        member_id=turn.actor.id or 0,
        text=text,
        at=turn.now,
    )
    bid = await turn.session.get(Bid, broadcast.bid_id)
    assert bid is not None
    known = await bids.streets_of(turn.session, bid_id=bid.id or 0)
    streets = [Street(s.name, s.latitude, s.longitude) for s in known]
    push = fill(
        texts.ALERT_REPLY_PUSH,
        target=target_words(target_of(broadcast.target), bid, streets),
        when=format_time(broadcast.created_at, turn.tz),
        who=await _who(turn),
        text=text,
    )
    chats = await identities.identities_of(turn.session, member_ids=[broadcast.sender_id])
    await turn.push(chats, push, topic="reply", broadcast_id=broadcast.id)
    sender = await turn.session.get(Member, broadcast.sender_id)
    await turn.reply(fill(texts.ALERT_REPLY_SENT, who=sender.display_name if sender else ""))
