"""Which bots and senders a deployment has: its own, and each BID's own (bot/bots.py)."""

from __future__ import annotations

import pytest

from bot import bots
from config.settings import reveal
from storage.channels import bid_channel, bid_code, kind
from storage.models import Bid
from tests.support import settings_for

TOKEN = "7012345678:AAFakeTokenForShopWatchTests-0123456"
OWN = "7098765432:AAOxfordStreetsOwnBotToken-98765"


def deployment(**extra: object):
    return settings_for(
        "sqlite+aiosqlite:///:memory:",
        telegram_token=TOKEN,
        telegram_secret="main-secret",
        twilio_account_sid="AC" + "a" * 32,
        twilio_auth_token="b" * 32,
        whatsapp_from="whatsapp:+447700900000",
        **extra,
    )


def test_channel_names_carry_the_platform_and_the_bid() -> None:
    assert bid_channel("telegram", "we") == "telegram:WE"
    assert kind("telegram:WE") == "telegram" and kind("whatsapp") == "whatsapp"
    assert bid_code("whatsapp:OX") == "OX" and bid_code("console") is None


def test_a_bids_own_bot_has_its_token_secret_and_path_and_the_rest_is_shared() -> None:
    settings = deployment()
    ox = Bid(code="OX", name="Oxford", telegram_token=OWN, telegram_secret="ox-secret")
    main, own = bots.telegram_bots(settings, [ox, Bid(code="SO", name="Soho")])
    assert (main.channel, main.path, main.bid) == ("telegram", "/telegram/webhook", None)
    assert (own.channel, own.path, own.bid) == ("telegram:OX", "/telegram/ox/webhook", "OX")
    assert reveal(own.settings.telegram_token) == OWN
    assert reveal(own.settings.telegram_secret) == "ox-secret"
    assert own.settings.telegram_api_url == settings.telegram_api_url
    assert own.settings.telegram_rate == settings.telegram_rate
    assert reveal(settings.telegram_token) == TOKEN  # the deployment's are untouched
    ox.telegram_path = "/hooks/ox"
    assert bots.telegram_bots(settings, [ox])[1].path == "/hooks/ox"


def test_a_bids_own_sender_uses_the_deployments_account_unless_it_has_one() -> None:
    settings = deployment()
    ox = Bid(code="OX", name="Oxford", whatsapp_from="whatsapp:+447700900999")
    [_, own] = bots.whatsapp_senders(settings, [ox])
    assert (own.channel, own.webhook_path, own.status_path) == (
        "whatsapp:OX",
        "/whatsapp/ox/webhook",
        "/whatsapp/ox/status",
    )
    assert own.settings.whatsapp_from == "whatsapp:+447700900999"
    assert own.settings.twilio_account_sid == settings.twilio_account_sid
    ox.twilio_account_sid, ox.twilio_auth_token = "AC" + "c" * 32, "d" * 32
    [_, own] = bots.whatsapp_senders(settings, [ox])
    assert own.settings.twilio_account_sid == "AC" + "c" * 32
    assert reveal(own.settings.twilio_auth_token) == "d" * 32


def test_a_sender_without_any_twilio_account_is_left_out_and_says_why() -> None:
    settings = settings_for("sqlite+aiosqlite:///:memory:")
    ox = Bid(code="OX", name="Oxford", whatsapp_from="whatsapp:+447700900999")
    assert bots.whatsapp_senders(settings, [ox]) == []
    assert "SHOPWATCH_TWILIO_ACCOUNT_SID" in (bots.unusable(settings, ox) or "")
    ox.twilio_account_sid = "AC" + "c" * 32
    assert "together" in (bots.unusable(settings, ox) or "")


@pytest.mark.parametrize(
    ("path", "ok"),
    [
        ("/telegram/ox/webhook", True),
        ("/hooks/ox", True),
        ("/telegram/webhook", False),
        ("/whatsapp/ox", False),
        ("/healthz", False),
        ("/console/messages", False),
        ("/media/x", False),
        ("hooks", False),
        ("/a b", False),
        ("/a/b/c/d/e", False),
    ],
)
def test_a_webhook_path_may_not_take_the_apps_own_routes(path: str, ok: bool) -> None:
    assert (bots.path_problem(path) is None) == ok
