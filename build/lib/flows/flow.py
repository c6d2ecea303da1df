"""The data a flow is made of: steps with a prompt, a parser kind, options and conditions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from flows.model import JSON, Option

# How a step reads its answer; the engine has one handler per kind.
StepKind = Literal[
    "yes_no",  # Yes/No buttons, typed yes/no words; stores a bool
    "choice",  # one of `options`; stores the option key
    "count",  # how many people: 1, 2, 3, 4_or_more or unknown; typed numbers too
    "text",  # free text of at least `min_len` characters
    "when",  # a time in the past 30 days; stores ISO datetime plus `<id>_text`
    "place",  # at the shop / somewhere else / typed street / shared location
    "place_text",  # a typed street or landmark, or a shared location
    "money",  # pounds as a number, or None when not known
    "crn",  # a CAD or crime reference number
    "plate",  # part of a number plate, upper-cased
    "photo",  # one photo
]


@dataclass(frozen=True)
class Cond:
    """Ask a step only when an earlier step's answer is one of `values`."""

    step: str
    values: tuple[JSON, ...]

    def holds(self, answers: dict[str, JSON]) -> bool:
        """Whether the earlier answer is present and one of `values`."""
        return self.step in answers and answers[self.step] in self.values


@dataclass(frozen=True)
class Step:
    """One question of a flow."""

    id: str  # at most 24 ASCII characters: it travels in button callback data
    kind: StepKind
    prompt: str  # from texts; "{shop}" is filled with the shop's name
    label: str  # short name used in the summary and the "change an answer" list
    options: tuple[Option, ...] = ()
    # Extra words (typed) that mean an option: (words, option key).
    aliases: tuple[tuple[str, str], ...] = ()
    optional: bool = False  # the person may skip it; the answer is then None
    condition: Cond | None = None  # ask only when this holds
    next: str | None = None  # go here instead of the following step
    min_len: int = 0  # for text steps
    # When the answer equals the first item, send the second as a message before anything else.
    alert: tuple[JSON, str] | None = None
    # Typed words that match no option still count, as the "other" option.
    typed_other: bool = False
    # Keep the words typed for a choice as answers["<id>_text"].
    keep_text: bool = False
    in_summary: bool = True


@dataclass(frozen=True)
class Flow:
    """A whole conversation: its kind (a key of model.KINDS), opening line and steps in order."""

    kind: str
    intro: str
    steps: tuple[Step, ...]

    def step(self, step_id: str) -> Step | None:
        """The step with id `step_id`, if the flow has one."""
        for step in self.steps:
            if step.id == step_id:
                return step
        return None

    def index(self, step_id: str) -> int:
        """Position of `step_id` in the flow, or -1 when it has no such step."""
        for i, step in enumerate(self.steps):
            if step.id == step_id:
                return i
        return -1
