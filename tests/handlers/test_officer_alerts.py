"""What an officer reads: the complete alert, the case view, and honest escalation."""

from __future__ import annotations

from sqlalchemy import update

from storage.db import transaction
from storage.models import Identity, Member
from tests.handlers.officer_support import file, moped
from tests.support import harness, texts_of


async def test_the_alert_leads_with_danger_and_holds_what_police_use(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        ref = await file(h, "demo-staff", moped(danger="yes", crn="1234567/25"))
        [alert] = await h.inbox("demo-officer")
        lines = alert["text"].split("\n")
        assert lines[:3] == [
            f"New moped snatch report *{ref}*",
            "Mon 23 Nov, 14:30, outside Boots on coventry street (near Coventry Street)",
            "*Someone was hurt or in danger*",
        ]
        for fact in (
            "What happened: Two lads on a moped grabbed a black handbag off a woman",
            "Who was targeted: A passer-by",
            "Vehicle: Moped",
            "Vehicle colour: black",
            "Number plate: LD19 ABC",
            "Offenders: 2",
            "Description: black helmets, grey puffer jacket",
            "Direction: towards Leicester Square",
            "CCTV: Yes",
            "Already reported: Yes",
            "Police reference: 1234567/25",
        ):
            assert fact in lines, fact
        assert "Skipped" not in alert["text"]  # a skipped question is not worth a line
        # Short enough for a phone: it fits a Telegram photo caption, to travel with one.
        assert len(alert["text"]) <= 1024


async def test_no_danger_is_said_plainly_and_skipped_answers_are_left_out(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        script = moped(plate="skip", direction="skip")
        await file(h, "demo-staff", script)
        [alert] = await h.inbox("demo-officer")
        assert alert["text"].split("\n")[2] == "No one hurt or in danger"
        assert "Number plate" not in alert["text"] and "Direction" not in alert["text"]
        assert "Already reported: No" in alert["text"]


async def test_the_case_view_says_when_the_reporter_cannot_be_reached(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        ref = await file(h, "demo-staff", moped(danger="yes"))
        await h.inbox("demo-officer")
        view = texts_of(await h.say("demo-officer", f"case {ref}"))
        assert view.split("\n")[5] == "*Someone was hurt or in danger*"
        assert "Reported by: Sam (Coventry Street Gifts)\n" in view
        assert "Direction: towards Leicester Square" in view
        async with transaction(h.runtime.sessions) as session:
            stopped = update(Identity).where(Identity.address == "demo-staff")
            await session.execute(stopped.values(stopped_at=clock.now))
        view = texts_of(await h.say("demo-officer", f"case {ref}"))
        assert "Sam (Coventry Street Gifts) (has stopped messages and cannot be reached)" in view
        async with transaction(h.runtime.sessions) as session:
            await session.execute(
                update(Member).where(Member.role == "staff").values(removed_at=clock.now)
            )
        view = texts_of(await h.say("demo-officer", f"case {ref}"))
        assert "(has left ShopWatch and cannot be reached)" in view


async def test_an_unpicked_case_is_escalated_and_the_reporter_told_once(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        ref = await file(h, "demo-staff", moped())
        await h.inbox("demo-officer")
        clock.advance(hours=47)
        assert await h.runtime.scheduler.tick() == 0
        clock.advance(hours=2)
        assert await h.runtime.scheduler.tick() == 1
        [reminder] = await h.inbox("demo-officer")
        assert reminder["text"].startswith(f"Reminder: *{ref}*")
        # the tips offer, delayed by two minutes, goes out on the same tick
        [told] = [m for m in await h.inbox("demo-staff") if m["topic"] != "tips"]
        assert told["text"].startswith(
            f"About {ref} (moped snatch, Mon 23 Nov, 14:30): no officer has picked this up yet; "
            "we have reminded them."
        )
        assert told["topic"] == "case_update"
        clock.advance(hours=25)
        assert await h.runtime.scheduler.tick() == 1
        assert len(await h.inbox("demo-officer")) == 1
        assert await h.inbox("demo-staff") == []  # told once is honest; daily would be noise
