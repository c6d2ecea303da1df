"""The committed Mermaid diagrams stay true to the flow data."""

from __future__ import annotations

import pytest

from flows import diagram
from flows.definitions import FLOWS, KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_committed_diagram_matches_flow(kind: str) -> None:
    path = diagram.path_for(kind)
    assert path.exists(), "run: python -m flows.diagram"
    assert path.read_text(encoding="utf-8") == diagram.render(FLOWS[kind]), (
        "diagram out of date; run: python -m flows.diagram"
    )


def test_diagram_shows_steps_and_conditions() -> None:
    text = diagram.render(FLOWS["shoplifting"])
    assert text.startswith("flowchart TD")
    for step in FLOWS["shoplifting"].steps:
        assert f"    {step.id}[" in text
    assert '"if reported = yes" --> crn' in text
    assert "back = previous question" in text
    assert "Call 999 now" in text
