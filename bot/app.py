"""`create_app(settings)`: builds the engine, the channels, the dispatcher and the sender."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import bots
from bot.activity import Activity, ActivityMiddleware
from bot.attachments import FileFetcher
from bot.channels.base import Adapter, Channel
from bot.channels.console import ConsoleChannel, console_router
from bot.console_token import ensure_token
from bot.health import health
from bot.inbox import Inbox
from bot.media_route import Signer, media_router
from bot.request_id import RequestIdMiddleware
from bot.scheduler import Scheduler
from bot.sender import Sender
from config.logging import mask_secret
from config.settings import Settings
from handlers.dispatcher import Dispatcher
from handlers.follow_ups import FollowUps
from storage.db import Sessions, make_engine, make_sessions
from storage.models import Bid
from storage.types import utcnow

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """Everything one running service owns; tests reach in through `app.state.runtime`."""

    settings: Settings
    engine: AsyncEngine
    sessions: Sessions
    dispatcher: Dispatcher
    inbox: Inbox
    follow_ups: FollowUps
    sender: Sender
    scheduler: Scheduler
    channels: dict[str, Channel]
    adapters: dict[str, Adapter]
    fetcher: FileFetcher
    console: ConsoleChannel
    console_token: str | None = None  # None while the console is off

    async def drain(self) -> None:
        """Handle the messages kept, run what follows the filings made so far, then send
        until nothing is due (tests)."""
        await self.inbox.drain()
        await self.follow_ups.drain()
        await self.sender.drain()

    def stopping(self) -> None:
        """A stop signal arrived: let long-held requests finish so shutdown is quick."""
        self.console.close()


# How long what follows a filing may wait for the replies on their way (then for a lull, as
# long as handlers.follow_ups allows).
REPLIES_FIRST_WITHIN = 0.2  # seconds
READ_GRACE = 0.002  # seconds: a client that was waiting asks again within about 1 ms
STOP_WITHIN = 5.0  # seconds the background tasks have to end once cancelled, at shutdown


def create_app(
    settings: Settings,
    *,
    clock: Callable[[], datetime] = utcnow,
    run_sender: bool = True,
    run_scheduler: bool = True,
) -> FastAPI:
    engine = make_engine(settings.database_url)
    sessions = make_sessions(engine)
    channels: dict[str, Channel] = {}
    holder: dict[str, Sender] = {}

    def wake_sender() -> None:
        if "sender" in holder:
            holder["sender"].notify()

    def turn_done() -> None:
        if "sender" in holder:
            holder["sender"].turn_done()

    activity = Activity()

    async def replies_first(within: float) -> None:
        """What follows a filing waits (`within` seconds at most) for the replies on their way
        to be sent, for the reporter's app to come and read one (the console's does), and for
        a moment when no request is being handled: the people writing first."""
        deadline = time.monotonic() + within
        await holder["sender"].quiet(min(within, REPLIES_FIRST_WITHIN))
        await asyncio.sleep(READ_GRACE)
        await activity.lull(max(0.0, deadline - time.monotonic()))

    follow_ups = FollowUps(
        sessions,
        tz=settings.tz,
        settings=settings,
        clock=clock,
        on_outbox=wake_sender,
        replies_first=replies_first,
        busy=lambda: activity.busy,
    )
    dispatcher = Dispatcher(
        sessions,
        tz=settings.tz,
        idle_minutes=settings.idle_minutes,
        clock=clock,
        on_outbox=turn_done,
        on_filed=follow_ups.filed,
        settings=settings,
    )
    sender = Sender(sessions, channels, clock=clock, pushes_at_once=settings.pushes_at_once)
    inbox = Inbox(
        sessions,
        dispatcher,
        clock=clock,
        # Twilio's webhooks answered first; the message is kept, so it may wait a moment.
        answers_first=lambda within: activity.lull(within, quiet=0.0),
    )
    holder["sender"] = sender
    scheduler = Scheduler(
        sessions,
        tz=settings.tz,
        reminder_hours=settings.reminder_hours,
        on_outbox=wake_sender,
        clock=clock,
        settings=settings,
    )
    # The fetcher finds stored files for the adapters that send them on, and fetches through
    # the adapters: it gets the mapping now, filled once they exist.
    adapters: dict[str, Adapter] = {}
    fetcher = FileFetcher(
        sessions,
        adapters,
        Path(settings.attachments_dir),
        clock=clock,
        tz=settings.tz,
        on_outbox=wake_sender,
    )
    signer = Signer(settings, clock)
    adapters.update(
        build_adapters(
            settings,
            dispatcher=dispatcher,
            sessions=sessions,
            clock=clock,
            media=fetcher,
            signer=signer,
            inbox=inbox,
        )
    )
    channels.update(adapters)
    console = ConsoleChannel()
    runtime = Runtime(
        settings,
        engine,
        sessions,
        dispatcher,
        inbox,
        follow_ups,
        sender,
        scheduler,
        channels,
        adapters,
        fetcher,
        console,
    )

    if settings.console_on:
        runtime.console_token = ensure_token(settings.console_token_file)
        mask_secret(runtime.console_token)
        channels["console"] = console
        sender.on_sent = lambda row: console.announce() if row.channel == "console" else None
        console.sending = lambda handle: sender.sending_to("console", handle)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Each BID's own bot and sender, read now (the database is async): set one and
        # restart for it to be served. Added before the sender starts a loop per channel.
        own = build_adapters(
            settings,
            dispatcher=dispatcher,
            sessions=sessions,
            clock=clock,
            media=fetcher,
            signer=signer,
            inbox=inbox,
            with_bots=await _bids_with_bots(sessions),
        )
        adapters.update(own)
        channels.update(own)
        for adapter in own.values():
            app.include_router(adapter.router())
        tasks: list[asyncio.Task[Any]] = []
        if run_sender:
            tasks.append(asyncio.create_task(sender.run(), name="outbox-sender"))
            tasks.append(asyncio.create_task(follow_ups.run(), name="follow-ups"))
            tasks.append(asyncio.create_task(inbox.run(), name="inbox"))
        if run_scheduler:
            tasks.append(asyncio.create_task(scheduler.run(), name="scheduler"))
            tasks.append(asyncio.create_task(fetcher.run(), name="attachments"))
        for adapter in adapters.values():
            await adapter.start()
        for name in sorted(channels):
            log.info("channel %s: on", name)
        log.info("%s", console_line(settings))
        try:
            yield
        finally:
            await inbox.finish()  # what has not started is the next process's at once
            await sender.finish()  # before the adapters close their clients
            for adapter in adapters.values():
                await adapter.stop()
            for task in tasks:
                task.cancel()
            # Bounded: a task that ignores its cancel must not keep the process from stopping.
            stuck = (await asyncio.wait(tasks, timeout=STOP_WITHIN))[1] if tasks else set()
            for task in stuck:
                log.error("%s did not stop when asked; stopping without it", task.get_name())
            await engine.dispose()

    app = FastAPI(title="ShopWatch", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.runtime = runtime

    app.add_middleware(RequestIdMiddleware)
    app.add_middleware(ActivityMiddleware, activity=activity)

    @app.get("/healthz")
    async def healthz() -> JSONResponse:
        status, body = await health(settings, sessions, channels, clock())
        if status != 200:
            log.warning("health check: database did not answer")
        return JSONResponse(body, status_code=status)

    if runtime.console_token is not None:
        app.include_router(
            console_router(
                dispatcher, sessions, console, token=runtime.console_token, activity=activity
            )
        )
    for adapter in adapters.values():
        app.include_router(adapter.router())
    app.include_router(media_router(signer, sessions))
    return app


async def _bids_with_bots(sessions: Sessions) -> list[Bid]:
    """The BIDs with a bot or sender of their own; none, said loudly, if the database fails."""
    try:
        return await bots.load(sessions)
    except Exception as exc:
        log.error("BIDs' own bots and senders are off until a restart: %s", type(exc).__name__)
        return []


def console_line(settings: Settings) -> str:
    """The start-up line that says whether the console is served, and why."""
    if settings.console_on:
        return (
            f"console: on, for this machine's clients with the token in "
            f"{settings.console_token_file}"
        )
    if settings.console == "off":
        return "console: off (SHOPWATCH_CONSOLE=off)"
    return (
        "console: off, because SHOPWATCH_PUBLIC_URL is set and behind a proxy every client "
        "looks local (SHOPWATCH_CONSOLE=on turns it on)"
    )


def build_adapters(
    settings: Settings,
    *,
    dispatcher: Dispatcher,
    sessions: Sessions,
    clock: Callable[[], datetime],
    media: FileFetcher | None = None,
    signer: Signer | None = None,
    inbox: Inbox | None = None,
    with_bots: Sequence[Bid] | None = None,
) -> dict[str, Adapter]:
    """The chat platforms this deployment has settings for; given `with_bots`, instead the
    Telegram bots and WhatsApp senders those BIDs have of their own (bot/bots.py)."""
    own = with_bots is not None
    telegram = [
        b for b in bots.telegram_bots(settings, list(with_bots or ())) if own == bool(b.bid)
    ]
    whatsapp = [
        s for s in bots.whatsapp_senders(settings, list(with_bots or ())) if own == bool(s.bid)
    ]
    adapters: dict[str, Adapter] = {}
    if telegram:
        from bot.channels.telegram import TelegramAdapter

        for bot in telegram:
            adapters[bot.channel] = TelegramAdapter(
                bot.settings,
                dispatcher=dispatcher,
                sessions=sessions,
                clock=clock,
                media=media,
                channel=bot.channel,
                path=bot.path,
            )
    if whatsapp:
        from bot.channels.whatsapp import WhatsAppAdapter

        for sender in whatsapp:
            adapters[sender.channel] = WhatsAppAdapter(
                sender.settings,
                dispatcher=dispatcher,
                sessions=sessions,
                clock=clock,
                media=media,
                signer=signer,
                channel=sender.channel,
                paths=(sender.webhook_path, sender.status_path),
                inbox=inbox,
            )
    for bid in with_bots or ():
        problem = bots.unusable(settings, bid)
        if problem:
            log.warning("BID %s's own WhatsApp sender is off: %s", bid.code, problem)
    return adapters
