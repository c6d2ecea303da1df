"""Descriptions that volunteer ethnicity, religion or health, and the many that do not."""

from __future__ import annotations

import pytest

from flows.reading.sensitive import mentions_sensitive

SENSITIVE = [
    "black guy in a grey hoodie",
    "Asian woman, about 40, red coat",
    "two white lads with scooters",
    "eastern european accent, tall",
    "dark skinned man with a beard",
    "wearing a hijab and a long black coat",
    "in a wheelchair, shouting",
    "seemed mentally ill, talking to himself",
    "Muslim man, blue jacket",
    "looked like a gypsy",
    "mixed race teenager, braids",
    "pregnant woman with a pram",
]
NOT_SENSITIVE = [
    "black hoodie, white trainers, grey joggers",
    "tall, thin, about 30, navy North Face jacket",
    "white van man with a hi-vis vest",
    "red hair in a ponytail, brown boots",
    "black puffer jacket, balaclava, gloves",
    "short, stocky, shaved head, tattoo on the neck",
    "two men, one with a black rucksack",
    "woman in a white coat and black leggings",
    "brown leather jacket and blue jeans",
    "he had a black eye and was limping",
    "teenagers on bikes, one in a white tracksuit",
]


@pytest.mark.parametrize("text", SENSITIVE)
def test_a_person_described_by_a_sensitive_category_is_noticed(text: str) -> None:
    assert mentions_sensitive(text)


@pytest.mark.parametrize("text", NOT_SENSITIVE)
def test_clothing_colours_and_build_are_not_sensitive(text: str) -> None:
    assert not mentions_sensitive(text)
