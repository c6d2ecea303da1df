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
