"""The tables the engine routes by: one reader per step kind, one handler per special question.

Each module of flows/steps/ and flows/questions/ registers itself here when imported; the
engine looks up what it is asking and hands the input to that entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flows import texts
from flows.flow import Flow, Step
from flows.model import JSON, Context, Option, Result, UserInput

if TYPE_CHECKING:
    from flows.walk import Walk

# Question ids the engine asks on its own, beside the steps of a flow.
SUMMARY = "summary"
EDIT = "edit"
IDLE = "idle"
CHECK = "_check"  # "<place step id>_check": "Did you mean Coventry Street?"
FAR = "_far"  # "<place step id>_far": "That is 4.2 km from the area. Is that right?"


def _show_plain(flow: Flow, step: Step, answers: dict[str, JSON], ctx: Context) -> str:
    return str(answers.get(step.id))


@dataclass(frozen=True)
class StepReader:
    """How one kind of step reads an answer, and how that answer reads back."""

    read: Callable[[Walk, Step, UserInput], Result]
    hint: str  # what to say when the answer cannot be used
    show: Callable[[Flow, Step, dict[str, JSON], Context], str] = _show_plain
    # Options beyond the step's own (Just now, Skip …); None: the step's options as written.
    options: Callable[[Walk, Step], tuple[Option, ...]] | None = None
    prompt: Callable[[Walk, Step], str] | None = None  # None: the step's prompt as written
    takes_location: bool = False  # a place question: locations and typed places are its job
    takes_photo: bool = False
    none_text: str = texts.SKIPPED  # how an answer of None (skipped) reads back


@dataclass(frozen=True)
class Special:
    """A question the engine asks on its own (summary, edit, idle, did you mean …?)."""

    read: Callable[[Walk, UserInput], Result]
    options: Callable[[Walk], tuple[Option, ...]]
    prompt: Callable[[Walk], str]
    back: Callable[[Walk], Result] | None = None  # None: back goes to the previous step
    # Whether a loaded state can be waiting on it (question id given, for <step>_check).
    valid: Callable[[Walk, str], bool] = lambda walk, q: True


READERS: dict[str, StepReader] = {}
SPECIALS: dict[str, Special] = {}


def reader(kind: str, **spec: object) -> Callable[[Callable[..., Result]], Callable[..., Result]]:
    """Register the decorated function as the reader of step kind `kind`."""

    def register(read: Callable[..., Result]) -> Callable[..., Result]:
        if kind in READERS:
            raise ValueError(f"two readers for step kind {kind!r}")
        READERS[kind] = StepReader(read=read, **spec)  # type: ignore[arg-type]
        return read

    return register


def special(name: str, spec: Special) -> None:
    """Register a special question; `name` is its id, or CHECK for every <step>_check."""
    if name in SPECIALS:
        raise ValueError(f"two handlers for question {name!r}")
    SPECIALS[name] = spec


def special_for(q: str) -> Special | None:
    """The special question `q` is, or None for a step of the flow."""
    if q in SPECIALS:
        return SPECIALS[q]
    for suffix in (CHECK, FAR):
        if q.endswith(suffix):
            return SPECIALS.get(suffix)
    return None
