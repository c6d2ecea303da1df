"""A conversation's state, typed in memory and plain JSON in the database.

Version 2 keeps each place step's answer under that step (a Place object), and names what the
engine is waiting for in fields rather than in a bag of flags. Version 1 states (in flight when
this shipped) are upgraded on load.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flows.model import JSON

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
    return FlowState(
        kind=data["kind"],
        q=data["q"],
        answers=copy.deepcopy(answers) if isinstance(answers, dict) else {},
        history=[h for h in history if isinstance(h, str)] if isinstance(history, list) else [],
        last_at=_time(data.get("last_at")),
        editing=data.get("editing") is True,
        guess=_guess(guess),
        keep=data["keep"] if isinstance(data.get("keep"), str) else None,
        resume=data["resume"] if isinstance(data.get("resume"), str) else None,
        idle_since=_time(data.get("idle_since")),
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
