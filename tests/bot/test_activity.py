"""Requests under way, counted so that background work can wait for a lull."""

from __future__ import annotations

import asyncio

import httpx
from fastapi import FastAPI

from bot.activity import Activity, ActivityMiddleware


async def test_a_lull_comes_when_the_last_request_ends_or_the_wait_runs_out() -> None:
    activity = Activity()
    release, entered = asyncio.Event(), asyncio.Event()
    app = FastAPI()
    app.add_middleware(ActivityMiddleware, activity=activity)

    @app.get("/slow")
    async def slow() -> dict[str, bool]:
        entered.set()
        await release.wait()
        return {"ok": True}

    await asyncio.wait_for(activity.lull(5), 1)  # nothing under way: at once
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        request = asyncio.create_task(client.get("/slow"))
        await asyncio.wait_for(entered.wait(), 5)
        await asyncio.wait_for(activity.lull(0.05), 1)  # gave up after 50 ms
        waiting = asyncio.create_task(activity.lull(5))
        await asyncio.sleep(0.05)
        assert not waiting.done()
        release.set()
        assert (await request).status_code == 200
        await asyncio.wait_for(waiting, 1)
    assert activity.requests == 0


async def test_a_lull_needs_the_quiet_time_since_the_last_request_ended() -> None:
    """A scripted client writes again within a millisecond of its reply: that gap is no lull."""
    activity = Activity(quiet=0.1)
    loop = asyncio.get_running_loop()
    activity.started()
    activity.ended()
    started = loop.time()
    waiting = asyncio.create_task(activity.lull(5))
    await asyncio.sleep(0.06)
    activity.started()  # the next request, within the quiet time: the wait starts again after it
    await asyncio.sleep(0.02)
    assert not waiting.done()
    activity.ended()
    ended = loop.time()
    await asyncio.wait_for(waiting, 1)
    assert loop.time() - ended >= 0.09
    assert loop.time() - started >= 0.17
    # A caller may ask for no quiet time: no request under way is enough.
    activity.started()
    activity.ended()
    await asyncio.wait_for(activity.lull(5, quiet=0.0), 0.05)
    # And the wait still runs out, however busy it stays.
    activity.started()
    await asyncio.wait_for(activity.lull(0.05), 1)
    activity.ended()


async def test_a_request_that_only_waits_is_no_request_under_way() -> None:
    activity = Activity(quiet=0.0)
    activity.started()  # a long poll
    assert activity.busy
    with activity.idle():
        assert not activity.busy
        await asyncio.wait_for(activity.lull(5), 1)
    assert activity.busy and activity.requests == 1
