"""One person's burst of messages at once: handled one at a time, every one answered."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from fakes import telegram_updates as tu
from flows import texts
from tests.bot.telegram_support import telegram_app, text_of
from tests.support import Clock

BURST = 12


async def test_a_burst_from_one_chat_waits_its_turn_rather_than_fight_over_its_rows(
    database_url: str, clock: Clock, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with telegram_app(database_url, clock, tmp_path) as t:
        alice = t.chat()
        await alice.join(await t.invite())
        await alice.say("/report")
        caplog.set_level(logging.INFO, logger="handlers.dispatcher")
        # Each answer moves the conversation: side by side, every turn but one would have
        # found it changed under it and gone round again (on PostgreSQL, waiting on its row).
        burst = [tu.text_message(f"what {n}", user=alice.user) for n in range(BURST)]
        answered = await asyncio.gather(*(t.post(update) for update in burst))
        assert [r.status_code for r in answered] == [200] * BURST
        replies = await alice.replies()
        assert len(replies) == BURST  # one each: none lost, none apologised for
        assert texts.CRASHED not in text_of(replies)
        assert "changed under us" not in caplog.text
        assert len(t.h.runtime.dispatcher._one_at_a_time) == 0  # nothing left behind
