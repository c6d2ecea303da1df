"""Fake Twilio REST API (Programmable Messaging subset) over real HTTP on 127.0.0.1.

Start it::

    async with FakeTwilio() as tw:              # or: with FakeTwilio() as tw:
        tw.base_url        # "http://127.0.0.1:PORT"  -> SHOPWATCH_TWILIO_API_URL
        tw.account_sid, tw.auth_token                  # the credentials accepted (add_account)

Pointing twilio-python (v9) at it
---------------------------------
Every product domain of the client is a ``twilio.base.domain.Domain`` whose ``base_url``
attribute (``"https://api.twilio.com"`` for ``client.api``) is read on *every* request by
``Domain.absolute_url``, and ``client.messages`` is ``client.api.v2010.account.messages``.
So the product should do::

    from twilio.http.async_http_client import AsyncTwilioHttpClient
    from twilio.rest import Client

    client = Client(account_sid, auth_token, http_client=AsyncTwilioHttpClient())
    client.api.base_url = settings.twilio_api_url      # default "https://api.twilio.com"
    msg = await client.messages.create_async(to=..., from_=..., body=...)

(``edge``/``region`` cannot be used: ``ClientBase.get_hostname`` only rewrites the
``api.<edge>.<region>.twilio.com`` host pieces, it cannot change scheme/host/port.)
Any other domain the product uses needs the same assignment (e.g. ``client.content.base_url``).

Endpoints
---------
* ``POST /2010-04-01/Accounts/{AC}/Messages.json`` (Basic auth, form: To, From or
  MessagingServiceSid, Body | MediaUrl (repeatable) | ContentSid + ContentVariables,
  StatusCallback, ...) -> 201 Message resource; validation errors are real Twilio codes
  (21604, 21603, 21602, 21617, 21211, 21910, 21609, 21656).
* ``GET .../Messages.json`` (list, ``To``/``From`` filters), ``GET/POST .../Messages/{SM}.json``.
* ``GET .../Messages/{MM}/Media.json``, ``GET .../Messages/{MM}/Media/{ME}(.json)`` - the content
  URL answers a 307 redirect to ``/cdn/<token>`` (unauthenticated), as real Twilio redirects to
  its CDN; set ``media_redirect=False`` to serve bytes directly.  ``GET /media/<name>`` serves
  bytes directly.  Both require Basic auth (like "Enforce HTTP Auth on Media URLs").
* A message with ``MediaUrl`` is answered at once; the fake then GETs each URL (no
  credentials, redirects followed, as Twilio does; :meth:`route` maps the product's public URL
  to where it really listens) and records it in ``TwilioMessage.fetched``
  (:meth:`wait_for_media`); a failed fetch or a type WhatsApp refuses fails the message, 63019.
* Wrong/missing credentials -> 401 ``{"code": 20003, "message": "Authenticate", ...}``.

Test API: :meth:`FakeTwilio.messages`, :meth:`wait_for`, :meth:`wait_for_message`,
:meth:`calls`, :meth:`fail_next`, :meth:`add_media`, :meth:`add_media_file`,
:meth:`add_content`, :meth:`send_status` (signed status callback to the message's
``StatusCallback``).  Inbound webhooks: :mod:`fakes.twilio_webhooks`.
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from ._common import Call, Recorder, Served, poll_until, poll_until_sync, read_params

__all__ = [
    "DEFAULT_ACCOUNT_SID",
    "DEFAULT_AUTH_TOKEN",
    "WHATSAPP_SANDBOX_NUMBER",
    "FakeTwilio",
    "FetchedMedia",
    "TwilioMessage",
    "twilio_error",
]

DEFAULT_ACCOUNT_SID = "AC5e1f0b2c3d4a59687f8e9d0c1b2a3f40"
DEFAULT_AUTH_TOKEN = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
WHATSAPP_SANDBOX_NUMBER = "whatsapp:+14155238886"
API_VERSION = "2010-04-01"

ERROR_MESSAGES = {
    20003: "Authenticate",
    20404: "The requested resource {path} was not found",
    20429: "Too Many Requests",
    20500: "Internal Server Error",
    20503: "Service Unavailable",
    21211: "Invalid 'To' Phone Number: {to}",
    21408: "Permission to send an SMS has not been enabled for the region indicated by the "
    "'To' number: {to}",
    21602: "Message body is required.",
    21603: "A 'From' phone number is required.",
    21604: "A 'To' phone number is required.",
    21609: "Invalid StatusCallback url",
    21610: "Attempt to send to unsubscribed recipient",
    21614: "'To' number is not a valid mobile number",
    21617: "The concatenated message body exceeds the 1600 character limit.",
    21656: "The ContentVariables Parameter is invalid.",
    21910: "Invalid From and To pair. From and To should be of the same channel",
    63007: "Twilio could not find a Channel with the specified From address",
    63016: "Failed to send freeform message because you are outside the allowed window. "
    "If you are using WhatsApp, please use a Message Template.",
}
# Content types WhatsApp takes as media (a subset of Twilio's list; others fail with 63019).
MEDIA_TYPES = frozenset(
    {"image/jpeg", "image/png", "image/webp", "application/pdf", "audio/ogg", "video/mp4"}
)
_DEFAULT_CODE = {400: 21211, 401: 20003, 404: 20404, 429: 20429, 500: 20500, 503: 20503}
_E164 = re.compile(r"\+[1-9]\d{6,14}")
_GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€"
)


def twilio_error(status: int, code: int, message: str) -> dict[str, Any]:
    """A Twilio REST error body (what ``TwilioRestException`` is built from)."""
    return {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


class _RestError(Exception):
    def __init__(self, status: int, code: int, **fmt: Any) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.message = ERROR_MESSAGES.get(code, "Error").format_map(_Blank(fmt))


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def rfc2822(ts: float | None = None) -> str:
    return format_datetime(datetime.fromtimestamp(ts or time.time(), UTC))


def num_segments(body: str, whatsapp: bool) -> int:
    if whatsapp or not body:
        return 1
    if set(body) <= _GSM7:
        return 1 if len(body) <= 160 else -(-len(body) // 153)
    units = len(body.encode("utf-16-le")) // 2
    return 1 if units <= 70 else -(-units // 67)


@dataclass
class TwilioMessage:
    """A message the product created; ``resource`` is exactly the JSON the fake returned."""

    sid: str
    to: str
    from_: str | None
    body: str
    params: dict[str, Any]
    resource: dict[str, Any]
    at: float
    media_urls: list[str] = field(default_factory=list)
    content_sid: str | None = None
    content_variables: dict[str, Any] | None = None
    status_callback: str | None = None
    #: What Twilio fetched from each MediaUrl (filled in shortly after the message is created).
    fetched: list[FetchedMedia] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.resource["status"]


@dataclass
class FetchedMedia:
    """One GET of a MediaUrl, as Twilio makes it before delivering the message."""

    url: str
    status: int
    content_type: str
    data: bytes

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.content_type in MEDIA_TYPES


@dataclass
class _Fault:
    status: int | None
    code: int
    message: str | None
    remaining: int
    to: str | None
    delay: float


@dataclass
class _Media:
    sid: str
    message_sid: str
    data: bytes
    content_type: str
    token: str = field(default_factory=lambda: secrets.token_urlsafe(16))


def _bare(addr: str | None) -> str:
    return (addr or "").split(":", 1)[-1]


class FakeTwilio(Recorder, Served):
    """In-memory Twilio Messaging API; see the module docstring."""

    def __init__(
        self,
        account_sid: str = DEFAULT_ACCOUNT_SID,
        auth_token: str = DEFAULT_AUTH_TOKEN,
        *,
        media_redirect: bool = True,
    ) -> None:
        Recorder.__init__(self)
        self.account_sid = account_sid
        self.auth_token = auth_token
        #: Other accounts served here (add_account): SID -> auth token.
        self.accounts: dict[str, str] = {}
        self.media_redirect = media_redirect
        self._api_keys: dict[str, str] = {}
        self._messages: list[TwilioMessage] = []
        self._by_sid: dict[str, TwilioMessage] = {}
        self._faults: list[_Fault] = []
        self._media: dict[str, _Media] = {}  # ME sid -> media
        self._files: dict[str, tuple[bytes, str]] = {}  # /media/<name>
        self._cdn: dict[str, _Media] = {}
        self._contents: dict[str, str] = {}
        self._hosts: dict[str, str] = {}  # public base URL -> where it really answers
        self._fetches: set[asyncio.Task[None]] = set()
        base = "/2010-04-01/Accounts/{account_sid}"
        self.app = Starlette(
            routes=[
                Route(base + "/Messages.json", self._messages_ep, methods=["GET", "POST"]),
                Route(
                    base + "/Messages/{sid}.json",
                    self._message_ep,
                    methods=["GET", "POST", "DELETE"],
                ),
                Route(base + "/Messages/{sid}/Media.json", self._media_list_ep, methods=["GET"]),
                Route(base + "/Messages/{sid}/Media/{media_sid}", self._media_ep, methods=["GET"]),
                Route("/media/{name:path}", self._file_ep, methods=["GET"]),
                Route("/cdn/{token}", self._cdn_ep, methods=["GET"]),
            ]
        )

    # ------------------------------------------------------------ config
    @property
    def env(self) -> dict[str, str]:
        return {"SHOPWATCH_TWILIO_API_URL": self._require_url()}

    def add_account(self, account_sid: str, auth_token: str) -> None:
        """Also accept another account's credentials, on its own /Accounts/{AC…} path."""
        self.accounts[account_sid] = auth_token

    def add_api_key(self, key_sid: str, secret: str) -> None:
        """Also accept ``Client(key_sid, secret, account_sid)`` style credentials."""
        self._api_keys[key_sid] = secret

    def add_content(self, content_sid: str, body_template: str) -> None:
        """Register a Content API template; ``{{1}}`` etc. are filled from ContentVariables."""
        self._contents[content_sid] = body_template

    def add_media(
        self, data: bytes, content_type: str = "image/jpeg", *, message_sid: str | None = None
    ) -> str:
        """Register bytes; returns a Twilio-shaped media URL on the fake (for ``MediaUrl0``)."""
        message_sid = message_sid or "MM" + secrets.token_hex(16)
        media = _Media("ME" + secrets.token_hex(16), message_sid, data, content_type)
        with self._lock:
            self._media[media.sid] = media
            self._cdn[media.token] = media
        return (
            f"{self._require_url()}/{API_VERSION}/Accounts/{self.account_sid}"
            f"/Messages/{message_sid}/Media/{media.sid}"
        )

    def add_media_file(self, name: str, data: bytes, content_type: str = "image/jpeg") -> str:
        """Register bytes at ``/media/<name>``; returns the absolute URL."""
        with self._lock:
            self._files[name] = (data, content_type)
        return f"{self._require_url()}/media/{name}"

    def route(self, public_base: str, actual_base: str) -> None:
        """Fetch MediaUrls under ``public_base`` from ``actual_base`` (as DNS and a proxy
        would send Twilio to the product's public URL)."""
        with self._lock:
            self._hosts[public_base.rstrip("/")] = actual_base.rstrip("/")

    async def wait_for_media(
        self,
        predicate: Callable[[TwilioMessage], bool] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> TwilioMessage:
        """Wait until a message with media (satisfying ``predicate``) has been fetched."""
        pred = predicate or (lambda m: True)

        def probe() -> TwilioMessage | None:
            for m in self.messages():
                if m.media_urls and len(m.fetched) == len(m.media_urls) and pred(m):
                    return m
            return None

        return await poll_until(probe, timeout, self._describe)

    async def _fetch_media(self, msg: TwilioMessage) -> None:
        """GET each MediaUrl without credentials, following redirects, as Twilio does; a
        failure fails the message with 63019 (and its status callback says so)."""
        async with httpx.AsyncClient(follow_redirects=True, timeout=10.0) as client:
            for url in msg.media_urls:
                target = url
                with self._lock:
                    hosts = dict(self._hosts)
                for public, actual in hosts.items():
                    if url.startswith(public + "/"):
                        target = actual + url[len(public) :]
                try:
                    response = await client.get(target, headers={"User-Agent": "TwilioProxy/1.1"})
                    kind = response.headers.get("content-type", "").split(";")[0].strip()
                    got = FetchedMedia(url, response.status_code, kind, response.content)
                except httpx.HTTPError:
                    got = FetchedMedia(url, 0, "", b"")
                with self._lock:
                    msg.fetched.append(got)
                    if not got.ok:
                        msg.resource["status"] = "failed"
                        msg.resource["error_code"] = 63019
                        msg.resource["error_message"] = "Media failed to download"

    # -------------------------------------------------------- inspection
    def calls(self, method: str | None = None) -> list[Call]:
        """Every request, e.g. method ``"POST Messages.json"``; failures included."""
        calls = self._all_calls()
        return calls if method is None else [c for c in calls if c.method == method]

    def messages(self, to: str | None = None) -> list[TwilioMessage]:
        """Successfully created messages; ``to`` matches with or without ``whatsapp:``."""
        with self._lock:
            msgs = list(self._messages)
        if to is None:
            return msgs
        return [m for m in msgs if m.to == to or _bare(m.to) == _bare(to)]

    def sent_bodies(self, to: str | None = None) -> list[str]:
        return [m.body for m in self.messages(to)]

    def message(self, sid: str) -> TwilioMessage | None:
        with self._lock:
            return self._by_sid.get(sid)

    def _describe(self) -> str:
        seen = [(m.to, m.body) for m in self.messages()]
        return f"no matching Twilio message; created so far: {seen}"

    async def wait_for(
        self,
        predicate: Callable[[TwilioMessage], bool] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> TwilioMessage:
        """Wait until a created message satisfies ``predicate`` (None = any); returns it."""
        pred = predicate or (lambda m: True)
        return await poll_until(
            lambda: next((m for m in self.messages() if pred(m)), None), timeout, self._describe
        )

    def wait_for_sync(
        self, predicate: Callable[[TwilioMessage], bool] | None = None, timeout: float = 5.0
    ) -> TwilioMessage:
        pred = predicate or (lambda m: True)
        return poll_until_sync(
            lambda: next((m for m in self.messages() if pred(m)), None), timeout, self._describe
        )

    async def wait_for_message(
        self,
        to: str,
        contains: str = "",
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> TwilioMessage:
        return await self.wait_for(
            lambda m: _bare(m.to) == _bare(to) and contains in m.body, timeout
        )

    def clear(self) -> None:
        """Forget recorded calls and created messages."""
        with self._lock:
            self._calls.clear()
            self._messages.clear()

    def reset(self) -> None:
        with self._lock:
            self.clear()
            self._by_sid.clear()
            self._faults.clear()

    # ------------------------------------------------------------ faults
    def fail_next(
        self,
        status: int = 429,
        *,
        code: int | None = None,
        message: str | None = None,
        count: int = 1,
        to: str | None = None,
        delay: float = 0.0,
    ) -> None:
        """Make the next ``count`` message creations (optionally only to ``to``) fail.

        ``status=429`` -> code 20429; ``500`` -> 20500; ``503`` -> 20503; ``400`` -> 21211
        (``code=63016`` for the WhatsApp 24 h window, ``21610`` unsubscribed, ...).
        The twilio library raises ``TwilioRestException(status, code=...)``.
        """
        code = code or _DEFAULT_CODE.get(status, status * 100)
        with self._lock:
            self._faults.append(_Fault(status, code, message, count, to, delay))

    def forget(self, sid: str) -> None:
        """Twilio no longer has message ``sid`` (deleted, or past its retention): 404 for it."""
        with self._lock:
            self._by_sid.pop(sid, None)

    def delay_next(self, seconds: float, *, count: int = 1) -> None:
        """Answer the next ``count`` message creations normally but after ``seconds``."""
        with self._lock:
            self._faults.append(_Fault(None, 0, None, count, None, seconds))

    def _take_fault(self, to: str) -> _Fault | None:
        with self._lock:
            for f in self._faults:
                if f.remaining > 0 and (f.to is None or _bare(f.to) == _bare(to)):
                    f.remaining -= 1
                    if f.remaining <= 0:
                        self._faults.remove(f)
                    return f
        return None

    # ---------------------------------------------------- status callbacks
    async def send_status(
        self,
        sid: str,
        status: str,
        *,
        error_code: int | str | None = None,
        url: str | None = None,
        client: httpx.AsyncClient | None = None,
    ) -> httpx.Response:
        """POST a signed status callback for message ``sid`` to its ``StatusCallback`` (or
        ``url``) and update the stored resource's status (``failed``/``undelivered`` with
        ``error_code`` e.g. 63016)."""
        from .twilio_webhooks import post_signed, status_callback

        msg = self.message(sid)
        if msg is None:
            raise KeyError(f"unknown message sid {sid}")
        target = url or msg.status_callback
        if not target:
            raise ValueError(f"message {sid} has no StatusCallback; pass url=")
        with self._lock:
            msg.resource["status"] = status
            msg.resource["date_updated"] = rfc2822()
            if status in ("sent", "delivered", "read") and not msg.resource.get("date_sent"):
                msg.resource["date_sent"] = rfc2822()
            if error_code is not None:
                msg.resource["error_code"] = int(error_code)
                msg.resource["error_message"] = ERROR_MESSAGES.get(int(error_code))
        params = status_callback(
            sid,
            status,
            to=msg.to,
            from_=msg.from_ or WHATSAPP_SANDBOX_NUMBER,
            error_code=error_code,
            account_sid=self.account_sid,
        )
        return await post_signed(target, params, auth_token=self.auth_token, client=client)

    # ------------------------------------------------------------ plumbing
    def _auth_ok(self, request: Request) -> bool:
        header = request.headers.get("authorization", "")
        if not header.lower().startswith("basic "):
            return False
        try:
            user, _, pwd = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return False
        if user == self.account_sid and pwd == self.auth_token:
            return True
        if user in self.accounts and self.accounts[user] == pwd:
            return user == request.path_params.get("account_sid", user)
        return user in self._api_keys and self._api_keys[user] == pwd

    def _check(self, request: Request, call: Call) -> JSONResponse | None:
        path_sid = request.path_params.get("account_sid", self.account_sid)
        if not self._auth_ok(request) or path_sid not in (self.account_sid, *self.accounts):
            return self._error(call, 401, 20003)
        return None

    def _json(
        self, call: Call, status: int, body: Any, headers: dict | None = None
    ) -> JSONResponse:
        call.status = status
        call.response = body
        self._record(call)
        return JSONResponse(body, status_code=status, headers=headers)

    def _error(
        self, call: Call, status: int, code: int, message: str | None = None, **fmt: Any
    ) -> JSONResponse:
        msg = message or ERROR_MESSAGES.get(code, "Error").format_map(
            _Blank(fmt, path=call.params.get("_path", ""))
        )
        headers = {"WWW-Authenticate": 'Basic realm="Twilio API"'} if status == 401 else None
        return self._json(call, status, twilio_error(status, code, msg), headers)

    async def _params(self, request: Request) -> dict[str, Any]:
        pairs, json_body, _files = await read_params(request)
        params: dict[str, Any] = {}
        for k, v in pairs:
            if k in params:
                prev = params[k]
                params[k] = [*prev, v] if isinstance(prev, list) else [prev, v]
            else:
                params[k] = v
        if isinstance(json_body, dict):
            params.update(json_body)
        return params

    def _uri(self, sid: str) -> str:
        return f"/{API_VERSION}/Accounts/{self.account_sid}/Messages/{sid}"

    async def _messages_ep(self, request: Request) -> Response:
        params = await self._params(request)
        call = Call(
            f"{request.method} Messages.json", params, time.time(), headers=dict(request.headers)
        )
        if (denied := self._check(request, call)) is not None:
            return denied
        if request.method == "GET":
            msgs = [
                m.resource
                for m in reversed(self.messages())
                if (not params.get("To") or m.to == params["To"])
                and (not params.get("From") or m.from_ == params["From"])
            ]
            uri = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages.json"
            page = {
                "messages": msgs,
                "end": max(0, len(msgs) - 1),
                "first_page_uri": uri + "?PageSize=50&Page=0",
                "next_page_uri": None,
                "page": 0,
                "page_size": 50,
                "previous_page_uri": None,
                "start": 0,
                "uri": uri + "?PageSize=50&Page=0",
            }
            return self._json(call, 200, page)
        to = str(params.get("To") or "")
        fault = self._take_fault(to)
        if fault is not None:
            if fault.delay:
                await asyncio.sleep(fault.delay)
            if fault.status is not None:
                return self._error(call, fault.status, fault.code, fault.message, to=to)
        try:
            msg = self._create(params)
        except _RestError as exc:
            return self._error(call, exc.status, exc.code, exc.message)
        with self._lock:
            self._messages.append(msg)
            self._by_sid[msg.sid] = msg
        if msg.media_urls:
            # Twilio answers at once and fetches the media afterwards, before delivering.
            task = asyncio.create_task(self._fetch_media(msg))
            self._fetches.add(task)
            task.add_done_callback(self._fetches.discard)
        return self._json(call, 201, dict(msg.resource))

    def _create(self, params: dict[str, Any]) -> TwilioMessage:
        to = str(params.get("To") or "").strip()
        from_ = str(params.get("From") or "").strip() or None
        mss = str(params.get("MessagingServiceSid") or "").strip() or None
        body = str(params.get("Body") or "")
        media = params.get("MediaUrl") or []
        media = [media] if isinstance(media, str) else list(media)
        content_sid = str(params.get("ContentSid") or "").strip() or None
        callback = str(params.get("StatusCallback") or "").strip() or None
        if not to:
            raise _RestError(400, 21604)
        if not from_ and not mss:
            raise _RestError(400, 21603)
        if not body and not media and not content_sid:
            raise _RestError(400, 21602)
        if len(body) > 1600:
            raise _RestError(400, 21617)
        if not _E164.fullmatch(_bare(to)):
            raise _RestError(400, 21211, to=to)
        wa = to.startswith("whatsapp:")
        if from_ and from_.startswith("whatsapp:") != wa:
            raise _RestError(400, 21910)
        if callback and not re.match(r"https?://[^\s/]+", callback):
            raise _RestError(400, 21609)
        variables: dict[str, Any] | None = None
        if params.get("ContentVariables"):
            try:
                variables = json.loads(str(params["ContentVariables"]))
                if not isinstance(variables, dict):
                    raise ValueError
            except ValueError:
                raise _RestError(400, 21656) from None
        if content_sid and content_sid in self._contents:
            body = re.sub(
                r"\{\{\s*(\w+)\s*\}\}",
                lambda m: str((variables or {}).get(m.group(1), m.group(0))),
                self._contents[content_sid],
            )
        sid = ("MM" if media else "SM") + secrets.token_hex(16)
        now = rfc2822()
        resource = {
            "account_sid": self.account_sid,
            "api_version": API_VERSION,
            "body": body,
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": from_,
            "messaging_service_sid": mss,
            "num_media": str(len(media)),
            "num_segments": str(num_segments(body, wa)),
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": "queued" if from_ else "accepted",
            "subresource_uris": {"media": self._uri(sid) + "/Media.json"},
            "to": to,
            "uri": self._uri(sid) + ".json",
        }
        return TwilioMessage(
            sid=sid,
            to=to,
            from_=from_,
            body=body,
            params=params,
            resource=resource,
            at=time.time(),
            media_urls=media,
            content_sid=content_sid,
            content_variables=variables,
            status_callback=callback,
        )

    async def _message_ep(self, request: Request) -> Response:
        params = await self._params(request)
        sid = request.path_params["sid"]
        call = Call(f"{request.method} Messages/{{sid}}.json", {**params, "Sid": sid}, time.time())
        if (denied := self._check(request, call)) is not None:
            return denied
        msg = self.message(sid)
        if msg is None:
            return self._error(call, 404, 20404, path=request.url.path)
        if request.method == "DELETE":
            with self._lock:
                self._by_sid.pop(sid, None)
            call.status = 204
            self._record(call)
            return Response(status_code=204)
        if request.method == "POST":
            with self._lock:
                if "Body" in params:
                    msg.resource["body"] = msg.body = str(params["Body"])
                if params.get("Status") == "canceled":
                    msg.resource["status"] = "canceled"
                msg.resource["date_updated"] = rfc2822()
        return self._json(call, 200, msg.resource)

    def _media_resource(self, m: _Media) -> dict[str, Any]:
        now = rfc2822()
        return {
            "account_sid": self.account_sid,
            "content_type": m.content_type,
            "date_created": now,
            "date_updated": now,
            "parent_sid": m.message_sid,
            "sid": m.sid,
            "uri": f"{self._uri(m.message_sid)}/Media/{m.sid}.json",
        }

    async def _media_list_ep(self, request: Request) -> Response:
        sid = request.path_params["sid"]
        call = Call("GET Media.json", {"MessageSid": sid}, time.time())
        if (denied := self._check(request, call)) is not None:
            return denied
        with self._lock:
            items = [self._media_resource(m) for m in self._media.values() if m.message_sid == sid]
        uri = f"{self._uri(sid)}/Media.json"
        return self._json(
            call,
            200,
            {
                "media_list": items,
                "end": max(0, len(items) - 1),
                "first_page_uri": uri,
                "next_page_uri": None,
                "page": 0,
                "page_size": 50,
                "previous_page_uri": None,
                "start": 0,
                "uri": uri,
            },
        )

    async def _media_ep(self, request: Request) -> Response:
        media_sid = request.path_params["media_sid"]
        as_json = media_sid.endswith(".json")
        media_sid = media_sid.removesuffix(".json")
        call = Call(
            "GET Media",
            {"MessageSid": request.path_params["sid"], "MediaSid": media_sid},
            time.time(),
        )
        if (denied := self._check(request, call)) is not None:
            return denied
        with self._lock:
            m = self._media.get(media_sid)
        if m is None or m.message_sid != request.path_params["sid"]:
            return self._error(call, 404, 20404, path=request.url.path)
        if as_json:
            return self._json(call, 200, self._media_resource(m))
        call.status = 307 if self.media_redirect else 200
        self._record(call)
        if self.media_redirect:
            return RedirectResponse(f"{self._require_url()}/cdn/{m.token}", status_code=307)
        return Response(m.data, media_type=m.content_type)

    async def _cdn_ep(self, request: Request) -> Response:
        call = Call("GET cdn", {"token": request.path_params["token"]}, time.time())
        with self._lock:
            m = self._cdn.get(request.path_params["token"])
        if m is None:
            call.status = 404
            self._record(call)
            return Response(
                b"<Error><Code>NoSuchKey</Code></Error>", 404, media_type="application/xml"
            )
        call.status = 200
        self._record(call)
        return Response(m.data, media_type=m.content_type)

    async def _file_ep(self, request: Request) -> Response:
        name = request.path_params["name"]
        call = Call("GET media", {"name": name}, time.time())
        if (denied := self._check(request, call)) is not None:
            return denied
        with self._lock:
            entry = self._files.get(name)
        if entry is None:
            return self._error(call, 404, 20404, path=request.url.path)
        call.status = 200
        self._record(call)
        return Response(entry[0], media_type=entry[1])
