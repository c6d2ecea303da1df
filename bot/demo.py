"""The West End demo BID: real streets, a few shops, console members ready to chat."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from config.areas import demo_area
from storage import bids, members

CODE, NAME = "WE", "West End"
SHOPS = (
    ("Coventry Street Gifts", "Coventry Street"),
    ("Piccadilly Pharmacy", "Piccadilly"),
    ("Leicester Square News", "Leicester Square"),
    ("Jermyn Street Shirts", "Jermyn Street"),
    ("Haymarket Mini Market", "Haymarket"),
)
MEMBERS = (
    ("demo-staff", "staff", "Sam (Coventry Street Gifts)", "Coventry Street Gifts"),
    ("demo-officer", "officer", "PC Patel", None),
    ("demo-manager", "manager", "Alex (West End BID)", None),
)


async def seed_demo(session: AsyncSession, *, only_if_empty: bool = False) -> str:
    """Create whatever of the demo is missing; running it twice changes nothing."""
    if only_if_empty and await bids.any_bid(session):
        return "The database already has a BID; demo not seeded."
    streets = [(s.name, s.latitude, s.longitude) for s in demo_area()]
    bid = await bids.bid_by_code(session, code=CODE)
    if bid is None:
        bid = await bids.create_bid(session, code=CODE, name=NAME, streets=streets)
    else:
        await bids.add_streets(session, bid_id=bid.id or 0, streets=streets)
    bid_id = bid.id or 0
    shops = {}
    for name, street in SHOPS:
        shop = await bids.shop_by_name(session, bid_id=bid_id, name=name)
        shops[name] = shop or await bids.create_shop(
            session, bid_id=bid_id, name=name, street=street
        )
    for handle, role, display, shop_name in MEMBERS:
        if await members.member_by_identity(session, channel="console", address=handle):
            continue
        await members.create_member(
            session,
            bid_id=bid_id,
            role=role,
            shop_id=shops[shop_name].id if shop_name else None,
            display_name=display,
            channel="console",
            address=handle,
        )
    return (
        f"Demo BID {CODE} ({NAME}) is ready: {len(SHOPS)} shops, {len(streets)} streets, "
        "console members demo-staff, demo-officer, demo-manager."
    )
