"""The small query modules on every backend: files, dedupe pruning, identities, conversations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from storage import bids, conversations, files, identities, inbound, inbox, members
from storage.db import engine_of, make_engine, make_sessions, transaction
from storage.driver import driver_of, driver_transaction
from storage.models import Identity, InboundQueued, StoredFile

NOW = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)
LEASE = timedelta(minutes=5)


@pytest.fixture
async def sessions(database_url: str):
    engine = make_engine(database_url)
    yield make_sessions(engine)
    await engine.dispose()


async def test_files_are_claimed_once_per_lease_until_fetched_or_given_up(sessions):
    async with transaction(sessions) as session:
        for source in ("a", "b", "c"):
            await files.want_file(
                session, channel="telegram", source=source, content_type="image/jpeg", now=NOW
            )
        await files.want_file(
            session, channel="whatsapp", source="w", content_type="image/png", now=NOW
        )
    async with transaction(sessions) as session:
        claimed = await files.claim_due(
            session, channels=["telegram"], now=NOW, max_attempts=3, lease=LEASE, limit=10
        )
        assert [f.source for f in claimed] == ["a", "b", "c"]
        a, b, c = (f.id or 0 for f in claimed)
        await files.mark_fetched(session, file_id=a, attempts=1, path="/x/a.jpg", size=12)
        await files.mark_fetch_failed(
            session, file_id=b, attempts=1, error="e" * 400, next_attempt_at=NOW
        )
        await files.mark_fetch_failed(
            session, file_id=c, attempts=3, error="gone", next_attempt_at=NOW
        )
    async with transaction(sessions) as session:
        # b failed and is due again; a is fetched; c has no attempts left.
        again = await files.claim_due(
            session, channels=["telegram"], now=NOW, max_attempts=3, lease=LEASE, limit=10
        )
        assert [f.id for f in again] == [b]
        assert (
            await files.claim_due(
                session, channels=["telegram"], now=NOW, max_attempts=3, lease=LEASE, limit=10
            )
            == []
        )  # leased just now
        stored = await session.get(StoredFile, a)
        failed = await session.get(StoredFile, b)
    assert stored is not None and (stored.path, stored.size, stored.error) == (
        "/x/a.jpg",
        12,
        None,
    )
    assert failed is not None and failed.attempts == 1 and len(failed.error or "") == 300


async def test_seen_deliveries_are_forgotten_after_a_while(sessions):
    async with transaction(sessions) as session:
        assert await inbound.mark_seen(session, channel="telegram", external_id="1")
    async with transaction(sessions) as session:
        assert await inbound.prune_seen(session, before=NOW - timedelta(days=7)) == 0
    async with transaction(sessions) as session:
        assert await inbound.prune_seen(session, before=datetime.now(UTC) + timedelta(1)) == 1
    async with transaction(sessions) as session:
        assert await inbound.mark_seen(session, channel="telegram", external_id="1")


async def test_identities_conversations_and_bids(sessions):
    async with sessions() as session:
        assert not await bids.any_bid(session)
    async with transaction(sessions) as session:
        bid = await bids.create_bid(session, code="WE", name="West End")
        identity, _ = await members.create_member(
            session,
            bid_id=bid.id or 0,
            role="staff",
            shop_id=None,
            display_name="Sam",
            channel="telegram",
            address="42",
        )
        conversation = await conversations.conversation_of(session, identity_id=identity.id or 0)
    async with transaction(sessions) as session:
        assert await bids.any_bid(session)
        assert await conversations.state_at(session, channel="telegram", address="42") is None
        await conversations.save_conversation(
            session, conversation=conversation, state={"flow": "report"}, now=NOW
        )
        await identities.mark_unreachable(session, identity_id=identity.id or 0)
    async with sessions() as session:
        state = await conversations.state_at(session, channel="telegram", address="42")
        assert state == {"flow": "report"}
        assert await conversations.state_at(session, channel="telegram", address="43") is None
        assert await identities.last_inbound_at(session, channel="telegram", address="42") is None
        found = await session.get(Identity, identity.id)
    assert found is not None and found.unreachable


def test_an_invite_code_never_starts_like_a_command_line_option(monkeypatch) -> None:
    from storage import members

    made = iter(["-abcdefghijklmnop", "_abcdefghijklmnop"])
    monkeypatch.setattr(members.secrets, "token_urlsafe", lambda n: next(made))
    assert members.invite_code() == "_abcdefghijklmnop"


async def test_kept_messages_get_their_ids_in_order_one_by_one_or_many_at_once(sessions):
    """A burst's batch is one statement (`add_many`); each message must get its own id back."""
    engine = engine_of(sessions)
    rows = [
        {
            "channel": "whatsapp",
            "address": f"+4477009001{n:02d}",
            "message": {"n": n},
            "received_at": NOW,
            "due_at": NOW + timedelta(seconds=30),
        }
        for n in range(5)
    ]
    async with engine.begin() as connection:
        many = await inbox.add_many(connection, rows[:3])
    async with driver_transaction(engine) as driver:
        one_by_one = await inbox.add(driver, rows[3:])
    async with sessions() as session:
        for row_id, row in zip(many + one_by_one, rows, strict=True):
            kept = await session.get(InboundQueued, row_id)
            assert kept is not None and (kept.address, kept.message) == (
                row["address"],
                row["message"],
            )


async def test_a_transactions_driver_is_found_once_and_goes_with_the_transaction(sessions):
    """driver_of keeps the driver for the session's transaction: the same within it, a new one
    (and a new transaction) after it, and what ran on it rolled back with it."""
    insert = "INSERT INTO inbound_seen (channel, external_id, at) VALUES (?, ?, ?)"
    session = sessions()
    try:
        async with session.begin():
            first = await driver_of(session)
            assert await driver_of(session) is first
            await first.execute(insert, "telegram", "kept", first.at(NOW))
        async with session.begin():
            second = await driver_of(session)
            assert second is not first
            await second.execute(insert, "telegram", "undone", second.at(NOW))
            await session.rollback()
        async with session.begin():
            third = await driver_of(session)
            assert third is not second
            seen = await third.fetch("SELECT external_id FROM inbound_seen")
            assert [row[0] for row in seen] == ["kept"]
    finally:
        await session.close()
