"""The outcomes an officer closes a case with, read from their words."""

from __future__ import annotations

from flows.model import Option
from flows.reading.choice import parse_choice
from flows.reading.words import normalise

OUTCOMES = ("detained", "crime-ref", "recovered", "nfa", "not-police", "duplicate")
_OUTCOME_WORDS = {
    "detained": "detained",
    "offender detained": "detained",
    "suspect detained": "detained",
    "arrested": "detained",
    "arrest": "detained",
    "arrest made": "detained",
    "crime ref": "crime-ref",
    "crime reference": "crime-ref",
    "crime reference number": "crime-ref",
    "crime number": "crime-ref",
    "crimeref": "crime-ref",
    "crn": "crime-ref",
    "recovered": "recovered",
    "property recovered": "recovered",
    "goods recovered": "recovered",
    "returned": "recovered",
    "nfa": "nfa",
    "no further action": "nfa",
    "no action": "nfa",
    "not police": "not-police",
    "not a police matter": "not-police",
    "not for police": "not-police",
    "civil matter": "not-police",
    "duplicate": "duplicate",
    "dupe": "duplicate",
    "dup": "duplicate",
    "already reported": "duplicate",
}


def parse_outcome(text: str) -> str | None:
    """An officer's close outcome (detained, crime-ref, recovered, nfa, not-police, duplicate)."""
    options = [Option(key, key.replace("-", " ")) for key in OUTCOMES]
    return parse_choice(text, options, _OUTCOME_WORDS)


def outcome_and_note(text: str) -> tuple[str | None, str]:
    """The outcome at the start of `text` and the note after it, kept whole.

    The longest run of words that names an outcome exactly wins ("no further action"); a typo
    is forgiven only in the first word ("detaind"), so the note's own words are never eaten.
    """
    words = text.split()
    exact = {normalise(k.replace("-", " ")): k for k in OUTCOMES}
    exact.update({normalise(w): k for w, k in _OUTCOME_WORDS.items()})
    for size in range(min(len(words), 4), 0, -1):
        key = exact.get(normalise(" ".join(words[:size])))
        if key is not None:
            return key, " ".join(words[size:])
    if words:
        options = [Option(key, key.replace("-", " ")) for key in OUTCOMES]
        key = parse_choice(words[0], options, _OUTCOME_WORDS, cutoff=85)
        if key is not None:
            return key, " ".join(words[1:])
    return None, text.strip()
