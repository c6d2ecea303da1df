"""The comparisons one match is made of; each adds weight for or against to a tally."""

from __future__ import annotations

from typing import Protocol

from rapidfuzz import fuzz

from flows import texts
from flows.property.colours import COMMON, NEIGHBOURS
from flows.property.features import Detail, Features
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
# Some kinds are never mixed up (a passport is not a driving licence); others now and then.
KIND_CONFLICT = {"id": 5.0, "jewellery": 4.0, "laptop": 4.0, "bag": 3.0, "glasses": 3.0}
BRAND_CONFLICT = {"tech": 5.0, "fashion": 4.0, "watch": 4.0, "bank": 5.0, "car": 4.0}
NAME_SAME = 82
WORD_SAME = 85


class Tally(Protocol):
    def add(self, weight: float, reason: str | None = None) -> None: ...

    def veto(self, reason: str) -> None: ...


def _with_article(words: str) -> str:
    return ("an " if words[:1] in "aeiou" else "a ") + words


def _kind(key: str) -> str:
    return texts.PROPERTY_KIND_NAMES.get(key, key.replace("_", " "))


def kinds(found: Features, lost: Features, tally: Tally) -> None:
    if not found.families or not lost.families:
        return
    shared = found.kinds & lost.kinds
    if shared:
        kind = min(shared)
        plain = kind == found.category or len(KINDS[found.category]) < 2
        tally.add(1.0, None if plain else fill(texts.REASON_KIND, kind=_with_article(_kind(kind))))
    elif found.families & lost.families:
        tally.add(0.6)
    elif any(frozenset((a, b)) in KIND_NEIGHBOURS for a in found.families for b in lost.families):
        tally.add(-0.5)
    else:
        tally.add(
            -KIND_CONFLICT.get(found.category, 3.5),
            fill(texts.AGAINST_KIND, kind=_kind(min(found.kinds)), other=_kind(min(lost.kinds))),
        )


def colour_relation(a: frozenset[str], b: frozenset[str]) -> str | None:
    """ "same", "near" or "conflict" for two sets of colour families; None if either is empty."""
    a, b = a - {"multi"}, b - {"multi"}
    if not a or not b:
        return None
    if a & b:
        return "same"
    if any(frozenset((x, y)) in NEIGHBOURS for x in a for y in b):
        return "near"
    return "conflict"


def colours(
    found: frozenset[str],
    found_shades: frozenset[str],
    lost: frozenset[str],
    lost_shades: frozenset[str],
    tally: Tally,
) -> None:
    relation = colour_relation(found, lost)
    if relation == "same":
        shared = found & lost
        best = max(shared, key=lambda c: COMMON.get(c, 1.0))
        exact = found_shades & lost_shades
        weight = 1.6 * COMMON.get(best, 1.0) + (0.3 if exact and best not in exact else 0.0)
        word = min(exact) if exact else best
        tally.add(weight, fill(texts.REASON_COLOUR, colour=word))
    elif relation == "near":
        tally.add(0.2)
    elif relation == "conflict":
        tally.add(
            -4.0,
            fill(
                texts.AGAINST_COLOUR, colour="/".join(sorted(found)), other="/".join(sorted(lost))
            ),
        )


def brands(found: Features, lost: Features, tally: Tally) -> None:
    groups = {g for g, _ in found.brands} & {g for g, _ in lost.brands}
    for group in sorted(groups):
        mine = {b for g, b in found.brands if g == group}
        theirs = {b for g, b in lost.brands if g == group}
        if mine & theirs:
            weight = 1.0 if group == "scheme" else 2.2
            tally.add(weight, fill(texts.REASON_BRAND, brand=_title(min(mine & theirs))))
        else:
            tally.add(
                -BRAND_CONFLICT.get(group, 1.5),
                fill(texts.AGAINST_BRAND, brand=_title(min(mine)), other=_title(min(theirs))),
            )


def _title(brand: str) -> str:
    return brand.upper() if len(brand) <= 3 else brand.title()


def models(found: Features, lost: Features, tally: Tally) -> None:
    for mine in found.models:
        for theirs in lost.models:
            if mine.line != theirs.line or not mine.number or not theirs.number:
                continue
            name = f"{mine.line} {mine.number}".replace("iphone", "iPhone").title()
            if mine.number == theirs.number:
                tally.add(1.5, fill(texts.REASON_MODEL, model=name))
                if mine.variant and theirs.variant and mine.variant != theirs.variant:
                    tally.add(-0.8)
            else:
                other = f"{theirs.line} {theirs.number}".title()
                tally.add(-3.5, fill(texts.AGAINST_MODEL, model=name, other=other))
            return


def same_words(a: frozenset[str], b: frozenset[str]) -> set[str]:
    """Words of `a` that some word of `b` spells nearly the same."""
    return {x for x in a if any(x == y or fuzz.ratio(x, y) >= WORD_SAME for y in b)}


def details(found: Features, lost: Features, tally: Tally) -> None:
    counted: set[str] = set()
    for mine in found.details:
        theirs = lost.detail(mine.key)
        if theirs is None:
            continue
        _detail(mine, theirs, tally, counted)
    emblems_left = (found.emblems & lost.emblems) - counted
    if emblems_left:
        tally.add(1.5, fill(texts.REASON_WORDS, words=min(emblems_left).title()))
    elif found.emblems and lost.emblems and not counted and not found.emblems & lost.emblems:
        tally.add(-1.5)


def _detail(mine: Detail, theirs: Detail, tally: Tally, counted: set[str]) -> None:
    name = texts.PROPERTY_DETAIL_NAMES.get(mine.key, mine.key)
    said = False
    if mine.emblems and theirs.emblems:
        shared = mine.emblems & theirs.emblems
        if shared:
            counted |= shared
            word = min(shared)
            tally.add(2.5, fill(texts.REASON_DETAIL_WITH, words=_title(word), detail=name))
            said = True
        else:
            tally.veto(
                fill(
                    texts.AGAINST_DETAIL,
                    detail=name,
                    words=_title(min(mine.emblems)),
                    other=_title(min(theirs.emblems)),
                )
            )
            return
    relation = colour_relation(mine.colours, theirs.colours)
    if relation == "same":
        colour = min(mine.colours & theirs.colours)
        tally.add(1.2, fill(texts.REASON_DETAIL_WITH, words=colour, detail=name))
        said = True
    elif relation == "conflict":
        tally.add(
            -3.5,
            fill(
                texts.AGAINST_DETAIL,
                detail=name,
                words="/".join(sorted(mine.colours)),
                other="/".join(sorted(theirs.colours)),
            ),
        )
        return
    shared_words = same_words(mine.words, theirs.words)
    if shared_words:
        tally.add(1.0, fill(texts.REASON_DETAIL_WITH, words=min(shared_words), detail=name))
        said = True
    if not said:
        tally.add(0.5, fill(texts.REASON_DETAIL, detail=name))


def _name_relation(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two written names can be the same person's (typos and initials forgiven)."""
    if len(a) == 1 or len(b) == 1:
        single, other = (a, b) if len(a) == 1 else (b, a)
        return any(fuzz.ratio(single[0], w) >= NAME_SAME for w in other if len(w) > 1)
    if fuzz.ratio(a[-1], b[-1]) < NAME_SAME:
        return False
    first_a, first_b = a[0], b[0]
    if len(first_a) == 1 or len(first_b) == 1:
        return first_a[0] == first_b[0]
    return fuzz.ratio(first_a, first_b) >= NAME_SAME - 10 or first_a[0] == first_b[0]


def names_agree(a: tuple[tuple[str, ...], ...], b: tuple[tuple[str, ...], ...]) -> bool:
    return any(_name_relation(x, y) for x in a for y in b)


def numbers(found: Features, lost: Features, tally: Tally) -> None:
    if found.digits and lost.digits:
        shared = found.digits & lost.digits
        if shared:
            tally.add(4.0, fill(texts.REASON_DIGITS, digits=min(shared)))
        else:
            tally.veto(
                fill(texts.AGAINST_DIGITS, digits=min(found.digits), other=min(lost.digits))
            )
    if found.names and lost.names:
        if names_agree(found.names, lost.names):
            tally.add(3.5, texts.REASON_NAME)
        else:
            tally.veto(texts.AGAINST_NAME)
    if found.key_count is not None and lost.key_count is not None:
        gap = abs(found.key_count - lost.key_count)
        if gap == 0:
            tally.add(0.8, fill(texts.REASON_KEYS, count=found.key_count))
        elif gap == 1:
            tally.add(
                0.2,
                fill(texts.REASON_KEYS_NEAR, count=found.key_count, other=lost.key_count),
            )
        else:
            tally.add(-1.2, fill(texts.AGAINST_KEYS, count=found.key_count, other=lost.key_count))


_MATERIAL_NEAR = frozenset(
    {frozenset({"leather", "faux_leather"}), frozenset({"fabric", "canvas"})}
)


def surfaces(found: Features, lost: Features, tally: Tally) -> None:
    """Material, pattern and the free words no list knows."""
    if found.materials and lost.materials:
        shared = found.materials & lost.materials
        if shared:
            tally.add(0.6, fill(texts.REASON_MATERIAL, material=min(shared).replace("_", " ")))
        elif not any(
            frozenset((a, b)) in _MATERIAL_NEAR for a in found.materials for b in lost.materials
        ):
            tally.add(
                -1.2,
                fill(
                    texts.AGAINST_MATERIAL,
                    material=min(found.materials).replace("_", " "),
                    other=min(lost.materials).replace("_", " "),
                ),
            )
    if found.patterns and lost.patterns:
        shared = found.patterns & lost.patterns
        if shared:
            tally.add(1.0, fill(texts.REASON_PATTERN, pattern=min(shared)))
        else:
            tally.add(
                -1.0,
                fill(texts.AGAINST_PATTERN, pattern=min(found.patterns), other=min(lost.patterns)),
            )
    shared_words = same_words(found.words, lost.words)
    if shared_words:
        weight = 0.5 * min(3, len(shared_words))
        tally.add(weight, fill(texts.REASON_WORDS, words=" ".join(sorted(shared_words)[:3])))
