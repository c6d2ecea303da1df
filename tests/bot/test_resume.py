"""A split message resumes where it stopped: after a failed part, and after a restart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.channels.whatsapp_render import render
from bot.sender import LEASE, Sender
from fakes import FakeTelegram, FakeTwilio
from fakes.twilio_api import WHATSAPP_SANDBOX_NUMBER
from storage import outbox
from storage.db import Sessions, transaction
from storage.models import Outbox
from tests.support import Clock, Harness, harness

NUMBER = "+447700900123"
# Three Telegram messages (4,096 each at most) and three WhatsApp bodies (1,600 at most).
TELEGRAM_TEXT = "\n".join(f"Line {n:03}: " + "x" * 90 for n in range(120))
WHATSAPP_TEXT = " ".join(f"Sentence {n:03} of a long update." for n in range(120))


class ProcessDied(BaseException):
    """Stands for the process being killed: nothing of ours catches it."""


class DiesAfterFirstPart(Sender):
    """A sender whose process is killed just after the first part is delivered and noted."""

    async def _save_progress(self, row_id: int, done: int, provider_id: str | None) -> None:
        await super()._save_progress(row_id, done, provider_id)
        raise ProcessDied


async def _enqueue(sessions: Sessions, channel: str, address: str, text: str, now: Any) -> int:
    async with transaction(sessions) as session:
        row = await outbox.enqueue(
            session, channel=channel, address=address, payload={"text": text}, now=now
        )
        await session.flush()
    assert row.id is not None
    return row.id


async def _row(h: Harness, row_id: int) -> Outbox:
    async with h.runtime.sessions() as session:
        row = await session.get(Outbox, row_id)
    assert row is not None
    return row


async def _crash_mid_message(h: Harness, clock: Clock, channel: str, address: str, text: str):
    row_id = await _enqueue(h.runtime.sessions, channel, address, text, clock.now)
    dying = DiesAfterFirstPart(h.runtime.sessions, h.runtime.channels, clock=clock)
    with pytest.raises(ProcessDied):
        await dying.drain_once()
    row = await _row(h, row_id)
    assert (row.status, row.parts_sent) == ("sending", 1)
    return row_id


def _telegram(tg: FakeTelegram, tmp_path: Path) -> dict[str, Any]:
    return {
        "telegram_token": tg.token,
        "telegram_api_url": tg.api_url,
        "attachments_dir": str(tmp_path / "attachments"),
    }


def _whatsapp(tw: FakeTwilio, tmp_path: Path) -> dict[str, Any]:
    return {
        "twilio_account_sid": tw.account_sid,
        "twilio_auth_token": tw.auth_token,
        "twilio_api_url": tw.base_url,
        "whatsapp_from": WHATSAPP_SANDBOX_NUMBER,
        "public_url": "https://shopwatch.example",
        "attachments_dir": str(tmp_path / "attachments"),
    }


async def test_telegram_after_a_restart_mid_message_sends_only_the_rest(
    database_url, clock, tmp_path
):
    async with FakeTelegram() as tg:
        async with harness(database_url, clock, **_telegram(tg, tmp_path)) as h:
            row_id = await _crash_mid_message(h, clock, "telegram", "42", TELEGRAM_TEXT)
        assert len(tg.sent_messages(42)) == 1
        async with harness(database_url, clock, demo=False, **_telegram(tg, tmp_path)) as again:
            clock.advance(seconds=LEASE.total_seconds() + 1)  # the dead process's lease ends
            await again.runtime.drain()
            row = await _row(again, row_id)
        sent = tg.sent_messages(42)
        assert [m["text"][:8] for m in sent] == ["Line 000", "Line 040", "Line 080"]
        assert "\n".join(m["text"] for m in sent) == TELEGRAM_TEXT
        assert row.status == "sent" and row.parts_sent == 0
        assert row.provider_id == f"42:{sent[-1]['message_id']}"


async def test_whatsapp_after_a_restart_mid_message_sends_only_the_rest(
    database_url, clock, tmp_path
):
    bodies = render({"text": WHATSAPP_TEXT})
    assert len(bodies) == 3
    async with FakeTwilio() as tw:
        async with harness(database_url, clock, **_whatsapp(tw, tmp_path)) as h:
            row_id = await _crash_mid_message(h, clock, "whatsapp", NUMBER, WHATSAPP_TEXT)
        assert [m.body for m in tw.messages(to=NUMBER)] == bodies[:1]
        async with harness(database_url, clock, demo=False, **_whatsapp(tw, tmp_path)) as again:
            clock.advance(seconds=LEASE.total_seconds() + 1)
            await again.runtime.drain()
            row = await _row(again, row_id)
        sent = tw.messages(to=NUMBER)
        assert [m.body for m in sent] == bodies
        assert row.status == "sent" and row.provider_id == sent[-1].sid


async def test_a_failed_part_is_retried_and_the_parts_before_it_are_not(
    sqlite_url, clock, tmp_path
):
    async with FakeTelegram() as tg, harness(sqlite_url, clock, **_telegram(tg, tmp_path)) as h:
        row_id = await _enqueue(h.runtime.sessions, "telegram", "42", TELEGRAM_TEXT, clock.now)
        tg.delay_next("sendMessage", 0)  # the first part goes through
        tg.fail_next("sendMessage", 502)  # the second does not
        await h.runtime.drain()
        row = await _row(h, row_id)
        assert (row.status, row.parts_sent, row.attempts) == ("pending", 1, 1)
        clock.advance(seconds=5)
        await h.runtime.drain()
        assert [m["text"][:8] for m in tg.sent_messages(42)] == [
            "Line 000",
            "Line 040",
            "Line 080",
        ]
        assert (await _row(h, row_id)).parts_sent == 0
