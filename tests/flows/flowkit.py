"""Helpers for the flow tests: a West End street list, a context and a conversation driver."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flows import engine
from flows.model import Context, Outbound, Result, Street, UserInput

LONDON = ZoneInfo("Europe/London")
STREETS = (
    Street("Piccadilly", 51.5074, -0.1396),
    Street("Coventry Street", 51.5103, -0.1325),
    Street("Leicester Square", 51.5103, -0.1301),
    Street("Haymarket", 51.5089, -0.1318),
    Street("Jermyn Street", 51.5080, -0.1370),
    Street("Regent Street St James's"),
    Street("Charing Cross Road", 51.5131, -0.1290),
    Street("Shaftesbury Avenue"),
    Street("Cranbourn Street"),
    Street("Lisle Street"),
    Street("Wardour Street"),
    Street("St Martin's Lane"),
    Street("Panton Street"),
    Street("Irving Street"),
    Street("Glasshouse Street"),
    Street("Piccadilly Circus", 51.5100, -0.1345),
)
NOW = datetime(2025, 11, 23, 14, 40, tzinfo=LONDON)


def make_ctx(now: datetime = NOW, **kw: object) -> Context:
    """A context for a shop on Piccadilly at `now`."""
    base = Context(
        now=now,
        tz=LONDON,
        streets=STREETS,
        shop_name="Boots Piccadilly",
        shop_street="Piccadilly",
        idle_minutes=30,
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def check_messages(result: Result) -> None:
    """Every question names itself, and its option keys fit in Telegram callback data."""
    for msg in result.messages:
        assert isinstance(msg, Outbound)
        assert msg.text.strip()
        if msg.options:
            assert msg.question is not None
        for opt in msg.options:
            assert opt.key.isascii() and 0 < len(opt.key) <= 24
        if msg.question is not None:
            assert msg.question.isascii() and len(msg.question) <= 24 + len("_check")
    # The other photos of an album get no reply of their own: the first one was answered.
    if result.state is not None and result.messages:
        asks = [m for m in result.messages if m.question is not None]
        assert asks, "a live conversation must always end a reply with a question"
        assert asks[-1].question == engine.question_of(result.state)


class Convo:
    """A conversation driven like a channel would: JSON state stored between messages."""

    def __init__(self, kind: str, ctx: Context | None = None) -> None:
        """Start a report of `kind`."""
        self.ctx = ctx or make_ctx()
        self.result = engine.start(kind, self.ctx)
        check_messages(self.result)
        self.state = self._store(self.result.state)

    @staticmethod
    def _store(state: dict | None) -> dict | None:
        """What the DB would give back."""
        return None if state is None else json.loads(json.dumps(state, allow_nan=False))

    @property
    def q(self) -> str | None:
        """The question now waiting."""
        return None if self.state is None else engine.question_of(self.state)

    @property
    def last(self) -> Outbound:
        """The last message sent."""
        return self.result.messages[-1]

    @property
    def texts(self) -> list[str]:
        """All texts of the last reply."""
        return [m.text for m in self.result.messages]

    def send(self, text: str = "", **kw: object) -> Result:
        """Send one input; the state goes through JSON as it would through the DB."""
        assert self.state is not None, "conversation already ended"
        self.result = engine._advance(self.state, UserInput(text=text, **kw), self.ctx)
        check_messages(self.result)
        self.state = self._store(self.result.state)
        return self.result

    def tap(self, key: str) -> Result:
        """Press a button."""
        return self.send(choice=key)

    def later(self, minutes: float) -> None:
        """Let time pass before the next input."""
        self.ctx = replace(self.ctx, now=self.ctx.now + timedelta(minutes=minutes))
