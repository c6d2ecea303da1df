"""Comparing the marks that single an item out: accessories and what is on them, names,
card digits, key counts and sizes."""

from __future__ import annotations

from flows import texts
from flows.property import names
from flows.property.compare import Tally, colour_relation, same_words, title
from flows.property.features import Detail, Features
from flows.template import fill


def details(found: Features, lost: Features, tally: Tally) -> None:
    counted: set[str] = set()
    for mine in found.details:
        theirs = lost.detail(mine.key)
        if theirs is not None:
            _detail(found.category, mine, theirs, tally, counted)
    emblems_left = (found.emblems & lost.emblems) - counted
    if emblems_left:
        tally.add(1.5, tally.explain and fill(texts.REASON_WORDS, words=title(min(emblems_left))))
    elif found.emblems and lost.emblems and not counted and not found.emblems & lost.emblems:
        tally.add(-2.5)


# Accessories nearly every item of a category has: agreeing on one says little.
_USUAL = {("phone", "case"), ("phone", "screen"), ("keys", "keyring"), ("laptop", "case")}


def _detail(category: str, mine: Detail, theirs: Detail, tally: Tally, counted: set[str]) -> None:
    name = texts.PROPERTY_DETAIL_NAMES.get(mine.key, mine.key)
    said = False
    marks_mine, marks_theirs = mine.emblems | mine.words, theirs.emblems | theirs.words
    if mine.emblems and theirs.emblems and not mine.emblems & theirs.emblems:
        tally.veto(
            tally.explain
            and fill(
                texts.AGAINST_DETAIL,
                detail=name,
                words=title(min(mine.emblems)),
                other=title(min(theirs.emblems)),
            )
        )
        return
    if marks_mine and marks_theirs:
        shared = (mine.emblems & theirs.emblems) | same_words(mine.words, theirs.words)
        if shared:
            counted |= shared
            word = min(shared)
            weight = 2.5 if mine.emblems & theirs.emblems else 1.2
            tally.add(
                weight,
                tally.explain and fill(texts.REASON_DETAIL_WITH, words=title(word), detail=name),
            )
            said = True
        else:
            # Both emblems known and different was a veto above; free words differ more often
            # by wording ("my son", "a baby") than by fact.
            tally.add(
                -3.0 if mine.emblems or theirs.emblems else -1.0,
                tally.explain
                and fill(
                    texts.AGAINST_DETAIL,
                    detail=name,
                    words=" ".join(sorted(marks_mine)),
                    other=" ".join(sorted(marks_theirs)),
                ),
            )
    relation = colour_relation(mine.colours, theirs.colours)
    if relation == "same":
        colour = min(mine.colours & theirs.colours)
        tally.add(1.2, tally.explain and fill(texts.REASON_DETAIL_WITH, words=colour, detail=name))
        said = True
    elif relation == "conflict":
        tally.add(
            -4.5,
            tally.explain
            and fill(
                texts.AGAINST_DETAIL,
                detail=name,
                words="/".join(sorted(mine.colours)),
                other="/".join(sorted(theirs.colours)),
            ),
        )
        return
    if not said:
        usual = (category, mine.key) in _USUAL
        tally.add(0.2 if usual else 0.5, tally.explain and fill(texts.REASON_DETAIL, detail=name))


def numbers(found: Features, lost: Features, tally: Tally) -> None:
    if found.digits and lost.digits:
        shared = found.digits & lost.digits
        if shared:
            tally.add(4.0, tally.explain and fill(texts.REASON_DIGITS, digits=min(shared)))
        else:
            tally.veto(
                tally.explain
                and fill(texts.AGAINST_DIGITS, digits=min(found.digits), other=min(lost.digits))
            )
    mine, theirs = found.names + found.guessed_names, lost.names + lost.guessed_names
    if mine and theirs:
        if names.agree(mine, theirs):
            tally.add(3.5, texts.REASON_NAME)
        elif found.names and lost.names:
            tally.veto(texts.AGAINST_NAME)
        else:
            tally.add(-1.5, texts.AGAINST_NAME)
    if found.key_count is not None and lost.key_count is not None:
        gap = abs(found.key_count - lost.key_count)
        if gap == 0:
            tally.add(0.8, tally.explain and fill(texts.REASON_KEYS, count=found.key_count))
        elif gap == 1:
            tally.add(
                0.2,
                tally.explain
                and fill(texts.REASON_KEYS_NEAR, count=found.key_count, other=lost.key_count),
            )
        else:
            tally.add(
                -1.2,
                tally.explain
                and fill(texts.AGAINST_KEYS, count=found.key_count, other=lost.key_count),
            )


_CHILD_SIZES = frozenset({"age", "child"})


def sizes(found: Features, lost: Features, tally: Tally) -> None:
    """A child's size is not an adult's; sizes a step or two apart are a slip."""
    if found.size is None or lost.size is None:
        return
    (kind_a, a), (kind_b, b) = found.size, lost.size
    child_a, child_b = kind_a in _CHILD_SIZES, kind_b in _CHILD_SIZES
    if child_a != child_b:
        tally.add(-2.5, tally.explain and texts.AGAINST_SIZE)
        return
    if kind_a != kind_b or "child" in (kind_a, kind_b):
        return
    step = abs(a - b) / (2 if kind_a == "uk" else 1)
    if step == 0:
        tally.add(0.8, tally.explain and texts.REASON_SIZE)
    elif step >= 2:
        tally.add(-1.5, tally.explain and texts.AGAINST_SIZE)
