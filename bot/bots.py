"""The deployment's Telegram bots and WhatsApp senders: its own, and each BID's own.

Telegram and Twilio limit sending per bot and per sender, so a BID may have its own of each
(`shopwatch bid set CODE --telegram-token …`, `--whatsapp-from …`). Each is a channel of its
own ("telegram:WE", "whatsapp:WE"; see storage.channels) with its own adapter, webhook path,
rate limiters and sender loop. Its secrets live in the BID's row, like the deployment's live in
its settings: masked in every log line, never printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import SecretStr

from config.logging import mask_secret
from config.settings import Settings
from storage import bids
from storage.channels import TELEGRAM, WHATSAPP, bid_channel
from storage.db import Sessions
from storage.models import Bid

DEFAULT_TELEGRAM_PATH = "/telegram/webhook"
DEFAULT_WHATSAPP_PATHS = ("/whatsapp/webhook", "/whatsapp/status")
TELEGRAM_TOKEN = re.compile(r"^[0-9]{1,20}:[A-Za-z0-9_-]{20,80}$")
WEBHOOK_PATH = re.compile(r"^(/[A-Za-z0-9_-]{1,40}){1,4}$")
# Routes of the app a BID's webhook path may not take.
RESERVED = ("/healthz", "/console", "/media", "/whatsapp", DEFAULT_TELEGRAM_PATH)


@dataclass(frozen=True)
class TelegramBot:
    """One Telegram bot: its channel name, the settings its adapter reads, its webhook path."""

    channel: str
    settings: Settings  # the deployment's, with this bot's token and secret
    path: str
    bid: str | None = None  # the BID whose own bot it is; None: the deployment's


@dataclass(frozen=True)
class WhatsAppSender:
    """One WhatsApp sender number, with the Twilio account it sends from and its two paths."""

    channel: str
    settings: Settings  # the deployment's, with this sender's number and Twilio account
    webhook_path: str
    status_path: str
    bid: str | None = None


def telegram_path(code: str) -> str:
    """Where a BID's own bot posts its updates unless told otherwise: /telegram/we/webhook."""
    return f"/telegram/{code.lower()}/webhook"


def whatsapp_paths(code: str) -> tuple[str, str]:
    """A BID's own sender's webhook and status paths: /whatsapp/we/webhook, …/status."""
    return f"/whatsapp/{code.lower()}/webhook", f"/whatsapp/{code.lower()}/status"


def path_problem(path: str) -> str | None:
    """Why `path` cannot be a BID bot's webhook path, or None."""
    if not WEBHOOK_PATH.match(path):
        return "a webhook path is 1 to 4 parts of letters, digits, '_' or '-', like /telegram/we"
    if any(path == r or path.startswith(r + "/") for r in RESERVED):
        return f"{path} is one of the app's own routes"
    return None


def telegram_bots(settings: Settings, with_bots: list[Bid]) -> list[TelegramBot]:
    """The deployment's bot (when its token is set), then each BID's own."""
    found: list[TelegramBot] = []
    if settings.telegram_enabled:
        found.append(TelegramBot(TELEGRAM, settings, DEFAULT_TELEGRAM_PATH))
    for bid in with_bots:
        if not bid.telegram_token:
            continue
        own = settings.model_copy(
            update={
                "telegram_token": _secret(bid.telegram_token),
                "telegram_secret": _secret(bid.telegram_secret),
                "telegram_bot_username": None,  # asked of the bot (getMe) when it connects
            }
        )
        path = bid.telegram_path or telegram_path(bid.code)
        found.append(TelegramBot(bid_channel(TELEGRAM, bid.code), own, path, bid.code))
    return found


def whatsapp_senders(settings: Settings, with_bots: list[Bid]) -> list[WhatsAppSender]:
    """The deployment's sender (when Twilio is set up), then each BID's own.

    A BID's sender uses the deployment's Twilio account unless the BID names its own; one with
    neither is left out (`unusable` says why).
    """
    found: list[WhatsAppSender] = []
    if settings.whatsapp_enabled:
        found.append(WhatsAppSender(WHATSAPP, settings, *DEFAULT_WHATSAPP_PATHS))
    for bid in with_bots:
        if not bid.whatsapp_from or unusable(settings, bid):
            continue
        own = settings.model_copy(
            update={
                "whatsapp_from": bid.whatsapp_from,
                "twilio_account_sid": bid.twilio_account_sid or settings.twilio_account_sid,
                "twilio_auth_token": (
                    _secret(bid.twilio_auth_token)
                    if bid.twilio_account_sid
                    else settings.twilio_auth_token
                ),
            }
        )
        channel = bid_channel(WHATSAPP, bid.code)
        found.append(WhatsAppSender(channel, own, *whatsapp_paths(bid.code), bid=bid.code))
    return found


def unusable(settings: Settings, bid: Bid) -> str | None:
    """Why a BID's own WhatsApp sender cannot send, or None."""
    if not bid.whatsapp_from:
        return None
    if bid.twilio_account_sid and bid.twilio_auth_token:
        return None
    if bid.twilio_account_sid or bid.twilio_auth_token:
        return "its Twilio account SID and auth token must be set together"
    if not settings.whatsapp_enabled:
        return (
            "it has no Twilio account of its own and SHOPWATCH_TWILIO_ACCOUNT_SID and "
            "SHOPWATCH_TWILIO_AUTH_TOKEN are not set"
        )
    return None


async def load(sessions: Sessions) -> list[Bid]:
    """The BIDs with a bot or sender of their own; their secrets are masked in logs from now."""
    async with sessions() as session:
        found = await bids.bids_with_bots(session)
    for bid in found:
        for secret in (bid.telegram_token, bid.telegram_secret, bid.twilio_auth_token):
            if secret:
                mask_secret(secret)
    return found


def _secret(value: str | None) -> SecretStr | None:
    return SecretStr(value) if value else None
