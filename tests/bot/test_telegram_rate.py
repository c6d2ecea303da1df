"""SHOPWATCH_TELEGRAM_RATE reaches the Telegram adapter's overall pacer."""

from __future__ import annotations

from typing import Any

import pytest

from bot.app import create_app
from bot.channels import telegram_setup
from config.settings import load_settings
from tests.support import settings_for


def test_the_rate_is_30_a_second_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SHOPWATCH_TELEGRAM_RATE", raising=False)
    assert load_settings(_env_file=None).telegram_rate == 30.0
    monkeypatch.setenv("SHOPWATCH_TELEGRAM_RATE", "1000")
    assert load_settings(_env_file=None).telegram_rate == 1000.0


@pytest.mark.parametrize("rate", [30.0, 2.5, 1000.0])
async def test_the_adapter_paces_its_sends_at_the_rate(
    monkeypatch: pytest.MonkeyPatch, sqlite_url: str, clock: Any, rate: float
) -> None:
    asked: list[float] = []
    real = telegram_setup.make_bot

    def recording(settings: Any, *, overall_per_second: float = 30.0) -> Any:
        asked.append(overall_per_second)
        return real(settings, overall_per_second=overall_per_second)

    monkeypatch.setattr(telegram_setup, "make_bot", recording)
    settings = settings_for(sqlite_url, telegram_token="1:abc", telegram_rate=rate)
    app = create_app(settings, clock=clock)
    # PTB's overall limiter is off: the adapter's own pacer (replies first) keeps the rate.
    assert asked == [0]
    assert app.state.runtime.adapters["telegram"].pacer.rate == rate
