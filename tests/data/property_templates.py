"""Hand-varied templates for property descriptions: an item's attributes, and the many ways a
finder or an owner writes them down (typos, synonyms, shades, missing parts, miscounts).

Written independently of the matcher's word lists on purpose: some words here (shades, brands,
emblems) are ones the matcher does not know, as in life.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

FIRST = (
    "Amara Ben Chloe Daniel Efua Farah Grace Hassan Imogen Jack Kwame Leah Mohammed Nadia Oliver "
    "Priya Qasim Rosa Samuel Tariq Uma Victor Wiktoria Xavier Yusuf Zara Aisha Bilal Ciara Dev "
    "Elena Femi George Hana Isaac Jasmine Kofi Lucy Marek Nina Omar Paula Rhys Sofia Tom Usha"
).split()
LAST = (
    "Adebayo Brown Campbell Dimitrov Evans Fernandes Green Hussain Ivanova Johnson Khan Lewis "
    "Murphy Nguyen Okoro Patel Quinn Rahman Singh Thompson Usman Vasquez Walker Xu Young Zielinski"
    " "
    "Ahmed Byrne Chowdhury Davies Ellis Fraser Gill Hughes Iqbal Jones Kaur Lin Mensah Novak "
    "Owusu Price Roberts Shah Taylor Ward"
).split()

# family -> (shades a person may say). The first is the plain word.
COLOURS = {
    "black": ("black", "black", "jet black", "blk"),
    "white": ("white", "off white", "cream", "ivory"),
    "grey": ("grey", "gray", "dark grey", "charcoal", "light grey", "space grey"),
    "silver": ("silver", "silvery"),
    "blue": ("blue", "navy", "dark blue", "light blue", "royal blue", "baby blue", "cobalt"),
    "green": ("green", "khaki", "olive", "dark green", "mint", "sage"),
    "red": ("red", "burgundy", "dark red", "maroon", "bright red", "wine"),
    "pink": ("pink", "hot pink", "baby pink", "pale pink", "dusky pink"),
    "purple": ("purple", "lilac", "lavender", "plum"),
    "brown": ("brown", "tan", "dark brown", "camel", "chocolate brown"),
    "beige": ("beige", "stone", "nude"),
    "yellow": ("yellow", "mustard"),
    "orange": ("orange", "burnt orange", "coral"),
    "gold": ("gold", "rose gold", "gold coloured"),
}
# What a finder sometimes calls a colour by mistake (real confusions, not conflicts).
CONFUSED = {"black": "navy", "blue": "black", "grey": "silver", "silver": "grey", "white": "cream"}
# Colours far enough apart that calling one the other is not a slip.
FAR = {
    "black": "white red pink yellow brown beige green orange gold purple",
    "white": "black red blue green brown purple",
    "grey": "red pink yellow brown orange purple gold",
    "silver": "black red pink brown green blue",
    "blue": "red yellow pink orange brown green beige white",
    "green": "red pink purple blue yellow white",
    "red": "green blue black white yellow grey",
    "pink": "green blue black yellow grey",
    "purple": "green yellow black white orange",
    "brown": "black blue green pink purple white grey",
    "beige": "black blue red green purple",
    "yellow": "black blue purple pink grey red",
    "orange": "blue black green purple",
    "gold": "silver black blue red green",
}

EMBLEMS = (
    "Arsenal",
    "Chelsea",
    "Spurs",
    "West Ham",
    "Liverpool",
    "Man Utd",
    "Man City",
    "Celtic",
    "Hello Kitty",
    "Pikachu",
    "Mickey Mouse",
    "Stitch",
    "Spiderman",
    "Harry Potter",
    "Snoopy",
    "Eiffel Tower",
    "London bus",
    "Big Ben",
    "union jack",
    "bottle opener",
    "torch",
    "heart",
    "star",
    "skull",
    "cat",
    "owl",
    "butterfly",
    "unicorn",
    "sloth",
    "panda",
    "pineapple",
    "avocado",
    "rubber duck",
    "guitar",
    "anchor",
    "shamrock",
    "evil eye",
    "football",
)


@dataclass(frozen=True)
class Item:
    """One real item: what is true of it, before anybody describes it."""

    category: str
    noun: str
    nouns: tuple[str, ...]  # what else people call it
    colour: str | None = None
    brand: str | None = None
    model: str | None = None
    details: tuple[tuple[str, str], ...] = ()  # (slot, words), e.g. ("case", "red case")
    name: tuple[str, str] | None = None
    digits: str | None = None
    keys: int | None = None
    extra: tuple[str, ...] = ()  # what the finder may notice (cracked screen, contents)
    force: frozenset[str] = field(default=frozenset())


def shade(rng: random.Random, family: str, slip: bool = False) -> str:
    if slip and family in CONFUSED and rng.random() < 0.12:
        return CONFUSED[family]
    options = COLOURS[family]
    return options[0] if rng.random() < 0.5 else rng.choice(options)


def typo(rng: random.Random, text: str) -> str:
    """One slip of the thumb in one longer word: a letter dropped, doubled, swapped or missed."""
    words = text.split(" ")
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long:
        return text
    i = rng.choice(long)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    how = rng.random()
    if how < 0.3:
        w = w[:j] + w[j + 1 :]
    elif how < 0.5:
        w = w[:j] + w[j] + w[j:]
    elif how < 0.8:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    else:
        near = {"a": "s", "e": "r", "i": "o", "o": "i", "n": "m", "r": "t", "s": "a", "t": "y"}
        w = w[:j] + near.get(w[j], w[j]) + w[j + 1 :]
    words[i] = w
    return " ".join(words)


def person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST), rng.choice(LAST)


def name_as_finder(rng: random.Random, name: tuple[str, str]) -> str:
    first, last = name
    style = rng.random()
    if style < 0.35:
        return f"{first[0]} {last}".upper()
    if style < 0.55:
        return f"MR {first[0]} {last}".upper() if rng.random() < 0.5 else f"{first} {last}".upper()
    if style < 0.8:
        return f"{first[0]}. {last}"
    return f"{first} {last}"


def name_as_owner(rng: random.Random, name: tuple[str, str]) -> str:
    first, last = name
    text = f"{first} {last}"
    return text.lower() if rng.random() < 0.4 else text


def digits_text(rng: random.Random, digits: str, finder: bool) -> str:
    if finder:
        return rng.choice(
            (f"ending {digits}", f"card ending {digits}", f"****{digits}", f"last 4 {digits}")
        )
    return rng.choice(
        (f"ends in {digits}", f"last four digits {digits}", f"ending {digits}", f"ends {digits}")
    )


def other_colour(rng: random.Random, family: str) -> str:
    return rng.choice(FAR[family].split())


def mutated(item: Item, **changes: object) -> Item:
    return replace(item, **changes)  # type: ignore[arg-type]


def transposed(rng: random.Random, digits: str) -> str:
    """Card digits a hurried reader could mistake for these: two swapped, or one changed."""
    chars = list(digits)
    i = rng.randrange(0, 3)
    if chars[i] != chars[i + 1] and rng.random() < 0.6:
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
    else:
        chars[i] = str((int(chars[i]) + rng.randrange(1, 9)) % 10)
    return "".join(chars)
