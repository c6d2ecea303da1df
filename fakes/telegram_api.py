"""Fake Telegram Bot API server (real HTTP on 127.0.0.1).

Start it::

    async with FakeTelegram() as tg:            # or: with FakeTelegram() as tg:
        tg.api_url    # "http://127.0.0.1:PORT/bot" -> SHOPWATCH_TELEGRAM_API_URL / PTB base_url
        tg.file_url   # "http://127.0.0.1:PORT/file/bot" -> PTB base_file_url
        tg.token      # the bot's token (others -> 401 Unauthorized, but see add_bot)

Point PTB at it exactly like a self-hosted Bot API server::

    telegram.Bot(tg.token, base_url=tg.api_url, base_file_url=tg.file_url)
    # or Application.builder().token(tg.token).base_url(tg.api_url).base_file_url(tg.file_url)

PTB v22 sends every call as POST, ``application/x-www-form-urlencoded`` (values JSON-encoded
except plain strings, so ``reply_markup`` is a JSON string) or ``multipart/form-data`` when a
file is uploaded.  The fake also accepts GET query strings and JSON bodies, and method names
case-insensitively, like the real server.

Recording: :meth:`FakeTelegram.calls`, :meth:`sent_texts`, :meth:`sent_messages`,
:meth:`wait_for`, :meth:`message` (current state of a message after edits), :meth:`clear`.
Faults: :meth:`fail_next`, :meth:`delay_next`, :attr:`blocked_chats`.
Updates: :meth:`queue_update` (served by ``getUpdates``) or :meth:`deliver` (POSTed to the
webhook registered with ``setWebhook``, with ``X-Telegram-Bot-Api-Secret-Token``; falls back
to the ``getUpdates`` queue when no webhook is set; a Bot API method in the webhook's answer is
carried out, as Telegram does: :meth:`carry_out`).  Build updates with
:mod:`fakes.telegram_updates`.  Files: :meth:`add_file` (served by ``getFile`` and the file
URL); ``sendPhoto``/``sendDocument`` take a multipart upload (kept: :meth:`uploads`) or a
file_id this bot issued (any other is a 400, as another bot's file_id is on Telegram).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ._common import (
    Call,
    Recorder,
    Served,
    UploadedFile,
    parse_multipart,
    poll_until,
    poll_until_sync,
    read_params,
)
from ._tgformat import EntityParseError, format_text, utf16_len

__all__ = [
    "DEFAULT_BOT_USERNAME",
    "DEFAULT_TOKEN",
    "WEBHOOK_ANSWER",
    "FakeTelegram",
    "TelegramFault",
]

# Marks a call Telegram made from a webhook's answer (see FakeTelegram.carry_out).
WEBHOOK_ANSWER = "x-fake-webhook-answer"
_METHOD_RE = re.compile(r"[A-Za-z]{1,64}")
DEFAULT_TOKEN = "7012345678:AAFakeTokenForShopWatchTests-0123456"
DEFAULT_BOT_USERNAME = "shopwatch_test_bot"

_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: chat not found",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
}

# Parameters that are always strings even when they look like numbers / JSON.
_TEXT_FIELDS = frozenset(
    {
        "text",
        "caption",
        "url",
        "secret_token",
        "callback_query_id",
        "inline_message_id",
        "file_id",
        "parse_mode",
        "action",
        "emoji",
        "title",
        "description",
        "language_code",
        "query",
        "address",
        "first_name",
        "last_name",
        "phone_number",
        "vcard",
        "sticker",
        "photo",
        "document",
        "audio",
        "video",
        "voice",
        "animation",
        "thumbnail",
        "business_connection_id",
        "ip_address",
        "message_effect_id",
        "name",
        "short_name",
        "explanation",
        "question",
        "certificate",
        "foursquare_id",
        "google_place_id",
        "foursquare_type",
        "google_place_type",
        "payload",
        "currency",
        "provider_token",
        "start_parameter",
        "custom_emoji_id",
        "sticker_set_name",
        "chat_id",
        "from_chat_id",
    }
)
_INT_RE = re.compile(r"-?\d+")
_FLOAT_RE = re.compile(r"-?\d+\.\d*(?:[eE]-?\d+)?")

# camelCase names of the methods the fake implements (lookup is case-insensitive).
_SEND_METHODS = {"sendmessage", "sendphoto", "senddocument"}


class ApiError(Exception):
    def __init__(self, status: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def error_body(status: int, description: str, parameters: dict | None = None) -> dict:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return body


@dataclass
class TelegramFault:
    method: str  # lower-case method name, or "*" for any
    status: int | None
    description: str
    parameters: dict | None
    remaining: int
    chat_id: str | None
    delay: float = 0.0

    def matches(self, method: str, params: dict[str, Any]) -> bool:
        if self.remaining <= 0:
            return False
        if self.method not in ("*", method.lower()):
            return False
        return self.chat_id is None or str(params.get("chat_id")) == self.chat_id


def _decode_value(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if value.startswith("attach://"):
        return value
    if key in ("chat_id", "from_chat_id"):
        return int(value) if _INT_RE.fullmatch(value) else value
    if key in _TEXT_FIELDS:
        return value
    if value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    if value in ("true", "false"):
        return value == "true"
    if _INT_RE.fullmatch(value):
        return int(value)
    if _FLOAT_RE.fullmatch(value):
        return float(value)
    return value


def _resolve_attach(value: Any, files: dict[str, UploadedFile]) -> Any:
    if isinstance(value, str) and value.startswith("attach://"):
        return files.get(value.removeprefix("attach://"), value)
    if isinstance(value, list):
        return [_resolve_attach(v, files) for v in value]
    if isinstance(value, dict):
        return {k: _resolve_attach(v, files) for k, v in value.items()}
    return value


def decode_params(
    pairs: list[tuple[str, str]], json_body: Any, files: list[UploadedFile]
) -> dict[str, Any]:
    """Turn a Bot API request into a plain dict: JSON fields decoded, numbers as int, files."""
    params: dict[str, Any] = {}
    for key, value in pairs:
        params[key] = _decode_value(key, value)
    if isinstance(json_body, dict):
        for key, value in json_body.items():
            params[key] = _decode_value(key, value) if isinstance(value, str) else value
    by_name = {f.field_name: f for f in files}
    for name, f in by_name.items():
        params.setdefault(name, f)
    return {k: _resolve_attach(v, by_name) for k, v in params.items()}


def _now() -> int:
    return int(time.time())


def _file_id(kind: str) -> str:
    prefix = {"photo": "AgACAgIAAxkBAAI", "document": "BQACAgIAAxkBAAI"}.get(
        kind, "CAACAgIAAxkBAAI"
    )
    return prefix + secrets.token_urlsafe(48)[:56]


def _unique_id() -> str:
    return "AQAD" + secrets.token_urlsafe(12)[:12]


class FakeTelegram(Recorder, Served):
    """In-memory Telegram Bot API; see the module docstring."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = DEFAULT_BOT_USERNAME,
        bot_first_name: str = "ShopWatch",
        long_poll_cap: float = 1.0,
        strict_edits: bool = False,
    ) -> None:
        Recorder.__init__(self)
        self.token = token
        self.bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 1
        self.bot_user: dict[str, Any] = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        #: getUpdates waits at most this long even if the client asks for a longer timeout.
        self.long_poll_cap = long_poll_cap
        #: When True, editing/deleting a message the fake never saw is a 400 (as in reality);
        #: when False the fake invents the message so tests need not pre-register it.
        self.strict_edits = strict_edits
        #: chat ids (int or "@name") for which every call with that chat_id answers 403.
        self.blocked_chats: set[int | str] = set()
        self.webhook: dict[str, Any] = {}
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self._pending: list[dict[str, Any]] = []
        self._faults: list[TelegramFault] = []
        self._chats: dict[int | str, dict[str, Any]] = {}
        self._messages: dict[tuple[int | str, int], dict[str, Any]] = {}
        self._last_message_id: dict[int | str, int] = {}
        self._files: dict[str, dict[str, Any]] = {}  # file_id -> File object + "_data"
        self._paths: dict[str, bytes] = {}
        self._answered_queries: set[str] = set()
        self._stopping = False
        #: Other bots served on this fake's URL (add_bot), by token; each keeps its own state.
        self.bots: dict[str, FakeTelegram] = {}
        self._host: FakeTelegram | None = None
        self._handlers: dict[str, tuple[str, Callable[..., Any]]] = {}
        for name in (
            "getMe",
            "sendMessage",
            "editMessageText",
            "editMessageCaption",
            "editMessageReplyMarkup",
            "answerCallbackQuery",
            "setWebhook",
            "deleteWebhook",
            "setMyCommands",
            "sendPhoto",
            "sendDocument",
            "getFile",
            "getUpdates",
        ):
            self._handlers[name.lower()] = (name, getattr(self, "_m_" + name))
        self.app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._endpoint, methods=["GET", "POST"]),
                Route("/file/bot{token}/{file_path:path}", self._download, methods=["GET"]),
            ]
        )

    def add_bot(self, token: str, *, bot_username: str) -> FakeTelegram:
        """Another bot on the same Bot API URL, as on api.telegram.org: requests with its token
        go to it, and it keeps its own calls, chats, files, faults and webhook."""
        other = FakeTelegram(
            token,
            bot_username=bot_username,
            long_poll_cap=self.long_poll_cap,
            strict_edits=self.strict_edits,
        )
        other._host = self
        self.bots[token] = other
        return other

    def _require_url(self) -> str:
        return self._host._require_url() if self._host is not None else super()._require_url()

    # ------------------------------------------------------------------ URLs
    @property
    def api_url(self) -> str:
        """Value for ``SHOPWATCH_TELEGRAM_API_URL`` / PTB ``base_url`` (token is appended)."""
        return f"{self._require_url()}/bot"

    @property
    def file_url(self) -> str:
        """PTB ``base_file_url``: same as :attr:`api_url` with ``bot`` -> ``file/bot``."""
        return f"{self._require_url()}/file/bot"

    @property
    def env(self) -> dict[str, str]:
        """Environment for the product settings, e.g. ``monkeypatch.setenv(**...)`` loop."""
        return {"SHOPWATCH_TELEGRAM_API_URL": self.api_url}

    # ------------------------------------------------------------- test API
    def calls(self, method: str | None = None) -> list[Call]:
        """Recorded calls in arrival order (including failed ones; see ``Call.status``)."""
        all_calls = self._all_calls()
        if method is None:
            return all_calls
        return [c for c in all_calls if c.method.lower() == method.lower()]

    def sent_messages(self, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        """Message objects returned by successful send* calls (optionally for one chat)."""
        out: list[dict[str, Any]] = []
        for c in self._all_calls():
            if c.ok and c.method.lower() in _SEND_METHODS and isinstance(c.response, dict):
                msg = c.response.get("result")
                if isinstance(msg, dict) and (
                    chat_id is None or str(c.params.get("chat_id")) == str(chat_id)
                ):
                    out.append(msg)
        return out

    def sent_texts(self, chat_id: int | str | None = None) -> list[str]:
        """``text`` params (as sent, markup included) of successful sendMessage calls."""
        return [
            c.params.get("text", "")
            for c in self.calls("sendMessage")
            if c.ok and (chat_id is None or str(c.params.get("chat_id")) == str(chat_id))
        ]

    def message(self, chat_id: int | str, message_id: int) -> dict[str, Any] | None:
        """Current state (after edits) of a message the fake knows."""
        with self._lock:
            return self._messages.get((self._chat_key(chat_id), int(message_id)))

    def _matcher(self, predicate: Callable[[Call], bool] | str) -> Callable[[Call], bool]:
        if isinstance(predicate, str):
            name = predicate.lower()
            return lambda c: c.method.lower() == name
        return predicate

    def _describe(self, what: str) -> Callable[[], str]:
        def describe() -> str:
            seen = [(c.method, c.status, c.params.get("text")) for c in self._all_calls()]
            return f"no call matched {what}; calls so far: {seen}"

        return describe

    async def wait_for(
        self,
        predicate: Callable[[Call], bool] | str,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> Call:
        """Wait until a recorded call satisfies ``predicate(call)`` (or has that method name);
        returns the first such call (earlier calls count too - use :meth:`clear` first)."""
        match = self._matcher(predicate)
        return await poll_until(
            lambda: next((c for c in self._all_calls() if match(c)), None),
            timeout,
            self._describe(repr(predicate)),
        )

    def wait_for_sync(self, predicate: Callable[[Call], bool] | str, timeout: float = 5.0) -> Call:
        match = self._matcher(predicate)
        return poll_until_sync(
            lambda: next((c for c in self._all_calls() if match(c)), None),
            timeout,
            self._describe(repr(predicate)),
        )

    async def wait_for_text(
        self,
        chat_id: int | str,
        contains: str = "",
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> Call:
        """Wait for a successful sendMessage to ``chat_id`` whose text contains ``contains``."""
        return await self.wait_for(
            lambda c: (
                c.ok
                and c.method == "sendMessage"
                and str(c.params.get("chat_id")) == str(chat_id)
                and contains in str(c.params.get("text", ""))
            ),
            timeout,
        )

    def clear(self) -> None:
        """Forget recorded calls (state such as messages, files, webhook is kept)."""
        with self._lock:
            self._calls.clear()

    def reset(self) -> None:
        """Forget calls, faults, pending updates, blocked chats, webhook and messages."""
        with self._lock:
            self._calls.clear()
            self._faults.clear()
            self._pending.clear()
            self.blocked_chats.clear()
            self.webhook.clear()
            self._messages.clear()
            self._answered_queries.clear()

    def fail_next(
        self,
        method: str = "*",
        status: int = 429,
        *,
        retry_after: int = 5,
        description: str | None = None,
        parameters: dict[str, Any] | None = None,
        count: int = 1,
        chat_id: int | str | None = None,
        delay: float = 0.0,
    ) -> TelegramFault:
        """Make the next ``count`` calls of ``method`` ("*" = any; optionally only those with
        ``chat_id``) answer ``status`` with the real Bot API error body.

        429 -> ``"Too Many Requests: retry after N"`` + ``parameters.retry_after`` (PTB:
        ``RetryAfter``); 403 -> ``"Forbidden: bot was blocked by the user"`` (``Forbidden``);
        500/502 -> ``NetworkError``; 400 -> ``BadRequest`` (``description=`` to customise; pass
        ``parameters={"migrate_to_chat_id": -100...}`` for ``ChatMigrated``).
        """
        params = dict(parameters or {})
        if status == 429:
            params.setdefault("retry_after", retry_after)
            desc = description or f"Too Many Requests: retry after {params['retry_after']}"
        else:
            desc = description or _DEFAULT_DESCRIPTIONS.get(status, f"Error {status}")
        fault = TelegramFault(
            method.lower(),
            status,
            desc,
            params or None,
            count,
            None if chat_id is None else str(chat_id),
            delay,
        )
        with self._lock:
            self._faults.append(fault)
        return fault

    def delay_next(self, method: str = "*", seconds: float = 1.0, *, count: int = 1) -> None:
        """Answer the next ``count`` calls of ``method`` normally but after ``seconds``."""
        with self._lock:
            self._faults.append(
                TelegramFault(method.lower(), None, "", None, count, None, seconds)
            )

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def add_file(
        self,
        data: bytes,
        *,
        file_id: str | None = None,
        file_path: str | None = None,
        file_unique_id: str | None = None,
    ) -> dict[str, Any]:
        """Register downloadable bytes; returns the Bot API ``File`` object.

        Use the ``file_id`` of a PhotoSize built by ``telegram_updates.photo`` so that the
        product's ``getFile`` + download of the photo it was sent works.
        """
        file_id = file_id or _file_id("document")
        file_path = file_path or f"photos/file_{len(self._paths)}.jpg"
        obj = {
            "file_id": file_id,
            "file_unique_id": file_unique_id or _unique_id(),
            "file_size": len(data),
            "file_path": file_path,
        }
        with self._lock:
            self._files[file_id] = obj
            self._paths[file_path] = data
        return dict(obj)

    def queue_update(self, *updates: dict[str, Any]) -> None:
        """Queue updates for ``getUpdates`` (long polls waiting on the fake wake up)."""
        with self._lock:
            for u in updates:
                self.remember(u)
                self._pending.append(u)

    def pending_updates(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._pending)

    async def deliver(
        self,
        update: dict[str, Any],
        *,
        timeout: float = 10.0,  # noqa: ASYNC109
    ) -> httpx.Response | None:
        """Send ``update`` like Telegram would: POST to the webhook set via ``setWebhook``
        (JSON body, ``X-Telegram-Bot-Api-Secret-Token``), or queue it for ``getUpdates`` if
        no webhook is set (returns None then)."""
        url = self.webhook.get("url")
        if not url:
            self.queue_update(update)
            return None
        self.remember(update)
        headers = {"Content-Type": "application/json"}
        if self.webhook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook["secret_token"]
        async with httpx.AsyncClient(timeout=timeout) as client:
            resp = await client.post(url, content=json.dumps(update), headers=headers)
        if resp.status_code >= 300:
            self.webhook["last_error_date"] = _now()
            self.webhook["last_error_message"] = (
                f"Wrong response from the webhook: {resp.status_code} {resp.reason_phrase}"
            )
        else:
            await self.carry_out(resp)
        return resp

    async def carry_out(self, answer: httpx.Response) -> Call | None:
        """What Telegram does with a webhook's answer that names a Bot API ``method`` (JSON,
        urlencoded or multipart, as in "Making requests when getting updates"): the call is
        made, and its result goes nowhere (the bot cannot learn it). Recorded like any call,
        with the header :data:`WEBHOOK_ANSWER`; None when the answer names no method."""
        ctype = answer.headers.get("content-type", "")
        base = ctype.split(";", 1)[0].strip().lower()
        pairs: list[tuple[str, str]] = []
        json_body: Any = None
        files: list[UploadedFile] = []
        try:
            if base == "application/json":
                json_body = json.loads(answer.content)
            elif base == "multipart/form-data":
                pairs, files = parse_multipart(answer.content, ctype)
            elif base == "application/x-www-form-urlencoded":
                pairs = parse_qsl(answer.text, keep_blank_values=True)
            params = decode_params(pairs, json_body, files)
        except ValueError:
            return None
        method = params.pop("method", None)
        if not isinstance(method, str) or not _METHOD_RE.fullmatch(method):
            return None
        headers = {"content-type": ctype, WEBHOOK_ANSWER: "1"}
        made: list[Call] = []
        await self._invoke(self.token, method, params, headers, made)
        return made[0]

    def remember(self, update_or_message: dict[str, Any]) -> None:
        """Learn chats/messages from an update (or a message) so later edits find them."""
        with self._lock:
            for key in ("message", "edited_message", "channel_post", "edited_channel_post"):
                msg = update_or_message.get(key)
                if isinstance(msg, dict):
                    self._remember_message(msg)
            cq = update_or_message.get("callback_query")
            if isinstance(cq, dict) and isinstance(cq.get("message"), dict):
                self._remember_message(cq["message"])
            if "message_id" in update_or_message and "chat" in update_or_message:
                self._remember_message(update_or_message)

    def _remember_message(self, msg: dict[str, Any]) -> None:
        chat = msg["chat"]
        self._chats.setdefault(chat["id"], chat)
        key = (chat["id"], int(msg["message_id"]))
        self._messages.setdefault(key, msg)
        last = self._last_message_id.get(chat["id"], 1000)
        self._last_message_id[chat["id"]] = max(last, int(msg["message_id"]))

    # ------------------------------------------------------------- plumbing
    def _before_stop(self) -> None:
        self._stopping = True
        for other in self.bots.values():
            other._stopping = True

    def start(self) -> str:
        self._stopping = False
        for other in self.bots.values():
            other._stopping = False
        return super().start()

    def _chat_key(self, chat_id: int | str) -> int | str:
        if isinstance(chat_id, str) and _INT_RE.fullmatch(chat_id):
            return int(chat_id)
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            known = next(
                (c["id"] for c in self._chats.values() if c.get("username") == chat_id[1:]),
                None,
            )
            if known is not None:
                return known
            digest = int(hashlib.sha1(chat_id.encode()).hexdigest()[:9], 16)
            return -1001000000000 - digest
        return chat_id

    def _chat(self, chat_id: int | str | None) -> dict[str, Any]:
        if chat_id is None or chat_id == "":
            raise ApiError(400, "Bad Request: chat_id is empty")
        key = self._chat_key(chat_id)
        if key in self._chats:
            return self._chats[key]
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            name = chat_id[1:]
            chat = {"id": key, "title": name, "username": name, "type": "channel"}
        elif isinstance(key, int) and key > 0:
            chat = {"id": key, "first_name": "User", "last_name": str(key), "type": "private"}
        elif str(key).startswith("-100"):
            chat = {"id": key, "title": "Group", "type": "supergroup"}
        else:
            chat = {"id": key, "title": "Group", "type": "group"}
        self._chats[key] = chat
        return chat

    def _next_message_id(self, chat_key: int | str) -> int:
        new_id = self._last_message_id.get(chat_key, 1000) + 1
        self._last_message_id[chat_key] = new_id
        return new_id

    def _take_fault(self, method: str, params: dict[str, Any]) -> TelegramFault | None:
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, params):
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def _is_blocked(self, params: dict[str, Any]) -> bool:
        chat_id = params.get("chat_id")
        if chat_id is None:
            return False
        blocked = {str(c) for c in self.blocked_chats}
        return str(chat_id) in blocked

    def _respond(self, call: Call, status: int, body: dict[str, Any]) -> JSONResponse:
        call.status = status
        call.response = body
        self._record(call)
        return JSONResponse(body, status_code=status)

    async def _endpoint(self, request: Request) -> Response:
        token = request.path_params["token"]
        if token != self.token and token in self.bots:
            return await self.bots[token]._endpoint(request)
        method = request.path_params["method"]
        try:
            pairs, json_body, files = await read_params(request)
            params = decode_params(pairs, json_body, files)
        except ValueError:
            params = {}
        return await self._invoke(token, method, params, dict(request.headers))

    async def _invoke(
        self,
        token: str,
        method: str,
        params: dict[str, Any],
        headers: dict[str, str],
        made: list[Call] | None = None,
    ) -> JSONResponse:
        """One Bot API call, recorded (and appended to `made`, when given)."""
        entry = self._handlers.get(method.lower())
        call = Call(entry[0] if entry else method, params, time.time(), headers=headers)
        if made is not None:
            made.append(call)
        if token != self.token:
            return self._respond(call, 401, error_body(401, "Unauthorized"))
        fault = self._take_fault(method, params)
        if fault is not None:
            if fault.delay:
                await asyncio.sleep(fault.delay)
            if fault.status is not None:
                refusal = error_body(fault.status, fault.description, fault.parameters)
                return self._respond(call, fault.status, refusal)
        if entry is None:
            return self._respond(call, 404, error_body(404, "Not Found: method not found"))
        if self._is_blocked(params):
            return self._respond(
                call, 403, error_body(403, "Forbidden: bot was blocked by the user")
            )
        try:
            result = await entry[1](params)
        except ApiError as exc:
            return self._respond(
                call, exc.status, error_body(exc.status, exc.description, exc.parameters)
            )
        body: dict[str, Any] = {"ok": True, "result": result}
        if isinstance(result, tuple):
            body = {"ok": True, "result": result[0], "description": result[1]}
        return self._respond(call, 200, body)

    async def _download(self, request: Request) -> Response:
        token = request.path_params["token"]
        if token != self.token and token in self.bots:
            return await self.bots[token]._download(request)
        path = request.path_params["file_path"]
        call = Call("file", {"file_path": path}, time.time())
        if token != self.token:
            return self._respond(call, 401, error_body(401, "Unauthorized"))
        with self._lock:
            data = self._paths.get(path)
        if data is None:
            return self._respond(call, 404, error_body(404, "Not Found"))
        call.status = 200
        self._record(call)
        return Response(data, media_type="application/octet-stream")

    # --------------------------------------------------------- validations
    @staticmethod
    def _format(text: str, parse_mode: str | None, what: str = "message") -> tuple[str, list]:
        try:
            return format_text(text, parse_mode)
        except EntityParseError as exc:
            raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from None
        except ValueError:
            raise ApiError(400, "Bad Request: unsupported parse_mode") from None

    @staticmethod
    def _check_markup(markup: Any) -> dict[str, Any] | None:
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        keyboard = markup.get("inline_keyboard")
        if keyboard is None:
            return markup
        if not isinstance(keyboard, list) or not all(isinstance(r, list) for r in keyboard):
            raise ApiError(400, 'Bad Request: field "inline_keyboard" must be an Array of Arrays')
        for row in keyboard:
            for button in row:
                if not button.get("text"):
                    raise ApiError(
                        400, "Bad Request: text buttons are unallowed in the inline keyboard"
                    )
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                if not any(
                    k in button
                    for k in (
                        "callback_data",
                        "url",
                        "web_app",
                        "login_url",
                        "switch_inline_query",
                        "switch_inline_query_current_chat",
                        "switch_inline_query_chosen_chat",
                        "copy_text",
                        "callback_game",
                        "pay",
                    )
                ):
                    raise ApiError(
                        400, "Bad Request: text buttons are unallowed in the inline keyboard"
                    )
        return markup

    def _new_message(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        with self._lock:
            chat = self._chat(params.get("chat_id"))
            msg: dict[str, Any] = {
                "message_id": self._next_message_id(chat["id"]),
                "from": self.bot_user,
                "chat": chat,
                "date": _now(),
            }
            if chat.get("type") == "channel":
                msg.pop("from")
                msg["sender_chat"] = chat
            reply_to = params.get("reply_to_message_id")
            rp = params.get("reply_parameters")
            if isinstance(rp, dict):
                reply_to = rp.get("message_id")
            if reply_to is not None:
                original = self._messages.get((chat["id"], int(reply_to)))
                if original is not None:
                    msg["reply_to_message"] = {
                        k: v for k, v in original.items() if k != "reply_to_message"
                    }
            msg.update({k: v for k, v in content.items() if v not in (None, [])})
            markup = self._check_markup(params.get("reply_markup"))
            if markup and "inline_keyboard" in markup:
                msg["reply_markup"] = markup
            self._messages[(chat["id"], msg["message_id"])] = msg
            return msg

    def _find_message(self, params: dict[str, Any], verb: str) -> dict[str, Any]:
        chat = self._chat(params.get("chat_id"))
        if params.get("message_id") is None:
            raise ApiError(400, "Bad Request: message identifier is not specified")
        key = (chat["id"], int(params["message_id"]))
        msg = self._messages.get(key)
        if msg is None:
            if self.strict_edits:
                raise ApiError(400, f"Bad Request: message to {verb} not found")
            msg = {
                "message_id": key[1],
                "from": self.bot_user,
                "chat": chat,
                "date": _now(),
                "text": "",
            }
            self._messages[key] = msg
        return msg

    # -------------------------------------------------------------- methods
    async def _m_getMe(self, params: dict[str, Any]) -> Any:
        return self.bot_user

    async def _m_sendMessage(self, params: dict[str, Any]) -> Any:
        text = params.get("text")
        if text is None or str(text).strip() == "":
            self._chat(params.get("chat_id"))
            raise ApiError(400, "Bad Request: message text is empty")
        plain, entities = self._format(str(text), params.get("parse_mode"))
        if not plain.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(plain) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        if isinstance(params.get("entities"), list):
            entities = params["entities"]
        opts = params.get("link_preview_options")
        return self._new_message(
            params,
            text=plain,
            entities=entities,
            link_preview_options=opts if isinstance(opts, dict) and opts else None,
        )

    async def _m_editMessageText(self, params: dict[str, Any]) -> Any:
        text = params.get("text")
        if text is None or str(text).strip() == "":
            raise ApiError(400, "Bad Request: message text is empty")
        plain, entities = self._format(str(text), params.get("parse_mode"))
        if utf16_len(plain) > 4096:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        markup = self._check_markup(params.get("reply_markup"))
        if params.get("inline_message_id"):
            return True
        with self._lock:
            msg = self._find_message(params, "edit")
            if (
                msg.get("text") == plain
                and msg.get("entities", []) == entities
                and msg.get("reply_markup") == markup
            ):
                raise ApiError(
                    400,
                    "Bad Request: message is not modified: specified new message content and "
                    "reply markup are exactly the same as a current content and reply markup "
                    "of the message",
                )
            msg["text"] = plain
            msg.pop("entities", None)
            if entities:
                msg["entities"] = entities
            msg.pop("reply_markup", None)
            if markup and "inline_keyboard" in markup:
                msg["reply_markup"] = markup
            msg["edit_date"] = _now()
            return msg

    async def _m_editMessageCaption(self, params: dict[str, Any]) -> Any:
        plain, entities = self._format(str(params.get("caption") or ""), params.get("parse_mode"))
        markup = self._check_markup(params.get("reply_markup"))
        if params.get("inline_message_id"):
            return True
        with self._lock:
            msg = self._find_message(params, "edit")
            if "text" in msg and "photo" not in msg and "document" not in msg:
                raise ApiError(400, "Bad Request: there is no caption in the message to edit")
            msg["caption"] = plain
            msg.pop("caption_entities", None)
            if entities:
                msg["caption_entities"] = entities
            msg.pop("reply_markup", None)
            if markup and "inline_keyboard" in markup:
                msg["reply_markup"] = markup
            msg["edit_date"] = _now()
            return msg

    async def _m_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        markup = self._check_markup(params.get("reply_markup"))
        if params.get("inline_message_id"):
            return True
        with self._lock:
            msg = self._find_message(params, "edit")
            new = markup if markup and "inline_keyboard" in markup else None
            if msg.get("reply_markup") == new:
                raise ApiError(
                    400,
                    "Bad Request: message is not modified: specified new message content and "
                    "reply markup are exactly the same as a current content and reply markup "
                    "of the message",
                )
            msg.pop("reply_markup", None)
            if new:
                msg["reply_markup"] = new
            msg["edit_date"] = _now()
            return msg

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        qid = params.get("callback_query_id")
        if not qid:
            raise ApiError(400, "Bad Request: QUERY_ID_INVALID")
        with self._lock:
            if str(qid) in self._answered_queries:
                raise ApiError(
                    400,
                    "Bad Request: query is too old and response timeout expired or query ID "
                    "is invalid",
                )
            self._answered_queries.add(str(qid))
        if len(str(params.get("text") or "")) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    async def _m_setWebhook(self, params: dict[str, Any]) -> Any:
        url = str(params.get("url") or "")
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        with self._lock:
            if params.get("drop_pending_updates"):
                self._pending.clear()
            if not url:
                self.webhook.clear()
                return True, "Webhook was deleted"
            if not re.match(r"https?://", url):
                raise ApiError(
                    400,
                    "Bad Request: bad webhook: Failed to resolve host: Name or service not known",
                )
            self.webhook.clear()
            self.webhook.update(
                url=url,
                secret_token=secret,
                allowed_updates=params.get("allowed_updates"),
                max_connections=params.get("max_connections", 40),
                ip_address=params.get("ip_address", "127.0.0.1"),
            )
        return True, "Webhook was set"

    async def _m_deleteWebhook(self, params: dict[str, Any]) -> Any:
        with self._lock:
            if params.get("drop_pending_updates"):
                self._pending.clear()
            had = bool(self.webhook.get("url"))
            self.webhook.clear()
        return True, "Webhook was deleted" if had else "Webhook is already deleted"

    @staticmethod
    def _scope_key(params: dict[str, Any]) -> str:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps([scope, params.get("language_code") or ""], sort_keys=True)

    async def _m_setMyCommands(self, params: dict[str, Any]) -> Any:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise ApiError(400, "Bad Request: can't parse commands JSON object")
        for cmd in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(cmd.get("command", ""))):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(cmd.get("description", ""))) <= 256:
                raise ApiError(400, "Bad Request: command description is empty")
        with self._lock:
            self.commands[self._scope_key(params)] = commands
        return True

    def _store_upload(self, upload: UploadedFile, kind: str, suffix: str) -> dict[str, Any]:
        path = f"{kind}s/file_{len(self._paths)}{suffix}"
        return self.add_file(upload.data, file_id=_file_id(kind), file_path=path)

    async def _m_sendPhoto(self, params: dict[str, Any]) -> Any:
        photo = params.get("photo")
        if photo is None or photo == "":
            raise ApiError(400, "Bad Request: there is no photo in the request")
        if isinstance(photo, UploadedFile):
            big = self._store_upload(photo, "photo", ".jpg")
            size = big["file_size"]
        elif isinstance(photo, str) and photo in self._files:
            big = self._files[photo]
            size = big["file_size"]
        elif isinstance(photo, str) and photo.startswith(("http://", "https://")):
            big = {"file_id": _file_id("photo"), "file_unique_id": _unique_id()}
            size = 120_000
        else:  # a file_id this bot never issued (another bot's, or made up)
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        sizes = [
            {
                "file_id": _file_id("photo"),
                "file_unique_id": _unique_id(),
                "file_size": max(1, size // 40),
                "width": 90,
                "height": 68,
            },
            {
                "file_id": _file_id("photo"),
                "file_unique_id": _unique_id(),
                "file_size": max(1, size // 8),
                "width": 320,
                "height": 240,
            },
            {
                "file_id": big["file_id"],
                "file_unique_id": big["file_unique_id"],
                "file_size": size,
                "width": 1280,
                "height": 960,
            },
        ]
        caption, entities = self._format(
            str(params.get("caption") or ""), params.get("parse_mode")
        )
        if utf16_len(caption) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        return self._new_message(
            params, photo=sizes, caption=caption or None, caption_entities=entities
        )

    async def _m_sendDocument(self, params: dict[str, Any]) -> Any:
        """A document by upload (multipart; the bytes are kept, see :meth:`uploads`) or by a
        file_id this bot issued."""
        document = params.get("document")
        if document is None or document == "":
            raise ApiError(400, "Bad Request: there is no document in the request")
        if isinstance(document, UploadedFile):
            name = document.filename or "document"
            suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
            stored = self._store_upload(document, "document", suffix)
            meta = {
                **stored,
                "file_name": name,
                "mime_type": document.content_type or "application/octet-stream",
            }
            with self._lock:
                self._files[stored["file_id"]].update(meta)
        elif isinstance(document, str) and document in self._files:
            meta = dict(self._files[document])
        else:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        caption, entities = self._format(
            str(params.get("caption") or ""), params.get("parse_mode")
        )
        if utf16_len(caption) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        keys = ("file_id", "file_unique_id", "file_size", "file_name", "mime_type")
        shown: dict[str, Any] = {k: meta[k] for k in keys if k in meta}
        return self._new_message(
            params, document=shown, caption=caption or None, caption_entities=entities
        )

    def uploads(self, chat_id: int | str | None = None) -> list[UploadedFile]:
        """Every file uploaded with sendPhoto or sendDocument (to `chat_id`), in order."""
        found = []
        for call in self.calls():
            if call.method not in ("sendPhoto", "sendDocument") or not call.ok:
                continue
            if chat_id is not None and str(call.params.get("chat_id")) != str(chat_id):
                continue
            for key in ("photo", "document"):
                if isinstance(call.params.get(key), UploadedFile):
                    found.append(call.params[key])
        return found

    async def _m_getFile(self, params: dict[str, Any]) -> Any:
        file_id = str(params.get("file_id") or "")
        with self._lock:
            obj = self._files.get(file_id)
        if obj is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return dict(obj)

    async def _m_getUpdates(self, params: dict[str, Any]) -> Any:
        if self.webhook.get("url"):
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        offset = params.get("offset")
        limit = max(1, min(100, int(params.get("limit") or 100)))
        timeout = min(float(params.get("timeout") or 0), self.long_poll_cap)
        allowed = params.get("allowed_updates") or None

        def take() -> list[dict[str, Any]]:
            with self._lock:
                if isinstance(offset, int) and offset < 0:
                    del self._pending[: max(0, len(self._pending) + offset)]
                elif isinstance(offset, int) and offset:
                    self._pending[:] = [u for u in self._pending if u["update_id"] >= offset]
                pending = self._pending
                if allowed:
                    pending = [u for u in pending if set(u) - {"update_id"} & set(allowed)]
                return pending[:limit]

        deadline = time.monotonic() + timeout
        updates = take()
        while not updates and time.monotonic() < deadline and not self._stopping:
            await asyncio.sleep(0.01)
            updates = take()
        return updates
