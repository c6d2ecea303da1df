"""Telegram set-up: the Bot API client, the webhook registration and the command menus."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

from telegram import BotCommand, BotCommandScopeChat
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, TelegramError
from telegram.ext import AIORateLimiter, ExtBot

from bot.bots import TelegramBot
from bot.channels.telegram_request import AiohttpRequest
from bot.channels.wire import on_wire
from config.settings import Settings, SettingsError, reveal
from handlers.commands import menu_for

WEBHOOK_PATH = "/telegram/webhook"
# The update types we act on: messages and presses, edits (answered: edits are not read) and
# the bot's own membership of a chat (blocked, unblocked).
ALLOWED_UPDATES = ("message", "edited_message", "callback_query", "my_chat_member")
# Bot API methods that create a message: the sender marks the attempt just before them.
_CREATES = frozenset({"sendmessage", "sendphoto", "senddocument", "sendmediagroup"})
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
MAX_CONNECTIONS = 128  # to the Bot API: as many as a burst needs

# Whose menus are set at start and by `telegram set-webhook`; admins share managers'.
MENU_ROLES = ("staff", "officer", "manager")


def file_url(api_url: str) -> str:
    """The file download base: the API URL with its trailing `bot` replaced by `file/bot`."""
    base = api_url.rstrip("/")
    return base[: -len("bot")] + "file/bot" if base.endswith("bot") else base + "/file/bot"


def webhook_url(settings: Settings, path: str = WEBHOOK_PATH) -> str:
    assert settings.public_url is not None
    return settings.public_url.rstrip("/") + path


async def _mark_sends(path: str) -> None:
    """On a request that creates a message, let the sender mark it just before it is written.

    aiohttp awaits this when it is about to write the request on a connection it already holds
    (after every rate limiter, the pool and the connect), so the mark is committed before
    Telegram can see a byte: a message Telegram took always has its mark, and is never sent
    twice; one whose mark was committed but whose bytes never left is the only risk the other
    way, and nothing else is awaited between the two.
    """
    if path.rsplit("/", 1)[-1].lower() in _CREATES:
        await on_wire()


def make_bot(settings: Settings, *, overall_per_second: float = 30.0) -> ExtBot[Any]:
    """PTB's Bot API client; RetryAfter is not retried here so the outbox can reschedule."""
    token = reveal(settings.telegram_token)
    assert token, "make_bot needs SHOPWATCH_TELEGRAM_TOKEN"
    # One message every 1/30 s rather than bursts of 30: a burst plus the refill could put
    # nearly 60 through in the first second, over Telegram's limit.
    limiter = AIORateLimiter(
        overall_max_rate=1 if overall_per_second else 0,
        overall_time_period=1 / overall_per_second if overall_per_second else 0,
        max_retries=0,
    )
    return ExtBot(
        token,
        base_url=settings.telegram_api_url,
        base_file_url=file_url(settings.telegram_api_url),
        request=AiohttpRequest(
            connections=MAX_CONNECTIONS, pool_timeout=10.0, before_writing=_mark_sends
        ),
        get_updates_request=AiohttpRequest(connections=2, read_timeout=10.0),
        rate_limiter=limiter,
    )


async def call(bot: ExtBot[Any], method: str, data: dict[str, Any]) -> Any:
    """A Bot API call through PTB's own request path (rate limiter, timeouts, error types),
    its answer left as the JSON Telegram sent: for the calls made per message (send, edit),
    building PTB's Message from every answer and its arguments cost more CPU than the call's
    own HTTP work, and only the message id is read. None values are left out, as PTB does."""
    return await bot._post(method, data)  # PTB's private method behind every public one


def commands_for(role: str) -> list[BotCommand]:
    """The role's Telegram menu, as the command definitions give it."""
    return [BotCommand(word, description) for word, description in menu_for(role)]


async def set_default_menu(bot: ExtBot[None]) -> None:
    """Everyone sees the staff menu unless their own chat has another."""
    await bot.set_my_commands(commands_for("staff"))


async def set_chat_menu(bot: ExtBot[None], chat_id: int, role: str) -> None:
    await bot.set_my_commands(commands_for(role), scope=BotCommandScopeChat(chat_id))


async def register_webhook(
    bot: ExtBot[None], settings: Settings, path: str = WEBHOOK_PATH
) -> None:
    await bot.set_webhook(
        url=webhook_url(settings, path),
        secret_token=reveal(settings.telegram_secret) or None,
        allowed_updates=list(ALLOWED_UPDATES),
    )
    await set_default_menu(bot)


def webhook_problem(settings: Settings) -> str | None:
    """What stops webhook mode, naming the variable; None when all is in place."""
    if not reveal(settings.telegram_token):
        return "SHOPWATCH_TELEGRAM_TOKEN is not set"
    if not settings.public_url:
        return "SHOPWATCH_PUBLIC_URL is not set"
    secret = reveal(settings.telegram_secret)
    if not secret:
        return "SHOPWATCH_TELEGRAM_SECRET is not set"
    if not _SECRET.match(secret):
        return "SHOPWATCH_TELEGRAM_SECRET: use 1 to 256 letters, digits, '_' or '-'"
    return None


def check_webhook_settings(settings: Settings) -> None:
    """Webhook mode without a usable secret would refuse every update: stop at start-up."""
    problem = webhook_problem(settings)
    if settings.public_url and problem:
        raise SettingsError(f"{problem} (needed because SHOPWATCH_PUBLIC_URL is set)")


async def set_webhook_command(settings: Settings, bots: Sequence[TelegramBot] = ()) -> int:
    """`shopwatch telegram set-webhook`: register each bot's webhook and menus; 0, 1 or 2.

    `bots` are every bot to register (the deployment's and each BID's own); without any, the
    deployment's settings say what is missing.
    """
    problem = webhook_problem(settings) if not bots else None
    for each in bots:
        problem = problem or _named(webhook_problem(each.settings), each)
    if problem:
        print(f"shopwatch: {problem}; set-webhook needs it", file=sys.stderr)
        return 2
    failed = 0
    for each in bots or [TelegramBot("telegram", settings, WEBHOOK_PATH)]:
        refusal = await _register(each)
        if refusal:
            print(f"shopwatch: {refusal}", file=sys.stderr)
            failed += 1
            continue
        whose = f" (BID {each.bid}'s own bot)" if each.bid else ""
        print(
            f"Webhook set to {webhook_url(each.settings, each.path)}{whose} "
            f"for {', '.join(ALLOWED_UPDATES)}."
        )
        print(f"Command menus set for {', '.join(MENU_ROLES)}{whose}.")
    return 1 if failed else 0


def _named(problem: str | None, bot: TelegramBot) -> str | None:
    """A BID bot's problem names the BID setting, not the deployment's variable."""
    if problem is None or bot.bid is None or "PUBLIC_URL" in problem:
        return problem
    what = "token" if "TOKEN" in problem else "webhook secret"
    return f"BID {bot.bid}'s own bot has no usable {what} (shopwatch bid set {bot.bid})"


async def _register(each: TelegramBot) -> str | None:
    """Register one bot's webhook and menus; what went wrong, secrets taken out, or None."""
    settings = each.settings
    token = f"BID {each.bid}'s bot token" if each.bid else "SHOPWATCH_TELEGRAM_TOKEN"
    try:
        await _set_webhook(settings, each.path)
    except (InvalidToken, Forbidden):
        return f"Telegram refused {token}"
    except BadRequest as exc:
        return f"Telegram refused the webhook: {_safe(exc, settings)}"
    except NetworkError as exc:
        return (
            f"could not reach the Bot API at {settings.telegram_api_url}: {_safe(exc, settings)}"
        )
    except TelegramError as exc:
        return f"Telegram error: {_safe(exc, settings)}"
    return None


async def _set_webhook(settings: Settings, path: str = WEBHOOK_PATH) -> None:
    bot = make_bot(settings)
    async with bot:  # initialize (getMe checks the token) and shut down
        await register_webhook(bot, settings, path)


def _safe(exc: Exception, settings: Settings) -> str:
    """An error message with every secret taken out, on one line."""
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    for secret in settings.secret_values():
        message = message.replace(secret, "***")
    return message
