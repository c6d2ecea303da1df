"""Colour words, the family each belongs to, and which families people mix up."""

from __future__ import annotations

# family -> words (shades of it). The first word names the family in reasons.
FAMILIES: dict[str, str] = {
    "black": "black, jet black, blk",
    "white": "white, off white, ivory, cream, pearl",
    "grey": "grey, gray, charcoal, graphite, space grey, space gray, slate, gunmetal, "
    "dark grey, light grey, dark gray, light gray",
    "silver": "silver, silvery, chrome, platinum",
    "blue": "blue, navy, navy blue, dark blue, light blue, royal blue, sky blue, baby blue, "
    "cobalt, denim blue, midnight blue, pale blue, electric blue",
    "teal": "teal, turquoise, aqua, petrol blue",
    "green": "green, khaki, olive, mint, sage, forest green, dark green, lime, emerald, "
    "bottle green, army green, light green",
    "red": "red, burgundy, maroon, wine, crimson, scarlet, cherry, oxblood, dark red",
    "pink": "pink, rose, hot pink, baby pink, pale pink, blush, fuchsia, magenta, salmon, "
    "dusky pink",
    "purple": "purple, lilac, lavender, violet, plum, mauve, deep purple",
    "brown": "brown, tan, camel, chocolate, cognac, chestnut, dark brown, light brown, mocha, "
    "coffee, tortoiseshell, tortoise shell",
    "beige": "beige, nude, taupe, stone, sand, oatmeal, biscuit",
    "yellow": "yellow, mustard, lemon",
    "orange": "orange, coral, peach, rust, burnt orange",
    "gold": "gold, golden, rose gold, champagne",
    "multi": "multicoloured, multicolored, multi coloured, multi colored, rainbow, colourful, "
    "colorful",
}

# Families people call by each other's name: no conflict between these, only a weak agreement.
NEIGHBOURS: frozenset[frozenset[str]] = frozenset(
    frozenset(pair.split())
    for pair in (
        "black grey",
        "black blue",
        "grey silver",
        "white silver",
        "white beige",
        "beige brown",
        "brown orange",
        "brown red",
        "red pink",
        "red orange",
        "pink purple",
        "blue teal",
        "teal green",
        "gold yellow",
        "gold pink",
        "gold beige",
        "yellow orange",
        "grey blue",
        "white grey",
    )
)

# family -> the families it is mixed up with.
NEAR: dict[str, frozenset[str]] = {
    family: frozenset(other for pair in NEIGHBOURS if family in pair for other in pair - {family})
    for family in FAMILIES
}


def near_any(families: frozenset[str]) -> frozenset[str]:
    """Every family some colour of `families` is mixed up with."""
    return frozenset().union(*(NEAR.get(f, frozenset()) for f in families))


# How much agreeing on a colour tells: everyone's phone and wallet is black.
COMMON = {"black": 0.55, "grey": 0.8, "blue": 0.85, "silver": 0.85, "white": 0.9, "brown": 0.9}
