"""The app as a whole: which endpoints exist under which settings."""

from __future__ import annotations

import pytest

from config.settings import SettingsError, load_settings
from tests.support import harness


async def test_console_off_removes_its_endpoints(sqlite_url, clock) -> None:
    async with harness(sqlite_url, clock, console="off") as h:
        response = await h.client.post("/console/messages", json={"handle": "demo-staff"})
        assert response.status_code == 404
        health = await h.client.get("/healthz")
        assert health.json()["channels"] == {}


async def test_health_lists_the_channels_that_are_on(sqlite_url, clock) -> None:
    async with harness(sqlite_url, clock) as h:
        assert list((await h.client.get("/healthz")).json()["channels"]) == ["console"]


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SHOPWATCH_TIMEZONE", "Europe/Atlantis"),
        ("SHOPWATCH_PUBLIC_URL", "ftp://example.org"),
        ("SHOPWATCH_TELEGRAM_API_URL", "not a url"),
        ("SHOPWATCH_DATABASE_URL", "mysql://nope"),
        ("SHOPWATCH_CONSOLE", "maybe"),
        ("SHOPWATCH_TELEGRAM_RATE", "0"),
        ("SHOPWATCH_TELEGRAM_RATE", "inf"),
    ],
)
def test_a_malformed_setting_names_its_variable(monkeypatch, variable: str, value: str) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as raised:
        load_settings(_env_file=None)
    assert str(raised.value).startswith(variable + ":")
    assert "\n" not in str(raised.value)
