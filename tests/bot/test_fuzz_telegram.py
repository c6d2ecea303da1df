"""No input to the Telegram webhook gets a 5xx or "something went wrong", and it stays healthy."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import random
from collections import Counter
from typing import Any

from hypothesis import strategies as st

from fakes import telegram_updates as tu
from flows import texts
from tests.bot.fuzz_support import JSON, RAW_BODIES, UPDATE, generated, mutations, shared_updates
from tests.bot.telegram_support import SECRET, Tg, telegram_app, text_of

_IDS = itertools.count(500_000)


def _fresh(update: Any) -> Any:
    """A new update_id where it is still a number, so redeliveries do not hide the input."""
    if isinstance(update, dict) and type(update.get("update_id")) is int:
        return {**update, "update_id": next(_IDS)}
    return update


def _builders() -> list[dict[str, Any]]:
    """One of every kind of update the fakes can build, as Telegram sends them."""
    bot = tu.bot_message("What happened?", reply_markup={"inline_keyboard": [[]]})
    return [
        tu.text_message("report"),
        tu.text_message("cases ²"),
        tu.command("/start", "NOPE"),
        tu.command("/help"),
        tu.callback_query("q:kind:shoplifting", message=bot),
        tu.callback_query("c:ack WE-0001", message=bot),
        tu.photo(),
        tu.document(),
        tu.location(51.51, -0.13),
        tu.contact(),
        tu.sticker(),
        tu.edited_message("edited", message_id=5),
        tu.channel_post("news"),
        tu.message_reaction(5),
        tu.my_chat_member("kicked"),
        tu.my_chat_member("member", "kicked"),
        tu.group_message("hello"),
    ]


class Poster:
    """Posts inputs with the right secret and counts what came back."""

    def __init__(self, t: Tg) -> None:
        self.t = t
        self.statuses: Counter[int] = Counter()
        self.tried = 0
        self.failures: list[str] = []

    async def json(self, update: Any) -> None:
        await self.raw(json.dumps(update).encode("utf-8", "surrogatepass"))

    async def raw(self, body: bytes) -> None:
        self.tried += 1
        headers = {
            "Content-Type": "application/json",
            "X-Telegram-Bot-Api-Secret-Token": SECRET,
        }
        try:
            response = await self.t.h.client.post(
                "/telegram/webhook", content=body, headers=headers, timeout=10
            )
        except Exception as exc:  # a crash in the app, or no answer at all: a 5xx to Telegram
            self.failures.append(f"{type(exc).__name__}: {exc} for {body[:160]!r}")
            return
        self.statuses[response.status_code] += 1
        if response.status_code >= 500:
            self.failures.append(f"{response.status_code} for {body[:200]!r}")


async def test_no_telegram_input_gets_a_5xx_or_an_apology(
    sqlite_url, clock, tmp_path, measured, caplog
):
    rng = random.Random(14)
    wrong = [*generated(JSON, 40), None, "", 0, -1, 2**64, [], {}, "x" * 5000]
    originals = [*shared_updates(), *_builders()]
    caplog.set_level(logging.INFO)
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        poster = Poster(t)
        await t.chat(tu.ALICE).join(await t.invite("officer"))
        for update in originals:
            await poster.json(_fresh(update))
        for update in originals:
            for mutated in mutations(update, rng, wrong, 6):
                await poster.json(_fresh(mutated))
        for update in generated(UPDATE, 200):
            await poster.json(_fresh(update))
        for body in [*RAW_BODIES, *generated(st.binary(max_size=200), 40)]:
            await poster.raw(body)
        # A burst at once, as Telegram sends when it catches up: every one still answered.
        burst = [_fresh(m) for u in originals[:20] for m in mutations(u, rng, wrong, 5)]
        await asyncio.gather(*(poster.json(update) for update in burst))
        await t.h.runtime.drain()
        health = await t.h.client.get("/healthz")
        sorry = [m for m in t.tg.sent_texts() if texts.CRASHED in m]
    crashed = [r for r in caplog.records if r.levelno >= logging.ERROR]
    measured(
        f"telegram webhook fuzz: {poster.tried} inputs, "
        f"{len(poster.failures)} × 5xx or no answer, "
        f"{len(sorry)} 'something went wrong', statuses {dict(sorted(poster.statuses.items()))}"
    )
    assert poster.failures == [], "\n".join(poster.failures)
    assert sorry == []
    assert [r.getMessage() for r in crashed] == []
    assert health.status_code == 200


async def test_odd_text_gets_a_plain_answer(sqlite_url, clock, tmp_path):
    async with telegram_app(sqlite_url, clock, tmp_path) as t:
        alice = t.chat()
        await alice.join(await t.invite("officer"))
        for typed in ("cases ²", "cases ①", "case ²"):
            replies = await alice.say(typed)
            assert replies and texts.CRASHED not in text_of(replies), typed
        for text in (5, 2.5, {"a": 1}, ["report"]):
            update = tu.text_message("x", user=alice.user)
            update["message"]["text"] = text
            replies = await alice.send(update)
            assert replies, text
            assert texts.CRASHED not in text_of(replies), text
