"""The signed media links: made and checked with the key from settings, never without one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.media_route import Signer, safe_name
from config.settings import SettingsError, load_settings
from tests.support import Clock, settings_for

NOW = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)
PUBLIC = "https://shopwatch.example"
SECRET = "k" * 40


def token_of(url: str) -> str:
    return url.split("/media/", 1)[1].split("/", 1)[0]


def test_a_link_holds_for_its_minutes_and_not_after():
    clock = Clock(NOW)
    settings = settings_for("sqlite+aiosqlite://", public_url=PUBLIC, media_secret=SECRET)
    signer = Signer(settings, clock)
    url = signer.url(42, "WE-0001 pack.pdf")
    assert (
        url is not None
        and url.startswith(f"{PUBLIC}/media/42-")
        and url.endswith("/WE-0001-pack.pdf")
    )
    assert signer.check(token_of(url)) == (42, True)
    clock.now += timedelta(minutes=settings.media_url_minutes)
    assert signer.check(token_of(url)) == (42, False)


def test_a_forged_or_foreign_link_is_refused():
    settings = settings_for("sqlite+aiosqlite://", public_url=PUBLIC, media_secret=SECRET)
    url = Signer(settings, Clock(NOW)).url(42, "photo.jpg")
    assert url is not None
    file_id, expires, signature = token_of(url).split("-", 2)
    signer = Signer(settings, Clock(NOW))
    assert signer.check(f"43-{expires}-{signature}") is None
    assert signer.check(f"{file_id}-{int(expires) + 1}-{signature}") is None
    assert signer.check("42") is None and signer.check("../../etc/passwd") is None
    other = settings_for("sqlite+aiosqlite://", public_url=PUBLIC, media_secret="z" * 40)
    assert Signer(other, Clock(NOW)).check(token_of(url)) is None


def test_without_a_secret_or_a_twilio_token_there_are_no_links_at_all():
    bare = settings_for("sqlite+aiosqlite://", public_url=PUBLIC)
    signer = Signer(bare, Clock(NOW))
    assert signer.url(1, "a.jpg") is None
    keyed = Signer(
        settings_for("sqlite+aiosqlite://", public_url=PUBLIC, media_secret=SECRET), Clock(NOW)
    )
    assert signer.check(token_of(keyed.url(1, "a.jpg") or "")) is None
    twilio = settings_for("sqlite+aiosqlite://", public_url=PUBLIC, twilio_auth_token="t" * 32)
    derived = Signer(twilio, Clock(NOW))
    assert derived.check(token_of(derived.url(1, "a.jpg") or "")) == (1, True)


def test_a_short_media_secret_stops_start_up_naming_it(monkeypatch):
    monkeypatch.setenv("SHOPWATCH_MEDIA_SECRET", "short")
    with pytest.raises(SettingsError, match=r"^SHOPWATCH_MEDIA_SECRET: must be at least 32"):
        load_settings(_env_file=None)
    monkeypatch.setenv("SHOPWATCH_MEDIA_SECRET", SECRET)
    settings = load_settings(_env_file=None)
    assert SECRET in settings.secret_values() and SECRET not in repr(settings)


@pytest.mark.parametrize(
    ("name", "safe"),
    [("WE-0001.pdf", "WE-0001.pdf"), ("../x.jpg", "x.jpg"), ("a b?c", "a-b-c"), ("", "file")],
)
def test_names_in_links_are_plain(name, safe):
    assert safe_name(name) == safe
