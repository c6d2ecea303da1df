"""ShopWatch settings: `SHOPWATCH_*` environment variables, also read from `./.env`."""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _check_url(value: str | None, *, schemes: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in schemes or not parts.netloc:
        raise ValueError(f"must be a {' or '.join(schemes)} URL")
    return value


class Settings(BaseSettings):
    """Every knob of the service. A malformed value stops start-up naming its variable."""

    model_config = SettingsConfigDict(
        env_prefix="SHOPWATCH_", env_file=".env", extra="ignore", frozen=True
    )

    database_url: str = "sqlite+aiosqlite:///./shopwatch.db"
    public_url: str | None = None
    # Secrets print as "**********": read them with reveal() where they are needed.
    telegram_token: SecretStr | None = None
    telegram_secret: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_bot_username: str | None = None
    telegram_rate: float = Field(default=30.0, gt=0, allow_inf_nan=False)  # messages/s, all chats
    twilio_account_sid: str | None = None
    twilio_auth_token: SecretStr | None = None
    whatsapp_from: str | None = None
    twilio_api_url: str = "https://api.twilio.com"
    whatsapp_update_template: str | None = None
    timezone: str = "Europe/London"
    # auto: on, unless SHOPWATCH_PUBLIC_URL is set (behind a proxy every client looks local).
    console: Literal["auto", "on", "off"] = "auto"
    # The console's token: made at `shopwatch demo` or the first serve, owner-only (0600).
    console_token_file: str = "./console.token"
    idle_minutes: int = Field(default=30, ge=1)
    reminder_hours: int = Field(default=48, ge=1)
    # Pushes on the wire at once per channel, so that a broadcast leaves room for replies.
    pushes_at_once: int = Field(default=4, ge=1)
    attachments_dir: str = "./attachments"
    # Signs the expiring /media/{token}/{name} URLs WhatsApp fetches case photos and packs
    # from; unset: derived from the Twilio auth token, so every process agrees on it.
    media_secret: SecretStr | None = None
    media_url_minutes: int = Field(default=30, ge=1, le=7 * 24 * 60)
    log_format: Literal["plain", "json"] = "plain"
    # INFO writes a line per HTTP request (uvicorn's access log) and per channel at start.
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Hot spots: this many reports of one kind within hotspot_metres and hotspot_minutes.
    hotspot_reports: int = Field(default=3, ge=2)
    hotspot_metres: int = Field(default=500, ge=50)
    hotspot_minutes: int = Field(default=120, ge=10)
    # Where a BID's own tips and lessons live (CODE/tips.yaml, CODE/lessons.yaml); unset: shipped.
    content_dir: str | None = None

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _log_level(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value  # "warning" too

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        return _check_url(value or None, schemes=("https", "http"))

    @field_validator("telegram_api_url", "twilio_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        return _check_url(value, schemes=("https", "http")) or value

    @field_validator("media_secret")
    @classmethod
    def _media_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and 0 < len(value.get_secret_value()) < 32:
            raise ValueError("must be at least 32 characters (try: openssl rand -hex 32)")
        return value if value is not None and value.get_secret_value() else None

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("is not a known timezone (try Europe/London)") from exc
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def console_on(self) -> bool:
        """Whether the console channel's endpoints are served."""
        return self.console == "on" or (self.console == "auto" and not self.public_url)

    @property
    def telegram_enabled(self) -> bool:
        return bool(reveal(self.telegram_token))

    @property
    def whatsapp_enabled(self) -> bool:
        return bool(self.twilio_account_sid and reveal(self.twilio_auth_token))

    def secret_values(self) -> list[str]:
        """The values of every secret that is set, for the log filter that masks them."""
        secrets = (
            self.telegram_token,
            self.telegram_secret,
            self.twilio_auth_token,
            self.media_secret,
        )
        return [value for value in map(reveal, secrets) if value]


def reveal(secret: SecretStr | None) -> str:
    """A secret's value, or "" when it is not set."""
    return secret.get_secret_value() if secret is not None else ""


class SettingsError(Exception):
    """A setting is present but malformed; the message names the variable."""


def load_settings(**overrides: object) -> Settings:
    """Read settings, turning pydantic's report into one line naming the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "SHOPWATCH_" + str(first["loc"][0]).upper() if first["loc"] else "settings"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"{name}: {message}") from None
