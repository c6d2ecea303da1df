"""A BID's streets as flow steps and the checks after filing read them: cached per BID, current
after streets are added (by another process too)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event

from bot.demo import seed_demo
from handlers.bid_streets import bid_streets
from handlers.filing import officers_of
from handlers.inbound import Inbound
from handlers.turn import Turn
from storage import bids, members
from storage.db import make_engine, make_sessions, transaction


async def _seen(url: str) -> tuple[list[str], int]:
    """The street names a turn of demo-staff reads, and how many statements reading them took."""
    engine = make_engine(url)
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(statement)

    try:
        async with transaction(make_sessions(engine)) as session:
            found = await members.who_wrote(session, channel="console", address="demo-staff")
            assert found is not None
            turn = Turn(
                session,
                Inbound(channel="console", address="demo-staff", text="send"),
                datetime.now(UTC),
                ZoneInfo("Europe/London"),
            )
            turn.identity, turn.member, turn.conversation, turn.shop, turn.streets_stamp, _ = found
            event.listen(engine.sync_engine, "before_cursor_execute", count)
            streets = await bid_streets(turn, turn.actor.bid_id)
            event.remove(engine.sync_engine, "before_cursor_execute", count)
            return [s.name for s in streets], len(statements)
    finally:
        await engine.dispose()


async def test_streets_are_read_once_and_again_when_one_is_added(database_url):
    engine = make_engine(database_url)
    sessions = make_sessions(engine)
    try:
        async with transaction(sessions) as session:
            await seed_demo(session)
        first, _ = await _seen(database_url)
        again, read = await _seen(database_url)
        assert (again, read) == (first, 0)  # the cached list, whole, and no query for it
        async with transaction(sessions) as session:
            bid = await bids.bid_by_code(session, code="WE")
            assert bid is not None and bid.id is not None
            await bids.add_streets(session, bid_id=bid.id, streets=[("Zzyzx Row", None, None)])
        after, read = await _seen(database_url)
    finally:
        await engine.dispose()
    assert "Zzyzx Row" not in first
    assert (after, read) == ([*first, "Zzyzx Row"], 1)


async def test_the_officers_are_read_once_per_turn(database_url):
    engine = make_engine(database_url)
    sessions = make_sessions(engine)
    try:
        async with transaction(sessions) as session:
            await seed_demo(session)
        async with transaction(sessions) as session:
            bid = await bids.bid_by_code(session, code="WE")
            assert bid is not None and bid.id is not None
            now, tz = datetime.now(UTC), ZoneInfo("Europe/London")
            turn = Turn(session, Inbound(channel="console", address="x", text="send"), now, tz)
            first = await officers_of(turn, bid.id)
            assert first and await officers_of(turn, bid.id) == first
            assert session.info[("officers", bid.id)][0] is turn
            # Another turn on the same session reads them again rather than trusting the first.
            other = Turn(session, Inbound(channel="console", address="y", text="send"), now, tz)
            assert await officers_of(other, bid.id) == first
            assert session.info[("officers", bid.id)][0] is other
    finally:
        await engine.dispose()
