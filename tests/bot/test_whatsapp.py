"""WhatsApp through Twilio, end to end: signed webhooks in, the fake Twilio REST API out."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.export import case_records
from fakes import twilio_webhooks as twh
from fakes.twilio_api import WHATSAPP_SANDBOX_NUMBER
from storage import members, outbox
from storage.db import transaction
from storage.models import Identity, InboundSeen, Member, Outbox, StoredFile
from tests.bot.whatsapp_support import (
    ALICE,
    FLOWS,
    JPEG,
    PUBLIC,
    STATUS,
    WEBHOOK,
    count,
    invite,
    whatsapp,
)


@pytest.mark.parametrize("kind", list(FLOWS))
async def test_every_flow_from_join_to_a_case_reference(database_url, clock, tmp_path, kind):
    async with whatsapp(database_url, clock, tmp_path) as wa:
        welcome = await wa.join()
        assert "Welcome to ShopWatch, Alice Marsh" in welcome[0]
        photo_url = None
        for line in FLOWS[kind]:
            if line == "PHOTO":
                bodies, photo_url = await wa.photo()
            elif line == "LOCATION":
                bodies = await wa.location(51.5104, -0.1323, address="Coventry St, London")
            else:
                bodies = await wa.say(line)
            # One message per answer: an intro, a hint or a warning comes with its question.
            assert len(bodies) == 1, f"{len(bodies)} messages answered {line!r}"
        summary = bodies[-1]
        assert summary.startswith("Please check your report:")
        assert "1. Send\n2. Change an answer\n3. Cancel\n\nReply 1, 2 or 3." in summary
        [done] = await wa.say("1")
        assert "Your reference is *WE-0001*" in done
        assert all(m.from_ == WHATSAPP_SANDBOX_NUMBER for m in wa.messages())
        assert all(m.status_callback == f"{PUBLIC}{STATUS}" for m in wa.messages())
        assert await wa.h.runtime.fetcher.fetch_due() == (1 if photo_url else 0)
        async with wa.h.runtime.sessions() as session:
            [record] = await case_records(session, bid_id=None, since=None)
            files = (await session.execute(select(StoredFile))).scalars().all()
    assert record["kind"] == kind and record["ref"] == "WE-0001"
    assert record["channel"] == "whatsapp" and record["reporter"] == "Alice Marsh"
    assert record["shop"] == "Coventry Street Gifts"
    if photo_url:
        assert record["attachments"] == [{"content_type": "image/jpeg", "source": photo_url}]
        [stored] = files
        assert stored.source == photo_url
        assert await asyncio.to_thread(Path(stored.path).read_bytes) == JPEG
        assert Path(stored.path).is_relative_to(wa.attachments)
    answers = record["answers"]
    if kind == "shoplifting":
        assert record["street"] == "Coventry Street" and answers["value"] == 120
        assert answers["safety"] is False and answers["offenders"] == "1"
    elif kind == "begging_asb":
        assert answers["behaviour"] == "begging" and answers["vulnerable"] == "not_sure"
        assert answers["streetlink"] is True and record["street"] == "Leicester Square"
    elif kind == "moped_snatch":
        assert record["latitude"] == pytest.approx(51.5104)
        assert record["longitude"] == pytest.approx(-0.1323)
        assert record["street"] == "Coventry Street"
        assert record["location"] == "Coventry St, London"
        assert answers["target"] == "customer" and answers["vehicle_type"] == "moped"
        assert answers["plate"] == "LD19 ABC"
    elif kind == "theft":
        assert answers["theft_type"] == "pickpocket" and answers["where"]["choice"] == "shop"
        assert answers["offenders"] == "unknown" and answers["crn"] == "1234567/25"
    else:
        assert answers["category"] == "phone" and answers["held_text"] == "with our manager"


async def test_joining_uses_the_whatsapp_number_and_profile_name(sqlite_url, clock, tmp_path):
    async with whatsapp(sqlite_url, clock, tmp_path) as wa:
        hello = await wa.say("hello", "+447700900999")
        assert "You need an invite code" in hello[0] and "join YOURCODE" in hello[0]
        code = await invite(wa.h, role="staff", shop="Piccadilly Pharmacy")
        params = twh.inbound_text(f"start {code}", from_="whatsapp:+44 7700 900456")
        params.pop("WaId")  # older payloads: fall back to From
        params["ProfileName"] = "Priya Shah"
        [welcome] = await wa.send(params, "+447700900456")
        assert "Welcome to ShopWatch, Priya Shah" in welcome and "Piccadilly Pharmacy" in welcome
        [message] = wa.messages("+447700900456")
        assert message.to == "whatsapp:+447700900456"
        async with wa.h.runtime.sessions() as session:
            identity, member = (
                await session.execute(
                    select(Identity, Member)
                    .join(Member, Member.id == Identity.member_id)
                    .where(Identity.channel == "whatsapp")
                )
            ).one()
        assert identity.address == "+447700900456" and member.display_name == "Priya Shah"
        assert identity.last_inbound_at == clock.now


async def test_forged_and_missing_signatures_are_refused_and_nothing_is_stored(
    database_url, clock, tmp_path
):
    async with whatsapp(database_url, clock, tmp_path) as wa:
        params = twh.inbound_text("report")
        forged = await wa.post(params, auth_token="0" * 32)
        missing = await wa.h.client.post(f"{PUBLIC}{WEBHOOK}", data=params)
        tampered = dict(params, Body="cases")
        headers = twh.signed_headers(f"{PUBLIC}{WEBHOOK}", params, wa.tw.auth_token)
        changed = await wa.h.client.post(f"{PUBLIC}{WEBHOOK}", data=tampered, headers=headers)
        forged_status = twh.status_callback("SM" + "1" * 32, "read")
        status = await wa.post(forged_status, path=STATUS, auth_token="0" * 32)
        assert [r.status_code for r in (forged, missing, changed, status)] == [403] * 4
        assert await count(wa.h, InboundSeen) == 0
        assert await count(wa.h, Outbox) == 0
        assert await count(wa.h, Identity) == 3  # the demo's console members only
        assert wa.tw.messages() == []


async def test_signatures_are_checked_against_the_public_url_not_the_proxy_one(
    sqlite_url, clock, tmp_path
):
    async with whatsapp(sqlite_url, clock, tmp_path) as wa:
        internal = "http://internal:8000/whatsapp/webhook"
        accepted = await wa.post(
            twh.inbound_text("hello"), url=internal, signature_url=f"{PUBLIC}{WEBHOOK}"
        )
        refused = await wa.post(twh.inbound_text("hello again"), url=internal)
        query = await wa.post(
            twh.inbound_text("and again"),
            url=f"{internal}?tenant=we",
            signature_url=f"{PUBLIC}{WEBHOOK}?tenant=we",
        )
        without_query = await wa.post(
            twh.inbound_text("once more"),
            url=f"{internal}?tenant=we",
            signature_url=f"{PUBLIC}{WEBHOOK}",
        )
        assert [r.status_code for r in (accepted, refused, query, without_query)] == [
            200,
            403,
            200,
            403,
        ]
        assert len(await wa.inbox()) == 2


async def test_without_a_public_url_nothing_can_be_verified(sqlite_url, clock, tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="bot.channels.whatsapp")
    async with whatsapp(sqlite_url, clock, tmp_path, public_url=None) as wa:
        starting = [r.getMessage() for r in caplog.records]
        assert sum("SHOPWATCH_PUBLIC_URL is not set" in m for m in starting) == 1
        response = await wa.post(twh.inbound_text("hello"), url=f"http://shopwatch{WEBHOOK}")
        assert response.status_code == 403
        assert await count(wa.h, InboundSeen) == 0
        # Pushes still go out, without a status callback nobody could verify.
        await wa.h.say("demo-staff", "help")
        async with transaction(wa.h.runtime.sessions) as session:
            await members.create_member(
                session,
                bid_id=1,
                role="staff",
                shop_id=1,
                display_name="Bo",
                channel="whatsapp",
                address=ALICE,
            )
            await outbox.enqueue(
                session, channel="whatsapp", address=ALICE, payload={"text": "hi"}, now=clock.now
            )
        assert await wa.inbox() == ["hi"]
        assert wa.messages()[0].status_callback is None
    assert not any(wa.tw.auth_token in r.getMessage() for r in caplog.records)


async def test_a_repeated_message_sid_is_acknowledged_once(database_url, clock, tmp_path):
    async with whatsapp(database_url, clock, tmp_path) as wa:
        await wa.join()
        params = twh.inbound_text("report")
        first = await wa.send(params)
        again = await wa.send(params)
        assert len(first) == 1 and "What do you want to report?" in first[0]
        assert again == []
        async with wa.h.runtime.sessions() as session:
            seen = (await session.execute(select(InboundSeen.external_id))).scalars().all()
        assert params["MessageSid"] in seen


async def test_choices_are_numbered_and_shortcuts_say_what_to_send(sqlite_url, clock, tmp_path):
    async with whatsapp(sqlite_url, clock, tmp_path) as wa:
        await wa.join("+447700900777", role="officer", name="PC Jones")
        await wa.join()
        [menu] = await wa.say("report")
        assert menu.startswith("What do you want to report?\n\n1. Shoplifting\n")
        last = "\n4. Other theft (pickpocket, smash-and-grab, bag or phone)\n\nReply 1, 2, 3 or 4."
        assert menu.endswith(last)
        await wa.say("shoplifting")
        [when] = await wa.say("no")
        assert when.endswith("Or send: Just now") and "1." not in when
        [where] = await wa.say("just now")
        assert "1. At Coventry Street Gifts\n2. Somewhere else" in where
        assert "share your location, tap the paperclip" in where
        for line in [*FLOWS["shoplifting"][4:-1], "skip", "send"]:
            await wa.say(line)
        [alert] = await wa.inbox("+447700900777")
        assert alert.startswith("New shoplifting report *WE-0001*")
        assert "Acknowledge: send ack WE-0001\nDetails: send case WE-0001" in alert
        [acked] = await wa.say("ACK we-0001", "+447700900777")
        assert "WE-0001 acknowledged" in acked
        [pushed] = await wa.inbox()
        assert "Seen by the police" in pushed


async def test_buttons_count_as_choices_or_as_text(sqlite_url, clock, tmp_path):
    async with whatsapp(sqlite_url, clock, tmp_path) as wa:
        await wa.join()
        await wa.say("report")
        press = twh.inbound_button("begging_asb", "Begging", from_=f"whatsapp:{ALICE}")
        started = await wa.send(press)
        # One message: the intro above the first question, its options numbered under it.
        assert len(started) == 1 and "begging or anti-social behaviour" in started[0]
        assert started[0].index("Let's report") < started[0].index("1. Yes\n2. No")
        stale = twh.inbound_button("begging_asb", "Begging", from_=f"whatsapp:{ALICE}")
        hint = await wa.send(stale)  # no longer an option: read as the words on it
        # The hint and the question asked again, as one message.
        assert len(hint) == 1
        assert hint[0].lower().startswith("please answer yes or no") and "1. Yes\n2. No" in hint[0]
        command = twh.inbound_button("cancel", "Stop", from_=f"whatsapp:{ALICE}")
        assert "cancelled" in (await wa.send(command))[0].lower()


async def test_a_reply_to_a_pushed_message_is_an_update_on_its_case(database_url, clock, tmp_path):
    async with whatsapp(database_url, clock, tmp_path) as wa:
        officer = "+447700900777"
        await wa.join(officer, role="officer", name="PC Jones")
        for line in FLOWS["shoplifting"][:-1]:
            await wa.h.say("demo-staff", line)
        await wa.h.say("demo-staff", "skip")
        await wa.h.say("demo-staff", "send")
        await wa.inbox(officer)
        alert = wa.messages(officer)[-1]
        reply = twh.inbound_reply(
            "CCTV requested from the shop", alert.sid, from_=f"whatsapp:{officer}"
        )
        [confirm] = await wa.send(reply, officer)
        assert "Update on WE-0001 sent to the reporter" in confirm
        staff = await wa.h.inbox("demo-staff")
        assert "CCTV requested from the shop" in staff[-1]["text"]
        async with wa.h.runtime.sessions() as session:
            [record] = await case_records(session, bid_id=None, since=None)
        assert record["updates"][-1]["text"] == "CCTV requested from the shop"
        assert record["updates"][-1]["author_role"] == "officer"


async def test_long_bodies_are_split_at_sentences_in_order(sqlite_url, clock, tmp_path):
    async with whatsapp(sqlite_url, clock, tmp_path) as wa:
        await wa.join()
        for line in FLOWS["shoplifting"][:-1]:
            await wa.say(line)
        await wa.say("skip")
        await wa.say("1")
        sentences = [f"Sentence {n} of the officer's long update is here." for n in range(40)]
        await wa.h.say("demo-officer", f"update WE-0001 {' '.join(sentences)}")
        parts = await wa.inbox()
        assert len(parts) == 2 and all(len(p) <= 1600 for p in parts)
        assert parts[0].endswith("is here.") and parts[1].startswith("Sentence ")
        rows = await wa.outbox()
        whole = rows[-1].payload["text"]
        assert len(whole) > 1600 and " ".join(parts).split() == whole.split()
        assert rows[-1].status == "sent" and rows[-1].provider_id == wa.messages()[-1].sid


async def test_the_form_is_read_as_twilio_signed_it(sqlite_url, clock, tmp_path):
    """The urlencoded body is parsed directly: escapes, `+`, `&` and emoji arrive intact (the
    signature, computed on the decoded fields, would not match otherwise), and a form of more
    fields than Starlette's parser allows is refused as before."""
    async with whatsapp(sqlite_url, clock, tmp_path) as wa:
        name = "Zoë O'Brien & Łukasz + 🙂"
        [welcome] = await wa.join(name=name)
        assert f"Welcome to ShopWatch, {name}" in welcome
        crowded = dict(twh.inbound_text("help"), **{f"X{n}": "1" for n in range(1001)})
        too_many = await wa.post(crowded)
        assert too_many.status_code == 400
        params = twh.inbound_text("help", from_=f"whatsapp:{ALICE}")
        headers = twh.signed_headers(f"{PUBLIC}{WEBHOOK}", params, wa.tw.auth_token)
        headers["Content-Type"] = "application/x-www-form-urlencoded; charset=UTF-8"
        with_charset = await wa.h.client.post(f"{PUBLIC}{WEBHOOK}", data=params, headers=headers)
        assert with_charset.status_code == 200
        [help_text] = await wa.inbox()
        assert help_text.startswith("What you can do")


async def test_a_signature_over_the_url_with_its_port_is_still_accepted(
    sqlite_url, clock, tmp_path
):
    """The one-HMAC check takes the URL as we have it; Twilio may have signed it with :443."""
    async with whatsapp(sqlite_url, clock, tmp_path) as wa:
        with_port = PUBLIC.replace(".example", ".example:443")
        assert with_port != PUBLIC
        signed_with_port = await wa.post(
            twh.inbound_text("hello"), signature_url=f"{with_port}{WEBHOOK}"
        )
        wrong_port = await wa.post(
            twh.inbound_text("hello again"), signature_url=f"{with_port}0{WEBHOOK}"
        )
        assert [signed_with_port.status_code, wrong_port.status_code] == [200, 403]
