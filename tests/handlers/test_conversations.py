"""Whole conversations through the console channel's HTTP endpoints into a real database."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.export import case_records, export_cases
from flows import engine
from handlers.inbound import Inbound
from storage import bids, cases, members
from storage.db import transaction
from storage.models import AuditLog, Bid, Case, Conversation, Identity, Shop
from tests.support import Clock, Harness, harness, texts_of

SHOPLIFTING = [
    "report",
    "shoplifting",
    "no",
    "20 minutes ago",
    "somewhere else",
    "coventy stret",
    "yes",
    "Took three bottles of perfume and ran off",
    "3 bottles of perfume",
    "£120",
    "1",
    "tall, grey hoodie, about 30",
    "towards leicester sq",
    "yes",
    "no",
    "skip",
]


async def run_lines(h: Harness, handle: str, lines: list[str]) -> list[dict]:
    seen: list[dict] = []
    for line in lines:
        replies = await h.say(handle, line)
        assert replies, f"no answer to {line!r}"
        seen += replies
    return seen


async def file_shoplifting(h: Harness, handle: str = "demo-staff") -> str:
    await run_lines(h, handle, SHOPLIFTING)
    done = await h.say(handle, "send")
    ref = done[-1]["case_ref"]
    assert ref.startswith("WE-")
    return ref


async def test_a_shoplifting_report_with_typos_and_a_relative_time(database_url, clock):
    async with harness(database_url, clock) as h:
        seen = await run_lines(h, "demo-staff", SHOPLIFTING)
        summary = seen[-1]
        assert summary["question"] == "summary"
        assert "Coventry Street" in summary["text"] and "14:10" in summary["text"]
        done = await h.say("demo-staff", "1")
        assert "Your reference is *WE-0001*" in done[-1]["text"]
        assert (
            "police team" in done[-1]["text"]
            and "updates will come to you here" in done[-1]["text"]
        )
        officer = await h.inbox("demo-officer")
        assert "WE-0001" in officer[-1]["text"]
        assert [o["key"] for o in officer[-1]["options"]] == ["ack WE-0001", "case WE-0001"]
        async with h.runtime.sessions() as session:
            [record] = await case_records(session, bid_id=None, since=None)
            csv_text = await export_cases(session, bid_id=None, since=None, fmt="csv")
    assert record["ref"] == "WE-0001" and record["kind"] == "shoplifting"
    assert record["status"] == "new" and record["bid"] == "WE" and record["channel"] == "console"
    assert record["shop"] == "Coventry Street Gifts" and record["reporter"].startswith("Sam")
    assert record["street"] == "Coventry Street"
    assert record["occurred_at"] == "2026-11-23T14:10:00+00:00"
    answers = record["answers"]
    assert answers["when_text"] == "20 minutes ago"
    assert answers["what"] == "Took three bottles of perfume and ran off"
    assert answers["items"] == "3 bottles of perfume" and answers["value"] == 120
    assert answers["description"] == "tall, grey hoodie, about 30"
    assert answers["cctv"] == "yes" and answers["offenders"] == "1"
    assert record["updates"] == [] and record["attachments"] == []
    assert csv_text.splitlines()[1].startswith("WE-0001,shoplifting,new")
    json.dumps(record)  # every value is plain JSON


async def test_strangers_need_an_invite_and_invites_run_out(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        hello = await h.say("newbie", "hello")
        assert "invite code" in hello[0]["text"] and "join" in hello[0]["text"]
        assert "invite code did not work" in (await h.say("newbie", "join nope-nope"))[0]["text"]
        async with transaction(h.runtime.sessions) as session:
            bid = await bids.bid_by_code(session, code="WE")
            shop = await bids.shop_by_name(session, bid_id=bid.id, name="Piccadilly Pharmacy")
            invite = await members.create_invite(
                session,
                bid_id=bid.id,
                role="staff",
                shop_id=shop.id,
                uses=1,
                expires_at=clock.now + timedelta(days=1),
            )
        welcome = await h.say("newbie", f"START {invite.code}")
        assert "Piccadilly Pharmacy" in welcome[0]["text"] and "report" in welcome[0]["text"]
        again = await h.say("second", f"join {invite.code}")
        assert "did not work" in again[0]["text"]
        assert "already registered" in (await h.say("newbie", f"join {invite.code}"))[0]["text"]
        assert "What do you want to report" in (await h.say("newbie", "Report"))[0]["text"]


async def test_danger_puts_999_first_and_the_report_goes_on(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        await h.say("demo-staff", "report moped")
        replies = await h.say("demo-staff", "yes")
        assert replies[0]["text"].startswith("*Call 999 now.*")
        assert replies[-1]["question"] == "when"


async def test_cancel_back_and_nonsense_lose_nothing(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        await run_lines(h, "demo-staff", ["report", "1", "no"])
        nonsense = await h.say("demo-staff", "purple monkey dishwasher")
        assert nonsense[-1]["question"] == "when"
        back = await h.say("demo-staff", "BACK")
        assert back[-1]["question"] == "safety"
        help_reply = await h.say("demo-staff", "help")
        assert "middle of a shoplifting report" in help_reply[0]["text"]
        cancelled = await h.say("demo-staff", "cancel")
        assert "cancelled" in texts_of(cancelled).lower() and "Nothing was sent" in texts_of(
            cancelled
        )
        assert "nothing to cancel" in texts_of(await h.say("demo-staff", "cancel")).lower()
        async with h.runtime.sessions() as session:
            assert (await session.execute(select(func.count(Case.id)))).scalar_one() == 0


async def test_an_idle_report_offers_to_carry_on(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        await run_lines(h, "demo-staff", ["report", "begging", "no", "just now"])
        clock.advance(minutes=45)
        offer = await h.say("demo-staff", "at my shop")
        assert [o["label"] for o in offer[-1]["options"]][:2] == ["Carry on", "Start again"]
        carry_on = await h.say("demo-staff", "1")
        # "at my shop", which met the idle prompt, answered the question it was waiting on.
        assert carry_on[-1]["question"] == "behaviour"


async def test_found_property_gets_a_reference(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        await run_lines(
            h,
            "demo-staff",
            [
                "found",
                "iphone",
                "Black iPhone 13 in a red case",
                "1",
                "just now",
                "1",
            ],
        )
        await h.say("demo-staff", "skip")
        done = await h.say("demo-staff", "send")
        assert "WE-0001" in done[-1]["text"] and "found property" in done[-1]["text"]
        async with h.runtime.sessions() as session:
            [record] = await case_records(session, bid_id=None, since=None)
        assert record["kind"] == "found_property" and record["answers"]["category"] == "phone"


async def test_the_officer_loop_pushes_every_action_to_the_reporter(database_url, clock):
    async with harness(database_url, clock) as h:
        ref = await file_shoplifting(h)
        await h.inbox("demo-officer")
        clock.advance(minutes=5)
        assert "acknowledged" in texts_of(await h.say("demo-officer", f"ack {ref.lower()}"))
        assert "already" in texts_of(await h.say("demo-officer", f"ack {ref}"))
        await h.say("demo-officer", f"update {ref} CCTV collected, suspect identified")
        await h.say("demo-officer", f"crn {ref} 1234567/25")
        assert "2 characters long" in texts_of(await h.say("demo-officer", f"crn {ref} 12"))
        assert "no numbers" in texts_of(await h.say("demo-officer", f"crn {ref} ABCDE"))
        pick = await h.say("demo-officer", f"close {ref}")
        assert f"close {ref} nfa" in [o["key"] for o in pick[-1]["options"]]
        await h.say("demo-officer", f"close {ref} no further action insufficient evidence")
        assert "already closed" in texts_of(await h.say("demo-officer", f"close {ref} nfa"))
        assert "is closed" in texts_of(await h.say("demo-officer", f"update {ref} more"))
        await h.say("demo-officer", f"reopen {ref}")
        pushed = await h.inbox("demo-staff")
        assert [m["text"].split(" - ", 1)[1].split("\n")[0] for m in pushed] == [
            "Seen by the police",
            "CCTV collected, suspect identified",
            "Police reference number 1234567/25 added",
            "Closed: no further action. insufficient evidence",
            "Reopened",
        ]
        assert pushed[1]["text"].startswith(f"Update on {ref} (shoplifting, Mon 23 Nov, 14:10, ")
        reply = await h.say("demo-staff", f"reply {ref} He came back at 15:00")
        assert "sent to the police team" in reply[0]["text"]
        assert "He came back at 15:00" in texts_of(await h.inbox("demo-officer"))
        async with h.runtime.sessions() as session:
            [record] = await case_records(session, bid_id=None, since=None)
        assert record["status"] == "investigating" and record["crn"] == "1234567/25"
        assert [(u["author_role"], u["status"]) for u in record["updates"]] == [
            ("officer", "acknowledged"),
            ("officer", "investigating"),
            ("officer", "investigating"),
            ("officer", "closed"),
            ("officer", "investigating"),
            ("staff", "investigating"),
        ]


async def test_people_only_see_what_is_theirs(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        ref = await file_shoplifting(h)
        async with transaction(h.runtime.sessions) as session:
            other = await bids.create_bid(session, code="SOHO", name="Soho")
            shop = await bids.create_shop(
                session, bid_id=other.id, name="Soho Books", street="Old Compton Street"
            )
            await members.create_member(
                session,
                bid_id=other.id,
                role="officer",
                shop_id=None,
                display_name="PC Other",
                channel="console",
                address="soho-officer",
            )
            we = await bids.bid_by_code(session, code="WE")
            pharmacy = await bids.shop_by_name(session, bid_id=we.id, name="Piccadilly Pharmacy")
            await members.create_member(
                session,
                bid_id=we.id,
                role="staff",
                shop_id=pharmacy.id,
                display_name="Pat",
                channel="console",
                address="pharmacy-staff",
            )
            assert shop.id
        for who, command in [
            ("soho-officer", f"ack {ref}"),
            ("soho-officer", f"case {ref}"),
            ("pharmacy-staff", f"case {ref}"),
            ("pharmacy-staff", f"reply {ref} hello"),
        ]:
            answer = texts_of(await h.say(who, command))
            assert f"can't find case {ref}" in answer
        refused = texts_of(await h.say("demo-staff", f"close {ref} nfa"))
        assert "not available to shop staff" in refused
        assert "not available" in texts_of(await h.say("demo-manager", f"ack {ref}"))
        async with h.runtime.sessions() as session:
            case = await cases.case_by_ref(session, ref=ref)
            audits = (await session.execute(select(AuditLog))).scalars().all()
        assert case.status == "new" and case.outcome is None
        assert len(audits) == 6 and not any(a.allowed for a in audits)
        assert await h.inbox("demo-staff") == []


async def test_a_repeated_delivery_is_processed_once(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        dispatcher = h.runtime.dispatcher
        message = Inbound(
            channel="console", address="demo-staff", text="report", external_id="update-1"
        )
        assert await dispatcher.handle(message) == "handled"
        assert await dispatcher.handle(message) == "duplicate"
        assert len(await h.inbox("demo-staff")) == 1


async def test_a_crash_mid_step_loses_nothing(sqlite_url, clock, monkeypatch):
    async with harness(sqlite_url, clock) as h:
        await run_lines(h, "demo-staff", ["report", "1", "no"])
        real = engine.advance

        def broken(*args, **kwargs):
            raise RuntimeError("boom")

        monkeypatch.setattr(engine, "advance", broken)
        sorry = await h.say("demo-staff", "just now")
        assert "went wrong on our side" in sorry[0]["text"] and "send it again" in sorry[0]["text"]
        monkeypatch.setattr(engine, "advance", real)
        assert (await h.say("demo-staff", "just now"))[-1]["question"] == "where"
    # A restart is just a new app on the same database: the conversation carries on.
    async with harness(sqlite_url, clock, demo=False) as h:
        assert (await h.say("demo-staff", "1"))[-1]["question"] == "what"


async def test_two_messages_at_once_do_not_corrupt_a_conversation(database_url, clock):
    async with harness(database_url, clock) as h:
        await run_lines(h, "demo-staff", ["report", "1"])
        dispatcher = h.runtime.dispatcher
        await asyncio.gather(
            dispatcher.handle(Inbound(channel="console", address="demo-staff", text="no")),
            dispatcher.handle(Inbound(channel="console", address="demo-staff", text="just now")),
        )
        async with h.runtime.sessions() as session:
            conversation = (await session.execute(select(Conversation))).scalar_one()
        # Each message applied exactly once, one after the other, whatever the order.
        assert conversation.version >= 4
        assert engine.question_of(conversation.state) in ("when", "where", "safety")


async def test_fifty_staff_filing_at_once_get_fifty_references(database_url, clock):
    async with harness(database_url, clock) as h:
        async with transaction(h.runtime.sessions) as session:
            we = await bids.bid_by_code(session, code="WE")
            shop = (
                (await session.execute(select(Shop).where(Shop.bid_id == we.id))).scalars().first()
            )
            for n in range(50):
                await members.create_member(
                    session,
                    bid_id=we.id,
                    role="staff",
                    shop_id=shop.id,
                    display_name=f"Staff {n}",
                    channel="console",
                    address=f"staff-{n}",
                )
        for n in range(50):
            for line in [
                "report theft",
                "no",
                "pickpocket",
                "just now",
                "1",
                "Wallet taken from a customer's bag",
                "wallet",
                "skip",
                "unknown",
                "skip",
                "skip",
                "no",
                "no",
                "skip",
            ]:
                await h.runtime.dispatcher.handle(
                    Inbound(channel="console", address=f"staff-{n}", text=line)
                )
        await asyncio.gather(
            *(
                h.runtime.dispatcher.handle(
                    Inbound(channel="console", address=f"staff-{n}", text="send")
                )
                for n in range(50)
            )
        )
        async with h.runtime.sessions() as session:
            refs = (await session.execute(select(Case.ref))).scalars().all()
            bid = (await session.execute(select(Bid))).scalars().first()
        assert len(refs) == 50 and len(set(refs)) == 50
        assert bid.last_case_number == 50


async def test_officers_are_reminded_daily_until_someone_acts(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        ref = await file_shoplifting(h)
        await h.inbox("demo-officer")
        scheduler = h.runtime.scheduler
        clock.advance(hours=47)
        assert await scheduler.tick() == 0
        clock.advance(hours=2)
        assert await scheduler.tick() == 1
        reminder = await h.inbox("demo-officer")
        assert "Reminder" in reminder[0]["text"] and ref in reminder[0]["text"]
        clock.advance(hours=3)
        assert await scheduler.tick() == 0
        clock.advance(hours=22)
        assert await scheduler.tick() == 1
        await h.say("demo-officer", f"ack {ref}")
        clock.advance(days=2)
        assert await scheduler.tick() == 0


@pytest.mark.parametrize("host", ["10.1.2.3", "192.168.0.9"])
async def test_the_console_is_for_this_machine_only(sqlite_url, clock, host):
    import httpx

    async with harness(sqlite_url, clock) as h:
        transport = httpx.ASGITransport(app=h.app, client=(host, 1234))
        async with httpx.AsyncClient(transport=transport, base_url="http://x") as remote:
            response = await remote.post(
                "/console/messages", json={"handle": "demo-staff", "text": "report"}
            )
        assert response.status_code == 403
        async with h.runtime.sessions() as session:
            assert (await session.execute(select(func.count(Identity.id)))).scalar_one() == 3
            assert (await session.execute(select(Conversation))).first() is None


async def test_health_reports_the_database(sqlite_url, clock: Clock):
    async with harness(sqlite_url, clock) as h:
        ok = await h.client.get("/healthz")
        assert ok.status_code == 200 and ok.json()["status"] == "ok"
    async with harness("postgresql+asyncpg://nobody@127.0.0.1:9/none", clock, demo=False) as h:
        down = await h.client.get("/healthz")
        assert down.status_code == 503


async def test_other_commands_mid_report_are_held_off_kindly(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        await run_lines(h, "demo-staff", ["report", "1", "no", "just now", "1"])
        for word in ("REPORT", "found"):
            reply = texts_of(await h.say("demo-staff", word))
            assert "middle of a shoplifting report" in reply and "Nothing has been sent" in reply
        # A command that does not start a report of its own is run, then the question repeated.
        mine = await h.say("demo-staff", "mycases")
        assert "no reports yet" in mine[0]["text"] and mine[-1]["question"] == "what"
        # A sentence that starts with a command word is an answer, not a command.
        answer = await h.say("demo-staff", "report of a man taking lipsticks from the stand")
        assert answer[-1]["question"] == "items"


async def test_an_unanswered_report_menu_does_not_trap_anyone(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        assert (await h.say("demo-staff", "report"))[-1]["question"] == "kind"
        clock.advance(hours=3)
        mine = texts_of(await h.say("demo-staff", "mycases"))
        assert "no reports yet" in mine


async def test_a_command_with_a_case_reference_mid_report_is_run_not_taken_as_an_answer(
    database_url, clock
):
    async with harness(database_url, clock) as h:
        ref = await file_shoplifting(h)
        await h.inbox("demo-officer")
        await run_lines(h, "demo-staff", SHOPLIFTING[:9])
        replies = await h.say("demo-staff", f"reply {ref} are you coming today?")
        assert "sent to the police team" in replies[0]["text"]
        assert replies[-1]["question"] == "value"
        officer = texts_of(await h.inbox("demo-officer"))
        assert "are you coming today?" in officer
        case = await h.say("demo-staff", f"case {ref.lower()}")
        assert case[0]["text"].startswith(f"*{ref}*") and case[-1]["question"] == "value"
        # The report carries on where it was; nothing was stored as its value.
        await run_lines(h, "demo-staff", SHOPLIFTING[9:])
        done = await h.say("demo-staff", "send")
        async with h.runtime.sessions() as session:
            records = await case_records(session, bid_id=None, since=None)
        assert records[-1]["ref"] == done[-1]["case_ref"]
        assert records[-1]["answers"]["value"] == 120


async def test_a_number_that_is_a_shown_option_means_that_option(sqlite_url, clock):
    async with harness(sqlite_url, clock) as h:
        await run_lines(h, "demo-staff", ["report", "1", "no"])
        when = await h.say("demo-staff", "1")  # "1. Just now", not 01:00
        assert when[-1]["question"] == "where"
        await run_lines(h, "demo-staff", ["1", "Took two bottles of gin", "2 bottles of gin"])
        value = await h.say("demo-staff", "1")  # "1. Don't know", not £1.00
        assert value[-1]["question"] == "offenders"
        await h.say("demo-staff", "2")  # offenders are numbers themselves: two people
        described = await h.say("demo-staff", "1")  # "1. Skip"
        assert described[-1]["question"] == "direction"
        await run_lines(h, "demo-staff", ["skip", "no", "no"])
        summary = await h.say("demo-staff", "skip")
        text = summary[-1]["text"]
        assert "When: Mon 23 Nov, 14:30" in text and "Value: Not known" in text
        assert "Offenders: 2" in text and "Description: Skipped" in text


async def test_photos_or_a_note_can_be_added_to_a_filed_report(database_url, clock):
    async with harness(database_url, clock) as h:
        ref = await file_shoplifting(h)
        await h.inbox("demo-officer")
        ask = await h.say("demo-staff", f"add {ref}")
        assert ask[-1]["text"] == f"Send the photos, or type the note, to add to {ref}."
        got = await h.say("demo-staff", photo={"content_type": "image/jpeg", "source": "p1.jpg"})
        assert "Got it: 1 photo" in got[-1]["text"]
        await h.say("demo-staff", photo={"content_type": "image/jpeg", "source": "p2.jpg"})
        done = await h.say("demo-staff", "done")
        assert f"Added to {ref}" in done[-1]["text"]
        pushed = await h.inbox("demo-officer")
        assert "(2 photos added.)" in pushed[-1]["text"] and pushed[-1]["photos"] == [
            "p1.jpg",
            "p2.jpg",
        ]
        await h.say("demo-staff", f"add {ref} He came back at 16:00 and left quickly")
        assert "He came back at 16:00" in texts_of(await h.inbox("demo-officer"))
        async with h.runtime.sessions() as session:
            [record] = await case_records(session, bid_id=None, since=None)
        assert [a["source"] for a in record["attachments"]] == ["p1.jpg", "p2.jpg"]
        assert [u["action"] for u in record["updates"]] == ["added", "added"]
        # Another shop's case is not there to add to.
        async with transaction(h.runtime.sessions) as session:
            bid = await bids.bid_by_code(session, code="WE")
            other = await bids.shop_by_name(session, bid_id=bid.id, name="Piccadilly Pharmacy")
            await members.create_member(
                session,
                bid_id=bid.id,
                role="staff",
                shop_id=other.id,
                display_name="Jo",
                channel="console",
                address="jo",
            )
        refused = texts_of(await h.say("jo", f"add {ref} something"))
        assert f"can't find case {ref}" in refused
