"""A conversation's state, typed in memory and plain JSON in the database.

Version 2 keeps each place step's answer under that step (a Place object), and names what the
engine is waiting for in fields rather than in a bag of flags. Version 1 states (in flight when
this shipped) are upgraded on load.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flows.model import JSON, Location, Photo, UserInput

VERSION = 2
# Version 1 kept the last place found at the top of the answers.
_V1_PLACE_KEYS = ("location", "street", "latitude", "longitude")


@dataclass(frozen=True)
class StreetGuess:
    """A street we are not sure the person meant: we ask "Did you mean …?" about it."""

    step: str  # the place step that asked
    street: str
    typed: str


@dataclass
class FlowState:
    """Where one person is in one flow."""

    kind: str
    q: str  # the question awaiting an answer: a step id, summary, edit, idle or <step>_check
    answers: dict[str, JSON] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)  # steps answered, for `back`
    last_at: datetime | None = None  # when the person last wrote, for the idle prompt
    editing: bool = False  # answering a change from the summary: go back there after
    guess: StreetGuess | None = None  # waiting on "Did you mean …?"
    keep: str | None = None  # words they may keep as the place, after "no" to a guess
    resume: str | None = None  # the question to go back to after the idle prompt
    idle_since: datetime | None = None  # when they went quiet, shown in the idle prompt
    woke: dict[str, JSON] | None = None  # the message that met the idle prompt, kept for after
    far: dict[str, JSON] | None = None  # a shared location far from the area, to confirm
    collected: list[dict[str, JSON]] = field(default_factory=list)  # photos of this step so far
    album: str | None = None  # the photo album (Telegram media group) last collected from
    screened: str | None = None  # the step already asked to leave out sensitive details
    window: dict[str, JSON] | None = None  # a vague time ("this morning") being narrowed down

    def to_json(self) -> dict[str, JSON]:
        """The plain JSON stored between messages."""
        return {
            "v": VERSION,
            "kind": self.kind,
            "q": self.q,
            "answers": copy.deepcopy(self.answers),
            "history": list(self.history),
            "last_at": _iso(self.last_at),
            "editing": self.editing,
            "guess": None
            if self.guess is None
            else {"step": self.guess.step, "street": self.guess.street, "typed": self.guess.typed},
            "keep": self.keep,
            "resume": self.resume,
            "idle_since": _iso(self.idle_since),
            "woke": copy.deepcopy(self.woke),
            "far": copy.deepcopy(self.far),
            "collected": copy.deepcopy(self.collected),
            "album": self.album,
            "screened": self.screened,
            "window": copy.deepcopy(self.window),
        }


def load(data: object) -> FlowState | None:
    """A state read back from JSON (any version), or None when it is not one."""
    if not isinstance(data, dict):
        return None
    if data.get("menu") == "kind":
        # Version 1 kept the report menu outside the engine; it is the "report" flow now.
        data = {**data, "kind": "report", "q": "kind", "v": VERSION}
    if data.get("v", 1) == 1:
        data = upgrade_v1(data)
    if not isinstance(data.get("kind"), str) or not isinstance(data.get("q"), str):
        return None
    answers = data.get("answers")
    history = data.get("history")
    guess = data.get("guess")
    collected = data.get("collected")
    return FlowState(
        kind=data["kind"],
        q=data["q"],
        answers=copy.deepcopy(answers) if isinstance(answers, dict) else {},
        history=[h for h in history if isinstance(h, str)] if isinstance(history, list) else [],
        last_at=_time(data.get("last_at")),
        editing=data.get("editing") is True,
        guess=_guess(guess),
        keep=_text(data.get("keep")),
        resume=_text(data.get("resume")),
        idle_since=_time(data.get("idle_since")),
        woke=_dict(data.get("woke")),
        far=_dict(data.get("far")),
        collected=[p for p in collected if isinstance(p, dict)]
        if isinstance(collected, list)
        else [],
        album=_text(data.get("album")),
        screened=_text(data.get("screened")),
        window=_dict(data.get("window")),
    )


def upgrade_v1(data: dict[str, Any]) -> dict[str, Any]:
    """A version 1 state in version 2's shape: flags as fields, the place under its step."""
    raw_flags, raw_answers = data.get("flags"), data.get("answers")
    flags: dict[str, Any] = raw_flags if isinstance(raw_flags, dict) else {}
    answers: dict[str, Any] = raw_answers if isinstance(raw_answers, dict) else {}
    keep = flags.get("keep")
    return {
        **data,
        "v": VERSION,
        "answers": upgrade_v1_answers(answers),
        "editing": flags.get("editing") is True,
        "guess": flags.get("guess"),
        "keep": keep.get("typed") if isinstance(keep, dict) else None,
        "resume": flags.get("resume"),
        "idle_since": flags.get("idle_since"),
    }


def upgrade_v1_answers(answers: dict[str, Any]) -> dict[str, Any]:
    """Version 1 answers (one flat place, whichever step found it) with the place nested."""
    out = {k: v for k, v in answers.items() if k not in _V1_PLACE_KEYS}
    place = {k: answers.get(k) for k in _V1_PLACE_KEYS}
    where = answers.get("where")
    if isinstance(where, str):
        found_here = "where_other" not in answers
        out["where"] = {
            "choice": where,
            "text": out.pop("where_text", None),
            **(place if found_here else dict.fromkeys(_V1_PLACE_KEYS)),
        }
    if isinstance(answers.get("where_other"), str):
        out["where_other"] = {"choice": "typed", "text": answers["where_other"], **place}
    return out


def _guess(value: object) -> StreetGuess | None:
    if not isinstance(value, dict):
        return None
    step, street, typed = value.get("step"), value.get("street"), value.get("typed")
    if isinstance(step, str) and isinstance(street, str) and isinstance(typed, str):
        return StreetGuess(step, street, typed)
    return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _dict(value: object) -> dict[str, JSON] | None:
    return copy.deepcopy(value) if isinstance(value, dict) else None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _time(value: object) -> datetime | None:
    """An aware datetime from ISO text; None for anything else."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def input_json(inp: UserInput) -> dict[str, JSON]:
    """A person's input as JSON, to keep in the state until it can be read."""
    return {
        "text": inp.text,
        "choice": inp.choice,
        "question": inp.question,
        "photo": None
        if inp.photo is None
        else {"content_type": inp.photo.content_type, "source": inp.photo.source},
        "location": None
        if inp.location is None or not _finite(inp.location.latitude, inp.location.longitude)
        else {
            "latitude": inp.location.latitude,
            "longitude": inp.location.longitude,
            "address": inp.location.address,
        },
        "album": inp.album,
    }


def input_from(data: dict[str, JSON]) -> UserInput:
    """An input kept by `input_json`, back as it was."""
    photo, location = data.get("photo"), data.get("location")
    return UserInput(
        text=str(data.get("text") or ""),
        choice=_text(data.get("choice")),
        question=_text(data.get("question")),
        photo=Photo(str(photo.get("content_type")), str(photo.get("source")))
        if isinstance(photo, dict)
        else None,
        location=Location(
            float(location["latitude"]), float(location["longitude"]), location.get("address")
        )
        if isinstance(location, dict)
        else None,
        album=_text(data.get("album")),
    )


def _finite(*values: object) -> bool:
    """Whether every value is a finite number (JSON has no NaN or infinity)."""
    return all(
        isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in values
    )
