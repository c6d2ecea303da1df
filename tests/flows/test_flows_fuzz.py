"""Hypothesis: whatever arrives at whatever question, the engine answers and never raises."""

from __future__ import annotations

import copy
import json
from datetime import timedelta

import pytest
from flowkit import NOW, Convo, check_messages, make_ctx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_flows_engine import HAPPY, drive

from flows import engine
from flows.definitions import FLOWS, KINDS
from flows.model import Location, Photo, UserInput


def states_of(kind: str) -> list[dict]:
    """A stored state for every question of a flow, plus summary, edit, check and idle."""
    found: dict[str, dict] = {}
    convo = Convo(kind)
    for item in HAPPY[kind]:
        assert convo.state is not None
        found.setdefault(convo.q or "", convo.state)
        drive(convo, [item])
    assert convo.state is not None
    found[engine.SUMMARY] = convo.state
    summary = convo.state
    convo.tap("change")
    found[engine.EDIT] = convo.state or {}
    convo.tap("where")
    convo.send("cranbury")
    found[convo.q or ""] = convo.state or {}
    if kind == "found_property":
        convo = Convo(kind)
        drive(convo, [*HAPPY[kind][:4], ("tap", "other")])
        found[convo.q or ""] = convo.state or {}
    convo = Convo(kind)
    drive(convo, HAPPY[kind][:3])
    convo.later(60)
    convo.send("hello")
    found[engine.IDLE] = convo.state or {}
    # Any step the scripts did not stop at: the same stored state, pointed at that step.
    for step in FLOWS[kind].steps:
        if step.id not in found:
            found[step.id] = {**copy.deepcopy(summary), "q": step.id}
    return list(found.values())


CASES = [(kind, state) for kind in KINDS for state in states_of(kind)]
CHOICES = st.one_of(
    st.none(),
    st.sampled_from(
        ["yes", "no", "skip", "shop", "elsewhere", "keep", "now", "send", "change", "cancel",
         "carry_on", "start_again", "other", "1", "4_or_more", "where", "safety", "photo",
         "not_sure", "unknown", "when", "crn"]
    ),
    st.text(max_size=30),
)  # fmt: skip
INPUTS = st.builds(
    UserInput,
    text=st.text(max_size=80),
    choice=CHOICES,
    photo=st.one_of(st.none(), st.just(Photo("image/jpeg", "x"))),
    location=st.one_of(
        st.none(),
        st.builds(
            Location,
            st.floats(allow_nan=True, allow_infinity=True),
            st.floats(allow_nan=True, allow_infinity=True),
            st.one_of(st.none(), st.text(max_size=20)),
        ),
    ),
    command=st.one_of(st.none(), st.sampled_from(["back", "cancel"])),
)


@pytest.mark.parametrize(("kind", "state"), CASES, ids=[f"{k}-{s['q']}" for k, s in CASES])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inp=INPUTS, minutes=st.sampled_from([0, 5, 45]))
def test_any_input_at_any_question_gets_an_answer(
    kind: str, state: dict, inp: UserInput, minutes: int
) -> None:
    stored = json.loads(json.dumps(state))
    ctx = make_ctx(now=NOW + timedelta(minutes=minutes))
    result = engine._advance(stored, inp, ctx)
    check_messages(result)
    if result.outcome != "filed":
        assert result.messages
    if result.state is not None:
        assert json.loads(json.dumps(result.state, allow_nan=False)) == result.state
    assert stored == json.loads(json.dumps(state)), "the caller's state must not be changed"


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(st.text(max_size=40), min_size=1, max_size=25), kind=st.sampled_from(KINDS))
def test_random_conversations_never_raise(texts: list[str], kind: str) -> None:
    convo = Convo(kind)
    for text in texts:
        if convo.state is None:
            break
        convo.send(text)
        assert convo.result.messages or convo.result.outcome == "filed"


@settings(max_examples=100, deadline=None)
@given(state=st.dictionaries(st.text(max_size=8), st.text(max_size=8)), text=st.text(max_size=20))
def test_garbage_state_never_raises(state: dict, text: str) -> None:
    result = engine.advance(state, UserInput(text=text), make_ctx())
    assert result.messages
