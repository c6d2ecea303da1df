"""Stop, start, leave and `alerts`: what people choose decides what reaches them."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from storage import preferences
from storage.models import Identity, Member, ScheduledPush
from tests.handlers.informed_support import add_staff
from tests.support import harness, texts_of


async def test_stop_silences_every_push_until_start(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        await add_staff(h, "Haymarket", 1, prefix="hay")
        stopped = texts_of(await h.say("hay-0", "STOP"))
        assert "send you nothing more" in stopped
        await h.say("demo-officer", "alert Haymarket: man in a red cap taking razors")
        assert await h.inbox("hay-0") == []
        still = texts_of(await h.say("hay-0", "report"))
        assert "turned off" in still and "start" in still
        async with h.runtime.sessions() as session:
            member = (
                await session.execute(select(Member).where(Member.display_name == "hay staff 0"))
            ).scalar_one()
            assert await preferences.cannot_reach(session, member_id=member.id) == "stopped"
        assert "Messages from ShopWatch are on again" in texts_of(await h.say("hay-0", "start"))
        await h.say("hay-0", "report")
        assert "send you nothing more" in texts_of(await h.say("hay-0", "stop"))  # mid-report
        await h.say("hay-0", "start")
        await h.say("demo-officer", "alert Haymarket: he is back")
        assert "he is back" in texts_of(await h.inbox("hay-0"))


async def test_alerts_turns_topics_and_kinds_off_and_quiet_hours_delay(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        shown = await h.say("demo-staff", "alerts")
        assert "Events: on" in shown[-1]["text"]
        assert "alerts off event" in [o["key"] for o in shown[-1]["options"]]
        assert "Events turned off" in texts_of(await h.say("demo-staff", "alerts off events"))
        await h.say("demo-manager", "event Coffee with a cop, Thu 14:00, Leicester Square")
        assert await h.inbox("demo-staff") == []
        off = texts_of(await h.say("demo-staff", "alerts off moped snatches"))
        assert "alerts about moped snatch turned off" in off
        await h.say("demo-officer", "alert moped: two riders circling")  # kind, no shop reported
        bad = texts_of(await h.say("demo-staff", "alerts quiet sometime"))
        assert "could not read those hours" in bad
        # 14:30 now: quiet from 14:00 to 07:00 holds an alert back until 07:00.
        assert "14:00 to 07:00" in texts_of(await h.say("demo-staff", "alerts quiet 2pm-7am"))
        await h.say("demo-officer", "alert Coventry Street: woman with a large empty bag")
        assert await h.inbox("demo-staff") == []
        async with h.runtime.sessions() as session:
            held = (await session.execute(select(ScheduledPush))).scalars().all()
            assert [p.due_at.hour for p in held] == [7]
        clock.advance(hours=17)  # 07:30 next day
        await h.runtime.scheduler.tick()
        assert "large empty bag" in texts_of(await h.inbox("demo-staff"))


async def test_officers_choose_their_streets_for_new_case_alerts(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        unknown = texts_of(await h.say("demo-officer", "alerts streets Narnia Road"))
        assert "could not find Narnia Road" in unknown
        chosen = texts_of(await h.say("demo-officer", "alerts streets jermyn st, haymarket"))
        assert "only for Jermyn Street, Haymarket" in chosen
        from tests.handlers.informed_support import file_moped

        await file_moped(h, "demo-staff", "Coventry Street")
        assert "New" not in texts_of(await h.inbox("demo-officer"))
        await h.say("demo-officer", "alerts streets all")
        ref = await file_moped(h, "demo-staff", "Coventry Street")
        assert ref in texts_of(await h.inbox("demo-officer"))


async def test_leave_makes_them_a_stranger_who_can_join_again(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        ask = await h.say("demo-staff", "leave")
        assert ask[-1]["options"][0]["key"] == "leave yes"
        assert "You have left ShopWatch" in texts_of(await h.say("demo-staff", "leave yes"))
        assert "invite code" in texts_of(await h.say("demo-staff", "report"))
        await h.say("demo-officer", "alert all: shop thief about")
        assert await h.inbox("demo-staff") == []
        from storage import bids, members
        from storage.db import transaction

        async with transaction(h.runtime.sessions) as session:
            bid = await bids.bid_by_code(session, code="WE")
            shop = await bids.shop_by_name(session, bid_id=bid.id, name="Coventry Street Gifts")
            invite = await members.create_invite(
                session,
                bid_id=bid.id,
                role="staff",
                shop_id=shop.id,
                uses=1,
                expires_at=clock.now + timedelta(days=1),
            )
        assert "Welcome to ShopWatch" in texts_of(await h.say("demo-staff", f"join {invite.code}"))
        async with h.runtime.sessions() as session:
            count = select(func.count(Identity.id)).where(Identity.address == "demo-staff")
            assert (await session.execute(count)).scalar_one() == 1
