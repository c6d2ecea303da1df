"""Officers and managers reach the BID's members: targeted alerts, events and polls."""

from __future__ import annotations

import re
from datetime import timedelta

from flows import registry, texts
from flows.format import format_time
from flows.model import Option, Outbound
from flows.places import Reading, read_places, split_alert
from flows.polls import parse_poll, results_words
from flows.template import fill
from handlers import hotspots  # noqa: F401  (registers its after-filing check)
from handlers.audience import (
    EVERYONE,
    bid_streets,
    send_broadcast,
    shop_ids_for,
    target_json,
    target_of,
    target_words,
)
from handlers.commands.registry import MANAGERS, POLICE, command
from handlers.turn import Turn
from storage import broadcasts, files
from storage.models import Bid, Broadcast

SENDERS = POLICE | MANAGERS
POLL_DAYS = 7
_DRAFT = re.compile(r"^(send|cancel)\s+(\d+)$", re.IGNORECASE)


def counted_words(count: int, words: tuple[str, str]) -> str:
    """ "1 shop", "4 shops"."""
    return f"{count} {words[0] if count == 1 else words[1]}"


def _kind_options() -> list[Option]:
    return [Option(k, registry.name_of(k)) for k in registry.crime_kinds()]


@command(
    "alert",
    roles=SENDERS,
    help=texts.HELP_ALERT,
    usage=texts.USAGE_ALERT,
    menu=texts.MENU_ALERT,
    interrupts=True,
)
async def alert(turn: Turn, args: str) -> None:
    """Send an alert to the shops of some streets, around a street, by kind, or the BID."""
    draft = _DRAFT.match(args.strip())
    if draft:
        await _confirm(turn, draft[1].lower() == "send", int(draft[2]))
        return
    split = split_alert(args)
    if split is None or not split[0]:
        await turn.reply(texts.ALERT_HOW)
        return
    places, text = split
    if not text:
        await turn.reply(fill(texts.ALERT_NEED_TEXT, how=texts.ALERT_HOW))
        return
    bid = await turn.session.get(Bid, turn.actor.bid_id)
    assert bid is not None
    streets = await bid_streets(turn)
    reading = read_places(places, streets, _kind_options())
    if reading.unknown or not (reading.target.has_area or reading.target.kind):
        unknown = ", ".join(reading.unknown) or places
        await turn.reply(fill(texts.PLACE_UNKNOWN, places=unknown, bid=bid.name))
        return
    broadcast = await broadcasts.add_broadcast(
        turn.session,
        Broadcast(
            bid_id=bid.id or 0,
            kind="alert",
            sender_id=turn.actor.id or 0,
            text=text[:1000],
            target=target_json(reading.target),
            photo=await _photo(turn),
            draft=bool(reading.unsure),
            created_at=turn.now,
        ),
    )
    if reading.unsure:
        await _ask_unsure(turn, broadcast, reading)
        return
    await _send_alert(turn, broadcast, bid)


async def _photo(turn: Turn) -> dict[str, object] | None:
    """The photo sent with the alert (as its caption), asked to be fetched for sending on."""
    photo = turn.inbound.photo
    if photo is None:
        return None
    await files.want_file(
        turn.session,
        channel=turn.inbound.channel,
        source=photo.source,
        content_type=photo.content_type,
        now=turn.now,
        shared=True,
    )
    await turn.session.flush()
    file_id = await broadcasts.stored_file_id(
        turn.session, channel=turn.inbound.channel, source=photo.source
    )
    return {"id": file_id, "content_type": photo.content_type, "source": photo.source}


async def _ask_unsure(turn: Turn, broadcast: Broadcast, reading: Reading) -> None:
    guesses = ", ".join(f"{best} (for {typed})" for typed, best in reading.unsure)
    await turn.reply(
        Outbound(
            fill(texts.PLACE_UNSURE, streets=guesses),
            options=(
                Option(f"alert send {broadcast.id}", texts.PLACE_UNSURE_YES),
                Option(f"alert cancel {broadcast.id}", texts.PLACE_UNSURE_NO),
            ),
        )
    )


async def _confirm(turn: Turn, send: bool, broadcast_id: int) -> None:
    broadcast = await turn.session.get(Broadcast, broadcast_id)
    if broadcast is None or broadcast.sender_id != turn.actor.id or not broadcast.draft:
        await turn.reply(texts.ALERT_DRAFT_GONE)
        return
    if not send:
        broadcast.draft = False
        broadcast.kind = "dropped"
        await turn.reply(texts.ALERT_DROPPED)
        return
    broadcast.draft = False
    bid = await turn.session.get(Bid, broadcast.bid_id)
    assert bid is not None
    await _send_alert(turn, broadcast, bid)


async def _send_alert(turn: Turn, broadcast: Broadcast, bid: Bid) -> None:
    streets = await bid_streets(turn)
    target = target_of(broadcast.target)
    words = target_words(target, bid, streets)
    shop_ids = await shop_ids_for(turn, target, streets)
    who = turn.actor.display_name
    message = Outbound(
        fill(texts.ALERT_PUSH, who=who, target=words, text=broadcast.text)
        + "\n\n"
        + fill(texts.ALERT_PUSH_HINT, who=who)
    )
    photo = broadcast.photo or {}
    extra = {}
    if photo.get("id"):
        extra["files"] = [{"id": photo["id"], "kind": "photo", "name": "alert.jpg"}]
    reached = await send_broadcast(
        turn, broadcast, message, roles=("staff",), shop_ids=shop_ids, topic="alert", **extra
    )
    if reached.people == 0:
        await turn.reply(fill(texts.ALERT_NOBODY, target=words))
        return
    lines = [
        fill(
            texts.ALERT_SENT,
            shops=counted_words(reached.shops, texts.SHOP_WORDS),
            people=counted_words(reached.people, texts.PEOPLE_WORDS),
            target=words,
        )
    ]
    if reached.skipped:
        lines.append(fill(texts.ALERT_SENT_SKIPPED, count=reached.skipped))
    await turn.reply("\n".join(lines))


@command(
    "event",
    roles=SENDERS,
    help=texts.HELP_EVENT,
    usage=texts.USAGE_EVENT,
    menu=texts.MENU_EVENT,
    interrupts=True,
)
async def event(turn: Turn, args: str) -> None:
    """Announce an event to the whole BID, or to some streets (`event PLACES: TEXT`)."""
    text = args.strip()
    if not text:
        await turn.reply(texts.EVENT_NEED_TEXT)
        return
    bid = await turn.session.get(Bid, turn.actor.bid_id)
    assert bid is not None
    streets = await bid_streets(turn)
    target = None
    split = split_alert(text)
    if split is not None and split[1]:
        reading = read_places(split[0], streets, ())
        if reading.ok and reading.target.has_area:
            target, text = reading.target, split[1]
    if target is None:
        reading = read_places("all", streets, ())
        target = reading.target
    broadcast = await broadcasts.add_broadcast(
        turn.session,
        Broadcast(
            bid_id=bid.id or 0,
            kind="event",
            sender_id=turn.actor.id or 0,
            text=text[:1000],
            target=target_json(target),
            created_at=turn.now,
        ),
    )
    shop_ids = await shop_ids_for(turn, target, streets)
    question = f"event:{broadcast.id}"
    message = Outbound(
        fill(texts.EVENT_PUSH, who=turn.actor.display_name, text=text),
        options=(Option("going", texts.EVENT_GOING), Option("not_going", texts.EVENT_NOT_GOING)),
        question=question,
    )
    roles = EVERYONE if shop_ids is None else ("staff",)
    reached = await send_broadcast(
        turn, broadcast, message, roles=roles, shop_ids=shop_ids, topic="event"
    )
    words = target_words(target, bid, streets)
    people = counted_words(reached.people, texts.PEOPLE_WORDS)
    await turn.reply(fill(texts.EVENT_SENT, people=people, target=words))


@command(
    "poll",
    roles=SENDERS,
    help=texts.HELP_POLL,
    usage=texts.USAGE_POLL,
    menu=texts.MENU_POLL,
    interrupts=True,
)
async def poll(turn: Turn, args: str) -> None:
    """Ask the whole BID a question with options; `poll` alone shows your latest results."""
    if not args.strip():
        await _latest_results(turn)
        return
    asked = parse_poll(args)
    if asked is None:
        await turn.reply(texts.POLL_NEED)
        return
    bid = await turn.session.get(Bid, turn.actor.bid_id)
    assert bid is not None
    closes = turn.now + timedelta(days=POLL_DAYS)
    broadcast = await broadcasts.add_broadcast(
        turn.session,
        Broadcast(
            bid_id=bid.id or 0,
            kind="poll",
            sender_id=turn.actor.id or 0,
            text=asked.question[:1000],
            target={"everyone": True},
            options=list(asked.options),
            created_at=turn.now,
            closes_at=closes,
        ),
    )
    message = Outbound(
        fill(texts.POLL_PUSH, who=turn.actor.display_name, question=asked.question),
        options=tuple(Option(str(n), o) for n, o in enumerate(asked.options, start=1)),
        question=f"poll:{broadcast.id}",
    )
    reached = await send_broadcast(
        turn, broadcast, message, roles=EVERYONE, shop_ids=None, topic="poll"
    )
    await turn.reply(
        fill(
            texts.POLL_SENT,
            people=counted_words(reached.people, texts.PEOPLE_WORDS),
            closes=format_time(closes, turn.tz),
        )
    )


async def _latest_results(turn: Turn) -> None:
    found = await broadcasts.latest_by(turn.session, sender_id=turn.actor.id or 0, kind="poll")
    if found is None:
        await turn.reply(fill(texts.POLL_NONE, how=texts.POLL_NEED))
        return
    counts = await broadcasts.answer_counts(turn.session, broadcast_id=found.id or 0)
    items, total = results_words(found.options, counts)
    await turn.reply(fill(texts.POLL_SO_FAR, question=found.text, answers=total, items=items))
