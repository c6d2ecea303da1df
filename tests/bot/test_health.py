"""`/healthz`: the database, each enabled channel's state, and the outbox backlog."""

from __future__ import annotations

from typing import Any

from fakes import twilio_webhooks as twh
from tests.bot.telegram_support import telegram_app
from tests.bot.test_whatsapp_send import file_a_report
from tests.bot.whatsapp_support import whatsapp
from tests.support import Clock, Harness, harness


async def healthz(h: Harness) -> dict[str, Any]:
    response = await h.client.get("/healthz")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    return body


async def test_the_backlog_is_counted_and_its_age_grows_until_it_is_sent(
    database_url: str, clock: Clock
) -> None:
    async with harness(database_url, clock) as h:
        idle = await healthz(h)
        assert idle["outbox"] == {
            "pending": 0,
            "oldest_pending_seconds": 0.0,
            "retrying": 0,
            "held": 0,
        }
        assert idle["channels"]["console"]["state"] == "idle"
        # Two messages in, nothing sent yet (this harness runs the sender only when asked).
        for text in ("help", "mycases"):
            posted = await h.client.post(
                "/console/messages", json={"handle": "demo-staff", "text": text}
            )
            assert posted.status_code == 200
        clock.advance(seconds=90)
        waiting = await healthz(h)
        assert waiting["outbox"]["pending"] >= 2
        assert waiting["outbox"]["oldest_pending_seconds"] == 90.0
        console = waiting["channels"]["console"]
        assert console["state"] == "sending" and console["pending"] == waiting["outbox"]["pending"]
        await h.runtime.drain()
        sent = await healthz(h)
        assert sent["outbox"]["pending"] == 0 and sent["outbox"]["oldest_pending_seconds"] == 0.0
        assert sent["channels"]["console"]["state"] == "idle"


async def test_whatsapp_held_rows_and_failing_sends_show(database_url, clock, tmp_path) -> None:
    async with whatsapp(database_url, clock, tmp_path) as wa:
        await file_a_report(wa)
        clock.advance(hours=25)  # outside the 24-hour window: the update is held
        await wa.h.say("demo-officer", "ack WE-0001")
        held = await healthz(wa.h)
        assert held["channels"]["whatsapp"] == {
            "state": "idle",
            "pending": 0,
            "oldest_pending_seconds": 0.0,
            "retrying": 0,
            "held": 1,
        }
        assert held["outbox"]["held"] == 1
        wa.tw.fail_next(500, count=10)  # Twilio is down when she writes back
        response = await wa.post(twh.inbound_text("hi", from_="whatsapp:+447700900123"))
        assert response.status_code == 200
        kept = (await healthz(wa.h))["inbox"]
        assert kept == {"waiting": 1, "oldest_waiting_seconds": 0.0}
        clock.advance(seconds=3)
        assert (await healthz(wa.h))["inbox"]["oldest_waiting_seconds"] == 3.0
        await wa.h.runtime.inbox.drain()  # kept at once, handled just after
        assert (await healthz(wa.h))["inbox"]["waiting"] == 0
        await wa.h.runtime.sender.drain_once()
        failing = (await healthz(wa.h))["channels"]["whatsapp"]
        assert failing["state"] == "retrying" and failing["retrying"] >= 1
        assert failing["pending"] >= 1 and failing["held"] == 0


async def test_telegram_says_which_mode_it_is_in(sqlite_url, clock, tmp_path) -> None:
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        channels = (await healthz(t.h))["channels"]
        assert sorted(channels) == ["console", "telegram"]
        assert channels["telegram"]["mode"] == "webhook"
    async with telegram_app(sqlite_url, clock, tmp_path, polling=True) as t:
        assert (await healthz(t.h))["channels"]["telegram"]["mode"] == "polling"


async def test_without_a_database_it_answers_503_and_names_the_channels(clock: Clock) -> None:
    async with harness("postgresql+asyncpg://nobody@127.0.0.1:9/none", clock, demo=False) as h:
        response = await h.client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "down",
        "channels": {"console": {"state": "unknown"}},
    }
