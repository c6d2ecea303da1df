"""Which answers of a report are anonymous facts, kept for statistics when the rest goes.

Kept: answers picked from options, yes/no, counts, times, amounts, places and the police
reference. Removed: everything typed in free text (what happened, descriptions of people,
items, directions), number plates, photos, the words typed for a choice, and any answer this
version of the flow does not know (it cannot vouch for it).
"""

from __future__ import annotations

from flows import registry
from flows.flow import Step
from flows.model import JSON

FACT_KINDS = frozenset(
    {"yes_no", "choice", "count", "when", "place", "place_text", "money", "crn", "flow"}
)


def split_answers(kind: str, answers: dict[str, JSON]) -> tuple[dict[str, JSON], list[str]]:
    """(the answers that stay, the labels of those removed) for a report of `kind`."""
    flow = registry.FLOWS.get(kind)
    steps = {s.id: s for s in flow.steps} if flow else {}
    kept: dict[str, JSON] = {}
    removed: list[str] = []
    for key, value in answers.items():
        step = steps.get(key)
        if step is not None and step.kind in FACT_KINDS:
            kept[key] = value
        elif value is not None:
            label = _label(steps, key)
            if label not in removed:
                removed.append(label)
    return kept, removed


def _label(steps: dict[str, Step], key: str) -> str:
    """How a removed answer is named: its question's label, else its key."""
    if key in steps:
        return steps[key].label
    base = key.removesuffix("_text")
    if base != key and base in steps:
        return f"{steps[base].label} (as typed)"
    return key
