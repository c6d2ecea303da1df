"""README.md stays true: its two commands, and the flow diagrams as the code draws them."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows import diagram
from flows.definitions import FLOWS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_two_commands_come_first() -> None:
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    assert "make run" in first_block and "make test" in first_block


@pytest.mark.parametrize("kind", sorted(FLOWS))
def test_each_flow_diagram_in_the_readme_is_the_current_one(kind: str) -> None:
    drawn = diagram.render(FLOWS[kind]).rstrip("\n")
    assert f"```mermaid\n{drawn}\n```" in README
