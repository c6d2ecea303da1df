"""Answers in plain words: the summary a reporter checks, and the same lines for officers."""

from __future__ import annotations

from flows import registry
from flows.flow import Flow
from flows.kinds import READERS
from flows.model import JSON, Context
from flows.walk import prune


def describe(
    kind: str, answers: dict[str, JSON], ctx: Context, only: tuple[str, ...] | None = None
) -> list[str]:
    """A report's answers as "Label: value" lines, in flow order (or in the order of `only`)."""
    flow = registry.FLOWS.get(kind)
    if flow is None:
        return []
    shown = [s for s in flow.steps if s.in_summary and s.id in answers]
    if only is not None:
        by_id = {s.id: s for s in shown}
        shown = [by_id[key] for key in only if key in by_id]
    lines = []
    for step in shown:
        reader = READERS[step.kind]
        value = answers.get(step.id)
        words = reader.none_text if value is None else reader.show(flow, step, answers, ctx)
        lines.append(f"{step.label}: {words}")
    return lines


def summary_lines(flow: Flow, answers: dict[str, JSON], ctx: Context) -> list[str]:
    """The lines of the summary, leaving out answers a later change made moot."""
    answers = dict(answers)
    prune(flow, answers)
    return describe(flow.kind, answers, ctx)
