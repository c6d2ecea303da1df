"""Whole reports in Telegram, from the deep link to a case reference, by webhook and by polling."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.export import case_records
from fakes import telegram_updates as tu
from fakes.telegram_api import WEBHOOK_ANSWER
from storage.models import StoredFile
from tests.bot.telegram_support import JPEG, Chat, Tg, telegram_app, text_of

# Each step: ("say", text) types, ("press", label) taps a button, ("where", lat, lon) shares a
# location, ("photo",) sends a photo.
Step = tuple[Any, ...]

FLOWS: dict[str, tuple[list[Step], dict[str, Any]]] = {
    "shoplifting": (
        [
            ("say", "/report"),
            ("press", "Shoplifting"),
            ("press", "No"),
            ("say", "20 minutes ago"),
            ("press", "Somewhere else"),
            ("where", 51.5103, -0.1323),
            ("say", "Took three bottles of perfume and ran off"),
            ("say", "3 bottles of perfume"),
            ("say", "£120"),
            ("press", "1"),
            ("say", "tall, grey hoodie, about 30"),
            ("say", "towards leicester sq"),
            ("press", "Yes"),
            ("press", "No"),
            ("photo",),
            ("press", "Done"),
        ],
        {
            "street": "Coventry Street",
            "occurred_at": "2026-11-23T14:10:00+00:00",
            "answers": {"items": "3 bottles of perfume", "value": 120, "offenders": "1"},
        },
    ),
    "begging_asb": (
        [
            ("say", "/report"),
            ("press", "Begging or anti-social behaviour"),
            ("say", "no"),
            ("press", "Just now"),
            ("where", 51.5103, -0.1303),
            ("press", "Aggressive begging"),
            ("say", "Asking customers for money at the door"),
            ("press", "Not sure"),
            ("press", "Yes"),
            ("say", "one"),
            ("press", "Skip"),
            ("say", "skip"),
            ("press", "No"),
            ("press", "Yes"),
            ("say", "1234567/25"),
            ("photo",),
            ("press", "Done"),
        ],
        {
            "street": "Leicester Square",
            "answers": {"behaviour": "begging", "vulnerable": "not_sure", "crn": "1234567/25"},
        },
    ),
    "moped_snatch": (
        [
            ("say", "/report moped"),
            ("press", "Yes"),
            ("say", "5 minutes ago"),
            ("press", "Somewhere else"),
            ("where", 51.5100, -0.1345),
            ("say", "Phone snatched from a customer's hand"),
            ("press", "A customer"),
            ("press", "Moped"),
            ("say", "black"),
            ("say", "LD19"),
            ("press", "2"),
            ("say", "two riders in black helmets"),
            ("say", "towards Haymarket"),
            ("press", "Not sure"),
            ("say", "no"),
            ("photo",),
            ("press", "Done"),
        ],
        {
            "street": "Piccadilly Circus",
            "answers": {"target": "customer", "vehicle_type": "moped", "vehicle_colour": "black"},
        },
    ),
    "theft": (
        [
            ("say", "/report"),
            ("press", "Other theft (pickpocket, smash-and-grab, bag or phone)"),
            ("say", "no"),
            ("press", "Pickpocketing"),
            ("say", "14:00"),
            ("where", 51.5088, -0.1319),
            ("say", "Wallet taken from a customer's bag"),
            ("say", "wallet"),
            ("press", "Don't know"),
            ("say", "unknown"),
            ("say", "skip"),
            ("say", "skip"),
            ("press", "Yes"),
            ("press", "No"),
            ("photo",),
            ("press", "Done"),
        ],
        {
            "street": "Haymarket",
            "occurred_at": "2026-11-23T14:00:00+00:00",
            "answers": {"theft_type": "pickpocket", "items": "wallet", "cctv": "yes"},
        },
    ),
    "found_property": (
        [
            ("say", "/found"),
            ("press", "Phone"),
            ("say", "Black iPhone 13 in a red case"),
            ("press", "Somewhere else"),
            ("where", 51.5080, -0.1368),
            ("press", "Just now"),
            ("press", "At the shop"),
            ("photo",),
            ("press", "Done"),
        ],
        {
            "street": "Jermyn Street",
            "answers": {"category": "phone", "held": "shop"},
        },
    ),
}


async def run_steps(chat: Chat, steps: list[Step]) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    for step in steps:
        if step[0] == "say":
            replies = await chat.say(step[1])
        elif step[0] == "press":
            replies = await chat.press(step[1])
        elif step[0] == "where":
            replies = await chat.share_location(step[1], step[2])
        else:
            replies = await chat.send_photo()
        # One message per answer: an intro, a hint or a warning comes with its question.
        assert len(replies) == 1, f"{len(replies)} messages answered {step}"
        seen += replies
    return seen


async def file_report(t: Tg, kind: str) -> tuple[Chat, dict[str, Any]]:
    """Join by deep link, walk the flow, send it; returns the chat and the exported case."""
    steps, expected = FLOWS[kind]
    alice = t.chat()
    [welcome] = await alice.join(await t.invite())
    assert "Welcome to ShopWatch, Alice Marsh" in welcome["text"]
    seen = await run_steps(alice, steps)
    summary = seen[-1]
    assert "Please check your report" in summary["text"]
    done = await alice.press("Send")
    assert "Your reference is WE-0001" in text_of(done)
    async with t.h.runtime.sessions() as session:
        [record] = await case_records(session, bid_id=None, since=None)
    assert record["ref"] == "WE-0001" and record["kind"] == kind
    assert record["channel"] == "telegram" and record["reporter"] == "Alice Marsh"
    assert record["shop"] == "Coventry Street Gifts" and record["status"] == "new"
    assert record["street"] == expected["street"]
    assert record["latitude"] is not None and record["longitude"] is not None
    if "occurred_at" in expected:
        assert record["occurred_at"] == expected["occurred_at"]
    for key, value in expected["answers"].items():
        assert record["answers"][key] == value, key
    assert record["attachments"] == [{"content_type": "image/jpeg", "source": alice.last_photo}]
    return alice, record


async def assert_photo_stored(t: Tg, tmp_path: Path, file_id: str) -> None:
    # Sending it to a Telegram officer may have fetched it already (to prove the file_id is
    # this bot's before reusing it); otherwise the fetcher's pass does.
    assert await t.h.runtime.fetcher.fetch_due() in (0, 1)
    async with t.h.runtime.sessions() as session:
        stored = (
            await session.execute(select(StoredFile).where(StoredFile.source == file_id))
        ).scalar_one()
    assert stored.path is not None and stored.size == len(JPEG)
    path = Path(stored.path)
    assert path.is_relative_to(tmp_path / "attachments")
    assert await asyncio.to_thread(path.read_bytes) == JPEG


@pytest.mark.parametrize("kind", sorted(FLOWS))
async def test_a_whole_report_through_the_webhook(kind, database_url, clock, tmp_path):
    async with telegram_app(database_url, clock, tmp_path) as t:
        alice, record = await file_report(t, kind)
        assert alice.last_photo is not None
        await assert_photo_stored(t, tmp_path, alice.last_photo)
        # Every pressed button was answered, and its question now shows the answer.
        await t.tg.wait_for(lambda c: len(t.tg.calls("answerCallbackQuery")) >= alice.taps)
        summary = next(m for m in alice.history if "Please check your report" in m["text"])
        await t.tg.wait_for(
            lambda c: (
                "Your answer: Send"
                in str((t.tg.message(alice.id, summary["message_id"]) or {}).get("text"))
            )
        )
        # Nothing but, for a StreetLink referral, the record of what became of it.
        expected = ["referral_wait"] if kind == "begging_asb" else []
        assert [u["action"] for u in record["updates"]] == expected


async def test_a_whole_report_by_long_polling_reaches_a_telegram_officer(
    database_url, clock, tmp_path
):
    async with telegram_app(database_url, clock, tmp_path, polling=True) as t:
        assert t.tg.webhook == {} and t.tg.calls("deleteWebhook")
        officer = t.chat(tu.make_user(7001, "Priya", last_name="Shah"))
        await officer.join(await t.invite("officer"))
        alice, _ = await file_report(t, "found_property")
        assert alice.last_photo is not None
        await assert_photo_stored(t, tmp_path, alice.last_photo)
        # With no webhook to answer, each press is answered by a request of its own.
        await t.tg.wait_for(lambda c: len(t.tg.calls("answerCallbackQuery")) >= alice.taps)
        assert not any(c.headers.get(WEBHOOK_ANSWER) for c in t.tg.calls("answerCallbackQuery"))
        # The photo goes with the alert, by the file_id this bot was sent.
        [alert] = await officer.replies()
        assert "WE-0001" in alert["caption"] and "found property" in alert["caption"]
        assert alert["photo"][-1]["file_id"] == alice.last_photo and not t.tg.uploads()
        # The officer answers the reporter by replying to the alert.
        reply = tu.text_message(
            "Owner traced, collecting at 5pm",
            user=officer.user,
            reply_to_message=alert,
            chat=tu.private_chat(officer.user),
        )
        assert "Update on WE-0001 sent" in text_of(await officer.send(reply))
        [update] = await alice.replies()
        assert "Owner traced" in update["text"]
        # ... and Alice answers by replying to that update.
        answer = tu.text_message(
            "Thank you", user=alice.user, reply_to_message=update, chat=tu.private_chat()
        )
        assert "sent to the police team" in text_of(await alice.send(answer))
        assert "Thank you" in text_of(await officer.replies())
    assert t.adapter._poller is None
