"""Normalising typed words: the ASCII shortcut reads as the full Unicode path does."""

from __future__ import annotations

import re
import unicodedata

import pytest

from flows.reading.words import normalise


def _by_unicode(text: str) -> str:
    """The rule spelled out: decompose, drop the marks, lower-case, apostrophes, punctuation."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['\u2018\u2019`]", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@pytest.mark.parametrize(
    "text",
    [
        "Coventry St.",
        "O'Neill's  Bar -- 12/3",
        "Café Nero, Piccadilly",
        "İstanbul Kebab",
        "ﬁsh & chips ²",
        "Ångström’s",
        "\tTAB\nnew line",
        "",
    ],
)
def test_ascii_and_unicode_text_normalise_by_one_rule(text: str) -> None:
    assert normalise(text) == _by_unicode(text)


def test_normalise_reads_what_it_is_given_as_text() -> None:
    assert normalise(123) == "123"  # type: ignore[arg-type]
