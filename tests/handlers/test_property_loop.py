"""The return loop on the console: lost, found and stolen property matched and returned."""

from __future__ import annotations

from sqlalchemy import select

from storage.db import transaction
from storage.models import AuditLog, PropertyItem, PropertyMatch, Shop
from tests.handlers.officer_support import file, join, moped
from tests.handlers.property_support import FOUND_PURSE, LOST_PURSE, run, text
from tests.support import harness


async def test_the_purse_goes_home_on_the_console(database_url, clock):
    async with harness(database_url, clock) as h:
        welcome = text(await h.say("jo", "hello"))
        assert "send lost" in welcome.lower() and "join YOURCODE" in welcome
        await run(h, "jo", LOST_PURSE)
        filed = text(await h.say("jo", "send"))
        assert "WE-L-0001" in filed
        clock.advance(hours=1)
        await run(h, "demo-staff", FOUND_PURSE)
        assert "WE-0001" in text(await h.say("demo-staff", "send"))
        [asked] = await h.inbox("jo")
        # The owner hears of something like it, and is asked; never the finder's words.
        assert "may have been handed in" in asked["text"]
        assert "till" not in asked["text"] and "leather" not in asked["text"]
        assert asked["question"].startswith("verify:")
        assert "passed your answer" in text(await h.say("jo", "It's leather"))
        [check] = await h.inbox("demo-staff")
        assert "It's leather" in check["text"] and "fits your record" in check["text"]
        assert "found by till 2" in check["text"]  # the holder sees their own record beside it
        assert [o["key"] for o in check["options"]] == ["yes", "no"]
        confirmed = text(await h.say("demo-staff", "1"))
        assert "handover code" in confirmed
        [collect] = await h.inbox("jo")
        assert "Coventry Street Gifts, Coventry Street" in collect["text"]
        assert "photo ID" in collect["text"]
        assert "Opening hours" not in collect["text"]  # none known: none said
        async with h.runtime.sessions() as session:
            row = (await session.execute(select(PropertyMatch))).scalar_one()
        assert row.code and row.code in collect["text"] and row.state == "confirmed"
        listed = text(await h.say("demo-staff", "items"))
        assert "WE-0001" in listed and "waiting for collection" in listed
        assert "Well done" in text(await h.say("demo-staff", "returned we-0001"))
        assert "back with you" in text(await h.inbox("jo"))
        assert "returned" in text(await h.say("jo", "items"))
        async with h.runtime.sessions() as session:
            items = (await session.execute(select(PropertyItem))).scalars().all()
            reads = (await session.execute(select(AuditLog.action))).scalars().all()
        assert {i.side: i.status for i in items} == {"lost": "returned", "found": "returned"}
        assert "items" in reads


async def test_the_handover_code_closes_it_and_other_shops_see_nothing(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        await join(h, "hay-staff", "staff", "Haymarket Mini Market")
        await run(h, "jo", [*LOST_PURSE, "send"])
        clock.advance(hours=1)
        await run(h, "demo-staff", [*FOUND_PURSE, "send"])
        await h.inbox("jo")
        await h.say("jo", "leather")
        await h.say("demo-staff", "yes")
        async with h.runtime.sessions() as session:
            code = (await session.execute(select(PropertyMatch.code))).scalar_one()
        assert code
        # Another shop can neither see nor close it, by reference or by code.
        assert "No found property" in text(await h.say("hay-staff", "returned WE-0001"))
        assert "No found property" in text(await h.say("hay-staff", f"returned {code}"))
        assert "WE-0001" not in text(await h.say("hay-staff", "items"))
        assert "Well done" in text(await h.say("demo-staff", f"returned {code.lower()}"))


async def test_a_stranger_may_report_lost_and_join_but_nothing_else(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        await run(h, "jo", [*LOST_PURSE, "send"])
        refused = text(await h.say("jo", "report"))
        assert "not available to members of the public" in refused
        assert "not available" in text(await h.say("jo", "cases"))
        helped = text(await h.say("jo", "help"))
        assert "lost" in helped and "report an incident" not in helped
        # Joining later keeps their lost report theirs.
        await join(h, "jo", "staff", "Piccadilly Pharmacy")
        assert "WE-L-0001" not in text(await h.say("jo", "items"))  # staff see their shop's
        async with h.runtime.sessions() as session:
            lost = (await session.execute(select(PropertyItem))).scalar_one()
            from storage.models import Member

            owner = await session.get(Member, lost.owner_id)
        assert owner is not None and owner.role == "staff"


async def test_staff_report_a_customers_loss_with_an_optional_contact(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        lines = ["lost", "purse", "black purse with a gold clasp", "Coventry Street", "just now"]
        asked = await run(h, "demo-staff", lines)
        assert asked[-1]["question"] == "contact"
        await h.say("demo-staff", "Mrs Jo Bloggs, 07700 900123")
        assert "WE-L-0001" in text(await h.say("demo-staff", "send"))
        clock.advance(hours=1)
        await join(h, "hay-staff", "staff", "Haymarket Mini Market")
        found = [*FOUND_PURSE]
        await run(h, "hay-staff", [*found, "send"])
        [asked_owner] = await h.inbox("demo-staff")
        assert "your customer lost" in asked_owner["text"]
        await h.say("demo-staff", "leather")
        [check] = await h.inbox("hay-staff")
        assert "07700" not in check["text"]  # nobody sees another person's contact


async def test_a_snatched_phone_found_in_a_bin_reaches_the_officer_not_the_reporter(
    database_url, clock
):
    async with harness(database_url, clock) as h:
        script = moped(
            place="Haymarket", what="iPhone 15, blue case, grabbed from her hand by a moped rider"
        )
        case_ref = await file(h, "demo-staff", script)
        await h.inbox("demo-officer")
        await h.say("demo-officer", f"ack {case_ref}")
        await h.inbox("demo-staff")
        clock.advance(hours=3)
        await join(h, "hay-staff", "staff", "Haymarket Mini Market")
        found = ["found", "phone", "blue iPhone, cracked screen, dumped in our bin", "1"]
        await run(h, "hay-staff", [*found, "just now", "1", "skip", "send"])
        officer = await h.inbox("demo-officer")
        [offer] = [m for m in officer if "stolen property" in m["text"]]
        assert case_ref in offer["text"] and "WE-0002" in offer["text"]
        assert [o["key"] for o in offer["options"]] == ["yes", "no"]
        assert "stolen" not in text(await h.inbox("demo-staff")).lower()
        listed = text(await h.say("demo-officer", f"matches {case_ref}"))
        assert "WE-0002" in listed and "waiting for you" in listed
        kept = text(await h.say("demo-officer", "yes"))
        assert "asked to keep" in kept
        assert "keep found property *WE-0002* safe for the police" in text(
            await h.inbox("hay-staff")
        )
        assert "Recorded" in text(await h.say("hay-staff", "handed WE-0002"))
        # The reporter may not list matches.
        assert "not available" in text(await h.say("demo-staff", f"matches {case_ref}"))


async def test_a_hard_negative_alerts_nobody(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        lost = ["lost", "bank card", "Barclays debit card ending 4821, name J SMITH"]
        await run(h, "jo", [*lost, "Coventry Street", "an hour ago", "send"])
        clock.advance(hours=1)
        found = ["found", "bank card", "Barclays debit card ending 8421, name J SMITH", "1"]
        await run(h, "demo-staff", [*found, "just now", "1", "skip", "send"])
        assert await h.inbox("jo") == []
        assert "Possible owner" not in text(await h.inbox("demo-staff"))
        async with h.runtime.sessions() as session:
            assert (await session.execute(select(PropertyMatch))).first() is None


async def test_a_found_item_described_further_is_matched_again(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        await run(h, "jo", [*LOST_PURSE, "send"])
        clock.advance(hours=1)
        vague = ["found", "purse", "a purse left on the counter", "1", "just now", "1", "skip"]
        await run(h, "demo-staff", [*vague, "send"])
        assert await h.inbox("jo") == []
        added = await run(h, "demo-staff", ["add WE-0001"])
        assert added
        await h.say("demo-staff", "It is black leather with a gold clasp")
        await h.say("demo-staff", "done")
        assert "may have been handed in" in text(await h.inbox("jo"))


async def test_an_item_held_by_the_police_is_decided_by_an_officer(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        await run(h, "jo", [*LOST_PURSE, "send"])
        clock.advance(hours=1)
        found = [*FOUND_PURSE]
        found[5] = "2"  # handed to police
        await run(h, "demo-staff", [*found, "send"])
        await h.inbox("demo-officer")
        await h.say("jo", "leather")
        check = text(await h.inbox("demo-officer"))
        assert "Possible owner" in check
        assert "Possible owner" not in text(await h.inbox("demo-staff"))
        assert "The owner has been told" in text(await h.say("demo-officer", "yes"))
        collect = text(await h.inbox("jo"))
        assert "The police hold it" in collect and "Coventry Street Gifts" not in collect


async def test_forgetting_the_owner_blanks_their_lost_reports(sqlite_url, clock):
    from handlers.erasure import forget_member
    from storage.db import transaction
    from storage.models import Member

    async with harness(sqlite_url, clock) as h:
        await run(h, "jo", [*LOST_PURSE, "send"])
        async with transaction(h.runtime.sessions) as session:
            item = (await session.execute(select(PropertyItem))).scalar_one()
            member = await session.get(Member, item.owner_id)
            assert member is not None
            await forget_member(session, member, now=clock.now, reason="test")
        async with h.runtime.sessions() as session:
            item = (await session.execute(select(PropertyItem))).scalar_one()
        assert item.text == "" and item.category == "wallet"


async def test_a_subject_access_export_includes_their_lost_reports(sqlite_url, clock):
    from handlers.subject import member_record
    from storage.models import Member

    async with harness(sqlite_url, clock) as h:
        await run(h, "jo", [*LOST_PURSE, "send"])
        async with h.runtime.sessions() as session:
            item = (await session.execute(select(PropertyItem))).scalar_one()
            member = await session.get(Member, item.owner_id)
            assert member is not None
            record = await member_record(session, member, now=clock.now)
        [lost] = record["lost_property"]
        assert lost["ref"] == "WE-L-0001" and "gold clasp" in lost["description"]


async def test_an_unsure_answer_gets_one_more_question_and_the_holder_sees_both(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        lost = ["lost", "phone", "black samsung phone", "Coventry Street", "an hour ago"]
        await run(h, "jo", [*lost, "send"])
        clock.advance(hours=1)
        described = "black samsung galaxy s21 in a red case with a Chelsea sticker"
        await run(h, "demo-staff", ["found", "phone", described, "1", "just now", "1", "skip"])
        await h.say("demo-staff", "send")
        [first] = await h.inbox("jo")
        assert "case" in first["text"] and "Chelsea" not in first["text"]
        again = text(await h.say("jo", "not sure"))
        assert "One more question" in again and "sticker" in again
        await h.say("jo", "a Chelsea one")
        [check] = await h.inbox("demo-staff")
        assert "They answered: not sure (not sure)" in check["text"]
        assert "They answered: a Chelsea one (fits your record)" in check["text"]


async def test_a_cancelled_property_report_says_how_to_start_that_kind_again(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        await run(h, "jo", LOST_PURSE[:2])
        stopped = text(await h.say("jo", "cancel"))
        assert "Send *lost* to start a new one." in stopped and "report" not in stopped
        await join(h, "sam", "staff", "Coventry Street Gifts")
        await run(h, "sam", FOUND_PURSE[:2])
        assert "Send *found* to record an item." in text(await h.say("sam", "cancel"))


async def test_a_crime_report_told_what_was_taken_later_is_matched_then(database_url, clock):
    async with harness(database_url, clock) as h:
        script = moped(place="Haymarket", what="Two lads on a moped grabbed it from her hand")
        case_ref = await file(h, "demo-staff", script)
        await h.inbox("demo-officer")
        clock.advance(hours=3)
        await join(h, "hay-staff", "staff", "Haymarket Mini Market")
        found = ["found", "phone", "blue iPhone, cracked screen, dumped in our bin", "1"]
        await run(h, "hay-staff", [*found, "just now", "1", "skip", "send"])
        assert "stolen property" not in text(await h.inbox("demo-officer"))  # nothing listed
        clock.advance(minutes=10)
        await h.say("demo-staff", f"add {case_ref} they took her iPhone 15 in a blue case")
        officer = await h.inbox("demo-officer")
        [offer] = [m for m in officer if "stolen property" in m["text"]]
        assert case_ref in offer["text"] and "WE-0002" in offer["text"]
        assert "stolen" not in text(await h.inbox("demo-staff")).lower()
        # Told more again, the same pair is not offered twice; the item keeps both notes.
        await h.say("demo-staff", f"add {case_ref} the screen was cracked")
        assert "stolen property" not in text(await h.inbox("demo-officer"))
        async with h.runtime.sessions() as session:
            stolen = (
                (await session.execute(select(PropertyItem).where(PropertyItem.side == "stolen")))
                .scalars()
                .all()
            )
            matches = (await session.execute(select(PropertyMatch))).scalars().all()
        assert [i.ref for i in stolen] == [f"{case_ref}/1"]
        assert "blue case" in stolen[0].text and "cracked" in stolen[0].text
        assert len(matches) == 1


async def test_a_rejected_match_is_not_raised_again_when_the_item_is_described_further(
    sqlite_url, clock
):
    async with harness(sqlite_url, clock) as h:
        await run(h, "jo", [*LOST_PURSE, "send"])
        clock.advance(hours=1)
        await run(h, "demo-staff", [*FOUND_PURSE, "send"])
        assert "may have been handed in" in text(await h.inbox("jo"))
        await h.say("jo", "it's leather")
        await h.inbox("demo-staff")
        await h.say("demo-staff", "no")
        await h.inbox("jo")
        await h.say("demo-staff", "add WE-0001 It is black leather with a gold clasp")
        assert await h.inbox("jo") == []
        async with h.runtime.sessions() as session:
            rows = (await session.execute(select(PropertyMatch))).scalars().all()
            [found] = (
                await session.execute(select(PropertyItem).where(PropertyItem.side == "found"))
            ).scalars()
        assert [r.state for r in rows] == ["rejected"]
        assert "gold clasp" in found.text and found.reading  # read again with the note


async def test_the_owner_is_told_the_shops_opening_hours_when_known(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        async with transaction(h.runtime.sessions) as session:
            shop = (
                await session.execute(select(Shop).where(Shop.name == "Coventry Street Gifts"))
            ).scalar_one()
            shop.opening_hours = "Mon-Sat 09:00-21:00, Sun 12:00-18:00"
        await run(h, "jo", [*LOST_PURSE, "send"])
        clock.advance(hours=1)
        await run(h, "demo-staff", [*FOUND_PURSE, "send"])
        await h.inbox("jo")
        await h.say("jo", "leather")
        await h.inbox("demo-staff")
        await h.say("demo-staff", "yes")
        [collect] = await h.inbox("jo")
        assert "Coventry Street Gifts, Coventry Street." in collect["text"]
        assert "Opening hours: Mon-Sat 09:00-21:00, Sun 12:00-18:00." in collect["text"]
