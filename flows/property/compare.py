"""The comparisons one match is made of; each adds weight for or against to a tally."""

from __future__ import annotations

from typing import Protocol

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from flows import texts
from flows.property.colours import COMMON, near_any
from flows.property.features import Features
from flows.property.words import KINDS
from flows.template import fill

# Families of one category that people use for each other ("a fleece" for "a jacket").
KIND_NEIGHBOURS = frozenset(
    frozenset(pair.split())
    for pair in (
        "coat jumper",
        "handbag tote",
        "handbag work_bag",
        "handbag pouch",
        "handbag bumbag",
        "backpack work_bag",
        "holdall suitcase",
        "holdall backpack",
        "holdall tote",
        "earbuds over_ear",
        "shirt jumper",
        "trousers dress",
    )
)
KIND_NEAR = {
    family: frozenset(other for pair in KIND_NEIGHBOURS if family in pair for other in pair)
    for family in {f for pair in KIND_NEIGHBOURS for f in pair}
}
# Some kinds are never mixed up (a passport is not a driving licence); others now and then.
KIND_CONFLICT = {"id": 5.0, "jewellery": 4.0, "laptop": 4.0, "bag": 3.0, "glasses": 3.0}
# How much agreeing on a make tells: half of all phones are iPhones, few bags are Radley.
BRAND_AGREE = {"apple": 1.0, "samsung": 1.4}
GROUP_AGREE = {"tech": 2.0, "fashion": 2.2, "watch": 2.0, "bank": 1.5, "car": 2.0, "scheme": 0.6}
GROUP_CONFLICT = {"tech": 5.0, "fashion": 4.0, "watch": 4.0, "car": 4.0, "scheme": 1.0}
# A bank's name is printed on the card: two banks are two cards.
VETO_GROUPS = frozenset({"bank"})
WORD_SAME = 85


class Tally(Protocol):
    """Where comparisons add their weight. Reasons are only written when `explain` is set, so
    callers pass `tally.explain and fill(...)`: ranking thousands of candidates writes none."""

    explain: bool

    def add(self, weight: float, reason: str | bool | None = None) -> None: ...

    def veto(self, reason: str | bool) -> None: ...


def _with_article(words: str) -> str:
    return ("an " if words[:1] in "aeiou" else "a ") + words


def _kind(key: str) -> str:
    return texts.PROPERTY_KIND_NAMES.get(key, key.replace("_", " "))


def title(brand: str) -> str:
    return brand.upper() if len(brand) <= 3 else brand.title()


def kinds(found: Features, lost: Features, tally: Tally) -> None:
    if not found.families or not lost.families:
        return
    shared = found.kinds & lost.kinds
    if shared:
        kind = min(shared)
        plain = kind == found.category or len(KINDS[found.category]) < 2
        tally.add(
            1.0,
            not plain
            and tally.explain
            and fill(texts.REASON_KIND, kind=_with_article(_kind(kind))),
        )
    elif found.families & lost.families:
        tally.add(0.6)
    elif any(KIND_NEAR.get(a, frozenset()) & lost.families for a in found.families):
        tally.add(-0.5)
    else:
        tally.add(
            -KIND_CONFLICT.get(found.category, 3.5),
            tally.explain
            and fill(
                texts.AGAINST_KIND, kind=_kind(min(found.kinds)), other=_kind(min(lost.kinds))
            ),
        )


def colour_relation(
    a: frozenset[str], b: frozenset[str], a_near: frozenset[str] | None = None
) -> str | None:
    """`same`, `near` or `conflict` for two sets of colour families; None if either is empty.
    `a_near` (the families `a` is mixed up with) may be given when already known."""
    if "multi" in a or "multi" in b:
        a, b, a_near = a - {"multi"}, b - {"multi"}, None
    if not a or not b:
        return None
    if a & b:
        return "same"
    return "near" if (a_near if a_near is not None else near_any(a)) & b else "conflict"


# Items whose case covers them: an owner may call a black phone in a red case "my red phone".
CASED = frozenset({"phone", "headphones", "laptop"})


def colours(found: Features, lost: Features, tally: Tally) -> None:
    """Colours of the item itself are compared first; a colour said only of an accessory
    ("a blue case") can agree with the item's but differs from it only weakly."""
    if not found.colours or not lost.colours:
        return
    relation = colour_relation(found.colours, lost.colours, found.colours_near)
    item = colour_relation(found.item_colours, lost.item_colours, found.item_near)
    if item == "conflict":
        relation = "conflict"
        if found.category in CASED and (
            colour_relation(found.item_colours, lost.colours - lost.item_colours) == "same"
            or colour_relation(lost.item_colours, found.colours - found.item_colours) == "same"
        ):
            relation = "cased"
    if relation == "same":
        shared = found.colours & lost.colours
        best = max(shared, key=lambda c: COMMON.get(c, 1.0))
        exact = found.shades & lost.shades
        weight = 1.6 * COMMON.get(best, 1.0) + (0.3 if exact and best not in exact else 0.0)
        word = min(exact) if exact else best
        tally.add(weight, tally.explain and fill(texts.REASON_COLOUR, colour=word))
    elif relation == "near":
        tally.add(0.2)
    elif relation in ("conflict", "cased"):
        against = tally.explain and fill(
            texts.AGAINST_COLOUR,
            colour="/".join(sorted(found.colours)),
            other="/".join(sorted(lost.colours)),
        )
        if relation == "conflict" and found.item_colours and lost.item_colours:
            # Both say what colour the item itself is, and the colours are not ones people mix
            # up: a deciding difference.
            tally.veto(against)
        else:
            # One side only named an accessory's colour: the finder saw a blue case, the owner
            # said the phone is black. Unlike, not impossible.
            tally.add(-1.0, against)


def brands(found: Features, lost: Features, tally: Tally) -> None:
    groups = {g for g, _ in found.brands} & {g for g, _ in lost.brands}
    for group in sorted(groups):
        mine = {b for g, b in found.brands if g == group}
        theirs = {b for g, b in lost.brands if g == group}
        if "android" in mine | theirs:
            # "An android" is any maker but Apple.
            mine, theirs = mine - {"android"}, theirs - {"android"}
            apple = ("apple" in mine and not theirs) or ("apple" in theirs and not mine)
            if not (mine and theirs):
                if apple:
                    against = tally.explain and fill(
                        texts.AGAINST_BRAND, brand="Android", other="Apple"
                    )
                    tally.add(-GROUP_CONFLICT["tech"], against)
                continue
        shared = mine & theirs
        if shared:
            brand = min(shared)
            weight = BRAND_AGREE.get(brand, GROUP_AGREE.get(group, 1.5))
            tally.add(weight, tally.explain and fill(texts.REASON_BRAND, brand=title(brand)))
            continue
        against = tally.explain and fill(
            texts.AGAINST_BRAND, brand=title(min(mine)), other=title(min(theirs))
        )
        if group in VETO_GROUPS:
            tally.veto(against)
        else:
            tally.add(-GROUP_CONFLICT.get(group, 1.5), against)


def models(found: Features, lost: Features, tally: Tally) -> None:
    for mine in found.models:
        for theirs in lost.models:
            if mine.line != theirs.line or not mine.number or not theirs.number:
                continue
            name = f"{mine.line} {mine.number}".title().replace("Iphone", "iPhone")
            if mine.number == theirs.number:
                tally.add(1.5, tally.explain and fill(texts.REASON_MODEL, model=name))
                if mine.variant and theirs.variant and mine.variant != theirs.variant:
                    tally.add(-0.8)
            else:
                other = f"{theirs.line} {theirs.number}".title().replace("Iphone", "iPhone")
                tally.add(
                    -3.5, tally.explain and fill(texts.AGAINST_MODEL, model=name, other=other)
                )
            return


def same_words(a: frozenset[str], b: frozenset[str]) -> set[str]:
    """Words of `a` that some word of `b` spells nearly the same (one slip forgiven)."""
    return {x for x in a if any(x == y or _alike(x, y) for y in b)}


def _alike(x: str, y: str) -> bool:
    if min(len(x), len(y)) < 4:
        return False
    return OSA.distance(x, y) <= 1 or fuzz.ratio(x, y) >= WORD_SAME


_MATERIAL_NEAR = frozenset(
    {frozenset({"leather", "faux_leather"}), frozenset({"fabric", "canvas"})}
)


def surfaces(found: Features, lost: Features, tally: Tally) -> None:
    """Material, pattern and the free words no list knows."""
    if found.materials and lost.materials:
        shared = found.materials & lost.materials
        if shared:
            tally.add(
                0.6,
                tally.explain
                and fill(texts.REASON_MATERIAL, material=min(shared).replace("_", " ")),
            )
        elif not any(
            frozenset((a, b)) in _MATERIAL_NEAR for a in found.materials for b in lost.materials
        ):
            tally.add(
                -1.2,
                tally.explain
                and fill(
                    texts.AGAINST_MATERIAL,
                    material=min(found.materials).replace("_", " "),
                    other=min(lost.materials).replace("_", " "),
                ),
            )
    if found.patterns and lost.patterns:
        shared = found.patterns & lost.patterns
        if shared:
            tally.add(1.0, tally.explain and fill(texts.REASON_PATTERN, pattern=min(shared)))
        else:
            tally.add(
                -1.0,
                tally.explain
                and fill(
                    texts.AGAINST_PATTERN, pattern=min(found.patterns), other=min(lost.patterns)
                ),
            )
    shared_words = same_words(found.words, lost.words)
    if shared_words:
        weight = 0.5 * min(3, len(shared_words))
        tally.add(
            weight,
            tally.explain and fill(texts.REASON_WORDS, words=" ".join(sorted(shared_words)[:3])),
        )
