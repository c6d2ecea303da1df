"""A Bot API on loopback doing only what a report needs, at a fraction of the full fake's CPU.

`fakes.FakeTelegram` checks every call as Telegram would (Starlette routing, every parameter,
markup and entity checked, a deep copy of every message kept), in a thread of the load
generator's process: about 16 ms of CPU per update (measured in `bench.scale_out`: 81% of a
core at 50 updates/s), more than the server it serves. A benchmark of the servers' own
throughput needs a load generator far cheaper than the servers. This one speaks the same wire
protocol (HTTP/1.1 with keep-alive; form-encoded parameters, JSON values as PTB sends them;
`{"ok": …, "result": …}` answers; HTML turned into text and entities as Telegram does), parsed
by httptools in the benchmark's own event loop, and keeps, per chat, the messages sent to it
(for the people, who read them) and the texts (for checking nothing was sent twice).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter, defaultdict
from typing import Any
from urllib.parse import parse_qsl

import httptools

from bench._telegram_people import IN_ANSWER, ChatInbox, Seen, keys_of
from fakes._tgformat import EntityParseError, format_text
from fakes.telegram_api import DEFAULT_BOT_USERNAME, DEFAULT_TOKEN, ApiError, error_body

_JSON_PARAMS = frozenset({"reply_markup", "entities", "link_preview_options", "commands"})


class LeanTelegram(ChatInbox):
    """The Bot API for one bot: sendMessage, edits, answerCallbackQuery, getMe; other methods
    answer `true`. `counts` is as `_telegram_people.Observed`'s."""

    def __init__(self, token: str = DEFAULT_TOKEN) -> None:
        super().__init__()
        self.token = token
        self._prefix = f"/bot{token}/".encode()
        self.bot_user = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": "ShopWatch",
            "username": DEFAULT_BOT_USERNAME,
        }
        self.counts: Counter[str] = Counter()
        self.texts: dict[str, list[str]] = defaultdict(list)  # chat → each sendMessage's text
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._next_id: Counter[int] = Counter()
        self._server: asyncio.AbstractServer | None = None
        self.port = 0

    async def __aenter__(self) -> LeanTelegram:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(lambda: _Protocol(self), "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.close()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    def carry_out(self, content_type: str, body: bytes) -> None:
        """What Telegram does with a webhook's answer naming a method: the call is made."""
        if not content_type.startswith("application/json") or not body:
            return
        params = json.loads(body)
        method = params.pop("method", None) if isinstance(params, dict) else None
        if isinstance(method, str):
            self.counts[method + IN_ANSWER] += 1
            try:
                self.call(method, params)
            except ApiError:
                pass  # Telegram drops the answer's result, error or not

    def answer(self, path: bytes, content_type: bytes, body: bytes) -> tuple[int, dict[str, Any]]:
        """One request to the API: its status and JSON answer."""
        if not path.startswith(self._prefix):
            return 401, error_body(401, "Unauthorized")
        method = path[len(self._prefix) :].split(b"?", 1)[0].decode()
        try:
            params = _params(content_type, body)
            self.counts[method] += 1
            return 200, {"ok": True, "result": self.call(method, params)}
        except ApiError as error:
            return error.status, error_body(error.status, error.description)

    def call(self, method: str, params: dict[str, Any]) -> Any:
        if method == "sendMessage":
            return self._send(params)
        if method in ("editMessageText", "editMessageReplyMarkup"):
            return self._edit(method, params)
        if method == "getMe":
            return self.bot_user
        return True

    def _send(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = _chat_id(params)
        text = str(params.get("text") or "")
        plain, entities = _formatted(text, params.get("parse_mode"))
        if not plain.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        self._next_id[chat] += 1
        message: dict[str, Any] = {
            "message_id": self._next_id[chat],
            "from": self.bot_user,
            "chat": {"id": chat, "type": "private", "first_name": "Staff"},
            "date": int(time.time()),
            "text": plain,
        }
        if entities:
            message["entities"] = entities
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        self._messages[(chat, message["message_id"])] = message
        self.texts[str(chat)].append(text)
        # The people read a copy: later edits change the one kept here.
        self.arrived(chat, Seen(time.time(), plain, dict(message), keys_of(params)))
        return message

    def _edit(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        chat = _chat_id(params)
        message = self._messages.get((chat, int(params.get("message_id") or 0)))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if method == "editMessageText":
            plain, entities = _formatted(str(params.get("text") or ""), params.get("parse_mode"))
            if not plain.strip():
                raise ApiError(400, "Bad Request: message text is empty")
            message["text"] = plain
            message.pop("entities", None)
            if entities:
                message["entities"] = entities
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and markup.get("inline_keyboard"):
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        message["edit_date"] = int(time.time())
        return message


def _chat_id(params: dict[str, Any]) -> int:
    try:
        return int(params["chat_id"])
    except (KeyError, TypeError, ValueError):
        raise ApiError(400, "Bad Request: chat not found") from None


def _formatted(text: str, parse_mode: Any) -> tuple[str, list[dict[str, Any]]]:
    try:
        return format_text(text, parse_mode if isinstance(parse_mode, str) else None)
    except EntityParseError as error:
        raise ApiError(400, f"Bad Request: can't parse entities: {error}") from None


def _params(content_type: bytes, body: bytes) -> dict[str, Any]:
    """A call's parameters: form-encoded (JSON values as text, as PTB sends them) or JSON."""
    kind = content_type.split(b";", 1)[0].strip().lower()
    if kind == b"application/json":
        loaded = json.loads(body or b"{}")
        if not isinstance(loaded, dict):
            raise ApiError(400, "Bad Request: parameters are not an object")
        return loaded
    if kind not in (b"application/x-www-form-urlencoded", b""):
        raise ApiError(400, "Bad Request: this fake takes no files")
    params: dict[str, Any] = dict(parse_qsl(body.decode(), keep_blank_values=True))
    for name in _JSON_PARAMS & params.keys():
        try:
            params[name] = json.loads(params[name])
        except ValueError:
            raise ApiError(400, f"Bad Request: can't parse {name} JSON object") from None
    return params


class _Protocol(asyncio.Protocol):
    """HTTP/1.1 with keep-alive, one request after another on a connection."""

    def __init__(self, api: LeanTelegram) -> None:
        self._api = api
        self._parser = httptools.HttpRequestParser(self)
        self._transport: asyncio.Transport | None = None
        self._url = b""
        self._content_type = b""
        self._body: list[bytes] = []

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserError:
            assert self._transport is not None
            self._transport.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            self._transport.close()

    def on_message_begin(self) -> None:
        self._url, self._content_type, self._body = b"", b"", []

    def on_url(self, url: bytes) -> None:
        self._url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        if name.lower() == b"content-type":
            self._content_type = value

    def on_body(self, body: bytes) -> None:
        self._body.append(body)

    def on_message_complete(self) -> None:
        assert self._transport is not None
        try:
            status, answer = self._api.answer(self._url, self._content_type, b"".join(self._body))
        except ValueError:  # a body that is not JSON or not UTF-8
            status, answer = 400, error_body(400, "Bad Request")
        body = json.dumps(answer).encode()
        self._transport.write(
            b"HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
            % (status, b"OK" if status == 200 else b"Error", len(body), body)
        )
