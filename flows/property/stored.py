"""An item's reading kept beside it in the database, and a cheap upper bound on its weight.

Reading a description costs ~90 µs; a fresh process would pay that for every candidate of
its first queries. So each item's features are stored at write time (`encode`, `decode`)
with the version of the reader that made them (`READING`: a digest of the reader's own
source, so any change to a word list or rule makes old readings stale, and stale ones are
read again from the text).

Besides, two small integer columns (`marks`, `traits`) say which features an item has and
hash the words a positive comparison needs both sides to share: flows/property/bound.py bounds
a candidate's weight from them without reading its features.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flows.property import numbers
from flows.property.colours import near_any
from flows.property.features import Detail, Features, ItemFacts, _metres, _shared, extract


def _digest() -> int:
    here = Path(__file__).resolve().parent
    names = ("features", "lexicon", "words", "brands", "colours", "names", "numbers", "stored")
    sha = hashlib.sha256()
    for name in names:
        sha.update((here / f"{name}.py").read_bytes())
    return int.from_bytes(sha.digest()[:4], "big") & 0x7FFFFFFF


READING = _digest()  # which reader wrote a stored reading; another one's is read again

_BITS = 63  # one signed 64-bit column


def _bit(token: str) -> int:
    return 1 << (zlib.crc32(token.encode()) % _BITS)


def mask(tokens: Iterable[str]) -> int:
    """The hashed bits of these tokens (stable across processes, unlike `hash`)."""
    out = 0
    for token in tokens:
        out |= _bit(token)
    return out


# traits: which features an item has, and how many of some (for the bound)
HAS_FAMILIES, HAS_COLOURS, HAS_BRANDS, HAS_MODELS = 1, 2, 4, 8
HAS_DIGITS, HAS_NAMES, HAS_KEYS, HAS_SIZE = 16, 32, 64, 128
HAS_EMBLEMS, HAS_MATERIALS, HAS_PATTERNS = 256, 512, 1024
WORDS_SHIFT, DETAILS_SHIFT = 11, 13  # 2 bits: min(3, words); 3 bits: min(7, details)
PRESENT_ONLY = HAS_NAMES | HAS_KEYS | HAS_SIZE  # compared without a token


def kind_tokens(f: Features) -> list[str]:
    return [f"k:{k}" for k in f.kinds] + [f"f:{k}" for k in f.families]


def tokens(f: Features) -> list[str]:
    """Every token a positive comparison needs both sides to share."""
    out = kind_tokens(f)
    out += [f"b:{g}:{b}" for g, b in f.brands]
    out += [f"m:{m.line}:{m.number}" for m in f.models if m.number]
    out += [f"d:{d.key}" for d in f.details]
    out += [f"dc:{d.key}:{c}" for d in f.details for c in d.colours if c != "multi"]
    out += [f"de:{d.key}:{e}" for d in f.details for e in d.emblems]
    out += [f"e:{e}" for e in f.emblems]
    out += [f"n:{d}" for d in f.digits]
    out += [f"t:{m}" for m in f.materials]
    out += [f"p:{p}" for p in f.patterns]
    return out


def marks(f: Features) -> int:
    return mask(tokens(f))


def traits(f: Features) -> int:
    flags = (
        (HAS_FAMILIES if f.families else 0)
        | (HAS_COLOURS if f.colours else 0)
        | (HAS_BRANDS if f.brands else 0)
        | (HAS_MODELS if f.models else 0)
        | (HAS_DIGITS if f.digits else 0)
        | (HAS_NAMES if f.names or f.guessed_names else 0)
        | (HAS_KEYS if f.key_count is not None else 0)
        | (HAS_SIZE if f.size is not None else 0)
        | (HAS_EMBLEMS if f.emblems else 0)
        | (HAS_MATERIALS if f.materials else 0)
        | (HAS_PATTERNS if f.patterns else 0)
    )
    return (
        flags | (min(3, len(f.words)) << WORDS_SHIFT) | (min(7, len(f.details)) << DETAILS_SHIFT)
    )


def encode(f: Features) -> str:
    """The features of `f` that its text alone gives, as compact JSON."""
    return json.dumps(
        [
            f.category,
            sorted(f.kinds),
            sorted(f.families),
            sorted(f.colours),
            sorted(f.item_colours),
            sorted(f.shades),
            sorted(f.brands),
            [[m.line, m.number, m.variant] for m in f.models],
            [[d.key, sorted(d.colours), sorted(d.emblems), sorted(d.words)] for d in f.details],
            sorted(f.emblems),
            sorted(f.materials),
            sorted(f.patterns),
            sorted(f.digits),
            [list(n) for n in f.names],
            [list(n) for n in f.guessed_names],
            f.key_count,
            list(f.size) if f.size is not None else None,
            sorted(f.words),
        ],
        separators=(",", ":"),
        ensure_ascii=False,
    )


_NONE: frozenset[str] = frozenset()


def _set(values: list[str]) -> frozenset[str]:
    return _shared(frozenset(values)) if values else _NONE


@lru_cache(maxsize=4_096)
def _near(colours: frozenset[str]) -> frozenset[str]:
    return _shared(near_any(colours)) if colours else _NONE


def decode(blob: str, facts: ItemFacts) -> Features:
    """Features from `encode`'s JSON and the item's own columns (place and time)."""
    (
        category, kinds, families, colours, item_colours, shades, brands, models, details,
        emblems, materials, patterns, digits, names, guessed, key_count, size, words,
    ) = json.loads(blob)  # fmt: skip
    all_colours, own = _set(colours), _set(item_colours)
    return Features(
        facts=facts,
        category=category,
        kinds=_set(kinds),
        families=_set(families),
        colours=all_colours,
        item_colours=own,
        colours_near=_near(all_colours),
        item_near=_near(own),
        shades=_set(shades),
        brands=_shared(frozenset((g, b) for g, b in brands)) if brands else frozenset(),
        models=tuple(numbers.Model(line, number, variant) for line, number, variant in models)
        if models
        else (),
        details=tuple(Detail(k, _set(c), _set(e), _set(w)) for k, c, e, w in details)
        if details
        else (),
        emblems=_set(emblems),
        materials=_set(materials),
        patterns=_set(patterns),
        digits=_set(digits),
        names=tuple(tuple(n) for n in names) if names else (),
        guessed_names=tuple(tuple(n) for n in guessed) if guessed else (),
        key_count=key_count,
        size=(size[0], size[1]) if size is not None else None,
        words=_set(words),
        when=facts.at.timestamp() if facts.at is not None else None,
        xy=_metres(facts.latitude, facts.longitude),
        street=facts.street.strip().casefold() if facts.street else None,
    )


@dataclass(frozen=True, slots=True)
class Reading:
    """What is stored of an item's features: the JSON, its bound columns, the reader."""

    features: str
    marks: int
    traits: int
    reading: int


def reading_of(facts: ItemFacts) -> tuple[Features, Reading]:
    features = extract(facts)
    return features, Reading(encode(features), marks(features), traits(features), READING)
