"""What the time reader answers: an exact moment, or what it needs to ask (a window, a day,
choices), or why it cannot use the answer (still to come, too long ago, unreadable)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum

MAX_AGE = timedelta(days=30)
# A time a few minutes ahead is a slow watch, not the future.
FUTURE_SLACK = timedelta(minutes=5)


class Kind(StrEnum):
    """What a reading is, and so what the bot does next."""

    EXACT = "exact"  # use `when`
    VAGUE = "vague"  # ask within `window` (a part of a day, or `window.choices` to pick from)
    DAY = "day"  # a day without a time: ask what time on it
    FUTURE = "future"  # still to come: ask again
    TOO_OLD = "too_old"  # more than MAX_AGE ago: older incidents go elsewhere
    UNREADABLE = "unreadable"  # nothing we can use, or a lone number (an option, not a time)


@dataclass(frozen=True, slots=True)
class Window:
    """Where the moment lies, inclusive; pass it back as `within=` to read the answer inside it."""

    start: datetime
    end: datetime
    part: str | None = None  # a key of PARTS, for asking "about what time this morning?"
    choices: tuple[datetime, ...] = ()  # readings to choose between, most recent first

    def __contains__(self, when: object) -> bool:
        # Compared in UTC: within one zone Python compares wall clocks, blind to a clock change.
        if not isinstance(when, datetime):
            return False
        return _utc(self.start) <= _utc(when) <= _utc(self.end)

    def astimezone(self, tz: tzinfo) -> Window:
        """The same window with its times shown in `tz`."""
        return Window(
            self.start.astimezone(tz),
            self.end.astimezone(tz),
            self.part,
            tuple(c.astimezone(tz) for c in self.choices),
        )

    def to_json(self) -> dict[str, str | list[str] | None]:
        """The window as JSON-safe values, for keeping in a conversation's state."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "part": self.part,
            "choices": [c.isoformat() for c in self.choices],
        }

    @classmethod
    def from_json(cls, data: dict[str, str | list[str] | None], tz: tzinfo) -> Window:
        """The window `to_json` gave, with its times in `tz`."""

        def moment(text: object) -> datetime:
            return datetime.fromisoformat(str(text)).astimezone(tz)

        choices = data.get("choices") or []
        part = data.get("part")
        return cls(
            moment(data["start"]),
            moment(data["end"]),
            str(part) if part else None,
            tuple(moment(c) for c in choices),
        )


@dataclass(frozen=True, slots=True)
class TimeReading:
    """One reading of a typed time: `when` for EXACT (and the moment meant, for FUTURE and
    TOO_OLD where there is one); `window` for VAGUE and DAY."""

    kind: Kind
    when: datetime | None = None
    window: Window | None = None


UNREADABLE = TimeReading(Kind.UNREADABLE)


def _utc(when: datetime) -> datetime:
    return when.astimezone(UTC)
