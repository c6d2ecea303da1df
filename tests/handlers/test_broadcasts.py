"""Alerts reach the shops they name, replies come back as a thread, polls count each member
once, events count who is going, and a cluster of reports raises one hot-spot alert."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Broadcast, BroadcastAnswer, Hotspot
from tests.handlers.informed_support import add_staff, file_moped
from tests.support import harness, texts_of


async def test_a_street_alert_reaches_exactly_the_shops_there(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        hay = await add_staff(h, "Haymarket", 3, prefix="hay")
        jermyn = await add_staff(h, "Jermyn Street", 2, prefix="jer")
        sent = texts_of(
            await h.say("demo-officer", "alert Coventry St, haymarket: two women in grey coats")
        )
        # Coventry Street Gifts (demo-staff), Haymarket Mini Market (no staff) and three more.
        assert "Sent to 4 shops (4 people)" in sent and "Coventry Street, Haymarket" in sent
        for handle in [*hay, "demo-staff"]:
            assert "two women in grey coats" in texts_of(await h.inbox(handle))
        for handle in [*jermyn, "demo-manager"]:
            assert await h.inbox(handle) == []
        photo = {"content_type": "image/jpeg", "source": "console-photo-1"}
        await h.say("demo-officer", "alert Coventry Street: this man", photo=photo)
        [pushed] = await h.inbox("demo-staff")
        assert pushed["files"][0]["kind"] == "photo" and pushed["broadcast_id"]
        around = texts_of(await h.say("demo-manager", "alert 150m around Jermyn Street: van"))
        assert "Sent to 2 shops" in around and "within 150 m of Jermyn Street" in around


async def test_an_unsure_street_is_asked_about_and_nothing_goes_before(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        unknown = texts_of(await h.say("demo-officer", "alert Narnia Road: a man with a lion"))
        assert "could not find Narnia Road" in unknown and "Nothing has been sent" in unknown
        ask = await h.say("demo-officer", "alert coventy stret: pickpocket near the bus stop")
        assert "Did you mean Coventry Street" in ask[-1]["text"]
        assert await h.inbox("demo-staff") == []
        send = ask[-1]["options"][0]["key"]
        assert "Sent to 1 shop (1 person)" in texts_of(await h.say("demo-officer", send))
        assert "pickpocket near the bus stop" in texts_of(await h.inbox("demo-staff"))
        assert "already been dealt with" in texts_of(await h.say("demo-officer", send))


async def test_a_reply_to_an_alert_goes_back_to_its_sender(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        await h.say("demo-officer", "alert Coventry Street: two women in grey coats")
        await h.inbox("demo-staff")
        thanks = texts_of(await h.say("demo-staff", "seen them heading to Leicester Square"))
        assert "Sent to PC Patel" in thanks
        thread = texts_of(await h.inbox("demo-officer"))
        assert (
            "Reply to your alert" in thread and "seen them heading to Leicester Square" in thread
        )
        assert "Sam (Coventry Street Gifts)" in thread


async def test_a_poll_counts_each_member_once_and_reports_to_the_asker(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        others = await add_staff(h, "Haymarket", 2, prefix="hay")
        asked = texts_of(
            await h.say(
                "demo-manager",
                "poll What should the police focus on in December? 1. Shoplifting 2. Begging "
                "3. Moped snatches 4. Pickpockets",
            )
        )
        assert "Asked 4 people" in asked  # three staff and the officer, not the asker
        push = await h.inbox("demo-staff")
        assert push[-1]["question"].startswith("poll:")
        assert next(o["label"] for o in push[-1]["options"]) == "Shoplifting"
        assert "your answer is Shoplifting" in texts_of(await h.say("demo-staff", "1"))
        assert "now Moped snatches" in texts_of(await h.say("demo-staff", "moped snatches"))
        await h.say(others[0], "3")
        await h.say(others[1], "Begging", choice="2", question=push[-1]["question"])
        so_far = texts_of(await h.say("demo-manager", "poll"))
        assert "(3 answers): Shoplifting 0, Begging 1, Moped snatches 2, Pickpockets 0" in so_far
        async with h.runtime.sessions() as session:
            rows = (await session.execute(select(BroadcastAnswer))).scalars().all()
            assert len(rows) == 3
        digest = texts_of(await h.say("demo-manager", "digest"))
        assert "What should the police focus on in December?" in digest
        clock.advance(days=8)
        await h.runtime.scheduler.tick()
        assert "Results of your poll" in texts_of(await h.inbox("demo-manager"))


async def test_an_event_counts_who_is_going_for_the_organiser(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        sent = texts_of(
            await h.say("demo-officer", "event Coffee with a cop, Thu 14:00, Leicester Square")
        )
        assert "Sent to 2 people" in sent
        assert "Coffee with a cop" in texts_of(await h.inbox("demo-staff"))
        assert "knows you are going" in texts_of(await h.say("demo-staff", "going"))
        assert "1 going so far" in texts_of(await h.inbox("demo-officer"))
        await h.say("demo-staff", "going")
        assert await h.inbox("demo-officer") == []  # counted once


async def test_three_nearby_moped_snatches_raise_one_hotspot(sqlite_url, clock):
    async with harness(sqlite_url, clock, hotspot_metres=300) as h:
        refs = []
        for street in ("Coventry Street", "Leicester Square", "Haymarket"):
            refs.append(await file_moped(h, "demo-staff", street))
            clock.advance(minutes=20)
        alerts = texts_of(await h.inbox("demo-officer"))
        assert alerts.count("Hot spot") == 1 and all(ref in alerts for ref in refs)
        assert "Hot spot" in texts_of(await h.inbox("demo-manager"))
        refs.append(await file_moped(h, "demo-staff", "Panton Street"))
        assert "Hot spot" not in texts_of(await h.inbox("demo-officer"))
        await file_moped(h, "demo-staff", "Piccadilly")  # about 450 m away
        assert "Hot spot" not in texts_of(await h.inbox("demo-officer"))
        async with h.runtime.sessions() as session:
            [spot] = (await session.execute(select(Hotspot))).scalars().all()
            assert len(spot.case_ids) == 4  # the far one is not part of it
            assert (await session.execute(select(Broadcast))).first() is None
