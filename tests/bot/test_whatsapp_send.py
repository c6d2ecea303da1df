"""Sending on WhatsApp: the 24-hour window, status callbacks, REST errors, media and limits."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.channels.base import FetchError
from bot.channels.whatsapp import retry_after_seconds
from fakes import twilio_webhooks as twh
from fakes.server import running_async
from fakes.twilio_api import twilio_error
from storage import outbox
from storage.db import make_engine, make_sessions, transaction
from storage.models import Identity, Outbox
from tests.bot.whatsapp_support import ALICE, FLOWS, STATUS, TEMPLATE, WhatsApp, whatsapp
from tests.storage.test_reconnect import ON_POSTGRES, _drop_connections


async def file_a_report(wa: WhatsApp) -> None:
    """Alice joins on WhatsApp and files WE-0001."""
    await wa.join()
    for line in FLOWS["shoplifting"][:-1]:
        await wa.say(line)
    await wa.say("skip")
    assert "WE-0001" in (await wa.say("send"))[-1]


async def row(wa: WhatsApp, row_id: int) -> Outbox:
    async with wa.h.runtime.sessions() as session:
        found = await session.get(Outbox, row_id)
        assert found is not None
        return found


async def test_a_push_inside_the_window_is_sent_as_it_is(database_url, clock, tmp_path):
    async with whatsapp(database_url, clock, tmp_path) as wa:
        await file_a_report(wa)
        clock.advance(hours=23, minutes=59)
        await wa.h.say("demo-officer", "ack WE-0001")
        [pushed] = await wa.inbox()
        assert pushed.startswith("Update on WE-0001") and "Seen by the police" in pushed
        assert wa.messages()[-1].content_sid is None


async def test_outside_the_window_one_template_and_the_texts_wait_for_an_answer(
    database_url, clock, tmp_path
):
    async with whatsapp(database_url, clock, tmp_path) as wa:
        await file_a_report(wa)
        clock.advance(hours=24, minutes=1)
        await wa.h.say("demo-officer", "ack WE-0001")
        await wa.h.say("demo-officer", "update WE-0001 CCTV collected")
        [template] = await wa.inbox()
        message = wa.messages()[-1]
        assert message.content_sid == TEMPLATE and message.params.get("Body") is None
        assert message.content_variables == {"1": "WE-0001", "2": "seen by the police"}
        assert template == "There is an update on WE-0001 (seen by the police). Reply to read it."
        rows = await wa.outbox()
        held = [r for r in rows if r.status == "held"]
        assert len(held) == 2 and held[0].provider_id == message.sid
        assert held[1].provider_id is None  # one template per person while texts wait
        clock.advance(hours=30)
        await wa.h.say("demo-officer", "crn WE-0001 1234567/25")
        assert await wa.inbox() == []
        answered = await wa.say("mycases")
        assert "Seen by the police" in answered[0] and "CCTV collected" in answered[1]
        assert "1234567/25" in answered[2] and answered[3].startswith("Your recent reports")
        assert {r.status for r in await wa.outbox()} == {"sent"}


async def test_a_63016_status_callback_holds_the_message_and_sends_the_template(
    database_url, clock, tmp_path
):
    async with whatsapp(database_url, clock, tmp_path) as wa:
        await file_a_report(wa)
        await wa.h.say("demo-officer", "ack WE-0001")
        [free_form] = await wa.inbox()
        sid = wa.messages()[-1].sid
        response = await wa.tw.send_status(
            sid, "undelivered", error_code=63016, client=wa.h.client
        )
        assert response.status_code == 200
        [pushed] = [r for r in await wa.outbox() if r.provider_id == sid]
        assert pushed.status == "pending" and pushed.error.startswith("63016")
        [template] = await wa.inbox()
        assert wa.messages()[-1].content_sid == TEMPLATE and "WE-0001" in template
        held = await row(wa, pushed.id)
        assert held.status == "held" and held.provider_id == wa.messages()[-1].sid
        # The template's own callbacks do not disturb the held row.
        await wa.tw.send_status(held.provider_id, "delivered", client=wa.h.client)
        assert (await row(wa, pushed.id)).delivery_status is None
        clock.advance(minutes=5)
        answer = await wa.say("thanks")
        assert answer[0] == free_form
        sent = await row(wa, pushed.id)
        assert sent.status == "sent" and sent.provider_id == wa.messages()[-2].sid
        await wa.tw.send_status(sent.provider_id, "delivered", client=wa.h.client)
        assert (await row(wa, pushed.id)).delivery_status == "delivered"


async def test_statuses_only_move_forward_and_failures_are_kept(
    database_url, clock, tmp_path, caplog
):
    caplog.set_level(logging.WARNING, logger="bot.channels.whatsapp")
    async with whatsapp(database_url, clock, tmp_path) as wa:
        await wa.join()
        await wa.say("help")
        first, second = wa.messages()
        one, two = await wa.outbox()

        async def status(sid: str, value: str, error: int | None = None) -> None:
            response = await wa.tw.send_status(sid, value, error_code=error, client=wa.h.client)
            assert response.status_code == 200

        for value in ("queued", "delivered", "sent", "read", "delivered"):
            await status(first.sid, value)
        assert (await row(wa, one.id)).delivery_status == "read"
        await status(second.sid, "sent")
        await status(second.sid, "undelivered", 63024)
        await status(second.sid, "delivered")
        failed = await row(wa, two.id)
        assert failed.delivery_status == "undelivered" and "63024" in failed.error
        assert any(f"outbox row {two.id}" in r.getMessage() for r in caplog.records)
        async with wa.h.runtime.sessions() as session:
            query = select(Outbox.id).where(
                Outbox.channel == "whatsapp",
                Outbox.delivery_status.in_(("failed", "undelivered")),
            )
            assert (await session.execute(query)).scalars().all() == [two.id]


@pytest.mark.parametrize(("status", "code"), [(429, 20429), (500, 20500), (503, 20503)])
async def test_busy_and_broken_api_answers_are_retried_and_nothing_is_lost(
    database_url, clock, tmp_path, status, code
):
    async with whatsapp(database_url, clock, tmp_path) as wa:
        await wa.join()
        wa.tw.fail_next(status, code=code, count=2)
        assert await wa.say("help") == []
        first = (await wa.outbox())[-1]
        assert first.status == "pending" and first.error == f"twilio {status} error {code}"
        clock.advance(seconds=1)
        assert await wa.inbox() == []
        clock.advance(seconds=2)
        [help_text] = await wa.inbox()
        assert help_text.startswith("What you can do")
        done = await row(wa, first.id)
        assert done.status == "sent" and done.attempts == 3 and done.error is None
        assert len(wa.tw.calls("POST Messages.json")) == 1 + 3  # the welcome, then help x3


async def test_retry_after_from_twilio_is_honoured(sqlite_url, clock, tmp_path):
    async def busy(request: Request) -> JSONResponse:
        return JSONResponse(
            twilio_error(429, 20429, "Too Many Requests"), 429, headers={"Retry-After": "37"}
        )

    app = Starlette(routes=[Route("/{rest:path}", busy, methods=["POST"])])
    async with (
        running_async(app) as busy_url,
        whatsapp(sqlite_url, clock, tmp_path, twilio_api_url=busy_url) as wa,
    ):
        adapter = wa.h.runtime.adapters["whatsapp"]
        delivery = await adapter.send(ALICE, {"text": "hello"}, 1)
    assert not delivery.ok and not delivery.permanent and delivery.retry_after == 37.0
    assert retry_after_seconds("Wed, 23 Nov 2026 14:31:00 GMT", clock.now) == 60.0
    assert retry_after_seconds("soon", clock.now) is None


async def test_numbers_that_cannot_succeed_fail_for_good(database_url, clock, tmp_path):
    async with whatsapp(database_url, clock, tmp_path) as wa:
        await wa.join()
        wa.tw.fail_next(400, code=21211)
        assert await wa.say("help") == []
        failed = (await wa.outbox())[-1]
        assert failed.status == "failed" and "21211" in failed.error
        async with wa.h.runtime.sessions() as session:
            identity = (
                await session.execute(select(Identity).where(Identity.address == ALICE))
            ).scalar_one()
        assert identity.unreachable
        adapter = wa.h.runtime.adapters["whatsapp"]
        wa.tw.fail_next(400, code=21656)
        refused = await adapter.send(ALICE, {"text": "x"}, 99)
        assert refused.permanent and not refused.unreachable


async def test_bad_credentials_keep_messages_and_never_log_the_token(
    database_url, clock, tmp_path, caplog
):
    caplog.set_level(logging.DEBUG)
    async with whatsapp(database_url, clock, tmp_path) as wa:
        await wa.join()
    async with whatsapp(
        database_url, clock, tmp_path, twilio_auth_token="f" * 32, public_url=None
    ) as wrong:
        async with transaction(wrong.h.runtime.sessions) as session:
            await outbox.enqueue(
                session, channel="whatsapp", address=ALICE, payload={"text": "hi"}, now=clock.now
            )
        assert await wrong.inbox() == []
        waiting = (await wrong.outbox())[-1]
        assert waiting.status == "pending" and waiting.error == "twilio 401 error 20003"
        media = wrong.tw.add_media(b"img")
        with pytest.raises(FetchError) as refused:
            await wrong.h.runtime.adapters["whatsapp"].fetch(media)
        assert not refused.value.permanent
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "refused the account SID and auth token" in logged
    assert "f" * 32 not in logged and wa.tw.auth_token not in logged


async def test_media_is_fetched_with_the_account_credentials_only_from_twilio(
    sqlite_url, clock, tmp_path
):
    async with whatsapp(sqlite_url, clock, tmp_path) as wa:
        adapter = wa.h.runtime.adapters["whatsapp"]
        png = b"\x89PNG\r\n\x1a\n the rest of a picture"
        url = wa.tw.add_media(png, "image/png")
        assert await adapter.fetch(url) == (png, "image/png")
        assert [c.method for c in wa.tw.calls() if c.method.startswith("GET")] == [
            "GET Media",
            "GET cdn",
        ]
        with pytest.raises(FetchError) as gone:
            await adapter.fetch(url.replace("/Media/ME", "/Media/MEgone"))
        assert gone.value.permanent
        with pytest.raises(FetchError) as elsewhere:
            await adapter.fetch("https://example.org/steal.jpg")
        assert elsewhere.value.permanent
        assert len([c for c in wa.tw.calls() if c.method.startswith("GET")]) == 3


async def test_at_most_eighty_messages_a_second(sqlite_url, clock, tmp_path):
    async with whatsapp(sqlite_url, clock, tmp_path) as wa:
        adapter = wa.h.runtime.adapters["whatsapp"]
        started = time.monotonic()
        results = await asyncio.gather(
            *(adapter.send(f"+4477009{n:05d}", {"text": f"n{n}"}, n) for n in range(120))
        )
        elapsed = time.monotonic() - started
        assert all(r.ok for r in results) and len(wa.tw.messages()) == 120
        assert elapsed >= 119 / 80 - 0.05
        stamps = sorted(m.at for m in wa.tw.messages())
        assert all(b - a >= 0.9 for a, b in zip(stamps, stamps[80:], strict=False))


async def test_a_held_push_without_a_template_still_waits_for_an_answer(
    sqlite_url, clock, tmp_path
):
    async with whatsapp(sqlite_url, clock, tmp_path, whatsapp_update_template=None) as wa:
        await file_a_report(wa)
        clock.advance(days=2)
        await wa.h.say("demo-officer", "ack WE-0001")
        assert await wa.inbox() == []
        assert [r.status for r in await wa.outbox()][-1] == "held"
        assert "Seen by the police" in (await wa.say("hi"))[0]


async def test_a_message_goes_out_as_the_twilio_library_would_send_it(sqlite_url, clock, tmp_path):
    """`_create` posts the form itself, without the library's resource layers: the same fields,
    headers and credentials as `messages.create_async`, and its errors raised the same way."""
    from twilio.base.exceptions import TwilioRestException
    from twilio.http.async_http_client import AsyncTwilioHttpClient
    from twilio.rest import Client

    async with whatsapp(sqlite_url, clock, tmp_path) as wa:
        adapter = wa.h.runtime.adapters["whatsapp"]
        ours = await adapter._create(ALICE, body="hello")
        http = AsyncTwilioHttpClient()
        try:
            library = Client(wa.tw.account_sid, wa.tw.auth_token, http_client=http)
            library.api.base_url = wa.tw.base_url
            theirs = await library.messages.create_async(
                to=f"whatsapp:{ALICE}",
                from_=adapter._settings.whatsapp_from,
                body="hello",
                status_callback=adapter._status_callback,
            )
            wa.tw.fail_next(400, code=21211)
            with pytest.raises(TwilioRestException) as raised:
                await adapter._create(ALICE, body="again")
        finally:
            await http.close()
        first, second = wa.tw.calls("POST Messages.json")[:2]
        assert ours.startswith("SM") and ours != theirs.sid
        assert first.params == second.params
        kept = ("authorization", "content-type", "accept", "accept-charset", "user-agent")
        assert {k: first.headers[k] for k in kept} == {k: second.headers[k] for k in kept}
        assert first.headers["x-twilio-client"] == second.headers["x-twilio-client"]
        assert raised.value.status == 400 and raised.value.code == 21211


async def test_status_callbacks_at_once_share_a_transaction_and_only_move_forward(
    database_url, clock, tmp_path
):
    async with whatsapp(database_url, clock, tmp_path) as wa:
        await wa.join()
        await wa.say("help")
        first, second = wa.messages()
        one, two = await wa.outbox()
        statuses = wa.h.runtime.adapters["whatsapp"]._statuses
        before = statuses.transactions
        posts = [
            (sid, value)
            for value in ("sent", "read", "delivered", "queued", "sent")
            for sid in (first.sid, second.sid)
        ] + [("SM" + "0" * 32, "delivered"), (first.sid, "unheard-of")]
        answers = await asyncio.gather(
            *(
                wa.post(
                    twh.status_callback(sid, value, account_sid=wa.tw.account_sid), path=STATUS
                )
                for sid, value in posts
            )
        )
        assert [a.status_code for a in answers] == [200] * len(posts)
        assert (await row(wa, one.id)).delivery_status == "read"
        assert (await row(wa, two.id)).delivery_status == "read"
        assert 1 <= statuses.transactions - before < len(posts) - 1


@ON_POSTGRES
async def test_a_status_that_meets_a_connection_the_server_dropped_is_written_once_again(
    database_url, clock, tmp_path
):
    from bot.channels import whatsapp_status

    async with whatsapp(database_url, clock, tmp_path) as wa:
        await wa.join()
        [welcome] = wa.messages()
        [first] = await wa.outbox()
        # Checked only after resting a minute: the pooled connection is handed out as it is.
        engine = make_engine(database_url, ping_after=60)
        try:
            sessions = make_sessions(engine)
            statuses = whatsapp_status.ForwardStatuses(sessions)
            await statuses.record(welcome.sid, "sent")  # a pooled connection, now resting
            assert await _drop_connections(database_url) >= 1
            await statuses.record(welcome.sid, "delivered")
            async with sessions() as session:
                assert (await session.get(Outbox, first.id)).delivery_status == "delivered"
        finally:
            await engine.dispose()


async def test_one_bad_status_write_fails_only_its_own_callback(
    sqlite_url, clock, tmp_path, monkeypatch
):
    from bot.channels import whatsapp_status

    real = whatsapp_status.move_forward

    async def move_forward(session, statement, *, channel, sids):  # type: ignore[no-untyped-def]
        if "SMbad" in sids:
            raise RuntimeError("the database refused it")
        await real(session, statement, channel=channel, sids=sids)

    monkeypatch.setattr(whatsapp_status, "move_forward", move_forward)
    async with whatsapp(sqlite_url, clock, tmp_path) as wa:
        await wa.join()
        [welcome] = wa.messages()
        [first] = await wa.outbox()
        statuses = whatsapp_status.ForwardStatuses(wa.h.runtime.sessions)
        good, bad = await asyncio.gather(
            statuses.record(welcome.sid, "delivered"),
            statuses.record("SMbad", "delivered"),
            return_exceptions=True,
        )
        assert good is None and isinstance(bad, RuntimeError)
        assert (await row(wa, first.id)).delivery_status == "delivered"


async def test_a_lost_63016_callback_is_found_by_asking_twilio_and_the_template_goes(
    database_url, clock, tmp_path
):
    async with whatsapp(database_url, clock, tmp_path) as wa:
        await file_a_report(wa)
        await wa.h.say("demo-officer", "ack WE-0001")
        await wa.inbox()
        sid = wa.messages()[-1].sid
        # WhatsApp refused it (outside the window), and Twilio's callback never reached us.
        message = wa.tw.message(sid)
        assert message is not None
        message.resource.update(status="undelivered", error_code=63016)
        adapter = wa.h.runtime.adapters["whatsapp"]
        assert await adapter.check_deliveries() == 0  # too soon: a callback may yet come
        clock.advance(minutes=6)
        asked = await adapter.check_deliveries()
        assert asked >= 1
        [pushed] = [r for r in await wa.outbox() if r.provider_id == sid]
        assert pushed.status == "pending" and pushed.error.startswith("63016")
        [template] = await wa.inbox()
        assert wa.messages()[-1].content_sid == TEMPLATE and "WE-0001" in template
        assert await adapter.check_deliveries() == 0  # each message is asked about once


async def test_messages_with_no_status_are_asked_about_once_and_twilio_refusing_waits(
    database_url, clock, tmp_path, caplog
):
    async with whatsapp(database_url, clock, tmp_path) as wa:
        await wa.join()
        await wa.say("help")
        rows = await wa.outbox()
        assert rows and all(r.delivery_status is None for r in rows)
        adapter = wa.h.runtime.adapters["whatsapp"]
        clock.advance(minutes=6)
        token, wa.tw.auth_token = wa.tw.auth_token, "changed"  # Twilio refuses to answer now
        with caplog.at_level(logging.WARNING):
            await adapter.check_deliveries()
        assert "could not ask Twilio" in caplog.text
        assert all(r.delivery_status is None for r in await wa.outbox())  # asked again later
        wa.tw.auth_token = token
        gone = rows[0].provider_id
        assert gone is not None
        wa.tw.forget(gone)  # and one Twilio no longer has
        assert await adapter.check_deliveries() == len(rows)
        statuses = {r.provider_id: r.delivery_status for r in await wa.outbox()}
        assert statuses.pop(gone) == "unknown"
        assert set(statuses.values()) <= {"queued"}
        assert await adapter.check_deliveries() == 0  # each asked about once
