"""Mermaid flowcharts drawn from the flow data, so the pictures cannot drift from the code."""

from __future__ import annotations

import sys
from pathlib import Path

from flows.definitions import FLOWS
from flows.flow import Cond, Flow, Step
from flows.registry import menu_options

_KIND_NOTE = {
    "yes_no": "yes / no",
    "choice": "choice",
    "count": "how many",
    "text": "text",
    "when": "time",
    "place": "shop / somewhere else / street / location",
    "place_text": "street or landmark / location",
    "money": "£ amount",
    "crn": "reference",
    "plate": "plate",
    "photo": "photo",
}


def _quote(text: str) -> str:
    """Text made safe inside a Mermaid node label."""
    return text.replace('"', "#quot;").replace("\n", " ")


def _cond_label(cond: Cond) -> str:
    """A condition in words for an edge: "if reported = True"."""
    values = " or ".join(_value(v) for v in cond.values)
    return f"if {cond.step} = {values}"


def _value(value: object) -> str:
    """An answer value in words: booleans as yes / no."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _node(step: Step) -> str:
    """A step as a Mermaid node, with its kind and whether it can be skipped."""
    note = _KIND_NOTE.get(step.kind, step.kind)
    if step.options and step.kind in ("choice", "count"):
        note = " / ".join(o.key for o in step.options)
    if step.notes:
        note = "photos or a note"
    if step.optional:
        note += ", skippable"
    label = _quote(f"{step.id}: {step.label}<br/>({note})")
    return f'    {step.id}["{label}"]'


def _successors(flow: Flow, index: int) -> list[tuple[str, str | None]]:
    """Where the engine can go after step `index`: (target, edge label), as the engine walks."""
    step = flow.steps[index]
    start = flow.index(step.next) if step.next else index + 1
    out: list[tuple[str, str | None]] = []
    skipped = False
    for later in flow.steps[start:]:
        if later.condition is None:
            out.append((later.id, "otherwise" if skipped else None))
            return out
        out.append((later.id, _cond_label(later.condition)))
        skipped = True
    out.append(("summary" if flow.confirm else "filed", "otherwise" if skipped else None))
    return out


def render(flow: Flow) -> str:
    """The Mermaid flowchart of `flow`: steps, conditional edges, summary, back and cancel."""
    if flow.menu:
        return _render_menu(flow)
    lines = ["flowchart TD", f'    start(["Start: {_quote(flow.kind)}"])']
    lines += [_node(step) for step in flow.steps]
    if flow.confirm:
        lines.append('    summary{{"summary<br/>(send / change / cancel)"}}')
        lines.append('    edit["edit: which answer to change?"]')
    lines.append('    filed(["filed"])')
    lines.append('    cancelled(["cancelled"])')
    first = flow.steps[0]
    lines.append(f"    start --> {first.id}")
    for i, step in enumerate(flow.steps):
        if step.alert is not None:
            note = _quote(step.alert[1].split("\n")[0])
            lines.append(f'    {step.id}_alert>"{note} (sent first)"]')
            lines.append(f'    {step.id} -. "{_value(step.alert[0])}" .-> {step.id}_alert')
        if step.kind in ("place", "place_text"):
            check = f"{step.id}_check"
            lines.append(f'    {check}{{{{"{check}: Did you mean ...?"}}}}')
            lines.append(f'    {step.id} -- "unsure street match" --> {check}')
            if step.kind == "place":
                lines.append(f'    {check} -- "no" --> {_first_text_place(flow)}')
            else:
                lines.append(f'    {check} -- "no: other words or keep mine" --> {step.id}')
        successors = _successors(flow, i)
        for target, label in successors:
            if label is None:
                lines.append(f"    {step.id} --> {target}")
            else:
                lines.append(f'    {step.id} -- "{_quote(label)}" --> {target}')
        if step.kind in ("place", "place_text"):
            # A confirmed street answers the place step, so it leads where a typed street would.
            lines.append(f'    {step.id}_check -- "yes" --> {successors[-1][0]}')
            far = f"{step.id}_far"
            lines.append(f'    {far}{{{{"{far}: So far from the area?"}}}}')
            lines.append(f'    {step.id} -. "shared location far away" .-> {far}')
            lines.append(f'    {far} -- "yes" --> {successors[-1][0]}')
            lines.append(f'    {far} -- "no" --> {step.id}')
    if flow.confirm:
        lines.append('    summary -- "send" --> filed')
        lines.append('    summary -- "change" --> edit')
        lines.append('    edit -- "re-ask that step, then back" --> summary')
        lines.append('    summary -- "cancel" --> cancelled')
    else:
        lines.append(f'    {flow.steps[-1].id} -- "cancel" --> cancelled')
    lines.append(
        '    note["Any question: back = previous question; cancel = cancelled; '
        'quiet too long = carry on / start again / cancel"]'
    )
    return "\n".join(lines) + "\n"


def _render_menu(flow: Flow) -> str:
    """A menu: its one question and the flows it leads to."""
    step = flow.steps[0]
    options = menu_options()
    note = " / ".join(o.key for o in options)
    lines = ["flowchart TD", f'    start(["Start: {_quote(flow.kind)}"])']
    lines.append(f'    {step.id}{{{{"{_quote(f"{step.id}: {step.label}<br/>({note})")}"}}}}')
    lines.append(f"    start --> {step.id}")
    for option in options:
        lines.append(f'    {option.key}(["{option.key} flow"])')
        lines.append(f'    {step.id} -- "{_quote(option.label)}" --> {option.key}')
    lines.append('    cancelled(["cancelled"])')
    lines.append(f'    {step.id} -- "cancel" --> cancelled')
    lines.append(
        '    note["Left unanswered too long: forgotten, and the next message is read afresh"]'
    )
    return "\n".join(lines) + "\n"


def _first_text_place(flow: Flow) -> str:
    """The follow-up question for a place typed in other words."""
    for step in flow.steps:
        if step.kind == "place_text":
            return step.id
    return "summary"


def path_for(kind: str) -> Path:
    """Where the committed diagram of `kind` lives."""
    return Path(__file__).parent / "definitions" / f"{kind}.mmd"


def main() -> int:
    """Write every flow's diagram next to its definition."""
    for kind, flow in FLOWS.items():
        path_for(kind).write_text(render(flow), encoding="utf-8")
        print(f"wrote {path_for(kind)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
