"""The flow context's streets: cached per BID, and current after streets are added elsewhere."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.demo import seed_demo
from handlers.conversation import flow_context
from handlers.inbound import Inbound
from handlers.turn import Turn
from storage import bids, members
from storage.db import make_engine, make_sessions, transaction


async def _streets_seen(url: str) -> list[str]:
    """The street names a flow step of demo-staff sees, through a fresh engine and session."""
    engine = make_engine(url)
    try:
        async with transaction(make_sessions(engine)) as session:
            found = await members.who_wrote(session, channel="console", address="demo-staff")
            assert found is not None
            turn = Turn(
                session,
                Inbound(channel="console", address="demo-staff", text="hi"),
                datetime.now(UTC),
                ZoneInfo("Europe/London"),
            )
            turn.identity, turn.member, turn.conversation, turn.shop, turn.streets_stamp, _ = found
            return [street.name for street in (await flow_context(turn)).streets]
    finally:
        await engine.dispose()


async def test_a_street_added_by_another_process_is_in_the_next_flow_context(database_url):
    engine = make_engine(database_url)
    sessions = make_sessions(engine)
    try:
        async with transaction(sessions) as session:
            await seed_demo(session)
        before = await _streets_seen(database_url)
        assert await _streets_seen(database_url) == before  # the cached list, still whole
        async with transaction(sessions) as session:
            bid = await bids.bid_by_code(session, code="WE")
            assert bid is not None and bid.id is not None
            await bids.add_streets(session, bid_id=bid.id, streets=[("Zzyzx Row", None, None)])
        after = await _streets_seen(database_url)
    finally:
        await engine.dispose()
    assert "Zzyzx Row" not in before
    assert after == [*before, "Zzyzx Row"]
