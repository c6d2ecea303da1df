"""Helpers for the tests of keeping the BID informed: more shops and people, quick reports."""

from __future__ import annotations

from datetime import datetime, timedelta

from storage import bids, cases, members
from storage.db import transaction
from storage.models import Case
from tests.support import Harness


def moped_lines(street: str) -> list[str]:
    return [
        "report",
        "moped snatch",
        "no",
        "just now",
        "somewhere else",
        street,
        "Phone grabbed from a customer's hand",
        "2",
        "1",
        "black",
        "ld19 abc",
        "2",
        "Dark helmets",
        "towards Piccadilly Circus",
        "1",
        "2",
        "skip",
        "send",
    ]


async def file_moped(h: Harness, handle: str, street: str) -> str:
    last: list[dict] = []
    for line in moped_lines(street):
        last = await h.say(handle, line)
    refs = [m["case_ref"] for m in last if m.get("case_ref")]
    assert refs, last
    return str(refs[-1])


async def add_staff(
    h: Harness, street: str, count: int, *, prefix: str, channel: str = "console"
) -> list[str]:
    """`count` shops on `street`, each with one member of staff; returns their addresses."""
    addresses = []
    async with transaction(h.runtime.sessions) as session:
        bid = await bids.bid_by_code(session, code="WE")
        assert bid is not None and bid.id is not None
        for n in range(count):
            shop = await bids.create_shop(
                session, bid_id=bid.id, name=f"{prefix} shop {n}", street=street
            )
            address = f"{prefix}-{n}"
            await members.create_member(
                session,
                bid_id=bid.id,
                role="staff",
                shop_id=shop.id,
                display_name=f"{prefix} staff {n}",
                channel=channel,
                address=address,
            )
            addresses.append(address)
    return addresses


async def add_member(h: Harness, handle: str, role: str, *, shop: str | None = None) -> None:
    async with transaction(h.runtime.sessions) as session:
        bid = await bids.bid_by_code(session, code="WE")
        assert bid is not None and bid.id is not None
        found = await bids.shop_by_name(session, bid_id=bid.id, name=shop) if shop else None
        await members.create_member(
            session,
            bid_id=bid.id,
            role=role,
            shop_id=found.id if found else None,
            display_name=handle,
            channel="console",
            address=handle,
        )


async def add_case(
    h: Harness,
    *,
    kind: str,
    created: datetime,
    street: str = "Coventry Street",
    acted_after: timedelta | None = None,
    outcome: str | None = None,
) -> Case:
    """A case straight into the database, with its first police action `acted_after` filing."""
    async with transaction(h.runtime.sessions) as session:
        bid = await bids.bid_by_code(session, code="WE")
        assert bid is not None and bid.id is not None
        shop = await bids.shop_by_name(session, bid_id=bid.id, name="Coventry Street Gifts")
        assert shop is not None
        reporter = await members.member_by_identity(
            session, channel="console", address="demo-staff"
        )
        assert reporter is not None
        number = (await cases.take_case_number(session, bid_id=bid.id)).number
        case = Case(
            ref=f"WE-{number:04d}",
            bid_id=bid.id,
            number=number,
            kind=kind,
            status="closed" if outcome else ("acknowledged" if acted_after else "new"),
            outcome=outcome,
            shop_id=shop.id or 0,
            reporter_id=reporter[1].id or 0,
            channel="console",
            created_at=created,
            occurred_at=created - timedelta(minutes=10),
            location=street,
            street=street,
        )
        session.add(case)
        await session.flush()
        if acted_after is not None:
            case.last_police_action_at = created + acted_after
            await cases.add_event(
                session,
                case=case,
                author_id=None,
                author_role="officer",
                action="ack",
                text="Acknowledged",
                now=created + acted_after,
            )
        return case
