"""What the flow engine may know about the sender's world, read once per message."""

from __future__ import annotations

from flows.model import Context, Street
from handlers.turn import Turn
from storage import queries
from storage.models import Shop


async def flow_context(turn: Turn, *, idle_minutes: int) -> Context:
    member = turn.actor
    streets = await queries.streets_of(turn.session, bid_id=member.bid_id)
    shop = await turn.session.get(Shop, member.shop_id) if member.shop_id else None
    return Context(
        now=turn.now,
        tz=turn.tz,
        streets=tuple(Street(s.name, s.latitude, s.longitude) for s in streets),
        shop_name=shop.name if shop else "your shop",
        shop_street=shop.street if shop else None,
        idle_minutes=idle_minutes,
    )
