"""What a description says about an item: category, colours, brand, model, marks, numbers."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from flows.property import brands, numbers, words
from flows.property.colours import FAMILIES, near_any
from flows.property.lexicon import BREAK, Mention, read, read_with_raw
from flows.property.names import find as find_names


@dataclass(frozen=True, slots=True)
class ItemFacts:
    """One item as someone recorded it: a found item, a lost report, or one item of a crime.

    `category` is the key chosen in the flow (None or "other" lets the text decide); `at` is
    when it was found, or when it was lost or taken.
    """

    category: str | None
    text: str
    street: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Detail:
    """An accessory or mark (a keyring, a case) and the words that describe it."""

    key: str
    colours: frozenset[str] = frozenset()
    emblems: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Features:
    """Everything the matcher compares, read once from an `ItemFacts`."""

    facts: ItemFacts
    category: str
    kinds: frozenset[str]
    families: frozenset[str]
    colours: frozenset[str]
    item_colours: frozenset[str]  # colours not said of an accessory ("red" of "red case")
    colours_near: frozenset[str]  # families the colours are mixed up with (precomputed)
    item_near: frozenset[str]
    shades: frozenset[str]
    brands: frozenset[tuple[str, str]]
    models: tuple[numbers.Model, ...]
    details: tuple[Detail, ...]
    emblems: frozenset[str]
    materials: frozenset[str]
    patterns: frozenset[str]
    digits: frozenset[str]
    names: tuple[tuple[str, ...], ...]
    guessed_names: tuple[tuple[str, ...], ...]  # two unknown words alone: maybe a name
    key_count: int | None
    size: tuple[str, int] | None  # ("letter", 3) is M; ("age", 7); ("child", 0); ("uk", 12)
    words: frozenset[str]
    when: float | None  # `facts.at` as seconds since the epoch, for quick comparison
    xy: tuple[float, float] | None  # coordinates as metres east and north (equirectangular)
    street: str | None  # `facts.street` in lower case, for comparison

    def detail(self, key: str) -> Detail | None:
        return next((d for d in self.details if d.key == key), None)

    @property
    def colour_mask(self) -> int:
        """The colour families named, one bit each, for an optional prefilter column."""
        return colour_mask(self.colours)


_METRES_PER_DEGREE = 111_195.0
# Marks with writing on them: the words right after are what is written ("initials JB").
_WRITTEN = frozenset({"engraving", "tag", "sticker", "badge", "letter"})
_NEGATIONS = frozenset({"no", "without", "not", "never", "nt"})
# Makers whose name alone means a phone ("found a samsung").
_PHONE_MAKERS = frozenset("samsung google huawei xiaomi oneplus motorola nokia oppo honor".split())


T = TypeVar("T")
_INTERNED: dict[object, object] = {}
_BITS = {family: 1 << i for i, family in enumerate(FAMILIES)}


def colour_mask(families: frozenset[str]) -> int:
    """One bit per colour family ("multi" matches everything, so it sets none)."""
    return sum(_BITS[f] for f in families if f != "multi")


def _shared(value: T) -> T:
    """One copy of each small set, shared by every item that has it: {"black"} is common.
    A bounded table, so a flood of odd words cannot grow it without end."""
    if not value:
        return value
    kept = _INTERNED.get(value)
    if kept is None:
        if len(_INTERNED) < 50_000:
            _INTERNED[value] = value
        return value
    return kept  # type: ignore[return-value]


def _tags(mentions: list[Mention], kind: str) -> list[tuple[Mention, tuple[str, ...]]]:
    return [(m, t) for m in mentions for t in m.tags if t[0] == kind]


def category_of(text: str) -> str:
    """The category a description names first (a noun, not the "phone" of "phone case")."""
    tokens, mentions = read(text)
    return _category(tokens, mentions)


def _category(tokens: list[str], mentions: list[Mention]) -> str:
    details = {m.start for m in mentions if any(t[0] == "detail" for t in m.tags)}
    picked: str | None = None
    for mention, tag in _tags(mentions, "category"):
        if mention.end in details and tag[1] not in ("keys",):
            continue  # "teddy keyring", "iphone case": a word describing the accessory
        if tag[1] == "other" and tag[3] == "":
            continue
        picked = tag[1]
        break
    if picked is None:
        brand = next((t[2] for _, t in _tags(mentions, "brand") if t[2] in _PHONE_MAKERS), None)
        picked = "phone" if brand else "other"
    return picked


def extract(facts: ItemFacts) -> Features:
    """Read every feature of one item. Pure; costs tens of microseconds, so do it once."""
    tokens, raw, mentions = read_with_raw(facts.text)
    given = facts.category if facts.category in words.CATEGORIES else None
    category = given if given and given != "other" else _category(tokens, mentions)
    # The first kind named is the item; a later one of another family is a part of it or
    # something with it ("bracelet with a heart pendant").
    kinds_named = [t for _, t in _tags(mentions, "category") if t[1] == category and t[3]]
    families = {kinds_named[0][3]} if kinds_named else set()
    kinds = {t[2] for t in kinds_named if t[3] in families}
    low = facts.text.lower()
    names, guessed, named = find_names(tokens, raw, mentions, category)
    if named:  # "Lucy Brown" is a name, not a colour
        mentions = [m for m in mentions if not named.intersection(range(m.start, m.end))]
    details, attached = _details(tokens, mentions)
    colour_tags = _tags(mentions, "colour")
    all_colours = frozenset(t[1] for _, t in colour_tags)
    item_colours = frozenset(t[1] for m, t in colour_tags if m.start not in attached)
    return Features(
        facts=facts,
        category=category,
        kinds=_shared(frozenset(kinds)),
        families=_shared(frozenset(families)),
        colours=_shared(all_colours),
        item_colours=_shared(item_colours),
        colours_near=_shared(near_any(all_colours)),
        item_near=_shared(near_any(item_colours)),
        shades=_shared(frozenset(t[2] for _, t in colour_tags)),
        brands=_shared(_brands(tokens, mentions, category)),
        models=numbers.models(tokens),
        details=details,
        emblems=_shared(frozenset(t[1] for _, t in _tags(mentions, "emblem"))),
        materials=_shared(frozenset(t[1] for _, t in _tags(mentions, "material"))),
        patterns=_shared(frozenset(t[1] for _, t in _tags(mentions, "pattern"))),
        digits=numbers.digits(low, category),
        names=names,
        guessed_names=guessed,
        key_count=numbers.key_count(tokens) if category == "keys" else None,
        size=numbers.size(low) if category in ("clothing", "glasses", "bag", "other") else None,
        words=_residue(tokens, mentions, names + guessed, attached),
        when=facts.at.timestamp() if facts.at is not None else None,
        xy=_metres(facts.latitude, facts.longitude),
        street=facts.street.strip().casefold() if facts.street else None,
    )


def _metres(latitude: float | None, longitude: float | None) -> tuple[float, float] | None:
    """Metres east and north of (0, 0), scaled at the point's own latitude: exact to a few
    metres between points a town centre apart."""
    if latitude is None or longitude is None:
        return None
    east = longitude * _METRES_PER_DEGREE * math.cos(math.radians(latitude))
    return (east, latitude * _METRES_PER_DEGREE)


def _brands(
    tokens: list[str], mentions: list[Mention], category: str
) -> frozenset[tuple[str, str]]:
    found = {(t[1], t[2]) for _, t in _tags(mentions, "brand")}
    for token in tokens:
        scoped = brands.SCOPED_BRANDS.get(token)
        if scoped and category in scoped[2]:
            found.add((scoped[0], scoped[1]))
    return frozenset(found)


def _details(
    tokens: list[str], mentions: list[Mention]
) -> tuple[tuple[Detail, ...], frozenset[int]]:
    """Each accessory with the words describing it, and the word positions so used."""
    meaning = {i: m for m in mentions for i in range(m.start, m.end)}
    out: dict[str, Detail] = {}
    attached: set[int] = set()
    for mention, tag in _tags(mentions, "detail"):
        if mention.start > 0 and tokens[mention.start - 1] in _NEGATIONS:
            continue  # "no case", "without a keyring" (one word of slack: "no phone case")
        if mention.start > 1 and tokens[mention.start - 2] in _NEGATIONS:
            if tokens[mention.start - 1] in ("a", "any", "the"):
                continue
        near = _around(tokens, meaning, mention)
        attached.update(near)
        if tag[1] == "letter" and mention.end < len(tokens) and len(tokens[mention.end]) == 1:
            near.append(mention.end)  # "letter A": the letter is a stop word elsewhere
        old = out.get(tag[1], Detail(tag[1]))
        colours_, emblems_, free = set(old.colours), set(old.emblems), set(old.words)
        for index in near:
            m = meaning.get(index)
            if m is not None and any(t[0] == "category" for t in m.tags):
                free.add(tokens[index])
                continue
            if m is None:
                word = tokens[index]
                letter = tag[1] == "letter" and len(word) == 1
                if letter or (
                    word not in words.STOP and word not in words.CONDITION and not word.isdigit()
                ):
                    free.add(word)
                continue
            for t in m.tags:
                if t[0] == "colour":
                    colours_.add(t[1])
                elif t[0] == "emblem":
                    emblems_.add(t[-1])
                elif t[0] == "pattern":
                    free.add(t[1])
        out[tag[1]] = Detail(tag[1], frozenset(colours_), frozenset(emblems_), frozenset(free))
    return tuple(out.values()), frozenset(attached)


def _around(tokens: list[str], meaning: dict[int, Mention], mention: Mention) -> list[int]:
    """Word positions describing a detail: up to 3 words before it, and after 'with', 'of'."""

    def stops(i: int) -> bool:
        m = meaning.get(i)
        return tokens[i] == BREAK or (
            m is not None and any(t[0] in ("category", "detail") for t in m.tags)
        )

    near: list[int] = []
    i = mention.start - 1
    before = meaning.get(i)
    if before is not None and any(t[0] == "category" for t in before.tags):
        near.extend(range(before.start, before.end))  # "teddy keyring", "iphone case"
        return near + _after(tokens, mention, stops)
    while i >= 0 and len(near) < 3 and not stops(i):
        if tokens[i] in ("with", "in", "on", "of", "and"):
            break
        near.append(i)
        i -= 1
    return near + _after(tokens, mention, stops)


def _after(tokens: list[str], mention: Mention, stops: Callable[[int], bool]) -> list[int]:
    near: list[int] = []
    j = mention.end
    written = any(t[0] == "detail" and t[1] in _WRITTEN for t in mention.tags)
    if j < len(tokens) and tokens[j] in ("with", "of", "says", "saying", "is", "that", "from"):
        j += 1
        while j < len(tokens) and tokens[j] in ("a", "an", "the", "says", "saying"):
            j += 1
    elif not written:
        return near
    while j < len(tokens) and len(near) < 4 and not stops(j):
        near.append(j)
        j += 1
    return near


def _residue(
    tokens: list[str],
    mentions: list[Mention],
    names: tuple[tuple[str, ...], ...],
    attached: frozenset[int],
) -> frozenset[str]:
    """Words no list knows ("torch", "kids"): compared as free text, names and the words of
    accessories aside (those are compared with their accessory)."""
    vocab = {i for m in mentions for i in range(m.start, m.end)} | attached
    named = {w for name in names for w in name}
    return frozenset(
        t
        for i, t in enumerate(tokens)
        if i not in vocab
        and t != BREAK
        and t not in words.STOP
        and t not in named
        and t not in brands.MODEL_VARIANTS
        and not t.isdigit()
        and len(t) > 2
    )


def split_items(text: str) -> list[str]:
    """The separate items of a list ("iPhone 15, blue case and a black purse" is two items).

    A part naming no item of its own ("blue case") belongs to the item before it.
    """
    parts = [p.strip() for p in re.split(r"[,;\n/+]|\band\b|&|\bplus\b", text) if p.strip()]
    items: list[str] = []
    for part in parts:
        _, mentions = read(part)
        names_item = any(t[0] == "category" and t[3] for m in mentions for t in m.tags)
        if not names_item and items:
            items[-1] = f"{items[-1]}, {part}"
        else:
            items.append(part)
    return items or [text]
