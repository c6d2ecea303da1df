"""`.env.example` lists exactly the settings the code has, each with its default and meaning."""

from __future__ import annotations

import re
from pathlib import Path

from config.settings import Settings

EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"
LINE = re.compile(r"^# (SHOPWATCH_[A-Z_]+)=(.*)$")


def listed() -> dict[str, tuple[str, str]]:
    """Variable -> (default shown, the comment lines just above it)."""
    found: dict[str, tuple[str, str]] = {}
    comment: list[str] = []
    meaning = ""  # variables on consecutive lines share the comment above the first
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = LINE.match(line)
        if match:
            meaning = " ".join(comment) or meaning
            found[match[1]] = (match[2], meaning)
            comment = []
        elif line.startswith("# ") and not line.startswith("# ---"):
            comment.append(line[2:])
        else:
            comment, meaning = [], ""
    return found


def test_every_setting_is_listed_and_nothing_else() -> None:
    in_code = {"SHOPWATCH_" + name.upper() for name in Settings.model_fields}
    assert set(listed()) == in_code


def test_each_shows_the_default_the_code_uses() -> None:
    for variable, (shown, _) in listed().items():
        field = Settings.model_fields[variable.removeprefix("SHOPWATCH_").lower()]
        default = "" if field.default is None else str(field.default)
        assert shown == default, variable


def test_each_says_what_it_means() -> None:
    for variable, (_, meaning) in listed().items():
        assert len(meaning) >= 12, f"{variable} has no explanation above it"


def test_read_as_an_env_file_it_changes_nothing() -> None:
    assert Settings(_env_file=EXAMPLE) == Settings(_env_file=None)  # type: ignore[call-arg]
