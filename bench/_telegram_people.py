"""Simulated shop staff on Telegram: they read the bot's questions and answer them.

`Observed` is the fake Bot API telling each waiting person the moment a message reaches their
chat. `answer` finds an answer from the question's own words, as a person would: it presses one
of the question's buttons when it has them, or types (or shares a location) otherwise; a question
it has no rule for stops the person, so a changed or broken flow shows rather than hides.
"""

from __future__ import annotations

import asyncio
import copy
import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fakes import FakeTelegram
from fakes import telegram_updates as tu
from fakes.telegram_api import WEBHOOK_ANSWER

FINAL = "Your reference is"
IN_ANSWER = "(in webhook answer)"  # after a method name: made from the webhook's answer
LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Seen:
    """One message the bot sent to a chat, as the fake returned it, and when it arrived."""

    at: float
    text: str
    message: dict[str, Any]
    # The option buttons of a reply keyboard sent with it (a Message shows inline ones only).
    keys: tuple[str, ...] = ()

    @property
    def buttons(self) -> dict[str, str]:
        """label → callback_data of its inline keyboard."""
        rows = (self.message.get("reply_markup") or {}).get("inline_keyboard") or []
        return {b["text"]: b["callback_data"] for row in rows for b in row if "callback_data" in b}

    @property
    def options(self) -> list[str]:
        """Every option to tap: inline buttons and the reply keyboard's words."""
        return [*self.buttons, *self.keys]


class ChatInbox:
    """The messages each chat was sent, as the people read them, and waking whoever waits."""

    def __init__(self) -> None:
        self.inbox: dict[int, list[Seen]] = defaultdict(list)
        self._events: dict[int, asyncio.Event] = defaultdict(asyncio.Event)

    def arrived(self, chat: int, seen: Seen) -> None:
        """In the people's event loop."""
        self.inbox[chat].append(seen)
        self._events[chat].set()

    async def next_message(self, chat: int, index: int, deadline: float) -> Seen | None:
        """The chat's message number `index` (from 0), or None once `deadline` passes."""
        while len(self.inbox[chat]) <= index:
            event = self._events[chat]
            event.clear()
            try:
                await asyncio.wait_for(event.wait(), max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                return None
        return self.inbox[chat][index]


class Observed(FakeTelegram, ChatInbox):
    """The fake Bot API, also counting calls by method and waking whoever waits on a chat."""

    def __init__(self) -> None:
        super().__init__()
        ChatInbox.__init__(self)
        self.counts: Counter[str] = Counter()
        self._loop: asyncio.AbstractEventLoop | None = None

    async def __aenter__(self) -> Observed:
        self._loop = asyncio.get_running_loop()
        await super().__aenter__()
        return self

    def _record(self, call: Any) -> Any:  # runs in the fake's server thread
        super()._record(call)
        # A call Telegram made from a webhook's answer is no request of the bot's own.
        self.counts[call.method + IN_ANSWER * bool(call.headers.get(WEBHOOK_ANSWER))] += 1
        if call.ok and call.method == "sendMessage" and self._loop is not None:
            with self._lock:  # later edits change the fake's own copy of the message
                message = copy.deepcopy(call.response["result"])
            seen = Seen(call.at, str(message.get("text") or ""), message, keys_of(call.params))
            self._loop.call_soon_threadsafe(self.arrived, int(message["chat"]["id"]), seen)
        return call


def keys_of(params: dict[str, Any]) -> tuple[str, ...]:
    """The words of a reply keyboard sent with a message (its location button left out)."""
    markup = params.get("reply_markup")
    rows = markup.get("keyboard") if isinstance(markup, dict) else None
    return tuple(
        str(b["text"])
        for row in rows or ()
        for b in row
        if isinstance(b, dict) and not b.get("request_location")
    )


# --- Answers ---------------------------------------------------------------------------------

Action = tuple[str, Any]  # ("press", label) | ("say", text) | ("where", (lat, lon))
Rule = Callable[[random.Random, Seen, int], Action]


def press(*labels: str, weights: tuple[float, ...] | None = None) -> Rule:
    def rule(rng: random.Random, seen: Seen, attempt: int) -> Action:
        return ("press", rng.choices(labels, weights)[0] if attempt == 0 else labels[0])

    return rule


def one_of(*actions: Action | Callable[[], Action]) -> Rule:
    """Any of these; once an answer was not taken, the question's first button instead."""

    def rule(rng: random.Random, seen: Seen, attempt: int) -> Action:
        if attempt and seen.options:
            return ("press", seen.options[0])
        chosen = rng.choice(actions) if attempt == 0 else actions[0]
        return chosen() if callable(chosen) else chosen

    return rule


def _shop_button(rng: random.Random, seen: Seen, attempt: int) -> Action:
    shop = next((label for label in seen.options if label.startswith("At ")), "")
    return rng.choice(
        [
            ("press", shop),
            ("press", "Somewhere else"),
            ("say", "Coventry Street"),
            ("where", (51.5103, -0.1303)),
        ]
        if attempt == 0
        else [("press", shop)]
    )


def _earlier() -> Action:
    """A clock time half an hour ago, as people type it."""
    return ("say", f"{datetime.now(LONDON) - timedelta(minutes=30):%H:%M}")


RULES: list[tuple[str, Rule]] = [
    ("What do you want to report?", press("Shoplifting")),
    ("Is anyone hurt or in danger", press("No", "Yes", weights=(19, 1))),
    (
        "When did it happen?",
        one_of(("press", "Just now"), ("say", "20 minutes ago"), ("say", "an hour ago"), _earlier),
    ),
    ("Where did it happen?", _shop_button),
    (
        "Which street or landmark?",
        one_of(("say", "Leicester Square"), ("say", "Piccadilly"), ("where", (51.5099, -0.1337))),
    ),
    ("Did you mean", press("Yes")),
    (
        "What happened?",
        one_of(
            ("say", "Took three bottles of perfume and ran off"),
            ("say", "Man filled a bag with razors and walked out without paying"),
            ("say", "Two women hid make-up in a pushchair and left"),
        ),
    ),
    (
        "What was taken?",
        one_of(("say", "3 bottles of perfume"), ("say", "razor blades"), ("say", "make-up")),
    ),
    (
        "Roughly how much",
        one_of(
            ("say", "£120"), ("say", "45.50"), ("say", "about 200 quid"), ("press", "Don't know")
        ),
    ),
    (
        "How many offenders",
        one_of(("press", "1"), ("press", "2"), ("press", "Don't know"), ("say", "two")),
    ),
    (
        "Please describe them",
        one_of(
            ("say", "tall, grey hoodie, about 30"), ("say", "short, red cap"), ("press", "Skip")
        ),
    ),
    (
        "Which way did they go?",
        one_of(("say", "towards Leicester Square"), ("say", "into the tube"), ("press", "Skip")),
    ),
    ("Is there CCTV", press("Yes", "No", "Not sure")),
    ("Have you already reported", press("No", "Yes", weights=(4, 1))),
    ("What is the CAD or crime", one_of(("say", "1234567/25"), ("press", "Skip"))),
    ("If you have photos", one_of(("press", "Skip"), ("say", "skip"))),
    ("Please check your report", press("Send")),
]


def asked(text: str) -> tuple[str, Rule] | None:
    """The question a message asks and its rule: the last paragraph that starts a known
    question, since an intro or a hint may come above it in the same message."""
    for paragraph in reversed(text.split("\n\n")):
        for start, rule in RULES:
            if paragraph.startswith(start):
                return paragraph, rule
    return None


def rule_for(text: str) -> Rule | None:
    found = asked(text)
    return found[1] if found else None


def is_question(seen: Seen) -> bool:
    """A message to act on: a question we know, one with buttons, or the final reference."""
    return FINAL in seen.text or asked(seen.text) is not None or bool(seen.options)


@dataclass
class Walk:
    """One person's report: the latency of each answer and how it ended."""

    sent: int = 0
    took: list[float] = field(default_factory=list)  # seconds to each reply that came
    posted: list[float] = field(default_factory=list)  # when each of those answers was sent
    acks: list[float] = field(default_factory=list)
    again: int = 0  # answers the bot did not take, so it asked again
    finished: bool = False
    stuck: str | None = None  # the message we could not answer, or "no reply"


def update_for(action: Action, seen: Seen, user: dict[str, Any]) -> dict[str, Any] | None:
    kind, value = action
    if kind == "press":
        data = seen.buttons.get(value)
        if data:
            return tu.callback_query(data, message=seen.message, user=user)
        # A reply keyboard's button sends its words as a message.
        return tu.text_message(value, user=user) if value in seen.keys else None
    if kind == "where":
        return tu.location(*value, user=user)
    if value.startswith("/"):
        return tu.command(value, user=user)
    return tu.text_message(value, user=user)


Post = Callable[[dict[str, Any]], Awaitable[float]]
Pause = Callable[[float, float], float]  # (when this answer was sent, when its reply came) → s


def after_reply(think: float) -> Pause:
    return lambda started, arrived: think


def every(gap: float) -> Pause:
    """About every `gap` seconds (±20%), and never before half a second to read the reply."""

    def pause(started: float, arrived: float) -> float:
        return max(0.0, max(arrived + 0.5, started + random.uniform(0.8, 1.2) * gap) - time.time())

    return pause


async def walk(
    post: Post,
    tg: ChatInbox,
    user: dict[str, Any],
    rng: random.Random,
    pause: Pause,
    *,
    patience: float = 60.0,
    stop_at: float = math.inf,
    grace: float = 30.0,
) -> Walk:
    """One person makes a whole report: /report, then an answer to each question in turn.

    They wait up to `patience` seconds for each reply; after `stop_at` (monotonic) they send
    nothing more, and an answer already sent has until `grace` seconds after it for its reply.
    """
    chat, done = int(user["id"]), Walk()
    index, previous, attempt = len(tg.inbox[chat]), "", 0
    update: dict[str, Any] | None = tu.command("/report", user=user)
    while update is not None:
        if time.monotonic() >= stop_at:
            done.stuck = "stopped"
            return done
        started = time.time()
        done.sent += 1
        done.acks.append(await post(update))
        deadline = min(time.monotonic() + patience, stop_at + grace)
        while True:
            seen = await tg.next_message(chat, index, deadline)
            if seen is None:
                done.stuck = "no reply"
                return done
            index += 1
            if is_question(seen):
                break
        done.took.append(seen.at - started)
        done.posted.append(started)
        if FINAL in seen.text:
            done.finished = True
            return done
        found = asked(seen.text)
        question = found[0] if found else seen.text
        attempt = attempt + 1 if question == previous else 0
        done.again += attempt > 0
        if found is None or attempt > 3:
            done.stuck = seen.text[:100]
            return done
        rule, previous = found[1], question
        update = update_for(rule(rng, seen, attempt), seen, user)
        await asyncio.sleep(pause(started, seen.at))
    done.stuck = f"no such button under: {previous[:80]}"
    return done
