"""The scale-out benchmark's lean Bot API: real PTB bots and ShopWatch itself work against it."""

from __future__ import annotations

import random
from typing import Any

import httpx

from bench._bots import SECRET, users_for
from bench._common import serving
from bench._lean_telegram import LeanTelegram
from bench._telegram_people import FINAL, IN_ANSWER, walk
from bench.peer.conversation import Desk
from bench.peer.web import PeerSettings, build
from bench.telegram_webhook import register
from bot.app import create_app
from fakes import telegram_updates as tu
from tests.support import settings_for


async def _poster(client: httpx.AsyncClient, tg: LeanTelegram) -> Any:
    async def post(update: dict[str, Any]) -> float:
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        response = await client.post("/telegram/webhook", json=update, headers=headers)
        response.raise_for_status()
        tg.carry_out(response.headers.get("content-type", ""), response.content)
        return 0.0

    return post


async def test_a_ptb_bot_walks_whole_reports_through_the_lean_bot_api() -> None:
    users = users_for(9_950_000, 3)
    async with LeanTelegram() as tg:
        settings = PeerSettings(tg.token, SECRET, tg.api_url, "https://peer.example", 1000.0)
        api, _ = build(settings, Desk({int(u["id"]): "Coventry Street Gifts" for u in users}))
        async with serving(api) as base, httpx.AsyncClient(base_url=base) as client:
            post = await _poster(client, tg)
            walks = [
                await walk(post, tg, u, random.Random(n), lambda *_: 0.0)
                for n, u in enumerate(users)
            ]
    assert [(w.finished, w.stuck) for w in walks] == [(True, None)] * len(users)
    assert sum(FINAL in s.text for chat in tg.inbox.values() for s in chat) == len(users)
    # Presses answered in the webhook's answer; the pressed question edited through the API.
    assert tg.counts[f"answerCallbackQuery{IN_ANSWER}"] == tg.counts["editMessageText"] > 0
    assert sum(len(t) for t in tg.texts.values()) == tg.counts["sendMessage"]


async def test_shopwatch_asks_and_takes_a_pressed_answer_through_the_lean_bot_api(
    sqlite_url: str,
) -> None:
    user = users_for(9_960_000, 1)[0]
    await register(sqlite_url, [user])
    async with LeanTelegram() as tg:
        settings = settings_for(
            sqlite_url,
            telegram_token=tg.token,
            telegram_secret=SECRET,
            telegram_api_url=tg.api_url,
            public_url="https://bench.example",
            telegram_rate=1000.0,
            console="off",
        )
        app = create_app(settings, run_scheduler=False)
        async with serving(app) as base, httpx.AsyncClient(base_url=base) as client:
            post = await _poster(client, tg)
            chat = int(user["id"])
            await post(tu.command("/report", user=user))
            first = await tg.next_message(chat, 0, deadline=float("inf"))
            assert first is not None and "What do you want to report?" in first.text
            await post(tu.callback_query(first.buttons["Shoplifting"], message=first.message))
            second = await tg.next_message(chat, 1, deadline=float("inf"))
    assert second is not None and "Is anyone hurt or in danger" in second.text
    assert tg.counts[f"answerCallbackQuery{IN_ANSWER}"] == 1
    assert tg.counts["editMessageText"] == 1  # the pressed question shows the answer
    assert tg.texts[str(chat)][0].startswith("What do you want to report?")


async def test_the_lean_bot_api_refuses_what_telegram_refuses() -> None:
    async with LeanTelegram() as tg, httpx.AsyncClient() as client:
        wrong = await client.post(f"http://127.0.0.1:{tg.port}/bot1:nope/getMe")
        assert (wrong.status_code, wrong.json()["ok"]) == (401, False)
        empty = await client.post(f"{tg.api_url}{tg.token}/sendMessage", data={"chat_id": "5"})
        assert empty.status_code == 400 and "empty" in empty.json()["description"]
        bad = await client.post(
            f"{tg.api_url}{tg.token}/sendMessage",
            data={"chat_id": "5", "text": "hi", "reply_markup": "{not json"},
        )
        assert bad.status_code == 400
        missing = await client.post(
            f"{tg.api_url}{tg.token}/editMessageText",
            data={"chat_id": "5", "message_id": "9", "text": "hi"},
        )
        assert missing.status_code == 400 and "not found" in missing.json()["description"]
        sent = await client.post(
            f"{tg.api_url}{tg.token}/sendMessage",
            data={"chat_id": "5", "text": "<b>Hello</b> &amp; welcome", "parse_mode": "HTML"},
        )
        message = sent.json()["result"]
    assert message["text"] == "Hello & welcome"
    assert message["entities"] == [{"type": "bold", "offset": 0, "length": 5}]
    assert tg.texts["5"] == ["<b>Hello</b> &amp; welcome"]  # as the bot sent it
    assert [s.text for s in tg.inbox[5]] == ["Hello & welcome"]
