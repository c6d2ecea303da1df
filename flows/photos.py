"""Photo answers as stored: a list of photos (one dict in reports from before albums)."""

from __future__ import annotations

from flows import texts
from flows.model import JSON
from flows.template import fill


def photos_of(answer: JSON) -> list[dict[str, JSON]]:
    """The photos a photo answer holds."""
    if isinstance(answer, dict):
        return [answer] if "source" in answer else []
    if isinstance(answer, list):
        return [p for p in answer if isinstance(p, dict) and "source" in p]
    return []


def count_words(count: int) -> str:
    """ "1 photo", "3 photos"."""
    return fill(texts.PHOTO_COUNT if count == 1 else texts.PHOTOS_COUNT, count=count)
