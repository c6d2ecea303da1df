"""The console channel: a terminal chat over loopback HTTP, with the same dispatcher behind it."""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
import re
from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError

from bot.activity import Activity
from bot.channels.base import Delivery, Progress
from bot.channels.text import clean_text
from bot.console_token import HEADER
from bot.waiters import set_within
from flows.model import Location, Photo
from handlers.dispatcher import Dispatcher
from handlers.inbound import Inbound
from storage import outbox
from storage.db import Sessions, engine_of
from storage.driver import driver_transaction

HANDLE = r"^[A-Za-z0-9_.-]{1,64}$"
_HANDLE = re.compile(HANDLE)
log = logging.getLogger(__name__)


class ConsoleChannel:
    """Outbox rows for the console are 'sent' by making them visible to the handle's reader."""

    name = "console"
    # Delivered by being recorded sent (the reader shows it): a reply may be written so.
    sent_when_recorded = True

    def __init__(self) -> None:
        self._changed = asyncio.Event()
        self.closing = False
        # Whether a message to the handle is on its way (the sender's), set by the app.
        self.sending: Callable[[str], bool] = lambda handle: False

    async def send(
        self,
        address: str,
        payload: dict[str, Any],
        row_id: int,
        progress: Progress | None = None,
    ) -> Delivery:
        return Delivery(ok=True, provider_id=f"console-{row_id}")

    def announce(self) -> None:
        """Called once a console row is recorded as sent: wake every waiting reader."""
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    def close(self) -> None:
        """The service is stopping: answer every waiting reader now rather than hold shutdown."""
        self.closing = True
        self.announce()

    def changes(self) -> asyncio.Event:
        """An event set at the next announcement; take it before looking, to miss nothing."""
        return self._changed


class PhotoIn(BaseModel):
    content_type: str = Field(max_length=100)
    source: str = Field(max_length=500)


class LocationIn(BaseModel):
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    address: str | None = Field(default=None, max_length=300)


class MessageIn(BaseModel):
    handle: str = Field(pattern=HANDLE)
    text: str = Field(default="", max_length=4096)
    choice: str | None = Field(default=None, max_length=64)
    question: str | None = Field(default=None, max_length=64)
    photo: PhotoIn | None = None
    location: LocationIn | None = None
    # With `after`, the answer also holds what was sent to the handle after that id, waiting
    # up to `wait` seconds for the reply: a scripted client's step is then one request.
    after: int | None = None
    wait: float = Field(default=0, ge=0, le=30)


class PollIn(BaseModel):
    handle: str = Field(pattern=HANDLE)
    after: int | None = None
    wait: float = Field(default=0, ge=0, le=30)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _invalid(error: ValidationError, where: str) -> JSONResponse:
    """422, as FastAPI words it: what could not be read, and where."""
    details = [
        {**detail, "loc": [where, *detail["loc"]]}
        for detail in error.errors(include_url=False, include_context=False, include_input=False)
    ]
    return JSONResponse({"detail": details}, status_code=422)


def console_router(
    dispatcher: Dispatcher,
    sessions: Sessions,
    channel: ConsoleChannel,
    *,
    token: str,
    activity: Activity | None = None,
) -> APIRouter:
    """The console's two routes. Each checks its client and reads its input itself: FastAPI's
    dependencies and parameter parsing cost about 0.1 ms a request (measured), and the
    console is asked twice a message."""
    router = APIRouter(prefix="/console")
    expected = token.encode()

    def refused(request: Request) -> JSONResponse | None:
        """The console speaks for any handle: only this machine, showing the console's token."""
        if not _is_loopback(request.client.host if request.client else ""):
            return JSONResponse({"detail": "the console is for this machine only"}, 403)
        if not hmac.compare_digest(request.headers.get(HEADER, "").encode(), expected):
            log.info("console: refused a request without the console token (401)")
            return JSONResponse({"detail": "the console token is missing or wrong"}, 401)
        return None

    # Answers are JSONResponse: a returned dict would be validated against the annotation and
    # walked by jsonable_encoder first, though it holds only JSON already.
    @router.post("/messages")
    async def post_message(request: Request) -> JSONResponse:
        """Handle one message from `handle` (a MessageIn as JSON); with `after`, answer with
        the replies too."""
        if (refusal := refused(request)) is not None:
            return refusal
        try:
            message = MessageIn.model_validate_json(await request.body())
        except ValidationError as error:
            return _invalid(error, "body")
        inbound = Inbound(
            channel="console",
            address=message.handle,
            text=clean_text(message.text),
            choice=message.choice,
            question=message.question,
            photo=Photo(**message.photo.model_dump()) if message.photo else None,
            location=Location(**message.location.model_dump()) if message.location else None,
            display_name=message.handle,
        )
        status = await dispatcher.handle(inbound)
        if message.after is None:
            return JSONResponse({"status": status})
        messages = await read(message.handle, message.after, message.wait)
        last = messages[-1]["id"] if messages else message.after
        return JSONResponse({"status": status, "messages": messages, "last_id": last})

    @router.get("/messages")
    async def get_messages(request: Request) -> JSONResponse:
        """Messages sent to `handle` after id `after`, now marked read, waiting up to `wait`
        seconds for one; without `after`, the id to read on from: the last message they read,
        so what arrived since is shown."""
        if (refusal := refused(request)) is not None:
            return refusal
        try:
            poll = PollIn.model_validate(dict(request.query_params))
        except ValidationError as error:
            return _invalid(error, "query")
        if poll.after is None:
            last = await _last_read(sessions, poll.handle)
            return JSONResponse({"messages": [], "last_id": last})
        messages = await read(poll.handle, poll.after, poll.wait)
        last = messages[-1]["id"] if messages else poll.after
        return JSONResponse({"messages": messages, "last_id": last})

    async def read(handle: str, after: int, wait: float) -> list[dict[str, Any]]:
        """What was sent to `handle` after id `after`, now marked read; waits up to `wait`
        seconds for something to be."""
        deadline = asyncio.get_running_loop().time() + wait
        changed = channel.changes()
        if wait and channel.sending(handle) and not channel.closing:
            # The reply to what they just wrote is being sent: read once it is, not before it
            # (a read that finds nothing costs a transaction, and is made again on waking).
            await set_within(changed, wait)
            changed = channel.changes()
        messages = await _messages(sessions, handle, after)
        left = deadline - asyncio.get_running_loop().time()
        if not messages and left > 0 and not channel.closing:
            # Nothing on its way to them: waiting for what comes next is not work under way.
            with activity.idle() if activity is not None else nullcontext():
                await set_within(changed, left)
            messages = await _messages(sessions, handle, after)
        return messages

    return router


async def _last_read(sessions: Sessions, handle: str) -> int:
    async with sessions() as session:
        return await outbox.last_read_id(session, channel="console", address=handle)


async def _messages(sessions: Sessions, handle: str, after: int) -> list[dict[str, Any]]:
    # Every poll: on the driver, and on PostgreSQL one statement (outbox.read_sent).
    async with driver_transaction(engine_of(sessions), single=True) as driver:
        rows = await outbox.read_sent(driver, channel="console", address=handle, after=after)
        return [{"id": row_id, **payload} for row_id, payload in rows]
