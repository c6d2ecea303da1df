"""WhatsApp through Twilio: signed webhooks in, the async REST client out, the 24-hour window."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import replace
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlparse, urlsplit

import aiohttp
import httpx
from aiolimiter import AsyncLimiter
from fastapi import APIRouter, HTTPException, Request, Response
from starlette.datastructures import FormData, UploadFile
from twilio.base.exceptions import TwilioException
from twilio.base.version import Version
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.http.response import Response as TwilioResponse
from twilio.request_validator import RequestValidator, add_port, compare, remove_port
from twilio.rest import Client
from twilio.twiml.messaging_response import MessagingResponse

from bot.attachments import FileFetcher
from bot.channels.base import Delivery, FetchError, Progress
from bot.channels.whatsapp_parse import (
    CHANNEL,
    PREFIX,
    Button,
    inbound_of,
    is_whatsapp,
    pressed,
)
from bot.channels.whatsapp_render import render
from bot.channels.whatsapp_status import (
    WINDOW_CLOSED,
    WINDOW_CLOSED_AT,
    ForwardStatuses,
    forward_only,
    record_status,
)
from bot.channels.wire import on_wire
from bot.inbox import Inbox
from bot.media import MB, Limits, collect
from bot.media_route import Signer
from config.settings import Settings, reveal
from flows import texts
from handlers.dispatcher import Dispatcher
from handlers.inbound import Inbound
from storage import files, identities, outbox
from storage.db import Sessions, transaction
from storage.whatsapp_status import checked, unconfirmed

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/whatsapp/webhook"
STATUS_PATH = "/whatsapp/status"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'
WINDOW = timedelta(hours=24)
RATE_PER_SECOND = 80  # Twilio's WhatsApp throughput per sender
REST_TIMEOUT = 20.0
MEDIA_TIMEOUT = 30.0
MAX_RETRY_AFTER = 3600.0
# A status callback comes within seconds: a message with none after CHECK_AFTER is asked about
# (the callback may have been lost, and with it a 63016 that says it must go another way).
CHECK_AFTER = timedelta(minutes=5)
CHECK_EVERY = 60.0  # seconds
CHECK_AT_ONCE = 20  # messages asked about a round, within Twilio's API limits
MAX_FIELDS = 1000  # fields in one posted form, as Starlette's parser allows
# WhatsApp's own media limits: 5 MB for an image, 16 MB for anything else.
DOWNLOAD_LIMITS = Limits(image=5 * MB, document=16 * MB)
SEND_LIMITS = DOWNLOAD_LIMITS
MAX_MEDIA = 10  # files sent with one payload, each its own message
# Errors that say this number cannot be reached on WhatsApp at all.
UNREACHABLE = frozenset({21211, 21610, 21614, 63003, 63024})
# Message fields as `_create` takes them, as Twilio's form names them.
_FIELDS = {
    "body": "Body",
    "media_url": "MediaUrl",
    "content_sid": "ContentSid",
    "content_variables": "ContentVariables",
    "status_callback": "StatusCallback",
}

# Retry-After of the last refused request in this task: TwilioRestException does not carry it.
_retry_after: ContextVar[float | None] = ContextVar("twilio_retry_after", default=None)


def _say(text: str) -> str:
    """TwiML that has Twilio send `text` back to the sender."""
    response = MessagingResponse()
    response.message(text)
    return str(response)


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Seconds from a Retry-After header (seconds or an HTTP date), capped at an hour."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = (parsedate_to_datetime(value) - now).total_seconds()
        except (TypeError, ValueError):
            return None
    return min(MAX_RETRY_AFTER, max(0.0, seconds))


class _HttpClient(AsyncTwilioHttpClient):
    """The library's aiohttp client, remembering Retry-After when Twilio asks us to slow down."""

    def __init__(self, *, clock: Callable[[], datetime], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._clock = clock

    async def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> TwilioResponse:
        if method.upper() == "POST" and url.endswith("/Messages.json"):
            await on_wire()  # the sender marks the attempt: this request creates a message
        response = await super().request(method, url, *args, **kwargs)
        if response.status_code in (429, 503):
            _retry_after.set(
                retry_after_seconds(response.headers.get("Retry-After"), self._clock())
            )
        return response


class WhatsAppAdapter:
    """One WhatsApp sender number, through Twilio."""

    download_limits = DOWNLOAD_LIMITS

    def __init__(
        self,
        settings: Settings,
        *,
        dispatcher: Dispatcher,
        sessions: Sessions,
        clock: Callable[[], datetime],
        media: FileFetcher | None = None,
        signer: Signer | None = None,
        channel: str = CHANNEL,
        paths: tuple[str, str] = (WEBHOOK_PATH, STATUS_PATH),
        inbox: Inbox | None = None,
    ) -> None:
        assert settings.whatsapp_enabled and settings.twilio_account_sid
        self.name = channel  # "whatsapp", or a BID's own sender ("whatsapp:WE"; bot/bots.py)
        self._webhook_path, self._status_path = paths
        self._settings = settings
        self._dispatcher = dispatcher
        self._inbox = inbox
        if inbox is not None:
            inbox.prepare(channel, self._prepare)
        self._sessions = sessions
        self._clock = clock
        self._statuses = ForwardStatuses(sessions, channel)
        self._store = media
        self._signer = signer
        self._account_sid = settings.twilio_account_sid
        self._auth_token = reveal(settings.twilio_auth_token)
        self._validator = RequestValidator(self._auth_token)
        self._public_url = (settings.public_url or "").rstrip("/") or None
        self._api_url = settings.twilio_api_url.rstrip("/")
        self._status_callback = (
            f"{self._public_url}{self._status_path}" if self._public_url else None
        )
        self._http: _HttpClient | None = None
        self._client: Client | None = None
        account = f"{self._api_url}/2010-04-01/Accounts/{self._account_sid}"
        self._messages_url = f"{account}/Messages.json"
        self._post_headers: dict[str, str] | None = None
        self._media: httpx.AsyncClient | None = None
        self._limiter: AsyncLimiter | None = None
        self._checks: asyncio.Task[None] | None = None

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        """Build the HTTP clients inside the running loop (aiohttp needs one)."""
        quiet = log.getChild("rest")
        quiet.setLevel(logging.WARNING)  # the library logs every request at INFO
        self._http = _HttpClient(clock=self._clock, timeout=REST_TIMEOUT, logger=quiet)
        self._client = Client(self._account_sid, self._auth_token, http_client=self._http)
        self._client.api.base_url = self._api_url
        self._media = httpx.AsyncClient(
            auth=(self._account_sid, self._auth_token),
            follow_redirects=True,
            timeout=MEDIA_TIMEOUT,
        )
        # One message every 1/80 s: no burst, so no second ever holds more than 80.
        self._limiter = AsyncLimiter(1, 1.0 / RATE_PER_SECOND)
        if self._public_url is None:
            log.warning(
                "WhatsApp: SHOPWATCH_PUBLIC_URL is not set, so Twilio signatures cannot be "
                "checked and every WhatsApp webhook will be refused (403)"
            )
        if not self._settings.whatsapp_from:
            log.warning("WhatsApp: SHOPWATCH_WHATSAPP_FROM is not set, so nothing can be sent")
        if not self._settings.whatsapp_update_template:
            log.warning(
                "WhatsApp: SHOPWATCH_WHATSAPP_UPDATE_TEMPLATE is not set, so an update outside "
                "the 24-hour window waits, unannounced, until the person next writes"
            )

        self._checks = asyncio.create_task(self._check_loop(), name="whatsapp-check")

    async def stop(self) -> None:
        if self._checks is not None:
            self._checks.cancel()
            await asyncio.gather(self._checks, return_exceptions=True)
            self._checks = None
        if self._http is not None:
            await self._http.close()
        if self._media is not None:
            await self._media.aclose()
        self._http = self._client = self._media = None

    # ------------------------------------------------------------------ receiving
    def router(self) -> APIRouter:
        router = APIRouter()

        @router.post(self._webhook_path)
        async def webhook(request: Request) -> Response:
            form = await _form(request)
            if not self._verified(request, form, self._webhook_path):
                return _forbidden()
            try:
                await self._receive(form)
            except Exception:
                # Not kept (the database is down): Twilio would not post it again, so the
                # person is told in Twilio's own answer, which needs no database, to resend it.
                log.exception("WhatsApp: a message could not be kept; asked to send it again")
                return Response(_say(texts.CRASHED), media_type="text/xml")
            return Response(EMPTY_TWIML, media_type="text/xml")

        @router.post(self._status_path)
        async def status(request: Request) -> Response:
            form = await _form(request)
            if not self._verified(request, form, self._status_path):
                return _forbidden()
            await self._status(form)
            return Response(EMPTY_TWIML, media_type="text/xml")

        return router

    def _verified(self, request: Request, form: Any, path: str) -> bool:
        """Twilio signed this for our public URL (not the one a proxy handed us)."""
        signature = request.headers.get("X-Twilio-Signature")
        if self._public_url is None or not signature:
            log.warning("refused a Twilio webhook on %s: no signature or no public URL", path)
            return False
        # The query as it came (as request.url.query gives it, without building the whole URL).
        query = request.scope.get("query_string", b"").decode()
        url = f"{self._public_url}{path}" + (f"?{query}" if query else "")
        if not self._signed(url, form, signature):
            log.warning("refused a Twilio webhook on %s: the signature does not match", path)
            return False
        return True

    def _signed(self, url: str, form: Any, signature: str) -> bool:
        """RequestValidator's verdict, usually after one HMAC rather than its two.

        `validate` always signs the URL both without and with its port (Twilio has signed
        either) and parses its query; it accepts when either matches. When the URL as we have
        it is one of those two, its own signature matching is that verdict already; otherwise
        (or on no match) `validate` decides as before.
        """
        if _port_variant(url) and compare(self._validator.compute_signature(url, form), signature):
            return True
        return bool(self._validator.validate(url, form, signature))

    async def _receive(self, form: Any) -> None:
        if not is_whatsapp(form):
            log.info("ignored a non-WhatsApp message to the Twilio number")
            return
        parsed = inbound_of(form)
        if parsed is None:
            log.warning("ignored a WhatsApp message without a usable sender number")
            return
        inbound, button = parsed
        if self.name != CHANNEL:
            inbound = replace(inbound, channel=self.name)
        if self._inbox is not None:
            # Kept, then answered: Twilio hears back in milliseconds even in a burst, and the
            # message is handled just after (deduped by MessageSid there, as below).
            extra = {"button": [button.payload, button.text]} if button is not None else {}
            await self._inbox.accept(inbound, extra)
            return
        if button is not None:
            inbound = pressed(inbound, button, await self._last_sent(inbound.address))
        await self._dispatcher.handle(inbound)

    async def _prepare(self, inbound: Inbound, extra: Mapping[str, Any]) -> Inbound:
        """A button press is read against the last message sent before it is handled."""
        if not extra.get("button"):
            return inbound
        button = Button(*extra["button"])
        return pressed(inbound, button, await self._last_sent(inbound.address))

    async def _last_sent(self, address: str) -> dict[str, Any] | None:
        """The payload of the last message sent to `address`, whose options a button may name."""
        async with self._sessions() as session:
            return await outbox.last_sent_payload(session, channel=self.name, address=address)

    async def _check_loop(self) -> None:
        while True:
            await asyncio.sleep(CHECK_EVERY)
            try:
                await self.check_deliveries()
            except Exception:
                log.exception("could not ask Twilio about messages with no status")

    async def check_deliveries(self) -> int:
        """Ask Twilio how messages whose status callback never came fared, and take that as
        the callback; returns how many were asked about. Stops at the first failure to ask."""
        if self._client is None or self._status_callback is None:
            return 0
        now = self._clock()
        async with self._sessions() as session:
            rows = await unconfirmed(
                session,
                channel=self.name,
                sent_after=now - WINDOW,
                sent_before=now - CHECK_AFTER,
                limit=CHECK_AT_ONCE,
            )
        for row_id, sid in rows:
            try:
                async with asyncio.timeout(REST_TIMEOUT + 5):
                    message = await self._client.messages(sid).fetch_async()
                status, code = str(message.status or "").lower(), str(message.error_code or "")
            except TwilioException as exc:
                if getattr(exc, "status", None) != 404:
                    log.warning("could not ask Twilio about a message: %s", exc)
                    return len(rows)
                status, code = "unknown", ""  # Twilio no longer has it: nothing to learn
            except (aiohttp.ClientError, TimeoutError) as exc:
                log.warning("could not ask Twilio about a message: %r", exc)
                return len(rows)
            await self._status({"MessageSid": sid, "MessageStatus": status, "ErrorCode": code})
            async with transaction(self._sessions) as session:
                await checked(session, row_id=row_id, status=status)  # asked once, not again
        return len(rows)

    async def _status(self, form: Any) -> None:
        sid = str(form.get("MessageSid") or "")
        status = str(form.get("MessageStatus") or form.get("SmsStatus") or "").lower()
        if not sid or not status:
            return
        if forward_only(status):
            await self._statuses.record(sid, status)
            return
        error_code = str(form.get("ErrorCode") or "")
        async with transaction(self._sessions) as session:
            await record_status(
                session,
                sid=sid,
                status=status,
                error_code=error_code,
                now=self._clock(),
                channel=self.name,
            )
            if status in ("failed", "undelivered") and _code(error_code) in UNREACHABLE:
                # WhatsApp says this number cannot be reached: stop pushing until they write.
                row = await outbox.by_provider_id(session, channel=self.name, provider_id=sid)
                if row is not None:
                    await identities.stop_unreachable(
                        session, channel=self.name, address=row.address, now=self._clock()
                    )

    # ------------------------------------------------------------------ sending
    async def send(
        self,
        address: str,
        payload: dict[str, Any],
        row_id: int,
        progress: Progress | None = None,
    ) -> Delivery:
        """Free-form inside the 24-hour window; outside it, hold the text and send the template."""
        if self._client is None or self._limiter is None:
            return Delivery(ok=False, error="WhatsApp is not started")
        try:
            if await self._window_closed(address, payload):
                return await self._hold(address, payload, row_id)
            return await self._send_text(address, payload, progress or Progress())
        except TwilioException as exc:
            if str(getattr(exc, "code", "")) == WINDOW_CLOSED:
                try:
                    return await self._hold(address, payload, row_id)
                except TwilioException as again:
                    return self._failed(again, row_id)
            return self._failed(exc, row_id)
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("outbox row %s: Twilio could not be reached (%s)", row_id, exc)
            return Delivery(ok=False, error=f"network: {type(exc).__name__}")

    async def _send_text(
        self, address: str, payload: dict[str, Any], progress: Progress
    ) -> Delivery:
        bodies = render(payload)
        links = await self._media_links(payload)
        # WhatsApp takes one file a message: the text first, then each photo or document.
        parts: list[dict[str, str]] = [{"body": body} for body in bodies]
        parts += [{"media_url": link} for link in links]
        if links and bodies == [""]:
            parts = parts[1:]
        for part in parts[progress.done :]:
            sid = await self._create(address, **part)
            await progress.advance(sid, total=len(parts))
        return Delivery(ok=True, provider_id=progress.provider_id)

    async def _media_links(self, payload: dict[str, Any]) -> list[str]:
        """Signed, expiring links Twilio fetches the case's photos and packs from."""
        sources = [str(p) for p in payload.get("photos") or ()]
        generated = payload.get("files") or []
        if self._store is None or self._signer is None or not (sources or generated):
            return []  # most replies are text alone: no session opened for them
        found = await self._store.photos(sources) if sources else []
        found += await self._store.generated(generated) if generated else []
        links: list[str] = []
        # Each file's fetch (if it needs one) at the same time as the others'.
        readied = await asyncio.gather(*(self._store.ensure(media) for media in found))
        for media, ready in zip(found, readied, strict=True):
            if (
                ready is None
                or ready.path is None
                or not files.may_link(
                    case_id=ready.case_id, channel=ready.channel, shared=ready.shared
                )
            ):
                log.info(
                    "WhatsApp: a %s file is not ready or not ours to link; left out", media.kind
                )
                continue
            size = await asyncio.to_thread(_size, ready.path)
            if not 0 < size <= SEND_LIMITS.of(ready.content_type):
                log.info("WhatsApp: a %s of %d bytes is over WhatsApp's limit", media.kind, size)
                continue
            link = self._signer.url(ready.id, ready.name)
            if link is not None:
                links.append(link)
        return links[:MAX_MEDIA]

    async def _hold(self, address: str, payload: dict[str, Any], row_id: int) -> Delivery:
        """Keep the text until they write; tell them once that something waits for them."""
        template = self._settings.whatsapp_update_template
        if template is None or await self._already_held(address, row_id):
            return Delivery(ok=False, held=True)
        sid = await self._create(
            address,
            content_sid=template,
            content_variables=json.dumps(template_variables(payload)),
        )
        log.info("outbox row %s held outside the 24-hour window; template sent", row_id)
        return Delivery(ok=False, held=True, provider_id=sid)

    async def _create(self, address: str, **content: str) -> str:
        assert self._client is not None and self._limiter is not None
        extra: dict[str, str] = {}
        if self._status_callback:
            extra["status_callback"] = self._status_callback
        _retry_after.set(None)
        form = {
            "To": f"{PREFIX}{address}",
            "From": self._settings.whatsapp_from or "",
            **{_FIELDS[key]: value for key, value in {**content, **extra}.items()},
        }
        async with self._limiter:
            async with asyncio.timeout(REST_TIMEOUT + 5):
                return await self._post_message(form)

    async def _post_message(self, form: dict[str, str]) -> str:
        """POST one message as `messages.create_async` would, without building its resource.

        The library's layers (domain, version, a MessageInstance with every date parsed) cost
        more than the request itself; the same form, headers and Basic auth go out, and an
        error answer raises the same TwilioRestException the library raises. The form is
        encoded here and the Basic auth header made once: aiohttp would build a FormData (and
        a multipart writer) for a dict, and the header again, for every message.
        """
        assert self._http is not None and self._client is not None
        if self._post_headers is None:
            headers = self._client.get_headers("POST", None)
            # The library's request log leaves out any header named Authorization.
            headers["Authorization"] = aiohttp.BasicAuth(
                self._account_sid, self._auth_token
            ).encode()
            self._post_headers = headers
        response = await self._http.request(
            "POST",
            self._messages_url,
            data=urlencode(form).encode(),
            headers=dict(self._post_headers),
            timeout=REST_TIMEOUT,
        )
        if not 200 <= response.status_code < 400:
            raise Version.exception(
                "POST", self._messages_url, response, "Unable to create record"
            )
        return str(json.loads(response.text)["sid"])

    def _failed(self, exc: TwilioException, row_id: int) -> Delivery:
        status = int(getattr(exc, "status", 0) or 0)
        code = getattr(exc, "code", None)
        error = f"twilio {status} error {code}"
        if status == 429 or status >= 500 or status == 408 or code == 20429:
            log.info("outbox row %s: Twilio said %s; trying again later", row_id, error)
            return Delivery(ok=False, retry_after=_retry_after.get(), error=error)
        if status == 401 or code == 20003:
            # A configuration problem: keep the message until the credentials are fixed.
            log.error("Twilio refused the account SID and auth token (outbox row %s)", row_id)
            return Delivery(ok=False, error=error)
        if code in UNREACHABLE:
            log.warning("outbox row %s: the number cannot be reached (%s)", row_id, error)
            return Delivery(ok=False, permanent=True, unreachable=True, error=error)
        log.warning("outbox row %s: Twilio refused it for good (%s)", row_id, error)
        return Delivery(ok=False, permanent=True, error=error)

    async def find_sent(self, address: str, payload: dict[str, Any], part: int) -> str | None:
        """After a crash mid-send: the SID of part `part` if Twilio created it, else None.

        Twilio lists the latest messages to the number; one with this part's body whose SID
        no outbox row has recorded is the one in doubt. Raises if Twilio cannot be asked.
        """
        if self._client is None:
            raise RuntimeError("WhatsApp is not started")
        bodies = render(payload)
        if part >= len(bodies):
            return None
        async with asyncio.timeout(REST_TIMEOUT + 5):
            recent = await self._client.messages.list_async(to=f"{PREFIX}{address}", limit=20)
        candidates = [str(m.sid) for m in recent if m.body == bodies[part] and m.sid]
        async with self._sessions() as session:
            known = await outbox.known_provider_ids(
                session, channel=self.name, provider_ids=candidates
            )
        return next((sid for sid in candidates if sid not in known), None)

    async def _window_closed(self, address: str, payload: dict[str, Any]) -> bool:
        """Outside WhatsApp's 24 hours since their last message (asked only for pushes)."""
        closed_at = payload.get(WINDOW_CLOSED_AT)
        if not payload.get("push") and not closed_at:
            return False
        async with self._sessions() as session:
            last = await identities.last_inbound_at(session, channel=self.name, address=address)
        if last is None or self._clock() - last >= WINDOW:
            return True
        # WhatsApp said it was closed at that time: open again only once they have written.
        return bool(closed_at) and last <= datetime.fromisoformat(str(closed_at))

    async def _already_held(self, address: str, row_id: int) -> bool:
        async with self._sessions() as session:
            return await outbox.holds_another(
                session, channel=self.name, address=address, row_id=row_id
            )

    # ------------------------------------------------------------------ files
    file_owner: str | None = None  # Twilio media URLs are not tied to a sender

    async def fetch(self, source: str) -> tuple[bytes, str]:
        """A photo's bytes from Twilio with the account's credentials, following the redirect,
        streamed and stopped past WhatsApp's limits; typed by its bytes."""
        if self._media is None:
            raise FetchError("WhatsApp is not started")
        if not self._is_twilio_media(source):
            # Only Twilio gets our credentials.
            raise FetchError("not a Twilio media URL", permanent=True)
        try:
            async with self._media.stream("GET", source) as response:
                if response.status_code in (404, 410):
                    raise FetchError(f"media gone ({response.status_code})", permanent=True)
                if response.status_code in (401, 403):
                    raise FetchError(f"Twilio refused the credentials ({response.status_code})")
                if response.status_code >= 400:
                    raise FetchError(f"media download failed ({response.status_code})")
                length = response.headers.get("content-length", "")
                return await collect(
                    response.aiter_bytes(),
                    limits=DOWNLOAD_LIMITS,
                    declared=int(length) if length.isdigit() else None,
                )
        except httpx.HTTPError as exc:
            raise FetchError(f"media download failed: {type(exc).__name__}") from None

    def _is_twilio_media(self, source: str) -> bool:
        url, api = urlsplit(source), urlsplit(self._api_url)
        if (url.scheme, url.netloc) == (api.scheme, api.netloc):
            return True
        host = url.hostname or ""
        return url.scheme == "https" and (host == "twilio.com" or host.endswith(".twilio.com"))


def template_variables(payload: dict[str, Any]) -> dict[str, str]:
    """The update template's variables: the case reference and its status in a few words."""
    status = str(payload.get("status") or "")
    return {
        "1": str(payload.get("case_ref") or texts.WA_TEMPLATE_NO_REF),
        "2": texts.STATUS_WORDS.get(status, status) or texts.WA_TEMPLATE_NEW_MESSAGE,
    }


def _code(value: str) -> int | None:
    """A Twilio error code as a number, or None."""
    value = value.strip()
    return int(value) if value.isascii() and value.isdigit() else None


def _size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else 0


@lru_cache(maxsize=256)
def _port_variant(url: str) -> bool:
    """Whether `url` is one of the two forms RequestValidator.validate signs it in."""
    parsed = urlparse(url)
    return url in (remove_port(parsed), add_port(parsed))


async def _form(request: Request) -> Any:
    """The posted fields: Twilio's urlencoded body parsed at once, anything else by Starlette.

    Starlette's form parser is a streaming state machine in Python, several times the cost of
    `parse_qsl` on a body of a few hundred bytes; the fields (and so the signature) are the same.
    """
    content_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        return await request.form()
    # Bytes as Starlette reads them: latin-1, then each %-escape as UTF-8.
    body = (await request.body()).decode("latin-1")
    try:
        fields: list[tuple[str, str | UploadFile]] = list(
            parse_qsl(body, keep_blank_values=True, max_num_fields=MAX_FIELDS)
        )
    except ValueError:
        raise HTTPException(400, "Too many fields.") from None
    return FormData(fields)


def _forbidden() -> Response:
    return Response("forbidden", status_code=403, media_type="text/plain")
