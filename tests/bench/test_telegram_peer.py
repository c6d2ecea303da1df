"""The peer bot and the simulated people of bench/telegram_peer.py, against the fake Bot API."""

from __future__ import annotations

import asyncio
import random
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from bench._common import serving
from bench._telegram_people import FINAL, IN_ANSWER, RULES, Observed, rule_for, walk
from bench.peer import questions
from bench.peer.conversation import Desk
from bench.peer.web import PeerSettings, build
from fakes import telegram_updates as tu
from flows import texts
from flows.definitions.shoplifting import FLOW

NOW = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)


def test_people_can_answer_every_question_shopwatch_asks_in_a_shoplifting_report() -> None:
    prompts = [step.prompt for step in FLOW.steps]
    prompts += [texts.PICK_KIND, texts.SUMMARY_HEAD, texts.ASK_CHECK_STREET]
    missing = [p for p in prompts if rule_for(p.replace("{street}", "Haymarket")) is None]
    assert missing == []
    assert len(RULES) == len({start for start, _ in RULES})


def test_the_peer_asks_the_same_questions_as_shopwatch() -> None:
    assert [q.prompt for q in questions.REPORT] == [step.prompt for step in FLOW.steps]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("just now", NOW),
        ("20 minutes ago", NOW - timedelta(minutes=20)),
        ("an hour ago", NOW - timedelta(hours=1)),
        ("14:05", NOW - timedelta(minutes=25)),
        ("yesterday 6pm", NOW - timedelta(hours=20, minutes=30)),
    ],
)
def test_the_peer_reads_the_usual_ways_of_saying_when(typed: str, expected: datetime) -> None:
    assert questions.when(typed, NOW) == expected


@pytest.mark.parametrize("typed", ["tomorrow", "16:00", "sometime"])
def test_the_peer_asks_again_for_a_time_it_cannot_use(typed: str) -> None:
    with pytest.raises(questions.Unreadable):
        questions.when(typed, NOW)


@pytest.mark.parametrize(
    ("typed", "expected"), [("£120", 120.0), ("45.50", 45.5), ("about 200 quid", 200.0)]
)
def test_the_peer_reads_amounts(typed: str, expected: float) -> None:
    assert questions.money(typed, NOW) == expected


async def test_a_person_makes_a_whole_report_with_the_peer_and_gets_a_reference() -> None:
    users = [tu.make_user(9_900_000 + n, f"Staff{n}") for n in range(4)]
    async with Observed() as tg:
        settings = PeerSettings(tg.token, "s3cret", tg.api_url, "https://peer.example", 1000.0)
        desk = Desk({int(u["id"]): "Coventry Street Gifts" for u in users})
        api, _ = build(settings, desk)
        async with serving(api) as base, httpx.AsyncClient(base_url=base) as client:

            async def post(update: dict) -> float:
                headers = {"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
                response = await client.post("/telegram/webhook", json=update, headers=headers)
                response.raise_for_status()
                await tg.carry_out(response)
                return 0.0

            walks = [
                await walk(post, tg, u, random.Random(n), lambda *_: 0.0)
                for n, u in enumerate(users)
            ]
    assert [(w.finished, w.stuck, w.again) for w in walks] == [(True, None, 0)] * len(users)
    assert [r["ref"] for r in desk.filed] == ["WE-0001", "WE-0002", "WE-0003", "WE-0004"]
    finals = [s.text for chat in tg.inbox.values() for s in chat if FINAL in s.text]
    assert len(finals) == len(users)
    # Every press answered in the webhook's answer, none by a request of the peer's own.
    answered = tg.counts[f"answerCallbackQuery{IN_ANSWER}"]
    assert answered == tg.counts["editMessageText"] > 0 and tg.counts["answerCallbackQuery"] == 0
    # One message per answer: an intro or a hint comes with its question.
    assert sum(c for m, c in tg.counts.items() if m.startswith("send")) == sum(
        w.sent for w in walks
    )


async def test_the_peer_goes_back_asks_again_and_cancels_as_its_intro_promises() -> None:
    user = tu.make_user(9_910_000, "Sam")
    async with Observed() as tg:
        settings = PeerSettings(tg.token, "s3cret", tg.api_url, "https://peer.example", 1000.0)
        api, _ = build(settings, Desk({int(user["id"]): "Coventry Street Gifts"}))
        async with serving(api) as base, httpx.AsyncClient(base_url=base) as client:
            chat = int(user["id"])

            async def say(update: dict) -> str:
                """Post an update; the text of the last message the bot sends back."""
                seen = len(tg.inbox[chat])
                headers = {"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
                response = await client.post("/telegram/webhook", json=update, headers=headers)
                response.raise_for_status()
                first = await tg.next_message(chat, seen, time.monotonic() + 5)
                assert first is not None
                await asyncio.sleep(0.3)  # a second message would come now: let it show
                return tg.inbox[chat][-1].text

            assert await say(tu.command("/report", user=user)) == texts.PICK_KIND
            menu = tg.inbox[chat][-1]
            press = tu.callback_query(menu.buttons["Shoplifting"], message=menu.message, user=user)
            intro = "Let's report shoplifting. I'll ask one question at a time. "
            intro += "Type back to go back, or cancel to stop."
            # The intro and a hint come at the top of their question, in one message.
            assert await say(press) == f"{intro}\n\n{texts.ASK_SAFETY}"
            assert await say(tu.text_message("no", user=user)) == texts.ASK_WHEN
            hinted = await say(tu.text_message("whenever", user=user))
            assert hinted == f"{texts.HINT_WHEN}\n\n{texts.ASK_WHEN}"
            assert tg.inbox[chat][-2].text == texts.ASK_WHEN
            assert await say(tu.text_message("back", user=user)) == texts.ASK_SAFETY
            done = await say(tu.text_message("cancel", user=user))
            assert done == f"{texts.CANCELLED} Send report to start a new one."


def test_a_clock_time_typed_just_after_midnight_is_last_nights() -> None:
    after_midnight = datetime(2026, 11, 24, 0, 10, tzinfo=UTC)  # GMT: London time too
    assert questions.when("23:40", after_midnight) == datetime(2026, 11, 23, 23, 40, tzinfo=UTC)
    with pytest.raises(questions.Unreadable):
        questions.when("16:00", NOW)  # later today, not yesterday afternoon
