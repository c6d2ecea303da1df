"""Console helpers for the officer's side: members who join by invite, and report scripts."""

from __future__ import annotations

from datetime import timedelta

from storage import bids, members
from storage.db import transaction
from tests.support import Harness


async def join(h: Harness, handle: str, role: str, shop: str | None = None) -> None:
    """`handle` joins the demo BID with a fresh invite for `role` (staff need a shop)."""
    async with transaction(h.runtime.sessions) as session:
        bid = await bids.bid_by_code(session, code="WE")
        assert bid is not None and bid.id is not None
        found = await bids.shop_by_name(session, bid_id=bid.id, name=shop) if shop else None
        invite = await members.create_invite(
            session,
            bid_id=bid.id,
            role=role,
            shop_id=found.id if found else None,
            uses=1,
            expires_at=h.runtime.dispatcher._clock() + timedelta(days=1),
        )
    welcome = await h.say(handle, f"join {invite.code}")
    assert "Welcome to ShopWatch" in welcome[-1]["text"], welcome


def moped(
    *,
    danger: str = "no",
    when: str = "just now",
    place: str = "outside Boots on coventry street",
    what: str = "Two lads on a moped grabbed a black handbag off a woman",
    colour: str = "black",
    plate: str = "LD19 ABC",
    description: str = "black helmets, grey puffer jacket",
    direction: str = "towards Leicester Square",
    crn: str | None = None,
    photo: str | None = None,
) -> list[str]:
    """A moped snatch from `report` to `send`, as typed on the console."""
    police = ["yes", crn] if crn else ["no"]
    return [
        "report",
        "moped snatch",
        danger,
        when,
        "2",  # somewhere else
        place,
        what,
        "3",  # a passer-by
        "1",  # moped
        colour,
        plate,
        "2",
        description,
        direction,
        "yes",  # CCTV
        *police,
        *([f"PHOTO:{photo}", "done"] if photo else ["skip"]),
        "send",
    ]


async def file(h: Harness, handle: str, script: list[str]) -> str:
    """Run a report script ("PHOTO:source" sends a photo); returns the new case's reference."""
    for line in script[:-1]:
        if line.startswith("PHOTO:"):
            photo = {"content_type": "image/jpeg", "source": line.removeprefix("PHOTO:")}
            assert await h.say(handle, photo=photo)
            continue
        assert await h.say(handle, line), f"no answer to {line!r}"
    done = await h.say(handle, script[-1])
    refs = [m["case_ref"] for m in done if m.get("case_ref")]
    assert refs, done
    return str(refs[0])
