"""Test helpers: a controllable clock, and the app driven through its console endpoints."""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from bot.app import Runtime, create_app
from bot.console_token import HEADER
from bot.demo import seed_demo
from config.settings import Settings
from storage.db import transaction

PG_URL = os.environ.get("SHOPWATCH_TEST_DATABASE_URL") or None


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def settings_for(url: str, **overrides: Any) -> Settings:
    if "console_token_file" not in overrides:  # never the working directory's
        overrides["console_token_file"] = str(Path(tempfile.mkdtemp()) / "console.token")
    return Settings(_env_file=None, database_url=url, **overrides)  # type: ignore[call-arg]


@dataclass
class Harness:
    """The app on a real database, driven over HTTP; the sender runs when we say so."""

    app: FastAPI
    client: httpx.AsyncClient
    cursors: dict[str, int] = field(default_factory=dict)

    @property
    def runtime(self) -> Runtime:
        return self.app.state.runtime

    async def say(self, handle: str, text: str = "", **extra: Any) -> list[dict[str, Any]]:
        """Send one console message and return every message that reached `handle` since."""
        response = await self.client.post(
            "/console/messages", json={"handle": handle, "text": text, **extra}
        )
        assert response.status_code == 200, response.text
        return await self.inbox(handle)

    async def inbox(self, handle: str) -> list[dict[str, Any]]:
        """Everything that reached `handle` since the last look, once all due work is done."""
        await self.runtime.drain()
        return await self.read(handle)

    async def read(self, handle: str) -> list[dict[str, Any]]:
        """What has reached `handle` since the last look, without sending anything first."""
        response = await self.client.get(
            "/console/messages", params={"handle": handle, "after": self.cursors.get(handle, 0)}
        )
        assert response.status_code == 200, response.text
        messages = response.json()["messages"]
        if messages:
            self.cursors[handle] = messages[-1]["id"]
        return messages


def texts_of(messages: list[dict[str, Any]]) -> str:
    return "\n".join(m["text"] for m in messages)


@asynccontextmanager
async def harness(
    url: str,
    clock: Clock,
    *,
    demo: bool = True,
    before_start: Callable[[Runtime], Awaitable[None]] | None = None,
    **overrides: Any,
) -> AsyncIterator[Harness]:
    # The console drives the harness, so it is on even beside a public URL (unless a test
    # says otherwise), and the client sends its token.
    overrides.setdefault("console", "on")
    app = create_app(
        settings_for(url, **overrides), clock=clock, run_sender=False, run_scheduler=False
    )
    runtime: Runtime = app.state.runtime
    if demo:
        async with transaction(runtime.sessions) as session:
            await seed_demo(session)
    if before_start is not None:  # e.g. a BID's own bot, which the app reads at start
        await before_start(runtime)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        headers = {HEADER: runtime.console_token} if runtime.console_token else {}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://shopwatch", headers=headers
        ) as client:
            yield Harness(app, client)
