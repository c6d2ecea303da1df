"""Who a broadcast reaches: the shops a target names, their staff's chats, and sending it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flows import registry, texts
from flows.model import Outbound, Street
from flows.places import Target, same_street, streets_within
from flows.template import fill
from handlers.turn import Turn
from storage import bids, broadcasts
from storage.models import Bid, Broadcast, Identity, Member

KIND_DAYS = 90  # "by crime kind": the shops that reported it this recently
EVERYONE = ("staff", "officer", "manager", "admin")


@dataclass
class Reached:
    shops: int
    people: int  # members it was queued for
    skipped: int  # members who turned it (or everything) off


async def bid_streets(turn: Turn) -> list[Street]:
    found = await bids.streets_of(turn.session, bid_id=turn.actor.bid_id)
    return [Street(s.name, s.latitude, s.longitude) for s in found]


async def shop_ids_for(turn: Turn, target: Target, streets: Sequence[Street]) -> list[int] | None:
    """The shops a target names; None means every shop of the BID."""
    bid_id = turn.actor.bid_id
    names = list(target.streets)
    if target.around:
        names += streets_within(target.around, target.metres, streets)
    if target.everyone or (not names and not target.kind):
        return None
    shops = await broadcasts.shops_of(turn.session, bid_id=bid_id)
    chosen = {s.id or 0 for s in shops if any(same_street(s.street, n) for n in names)}
    if target.kind:
        reported = await broadcasts.shops_reporting(
            turn.session,
            bid_id=bid_id,
            kind=target.kind,
            since=turn.now - timedelta(days=KIND_DAYS),
        )
        chosen = chosen & reported if names else reported
    return sorted(chosen)


def target_words(target: Target, bid: Bid, streets: Sequence[Street]) -> str:
    """How the target reads: "Coventry Street and Haymarket", "within 300 m of …"."""
    if target.everyone:
        return fill(texts.TARGET_ALL, bid=bid.name)
    parts = []
    if target.streets:
        parts.append(", ".join(target.streets))
    if target.around:
        parts.append(fill(texts.TARGET_AROUND, metres=target.metres, street=target.around))
    if target.kind and not parts:
        parts.append(fill(texts.TARGET_KIND, kind=registry.name_of(target.kind), days=KIND_DAYS))
    return texts.TARGET_AND.join(parts) or fill(texts.TARGET_ALL, bid=bid.name)


def target_json(target: Target) -> dict[str, Any]:
    return {
        "everyone": target.everyone,
        "streets": list(target.streets),
        "around": target.around,
        "metres": target.metres,
        "kind": target.kind,
    }


def target_of(data: dict[str, Any]) -> Target:
    return Target(
        bool(data.get("everyone")),
        tuple(data.get("streets") or ()),
        data.get("around"),
        int(data.get("metres") or 0),
        data.get("kind"),
    )


async def send_broadcast(
    turn: Turn,
    broadcast: Broadcast,
    message: Outbound,
    *,
    roles: Sequence[str],
    shop_ids: list[int] | None,
    topic: str,
    **extra: Any,
) -> Reached:
    """Queue `message` for everyone reached (never the sender), and remember who got it."""
    reached = await broadcasts.members_reached(
        turn.session, bid_id=broadcast.bid_id, roles=roles, shop_ids=shop_ids
    )
    chats: list[Identity] = []
    members: dict[int, Member] = {}
    for identity, member in reached:
        if member.id == turn.actor.id:
            continue
        chats.append(identity)
        members[member.id or 0] = member
    queued = await turn.push(
        chats,
        message,
        topic=topic,
        kind=target_of(broadcast.target).kind,
        broadcast_id=broadcast.id,
        **extra,
    )
    got = {i.member_id for i in queued}
    await broadcasts.add_recipients(
        turn.session,
        broadcast_id=broadcast.id or 0,
        members=[(m, members[m].shop_id) for m in sorted(got)],
        at=turn.now,
    )
    shops = {members[m].shop_id for m in got if members[m].shop_id is not None}
    broadcast.shops, broadcast.people = len(shops), len(got)
    return Reached(len(shops), len(got), len(members) - len(got))
