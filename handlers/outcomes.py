"""The outcomes an officer closes a case with, read from their words."""

from __future__ import annotations

from flows.model import Option
from flows.reading.choice import parse_choice

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
