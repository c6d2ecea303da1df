"""Yes, no, and "I don't know" in the many ways people type them."""

from __future__ import annotations

from rapidfuzz.distance import OSA

from flows.reading.words import normalise

_YES = frozenset(
    "y yes yeah yea yeh yep yup ya yah yas aye sure ok okay correct right true "
    "please definitely absolutely affirmative indeed".split()
) | {"yes please", "it is", "they are", "that is right", "thats right", "of course"}
_NO = frozenset("n no nope nah na not negative false nobody noone nothing none".split()) | {
    "no thanks",
    "no one",
    "not really",
    "no way",
    "of course not",
}
_YES_LEAD = frozenset({"yes", "yeah", "yep", "yup", "y", "aye"})
_NO_LEAD = frozenset({"no", "nope", "nah", "n"})

_UNKNOWN = frozenset(
    {
        "unknown",
        "dont know",
        "do not know",
        "not sure",
        "unsure",
        "no idea",
        "idk",
        "dunno",
        "skip",
        "n a",
        "na",
        "not known",
        "no clue",
    }
)


def parse_yes_no(text: str) -> bool | None:
    """True for yes, False for no (with "yeah", "nope", typos and the like), None otherwise."""
    t = normalise(text)
    if not t:
        return None
    if t in _YES:
        return True
    if t in _NO:
        return False
    words = t.split()
    if words[0] in _YES_LEAD:
        return True
    if words[0] in _NO_LEAD:
        return False
    if len(t) >= 3 and " " not in t:
        if OSA.distance(t, "yes") <= 1 or OSA.distance(t, "yeah") <= 1:
            return True
        if OSA.distance(t, "nope") <= 1 or t in {"noo", "nooo", "mo"}:
            return False
    return None


def is_unknown(text: str) -> bool:
    """Whether `text` says the person does not know (or wants to skip) the answer."""
    return normalise(text) in _UNKNOWN
