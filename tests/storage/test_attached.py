"""Who wrote, read on the driver: the same objects the ORM would load, and the session's own."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from storage import members, preferences
from storage.db import make_engine, make_sessions, transaction
from storage.models import (
    Bid,
    Conversation,
    Identity,
    Member,
    MemberPreference,
    Outbox,
    Shop,
    Street,
)

NOW = datetime(2026, 11, 23, 14, 30, 5, 123456, tzinfo=UTC)
STATE = {"kind": "shoplifting", "answers": {"items": "3 × perfume £120", "hurt": False}}


@pytest.fixture
async def sessions(database_url: str):
    engine = make_engine(database_url)
    yield make_sessions(engine)
    await engine.dispose()


async def _seed(sessions, *, shop: bool = True, conversation: bool = True) -> None:
    async with transaction(sessions) as session:
        bid = Bid(code="WE", name="West End")
        session.add(bid)
        await session.flush()
        session.add_all(
            [Street(bid_id=bid.id, name=name) for name in ("Coventry Street", "Haymarket")]
        )
        place = Shop(bid_id=bid.id, name="Boots", street="Coventry Street", created_at=NOW)
        session.add(place)
        await session.flush()
        member = Member(
            bid_id=bid.id,
            role="staff",
            shop_id=place.id if shop else None,
            display_name="Sam",
            created_at=NOW,
        )
        session.add(member)
        await session.flush()
        identity = Identity(
            member_id=member.id, channel="whatsapp", address="+447700900123", last_inbound_at=NOW
        )
        session.add(identity)
        await session.flush()
        if conversation:
            session.add(Conversation(identity_id=identity.id, state=STATE, version=3))
        session.add(
            Outbox(
                identity_id=identity.id,
                channel="whatsapp",
                address="+447700900123",
                payload={"text": "held"},
                status="held",
            )
        )


def _columns(row: object) -> dict[str, object]:
    return {key: getattr(row, key) for key in type(row).__table__.columns.keys()}  # type: ignore[attr-defined]


async def test_who_wrote_gives_what_the_orm_loads_with_its_types(sessions) -> None:
    await _seed(sessions)
    async with transaction(sessions) as session:
        found = await members.who_wrote(
            session, channel="whatsapp", address="+447700900123", holding=True
        )
        assert found is not None
        identity, member, conversation, shop, stamp, held = found
    async with transaction(sessions) as session:
        for row, cls in ((identity, Identity), (member, Member), (conversation, Conversation)):
            loaded = await session.get(cls, row.id)
            assert _columns(row) == _columns(loaded)
        assert _columns(shop) == _columns(await session.get(Shop, shop.id))
    assert conversation.state == STATE  # JSON as its value, not its text
    assert identity.last_inbound_at == NOW  # aware UTC, to the microsecond
    assert identity.unreachable is False and identity.location_keyboard is False
    assert stamp[0] == 2 and stamp[1] > 0
    assert held is True


async def test_its_objects_are_the_sessions_own(sessions) -> None:
    await _seed(sessions)
    async with transaction(sessions) as session:
        found = await members.who_wrote(session, channel="whatsapp", address="+447700900123")
        assert found is not None
        identity, member, _, shop, _, held = found
        assert held is False  # not asked
        assert not session.dirty and not session.new
        assert await session.get(Shop, member.shop_id) is shop  # no second read
        again = (await session.execute(select(Identity))).scalars().one()
        assert again is identity
        identity.unreachable = True  # a change is flushed with the transaction
    async with transaction(sessions) as session:
        assert (await session.get(Identity, identity.id)).unreachable is True
        # Read again in a session that already holds the identity: the one held stays.
        held_one = await session.get(Identity, identity.id)
        session.expire(held_one, ["last_inbound_at"])
        found = await members.who_wrote(session, channel="whatsapp", address="+447700900123")
        assert found is not None and found[0] is held_one
        assert held_one.last_inbound_at == NOW  # what it had expired is filled in, not lazy


async def test_no_shop_no_conversation_and_strangers(sessions) -> None:
    await _seed(sessions, shop=False, conversation=False)
    async with transaction(sessions) as session:
        found = await members.who_wrote(session, channel="whatsapp", address="+447700900123")
        assert found is not None
        assert found[2] is None and found[3] is None
        assert (
            await members.who_wrote(session, channel="whatsapp", address="+447700900999") is None
        )


async def test_a_delivery_seen_with_who_wrote_it_once_and_never_again(sessions) -> None:
    await _seed(sessions)
    where = {"channel": "whatsapp", "address": "+447700900123", "holding": True}
    async with transaction(sessions) as session:
        fresh, found = await members.seen_and_who_wrote(session, **where, external_id="SM1")
        assert fresh and found is not None
        alone = await members.who_wrote(session, **where)
        assert alone is not None
        assert [_columns(row) for row in found[:4]] == [_columns(row) for row in alone[:4]]
        assert found[4:] == alone[4:] and found[5] is True  # the streets stamp, held
    async with transaction(sessions) as session:
        assert await members.seen_and_who_wrote(session, **where, external_id="SM1") == (
            False,
            None,
        )
    with pytest.raises(RuntimeError):  # a delivery whose handling failed is not seen
        async with transaction(sessions) as session:
            assert (await members.seen_and_who_wrote(session, **where, external_id="SM2"))[0]
            raise RuntimeError("the handling failed")
    async with transaction(sessions) as session:
        fresh, found = await members.seen_and_who_wrote(session, **where, external_id="SM2")
        assert fresh and found is not None


async def test_a_strangers_delivery_is_seen_with_nobody_found(sessions) -> None:
    await _seed(sessions, shop=False, conversation=False)
    stranger = {"channel": "whatsapp", "address": "+447700900999"}
    async with transaction(sessions) as session:
        assert await members.seen_and_who_wrote(session, **stranger, external_id="SM9") == (
            True,
            None,
        )
        fresh, found = await members.seen_and_who_wrote(
            session, channel="whatsapp", address="+447700900123", external_id="SM8"
        )
        assert fresh and found is not None and found[2] is None and found[3] is None
    async with transaction(sessions) as session:
        assert not (await members.seen_and_who_wrote(session, **stranger, external_id="SM9"))[0]


async def _people(sessions, count: int) -> tuple[int, list[int]]:
    """`count` officers of one BID, every third with preferences: the BID, their identities."""
    async with transaction(sessions) as session:
        bid = Bid(code="WE", name="West End")
        session.add(bid)
        await session.flush()
        members = [
            Member(bid_id=bid.id, role="officer", display_name=f"PC {n}") for n in range(count)
        ]
        session.add_all(members)
        await session.flush()
        identities = [
            Identity(member_id=m.id, channel="telegram", address=str(1000 + n))
            for n, m in enumerate(members)
        ]
        session.add_all(identities)
        session.add_all(
            MemberPreference(member_id=m.id, streets=["Haymarket"], quiet_from=60, quiet_to=420)
            for m in members[::3]
        )
        await session.flush()
        return bid.id, [i.id for i in identities]


async def test_an_audience_of_any_size_comes_whole_in_order_with_its_preferences(sessions):
    _, ids = await _people(sessions, 300)
    wanted = list(reversed(ids))[:299] + ids[:5]  # out of order, with repeats
    async with transaction(sessions) as session:
        rows = await preferences.audience(session, identity_ids=wanted)
        assert [identity.id for identity, _, _ in rows] == sorted(set(wanted))
        for identity, member, preference in rows:
            assert identity.member_id == member.id
            if (ids.index(identity.id)) % 3 == 0:
                assert preference.streets == ["Haymarket"] and preference.quiet_to == 420
            else:
                assert preference is None
        assert await preferences.audience(session, identity_ids=[]) == []
        assert [r[0].id for r in await preferences.audience(session, identity_ids=ids[7:9])] == (
            ids[7:9]
        )


async def test_the_audience_sees_what_the_transaction_changed(sessions):
    bid_id, ids = await _people(sessions, 3)
    async with transaction(sessions) as session:
        officers = await preferences.audience_with_role(session, bid_id=bid_id, role="officer")
        assert len(officers) == 3
        officers[0][1].removed_at = NOW  # not flushed yet: the read flushes it first
        still = await preferences.audience_with_role(session, bid_id=bid_id, role="officer")
        assert [row[0].id for row in still] == ids[1:]
        assert still[0][0] is officers[1][0]  # the session's own objects
