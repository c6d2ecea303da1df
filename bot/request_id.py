"""Tags every log line written while handling an HTTP request with that request's id.

The id is the platform's own where the request carries one (a Telegram `update_id`, a Twilio
`MessageSid`), so a log line can be matched with what Telegram or Twilio shows; otherwise a
well-formed `X-Request-ID` from the reverse proxy, otherwise a fresh one. It is echoed in the
response's `X-Request-ID` header. Pure ASGI (no BaseHTTPMiddleware), so the context variable is
set in the very task that runs the route and reaches the tasks the route starts.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from config.logging import request_id

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

HEADER = b"x-request-id"
# The webhook routes of CONTRACT.md; their bodies are small, so reading one twice is cheap.
TELEGRAM_PATH = "/telegram/webhook"
TWILIO_PREFIX = "/whatsapp/"
PEEK_LIMIT = 256 * 1024  # past this the body is passed on unread and the id is generated
# Ids end up in log lines: only short, plain ones are taken from outside.
_SAFE = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
_UPDATE_ID_FIRST = re.compile(rb'\A\s*\{\s*"update_id"\s*:\s*(-?\d{1,19})\s*[,}]')
_MESSAGE_SID = re.compile(rb"(?:\A|&)MessageSid=([A-Za-z0-9]{1,64})(?:&|\Z)")


def new_id() -> str:
    return secrets.token_hex(8)


class RequestIdMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = _header(scope)
        if scope["method"] == "POST" and _is_webhook(scope["path"]):
            body, receive = await _buffer(receive)
            rid = _platform_id(scope["path"], body) or rid
        rid = rid or new_id()
        token = request_id.set(rid)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != HEADER]
                message["headers"] = [*headers, (HEADER, rid.encode())]
            await send(message)

        await self.app(scope, receive, send_with_id)
        # Reset only on success: if the route raised, the server's own "Exception in ASGI
        # application" line, written after we return, belongs to this request too. Servers run
        # each request in a task of its own, so the id goes no further.
        request_id.reset(token)


def _is_webhook(path: str) -> bool:
    return path == TELEGRAM_PATH or path.startswith(TWILIO_PREFIX)


def _header(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name.lower() == HEADER:
            text = value.decode("latin-1")
            return text if _SAFE.match(text) else None
    return None


def _platform_id(path: str, body: bytes | None) -> str | None:
    """`tg-<update_id>` or `wa-<MessageSid>`, if the body is what the platform sends."""
    if not body:
        return None
    found: object = None
    if path == TELEGRAM_PATH:
        # Telegram writes update_id first: read it there, and parse the whole body (which the
        # route parses again) only for an update shaped otherwise.
        first = _UPDATE_ID_FIRST.match(body)
        if first is not None:
            return f"tg-{int(first[1])}"
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):  # not JSON, or nested deeper than it parses
            return None
        update_id = data.get("update_id") if isinstance(data, dict) else None
        found = f"tg-{update_id}" if isinstance(update_id, int) else None
    else:
        sid = _MESSAGE_SID.search(body)  # a form field: the whole form is the route's to parse
        found = f"wa-{sid[1].decode()}" if sid else None
    return found if isinstance(found, str) and _SAFE.match(found) else None


async def _buffer(receive: Receive) -> tuple[bytes | None, Receive]:
    """Read the request body and give back a `receive` that replays it to the app.

    Returns no body (and replays what was read) past PEEK_LIMIT or on a disconnect.
    """
    messages: list[Message] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        size += len(message.get("body", b""))
        if not message.get("more_body", False) or size > PEEK_LIMIT:
            break
    complete = messages[-1]["type"] == "http.request" and not messages[-1].get("more_body")
    body = b"".join(m.get("body", b"") for m in messages) if complete else None

    async def replay() -> Message:
        if messages:
            return messages.pop(0)
        return await receive()

    return body, replay
