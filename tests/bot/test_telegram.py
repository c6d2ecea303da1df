"""The Telegram channel over real HTTP to the fake Bot API: security, delivery, buttons, groups."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import create_app
from bot.channels.base import FetchError
from config.settings import SettingsError
from fakes import telegram_updates as tu
from fakes.telegram_api import WEBHOOK_ANSWER
from flows import texts
from storage.models import Conversation, Identity, InboundSeen, Member, Outbox
from tests.bot.telegram_support import (
    JPEG,
    PUBLIC_URL,
    SECRET,
    Chat,
    Tg,
    count,
    telegram_app,
    text_of,
    until,
)
from tests.support import harness, settings_for


async def test_webhook_mode_registers_the_webhook_and_menus_at_start(sqlite_url, clock, tmp_path):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        webhook = t.tg.webhook
        assert webhook["url"] == f"{PUBLIC_URL}/telegram/webhook"
        assert webhook["secret_token"] == SECRET
        assert webhook["allowed_updates"] == [
            "message",
            "edited_message",
            "callback_query",
            "my_chat_member",
        ]
        [default] = [c.params for c in t.tg.calls("setMyCommands")]
        assert [c["command"] for c in default["commands"]] == [
            "report",
            "found",
            "mycases",
            "tips",
            "learn",
            "alerts",
            "lost",
            "items",
            "help",
        ]
        assert not t.tg.calls("getUpdates")


async def test_a_deep_link_registers_and_greets_with_what_they_can_do(
    database_url, clock, tmp_path
):
    async with telegram_app(database_url, clock, tmp_path) as t:
        code = await t.invite("staff")
        alice = t.chat()
        [welcome] = await alice.join(code)
        assert "Welcome to ShopWatch, Alice Marsh" in welcome["text"]
        assert "Coventry Street Gifts" in welcome["text"] and "report" in welcome["text"]
        async with t.h.runtime.sessions() as session:
            rows = (await session.execute(select(Member, Identity).join(Identity))).all()
        member, identity = rows[-1]
        assert member.display_name == "Alice Marsh" and member.role == "staff"
        assert identity.channel == "telegram" and identity.address == str(tu.ALICE["id"])
        # Staff keep the default menu; nothing is set for their chat alone.
        assert len(t.tg.calls("setMyCommands")) == 1


async def test_officers_and_managers_get_their_own_chat_menu(sqlite_url, clock, tmp_path):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        officer = t.chat(tu.make_user(7001, "Priya", last_name="Shah"))
        manager = t.chat(tu.make_user(7002, "Tom"))
        await officer.join(await t.invite("officer"))
        await manager.join(await t.invite("manager"))
        menus = {
            c.params["scope"]["chat_id"]: [x["command"] for x in c.params["commands"]]
            for c in t.tg.calls("setMyCommands")
            if c.params.get("scope", {}).get("type") == "chat"
        }
        informed = ["alert", "event", "poll", "export", "tips", "learn", "alerts", "help"]
        assert menus[7001] == [
            "cases",
            "case",
            "ack",
            "update",
            "crn",
            "close",
            "reopen",
            "link",
            "unlink",
            "pack",
            *informed,
        ]
        assert menus[7002] == ["digest", "members", "cases", "case", *informed]


async def test_a_wrong_or_missing_secret_is_refused_and_nothing_is_stored(
    database_url, clock, tmp_path
):
    async with telegram_app(database_url, clock, tmp_path) as t:
        code = await t.invite("staff")
        update = tu.command("/start", code)
        for secret in ("wrong", None, SECRET + "x", SECRET[:-1]):
            response = await t.post(update, secret=secret)
            assert response.status_code == 403
        assert await count(t, InboundSeen) == 0
        assert await count(t, Conversation) == 0
        assert await count(t, Member) == 3  # only the demo's console members
        assert await count(t, Outbox) == 0
        # The same update with the right secret works.
        assert (await t.post(update)).status_code == 200
        assert await count(t, Member) == 4


async def test_a_repeated_update_is_acknowledged_and_processed_once(sqlite_url, clock, tmp_path):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        alice = t.chat()
        await alice.join(await t.invite())
        update = tu.command("/report", user=alice.user)
        first = await alice.send(update)
        assert (await t.post(update)).status_code == 200
        assert await alice.replies() == []
        assert "What do you want to report" in text_of(first)
        assert await count(t, Outbox) == 2


async def test_updates_we_do_not_use_are_ignored_without_error(sqlite_url, clock, tmp_path):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        alice = t.chat()
        await alice.join(await t.invite())
        before = await count(t, Outbox)
        for update in (
            tu.sticker(),  # an edit is answered now: tests/bot/test_reachability.py
            tu.channel_post("hello channel"),
            tu.message_reaction(1001),
            tu.my_chat_member("kicked"),
            {"update_id": 99, "poll": {"id": "1", "question": "?", "options": []}},
        ):
            assert (await t.post(update)).status_code == 200
        assert await count(t, Outbox) == before
        assert (await t.post({"no": "update id"})).status_code == 400
        # Plain words outside a report get a short menu of what the person can do.
        [menu] = await alice.say("hello there")
        assert "didn't understand" in menu["text"] and "report" in menu["text"]
        [contact] = await alice.send(tu.contact(user=alice.user))
        assert "didn't understand" in contact["text"]
        async with t.h.runtime.sessions() as session:
            stored = (await session.execute(select(Outbox.payload))).scalars().all()
        assert not any("447700900123" in str(p) for p in stored)


async def test_group_chats_are_pointed_to_a_private_chat_once(database_url, clock, tmp_path):
    async with telegram_app(database_url, clock, tmp_path) as t:
        group = tu.group_chat()
        for text in ("/report@shopwatch_test_bot", "someone is stealing", "/start ABCDEF123"):
            update = tu.group_message(text, chat=group)
            assert (await t.post(update)).status_code == 200
        await t.h.runtime.drain()
        [answer] = t.tg.sent_messages(group["id"])
        assert "private chat" in answer["text"]
        [[button]] = answer["reply_markup"]["inline_keyboard"]
        assert button["url"] == "https://t.me/shopwatch_test_bot"
        assert await count(t, Conversation) == 0 and await count(t, Member) == 3
        async with t.h.runtime.sessions() as session:
            seen = (await session.execute(select(InboundSeen.external_id))).scalars().all()
        assert seen == [f"group:{group['id']}"]


# --- Buttons ----------------------------------------------------------------------------------


async def test_a_pressed_button_is_answered_and_the_question_shows_the_answer(
    sqlite_url, clock, tmp_path
):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        alice = t.chat()
        await alice.join(await t.invite())
        [pick] = await alice.say("/report")
        keys = [b["callback_data"] for row in pick["reply_markup"]["inline_keyboard"] for b in row]
        assert keys == [
            "q|kind|shoplifting",
            "q|kind|begging_asb",
            "q|kind|moped_snatch",
            "q|kind|theft",
        ]
        replies = await alice.press("Shoplifting")
        assert "Let's report shoplifting" in text_of(replies)
        # Answered in the webhook's own answer, not by a request of its own.
        [answer] = t.tg.calls("answerCallbackQuery")
        assert answer.headers.get(WEBHOOK_ANSWER) and "text" not in answer.params
        await t.tg.wait_for("editMessageText")
        edited = t.tg.message(alice.id, pick["message_id"])
        assert "reply_markup" not in edited
        assert edited["text"].endswith("Your answer: Shoplifting")
        assert all(len(k.encode()) <= 64 for k in keys)


async def test_a_stale_button_is_answered_politely_and_changes_nothing(
    sqlite_url, clock, tmp_path
):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        alice = t.chat()
        await alice.join(await t.invite())
        [pick] = await alice.say("/report")
        await alice.press("Shoplifting")
        safety = alice.keyboard_message()
        await alice.say("/cancel")
        # The old safety question's "Yes", pressed after the report was cancelled.
        button = safety["reply_markup"]["inline_keyboard"][0][0]
        replies = await alice.send(
            tu.callback_query(button["callback_data"], message=safety, user=alice.user)
        )
        assert text_of(replies) == texts.QUESTION_CLOSED
        await until(
            lambda: len(t.tg.calls("answerCallbackQuery")) == 2, what="both presses answered"
        )
        await until(
            lambda: "reply_markup" not in t.tg.message(alice.id, safety["message_id"]),
            what="old buttons removed",
        )
        assert "Your answer" not in t.tg.message(alice.id, safety["message_id"])["text"]
        # Inside a report, a button from an earlier question gets the question asked again.
        await alice.say("/report")
        await alice.press("Shoplifting")
        first = alice.keyboard_message()
        await alice.press("No")
        again = await alice.send(
            tu.callback_query(
                first["reply_markup"]["inline_keyboard"][0][0]["callback_data"],
                message=first,
                user=alice.user,
            )
        )
        assert texts.STALE_BUTTON in text_of(again) and "When did it happen" in text_of(again)
        # A button that is not ours at all is answered with a note, and nothing is dispatched.
        before = await count(t, InboundSeen)
        unknown = tu.callback_query("something-else", user=alice.user)
        response = await t.post(unknown)
        assert response.json() == {
            "method": "answerCallbackQuery",
            "callback_query_id": unknown["callback_query"]["id"],
            "text": texts.QUESTION_CLOSED,
        }
        await until(
            lambda: any(
                c.params.get("text") == texts.QUESTION_CLOSED
                for c in t.tg.calls("answerCallbackQuery")
            ),
            what="a note on the unknown button",
        )
        assert await count(t, InboundSeen) == before
        # Anything but a press is acknowledged with nothing in the answer.
        assert (await t.post(tu.text_message("hello", user=alice.user))).content == b""
        assert pick


async def test_officer_alert_buttons_run_the_commands(sqlite_url, clock, tmp_path):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        officer = t.chat(tu.make_user(7001, "Priya", last_name="Shah"))
        await officer.join(await t.invite("officer"))
        await t.h.say("demo-staff", "report theft")
        for line in ["no", "pickpocket", "just now", "1", "Wallet taken from a bag", "wallet"]:
            await t.h.say("demo-staff", line)
        for line in ["skip", "unknown", "skip", "skip", "no", "no", "skip", "send"]:
            await t.h.say("demo-staff", line)
        [alert] = await officer.replies()
        assert alert["text"].startswith("New theft report WE-0001")
        assert alert["entities"][0]["type"] == "bold"
        datas = [
            b["callback_data"] for row in alert["reply_markup"]["inline_keyboard"] for b in row
        ]
        assert datas == ["c|ack WE-0001", "c|case WE-0001"]
        details = await officer.press("Details")
        assert "WE-0001" in text_of(details) and "Timeline" in text_of(details)
        await until(
            lambda: (
                [
                    b["text"]
                    for row in t.tg.message(officer.id, alert["message_id"])["reply_markup"][
                        "inline_keyboard"
                    ]
                    for b in row
                ]
                == ["Acknowledge"]
            ),
            what="Details button gone, Acknowledge kept",
        )
        acked = await officer.press("Acknowledge")
        assert "WE-0001 acknowledged" in text_of(acked)
        # Replying to the alert in Telegram is an update on that case.
        reply = tu.text_message(
            "On our way",
            user=officer.user,
            reply_to_message=alert,
            chat=tu.private_chat(officer.user),
        )
        assert "Update on WE-0001 sent" in text_of(await officer.send(reply))
        pushed = await t.h.inbox("demo-staff")
        assert "On our way" in pushed[-1]["text"]


# --- Delivery ---------------------------------------------------------------------------------


async def test_429_is_honoured_and_the_message_arrives_after_the_wait(
    database_url, clock, tmp_path
):
    async with telegram_app(database_url, clock, tmp_path) as t:
        alice = t.chat()
        t.tg.fail_next("sendMessage", 429, retry_after=7, chat_id=alice.id)
        assert await alice.join(await t.invite()) == []
        async with t.h.runtime.sessions() as session:
            row = (await session.execute(select(Outbox))).scalars().one()
        assert row.status == "pending" and row.attempts == 1
        assert row.next_attempt_at == clock.now + timedelta(seconds=7)
        clock.advance(seconds=5)
        assert await alice.replies() == []
        clock.advance(seconds=3)
        [welcome] = await alice.replies()
        assert "Welcome" in welcome["text"]


async def test_server_errors_are_retried_with_backoff_and_nothing_is_lost(
    sqlite_url, clock, tmp_path
):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        alice = t.chat()
        await alice.join(await t.invite())
        t.tg.fail_next("sendMessage", 500, count=2, chat_id=alice.id)
        assert await alice.say("/mycases") == []
        clock.advance(seconds=1)
        assert await alice.replies() == []  # second failure: now waits 2 s
        clock.advance(seconds=2)
        [answer] = await alice.replies()
        assert "no reports yet" in answer["text"]
        async with t.h.runtime.sessions() as session:
            rows = (await session.execute(select(Outbox).order_by(Outbox.id))).scalars().all()
        assert [r.status for r in rows] == ["sent", "sent"] and rows[-1].attempts == 3


async def test_a_blocked_user_is_marked_unreachable_and_not_retried(sqlite_url, clock, tmp_path):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        alice = t.chat()
        await alice.join(await t.invite())
        t.tg.blocked_chats.add(alice.id)
        await alice.say("/help")
        clock.advance(hours=1)
        await t.h.runtime.drain()
        sends = [c for c in t.tg.calls("sendMessage") if c.params["chat_id"] == alice.id]
        assert [c.status for c in sends] == [200, 403]
        async with t.h.runtime.sessions() as session:
            identity = (
                await session.execute(select(Identity).where(Identity.channel == "telegram"))
            ).scalar_one()
            last = (await session.execute(select(Outbox).order_by(Outbox.id.desc()))).scalar()
        assert identity.unreachable and last.status == "failed"


async def test_long_messages_are_split_at_line_ends_with_buttons_on_the_last(
    sqlite_url, clock, tmp_path
):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        lines = [f"Line {n}: " + " ".join(["words"] * 20) for n in range(100)]
        payload = {
            "text": "*Heading*\n" + "\n".join(lines),
            "options": [{"key": "ack WE-0001", "label": "Acknowledge"}],
            "question": None,
        }
        delivery = await t.adapter.send("5123456789", payload, 1)
        assert delivery.ok
        sent = t.tg.sent_messages(5123456789)
        assert len(sent) == 4
        assert all(len(m["text"]) <= 4096 for m in sent)
        assert all(m["text"].split("\n")[-1].startswith("Line") for m in sent)
        assert [bool(m.get("reply_markup")) for m in sent] == [False, False, False, True]
        assert delivery.provider_id == f"5123456789:{sent[-1]['message_id']}"
        assert sent[0]["entities"][0] == {"offset": 0, "length": 7, "type": "bold"}
        joined = "\n".join(m["text"] for m in sent)
        assert joined == "Heading\n" + "\n".join(lines)


async def test_a_split_message_resumes_after_a_failure_without_repeats(
    sqlite_url, clock, tmp_path
):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        payload = {"text": "\n".join("x" * 100 for _ in range(60)), "options": []}
        t.tg.fail_next("sendMessage", 429, retry_after=3, chat_id=42)
        first = await t.adapter.send("42", payload, 7)
        assert first.retry_after == 3 and not first.ok
        t.tg.clear()
        t.tg.fail_next("sendMessage", 502, chat_id=42)
        second = await t.adapter.send("42", payload, 7)
        assert not second.ok and not second.permanent
        third = await t.adapter.send("42", payload, 7)
        assert third.ok
        assert len(t.tg.sent_messages(42)) == 2


async def test_case_details_send_the_photos_and_long_captions_follow(sqlite_url, clock, tmp_path):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        photo = t.tg.add_file(JPEG, file_id="AgACAgQAAxkBAAIBc2Zk" + "x" * 40)["file_id"]
        short = {"text": "*WE-0001* theft", "photos": [photo, "https://api.twilio.com/m.jpg"]}
        assert (await t.adapter.send("42", short, 1)).ok
        [sent] = t.tg.sent_messages(42)
        assert sent["caption"] == "WE-0001 theft" and sent["photo"][-1]["file_id"] == photo
        long = {"text": "*WE-0001* theft\n" + "Details. " * 200, "photos": [photo]}
        assert (await t.adapter.send("42", long, 2)).ok
        first, second = t.tg.sent_messages(42)[1:]
        assert "photo" in first and "caption" not in first
        assert second["text"].startswith("WE-0001 theft")


async def test_html_is_escaped_and_bold_rendered(sqlite_url, clock, tmp_path):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        payload = {"text": "Ref *WE-0001*: <b>not bold</b> & 5 > 3", "options": []}
        assert (await t.adapter.send("42", payload, 1)).ok
        [call] = t.tg.calls("sendMessage")
        assert call.params["parse_mode"] == "HTML"
        assert (
            call.params["text"] == "Ref <b>WE-0001</b>: &lt;b&gt;not bold&lt;/b&gt; &amp; 5 &gt; 3"
        )
        [sent] = t.tg.sent_messages(42)
        assert sent["text"] == "Ref WE-0001: <b>not bold</b> & 5 > 3"


async def _asked_where(t: Tg) -> tuple[Chat, dict[str, Any]]:
    """A member who has started a shoplifting report, and the location question they got."""
    alice = t.chat()
    await alice.join(await t.invite())
    await alice.say("/report")
    await alice.press("Shoplifting")
    await alice.press("No")
    [question] = await alice.say("just now")
    return alice, question


def _last_sent(t: Tg, chat: Chat) -> dict[str, Any]:
    return [c for c in t.tg.calls("sendMessage") if c.params["chat_id"] == chat.id][-1].params


async def test_the_location_keyboard_is_offered_and_removed_next_time(sqlite_url, clock, tmp_path):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        alice, question = await _asked_where(t)
        # One message: the question, its options and the share button on one keyboard.
        assert question["text"] == texts.ASK_WHERE and "reply_markup" not in question
        assert _last_sent(t, alice)["reply_markup"] == {
            "keyboard": [
                [{"text": "At Coventry Street Gifts"}, {"text": "Somewhere else"}],
                [{"text": "Share my location", "request_location": True}],
            ],
            "resize_keyboard": True,
            "one_time_keyboard": True,
        }
        replies = await alice.share_location(51.5103, -0.1303)
        assert "What happened" in text_of(replies)
        assert _last_sent(t, alice)["reply_markup"] == {"remove_keyboard": True}
        # The following message has no keyboard to remove any more.
        await alice.say("Took perfume and ran")
        assert "reply_markup" not in _last_sent(t, alice)


async def test_whichever_process_sends_next_takes_the_location_keyboard_away(
    sqlite_url, clock, tmp_path
):
    """Two processes on one database: the one that did not send the share-location keyboard
    takes it away, and the one that did has none left to take away after that."""
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        alice, _ = await _asked_where(t)  # the location question, sent by this process
        settings = {
            "telegram_token": t.tg.token,
            "telegram_api_url": t.tg.api_url,
            "attachments_dir": str(tmp_path / "attachments"),
            "public_url": PUBLIC_URL,
            "telegram_secret": SECRET,
        }
        async with harness(sqlite_url, clock, demo=False, **settings) as second:
            other = Tg(second, t.tg)
            other.adapter.chat_per_second = 1000.0
            replies = await other.chat().share_location(51.5103, -0.1303)
            assert "What happened" in text_of(replies)
            assert _last_sent(t, alice)["reply_markup"] == {"remove_keyboard": True}
        await alice.say("Took perfume and ran")
        assert "reply_markup" not in _last_sent(t, alice)


async def test_photos_are_fetched_into_the_attachment_store(sqlite_url, clock, tmp_path):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        file_id = t.tg.add_file(JPEG, file_path="photos/file_9.jpg")["file_id"]
        data, content_type = await t.adapter.fetch(file_id)
        assert data == JPEG and content_type == "image/jpeg"
        download = t.tg.calls("file")[-1]
        assert download.params["file_path"] == "photos/file_9.jpg"
        with pytest.raises(FetchError) as refused:
            await t.adapter.fetch("AgACAgQAAxkBAAIunknown" + "y" * 30)
        assert refused.value.permanent
        t.tg.fail_next("getFile", 502)
        with pytest.raises(FetchError) as later:
            await t.adapter.fetch(file_id)
        assert not later.value.permanent


async def test_a_429_on_one_chat_does_not_stop_others(sqlite_url, clock, tmp_path):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        alice, bob = t.chat(), t.chat(tu.BOB)
        await alice.join(await t.invite())
        await bob.join(await t.invite())
        t.tg.fail_next("sendMessage", 429, retry_after=30, chat_id=alice.id)
        await t.deliver(tu.command("/help", user=alice.user))
        await t.deliver(tu.command("/help", user=bob.user))
        assert await alice.replies() == []
        assert "What you can do" in text_of(await bob.replies())


async def test_sending_is_paced_per_chat_and_overall(sqlite_url, clock, tmp_path):
    async with telegram_app(sqlite_url, clock, tmp_path, paced=True) as t:
        payload = {"text": "hello", "options": []}
        started = time.monotonic()
        one_chat = asyncio.gather(*(t.adapter.send("42", payload, n) for n in range(5)))
        other = await t.adapter.send("43", payload, 99)
        other_at = time.monotonic() - started
        assert all(d.ok for d in await one_chat) and other.ok
        # A burst of three, then about one a second in the same chat; other chats go on.
        assert time.monotonic() - started >= 1.9
        assert other_at < 1.0
        started = time.monotonic()
        many = await asyncio.gather(
            *(t.adapter.send(str(1000 + n), payload, n) for n in range(60))
        )
        assert all(d.ok for d in many)
        assert time.monotonic() - started >= 0.9  # 30 at once, then 30 a second


async def test_a_timeout_is_retried_later_not_given_up(sqlite_url, clock, tmp_path):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        t.tg.delay_next("sendMessage", 6.0)  # longer than the client's 5 s read timeout
        first = await t.adapter.send("42", {"text": "hello"}, 1)
        assert not first.ok and not first.permanent and not first.unreachable
        again = await t.adapter.send("42", {"text": "hello"}, 1)
        assert again.ok and again.provider_id


async def test_webhook_mode_without_a_usable_secret_stops_start_up(sqlite_url, clock):
    for secret in (None, "not allowed!"):
        with pytest.raises(SettingsError, match="SHOPWATCH_TELEGRAM_SECRET"):
            create_app(
                settings_for(
                    sqlite_url,
                    telegram_token="1:abc",
                    public_url=PUBLIC_URL,
                    telegram_secret=secret,
                ),
                clock=clock,
            )
