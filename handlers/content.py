"""Reading a BID's tips and lessons from its content files, kept until a file changes."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from config.settings import Settings
from flows.content import Lesson, Tips, parse_lessons, parse_tips

DEFAULT_BID = "WE"  # the shipped content, written for the West End
_CACHE: dict[tuple[str, float], Any] = {}


def _shipped(code: str, name: str) -> Path | None:
    folder = resources.files("config").joinpath("content")
    for bid in (code, DEFAULT_BID):
        candidate = Path(str(folder.joinpath(bid, name)))
        if candidate.is_file():
            return candidate
    return None


def content_file(settings: Settings, code: str, name: str) -> Path:
    """The BID's own file when it has one, else the shipped one."""
    if settings.content_dir:
        own = Path(settings.content_dir) / code / name
        if own.is_file():
            return own
    shipped = _shipped(code, name)
    assert shipped is not None, f"no shipped {name}"
    return shipped


def _read(path: Path, parse: Any) -> Any:
    key = (str(path), path.stat().st_mtime)
    if key not in _CACHE:
        _CACHE[key] = parse(path.read_text(encoding="utf-8"), path.name)
    return _CACHE[key]


def tips_of(settings: Settings, code: str) -> dict[str, Tips]:
    return _read(content_file(settings, code, "tips.yaml"), parse_tips)


def lessons_of(settings: Settings, code: str) -> list[Lesson]:
    return _read(content_file(settings, code, "lessons.yaml"), parse_lessons)
