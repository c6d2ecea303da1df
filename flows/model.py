"""Channel-neutral values that flow in and out of the pure flow engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

JSON = Any
Command = Literal["back", "cancel"]
# "expired": a menu left unanswered too long is forgotten, and the message is taken afresh.
Outcome = Literal["continue", "filed", "cancelled", "expired"]


@dataclass(frozen=True)
class Option:
    """One answer a question offers: `key` travels in buttons, `label` is what people read."""

    key: str
    label: str


@dataclass(frozen=True)
class Outbound:
    """One message to a person. Text may hold `*bold*` (WhatsApp markup); channels render it."""

    text: str
    options: tuple[Option, ...] = ()
    request_location: bool = False
    # The question this message asks, so a channel can tell a stale button from a live one.
    question: str | None = None


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float
    address: str | None = None


@dataclass(frozen=True)
class Photo:
    content_type: str
    source: str  # Telegram file_id, WhatsApp media URL, or console-provided reference


@dataclass(frozen=True)
class UserInput:
    """What a person sent while in a flow, after the dispatcher took out global commands."""

    text: str = ""
    choice: str | None = None  # an Option.key from a pressed button
    question: str | None = None  # the question that button was sent with, when known
    photo: Photo | None = None
    location: Location | None = None
    command: Command | None = None
    # Photos sent together (a Telegram album) share this, so the reply comes once, not each time.
    album: str | None = None


@dataclass(frozen=True)
class Street:
    name: str
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Context:
    """Everything the engine may know about the world; it does no I/O of its own."""

    now: datetime  # timezone-aware
    tz: ZoneInfo
    streets: tuple[Street, ...]
    shop_name: str
    shop_street: str | None = None
    idle_minutes: int = 30


@dataclass(frozen=True)
class Report:
    """A finished flow, ready to be stored as a case."""

    kind: str
    answers: dict[str, JSON]
    occurred_at: datetime
    location: str
    street: str | None
    latitude: float | None
    longitude: float | None
    attachments: tuple[Photo, ...] = ()


@dataclass
class Result:
    """What one step of the engine produced. `state` is None once the flow has ended."""

    state: dict[str, JSON] | None
    messages: list[Outbound] = field(default_factory=list)
    outcome: Outcome = "continue"
    report: Report | None = None
