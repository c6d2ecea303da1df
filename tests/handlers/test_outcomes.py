"""Close outcomes from an officer's words."""

from __future__ import annotations

import pytest

from handlers.outcomes import outcome_and_note, parse_outcome


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("detained", "detained"),
        ("Offender detained", "detained"),
        ("detaind", "detained"),
        ("CRIME-REF", "crime-ref"),
        ("crime reference", "crime-ref"),
        ("recoverd", "recovered"),
        ("nfa", "nfa"),
        ("No further action", "nfa"),
        ("not-police", "not-police"),
        ("not a police matter", "not-police"),
        ("duplicate", "duplicate"),
        ("dupliacte", "duplicate"),
        ("banana", None),
        ("", None),
    ],
)
def test_parse_outcome(text: str, expected: str | None) -> None:
    assert parse_outcome(text) == expected


@pytest.mark.parametrize(
    ("text", "outcome", "note"),
    [
        ("nfa victim did not want to proceed", "nfa", "victim did not want to proceed"),
        ("duplicate of WE-0005", "duplicate", "of WE-0005"),
        ("no further action insufficient evidence", "nfa", "insufficient evidence"),
        ("detained suspect arrested at the scene", "detained", "suspect arrested at the scene"),
        ("crime-ref issued 1234567/25", "crime-ref", "issued 1234567/25"),
        ("not a police matter, civil dispute", "not-police", "civil dispute"),
        (
            "recovered all goods returned to the shop",
            "recovered",
            "all goods returned to the shop",
        ),
        ("detaind on Haymarket", "detained", "on Haymarket"),
        ("NFA", "nfa", ""),
        ("went home", None, "went home"),
        ("", None, ""),
    ],
)
def test_the_note_after_an_outcome_is_kept_whole(text: str, outcome: str | None, note: str):
    assert outcome_and_note(text) == (outcome, note)
