"""Normalising typed words so that case, accents and punctuation do not matter."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = re.compile(r"['\u2018\u2019`]")
_OTHER = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """Lower-case `text`, drop accents and apostrophes, and turn other punctuation into spaces."""
    text = str(text)
    # ASCII has nothing to decompose and no combining marks: NFKD would return it unchanged.
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text.lower())
    return " ".join(_OTHER.sub(" ", text).split())
