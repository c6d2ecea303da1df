"""A shared location far outside the area: is that really where it happened?"""

from __future__ import annotations

from flows import texts
from flows.kinds import FAR, Special, special
from flows.model import Result, UserInput
from flows.reading.choice import parse_choice
from flows.reading.yesno import parse_yes_no
from flows.steps.yes_no import YES_NO
from flows.template import fill
from flows.walk import Walk


def _read(walk: Walk, inp: UserInput) -> Result:
    far = walk.st.far
    assert far is not None  # only valid states wait here
    origin = walk.flow.step(str(far["step"]))
    assert origin is not None
    if inp.choice is not None:
        yes: bool | None = inp.choice == "yes"
    else:
        key = parse_choice(inp.text, YES_NO, cutoff=101)
        yes = (key == "yes") if key else parse_yes_no(inp.text)
    if yes is None:
        return walk.again(texts.HINT_CHECK_STREET)
    walk.st.far = None
    if yes:
        return walk.accept(origin, far["place"])
    walk.st.q = origin.id
    return walk.again(texts.HINT_FAR_AGAIN)


def _back(walk: Walk) -> Result:
    far = walk.st.far or {}
    walk.st.far = None
    return walk.goto(str(far.get("step") or walk.st.q[: -len(FAR)]))


def _valid(walk: Walk, q: str) -> bool:
    far = walk.st.far
    origin = walk.flow.step(q[: -len(FAR)])
    return (
        far is not None
        and origin is not None
        and origin.kind in ("place", "place_text")
        and far.get("step") == origin.id
        and isinstance(far.get("place"), dict)
    )


def _prompt(walk: Walk) -> str:
    metres = float((walk.st.far or {}).get("metres") or 0)
    return fill(texts.ASK_FAR_PLACE, km=f"{metres / 1000:.1f}")


special(
    FAR,
    Special(read=_read, options=lambda walk: YES_NO, prompt=_prompt, back=_back, valid=_valid),
)
