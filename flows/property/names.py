"""Names written on cards, IDs and tags: finding them in a description, and telling whether
two written names can be one person's (typos, initials and titles forgiven)."""

from __future__ import annotations

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from flows.property import words
from flows.property.lexicon import BREAK, Mention
from flows.property.people import FIRST_NAMES, NICKNAMES, TITLES

Name = tuple[str, ...]
SAME = 82
# Where a bare name ("santander card, anna nowak") is most likely the owner's.
NAMED_CATEGORIES = frozenset({"id", "bank_card", "wallet"})
_TRIGGERS = (
    ("in", "the", "name", "of"), ("name", "on", "it", "is"), ("name", "on", "it"),
    ("name", "on", "the", "card"), ("name", "on", "card"), ("name", "is"), ("name", "of"),
    ("names",), ("name",), ("named",), ("belongs", "to"), ("belonging", "to"), ("says",),
    ("reads",), ("mr",), ("mrs",), ("ms",), ("miss",), ("dr",),
)  # fmt: skip
# first word -> triggers starting with it, longest first
_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _trigger in sorted(_TRIGGERS, key=len, reverse=True):
    _BY_FIRST.setdefault(_trigger[0], []).append(_trigger)
_FILLER = (
    frozenset("on it its is the card says reads of front back a my tag label".split()) | TITLES
)
# Words that may be a surname although they mean something else too ("Lucy Brown").
_SURNAME_OK = frozenset({"colour", "brand", "emblem", "material", "pattern"})


def find(
    tokens: list[str], raw: list[str], mentions: list[Mention], category: str
) -> tuple[tuple[Name, ...], tuple[Name, ...], frozenset[int]]:
    """The names in a description (after "name", or a known first name or an initial), the
    guessed ones (two unknown words alone, which may be a college), and the positions used."""
    meaning = {i: m for m in mentions for i in range(m.start, m.end)}
    names: list[Name] = []
    guessed: list[Name] = []
    used: set[int] = set()

    def free(j: int, surname: bool) -> bool:
        word = tokens[j]
        if word == BREAK or not word.isalpha() or word in words.STOP:
            return False
        m = meaning.get(j)
        if m is None:
            return True
        # "Lucy Brown", "Zara Evans": a word with another meaning, where a name is expected.
        usable = m.end - m.start == 1 and all(t[0] in _SURNAME_OK for t in m.tags)
        return usable and (surname or word in FIRST_NAMES)

    def take(j: int, triggered: bool) -> int:
        start = j
        while j < len(tokens) and tokens[j] in TITLES:
            j += 1
        name: list[int] = []
        while j < len(tokens) and len(name) < 3:
            single = len(tokens[j]) == 1 and tokens[j].isalpha() and tokens[j] not in ("a", "i")
            if single and (not name or len(tokens[name[-1]]) == 1):
                name.append(j)
            elif free(j, surname=bool(name)):
                name.append(j)
            else:
                break
            j += 1
        bare_ok = triggered or (len(name) >= 2 and any(k not in meaning for k in name))
        if name and len(tokens[name[-1]]) > 1 and bare_ok:
            names.append(tuple(raw[i] for i in name))
            used.update(name)
            return j
        return max(start + 1, j)

    i = 0
    while i < len(tokens):
        trigger = None
        for candidate in _BY_FIRST.get(tokens[i], ()):
            if tuple(tokens[i : i + len(candidate)]) == candidate:
                trigger = candidate
                break
        if trigger in (("says",), ("reads",)) and category not in NAMED_CATEGORIES:
            trigger = None  # "a sticker that says love" is no name
        if trigger is not None:
            j = i + len(trigger)
            while j < len(tokens) and (tokens[j] in _FILLER or tokens[j] == BREAK):
                j += 1
            i = take(j, triggered=True)
            continue
        if category in NAMED_CATEGORIES and i not in used and _bare_start(tokens, i):
            i = take(i, triggered=False)
            continue
        if category in NAMED_CATEGORIES and _lone_name(tokens, meaning, i):
            guessed.append((raw[i], raw[i + 1]))  # "freedom pass - Ramesh Patel"
            used.update((i, i + 1))
            i += 2
            continue
        i += 1
    return tuple(dict.fromkeys(names)), tuple(dict.fromkeys(guessed)), frozenset(used)


def _lone_name(tokens: list[str], meaning: dict[int, Mention], i: int) -> bool:
    """Two unknown words standing alone between list breaks, on a card or an ID: a name."""
    if i + 1 >= len(tokens) or (i > 0 and tokens[i - 1] != BREAK):
        return False
    if i + 2 < len(tokens) and tokens[i + 2] != BREAK:
        return False
    pair = (tokens[i], tokens[i + 1])
    return all(
        w.isalpha() and len(w) > 1 and w not in words.STOP and k not in meaning
        for k, w in zip((i, i + 1), pair, strict=True)
    )


def _bare_start(tokens: list[str], i: int) -> bool:
    """Whether a name plausibly starts here without "name" before it."""
    word = tokens[i]
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    if not after.isalpha() or after in words.STOP or after == BREAK:
        return False
    if word in TITLES:
        return True
    if word in FIRST_NAMES:
        return True
    if len(word) == 1 and word not in ("a", "i"):
        return len(after) > 1 or (i + 2 < len(tokens) and len(tokens[i + 2]) > 1)
    return False


def similar(a: str, b: str) -> bool:
    """One slip apart (two in a long word), or close by rapidfuzz's ratio."""
    limit = 1 if max(len(a), len(b)) <= 6 else 2
    return OSA.distance(a, b) <= limit or fuzz.ratio(a, b) >= SAME


def same_person(a: Name, b: Name) -> bool:
    """Whether two written names can be the same person's: a surname alike on both, and some
    given name or initial of one fitting one of the other's (or either gave none). Word
    order and stray words caught after a name ("tom patel pease help") do not matter."""
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            if len(x) < 2 or len(y) < 2 or not similar(x, y):
                continue
            rest_a, rest_b = a[:i] + a[i + 1 :], b[:j] + b[j + 1 :]
            if not rest_a or not rest_b:
                return True
            if any(same_first(p, q) for p in rest_a for q in rest_b):
                return True
    return False


def same_first(a: str, b: str) -> bool:
    """Whether two first names (or initials) can be one person's: Sam and Samuel, Tom and
    Thomas, J and John, a typo; not Daniel and David."""
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if a.startswith(b) or b.startswith(a) or similar(a, b):
        return True
    return NICKNAMES.get(a, a) == NICKNAMES.get(b, b)


def agree(a: tuple[Name, ...], b: tuple[Name, ...]) -> bool:
    return any(same_person(x, y) for x in a for y in b)
