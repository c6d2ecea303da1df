"""Which answers stay as anonymous facts: decided from each flow's steps, for every flow."""

from __future__ import annotations

from flows import registry
from flows.anonymous import FACT_KINDS, split_answers

REPORT = {
    "safety": False,
    "when": "2026-11-23T14:10:00+00:00",
    "when_text": "20 minutes ago",
    "where": {"choice": "elsewhere", "street": None},
    "what": "Took three bottles of perfume and ran off",
    "items": "3 bottles of perfume",
    "value": 120.0,
    "value_text": "£120",
    "offenders": "1",
    "description": "tall, grey hoodie, about 30",
    "direction": "towards leicester sq",
    "cctv": "yes",
    "reported": True,
    "crn": "1234567/25",
    "photo": [{"content_type": "image/jpeg", "source": "p1.jpg"}],
    "duplicate_hint": "something another feature kept",
}


def test_free_text_photos_and_unknown_answers_go_the_facts_stay():
    kept, removed = split_answers("shoplifting", REPORT)
    assert set(kept) == {
        "safety",
        "when",
        "where",
        "value",
        "offenders",
        "cctv",
        "reported",
        "crn",
    }
    assert removed == [
        "When (as typed)",
        "What happened",
        "Items taken",
        "Value (as typed)",
        "Description",
        "Direction",
        "Photo",
        "duplicate_hint",
    ]


def test_every_free_text_question_about_people_is_removed_in_every_flow():
    """A step that screens for sensitive words (it is about people) is never kept as a fact."""
    for flow in registry.FLOWS.values():
        for step in flow.steps:
            if step.screen or step.kind in ("text", "plate", "photo"):
                assert step.kind not in FACT_KINDS, (flow.kind, step.id)
                kept, removed = split_answers(flow.kind, {step.id: "x"})
                assert kept == {} and removed == [step.label], (flow.kind, step.id)


def test_an_unknown_kind_keeps_nothing():
    assert split_answers("no_such_flow", {"category": "phone"}) == ({}, ["category"])
