"""Normalising typed words so that case, accents and punctuation do not matter."""

from __future__ import annotations

import re
import unicodedata


def normalise(text: str) -> str:
    """Lower-case `text`, drop accents and apostrophes, and turn other punctuation into spaces."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['\u2018\u2019`]", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())
