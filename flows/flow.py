"""The data a flow is made of: steps with a prompt, a reader kind, options and conditions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from flows import texts
from flows.model import JSON, Option
from flows.template import fill

# How a step reads its answer; flows/steps/ has one reader per kind.
StepKind = Literal[
    "yes_no",  # Yes/No buttons, typed yes/no words; stores a bool
    "choice",  # one of `options`; stores the option key
    "count",  # how many people: 1, 2, 3, 4_or_more or unknown; typed numbers too
    "text",  # free text of at least `min_len` characters
    "when",  # a time in the past 30 days; stores ISO datetime plus `<id>_text`
    "place",  # at the shop / somewhere else / typed street / shared location; stores a Place
    "place_text",  # a typed street or landmark, or a shared location; stores a Place
    "money",  # pounds as a number, or None when not known
    "crn",  # a CAD or crime reference number
    "plate",  # part of a number plate, upper-cased
    "photo",  # one photo
    "flow",  # which flow to go on with (the report menu); `options` are filled from the registry
]


@dataclass(frozen=True)
class Cond:
    """Ask a step only when an earlier step's answer is one of `values`."""

    step: str
    values: tuple[JSON, ...]

    def holds(self, answers: dict[str, JSON]) -> bool:
        """Whether the earlier answer is present and one of `values`."""
        return self.step in answers and plain(answers[self.step]) in self.values


def plain(answer: JSON) -> JSON:
    """The value a condition compares: a place answer compares by the choice it was."""
    if isinstance(answer, dict) and "choice" in answer:
        return answer["choice"]
    return answer


@dataclass(frozen=True)
class Step:
    """One question of a flow."""

    id: str  # at most 24 ASCII characters: it travels in button callback data
    kind: StepKind
    prompt: str  # from texts; "{shop}" is filled with the shop's name
    label: str  # short name used in the summary, the "change an answer" list and alerts
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
    # Free text about people: asked once, kindly, to leave out ethnicity, religion and health.
    screen: bool = False
    # A photo step that also takes a typed note instead (adding to a filed case).
    notes: bool = False
    # How the answer heads an officer's alert and case view, by value (danger goes first).
    headline: tuple[tuple[JSON, str], ...] = ()


@dataclass(frozen=True)
class Flow:
    """A whole conversation, and everything the rest of the product says about it.

    `title` reads after "Let's report" ("a moped or bike snatch"), `name` inside a sentence
    ("New moped snatch report"), `label` on the report menu (None: not offered there).
    `alert` lists, in order, the answers an officer's alert shows; the rest is one `case` away.
    Those of its steps with a `headline` come first, as that line, before the others.
    """

    kind: str
    title: str
    name: str
    steps: tuple[Step, ...]
    label: str | None = None
    crime: bool = True
    alert: tuple[str, ...] = ()
    intro_text: str = texts.INTRO
    filed_text: str = texts.FILED
    again_text: str = texts.START_NEW  # after a cancel: how to start this kind again
    # What the engine does when a person comes back after a quiet spell: offer to carry on,
    # or (for a menu that holds nothing yet) forget it and take the message afresh.
    when_idle: Literal["ask", "forget"] = "ask"
    menu: bool = False  # a menu only picks another flow; it files nothing
    confirm: bool = True  # end with a summary to check and send; False: done at the last step
    # What filing it makes: a case, an addition to one, or a lost-property report.
    files_as: Literal["case", "addition", "lost"] = "case"

    @property
    def intro(self) -> str:
        """The opening line, before the first question ("" for none)."""
        return fill(self.intro_text, title=self.title)

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
