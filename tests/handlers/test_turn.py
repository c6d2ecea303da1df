"""Folding a turn's texts (one message per answer where the texts fit in one), and payloads."""

from __future__ import annotations

import dataclasses

from flows.model import Option, Outbound
from handlers.turn import FOLD_LIMIT, folded, folded_replies, payload_of

QUESTION = Outbound(
    "Is anyone hurt?", options=(Option("yes", "Yes"), Option("no", "No")), question="safety"
)


def test_an_intro_and_a_hint_go_at_the_top_of_the_question():
    [one] = folded(["Let's report shoplifting.", "Please answer yes or no.", QUESTION])
    assert one.text == "Let's report shoplifting.\n\nPlease answer yes or no.\n\nIs anyone hurt?"
    assert one.options == QUESTION.options and one.question == "safety"


def test_texts_after_a_question_stay_apart_so_the_buttons_stay_with_their_question():
    assert folded([QUESTION, "Thanks."]) == [QUESTION, Outbound("Thanks.")]
    location = Outbound("Where?", request_location=True, question="where")
    assert folded([location, QUESTION]) == [location, QUESTION]


def test_texts_that_would_not_fit_one_message_are_not_folded():
    long = "x" * (FOLD_LIMIT - len(QUESTION.text) - 1)
    assert folded([long, QUESTION]) == [Outbound(long), QUESTION]
    fits = long[:-1]
    assert folded([fits, QUESTION]) == [Outbound(f"{fits}\n\n{QUESTION.text}", *_rest())]


def test_plain_texts_in_a_row_are_one_message():
    assert folded(["Cancelled.", "Send report to start a new one."]) == [
        Outbound("Cancelled.\n\nSend report to start a new one.")
    ]
    assert folded([]) == []


def _rest() -> tuple[tuple[Option, ...], bool, str | None]:
    return QUESTION.options, QUESTION.request_location, QUESTION.question


def test_replies_fold_only_when_their_routing_hints_agree():
    filed = (Outbound("Your reference is WE-0001."), {"case_ref": "WE-0001"})
    passed = (Outbound("Passed to outreach."), {})
    [one] = folded_replies([filed, passed])
    assert one == (Outbound("Your reference is WE-0001.\n\nPassed to outreach."), filed[1])
    other = (Outbound("About WE-0002."), {"case_ref": "WE-0002"})
    assert folded_replies([filed, other]) == [filed, other]


def test_a_payload_holds_every_field_of_the_message_as_asdict_would() -> None:
    message = Outbound("Which?", options=(Option("a", "A"),), request_location=True, question="q")
    expected = dataclasses.asdict(message) | {"options": [{"key": "a", "label": "A"}]}
    assert payload_of(message, case_ref="WE-1", menu=None) == expected | {"case_ref": "WE-1"}
