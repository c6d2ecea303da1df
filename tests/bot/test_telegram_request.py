"""The Bot API client's HTTP on aiohttp: PTB's errors, timeouts, and the mark before a send."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.channels import telegram_setup
from bot.channels.telegram_request import AiohttpRequest
from bot.channels.wire import ON_WIRE
from fakes import FakeTelegram
from tests.bot.test_serve import free_port
from tests.support import settings_for


@pytest.fixture
async def slow_server() -> AsyncIterator[tuple[str, list[str]]]:
    """A server on 127.0.0.1 that records each request's path as it reads it, and answers
    /slow only after 2 s."""
    seen: list[str] = []

    async def answer(request: web.Request) -> web.Response:
        seen.append(request.path)
        await request.read()
        if request.path.endswith("/slow"):
            await asyncio.sleep(2)
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_post("/{tail:.*}", answer)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}", seen
    finally:
        await runner.cleanup()


async def test_the_hook_runs_before_the_server_has_seen_a_byte(
    slow_server: tuple[str, list[str]],
) -> None:
    base, seen = slow_server
    at_hook: list[list[str]] = []

    async def before(path: str) -> None:
        await asyncio.sleep(0.05)  # time enough for a request already written to arrive
        at_hook.append([*seen])

    request = AiohttpRequest(before_writing=before)
    await request.initialize()
    try:
        for _ in range(2):  # a new connection, then the one kept alive
            assert await request.post(f"{base}/botX/sendMessage") is True
    finally:
        await request.shutdown()
    assert at_hook == [[], ["/botX/sendMessage"]]
    assert seen == ["/botX/sendMessage"] * 2


async def test_a_server_that_does_not_answer_in_time_is_a_timeout(
    slow_server: tuple[str, list[str]],
) -> None:
    base, _ = slow_server
    request = AiohttpRequest(read_timeout=0.2)
    await request.initialize()
    try:
        with pytest.raises(TimedOut):
            await request.post(f"{base}/botX/slow")
        # A call's own read timeout wins over the default.
        assert await request.post(f"{base}/botX/slow", read_timeout=5) is True
    finally:
        await request.shutdown()


async def test_a_server_that_is_not_there_is_a_network_error() -> None:
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError, match="aiohttp"):
            await request.post(f"http://127.0.0.1:{free_port()}/botX/getMe")
    finally:
        await request.shutdown()


async def test_an_uninitialised_request_says_so() -> None:
    with pytest.raises(NetworkError, match="not initialized"):  # PTB wraps what it raises
        await AiohttpRequest().post("http://127.0.0.1:1/botX/getMe")


async def test_the_bot_marks_sends_only_and_keeps_ptbs_errors(sqlite_url: str) -> None:
    async with FakeTelegram() as tg:
        settings = settings_for(sqlite_url, telegram_token=tg.token, telegram_api_url=tg.api_url)
        bot = telegram_setup.make_bot(settings, overall_per_second=0)
        marks: list[int] = []

        async def mark() -> None:
            marks.append(len(tg.calls("sendMessage")))  # what Telegram had before the mark

        async with bot:
            ON_WIRE.set(mark)
            sent = await telegram_setup.call(bot, "sendMessage", {"chat_id": 5, "text": "hi"})
            await bot.edit_message_text("hi!", chat_id=5, message_id=sent["message_id"])  # no mark
            tg.fail_next("sendMessage", 429, retry_after=7)
            with pytest.raises(RetryAfter):
                await bot.send_message(5, "again")
            tg.fail_next("sendMessage", 400, description="Bad Request: chat not found")
            with pytest.raises(BadRequest, match=r"(?i)chat not found"):
                await bot.send_message(5, "again")
            photo = await bot.send_photo(5, b"\xff\xd8\xff\xe0 not really a jpeg", caption="c")
        assert sent["text"] == "hi" and photo.caption == "c"
        # Four sends (the fake records refused calls too), each marked before it reached the fake.
        assert marks == [0, 1, 2, 3]
        [upload] = tg.uploads(5)
        assert upload.data.startswith(b"\xff\xd8")
