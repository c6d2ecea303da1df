"""The one engine that walks any flow: JSON state in, messages and JSON state out, no I/O.

It only routes: what is being asked decides who reads the answer (flows/steps/ for a flow's
own questions, flows/questions/ for the summary, edit, idle and street checks).
"""

from __future__ import annotations

import logging

from flows import definitions as _definitions  # noqa: F401  (registers every flow)
from flows import registry, texts
from flows.describe import describe
from flows.kinds import EDIT, IDLE, SUMMARY
from flows.model import JSON, Context, Outbound, Result, UserInput
from flows.questions.idle import pause, quiet
from flows.state import load
from flows.walk import Walk, begin, broken, cancelled

__all__ = [
    "EDIT",
    "IDLE",
    "SUMMARY",
    "advance",
    "describe",
    "forgotten",
    "question_of",
    "reask",
    "start",
]

log = logging.getLogger(__name__)


def start(kind: str, ctx: Context, answers: dict[str, JSON] | None = None) -> Result:
    """A new conversation in the flow `kind`: its opening line and first question."""
    flow = registry.FLOWS.get(kind)
    if flow is None:
        raise ValueError(f"unknown flow kind: {kind!r}")
    return begin(flow, ctx, answers)


def advance(state: dict[str, object], inp: UserInput, ctx: Context) -> Result:
    """Apply one input to `state`; never raises, always answers (except on filing)."""
    try:
        return _advance(state, inp, ctx)
    except Exception:
        # The person on the shop floor must get a reply, not silence; the team must see why.
        log.exception(
            "flow %s failed at question %s; asking again",
            state.get("kind") if isinstance(state, dict) else None,
            state.get("q") if isinstance(state, dict) else None,
        )
        return _recover(state, ctx)


def forgotten(state: object, ctx: Context) -> bool:
    """Whether `state` is a menu left unanswered so long that it should just be dropped."""
    walk = _walk(state, ctx)
    return walk is not None and walk.flow.when_idle == "forget" and quiet(walk)


def reask(state: object, ctx: Context) -> list[Outbound]:
    """The question `state` waits on, asked again (after a command typed mid-report)."""
    walk = _walk(state, ctx)
    return walk.ask() if walk is not None else []


def question_of(state: object) -> str | None:
    """The question awaiting an answer: step id, summary, edit, idle or <step>_check."""
    if not isinstance(state, dict):
        return None
    q = state.get("q")
    return q if isinstance(q, str) else None


def _walk(state: object, ctx: Context) -> Walk | None:
    """The stored state, checked against its flow; None when it cannot be used."""
    st = load(state)
    flow = registry.FLOWS.get(st.kind) if st is not None else None
    if st is None or flow is None:
        return None
    st.history = [h for h in st.history if flow.step(h) is not None]
    walk = Walk(flow, st, ctx)
    return walk if walk.valid(st.q) else None


def _advance(state: object, inp: UserInput, ctx: Context) -> Result:
    """`advance` without the safety net, so tests can see real errors."""
    walk = _walk(state, ctx)
    if walk is None:
        return broken()
    if inp.command == "cancel":
        return cancelled(walk.flow)
    if walk.st.q != IDLE and quiet(walk):
        if walk.flow.when_idle == "forget":
            return Result(None, [], "expired")
        return pause(walk, inp)
    walk.st.last_at = ctx.now
    if inp.command == "back":
        return walk.back()
    stale = inp.question is not None and inp.question != walk.st.q
    if inp.choice is not None and (stale or inp.choice not in {o.key for o in walk.offered()}):
        return walk.again(texts.STALE_BUTTON)
    return walk.read(inp)


def _recover(state: object, ctx: Context) -> Result:
    """A reply after an unexpected error: re-ask the question if we can, else end politely."""
    try:
        walk = _walk(state, ctx)
        if walk is None:
            return broken()
        return walk.result(Outbound(texts.SORRY_RETRY))
    except Exception:
        log.exception("could not even re-ask after an error")
        return broken()
