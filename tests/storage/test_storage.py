"""Storage on every backend: references, version checks, dedupe, times."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import event, select

from storage import bids, cases, conversations, driver, inbound, members, outbox
from storage.db import engine_of, make_engine, make_sessions, transaction
from storage.models import Bid, Case, Conversation, Outbox


@pytest.fixture
async def sessions(database_url: str):
    engine = make_engine(database_url)
    yield make_sessions(engine)
    await engine.dispose()


def database_is_sqlite(sessions) -> bool:
    return engine_of(sessions).dialect.name == "sqlite"


async def _bid_with_shop(sessions) -> tuple[int, int, int]:
    async with transaction(sessions) as session:
        bid = await bids.create_bid(
            session, code="WE", name="West End", streets=[("Piccadilly", 51.5, -0.13)]
        )
        shop = await bids.create_shop(session, bid_id=bid.id, name="Gifts", street="Piccadilly")
        _, member = await members.create_member(
            session,
            bid_id=bid.id,
            role="staff",
            shop_id=shop.id,
            display_name="Sam",
            channel="console",
            address="sam",
        )
    return bid.id, shop.id, member.id


async def test_fifty_reports_filed_at_once_get_fifty_distinct_references(sessions) -> None:
    bid_id, shop_id, member_id = await _bid_with_shop(sessions)
    now = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)

    async def file_one() -> str:
        async with transaction(sessions) as session:
            number = (await cases.take_case_number(session, bid_id=bid_id)).number
            case = Case(
                ref=f"WE-{number:04d}",
                bid_id=bid_id,
                number=number,
                kind="theft",
                shop_id=shop_id,
                reporter_id=member_id,
                channel="console",
                occurred_at=now,
                location="Gifts",
            )
            session.add(case)
        return case.ref

    refs = await asyncio.gather(*(file_one() for _ in range(50)))
    assert len(set(refs)) == 50
    assert sorted(refs) == [f"WE-{n:04d}" for n in range(1, 51)]
    async with sessions() as session:
        stored = (await session.execute(select(Case.ref))).scalars().all()
    assert sorted(stored) == sorted(refs)


async def test_a_number_taken_keeps_the_sessions_bid_in_step(sessions) -> None:
    bid_id, _, _ = await _bid_with_shop(sessions)
    async with transaction(sessions) as session:
        bid = await session.get(Bid, bid_id)
        assert bid is not None and bid.last_case_number == 0
        taken = await cases.take_case_number(session, bid_id=bid_id)
        assert (taken.number, taken.code, taken.bid_name) == (1, bid.code, bid.name)
        assert bid.last_case_number == 1 and not session.dirty
        bid.name = "West End BID"  # a change flushed with it writes the number as taken
    async with transaction(sessions) as session:
        assert (await cases.take_case_number(session, bid_id=bid_id)).number == 2


async def test_a_conversation_saved_from_a_stale_copy_is_refused(sessions) -> None:
    await _bid_with_shop(sessions)
    now = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
    async with transaction(sessions) as session:
        identity, _ = await members.member_by_identity(session, channel="console", address="sam")  # type: ignore[misc]
        conversation = await conversations.conversation_of(session, identity_id=identity.id)
    first = Conversation(id=conversation.id, identity_id=identity.id, version=0)
    second = Conversation(id=conversation.id, identity_id=identity.id, version=0)
    async with transaction(sessions) as session:
        await conversations.save_conversation(session, conversation=first, state={"a": 1}, now=now)
    with pytest.raises(conversations.StaleConversation):
        async with transaction(sessions) as session:
            await conversations.save_conversation(
                session, conversation=second, state={"b": 2}, now=now
            )
    async with sessions() as session:
        stored = await session.get(Conversation, conversation.id)
    assert stored is not None and stored.state == {"a": 1} and stored.version == 1


class _Taker:
    """A sender in this process, taking replies at insert (so a reply is one statement)."""

    def __init__(self) -> None:
        self.handed: list[Outbox] = []

    def sends_by_recording(self, channel: str) -> bool:
        return False

    def lease_for(self, channel: str) -> datetime | None:
        return datetime(2026, 11, 23, 14, 1, tzinfo=UTC)

    def committed(
        self, handed: list[Outbox], due: set[tuple[str, str]], sent: list[Outbox]
    ) -> None:
        self.handed += handed


async def _conversation(sessions) -> tuple[int, Conversation]:
    await _bid_with_shop(sessions)
    async with transaction(sessions) as session:
        identity, _ = await members.member_by_identity(session, channel="console", address="sam")  # type: ignore[misc]
        return identity.id, await conversations.conversation_of(session, identity_id=identity.id)


async def _step(sessions, identity_id: int, copy: Conversation, state: dict, text: str) -> None:
    """A flow step's writes: the conversation saved, then its reply."""
    now = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
    async with transaction(sessions) as session:
        await conversations.save_conversation(session, conversation=copy, state=state, now=now)
        await outbox.enqueue(
            session,
            channel="console",
            address="sam",
            identity_id=identity_id,
            payload={"text": text},
            now=now,
        )


async def test_a_step_saved_with_its_reply_commits_both_in_one_statement(sessions) -> None:
    identity_id, conversation = await _conversation(sessions)
    taker = _Taker()
    outbox.hand_over_to(sessions, taker)
    ran: list[str] = []
    # Statements on the driver, and through SQLAlchemy (where a transaction's first one goes).
    driver.WATCHERS.append(lambda sql, args, took: ran.append(sql))
    engine = engine_of(sessions).sync_engine

    def through_sqlalchemy(conn, cursor, sql: str, *rest) -> None:
        ran.append(sql)

    event.listen(engine, "before_cursor_execute", through_sqlalchemy)
    try:
        await _step(sessions, identity_id, conversation, {"a": 1}, "Where did it happen?")
    finally:
        driver.WATCHERS.pop()
        event.remove(engine, "before_cursor_execute", through_sqlalchemy)
    writes = [sql for sql in ran if sql.split()[0] in ("UPDATE", "INSERT", "WITH")]
    # On PostgreSQL the save rides in the reply's statement; SQLite has no round trip to save.
    assert len(writes) == (2 if database_is_sqlite(sessions) else 1)
    assert [row.payload["text"] for row in taker.handed] == ["Where did it happen?"]
    async with sessions() as session:
        stored = await session.get(Conversation, conversation.id)
        replies = list((await session.execute(select(Outbox))).scalars())
    assert stored is not None and stored.state == {"a": 1} and stored.version == 1
    assert [(r.payload["text"], r.status) for r in replies] == [
        ("Where did it happen?", "sending")
    ]


async def test_a_stale_step_with_its_reply_writes_neither(sessions) -> None:
    identity_id, conversation = await _conversation(sessions)
    taker = _Taker()
    outbox.hand_over_to(sessions, taker)
    first = Conversation(id=conversation.id, identity_id=identity_id, version=0)
    second = Conversation(id=conversation.id, identity_id=identity_id, version=0)
    await _step(sessions, identity_id, first, {"a": 1}, "first")
    with pytest.raises(conversations.StaleConversation):
        await _step(sessions, identity_id, second, {"b": 2}, "second")
    assert [row.payload["text"] for row in taker.handed] == ["first"]
    async with sessions() as session:
        stored = await session.get(Conversation, conversation.id)
        replies = list((await session.execute(select(Outbox))).scalars())
    assert stored is not None and stored.state == {"a": 1} and stored.version == 1
    assert [r.payload["text"] for r in replies] == ["first"]


async def test_the_orm_writing_a_saved_conversation_again_is_not_taken_for_stale(
    sessions,
) -> None:
    # The stop command's shape: the save, then the loaded row changed through the ORM, which
    # a query flushes before the reply is written.
    identity_id, conversation = await _conversation(sessions)
    now = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
    async with transaction(sessions) as session:
        loaded = await conversations.conversation_of(session, identity_id=identity_id)
        await conversations.save_conversation(session, conversation=loaded, state=None, now=now)
        loaded.version += 1
        loaded.state = None
        await session.execute(select(Outbox))  # autoflush
        await outbox.enqueue(session, channel="console", address="sam", payload={}, now=now)
    async with sessions() as session:
        stored = await session.get(Conversation, conversation.id)
    assert stored is not None and stored.state is None and stored.version == 1


async def test_a_delivery_is_recognised_the_second_time(sessions) -> None:
    async with transaction(sessions) as session:
        assert await inbound.mark_seen(session, channel="telegram", external_id="42")
        assert not await inbound.mark_seen(session, channel="telegram", external_id="42")
        assert await inbound.mark_seen(session, channel="whatsapp", external_id="42")


async def test_times_come_back_aware_and_equal(sessions) -> None:
    bid_id, shop_id, member_id = await _bid_with_shop(sessions)
    bst = timezone(timedelta(hours=1))
    occurred = datetime(2026, 7, 1, 18, 15, tzinfo=bst)
    async with transaction(sessions) as session:
        session.add(
            Case(
                ref="WE-0001",
                bid_id=bid_id,
                number=1,
                kind="theft",
                shop_id=shop_id,
                reporter_id=member_id,
                channel="console",
                occurred_at=occurred,
                location="Gifts",
            )
        )
    async with sessions() as session:
        case = (await session.execute(select(Case))).scalar_one()
    assert case.occurred_at == occurred
    assert case.occurred_at.tzinfo is not None


async def test_an_invite_runs_out_and_expires(sessions) -> None:
    bid_id, shop_id, _ = await _bid_with_shop(sessions)
    now = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
    async with transaction(sessions) as session:
        invite = await members.create_invite(
            session,
            bid_id=bid_id,
            role="staff",
            shop_id=shop_id,
            uses=1,
            expires_at=now + timedelta(days=1),
        )
    async with transaction(sessions) as session:
        found = await members.usable_invite(session, code=invite.code, now=now)
        assert found is not None
        found.uses_left -= 1
    async with transaction(sessions) as session:
        assert await members.usable_invite(session, code=invite.code, now=now) is None
    async with transaction(sessions) as session:
        other = await members.create_invite(
            session,
            bid_id=bid_id,
            role="officer",
            shop_id=None,
            uses=5,
            expires_at=now + timedelta(days=1),
        )
    async with transaction(sessions) as session:
        assert (
            await members.usable_invite(session, code=other.code, now=now + timedelta(days=2))
            is None
        )
