"""Secrets in settings: hidden when printed, readable where they are used, off when empty."""

from __future__ import annotations

import os

import pytest

from config.logging import Redactor
from config.settings import load_settings, reveal

TOKEN = "7012345678:AAFakeTokenForShopWatchTests-0123456"
SECRET = "webhook-secret_1"
AUTH = "f" * 32


@pytest.fixture(autouse=True)
def no_settings_from_outside(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in os.environ if n.startswith("SHOPWATCH_")]:
        monkeypatch.delenv(name)


def test_secrets_never_print_but_can_be_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOPWATCH_TELEGRAM_TOKEN", TOKEN)
    monkeypatch.setenv("SHOPWATCH_TELEGRAM_SECRET", SECRET)
    monkeypatch.setenv("SHOPWATCH_TWILIO_ACCOUNT_SID", "AC" + "0" * 32)
    monkeypatch.setenv("SHOPWATCH_TWILIO_AUTH_TOKEN", AUTH)
    settings = load_settings(_env_file=None)
    shown = f"{settings!r} {settings} {settings.model_dump()}"
    assert TOKEN not in shown and SECRET not in shown and AUTH not in shown
    assert reveal(settings.telegram_token) == TOKEN
    assert reveal(settings.twilio_auth_token) == AUTH
    assert settings.telegram_enabled and settings.whatsapp_enabled
    assert sorted(settings.secret_values()) == sorted([TOKEN, SECRET, AUTH])


def test_empty_or_missing_secrets_turn_their_channel_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOPWATCH_TELEGRAM_TOKEN", "")
    monkeypatch.setenv("SHOPWATCH_TWILIO_ACCOUNT_SID", "AC" + "0" * 32)
    settings = load_settings(_env_file=None)
    assert reveal(settings.telegram_token) == "" and reveal(settings.twilio_auth_token) == ""
    assert not settings.telegram_enabled and not settings.whatsapp_enabled
    assert settings.secret_values() == []


def test_the_log_filter_masks_every_secret_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOPWATCH_TWILIO_AUTH_TOKEN", AUTH)
    monkeypatch.setenv("SHOPWATCH_TELEGRAM_SECRET", SECRET)
    settings = load_settings(_env_file=None)
    line = f"auth {AUTH} secret {SECRET}"
    assert Redactor(settings.secret_values())(line) == "auth *** secret ***"
