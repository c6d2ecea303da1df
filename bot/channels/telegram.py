"""The Telegram channel: webhook or long polling in, the outbox out, through PTB's Bot API client.

Our own dispatcher and flow engine do the conversation; PTB is only the transport here: its
`Update` parsing, its Bot API client and rate limiter, and its error types.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import warnings
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import httpx
from aiolimiter import AsyncLimiter
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from telegram import InlineKeyboardMarkup, InputFile, Message, Update
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.warnings import PTBDeprecationWarning

from bot.attachments import FileFetcher, Media
from bot.backoff import backoff
from bot.channels import telegram_setup as setup
from bot.channels.base import Delivery, FetchError, Progress
from bot.channels.split import utf16_len as _utf16_len
from bot.channels.telegram_parse import CHANNEL, Press, parse_update, provider_id
from bot.channels.telegram_render import (
    COMMAND,
    QUESTION,
    Attachment,
    Part,
    answered_text,
    is_file_id,
    plan,
    read_callback,
)
from bot.media import MB, Limits, Refused, collect
from bot.pacer import Pacer
from config.settings import Settings, reveal
from flows import texts
from handlers.dispatcher import Dispatcher
from storage import identities, inbound, outbox
from storage.db import Sessions, transaction

log = logging.getLogger(__name__)

# The Bot API serves bots files of up to 20 MB, whatever they are.
DOWNLOAD_LIMITS = Limits(image=20 * MB, document=20 * MB)
DOWNLOAD_TIMEOUT = 60.0
MAX_PHOTO_UPLOAD = 10 * MB  # sendPhoto's limit for an uploaded photo
_REMEMBERED = 10_000  # chats whose per-chat state we keep in memory


class TelegramAdapter:
    """One bot: webhook route or polling task, sending through the outbox, fetching photos."""

    # Telegram's published limits: about 30 messages a second overall and one a second per
    # chat; a chat may take a short burst (a question and its hint) before it is paced.
    chat_burst: int = 3
    chat_per_second: float = 1.0
    poll_timeout: int = 25
    download_limits = DOWNLOAD_LIMITS

    def __init__(
        self,
        settings: Settings,
        *,
        dispatcher: Dispatcher,
        sessions: Sessions,
        clock: Callable[[], datetime],
        media: FileFetcher | None = None,
        channel: str = CHANNEL,
        path: str = setup.WEBHOOK_PATH,
    ) -> None:
        setup.check_webhook_settings(settings)
        self.name = channel  # "telegram", or a BID's own bot ("telegram:WE"; bot/bots.py)
        self._path = path
        self._settings = settings
        self._dispatcher = dispatcher
        self._sessions = sessions
        self._clock = clock
        self._media = media
        self._webhook_mode = bool(settings.public_url)
        self._secret = reveal(settings.telegram_secret).encode()
        # The overall rate is ours, not PTB's: a reply goes before pushes waiting (bot.pacer).
        self._bot = setup.make_bot(settings, overall_per_second=0)
        self.pacer = Pacer(settings.telegram_rate)
        self._username = settings.telegram_bot_username
        self._poller: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._chat_limits: OrderedDict[int, AsyncLimiter] = OrderedDict()
        self._downloads = httpx.AsyncClient(timeout=DOWNLOAD_TIMEOUT, follow_redirects=False)

    @property
    def bot(self) -> Any:
        return self._bot

    # --- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        try:
            await self._connect()
        except TelegramError as exc:
            log.error("telegram: could not connect (%s); trying again in the background", exc)
            self._spawn(self._connect_later())
        if not self._webhook_mode:
            self._poller = asyncio.create_task(self._poll(), name=f"{self.name}-polling")
        log.info("%s: %s mode", self.name, "webhook" if self._webhook_mode else "long polling")

    async def _connect(self) -> None:
        await self._bot.initialize()
        self._username = self._bot.username or self._username
        if self._webhook_mode:
            await setup.register_webhook(self._bot, self._settings, self._path)
        else:
            await self._bot.delete_webhook()  # getUpdates is refused while a webhook is set
            await setup.set_default_menu(self._bot)

    async def _connect_later(self) -> None:
        for attempt in range(1, 1000):
            await asyncio.sleep(backoff(attempt, base=5.0, cap=300.0))
            try:
                await self._connect()
                return
            except TelegramError as exc:
                log.warning("telegram: still cannot connect (%s)", exc)

    async def stop(self) -> None:
        if self._poller is not None:
            self._poller.cancel()
            await asyncio.gather(self._poller, return_exceptions=True)
            self._poller = None
        if self._tasks:
            _, pending = await asyncio.wait(list(self._tasks), timeout=2.0)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        await self._downloads.aclose()
        await self._bot.shutdown()

    def _spawn(self, work: Coroutine[Any, Any, Any]) -> None:
        """Run follow-up work without holding up the webhook's answer to Telegram."""
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # --- inbound -----------------------------------------------------------------------------

    def router(self) -> APIRouter:
        router = APIRouter()

        @router.post(self._path)
        async def webhook(request: Request) -> Response:
            given = request.headers.get("x-telegram-bot-api-secret-token", "").encode()
            if not self._secret or not hmac.compare_digest(given, self._secret):
                return Response(status_code=403)
            try:
                data = await request.json()
            except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deep
                log.info("telegram: refused a webhook body that is not JSON (400)")
                return Response(status_code=400)
            if not isinstance(data, dict) or type(data.get("update_id")) is not int:
                log.info("telegram: refused a webhook body that is not an update (400)")
                return Response(status_code=400)
            answer = await self.process(data)
            # A button press is answered in the webhook's own answer: one request fewer, and
            # nothing to keep if it is lost (the spinner stops by itself).
            return JSONResponse(answer) if answer else Response(status_code=200)

        return router

    async def process(self, data: dict[str, Any]) -> dict[str, Any] | None:
        """Handle one update's JSON; anything we do not use is dropped quietly. Returns the
        Bot API call to make in the webhook's answer (answering a pressed button), if any."""
        try:
            update = Update.de_json(data, self._bot)
        except Exception as exc:
            log.info(
                "telegram: ignored update %s, not of Telegram's shape (%s)",
                data.get("update_id"),
                type(exc).__name__,
            )
            return None
        answers: list[dict[str, Any]] = []
        await self._handle(update, answers)
        return answers[0] if answers else None

    async def _handle(self, update: Update, answers: list[dict[str, Any]] | None = None) -> None:
        """Handle one update; a button press is answered into `answers` when given, else by
        a call of its own."""
        try:
            parsed = parse_update(update)
        except Exception as exc:  # a shape parse_update does not expect: ours to fix, not 5xx
            kind = type(exc).__name__
            log.info("telegram: ignored update %s, unreadable (%s)", update.update_id, kind)
            return
        press = parsed.press
        if press is not None and answers is not None:
            answers.append(press_answer(press))
        elif press is not None:
            self._spawn(self._answer_press(press))
        if parsed.kind == "group" and parsed.chat_id is not None:
            await self._tell_group(parsed.chat_id)
            return
        if parsed.kind == "edited" and parsed.chat_id is not None:
            await self._tell_edited(parsed.chat_id, update.update_id)
            return
        if parsed.kind in ("blocked", "unblocked") and parsed.chat_id is not None:
            await self._membership(parsed.chat_id, blocked=parsed.kind == "blocked")
            return
        if parsed.kind != "inbound" or parsed.inbound is None:
            if press is not None and press.message is not None:
                self._spawn(self._close_buttons(press))
            return
        # The question the person was on, from the conversation the dispatcher loads anyway.
        asked: list[str | None] = []
        inbound = parsed.inbound
        if self.name != CHANNEL:
            inbound = replace(inbound, channel=self.name)
        handled = await self._dispatcher.handle(inbound, on_question=asked.append)
        if handled == "handled" and press is not None:
            self._spawn(self._after_press(press, _is_live(press, asked[-1] if asked else None)))

    async def _tell_group(self, chat_id: int) -> None:
        """Once per group: reports are made in a private chat, with a button that opens one."""
        username = self._username or self._settings.telegram_bot_username
        link = {"label": texts.TG_GROUP_BUTTON, "url": f"https://t.me/{username}"}
        payload: dict[str, Any] = {
            "text": texts.TG_GROUP,
            "options": [],
            "question": None,
            "link": link,
        }
        async with transaction(self._sessions) as session:
            if not await inbound.mark_seen(
                session, channel=self.name, external_id=f"group:{chat_id}"
            ):
                return
            await outbox.enqueue(
                session,
                channel=self.name,
                address=str(chat_id),
                payload=payload if username else {**payload, "link": None},
                now=self._clock(),
            )

    async def _tell_edited(self, chat_id: int, update_id: int) -> None:
        """Edits are not read: say so once per edit, and how to change an answer."""
        async with transaction(self._sessions) as session:
            if not await inbound.mark_seen(
                session, channel=self.name, external_id=f"edit:{update_id}"
            ):
                return
            await outbox.enqueue(
                session,
                channel=self.name,
                address=str(chat_id),
                payload={"text": texts.TG_EDITED, "options": [], "question": None},
                now=self._clock(),
            )

    async def _membership(self, chat_id: int, *, blocked: bool) -> None:
        """They blocked the bot (stopped until they write) or unblocked it (reachable again)."""
        async with transaction(self._sessions) as session:
            if blocked:
                await identities.stop_unreachable(
                    session, channel=self.name, address=str(chat_id), now=self._clock()
                )
            else:
                await identities.restart_unreachable(
                    session, channel=self.name, address=str(chat_id)
                )
        log.info("telegram: a chat %s the bot", "blocked" if blocked else "unblocked")

    async def _answer_press(self, press: Press) -> None:
        """Stop the button's spinner at once; a press we cannot use says so."""
        note = press_answer(press).get("text")
        try:
            await self._bot.answer_callback_query(press.query_id, text=note)
        except TelegramError as exc:
            log.info("telegram: could not answer a button press: %s", exc)

    async def _after_press(self, press: Press, live: bool) -> None:
        """Show the answer chosen under the question and take its buttons away."""
        message = press.message
        if message is None:
            return
        if press.kind == QUESTION and live and press.label:
            line = texts.TG_CHOSEN.replace("{label}", press.label)
            await self._edit_answered(message, line)
        elif press.kind == COMMAND and press.label and _one_of_a_kind(message, press):
            line = texts.TG_DONE.replace("{label}", press.label)
            await self._edit_answered(message, line)
        elif press.kind == COMMAND:
            await self._drop_button(message, press.data)
        else:
            await self._close_buttons(press)

    async def _edit_answered(self, message: Message, line: str) -> None:
        await self.pacer.wait()
        try:
            if message.text:
                new = answered_text(message.text_html, message.text, line)
                if new is not None:
                    # Without reply_markup: the buttons go (as PTB leaves out a None markup).
                    await setup.call(
                        self._bot,
                        "editMessageText",
                        {
                            "chat_id": message.chat_id,
                            "message_id": message.message_id,
                            "text": new,
                            "parse_mode": ParseMode.HTML.value,
                        },
                    )
                    return
            elif message.caption:
                new = answered_text(message.caption_html, message.caption, line)
                if new is not None and _utf16_len(message.caption) + len(line) < 1000:
                    await message.edit_caption(new, parse_mode=ParseMode.HTML, reply_markup=None)
                    return
            await message.edit_reply_markup(reply_markup=None)
        except TelegramError as exc:
            log.info("telegram: could not mark a question as answered: %s", exc)

    async def _close_buttons(self, press: Press) -> None:
        if press.message is None or press.message.reply_markup is None:
            return
        await self.pacer.wait()
        try:
            await press.message.edit_reply_markup(reply_markup=None)
        except TelegramError as exc:
            log.info("telegram: could not remove old buttons: %s", exc)

    async def _drop_button(self, message: Message, data: str) -> None:
        """Take away just the pressed action; the others on an alert stay usable."""
        markup = message.reply_markup
        if markup is None:
            return
        rows = [[b for b in row if b.callback_data != data] for row in markup.inline_keyboard]
        rows = [row for row in rows if row]
        await self.pacer.wait()
        try:
            await message.edit_reply_markup(
                reply_markup=InlineKeyboardMarkup(rows) if rows else None
            )
        except TelegramError as exc:
            log.info("telegram: could not update buttons: %s", exc)

    # --- long polling ------------------------------------------------------------------------

    async def _poll(self) -> None:
        offset: int | None = None
        failures = 0
        while True:
            try:
                updates = await self._bot.get_updates(
                    offset=offset,
                    timeout=self.poll_timeout,
                    allowed_updates=list(setup.ALLOWED_UPDATES),
                )
                failures = 0
            except asyncio.CancelledError:
                raise
            except RetryAfter as exc:
                await asyncio.sleep(_seconds(exc))
                continue
            except (Conflict, InvalidToken, NetworkError, TelegramError) as exc:
                failures += 1
                wait = backoff(failures, base=2.0, cap=60.0)
                log.warning("telegram: getUpdates failed (%s); again in %.0f s", exc, wait)
                await asyncio.sleep(wait)
                continue
            for update in updates:
                offset = update.update_id + 1
                try:
                    await self._handle(update)
                except Exception:
                    log.exception("telegram: update %s could not be handled", update.update_id)

    # --- outbound ----------------------------------------------------------------------------

    async def send(
        self,
        address: str,
        payload: dict[str, Any],
        row_id: int,
        progress: Progress | None = None,
    ) -> Delivery:
        try:
            chat_id = int(address)
        except ValueError:
            return Delivery(ok=False, permanent=True, error="not a Telegram chat id")
        progress = progress or Progress()
        # Whether the chat shows the share-location keyboard is decided as the row is queued
        # (handlers.delivery.keyboard_step), so any process may send the next message.
        remove = bool(payload.get("remove_keyboard"))
        attachments = await self._attachments(payload)
        parts = plan(payload, remove_reply_keyboard=remove, attachments=attachments)
        urgent = not payload.get("push")  # a reply to someone who wrote goes first
        try:
            for part in parts[progress.done :]:
                message_id = await self._send_part(chat_id, part, urgent=urgent)
                sent = provider_id(chat_id, message_id) if message_id is not None else None
                await progress.advance(sent, total=len(parts))
        except RetryAfter as exc:
            return Delivery(ok=False, retry_after=_seconds(exc), error="429 flood control")
        except Forbidden as exc:
            return Delivery(ok=False, permanent=True, unreachable=True, error=_short(exc))
        except BadRequest as exc:
            gone = "chat not found" in str(exc).lower()
            return Delivery(ok=False, permanent=True, unreachable=gone, error=_short(exc))
        except (NetworkError, InvalidToken, TelegramError) as exc:  # 5xx, timeouts
            return Delivery(ok=False, error=_short(exc))
        if isinstance(payload.get("menu"), str):
            await self._role_menu(chat_id, payload["menu"])
        return Delivery(ok=True, provider_id=progress.provider_id)

    async def _send_part(self, chat_id: int, part: Part, *, urgent: bool = True) -> int | None:
        """Send one part; the message id Telegram gave it."""
        async with self._chat_limit(chat_id):
            await self.pacer.wait(urgent=urgent)
            if part.attachment is not None:
                try:
                    message_id = (await self._send_file(chat_id, part, part.attachment)).message_id
                except (BadRequest, OSError) as exc:  # OSError: the stored file has gone
                    # A file Telegram no longer has must not hold back the case's text.
                    log.info("telegram: a case file could not be sent: %s", exc)
                    if not part.text and part.markup is None:
                        return None
                    await self.pacer.wait(urgent=urgent)
                    message_id = await self._send_text(chat_id, part)
            else:
                message_id = await self._send_text(chat_id, part)
        if part.then_inline is not None:
            await self.pacer.wait(urgent=urgent)
            try:
                markup = {"reply_markup": part.then_inline}
                where = {"chat_id": chat_id, "message_id": message_id}
                await setup.call(self._bot, "editMessageReplyMarkup", {**where, **markup})
            except TelegramError as exc:
                log.info("telegram: could not add buttons after removing a keyboard: %s", exc)
        return message_id

    async def _send_text(self, chat_id: int, part: Part) -> int:
        data = {"chat_id": chat_id, "text": part.text or "", "parse_mode": ParseMode.HTML.value}
        if part.markup is not None:
            data["reply_markup"] = part.markup
        return int((await setup.call(self._bot, "sendMessage", data))["message_id"])

    async def _send_file(self, chat_id: int, part: Part, attachment: Attachment) -> Message:
        """By file_id when this bot has one; else the stored bytes, uploaded (multipart)."""
        if attachment.file_id is not None:
            try:
                return await self._send_one(chat_id, part, attachment.kind, attachment.file_id)
            except BadRequest:
                if attachment.upload is None or attachment.upload.path is None:
                    raise
                log.info("telegram: a file_id was refused; uploading the stored file instead")
        upload = attachment.upload
        assert upload is not None and upload.path is not None
        data = await asyncio.to_thread(upload.read)
        kind = attachment.kind
        if kind == "photo" and len(data) > MAX_PHOTO_UPLOAD:
            kind = "document"  # Telegram takes photos of up to 10 MB; bigger go as files
        message = await self._send_one(
            chat_id, part, kind, InputFile(data, filename=upload.name, attach=True)
        )
        sent = _file_id_of(message)
        if sent and self._media is not None:
            await self._media.note_telegram_file(
                upload, telegram_file_id=sent, bot=self.file_owner
            )
        return message

    async def _send_one(
        self, chat_id: int, part: Part, kind: str, file: str | InputFile
    ) -> Message:
        mode = ParseMode.HTML if part.text else None
        if kind == "photo":
            return await self._bot.send_photo(
                chat_id, file, caption=part.text, parse_mode=mode, reply_markup=part.markup
            )
        return await self._bot.send_document(
            chat_id, file, caption=part.text, parse_mode=mode, reply_markup=part.markup
        )

    async def _attachments(self, payload: dict[str, Any]) -> list[Attachment] | None:
        """The payload's photos and files as this bot sends them; None without the store."""
        if self._media is None:
            return None
        if not payload.get("photos") and not payload.get("files"):
            return []  # nearly every message: no session opened to look for none
        sources = [str(p) for p in payload.get("photos") or ()]
        stored = {m.source: m for m in await self._media.photos(sources)} if sources else {}
        # In order, and each file's fetch (if it needs one) at the same time as the others'.
        wanted: list[Media | Attachment] = []
        for source in sources:
            if source in stored:
                wanted.append(stored[source])
            elif is_file_id(source) and payload.get("photo_channel") in (None, self.name):
                wanted.append(Attachment("photo", file_id=source))  # not a case's photo yet
        wanted += await self._media.generated(payload.get("files") or [])
        found = await asyncio.gather(
            *(self._attachment(w) if isinstance(w, Media) else _ready(w) for w in wanted)
        )
        return [a for a in found if a is not None]

    async def _attachment(self, media: Media) -> Attachment | None:
        """Reuse a file_id only on the bot it belongs to; otherwise upload the stored bytes."""
        assert self._media is not None
        if media.telegram_file_id and media.telegram_bot == self.file_owner:
            return Attachment(media.kind, file_id=media.telegram_file_id, upload=media)
        ready = await self._media.ensure(media)
        if ready is not None and ready.telegram_file_id and ready.telegram_bot == self.file_owner:
            return Attachment(media.kind, file_id=ready.telegram_file_id, upload=ready)
        if ready is not None and ready.path is not None:
            return Attachment(media.kind, upload=ready)
        # Not stored (refused, or its platform failing): never forwarded as the person sent it.
        log.info("telegram: a %s file is not in the store yet; sent without it", media.channel)
        return None

    def _chat_limit(self, chat_id: int) -> AsyncLimiter:
        limiter = self._chat_limits.get(chat_id)
        if limiter is None:
            period = self.chat_burst / self.chat_per_second
            limiter = AsyncLimiter(self.chat_burst, period)
            self._chat_limits[chat_id] = limiter
            while len(self._chat_limits) > _REMEMBERED:
                self._chat_limits.popitem(last=False)
        else:
            self._chat_limits.move_to_end(chat_id)
        return limiter

    async def _role_menu(self, chat_id: int, role: str) -> None:
        try:
            await setup.set_chat_menu(self._bot, chat_id, role)
        except TelegramError as exc:
            log.warning("telegram: could not set the %s menu for a chat: %s", role, exc)

    # --- files -------------------------------------------------------------------------------

    @property
    def file_owner(self) -> str:
        """The bot a file_id belongs to (the token's number): file_ids work only on their bot."""
        return reveal(self._settings.telegram_token).split(":", 1)[0]

    async def fetch(self, source: str) -> tuple[bytes, str]:
        """A file's bytes, streamed and stopped past the Bot API's 20 MB; typed by its bytes."""
        try:
            file = await self._bot.get_file(source)
        except BadRequest as exc:  # unknown file_id, or too big to download
            if "too big" in str(exc).lower():
                raise Refused("size", "over the Bot API's 20 MB") from None
            raise FetchError(f"Telegram refused the file: {_short(exc)}", permanent=True) from None
        except RetryAfter as exc:
            raise FetchError(f"rate limited for {_seconds(exc):.0f} s") from None
        except TelegramError as exc:
            raise FetchError(f"download failed: {_short(exc)}") from None
        if file.file_size and file.file_size > DOWNLOAD_LIMITS.most:
            raise Refused("size", "over the Bot API's 20 MB")  # known before downloading
        if not file.file_path:
            raise FetchError("Telegram gave no file path", permanent=True)
        try:
            # The URL holds the token: never put it in a message or a log line.
            async with self._downloads.stream("GET", file.file_path) as response:
                if response.status_code in (400, 404):
                    raise FetchError(f"file gone ({response.status_code})", permanent=True)
                if response.status_code >= 400:
                    raise FetchError(f"download failed ({response.status_code})")
                declared = _length(response.headers.get("content-length")) or file.file_size
                return await collect(
                    response.aiter_bytes(), limits=DOWNLOAD_LIMITS, declared=declared
                )
        except httpx.HTTPError as exc:
            raise FetchError(f"download failed: {type(exc).__name__}") from None


def press_answer(press: Press) -> dict[str, Any]:
    """answerCallbackQuery for a press, as a webhook's answer carries it; a press we cannot
    use says so."""
    answer: dict[str, Any] = {"method": "answerCallbackQuery", "callback_query_id": press.query_id}
    if press.kind is None:
        answer["text"] = texts.QUESTION_CLOSED
    return answer


def _one_of_a_kind(message: Message, press: Press) -> bool:
    """Whether the buttons are alternatives of one command (close REF outcome), not actions."""
    if message.reply_markup is None or not press.key:
        return False
    words = set()
    for row in message.reply_markup.inline_keyboard:
        for button in row:
            data = button.callback_data
            read = read_callback(data) if isinstance(data, str) else None
            if read is None or read[0] != COMMAND:
                return False
            words.add(read[2].split()[0].lower())
    return len(words) == 1


def _seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB warns that the type becomes timedelta in v23
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return float(value.total_seconds() if isinstance(value, timedelta) else value)


async def _ready(attachment: Attachment) -> Attachment:
    return attachment


def _file_id_of(message: Message) -> str | None:
    """The file_id Telegram gave what we uploaded: the largest photo size, or the document."""
    if message.photo:
        return message.photo[-1].file_id
    return message.document.file_id if message.document else None


def _length(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _short(exc: Exception) -> str:
    return (str(exc) or type(exc).__name__).splitlines()[0][:300]


def _is_live(press: Press, asked: str | None) -> bool:
    """Whether a pressed question button answered the question the person was on."""
    return press.kind != QUESTION or (asked is not None and asked == press.question)
